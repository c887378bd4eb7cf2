//! Profiles in the window: the list, the active one, and the keyring's state. The secret of
//! the active profile is loaded into the key field; saving writes the file (never the
//! secret) and hands the secret to the keyring worker.

use std::path::PathBuf;

use super::form::FormValues;
use super::model::{EditorMode, Workbench};
use crate::core::secret::Secret;
use crate::store::profiles::{self, Profile, check_name};
use crate::store::secrets::StoreKind;

/// The profiles as loaded, and where they are saved (None: not saved, as in tests).
#[derive(Debug, Default)]
pub struct ProfileBook {
    pub list: Vec<Profile>,
    pub path: Option<PathBuf>,
    /// Why the file could not be used (it was kept aside).
    pub problem: Option<String>,
}

impl ProfileBook {
    /// The profiles that have a key in the keyring.
    pub fn with_keys(&self) -> impl Iterator<Item = &Profile> {
        self.list.iter().filter(|p| p.has_secret)
    }

    /// Reads `profiles.json` from the config directory.
    pub fn load_default() -> ProfileBook {
        let Some(path) = profiles::default_path() else {
            return ProfileBook {
                problem: Some("there is no config directory: profiles can't be saved".into()),
                ..ProfileBook::default()
            };
        };
        let loaded = profiles::load(&path);
        ProfileBook {
            list: loaded.profiles,
            path: Some(path),
            problem: loaded.problem,
        }
    }
}

/// The keyring as the window knows it.
#[derive(Debug, Default)]
pub struct KeyringState {
    /// None until the worker answers.
    pub kind: Option<StoreKind>,
    /// Why the OS keyring isn't in use (secrets are then held in memory for this session).
    pub problem: Option<String>,
}

impl KeyringState {
    pub fn session_only(&self) -> bool {
        self.kind == Some(StoreKind::Memory)
    }
}

/// What the active profile's secret is doing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SecretStatus {
    #[default]
    None,
    Loading,
    /// The key field holds exactly what the store holds.
    Stored,
    /// The profile has no secret stored.
    Missing,
    /// The key is in the system keyring, which can't be reached now.
    Unreachable,
    Failed(String),
}

/// The window's profile state.
#[derive(Debug, Default)]
pub struct ProfileState {
    pub book: ProfileBook,
    pub active: Option<String>,
    pub filter: String,
    /// What the store holds for the active profile, to tell when the field was edited.
    pub stored_secret: Option<Secret>,
    pub secret: SecretStatus,
}

/// Something the keyring worker must do after a profile change.
#[derive(Debug, PartialEq, Eq)]
pub enum KeyringTask {
    Load(String),
    Save {
        id: String,
        label: String,
        secret: Secret,
    },
    Delete(String),
}

impl Workbench {
    pub fn active_profile(&self) -> Option<&Profile> {
        let id = self.profiles.active.as_deref()?;
        self.profiles.book.list.iter().find(|p| p.id == id)
    }

    /// The text that would be stored for the active profile: a chosen key file's, or the field's.
    fn secret_to_store(&self) -> Secret {
        match &self.inputs.key.file_text {
            Some(text) => text.clone(),
            None => Secret::new(self.inputs.key.secret.expose().as_bytes().to_vec()),
        }
    }

    /// Whether the form or the secret differ from the active profile as saved.
    pub fn profile_changed(&self) -> bool {
        let (Some(p), Some(preset), Some(form)) =
            (self.active_profile(), self.preset(), self.form())
        else {
            return false;
        };
        let mut edited = p.clone();
        form.store_in(preset, &mut edited);
        edited.secret_encoding = self.inputs.key.encoding;
        let secret = self.secret_to_store();
        let secret_changed = match &self.profiles.stored_secret {
            Some(stored) => *stored != secret,
            None => !secret.is_empty(),
        };
        edited != *p || (self.profiles.secret != SecretStatus::Loading && secret_changed)
    }

    /// Whether opening profile `id` would throw away typing: the active profile's unsaved
    /// changes, or (with no profile open) a key or values the profile would replace.
    pub fn unsaved_before_switch(&self, id: &str) -> bool {
        if self.profiles.active.as_deref() == Some(id) {
            return false;
        }
        if self.profiles.active.is_some() {
            return self.profile_changed();
        }
        let Some(target) = self.profiles.book.list.iter().find(|p| p.id == id) else {
            return false;
        };
        let key_typed =
            !self.inputs.key.secret.expose().trim().is_empty() || self.inputs.key.file.is_some();
        let form_typed = self.presets.get(&target.preset).is_some_and(|preset| {
            self.inputs.forms.get(&preset.id).is_some_and(|form| {
                *form != FormValues::for_preset(preset)
                    && *form != FormValues::from_profile(preset, target)
            })
        });
        key_typed || form_typed
    }

