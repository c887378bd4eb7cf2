//! What `mint`, `serve` and `snippet` share: the preset, the key and the token's values as
//! given on the command line (and by the profile `--profile` names).

use std::collections::BTreeMap;

use clap::Args;

use super::key_options::{KeyArgs, Loaded};
use super::{Fail, find_preset, load_presets, split_assignment};
use crate::core::alg::Alg;
use crate::core::key::Key;
use crate::core::mint::{ClaimValue, MintRequest};
use crate::core::preset::Preset;
use crate::core::secret::SecretEncoding;
use crate::core::time::parse_duration;
use crate::store::profiles::Profile;

/// The preset and the key, shared by `mint`, `serve` and `snippet`.
#[derive(Args, Debug, Clone, Default)]
pub struct SourceArgs {
    /// The vendor preset (see `tokenbench presets`); with --profile, the profile's by default.
    #[arg(long, value_name = "ID")]
    pub preset: Option<String>,
    #[command(flatten)]
    pub key: KeyArgs,
}

/// The token's values, shared by `mint`, `serve` and `snippet`.
#[derive(Args, Debug, Clone, Default)]
pub struct ValueArgs {
    /// Set a claim; the value takes the preset's type for it (unknown claims: JSON if it parses as a number, boolean, object or array, else a string).
    #[arg(long = "claim", value_name = "NAME=VALUE")]
    pub claims: Vec<String>,
    /// Put a string into the preset's attribute map (Connect attributes, Omnichannel lwicontexts, …).
    #[arg(long = "attr", value_name = "NAME=VALUE")]
    pub attrs: Vec<String>,
    /// Time from iat to exp: 600, 600s, 10m, 1h30m (default: the preset's).
    #[arg(long, value_name = "DURATION")]
    pub lifetime: Option<String>,
    /// The header's key id.
    #[arg(long, value_name = "KID")]
    pub kid: Option<String>,
    /// Sign with this algorithm (one the preset accepts and the key fits).
    #[arg(long, value_name = "ALG")]
    pub alg: Option<Alg>,
}

/// What minting needs, read from the options (and the profile they name).
pub struct Prepared {
    pub preset: Preset,
    pub request: MintRequest,
    pub loaded: Loaded,
    pub profile: Option<Profile>,
}

impl Prepared {
    /// How the secret's text was read (the preset's way unless overridden).
    pub fn encoding(&self) -> SecretEncoding {
        self.loaded
            .secret_text
            .as_ref()
            .map_or(self.preset.key.secret_encoding, |(_, e)| *e)
    }

    /// The page settings: the profile's, then `--setting NAME=VALUE`s, each a setting the
    /// preset has.
    pub fn page_settings(&self, given: &[String]) -> Result<BTreeMap<String, String>, Fail> {
        let preset = &self.preset;
        let mut settings = self
            .profile
            .as_ref()
            .map(|p| p.settings.clone())
            .unwrap_or_default();
        for s in given {
            let (name, value) = page_setting(preset, s)?;
            settings.insert(name, value);
        }
        Ok(settings)
    }

    pub fn signing_key(&self) -> Result<&Key, Fail> {
        let keys = &self.loaded.keys;
        keys.signing_key().ok_or_else(|| {
            Fail(format!(
                "the key file holds only public keys ({}); signing needs the private key",
                keys.describe()
            ))
        })
    }
}

/// `--setting NAME=VALUE`, naming one of the preset's page settings.
pub fn page_setting(preset: &Preset, text: &str) -> Result<(String, String), Fail> {
    let (name, value) = split_assignment("--setting", text)?;
    if preset.snippets.settings.iter().any(|p| p.name == name) {
        return Ok((name, value));
    }
    let known: Vec<&str> = preset
        .snippets
        .settings
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    Err(Fail(if known.is_empty() {
        format!("the {} preset has no page settings", preset.id)
    } else {
        format!(
            "the {} preset has no page setting \"{name}\" (it has: {})",
            preset.id,
            known.join(", ")
        )
    }))
}

/// Reads the preset, the values and the key for `command` ("mint", "serve").
pub fn prepare(command: &str, source: &SourceArgs, values: &ValueArgs) -> Result<Prepared, Fail> {
    let (preset, key) = (source.preset.as_deref(), &source.key);
    let presets = load_presets();
    let profile = key.profile_entry()?;
    let preset_id = preset
        .map(str::to_string)
        .or_else(|| profile.as_ref().map(|p| p.preset.clone()))
        .ok_or_else(|| Fail(format!("{command} needs --preset ID (or --profile NAME)")))?;
    let preset = find_preset(&presets, &preset_id)?.clone();
    if let Some(issued) = preset.issued.as_ref().filter(|_| preset.is_issued()) {
        return Err(Fail(format!(
            "{command}: {} issues {} tokens itself ({}); tokenbench reads them (inspect, verify) but can't make one",
            preset.vendor,
            preset.id,
            issued.how.trim_end_matches('.')
        )));
    }
    if preset.is_hash() {
        let jwt_only = [
            ("--lifetime", values.lifetime.is_some()),
            ("--kid", values.kid.is_some()),
            ("--alg", values.alg.is_some()),
            ("--attr", !values.attrs.is_empty()),
        ];
        if let Some((flag, _)) = jwt_only.iter().find(|(_, given)| *given) {
            return Err(Fail(format!(
                "the {} preset makes an identity hash, not a JWT: {flag} doesn't apply",
                preset.id
            )));
        }
    }
    let mut req = MintRequest {
        kid: values.kid.clone(),
        alg: values.alg,
        ..MintRequest::default()
    };
    for c in &values.claims {
        let (name, value) = split_assignment("--claim", c)?;
        req.claims.push((name, ClaimValue::Text(value)));
    }
    for a in &values.attrs {
        req.attributes.push(split_assignment("--attr", a)?);
    }
    if let Some(l) = &values.lifetime {
        req.lifetime = Some(parse_duration(l)?);
    }
    if let Some(p) = &profile {
        req = p.request(&req);
    }
    let loaded = key.load(preset.key.secret_encoding, profile.as_ref())?.ok_or_else(|| {
        Fail(format!(
            "no key: {} signs with {}; give one with --secret-env VAR, --secret-file FILE, --secret-stdin, --key-file FILE or --profile NAME",
            preset.id,
            preset.algorithm_label()
        ))
    })?;
    Ok(Prepared {
        preset,
        request: req,
        loaded,
        profile,
    })
}
