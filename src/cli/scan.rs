//! `tokenbench scan FILE|-`: every JWT in a HAR or text file, where each appears, and its
//! inspection report. Streamed out token by token: nothing is built for the whole capture
//! but the compact list of what was found.

use std::cell::Cell;
use std::io::Write as _;
use std::ops::ControlFlow;
use std::path::PathBuf;

use clap::Args;
use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::judge::Judging;
use super::keys::KeyArgs;
use super::{Fail, Outcome, exit, warning_line};
use crate::capture::Capture;
use crate::core::decode::decode;
use crate::core::finding::Severity;
use crate::core::judge::Judge;
use crate::core::scan::find::shorten;
use crate::core::scan::{Event, Found, Scanned, SourceKind, scan};

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
    let capture = if stdin {
        if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            eprintln!("Reading the capture from standard input (end with Ctrl-D)…");
        }
        Capture::spool(&mut std::io::stdin().lock())?
    } else {
        Capture::open(&args.file)?
    };
    let bytes: &[u8] = &capture;
    let mut found = Found::default();
    let scanned = scan(bytes, &mut |e| {
        if let Event::Hit { token, place } = e {
            found.add(bytes, token, &place);
        }
        ControlFlow::Continue(())
    });
    for w in &scanned.source.warnings {
        warning_line(w);
    }
    found.finish(bytes);
    if found.is_empty() {
        let name = if stdin {
            "standard input".to_string()
        } else {
            args.file.display().to_string()
        };
        eprintln!("No tokens found in {name}.");
    }
    let listing = Listing {
        found: &found,
        bytes,
        judge: judging.judge(),
        all_pass: Cell::new(true),
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = if args.json {
        let out_json = Out {
            scanned: &scanned,
            listing: &listing,
        };
        serde_json::to_writer_pretty(&mut out, &out_json)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        listing.text(&scanned, &mut out)
    };
    if let Err(e) = written.and_then(|()| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(Fail(format!("can't write the report: {e}")));
    }
    Ok(if listing.all_pass.get() {
        exit::OK
    } else {
        exit::INVALID
    })
}

/// The tokens found, judged one at a time as they are written.
struct Listing<'a> {
    found: &'a Found,
    bytes: &'a [u8],
    judge: Judge<'a>,
    /// Every token judged so far passes (what the exit code says).
    all_pass: Cell<bool>,
}

impl Listing<'_> {
    /// The human report: a heading, then each token's verdict, its findings and places.
    fn text(&self, scanned: &Scanned, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let n = self.found.len();
        let what = match (scanned.source.kind, scanned.source.entries) {
            (SourceKind::Har, Some(e)) => format!("HAR file, {e} entries"),
            _ => "text".to_string(),
        };
        writeln!(
            out,
            "{what}: {n} {}",
            if n == 1 { "token" } else { "tokens" }
        )?;
        for i in 0..n {
            let token = self.found.token(self.bytes, i);
            let decoded = decode(token);
            let report = self.judge.report(&decoded);
            self.note(report.passes());
            let verdict = report.verdict();
            let preset = report.preset.as_deref().unwrap_or("no preset");
            let sig = match report.signature_valid {
                Some(true) => " · signature valid",
                Some(false) => " · signature INVALID",
                None => "",
            };
            writeln!(
                out,
                "\n{}  {}\n   {}: {} · {preset}{sig}",
                i + 1,
                shorten(token),
                verdict.label(),
                verdict.explain(&report.summary.to_string())
            )?;
            for f in (report.findings.iter()).filter(|f| f.severity > Severity::Info) {
                writeln!(
                    out,
                    "   {} {}: {}",
                    f.severity,
                    f.rule,
                    super::terminal_safe(&f.message)
                )?;
            }
            for p in self.found.places(self.bytes, i) {
                writeln!(out, "     {}", super::terminal_safe(&p.describe(false)))?;
            }
        }
        Ok(())
    }

    fn note(&self, passes: bool) {
        if !passes {
            self.all_pass.set(false);
        }
    }
}

/// `{"source", "tokens": [{"token", "places", "report"}]}`, each token judged as it is
/// written.
struct Out<'a> {
    scanned: &'a Scanned,
    listing: &'a Listing<'a>,
}

impl Serialize for Out<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Scan", 2)?;
        st.serialize_field("source", &self.scanned.source)?;
        st.serialize_field("tokens", &Tokens(self.listing))?;
        st.end()
    }
}

struct Tokens<'a>(&'a Listing<'a>);

impl Serialize for Tokens<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((0..self.0.found.len()).map(|i| Listed(self.0, i)))
    }
}

struct Listed<'a>(&'a Listing<'a>, usize);

impl Serialize for Listed<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Listed(listing, i) = *self;
        let token = listing.found.token(listing.bytes, i);
        let decoded = decode(token);
        let report = listing.judge.report(&decoded);
        listing.note(report.passes());
        let mut st = s.serialize_struct("Listed", 3)?;
        st.serialize_field("token", token)?;
        st.serialize_field("places", &Places(listing, i))?;
        st.serialize_field("report", &report)?;
        st.end()
    }
}

struct Places<'a>(&'a Listing<'a>, usize);

impl Serialize for Places<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.found.places(self.0.bytes, self.1))
    }
}
