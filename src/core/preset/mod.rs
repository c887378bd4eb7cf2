//! Vendor presets: what a vendor's widget requires of a token, as data read from
//! `presets/*.toml` (embedded) and from the user's config directory.

mod builtin;
mod collection;
mod errors;
mod hash;
mod rules;
mod schema;
mod snippets;

use std::collections::HashSet;

pub use builtin::BUILTIN;
pub use collection::Presets;
pub use errors::{ErrorPlace, RULES as ERROR_RULES, VendorError};
pub use hash::{Combine, HashRules, HashTime, Mac, Output, PresetKind, TimeUnit};
pub use rules::{DangerRule, Rule};
pub use schema::{
    DocLink, EncryptedInside, EncryptionMode, EncryptionRules, EntryRules, FieldSpec, FieldType,
    Fill, IssuedRules, KeyRules, LifetimeRules, Preset, TokenRules, ValueKind,
};
pub use snippets::{PageSetting, Snippets};

/// Names tokenbench fills itself in snippets and pages; a preset's page settings can't use
/// them.
pub const RESERVED_SETTINGS: &[&str] = &[
    "token",
    "token_url",
    "token_text_url",
    "widget_id",
    "server_url",
    "vendor",
    "preset_id",
    "preset_name",
    "handover",
    "claims",
];

/// The vendor list's groups, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PresetGroup {
    Signed,
    Encrypted,
    Hash,
    Issued,
}

impl PresetGroup {
    pub const ALL: [PresetGroup; 4] = [
        PresetGroup::Signed,
        PresetGroup::Encrypted,
        PresetGroup::Hash,
        PresetGroup::Issued,
    ];

    pub fn title(self) -> &'static str {
        match self {
            PresetGroup::Signed => "Signed tokens (JWT)",
            PresetGroup::Encrypted => "Encrypted tokens (JWE)",
            PresetGroup::Hash => "Identity hashes (HMAC)",
            PresetGroup::Issued => "Issued by the vendor",
        }
    }

    /// A stable id (egui ids, tests).
    pub fn id(self) -> &'static str {
        match self {
            PresetGroup::Signed => "signed",
            PresetGroup::Encrypted => "encrypted",
            PresetGroup::Hash => "hash",
            PresetGroup::Issued => "issued",
        }
    }
}

/// The key an identity hash takes: an HMAC secret.
static HASH_KEY: [crate::core::alg::Alg; 1] = [crate::core::alg::Alg::HS256];

