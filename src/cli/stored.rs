//! Profiles and the keyring as the commands read them: the profile file, a profile found by
//! name, its key from the OS keyring.

use super::key_options::Loaded;
use super::{Fail, warning_line};
use crate::core::secret::SecretEncoding;
use crate::store::profiles::{Profile, ProfileFile, key_from_text};
use crate::store::secrets::{OsKeyring, SecretStore};

/// The profiles file in the config directory.
pub fn profile_file() -> Result<ProfileFile, Fail> {
    ProfileFile::default_location()
        .ok_or_else(|| Fail("there is no config directory to keep profiles in".into()))
}

/// What the profiles file holds now; a damaged file is reported (and kept aside). A file
/// that is there but can't be read is an error: its profiles are not "none".
pub fn load_profiles() -> Result<Vec<Profile>, Fail> {
    let loaded = profile_file()?.read();
    match loaded.problem {
        Some(problem) if loaded.unreadable => return Err(Fail(problem)),
        Some(problem) => warning_line(&problem),
        None => {}
    }
    Ok(loaded.profiles)
}

/// The profile called `name`: exactly, else ignoring case.
pub fn find<'a>(profiles: &'a [Profile], name: &str) -> Result<&'a Profile, Fail> {
    profiles
        .iter()
        .find(|p| p.name == name)
        .or_else(|| profiles.iter().find(|p| p.name.eq_ignore_ascii_case(name)))
        .ok_or_else(|| {
            let names: Vec<String> = profiles.iter().map(|p| format!("\"{}\"", p.name)).collect();
            Fail(if names.is_empty() {
                format!("no profile \"{name}\" (there are none yet: tokenbench profile add NAME --preset ID)")
            } else {
                format!("no profile \"{name}\" (profiles: {})", names.join(", "))
            })
        })
}

/// The profile `--profile NAME` names.
pub fn named_profile(name: &str) -> Result<Profile, Fail> {
    find(&load_profiles()?, name).cloned()
}

/// The OS keyring, or a one-line reason.
pub fn keyring() -> Result<OsKeyring, Fail> {
    OsKeyring::open().map_err(|e| {
        Fail(format!(
            "{e}: tokenbench keeps secrets only in the system keyring"
        ))
    })
}

/// The profile's key from the keyring.
pub fn profile_key(profile: &Profile, encoding: Option<SecretEncoding>) -> Result<Loaded, Fail> {
    profile_key_in(&keyring()?, profile, encoding)
}

/// As [`profile_key`], with the keyring already open (for trying many profiles).
pub fn profile_key_in(
    store: &OsKeyring,
    profile: &Profile,
    encoding: Option<SecretEncoding>,
) -> Result<Loaded, Fail> {
    let text = store
        .get(&profile.id)
        .map_err(|e| Fail(format!("profile \"{}\": {e}", profile.name)))?
        .ok_or_else(|| {
            Fail(format!(
                "profile \"{}\" has no secret in the keyring: store one with tokenbench profile set-secret \"{}\"",
                profile.name, profile.name
            ))
        })?;
    let encoding = encoding.unwrap_or(profile.secret_encoding);
    let keys = key_from_text(&text, encoding)
        .map_err(|e| Fail(format!("profile \"{}\": {e}", profile.name)))?;
    let is_secret = keys.keys.first().is_some_and(|k| k.secret_len().is_some());
    Ok(Loaded {
        keys,
        secret_text: is_secret.then_some((text, encoding)),
        fetched: None,
    })
}
