//! The claim form's values, per preset, and how they become a mint request. Pure: no egui.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::core::alg::Alg;
use crate::core::mint::{ClaimValue, MintRequest, coerce};
use crate::core::preset::{FieldSpec, FieldType, Fill, Preset, ValueKind};

/// The widget a claim gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text, read as the claim's type.
    Text,
    /// A time filled by the clock or the lifetime unless the user types one.
    AutoTime,
    /// Any other time: now, +10m, an RFC 3339 date or seconds.
    Time,
    Bool,
    /// One of the preset's `enum` values.
    Choice,
    /// A key/value table (Connect `attributes`).
    Rows,
    /// A JSON editor (objects, arrays, serialized-JSON strings such as `lwicontexts`).
    Json,
    /// A fixed value (`sub: userexternal`).
    Fixed,
}

pub fn kind_of(spec: &FieldSpec) -> FieldKind {
    if spec.fill == Fill::Constant {
        return FieldKind::Fixed;
    }
    if !spec.one_of.is_empty() {
        return FieldKind::Choice;
    }
    match spec.kind {
        FieldType::Numericdate if matches!(spec.fill, Fill::Clock | Fill::Lifetime) => {
            FieldKind::AutoTime
        }
        FieldType::Numericdate => FieldKind::Time,
        FieldType::Boolean => FieldKind::Bool,
        FieldType::Object
            if spec.attributes
                || spec
                    .entries
                    .as_ref()
                    .is_some_and(|e| e.values == ValueKind::String) =>
        {
            FieldKind::Rows
        }
        FieldType::Object | FieldType::JsonString | FieldType::Array => FieldKind::Json,
        _ => FieldKind::Text,
    }
}

/// One claim's value as typed.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    /// Text; empty means "not set" (the preset's default or fill applies).
    Text(String),
    Bool(Option<bool>),
    /// Key/value rows; rows with an empty name are ignored.
    Rows(Vec<(String, String)>),
}

/// A claim the preset doesn't know, added by the user.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExtraClaim {
    pub name: String,
    pub value: String,
}

/// Everything the user typed for one preset.
#[derive(Clone, Debug, PartialEq)]
pub struct FormValues {
    pub fields: Vec<(String, FieldValue)>,
    pub extra: Vec<ExtraClaim>,
    pub kid: String,
    /// None: the preset's first algorithm that fits the key.
    pub alg: Option<Alg>,
    /// Seconds from iat to exp.
    pub lifetime: i64,
    /// The page's values that are not claims (the preset's snippet settings).
    pub settings: BTreeMap<String, String>,
}

impl FormValues {
    /// Empty values for `preset`, with its defaults shown.
    pub fn for_preset(preset: &Preset) -> FormValues {
        let fields = preset
            .claims
            .iter()
            .map(|spec| {
                let value = match kind_of(spec) {
                    FieldKind::Bool => {
                        FieldValue::Bool(spec.default.as_ref().and_then(Value::as_bool))
                    }
                    FieldKind::Rows => FieldValue::Rows(
                        spec.default
                            .as_ref()
                            .and_then(Value::as_object)
                            .map(|m| m.iter().map(|(k, v)| (k.clone(), text_of(v))).collect())
                            .unwrap_or_default(),
                    ),
                    FieldKind::Fixed => {
                        FieldValue::Text(spec.constant.as_ref().map(text_of).unwrap_or_default())
                    }
                    _ => FieldValue::Text(spec.default.as_ref().map(text_of).unwrap_or_default()),
                };
                (spec.name.clone(), value)
            })
            .collect();
        FormValues {
            fields,
            extra: Vec::new(),
            kid: preset
                .header_field("kid")
                .and_then(|k| k.default.as_ref())
                .map(text_of)
                .unwrap_or_default(),
            alg: None,
            lifetime: preset.default_lifetime(),
            settings: BTreeMap::new(),
        }
    }

    pub fn get(&self, name: &str) -> Option<&FieldValue> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut FieldValue> {
        self.fields
            .iter_mut()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }

