//! Minting from presets: typing, order, defaults, attributes, and refusals.

use serde_json::{Value, json};

use super::*;
use crate::core::check::{CheckOptions, check};
use crate::core::decode::decode;
use crate::core::finding::Severity;
use crate::core::key::{KeySpec, generate};
use crate::core::testing::*;

const NOW: i64 = 1_800_000_000;

fn text(name: &str, value: &str) -> (String, ClaimValue) {
    (name.to_string(), ClaimValue::Text(value.to_string()))
}

fn keys_of(m: &Map<String, Value>) -> Vec<&str> {
    m.keys().map(String::as_str).collect()
}

#[test]
fn connect_token_has_the_vendor_shape_in_order() {
    let p = preset("amazon-connect");
    let req = MintRequest {
        claims: vec![text("sub", "widget-1")],
        attributes: vec![
            ("customerId".into(), "42".into()),
            ("tier".into(), "gold".into()),
        ],
        ..MintRequest::default()
    };
    let m = mint(&p, &req, &hmac(CONNECT_SECRET), NOW).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(keys_of(&m.header), ["typ", "alg"]);
    assert_eq!(keys_of(&m.payload), ["sub", "iat", "exp", "attributes"]);
    assert_eq!(m.payload["iat"], NOW);
    assert_eq!(m.payload["exp"], NOW + 500);
    assert_eq!(
        m.payload["attributes"],
        json!({"customerId": "42", "tier": "gold"})
    );
    assert!(m.token.starts_with("eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9."));
}

#[test]
fn every_preset_mints_a_token_its_own_checks_pass() {
    let rsa = generate(KeySpec::Rsa(2048)).unwrap_or_else(|e| panic!("{e}"));
    for p in crate::core::preset::Presets::builtin()
        .iter()
        .filter(|p| !p.is_hash() && !p.is_issued())
    {
        // Chaskiq seals the claims with its 16-character key.
        let key = if p.sealed_claims().is_some() {
            hmac("0123456789abcdef")
        } else if p
            .allowed_algorithms()
            .iter()
            .any(|a| a.family() == crate::core::alg::Family::Hmac)
        {
            hmac(CONNECT_SECRET)
        } else {
            rsa.clone()
        };
        let mut req = MintRequest::default();
        // What a user fills first: the required and recommended claims, and those the
        // preset gives an example for.
        for spec in p.claims.iter().filter(|s| s.fill == Fill::Form) {
            let value = match &spec.example {
                Some(example) => example.clone(),
                None if spec.required || spec.recommended => "value".into(),
                None => continue,
            };
            req.claims.push(text(&spec.name, &value));
        }
        if p.header_field("kid").is_some_and(|k| k.required) {
            req.kid = Some("key-1".into());
        }
        let m = mint(p, &req, &key, NOW).unwrap_or_else(|e| panic!("{}: {e}", p.id));
        let findings = if p.sealed_claims().is_some() {
            crate::core::check::check_values(p, &m.payload)
        } else {
            check(
                &decode(&m.token),
                Some(p),
                &CheckOptions {
                    now: NOW,
                    leeway: 0,
                    keys: None,
                },
            )
        };
        let serious: Vec<_> = findings
            .iter()
            .filter(|f| f.severity >= Severity::Warning)
            .collect();
        assert!(serious.is_empty(), "{}: {serious:?}", p.id);
    }
}

#[test]
fn claims_take_the_preset_type() {
    let p = preset("zendesk-messaging");
    let req = MintRequest {
        claims: vec![
            text("external_id", "123"),
            text("email_verified", "true"),
            text("custom_number", "7"),
            text("custom_object", "{\"a\":[1,2]}"),
            text("custom_text", "hello world"),
            text("custom_null", "null"),
        ],
        kid: Some("app_1".into()),
        ..MintRequest::default()
    };
    let m = mint(&p, &req, &hmac(CONNECT_SECRET), NOW).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        m.payload["external_id"], "123",
        "a string claim stays a string"
    );
    assert_eq!(m.payload["email_verified"], true);
    assert_eq!(m.payload["custom_number"], 7);
    assert_eq!(m.payload["custom_object"], json!({"a": [1, 2]}));
    assert_eq!(m.payload["custom_text"], "hello world");
    assert_eq!(m.payload["custom_null"], "null");
    assert_eq!(m.header["kid"], "app_1");
    assert_eq!(m.payload["scope"], "user");
    let bad = MintRequest {
        claims: vec![text("email_verified", "maybe")],
        ..req
    };
    assert!(matches!(
        mint(&p, &bad, &hmac(CONNECT_SECRET), NOW),
        Err(MintError::BadValue { .. })
    ));
}

