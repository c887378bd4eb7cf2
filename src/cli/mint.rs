//! `tokenbench mint`.

use clap::Args;
use serde_json::json;

use super::source::{SourceArgs, ValueArgs, prepare};
use super::{Fail, Outcome, exit, print_out, warning_line};
use crate::core::check::CheckOptions;
use crate::core::mint::{MintError, mint_checked};

#[derive(Args, Debug)]
pub struct MintArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub values: ValueArgs,
    #[command(flatten)]
    pub encrypt: super::jwe::EncryptArgs,
    /// Print {"token","header","payload"} as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &MintArgs, now: i64) -> Outcome {
    let prepared = prepare("mint", &args.source, &args.values)?;
    if prepared.preset.sealed_claims().is_some() && args.encrypt.given() {
        return Err(Fail(format!(
            "{} seals the claims with its own key (the KEY given): --encrypt-* and --jwe-* don't apply",
            prepared.preset.vendor
        )));
    }
    if prepared.preset.is_hash() {
        return super::hash::mint(&prepared, args.json, now);
    }
    let (preset, req, loaded) = (&prepared.preset, &prepared.request, &prepared.loaded);
    let keys = &loaded.keys;
    let key = prepared.signing_key()?;
    let opts = CheckOptions {
        now,
        leeway: 0,
        keys: Some(keys),
    };
    let checked = mint_checked(preset, req, key, &opts).map_err(|e| match e {
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
    let minted = checked.minted;
    let findings = super::warn_findings(checked.findings);
    if let Some(d) = loaded.diagnose(minted.alg, preset.key.secret_shape.as_ref())
        && let Some(shape) = d.shape.filter(|s| !s.matches)
    {
        warning_line(&format!(
            "the secret ({} characters) does not look like {}; is it the right key?",
            d.characters, shape.expected
        ));
    }
    if preset.sealed_claims().is_some() {
        return print_sealed_claims(args, &minted, &findings);
    }
    let sealed = super::jwe::seal(
        &args.encrypt,
        preset,
        &minted.token,
        prepared.profile.as_ref(),
    )?;
    if args.json {
        let mut out = json!({
            "token": sealed.as_ref().map_or(&minted.token, |s| &s.token),
            "header": minted.header,
            "payload": minted.payload,
            "findings": findings,
        });
        if let (Some(s), Some(obj)) = (&sealed, out.as_object_mut()) {
            obj.insert("jws".into(), json!(minted.token));
            obj.insert("jwe".into(), json!({"header": s.header}));
        }
        print_out(&serde_json::to_string_pretty(&out)?);
    } else {
        print_out(sealed.as_ref().map_or(&minted.token, |s| &s.token));
    }
    Ok(exit::OK)
}

/// Claims sealed with the preset's own key (Chaskiq): the JWE, its header, the claims.
fn print_sealed_claims(
    args: &MintArgs,
    minted: &crate::core::mint::Minted,
    findings: &[crate::core::finding::Finding],
) -> Outcome {
    if args.json {
        let out = json!({
            "token": minted.token,
            "header": minted.header,
            "payload": minted.payload,
            "findings": findings,
            "jwe": {"header": minted.header, "plaintext_kind": "json"},
        });
        print_out(&serde_json::to_string_pretty(&out)?);
    } else {
        print_out(&minted.token);
    }
    Ok(exit::OK)
}
