//! JSON objects read in one pass that also notes duplicate keys (RFC 7515 §5.2 lets
//! parsers reject them or take the last; vendors differ, so we report them).

use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// A member of an object. Tokens' objects have a handful of members, and looking at each is
/// several times faster than hashing the name (what a scan of 30,000 tokens against every
/// preset does most); large objects are hashed.
#[inline]
pub fn member<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    if object.len() <= 12 {
        // Length and first byte first: most names differ there, and comparing them costs
        // nothing beside a call to memcmp.
        let first = name.as_bytes().first();
        object
            .iter()
            .find(|(k, _)| k.len() == name.len() && k.as_bytes().first() == first && *k == name)
            .map(|(_, v)| v)
    } else {
        object.get(name)
    }
}

/// Why a text is not a JSON object, with the place a person can find it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message} at line {line}, column {column}")]
pub struct JsonError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

/// A JSON object and the paths of keys that appeared more than once (`a`, `a.b`).
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedObject {
    pub object: Map<String, Value>,
    pub duplicates: Vec<String>,
}

/// Parses `text` as one JSON object, keeping key order and noting duplicate keys.
/// Later duplicates win, as in JavaScript and most JWT libraries.
pub fn parse_object(text: &str) -> Result<CheckedObject, JsonError> {
    let dups = RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(text);
    let value = ValueSeed {
        place: Place::Root,
        dups: &dups,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v))
    .map_err(|e| {
        let (line, column) = place(text, e.line(), e.column());
        JsonError {
            message: describe(&e),
            line,
            column,
        }
    })?;
    match value {
        Value::Object(object) => Ok(CheckedObject {
            object,
            duplicates: dups.into_inner(),
        }),
        other => Err(JsonError {
            message: format!("expected a JSON object but found {}", kind_of(&other)),
            line: 1,
            column: 1,
        }),
    }
}

/// serde_json puts an error found at a line break at column 0 of the next line; point at
/// the end of the line where the problem is instead.
fn place(text: &str, line: usize, column: usize) -> (usize, usize) {
    if column > 0 || line <= 1 {
        return (line, column.max(1));
    }
    let previous = text.lines().nth(line - 2).unwrap_or("");
    (line - 1, previous.chars().count() + 1)
}

/// serde_json's messages end with " at line L column C"; we add our own place.
fn describe(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Where a value sits, built into a string only when needed (a container or a duplicate).
#[derive(Clone, Copy)]
enum Place<'a> {
    Root,
    Key(&'a str, &'a str),
    Index(&'a str, usize),
}

impl Place<'_> {
    fn path(self) -> String {
        match self {
            Place::Root => String::new(),
            Place::Key("", key) => key.to_string(),
            Place::Key(parent, key) => format!("{parent}.{key}"),
            Place::Index(parent, i) => format!("{parent}[{i}]"),
        }
    }
}

struct ValueSeed<'a> {
    place: Place<'a>,
    dups: &'a RefCell<Vec<String>>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let path = self.place.path();
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(ValueSeed {
            place: Place::Index(&path, out.len()),
            dups: self.dups,
        })? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let path = self.place.path();
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(ValueSeed {
                place: Place::Key(&path, &key),
                dups: self.dups,
            })?;
            if let Some(slot) = out.get_mut(&key) {
                *slot = value;
                self.dups.borrow_mut().push(Place::Key(&path, &key).path());
            } else {
                out.insert(key, value);
            }
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_finds_duplicates() {
        let parsed = parse_object(r#"{"z":1,"a":{"x":1,"x":2},"z":3}"#);
        let Ok(CheckedObject { object, duplicates }) = parsed else {
            panic!("should parse: {parsed:?}");
        };
        assert_eq!(object.keys().collect::<Vec<_>>(), ["z", "a"]);
        assert_eq!(object["z"], 3);
        assert_eq!(object["a"]["x"], 2);
        assert_eq!(duplicates, ["a.x", "z"]);
    }

    #[test]
    fn errors_have_line_and_column() {
        let err = parse_object("{\n  \"a\": 1,\n  \"b\": tru\n}").err();
        let Some(err) = err else {
            panic!("should fail")
        };
        assert_eq!((err.line, err.column), (3, 11));
        assert!(err.message.contains("expected"), "{}", err.message);
        assert!(parse_object("[1]").is_err());
        assert!(parse_object("{} x").is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(10_000);
        assert!(parse_object(&text).is_err());
    }
}
