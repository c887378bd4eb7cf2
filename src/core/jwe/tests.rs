//! JWE against the RFCs' own examples (RFC 7516 appendix A, RFC 7520 §5), round trips for
//! every algorithm pair, and the failures a user meets.

use serde_json::{Map, Value, json};

use super::*;
use crate::core::alg::Curve;
use crate::core::key::{Key, KeySpec, generate, parse_encryption_key};
use crate::core::secret::Secret;

const RFC7516_A3: &str = "eyJhbGciOiJBMTI4S1ciLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0.6KB707dM9YTIgHtLvtgWQ8mKwboJW3of9locizkDTHzBC2IlrT1oOQ.AxY8DCtDaGlsbGljb3RoZQ.KDlTtXchhZTGufMYmOYGS4HffxPSUrfmqCHXaI9wOGY.U0m_YmjN04DJvceFICbCVQ";
const RFC7516_A3_KEY: &str = r#"{"kty":"oct","k":"GawgguFyGrWKav7AX4VKUg"}"#;

fn key_of(jwk: &str) -> Key {
    match parse_encryption_key(jwk.as_bytes()) {
        Ok(key) => key,
        Err(e) => panic!("{e}"),
    }
}

fn shared(bytes: &[u8]) -> Key {
    Key::hmac(Secret::new(bytes.to_vec()))
}

fn decrypt(token: &str, key: &Key) -> Result<String, JweError> {
    let plain = Jwe::parse(token)?.decrypt(key)?;
    Ok(String::from_utf8_lossy(&plain).into_owned())
}

#[test]
fn rfc_7516_a3_decrypts_and_encrypts_to_the_same_bytes() {
    let key = key_of(RFC7516_A3_KEY);
    assert_eq!(
        decrypt(RFC7516_A3, &key).as_deref(),
        Ok("Live long and prosper.")
    );
    let cek = [
        4, 211, 31, 197, 84, 157, 252, 254, 11, 100, 157, 250, 63, 170, 106, 206, 107, 124, 212,
        45, 111, 107, 9, 219, 200, 177, 0, 240, 143, 156, 44, 207,
    ];
    let iv = [
        3, 22, 60, 12, 43, 67, 104, 105, 108, 108, 105, 99, 111, 116, 104, 101,
    ];
    let made = encrypt_with(
        b"Live long and prosper.",
        &key,
        KeyAlg::A128Kw,
        Enc::A128CbcHs256,
        &Map::new(),
        &cek,
        &iv,
    );
    assert_eq!(made.as_deref(), Ok(RFC7516_A3));
}

#[test]
fn rfc_7520_section_5_examples_decrypt_or_name_what_is_unsupported() {
    let vectors: Value = match serde_json::from_str(include_str!("vectors/rfc7520.json")) {
        Ok(v) => v,
        Err(e) => panic!("{e}"),
    };
    let plaintext = vectors["plaintext"].as_str().unwrap_or_default();
    let mut decrypted = Vec::new();
    for case in vectors["cases"].as_array().into_iter().flatten() {
        let section = case["section"].as_str().unwrap_or_default();
        let token = case["compact"].as_str().unwrap_or_default();
        let jwe = Jwe::parse(token).unwrap_or_else(|e| panic!("{section}: {e}"));
        match section {
            // RSA1_5, PBES2 and AES-GCM key wrap are not in the set tokenbench implements.
            "5.1" | "5.3" | "5.7" => {
                let why = jwe.alg().err().map(|e| e.to_string()).unwrap_or_default();
                assert!(
                    why.contains(jwe.member("alg").unwrap_or("?")),
                    "{section}: {why}"
                );
                assert_eq!(jwe.needs(), why, "{section}: the panel says the same");
            }
            _ => {
                let key = key_of(&case["key"].to_string());
                let plain = jwe
                    .decrypt(&key)
                    .unwrap_or_else(|e| panic!("{section}: {e}"));
                assert_eq!(String::from_utf8_lossy(&plain), plaintext, "{section}");
                assert_eq!(plaintext_kind(&jwe.header, &plain), PlaintextKind::Text);
                decrypted.push(section);
            }
        }
    }
    // RSA-OAEP (5.2), ECDH-ES+A128KW on P-384 (5.4), ECDH-ES on P-256 (5.5), dir (5.6), A128KW (5.8).
    assert_eq!(decrypted, ["5.2", "5.4", "5.5", "5.6", "5.8"]);
}

