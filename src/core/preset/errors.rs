//! What a vendor answers when it refuses a token (`[[errors]]` in a preset): its code and
//! message as it writes them, where they appear, the rules they correspond to, and the fix.

use serde::{Deserialize, Serialize};

/// One error the vendor returns.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VendorError {
    /// The vendor's code as it writes it ("9007", "20101", "BP_0401").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The constant part of the vendor's text, as it writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The HTTP status it comes with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Where it appears.
    #[serde(rename = "where")]
    pub place: ErrorPlace,
    /// The rules it corresponds to (see [`RULES`]; `claim:NAME`, `header:NAME`).
    pub rules: Vec<String>,
    pub meaning: String,
    pub fix: String,
    pub source: String,
    /// The meaning is inferred (an issue thread, the vendor's code) rather than documented.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
}

/// Where a vendor's error appears.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ErrorPlace {
    /// Only an HTTP status.
    Status,
    /// The HTTP response body.
    Body,
    /// The browser console.
    Console,
    /// An SDK callback, event or error object.
    Callback,
    /// The vendor's server log the customer can read.
    Log,
    /// Shown on the page or in the widget.
    Page,
}

impl ErrorPlace {
    pub fn describe(self) -> &'static str {
        match self {
            ErrorPlace::Status => "HTTP status",
            ErrorPlace::Body => "response body",
            ErrorPlace::Console => "browser console",
            ErrorPlace::Callback => "SDK callback or event",
            ErrorPlace::Log => "server log",
            ErrorPlace::Page => "on the page",
        }
    }
}

/// The rule names an error may name, besides `claim:NAME` and `header:NAME`.
pub const RULES: &[&str] = &[
    "signature",
    "expired",
    "not-yet-valid",
    "max-lifetime",
    "alg",
    "kid",
    "secret",
    "format",
    "size",
    "hash",
    "hash-time",
    "encryption",
    "issued",
];

impl VendorError {
    /// What the loader can't leave to serde: a code or a message, known rule names, a
    /// source.
    pub(super) fn validate(&self) -> Result<(), String> {
        let what = self
            .code
            .as_deref()
            .or(self.message.as_deref())
            .ok_or("an [[errors]] entry needs a code or a message")?;
        if let Some(m) = &self.message
            && m.trim().chars().count() < 6
        {
            return Err(format!(
                "error \"{m}\": a message needs at least 6 characters to be found in text"
            ));
        }
        if self.code.as_deref().is_some_and(|c| c.trim().is_empty()) {
            return Err("an [[errors]] code can't be empty".into());
        }
        if self.rules.is_empty() {
            return Err(format!(
                "error \"{what}\": name the rules it means (rules = [...])"
            ));
        }
        for rule in &self.rules {
            let known = RULES.contains(&rule.as_str())
                || ["claim:", "header:"].iter().any(|p| {
                    rule.strip_prefix(p)
                        .is_some_and(|name| !name.is_empty() && !name.contains(' '))
                });
            if !known {
                return Err(format!(
                    "error \"{what}\": unknown rule \"{rule}\" (one of {}, claim:NAME, header:NAME)",
                    RULES.join(", ")
                ));
            }
        }
        if self.source.trim().is_empty() || self.meaning.trim().is_empty() {
            return Err(format!("error \"{what}\": give its meaning and source"));
        }
        Ok(())
    }
}
