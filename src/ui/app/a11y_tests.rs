//! The window as assistive technology reads it (the AccessKit tree, which feeds AT-SPI, UI
//! Automation and NSAccessibility): names, roles, readable content, live messages, field
//! states, modal dialogs, and a keyboard that reaches everything.

use eframe::egui::accesskit::{Action, Invalid, Live, Role};
use eframe::egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use crate::ui::testing::*;

fn live(h: &Harness<'static, App>, label: &str) -> Option<Live> {
    h.get_by_label_contains(label)
        .accesskit_node()
        .data()
        .live()
}

#[test]
fn the_window_is_named_and_its_content_reads_as_text() {
    let (h, _) = connect_with_token();
    assert_eq!(
        h.root().accesskit_node().label().as_deref(),
        Some("tokenbench")
    );
    let token = minted_token(&h);
    let node = h.get_by_label("Minted token");
    assert_eq!(node.accesskit_node().role(), Role::Document);
    assert_eq!(node.value().as_deref(), Some(token.as_str()));
    for (part, text) in ["Header", "Payload", "Signature"]
        .iter()
        .zip(token.split('.'))
    {
        assert!(
            shows(&h, &format!("{part} part: {text}")),
            "the {part} part reads on its own"
        );
    }
    let payload = h.get_by_label("Payload JSON");
    assert_eq!(payload.accesskit_node().role(), Role::Document);
    assert!(payload.value().unwrap_or_default().contains("widget-1"));
    assert!(shows(&h, "Passes every check"));
}

#[test]
fn fields_say_they_are_required_and_why_they_are_wrong() {
    let (mut h, _) = with_preset("amazon-connect");
    type_into(&mut h, "Secret", SECRET);
    let widget = input(&h, "Widget ID");
    assert!(widget.accesskit_node().data().is_required());
    assert!(
        !input(&h, "iat").accesskit_node().data().is_required(),
        "filled by the clock, not required of the user"
    );
    assert_eq!(live(&h, "✖ required"), Some(Live::Assertive));
    type_into(&mut h, "Widget ID", "w-1");
    type_into(&mut h, "iat", "tomorrow-ish");
    let iat = input(&h, "iat");
    let data = iat.accesskit_node();
    assert_eq!(data.data().invalid(), Some(Invalid::True));
    assert!(
        data.data()
            .description()
            .unwrap_or_default()
            .contains("is not a time"),
        "the reason is the description"
    );
    assert_eq!(
        live(&h, "✖ \"tomorrow-ish\" is not a time"),
        Some(Live::Assertive)
    );
}

#[test]
fn messages_are_announced_and_the_countdown_only_when_it_matters() {
    let (mut h, handles) = connect_with_token();
    h.get_by_label_contains("Copy token").click();
    h.run();
    assert_eq!(live(&h, "Copied token"), Some(Live::Polite));
    assert!(
        h.query_all_by_label_contains("Expires in").all(|n| n
            .accesskit_node()
            .data()
            .live()
            .is_none()),
        "the seconds are not read out"
    );
    // The time left is said in words, and there is no progress bar to read as a percentage.
    assert!(shows(&h, "Expires in 8 minutes 20 seconds"));
    assert!(
        h.query_all_by(|n| n.role() == Role::ProgressIndicator)
            .next()
            .is_none(),
        "a screen reader would say the bar as a percentage"
    );
    handles.clock.set(NOW + 460);
    h.run();
    assert_eq!(live(&h, "Less than a minute left"), Some(Live::Polite));
    handles.clock.set(NOW + 537);
    h.run();
    assert_eq!(live(&h, "The token has expired"), Some(Live::Assertive));
    // Inspect: the verdict is said when a token is pasted.
    h.event(eframe::egui::Event::Paste(minted_token(&h)));
    h.run();
    assert_eq!(live(&h, "Expired: expired"), Some(Live::Polite));
}

#[test]
fn a_dialog_is_named_modal_and_the_window_behind_it_waits() {
    let (mut h, _) = connect_with_token();
    h.get_by_label("Save as profile…").click();
    h.run();
    let dialog = h.get_by(|n| n.role() == Role::Dialog);
    assert_eq!(
        dialog.accesskit_node().label().as_deref(),
        Some("Name the profile")
    );
    assert!(dialog.accesskit_node().is_modal());
    assert!(
        h.get_by_label("Inspect").accesskit_node().is_disabled(),
        "controls behind it can't be activated"
    );
    assert!(
        input(&h, "Profile name")
            .accesskit_node()
            .data()
            .is_required()
    );
    // The keyboard stays inside.
    for _ in 0..8 {
        h.key_press(Key::Tab);
        h.run();
        let dialog = h.get_by(|n| n.role() == Role::Dialog);
        if let Some(focused) = h.query_by(|n| n.is_focused()) {
            assert!(
                focused
                    .accesskit_node()
                    .is_descendant_of(&dialog.accesskit_node()),
                "focus left the dialog: {:?}",
                focused.accesskit_node().label()
            );
        }
    }
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by(|n| n.role() == Role::Dialog).is_none());
    assert!(!h.get_by_label("Inspect").accesskit_node().is_disabled());
}

