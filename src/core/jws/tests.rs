//! Known vectors (RFC 7515 A.1–A.3, RFC 7519 §3.1, RFC 8037 A.4), round trips for every
//! algorithm, and the attacks verification must refuse.

use std::sync::OnceLock;

use serde_json::{Map, Value, json};

use super::*;
use crate::core::alg::{Alg, Curve};
use crate::core::decode::decode;
use crate::core::key::{Key, KeySet, KeySpec, generate};
use crate::core::secret::SecretEncoding;
use crate::core::testing::*;

fn rules(check: &SignatureCheck) -> Vec<&str> {
    check.findings.iter().map(|f| f.rule.as_str()).collect()
}

fn verify_all(token: &str, keys: &KeySet) -> SignatureCheck {
    verify(&decode(token), keys, &Alg::ALL)
}

#[test]
fn rfc7515_a1_hs256_verifies_and_signs_exactly() {
    let keys = keys(RFC7515_A1_JWK);
    let check = verify_all(RFC7515_A1_TOKEN, &keys);
    assert!(check.valid, "{:?}", check.findings);
    assert_eq!(check.alg, Some(Alg::HS256));
    let (input, sig) = RFC7515_A1_TOKEN.rsplit_once('.').unwrap_or_default();
    assert_eq!(
        sign_input(input.as_bytes(), &keys.keys[0], Alg::HS256)
            .ok()
            .as_deref(),
        Some(sig)
    );
}

#[test]
fn rfc7515_a1_key_as_base64url_secret_text() {
    let secret = SecretEncoding::Base64url.decode(RFC7515_A1_K.as_bytes());
    let key = Key::hmac(secret.unwrap_or_else(|e| panic!("{e}")));
    assert!(verify_all(RFC7515_A1_TOKEN, &KeySet::single(key)).valid);
    // Read as the text's own bytes, the same key is a different key.
    let as_text = KeySet::single(hmac(RFC7515_A1_K));
    let check = verify_all(RFC7515_A1_TOKEN, &as_text);
    assert!(!check.valid);
    assert_eq!(rules(&check), ["signature"]);
}

#[test]
fn rfc7515_a2_rs256_signs_exactly_and_verifies_with_public_half() {
    let private = key(RFC7515_A2_JWK);
    assert_eq!(private.rsa_bits(), Some(2048));
    let input = format!("eyJhbGciOiJSUzI1NiJ9.{RFC7515_PAYLOAD}");
    let sig = sign_input(input.as_bytes(), &private, Alg::RS256);
    assert_eq!(sig.as_deref().ok(), Some(RFC7515_A2_SIGNATURE));
    let token = format!("{input}.{RFC7515_A2_SIGNATURE}");
    let public = private
        .public()
        .unwrap_or_else(|| panic!("RSA has a public half"));
    assert!(!public.is_private());
    assert!(verify_all(&token, &KeySet::single(public.clone())).valid);
    // Through PEM and back.
    let pem = public.public_pem().unwrap_or_default();
    assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----"));
    assert!(verify_all(&token, &keys(&pem)).valid);
}

#[test]
fn rfc7515_a3_es256_verifies_and_private_jwk_signs() {
    let public = keys(RFC7515_A3_PUBLIC_JWK);
    assert!(verify_all(RFC7515_A3_TOKEN, &public).valid);
    let private = key(RFC7515_A3_PRIVATE_JWK);
    assert_eq!(private.curve(), Some(Curve::P256));
    let input = format!("eyJhbGciOiJFUzI1NiJ9.{RFC7515_PAYLOAD}");
    let sig = sign_input(input.as_bytes(), &private, Alg::ES256).unwrap_or_default();
    assert_eq!(
        b64::decode_strict(sig.as_bytes()).map(|s| s.len()).ok(),
        Some(64)
    );
    assert!(verify_all(&format!("{input}.{sig}"), &public).valid);
}

