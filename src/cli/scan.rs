//! `tokenbench scan FILE|-`: every JWT in a HAR or text file, where each appears, and its
//! inspection report.

use std::fmt::Write as _;
use std::io::Write as _;
use std::ops::ControlFlow;
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::judge::Judging;
use super::keys::KeyArgs;
use super::{Fail, Outcome, exit, print_out, warning_line};
use crate::capture::Capture;
use crate::core::decode::decode;
use crate::core::finding::Severity;
use crate::core::report::Report;
use crate::core::scan::find::{shorten, shorten_tokens};
use crate::core::scan::{Event, Found, FoundToken, Place, Scanned, Source, SourceKind, scan};

#[derive(Args, Debug)]
pub struct ScanArgs {
    /// A HAR file (as Chrome, Firefox or Safari export it) or any text such as a log; - reads standard input.
    #[arg(value_name = "FILE|-")]
    pub file: PathBuf,
    /// Check every token against this preset's rules (default: the preset each resembles).
    #[arg(long, value_name = "ID")]
    pub preset: Option<String>,
    #[command(flatten)]
    pub key: KeyArgs,
    /// Print the source, the tokens, their places and reports as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &ScanArgs, now: i64) -> Outcome {
    let stdin = args.file.as_os_str() == "-";
    if stdin && args.key.uses_stdin() {
        return Err(Fail(
            "the file and the secret can't both come from standard input".into(),
        ));
    }
    let judging = Judging::new(args.preset.as_deref(), &args.key, now)?;
    let judge = judging.judge();
    let capture = if stdin {
        if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            eprintln!("Reading the capture from standard input (end with Ctrl-D)…");
        }
        Capture::spool(&mut std::io::stdin().lock())?
    } else {
        Capture::open(&args.file)?
    };
    let mut found = Found::default();
    let scanned = scan(&capture, &mut |e| {
        if let Event::Hit { token, place } = e {
            found.add(token, place);
        }
        ControlFlow::Continue(())
    });
    for w in &scanned.source.warnings {
        warning_line(w);
    }
    let tokens = found.into_tokens();
    let name = if stdin {
        "standard input".to_string()
    } else {
        args.file.display().to_string()
    };
    if tokens.is_empty() {
        eprintln!("No tokens found in {name}.");
    }
    let decoded: Vec<_> = tokens.iter().map(|t| decode(&t.token)).collect();
    let reports: Vec<_> = decoded.iter().map(|d| judge.report(d)).collect();
    let all_valid = reports.iter().all(Report::passes);
    if args.json {
        // Streamed out, not built as a tree first: a capture may hold the same token in
        // tens of thousands of places.
        let listed: Vec<_> = tokens
            .iter()
            .zip(&reports)
            .map(|(t, report)| Listed {
                token: &t.token,
                places: &t.places,
                report,
            })
            .collect();
        let out = Out {
            source: &scanned.source,
            tokens: listed,
        };
        let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
        let written = serde_json::to_writer_pretty(&mut stdout, &out)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(stdout))
            .and_then(|()| stdout.flush());
        if let Err(e) = written
            && e.kind() != std::io::ErrorKind::BrokenPipe
        {
            return Err(Fail(format!("can't write the report: {e}")));
        }
    } else {
        let mut text = heading(&scanned, tokens.len());
        for (i, (t, report)) in tokens.iter().zip(&reports).enumerate() {
            let verdict = report.verdict();
            let preset = report.preset.as_deref().unwrap_or("no preset");
            let sig = match report.signature_valid {
                Some(true) => " · signature valid",
                Some(false) => " · signature INVALID",
                None => "",
            };
            let _ = writeln!(
                text,
                "\n{}  {}\n   {}: {} · {preset}{sig}",
                i + 1,
                shorten(&t.token),
                verdict.label(),
                verdict.explain(&report.summary.to_string())
            );
            for f in report
                .findings
                .iter()
                .filter(|f| f.severity > Severity::Info)
            {
                let _ = writeln!(text, "   {} {}: {}", f.severity, f.rule, f.message);
            }
            places(&mut text, t);
        }
        print_out(&text);
    }
    Ok(if all_valid { exit::OK } else { exit::INVALID })
}

#[derive(Serialize)]
struct Out<'a> {
    source: &'a Source,
    tokens: Vec<Listed<'a>>,
}

#[derive(Serialize)]
struct Listed<'a> {
    token: &'a str,
    places: &'a [Place],
    report: &'a Report<'a>,
}

fn heading(scanned: &Scanned, n: usize) -> String {
    let what = match (scanned.source.kind, scanned.source.entries) {
        (SourceKind::Har, Some(e)) => format!("HAR file, {e} entries"),
        _ => "text".to_string(),
    };
    let tokens = if n == 1 { "token" } else { "tokens" };
    format!("{what}: {n} {tokens}")
}

fn places(out: &mut String, t: &FoundToken) {
    for p in &t.places {
        let _ = writeln!(out, "     {}", place(p));
    }
}

/// `#3 2026-11-30T10:00:01Z POST https://vendor.example/chat → 401  request.header:Authorization`
pub fn place(p: &Place) -> String {
    let mut s = String::new();
    if let Some(e) = p.entry {
        let _ = write!(s, "#{e} ");
    }
    if let Some(l) = p.line {
        let _ = write!(s, "line {l} ");
    }
    for part in [&p.started, &p.method].into_iter().flatten() {
        let _ = write!(s, "{part} ");
    }
    if let Some(u) = &p.url {
        let _ = write!(s, "{} ", shorten_tokens(u));
    }
    match (p.entry, p.status) {
        (_, Some(st)) => {
            let _ = write!(s, "→ {st} ");
        }
        (Some(_), None) => s.push_str("→ no answer "),
        _ => {}
    }
    let _ = write!(s, " {}", p.location);
    s
}
