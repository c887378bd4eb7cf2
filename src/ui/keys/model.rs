//! The key as the inputs give it: a key file, a PEM or JWK pasted into the secret field, or an
//! HMAC secret read with its encoding (and diagnosed).

use crate::core::alg::{Alg, Family};
use crate::core::key::{Key, KeySet, parse_key_file};
use crate::core::preset::Preset;
use crate::core::secret::diagnose;
use crate::ui::workbench::{KeyInput, KeyState};

pub fn read_key(key: &KeyInput, preset: Option<&Preset>) -> KeyState {
    let mut state = read(key, preset);
    state.published = (key.published.as_ref())
        .filter(|p| !key.url.trim().is_empty() && p.url == key.url.trim())
        .map(|p| p.keys.clone());
    state.verifying = match (&state.keys, &state.published) {
        (Some(own), Some(published)) => {
            let mut both = own.clone();
            both.keys.extend(published.keys.iter().cloned());
            both.source.clone_from(&published.source);
            Some(both)
        }
        (own, published) => own.clone().or_else(|| published.clone()),
    };
    state.has_public = state
        .keys
        .as_ref()
        .and_then(|k| k.keys.first())
        .is_some_and(|k| k.public_pem().is_some());
    state
}

fn read(key: &KeyInput, preset: Option<&Preset>) -> KeyState {
    let hmac_alg = preset
        .and_then(|p| {
            p.algorithms()
                .iter()
                .copied()
                .find(|a| a.family() == Family::Hmac)
        })
        .unwrap_or(Alg::HS256);
    if let Some((path, keys)) = &key.file {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        return KeyState {
            description: Some(format!("{} (file {name})", keys.describe())),
            keys: Some(keys.clone()),
            ..KeyState::default()
        };
    }
    let text = key.secret.expose();
    if text.is_empty() {
        return KeyState::default();
    }
    // A PEM or JWK pasted into the secret field is a key, not a secret.
    let trimmed = text.trim_start();
    if trimmed.starts_with("-----BEGIN") || trimmed.starts_with('{') {
        return match parse_key_file(text.as_bytes()) {
            Ok(keys) => KeyState {
                description: Some(format!("{} (pasted)", keys.describe())),
                keys: Some(keys),
                ..KeyState::default()
            },
            Err(e) => KeyState {
                error: Some(e.to_string()),
                ..KeyState::default()
            },
        };
    }
    let shape = preset.and_then(|p| p.key.secret_shape.as_ref());
    let diagnosis = diagnose(text.as_bytes(), key.encoding, hmac_alg, shape);
    let diagnosis = Some(if preset.is_some_and(Preset::is_hash) {
        diagnosis.for_identity_hash()
    } else {
        diagnosis
    });
    match key.encoding.decode(text.as_bytes()) {
        Ok(secret) => {
            let k = Key::hmac(secret);
            if let Err(refused) = k.usable() {
                // A public key that isn't a key file (an OpenSSH key, its DER as base64):
                // never a secret, whatever the encoding says.
                return KeyState {
                    error: Some(refused.to_string()),
                    diagnosis,
                    ..KeyState::default()
                };
            }
            KeyState {
                description: Some(k.describe()),
                keys: Some(KeySet::single(k)),
                diagnosis,
                ..KeyState::default()
            }
        }
        Err(e) => KeyState {
            error: Some(e.to_string()),
            diagnosis,
            ..KeyState::default()
        },
    }
}
