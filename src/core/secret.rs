//! Secret bytes that never show themselves, and how a secret's text becomes key bytes.

use std::fmt;
use std::str::FromStr;

use base64::Engine;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::alg::Alg;
use super::b64;

/// Key material that must not leak: an HMAC secret or a private key's DER.
///
/// `Debug` prints only the length, there is no `Display` and no `Serialize`, and the bytes
/// are wiped on drop. Reading the bytes goes through [`Secret::expose`], named so that
/// every use is easy to audit.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    pub fn new(bytes: Vec<u8>) -> Self {
        Secret(Zeroizing::new(bytes))
    }

    /// The secret's bytes. Never log, print or serialize what this returns.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret(<redacted, {} bytes>)", self.0.len())
    }
}

/// How the text of an HMAC secret is turned into key bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SecretEncoding {
    /// The text's own bytes: what every vendor in `presets/` does.
    #[default]
    Utf8,
    /// Standard base64 (`+/`), padding optional.
    Base64,
    /// URL-safe base64 (`-_`), padding optional.
    Base64url,
    /// Hexadecimal digits.
    Hex,
}

impl SecretEncoding {
    pub const ALL: [SecretEncoding; 4] = [
        SecretEncoding::Utf8,
        SecretEncoding::Base64,
        SecretEncoding::Base64url,
        SecretEncoding::Hex,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SecretEncoding::Utf8 => "utf8",
            SecretEncoding::Base64 => "base64",
            SecretEncoding::Base64url => "base64url",
            SecretEncoding::Hex => "hex",
        }
    }

    /// Turns the secret's text into key bytes. For the text encodings surrounding
    /// whitespace is ignored; `utf8` takes the bytes exactly as given.
    pub fn decode(self, text: &[u8]) -> Result<Secret, SecretError> {
        let trimmed = || text.trim_ascii();
        let bytes = match self {
            SecretEncoding::Utf8 => text.to_vec(),
            SecretEncoding::Base64 => base64::engine::GeneralPurpose::new(
                &base64::alphabet::STANDARD,
                b64::LENIENT_PADDING,
            )
            .decode(trimmed())
            .map_err(|e| SecretError::Encoding {
                encoding: self,
                reason: b64::describe_error(&e),
            })?,
            SecretEncoding::Base64url => {
                b64::decode_lenient(trimmed()).map_err(|e| SecretError::Encoding {
                    encoding: self,
                    reason: b64::describe_error(&e),
                })?
            }
            SecretEncoding::Hex => hex::decode(trimmed()).map_err(|e| SecretError::Encoding {
                encoding: self,
                reason: match e {
                    hex::FromHexError::OddLength => "an odd number of hex digits".to_string(),
                    hex::FromHexError::InvalidHexCharacter { c, index } => {
                        format!("'{c}' at position {index} is not a hex digit")
                    }
                    hex::FromHexError::InvalidStringLength => "wrong length".to_string(),
                },
            })?,
        };
        if bytes.is_empty() {
            return Err(SecretError::Empty);
        }
        Ok(Secret::new(bytes))
    }
}

impl fmt::Display for SecretEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for SecretEncoding {
    type Err = SecretError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace(['-', '_'], "");
        SecretEncoding::ALL
            .into_iter()
            .find(|e| e.name() == wanted || (wanted == "utf-8" && *e == SecretEncoding::Utf8))
            .ok_or_else(|| SecretError::UnknownEncoding(s.to_string()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("the secret is empty")]
    Empty,
    #[error("the secret is not valid {encoding}: {reason}")]
    Encoding {
        encoding: SecretEncoding,
        reason: String,
    },
    #[error("unknown secret encoding \"{0}\" (expected utf8, base64, base64url or hex)")]
    UnknownEncoding(String),
}

/// What a vendor's console hands out, for comparing with the secret the user has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretShape {
    /// Exact length in characters, if the vendor's secrets always have one.
    #[serde(default)]
    pub length: Option<usize>,
    /// A regular expression the whole secret text matches.
    #[serde(default)]
    pub pattern: Option<String>,
    /// "the 44-character security key from the Connect console"
    pub description: String,
    #[serde(default)]
    pub source: Option<String>,
}

