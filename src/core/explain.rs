//! What the widget said: a vendor's error text (a console line, a response body, a code
//! alone) matched against the errors the presets list, and which of them a token breaks.
//!
//! Matching is by the vendor's own words: the text and each error's message are folded the
//! same way (lower case, JSON escapes read, runs of space made one), and a message matches
//! where it appears inside the text. A code matches as a whole word; a code of fewer than
//! four characters ("43") only when the preset is known.

use serde::Serialize;

use super::finding::{Part, Severity};
use super::preset::{Preset, Presets, VendorError};
use super::report::{Report, Status};

/// One vendor error the text matched.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Match {
    pub preset: String,
    pub vendor: String,
    pub code: Option<String>,
    pub message: Option<String>,
    pub status: Option<u16>,
    #[serde(rename = "where")]
    pub place: &'static str,
    pub rules: Vec<String>,
    pub meaning: String,
    pub fix: String,
    pub source: String,
    pub inferred: bool,
    /// What matched: "message" or "code".
    pub by: &'static str,
}

impl Match {
    fn of(preset: &Preset, e: &VendorError, by: &'static str) -> Match {
        Match {
            preset: preset.id.clone(),
            vendor: preset.vendor.clone(),
            code: e.code.clone(),
            message: e.message.clone(),
            status: e.status,
            place: e.place.describe(),
            rules: e.rules.clone(),
            meaning: e.meaning.clone(),
            fix: e.fix.clone(),
            source: e.source.clone(),
            inferred: e.inferred,
            by,
        }
    }
}

