//! `tokenbench scan` and `tokenbench diff` on captures in the shapes Chrome and Firefox export
//! (tests/fixtures/capture, written by make.py), checked against the JSON the contract names.

use crate::support::Tb;
use serde_json::Value;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/capture");

fn fixture(name: &str) -> String {
    format!("{DIR}/{name}")
}

fn tokens() -> Value {
    let text = std::fs::read_to_string(fixture("tokens.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn token(name: &str) -> String {
    tokens()[name].as_str().unwrap().to_string()
}

fn now() -> String {
    tokens()["now"].to_string()
}

fn tb() -> Tb {
    Tb::new().env("S", tokens()["secret"].as_str().unwrap())
}

fn scan(tb: &Tb, file: &str, extra: &[&str]) -> crate::support::Run {
    let now = now();
    let mut args = vec!["scan", file, "--json", "--now", &now];
    args.extend_from_slice(extra);
    tb.run(&args)
}

/// Each token's places as (entry, where, status).
fn places(t: &Value) -> Vec<(Value, String, Value)> {
    t["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["entry"].clone(),
                p["where"].as_str().unwrap().to_string(),
                p["status"].clone(),
            )
        })
        .collect()
}

fn find<'a>(out: &'a Value, name: &str) -> &'a Value {
    let wanted = token(name);
    out["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["token"] == wanted.as_str())
        .unwrap_or_else(|| panic!("{name} not found in {out:#}"))
}

#[test]
fn chrome_har_every_token_every_place_with_status() {
    let tb = tb();
    let r = scan(&tb, &fixture("chrome.har"), &["--secret-env", "S"]);
    assert_eq!(r.code, 1, "some tokens are invalid: {}", r.stderr);
    let out = r.json();
    assert_eq!(out["source"]["kind"], "har");
    assert_eq!(out["source"]["entries"], 8);
    assert_eq!(out["source"]["warnings"], serde_json::json!([]));
    assert_eq!(out["tokens"].as_array().unwrap().len(), 7);
    // Received from /token (200), then sent to the vendor (401): both places, in time order.
    assert_eq!(
        places(find(&out, "bad")),
        [
            (1.into(), "response.body".into(), 200.into()),
            (2.into(), "request.header:authorization".into(), 401.into())
        ]
    );
    let bad = find(&out, "bad");
    let first = &bad["places"][0];
    assert_eq!(first["method"], "GET");
    assert_eq!(
        first["url"],
        "https://shop.example/token?widgetId=w-123&v=2"
    );
    assert_eq!(first["started"], "2026-11-29T10:00:01.500Z");
    assert_eq!(first["line"], Value::Null);
    assert_eq!(bad["report"]["status"], "invalid");
    assert_eq!(bad["report"]["preset"], "amazon-connect");
    assert_eq!(bad["report"]["signature_valid"], true);
    let rules: Vec<_> = bad["report"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"string-values") && rules.contains(&"max-lifetime"),
        "{rules:?}"
    );
    // Set-Cookie (and the cookies array) then the Cookie header and array: one place each.
    assert_eq!(
        places(find(&out, "session")),
        [
            (1.into(), "response.cookie:session".into(), 200.into()),
            (2.into(), "request.cookie:session".into(), 401.into())
        ]
    );
    assert_eq!(
        places(find(&out, "assertion")),
        [(3.into(), "request.body".into(), 200.into())]
    );
    assert_eq!(find(&out, "assertion")["report"]["signature_valid"], false);
    // A base64 response body, then the URL fragment.
    assert_eq!(
        places(find(&out, "id_token")),
        [
            (3.into(), "response.body".into(), 200.into()),
            (4.into(), "url.fragment".into(), 200.into())
        ]
    );
    assert_eq!(
        places(find(&out, "socket")),
        [(6.into(), "websocket".into(), 101.into())]
    );
    assert_eq!(
        places(find(&out, "custom")),
        [(7.into(), "request.header:x-widget-token".into(), 403.into())]
    );
    assert_eq!(find(&out, "custom")["report"]["status"], "expired");
    assert_eq!(find(&out, "good")["report"]["status"], "valid");
}

#[test]
fn firefox_har_json_at_any_depth_query_and_no_answer() {
    let tb = tb();
    let out = scan(&tb, &fixture("firefox.har"), &[]).json();
    assert_eq!(out["source"]["entries"], 3);
    assert_eq!(
        places(find(&out, "good")),
        [
            (0.into(), "response.body".into(), 200.into()),
            (1.into(), "request.query:access_token".into(), Value::Null),
            (1.into(), "request.header:Authorization".into(), Value::Null)
        ]
    );
    assert_eq!(
        places(find(&out, "custom")),
        [(0.into(), "request.body".into(), 200.into())]
    );
    assert_eq!(
        places(find(&out, "session")),
        [(2.into(), "request.cookie:sid".into(), 200.into())]
    );
    assert_eq!(
        places(find(&out, "socket")),
        [(2.into(), "response.body".into(), 200.into())]
    );
    // Tokens in order of first appearance.
    assert_eq!(out["tokens"][0]["token"], token("custom").as_str());
}

