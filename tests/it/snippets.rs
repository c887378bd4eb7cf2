//! The server-side samples `tokenbench snippet` writes are real programs: run with the test
//! key in the environment, the Node.js (jsonwebtoken) and Python (PyJWT) ones print tokens
//! that `tokenbench verify` accepts, with the same claims. The PHP one is checked by `php -l`.
//!
//! Needs `node` with `jsonwebtoken` on NODE_PATH and `python3` with `pyjwt` and
//! `cryptography` (`.ci/run` installs them). Without them the tests say so and pass, unless
//! `TOKENBENCH_REQUIRE_INTEROP=1` (as in CI).

use std::process::Command;

use crate::support::{CONNECT_SECRET, Tb, available};
use serde_json::{Map, Value};

fn node_available() -> bool {
    available(
        "node",
        &["-e", "require('jsonwebtoken')"],
        "node with jsonwebtoken on NODE_PATH (npm install jsonwebtoken)",
    )
}

fn python_available() -> bool {
    available(
        "python3",
        &["-c", "import jwt, cryptography"],
        "python3 with pyjwt and cryptography",
    )
}

/// One vendor setup: its preset, KEY options and values.
struct Case {
    preset: &'static str,
    key: Vec<String>,
    values: Vec<&'static str>,
    /// The environment variable the sample reads, and its value.
    env: (&'static str, String),
}

fn cases(tb: &Tb) -> Vec<Case> {
    let key = tb.dir().join("rsa.pem");
    let key_path = key.to_str().expect("path").to_string();
    let made = tb.run(&["keygen", "--alg", "RS256", "--out", &key_path]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let pem = std::fs::read_to_string(&key).expect("pem");
    let secret = || vec!["--secret-env".to_string(), "S".to_string()];
    let rsa = || vec!["--key-file".to_string(), key_path.clone()];
    vec![
        Case {
            preset: "amazon-connect",
            key: secret(),
            values: vec![
                "--claim",
                "sub=widget-1",
                "--attr",
                "tier=gold",
                "--attr",
                "note=it's \"quoted\"",
            ],
            env: ("JWT_SECRET", CONNECT_SECRET.into()),
        },
        Case {
            preset: "zendesk-messaging",
            key: secret(),
            values: vec![
                "--claim",
                "external_id=u-1",
                "--claim",
                "email_verified=true",
                "--claim",
                "name=Zoë",
                "--kid",
                "app_123",
            ],
            env: ("JWT_SECRET", CONNECT_SECRET.into()),
        },
        Case {
            preset: "tiledesk",
            key: secret(),
            values: vec![
                "--claim",
                "aud=https://tiledesk.com/projects/p1",
                "--claim",
                "_id=p1_u1",
                "--attr",
                "plan=pro",
            ],
            env: ("JWT_SECRET", CONNECT_SECRET.into()),
        },
        Case {
            preset: "microsoft-omnichannel",
            key: rsa(),
            values: vec![
                "--claim",
                "sub=aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb",
                "--claim",
                "iss=contoso.com",
                "--attr",
                "Region=EU",
            ],
            env: ("JWT_PRIVATE_KEY", pem.clone()),
        },
        Case {
            preset: "salesforce-miaw",
            key: rsa(),
            values: vec![
                "--claim",
                "sub=user-1",
                "--claim",
                "iss=https://example.com",
                "--kid",
                "k1",
            ],
            env: ("JWT_PRIVATE_KEY", pem),
        },
    ]
}

fn sample(tb: &Tb, case: &Case, kind: &str) -> String {
    let mut args = vec!["snippet", kind, "--preset", case.preset];
    args.extend(case.key.iter().map(String::as_str));
    args.extend(case.values.iter().copied());
    let run = tb.run(&args);
    assert_eq!(run.code, 0, "{} {kind}: {}", case.preset, run.stderr);
    assert!(
        !run.stdout.contains(CONNECT_SECRET),
        "no secret in a sample"
    );
    assert!(!run.stdout.contains("PRIVATE KEY"), "no key in a sample");
    run.stdout
}

/// The payload `tokenbench mint` makes for the case.
fn minted_payload(tb: &Tb, case: &Case) -> Map<String, Value> {
    let mut args = vec!["mint", "--json", "--preset", case.preset];
    args.extend(case.key.iter().map(String::as_str));
    args.extend(case.values.iter().copied());
    let run = tb.run(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()["payload"].as_object().cloned().expect("payload")
}

/// Verifies `token` as the case's preset and returns its payload.
fn verified_payload(tb: &Tb, case: &Case, token: &str, by: &str) -> Map<String, Value> {
    let mut args = vec!["verify", token.trim(), "--preset", case.preset, "--json"];
    args.extend(case.key.iter().map(String::as_str));
    let run = tb.run(&args);
    assert_eq!(
        run.code, 0,
        "{by} token for {} should verify: {}\n{}",
        case.preset, run.stdout, run.stderr
    );
    run.json()["payload"].as_object().cloned().expect("payload")
}

/// Same claims, in the same order; times may differ but not their spans.
fn assert_same_claims(expected: &Map<String, Value>, got: &Map<String, Value>, what: &str) {
    let names = |m: &Map<String, Value>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(got), names(expected), "{what}: claim order");
    for (name, value) in expected {
        if matches!(name.as_str(), "iat" | "exp" | "nbf") {
            continue;
        }
        assert_eq!(&got[name], value, "{what}: {name}");
    }
    let span =
        |m: &Map<String, Value>| m["exp"].as_i64().zip(m["iat"].as_i64()).map(|(e, i)| e - i);
    if expected.contains_key("iat") {
        assert_eq!(span(got), span(expected), "{what}: lifetime");
    }
}

fn run_sample(program: &str, file: &std::path::Path, env: &(&str, String)) -> String {
    let out = Command::new(program)
        .arg(file)
        .env(env.0, &env.1)
        .output()
        .expect("run sample");
    assert!(
        out.status.success(),
        "{program} {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Writes every case's `kind` sample, runs it with `program`, and checks that tokenbench
/// verifies what it prints and finds the claims tokenbench itself mints.
fn samples_verify(kind: &str, extension: &str, program: &str, language: &str) {
    let tb = Tb::new().env("S", CONNECT_SECRET);
    for case in cases(&tb) {
        let name = format!("{}.{extension}", case.preset);
        let file = tb.file(&name, sample(&tb, &case, kind));
        let token = run_sample(program, &file, &case.env);
        let got = verified_payload(&tb, &case, &token, language);
        assert_same_claims(&minted_payload(&tb, &case), &got, case.preset);
    }
}

#[test]
fn node_samples_mint_tokens_tokenbench_verifies_with_the_same_claims() {
    if node_available() {
        samples_verify("node", "js", "node", "Node");
    }
}

#[test]
fn python_samples_mint_tokens_tokenbench_verifies_with_the_same_claims() {
    if python_available() {
        samples_verify("python", "py", "python3", "Python");
    }
}

#[test]
fn a_sample_without_its_key_says_which_variable_to_set() {
    if !python_available() {
        return;
    }
    let tb = Tb::new().env("S", CONNECT_SECRET);
    let case = cases(&tb).remove(0);
    let file = tb.file("no-key.py", sample(&tb, &case, "python"));
    let out = Command::new("python3")
        .arg(&file)
        .env_remove("JWT_SECRET")
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Set JWT_SECRET"));
}

#[test]
fn php_samples_are_valid_php() {
    if !available("php", &["--version"], "php (apt-get install php-cli)") {
        return;
    }
    let tb = Tb::new().env("S", CONNECT_SECRET);
    for case in cases(&tb) {
        let text = sample(&tb, &case, "php");
        let file = tb.file(&format!("{}.php", case.preset), &text);
        let out = Command::new("php")
            .arg("-l")
            .arg(&file)
            .output()
            .expect("php -l");
        assert!(
            out.status.success(),
            "{}: {}\n{text}",
            case.preset,
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn handover_and_curl_point_at_the_local_server() {
    let tb = Tb::new().env("S", CONNECT_SECRET);
    let case = cases(&tb).remove(0);
    let handover = sample(&tb, &case, "handover");
    assert!(
        handover.contains("http://127.0.0.1:3000/token?widgetId=widget-1"),
        "{handover}"
    );
    let curl = sample(&tb, &case, "curl");
    assert!(
        curl.contains("curl -s 'http://127.0.0.1:3000/token?widgetId=widget-1'"),
        "{curl}"
    );
    let inline = sample(&tb, &case, "inline");
    let token = inline
        .split("callback('")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a token written in");
    assert_eq!(
        verified_payload(&tb, &case, token, "inline")["sub"],
        "widget-1"
    );
}

/// PHP, when installed: (kind, extension, program, here).
fn php_runner() -> (&'static str, &'static str, &'static str, bool) {
    let here = available("php", &["--version"], "php (apt-get install php-cli)");
    ("php", "php", "php", here)
}

/// Chaskiq's sealed claims: the Python (joserfc) and PHP (openssl) samples encrypt what
/// tokenbench decrypts with the same 16-character key, to the claims tokenbench makes.
#[test]
fn chaskiq_samples_encrypt_what_tokenbench_opens() {
    const KEY: &str = "0123456789abcdef";
    let tb = Tb::new().env("S", KEY);
    let case = Case {
        preset: "chaskiq",
        key: vec!["--secret-env".to_string(), "S".to_string()],
        values: vec![
            "--claim",
            "email=ada@example.com",
            "--claim",
            r#"properties={"plan":"pro"}"#,
        ],
        env: ("JWT_SECRET", KEY.into()),
    };
    let runners = [
        (
            "python",
            "py",
            "python3",
            available("python3", &["-c", "import joserfc"], "python3 with joserfc"),
        ),
        php_runner(),
    ];
    for (kind, extension, program, here) in runners {
        let text = sample(&tb, &case, kind);
        assert!(!text.contains(KEY), "no key in a sample");
        assert!(text.contains("A128GCM"), "{text}");
        if !here {
            continue;
        }
        let file = tb.file(&format!("chaskiq.{extension}"), &text);
        let token = run_sample(program, &file, &case.env);
        assert_eq!(token.trim().split('.').count(), 5, "a JWE: {token}");
        let got = verified_payload(&tb, &case, &token, kind);
        assert_same_claims(&minted_payload(&tb, &case), &got, kind);
    }
}

/// A stand-in for firebase/php-jwt's `JWT::encode` (RS256 only), so the PHP sample runs
/// without composer; the JWE around its token is the sample's own code.
const PHP_JWT_STANDIN: &str = r#"<?php
namespace Firebase\JWT;

final class JWT
{
    public static function encode(array $claims, $key, string $alg, ?string $kid = null, ?array $head = null): string
    {
        $b64 = fn ($b) => rtrim(strtr(base64_encode($b), '+/', '-_'), '=');
        $header = array_merge(['typ' => 'JWT', 'alg' => $alg], $head ?? []);
        $input = $b64(json_encode($header)) . '.' . $b64(json_encode($claims));
        openssl_sign($input, $signature, $key, OPENSSL_ALGO_SHA256);
        return $input . '.' . $b64($signature);
    }
}
"#;

/// LivePerson takes the brand's signed token encrypted for LivePerson's public key: with
/// `JWE_PUBLIC_KEY` set, the Node (jose), Python (joserfc) and PHP (openssl alone) samples
/// print that JWE; tokenbench opens it with LivePerson's private key and verifies the token
/// inside with the brand's key, with the claims tokenbench makes. Unset, the signed token.
#[test]
fn liveperson_samples_encrypt_the_signed_token_for_its_key() {
    let tb = Tb::new();
    let (brand, lp) = (tb.rsa_pair("brand.pem"), tb.rsa_pair("liveperson.pem"));
    let brand_pem = std::fs::read_to_string(&brand).expect("pem");
    let lp_public = std::fs::read_to_string(format!("{}.pub", lp.display())).expect("pem");
    let case = Case {
        preset: "liveperson",
        key: vec!["--key-file".into(), brand.to_str().expect("path").into()],
        values: vec![
            "--claim",
            "iss=https://brand.example",
            "--claim",
            "sub=customer-7",
        ],
        env: ("JWT_PRIVATE_KEY", brand_pem),
    };
    let brand_public = format!("{}.pub", brand.display());
    std::fs::create_dir_all(tb.dir().join("vendor")).expect("vendor");
    tb.file("vendor/autoload.php", PHP_JWT_STANDIN);
    let runners = [
        (
            "node",
            "js",
            "node",
            available(
                "node",
                &["-e", "require('jose')"],
                "node with jose on NODE_PATH",
            ),
        ),
        (
            "python",
            "py",
            "python3",
            available(
                "python3",
                &["-c", "import jwt, joserfc"],
                "python3 with pyjwt and joserfc",
            ),
        ),
        php_runner(),
    ];
    for (kind, extension, program, here) in runners {
        let text = sample(&tb, &case, kind);
        assert!(text.contains("JWE_PUBLIC_KEY"), "{kind}: {text}");
        assert!(text.contains("RSA-OAEP-256"), "{kind}: {text}");
        if !here {
            continue;
        }
        let file = tb.file(&format!("liveperson.{extension}"), &text);
        let run = |with_key: bool| {
            let mut cmd = Command::new(program);
            cmd.arg(&file).env(case.env.0, &case.env.1);
            if with_key {
                cmd.env("JWE_PUBLIC_KEY", &lp_public);
            } else {
                cmd.env_remove("JWE_PUBLIC_KEY");
            }
            let out = cmd.output().expect("run sample");
            assert!(
                out.status.success(),
                "{kind}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8_lossy(&out.stdout).trim().to_string()
        };
        let jwe = run(true);
        assert_eq!(jwe.split('.').count(), 5, "{kind}: a JWE: {jwe}");
        let r = tb.run(&[
            "verify",
            &jwe,
            "--preset",
            "liveperson",
            "--key-file",
            &brand_public,
            "--decrypt-key",
            lp.to_str().expect("path"),
            "--json",
        ]);
        assert_eq!(r.code, 0, "{kind}: {}\n{}", r.stdout, r.stderr);
        let report = r.json();
        assert_eq!(report["jwe"]["header"]["alg"], "RSA-OAEP-256", "{kind}");
        assert_eq!(report["jwe"]["header"]["enc"], "A128CBC-HS256", "{kind}");
        assert_eq!(report["jwe"]["header"]["cty"], "JWT", "{kind}");
        let got = report["payload"].as_object().cloned().expect("payload");
        assert_same_claims(&minted_payload(&tb, &case), &got, kind);
        // Without LivePerson's key, the signed token (encryption is optional).
        let signed = run(false);
        assert_eq!(signed.split('.').count(), 3, "{kind}: {signed}");
    }
}