/// The text folded for matching: lower case, JSON string escapes read (`\"`, `\/`, `\n`,
/// `\u0027`), quotes made plain, runs of white space one space.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        let c = if c == '\\' {
            match chars.peek().copied() {
                Some('n' | 't' | 'r') => {
                    chars.next();
                    ' '
                }
                Some(q @ ('"' | '\'' | '/' | '\\')) => {
                    chars.next();
                    q
                }
                Some('u') => {
                    let hex: String = chars.clone().skip(1).take(4).collect();
                    match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        Some(u) if hex.len() == 4 => {
                            for _ in 0..5 {
                                chars.next();
                            }
                            u
                        }
                        _ => c,
                    }
                }
                _ => c,
            }
        } else {
            c
        };
        let c = match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            other => other,
        };
        if c.is_whitespace() {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
            continue;
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Whether a folded message says enough to be matched among every vendor's ("Unauthorized"
/// or "Invalid JWT" alone could be anyone's: those need the vendor known).
fn distinctive(message: &str) -> bool {
    message.len() >= 12 && message.contains(' ')
}

/// Whether `code` stands in `folded` as a whole word (not inside a longer one).
fn has_code(folded: &str, code: &str) -> bool {
    let code = fold(code);
    if code.is_empty() {
        return false;
    }
    let word = |c: char| c.is_alphanumeric() || c == '_';
    folded.match_indices(&code).any(|(at, _)| {
        let before = folded[..at].chars().next_back();
        let after = folded[at + code.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}

/// The vendor errors `text` matches: of `only` when given, else of every preset. Message
/// matches first (longer first), then code matches.
pub fn explain(text: &str, presets: &Presets, only: Option<&Preset>) -> Vec<Match> {
    let folded = fold(text);
    let mut found: Vec<(usize, Match)> = Vec::new();
    let candidates: Vec<&Preset> = match only {
        Some(p) => vec![p],
        None => presets.iter().collect(),
    };
    for preset in candidates {
        // By message first; a code then matches the errors whose code no message of this
        // vendor matched ("BP_0401" with "jwt expired" is that one error, not every 401).
        let mut said: Vec<&str> = Vec::new();
        for e in &preset.errors {
            let by_message = e
                .message
                .as_deref()
                .map(fold)
                .filter(|m| (only.is_some() || distinctive(m)) && folded.contains(m.as_str()));
            if let Some(m) = by_message {
                said.extend(e.code.as_deref());
                found.push((m.len() + 1000, Match::of(preset, e, "message")));
            }
        }
        for e in &preset.errors {
            let Some(code) = e.code.as_deref() else {
                continue;
            };
            let matched_by_message = e
                .message
                .as_deref()
                .is_some_and(|m| folded.contains(fold(m).as_str()));
            if matched_by_message || said.contains(&code) {
                continue;
            }
            let distinct = only.is_some() || code.trim().chars().count() >= 4;
            if distinct && has_code(&folded, code) {
                found.push((code.len(), Match::of(preset, e, "code")));
            }
        }
    }
    // A message found inside a longer one that matched says less ("Invalid JWT" inside
    // "Invalid JWT header. Missing key id (kid)"): the longer one is the error.
    let messages: Vec<String> = found
        .iter()
        .filter(|(_, m)| m.by == "message")
        .filter_map(|(_, m)| m.message.as_deref().map(fold))
        .collect();
    found.retain(|(_, m)| {
        let Some(mine) = m.message.as_deref().map(fold).filter(|_| m.by == "message") else {
            return true;
        };
        !messages
            .iter()
            .any(|other| other.len() > mine.len() && other.contains(mine.as_str()))
    });
    // The most specific first; of equals, what the vendor documents before what is inferred.
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.inferred.cmp(&b.1.inferred)));
    found.into_iter().map(|(_, m)| m).collect()
}

/// When nothing matched: the presets whose vendor, id or error texts share the most words
/// with `text` (at most three).
pub fn closest<'p>(text: &str, presets: &'p Presets) -> Vec<&'p Preset> {
    let folded = fold(text);
    let mut words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .collect();
    words.sort_unstable();
    words.dedup();
    let hays: Vec<(&Preset, String)> = presets
        .iter()
        .filter(|p| !p.errors.is_empty())
        .map(|p| {
            let mut hay = format!("{} {} {}", p.vendor, p.name, p.id);
            for e in &p.errors {
                hay.push(' ');
                hay.push_str(e.message.as_deref().unwrap_or_default());
                hay.push(' ');
                hay.push_str(e.code.as_deref().unwrap_or_default());
            }
            (p, fold(&hay))
        })
        .collect();
    // A word few vendors use says more than one every vendor does ("twilio" over "chat").
    let weight = |w: &str| {
        let in_how_many = hays.iter().filter(|(_, hay)| hay.contains(w)).count();
        if in_how_many == 0 {
            0.0
        } else {
            1.0 / f64::from(u32::try_from(in_how_many).unwrap_or(u32::MAX))
        }
    };
    let weights: Vec<(&str, f64)> = words.iter().map(|w| (*w, weight(w))).collect();
    let mut scored: Vec<(f64, &Preset)> = hays
        .iter()
        .map(|(p, hay)| {
            let score = weights
                .iter()
                .filter(|(w, _)| hay.contains(*w))
                .map(|(_, weight)| weight)
                .sum::<f64>();
            (score, *p)
        })
        .filter(|(score, _)| *score > 0.0)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.name.cmp(&b.1.name)));
    scored.into_iter().take(3).map(|(_, p)| p).collect()
}

/// "kid — kid is required but missing", or the finding alone when it names the rule itself
/// ("expired 1h ago").
pub fn said_break(rule: &str, why: &str) -> String {
    if why.to_lowercase().starts_with(&rule.replace('-', " ")) {
        why.to_string()
    } else {
        format!("{rule} — {why}")
    }
}

/// Of `rules` (an error's), those `report` shows this token breaking, each with the
/// finding or verdict that shows it ("kid: the header has no \"kid\"").
pub fn token_breaks(rules: &[String], report: &Report<'_>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for rule in rules {
        if let Some(why) = breaks(rule, report) {
            out.push((rule.clone(), why));
        }
    }
    out
}

