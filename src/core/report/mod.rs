//! The inspection report: everything `inspect`, `verify` and the window's Inspect mode show.

mod checklist;

pub use checklist::{CheckState, ChecklistItem, checklist};

use serde::Serialize;
use serde_json::{Map, Value};

use super::check::{CheckOptions, check};
use super::decode::Decoded;
use super::finding::{Finding, Severity};
use super::jws::{self, SignatureCheck};
use super::key::KeySet;
use super::preset::{Preset, Presets};
use super::suggest::suggest_preset;
use super::time::{NumericDate, TimeClaims, Validity, format_rfc3339, format_utc, relative};

/// The overall verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Valid,
    Expired,
    NotYetValid,
    Invalid,
}

/// The verdict as a person reads it. The JSON's `status` is the contract's (`valid` when
/// nothing is wrong with what was checked); this one never calls a token valid whose
/// signature was not checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Signature verified, times and rules met.
    Valid,
    /// Times and rules met, but no key was given: anyone could have made it.
    NotVerified,
    Expired,
    NotYetValid,
    Invalid,
}

impl Verdict {
    pub fn of(status: Status, signature_valid: Option<bool>) -> Verdict {
        match (status, signature_valid) {
            (Status::Valid, None) => Verdict::NotVerified,
            (Status::Valid, _) => Verdict::Valid,
            (Status::Expired, _) => Verdict::Expired,
            (Status::NotYetValid, _) => Verdict::NotYetValid,
            (Status::Invalid, _) => Verdict::Invalid,
        }
    }

    /// "VALID", "NOT VERIFIED", …
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Valid => "VALID",
            Verdict::NotVerified => "NOT VERIFIED",
            Verdict::Expired => "EXPIRED",
            Verdict::NotYetValid => "NOT YET VALID",
            Verdict::Invalid => "INVALID",
        }
    }

    /// "Valid", "Not verified", …: for sentences and screen readers.
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Valid => "Valid",
            Verdict::NotVerified => "Not verified",
            Verdict::Expired => "Expired",
            Verdict::NotYetValid => "Not yet valid",
            Verdict::Invalid => "Invalid",
        }
    }

    /// The time verdict, said with what was not checked: "no key given; times valid for
    /// 5m" when the signature was not verified.
    pub fn explain(self, summary: &str) -> String {
        match self {
            Verdict::NotVerified if summary.is_empty() => "no key given".to_string(),
            Verdict::NotVerified => format!("no key given; times {summary}"),
            _ => summary.to_string(),
        }
    }
}

/// One of iat/nbf/exp. The readable forms are made when shown or serialized
/// (`{"value", "utc", "rfc3339", "relative"}`), not while inspecting.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeInfo<'a> {
    /// The claim exactly as in the payload.
    pub value: &'a Value,
    /// The value as seconds, when it is a time.
    pub seconds: Option<f64>,
    now: i64,
}

impl TimeInfo<'_> {
    /// `2026-11-21 13:05:00 UTC`.
    pub fn utc(&self) -> Option<String> {
        self.seconds.and_then(format_utc)
    }

    /// `2026-11-21T13:05:00Z`.
    pub fn rfc3339(&self) -> Option<String> {
        self.seconds.and_then(format_rfc3339)
    }

    /// `in 4m 12s` / `3m ago`.
    pub fn relative(&self) -> Option<String> {
        self.seconds.map(|s| relative(s, self.now))
    }
}

impl Serialize for TimeInfo<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("TimeInfo", 4)?;
        st.serialize_field("value", self.value)?;
        st.serialize_field("utc", &self.utc())?;
        st.serialize_field("rfc3339", &self.rfc3339())?;
        st.serialize_field("relative", &self.relative())?;
        st.end()
    }
}

/// The one-line verdict ("valid for 4m 12s", "expired 3m ago", "invalid signature"),
/// written out when shown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    status: Status,
    readable: bool,
    bad_signature: bool,
    validity: Option<Validity>,
}

