//! "What did the widget say?": the vendor's error pasted beside the checklist, the vendor
//! errors it matches (what each means, the fix), whether the inspected token breaks those
//! rules, and which checklist lines they are.

use eframe::egui::{self, RichText};

use crate::core::explain::{Match, closest, explain, said_break, token_breaks};
use crate::core::report::{ChecklistItem, Report};
use crate::ui::app::command::{Command, InspectCommand};
use crate::ui::widgets;
use crate::ui::workbench::Workbench;

/// What the pasted answer means, for the token inspected.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AnswerView {
    pub matches: Vec<Match>,
    /// The matched rules this token breaks, with the finding that shows it.
    pub breaks: Vec<(String, String)>,
    /// When nothing matched: the vendors whose errors look closest.
    pub closest: Vec<String>,
    /// Per checklist line: whether it is one of the rules the answer names that the token
    /// breaks.
    pub highlight: Vec<bool>,
    /// A token was inspected (else the answer is explained alone).
    pub with_token: bool,
}

impl Workbench {
    /// The pasted answer explained, for `report` (the inspected token, if any) and its
    /// `checklist`. The chosen vendor's errors first; every vendor's when none of its match.
    pub(in crate::ui) fn explain_answer(
        &self,
        report: Option<&Report<'_>>,
        checklist: &[ChecklistItem],
    ) -> Option<AnswerView> {
        let text = self.inputs.widget_answer.trim();
        if text.is_empty() {
            return None;
        }
        let mut matches = explain(text, &self.presets, self.preset());
        if matches.is_empty() && self.preset().is_some() {
            matches = explain(text, &self.presets, None);
        }
        let mut breaks: Vec<(String, String)> = Vec::new();
        if let Some(report) = report {
            for m in &matches {
                for b in token_breaks(&m.rules, report) {
                    if !breaks.iter().any(|(r, _)| *r == b.0) {
                        breaks.push(b);
                    }
                }
            }
        }
        let highlight = checklist
            .iter()
            .map(|item| breaks.iter().any(|(rule, why)| shows(item, rule, why)))
            .collect();
        Some(AnswerView {
            closest: if matches.is_empty() {
                closest(text, &self.presets)
                    .iter()
                    .map(|p| p.vendor.clone())
                    .collect()
            } else {
                Vec::new()
            },
            matches,
            breaks,
            highlight,
            with_token: report.is_some(),
        })
    }
}

/// Whether checklist line `item` is where rule `rule` (shown by `why`) stands.
fn shows(item: &ChecklistItem, rule: &str, why: &str) -> bool {
    let label = item.label.to_lowercase();
    item.findings.iter().any(|f| f.message == why)
        || (rule == "signature" && label.starts_with("signature"))
        || (matches!(rule, "expired" | "not-yet-valid" | "issued") && label.starts_with("time"))
}

/// The field and what the answer means.
pub fn ui(ui: &mut egui::Ui, text: &str, view: Option<&AnswerView>, out: &mut Vec<Command>) {
    widgets::theme::heading(ui, "What did the widget say?");
    let mut edited = text.to_string();
    let label = ui.label(widgets::theme::note(
        "Paste the vendor's error: a console line, a response body or a code.",
    ));
    let field = ui
        .add(
            egui::TextEdit::multiline(&mut edited)
                .desired_rows(2)
                .desired_width(f32::INFINITY)
                .hint_text("Invalid JWT header. Missing key id (kid)")
                .font(egui::TextStyle::Monospace),
        )
        .labelled_by(label.id);
    widgets::a11y::name(&field, "What did the widget say?");
    if field.changed() {
        out.push(Command::Inspect(InspectCommand::Answer(edited)));
    }
    let Some(view) = view else {
        return;
    };
    let pal = widgets::theme::palette(ui);
    if view.matches.is_empty() {
        let r = ui.label(
            RichText::new("No vendor error tokenbench knows matches this text.").color(pal.muted),
        );
        widgets::a11y::live(&r, false);
        if !view.closest.is_empty() {
            ui.label(widgets::theme::note(format!(
                "Closest: {}. A code alone is matched once the vendor is chosen.",
                view.closest.join(", ")
            )));
        }
        return;
    }
    for m in &view.matches {
        ui.add_space(widgets::theme::ROW_GAP);
        egui::Frame::new()
            .fill(pal.warn_bg)
            .corner_radius(widgets::theme::FRAME_RADIUS)
            .inner_margin(egui::Margin::same(8))
            .show(ui, |ui| match_ui(ui, m));
    }
    ui.add_space(widgets::theme::ROW_GAP);
    let summary = if !view.with_token {
        "Paste the token the widget refused on the left: tokenbench says whether it breaks these rules.".to_string()
    } else if view.breaks.is_empty() {
        "This token breaks none of these rules as far as tokenbench can check (give the key to check the signature).".to_string()
    } else {
        let lines: Vec<String> = view
            .breaks
            .iter()
            .map(|(rule, why)| said_break(rule, why))
            .collect();
        format!("This token breaks it: {}", lines.join("; "))
    };
    let color = if view.breaks.is_empty() {
        pal.muted
    } else {
        pal.error
    };
    let r = ui.label(RichText::new(summary).color(color).strong());
    widgets::a11y::live(&r, false);
}

fn match_ui(ui: &mut egui::Ui, m: &Match) {
    let said = match (m.code.as_deref(), m.message.as_deref()) {
        (Some(c), Some(msg)) => format!("{c} “{msg}”"),
        (Some(c), None) => c.to_string(),
        (None, Some(msg)) => format!("“{msg}”"),
        (None, None) => String::new(),
    };
    let status = m.status.map(|s| format!(", HTTP {s}")).unwrap_or_default();
    ui.label(RichText::new(format!("{}: {said}", m.vendor)).strong());
    ui.label(widgets::theme::note(format!("{}{status}", m.place)));
    let inferred = if m.inferred {
        " (inferred: the vendor does not document it)"
    } else {
        ""
    };
    ui.label(format!("Means: {}{inferred}", m.meaning));
    ui.label(format!("Fix: {}", m.fix));
    ui.horizontal_wrapped(|ui| {
        ui.label(widgets::theme::note(format!(
            "Rules: {}",
            m.rules.join(", ")
        )));
        if m.source.starts_with("https://") {
            ui.hyperlink_to("Source", &m.source);
        } else {
            ui.label(widgets::theme::note(format!("Source: {}", m.source)));
        }
    });
}
