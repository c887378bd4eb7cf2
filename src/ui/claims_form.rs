//! The claim form generated from the preset, and the raw JSON editors it syncs with.

use eframe::egui::{self, RichText};

use super::command::Command;
use super::form::{ExtraClaim, FieldKind, FieldValue, FormValues, kind_of};
use super::json_view::json_job;
use super::model::{Derived, EditorMode};
use super::theme;
use super::token_panel::json_block;
use crate::core::alg::Alg;
use crate::core::finding::{Finding, Part};
use crate::core::mask::{
    is_personal_claim, is_personal_key, mask_payload, mask_text, personal_values,
};
use crate::core::preset::{FieldSpec, Preset};
use crate::core::time::{human_span, parse_duration};

#[derive(Default)]
pub struct ClaimsForm;

/// What the form edits: the current preset's values, or the raw JSON texts.
pub struct FormInputs<'a> {
    pub editor: EditorMode,
    pub form: &'a mut FormValues,
    pub raw_header: &'a mut String,
    pub raw_payload: &'a mut String,
    /// Demo mode: personal values masked, the raw JSON not shown.
    pub demo: bool,
}

impl ClaimsForm {
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        preset: &Preset,
        inputs: FormInputs<'_>,
        derived: &Derived,
        out: &mut Vec<Command>,
    ) {
        ui.horizontal(|ui| {
            theme::heading(ui, "Claims");
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                for (mode, text) in [(EditorMode::Raw, "Raw JSON"), (EditorMode::Form, "Form")] {
                    if ui
                        .add(egui::Button::selectable(inputs.editor == mode, text))
                        .on_hover_text(
                            "Edit the claims as a form, or as the header and payload JSON",
                        )
                        .clicked()
                        && inputs.editor != mode
                    {
                        out.push(Command::SetEditor(mode));
                    }
                }
            });
        });
        match inputs.editor {
            EditorMode::Form => form_ui(ui, preset, inputs.form, derived, inputs.demo, out),
            EditorMode::Raw if inputs.demo => masked_raw_ui(ui, preset, derived),
            EditorMode::Raw => raw_ui(ui, inputs.raw_header, inputs.raw_payload, derived, out),
        }
    }
}

fn field_label(ui: &mut egui::Ui, spec: &FieldSpec) -> egui::Response {
    let pal = theme::palette(ui);
    let mut text = RichText::new(spec.label());
    if spec.label.is_some() {
        text = text.strong();
    }
    let response = ui
        .horizontal(|ui| {
            let r = ui.label(text);
            if spec.required {
                ui.label(RichText::new("*").color(pal.error))
                    .on_hover_text("required");
            }
            r
        })
        .inner;
    let mut hover = String::new();
    if spec.label.is_some() {
        hover.push_str(&format!("Claim \"{}\"", spec.name));
    }
    if !spec.help.is_empty() {
        if !hover.is_empty() {
            hover.push_str("\n\n");
        }
        hover.push_str(&spec.help);
    }
    if let Some(src) = &spec.source {
        hover.push_str(&format!("\n\nSource: {src}"));
    }
    if hover.is_empty() {
        response
    } else {
        response.on_hover_text(hover)
    }
}

/// Errors and findings that concern one field, under it.
fn notes_ui(ui: &mut egui::Ui, error: Option<&String>, findings: &[&Finding], hide: &[String]) {
    let pal = theme::palette(ui);
    if let Some(e) = error {
        let e = mask_text(e, hide);
        ui.label(RichText::new(format!("✖ {e}")).small().color(pal.error));
    }
    for f in findings {
        let mark = match f.severity {
            crate::core::finding::Severity::Error => "✖",
            crate::core::finding::Severity::Warning => "⚠",
            crate::core::finding::Severity::Info => "ℹ",
        };
        ui.label(
            RichText::new(format!("{mark} {}", mask_text(&f.message, hide)))
                .small()
                .color(pal.severity(f.severity)),
        );
    }
}

