//! Minting from the form or the raw JSON, keeping the last good token when the inputs fail.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::core::alg::Alg;
use crate::core::check::CheckOptions;
use crate::core::decode::Decoded;
use crate::core::finding::Finding;
use crate::core::hash::{self, HashError, Hashed};
use crate::core::json::JsonError;
use crate::core::key::Key;
use crate::core::mint::{
    self, Checked, MintError, RawError, RawPart, mint_checked, parse_raw, sign_raw,
};
use crate::core::preset::Preset;
use crate::core::time::TimeClaims;
use crate::ui::workbench::{EditorMode, Shown, Workbench, capitalize};

use crate::ui::mint::form::FormValues;

/// A signed token and what it decodes to.
#[derive(Debug, Clone)]
pub struct MintedToken {
    pub token: String,
    pub decoded: Decoded,
    pub header: Map<String, Value>,
    pub payload: Map<String, Value>,
    pub alg: Alg,
    /// Findings of the preset's checks on the token as minted.
    pub findings: Vec<Finding>,
    pub minted_at: i64,
    /// The times the countdown follows (a vendor's own limit after `iat` when it ends first).
    pub times: TimeClaims,
    /// Why the countdown does not follow `exp` (Kustomer's 15 minutes after `iat`).
    pub clock_note: Option<String>,
    /// What the screen shows of it.
    pub shown: Shown,
    /// For an identity-hash preset: the hash and what it was made from (`token` is its
    /// value, `payload` its fields, `decoded` empty).
    pub hash: Option<Hashed>,
    /// The signed token encrypted for the vendor's key (LivePerson), when one is given; or
    /// why it could not be.
    pub jwe: Option<Result<crate::ui::mint::sealed::SealedToken, String>>,
}

/// One try at an identity hash.
struct HashAttempt {
    field_errors: BTreeMap<String, String>,
    result: Result<Hashed, Failed>,
}

/// Why no token came out: a message, or nothing to sign yet (no key: not worth a banner).
enum Failed {
    NotYet,
    Problem(String),
}

/// One try at minting: the token, and what to mark in the form or the raw editor.
struct Attempt {
    field_errors: BTreeMap<String, String>,
    raw_error: Option<(RawPart, JsonError)>,
    result: Result<Checked, Failed>,
}

impl Attempt {
    fn with(self, result: Result<Checked, Failed>) -> Attempt {
        Attempt { result, ..self }
    }

    fn failed(failed: Failed) -> Attempt {
        Attempt {
            field_errors: BTreeMap::new(),
            raw_error: None,
            result: Err(failed),
        }
    }
}

impl Workbench {
    pub(in crate::ui) fn mint(&mut self, now: i64) {
        self.derived.field_errors.clear();
        self.derived.problem = None;
        let Some(preset) = self.preset() else {
            return;
        };
        if preset.is_hash() {
            self.mint_hash(now);
            return;
        }
        let opts = CheckOptions {
            now,
            leeway: self.inputs.leeway,
            keys: self.derived.key.keys.as_ref(),
        };
        let result = match self.inputs.editor {
            EditorMode::Form => self.mint_from_form(preset, &opts),
            EditorMode::Raw => self.mint_from_raw(preset, &opts),
        };
        self.derived.field_errors = result.field_errors;
        self.derived.raw_error = result.raw_error;
        match result.result {
            Ok(Checked {
                minted,
                decoded,
                findings,
            }) => {
                let shown = Shown::of(
                    &minted.token,
                    Some(&minted.header),
                    Some(&minted.payload),
                    self.preset(),
                    self.inputs.demo,
                );
                let read = TimeClaims::read(&minted.payload);
                let (times, clock_note) = (self.preset())
                    .and_then(|p| crate::core::check::vendor_clock(&read, p))
                    .map_or((read, None), |(cut, note)| (cut, Some(note)));
                let jwe = self.preset().and_then(|p| {
                    crate::ui::mint::sealed::seal_for_vendor(p, &self.inputs.encrypt, &minted.token)
                });
                self.derived.minted = Some(MintedToken {
                    jwe,
                    times,
                    clock_note,
                    token: minted.token,
                    decoded,
                    header: minted.header,
                    payload: minted.payload,
                    alg: minted.alg,
                    findings,
                    minted_at: now,
                    shown,
                    hash: None,
                });
                self.derived.stale = false;
            }
            Err(Failed::NotYet) => self.derived.stale = self.derived.minted.is_some(),
            Err(Failed::Problem(problem)) => {
                self.derived.problem = Some(problem);
                self.derived.stale = self.derived.minted.is_some();
            }
        }
    }

