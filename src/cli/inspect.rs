//! `tokenbench inspect` and `tokenbench verify`.

use clap::Args;

use super::key_options::{KeyArgs, read_stdin};
use super::{Fail, Outcome, error_line, exit, find_preset, load_presets, print_out, render};
use crate::core::alg::Alg;
use crate::core::decode::decode;
use crate::core::judge::Judge;
use crate::core::judge::signers::{ProfileKeys, Signers};
use crate::core::report::Report;
use crate::core::secret::SecretEncoding;
use crate::core::time::parse_duration;

/// The arguments `inspect` and `verify` share (for `verify` a key is required).
#[derive(Args, Debug)]
pub struct TokenArgs {
    /// The token; `-` or nothing reads it from standard input.
    #[arg(value_name = "TOKEN|-")]
    pub token: Option<String>,
    /// Check the token against a vendor preset's rules.
    #[arg(long, value_name = "ID")]
    pub preset: Option<String>,
    #[command(flatten)]
    pub key: KeyArgs,
    #[command(flatten)]
    pub decrypt: super::jwe::DecryptArgs,
    /// Try the key of every stored profile and say which one signed the token (or made the
    /// identity hash: with no --preset, every identity-hash profile with its own fields).
    #[arg(long, conflicts_with = "key")]
    pub all_profiles: bool,
    /// For an identity hash: a field it is made from (the preset's names: --claim identifier=u-1).
    #[arg(long = "claim", value_name = "NAME=VALUE")]
    pub claims: Vec<String>,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Args, Debug)]
pub struct CommonArgs {
    /// Accept only this algorithm (repeatable; default: the preset's, or any that fits the key).
    #[arg(long = "alg", value_name = "ALG")]
    pub algs: Vec<Alg>,
    /// Clock-skew tolerance for exp, nbf and iat: 0 (default), 30s, 2m.
    #[arg(long, value_name = "DURATION", default_value = "0")]
    pub leeway: String,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run_inspect(args: &TokenArgs, now: i64) -> Outcome {
    run(args, now, false)
}

const NEEDS_KEY: &str = "verify needs a key: --secret-env VAR, --secret-file FILE, --secret-stdin, --key-file FILE, --jwks-url URL, --oidc ISSUER, --profile NAME or --all-profiles";

pub fn run_verify(args: &TokenArgs, now: i64) -> Outcome {
    // An encrypted token holding claims (Chaskiq) is verified by its decryption key alone; a
    // signed token inside still needs its own key (said below, once it is opened).
    if !args.key.given() && !args.all_profiles && !args.decrypt.given() {
        return Err(Fail(NEEDS_KEY.into()));
    }
    run(args, now, true)
}

fn read_token(token: Option<&str>, stdin_taken: bool) -> Result<String, Fail> {
    match token {
        Some(t) if t != "-" => Ok(t.to_string()),
        _ => {
            if stdin_taken {
                return Err(Fail(
                    "the token and the secret can't both come from standard input: pass the token as an argument or the secret another way".into(),
                ));
            }
            let bytes = read_stdin("token")?;
            String::from_utf8(bytes).map_err(|_| {
                Fail("the input on standard input is not UTF-8 text, so it is not a token".into())
            })
        }
    }
}

fn run(args: &TokenArgs, now: i64, verifying: bool) -> Outcome {
    let (token, preset_id, key, common) = (
        args.token.as_deref(),
        args.preset.as_deref(),
        &args.key,
        &args.common,
    );
    let presets = load_presets();
    let profile = key.profile_entry()?;
    let preset_id = preset_id
        .map(str::to_string)
        .or_else(|| profile.as_ref().map(|p| p.preset.clone()));
    let preset = preset_id
        .as_deref()
        .map(|id| find_preset(&presets, id))
        .transpose()?;
    let leeway = parse_duration(&common.leeway)?;
    let text = read_token(token, key.uses_stdin() || args.decrypt.uses_stdin())?;
    match preset {
        Some(p) if p.is_hash() => {
            return super::hash::check(args, &presets, p, profile.as_ref(), &text, now);
        }
        None if args.all_profiles && crate::core::hash::looks_like_hash(&text).is_some() => {
            return super::hash::every_profile(args, &presets, None, &text, now);
        }
        None if crate::core::hash::looks_like_hash(&text).is_some() => {
            let ids: Vec<&str> = presets
                .iter()
                .filter(|p| p.is_hash())
                .map(|p| p.id.as_str())
                .collect();
            return Err(Fail(format!(
                "this looks like an identity hash, not a JWT: name its preset with --preset ({}) and its fields with --claim NAME=VALUE, or try every stored profile with --all-profiles",
                ids.join(", ")
            )));
        }
        _ => {}
    }
    if !args.claims.is_empty() {
        return Err(Fail(
            "--claim gives an identity hash's fields; a JWT carries its own claims".into(),
        ));
    }
    let ctx = Ctx {
        args,
        presets: &presets,
        preset,
        profile: profile.as_ref(),
        leeway,
        now,
        verifying,
    };
    let decoded = decode(&text);
    if decoded.segment_count != 5 {
        return judge_token(&ctx, &decoded, None);
    }
    // An encrypted token: opened with the decryption key, the signed token inside judged as
    // any other; without one (or with one that fails) its header and why.
    let decrypt_key = match args.decrypt.load()? {
        Some(k) => Some(k),
        // Claims sealed with the preset's own key (Chaskiq): KEY opens them.
        None => match preset.filter(|p| p.sealed_claims().is_some()) {
            Some(p) => (key.load_for(p.key.secret_encoding, profile.as_ref(), None)?)
                .and_then(|l| l.keys.keys.first().cloned()),
            None => None,
        },
    };
    let opened = crate::core::jwe::open(&decoded.compact, decrypt_key.as_ref())
        .map_err(|e| Fail(e.to_string()))?;
    if let crate::core::jwe::Inside::Jws(inner) = opened.inside() {
        return judge_token(&ctx, &decode(inner), Some(&opened));
    }
    let judge = Judge {
        preset,
        leeway,
        ..Judge::new(&presets, now)
    };
    let report = judge.inspect_unsigned(&decoded.compact, &opened);
    super::jwe::print_unsigned(&report, &opened, common.json, verifying)
}

/// What `inspect` and `verify` were asked, once the token's text is read.
struct Ctx<'a> {
    args: &'a TokenArgs,
    presets: &'a crate::core::preset::Presets,
    preset: Option<&'a crate::core::preset::Preset>,
    profile: Option<&'a crate::store::profiles::Profile>,
    leeway: i64,
    now: i64,
    verifying: bool,
}

