//! JSON Web Encryption (RFC 7516), compact serialization, with the algorithms of RFC 7518:
//! key management `RSA-OAEP`, `RSA-OAEP-256`, `A128KW`/`A192KW`/`A256KW`, `dir`, `ECDH-ES`
//! and `ECDH-ES+A*KW`; content `A*CBC-HS*` and `A*GCM`. All on aws-lc-rs.
//!
//! Decryption never tells a wrong key from an altered token: both are `JweError::Failed`,
//! after the same work (a failed RSA unwrap goes on with a random key, RFC 7516 §11.5).

mod content;
mod keywrap;
mod manage;
mod open;

pub use open::{Inside, NotSigned, Opened, open, signed_inside};

use std::fmt;
use std::str::FromStr;

use serde_json::{Map, Value};

use super::b64;
use super::key::Key;

/// How the content encryption key is agreed or carried (the header's `alg`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyAlg {
    RsaOaep,
    RsaOaep256,
    A128Kw,
    A192Kw,
    A256Kw,
    Dir,
    EcdhEs,
    EcdhEsA128Kw,
    EcdhEsA192Kw,
    EcdhEsA256Kw,
}

/// How the content is encrypted (the header's `enc`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Enc {
    A128CbcHs256,
    A192CbcHs384,
    A256CbcHs512,
    A128Gcm,
    A192Gcm,
    A256Gcm,
}

macro_rules! names {
    ($ty:ty, $what:literal, $($variant:ident = $name:literal),+ $(,)?) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$(<$ty>::$variant),+];
            pub fn name(self) -> &'static str {
                match self { $(<$ty>::$variant => $name),+ }
            }
        }
        impl FromStr for $ty {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s.trim() {
                    $($name => Ok(<$ty>::$variant),)+
                    other => Err(format!(
                        "\"{other}\" is not a JWE {} tokenbench supports ({})",
                        $what,
                        [$($name),+].join(", ")
                    )),
                }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

names!(
    KeyAlg,
    "key management algorithm",
    RsaOaep = "RSA-OAEP",
    RsaOaep256 = "RSA-OAEP-256",
    A128Kw = "A128KW",
    A192Kw = "A192KW",
    A256Kw = "A256KW",
    Dir = "dir",
    EcdhEs = "ECDH-ES",
    EcdhEsA128Kw = "ECDH-ES+A128KW",
    EcdhEsA192Kw = "ECDH-ES+A192KW",
    EcdhEsA256Kw = "ECDH-ES+A256KW",
);
names!(
    Enc,
    "content encryption",
    A128CbcHs256 = "A128CBC-HS256",
    A192CbcHs384 = "A192CBC-HS384",
    A256CbcHs512 = "A256CBC-HS512",
    A128Gcm = "A128GCM",
    A192Gcm = "A192GCM",
    A256Gcm = "A256GCM",
);

/// Why a JWE could not be read, encrypted or decrypted. Never holds key material.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JweError {
    /// Not a compact JWE, or one whose parts are damaged.
    #[error("{0}")]
    Malformed(String),
    /// An algorithm or feature tokenbench does not implement (named).
    #[error("{0}")]
    Unsupported(String),
    /// The key given is of the wrong kind or size for the token's algorithms (named).
    #[error("{0}")]
    WrongKey(String),
    /// A wrong key or an altered token: deliberately one answer for both.
    #[error(
        "the token could not be decrypted with this key: it was encrypted for another key, or altered since"
    )]
    Failed,
}

/// A compact JWE, read but not decrypted: its protected header, shown at once.
#[derive(Clone, Debug)]
pub struct Jwe {
    /// The protected header, in its order.
    pub header: Map<String, Value>,
    protected: String,
    encrypted_key: Vec<u8>,
    iv: Vec<u8>,
    ciphertext: Vec<u8>,
    tag: Vec<u8>,
}

/// What the decrypted plaintext is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaintextKind {
    /// A signed JWT (a nested token: `cty: JWT`, or it reads as one).
    Jws,
    Json,
    Text,
}

/// Whether `text` has the shape of a compact JWE: five base64url parts.
pub fn looks_like_jwe(text: &str) -> bool {
    let text = text.trim();
    text.split('.').count() == 5
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'='))
}

fn part(text: &str, what: &str) -> Result<Vec<u8>, JweError> {
    b64::decode_lenient(text.as_bytes()).map_err(|e| {
        JweError::Malformed(format!(
            "the JWE's {what} is not base64url: {}",
            b64::describe_error(&e)
        ))
    })
}

