//! The workbench's state: what the user typed (`Inputs`), what is computed from it
//! (`Derived`), and the one place that recomputes — only what an edit touched, when it was
//! touched (or, for time verdicts, when the second changes).

pub mod inputs;
pub mod shown;

use std::collections::BTreeMap;

pub use crate::ui::inspect::hash_model::HashInspect;
pub use crate::ui::inspect::model::{InspectView, Signers};
pub use crate::ui::mint::model::MintedToken;
pub use crate::ui::workbench::inputs::{
    DecryptInput, EditorMode, Inputs, KeyInput, Mode, Published,
};
pub use crate::ui::workbench::shown::{Shown, effective_kind, snippet_available};

use crate::core::json::JsonError;
use crate::core::key::KeySet;
use crate::core::mint::RawPart;
use crate::core::preset::{Preset, Presets};
use crate::core::secret::{SecretDiagnosis, SecretEncoding};
use crate::core::snippet::Kind;
use crate::core::time::Validity;
use crate::ui::mint::form::{FieldValue, FormValues};
use crate::ui::widgets::secret_text::SecretText;

/// The key as read from the inputs.
#[derive(Debug, Default)]
pub struct KeyState {
    pub keys: Option<KeySet>,
    /// Why the typed secret or file can't be used.
    pub error: Option<String>,
    pub diagnosis: Option<SecretDiagnosis>,
    /// "HMAC secret (44 bytes)", "RSA 2048-bit private key (file omni.pem)".
    pub description: Option<String>,
    /// Whether the key has a public half to export.
    pub has_public: bool,
    /// The keys published at the Key panel's URL.
    pub published: Option<KeySet>,
    /// What Inspect and Diff verify with: the key above beside the published keys, each
    /// tried with what it fits.
    pub verifying: Option<KeySet>,
}

/// Computed from the inputs; only `refresh` writes it.
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
    pub raw_error: Option<(RawPart, JsonError)>,
    pub inspect: Option<InspectView>,
    /// What the pasted vendor answer means for the inspected token.
    pub answer: Option<crate::ui::inspect::answer::AnswerView>,
    /// Inspect's view when the pasted text is an identity hash rather than a token.
    pub hash: Option<HashInspect>,
    pub diff: Option<crate::ui::diff::model::DiffView>,
    /// Which stored profiles' keys verify the inspected token (after "Check every profile").
    pub signers: Option<Signers>,
    /// The snippet for the token on screen: the real text and what the screen shows.
    pub snippet: Option<Snippet>,
    /// Whether the form or key differ from the active profile as saved.
    pub profile_changed: bool,
}

/// A filled snippet: the real text (copied, saved) and what the screen shows (masked in
/// demo mode).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    pub kind: Kind,
    pub real: Result<String, String>,
    pub shown: Result<String, String>,
}

/// What an edit makes stale.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Dirty {
    key: bool,
    mint: bool,
    inspect: bool,
    diff: bool,
    /// Only what the screen shows (demo mode's masking, the snippet).
    shown: bool,
}

impl Dirty {
    const ALL: Dirty = Dirty {
        key: true,
        mint: true,
        inspect: true,
        diff: true,
        shown: true,
    };

    fn any(self) -> bool {
        self.key || self.mint || self.inspect || self.diff || self.shown
    }
}

/// The model the window shows.
pub struct Workbench {
    pub presets: Presets,
    pub inputs: Inputs,
    pub derived: Derived,
    pub profiles: crate::ui::profiles::model::ProfileState,
    pub keyring: crate::ui::profiles::model::KeyringState,
    dirty: Dirty,
    pub(in crate::ui) last_inspect_second: i64,
    last_diff_second: i64,
}

impl Workbench {
    pub fn new(presets: Presets) -> Workbench {
        Workbench {
            presets,
            inputs: Inputs::default(),
            derived: Derived::default(),
            profiles: crate::ui::profiles::model::ProfileState::default(),
            keyring: crate::ui::profiles::model::KeyringState::default(),
            dirty: Dirty::ALL,
            last_inspect_second: i64::MIN,
            last_diff_second: i64::MIN,
        }
    }

    /// Everything is recomputed on the next `refresh` (a new key, a profile, a preset).
    pub fn mark_dirty(&mut self) {
        self.dirty = Dirty::ALL;
    }

    /// The inspected token changed: only Inspect is recomputed.
    fn mark_inspect(&mut self) {
        self.dirty.inspect = true;
    }

    /// The decryption key changed: Inspect and Diff open encrypted tokens with it.
    fn mark_decrypt(&mut self) {
        self.dirty.inspect = true;
        self.dirty.diff = true;
    }

    /// Only what the screen shows changed (demo mode, the snippet's kind or settings).
    pub fn mark_shown(&mut self) {
        self.dirty.shown = true;
        self.dirty.diff = true;
    }

