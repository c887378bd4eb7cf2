//! The workbench's state: what the user typed (`Inputs`), what is computed from it
//! (`Derived`), and the one place that recomputes — only when inputs (or the second) change.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::form::FormValues;
use super::secret_text::SecretText;
use crate::core::alg::{Alg, Family};
use crate::core::check::{CheckOptions, check};
use crate::core::decode::{Decoded, decode};
use crate::core::finding::Finding;
use crate::core::json::{JsonError, parse_object};
use crate::core::jws::{self, SignatureCheck};
use crate::core::key::{Key, KeySet, parse_key_file};
use crate::core::mint::{self, MintError};
use crate::core::preset::{Preset, Presets};
use crate::core::report::{ChecklistItem, Inspect, Status, checklist, inspect};
use crate::core::secret::{SecretDiagnosis, SecretEncoding, diagnose};
use crate::core::suggest::{score, suggest_preset};
use crate::core::time::{TimeClaims, Validity};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mode {
    #[default]
    Mint,
    Inspect,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum EditorMode {
    #[default]
    Form,
    Raw,
}

/// Where the signing key comes from.
#[derive(Debug, Default)]
pub struct KeyInput {
    /// A secret (or a pasted PEM/JWK) typed into the masked field.
    pub secret: SecretText,
    pub encoding: SecretEncoding,
    pub reveal: bool,
    /// A key file chosen with the file dialog; used instead of the typed secret when set.
    pub file: Option<(PathBuf, KeySet)>,
    /// The chosen file's text, to store it in a profile's keyring entry.
    pub file_text: Option<crate::core::secret::Secret>,
}

/// Everything the user typed or chose.
#[derive(Debug, Default)]
pub struct Inputs {
    pub mode: Mode,
    pub preset_id: Option<String>,
    pub preset_filter: String,
    pub key: KeyInput,
    /// Form values per preset id, so switching presets loses nothing.
    pub forms: BTreeMap<String, FormValues>,
    pub editor: EditorMode,
    pub raw_header: String,
    pub raw_payload: String,
    /// Clock-skew tolerance (seconds) for time checks and the countdown.
    pub leeway: i64,
    pub auto_remint: bool,
    pub inspect_text: String,
    /// Demo mode: large type, secrets and personal data masked.
    pub demo: bool,
}

/// The key as read from the inputs.
#[derive(Debug, Default)]
pub struct KeyState {
    pub keys: Option<KeySet>,
    /// Why the typed secret or file can't be used.
    pub error: Option<String>,
    pub diagnosis: Option<SecretDiagnosis>,
    /// "HMAC secret (44 bytes)", "RSA 2048-bit private key (file omni.pem)".
    pub description: Option<String>,
}

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
}

impl MintedToken {
    pub fn times(&self) -> TimeClaims {
        TimeClaims::read(&self.payload)
    }
}

/// The inspect view of a pasted token (owned: kept between frames).
#[derive(Debug)]
pub struct InspectView {
    pub decoded: Decoded,
    pub findings: Vec<Finding>,
    pub status: Status,
    pub summary: String,
    pub signature: Option<SignatureCheck>,
    pub suggested: Option<String>,
    pub checklist: Vec<ChecklistItem>,
    pub computed_at: i64,
}

/// Computed from the inputs; only `recompute` writes it.
#[derive(Debug, Default)]
pub struct Derived {
    pub key: KeyState,
    /// Claim name > why its value can't be read.
    pub field_errors: BTreeMap<String, String>,
    /// Why there is no fresh token (shown beside the last good one).
    pub problem: Option<String>,
    /// The last good token; `stale` when the inputs have changed since and failed.
    pub minted: Option<MintedToken>,
    pub stale: bool,
    /// The raw editor's JSON error: which part, and where.
    pub raw_error: Option<(&'static str, JsonError)>,
    pub inspect: Option<InspectView>,
    /// Which stored profiles' keys verify the inspected token (after "Check every profile").
    pub signers: Option<Signers>,
}

/// The profiles whose keys verify a token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Signers {
    pub signed_by: Vec<String>,
    /// How many stored keys fit the token's algorithm and were tried.
    pub tried: usize,
}

