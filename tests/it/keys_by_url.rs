//! Keys by URL, as a user meets them: `--jwks-url`, `--oidc`, `keys`, the cache, rotation,
//! and every way a server can answer badly, against real servers on loopback only:
//! `tokenbench serve` itself, scripted HTTP and HTTPS servers (a CA made here), a proxy.

use std::time::{Duration, Instant};

use crate::support::server::Server;
use crate::support::stub::{Ca, Reply, Stub};
use crate::support::{Run, Tb};
use serde_json::{Value, json};

/// An RSA key pair made by `tokenbench keygen` in `tb`'s folder: (private, public) paths.
fn rsa_pair(tb: &Tb, name: &str) -> (String, String) {
    let out = tb.dir().join(name);
    let run = tb.run(&["keygen", "--alg", "RS256", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (out.display().to_string(), format!("{}.pub", out.display()))
}

/// A JWKS of the key at `private` with `kid`, as `tokenbench serve` publishes it.
fn jwks_of(private: &str, kid: &str) -> Value {
    let server = Server::start(&[
        "--preset",
        "salesforce-miaw",
        "--key-file",
        private,
        "--claim",
        "sub=u",
        "--claim",
        "iss=https://acme.example",
    ]);
    let (status, _, body) = server.get("/.well-known/jwks.json");
    assert_eq!(status, 200, "{body}");
    let mut jwk = serde_json::from_str::<Value>(&body).unwrap()["keys"][0].clone();
    jwk["kid"] = json!(kid);
    jwk["alg"] = json!("RS256");
    json!({"keys": [jwk]})
}

fn sign(tb: &Tb, private: &str, kid: &str) -> String {
    sign_as(tb, private, kid, "https://acme.example")
}

fn sign_as(tb: &Tb, private: &str, kid: &str, iss: &str) -> String {
    let iss = format!("iss={iss}");
    let run = tb.run(&[
        "mint",
        "--preset",
        "salesforce-miaw",
        "--key-file",
        private,
        "--kid",
        kid,
        "--claim",
        "sub=u-1",
        "--claim",
        &iss,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout.trim().to_string()
}

fn error_of(run: &Run) -> String {
    run.assert_one_line_error();
    run.stderr.clone()
}

#[test]
fn verify_against_tokenbench_serves_own_key_urls() {
    let tb = Tb::new();
    let (private, _) = rsa_pair(&tb, "k.pem");
    let server = Server::start(&[
        "--preset",
        "salesforce-miaw",
        "--key-file",
        &private,
        "--claim",
        "sub=u-1",
        "--claim",
        "iss=https://acme.example",
        "--kid",
        "k1",
    ]);
    let (_, _, body) = server.get("/token?widgetId=w-1");
    let token = serde_json::from_str::<Value>(&body).unwrap()["data"]
        .as_str()
        .unwrap()
        .to_string();
    for path in ["/.well-known/jwks.json", "/public-key", "/public-key.json"] {
        let url = format!("http://127.0.0.1:{}{path}", server.port);
        let run = tb.run(&["verify", &token, "--jwks-url", &url, "--json"]);
        assert_eq!(run.code, 0, "{path}: {}{}", run.stdout, run.stderr);
        let report = run.json();
        assert_eq!(report["signature_valid"], true, "{path}");
        assert!(
            report["matched_key"]["thumbprint"].is_string(),
            "{path}: {report}"
        );
        assert_eq!(report["matched_key"]["source"], url.as_str());
        let thumbprint = report["matched_key"]["thumbprint"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(thumbprint.len(), 43, "a base64url SHA-256");
        let keys = tb.run(&["keys", &url, "--json"]);
        assert_eq!(
            keys.json()["keys"][0]["thumbprint"],
            thumbprint.as_str(),
            "{path}"
        );
    }
    // The human report names the key set and the key that matched.
    let url = format!("http://127.0.0.1:{}/.well-known/jwks.json", server.port);
    let run = tb.run(&["verify", &token, "--jwks-url", &url]);
    assert!(
        run.stdout.contains("Key set    http://127.0.0.1"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Matched    kid k1"), "{}", run.stdout);
}

#[test]
fn cache_control_etag_and_rotation() {
    let tb = Tb::new();
    let (a_private, _) = rsa_pair(&tb, "a.pem");
    let (b_private, _) = rsa_pair(&tb, "b.pem");
    let set_a = jwks_of(&a_private, "a");
    let set_b = jwks_of(&b_private, "b");
    let both = json!({"keys": [set_a["keys"][0], set_b["keys"][0]]});
    let rotated = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = rotated.clone();
    let (only_a, ab) = (set_a.to_string(), both.to_string());
    let stub = Stub::http(move |seen| {
        let now_rotated = flag.load(std::sync::atomic::Ordering::SeqCst);
        let (body, etag) = if now_rotated {
            (&ab, "\"v2\"")
        } else {
            (&only_a, "\"v1\"")
        };
        if seen.header("if-none-match").as_deref() == Some(etag) {
            return Reply::with(304, &[("ETag", etag), ("Cache-Control", "max-age=600")], "");
        }
        Reply::with(
            200,
            &[
                ("Content-Type", "application/jwk-set+json"),
                ("ETag", etag),
                ("Cache-Control", "max-age=600"),
            ],
            body,
        )
    });
    let url = stub.url("/jwks.json");
    let token_a = sign(&tb, &a_private, "a");
    let first = tb.run(&["verify", &token_a, "--jwks-url", &url, "--json"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(first.json()["key_set"]["cached"], false);
    let second = tb.run(&["verify", &token_a, "--jwks-url", &url, "--json"]);
    assert_eq!(second.json()["key_set"]["cached"], true);
    assert_eq!(stub.hits(), 1, "max-age=600: the second verify asks no one");
    // --refresh revalidates with the ETag; the server says 304.
    let refreshed = tb.run(&["keys", &url, "--refresh"]);
    assert_eq!(refreshed.code, 0, "{}", refreshed.stderr);
    assert_eq!(
        stub.last().unwrap().header("if-none-match").as_deref(),
        Some("\"v1\"")
    );
    assert!(
        refreshed.stdout.contains("confirmed current"),
        "{}",
        refreshed.stdout
    );
    // The vendor rotates: a token with kid b is not in the cached set, so it is fetched again.
    rotated.store(true, std::sync::atomic::Ordering::SeqCst);
    let token_b = sign(&tb, &b_private, "b");
    let before = stub.hits();
    let run = tb.run(&["verify", &token_b, "--jwks-url", &url, "--json"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.json()["matched_key"]["kid"], "b");
    assert_eq!(stub.hits(), before + 1, "one fetch past the cache");
    // A kid nobody has: one more fetch, then the kids the set has are named.
    let unknown = sign(&tb, &a_private, "zzz");
    let run = tb.run(&["verify", &unknown, "--jwks-url", &url]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("the keys have: a, b"), "{}", run.stdout);
}

#[test]
fn when_the_network_fails_the_cached_set_is_used_and_its_age_said() {
    let tb = Tb::new();
    let (private, _) = rsa_pair(&tb, "k.pem");
    let set = jwks_of(&private, "k").to_string();
    let up = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let flag = up.clone();
    let stub = Stub::http(move |_| {
        if flag.load(std::sync::atomic::Ordering::SeqCst) {
            Reply::with(200, &[("Cache-Control", "no-cache")], &set)
        } else {
            Reply::Hang
        }
    });
    let url = stub.url("/jwks");
    let token = sign(&tb, &private, "k");
    assert_eq!(tb.run(&["verify", &token, "--jwks-url", &url]).code, 0);
    up.store(false, std::sync::atomic::Ordering::SeqCst);
    let run = tb.run(&["verify", &token, "--jwks-url", &url, "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["key_set"]["cached"], true);
    assert!(json["key_set"]["network_error"].is_string(), "{json}");
    let human = tb.run(&["verify", &token, "--jwks-url", &url]);
    assert!(
        human.stdout.contains("the network failed"),
        "{}",
        human.stdout
    );
}

#[test]
fn oidc_discovery_finds_the_keys_and_salesforce_checks_the_issuer() {
    let tb = Tb::new();
    let (private, _) = rsa_pair(&tb, "k.pem");
    let set = jwks_of(&private, "k").to_string();
    let port = std::sync::Arc::new(std::sync::Mutex::new(0u16));
    let p2 = port.clone();
    let stub = Stub::http(move |seen| match seen.path.as_str() {
        "/issuer/.well-known/openid-configuration" => {
            let p = *p2.lock().unwrap();
            Reply::json(&json!({"issuer": format!("http://127.0.0.1:{p}/issuer"), "jwks_uri": format!("http://127.0.0.1:{p}/issuer/jwks")}).to_string())
        }
        // A document that names another issuer than the one asked for (§4.3).
        "/stranger/.well-known/openid-configuration" => {
            let p = *p2.lock().unwrap();
            Reply::json(&json!({"issuer": "https://acme.example", "jwks_uri": format!("http://127.0.0.1:{p}/issuer/jwks")}).to_string())
        }
        "/issuer/jwks" => Reply::json(&set),
        _ => Reply::with(404, &[], "no"),
    });
    *port.lock().unwrap() = stub.port;
    let issuer = stub.url("/issuer");
    let token = sign_as(&tb, &private, "k", &issuer);
    let run = tb.run(&[
        "verify",
        &token,
        "--oidc",
        &issuer,
        "--preset",
        "salesforce-miaw",
        "--json",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.json()["key_set"]["issuer"], issuer.as_str());
    // A discovery document that names another issuer is refused, however it is reached.
    let stranger = stub.url("/stranger");
    let run = tb.run(&["verify", &token, "--oidc", &stranger]);
    let err = error_of(&run);
    assert!(
        err.contains("names the issuer \"https://acme.example\""),
        "{err}"
    );
    assert!(err.contains("§4.3"), "{err}");
    let run = tb.run(&[
        "keys",
        &format!("{stranger}/.well-known/openid-configuration"),
    ]);
    assert!(
        error_of(&run).contains("names the issuer"),
        "{}",
        run.stderr
    );
    // A token whose iss is not the key set's issuer breaks Salesforce's rule.
    let other = tb.run(&[
        "mint",
        "--preset",
        "salesforce-miaw",
        "--key-file",
        &private,
        "--kid",
        "k",
        "--claim",
        "sub=u",
        "--claim",
        "iss=https://evil.example",
    ]);
    let run = tb.run(&[
        "verify",
        other.stdout.trim(),
        "--oidc",
        &issuer,
        "--preset",
        "salesforce-miaw",
        "--json",
    ]);
    assert_eq!(run.code, 1);
    let rules: Vec<String> = run.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(rules.contains(&"keyset-issuer".to_string()), "{rules:?}");
    // The discovery document's own URL works as a key URL too.
    let run = tb.run(&[
        "keys",
        &format!("{issuer}/.well-known/openid-configuration"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!("Issuer     {issuer}")),
        "{}",
        run.stdout
    );
}

#[test]
fn keys_checks_the_vendors_rules_and_exits_by_them() {
    let tb = Tb::new();
    let (private, _) = rsa_pair(&tb, "k.pem");
    let good = jwks_of(&private, "k");
    let file = tb.file("set.json", good.to_string());
    let run = tb.run(&["keys", file.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("RSA 2048-bit"), "{}", run.stdout);
    // Salesforce wants x5c on every key: the same set breaks its rule.
    let run = tb.run(&[
        "keys",
        file.to_str().unwrap(),
        "--preset",
        "salesforce-miaw",
        "--json",
    ]);
    assert_eq!(run.code, 1);
    let json = run.json();
    assert_eq!(json["findings"][0]["rule"], "keyset-member-missing");
    assert_eq!(json["findings"][0]["claim"], "/keys/0/x5c");
    // Duplicate kids, from stdin.
    let dup = json!({"keys": [good["keys"][0], good["keys"][0]]}).to_string();
    let run = tb.run_stdin(&["keys", "-"], Some(dup.as_bytes()));
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("kid-duplicate"), "{}", run.stdout);
    // Not a key set at all: exit 2, one line.
    let html = tb.file("page.html", "<html><body>Sign in</body></html>");
    assert!(error_of(&tb.run(&["keys", html.to_str().unwrap()])).contains("HTML"));
}

#[test]
fn bad_answers_are_one_clear_line_and_nothing_waits_past_the_timeouts() {
    let tb = Tb::new();
    let stub = Stub::http(|seen| match seen.path.as_str() {
        "/missing" => Reply::with(404, &[], "not here"),
        "/broken" => Reply::with(500, &[], "oops"),
        "/login" => Reply::with(
            200,
            &[("Content-Type", "text/html")],
            "<!doctype html><form>",
        ),
        "/huge" => Reply::Send(200, vec![], vec![b' '; 2 << 20]),
        "/slow" => Reply::Trickle(b"{\"keys\":[]}".repeat(4)),
        "/loop-a" => Reply::with(302, &[("Location", "/loop-b")], ""),
        "/loop-b" => Reply::with(302, &[("Location", "/loop-a")], ""),
        p if p.starts_with("/hop") => {
            let n: u32 = p[4..].parse().unwrap_or(0);
            Reply::with(302, &[("Location", &format!("/hop{}", n + 1))], "")
        }
        _ => Reply::with(404, &[], ""),
    });
    let keys = |path: &str| tb.run(&["keys", &stub.url(path)]);
    assert!(error_of(&keys("/missing")).contains("404"));
    assert!(error_of(&keys("/broken")).contains("500"));
    assert!(error_of(&keys("/login")).contains("HTML page"));
    assert!(error_of(&keys("/huge")).contains("larger than 1 MiB"));
    assert!(error_of(&keys("/loop-a")).contains("redirect loop"));
    assert!(error_of(&keys("/hop0")).contains("more than 3 redirects"));
    let started = Instant::now();
    let slow = error_of(&keys("/slow"));
    assert!(slow.contains("within 10 s"), "{slow}");
    assert!(
        started.elapsed() < Duration::from_secs(14),
        "{:?}",
        started.elapsed()
    );
    // Nothing listens: refused at once.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let refused = error_of(&tb.run(&["keys", &format!("http://127.0.0.1:{port}/jwks")]));
    assert!(refused.contains("refused the connection"), "{refused}");
    // Plain http leaves loopback never.
    let plain = error_of(&tb.run(&[
        "verify",
        "a.b.c",
        "--jwks-url",
        "http://keys.example.com/jwks",
    ]));
    assert!(plain.contains("plain http"), "{plain}");
}

#[test]
fn tls_failures_say_which() {
    let ca = Ca::new();
    let tb = Tb::new();
    let ca_file = tb.file("ca.pem", &ca.pem);
    let empty = tempfile::tempdir().unwrap();
    let set = jwks_of(&rsa_pair(&tb, "k.pem").0, "k").to_string();
    let ok_leaf = ca.leaf(&["localhost", "127.0.0.1", "keys.example.test"], -1, 30);
    let serve = |leaf: &crate::support::stub::Leaf| {
        let set = set.clone();
        Stub::https(leaf, move |seen| match seen.path.as_str() {
            "/to-http" => Reply::with(302, &[("Location", "http://127.0.0.1:9/jwks")], ""),
            _ => Reply::json(&set),
        })
    };
    // Each its own config folder, so no cached copy stands in for a failed fetch.
    let trusting = Tb::new()
        .env("SSL_CERT_FILE", ca_file.to_str().unwrap())
        .env("SSL_CERT_DIR", empty.path().to_str().unwrap());
    let good = serve(&ok_leaf);
    let run = trusting.run(&["keys", &good.https_url("127.0.0.1", "/jwks")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // SSL_CERT_DIR alone also trusts the CA.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("test-ca.pem"), &ca.pem).unwrap();
    let by_dir = Tb::new()
        .env("SSL_CERT_FILE", "/nonexistent")
        .env("SSL_CERT_DIR", dir.path().to_str().unwrap());
    let run = by_dir.run(&["keys", &good.https_url("localhost", "/jwks"), "--refresh"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The CA not trusted: unknown issuer.
    let untrusting = Tb::new()
        .env("SSL_CERT_FILE", "/nonexistent")
        .env("SSL_CERT_DIR", empty.path().to_str().unwrap());
    assert!(
        error_of(&untrusting.run(&["keys", &good.https_url("127.0.0.1", "/jwks"), "--refresh"]))
            .contains("unknown issuer")
    );
    // Expired, and for another name.
    let expired = serve(&ca.leaf(&["127.0.0.1"], -60, -1));
    assert!(
        error_of(&trusting.run(&["keys", &expired.https_url("127.0.0.1", "/jwks")]))
            .contains("expired")
    );
    let other = serve(&ca.leaf(&["other.example"], -1, 30));
    assert!(
        error_of(&trusting.run(&["keys", &other.https_url("127.0.0.1", "/jwks")]))
            .contains("name mismatch")
    );
    // https never redirects down to http, even on loopback.
    assert!(
        error_of(&trusting.run(&["keys", &good.https_url("127.0.0.1", "/to-http")]))
            .contains("from https to plain http")
    );
    // Through HTTPS_PROXY: the proxy is asked to CONNECT to the named host.
    let (proxy_port, asked) = crate::support::stub::proxy(good.port);
    let proxied = Tb::new()
        .env("SSL_CERT_FILE", ca_file.to_str().unwrap())
        .env("HTTPS_PROXY", &format!("http://127.0.0.1:{proxy_port}"))
        .env("NO_PROXY", "");
    let run = proxied.run(&["keys", "https://keys.example.test/jwks", "--refresh"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        asked.lock().unwrap().first().map(String::as_str),
        Some("CONNECT keys.example.test:443 HTTP/1.1")
    );
}

#[test]
fn a_profile_keeps_a_key_url_and_verifies_with_it() {
    let tb = Tb::new();
    let (private, _) = rsa_pair(&tb, "k.pem");
    let set = jwks_of(&private, "k").to_string();
    let stub = Stub::http(move |_| Reply::json(&set));
    let url = stub.url("/jwks");
    let add = tb.run(&[
        "profile",
        "add",
        "Acme SF",
        "--preset",
        "salesforce-miaw",
        "--jwks-url",
        &url,
    ]);
    assert_eq!(add.code, 0, "{}", add.stderr);
    let show = tb.run(&["profile", "show", "Acme SF", "--json"]);
    assert_eq!(show.json()["jwks_url"], url.as_str());
    let token = sign(&tb, &private, "k");
    let run = tb.run(&["verify", &token, "--profile", "Acme SF", "--json"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.json()["matched_key"]["kid"], "k");
    // Minting with it still needs its own private key (published keys can't sign).
    let mint = tb.run(&["mint", "--profile", "Acme SF"]);
    assert!(error_of(&mint).contains("keyring"), "{}", mint.stderr);
    // --all-profiles tries the profiles' published keys too, and says which one signed.
    let run = tb.run(&["verify", &token, "--all-profiles", "--json"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.json()["profiles"]["signed_by"][0], "Acme SF");
    let bad = tb.run(&[
        "profile",
        "add",
        "Plain",
        "--preset",
        "salesforce-miaw",
        "--jwks-url",
        "http://example.com/jwks",
    ]);
    assert!(error_of(&bad).contains("plain http"));
}
