//! Fetched public key material, kept in the user's cache folder as the server's
//! `Cache-Control` and `ETag` allow. Never a secret: only what a URL serves to anyone.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// How long an answer without `max-age` is fresh.
pub const DEFAULT_FRESH: i64 = 300;

/// One cached answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub url: String,
    /// Unix seconds when it was fetched or last revalidated.
    pub fetched_at: i64,
    /// From `Cache-Control: max-age`; None: `DEFAULT_FRESH`.
    pub max_age: Option<i64>,
    /// `no-cache`: revalidate before every use.
    #[serde(default)]
    pub no_cache: bool,
    pub etag: Option<String>,
    pub body: String,
}

impl Entry {
    pub fn is_fresh(&self, now: i64) -> bool {
        !self.no_cache && now - self.fetched_at < self.max_age.unwrap_or(DEFAULT_FRESH)
    }

    pub fn age(&self, now: i64) -> i64 {
        (now - self.fetched_at).max(0)
    }
}

/// What a `Cache-Control` header allows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Directives {
    pub max_age: Option<i64>,
    pub no_cache: bool,
    pub no_store: bool,
}

pub fn directives(header: Option<&str>) -> Directives {
    let mut out = Directives::default();
    for part in header.unwrap_or("").split(',').map(str::trim) {
        let (name, value) = part.split_once('=').unwrap_or((part, ""));
        match name.trim().to_ascii_lowercase().as_str() {
            "max-age" => out.max_age = value.trim().trim_matches('"').parse().ok(),
            "no-cache" => out.no_cache = true,
            "no-store" => out.no_store = true,
            _ => {}
        }
    }
    out
}

/// The cache folder.
#[derive(Clone, Debug)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    pub fn new(dir: impl Into<PathBuf>) -> Cache {
        Cache { dir: dir.into() }
    }

    /// `~/.cache/tokenbench/keys`, or `cache/keys` under `TOKENBENCH_CONFIG_DIR` when set.
    pub fn default_location() -> Option<Cache> {
        crate::store::dirs::cache_dir().map(|d| Cache::new(d.join("keys")))
    }

    fn path(&self, url: &str) -> PathBuf {
        let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, url.as_bytes());
        self.dir
            .join(format!("{}.json", hex::encode(&digest.as_ref()[..16])))
    }

    /// The entry for `url`; None when there is none or it can't be read.
    pub fn read(&self, url: &str) -> Option<Entry> {
        let bytes = std::fs::read(self.path(url)).ok()?;
        serde_json::from_slice::<Entry>(&bytes)
            .ok()
            .filter(|e| e.url == url)
    }

    /// Writes `entry` atomically; another process reading sees the old or the new one.
    pub fn write(&self, entry: &Entry) -> std::io::Result<()> {
        let json = serde_json::to_vec_pretty(entry).map_err(std::io::Error::other)?;
        crate::store::files::replace_atomically(&self.path(&entry.url), &json)
    }

    pub fn remove(&self, url: &str) {
        let _ = std::fs::remove_file(self.path(url));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_control_is_read_as_http_says() {
        let d = directives(Some("public, max-age=3600, must-revalidate"));
        assert_eq!(d.max_age, Some(3600));
        assert!(!d.no_cache && !d.no_store);
        assert!(directives(Some("no-store")).no_store);
        assert!(directives(Some("No-Cache")).no_cache);
        assert_eq!(directives(None), Directives::default());
    }

    #[test]
    fn entries_round_trip_and_age() {
        let dir = tempfile::tempdir().map_err(|e| e.to_string());
        let Ok(dir) = dir else {
            panic!("a temp folder")
        };
        let cache = Cache::new(dir.path().join("keys"));
        let entry = Entry {
            url: "https://a.example/jwks".into(),
            fetched_at: 1000,
            max_age: Some(60),
            no_cache: false,
            etag: Some("\"v1\"".into()),
            body: "{\"keys\":[]}".into(),
        };
        assert!(cache.write(&entry).is_ok());
        assert_eq!(cache.read(&entry.url), Some(entry.clone()));
        assert!(cache.read("https://b.example/jwks").is_none());
        assert!(entry.is_fresh(1059));
        assert!(!entry.is_fresh(1060));
        assert!(
            !Entry {
                no_cache: true,
                ..entry.clone()
            }
            .is_fresh(1001)
        );
        assert!(
            Entry {
                max_age: None,
                ..entry
            }
            .is_fresh(1000 + DEFAULT_FRESH - 1)
        );
    }
}
