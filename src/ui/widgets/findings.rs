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

/// "Why would the widget reject this?": one line per check, failing ones with their reasons.
pub fn checklist_ui(ui: &mut egui::Ui, items: &[ChecklistItem], hide: &[String]) {
    let pal = widgets::theme::palette(ui);
    for item in items {
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
