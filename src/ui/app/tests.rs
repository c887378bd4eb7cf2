//! The whole window, driven as a user would: by label.

use egui_kittest::kittest::{NodeT, Queryable};

use crate::core::decode::decode;
use crate::ui::testing::*;

#[test]
fn choose_preset_type_claims_and_get_a_token() {
    let (mut h, _) = harness(crate::ui::app::state::Settings::default());
    // First run: the welcome view says what to do.
    assert!(
        h.query_by_label_contains("Pick the widget's vendor")
            .is_some()
    );
    h.get_by_label_contains("Amazon Connect — hosted chat widget")
        .click();
    h.run();
    assert_eq!(
        h.state().workbench.inputs.preset_id.as_deref(),
        Some("amazon-connect")
    );
    type_into(&mut h, "Secret", SECRET);
    type_into(&mut h, "Widget ID", "widget-42");
    let minted = h.state().workbench.derived.minted.clone().expect("a token");
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
        !format!("{:?}", h.state().workbench.inputs).contains("kJ6n8"),
        "Debug is redacted"
    );
}

#[test]
fn opens_where_the_user_left_off() {
    let (h, _) = harness(crate::ui::app::state::Settings {
        preset: Some("zendesk-messaging".into()),
        mode: crate::ui::workbench::Mode::Inspect,
        leeway: 30,
        ..crate::ui::app::state::Settings::default()
    });
    assert_eq!(
        h.state().workbench.inputs.preset_id.as_deref(),
        Some("zendesk-messaging")
    );
    assert_eq!(
        h.state().workbench.inputs.mode,
        crate::ui::workbench::Mode::Inspect
    );
    assert_eq!(h.state().workbench.inputs.leeway, 30);
    assert!(shows(&h, "Token to inspect"));
}

#[test]
fn keyboard_switches_modes() {
    let (mut h, _) = with_preset("intercom");
    h.key_press_modifiers(eframe::egui::Modifiers::COMMAND, eframe::egui::Key::Num2);
    h.run();
    assert_eq!(
        h.state().workbench.inputs.mode,
        crate::ui::workbench::Mode::Inspect
    );
    h.key_press_modifiers(eframe::egui::Modifiers::COMMAND, eframe::egui::Key::Num1);
    h.run();
    assert_eq!(
        h.state().workbench.inputs.mode,
        crate::ui::workbench::Mode::Mint
    );
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

#[test]
fn demo_mode_masks_the_secret_and_personal_data_in_every_view() {
    let (mut h, handles) = connect_with_token();
    add_attribute(&mut h, 1, "customerEmail", "ada@example.com");
    add_attribute(&mut h, 2, "plan", "gold");
    h.get_by_label("Show").click();
    h.run();
    send(&mut h, Command::Server(ServerCommand::Port(0)));
    h.get_by_label("Serve").click();
    h.run();
    let (status, _) = http_get(server_port(&h), "/token?widgetId=widget-1");
    assert_eq!(status, 200);
    h.run();
    let token = minted_token(&h);
    let before = screen_text(&h);
    assert!(before.contains("ada@example.com"), "shown before demo mode");
    assert!(before.contains(&token));

    h.get_by_label("Demo mode").click();
    h.run();
    assert!(h.state().settings().demo, "remembered");
    assert!((h.ctx.zoom_factor() - 1.35).abs() < 1e-3, "large type");
    let shown = screen_text(&h);
    for hidden in ["ada@example.com", SECRET, token.as_str()] {
        let lines: Vec<&str> = shown.lines().filter(|l| l.contains(hidden)).collect();
        assert!(lines.is_empty(), "on screen in demo mode: {lines:?}");
    }
    assert!(
        shown.contains("\"plan\": \"gold\""),
        "what is not personal stays"
    );
    assert!(shown.contains(crate::core::mask::MASK));
    assert!(
        h.get_by_label("Show").accesskit_node().is_disabled(),
        "the secret can't be revealed"
    );

    // Snippets: masked on screen, real when copied.
    h.get_by_label("Show snippets").click();
    h.run();
    h.get_by_label("Node.js").click();
    h.run();
    let code = h.get_by_label("Snippet code").value().unwrap_or_default();
    assert!(!code.contains("ada@example.com"), "{code}");
    h.get_by_label("Copy snippet").click();
    h.run();
    let copied = handles.copies.borrow().last().cloned().unwrap_or_default();
    assert!(copied.contains("ada@example.com"), "{copied}");
    assert!(!copied.contains(SECRET));

    // Inspect mode masks the pasted token's personal values too.
    send(
        &mut h,
        Command::Inspect(InspectCommand::Text(token.clone())),
    );
    h.get_by_label("Inspect").click();
    h.run();
    let shown = screen_text(&h);
    assert!(shown.contains("Payload JSON"));
    assert!(!shown.contains("ada@example.com") && !shown.contains(&token));

    // Off again: everything as it was, at the user's own zoom.
    h.key_press_modifiers(eframe::egui::Modifiers::COMMAND, eframe::egui::Key::D);
    h.run();
    assert!(!h.state().workbench.inputs.demo);
    assert!((h.ctx.zoom_factor() - 1.0).abs() < 1e-3);
    assert!(screen_text(&h).contains("ada@example.com"));
    h.get_by_label("Stop serving").click();
    h.run();
}
