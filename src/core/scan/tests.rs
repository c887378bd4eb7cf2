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
