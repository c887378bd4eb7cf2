use serde_json::{Value, json};

use super::*;
use crate::core::finding::Part;

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn diff(a: Value, b: Value) -> Vec<(String, ChangeKind, Value, Value)> {
    let (a, b) = (obj(a), obj(b));
    diff_objects(DiffPart::Payload, Some(&a), Some(&b))
        .into_iter()
        .map(|c| {
            (
                c.path,
                c.kind,
                c.a.unwrap_or(Value::Null),
                c.b.unwrap_or(Value::Null),
            )
        })
        .collect()
}

#[test]
fn equal_objects_in_another_order_have_no_changes() {
    assert!(
        diff(
            json!({"a": 1, "b": {"c": [1, 2]}}),
            json!({"b": {"c": [1, 2]}, "a": 1})
        )
        .is_empty()
    );
}

#[test]
fn added_removed_changed_and_type_changed_by_pointer() {
    let changes = diff(
        json!({"sub": "u-1", "attributes": {"customerId": 123, "tier": "gold"}, "old": true}),
        json!({"sub": "u-2", "attributes": {"customerId": "123", "tier": "gold", "lang": "en"}}),
    );
    assert_eq!(
        changes,
        vec![
            (
                "/sub".into(),
                ChangeKind::Changed,
                json!("u-1"),
                json!("u-2")
            ),
            (
                "/attributes/customerId".into(),
                ChangeKind::TypeChanged,
                json!(123),
                json!("123")
            ),
            (
                "/attributes/lang".into(),
                ChangeKind::Added,
                Value::Null,
                json!("en")
            ),
            ("/old".into(), ChangeKind::Removed, json!(true), Value::Null),
        ]
    );
}

#[test]
fn pointers_escape_tilde_and_slash() {
    let changes = diff(json!({"a/b": 1, "m~n": 1}), json!({"a/b": 2, "m~n": 2}));
    let paths: Vec<_> = changes.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(paths, ["/a~1b", "/m~0n"]);
}

#[test]
fn arrays_compare_by_index() {
    let changes = diff(json!({"r": ["a", "b", "c"]}), json!({"r": ["a", "x"]}));
    assert_eq!(
        changes,
        vec![
            ("/r/1".into(), ChangeKind::Changed, json!("b"), json!("x")),
            ("/r/2".into(), ChangeKind::Removed, json!("c"), Value::Null),
        ]
    );
}

#[test]
fn json_inside_a_string_is_compared_inside() {
    // Omnichannel's lwicontexts is a JSON object serialized into a string.
    let a = json!({"lwicontexts": "{\"msdyn_cartitems\":\"3\",\"Email\":\"a@x.io\"}"});
    let b = json!({"lwicontexts": "{\"msdyn_cartitems\":3,\"Email\":\"a@x.io\"}"});
    assert_eq!(
        diff(a, b),
        vec![(
            "/lwicontexts/msdyn_cartitems".into(),
            ChangeKind::TypeChanged,
            json!("3"),
            json!(3)
        )]
    );
    // The same JSON written with other spacing is another string: changed, as a whole.
    let a = json!({"lwicontexts": "{\"k\": \"v\"}"});
    let b = json!({"lwicontexts": "{\"k\":\"v\"}"});
    assert_eq!(diff(a, b)[0].1, ChangeKind::Changed);
    // A JSON string that became an object is a type change.
    let a = json!({"lwicontexts": "{\"k\":\"v\"}"});
    let b = json!({"lwicontexts": {"k": "v"}});
    assert_eq!(diff(a, b)[0].1, ChangeKind::TypeChanged);
}

#[test]
fn integer_and_float_are_both_numbers() {
    let changes = diff(
        json!({"exp": 1_700_000_000}),
        json!({"exp": 1_700_000_000.5}),
    );
    assert_eq!(changes[0].1, ChangeKind::Changed);
}

#[test]
fn a_missing_part_compares_as_empty() {
    let b = obj(json!({"alg": "HS256"}));
    let changes = diff_objects(DiffPart::Header, None, Some(&b));
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].kind, ChangeKind::Added);
    assert_eq!(changes[0].top(), "alg");
}

#[test]
fn lifetimes() {
    assert_eq!(
        lifetime(Some(&obj(json!({"iat": 100, "exp": 700})))),
        Some(600)
    );
    assert_eq!(lifetime(Some(&obj(json!({"exp": 700})))), None);
    assert_eq!(lifetime(Some(&obj(json!({"iat": "x", "exp": 700})))), None);
    assert_eq!(lifetime(None), None);
}

#[test]
fn findings_only_in_one_token() {
    let long = Finding::error(Part::Payload, "max-lifetime", "lifetime 2h is over 1h").claim("exp");
    let other = Finding::warning(Part::Header, "kid-missing", "no kid");
    let a = vec![other.clone()];
    let b = vec![other, long];
    assert!(findings_only(&a, &b).is_empty());
    let only_b = findings_only(&b, &a);
    assert_eq!(only_b.len(), 1);
    assert_eq!(only_b[0].rule, "max-lifetime");
}