    /// The mint request these values make.
    pub fn to_request(&self, preset: &Preset) -> MintRequest {
        let mut req = MintRequest {
            lifetime: Some(self.lifetime),
            alg: self.alg,
            kid: (!self.kid.trim().is_empty()).then(|| self.kid.trim().to_string()),
            ..MintRequest::default()
        };
        for spec in &preset.claims {
            let Some(value) = self.get(&spec.name) else {
                continue;
            };
            match value {
                FieldValue::Text(t)
                    if !t.trim().is_empty() && kind_of(spec) != FieldKind::Fixed =>
                {
                    req.claims
                        .push((spec.name.clone(), ClaimValue::Text(t.clone())));
                }
                FieldValue::Bool(Some(b)) => {
                    req.claims
                        .push((spec.name.clone(), ClaimValue::Json(Value::Bool(*b))));
                }
                FieldValue::Rows(rows) => {
                    let rows = rows.iter().filter(|(k, _)| !k.trim().is_empty());
                    if spec.attributes {
                        req.attributes
                            .extend(rows.map(|(k, v)| (k.trim().to_string(), v.clone())));
                    } else {
                        let map: Map<String, Value> = rows
                            .map(|(k, v)| (k.trim().to_string(), Value::String(v.clone())))
                            .collect();
                        if !map.is_empty() {
                            req.claims
                                .push((spec.name.clone(), ClaimValue::Json(Value::Object(map))));
                        }
                    }
                }
                _ => {}
            }
        }
        for extra in self.extra.iter().filter(|e| !e.name.trim().is_empty()) {
            req.claims.push((
                extra.name.trim().to_string(),
                ClaimValue::Text(extra.value.clone()),
            ));
        }
        req
    }

    /// Each field that can't be read as its type, with the reason ("is not true or false").
    pub fn errors(&self, preset: &Preset, now: i64) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for spec in &preset.claims {
            if let Some(FieldValue::Text(t)) = self.get(&spec.name)
                && !t.trim().is_empty()
                && kind_of(spec) != FieldKind::Fixed
                && let Err(e) = coerce(Some(spec), &spec.name, t, now)
            {
                out.push((spec.name.clone(), reason(&e)));
            }
        }
        let mut seen: Vec<&str> = preset.claims.iter().map(|c| c.name.as_str()).collect();
        for extra in &self.extra {
            let name = extra.name.trim();
            if name.is_empty() {
                continue;
            }
            if seen.contains(&name) {
                out.push((
                    format!("+{name}"),
                    format!("\"{name}\" is already a claim above"),
                ));
            }
            seen.push(name);
        }
        out
    }

    /// Values read back from a token's payload and header (raw JSON > form). Time claims
    /// equal to `auto` (the last minted token's) stay automatic.
    pub fn from_json(
        preset: &Preset,
        header: &Map<String, Value>,
        payload: &Map<String, Value>,
        auto: Option<&Map<String, Value>>,
        lifetime: i64,
    ) -> FormValues {
        let mut form = FormValues::for_preset(preset);
        form.lifetime = lifetime;
        for spec in &preset.claims {
            let value = payload.get(&spec.name);
            let same_as_auto = auto.and_then(|a| a.get(&spec.name)) == value;
            let Some(slot) = form.get_mut(&spec.name) else {
                continue;
            };
            *slot = match (kind_of(spec), value) {
                (FieldKind::AutoTime, _) if same_as_auto => FieldValue::Text(String::new()),
                (FieldKind::Fixed, _) => continue,
                (FieldKind::Bool, Some(Value::Bool(b))) => FieldValue::Bool(Some(*b)),
                (FieldKind::Bool, _) => FieldValue::Bool(None),
                (FieldKind::Rows, Some(Value::Object(m))) => {
                    FieldValue::Rows(m.iter().map(|(k, v)| (k.clone(), text_of(v))).collect())
                }
                (FieldKind::Rows, _) => FieldValue::Rows(Vec::new()),
                (FieldKind::Json, Some(v @ (Value::Object(_) | Value::Array(_)))) => {
                    FieldValue::Text(serde_json::to_string_pretty(v).unwrap_or_default())
                }
                (FieldKind::Json, Some(Value::String(s))) => FieldValue::Text(
                    serde_json::from_str::<Value>(s)
                        .ok()
                        .and_then(|v| serde_json::to_string_pretty(&v).ok())
                        .unwrap_or_else(|| s.clone()),
                ),
                (_, Some(v)) => FieldValue::Text(text_of(v)),
                (_, None) => FieldValue::Text(String::new()),
            };
        }
        for (name, value) in payload {
            if preset.claim(name).is_none() {
                form.extra.push(ExtraClaim {
                    name: name.clone(),
                    value: text_of(value),
                });
            }
        }
        form.kid = header.get("kid").map(text_of).unwrap_or_default();
        // The vendor's usual algorithm stays "automatic"; any other is pinned.
        form.alg = header
            .get("alg")
            .and_then(Value::as_str)
            .and_then(Alg::from_jose)
            .filter(|a| preset.algorithms().is_empty() || preset.algorithms().contains(a))
            .filter(|a| preset.algorithms().first() != Some(a));
        form
    }
}