/// The model the window shows.
pub struct Workbench {
    pub presets: Presets,
    pub inputs: Inputs,
    pub derived: Derived,
    pub profiles: super::profiles::ProfileState,
    pub keyring: super::profiles::KeyringState,
    dirty: bool,
    last_inspect_second: i64,
}

impl Workbench {
    pub fn new(presets: Presets) -> Workbench {
        Workbench {
            presets,
            inputs: Inputs::default(),
            derived: Derived::default(),
            profiles: super::profiles::ProfileState::default(),
            keyring: super::profiles::KeyringState::default(),
            dirty: true,
            last_inspect_second: i64::MIN,
        }
    }

    /// Something the user typed changed: recompute on the next `refresh`.
    pub fn mark_dirty(&mut self) {
        self.dirty = true;
    }

    pub fn preset(&self) -> Option<&Preset> {
        self.inputs
            .preset_id
            .as_deref()
            .and_then(|id| self.presets.get(id))
    }

    /// Chooses a preset; the previous preset's values are kept for when it comes back.
    pub fn select_preset(&mut self, id: &str) {
        let Some(preset) = self.presets.get(id) else {
            return;
        };
        self.inputs
            .forms
            .entry(id.to_string())
            .or_insert_with(|| FormValues::for_preset(preset));
        if self.inputs.preset_id.as_deref() != Some(id) {
            self.inputs.preset_id = Some(id.to_string());
            if let Some(p) = self.presets.get(id) {
                self.inputs.key.encoding = p.key.secret_encoding;
            }
            self.derived.minted = None;
            self.inputs.editor = EditorMode::Form;
            self.derived.raw_error = None;
        }
        self.mark_dirty();
    }

    /// The current preset's form values.
    pub fn form(&self) -> Option<&FormValues> {
        self.inputs
            .preset_id
            .as_ref()
            .and_then(|id| self.inputs.forms.get(id))
    }

    pub fn form_mut(&mut self) -> Option<&mut FormValues> {
        let id = self.inputs.preset_id.clone()?;
        self.inputs.forms.get_mut(&id)
    }

    /// Recomputes what changed. `now` is the clock's reading for this frame.
    pub fn refresh(&mut self, now: i64) {
        if self.dirty {
            self.dirty = false;
            self.derived.key = self.read_key();
            self.mint(now);
            self.inspect(now);
        } else if self.inputs.mode == Mode::Inspect && self.last_inspect_second != now {
            // Time-dependent verdicts (expired in 3s) move with the clock.
            self.inspect(now);
        }
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
        crate::serve::Setup::new(
            preset.clone(),
            form.to_request(preset),
            key.clone(),
            self.inputs.key.encoding,
            form.settings.clone(),
        )
        .map_err(|e| capitalize(&e))
    }

    /// Re-signs with a fresh iat/exp.
    pub fn remint(&mut self) {
        self.mark_dirty();
    }

    fn read_key(&self) -> KeyState {
        let key = &self.inputs.key;
        let hmac_alg = self
            .preset()
            .and_then(|p| {
                p.algorithms()
                    .iter()
                    .copied()
                    .find(|a| a.family() == Family::Hmac)
            })
            .unwrap_or(Alg::HS256);
        if let Some((path, keys)) = &key.file {
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            return KeyState {
                description: Some(format!("{} (file {name})", keys.describe())),
                keys: Some(keys.clone()),
                error: None,
                diagnosis: None,
            };
        }
        let text = key.secret.expose();
        if text.is_empty() {
            return KeyState::default();
        }
        // A PEM or JWK pasted into the secret field is a key, not a secret.
        let trimmed = text.trim_start();
        if trimmed.starts_with("-----BEGIN") || trimmed.starts_with('{') {
            return match parse_key_file(text.as_bytes()) {
                Ok(keys) => KeyState {
                    description: Some(format!("{} (pasted)", keys.describe())),
                    keys: Some(keys),
                    error: None,
                    diagnosis: None,
                },
                Err(e) => KeyState {
                    error: Some(e.to_string()),
                    ..KeyState::default()
                },
            };
        }
        let shape = self.preset().and_then(|p| p.key.secret_shape.as_ref());
        let diagnosis = Some(diagnose(text.as_bytes(), key.encoding, hmac_alg, shape));
        match key.encoding.decode(text.as_bytes()) {
            Ok(secret) => {
                let k = Key::hmac(secret);
                KeyState {
                    description: Some(k.describe()),
                    keys: Some(KeySet::single(k)),
                    error: None,
                    diagnosis,
                }
            }
            Err(e) => KeyState {
                error: Some(e.to_string()),
                diagnosis,
                ..KeyState::default()
            },
        }
    }

