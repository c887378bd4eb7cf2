//! `tokenbench profile set-encryption-key` and `forget-encryption-key`: the vendor's key a
//! profile's tokens are encrypted for. A public key goes into the profile (it is anyone's);
//! a shared key into the keyring, the profile saying only that it is there.

use std::path::Path;

use super::super::key_options::{io_reason, read_stdin};
use super::super::stored::{keyring, named_profile};
use super::super::{Fail, Outcome, exit, find_preset, load_presets, warning_line};
use super::change;
use crate::core::key::{Key, parse_encryption_key};
use crate::core::secret::Secret;
use crate::store::profiles::{Change, Profile, ProfileEncryption};
use crate::store::secrets::SecretStore;

pub fn set(name: &str, key_file: Option<&Path>) -> Outcome {
    let p = named_profile(name)?;
    let presets = load_presets();
    let preset = find_preset(&presets, &p.preset)?;
    if preset.sealed_claims().is_some() {
        return Err(Fail(format!(
            "not kept: {} seals the claims with the profile's own key; store that with tokenbench profile set-secret \"{}\"",
            preset.vendor, p.name
        )));
    }
    if preset.is_hash() || preset.is_issued() {
        return Err(Fail(format!(
            "not kept: the {} preset makes no token to encrypt",
            preset.id
        )));
    }
    let key = read_key(key_file)?;
    // Tried once now, so a key that can't encrypt for this vendor is said here, not at mint.
    let rules = preset.encryption.as_ref();
    let (alg, enc) = crate::core::jwe::choose(&key, rules.map(|r| r.alg), rules.map(|r| r.enc));
    crate::core::jwe::seal_token("e30.e30.", &key, alg, enc)
        .map_err(|e| Fail(format!("not kept: {e}")))?;
    let kept = ProfileEncryption::for_key(&key).map_err(|e| Fail(format!("not kept: {e}")))?;
    if kept == ProfileEncryption::SharedInKeyring {
        let secret = Secret::new(key.secret_bytes().unwrap_or_default().to_vec());
        let store = keyring()?;
        store
            .set(&p.encryption_account(), &p.encryption_label(), &secret)
            .map_err(|e| Fail(format!("not kept: {e}")))?;
        if let Err(e) = change(Change::Encryption {
            id: p.id.clone(),
            encryption: Some(kept.clone()),
        }) {
            // Removed meanwhile: its key goes with it.
            let _ = store.delete(&p.encryption_account());
            return Err(Fail(format!("not kept: {}", e.0)));
        }
    } else {
        change(Change::Encryption {
            id: p.id.clone(),
            encryption: Some(kept.clone()),
        })?;
        if p.encryption == Some(ProfileEncryption::SharedInKeyring) {
            delete_shared(&p);
        }
    }
    eprintln!(
        "Kept {} for profile \"{}\": mint and serve with it now encrypt ({} + {}).",
        kept.describe(),
        p.name,
        alg.name(),
        enc.name()
    );
    Ok(exit::OK)
}

pub fn forget(name: &str) -> Outcome {
    let p = named_profile(name)?;
    let Some(kept) = &p.encryption else {
        eprintln!("Profile \"{}\" keeps no encryption key.", p.name);
        return Ok(exit::OK);
    };
    // The profile first: a key is deleted only once its profile no longer counts on it.
    change(Change::Encryption {
        id: p.id.clone(),
        encryption: None,
    })?;
    if *kept == ProfileEncryption::SharedInKeyring {
        delete_shared(&p);
    }
    eprintln!(
        "Profile \"{}\" no longer encrypts its tokens ({} forgotten).",
        p.name,
        kept.describe()
    );
    Ok(exit::OK)
}

/// The key in `file`, or the text on standard input: a PEM or JWK, else a shared key's bytes.
fn read_key(file: Option<&Path>) -> Result<Key, Fail> {
    if let Some(file) = file {
        let bytes = std::fs::read(file)
            .map_err(|e| Fail(format!("{}: {}", file.display(), io_reason(&e))))?;
        return parse_encryption_key(&bytes).map_err(|e| Fail(format!("{}: {e}", file.display())));
    }
    let mut bytes = read_stdin("encryption key")?;
    if bytes.ends_with(b"\n") {
        bytes.pop();
        if bytes.ends_with(b"\r") {
            bytes.pop();
        }
    }
    if bytes.is_empty() {
        return Err(Fail("the encryption key on standard input is empty".into()));
    }
    let text = bytes.trim_ascii_start();
    if text.starts_with(b"-----BEGIN") || text.starts_with(b"{") {
        return parse_encryption_key(&bytes)
            .map_err(|e| Fail(format!("the key on standard input: {e}")));
    }
    Ok(Key::hmac(Secret::new(bytes)))
}

fn delete_shared(p: &Profile) {
    let deleted = keyring().and_then(|store| {
        store
            .delete(&p.encryption_account())
            .map_err(|e| Fail(e.to_string()))
    });
    if let Err(e) = deleted {
        warning_line(&format!(
            "the shared encryption key's keyring entry (service tokenbench, account {}) could not be deleted: {}",
            p.encryption_account(),
            e.0
        ));
    }
}
