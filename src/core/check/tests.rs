//! Every rule, broken on purpose.

use serde_json::{Value, json};

use super::*;
use crate::core::decode::decode;
use crate::core::finding::Severity;
use crate::core::key::KeySet;
use crate::core::testing::*;

const NOW: i64 = 1_800_000_000;

fn run(preset_id: Option<&str>, header: Value, payload: Value) -> Vec<Finding> {
    let p = preset_id.map(preset);
    check(
        &token(&header, &payload),
        p.as_ref(),
        &CheckOptions {
            now: NOW,
            leeway: 0,
            keys: None,
        },
    )
}

fn has(findings: &[Finding], rule: &str, claim: Option<&str>, severity: Severity) -> bool {
    findings
        .iter()
        .any(|f| f.rule == rule && f.claim.as_deref() == claim && f.severity == severity)
}

fn assert_has(findings: &[Finding], rule: &str, claim: Option<&str>, severity: Severity) {
    assert!(
        has(findings, rule, claim, severity),
        "expected {severity} {rule} on {claim:?} in {findings:#?}"
    );
}

fn connect(payload: Value) -> Vec<Finding> {
    run(
        Some("amazon-connect"),
        json!({"typ": "JWT", "alg": "HS256"}),
        payload,
    )
}

fn good_connect() -> Value {
    json!({"sub": "w", "iat": NOW, "exp": NOW + 500, "attributes": {"a": "1"}})
}

#[test]
fn a_good_connect_token_has_no_findings() {
    assert_eq!(connect(good_connect()), []);
}

#[test]
fn connect_rules() {
    let mut p = good_connect();
    p.as_object_mut().map(|o| o.remove("sub"));
    assert_has(&connect(p), "required", Some("sub"), Severity::Error);
    let f = connect(json!({"sub": 5, "iat": NOW, "exp": NOW + 10}));
    assert_has(&f, "type", Some("sub"), Severity::Error);
    let f = connect(json!({"sub": "w", "iat": NOW, "exp": NOW + 601}));
    assert_has(&f, "max-lifetime", Some("exp"), Severity::Error);
    let f = connect(
        json!({"sub": "w", "iat": NOW, "exp": NOW + 10, "attributes": {"n": 42, "z": null}}),
    );
    assert_eq!(
        f.iter().filter(|x| x.rule == "string-values").count(),
        2,
        "{f:#?}"
    );
    let f = connect(
        json!({"sub": "w", "iat": NOW, "exp": NOW + 10, "attributes": {"has space": "x", "": "y"}}),
    );
    assert_eq!(
        f.iter().filter(|x| x.rule == "key-pattern").count(),
        2,
        "{f:#?}"
    );
    let big = "x".repeat(33_000);
    let f = connect(json!({"sub": "w", "iat": NOW, "exp": NOW + 10, "attributes": {"a": big}}));
    assert_has(&f, "total-bytes", Some("attributes"), Severity::Error);
    assert_has(&f, "max-token-bytes", None, Severity::Error);
    let f = connect(json!({"sub": "w", "iat": NOW, "exp": NOW + 10, "Attributes": {"a": "1"}}));
    assert_has(&f, "attributes-case", Some("Attributes"), Severity::Error);
    let f = run(
        Some("amazon-connect"),
        json!({"alg": "HS256", "typ": "JOSE"}),
        good_connect(),
    );
    assert_has(&f, "const", Some("typ"), Severity::Warning);
    let f = run(
        Some("amazon-connect"),
        json!({"alg": "HS512"}),
        good_connect(),
    );
    assert_has(&f, "alg-not-allowed", Some("alg"), Severity::Error);
}

fn omni(lwicontexts: Value) -> Vec<Finding> {
    run(
        Some("microsoft-omnichannel"),
        json!({"alg": "RS256", "typ": "JWT"}),
        json!({"sub": "aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb", "iss": "c", "iat": NOW, "exp": NOW + 60, "lwicontexts": lwicontexts}),
    )
}

