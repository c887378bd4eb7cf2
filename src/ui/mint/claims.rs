//! The claim form generated from the preset (header, payload, more claims), or the raw JSON
//! editors it syncs with. Each widget edits a copy of its value and sends the new value as
//! an edit; the model is changed only by `AppState::handle`.

use eframe::egui::{self, RichText};

use crate::core::alg::Alg;
use crate::core::finding::{Finding, Part, Severity};
use crate::core::mask::{is_personal_claim, mask_text};
use crate::core::preset::{FieldSpec, Preset};
use crate::ui::app::command::{Command, MintCommand};
use crate::ui::mint::fields::{field_ui, pair_ui};
use crate::ui::mint::form::{ExtraClaim, FieldKind, FormValues, kind_of};
use crate::ui::mint::raw_editor::{masked_raw_ui, raw_ui};
use crate::ui::widgets;
use crate::ui::workbench::{Derived, EditorMode};

/// What the form shows.
pub struct FormView<'a> {
    pub preset: &'a Preset,
    pub editor: EditorMode,
    pub form: &'a FormValues,
    pub raw_header: &'a str,
    pub raw_payload: &'a str,
    pub derived: &'a Derived,
    /// Demo mode: personal values masked, the raw JSON not editable.
    pub demo: bool,
}

pub fn ui(ui: &mut egui::Ui, view: &FormView<'_>, out: &mut Vec<Command>) {
    if let Some(rules) = &view.preset.hash {
        widgets::theme::heading(ui, "Visitor");
        ui.label(widgets::theme::note(format!(
            "What the page passes to {}: {} hashes {}.",
            view.preset.vendor,
            view.preset.vendor,
            rules.describe_message()
        )));
        ui.add_space(widgets::theme::ROW_GAP);
        fields_grid(ui, view, out);
        return;
    }
    ui.horizontal(|ui| {
        widgets::theme::heading(ui, "Claims");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            for (mode, text) in [(EditorMode::Raw, "Raw JSON"), (EditorMode::Form, "Form")] {
                if ui
                    .add(egui::Button::selectable(view.editor == mode, text))
                    .on_hover_text("Edit the claims as a form, or as the header and payload JSON")
                    .clicked()
                    && view.editor != mode
                {
                    out.push(Command::Mint(MintCommand::SetEditor(mode)));
                }
            }
        });
    });
    match view.editor {
        EditorMode::Form => form_ui(ui, view, out),
        EditorMode::Raw if view.demo => masked_raw_ui(ui, view.derived),
        EditorMode::Raw => raw_ui(ui, view.raw_header, view.raw_payload, view.derived, out),
    }
}