    /// A token value changed: re-sign (the key and Inspect stay).
    pub(in crate::ui) fn mark_mint(&mut self) {
        self.dirty.mint = true;
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
            self.inputs.key.encoding = preset.key.secret_encoding;
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

    /// One claim field of the current preset's form.
    pub fn set_field(&mut self, name: &str, value: FieldValue) {
        if let Some(slot) = self.form_mut().and_then(|f| f.get_mut(name)) {
            *slot = value;
        }
        self.mark_mint();
    }

    /// The page settings (the preset's snippet settings); the ones changed count as typed in
    /// this run (the demo page may load a script from them).
    pub fn set_settings(&mut self, settings: BTreeMap<String, String>) {
        if let Some(f) = self.form_mut() {
            let changed: Vec<String> = (settings.iter())
                .filter(|(name, value)| f.settings.get(*name) != Some(*value))
                .map(|(name, _)| name.clone())
                .collect();
            f.settings = settings;
            self.inputs.typed_settings.extend(changed);
        }
        self.mark_shown();
    }

    pub fn set_raw_header(&mut self, text: String) {
        self.inputs.raw_header = text;
        self.mark_mint();
    }

    pub fn set_raw_payload(&mut self, text: String) {
        self.inputs.raw_payload = text;
        self.mark_mint();
    }

    pub fn set_snippet_kind(&mut self, kind: Kind) {
        self.inputs.snippet_kind = kind;
        self.mark_shown();
    }

    pub fn set_secret(&mut self, secret: SecretText) {
        self.inputs.key.secret = secret;
        self.mark_dirty();
    }

    pub fn set_encoding(&mut self, encoding: SecretEncoding) {
        self.inputs.key.encoding = encoding;
        self.mark_dirty();
    }

    /// The URL public keys are published at; emptied, the fetched set goes too.
    pub fn set_key_url(&mut self, url: String) {
        let key = &mut self.inputs.key;
        if url.trim().is_empty() {
            key.published = None;
            key.show_check = false;
        }
        key.url = url;
        key.url_error = None;
        self.mark_dirty();
    }

    /// Shows the secret (never in demo mode).
    pub fn set_reveal(&mut self, reveal: bool) {
        self.inputs.key.reveal = reveal && !self.inputs.demo;
    }

    /// Clock skew allowed, in seconds (0 to an hour).
    pub fn set_leeway(&mut self, leeway: i64) {
        self.inputs.leeway = leeway.clamp(0, 3600);
        self.mark_dirty();
    }

    /// The shared key (or pasted PEM / JWK) that opens encrypted tokens; a chosen file goes.
    pub fn set_decrypt_secret(&mut self, secret: SecretText) {
        self.inputs.decrypt.secret = secret;
        self.inputs.decrypt.file = None;
        self.mark_decrypt();
    }

    /// The key file that opens encrypted tokens (None: forget it and the typed key).
    pub fn set_decrypt_file(&mut self, file: Option<(std::path::PathBuf, crate::core::key::Key)>) {
        if file.is_none() {
            self.inputs.decrypt.secret = SecretText::default();
        }
        self.inputs.decrypt.file = file;
        self.mark_decrypt();
    }

    /// The vendor's key Mint encrypts for, typed or pasted; a chosen file goes.
    pub fn set_encrypt_secret(&mut self, secret: SecretText) {
        self.inputs.encrypt.secret = secret;
        self.inputs.encrypt.file = None;
        self.mark_mint();
    }

    /// The vendor's key file Mint encrypts for (None: forget it and the typed key).
    pub fn set_encrypt_file(&mut self, file: Option<(std::path::PathBuf, crate::core::key::Key)>) {
        if file.is_none() {
            self.inputs.encrypt.secret = SecretText::default();
        }
        self.inputs.encrypt.file = file;
        self.mark_mint();
    }

    /// What the widget said (its error), pasted in Inspect.
    pub fn set_widget_answer(&mut self, text: String) {
        self.inputs.widget_answer = text;
        self.mark_inspect();
    }

    pub fn set_inspect_text(&mut self, text: String) {
        self.inputs.inspect_text = text;
        self.mark_inspect();
    }

    /// Diff's first (`0`) or second token.
    pub fn set_diff_side(&mut self, side: usize, text: String) {
        if side == 0 {
            self.inputs.diff_a = text;
        } else {
            self.inputs.diff_b = text;
        }
        self.dirty.diff = true;
    }

    pub(in crate::ui) fn with_form(&mut self, f: impl FnOnce(&mut FormValues)) {
        if let Some(form) = self.form_mut() {
            f(form);
        }
        self.mark_mint();
    }

    /// Demo mode on or off: the secret is hidden, every view masks personal data.
    pub fn set_demo(&mut self, on: bool) {
        self.inputs.demo = on;
        if on {
            self.inputs.key.reveal = false;
        }
        self.mark_shown();
    }

    /// Where the snippets say tokens come from.
    pub fn set_server_url(&mut self, url: String) {
        if url != self.inputs.server_url {
            self.inputs.server_url = url;
            self.mark_shown();
        }
    }

    /// Re-signs with a fresh iat/exp.
    pub fn remint(&mut self) {
        self.mark_mint();
    }

    /// Recomputes what changed. `now` is the clock's reading for this frame.
    pub fn refresh(&mut self, now: i64) {
        let dirty = std::mem::take(&mut self.dirty);
        if dirty.key {
            self.derived.key = crate::ui::keys::model::read_key(&self.inputs.key, self.preset());
        }
        if dirty.key || dirty.mint {
            self.mint(now);
        } else if dirty.shown {
            self.reshow_minted();
        }
        if dirty.key || dirty.mint || dirty.shown {
            self.fill_snippet();
        }
        if dirty.key || dirty.mint || dirty.inspect {
            self.inspect(now);
        } else if self.inputs.mode == Mode::Inspect && self.last_inspect_second != now {
            // Time-dependent verdicts (expired in 3s) move with the clock; nothing else does.
            self.inspect_times(now);
        } else if dirty.shown {
            self.reshow_inspected();
        }
        if dirty.key
            || dirty.diff
            || (self.inputs.mode == Mode::Diff && self.last_diff_second != now)
        {
            self.last_diff_second = now;
            self.diff(now);
        }
        if dirty.any() {
            self.derived.profile_changed = self.compute_profile_changed();
        }
    }

    /// Where the minted token stands at `now`, with the leeway.
    pub fn minted_validity(&self, now: i64) -> Option<Validity> {
        let m = self.derived.minted.as_ref()?;
        Some(Validity::of(&m.times, now, self.inputs.leeway))
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
