//! `tokenbench keys URL|FILE`: what each key of a key set is, and what is wrong with the set.

use std::fmt::Write;

use clap::Args;
use serde_json::json;

use super::key_options::{read_file, read_stdin};
use super::{Fail, Outcome, exit, find_preset, load_presets, print_out};
use crate::core::keyset::{Against, KeySetCheck, check};
use crate::web::{Fetched, KeySource};

#[derive(Args, Debug)]
pub struct KeysArgs {
    /// The key set: an https URL (a JWKS, JWK, PEM, certificate, Omnichannel list or an
    /// OpenID configuration), a file, or `-` for standard input.
    #[arg(value_name = "URL|FILE")]
    pub source: String,
    /// Also check the vendor's own rules for key sets (salesforce-miaw, microsoft-omnichannel).
    #[arg(long, value_name = "ID")]
    pub preset: Option<String>,
    /// Treat SOURCE as an OpenID issuer: read its /.well-known/openid-configuration first.
    #[arg(long)]
    pub oidc: bool,
    /// Fetch again even when the cached copy is still fresh.
    #[arg(long)]
    pub refresh: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &KeysArgs, now: i64) -> Outcome {
    let presets = load_presets();
    let preset = args
        .preset
        .as_deref()
        .map(|id| find_preset(&presets, id))
        .transpose()?;
    let is_url = args.oidc || args.source.contains("://");
    let (bytes, fetched) = if is_url {
        let source = if args.oidc {
            KeySource::Oidc(args.source.clone())
        } else {
            KeySource::Url(args.source.clone())
        };
        let f = crate::web::fetch_source(&source, args.refresh).map_err(|e| Fail(e.0))?;
        (f.body.clone(), Some(f))
    } else if args.source == "-" {
        (read_stdin("key set")?, None)
    } else {
        (
            read_file(std::path::Path::new(&args.source), "key set")?,
            None,
        )
    };
    let with = Against {
        preset,
        issuer: fetched.as_ref().and_then(|f| f.issuer.as_deref()),
        token_iss: None,
        now,
    };
    let name = fetched
        .as_ref()
        .map_or(args.source.as_str(), |f| f.url.as_str());
    let result = check(&bytes, &with).map_err(|why| Fail(format!("{name}: {why}")))?;
    if args.json {
        print_out(&serde_json::to_string_pretty(&as_json(
            &result,
            fetched.as_ref(),
            name,
        ))?);
    } else {
        print_out(&human(&result, fetched.as_ref(), name));
    }
    Ok(if result.has_errors() {
        exit::INVALID
    } else {
        exit::OK
    })
}

fn as_json(c: &KeySetCheck, fetched: Option<&Fetched>, name: &str) -> serde_json::Value {
    let mut out = json!({
        "source": name,
        "format": c.format,
        "preset": c.preset,
        "keys": c.keys,
        "findings": c.findings,
        "valid": !c.has_errors(),
    });
    if let Some(f) = fetched {
        out["fetched"] = json!({
            "url": f.url,
            "issuer": f.issuer,
            "from_cache": f.from_cache(),
            "description": f.describe(),
        });
    }
    out
}

/// The report for people. Every value the key set (or its server) chose (kids, algs,
/// certificate names, the issuer) is made terminal-safe: a kid can't write a line of its
/// own.
fn human(c: &KeySetCheck, fetched: Option<&Fetched>, name: &str) -> String {
    use super::terminal_safe as safe;
    let mut out = String::new();
    let from = fetched.map_or_else(|| name.to_string(), Fetched::describe);
    let from = safe(&from);
    let count = match c.keys.len() {
        1 => "1 key".to_string(),
        n => format!("{n} keys"),
    };
    let _ = writeln!(out, "Key set    {from}");
    let _ = writeln!(out, "           {}, {count}", c.format.describe());
    if let Some(issuer) = fetched.and_then(|f| f.issuer.as_deref()) {
        let _ = writeln!(out, "Issuer     {}", safe(issuer));
    }
    if let Some(p) = &c.preset {
        let _ = writeln!(out, "Preset     {p}");
    }
    for (i, k) in c.keys.iter().enumerate() {
        let mut line = format!("{:>3}. {}  {}", i + 1, safe(&k.name(i)), safe(&k.shape()));
        for (label, value) in [("alg", &k.alg), ("use", &k.use_)] {
            if let Some(v) = value {
                let _ = write!(line, "  {label} {}", safe(v));
            }
        }
        let _ = writeln!(out, "{line}");
        if let Some(t) = &k.thumbprint {
            let _ = writeln!(out, "     thumbprint  {t}");
        }
        if let Some(cert) = &k.certificate {
            let _ = writeln!(
                out,
                "     certificate {}; valid {} to {}",
                safe(&cert.subject),
                crate::core::keyset::day_text(cert.not_before),
                crate::core::keyset::day_text(cert.not_after)
            );
        }
        if let Some(expiry) = k.expiry {
            let _ = writeln!(
                out,
                "     expiry      {}",
                crate::core::keyset::day_text(expiry)
            );
        }
        if let Some(why) = &k.unusable {
            let _ = writeln!(out, "     unusable    {}", safe(why));
        }
    }
    super::render::findings(&mut out, &c.findings);
    let _ = writeln!(
        out,
        "Status     {}",
        if c.has_errors() {
            "PROBLEMS: a rule is broken"
        } else {
            "OK"
        }
    );
    out
}
