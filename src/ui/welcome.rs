//! The first-run view: what to do first.

use eframe::egui::{self, RichText};

use super::command::Command;
use super::theme;
use crate::core::preset::Presets;

pub fn welcome_ui(ui: &mut egui::Ui, presets: &Presets, out: &mut Vec<Command>) {
    ui.add_space(24.0);
    ui.vertical_centered(|ui| {
        ui.set_max_width(560.0);
        ui.label(RichText::new("tokenbench").size(28.0).strong());
        ui.label(
            RichText::new("Test tokens for chat widgets, and why a widget rejects one.").size(15.0),
        );
        ui.add_space(theme::SECTION_GAP);
    });
    ui.vertical_centered(|ui| {
        ui.set_max_width(560.0);
        egui::Frame::group(ui.style())
            .inner_margin(egui::Margin::same(14))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new("1.  Pick the widget's vendor").strong());
                ui.horizontal_wrapped(|ui| {
                    for p in presets.iter().filter(|p| p.id != "generic") {
                        if ui.button(p.vendor_label()).on_hover_text(&p.name).clicked() {
                            out.push(Command::SelectPreset(p.id.clone()));
                        }
                    }
                    if ui.button("Any JWT").clicked() {
                        out.push(Command::SelectPreset("generic".into()));
                    }
                });
                ui.add_space(theme::ROW_GAP);
                ui.label(RichText::new("2.  Paste its secret, or choose its key file").strong());
                ui.label(theme::note(
                    "It is never written to a file: it stays in memory, or in the system keyring when you save a profile.",
                ));
                ui.add_space(theme::ROW_GAP);
                ui.label(RichText::new("3.  Fill in the claims").strong());
                ui.label(theme::note(
                    "The signed token appears on the right, ready to copy, with a countdown.",
                ));
                ui.add_space(theme::ROW_GAP);
                ui.label(RichText::new("4.  Save it as a profile").strong());
                ui.label(theme::note(
                    "Next time, pick it from Profiles on the left: vendor, values and key in one click.",
                ));
            });
        ui.add_space(theme::SECTION_GAP);
        ui.label("Have a token already? Paste it anywhere with Ctrl+V to inspect it.");
        if ui.button("Inspect a token").clicked() {
            out.push(Command::SetMode(super::model::Mode::Inspect));
        }
    });
}

trait VendorLabel {
    fn vendor_label(&self) -> String;
}

impl VendorLabel for crate::core::preset::Preset {
    /// Short button text: "Amazon Connect", "Zendesk Messaging".
    fn vendor_label(&self) -> String {
        self.name
            .split(" — ")
            .next()
            .unwrap_or(&self.name)
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::model::Mode;
    use crate::ui::testing::*;

    #[test]
    fn the_first_run_view_alone_picks_a_vendor_or_inspects() {
        let mut h = panel(|ui, out| welcome_ui(ui, &Presets::builtin(), out));
        assert!(shows_in(&h, "Pick the widget's vendor"));
        press(&mut h, "Tiledesk");
        press(&mut h, "Any JWT");
        press(&mut h, "Inspect a token");
        assert_eq!(
            *h.state(),
            [
                Command::SelectPreset("tiledesk".into()),
                Command::SelectPreset("generic".into()),
                Command::SetMode(Mode::Inspect)
            ]
        );
    }
}
