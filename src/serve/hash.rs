//! `/token` for an identity-hash preset: the hash for the form's fields, or for the fields
//! the page names (`/token?identifier=u-2`, or a POSTed JSON object), with those fields.

use serde_json::{Value, json};

use super::Setup;
use super::routes::{JSON, Request, Response, TEXT, broken_rules};
use crate::core::hash::mint_hash;
use crate::core::json::kind_of;
use crate::core::mint::ClaimValue;

pub(super) fn identity_hash(setup: &Setup, req: &Request<'_>, now: i64, as_text: bool) -> Response {
    let preset = &setup.preset;
    let mut request = setup.request.clone();
    let known = |name: &str| preset.claim(name).is_some();
    if let Some(q) = req.query {
        for (k, v) in form_urlencoded::parse(q.as_bytes()) {
            if known(&k) {
                request
                    .claims
                    .push((k.into_owned(), ClaimValue::Text(v.into_owned())));
            }
        }
    }
    if req.method == "POST" {
        match body_fields(preset, req.body) {
            Ok(fields) => request.claims.extend(fields),
            Err(message) => return Response::error(400, message),
        }
    }
    let hashed = match mint_hash(preset, &request, setup.signing_key(), now) {
        Ok(h) => h,
        Err(e) => return Response::error(400, e.to_string()),
    };
    let findings = crate::core::check::check_values(preset, &hashed.fields);
    if let Some(refused) = broken_rules(setup, &findings) {
        return refused;
    }
    let body = if as_text {
        hashed.value.clone()
    } else {
        json!({ "data": hashed.value, "fields": hashed.fields }).to_string()
    };
    let mut response = Response::ok(if as_text { TEXT } else { JSON }, body);
    response.claims = Some(hashed.fields);
    response
}

/// A POSTed JSON object's fields, each one the preset hashes or passes on.
fn body_fields(
    preset: &crate::core::preset::Preset,
    body: &[u8],
) -> Result<Vec<(String, ClaimValue)>, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Vec::new());
    }
    let names = || {
        preset
            .claims
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
        return Err(format!(
            "the body must be a JSON object of the {} fields ({})",
            preset.vendor,
            names()
        ));
    };
    map.into_iter()
        .map(|(k, v)| {
            if preset.claim(&k).is_none() {
                return Err(format!(
                    "\"{k}\" is not one of the {} preset's fields ({})",
                    preset.id,
                    names()
                ));
            }
            match v {
                Value::String(s) => Ok((k, ClaimValue::Text(s))),
                Value::Number(_) | Value::Bool(_) => Ok((k, ClaimValue::Json(v))),
                other => Err(format!("\"{k}\" must be a string, not {}", kind_of(&other))),
            }
        })
        .collect()
}
