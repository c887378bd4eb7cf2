//! Minting: a preset, the user's values and a key make a token.

use serde_json::{Map, Value};

use super::alg::Alg;
use super::jws;
use super::key::{Key, KeyError};
use super::preset::{FieldSpec, FieldType, Fill, Preset};
use super::time::{parse_duration, parse_rfc3339};

/// A JSON object in the order its keys were given.
pub type Object = Map<String, Value>;

/// A claim value as the user gave it.
#[derive(Clone, Debug, PartialEq)]
pub enum ClaimValue {
    /// Text from a command line or text box: typed by the preset's claim type.
    Text(String),
    /// Already a JSON value (from a typed form widget).
    Json(Value),
}

/// What the user asked for, beyond the preset's defaults.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MintRequest {
    /// Claims in the order given; later ones replace earlier ones.
    pub claims: Vec<(String, ClaimValue)>,
    /// String entries for the preset's attribute map.
    pub attributes: Vec<(String, String)>,
    /// Seconds from iat to exp (the preset's default when None).
    pub lifetime: Option<i64>,
    pub kid: Option<String>,
    /// The algorithm (must be one the preset accepts and the key fits).
    pub alg: Option<Alg>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Minted {
    pub token: String,
    pub header: Map<String, Value>,
    pub payload: Map<String, Value>,
    pub alg: Alg,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MintError {
    #[error("missing required claim \"{name}\"{}", label.as_ref().map(|l| format!(" ({l})")).unwrap_or_default())]
    MissingClaim { name: String, label: Option<String> },
    #[error("missing required header field \"{name}\"")]
    MissingHeader { name: String },
    #[error("claim \"{name}\": {reason}")]
    BadValue { name: String, reason: String },
    #[error(
        "the {preset} preset has no attribute map (attributes go into a claim such as Connect's \"attributes\")"
    )]
    NoAttributeMap { preset: String },
    #[error("{vendor} tokens use {allowed}, not {alg}")]
    AlgNotAllowed {
        vendor: String,
        allowed: String,
        alg: Alg,
    },
    #[error("{vendor} tokens use {allowed}, which needs {needed}; the key is {what}")]
    KeyDoesNotFit {
        vendor: String,
        allowed: String,
        needed: String,
        what: String,
    },
    #[error("the {preset} preset makes an identity hash, not a JWT")]
    NotJwt { preset: String },
    #[error(
        "{vendor} issues {preset} tokens itself ({how}): tokenbench reads them (inspect, verify) but can't mint one"
    )]
    Issued {
        preset: String,
        vendor: String,
        how: String,
    },
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("{vendor} takes the claims encrypted with its key: {reason}")]
    Seal { vendor: String, reason: String },
}

/// Reads `text` as the type the spec gives (or, for claims the preset doesn't know, as
/// JSON when it is a number, boolean, object or array, else as a string).
pub fn coerce(
    spec: Option<&FieldSpec>,
    name: &str,
    text: &str,
    now: i64,
) -> Result<Value, MintError> {
    let bad = |reason: String| MintError::BadValue {
        name: name.to_string(),
        reason,
    };
    let kind = spec.map_or(FieldType::Any, |s| s.kind);
    let json = || serde_json::from_str::<Value>(text.trim());
    match kind {
        FieldType::String => Ok(Value::String(text.to_string())),
        FieldType::Integer => text
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| bad(format!("\"{text}\" is not an integer"))),
        FieldType::Number => match json() {
            Ok(v @ Value::Number(_)) => Ok(v),
            _ => Err(bad(format!("\"{text}\" is not a number"))),
        },
        FieldType::Boolean => match text.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" | "on" => Ok(Value::Bool(true)),
            "false" | "no" | "0" | "off" => Ok(Value::Bool(false)),
            _ => Err(bad(format!("\"{text}\" is not true or false"))),
        },
        FieldType::Numericdate => numeric_date(text, now).ok_or_else(|| {
            bad(format!(
                "\"{text}\" is not a time (seconds since 1970, an RFC 3339 date, \"now\", or \"+10m\" / \"-5m\" from now)"
            ))
        }),
        FieldType::Object => match json() {
            Ok(v @ Value::Object(_)) => Ok(v),
            Ok(_) => Err(bad("must be a JSON object such as {\"key\":\"value\"}".into())),
            Err(e) => Err(bad(format!("not valid JSON ({e})"))),
        },
        FieldType::JsonString => match json() {
            Ok(v @ Value::Object(_)) => Ok(Value::String(v.to_string())),
            Ok(_) => Err(bad("must be a JSON object, which is stored as a string".into())),
            Err(e) => Err(bad(format!("not valid JSON ({e})"))),
        },
        FieldType::Array => match json() {
            Ok(v @ Value::Array(_)) => Ok(v),
            _ => Err(bad("must be a JSON array such as [\"a\",\"b\"]".into())),
        },
        FieldType::Any => Ok(match json() {
            Ok(v @ (Value::Number(_) | Value::Bool(_) | Value::Object(_) | Value::Array(_))) => v,
            _ => Value::String(text.to_string()),
        }),
    }
}

