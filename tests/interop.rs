//! Interop with another implementation: PyJWT verifies what tokenbench mints, and
//! tokenbench verifies what PyJWT signs, for every algorithm.
//!
//! Needs `python3` with `pyjwt` and `cryptography` (`.ci/run` installs them). Without them
//! the tests say so and pass, unless `TOKENBENCH_REQUIRE_INTEROP=1` (as in CI).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;

use common::Tb;

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/interop/pyjwt_ref.py");
const ALGS: [&str; 12] = [
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
    "ES384", "EdDSA",
];

fn pyjwt_available() -> bool {
    common::available(
        "python3",
        &["-c", "import jwt, cryptography"],
        "python3 with pyjwt and cryptography (pip install pyjwt cryptography)",
    )
}

fn python(args: &[&str]) -> (bool, String, String) {
    let out = Command::new("python3")
        .arg(SCRIPT)
        .args(args)
        .output()
        .expect("run python3");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).trim().to_string(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A key for `alg`: (file tokenbench signs with, its KEY option, file PyJWT verifies with).
fn key_for(tb: &Tb, alg: &str) -> (String, &'static str, String) {
    if alg.starts_with("HS") {
        let p = tb.file(
            &format!("{alg}.secret"),
            "a-64-byte-secret-for-every-hmac-size-0123456789abcdef0123456789",
        );
        let s = p.to_str().expect("path").to_string();
        return (s.clone(), "--secret-file", s);
    }
    let out = tb.dir().join(format!("{alg}.pem"));
    let out_s = out.to_str().expect("path").to_string();
    if !Path::new(&out_s).exists() {
        let r = tb.run(&["keygen", "--alg", alg, "--out", &out_s]);
        assert_eq!(r.code, 0, "keygen {alg}: {}", r.stderr);
    }
    (out_s.clone(), "--key-file", format!("{out_s}.pub"))
}

#[test]
fn pyjwt_verifies_what_tokenbench_mints() {
    if !pyjwt_available() {
        return;
    }
    let tb = Tb::new();
    for alg in ALGS {
        let (private, option, public) = key_for(&tb, alg);
        let m = tb.run(&[
            "mint",
            "--preset",
            "generic",
            option,
            &private,
            "--alg",
            alg,
            "--json",
            "--claim",
            "sub=visitor-1",
            "--claim",
            "n=42",
            "--claim",
            "attributes={\"tier\":\"gold\"}",
        ]);
        assert_eq!(m.code, 0, "{alg}: {}", m.stderr);
        let minted = m.json();
        let token = minted["token"].as_str().expect("token");
        let (ok, stdout, stderr) = python(&["verify", alg, &public, token]);
        assert!(ok, "PyJWT rejected tokenbench's {alg} token: {stderr}");
        let claims: serde_json::Value = serde_json::from_str(&stdout).expect("claims JSON");
        assert_eq!(claims, minted["payload"], "{alg}");
    }
}

#[test]
fn tokenbench_verifies_what_pyjwt_signs() {
    if !pyjwt_available() {
        return;
    }
    let tb = Tb::new();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    for alg in ALGS {
        let (private, option, public) = key_for(&tb, alg);
        let payload = format!(
            r#"{{"sub":"u1","iat":{now},"exp":{},"attributes":{{"a":"1"}}}}"#,
            now + 300
        );
        let (ok, token, stderr) = python(&["sign", alg, &private, &payload, r#"{"kid":"k1"}"#]);
        assert!(ok, "PyJWT could not sign {alg}: {stderr}");
        let verify_key = if alg.starts_with("HS") {
            &private
        } else {
            &public
        };
        let r = tb.run(&["verify", &token, option, verify_key, "--json"]);
        assert_eq!(r.code, 0, "{alg}: {}{}", r.stdout, r.stderr);
        let report = r.json();
        assert_eq!(report["signature_valid"], true, "{alg}");
        assert_eq!(report["header"]["alg"], alg);
        assert_eq!(report["header"]["kid"], "k1");
        assert_eq!(report["payload"]["sub"], "u1");
        assert_eq!(report["status"], "valid");
    }
}

#[test]
fn expired_and_wrongly_signed_pyjwt_tokens_are_invalid() {
    if !pyjwt_available() {
        return;
    }
    let tb = Tb::new();
    let (secret, option, _) = key_for(&tb, "HS256");
    let (_, expired, _) = python(&["sign", "HS256", &secret, r#"{"sub":"u","exp":1000}"#]);
    let r = tb.run(&["verify", &expired, option, &secret, "--json"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.json()["status"], "expired");
    assert_eq!(r.json()["signature_valid"], true);
    let (_, future, _) = python(&["sign", "HS256", &secret, r#"{"sub":"u","nbf":4000000000}"#]);
    let r = tb.run(&["verify", &future, option, &secret, "--json"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.json()["status"], "not_yet_valid");
    let other = tb.file(
        "other.secret",
        "another-64-byte-secret-for-every-hmac-size-0123456789abcdef01234",
    );
    let r = tb.run(&[
        "verify",
        &expired,
        option,
        other.to_str().expect("path"),
        "--json",
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(r.json()["signature_valid"], false);
    // An RS256 token checked against an ES256 key is refused, not confused.
    let (rsa, _, _) = key_for(&tb, "RS256");
    let (_, es_option, es_public) = key_for(&tb, "ES256");
    let (_, rs_token, _) = python(&["sign", "RS256", &rsa, r#"{"sub":"u"}"#]);
    let r = tb.run(&["verify", &rs_token, es_option, &es_public, "--json"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.json()["signature_valid"], false);
}

fn openssl_available() -> bool {
    common::available("openssl", &["version"], "the openssl command")
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Keys in every form OpenSSL writes sign and verify: PKCS#1 (`-traditional`), SEC1 with its
/// `EC PARAMETERS` block, PKCS#8 (RSA, EC, Ed25519), SPKI, PKCS#1 public keys and certificates.
#[test]
fn keys_in_every_openssl_form() {
    if !openssl_available() {
        return;
    }
    let tb = Tb::new();
    let d = tb.dir();
    openssl(
        d,
        &["genrsa", "-traditional", "-out", "rsa-pkcs1.pem", "2048"],
    );
    openssl(
        d,
        &[
            "rsa",
            "-in",
            "rsa-pkcs1.pem",
            "-RSAPublicKey_out",
            "-out",
            "rsa-pkcs1-pub.pem",
        ],
    );
    openssl(
        d,
        &[
            "req",
            "-new",
            "-x509",
            "-key",
            "rsa-pkcs1.pem",
            "-subj",
            "/CN=tokenbench",
            "-days",
            "2",
            "-out",
            "rsa-cert.pem",
        ],
    );
    openssl(
        d,
        &[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:3072",
            "-out",
            "rsa-pkcs8.pem",
        ],
    );
    openssl(
        d,
        &[
            "pkey",
            "-in",
            "rsa-pkcs8.pem",
            "-pubout",
            "-out",
            "rsa-spki.pem",
        ],
    );
    openssl(
        d,
        &[
            "ecparam",
            "-name",
            "prime256v1",
            "-genkey",
            "-out",
            "ec-sec1.pem",
        ],
    );
    openssl(
        d,
        &["ec", "-in", "ec-sec1.pem", "-pubout", "-out", "ec-spki.pem"],
    );
    openssl(
        d,
        &[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:secp384r1",
            "-out",
            "ec384-pkcs8.pem",
        ],
    );
    openssl(
        d,
        &[
            "pkey",
            "-in",
            "ec384-pkcs8.pem",
            "-pubout",
            "-out",
            "ec384-spki.pem",
        ],
    );
    openssl(
        d,
        &["genpkey", "-algorithm", "ed25519", "-out", "ed-pkcs8.pem"],
    );
    openssl(
        d,
        &[
            "pkey",
            "-in",
            "ed-pkcs8.pem",
            "-pubout",
            "-out",
            "ed-spki.pem",
        ],
    );
    openssl(
        d,
        &[
            "pkey",
            "-in",
            "rsa-pkcs8.pem",
            "-outform",
            "DER",
            "-out",
            "rsa-pkcs8.der",
        ],
    );
    let cases = [
        ("rsa-pkcs1.pem", "rsa-pkcs1-pub.pem", "RS256"),
        ("rsa-pkcs1.pem", "rsa-cert.pem", "PS256"),
        ("rsa-pkcs8.pem", "rsa-spki.pem", "RS512"),
        ("rsa-pkcs8.der", "rsa-spki.pem", "PS384"),
        ("ec-sec1.pem", "ec-spki.pem", "ES256"),
        ("ec384-pkcs8.pem", "ec384-spki.pem", "ES384"),
        ("ed-pkcs8.pem", "ed-spki.pem", "EdDSA"),
    ];
    let path = |f: &str| d.join(f).to_str().expect("path").to_string();
    for (private, public, alg) in cases {
        let m = tb.run(&[
            "mint",
            "--preset",
            "generic",
            "--key-file",
            &path(private),
            "--alg",
            alg,
            "--claim",
            "sub=x",
        ]);
        assert_eq!(m.code, 0, "{private} {alg}: {}", m.stderr);
        let v = tb.run(&[
            "verify",
            m.stdout.trim(),
            "--key-file",
            &path(public),
            "--json",
        ]);
        assert_eq!(v.code, 0, "{public} {alg}: {}{}", v.stdout, v.stderr);
        assert_eq!(v.json()["signature_valid"], true);
        // The private key verifies too (its public half is derived).
        let v = tb.run(&["verify", m.stdout.trim(), "--key-file", &path(private)]);
        assert_eq!(v.code, 0, "{private} as verifier: {}", v.stderr);
    }
    // Defaults from the key alone: RSA → RS256, P-256 → ES256, Ed25519 → EdDSA.
    for (private, alg) in [
        ("rsa-pkcs1.pem", "RS256"),
        ("ec-sec1.pem", "ES256"),
        ("ed-pkcs8.pem", "EdDSA"),
    ] {
        let m = tb.run(&[
            "mint",
            "--preset",
            "generic",
            "--key-file",
            &path(private),
            "--json",
        ]);
        assert_eq!(m.json()["header"]["alg"], alg, "{private}");
    }
}
