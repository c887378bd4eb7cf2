use std::ops::ControlFlow;

use super::*;

const A: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJlLWE";
const B: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiIn0.c2lnbmF0dXJlLWI";

fn run(text: &str) -> (Scanned, Vec<FoundToken>) {
    let mut found = Found::default();
    let bytes = text.as_bytes();
    let scanned = scan(bytes, &mut |e| {
        if let Event::Hit { token, place } = e {
            found.add(bytes, token, &place);
        }
        ControlFlow::Continue(())
    });
    found.finish(bytes);
    (scanned, found.tokens(bytes))
}

fn wheres(t: &FoundToken) -> Vec<(Option<usize>, &str, Option<u16>)> {
    t.places
        .iter()
        .map(|p| (p.entry, p.location.as_str(), p.status))
        .collect()
}

fn har(entries: &str) -> String {
    format!(
        r#"{{"log": {{"version": "1.2", "creator": {{"name": "test"}}, "entries": [{entries}]}}}}"#
    )
}

#[test]
fn a_token_received_then_sent_shows_both_places_with_their_status() {
    let text = har(&format!(
        r#"{{"startedDateTime": "2026-11-30T10:00:00.000Z",
            "request": {{"method": "GET", "url": "https://shop.example/token?widgetId=w1", "headers": []}},
            "response": {{"status": 200, "headers": [], "content": {{"mimeType": "application/json", "text": "{{\"data\":\"{A}\"}}"}}}}}},
           {{"startedDateTime": "2026-11-30T10:00:01.500Z",
            "request": {{"method": "POST", "url": "https://vendor.example/chat",
                        "headers": [{{"name": "Authorization", "value": "Bearer {A}"}}]}},
            "response": {{"status": 401, "headers": [], "content": {{"text": "no"}}}}}}"#
    ));
    let (scanned, tokens) = run(&text);
    assert_eq!(scanned.source.kind, SourceKind::Har);
    assert_eq!(scanned.source.entries, Some(2));
    assert!(scanned.source.warnings.is_empty());
    assert_eq!(tokens.len(), 1);
    assert_eq!(
        wheres(&tokens[0]),
        [
            (Some(0), "response.body", Some(200)),
            (Some(1), "request.header:Authorization", Some(401))
        ]
    );
    let sent = &tokens[0].places[1];
    assert_eq!(sent.method.as_deref(), Some("POST"));
    assert_eq!(sent.url.as_deref(), Some("https://vendor.example/chat"));
    assert_eq!(sent.started.as_deref(), Some("2026-11-30T10:00:01.500Z"));
}

#[test]
fn every_part_of_an_entry_is_searched() {
    let body64 = base64_standard(format!("{{\"id_token\":\"{B}\"}}").as_bytes());
    let text = har(&format!(
        r#"{{"startedDateTime": "2026-11-30T10:00:00Z",
            "request": {{"method": "POST", "url": "https://a.example/x?jwt={A}#id_token={B}&state=1",
              "headers": [{{"name": "X-Widget-Token", "value": "{A}"}}, {{"name": "Cookie", "value": "theme=dark; sess={B}"}}],
              "cookies": [{{"name": "sess", "value": "{B}"}}],
              "postData": {{"mimeType": "application/x-www-form-urlencoded", "text": "assertion={A}&grant_type=jwt"}}}},
            "response": {{"status": 200,
              "headers": [{{"name": "Set-Cookie", "value": "auth={A}; Path=/; HttpOnly"}}],
              "cookies": [{{"name": "auth", "value": "{A}"}}],
              "content": {{"mimeType": "application/json", "encoding": "base64", "text": "{body64}"}}}},
            "_webSocketMessages": [{{"type": "send", "time": 1.0, "opcode": 1, "data": "{{\"auth\":\"{A}\"}}"}}]}}"#
    ));
    let (_, tokens) = run(&text);
    assert_eq!(tokens.len(), 2);
    let a: Vec<_> = tokens[0]
        .places
        .iter()
        .map(|p| p.location.as_str())
        .collect();
    assert_eq!(
        a,
        [
            "request.query:jwt",
            "request.header:X-Widget-Token",
            "request.body",
            "response.cookie:auth",
            "websocket"
        ]
    );
    let b: Vec<_> = tokens[1]
        .places
        .iter()
        .map(|p| p.location.as_str())
        .collect();
    assert_eq!(b, ["url.fragment", "request.cookie:sess", "response.body"]);
}

