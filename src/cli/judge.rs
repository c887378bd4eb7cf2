//! What `diff` and `scan` judge tokens with: the presets, the preset given (else each token's
//! resemblance decides), the key the options name (a profile brings its preset and every
//! key it has). The judging itself is the core's [`Judge`].

use super::key_options::{KeyArgs, Loaded};
use super::{Fail, find_preset, load_presets};
use crate::core::judge::Judge;
use crate::core::preset::Presets;
use crate::core::secret::SecretEncoding;

pub struct Judging {
    presets: Presets,
    preset: Option<String>,
    keys: Option<Loaded>,
    now: i64,
}

impl Judging {
    /// Reads the presets and the key the options name.
    pub fn new(preset: Option<&str>, key: &KeyArgs, now: i64) -> Result<Judging, Fail> {
        let presets = load_presets();
        let profile = key.profile_entry()?;
        let preset = preset
            .map(str::to_string)
            .or_else(|| profile.as_ref().map(|p| p.preset.clone()));
        let encoding = match &preset {
            Some(id) => find_preset(&presets, id)?.key.secret_encoding,
            None => SecretEncoding::Utf8,
        };
        let keys = key.load_for(encoding, profile.as_ref(), None)?;
        Ok(Judging {
            presets,
            preset,
            keys,
            now,
        })
    }

    pub fn judge(&self) -> Judge<'_> {
        Judge {
            preset: self.preset.as_deref().and_then(|id| self.presets.get(id)),
            keys: self.keys.as_ref().map(|l| &l.keys),
            ..Judge::new(&self.presets, self.now)
        }
    }

    pub fn has_key(&self) -> bool {
        self.keys.is_some()
    }

    /// KEY, when the preset seals its claims with its own key (Chaskiq): what opens them.
    pub fn sealing_key(&self) -> Option<crate::core::key::Key> {
        let preset = self.preset.as_deref().and_then(|id| self.presets.get(id))?;
        preset.sealed_claims()?;
        self.keys.as_ref()?.keys.keys.first().cloned()
    }
}
