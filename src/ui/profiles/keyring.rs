//! The keys the window keeps: in the OS keyring when it answers, held in memory for what it
//! can't take (no keyring, a locked one), with the reason. A held key moves into the keyring
//! when it answers again; one it still refuses stays held. None is ever dropped.

use std::collections::BTreeMap;

use crate::core::secret::Secret;
use crate::store::secrets::{MemoryStore, SecretStore, StoreKind};
use crate::ui::profiles::store::{KeyOutcome, OpenStore, StoreReply};

/// The keys: the OS keyring when it answers, memory for what it can't take.
pub(in crate::ui) struct Keys {
    open: OpenStore,
    os: Option<Box<dyn SecretStore>>,
    memory: MemoryStore,
    /// Held in memory: id → (keyring label, why).
    held: BTreeMap<String, (String, String)>,
    pub(in crate::ui) problem: Option<String>,
}

impl Keys {
    pub(in crate::ui) fn new(open: OpenStore) -> Keys {
        Keys {
            open,
            os: None,
            memory: MemoryStore::default(),
            held: BTreeMap::new(),
            problem: None,
        }
    }

    pub(in crate::ui) fn kind(&self) -> StoreKind {
        self.os.as_ref().map_or(StoreKind::Memory, |s| s.kind())
    }

    pub(in crate::ui) fn get(&self, id: &str) -> Result<Option<Secret>, String> {
        match &self.os {
            Some(os) if !self.held.contains_key(id) => os.get(id).map_err(|e| e.to_string()),
            _ => self.memory.get(id).map_err(|e| e.to_string()),
        }
    }

    pub(in crate::ui) fn set(&mut self, id: &str, label: &str, secret: &Secret) -> KeyOutcome {
        let why = match &self.os {
            Some(os) => match os.set(id, label, secret) {
                Ok(()) => {
                    self.held.remove(id);
                    let _ = self.memory.delete(id);
                    return KeyOutcome::Stored(os.kind());
                }
                Err(e) => e.to_string(),
            },
            None => self
                .problem
                .clone()
                .unwrap_or_else(|| "the system keyring is not available".into()),
        };
        match self.memory.set(id, label, secret) {
            Ok(()) => {
                self.held
                    .insert(id.to_string(), (label.to_string(), why.clone()));
                KeyOutcome::Held(why)
            }
            Err(e) => KeyOutcome::Held(format!("{why}; {e}")),
        }
    }

    pub(in crate::ui) fn delete(&mut self, id: &str) -> KeyOutcome {
        self.held.remove(id);
        let _ = self.memory.delete(id);
        match self.os.as_ref().map(|os| os.delete(id)) {
            Some(Err(e)) => KeyOutcome::NotDeleted(e.to_string()),
            _ => KeyOutcome::Deleted,
        }
    }

    /// Connects (again); keys held in memory move into the keyring, and any it refuses stay
    /// held, with the reason.
    pub(in crate::ui) fn reopen(&mut self) -> StoreReply {
        match (self.open)() {
            Ok(store) => {
                self.problem = None;
                for (id, (label, _)) in std::mem::take(&mut self.held) {
                    let secret = match self.memory.get(&id) {
                        Ok(Some(s)) => s,
                        _ => continue,
                    };
                    match store.set(&id, &label, &secret) {
                        Ok(()) => {
                            let _ = self.memory.delete(&id);
                        }
                        Err(e) => {
                            self.held.insert(id, (label, e.to_string()));
                        }
                    }
                }
                self.os = Some(store);
            }
            Err(e) => self.problem = Some(e.to_string()),
        }
        StoreReply::Keyring {
            kind: self.kind(),
            problem: self.problem.clone(),
            held: self.held_list(),
        }
    }

    pub(in crate::ui) fn held_list(&self) -> Vec<(String, String)> {
        self.held
            .iter()
            .map(|(id, (_, why))| (id.clone(), why.clone()))
            .collect()
    }
}