#[test]
fn places_are_in_time_order_and_tokens_in_order_of_first_appearance() {
    // Entry 0 started later than entry 1.
    let text = har(&format!(
        r#"{{"startedDateTime": "2026-11-30T10:00:05Z", "request": {{"method": "GET", "url": "https://x/?t={A}"}}, "response": {{"status": 0}}}},
           {{"startedDateTime": "2026-11-30T11:00:00+02:00", "request": {{"method": "GET", "url": "https://x/?t={B}&u={A}"}}, "response": {{"status": 204}}}}"#
    ));
    let (_, tokens) = run(&text);
    assert_eq!(tokens[0].token, B);
    assert_eq!(
        wheres(&tokens[1]),
        [
            (Some(1), "request.query:u", Some(204)),
            (Some(0), "request.query:t", None)
        ]
    );
}

#[test]
fn a_har_cut_off_midway_keeps_what_came_before_and_says_where() {
    let whole = har(&format!(
        r#"{{"request": {{"method": "GET", "url": "https://x/?t={A}"}}, "response": {{"status": 200}}}},
           {{"request": {{"method": "GET", "url": "https://x/?t={B}"}}, "response": {{"status": 200}}}}"#
    ));
    let cut = &whole[..whole.find(B).unwrap_or(0) + 10];
    let (scanned, tokens) = run(cut);
    assert_eq!(scanned.source.kind, SourceKind::Har);
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0].token, A);
    let warning = &scanned.source.warnings[0];
    assert!(warning.contains("breaks off at line"), "{warning}");
}

