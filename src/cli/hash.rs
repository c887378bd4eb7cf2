//! `mint`, `inspect` and `verify` for identity-hash presets (Intercom's `user_hash`,
//! Chatwoot's `identifier_hash`, …): the value instead of a token.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use super::inspect::TokenArgs;
use super::key_options::Loaded;
use super::source::Prepared;
use super::{Fail, Outcome, exit, print_out, render, split_assignment};
use crate::core::hash::{self, HashCheck, TypedSecret};
use crate::core::judge::Judge;
use crate::core::judge::signers::Signers;
use crate::core::mint::{ClaimValue, MintError, MintRequest};
use crate::core::preset::{Preset, Presets};
use crate::store::profiles::Profile;

fn fail(preset: &Preset, e: hash::HashError) -> Fail {
    match e {
        hash::HashError::Mint(MintError::MissingClaim { ref name, .. }) => Fail(format!(
            "{e}: the {} preset hashes it; pass --claim {name}=VALUE",
            preset.id
        )),
        other => Fail(other.to_string()),
    }
}

/// `tokenbench mint` for a hash preset: prints the value (or JSON about it).
pub fn mint(prepared: &Prepared, as_json: bool, now: i64) -> Outcome {
    let preset = &prepared.preset;
    let key = prepared.signing_key()?;
    let hashed =
        hash::mint_hash(preset, &prepared.request, key, now).map_err(|e| fail(preset, e))?;
    let findings = super::warn_findings(crate::core::check::check_values(preset, &hashed.fields));
    if as_json {
        let out = json!({
            "kind": "hash",
            "preset": preset.id,
            "name": hashed.name,
            "value": hashed.value,
            "token": hashed.value,
            "mac": hashed.mac.label(),
            "output": hashed.output.name(),
            "hashed_field": hashed.field,
            "fields": hashed.fields,
            "findings": findings,
        });
        print_out(&serde_json::to_string_pretty(&out)?);
    } else {
        print_out(&hashed.value);
    }
    Ok(exit::OK)
}

/// The fields to check a value against: the profile's, then `--claim`s.
fn request(args: &TokenArgs, profile: Option<&Profile>) -> Result<MintRequest, Fail> {
    let mut req = MintRequest::default();
    for c in &args.claims {
        let (name, value) = split_assignment("--claim", c)?;
        req.claims.push((name, ClaimValue::Text(value)));
    }
    Ok(match profile {
        Some(p) => p.request(&req),
        None => req,
    })
}

/// `inspect` / `verify` of an identity hash.
pub fn check(
    args: &TokenArgs,
    presets: &Presets,
    preset: &Preset,
    profile: Option<&Profile>,
    value: &str,
    now: i64,
) -> Outcome {
    let rules = preset
        .hash
        .as_ref()
        .ok_or_else(|| Fail("not a hash preset".into()))?;
    if args.all_profiles {
        return every_profile(args, presets, Some(preset), value, now);
    }
    let req = request(args, profile)?;
    let fields = hash::fields(preset, &req, now).map_err(|e| fail(preset, e))?;
    let loaded = args
        .key
        .load(preset.key.secret_encoding, profile)?
        .ok_or_else(|| Fail(format!("checking a {} needs the secret (KEY)", rules.name)))?;
    let check = check_with(preset, value, &fields, &loaded, now)?;
    report(args, preset, value, &fields, Some(check), None)
}

/// With profiles tried, the fields are those of the profile the report shows.
fn expected_fields(check: Option<&HashCheck>) -> Map<String, Value> {
    check
        .and_then(|c| c.expected.as_ref())
        .map(|e| e.fields.clone())
        .unwrap_or_default()
}

/// `verify VALUE --all-profiles`: every stored identity-hash profile with a secret (of
/// `preset`, when one is named), each with its own preset, fields (and the `--claim`s over
/// them) and secret. The report is in the terms of the profile that made the value (else of
/// the first tried).
pub fn every_profile(
    args: &TokenArgs,
    presets: &Presets,
    preset: Option<&Preset>,
    value: &str,
    now: i64,
) -> Outcome {
    let over = request(args, None)?;
    let is_hash = |p: &Profile| p.has_secret && presets.get(&p.preset).is_some_and(Preset::is_hash);
    let profiles = super::inspect::every_profile(is_hash, None, &over)?;
    let judge = Judge {
        preset,
        ..Judge::new(presets, now)
    };
    let (signers, shown) = judge.hash_makers(value, &profiles);
    let tried = Tried {
        signers,
        what: preset.is_none().then_some("identity-hash"),
    };
    match (shown, preset) {
        (Some(made), _) => {
            let fields = expected_fields(Some(&made.check));
            report(args, made.preset, value, &fields, Some(made.check), Some(tried))
        }
        (None, Some(preset)) => report(args, preset, value, &Map::new(), None, Some(tried)),
        (None, None) => Err(Fail(
            "no stored identity-hash profile has a secret to try: save one (the window, or tokenbench profile add), or name the preset with --preset and the key".into(),
        )),
    }
}

