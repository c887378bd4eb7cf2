//! Reading keys from what people have: PEM (PKCS#1, PKCS#8, SEC1, SPKI, certificates),
//! raw DER, a JWK, a JWKS, or a vendor's key list (`list`).

use aws_lc_rs::error::KeyRejected;
use aws_lc_rs::signature::{
    self as sig, ECDSA_P256_SHA256_FIXED_SIGNING, ECDSA_P384_SHA384_FIXED_SIGNING, EcdsaKeyPair,
    Ed25519KeyPair, KeyPair as _,
};

use super::der::{self, oid};
use super::{Key, KeyData, KeyError, KeySet};
use crate::core::alg::Curve;
use crate::core::secret::Secret;

/// Key files bigger than this are not keys (a JWKS of a hundred RSA keys is ~50 KB).
const MAX_KEY_FILE: usize = 1 << 20;

pub(super) fn unreadable(msg: impl Into<String>) -> KeyError {
    KeyError::Unreadable(msg.into())
}

pub(super) fn unsupported(msg: impl Into<String>) -> KeyError {
    KeyError::Unsupported(msg.into())
}

/// aws-lc-rs names its rejections in CamelCase; say what they mean.
pub(super) fn rejected(what: &str, e: &KeyRejected) -> KeyError {
    let why = match e.to_string().as_str() {
        "TooSmall" => {
            "it is smaller than 2048 bits, the minimum for RS/PS algorithms (RFC 7518 §3.3)"
                .to_string()
        }
        "TooLarge" => "it is larger than 8192 bits".to_string(),
        "InconsistentComponents" => "its parts don't belong together".to_string(),
        "WrongAlgorithm" => "it is a key for a different algorithm".to_string(),
        "InvalidEncoding" => "its encoding is damaged".to_string(),
        "PublicKeyIsMissing" => "its public part is missing".to_string(),
        other => other.to_string(),
    };
    unreadable(format!("The {what} was rejected: {why}."))
}