/// How many bytes the secret gives under one encoding, or why it can't be read that way.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EncodingReading {
    pub encoding: SecretEncoding,
    pub bytes: Option<usize>,
    pub error: Option<String>,
}

/// A secret, looked at without showing it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SecretDiagnosis {
    pub characters: usize,
    pub readings: Vec<EncodingReading>,
    /// The encoding in use and the bytes it gives.
    pub encoding: SecretEncoding,
    pub key_bytes: Option<usize>,
    pub algorithm: Alg,
    /// RFC 7518 §3.2: the key must be at least as long as the hash output.
    pub minimum_bytes: usize,
    pub meets_minimum: bool,
    /// Whether the text has the vendor's expected shape, with the shape's description.
    pub shape: Option<ShapeReading>,
    /// Plain-language remarks, most important first.
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ShapeReading {
    pub matches: bool,
    pub expected: String,
}

impl SecretDiagnosis {
    /// For an identity hash's secret: RFC 7518's minimum is a JWT rule, so its note goes
    /// (the vendor generates the secret; any length is an HMAC key).
    pub fn for_identity_hash(mut self) -> Self {
        if self.key_bytes.is_some() {
            self.notes
                .retain(|n| !n.contains("RFC 7518") && !n.contains("-byte minimum"));
        }
        self.minimum_bytes = 0;
        self.meets_minimum = true;
        self
    }

    /// "utf8 44 B · base64 32 B · base64url 32 B · hex —": the length under each encoding.
    pub fn readings_summary(&self) -> String {
        let parts: Vec<String> = self
            .readings
            .iter()
            .map(|r| match r.bytes {
                Some(n) => format!("{} {n} B", r.encoding),
                None => format!("{} —", r.encoding),
            })
            .collect();
        parts.join(" · ")
    }
}

