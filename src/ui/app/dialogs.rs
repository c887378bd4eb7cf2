//! The questions the window asks, as modal dialogs. A dialog reads its question and pushes
//! the answer (or the typed name) as a command; Enter confirms, Escape cancels.

use eframe::egui::{self, Key, RichText};

use crate::store::profiles::Profile;
use crate::ui::app::command::{Answer, Command, DialogCommand};
use crate::ui::widgets;

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
    /// The keyboard shortcuts (F1 or ?).
    Help,
    /// A recipe read: what it would add, and what it leaves out, before anything is added.
    Import {
        recipe: Box<crate::store::recipe::Imported>,
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
            Modal::Help => "Keyboard shortcuts",
            Modal::Import { .. } => "Import the recipe?",
        }
    }
}

/// What a recipe adds, and what it leaves out (in the error colour, live for screen
/// readers).
fn import_ui(ui: &mut egui::Ui, recipe: &crate::store::recipe::Imported) {
    for line in &recipe.adds {
        ui.label(line);
    }
    if !recipe.dropped.is_empty() {
        ui.add_space(widgets::theme::ROW_GAP);
        let pal = widgets::theme::palette(ui);
        for line in &recipe.dropped {
            let r = ui.label(egui::RichText::new(line).color(pal.warn));
            crate::ui::widgets::a11y::live(&r, false);
        }
        ui.label(widgets::theme::note(
            "A widget script is loaded only from the vendor's own hosts; type another one yourself if you trust it.",
        ));
    }
}

/// Shows `modal`; `busy` while the store is carrying out its answer.
pub fn modal_ui(ctx: &egui::Context, modal: &Modal, busy: bool, out: &mut Vec<Command>) {
    let mut answer = None;
    let response = egui::Modal::new(egui::Id::unique("tokenbench-modal")).show(ctx, |ui| {
        ui.set_width(420.0);
        crate::ui::widgets::a11y::dialog(ui, modal.title());
        widgets::theme::heading(ui, modal.title());
        if *modal == Modal::Help {
            help_ui(ui);
            ui.add_space(widgets::theme::ROW_GAP);
            let close = ui.button("Close");
            if close.clicked() {
                answer = Some(Answer::Cancel);
            }
            focus_inside(ui, &[&close], &close);
            return;
        }
        let mut field = None;
        let (yes, discard) = match modal {
            Modal::NewProfile { name, error } | Modal::Rename { name, error, .. } => {
                field = Some(name_ui(ui, name, error.as_deref(), out));
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
                ui.label(widgets::theme::note(
                    "Keep mine saves your values over theirs (everything else they changed stays). Take theirs puts their values in the form.",
                ));
                ("Keep mine", Some("Take theirs"))
            }
            Modal::Help => ("Close", None),
            Modal::Import { recipe } => {
                import_ui(ui, recipe);
                ("Import", None)
            }
        };
        ui.add_space(widgets::theme::ROW_GAP);
        let (yes_button, discard_button, cancel) = ui
            .horizontal(|ui| {
                let (yes_button, discard_button) = ui
                    .add_enabled_ui(!busy, |ui| {
                        let yes_button = ui.button(yes);
                        if yes_button.clicked() {
                            answer = Some(Answer::Yes);
                        }
                        let discard_button = discard.map(|d| ui.button(d));
                        if discard_button.as_ref().is_some_and(egui::Response::clicked) {
                            answer = Some(Answer::Discard);
                        }
                        (yes_button, discard_button)
                    })
                    .inner;
                let cancel = ui.button("Cancel");
                if cancel.clicked() {
                    answer = Some(Answer::Cancel);
                }
                if busy {
                    ui.spinner();
                }
                (yes_button, discard_button, cancel)
            })
            .inner;
        // Focus starts inside the dialog, where a screen reader then reads it: the name to
        // type, Cancel when the answer destroys something, else the first answer.
        let mut inside = vec![&yes_button, &cancel];
        inside.extend(discard_button.as_ref());
        inside.extend(field.as_ref());
        let first = match (&field, modal) {
            (Some(field), _) => field,
            (None, Modal::ConfirmDelete { .. } | Modal::ConfirmForget { .. }) => &cancel,
            (None, _) => &yes_button,
        };
        focus_inside(ui, &inside, first);
    });
    // Enter confirms, Escape (or a click outside) cancels.
    if answer.is_none() && !busy && ctx.input(|i| i.key_pressed(Key::Enter)) {
        answer = Some(if *modal == Modal::Help {
            Answer::Cancel
        } else {
            Answer::Yes
        });
    }
    if answer.is_none() && response.should_close() {
        answer = Some(Answer::Cancel);
    }
    if let Some(a) = answer {
        out.push(Command::Dialog(DialogCommand::Answer(a)));
    }
}

/// Moves the keyboard focus to `first` unless it is already on one of the dialog's own
/// controls (`inside`): as the dialog opens, and if it ever strays behind it.
fn focus_inside(ui: &egui::Ui, inside: &[&egui::Response], first: &egui::Response) {
    let focused = ui.memory(egui::Memory::focused);
    if !focused.is_some_and(|id| inside.iter().any(|r| r.id == id)) {
        first.request_focus();
    }
}

