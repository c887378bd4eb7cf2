//! Inspect's panel for an encrypted token (JWE): what it is and its header at once, the key
//! that opens it (typed, pasted or a file), and what opening it gave.

use eframe::egui::{self, RichText};

use crate::core::jwe::PlaintextKind;
use crate::ui::app::command::{Command, InspectCommand};
use crate::ui::inspect::jwe_model::JweState;
use crate::ui::widgets;
use crate::ui::widgets::json_view::json_block;
use crate::ui::workbench::DecryptInput;

/// What the JWE panel shows.
pub struct JwePanelView<'a> {
    pub state: &'a JweState,
    pub input: &'a DecryptInput,
    pub demo: bool,
}

pub fn ui(ui: &mut egui::Ui, view: &JwePanelView<'_>, out: &mut Vec<Command>) {
    let pal = widgets::theme::palette(ui);
    let opened = &view.state.opened;
    ui.label(RichText::new(format!("Encrypted token (JWE): {}", opened.algorithms())).strong());
    let header = serde_json::to_string_pretty(&opened.header).unwrap_or_default();
    json_block(ui, "Encryption header", &header);
    key_row_ui(ui, view, out);
    let (text, color) = match (&view.state.key_error, &opened.error, opened.plaintext_kind) {
        (Some(e), _, _) => (
            format!("✖ The decryption key can't be used: {e}"),
            pal.error,
        ),
        (None, Some(e), _) => (format!("✖ Not decrypted: {e}"), pal.error),
        (None, None, Some(PlaintextKind::Jws)) => (
            "✔ Decrypted: a signed token inside, checked below".to_string(),
            pal.ok,
        ),
        (None, None, Some(PlaintextKind::Json)) => (
            "✔ Decrypted: JSON claims inside, signed by nothing".to_string(),
            pal.ok,
        ),
        (None, None, Some(PlaintextKind::Text)) => ("✔ Decrypted: text inside".to_string(), pal.ok),
        (None, None, None) => (format!("To read it: {}", opened.needs), pal.warn),
    };
    let r = ui.label(RichText::new(text).color(color));
    widgets::a11y::live(&r, false);
    if let Some(plain) = opened.text.as_ref().filter(|_| !view.demo) {
        ui.label(widgets::theme::note(format!("Plaintext: {plain}")));
    }
    ui.add_space(widgets::theme::ROW_GAP);
}

/// The decryption key: a masked field (shared key, PEM or JWK), or the file chosen.
fn key_row_ui(ui: &mut egui::Ui, view: &JwePanelView<'_>, out: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Decryption key");
        if let Some((path, _)) = &view.input.file {
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            ui.label(RichText::new(format!("Key file: {name}")).monospace());
        } else {
            let mut secret = view.input.secret.clone();
            let edit = ui
                .add(
                    egui::TextEdit::singleline(&mut secret)
                        .password(true)
                        .hint_text("The shared key, or paste a private PEM / JWK")
                        .desired_width(280.0)
                        .font(egui::TextStyle::Monospace),
                )
                .labelled_by(label.id);
            if edit.changed() {
                out.push(Command::Inspect(InspectCommand::DecryptSecret(secret)));
            }
        }
        if ui
            .button("Choose key file…")
            .on_hover_text("A private key (RSA for RSA-OAEP, EC for ECDH-ES) or an \"oct\" JWK")
            .clicked()
        {
            out.push(Command::Inspect(InspectCommand::ChooseDecryptKey));
        }
        let has_key = view.input.file.is_some() || !view.input.secret.is_empty();
        if ui
            .add_enabled(has_key, egui::Button::new("Forget key"))
            .clicked()
        {
            out.push(Command::Inspect(InspectCommand::ForgetDecryptKey));
        }
        if let Some(key) = &view.state.key {
            ui.label(widgets::theme::note(key));
        }
    });
}
