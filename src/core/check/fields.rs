//! One header field or claim against its spec (type, required, constant, enum, pattern,
//! size, string-only maps, serialized JSON), and the preset's cross-claim rules.

use serde_json::{Map, Value};

use crate::core::finding::{Finding, Part, Severity};
use crate::core::json::kind_of;
use crate::core::preset::{EntryRules, FieldSpec, FieldType, Rule, ValueKind};

fn show(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(57).collect::<String>())
    } else {
        text
    }
}

/// Checks one claim or header field against its spec.
pub(super) fn check_field(
    spec: &FieldSpec,
    value: Option<&Value>,
    part: Part,
    out: &mut Vec<Finding>,
) {
    let name = spec.name.as_str();
    let f = |sev: Severity, rule: &str, msg: String| {
        Finding::new(sev, part, rule, msg)
            .claim(name)
            .source(spec.source.as_deref())
    };
    let Some(v) = value else {
        let what = match spec.label.as_deref() {
            Some(label) => format!("{name} ({label})"),
            None => name.to_string(),
        };
        let tail = if spec.help.is_empty() {
            String::new()
        } else {
            format!(" {}", spec.help)
        };
        if spec.required {
            out.push(f(
                Severity::Error,
                "required",
                format!("{what} is required but missing.{tail}"),
            ));
        } else if spec.recommended {
            out.push(f(
                Severity::Warning,
                "recommended",
                format!("{what} is recommended but missing.{tail}"),
            ));
        }
        return;
    };
    let type_ok = match spec.kind {
        FieldType::String | FieldType::JsonString => v.is_string(),
        FieldType::Integer => v.is_i64() || v.is_u64(),
        FieldType::Number => v.is_number(),
        FieldType::Boolean => v.is_boolean(),
        // Time claims are read by check_times, which reports their type.
        FieldType::Numericdate | FieldType::Any => true,
        FieldType::Object => v.is_object(),
        FieldType::Array => v.is_array(),
    };
    if !type_ok {
        out.push(f(
            Severity::Error,
            "type",
            format!(
                "{name} must be {}, but it is {}.",
                spec.kind.describe(),
                kind_of(v)
            ),
        ));
        return;
    }
    if let Some(c) = &spec.constant
        && v != c
    {
        out.push(f(
            spec.severity,
            "const",
            format!("{name} must be {}, not {}.", show(c), show(v)),
        ));
    }
    if !spec.one_of.is_empty() && !spec.one_of.contains(v) {
        let options: Vec<String> = spec.one_of.iter().map(show).collect();
        out.push(f(
            spec.severity,
            "enum",
            format!(
                "{name} must be one of {}, not {}.",
                options.join(", "),
                show(v)
            ),
        ));
    }
    if let Some(text) = v.as_str() {
        check_text(spec, text, &f, out);
    }
    if let Some(map) = v.as_object() {
        for member in spec
            .required_members
            .iter()
            .filter(|m| !map.contains_key(*m))
        {
            out.push(f(
                Severity::Error,
                "required-member",
                format!("{name} must have a member \"{member}\"."),
            ));
        }
    }
    for danger in &spec.dangerous {
        if danger.values.contains(v) {
            let shown = v.as_str().map_or_else(|| v.to_string(), str::to_string);
            out.push(
                Finding::new(
                    danger.severity,
                    part,
                    "dangerous-value",
                    danger.message.replace("{value}", &shown),
                )
                .claim(name)
                .source(danger.source.as_deref().or(spec.source.as_deref())),
            );
        }
    }
    if let Some(rules) = &spec.entries {
        let parsed;
        let map = match spec.kind {
            FieldType::JsonString => match v.as_str().map(serde_json::from_str::<Value>) {
                Some(Ok(Value::Object(m))) => {
                    parsed = m;
                    Some(&parsed)
                }
                Some(Ok(other)) => {
                    out.push(f(
                        Severity::Error,
                        "json-string",
                        format!(
                            "{name} must hold a serialized JSON object, but it holds {}.",
                            kind_of(&other)
                        ),
                    ));
                    None
                }
                Some(Err(e)) => {
                    out.push(f(
                        Severity::Error,
                        "json-string",
                        format!("{name} must hold a serialized JSON object, but its text is not JSON ({e})."),
                    ));
                    None
                }
                None => None,
            },
            _ => v.as_object(),
        };
        if let Some(map) = map {
            check_entries(spec, rules, map, part, out);
        }
    } else if spec.kind == FieldType::JsonString
        && let Some(text) = v.as_str()
        && !matches!(serde_json::from_str::<Value>(text), Ok(Value::Object(_)))
    {
        out.push(f(
            Severity::Error,
            "json-string",
            format!("{name} must hold a serialized JSON object."),
        ));
    }
}