    /// An identity hash from the form and the secret, keeping the last good one when the
    /// inputs fail.
    fn mint_hash(&mut self, now: i64) {
        // Cloned: the borrow of the preset list must end before the results are stored.
        let Some(preset) = self.preset().cloned() else {
            return;
        };
        let preset = &preset;
        let result = self.hash_attempt(preset, now);
        self.derived.field_errors = result.field_errors;
        self.derived.raw_error = None;
        match result.result {
            Ok(hashed) => {
                let findings = crate::core::check::check_values(preset, &hashed.fields);
                let mut shown = Shown::of(
                    &hashed.value,
                    None,
                    Some(&hashed.fields),
                    Some(preset),
                    self.inputs.demo,
                );
                // Neither a secret nor personal: the value shows as it is.
                shown.token.clone_from(&hashed.value);
                self.derived.minted = Some(MintedToken {
                    token: hashed.value.clone(),
                    decoded: crate::core::decode::decode(""),
                    header: Map::new(),
                    payload: hashed.fields.clone(),
                    alg: Alg::HS256,
                    findings,
                    minted_at: now,
                    times: hash::time_window(preset, &hashed.fields).unwrap_or_default(),
                    clock_note: hash_clock_note(preset),
                    shown,
                    hash: Some(hashed),
                    jwe: None,
                });
                self.derived.stale = false;
            }
            Err(Failed::NotYet) => self.derived.stale = self.derived.minted.is_some(),
            Err(Failed::Problem(problem)) => {
                self.derived.problem = Some(problem);
                self.derived.stale = self.derived.minted.is_some();
            }
        }
    }

    fn hash_attempt(&self, preset: &Preset, now: i64) -> HashAttempt {
        let failed = |f| HashAttempt {
            field_errors: BTreeMap::new(),
            result: Err(f),
        };
        let Some(form) = self.form() else {
            return failed(Failed::NotYet);
        };
        let bad = form.errors(preset, now);
        if !bad.is_empty() {
            return HashAttempt {
                field_errors: bad.into_iter().collect(),
                result: Err(Failed::Problem(
                    "A field can't be read; the last good hash is kept.".into(),
                )),
            };
        }
        let key = match self.signing_key() {
            Ok(k) => k,
            Err(f) => return failed(f),
        };
        let mut field_errors = BTreeMap::new();
        let result = hash::mint_hash(preset, &form.to_request(preset), key, now).map_err(|e| {
            if let HashError::Mint(MintError::BadValue { name, reason }) = &e {
                field_errors.insert(name.clone(), reason.clone());
            }
            if let HashError::Mint(MintError::MissingClaim { name, .. }) = &e {
                field_errors.insert(name.clone(), "required".to_string());
            }
            Failed::Problem(capitalize(&e.to_string()))
        });
        HashAttempt {
            field_errors,
            result,
        }
    }

    /// The signing key, or why there is none.
    fn signing_key(&self) -> Result<&Key, Failed> {
        let Some(keys) = self.derived.key.keys.as_ref() else {
            return Err(match &self.derived.key.error {
                Some(e) => Failed::Problem(format!("The key can't be used: {e}")),
                None => Failed::NotYet,
            });
        };
        keys.signing_key().ok_or_else(|| {
            Failed::Problem(format!(
                "{} can only verify; signing needs the private key.",
                keys.describe()
            ))
        })
    }

    fn mint_from_form(&self, preset: &Preset, opts: &CheckOptions<'_>) -> Attempt {
        let Some(form) = self.form() else {
            return Attempt::failed(Failed::NotYet);
        };
        let bad = form.errors(preset, opts.now);
        if !bad.is_empty() {
            let n = bad.len();
            let message = if n == 1 {
                "One field can't be read; the last good token is kept.".to_string()
            } else {
                format!("{n} fields can't be read; the last good token is kept.")
            };
            return Attempt {
                field_errors: bad.into_iter().collect(),
                ..Attempt::failed(Failed::Problem(message))
            };
        }
        let key = match self.signing_key() {
            Ok(k) => k,
            Err(f) => return Attempt::failed(f),
        };
        let mut field_errors = BTreeMap::new();
        let result = match mint_checked(preset, &form.to_request(preset), key, opts) {
            Ok(c) => Ok(c),
            Err(MintError::BadValue { name, reason }) => {
                field_errors.insert(name, reason.clone());
                Err(Failed::Problem(format!("A field can't be used: {reason}")))
            }
            Err(MintError::MissingClaim { name, label }) => {
                let what = label.map_or_else(|| name.clone(), |l| format!("{l} ({name})"));
                field_errors.insert(name, "required".to_string());
                Err(Failed::Problem(format!("{what} is required.")))
            }
            Err(MintError::MissingHeader { name }) => {
                field_errors.insert(format!("header.{name}"), "required".to_string());
                Err(Failed::Problem(format!(
                    "The header field {name} is required."
                )))
            }
            Err(e) => Err(Failed::Problem(capitalize(&e.to_string()))),
        };
        Attempt {
            field_errors,
            raw_error: None,
            result,
        }
    }

