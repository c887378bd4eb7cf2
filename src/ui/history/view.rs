//! History: every token minted, pasted, served or found in a file, newest first. Pick one to
//! inspect it, two to diff them.

use eframe::egui::{self, RichText};

use crate::core::history::Record;
use crate::core::mask::{MASK, is_personal_claim};
use crate::core::preset::Presets;
use crate::core::report::Verdict;
use crate::core::time::{format_utc, human_span};
use crate::ui::app::command::{Command, DiffCommand, HistoryCommand, InspectCommand};
use crate::ui::history::state::HistoryState;
use crate::ui::widgets;

pub struct HistoryView<'a> {
    pub state: &'a HistoryState,
    pub presets: &'a Presets,
    pub demo: bool,
}

pub fn ui(ui: &mut egui::Ui, view: &HistoryView<'_>, cmds: &mut Vec<Command>) {
    let state = view.state;
    widgets::theme::heading(ui, "History");
    ui.label(widgets::theme::note(
        "Tokens minted, pasted into Inspect, served or found in a scan, newest first. \
Pick one to inspect it, two to compare them.",
    ));
    let mut keep = state.keep;
    let r = ui
        .checkbox(&mut keep, "Keep history across restarts")
        .on_hover_text(
            "Kept in your data folder: when, where from, the header and claims, the verdict. \
Never a signature (nothing kept can be replayed) and never a secret. The last 1,000. \
Turning it off removes the kept file.",
        );
    if r.changed() {
        cmds.push(Command::History(HistoryCommand::Keep(keep)));
    }
    ui.add_space(widgets::theme::ROW_GAP);
    ui.horizontal(|ui| {
        let mut filter = state.filter.clone();
        let r = ui.add(
            egui::TextEdit::singleline(&mut filter)
                .hint_text("Filter: vendor, source, claim, verdict")
                .desired_width(260.0),
        );
        widgets::a11y::name(&r, "Filter the history");
        if r.changed() {
            cmds.push(Command::History(HistoryCommand::Filter(filter)));
        }
        let picked: Vec<&Record> = state
            .picked
            .iter()
            .filter_map(|id| state.history.get(id))
            .collect();
        let inspect = ui
            .add_enabled(picked.len() == 1, egui::Button::new("Inspect"))
            .on_hover_text("Open the picked token in Inspect")
            .on_disabled_hover_text("Pick one token");
        if inspect.clicked()
            && let [one] = picked.as_slice()
        {
            cmds.push(Command::Inspect(InspectCommand::Open(one.text())));
        }
        let diff = ui
            .add_enabled(picked.len() == 2, egui::Button::new("Diff the two"))
            .on_hover_text("Compare the two picked tokens side by side")
            .on_disabled_hover_text("Pick two tokens");
        widgets::a11y::name(&diff, "Diff the two picked tokens");
        if diff.clicked()
            && let [a, b] = picked.as_slice()
        {
            cmds.push(Command::Diff(DiffCommand::Open(a.text(), b.text())));
        }
        if ui
            .add_enabled(
                !state.history.is_empty(),
                egui::Button::new("Clear history"),
            )
            .clicked()
        {
            cmds.push(Command::History(HistoryCommand::Clear));
        }
    });
    ui.add_space(widgets::theme::ROW_GAP);
    if state.history.is_empty() {
        ui.label(
            "Nothing yet: tokens you mint, paste into Inspect, serve or find in a scanned file appear here.",
        );
        return;
    }
    let filter = state.filter.trim().to_lowercase();
    let rows: Vec<&Record> = state
        .history
        .newest_first()
        .filter(|r| filter.is_empty() || matches(r, view, &filter))
        .collect();
    ui.label(widgets::theme::note(format!(
        "{} of {} tokens",
        rows.len(),
        state.history.len()
    )));
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 10.0;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, row_height, rows.len(), |ui, range| {
            for r in &rows[range] {
                row_ui(ui, r, view, cmds);
            }
        });
}

fn matches(r: &Record, view: &HistoryView<'_>, filter: &str) -> bool {
    let mut text = format!(
        "{} {} {}",
        r.origin.describe(),
        r.preset.as_deref().unwrap_or_default(),
        r.verdict
    );
    if !view.demo {
        for (name, value) in r.identifying() {
            text.push_str(&format!(" {name}={value}"));
        }
    }
    text.to_lowercase().contains(filter)
}

fn row_ui(ui: &mut egui::Ui, r: &Record, view: &HistoryView<'_>, cmds: &mut Vec<Command>) {
    let palette = widgets::theme::palette(ui);
    let preset = r.preset.as_deref().and_then(|id| view.presets.get(id));
    ui.horizontal(|ui| {
        let mut picked = view.state.picked.contains(&r.id);
        let when = format_utc(crate::core::time::as_f64(r.at))
            .and_then(|s| s.get(11..19).map(str::to_string))
            .unwrap_or_default();
        let pick = ui.checkbox(&mut picked, RichText::new(&when).monospace());
        widgets::a11y::name(
            &pick,
            &format!("Pick the token of {when}, {}", r.origin.describe()),
        );
        if pick.changed() {
            cmds.push(Command::History(HistoryCommand::Pick(r.id.clone())));
        }
        ui.label(widgets::theme::note(r.origin.describe()));
        ui.label(preset.map_or("no preset", |p| p.vendor.as_str()));
        let color = match r.human_verdict() {
            Verdict::Valid => palette.ok,
            Verdict::NotVerified | Verdict::Expired | Verdict::NotYetValid => palette.warn,
            Verdict::Invalid => palette.error,
        };
        ui.label(RichText::new(&r.verdict).color(color));
        if let Some(l) = r.lifetime() {
            ui.label(widgets::theme::note(format!("lives {}", human_span(l))));
        }
        for (name, value) in r.identifying().into_iter().take(3) {
            let value = if view.demo && is_personal_claim(preset, name) {
                MASK.to_string()
            } else {
                value
            };
            ui.label(RichText::new(format!("{name}={value}")).monospace().small());
        }
        let open = ui.small_button("Inspect");
        widgets::a11y::name(&open, &format!("Inspect the token of {when}"));
        if open.clicked() {
            cmds.push(Command::Inspect(InspectCommand::Open(r.text())));
        }
    });
}
