//! History, Diff and Scan in the whole window: scanning, dropping, cancelling, recording,
//! keeping, demo mode.

use std::path::PathBuf;
use std::sync::Arc;

use egui_kittest::kittest::{NodeT, Queryable};

use crate::core::history::Origin;
use crate::ui::app::command::{Command, DiffCommand, ScanCommand, WindowCommand};
use crate::ui::scan::tests::{FIXTURE_NOW, fixture, fixture_token};
use crate::ui::testing::*;
use crate::ui::workbench::Mode;

#[test]
fn scanning_a_capture_lists_its_tokens_and_diffs_two_of_them() {
    let (mut h, handles) = with_preset("amazon-connect");
    handles.clock.set(FIXTURE_NOW);
    handles.files.choose_capture(fixture("chrome.har"));
    h.get_by_label("Scan").click();
    h.run();
    h.get_by_label("Open a capture…").click();
    h.run();
    let scan = &h.state().scan;
    assert!(!scan.running);
    assert_eq!(scan.rows.len(), 7);
    assert!(shows_in(&h, "chrome.har: HAR, 8 entries · 7 tokens"));
    // The token the page got (200) and sent to the vendor (401), in time order.
    let bad = fixture_token("bad");
    let i = scan
        .rows
        .iter()
        .position(|r| r.token == bad)
        .unwrap_or(usize::MAX);
    let row = &h.state().scan.rows[i];
    assert!(!row.valid);
    assert!(
        row.places[0].ends_with("HTTP 200 · response.body"),
        "{:?}",
        row.places
    );
    assert!(row.places[1].ends_with("HTTP 401 · request.header:authorization"));
    // Every token found goes into History, by the file's name.
    let names = origins(&h);
    assert_eq!(names.len(), 7);
    assert!(names.iter().all(|n| n == "chrome.har"));

    // The key typed afterwards judges every token found: the one signed with another
    // secret no longer passes.
    let assertion = fixture_token("assertion");
    let row_of = |h: &egui_kittest::Harness<'static, App>, t: &str| {
        h.state().scan.rows.iter().find(|r| r.token == t).cloned()
    };
    assert!(row_of(&h, &assertion).is_some_and(|r| r.valid));
    let secret = std::fs::read_to_string(fixture("tokens.json")).unwrap_or_default();
    let secret: serde_json::Value = serde_json::from_str(&secret).unwrap_or_default();
    send(&mut h, Command::Window(WindowCommand::SetMode(Mode::Mint)));
    h.run();
    type_into(
        &mut h,
        "Secret",
        secret["secret"].as_str().unwrap_or_default(),
    );
    h.get_by_label("Scan").click();
    h.run();
    assert!(row_of(&h, &assertion).is_some_and(|r| !r.valid && r.verdict.contains("signature")));
    assert!(row_of(&h, &fixture_token("good")).is_some_and(|r| r.valid));

    let good = fixture_token("good");
    let j = h
        .state()
        .scan
        .rows
        .iter()
        .position(|r| r.token == good)
        .unwrap_or(usize::MAX);
    press(&mut h, &format!("Pick token {}", j + 1));
    press(&mut h, &format!("Pick token {}", i + 1));
    press(&mut h, "Diff the two picked tokens");
    assert_eq!(h.state().workbench.inputs.mode, Mode::Diff);
    assert!(shows_in(&h, "TYPE CHANGED"));
    assert!(shows_in(&h, "payload /attributes/customerId"));
}

#[derive(Debug)]
struct Dropped(PathBuf);

impl eframe::egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_file_dropped_on_the_window_is_scanned() {
    let (mut h, handles) = harness(crate::ui::app::state::Settings::default());
    handles.clock.set(FIXTURE_NOW);
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(fixture("widget.log"))));
    h.run();
    assert_eq!(h.state().workbench.inputs.mode, Mode::Scan);
    assert!(shows_in(&h, "widget.log: text · 2 tokens"));
    assert!(shows_in(&h, "line 2 · text"));
    // A file that is not there: one clear message, nothing else lost.
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(fixture("missing.har"))));
    h.run();
    assert!(shows_in(&h, "missing.har: can't open"));
}

