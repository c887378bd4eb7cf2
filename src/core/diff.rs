//! What differs between two tokens: header and payload by JSON Pointer (RFC 6901), with type
//! changes called out, JSON carried inside strings (Omnichannel's `lwicontexts`) compared inside,
//! the two lifetimes, and the findings one token has and the other not.

use serde::Serialize;
use serde_json::{Map, Value};

use super::finding::Finding;
use super::time::NumericDate;

/// Which part of the token a change is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffPart {
    Header,
    Payload,
}

impl DiffPart {
    pub fn label(self) -> &'static str {
        match self {
            DiffPart::Header => "header",
            DiffPart::Payload => "payload",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Only B has it.
    Added,
    /// Only A has it.
    Removed,
    /// Both have it, with other values of the same JSON type.
    Changed,
    /// Both have it, with values of different JSON types (a number that became a string).
    TypeChanged,
}

impl ChangeKind {
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
            ChangeKind::TypeChanged => "type changed",
        }
    }
}

/// One difference, at a JSON Pointer inside the header or the payload.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub part: DiffPart,
    /// RFC 6901: `/attributes/customerId`; inside a JSON string the pointer goes on into it.
    pub path: String,
    pub kind: ChangeKind,
    /// A's value (null when A has none).
    pub a: Option<Value>,
    /// B's value (null when B has none).
    pub b: Option<Value>,
}

impl Change {
    /// The top-level claim or header field the change is in.
    pub fn top(&self) -> &str {
        self.path
            .trim_start_matches('/')
            .split('/')
            .next()
            .unwrap_or_default()
    }
}

/// JSON's type names, as people say them.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Every difference between two objects (a header or a payload), in A's order then B's
/// additions. Missing objects (an undecodable part) compare as empty.
pub fn diff_objects(
    part: DiffPart,
    a: Option<&Map<String, Value>>,
    b: Option<&Map<String, Value>>,
) -> Vec<Change> {
    let empty = Map::new();
    let mut out = Vec::new();
    objects(
        part,
        &mut String::new(),
        a.unwrap_or(&empty),
        b.unwrap_or(&empty),
        &mut out,
    );
    out
}

fn objects(
    part: DiffPart,
    path: &mut String,
    a: &Map<String, Value>,
    b: &Map<String, Value>,
    out: &mut Vec<Change>,
) {
    for (key, va) in a {
        let len = path.len();
        push_token(path, key);
        match b.get(key) {
            Some(vb) => values(part, path, va, vb, out),
            None => out.push(change(part, path, ChangeKind::Removed, Some(va), None)),
        }
        path.truncate(len);
    }
    for (key, vb) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
        let len = path.len();
        push_token(path, key);
        out.push(change(part, path, ChangeKind::Added, None, Some(vb)));
        path.truncate(len);
    }
}

fn values(part: DiffPart, path: &mut String, a: &Value, b: &Value, out: &mut Vec<Change>) {
    if a == b {
        return;
    }
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => objects(part, path, a, b, out),
        (Value::Array(a), Value::Array(b)) => {
            for i in 0..a.len().max(b.len()) {
                let len = path.len();
                push_token(path, &i.to_string());
                match (a.get(i), b.get(i)) {
                    (Some(va), Some(vb)) => values(part, path, va, vb, out),
                    (Some(va), None) => {
                        out.push(change(part, path, ChangeKind::Removed, Some(va), None));
                    }
                    (None, Some(vb)) => {
                        out.push(change(part, path, ChangeKind::Added, None, Some(vb)));
                    }
                    (None, None) => {}
                }
                path.truncate(len);
            }
        }
        (Value::String(sa), Value::String(sb)) => match (embedded(sa), embedded(sb)) {
            // JSON carried in a string (Omnichannel's lwicontexts): compare inside. The same
            // JSON written otherwise (spacing, key order) is still another string.
            (Some(ja), Some(jb)) if ja == jb => {
                out.push(change(part, path, ChangeKind::Changed, Some(a), Some(b)));
            }
            (Some(ja), Some(jb)) => values(part, path, &ja, &jb, out),
            _ => out.push(change(part, path, ChangeKind::Changed, Some(a), Some(b))),
        },
        _ if type_name(a) != type_name(b) => {
            out.push(change(
                part,
                path,
                ChangeKind::TypeChanged,
                Some(a),
                Some(b),
            ));
        }
        _ => out.push(change(part, path, ChangeKind::Changed, Some(a), Some(b))),
    }
}

/// A string that holds a JSON object or array.
fn embedded(s: &str) -> Option<Value> {
    let t = s.trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return None;
    }
    serde_json::from_str::<Value>(s)
        .ok()
        .filter(|v| v.is_object() || v.is_array())
}

fn change(
    part: DiffPart,
    path: &str,
    kind: ChangeKind,
    a: Option<&Value>,
    b: Option<&Value>,
) -> Change {
    Change {
        part,
        path: path.to_string(),
        kind,
        a: a.cloned(),
        b: b.cloned(),
    }
}

/// Appends one reference token, escaped as RFC 6901 says (`~` → `~0`, `/` → `~1`).
fn push_token(path: &mut String, key: &str) {
    path.push('/');
    for c in key.chars() {
        match c {
            '~' => path.push_str("~0"),
            '/' => path.push_str("~1"),
            c => path.push(c),
        }
    }
}

/// A value as a diff shows it: JSON, and a time claim with its UTC reading; `—` for none.
pub fn display_value(v: Option<&Value>, path: &str) -> String {
    let Some(v) = v else {
        return "—".to_string();
    };
    let text = v.to_string();
    let is_time = matches!(path, "/exp" | "/iat" | "/nbf" | "/auth_time");
    match v
        .as_f64()
        .filter(|_| is_time)
        .and_then(super::time::format_utc)
    {
        Some(utc) => format!("{text} ({utc})"),
        None => text,
    }
}

/// A token's lifetime, `exp − iat` in seconds, when both are times.
pub fn lifetime(payload: Option<&Map<String, Value>>) -> Option<i64> {
    let p = payload?;
    let secs = |name: &str| p.get(name).and_then(|v| NumericDate::read(v).seconds());
    let span = secs("exp")? - secs("iat")?;
    // Whole seconds: lifetimes are compared and shown to the second.
    #[allow(clippy::cast_possible_truncation)]
    span.is_finite().then(|| span.round() as i64)
}

/// The findings of `mine` that `theirs` has not (the same rule on the same claim).
pub fn findings_only<'f>(mine: &'f [Finding], theirs: &[Finding]) -> Vec<&'f Finding> {
    mine.iter()
        .filter(|f| {
            !theirs
                .iter()
                .any(|g| g.rule == f.rule && g.claim == f.claim && g.severity == f.severity)
        })
        .collect()
}

#[cfg(test)]
mod tests;
