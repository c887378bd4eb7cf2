//! JSON Web Keys (RFC 7517): one JWK, public or private, or a JWKS; and a vendor's key list
//! (`list`) when the JSON is one.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::KeyPairComponents;
use aws_lc_rs::signature::{self as sig, EcdsaKeyPair, Ed25519KeyPair};
use serde_json::{Map, Value};

use super::der;
use super::parse::{
    ec_pair, ec_public, ed_pair, ed_public, rejected, rsa_private, rsa_public, signing_alg,
    unreadable, unsupported,
};
use super::{Key, KeyError, KeySet};
use crate::core::alg::{Alg, Curve};
use crate::core::b64;
use crate::core::secret::Secret;

pub(super) fn parse_json(text: &[u8]) -> Result<KeySet, KeyError> {
    let value: Value = serde_json::from_slice(text).map_err(|e| {
        unreadable(format!(
            "The key file looks like JSON but isn't valid: {} at line {}, column {}.",
            e.to_string()
                .split(" at line")
                .next()
                .unwrap_or("invalid JSON"),
            e.line(),
            e.column()
        ))
    })?;
    match &value {
        Value::Object(o) if o.get("keys").is_some_and(Value::is_array) => {
            let mut set = KeySet::default();
            for (i, entry) in o["keys"].as_array().into_iter().flatten().enumerate() {
                match entry.as_object().map(from_jwk) {
                    Some(Ok(k)) => set.keys.push(k),
                    Some(Err(e)) => set.skipped.push(format!("key {} ({e})", i + 1)),
                    None => set
                        .skipped
                        .push(format!("key {} (not a JSON object)", i + 1)),
                }
            }
            if set.keys.is_empty() {
                return Err(unreadable(format!(
                    "The JWKS holds no usable signing key{}.",
                    if set.skipped.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", set.skipped.join("; "))
                    }
                )));
            }
            Ok(set)
        }
        Value::Object(o) if o.contains_key("kty") => from_jwk(o).map(KeySet::single),
        Value::Array(entries) => match super::list::list_for(entries) {
            Some(list) => list.read(entries),
            None => Err(unreadable(format!(
                "The JSON array is not a key list tokenbench knows ({}).",
                super::list::known_names()
            ))),
        },
        _ => Err(unreadable(format!(
            "The JSON is neither a JWK (with \"kty\"), a JWKS (with \"keys\") nor a key list ({}).",
            super::list::known_names()
        ))),
    }
}

/// A key file read for JWE: a JWK or JWKS entry may say `"use": "enc"` and name a JWE
/// algorithm (`"alg": "RSA-OAEP-256"`), as encryption keys do; those members are set aside
/// instead of refused. Anything else is read as `parse_key_file` reads it.
pub fn parse_encryption_key_file(bytes: &[u8]) -> Result<KeySet, KeyError> {
    let trimmed = bytes.trim_ascii();
    if trimmed.first() == Some(&b'{')
        && let Ok(Value::Object(mut o)) = serde_json::from_slice::<Value>(trimmed)
    {
        let strip = |jwk: &mut Map<String, Value>| {
            for member in ["use", "alg", "key_ops"] {
                jwk.remove(member);
            }
        };
        match o.get_mut("keys").and_then(Value::as_array_mut) {
            Some(keys) => keys
                .iter_mut()
                .filter_map(Value::as_object_mut)
                .for_each(strip),
            None => strip(&mut o),
        }
        let text = serde_json::to_vec(&o).map_err(|e| unreadable(e.to_string()))?;
        return parse_json(&text);
    }
    super::parse_key_file(bytes)
}

/// The one key a JWE is opened (or sealed) with: the first of the file's keys.
pub fn parse_encryption_key(bytes: &[u8]) -> Result<Key, KeyError> {
    let mut set = parse_encryption_key_file(bytes)?;
    if set.keys.is_empty() {
        return Err(unreadable("it holds no key"));
    }
    Ok(set.keys.remove(0))
}

fn field<'a>(jwk: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    jwk.get(name).and_then(Value::as_str)
}

fn b64_field(jwk: &Map<String, Value>, name: &str) -> Result<Vec<u8>, KeyError> {
    let text = field(jwk, name).ok_or_else(|| unreadable(format!("The JWK has no \"{name}\".")))?;
    b64::decode_lenient(text.as_bytes()).map_err(|e| {
        unreadable(format!(
            "The JWK's \"{name}\" is not base64url: {}.",
            b64::describe_error(&e)
        ))
    })
}

fn strip_zeros(mut v: Vec<u8>) -> Vec<u8> {
    let lead = v.iter().take_while(|b| **b == 0).count();
    v.drain(..lead.min(v.len().saturating_sub(1)));
    v
}