#[test]
fn omnichannel_attributes_become_a_json_string() {
    let p = preset("microsoft-omnichannel");
    let rsa = generate(KeySpec::Rsa(2048)).unwrap_or_else(|e| panic!("{e}"));
    let req = MintRequest {
        claims: vec![
            text("sub", "aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb"),
            text("iss", "contoso.com"),
            text("lwicontexts", r#"{"msdyn_isvip":"false"}"#),
        ],
        attributes: vec![("msdyn_cartvalue".into(), "10000".into())],
        ..MintRequest::default()
    };
    let m = mint(&p, &req, &rsa, NOW).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(m.alg, Alg::RS256);
    assert_eq!(
        m.payload["lwicontexts"],
        r#"{"msdyn_isvip":"false","msdyn_cartvalue":"10000"}"#
    );
    assert_eq!(m.payload["exp"], NOW + 3600);
}

#[test]
fn lifetime_and_explicit_times() {
    let p = preset("generic");
    let base = MintRequest {
        lifetime: Some(90),
        ..MintRequest::default()
    };
    let m = mint(&p, &base, &hmac(CONNECT_SECRET), NOW).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(m.payload["exp"], NOW + 90);
    let req = MintRequest {
        claims: vec![text("iat", "1000"), text("nbf", "+10m")],
        ..base.clone()
    };
    let m = mint(&p, &req, &hmac(CONNECT_SECRET), NOW).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(m.payload["iat"], 1000);
    assert_eq!(m.payload["exp"], 1090, "exp follows the iat given");
    assert_eq!(m.payload["nbf"], NOW + 600);
    let req = MintRequest {
        claims: vec![text("exp", "2030-01-01T00:00:00Z")],
        ..base
    };
    let m = mint(&p, &req, &hmac(CONNECT_SECRET), NOW).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(m.payload["exp"], 1_893_456_000);
}

#[test]
fn refusals_name_what_is_missing_or_wrong() {
    let connect = preset("amazon-connect");
    let key = hmac(CONNECT_SECRET);
    let e = mint(&connect, &MintRequest::default(), &key, NOW).err();
    assert_eq!(
        e.map(|e| e.to_string()),
        Some("missing required claim \"sub\" (Widget ID)".to_string())
    );
    let zm = preset("zendesk-messaging");
    let req = MintRequest {
        claims: vec![text("external_id", "x")],
        ..MintRequest::default()
    };
    assert!(matches!(
        mint(&zm, &req, &key, NOW),
        Err(MintError::MissingHeader { .. })
    ));
    let intercom = preset("intercom");
    let req = MintRequest {
        claims: vec![text("user_id", "1")],
        attributes: vec![("a".into(), "b".into())],
        ..MintRequest::default()
    };
    assert!(matches!(
        mint(&intercom, &req, &key, NOW),
        Err(MintError::NoAttributeMap { .. })
    ));
    let omni = preset("microsoft-omnichannel");
    let e = mint(&omni, &MintRequest::default(), &key, NOW)
        .err()
        .map(|e| e.to_string());
    assert!(e.unwrap_or_default().contains("needs an RSA key"));
    let req = MintRequest {
        claims: vec![text("sub", "w")],
        alg: Some(Alg::HS512),
        ..MintRequest::default()
    };
    assert!(matches!(
        mint(&connect, &req, &key, NOW),
        Err(MintError::AlgNotAllowed { .. })
    ));
}

#[test]
fn tiledesk_picks_the_first_algorithm_that_fits_and_allows_others() {
    let p = preset("tiledesk");
    let req = MintRequest {
        claims: vec![
            text("aud", "https://tiledesk.com/projects/p1"),
            text("_id", "p1_u1"),
        ],
        ..MintRequest::default()
    };
    let m = mint(&p, &req, &hmac(CONNECT_SECRET), NOW).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(m.alg, Alg::HS256);
    assert_eq!(m.payload["sub"], "userexternal");
    let req = MintRequest {
        alg: Some(Alg::HS512),
        ..req
    };
    let m = mint(&p, &req, &hmac(CONNECT_SECRET), NOW).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(m.header["alg"], "HS512");
}

#[test]
fn coerce_reads_times_several_ways() {
    let spec = preset("generic").claim("exp").cloned();
    let c = |t: &str| coerce(spec.as_ref(), "exp", t, NOW).ok();
    assert_eq!(c("now"), Some(json!(NOW)));
    assert_eq!(c("+1h"), Some(json!(NOW + 3600)));
    assert_eq!(c("-5m"), Some(json!(NOW - 300)));
    assert_eq!(c("1795263444.603"), Some(json!(1_795_263_444.603)));
    assert_eq!(c("soon"), None);
}