impl Jwe {
    /// Reads a compact JWE (five parts). The header must be a JSON object.
    pub fn parse(token: &str) -> Result<Jwe, JweError> {
        let parts: Vec<&str> = token.trim().split('.').collect();
        let [protected, key, iv, ciphertext, tag] = parts[..] else {
            return Err(JweError::Malformed(format!(
                "a compact JWE has five parts separated by dots; this has {}",
                parts.len()
            )));
        };
        let header_bytes = part(protected, "protected header")?;
        let header = match serde_json::from_slice::<Value>(&header_bytes) {
            Ok(Value::Object(map)) => map,
            Ok(_) => {
                return Err(JweError::Malformed(
                    "the JWE's protected header is JSON but not an object".into(),
                ));
            }
            Err(e) => {
                return Err(JweError::Malformed(format!(
                    "the JWE's protected header is not JSON: {e}"
                )));
            }
        };
        Ok(Jwe {
            header,
            protected: protected.to_string(),
            encrypted_key: part(key, "encrypted key")?,
            iv: part(iv, "initialization vector")?,
            ciphertext: part(ciphertext, "ciphertext")?,
            tag: part(tag, "authentication tag")?,
        })
    }

    /// The header's member as text.
    pub fn member(&self, name: &str) -> Option<&str> {
        self.header.get(name).and_then(Value::as_str)
    }

    /// The header's `alg`, when it is one tokenbench implements.
    pub fn alg(&self) -> Result<KeyAlg, JweError> {
        match self.member("alg") {
            None => Err(JweError::Malformed(
                "the JWE's header has no \"alg\"".into(),
            )),
            Some(a @ "RSA1_5") => Err(JweError::Unsupported(format!(
                "{a} (RSA PKCS#1 v1.5 key transport) is not supported: it is open to padding-oracle attacks (RFC 8725 §3.2); ask the sender for RSA-OAEP-256"
            ))),
            Some(a) => a.parse().map_err(JweError::Unsupported),
        }
    }

    /// The header's `enc`, when it is one tokenbench implements.
    pub fn enc(&self) -> Result<Enc, JweError> {
        match self.member("enc") {
            None => Err(JweError::Malformed(
                "the JWE's header has no \"enc\"".into(),
            )),
            Some(e) => e.parse().map_err(JweError::Unsupported),
        }
    }

    /// Which key decrypts this token, in a sentence: "the recipient's RSA private key
    /// (RSA-OAEP-256)", "a 16-byte shared key (dir with A128GCM)".
    pub fn needs(&self) -> String {
        let kid = self
            .member("kid")
            .map(|k| format!(", kid \"{k}\""))
            .unwrap_or_default();
        match (self.alg(), self.enc()) {
            (Ok(alg), Ok(enc)) => format!("{}{kid}", manage::needs(alg, enc)),
            (Err(e), _) | (_, Err(e)) => e.to_string(),
        }
    }

    /// Decrypts with `key`: an RSA or EC private key, or a shared key (an HMAC-kind secret)
    /// for `dir` and AES key wrap.
    pub fn decrypt(&self, key: &Key) -> Result<Vec<u8>, JweError> {
        let (alg, enc) = (self.alg()?, self.enc()?);
        self.refuse_unknown()?;
        let cek = manage::unwrap_cek(alg, enc, key, &self.header, &self.encrypted_key)?;
        enc.open(
            &cek,
            &self.iv,
            self.protected.as_bytes(),
            &self.ciphertext,
            &self.tag,
        )
        .map_err(|_| JweError::Failed)
    }

    /// `zip` and `crit` name things tokenbench does not do; refusing is the safe answer.
    fn refuse_unknown(&self) -> Result<(), JweError> {
        if let Some(zip) = self.header.get("zip") {
            return Err(JweError::Unsupported(format!(
                "the payload is compressed (\"zip\": {zip}), which tokenbench does not decompress"
            )));
        }
        if let Some(crit) = self.header.get("crit") {
            return Err(JweError::Unsupported(format!(
                "the header marks {crit} as critical, extensions tokenbench does not understand (RFC 7516 §4.1.13)"
            )));
        }
        Ok(())
    }
}

/// What a decrypted plaintext is: a nested JWS (`cty: JWT`, or three base64url parts whose
/// header is JSON), JSON, or text.
pub fn plaintext_kind(header: &Map<String, Value>, plaintext: &[u8]) -> PlaintextKind {
    let text = std::str::from_utf8(plaintext).map(str::trim).unwrap_or("");
    let cty_jwt = header
        .get("cty")
        .and_then(Value::as_str)
        .is_some_and(|c| c.eq_ignore_ascii_case("JWT"));
    let parts: Vec<&str> = text.split('.').collect();
    let reads_as_jws = parts.len() == 3
        && b64::decode_lenient(parts[0].as_bytes())
            .ok()
            .and_then(|h| serde_json::from_slice::<Value>(&h).ok())
            .is_some_and(|h| h.is_object());
    if reads_as_jws || (cty_jwt && parts.len() == 3) {
        PlaintextKind::Jws
    } else if serde_json::from_slice::<Value>(plaintext).is_ok() {
        PlaintextKind::Json
    } else {
        PlaintextKind::Text
    }
}

