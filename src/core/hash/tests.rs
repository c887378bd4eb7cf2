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
    verify(&preset(id), value, &fields(f), secret.as_bytes(), None, 0)
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
        0,
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

/// Sprinklr's message with Python's `hmac` (the values below, key "sprinklr-api-key"):
/// `hmac.new(key, b"u-1_Ada___+4420_ada@example.com_1738141500000", sha256).hexdigest()`.
const SPRINKLR_EXAMPLE: &str = "452eefc7d3b41bec7043ba03e5750c1179da7f9c3b39827abbc13201073d555c";
/// 1738141500000 ms, in seconds.
const SPRINKLR_MADE: i64 = 1_738_141_500;

fn sprinklr_fields(time: Value) -> Value {
    json!({"id": "u-1", "firstName": "Ada", "phoneNo": "+4420", "email": "ada@example.com", "hashCreationTime": time})
}

#[test]
fn sprinklrs_hash_keeps_empty_places_and_its_time() {
    let p = preset("sprinklr");
    let f = sprinklr_fields(json!(1_738_141_500_000_i64));
    let c = verify(
        &p,
        SPRINKLR_EXAMPLE,
        &fields(f.clone()),
        b"sprinklr-api-key",
        None,
        SPRINKLR_MADE + 30,
    );
    assert!(c.is_valid(), "{:?}", c.findings);
    assert_eq!(
        c.expected.unwrap().message,
        "u-1_Ada___+4420_ada@example.com_1738141500000"
    );
    // The same hash 90 s later: the right HMAC, outside Sprinklr's minute.
    let late = verify(
        &p,
        SPRINKLR_EXAMPLE,
        &fields(f.clone()),
        b"sprinklr-api-key",
        None,
        SPRINKLR_MADE + 90,
    );
    assert!(late.matches && !late.is_valid());
    assert_eq!(rules_fired(&late), ["hash-time-window"]);
    assert!(
        late.findings[0].message.contains("was made 1m 30s ago"),
        "{}",
        late.findings[0].message
    );
    let early = verify(
        &p,
        SPRINKLR_EXAMPLE,
        &fields(f),
        b"sprinklr-api-key",
        None,
        SPRINKLR_MADE - 120,
    );
    assert!(
        early.findings[0].message.contains("ahead"),
        "{}",
        early.findings[0].message
    );
}

#[test]
fn a_sprinklr_time_in_seconds_is_named_and_a_missing_one_refused() {
    let p = preset("sprinklr");
    let secs = fields(sprinklr_fields(json!(SPRINKLR_MADE)));
    let value = compute(&p, secs.clone(), b"k").unwrap().value;
    let c = verify(&p, &value, &secs, b"k", None, SPRINKLR_MADE);
    assert!(c.is_valid(), "a warning only: {:?}", c.findings);
    assert_eq!(rules_fired(&c), ["hash-time-unit"]);
    assert!(
        c.findings[0]
            .message
            .contains("in seconds; Sprinklr's docs say milliseconds")
    );
    let mut none = secs;
    none.remove("hashCreationTime");
    let value = compute(&p, none.clone(), b"k").unwrap().value;
    let c = verify(&p, &value, &none, b"k", None, SPRINKLR_MADE);
    assert!(!c.is_valid());
    assert_eq!(rules_fired(&c), ["hash-time"]);
}

#[test]
fn minting_a_time_bound_hash_stamps_now_in_the_vendors_unit() {
    let p = preset("sprinklr");
    let req = MintRequest {
        claims: vec![("id".into(), mint::ClaimValue::Text("u-1".into()))],
        ..MintRequest::default()
    };
    let h = mint_hash(&p, &req, &hmac("k"), SPRINKLR_MADE).unwrap();
    assert_eq!(h.fields["hashCreationTime"], json!(1_738_141_500_000_i64));
    assert_eq!(h.message, "u-1______1738141500000");
    let window = time_window(&p, &h.fields).unwrap();
    assert_eq!(window.exp, Some(1_738_141_560.0));
    // A time the user typed is kept.
    let given = MintRequest {
        claims: vec![
            ("id".into(), mint::ClaimValue::Text("u-1".into())),
            (
                "hashCreationTime".into(),
                mint::ClaimValue::Text("1738141500000".into()),
            ),
        ],
        ..MintRequest::default()
    };
    let h = mint_hash(&p, &given, &hmac("k"), 0).unwrap();
    assert_eq!(h.fields["hashCreationTime"], json!(1_738_141_500_000_i64));
}

#[test]
fn an_unconfirmed_encoding_is_accepted_and_named() {
    // Python: hmac.new(b"crisp-secret", b"ada@example.com", sha256).
    let hex = "7897b0ccab24bae43d5e785e09c8d865f5358c9508a388134d5f2097ed918999";
    let b64 = "eJewzKskuuQ9XnheCcjYZfU1jJUIo4gTTV8gl+2RiZk=";
    let f = json!({"email": "ada@example.com"});
    for (value, named) in [(hex, "lower-case hex"), (b64, "base64")] {
        let c = check("crisp", value, f.clone(), "crisp-secret");
        assert!(c.is_valid(), "{value}: {:?}", c.findings);
        assert_eq!(rules_fired(&c), ["encoding-matched"]);
        assert!(
            c.findings[0]
                .message
                .contains(&format!("matched written in {named}")),
            "{}",
            c.findings[0].message
        );
    }
    // Where the vendor's encoding is known, base64 is still the mistake it was.
    let c = check(
        "chatwoot",
        b64,
        json!({"identifier": "ada@example.com"}),
        "crisp-secret",
    );
    assert_eq!(rules_fired(&c), ["wrong-encoding"]);
    // And a wrong value is still wrong.
    let c = check("tawk-to", hex, json!({"userId": "u-2"}), "crisp-secret");
    assert!(!c.matches);
}