#[test]
fn a_token_in_the_entry_the_file_breaks_in_is_not_lost() {
    // Chrome writes the request (with its Authorization) before the long response body,
    // so a cut most often lands in a body: the request's token is still found, as text.
    let whole = har(&format!(
        r#"{{"request": {{"method": "GET", "url": "https://x/?t={A}"}}, "response": {{"status": 200}}}},
           {{"request": {{"method": "POST", "url": "https://x/chat", "headers": [{{"name": "Authorization", "value": "Bearer {B}"}}]}},
            "response": {{"status": 401, "content": {{"text": "a long body that never ends"#
    ));
    let (scanned, tokens) = run(&whole);
    assert_eq!(scanned.source.entries, Some(1));
    assert!(scanned.source.warnings[0].contains("breaks off"));
    assert_eq!(tokens.len(), 2);
    assert_eq!(tokens[0].places[0].location, "request.query:t");
    assert_eq!(tokens[1].token, B);
    assert_eq!(tokens[1].places[0].location, "text");
    assert_eq!(tokens[1].places[0].line, Some(2));
    assert_eq!(
        tokens[0].places.len(),
        1,
        "the whole entry is not searched twice"
    );
}

#[test]
fn json_that_is_not_a_har_is_scanned_as_text() {
    let (scanned, tokens) = run(&format!("{{\"config\": {{\"token\": \"{A}\"}}}}"));
    assert_eq!(scanned.source.kind, SourceKind::Text);
    assert!(scanned.source.warnings[0].contains("not a HAR"));
    assert_eq!(tokens[0].places[0].line, Some(1));
}

#[test]
fn an_entry_of_another_shape_does_not_lose_tokens() {
    let text = har(&format!(
        r#"{{"request": {{"method": "GET", "url": "https://x/?t={A}"}}}},
           {{"request": {{"method": 7, "url": "https://x/?t={B}"}}}}"#
    ));
    let (scanned, tokens) = run(&text);
    assert_eq!(tokens.len(), 2);
    assert_eq!(tokens[1].places[0].location, "text");
    assert!(scanned.source.warnings[0].contains("entry 1"));
}

#[test]
fn text_gives_lines() {
    let log = format!("start\nINFO minted {A}\n\nWARN widget refused {B} (401)\nretry {A}\n");
    let (scanned, tokens) = run(&log);
    assert_eq!(scanned.source.kind, SourceKind::Text);
    let lines = |t: &FoundToken| t.places.iter().map(|p| p.line).collect::<Vec<_>>();
    assert_eq!(lines(&tokens[0]), [Some(2), Some(5)]);
    assert_eq!(lines(&tokens[1]), [Some(4)]);
}

#[test]
fn binary_content_is_searched_with_a_warning() {
    let mut bytes = vec![0u8, 1, 2, 255, 0];
    bytes.extend_from_slice(A.as_bytes());
    let mut n = 0;
    let scanned = scan(&bytes, &mut |e| {
        if matches!(e, Event::Hit { .. }) {
            n += 1;
        }
        ControlFlow::Continue(())
    });
    assert_eq!(n, 1);
    assert!(scanned.source.warnings[0].contains("binary"));
}

#[test]
fn the_sink_can_stop_the_scan() {
    let text = har(&format!(
        r#"{{"request": {{"url": "https://x/?t={A}"}}}}, {{"request": {{"url": "https://x/?t={B}"}}}}"#
    ));
    let mut hits = 0;
    let scanned = scan(text.as_bytes(), &mut |e| {
        if matches!(e, Event::Hit { .. }) {
            hits += 1;
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    });
    assert!(scanned.cancelled);
    assert_eq!(hits, 1);
}

#[test]
fn no_input_panics() {
    let text = har(&format!(r#"{{"request": {{"url": "https://x/?t={A}"}}}}"#));
    for n in 0..text.len() {
        let _ = run(&text[..n]);
    }
    let _ = run("");
    let _ = run("{");
    let _ = run("[1,2]");
}

fn base64_standard(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[test]
fn a_large_har_reports_progress_as_it_goes() {
    let body = "x".repeat(300_000);
    let entries: Vec<String> = (0..10)
        .map(|i| {
            format!(
                r#"{{"startedDateTime": "2026-11-30T10:00:0{i}Z", "request": {{"url": "https://x/?t={A}"}}, "response": {{"status": 200, "content": {{"text": "{body}"}}}}}}"#
            )
        })
        .collect();
    let text = har(&entries.join(","));
    let mut progress = Vec::new();
    scan(text.as_bytes(), &mut |e| {
        if let Event::Progress { done, total } = e {
            progress.push((done, total));
        }
        ControlFlow::Continue(())
    });
    assert!(progress.len() >= 3, "{progress:?}");
    assert!(progress.windows(2).all(|w| w[0].0 < w[1].0), "{progress:?}");
    assert_eq!(progress.last().map(|p| p.0), Some(text.len()));
}

#[test]
fn the_same_place_twice_counts_once_and_each_other_place_once() {
    let text = har(&format!(
        r#"{{"request": {{"method": "GET", "url": "https://x/?t={A}&t={A}&u={A}",
            "headers": [{{"name": "X-Token", "value": "{A} {A} {B}"}},
                        {{"name": "Cookie", "value": "c1={A}; c2={A}; c1={A}"}}]}}}}"#
    ));
    let (_, tokens) = run(&text);
    let a: Vec<&str> = tokens[0]
        .places
        .iter()
        .map(|p| p.location.as_str())
        .collect();
    assert_eq!(
        a,
        [
            "request.query:t",
            "request.query:u",
            "request.header:X-Token",
            "request.cookie:c1",
            "request.cookie:c2"
        ]
    );
    assert_eq!(tokens[1].places.len(), 1);
}

#[test]
fn a_url_carrying_thousands_of_tokens_is_kept_once_and_shown_cut() {
    let tokens: Vec<String> = (0..3000)
        .map(|i| {
            format!(
                "eyJhbGciOiJIUzI1NiJ9.{}.c2ln",
                crate::core::b64::encode(format!(r#"{{"sub":"v{i}"}}"#).as_bytes())
            )
        })
        .collect();
    let query: Vec<String> = tokens.iter().map(|t| format!("t={t}")).collect();
    let text = har(&format!(
        r#"{{"startedDateTime": "2026-11-30T10:00:00Z", "request": {{"method": "GET", "url": "https://x.example/cb?{}"}}, "response": {{"status": 401}}}}"#,
        query.join("&")
    ));
    let (_, found) = run(&text);
    assert_eq!(found.len(), 3000);
    for t in &found {
        assert_eq!(t.places.len(), 1);
        let url = t.places[0].url.as_deref().unwrap_or_default();
        assert!(url.len() <= URL_SHOWN + 3, "{}", url.len());
        assert!(
            url.starts_with("https://x.example/cb?t=eyJhbGciOi…"),
            "{url}"
        );
        assert!(url.ends_with('…'));
    }
    let line = found[0].places[0].describe(false);
    assert!(line.len() < 400, "{line}");
    assert!(line.ends_with("· HTTP 401 · request.query:t"), "{line}");
    assert!(
        found[0].places[0]
            .describe(true)
            .starts_with("#0 2026-11-30T10:00:00Z GET https://x.example/… · HTTP 401")
    );
}

#[test]
fn a_place_is_described_the_same_for_every_face() {
    let place = Place {
        entry: Some(3),
        line: None,
        started: Some("2026-11-30T10:00:01Z".into()),
        method: Some("POST".into()),
        url: Some(format!("https://vendor.example/chat?jwt={A}")),
        location: "request.query:jwt".into(),
        status: None,
    };
    assert_eq!(
        place.describe(false),
        "#3 2026-11-30T10:00:01Z POST https://vendor.example/chat?jwt=eyJhbGciOi…XJlLWE · no answer · request.query:jwt"
    );
    let line = Place {
        entry: None,
        line: Some(12),
        started: None,
        method: None,
        url: None,
        location: "text".into(),
        status: None,
    };
    assert_eq!(line.describe(false), "line 12 · text");
}

#[test]
fn entries_far_from_any_token_are_skimmed_and_none_is_missed() {
    // Thousands of entries with no token, then tokens only reading an entry reveals: in a
    // base64 body, behind a \u escape, behind a percent-escape.
    let filler: Vec<String> = (0..3000)
        .map(|i| format!(r#"{{"request": {{"method": "GET", "url": "https://cdn.example/{i}.png"}}, "response": {{"status": 200}}}}"#))
        .collect();
    let body64 = base64_standard(format!("{{\"id_token\":\"{A}\"}}").as_bytes());
    let escaped = format!("\\u0065{}", &B[1..]);
    let percent = format!("%65{}", &A[1..]);
    let text = har(&format!(
        r#"{},
           {{"request": {{"method": "GET", "url": "https://x/?t={percent}"}}, "response": {{"status": 200, "content": {{"encoding": "base64", "text": "{body64}"}}}}}},
           {},
           {{"request": {{"method": "GET", "url": "https://x/", "headers": [{{"name": "X-T", "value": "{escaped}"}}]}}}}"#,
        filler.join(","),
        filler.join(",")
    ));
    let (scanned, tokens) = run(&text);
    assert_eq!(scanned.source.entries, Some(6002));
    assert!(
        scanned.source.warnings.is_empty(),
        "{:?}",
        scanned.source.warnings
    );
    let places: Vec<(String, Option<usize>, String)> = tokens
        .iter()
        .flat_map(|t| {
            t.places
                .iter()
                .map(|p| (t.token.clone(), p.entry, p.location.clone()))
        })
        .collect();
    assert_eq!(
        places,
        [
            (A.to_string(), Some(3000), "request.query:t".to_string()),
            (A.to_string(), Some(3000), "response.body".to_string()),
            (B.to_string(), Some(6001), "request.header:X-T".to_string()),
        ]
    );
}

#[test]
fn a_long_tail_with_no_token_is_counted_not_read() {
    let tail: Vec<&str> = vec![r#"{"request": {"url": "https://cdn.example/a.png"}}"#; 20_000];
    let text = har(&format!(
        r#"{{"request": {{"method": "GET", "url": "https://x/?t={A}"}}}}, {}"#,
        tail.join(",")
    ));
    let (scanned, tokens) = run(&text);
    assert_eq!(scanned.source.entries, Some(20_001));
    assert!(
        scanned.source.warnings.is_empty(),
        "{:?}",
        scanned.source.warnings
    );
    assert_eq!(tokens.len(), 1);
    // Cut off in the tail: said, and the entries before the cut are counted.
    let cut = &text[..text.len() - 1000];
    let (scanned, tokens) = run(cut);
    assert_eq!(tokens.len(), 1);
    assert!(
        scanned.source.warnings[0].contains("breaks off"),
        "{:?}",
        scanned.source.warnings
    );
    assert!(
        scanned
            .source
            .entries
            .is_some_and(|n| n > 19_000 && n < 20_001)
    );
}