fn field_label(ui: &mut egui::Ui, spec: &FieldSpec) -> egui::Response {
    let pal = widgets::theme::palette(ui);
    let mut text = RichText::new(spec.label());
    if spec.label.is_some() {
        text = text.strong();
    }
    let response = ui
        .horizontal(|ui| {
            let r = ui.label(text);
            if spec.required {
                let star = ui
                    .label(RichText::new("*").color(pal.error))
                    .on_hover_text("required");
                widgets::a11y::name(&star, "required");
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
pub fn notes_ui(ui: &mut egui::Ui, error: Option<&String>, findings: &[&Finding], hide: &[String]) {
    let pal = widgets::theme::palette(ui);
    if let Some(e) = error {
        let e = mask_text(e, hide);
        let r = ui.label(RichText::new(format!("✖ {e}")).small().color(pal.error));
        widgets::a11y::live(&r, true);
    }
    for f in findings {
        let mark = match f.severity {
            Severity::Error => "✖",
            Severity::Warning => "⚠",
            Severity::Info => "ℹ",
        };
        ui.label(
            RichText::new(format!("{mark} {}", mask_text(&f.message, hide)))
                .small()
                .color(pal.severity(f.severity)),
        );
    }
}

/// The findings about one field of the token on screen, and what demo mode hides.
fn field_notes<'d>(
    derived: &'d Derived,
) -> (impl Fn(Part, &str) -> Vec<&'d Finding> + 'd, &'d [String]) {
    let findings = derived.minted.as_ref().map_or(&[][..], |m| &m.findings[..]);
    let hide = derived
        .minted
        .as_ref()
        .map_or(&[][..], |m| &m.shown.hide[..]);
    let of = move |part: Part, name: &str| -> Vec<&'d Finding> {
        findings
            .iter()
            .filter(|f| f.part == part && f.claim.as_deref() == Some(name))
            .collect()
    };
    (of, hide)
}

/// The header and payload as a form; demo mode masks personal values.
fn form_ui(ui: &mut egui::Ui, view: &FormView<'_>, out: &mut Vec<Command>) {
    let FormView {
        preset,
        form,
        derived,
        ..
    } = *view;
    let (of, hide) = field_notes(derived);
    ui.label(RichText::new("Header").strong());
    egui::Grid::new("header-grid")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            let label = ui.label("Algorithm");
            let allowed: Vec<Alg> = if preset.algorithms().is_empty() {
                (derived.key.keys.as_ref())
                    .and_then(|k| k.keys.first())
                    .map_or_else(|| Alg::ALL.to_vec(), |k| k.algorithms())
            } else {
                preset.algorithms().to_vec()
            };
            let shown = form
                .alg
                .map_or_else(|| "automatic".to_string(), |a| a.to_string());
            ui.vertical(|ui| {
                let mut alg = form.alg;
                egui::ComboBox::from_id_salt("alg")
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut alg, None, "automatic");
                        for a in &allowed {
                            ui.selectable_value(&mut alg, Some(*a), a.name());
                        }
                    })
                    .response
                    .labelled_by(label.id)
                    .on_hover_text("Automatic: the vendor's algorithm that fits the key");
                if alg != form.alg {
                    out.push(Command::Mint(MintCommand::Alg(alg)));
                }
                notes_ui(ui, None, &of(Part::Header, "alg"), hide);
            });
            ui.end_row();
            if let Some(kid) = preset.header_field("kid") {
                let label = field_label(ui, kid);
                ui.vertical(|ui| {
                    let hint = kid.example.as_deref().unwrap_or("key id");
                    let mut text = form.kid.clone();
                    let r = ui
                        .add(
                            egui::TextEdit::singleline(&mut text)
                                .hint_text(hint)
                                .desired_width(f32::INFINITY),
                        )
                        .labelled_by(label.id);
                    let reason =
                        (derived.field_errors.get("header.kid")).map(|e| mask_text(e, hide));
                    let state = widgets::a11y::FieldState {
                        required: kid.required && kid.default.is_none(),
                        invalid: reason.as_deref(),
                        read_only: false,
                    };
                    widgets::a11y::field(&r, state);
                    if r.changed() {
                        out.push(Command::Mint(MintCommand::Kid(text)));
                    }
                    notes_ui(
                        ui,
                        derived.field_errors.get("header.kid"),
                        &of(Part::Header, "kid"),
                        hide,
                    );
                });
                ui.end_row();
            }
        });
    ui.add_space(widgets::theme::SECTION_GAP);
    ui.label(RichText::new("Payload").strong());
    fields_grid(ui, view, out);
    ui.add_space(widgets::theme::SECTION_GAP);
    extra_ui(ui, &form.extra, derived, out);
}

/// The preset's claims (a JWT's payload, an identity hash's fields), one row each.
fn fields_grid(ui: &mut egui::Ui, view: &FormView<'_>, out: &mut Vec<Command>) {
    let FormView {
        preset,
        form,
        derived,
        demo,
        ..
    } = *view;
    let (of, hide) = field_notes(derived);
    egui::Grid::new("claims-grid")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .min_col_width(widgets::theme::LABEL_WIDTH * 0.6)
        .show(ui, |ui| {
            for spec in &preset.claims {
                let label = field_label(ui, spec);
                let kind = kind_of(spec);
                // A map's personal entries are masked one by one, other fields whole.
                let mask = demo
                    && (kind == FieldKind::Rows || is_personal_claim(Some(preset), &spec.name));
                let Some(value) = form.get(&spec.name) else {
                    ui.end_row();
                    continue;
                };
                ui.vertical(|ui| {
                    let lifetime = (form.lifetime, preset.lifetime.max);
                    // Required of the user: not what the clock or the vendor fills.
                    let must = spec.required
                        && spec.default.is_none()
                        && !matches!(kind, FieldKind::AutoTime | FieldKind::Fixed);
                    // Masked like the note under the field: demo mode hides it from both.
                    let reason = (derived.field_errors.get(&spec.name)).map(|e| mask_text(e, hide));
                    let state = widgets::a11y::FieldState {
                        required: must,
                        invalid: reason.as_deref(),
                        read_only: false,
                    };
                    field_ui(
                        ui,
                        spec,
                        (kind, mask),
                        value,
                        lifetime,
                        (label.id, state),
                        out,
                    );
                    notes_ui(
                        ui,
                        derived.field_errors.get(&spec.name),
                        &of(Part::Payload, &spec.name),
                        hide,
                    );
                });
                ui.end_row();
            }
        });
}

