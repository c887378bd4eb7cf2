//! Writing keys out: PEM, JWK, JWKS, or a vendor's key list (`list`).

use std::str::FromStr;

use aws_lc_rs::digest;
use aws_lc_rs::encoding::AsDer;
use serde_json::{Map, Value, json};

use super::der::{self, oid};
use super::{Key, KeyData, KeyError};
use crate::core::alg::Curve;
use crate::core::b64;
use crate::core::secret::Secret;

/// How to write a public key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PublicFormat {
    /// SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`).
    Pem,
    /// One JWK.
    Jwk,
    /// `{"keys": [JWK]}`.
    Jwks,
    /// A vendor's key list, as its preset describes it (Omnichannel's).
    List(&'static super::KeyListFormat),
}

impl FromStr for PublicFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pem" => Ok(PublicFormat::Pem),
            "jwk" => Ok(PublicFormat::Jwk),
            "jwks" => Ok(PublicFormat::Jwks),
            other => match super::known_lists().iter().find(|l| l.id == other) {
                Some(list) => Ok(PublicFormat::List(list)),
                None => {
                    let lists: Vec<&str> =
                        super::known_lists().iter().map(|l| l.id.as_str()).collect();
                    Err(format!(
                        "unknown public key format \"{other}\" (expected pem, jwk, jwks or {})",
                        lists.join(", ")
                    ))
                }
            },
        }
    }
}

fn pem_text(tag: &str, der: Vec<u8>) -> String {
    pem::encode_config(
        &pem::Pem::new(tag, der),
        pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
    )
}

fn curve_oid(curve: Curve) -> &'static [u8] {
    match curve {
        Curve::P256 => oid::P256,
        Curve::P384 => oid::P384,
    }
}

impl Key {
    /// The public key as SubjectPublicKeyInfo DER (None for an HMAC secret).
    pub fn public_spki_der(&self) -> Option<Vec<u8>> {
        Some(match &self.data {
            KeyData::Hmac(_) => return None,
            KeyData::Rsa { n, e, .. } => {
                let mut body = der::write(der::INTEGER, &positive(n));
                body.extend(der::write(der::INTEGER, &positive(e)));
                der::write_spki(oid::RSA_ENCRYPTION, None, &der::write(der::SEQUENCE, &body))
            }
            KeyData::Ec { curve, point, .. } => {
                der::write_spki(oid::EC_PUBLIC_KEY, Some(curve_oid(*curve)), point)
            }
            KeyData::Ed25519 { public, .. } => der::write_spki(oid::ED25519, None, public),
        })
    }

    /// `-----BEGIN PUBLIC KEY-----` PEM.
    pub fn public_pem(&self) -> Option<String> {
        self.public_spki_der().map(|d| pem_text("PUBLIC KEY", d))
    }

    /// The private key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). A secret: write it
    /// only where the user asked for it.
    pub fn private_pkcs8_pem(&self) -> Result<Secret, KeyError> {
        let public_only = || KeyError::PublicOnly {
            what: self.describe(),
        };
        let der = match &self.data {
            KeyData::Hmac(_) => {
                return Err(KeyError::Unsupported(
                    "an HMAC secret has no PEM form".to_string(),
                ));
            }
            KeyData::Rsa { private_pkcs1, .. } => {
                let pkcs1 = private_pkcs1.as_ref().ok_or_else(public_only)?;
                let pair = aws_lc_rs::rsa::KeyPair::from_der(pkcs1.expose())
                    .map_err(|e| KeyError::Unreadable(e.to_string()))?;
                let doc = pair
                    .as_der()
                    .map_err(|_| KeyError::Unreadable("the RSA key could not be encoded".into()))?;
                doc.as_ref().to_vec()
            }
            KeyData::Ec { private_pkcs8, .. } | KeyData::Ed25519 { private_pkcs8, .. } => {
                private_pkcs8
                    .as_ref()
                    .ok_or_else(public_only)?
                    .expose()
                    .to_vec()
            }
        };
        Ok(Secret::new(pem_text("PRIVATE KEY", der).into_bytes()))
    }