    /// Makes `id` the active profile: its preset, its values, and (asked of the keyring) its key.
    pub fn select_profile(&mut self, id: &str) -> Option<KeyringTask> {
        let profile = self.profiles.book.list.iter().find(|p| p.id == id)?.clone();
        let preset = self.presets.get(&profile.preset)?.clone();
        self.select_preset(&preset.id);
        self.inputs.forms.insert(
            preset.id.clone(),
            FormValues::from_profile(&preset, &profile),
        );
        self.inputs.editor = EditorMode::Form;
        self.inputs.key.secret.set("");
        self.inputs.key.file = None;
        self.inputs.key.file_text = None;
        self.inputs.key.encoding = profile.secret_encoding;
        self.profiles.active = Some(profile.id.clone());
        self.profiles.stored_secret = None;
        self.derived.minted = None;
        self.mark_dirty();
        if profile.has_secret {
            self.profiles.secret = SecretStatus::Loading;
            Some(KeyringTask::Load(profile.id))
        } else {
            self.profiles.secret = SecretStatus::Missing;
            None
        }
    }

    /// The keyring answered a load for `id`.
    pub fn secret_loaded(&mut self, id: &str, result: Result<Option<Secret>, String>) {
        if self.profiles.active.as_deref() != Some(id) {
            return;
        }
        match result {
            Ok(Some(secret)) => match std::str::from_utf8(secret.expose()) {
                Ok(text) => {
                    self.inputs.key.secret.set(text);
                    self.profiles.stored_secret = Some(secret);
                    self.profiles.secret = SecretStatus::Stored;
                }
                Err(_) => {
                    self.profiles.secret =
                        SecretStatus::Failed("the stored secret is not text".into())
                }
            },
            Ok(None) => {
                self.profiles.stored_secret = None;
                let stored_elsewhere = self.keyring.session_only()
                    && self.active_profile().is_some_and(|p| p.has_secret);
                self.profiles.secret = if stored_elsewhere {
                    SecretStatus::Unreachable
                } else {
                    SecretStatus::Missing
                };
            }
            Err(e) => self.profiles.secret = SecretStatus::Failed(e),
        }
        self.mark_dirty();
    }

    /// Writes the profile list to its file (never a secret).
    pub fn save_profile_file(&self) -> Result<(), String> {
        match &self.profiles.book.path {
            Some(path) => profiles::save(path, &self.profiles.book.list)
                .map_err(|e| format!("{}: {e}", path.display())),
            None => Ok(()),
        }
    }

    /// A new profile from the current vendor, values and key.
    pub fn new_profile(&mut self, name: &str) -> Result<Vec<KeyringTask>, String> {
        check_name(name, &self.profiles.book.list, None)?;
        let preset = self.preset().cloned().ok_or("choose a vendor first")?;
        let mut profile = Profile::new(name, &preset.id);
        if let Some(form) = self.form() {
            form.store_in(&preset, &mut profile);
        }
        profile.secret_encoding = self.inputs.key.encoding;
        let secret = self.secret_to_store();
        profile.has_secret = !secret.is_empty();
        let task = profile.has_secret.then(|| KeyringTask::Save {
            id: profile.id.clone(),
            label: profile.keyring_label(),
            secret: secret.clone(),
        });
        self.profiles.active = Some(profile.id.clone());
        self.profiles.stored_secret = profile.has_secret.then_some(secret);
        self.profiles.secret = if profile.has_secret {
            SecretStatus::Stored
        } else {
            SecretStatus::Missing
        };
        self.profiles.book.list.push(profile);
        self.save_profile_file()?;
        Ok(task.into_iter().collect())
    }