impl Summary {
    /// Where the token stands in time, whatever else is wrong with it.
    pub fn validity(&self) -> Option<Validity> {
        self.validity
    }

    /// "valid for 4m 12s", "expired 3m ago" — the time verdict alone.
    pub fn time_text(&self) -> String {
        self.validity.map_or_else(
            || "no time claims could be read".to_string(),
            |v| v.describe(),
        )
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.status, self.validity) {
            (Status::Invalid, _) if !self.readable => f.write_str("unreadable"),
            (Status::Invalid, _) if self.bad_signature => f.write_str("invalid signature"),
            (Status::Invalid, _) => f.write_str("invalid"),
            (_, Some(v)) => f.write_str(&v.describe()),
            _ => Ok(()),
        }
    }
}

impl Serialize for Summary {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The time claims present, in the order people read them.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Times<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iat: Option<TimeInfo<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nbf: Option<TimeInfo<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exp: Option<TimeInfo<'a>>,
}

impl<'a> Times<'a> {
    /// (claim name, info) for each time claim present.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &TimeInfo<'a>)> {
        [("iat", &self.iat), ("nbf", &self.nbf), ("exp", &self.exp)]
            .into_iter()
            .filter_map(|(n, t)| t.as_ref().map(|t| (n, t)))
    }

    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

/// The report borrows the decoded token's parts rather than copying them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report<'a> {
    pub header: Option<&'a Map<String, Value>>,
    pub payload: Option<&'a Map<String, Value>>,
    /// None when no key was given.
    pub signature_valid: Option<bool>,
    /// The algorithm and key the signature was checked with.
    pub signature: Option<SignatureCheck>,
    /// The key that verified the signature: kid, RFC 7638 thumbprint, source.
    pub matched_key: Option<super::jws::MatchedKey>,
    pub findings: Vec<Finding>,
    pub times: Times<'a>,
    pub status: Status,
    /// "valid for 4m 12s", "expired 3m ago".
    pub summary: Summary,
    pub preset: Option<String>,
    /// The preset whose claims best match, when none was chosen.
    pub suggested_preset: Option<String>,
    /// The token as verified, after removing what was pasted around it.
    pub token: &'a str,
    pub token_bytes: usize,
    /// What was removed from the input ("removed the \"Bearer\" prefix").
    pub cleanups: Vec<String>,
    /// Whether the header and payload decoded.
    #[serde(skip)]
    pub readable: bool,
}

impl Report<'_> {
    /// Any finding of severity error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// The verdict as people read it (never "valid" without a key).
    pub fn verdict(&self) -> Verdict {
        Verdict::of(self.status, self.signature_valid)
    }

    /// What `inspect` and `verify` exit 0 for: readable, the signature not refuted, no
    /// finding of severity error. (Without a key that is "not verified", not "valid".)
    pub fn passes(&self) -> bool {
        self.readable && self.signature_valid != Some(false) && !self.has_errors()
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

/// Decodes nothing (the token is decoded already): verifies the signature with the key, then
/// [`assess`]es the token.
pub fn inspect<'a>(token: &'a Decoded, with: &Inspect<'_>) -> Report<'a> {
    let signature = verify(token, with);
    let mut report = assess(token, with, signature);
    report.suggested_preset = match (with.preset, with.presets) {
        (None, Some(all)) => suggest_preset(token, all).map(|p| p.id.clone()),
        _ => None,
    };
    report
}

/// The signature checked with the key `with` gives, if any.
pub fn verify(token: &Decoded, with: &Inspect<'_>) -> Option<SignatureCheck> {
    with.keys
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
        })
}

