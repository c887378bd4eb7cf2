//! Where secrets live: the OS keyring (Secret Service, Keychain, Credential Manager) behind a
//! trait, or memory for this session when there is no keyring. Never a file.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::core::secret::Secret;

/// The keyring service name every entry is stored under.
pub const SERVICE: &str = "tokenbench";

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SecretStoreError {
    /// No keyring to talk to: no session bus, no Secret Service, unsupported platform.
    #[error("no keyring is available ({0})")]
    Unavailable(String),
    /// The keyring is there but locked, or the user refused.
    #[error("the keyring refused access ({0}); is it locked?")]
    NoAccess(String),
    #[error("the keyring failed: {0}")]
    Failed(String),
}

/// What kind of store this is, for the window's notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreKind {
    /// The OS keyring, with its name ("Secret Service").
    Keyring(String),
    /// Memory, for this session only.
    Memory,
}

pub trait SecretStore: Send + Sync {
    fn kind(&self) -> StoreKind;
    /// The secret stored for `account`, if any.
    fn get(&self, account: &str) -> Result<Option<Secret>, SecretStoreError>;
    /// Stores `secret` for `account`, replacing any; `label` is what keyring managers show.
    fn set(&self, account: &str, label: &str, secret: &Secret) -> Result<(), SecretStoreError>;
    /// Deletes the secret for `account`; Ok when there was none.
    fn delete(&self, account: &str) -> Result<(), SecretStoreError>;
}

fn map_error(e: keyring_core::Error) -> SecretStoreError {
    use keyring_core::Error as E;
    match e {
        E::NoStorageAccess(p) => SecretStoreError::NoAccess(p.to_string()),
        E::PlatformFailure(p) => SecretStoreError::Unavailable(p.to_string()),
        E::NoDefaultStore => SecretStoreError::Unavailable("no credential store".to_string()),
        other => SecretStoreError::Failed(other.to_string()),
    }
}

type PlatformStore = (Arc<keyring_core::CredentialStore>, &'static str);

#[cfg(all(unix, not(target_os = "macos")))]
fn platform_store() -> keyring_core::Result<PlatformStore> {
    Ok((
        zbus_secret_service_keyring_store::Store::new()?,
        "Secret Service",
    ))
}

#[cfg(target_os = "macos")]
fn platform_store() -> keyring_core::Result<PlatformStore> {
    Ok((
        apple_native_keyring_store::keychain::Store::new()?,
        "Keychain",
    ))
}

#[cfg(target_os = "windows")]
fn platform_store() -> keyring_core::Result<PlatformStore> {
    Ok((
        windows_native_keyring_store::Store::new()?,
        "Credential Manager",
    ))
}

#[cfg(not(any(unix, target_os = "windows")))]
fn platform_store() -> keyring_core::Result<PlatformStore> {
    Err(keyring_core::Error::NoDefaultStore)
}

/// The operating system's keyring.
pub struct OsKeyring {
    store: Arc<keyring_core::CredentialStore>,
    name: String,
}

impl OsKeyring {
    /// Connects to the platform's keyring. Fails at once when there is none (no D-Bus
    /// session, no Secret Service).
    pub fn open() -> Result<OsKeyring, SecretStoreError> {
        let (store, name) = platform_store().map_err(map_error)?;
        Ok(OsKeyring {
            store,
            name: name.to_string(),
        })
    }

    fn entry(
        &self,
        account: &str,
        label: Option<&str>,
    ) -> Result<keyring_core::Entry, SecretStoreError> {
        let mods: HashMap<&str, &str> = label
            .map(|l| HashMap::from([("label", l)]))
            .unwrap_or_default();
        let mods = (!mods.is_empty()).then_some(&mods);
        self.store.build(SERVICE, account, mods).map_err(map_error)
    }
}

impl SecretStore for OsKeyring {
    fn kind(&self) -> StoreKind {
        StoreKind::Keyring(self.name.clone())
    }

    fn get(&self, account: &str) -> Result<Option<Secret>, SecretStoreError> {
        match self.entry(account, None)?.get_secret() {
            Ok(bytes) => Ok(Some(Secret::new(bytes))),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_error(e)),
        }
    }

    fn set(&self, account: &str, label: &str, secret: &Secret) -> Result<(), SecretStoreError> {
        self.entry(account, Some(label))?
            .set_secret(secret.expose())
            .map_err(map_error)
    }

    fn delete(&self, account: &str) -> Result<(), SecretStoreError> {
        match self.entry(account, None)?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_error(e)),
        }
    }
}

/// Secrets held in memory for this session only: nothing is written anywhere.
#[derive(Default)]
pub struct MemoryStore {
    secrets: Mutex<HashMap<String, Secret>>,
}

impl SecretStore for MemoryStore {
    fn kind(&self) -> StoreKind {
        StoreKind::Memory
    }

    fn get(&self, account: &str) -> Result<Option<Secret>, SecretStoreError> {
        let map = self
            .secrets
            .lock()
            .map_err(|_| SecretStoreError::Failed("poisoned".into()))?;
        Ok(map.get(account).cloned())
    }

    fn set(&self, account: &str, _label: &str, secret: &Secret) -> Result<(), SecretStoreError> {
        let mut map = self
            .secrets
            .lock()
            .map_err(|_| SecretStoreError::Failed("poisoned".into()))?;
        map.insert(account.to_string(), secret.clone());
        Ok(())
    }

    fn delete(&self, account: &str) -> Result<(), SecretStoreError> {
        let mut map = self
            .secrets
            .lock()
            .map_err(|_| SecretStoreError::Failed("poisoned".into()))?;
        map.remove(account);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_store_round_trip() {
        let store = MemoryStore::default();
        assert_eq!(store.get("p1"), Ok(None));
        store
            .set("p1", "label", &Secret::new(b"s3cret".to_vec()))
            .expect("set");
        assert_eq!(
            store.get("p1").ok().flatten().map(|s| s.expose().to_vec()),
            Some(b"s3cret".to_vec())
        );
        store.delete("p1").expect("delete");
        store.delete("p1").expect("deleting nothing is fine");
        assert_eq!(store.get("p1"), Ok(None));
        assert_eq!(store.kind(), StoreKind::Memory);
    }
}
