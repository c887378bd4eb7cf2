//! Identity hashes against published and reference values, and every mistake named.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{Map, Value, json};

use super::*;
use crate::core::testing::{hmac, preset};

/// Intercom's identity-verification samples README: HMAC-SHA256, key "secret",
/// message "Message" (the same value in all its languages' samples).
const INTERCOM_EXAMPLE: &str = "aa747c502a898200f9e4fa21bac68136f886a0e27aec70ba06daf2e2a5cb5597";

fn fields(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => panic!("not an object"),
    }
}

fn check(id: &str, value: &str, f: Value, secret: &str) -> HashCheck {
    verify(&preset(id), value, &fields(f), secret.as_bytes(), None)
}

fn rules_fired(c: &HashCheck) -> Vec<&str> {
    c.findings.iter().map(|f| f.rule.as_str()).collect()
}

#[test]
fn intercoms_published_example() {
    let h = compute(
        &preset("intercom-user-hash"),
        fields(json!({"user_id": "Message"})),
        b"secret",
    )
    .unwrap();
    assert_eq!(h.value, INTERCOM_EXAMPLE);
    assert_eq!(
        (h.name.as_str(), h.field.as_str()),
        ("user_hash", "user_id")
    );
    // The same maths for every hash preset, each over its own field.
    for (id, field) in [
        ("chatwoot", "identifier"),
        ("front-chat", "email"),
        ("helpscout-beacon", "email"),
    ] {
        let h = compute(&preset(id), fields(json!({ field: "Message" })), b"secret").unwrap();
        assert_eq!(h.value, INTERCOM_EXAMPLE, "{id}");
    }
}

#[test]
fn the_vendors_field_is_hashed() {
    let both = json!({"user_id": "u-1", "email": "ada@example.com"});
    let intercom = compute(&preset("intercom-user-hash"), fields(both.clone()), b"k").unwrap();
    assert_eq!(intercom.message, "u-1", "user_id wins over email");
    let email_only = json!({"email": "ada@example.com"});
    let h = compute(&preset("front-chat"), fields(email_only), b"k").unwrap();
    assert_eq!(
        (h.field.as_str(), h.message.as_str()),
        ("email", "ada@example.com")
    );
    let none = compute(&preset("intercom-user-hash"), Map::new(), b"k").unwrap_err();
    assert_eq!(
        none.to_string(),
        "Intercom hashes user_id, or email when there is none: give one of --claim user_id=VALUE, --claim email=VALUE"
    );
}

#[test]
fn a_matching_value_is_valid() {
    let c = check(
        "chatwoot",
        INTERCOM_EXAMPLE,
        json!({"identifier": "Message"}),
        "secret",
    );
    assert!(c.matches && c.is_valid(), "{:?}", c.findings);
    assert!(c.findings.is_empty(), "{:?}", c.findings);
}

#[test]
fn upper_case_hex_is_refused_where_compared_exactly() {
    let upper = INTERCOM_EXAMPLE.to_uppercase();
    let chatwoot = check(
        "chatwoot",
        &upper,
        json!({"identifier": "Message"}),
        "secret",
    );
    assert!(!chatwoot.matches);
    assert_eq!(rules_fired(&chatwoot), ["uppercase-hex"]);
    assert_eq!(chatwoot.findings[0].severity, Severity::Error);
    let intercom = check(
        "intercom-user-hash",
        &upper,
        json!({"user_id": "Message"}),
        "secret",
    );
    assert!(intercom.matches, "the web Messenger takes either case");
    assert_eq!(intercom.findings[0].severity, Severity::Warning);
    assert!(
        intercom.findings[0]
            .message
            .contains("mobile SDKs need lower case")
    );
}

