//! Identity hashes in the window: found by search, made from the visitor's fields and the
//! secret, copied, handed over, and a pasted one checked and traced to its profile.

use egui_kittest::kittest::{NodeT, Queryable};

use crate::store::profiles::Profile;
use crate::ui::testing::*;

/// Intercom's published identity-verification example: HMAC-SHA256("secret", "Message").
const EXAMPLE: &str = "aa747c502a898200f9e4fa21bac68136f886a0e27aec70ba06daf2e2a5cb5597";

/// A Chatwoot window with the secret "secret" and the identifier "Message".
fn chatwoot() -> (egui_kittest::Harness<'static, App>, Handles) {
    let (mut h, handles) = harness(crate::ui::app::state::Settings::default());
    type_into(&mut h, "1.  Pick the widget's vendor", "chatwoot");
    press_contains(&mut h, "Chatwoot identifier_hash");
    assert_eq!(
        h.state().workbench.inputs.preset_id.as_deref(),
        Some("chatwoot")
    );
    type_into(&mut h, "Secret", "secret");
    type_into(&mut h, "Identifier", "Message");
    (h, handles)
}

#[test]
fn a_hash_vendor_found_by_search_makes_the_published_value() {
    let (mut h, handles) = chatwoot();
    assert_eq!(minted_token(&h), EXAMPLE);
    assert!(shows(&h, "Identity hash"));
    let headers: Vec<String> = h
        .query_all_by_label_contains("Header")
        .filter_map(|n| n.accesskit_node().label())
        .collect();
    assert!(headers.is_empty(), "no JWT header for a hash: {headers:?}");
    assert!(!shows(&h, "RFC 7518"), "a JWT rule, not the vendor's");
    press_contains(&mut h, "Copy identifier_hash");
    assert_eq!(
        handles.copies.borrow().last().map(String::as_str),
        Some(EXAMPLE)
    );
    // The hand-over hands the hash and the identifier to setUser.
    let snippet = h
        .state()
        .workbench
        .derived
        .snippet
        .clone()
        .expect("a snippet");
    let text = snippet.real.expect("rendered");
    assert!(
        text.contains("$chatwoot.setUser(data.fields.identifier"),
        "{text}"
    );
    // Another visitor, another hash; the old one is not kept as current.
    type_into(&mut h, "Identifier", "-2");
    assert_ne!(minted_token(&h), EXAMPLE);
}

#[test]
fn a_pasted_hash_is_checked_and_its_mistake_named() {
    let (mut h, _) = chatwoot();
    press(&mut h, "Inspect");
    type_into(&mut h, "Token to inspect", EXAMPLE);
    assert!(shows(&h, "MATCHES: Chatwoot identifier_hash"), "matches");
    press(&mut h, "Clear");
    type_into(&mut h, "Token to inspect", &EXAMPLE.to_uppercase());
    assert!(shows(&h, "DOES NOT MATCH"));
    assert!(shows(&h, "upper-case hex"));
    assert!(shows(&h, "401"), "Chatwoot's answer to it, named");
}

#[test]
fn a_pasted_hash_without_a_hash_vendor_says_what_to_choose() {
    let (mut h, _) = with_preset("amazon-connect");
    press(&mut h, "Inspect");
    type_into(&mut h, "Token to inspect", EXAMPLE);
    assert!(shows(&h, "An identity hash, not a token"));
    assert!(shows(&h, "Choose its vendor among the identity hashes"));
    assert!(!shows(&h, "Not a token"), "no JWT decoding errors for it");
}

#[test]
fn which_stored_profile_made_a_hash() {
    let mut mine = Profile::new("support-desk", "chatwoot");
    mine.claims.insert("identifier".into(), "Message".into());
    mine.has_secret = true;
    let mut other = Profile::new("other-inbox", "chatwoot");
    other.claims.insert("identifier".into(), "Message".into());
    other.has_secret = true;
    let mut workbench = workbench("chatwoot");
    workbench.profiles.list = vec![mine.clone(), other.clone()];
    workbench.set_inspect_text(EXAMPLE.into());
    workbench.refresh(NOW);
    let (mine_id, other_id) = (mine.id.clone(), other.id.clone());
    let keyring = move |id: &str| {
        let text = if id == mine_id {
            "secret"
        } else if id == other_id {
            "another"
        } else {
            return None;
        };
        Some(crate::core::secret::Secret::new(text.as_bytes().to_vec()))
    };
    let keys = crate::store::profile_keys::gather(
        &[mine, other],
        &keyring,
        &mut |_, _| Err("no key URL here".into()),
        &crate::core::mint::MintRequest::default(),
        None,
    );
    workbench.check_signers(&keys);
    let signers = workbench.derived.signers.clone().expect("checked");
    assert_eq!(signers.signed_by, ["support-desk"]);
    assert_eq!(signers.tried, 2);
}

