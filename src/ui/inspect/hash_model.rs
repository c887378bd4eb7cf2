//! Inspect mode for a pasted identity hash (not a token): checked with the chosen hash
//! vendor's rules against the visitor's fields and the secret from Mint mode, and against
//! every stored profile on request.

use crate::core::hash::{self, HashCheck, TypedSecret};
use crate::core::mint::MintRequest;
use crate::core::preset::Output;
use crate::ui::workbench::{Shown, Workbench};

/// What Inspect shows for a pasted identity hash.
#[derive(Clone, Debug, PartialEq)]
pub struct HashInspect {
    /// The pasted value, trimmed.
    pub value: String,
    /// The MAC's length and how it is written.
    pub bytes: usize,
    pub output: Output,
    /// The hash preset it was checked against.
    pub preset: Option<String>,
    pub check: Option<HashCheck>,
    /// What was hashed, as the screen shows it (masked in demo mode).
    pub fields_shown: String,
    /// Why it could not be checked yet.
    pub missing: Option<String>,
}

impl Workbench {
    /// The hash view when the pasted text looks like an identity hash; `None` otherwise.
    pub(in crate::ui) fn inspect_hash(&self, now: i64) -> Option<HashInspect> {
        let text = self.inputs.inspect_text.trim();
        let (bytes, output) = hash::looks_like_hash(text)?;
        let mut view = HashInspect {
            value: text.to_string(),
            bytes,
            output,
            preset: None,
            check: None,
            fields_shown: String::new(),
            missing: None,
        };
        let Some(preset) = self.preset().filter(|p| p.is_hash()) else {
            view.missing = Some(
                "Choose its vendor among the identity hashes on the left (Chatwoot, Intercom user_hash, …) to check it.".into(),
            );
            return Some(view);
        };
        view.preset = Some(preset.id.clone());
        let rules = preset.hash.as_ref()?;
        let request = self
            .form()
            .map_or_else(MintRequest::default, |f| f.to_request(preset));
        let fields = match hash::fields(preset, &request, now) {
            Ok(f) if hash::message(rules, &f).is_some() => f,
            _ => {
                view.missing = Some(format!(
                    "Fill in the visitor's {} in Mint mode: the hash is checked against it.",
                    rules.describe_message()
                ));
                return Some(view);
            }
        };
        view.fields_shown =
            Shown::of(text, None, Some(&fields), Some(preset), self.inputs.demo).payload;
        let secret = (self.derived.key.keys.as_ref())
            .and_then(|k| k.signing_key())
            .and_then(|k| k.secret_bytes());
        let Some(secret) = secret else {
            view.missing = Some(format!(
                "Give {}'s secret in Mint mode: the hash is checked with it.",
                preset.vendor
            ));
            return Some(view);
        };
        let typed = &self.inputs.key;
        let secret_text = (typed.file.is_none() && !typed.secret.is_empty()).then(|| TypedSecret {
            text: typed.secret.expose().as_bytes(),
            encoding: typed.encoding,
        });
        view.check = Some(hash::verify(
            preset,
            text,
            &fields,
            secret,
            secret_text,
            now,
        ));
        Some(view)
    }
}
