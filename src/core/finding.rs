//! A finding: one thing the engine noticed about a token, with where and why.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// Which part of the token (or the key) a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    Token,
    Header,
    Payload,
    Signature,
    Key,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub part: Part,
    /// The claim (or header field) concerned, if any.
    pub claim: Option<String>,
    /// A stable rule id such as `max-lifetime` or `connect.attributes.string-values`.
    pub rule: String,
    pub message: String,
    /// Where the rule comes from (a vendor document, an RFC).
    pub source: Option<String>,
}

impl Finding {
    pub fn new(severity: Severity, part: Part, rule: &str, message: impl Into<String>) -> Self {
        Finding {
            severity,
            part,
            claim: None,
            rule: rule.to_string(),
            message: message.into(),
            source: None,
        }
    }

    pub fn error(part: Part, rule: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, part, rule, message)
    }

    pub fn warning(part: Part, rule: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, part, rule, message)
    }

    pub fn info(part: Part, rule: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, part, rule, message)
    }

    pub fn claim(mut self, claim: &str) -> Self {
        self.claim = Some(claim.to_string());
        self
    }

    pub fn source(mut self, source: Option<&str>) -> Self {
        self.source = source.map(str::to_string);
        self
    }
}

pub const RFC7515: &str = "https://www.rfc-editor.org/rfc/rfc7515";
pub const RFC7518_HMAC: &str = "https://www.rfc-editor.org/rfc/rfc7518#section-3.2";
pub const RFC7519_NUMERICDATE: &str = "https://www.rfc-editor.org/rfc/rfc7519#section-2";
pub const RFC7519_EXP: &str = "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4";
pub const RFC7519_NBF: &str = "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.5";
pub const RFC8725_ALG: &str = "https://www.rfc-editor.org/rfc/rfc8725#section-3.1";
