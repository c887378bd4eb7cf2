//! Reading keys in every shape they come in, and writing them back out.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::signature::{ECDSA_P384_SHA384_FIXED_SIGNING, EcdsaKeyPair};
use base64::Engine;
use serde_json::Value;

use super::*;
use crate::core::alg::{Alg, Curve, Family};
use crate::core::testing::*;

fn pem(tag: &str, der: &[u8]) -> String {
    pem::encode(&pem::Pem::new(tag, der.to_vec()))
}

fn err(text: &[u8]) -> String {
    match parse_key_file(text) {
        Ok(k) => panic!("should not parse, got {k:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn rsa_in_pkcs1_pkcs8_spki_and_der() {
    let private = key(RFC7515_A2_JWK);
    let pkcs8_pem = private
        .private_pkcs8_pem()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8_lossy(pkcs8_pem.expose()).to_string();
    assert!(text.starts_with("-----BEGIN PRIVATE KEY-----"));
    let from_pkcs8 = key(&text);
    assert!(from_pkcs8.is_private());
    assert_eq!(from_pkcs8.rsa_bits(), Some(2048));

    let der = pem::parse(text.as_bytes())
        .map(|p| p.into_contents())
        .unwrap_or_default();
    let pkcs1 = der::pkcs8(&der)
        .map(|p| p.private_key.to_vec())
        .unwrap_or_default();
    let from_pkcs1 = key(&pem("RSA PRIVATE KEY", &pkcs1));
    assert_eq!(from_pkcs1.public_pem(), private.public_pem());
    // Raw DER, as `openssl ... -outform DER` writes it.
    let from_der = parse_key_file(&der).map(|s| s.keys.len());
    assert_eq!(from_der.ok(), Some(1));

    let spki = private.public_spki_der().unwrap_or_default();
    let public = key(&pem("PUBLIC KEY", &spki));
    assert!(!public.is_private());
    assert_eq!(public.public_spki_der(), Some(spki.clone()));
    let rsa_public = der::spki(&spki).map(|s| s.key.to_vec()).unwrap_or_default();
    assert_eq!(
        key(&pem("RSA PUBLIC KEY", &rsa_public)).public_spki_der(),
        Some(spki)
    );
}

#[test]
fn ec_in_sec1_pkcs8_and_jwk_with_ec_parameters_block() {
    let pair =
        EcdsaKeyPair::generate(&ECDSA_P384_SHA384_FIXED_SIGNING).unwrap_or_else(|e| panic!("{e}"));
    let sec1 = pair
        .private_key()
        .as_der()
        .unwrap_or_else(|e| panic!("{e}"));
    // `openssl ecparam -genkey` writes an EC PARAMETERS block first.
    let text = format!(
        "-----BEGIN EC PARAMETERS-----\nBgUrgQQAIg==\n-----END EC PARAMETERS-----\n{}",
        pem("EC PRIVATE KEY", sec1.as_ref())
    );
    let k = key(&text);
    assert_eq!(k.curve(), Some(Curve::P384));
    assert_eq!(k.algorithms(), [Alg::ES384]);
    let jwk = k.public_jwk().unwrap_or_default();
    assert_eq!(jwk["crv"], "P-384");
    assert_eq!(jwk["alg"], "ES384");
    let back = key(&jwk.to_string());
    assert_eq!(back.public_spki_der(), k.public_spki_der());
}

#[test]
fn ed25519_public_pem_matches_rfc8037() {
    let k = key(RFC8037_PRIVATE_JWK);
    let pem_text = k.public_pem().unwrap_or_default();
    // RFC 8037's public key x, inside an SPKI.
    let again = key(&pem_text);
    assert_eq!(
        again.public_jwk().map(|j| j["x"].clone()),
        Some(Value::from("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"))
    );
    let private_pem = k.private_pkcs8_pem().unwrap_or_else(|e| panic!("{e}"));
    let reread = key(&String::from_utf8_lossy(private_pem.expose()));
    assert!(reread.is_private());
    assert_eq!(reread.family(), Family::Ed25519);
}

#[test]
fn jwks_keeps_usable_keys_and_says_what_it_skipped() {
    let jwks = format!(
        r#"{{"keys":[{},{{"kty":"RSA","use":"enc","n":"AQAB","e":"AQAB"}},{{"kty":"EC","crv":"P-521","x":"AA","y":"AA"}},{}]}}"#,
        RFC7515_A3_PUBLIC_JWK.replace("{\"kty\"", "{\"kid\":\"ec-1\",\"kty\""),
        RFC8037_PUBLIC_JWK
    );
    let set = keys(&jwks);
    assert_eq!(set.keys.len(), 2);
    assert_eq!(set.keys[0].kid.as_deref(), Some("ec-1"));
    assert_eq!(set.skipped.len(), 2);
    assert!(set.skipped[0].contains("encryption"), "{:?}", set.skipped);
    assert!(set.skipped[1].contains("P-521"), "{:?}", set.skipped);
}

#[test]
fn a_described_key_list_round_trips() {
    let k = key(RFC7515_A2_JWK);
    let Some(list_format) = known_lists().iter().find(|l| l.id == "omnichannel") else {
        panic!("the Omnichannel preset describes its list")
    };
    let entry = ListEntry {
        key: &k,
        kid: Some("key-1".into()),
    };
    let list = list_format.write(&[entry], 1_900_000_000);
    assert_eq!(list[0]["kid"], "key-1");
    assert_eq!(list[0]["expiry"], 1_900_000_000 + 365 * 86_400);
    let pem = base64::engine::general_purpose::STANDARD
        .decode(list[0]["publicKey"].as_str().unwrap_or_default())
        .unwrap_or_default();
    assert!(pem.starts_with(b"-----BEGIN PUBLIC KEY-----"));
    let set = keys(&list.to_string());
    assert_eq!(set.keys[0].kid.as_deref(), Some("key-1"));
    assert_eq!(set.keys[0].public_spki_der(), k.public_spki_der());
    assert_eq!(
        "omnichannel".parse::<PublicFormat>(),
        Ok(PublicFormat::List(list_format))
    );
}

#[test]
fn every_key_encoding_a_list_may_describe_reads_back() {
    let k = key(RFC7515_A2_JWK);
    for encoding in [
        ListKeyEncoding::Base64Pem,
        ListKeyEncoding::Pem,
        ListKeyEncoding::Jwk,
    ] {
        let format = KeyListFormat {
            id: "test".into(),
            name: "test list".into(),
            kid: "id".into(),
            key: "key".into(),
            key_encoding: encoding,
            expiry: None,
            kid_required: false,
            validity_days: 1,
            file_name: "keys.json".into(),
            served_at: "/keys.json".into(),
        };
        let entry = ListEntry {
            key: &k,
            kid: Some("k".into()),
        };
        let list = format.write(&[entry], 0);
        assert!(list[0].get("expiry").is_none(), "{encoding:?}");
        let read = format.entry_key(&list[0]);
        assert_eq!(
            read.ok().and_then(|r| r.public_spki_der()),
            k.public_spki_der(),
            "{encoding:?}"
        );
        assert!(format.entry_key(&serde_json::json!({"id": "k"})).is_err());
    }
}

#[test]
fn jwk_alg_restricts_and_must_fit() {
    let k = key(&RFC7515_A2_JWK.replace("{\"kty\"", "{\"alg\":\"PS384\",\"kty\""));
    assert_eq!(k.algorithms(), [Alg::PS384]);
    assert!(k.check_alg(Alg::RS256).is_err());
    let msg = err(RFC7515_A3_PUBLIC_JWK
        .replace("{\"kty\"", "{\"alg\":\"ES384\",\"kty\"")
        .as_bytes());
    assert!(msg.contains("does not fit"), "{msg}");
}

#[test]
fn things_that_are_not_keys_say_so() {
    assert!(err(b"").contains("empty"));
    assert!(err(b"just-a-secret-string").contains("--secret-file"));
    assert!(err(&[0xff, 0x00, 0x13, 0x37]).contains("not a key file"));
    assert!(err(b"{\"kty\":").contains("line 1"));
    assert!(err(b"{\"hello\":1}").contains("neither"));
    assert!(
        err(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n")
            .contains("passphrase")
    );
    assert!(
        err(b"-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n")
            .contains("ssh-keygen")
    );
    assert!(
        err(b"-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n").contains("damaged")
    );
    assert!(
        err(b"-----BEGIN PUBLIC KEY-----\nMAA=\n-----END PUBLIC KEY-----\n")
            .contains("SubjectPublicKeyInfo")
    );
    assert!(err(&vec![b'a'; 2 << 20]).contains("too large"));
}

#[test]
fn small_rsa_keys_are_rejected_with_the_reason() {
    // A 1024-bit modulus (all 0xff bytes is not a real key, but the size check comes first).
    let n = crate::core::b64::encode(&[0xc5; 128]);
    let msg = err(format!(r#"{{"kty":"RSA","n":"{n}","e":"AQAB"}}"#).as_bytes());
    assert!(msg.contains("1024 bits"), "{msg}");
}

#[test]
fn generated_keys_have_the_requested_shape() {
    assert!(KeySpec::for_alg(Alg::HS256, None).is_err());
    assert!(KeySpec::for_alg(Alg::RS256, Some(1024)).is_err());
    assert!(KeySpec::for_alg(Alg::ES256, Some(2048)).is_err());
    assert_eq!(
        KeySpec::for_alg(Alg::PS512, Some(4096)).ok(),
        Some(KeySpec::Rsa(4096))
    );
    for (spec, family) in [
        (KeySpec::Ec(Curve::P256), Family::Ec),
        (KeySpec::Ec(Curve::P384), Family::Ec),
        (KeySpec::Ed25519, Family::Ed25519),
    ] {
        let k = generate(spec).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(k.family(), family);
        assert!(k.is_private());
        let jwks_doc = jwks(std::slice::from_ref(&k));
        assert_eq!(jwks_doc["keys"].as_array().map(Vec::len), Some(1));
        assert!(
            !jwks_doc.to_string().contains("\"d\""),
            "a JWKS never holds the private part"
        );
    }
}

#[test]
fn debug_output_never_holds_key_material() {
    let k = key(RFC7515_A2_JWK);
    let shown = format!("{k:?}");
    assert!(shown.contains("RSA 2048-bit private key"), "{shown}");
    assert!(!shown.contains("Eq5xpGnN"), "{shown}");
    let h = hmac(CONNECT_SECRET);
    assert!(!format!("{h:?}").contains("kJ6n8"));
}

#[test]
fn der_ending_in_a_whitespace_byte_is_still_read() {
    // An EC public key's DER ends with its y coordinate: find one whose last byte is a
    // space or a newline (about 1 in 50), as a binary file may well end.
    let spec = KeySpec::for_alg(Alg::ES256, None);
    let found = (0..5000).find_map(|_| {
        let key = spec.clone().ok().and_then(|s| generate(s).ok())?;
        let der = key.public_spki_der()?;
        matches!(der.last(), Some(b' ' | b'\n')).then_some((key, der))
    });
    let Some((key, der)) = found else {
        panic!("no key ended in whitespace in 5000 tries")
    };
    let read = parse_key_file(&der).map(|s| s.keys[0].thumbprint());
    assert_eq!(read.ok().flatten(), key.thumbprint());
}
