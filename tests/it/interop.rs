//! Interop with another implementation: PyJWT verifies what tokenbench mints, and
//! tokenbench verifies what PyJWT signs, for every algorithm.
//!
//! Needs `python3` with `pyjwt` and `cryptography` (`.ci/run` installs them). Without them
//! the tests say so and pass, unless `TOKENBENCH_REQUIRE_INTEROP=1` (as in CI).

use std::path::Path;
use std::process::Command;

use crate::support::Tb;

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/interop/pyjwt_ref.py");
const ALGS: [&str; 12] = [
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
    "ES384", "EdDSA",
];

fn pyjwt_available() -> bool {
    crate::support::available(
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
    crate::support::available("openssl", &["version"], "the openssl command")
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

/// The key a preset's test token is signed with: (tokenbench's option, its file, PyJWT's file).
fn preset_key(tb: &Tb, p: &serde_json::Value) -> (&'static str, String, String) {
    // A preset that takes any algorithm (Rasa's jwt_method) is tried with the usual HS256.
    let alg = p["algorithms"][0].as_str().unwrap_or("HS256");
    if alg.starts_with("HS") {
        // Valid text for every encoding a preset reads: base64 of 36 bytes.
        let text = "c2VjcmV0LWZvci1ldmVyeS1wcmVzZXQtMDEyMzQ1Njc4OWFiYw==";
        let secret = tb.file(&format!("{}.secret", p["id"].as_str().unwrap()), text);
        let raw: Vec<u8> = if p["secret_encoding"] == "base64" {
            base64::Engine::decode(&base64::engine::general_purpose::STANDARD, text).unwrap()
        } else {
            text.as_bytes().to_vec()
        };
        let for_pyjwt = tb.file(&format!("{}.raw", p["id"].as_str().unwrap()), raw);
        return (
            "--secret-file",
            secret.to_str().unwrap().to_string(),
            for_pyjwt.to_str().unwrap().to_string(),
        );
    }
    let (private, option, public) = key_for(tb, alg);
    (option, private, public)
}

#[test]
fn pyjwt_verifies_every_vendor_preset() {
    if !pyjwt_available() {
        return;
    }
    let tb = Tb::new();
    let presets = tb.run(&["presets", "--json"]).json();
    let mut checked = 0;
    for p in presets.as_array().expect("a list") {
        // Claims sealed with a shared key (Chaskiq) are a JWE, nothing signed: joserfc is
        // their referee (referees.rs, jwe.rs).
        if p["kind"] != "jwt" || p["id"] == "generic" || p["jwe"]["inside"] == "claims" {
            continue;
        }
        let id = p["id"].as_str().unwrap();
        let alg = p["algorithms"][0].as_str().unwrap_or("HS256");
        let (option, key, pyjwt_key) = preset_key(&tb, p);
        let mut args: Vec<String> = ["mint", "--preset", id, option, &key, "--json"]
            .iter()
            .map(ToString::to_string)
            .collect();
        for c in p["claims"].as_array().unwrap() {
            let fill_by_user = c["fill"] == "form";
            let value = match c["example"].as_str() {
                Some(e) => e.to_string(),
                None if c["required"] == true || c["recommended"] == true => "value".into(),
                None => continue,
            };
            if fill_by_user {
                args.push("--claim".into());
                args.push(format!("{}={value}", c["name"].as_str().unwrap()));
            }
        }
        if p["header"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["name"] == "kid")
        {
            args.extend(["--kid".to_string(), "k1".to_string()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let m = tb.run(&args);
        assert_eq!(m.code, 0, "{id}: {}", m.stderr);
        let minted = m.json();
        let token = minted["token"].as_str().expect("token");
        let (ok, stdout, stderr) = python(&["verify", alg, &pyjwt_key, token]);
        assert!(ok, "PyJWT rejected tokenbench's {id} token: {stderr}");
        let claims: serde_json::Value = serde_json::from_str(&stdout).expect("claims JSON");
        assert_eq!(claims, minted["payload"], "{id}");
        // And the preset's own checks pass it.
        let verify_key = if alg.starts_with("HS") {
            &key
        } else {
            &pyjwt_key
        };
        let v = tb.run(&[
            "verify", token, "--preset", id, option, verify_key, "--json",
        ]);
        assert_eq!(v.code, 0, "{id}: {}", v.stdout);
        checked += 1;
    }
    assert!(checked >= 18, "every vendor's JWT preset ({checked})");
}

#[test]
fn tokens_the_vendors_publish_verify_with_their_placeholder_secrets() {
    let tb = Tb::new();
    // twilio.com/docs/iam/access-tokens, "Anatomy of an Access Token": signed with "secret";
    // its SIDs are placeholders (SKxxx…), which the preset names as not being SIDs.
    let twilio = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiIsImN0eSI6InR3aWxpby1mcGE7dj0xIn0.eyJqdGkiOiJTS3h4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4LTE0NTA0NzExNDciLCJpc3MiOiJTS3h4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4Iiwic3ViIjoiQUN4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eCIsIm5iZiI6MTQ1MDQ3MTE0NywiZXhwIjoxNDUwNDc0NzQ3LCJncmFudHMiOnsiaWRlbnRpdHkiOiJ1c2VyQGV4YW1wbGUuY29tIiwiaXBfbWVzc2FnaW5nIjp7InNlcnZpY2Vfc2lkIjoiSVN4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eCIsImVuZHBvaW50X2lkIjoiSGlwRmxvd1NsYWNrRG9ja1JDOnVzZXJAZXhhbXBsZS5jb206c29tZWlvc2RldmljZSJ9fX0.IHx8KeH1acIfwnd8EIin3QBGPbfnF-yVnSFp5NpQJi0";
    let secret = tb.file("twilio.secret", "secret");
    let r = tb.run(&[
        "inspect",
        twilio,
        "--preset",
        "twilio-access-token",
        "--secret-file",
        secret.to_str().unwrap(),
        "--json",
    ]);
    let report = r.json();
    assert_eq!(report["signature_valid"], true);
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(
        rules.contains(&"pattern"),
        "placeholder SIDs named: {rules:?}"
    );
    // devdocs.drift.com, signed identities: signed with jwt.io's "your-256-bit-secret".
    let drift = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.22H1g2b8yxmkcEY1Fhku4AhNl-M40P5Sl_B2ktSUdv8";
    let secret = tb.file("drift.secret", "your-256-bit-secret");
    let r = tb.run(&[
        "verify",
        drift,
        "--preset",
        "drift",
        "--secret-file",
        secret.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(r.json()["signature_valid"], true);
    assert_eq!(r.code, 0, "sub is all Drift requires: {}", r.stdout);
}
