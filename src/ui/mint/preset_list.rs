//! The searchable list of vendor presets.

use eframe::egui::{self, RichText};

use crate::core::preset::{Preset, PresetGroup, Presets};
use crate::ui::app::command::{Command, MintCommand};
use crate::ui::widgets;

/// What the vendor list shows.
pub struct PresetListView<'a> {
    pub presets: &'a Presets,
    pub filter: &'a str,
    pub selected: Option<&'a str>,
}

pub fn ui(ui: &mut egui::Ui, view: &PresetListView<'_>, out: &mut Vec<Command>) {
    let PresetListView {
        presets,
        filter,
        selected,
    } = *view;
    widgets::theme::heading(ui, "Vendor");
    let label = ui.label("Search presets");
    let mut text = filter.to_string();
    let search = ui
        .add(
            egui::TextEdit::singleline(&mut text)
                .hint_text("vendor, product, RS256, hash…")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id)
        .on_hover_text(
            "Every word must match a preset's vendor, product, id, algorithm or kind (jwt, jwe, hash, issued)",
        );
    if search.changed() {
        out.push(Command::Mint(MintCommand::PresetFilter(text)));
    }
    let matches = presets.search(filter);
    // Enter in the search box picks the first match.
    if search.lost_focus()
        && ui.input(|i| i.key_pressed(egui::Key::Enter))
        && let Some(first) = matches.first()
    {
        out.push(Command::Mint(MintCommand::SelectPreset(first.id.clone())));
    }
    ui.add_space(widgets::theme::ROW_GAP);
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if matches.is_empty() {
                ui.label(widgets::theme::note(format!(
                    "No preset matches \"{}\".",
                    filter.trim()
                )));
            }
            for kind in PresetGroup::ALL {
                let group: Vec<&Preset> = matches
                    .iter()
                    .copied()
                    .filter(|p| p.group() == kind)
                    .collect();
                if group.is_empty() {
                    continue;
                }
                let header = egui::CollapsingHeader::new(
                    RichText::new(format!("{} · {}", kind.title(), group.len())).strong(),
                )
                .id_salt(("preset-group", kind.id()))
                .default_open(true);
                // A search opens every group that has a match.
                let header = if filter.trim().is_empty() {
                    header
                } else {
                    header.open(Some(true))
                };
                header.show(ui, |ui| {
                    for p in group {
                        preset_button(ui, p, selected == Some(p.id.as_str()), out);
                    }
                });
            }
            if !presets.problems.is_empty() {
                ui.add_space(widgets::theme::SECTION_GAP);
                let pal = widgets::theme::palette(ui);
                let n = presets.problems.len();
                let details: Vec<String> =
                    presets.problems.iter().map(ToString::to_string).collect();
                ui.label(
                    RichText::new(format!(
                        "⚠ {n} preset file{} skipped",
                        if n == 1 { "" } else { "s" }
                    ))
                    .color(pal.warn),
                )
                .on_hover_text(details.join("\n\n"));
            }
        });
}

/// One preset: its name, then vendor and algorithm in small type.
fn preset_button(ui: &mut egui::Ui, p: &Preset, is_selected: bool, out: &mut Vec<Command>) {
    let pal = widgets::theme::palette(ui);
    let mut job = egui::text::LayoutJob::default();
    let body = egui::TextStyle::Body.resolve(ui.style());
    let small = egui::TextStyle::Small.resolve(ui.style());
    let strong = ui.visuals().strong_text_color();
    // "Amazon Connect" over "hosted chat widget · HS256": two short lines, not four.
    let (product, detail) = p.name.split_once(" — ").unwrap_or((&p.name, &p.vendor));
    job.append(product, 0.0, egui::TextFormat::simple(body, strong));
    job.append(
        &format!("\n{detail} · {}", p.algorithm_label()),
        0.0,
        egui::TextFormat::simple(small, pal.muted),
    );
    let button = egui::Button::selectable(is_selected, job)
        .min_size(egui::vec2(ui.available_width(), 0.0))
        .wrap();
    let response = ui.add(button);
    // On every Tab a screen reader reads the description: one sentence; the rules stay in
    // the tooltip and the checklist.
    crate::ui::widgets::a11y::describe(
        &response,
        &crate::ui::widgets::a11y::short_sentence(&p.description),
    );
    let response = response.on_hover_text(format!(
        "{}\n\n{} · {}",
        p.description,
        p.id,
        p.algorithm_label()
    ));
    // One line for screen readers, as the tooltip says it.
    let name = format!("{}, {} · {}", p.name, p.vendor, p.algorithm_label());
    crate::ui::widgets::a11y::name(&response, &name);
    if response.clicked() {
        out.push(Command::Mint(MintCommand::SelectPreset(p.id.clone())));
    }
}

#[cfg(test)]
mod tests {
    use egui_kittest::kittest::Queryable;

    use crate::ui::mint::preset_list::*;
    use crate::ui::testing::*;

    #[test]
    fn the_list_alone_shows_the_matches_and_asks_for_the_one_clicked() {
        let mut h = panel(|ui, out| {
            let presets = Presets::builtin();
            let view = PresetListView {
                presets: &presets,
                filter: "zendesk",
                selected: Some("zendesk-chat"),
            };
            crate::ui::mint::preset_list::ui(ui, &view, out);
        });
        assert!(h.query_by_label_contains("Amazon Connect").is_none());
        assert!(
            h.query_by_label("Zendesk Chat — Web Widget (Classic), Zendesk · HS256")
                .is_some(),
            "each vendor reads as one line"
        );
        press_contains(&mut h, "Zendesk Messaging");
        h.get_by_label("Search presets").focus();
        h.run();
        h.get_by_label("Search presets").type_text("!");
        h.run();
        assert_eq!(
            *h.state(),
            [
                Command::Mint(MintCommand::SelectPreset("zendesk-messaging".into())),
                Command::Mint(MintCommand::PresetFilter("zendesk!".into()))
            ]
        );
    }

    #[test]
    fn search_filters_and_enter_picks_the_first() {
        let (mut h, _) = harness(crate::ui::app::state::Settings::default());
        type_into(&mut h, "Search presets", "zendesk");
        assert!(!shows(&h, "Amazon Connect — hosted chat widget"));
        assert!(shows(&h, "Zendesk Chat"));
        assert!(shows(&h, "Zendesk Messaging"));
        h.key_press(eframe::egui::Key::Enter);
        h.run();
        assert_eq!(
            h.state().workbench.inputs.preset_id.as_deref(),
            Some("zendesk-chat")
        );
        type_into(&mut h, "Search presets", "-nothing-like-this");
        assert!(h.query_by_label_contains("No preset matches").is_some());
    }

    #[test]
    fn switching_presets_keeps_what_was_typed() {
        let (mut h, _) = connect_with_token();
        h.get_by_label_contains("Intercom Messenger").click();
        h.run();
        assert_eq!(
            h.state().workbench.inputs.preset_id.as_deref(),
            Some("intercom")
        );
        h.get_by_label_contains("Amazon Connect — hosted chat widget")
            .click();
        h.run();
        assert_eq!(input(&h, "Widget ID").value().as_deref(), Some("widget-1"));
    }
}