#[test]
fn the_usual_mistakes_are_named() {
    let secret = "s3cret-token";
    let mac_of = |key: &[u8], msg: &str| hex::encode(mac(Mac::Sha256, key, msg.as_bytes()));
    // The email hashed where Intercom wants the user id.
    let by_email = mac_of(secret.as_bytes(), "ada@example.com");
    let c = check(
        "intercom-user-hash",
        &by_email,
        json!({"user_id": "u-1", "email": "ada@example.com"}),
        secret,
    );
    assert!(!c.matches);
    assert!(rules_fired(&c).contains(&"wrong-field"), "{:?}", c.findings);
    // Chatwoot's old Python sample swapped key and message (its docs' pitfall).
    let swapped = mac_of(b"u-1", secret);
    let c = check("chatwoot", &swapped, json!({"identifier": "u-1"}), secret);
    assert_eq!(rules_fired(&c), ["swapped-arguments"]);
    // A lower-cased email.
    let lowered = mac_of(secret.as_bytes(), "ada@example.com");
    let c = check(
        "helpscout-beacon",
        &lowered,
        json!({"email": "Ada@Example.com"}),
        secret,
    );
    assert_eq!(rules_fired(&c), ["message-changed"]);
    // Base64 where hex is wanted.
    let raw = mac(Mac::Sha256, secret.as_bytes(), b"u-1");
    let b64 = base64::engine::general_purpose::STANDARD.encode(&raw);
    let c = check("chatwoot", &b64, json!({"identifier": "u-1"}), secret);
    assert_eq!(rules_fired(&c), ["wrong-encoding"]);
    // HMAC-SHA1, and a plain SHA-256 without the secret.
    let sha1 = hex::encode(mac(Mac::Sha1, secret.as_bytes(), b"u-1"));
    assert_eq!(
        rules_fired(&check(
            "chatwoot",
            &sha1,
            json!({"identifier": "u-1"}),
            secret
        )),
        ["wrong-mac"]
    );
    let plain = hex::encode(digest_of(Mac::Sha256, b"u-1"));
    assert_eq!(
        rules_fired(&check(
            "chatwoot",
            &plain,
            json!({"identifier": "u-1"}),
            secret
        )),
        ["not-hmac"]
    );
    // Something else entirely.
    let other = mac_of(b"another secret", "u-1");
    let c = check("chatwoot", &other, json!({"identifier": "u-1"}), secret);
    assert_eq!(rules_fired(&c), ["mismatch"]);
    assert!(!c.findings[0].message.contains(secret), "never the secret");
    assert_eq!(
        rules_fired(&check(
            "chatwoot",
            "not a hash!",
            json!({"identifier": "u-1"}),
            secret
        )),
        ["not-a-hash"]
    );
}

#[test]
fn a_secret_read_the_wrong_way_is_named() {
    // The secret's text is base64; the server decoded it where Chatwoot uses the text.
    let text = "c2VjcmV0LWJ5dGVz";
    let decoded = b"secret-bytes";
    let value = hex::encode(mac(Mac::Sha256, decoded, b"u-1"));
    let c = verify(
        &preset("chatwoot"),
        &value,
        &fields(json!({"identifier": "u-1"})),
        text.as_bytes(),
        Some(TypedSecret {
            text: text.as_bytes(),
            encoding: SecretEncoding::Utf8,
        }),
    );
    assert_eq!(rules_fired(&c), ["secret-encoding"]);
    assert!(
        c.findings[0].message.contains("read as base64"),
        "{}",
        c.findings[0].message
    );
}

#[test]
fn minting_takes_the_key_and_refuses_what_isnt_a_secret() {
    let p = preset("chatwoot");
    let req = MintRequest {
        claims: vec![(
            "identifier".into(),
            mint::ClaimValue::Text("Message".into()),
        )],
        ..MintRequest::default()
    };
    assert_eq!(
        mint_hash(&p, &req, &hmac("secret"), 0).unwrap().value,
        INTERCOM_EXAMPLE
    );
    let jwt_preset = preset("intercom");
    assert!(matches!(
        mint_hash(&jwt_preset, &req, &hmac("secret"), 0),
        Err(HashError::NotHash { .. })
    ));
    assert!(matches!(
        mint::mint(&p, &req, &hmac("secret"), 0),
        Err(MintError::NotJwt { .. })
    ));
}

#[test]
fn pasted_text_that_looks_like_a_hash() {
    assert_eq!(looks_like_hash(INTERCOM_EXAMPLE), Some((32, Output::Hex)));
    assert_eq!(
        looks_like_hash("qnR8UCqJggD55PohusaBNviGoOJ67HC6Btry4qXLVZc="),
        Some((32, Output::Base64))
    );
    assert_eq!(looks_like_hash("eyJhbGciOiJIUzI1NiJ9.e30.x"), None);
    assert_eq!(looks_like_hash("hello"), None);
}

#[test]
fn joined_fields_keep_empty_places() {
    let text = r#"
id = "joined"
name = "Joined"
vendor = "Example"
kind = "hash"
[[docs]]
title = "t"
url = "https://example.com"
[key]
[hash]
name = "hash"
message = ["a", "b", "c"]
combine = "join"
separator = "_"
[[claims]]
name = "a"
[[claims]]
name = "b"
[[claims]]
name = "c"
"#;
    let p = Preset::from_toml(text, crate::core::preset::Origin::BuiltIn).unwrap();
    let h = compute(&p, fields(json!({"a": "1", "c": 3})), b"k").unwrap();
    assert_eq!(h.message, "1__3");
    assert_eq!(h.value, hex::encode(mac(Mac::Sha256, b"k", b"1__3")));
}
