//! The vendors' own verifiers as referees: where a vendor's checking code is public, the same
//! logic with the library and options the vendor uses accepts what tokenbench mints for its
//! preset, and refuses what the vendor refuses. Rasa (PyJWT, `rasa/core/channels/channel.py`),
//! Botpress Chat (`integrations/chat/src/auth-key.ts`) and Botpress v12
//! (`packages/bp/src/core/app/server.ts`), both on npm `jsonwebtoken`; Chaskiq and Chatwoot
//! (their Ruby checks, as Python in `tests/interop/chaskiq_ref.py`, with joserfc).
//!
//! Needs `python3` with `pyjwt` and `node` with `jsonwebtoken` on NODE_PATH (`.ci/run`
//! installs both); without them the tests say so and pass, unless
//! `TOKENBENCH_REQUIRE_INTEROP=1`.

use std::process::Command;

use crate::support::{Tb, available};

const SECRET: &str = "a-socket-secret-of-thirty-two-bytes-or-more-0123456789";

fn run(program: &str, script: &str, args: &[&str]) -> String {
    let script = format!("{}/tests/interop/{script}", env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(program)
        .arg(script)
        .args(args)
        .output()
        .expect("run the referee");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn mint(tb: &Tb, preset: &str, key: &[&str], claims: &[&str]) -> String {
    let mut args = vec!["mint", "--preset", preset];
    args.extend_from_slice(key);
    for c in claims {
        args.extend(["--claim", c]);
    }
    let r = tb.run(&args);
    assert_eq!(r.code, 0, "{preset}: {}", r.stderr);
    r.stdout.trim().to_string()
}

#[test]
fn rasa_accepts_what_tokenbench_mints_and_refuses_it_expired() {
    if !available(
        "python3",
        &["-c", "import jwt, cryptography"],
        "python3 with pyjwt",
    ) {
        return;
    }
    let tb = Tb::new();
    let secret = tb.file("rasa.secret", SECRET);
    let secret = secret.to_str().expect("path");
    let token = mint(
        &tb,
        "rasa-socketio",
        &["--secret-file", secret],
        &["sub=u-1"],
    );
    let said = run("python3", "rasa_ref.py", &[&token, secret, "HS256"]);
    assert!(said.contains("\"sub\": \"u-1\""), "{said}");
    let bearer = format!("Bearer {token}");
    assert!(!run("python3", "rasa_ref.py", &[&bearer, secret, "HS256"]).starts_with("REFUSED"));

    // An RS256 jwt_method with a PEM public key as jwt_key.
    let pem = tb.dir().join("rasa.pem");
    let pem = pem.to_str().expect("path");
    assert_eq!(tb.run(&["keygen", "--alg", "RS256", "--out", pem]).code, 0);
    let token = mint(&tb, "rasa-socketio", &["--key-file", pem], &["sub=u-2"]);
    let public = format!("{pem}.pub");
    assert!(run("python3", "rasa_ref.py", &[&token, &public, "RS256"]).contains("u-2"));
    // A jwt_method other than the token's: refused by Rasa, as by tokenbench with --alg.
    let said = run("python3", "rasa_ref.py", &[&token, &public, "RS512"]);
    assert!(said.starts_with("REFUSED"), "{said}");
    let r = tb.run(&["verify", &token, "--key-file", &public, "--alg", "RS512"]);
    assert_eq!(r.code, 1, "{}", r.stdout);

    // Expired for both.
    let old = mint(
        &tb,
        "rasa-socketio",
        &["--secret-file", secret, "--now", "1700000000"],
        &["sub=u-3"],
    );
    let said = run("python3", "rasa_ref.py", &[&old, secret, "HS256"]);
    assert!(said.contains("ExpiredSignatureError"), "{said}");
    assert_eq!(tb.run(&["verify", &old, "--secret-file", secret]).code, 1);
}

#[test]
fn botpress_accepts_what_tokenbench_mints_for_chat_and_v12() {
    if !available(
        "node",
        &["-e", "require('jsonwebtoken')"],
        "node with jsonwebtoken on NODE_PATH (npm install jsonwebtoken)",
    ) {
        return;
    }
    let tb = Tb::new().env("BP_KEY", SECRET);
    let token = mint(
        &tb,
        "botpress-chat",
        &["--secret-env", "BP_KEY"],
        &["id=user/42"],
    );
    let said = run("node", "botpress_ref.js", &["chat", &token, SECRET]);
    assert!(said.contains("\"id\":\"user/42\""), "{said}");
    let said = run("node", "botpress_ref.js", &["chat", &token, "another-key"]);
    assert_eq!(said, "REFUSED: invalid signature");

    // v12: a key of 128 characters or more, iss/aud checked when configured, "Bearer ".
    let long = "k".repeat(130);
    let tb = tb.env("BP_V12", &long);
    let token = mint(
        &tb,
        "botpress-v12",
        &["--secret-env", "BP_V12"],
        &["sub=u-9", "iss=https://shop.example", "aud=botpress"],
    );
    let bearer = format!("Bearer {token}");
    let args = [
        "v12",
        &bearer,
        &long,
        "HS256",
        "https://shop.example",
        "botpress",
    ];
    assert!(run("node", "botpress_ref.js", &args).contains("\"sub\":\"u-9\""));
    let args = [
        "v12",
        &bearer,
        &long,
        "HS256",
        "https://other.example",
        "botpress",
    ];
    assert!(run("node", "botpress_ref.js", &args).starts_with("REFUSED: jwt issuer invalid"));
    let args = ["v12", &token, &long, "HS256", "", ""];
    assert!(run("node", "botpress_ref.js", &args).starts_with("REFUSED: Unknown scheme"));

    // A key under 128 characters: Botpress drops the configuration; tokenbench says so.
    let r = tb.env("BP_SHORT", SECRET).run(&[
        "verify",
        &token,
        "--preset",
        "botpress-v12",
        "--secret-env",
        "BP_SHORT",
        "--json",
    ]);
    let secret = &r.json()["secret"];
    assert!(secret.to_string().contains("128"), "{secret}");
}

/// Tiledesk (`middleware/passport.js`, `routes/auth.js`), its checks in
/// `tests/interop/tiledesk_ref.js`: the key chosen by the aud URL's project, "JWT " before the
/// token, `_id` and `sub: userexternal`; what the server refuses, tokenbench refuses too.
#[test]
fn tiledesk_accepts_what_tokenbench_mints_and_refuses_what_it_flags() {
    if !available(
        "node",
        &["-e", "require('jsonwebtoken')"],
        "node with jsonwebtoken on NODE_PATH (npm install jsonwebtoken)",
    ) {
        return;
    }
    const PROJECT: &str = "5e2c35c8f0dbc10017bb3aac";
    const PROJECT_SECRET: &str = "0f6d1c4e-8a43-4b8e-9d1b-2c7f5e3a9b10";
    let tb = Tb::new().env("TD", PROJECT_SECRET);
    let key = ["--secret-env", "TD"];
    let aud = format!("aud=https://tiledesk.com/projects/{PROJECT}");
    let token = mint(
        &tb,
        "tiledesk",
        &key,
        &[
            &aud,
            &format!("_id={PROJECT}_customer-42"),
            "email=ada@example.com",
        ],
    );
    let said = run(
        "node",
        "tiledesk_ref.js",
        &[&format!("JWT {token}"), PROJECT, PROJECT_SECRET],
    );
    assert_eq!(
        said,
        format!(r#"{{"id_project":"{PROJECT}","_id":"{PROJECT}_customer-42","role":"user"}}"#)
    );
    // The hand-over needs "JWT " before the token.
    let said = run(
        "node",
        "tiledesk_ref.js",
        &[&token, PROJECT, PROJECT_SECRET],
    );
    assert_eq!(said, "REFUSED: No auth token");
    // Another project's secret.
    let said = run(
        "node",
        "tiledesk_ref.js",
        &[&format!("JWT {token}"), PROJECT, "another-secret"],
    );
    assert_eq!(said, "REFUSED: invalid signature");

    // The widget docs' Zendesk Chat shape (no aud, external_id): the server takes its own
    // secret for it and refuses the signature; tokenbench names the missing aud.
    let zendesk_shaped = mint(
        &tb,
        "generic",
        &key,
        &[
            "name=Ada",
            "email=ada@example.com",
            "external_id=customer-42",
        ],
    );
    let said = run(
        "node",
        "tiledesk_ref.js",
        &[&format!("JWT {zendesk_shaped}"), PROJECT, PROJECT_SECRET],
    );
    assert_eq!(said, "REFUSED: invalid signature");
    let r = tb.run(&[
        "verify",
        &zendesk_shaped,
        "--preset",
        "tiledesk",
        "--secret-env",
        "TD",
        "--json",
    ]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let findings = r.json()["findings"].to_string();
    assert!(findings.contains("\"aud\""), "{findings}");

    // Expired: jsonwebtoken enforces exp with no leeway, and so does tokenbench.
    let old = tb.run(&[
        "mint",
        "--preset",
        "tiledesk",
        "--secret-env",
        "TD",
        "--now",
        "1700000000",
        "--claim",
        &aud,
        "--claim",
        "_id=u-1",
    ]);
    let old = old.stdout.trim();
    let said = run(
        "node",
        "tiledesk_ref.js",
        &[&format!("JWT {old}"), PROJECT, PROJECT_SECRET],
    );
    assert_eq!(said, "REFUSED: jwt expired");
    assert_eq!(
        tb.run(&["verify", old, "--preset", "tiledesk", "--secret-env", "TD"])
            .code,
        1
    );
}

/// Chaskiq (`app/models/app.rb`, `user_handler.rb`) and Chatwoot (`contacts_controller.rb`),
/// their checks in `tests/interop/chaskiq_ref.py`: the sealed user data decrypts to the
/// claims (a wrong key to `{}`, the anonymous visitor), and the identity hashes compare as the
/// vendors compare them.
#[test]
fn chaskiq_and_chatwoot_accept_what_tokenbench_makes() {
    if !available(
        "python3",
        &["-c", "import joserfc"],
        "python3 with joserfc (pip install joserfc)",
    ) {
        return;
    }
    const KEY: &str = "9f86d081884c7d65";
    let tb = Tb::new().env("K", KEY);
    let key = ["--secret-env", "K"];
    let sealed = mint(
        &tb,
        "chaskiq",
        &key,
        &["email=ada@example.com", r#"properties={"plan":"pro"}"#],
    );
    let read = run(
        "python3",
        "chaskiq_ref.py",
        &["chaskiq-decrypt", KEY, &sealed],
    );
    assert_eq!(
        read,
        r#"{"email": "ada@example.com", "properties": {"plan": "pro"}}"#
    );
    // Found in a log, it opens with the preset's key too.
    let log = tb.file("cable.log", format!("GET /cable?enc={sealed} 101\n"));
    let r = tb.run(&[
        "scan",
        log.to_str().expect("path"),
        "--preset",
        "chaskiq",
        "--secret-env",
        "K",
    ]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout.contains("authenticated by decryption"),
        "{}",
        r.stdout
    );
    // Another app's key: Chaskiq reads nothing, and tokenbench says the visitor would be
    // anonymous.
    let other = "0000000000000000";
    let read = run(
        "python3",
        "chaskiq_ref.py",
        &["chaskiq-decrypt", other, &sealed],
    );
    assert_eq!(read, "{}");
    let r = Tb::new().env("K", other).run(&[
        "verify",
        &sealed,
        "--preset",
        "chaskiq",
        "--secret-env",
        "K",
        "--json",
    ]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.contains("vendor-silent-failure"), "{}", r.stdout);

    let identifier_key = mint(&tb, "chaskiq-hash", &key, &["email=ada@example.com"]);
    let said = |check: &str, message: &str, value: &str| {
        run("python3", "chaskiq_ref.py", &[check, KEY, message, value])
    };
    assert_eq!(
        said("chaskiq-identify", "ada@example.com", &identifier_key),
        "true"
    );
    assert_eq!(
        said(
            "chaskiq-identify",
            "ada@example.com",
            &identifier_key.to_uppercase()
        ),
        "false"
    );
    let identifier_hash = mint(&tb, "chatwoot", &key, &["identifier=u-1"]);
    assert_eq!(said("chatwoot", "u-1", &identifier_hash), "true");
    assert_eq!(said("chatwoot", "u-2", &identifier_hash), "false");
}
