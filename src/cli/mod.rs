//! The `tokenbench` command line: clap definitions and dispatch. Every command is a thin
//! face over `core`; every failure is one line on stderr and exit code 2.

mod completions;
mod diff;
mod explain;
mod hash;
mod inspect;
mod judge;
mod jwe;
mod key_options;
mod keygen;
mod keys;
mod mint;
mod presets;
pub mod profile;
mod render;
pub mod scan;
mod serve;
mod snippet;
mod source;
mod stored;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

pub use key_options::KeyArgs;

/// Exit codes of the command-line contract.
pub mod exit {
    /// Success (for inspect/verify: signature valid when checked, no error finding).
    pub const OK: u8 = 0;
    /// The token is invalid: bad signature, expired, a rule broken.
    pub const INVALID: u8 = 1;
    /// Bad usage or unreadable input.
    pub const USAGE: u8 = 2;
}

/// A failure that ends the command with exit code 2 and one line on stderr.
#[derive(Debug)]
pub struct Fail(pub String);

impl<E: std::fmt::Display> From<E> for Fail {
    fn from(e: E) -> Self {
        Fail(e.to_string())
    }
}

pub type Outcome = Result<u8, Fail>;

#[derive(Parser, Debug)]
#[command(
    name = "tokenbench",
    version,
    about = "A workbench for the JWTs chat widgets use to authenticate visitors",
    long_about = "A workbench for the JSON Web Tokens chat widgets use to authenticate visitors \
(Amazon Connect, Dynamics 365 Omnichannel, Zendesk, Salesforce, Intercom, Twilio and more), \
and the HMAC identity hashes some widgets take instead (Intercom, Chatwoot, Front, Help Scout). \
Without a command it opens the workbench window.\n\n\
Secrets are never taken as command-line arguments: use --secret-env, --secret-file, \
--secret-stdin or --key-file.",
    after_help = "Exit codes: 0 success; 1 the token is invalid; 2 bad usage or unreadable input."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Use this time (Unix seconds) instead of the clock.
    #[arg(long, global = true, hide = true, value_name = "UNIX_SECONDS")]
    pub now: Option<i64>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// List presets: id, name, algorithm.
    Presets {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Mint a token for a vendor preset.
    Mint(mint::MintArgs),
    /// Decode a token leniently, check its times and the preset's rules, and verify it when a key is given.
    Inspect(inspect::TokenArgs),
    /// Verify a token's signature with a key, and check its times and the preset's rules.
    Verify(inspect::TokenArgs),
    /// Show what differs between two tokens: header and payload by JSON path, times, verdicts and findings.
    Diff(diff::DiffArgs),
    /// Find every JWT in a HAR capture or any text file (a log), where each appears, and inspect each.
    Scan(scan::ScanArgs),
    /// Which vendor error a text is (a console line, a response body, a code), what it means, the rules and the fix.
    Explain(explain::ExplainArgs),
    /// Show each key of a key set (a JWKS URL, an OpenID issuer, a file) and what is wrong with the set.
    Keys(keys::KeysArgs),
    /// Generate an RSA, EC or Ed25519 key pair.
    Keygen(keygen::KeygenArgs),
    /// Print the widget's hand-over code, or a Node.js/Python/PHP/curl sample that mints the same claims.
    Snippet(snippet::SnippetArgs),
    /// Serve fresh tokens, the public key and a demo page on 127.0.0.1 (as the vendors' sample Node.js servers do).
    Serve(serve::ServeArgs),
    /// Saved widget setups whose keys live in the OS keyring.
    #[command(subcommand)]
    Profile(profile::ProfileCommand),
    /// Print a shell completion script: tokenbench completions bash > ~/.local/share/bash-completion/completions/tokenbench
    Completions {
        #[arg(value_enum)]
        shell: completions::Shell,
    },
    /// Serves copied text on the clipboard after the window closes (started by the window).
    #[command(name = "__keep-clipboard", hide = true)]
    KeepClipboard,
}

/// Shared `--json` flag.
#[derive(Args, Debug, Clone, Copy)]
pub struct JsonFlag {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// What the arguments ask for.
pub enum Invocation {
    /// No subcommand: open the window.
    Window,
    /// A command to run.
    Run(Box<Cli>),
    /// Help, the version, or a usage error: already printed; exit with this code.
    Exit(ExitCode),
}

/// Parses `args` (one-line errors for bad usage).
pub fn parse<I, T>(args: I) -> Invocation
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    match Cli::try_parse_from(args) {
        Ok(Cli { command: None, .. }) => Invocation::Window,
        Ok(cli) => Invocation::Run(Box::new(cli)),
        Err(e) => Invocation::Exit(clap_error(&e)),
    }
}

