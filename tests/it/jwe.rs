//! Encrypted tokens (JWE) both ways with two other implementations: Python's joserfc and
//! npm's jose decrypt what `tokenbench mint --encrypt-key` makes, and tokenbench decrypts (and
//! verifies the signed token inside) what they encrypt, for every key management algorithm
//! and content encryption; plus the exit codes and JSON fields of the command-line contract.
//!
//! Needs `python3` with `joserfc` and `node` with `jose` on NODE_PATH (`.ci/run` installs
//! both); without them the interop tests say so and pass, unless
//! `TOKENBENCH_REQUIRE_INTEROP=1` (as in CI).

use std::process::Command;

use crate::support::Tb;

/// Another JWE implementation, run as a referee.
#[derive(Clone, Copy)]
enum Referee {
    /// Python's joserfc (`tests/interop/jwe_ref.py`).
    Joserfc,
    /// npm's jose (`tests/interop/jose_ref.js`).
    Jose,
}

impl Referee {
    fn available(self) -> bool {
        match self {
            Referee::Joserfc => joserfc_available(),
            Referee::Jose => crate::support::available(
                "node",
                &["-e", "require('jose')"],
                "node with jose on NODE_PATH (npm install jose)",
            ),
        }
    }

    fn command(self) -> Command {
        let (program, script) = match self {
            Referee::Joserfc => ("python3", "jwe_ref.py"),
            Referee::Jose => ("node", "jose_ref.js"),
        };
        let mut c = Command::new(program);
        c.arg(format!(
            "{}/tests/interop/{script}",
            env!("CARGO_MANIFEST_DIR")
        ));
        c
    }

