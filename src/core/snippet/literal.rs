//! Values written as literals of each sample's language (JavaScript, Python, PHP), time
//! claims as expressions of the script's clock, and strings quoted for their context.

use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Lang {
    Js,
    Python,
    Php,
}

/// `value` written as a literal of `lang`, indented by `depth` levels; top-level keys named
/// in `times` become expressions of the script's `now`.
pub(super) fn literal(lang: Lang, value: &Value, depth: usize, times: &[(String, i64)]) -> String {
    let unit = if lang == Lang::Js { "  " } else { "    " };
    let pad = unit.repeat(depth + 1);
    let close = unit.repeat(depth);
    match value {
        Value::Null => match lang {
            Lang::Python => "None".into(),
            _ => "null".into(),
        },
        Value::Bool(b) => match (lang, b) {
            (Lang::Python, true) => "True".into(),
            (Lang::Python, false) => "False".into(),
            (_, b) => b.to_string(),
        },
        Value::Number(n) => n.to_string(),
        Value::String(s) => string_literal(lang, s),
        Value::Array(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|v| literal(lang, v, depth + 1, &[]))
                .collect();
            if items.iter().all(|v| !v.is_object() && !v.is_array()) {
                format!("[{}]", parts.join(", "))
            } else {
                format!("[\n{pad}{}\n{close}]", parts.join(&format!(",\n{pad}")))
            }
        }
        Value::Object(map) => {
            let entries: Vec<String> = map
                .iter()
                .map(|(k, v)| {
                    let value = match times.iter().find(|(name, _)| name == k) {
                        Some((_, offset)) => now_plus(lang, *offset),
                        None => literal(lang, v, depth + 1, &[]),
                    };
                    match lang {
                        Lang::Php => format!("{} => {value}", string_literal(lang, k)),
                        _ => format!("{}: {value}", string_literal(lang, k)),
                    }
                })
                .collect();
            // PHP: the payload is an array (php-jwt wants one); nested maps are objects so
            // that they stay JSON objects even when empty or keyed "0", "1", ….
            let (open, end) = match (lang, depth) {
                (Lang::Php, 0) => ("[", "]"),
                (Lang::Php, _) => ("(object) [", "]"),
                _ => ("{", "}"),
            };
            if entries.is_empty() {
                format!("{open}{end}")
            } else {
                format!(
                    "{open}\n{pad}{}\n{close}{end}",
                    entries.join(&format!(",\n{pad}"))
                )
            }
        }
    }
}

pub(super) fn now_plus(lang: Lang, offset: i64) -> String {
    let now = if lang == Lang::Php { "$now" } else { "now" };
    match offset {
        0 => now.to_string(),
        o if o > 0 => format!("{now} + {o}"),
        o => format!("{now} - {}", o.unsigned_abs()),
    }
}

pub(super) fn string_literal(lang: Lang, s: &str) -> String {
    match lang {
        // A JSON string is a JavaScript and a Python string literal.
        Lang::Js | Lang::Python => Value::String(s.to_string()).to_string(),
        Lang::Php => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
    }
}

/// The inside of a JavaScript string literal (either quote), safe inside `<script>`.
pub(super) fn js_string_body(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// `s` as one POSIX shell word.
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

pub(super) fn single_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
