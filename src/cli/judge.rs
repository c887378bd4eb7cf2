//! How `diff` and `scan` judge each token they read: against the preset given (else the one
//! the token resembles), with the key given, if any — the same report `inspect --json` prints.

use super::keys::{KeyArgs, Loaded};
use super::{Fail, find_preset, load_presets};
use crate::core::decode::Decoded;
use crate::core::preset::{Preset, Presets};
use crate::core::report::{Inspect, Report, inspect};
use crate::core::secret::SecretEncoding;
use crate::core::suggest::resembling;

pub struct Judge {
    presets: Presets,
    preset: Option<String>,
    keys: Option<Loaded>,
    now: i64,
}

impl Judge {
    /// Reads the presets and the key the options name (a profile brings its preset).
    pub fn new(preset: Option<&str>, key: &KeyArgs, now: i64) -> Result<Judge, Fail> {
        let presets = load_presets();
        let profile = key.profile_entry()?;
        let preset = preset
            .map(str::to_string)
            .or_else(|| profile.as_ref().map(|p| p.preset.clone()));
        let encoding = match &preset {
            Some(id) => find_preset(&presets, id)?.key.secret_encoding,
            None => SecretEncoding::Utf8,
        };
        let keys = key.load(encoding, profile.as_ref())?;
        Ok(Judge {
            presets,
            preset,
            keys,
            now,
        })
    }

    /// The preset a token is checked against: the one given, else the one it resembles.
    pub fn preset_for(&self, token: &Decoded) -> Option<&Preset> {
        match &self.preset {
            Some(id) => self.presets.get(id),
            None => resembling(token, &self.presets),
        }
    }

    pub fn report<'a>(&self, token: &'a Decoded) -> Report<'a> {
        let mut report = inspect(
            token,
            &Inspect {
                preset: self.preset_for(token),
                keys: self.keys.as_ref().map(|l| &l.keys),
                algorithms: None,
                presets: Some(&self.presets),
                now: self.now,
                leeway: 0,
            },
        );
        if self.preset.is_none() {
            // Say the preset was chosen by resemblance, not by the user.
            report.suggested_preset.clone_from(&report.preset);
        }
        report
    }

    pub fn has_key(&self) -> bool {
        self.keys.is_some()
    }
}

/// Valid as `inspect` exits 0: readable, signature not refuted, no error finding.
pub fn is_valid(report: &Report, token: &Decoded) -> bool {
    token.is_readable() && report.signature_valid != Some(false) && !report.has_errors()
}