    /// Runs the referee with `args`: its output, which must be a success.
    fn run(self, args: &[&str]) -> String {
        let out = self.command().args(args).output().expect("run the referee");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}
const SECRET: &str = "a-64-byte-secret-for-every-hmac-size-0123456789abcdef0123456789";
/// Shared keys are cut from this, 16 to 64 bytes.
const SHARED: &[u8; 64] = b"0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789ABCDEF";
const ALGS: [&str; 10] = [
    "RSA-OAEP",
    "RSA-OAEP-256",
    "A128KW",
    "A192KW",
    "A256KW",
    "dir",
    "ECDH-ES",
    "ECDH-ES+A128KW",
    "ECDH-ES+A192KW",
    "ECDH-ES+A256KW",
];
const ENCS: [&str; 6] = [
    "A128CBC-HS256",
    "A192CBC-HS384",
    "A256CBC-HS512",
    "A128GCM",
    "A192GCM",
    "A256GCM",
];

fn joserfc_available() -> bool {
    crate::support::available(
        "python3",
        &["-c", "import joserfc"],
        "python3 with joserfc (pip install joserfc)",
    )
}

fn referee(args: &[&str]) -> String {
    Referee::Joserfc.run(args)
}

/// The recipient's keys for `alg` and `enc`: (public or shared key file, private or shared).
fn keys(tb: &Tb, alg: &str, enc: &str) -> (String, String) {
    let path = |p: std::path::PathBuf| p.to_str().expect("path").to_string();
    let shared_len = match alg {
        "A128KW" => Some(16),
        "A192KW" => Some(24),
        "A256KW" => Some(32),
        "dir" => Some(match enc {
            "A128GCM" => 16,
            "A192GCM" => 24,
            "A256GCM" | "A128CBC-HS256" => 32,
            "A192CBC-HS384" => 48,
            _ => 64,
        }),
        _ => None,
    };
    if let Some(len) = shared_len {
        let p = path(tb.file(&format!("shared-{len}"), &SHARED[..len]));
        return (p.clone(), p);
    }
    let kind = if alg.starts_with("RSA") {
        "RS256"
    } else {
        "ES384"
    };
    let out = path(tb.dir().join(format!("{kind}.pem")));
    if !std::path::Path::new(&out).exists() {
        let r = tb.run(&["keygen", "--alg", kind, "--out", &out]);
        assert_eq!(r.code, 0, "keygen: {}", r.stderr);
    }
    (format!("{out}.pub"), out)
}

/// The HMAC secret's file, and a token signed with it for `sub` (what gets encrypted).
fn signed(tb: &Tb, sub: &str) -> (String, String) {
    let secret = tb.file("hs.secret", SECRET);
    let secret = secret.to_str().expect("path").to_string();
    let claim = format!("sub={sub}");
    let r = tb.run(&[
        "mint",
        "--preset",
        "generic",
        "--secret-file",
        &secret,
        "--claim",
        &claim,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    (secret, r.stdout.trim().to_string())
}

/// The decryption option for a key file: a PEM key, or the raw shared key.
fn decrypt_option(file: &str) -> [&str; 2] {
    if file.ends_with(".pem") {
        ["--decrypt-key", file]
    } else {
        ["--decrypt-secret-file", file]
    }
}

/// Every algorithm with a content encryption in turn, and every content encryption with
/// RSA-OAEP-256 and dir.
fn pairs() -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<_> = ALGS
        .iter()
        .enumerate()
        .map(|(i, a)| (*a, ENCS[i % ENCS.len()]))
        .collect();
    for enc in ENCS {
        out.push(("RSA-OAEP-256", enc));
        out.push(("dir", enc));
    }
    out
}

#[test]
fn joserfc_decrypts_what_tokenbench_encrypts() {
    decrypts_what_tokenbench_encrypts(Referee::Joserfc);
}

#[test]
fn jose_decrypts_what_tokenbench_encrypts() {
    decrypts_what_tokenbench_encrypts(Referee::Jose);
}

#[test]
fn tokenbench_decrypts_and_verifies_what_joserfc_encrypts() {
    decrypts_and_verifies_what_it_encrypts(Referee::Joserfc);
}

#[test]
fn tokenbench_decrypts_and_verifies_what_jose_encrypts() {
    decrypts_and_verifies_what_it_encrypts(Referee::Jose);
}

fn decrypts_what_tokenbench_encrypts(referee: Referee) {
    if !referee.available() {
        return;
    }
    let tb = Tb::new();
    let secret = tb.file("hs.secret", SECRET);
    let secret = secret.to_str().expect("path");
    for (alg, enc) in pairs() {
        let (public, private) = keys(&tb, alg, enc);
        let encrypt = if public.ends_with(".pub") {
            ["--encrypt-key", public.as_str()]
        } else {
            ["--encrypt-secret-env", "TB_SHARED"]
        };
        let shared = std::fs::read_to_string(&public).unwrap_or_default();
        let tb = Tb::at(tb.dir()).env("TB_SHARED", &shared);
        let r = tb.run(&[
            "mint",
            "--preset",
            "generic",
            "--secret-file",
            secret,
            "--claim",
            "sub=visitor-1",
            encrypt[0],
            encrypt[1],
            "--jwe-alg",
            alg,
            "--jwe-enc",
            enc,
            "--json",
        ]);
        assert_eq!(r.code, 0, "{alg} {enc}: {}", r.stderr);
        let out = r.json();
        assert_eq!(out["jwe"]["header"]["alg"], alg);
        assert_eq!(out["jwe"]["header"]["cty"], "JWT");
        let token = out["token"].as_str().expect("token");
        assert_eq!(token.split('.').count(), 5, "{alg} {enc}: a compact JWE");
        let plain = referee.run(&["decrypt", &private, token]);
        assert_eq!(Some(plain.as_str()), out["jws"].as_str(), "{alg} {enc}");
    }
}

/// tokenbench opens what `referee` encrypts, and verifies the signed token inside.
fn decrypts_and_verifies_what_it_encrypts(referee: Referee) {
    if !referee.available() {
        return;
    }
    let tb = Tb::new();
    let (secret, jws) = signed(&tb, "v");
    let secret = secret.as_str();
    for (alg, enc) in pairs() {
        let (public, private) = keys(&tb, alg, enc);
        let token = referee.run(&["encrypt", alg, enc, &public, &jws]);
        let d = decrypt_option(&private);
        let r = tb.run(&[
            "verify",
            &token,
            d[0],
            d[1],
            "--secret-file",
            secret,
            "--json",
        ]);
        assert_eq!(r.code, 0, "{alg} {enc}: {}", r.stderr);
        let report = r.json();
        assert_eq!(report["signature_valid"], true, "{alg} {enc}");
        assert_eq!(report["payload"]["sub"], "v");
        assert_eq!(report["jwe"]["decrypted"], true);
        assert_eq!(report["jwe"]["plaintext_kind"], "jws");
        assert_eq!(report["jwe"]["header"]["enc"], enc);
    }
}

#[test]
fn exit_codes_say_what_was_checked() {
    if !joserfc_available() {
        return;
    }
    let tb = Tb::new();
    let (public, private) = keys(&tb, "RSA-OAEP-256", "A128CBC-HS256");
    let (_, other) = keys(&tb, "ECDH-ES", "A128GCM");
    let (secret, jws) = signed(&tb, "v");
    let secret = secret.as_str();
    let token = referee(&["encrypt", "RSA-OAEP-256", "A128CBC-HS256", &public, &jws]);

    // No decryption key: inspect shows the header and says which key (0); verify can't (2).
    let r = tb.run(&["inspect", &token, "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report = r.json();
    assert_eq!(report["jwe"]["decrypted"], false);
    assert_eq!(report["jwe"]["header"]["alg"], "RSA-OAEP-256");
    assert!(report["payload"].is_null());
    assert!(report["signature_valid"].is_null());
    assert!(report["jwe"]["plaintext_kind"].is_null());
    let r = tb.run(&["verify", &token, "--secret-file", secret]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("RSA private key"), "{}", r.stderr);

    // The wrong key: exit 1, with the reason; a key of the wrong kind is named.
    let r = tb.run(&["inspect", &token, "--decrypt-key", &other, "--json"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("RSA private key"), "{}", r.stderr);
    let (_, wrong_rsa) = {
        let path = tb.dir().join("other-rsa.pem");
        let p = path.to_str().expect("path").to_string();
        let r = tb.run(&["keygen", "--alg", "RS256", "--out", &p]);
        assert_eq!(r.code, 0);
        (String::new(), p)
    };
    let r = tb.run(&["inspect", &token, "--decrypt-key", &wrong_rsa]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("encrypted for another key, or altered"),
        "{}",
        r.stderr
    );

    // The right key, the signed token inside verified with its own secret.
    let r = tb.run(&[
        "verify",
        &token,
        "--decrypt-key",
        &private,
        "--secret-file",
        secret,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("decrypted: a signed token inside"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Signature  valid"), "{}", r.stdout);
}

#[test]
fn chaskiq_style_json_sealed_with_a_16_character_key_reads_back() {
    if !joserfc_available() {
        return;
    }
    let tb = Tb::new();
    let key = tb.file("chaskiq.key", "a3f1c09b2e7d4c55");
    let key = key.to_str().expect("path");
    let claims = r#"{"email":"ada@example.com","properties":{"plan":"pro"}}"#;
    let token = referee(&["encrypt", "dir", "A128GCM", key, claims]);
    let r = tb.run(&["inspect", &token, "--decrypt-secret-file", key, "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report = r.json();
    assert_eq!(report["jwe"]["plaintext_kind"], "json");
    assert_eq!(report["payload"]["email"], "ada@example.com");
    assert!(report["header"].is_null());
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(rules.contains(&"jwe.unsigned-content"), "{rules:?}");
}

#[test]
fn diff_compares_the_signed_tokens_inside_two_encrypted_ones() {
    let tb = Tb::new();
    let (public, private) = keys(&tb, "RSA-OAEP-256", "A256GCM");
    let secret = tb.file("hs.secret", SECRET);
    let secret = secret.to_str().expect("path");
    let sealed = |sub: &str| {
        let claim = format!("sub={sub}");
        let r = tb.run(&[
            "mint",
            "--preset",
            "generic",
            "--secret-file",
            secret,
            "--claim",
            &claim,
            "--encrypt-key",
            &public,
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout.trim().to_string()
    };
    let (a, b) = (sealed("visitor-1"), sealed("visitor-2"));
    let r = tb.run(&[
        "diff",
        &a,
        &b,
        "--decrypt-key",
        &private,
        "--secret-file",
        secret,
        "--json",
    ]);
    assert_eq!(r.code, 1, "they differ: {}", r.stderr);
    let out = r.json();
    let paths: Vec<&str> = out["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["path"].as_str())
        .collect();
    assert!(paths.contains(&"/sub"), "{paths:?} in {out}");
    assert_eq!(out["a"]["signature_valid"], true);

    let r = tb.run(&["diff", &a, &b]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("RSA private key"), "{}", r.stderr);
}

/// LivePerson's optional encryption: the brand signs with its key, encrypts for LivePerson's
/// (RSA-OAEP-256 + A128CBC-HS256 by the preset), and whoever holds LivePerson's private key
/// reads the signed token inside, which passes the preset's rules.
#[test]
fn a_liveperson_token_encrypted_by_the_preset_opens_and_passes_its_rules() {
    let tb = Tb::new();
    let dir = tb.dir().to_path_buf();
    let path = |name: &str| dir.join(name).to_str().expect("path").to_string();
    for name in ["brand.pem", "lp.pem"] {
        let r = tb.run(&["keygen", "--alg", "RS256", "--out", &path(name)]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let r = tb.run(&[
        "mint",
        "--preset",
        "liveperson",
        "--key-file",
        &path("brand.pem"),
        "--claim",
        "iss=https://www.example.com",
        "--claim",
        "sub=customer-42",
        "--encrypt-key",
        &path("lp.pem.pub"),
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.json();
    assert_eq!(
        out["jwe"]["header"]["alg"], "RSA-OAEP-256",
        "the preset's alg"
    );
    assert_eq!(
        out["jwe"]["header"]["enc"], "A128CBC-HS256",
        "the preset's enc"
    );
    let token = out["token"].as_str().expect("token");
    let r = tb.run(&[
        "verify",
        token,
        "--preset",
        "liveperson",
        "--key-file",
        &path("brand.pem.pub"),
        "--decrypt-key",
        &path("lp.pem"),
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report = r.json();
    assert_eq!(report["signature_valid"], true);
    assert_eq!(report["payload"]["sub"], "customer-42");
    assert_eq!(report["jwe"]["plaintext_kind"], "jws");
}

/// Chaskiq's claims are verified by their decryption key alone; a signed token inside an
/// encrypted one still needs its own key: never "valid" without one.
#[test]
fn verify_takes_the_decryption_key_as_the_key_only_when_nothing_inside_is_signed() {
    let tb = Tb::new();
    let (public, private) = keys(&tb, "RSA-OAEP-256", "A128GCM");
    let (secret, _) = signed(&tb, "v");
    let nested = tb.run(&[
        "mint",
        "--preset",
        "generic",
        "--secret-file",
        &secret,
        "--encrypt-key",
        &public,
    ]);
    assert_eq!(nested.code, 0, "{}", nested.stderr);
    let r = tb.run(&["verify", nested.stdout.trim(), "--decrypt-key", &private]);
    assert_eq!(
        r.code, 2,
        "no key for the signed token inside: {}",
        r.stdout
    );
    assert!(r.stderr.contains("signed token inside"), "{}", r.stderr);

    if !joserfc_available() {
        return;
    }
    let key = tb.file("chaskiq.key", "a3f1c09b2e7d4c55");
    let key = key.to_str().expect("path");
    let sealed = referee(&[
        "encrypt",
        "dir",
        "A128GCM",
        key,
        r#"{"email":"ada@example.com"}"#,
    ]);
    let r = tb.run(&["verify", &sealed, "--decrypt-secret-file", key]);
    assert_eq!(
        r.code, 0,
        "opened by its shared key: {} {}",
        r.stdout, r.stderr
    );
    let other = tb.file("other.key", "0000000000000000");
    let other = other.to_str().expect("path");
    assert_eq!(
        tb.run(&["verify", &sealed, "--decrypt-secret-file", other])
            .code,
        1
    );
    // Claims sealed for a public key: anyone could have made them; nothing to verify.
    let open_to_all = referee(&["encrypt", "RSA-OAEP-256", "A128GCM", &public, r#"{"a":1}"#]);
    let r = tb.run(&["verify", &open_to_all, "--decrypt-key", &private]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stderr.contains("nothing to verify"), "{}", r.stderr);
    assert_eq!(
        tb.run(&["inspect", &open_to_all, "--decrypt-key", &private])
            .code,
        0
    );
}

/// `scan` finds encrypted tokens beside signed ones: without a key it says which key each
/// needs (exit 0: nothing failed); with the decryption key the signed token inside is
/// verified; with another key it is said not to open (exit 1).
#[test]
fn scan_finds_encrypted_tokens_and_opens_them_with_the_key() {
    let tb = Tb::new();
    let (public, private) = keys(&tb, "RSA-OAEP-256", "A128CBC-HS256");
    let (secret, jws) = signed(&tb, "scanned");
    let r = tb.run(&[
        "mint",
        "--preset",
        "generic",
        "--secret-file",
        &secret,
        "--claim",
        "sub=scanned",
        "--encrypt-key",
        &public,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let jwe = r.stdout.trim().to_string();
    let log = tb.file(
        "app.log",
        format!("GET /chat?token={jwe} 200\nAuthorization: Bearer {jws}\n"),
    );
    let log = log.to_str().expect("path");

    let r = tb.run(&["scan", log, "--json"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let out = r.json();
    let tokens = out["tokens"].as_array().expect("tokens");
    assert_eq!(tokens.len(), 2, "{}", r.stdout);
    assert_eq!(tokens[0]["token"], jwe.as_str());
    assert_eq!(tokens[0]["jwe"]["decrypted"], false);
    assert_eq!(tokens[0]["jwe"]["header"]["alg"], "RSA-OAEP-256");
    assert!(
        tokens[1].get("jwe").is_none(),
        "the signed one is not a JWE"
    );
    let text = tb.run(&["scan", log]).stdout;
    assert!(
        text.contains("encrypted (RSA-OAEP-256 with A256GCM): needs the recipient"),
        "{text}"
    );

    let r = tb.run(&[
        "scan",
        log,
        "--decrypt-key",
        &private,
        "--secret-file",
        &secret,
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let first = &r.json()["tokens"][0];
    assert_eq!(first["jwe"]["decrypted"], true);
    assert_eq!(first["report"]["signature_valid"], true);
    assert_eq!(first["report"]["payload"]["sub"], "scanned");

    let (_, other) = keys(&tb, "ECDH-ES", "A128GCM");
    let r = tb.run(&["scan", log, "--decrypt-key", &other]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.contains("NOT decrypted"), "{}", r.stdout);
}

/// The fixtures another implementation made (`tests/fixtures/jwe/make.py`: PyJWT and
/// joserfc): a LivePerson-style nested token and a Chaskiq-style sealed JSON, opened from
/// files and found in a log, to the claims they hold.
#[test]
fn fixtures_made_elsewhere_open_to_what_they_hold() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jwe");
    let path = |name: &str| dir.join(name).to_str().expect("path").to_string();
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name))
            .expect("fixture")
            .trim()
            .to_string()
    };
    let tb = Tb::new().env("CHASKIQ", "9f86d081884c7d65");

    let liveperson = read("liveperson.jwe");
    let r = tb.run(&[
        "inspect",
        &liveperson,
        "--preset",
        "liveperson",
        "--key-file",
        &path("brand.pub.pem"),
        "--decrypt-key",
        &path("liveperson.pem"),
        "--json",
    ]);
    let report = r.json();
    assert_eq!(report["jwe"]["decrypted"], true, "{}", r.stdout);
    assert_eq!(report["jwe"]["plaintext_kind"], "jws");
    assert_eq!(report["jwe"]["header"]["alg"], "RSA-OAEP-256");
    assert_eq!(report["jwe"]["header"]["enc"], "A128CBC-HS256");
    assert_eq!(
        report["signature_valid"], true,
        "the brand's key verifies it"
    );
    assert_eq!(report["payload"]["sub"], "customer-4711");
    assert_eq!(
        report["payload"]["lp_sdes"][0]["info"]["customerId"],
        "4711"
    );
    // Without LivePerson's private key: the header, and the key it needs.
    let sealed = tb.run(&["inspect", &liveperson, "--json"]);
    assert_eq!(sealed.code, 0, "nothing to verify: {}", sealed.stderr);
    assert_eq!(sealed.json()["jwe"]["decrypted"], false);
    assert!(sealed.json()["payload"].is_null());
    // Another private key: one answer, exit 1.
    let other = tb.rsa_pair("other.pem");
    let wrong = tb.run(&[
        "inspect",
        &liveperson,
        "--decrypt-key",
        other.to_str().expect("path"),
    ]);
    assert_eq!(wrong.code, 1, "{}", wrong.stdout);

    let chaskiq = read("chaskiq.jwe");
    let r = tb.run(&[
        "verify",
        &chaskiq,
        "--preset",
        "chaskiq",
        "--secret-env",
        "CHASKIQ",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(r.json()["jwe"]["plaintext_kind"], "json");
    assert_eq!(r.json()["payload"]["email"], "ada@example.com");
    assert_eq!(r.json()["payload"]["properties"]["plan"], "pro");

    // Both in a log: found as encrypted tokens, each saying the key it needs.
    let log = tb.file(
        "widget.log",
        format!(
            "POST /auth body={}\nGET /cable?enc={} 101\n",
            read("liveperson.jwe"),
            read("chaskiq.jwe")
        ),
    );
    let r = tb.run(&["scan", log.to_str().expect("path"), "--json"]);
    let found = r.json();
    let tokens = found["tokens"].as_array().cloned().unwrap_or_default();
    assert_eq!(tokens.len(), 2, "{}", r.stdout);
    assert!(
        tokens.iter().all(|t| t["jwe"]["decrypted"] == false),
        "{}",
        r.stdout
    );
}