/// Runs the command `cli` names; failures are one line on stderr and exit code 2.
pub fn run(cli: Cli) -> ExitCode {
    let now = cli.now.unwrap_or_else(clock_now);
    let result = match cli.command {
        None => Ok(exit::OK),
        Some(Command::Presets { json }) => presets::run(json),
        Some(Command::Mint(args)) => mint::run(&args, now),
        Some(Command::Inspect(args)) => inspect::run_inspect(&args, now),
        Some(Command::Verify(args)) => inspect::run_verify(&args, now),
        Some(Command::Keygen(args)) => keygen::run(&args, now),
        Some(Command::Keys(args)) => keys::run(&args, now),
        Some(Command::Diff(args)) => diff::run(&args, now),
        Some(Command::Scan(args)) => scan::run(&args, now),
        Some(Command::Explain(args)) => explain::run(&args, now),
        Some(Command::Serve(args)) => serve::run(&args),
        Some(Command::Snippet(args)) => snippet::run(&args, now),
        Some(Command::KeepClipboard) => Ok(crate::keep_clipboard::serve()),
        Some(Command::Profile(cmd)) => profile::run(&cmd),
        Some(Command::Completions { shell }) => completions::run(shell),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Fail(msg)) => {
            error_line(&msg);
            ExitCode::from(exit::USAGE)
        }
    }
}

/// The one place the command line reads the clock.
fn clock_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Prints `error: <message>` as one line.
pub fn error_line(msg: &str) {
    let one_line = msg.split_whitespace().collect::<Vec<_>>().join(" ");
    let _ = writeln!(std::io::stderr(), "error: {one_line}");
}

/// A fresh value's warnings and errors, each said on stderr; kept for `--json`.
pub fn warn_findings(
    findings: Vec<crate::core::finding::Finding>,
) -> Vec<crate::core::finding::Finding> {
    let serious: Vec<_> = findings
        .into_iter()
        .filter(|f| f.severity >= crate::core::finding::Severity::Warning)
        .collect();
    for f in &serious {
        warning_line(&format!("{} ({})", f.message, f.rule));
    }
    serious
}

pub fn warning_line(msg: &str) {
    let one_line = msg.split_whitespace().collect::<Vec<_>>().join(" ");
    let _ = writeln!(std::io::stderr(), "warning: {one_line}");
}

/// clap's errors are several lines; the contract wants one (help and version print as usual).
fn clap_error(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return ExitCode::from(exit::OK);
    }
    // Everything before clap's usage block, on one line: "the following required arguments
    // were not provided: --preset <ID>".
    let text = e.to_string();
    let before_usage = text
        .split("\nUsage:")
        .next()
        .unwrap_or(&text)
        .replace("For more information, try '--help'.", "");
    let joined = before_usage
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let first = joined.strip_prefix("error: ").unwrap_or(&joined);
    error_line(&format!("{first} (see tokenbench --help)"));
    ExitCode::from(exit::USAGE)
}

/// Text from outside (a token's claims, a capture's URLs, a key set's names, a
/// certificate's subject) made safe to print on one line of a terminal: control characters
/// (escape sequences, line breaks, carriage returns) and the bidirectional overrides that
/// reorder what is shown are written as `\u{1b}`. JSON output needs none of this: it is
/// escaped as JSON.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Prints `text` and a newline to stdout; a closed pipe is not an error worth a panic.
/// ASCII control characters other than line breaks and tabs (an escape sequence that slipped
/// past a renderer) are written as `\u{1b}`: JSON never holds them raw, so it is unchanged.
pub fn print_out(text: &str) {
    let mut out = std::io::stdout().lock();
    let stray = |c: char| c.is_ascii_control() && c != '\n' && c != '\t';
    let safe: std::borrow::Cow<'_, str> = if text.chars().any(stray) {
        text.chars()
            .map(|c| {
                if stray(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect::<String>()
            .into()
    } else {
        text.into()
    };
    let text = safe.as_ref();
    let _ = out.write_all(text.as_bytes());
    if !text.ends_with('\n') {
        let _ = out.write_all(b"\n");
    }
    let _ = out.flush();
}

/// `NAME=VALUE` as given to --claim and --attr.
pub fn split_assignment(flag: &str, text: &str) -> Result<(String, String), Fail> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_string(), value.to_string()))
        }
        _ => Err(Fail(format!("{flag} expects NAME=VALUE, got \"{text}\""))),
    }
}

/// Loads presets (built-in and the user's), warning about user files that failed.
pub fn load_presets() -> crate::core::preset::Presets {
    let presets = crate::store::presets::load_all();
    for problem in &presets.problems {
        warning_line(&format!("preset {problem} (skipped)"));
    }
    presets
}

/// The preset named by `--preset`, or a one-line error listing the ids.
pub fn find_preset<'a>(
    presets: &'a crate::core::preset::Presets,
    id: &str,
) -> Result<&'a crate::core::preset::Preset, Fail> {
    presets.get(id).ok_or_else(|| {
        Fail(format!(
            "no preset \"{id}\" (available: {})",
            presets.ids().join(", ")
        ))
    })
}
