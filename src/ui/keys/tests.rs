//! Public keys by URL in the window: the panel alone over a fixed view, and the whole window
//! verifying a pasted token with a fetched set (the fetch's answer delivered as the worker
//! thread delivers it; the fetching itself is tested on real loopback servers in
//! `tests/it/keys_by_url.rs`).

use std::sync::Arc;

use egui_kittest::kittest::Queryable;
use serde_json::{Map, Value, json};

use crate::core::alg::Alg;
use crate::core::key::{Key, KeySet, KeySpec, generate, jwks};
use crate::core::keyset::{Against, check};
use crate::ui::app::command::{Command, KeysCommand};
use crate::ui::app::services::Message;
use crate::ui::app::state::Input;
use crate::ui::keys;
use crate::ui::keys::keyset_view::KeySetView;
use crate::ui::testing::*;
use crate::ui::workbench::{KeyInput, Published};

const URL: &str = "https://login.acme.example/.well-known/jwks.json";

fn rsa(kid: &str) -> Key {
    let spec = KeySpec::for_alg(Alg::RS256, None).map_err(|e| e.to_string());
    match spec.and_then(|s| generate(s).map_err(|e| e.to_string())) {
        Ok(k) => k.with_kid(Some(kid.to_string())),
        Err(e) => panic!("an RSA key: {e}"),
    }
}

/// What a fetch of `URL` serving `keys` would deliver, checked with `preset`'s rules.
fn published(keys: &[Key], preset: Option<&str>) -> Published {
    let public: Vec<Key> = keys.iter().filter_map(Key::public).collect();
    let body = jwks(&public).to_string();
    let preset = preset.map(crate::core::testing::preset);
    let with = Against {
        preset: preset.as_ref(),
        now: NOW,
        ..Against::default()
    };
    Published {
        url: URL.into(),
        keys: KeySet {
            keys: public,
            source: Some(URL.into()),
            ..KeySet::default()
        },
        from: format!("{URL} (fetched just now)"),
        check: check(body.as_bytes(), &with),
    }
}

fn key_input(published: Option<Published>, show_check: bool) -> KeyInput {
    KeyInput {
        url: URL.into(),
        published: published.map(Arc::new),
        show_check,
        ..KeyInput::default()
    }
}

#[test]
fn the_panel_fetches_and_opens_the_check() {
    let key = key_input(None, false);
    let mut h = panel(move |ui, out| keys::keyset_view::ui(ui, &KeySetView { key: &key }, out));
    assert!(shows_in(&h, "Public keys by URL"));
    press(&mut h, "Fetch");
    assert!(matches!(
        h.state().as_slice(),
        [Command::Keys(KeysCommand::Fetch { refresh: false })]
    ));

    let key = key_input(
        Some(published(&[rsa("a"), rsa("b")], Some("salesforce-miaw"))),
        false,
    );
    let mut h = panel(move |ui, out| keys::keyset_view::ui(ui, &KeySetView { key: &key }, out));
    assert!(shows_in(
        &h,
        "2 keys (kids a, b) from https://login.acme.example"
    ));
    // Salesforce wants x5c on every key: two findings, said on the button.
    press_contains(&mut h, "Check this key set (2 findings)");
    assert!(matches!(
        h.state().last(),
        Some(Command::Keys(KeysCommand::ToggleCheck))
    ));
    press(&mut h, "Fetch again");
    assert!(matches!(
        h.state().last(),
        Some(Command::Keys(KeysCommand::Fetch { refresh: true }))
    ));

    let key = key_input(Some(published(&[rsa("a")], Some("salesforce-miaw"))), true);
    let h = panel(move |ui, out| keys::keyset_view::ui(ui, &KeySetView { key: &key }, out));
    assert!(shows_in(&h, "JWKS, checked with salesforce-miaw's rules"));
    assert!(shows_in(&h, "RSA 2048-bit"));
    assert!(shows_in(&h, "thumbprint"));
    assert!(shows_in(&h, "/keys/0/x5c: kid \"a\" has no \"x5c\""));
}

#[test]
fn a_failed_fetch_is_one_line_and_the_last_good_set_stays() {
    let mut key = key_input(Some(published(&[rsa("a")], None)), false);
    key.url_error = Some("login.acme.example answered 500 Internal Server Error".into());
    let h = panel(move |ui, out| keys::keyset_view::ui(ui, &KeySetView { key: &key }, out));
    assert!(shows_in(&h, "✖ login.acme.example answered 500"));
    assert!(shows_in(&h, "the last good set, still in use"));
    assert!(shows_in(&h, "Check this key set"));
}

