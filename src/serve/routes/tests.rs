use std::collections::BTreeMap;

use super::*;
use crate::core::decode::decode;
use crate::core::key::{Key, KeySpec, generate};
use crate::core::mint::MintRequest;
use crate::core::secret::SecretEncoding;
use crate::core::testing::{CONNECT_SECRET, hmac, preset};
use crate::serve::Setup;

const NOW: i64 = 1_800_000_000;

fn connect(request: MintRequest) -> Setup {
    Setup::new(
        preset("amazon-connect"),
        request,
        hmac(CONNECT_SECRET),
        SecretEncoding::Utf8,
        BTreeMap::new(),
    )
    .expect("setup")
}

fn get(setup: &Setup, target: &str) -> Response {
    send(setup, "GET", target, b"")
}

fn send(setup: &Setup, method: &str, target: &str, body: &[u8]) -> Response {
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (target, None),
    };
    let r = handle(
        setup,
        &Request {
            method,
            path,
            query,
            host: Some("127.0.0.1:3000"),
            body,
        },
        NOW,
    );
    assert!(
        !r.body.contains(CONNECT_SECRET),
        "the secret never leaves: {}",
        r.body
    );
    r
}

fn payload_of(r: &Response) -> Map<String, Value> {
    let v: Value = serde_json::from_str(&r.body).expect("json");
    let token = v["data"].as_str().expect("data");
    let decoded = decode(token);
    decoded.payload.object.clone().expect("payload")
}

#[test]
fn get_token_gives_the_seed_servers_shape_with_the_widget_id_as_sub() {
    let setup = connect(MintRequest::default());
    let r = get(&setup, "/token?widgetId=widget-1");
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.content_type, "application/json");
    let v: Value = serde_json::from_str(&r.body).expect("json");
    assert_eq!(v.as_object().map(|o| o.len()), Some(1), "only data: {v}");
    let token = v["data"].as_str().expect("data");
    let keys = crate::core::key::KeySet::single(hmac(CONNECT_SECRET));
    let decoded = decode(token);
    let report = crate::core::report::inspect(
        &decoded,
        &crate::core::report::Inspect {
            preset: Some(&setup.preset),
            keys: Some(&keys),
            algorithms: None,
            presets: None,
            now: NOW,
            leeway: 0,
        },
    );
    assert_eq!(report.signature_valid, Some(true));
    assert!(!report.has_errors(), "passes Connect's rules");
    let payload = payload_of(&r);
    assert_eq!(payload["sub"], "widget-1");
    assert_eq!(payload["iat"], NOW);
    assert_eq!(payload["exp"], NOW + 500);
    assert_eq!(
        r.claims.as_ref().map(|c| c["sub"].clone()),
        Some("widget-1".into())
    );
}

#[test]
fn each_request_gets_a_fresh_token() {
    let setup = connect(MintRequest::default());
    let first = get(&setup, "/token?widgetId=w");
    let later = handle(
        &setup,
        &Request {
            method: "GET",
            path: "/token",
            query: Some("widgetId=w"),
            host: Some("localhost"),
            body: b"",
        },
        NOW + 30,
    );
    assert_ne!(first.body, later.body);
    assert_eq!(payload_of(&later)["iat"], NOW + 30);
}

#[test]
fn without_a_widget_id_the_error_says_how_to_ask() {
    let setup = connect(MintRequest::default());
    let r = get(&setup, "/token");
    assert_eq!(r.status, 400);
    let v: Value = serde_json::from_str(&r.body).expect("json error");
    let message = v["error"].as_str().expect("error");
    assert!(message.contains("widgetId"), "{message}");

    // A configured widget id is used when the page sends none.
    let with_sub = connect(MintRequest {
        claims: vec![("sub".into(), ClaimValue::Text("configured".into()))],
        ..MintRequest::default()
    });
    assert_eq!(payload_of(&get(&with_sub, "/token"))["sub"], "configured");
}

