//! Findings about a decoded token: RFC 7519 rules for every token, plus the preset's.

use serde_json::{Map, Value};

use super::alg::{Alg, Family};
use super::decode::Decoded;
use super::finding::{
    Finding, Part, RFC7515, RFC7518_HMAC, RFC7519_EXP, RFC7519_NBF, RFC7519_NUMERICDATE,
    RFC8725_ALG, Severity,
};
use super::json::kind_of;
use super::key::KeySet;
use super::preset::{EntryRules, FieldSpec, FieldType, Preset, Rule, ValueKind};
use super::time::{NumericDate, TimeClaims, Validity, format_utc, human_span};

/// What the checks need besides the token and the preset.
#[derive(Clone, Copy, Debug, Default)]
pub struct CheckOptions<'a> {
    /// Unix seconds.
    pub now: i64,
    /// Clock-skew tolerance in seconds for exp/nbf/iat.
    pub leeway: i64,
    /// The key the token is checked against, for key-strength findings.
    pub keys: Option<&'a KeySet>,
}

/// Every finding about `token`: decode problems, RFC 7519 time rules, the algorithm, and
/// the preset's rules when one is given.
pub fn check(token: &Decoded, preset: Option<&Preset>, opts: &CheckOptions<'_>) -> Vec<Finding> {
    let mut out = token.problems.clone();
    if let Some(header) = &token.header.object {
        duplicates(&token.header.duplicates, Part::Header, &mut out);
        check_alg(header, preset, &mut out);
        if header.contains_key("crit") {
            out.push(
                Finding::warning(
                    Part::Header,
                    "crit",
                    "The header lists critical extensions (\"crit\"); verifiers that follow RFC 7515 reject tokens whose extensions they don't support.",
                )
                .claim("crit")
                .source(Some("https://www.rfc-editor.org/rfc/rfc7515#section-4.1.11")),
            );
        }
        if let Some(p) = preset {
            for spec in &p.header {
                check_field(spec, header.get(&spec.name), Part::Header, &mut out);
            }
        }
        check_key_strength(header, opts.keys, &mut out);
    }
    if let Some(payload) = &token.payload.object {
        duplicates(&token.payload.duplicates, Part::Payload, &mut out);
        let times = TimeClaims::read(payload);
        check_times(payload, &times, preset, opts, &mut out);
        if let Some(p) = preset {
            for spec in &p.claims {
                check_field(spec, payload.get(&spec.name), Part::Payload, &mut out);
            }
            check_lifetime(&times, p, opts.now, &mut out);
            for rule in &p.rules {
                check_rule(rule, payload, &mut out);
            }
        }
    }
    if let Some(p) = preset
        && let Some(max) = p.token.max_bytes
        && token.compact.len() > max
    {
        out.push(
            Finding::error(
                Part::Token,
                "max-token-bytes",
                format!(
                    "The token is {} bytes; {} accepts at most {max}.",
                    token.compact.len(),
                    p.vendor
                ),
            )
            .source(p.token.source.as_deref()),
        );
    }
    out
}

fn duplicates(paths: &[String], part: Part, out: &mut Vec<Finding>) {
    for path in paths {
        out.push(
            Finding::warning(
                part,
                "duplicate-key",
                format!("\"{path}\" appears more than once; verifiers disagree on which value wins (this one shows the last)."),
            )
            .claim(path)
            .source(Some(RFC7515)),
        );
    }
}

fn check_alg(header: &Map<String, Value>, preset: Option<&Preset>, out: &mut Vec<Finding>) {
    let finding = |rule: &str, msg: String| {
        Finding::error(Part::Header, rule, msg)
            .claim("alg")
            .source(Some(RFC8725_ALG))
    };
    match header.get("alg") {
        None => out.push(finding("alg-missing", "The header has no \"alg\".".into())),
        Some(Value::String(a)) if a.eq_ignore_ascii_case("none") => out.push(finding(
            "alg-none",
            "\"alg\": \"none\" means the token is unsigned; no widget should accept it.".into(),
        )),
        Some(Value::String(a)) => match Alg::from_jose(a) {
            None => out.push(finding(
                "alg-unsupported",
                format!("\"{a}\" is not a JWS signature algorithm tokenbench knows (names are case-sensitive)."),
            )),
            Some(alg) => {
                if let Some(p) = preset
                    && !p.algorithms().is_empty()
                    && !p.algorithms().contains(&alg)
                {
                    let names: Vec<&str> = p.algorithms().iter().map(|a| a.name()).collect();
                    out.push(
                        finding(
                            "alg-not-allowed",
                            format!("{} expects {}; this token says {alg}.", p.vendor, names.join(" or ")),
                        )
                        .source(p.key.source.as_deref()),
                    );
                }
            }
        },
        Some(other) => out.push(finding(
            "alg-unsupported",
            format!("\"alg\" is {}, not a string.", kind_of(other)),
        )),
    }
}

fn check_key_strength(header: &Map<String, Value>, keys: Option<&KeySet>, out: &mut Vec<Finding>) {
    let Some(alg) = header
        .get("alg")
        .and_then(Value::as_str)
        .and_then(Alg::from_jose)
    else {
        return;
    };
    if alg.family() != Family::Hmac {
        return;
    }
    let shortest = keys
        .into_iter()
        .flat_map(|k| &k.keys)
        .filter_map(|k| k.secret_len())
        .min();
    if let Some(len) = shortest
        && len < alg.hash_len()
    {
        out.push(
            Finding::warning(
                Part::Key,
                "short-secret",
                format!(
                    "The secret is {len} bytes; RFC 7518 requires at least {} for {alg}, and short secrets can be brute-forced from one token.",
                    alg.hash_len()
                ),
            )
            .source(Some(RFC7518_HMAC)),
        );
    }
}

