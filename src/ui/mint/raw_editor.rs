//! The raw editor: the header and payload as JSON, signed in the order written. In demo mode
//! the signed token's JSON is shown masked instead, read-only.

use eframe::egui::{self, RichText};

use crate::core::mint::RawPart;
use crate::ui::app::command::{Command, MintCommand};
use crate::ui::mint::fields::json_editor;
use crate::ui::widgets;
use crate::ui::widgets::json_view::json_block;
use crate::ui::workbench::Derived;

pub fn raw_ui(
    ui: &mut egui::Ui,
    header: &str,
    payload: &str,
    derived: &Derived,
    out: &mut Vec<Command>,
) {
    let pal = widgets::theme::palette(ui);
    ui.label(widgets::theme::note(
        "Edited JSON is signed as you type, in the order you write it.",
    ));
    for (part, name, text, rows) in [
        (RawPart::Header, "Header JSON", header, 3),
        (RawPart::Payload, "Payload JSON", payload, 12),
    ] {
        let label = ui.label(RichText::new(name).strong());
        let mut text = text.to_string();
        if json_editor(ui, &mut text, rows, "")
            .labelled_by(label.id)
            .changed()
        {
            out.push(match part {
                RawPart::Header => Command::Mint(MintCommand::RawHeader(text)),
                RawPart::Payload => Command::Mint(MintCommand::RawPayload(text)),
            });
        }
        if let Some((p, e)) = &derived.raw_error
            && *p == part
        {
            ui.label(
                RichText::new(format!(
                    "✖ Line {}, column {}: {}",
                    e.line, e.column, e.message
                ))
                .color(pal.error),
            );
        }
        ui.add_space(widgets::theme::ROW_GAP);
    }
}

/// Demo mode over the raw editor: JSON being edited can't be masked, so the screen shows the
/// signed token's JSON with personal values masked, read-only.
pub fn masked_raw_ui(ui: &mut egui::Ui, derived: &Derived) {
    ui.label(widgets::theme::note(
        "Demo mode: the JSON is shown masked and can't be edited here. Use the form, or leave demo mode (Ctrl+D) to edit it.",
    ));
    if let Some(m) = &derived.minted {
        json_block(ui, "Header", &m.shown.header);
        ui.add_space(widgets::theme::ROW_GAP);
        json_block(ui, "Payload", &m.shown.payload);
    }
}
