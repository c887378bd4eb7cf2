//! The whole window, driven as a user would: by label.

use egui_kittest::kittest::Queryable;

use super::testing::*;
use crate::core::decode::decode;

#[test]
fn choose_preset_type_claims_and_get_a_token() {
    let (mut h, _) = harness(super::app::Settings::default());
    // First run: the welcome view says what to do.
    assert!(
        h.query_by_label_contains("Pick the widget's vendor")
            .is_some()
    );
    h.get_by_label_contains("Amazon Connect — hosted chat widget")
        .click();
    h.run();
    assert_eq!(
        h.state().bench.inputs.preset_id.as_deref(),
        Some("amazon-connect")
    );
    type_into(&mut h, "Secret", SECRET);
    type_into(&mut h, "Widget ID", "widget-42");
    let minted = h.state().bench.derived.minted.clone().expect("a token");
    let decoded = decode(&minted.token);
    assert_eq!(
        decoded.claim("sub").and_then(|v| v.as_str()),
        Some("widget-42")
    );
    assert_eq!(
        decoded.claim("exp").and_then(serde_json::Value::as_i64),
        Some(NOW + 500)
    );
    assert!(minted.findings.is_empty(), "{:?}", minted.findings);
    assert!(h.query_by_label("Minted token").is_some());
    assert!(h.query_by_label_contains("Passes every check").is_some());
}

#[test]
fn settings_remember_the_preset_never_the_secret() {
    let (h, _) = connect_with_token();
    let settings = h.state().settings();
    assert_eq!(settings.preset.as_deref(), Some("amazon-connect"));
    let saved = serde_json::to_string(&settings).expect("serialize");
    assert!(!saved.contains("kJ6n8"), "{saved}");
    assert!(
        !saved.contains("widget-1"),
        "claim values are not settings: {saved}"
    );
    assert!(
        !format!("{:?}", h.state().bench.inputs).contains("kJ6n8"),
        "Debug is redacted"
    );
}

#[test]
fn opens_where_the_user_left_off() {
    let (h, _) = harness(super::app::Settings {
        preset: Some("zendesk-messaging".into()),
        mode: super::model::Mode::Inspect,
        leeway: 30,
        ..super::app::Settings::default()
    });
    assert_eq!(
        h.state().bench.inputs.preset_id.as_deref(),
        Some("zendesk-messaging")
    );
    assert_eq!(h.state().bench.inputs.mode, super::model::Mode::Inspect);
    assert_eq!(h.state().bench.inputs.leeway, 30);
    assert!(shows(&h, "Token to inspect"));
}

#[test]
fn keyboard_switches_modes() {
    let (mut h, _) = with_preset("intercom");
    h.key_press_modifiers(eframe::egui::Modifiers::COMMAND, eframe::egui::Key::Num2);
    h.run();
    assert_eq!(h.state().bench.inputs.mode, super::model::Mode::Inspect);
    h.key_press_modifiers(eframe::egui::Modifiers::COMMAND, eframe::egui::Key::Num1);
    h.run();
    assert_eq!(h.state().bench.inputs.mode, super::model::Mode::Mint);
}

#[test]
fn ctrl_q_asks_the_window_to_close() {
    let (mut h, _) = with_preset("intercom");
    // Each queued event gets its own frame: send the key-down alone and look at that frame.
    h.event(eframe::egui::Event::Key {
        key: eframe::egui::Key::Q,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: eframe::egui::Modifiers::COMMAND,
    });
    h.step();
    let closing = h.output().viewport_output.values().any(|v| {
        v.commands
            .iter()
            .any(|c| matches!(c, eframe::egui::ViewportCommand::Close))
    });
    assert!(closing, "Ctrl+Q sends Close (and does not hang)");
}
