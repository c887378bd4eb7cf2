use base64::Engine;
use serde_json::{Value, json};

use super::*;
use crate::core::key::parse_key_file;
use crate::core::testing::{RFC7515_A2_JWK, RFC8037_PUBLIC_JWK, RFC8037_THUMBPRINT, preset};

/// 2026-12-01 00:00 UTC.
const NOW: i64 = 1_796_083_200;
const DAY: i64 = 86_400;

/// RFC 7638 §3.1's example key and its thumbprint.
const RFC7638_JWK: &str = r#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}"#;
const RFC7638_THUMBPRINT: &str = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

fn run(set: &Value, preset_id: Option<&str>) -> KeySetCheck {
    let preset = preset_id.map(preset);
    let with = Against {
        preset: preset.as_ref(),
        now: NOW,
        ..Against::default()
    };
    match check(set.to_string().as_bytes(), &with) {
        Ok(c) => c,
        Err(e) => panic!("a key set: {e}"),
    }
}

fn rules(c: &KeySetCheck) -> Vec<(&str, Option<&str>)> {
    c.findings
        .iter()
        .map(|f| (f.rule.as_str(), f.claim.as_deref()))
        .collect()
}

fn jwk(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// An RSA 2048 key pair and a certificate for it valid from `from` to `until` (Unix).
fn rsa_with_certificate(from: i64, until: i64) -> Value {
    let pair = rcgen::KeyPair::generate_rsa_for(&rcgen::PKCS_RSA_SHA256, rcgen::RsaKeySize::_2048);
    let Ok(pair) = pair else {
        panic!("rcgen makes RSA keys")
    };
    let mut params =
        rcgen::CertificateParams::new(vec!["acme.example".to_string()]).unwrap_or_default();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "Acme keyset");
    let at = |t: i64| {
        time::OffsetDateTime::from_unix_timestamp(t).unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
    };
    params.not_before = at(from);
    params.not_after = at(until);
    let Ok(cert) = params.self_signed(&pair) else {
        panic!("rcgen signs")
    };
    let key = parse_key_file(&rcgen::PublicKeyData::subject_public_key_info(&pair))
        .map(|mut s| s.keys.remove(0));
    let Ok(key) = key else {
        panic!("our parser reads rcgen's SPKI")
    };
    let mut out = key.public_jwk().unwrap_or(Value::Null);
    out["kid"] = json!("sf-1");
    out["alg"] = json!("RS256");
    out["x5c"] = json!([base64::engine::general_purpose::STANDARD.encode(cert.der())]);
    out
}

#[test]
fn thumbprints_are_rfc_7638() {
    let c = run(
        &json!({"keys": [jwk(RFC7638_JWK), jwk(RFC8037_PUBLIC_JWK)]}),
        None,
    );
    assert_eq!(c.format, Format::Jwks);
    assert_eq!(c.keys[0].thumbprint.as_deref(), Some(RFC7638_THUMBPRINT));
    assert_eq!(c.keys[1].thumbprint.as_deref(), Some(RFC8037_THUMBPRINT));
    assert_eq!(c.keys[0].bits, Some(2048));
    assert_eq!(c.keys[0].shape(), "RSA 2048-bit");
    assert_eq!(c.keys[1].shape(), "OKP Ed25519");
    // The same thumbprint the key itself computes.
    let parsed = parse_key_file(RFC7638_JWK.as_bytes()).map(|s| s.keys[0].thumbprint());
    assert_eq!(parsed.ok().flatten().as_deref(), Some(RFC7638_THUMBPRINT));
}

#[test]
fn a_clean_set_has_no_findings() {
    let c = run(&json!({"keys": [jwk(RFC7638_JWK)]}), None);
    assert!(c.findings.is_empty(), "{:?}", c.findings);
    assert!(!c.has_errors());
}

#[test]
fn generic_problems_are_each_named_at_their_key() {
    let mut small = jwk(RFC7638_JWK);
    small["n"] = json!(crate::core::b64::encode(&[0xc1; 128]));
    small["kid"] = json!("dup");
    let mut no_alg = jwk(RFC8037_PUBLIC_JWK);
    no_alg["kid"] = json!("dup");
    let private = jwk(RFC7515_A2_JWK);
    let c = run(&json!({"keys": [small, no_alg, private]}), None);
    let found = rules(&c);
    assert!(
        found.contains(&("rsa-too-small", Some("/keys/0/n"))),
        "{found:?}"
    );
    assert!(
        found.contains(&("alg-missing", Some("/keys/1/alg"))),
        "{found:?}"
    );
    assert!(
        found.contains(&("kid-duplicate", Some("/keys/1/kid"))),
        "{found:?}"
    );
    assert!(
        found.contains(&("private-member", Some("/keys/2/d"))),
        "{found:?}"
    );
    assert!(
        found.contains(&("kid-missing", Some("/keys/2/kid"))),
        "{found:?}"
    );
    assert_eq!(c.keys[0].bits, Some(1024));
    assert!(c.has_errors());
    let dup = c
        .findings
        .iter()
        .filter(|f| f.rule == "kid-duplicate")
        .count();
    assert_eq!(dup, 1, "one finding per shared kid");
}

