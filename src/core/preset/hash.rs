//! A preset's `[hash]`: what an identity-hash vendor hashes, with which HMAC, and how the
//! result is written. (Intercom's `user_hash`, Chatwoot's `identifier_hash`, …)

use serde::Deserialize;

use crate::core::finding::Severity;

/// What a preset makes: a JWT the customer's server signs, or an identity hash.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PresetKind {
    #[default]
    Jwt,
    Hash,
    /// A token the vendor makes itself (HubSpot's visitor token): read, never minted.
    Issued,
}

impl PresetKind {
    pub fn name(self) -> &'static str {
        match self {
            PresetKind::Jwt => "jwt",
            PresetKind::Hash => "hash",
            PresetKind::Issued => "issued",
        }
    }

    /// For lists: "JWT" or "Identity hash".
    pub fn label(self) -> &'static str {
        match self {
            PresetKind::Jwt => "JWT",
            PresetKind::Hash => "Identity hash",
            PresetKind::Issued => "Issued by the vendor",
        }
    }
}

/// The HMAC's hash function.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mac {
    Sha1,
    #[default]
    Sha256,
    Sha384,
    Sha512,
}

impl Mac {
    pub const ALL: [Mac; 4] = [Mac::Sha1, Mac::Sha256, Mac::Sha384, Mac::Sha512];

    /// "HMAC-SHA256".
    pub fn label(self) -> &'static str {
        match self {
            Mac::Sha1 => "HMAC-SHA1",
            Mac::Sha256 => "HMAC-SHA256",
            Mac::Sha384 => "HMAC-SHA384",
            Mac::Sha512 => "HMAC-SHA512",
        }
    }

    /// The name hashlib, Node's crypto and PHP's hash_hmac use.
    pub fn id(self) -> &'static str {
        match self {
            Mac::Sha1 => "sha1",
            Mac::Sha256 => "sha256",
            Mac::Sha384 => "sha384",
            Mac::Sha512 => "sha512",
        }
    }

    /// Bytes in a MAC.
    pub fn bytes(self) -> usize {
        match self {
            Mac::Sha1 => 20,
            Mac::Sha256 => 32,
            Mac::Sha384 => 48,
            Mac::Sha512 => 64,
        }
    }
}

/// How the fields become the text that is hashed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// The first field that has a value (Intercom: user_id, else email).
    #[default]
    First,
    /// Every field, joined by `separator`; an empty field keeps its place (Sprinklr).
    Join,
}

/// How the MAC is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Output {
    /// Lower-case hexadecimal.
    #[default]
    Hex,
    Base64,
}

impl Output {
    pub fn name(self) -> &'static str {
        match self {
            Output::Hex => "hex",
            Output::Base64 => "base64",
        }
    }
}

/// `[hash]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HashRules {
    /// The vendor's name for the value: `user_hash`, `identifier_hash`, `signature`.
    pub name: String,
    #[serde(default)]
    pub mac: Mac,
    /// The claims hashed, in the vendor's order.
    pub message: Vec<String>,
    #[serde(default)]
    pub combine: Combine,
    #[serde(default)]
    pub separator: String,
    #[serde(default)]
    pub output: Output,
    /// How the vendor takes upper-case hex: `error` (compared exactly), `warning`, `info`.
    #[serde(default = "super::schema::error_severity")]
    pub uppercase: Severity,
    /// Why, in the vendor's words ("the mobile SDKs need lower case").
    #[serde(default)]
    pub uppercase_message: Option<String>,
    /// What the page does with the value ("window.$chatwoot.setUser(identifier, {identifier_hash})").
    #[serde(default)]
    pub help: String,
    #[serde(default)]
    pub source: Option<String>,
    /// Encodings the vendor may take beside `output`, when its docs don't say (Crisp,
    /// tawk.to): verify accepts each and names the one that matched.
    #[serde(default)]
    pub unconfirmed_outputs: Vec<Output>,
    /// Why the encoding is uncertain, in a sentence ("Crisp's docs don't say …").
    #[serde(default)]
    pub output_note: Option<String>,
    /// The hash holds its own creation time and is taken only near it (Sprinklr).
    #[serde(default)]
    pub time: Option<HashTime>,
}

/// A time-bound hash: one of the hashed fields is the moment it was made.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HashTime {
    /// The field that holds the creation time (one of `message`).
    pub field: String,
    #[serde(default)]
    pub unit: TimeUnit,
    /// How far from the creation time the vendor takes the hash, either way (seconds;
    /// `60` or `"1m"`).
    #[serde(deserialize_with = "super::schema::duration_secs")]
    pub tolerance: i64,
    /// A caveat in the vendor's docs ("its own example is in seconds").
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
}

/// How a creation time is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    #[default]
    Seconds,
    Milliseconds,
}

impl TimeUnit {
    pub fn name(self) -> &'static str {
        match self {
            TimeUnit::Seconds => "seconds",
            TimeUnit::Milliseconds => "milliseconds",
        }
    }

    /// `now` (seconds) written in this unit.
    pub fn of(self, now: i64) -> i64 {
        match self {
            TimeUnit::Seconds => now,
            TimeUnit::Milliseconds => now.saturating_mul(1000),
        }
    }
}

impl HashTime {
    /// The creation time a field holds, in seconds, and whether it is written in the other
    /// unit (a seconds value where milliseconds are wanted, or the reverse). Values past
    /// the year 5138 in seconds are read as milliseconds.
    pub fn read(&self, fields: &serde_json::Map<String, serde_json::Value>) -> Option<(f64, bool)> {
        let v = fields.get(&self.field)?;
        #[allow(clippy::cast_precision_loss)]
        let n = match v {
            serde_json::Value::Number(n) => n.as_f64()?,
            serde_json::Value::String(s) => s.trim().parse::<i64>().ok()? as f64,
            _ => return None,
        };
        let looks_ms = n.abs() >= 1e11;
        let secs = if looks_ms { n / 1000.0 } else { n };
        let other_unit = looks_ms != (self.unit == TimeUnit::Milliseconds);
        Some((secs, other_unit))
    }
}

impl HashRules {
    /// "user_id, or email when there is none" / "identifier".
    pub fn describe_message(&self) -> String {
        match (self.combine, self.message.as_slice()) {
            (_, [one]) => one.clone(),
            (Combine::First, [first, rest @ ..]) => {
                let others: Vec<&str> = rest.iter().map(String::as_str).collect();
                format!("{first}, or {} when there is none", others.join(", or "))
            }
            (Combine::Join, list) => format!(
                "{} joined by \"{}\"",
                list.join(", "),
                self.separator.escape_default()
            ),
            (_, []) => String::new(),
        }
    }

    /// Whether the vendor may take the MAC written as `output`.
    pub fn accepts(&self, output: Output) -> bool {
        output == self.output || self.unconfirmed_outputs.contains(&output)
    }
}
