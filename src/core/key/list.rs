//! Vendors' own JSON lists of public keys (Dynamics 365 Omnichannel's
//! `[{"kid", "publicKey", "expiry"}]`), described as data in a preset's `[keyset.list]`:
//! which member holds the key id, the key (and how it is written), and the expiry. One reader
//! and one writer serve every described list.

use std::sync::LazyLock;

use base64::Engine;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::jwk::from_jwk;
use super::parse::{parse_pem, unreadable};
use super::{Key, KeyError, KeySet};

const DAY: i64 = 86_400;

/// A list of public keys as a vendor publishes it: a JSON array of objects.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyListFormat {
    /// The format's name on the command line (`keygen --public-format ID`) and in
    /// `keys --json` (`"ID_list"`).
    pub id: String,
    /// "Omnichannel public-key list".
    pub name: String,
    /// The member holding the key id.
    pub kid: String,
    /// The member holding the public key.
    pub key: String,
    /// How the key is written in its member.
    pub key_encoding: ListKeyEncoding,
    /// The member holding the Unix time after which the vendor stops trusting the key.
    #[serde(default)]
    pub expiry: Option<String>,
    /// The vendor picks keys by kid: an entry without one is an error.
    #[serde(default)]
    pub kid_required: bool,
    /// How long a key written into the list stays valid (its expiry, from now).
    #[serde(default = "a_year")]
    pub validity_days: i64,
    /// The file name offered when saving a list.
    pub file_name: String,
    /// Where the local server publishes the list (`/public-key.json`).
    pub served_at: String,
}

fn a_year() -> i64 {
    365
}

/// How a listed key is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ListKeyEncoding {
    /// Standard base64 of an SPKI PEM.
    Base64Pem,
    /// The SPKI PEM text itself.
    Pem,
    /// A public JWK object.
    Jwk,
}

/// One key to write into a list.
pub struct ListEntry<'a> {
    pub key: &'a Key,
    /// Defaults to the key's own `kid`, then its RFC 7638 thumbprint.
    pub kid: Option<String>,
}

