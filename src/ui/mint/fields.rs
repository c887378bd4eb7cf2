//! One claim's widget in the form: text, times with the lifetime, booleans, choices,
//! key/value rows, JSON. Each edits a copy of the value it is shown; a change goes out as an
//! edit command.

use eframe::egui::{self, RichText};

use crate::core::mask::is_personal_key;
use crate::core::preset::FieldSpec;
use crate::core::time::{human_span, parse_duration};
use crate::ui::app::command::{Command, MintCommand};
use crate::ui::mint::form::{FieldKind, FieldValue};
use crate::ui::widgets;
use crate::ui::widgets::a11y::FieldState;
use crate::ui::widgets::json_view::json_job;

/// One field's widget (`mask`: a personal value in demo mode, or an attribute map whose
/// personal entries are masked). It edits a copy; a change is sent as an edit.
pub fn field_ui(
    ui: &mut egui::Ui,
    spec: &FieldSpec,
    (kind, mask): (FieldKind, bool),
    value: &FieldValue,
    (lifetime, max_lifetime): (i64, Option<i64>),
    (label, state): (egui::Id, FieldState<'_>),
    out: &mut Vec<Command>,
) {
    let mut value = value.clone();
    let mut life = lifetime;
    let mut changed = false;
    // The field's own widget, to tell assistive technology its state.
    let mut main: Option<egui::Response> = None;
    match (kind, &mut value) {
        (FieldKind::Fixed, FieldValue::Text(t)) => {
            let r = ui
                .label(RichText::new(t.as_str()).monospace())
                .labelled_by(label)
                .on_hover_text("Fixed by the vendor");
            widgets::a11y::field(
                &r,
                FieldState {
                    read_only: true,
                    ..FieldState::default()
                },
            );
        }
        (FieldKind::AutoTime, FieldValue::Text(t)) => {
            let lifetime_filled = spec.fill == crate::core::preset::Fill::Lifetime;
            ui.horizontal(|ui| {
                let hint = if lifetime_filled { "iat + lifetime" } else { "now, when minted" };
                let r = ui
                    .add(egui::TextEdit::singleline(t).hint_text(hint).desired_width(150.0))
                    .labelled_by(label)
                    .on_hover_text("Leave empty to fill automatically, or type a time: now, +5m, -1h, 2026-12-01T10:00:00Z or seconds since 1970");
                changed |= r.changed();
                main = Some(r);
                if lifetime_filled {
                    let l = ui.label("lifetime");
                    ui
                        .add(
                            egui::DragValue::new(&mut life)
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
                        .on_hover_text("How long the token lives: type 600, 10m or 1h30m, or drag");
                    if let Some(max) = max_lifetime {
                        let pal = widgets::theme::palette(ui);
                        let color = if life > max { pal.error } else { pal.muted };
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
            let r = egui::ComboBox::from_id_salt(("bool", &spec.name))
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    changed |= ui.selectable_value(b, None, "not set").changed();
                    changed |= ui.selectable_value(b, Some(true), "true").changed();
                    changed |= ui.selectable_value(b, Some(false), "false").changed();
                })
                .response
                .labelled_by(label);
            main = Some(r);
        }
        (FieldKind::Choice, FieldValue::Text(t)) => {
            let shown = if t.is_empty() {
                "not set".to_string()
            } else {
                t.clone()
            };
            let r = egui::ComboBox::from_id_salt(("choice", &spec.name))
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    changed |= ui.selectable_value(t, String::new(), "not set").changed();
                    for v in &spec.one_of {
                        let text = crate::ui::mint::form::text_of(v);
                        changed |= ui.selectable_value(t, text.clone(), text).changed();
                    }
                })
                .response
                .labelled_by(label);
            main = Some(r);
        }
        (FieldKind::Rows, FieldValue::Rows(rows)) => {
            changed |= rows_ui(ui, spec, rows, mask);
        }
        (FieldKind::Json, FieldValue::Text(t)) => {
            let r = json_editor(ui, t, 2, "{ \"name\": \"value\" }").labelled_by(label);
            changed |= r.changed();
            main = Some(r);
        }
        (FieldKind::Time | FieldKind::Text, FieldValue::Text(t)) => {
            let hint = match (kind, &spec.example) {
                _ if let Some(p) = &spec.placeholder => p.clone(),
                (FieldKind::Time, _) => {
                    "not set (now, +5m, 2026-12-01T10:00:00Z or seconds)".to_string()
                }
                (_, Some(e)) => e.clone(),
                _ => spec.kind.describe().to_string(),
            };
            let r = ui
                .add(
                    egui::TextEdit::singleline(t)
                        .hint_text(hint)
                        .password(mask)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label);
            changed |= r.changed();
            main = Some(r);
        }
        (_, other) => {
            ui.label(format!("{other:?}"));
        }
    }
    if let Some(r) = &main {
        widgets::a11y::field(r, state);
    }
    if changed {
        out.push(Command::Mint(MintCommand::Field {
            name: spec.name.clone(),
            value,
        }));
    }
    if life != lifetime {
        out.push(Command::Mint(MintCommand::Lifetime(life)));
    }
}

/// What a name/value row reported this frame.
#[derive(Default)]
pub struct RowEvents {
    pub changed: bool,
    pub remove: bool,
}

/// One editable name/value pair with a remove button. `what` names the row for screen
/// readers and tests: "attributes" gives "attributes name 1", "attributes value 1" and
/// "Remove attributes row 1".
pub fn pair_ui(
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

/// A multi-line JSON editor, syntax-coloured as you type.
pub fn json_editor(
    ui: &mut egui::Ui,
    text: &mut String,
    rows: usize,
    hint: &str,
) -> egui::Response {
    let pal = widgets::theme::palette(ui);
    let font = widgets::theme::mono(ui);
    let mut layouter = |ui: &egui::Ui, buf: &dyn egui::TextBuffer, wrap: f32| {
        let mut job = json_job(buf.as_str(), font.clone(), &pal);
        job.wrap.max_width = wrap;
        ui.fonts_mut(|f| f.layout_job(job))
    };
    ui.add(
        egui::TextEdit::multiline(text)
            .code_editor()
            // Tab leaves the field (a code editor would type a tab: a keyboard trap).
            .lock_focus(false)
            .desired_rows(rows)
            .desired_width(f32::INFINITY)
            .hint_text(hint)
            .layouter(&mut layouter),
    )
}