fn breaks(rule: &str, report: &Report<'_>) -> Option<String> {
    let serious = |f: &&super::finding::Finding| f.severity != Severity::Info;
    let finding = |test: &dyn Fn(&super::finding::Finding) -> bool| {
        report
            .findings
            .iter()
            .filter(serious)
            .find(|f| test(f))
            .map(|f| f.message.clone())
    };
    let named =
        |part: Part, name: &str| finding(&|f| f.part == part && f.claim.as_deref() == Some(name));
    match rule {
        "signature" => match report.signature_valid {
            Some(false) => Some("the signature does not verify with the key given".into()),
            _ => finding(&|f| f.rule.starts_with("signature")),
        },
        "expired" => (report.status == Status::Expired)
            .then(|| report.summary.to_string())
            .or_else(|| finding(&|f| f.rule == "expired")),
        "not-yet-valid" => (report.status == Status::NotYetValid)
            .then(|| report.summary.to_string())
            .or_else(|| finding(&|f| f.rule == "not-yet-valid" || f.rule == "iat")),
        "max-lifetime" => finding(&|f| f.rule.contains("lifetime") || f.rule == "too-old"),
        "alg" => finding(&|f| f.rule.starts_with("alg") || f.claim.as_deref() == Some("alg")),
        "kid" => named(Part::Header, "kid").or_else(|| finding(&|f| f.rule.starts_with("kid"))),
        "secret" => finding(&|f| {
            f.part == Part::Key
                || [
                    "short-secret",
                    "key-length",
                    "key-pattern",
                    "secret-encoding",
                    "wrong-encoding",
                ]
                .contains(&f.rule.as_str())
        }),
        "format" => (!report.readable)
            .then(|| "the token can't be read".to_string())
            .or_else(|| finding(&|f| f.rule.starts_with("decode."))),
        "size" => {
            finding(&|f| f.rule.contains("bytes") || f.rule == "value-length" || f.rule == "length")
        }
        "hash" => finding(&|f| {
            [
                "wrong-mac",
                "uppercase-hex",
                "not-a-hash",
                "wrong-field",
                "swapped-arguments",
                "lower-cased",
                "upper-cased",
                "message-changed",
                "nothing-hashed",
            ]
            .contains(&f.rule.as_str())
        }),
        "hash-time" => finding(&|f| f.rule.starts_with("hash-time")),
        "encryption" => {
            finding(&|f| f.rule.starts_with("jwe.") || f.rule == "vendor-silent-failure")
        }
        "issued" => (report.status == Status::Expired).then(|| report.summary.to_string()),
        other => {
            if let Some(name) = other.strip_prefix("claim:") {
                named(Part::Payload, name)
            } else if let Some(name) = other.strip_prefix("header:") {
                named(Part::Header, name)
            } else {
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_folded_as_vendors_and_browsers_write_it() {
        assert_eq!(
            fold("{\"error\":\"Invalid JWT header. Missing key id (kid)\"}"),
            "{\"error\":\"invalid jwt header. missing key id (kid)\"}"
        );
        assert_eq!(
            fold("HMAC failed: Invalid\\nIdentifier   Hash\\u0020Provided"),
            "hmac failed: invalid identifier hash provided"
        );
        assert_eq!(fold("it\\u2019s"), "it's");
        assert_eq!(fold("  a\tb  "), "a b");
        assert_eq!(fold("broken \\u12"), "broken \\u12");
    }

    #[test]
    fn codes_match_as_whole_words() {
        let t = fold(r#"{"internalErrorCode":"9007"}"#);
        assert!(has_code(&t, "9007"));
        assert!(!has_code(&fold("190071"), "9007"));
        assert!(has_code(&fold("Unauthorized (BP_0401)"), "BP_0401"));
        assert!(!has_code(&fold("XBP_0401"), "BP_0401"));
    }
}
