//! Profiles and their keys in the keyring: forgetting and replacing a key, a keyring that
//! can't be reached or refuses, and keys kept in memory meanwhile.

use crate::ui::profiles::tests::*;

#[test]
fn forget_then_replace_the_key() {
    let keyring = TestKeyring::default();
    let p = with_key(connect_profile("staging", "w-1"), &keyring);
    let id = p.id.clone();
    let (mut h, handles) = opened(vec![p], &id, keyring);
    click(&mut h, "Forget key…");
    assert!(shows(&h, "Forget the key?"));
    click(&mut h, "Cancel");
    assert_eq!(
        handles.keyring.get(&id).as_deref(),
        Some(SECRET),
        "Cancel keeps it"
    );
    click(&mut h, "Forget key…");
    click(&mut h, "Forget");
    assert_eq!(handles.keyring.get(&id), None);
    assert_eq!(h.state().workbench.inputs.key.secret.expose(), "");
    assert!(!h.state().workbench.profiles.list[0].has_secret);
    assert!(shows(&h, "No key stored for \"staging\" yet"));

    type_into(&mut h, "Secret", "another-secret-of-32-bytes-or-so!!");
    click(&mut h, "Save changes");
    assert_eq!(
        handles.keyring.get(&id).as_deref(),
        Some("another-secret-of-32-bytes-or-so!!")
    );
    assert!(h.state().workbench.profiles.list[0].has_secret);
    assert!(shows(&h, "Key stored in the test keyring"));
}

#[test]
fn without_a_keyring_keys_stay_in_memory_until_retry_finds_one() {
    let (mut h, handles) = offline_connect_window();
    assert!(shows(&h, "No system keyring"));
    assert!(
        shows(&h, "keys are kept in memory for this session only"),
        "what it means is shown"
    );
    type_into(&mut h, "Secret", SECRET);
    click(&mut h, "Save as profile…");
    type_into(&mut h, "Profile name", "offline");
    click(&mut h, "Save");
    let id = h.state().workbench.profiles.list[0].id.clone();
    assert!(shows(&h, "Key stored in memory (this session only)"));
    assert_eq!(handles.keyring.get(&id), None, "not in the keyring yet");

    click(&mut h, "Retry");
    assert!(shows(&h, "No system keyring"), "still unreachable");
    handles.keyring.set_unreachable(false);
    click(&mut h, "Retry");
    assert!(!shows(&h, "No system keyring"));
    assert_eq!(
        handles.keyring.get(&id).as_deref(),
        Some(SECRET),
        "moved into the keyring"
    );
    assert!(shows(&h, "Key stored in the test keyring"));
}

#[test]
fn a_stored_key_behind_an_unreachable_keyring_is_read_on_retry() {
    let keyring = TestKeyring::default();
    let p = with_key(connect_profile("prod", "w-1"), &keyring);
    keyring.set_unreachable(true);
    let (mut h, handles) = opened(vec![p.clone()], &p.id, keyring);
    assert!(shows(
        &h,
        "is in the system keyring, which can't be reached"
    ));
    assert!(
        !shows(&h, "No key stored"),
        "the key is not said to be missing"
    );
    assert!(h.state().workbench.profiles.list[0].has_secret);
    handles.keyring.set_unreachable(false);
    click(&mut h, "Retry");
    assert_eq!(h.state().workbench.inputs.key.secret.expose(), SECRET);
    assert!(h.state().workbench.derived.minted.is_some());
}

#[test]
fn a_key_the_keyring_refuses_stays_in_memory_usable_and_says_why() {
    let (mut h, handles) = offline_connect_window();
    type_into(&mut h, "Secret", SECRET);
    type_into(&mut h, "Widget ID", "w-1");
    click(&mut h, "Save as profile…");
    type_into(&mut h, "Profile name", "offline");
    click(&mut h, "Save");
    let id = h.state().workbench.profiles.list[0].id.clone();

    // The keyring answers again, but refuses to store anything.
    handles.keyring.set_unreachable(false);
    handles.keyring.set_refuses(true);
    click(&mut h, "Retry");
    assert!(!shows(&h, "No system keyring"), "it answered");
    assert_eq!(handles.keyring.get(&id), None, "it took nothing");
    assert!(
        shows(&h, "is held in memory for this session only"),
        "the window says which key"
    );
    assert!(shows(&h, "the test keyring is locked"), "and why");
    assert!(
        h.state().workbench.derived.minted.is_some(),
        "the key still signs"
    );
    // Leave and come back: the key is read from memory, not lost.
    click(&mut h, "Close");
    send(
        &mut h,
        Command::Keys(KeysCommand::Secret(Default::default())),
    );
    pick(&mut h, "offline");
    assert_eq!(h.state().workbench.inputs.key.secret.expose(), SECRET);

    // Once the keyring takes keys again, Retry moves it there.
    handles.keyring.set_refuses(false);
    click(&mut h, "Retry");
    assert_eq!(handles.keyring.get(&id).as_deref(), Some(SECRET));
    assert!(h.state().workbench.keyring.held.is_empty());
    assert!(shows(&h, "Key stored in the test keyring"));
}