/// The header and payload as a form; `demo` masks personal values.
fn form_ui(
    ui: &mut egui::Ui,
    preset: &Preset,
    form: &mut FormValues,
    derived: &Derived,
    demo: bool,
    out: &mut Vec<Command>,
) {
    let keys = derived.key.keys.as_ref();
    let findings = derived.minted.as_ref().map_or(&[][..], |m| &m.findings[..]);
    let hide = match &derived.minted {
        Some(m) if demo => personal_values(Some(preset), &m.payload),
        _ => Vec::new(),
    };
    let mut changed = false;
    let of = |part: Part, name: &str| -> Vec<&Finding> {
        findings
            .iter()
            .filter(|f| f.part == part && f.claim.as_deref() == Some(name))
            .collect()
    };
    ui.label(RichText::new("Header").strong());
    egui::Grid::new("header-grid")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            let label = ui.label("Algorithm");
            let allowed: Vec<Alg> = if preset.algorithms().is_empty() {
                keys.and_then(|k| k.keys.first())
                    .map_or_else(|| Alg::ALL.to_vec(), |k| k.algorithms())
            } else {
                preset.algorithms().to_vec()
            };
            let shown = form
                .alg
                .map_or_else(|| "automatic".to_string(), |a| a.to_string());
            ui.vertical(|ui| {
                egui::ComboBox::from_id_salt("alg")
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        changed |= ui
                            .selectable_value(&mut form.alg, None, "automatic")
                            .changed();
                        for a in &allowed {
                            changed |= ui
                                .selectable_value(&mut form.alg, Some(*a), a.name())
                                .changed();
                        }
                    })
                    .response
                    .labelled_by(label.id)
                    .on_hover_text("Automatic: the vendor's algorithm that fits the key");
                notes_ui(ui, None, &of(Part::Header, "alg"), &hide);
            });
            ui.end_row();
            if let Some(kid) = preset.header_field("kid") {
                let label = field_label(ui, kid);
                ui.vertical(|ui| {
                    let hint = kid.example.as_deref().unwrap_or("key id");
                    changed |= ui
                        .add(
                            egui::TextEdit::singleline(&mut form.kid)
                                .hint_text(hint)
                                .desired_width(f32::INFINITY),
                        )
                        .labelled_by(label.id)
                        .changed();
                    notes_ui(
                        ui,
                        derived.field_errors.get("header.kid"),
                        &of(Part::Header, "kid"),
                        &hide,
                    );
                });
                ui.end_row();
            }
        });
    ui.add_space(theme::SECTION_GAP);
    ui.label(RichText::new("Payload").strong());
    egui::Grid::new("claims-grid")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .min_col_width(theme::LABEL_WIDTH * 0.6)
        .show(ui, |ui| {
            for spec in &preset.claims {
                let label = field_label(ui, spec);
                let kind = kind_of(spec);
                let lifetime = (&mut form.lifetime, preset.lifetime.max);
                // A map's personal entries are masked one by one, other fields whole.
                let mask = demo
                    && (kind == FieldKind::Rows || is_personal_claim(Some(preset), &spec.name));
                let Some(value) = form
                    .fields
                    .iter_mut()
                    .find(|(n, _)| *n == spec.name)
                    .map(|(_, v)| v)
                else {
                    ui.end_row();
                    continue;
                };
                ui.vertical(|ui| {
                    changed |= field_ui(ui, spec, (kind, mask), value, lifetime, label.id);
                    notes_ui(
                        ui,
                        derived.field_errors.get(&spec.name),
                        &of(Part::Payload, &spec.name),
                        &hide,
                    );
                });
                ui.end_row();
            }
        });
    ui.add_space(theme::SECTION_GAP);
    changed |= extra_ui(ui, &mut form.extra, derived);
    if changed {
        out.push(Command::Changed);
    }
}

