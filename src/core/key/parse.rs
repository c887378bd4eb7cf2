//! Reading keys from what people have: PEM (PKCS#1, PKCS#8, SEC1, SPKI, certificates),
//! raw DER, a JWK, a JWKS, or Omnichannel's public-key list.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::error::KeyRejected;
use aws_lc_rs::rsa::KeyPairComponents;
use aws_lc_rs::signature::{
    self as sig, ECDSA_P256_SHA256_FIXED_SIGNING, ECDSA_P384_SHA384_FIXED_SIGNING, EcdsaKeyPair,
    Ed25519KeyPair, KeyPair as _,
};
use base64::Engine;
use serde_json::{Map, Value};

use super::der::{self, oid};
use super::{Key, KeyData, KeyError, KeySet};
use crate::core::alg::{Alg, Curve};
use crate::core::b64;
use crate::core::secret::Secret;

/// Key files bigger than this are not keys (a JWKS of a hundred RSA keys is ~50 KB).
const MAX_KEY_FILE: usize = 1 << 20;

fn unreadable(msg: impl Into<String>) -> KeyError {
    KeyError::Unreadable(msg.into())
}

fn unsupported(msg: impl Into<String>) -> KeyError {
    KeyError::Unsupported(msg.into())
}

/// aws-lc-rs names its rejections in CamelCase; say what they mean.
fn rejected(what: &str, e: &KeyRejected) -> KeyError {
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
        return parse_json(trimmed);
    }
    if let Some(key) = parse_der(trimmed) {
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

fn parse_pem(text: &[u8]) -> Result<KeySet, KeyError> {
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

fn key(data: KeyData) -> Key {
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

fn ec_curve(parameters: Option<der::Tlv<'_>>) -> Result<Curve, KeyError> {
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

fn signing_alg(curve: Curve) -> &'static sig::EcdsaSigningAlgorithm {
    match curve {
        Curve::P256 => &ECDSA_P256_SHA256_FIXED_SIGNING,
        Curve::P384 => &ECDSA_P384_SHA384_FIXED_SIGNING,
    }
}

fn verify_alg(curve: Curve) -> &'static sig::EcdsaVerificationAlgorithm {
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

fn rsa_public(n: Vec<u8>, e: Vec<u8>) -> Result<Key, KeyError> {
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

fn ec_public(curve: Curve, point: Vec<u8>) -> Result<Key, KeyError> {
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

fn ed_public(public: Vec<u8>) -> Result<Key, KeyError> {
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

fn parse_json(text: &[u8]) -> Result<KeySet, KeyError> {
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
        Value::Array(entries) if entries.iter().any(|e| e.get("publicKey").is_some()) => {
            omnichannel(entries)
        }
        _ => Err(unreadable(
            "The JSON is neither a JWK (with \"kty\"), a JWKS (with \"keys\") nor an Omnichannel public-key list.",
        )),
    }
}

/// Omnichannel's list: `[{"kid": "…", "publicKey": "<base64 of a PEM>", "expiry": …}]`.
fn omnichannel(entries: &[Value]) -> Result<KeySet, KeyError> {
    let mut set = KeySet::default();
    for (i, entry) in entries.iter().enumerate() {
        let kid = entry.get("kid").and_then(Value::as_str).map(str::to_string);
        let name = kid.clone().unwrap_or_else(|| format!("entry {}", i + 1));
        let pem = entry
            .get("publicKey")
            .and_then(Value::as_str)
            .and_then(|t| {
                base64::engine::general_purpose::STANDARD
                    .decode(t.trim())
                    .ok()
            });
        let Some(pem) = pem else {
            set.skipped
                .push(format!("{name} (publicKey is not base64 of a PEM)"));
            continue;
        };
        match parse_pem(&pem) {
            Ok(inner) => set
                .keys
                .extend(inner.keys.into_iter().map(|k| k.with_kid(kid.clone()))),
            Err(e) => set.skipped.push(format!("{name} ({e})")),
        }
    }
    if set.keys.is_empty() {
        return Err(unreadable(format!(
            "The public-key list holds no usable key: {}",
            set.skipped.join("; ")
        )));
    }
    Ok(set)
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

pub(super) fn ed_pair(pair: &Ed25519KeyPair) -> Result<Key, KeyError> {
    let pkcs8 = pair
        .to_pkcs8v1()
        .map_err(|_| unreadable("The Ed25519 key could not be encoded."))?;
    Ok(key(KeyData::Ed25519 {
        private_pkcs8: Some(Secret::new(pkcs8.as_ref().to_vec())),
        public: pair.public_key().as_ref().to_vec(),
    }))
}
