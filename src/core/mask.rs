//! Demo mode's masking: which claim values are personal data, and the same token, payload or
//! claim map with those values hidden. Everything a presenter's screen shows goes through here
//! (the form, the decoded token, the server log, the snippets), so one rule decides.

use serde_json::{Map, Value};

use super::preset::{FieldType, Preset};

/// What a masked value shows.
pub const MASK: &str = "•••••";

/// Attribute names that hold personal data in any vendor's map (compared without case and
/// without `_`/`-`/spaces, as parts of the name: "customerEmail", "first_name", "Phone").
/// The server's demo page applies the same words.
pub const PERSONAL_WORDS: &[&str] = &[
    "email", "mail", "name", "phone", "mobile", "tel", "address", "street", "city", "zip",
    "postcode", "postal", "birth", "dob", "ssn", "passport", "iban", "card", "account",
];

/// Claims of every vendor that name a person, whatever the preset says.
const PERSONAL_CLAIMS: &[&str] = &[
    "email",
    "name",
    "given_name",
    "family_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "phone_number",
    "address",
    "birthdate",
    "firstname",
    "lastname",
    "fullname",
    "displayname",
];

/// Every claim name that is masked whole: the preset's personal claims and the standard ones.
pub fn personal_claims(preset: Option<&Preset>) -> Vec<&str> {
    let marked = preset.into_iter().flat_map(|p| {
        p.claims
            .iter()
            .filter(|c| c.personal)
            .map(|c| c.name.as_str())
    });
    marked.chain(PERSONAL_CLAIMS.iter().copied()).collect()
}

/// Whether the claim `name` holds personal data: the preset marks it `personal`, or it is
/// one of the standard claims that name a person.
pub fn is_personal_claim(preset: Option<&Preset>, name: &str) -> bool {
    if preset
        .and_then(|p| p.claim(name))
        .is_some_and(|c| c.personal)
    {
        return true;
    }
    let folded = fold(name);
    PERSONAL_CLAIMS.iter().any(|c| fold(c) == folded)
}

/// Whether an attribute map's entry `key` looks like personal data ("email", "customerName",
/// "phone_number").
pub fn is_personal_key(key: &str) -> bool {
    let folded = fold(key);
    PERSONAL_WORDS.iter().any(|w| folded.contains(w))
}

/// The payload with personal values replaced by [`MASK`]: personal claims whole, and the
/// personal entries of the preset's attribute map (an object, or a JSON string holding one).
pub fn mask_payload(preset: Option<&Preset>, payload: &Map<String, Value>) -> Map<String, Value> {
    let attributes = preset
        .and_then(Preset::attribute_claim)
        .map(|c| (c.name.as_str(), c.kind));
    payload
        .iter()
        .map(|(name, value)| {
            let masked = if is_personal_claim(preset, name) {
                Value::from(MASK)
            } else if attributes.is_some_and(|(n, _)| n == name) {
                mask_attributes(
                    value,
                    attributes.is_some_and(|(_, k)| k == FieldType::JsonString),
                )
            } else {
                value.clone()
            };
            (name.clone(), masked)
        })
        .collect()
}

fn mask_attributes(value: &Value, json_string: bool) -> Value {
    match value {
        Value::Object(map) => Value::Object(mask_entries(map)),
        Value::String(text) if json_string => {
            match serde_json::from_str::<Map<String, Value>>(text) {
                Ok(map) => Value::String(Value::Object(mask_entries(&map)).to_string()),
                // Not an object: it can't be told apart, so none of it shows.
                Err(_) => Value::from(MASK),
            }
        }
        other => other.clone(),
    }
}

fn mask_entries(map: &Map<String, Value>) -> Map<String, Value> {
    map.iter()
        .map(|(k, v)| {
            let v = if is_personal_key(k) {
                Value::from(MASK)
            } else {
                v.clone()
            };
            (k.clone(), v)
        })
        .collect()
}

/// The personal values in a payload as text (what [`mask_payload`] hides), longest first: a
/// message quoting one ("email should be an email address; it is \"ada@…\"") must not show it.
pub fn personal_values(preset: Option<&Preset>, payload: &Map<String, Value>) -> Vec<String> {
    fn strings(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) => out.push(s.clone()),
            Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
            Value::Object(m) => m.values().for_each(|v| strings(v, out)),
            other => out.push(other.to_string()),
        }
    }
    let attributes = preset
        .and_then(Preset::attribute_claim)
        .map(|c| c.name.as_str());
    let mut out = Vec::new();
    for (name, value) in payload {
        if is_personal_claim(preset, name) {
            strings(value, &mut out);
        } else if attributes == Some(name.as_str()) {
            let map = match value {
                Value::Object(m) => Some(m.clone()),
                Value::String(s) => serde_json::from_str::<Map<String, Value>>(s).ok(),
                _ => None,
            };
            for (k, v) in map.iter().flatten() {
                if is_personal_key(k) {
                    strings(v, &mut out);
                }
            }
        }
    }
    out.retain(|s| !s.is_empty());
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