/// One field's widget (`mask`: a personal value in demo mode, or an attribute map whose
/// personal entries are masked); true when the value changed.
fn field_ui(
    ui: &mut egui::Ui,
    spec: &FieldSpec,
    (kind, mask): (FieldKind, bool),
    value: &mut FieldValue,
    (lifetime, max_lifetime): (&mut i64, Option<i64>),
    label: egui::Id,
) -> bool {
    let mut changed = false;
    match (kind, value) {
        (FieldKind::Fixed, FieldValue::Text(t)) => {
            ui.label(RichText::new(t.as_str()).monospace())
                .labelled_by(label)
                .on_hover_text("Fixed by the vendor");
        }
        (FieldKind::AutoTime, FieldValue::Text(t)) => {
            let lifetime_filled = spec.fill == crate::core::preset::Fill::Lifetime;
            ui.horizontal(|ui| {
                let hint = if lifetime_filled { "iat + lifetime" } else { "now, when minted" };
                changed |= ui
                    .add(egui::TextEdit::singleline(t).hint_text(hint).desired_width(150.0))
                    .labelled_by(label)
                    .on_hover_text("Leave empty to fill automatically, or type a time: now, +5m, -1h, 2026-12-01T10:00:00Z or seconds since 1970")
                    .changed();
                if lifetime_filled {
                    let l = ui.label("lifetime");
                    changed |= ui
                        .add(
                            egui::DragValue::new(lifetime)
                                .range(0..=365 * 86_400)
                                .speed(5.0)
                                .custom_formatter(|n, _| {
                                    #[allow(clippy::cast_possible_truncation)]
                                    human_span(n as i64)
                                })
                                .custom_parser(|s| {
                                    #[allow(clippy::cast_precision_loss)]
                                    parse_duration(s).ok().map(|d| d as f64)
                                }),
                        )
                        .labelled_by(l.id)
                        .on_hover_text("How long the token lives: type 600, 10m or 1h30m, or drag")
                        .changed();
                    if let Some(max) = max_lifetime {
                        let pal = theme::palette(ui);
                        let color = if *lifetime > max { pal.error } else { pal.muted };
                        ui.label(RichText::new(format!("max {}", human_span(max))).small().color(color));
                    }
                }
            });
        }
        (FieldKind::Bool, FieldValue::Bool(b)) => {
            let shown = match b {
                None => "not set",
                Some(true) => "true",
                Some(false) => "false",
            };
            egui::ComboBox::from_id_salt(("bool", &spec.name))
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    changed |= ui.selectable_value(b, None, "not set").changed();
                    changed |= ui.selectable_value(b, Some(true), "true").changed();
                    changed |= ui.selectable_value(b, Some(false), "false").changed();
                })
                .response
                .labelled_by(label);
        }
        (FieldKind::Choice, FieldValue::Text(t)) => {
            let shown = if t.is_empty() {
                "not set".to_string()
            } else {
                t.clone()
            };
            egui::ComboBox::from_id_salt(("choice", &spec.name))
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    changed |= ui.selectable_value(t, String::new(), "not set").changed();
                    for v in &spec.one_of {
                        let text = super::form::text_of(v);
                        changed |= ui.selectable_value(t, text.clone(), text).changed();
                    }
                })
                .response
                .labelled_by(label);
        }
        (FieldKind::Rows, FieldValue::Rows(rows)) => {
            changed |= rows_ui(ui, spec, rows, mask);
        }
        (FieldKind::Json, FieldValue::Text(t)) => {
            changed |= json_editor(ui, t, 2, "{ \"name\": \"value\" }")
                .labelled_by(label)
                .changed();
        }
        (FieldKind::Time | FieldKind::Text, FieldValue::Text(t)) => {
            let hint = match (kind, &spec.example) {
                (FieldKind::Time, _) => {
                    "not set (now, +5m, 2026-12-01T10:00:00Z or seconds)".to_string()
                }
                (_, Some(e)) => e.clone(),
                _ => spec.kind.describe().to_string(),
            };
            changed |= ui
                .add(
                    egui::TextEdit::singleline(t)
                        .hint_text(hint)
                        .password(mask)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label)
                .changed();
        }
        (_, other) => {
            ui.label(format!("{other:?}"));
        }
    }
    changed
}

/// What a name/value row reported this frame.
#[derive(Default)]
struct RowEvents {
    changed: bool,
    remove: bool,
}

/// One editable name/value pair with a remove button. `what` names the row for screen
/// readers and tests: "attributes" gives "attributes name 1", "attributes value 1" and
/// "Remove attributes row 1".
fn pair_ui(
    ui: &mut egui::Ui,
    what: &str,
    i: usize,
    name: &mut String,
    value: &mut String,
    (hints, mask): ((&str, &str), bool),
) -> RowEvents {
    let mut events = RowEvents::default();
    ui.horizontal(|ui| {
        let w = ((ui.available_width() - 40.0) / 2.0).max(80.0);
        let mask_value = mask && is_personal_key(name);
        for (text, hint, label, password) in [
            (&mut *name, hints.0, format!("{what} name {}", i + 1), false),
            (
                &mut *value,
                hints.1,
                format!("{what} value {}", i + 1),
                mask_value,
            ),
        ] {
            let r = ui.add(
                egui::TextEdit::singleline(text)
                    .hint_text(hint)
                    .password(password)
                    .desired_width(w),
            );
            r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, &label));
            events.changed |= r.changed();
        }
        let remove_label = format!("Remove {what} row {}", i + 1);
        let r = ui.small_button("×").on_hover_text("Remove this row");
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &remove_label));
        events.remove = r.clicked();
    });
    events
}