/// The profile name field, with the reason a name was refused.
fn name_ui(
    ui: &mut egui::Ui,
    name: &str,
    error: Option<&str>,
    out: &mut Vec<Command>,
) -> egui::Response {
    let label = ui.label("Profile name");
    let mut text = name.to_string();
    let edit = ui
        .add(
            egui::TextEdit::singleline(&mut text)
                .hint_text("Connect — staging")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if edit.changed() {
        out.push(Command::Dialog(DialogCommand::Name(text)));
    }
    let state = crate::ui::widgets::a11y::FieldState {
        required: true,
        invalid: error,
        read_only: false,
    };
    crate::ui::widgets::a11y::field(&edit, state);
    if let Some(e) = error {
        let r = ui.label(RichText::new(e).color(widgets::theme::palette(ui).error));
        crate::ui::widgets::a11y::live(&r, true);
    }
    edit
}

/// Every keyboard shortcut, in a table a screen reader reads row by row.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Ctrl+1 / Ctrl+2", "Mint mode / Inspect mode"),
    ("Ctrl+3 / Ctrl+4 / Ctrl+5", "History / Diff / Scan"),
    (
        "Drop a file on the window",
        "Scan it for tokens (a HAR capture or a log)",
    ),
    (
        "Ctrl+V (outside a text field)",
        "Inspect the token on the clipboard",
    ),
    ("Ctrl+R", "Re-mint: sign again with a fresh iat and exp"),
    ("Ctrl+Shift+C", "Copy the token"),
    ("Ctrl+D", "Demo mode on or off"),
    ("Ctrl+= / Ctrl+- / Ctrl+0", "Zoom in / out / back to 100 %"),
    ("Ctrl+Q", "Quit"),
    ("F1 or ? (outside a text field)", "These shortcuts"),
    (
        "Tab / Shift+Tab",
        "The next / previous control, panel by panel",
    ),
    (
        "Arrow keys",
        "Move between the items of a list or a row of buttons",
    ),
    (
        "Enter or Space",
        "Press the focused button; Enter confirms a dialog (one that deletes starts on Cancel)",
    ),
    (
        "Escape",
        "Close a dialog, a menu or a list; leave a text field",
    ),
];

fn help_ui(ui: &mut egui::Ui) {
    egui::Grid::new("shortcuts")
        .num_columns(2)
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            for (keys, what) in SHORTCUTS {
                ui.label(RichText::new(*keys).monospace().strong());
                ui.label(*what);
                ui.end_row();
            }
        });
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::{NodeT, Queryable};

    use crate::ui::app::dialogs::*;

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
        let dialog = h.get_by(|n| n.role() == egui::accesskit::Role::Dialog);
        assert_eq!(
            dialog.accesskit_node().label().as_deref(),
            Some("Name the profile")
        );
        assert!(dialog.accesskit_node().is_modal());
        let reason = h.get_by_label_contains("already a profile");
        assert_eq!(
            reason.accesskit_node().data().live(),
            Some(egui::accesskit::Live::Assertive)
        );
        let field = h.get_by_label("Profile name");
        assert_eq!(
            field.accesskit_node().data().invalid(),
            Some(egui::accesskit::Invalid::True)
        );
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
                Command::Dialog(DialogCommand::Name("prod-2".into())),
                Command::Dialog(DialogCommand::Answer(Answer::Yes))
            ]
        );
    }

    #[test]
    fn enter_answers_yes_and_escape_cancels() {
        let mut h = ask(name_dialog(None));
        h.key_press(Key::Enter);
        h.run();
        assert_eq!(
            h.state().last(),
            Some(&Command::Dialog(DialogCommand::Answer(Answer::Yes)))
        );
        let mut h = ask(Modal::ConfirmForget {
            name: "prod".into(),
        });
        h.key_press(Key::Escape);
        h.run();
        assert_eq!(
            *h.state(),
            [Command::Dialog(DialogCommand::Answer(Answer::Cancel))]
        );
    }

    /// The label of the control that has the keyboard focus.
    fn focused(h: &Harness<'static, Vec<Command>>) -> Option<String> {
        h.query_all_by(|_| true)
            .find(|n| n.accesskit_node().is_focused())
            .and_then(|n| n.accesskit_node().label())
    }

    #[test]
    fn focus_starts_inside_every_dialog_and_on_cancel_when_it_deletes() {
        let unsaved = Modal::Unsaved {
            next: Next::Profile("p".into()),
            active: Some("prod".into()),
        };
        let cases = [
            (Modal::Help, "Close"),
            (name_dialog(None), "Profile name"),
            (
                Modal::ConfirmDelete {
                    id: "p".into(),
                    name: "prod".into(),
                },
                "Cancel",
            ),
            (
                Modal::ConfirmForget {
                    name: "prod".into(),
                },
                "Cancel",
            ),
            (unsaved, "Save and switch"),
        ];
        for (modal, want) in cases {
            let title = modal.title();
            let h = ask(modal);
            assert_eq!(focused(&h).as_deref(), Some(want), "{title}");
        }
        // Enter presses the focused button: a delete is cancelled, not done by surprise.
        let mut h = ask(Modal::ConfirmDelete {
            id: "p".into(),
            name: "prod".into(),
        });
        h.key_press(Key::Enter);
        h.run();
        assert_eq!(
            h.state().first(),
            Some(&Command::Dialog(DialogCommand::Answer(Answer::Cancel)))
        );
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
        assert_eq!(
            *h.state(),
            [Command::Dialog(DialogCommand::Answer(Answer::Discard))]
        );
    }
}
