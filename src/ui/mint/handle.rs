//! What Mint's commands do: the vendor, the form or the raw JSON, re-minting (by hand, or
//! automatically before the token expires).

use crate::core::time::Validity;
use crate::ui::app::command::MintCommand;
use crate::ui::app::dialogs::Next;
use crate::ui::app::state::{AppState, ScrollTarget};
use crate::ui::workbench::EditorMode;

/// Re-mint this many seconds before expiry when auto re-mint is on.
const REMINT_BEFORE: i64 = 5;

impl AppState {
    pub(in crate::ui) fn handle_mint(&mut self, cmd: MintCommand, time: f64) {
        let workbench = &mut self.workbench;
        match cmd {
            MintCommand::SelectPreset(id) => self.select_preset(id),
            MintCommand::PresetFilter(text) => workbench.inputs.preset_filter = text,
            MintCommand::SetEditor(editor) => {
                if let Err(e) = workbench.set_editor(editor) {
                    self.toasts.error(e, time);
                }
            }
            MintCommand::Remint => workbench.remint(),
            MintCommand::AutoRemint(on) => workbench.inputs.auto_remint = on,
            MintCommand::ShowSnippets => self.scroll_to = Some(ScrollTarget::Snippets),
            MintCommand::Field { name, value } => workbench.set_field(&name, value),
            MintCommand::Extra(extra) => workbench.with_form(|f| f.extra = extra),
            MintCommand::Kid(kid) => workbench.with_form(|f| f.kid = kid),
            MintCommand::Alg(alg) => workbench.with_form(|f| f.alg = alg),
            MintCommand::Lifetime(l) => workbench.with_form(|f| f.lifetime = l),
            MintCommand::Settings(settings) => workbench.set_settings(settings),
            MintCommand::RawHeader(text) => workbench.set_raw_header(text),
            MintCommand::RawPayload(text) => workbench.set_raw_payload(text),
            MintCommand::SnippetKind(kind) => workbench.set_snippet_kind(kind),
            MintCommand::EncryptSecret(secret) => workbench.set_encrypt_secret(secret),
            MintCommand::ChooseEncryptKey => self.ask(crate::ui::app::services::Pick::EncryptKey),
            MintCommand::ForgetEncryptKey => workbench.set_encrypt_file(None),
        }
    }

    /// The vendor's key file to encrypt for was read (None: the dialog was cancelled).
    pub(in crate::ui) fn encrypt_key_read(
        &mut self,
        read: Option<Result<(std::path::PathBuf, crate::core::key::Key), String>>,
        time: f64,
    ) {
        match read {
            Some(Ok(file)) => self.workbench.set_encrypt_file(Some(file)),
            Some(Err(e)) => self.toasts.error(e, time),
            None => {}
        }
    }

    /// Another vendor; a profile of a different vendor closes (after asking about its
    /// unsaved changes).
    fn select_preset(&mut self, id: String) {
        let leaving = (self.workbench.active_profile()).is_some_and(|p| p.preset != id);
        if leaving && self.workbench.profile_changed() {
            self.ask_unsaved(Next::Preset(id));
        } else {
            self.go_to_preset(&id);
        }
    }

    pub(in crate::ui) fn go_to_preset(&mut self, id: &str) {
        if (self.workbench.active_profile()).is_some_and(|p| p.preset != id) {
            self.workbench.close_profile();
        }
        self.workbench.select_preset(id);
    }

    /// Re-mints shortly before the token expires, when auto re-mint is on.
    pub(in crate::ui) fn auto_remint(&mut self, now: i64) {
        let workbench = &self.workbench;
        if !workbench.inputs.auto_remint || workbench.inputs.editor == EditorMode::Raw {
            return;
        }
        let Some(m) = &workbench.derived.minted else {
            return;
        };
        if m.minted_at == now || workbench.derived.stale {
            return;
        }
        let due = match workbench.minted_validity(now) {
            Some(Validity::Valid {
                expires_in: Some(left),
            }) => left <= REMINT_BEFORE,
            Some(Validity::Expired { .. }) => true,
            _ => false,
        };
        if due {
            self.workbench.remint();
        }
    }
}
