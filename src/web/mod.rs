//! Keys from the web: a JWKS (or JWK, PEM, certificate, Omnichannel list) URL, or an OIDC
//! issuer's discovery document, fetched carefully and cached as the server allows.
//! Used by the command line and, on a worker thread, by the window.

pub mod cache;
pub mod client;
mod fetcher;
pub mod target;

use std::time::{SystemTime, UNIX_EPOCH};

pub use client::FetchError;
pub use fetcher::Fetcher;

use crate::core::key::{KeySet, parse_key_file};

/// Where keys are fetched from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum KeySource {
    /// A URL serving the keys themselves.
    Url(String),
    /// An OpenID issuer: its `/.well-known/openid-configuration` names the `jwks_uri`.
    Oidc(String),
}

impl KeySource {
    pub fn text(&self) -> &str {
        match self {
            KeySource::Url(u) | KeySource::Oidc(u) => u,
        }
    }
}

/// How fresh the keys are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Freshness {
    /// Fetched just now.
    Fetched,
    /// The server said the cached copy is still current (304).
    Revalidated,
    /// Taken from the cache without asking (still fresh), this many seconds old.
    Cached { age: i64 },
    /// The network failed; the cached copy, this old, is used.
    Stale { age: i64, error: String },
}

/// Public key material from a URL.
#[derive(Clone, Debug)]
pub struct Fetched {
    /// The URL the keys came from (the `jwks_uri` for an issuer).
    pub url: String,
    pub body: Vec<u8>,
    pub freshness: Freshness,
    /// The issuer the discovery document names.
    pub issuer: Option<String>,
}

impl Fetched {
    /// "https://…/jwks.json (cached 3m ago)".
    pub fn describe(&self) -> String {
        let how = match &self.freshness {
            Freshness::Fetched => "fetched just now".to_string(),
            Freshness::Revalidated => "cached, confirmed current by the server".to_string(),
            Freshness::Cached { age } => format!("cached {} ago", ago(*age)),
            Freshness::Stale { age, error } => {
                format!("cached {} ago; the network failed: {error}", ago(*age))
            }
        };
        format!("{} ({how})", self.url)
    }

    /// Whether the keys came from the cache without asking the server.
    pub fn from_cache(&self) -> bool {
        matches!(
            self.freshness,
            Freshness::Cached { .. } | Freshness::Stale { .. }
        )
    }
}

fn ago(seconds: i64) -> String {
    let rounded = if seconds < 60 {
        seconds
    } else {
        seconds - seconds % 60
    };
    humantime::format_duration(std::time::Duration::from_secs(
        rounded.max(0).unsigned_abs(),
    ))
    .to_string()
    .replace(' ', "")
}

pub(crate) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Fetches what `source` names, with the user's cache.
pub fn fetch_source(source: &KeySource, refresh: bool) -> Result<Fetched, FetchError> {
    Fetcher::standard().fetch_source(source, refresh)
}

/// The keys `source` names, with the user's cache (see [`Fetcher::load_keys`]).
pub fn load_keys(
    source: &KeySource,
    want_kid: Option<&str>,
) -> Result<(KeySet, Fetched), FetchError> {
    Fetcher::standard().load_keys(source, want_kid)
}

/// The discovery document's URL for an issuer.
pub fn discovery_url(issuer: &str) -> String {
    format!(
        "{}/.well-known/openid-configuration",
        issuer.trim().trim_end_matches('/')
    )
}

/// The key set in what was fetched, its `source` the URL. A symmetric key (`kty: oct`) in
/// it is published, so anyone can sign with it: it is left out (said in `skipped`) and never
/// verifies anything.
pub fn parse(fetched: &Fetched) -> Result<KeySet, FetchError> {
    let mut set = parse_key_file(&fetched.body).map_err(|e| {
        FetchError(format!(
            "{}: {}",
            fetched.url,
            e.to_string().trim_end_matches('.')
        ))
    })?;
    set.source = Some(fetched.url.clone());
    let (published_secrets, keys): (Vec<_>, Vec<_>) = std::mem::take(&mut set.keys)
        .into_iter()
        .partition(|k| k.family() == crate::core::alg::Family::Hmac);
    set.keys = keys;
    for k in published_secrets {
        set.skipped.push(format!(
            "a symmetric key{} published at the URL: anyone can read it and sign with it, so it is never used to verify",
            k.kid.map(|kid| format!(" (kid \"{kid}\")")).unwrap_or_default()
        ));
    }
    if set.keys.is_empty() && !set.skipped.is_empty() {
        return Err(FetchError(format!(
            "{}: no key to verify with ({})",
            fetched.url,
            set.skipped.join("; ")
        )));
    }
    Ok(set)
}
