//! Profiles: a name, a preset and the non-secret values filled every time, in
//! `profiles.json` in the config directory. The key lives in the keyring, under the
//! profile's id, never here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::core::alg::Alg;
use crate::core::mint::{ClaimValue, MintRequest};
use crate::core::secret::SecretEncoding;

pub const FILE: &str = "profiles.json";
const FORMAT_VERSION: u32 = 1;

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
    /// Whether a key was stored in the keyring (the keyring is the truth).
    #[serde(default)]
    pub has_secret: bool,
    /// The page's values that are not claims (the preset's snippet settings: an app id).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub settings: BTreeMap<String, String>,
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
            secret_encoding: SecretEncoding::Utf8,
            has_secret: false,
            settings: BTreeMap::new(),
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

#[derive(Serialize, Deserialize)]
struct ProfileFile {
    version: u32,
    profiles: Vec<Profile>,
}

/// What loading found.
#[derive(Debug, Default)]
pub struct Loaded {
    pub profiles: Vec<Profile>,
    /// When the file could not be read as profiles: what happened and where it was kept.
    pub problem: Option<String>,
}

/// `profiles.json` in the config directory.
pub fn default_path() -> Option<PathBuf> {
    super::presets::config_dir().map(|d| d.join(FILE))
}

/// Reads the profiles. A file that can't be parsed is kept as a backup beside a fresh one
/// (never dropped), and `problem` says so.
pub fn load(path: &Path) -> Loaded {
    let text = match std::fs::read(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Loaded::default(),
        Err(e) => {
            return Loaded {
                profiles: Vec::new(),
                problem: Some(format!("{} can't be read: {e}", path.display())),
            };
        }
    };
    match serde_json::from_slice::<ProfileFile>(&text) {
        Ok(file) => Loaded {
            profiles: file.profiles,
            problem: None,
        },
        Err(e) => {
            let backup = backup_path(path);
            let kept = std::fs::rename(path, &backup).is_ok();
            let where_ = if kept {
                format!("it was kept as {}", backup.display())
            } else {
                "it could not be moved aside".to_string()
            };
            Loaded {
                profiles: Vec::new(),
                problem: Some(format!(
                    "{} is damaged ({e}); {where_}, and a fresh profile list was started",
                    path.display()
                )),
            }
        }
    }
}

fn backup_path(path: &Path) -> PathBuf {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".broken-{stamp}"));
    path.with_file_name(name)
}

/// Writes the profiles atomically: a temporary file beside the real one, then a rename.
pub fn save(path: &Path, profiles: &[Profile]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let file = ProfileFile {
        version: FORMAT_VERSION,
        profiles: profiles.to_vec(),
    };
    let json = serde_json::to_vec_pretty(&file).map_err(std::io::Error::other)?;
    let mut tmp_name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&json)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_and_load_round_trip_and_atomically() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("nested").join(FILE);
        assert!(
            load(&path).profiles.is_empty(),
            "no file: no profiles, no problem"
        );
        let mut p = Profile::new("Connect — staging", "amazon-connect");
        p.claims.insert("sub".into(), "widget-1".into());
        p.attributes.insert("tier".into(), "gold".into());
        p.lifetime = Some(300);
        save(&path, std::slice::from_ref(&p)).expect("save");
        let loaded = load(&path);
        assert!(loaded.problem.is_none());
        assert_eq!(loaded.profiles, [p]);
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().expect("dir"))
            .expect("list")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
            .collect();
        assert!(leftovers.is_empty(), "no temporary file left behind");
    }

    #[test]
    fn a_damaged_file_is_kept_as_a_backup() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join(FILE);
        std::fs::write(&path, "{ this is not json").expect("write");
        let loaded = load(&path);
        assert!(loaded.profiles.is_empty());
        let problem = loaded.problem.expect("a problem is reported");
        assert!(
            problem.contains("damaged") && problem.contains(".broken-"),
            "{problem}"
        );
        let backups: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("profiles.json.broken-")
            })
            .collect();
        assert_eq!(backups.len(), 1);
        assert_eq!(
            std::fs::read_to_string(backups[0].path()).ok().as_deref(),
            Some("{ this is not json")
        );
    }

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