#[test]
fn inspect_verifies_with_the_fetched_keys_and_names_the_key() {
    let (mut h, _) = harness(crate::ui::app::state::Settings {
        preset: Some("salesforce-miaw".into()),
        mode: crate::ui::workbench::Mode::Inspect,
        ..crate::ui::app::state::Settings::default()
    });
    let signer = rsa("k2");
    let header: Map<String, Value> = json!({"alg": "RS256", "typ": "JWT", "kid": "k2"})
        .as_object()
        .cloned()
        .unwrap_or_default();
    let payload =
        json!({"sub": "u-1", "iss": "https://acme.example", "iat": NOW, "exp": NOW + 600});
    let payload = payload.as_object().cloned().unwrap_or_default();
    let token = crate::core::jws::sign(&header, &payload, &signer, Alg::RS256).unwrap_or_default();
    type_into(&mut h, "Token to inspect", &token);
    let fields = h.query_all_by_label("Key set URL").count();
    assert_eq!(fields, 1, "one URL field, under the token");
    type_into(&mut h, "Key set URL", URL);
    assert!(matches!(h.state().workbench.inputs.key.url.as_str(), URL));
    // The worker thread's answer.
    let answer = published(&[rsa("k1"), signer], Some("salesforce-miaw"));
    deliver(&mut h, Ok(Arc::new(answer)));
    let Some(sig) = signature(&h) else {
        panic!("the token was verified")
    };
    assert!(sig.valid, "{:?}", sig.findings);
    assert_eq!(sig.matched.and_then(|m| m.kid).as_deref(), Some("k2"));
    assert!(shows(&h, "2 keys (kids k1, k2) from"));
    // A failed refresh keeps the set: the token still verifies.
    deliver(
        &mut h,
        Err("no connection to login.acme.example within 5 s".into()),
    );
    assert!(shows(
        &h,
        "✖ no connection to login.acme.example within 5 s"
    ));
    assert!(signature(&h).is_some_and(|s| s.valid));
    // Clearing the URL forgets the set.
    send(
        &mut h,
        Input::Command(Command::Keys(KeysCommand::KeyUrl(String::new()))),
    );
    h.run();
    assert!(h.state().workbench.inputs.key.published.is_none());
}

#[test]
fn a_real_fetch_that_fails_says_why_without_blocking_the_window() {
    let (mut h, _) = with_preset("salesforce-miaw");
    // Port 1 on loopback: nothing listens, refused at once.
    type_into(&mut h, "Key set URL", "http://127.0.0.1:1/jwks");
    h.get_by_label("Fetch").click();
    // The spinner repaints until the fetch thread answers: step, don't wait to settle.
    h.step();
    h.run();
    assert!(
        shows(&h, "refused the connection"),
        "{:?}",
        h.state().workbench.inputs.key.url_error
    );
    assert!(!h.state().workbench.inputs.key.fetching);
}

#[test]
fn a_profile_keeps_its_key_url_and_fetches_it_when_opened() {
    let url = "http://127.0.0.1:1/jwks";
    let mut p = crate::store::profiles::Profile::new("Acme SF", "salesforce-miaw");
    p.jwks_url = Some(url.into());
    let id = p.id.clone();
    let (mut h, _) = start(Start {
        settings: crate::ui::app::state::Settings {
            profile: Some(id),
            ..crate::ui::app::state::Settings::default()
        },
        profiles: vec![p],
        ..Start::default()
    });
    assert_eq!(h.state().workbench.inputs.key.url, url);
    // Opening it fetched the keys (nothing listens there: refused, said in one line).
    h.run();
    assert!(shows(&h, "refused the connection"));
    assert!(!h.state().workbench.profile_changed());
    // Another URL is an unsaved change, and saving keeps it.
    type_into(&mut h, "Key set URL", "2");
    assert!(h.state().workbench.profile_changed());
    let edited = h
        .state()
        .workbench
        .edited_profile()
        .and_then(|p| p.jwks_url);
    assert_eq!(edited.as_deref(), Some("http://127.0.0.1:1/jwks2"));
}

/// Delivers a fetch's answer for `URL` as the worker thread does, and runs a frame.
fn deliver(h: &mut egui_kittest::Harness<'static, App>, result: Result<Arc<Published>, String>) {
    send(
        h,
        Input::Message(Message::Published {
            url: URL.into(),
            result,
        }),
    );
    h.run();
}

/// The signature check of the token in Inspect.
fn signature(h: &egui_kittest::Harness<'static, App>) -> Option<crate::core::jws::SignatureCheck> {
    h.state()
        .workbench
        .derived
        .inspect
        .as_ref()
        .and_then(|v| v.signature.clone())
}
