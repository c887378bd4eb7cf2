//! Identity-hash presets on the real binary: every one checked against Python's `hmac`,
//! Intercom's published worked example, verify's exit codes and named mistakes, the
//! generated samples, the local server, and `presets --json`.
//!
//! Needs `python3` (the standard library's `hmac` is the referee); `node` for the Node.js
//! sample when it is there.

use std::process::Command;

use crate::support::Tb;
use crate::support::server::Server;
use serde_json::Value;

/// Intercom's identity-verification samples README: HMAC-SHA256("secret", "Message").
const INTERCOM_EXAMPLE: &str = "aa747c502a898200f9e4fa21bac68136f886a0e27aec70ba06daf2e2a5cb5597";
const SECRET: &str = "a-shared-identity-secret-0123456789";

fn hash_presets(tb: &Tb) -> Vec<Value> {
    let list = tb.run(&["presets", "--json"]).json();
    list.as_array()
        .expect("a list")
        .iter()
        .filter(|p| p["kind"] == "hash")
        .cloned()
        .collect()
}

/// `--claim NAME=EXAMPLE` for each field with an example, and the text the vendor hashes.
/// A time-bound hash (Sprinklr's) gets its creation time: now, in the preset's unit.
fn fields(p: &Value) -> (Vec<String>, String) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let time = p["hash"]["time"]["field"].as_str().map(|field| {
        let value = if p["hash"]["time"]["unit"] == "milliseconds" {
            now * 1000
        } else {
            now
        };
        (field.to_string(), value.to_string())
    });
    let mut claims: Vec<String> = p["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .filter_map(|c| {
            Some(format!(
                "{}={}",
                c["name"].as_str()?,
                c["example"].as_str()?
            ))
        })
        .collect();
    if let Some((field, value)) = &time {
        claims.push(format!("{field}={value}"));
    }
    let example = |name: &str| {
        if let Some((_, value)) = time.as_ref().filter(|(f, _)| f == name) {
            return Some(value.clone());
        }
        p["claims"]
            .as_array()
            .and_then(|cs| cs.iter().find(|c| c["name"] == name))
            .and_then(|c| c["example"].as_str())
            .map(str::to_string)
    };
    let names = p["hash"]["message"].as_array().expect("message");
    // `first`: the first field with a value; `join`: all, joined by the separator (Re:amaze's
    // "id:email"), an empty one keeping its place.
    let message = if p["hash"]["combine"] == "join" {
        let parts: Vec<String> = names
            .iter()
            .map(|n| n.as_str().and_then(example).unwrap_or_default())
            .collect();
        parts.join(p["hash"]["separator"].as_str().unwrap_or(""))
    } else {
        names
            .iter()
            .find_map(|n| example(n.as_str()?))
            .expect("an example for a hashed field")
    };
    (claims, message)
}