/// Whether a snippet template (minijinja syntax) parses.
fn check_template(text: &str) -> Result<(), String> {
    minijinja::Environment::new()
        .template_from_str(text)
        .map(|_| ())
        .map_err(|e| {
            e.to_string()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
}

/// A preset file that could not be used, naming the file, the place and the field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {message}")]
pub struct PresetError {
    /// The file (or `built-in <id>`).
    pub origin: String,
    pub message: String,
}

/// Where a preset came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Origin {
    #[default]
    BuiltIn,
    /// A user file, by name (a display string chosen by the caller).
    File(String),
}

impl Preset {
    /// Reads a preset from TOML text. `origin` names the file in error messages.
    pub fn from_toml(text: &str, origin: Origin) -> Result<Preset, PresetError> {
        let origin_name = match &origin {
            Origin::BuiltIn => "built-in preset".to_string(),
            Origin::File(name) => name.clone(),
        };
        let mut preset: Preset = toml::from_str(text).map_err(|e| PresetError {
            origin: origin_name.clone(),
            message: describe_toml_error(text, &e),
        })?;
        preset.origin = origin;
        preset.validate().map_err(|message| PresetError {
            origin: origin_name,
            message,
        })?;
        Ok(preset)
    }
}

fn describe_toml_error(text: &str, e: &toml::de::Error) -> String {
    let message = e.message().trim().replace('\n', " ");
    let Some(span) = e.span() else {
        return message;
    };
    let before = &text.as_bytes()[..span.start.min(text.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let column = span.start.min(text.len()) - line_start + 1;
    let context = text[line_start..].lines().next().unwrap_or("").trim();
    format!("line {line}, column {column} (`{context}`): {message}")
}

impl Preset {
    /// Checks what serde can't: ids, unique names, regexes, lifetimes, one attribute map.
    fn validate(&mut self) -> Result<(), String> {
        let id_ok = !self.id.is_empty()
            && self
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !id_ok {
            return Err(format!(
                "id: \"{}\" must be lowercase letters, digits and dashes",
                self.id
            ));
        }
        if let (Some(d), Some(m)) = (self.lifetime.default, self.lifetime.max)
            && d > m
        {
            return Err(format!(
                "lifetime.default: {d} s is longer than lifetime.max ({m} s)"
            ));
        }
        if let (Some(d), Some(m)) = (self.lifetime.default, self.lifetime.min)
            && d < m
        {
            return Err(format!(
                "lifetime.default: {d} s is shorter than lifetime.min ({m} s)"
            ));
        }
        for (list, what) in [(&mut self.header, "header"), (&mut self.claims, "claims")] {
            let mut seen = HashSet::new();
            for (i, spec) in list.iter_mut().enumerate() {
                let at = format!("{what}[{i}] ({})", spec.name);
                if spec.name.is_empty() {
                    return Err(format!("{what}[{i}].name: must not be empty"));
                }
                if !seen.insert(spec.name.clone()) {
                    return Err(format!("{at}.name: \"{}\" appears twice", spec.name));
                }
                spec.compile().map_err(|e| format!("{at}.{e}"))?;
            }
        }
        let attribute_maps: Vec<&FieldSpec> = self.claims.iter().filter(|c| c.attributes).collect();
        if attribute_maps.len() > 1 {
            return Err("claims: only one claim can have `attributes = true`".to_string());
        }
        if let Some(a) = attribute_maps.first()
            && !matches!(a.kind, FieldType::Object | FieldType::JsonString)
        {
            return Err(format!(
                "claims ({}).attributes: the attribute map must be of type object or json_string",
                a.name
            ));
        }
        self.validate_kind()?;
        if let Some(list) = self.keyset.as_ref().and_then(|k| k.list.as_ref()) {
            list.validate().map_err(|e| format!("keyset.list.{e}"))?;
        }
        for (i, rule) in self.rules.iter_mut().enumerate() {
            rule.compile().map_err(|e| format!("rules[{i}].{e}"))?;
        }
        if let Some(shape) = &self.key.secret_shape
            && let Some(p) = &shape.pattern
        {
            regex::Regex::new(p).map_err(|e| format!("key.secret_shape.pattern: {e}"))?;
        }
        self.validate_snippets()
    }

    /// A hash preset has `[hash]` naming its own claims, and no JWT header.
    fn validate_kind(&self) -> Result<(), String> {
        match (self.kind, &self.issued) {
            (PresetKind::Issued, None) => {
                return Err(
                    "issued: a preset with kind = \"issued\" needs an [issued] table".into(),
                );
            }
            (_, _)
                if self.sealed_claims().is_some_and(|e| {
                    e.alg != crate::core::jwe::KeyAlg::Dir || !e.enc.name().ends_with("GCM")
                }) =>
            {
                return Err("encryption.inside: claims are sealed with the preset's own key as the content key: alg = \"dir\" with an AES-GCM enc".into());
            }
            (_, _)
                if self
                    .sealed_claims()
                    .is_some_and(|e| e.mode != EncryptionMode::Required) =>
            {
                return Err("encryption.inside: claims sealed with the preset's own key are always encrypted (mode = \"required\")".into());
            }
            (PresetKind::Issued, Some(_)) if self.encryption.is_some() => {
                return Err(
                    "encryption: a token the vendor issues is not encrypted by tokenbench".into(),
                );
            }
            (PresetKind::Jwt | PresetKind::Hash, Some(_)) => {
                return Err(
                    "issued: only a preset with kind = \"issued\" has an [issued] table".into(),
                );
            }
            _ => {}
        }
        for (i, error) in self.errors.iter().enumerate() {
            error.validate().map_err(|e| format!("errors[{i}]: {e}"))?;
        }
        match (self.kind, &self.hash) {
            (PresetKind::Issued, None) => Ok(()),
            (PresetKind::Issued, Some(_)) => {
                Err("hash: only a preset with kind = \"hash\" has a [hash] table".into())
            }
            (PresetKind::Jwt, None) => Ok(()),
            (PresetKind::Jwt, Some(_)) => {
                Err("hash: only a preset with kind = \"hash\" has a [hash] table".into())
            }
            (PresetKind::Hash, None) => {
                Err("hash: a preset with kind = \"hash\" needs a [hash] table".into())
            }
            (PresetKind::Hash, Some(rules)) => {
                if rules.message.is_empty() {
                    return Err("hash.message: name the claims that are hashed".into());
                }
                for (i, name) in rules.message.iter().enumerate() {
                    if self.claim(name).is_none() {
                        return Err(format!(
                            "hash.message[{i}]: \"{name}\" is not one of the preset's claims"
                        ));
                    }
                }
                if !self.header.is_empty() {
                    return Err("header: an identity hash has no JWT header".into());
                }
                if !self.key.algorithms.is_empty() {
                    return Err("key.algorithms: an identity hash's HMAC is hash.mac".into());
                }
                if let Some(time) = &rules.time
                    && !rules.message.contains(&time.field)
                {
                    return Err(format!(
                        "hash.time.field: \"{}\" is not one of hash.message",
                        time.field
                    ));
                }
                Ok(())
            }
        }
    }

    /// An identity hash rather than a JWT.
    /// `none`, `optional` or `required`: whether the vendor takes tokens encrypted.
    pub fn encryption_name(&self) -> &'static str {
        match self.encryption.as_ref().map(|e| e.mode) {
            None => "none",
            Some(EncryptionMode::Optional) => "optional",
            Some(EncryptionMode::Required) => "required",
        }
    }

    pub fn is_hash(&self) -> bool {
        self.kind == PresetKind::Hash
    }

    /// The vendor takes the claims themselves encrypted with the preset's own key, nothing
    /// signed (Chaskiq): the rules, when so.
    pub fn sealed_claims(&self) -> Option<&EncryptionRules> {
        self.encryption
            .as_ref()
            .filter(|e| e.inside == EncryptedInside::Claims)
    }

    /// A token the vendor issues: read and checked, never minted.
    pub fn is_issued(&self) -> bool {
        self.kind == PresetKind::Issued
    }

    /// Where the preset sits in the vendor list: "Signed tokens (JWT)", "Encrypted tokens
    /// (JWE)" (the vendor takes only JWEs), "Identity hashes (HMAC)", "Issued by the vendor".
    pub fn group(&self) -> PresetGroup {
        match self.kind {
            PresetKind::Hash => PresetGroup::Hash,
            PresetKind::Issued => PresetGroup::Issued,
            PresetKind::Jwt
                if self
                    .encryption
                    .as_ref()
                    .is_some_and(|e| e.mode == EncryptionMode::Required) =>
            {
                PresetGroup::Encrypted
            }
            PresetKind::Jwt => PresetGroup::Signed,
        }
    }

    fn validate_snippets(&self) -> Result<(), String> {
        let s = &self.snippets;
        if let Some(w) = &s.widget_claim
            && self.claim(w).is_none()
        {
            return Err(format!(
                "snippets.widget_claim: \"{w}\" is not one of the preset's claims"
            ));
        }
        let mut seen = HashSet::new();
        for (i, setting) in s.settings.iter().enumerate() {
            let name_ok = setting.name.starts_with(|c: char| c.is_ascii_lowercase())
                && setting
                    .name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !name_ok {
                return Err(format!(
                    "snippets.settings[{i}].name: \"{}\" must be lowercase letters, digits and underscores",
                    setting.name
                ));
            }
            if RESERVED_SETTINGS.contains(&setting.name.as_str()) {
                return Err(format!(
                    "snippets.settings[{i}].name: \"{}\" is a name tokenbench fills itself",
                    setting.name
                ));
            }
            if !seen.insert(setting.name.as_str()) {
                return Err(format!(
                    "snippets.settings[{i}].name: \"{}\" appears twice",
                    setting.name
                ));
            }
        }
        for (field, text) in [
            ("handover", &s.handover),
            ("inline", &s.inline),
            ("loader", &s.loader),
        ] {
            if let Some(text) = text {
                check_template(text).map_err(|e| format!("snippets.{field}: {e}"))?;
            }
        }
        Ok(())
    }

    pub fn claim(&self, name: &str) -> Option<&FieldSpec> {
        self.claims.iter().find(|c| c.name == name)
    }

    pub fn header_field(&self, name: &str) -> Option<&FieldSpec> {
        self.header.iter().find(|c| c.name == name)
    }

    /// The claim `--attr` fills (Connect `attributes`, Omnichannel `lwicontexts`).
    pub fn attribute_claim(&self) -> Option<&FieldSpec> {
        self.claims.iter().find(|c| c.attributes)
    }

    /// The algorithms the vendor accepts; empty means any. An identity hash takes an HMAC
    /// secret, as HS256 does.
    pub fn algorithms(&self) -> &[crate::core::alg::Alg] {
        if self.is_hash() {
            return &HASH_KEY;
        }
        &self.key.algorithms
    }

    /// The algorithm shown in lists: the preset's first, or "any".
    pub fn algorithm_label(&self) -> String {
        if let Some(h) = &self.hash {
            return h.mac.label().to_string();
        }
        if self.is_issued() {
            return "vendor-issued".to_string();
        }
        if let Some(e) = self
            .encryption
            .as_ref()
            .filter(|e| e.mode == EncryptionMode::Required)
        {
            return format!("{} + {}", e.alg.name(), e.enc.name());
        }
        match self.key.algorithms.as_slice() {
            [] => "any algorithm".to_string(),
            [one] => one.name().to_string(),
            [first, rest @ ..] => format!("{first} (+{})", rest.len()),
        }
    }

    /// The algorithms to accept when verifying against this preset.
    pub fn allowed_algorithms(&self) -> Vec<crate::core::alg::Alg> {
        if self.key.algorithms.is_empty() {
            crate::core::alg::Alg::ALL.to_vec()
        } else {
            self.key.algorithms.clone()
        }
    }

    /// The lifetime used when none is given (seconds).
    pub fn default_lifetime(&self) -> i64 {
        self.lifetime.default.or(self.lifetime.max).unwrap_or(3600)
    }
}

#[cfg(test)]
mod tests;
