//! "Profile: Connect — staging [Save changes] [More] [Close]", or "Save as profile…"; and
//! the note about a change made elsewhere (deleted, or changed in another window).

use eframe::egui::{self, RichText};

use crate::store::profiles::Profile;
use crate::ui::app::command::{Command, ProfilesCommand};
use crate::ui::widgets;

/// What the profile bar shows.
pub struct ProfileBarView<'a> {
    pub active: Option<&'a Profile>,
    /// The form or key differ from the profile as saved.
    pub changed: bool,
    pub notice: Option<&'a str>,
    /// The profiles file can't be read: why (nothing is saved meanwhile).
    pub unreadable: Option<&'a str>,
    /// A change is on its way to the store.
    pub busy: bool,
}

pub fn ui(ui: &mut egui::Ui, view: &ProfileBarView<'_>, out: &mut Vec<Command>) {
    let pal = widgets::theme::palette(ui);
    if let Some(why) = view.unreadable {
        widgets::theme::banner(ui, pal.error_bg, pal.error, |ui| {
            let r = ui.label(
                RichText::new(format!(
                    "{why}. The profiles are shown as last read; fix the file's permissions and tokenbench reads it again when the window regains focus."
                ))
                .color(pal.error),
            );
            crate::ui::widgets::a11y::live(&r, true);
        });
        ui.add_space(widgets::theme::ROW_GAP);
    }
    if let Some(notice) = view.notice {
        widgets::theme::banner(ui, pal.warn_bg, pal.warn, |ui| {
            ui.horizontal_wrapped(|ui| {
                let r = ui.label(RichText::new(notice).color(pal.warn));
                crate::ui::widgets::a11y::live(&r, false);
                if ui.small_button("Dismiss").clicked() {
                    out.push(Command::Profiles(ProfilesCommand::DismissNotice));
                }
            });
        });
        ui.add_space(widgets::theme::ROW_GAP);
    }
    ui.horizontal_wrapped(|ui| match view.active {
        Some(p) => {
            ui.label(
                RichText::new(format!("Profile: {}", p.name))
                    .strong()
                    .color(pal.info),
            );
            let changed = view.changed;
            let save = egui::Button::new(if changed { "Save changes" } else { "Saved" });
            if ui
                .add_enabled(changed && !view.busy, save)
                .on_hover_text("Save the values (and the key, to the keyring)")
                .clicked()
            {
                out.push(Command::Profiles(ProfilesCommand::Save));
            }
            if view.busy {
                ui.spinner();
            }
            ui.menu_button("More", |ui| {
                if ui.button("Rename…").clicked() {
                    out.push(Command::Profiles(ProfilesCommand::AskRename(p.id.clone())));
                }
                if ui
                    .button("Duplicate")
                    .on_hover_text("A copy under a new name, with the same key")
                    .clicked()
                {
                    out.push(Command::Profiles(ProfilesCommand::Duplicate(p.id.clone())));
                }
                if ui
                    .button("Export recipe…")
                    .on_hover_text("Share this setup without its key")
                    .clicked()
                {
                    out.push(Command::Profiles(ProfilesCommand::Export { all: false }));
                }
                ui.separator();
                if ui
                    .button("Delete…")
                    .on_hover_text("Delete the profile and its key")
                    .clicked()
                {
                    out.push(Command::Profiles(ProfilesCommand::AskDelete(p.id.clone())));
                }
            })
            .response
            .on_hover_text("Rename, duplicate, export or delete this profile");
            if ui
                .button("Close")
                .on_hover_text("Leave the profile; the form stays")
                .clicked()
            {
                out.push(Command::Profiles(ProfilesCommand::Close));
            }
        }
        None => {
            if ui
                .button("Save as profile…")
                .on_hover_text(
                    "Keep this vendor, these values and the key (in the system keyring) under a name",
                )
                .clicked()
            {
                out.push(Command::Profiles(ProfilesCommand::AskNew));
            }
        }
    });
    ui.add_space(widgets::theme::ROW_GAP);
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::{NodeT, Queryable};

    use crate::ui::profiles::bar::*;

    /// The bar alone, with a fixed view; returns what it asked for.
    fn drive(view: ProfileBarView<'static>, click: &[&str]) -> Vec<Command> {
        let mut harness = Harness::new_ui_state(
            move |ui, out: &mut Vec<Command>| crate::ui::profiles::bar::ui(ui, &view, out),
            Vec::new(),
        );
        harness.run();
        for label in click {
            harness.get_by_label(label).click();
            harness.run();
        }
        harness.state().clone()
    }

    fn alpha() -> &'static Profile {
        Box::leak(Box::new(Profile::new("Alpha", "intercom")))
    }

    #[test]
    fn unsaved_changes_can_be_saved_and_the_menu_acts_on_the_profile() {
        let p = alpha();
        let view = ProfileBarView {
            active: Some(p),
            changed: true,
            notice: None,
            unreadable: None,
            busy: false,
        };
        let out = drive(view, &["Save changes", "More", "Delete…"]);
        assert_eq!(
            out,
            [
                Command::Profiles(ProfilesCommand::Save),
                Command::Profiles(ProfilesCommand::AskDelete(p.id.clone()))
            ]
        );
    }

    #[test]
    fn nothing_to_save_and_a_notice_to_dismiss() {
        let view = || ProfileBarView {
            active: Some(alpha()),
            changed: false,
            notice: Some("\"Alpha\" was deleted elsewhere"),
            unreadable: None,
            busy: false,
        };
        let shown = view();
        let mut notice = egui_kittest::Harness::new_ui_state(
            move |ui, out: &mut Vec<Command>| crate::ui::profiles::bar::ui(ui, &shown, out),
            Vec::new(),
        );
        notice.run();
        let live = notice
            .get_by_label_contains("deleted elsewhere")
            .accesskit_node()
            .data()
            .live();
        assert_eq!(
            live,
            Some(egui::accesskit::Live::Polite),
            "the notice is announced"
        );
        let out = drive(view(), &["Saved", "Dismiss"]);
        assert_eq!(
            out,
            [Command::Profiles(ProfilesCommand::DismissNotice)],
            "Saved is disabled"
        );
        let view = ProfileBarView {
            active: None,
            changed: false,
            notice: None,
            unreadable: None,
            busy: false,
        };
        assert_eq!(
            drive(view, &["Save as profile…"]),
            [Command::Profiles(ProfilesCommand::AskNew)]
        );
    }
}
