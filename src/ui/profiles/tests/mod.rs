//! Profiles in the whole window: saving, opening, renaming, deleting, keys in the keyring,
//! and what other tokenbench processes change meanwhile.

#[cfg(test)]
mod encryption;
#[cfg(test)]
mod keys;
#[cfg(test)]
mod unreadable;

use egui_kittest::kittest::Queryable;

use egui_kittest::Harness;

use crate::store::profiles::{Profile, ProfileFile};
use crate::ui::app::state::Settings;
use crate::ui::testing::*;

/// A window on Amazon Connect with no profile open; profiles in `dir`.
fn connect_window(dir: &tempfile::TempDir, list: Vec<Profile>) -> (Harness<'static, App>, Handles) {
    start(Start {
        settings: Settings {
            preset: Some("amazon-connect".into()),
            ..Settings::default()
        },
        profiles: list,
        file: Some(dir.path().join("profiles.json")),
        ..Start::default()
    })
}

/// A window on Amazon Connect whose keyring can't be reached (yet).
fn offline_connect_window() -> (Harness<'static, App>, Handles) {
    let keyring = TestKeyring::default();
    keyring.set_unreachable(true);
    start(Start {
        settings: Settings {
            preset: Some("amazon-connect".into()),
            ..Settings::default()
        },
        keyring,
        ..Start::default()
    })
}

fn connect_profile(name: &str, widget: &str) -> Profile {
    let mut p = Profile::new(name, "amazon-connect");
    p.claims.insert("sub".into(), widget.into());
    p
}

/// A profile whose key is in `keyring`.
fn with_key(mut p: Profile, keyring: &TestKeyring) -> Profile {
    p.has_secret = true;
    keyring.put(&p.id, SECRET);
    p
}

/// A window with `list` saved and the profile `active` open.
fn opened(
    list: Vec<Profile>,
    active: &str,
    keyring: TestKeyring,
) -> (Harness<'static, App>, Handles) {
    start(Start {
        settings: Settings {
            profile: Some(active.into()),
            ..Settings::default()
        },
        profiles: list,
        keyring,
        ..Start::default()
    })
}

fn click(h: &mut Harness<'static, App>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

/// Clicks the profile named `name` in the list (its row may also say "no key").
fn pick(h: &mut Harness<'static, App>, name: &str) {
    h.get_by_label_contains(name).click();
    h.run();
}

/// Picks `item` from the profile bar's "More" menu.
fn menu(h: &mut Harness<'static, App>, item: &str) {
    click(h, "More");
    click(h, item);
}

fn field(h: &Harness<'static, App>, label: &str) -> String {
    input(h, label).value().unwrap_or_default()
}

#[test]
fn save_as_profile_keeps_values_on_disk_and_the_key_in_the_keyring() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut h, handles) = connect_window(&dir, Vec::new());
    type_into(&mut h, "Secret", SECRET);
    type_into(&mut h, "Widget ID", "widget-7");
    click(&mut h, "Save as profile…");
    assert!(shows(&h, "Name the profile"));
    type_into(&mut h, "Profile name", "Connect — staging");
    click(&mut h, "Save");

    let list = &h.state().workbench.profiles.list;
    assert_eq!(list.len(), 1);
    let id = list[0].id.clone();
    assert_eq!(list[0].name, "Connect — staging");
    assert_eq!(handles.keyring.get(&id).as_deref(), Some(SECRET));
    assert!(shows(&h, "Profile: Connect — staging"));
    assert!(shows(&h, "Key stored in the test keyring"));

    // On disk: the values, never the key.
    let file = std::fs::read_to_string(dir.path().join("profiles.json")).expect("saved");
    assert!(file.contains("widget-7"), "{file}");
    assert!(!file.contains("kJ6n8"), "{file}");
    let settings = serde_json::to_string(&h.state().settings()).expect("json");
    assert!(
        !settings.contains("kJ6n8") && settings.contains(&id),
        "{settings}"
    );

    // The next start opens the same profile, its key read back from the keyring.
    let (h2, _) = start(Start {
        settings: h.state().settings(),
        profiles: ProfileFile::new(dir.path().join("profiles.json"))
            .read()
            .profiles,
        keyring: handles.keyring.clone(),
        ..Start::default()
    });
    assert_eq!(field(&h2, "Widget ID"), "widget-7");
    assert_eq!(h2.state().workbench.inputs.key.secret.expose(), SECRET);
    assert!(
        h2.state().workbench.derived.minted.is_some(),
        "it mints at once"
    );
    // Masked: the secret is never the field's visible text.
    assert_ne!(field(&h2, "Secret"), SECRET);
}