    fn mint_from_raw(&self, preset: &Preset, opts: &CheckOptions<'_>) -> Attempt {
        let (header, payload) = match parse_raw(&self.inputs.raw_header, &self.inputs.raw_payload) {
            Ok(parts) => parts,
            Err(e) => {
                let message = capitalize(&e.to_string());
                return Attempt {
                    raw_error: match e {
                        RawError::Json { part, error } => Some((part, error)),
                        RawError::Mint(_) => None,
                    },
                    ..Attempt::failed(Failed::Problem(message))
                };
            }
        };
        let key = match self.signing_key() {
            Ok(k) => k,
            Err(f) => return Attempt::failed(f),
        };
        Attempt::failed(Failed::NotYet).with(
            sign_raw(preset, header, payload, key, opts)
                .map_err(|e| Failed::Problem(capitalize(&e.to_string()))),
        )
    }

    /// Switches between the form and raw JSON. Raw > form refuses (keeping the text) while
    /// the JSON has an error.
    pub fn set_editor(&mut self, editor: EditorMode) -> Result<(), String> {
        if editor == self.inputs.editor {
            return Ok(());
        }
        let Some(preset) = self.preset().cloned() else {
            return Ok(());
        };
        match editor {
            EditorMode::Raw => {
                let (header, payload) = match &self.derived.minted {
                    Some(m) if !self.derived.stale => (m.header.clone(), m.payload.clone()),
                    _ => self.preview(&preset).unwrap_or_default(),
                };
                self.inputs.raw_header = serde_json::to_string_pretty(&header).unwrap_or_default();
                self.inputs.raw_payload =
                    serde_json::to_string_pretty(&payload).unwrap_or_default();
            }
            EditorMode::Form => {
                let (header, payload) =
                    parse_raw(&self.inputs.raw_header, &self.inputs.raw_payload).map_err(|e| {
                        format!("Fix {} first; your text is kept.", capitalize_less(&e))
                    })?;
                let lifetime = self
                    .form()
                    .map_or(preset.default_lifetime(), |f| f.lifetime);
                let auto = self.derived.minted.as_ref().map(|m| &m.payload);
                let mut form = FormValues::from_json(&preset, &header, &payload, auto, lifetime);
                // Page settings are not in the token: keep them.
                form.settings = self.form().map(|f| f.settings.clone()).unwrap_or_default();
                self.inputs.forms.insert(preset.id.clone(), form);
            }
        }
        self.inputs.editor = editor;
        self.derived.raw_error = None;
        self.mark_dirty();
        Ok(())
    }

    /// The header and payload the form would produce (for the raw editor when no key yet).
    fn preview(&self, preset: &Preset) -> Option<(Map<String, Value>, Map<String, Value>)> {
        let form = self.form()?;
        let alg = form
            .alg
            .or_else(|| preset.algorithms().first().copied())
            .unwrap_or(Alg::HS256);
        mint::build(preset, &form.to_request(preset), alg, 0).ok()
    }

    /// What the local server needs to mint as this window does: the vendor, the form's
    /// values (page settings included) and the key.
    pub fn server_setup(&self) -> Result<crate::serve::Setup, String> {
        let preset = self
            .preset()
            .ok_or("Choose the widget's vendor first: the server mints its tokens.")?;
        let keys = self.derived.key.keys.as_ref().ok_or(
            "Give the key first (secret or key file): the server signs every token with it.",
        )?;
        let key = keys.signing_key().ok_or_else(|| {
            format!(
                "{} can only verify; the server needs the private key.",
                keys.describe()
            )
        })?;
        let form = self
            .form()
            .cloned()
            .unwrap_or_else(|| FormValues::for_preset(preset));
        let mut setup = crate::serve::Setup::new(
            preset.clone(),
            form.to_request(preset),
            key.clone(),
            self.inputs.key.encoding,
            form.settings.clone(),
        )
        .map_err(|e| capitalize(&e))?;
        setup.typed.clone_from(&self.inputs.typed_settings);
        // The vendor's key given in Mint: the server hands out the JWE, as Mint shows it.
        if let Some(key) = crate::ui::mint::sealed::vendor_key(preset, &self.inputs.encrypt)? {
            setup = setup
                .encrypt_for(key, None, None)
                .map_err(|e| format!("The encryption key can't be used: {e}"))?;
        }
        Ok(setup)
    }
}

/// "the payload JSON (line 2, column 5: …)", for a sentence.
fn capitalize_less(e: &RawError) -> String {
    match e {
        RawError::Json { part, error } => format!("the {} JSON ({error})", part.name()),
        RawError::Mint(m) => m.to_string(),
    }
}

/// What a time-bound hash's countdown runs to ("Sprinklr takes it within 1m of …").
fn hash_clock_note(preset: &Preset) -> Option<String> {
    let rules = preset.hash.as_ref()?;
    let time = rules.time.as_ref()?;
    Some(format!(
        "{} takes the {} only within {} of its {}: the countdown runs to then.",
        preset.vendor,
        rules.name,
        crate::core::time::human_span(time.tolerance),
        time.field
    ))
}