impl KeyListFormat {
    /// The list the format describes, every key expiring `validity_days` after `now`.
    /// Keys without a public half (HMAC secrets) are left out.
    pub fn write(&self, entries: &[ListEntry<'_>], now: i64) -> Value {
        let expiry = now.saturating_add(self.validity_days.saturating_mul(DAY));
        let items = entries.iter().filter_map(|e| {
            let key = match self.key_encoding {
                ListKeyEncoding::Base64Pem => Value::from(
                    base64::engine::general_purpose::STANDARD.encode(e.key.public_pem()?),
                ),
                ListKeyEncoding::Pem => Value::from(e.key.public_pem()?),
                ListKeyEncoding::Jwk => e.key.public_jwk()?,
            };
            let kid = (e.kid.clone())
                .or_else(|| e.key.kid.clone())
                .or_else(|| e.key.thumbprint())?;
            let mut item = Map::new();
            item.insert(self.kid.clone(), Value::from(kid));
            item.insert(self.key.clone(), key);
            if let Some(member) = &self.expiry {
                item.insert(member.clone(), Value::from(expiry));
            }
            Some(Value::Object(item))
        });
        Value::Array(items.collect())
    }

    /// What serde can't check: an id for the command line, a path for the server.
    pub(crate) fn validate(&self) -> Result<(), String> {
        let id_ok = !self.id.is_empty()
            && (self.id.bytes()).all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !id_ok || ["pem", "jwk", "jwks"].contains(&self.id.as_str()) {
            return Err(format!(
                "id: \"{}\" must be lowercase letters, digits and dashes, and not pem, jwk or jwks",
                self.id
            ));
        }
        let taken = [
            "/",
            "/index.html",
            "/token",
            "/token.txt",
            "/public-key",
            "/.well-known/jwks.json",
        ];
        if !self.served_at.starts_with('/') || taken.contains(&self.served_at.as_str()) {
            return Err(format!(
                "served_at: \"{}\" must be a path of its own, starting with /",
                self.served_at
            ));
        }
        if [&self.kid, &self.key].iter().any(|m| m.is_empty()) || self.kid == self.key {
            return Err("kid, key: two different, non-empty member names".into());
        }
        if self.validity_days <= 0 {
            return Err(format!(
                "validity_days: {} must be at least 1",
                self.validity_days
            ));
        }
        Ok(())
    }

    /// Whether `entries` look like this list: some entry has the key member.
    pub fn fits(&self, entries: &[Value]) -> bool {
        entries.iter().any(|e| e.get(&self.key).is_some())
    }

    /// The key of one entry (with the entry's kid), or why it can't be read.
    pub fn entry_key(&self, entry: &Value) -> Result<Key, KeyError> {
        let kid = self.entry_kid(entry);
        let member = entry.get(&self.key);
        let mut set = match (self.key_encoding, member) {
            (ListKeyEncoding::Base64Pem, Some(Value::String(t))) => {
                let pem = base64::engine::general_purpose::STANDARD
                    .decode(t.trim())
                    .map_err(|_| unreadable(format!("its {} is not base64 of a PEM", self.key)))?;
                parse_pem(&pem)?
            }
            (ListKeyEncoding::Pem, Some(Value::String(t))) => parse_pem(t.as_bytes())?,
            (ListKeyEncoding::Jwk, Some(Value::Object(jwk))) => KeySet::single(from_jwk(jwk)?),
            _ => return Err(unreadable(format!("it has no usable \"{}\"", self.key))),
        };
        if set.keys.is_empty() {
            return Err(unreadable(format!("its {} holds no key", self.key)));
        }
        Ok(set.keys.remove(0).with_kid(kid))
    }

    /// The entry's key id, when it has one.
    pub fn entry_kid(&self, entry: &Value) -> Option<String> {
        entry
            .get(&self.kid)
            .and_then(Value::as_str)
            .map(str::to_string)
    }

    /// The entry's expiry (Unix seconds), when the format has one and the entry a number.
    pub fn entry_expiry(&self, entry: &Value) -> Option<i64> {
        entry.get(self.expiry.as_deref()?).and_then(Value::as_i64)
    }

    /// Every usable key of the list; the others named in `skipped`.
    pub(super) fn read(&self, entries: &[Value]) -> Result<KeySet, KeyError> {
        let mut set = KeySet::default();
        for (i, entry) in entries.iter().enumerate() {
            match self.entry_key(entry) {
                Ok(key) => set.keys.push(key),
                Err(e) => {
                    let name = self
                        .entry_kid(entry)
                        .unwrap_or_else(|| format!("entry {}", i + 1));
                    set.skipped.push(format!("{name} ({e})"));
                }
            }
        }
        if set.keys.is_empty() {
            return Err(unreadable(format!(
                "The {} holds no usable key: {}",
                self.name,
                set.skipped.join("; ")
            )));
        }
        Ok(set)
    }
}

/// Every key list the built-in presets describe (`[keyset.list]`), read once.
pub fn known_lists() -> &'static [KeyListFormat] {
    static LISTS: LazyLock<Vec<KeyListFormat>> = LazyLock::new(|| {
        crate::core::preset::Presets::builtin()
            .iter()
            .filter_map(|p| p.keyset.as_ref()?.list.clone())
            .collect()
    });
    &LISTS
}

/// The described list a JSON array is, when it is one.
pub fn list_for(entries: &[Value]) -> Option<&'static KeyListFormat> {
    known_lists().iter().find(|f| f.fits(entries))
}

/// "Omnichannel public-key list, …", for messages.
pub fn known_names() -> String {
    let names: Vec<&str> = known_lists().iter().map(|f| f.name.as_str()).collect();
    if names.is_empty() {
        "none is described".into()
    } else {
        names.join(", ")
    }
}