/// The key/value table of an attribute map (`demo`: personal entries' values masked); true
/// when changed.
fn rows_ui(
    ui: &mut egui::Ui,
    spec: &FieldSpec,
    rows: &mut Vec<(String, String)>,
    demo: bool,
) -> bool {
    let mut changed = false;
    let mut remove = None;
    for (i, (k, v)) in rows.iter_mut().enumerate() {
        let events = pair_ui(ui, &spec.name, i, k, v, (("name", "value"), demo));
        changed |= events.changed;
        if events.remove {
            remove = Some(i);
        }
    }
    if let Some(i) = remove {
        rows.remove(i);
        changed = true;
    }
    ui.horizontal_wrapped(|ui| {
        if ui.button(format!("+ Add to {}", spec.name)).clicked() {
            rows.push((String::new(), String::new()));
            changed = true;
        }
        for key in &spec.suggested_keys {
            if !rows.iter().any(|(k, _)| k == key) && ui.small_button(format!("+ {key}")).clicked()
            {
                rows.push((key.clone(), String::new()));
                changed = true;
            }
        }
    });
    changed
}

fn extra_ui(ui: &mut egui::Ui, extra: &mut Vec<ExtraClaim>, derived: &Derived) -> bool {
    let mut changed = false;
    ui.label(RichText::new("More claims").strong())
        .on_hover_text("Claims the vendor doesn't define. Values that read as JSON (numbers, true/false, objects, arrays) are JSON; anything else is a string.");
    let mut remove = None;
    for (i, claim) in extra.iter_mut().enumerate() {
        let events = pair_ui(
            ui,
            "claim",
            i,
            &mut claim.name,
            &mut claim.value,
            (("claim", "value"), false),
        );
        changed |= events.changed;
        if events.remove {
            remove = Some(i);
        }
        if let Some(e) = derived.field_errors.get(&format!("+{}", claim.name.trim())) {
            notes_ui(ui, Some(e), &[], &[]);
        }
    }
    if let Some(i) = remove {
        extra.remove(i);
        changed = true;
    }
    if ui.button("+ Add claim").clicked() {
        extra.push(ExtraClaim::default());
        changed = true;
    }
    changed
}

/// A multi-line JSON editor, syntax-coloured as you type.
fn json_editor(ui: &mut egui::Ui, text: &mut String, rows: usize, hint: &str) -> egui::Response {
    let pal = theme::palette(ui);
    let font = theme::mono(ui);
    let mut layouter = |ui: &egui::Ui, buf: &dyn egui::TextBuffer, wrap: f32| {
        let mut job = json_job(buf.as_str(), font.clone(), &pal);
        job.wrap.max_width = wrap;
        ui.fonts_mut(|f| f.layout_job(job))
    };
    ui.add(
        egui::TextEdit::multiline(text)
            .code_editor()
            .desired_rows(rows)
            .desired_width(f32::INFINITY)
            .hint_text(hint)
            .layouter(&mut layouter),
    )
}

fn raw_ui(
    ui: &mut egui::Ui,
    header: &mut String,
    payload: &mut String,
    derived: &Derived,
    out: &mut Vec<Command>,
) {
    let pal = theme::palette(ui);
    ui.label(theme::note(
        "Edited JSON is signed as you type, in the order you write it.",
    ));
    let mut changed = false;
    for (name, text, rows) in [("Header JSON", header, 3), ("Payload JSON", payload, 12)] {
        let label = ui.label(RichText::new(name).strong());
        changed |= json_editor(ui, text, rows, "")
            .labelled_by(label.id)
            .changed();
        let part = if name.starts_with("Header") {
            "header"
        } else {
            "payload"
        };
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
        ui.add_space(theme::ROW_GAP);
    }
    if changed {
        out.push(Command::Changed);
    }
}

/// Demo mode over the raw editor: JSON being edited can't be masked, so the screen shows the
/// signed token's JSON with personal values masked, read-only.
fn masked_raw_ui(ui: &mut egui::Ui, preset: &Preset, derived: &Derived) {
    ui.label(theme::note(
        "Demo mode: the JSON is shown masked and can't be edited here. Use the form, or leave demo mode (Ctrl+D) to edit it.",
    ));
    if let Some(m) = &derived.minted {
        json_block(ui, "Header", &m.header);
        ui.add_space(theme::ROW_GAP);
        json_block(ui, "Payload", &mask_payload(Some(preset), &m.payload));
    }
}

#[cfg(test)]
mod tests {
    use egui_kittest::kittest::Queryable;

    use crate::core::decode::decode;
    use crate::ui::model::EditorMode;
    use crate::ui::testing::*;

