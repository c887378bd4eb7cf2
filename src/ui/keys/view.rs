//! The signing key: a masked secret with a reveal toggle, its encoding, or a key file.

use eframe::egui::{self, RichText};

use crate::core::alg::Family;
use crate::core::key::PublicFormat;
use crate::core::preset::Preset;
use crate::core::secret::SecretEncoding;
use crate::store::profiles::Profile;
use crate::store::secrets::StoreKind;
use crate::ui::app::command::{Command, KeysCommand, ProfilesCommand};
use crate::ui::profiles::model::{KeyringState, SecretStatus};
use crate::ui::widgets;
use crate::ui::workbench::{KeyInput, KeyState};

/// What the key panel shows.
pub struct KeyView<'a> {
    pub preset: &'a Preset,
    pub key: &'a KeyInput,
    pub state: &'a KeyState,
    pub keyring: &'a KeyringState,
    /// The active profile and what its stored key is doing.
    pub profile: Option<(&'a Profile, &'a SecretStatus)>,
    /// Demo mode: the secret stays masked.
    pub demo: bool,
}

fn keyring_ui(
    ui: &mut egui::Ui,
    keyring: &KeyringState,
    profile: Option<(&Profile, &SecretStatus)>,
    out: &mut Vec<Command>,
) {
    let pal = widgets::theme::palette(ui);
    // The keyring answers, but did not take this key.
    let held = |id: &str| keyring.held_because(id).filter(|_| !keyring.session_only());
    if let Some((p, _)) = profile
        && let Some(why) = held(&p.id)
    {
        ui.horizontal_wrapped(|ui| {
            let r = ui.label(
                RichText::new(format!(
                    "⚠ The key of \"{}\" is held in memory for this session only: the keyring did not take it ({why}).",
                    p.name
                ))
                .color(pal.warn),
            );
            crate::ui::widgets::a11y::live(&r, false);
            if ui
                .small_button("Retry")
                .on_hover_text("Try to store it in the system keyring again")
                .clicked()
            {
                out.push(Command::Profiles(ProfilesCommand::RetryKeyring));
            }
        });
    }
    if keyring.session_only() {
        ui.horizontal_wrapped(|ui| {
            let reason = keyring
                .problem
                .as_deref()
                .unwrap_or("the system keyring is not available");
            ui.label(
                RichText::new("⚠ No system keyring: keys are kept in memory for this session only")
                    .color(pal.warn),
            )
            .on_hover_text(format!(
                "{reason}\n\nNothing is written to disk. Profiles keep their values; their keys move to the keyring once it can be reached."
            ));
            if ui
                .small_button("Retry")
                .on_hover_text("Try the system keyring again")
                .clicked()
            {
                out.push(Command::Profiles(ProfilesCommand::RetryKeyring));
            }
        });
    }
    let Some((profile, status)) = profile else {
        return;
    };
    let name = profile.name.as_str();
    let store = match &keyring.kind {
        Some(StoreKind::Keyring(n)) => format!("the {n} keyring"),
        Some(StoreKind::Memory) => "memory (this session only)".to_string(),
        None => "the keyring".to_string(),
    };
    ui.horizontal_wrapped(|ui| match status {
        SecretStatus::Loading => {
            ui.spinner();
            ui.label(format!("Reading the key of \"{name}\" from {store}…"));
        }
        SecretStatus::Stored if held(&profile.id).is_some() => {
            ui.label(RichText::new("Key held in memory (this session only)").color(pal.warn));
        }
        SecretStatus::Stored => {
            ui.label(RichText::new(format!("✔ Key stored in {store}")).color(pal.ok));
            if ui
                .button("Forget key…")
                .on_hover_text("Delete the key from the keyring")
                .clicked()
            {
                out.push(Command::Profiles(ProfilesCommand::AskForget));
            }
        }
        SecretStatus::Missing => {
            ui.label(widgets::theme::note(format!(
                "No key stored for \"{name}\" yet: enter it and save the profile."
            )));
        }
        SecretStatus::Unreachable => {
            ui.label(RichText::new(format!("The key of \"{name}\" is in the system keyring, which can't be reached: Retry, or enter the key for this session.")).color(pal.warn));
        }
        SecretStatus::Failed(e) => {
            let r = ui.label(RichText::new(format!("✖ The key could not be read: {e}")).color(pal.error));
            crate::ui::widgets::a11y::live(&r, true);
        }
        SecretStatus::None => {}
    });
}

