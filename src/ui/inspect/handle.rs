//! What Inspect's commands do: the pasted text, clock skew, and checking every profile's key.

use crate::ui::app::command::InspectCommand;
use crate::ui::app::services::{Pick, StoreRequest};
use crate::ui::app::state::AppState;
use crate::ui::workbench::Mode;

impl AppState {
    pub(in crate::ui) fn handle_inspect(&mut self, cmd: InspectCommand) {
        let workbench = &mut self.workbench;
        match cmd {
            InspectCommand::Text(text) => workbench.set_inspect_text(text),
            InspectCommand::Paste(text) | InspectCommand::Open(text) => {
                workbench.set_inspect_text(text);
                workbench.inputs.mode = Mode::Inspect;
            }
            InspectCommand::Clear => workbench.set_inspect_text(String::new()),
            InspectCommand::Leeway(leeway) => workbench.set_leeway(leeway),
            InspectCommand::DecryptSecret(secret) => workbench.set_decrypt_secret(secret),
            InspectCommand::ChooseDecryptKey => self.ask(Pick::DecryptKey),
            InspectCommand::ForgetDecryptKey => workbench.set_decrypt_file(None),
            InspectCommand::Answer(text) => workbench.set_widget_answer(text),
            InspectCommand::CheckProfiles => {
                let kid = (workbench.derived.inspect.as_ref())
                    .and_then(|v| v.decoded.kid())
                    .map(str::to_string);
                self.store_request(StoreRequest::ProfileKeys { kid });
            }
        }
    }

    /// The decryption key file was read: it opens the pasted token from now on.
    pub(in crate::ui) fn decrypt_key_read(
        &mut self,
        read: Option<Result<(std::path::PathBuf, crate::core::key::Key), String>>,
        time: f64,
    ) {
        match read {
            Some(Ok(file)) => self.workbench.set_decrypt_file(Some(file)),
            Some(Err(e)) => self.toasts.error(e, time),
            None => {}
        }
    }
}
