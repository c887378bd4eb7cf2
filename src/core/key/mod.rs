//! Keys: HMAC secrets and RSA / EC / Ed25519 key pairs, read from PEM, DER, JWK, JWKS or
//! a vendor's key list (`list`, described by presets), generated, and exported.

mod cert;
mod confusion;
mod der;
mod export;
mod generate;
mod jwk;
mod list;
mod parse;

use std::fmt;
use std::sync::OnceLock;

use jsonwebtoken::{DecodingKey, EncodingKey};

pub use cert::{CertInfo, certificate_info};
pub use confusion::public_key_in;
pub use export::{PublicFormat, jwks};
pub use generate::{KeySpec, generate};
pub use jwk::{parse_encryption_key, parse_encryption_key_file};
pub use list::{KeyListFormat, ListEntry, ListKeyEncoding, known_lists, known_names, list_for};
pub use parse::parse_key_file;

use super::alg::{Alg, Curve, Family};
use super::secret::Secret;

/// Why a key could not be read or used. Never contains key material.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("{0}")]
    Unreadable(String),
    #[error("{0}")]
    Unsupported(String),
    #[error("{what} can't sign: it is a public key; signing needs the private key")]
    PublicOnly { what: String },
    #[error("{alg} needs {needed}, but the key is {what}")]
    WrongFamily {
        alg: Alg,
        needed: String,
        what: String,
    },
    #[error("signing failed: {0}")]
    Signing(String),
    /// A public key given as an HMAC secret (RFC 8725 §2.1).
    #[error(
        "the secret is {what}: a public key is anyone's, so an HMAC key made of it would let anyone sign (key confusion, RFC 8725 §2.1); give it as a key file, or use the vendor's shared secret"
    )]
    PublicAsSecret { what: String },
}

#[derive(Clone)]
pub(crate) enum KeyData {
    Hmac(Secret),
    Rsa {
        /// PKCS#1 RSAPrivateKey DER, as jsonwebtoken wants it.
        private_pkcs1: Option<Secret>,
        n: Vec<u8>,
        e: Vec<u8>,
    },
    Ec {
        curve: Curve,
        /// PKCS#8 DER.
        private_pkcs8: Option<Secret>,
        /// Uncompressed point: 0x04 || x || y.
        point: Vec<u8>,
    },
    Ed25519 {
        /// PKCS#8 DER.
        private_pkcs8: Option<Secret>,
        public: Vec<u8>,
    },
}

/// One key, with the `kid` and `alg` its file gave it, if any.
#[derive(Clone)]
pub struct Key {
    pub(crate) data: KeyData,
    pub kid: Option<String>,
    /// The one algorithm the key is restricted to (a JWK's `alg`).
    pub alg: Option<Alg>,
    /// For an HMAC key whose bytes are a public key: what it is. Such a key never signs
    /// nor verifies (RFC 8725 §2.1).
    public_as_secret: Option<String>,
    /// jsonwebtoken's forms of the key, made on first use (they copy the key bytes).
    pub(crate) cache: KeyCache,
}

#[derive(Clone, Default)]
pub(crate) struct KeyCache {
    encoding: OnceLock<EncodingKey>,
    decoding: OnceLock<DecodingKey>,
    /// The RSA private key as RSA-OAEP decrypts with it (JWE), parsed once.
    rsa_decrypting: OnceLock<Option<std::sync::Arc<aws_lc_rs::rsa::OaepPrivateDecryptingKey>>>,
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Key")
            .field("kind", &self.describe())
            .field("kid", &self.kid)
            .field("alg", &self.alg)
            .finish()
    }
}

impl Key {
    /// An HMAC key from secret bytes. Bytes that are a public key are remembered as such:
    /// the key then refuses to sign or verify.
    pub fn hmac(secret: Secret) -> Key {
        let public_as_secret = public_key_in(secret.expose());
        Key {
            public_as_secret,
            ..Key::from_data(KeyData::Hmac(secret))
        }
    }

    /// The RSA private key for RSA-OAEP (JWE), made on first use; None for any other key
    /// or one aws-lc-rs refuses.
    pub(crate) fn rsa_decrypting(&self) -> Option<&aws_lc_rs::rsa::OaepPrivateDecryptingKey> {
        let made = self.cache.rsa_decrypting.get_or_init(|| {
            let KeyData::Rsa {
                private_pkcs1: Some(pkcs1),
                ..
            } = &self.data
            else {
                return None;
            };
            // PKCS#8 around the PKCS#1 key (RFC 5208): version 0, rsaEncryption, the key.
            let mut algorithm = der::write(der::OID, der::oid::RSA_ENCRYPTION);
            algorithm.extend(der::write(der::NULL, &[]));
            let mut body = der::write(der::INTEGER, &[0]);
            body.extend(der::write(der::SEQUENCE, &algorithm));
            body.extend(der::write(der::OCTET_STRING, pkcs1.expose()));
            let pkcs8 = zeroize::Zeroizing::new(der::write(der::SEQUENCE, &body));
            let key = aws_lc_rs::rsa::PrivateDecryptingKey::from_pkcs8(&pkcs8).ok()?;
            aws_lc_rs::rsa::OaepPrivateDecryptingKey::new(key)
                .ok()
                .map(std::sync::Arc::new)
        });
        made.as_deref()
    }