#[test]
fn icons_and_counts_have_names_in_words() {
    let (h, _) = harness(crate::ui::app::state::Settings::default());
    for name in [
        "Light theme",
        "Dark theme",
        "Follow the system theme",
        "Keyboard shortcuts",
        "0 profiles",
        "Zoom 100%",
    ] {
        assert!(h.query_by_label(name).is_some(), "{name}");
    }
    assert!(
        h.query_by_label("Amazon Connect — hosted chat widget, Amazon Connect · HS256")
            .is_some(),
        "a vendor reads as one line"
    );
}

#[test]
fn f1_and_the_question_mark_show_the_shortcuts_but_not_while_typing() {
    let (mut h, _) = with_preset("amazon-connect");
    h.key_press(Key::F1);
    h.run();
    assert!(shows(&h, "Keyboard shortcuts"));
    assert!(shows(&h, "Ctrl+Shift+C"));
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by(|n| n.role() == Role::Dialog).is_none());
    type_into(&mut h, "Widget ID", "a?b");
    assert!(
        h.query_by(|n| n.role() == Role::Dialog).is_none(),
        "typed, not a shortcut"
    );
    assert_eq!(input(&h, "Widget ID").value().as_deref(), Some("a?b"));
    h.key_press(Key::Escape);
    h.run();
    h.event(eframe::egui::Event::Text("?".into()));
    h.run();
    assert!(h.query_by(|n| n.role() == Role::Dialog).is_some());
}

#[test]
fn tab_reaches_every_control_vendor_list_then_key_and_claims_then_the_token() {
    let (mut h, _) = connect_with_token();
    // From nothing focused: Tab starts at the top.
    h.key_press(Key::Escape);
    h.run();
    let focusable: Vec<String> = h
        .query_all_by(|n| n.data().supports_action(Action::Focus) && !n.is_disabled())
        .filter_map(|n| n.accesskit_node().label())
        .collect();
    assert!(focusable.len() > 30, "{focusable:?}");
    let mut reached: Vec<String> = Vec::new();
    for _ in 0..focusable.len() * 2 + 10 {
        h.key_press_modifiers(Modifiers::NONE, Key::Tab);
        h.run();
        if let Some(label) = h
            .query_by(|n| n.is_focused())
            .and_then(|n| n.accesskit_node().label())
            && !reached.contains(&label)
        {
            reached.push(label);
        }
    }
    let missed: Vec<&String> = focusable.iter().filter(|l| !reached.contains(l)).collect();
    assert!(missed.is_empty(), "never reached with Tab: {missed:?}");
    let at = |label: &str| reached.iter().position(|l| l == label);
    assert_eq!(
        reached.first().map(String::as_str),
        Some("Mint"),
        "{reached:?}"
    );
    assert!(at("Search presets") < at("Secret"), "{reached:?}");
    assert!(
        at("Widget ID") < at("Re-mint Ctrl+R"),
        "the form before the token: {reached:?}"
    );
}

#[test]
fn every_control_has_a_name_in_words() {
    for (preset, mode) in [
        ("amazon-connect", crate::ui::workbench::Mode::Mint),
        ("microsoft-omnichannel", crate::ui::workbench::Mode::Mint),
        ("tiledesk", crate::ui::workbench::Mode::Inspect),
    ] {
        let (mut h, _) = harness(crate::ui::app::state::Settings {
            preset: Some(preset.into()),
            mode,
            ..crate::ui::app::state::Settings::default()
        });
        add_rows(&mut h, mode);
        let unnamed: Vec<String> = h
            .query_all_by(|n| n.data().supports_action(Action::Focus))
            .map(|n| n.accesskit_node().label().unwrap_or_default())
            .filter(|l| !l.chars().any(|c| c.is_ascii_alphabetic()))
            .collect();
        assert!(
            unnamed.is_empty(),
            "{preset}: controls without words: {unnamed:?}"
        );
    }
}

/// In Mint mode, a row of attributes too (its remove button is an icon).
fn add_rows(h: &mut Harness<'static, App>, mode: crate::ui::workbench::Mode) {
    if mode == crate::ui::workbench::Mode::Mint
        && let Some(add) = h.query_by_label_contains("+ Add claim")
    {
        add.click();
        h.run();
    }
}

#[test]
fn a_vendor_row_says_one_short_sentence_not_its_rules() {
    let (h, _) = harness(crate::ui::app::state::Settings::default());
    let row = h.get_by_label_contains("Amazon Connect — hosted chat widget");
    let description = row.accesskit_node().description();
    assert_eq!(
        description.as_deref(),
        Some("HS256 over the widget's security key."),
        "the rest of the rules stay in the tooltip and the checklist"
    );
}
