//! The signing key: a masked secret with a reveal toggle, its encoding, or a key file.

use eframe::egui::{self, RichText};

use super::command::Command;
use super::model::{KeyInput, KeyState};
use super::theme;
use crate::core::alg::Family;
use crate::core::preset::Preset;
use crate::core::secret::SecretEncoding;

#[derive(Default)]
pub struct KeyPanel;

impl KeyPanel {
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        preset: &Preset,
        key: &mut KeyInput,
        state: &KeyState,
        out: &mut Vec<Command>,
    ) {
        let pal = theme::palette(ui);
        theme::heading(ui, "Key");
        let hmac = preset.algorithms().is_empty()
            || preset
                .algorithms()
                .iter()
                .any(|a| a.family() == Family::Hmac);
        if !preset.key.help.is_empty() {
            ui.label(theme::note(&preset.key.help));
        }
        ui.add_space(theme::ROW_GAP);

        if let Some((path, _)) = &key.file {
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("Key file: {name}"));
                if ui.button("Choose another…").clicked() {
                    out.push(Command::ChooseKeyFile);
                }
                if ui.button("Use a typed secret").clicked() {
                    out.push(Command::ForgetKeyFile);
                }
            });
        } else {
            let what = if hmac {
                "Secret"
            } else {
                "Private key (PEM or JWK)"
            };
            ui.horizontal(|ui| {
                let label = ui.label(what);
                let reveal_text = if key.reveal { "Hide" } else { "Show" };
                let width = (ui.available_width() - 140.0).max(160.0);
                let hint = if hmac {
                    "Paste the secret (or a PEM / JWK key)"
                } else {
                    "Paste a PEM or JWK, or choose a file"
                };
                let edit = ui
                    .add(
                        egui::TextEdit::singleline(&mut key.secret)
                            .password(!key.reveal)
                            .hint_text(hint)
                            .desired_width(width)
                            .font(egui::TextStyle::Monospace),
                    )
                    .labelled_by(label.id);
                if edit.changed() {
                    out.push(Command::Changed);
                }
                if ui
                    .add(egui::Button::selectable(key.reveal, reveal_text))
                    .on_hover_text("Show or hide the secret")
                    .clicked()
                {
                    key.reveal = !key.reveal;
                }
            });
            ui.horizontal_wrapped(|ui| {
                if hmac {
                    let label = ui.label("Read as");
                    let before = key.encoding;
                    egui::ComboBox::from_id_salt("secret-encoding")
                        .selected_text(encoding_label(key.encoding))
                        .show_ui(ui, |ui| {
                            for e in SecretEncoding::ALL {
                                ui.selectable_value(&mut key.encoding, e, encoding_label(e));
                            }
                        })
                        .response
                        .labelled_by(label.id)
                        .on_hover_text("How the secret's text becomes key bytes. Every vendor here signs with the text's own bytes (utf8).");
                    if key.encoding != before {
                        out.push(Command::Changed);
                    }
                }
                if ui.button("Choose key file…").clicked() {
                    out.push(Command::ChooseKeyFile);
                }
            });
        }

        match (&state.description, &state.error) {
            (_, Some(e)) => {
                ui.label(RichText::new(format!("✖ {e}")).color(pal.error));
            }
            (Some(d), None) => {
                ui.label(RichText::new(format!("✔ {d}")).color(pal.ok));
            }
            (None, None) => {
                ui.label(theme::note(if hmac {
                    "No secret yet: the token will appear once there is one."
                } else {
                    "No key yet: choose the private key file that signs for this vendor."
                }));
            }
        }
        if let Some(d) = &state.diagnosis {
            ui.label(theme::note(format!(
                "{} characters · {}",
                d.characters,
                d.readings_summary()
            )));
            for note in &d.notes {
                let color = if note.contains("shorter")
                    || note.contains("not look like")
                    || note.contains("cannot")
                {
                    pal.warn
                } else {
                    pal.muted
                };
                ui.label(RichText::new(note).small().color(color));
            }
        }
    }
}

fn encoding_label(e: SecretEncoding) -> &'static str {
    match e {
        SecretEncoding::Utf8 => "text (utf8)",
        SecretEncoding::Base64 => "base64",
        SecretEncoding::Base64url => "base64url",
        SecretEncoding::Hex => "hex",
    }
}

#[cfg(test)]
mod tests {
    use egui_kittest::kittest::Queryable;

    use crate::core::alg::{Alg, Curve};
    use crate::core::key::{KeySpec, generate};
    use crate::ui::testing::*;