    /// Saves the form (and the key, if edited) into the active profile.
    pub fn save_profile(&mut self) -> Result<Vec<KeyringTask>, String> {
        let id = self.profiles.active.clone().ok_or("no profile is active")?;
        let preset = self.preset().cloned().ok_or("choose a vendor first")?;
        let form = self.form().cloned();
        let encoding = self.inputs.key.encoding;
        let secret = self.secret_to_store();
        let loading = self.profiles.secret == SecretStatus::Loading;
        let secret_changed = !loading
            && match &self.profiles.stored_secret {
                Some(stored) => *stored != secret,
                None => !secret.is_empty(),
            };
        let Some(profile) = self.profiles.book.list.iter_mut().find(|p| p.id == id) else {
            return Err("the profile is gone".into());
        };
        if let Some(form) = form {
            form.store_in(&preset, profile);
        }
        profile.secret_encoding = encoding;
        let mut tasks = Vec::new();
        if secret_changed {
            if secret.is_empty() {
                profile.has_secret = false;
                tasks.push(KeyringTask::Delete(id.clone()));
            } else {
                profile.has_secret = true;
                tasks.push(KeyringTask::Save {
                    id: id.clone(),
                    label: profile.keyring_label(),
                    secret: secret.clone(),
                });
            }
            self.profiles.stored_secret = (!secret.is_empty()).then_some(secret);
            self.profiles.secret = if self.profiles.stored_secret.is_some() {
                SecretStatus::Stored
            } else {
                SecretStatus::Missing
            };
        }
        self.save_profile_file()?;
        Ok(tasks)
    }

    pub fn rename_profile(&mut self, id: &str, name: &str) -> Result<(), String> {
        check_name(name, &self.profiles.book.list, Some(id))?;
        let p = self
            .profiles
            .book
            .list
            .iter_mut()
            .find(|p| p.id == id)
            .ok_or("the profile is gone")?;
        p.name = name.trim().to_string();
        self.save_profile_file()
    }

    /// A copy under a new name; its key is copied when it is loaded (the active profile).
    pub fn duplicate_profile(&mut self, id: &str) -> Result<Vec<KeyringTask>, String> {
        let original = self
            .profiles
            .book
            .list
            .iter()
            .find(|p| p.id == id)
            .ok_or("the profile is gone")?
            .clone();
        let mut name = format!("{} (copy)", original.name);
        let mut n = 2;
        while check_name(&name, &self.profiles.book.list, None).is_err() {
            name = format!("{} (copy {n})", original.name);
            n += 1;
        }
        let mut copy = Profile {
            id: profiles::new_id(),
            name,
            ..original.clone()
        };
        let secret = (self.profiles.active.as_deref() == Some(id))
            .then(|| self.profiles.stored_secret.clone())
            .flatten();
        copy.has_secret = secret.is_some();
        let task = secret.map(|s| KeyringTask::Save {
            id: copy.id.clone(),
            label: copy.keyring_label(),
            secret: s,
        });
        self.profiles.book.list.push(copy);
        self.save_profile_file()?;
        Ok(task.into_iter().collect())
    }

    /// Deletes a profile and its keyring entry.
    pub fn delete_profile(&mut self, id: &str) -> Result<Vec<KeyringTask>, String> {
        let before = self.profiles.book.list.len();
        self.profiles.book.list.retain(|p| p.id != id);
        if self.profiles.book.list.len() == before {
            return Err("the profile is gone".into());
        }
        if self.profiles.active.as_deref() == Some(id) {
            self.close_profile();
            self.inputs.key.secret.set("");
            self.mark_dirty();
        }
        self.save_profile_file()?;
        Ok(vec![KeyringTask::Delete(id.to_string())])
    }

    /// Deletes the active profile's secret from the keyring and empties the key field.
    pub fn forget_secret(&mut self) -> Result<Vec<KeyringTask>, String> {
        let id = self.profiles.active.clone().ok_or("no profile is active")?;
        if let Some(p) = self.profiles.book.list.iter_mut().find(|p| p.id == id) {
            p.has_secret = false;
        }
        self.inputs.key.secret.set("");
        self.inputs.key.file = None;
        self.inputs.key.file_text = None;
        self.profiles.stored_secret = None;
        self.profiles.secret = SecretStatus::Missing;
        self.mark_dirty();
        self.save_profile_file()?;
        Ok(vec![KeyringTask::Delete(id)])
    }

    /// Leaves the profile; the form and key stay as they are.
    pub fn close_profile(&mut self) {
        self.profiles.active = None;
        self.profiles.stored_secret = None;
        self.profiles.secret = SecretStatus::None;
    }

    /// Adds profiles from a recipe's text.
    pub fn import_recipe(&mut self, text: &str) -> Result<usize, String> {
        let new = crate::store::recipe::import(text, &self.presets, &self.profiles.book.list)?;
        let n = new.len();
        self.profiles.book.list.extend(new);
        self.save_profile_file()?;
        Ok(n)
    }
}