/// `text` with every one of `values` replaced by [`MASK`].
pub fn mask_text(text: &str, values: &[String]) -> String {
    values
        .iter()
        .fold(text.to_string(), |t, v| t.replace(v.as_str(), MASK))
}

/// A compact token as a screen in demo mode shows it: the header in full, the payload and
/// signature cut to their first characters (what's left can be neither decoded nor replayed).
/// A value that is not a token (an identity hash: it never expires and logs the visitor in)
/// is masked whole, like a secret.
pub fn mask_token(token: &str) -> String {
    const KEEP: usize = 12;
    let mut parts = token.split('.');
    let header = parts.next().unwrap_or_default();
    let rest: Vec<String> = parts
        .map(|p| match p.char_indices().nth(KEEP) {
            Some((i, _)) => format!("{}{MASK}", &p[..i]),
            None => p.to_string(),
        })
        .collect();
    if rest.is_empty() {
        return MASK.to_string();
    }
    format!("{header}.{}", rest.join("."))
}

fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' ' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use serde_json::json;

    use super::*;
    use crate::core::preset::Presets;

    fn object(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn connect_attributes_lose_their_personal_entries_only() {
        let presets = Presets::builtin();
        let connect = presets.get("amazon-connect");
        let payload = object(json!({
            "sub": "widget-1",
            "iat": 1,
            "exp": 2,
            "attributes": {"customerName": "Ada", "email": "ada@example.com", "plan": "gold"}
        }));
        let masked = mask_payload(connect, &payload);
        assert_eq!(masked["sub"], "widget-1");
        assert_eq!(masked["exp"], 2);
        assert_eq!(
            masked["attributes"],
            json!({"customerName": MASK, "email": MASK, "plan": "gold"})
        );
        // Order kept: the masked payload reads like the real one.
        assert_eq!(
            masked.keys().collect::<Vec<_>>(),
            payload.keys().collect::<Vec<_>>()
        );
    }

    #[test]
    fn claims_the_preset_marks_personal_are_masked() {
        let presets = Presets::builtin();
        let tiledesk = presets.get("tiledesk");
        let payload = object(json!({"firstname": "Ada", "email": "a@b.c", "sub": "u-1"}));
        let masked = mask_payload(tiledesk, &payload);
        assert_eq!(masked["firstname"], MASK);
        assert_eq!(masked["email"], MASK);
        assert_eq!(masked["sub"], "u-1");
    }

    #[test]
    fn omnichannel_context_string_is_masked_inside() {
        let presets = Presets::builtin();
        let omni = presets.get("microsoft-omnichannel");
        let Some(claim) = omni.and_then(Preset::attribute_claim) else {
            panic!("omnichannel has an attribute claim");
        };
        let payload = object(json!({
            "sub": "c-1",
            claim.name.clone(): "{\"Email\":\"ada@example.com\",\"Tier\":\"gold\"}"
        }));
        let masked = mask_payload(omni, &payload);
        let inner: Value = serde_json::from_str(masked[&claim.name].as_str().unwrap()).unwrap();
        assert_eq!(inner, json!({"Email": MASK, "Tier": "gold"}));
    }

    #[test]
    fn without_a_preset_standard_personal_claims_are_still_masked() {
        let masked = mask_payload(
            None,
            &object(json!({"name": "Ada", "given_name": "A", "aud": "x"})),
        );
        assert_eq!(masked["name"], MASK);
        assert_eq!(masked["given_name"], MASK);
        assert_eq!(masked["aud"], "x");
    }

    #[test]
    fn tokens_keep_their_header_and_lose_the_rest() {
        // RFC 7519 section 3.1's example.
        let token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let masked = mask_token(token);
        assert_eq!(
            masked,
            format!(
                "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJq{MASK}.dBjftJeZ4CVP{MASK}"
            )
        );
        // An identity hash is masked whole, like a secret.
        assert_eq!(
            mask_token("aa747c502a898200f9e4fa21bac68136f886a0e27aec70ba06daf2e2a5cb5597"),
            MASK
        );
    }

    #[test]
    fn messages_quoting_a_personal_value_lose_it() {
        let presets = Presets::builtin();
        let tiledesk = presets.get("tiledesk");
        let payload = object(json!({"email": "not-an-email", "firstname": "Ada", "sub": "u"}));
        let values = personal_values(tiledesk, &payload);
        assert_eq!(values, vec!["not-an-email".to_string(), "Ada".to_string()]);
        assert_eq!(
            mask_text(
                "email should be an email address; it is \"not-an-email\".",
                &values
            ),
            format!("email should be an email address; it is \"{MASK}\".")
        );
        assert_eq!(mask_text("sub is fine", &values), "sub is fine");
    }

    #[test]
    fn personal_keys_are_found_in_any_spelling() {
        for key in [
            "email",
            "E-Mail",
            "customer_name",
            "PhoneNumber",
            "mobile",
            "DOB",
        ] {
            assert!(is_personal_key(key), "{key}");
        }
        for key in ["plan", "tier", "widgetId", "locale", "orderId"] {
            assert!(!is_personal_key(key), "{key}");
        }
    }
}
