//! Dynamics 365 Omnichannel's public-key list, `[{"kid", "publicKey", "expiry"}]`: read
//! (each `publicKey` is base64 of a PEM), and written with how long a listed key stays valid.

use base64::Engine;
use serde_json::{Value, json};

use super::parse::{parse_pem, unreadable};
use super::{Key, KeyError, KeySet};

/// How long a key written into the list stays valid (its `expiry`, from now): a year.
pub const LIST_VALIDITY: i64 = 365 * 86_400;

/// One entry of Omnichannel's public-key list.
pub struct OmnichannelEntry<'a> {
    pub key: &'a Key,
    /// Defaults to the key's own `kid`, then its RFC 7638 thumbprint.
    pub kid: Option<String>,
    /// Unix seconds after which Omnichannel stops trusting the key.
    pub expiry: i64,
}

/// Omnichannel's public-key list (Dynamics 365 "Configure authentication settings").
pub fn omnichannel_list(entries: &[OmnichannelEntry<'_>]) -> Value {
    let items: Vec<Value> = entries
        .iter()
        .filter_map(|e| {
            let pem = e.key.public_pem()?;
            let kid = e
                .kid
                .clone()
                .or_else(|| e.key.kid.clone())
                .or_else(|| e.key.thumbprint())?;
            Some(json!({
                "kid": kid,
                "publicKey": base64::engine::general_purpose::STANDARD.encode(pem),
                "expiry": e.expiry,
            }))
        })
        .collect();
    Value::Array(items)
}

/// Omnichannel's list: `[{"kid": "…", "publicKey": "<base64 of a PEM>", "expiry": …}]`.
pub(super) fn parse_list(entries: &[Value]) -> Result<KeySet, KeyError> {
    let mut set = KeySet::default();
    for (i, entry) in entries.iter().enumerate() {
        let kid = entry.get("kid").and_then(Value::as_str).map(str::to_string);
        let name = kid.clone().unwrap_or_else(|| format!("entry {}", i + 1));
        let pem = entry
            .get("publicKey")
            .and_then(Value::as_str)
            .and_then(|t| {
                base64::engine::general_purpose::STANDARD
                    .decode(t.trim())
                    .ok()
            });
        let Some(pem) = pem else {
            set.skipped
                .push(format!("{name} (publicKey is not base64 of a PEM)"));
            continue;
        };
        match parse_pem(&pem) {
            Ok(inner) => set
                .keys
                .extend(inner.keys.into_iter().map(|k| k.with_kid(kid.clone()))),
            Err(e) => set.skipped.push(format!("{name} ({e})")),
        }
    }
    if set.keys.is_empty() {
        return Err(unreadable(format!(
            "The public-key list holds no usable key: {}",
            set.skipped.join("; ")
        )));
    }
    Ok(set)
}