    #[test]
    fn the_secret_is_masked_until_revealed() {
        let (mut h, _) = with_preset("amazon-connect");
        type_into(&mut h, "Secret", SECRET);
        let shown = input(&h, "Secret").value().unwrap_or_default();
        assert!(!shown.contains("kJ6n8"), "masked: {shown:?}");
        assert!(!h.state().bench.inputs.key.reveal);
        h.get_by_label("Show").click();
        h.run();
        assert!(h.state().bench.inputs.key.reveal);
        assert_eq!(input(&h, "Secret").value().as_deref(), Some(SECRET));
        h.get_by_label("Hide").click();
        h.run();
        assert!(!h.state().bench.inputs.key.reveal);
    }

    #[test]
    fn the_diagnosis_says_what_the_secret_is() {
        let (mut h, _) = with_preset("amazon-connect");
        type_into(&mut h, "Secret", SECRET);
        assert!(
            h.query_by_label_contains("meets the 32-byte minimum for HS256")
                .is_some()
        );
        assert!(
            h.query_by_label_contains("It has the expected shape")
                .is_some()
        );
        let (mut h, _) = with_preset("amazon-connect");
        type_into(&mut h, "Secret", "short");
        assert!(
            h.query_by_label_contains("shorter than the 32 bytes")
                .is_some()
        );
        assert!(h.query_by_label_contains("does not look like").is_some());
    }

    #[test]
    fn a_key_file_from_the_dialog_signs_rs256() {
        let dir = tempfile::tempdir().expect("tmp");
        let key = generate(KeySpec::Rsa(2048)).expect("keygen");
        let pem = key.private_pkcs8_pem().expect("pem");
        let path = dir.path().join("omnichannel.pem");
        std::fs::write(&path, pem.expose()).expect("write");
        let (mut h, handles) = with_preset("microsoft-omnichannel");
        *handles.key_file.borrow_mut() = Some(path);
        h.get_by_label("Choose key file…").click();
        h.run();
        assert!(
            h.query_by_label_contains("Key file: omnichannel.pem")
                .is_some()
        );
        type_into(
            &mut h,
            "Contact or account GUID",
            "aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb",
        );
        type_into(&mut h, "Issuer", "contoso.com");
        let minted = h.state().bench.derived.minted.clone().expect("token");
        assert_eq!(minted.alg, Alg::RS256);
        h.get_by_label("Use a typed secret").click();
        h.run();
        assert!(h.state().bench.inputs.key.file.is_none());
    }

    #[test]
    fn a_file_that_is_not_a_key_is_a_message_not_a_crash() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, "hello\nworld\n").expect("write");
        let (mut h, handles) = with_preset("microsoft-omnichannel");
        *handles.key_file.borrow_mut() = Some(path);
        h.get_by_label("Choose key file…").click();
        h.run();
        assert!(h.state().bench.inputs.key.file.is_none());
        assert!(
            h.state()
                .toasts
                .texts()
                .iter()
                .any(|t| t.starts_with("notes.txt: ")),
            "{:?}",
            h.state().toasts.texts()
        );
    }

    #[test]
    fn a_secret_that_is_not_hex_says_so() {
        let (mut h, _) = with_preset("generic");
        type_into(&mut h, "Secret", "zz-not-hex");
        h.state_mut().bench.inputs.key.encoding = crate::core::secret::SecretEncoding::Hex;
        h.state_mut().bench.mark_dirty();
        h.run();
        assert!(shows(&h, "not valid hex"));
        let d = &h.state().bench.derived;
        assert!(
            d.stale,
            "the token from the text reading stays, marked as the last good one"
        );
        assert!(
            d.problem
                .as_deref()
                .unwrap_or_default()
                .contains("The key can't be used"),
            "{:?}",
            d.problem
        );
    }

    #[test]
    fn a_pem_pasted_into_the_secret_field_is_used_as_a_key() {
        let key = generate(KeySpec::Ec(Curve::P256)).expect("keygen");
        let pem = String::from_utf8(key.private_pkcs8_pem().expect("pem").expose().to_vec())
            .expect("utf8");
        let (mut h, _) = with_preset("generic");
        input(&h, "Secret").focus();
        h.run();
        h.event(eframe::egui::Event::Paste(pem));
        h.run();
        let d = &h.state().bench.derived;
        assert!(d.key.error.is_none(), "{:?}", d.key.error);
        assert!(
            d.key
                .description
                .as_deref()
                .unwrap_or_default()
                .contains("EC P-256 private key"),
            "{:?}",
            d.key.description
        );
        assert_eq!(d.minted.as_ref().map(|m| m.alg), Some(Alg::ES256));
    }
}
