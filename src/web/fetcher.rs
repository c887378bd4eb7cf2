//! Fetching through the cache: fresh entries are used as they are, stale ones revalidated
//! with their ETag, and a failed fetch falls back to the cached copy (saying how old).

use serde_json::Value;

use super::cache::{self, Cache};
use super::{FetchError, Fetched, Freshness, KeySource, client, discovery_url, now, parse};
use crate::core::key::KeySet;

/// Fetches key material, keeping what servers allow in `cache`.
#[derive(Clone, Debug)]
pub struct Fetcher {
    cache: Option<Cache>,
}

impl Fetcher {
    pub fn new(cache: Option<Cache>) -> Fetcher {
        Fetcher { cache }
    }

    /// With the user's cache folder.
    pub fn standard() -> Fetcher {
        Fetcher::new(Cache::default_location())
    }

    /// Fetches `url`, through the cache unless `refresh`.
    pub fn fetch(&self, url: &str, refresh: bool) -> Result<Fetched, FetchError> {
        let url = url.trim();
        let cache = &self.cache;
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

    /// Fetches what `source` names: the keys, or for an issuer its discovery document first.
    /// A URL that serves a discovery document leads on to its keys too.
    pub fn fetch_source(&self, source: &KeySource, refresh: bool) -> Result<Fetched, FetchError> {
        let (first, issuer) = match source {
            KeySource::Url(url) => (url.clone(), url.as_str()),
            KeySource::Oidc(issuer) => (discovery_url(issuer), issuer.as_str()),
        };
        let fetched = self.fetch(&first, refresh)?;
        let doc = match serde_json::from_slice::<Value>(&fetched.body) {
            Ok(Value::Object(doc)) if doc.contains_key("jwks_uri") && !doc.contains_key("keys") => {
                doc
            }
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
        let named = doc.get("issuer").and_then(Value::as_str);
        // OpenID Connect Discovery §4.3: the issuer the document names must be the one
        // asked for, else its keys are a stranger's.
        let asked = match source {
            KeySource::Oidc(_) => Some(issuer.trim()),
            KeySource::Url(url) => url.trim().strip_suffix("/.well-known/openid-configuration"),
        };
        if let Some(asked) = asked {
            let same =
                named.is_some_and(|n| n.trim_end_matches('/') == asked.trim_end_matches('/'));
            if !same {
                return Err(FetchError(format!(
                    "{first} names the issuer {} but {asked} was asked for: refused, as OpenID Connect Discovery §4.3 requires (its keys would be another issuer's)",
                    named.map_or_else(|| "(none)".to_string(), |n| format!("\"{n}\""))
                )));
            }
        }
        let mut keys = self.fetch(jwks_uri, refresh)?;
        keys.issuer = Some(named.unwrap_or(issuer).to_string());
        Ok(keys)
    }

    /// The keys `source` names, as a key set whose `source` says where they came from. When
    /// `want_kid` is missing from a cached set, the set is fetched again once, past the cache
    /// (the vendor rotated its keys).
    pub fn load_keys(
        &self,
        source: &KeySource,
        want_kid: Option<&str>,
    ) -> Result<(KeySet, Fetched), FetchError> {
        let fetched = self.fetch_source(source, false)?;
        let parsed = parse(&fetched);
        let missing = |set: &KeySet| want_kid.is_some_and(|kid| !set.has_kid(kid));
        let stale = fetched.from_cache() && parsed.as_ref().is_ok_and(missing);
        if stale || (fetched.from_cache() && parsed.is_err()) {
            let again = self.fetch_source(source, true)?;
            let set = parse(&again)?;
            return Ok((set, again));
        }
        Ok((parsed?, fetched))
    }
}