#[test]
fn rfc8037_a4_ed25519_signs_exactly_and_verifies() {
    let private = key(RFC8037_PRIVATE_JWK);
    let (input, sig) = RFC8037_TOKEN.rsplit_once('.').unwrap_or_default();
    assert_eq!(
        sign_input(input.as_bytes(), &private, Alg::EdDSA)
            .ok()
            .as_deref(),
        Some(sig)
    );
    // The payload is text, not JSON: the signature still verifies.
    assert!(verify_all(RFC8037_TOKEN, &keys(RFC8037_PUBLIC_JWK)).valid);
    assert_eq!(private.thumbprint().as_deref(), Some(RFC8037_THUMBPRINT));
}

fn rsa_key() -> &'static Key {
    static RSA: OnceLock<Key> = OnceLock::new();
    RSA.get_or_init(|| generate(KeySpec::Rsa(2048)).unwrap_or_else(|e| panic!("{e}")))
}

fn key_for(alg: Alg) -> Key {
    match alg.family() {
        crate::core::alg::Family::Hmac => hmac(&"k".repeat(64)),
        crate::core::alg::Family::Rsa => rsa_key().clone(),
        crate::core::alg::Family::Ec => generate(KeySpec::Ec(alg.curve().unwrap_or(Curve::P256)))
            .unwrap_or_else(|e| panic!("{e}")),
        crate::core::alg::Family::Ed25519 => {
            generate(KeySpec::Ed25519).unwrap_or_else(|e| panic!("{e}"))
        }
    }
}

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

