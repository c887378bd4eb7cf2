//! The questions the window asks, as modal dialogs. A dialog reads its question and pushes
//! the answer (or the typed name) as a command; Enter confirms, Escape cancels.

use eframe::egui::{self, Key, RichText};

use super::command::{Answer, Command, Edit};
use super::theme;
use crate::store::profiles::Profile;

/// A question the window is asking.
#[derive(Clone, Debug, PartialEq)]
pub enum Modal {
    NewProfile {
        name: String,
        error: Option<String>,
    },
    Rename {
        id: String,
        name: String,
        error: Option<String>,
    },
    ConfirmDelete {
        id: String,
        name: String,
    },
    ConfirmForget {
        name: String,
    },
    /// Going to `next` would replace unsaved typing (or leave the active profile's changes
    /// unsaved).
    Unsaved {
        next: Next,
        active: Option<String>,
    },
    /// Saving found the same values changed elsewhere since the profile was opened.
    Conflict {
        current: Box<Profile>,
        fields: Vec<String>,
    },
}

/// Where the user was going when asked about unsaved changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next {
    Profile(String),
    /// Another vendor: the profile, tied to its own, closes.
    Preset(String),
}

impl Modal {
    /// The dialog's title, also its name for screen readers.
    pub fn title(&self) -> &'static str {
        match self {
            Modal::NewProfile { .. } | Modal::Rename { .. } => "Name the profile",
            Modal::ConfirmDelete { .. } => "Delete the profile?",
            Modal::ConfirmForget { .. } => "Forget the key?",
            Modal::Unsaved {
                active: Some(_), ..
            } => "Save your changes?",
            Modal::Unsaved { active: None, .. } => "Replace what you typed?",
            Modal::Conflict { .. } => "Changed elsewhere too",
        }
    }
}

/// Shows `modal`; `busy` while the store is carrying out its answer.
pub fn modal_ui(ctx: &egui::Context, modal: &Modal, busy: bool, out: &mut Vec<Command>) {
    let mut answer = None;
    let response = egui::Modal::new(egui::Id::unique("tokenbench-modal")).show(ctx, |ui| {
        ui.set_width(420.0);
        theme::heading(ui, modal.title());
        let (yes, discard) = match modal {
            Modal::NewProfile { name, error } | Modal::Rename { name, error, .. } => {
                name_ui(ui, name, error.as_deref(), out);
                ("Save", None)
            }
            Modal::ConfirmDelete { name, .. } => {
                ui.label(format!(
                    "\"{name}\" and its key in the system keyring will be deleted. This can't be undone."
                ));
                ("Delete", None)
            }
            Modal::ConfirmForget { name } => {
                ui.label(format!(
                    "The key of \"{name}\" will be deleted from the system keyring."
                ));
                ("Forget", None)
            }
            Modal::Unsaved {
                active: Some(name),
                next,
            } => {
                let why = match next {
                    Next::Profile(_) => "",
                    Next::Preset(_) => {
                        " It closes when you choose another vendor; the values stay in the form."
                    }
                };
                ui.label(format!("\"{name}\" has changes that are not saved.{why}"));
                ("Save and switch", Some("Switch without saving"))
            }
            Modal::Unsaved { active: None, .. } => {
                ui.label("The profile's values and key will replace the ones you typed, which are not saved in a profile.");
                ("Save as a profile…", Some("Discard and switch"))
            }
            Modal::Conflict { current, fields } => {
                ui.label(format!(
                    "\"{}\" was changed in another tokenbench window or from the command line since you opened it, and you both changed: {}.",
                    current.name,
                    fields.join(", ")
                ));
                ui.label(theme::note(
                    "Keep mine saves your values over theirs (everything else they changed stays). Take theirs puts their values in the form.",
                ));
                ("Keep mine", Some("Take theirs"))
            }
        };
        ui.add_space(theme::ROW_GAP);
        ui.horizontal(|ui| {
            ui.add_enabled_ui(!busy, |ui| {
                if ui.button(yes).clicked() {
                    answer = Some(Answer::Yes);
                }
                if let Some(d) = discard
                    && ui.button(d).clicked()
                {
                    answer = Some(Answer::Discard);
                }
            });
            if ui.button("Cancel").clicked() {
                answer = Some(Answer::Cancel);
            }
            if busy {
                ui.spinner();
            }
        });
    });
    // Enter confirms, Escape (or a click outside) cancels.
    if answer.is_none() && !busy && ctx.input(|i| i.key_pressed(Key::Enter)) {
        answer = Some(Answer::Yes);
    }
    if answer.is_none() && response.should_close() {
        answer = Some(Answer::Cancel);
    }
    if let Some(a) = answer {
        out.push(Command::Answer(a));
    }
}

/// The profile name field, focused, with the reason a name was refused.
fn name_ui(ui: &mut egui::Ui, name: &str, error: Option<&str>, out: &mut Vec<Command>) {
    let label = ui.label("Profile name");
    let mut text = name.to_string();
    let edit = ui
        .add(
            egui::TextEdit::singleline(&mut text)
                .hint_text("Connect — staging")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if ui.memory(|m| m.focused().is_none()) {
        edit.request_focus();
    }
    if edit.changed() {
        out.push(Edit::DialogName(text).into());
    }
    if let Some(e) = error {
        ui.label(RichText::new(e).color(theme::palette(ui).error));
    }
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;

    /// The dialog alone, asking `modal`; returns the harness and what it asked for.
    fn ask(modal: Modal) -> Harness<'static, Vec<Command>> {
        let mut h = Harness::builder()
            .with_size(egui::vec2(800.0, 600.0))
            .build_ui_state(
                move |ui, out: &mut Vec<Command>| modal_ui(&ui.ctx().clone(), &modal, false, out),
                Vec::new(),
            );
        h.run();
        h
    }

    fn name_dialog(error: Option<&str>) -> Modal {
        Modal::NewProfile {
            name: "prod".into(),
            error: error.map(str::to_string),
        }
    }

    #[test]
    fn the_name_dialog_sends_the_typing_and_the_answer() {
        let mut h = ask(name_dialog(Some(
            "there is already a profile named \"prod\"",
        )));
        assert!(h.query_by_label_contains("already a profile").is_some());
        assert_eq!(
            h.get_by_label("Profile name").value().as_deref(),
            Some("prod")
        );
        h.get_by_label("Profile name").type_text("-2");
        h.run();
        h.get_by_label("Save").click();
        h.run();
        assert_eq!(
            *h.state(),
            [
                Edit::DialogName("prod-2".into()).into(),
                Command::Answer(Answer::Yes)
            ]
        );
    }

    #[test]
    fn enter_answers_yes_and_escape_cancels() {
        let mut h = ask(name_dialog(None));
        h.key_press(Key::Enter);
        h.run();
        assert_eq!(h.state().last(), Some(&Command::Answer(Answer::Yes)));
        let mut h = ask(Modal::ConfirmForget {
            name: "prod".into(),
        });
        h.key_press(Key::Escape);
        h.run();
        assert_eq!(*h.state(), [Command::Answer(Answer::Cancel)]);
    }

    #[test]
    fn a_conflict_names_what_both_changed_and_offers_both_ways() {
        let current = Profile::new("Alpha", "intercom");
        let mut h = ask(Modal::Conflict {
            current: Box::new(current),
            fields: vec!["claims.sub".into()],
        });
        assert!(
            h.query_by_label_contains("you both changed: claims.sub")
                .is_some()
        );
        h.get_by_label("Take theirs").click();
        h.run();
        assert_eq!(*h.state(), [Command::Answer(Answer::Discard)]);
    }
}
