//! An encrypted token in Inspect, clicked and typed by label: its header at once and the
//! key it needs; opened with a key file (a signed token inside, verified with Mint's key) or
//! a typed shared key (JSON claims inside); a wrong key said, the text kept.

use egui_kittest::kittest::Queryable;
use serde_json::Map;

use crate::core::jwe::{Enc, KeyAlg, encrypt, seal_token};
use crate::core::key::{Key, KeySpec, generate};
use crate::core::secret::Secret;
use crate::ui::testing::*;

fn rsa_pair(dir: &std::path::Path) -> (Key, std::path::PathBuf) {
    let key = generate(KeySpec::Rsa(2048)).expect("a key pair");
    let path = dir.join("liveperson-decrypt.pem");
    let pem = key.private_pkcs8_pem().expect("pem");
    std::fs::write(&path, pem.expose()).expect("write the key");
    (key, path)
}

#[test]
fn a_nested_token_opens_with_a_key_file_and_is_verified_inside() {
    let (mut h, handles) = connect_with_token();
    let jws = minted_token(&h);
    let dir = tempfile::tempdir().expect("a folder");
    let (key, path) = rsa_pair(dir.path());
    let public = key.public().expect("public");
    let jwe = seal_token(&jws, &public, KeyAlg::RsaOaep256, Enc::A128CbcHs256).expect("sealed");

    h.get_by_label("Inspect").click();
    h.run();
    type_into(&mut h, "Token to inspect", &jwe);
    assert!(shows(
        &h,
        "Encrypted token (JWE): RSA-OAEP-256 with A128CBC-HS256"
    ));
    assert!(shows(&h, "To read it: the recipient's RSA private key"));
    assert!(shows(&h, "NOT VERIFIED"), "nothing checked without the key");

    handles.files.choose_decrypt_key(path);
    h.get_by_label("Choose key file…").click();
    h.run();
    h.run();
    assert!(shows(&h, "Key file: liveperson-decrypt.pem"));
    assert!(shows(&h, "Decrypted: a signed token inside"));
    let view = h
        .state()
        .workbench
        .derived
        .inspect
        .as_ref()
        .expect("inspected");
    assert_eq!(
        view.decoded.compact, jws,
        "the token inside is what is judged"
    );
    assert_eq!(view.signature.as_ref().map(|s| s.valid), Some(true));
    assert!(shows(&h, "VALID"));

    h.get_by_label("Forget key").click();
    h.run();
    assert!(
        shows(&h, "To read it:"),
        "forgotten, the token is sealed again"
    );
    assert_eq!(
        h.state().workbench.inputs.inspect_text,
        jwe,
        "the pasted text is kept"
    );
}

#[test]
fn a_chaskiq_style_token_opens_with_its_typed_key_and_a_wrong_one_is_said() {
    let (mut h, _) = harness(crate::ui::app::state::Settings {
        mode: crate::ui::workbench::Mode::Inspect,
        ..Default::default()
    });
    let shared = Key::hmac(Secret::new(b"a3f1c09b2e7d4c55".to_vec()));
    let claims = br#"{"email":"ada@example.com","properties":{"plan":"pro"}}"#;
    let jwe = encrypt(claims, &shared, KeyAlg::Dir, Enc::A128Gcm, &Map::new()).expect("sealed");
    type_into(&mut h, "Token to inspect", &jwe);
    assert!(shows(
        &h,
        "To read it: a 16-byte shared key (dir with A128GCM)"
    ));

    type_into(&mut h, "Decryption key", "a3f1c09b2e7d4c5X");
    assert!(shows(&h, "Not decrypted"), "a wrong key is said");
    h.get_by_label("Forget key").click();
    h.run();
    type_into(&mut h, "Decryption key", "a3f1c09b2e7d4c55");
    assert!(shows(&h, "JSON claims inside, signed by nothing"));
    let view = h
        .state()
        .workbench
        .derived
        .inspect
        .as_ref()
        .expect("inspected");
    let email = view
        .decoded
        .payload
        .object
        .as_ref()
        .and_then(|p| p.get("email"));
    assert_eq!(email.and_then(|e| e.as_str()), Some("ada@example.com"));
    assert!(shows(
        &h,
        "only a holder of the shared key could have made it"
    ));
}

#[test]
fn chaskiq_is_minted_sealed_and_opens_in_inspect_with_the_key_from_mint() {
    let (mut h, _) = with_preset("chaskiq");
    type_into(&mut h, "Secret", "a3f1c09b2e7d4c55");
    type_into(&mut h, "Email", "ada@example.com");
    let token = minted_token(&h);
    assert_eq!(token.split('.').count(), 5, "a JWE: {token}");
    assert!(
        token.starts_with("eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0."),
        "{token}"
    );
    assert!(shows(&h, "encrypted dir + A128GCM, nothing signed"));
    // Inspect opens it with the key given in Mint, no decryption key typed.
    press(&mut h, "Inspect");
    type_into(&mut h, "Token to inspect", &token);
    assert!(shows(&h, "JSON claims inside, signed by nothing"));
    assert!(shows(&h, "Chaskiq's key from Mint"));
    let screen = crate::ui::testing::screen_text(&h);
    assert!(shows(&h, "VALID"), "{screen}");
    // Another key typed: not decrypted, and Chaskiq's silence said.
    type_into(&mut h, "Decryption key", "a3f1c09b2e7d4c5X");
    assert!(shows(&h, "Not decrypted"));
    assert!(shows(&h, "the visitor would simply be anonymous"));
}

