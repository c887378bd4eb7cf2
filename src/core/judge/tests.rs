#![allow(clippy::unwrap_used)]

use serde_json::{Map, json};

use super::Judge;
use super::signers::{ProfileKeys, StoredKey};
use crate::core::alg::Alg;
use crate::core::decode::decode;
use crate::core::jws::sign;
use crate::core::key::KeySet;
use crate::core::mint::{ClaimValue, MintRequest};
use crate::core::preset::Presets;
use crate::core::testing::*;

fn signed(claims: serde_json::Value, key: &crate::core::key::Key, alg: Alg) -> String {
    let Some(claims) = claims.as_object().cloned() else {
        panic!("an object")
    };
    sign(&Map::new(), &claims, key, alg).unwrap()
}

fn profile(name: &str, preset: &str, stored: Option<KeySet>) -> ProfileKeys {
    ProfileKeys {
        name: name.into(),
        preset: preset.into(),
        request: MintRequest::default(),
        stored: stored.map(|keys| StoredKey { keys, text: None }),
        published: None,
    }
}

#[test]
fn the_preset_is_the_one_chosen_else_the_one_resembled() {
    let presets = Presets::builtin();
    let connect = decode(&signed(
        json!({"sub": "w", "iss": "a", "iat": 1, "exp": 2, "attributes": {"a": "b"}}),
        &hmac(CONNECT_SECRET),
        Alg::HS256,
    ));
    let judge = Judge::new(&presets, 1);
    assert_eq!(
        judge.preset_for(&connect).map(|p| p.id.as_str()),
        Some("amazon-connect")
    );
    let report = judge.report(&connect);
    assert_eq!(report.preset.as_deref(), Some("amazon-connect"));
    assert_eq!(
        report.suggested_preset.as_deref(),
        Some("amazon-connect"),
        "said to be resembled, not chosen"
    );
    // `inspect` applies no preset it was not given; it only suggests.
    assert_eq!(judge.inspect(&connect).preset, None);
    let chosen = Judge {
        preset: presets.get("generic"),
        ..judge
    };
    assert_eq!(chosen.report(&connect).preset.as_deref(), Some("generic"));
    // A token with a subject alone resembles nothing.
    let bare = token(&json!({"alg": "HS256"}), &json!({"sub": "x"}));
    assert!(judge.preset_for(&bare).is_none());
}

#[test]
fn two_tokens_are_compared_by_pointer_with_the_findings_only_one_has() {
    let presets = Presets::builtin();
    let judge = Judge {
        preset: presets.get("generic"),
        ..Judge::new(&presets, 100)
    };
    let a = token(&json!({"alg": "HS256"}), &json!({"sub": "u", "exp": 200}));
    let b = token(&json!({"alg": "HS256"}), &json!({"sub": "v", "exp": 50}));
    let compared = judge.compare(&a, &b);
    assert!(compared.comparable);
    let paths: Vec<&str> = compared.changes.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(paths, ["/sub", "/exp"]);
    assert!(compared.only_in(0).is_empty());
    assert_eq!(compared.only_in(1)[0].rule, "expired");
    let unreadable = decode("not a token");
    let compared = judge.compare(&a, &unreadable);
    assert!(!compared.comparable && compared.changes.is_empty());
    assert!(compared.only_in(1).is_empty());
}

#[test]
fn signers_are_tried_with_each_key_and_the_algorithms_their_preset_allows() {
    let presets = Presets::builtin();
    let secret = KeySet::single(hmac(CONNECT_SECRET));
    let rsa = key(RFC7515_A2_JWK);
    let published = KeySet::single(rsa.public().unwrap());
    let profiles = [
        profile("Connect", "amazon-connect", Some(secret.clone())),
        ProfileKeys {
            published: Some(Ok(published.clone())),
            ..profile("Salesforce", "salesforce-miaw", None)
        },
        ProfileKeys {
            published: Some(Ok(published)),
            ..profile("Both", "generic", Some(secret))
        },
        ProfileKeys {
            published: Some(Err("the key URL did not answer".into())),
            ..profile("Down", "generic", None)
        },
    ];
    let judge = Judge::new(&presets, 1);
    let hs256 = decode(&signed(
        json!({"sub": "u"}),
        &hmac(CONNECT_SECRET),
        Alg::HS256,
    ));
    let found = judge.token_signers(&hs256, &profiles);
    assert_eq!(found.signers.signed_by, ["Connect", "Both"]);
    assert_eq!(found.signers.tried, 2);
    assert_eq!(found.signers.problems, ["Down: the key URL did not answer"]);
    assert!(found.verified_with.is_some());
    // HS512: Connect's preset takes HS256 only; Both's (generic) takes any.
    let hs512 = decode(&signed(
        json!({"sub": "u"}),
        &hmac(CONNECT_SECRET),
        Alg::HS512,
    ));
    assert_eq!(
        judge.token_signers(&hs512, &profiles).signers.signed_by,
        ["Both"]
    );
    // A chosen preset decides for every profile.
    let generic = Judge {
        preset: presets.get("generic"),
        ..judge
    };
    let found = generic.token_signers(&hs512, &profiles);
    assert_eq!(found.signers.signed_by, ["Connect", "Both"]);
    // RS256 from the published key: the profiles with it, not the ones with a secret only.
    let rs = decode(&signed(json!({"sub": "u"}), &rsa, Alg::RS256));
    let found = judge.token_signers(&rs, &profiles);
    assert_eq!(found.signers.signed_by, ["Salesforce", "Both"]);
    assert_eq!(
        found.signers.tried, 2,
        "the secret-only profile doesn't fit RS256"
    );
    let ps = decode(&signed(json!({"sub": "u"}), &rsa, Alg::PS256));
    assert_eq!(
        judge.token_signers(&ps, &profiles).signers.signed_by,
        ["Both"],
        "Salesforce takes RS256 only"
    );
}

#[test]
fn an_identity_hash_is_traced_to_the_profile_that_made_it() {
    let presets = Presets::builtin();
    let with_fields = |name: &str, secret: &str| {
        let mut p = profile(name, "chatwoot", Some(KeySet::single(hmac(secret))));
        p.request
            .claims
            .push(("identifier".into(), ClaimValue::Text("Message".into())));
        p
    };
    let profiles = [
        with_fields("other", "another"),
        with_fields("support-desk", "secret"),
        profile(
            "Connect",
            "amazon-connect",
            Some(KeySet::single(hmac("secret"))),
        ),
    ];
    // Chatwoot's documented example: HMAC-SHA256("secret", "Message").
    let value = "aa747c502a898200f9e4fa21bac68136f886a0e27aec70ba06daf2e2a5cb5597";
    let judge = Judge::new(&presets, 1);
    let (signers, shown) = judge.hash_makers(value, &profiles);
    assert_eq!(signers.signed_by, ["support-desk"]);
    assert_eq!(signers.tried, 2, "only identity-hash profiles");
    let shown = shown.unwrap();
    assert!(shown.check.matches, "the maker's check is the one shown");
    assert_eq!(shown.preset.id, "chatwoot");
    // Another hash vendor chosen: its profiles only.
    let intercom = Judge {
        preset: presets.get("intercom-user-hash"),
        ..judge
    };
    assert_eq!(intercom.hash_makers(value, &profiles).0.tried, 0);
}
