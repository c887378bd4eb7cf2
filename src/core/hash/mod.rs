//! Identity hashes: the HMAC of a visitor's id or email that some widgets take instead of a
//! JWT (Intercom's `user_hash`, Chatwoot's `identifier_hash`, …). A preset of kind `hash`
//! says which fields are hashed, with which HMAC, and how the result is written; `compute`
//! makes the value and `verify` says whether a value matches, and if not, which of the usual
//! mistakes made it.

use aws_lc_rs::{digest, hmac};
use base64::Engine as _;
use serde_json::{Map, Value};

use super::finding::{Finding, Part, Severity};
use super::key::Key;
use super::mint::{self, MintError, MintRequest};
use super::preset::{Combine, HashRules, Mac, Output, Preset, TimeUnit};
use super::secret::SecretEncoding;
use super::time::TimeClaims;

mod diagnose;

/// An identity hash and what it was made from.
#[derive(Clone, Debug, PartialEq)]
pub struct Hashed {
    /// What the page gets: the MAC written the vendor's way.
    pub value: String,
    /// The vendor's name for it (`identifier_hash`).
    pub name: String,
    pub mac: Mac,
    pub output: Output,
    /// Which field(s) were hashed: `user_id`, or `email` when there was no user id.
    pub field: String,
    /// The text that was hashed.
    pub message: String,
    /// Every field given, in the preset's order (the page needs them with the hash).
    pub fields: Map<String, Value>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HashError {
    #[error("{vendor} hashes {what}: give {hint}")]
    NoMessage {
        vendor: String,
        what: String,
        hint: String,
    },
    #[error("the {preset} preset makes a JWT, not an identity hash")]
    NotHash { preset: String },
    #[error("an identity hash is made with an HMAC secret; the key is {what}")]
    NotSecret { what: String },
    #[error(transparent)]
    Mint(#[from] MintError),
}

impl Hashed {
    /// As the snippets and the server take a token: the value, no header, the fields.
    pub fn as_minted(&self) -> super::mint::Minted {
        super::mint::Minted {
            token: self.value.clone(),
            header: Map::new(),
            payload: self.fields.clone(),
            alg: super::alg::Alg::HS256,
        }
    }
}

/// The rules of a hash preset.
fn rules(preset: &Preset) -> Result<&HashRules, HashError> {
    preset.hash.as_ref().ok_or_else(|| HashError::NotHash {
        preset: preset.id.clone(),
    })
}

/// The fields as the user gave them, typed and with the preset's defaults, in its order.
pub fn fields(
    preset: &Preset,
    req: &MintRequest,
    now: i64,
) -> Result<Map<String, Value>, HashError> {
    rules(preset)?;
    let (_, fields) = mint::build(preset, req, super::alg::Alg::HS256, now)?;
    Ok(fields)
}

/// A field's value as the text a server would hash (numbers and booleans as written).
fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Which field(s) are hashed and the text: the first that has a value, or all joined.
pub fn message(rules: &HashRules, fields: &Map<String, Value>) -> Option<(String, String)> {
    match rules.combine {
        Combine::First => rules.message.iter().find_map(|name| {
            let text = fields.get(name).and_then(text_of)?;
            (!text.is_empty()).then(|| (name.clone(), text))
        }),
        Combine::Join => {
            let parts: Vec<String> = rules
                .message
                .iter()
                .map(|name| fields.get(name).and_then(text_of).unwrap_or_default())
                .collect();
            parts
                .iter()
                .any(|p| !p.is_empty())
                .then(|| (rules.message.join("+"), parts.join(&rules.separator)))
        }
    }
}

/// The raw HMAC.
pub fn mac(kind: Mac, key: &[u8], message: &[u8]) -> Vec<u8> {
    let alg = match kind {
        Mac::Sha1 => hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY,
        Mac::Sha256 => hmac::HMAC_SHA256,
        Mac::Sha384 => hmac::HMAC_SHA384,
        Mac::Sha512 => hmac::HMAC_SHA512,
    };
    hmac::sign(&hmac::Key::new(alg, key), message)
        .as_ref()
        .to_vec()
}

/// A plain digest (no key): what a server that forgot the secret would send.
fn digest_of(kind: Mac, message: &[u8]) -> Vec<u8> {
    let alg = match kind {
        Mac::Sha1 => &digest::SHA1_FOR_LEGACY_USE_ONLY,
        Mac::Sha256 => &digest::SHA256,
        Mac::Sha384 => &digest::SHA384,
        Mac::Sha512 => &digest::SHA512,
    };
    digest::digest(alg, message).as_ref().to_vec()
}

/// The MAC written the vendor's way.
pub fn encode(output: Output, bytes: &[u8]) -> String {
    match output {
        Output::Hex => hex::encode(bytes),
        Output::Base64 => base64::engine::general_purpose::STANDARD.encode(bytes),
    }
}

/// Makes the identity hash of `fields` with the secret's bytes.
pub fn compute(
    preset: &Preset,
    fields: Map<String, Value>,
    secret: &[u8],
) -> Result<Hashed, HashError> {
    let rules = rules(preset)?;
    let (field, text) = message(rules, &fields).ok_or_else(|| HashError::NoMessage {
        vendor: preset.vendor.clone(),
        what: rules.describe_message(),
        hint: match rules.message.as_slice() {
            [one] => format!("--claim {one}=VALUE"),
            list => format!(
                "one of {}",
                list.iter()
                    .map(|n| format!("--claim {n}=VALUE"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
    })?;
    let raw = mac(rules.mac, secret, text.as_bytes());
    Ok(Hashed {
        value: encode(rules.output, &raw),
        name: rules.name.clone(),
        mac: rules.mac,
        output: rules.output,
        field,
        message: text,
        fields,
    })
}

/// Makes the identity hash from the user's values and a key (an HMAC secret).
pub fn mint_hash(
    preset: &Preset,
    req: &MintRequest,
    key: &Key,
    now: i64,
) -> Result<Hashed, HashError> {
    let secret = key.secret_bytes().ok_or_else(|| HashError::NotSecret {
        what: key.describe(),
    })?;
    let mut fields = fields(preset, req, now)?;
    stamp(rules(preset)?, &mut fields, now);
    compute(preset, fields, secret)
}

/// A time-bound hash's creation time, when the user left it empty: now, in the vendor's
/// unit.
fn stamp(rules: &HashRules, fields: &mut Map<String, Value>, now: i64) {
    let Some(time) = &rules.time else {
        return;
    };
    let empty = fields.get(&time.field).is_none_or(|v| match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    });
    if empty {
        fields.insert(time.field.clone(), Value::from(time.unit.of(now)));
    }
}

/// When a time-bound hash is taken: from its creation time minus the tolerance to its
/// creation time plus it (`iat` = made, `nbf`/`exp` the window's ends), for the countdown.
pub fn time_window(preset: &Preset, fields: &Map<String, Value>) -> Option<TimeClaims> {
    let time = preset.hash.as_ref()?.time.as_ref()?;
    let (made, _) = time.read(fields)?;
    #[allow(clippy::cast_precision_loss)]
    let tolerance = time.tolerance as f64;
    Some(TimeClaims {
        iat: Some(made),
        nbf: Some(made - tolerance),
        exp: Some(made + tolerance),
    })
}

/// A time-bound hash's creation time against the clock: missing, in the other unit, or
/// outside the vendor's window.
fn check_time(
    preset: &Preset,
    rules: &HashRules,
    fields: &Map<String, Value>,
    now: i64,
    out: &mut Vec<Finding>,
) {
    let Some(time) = &rules.time else {
        return;
    };
    let vendor = &preset.vendor;
    let field = &time.field;
    let window = super::time::human_span(time.tolerance);
    let Some((made, other_unit)) = time.read(fields) else {
        out.push(
            Finding::error(
                Part::Payload,
                "hash-time",
                format!(
                    "{field} is missing or not a number: {vendor} hashes the time the {} was made ({} since 1970) and takes it only within {window} of it.",
                    rules.name,
                    time.unit.name()
                ),
            )
            .source(time.source.as_deref()),
        );
        return;
    };
    if other_unit {
        let (is, wants) = match time.unit {
            TimeUnit::Milliseconds => ("seconds", "milliseconds"),
            TimeUnit::Seconds => ("milliseconds", "seconds"),
        };
        let note = time
            .note
            .as_deref()
            .map(|n| format!(" {n}"))
            .unwrap_or_default();
        out.push(
            Finding::warning(
                Part::Payload,
                "hash-time-unit",
                format!("{field} is in {is}; {vendor}'s docs say {wants}.{note}"),
            )
            .source(time.source.as_deref()),
        );
    }
    #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
    let off = (now as f64 - made).round() as i64;
    if off.abs() > time.tolerance {
        let when = if off > 0 {
            format!("was made {} ago", super::time::human_span(off))
        } else {
            format!("is dated {} ahead", super::time::human_span(-off))
        };
        out.push(
            Finding::error(
                Part::Payload,
                "hash-time-window",
                format!(
                    "The {} {when}: {vendor} takes it only within {window} of its {field}. Make a fresh one when the page loads.",
                    rules.name
                ),
            )
            .source(time.source.as_deref()),
        );
    }
}

/// What a preset makes from these values, as the snippets and the page take it: a JWT, or
/// an identity hash as [`Hashed::as_minted`].
pub fn mint_either(
    preset: &Preset,
    req: &MintRequest,
    key: &Key,
    now: i64,
) -> Result<mint::Minted, HashError> {
    if preset.is_hash() {
        mint_hash(preset, req, key, now).map(|h| h.as_minted())
    } else {
        Ok(mint::mint(preset, req, key, now)?)
    }
}

/// The secret as typed and how it is read, so `verify` can tell "read the wrong way".
#[derive(Clone, Copy, Debug)]
pub struct TypedSecret<'a> {
    pub text: &'a [u8],
    pub encoding: SecretEncoding,
}

/// Whether a value matches, and what the findings say.
#[derive(Clone, Debug, PartialEq)]
pub struct HashCheck {
    /// The vendor would accept it (a tolerated upper case counts).
    pub matches: bool,
    /// What the value should be, when there was something to hash.
    pub expected: Option<Hashed>,
    pub findings: Vec<Finding>,
}

impl HashCheck {
    /// Valid: it matches and no finding is an error.
    pub fn is_valid(&self) -> bool {
        self.matches && !self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Checks `value` against the hash of `fields` with `secret`; when it doesn't match, names
/// the mistake that made it if it is one of the usual ones.
pub fn verify(
    preset: &Preset,
    value: &str,
    fields: &Map<String, Value>,
    secret: &[u8],
    text: Option<TypedSecret<'_>>,
    now: i64,
) -> HashCheck {
    let mut findings = super::check::check_values(preset, fields);
    let Ok(rules) = rules(preset) else {
        return HashCheck {
            matches: false,
            expected: None,
            findings,
        };
    };
    check_time(preset, rules, fields, now, &mut findings);
    let given = value.trim();
    if given.len() != value.len() {
        findings.push(Finding::warning(
            Part::Token,
            "spaces",
            format!(
                "The {} has spaces or line breaks around it; the widget compares the text exactly.",
                rules.name
            ),
        ));
    }
    let expected = match compute(preset, fields.clone(), secret) {
        Ok(h) => h,
        Err(e) => {
            findings.push(Finding::error(
                Part::Payload,
                "nothing-hashed",
                e.to_string(),
            ));
            return HashCheck {
                matches: false,
                expected: None,
                findings,
            };
        }
    };
    let ctx = diagnose::Context {
        preset,
        rules,
        fields,
        secret,
        text,
        expected: &expected,
    };
    let matches = ctx.judge(given, &mut findings);
    HashCheck {
        matches,
        expected: Some(expected),
        findings,
    }
}

/// Reads a value as hex, else base64 (standard or URL-safe, padded or not).
pub fn read_value(value: &str) -> Option<(Vec<u8>, Output)> {
    let v = value.trim();
    if v.len().is_multiple_of(2)
        && !v.is_empty()
        && v.bytes().all(|b| b.is_ascii_hexdigit())
        && let Ok(bytes) = hex::decode(v)
    {
        return Some((bytes, Output::Hex));
    }
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|e| e.decode(v).ok())
        .map(|b| (b, Output::Base64))
}

/// Whether pasted text looks like an identity hash (a MAC's length in hex or base64)
/// rather than a token: how many bytes, and how it is written.
pub fn looks_like_hash(text: &str) -> Option<(usize, Output)> {
    let t = text.trim();
    if t.contains('.') || t.is_empty() || t.len() > 200 {
        return None;
    }
    let (bytes, output) = read_value(t)?;
    Mac::ALL
        .iter()
        .any(|m| m.bytes() == bytes.len())
        .then_some((bytes.len(), output))
}

#[cfg(test)]
mod tests;
