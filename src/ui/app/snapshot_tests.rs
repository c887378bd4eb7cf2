//! Each view as assistive technology reads it (the AccessKit tree: roles, names, values,
//! descriptions, states), compared with a reviewed snapshot in `src/ui/snapshots/`. A change
//! to a view shows up as a diff to review like code; `TOKENBENCH_UPDATE_SNAPSHOTS=1` writes
//! the new ones.

use crate::store::profiles::Profile;
use crate::ui::app::state::{Input, Settings};
use crate::ui::scan::tests::{fixture, fixture_token};
use crate::ui::testing::*;
use crate::ui::workbench::Mode;

fn mode(h: &mut egui_kittest::Harness<'static, App>, mode: Mode) {
    send(h, Command::Window(WindowCommand::SetMode(mode)));
    h.run();
}

#[test]
fn the_first_run() {
    let (h, _) = harness(Settings::default());
    snapshot("welcome", &a11y_tree(&h));
}

#[test]
fn mint_with_a_connect_token() {
    let (h, _) = connect_with_token();
    snapshot("mint-connect", &a11y_tree(&h));
}

#[test]
fn inspect_a_pasted_token() {
    let (mut h, _) = with_preset("tiledesk");
    send(
        &mut h,
        Command::Inspect(InspectCommand::Open(fixture_token("good"))),
    );
    h.run();
    snapshot("inspect", &a11y_tree(&h));
}

#[test]
fn history_diff_and_scan() {
    let (mut h, handles) = connect_with_token();
    handles.clock.set(NOW + 3);
    h.run();
    mode(&mut h, Mode::History);
    snapshot("history", &a11y_tree(&h));

    send(
        &mut h,
        Command::Diff(DiffCommand::Open(
            fixture_token("good"),
            fixture_token("bad"),
        )),
    );
    h.run();
    snapshot("diff", &a11y_tree(&h));

    send(
        &mut h,
        Command::Scan(ScanCommand::File(fixture("widget.log"))),
    );
    h.run();
    snapshot("scan", &a11y_tree(&h));
}

#[test]
fn the_profiles_and_the_shortcuts() {
    let mut p = Profile::new("Acme — staging", "amazon-connect");
    p.claims.insert("sub".into(), "w-staging".into());
    let (mut h, _) = start(Start {
        settings: Settings {
            preset: Some("amazon-connect".into()),
            ..Settings::default()
        },
        profiles: vec![p],
        ..Start::default()
    });
    snapshot("profiles", &a11y_tree(&h));
    send(
        &mut h,
        Input::Command(Command::Window(WindowCommand::ShowHelp)),
    );
    h.run();
    snapshot("help", &a11y_tree(&h));
}