#[test]
fn omnichannel_lwicontexts_rules() {
    assert_eq!(omni(json!("{\"a\":\"1\",\"b\":2,\"c\":true}")), []);
    assert_has(
        &omni(json!({"a": "1"})),
        "type",
        Some("lwicontexts"),
        Severity::Error,
    );
    assert_has(
        &omni(json!("not json")),
        "json-string",
        Some("lwicontexts"),
        Severity::Error,
    );
    assert_has(
        &omni(json!("[1]")),
        "json-string",
        Some("lwicontexts"),
        Severity::Error,
    );
    assert_has(
        &omni(json!("{\"a\":{\"b\":1}}")),
        "primitive-values",
        Some("lwicontexts"),
        Severity::Error,
    );
    let long_name = format!("{{\"{}\":\"v\"}}", "n".repeat(101));
    assert_has(
        &omni(json!(long_name)),
        "key-length",
        Some("lwicontexts"),
        Severity::Error,
    );
    let long_value = format!("{{\"n\":\"{}\"}}", "v".repeat(4001));
    assert_has(
        &omni(json!(long_value)),
        "value-length",
        Some("lwicontexts"),
        Severity::Error,
    );
    let f = run(
        Some("microsoft-omnichannel"),
        json!({"alg": "RS256"}),
        json!({"sub": "customer-1", "iss": "c", "iat": NOW, "exp": NOW + 60}),
    );
    assert_has(&f, "pattern", Some("sub"), Severity::Info);
}

fn tiledesk(payload: Value) -> Vec<Finding> {
    run(
        Some("tiledesk"),
        json!({"alg": "HS256", "typ": "JWT"}),
        payload,
    )
}

#[test]
fn tiledesk_rules_follow_the_server() {
    let good = json!({"aud": "https://tiledesk.com/projects/p1", "sub": "userexternal", "_id": "p1_u", "iat": NOW, "exp": NOW + 60});
    assert_eq!(tiledesk(good), []);
    let f = tiledesk(json!({"sub": "userexternal", "_id": "p1_u"}));
    assert_has(&f, "required", Some("aud"), Severity::Error);
    let f = tiledesk(json!({"aud": "https://example.com/p1", "sub": "user", "_id": "u"}));
    assert_has(&f, "pattern", Some("aud"), Severity::Error);
    assert_has(&f, "const", Some("sub"), Severity::Error);
    let f = tiledesk(
        json!({"aud": "https://tiledesk.com/projects/p1", "sub": "userexternal", "_id": "u", "role": "owner"}),
    );
    assert_has(&f, "dangerous-value", Some("role"), Severity::Warning);
    assert_has(&f, "id-prefix", Some("_id"), Severity::Info);
    assert!(f.iter().any(|x| x.message.contains("p1_")), "{f:#?}");
    // The widget docs' (Zendesk Chat) shape.
    let f = tiledesk(
        json!({"name": "n", "email": "e", "external_id": "x", "iat": NOW, "exp": NOW + 60}),
    );
    assert_has(
        &f,
        "widget-docs-shape",
        Some("external_id"),
        Severity::Error,
    );
    assert_has(&f, "required", Some("_id"), Severity::Error);
    let f = tiledesk(
        json!({"aud": "https://tiledesk.com/projects/p1", "sub": "userexternal", "_id": "p1_u", "iat": NOW, "exp": NOW + 3600}),
    );
    assert_has(&f, "max-lifetime", Some("exp"), Severity::Warning);
}

#[test]
fn zendesk_rules() {
    let f = run(
        Some("zendesk-chat"),
        json!({"alg": "HS256"}),
        json!({"name": "n", "email": "e", "external_id": "has-dash", "iat": NOW, "exp": 1_800_000_010.5}),
    );
    assert_has(&f, "pattern", Some("external_id"), Severity::Error);
    assert_has(&f, "integer-numericdate", Some("exp"), Severity::Error);
    let f = run(
        Some("zendesk-messaging"),
        json!({"alg": "HS256"}),
        json!({"scope": "admin", "external_id": "x"}),
    );
    assert_has(&f, "required", Some("kid"), Severity::Error);
    assert_has(&f, "const", Some("scope"), Severity::Error);
    assert_has(&f, "recommended", Some("exp"), Severity::Warning);
}

#[test]
fn time_rules() {
    let f = run(
        None,
        json!({"alg": "HS256"}),
        json!({"iat": NOW, "exp": NOW - 10}),
    );
    assert_has(&f, "exp-before-iat", Some("exp"), Severity::Error);
    assert_has(&f, "expired", Some("exp"), Severity::Error);
    let f = run(
        None,
        json!({"alg": "HS256"}),
        json!({"nbf": NOW + 100, "exp": NOW + 50}),
    );
    assert_has(&f, "nbf-after-exp", Some("nbf"), Severity::Error);
    assert_has(&f, "not-yet-valid", Some("nbf"), Severity::Error);
    let f = run(None, json!({"alg": "HS256"}), json!({"iat": NOW + 300}));
    assert_has(&f, "not-yet-valid", Some("iat"), Severity::Error);
    let f = run(
        None,
        json!({"alg": "HS256"}),
        json!({"iat": 1_795_263_444.603, "exp": "1900000000", "nbf": true}),
    );
    assert_has(&f, "fractional-numericdate", Some("iat"), Severity::Warning);
    assert_has(&f, "string-numericdate", Some("exp"), Severity::Warning);
    assert_has(&f, "numericdate-type", Some("nbf"), Severity::Error);
    let p = token(&json!({"alg": "HS256"}), &json!({"exp": NOW - 30}));
    let lenient = check(
        &p,
        None,
        &CheckOptions {
            now: NOW,
            leeway: 60,
            keys: None,
        },
    );
    assert!(
        !has(&lenient, "expired", Some("exp"), Severity::Error),
        "leeway covers 30 s"
    );
}

