//! `tokenbench mint`.

use clap::Args;
use serde_json::json;

use super::keys::KeyArgs;
use super::{
    Fail, Outcome, exit, find_preset, load_presets, print_out, split_assignment, warning_line,
};
use crate::core::alg::Alg;
use crate::core::check::{CheckOptions, check};
use crate::core::decode::decode;
use crate::core::finding::Severity;
use crate::core::mint::{ClaimValue, MintError, MintRequest, mint};
use crate::core::time::parse_duration;

#[derive(Args, Debug)]
pub struct MintArgs {
    /// The vendor preset (see `tokenbench presets`); with --profile, the profile's by default.
    #[arg(long, value_name = "ID")]
    pub preset: Option<String>,
    #[command(flatten)]
    pub key: KeyArgs,
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
    /// Print {"token","header","payload"} as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &MintArgs, now: i64) -> Outcome {
    let presets = load_presets();
    let profile = args.key.profile_entry()?;
    let preset_id = args
        .preset
        .clone()
        .or_else(|| profile.as_ref().map(|p| p.preset.clone()))
        .ok_or_else(|| Fail("mint needs --preset ID (or --profile NAME)".into()))?;
    let preset = find_preset(&presets, &preset_id)?;
    let mut req = MintRequest {
        kid: args.kid.clone(),
        alg: args.alg,
        ..MintRequest::default()
    };
    for c in &args.claims {
        let (name, value) = split_assignment("--claim", c)?;
        req.claims.push((name, ClaimValue::Text(value)));
    }
    for a in &args.attrs {
        req.attributes.push(split_assignment("--attr", a)?);
    }
    if let Some(l) = &args.lifetime {
        req.lifetime = Some(parse_duration(l)?);
    }
    if let Some(p) = &profile {
        req = p.request(&req);
    }
    let loaded = args.key.load(preset.key.secret_encoding, profile.as_ref())?.ok_or_else(|| {
        Fail(format!(
            "no key: {} signs with {}; give one with --secret-env VAR, --secret-file FILE, --secret-stdin, --key-file FILE or --profile NAME",
            preset.id,
            preset.algorithm_label()
        ))
    })?;
    let keys = &loaded.keys;
    let key = keys.signing_key().ok_or_else(|| {
        Fail(format!(
            "the key file holds only public keys ({}); signing needs the private key",
            keys.describe()
        ))
    })?;
    let minted = mint(preset, &req, key, now).map_err(|e| match e {
        MintError::MissingClaim { ref name, .. } => Fail(format!(
            "{e}: the {} preset requires it; pass --claim {name}=VALUE",
            preset.id
        )),
        MintError::MissingHeader { ref name } if name == "kid" => Fail(format!(
            "{e}: the {} preset requires a key id; pass --kid KID",
            preset.id
        )),
        other => Fail(other.to_string()),
    })?;

    let findings: Vec<_> = check(
        &decode(&minted.token),
        Some(preset),
        &CheckOptions {
            now,
            leeway: 0,
            keys: Some(keys),
        },
    )
    .into_iter()
    .filter(|f| f.severity >= Severity::Warning)
    .collect();
    for f in &findings {
        warning_line(&format!("{} ({})", f.message, f.rule));
    }
    if let Some(d) = loaded.diagnose(minted.alg, preset.key.secret_shape.as_ref())
        && let Some(shape) = d.shape.filter(|s| !s.matches)
    {
        warning_line(&format!(
            "the secret ({} characters) does not look like {}; is it the right key?",
            d.characters, shape.expected
        ));
    }
    if args.json {
        let out = json!({
            "token": minted.token,
            "header": minted.header,
            "payload": minted.payload,
            "findings": findings,
        });
        print_out(&serde_json::to_string_pretty(&out)?);
    } else {
        print_out(&minted.token);
    }
    Ok(exit::OK)
}