#[test]
fn the_vendor_list_groups_by_kind_and_searches_every_word() {
    let (mut h, _) = harness(crate::ui::app::state::Settings::default());
    assert!(shows(&h, "Signed tokens (JWT) · 25"));
    assert!(shows(&h, "Identity hashes (HMAC) · 10"));
    assert!(shows(&h, "Encrypted tokens (JWE) · 1"));
    assert!(shows(&h, "Issued by the vendor · 3"));
    type_into(&mut h, "Search presets", "hash");
    assert!(!shows(&h, "Signed tokens (JWT)"));
    assert!(shows(&h, "Help Scout Beacon — secure mode (signature)"));
    input(&h, "Search presets").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    input(&h, "Search presets").type_text("rs256 ibm");
    h.run();
    assert!(shows(&h, "IBM watsonx Assistant — web chat security"));
    assert!(
        !shows(&h, "Kindly Chat — chat authentication"),
        "every word must match"
    );
}

#[test]
fn the_first_run_view_offers_a_few_vendors_and_a_search() {
    let (mut h, _) = harness(crate::ui::app::state::Settings::default());
    let buttons = ["Amazon Connect", "Chatwoot identifier_hash", "Twilio"];
    for b in buttons {
        assert!(h.query_by_label(b).is_some(), "{b}");
    }
    assert!(
        h.query_by_label("Kustomer Chat").is_none(),
        "not a wall of buttons"
    );
    type_into(&mut h, "1.  Pick the widget's vendor", "kustomer");
    press(&mut h, "Kustomer Chat");
    assert_eq!(
        h.state().workbench.inputs.preset_id.as_deref(),
        Some("kustomer")
    );
}

#[test]
fn demo_mode_masks_the_visitor_and_the_hash_and_copy_gives_it() {
    let (mut h, handles) = chatwoot();
    type_into(&mut h, "email", "ada@example.com");
    let value = minted_token(&h);
    assert!(shows(&h, &value[..16]), "shown outside demo mode");
    press(&mut h, "Demo mode");
    // It never expires and logs the visitor in: masked like a secret, snippets too.
    let screen = screen_text(&h);
    assert!(!screen.contains(&value[..16]), "the hash is masked");
    press_contains(&mut h, "Copy identifier_hash");
    assert_eq!(
        handles.copies.borrow().last(),
        Some(&value),
        "Copy gives the real one"
    );
    press(&mut h, "Show snippets");
    assert!(
        !screen_text(&h).contains(&value[..16]),
        "in the snippets too"
    );
    assert!(
        !shows(&h, "ada@example.com"),
        "the visitor's email is masked"
    );
}

#[test]
fn a_sprinklr_hash_counts_down_its_minute_and_remints() {
    let (mut h, handles) = with_preset("sprinklr");
    type_into(&mut h, "Secret", "sprinklr-api-key");
    type_into(&mut h, "User id", "u-1");
    let m = h.state().workbench.derived.minted.clone().expect("a hash");
    let made = m.payload["hashCreationTime"].as_i64().expect("stamped");
    assert_eq!(made, NOW * 1000, "now, in epoch milliseconds");
    assert!(shows(&h, "Expires in 1 minute"), "Sprinklr's minute");
    assert!(shows(
        &h,
        "Sprinklr takes the hash only within 1m of its hashCreationTime"
    ));
    handles.clock.set(NOW + 75);
    h.run();
    assert!(shows(&h, "Expired 15 seconds ago"));
    // Re-mint: a fresh creation time, so a fresh hash.
    h.get_by_label_contains("Re-mint").click();
    h.run();
    let again = h.state().workbench.derived.minted.clone().expect("a hash");
    assert_eq!(again.payload["hashCreationTime"], (NOW + 75) * 1000);
    assert_ne!(again.token, m.token);
    assert!(shows(&h, "Expires in 1 minute"));
}

#[test]
fn a_vendor_issued_token_shows_how_to_get_one_instead_of_a_form() {
    let (mut h, _) = with_preset("hubspot-visitor");
    assert!(shows(&h, "HubSpot makes this token itself"));
    assert!(shows(&h, "How to obtain one"));
    assert!(!shows(&h, "Secret"), "no key to give");
    press(&mut h, "Inspect a token");
    assert_eq!(
        h.state().workbench.inputs.mode,
        crate::ui::workbench::Mode::Inspect
    );
}