#[test]
fn header_rules() {
    assert_has(
        &run(None, json!({"alg": "none"}), json!({})),
        "alg-none",
        Some("alg"),
        Severity::Error,
    );
    assert_has(
        &run(None, json!({"typ": "JWT"}), json!({})),
        "alg-missing",
        Some("alg"),
        Severity::Error,
    );
    assert_has(
        &run(None, json!({"alg": "HS1"}), json!({})),
        "alg-unsupported",
        Some("alg"),
        Severity::Error,
    );
    let d = decode(&format!(
        "{}.e30.c2ln",
        crate::core::b64::encode(br#"{"alg":"HS256","alg":"none"}"#)
    ));
    let f = check(&d, None, &CheckOptions::default());
    assert_has(&f, "duplicate-key", Some("alg"), Severity::Warning);
    assert_has(&f, "alg-none", Some("alg"), Severity::Error);
}

#[test]
fn short_hmac_secret_is_a_key_finding() {
    let d = token(&json!({"alg": "HS384"}), &json!({}));
    let keys = KeySet::single(hmac("only-32-bytes-long-secret-000000"));
    let f = check(
        &d,
        None,
        &CheckOptions {
            now: NOW,
            leeway: 0,
            keys: Some(&keys),
        },
    );
    assert!(
        f.iter()
            .any(|x| x.rule == "short-secret" && x.part == Part::Key),
        "{f:#?}"
    );
    let ok = KeySet::single(hmac(&"s".repeat(48)));
    let f = check(
        &d,
        None,
        &CheckOptions {
            now: NOW,
            leeway: 0,
            keys: Some(&ok),
        },
    );
    assert!(!f.iter().any(|x| x.rule == "short-secret"));
}

#[test]
fn intercom_and_decode_problems_come_through() {
    let f = run(
        Some("intercom"),
        json!({"alg": "HS256"}),
        json!({"user_id": "u"}),
    );
    assert_has(&f, "recommended", Some("exp"), Severity::Warning);
    let d = decode("not-a-token");
    let f = check(&d, Some(&preset("intercom")), &CheckOptions::default());
    assert_eq!(f.first().map(|x| x.rule.as_str()), Some("decode.parts"));
}

#[test]
fn kustomer_counts_fifteen_minutes_from_iat_whatever_exp_says() {
    let kustomer = |payload: Value, leeway: i64| {
        check(
            &token(&json!({"typ": "JWT", "alg": "HS256"}), &payload),
            Some(&preset("kustomer")),
            &CheckOptions {
                now: NOW,
                leeway,
                keys: None,
            },
        )
    };
    let old = kustomer(json!({"externalId": "c", "iat": NOW - 901}), 0);
    assert_has(&old, "too-old", Some("iat"), Severity::Error);
    assert!(!has(
        &kustomer(json!({"externalId": "c", "iat": NOW - 899}), 0),
        "too-old",
        Some("iat"),
        Severity::Error
    ));
    // A later exp does not help; an earlier one that has passed says "expired" alone.
    let late_exp = kustomer(
        json!({"externalId": "c", "iat": NOW - 901, "exp": NOW + 600}),
        0,
    );
    assert_has(&late_exp, "too-old", Some("iat"), Severity::Error);
    let early_exp = kustomer(
        json!({"externalId": "c", "iat": NOW - 901, "exp": NOW - 300}),
        0,
    );
    assert_has(&early_exp, "expired", Some("exp"), Severity::Error);
    assert!(
        !early_exp.iter().any(|f| f.rule == "too-old"),
        "{early_exp:#?}"
    );
    // The clock-skew tolerance applies as it does to exp.
    let skewed = kustomer(json!({"externalId": "c", "iat": NOW - 901}), 60);
    assert!(!skewed.iter().any(|f| f.rule == "too-old"), "{skewed:#?}");
}
