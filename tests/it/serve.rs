//! The real `tokenbench serve` on a free loopback port: requests over real sockets, the
//! tokens it issues verified by `tokenbench verify`, and its failures as a user meets them.

use crate::support::server::Server;
use crate::support::{CONNECT_SECRET, Tb};
use serde_json::Value;

fn token_of(body: &str) -> String {
    let v: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    v["data"].as_str().expect("data").to_string()
}

fn verify(token: &str) -> Value {
    let run = Tb::new().env("S", CONNECT_SECRET).run(&[
        "verify",
        token,
        "--secret-env",
        "S",
        "--preset",
        "amazon-connect",
        "--json",
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    run.json()
}

fn error_of(body: &str) -> String {
    let v: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    v["error"].as_str().expect("error").to_string()
}

#[test]
fn get_and_post_issue_fresh_tokens_that_verify() {
    let server = Server::start(&[
        "--preset",
        "amazon-connect",
        "--secret-env",
        "S",
        "--attr",
        "tier=silver",
    ]);
    let (status, headers, body) = server.get("/token?widgetId=widget-1");
    assert_eq!(status, 200, "{body}");
    assert!(
        headers
            .to_lowercase()
            .contains("content-type: application/json")
    );
    assert!(headers.to_lowercase().contains("cache-control: no-store"));
    let report = verify(&token_of(&body));
    assert_eq!(report["signature_valid"], true);
    assert_eq!(report["status"], "valid");
    assert_eq!(report["payload"]["sub"], "widget-1");
    assert_eq!(report["payload"]["attributes"]["tier"], "silver");

    let (status, _, body) = server.post(
        "/token?widgetId=widget-2",
        br#"{"tier":"gold","plan":"pro"}"#,
    );
    assert_eq!(status, 200, "{body}");
    let report = verify(&token_of(&body));
    assert_eq!(report["payload"]["sub"], "widget-2");
    assert_eq!(report["payload"]["attributes"]["tier"], "gold");
    assert_eq!(report["payload"]["attributes"]["plan"], "pro");

    let (status, headers, text) = server.get("/token.txt?widgetId=widget-3");
    assert_eq!(status, 200);
    assert!(headers.to_lowercase().contains("content-type: text/plain"));
    assert_eq!(verify(text.trim())["payload"]["sub"], "widget-3");

    let (status, _, page) = server.get("/?widgetId=widget-1");
    assert_eq!(status, 200);
    assert!(
        page.contains("amazon_connect"),
        "the vendor's snippet is on the page"
    );
    assert!(
        page.contains("/token?widgetId=widget-1"),
        "wired to /token: {page}"
    );
    let (_, _, bare) = server.get("/");
    assert!(
        bare.contains("?widgetId=YOUR_WIDGET_ID"),
        "says how: {bare}"
    );

    let log = server.log();
    assert!(log.contains("GET /token?widgetId=widget-1 200"), "{log}");
    assert!(log.contains("\"plan\":\"pro\""), "claims in the log: {log}");
    assert!(!log.contains(CONNECT_SECRET), "never the secret: {log}");
    assert!(!page.contains(CONNECT_SECRET));
    assert_eq!(server.interrupt(), Some(0), "Ctrl+C stops it cleanly");
}

#[test]
fn bad_bodies_and_foreign_hosts_are_refused_with_json_errors() {
    let server = Server::start(&["--preset", "amazon-connect", "--secret-env", "S"]);
    let (status, _, body) = server.post("/token?widgetId=w", b"{not json");
    assert_eq!(status, 400);
    assert!(error_of(&body).contains("not JSON"), "{body}");
    let (status, _, body) = server.post("/token?widgetId=w", br#"{"tier": true}"#);
    assert_eq!(status, 400);
    assert!(error_of(&body).contains("must be a string"), "{body}");
    let (status, _, body) = server.post("/token?widgetId=w", br#"{"no spaces allowed": "x"}"#);
    assert_eq!(status, 400, "Connect's attribute key rule: {body}");

    let big = format!("{{\"a\":\"{}\"}}", "x".repeat(100 * 1024));
    let (status, _, body) = server.post("/token?widgetId=w", big.as_bytes());
    assert_eq!(status, 413, "{body}");

    let (status, _, body) = server.request(
        "GET",
        "/token?widgetId=w",
        &format!("rebind.attacker.example:{}", server.port),
        b"",
    );
    assert_eq!(status, 403);
    assert!(error_of(&body).contains("localhost"), "{body}");

    let (status, _, body) = server.get("/token");
    assert_eq!(status, 400);
    assert!(error_of(&body).contains("widgetId"), "{body}");

    // Still serving after all that.
    assert_eq!(server.get("/token?widgetId=w").0, 200);
}

/// `tokenbench serve` for Connect with `extra` options, run to its end.
fn serve_connect(extra: &[&str]) -> crate::support::Run {
    let mut args = vec!["serve", "--preset", "amazon-connect", "--secret-env", "S"];
    args.extend(extra);
    Tb::new().env("S", CONNECT_SECRET).run(&args)
}

#[test]
fn a_port_in_use_is_one_line_with_a_free_port_to_try() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let run = serve_connect(&["--port", &port]);
    run.assert_one_line_error();
    assert!(
        run.stderr.contains(&format!("port {port} is in use")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("try --port"), "{}", run.stderr);
}

#[test]
fn a_key_pair_server_publishes_the_public_key() {
    let tb = Tb::new();
    let key = tb.rsa_pair("omni.pem");
    let server = Server::start(&[
        "--preset",
        "microsoft-omnichannel",
        "--key-file",
        key.to_str().expect("path"),
        "--claim",
        "sub=aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb",
        "--claim",
        "iss=contoso.com",
        "--setting",
        "app_id=11111111-2222-3333-4444-555555555555",
    ]);
    let (status, _, pem) = server.get("/public-key");
    assert_eq!(status, 200);
    assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----"), "{pem}");
    assert!(!pem.contains("PRIVATE"));
    let public = tb.file("public.pem", &pem);
    let (status, _, token) = server.get("/token.txt");
    assert_eq!(status, 200, "{token}");
    let run = tb.run(&[
        "verify",
        token.trim(),
        "--key-file",
        public.to_str().expect("path"),
        "--preset",
        "microsoft-omnichannel",
        "--json",
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let (status, _, jwks) = server.get("/.well-known/jwks.json");
    assert_eq!(status, 200);
    let jwks: Value = serde_json::from_str(&jwks).expect("jwks");
    assert_eq!(jwks["keys"][0]["kty"], "RSA");
    let (_, _, page) = server.get("/");
    assert!(page.contains("setAuthTokenProvider"), "{page}");
    assert!(page.contains("token.txt"), "Omnichannel reads text: {page}");
    assert!(
        page.contains("Org ID"),
        "names the settings still missing: {page}"
    );
}

#[test]
fn an_unknown_page_setting_names_the_ones_there_are() {
    let run = serve_connect(&["--setting", "app_id=x"]);
    run.assert_one_line_error();
    assert!(run.stderr.contains("snippet_id"), "{}", run.stderr);
}

#[test]
fn a_profile_keeps_page_settings_for_the_demo_page() {
    let tb = Tb::new();
    let added = tb.run(&[
        "profile",
        "add",
        "Acme",
        "--preset",
        "amazon-connect",
        "--setting",
        "snippet_id=SNIP-1",
    ]);
    assert_eq!(added.code, 0, "{}", added.stderr);
    let shown = tb.run(&["profile", "show", "Acme", "--json"]);
    assert_eq!(shown.json()["settings"]["snippet_id"], "SNIP-1");
    let wrong = tb.run(&[
        "profile",
        "add",
        "Other",
        "--preset",
        "amazon-connect",
        "--setting",
        "app_id=1",
    ]);
    wrong.assert_one_line_error();
    assert!(
        wrong.stderr.contains("script_url, snippet_id"),
        "{}",
        wrong.stderr
    );
}

/// LivePerson takes the brand's signed token encrypted with its own public key: the server,
/// given that key, hands out the JWE, which opens with LivePerson's private key to a signed
/// token that verifies with the brand's public key.
#[test]
fn given_the_vendors_key_the_server_hands_out_encrypted_tokens() {
    let tb = Tb::new();
    let (brand, lp) = (tb.rsa_pair("brand.pem"), tb.rsa_pair("liveperson.pem"));
    let (brand_pub, lp_pub) = (
        format!("{}.pub", brand.display()),
        format!("{}.pub", lp.display()),
    );
    let server = Server::start(&[
        "--preset",
        "liveperson",
        "--key-file",
        brand.to_str().unwrap(),
        "--claim",
        "iss=https://brand.example",
        "--claim",
        "sub=customer-7",
        "--encrypt-key",
        &lp_pub,
    ]);
    let (status, _, body) = server.get("/token");
    assert_eq!(status, 200, "{body}");
    let token = token_of(&body);
    assert_eq!(token.split('.').count(), 5, "a JWE: {token}");
    let r = tb.run(&[
        "verify",
        &token,
        "--preset",
        "liveperson",
        "--key-file",
        &brand_pub,
        "--decrypt-key",
        lp.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let report = r.json();
    assert_eq!(report["jwe"]["header"]["alg"], "RSA-OAEP-256");
    assert_eq!(report["jwe"]["header"]["enc"], "A128CBC-HS256");
    assert_eq!(report["jwe"]["plaintext_kind"], "jws");
    assert_eq!(report["payload"]["sub"], "customer-7");
    assert_eq!(report["signature_valid"], true);
    let log = server.log();
    assert!(
        log.contains("\"sub\":\"customer-7\""),
        "the claims in the log: {log}"
    );
    assert!(
        log.contains("RSA-OAEP-256 + A128CBC-HS256"),
        "says it encrypts: {log}"
    );
}