fn check_text(
    spec: &FieldSpec,
    text: &str,
    f: &dyn Fn(Severity, &str, String) -> Finding,
    out: &mut Vec<Finding>,
) {
    let name = &spec.name;
    if let Some(re) = &spec.pattern_re
        && !re.is_match(text)
    {
        let want = spec
            .pattern_help
            .clone()
            .unwrap_or_else(|| format!("match {}", spec.pattern.as_deref().unwrap_or("")));
        out.push(f(
            spec.severity,
            "pattern",
            format!(
                "{name} should be {want}; it is {}.",
                show(&Value::from(text))
            ),
        ));
    }
    let chars = text.chars().count();
    if let Some(min) = spec.min_length
        && chars < min
    {
        out.push(f(
            Severity::Error,
            "length",
            format!("{name} is {chars} characters; at least {min} are needed."),
        ));
    }
    if let Some(max) = spec.max_length
        && chars > max
    {
        out.push(f(
            Severity::Error,
            "length",
            format!("{name} is {chars} characters; at most {max} are allowed."),
        ));
    }
}

fn check_entries(
    spec: &FieldSpec,
    rules: &EntryRules,
    map: &Map<String, Value>,
    part: Part,
    out: &mut Vec<Finding>,
) {
    let name = spec.name.as_str();
    let source = rules.source.as_deref().or(spec.source.as_deref());
    let f = |rule: &str, msg: String| Finding::error(part, rule, msg).claim(name).source(source);
    let mut total = 0usize;
    for (k, v) in map {
        let value_text = v.as_str().map_or_else(|| v.to_string(), str::to_string);
        total += k.len() + value_text.len();
        match rules.values {
            ValueKind::String if !v.is_string() => out.push(f(
                "string-values",
                format!(
                    "{name}.{k} is {}; only string values are accepted (any other value and the chat fails to start).",
                    kind_of(v)
                ),
            )),
            ValueKind::Primitive if v.is_object() || v.is_array() => out.push(f(
                "primitive-values",
                format!("{name}.{k} is {}; only strings, numbers and booleans are accepted.", kind_of(v)),
            )),
            _ => {}
        }
        if let Some(re) = &rules.key_re
            && !re.is_match(k)
        {
            let help = rules.key_help.as_deref().unwrap_or("the allowed pattern");
            out.push(f(
                "key-pattern",
                format!("{name} key \"{k}\" must be {help}."),
            ));
        }
        if let Some(max) = rules.max_key_length
            && k.chars().count() > max
        {
            out.push(f(
                "key-length",
                format!(
                    "{name} key \"{k}\" is {} characters; at most {max}.",
                    k.chars().count()
                ),
            ));
        }
        if let Some(max) = rules.max_value_length
            && value_text.chars().count() > max
        {
            out.push(f(
                "value-length",
                format!(
                    "{name}.{k} is {} characters long; at most {max}.",
                    value_text.chars().count()
                ),
            ));
        }
    }
    if let Some(max) = rules.max_total_bytes
        && total > max
    {
        out.push(f(
            "total-bytes",
            format!("{name} totals {total} bytes of names and values; at most {max} are accepted."),
        ));
    }
}

pub(super) fn check_rule(rule: &Rule, payload: &Map<String, Value>, out: &mut Vec<Finding>) {
    match rule {
        Rule::Shape {
            id,
            present,
            absent,
            severity,
            message,
            source,
        } => {
            let fires = present.iter().all(|c| payload.contains_key(c))
                && absent.iter().all(|c| !payload.contains_key(c));
            if fires {
                let mut f = Finding::new(*severity, Part::Payload, id, message.clone())
                    .source(source.as_deref());
                f.claim = present.first().or(absent.first()).cloned();
                out.push(f);
            }
        }
        Rule::Prefix {
            id,
            claim,
            from,
            suffix,
            severity,
            message,
            source,
            capture_re,
            ..
        } => {
            let (Some(value), Some(from_value), Some(re)) = (
                payload.get(claim).and_then(Value::as_str),
                payload.get(from).and_then(Value::as_str),
                capture_re.as_ref(),
            ) else {
                return;
            };
            let Some(captured) = re.captures(from_value).and_then(|c| c.get(1)) else {
                return;
            };
            let expected = format!("{}{suffix}", captured.as_str());
            if !value.starts_with(&expected) {
                out.push(
                    Finding::new(
                        *severity,
                        Part::Payload,
                        id,
                        message.replace("{expected}", &expected),
                    )
                    .claim(claim)
                    .source(source.as_deref()),
                );
            }
        }
    }
}