fn rsa() -> &'static Key {
    static KEY: std::sync::OnceLock<Key> = std::sync::OnceLock::new();
    KEY.get_or_init(|| match generate(KeySpec::Rsa(2048)) {
        Ok(k) => k,
        Err(e) => panic!("{e}"),
    })
}

fn ec(curve: Curve) -> Key {
    match generate(KeySpec::Ec(curve)) {
        Ok(k) => k,
        Err(e) => panic!("{e}"),
    }
}

/// The recipient's key (public to encrypt, private to decrypt) for each algorithm.
fn keys_for(alg: KeyAlg, enc: Enc) -> (Key, Key) {
    let pair = |k: &Key| (k.public().unwrap_or_else(|| k.clone()), k.clone());
    match alg {
        KeyAlg::RsaOaep | KeyAlg::RsaOaep256 => pair(rsa()),
        KeyAlg::EcdhEs | KeyAlg::EcdhEsA128Kw => pair(&ec(Curve::P256)),
        KeyAlg::EcdhEsA192Kw | KeyAlg::EcdhEsA256Kw => pair(&ec(Curve::P384)),
        KeyAlg::Dir => {
            let k = shared(&vec![7; enc.key_len()]);
            (k.clone(), k)
        }
        KeyAlg::A128Kw | KeyAlg::A192Kw | KeyAlg::A256Kw => {
            let len = match alg {
                KeyAlg::A128Kw => 16,
                KeyAlg::A192Kw => 24,
                _ => 32,
            };
            let k = shared(&vec![9; len]);
            (k.clone(), k)
        }
    }
}

#[test]
fn every_algorithm_pair_round_trips_and_an_altered_token_fails_the_same_way() {
    let inner = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ2aXNpdG9yLTEifQ.c2lnbmF0dXJl";
    let mut extra = Map::new();
    extra.insert("cty".into(), json!("JWT"));
    for &alg in KeyAlg::ALL {
        for &enc in Enc::ALL {
            let (public, private) = keys_for(alg, enc);
            let token = encrypt(inner.as_bytes(), &public, alg, enc, &extra)
                .unwrap_or_else(|e| panic!("{alg} {enc}: {e}"));
            let jwe = Jwe::parse(&token).unwrap_or_else(|e| panic!("{alg} {enc}: {e}"));
            assert_eq!(jwe.member("alg"), Some(alg.name()));
            assert_eq!(jwe.member("cty"), Some("JWT"));
            let plain = jwe
                .decrypt(&private)
                .unwrap_or_else(|e| panic!("{alg} {enc}: {e}"));
            assert_eq!(plain, inner.as_bytes(), "{alg} {enc}");
            assert_eq!(plaintext_kind(&jwe.header, &plain), PlaintextKind::Jws);

            // One byte changed in the ciphertext, or in the tag: the same answer.
            let parts: Vec<&str> = token.split('.').collect();
            let flip = |s: &str| {
                let mut b = crate::core::b64::decode_lenient(s.as_bytes()).unwrap_or_default();
                if let Some(x) = b.first_mut() {
                    *x ^= 1;
                }
                crate::core::b64::encode(&b)
            };
            for at in [3, 4] {
                let mut altered: Vec<String> = parts.iter().map(|p| (*p).to_string()).collect();
                altered[at] = flip(parts[at]);
                let result = decrypt(&altered.join("."), &private);
                assert_eq!(result, Err(JweError::Failed), "{alg} {enc}, part {at}");
            }
        }
    }
}

#[test]
fn a_wrong_key_of_the_right_kind_fails_like_an_altered_token() {
    let (public, _) = keys_for(KeyAlg::RsaOaep256, Enc::A128CbcHs256);
    let token = encrypt(
        b"{}",
        &public,
        KeyAlg::RsaOaep256,
        Enc::A128CbcHs256,
        &Map::new(),
    );
    let other = match generate(KeySpec::Rsa(2048)) {
        Ok(k) => k,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        decrypt(&token.unwrap_or_default(), &other),
        Err(JweError::Failed)
    );

    let token = encrypt(
        b"{}",
        &shared(&[1; 16]),
        KeyAlg::A128Kw,
        Enc::A128Gcm,
        &Map::new(),
    );
    assert_eq!(
        decrypt(&token.unwrap_or_default(), &shared(&[2; 16])),
        Err(JweError::Failed)
    );
}

