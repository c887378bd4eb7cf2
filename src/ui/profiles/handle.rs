//! Profile commands, and what the store answers. Every change is a job for the store worker,
//! which applies it by id to `profiles.json` as it is on disk; the window then shows the
//! list the worker read back, noticing what changed elsewhere.

use std::collections::VecDeque;

use crate::core::secret::Secret;
use crate::store::profiles::Profile;
use crate::ui::app::command::{Answer, ProfilesCommand};
use crate::ui::app::dialogs::{Modal, Next};
use crate::ui::app::services::{Job, Pick, SaveFile, StoreRequest};
use crate::ui::app::state::AppState;
use crate::ui::profiles::encryption::EncryptSave;
use crate::ui::profiles::model::SecretStatus;

/// Work on its way to the store, and what to do with its answer.
#[derive(Default)]
pub struct Pending {
    /// The jobs on their way, in the order sent: the worker answers in that order.
    pub(in crate::ui) jobs: VecDeque<Running>,
    /// Where to go once the save on its way is done.
    pub(in crate::ui) after_save: Option<Next>,
    /// A reload was asked for and not answered yet.
    pub(in crate::ui) reload: bool,
    /// The last problem reading the file, said once.
    pub(in crate::ui) problem: Option<String>,
}

/// The job on its way.
pub(in crate::ui) enum Running {
    Create {
        secret: Option<Secret>,
        encrypt: Option<EncryptSave>,
    },
    Save {
        secret: Option<Secret>,
        encrypt: Option<EncryptSave>,
    },
    Rename {
        id: String,
        name: String,
    },
    Duplicate,
    Delete {
        id: String,
    },
    ForgetKey {
        id: String,
    },
    Import,
}

impl AppState {
    pub(in crate::ui) fn handle_profiles(&mut self, cmd: ProfilesCommand, time: f64) {
        match cmd {
            ProfilesCommand::Open(id) => {
                if self.workbench.unsaved_before_switch(&id) {
                    self.ask_unsaved(Next::Profile(id));
                } else {
                    self.open_profile(&id);
                }
            }
            ProfilesCommand::Close => self.workbench.close_profile(),
            ProfilesCommand::Save => self.save_profile(None, false),
            ProfilesCommand::Duplicate(id) => self.run(Job::Duplicate { id }, Running::Duplicate),
            ProfilesCommand::AskNew => {
                self.modal = Some(Modal::NewProfile {
                    name: String::new(),
                    error: None,
                });
            }
            ProfilesCommand::AskRename(id) => {
                if let Some(p) = self.workbench.profiles.find(&id) {
                    let name = p.name.clone();
                    self.modal = Some(Modal::Rename {
                        id,
                        name,
                        error: None,
                    });
                }
            }
            ProfilesCommand::AskDelete(id) => {
                if let Some(p) = self.workbench.profiles.find(&id) {
                    let name = p.name.clone();
                    self.modal = Some(Modal::ConfirmDelete { id, name });
                }
            }
            ProfilesCommand::AskForget => {
                if let Some(p) = self.workbench.active_profile() {
                    let name = p.name.clone();
                    self.modal = Some(Modal::ConfirmForget { name });
                }
            }
            ProfilesCommand::DismissNotice => self.workbench.profiles.notice = None,
            ProfilesCommand::RetryKeyring => self.store_request(StoreRequest::OpenKeyring),
            ProfilesCommand::Import => self.ask(Pick::Recipe),
            ProfilesCommand::Export { all } => self.export_recipe(all, time),
            ProfilesCommand::Filter(text) => {
                self.workbench.profiles.filter = text;
                self.workbench.profiles.refilter(&self.workbench.presets);
            }
        }
    }

    /// A recipe file was chosen and read (or not).
    pub(in crate::ui) fn recipe_read(&mut self, read: Option<Result<String, String>>, time: f64) {
        match read {
            Some(Ok(text)) => self.import_recipe(&text, time),
            Some(Err(e)) => self.toasts.error(e, time),
            None => {}
        }
    }

    pub(in crate::ui) fn ask_unsaved(&mut self, next: Next) {
        let active = self.workbench.active_profile().map(|p| p.name.clone());
        self.modal = Some(Modal::Unsaved { next, active });
    }

    pub(in crate::ui) fn go(&mut self, next: &Next) {
        match next {
            Next::Profile(id) => self.open_profile(id),
            Next::Preset(id) => self.go_to_preset(id),
        }
    }

    /// Opens profile `id`: its vendor and values now, its key when the keyring answers.
    pub(in crate::ui) fn open_profile(&mut self, id: &str) {
        let opened = self.workbench.open_profile(id);
        if opened == Some(true) {
            self.store_request(StoreRequest::LoadSecret { id: id.into() });
        }
        if opened.is_some() {
            self.load_encryption();
        }
        if self.workbench.inputs.key.published.is_none() {
            self.fetch_keys(false);
        }
    }

    pub(in crate::ui) fn reload_profiles(&mut self) {
        if !self.pending.reload {
            self.pending.reload = true;
            self.store_request(StoreRequest::Reload);
        }
    }

    fn run(&mut self, job: Job, running: Running) {
        self.pending.jobs.push_back(running);
        self.workbench.profiles.busy = true;
        self.store_request(StoreRequest::Job(Box::new(job)));
    }