#[test]
fn a_name_that_is_taken_keeps_the_question_open() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut h, _) = connect_window(&dir, vec![connect_profile("prod", "w-prod")]);
    click(&mut h, "Save as profile…");
    type_into(&mut h, "Profile name", "Prod");
    click(&mut h, "Save");
    assert!(shows(&h, "already"), "the reason is shown");
    assert_eq!(field(&h, "Profile name"), "Prod", "the typing is kept");
    assert_eq!(h.state().workbench.profiles.list.len(), 1);
    click(&mut h, "Cancel");
    assert!(!shows(&h, "Name the profile"));
}

#[test]
fn search_finds_profiles_by_vendor_name() {
    let list = vec![
        connect_profile("Acme prod", "acme-widget"),
        Profile::new("Contoso portal", "microsoft-omnichannel"),
    ];
    let (mut h, _) = start(Start {
        profiles: list,
        ..Start::default()
    });
    type_into(&mut h, "Search profiles", "Dynamics");
    assert!(h.query_by_label_contains("Contoso portal").is_some());
    assert!(h.query_by_label_contains("Acme prod").is_none());
}

#[test]
fn search_narrows_the_list_and_a_click_opens_the_profile() {
    let keyring = TestKeyring::default();
    let mut list: Vec<Profile> = (0..30)
        .map(|i| connect_profile(&format!("customer-{i:02} staging"), &format!("w-{i}")))
        .collect();
    let mut prod = connect_profile("Acme prod", "acme-widget");
    prod.has_secret = true;
    keyring.put(&prod.id, SECRET);
    let prod_id = prod.id.clone();
    list.push(prod);
    list.push(Profile::new("Acme Zendesk", "zendesk-messaging"));
    let (mut h, _) = start(Start {
        profiles: list,
        keyring,
        ..Start::default()
    });
    assert!(shows(&h, "32"), "the count is shown");
    type_into(&mut h, "Search profiles", "acme");
    assert!(h.query_by_label("Acme prod").is_some());
    assert!(h.query_by_label_contains("Acme Zendesk").is_some());
    assert!(h.query_by_label_contains("customer-03 staging").is_none());
    type_into(&mut h, "Search profiles", "-nothing");
    assert!(shows(&h, "No profile matches"));

    input(&h, "Search profiles").focus();
    h.run();
    for _ in 0.."-nothing".len() {
        h.key_press(eframe::egui::Key::Backspace);
    }
    h.run();
    click(&mut h, "Acme prod");
    assert_eq!(
        h.state().workbench.profiles.active.as_deref(),
        Some(prod_id.as_str())
    );
    assert_eq!(
        h.state().workbench.inputs.preset_id.as_deref(),
        Some("amazon-connect")
    );
    assert_eq!(field(&h, "Widget ID"), "acme-widget");
    assert_eq!(h.state().workbench.inputs.key.secret.expose(), SECRET);
    let minted = h.state().workbench.derived.minted.clone().expect("a token");
    let decoded = crate::core::decode::decode(&minted.token);
    assert_eq!(
        decoded.claim("sub").and_then(|v| v.as_str()),
        Some("acme-widget")
    );
    assert!(shows(&h, "Saved"), "nothing to save yet");
}

