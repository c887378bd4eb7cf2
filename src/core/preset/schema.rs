//! The shape of a preset file. Every field is documented in `presets/README.md`.

use regex::Regex;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::Origin;
use super::hash::{HashRules, PresetKind};
use super::rules::{DangerRule, Rule};
use super::snippets::Snippets;
use crate::core::alg::Alg;
use crate::core::finding::Severity;
use crate::core::secret::{SecretEncoding, SecretShape};

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    /// `amazon-connect`: what `--preset` takes.
    pub id: String,
    /// "Amazon Connect — hosted widget"
    pub name: String,
    pub vendor: String,
    #[serde(default)]
    pub description: String,
    /// A JWT (the default) or an identity hash (`[hash]` says how).
    #[serde(default)]
    pub kind: PresetKind,
    /// What an identity-hash preset hashes and how.
    #[serde(default)]
    pub hash: Option<HashRules>,
    /// Where the preset sits in lists: lower first, then by name (the catch-all goes last).
    #[serde(default = "default_order")]
    pub order: i32,
    /// Offered first, before any search (the first-run view's few buttons).
    #[serde(default)]
    pub featured: bool,
    #[serde(default)]
    pub docs: Vec<DocLink>,
    pub key: KeyRules,
    #[serde(default)]
    pub lifetime: LifetimeRules,
    #[serde(default)]
    pub token: TokenRules,
    #[serde(default)]
    pub header: Vec<FieldSpec>,
    #[serde(default)]
    pub claims: Vec<FieldSpec>,
    #[serde(default)]
    pub rules: Vec<Rule>,
    #[serde(default)]
    pub snippets: Snippets,
    /// The vendor's rules for the key set its public keys are published in.
    #[serde(default)]
    pub keyset: Option<KeySetRules>,
    /// Whether the vendor takes the signed token encrypted (JWE), and how.
    #[serde(default)]
    pub encryption: Option<EncryptionRules>,
    /// For a token the vendor issues: how to obtain one.
    #[serde(default)]
    pub issued: Option<IssuedRules>,
    /// What the vendor answers when it refuses a token.
    #[serde(default)]
    pub errors: Vec<super::VendorError>,
    #[serde(skip)]
    pub origin: Origin,
}

/// How a vendor takes tokens encrypted (`[encryption]`): the signed token inside a JWE for
/// the vendor's key (LivePerson), or claims sealed with a shared key (Chaskiq).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncryptionRules {
    /// `optional` or `required`.
    pub mode: EncryptionMode,
    pub alg: crate::core::jwe::KeyAlg,
    pub enc: crate::core::jwe::Enc,
    /// What is encrypted: the signed token (`jws`, the default: LivePerson) or the claims
    /// themselves, unsigned, with the preset's own key (`claims`: Chaskiq).
    #[serde(default)]
    pub inside: EncryptedInside,
    /// Where the user finds the vendor's encryption key.
    #[serde(default)]
    pub help: String,
    #[serde(default)]
    pub source: Option<String>,
}

/// A token the vendor issues (`kind = "issued"`): the site asks the vendor's API for it and
/// hands it on; tokenbench reads it and says how to get one.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssuedRules {
    /// Who makes it, in a sentence ("HubSpot's API makes it for a contact's email").
    pub how: String,
    /// The vendor's API call, as a curl command with placeholders (`<PRIVATE_APP_TOKEN>`).
    pub request: String,
    /// What the answer looks like (`{"token": "…"}`).
    #[serde(default)]
    pub response: Option<String>,
    /// The token is a JWT that can be decoded (else an opaque string).
    #[serde(default)]
    pub jwt: bool,
    /// The vendor takes it once.
    #[serde(default)]
    pub single_use: bool,
    /// How the page hands it to the widget.
    #[serde(default)]
    pub handover: String,
    #[serde(default)]
    pub source: Option<String>,
}

/// What a vendor's JWE holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EncryptedInside {
    #[default]
    Jws,
    Claims,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EncryptionMode {
    Optional,
    Required,
}