    fn mint(&mut self, now: i64) {
        let Some(preset) = self.preset().cloned() else {
            self.derived.problem = None;
            return;
        };
        self.derived.field_errors.clear();
        self.derived.problem = None;
        let result = match self.inputs.editor {
            EditorMode::Form => self.mint_from_form(&preset, now),
            EditorMode::Raw => self.mint_from_raw(&preset),
        };
        match result {
            Ok(Some(mint::Minted {
                token,
                header,
                payload,
                alg,
            })) => {
                let decoded = decode(&token);
                let findings = check(
                    &decoded,
                    Some(&preset),
                    &CheckOptions {
                        now,
                        leeway: self.inputs.leeway,
                        keys: self.derived.key.keys.as_ref(),
                    },
                );
                self.derived.minted = Some(MintedToken {
                    token,
                    decoded,
                    header,
                    payload,
                    alg,
                    findings,
                    minted_at: now,
                });
                self.derived.stale = false;
            }
            Ok(None) => self.derived.stale = self.derived.minted.is_some(),
            Err(problem) => {
                self.derived.problem = Some(problem);
                self.derived.stale = self.derived.minted.is_some();
            }
        }
    }

    /// Ok(None): nothing to sign yet (no key) — not an error worth a red banner.
    fn mint_from_form(
        &mut self,
        preset: &Preset,
        now: i64,
    ) -> Result<Option<mint::Minted>, String> {
        let Some(form) = self.form().cloned() else {
            return Ok(None);
        };
        let errors = form.errors(preset, now);
        if !errors.is_empty() {
            let n = errors.len();
            self.derived.field_errors = errors.into_iter().collect();
            return Err(if n == 1 {
                "One field can't be read; the last good token is kept.".to_string()
            } else {
                format!("{n} fields can't be read; the last good token is kept.")
            });
        }
        let Some(keys) = self.derived.key.keys.as_ref() else {
            if let Some(e) = &self.derived.key.error {
                return Err(format!("The key can't be used: {e}"));
            }
            return Ok(None);
        };
        let Some(key) = keys.signing_key() else {
            return Err(format!(
                "{} can only verify; signing needs the private key.",
                keys.describe()
            ));
        };
        let req = form.to_request(preset);
        match mint::mint(preset, &req, key, now) {
            Ok(m) => Ok(Some(m)),
            Err(MintError::BadValue { name, reason }) => {
                self.derived.field_errors.insert(name, reason.clone());
                Err(format!("A field can't be used: {reason}"))
            }
            Err(MintError::MissingClaim { name, label }) => {
                let what = label.map_or_else(|| name.clone(), |l| format!("{l} ({name})"));
                self.derived
                    .field_errors
                    .insert(name, "required".to_string());
                Err(format!("{what} is required."))
            }
            Err(MintError::MissingHeader { name }) => {
                self.derived
                    .field_errors
                    .insert(format!("header.{name}"), "required".to_string());
                Err(format!("The header field {name} is required."))
            }
            Err(e) => Err(capitalize(&e.to_string())),
        }
    }

    fn mint_from_raw(&mut self, preset: &Preset) -> Result<Option<mint::Minted>, String> {
        self.derived.raw_error = None;
        let header = match parse_object(&self.inputs.raw_header) {
            Ok(h) => h.object,
            Err(e) => {
                let msg = format!("The header JSON has an error: {e}.");
                self.derived.raw_error = Some(("header", e));
                return Err(msg);
            }
        };
        let payload = match parse_object(&self.inputs.raw_payload) {
            Ok(p) => p.object,
            Err(e) => {
                let msg = format!("The payload JSON has an error: {e}.");
                self.derived.raw_error = Some(("payload", e));
                return Err(msg);
            }
        };
        let Some(keys) = self.derived.key.keys.as_ref() else {
            return Ok(None);
        };
        let Some(key) = keys.signing_key() else {
            return Err("Signing needs the private key.".to_string());
        };
        let wanted = header
            .get("alg")
            .and_then(Value::as_str)
            .and_then(Alg::from_jose);
        let alg = mint::choose_alg(preset, key, wanted).map_err(|e| capitalize(&e.to_string()))?;
        let token =
            jws::sign(&header, &payload, key, alg).map_err(|e| capitalize(&e.to_string()))?;
        let mut header = header;
        header.insert("alg".into(), Value::from(alg.name()));
        Ok(Some(mint::Minted {
            token,
            header,
            payload,
            alg,
        }))
    }

