//! Signing and verifying the compact JWS form, through jsonwebtoken's primitives.

use serde::Serialize;
use serde_json::{Map, Value};

use super::alg::Alg;
use super::b64;
use super::decode::Decoded;
use super::finding::{Finding, Part, RFC7515, RFC8725_ALG};
use super::key::{Key, KeyError, KeySet};

/// Signs `payload` under `header` (whose `alg` is set to `alg`, keeping its place), with
/// claim order preserved exactly.
pub fn sign(
    header: &Map<String, Value>,
    payload: &Map<String, Value>,
    key: &Key,
    alg: Alg,
) -> Result<String, KeyError> {
    let encoding_key = key.encoding_key(alg)?;
    let json = |m: &Map<String, Value>| {
        let mut buf = Vec::with_capacity(256);
        serde_json::to_writer(&mut buf, m).map_err(|e| KeyError::Signing(e.to_string()))?;
        Ok::<_, KeyError>(buf)
    };
    let header_json = if header.get("alg").and_then(Value::as_str) == Some(alg.name()) {
        json(header)?
    } else {
        let mut header = header.clone();
        header.insert("alg".to_string(), Value::from(alg.name()));
        json(&header)?
    };
    let payload_json = json(payload)?;
    let mut token = String::with_capacity((header_json.len() + payload_json.len()) * 4 / 3 + 100);
    b64::encode_into(&header_json, &mut token);
    token.push('.');
    b64::encode_into(&payload_json, &mut token);
    let signature = sign_with(token.as_bytes(), encoding_key, alg)?;
    token.push('.');
    token.push_str(&signature);
    Ok(token)
}

/// The base64url signature of an exact signing input (`header.payload` as encoded).
pub fn sign_input(input: &[u8], key: &Key, alg: Alg) -> Result<String, KeyError> {
    sign_with(input, key.encoding_key(alg)?, alg)
}

fn sign_with(input: &[u8], key: &jsonwebtoken::EncodingKey, alg: Alg) -> Result<String, KeyError> {
    jsonwebtoken::crypto::sign(input, key, alg.to_jwt())
        .map_err(|e| KeyError::Signing(describe_jwt_error(&e)))
}

/// jsonwebtoken prints some errors with `{:?}`; say them in words.
fn describe_jwt_error(e: &jsonwebtoken::errors::Error) -> String {
    use jsonwebtoken::errors::ErrorKind as K;
    match e.kind() {
        K::InvalidEcdsaKey => "the EC key is not valid for this curve".to_string(),
        K::InvalidEddsaKey => "the Ed25519 key is not valid".to_string(),
        K::InvalidRsaKey(why) => format!("the RSA key is not valid ({why})"),
        K::RsaFailedSigning => "RSA signing failed".to_string(),
        K::InvalidKeyFormat => "the key is not in a form this algorithm can use".to_string(),
        K::InvalidAlgorithm => "the key does not fit the algorithm".to_string(),
        _ => "the signature could not be made".to_string(),
    }
}

/// The outcome of checking a token's signature.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SignatureCheck {
    pub valid: bool,
    /// The algorithm the signature was checked with.
    pub alg: Option<Alg>,
    /// The key that verified it (or the one tried), described without its material.
    pub key: Option<String>,
    /// Also merged into the report's findings, so not serialized twice.
    #[serde(skip)]
    pub findings: Vec<Finding>,
    /// The key that verified the signature (the report's `matched_key`).
    #[serde(skip)]
    pub matched: Option<MatchedKey>,
}

/// Which key verified a signature: its kid, RFC 7638 thumbprint and where it came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MatchedKey {
    pub kid: Option<String>,
    /// None for an HMAC secret (a hash of a secret is not shown).
    pub thumbprint: Option<String>,
    pub source: Option<String>,
}

impl MatchedKey {
    pub fn of(key: &Key, source: Option<&str>) -> MatchedKey {
        MatchedKey {
            kid: key.kid.clone(),
            thumbprint: key.thumbprint(),
            source: source.map(str::to_string),
        }
    }
}

impl SignatureCheck {
    fn invalid(finding: Finding) -> SignatureCheck {
        SignatureCheck {
            findings: vec![finding],
            ..SignatureCheck::default()
        }
    }
}

