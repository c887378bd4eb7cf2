//! The human-readable report for `inspect` and `verify`.

use std::fmt::Write;

use serde_json::{Map, Value};

use crate::core::finding::Severity;
use crate::core::report::Report;
use crate::core::secret::SecretDiagnosis;

fn pretty(map: &Map<String, Value>) -> String {
    serde_json::to_string_pretty(map).unwrap_or_default()
}

/// Each line indented, and made terminal-safe: JSON escapes what breaks a line, not the
/// characters that reorder or redraw one.
fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {}\n", super::terminal_safe(l)))
        .collect()
}

pub fn report(r: &Report, secret: Option<&SecretDiagnosis>, verifying: bool) -> String {
    report_with(r, secret, verifying, ["(could not be decoded)"; 2])
}

/// `report`, saying `missing` ([header, payload]) for a part that is not there.
pub fn report_with(
    r: &Report,
    secret: Option<&SecretDiagnosis>,
    verifying: bool,
    missing: [&str; 2],
) -> String {
    let mut out = String::new();
    for note in &r.cleanups {
        let _ = writeln!(out, "Note: {}.", super::terminal_safe(note));
    }
    match r.header {
        Some(h) => {
            let _ = write!(out, "Header\n{}", indent(&pretty(h)));
        }
        None => {
            let _ = writeln!(out, "Header\n  {}", missing[0]);
        }
    }
    match r.payload {
        Some(p) => {
            let _ = write!(out, "Payload\n{}", indent(&pretty(p)));
        }
        None => {
            let _ = writeln!(out, "Payload\n  {}", missing[1]);
        }
    }
    let sig = match (&r.signature, r.signature_valid) {
        (Some(s), Some(true)) => format!(
            "valid ({} with the {})",
            s.alg.map_or("?", |a| a.name()),
            super::terminal_safe(s.key.as_deref().unwrap_or("key"))
        ),
        (Some(_), _) => "INVALID (see findings)".to_string(),
        // Sealed claims opened with the shared key: its tag is what proves them.
        (None, Some(true)) => "none; authenticated by decryption with the shared key".to_string(),
        (None, _) if verifying => "not checked".to_string(),
        (None, _) => "not checked (give a key to verify: --secret-env, --secret-file, --secret-stdin, --key-file or --jwks-url)".to_string(),
    };
    let _ = writeln!(out, "Signature  {sig}");
    if let Some(d) = secret {
        let _ = writeln!(
            out,
            "Secret     {} characters; as {}",
            d.characters,
            d.readings_summary()
        );
        for note in &d.notes {
            let _ = writeln!(out, "           {note}");
        }
    }
    if !r.times.is_empty() {
        out.push_str("Times\n");
        for (name, info) in r.times.iter() {
            let value = info.value.to_string();
            let utc = info.utc().unwrap_or_else(|| "not a time".to_string());
            let rel = info
                .relative()
                .map(|r| format!("  ({r})"))
                .unwrap_or_default();
            let _ = writeln!(out, "  {name:<4} {value:<14} {utc}{rel}");
        }
    }
    let verdict = r.verdict();
    let _ = writeln!(
        out,
        "Status     {}: {}",
        verdict.label(),
        verdict.explain(&r.summary.to_string())
    );
    match (&r.preset, &r.suggested_preset) {
        (Some(p), _) => {
            let _ = writeln!(out, "Preset     {p}");
        }
        (None, Some(s)) => {
            let _ = writeln!(
                out,
                "Preset     none (looks like {s}: add --preset {s} to check its rules)"
            );
        }
        (None, None) => {}
    }
    findings(&mut out, &r.findings);
    out
}

/// "Findings   none", or one line per finding: severity, where, message, rule.
pub fn findings(out: &mut String, findings: &[crate::core::finding::Finding]) {
    if findings.is_empty() {
        out.push_str("Findings   none\n");
        return;
    }
    out.push_str("Findings\n");
    for f in findings {
        let mark = match f.severity {
            Severity::Error => "error  ",
            Severity::Warning => "warning",
            Severity::Info => "info   ",
        };
        // A message quotes what the token (or key set) holds: never a line of its own.
        let claim = f
            .claim
            .as_deref()
            .map(|c| format!("[{}] ", super::terminal_safe(c)))
            .unwrap_or_default();
        let message = super::terminal_safe(&f.message);
        let _ = writeln!(out, "  {mark}  {claim}{message} ({})", f.rule);
    }
}
