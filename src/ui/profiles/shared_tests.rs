//! The window and other tokenbench processes (the real command line, a second window) on
//! the same `profiles.json`: the window shows what they change and never saves over it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::store::profiles::{Profile, ProfileFile};
use crate::ui::app::state::Settings;
use crate::ui::testing::*;

/// The `tokenbench` binary cargo built beside this test (None, and a note, when it wasn't:
/// `cargo test --lib` builds no binary; CI requires it).
fn tokenbench() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let bin = exe
        .parent()?
        .parent()?
        .join(format!("tokenbench{}", std::env::consts::EXE_SUFFIX));
    if bin.exists() {
        return Some(bin);
    }
    assert!(
        std::env::var_os("TOKENBENCH_REQUIRE_BINARY").is_none(),
        "TOKENBENCH_REQUIRE_BINARY is set but {} was not built",
        bin.display()
    );
    eprintln!("SKIPPED: no tokenbench binary beside the tests (run `cargo test`)");
    None
}

/// Runs the command line on the config directory `dir`; it must succeed.
fn cli(bin: &Path, dir: &Path, args: &[&str]) {
    let out = Command::new(bin)
        .args(args)
        .env("TOKENBENCH_CONFIG_DIR", dir)
        .output()
        .expect("run tokenbench");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Handles what the window is told (the file watcher's news of another process's change)
/// until `done` holds: it waits for each message, never sleeps; at most 10 s in all.
fn until(h: &mut Harness<'static, App>, what: &str, done: impl Fn(&App) -> bool) {
    let started = Instant::now();
    h.run();
    while !done(h.state()) {
        let left = Duration::from_secs(10).saturating_sub(started.elapsed());
        let Some(msg) = h.state().next_message(left) else {
            panic!("the window never showed: {what}");
        };
        send(h, crate::ui::app::state::Input::Message(msg));
        h.run();
    }
}

fn names(state: &App) -> Vec<String> {
    let mut n: Vec<String> = (state.workbench.profiles.list.iter())
        .map(|p| p.name.clone())
        .collect();
    n.sort();
    n
}

fn connect_profile(name: &str, widget: &str) -> Profile {
    let mut p = Profile::new(name, "amazon-connect");
    p.claims.insert("sub".into(), widget.into());
    p
}

/// A window on the real `profiles.json` in `dir`, with `active` open.
fn window(dir: &Path, list: Vec<Profile>, active: Option<&str>) -> Harness<'static, App> {
    start(Start {
        settings: Settings {
            profile: active.map(str::to_string),
            preset: Some("amazon-connect".into()),
            ..Settings::default()
        },
        profiles: list,
        file: Some(dir.join("profiles.json")),
        ..Start::default()
    })
    .0
}

