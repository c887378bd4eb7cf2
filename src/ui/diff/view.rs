//! Diff: two tokens side by side — each one's verdict, signature and lifetime, then every
//! header and payload difference by JSON path, and the findings one has and the other not.

use eframe::egui::{self, RichText};

use crate::core::diff::{ChangeKind, DiffPart};
use crate::core::report::Verdict;
use crate::core::time::human_span;
use crate::ui::app::command::{Command, DiffCommand};
use crate::ui::diff::model::{DiffView, SideView};
use crate::ui::inspect::view::status_badge;
use crate::ui::widgets;
use crate::ui::widgets::findings::finding_ui;

pub struct DiffPanelView<'a> {
    pub a: &'a str,
    pub b: &'a str,
    pub view: Option<&'a DiffView>,
    pub demo: bool,
}

pub fn ui(ui: &mut egui::Ui, panel: &DiffPanelView<'_>, cmds: &mut Vec<Command>) {
    widgets::theme::heading(ui, "Diff");
    ui.label(widgets::theme::note(
        "Paste two tokens (or pick two in History or a scan): what differs in header and payload, \
their verdicts with the current key, and the rules one breaks and the other not.",
    ));
    ui.add_space(widgets::theme::ROW_GAP);
    ui.columns(2, |cols| {
        let sides = [("Token A", panel.a, 0), ("Token B", panel.b, 1)];
        for ((name, text, i), ui) in sides.into_iter().zip(cols.iter_mut()) {
            let label = ui.label(RichText::new(name).strong());
            let mut t = text.to_string();
            let r = ui
                .add(
                    egui::TextEdit::multiline(&mut t)
                        .hint_text("Paste a token")
                        .font(egui::TextStyle::Monospace)
                        .password(panel.demo)
                        .desired_rows(3)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            if r.changed() {
                cmds.push(if i == 0 {
                    Command::Diff(DiffCommand::A(t))
                } else {
                    Command::Diff(DiffCommand::B(t))
                });
            }
            let file = ui
                .small_button("From a file…")
                .on_hover_text("Read this token from a file (a log line, a saved token)");
            widgets::a11y::name(&file, &format!("{name} from a file"));
            if file.clicked() {
                cmds.push(Command::Diff(DiffCommand::FromFile(i)));
            }
            if let Some(side) = panel.view.map(|v| &v.sides[i]) {
                side_ui(ui, name, side);
            }
        }
    });
    ui.horizontal(|ui| {
        if ui
            .button("Swap A and B")
            .on_hover_text("Put A where B is, and B where A is")
            .clicked()
        {
            cmds.push(Command::Diff(DiffCommand::Swap));
        }
        if ui.button("Clear").clicked() {
            cmds.push(Command::Diff(DiffCommand::Clear));
        }
    });
    ui.separator();
    let Some(view) = panel.view.filter(|v| v.comparable) else {
        return;
    };
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| changes_ui(ui, view));
}

fn side_ui(ui: &mut egui::Ui, name: &str, side: &SideView) {
    if let Some(problem) = &side.problem {
        let r = ui.label(RichText::new(problem).color(widgets::theme::palette(ui).error));
        widgets::a11y::live(&r, true);
        return;
    }
    ui.horizontal_wrapped(|ui| {
        if let Some(status) = side.status {
            let verdict = Verdict::of(status, side.signature);
            status_badge(ui, verdict);
            let r = ui.label(&side.verdict);
            widgets::a11y::name(&r, &format!("{name}: {}, {}", verdict.word(), side.verdict));
        }
    });
    let sig = match side.signature {
        Some(true) => "signature verifies with the current key",
        Some(false) => "signature does NOT verify with the current key",
        None => "signature not checked (no key)",
    };
    let lifetime = side.lifetime.map_or_else(
        || "no lifetime (exp - iat)".to_string(),
        |l| format!("lives {}", human_span(l)),
    );
    let header = [("alg", &side.alg), ("kid", &side.kid), ("typ", &side.typ)]
        .iter()
        .filter_map(|(n, v)| v.as_ref().map(|v| format!("{n} {v}")))
        .collect::<Vec<_>>()
        .join(" · ");
    ui.label(widgets::theme::note(format!(
        "{} · {sig} · {lifetime} · {header}",
        side.preset.as_deref().unwrap_or("no preset")
    )));
}

fn changes_ui(ui: &mut egui::Ui, view: &DiffView) {
    let pal = widgets::theme::palette(ui);
    if view.changes.is_empty() {
        let r = ui.label(RichText::new("Header and payload are the same.").strong());
        widgets::a11y::live(&r, false);
    } else {
        let n = view.changes.len();
        let r = ui.label(
            RichText::new(format!("{n} difference{}", if n == 1 { "" } else { "s" })).strong(),
        );
        widgets::a11y::live(&r, false);
        egui::Grid::new("diff-changes")
            .striped(true)
            .num_columns(4)
            .spacing([12.0, 4.0])
            .show(ui, |ui| {
                for h in ["Where", "What", "A", "B"] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                for c in &view.changes {
                    let part = match c.part {
                        DiffPart::Header => "header",
                        DiffPart::Payload => "payload",
                    };
                    ui.label(RichText::new(format!("{part} {}", c.path)).monospace());
                    let color = match c.kind {
                        ChangeKind::Added => pal.ok,
                        ChangeKind::Removed => pal.error,
                        ChangeKind::Changed => pal.info,
                        ChangeKind::TypeChanged => pal.warn,
                    };
                    let kind = if c.kind == ChangeKind::TypeChanged {
                        RichText::new("TYPE CHANGED").strong()
                    } else {
                        RichText::new(c.kind.label())
                    };
                    ui.label(kind.color(color));
                    ui.label(RichText::new(&c.a).monospace());
                    ui.label(RichText::new(&c.b).monospace());
                    ui.end_row();
                }
            });
    }
    for (name, only) in [("A", &view.only[0]), ("B", &view.only[1])] {
        if only.is_empty() {
            continue;
        }
        ui.add_space(widgets::theme::SECTION_GAP);
        ui.label(RichText::new(format!("Only {name}")).strong());
        for f in only {
            finding_ui(ui, f, &[]);
        }
    }
}