#[test]
fn every_algorithm_round_trips_and_detects_tampering() {
    for alg in Alg::ALL {
        let key = key_for(alg);
        let header = obj(json!({"typ": "JWT", "alg": "placeholder"}));
        let payload = obj(json!({"sub": "w-1", "n": 1, "a": {"z": "1", "b": "2"}}));
        let token = sign(&header, &payload, &key, alg).unwrap_or_else(|e| panic!("{alg}: {e}"));
        let d = decode(&token);
        assert_eq!(d.alg(), Some(alg.name()));
        assert_eq!(
            d.payload.object.as_ref(),
            Some(&payload),
            "{alg}: claim order kept"
        );
        assert_eq!(
            d.header.text.as_deref(),
            Some(format!("{{\"typ\":\"JWT\",\"alg\":\"{alg}\"}}").as_str())
        );
        let verifier = KeySet::single(key.public().unwrap_or_else(|| key.clone()));
        assert!(verify_all(&token, &verifier).valid, "{alg}");

        let (h, rest) = token.split_once('.').unwrap_or_default();
        let (_, sig) = rest.split_once('.').unwrap_or_default();
        let forged = b64::encode(br#"{"sub":"w-1","n":2,"a":{"z":"1","b":"2"}}"#);
        let tampered = format!("{h}.{forged}.{sig}");
        let check = verify_all(&tampered, &verifier);
        assert!(!check.valid, "{alg}: tampered payload must fail");
        assert_eq!(rules(&check), ["signature"]);
    }
}

#[test]
fn public_key_cannot_sign() {
    let public = rsa_key().public().unwrap_or_else(|| panic!("public"));
    let err = sign(&Map::new(), &Map::new(), &public, Alg::RS256).err();
    assert!(
        matches!(err, Some(crate::core::key::KeyError::PublicOnly { .. })),
        "{err:?}"
    );
}

#[test]
fn key_type_decides_the_algorithm_not_the_header() {
    // The classic attack: HMAC-sign with the RSA public key's PEM as the secret.
    let public = rsa_key().public().unwrap_or_else(|| panic!("public"));
    let pem = public.public_pem().unwrap_or_default();
    // What an attacker does with the published PEM, by hand (tokenbench refuses to).
    let input = format!(
        "{}.{}",
        b64::encode(br#"{"alg":"HS256"}"#),
        b64::encode(br#"{"admin":true}"#)
    );
    let mac = aws_lc_rs::hmac::sign(
        &aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, pem.as_bytes()),
        input.as_bytes(),
    );
    let forged = format!("{input}.{}", b64::encode(mac.as_ref()));
    let check = verify_all(&forged, &KeySet::single(public));
    assert!(!check.valid);
    assert_eq!(rules(&check), ["key-mismatch"]);
    // The PEM given as the HMAC secret: never used as one, whatever its encoding.
    let check = verify_all(&forged, &KeySet::single(hmac(&pem)));
    assert!(!check.valid);
    assert_eq!(rules(&check), ["key-confusion"]);
    let err = sign(&Map::new(), &Map::new(), &hmac(&pem), Alg::HS256).err();
    assert!(
        matches!(err, Some(crate::core::key::KeyError::PublicAsSecret { .. })),
        "{err:?}"
    );
    // An HMAC secret refuses an RS256 token too.
    let rs = sign(&Map::new(), &Map::new(), rsa_key(), Alg::RS256).unwrap_or_default();
    assert_eq!(
        rules(&verify_all(&rs, &KeySet::single(hmac("x")))),
        ["key-mismatch"]
    );
}

#[test]
fn alg_none_is_never_valid() {
    let none = format!("eyJhbGciOiJub25lIn0.{RFC7515_PAYLOAD}.");
    let check = verify_all(&none, &keys(RFC7515_A1_JWK));
    assert!(!check.valid);
    assert_eq!(rules(&check), ["alg-none"]);
    let none_upper = format!("{}.{RFC7515_PAYLOAD}.", b64::encode(br#"{"alg":"NONE"}"#));
    assert_eq!(
        rules(&verify_all(&none_upper, &keys(RFC7515_A1_JWK))),
        ["alg-none"]
    );
}

#[test]
fn only_allowed_algorithms_are_checked() {
    let keys = keys(RFC7515_A1_JWK);
    let check = verify(&decode(RFC7515_A1_TOKEN), &keys, &[Alg::HS512]);
    assert!(!check.valid);
    assert_eq!(rules(&check), ["alg-not-allowed"]);
    let lower = format!(
        "{}.{RFC7515_PAYLOAD}.sig",
        b64::encode(br#"{"alg":"hs256"}"#)
    );
    assert_eq!(rules(&verify_all(&lower, &keys)), ["alg-unsupported"]);
}

#[test]
fn jwks_picks_the_key_by_kid() {
    let a = key_for(Alg::ES256).with_kid(Some("a".into()));
    let b = key_for(Alg::ES256).with_kid(Some("b".into()));
    let header = obj(json!({"kid": "b"}));
    let token = sign(&header, &Map::new(), &b, Alg::ES256).unwrap_or_default();
    let set = KeySet {
        keys: vec![
            a.public().unwrap_or_else(|| a.clone()),
            b.public().unwrap_or_else(|| b.clone()),
        ],
        ..KeySet::default()
    };
    let check = verify_all(&token, &set);
    assert!(check.valid, "{:?}", check.findings);
    assert!(check.key.unwrap_or_default().contains("\"b\""));
    let unknown =
        sign(&obj(json!({"kid": "zzz"})), &Map::new(), &b, Alg::ES256).unwrap_or_default();
    let check = verify_all(&unknown, &set);
    assert!(!check.valid);
    assert_eq!(rules(&check), ["kid-not-found"]);
}

#[test]
fn curve_must_match_the_algorithm() {
    let p384 = key_for(Alg::ES384);
    let token = sign(&Map::new(), &Map::new(), &p384, Alg::ES384).unwrap_or_default();
    let p256 = key_for(Alg::ES256);
    let check = verify_all(&token, &KeySet::single(p256.public().unwrap_or(p256)));
    assert_eq!(rules(&check), ["key-mismatch"]);
    assert!(sign(&Map::new(), &Map::new(), &p384, Alg::ES256).is_err());
}

#[test]
fn padded_signature_still_verifies_but_is_reported_by_decode() {
    let padded = format!("{RFC7515_A1_TOKEN}=");
    let d = decode(&padded);
    assert!(d.problems.iter().any(|f| f.rule == "decode.base64url"));
    assert!(verify(&d, &keys(RFC7515_A1_JWK), &Alg::ALL).valid);
}
