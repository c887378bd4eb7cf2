//! The vendor's encryption key a profile keeps (LivePerson's public key), clicked and typed
//! by label: saved with the profile (a public key in the file, a shared key in the
//! keyring), given back when the profile opens in another window, deleted with it.

use crate::core::key::{KeySpec, generate};
use crate::store::profiles::{Profile, ProfileEncryption, encryption_account};
use crate::ui::profiles::tests::*;

const SHARED: &str = "0123456789abcdef";

fn encrypted(h: &egui_kittest::Harness<'static, App>) -> bool {
    h.state()
        .workbench
        .derived
        .minted
        .as_ref()
        .is_some_and(|m| matches!(m.jwe, Some(Ok(_))))
}

#[test]
fn a_profile_keeps_the_vendors_public_key_and_another_window_encrypts_with_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let signing = generate(KeySpec::Rsa(2048)).expect("a key pair");
    let signing_path = dir.path().join("brand.pem");
    std::fs::write(
        &signing_path,
        signing.private_pkcs8_pem().expect("pem").expose(),
    )
    .expect("write");
    let lp = generate(KeySpec::Rsa(2048)).expect("a key pair");
    let lp_path = dir.path().join("liveperson.pub");
    std::fs::write(&lp_path, lp.public_pem().expect("pem")).expect("write");
    let file = dir.path().join("profiles.json");
    let (mut h, handles) = start(Start {
        settings: Settings {
            preset: Some("liveperson".into()),
            ..Settings::default()
        },
        file: Some(file.clone()),
        ..Start::default()
    });
    handles.files.choose_key_file(signing_path);
    click(&mut h, "Choose key file…");
    type_into(&mut h, "Issuer", "https://www.example.com");
    type_into(&mut h, "Customer id", "customer-42");
    handles.files.choose_encrypt_key(lp_path);
    click(&mut h, "Choose encryption key file…");
    assert!(encrypted(&h));
    assert!(shows(&h, "In memory only: Save as profile… keeps it"));

    click(&mut h, "Save as profile…");
    type_into(&mut h, "Profile name", "LP");
    click(&mut h, "Save");
    let saved = h.state().workbench.profiles.list[0].clone();
    assert!(
        matches!(&saved.encryption, Some(ProfileEncryption::PublicJwk(jwk)) if jwk["use"] == "enc"),
        "{:?}",
        saved.encryption
    );
    assert!(shows(
        &h,
        "Kept in profile \"LP\": the vendor's RSA 2048-bit public key"
    ));
    assert!(!h.state().workbench.profile_changed());
    let on_disk = std::fs::read_to_string(&file).expect("saved");
    assert!(
        on_disk.contains("public_jwk") && !on_disk.contains("PRIVATE"),
        "{on_disk}"
    );

    // Another window on the same profile encrypts at once, with the key it kept.
    let (h2, _) = start(Start {
        settings: Settings {
            profile: Some(saved.id.clone()),
            ..Settings::default()
        },
        file: Some(file.clone()),
        keyring: handles.keyring.clone(),
        ..Start::default()
    });
    assert!(!h2.state().workbench.inputs.encrypt.secret.is_empty());
    assert!(encrypted(&h2), "the profile's key encrypts");
    assert!(!h2.state().workbench.profile_changed(), "nothing unsaved");

    // Forgotten here: unsaved until Save, then the profile keeps none.
    click(&mut h, "Forget encryption key");
    assert!(shows(&h, "Save to stop \"LP\" encrypting its tokens."));
    assert!(h.state().workbench.profile_changed());
    click(&mut h, "Save changes");
    assert_eq!(h.state().workbench.profiles.list[0].encryption, None);
    assert!(!h.state().workbench.profile_changed());
}

#[test]
fn a_shared_encryption_key_is_read_from_the_keyring_replaced_and_deleted_with_its_profile() {
    let keyring = TestKeyring::default();
    let mut p = Profile::new("LP shared", "liveperson");
    p.claims
        .insert("iss".into(), "https://www.example.com".into());
    p.claims.insert("sub".into(), "customer-42".into());
    let signing = generate(KeySpec::Rsa(2048)).expect("a key pair");
    let pem = signing.private_pkcs8_pem().expect("pem");
    keyring.put(&p.id, &String::from_utf8_lossy(pem.expose()));
    p.has_secret = true;
    p.encryption = Some(ProfileEncryption::SharedInKeyring);
    keyring.put(&encryption_account(&p.id), SHARED);
    let id = p.id.clone();
    let (mut h, handles) = opened(vec![p], &id, keyring);
    assert_eq!(h.state().workbench.inputs.encrypt.secret.expose(), SHARED);
    assert!(shows(
        &h,
        "Kept in profile \"LP shared\": a shared key in the keyring."
    ));
    assert!(!h.state().workbench.profile_changed());

    click(&mut h, "Forget encryption key");
    type_into(&mut h, "Encryption key", "fedcba9876543210");
    assert!(h.state().workbench.profile_changed());
    click(&mut h, "Save changes");
    assert_eq!(
        handles.keyring.get(&encryption_account(&id)).as_deref(),
        Some("fedcba9876543210")
    );
    assert!(!h.state().workbench.profile_changed());
    let file_side = serde_json::to_string(&h.state().workbench.profiles.list).expect("json");
    assert!(
        !file_side.contains("fedcba"),
        "never in the profile: {file_side}"
    );

    menu(&mut h, "Delete…");
    click(&mut h, "Delete");
    assert!(h.state().workbench.profiles.list.is_empty());
    assert_eq!(handles.keyring.get(&encryption_account(&id)), None);
}
