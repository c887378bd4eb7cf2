//! Profiles: a name, a preset and the non-secret values filled every time, in
//! `profiles.json` in the config directory. The key lives in the keyring, under the
//! profile's id, never here.
//!
//! Every tokenbench process (command line, windows, server) may change the file at the same
//! moment: [`ProfileFile::update`] applies a [`Change`] by profile id to what the file holds
//! *now*, under an exclusive lock, and writes it atomically. Nobody saves a stale copy.

mod change;
mod encryption;
mod file;

use std::collections::BTreeMap;

pub use change::{Change, ChangeError, apply};
pub use encryption::{ProfileEncryption, encryption_account};
pub use file::{FILE, Loaded, ProfileFile, Updated};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::core::alg::Alg;
use crate::core::mint::{ClaimValue, MintRequest};
use crate::core::secret::SecretEncoding;

/// One saved widget setup. Nothing in here is secret.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// Stable id: the keyring account the key is stored under (renames don't move it).
    pub id: String,
    pub name: String,
    pub preset: String,
    /// Claim values as typed (`sub` → "widget-1"); read with the preset's types.
    #[serde(default)]
    pub claims: Map<String, Value>,
    /// Entries of the preset's attribute map.
    #[serde(default)]
    pub attributes: Map<String, Value>,
    #[serde(default)]
    pub lifetime: Option<i64>,
    #[serde(default)]
    pub kid: Option<String>,
    #[serde(default)]
    pub alg: Option<Alg>,
    #[serde(default)]
    pub secret_encoding: SecretEncoding,
    /// Where the public keys are published (a JWKS, PEM or key-list URL, or an OpenID
    /// issuer): verifying fetches them; no secret needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwks_url: Option<String>,
    /// Whether a key was stored in the keyring (the keyring is the truth).
    #[serde(default)]
    pub has_secret: bool,
    /// Counts every store or delete of the key, so other processes know to read it again.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub key_version: u64,
    /// The page's values that are not claims (the preset's snippet settings: an app id).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub settings: BTreeMap<String, String>,
    /// The vendor's key tokens are encrypted for (LivePerson's public key), when kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption: Option<ProfileEncryption>,
    /// Fields this version doesn't know (written by a newer tokenbench), kept as they are.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl Profile {
    pub fn new(name: &str, preset: &str) -> Profile {
        Profile {
            id: new_id(),
            name: name.trim().to_string(),
            preset: preset.to_string(),
            claims: Map::new(),
            attributes: Map::new(),
            lifetime: None,
            kid: None,
            alg: None,
            jwks_url: None,
            secret_encoding: SecretEncoding::Utf8,
            has_secret: false,
            key_version: 0,
            settings: BTreeMap::new(),
            encryption: None,
            other: Map::new(),
        }
    }

    /// The keyring label for this profile's key.
    pub fn keyring_label(&self) -> String {
        format!("tokenbench: {}", self.name)
    }

    /// The profile's values as a mint request; `over` (from the command line) wins.
    pub fn request(&self, over: &MintRequest) -> MintRequest {
        let mut req = MintRequest {
            lifetime: over.lifetime.or(self.lifetime),
            kid: over.kid.clone().or_else(|| self.kid.clone()),
            alg: over.alg.or(self.alg),
            ..MintRequest::default()
        };
        for (name, value) in &self.claims {
            req.claims
                .push((name.clone(), ClaimValue::Text(text(value))));
        }
        req.claims.extend(over.claims.iter().cloned());
        for (name, value) in &self.attributes {
            req.attributes.push((name.clone(), text(value)));
        }
        req.attributes.extend(over.attributes.iter().cloned());
        req
    }
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_zero(n: &u64) -> bool {
    *n == 0
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A stored secret's text as a key: a PEM or JWK is a key file, anything else a secret read
/// with `encoding`.
pub fn key_from_text(
    text: &crate::core::secret::Secret,
    encoding: SecretEncoding,
) -> Result<crate::core::key::KeySet, String> {
    use crate::core::key::{Key, KeySet, parse_key_file};
    let trimmed = text.expose().trim_ascii_start();
    if trimmed.starts_with(b"-----BEGIN") || trimmed.starts_with(b"{") || trimmed.starts_with(b"[")
    {
        return parse_key_file(text.expose()).map_err(|e| e.to_string());
    }
    encoding
        .decode(text.expose())
        .map(|s| KeySet::single(Key::hmac(s)))
        .map_err(|e| e.to_string())
}

/// 16 hex digits from the OS's randomness.
pub fn new_id() -> String {
    let mut bytes = [0u8; 8];
    if aws_lc_rs::rand::fill(&mut bytes).is_err() {
        // Randomness failed (never seen): fall back to the clock, still unique enough here.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        bytes = u64::try_from(nanos % u128::from(u64::MAX))
            .unwrap_or(0)
            .to_be_bytes();
    }
    hex::encode(bytes)
}

/// Why a name can't be used.
pub fn check_name(name: &str, profiles: &[Profile], except: Option<&str>) -> Result<(), String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("a profile needs a name".into());
    }
    if name.chars().count() > 80 {
        return Err("a profile name can be at most 80 characters".into());
    }
    let clash = profiles
        .iter()
        .any(|p| Some(p.id.as_str()) != except && p.name.eq_ignore_ascii_case(name));
    if clash {
        return Err(format!("there is already a profile named \"{name}\""));
    }
    Ok(())
}

/// `base`, or `base` + a suffix ("(copy)", "(copy 2)", …) until no profile in `list` has it.
pub fn unique_name(base: &str, suffix: &str, list: &[Profile]) -> String {
    let base = base.trim();
    let mut name = base.to_string();
    let mut n = 1;
    while check_name(&name, list, None).is_err() {
        name = if n == 1 {
            format!("{base} ({suffix})")
        } else {
            format!("{base} ({suffix} {n})")
        };
        n += 1;
        if n > 10_000 {
            break;
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_ignoring_case() {
        let p = Profile::new("Prod", "amazon-connect");
        let list = vec![p.clone()];
        assert!(check_name("prod", &list, None).is_err());
        assert!(
            check_name("prod", &list, Some(&p.id)).is_ok(),
            "renaming to itself"
        );
        assert!(check_name("  ", &list, None).is_err());
        assert!(check_name(&"x".repeat(81), &list, None).is_err());
        assert_ne!(new_id(), new_id());
        assert_eq!(unique_name("Prod", "copy", &list), "Prod (copy)");
        let two = vec![p.clone(), Profile::new("Prod (copy)", "amazon-connect")];
        assert_eq!(unique_name("prod", "copy", &two), "prod (copy 2)");
    }

    #[test]
    fn command_line_values_win_over_the_profile() {
        let mut p = Profile::new("p", "amazon-connect");
        p.claims.insert("sub".into(), "from-profile".into());
        p.lifetime = Some(100);
        let over = MintRequest {
            claims: vec![("sub".into(), ClaimValue::Text("from-cli".into()))],
            ..MintRequest::default()
        };
        let req = p.request(&over);
        assert_eq!(req.lifetime, Some(100));
        assert_eq!(
            req.claims.last().map(|(_, v)| v.clone()),
            Some(ClaimValue::Text("from-cli".into()))
        );
    }
}
