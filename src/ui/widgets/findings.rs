//! Findings and the checklist, drawn the same way everywhere.

use eframe::egui::{self, RichText};

use crate::core::finding::{Finding, Severity};
use crate::core::mask::mask_text;
use crate::core::report::{CheckState, ChecklistItem};
use crate::ui::widgets;

pub fn mark(s: Severity) -> &'static str {
    match s {
        Severity::Error => "✖",
        Severity::Warning => "⚠",
        Severity::Info => "ℹ",
    }
}

/// One finding: a coloured mark, the message (with the `hide` values masked: personal data
/// in demo mode), the rule, and its source on hover.
pub fn finding_ui(ui: &mut egui::Ui, f: &Finding, hide: &[String]) {
    let pal = widgets::theme::palette(ui);
    let color = pal.severity(f.severity);
    let r = ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(mark(f.severity)).color(color).strong());
        ui.label(RichText::new(mask_text(&f.message, hide)).color(color));
        ui.label(widgets::theme::note(format!("({})", f.rule)));
    });
    if let Some(src) = &f.source {
        r.response.on_hover_text(format!("Source: {src}"));
    }
}

pub fn findings_ui(ui: &mut egui::Ui, findings: &[Finding], empty: &str, hide: &[String]) {
    if findings.is_empty() {
        let pal = widgets::theme::palette(ui);
        ui.label(RichText::new(format!("✔ {empty}")).color(pal.ok));
        return;
    }
    for f in findings {
        finding_ui(ui, f, hide);
    }
}

/// "Why would the widget reject this?": one line per check, failing ones with their reasons;
/// lines `highlight` marks (the rules the vendor's answer names) stand out.
pub fn checklist_ui(
    ui: &mut egui::Ui,
    items: &[ChecklistItem],
    hide: &[String],
    highlight: &[bool],
) {
    let pal = widgets::theme::palette(ui);
    for (i, item) in items.iter().enumerate() {
        if highlight.get(i).copied().unwrap_or(false) {
            egui::Frame::new()
                .fill(pal.error_bg)
                .corner_radius(widgets::theme::FRAME_RADIUS)
                .inner_margin(egui::Margin::same(4))
                .show(ui, |ui| {
                    let r = ui.label(
                        RichText::new("The widget's answer points here")
                            .color(pal.error)
                            .small(),
                    );
                    widgets::a11y::name(&r, &format!("The widget's answer: {}", item.label));
                    item_ui(ui, item, hide, &pal);
                });
        } else {
            item_ui(ui, item, hide, &pal);
        }
    }
}

fn item_ui(
    ui: &mut egui::Ui,
    item: &ChecklistItem,
    hide: &[String],
    pal: &widgets::theme::Palette,
) {
    {
        let (icon, color) = match item.state {
            CheckState::Pass => ("✔", pal.ok),
            CheckState::Note(s) => (mark(s), pal.severity(s)),
            CheckState::Fail => ("✖", pal.error),
            CheckState::Unchecked => ("–", pal.muted),
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(icon).color(color).strong());
            let text = RichText::new(&item.label);
            ui.label(if item.state == CheckState::Fail {
                text.color(color).strong()
            } else {
                text
            });
        });
        for f in &item.findings {
            ui.indent(("finding", &item.label, &f.rule, &f.message), |ui| {
                finding_ui(ui, f, hide)
            });
        }
    }
}