impl FormValues {
    /// The form for `profile`'s saved values.
    pub fn from_profile(preset: &Preset, profile: &crate::store::profiles::Profile) -> FormValues {
        let mut form = FormValues::for_preset(preset);
        for (name, value) in &profile.claims {
            let text = text_of(value);
            match (preset.claim(name).map(kind_of), form.get_mut(name)) {
                (Some(FieldKind::Fixed), _) => {}
                (Some(FieldKind::Bool), Some(slot)) => *slot = FieldValue::Bool(text.parse().ok()),
                (Some(_), Some(slot)) => *slot = FieldValue::Text(text),
                _ => form.extra.push(ExtraClaim {
                    name: name.clone(),
                    value: text,
                }),
            }
        }
        if let Some(spec) = preset.attribute_claim()
            && let Some(FieldValue::Rows(rows)) = form.get_mut(&spec.name)
        {
            rows.extend(
                profile
                    .attributes
                    .iter()
                    .map(|(k, v)| (k.clone(), text_of(v))),
            );
        }
        form.lifetime = profile.lifetime.unwrap_or(form.lifetime);
        form.kid = profile.kid.clone().unwrap_or_default();
        form.alg = profile.alg;
        form.settings = profile.settings.clone();
        form
    }

    /// Writes these values into `profile` (everything but its name, id and secret).
    pub fn store_in(&self, preset: &Preset, profile: &mut crate::store::profiles::Profile) {
        profile.preset = preset.id.clone();
        profile.claims = Map::new();
        profile.attributes = Map::new();
        for (name, value) in &self.fields {
            let spec = preset.claim(name);
            match value {
                FieldValue::Text(t)
                    if !t.trim().is_empty() && spec.map(kind_of) != Some(FieldKind::Fixed) =>
                {
                    profile
                        .claims
                        .insert(name.clone(), Value::String(t.clone()));
                }
                FieldValue::Bool(Some(b)) => {
                    profile
                        .claims
                        .insert(name.clone(), Value::String(b.to_string()));
                }
                FieldValue::Rows(rows) => {
                    let target = if spec.is_some_and(|s| s.attributes) {
                        &mut profile.attributes
                    } else {
                        &mut profile.claims
                    };
                    let map: Map<String, Value> = rows
                        .iter()
                        .filter(|(k, _)| !k.trim().is_empty())
                        .map(|(k, v)| (k.trim().to_string(), Value::String(v.clone())))
                        .collect();
                    if spec.is_some_and(|s| s.attributes) {
                        target.extend(map);
                    } else if !map.is_empty() {
                        target.insert(name.clone(), Value::String(Value::Object(map).to_string()));
                    }
                }
                _ => {}
            }
        }
        for extra in self.extra.iter().filter(|e| !e.name.trim().is_empty()) {
            profile.claims.insert(
                extra.name.trim().to_string(),
                Value::String(extra.value.clone()),
            );
        }
        profile.lifetime = (self.lifetime != preset.default_lifetime()).then_some(self.lifetime);
        profile.kid = (!self.kid.trim().is_empty()).then(|| self.kid.trim().to_string());
        profile.alg = self.alg;
        profile.settings = self
            .settings
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| (k.clone(), v.trim().to_string()))
            .collect();
    }
}