#[test]
fn rename_duplicate_and_delete_with_confirmation() {
    let keyring = TestKeyring::default();
    let p = with_key(connect_profile("staging", "w-1"), &keyring);
    let id = p.id.clone();
    let (mut h, handles) = opened(vec![p], &id, keyring);
    menu(&mut h, "Rename…");
    assert_eq!(field(&h, "Profile name"), "staging");
    input(&h, "Profile name").focus();
    h.run();
    input(&h, "Profile name").type_text(" EU");
    h.run();
    click(&mut h, "Save");
    assert_eq!(h.state().workbench.profiles.list[0].name, "staging EU");
    assert_eq!(
        handles.keyring.get(&id).as_deref(),
        Some(SECRET),
        "the key stays with it"
    );

    menu(&mut h, "Duplicate");
    let list = &h.state().workbench.profiles.list;
    assert_eq!(list.len(), 2);
    assert_eq!(list[1].name, "staging EU (copy)");
    let copy = list[1].id.clone();
    assert_eq!(
        handles.keyring.get(&copy).as_deref(),
        Some(SECRET),
        "the copy has the key too"
    );

    menu(&mut h, "Delete…");
    assert!(shows(&h, "Delete the profile?"));
    click(&mut h, "Cancel");
    assert_eq!(h.state().workbench.profiles.list.len(), 2);
    menu(&mut h, "Delete…");
    click(&mut h, "Delete");
    let list = &h.state().workbench.profiles.list;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, copy);
    assert_eq!(
        handles.keyring.get(&id),
        None,
        "its keyring entry went with it"
    );
    assert!(shows(&h, "Save as profile…"), "no profile is open");
}

#[test]
fn switching_away_from_unsaved_changes_asks_first() {
    let keyring = TestKeyring::default();
    let a = connect_profile("alpha", "w-a");
    let b = connect_profile("beta", "w-b");
    let (a_id, b_id) = (a.id.clone(), b.id.clone());
    let (mut h, _) = opened(vec![a, b], &a_id, keyring);
    type_into(&mut h, "Widget ID", "-edited");
    assert!(shows(&h, "Save changes"));
    pick(&mut h, "beta");
    assert!(shows(&h, "Save your changes?"));
    click(&mut h, "Cancel");
    assert_eq!(
        h.state().workbench.profiles.active.as_deref(),
        Some(a_id.as_str())
    );
    assert_eq!(field(&h, "Widget ID"), "w-a-edited", "nothing was lost");

    pick(&mut h, "beta");
    click(&mut h, "Save and switch");
    assert_eq!(
        h.state().workbench.profiles.active.as_deref(),
        Some(b_id.as_str())
    );
    assert_eq!(field(&h, "Widget ID"), "w-b");
    assert_eq!(
        h.state().workbench.profiles.list[0]
            .claims
            .get("sub")
            .and_then(|v| v.as_str()),
        Some("w-a-edited")
    );

    type_into(&mut h, "Widget ID", "-scratch");
    pick(&mut h, "alpha");
    click(&mut h, "Switch without saving");
    assert_eq!(field(&h, "Widget ID"), "w-a-edited");
    assert_eq!(
        h.state().workbench.profiles.list[1]
            .claims
            .get("sub")
            .and_then(|v| v.as_str()),
        Some("w-b")
    );

    // With no profile open, a typed key is the user's work too.
    click(&mut h, "Close");
    type_into(&mut h, "Secret", SECRET);
    pick(&mut h, "beta");
    assert!(shows(&h, "Replace what you typed?"));
    click(&mut h, "Save as a profile…");
    assert!(shows(&h, "Name the profile"), "it offers to keep it first");
    assert_eq!(h.state().workbench.inputs.key.secret.expose(), SECRET);
}

