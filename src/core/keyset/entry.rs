//! Reading a key set's text into one `KeyInfo` per key, whatever form it comes in.

use base64::Engine;
use serde_json::{Map, Value};

use super::{Format, KeyInfo, text};
use crate::core::alg::Family;
use crate::core::b64;
use crate::core::key::{
    Key, KeyListFormat, certificate_info, key_from_jwk, known_names, list_for, modulus_bits,
    parse_key_file,
};

/// The set's format and its keys. Err: not a key set (one line).
pub(super) fn read(bytes: &[u8]) -> Result<(Format, Vec<KeyInfo>), String> {
    let trimmed = bytes.trim_ascii();
    if trimmed.is_empty() {
        return Err("it is empty: no keys".into());
    }
    if trimmed.first() == Some(&b'<') {
        return Err("it is an HTML or XML page, not a key set".into());
    }
    if trimmed.windows(10).any(|w| w == b"-----BEGIN") {
        return pem_blocks(trimmed).map(|keys| (Format::Pem, keys));
    }
    if !matches!(trimmed.first(), Some(b'{' | b'[')) {
        return Err("it is neither JSON (a JWKS, a JWK, a vendor's key list) nor PEM".into());
    }
    let value: Value = serde_json::from_slice(trimmed).map_err(|e| {
        format!(
            "it looks like JSON but isn't valid: {}",
            e.to_string()
                .split(" at line")
                .next()
                .unwrap_or("invalid JSON")
        )
    })?;
    match &value {
        Value::Object(o) if o.get("keys").is_some_and(Value::is_array) => {
            let entries = o["keys"].as_array().map_or(&[][..], Vec::as_slice);
            let keys = entries
                .iter()
                .enumerate()
                .map(|(i, e)| jwk_info(e, format!("/keys/{i}")))
                .collect();
            Ok((Format::Jwks, keys))
        }
        Value::Object(o) if o.contains_key("kty") => {
            Ok((Format::Jwk, vec![jwk_info(&value, String::new())]))
        }
        Value::Object(o) if o.contains_key("jwks_uri") => Err(format!(
            "it is an OpenID configuration, not a key set: its keys are at {}",
            o["jwks_uri"].as_str().unwrap_or("its jwks_uri")
        )),
        Value::Array(entries) => {
            let Some(list) = list_for(entries) else {
                return Err(format!(
                    "the JSON array is not a key list tokenbench knows ({})",
                    known_names()
                ));
            };
            let keys = entries
                .iter()
                .enumerate()
                .map(|(i, e)| list_info(list, e, format!("/{i}")))
                .collect();
            Ok((Format::List(list), keys))
        }
        _ => Err(format!(
            "the JSON is neither a JWK (with \"kty\"), a JWKS (with \"keys\") nor a key list ({})",
            known_names()
        )),
    }
}

/// RFC 7638: SHA-256 over the required members, in lexicographic order, no spaces.
/// None for `oct` (a hash of a secret is not shown) and for incomplete keys.
pub fn thumbprint_of_jwk(jwk: &Map<String, Value>) -> Option<String> {
    let names: &[&str] = match jwk.get("kty")?.as_str()? {
        "RSA" => &["e", "kty", "n"],
        "EC" => &["crv", "kty", "x", "y"],
        "OKP" => &["crv", "kty", "x"],
        _ => return None,
    };
    let mut canonical = Map::new();
    for name in names {
        canonical.insert((*name).to_string(), Value::from(jwk.get(*name)?.as_str()?));
    }
    let json = serde_json::to_string(&canonical).ok()?;
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, json.as_bytes());
    Some(b64::encode(digest.as_ref()))
}

