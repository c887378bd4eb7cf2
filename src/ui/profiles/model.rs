//! Profiles in the window: the list as last read from disk, the active one as it was opened
//! (to tell what the user changed from what changed elsewhere), and the keyring's state.
//! Nothing here writes a file: changes go to the store worker as jobs.

use crate::core::preset::Presets;
use crate::core::secret::Secret;
use crate::store::profiles::Profile;
use crate::store::secrets::StoreKind;
use crate::ui::mint::form::FormValues;
use crate::ui::workbench::{EditorMode, Workbench};

/// The keyring as the window knows it.
#[derive(Debug, Default)]
pub struct KeyringState {
    /// None until the worker answers.
    pub kind: Option<StoreKind>,
    /// Why the OS keyring isn't in use (secrets are then held in memory for this session).
    pub problem: Option<String>,
    /// Keys held in memory only, by profile id, with the reason the keyring refused them.
    pub held: Vec<(String, String)>,
}

impl KeyringState {
    pub fn session_only(&self) -> bool {
        self.kind == Some(StoreKind::Memory)
    }

    /// Why the key of profile `id` is only in memory, if it is.
    pub fn held_because(&self, id: &str) -> Option<&str> {
        self.held
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, why)| why.as_str())
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
    /// The profiles as last read from (or written to) `profiles.json`.
    pub list: Vec<Profile>,
    pub active: Option<String>,
    /// The active profile as opened or last saved here: what "unsaved changes" compare to,
    /// and the base of a save's merge with changes made elsewhere.
    pub base: Option<Profile>,
    pub filter: String,
    /// Indexes into `list` that the filter matches, in order.
    pub matches: Vec<usize>,
    /// What the store holds for the active profile, to tell when the field was edited.
    pub stored_secret: Option<Secret>,
    pub secret: SecretStatus,
    /// What the keyring holds of the active profile's shared encryption key.
    pub stored_encrypt: Option<Secret>,
    /// The keyring has not yet answered for the shared encryption key.
    pub encrypt_loading: bool,
    /// Something that happened elsewhere and stays said until put away ("deleted elsewhere").
    pub notice: Option<String>,
    /// A job is on its way to the store worker: its buttons wait.
    pub busy: bool,
    /// `profiles.json` is there but can't be read: why. The list is as last read, and no
    /// change is written until the file can be read again.
    pub unreadable: Option<String>,
}

impl ProfileState {
    pub fn find(&self, id: &str) -> Option<&Profile> {
        self.list.iter().find(|p| p.id == id)
    }

    /// The profiles that have a key stored.
    pub fn with_keys(&self) -> impl Iterator<Item = &Profile> {
        self.list.iter().filter(|p| p.has_secret)
    }

    /// Filters the list by name, or by vendor ("amazon" finds every Connect profile).
    pub fn refilter(&mut self, presets: &Presets) {
        let needle = self.filter.trim().to_lowercase();
        let vendors: Vec<&str> = presets
            .iter()
            .filter(|p| {
                p.id.contains(&needle)
                    || p.name.to_lowercase().contains(&needle)
                    || p.vendor.to_lowercase().contains(&needle)
            })
            .map(|p| p.id.as_str())
            .collect();
        self.matches = (self.list.iter().enumerate())
            .filter(|(_, p)| {
                needle.is_empty()
                    || vendors.contains(&p.preset.as_str())
                    || p.name.to_lowercase().contains(&needle)
            })
            .map(|(i, _)| i)
            .collect();
    }
}

impl Workbench {
    pub fn active_profile(&self) -> Option<&Profile> {
        self.profiles.find(self.profiles.active.as_deref()?)
    }

    /// The text that would be stored for the active profile: a chosen key file's, or the field's.
    pub fn secret_to_store(&self) -> Secret {
        match &self.inputs.key.file_text {
            Some(text) => text.clone(),
            None => Secret::new(self.inputs.key.secret.expose().as_bytes().to_vec()),
        }
    }

    /// The active profile with the form's values and the key's encoding written in (name,
    /// id and key flags as opened).
    pub fn edited_profile(&self) -> Option<Profile> {
        let (Some(base), Some(preset), Some(form)) =
            (&self.profiles.base, self.preset(), self.form())
        else {
            return None;
        };
        let mut edited = base.clone();
        form.store_in(preset, &mut edited);
        edited.secret_encoding = self.inputs.key.encoding;
        edited.jwks_url = self.key_url();
        edited.encryption = self.edited_encryption(base);
        Some(edited)
    }