/// Judges a signed token (`jwe`: the encrypted token it came out of) and prints the report.
fn judge_token(
    ctx: &Ctx<'_>,
    decoded: &crate::core::decode::Decoded,
    jwe: Option<&crate::core::jwe::Opened>,
) -> Outcome {
    let Ctx {
        args,
        presets,
        preset,
        profile,
        leeway,
        now,
        verifying,
    } = *ctx;
    let (key, common) = (&args.key, &args.common);
    let encoding = preset.map_or(SecretEncoding::Utf8, |p| p.key.secret_encoding);
    let algs = (!common.algs.is_empty()).then_some(common.algs.as_slice());
    let judge = Judge {
        preset,
        algorithms: algs,
        leeway,
        ..Judge::new(presets, now)
    };
    let (loaded, signers) = if args.all_profiles {
        let (found, signers) = all_profiles(&judge, decoded)?;
        (found, Some(signers))
    } else {
        (key.load_for(encoding, profile, decoded.kid())?, None)
    };
    if verifying && loaded.is_none() && signers.is_none() {
        // Only an encrypted token's decryption key was given: the signed token inside needs
        // its own key to be verified.
        return Err(Fail(format!(
            "{NEEDS_KEY} (the signed token inside the encrypted one)"
        )));
    }
    let hmac_alg = decoded
        .alg()
        .and_then(Alg::from_jose)
        .filter(|a| a.family() == crate::core::alg::Family::Hmac)
        .unwrap_or(Alg::HS256);
    let secret = loaded
        .as_ref()
        .and_then(|l| l.diagnose(hmac_alg, preset.and_then(|p| p.key.secret_shape.as_ref())));
    let mut report = Judge {
        keys: loaded.as_ref().map(|l| &l.keys),
        ..judge
    }
    .inspect(decoded);
    let fetched = loaded.as_ref().and_then(|l| l.fetched.as_ref());
    if let (Some(p), Some(f)) = (preset, fetched) {
        report.findings.extend(crate::core::keyset::issuer_rule(
            p,
            f.issuer.as_deref(),
            decoded.claim("iss").and_then(serde_json::Value::as_str),
        ));
    }
    if common.json {
        let mut json = serde_json::to_value(&report)?;
        if let Some(obj) = json.as_object_mut() {
            if let Some(d) = &secret {
                obj.insert("secret".into(), serde_json::to_value(d)?);
            }
            if let Some(f) = fetched {
                obj.insert("key_set".into(), key_set_json(f, loaded.as_ref()));
            }
            if let Some(opened) = jwe {
                obj.insert("jwe".into(), serde_json::to_value(opened)?);
            }
            if let Some(s) = &signers {
                obj.insert(
                    "profiles".into(),
                    serde_json::json!({"signed_by": s.signed_by, "tried": s.tried}),
                );
            }
        }
        print_out(&serde_json::to_string_pretty(&json)?);
    } else {
        let mut text = jwe.map(super::jwe::jwe_lines).unwrap_or_default();
        text.push_str(&render::report(&report, secret.as_ref(), verifying));
        if let Some(f) = fetched {
            let kids = loaded
                .as_ref()
                .map(|l| l.keys.kids().join(", "))
                .unwrap_or_default();
            text.push_str(&format!(
                "Key set    {}: kids {}\n",
                super::terminal_safe(&f.describe()),
                super::terminal_safe(if kids.is_empty() { "none" } else { &kids })
            ));
        }
        if let Some(m) = &report.matched_key {
            text.push_str(&format!(
                "Matched    kid {}, thumbprint {}\n",
                super::terminal_safe(m.kid.as_deref().unwrap_or("(none)")),
                m.thumbprint.as_deref().unwrap_or("(a secret: not shown)")
            ));
        }
        if let Some(s) = &signers {
            text.push_str(&describe(s));
            text.push('\n');
        }
        print_out(&text);
    }
    Ok(exit_code(&report, decoded))
}

