//! A token the vendor issues (HubSpot's visitor token, Ada's identity token, an id_token
//! from the customer's own provider): nothing to mint, so Mint shows how to obtain one,
//! how long it lives and how the page hands it on, and sends the user to Inspect to read
//! one.

use eframe::egui::{self, RichText};

use crate::core::preset::Preset;
use crate::core::time::human_span;
use crate::ui::app::command::{Command, WindowCommand};
use crate::ui::widgets;
use crate::ui::workbench::Mode;

pub fn ui(ui: &mut egui::Ui, preset: &Preset, out: &mut Vec<Command>) {
    let Some(issued) = preset.issued.as_ref() else {
        return;
    };
    ui.label(RichText::new(&preset.name).size(20.0).strong());
    if !preset.description.is_empty() {
        ui.label(widgets::theme::note(&preset.description));
    }
    ui.add_space(widgets::theme::SECTION_GAP);
    let pal = widgets::theme::palette(ui);
    ui.label(
        RichText::new(format!(
            "{} makes this token itself: tokenbench can read and check one, not make it.",
            preset.vendor
        ))
        .color(pal.warn),
    );
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("Inspect a token")
            .on_hover_text("Paste one in Inspect: its lifetime and claims are checked with this preset's rules")
            .clicked()
        {
            out.push(Command::Window(WindowCommand::SetMode(Mode::Inspect)));
        }
        for doc in &preset.docs {
            ui.hyperlink_to(&doc.title, &doc.url);
        }
    });
    ui.add_space(widgets::theme::SECTION_GAP);
    widgets::theme::heading(ui, "How to obtain one");
    ui.label(format!(
        "{}.",
        capitalized(issued.how.trim_end_matches('.'))
    ));
    ui.add_space(widgets::theme::ROW_GAP);
    code(ui, "Request", issued.request.trim_end());
    if ui
        .button("Copy request")
        .on_hover_text("The curl command, with placeholders in <ANGLE_BRACKETS> to fill in")
        .clicked()
    {
        out.push(Command::Window(WindowCommand::Copy {
            what: "request".into(),
            text: issued.request.trim_end().to_string(),
        }));
    }
    if let Some(response) = &issued.response {
        ui.add_space(widgets::theme::ROW_GAP);
        code(ui, "Answer", response);
    }
    ui.add_space(widgets::theme::SECTION_GAP);
    widgets::theme::heading(ui, "Lifetime");
    let mut life = match preset.lifetime.max {
        Some(max) => format!("Lives {}", human_span(max)),
        None => "Lives as long as its exp says".to_string(),
    };
    if issued.single_use {
        life.push_str("; taken once");
    }
    life.push('.');
    ui.label(life);
    if let Some(message) = &preset.lifetime.message {
        ui.label(widgets::theme::note(message));
    }
    if !issued.handover.is_empty() {
        ui.add_space(widgets::theme::SECTION_GAP);
        widgets::theme::heading(ui, "Hand it to the widget");
        ui.label(&issued.handover);
    }
    if let Some(source) = &issued.source {
        ui.add_space(widgets::theme::ROW_GAP);
        ui.hyperlink_to(widgets::theme::note("Source"), source);
    }
}

/// A monospace block the user can select.
fn code(ui: &mut egui::Ui, title: &str, text: &str) {
    ui.label(RichText::new(title).strong());
    egui::Frame::new()
        .fill(ui.visuals().extreme_bg_color)
        .corner_radius(widgets::theme::FRAME_RADIUS)
        .inner_margin(egui::Margin::same(8))
        .show(ui, |ui| {
            ui.add(
                egui::Label::new(RichText::new(text).font(widgets::theme::mono(ui)))
                    .selectable(true)
                    .wrap(),
            )
            .widget_info(|| crate::ui::widgets::a11y::document_info(title, text));
        });
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use egui_kittest::kittest::Queryable;

    use crate::ui::app::command::{Command, WindowCommand};
    use crate::ui::workbench::Mode;

    fn harness(id: &str) -> egui_kittest::Harness<'static, Vec<Command>> {
        let preset = crate::core::testing::preset(id);
        egui_kittest::Harness::builder()
            .with_size(egui::vec2(900.0, 900.0))
            .build_ui_state(
                move |ui, out: &mut Vec<Command>| super::ui(ui, &preset, out),
                Vec::new(),
            )
    }

    #[test]
    fn an_issued_token_says_how_to_get_one_and_copies_the_request() {
        let mut h = harness("ada-identity");
        h.run();
        h.get_by_label_contains("Ada makes this token itself");
        h.get_by_label_contains("POST /api/v2/auth/tokens/ with your Ada API key");
        h.get_by_label_contains("Lives 15m; taken once.");
        h.get_by_label("Copy request").click();
        h.run();
        let copied = h.state().iter().find_map(|c| match c {
            Command::Window(WindowCommand::Copy { text, .. }) => Some(text.clone()),
            _ => None,
        });
        let copied = copied.expect("copied");
        assert!(copied.starts_with("curl --request POST"), "{copied}");
        assert!(copied.contains("<END_USER_ID>"));
    }

    #[test]
    fn inspect_a_token_switches_to_inspect() {
        let mut h = harness("hubspot-visitor");
        h.run();
        h.get_by_label_contains("Lives 12h.");
        h.get_by_label("Inspect a token").click();
        h.run();
        assert!(
            h.state()
                .contains(&Command::Window(WindowCommand::SetMode(Mode::Inspect)))
        );
    }
}
