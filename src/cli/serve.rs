//! `tokenbench serve`: the local token server until Ctrl+C.

use std::io::Write;
use std::sync::Arc;

use clap::Args;

use super::source::{SourceArgs, ValueArgs, prepare};
use super::{Fail, Outcome, exit};
use crate::core::time::format_rfc3339;
use crate::serve::{self, DEFAULT_PORT, LogEntry, Setup};

#[derive(Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// The port on 127.0.0.1 (0: any free port).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_PORT)]
    pub port: u16,
    #[command(flatten)]
    pub values: ValueArgs,
    /// A demo-page value that is not a claim (the preset's page settings: Connect's snippet_id, Intercom's app_id, …).
    #[arg(long = "setting", value_name = "NAME=VALUE")]
    pub settings: Vec<String>,
    #[command(flatten)]
    pub encrypt: super::jwe::EncryptArgs,
    /// Don't print a line per request.
    #[arg(long)]
    pub quiet: bool,
}

pub fn run(args: &ServeArgs) -> Outcome {
    let prepared = prepare("serve", &args.source, &args.values)?;
    let key = prepared.signing_key()?.clone();
    let preset = prepared.preset.clone();
    let settings = prepared.page_settings(&args.settings)?;
    let encoding = prepared.encoding();
    let mut setup = Setup::new(
        preset.clone(),
        prepared.request.clone(),
        key,
        encoding,
        settings,
    )
    .map_err(Fail)?;
    if let Some(key) = super::jwe::encryption_key(&args.encrypt, prepared.profile.as_ref())? {
        setup = setup
            .encrypt_for(key, args.encrypt.jwe_alg, args.encrypt.jwe_enc)
            .map_err(|e| Fail(format!("can't encrypt the tokens: {e}")))?;
    } else if args.encrypt.given() {
        return Err(Fail(
            "--jwe-alg and --jwe-enc need a key to encrypt for: --encrypt-key PEM_OR_JWK or --encrypt-secret-env VAR".into(),
        ));
    }
    // What was typed on this command line may load any script; a profile's saved settings
    // only from the vendor's hosts.
    setup.typed = (args.settings.iter())
        .filter_map(|s| s.split_once('=').map(|(n, _)| n.trim().to_string()))
        .collect();
    let log: Option<serve::LogSink> = if args.quiet {
        None
    } else {
        Some(Arc::new(|entry: LogEntry| {
            let _ = writeln!(std::io::stdout().lock(), "{}", log_line(&entry));
        }))
    };
    let encrypted = setup.encryption();
    let running = serve::start(setup, args.port, log).map_err(|e| Fail(e.to_string()))?;
    let url = running.url();
    let widget = match &preset.snippets.widget_claim {
        Some(_) => "?widgetId=YOUR_WIDGET_ID",
        None => "",
    };
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "Serving {} tokens on {url}/", preset.vendor);
        if let Some(how) = &encrypted {
            let _ = writeln!(out, "  encrypted    for the vendor's key ({how})");
        }
        let _ = writeln!(out, "  demo page    {url}/");
        let _ = writeln!(
            out,
            "  token        {url}/token{widget}  (GET, or POST a JSON object of attributes)"
        );
        let _ = writeln!(out, "  token text   {url}/token.txt{widget}");
        if prepared
            .loaded
            .keys
            .keys
            .iter()
            .any(|k| k.public().is_some())
        {
            let _ = writeln!(out, "  public key   {url}/public-key  (PEM)");
            for list in crate::core::key::known_lists() {
                let _ = writeln!(
                    out,
                    "               {url}{}  ({})",
                    list.served_at, list.name
                );
            }
            let _ = writeln!(out, "               {url}/.well-known/jwks.json");
        }
        let _ = writeln!(out, "Press Ctrl+C to stop.");
        let _ = out.flush();
    }
    wait_for_ctrl_c().map_err(Fail)?;
    running.stop();
    Ok(exit::OK)
}

/// `2026-11-21T12:00:01Z GET /token?widgetId=w 200 {"sub":"w",…}`
pub fn log_line(entry: &LogEntry) -> String {
    let detail = match (&entry.claims, &entry.error) {
        (Some(claims), _) => serde_json::to_string(claims).unwrap_or_default(),
        (None, Some(error)) => error.clone(),
        (None, None) => String::new(),
    };
    format!(
        "{} {} {} {} {detail}",
        format_rfc3339(crate::core::time::as_f64(entry.time)).unwrap_or_default(),
        entry.method,
        entry.target,
        entry.status
    )
    .trim_end()
    .to_string()
}

fn wait_for_ctrl_c() -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .map_err(|e| format!("can't wait for Ctrl+C: {e}"))?;
    runtime
        .block_on(tokio::signal::ctrl_c())
        .map_err(|e| format!("can't wait for Ctrl+C: {e}"))
}