pub fn ui(ui: &mut egui::Ui, view: &KeyView<'_>, out: &mut Vec<Command>) {
    {
        let KeyView {
            preset,
            key,
            state,
            keyring,
            profile,
            demo,
        } = *view;
        let pal = widgets::theme::palette(ui);
        widgets::theme::heading(ui, "Key");
        keyring_ui(ui, keyring, profile, out);
        let hmac = preset.algorithms().is_empty()
            || preset
                .algorithms()
                .iter()
                .any(|a| a.family() == Family::Hmac);
        if !preset.key.help.is_empty() {
            ui.label(widgets::theme::note(&preset.key.help));
        }
        ui.add_space(widgets::theme::ROW_GAP);

        if let Some((path, _)) = &key.file {
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("Key file: {name}"));
                if ui.button("Choose another…").clicked() {
                    out.push(Command::Keys(KeysCommand::ChooseFile));
                }
                if ui.button("Use a typed secret").clicked() {
                    out.push(Command::Keys(KeysCommand::ForgetFile));
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
                // Room for the Show button beside it.
                let width = (ui.available_width() - 64.0).max(120.0);
                let hint = if hmac {
                    "Paste the secret (or a PEM / JWK key)"
                } else {
                    "Paste a PEM or JWK, or choose a file"
                };
                let mut secret = key.secret.clone();
                let edit = ui
                    .add(
                        egui::TextEdit::singleline(&mut secret)
                            .password(demo || !key.reveal)
                            .hint_text(hint)
                            .desired_width(width)
                            .font(egui::TextStyle::Monospace),
                    )
                    .labelled_by(label.id);
                if edit.changed() {
                    out.push(Command::Keys(KeysCommand::Secret(secret)));
                }
                if ui
                    .add_enabled(
                        !demo,
                        egui::Button::selectable(key.reveal && !demo, reveal_text),
                    )
                    .on_hover_text("Show or hide the secret")
                    .on_disabled_hover_text("The secret stays hidden in demo mode")
                    .clicked()
                {
                    out.push(Command::Keys(KeysCommand::Reveal(!key.reveal)));
                }
            });
            ui.horizontal_wrapped(|ui| {
                if hmac {
                    let label = ui.label("Read as");
                    let mut encoding = key.encoding;
                    egui::ComboBox::from_id_salt("secret-encoding")
                        .selected_text(encoding_label(key.encoding))
                        .show_ui(ui, |ui| {
                            for e in SecretEncoding::ALL {
                                ui.selectable_value(&mut encoding, e, encoding_label(e));
                            }
                        })
                        .response
                        .labelled_by(label.id)
                        .on_hover_text("How the secret's text becomes key bytes. Every vendor here signs with the text's own bytes (utf8).");
                    if encoding != key.encoding {
                        out.push(Command::Keys(KeysCommand::Encoding(encoding)));
                    }
                }
                if ui.button("Choose key file…").clicked() {
                    out.push(Command::Keys(KeysCommand::ChooseFile));
                }
                if !hmac
                    && ui
                        .button("Generate key pair")
                        .on_hover_text(format!("A new {} key; its public half goes to {}", preset.algorithm_label(), preset.vendor))
                        .clicked()
                {
                    out.push(Command::Keys(KeysCommand::Generate));
                }
            });
        }
        if state.has_public {
            ui.horizontal_wrapped(|ui| {
                ui.label("Export the public key as");
                let lists = crate::core::key::known_lists().iter().map(|list| {
                    (
                        PublicFormat::List(list),
                        list.name.clone(),
                        format!("{}: several keys, each with its {}", list.name, list.kid),
                    )
                });
                for (format, text, hover) in [
                    (
                        PublicFormat::Pem,
                        "PEM".to_string(),
                        "SubjectPublicKeyInfo PEM (Omnichannel's single key URL)".to_string(),
                    ),
                    (
                        PublicFormat::Jwks,
                        "JWKS".to_string(),
                        "A JSON Web Key Set (Salesforce keysets)".to_string(),
                    ),
                ]
                .into_iter()
                .chain(lists)
                {
                    if ui.button(text).on_hover_text(hover).clicked() {
                        out.push(Command::Keys(KeysCommand::ExportPublic(format)));
                    }
                }
            });
        }

        match (&state.description, &state.error) {
            (_, Some(e)) => {
                let r = ui.label(RichText::new(format!("✖ {e}")).color(pal.error));
                crate::ui::widgets::a11y::live(&r, true);
            }
            (Some(d), None) => {
                ui.label(RichText::new(format!("✔ {d}")).color(pal.ok));
            }
            (None, None) => {
                ui.label(widgets::theme::note(if view.preset.is_hash() {
                    "No secret yet: the hash will appear once there is one."
                } else if hmac {
                    "No secret yet: the token will appear once there is one."
                } else {
                    "No key yet: choose the private key file that signs for this vendor."
                }));
            }
        }
        if let Some(d) = &state.diagnosis {
            ui.label(widgets::theme::note(format!(
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
    use egui_kittest::kittest::{NodeT, Queryable};

    use crate::ui::keys::view::*;
    use crate::ui::profiles::model::SecretStatus;
    use crate::ui::workbench::Workbench;

    /// The key panel alone, over `workbench` (and a profile whose key the keyring refused).
    fn alone(
        workbench: Workbench,
        held: Option<&'static str>,
    ) -> egui_kittest::Harness<'static, Vec<Command>> {
        let profile = Profile::new("Alpha", "amazon-connect");
        let mut keyring = KeyringState {
            kind: Some(StoreKind::Keyring("test".into())),
            ..KeyringState::default()
        };
        if let Some(why) = held {
            keyring.held.push((profile.id.clone(), why.into()));
        }
        panel(move |ui, out| {
            let preset = workbench.preset().expect("preset");
            let view = KeyView {
                preset,
                key: &workbench.inputs.key,
                state: &workbench.derived.key,
                keyring: &keyring,
                profile: held.map(|_| (&profile, &SecretStatus::Stored)),
                demo: false,
            };
            crate::ui::keys::view::ui(ui, &view, out);
        })
    }

    #[test]
    fn the_panel_alone_sends_the_typed_secret_and_its_choices() {
        let mut h = alone(workbench("amazon-connect"), None);
        assert!(
            h.query_by_label_contains("meets the 32-byte minimum")
                .is_some()
        );
        assert_eq!(
            h.get_by_label("Secret").accesskit_node().role(),
            egui::accesskit::Role::PasswordInput,
            "read as a password field: its text is never spoken"
        );
        h.get_by_label("Secret").focus();
        h.run();
        h.get_by_label("Secret").type_text("!");
        h.run();
        press(&mut h, "Show");
        press(&mut h, "Choose key file…");
        let out = h.state();
        let Some(Command::Keys(KeysCommand::Secret(typed))) = out.first() else {
            panic!("{out:?}");
        };
        assert_eq!(typed.expose(), format!("{SECRET}!"));
        assert_eq!(
            out[1..],
            [
                Command::Keys(KeysCommand::Reveal(true)),
                Command::Keys(KeysCommand::ChooseFile)
            ]
        );
    }

    #[test]
    fn a_key_pair_vendor_offers_to_generate_and_a_held_key_says_why() {
        let mut workbench = Workbench::new(crate::core::preset::Presets::builtin());
        workbench.select_preset("microsoft-omnichannel");
        workbench.refresh(NOW);
        let mut h = alone(workbench, Some("the keyring is locked"));
        assert!(h.query_by_label_contains("No key yet").is_some());
        let held = h.get_by_label_contains("the keyring is locked");
        assert_eq!(
            held.accesskit_node().data().live(),
            Some(egui::accesskit::Live::Polite),
            "the held key is announced"
        );
        press(&mut h, "Generate key pair");
        press(&mut h, "Retry");
        assert_eq!(
            *h.state(),
            [
                Command::Keys(KeysCommand::Generate),
                Command::Profiles(ProfilesCommand::RetryKeyring)
            ]
        );
    }

    use crate::core::alg::{Alg, Curve};
    use crate::core::key::{KeySpec, generate};
    use crate::ui::testing::*;

    /// An Omnichannel window signing with a new RSA key chosen as a file in `dir`.
    fn omnichannel_with_key_file(
        dir: &tempfile::TempDir,
    ) -> (
        egui_kittest::Harness<'static, crate::ui::testing::App>,
        Handles,
        std::path::PathBuf,
    ) {
        let key = generate(KeySpec::Rsa(2048)).expect("keygen");
        let pem = key.private_pkcs8_pem().expect("pem");
        let path = dir.path().join("omnichannel.pem");
        std::fs::write(&path, pem.expose()).expect("write");
        let (mut h, handles) = with_preset("microsoft-omnichannel");
        handles.files.choose_key_file(path.clone());
        h.get_by_label("Choose key file…").click();
        h.run();
        (h, handles, path)
    }

    #[test]
    fn the_secret_is_masked_until_revealed() {
        let (mut h, _) = with_preset("amazon-connect");
        type_into(&mut h, "Secret", SECRET);
        let shown = input(&h, "Secret").value().unwrap_or_default();
        assert!(!shown.contains("kJ6n8"), "masked: {shown:?}");
        assert!(!h.state().workbench.inputs.key.reveal);
        h.get_by_label("Show").click();
        h.run();
        assert!(h.state().workbench.inputs.key.reveal);
        assert_eq!(input(&h, "Secret").value().as_deref(), Some(SECRET));
        h.get_by_label("Hide").click();
        h.run();
        assert!(!h.state().workbench.inputs.key.reveal);
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
        let (mut h, _, _) = omnichannel_with_key_file(&dir);
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
        let minted = h.state().workbench.derived.minted.clone().expect("token");
        assert_eq!(minted.alg, Alg::RS256);
        h.get_by_label("Use a typed secret").click();
        h.run();
        assert!(h.state().workbench.inputs.key.file.is_none());
    }

    #[test]
    fn a_file_that_is_not_a_key_is_a_message_not_a_crash() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, "hello\nworld\n").expect("write");
        let (mut h, handles) = with_preset("microsoft-omnichannel");
        handles.files.choose_key_file(path);
        h.get_by_label("Choose key file…").click();
        h.run();
        assert!(h.state().workbench.inputs.key.file.is_none());
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
        send(
            &mut h,
            Command::Keys(KeysCommand::Encoding(
                crate::core::secret::SecretEncoding::Hex,
            )),
        );
        h.run();
        assert!(shows(&h, "not valid hex"));
        let d = &h.state().workbench.derived;
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
        let d = &h.state().workbench.derived;
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

    #[test]
    fn generate_a_key_pair_and_export_its_public_half() {
        let (mut h, handles) = with_preset("microsoft-omnichannel");
        h.get_by_label("Generate key pair").click();
        // The key is made in a task; in tests it is done by the time the click is handled.
        h.run();
        let description = h
            .state()
            .workbench
            .derived
            .key
            .description
            .clone()
            .unwrap_or_default();
        assert!(description.contains("RSA"), "{description}");
        assert!(shows(&h, "Generated a new key pair"));

        h.get_by_label("JWKS").click();
        h.run();
        let (what, name, jwks) = handles.files.saved().last().cloned().expect("saved");
        assert_eq!((what.as_str(), name.as_str()), ("public key", "jwks.json"));
        let value: serde_json::Value = serde_json::from_str(&jwks).expect("json");
        let key = &value["keys"][0];
        assert_eq!(key["kty"], "RSA");
        assert!(key.get("d").is_none(), "no private part: {jwks}");
        assert!(key["kid"].as_str().is_some_and(|k| !k.is_empty()), "{jwks}");

        h.get_by_label("PEM").click();
        h.run();
        let (_, _, pem) = handles.files.saved().last().cloned().expect("saved");
        assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----"), "{pem}");
    }

    #[test]
    fn a_profile_keeps_its_key_file_in_the_keyring() {
        let dir = tempfile::tempdir().expect("tmp");
        let (mut h, handles, path) = omnichannel_with_key_file(&dir);
        h.get_by_label("Save as profile…").click();
        h.run();
        type_into(&mut h, "Profile name", "omni");
        h.get_by_label("Save").click();
        h.run();
        let id = h.state().workbench.profiles.list[0].id.clone();
        let stored = handles.keyring.get(&id).expect("stored");
        assert!(
            stored.contains("BEGIN PRIVATE KEY"),
            "the file's text is kept"
        );
        // The file can go away: the profile still signs.
        std::fs::remove_file(&path).expect("rm");
        h.get_by_label("Close").click();
        h.run();
        send(&mut h, Command::Keys(KeysCommand::ForgetFile));
        h.get_by_label("omni").click();
        h.run();
        assert!(
            h.state().workbench.derived.key.keys.is_some(),
            "{:?}",
            h.state().workbench.derived.key.error
        );
    }
}