#[test]
fn liveperson_is_minted_signed_and_encrypted_for_its_key_and_opens_in_inspect() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (_, signing_path) = rsa_pair(dir.path());
    // LivePerson's key pair: the public half is what the brand is given.
    let lp_private = generate(KeySpec::Rsa(2048)).expect("a key pair");
    let lp_path = dir.path().join("liveperson.pub");
    std::fs::write(&lp_path, lp_private.public_pem().expect("pem")).expect("write");
    let (mut h, handles) = with_preset("liveperson");
    handles.files.choose_key_file(signing_path);
    h.get_by_label("Choose key file…").click();
    h.run();
    type_into(&mut h, "Issuer", "https://www.example.com");
    type_into(&mut h, "Customer id", "customer-42");
    let signed = minted_token(&h);
    assert_eq!(signed.split('.').count(), 3);
    assert!(shows(
        &h,
        "Give LivePerson's key to see the signed token encrypted for it."
    ));
    // LivePerson's key, as a file: the JWE appears beside the signed token.
    handles.files.choose_encrypt_key(lp_path);
    h.get_by_label("Choose encryption key file…").click();
    h.run();
    let m = h.state().workbench.derived.minted.clone().expect("minted");
    let sealed = match m.jwe {
        Some(Ok(s)) => s,
        other => panic!("not sealed: {other:?}"),
    };
    assert_eq!(sealed.header["alg"], "RSA-OAEP-256");
    assert_eq!(sealed.header["enc"], "A128CBC-HS256");
    assert_eq!(sealed.header["cty"], "JWT");
    assert_eq!(m.token, signed, "the signed token stays what it was");
    h.get_by_label("Copy encrypted token").click();
    h.run();
    assert_eq!(handles.copies.borrow().last(), Some(&sealed.token));
    // LivePerson's private key opens it, and the signed token inside is the one minted.
    let opened = crate::core::jwe::open(&sealed.token, Some(&lp_private)).expect("a JWE");
    assert!(
        matches!(opened.inside(), crate::core::jwe::Inside::Jws(inner) if inner == signed),
        "the signed token inside"
    );
    // The window's server hands out the JWE too, for LivePerson's private key to open.
    send(
        &mut h,
        crate::ui::app::command::Command::Server(crate::ui::app::command::ServerCommand::Port(0)),
    );
    h.get_by_label("Serve").click();
    h.run();
    let (status, body) = http_get(server_port(&h), "/token");
    assert_eq!(status, 200, "{body}");
    let served: serde_json::Value = serde_json::from_str(&body).expect("json");
    let served = served["data"].as_str().expect("a token");
    assert_eq!(served.split('.').count(), 5, "a JWE: {served}");
    let opened = crate::core::jwe::open(served, Some(&lp_private)).expect("a JWE");
    assert!(matches!(opened.inside(), crate::core::jwe::Inside::Jws(_)));
    // History reads the signed token inside what was served (logged before it answered).
    h.run();
    let served_record = h
        .state()
        .history
        .history
        .newest_first()
        .find(|r| r.origin == crate::core::history::Origin::Served)
        .cloned()
        .expect("the served token in History");
    assert_eq!(served_record.payload["sub"], "customer-42");
    h.get_by_label("Stop serving").click();
    h.run();
    // Forgetting the key leaves the signed token alone.
    h.get_by_label("Forget encryption key").click();
    h.run();
    assert!(
        h.state()
            .workbench
            .derived
            .minted
            .as_ref()
            .is_some_and(|m| m.jwe.is_none())
    );
}

#[test]
fn diff_compares_the_signed_token_inside_an_encrypted_one_with_inspects_key() {
    let (mut h, handles) = connect_with_token();
    let jws = minted_token(&h);
    let dir = tempfile::tempdir().expect("a folder");
    let (key, path) = rsa_pair(dir.path());
    let public = key.public().expect("public");
    let jwe = seal_token(&jws, &public, KeyAlg::RsaOaep256, Enc::A128CbcHs256).expect("sealed");

    h.get_by_label("Diff").click();
    h.run();
    type_into(&mut h, "Token A", &jwe);
    type_into(&mut h, "Token B", &jws);
    assert!(shows(&h, "Encrypted: give the recipient's RSA private key"));
    let diff = h.state().workbench.derived.diff.as_ref().expect("a diff");
    assert!(!diff.comparable, "nothing to compare while sealed");

    // The key given in Inspect opens it: the token inside is the same as B.
    h.get_by_label("Inspect").click();
    h.run();
    type_into(&mut h, "Token to inspect", &jwe);
    handles.files.choose_decrypt_key(path);
    h.get_by_label("Choose key file…").click();
    h.run();
    h.get_by_label("Diff").click();
    h.run();
    let diff = h.state().workbench.derived.diff.as_ref().expect("a diff");
    assert!(diff.comparable);
    assert!(diff.changes.is_empty(), "{:?}", diff.changes);
    assert_eq!(diff.sides[0].signature, Some(true));
}