    /// Saves the form (and the key, when edited) into the active profile; `force` keeps this
    /// window's values where they conflict with values changed elsewhere.
    fn save_profile(&mut self, then: Option<Next>, force: bool) {
        let workbench = &self.workbench;
        let (Some(base), Some(new)) = (workbench.profiles.base.clone(), workbench.edited_profile())
        else {
            return;
        };
        let secret = workbench
            .secret_changed()
            .then(|| workbench.secret_to_store());
        let encrypt = workbench.encrypt_to_save(&base, &new);
        self.pending.after_save = then;
        let job = Job::Save {
            base,
            new,
            secret: secret.clone(),
            encrypt: encrypt.clone(),
            force,
        };
        self.run(job, Running::Save { secret, encrypt });
    }

    pub(in crate::ui) fn answer(&mut self, answer: Answer) {
        let Some(modal) = self.modal.take() else {
            return;
        };
        if answer == Answer::Cancel {
            return;
        }
        let workbench = &self.workbench;
        match modal {
            Modal::NewProfile { ref name, .. } => {
                let Some(preset) = workbench.preset() else {
                    return;
                };
                let mut profile = Profile::new(name, &preset.id);
                if let Some(form) = workbench.form() {
                    form.store_in(preset, &mut profile);
                }
                profile.secret_encoding = workbench.inputs.key.encoding;
                profile.jwks_url = workbench.key_url();
                profile.encryption = workbench.edited_encryption(&profile);
                let encrypt = workbench.encrypt_to_save(&profile.clone(), &profile);
                let secret = Some(workbench.secret_to_store()).filter(|s| !s.is_empty());
                let job = Job::Create {
                    profile,
                    secret: secret.clone(),
                    encrypt: encrypt.clone(),
                };
                self.modal = Some(modal);
                self.run(job, Running::Create { secret, encrypt });
            }
            Modal::Rename {
                ref id, ref name, ..
            } => {
                let (id, name) = (id.clone(), name.clone());
                self.modal = Some(modal);
                let job = Job::Rename {
                    id: id.clone(),
                    name: name.clone(),
                };
                self.run(job, Running::Rename { id, name });
            }
            Modal::ConfirmDelete { id, .. } => {
                self.run(Job::Delete { id: id.clone() }, Running::Delete { id });
            }
            Modal::ConfirmForget { .. } => {
                if let Some(id) = workbench.profiles.active.clone() {
                    self.run(Job::ForgetKey { id: id.clone() }, Running::ForgetKey { id });
                }
            }
            Modal::Unsaved { active: None, .. } if answer == Answer::Yes => {
                self.modal = Some(Modal::NewProfile {
                    name: String::new(),
                    error: None,
                });
            }
            Modal::Unsaved { next, active } => {
                if answer == Answer::Yes && active.is_some() {
                    self.save_profile(Some(next), false);
                } else {
                    self.go(&next);
                }
            }
            Modal::Help => {}
            Modal::Import { recipe } => {
                self.run(Job::Import(recipe.profiles), Running::Import);
            }
            Modal::Conflict { current, .. } => {
                if answer == Answer::Yes {
                    let then = self.pending.after_save.take();
                    self.save_profile(then, true);
                } else {
                    self.pending.after_save = None;
                    self.take_theirs(&current);
                }
            }
        }
    }

    /// Puts `current` (as saved elsewhere) in the form, and its key when that changed too.
    pub(in crate::ui) fn take_theirs(&mut self, current: &Profile) {
        let key_changed = self.workbench.profiles.base.as_ref().is_none_or(|b| {
            b.key_version != current.key_version || b.has_secret != current.has_secret
        });
        self.workbench.show_profile(current);
        if key_changed || self.workbench.secret_changed() {
            self.reload_key(current);
        }
    }

    /// Fills Mint's encryption field from the active profile, asking the keyring for a
    /// shared key.
    pub(in crate::ui) fn load_encryption(&mut self) {
        let Some(profile) = self.workbench.active_profile().cloned() else {
            return;
        };
        if self.workbench.show_encryption(&profile) {
            self.store_request(StoreRequest::LoadSecret {
                id: profile.encryption_account(),
            });
        }
    }

    /// Reads the profile's key again (or clears the field when it has none now).
    pub(in crate::ui) fn reload_key(&mut self, profile: &Profile) {
        self.load_encryption();
        let profiles = &mut self.workbench.profiles;
        profiles.stored_secret = None;
        if profile.has_secret {
            profiles.secret = SecretStatus::Loading;
            let id = profile.id.clone();
            self.store_request(StoreRequest::LoadSecret { id });
        } else {
            profiles.secret = SecretStatus::Missing;
            self.workbench.inputs.key.secret.set("");
            self.workbench.inputs.key.file = None;
            self.workbench.inputs.key.file_text = None;
        }
        self.workbench.mark_dirty();
    }

    fn export_recipe(&mut self, all: bool, time: f64) {
        let chosen: Vec<&Profile> = if all {
            self.workbench.profiles.list.iter().collect()
        } else {
            self.workbench.active_profile().into_iter().collect()
        };
        if chosen.is_empty() {
            self.toasts.error("There are no profiles to export", time);
            return;
        }
        let file = SaveFile {
            what: "recipe".into(),
            file_name: "tokenbench-recipe.json".into(),
            contents: crate::store::recipe::export(&chosen),
        };
        self.save_file(file);
    }

    pub(in crate::ui) fn import_recipe(&mut self, text: &str, time: f64) {
        let workbench = &self.workbench;
        match crate::store::recipe::import(text, &workbench.presets, &workbench.profiles.list) {
            // Said before anything is added: the user imports, or cancels.
            Ok(recipe) => {
                self.modal = Some(Modal::Import {
                    recipe: Box::new(recipe),
                });
            }
            Err(e) => self.toasts.error(format!("Nothing imported: {e}"), time),
        }
    }
}