#[test]
fn a_cancelled_scan_stops_and_says_so() {
    use crate::ui::app::services::{Reply, ScanJob, ScanNews, scan_task};
    let (tx, rx) = std::sync::mpsc::channel();
    let cancel = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let job = ScanJob {
        generation: 1,
        path: fixture("chrome.har"),
        cancel,
    };
    scan_task(job)(&Reply::new(tx, Arc::new(|| {})));
    let news: Vec<_> = rx.try_iter().collect();
    assert_eq!(news.len(), 1, "no hits after Cancel");
    assert!(matches!(
        &news[0],
        crate::ui::app::services::Message::Scan { news: ScanNews::Done(Ok(s)), .. } if s.scanned.cancelled
    ));
    // In the window, Cancel raises the running scan's flag; a new scan gets its own.
    let (mut h, _) = harness(crate::ui::app::state::Settings::default());
    let before = h.state().scan.cancel.clone();
    send(&mut h, Command::Scan(ScanCommand::Cancel));
    assert!(before.load(std::sync::atomic::Ordering::Relaxed));
    send(
        &mut h,
        Command::Scan(ScanCommand::File(fixture("widget.log"))),
    );
    h.run();
    assert!(
        !h.state()
            .scan
            .cancel
            .load(std::sync::atomic::Ordering::Relaxed)
    );
    assert_eq!(h.state().scan.rows.len(), 2);
}

#[test]
fn minted_and_pasted_tokens_go_into_history_once_they_stand() {
    let (mut h, handles) = connect_with_token();
    assert!(h.state().history.history.is_empty(), "not while typing");
    handles.clock.set(NOW + 3);
    h.run();
    let origins = origins(&h);
    assert_eq!(origins, ["minted"]);
    let first = minted_token(&h);
    h.get_by_label("Inspect").click();
    h.run();
    type_into(&mut h, "Token to inspect", &fixture_token("good"));
    handles.clock.set(NOW + 6);
    h.run();
    h.get_by_label("History").click();
    h.run();
    assert!(shows_in(&h, "2 of 2 tokens"));
    let picks: Vec<String> = h
        .get_all_by_label_contains("Pick the token of")
        .map(|n| n.accesskit_node().label().unwrap_or_default())
        .collect();
    for p in &picks {
        press(&mut h, p);
    }
    press(&mut h, "Diff the two picked tokens");
    assert_eq!(
        h.state().workbench.inputs.diff_b,
        first,
        "the first pick is A"
    );
    assert_eq!(h.state().workbench.inputs.diff_a, fixture_token("good"));
    press(&mut h, "History");
    press(&mut h, "Clear history");
    assert!(h.state().history.history.is_empty());
    assert!(shows_in(&h, "Nothing yet"));
}

#[test]
fn demo_mode_masks_history_diff_and_scan() {
    let (mut h, handles) = connect_with_token();
    add_attribute(&mut h, 1, "customerEmail", "ada@example.com");
    let first = minted_token(&h);
    type_into(&mut h, "attributes value 1", "x");
    let second = minted_token(&h);
    handles.clock.set(NOW + 3);
    h.run();
    send(
        &mut h,
        Command::Diff(DiffCommand::Open(first.clone(), second.clone())),
    );
    send(
        &mut h,
        Command::Scan(ScanCommand::File(fixture("chrome.har"))),
    );
    h.run();
    h.get_by_label("Diff").click();
    h.run();
    assert!(
        screen_text(&h).contains("ada@example.comx"),
        "shown before demo mode"
    );
    h.get_by_label("Demo mode").click();
    h.run();
    let scanned = fixture_token("bad");
    for mode in ["History", "Diff", "Scan"] {
        h.get_by_label(mode).click();
        h.run();
        let shown = screen_text(&h);
        for hidden in [
            "ada@example.com",
            first.as_str(),
            second.as_str(),
            scanned.as_str(),
            "widgetId=w-123",
        ] {
            let lines: Vec<&str> = shown.lines().filter(|l| l.contains(hidden)).collect();
            assert!(
                lines.is_empty(),
                "{mode} shows {hidden:?} in demo mode: {lines:?}"
            );
        }
    }
    assert!(
        screen_text(&h).contains("https://shop.example/…"),
        "hosts stay"
    );
}