    pub(crate) fn from_data(data: KeyData) -> Key {
        Key {
            data,
            kid: None,
            alg: None,
            public_as_secret: None,
            cache: KeyCache::default(),
        }
    }

    /// For an HMAC key made of a public key's text or bytes: what that public key is.
    pub fn public_as_secret(&self) -> Option<&str> {
        self.public_as_secret.as_deref()
    }

    /// Whether the key may be used as it is: not a public key posing as a secret.
    pub fn usable(&self) -> Result<(), KeyError> {
        match &self.public_as_secret {
            Some(what) => Err(KeyError::PublicAsSecret { what: what.clone() }),
            None => Ok(()),
        }
    }

    pub fn with_kid(mut self, kid: Option<String>) -> Key {
        if kid.is_some() {
            self.kid = kid;
        }
        self
    }

    pub fn family(&self) -> Family {
        match &self.data {
            KeyData::Hmac(_) => Family::Hmac,
            KeyData::Rsa { .. } => Family::Rsa,
            KeyData::Ec { .. } => Family::Ec,
            KeyData::Ed25519 { .. } => Family::Ed25519,
        }
    }

    pub fn curve(&self) -> Option<Curve> {
        match &self.data {
            KeyData::Ec { curve, .. } => Some(*curve),
            _ => None,
        }
    }

    /// Whether the key can sign (an HMAC secret or a private key).
    pub fn is_private(&self) -> bool {
        match &self.data {
            KeyData::Hmac(_) => true,
            KeyData::Rsa { private_pkcs1, .. } => private_pkcs1.is_some(),
            KeyData::Ec { private_pkcs8, .. } | KeyData::Ed25519 { private_pkcs8, .. } => {
                private_pkcs8.is_some()
            }
        }
    }

    /// The RSA modulus size in bits.
    pub fn rsa_bits(&self) -> Option<usize> {
        match &self.data {
            KeyData::Rsa { n, .. } => modulus_bits(n),
            _ => None,
        }
    }

    /// The HMAC secret's length in bytes.
    /// An HMAC key's secret bytes (for identity hashes, which are not JWTs).
    pub fn secret_bytes(&self) -> Option<&[u8]> {
        match &self.data {
            KeyData::Hmac(s) => Some(s.expose()),
            _ => None,
        }
    }

    pub fn secret_len(&self) -> Option<usize> {
        match &self.data {
            KeyData::Hmac(s) => Some(s.len()),
            _ => None,
        }
    }

    /// "HMAC secret (32 bytes)", "RSA 2048-bit private key", "P-256 public key (kid k1)".
    pub fn describe(&self) -> String {
        let side = if self.is_private() {
            "private key"
        } else {
            "public key"
        };
        let base = match &self.data {
            KeyData::Hmac(s) => format!("HMAC secret ({} bytes)", s.len()),
            KeyData::Rsa { .. } => format!("RSA {}-bit {side}", self.rsa_bits().unwrap_or(0)),
            KeyData::Ec { curve, .. } => format!("EC {} {side}", curve.name()),
            KeyData::Ed25519 { .. } => format!("Ed25519 {side}"),
        };
        match &self.kid {
            Some(kid) => format!("{base} (kid \"{kid}\")"),
            None => base,
        }
    }

    /// What the key is, for an error message about needing something else.
    fn what(&self) -> String {
        match &self.data {
            KeyData::Hmac(_) => "an HMAC secret".to_string(),
            _ => format!("an {}", self.describe()),
        }
    }

    /// The algorithms this key can be used with.
    pub fn algorithms(&self) -> Vec<Alg> {
        if let Some(alg) = self.alg {
            return vec![alg];
        }
        match &self.data {
            KeyData::Ec { curve, .. } => vec![curve.alg()],
            _ => Alg::of_family(self.family()).collect(),
        }
    }

    /// The algorithm to sign with when nothing else says which.
    pub fn default_alg(&self) -> Alg {
        self.algorithms().first().copied().unwrap_or(Alg::HS256)
    }

    /// Whether this key can be used with `alg`.
    pub fn fits(&self, alg: Alg) -> bool {
        match self.alg {
            Some(only) => only == alg,
            None => {
                alg.family() == self.family()
                    && (alg.curve().is_none() || alg.curve() == self.curve())
            }
        }
    }