fn numeric_date(text: &str, now: i64) -> Option<Value> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("now") {
        return Some(Value::from(now));
    }
    // "+10m" / "-5m" are relative to now; "+600" too. "-600" is an absolute (odd) time.
    if let Some(sign @ ('+' | '-')) = t.chars().next() {
        let rest = &t[1..];
        if sign == '+' || rest.contains(|c: char| c.is_ascii_alphabetic()) {
            let d = parse_duration(rest).ok()?;
            return Some(Value::from(if sign == '+' { now + d } else { now - d }));
        }
    }
    if let Ok(i) = t.parse::<i64>() {
        return Some(Value::from(i));
    }
    if let Ok(f) = t.parse::<f64>()
        && f.is_finite()
    {
        return serde_json::Number::from_f64(f).map(Value::Number);
    }
    parse_rfc3339(t).map(Value::from)
}

/// Picks the algorithm: the one asked for, else the preset's first that the key fits.
pub fn choose_alg(preset: &Preset, key: &Key, wanted: Option<Alg>) -> Result<Alg, MintError> {
    if preset.is_hash() {
        return Err(MintError::NotJwt {
            preset: preset.id.clone(),
        });
    }
    if let Some(issued) = preset.issued.as_ref().filter(|_| preset.is_issued()) {
        return Err(MintError::Issued {
            preset: preset.id.clone(),
            vendor: preset.vendor.clone(),
            how: issued.how.trim_end_matches('.').to_string(),
        });
    }
    let accepted = preset.algorithms();
    let names = || {
        let list: Vec<&str> = accepted.iter().map(|a| a.name()).collect();
        list.join(" or ")
    };
    if let Some(alg) = wanted {
        if !accepted.is_empty() && !accepted.contains(&alg) {
            return Err(MintError::AlgNotAllowed {
                vendor: preset.vendor.clone(),
                allowed: names(),
                alg,
            });
        }
        key.check_alg(alg)?;
        return Ok(alg);
    }
    if accepted.is_empty() {
        return Ok(key.default_alg());
    }
    accepted
        .iter()
        .copied()
        .find(|a| key.fits(*a))
        .ok_or_else(|| MintError::KeyDoesNotFit {
            vendor: preset.vendor.clone(),
            allowed: names(),
            needed: match accepted.first().map(|a| a.family()) {
                Some(super::alg::Family::Hmac) => "an HMAC secret".to_string(),
                Some(f) => format!("an {f}"),
                None => "a key".to_string(),
            },
            what: key.describe(),
        })
}

/// Builds the header (without signing) and the payload, in the preset's order.
pub fn build(
    preset: &Preset,
    req: &MintRequest,
    alg: Alg,
    now: i64,
) -> Result<(Object, Object), MintError> {
    // Later values for the same claim replace earlier ones.
    let mut given: Vec<(&str, Option<Value>)> = Vec::with_capacity(req.claims.len());
    for (name, value) in &req.claims {
        let v = match value {
            ClaimValue::Json(v) => v.clone(),
            ClaimValue::Text(t) => coerce(preset.claim(name), name, t, now)?,
        };
        match given.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = Some(v),
            None => given.push((name, Some(v))),
        }
    }
    let attr_claim = preset.attribute_claim();
    if !req.attributes.is_empty() && attr_claim.is_none() {
        return Err(MintError::NoAttributeMap {
            preset: preset.id.clone(),
        });
    }
    let header = build_header(preset, req, alg)?;
    let lifetime = req.lifetime.unwrap_or_else(|| preset.default_lifetime());
    let given_iat = given
        .iter()
        .find(|(n, _)| *n == "iat")
        .and_then(|(_, v)| v.as_ref());
    let exp = expiry(given_iat, lifetime, now);

    let mut payload = Map::with_capacity(preset.claims.len() + given.len());
    for spec in &preset.claims {
        let mut value = given
            .iter_mut()
            .find(|(n, _)| *n == spec.name)
            .and_then(|(_, v)| v.take())
            .or_else(|| match spec.fill {
                Fill::Clock => Some(Value::from(now)),
                Fill::Lifetime => Some(exp.clone()),
                Fill::Constant => spec.constant.clone(),
                Fill::Unique => Some(Value::from(unique_id())),
                _ => spec.default.clone(),
            });
        if spec.attributes && !req.attributes.is_empty() {
            value = Some(merge_attributes(spec, value, &req.attributes)?);
        }
        match value {
            Some(v) => {
                payload.insert(spec.name.clone(), v);
            }
            None if spec.required => {
                return Err(MintError::MissingClaim {
                    name: spec.name.clone(),
                    label: spec.label.clone(),
                });
            }
            None => {}
        }
    }
    for (name, value) in given {
        if let Some(v) = value {
            payload.insert(name.to_string(), v);
        }
    }
    Ok((header, payload))
}

