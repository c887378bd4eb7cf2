//! What the store worker answered: the keyring's state, a key, a job done or refused, and
//! the profiles as they are on disk now, checked against what this window opened.

use crate::store::profiles::{ChangeError, Loaded};
use crate::ui::app::dialogs::Modal;
use crate::ui::app::services::{JobDone, KeyOutcome, StoreReply};
use crate::ui::app::state::AppState;
use crate::ui::profiles::handle::Running;
use crate::ui::profiles::model::SecretStatus;
use crate::ui::workbench::capitalize;

impl AppState {
    pub(in crate::ui) fn store_reply(&mut self, reply: StoreReply, time: f64) {
        match reply {
            StoreReply::Keyring {
                kind,
                problem,
                held,
            } => {
                let keyring = &mut self.workbench.keyring;
                keyring.kind = Some(kind);
                keyring.problem = problem;
                keyring.held = held;
                // Reached at last: read the key that could not be read before.
                let workbench = &self.workbench;
                if !workbench.keyring.session_only()
                    && workbench.profiles.secret == SecretStatus::Unreachable
                    && workbench.inputs.key.secret.expose().is_empty()
                    && let Some(p) = workbench.active_profile().cloned()
                {
                    self.reload_key(&p);
                }
            }
            StoreReply::Secret { id, result } => {
                let active = self.workbench.active_profile();
                if active.is_some_and(|p| p.encryption_account() == id) {
                    self.workbench.encryption_loaded(result);
                } else {
                    self.workbench.secret_loaded(&id, result);
                }
            }
            StoreReply::ProfileKeys(keys) => self.workbench.check_signers(&keys),
            StoreReply::Profiles(loaded) => {
                self.pending.reload = false;
                self.profiles_read(loaded, time);
            }
            StoreReply::Job { result, now } => {
                let running = self.pending.jobs.pop_front();
                self.workbench.profiles.busy = !self.pending.jobs.is_empty();
                if let Some(running) = running {
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
        if let Some(KeyOutcome::Held(why)) = &done.encrypt_key {
            self.toasts.error(
                format!("The keyring did not take the encryption key ({why}); it is kept in memory for this session"),
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
            Running::Create { secret, encrypt } => {
                self.modal = None;
                self.workbench.saved_as(profile, Some(secret));
                self.workbench.encryption_saved(encrypt);
                self.toasts.info("Profile saved", time);
            }
            Running::Save { secret, encrypt } => {
                // The key's flags changed here; anything else that differs came from elsewhere.
                let mut mine = self.workbench.edited_profile();
                if let Some(m) = &mut mine {
                    m.has_secret = profile.has_secret;
                    m.key_version = profile.key_version;
                }
                let brought_in = mine.as_ref() != Some(&profile);
                if brought_in {
                    // Values changed elsewhere were merged in: show them.
                    self.workbench.show_profile(&profile);
                }
                self.workbench
                    .saved_as(profile, secret.map(|s| Some(s).filter(|s| !s.is_empty())));
                self.workbench.encryption_saved(encrypt);
                self.toasts.info("Profile saved", time);
                if let Some(next) = self.pending.after_save.take() {
                    self.go(&next);
                }
            }
            Running::Rename { id, name } => {
                self.modal = None;
                if let Some(base) = &mut self.workbench.profiles.base
                    && base.id == id
                {
                    base.name = name;
                }
            }
            Running::Duplicate => self
                .toasts
                .info(format!("Duplicated as \"{}\"", profile.name), time),
            Running::Delete { id } => {
                if self.workbench.profiles.active.as_deref() == Some(id.as_str()) {
                    self.workbench.close_profile();
                    self.workbench.inputs.key.secret.set("");
                    self.workbench.mark_dirty();
                }
                self.toasts
                    .info(format!("Deleted \"{}\"", profile.name), time);
            }
            Running::ForgetKey { id } => {
                if let Some(base) = &mut self.workbench.profiles.base
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
                self.toasts.error(capitalize(&e.to_string()), time);
            }
        }
    }

    /// The profiles as on disk now: shown, and the active one checked against what this
    /// window opened (deleted or changed elsewhere?).
    pub(in crate::ui) fn profiles_read(&mut self, loaded: Loaded, time: f64) {
        if loaded.unreadable {
            // The file is there but can't be read: the list stays as last read (nothing was
            // deleted), the banner says why, and the worker changes nothing meanwhile.
            self.workbench.profiles.unreadable = loaded.problem;
            return;
        }
        self.workbench.profiles.unreadable = None;
        if loaded.problem != self.pending.problem
            && let Some(p) = &loaded.problem
        {
            self.toasts.error(p.clone(), time);
        }
        self.pending.problem = loaded.problem;
        let workbench = &mut self.workbench;
        workbench.profiles.list = loaded.profiles;
        workbench.profiles.refilter(&workbench.presets);
        let (Some(id), Some(base)) = (
            workbench.profiles.active.clone(),
            workbench.profiles.base.clone(),
        ) else {
            return;
        };
        let Some(current) = workbench.profiles.find(&id).cloned() else {
            workbench.close_profile();
            workbench.profiles.notice = Some(format!(
                "\"{}\" was deleted in another tokenbench window or from the command line. Its values and key are still in the form: Save as profile… keeps them.",
                base.name
            ));
            return;
        };
        if current == base {
            return;
        }
        if workbench.profile_changed() {
            workbench.profiles.notice = Some(format!(
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