/// The value checked (or, with no profile to try, not), as text or JSON.
fn report(
    args: &TokenArgs,
    preset: &Preset,
    value: &str,
    fields: &Map<String, Value>,
    check: Option<HashCheck>,
    tried: Option<Tried>,
) -> Outcome {
    let check = check.as_ref();
    let valid = check.is_some_and(HashCheck::is_valid);
    if args.common.json {
        let mut out = report_json(preset, value, fields, check);
        if let (Some(t), Some(obj)) = (&tried, out.as_object_mut()) {
            obj.insert(
                "profiles".into(),
                json!({"made_by": t.signers.signed_by, "tried": t.signers.tried}),
            );
        }
        print_out(&serde_json::to_string_pretty(&out)?);
    } else {
        let mut text = report_text(preset, value, fields, check);
        if let Some(t) = &tried {
            let what = t.what.unwrap_or(&preset.id);
            let _ = writeln!(
                text,
                "Profiles   {}",
                match (t.signers.signed_by.as_slice(), t.signers.tried) {
                    (_, 0) => format!("no stored {what} profile has a secret"),
                    ([], n) => format!("none of the {n} stored {what} profiles made it"),
                    (names, n) => format!("made by {} (of {n} tried)", names.join(", ")),
                }
            );
        }
        print_out(&text);
    }
    Ok(if valid { exit::OK } else { exit::INVALID })
}

fn check_with(
    preset: &Preset,
    value: &str,
    fields: &Map<String, Value>,
    loaded: &Loaded,
    now: i64,
) -> Result<HashCheck, Fail> {
    let key = loaded
        .keys
        .keys
        .first()
        .ok_or_else(|| Fail("no key".into()))?;
    let secret = key.secret_bytes().ok_or_else(|| {
        Fail(format!(
            "an identity hash is made with an HMAC secret; the key is {}",
            key.describe()
        ))
    })?;
    let text = loaded.secret_text.as_ref().map(|(t, e)| TypedSecret {
        text: t.expose(),
        encoding: *e,
    });
    Ok(hash::verify(preset, value, fields, secret, text, now))
}

/// Which profiles made a value, of how many tried (and of what kind, when not one preset's).
struct Tried {
    signers: Signers,
    /// What the profiles are ("identity-hash"), when not all the report's preset's.
    what: Option<&'static str>,
}

fn report_json(
    preset: &Preset,
    value: &str,
    fields: &Map<String, Value>,
    check: Option<&HashCheck>,
) -> Value {
    let rules = preset.hash.as_ref();
    let expected = check.and_then(|c| c.expected.as_ref());
    json!({
        "kind": "hash",
        "preset": preset.id,
        "name": rules.map(|r| r.name.clone()),
        "value": value.trim(),
        "header": null,
        "payload": fields,
        "signature_valid": check.map(|c| c.matches),
        "matches": check.map(|c| c.matches),
        "expected": expected.map(|e| e.value.clone()),
        "hashed_field": expected.map(|e| e.field.clone()),
        "mac": rules.map(|r| r.mac.label()),
        "findings": check.map(|c| c.findings.clone()).unwrap_or_default(),
        "times": {},
        "status": if check.is_some_and(HashCheck::is_valid) { "valid" } else { "invalid" },
    })
}

fn report_text(
    preset: &Preset,
    value: &str,
    fields: &Map<String, Value>,
    check: Option<&HashCheck>,
) -> String {
    let mut out = String::new();
    if let Some(rules) = &preset.hash {
        let _ = writeln!(
            out,
            "Hash       {} ({}): {} of {}, {}",
            rules.name,
            preset.vendor,
            rules.mac.label(),
            rules.describe_message(),
            rules.output.name()
        );
    }
    let _ = writeln!(out, "Value      {}", value.trim());
    let given: Vec<String> = fields.iter().map(|(k, v)| format!("{k} = {v}")).collect();
    let _ = writeln!(
        out,
        "Fields     {}",
        if given.is_empty() {
            "none".to_string()
        } else {
            given.join(", ")
        }
    );
    let verdict = match check {
        Some(c) if c.matches => "matches".to_string(),
        Some(c) => match &c.expected {
            Some(e) => format!(
                "DOES NOT MATCH (with this secret, {} gives {})",
                e.field, e.value
            ),
            None => "DOES NOT MATCH".to_string(),
        },
        None => "not checked".to_string(),
    };
    let _ = writeln!(out, "Result     {verdict}");
    render::findings(&mut out, check.map_or(&[][..], |c| &c.findings));
    let _ = writeln!(
        out,
        "Status     {}",
        if check.is_some_and(HashCheck::is_valid) {
            "VALID"
        } else {
            "INVALID"
        }
    );
    out
}