fn build_header(preset: &Preset, req: &MintRequest, alg: Alg) -> Result<Object, MintError> {
    let mut header = Map::with_capacity(preset.header.len() + 2);
    let (mut has_alg, mut has_kid) = (false, false);
    for spec in &preset.header {
        let value = match spec.fill {
            Fill::Algorithm => {
                has_alg = true;
                Some(Value::from(alg.name()))
            }
            Fill::Kid => {
                has_kid = true;
                req.kid
                    .clone()
                    .map(Value::from)
                    .or_else(|| spec.default.clone())
            }
            Fill::Constant => spec.constant.clone(),
            _ => spec.default.clone(),
        };
        match value {
            Some(v) => {
                header.insert(spec.name.clone(), v);
            }
            None if spec.required => {
                return Err(MintError::MissingHeader {
                    name: spec.name.clone(),
                });
            }
            None => {}
        }
    }
    if !has_alg {
        header.insert("alg".into(), Value::from(alg.name()));
    }
    if let (false, Some(kid)) = (has_kid, &req.kid) {
        header.insert("kid".into(), Value::from(kid.clone()));
    }
    Ok(header)
}

/// 128 random bits as 32 hex digits, for a `jti` no vendor has seen before.
fn unique_id() -> String {
    let mut bytes = [0u8; 16];
    // The system's random source failing is not something a user can cause or mend; a
    // jti of zeros is still a valid string, and the next mint tries again.
    if aws_lc_rs::rand::fill(&mut bytes).is_err() {
        bytes = [0; 16];
    }
    hex::encode(bytes)
}

/// iat (the one given, or now) + lifetime; fractional when iat is.
fn expiry(iat: Option<&Value>, lifetime: i64, now: i64) -> Value {
    match iat {
        Some(Value::Number(n)) if n.is_i64() => {
            Value::from(n.as_i64().unwrap_or(now).saturating_add(lifetime))
        }
        #[allow(clippy::cast_precision_loss)]
        Some(Value::Number(n)) => n
            .as_f64()
            .and_then(|f| serde_json::Number::from_f64(f + lifetime as f64))
            .map_or(Value::from(now.saturating_add(lifetime)), Value::Number),
        _ => Value::from(now.saturating_add(lifetime)),
    }
}

/// The attribute map with `--attr` entries added (as an object, or re-serialized for a
/// json_string claim such as Omnichannel's lwicontexts).
fn merge_attributes(
    spec: &FieldSpec,
    current: Option<Value>,
    attributes: &[(String, String)],
) -> Result<Value, MintError> {
    let bad = |reason: &str| MintError::BadValue {
        name: spec.name.clone(),
        reason: reason.to_string(),
    };
    let mut map = match current {
        None | Some(Value::Null) => Map::with_capacity(attributes.len()),
        Some(Value::Object(m)) => m,
        Some(Value::String(s)) if spec.kind == FieldType::JsonString => {
            match serde_json::from_str::<Value>(&s) {
                Ok(Value::Object(m)) => m,
                _ => {
                    return Err(bad(
                        "holds text that is not a JSON object, so --attr can't add to it",
                    ));
                }
            }
        }
        Some(_) => return Err(bad("is not an object, so --attr can't add to it")),
    };
    for (k, v) in attributes {
        map.insert(k.clone(), Value::String(v.clone()));
    }
    Ok(match spec.kind {
        FieldType::JsonString => Value::String(Value::Object(map).to_string()),
        _ => Value::Object(map),
    })
}

/// Builds and signs a token.
pub fn mint(preset: &Preset, req: &MintRequest, key: &Key, now: i64) -> Result<Minted, MintError> {
    if preset.sealed_claims().is_some() {
        let (_, payload) = build(preset, req, Alg::HS256, now)?;
        return seal_claims(preset, payload, key);
    }
    let alg = choose_alg(preset, key, req.alg)?;
    let (header, payload) = build(preset, req, alg, now)?;
    let token = jws::sign(&header, &payload, key, alg)?;
    Ok(Minted {
        token,
        header,
        payload,
        alg,
    })
}

/// The claims themselves sealed with the preset's own key, nothing signed (Chaskiq's
/// `dir` + `A128GCM` with the app's 16-character key). `header` is the JWE's.
pub fn seal_claims(preset: &Preset, payload: Object, key: &Key) -> Result<Minted, MintError> {
    let seal_error = |reason: String| MintError::Seal {
        vendor: preset.vendor.clone(),
        reason,
    };
    let rules = preset
        .sealed_claims()
        .ok_or_else(|| seal_error("the preset doesn't say how".into()))?;
    let (alg, enc) = crate::core::jwe::choose(key, Some(rules.alg), Some(rules.enc));
    let token = crate::core::jwe::seal_claims(&payload, key, alg, enc)
        .map_err(|e| seal_error(e.to_string()))?;
    let header = crate::core::jwe::Jwe::parse(&token)
        .map(|j| j.header)
        .map_err(|e| seal_error(e.to_string()))?;
    Ok(Minted {
        token,
        header,
        payload,
        alg: Alg::HS256,
    })
}

mod checked;
pub use checked::{Checked, RawError, RawPart, mint_checked, parse_raw, sign_raw};

#[cfg(test)]
mod tests;
