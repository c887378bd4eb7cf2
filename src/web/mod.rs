//! Keys from the web: a JWKS (or JWK, PEM, certificate, Omnichannel list) URL, or an OIDC
//! issuer's discovery document, fetched carefully and cached as the server allows.
//! Used by the command line and, on a worker thread, by the window.

pub mod cache;
pub mod client;
pub mod target;

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

pub use client::FetchError;

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

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Fetches `url`, through the cache unless `refresh`.
pub fn fetch(url: &str, refresh: bool) -> Result<Fetched, FetchError> {
    let url = url.trim();
    let cache = cache::Cache::default_location();
    let now = now();
    let entry = cache.as_ref().and_then(|c| c.read(url));
    if let Some(e) = entry.as_ref().filter(|e| !refresh && e.is_fresh(now)) {
        return Ok(Fetched {
            url: url.to_string(),
            body: e.body.clone().into_bytes(),
            freshness: Freshness::Cached { age: e.age(now) },
            issuer: None,
        });
    }
    let answer = match client::get(url, entry.as_ref().and_then(|e| e.etag.as_deref())) {
        Ok(a) => a,
        Err(error) => {
            return match entry {
                Some(e) => Ok(Fetched {
                    url: url.to_string(),
                    body: e.body.clone().into_bytes(),
                    freshness: Freshness::Stale {
                        age: e.age(now),
                        error: error.0,
                    },
                    issuer: None,
                }),
                None => Err(error),
            };
        }
    };
    let rules = cache::directives(answer.cache_control.as_deref());
    if answer.status == 304
        && let Some(mut e) = entry
    {
        e.fetched_at = now;
        e.max_age = rules.max_age;
        e.no_cache = rules.no_cache;
        if let Some(c) = &cache {
            let _ = c.write(&e);
        }
        return Ok(Fetched {
            url: url.to_string(),
            body: e.body.into_bytes(),
            freshness: Freshness::Revalidated,
            issuer: None,
        });
    }
    let body = answer.body;
    let html = answer
        .content_type
        .as_deref()
        .is_some_and(|t| t.to_ascii_lowercase().starts_with("text/html"))
        || body.trim_ascii_start().first() == Some(&b'<');
    if html {
        return Err(FetchError(format!(
            "{} answered with an HTML page, not a key set (a login or error page? check the URL)",
            answer.url
        )));
    }
    if let (Some(c), Ok(text), false) = (&cache, std::str::from_utf8(&body), rules.no_store) {
        let _ = c.write(&cache::Entry {
            url: url.to_string(),
            fetched_at: now,
            max_age: rules.max_age,
            no_cache: rules.no_cache,
            etag: answer.etag,
            body: text.to_string(),
        });
    } else if rules.no_store
        && let Some(c) = &cache
    {
        c.remove(url);
    }
    Ok(Fetched {
        url: url.to_string(),
        body,
        freshness: Freshness::Fetched,
        issuer: None,
    })
}

/// The discovery document's URL for an issuer.
pub fn discovery_url(issuer: &str) -> String {
    format!(
        "{}/.well-known/openid-configuration",
        issuer.trim().trim_end_matches('/')
    )
}

/// Fetches what `source` names: the keys, or for an issuer its discovery document first.
/// A URL that serves a discovery document leads on to its keys too.
pub fn fetch_source(source: &KeySource, refresh: bool) -> Result<Fetched, FetchError> {
    let (first, issuer) = match source {
        KeySource::Url(url) => (url.clone(), url.as_str()),
        KeySource::Oidc(issuer) => (discovery_url(issuer), issuer.as_str()),
    };
    let fetched = fetch(&first, refresh)?;
    let doc = match serde_json::from_slice::<Value>(&fetched.body) {
        Ok(Value::Object(doc)) if doc.contains_key("jwks_uri") && !doc.contains_key("keys") => doc,
        _ if matches!(source, KeySource::Oidc(_)) => {
            return Err(FetchError(format!(
                "{first} is not an OpenID configuration (no \"jwks_uri\")"
            )));
        }
        _ => return Ok(fetched),
    };
    let jwks_uri = doc
        .get("jwks_uri")
        .and_then(Value::as_str)
        .ok_or_else(|| FetchError(format!("{first}: its \"jwks_uri\" is not a URL")))?;
    let mut keys = fetch(jwks_uri, refresh)?;
    keys.issuer = Some(
        doc.get("issuer")
            .and_then(Value::as_str)
            .unwrap_or(issuer)
            .to_string(),
    );
    Ok(keys)
}

/// The keys `source` names, as a key set whose `source` says where they came from. When
/// `want_kid` is missing from a cached set, the set is fetched again once, past the cache
/// (the vendor rotated its keys).
pub fn load_keys(
    source: &KeySource,
    want_kid: Option<&str>,
) -> Result<(KeySet, Fetched), FetchError> {
    let fetched = fetch_source(source, false)?;
    let parsed = parse(&fetched);
    let missing = |set: &KeySet| want_kid.is_some_and(|kid| !set.has_kid(kid));
    let stale = fetched.from_cache() && parsed.as_ref().is_ok_and(missing);
    if stale || (fetched.from_cache() && parsed.is_err()) {
        let again = fetch_source(source, true)?;
        let set = parse(&again)?;
        return Ok((set, again));
    }
    Ok((parsed?, fetched))
}

fn parse(fetched: &Fetched) -> Result<KeySet, FetchError> {
    let mut set = parse_key_file(&fetched.body).map_err(|e| {
        FetchError(format!(
            "{}: {}",
            fetched.url,
            e.to_string().trim_end_matches('.')
        ))
    })?;
    set.source = Some(fetched.url.clone());
    Ok(set)
}
