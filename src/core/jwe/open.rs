//! A JWE as every face shows it: its protected header at once; with a key, what it holds
//! (a signed token to judge as any other, JSON claims, or text), or exactly why not.

use serde::Serialize;
use serde_json::{Map, Value};

use super::{Jwe, JweError, KeyAlg, PlaintextKind, plaintext_kind};
use crate::core::finding::{Finding, Part, Severity};
use crate::core::key::Key;

const RFC7516: &str = "https://www.rfc-editor.org/rfc/rfc7516";

/// A JWE opened as far as the key allows.
#[derive(Clone, Debug, Serialize)]
pub struct Opened {
    /// The protected header, in its order.
    pub header: Map<String, Value>,
    pub decrypted: bool,
    /// What the plaintext is (null until decrypted).
    pub plaintext_kind: Option<PlaintextKind>,
    /// Which key decrypts it, in words.
    pub needs: String,
    /// Why the key given did not decrypt it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The plaintext, when it is text (neither a token nor JSON claims).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip)]
    plaintext: Option<String>,
    #[serde(skip)]
    claims: Option<Map<String, Value>>,
    #[serde(skip)]
    key_given: bool,
    #[serde(skip)]
    shared_key: bool,
}

/// What is inside, for the judge.
pub enum Inside<'a> {
    /// Not decrypted (no key, or the key failed).
    Sealed,
    /// A signed token: judge it as any other.
    Jws(&'a str),
    /// JSON claims or text, signed by nothing.
    Plain(Option<&'a Map<String, Value>>),
}

/// Reads `compact` and decrypts it with `key` when one is given. Err: it is not a JWE that
/// can be read at all (the header is damaged).
pub fn open(compact: &str, key: Option<&Key>) -> Result<Opened, JweError> {
    let jwe = Jwe::parse(compact)?;
    let mut opened = Opened {
        header: jwe.header.clone(),
        decrypted: false,
        plaintext_kind: None,
        needs: jwe.needs(),
        error: None,
        text: None,
        plaintext: None,
        claims: None,
        key_given: key.is_some(),
        shared_key: matches!(
            jwe.alg(),
            Ok(KeyAlg::Dir | KeyAlg::A128Kw | KeyAlg::A192Kw | KeyAlg::A256Kw)
        ),
    };
    let Some(key) = key else {
        return Ok(opened);
    };
    match jwe.decrypt(key) {
        Ok(plain) => {
            let kind = plaintext_kind(&jwe.header, &plain);
            opened.decrypted = true;
            opened.plaintext_kind = Some(kind);
            opened.claims = match serde_json::from_slice::<Value>(&plain) {
                Ok(Value::Object(map)) => Some(map),
                _ => None,
            };
            let text = String::from_utf8_lossy(&plain).trim().to_string();
            opened.text = (kind == PlaintextKind::Text).then(|| text.clone());
            opened.plaintext = Some(text);
        }
        Err(e) => opened.error = Some(e.to_string()),
    }
    Ok(opened)
}

impl Opened {
    /// "RSA-OAEP-256 with A128CBC-HS256".
    pub fn algorithms(&self) -> String {
        let member = |name: &str| self.header.get(name).and_then(Value::as_str).unwrap_or("?");
        format!("{} with {}", member("alg"), member("enc"))
    }

    /// Decrypted with a shared key (dir, AES key wrap): only a holder of that key could have
    /// made it. With RSA-OAEP or ECDH-ES anyone holding the public key could.
    pub fn authenticated(&self) -> bool {
        self.decrypted && self.shared_key
    }

    pub fn inside(&self) -> Inside<'_> {
        match (self.plaintext_kind, &self.plaintext) {
            (Some(PlaintextKind::Jws), Some(text)) => Inside::Jws(text),
            (Some(_), _) => Inside::Plain(self.claims.as_ref()),
            (None, _) => Inside::Sealed,
        }
    }

    /// What the encryption says about the token, as findings beside the inner token's.
    pub fn findings(&self) -> Vec<Finding> {
        let f = |severity, rule: &str, message: String| {
            Finding::new(severity, Part::Token, rule, message).source(Some(RFC7516))
        };
        let algorithms = self.algorithms();
        match (&self.error, self.plaintext_kind) {
            (Some(e), _) => vec![f(
                Severity::Error,
                "jwe.not-decrypted",
                format!("The encrypted token ({algorithms}) could not be decrypted: {e}."),
            )],
            (None, None) if !self.key_given => vec![f(
                Severity::Info,
                "jwe.encrypted",
                format!(
                    "This token is encrypted: what it holds can be read only with {}.",
                    self.needs
                ),
            )],
            (None, None) => Vec::new(),
            (None, Some(PlaintextKind::Jws)) => vec![f(
                Severity::Info,
                "jwe.decrypted",
                format!(
                    "Decrypted ({algorithms}): the signed token inside is checked as any other."
                ),
            )],
            (None, Some(kind)) => {
                let what = if kind == PlaintextKind::Json {
                    "JSON claims"
                } else {
                    "text"
                };
                let who = if self.shared_key {
                    "only a holder of the shared key could have made it, as decrypting it with that key proves"
                } else {
                    "anyone with the recipient's public key could have made it"
                };
                vec![f(
                    Severity::Info,
                    "jwe.unsigned-content",
                    format!(
                        "Decrypted ({algorithms}): it holds {what}, not a signed token; {who}."
                    ),
                )]
            }
        }
    }
}

/// Why an encrypted token gives no signed token to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotSigned {
    /// The key given did not open it, or it can't be read: why.
    Failed(String),
    /// No key given: the key it needs ("the recipient's RSA private key (…)").
    Sealed(String),
    /// It holds JSON claims or text, not a signed token.
    Plain,
}

/// The signed token in `text`: itself, or for an encrypted token (JWE) the signed token
/// inside, opened with `key`.
pub fn signed_inside(
    text: &str,
    key: Option<&crate::core::key::Key>,
) -> Result<crate::core::decode::Decoded, NotSigned> {
    let decoded = crate::core::decode::decode(text);
    if decoded.segment_count != 5 {
        return Ok(decoded);
    }
    let opened = open(&decoded.compact, key).map_err(|e| NotSigned::Failed(e.to_string()))?;
    match (opened.inside(), &opened.error) {
        (Inside::Jws(inner), _) => Ok(crate::core::decode::decode(inner)),
        (_, Some(e)) => Err(NotSigned::Failed(e.clone())),
        (Inside::Sealed, None) => Err(NotSigned::Sealed(opened.needs.clone())),
        (Inside::Plain(_), None) => Err(NotSigned::Plain),
    }
}
