//! "Would the widget accept it?": the report as a checklist of the vendor's rules.

use serde::Serialize;

use super::Report;
use crate::core::finding::{Finding, Part, Severity};
use crate::core::preset::Preset;

/// How one line of the checklist came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckState {
    Pass,
    /// Passes, with warnings or notes attached.
    Note(Severity),
    Fail,
    /// Could not be checked (no key to verify with).
    Unchecked,
}

/// One line of "why would the widget reject this?".
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChecklistItem {
    pub label: String,
    pub state: CheckState,
    /// The findings behind this line.
    pub findings: Vec<Finding>,
}

const SIGNATURE_RULES: [&str; 9] = [
    "signature",
    "alg-none",
    "alg-missing",
    "alg-unsupported",
    "alg-not-allowed",
    "key-mismatch",
    "kid-not-found",
    "signature-unreadable",
    "short-secret",
];
const TIME_RULES: [&str; 9] = [
    "expired",
    "too-old",
    "not-yet-valid",
    "exp-before-iat",
    "nbf-after-exp",
    "fractional-numericdate",
    "integer-numericdate",
    "string-numericdate",
    "numericdate-type",
];

/// The report as a checklist: the signature, the times, each of the preset's header fields
/// and claims, its lifetime and size limits, and anything else found.
pub fn checklist(report: &Report<'_>, preset: Option<&Preset>) -> Vec<ChecklistItem> {
    let mut left: Vec<&Finding> = report.findings.iter().collect();
    let mut take = |pred: &dyn Fn(&Finding) -> bool| -> Vec<Finding> {
        let (mine, rest): (Vec<&Finding>, Vec<&Finding>) = left.iter().partition(|f| pred(f));
        left = rest;
        mine.into_iter().cloned().collect()
    };
    let state = |findings: &[Finding]| match findings.iter().map(|f| f.severity).max() {
        Some(Severity::Error) => CheckState::Fail,
        Some(s) => CheckState::Note(s),
        None => CheckState::Pass,
    };
    // A part that could not be read (damaged, or sealed in an encrypted token) was not
    // checked: its lines say so rather than pass.
    let unread = |readable: bool, findings: &[Finding]| {
        if readable || !findings.is_empty() {
            state(findings)
        } else {
            CheckState::Unchecked
        }
    };
    let (header_read, payload_read) = (report.header.is_some(), report.payload.is_some());
    let mut items = Vec::new();

    let decode = take(&|f| f.rule.starts_with("decode."));
    if !decode.is_empty() {
        items.push(ChecklistItem {
            label: "Readable as a JWT".into(),
            state: state(&decode),
            findings: decode,
        });
    }
    let sig = take(&|f| SIGNATURE_RULES.contains(&f.rule.as_str()));
    let sig_state = match (report.signature_valid, state(&sig)) {
        (_, CheckState::Fail) | (Some(false), _) => CheckState::Fail,
        (None, _) => CheckState::Unchecked,
        (Some(true), s) => s,
    };
    let sig_label = match (&report.signature, report.signature_valid) {
        (Some(s), Some(true)) => format!(
            "Signature verifies ({} with the {})",
            s.alg.map_or("?", |a| a.name()),
            s.key.as_deref().unwrap_or("key")
        ),
        (_, Some(false)) => "Signature verifies with the key".to_string(),
        (None, Some(true)) => {
            "Authenticated: decrypted with the shared key (nothing is signed)".to_string()
        }
        _ => "Signature (add the key to check it)".to_string(),
    };
    items.push(ChecklistItem {
        label: sig_label,
        state: sig_state,
        findings: sig,
    });
    let time = take(&|f| TIME_RULES.contains(&f.rule.as_str()));
    items.push(ChecklistItem {
        label: format!("Time: {}", report.summary.time_text()),
        state: unread(payload_read, &time),
        findings: time,
    });
    if let Some(p) = preset {
        if let Some(max) = p.lifetime.max {
            let life = take(&|f| f.rule == "max-lifetime");
            items.push(ChecklistItem {
                label: format!("Lifetime at most {}", crate::core::time::human_span(max)),
                state: unread(payload_read, &life),
                findings: life,
            });
        }
        if let Some(max) = p.token.max_bytes {
            let size = take(&|f| f.rule == "max-token-bytes");
            items.push(ChecklistItem {
                label: format!("Token at most {max} bytes ({} now)", report.token_bytes),
                state: state(&size),
                findings: size,
            });
        }
        for spec in &p.header {
            if spec.name == "alg" || !(spec.required || spec.constant.is_some()) {
                continue;
            }
            let name = spec.name.clone();
            let f = take(&|f| f.part == Part::Header && f.claim.as_deref() == Some(&name));
            items.push(ChecklistItem {
                label: format!("Header {}", spec.label()),
                state: unread(header_read, &f),
                findings: f,
            });
        }
        let payload = report.payload;
        for spec in &p.claims {
            let present = payload.is_some_and(|m| m.contains_key(&spec.name));
            let name = spec.name.clone();
            let f = take(&|f| f.part == Part::Payload && f.claim.as_deref() == Some(&name));
            if !(spec.required || spec.recommended || present || !f.is_empty()) {
                continue;
            }
            let label = match &spec.label {
                Some(l) => format!("{l} ({})", spec.name),
                None => spec.name.clone(),
            };
            items.push(ChecklistItem {
                label,
                state: unread(payload_read, &f),
                findings: f,
            });
        }
    }
    let rest: Vec<Finding> = left.into_iter().cloned().collect();
    if !rest.is_empty() {
        items.push(ChecklistItem {
            label: "Other findings".into(),
            state: state(&rest),
            findings: rest,
        });
    }
    items
}
