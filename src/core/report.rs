//! The inspection report: everything `inspect`, `verify` and the window's Inspect mode show.

use serde::Serialize;
use serde_json::{Map, Value};

use super::check::{CheckOptions, check};
use super::decode::Decoded;
use super::finding::{Finding, Severity};
use super::jws::{self, SignatureCheck};
use super::key::KeySet;
use super::preset::{Preset, Presets};
use super::suggest::suggest_preset;
use super::time::{NumericDate, format_rfc3339, format_utc, relative};

/// The overall verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Valid,
    Expired,
    NotYetValid,
    Invalid,
}

/// One of iat/nbf/exp, readable.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimeInfo {
    /// The claim exactly as in the payload.
    pub value: Value,
    /// `2026-11-21 13:05:00 UTC`, when the value is a time.
    pub utc: Option<String>,
    /// `2026-11-21T13:05:00Z`.
    pub rfc3339: Option<String>,
    /// `in 4m 12s` / `3m ago`.
    pub relative: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub header: Option<Map<String, Value>>,
    pub payload: Option<Map<String, Value>>,
    /// None when no key was given.
    pub signature_valid: Option<bool>,
    /// The algorithm and key the signature was checked with.
    pub signature: Option<SignatureCheck>,
    pub findings: Vec<Finding>,
    pub times: Map<String, Value>,
    pub status: Status,
    /// "valid for 4m 12s", "expired 3m ago".
    pub summary: String,
    pub preset: Option<String>,
    /// The preset whose claims best match, when none was chosen.
    pub suggested_preset: Option<String>,
    /// The token as verified, after removing what was pasted around it.
    pub token: String,
    pub token_bytes: usize,
    /// What was removed from the input ("removed the \"Bearer\" prefix").
    pub cleanups: Vec<String>,
}

impl Report {
    /// Any finding of severity error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// What to inspect with.
#[derive(Clone, Copy, Default)]
pub struct Inspect<'a> {
    pub preset: Option<&'a Preset>,
    pub keys: Option<&'a KeySet>,
    /// Only these algorithms are accepted when verifying (default: the preset's, or any).
    pub algorithms: Option<&'a [super::alg::Alg]>,
    /// Offered as suggestions when no preset is chosen.
    pub presets: Option<&'a Presets>,
    pub now: i64,
    pub leeway: i64,
}

pub fn inspect(token: &Decoded, with: &Inspect<'_>) -> Report {
    let opts = CheckOptions {
        now: with.now,
        leeway: with.leeway,
        keys: with.keys,
    };
    let mut findings = check(token, with.preset, &opts);
    let signature = with
        .keys
        .filter(|_| token.header.object.is_some())
        .map(|keys| {
            let allowed = with.algorithms.map_or_else(
                || {
                    with.preset
                        .map_or_else(|| super::alg::Alg::ALL.to_vec(), Preset::allowed_algorithms)
                },
                <[_]>::to_vec,
            );
            jws::verify(token, keys, &allowed)
        });
    if let Some(sig) = &signature {
        for f in &sig.findings {
            let seen = findings
                .iter()
                .any(|g| g.rule == f.rule && g.claim == f.claim);
            if !seen {
                findings.push(f.clone());
            }
        }
    }
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));

    let payload = token.payload.object.as_ref();
    let mut times = Map::new();
    for name in ["iat", "nbf", "exp"] {
        if let Some(v) = payload.and_then(|p| p.get(name)) {
            let secs = NumericDate::read(v).seconds();
            let info = TimeInfo {
                value: v.clone(),
                utc: secs.and_then(format_utc),
                rfc3339: secs.and_then(format_rfc3339),
                relative: secs.map(|s| relative(s, with.now)),
            };
            if let Ok(v) = serde_json::to_value(info) {
                times.insert(name.to_string(), v);
            }
        }
    }

    let validity = payload.map(|p| super::time::Validity::at(p, with.now, with.leeway));
    let signature_valid = signature.as_ref().map(|s| s.valid);
    let is_error = |f: &&Finding| f.severity == Severity::Error;
    let other_errors = findings
        .iter()
        .filter(is_error)
        .any(|f| f.rule != "expired" && f.rule != "not-yet-valid");
    let status = if !token.is_readable()
        || signature_valid == Some(false)
        || token.alg().is_some_and(|a| a.eq_ignore_ascii_case("none"))
    {
        Status::Invalid
    } else {
        match validity {
            Some(super::time::Validity::Expired { .. }) => Status::Expired,
            Some(super::time::Validity::NotYetValid { .. }) => Status::NotYetValid,
            _ if other_errors => Status::Invalid,
            _ => Status::Valid,
        }
    };
    let summary = match (status, validity) {
        (Status::Invalid, _) if !token.is_readable() => "unreadable".to_string(),
        (Status::Invalid, _) if signature_valid == Some(false) => "invalid signature".to_string(),
        (Status::Invalid, _) => "invalid".to_string(),
        (_, Some(v)) => v.describe(),
        _ => String::new(),
    };
    let suggested_preset = match (with.preset, with.presets) {
        (None, Some(all)) => suggest_preset(token, all).map(|p| p.id.clone()),
        _ => None,
    };
    Report {
        header: token.header.object.clone(),
        payload: token.payload.object.clone(),
        signature_valid,
        signature,
        findings,
        times,
        status,
        summary,
        preset: with.preset.map(|p| p.id.clone()),
        suggested_preset,
        token: token.compact.clone(),
        token_bytes: token.compact.len(),
        cleanups: token
            .cleanups
            .iter()
            .map(super::decode::Cleanup::describe)
            .collect(),
    }
}
