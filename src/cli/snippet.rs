//! `tokenbench snippet`: the widget's hand-over code, or a server-side sample that mints the
//! same claims, for a preset and values. Samples read the key from the environment.

use clap::Args;
use clap::builder::TypedValueParser;

use super::source::{SourceArgs, ValueArgs, prepare};
use super::{Fail, Outcome, exit, print_out};
use crate::core::hash::mint_either;
use crate::core::snippet::{self, Inputs, Kind};
use crate::serve::DEFAULT_PORT;

#[derive(Args, Debug)]
pub struct SnippetArgs {
    /// What to write: the widget's hand-over code (fetching from the local server, or with the token inlined), or a sample that mints the same claims.
    #[arg(value_parser = kind_parser())]
    pub kind: Kind,
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub values: ValueArgs,
    /// A page value that is not a claim (the preset's page settings: Intercom's app_id, …).
    #[arg(long = "setting", value_name = "NAME=VALUE")]
    pub settings: Vec<String>,
    /// Where the local server runs, for hand-over code and curl.
    #[arg(long, value_name = "URL", default_value_t = format!("http://127.0.0.1:{DEFAULT_PORT}"))]
    pub server_url: String,
}

/// The snippet kinds by their `id`s, listed in `--help`.
fn kind_parser() -> impl clap::builder::TypedValueParser<Value = Kind> {
    clap::builder::PossibleValuesParser::new(Kind::ALL.map(Kind::id)).map(|id| {
        Kind::ALL
            .into_iter()
            .find(|k| k.id() == id)
            .unwrap_or(Kind::Handover)
    })
}

pub fn run(args: &SnippetArgs, now: i64) -> Outcome {
    let prepared = prepare("snippet", &args.source, &args.values)?;
    let preset = &prepared.preset;
    let minted = mint_either(preset, &prepared.request, prepared.signing_key()?, now)
        .map_err(|e| Fail(e.to_string()))?;
    let settings = prepared.page_settings(&args.settings)?;
    let encoding = prepared.encoding();
    let text = snippet::render(
        args.kind,
        &Inputs {
            preset,
            minted: &minted,
            now,
            encoding,
            server_url: args.server_url.trim_end_matches('/'),
            settings: &settings,
        },
    )?;
    print_out(text.trim_end());
    Ok(exit::OK)
}