/// Where URL keys came from, for `--json`.
fn key_set_json(
    f: &crate::web::Fetched,
    loaded: Option<&super::key_options::Loaded>,
) -> serde_json::Value {
    let (cached, age) = match &f.freshness {
        crate::web::Freshness::Cached { age } | crate::web::Freshness::Stale { age, .. } => {
            (true, Some(*age))
        }
        _ => (false, None),
    };
    let error = match &f.freshness {
        crate::web::Freshness::Stale { error, .. } => Some(error.as_str()),
        _ => None,
    };
    serde_json::json!({
        "url": f.url,
        "issuer": f.issuer,
        "cached": cached,
        "age_seconds": age,
        "network_error": error,
        "kids": loaded.map(|l| l.keys.kids()).unwrap_or_default(),
    })
}

fn exit_code(report: &Report, decoded: &crate::core::decode::Decoded) -> u8 {
    if !decoded.is_readable() {
        let reason = decoded.problems.first().map_or_else(
            || "this is not a readable token".to_string(),
            |f| f.message.clone(),
        );
        error_line(&reason);
        return exit::USAGE;
    }
    if report.signature_valid == Some(false) || report.has_errors() {
        exit::INVALID
    } else {
        exit::OK
    }
}

/// What `--all-profiles` says of the profiles tried.
fn describe(s: &Signers) -> String {
    match (s.signed_by.as_slice(), s.tried) {
        (_, 0) => "Profiles   no stored profile key fits this token's algorithm".to_string(),
        ([], n) => format!("Profiles   none of the {n} stored keys that fit verifies it"),
        (names, n) => format!("Profiles   signed by {} (of {n} tried)", names.join(", ")),
    }
}

/// Every stored profile's keys (keyring and key URL), as the judge tries them.
pub fn every_profile(
    which: impl Fn(&crate::store::profiles::Profile) -> bool,
    kid: Option<&str>,
    over: &crate::core::mint::MintRequest,
) -> Result<Vec<ProfileKeys>, Fail> {
    let mut all = super::stored::load_profiles()?;
    all.retain(which);
    // The keyring only when a profile keeps its key there (URL profiles need none).
    let store = if all.iter().any(|p| p.has_secret) {
        Some(super::stored::keyring()?)
    } else {
        None
    };
    let keyring = |id: &str| {
        let store = store.as_ref()?;
        crate::store::secrets::SecretStore::get(store, id).ok()?
    };
    Ok(crate::store::profile_keys::gather(
        &all,
        &keyring,
        &mut crate::store::profile_keys::fetch_published,
        over,
        kid,
    ))
}

/// Tries every stored profile's keys. Returns the first signer's keys (so the report shows
/// a valid signature; else every key tried, so it shows the signature does not verify)
/// and who signed.
fn all_profiles(
    judge: &Judge<'_>,
    decoded: &crate::core::decode::Decoded,
) -> Result<(Option<super::key_options::Loaded>, Signers), Fail> {
    let profiles = every_profile(
        |_| true,
        decoded.kid(),
        &crate::core::mint::MintRequest::default(),
    )?;
    let found = judge.token_signers(decoded, &profiles);
    for problem in &found.signers.problems {
        super::warning_line(problem);
    }
    let loaded = super::key_options::Loaded {
        keys: found.verified_with.unwrap_or(found.tried_keys),
        secret_text: None,
        fetched: None,
    };
    Ok((Some(loaded), found.signers))
}
