//! Stored profiles' keys as the judge takes them ([`ProfileKeys`]): the key in the keyring
//! and the keys published at the profile's key URL. The faces say how published keys are
//! fetched (the command line at once, the window on its store worker).

use crate::core::judge::signers::{ProfileKeys, StoredKey};
use crate::core::key::KeySet;
use crate::core::mint::MintRequest;
use crate::core::secret::Secret;
use crate::store::profiles::{Profile, key_from_text};

/// Fetches the keys published at a URL (for a token with this `kid`, when it has one).
pub type Publisher<'f> = dyn FnMut(&str, Option<&str>) -> Result<KeySet, String> + 'f;

/// What the keyring holds for a profile id (None: nothing, or it can't be reached).
pub type Keyring<'f> = dyn Fn(&str) -> Option<Secret> + 'f;

/// The keys of each profile: its keyring key (when it has one and the keyring gives it)
/// and its published keys. `over` is laid over each profile's values (the command line's
/// `--claim`s).
pub fn gather(
    profiles: &[Profile],
    keyring: &Keyring<'_>,
    publisher: &mut Publisher<'_>,
    over: &MintRequest,
    kid: Option<&str>,
) -> Vec<ProfileKeys> {
    profiles
        .iter()
        .map(|p| ProfileKeys {
            name: p.name.clone(),
            preset: p.preset.clone(),
            request: p.request(over),
            stored: stored(p, keyring),
            published: p.jwks_url.as_deref().map(|url| publisher(url, kid)),
        })
        .collect()
}

/// The keys published at `url`, through the user's key cache.
pub fn fetch_published(url: &str, kid: Option<&str>) -> Result<KeySet, String> {
    crate::web::load_keys(&crate::web::KeySource::Url(url.to_string()), kid)
        .map(|(keys, _)| keys)
        .map_err(|e| e.0)
}

/// The profile's keyring key, read as its encoding says.
fn stored(p: &Profile, keyring: &Keyring<'_>) -> Option<StoredKey> {
    if !p.has_secret {
        return None;
    }
    let text = keyring(&p.id)?;
    let keys = key_from_text(&text, p.secret_encoding).ok()?;
    let is_secret = keys.keys.first().is_some_and(|k| k.secret_len().is_some());
    Some(StoredKey {
        keys,
        text: is_secret.then_some((text, p.secret_encoding)),
    })
}
