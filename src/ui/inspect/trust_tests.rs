//! The window's verdict is the core's: never VALID without a key, never a public key used as
//! an HMAC secret.

use egui_kittest::kittest::Queryable;

use crate::ui::testing::*;

#[test]
fn without_a_key_the_badge_says_not_verified() {
    let (mut h, _) = connect_with_token();
    let token = minted_token(&h);
    h.get_by_label("Inspect").click();
    h.run();
    type_into(&mut h, "Token to inspect", &token);
    assert!(h.query_by_label("VALID").is_some(), "verified with the key");
    // No key: the same token is not called valid.
    h.get_by_label("Mint").click();
    h.run();
    input(&h, "Secret").focus();
    h.run();
    h.key_press_modifiers(eframe::egui::Modifiers::COMMAND, eframe::egui::Key::A);
    h.key_press(eframe::egui::Key::Backspace);
    h.run();
    h.get_by_label("Inspect").click();
    h.run();
    assert!(h.query_by_label("VALID").is_none());
    assert!(h.query_by_label("NOT VERIFIED").is_some());
    assert!(
        shows(&h, "Not verified: valid for"),
        "said to a screen reader"
    );
}

#[test]
fn a_public_key_typed_as_the_secret_is_refused_in_one_line() {
    let (mut h, _) = with_preset("generic");
    type_into(
        &mut h,
        "Secret",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me@host",
    );
    assert!(shows(&h, "the secret is an OpenSSH Ed25519 public key"));
    assert!(
        h.state().workbench.derived.minted.is_none(),
        "nothing signed with it"
    );
}

#[test]
fn the_demo_page_loads_a_saved_strangers_script_only_once_typed_in_this_window() {
    let mut profile = crate::store::profiles::Profile::new("Acme", "amazon-connect");
    profile.claims.insert("sub".into(), "widget-1".into());
    for (k, v) in [
        ("script_url", "https://attacker.example/steal.js"),
        ("snippet_id", "QVFJREFIacme"),
    ] {
        profile.settings.insert(k.into(), v.into());
    }
    let id = profile.id.clone();
    let (mut h, _) = start(Start {
        settings: crate::ui::app::state::Settings {
            profile: Some(id),
            ..crate::ui::app::state::Settings::default()
        },
        profiles: vec![profile],
        ..Start::default()
    });
    type_into(&mut h, "Secret", SECRET);
    send(&mut h, Command::Server(ServerCommand::Port(0)));
    h.get_by_label("Serve").click();
    h.run();
    let (status, page) = http_get(server_port(&h), "/");
    assert_eq!(status, 200);
    assert!(
        !page.contains("s.src = 'https://attacker.example"),
        "{page}"
    );
    assert!(page.contains("Not loaded: Widget script URL is on attacker.example"));
    // Typed (here: changed) in this window: the user's own choice.
    h.get_by_label("Show snippets").click();
    h.run();
    type_into(&mut h, "Widget script URL", "?v=2");
    h.get_by_label("Stop serving").click();
    h.run();
    h.get_by_label("Serve").click();
    h.run();
    let (_, page) = http_get(server_port(&h), "/");
    assert!(
        page.contains("s.src = 'https://attacker.example/steal.js?v=2'"),
        "{page}"
    );
    h.get_by_label("Stop serving").click();
    h.run();
}