    /// The Key panel's URL for the published keys, when one is typed.
    pub fn key_url(&self) -> Option<String> {
        Some(self.inputs.key.url.trim().to_string()).filter(|u| !u.is_empty())
    }

    /// Whether the key field differs from what the store holds for the active profile.
    pub fn secret_changed(&self) -> bool {
        if self.profiles.secret == SecretStatus::Loading {
            return false;
        }
        let secret = self.secret_to_store();
        match &self.profiles.stored_secret {
            Some(stored) => *stored != secret,
            None => !secret.is_empty(),
        }
    }

    /// Whether the form or the secret differ from the active profile as opened.
    pub(in crate::ui) fn compute_profile_changed(&self) -> bool {
        match (self.edited_profile(), &self.profiles.base) {
            (Some(edited), Some(base)) => {
                edited != *base || self.secret_changed() || self.encrypt_secret_changed()
            }
            _ => false,
        }
    }

    pub fn profile_changed(&self) -> bool {
        self.derived.profile_changed
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
        let Some(target) = self.profiles.find(id) else {
            return false;
        };
        let key_typed = !self.inputs.key.secret.expose().trim().is_empty()
            || self.inputs.key.file.is_some()
            || !self.inputs.encrypt.secret.is_empty()
            || self.inputs.encrypt.file.is_some();
        let form_typed = self.presets.get(&target.preset).is_some_and(|preset| {
            self.inputs.forms.get(&preset.id).is_some_and(|form| {
                *form != FormValues::for_preset(preset)
                    && *form != FormValues::from_profile(preset, target)
            })
        });
        key_typed || form_typed
    }

    /// Makes `id` the active profile: its preset and values. True when its key must be read
    /// from the keyring.
    pub fn open_profile(&mut self, id: &str) -> Option<bool> {
        let profile = self.profiles.find(id)?.clone();
        self.presets.get(&profile.preset)?;
        self.show_profile(&profile);
        self.inputs.key.secret.set("");
        self.inputs.key.file = None;
        self.inputs.key.file_text = None;
        self.profiles.active = Some(profile.id.clone());
        self.profiles.stored_secret = None;
        self.profiles.notice = None;
        self.derived.minted = None;
        self.profiles.secret = if profile.has_secret {
            SecretStatus::Loading
        } else {
            SecretStatus::Missing
        };
        Some(profile.has_secret)
    }

    /// Fills the form from `profile` and makes it the base edits compare to.
    pub fn show_profile(&mut self, profile: &Profile) {
        if let Some(preset) = self.presets.get(&profile.preset).cloned() {
            self.select_preset(&preset.id);
            self.inputs.forms.insert(
                preset.id.clone(),
                FormValues::from_profile(&preset, profile),
            );
            self.inputs.editor = EditorMode::Form;
            self.inputs.key.encoding = profile.secret_encoding;
        }
        let url = profile.jwks_url.clone().unwrap_or_default();
        if url != self.inputs.key.url {
            self.inputs.key.url = url;
            self.inputs.key.published = None;
            self.inputs.key.url_error = None;
            self.inputs.key.show_check = false;
        }
        self.profiles.base = Some(profile.clone());
        self.mark_dirty();
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
                    self.inputs.key.file = None;
                    self.inputs.key.file_text = None;
                    self.profiles.stored_secret = Some(secret);
                    self.profiles.secret = SecretStatus::Stored;
                }
                Err(_) => {
                    self.profiles.secret =
                        SecretStatus::Failed("the stored secret is not text".into());
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

    /// The active profile as now saved, with `secret` (None: none) as its stored key.
    pub fn saved_as(&mut self, profile: Profile, secret: Option<Option<Secret>>) {
        self.profiles.active = Some(profile.id.clone());
        if let Some(secret) = secret {
            self.profiles.secret = if secret.is_some() {
                SecretStatus::Stored
            } else {
                SecretStatus::Missing
            };
            self.profiles.stored_secret = secret;
        }
        self.profiles.base = Some(profile);
        self.mark_dirty();
    }

    /// Leaves the profile; the form and key stay as they are.
    pub fn close_profile(&mut self) {
        self.profiles.active = None;
        self.profiles.base = None;
        self.profiles.stored_secret = None;
        self.profiles.secret = SecretStatus::None;
        self.profiles.stored_encrypt = None;
        self.profiles.encrypt_loading = false;
        self.mark_dirty();
    }
}