/// What a vendor requires of a published key set (a JWKS, uploaded JWKs, a key list).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeySetRules {
    /// Members every key must have (`kty`, `kid`, `alg`, `x5c`).
    #[serde(default)]
    pub required_members: Vec<String>,
    /// The only algorithms a key may name. Empty: the preset's key algorithms.
    #[serde(default)]
    pub algorithms: Vec<Alg>,
    /// A key's certificate must stay valid at least this many more days.
    #[serde(default)]
    pub certificate_min_days: Option<i64>,
    /// The key set's issuer must equal the token's `iss`.
    #[serde(default)]
    pub issuer_is_iss: bool,
    /// Every key's expiry (a key list's expiry member) must be in the future.
    #[serde(default)]
    pub expiry_in_future: bool,
    /// The vendor's own list format, when it publishes keys in one (`[keyset.list]`).
    #[serde(default)]
    pub list: Option<crate::core::key::KeyListFormat>,
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocLink {
    pub title: String,
    pub url: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyRules {
    /// Accepted algorithms, the first being the one to sign with. Empty: any.
    #[serde(default)]
    pub algorithms: Vec<Alg>,
    /// How the vendor reads the secret's text (HMAC presets).
    #[serde(default)]
    pub secret_encoding: SecretEncoding,
    #[serde(default)]
    pub secret_shape: Option<SecretShape>,
    /// Where the user finds the key ("Connect console > Communications widget > Security").
    #[serde(default)]
    pub help: String,
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LifetimeRules {
    /// Seconds; `600` or `"10m"`.
    #[serde(default, deserialize_with = "duration")]
    pub default: Option<i64>,
    /// The longest `exp - iat` the vendor accepts.
    #[serde(default, deserialize_with = "duration")]
    pub max: Option<i64>,
    #[serde(default = "error_severity")]
    pub max_severity: Severity,
    /// The shortest `exp - iat` the vendor advises (a warning below it: Glassix's 5 hours).
    #[serde(default, deserialize_with = "duration")]
    pub min: Option<i64>,
    /// How long after `iat` the vendor still accepts the token, whatever `exp` says
    /// (Kustomer: 15 minutes).
    #[serde(default, deserialize_with = "duration")]
    pub max_age: Option<i64>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
}

impl Default for LifetimeRules {
    fn default() -> Self {
        LifetimeRules {
            default: None,
            max: None,
            max_severity: Severity::Error,
            min: None,
            max_age: None,
            message: None,
            source: None,
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenRules {
    /// Largest encoded token the vendor accepts, in bytes.
    #[serde(default)]
    pub max_bytes: Option<usize>,
    #[serde(default)]
    pub source: Option<String>,
}

/// The JSON type a claim or header field has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    #[default]
    String,
    Integer,
    Number,
    Boolean,
    /// Seconds since the epoch (RFC 7519 §2).
    Numericdate,
    Object,
    /// A string that holds serialized JSON (Omnichannel `lwicontexts`).
    JsonString,
    Array,
    Any,
}

impl FieldType {
    pub fn describe(self) -> &'static str {
        match self {
            FieldType::String => "a string",
            FieldType::Integer => "an integer",
            FieldType::Number => "a number",
            FieldType::Boolean => "a boolean",
            FieldType::Numericdate => "a NumericDate (seconds since 1970)",
            FieldType::Object => "a JSON object",
            FieldType::JsonString => "a string holding a JSON object",
            FieldType::Array => "an array",
            FieldType::Any => "any JSON value",
        }
    }
}

/// Where a field's value comes from when minting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fill {
    /// Typed by the user (form field, `--claim`).
    #[default]
    Form,
    /// The current time (`iat`).
    Clock,
    /// `iat` + lifetime (`exp`).
    Lifetime,
    /// Always `const` (`sub` = `userexternal`).
    Constant,
    /// The signing algorithm (`alg`).
    Algorithm,
    /// The key id (`kid`, `--kid`).
    Kid,
    /// A fresh random id at every mint (`jti`, which some vendors refuse to see twice).
    Unique,
}

/// One claim or header field.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    pub name: String,
    #[serde(rename = "type", default)]
    pub kind: FieldType,
    #[serde(default)]
    pub required: bool,
    /// Missing gives a warning rather than an error.
    #[serde(default)]
    pub recommended: bool,
    /// The form's label ("Widget ID"); defaults to the name.
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub help: String,
    #[serde(default)]
    pub fill: Fill,
    #[serde(default)]
    pub default: Option<Value>,
    #[serde(rename = "const", default)]
    pub constant: Option<Value>,
    #[serde(rename = "enum", default)]
    pub one_of: Vec<Value>,
    #[serde(default)]
    pub pattern: Option<String>,
    /// What the pattern means, for the message ("a Tiledesk project URL").
    #[serde(default)]
    pub pattern_help: Option<String>,
    #[serde(default)]
    pub min_length: Option<usize>,
    #[serde(default)]
    pub max_length: Option<usize>,
    /// A placeholder value for forms.
    #[serde(default)]
    pub example: Option<String>,
    /// What an empty form field means, shown in it when that is not an example value
    /// ("now, when left empty").
    #[serde(default)]
    pub placeholder: Option<String>,
    /// A NumericDate that must be whole seconds (a fraction is an error, not a warning).
    #[serde(default)]
    pub integer: bool,
    /// This claim is the preset's attribute map (the target of `--attr`).
    #[serde(default)]
    pub attributes: bool,
    /// Personal data: masked in demo mode.
    #[serde(default)]
    pub personal: bool,
    /// Attribute names to offer (ForgeRock's profile mapping).
    #[serde(default)]
    pub suggested_keys: Vec<String>,
    /// Members an object claim must have (Twilio's `grants` needs `identity`).
    #[serde(default)]
    pub required_members: Vec<String>,
    /// Rules for the entries of an object or json_string map.
    #[serde(default)]
    pub entries: Option<EntryRules>,
    #[serde(default)]
    pub dangerous: Vec<DangerRule>,
    /// Severity of a failed pattern, enum or const check (default: error).
    #[serde(default = "error_severity")]
    pub severity: Severity,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(skip)]
    pub(crate) pattern_re: Option<Regex>,
}