#[test]
fn keys_of_the_wrong_kind_or_size_are_named() {
    let (public, private) = keys_for(KeyAlg::RsaOaep256, Enc::A256Gcm);
    let token =
        encrypt(b"x", &public, KeyAlg::RsaOaep256, Enc::A256Gcm, &Map::new()).unwrap_or_default();
    let why = decrypt(&token, &public)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(why.contains("public half"), "{why}");
    let why = decrypt(&token, &shared(b"0123456789abcdef"))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(why.contains("RSA private key"), "{why}");
    assert!(
        Jwe::parse(&token)
            .map(|j| j.needs())
            .unwrap_or_default()
            .contains("RSA private key (RSA-OAEP-256 with A256GCM)")
    );
    assert!(decrypt(&token, &private).is_ok());

    // Chaskiq's key: 16 characters used as raw bytes, dir + A128GCM.
    let chaskiq = shared(b"a3f1c09b2e7d4c55");
    let token = encrypt(
        br#"{"email":"ada@example.com"}"#,
        &chaskiq,
        KeyAlg::Dir,
        Enc::A128Gcm,
        &Map::new(),
    )
    .unwrap_or_default();
    let jwe = Jwe::parse(&token).ok();
    assert_eq!(
        jwe.as_ref().map(Jwe::needs).as_deref(),
        Some("a 16-byte shared key (dir with A128GCM)")
    );
    let plain = jwe
        .as_ref()
        .and_then(|j| j.decrypt(&chaskiq).ok())
        .unwrap_or_default();
    assert_eq!(plaintext_kind(&Map::new(), &plain), PlaintextKind::Json);
    let why = decrypt(&token, &shared(b"too-short"))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(why.contains("9 bytes"), "{why}");
}

#[test]
fn damaged_and_unsupported_tokens_say_what_is_wrong() {
    let no = |t: &str| {
        Jwe::parse(t)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    };
    assert!(no("a.b.c").contains("five parts"));
    assert!(no("!!.a.b.c.d").contains("not base64url"));
    assert!(no("bm90IGpzb24.a.b.c.d").contains("not JSON"));
    let header = |h: &str| format!("{}..AAAA.AAAA.AAAA", crate::core::b64::encode(h.as_bytes()));
    let rsa1_5 = Jwe::parse(&header(r#"{"alg":"RSA1_5","enc":"A128GCM"}"#)).ok();
    let why = rsa1_5.map(|j| j.needs()).unwrap_or_default();
    assert!(why.contains("padding-oracle"), "{why}");
    let zip = Jwe::parse(&header(r#"{"alg":"dir","enc":"A128GCM","zip":"DEF"}"#)).ok();
    let why = zip
        .and_then(|j| j.decrypt(&shared(&[0; 16])).err())
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(why.contains("compressed"), "{why}");
    assert!(looks_like_jwe(RFC7516_A3));
    assert!(!looks_like_jwe("eyJhbGciOiJIUzI1NiJ9.e30.c2ln"));
}

#[test]
fn a_sealed_token_passes_no_line_of_the_checklist() {
    use crate::core::judge::Judge;
    use crate::core::preset::Presets;
    use crate::core::report::{CheckState, checklist};
    let presets = Presets::builtin();
    let liveperson = presets.get("liveperson");
    let (public, _) = keys_for(KeyAlg::RsaOaep256, Enc::A128CbcHs256);
    let token = seal_token("e30.e30.", &public, KeyAlg::RsaOaep256, Enc::A128CbcHs256);
    let token = token.unwrap_or_default();
    let opened = open(&token, None).expect("a readable JWE");
    let judge = Judge {
        preset: liveperson,
        ..Judge::new(&presets, 1_800_000_000)
    };
    let report = judge.inspect_unsigned(&token, &opened);
    let items = checklist(&report, liveperson);
    let passed: Vec<&str> = items
        .iter()
        .filter(|i| i.state == CheckState::Pass)
        .map(|i| i.label.as_str())
        .collect();
    assert!(
        passed.is_empty(),
        "nothing was read, nothing passes: {passed:?}"
    );
    assert!(
        items.iter().any(|i| i.label.starts_with("Issuer")),
        "the rules are listed"
    );
}