#[test]
fn certificates_are_read_and_expired_ones_found() {
    let good = rsa_with_certificate(NOW - 30 * DAY, NOW + 365 * DAY);
    let c = run(&json!({"keys": [good]}), Some("salesforce-miaw"));
    let cert = c.keys[0].certificate.clone();
    let Some(cert) = cert else { panic!("x5c read") };
    assert!(cert.subject.contains("CN=Acme keyset"), "{}", cert.subject);
    assert_eq!(cert.not_after, NOW + 365 * DAY);
    assert!(c.findings.is_empty(), "{:?}", c.findings);

    let expired = rsa_with_certificate(NOW - 30 * DAY, NOW - DAY);
    let c = run(&json!({"keys": [expired]}), None);
    assert_eq!(
        rules(&c),
        vec![("certificate-expired", Some("/keys/0/x5c"))]
    );
}

#[test]
fn salesforce_rules_come_from_the_preset() {
    let soon = rsa_with_certificate(NOW - 30 * DAY, NOW + 5 * DAY);
    let mut es = jwk(RFC8037_PUBLIC_JWK);
    es["kid"] = json!("ed");
    es["alg"] = json!("EdDSA");
    let c = run(&json!({"keys": [soon, es]}), Some("salesforce-miaw"));
    let found = rules(&c);
    assert!(
        found.contains(&("keyset-certificate-soon", Some("/keys/0/x5c"))),
        "{found:?}"
    );
    assert!(
        found.contains(&("keyset-alg", Some("/keys/1/alg"))),
        "{found:?}"
    );
    assert!(
        found.contains(&("keyset-member-missing", Some("/keys/1/x5c"))),
        "{found:?}"
    );
    assert!(c.findings.iter().all(|f| f.source.is_some()));
    // Without the preset, the same set is only generic-checked.
    let plain = run(&json!({"keys": [jwk(RFC8037_PUBLIC_JWK)]}), None);
    assert!(!plain.has_errors());
}

#[test]
fn salesforce_issuer_must_be_the_tokens_iss() {
    let sf = preset("salesforce-miaw");
    let set = json!({"keys": [rsa_with_certificate(NOW - DAY, NOW + 400 * DAY)]}).to_string();
    let with = |iss| Against {
        preset: Some(&sf),
        issuer: Some("https://acme.example"),
        token_iss: Some(iss),
        now: NOW,
    };
    let ok = check(set.as_bytes(), &with("https://acme.example/"));
    assert!(ok.is_ok_and(|c| c.findings.is_empty()));
    let bad = check(set.as_bytes(), &with("https://other.example"));
    assert!(bad.is_ok_and(|c| c.findings.iter().any(|f| f.rule == "keyset-issuer")));
}

#[test]
fn omnichannel_lists_need_unique_kids_and_future_expiry() {
    let key = parse_key_file(RFC7638_JWK.as_bytes()).map(|mut s| s.keys.remove(0));
    let Some(pem) = key.ok().and_then(|k| k.public_pem()) else {
        panic!("a PEM")
    };
    let b64 = base64::engine::general_purpose::STANDARD.encode(pem);
    let list = json!([
        {"kid": "a", "publicKey": b64, "expiry": NOW + DAY},
        {"kid": "a", "publicKey": b64, "expiry": NOW - DAY},
        {"publicKey": "not base64!", "expiry": NOW + DAY},
    ]);
    let c = run(&list, Some("microsoft-omnichannel"));
    assert_eq!(
        serde_json::to_value(c.format).ok(),
        Some(json!("omnichannel_list"))
    );
    let found = rules(&c);
    assert!(
        found.contains(&("kid-duplicate", Some("/1/kid"))),
        "{found:?}"
    );
    assert!(
        found.contains(&("keyset-expired", Some("/1/expiry"))),
        "{found:?}"
    );
    assert!(
        found.contains(&("keyset-kid-missing", Some("/2/kid"))),
        "{found:?}"
    );
    assert!(found.contains(&("key-unusable", Some("/2"))), "{found:?}");
    assert_eq!(c.keys[0].thumbprint.as_deref(), Some(RFC7638_THUMBPRINT));
}

#[test]
fn what_is_not_a_key_set_is_one_clear_line() {
    let no = |text: &str| {
        check(text.as_bytes(), &Against::default())
            .err()
            .unwrap_or_default()
    };
    assert!(no("<!doctype html><title>Login</title>").contains("HTML"));
    assert!(no("{\"keys\": [").contains("isn't valid"));
    assert!(no("{\"issuer\":\"x\",\"jwks_uri\":\"https://x/jwks\"}").contains("https://x/jwks"));
    assert!(no("hello").contains("neither JSON"));
    assert!(no("").contains("empty"));
}

#[test]
fn a_certificate_for_another_key_is_found() {
    let mut one = rsa_with_certificate(NOW - DAY, NOW + 400 * DAY);
    let other = rsa_with_certificate(NOW - DAY, NOW + 400 * DAY);
    one["x5c"] = other["x5c"].clone();
    let c = run(&json!({"keys": [one]}), None);
    assert_eq!(rules(&c), vec![("x5c-mismatch", Some("/keys/0/x5c"))]);
}
