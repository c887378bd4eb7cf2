//! Scan: every token in a HAR capture or a log, where each appears (the entry, its method,
//! URL and HTTP status), and its verdict. Runs off the UI thread; the first tokens show
//! while the rest is read.

use eframe::egui::{self, RichText};

use crate::core::scan::SourceKind;
use crate::ui::app::command::{Command, DiffCommand, InspectCommand, ScanCommand};
use crate::ui::scan::state::{ScanState, ScannedRow};
use crate::ui::widgets;

pub struct ScanPanelView<'a> {
    pub scan: &'a ScanState,
}

pub fn ui(ui: &mut egui::Ui, view: &ScanPanelView<'_>, cmds: &mut Vec<Command>) {
    let scan = view.scan;
    let pal = widgets::theme::palette(ui);
    widgets::theme::heading(ui, "Scan a capture");
    ui.label(widgets::theme::note(
        "Every JWT in a HAR file (as Chrome, Firefox or Safari save it) or any log: where each \
appears, the HTTP status there, and its verdict with the current key.",
    ));
    ui.add_space(widgets::theme::ROW_GAP);
    ui.horizontal(|ui| {
        let open = ui
            .add_enabled(!scan.running, egui::Button::new("Open a capture…"))
            .on_hover_text("Choose a .har or log file");
        if open.clicked() {
            cmds.push(Command::Scan(ScanCommand::Open));
        }
        ui.label(widgets::theme::note("or drop a file on the window"));
    });
    if let Some((name, _)) = &scan.file {
        ui.add_space(widgets::theme::ROW_GAP);
        status_ui(ui, scan, name, cmds);
    }
    for w in scan.source.iter().flat_map(|s| &s.warnings) {
        let r = ui.label(RichText::new(format!("⚠ {w}")).color(pal.warn));
        widgets::a11y::name(&r, &format!("Warning: {w}"));
    }
    if let Some(e) = &scan.error {
        let r = ui.label(RichText::new(e).color(pal.error));
        widgets::a11y::live(&r, true);
    }
    if scan.rows.is_empty() {
        return;
    }
    ui.horizontal(|ui| {
        let picked: Vec<&ScannedRow> = scan
            .picked
            .iter()
            .filter_map(|&i| scan.rows.get(i))
            .collect();
        let inspect = ui
            .add_enabled(picked.len() == 1, egui::Button::new("Inspect"))
            .on_disabled_hover_text("Pick one token");
        if inspect.clicked()
            && let [one] = picked.as_slice()
        {
            cmds.push(Command::Inspect(InspectCommand::Open(one.token.clone())));
        }
        let diff = ui
            .add_enabled(picked.len() == 2, egui::Button::new("Diff the two"))
            .on_disabled_hover_text("Pick two tokens");
        widgets::a11y::name(&diff, "Diff the two picked tokens");
        if diff.clicked()
            && let [a, b] = picked.as_slice()
        {
            cmds.push(Command::Diff(DiffCommand::Open(
                a.token.clone(),
                b.token.clone(),
            )));
        }
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (i, row) in scan.rows.iter().enumerate() {
                row_ui(ui, i, row, scan.picked.contains(&i), cmds);
                ui.add_space(4.0);
            }
        });
}

fn status_ui(ui: &mut egui::Ui, scan: &ScanState, name: &str, cmds: &mut Vec<Command>) {
    let n = scan.rows.len();
    let tokens = format!("{n} token{}", if n == 1 { "" } else { "s" });
    if scan.running {
        ui.horizontal(|ui| {
            let (done, total) = scan.progress;
            #[allow(clippy::cast_precision_loss)]
            let share = if total == 0 {
                0.0
            } else {
                done as f32 / total as f32
            };
            let bar = ui.add(
                egui::ProgressBar::new(share)
                    .desired_width(240.0)
                    .show_percentage(),
            );
            widgets::a11y::name(&bar, &format!("Scanning {name}: {:.0} %", share * 100.0));
            ui.label(format!("Scanning {name}… {tokens} so far"));
            if ui.button("Cancel").clicked() {
                cmds.push(Command::Scan(ScanCommand::Cancel));
            }
        });
        return;
    }
    let what = match &scan.source {
        Some(s) if s.kind == SourceKind::Har => {
            format!("{name}: HAR, {} entries", s.entries.unwrap_or_default())
        }
        Some(_) => format!("{name}: text"),
        None => name.to_string(),
    };
    let end = if scan.cancelled {
        " (cancelled: what was read so far)"
    } else {
        ""
    };
    let found = if n == 0 && scan.error.is_none() {
        "no tokens found".to_string()
    } else {
        tokens
    };
    let r = ui.label(RichText::new(format!("{what} · {found}{end}")).strong());
    widgets::a11y::live(&r, false);
}

fn row_ui(ui: &mut egui::Ui, i: usize, row: &ScannedRow, picked: bool, cmds: &mut Vec<Command>) {
    let pal = widgets::theme::palette(ui);
    ui.horizontal(|ui| {
        let mut on = picked;
        let pick = ui.checkbox(&mut on, RichText::new(format!("{}", i + 1)).strong());
        widgets::a11y::name(&pick, &format!("Pick token {}", i + 1));
        if pick.changed() {
            cmds.push(Command::Scan(ScanCommand::Pick(i)));
        }
        ui.label(RichText::new(&row.short).monospace());
        let (word, color) = if row.valid {
            ("VALID", pal.ok)
        } else {
            ("INVALID", pal.error)
        };
        widgets::theme::badge(ui, word, color);
        ui.label(&row.verdict);
        ui.label(widgets::theme::note(
            row.preset.as_deref().unwrap_or("no preset"),
        ));
        let open = ui.small_button("Inspect");
        widgets::a11y::name(&open, &format!("Inspect token {}", i + 1));
        if open.clicked() {
            cmds.push(Command::Inspect(InspectCommand::Open(row.token.clone())));
        }
    });
    let indent = ui.spacing().indent;
    ui.horizontal(|ui| {
        ui.add_space(indent);
        ui.vertical(|ui| {
            let shown = if row.place_count > 4 {
                3
            } else {
                row.places.len()
            };
            for p in &row.places[..shown] {
                ui.label(RichText::new(p).monospace().small());
            }
            if row.place_count > shown {
                egui::CollapsingHeader::new(format!("{} more places", row.place_count - shown))
                    .id_salt(("scan-places", i))
                    .show(ui, |ui| {
                        for p in &row.places[shown..] {
                            ui.label(RichText::new(p).monospace().small());
                        }
                        if row.place_count > row.places.len() {
                            ui.label(widgets::theme::note(format!(
                                "… and {} more: `tokenbench scan FILE --json` lists every one",
                                row.place_count - row.places.len()
                            )));
                        }
                    });
            }
        });
    });
}