fn click(h: &mut Harness<'static, App>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

fn on_disk(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = ProfileFile::new(dir.join("profiles.json"))
        .read()
        .profiles
        .into_iter()
        .map(|p| p.name)
        .collect();
    n.sort();
    n
}

#[test]
fn the_window_shows_what_the_command_line_changes_and_saves_none_of_it_away() {
    let Some(bin) = tokenbench() else { return };
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let alpha = connect_profile("Alpha", "w-a");
    let alpha_id = alpha.id.clone();
    let charlie = connect_profile("Charlie", "w-c");
    let mut h = window(dir, vec![alpha, charlie], Some(&alpha_id));

    cli(
        &bin,
        dir,
        &["profile", "add", "Bravo", "--preset", "intercom"],
    );
    until(&mut h, "Bravo added", |s| {
        names(s).contains(&"Bravo".into())
    });
    assert!(h.query_by_label_contains("Bravo").is_some(), "in the list");

    cli(&bin, dir, &["profile", "rename", "Charlie", "Charlie EU"]);
    until(&mut h, "Charlie renamed", |s| {
        names(s) == ["Alpha", "Bravo", "Charlie EU"]
    });
    cli(&bin, dir, &["profile", "remove", "Charlie EU"]);
    until(&mut h, "Charlie EU removed", |s| {
        names(s) == ["Alpha", "Bravo"]
    });

    // The window saves: an edit of Alpha, then a new profile. Nothing from the command line
    // is lost.
    type_into(&mut h, "Widget ID", "-edited");
    click(&mut h, "Save changes");
    click(&mut h, "Close");
    click(&mut h, "Save as profile…");
    type_into(&mut h, "Profile name", "Delta");
    click(&mut h, "Save");
    assert_eq!(on_disk(dir), ["Alpha", "Bravo", "Delta"]);
    let alpha = ProfileFile::new(dir.join("profiles.json"))
        .read()
        .profiles
        .into_iter()
        .find(|p| p.name == "Alpha")
        .expect("Alpha");
    assert_eq!(alpha.claims["sub"], "w-a-edited");
}

#[test]
fn a_profile_deleted_elsewhere_is_reported_and_not_recreated() {
    let Some(bin) = tokenbench() else { return };
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let alpha = connect_profile("Alpha", "w-a");
    let id = alpha.id.clone();
    let mut h = window(dir, vec![alpha], Some(&id));
    type_into(&mut h, "Widget ID", "-typed");

    cli(&bin, dir, &["profile", "remove", "Alpha"]);
    until(&mut h, "Alpha deleted", |s| {
        s.workbench.profiles.list.is_empty()
    });
    assert!(
        h.query_by_label_contains("was deleted in another")
            .is_some()
    );
    assert_eq!(h.state().workbench.profiles.active, None, "it closed");
    assert_eq!(
        input(&h, "Widget ID").value().as_deref(),
        Some("w-a-typed"),
        "the typing is kept"
    );
    assert!(h.query_by_label("Save changes").is_none());
    assert!(on_disk(dir).is_empty(), "nothing re-created it");
    // The user decides to keep it, under a name.
    click(&mut h, "Save as profile…");
    type_into(&mut h, "Profile name", "Alpha again");
    click(&mut h, "Save");
    assert_eq!(on_disk(dir), ["Alpha again"]);
}

#[test]
fn two_windows_editing_one_profile_merge_and_ask_only_where_both_changed() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let alpha = connect_profile("Alpha", "w-a");
    let id = alpha.id.clone();
    let mut a = window(dir, vec![alpha], Some(&id));
    let mut b = window(dir, Vec::new(), Some(&id));

    // Different values: both land.
    type_into(&mut a, "Widget ID", "-from-a");
    click(&mut a, "Save changes");
    add_attribute(&mut b, 1, "tier", "gold");
    click(&mut b, "Save changes");
    let saved = ProfileFile::new(dir.join("profiles.json")).read().profiles;
    assert_eq!(
        saved[0].claims["sub"], "w-a-from-a",
        "A's edit survived B's save"
    );
    assert_eq!(saved[0].attributes["tier"], "gold");
    assert_eq!(
        input(&b, "Widget ID").value().as_deref(),
        Some("w-a-from-a"),
        "B shows what it merged"
    );

    // The same value: B is asked, and its choice is what is saved.
    until(&mut a, "A sees B's save", |s| {
        s.workbench
            .profiles
            .base
            .as_ref()
            .is_some_and(|p| !p.attributes.is_empty())
    });
    type_into(&mut b, "Widget ID", "-b2");
    type_into(&mut a, "Widget ID", "-a2");
    click(&mut a, "Save changes");
    until(&mut b, "B told of A's save", |s| {
        s.workbench.profiles.notice.is_some()
    });
    assert!(
        b.query_by_label_contains("was also changed elsewhere")
            .is_some(),
        "B keeps its typing and says so"
    );
    assert_eq!(
        input(&b, "Widget ID").value().as_deref(),
        Some("w-a-from-a-b2")
    );
    click(&mut b, "Save changes");
    assert!(
        b.query_by_label_contains("you both changed: claims.sub")
            .is_some()
    );
    click(&mut b, "Keep mine");
    let saved = ProfileFile::new(dir.join("profiles.json")).read().profiles;
    assert_eq!(saved[0].claims["sub"], "w-a-from-a-b2");
    until(&mut a, "A shows B's value", |s| {
        s.workbench.form().and_then(|f| f.get("sub"))
            == Some(&crate::ui::mint::form::FieldValue::Text(
                "w-a-from-a-b2".into(),
            ))
    });
}