fn date_text(secs: f64) -> String {
    format_utc(secs).unwrap_or_else(|| format!("{secs}"))
}

fn check_times(
    payload: &Map<String, Value>,
    times: &TimeClaims,
    preset: Option<&Preset>,
    opts: &CheckOptions<'_>,
    out: &mut Vec<Finding>,
) {
    for name in ["iat", "nbf", "exp"] {
        let Some(v) = payload.get(name) else { continue };
        let integer_only = preset
            .and_then(|p| p.claim(name))
            .is_some_and(|s| s.integer);
        let f = |sev: Severity, rule: &str, msg: String| {
            Finding::new(sev, Part::Payload, rule, msg)
                .claim(name)
                .source(Some(RFC7519_NUMERICDATE))
        };
        match NumericDate::read(v) {
            NumericDate::Integer(_) => {}
            NumericDate::Fractional(x) => out.push(if integer_only {
                f(
                    Severity::Error,
                    "integer-numericdate",
                    format!("{name} is {x}; this vendor wants whole seconds."),
                )
            } else {
                f(
                    Severity::Warning,
                    "fractional-numericdate",
                    format!("{name} has a fraction ({x}); RFC 7519 allows it, but some widgets expect whole seconds."),
                )
            }),
            NumericDate::Text { text, seconds } => out.push(match seconds {
                Some(_) => f(
                    Severity::Warning,
                    "string-numericdate",
                    format!("{name} is the string \"{text}\"; RFC 7519 wants a number, and many verifiers reject strings."),
                ),
                None => f(
                    Severity::Error,
                    "numericdate-type",
                    format!("{name} is the string \"{text}\", which is not a time at all."),
                ),
            }),
            NumericDate::Invalid(kind) => out.push(f(
                Severity::Error,
                "numericdate-type",
                format!("{name} is {kind}; it must be a number of seconds since 1970."),
            )),
        }
    }
    let TimeClaims { iat, nbf, exp } = *times;
    if let (Some(iat), Some(exp)) = (iat, exp)
        && exp <= iat
    {
        out.push(
            Finding::error(
                Part::Payload,
                "exp-before-iat",
                format!(
                    "exp ({}) is not after iat ({}): the token is born expired.",
                    date_text(exp),
                    date_text(iat)
                ),
            )
            .claim("exp")
            .source(Some(RFC7519_EXP)),
        );
    }
    if let (Some(nbf), Some(exp)) = (nbf, exp)
        && nbf >= exp
    {
        out.push(
            Finding::error(
                Part::Payload,
                "nbf-after-exp",
                "nbf is not before exp: the token is never valid.",
            )
            .claim("nbf")
            .source(Some(RFC7519_NBF)),
        );
    }
    match Validity::of(times, opts.now, opts.leeway) {
        Validity::Expired { ago } => out.push(
            Finding::error(
                Part::Payload,
                "expired",
                format!(
                    "Expired {} ago (exp {}).",
                    human_span(ago),
                    exp.map_or_else(String::new, date_text)
                ),
            )
            .claim("exp")
            .source(Some(RFC7519_EXP)),
        ),
        Validity::NotYetValid { starts_in } => {
            let claim = match (nbf, iat) {
                (Some(n), Some(i)) if i > n => "iat",
                (Some(_), _) => "nbf",
                _ => "iat",
            };
            let why = if claim == "iat" {
                "iat is in the future: is a clock wrong?"
            } else {
                "nbf has not arrived yet."
            };
            out.push(
                Finding::error(
                    Part::Payload,
                    "not-yet-valid",
                    format!("Not valid for another {} ({why})", human_span(starts_in)),
                )
                .claim(claim)
                .source(Some(RFC7519_NBF)),
            );
        }
        Validity::Valid { .. } => {}
    }
}

fn check_lifetime(times: &TimeClaims, p: &Preset, now: i64, out: &mut Vec<Finding>) {
    let Some(max) = p.lifetime.max else { return };
    let Some(exp) = times.exp else { return };
    #[allow(clippy::cast_precision_loss)]
    let (from, what) = match times.iat {
        Some(iat) => (iat, "after iat"),
        None => (now as f64, "from now"),
    };
    #[allow(clippy::cast_possible_truncation)]
    let life = (exp - from).ceil() as i64;
    if life > max {
        let mut msg = format!(
            "exp is {} {what}; {} allows at most {}.",
            human_span(life),
            p.vendor,
            human_span(max)
        );
        if let Some(m) = &p.lifetime.message {
            msg = format!("{msg} {m}");
        }
        out.push(
            Finding::new(p.lifetime.max_severity, Part::Payload, "max-lifetime", msg)
                .claim("exp")
                .source(p.lifetime.source.as_deref()),
        );
    }
}

fn show(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(57).collect::<String>())
    } else {
        text
    }
}

/// Checks one claim or header field against its spec.
fn check_field(spec: &FieldSpec, value: Option<&Value>, part: Part, out: &mut Vec<Finding>) {
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

fn check_rule(rule: &Rule, payload: &Map<String, Value>, out: &mut Vec<Finding>) {
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

#[cfg(test)]
mod tests;