    /// Whether this key can be used with `alg`; if not, why.
    pub fn check_alg(&self, alg: Alg) -> Result<(), KeyError> {
        if self.fits(alg) {
            return Ok(());
        }
        let needed = match alg.curve() {
            Some(c) => format!("an EC {} key", c.name()),
            None if alg.family() == Family::Hmac => "an HMAC secret".to_string(),
            None => format!("an {}", alg.family()),
        };
        let what = match self.alg {
            Some(only) if only.family() == alg.family() => {
                format!("{} restricted to {only} by its \"alg\"", self.what())
            }
            _ => self.what(),
        };
        Err(KeyError::WrongFamily { alg, needed, what })
    }

    /// The same key without its private part.
    pub fn public(&self) -> Option<Key> {
        let data = match &self.data {
            KeyData::Hmac(_) => return None,
            KeyData::Rsa { n, e, .. } => KeyData::Rsa {
                private_pkcs1: None,
                n: n.clone(),
                e: e.clone(),
            },
            KeyData::Ec { curve, point, .. } => KeyData::Ec {
                curve: *curve,
                private_pkcs8: None,
                point: point.clone(),
            },
            KeyData::Ed25519 { public, .. } => KeyData::Ed25519 {
                private_pkcs8: None,
                public: public.clone(),
            },
        };
        Some(Key {
            kid: self.kid.clone(),
            alg: self.alg,
            ..Key::from_data(data)
        })
    }

    pub(crate) fn encoding_key(&self, alg: Alg) -> Result<&EncodingKey, KeyError> {
        self.check_alg(alg)?;
        self.usable()?;
        let private = match &self.data {
            KeyData::Hmac(s) => s,
            KeyData::Rsa {
                private_pkcs1: p, ..
            }
            | KeyData::Ec {
                private_pkcs8: p, ..
            }
            | KeyData::Ed25519 {
                private_pkcs8: p, ..
            } => p.as_ref().ok_or_else(|| KeyError::PublicOnly {
                what: self.describe(),
            })?,
        };
        Ok(self.cache.encoding.get_or_init(|| {
            let bytes = private.expose();
            match self.family() {
                Family::Hmac => EncodingKey::from_secret(bytes),
                Family::Rsa => EncodingKey::from_rsa_der(bytes),
                Family::Ec => EncodingKey::from_ec_der(bytes),
                Family::Ed25519 => EncodingKey::from_ed_der(bytes),
            }
        }))
    }

    pub(crate) fn decoding_key(&self) -> &DecodingKey {
        self.cache.decoding.get_or_init(|| match &self.data {
            KeyData::Hmac(s) => DecodingKey::from_secret(s.expose()),
            KeyData::Rsa { n, e, .. } => DecodingKey::from_rsa_raw_components(n, e),
            KeyData::Ec { point, .. } => DecodingKey::from_ec_der(point),
            KeyData::Ed25519 { public, .. } => DecodingKey::from_ed_der(public),
        })
    }
}

/// The size in bits of an RSA modulus given as big-endian bytes.
pub fn modulus_bits(n: &[u8]) -> Option<usize> {
    let first = n.iter().position(|b| *b != 0)?;
    Some((n.len() - first) * 8 - n[first].leading_zeros() as usize)
}

/// One JWK (RFC 7517) as a key, public or private.
pub fn key_from_jwk(jwk: &serde_json::Map<String, serde_json::Value>) -> Result<Key, KeyError> {
    jwk::from_jwk(jwk)
}

/// Keys read from one source: a single key, or a JWKS / public-key list to pick from by `kid`.
#[derive(Clone, Debug, Default)]
pub struct KeySet {
    pub keys: Vec<Key>,
    /// Entries that were skipped, and why (an encryption key in a JWKS, an unsupported curve).
    pub skipped: Vec<String>,
    /// Where the keys came from ("https://…/jwks.json", a file), for the report.
    pub source: Option<String>,
}

impl KeySet {
    pub fn single(key: Key) -> KeySet {
        KeySet {
            keys: vec![key],
            ..KeySet::default()
        }
    }

    /// The kids the set's keys have, in order.
    pub fn kids(&self) -> Vec<&str> {
        self.keys.iter().filter_map(|k| k.kid.as_deref()).collect()
    }

    /// Whether some key has `kid`.
    pub fn has_kid(&self, kid: &str) -> bool {
        self.keys.iter().any(|k| k.kid.as_deref() == Some(kid))
    }

    /// The first key that can sign.
    pub fn signing_key(&self) -> Option<&Key> {
        self.keys.iter().find(|k| k.is_private())
    }

    pub fn describe(&self) -> String {
        match self.keys.as_slice() {
            [one] => one.describe(),
            many => format!("{} keys", many.len()),
        }
    }
}

#[cfg(test)]
mod tests;
