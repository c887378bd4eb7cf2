//! A preset's rules beyond one claim's type: values that are accepted but dangerous, and
//! rules across claims (a prefix one claim must carry from another).

use regex::Regex;
use serde::Deserialize;
use serde_json::Value;

use super::schema::{one_line, warning_severity};
use crate::core::finding::Severity;

/// Values of a claim that are accepted but dangerous (Tiledesk `role: owner`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DangerRule {
    pub values: Vec<Value>,
    #[serde(default = "warning_severity")]
    pub severity: Severity,
    pub message: String,
    #[serde(default)]
    pub source: Option<String>,
}

/// A rule about several claims at once.
#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Rule {
    /// Fires when all of `present` are there and all of `absent` are not.
    Shape {
        id: String,
        #[serde(default)]
        present: Vec<String>,
        #[serde(default)]
        absent: Vec<String>,
        #[serde(default = "warning_severity")]
        severity: Severity,
        message: String,
        #[serde(default)]
        source: Option<String>,
    },
    /// `claim` should start with a part of `from` (captured by `capture`) then `suffix`.
    Prefix {
        id: String,
        claim: String,
        from: String,
        capture: String,
        #[serde(default)]
        suffix: String,
        #[serde(default = "warning_severity")]
        severity: Severity,
        message: String,
        #[serde(default)]
        source: Option<String>,
        #[serde(skip)]
        capture_re: Option<Regex>,
    },
}

impl Rule {
    pub(super) fn compile(&mut self) -> Result<(), String> {
        if let Rule::Prefix {
            capture,
            capture_re,
            ..
        } = self
        {
            let re = Regex::new(capture).map_err(|e| format!("capture: {}", one_line(&e)))?;
            if re.captures_len() < 2 {
                return Err("capture: needs one (group) to capture".into());
            }
            *capture_re = Some(re);
        }
        Ok(())
    }
}
