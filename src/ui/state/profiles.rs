//! Profile commands, and what the store answers. Every change is a job for the store worker,
//! which applies it by id to `profiles.json` as it is on disk; the window then shows the
//! list the worker read back, noticing what changed elsewhere.

use super::AppState;
use crate::core::secret::Secret;
use crate::store::profiles::{ChangeError, Loaded, Profile};
use crate::ui::command::{Answer, Command, Edit};
use crate::ui::dialogs::{Modal, Next};
use crate::ui::profiles::SecretStatus;
use crate::ui::services::{Job, JobDone, KeyOutcome, SaveFile, StoreReply, StoreRequest};

/// Work on its way to the store, and what to do with its answer.
#[derive(Default)]
pub struct Pending {
    job: Option<Running>,
    /// Where to go once the save on its way is done.
    after_save: Option<Next>,
    /// A reload was asked for and not answered yet.
    reload: bool,
    /// The last problem reading the file, said once.
    problem: Option<String>,
}

/// The job on its way.
enum Running {
    Create { secret: Option<Secret> },
    Save { secret: Option<Secret> },
    Rename { id: String, name: String },
    Duplicate,
    Delete { id: String },
    ForgetKey { id: String },
    Import,
}

impl AppState {
    pub(super) fn profile_command(&mut self, cmd: Command, time: f64) {
        match cmd {
            Command::SelectProfile(id) => {
                if self.bench.unsaved_before_switch(&id) {
                    self.ask_unsaved(Next::Profile(id));
                } else {
                    self.open_profile(&id);
                }
            }
            Command::CloseProfile => self.bench.close_profile(),
            Command::SaveProfile => self.save_profile(None, false),
            Command::DuplicateProfile(id) => self.run(Job::Duplicate { id }, Running::Duplicate),
            Command::AskNewProfile => {
                self.modal = Some(Modal::NewProfile {
                    name: String::new(),
                    error: None,
                });
            }
            Command::AskRename(id) => {
                if let Some(p) = self.bench.profiles.find(&id) {
                    let name = p.name.clone();
                    self.modal = Some(Modal::Rename {
                        id,
                        name,
                        error: None,
                    });
                }
            }
            Command::AskDelete(id) => {
                if let Some(p) = self.bench.profiles.find(&id) {
                    let name = p.name.clone();
                    self.modal = Some(Modal::ConfirmDelete { id, name });
                }
            }
            Command::AskForget => {
                if let Some(p) = self.bench.active_profile() {
                    let name = p.name.clone();
                    self.modal = Some(Modal::ConfirmForget { name });
                }
            }
            Command::Answer(answer) => self.answer(answer),
            Command::DismissNotice => self.bench.profiles.notice = None,
            Command::RetryKeyring => self.store.request(StoreRequest::OpenKeyring),
            Command::ImportRecipe => self.dialogs.open_recipe(self.tx.clone(), self.wake.clone()),
            Command::ExportRecipe { all } => self.export_recipe(all, time),
            Command::CheckProfiles => {
                let ids = (self.bench.profiles.with_keys())
                    .map(|p| p.id.clone())
                    .collect();
                self.store.request(StoreRequest::LoadAll { ids });
            }
            _ => {}
        }
    }

    pub(super) fn profile_edit(&mut self, edit: Edit) {
        match edit {
            Edit::ProfileFilter(text) => {
                self.bench.profiles.filter = text;
                self.bench.profiles.refilter(&self.bench.presets);
            }
            Edit::DialogName(text) => {
                if let Some(Modal::NewProfile { name, error } | Modal::Rename { name, error, .. }) =
                    &mut self.modal
                {
                    *name = text;
                    *error = None;
                }
            }
            _ => {}
        }
    }

    pub(super) fn ask_unsaved(&mut self, next: Next) {
        let active = self.bench.active_profile().map(|p| p.name.clone());
        self.modal = Some(Modal::Unsaved { next, active });
    }

    fn go(&mut self, next: &Next) {
        match next {
            Next::Profile(id) => self.open_profile(id),
            Next::Preset(id) => self.go_to_preset(id),
        }
    }

    /// Opens profile `id`: its vendor and values now, its key when the keyring answers.
    pub(super) fn open_profile(&mut self, id: &str) {
        if self.bench.open_profile(id) == Some(true) {
            self.store
                .request(StoreRequest::LoadSecret { id: id.into() });
        }
    }

    pub(super) fn reload_profiles(&mut self) {
        if !self.pending.reload {
            self.pending.reload = true;
            self.store.request(StoreRequest::Reload);
        }
    }

    fn run(&mut self, job: Job, running: Running) {
        self.pending.job = Some(running);
        self.bench.profiles.busy = true;
        self.store.request(StoreRequest::Job(Box::new(job)));
    }