/// Reads every usable key from a key file's bytes.
pub fn parse_key_file(bytes: &[u8]) -> Result<KeySet, KeyError> {
    if bytes.len() > MAX_KEY_FILE {
        return Err(unreadable(format!(
            "This file is {} bytes: too large to be a key.",
            bytes.len()
        )));
    }
    let trimmed = bytes.trim_ascii();
    if trimmed.is_empty() {
        return Err(unreadable("The key file is empty."));
    }
    if contains(trimmed, b"-----BEGIN") {
        return parse_pem(trimmed);
    }
    if matches!(trimmed.first(), Some(b'{' | b'[')) {
        return super::jwk::parse_json(trimmed);
    }
    // DER is binary: its last byte may well be 0x20 or 0x0a, so it is read untrimmed first.
    if let Some(key) = parse_der(bytes).or_else(|| parse_der(trimmed)) {
        return key.map(KeySet::single);
    }
    let looks_like_text = std::str::from_utf8(trimmed).is_ok_and(|t| !t.contains('\n'));
    Err(unreadable(if looks_like_text {
        "This is not a key file (no PEM block, JWK or DER). If it holds an HMAC secret, pass it with --secret-file instead."
    } else {
        "This is not a key file: expected a PEM block (-----BEGIN … KEY-----), a JWK or JWKS (JSON), or DER."
    }))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

pub(super) fn parse_pem(text: &[u8]) -> Result<KeySet, KeyError> {
    let blocks =
        pem::parse_many(text).map_err(|e| unreadable(format!("The PEM text is damaged: {e}.")))?;
    let mut set = KeySet::default();
    let mut first_error = None;
    for block in &blocks {
        let tag = block.tag();
        let der = block.contents();
        let result = match tag {
            "PRIVATE KEY" => from_pkcs8(der).map(Some),
            "RSA PRIVATE KEY" => rsa_private(der).map(Some),
            "EC PRIVATE KEY" => from_sec1(der).map(Some),
            "PUBLIC KEY" => from_spki(der).map(Some),
            "RSA PUBLIC KEY" => rsa_public_der(der).map(Some),
            "CERTIFICATE" => der::certificate_spki(der)
                .ok_or_else(|| {
                    unreadable("The CERTIFICATE block is not a certificate tokenbench can read.")
                })
                .and_then(|spki| from_spki(&spki))
                .map(Some),
            "EC PARAMETERS" => Ok(None),
            "ENCRYPTED PRIVATE KEY" => Err(unsupported(
                "The private key is encrypted with a passphrase; decrypt it first: openssl pkcs8 -in key.pem -out plain.pem",
            )),
            "OPENSSH PRIVATE KEY" => Err(unsupported(
                "This is an OpenSSH key; convert it to PKCS#8 first: ssh-keygen -p -m PKCS8 -f <file>",
            )),
            other => {
                set.skipped.push(format!("a \"{other}\" PEM block"));
                Ok(None)
            }
        };
        match result {
            Ok(Some(key)) => set.keys.push(key),
            Ok(None) => {}
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if set.keys.is_empty() {
        return Err(first_error.unwrap_or_else(|| {
            unreadable(
                "The PEM file holds no key (no PRIVATE KEY, PUBLIC KEY or CERTIFICATE block).",
            )
        }));
    }
    Ok(set)
}

/// Raw DER: PKCS#8, SPKI, PKCS#1 or a certificate. `None` when it isn't DER at all.
fn parse_der(bytes: &[u8]) -> Option<Result<Key, KeyError>> {
    der::sequence(bytes)?;
    if der::pkcs8(bytes).is_some() {
        return Some(from_pkcs8(bytes));
    }
    if der::spki(bytes).is_some() {
        return Some(from_spki(bytes));
    }
    if let Some(spki) = der::certificate_spki(bytes) {
        return Some(from_spki(&spki));
    }
    if let Ok(key) = rsa_private(bytes) {
        return Some(Ok(key));
    }
    Some(rsa_public_der(bytes))
}

pub(super) fn key(data: KeyData) -> Key {
    Key::from_data(data)
}

fn from_pkcs8(der: &[u8]) -> Result<Key, KeyError> {
    let info = der::pkcs8(der).ok_or_else(|| unreadable("The PRIVATE KEY is not valid PKCS#8."))?;
    match info.algorithm {
        oid::RSA_ENCRYPTION | oid::RSASSA_PSS => rsa_private(info.private_key),
        oid::EC_PUBLIC_KEY => {
            let curve = ec_curve(info.parameters)?;
            let pair = EcdsaKeyPair::from_pkcs8(signing_alg(curve), der)
                .map_err(|e| rejected("EC private key", &e))?;
            ec_pair(curve, &pair)
        }
        oid::ED25519 => {
            let pair =
                Ed25519KeyPair::from_pkcs8(der).map_err(|e| rejected("Ed25519 private key", &e))?;
            Ok(key(KeyData::Ed25519 {
                private_pkcs8: Some(Secret::new(der.to_vec())),
                public: pair.public_key().as_ref().to_vec(),
            }))
        }
        other => Err(unsupported_algorithm(other)),
    }
}

fn unsupported_algorithm(algorithm: &[u8]) -> KeyError {
    unsupported(match algorithm {
        oid::ED448 => "Ed448 keys are not supported (JWT's EdDSA here means Ed25519).",
        oid::X25519 => "X25519 is a key-agreement key; it can't sign JWTs.",
        _ => "The key's algorithm is not one JWTs sign with (RSA, EC P-256/P-384 or Ed25519).",
    })
}

pub(super) fn ec_curve(parameters: Option<der::Tlv<'_>>) -> Result<Curve, KeyError> {
    let curve = parameters
        .filter(|p| p.tag == der::OID)
        .map(|p| p.content)
        .ok_or_else(|| unreadable("The EC key does not name its curve."))?;
    match curve {
        oid::P256 => Ok(Curve::P256),
        oid::P384 => Ok(Curve::P384),
        oid::P521 => Err(unsupported(
            "P-521 (ES512) keys are not supported; use a P-256 or P-384 key.",
        )),
        oid::SECP256K1 => Err(unsupported(
            "secp256k1 (ES256K) keys are not supported; use a P-256 or P-384 key.",
        )),
        _ => Err(unsupported("The EC key uses a curve JWTs don't sign with.")),
    }
}

pub(super) fn signing_alg(curve: Curve) -> &'static sig::EcdsaSigningAlgorithm {
    match curve {
        Curve::P256 => &ECDSA_P256_SHA256_FIXED_SIGNING,
        Curve::P384 => &ECDSA_P384_SHA384_FIXED_SIGNING,
    }
}

pub(super) fn verify_alg(curve: Curve) -> &'static sig::EcdsaVerificationAlgorithm {
    match curve {
        Curve::P256 => &sig::ECDSA_P256_SHA256_FIXED,
        Curve::P384 => &sig::ECDSA_P384_SHA384_FIXED,
    }
}

pub(super) fn ec_pair(curve: Curve, pair: &EcdsaKeyPair) -> Result<Key, KeyError> {
    let pkcs8 = pair
        .to_pkcs8v1()
        .map_err(|_| unreadable("The EC private key could not be re-encoded."))?;
    Ok(key(KeyData::Ec {
        curve,
        private_pkcs8: Some(Secret::new(pkcs8.as_ref().to_vec())),
        point: pair.public_key().as_ref().to_vec(),
    }))
}

fn from_sec1(der: &[u8]) -> Result<Key, KeyError> {
    for curve in [Curve::P256, Curve::P384] {
        if let Ok(pair) = EcdsaKeyPair::from_private_key_der(signing_alg(curve), der) {
            return ec_pair(curve, &pair);
        }
    }
    Err(unreadable(
        "The EC PRIVATE KEY is not a P-256 or P-384 key tokenbench can read.",
    ))
}

/// PKCS#1 RSAPrivateKey DER.
pub(super) fn rsa_private(pkcs1: &[u8]) -> Result<Key, KeyError> {
    let pair = sig::RsaKeyPair::from_der(pkcs1).map_err(|e| rejected("RSA private key", &e))?;
    let parts = sig::RsaPublicKeyComponents::<Vec<u8>>::from(pair.public_key());
    Ok(key(KeyData::Rsa {
        private_pkcs1: Some(Secret::new(pkcs1.to_vec())),
        n: parts.n,
        e: parts.e,
    }))
}

/// PKCS#1 RSAPublicKey or SPKI DER.
fn rsa_public_der(der: &[u8]) -> Result<Key, KeyError> {
    let public =
        aws_lc_rs::rsa::PublicKey::from_der(der).map_err(|e| rejected("RSA public key", &e))?;
    let parts = sig::RsaPublicKeyComponents::<Vec<u8>>::from(&public);
    rsa_public(parts.n, parts.e)
}

pub(super) fn rsa_public(n: Vec<u8>, e: Vec<u8>) -> Result<Key, KeyError> {
    let k = key(KeyData::Rsa {
        private_pkcs1: None,
        n,
        e,
    });
    match k.rsa_bits() {
        Some(bits) if bits >= 2048 => Ok(k),
        Some(bits) => Err(unreadable(format!(
            "The RSA public key is {bits} bits; RS/PS algorithms need at least 2048 (RFC 7518 §3.3)."
        ))),
        None => Err(unreadable("The RSA public key has an empty modulus.")),
    }
}

fn from_spki(der: &[u8]) -> Result<Key, KeyError> {
    let info = der::spki(der)
        .ok_or_else(|| unreadable("The PUBLIC KEY is not a valid SubjectPublicKeyInfo."))?;
    match info.algorithm {
        oid::RSA_ENCRYPTION | oid::RSASSA_PSS => rsa_public_der(info.key),
        oid::EC_PUBLIC_KEY => ec_public(ec_curve(info.parameters)?, info.key.to_vec()),
        oid::ED25519 => ed_public(info.key.to_vec()),
        other => Err(unsupported_algorithm(other)),
    }
}

pub(super) fn ec_public(curve: Curve, point: Vec<u8>) -> Result<Key, KeyError> {
    if point.len() != 1 + 2 * curve.coordinate_len() || point.first() != Some(&4) {
        return Err(unsupported(format!(
            "The {} public key is not an uncompressed point; compressed points are not supported.",
            curve.name()
        )));
    }
    sig::ParsedPublicKey::new(verify_alg(curve), &point)
        .map_err(|e| rejected(&format!("{} public key", curve.name()), &e))?;
    Ok(key(KeyData::Ec {
        curve,
        private_pkcs8: None,
        point,
    }))
}

pub(super) fn ed_public(public: Vec<u8>) -> Result<Key, KeyError> {
    if public.len() != 32 {
        return Err(unreadable(format!(
            "An Ed25519 public key is 32 bytes; this one is {}.",
            public.len()
        )));
    }
    sig::ParsedPublicKey::new(&sig::ED25519, &public)
        .map_err(|e| rejected("Ed25519 public key", &e))?;
    Ok(key(KeyData::Ed25519 {
        private_pkcs8: None,
        public,
    }))
}

pub(super) fn ed_pair(pair: &Ed25519KeyPair) -> Result<Key, KeyError> {
    let pkcs8 = pair
        .to_pkcs8v1()
        .map_err(|_| unreadable("The Ed25519 key could not be encoded."))?;
    Ok(key(KeyData::Ed25519 {
        private_pkcs8: Some(Secret::new(pkcs8.as_ref().to_vec())),
        public: pair.public_key().as_ref().to_vec(),
    }))
}