fn left_pad(v: Vec<u8>, len: usize) -> Vec<u8> {
    if v.len() >= len {
        return v;
    }
    let mut out = vec![0u8; len - v.len()];
    out.extend(v);
    out
}

/// One JWK (RFC 7517), public or private.
pub(super) fn from_jwk(jwk: &Map<String, Value>) -> Result<Key, KeyError> {
    if field(jwk, "use") == Some("enc") {
        return Err(unsupported("it is an encryption key (\"use\": \"enc\")"));
    }
    let alg = match field(jwk, "alg") {
        None => None,
        Some(a) => Some(a.parse::<Alg>().map_err(|_| {
            unsupported(format!("its \"alg\" {a} is not a JWS signature algorithm"))
        })?),
    };
    let kty = field(jwk, "kty").unwrap_or("");
    let key = match kty {
        "oct" => Key::hmac(Secret::new(b64_field(jwk, "k")?)),
        "RSA" => jwk_rsa(jwk)?,
        "EC" => jwk_ec(jwk)?,
        "OKP" => jwk_okp(jwk)?,
        other => {
            return Err(unsupported(format!(
                "its \"kty\" \"{other}\" is not RSA, EC, OKP or oct"
            )));
        }
    };
    if let Some(a) = alg {
        let fits = a.family() == key.family() && (a.curve().is_none() || a.curve() == key.curve());
        if !fits {
            return Err(unreadable(format!(
                "its \"alg\" {a} does not fit an {}",
                key.describe()
            )));
        }
    }
    Ok(Key {
        kid: field(jwk, "kid").map(str::to_string),
        alg,
        ..key
    })
}

fn jwk_rsa(jwk: &Map<String, Value>) -> Result<Key, KeyError> {
    let n = strip_zeros(b64_field(jwk, "n")?);
    let e = strip_zeros(b64_field(jwk, "e")?);
    if !jwk.contains_key("d") {
        return rsa_public(n, e);
    }
    let get = |name: &str| b64_field(jwk, name);
    let (d, p, q, dp, dq, qi) = (
        get("d")?,
        get("p")?,
        get("q")?,
        get("dp")?,
        get("dq")?,
        get("qi")?,
    );
    let parts = KeyPairComponents {
        public_key: sig::RsaPublicKeyComponents { n: &n, e: &e },
        d: &d,
        p: &p,
        q: &q,
        dP: &dp,
        dQ: &dq,
        qInv: &qi,
    };
    let pair = aws_lc_rs::rsa::KeyPair::from_components(&parts)
        .map_err(|e| rejected("RSA private JWK", &e))?;
    let pkcs8 = pair
        .as_der()
        .map_err(|_| unreadable("The RSA private JWK could not be re-encoded."))?;
    let pkcs1 = der::pkcs8(pkcs8.as_ref())
        .map(|info| info.private_key.to_vec())
        .ok_or_else(|| unreadable("The RSA private JWK could not be re-encoded."))?;
    rsa_private(&pkcs1)
}

fn jwk_ec(jwk: &Map<String, Value>) -> Result<Key, KeyError> {
    let curve = match field(jwk, "crv") {
        Some("P-256") => Curve::P256,
        Some("P-384") => Curve::P384,
        Some(other) => {
            return Err(unsupported(format!(
                "the curve {other} is not supported (P-256 or P-384)"
            )));
        }
        None => return Err(unreadable("The EC JWK has no \"crv\".")),
    };
    let len = curve.coordinate_len();
    let mut point = vec![4u8];
    point.extend(left_pad(b64_field(jwk, "x")?, len));
    point.extend(left_pad(b64_field(jwk, "y")?, len));
    if !jwk.contains_key("d") {
        return ec_public(curve, point);
    }
    let d = left_pad(b64_field(jwk, "d")?, len);
    let pair = EcdsaKeyPair::from_private_key_and_public_key(signing_alg(curve), &d, &point)
        .map_err(|e| rejected("EC private JWK", &e))?;
    ec_pair(curve, &pair)
}

fn jwk_okp(jwk: &Map<String, Value>) -> Result<Key, KeyError> {
    match field(jwk, "crv") {
        Some("Ed25519") => {}
        Some(other) => {
            return Err(unsupported(format!(
                "the OKP curve {other} is not supported (Ed25519 only)"
            )));
        }
        None => return Err(unreadable("The OKP JWK has no \"crv\".")),
    }
    let x = b64_field(jwk, "x")?;
    if !jwk.contains_key("d") {
        return ed_public(x);
    }
    let d = b64_field(jwk, "d")?;
    let pair = Ed25519KeyPair::from_seed_and_public_key(&d, &x)
        .map_err(|e| rejected("Ed25519 private JWK", &e))?;
    ed_pair(&pair)
}