#[test]
fn post_body_string_fields_become_attributes() {
    let setup = connect(MintRequest {
        attributes: vec![("tier".into(), "silver".into())],
        ..MintRequest::default()
    });
    let r = send(
        &setup,
        "POST",
        "/token?widgetId=w",
        br#"{"tier":"gold","name":"Ada"}"#,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let attributes = &payload_of(&r)["attributes"];
    assert_eq!(attributes["tier"], "gold", "the body wins");
    assert_eq!(attributes["name"], "Ada");

    let empty = send(&setup, "POST", "/token?widgetId=w", b"");
    assert_eq!(empty.status, 200, "an empty body is no attributes");
}

#[test]
fn bad_bodies_get_400_with_a_json_error() {
    let setup = connect(MintRequest::default());
    for (body, expected) in [
        (
            &br#"{"tier": 5}"#[..],
            "attribute \"tier\" must be a string, not a number",
        ),
        (b"[1, 2]", "must be a JSON object"),
        (b"tier=gold", "not JSON"),
        (br#"{"bad key!": "x"}"#, "Connect's rules"),
    ] {
        let r = send(&setup, "POST", "/token?widgetId=w", body);
        assert_eq!(r.status, 400, "{}", r.body);
        let v: Value = serde_json::from_str(&r.body).expect("json error");
        let message = v["error"].as_str().expect("error");
        assert!(message.contains(expected), "{expected:?} in {message:?}");
    }
}

#[test]
fn only_requests_addressed_to_this_machine_are_answered() {
    let setup = connect(MintRequest::default());
    let ask = |host: Option<&str>| {
        handle(
            &setup,
            &Request {
                method: "GET",
                path: "/token",
                query: Some("widgetId=w"),
                host,
                body: b"",
            },
            NOW,
        )
        .status
    };
    assert_eq!(ask(Some("localhost:3000")), 200);
    assert_eq!(ask(Some("LOCALHOST")), 200);
    assert_eq!(ask(Some("127.0.0.1")), 200);
    assert_eq!(ask(Some("[::1]:3000")), 200);
    assert_eq!(ask(Some("attacker.example:3000")), 403);
    assert_eq!(ask(Some("127.0.0.1.attacker.example")), 403);
    assert_eq!(ask(Some("localhost.attacker.example")), 403);
    assert_eq!(ask(None), 400);
}

#[test]
fn the_text_endpoint_gives_the_token_alone() {
    let setup = connect(MintRequest::default());
    let r = get(&setup, "/token.txt?widgetId=w");
    assert_eq!(r.status, 200);
    assert!(r.content_type.starts_with("text/plain"));
    assert_eq!(r.body.matches('.').count(), 2, "{}", r.body);
}

#[test]
fn public_keys_are_served_for_key_pairs_only() {
    let setup = connect(MintRequest::default());
    let r = get(&setup, "/public-key");
    assert_eq!(r.status, 404);
    assert!(r.body.contains("shared secret"), "{}", r.body);

    let key: Key = generate(KeySpec::Rsa(2048)).expect("key");
    let omni = Setup::new(
        preset("microsoft-omnichannel"),
        MintRequest {
            claims: vec![
                ("sub".into(), ClaimValue::Text("guid".into())),
                ("iss".into(), ClaimValue::Text("contoso.com".into())),
            ],
            kid: Some("k1".into()),
            ..MintRequest::default()
        },
        key,
        SecretEncoding::Utf8,
        BTreeMap::new(),
    )
    .expect("setup");
    let pem = get(&omni, "/public-key");
    assert_eq!(pem.status, 200);
    assert!(pem.body.starts_with("-----BEGIN PUBLIC KEY-----"));
    assert!(!pem.body.contains("PRIVATE"));
    let jwks: Value =
        serde_json::from_str(&get(&omni, "/.well-known/jwks.json").body).expect("jwks");
    assert_eq!(jwks["keys"][0]["kty"], "RSA");
    assert!(jwks["keys"][0].get("d").is_none(), "no private part");
    let list: Value = serde_json::from_str(&get(&omni, "/public-key.json").body).expect("list");
    assert_eq!(list[0]["kid"], "k1");
    assert!(list[0]["expiry"].as_i64().is_some_and(|e| e > NOW));
    let text = get(&omni, "/token.txt");
    assert_eq!(text.status, 200, "{}", text.body);
}

#[test]
fn wrong_methods_and_paths_are_named() {
    let setup = connect(MintRequest::default());
    let r = send(&setup, "DELETE", "/token", b"");
    assert_eq!(r.status, 405);
    assert_eq!(r.allow, Some("GET, POST"));
    let r = get(&setup, "/nope");
    assert_eq!(r.status, 404);
    assert!(r.body.contains("/token"));
    assert_eq!(send(&setup, "HEAD", "/token?widgetId=w", b"").status, 200);
}

#[test]
fn the_demo_page_wires_the_vendors_snippet_to_token() {
    let setup = connect(MintRequest {
        claims: vec![("sub".into(), ClaimValue::Text("widget-<1>".into()))],
        ..MintRequest::default()
    });
    let r = get(&setup, "/");
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.content_type.starts_with("text/html"));
    assert!(r.body.contains("Amazon Connect"));
    assert!(
        r.body.contains("amazon_connect(&#x27;authenticate&#x27;")
            || r.body.contains("amazon_connect('authenticate'"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("/token?widgetId=widget-%3C1%3E"),
        "{}",
        r.body
    );
    assert!(!r.body.contains("widget-<1>"), "escaped everywhere");
    assert!(r.body.contains("Snippet ID"), "asks for the page settings");
    // The page masks personal data by the window's demo-mode rule: its attribute map and words.
    assert!(
        r.body.contains(r#""attributes":"attributes""#),
        "{}",
        r.body
    );
    assert!(r.body.contains(r#""personalWords":["email","mail","name""#));

    // With the settings filled, the loader runs with the hand-over code.
    let mut ready = setup.clone();
    ready.settings = BTreeMap::from([
        (
            "script_url".to_string(),
            "https://example.cloudfront.net/c.js".to_string(),
        ),
        ("snippet_id".to_string(), "SNIP".to_string()),
    ]);
    let page = get(&ready, "/").body;
    assert!(
        page.contains("amazon_connect('snippetId', 'SNIP')"),
        "{page}"
    );
    assert!(
        page.contains("s.src = 'https://example.cloudfront.net/c.js'"),
        "{page}"
    );
}

#[test]
fn the_demo_page_loads_a_stranger_s_script_only_when_typed_in_this_run() {
    let mut setup = connect(MintRequest {
        claims: vec![("sub".into(), ClaimValue::Text("widget-1".into()))],
        ..MintRequest::default()
    });
    setup.settings = BTreeMap::from([
        (
            "script_url".to_string(),
            "https://attacker.example/steal-tokens.js".to_string(),
        ),
        ("snippet_id".to_string(), "SNIP".to_string()),
    ]);
    // From a saved profile or an imported recipe: not loaded, and said.
    let page = get(&setup, "/").body;
    assert!(
        !page.contains("attacker.example/steal-tokens.js'"),
        "{page}"
    );
    assert!(
        page.contains("Not loaded: Widget script URL is on attacker.example"),
        "{page}"
    );
    assert!(
        !page.contains("amazon_connect('snippetId'"),
        "the widget is not started"
    );
    // Typed in this run: the user's own choice.
    setup.typed.insert("script_url".into());
    let page = get(&setup, "/").body;
    assert!(
        page.contains("s.src = 'https://attacker.example/steal-tokens.js'"),
        "{page}"
    );
    // The vendor's own host needs no typing.
    setup.typed.clear();
    setup.settings.insert(
        "script_url".into(),
        "https://acme.my.connect.aws/connectwidget/static/amazon-connect-chat-interface-client.js"
            .into(),
    );
    let page = get(&setup, "/").body;
    assert!(
        page.contains("s.src = 'https://acme.my.connect.aws/"),
        "{page}"
    );
}