    /// The RFC 7638 members of the public JWK, in the order the RFC sorts them.
    fn jwk_members(&self) -> Option<Vec<(&'static str, String)>> {
        Some(match &self.data {
            KeyData::Hmac(_) => return None,
            KeyData::Rsa { n, e, .. } => vec![
                ("e", b64::encode(e)),
                ("kty", "RSA".into()),
                ("n", b64::encode(n)),
            ],
            KeyData::Ec { curve, point, .. } => {
                let len = curve.coordinate_len();
                let (x, y) = point.get(1..)?.split_at(len);
                vec![
                    ("crv", curve.name().into()),
                    ("kty", "EC".into()),
                    ("x", b64::encode(x)),
                    ("y", b64::encode(y)),
                ]
            }
            KeyData::Ed25519 { public, .. } => vec![
                ("crv", "Ed25519".into()),
                ("kty", "OKP".into()),
                ("x", b64::encode(public)),
            ],
        })
    }

    /// The RFC 7638 JWK thumbprint (SHA-256, base64url): a stable default `kid`.
    pub fn thumbprint(&self) -> Option<String> {
        let members = self.jwk_members()?;
        let canonical: Map<String, Value> = members
            .into_iter()
            .map(|(k, v)| (k.to_string(), Value::String(v)))
            .collect();
        let text = serde_json::to_string(&canonical).ok()?;
        Some(b64::encode(
            digest::digest(&digest::SHA256, text.as_bytes()).as_ref(),
        ))
    }

    /// The public JWK with `kty` first, then `kid`, `use` and `alg` when known.
    pub fn public_jwk(&self) -> Option<Value> {
        let members = self.jwk_members()?;
        let mut out = Map::new();
        out.insert(
            "kty".into(),
            json!(members.iter().find(|m| m.0 == "kty")?.1),
        );
        if let Some(kid) = &self.kid {
            out.insert("kid".into(), json!(kid));
        }
        out.insert("use".into(), json!("sig"));
        out.insert("alg".into(), json!(self.default_alg().name()));
        for (k, v) in members.into_iter().filter(|m| m.0 != "kty") {
            out.insert(k.into(), json!(v));
        }
        Some(Value::Object(out))
    }

    /// The public key in `format`; a key list's expiry counts from `now`.
    pub fn export_public(&self, format: PublicFormat, now: i64) -> Option<String> {
        match format {
            PublicFormat::Pem => self.public_pem(),
            PublicFormat::Jwk => serde_json::to_string_pretty(&self.public_jwk()?).ok(),
            PublicFormat::Jwks => {
                serde_json::to_string_pretty(&jwks(std::slice::from_ref(self))).ok()
            }
            PublicFormat::List(list) => {
                let entry = super::ListEntry {
                    key: self,
                    kid: None,
                };
                serde_json::to_string_pretty(&list.write(&[entry], now)).ok()
            }
        }
    }
}

/// DER INTEGER content for an unsigned big-endian number.
fn positive(bytes: &[u8]) -> Vec<u8> {
    let start = bytes
        .iter()
        .position(|b| *b != 0)
        .unwrap_or(bytes.len().saturating_sub(1));
    let trimmed = &bytes[start..];
    let mut out = Vec::with_capacity(trimmed.len() + 1);
    if trimmed.first().is_some_and(|b| b & 0x80 != 0) {
        out.push(0);
    }
    out.extend_from_slice(trimmed);
    out
}

/// A JWKS of the public halves of `keys` (HMAC secrets are left out).
pub fn jwks(keys: &[Key]) -> Value {
    json!({ "keys": keys.iter().filter_map(Key::public_jwk).collect::<Vec<_>>() })
}