#[test]
fn kept_history_survives_a_restart_without_signatures_and_goes_when_turned_off() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join(crate::store::history::FILE);
    let start = |keep: bool| {
        crate::ui::testing::start(Start {
            settings: crate::ui::app::state::Settings {
                preset: Some("amazon-connect".into()),
                keep_history: keep,
                ..crate::ui::app::state::Settings::default()
            },
            history: Some(path.clone()),
            ..Start::default()
        })
    };
    let (mut h, handles) = start(false);
    type_into(&mut h, "Secret", SECRET);
    type_into(&mut h, "Widget ID", "widget-1");
    handles.clock.set(NOW + 3);
    h.run();
    assert!(!path.exists(), "not kept unless asked");
    h.get_by_label("History").click();
    h.run();
    h.get_by_label("Keep history across restarts").click();
    h.run();
    assert!(h.state().settings().keep_history, "remembered");
    let token = minted_token(&h);
    let signature = token.rsplit('.').next().unwrap_or_default().to_string();
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(kept.lines().count(), 1, "this session's record was written");
    assert!(
        !kept.contains(&signature) && !kept.contains(SECRET),
        "{kept}"
    );
    drop(h);

    let (mut h, _) = start(true);
    let records: Vec<_> = h.state().history.history.newest_first().cloned().collect();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].origin, Origin::Minted);
    assert!(records[0].token.is_none());
    assert!(records[0].text().ends_with('.'), "read back unsigned");
    h.get_by_label("History").click();
    h.run();
    h.get_by_label("Keep history across restarts").click();
    h.run();
    assert!(!path.exists(), "turning it off removes the kept file");
}

#[test]
fn a_diff_side_is_read_from_a_file() {
    let (mut h, handles) = harness(crate::ui::app::state::Settings::default());
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("refused.txt");
    std::fs::write(&file, format!("{}\n", fixture_token("bad"))).unwrap_or_else(|e| panic!("{e}"));
    handles.files.choose_token_file(file);
    h.get_by_label("Diff").click();
    h.run();
    h.get_by_label("Token B from a file").click();
    h.run();
    assert_eq!(h.state().workbench.inputs.diff_b, fixture_token("bad"));
    // A file that is not text: one message, the side kept as it was.
    let binary = dir.path().join("image.png");
    std::fs::write(&binary, [0xffu8, 0xd8, 0x00, 0x80]).unwrap_or_else(|e| panic!("{e}"));
    handles.files.choose_token_file(binary);
    h.get_by_label("Token B from a file").click();
    h.run();
    assert_eq!(h.state().workbench.inputs.diff_b, fixture_token("bad"));
    assert!(shows_in(&h, "image.png: not text"));
}

#[test]
fn an_encrypted_token_in_a_capture_is_listed_with_the_key_it_needs() {
    use crate::core::jwe::{Enc, KeyAlg, encrypt};
    let shared = crate::core::key::Key::hmac(crate::core::secret::Secret::new(
        b"a3f1c09b2e7d4c55".to_vec(),
    ));
    let claims = br#"{"email":"ada@example.com"}"#;
    let jwe = encrypt(
        claims,
        &shared,
        KeyAlg::Dir,
        Enc::A128Gcm,
        &serde_json::Map::new(),
    )
    .unwrap_or_default();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let log = dir.path().join("messenger.log");
    let text = format!(
        "ENC-DATA: {jwe}\nAuthorization: Bearer {}\n",
        fixture_token("assertion")
    );
    std::fs::write(&log, text).unwrap_or_else(|e| panic!("{e}"));
    let (mut h, handles) = harness(crate::ui::app::state::Settings::default());
    handles.clock.set(FIXTURE_NOW);
    handles.files.choose_capture(log);
    h.get_by_label("Scan").click();
    h.run();
    h.get_by_label("Open a capture…").click();
    h.run();
    assert!(shows_in(&h, "messenger.log: text · 2 tokens"));
    let rows = &h.state().scan.rows;
    assert_eq!(rows[0].token, jwe);
    assert!(
        rows[0]
            .verdict
            .contains("encrypted (dir with A128GCM): open it in Inspect with a 16-byte shared key"),
        "{}",
        rows[0].verdict
    );
    assert!(rows[0].valid, "nothing about it failed");
}
