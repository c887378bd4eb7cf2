//! What the History panel keeps about a token: when, where it came from, the vendor, the
//! verdict, and its header and claims. Never the signature segment (nothing kept can be
//! replayed) and never a secret: a record rebuilds only an unsigned `header.payload.`.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::b64;
use super::decode::Decoded;
use super::report::{Report, Status};

/// How many records History keeps (the newest).
pub const LIMIT: usize = 1000;

/// Where a token came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    Minted,
    Pasted,
    Served,
    /// Found in a scanned file.
    File {
        name: String,
    },
}

impl Origin {
    pub fn describe(&self) -> String {
        match self {
            Origin::Minted => "minted".into(),
            Origin::Pasted => "pasted".into(),
            Origin::Served => "served".into(),
            Origin::File { name } => name.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Unique among records (given by whoever records it).
    pub id: String,
    /// Unix seconds.
    pub at: i64,
    pub origin: Origin,
    pub preset: Option<String>,
    pub header: Map<String, Value>,
    pub payload: Map<String, Value>,
    pub status: Status,
    /// Whether the signature verified when recorded (None: no key to check it with).
    #[serde(default)]
    pub signature_valid: Option<bool>,
    /// The verdict as it read when recorded ("valid for 5m", "no key given; times valid
    /// for 5m", "invalid signature").
    pub verdict: String,
    /// The whole token, for this session only: never written anywhere.
    #[serde(skip)]
    pub token: Option<String>,
}

/// Claims that tell tokens of one widget apart, in the order shown.
const IDENTIFYING: &[&str] = &[
    "sub",
    "user_id",
    "userId",
    "external_id",
    "customerId",
    "widgetId",
    "widget_id",
    "app_id",
];

impl Record {
    /// A record of a readable token; None when the header or payload can't be read.
    pub fn of(
        id: String,
        at: i64,
        origin: Origin,
        token: &Decoded,
        report: &Report<'_>,
    ) -> Option<Record> {
        let header = token.header.object.clone()?;
        let payload = token.payload.object.clone()?;
        Some(Record {
            id,
            at,
            origin,
            preset: report.preset.clone(),
            header,
            payload,
            status: report.status,
            signature_valid: report.signature_valid,
            verdict: report.verdict().explain(&report.summary.to_string()),
            token: Some(token.compact.clone()),
        })
    }

    /// The verdict as people read it.
    pub fn human_verdict(&self) -> super::report::Verdict {
        super::report::Verdict::of(self.status, self.signature_valid)
    }

    /// `exp − iat`, in seconds.
    pub fn lifetime(&self) -> Option<i64> {
        super::diff::lifetime(Some(&self.payload))
    }

    /// The claims that tell this token apart (sub, user id, widget id), as `name=value`.
    pub fn identifying(&self) -> Vec<(&'static str, String)> {
        IDENTIFYING
            .iter()
            .filter_map(|&name| {
                let v = self.payload.get(name)?;
                Some((
                    name,
                    v.as_str().map_or_else(|| v.to_string(), str::to_string),
                ))
            })
            .collect()
    }

    /// The token for Inspect and Diff: the whole one this session, else the header and
    /// payload unsigned (`header.payload.`), which can be read but not replayed.
    pub fn text(&self) -> String {
        if let Some(t) = &self.token {
            return t.clone();
        }
        let part = |m: &Map<String, Value>| b64::encode(&serde_json::to_vec(m).unwrap_or_default());
        format!("{}.{}.", part(&self.header), part(&self.payload))
    }

    /// Same header and claims (what makes a record worth adding only once in a row).
    pub fn same_token(&self, other: &Record) -> bool {
        match (&self.token, &other.token) {
            (Some(a), Some(b)) => a == b,
            _ => self.header == other.header && self.payload == other.payload,
        }
    }
}

/// The records, newest last, at most [`LIMIT`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    records: VecDeque<Record>,
}

impl History {
    pub fn from_records(records: impl IntoIterator<Item = Record>) -> History {
        let mut h = History::default();
        for r in records {
            h.records.push_back(r);
        }
        h.trim();
        h
    }

    /// Adds a record, unless the newest one from the same origin is the same token. True
    /// when it was added.
    pub fn add(&mut self, record: Record) -> bool {
        let repeat = self
            .records
            .iter()
            .rev()
            .find(|r| r.origin == record.origin)
            .is_some_and(|r| r.same_token(&record));
        if repeat {
            return false;
        }
        self.records.push_back(record);
        self.trim();
        true
    }

    fn trim(&mut self) {
        while self.records.len() > LIMIT {
            self.records.pop_front();
        }
    }

    pub fn clear(&mut self) {
        self.records.clear();
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Newest first.
    pub fn newest_first(&self) -> impl DoubleEndedIterator<Item = &Record> {
        self.records.iter().rev()
    }

    pub fn get(&self, id: &str) -> Option<&Record> {
        self.records.iter().find(|r| r.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::decode::decode;
    use crate::core::report::{Inspect, inspect};

    const T: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTEiLCJpYXQiOjEwMCwiZXhwIjo3MDAsIndpZGdldElkIjoidy05In0.c2ln";

    fn record(id: &str, origin: Origin, token: &str) -> Record {
        let d = decode(token);
        let r = inspect(
            &d,
            &Inspect {
                now: 200,
                ..Inspect::default()
            },
        );
        Record::of(id.into(), 200, origin, &d, &r).unwrap()
    }

    #[test]
    fn a_record_keeps_claims_but_never_writes_the_signature() {
        let r = record("1", Origin::Pasted, T);
        assert_eq!(r.lifetime(), Some(600));
        assert_eq!(
            r.identifying(),
            [("sub", "u-1".to_string()), ("widgetId", "w-9".to_string())]
        );
        let saved = serde_json::to_string(&r).unwrap();
        assert!(!saved.contains("c2ln"), "{saved}");
        assert!(saved.contains(r#""origin":{"kind":"pasted"}"#), "{saved}");
        let back: Record = serde_json::from_str(&saved).unwrap();
        assert_eq!(back.token, None);
        // Read back, it is the same header and claims, unsigned.
        let text = back.text();
        assert!(text.ends_with('.'));
        assert_eq!(decode(&text).payload.object, decode(T).payload.object);
        assert!(back.same_token(&r));
    }

    #[test]
    fn the_same_token_twice_in_a_row_is_kept_once_and_the_list_is_bounded() {
        let mut h = History::default();
        assert!(h.add(record("1", Origin::Pasted, T)));
        assert!(!h.add(record("2", Origin::Pasted, T)));
        assert!(h.add(record("3", Origin::Minted, T)));
        for i in 0..LIMIT + 5 {
            h.add(record(
                &format!("n{i}"),
                Origin::File {
                    name: format!("f{i}"),
                },
                T,
            ));
        }
        assert_eq!(h.len(), LIMIT);
        assert_eq!(
            h.newest_first().next().map(|r| r.id.as_str()),
            Some("n1004")
        );
        assert!(h.get("1").is_none());
    }

    #[test]
    fn unreadable_tokens_are_not_recorded() {
        let d = decode("not a token");
        let r = inspect(&d, &Inspect::default());
        assert!(Record::of("x".into(), 0, Origin::Pasted, &d, &r).is_none());
    }
}
