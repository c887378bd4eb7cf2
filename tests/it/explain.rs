//! `tokenbench explain` on what vendors really answer (each text as the vendor's docs, code
//! or an issue thread shows it, cited beside it): the error matched, its rules and fix, the
//! token checked against them, and the exit codes.

use crate::support::{CONNECT_SECRET, Tb};

/// (what the widget or its API said, the preset it is, a rule it names, where it is from)
const ANSWERS: &[(&str, &str, &str, &str)] = &[
    (
        r#"{"error":{"code":"invalid_auth","description":"Invalid JWT header. Missing key id (kid)"}}"#,
        "zendesk-messaging",
        "kid",
        "github.com/zendesk/sunshine-conversations-ios/issues/171",
    ),
    (
        r#"{"internalErrorCode":"9007"}"#,
        "liveperson",
        "signature",
        "github.com/LivePersonInc/developer-center/issues/198",
    ),
    (
        r#"{"error":"HMAC failed: Invalid Identifier Hash Provided"}"#,
        "chatwoot",
        "hash",
        "github.com/chatwoot/chatwoot app/controllers/api/v1/widget/base_controller.rb",
    ),
    (
        r#"{"code": 20104, "message": "Access Token expired or expiration date invalid", "more_info": "https://www.twilio.com/docs/errors/20104", "status": 401}"#,
        "twilio-access-token",
        "expired",
        "twilio.com/docs/api/errors/20104",
    ),
    (
        r#"{"code":43,"message":"JWTAuth error: signature is not valid. Make sure the token is created using the secret for API key \"k3y\"","StatusCode":401}"#,
        "stream-chat",
        "signature",
        "getstream.io/chat/docs/api/errors (code 43)",
    ),
    (
        "Error: JWTAuth error: token used before issue at (iat)",
        "stream-chat",
        "not-yet-valid",
        "getstream.io/chat/docs/api/errors (code 42)",
    ),
    (
        r#"{"statusCode":401,"errorCode":"BP_0401","type":"InvalidExternalToken","message":"Unauthorized: jwt expired"}"#,
        "botpress-v12",
        "expired",
        "github.com/botpress/v12 packages/bp/src/core/app/server.ts",
    ),
    (
        r#"{"code":401,"type":"Unauthorized","message":"Invalid user key"}"#,
        "botpress-chat",
        "signature",
        "github.com/botpress/botpress integrations/chat/src/auth-key.ts",
    ),
    (
        "Authentication Setup Error: New authentication token is already expired",
        "microsoft-omnichannel",
        "expired",
        "github.com/microsoft/omnichannel-chat-widget (LiveChatWidget auth)",
    ),
    (
        r#"{"success":false,"msg":"JWT Aud field is required"}"#,
        "tiledesk",
        "claim:aud",
        "github.com/Tiledesk/tiledesk-server routes/auth.js",
    ),
];

#[test]
fn every_vendor_answer_is_matched_to_its_error_and_rules() {
    let tb = Tb::new();
    for (text, preset, rule, source) in ANSWERS {
        let r = tb.run(&["explain", text, "--json"]);
        assert_eq!(r.code, 0, "{source}: {}\n{}", r.stdout, r.stderr);
        let out = r.json();
        let first = &out["matches"][0];
        assert_eq!(first["preset"], *preset, "{source}: {}", r.stdout);
        let rules = first["rules"].to_string();
        assert!(rules.contains(&format!("\"{rule}\"")), "{source}: {rules}");
        for field in ["meaning", "fix", "source"] {
            assert!(
                first[field].as_str().is_some_and(|s| !s.is_empty()),
                "{source}: {field}"
            );
        }
        assert!(out["token"].is_null());
    }
    // The text output says the same in lines.
    let r = tb.run(&["explain", ANSWERS[0].0]);
    assert!(r.stdout.starts_with("Matched  Zendesk"), "{}", r.stdout);
    assert!(r.stdout.contains("\nFix      "), "{}", r.stdout);
}

#[test]
fn one_error_not_every_error_with_its_code() {
    let tb = Tb::new();
    // BP_0401 with jsonwebtoken's "jwt expired": that error, not all of Botpress's 401s.
    let r = tb.run(&["explain", ANSWERS[6].0, "--json"]);
    let matches = r.json()["matches"].as_array().cloned().unwrap_or_default();
    assert_eq!(matches.len(), 1, "{}", r.stdout);
    // The code alone: each error it can be, with its meaning.
    let r = tb.run(&["explain", "BP_0401", "--json"]);
    let matches = r.json()["matches"].as_array().cloned().unwrap_or_default();
    assert!(matches.len() > 1, "{}", r.stdout);
    assert!(matches.iter().all(|m| m["code"] == "BP_0401"));
    // A short code needs its vendor: "43" is anyone's number, Stream's with --preset.
    assert_eq!(tb.run(&["explain", "43"]).code, 1);
    let r = tb.run(&["explain", "43", "--preset", "stream-chat", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.json()["matches"][0]["rules"][0], "signature");
    // A bare "Unauthorized" is anyone's too.
    assert_eq!(tb.run(&["explain", "401 Unauthorized"]).code, 1);
}

#[test]
fn nothing_matched_says_so_and_names_the_closest_vendors() {
    let tb = Tb::new();
    let r = tb.run(&["explain", "the twilio chat would not start"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.contains("No vendor error"), "{}", r.stdout);
    assert!(r.stdout.contains("Closest: Twilio"), "{}", r.stdout);
    let json = tb
        .run(&["explain", "the twilio chat would not start", "--json"])
        .json();
    assert_eq!(json["matches"], serde_json::json!([]));
    assert_eq!(json["closest"][0], "twilio-access-token");
    // Bad usage: exit 2, one line.
    tb.run(&["explain", "  "]).assert_one_line_error();
    tb.run(&["explain", "x", "--preset", "no-such-vendor"])
        .assert_one_line_error();
}

#[test]
fn with_the_token_it_says_whether_this_token_breaks_those_rules() {
    let tb = Tb::new().env("S", CONNECT_SECRET);
    let zendesk = ANSWERS[0].0;
    let mint = |extra: &[&str]| {
        let mut args = vec![
            "mint",
            "--preset",
            "generic",
            "--secret-env",
            "S",
            "--claim",
            "external_id=u-1",
            "--claim",
            "scope=user",
        ];
        args.extend_from_slice(extra);
        let r = tb.run(&args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout.trim().to_string()
    };
    let without_kid = mint(&[]);
    let r = tb.run(&[
        "explain",
        zendesk,
        "--token",
        &without_kid,
        "--secret-env",
        "S",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let out = r.json();
    assert_eq!(out["token_breaks"], serde_json::json!(["kid"]));
    assert_eq!(
        out["token"]["preset"], "zendesk-messaging",
        "judged as the vendor that answered"
    );
    let text = tb.run(&["explain", zendesk, "--token", &without_kid]);
    assert!(
        text.stdout.contains("Token    kid is required but missing"),
        "{}",
        text.stdout
    );

    // With a kid: the answer is not about this token.
    let with_kid = mint(&["--kid", "app_64f0c2"]);
    let file = tb.file("refused.txt", &with_kid);
    let r = tb.run(&[
        "explain",
        zendesk,
        "--token",
        &format!("@{}", file.display()),
        "--secret-env",
        "S",
        "--json",
    ]);
    assert_eq!(
        r.json()["token_breaks"],
        serde_json::json!([]),
        "{}",
        r.stdout
    );
}