/// Claims the preset doesn't define, as name/value rows.
fn extra_ui(ui: &mut egui::Ui, extra: &[ExtraClaim], derived: &Derived, out: &mut Vec<Command>) {
    ui.label(RichText::new("More claims").strong())
        .on_hover_text("Claims the vendor doesn't define. Values that read as JSON (numbers, true/false, objects, arrays) are JSON; anything else is a string.");
    let mut rows = extra.to_vec();
    let mut changed = false;
    let mut remove = None;
    for (i, claim) in rows.iter_mut().enumerate() {
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
        rows.remove(i);
        changed = true;
    }
    if ui.button("+ Add claim").clicked() {
        rows.push(ExtraClaim::default());
        changed = true;
    }
    if changed {
        out.push(Command::Mint(MintCommand::Extra(rows)));
    }
}

#[cfg(test)]
mod tests {
    use egui_kittest::kittest::{NodeT, Queryable};

    use crate::ui::mint::claims::*;
    use crate::ui::mint::form::FieldValue;
    use crate::ui::testing::*;

    /// The form alone over a Connect model; returns what it asked for.
    fn alone(act: impl FnOnce(&mut egui_kittest::Harness<'static, Vec<Command>>)) -> Vec<Command> {
        let workbench = workbench("amazon-connect");
        let mut h = panel(move |ui, out| {
            let preset = workbench.preset().expect("preset");
            let view = FormView {
                preset,
                editor: EditorMode::Form,
                form: workbench.form().expect("form"),
                raw_header: "",
                raw_payload: "",
                derived: &workbench.derived,
                demo: false,
            };
            crate::ui::mint::claims::ui(ui, &view, out);
        });
        act(&mut h);
        h.state().clone()
    }

    #[test]
    fn each_widget_sends_its_field_as_a_typed_edit() {
        let out = alone(|h| {
            h.get_by_label("Widget ID").focus();
            h.run();
            h.get_by_label("Widget ID").type_text("w-9");
            h.run();
            press(h, "+ Add to attributes");
            press(h, "+ Add claim");
            press(h, "Raw JSON");
        });
        assert_eq!(
            out,
            [
                Command::Mint(MintCommand::Field {
                    name: "sub".into(),
                    value: FieldValue::Text("w-9".into())
                }),
                Command::Mint(MintCommand::Field {
                    name: "attributes".into(),
                    value: FieldValue::Rows(vec![(String::new(), String::new())])
                }),
                Command::Mint(MintCommand::Extra(vec![ExtraClaim::default()])),
                Command::Mint(MintCommand::SetEditor(EditorMode::Raw)),
            ]
        );
    }

    #[test]
    fn a_missing_required_claim_is_marked_beside_its_field() {
        let out = alone(|h| {
            let widget = h
                .query_by_role_and_label(egui::accesskit::Role::TextInput, "Widget ID")
                .expect("the field");
            assert!(widget.accesskit_node().data().is_required());
            assert!(
                h.query_all_by_label("required").next().is_some(),
                "the star, named"
            );
            let reason = h.get_by_label_contains("✖ required");
            assert_eq!(
                reason.accesskit_node().data().live(),
                Some(egui::accesskit::Live::Assertive),
                "the reason under the field, announced"
            );
        });
        assert!(out.is_empty());
    }
}