/// The payload's iat, nbf and exp, and what they make of the token at `with.now`.
fn times_of<'a>(
    payload: Option<&'a Map<String, Value>>,
    with: &Inspect<'_>,
) -> (Times<'a>, Option<Validity>) {
    let Some(payload) = payload else {
        return (Times::default(), None);
    };
    let read = |name: &str| {
        super::json::member(payload, name).map(|value| TimeInfo {
            value,
            seconds: NumericDate::read(value).seconds(),
            now: with.now,
        })
    };
    let times = Times {
        iat: read("iat"),
        nbf: read("nbf"),
        exp: read("exp"),
    };
    let seconds = |t: &Option<TimeInfo<'_>>| t.as_ref().and_then(|t| t.seconds);
    let claims = TimeClaims {
        iat: seconds(&times.iat),
        nbf: seconds(&times.nbf),
        exp: seconds(&times.exp),
    };
    // A vendor that takes a token only so long after iat (Kustomer) expires it then.
    let claims = (with.preset)
        .and_then(|p| claims.cut_by_max_age(p.lifetime.max_age))
        .unwrap_or(claims);
    let validity = Validity::of(&claims, with.now, with.leeway);
    (times, Some(validity))
}

/// The report on a decrypted JWE whose plaintext is not a signed token (JSON claims, or
/// text): nothing inside is signed, so there is no header and no signature to check; the
/// claims' times still count. `findings` come from the caller (what the encryption proves).
///
/// `authenticated`: opened with a shared key, whose AEAD tag proves a holder of that key made
/// it (Chaskiq's sealed claims): reported as `signature_valid: true`, the way a checked HMAC
/// is.
pub fn of_plaintext<'a>(
    compact: &'a str,
    payload: Option<&'a Map<String, Value>>,
    findings: Vec<Finding>,
    with: &Inspect<'_>,
    authenticated: bool,
) -> Report<'a> {
    let (times, validity) = times_of(payload, with);
    let errors = findings.iter().any(|f| f.severity == Severity::Error);
    let status = match validity {
        Some(Validity::Expired { .. }) => Status::Expired,
        Some(Validity::NotYetValid { .. }) => Status::NotYetValid,
        _ if errors => Status::Invalid,
        _ => Status::Valid,
    };
    Report {
        header: None,
        payload,
        signature_valid: (authenticated && !errors).then_some(true),
        matched_key: None,
        signature: None,
        findings,
        times,
        status,
        summary: Summary {
            status,
            readable: true,
            bad_signature: false,
            validity,
        },
        preset: with.preset.map(|p| p.id.clone()),
        suggested_preset: None,
        token: compact,
        token_bytes: compact.len(),
        readable: true,
        cleanups: Vec::new(),
    }
}

/// The report for a token whose signature was checked already: findings, times and the
/// verdict at `with.now`. What changes with the clock, without verifying again.
pub fn assess<'a>(
    token: &'a Decoded,
    with: &Inspect<'_>,
    signature: Option<SignatureCheck>,
) -> Report<'a> {
    let opts = CheckOptions {
        now: with.now,
        leeway: with.leeway,
        keys: with.keys,
    };
    let mut findings = check(token, with.preset, &opts);
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
    let (times, validity) = times_of(payload, with);
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
            Some(Validity::Expired { .. }) => Status::Expired,
            Some(Validity::NotYetValid { .. }) => Status::NotYetValid,
            _ if other_errors => Status::Invalid,
            _ => Status::Valid,
        }
    };
    let summary = Summary {
        status,
        readable: token.is_readable(),
        bad_signature: signature_valid == Some(false),
        validity,
    };
    Report {
        header: token.header.object.as_ref(),
        payload: token.payload.object.as_ref(),
        signature_valid,
        matched_key: signature.as_ref().and_then(|s| s.matched.clone()),
        signature,
        findings,
        times,
        status,
        summary,
        preset: with.preset.map(|p| p.id.clone()),
        suggested_preset: None,
        token: &token.compact,
        token_bytes: token.compact.len(),
        readable: token.is_readable(),
        cleanups: token
            .cleanups
            .iter()
            .map(super::decode::Cleanup::describe)
            .collect(),
    }
}
