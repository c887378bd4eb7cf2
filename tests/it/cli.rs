//! The command-line contract, exercised through the real binary.

use serde_json::json;

use crate::support::{CONNECT_SECRET, RFC7515_A1_K, RFC7515_A1_TOKEN, Tb};

fn connect() -> Tb {
    Tb::new().env("CONNECT_KEY", CONNECT_SECRET)
}

/// `tokenbench verify TOKEN --secret-env CONNECT_KEY` with `extra` options.
fn verify_connect(tb: &Tb, token: &str, extra: &[&str]) -> crate::support::Run {
    let mut args = vec!["verify", token, "--secret-env", "CONNECT_KEY"];
    args.extend_from_slice(extra);
    tb.run(&args)
}

fn mint_connect(tb: &Tb, extra: &[&str]) -> crate::support::Run {
    let mut args = vec![
        "mint",
        "--preset",
        "amazon-connect",
        "--secret-env",
        "CONNECT_KEY",
        "--claim",
        "sub=widget-1",
    ];
    args.extend_from_slice(extra);
    tb.run(&args)
}

#[test]
fn presets_lists_every_vendor() {
    let tb = Tb::new();
    let r = tb.run(&["presets"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for id in [
        "amazon-connect",
        "microsoft-omnichannel",
        "tiledesk",
        "zendesk-messaging",
        "twilio-access-token",
        "chatwoot",
        "generic",
    ] {
        assert!(r.stdout.contains(id), "{id} missing:\n{}", r.stdout);
    }
    let list = tb.run(&["presets", "--json"]).json();
    let list = list.as_array().expect("array");
    assert_eq!(
        list.len(),
        39,
        "26 JWT presets (one always encrypted), 10 identity hashes and 3 tokens the vendor issues"
    );
    // JWT presets say whether the vendor takes them encrypted; hashes don't.
    let encryption = |id: &str| {
        let p = list.iter().find(|p| p["id"] == id).expect(id);
        (p["kind"].clone(), p.get("encryption").cloned())
    };
    assert_eq!(
        encryption("liveperson"),
        (json!("jwt"), Some(json!("optional")))
    );
    assert_eq!(
        encryption("amazon-connect"),
        (json!("jwt"), Some(json!("none")))
    );
    assert_eq!(encryption("chatwoot"), (json!("hash"), None));
    assert_eq!(encryption("hubspot-visitor"), (json!("issued"), None));
    let ada = list
        .iter()
        .find(|p| p["id"] == "ada-identity")
        .expect("ada");
    assert_eq!(ada["max_lifetime"], 900);
    assert_eq!(ada["issued"]["single_use"], true);
    assert!((ada["issued"]["request"].as_str().expect("request")).contains("/api/v2/auth/tokens/"));
    let omni = list
        .iter()
        .find(|p| p["id"] == "microsoft-omnichannel")
        .expect("omnichannel");
    assert_eq!(omni["algorithm"], "RS256");
    assert!(
        omni["name"]
            .as_str()
            .is_some_and(|n| n.contains("Omnichannel"))
    );
}

#[test]
fn mint_connect_token_that_verifies() {
    let tb = connect();
    let r = mint_connect(&tb, &["--attr", "customerId=42", "--now", "1800000000"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let token = r.stdout.trim();
    assert_eq!(token.split('.').count(), 3);
    let v = verify_connect(
        &tb,
        token,
        &[
            "--preset",
            "amazon-connect",
            "--json",
            "--now",
            "1800000100",
        ],
    );
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
    let report = v.json();
    assert_eq!(report["signature_valid"], true);
    assert_eq!(report["status"], "valid");
    assert_eq!(report["payload"]["sub"], "widget-1");
    assert_eq!(report["payload"]["attributes"]["customerId"], "42");
    assert_eq!(report["payload"]["iat"], 1_800_000_000);
    assert_eq!(report["payload"]["exp"], 1_800_000_500);
    assert_eq!(report["times"]["exp"]["utc"], "2027-01-15 08:08:20 UTC");
    assert_eq!(report["findings"].as_array().map(Vec::len), Some(0));
}

#[test]
fn mint_json_and_lifetime() {
    let tb = connect();
    let r = mint_connect(&tb, &["--json", "--lifetime", "1h30m", "--now", "1000"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.json();
    assert_eq!(out["header"]["alg"], "HS256");
    assert_eq!(out["payload"]["exp"], 1000 + 5400);
    assert!(out["token"].as_str().is_some_and(|t| t.starts_with("eyJ")));
    // Longer than Connect's 10 minutes: minted (it is a test tool) with a warning.
    assert!(
        r.stderr.contains("warning:") && r.stderr.contains("max-lifetime"),
        "{}",
        r.stderr
    );
    for lifetime in ["600", "600s", "10m"] {
        let out = mint_connect(&tb, &["--json", "--lifetime", lifetime, "--now", "1000"]).json();
        assert_eq!(out["payload"]["exp"], 1600, "{lifetime}");
    }
    mint_connect(&tb, &["--lifetime", "ten minutes"]).assert_one_line_error();
}

#[test]
fn secret_sources_agree() {
    let tb = connect();
    let file = tb.file("secret.txt", format!("{CONNECT_SECRET}\n"));
    let file = file.to_str().expect("utf-8 path");
    let base = [
        "mint",
        "--preset",
        "amazon-connect",
        "--claim",
        "sub=w",
        "--now",
        "1000",
    ];
    let from_env = tb.run(&[&base[..], &["--secret-env", "CONNECT_KEY"]].concat());
    let from_file = tb.run(&[&base[..], &["--secret-file", file]].concat());
    let from_stdin = tb.run_stdin(
        &[&base[..], &["--secret-stdin"]].concat(),
        Some(format!("{CONNECT_SECRET}\n").as_bytes()),
    );
    assert_eq!(from_env.code, 0, "{}", from_env.stderr);
    assert_eq!(from_env.stdout, from_file.stdout);
    assert_eq!(from_env.stdout, from_stdin.stdout);
}

#[test]
fn secrets_are_never_arguments_and_never_echoed() {
    let tb = Tb::new();
    let r = tb.run(&["mint", "--preset", "generic", "--secret", "hunter2-hunter2"]);
    r.assert_one_line_error();
    assert!(r.stderr.contains("--secret-env"), "{}", r.stderr);
    assert!(!r.stderr.contains("hunter2"), "{}", r.stderr);
}

#[test]
fn mint_refusals_are_one_line_and_name_the_problem() {
    let tb = connect();
    let r = tb.run(&[
        "mint",
        "--preset",
        "amazon-connect",
        "--secret-env",
        "CONNECT_KEY",
    ]);
    r.assert_one_line_error();
    assert!(
        r.stderr.contains("\"sub\"") && r.stderr.contains("--claim sub="),
        "{}",
        r.stderr
    );
    let r = tb.run(&["mint", "--preset", "no-such", "--secret-env", "CONNECT_KEY"]);
    r.assert_one_line_error();
    assert!(
        r.stderr.contains("amazon-connect"),
        "lists the ids: {}",
        r.stderr
    );
    tb.run(&["mint", "--preset", "amazon-connect", "--claim", "sub=w"])
        .assert_one_line_error();
    tb.run(&[
        "mint",
        "--preset",
        "amazon-connect",
        "--secret-env",
        "NOT_SET_ANYWHERE",
        "--claim",
        "sub=w",
    ])
    .assert_one_line_error();
    mint_connect(&tb, &["--claim", "novalue"]).assert_one_line_error();
    let r = tb.run(&[
        "mint",
        "--preset",
        "zendesk-messaging",
        "--secret-env",
        "CONNECT_KEY",
        "--claim",
        "external_id=1",
    ]);
    r.assert_one_line_error();
    assert!(r.stderr.contains("--kid"), "{}", r.stderr);
    let r = tb.run(&[
        "mint",
        "--preset",
        "microsoft-omnichannel",
        "--secret-env",
        "CONNECT_KEY",
    ]);
    r.assert_one_line_error();
    assert!(r.stderr.contains("RSA"), "{}", r.stderr);
    tb.run(&["mint", "--unknown-flag"]).assert_one_line_error();
    let r = tb.run(&["mint"]);
    r.assert_one_line_error();
    assert!(
        r.stderr.contains("--preset"),
        "names the missing argument: {}",
        r.stderr
    );
}

#[test]
fn inspect_rfc7519_example() {
    let tb = Tb::new();
    let r = tb.run(&["inspect", RFC7515_A1_TOKEN, "--json", "--now", "1300819000"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let report = r.json();
    assert_eq!(report["header"]["alg"], "HS256");
    assert_eq!(report["payload"]["iss"], "joe");
    assert_eq!(report["payload"]["http://example.com/is_root"], true);
    assert_eq!(report["signature_valid"], serde_json::Value::Null);
    assert_eq!(report["status"], "valid");
    assert_eq!(report["times"]["exp"]["value"], 1_300_819_380);
    assert_eq!(report["times"]["exp"]["utc"], "2011-03-22 18:43:00 UTC");
    // Today it is long expired: exit 1.
    let r = tb.run(&["inspect", RFC7515_A1_TOKEN, "--json"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.json()["status"], "expired");
    let finding = &r.json()["findings"][0];
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["claim"], "exp");
    assert_eq!(finding["rule"], "expired");
    assert!(
        finding["message"]
            .as_str()
            .is_some_and(|m| m.contains("Expired"))
    );
}

#[test]
fn verify_with_each_secret_encoding() {
    let tb = Tb::new()
        .env("RFC_KEY", RFC7515_A1_K)
        .env("WRONG", "not-the-key-not-the-key-not-the-key");
    let ok = tb.run(&[
        "verify",
        RFC7515_A1_TOKEN,
        "--secret-env",
        "RFC_KEY",
        "--secret-encoding",
        "base64url",
        "--json",
        "--now",
        "1300819000",
    ]);
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    assert_eq!(ok.json()["signature_valid"], true);
    let bad = tb.run(&[
        "verify",
        RFC7515_A1_TOKEN,
        "--secret-env",
        "WRONG",
        "--json",
        "--now",
        "1300819000",
    ]);
    assert_eq!(bad.code, 1);
    assert_eq!(bad.json()["signature_valid"], false);
    assert_eq!(bad.json()["status"], "invalid");
    // The text's own bytes (the default) are a different key.
    let utf8 = tb.run(&[
        "verify",
        RFC7515_A1_TOKEN,
        "--secret-env",
        "RFC_KEY",
        "--now",
        "1300819000",
    ]);
    assert_eq!(utf8.code, 1);
    let jwk = tb.file("k.jwk", format!(r#"{{"kty":"oct","k":"{RFC7515_A1_K}"}}"#));
    let r = tb.run(&[
        "verify",
        RFC7515_A1_TOKEN,
        "--key-file",
        jwk.to_str().expect("path"),
        "--now",
        "1300819000",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("Signature  valid"), "{}", r.stdout);
}

#[test]
fn verify_needs_a_key_and_reads_the_token_from_stdin() {
    let tb = connect();
    tb.run(&["verify", RFC7515_A1_TOKEN])
        .assert_one_line_error();
    let token = mint_connect(&tb, &[]).stdout;
    let r = tb.run_stdin(
        &["verify", "--secret-env", "CONNECT_KEY"],
        Some(format!("Bearer {token}").as_bytes()),
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let r = tb.run_stdin(
        &["verify", "-", "--secret-env", "CONNECT_KEY", "--json"],
        Some(token.as_bytes()),
    );
    assert_eq!(r.json()["signature_valid"], true);
    tb.run_stdin(&["verify", "--secret-stdin"], Some(b"x"))
        .assert_one_line_error();
}

#[test]
fn unreadable_tokens_exit_2_and_json_shows_what_decoded() {
    let tb = Tb::new();
    let r = tb.run(&["inspect", "eyJhbGciOiJIUzI1NiJ9.not*base64.sig", "--json"]);
    r.assert_one_line_error();
    let report = r.json();
    assert_eq!(report["header"]["alg"], "HS256");
    assert_eq!(report["payload"], serde_json::Value::Null);
    assert_eq!(report["status"], "invalid");
    assert!(r.stderr.contains("payload"), "{}", r.stderr);
    for garbage in ["", "hello", "a.b", "....", "eyJ.eyJ.x"] {
        tb.run(&["inspect", garbage]).assert_one_line_error();
    }
    tb.run_stdin(&["inspect"], Some(&[0xff, 0xfe, 0x00, 0x80]))
        .assert_one_line_error();
    let big = format!("eyJhbGciOiJIUzI1NiJ9.{}.sig", "A".repeat(10 << 20));
    let r = tb.run_stdin(&["inspect", "-"], Some(big.as_bytes()));
    assert!(r.code == 2 || r.code == 1, "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"));
}

#[test]
fn alg_none_is_invalid() {
    let tb = connect();
    let none = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ3In0.";
    let r = tb.run(&["inspect", none, "--json"]);
    assert_eq!(r.code, 1);
    assert!(
        r.json()["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["rule"] == "alg-none")
    );
    let r = tb.run(&["verify", none, "--secret-env", "CONNECT_KEY", "--json"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.json()["signature_valid"], false);
}

#[test]
fn keygen_writes_a_pair_that_mints_and_verifies() {
    let tb = Tb::new();
    for alg in ["RS256", "PS384", "ES256", "ES384", "EdDSA"] {
        let out = tb.dir().join(format!("key-{alg}.pem"));
        let out_s = out.to_str().expect("path");
        let r = tb.run(&["keygen", "--alg", alg, "--out", out_s]);
        assert_eq!(r.code, 0, "{alg}: {}", r.stderr);
        let private = std::fs::read_to_string(&out).expect("private key written");
        assert!(private.starts_with("-----BEGIN PRIVATE KEY-----"), "{alg}");
        let public = std::fs::read_to_string(format!("{out_s}.pub")).expect("public key written");
        assert!(public.starts_with("-----BEGIN PUBLIC KEY-----"), "{alg}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&out).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{alg}: private key is private");
        }
        let token = tb.run(&[
            "mint",
            "--preset",
            "generic",
            "--key-file",
            out_s,
            "--alg",
            alg,
            "--claim",
            "sub=me",
        ]);
        assert_eq!(token.code, 0, "{alg}: {}", token.stderr);
        let v = tb.run(&[
            "verify",
            token.stdout.trim(),
            "--key-file",
            &format!("{out_s}.pub"),
            "--json",
        ]);
        assert_eq!(v.code, 0, "{alg}: {}{}", v.stdout, v.stderr);
        assert_eq!(v.json()["header"]["alg"], alg);
        // Refuses to overwrite.
        tb.run(&["keygen", "--alg", alg, "--out", out_s])
            .assert_one_line_error();
    }
    let r = tb.run(&["keygen", "--alg", "ES256"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("BEGIN PRIVATE KEY") && r.stdout.contains("BEGIN PUBLIC KEY"));
    let r = tb.run(&[
        "keygen",
        "--alg",
        "RS256",
        "--public-format",
        "omnichannel",
        "--kid",
        "k1",
    ]);
    assert!(
        r.stdout.contains("\"publicKey\"") && r.stdout.contains("\"k1\""),
        "{}",
        r.stdout
    );
    tb.run(&["keygen", "--alg", "HS256"])
        .assert_one_line_error();
    tb.run(&["keygen", "--alg", "RS256", "--bits", "1024"])
        .assert_one_line_error();
}

#[test]
fn omnichannel_mint_with_rsa_key_and_attributes() {
    let tb = Tb::new();
    let key = tb.dir().join("omni.pem");
    let key_s = key.to_str().expect("path");
    assert_eq!(
        tb.run(&["keygen", "--alg", "RS256", "--out", key_s]).code,
        0
    );
    let r = tb.run(&[
        "mint",
        "--preset",
        "microsoft-omnichannel",
        "--key-file",
        key_s,
        "--json",
        "--claim",
        "sub=aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb",
        "--claim",
        "iss=contoso.com",
        "--attr",
        "msdyn_cartvalue=10000",
        "--kid",
        "k-1",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.json();
    assert_eq!(
        out["header"],
        serde_json::json!({"alg": "RS256", "typ": "JWT", "kid": "k-1"})
    );
    assert_eq!(
        out["payload"]["lwicontexts"],
        "{\"msdyn_cartvalue\":\"10000\"}"
    );
    let token = out["token"].as_str().expect("token");
    let v = tb.run(&[
        "verify",
        token,
        "--key-file",
        &format!("{key_s}.pub"),
        "--preset",
        "microsoft-omnichannel",
    ]);
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
}

#[test]
fn algorithm_confusion_is_refused() {
    let tb = Tb::new();
    let key = tb.dir().join("rsa.pem");
    let key_s = key.to_str().expect("path");
    assert_eq!(
        tb.run(&["keygen", "--alg", "RS256", "--out", key_s]).code,
        0
    );
    let public_pem = format!("{key_s}.pub");
    // tokenbench won't sign HS256 with the public key's PEM text as the HMAC secret…
    let refused = tb.run(&[
        "mint",
        "--preset",
        "generic",
        "--secret-file",
        &public_pem,
        "--claim",
        "admin=true",
    ]);
    refused.assert_one_line_error();
    assert!(
        refused.stderr.contains("key confusion"),
        "{}",
        refused.stderr
    );
    // …but an attacker will; the public key, as a key, refuses the forgery.
    let forged = crate::support::forge_hs256(
        &std::fs::read(&public_pem).unwrap(),
        &serde_json::json!({"admin": true}),
    );
    let r = tb.run(&["verify", &forged, "--key-file", &public_pem, "--json"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.json()["signature_valid"], false);
}

#[test]
fn tiledesk_docs_shape_is_flagged() {
    let tb = connect();
    let r = tb.run(&[
        "mint",
        "--preset",
        "generic",
        "--secret-env",
        "CONNECT_KEY",
        "--claim",
        "name=Jane",
        "--claim",
        "email=j@example.com",
        "--claim",
        "external_id=abc",
    ]);
    let v = tb.run(&["inspect", r.stdout.trim(), "--preset", "tiledesk", "--json"]);
    assert_eq!(v.code, 1);
    let rules: Vec<String> = v.json()["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(
        rules.contains(&"widget-docs-shape".to_string()),
        "{rules:?}"
    );
    assert!(rules.contains(&"required".to_string()), "{rules:?}");
}

#[test]
fn user_presets_extend_override_and_fail_alone() {
    let tb = connect();
    let presets = tb.dir().join("presets");
    std::fs::create_dir_all(&presets).expect("mkdir");
    std::fs::write(
        presets.join("broken.toml"),
        "id = \"broken\"\n[[claims]\nname=",
    )
    .expect("write");
    std::fs::write(
        presets.join("acme.toml"),
        "id = \"acme\"\nname = \"ACME chat\"\nvendor = \"ACME\"\n[key]\nalgorithms = [\"HS512\"]\n[lifetime]\ndefault = \"2m\"\n[[header]]\nname = \"alg\"\nfill = \"algorithm\"\n[[claims]]\nname = \"visitor\"\nrequired = true\nsource = \"https://acme.example/docs\"\n[[claims]]\nname = \"iat\"\ntype = \"numericdate\"\nfill = \"clock\"\n[[claims]]\nname = \"exp\"\ntype = \"numericdate\"\nfill = \"lifetime\"\n",
    )
    .expect("write");
    let r = tb.run(&["presets"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("acme") && r.stdout.contains("amazon-connect"),
        "{}",
        r.stdout
    );
    let warning: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(warning.len(), 1, "{}", r.stderr);
    assert!(
        warning[0].contains("broken.toml") && warning[0].contains("line 2"),
        "{}",
        r.stderr
    );
    let m = tb.run(&[
        "mint",
        "--preset",
        "acme",
        "--secret-env",
        "CONNECT_KEY",
        "--claim",
        "visitor=v1",
        "--json",
        "--now",
        "100",
    ]);
    assert_eq!(m.code, 0, "{}", m.stderr);
    assert_eq!(m.json()["header"]["alg"], "HS512");
    assert_eq!(
        m.json()["payload"],
        serde_json::json!({"visitor": "v1", "iat": 100, "exp": 220})
    );
}

#[test]
fn help_and_version_exit_0() {
    let tb = Tb::new();
    let r = tb.run(&["--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("mint") && r.stdout.contains("verify"));
    let r = tb.run(&["--version"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("tokenbench "));
}

#[test]
fn leeway_alg_pinning_and_preset_suggestion() {
    let tb = connect();
    let token = mint_connect(&tb, &["--now", "1000"]).stdout;
    let token = token.trim();
    // exp = 1500; at 1560 it expired a minute ago, within a 2-minute leeway.
    let r = verify_connect(&tb, token, &["--now", "1560", "--json"]);
    assert_eq!((r.code, r.json()["status"].as_str()), (1, Some("expired")));
    let r = verify_connect(&tb, token, &["--now", "1560", "--leeway", "2m", "--json"]);
    assert_eq!((r.code, r.json()["status"].as_str()), (0, Some("valid")));
    // Pinning the algorithm like PyJWT's algorithms=[...].
    let r = verify_connect(&tb, token, &["--now", "1100", "--alg", "HS512", "--json"]);
    assert_eq!(r.code, 1);
    assert!(
        r.json()["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["rule"] == "alg-not-allowed")
    );
    // Without --preset, the report says which vendor the token looks like.
    let r = tb.run(&["inspect", token, "--now", "1100", "--json"]);
    assert_eq!(r.json()["suggested_preset"], "amazon-connect");
    let tiledesk = tb.run(&[
        "mint",
        "--preset",
        "tiledesk",
        "--secret-env",
        "CONNECT_KEY",
        "--claim",
        "aud=https://tiledesk.com/projects/p1",
        "--claim",
        "_id=p1_u1",
    ]);
    assert_eq!(tiledesk.code, 0, "{}", tiledesk.stderr);
    let r = tb.run(&["inspect", tiledesk.stdout.trim(), "--json"]);
    assert_eq!(r.json()["suggested_preset"], "tiledesk");
}

#[test]
fn completions_for_each_shell_and_a_clear_refusal_otherwise() {
    let tb = Tb::new();
    for (shell, marker) in [
        ("bash", "complete -F _tokenbench"),
        ("zsh", "#compdef tokenbench"),
        ("fish", "complete -c tokenbench"),
    ] {
        let r = tb.run(&["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        assert!(r.stdout.contains(marker), "{shell}");
        assert!(r.stdout.contains("mint"), "{shell} completes the commands");
    }
    let r = tb.run(&["completions", "tcsh"]);
    assert_eq!(r.code, 2);
    r.assert_one_line_error();
}

#[test]
fn kustomer_tokens_expire_fifteen_minutes_after_iat() {
    // Kustomer's token has no exp; Kustomer takes it for 15 minutes after iat.
    let tb = connect();
    let minted = tb.run(&[
        "mint",
        "--preset",
        "kustomer",
        "--secret-env",
        "CONNECT_KEY",
        "--claim",
        "externalId=customer-42",
        "--now",
        "1000",
    ]);
    assert_eq!(minted.code, 0, "{}", minted.stderr);
    let token = minted.stdout.trim();
    let verify = |now: &str, extra: &[&str]| {
        let mut args = vec![
            "verify",
            token,
            "--preset",
            "kustomer",
            "--secret-env",
            "CONNECT_KEY",
            "--now",
            now,
            "--json",
        ];
        args.extend_from_slice(extra);
        tb.run(&args)
    };
    let rules = |r: &crate::support::Run| -> Vec<String> {
        (r.json()["findings"].as_array().cloned().unwrap_or_default())
            .iter()
            .filter(|f| f["severity"] == "error")
            .map(|f| f["rule"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let fresh = verify("1899", &[]);
    assert_eq!(
        (fresh.code, fresh.json()["status"].as_str()),
        (0, Some("valid"))
    );
    let old = verify("1960", &[]);
    assert_eq!(
        (old.code, old.json()["status"].as_str()),
        (1, Some("expired"))
    );
    assert_eq!(rules(&old), ["too-old"]);
    // The clock-skew tolerance counts here as it does for exp.
    let skewed = verify("1960", &["--leeway", "2m"]);
    assert_eq!(
        (skewed.code, skewed.json()["status"].as_str()),
        (0, Some("valid"))
    );
}

#[test]
fn a_token_the_vendor_issues_is_read_not_minted() {
    let tb = Tb::new().env("S", "a-secret-of-thirty-two-bytes-long!!");
    for id in ["hubspot-visitor", "ada-identity", "genesys-messenger"] {
        let r = tb.run(&["mint", "--preset", id, "--secret-env", "S"]);
        assert_eq!(r.code, 2, "{id}: {}", r.stdout);
        assert_eq!(r.stderr.trim().lines().count(), 1, "one line: {}", r.stderr);
        assert!(
            r.stderr.contains("issues") && r.stderr.contains("can't make one"),
            "{}",
            r.stderr
        );
    }
    // A generic HS256 token with these claims, inspected against `preset`.
    let inspect_as = |preset: &str, claims: &[String]| {
        let mut args = vec!["mint", "--preset", "generic", "--secret-env", "S"];
        for c in claims {
            args.extend(["--claim", c.as_str()]);
        }
        let token = tb.run(&args).stdout;
        tb.run(&["inspect", token.trim(), "--preset", preset, "--json"])
    };
    // An Ada token that claims to live an hour: Ada's live 15 minutes.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let r = inspect_as(
        "ada-identity",
        &[format!("iat={now}"), format!("exp={}", now + 3600)],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("15 minutes after minting"),
        "{}",
        r.stdout
    );
    // A Genesys id_token with aud as an array: one string is what Genesys takes.
    let r = inspect_as(
        "genesys-messenger",
        &[
            "iss=https://idp.example.com".into(),
            "sub=u-1".into(),
            r#"aud=["a","b"]"#.into(),
        ],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("aud must be a string"), "{}", r.stdout);
}
