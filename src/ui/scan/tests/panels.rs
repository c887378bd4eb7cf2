//! History, Diff and Scan panels alone, each with a fixed view.

use egui_kittest::kittest::{NodeT, Queryable};

use crate::core::decode::decode;
use crate::core::history::Origin;
use crate::ui::app::command::{Command, DiffCommand, HistoryCommand, InspectCommand, ScanCommand};
use crate::ui::history::state::HistoryState;
use crate::ui::scan::state::ScanState;
use crate::ui::scan::tests::{FIXTURE_NOW, fixture, fixture_token, judge};
use crate::ui::testing::*;

#[test]
fn diff_panel_alone_shows_type_changes_and_findings_only_in_b() {
    let mut workbench = workbench("amazon-connect");
    workbench.set_diff_side(0, fixture_token("good"));
    workbench.set_diff_side(1, fixture_token("bad"));
    workbench.refresh(FIXTURE_NOW);
    let view = workbench.derived.diff.take();
    let (a, b) = (
        workbench.inputs.diff_a.clone(),
        workbench.inputs.diff_b.clone(),
    );
    let mut h = panel(move |ui, out| {
        let v = crate::ui::diff::view::DiffPanelView {
            a: &a,
            b: &b,
            view: view.as_ref(),
            demo: false,
        };
        crate::ui::diff::view::ui(ui, &v, out);
    });
    assert!(shows_in(&h, "payload /attributes/customerId"));
    assert!(shows_in(&h, "TYPE CHANGED"));
    assert!(shows_in(&h, "\"C-1\""));
    assert!(shows_in(&h, "Only B"));
    assert!(shows_in(&h, "only string values are accepted"));
    assert!(shows_in(&h, "lives 1h"));
    press(&mut h, "Swap A and B");
    assert_eq!(h.state().last(), Some(&Command::Diff(DiffCommand::Swap)));
    h.get_by_label("Token A").focus();
    h.run();
    h.get_by_label("Token A").type_text("x");
    h.run();
    assert!(matches!(h.state().last(), Some(Command::Diff(DiffCommand::A(t))) if t.ends_with('x')));
}

fn history_with(tokens: &[(&str, Origin)]) -> HistoryState {
    let workbench = workbench("amazon-connect");
    let judge = judge(&workbench);
    let mut state = HistoryState::default();
    for (name, origin) in tokens {
        let d = decode(&fixture_token(name));
        let r = judge.judge.report(&d);
        state.record(origin.clone(), &d, &r, FIXTURE_NOW);
    }
    state
}

#[test]
fn history_panel_alone_lists_newest_first_and_opens_picks() {
    let mut state = history_with(&[("good", Origin::Minted), ("bad", Origin::Served)]);
    let ids: Vec<String> = state.history.newest_first().map(|r| r.id.clone()).collect();
    state.picked = vec![ids[0].clone()];
    let mut h = panel(move |ui, out| {
        let presets = crate::core::preset::Presets::builtin();
        let v = crate::ui::history::view::HistoryView {
            state: &state,
            presets: &presets,
            demo: false,
        };
        crate::ui::history::view::ui(ui, &v, out);
    });
    assert!(shows_in(&h, "2 of 2 tokens"));
    assert!(shows_in(&h, "served"));
    assert!(shows_in(&h, "Amazon"));
    assert!(shows_in(&h, "sub=visitor-1"));
    assert!(shows_in(&h, "lives 5m"));
    assert!(
        h.get_by_label("Diff the two picked tokens")
            .accesskit_node()
            .is_disabled()
    );
    press(&mut h, "Inspect");
    assert!(
        matches!(h.state().last(), Some(Command::Inspect(InspectCommand::Open(t))) if *t == fixture_token("bad"))
    );
    if let Some(n) = h.get_all_by_label_contains("Pick the token of").next() {
        n.click();
    }
    h.run();
    assert!(matches!(
        h.state().last(),
        Some(Command::History(HistoryCommand::Pick(_)))
    ));
    h.get_by_label("Filter the history").focus();
    h.run();
    h.get_by_label("Filter the history").type_text("minted");
    h.run();
    assert!(
        matches!(h.state().last(), Some(Command::History(HistoryCommand::Filter(f))) if f == "minted")
    );
}

#[test]
fn scan_panel_alone_shows_progress_cancel_and_places() {
    let workbench = workbench("amazon-connect");
    let judge = judge(&workbench);
    let mut scan = ScanState::default();
    scan.begin("chrome.har".into(), fixture("chrome.har"));
    scan.progress = (50, 200);
    let place = crate::core::scan::Place {
        entry: Some(2),
        line: None,
        started: Some("2026-11-29T10:00:03.000Z".into()),
        method: Some("POST".into()),
        url: Some("https://vendor.example/chat".into()),
        location: "request.header:authorization".into(),
        status: Some(401),
    };
    scan.rows
        .push(judge.row(&fixture_token("bad"), vec![place], 1));
    let mut h = panel(move |ui, out| {
        let v = crate::ui::scan::view::ScanPanelView { scan: &scan };
        crate::ui::scan::view::ui(ui, &v, out);
    });
    assert!(shows_in(&h, "Scanning chrome.har… 1 token so far"));
    assert!(shows_in(
        &h,
        "#2 2026-11-29T10:00:03.000Z POST https://vendor.example/chat · HTTP 401 · request.header:authorization"
    ));
    assert!(shows_in(&h, "INVALID"));
    assert!(
        h.get_by_label("Open a capture…")
            .accesskit_node()
            .is_disabled(),
        "one scan at a time"
    );
    press(&mut h, "Cancel");
    assert_eq!(h.state().last(), Some(&Command::Scan(ScanCommand::Cancel)));
    press(&mut h, "Pick token 1");
    assert_eq!(h.state().last(), Some(&Command::Scan(ScanCommand::Pick(0))));
}