#[test]
fn a_har_cut_off_midway_gives_what_came_before_with_a_warning() {
    let tb = tb();
    let r = scan(&tb, &fixture("cut.har"), &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let out = r.json();
    assert_eq!(out["source"]["kind"], "har");
    assert_eq!(out["source"]["entries"], 3);
    let warning = out["source"]["warnings"][0].as_str().unwrap();
    assert!(warning.contains("breaks off at line"), "{warning}");
    assert!(r.stderr.contains("breaks off"), "{}", r.stderr);
    assert_eq!(out["tokens"].as_array().unwrap().len(), 3);
    assert!(!r.stdout.contains(&token("assertion")));
}

#[test]
fn logs_json_and_binary_files_are_scanned_as_text_with_lines() {
    let tb = tb();
    let r = scan(&tb, &fixture("widget.log"), &[]);
    let out = r.json();
    assert_eq!(
        out["source"],
        serde_json::json!({"kind": "text", "entries": null, "warnings": []})
    );
    let good = find(&out, "good");
    let lines: Vec<_> = good["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["line"].clone())
        .collect();
    assert_eq!(lines, [Value::from(2), Value::from(5)]);
    assert_eq!(good["places"][0]["where"], "text");
    assert_eq!(good["places"][0]["entry"], Value::Null);
    assert_eq!(find(&out, "bad")["places"][0]["line"], 4);
    assert_eq!(r.code, 1);

    let r = scan(&tb, &fixture("settings.json"), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.json();
    assert_eq!(out["source"]["kind"], "text");
    assert!(
        out["source"]["warnings"][0]
            .as_str()
            .unwrap()
            .contains("not a HAR")
    );

    let out = scan(&tb, &fixture("capture.bin"), &[]).json();
    assert!(
        out["source"]["warnings"][0]
            .as_str()
            .unwrap()
            .contains("binary")
    );
    assert_eq!(out["tokens"][0]["token"], token("custom").as_str());
}

#[test]
fn scan_reads_standard_input_and_says_when_nothing_is_found() {
    let tb = tb();
    let data = std::fs::read(fixture("chrome.har")).unwrap();
    let r = tb.run_stdin(&["scan", "-", "--json", "--now", &now()], Some(&data));
    assert_eq!(r.json()["tokens"].as_array().unwrap().len(), 7);

    let r = tb.run_stdin(&["scan", "-"], Some(b"nothing to see\n"));
    assert_eq!(r.code, 0);
    assert!(r.stderr.contains("No tokens found"), "{}", r.stderr);
    let r = tb.run_stdin(&["scan", "-", "--json"], Some(b""));
    assert_eq!(r.code, 0);
    assert_eq!(r.json()["tokens"], serde_json::json!([]));
}

#[test]
fn scan_of_what_cannot_be_read_is_one_line_exit_2() {
    let tb = tb();
    tb.run(&["scan", "/no/such/capture.har"])
        .assert_one_line_error();
    tb.run(&["scan", DIR]).assert_one_line_error();
    tb.run(&["scan", &fixture("chrome.har"), "--preset", "nope"])
        .assert_one_line_error();
}

#[test]
fn scan_human_output_shortens_tokens_in_urls() {
    let tb = tb();
    let r = tb.run(&["scan", &fixture("chrome.har"), "--now", &now()]);
    assert!(
        r.stdout.starts_with("HAR file, 8 entries: 7 tokens"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("· HTTP 401 ·"), "{}", r.stdout);
    assert!(
        r.stdout.contains("callback#id_token=eyJ0eXAiOi…"),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains(&token("id_token")),
        "whole tokens are not printed in the list"
    );
}

fn diff(tb: &Tb, a: &str, b: &str, extra: &[&str]) -> crate::support::Run {
    let now = now();
    let mut args = vec!["diff", a, b, "--now", &now];
    args.extend_from_slice(extra);
    tb.run(&args)
}

#[test]
fn diff_json_by_pointer_with_type_changes_and_findings() {
    let tb = tb();
    let r = diff(
        &tb,
        &token("good"),
        &token("bad"),
        &["--json", "--secret-env", "S"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let out = r.json();
    assert_eq!(
        out["changes"],
        serde_json::json!([
            {"part": "payload", "path": "/exp", "kind": "changed", "a": 1_795_946_700, "b": 1_795_950_000},
            {"part": "payload", "path": "/attributes/customerId", "kind": "type_changed", "a": "C-1", "b": 123}
        ])
    );
    assert_eq!(out["a"]["status"], "valid");
    assert_eq!(out["b"]["signature_valid"], true);
    assert_eq!(out["findings_only_in_a"], serde_json::json!([]));
    let only_b: Vec<_> = out["findings_only_in_b"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(only_b, ["string-values", "max-lifetime"]);
}

#[test]
fn diff_human_output_times_and_lifetimes() {
    let tb = tb();
    let r = diff(&tb, &token("good"), &token("bad"), &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .contains("Lifetime (exp − iat)  A 5m  B 1h  (B lives 55m longer)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("2026-11-29 11:00:00 UTC"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("type changed: \"C-1\" (string) → 123 (number)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Only B:"), "{}", r.stdout);
}

#[test]
fn diff_equal_files_and_stdin() {
    let tb = tb();
    let a = tb.file("a.txt", format!("Bearer {}\n", token("good")));
    let r = diff(&tb, &format!("@{}", a.display()), &token("good"), &[]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("Header and payload are the same."));
    let good = token("good");
    let r = tb.run_stdin(&["diff", "-", &good, "--json"], Some(good.as_bytes()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["changes"], serde_json::json!([]));
}

#[test]
fn diff_of_unreadable_input_is_exit_2() {
    let tb = tb();
    diff(&tb, &token("good"), "not-a-token", &[]).assert_one_line_error();
    diff(&tb, &token("good"), "@/no/such/file", &[]).assert_one_line_error();
    diff(&tb, "-", "-", &[]).assert_one_line_error();
    let r = diff(&tb, &token("good"), "not-a-token", &["--json"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.json()["a"]["status"], "valid");
}
