//! The profile picker: saved widget setups, searchable; only the visible rows are laid out,
//! so a thousand profiles filter as fast as ten.

use eframe::egui::{self, RichText};

use crate::core::preset::Presets;
use crate::ui::app::command::{Command, ProfilesCommand};
use crate::ui::profiles::model::ProfileState;
use crate::ui::widgets;

/// The list shows this many rows at most; the vendor list sits below it.
const MAX_ROWS: usize = 8;

/// What the profile list shows.
pub struct ProfilesView<'a> {
    pub profiles: &'a ProfileState,
    pub presets: &'a Presets,
    /// A vendor is chosen (a profile can be made from it).
    pub has_preset: bool,
}

pub fn ui(ui: &mut egui::Ui, view: &ProfilesView<'_>, out: &mut Vec<Command>) {
    let state = view.profiles;
    let presets = view.presets;
    ui.horizontal(|ui| {
        widgets::theme::heading(ui, "Profiles");
        let n = state.list.len();
        let count = ui.label(widgets::theme::note(format!("{n}")));
        crate::ui::widgets::a11y::name(
            &count,
            &format!("{n} profile{}", if n == 1 { "" } else { "s" }),
        );
    });
    if state.unreadable.is_some() {
        // Where the profiles are always in sight: the file is there, its profiles are not
        // "none".
        let r = ui.label(
            RichText::new("The profiles file can't be read: nothing is saved until it can be.")
                .color(widgets::theme::palette(ui).error),
        );
        crate::ui::widgets::a11y::live(&r, true);
    }
    if state.list.is_empty() {
        if state.unreadable.is_none() {
            ui.label(widgets::theme::note(
                "Save a vendor, its values and its key under a name to come back to it.",
            ));
        }
    } else {
        let label = ui.label("Search profiles");
        let mut filter = state.filter.clone();
        if ui
            .add(
                egui::TextEdit::singleline(&mut filter)
                    .hint_text("staging, prod, customer…")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id)
            .changed()
        {
            out.push(Command::Profiles(ProfilesCommand::Filter(filter)));
        }
        let matches = &state.matches;
        if matches.is_empty() {
            ui.label(widgets::theme::note(format!(
                "No profile matches \"{}\".",
                state.filter.trim()
            )));
        }
        // A row is one button: its text plus padding, at least the interactive size.
        let row = ui.spacing().interact_size.y.max(
            ui.text_style_height(&egui::TextStyle::Button) + 2.0 * ui.spacing().button_padding.y,
        );
        let gap = ui.spacing().item_spacing.y;
        #[allow(clippy::cast_precision_loss)]
        let shown = matches.len().min(MAX_ROWS) as f32;
        egui::ScrollArea::vertical()
            .id_salt("profiles-list")
            .max_height(shown * row + (shown - 1.0).max(0.0) * gap)
            .auto_shrink([false, true])
            .show_rows(ui, row, matches.len(), |ui, rows| {
                for p in matches[rows].iter().filter_map(|&i| state.list.get(i)) {
                    let selected = state.active.as_deref() == Some(p.id.as_str());
                    let mut button = egui::Button::selectable(selected, RichText::new(&p.name))
                        .min_size(egui::vec2(ui.available_width(), row))
                        .truncate();
                    if !p.has_secret {
                        button = button.right_text(widgets::theme::note("no key"));
                    }
                    let r = ui.add(button).on_hover_text(format!(
                        "{} · {}",
                        presets
                            .get(&p.preset)
                            .map_or(p.preset.as_str(), |v| &v.name),
                        if p.has_secret {
                            "key in the keyring"
                        } else {
                            "no key stored"
                        }
                    ));
                    if !p.has_secret {
                        crate::ui::widgets::a11y::name(&r, &format!("{}, no key", p.name));
                    }
                    if r.clicked() && !selected {
                        out.push(Command::Profiles(ProfilesCommand::Open(p.id.clone())));
                    }
                }
            });
    }
    ui.horizontal_wrapped(|ui| {
        if ui
            .add_enabled(view.has_preset, egui::Button::new("+ New"))
            .on_hover_text("Save the current vendor, values and key as a profile")
            .on_disabled_hover_text("Choose a vendor first")
            .clicked()
        {
            out.push(Command::Profiles(ProfilesCommand::AskNew));
        }
        if ui
            .button("Import…")
            .on_hover_text("Add profiles from a recipe file")
            .clicked()
        {
            out.push(Command::Profiles(ProfilesCommand::Import));
        }
        if ui
            .add_enabled(!state.list.is_empty(), egui::Button::new("Export…"))
            .on_hover_text("Save every profile as a recipe (without keys)")
            .clicked()
        {
            out.push(Command::Profiles(ProfilesCommand::Export { all: true }));
        }
    });
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use crate::store::profiles::Profile;
    use crate::ui::profiles::view::*;

    fn state(names: &[(&str, &str)], filter: &str) -> ProfileState {
        let mut s = ProfileState {
            list: names
                .iter()
                .map(|(n, preset)| Profile::new(n, preset))
                .collect(),
            filter: filter.into(),
            ..ProfileState::default()
        };
        s.refilter(&Presets::builtin());
        s
    }

    /// The list alone, with a fixed view; returns what it asked for.
    fn drive(
        profiles: ProfileState,
        act: impl FnOnce(&mut Harness<'_, Vec<Command>>),
    ) -> Vec<Command> {
        let presets = Presets::builtin();
        let mut harness = Harness::new_ui_state(
            move |ui, out: &mut Vec<Command>| {
                let view = ProfilesView {
                    profiles: &profiles,
                    presets: &presets,
                    has_preset: true,
                };
                crate::ui::profiles::view::ui(ui, &view, out);
            },
            Vec::new(),
        );
        harness.run();
        act(&mut harness);
        harness.state().clone()
    }

    #[test]
    fn shows_the_matches_and_opens_the_one_clicked() {
        let s = state(
            &[
                ("Acme prod", "amazon-connect"),
                ("Contoso portal", "microsoft-omnichannel"),
            ],
            "dynamics",
        );
        let id = s.list[1].id.clone();
        let out = drive(s, |h| {
            assert!(
                h.query_by_label("2 profiles").is_some(),
                "the count in words"
            );
            assert!(
                h.query_by_label("Contoso portal, no key").is_some(),
                "a row says it has no key"
            );
            assert!(h.query_by_label_contains("Acme prod").is_none());
            h.get_by_label_contains("Contoso portal").click();
            h.run();
        });
        assert_eq!(out, [Command::Profiles(ProfilesCommand::Open(id))]);
    }

    #[test]
    fn typing_in_the_search_asks_for_the_new_filter() {
        let s = state(&[("Acme prod", "amazon-connect")], "");
        let out = drive(s, |h| {
            h.get_by_label("Search profiles").focus();
            h.run();
            h.get_by_label("Search profiles").type_text("ac");
            h.run();
        });
        assert_eq!(
            out.last(),
            Some(&Command::Profiles(ProfilesCommand::Filter("ac".into())))
        );
    }

    #[test]
    fn an_empty_list_offers_to_make_or_import_one() {
        let out = drive(ProfileState::default(), |h| {
            assert!(h.query_by_label_contains("Save a vendor").is_some());
            h.get_by_label("+ New").click();
            h.run();
            h.get_by_label("Import…").click();
            h.run();
        });
        assert_eq!(
            out,
            [
                Command::Profiles(ProfilesCommand::AskNew),
                Command::Profiles(ProfilesCommand::Import)
            ]
        );
    }
}
