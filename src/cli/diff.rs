//! `tokenbench diff A B`: what differs between two tokens.

use std::fmt::Write;
use std::path::Path;

use clap::Args;
use serde_json::json;

use super::judge::Judging;
use super::key_options::{KeyArgs, read_file, read_stdin};
use super::{Fail, Outcome, error_line, exit, print_out};
use crate::core::diff::{Change, ChangeKind, DiffPart, display_value, lifetime};
use crate::core::finding::Finding;
use crate::core::report::Report;
use crate::core::time::human_span;

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The first token: the token itself, @FILE, or - for standard input.
    #[arg(value_name = "A")]
    pub a: String,
    /// The second token: the token itself, @FILE, or - for standard input.
    #[arg(value_name = "B")]
    pub b: String,
    /// Check both tokens against a vendor preset's rules (default: the preset each resembles).
    #[arg(long, value_name = "ID")]
    pub preset: Option<String>,
    #[command(flatten)]
    pub key: KeyArgs,
    #[command(flatten)]
    pub decrypt: super::jwe::DecryptArgs,
    /// Print the reports and the changes as JSON.
    #[arg(long)]
    pub json: bool,
}

/// A token given as itself, `@FILE` or `-`.
pub fn read_token_arg(arg: &str, name: &str, key: &KeyArgs) -> Result<String, Fail> {
    let bytes = if arg == "-" {
        if key.uses_stdin() {
            return Err(Fail(format!(
                "{name} and the secret can't both come from standard input"
            )));
        }
        read_stdin(&format!("token {name}"))?
    } else if let Some(path) = arg.strip_prefix('@') {
        read_file(Path::new(path), &format!("token file for {name}"))?
    } else {
        return Ok(arg.to_string());
    };
    String::from_utf8(bytes)
        .map_err(|_| Fail(format!("{name} is not UTF-8 text, so it is not a token")))
}

pub fn run(args: &DiffArgs, now: i64) -> Outcome {
    if args.a == "-" && args.b == "-" {
        return Err(Fail(
            "only one of A and B can come from standard input".into(),
        ));
    }
    let judging = Judging::new(args.preset.as_deref(), &args.key, now)?;
    let text_a = read_token_arg(&args.a, "A", &args.key)?;
    let text_b = read_token_arg(&args.b, "B", &args.key)?;
    let decrypt_key = args.decrypt.load()?;
    let da = super::jwe::signed_inside(&text_a, "A", decrypt_key.as_ref())?;
    let db = super::jwe::signed_inside(&text_b, "B", decrypt_key.as_ref())?;
    let compared = judging.judge().compare(&da, &db);
    let (only_a, only_b) = (compared.only_in(0), compared.only_in(1));
    let [ra, rb] = &compared.reports;
    let changes = &compared.changes;
    let unreadable = [("A", &da), ("B", &db)].into_iter().find_map(|(name, d)| {
        (!d.is_readable()).then(|| {
            let reason = d
                .problems
                .first()
                .map_or("this is not a readable token", |f| f.message.as_str());
            format!("{name}: {reason}")
        })
    });
    if args.json {
        // Like `inspect --json`, every part that did decode is printed, even when one side
        // is unreadable.
        let out = json!({
            "a": ra,
            "b": rb,
            "changes": changes,
            "findings_only_in_a": only_a,
            "findings_only_in_b": only_b,
        });
        print_out(&serde_json::to_string_pretty(&out)?);
    } else if unreadable.is_none() {
        print_out(&render(
            [ra, rb],
            changes,
            &only_a,
            &only_b,
            judging.has_key(),
        ));
    }
    if let Some(reason) = unreadable {
        error_line(&reason);
        return Ok(exit::USAGE);
    }
    Ok(if changes.is_empty() {
        exit::OK
    } else {
        exit::INVALID
    })
}

fn verdict(r: &Report, keyed: bool) -> String {
    let sig = match r.signature_valid {
        Some(true) => "signature valid",
        Some(false) => "signature INVALID",
        None if keyed => "signature not checked",
        None => "signature not checked (no key given)",
    };
    let preset = r.preset.as_deref().unwrap_or("no preset");
    let verdict = if r.passes() {
        r.verdict().label()
    } else {
        "INVALID"
    };
    format!("{verdict} ({}) · {sig} · {preset}", r.summary)
}

fn render(
    sides: [&Report; 2],
    changes: &[Change],
    only_a: &[&Finding],
    only_b: &[&Finding],
    keyed: bool,
) -> String {
    let mut out = String::new();
    for (name, r) in ["A", "B"].iter().zip(sides) {
        let _ = writeln!(out, "{name}  {}", verdict(r, keyed));
    }
    let (la, lb) = (lifetime(sides[0].payload), lifetime(sides[1].payload));
    let span = |l: Option<i64>| l.map_or_else(|| "—".to_string(), human_span);
    let _ = write!(out, "Lifetime (exp − iat)  A {}  B {}", span(la), span(lb));
    match (la, lb) {
        (Some(a), Some(b)) if a != b => {
            let span = i64::try_from(b.abs_diff(a)).unwrap_or(i64::MAX);
            let more = if b > a { "longer" } else { "less" };
            let _ = write!(out, "  (B lives {} {more})", human_span(span));
        }
        _ => {}
    }
    out.push('\n');
    if changes.is_empty() {
        out.push_str("Header and payload are the same.\n");
    }
    for part in [DiffPart::Header, DiffPart::Payload] {
        let in_part: Vec<_> = changes.iter().filter(|c| c.part == part).collect();
        if in_part.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "{}",
            if part == DiffPart::Header {
                "Header"
            } else {
                "Payload"
            }
        );
        for c in in_part {
            // What the tokens hold: never a line of its own, nor a redrawn one.
            let (a, b) = (
                super::terminal_safe(&display_value(c.a.as_ref(), &c.path)).into_owned(),
                super::terminal_safe(&display_value(c.b.as_ref(), &c.path)).into_owned(),
            );
            let path = super::terminal_safe(&c.path);
            let line = match c.kind {
                ChangeKind::Added => format!("+ {path}  {b}"),
                ChangeKind::Removed => format!("- {path}  {a}"),
                ChangeKind::Changed => format!("~ {path}  {a} → {b}"),
                ChangeKind::TypeChanged => format!(
                    "! {path}  type changed: {a} ({}) → {b} ({})",
                    c.a.as_ref().map_or("none", crate::core::diff::type_name),
                    c.b.as_ref().map_or("none", crate::core::diff::type_name),
                ),
            };
            let _ = writeln!(out, "  {line}");
        }
    }
    for (name, list) in [("A", only_a), ("B", only_b)] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "Only {name}:");
        for f in list {
            let _ = writeln!(
                out,
                "  {} {}: {}",
                f.severity,
                f.rule,
                super::terminal_safe(&f.message)
            );
        }
    }
    out
}