    fn payload(
        h: &egui_kittest::Harness<'static, crate::ui::app::App>,
    ) -> serde_json::Map<String, serde_json::Value> {
        let m = h.state().bench.derived.minted.as_ref().expect("token");
        decode(&m.token).payload.object.unwrap_or_default()
    }

    #[test]
    fn add_fill_and_remove_an_attribute_row() {
        let (mut h, _) = connect_with_token();
        add_attribute(&mut h, 1, "customerId", "42");
        assert_eq!(
            payload(&h)["attributes"],
            serde_json::json!({"customerId": "42"})
        );
        h.get_by_label("Remove attributes row 1").click();
        h.run();
        assert!(!payload(&h).contains_key("attributes"));
    }

    #[test]
    fn raw_json_and_back_loses_nothing() {
        let (mut h, _) = connect_with_token();
        h.get_by_label("Raw JSON").click();
        h.run();
        assert_eq!(h.state().bench.inputs.editor, EditorMode::Raw);
        let raw = h.state().bench.inputs.raw_payload.clone();
        assert!(raw.contains("\"widget-1\""), "{raw}");
        // Edit the payload text: the token follows.
        h.state_mut().bench.inputs.raw_payload = raw.replace("widget-1", "widget-2");
        h.state_mut().bench.mark_dirty();
        h.run();
        assert_eq!(payload(&h)["sub"], "widget-2");
        // Break it: an error with line and column; the last good token stays.
        let broken = h
            .state()
            .bench
            .inputs
            .raw_payload
            .replace("\"sub\":", "\"sub\"");
        h.state_mut().bench.inputs.raw_payload = broken.clone();
        h.state_mut().bench.mark_dirty();
        h.run();
        let err = h.state().bench.derived.raw_error.clone().expect("error");
        assert_eq!((err.0, err.1.line), ("payload", 2));
        assert!(h.state().bench.derived.stale);
        assert_eq!(payload(&h)["sub"], "widget-2");
        assert!(h.query_by_label_contains("Line 2, column").is_some());
        // Going back to the form refuses while broken, and keeps the text.
        h.get_by_label("Form").click();
        h.run();
        assert_eq!(h.state().bench.inputs.editor, EditorMode::Raw);
        assert_eq!(h.state().bench.inputs.raw_payload, broken);
        assert!(
            h.state()
                .toasts
                .texts()
                .iter()
                .any(|t| t.contains("your text is kept"))
        );
        // Fixed: back to the form, with the edited value in its field.
        h.state_mut().bench.inputs.raw_payload = broken.replace("\"sub\"", "\"sub\":");
        h.state_mut().bench.mark_dirty();
        h.run();
        h.get_by_label("Form").click();
        h.run();
        assert_eq!(h.state().bench.inputs.editor, EditorMode::Form);
        assert_eq!(input(&h, "Widget ID").value().as_deref(), Some("widget-2"));
        assert_eq!(payload(&h)["sub"], "widget-2");
    }

    #[test]
    fn an_unreadable_value_keeps_the_last_good_token() {
        let (mut h, _) = connect_with_token();
        let before = h
            .state()
            .bench
            .derived
            .minted
            .as_ref()
            .map(|m| m.token.clone());
        type_into(&mut h, "iat", "tomorrow-ish");
        let d = &h.state().bench.derived;
        assert!(d.field_errors.contains_key("iat"), "{:?}", d.field_errors);
        assert!(d.stale);
        assert_eq!(d.minted.as_ref().map(|m| m.token.clone()), before);
        assert!(h.query_by_label_contains("is not a time").is_some());
        assert!(h.query_by_label_contains("the last good one").is_some());
        assert_eq!(
            input(&h, "iat").value().as_deref(),
            Some("tomorrow-ish"),
            "typing is kept"
        );
    }

    #[test]
    fn required_claims_are_marked_and_explained() {
        let (mut h, _) = with_preset("tiledesk");
        type_into(&mut h, "Secret", SECRET);
        let problem = h.state().bench.derived.problem.clone().unwrap_or_default();
        assert!(problem.contains("Audience"), "{problem}");
        assert!(
            h.query_by_label("userexternal").is_some(),
            "fixed sub is shown"
        );
        type_into(
            &mut h,
            "Audience (project URL)",
            "https://tiledesk.com/projects/p1",
        );
        type_into(&mut h, "User id", "p1_u1");
        assert!(h.state().bench.derived.problem.is_none());
        assert!(h.query_by_label("Copy as \"JWT …\"").is_some());
    }
}