#[test]
fn recipes_export_without_keys_and_import_as_new_profiles() {
    let keyring = TestKeyring::default();
    let p = with_key(connect_profile("staging", "w-1"), &keyring);
    let (mut h, handles) = opened(vec![p.clone()], &p.id, keyring);
    menu(&mut h, "Export recipe…");
    let (what, _, recipe) = handles.files.saved().last().cloned().expect("saved");
    assert_eq!(what, "recipe");
    assert!(recipe.contains("w-1"), "{recipe}");
    assert!(!recipe.contains("kJ6n8"), "no key in a recipe: {recipe}");
    assert!(shows(&h, "Saved the recipe"));

    // Importing it back says what it adds first; then adds a second profile (a new name),
    // without a key.
    handles.files.choose_recipe(recipe.clone());
    click(&mut h, "Import…");
    assert!(shows(&h, "Import the recipe?"));
    assert!(shows(&h, "Adds \"staging (imported)\""));
    click(&mut h, "Cancel");
    assert_eq!(h.state().workbench.profiles.list.len(), 1, "nothing added");
    // A widget script from a stranger's host is left out, and said.
    let tampered = recipe.replace(
        "\"claims\"",
        "\"settings\": {\"script_url\": \"https://attacker.example/x.js\"}, \"claims\"",
    );
    handles.files.choose_recipe(tampered);
    click(&mut h, "Import…");
    assert!(shows(
        &h,
        "is on attacker.example, which is not one of the vendor's hosts"
    ));
    click(&mut h, "Import");
    let list = &h.state().workbench.profiles.list;
    assert_eq!(list.len(), 2, "{list:?}");
    assert!(!list[1].has_secret);
    assert_ne!(list[1].name, list[0].name);
    assert!(list[1].settings.is_empty(), "{:?}", list[1].settings);
    assert!(shows(&h, "Imported 1 profile"));

    handles.files.choose_recipe("{not json");
    click(&mut h, "Import…");
    assert_eq!(h.state().workbench.profiles.list.len(), 2);
    assert!(shows(&h, "Nothing imported"));
}

#[test]
fn another_vendor_closes_the_profile_after_asking_about_changes() {
    let a = connect_profile("alpha", "w-a");
    let a_id = a.id.clone();
    let (mut h, _) = opened(vec![a], &a_id, TestKeyring::default());
    type_into(&mut h, "Widget ID", "-edited");
    pick(&mut h, "Intercom Messenger — JWT");
    assert!(shows(&h, "Save your changes?"));
    click(&mut h, "Save and switch");
    assert_eq!(
        h.state().workbench.profiles.active,
        None,
        "the profile closed"
    );
    assert_eq!(
        h.state().workbench.inputs.preset_id.as_deref(),
        Some("intercom")
    );
    let saved = &h.state().workbench.profiles.list[0];
    assert_eq!(saved.preset, "amazon-connect", "still a Connect profile");
    assert_eq!(
        saved.claims.get("sub").and_then(|v| v.as_str()),
        Some("w-a-edited")
    );

    // Unchanged: it just closes.
    pick(&mut h, "alpha");
    // Far down a list of two dozen vendors: found by searching, as a user would.
    type_into(&mut h, "Search presets", "zendesk messaging");
    pick(&mut h, "Zendesk Messaging — end-user");
    assert!(!shows(&h, "Save your changes?"));
    assert_eq!(h.state().workbench.profiles.active, None);
    assert_eq!(
        h.state().workbench.inputs.preset_id.as_deref(),
        Some("zendesk-messaging")
    );
}

#[test]
fn enter_confirms_and_escape_cancels_a_dialog() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut h, _) = connect_window(&dir, vec![connect_profile("prod", "w-prod")]);
    type_into(&mut h, "Widget ID", "w-new");
    click(&mut h, "Save as profile…");
    type_into(&mut h, "Profile name", "staging");
    h.key_press(eframe::egui::Key::Enter);
    h.run();
    assert!(!shows(&h, "Name the profile"), "Enter saved it");
    assert_eq!(h.state().workbench.profiles.list.len(), 2);
    assert!(shows(&h, "Profile: staging"));

    let staging = h.state().workbench.profiles.active.clone().expect("open");
    menu(&mut h, "Delete…");
    assert!(shows(&h, "Delete the profile?"));
    h.key_press(eframe::egui::Key::Escape);
    h.run();
    assert!(!shows(&h, "Delete the profile?"), "Escape closed it");
    assert!(
        h.state().workbench.profiles.find(&staging).is_some(),
        "and deleted nothing"
    );
}
