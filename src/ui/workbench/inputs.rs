//! What the user typed or chose: the mode, the vendor, the key, the forms, the texts of
//! Inspect and Diff. Only `Workbench::edit` (and the state's commands) change it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::core::key::KeySet;
use crate::core::secret::SecretEncoding;
use crate::core::snippet::Kind;
use crate::ui::mint::form::FormValues;
use crate::ui::widgets::secret_text::SecretText;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mode {
    #[default]
    Mint,
    Inspect,
    /// Tokens minted, inspected, served or found this session (or kept).
    History,
    /// Two tokens side by side.
    Diff,
    /// Every token in a HAR capture or a log.
    Scan,
}

impl Mode {
    /// Each mode, its name and its shortcut, in the order the top bar shows them.
    pub const ALL: [(Mode, &'static str, &'static str); 5] = [
        (Mode::Mint, "Mint", "Ctrl+1"),
        (Mode::Inspect, "Inspect", "Ctrl+2"),
        (Mode::History, "History", "Ctrl+3"),
        (Mode::Diff, "Diff", "Ctrl+4"),
        (Mode::Scan, "Scan", "Ctrl+5"),
    ];
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
    /// Where the public keys are published (a JWKS, PEM, key list or OpenID issuer URL).
    pub url: String,
    /// The last good set fetched from `url`: kept while a refresh runs or fails.
    pub published: Option<std::sync::Arc<Published>>,
    /// A fetch is running.
    pub fetching: bool,
    /// Why the last fetch failed (the last good set stays usable).
    pub url_error: Option<String>,
    /// The "Check this key set" view is open.
    pub show_check: bool,
}

/// Public keys fetched from a URL, and what the key-set checks found.
/// The key that opens encrypted tokens (JWE) in Inspect: a shared key, PEM or JWK typed or
/// pasted, or a key file chosen.
#[derive(Debug, Default)]
pub struct DecryptInput {
    pub secret: SecretText,
    pub file: Option<(PathBuf, crate::core::key::Key)>,
}

#[derive(Debug)]
pub struct Published {
    /// The URL as typed.
    pub url: String,
    pub keys: KeySet,
    /// "https://…/jwks.json (fetched just now)".
    pub from: String,
    pub check: Result<crate::core::keyset::KeySetCheck, String>,
}

/// Everything the user typed or chose.
#[derive(Debug)]
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
    /// What the widget said (its error), pasted in Inspect.
    pub widget_answer: String,
    /// The key that opens encrypted tokens in Inspect.
    pub decrypt: DecryptInput,
    /// The vendor's key Mint encrypts the signed token for (LivePerson's public key): typed
    /// or pasted, or a file. In memory only.
    pub encrypt: DecryptInput,
    /// Diff mode's two tokens.
    pub diff_a: String,
    pub diff_b: String,
    /// Demo mode: large type, secrets and personal data masked.
    pub demo: bool,
    pub snippet_kind: Kind,
    /// Where the snippets fetch tokens: the running server, or where it would run.
    pub server_url: String,
    /// Page settings typed in this window's session (not read from a profile): only these
    /// may load a script from a host the preset does not list. Never saved.
    pub typed_settings: std::collections::BTreeSet<String>,
}

impl Default for Inputs {
    fn default() -> Self {
        Inputs {
            mode: Mode::Mint,
            preset_id: None,
            preset_filter: String::new(),
            key: KeyInput::default(),
            forms: BTreeMap::new(),
            editor: EditorMode::Form,
            raw_header: String::new(),
            raw_payload: String::new(),
            leeway: 0,
            auto_remint: false,
            inspect_text: String::new(),
            widget_answer: String::new(),
            decrypt: DecryptInput::default(),
            encrypt: DecryptInput::default(),
            diff_a: String::new(),
            diff_b: String::new(),
            demo: false,
            snippet_kind: Kind::Handover,
            server_url: format!("http://127.0.0.1:{}", crate::serve::DEFAULT_PORT),
            typed_settings: std::collections::BTreeSet::new(),
        }
    }
}