/// The rules of the findings in a `--json` report.
fn rules(r: &crate::support::Run) -> Vec<String> {
    r.json()["findings"]
        .as_array()
        .map(|fs| {
            fs.iter()
                .filter_map(|f| f["rule"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn python_hmac(key: &str, message: &str) -> String {
    let out = Command::new("python3")
        .args([
            "-c",
            "import hashlib, hmac, sys; print(hmac.new(sys.argv[1].encode(), sys.argv[2].encode(), hashlib.sha256).hexdigest())",
            key,
            message,
        ])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn mint(tb: &Tb, id: &str, claims: &[String]) -> crate::support::Run {
    let mut args = vec!["mint", "--preset", id, "--secret-env", "S"];
    for c in claims {
        args.extend(["--claim", c]);
    }
    tb.run(&args)
}

#[test]
fn every_hash_preset_matches_pythons_hmac_and_verifies() {
    if !crate::support::available("python3", &["--version"], "python3") {
        return;
    }
    let tb = Tb::new().env("S", SECRET).env("WRONG", "another-secret");
    let presets = hash_presets(&tb);
    assert!(presets.len() >= 4, "four identity-hash presets at least");
    for p in &presets {
        let id = p["id"].as_str().expect("id");
        let (claims, message) = fields(p);
        let made = mint(&tb, id, &claims);
        assert_eq!(made.code, 0, "{id}: {}", made.stderr);
        let value = made.stdout.trim().to_string();
        assert_eq!(
            value,
            python_hmac(SECRET, &message),
            "{id} against Python's hmac"
        );
        let verify = |value: &str, key: &str| {
            let mut args = vec![
                "verify",
                value,
                "--preset",
                id,
                "--secret-env",
                key,
                "--json",
            ];
            for c in &claims {
                args.extend(["--claim", c.as_str()]);
            }
            tb.run(&args)
        };
        let ok = verify(&value, "S");
        assert_eq!(ok.code, 0, "{id}: {}", ok.stdout);
        assert_eq!(ok.json()["status"], "valid");
        assert_eq!(ok.json()["kind"], "hash");
        let wrong = verify(&value, "WRONG");
        assert_eq!(wrong.code, 1, "{id}: another secret doesn't match");
        assert_eq!(wrong.json()["matches"], false);
        assert!(!wrong.stdout.contains(SECRET), "never the secret");
        // Upper case: refused where the vendor compares exactly, a warning elsewhere.
        let upper = verify(&value.to_uppercase(), "S");
        assert!(
            rules(&upper).contains(&"uppercase-hex".to_string()),
            "{id}: {}",
            upper.stdout
        );
        // Chatwoot and Chaskiq compare with their lower-case hexdigest, exactly.
        let exact = ["chatwoot", "chaskiq-hash"].contains(&id);
        let expected_code = if exact { 1 } else { 0 };
        assert_eq!(upper.code, expected_code, "{id}: {}", upper.stdout);
    }
}

#[test]
fn intercoms_published_example() {
    let tb = Tb::new().env("S", "secret");
    let made = mint(&tb, "intercom-user-hash", &["user_id=Message".into()]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    assert_eq!(made.stdout.trim(), INTERCOM_EXAMPLE);
    // With both, the user id is hashed; the email alone when there is no user id.
    let both = mint(
        &tb,
        "intercom-user-hash",
        &["email=Message".into(), "user_id=u-1".into()],
    );
    assert_ne!(both.stdout.trim(), INTERCOM_EXAMPLE);
    let email = mint(&tb, "intercom-user-hash", &["email=Message".into()]);
    assert_eq!(email.stdout.trim(), INTERCOM_EXAMPLE);
    let json = tb
        .run(&[
            "mint",
            "--preset",
            "intercom-user-hash",
            "--secret-env",
            "S",
            "--claim",
            "user_id=Message",
            "--json",
        ])
        .json();
    assert_eq!(json["kind"], "hash");
    assert_eq!(json["name"], "user_hash");
    assert_eq!(json["value"], INTERCOM_EXAMPLE);
    assert_eq!(json["hashed_field"], "user_id");
}

#[test]
fn the_usual_mistakes_are_named_and_usage_errors_are_one_line() {
    let tb = Tb::new().env("S", SECRET);
    // The email hashed where Intercom wants the user id (both given).
    let by_email = python_hmac(SECRET, "ada@example.com");
    let r = tb.run(&[
        "verify",
        &by_email,
        "--preset",
        "intercom-user-hash",
        "--secret-env",
        "S",
        "--claim",
        "user_id=u-1",
        "--claim",
        "email=ada@example.com",
        "--json",
    ]);
    assert_eq!(r.code, 1);
    assert!(
        rules(&r).contains(&"wrong-field".to_string()),
        "{}",
        r.stdout
    );
    // No preset for something that looks like a hash: say which presets there are.
    let r = tb.run(&["verify", INTERCOM_EXAMPLE, "--secret-env", "S"]);
    assert_eq!(r.code, 2);
    r.assert_one_line_error();
    assert!(r.stderr.contains("chatwoot"), "{}", r.stderr);
    // JWT-only options.
    let r = tb.run(&[
        "mint",
        "--preset",
        "chatwoot",
        "--secret-env",
        "S",
        "--claim",
        "identifier=u",
        "--lifetime",
        "5m",
    ]);
    assert_eq!(r.code, 2);
    r.assert_one_line_error();
    // Nothing to hash.
    let r = tb.run(&["mint", "--preset", "chatwoot", "--secret-env", "S"]);
    assert_eq!(r.code, 2);
    r.assert_one_line_error();
    assert!(
        r.stderr.contains("--claim identifier=VALUE"),
        "{}",
        r.stderr
    );
    // --claim on a JWT is refused, not ignored.
    let r = tb.run(&["verify", "a.b.c", "--secret-env", "S", "--claim", "sub=x"]);
    assert_eq!(r.code, 2);
}

#[test]
fn the_samples_make_the_same_value() {
    let tb = Tb::new().env("S", SECRET);
    for p in hash_presets(&tb) {
        let id = p["id"].as_str().expect("id");
        let (claims, _) = fields(&p);
        let expected = mint(&tb, id, &claims).stdout.trim().to_string();
        for (kind, program, ext) in [("python", "python3", "py"), ("node", "node", "js")] {
            if !crate::support::available(program, &["--version"], program) {
                continue;
            }
            let mut args = vec!["snippet", kind, "--preset", id, "--secret-env", "S"];
            for c in &claims {
                args.extend(["--claim", c.as_str()]);
            }
            let sample = tb.run(&args);
            assert_eq!(sample.code, 0, "{id} {kind}: {}", sample.stderr);
            assert!(
                !sample.stdout.contains(SECRET),
                "the secret never goes into a sample"
            );
            let file = tb.file(&format!("{id}.{ext}"), &sample.stdout);
            let out = Command::new(program)
                .arg(&file)
                .env("IDENTITY_SECRET", SECRET)
                .output()
                .expect("run the sample");
            assert!(
                out.status.success(),
                "{id} {kind}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(
                String::from_utf8_lossy(&out.stdout).trim(),
                expected,
                "{id} {kind}"
            );
        }
    }
}

#[test]
fn the_server_answers_the_hash_and_the_fields_the_page_needs() {
    let server = Server::start(&[
        "--preset",
        "chatwoot",
        "--secret-env",
        "S",
        "--claim",
        "identifier=u-1",
    ]);
    let tb = Tb::new().env("S", crate::support::CONNECT_SECRET);
    let (status, _, body) = server.get("/token?identifier=Message");
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["fields"]["identifier"], "Message");
    let value = v["data"].as_str().unwrap();
    let check = tb.run(&[
        "verify",
        value,
        "--preset",
        "chatwoot",
        "--secret-env",
        "S",
        "--claim",
        "identifier=Message",
    ]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let (_, _, default) = server.get("/token.txt");
    assert_eq!(default.len(), 64, "{default}");
    let (status, _, posted) = server.post("/token", br#"{"identifier": "u-9"}"#);
    assert_eq!(status, 200);
    assert!(posted.contains("\"u-9\""), "{posted}");
    let (status, _, refused) = server.post("/token", br#"{"nickname": "x"}"#);
    assert_eq!(status, 400);
    assert!(refused.contains("nickname"), "{refused}");
    let (status, _, page) = server.get("/");
    assert_eq!(status, 200);
    assert!(
        page.contains("The visitor's identity hash"),
        "the demo page says what it shows"
    );
}

#[test]
fn presets_list_both_kinds_with_their_sources() {
    let tb = Tb::new();
    let list = tb.run(&["presets", "--json"]).json();
    let all = list.as_array().unwrap();
    let jwt = all.iter().filter(|p| p["kind"] == "jwt").count();
    let hash = all.iter().filter(|p| p["kind"] == "hash").count();
    assert!(jwt >= 19, "{jwt} JWT presets");
    assert!(hash >= 4, "{hash} identity-hash presets");
    for p in all {
        assert!(
            p["sources"].as_array().is_some_and(|s| !s.is_empty()),
            "{} cites its sources",
            p["id"]
        );
    }
    let text = tb.run(&["presets"]).stdout;
    assert!(text.contains("HMAC-SHA256 hash"), "{text}");
}

/// `tokenbench COMMAND [VALUE] --preset sprinklr` for the visitor u-1 (ada@example.com), with
/// the creation time when given.
fn sprinklr(tb: &Tb, command: &str, value: Option<&str>, time: Option<i64>) -> crate::support::Run {
    let time = time.map(|t| format!("hashCreationTime={t}"));
    let mut args = vec![command];
    args.extend(value);
    args.extend(["--preset", "sprinklr", "--secret-env", "S", "--json"]);
    args.extend(["--claim", "id=u-1", "--claim", "email=ada@example.com"]);
    if let Some(t) = &time {
        args.extend(["--claim", t.as_str()]);
    }
    tb.run(&args)
}

#[test]
fn a_sprinklr_hash_counts_its_minute() {
    let tb = Tb::new().env("S", SECRET);
    let made = sprinklr(&tb, "mint", None, None).json();
    // The creation time is stamped now, in epoch milliseconds, and hashed last.
    let stamped = made["fields"]["hashCreationTime"]
        .as_i64()
        .expect("a time in ms");
    assert!(stamped > 1_700_000_000_000, "{stamped} is in milliseconds");
    let value = made["value"].as_str().expect("value");
    if crate::support::available("python3", &["--version"], "python3") {
        let message = format!("u-1_____ada@example.com_{stamped}");
        assert_eq!(value, python_hmac(SECRET, &message));
    }
    let fresh = sprinklr(&tb, "verify", Some(value), Some(stamped));
    assert_eq!(fresh.code, 0, "{}", fresh.stdout);
    // Made two minutes earlier: the right HMAC, and the time named as outside Sprinklr's
    // minute.
    let earlier = stamped - 120_000;
    let old = sprinklr(&tb, "mint", None, Some(earlier)).json();
    let old_value = old["value"].as_str().expect("value");
    let late = sprinklr(&tb, "verify", Some(old_value), Some(earlier));
    assert_eq!(late.code, 1, "{}", late.stdout);
    assert_eq!(late.json()["matches"], true);
    assert!(rules(&late).contains(&"hash-time-window".to_string()));
}

#[test]
fn crisps_unconfirmed_encoding_is_tried_both_ways() {
    let tb = Tb::new().env("S", "crisp-secret");
    // Python: hmac.new(b"crisp-secret", b"ada@example.com", sha256), hex and base64.
    for (value, named) in [
        (
            "7897b0ccab24bae43d5e785e09c8d865f5358c9508a388134d5f2097ed918999",
            "hex",
        ),
        ("eJewzKskuuQ9XnheCcjYZfU1jJUIo4gTTV8gl+2RiZk=", "base64"),
    ] {
        let r = tb.run(&[
            "verify",
            value,
            "--preset",
            "crisp",
            "--secret-env",
            "S",
            "--claim",
            "email=ada@example.com",
        ]);
        assert_eq!(r.code, 0, "{named}: {}", r.stdout);
        assert!(
            r.stdout.contains("matched written in") && r.stdout.contains(named),
            "{}",
            r.stdout
        );
    }
}