fn jwk_info(entry: &Value, at: String) -> KeyInfo {
    let Some(jwk) = entry.as_object() else {
        return KeyInfo {
            at,
            unusable: Some("it is not a JSON object".into()),
            ..KeyInfo::default()
        };
    };
    let kty = text(jwk, "kty");
    let bits = (kty.as_deref() == Some("RSA"))
        .then(|| text(jwk, "n"))
        .flatten()
        .and_then(|n| b64::decode_lenient(n.as_bytes()).ok())
        .and_then(|n| modulus_bits(&n));
    let cert_der = jwk
        .get("x5c")
        .and_then(Value::as_array)
        .and_then(|chain| chain.first())
        .and_then(Value::as_str)
        .and_then(|c| base64::engine::general_purpose::STANDARD.decode(c).ok());
    let certificate = cert_der.as_deref().and_then(certificate_info);
    let thumbprint = thumbprint_of_jwk(jwk);
    // The certificate must carry the same public key as the JWK (RFC 7517 §4.7).
    let cert_key = cert_der
        .as_deref()
        .and_then(|der| parse_key_file(der).ok())
        .and_then(|set| set.keys.first().and_then(Key::thumbprint));
    let x5c_mismatch = matches!((&cert_key, &thumbprint), (Some(c), Some(t)) if c != t);
    let unusable = match key_from_jwk(jwk) {
        Ok(_) => None,
        // A small RSA key has its own finding.
        Err(_) if bits.is_some_and(|b| b < 2048) => None,
        Err(e) => Some(e.to_string().trim_end_matches('.').to_string()),
    };
    KeyInfo {
        at,
        kty,
        alg: text(jwk, "alg"),
        use_: text(jwk, "use"),
        kid: text(jwk, "kid"),
        bits,
        curve: text(jwk, "crv"),
        thumbprint,
        certificate,
        expiry: None,
        unusable,
        x5c_mismatch,
        members: jwk.keys().cloned().collect(),
    }
}

fn list_info(list: &KeyListFormat, entry: &Value, at: String) -> KeyInfo {
    let mut info = match list.entry_key(entry) {
        Ok(key) => from_key(&key),
        Err(e) => KeyInfo {
            unusable: Some(e.to_string().trim_end_matches('.').to_string()),
            ..KeyInfo::default()
        },
    };
    info.at = at;
    info.kid = list.entry_kid(entry);
    info.expiry = list.entry_expiry(entry);
    info.members = (entry.as_object())
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    info
}

fn pem_blocks(text: &[u8]) -> Result<Vec<KeyInfo>, String> {
    let blocks = pem::parse_many(text).map_err(|e| format!("the PEM text is damaged: {e}"))?;
    if blocks.is_empty() {
        return Err("it holds no PEM block".into());
    }
    Ok(blocks
        .iter()
        .enumerate()
        .map(|(i, block)| {
            let at = format!("PEM block {}", i + 1);
            let mut info = match parse_key_file(pem::encode(block).as_bytes()) {
                Ok(set) => set.keys.first().map(from_key).unwrap_or_default(),
                Err(e) => KeyInfo {
                    unusable: Some(e.to_string().trim_end_matches('.').to_string()),
                    ..KeyInfo::default()
                },
            };
            if block.tag() == "CERTIFICATE" {
                info.certificate = certificate_info(block.contents());
            }
            info.at = at;
            info
        })
        .collect())
}

/// What a parsed key says of itself; a private key is marked by a `d` member.
fn from_key(key: &Key) -> KeyInfo {
    let kty = match key.family() {
        Family::Hmac => "oct",
        Family::Rsa => "RSA",
        Family::Ec => "EC",
        Family::Ed25519 => "OKP",
    };
    let curve = match key.family() {
        Family::Ed25519 => Some("Ed25519".to_string()),
        _ => key.curve().map(|c| c.name().to_string()),
    };
    KeyInfo {
        kty: Some(kty.into()),
        alg: key.alg.map(|a| a.name().to_string()),
        kid: key.kid.clone(),
        bits: key.rsa_bits(),
        curve,
        thumbprint: key.thumbprint(),
        members: if key.is_private() {
            vec!["d".into()]
        } else {
            Vec::new()
        },
        ..KeyInfo::default()
    }
}