/// Encrypts `plaintext` for `key` (the recipient's public key, or a shared key), with the
/// header's `alg` and `enc` first, then `extra` (`kid`, `cty`, …).
pub fn encrypt(
    plaintext: &[u8],
    key: &Key,
    alg: KeyAlg,
    enc: Enc,
    extra: &Map<String, Value>,
) -> Result<String, JweError> {
    let random = |len: usize| {
        let mut bytes = vec![0u8; len];
        aws_lc_rs::rand::fill(&mut bytes)
            .map(|()| bytes)
            .map_err(|_| JweError::Unsupported("no randomness available".into()))
    };
    let cek = random(enc.key_len())?;
    let iv = random(enc.iv_len())?;
    encrypt_with(plaintext, key, alg, enc, extra, &cek, &iv)
}

/// The algorithms to encrypt for `key` with: those asked for, else by the key: RSA-OAEP-256
/// for RSA, ECDH-ES+A256KW for EC, `dir` for a shared key (with the content encryption its
/// length fits: 16 bytes A128GCM, 32 A256GCM, …), and A256GCM.
pub fn choose(key: &Key, alg: Option<KeyAlg>, enc: Option<Enc>) -> (KeyAlg, Enc) {
    use crate::core::alg::Family;
    let alg = alg.unwrap_or(match key.family() {
        Family::Rsa => KeyAlg::RsaOaep256,
        Family::Ec | Family::Ed25519 => KeyAlg::EcdhEsA256Kw,
        Family::Hmac => KeyAlg::Dir,
    });
    let by_length = || {
        let len = key.secret_len()?;
        Enc::ALL
            .iter()
            .copied()
            .find(|e| e.key_len() == len && (len != 32 || *e == Enc::A256Gcm))
    };
    let enc = enc
        .or_else(|| (alg == KeyAlg::Dir).then(by_length).flatten())
        .unwrap_or(Enc::A256Gcm);
    (alg, enc)
}

/// Encrypts a signed token for `key` as a nested JWT (RFC 7519 §5.2: `cty: JWT`), naming
/// the recipient key's `kid` when it has one.
pub fn seal_token(jws: &str, key: &Key, alg: KeyAlg, enc: Enc) -> Result<String, JweError> {
    let mut extra = Map::new();
    if let Some(kid) = &key.kid {
        extra.insert("kid".into(), Value::from(kid.as_str()));
    }
    extra.insert("cty".into(), Value::from("JWT"));
    encrypt(jws.as_bytes(), key, alg, enc, &extra)
}

/// Encrypts claims themselves (JSON, nothing signed: Chaskiq's shape), naming the key's
/// `kid` when it has one.
pub fn seal_claims(
    claims: &Map<String, Value>,
    key: &Key,
    alg: KeyAlg,
    enc: Enc,
) -> Result<String, JweError> {
    let mut extra = Map::new();
    if let Some(kid) = &key.kid {
        extra.insert("kid".into(), Value::from(kid.as_str()));
    }
    let json = serde_json::to_vec(claims).unwrap_or_default();
    encrypt(&json, key, alg, enc, &extra)
}

/// `encrypt` with a chosen content key and IV (for the RFCs' fixed examples).
fn encrypt_with(
    plaintext: &[u8],
    key: &Key,
    alg: KeyAlg,
    enc: Enc,
    extra: &Map<String, Value>,
    cek: &[u8],
    iv: &[u8],
) -> Result<String, JweError> {
    let mut header = Map::new();
    header.insert("alg".into(), Value::from(alg.name()));
    header.insert("enc".into(), Value::from(enc.name()));
    for (k, v) in extra
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "alg" | "enc" | "epk" | "zip" | "crit"))
    {
        header.insert(k.clone(), v.clone());
    }
    let wrapped = manage::wrap_cek(alg, enc, key, &mut header, cek)?;
    let protected = b64::encode(
        serde_json::to_string(&header)
            .map_err(|e| JweError::Malformed(e.to_string()))?
            .as_bytes(),
    );
    let sealed = enc
        .seal(&wrapped.cek, iv, protected.as_bytes(), plaintext)
        .ok_or_else(|| JweError::WrongKey(format!("the content key does not fit {enc}")))?;
    Ok(format!(
        "{protected}.{}.{}.{}.{}",
        b64::encode(&wrapped.encrypted_key),
        b64::encode(iv),
        b64::encode(&sealed.ciphertext),
        b64::encode(&sealed.tag)
    ))
}

#[cfg(test)]
mod tests;
