//! The first-run view: what to do first.

use eframe::egui::{self, RichText};

use crate::core::preset::{Preset, Presets};
use crate::ui::app::command::{Command, MintCommand, WindowCommand};
use crate::ui::widgets;

/// How many vendors the first-run view offers as buttons at once.
const SHOWN: usize = 8;

pub fn welcome_ui(ui: &mut egui::Ui, presets: &Presets, filter: &str, out: &mut Vec<Command>) {
    ui.add_space(24.0);
    ui.vertical_centered(|ui| {
        ui.set_max_width(560.0);
        ui.label(RichText::new("tokenbench").size(28.0).strong());
        ui.label(
            RichText::new("Test tokens for chat widgets, and why a widget rejects one.").size(15.0),
        );
        ui.add_space(widgets::theme::SECTION_GAP);
    });
    ui.vertical_centered(|ui| {
        ui.set_max_width(560.0);
        egui::Frame::group(ui.style())
            .inner_margin(egui::Margin::same(14))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                let label = ui.label(RichText::new("1.  Pick the widget's vendor").strong());
                let mut text = filter.to_string();
                let search = ui
                    .add(
                        egui::TextEdit::singleline(&mut text)
                            .hint_text("Find a vendor: Twilio, Kustomer, RS256, hash…")
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(label.id);
                if search.changed() {
                    out.push(Command::Mint(MintCommand::PresetFilter(text)));
                }
                let searching = !filter.trim().is_empty();
                let found: Vec<&Preset> = if searching {
                    presets.search(filter)
                } else {
                    presets.iter().filter(|p| p.featured).collect()
                };
                if searching
                    && search.lost_focus()
                    && ui.input(|i| i.key_pressed(egui::Key::Enter))
                    && let Some(first) = found.first()
                {
                    out.push(Command::Mint(MintCommand::SelectPreset(first.id.clone())));
                }
                ui.horizontal_wrapped(|ui| {
                    for p in found.iter().take(SHOWN) {
                        if ui.button(p.vendor_label()).on_hover_text(&p.name).clicked() {
                            out.push(Command::Mint(MintCommand::SelectPreset(p.id.clone())));
                        }
                    }
                    if !searching && ui.button("Any JWT").clicked() {
                        out.push(Command::Mint(MintCommand::SelectPreset("generic".into())));
                    }
                });
                let more = found.len().saturating_sub(SHOWN);
                ui.label(widgets::theme::note(match (searching, found.len(), more) {
                    (true, 0, _) => format!("No vendor matches \"{}\".", filter.trim()),
                    (true, _, 0) => "All the matches are above, and in the Vendor list on the left.".to_string(),
                    (true, _, n) => format!("{n} more in the Vendor list on the left."),
                    (false, _, _) => format!(
                        "{} presets in all, signed and encrypted tokens, identity hashes, tokens vendors issue: search above, or browse the Vendor list on the left.",
                        presets.len()
                    ),
                }));
                ui.add_space(widgets::theme::ROW_GAP);
                ui.label(RichText::new("2.  Paste its secret, or choose its key file").strong());
                ui.label(widgets::theme::note(
                    "It is never written to a file: it stays in memory, or in the system keyring when you save a profile.",
                ));
                ui.add_space(widgets::theme::ROW_GAP);
                ui.label(RichText::new("3.  Fill in the claims").strong());
                ui.label(widgets::theme::note(
                    "The signed token appears on the right, ready to copy, with a countdown (for an identity hash: the visitor's id, and the hash).",
                ));
                ui.add_space(widgets::theme::ROW_GAP);
                ui.label(RichText::new("4.  Save it as a profile").strong());
                ui.label(widgets::theme::note(
                    "Next time, pick it from Profiles on the left: vendor, values and key in one click.",
                ));
            });
        ui.add_space(widgets::theme::SECTION_GAP);
        ui.label("Have a token already? Paste it anywhere with Ctrl+V to inspect it.");
        if ui.button("Inspect a token").clicked() {
            out.push(Command::Window(WindowCommand::SetMode(crate::ui::workbench::Mode::Inspect)));
        }
    });
}

trait VendorLabel {
    fn vendor_label(&self) -> String;
}

impl VendorLabel for crate::core::preset::Preset {
    /// Short button text: "Amazon Connect", "Zendesk Messaging", "Chatwoot identifier_hash".
    fn vendor_label(&self) -> String {
        let short = self.name.split(" — ").next().unwrap_or(&self.name);
        match &self.hash {
            Some(h) => format!("{short} {}", h.name),
            None => short.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ui::app::welcome::*;
    use crate::ui::testing::*;
    use crate::ui::workbench::Mode;

    #[test]
    fn the_first_run_view_alone_picks_a_vendor_or_inspects() {
        let mut h = panel(|ui, out| welcome_ui(ui, &Presets::builtin(), "", out));
        assert!(shows_in(&h, "Pick the widget's vendor"));
        press(&mut h, "Amazon Connect");
        press(&mut h, "Any JWT");
        press(&mut h, "Inspect a token");
        assert_eq!(
            *h.state(),
            [
                Command::Mint(MintCommand::SelectPreset("amazon-connect".into())),
                Command::Mint(MintCommand::SelectPreset("generic".into())),
                Command::Window(WindowCommand::SetMode(Mode::Inspect))
            ]
        );
    }
}