    /// Saves the form (and the key, when edited) into the active profile; `force` keeps this
    /// window's values where they conflict with values changed elsewhere.
    fn save_profile(&mut self, then: Option<Next>, force: bool) {
        let bench = &self.bench;
        let (Some(base), Some(new)) = (bench.profiles.base.clone(), bench.edited_profile()) else {
            return;
        };
        let secret = bench.secret_changed().then(|| bench.secret_to_store());
        self.pending.after_save = then;
        let job = Job::Save {
            base,
            new,
            secret: secret.clone(),
            force,
        };
        self.run(job, Running::Save { secret });
    }

    fn answer(&mut self, answer: Answer) {
        let Some(modal) = self.modal.take() else {
            return;
        };
        if answer == Answer::Cancel {
            return;
        }
        let bench = &self.bench;
        match modal {
            Modal::NewProfile { ref name, .. } => {
                let Some(preset) = bench.preset() else {
                    return;
                };
                let mut profile = Profile::new(name, &preset.id);
                if let Some(form) = bench.form() {
                    form.store_in(preset, &mut profile);
                }
                profile.secret_encoding = bench.inputs.key.encoding;
                let secret = Some(bench.secret_to_store()).filter(|s| !s.is_empty());
                let job = Job::Create {
                    profile,
                    secret: secret.clone(),
                };
                self.modal = Some(modal);
                self.run(job, Running::Create { secret });
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
                if let Some(id) = bench.profiles.active.clone() {
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
    fn take_theirs(&mut self, current: &Profile) {
        let key_changed = self.bench.profiles.base.as_ref().is_none_or(|b| {
            b.key_version != current.key_version || b.has_secret != current.has_secret
        });
        self.bench.show_profile(current);
        if key_changed || self.bench.secret_changed() {
            self.reload_key(current);
        }
    }

    /// Reads the profile's key again (or clears the field when it has none now).
    fn reload_key(&mut self, profile: &Profile) {
        let profiles = &mut self.bench.profiles;
        profiles.stored_secret = None;
        if profile.has_secret {
            profiles.secret = SecretStatus::Loading;
            let id = profile.id.clone();
            self.store.request(StoreRequest::LoadSecret { id });
        } else {
            profiles.secret = SecretStatus::Missing;
            self.bench.inputs.key.secret.set("");
            self.bench.inputs.key.file = None;
            self.bench.inputs.key.file_text = None;
        }
        self.bench.mark_dirty();
    }

    fn export_recipe(&mut self, all: bool, time: f64) {
        let chosen: Vec<&Profile> = if all {
            self.bench.profiles.list.iter().collect()
        } else {
            self.bench.active_profile().into_iter().collect()
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
        self.dialogs.save(file, self.tx.clone(), self.wake.clone());
    }

    pub(super) fn import_recipe(&mut self, text: &str, time: f64) {
        let bench = &self.bench;
        match crate::store::recipe::import(text, &bench.presets, &bench.profiles.list) {
            Ok(list) => self.run(Job::Import(list), Running::Import),
            Err(e) => self.toasts.error(format!("Nothing imported: {e}"), time),
        }
    }

    pub(super) fn store_reply(&mut self, reply: StoreReply, time: f64) {
        match reply {
            StoreReply::Keyring {
                kind,
                problem,
                held,
            } => {
                let keyring = &mut self.bench.keyring;
                keyring.kind = Some(kind);
                keyring.problem = problem;
                keyring.held = held;
                // Reached at last: read the key that could not be read before.
                let bench = &self.bench;
                if !bench.keyring.session_only()
                    && bench.profiles.secret == SecretStatus::Unreachable
                    && bench.inputs.key.secret.expose().is_empty()
                    && let Some(p) = bench.active_profile().cloned()
                {
                    self.reload_key(&p);
                }
            }
            StoreReply::Secret { id, result } => self.bench.secret_loaded(&id, result),
            StoreReply::Secrets(secrets) => self.bench.check_signers(&secrets),
            StoreReply::Profiles(loaded) => {
                self.pending.reload = false;
                self.profiles_read(loaded, time);
            }
            StoreReply::Job { result, now } => {
                self.bench.profiles.busy = false;
                if let Some(running) = self.pending.job.take() {
                    match result {
                        Ok(done) => self.job_done(running, done, time),
                        Err(e) => self.job_failed(running, e, time),
                    }
                }
                self.profiles_read(now, time);
            }
        }
    }

    fn job_done(&mut self, running: Running, done: JobDone, time: f64) {
        if let Some(KeyOutcome::Held(why)) = &done.key {
            self.toasts.error(
                format!("The keyring did not take the key ({why}); it is kept in memory for this session"),
                time,
            );
        }
        if let Some(KeyOutcome::NotDeleted(why)) = &done.key {
            self.toasts
                .error(format!("The keyring entry was not deleted: {why}"), time);
        }
        let Some(profile) = done.profiles.first().cloned() else {
            return;
        };
        match running {
            Running::Create { secret } => {
                self.modal = None;
                self.bench.saved_as(profile, Some(secret));
                self.toasts.info("Profile saved", time);
            }
            Running::Save { secret } => {
                let brought_in = self.bench.edited_profile().as_ref() != Some(&profile);
                if brought_in {
                    // Values changed elsewhere were merged in: show them.
                    self.bench.show_profile(&profile);
                }
                self.bench
                    .saved_as(profile, secret.map(|s| Some(s).filter(|s| !s.is_empty())));
                self.toasts.info("Profile saved", time);
                if let Some(next) = self.pending.after_save.take() {
                    self.go(&next);
                }
            }
            Running::Rename { id, name } => {
                self.modal = None;
                if let Some(base) = &mut self.bench.profiles.base
                    && base.id == id
                {
                    base.name = name;
                }
            }
            Running::Duplicate => self
                .toasts
                .info(format!("Duplicated as \"{}\"", profile.name), time),
            Running::Delete { id } => {
                if self.bench.profiles.active.as_deref() == Some(id.as_str()) {
                    self.bench.close_profile();
                    self.bench.inputs.key.secret.set("");
                    self.bench.mark_dirty();
                }
                self.toasts
                    .info(format!("Deleted \"{}\"", profile.name), time);
            }
            Running::ForgetKey { id } => {
                if let Some(base) = &mut self.bench.profiles.base
                    && base.id == id
                {
                    base.has_secret = profile.has_secret;
                    base.key_version = profile.key_version;
                    self.reload_key(&profile);
                }
            }
            Running::Import => {
                let n = done.profiles.len();
                let s = if n == 1 { "" } else { "s" };
                self.toasts
                    .info(format!("Imported {n} profile{s}: add their keys"), time);
            }
        }
    }

    fn job_failed(&mut self, running: Running, e: ChangeError, time: f64) {
        self.pending.after_save = match (&running, &e) {
            (Running::Save { .. }, ChangeError::Conflict { .. }) => self.pending.after_save.take(),
            _ => None,
        };
        match (running, e) {
            (Running::Create { .. } | Running::Rename { .. }, ChangeError::Name(reason)) => {
                if let Some(Modal::NewProfile { error, .. } | Modal::Rename { error, .. }) =
                    &mut self.modal
                {
                    *error = Some(reason);
                } else {
                    self.toasts.error(reason, time);
                }
            }
            (Running::Save { .. }, ChangeError::Conflict { current, fields }) => {
                self.modal = Some(Modal::Conflict { current, fields });
            }
            (_, e) => {
                if matches!(
                    self.modal,
                    Some(Modal::NewProfile { .. } | Modal::Rename { .. })
                ) {
                    self.modal = None;
                }
                self.toasts.error(capitalized(&e.to_string()), time);
            }
        }
    }

    /// The profiles as on disk now: shown, and the active one checked against what this
    /// window opened (deleted or changed elsewhere?).
    pub(super) fn profiles_read(&mut self, loaded: Loaded, time: f64) {
        if loaded.problem != self.pending.problem
            && let Some(p) = &loaded.problem
        {
            self.toasts.error(p.clone(), time);
        }
        self.pending.problem = loaded.problem;
        let bench = &mut self.bench;
        bench.profiles.list = loaded.profiles;
        bench.profiles.refilter(&bench.presets);
        let (Some(id), Some(base)) = (bench.profiles.active.clone(), bench.profiles.base.clone())
        else {
            return;
        };
        let Some(current) = bench.profiles.find(&id).cloned() else {
            bench.close_profile();
            bench.profiles.notice = Some(format!(
                "\"{}\" was deleted in another tokenbench window or from the command line. Its values and key are still in the form: Save as profile… keeps them.",
                base.name
            ));
            return;
        };
        if current == base {
            return;
        }
        if bench.profile_changed() {
            bench.profiles.notice = Some(format!(
                "\"{}\" was also changed elsewhere. Your unsaved changes are kept: saving merges them, and asks where you both changed the same value.",
                current.name
            ));
        } else {
            self.take_theirs(&current);
            self.toasts.info(
                format!(
                    "\"{}\" was changed elsewhere: showing it as saved now",
                    current.name
                ),
                time,
            );
        }
    }
}

fn capitalized(s: &str) -> String {
    crate::ui::model::capitalize(s)
}
