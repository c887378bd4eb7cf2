//! Public keys by URL for the window: fetched and checked in a task of their own, so the
//! window never waits on the network (the client gives up after 10 s in all).

use std::sync::Arc;

use crate::core::keyset::{Against, check};
use crate::core::preset::Preset;
use crate::ui::app::services::{Message, Reply, Task};
use crate::ui::workbench::Published;
use crate::web::{KeySource, load_keys};

/// The task that fetches `url` (past the cache when `refresh`) and checks the set against
/// `preset`'s rules at `now`; reports [`Message::Published`].
pub fn fetch_task(url: String, refresh: bool, preset: Option<Preset>, now: i64) -> Task {
    Box::new(move |reply: &Reply| {
        let result = fetch(&url, refresh, preset.as_ref(), now).map(Arc::new);
        reply.send(Message::Published { url, result });
    })
}

fn fetch(url: &str, refresh: bool, preset: Option<&Preset>, now: i64) -> Result<Published, String> {
    let source = KeySource::Url(url.to_string());
    let (keys, fetched) = if refresh {
        let fetched = crate::web::fetch_source(&source, true).map_err(|e| e.0)?;
        (crate::web::parse(&fetched).map_err(|e| e.0)?, fetched)
    } else {
        load_keys(&source, None).map_err(|e| e.0)?
    };
    let with = Against {
        preset,
        issuer: fetched.issuer.as_deref(),
        token_iss: None,
        now,
    };
    Ok(Published {
        url: url.to_string(),
        keys,
        from: fetched.describe(),
        check: check(&fetched.body, &with),
    })
}
