//! `tokenbench scan FILE|-`: every JWT in a HAR or text file, where each appears, and its
//! inspection report. Streamed out token by token: nothing is built for the whole capture
//! but the compact list of what was found.

mod ordered;
mod report;

use std::io::Write as _;
use std::ops::ControlFlow;
use std::path::PathBuf;

use clap::Args;

pub use report::write;

use super::judge::Judging;
use super::key_options::KeyArgs;
use super::{Fail, Outcome, exit, warning_line};
use crate::capture::Capture;
use crate::core::scan::{Event, Found, Scanned, scan};

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
    #[command(flatten)]
    pub decrypt: super::jwe::DecryptArgs,
    /// Print the source, the tokens, their places and reports as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &ScanArgs, now: i64) -> Outcome {
    let stdin = args.file.as_os_str() == "-";
    if stdin && (args.key.uses_stdin() || args.decrypt.uses_stdin()) {
        return Err(Fail(
            "the file and the secret can't both come from standard input".into(),
        ));
    }
    let judging = Judging::new(args.preset.as_deref(), &args.key, now)?;
    let decrypt = match args.decrypt.load()? {
        Some(k) => Some(k),
        None => judging.sealing_key(),
    };
    let capture = if stdin {
        if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            eprintln!("Reading the capture from standard input (end with Ctrl-D)…");
        }
        Capture::spool(&mut std::io::stdin().lock())?
    } else {
        Capture::open(&args.file)?
    };
    let bytes: &[u8] = &capture;
    let (scanned, found) = collect(bytes);
    for w in &scanned.source.warnings {
        warning_line(w);
    }
    if found.is_empty() {
        let name = if stdin {
            "standard input".to_string()
        } else {
            args.file.display().to_string()
        };
        eprintln!("No tokens found in {name}.");
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = write(
        &scanned,
        &found,
        bytes,
        judging.judge(),
        decrypt.as_ref(),
        args.json,
        &mut out,
    );
    match written.and_then(|pass| out.flush().map(|()| pass)) {
        Ok(true) => Ok(exit::OK),
        Ok(false) => Ok(exit::INVALID),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(exit::OK),
        Err(e) => Err(Fail(format!("can't write the report: {e}"))),
    }
}

/// Every token in `bytes` (a HAR or any text), with its places in time order.
pub fn collect(bytes: &[u8]) -> (Scanned, Found) {
    let mut found = Found::default();
    let scanned = scan(bytes, &mut |e| {
        if let Event::Hit { token, place } = e {
            found.add(bytes, token, &place);
        }
        ControlFlow::Continue(())
    });
    found.finish(bytes);
    (scanned, found)
}