/// Verifies `token`'s signature with the keys given, using only algorithms in `allowed`
/// that also fit the key: the header's `alg` only chooses among those, so an RSA public
/// key is never used as an HMAC secret, and `none` is never accepted.
pub fn verify(token: &Decoded, keys: &KeySet, allowed: &[Alg]) -> SignatureCheck {
    let sig_finding = |rule: &str, msg: String| Finding::error(Part::Signature, rule, msg);
    let Some(alg_text) = token.alg() else {
        return SignatureCheck::invalid(
            sig_finding(
                "alg-missing",
                "The header has no \"alg\", so the signature can't be checked.".into(),
            )
            .claim("alg")
            .source(Some(RFC7515)),
        );
    };
    if alg_text.eq_ignore_ascii_case("none") {
        return SignatureCheck::invalid(
            sig_finding(
                "alg-none",
                "\"alg\": \"none\" means the token is unsigned; it is never accepted as valid."
                    .into(),
            )
            .claim("alg")
            .source(Some(RFC8725_ALG)),
        );
    }
    let Some(alg) = Alg::from_jose(alg_text) else {
        return SignatureCheck::invalid(
            sig_finding(
                "alg-unsupported",
                format!("The header's \"alg\" \"{alg_text}\" is not a signature algorithm tokenbench checks (HS/RS/PS 256-512, ES256, ES384, EdDSA; names are case-sensitive)."),
            )
            .claim("alg"),
        );
    };
    if !allowed.contains(&alg) {
        let names: Vec<&str> = allowed.iter().map(|a| a.name()).collect();
        return SignatureCheck::invalid(
            sig_finding(
                "alg-not-allowed",
                format!(
                    "The token says {alg}, but only {} is expected here; a verifier that follows the header's alg can be tricked (algorithm confusion).",
                    names.join(", ")
                ),
            )
            .claim("alg")
            .source(Some(RFC8725_ALG)),
        );
    }
    let (Some(input), Some(signature)) = (token.signing_input(), token.signature.as_ref()) else {
        return SignatureCheck::invalid(sig_finding(
            "signature-unreadable",
            "The signature can't be checked because the token's parts could not be read.".into(),
        ));
    };
    let mut fitting: Vec<&Key> = keys
        .keys
        .iter()
        .filter(|k| k.check_alg(alg).is_ok())
        .collect();
    // A public key given as an HMAC secret is never used: anyone can sign with it.
    let posing = fitting.iter().find_map(|k| k.public_as_secret());
    if let Some(what) = posing {
        let confusion = key_confusion(what);
        fitting.retain(|k| k.public_as_secret().is_none());
        if fitting.is_empty() {
            return SignatureCheck {
                alg: Some(alg),
                key: Some(keys.describe()),
                ..SignatureCheck::invalid(confusion)
            };
        }
    }
    if fitting.is_empty() {
        let what = keys.describe();
        let reason = keys
            .keys
            .first()
            .and_then(|k| k.check_alg(alg).err())
            .map_or_else(|| format!("no key fits {alg}"), |e| e.to_string());
        return SignatureCheck {
            key: Some(what),
            ..SignatureCheck::invalid(
                sig_finding(
                    "key-mismatch",
                    format!("Not verified: {reason}. The key type decides the algorithm, not the token (RFC 8725 §3.1)."),
                )
                .claim("alg")
                .source(Some(RFC8725_ALG)),
            )
        };
    }
    let mut findings = Vec::new();
    let candidates = pick_by_kid(&fitting, token.kid(), &mut findings);
    if candidates.is_empty() {
        return SignatureCheck {
            findings,
            ..SignatureCheck::default()
        };
    }
    let canonical;
    let encoded = if token.signature_is_canonical() {
        token.signature_encoded.as_str()
    } else {
        canonical = b64::encode(signature);
        canonical.as_str()
    };
    for key in &candidates {
        let ok = jsonwebtoken::crypto::verify(
            encoded,
            input.as_bytes(),
            key.decoding_key(),
            alg.to_jwt(),
        )
        .unwrap_or(false);
        if ok {
            return SignatureCheck {
                valid: true,
                alg: Some(alg),
                key: Some(key.describe()),
                findings,
                matched: Some(MatchedKey::of(key, keys.source.as_deref())),
            };
        }
    }
    let kids: Vec<&str> = candidates.iter().filter_map(|k| k.kid.as_deref()).collect();
    let tried = match (candidates.len(), kids.as_slice()) {
        (1, _) => format!("the {}", candidates[0].describe()),
        (n, []) => format!("any of the {n} keys that fit {alg}"),
        (n, kids) => format!(
            "any of the {n} keys that fit {alg} (kids: {})",
            kids.join(", ")
        ),
    };
    findings.push(sig_finding(
        "signature",
        format!("The signature does not match {tried}: the token was signed with another key, or altered after signing."),
    ));
    SignatureCheck {
        valid: false,
        alg: Some(alg),
        key: Some(candidates[0].describe()),
        findings,
        matched: None,
    }
}

/// The finding for a public key given as an HMAC secret.
fn key_confusion(what: &str) -> Finding {
    Finding::error(
        Part::Signature,
        "key-confusion",
        format!(
            "The HMAC secret given is {what}. A public key is anyone's: anyone can sign an HS256 token with it, so a verifier that takes it as a secret accepts forged tokens (the RS256→HS256 key confusion, RFC 8725 §2.1). It is never used as a secret: give the public key as a key (to verify RS/ES/PS tokens), or the vendor's shared secret."
        ),
    )
    .claim("alg")
    .source(Some(RFC8725_ALG))
}

/// With several keys, the token's `kid` picks one; a single key is tried whatever its kid.
fn pick_by_kid<'a>(
    keys: &[&'a Key],
    kid: Option<&str>,
    findings: &mut Vec<Finding>,
) -> Vec<&'a Key> {
    let Some(kid) = kid else {
        return keys.to_vec();
    };
    let matching: Vec<&Key> = keys
        .iter()
        .copied()
        .filter(|k| k.kid.as_deref() == Some(kid))
        .collect();
    if !matching.is_empty() {
        return matching;
    }
    if let [only] = keys {
        if let Some(other) = &only.kid {
            findings.push(
                Finding::warning(
                    Part::Header,
                    "kid-mismatch",
                    format!("The token's kid \"{kid}\" differs from the key's kid \"{other}\"; a verifier that picks keys by kid will not use this key."),
                )
                .claim("kid"),
            );
        }
        return vec![only];
    }
    if keys.iter().all(|k| k.kid.is_none()) {
        return keys.to_vec();
    }
    let known: Vec<&str> = keys.iter().filter_map(|k| k.kid.as_deref()).collect();
    findings.push(
        Finding::error(
            Part::Signature,
            "kid-not-found",
            format!(
                "No key has the token's kid \"{kid}\" (the keys have: {}).",
                known.join(", ")
            ),
        )
        .claim("kid"),
    );
    Vec::new()
}

#[cfg(test)]
mod tests;
