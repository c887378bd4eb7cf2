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
}

impl PresetKind {
    pub fn name(self) -> &'static str {
        match self {
            PresetKind::Jwt => "jwt",
            PresetKind::Hash => "hash",
        }
    }

    /// For lists: "JWT" or "Identity hash".
    pub fn label(self) -> &'static str {
        match self {
            PresetKind::Jwt => "JWT",
            PresetKind::Hash => "Identity hash",
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
}