/// Looks at a secret's text: its length under each encoding, RFC 7518's minimum for `alg`
/// and the vendor's expected shape. Never includes the secret itself.
pub fn diagnose(
    text: &[u8],
    encoding: SecretEncoding,
    alg: Alg,
    shape: Option<&SecretShape>,
) -> SecretDiagnosis {
    let readings: Vec<EncodingReading> = SecretEncoding::ALL
        .into_iter()
        .map(|e| match e.decode(text) {
            Ok(s) => EncodingReading {
                encoding: e,
                bytes: Some(s.len()),
                error: None,
            },
            Err(err) => EncodingReading {
                encoding: e,
                bytes: None,
                error: Some(err.to_string()),
            },
        })
        .collect();
    let key_bytes = readings
        .iter()
        .find(|r| r.encoding == encoding)
        .and_then(|r| r.bytes);
    let minimum_bytes = alg.hash_len();
    let meets_minimum = key_bytes.is_some_and(|n| n >= minimum_bytes);
    let characters = String::from_utf8_lossy(text).chars().count();
    let shape = shape.map(|s| {
        let text_str = String::from_utf8_lossy(text);
        let length_ok = s.length.is_none_or(|n| n == characters);
        let pattern_ok = s
            .pattern
            .as_deref()
            .and_then(|p| regex::Regex::new(p).ok())
            .is_none_or(|re| re.is_match(&text_str));
        ShapeReading {
            matches: length_ok && pattern_ok,
            expected: s.description.clone(),
        }
    });

    let mut notes = Vec::new();
    if let Some(what) = super::key::public_key_in(text) {
        notes.push(format!(
            "This is {what}, not a secret: a public key is anyone's, so it is never used as an HMAC key."
        ));
    }
    match key_bytes {
        None => notes.push(format!(
            "The secret cannot be read as {encoding}; choose another encoding."
        )),
        Some(n) if n < minimum_bytes => notes.push(format!(
            "{n} bytes is shorter than the {minimum_bytes} bytes RFC 7518 requires for {alg}."
        )),
        Some(n) => notes.push(format!(
            "{n} bytes meets the {minimum_bytes}-byte minimum for {alg}."
        )),
    }
    if let Some(s) = &shape {
        if s.matches {
            notes.push(format!("It has the expected shape: {}.", s.expected));
        } else {
            notes.push(format!(
                "It does not look like {} ({characters} characters).",
                s.expected
            ));
        }
    }
    if encoding == SecretEncoding::Utf8 {
        let also: Vec<String> = readings
            .iter()
            .filter(|r| r.encoding != SecretEncoding::Utf8)
            .filter_map(|r| r.bytes.map(|n| format!("{} ({n} bytes)", r.encoding)))
            .collect();
        if !also.is_empty() && characters >= 16 {
            notes.push(format!(
                "It also decodes as {}; vendors sign with the text's own bytes, so keep utf8 unless yours says otherwise.",
                also.join(", ")
            ));
        }
    }
    SecretDiagnosis {
        characters,
        readings,
        encoding,
        key_bytes,
        algorithm: alg,
        minimum_bytes,
        meets_minimum,
        shape,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_bytes() {
        let s = Secret::new(b"hunter2-very-secret".to_vec());
        let shown = format!("{s:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("19 bytes"));
    }

    #[test]
    fn decodes_each_encoding() {
        let cases = [
            (SecretEncoding::Utf8, &b"abc"[..], &b"abc"[..]),
            (SecretEncoding::Base64, b"+/8=", &[0xfb, 0xff]),
            (SecretEncoding::Base64, b"+/8", &[0xfb, 0xff]),
            (SecretEncoding::Base64url, b"-_8", &[0xfb, 0xff]),
            (SecretEncoding::Hex, b" 00ff\n", &[0x00, 0xff]),
        ];
        for (enc, text, want) in cases {
            assert_eq!(
                enc.decode(text).map(|s| s.expose().to_vec()),
                Ok(want.to_vec())
            );
        }
        assert!(matches!(
            SecretEncoding::Hex.decode(b"0g"),
            Err(SecretError::Encoding { .. })
        ));
        assert_eq!(SecretEncoding::Utf8.decode(b""), Err(SecretError::Empty));
        assert_eq!("BASE64URL".parse(), Ok(SecretEncoding::Base64url));
        assert_eq!("utf-8".parse(), Ok(SecretEncoding::Utf8));
        assert!("rot13".parse::<SecretEncoding>().is_err());
    }

    #[test]
    fn diagnosis_of_a_connect_style_key() {
        // 44 characters: base64 of 32 bytes, as the Connect console hands them out.
        let key = b"kJ6n8sWcQ1bYd3lT0pZxR2vA9mE4uH7gF5iK8oL1jN0=";
        let shape = SecretShape {
            length: Some(44),
            pattern: None,
            description: "a 44-character Connect security key".into(),
            source: None,
        };
        let d = diagnose(key, SecretEncoding::Utf8, Alg::HS256, Some(&shape));
        assert_eq!(d.characters, 44);
        assert_eq!(d.key_bytes, Some(44));
        assert!(d.meets_minimum);
        assert_eq!(d.shape.as_ref().map(|s| s.matches), Some(true));
        let b64 = d
            .readings
            .iter()
            .find(|r| r.encoding == SecretEncoding::Base64);
        assert_eq!(b64.and_then(|r| r.bytes), Some(32));
        assert_eq!(
            d.readings_summary(),
            "utf8 44 B · base64 32 B · base64url 32 B · hex —"
        );
        assert!(!format!("{d:?}").contains("kJ6n8"));
    }

    #[test]
    fn short_secret_is_flagged() {
        let d = diagnose(b"secret", SecretEncoding::Utf8, Alg::HS512, None);
        assert!(!d.meets_minimum);
        assert_eq!(d.minimum_bytes, 64);
        assert!(d.notes[0].contains("shorter"));
    }
}