/// A JSON value as a person types it: strings without quotes, anything else as JSON.
pub fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn reason(e: &crate::core::mint::MintError) -> String {
    match e {
        crate::core::mint::MintError::BadValue { reason, .. } => reason.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::core::preset::Presets;
    use crate::ui::mint::form::*;

    fn preset(id: &str) -> Preset {
        Presets::builtin().get(id).cloned().expect("preset")
    }

    #[test]
    fn widgets_follow_the_claim_types() {
        let connect = preset("amazon-connect");
        let kinds: Vec<FieldKind> = connect.claims.iter().map(kind_of).collect();
        assert_eq!(
            kinds,
            [
                FieldKind::Text,
                FieldKind::AutoTime,
                FieldKind::AutoTime,
                FieldKind::Rows,
                FieldKind::Json
            ]
        );
        let omni = preset("microsoft-omnichannel");
        assert_eq!(
            omni.claim("lwicontexts").map(kind_of),
            Some(FieldKind::Json)
        );
        assert_eq!(omni.claim("nbf").map(kind_of), Some(FieldKind::Time));
        let tiledesk = preset("tiledesk");
        assert_eq!(tiledesk.claim("sub").map(kind_of), Some(FieldKind::Fixed));
        let zm = preset("zendesk-messaging");
        assert_eq!(
            zm.claim("email_verified").map(kind_of),
            Some(FieldKind::Bool)
        );
    }

    #[test]
    fn values_become_a_request_and_back() {
        let p = preset("amazon-connect");
        let mut form = FormValues::for_preset(&p);
        assert_eq!(form.lifetime, 500);
        if let Some(FieldValue::Text(t)) = form.get_mut("sub") {
            *t = "widget-1".into();
        }
        if let Some(FieldValue::Rows(rows)) = form.get_mut("attributes") {
            rows.push(("tier".into(), "gold".into()));
            rows.push((" ".into(), "ignored".into()));
        }
        form.extra.push(ExtraClaim {
            name: "debug".into(),
            value: "true".into(),
        });
        let req = form.to_request(&p);
        assert_eq!(req.attributes, [("tier".to_string(), "gold".to_string())]);
        assert_eq!(req.claims.len(), 2);
        let minted = crate::core::mint::build(&p, &req, Alg::HS256, 1000).expect("build");
        assert_eq!(minted.1["debug"], true);
        let back = FormValues::from_json(&p, &minted.0, &minted.1, Some(&minted.1), 500);
        assert_eq!(back.get("sub"), Some(&FieldValue::Text("widget-1".into())));
        assert_eq!(
            back.get("iat"),
            Some(&FieldValue::Text(String::new())),
            "unchanged times stay automatic"
        );
        assert_eq!(
            back.extra,
            [ExtraClaim {
                name: "debug".into(),
                value: "true".into()
            }]
        );
        assert_eq!(back.to_request(&p), req);
    }

    #[test]
    fn a_profile_fills_the_form_and_the_form_saves_back() {
        let p = preset("amazon-connect");
        let mut form = FormValues::for_preset(&p);
        if let Some(FieldValue::Text(t)) = form.get_mut("sub") {
            *t = "widget-9".into();
        }
        if let Some(FieldValue::Rows(rows)) = form.get_mut("attributes") {
            rows.push(("tier".into(), "gold".into()));
        }
        form.extra.push(ExtraClaim {
            name: "locale".into(),
            value: "fr".into(),
        });
        form.lifetime = 300;
        let mut profile = crate::store::profiles::Profile::new("x", "amazon-connect");
        form.store_in(&p, &mut profile);
        assert_eq!(profile.claims["sub"], "widget-9");
        assert_eq!(profile.claims["locale"], "fr");
        assert_eq!(profile.attributes["tier"], "gold");
        assert_eq!(profile.lifetime, Some(300));
        let back = FormValues::from_profile(&p, &profile);
        assert_eq!(back, form);
        // What the CLI would mint from the profile is what the form mints.
        let cli = profile.request(&MintRequest::default());
        let mut gui = form.to_request(&p);
        gui.claims.sort_by(|a, b| a.0.cmp(&b.0));
        let mut cli_claims = cli.claims.clone();
        cli_claims.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(cli_claims, gui.claims);
        assert_eq!(cli.attributes, gui.attributes);
    }

    #[test]
    fn bad_values_are_reported_per_field() {
        let p = preset("zendesk-messaging");
        let mut form = FormValues::for_preset(&p);
        if let Some(FieldValue::Text(t)) = form.get_mut("exp") {
            *t = "tomorrow-ish".into();
        }
        form.extra.push(ExtraClaim {
            name: "scope".into(),
            value: "x".into(),
        });
        let errors = form.errors(&p, 1000);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].0, "exp");
        assert!(errors[1].1.contains("already"));
    }
}