/// What values a map's entries may hold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// Strings only (Connect `attributes`).
    String,
    /// Strings, numbers, booleans (Omnichannel context variables).
    Primitive,
    #[default]
    Any,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryRules {
    #[serde(default)]
    pub values: ValueKind,
    #[serde(default)]
    pub key_pattern: Option<String>,
    #[serde(default)]
    pub key_help: Option<String>,
    #[serde(default)]
    pub max_key_length: Option<usize>,
    #[serde(default)]
    pub max_value_length: Option<usize>,
    /// Sum of the UTF-8 bytes of every key and value.
    #[serde(default)]
    pub max_total_bytes: Option<usize>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(skip)]
    pub(crate) key_re: Option<Regex>,
}

fn default_order() -> i32 {
    50
}

pub(super) fn error_severity() -> Severity {
    Severity::Error
}

pub(super) fn warning_severity() -> Severity {
    Severity::Warning
}

/// Reads `600` or `"10m"` as seconds (a required field).
pub(super) fn duration_secs<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    duration(d)?.ok_or_else(|| serde::de::Error::custom("a duration is required"))
}

/// Reads `600` or `"10m"` as seconds.
fn duration<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Seconds(i64),
        Text(String),
    }
    match Raw::deserialize(d)? {
        Raw::Seconds(s) if s >= 0 => Ok(Some(s)),
        Raw::Seconds(s) => Err(serde::de::Error::custom(format!(
            "a lifetime can't be negative ({s})"
        ))),
        Raw::Text(t) => crate::core::time::parse_duration(&t)
            .map(Some)
            .map_err(serde::de::Error::custom),
    }
}

impl FieldSpec {
    pub(super) fn compile(&mut self) -> Result<(), String> {
        if let Some(p) = &self.pattern {
            self.pattern_re =
                Some(Regex::new(p).map_err(|e| format!("pattern: {}", one_line(&e)))?);
        }
        if let Some(entries) = &mut self.entries {
            if let Some(p) = &entries.key_pattern {
                entries.key_re = Some(
                    Regex::new(p).map_err(|e| format!("entries.key_pattern: {}", one_line(&e)))?,
                );
            }
            if !matches!(self.kind, FieldType::Object | FieldType::JsonString) {
                return Err("entries: only object and json_string claims have entries".into());
            }
        }
        if matches!(self.fill, Fill::Clock | Fill::Lifetime) && self.kind != FieldType::Numericdate
        {
            return Err("fill: clock and lifetime fill only numericdate fields".into());
        }
        if !self.required_members.is_empty() && self.kind != FieldType::Object {
            return Err("required_members: only object claims have members".into());
        }
        if self.fill == Fill::Constant && self.constant.is_none() {
            return Err("fill: a constant field needs `const`".into());
        }
        Ok(())
    }

    /// The form's label.
    pub fn label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.name)
    }
}

pub(super) fn one_line(e: &regex::Error) -> String {
    e.to_string()
        .lines()
        .last()
        .unwrap_or("invalid")
        .trim()
        .to_string()
}
