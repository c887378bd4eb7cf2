//! `tokenbench explain`: which vendor error a text is (a console line, a response body, a
//! code alone with `--preset`), what it means, the rules and the fix; with `--token`,
//! whether this token breaks those rules.

use clap::Args;
use serde_json::{Value, json};

use super::diff::read_token_arg;
use super::judge::Judging;
use super::key_options::{KeyArgs, read_stdin};
use super::{Fail, Outcome, exit, find_preset, load_presets, print_out};
use crate::core::explain::{Match, closest, explain, said_break, token_breaks};

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// What the widget said: a console line, a response body, an error code; `-` reads it
    /// from standard input.
    #[arg(value_name = "TEXT|-")]
    pub text: String,
    /// Only this vendor's errors (a code alone, "9007", needs it).
    #[arg(long, value_name = "ID")]
    pub preset: Option<String>,
    /// The token the widget refused (a token, @FILE or -): says which of the matched rules
    /// it breaks, checked with KEY when one is given.
    #[arg(long, value_name = "TOKEN|@FILE")]
    pub token: Option<String>,
    #[command(flatten)]
    pub key: KeyArgs,
    #[command(flatten)]
    pub decrypt: super::jwe::DecryptArgs,
    /// Print {"matches", "token", "token_breaks"} as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &ExplainArgs, now: i64) -> Outcome {
    if args.text == "-" && args.token.as_deref() == Some("-") {
        return Err(Fail(
            "the text and the token can't both come from standard input".into(),
        ));
    }
    let text = if args.text == "-" {
        let bytes = read_stdin("vendor's answer")?;
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        args.text.clone()
    };
    if text.trim().is_empty() {
        return Err(Fail(
            "give what the widget said: a console line, a response body or an error code".into(),
        ));
    }
    let presets = load_presets();
    let preset = args
        .preset
        .as_deref()
        .map(|id| find_preset(&presets, id))
        .transpose()?;
    let matches = explain(&text, &presets, preset);

    // The token, judged with the vendor the text named (or --preset).
    let mut token_json = Value::Null;
    let mut breaks: Vec<(String, String)> = Vec::new();
    if let Some(arg) = &args.token {
        let token_preset = args
            .preset
            .clone()
            .or_else(|| matches.first().map(|m| m.preset.clone()));
        let judging = Judging::new(token_preset.as_deref(), &args.key, now)?;
        let token_text = read_token_arg(arg, "the token", &args.key)?;
        let decrypt_key = args.decrypt.load()?.or_else(|| judging.sealing_key());
        let decoded = super::jwe::signed_inside(&token_text, "the token", decrypt_key.as_ref())?;
        let report = judging.judge().report(&decoded);
        for m in &matches {
            for (rule, why) in token_breaks(&m.rules, &report) {
                if !breaks.iter().any(|(r, _)| *r == rule) {
                    breaks.push((rule, why));
                }
            }
        }
        token_json = serde_json::to_value(&report)?;
    }

    if args.json {
        let out = json!({
            "matches": matches.iter().map(match_json).collect::<Vec<_>>(),
            "token": token_json,
            "token_breaks": breaks.iter().map(|(r, _)| r).collect::<Vec<_>>(),
            "token_breaks_why": breaks
                .iter()
                .map(|(rule, why)| json!({"rule": rule, "why": why}))
                .collect::<Vec<_>>(),
            "closest": if matches.is_empty() {
                closest(&text, &presets).iter().map(|p| p.id.clone()).collect::<Vec<_>>()
            } else {
                Vec::new()
            },
        });
        print_out(&serde_json::to_string_pretty(&out)?);
    } else {
        print_out(&text_report(
            &matches,
            &text,
            &presets,
            args.token.is_some(),
            &breaks,
        ));
    }
    Ok(if matches.is_empty() {
        exit::INVALID
    } else {
        exit::OK
    })
}

fn match_json(m: &Match) -> Value {
    json!({
        "preset": m.preset,
        "code": m.code,
        "message": m.message,
        "rules": m.rules,
        "meaning": m.meaning,
        "fix": m.fix,
        "source": m.source,
        "where": m.place,
        "status": m.status,
        "inferred": m.inferred,
        "matched_by": m.by,
    })
}

fn text_report(
    matches: &[Match],
    text: &str,
    presets: &crate::core::preset::Presets,
    with_token: bool,
    breaks: &[(String, String)],
) -> String {
    let mut out = String::new();
    if matches.is_empty() {
        out.push_str("No vendor error in tokenbench's presets matches this text.\n");
        let near = closest(text, presets);
        if !near.is_empty() {
            let names: Vec<String> = near
                .iter()
                .map(|p| format!("{} ({})", p.vendor, p.id))
                .collect();
            out.push_str(&format!(
                "Closest: {}; with --preset ID a code alone is matched too.\n",
                names.join(", ")
            ));
        }
        return out;
    }
    for (i, m) in matches.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let said = match (m.code.as_deref(), m.message.as_deref()) {
            (Some(c), Some(msg)) => format!("{c} \"{msg}\""),
            (Some(c), None) => c.to_string(),
            (None, Some(msg)) => format!("\"{msg}\""),
            (None, None) => String::new(),
        };
        let status = m.status.map(|s| format!(", HTTP {s}")).unwrap_or_default();
        out.push_str(&format!(
            "Matched  {} ({}): {said} ({}{status})\n",
            m.vendor, m.preset, m.place
        ));
        let inferred = if m.inferred {
            " (inferred: the vendor does not document it)"
        } else {
            ""
        };
        out.push_str(&format!("Means    {}{inferred}\n", m.meaning));
        out.push_str(&format!("Rules    {}\n", m.rules.join(", ")));
        out.push_str(&format!("Fix      {}\n", m.fix));
        out.push_str(&format!("Source   {}\n", m.source));
    }
    if with_token {
        out.push('\n');
        if breaks.is_empty() {
            out.push_str("Token    breaks none of these rules as far as tokenbench can check");
            out.push_str(" (give its KEY to check the signature)\n");
        } else {
            for (i, (rule, why)) in breaks.iter().enumerate() {
                let head = if i == 0 { "Token" } else { "" };
                let said = said_break(rule, why);
                let said = if said.starts_with(rule.as_str()) && said != *why {
                    format!("breaks {said}")
                } else {
                    said
                };
                out.push_str(&format!("{head:<8} {said}\n"));
            }
        }
    }
    out
}