    fn inspect(&mut self, now: i64) {
        self.last_inspect_second = now;
        if self.inputs.inspect_text.trim().is_empty() {
            self.derived.inspect = None;
            self.derived.signers = None;
            return;
        }

        let decoded = decode(&self.inputs.inspect_text);
        if self
            .derived
            .inspect
            .as_ref()
            .is_some_and(|v| v.decoded.compact != decoded.compact)
        {
            self.derived.signers = None;
        }
        let preset = self.preset();
        let (findings, status, summary, signature, suggested, items) = {
            let report = inspect(
                &decoded,
                &Inspect {
                    preset,
                    keys: self.derived.key.keys.as_ref(),
                    algorithms: None,
                    presets: Some(&self.presets),
                    now,
                    leeway: self.inputs.leeway,
                },
            );
            let items = checklist(&report, preset);
            (
                report.findings,
                report.status,
                report.summary.time_text(),
                report.signature,
                self.better_preset(&decoded),
                items,
            )
        };
        self.derived.inspect = Some(InspectView {
            decoded,
            findings,
            status,
            summary,
            signature,
            suggested,
            checklist: items,
            computed_at: now,
        });
    }

    /// A preset that fits the token clearly better than the chosen one, if any.
    fn better_preset(&self, decoded: &Decoded) -> Option<String> {
        let best = suggest_preset(decoded, &self.presets)?;
        match self.preset() {
            Some(current) if current.id == best.id => None,
            Some(current) if score(decoded, current) >= score(decoded, best) => None,
            _ => Some(best.id.clone()),
        }
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
                let header = parse_object(&self.inputs.raw_header)
                    .map_err(|e| format!("Fix the header JSON first ({e}); your text is kept."))?;
                let payload = parse_object(&self.inputs.raw_payload)
                    .map_err(|e| format!("Fix the payload JSON first ({e}); your text is kept."))?;
                let lifetime = self
                    .form()
                    .map_or(preset.default_lifetime(), |f| f.lifetime);
                let auto = self.derived.minted.as_ref().map(|m| &m.payload);
                let mut form =
                    FormValues::from_json(&preset, &header.object, &payload.object, auto, lifetime);
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

    /// Where the minted token stands at `now`, with the leeway.
    pub fn minted_validity(&self, now: i64) -> Option<Validity> {
        let m = self.derived.minted.as_ref()?;
        Some(Validity::of(&m.times(), now, self.inputs.leeway))
    }
}

pub(crate) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => {
            let mut out: String = first.to_uppercase().collect();
            out.push_str(c.as_str());
            if !out.ends_with('.') {
                out.push('.');
            }
            out
        }
        None => String::new(),
    }
}

impl Workbench {
    /// Checks the inspected token against every stored profile key (`secrets` from the
    /// keyring: profile id → text).
    pub fn check_signers(&mut self, secrets: &[(String, crate::core::secret::Secret)]) {
        let Some(view) = &self.derived.inspect else {
            return;
        };
        let alg = view.decoded.alg().and_then(Alg::from_jose);
        let mut signers = Signers::default();
        for (id, text) in secrets {
            let Some(p) = self.profiles.book.list.iter().find(|p| &p.id == id) else {
                continue;
            };
            let Ok(keys) = crate::store::profiles::key_from_text(text, p.secret_encoding) else {
                continue;
            };
            if !alg.is_some_and(|a| keys.keys.iter().any(|k| k.fits(a))) {
                continue;
            }
            signers.tried += 1;
            if jws::verify(&view.decoded, &keys, &Alg::ALL).valid {
                signers.signed_by.push(p.name.clone());
            }
        }
        self.derived.signers = Some(signers);
    }
}
