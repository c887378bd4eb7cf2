//! What panels ask for, as a tree: one enum per room, each handled whole by that room's
//! `handle` (no wildcard arms), so a new command can't compile and do nothing. Panels read a
//! view and push commands; `AppState::handle` is the one place that carries them out, so no
//! edit can leave what is derived from it stale.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::core::alg::Alg;
use crate::core::key::PublicFormat;
use crate::core::secret::SecretEncoding;
use crate::core::snippet::Kind;
use crate::ui::app::services::SaveFile;
use crate::ui::mint::form::{ExtraClaim, FieldValue};
use crate::ui::widgets::secret_text::SecretText;
use crate::ui::workbench::{EditorMode, Mode};

/// The window as a whole.
#[derive(Clone, Debug, PartialEq)]
pub enum WindowCommand {
    SetMode(Mode),
    /// Demo mode on or off: large type, secrets and personal data masked.
    SetDemo(bool),
    /// Follow the system's theme, or use the dark or the light one.
    SetTheme(eframe::egui::ThemePreference),
    /// Close the window.
    Quit,
    /// Show the keyboard shortcuts.
    ShowHelp,
    /// Copy `text`; `what` names it in the "Copied" toast.
    Copy {
        what: String,
        text: String,
    },
    /// Ask where to save a file, and save it.
    Save(SaveFile),
}

/// The question the window is asking.
#[derive(Clone, Debug, PartialEq)]
pub enum DialogCommand {
    /// The answer to it.
    Answer(Answer),
    /// The name typed into the "Name the profile" dialog.
    Name(String),
}

/// Mint: the vendor, its form or the raw JSON, the token.
#[derive(Clone, Debug, PartialEq)]
pub enum MintCommand {
    SelectPreset(String),
    /// The vendor list's search.
    PresetFilter(String),
    SetEditor(EditorMode),
    /// Sign again with a fresh iat/exp.
    Remint,
    AutoRemint(bool),
    /// Scroll the snippets into view.
    ShowSnippets,
    /// A claim field of the current preset's form.
    Field {
        name: String,
        value: FieldValue,
    },
    /// The "More claims" rows.
    Extra(Vec<ExtraClaim>),
    Kid(String),
    Alg(Option<Alg>),
    Lifetime(i64),
    /// The page settings (the preset's snippet settings).
    Settings(BTreeMap<String, String>),
    RawHeader(String),
    RawPayload(String),
    SnippetKind(Kind),
    /// The vendor's key to encrypt the token for, typed or pasted.
    EncryptSecret(SecretText),
    ChooseEncryptKey,
    ForgetEncryptKey,
}

/// Keys: the signing key, and public keys by URL.
#[derive(Clone, Debug, PartialEq)]
pub enum KeysCommand {
    Secret(SecretText),
    Encoding(SecretEncoding),
    Reveal(bool),
    /// The URL the public keys are published at.
    KeyUrl(String),
    ChooseFile,
    ForgetFile,
    Generate,
    /// Fetch the keys at the URL (`refresh`: past the cache).
    Fetch {
        refresh: bool,
    },
    /// Open or close the "Check this key set" view.
    ToggleCheck,
    ExportPublic(PublicFormat),
}

/// Inspect: a pasted token or identity hash.
#[derive(Clone, Debug, PartialEq)]
pub enum InspectCommand {
    Text(String),
    /// Text pasted with no text field focused: inspect it.
    Paste(String),
    /// Open a token in Inspect mode.
    Open(String),
    Clear,
    Leeway(i64),
    /// Try every stored profile key on the inspected token.
    CheckProfiles,
    /// The shared key (or a pasted PEM / JWK) that opens an encrypted token.
    DecryptSecret(SecretText),
    /// Choose a key file to open an encrypted token with.
    ChooseDecryptKey,
    /// Forget the decryption key (typed or chosen).
    ForgetDecryptKey,
    /// What the widget said (its error), pasted beside the checklist.
    Answer(String),
}

/// Profiles: saved widget setups.
#[derive(Clone, Debug, PartialEq)]
pub enum ProfilesCommand {
    Open(String),
    /// Leave the profile, keeping the form.
    Close,
    Save,
    Duplicate(String),
    /// Ask for a name, then create a profile from the current vendor, values and key.
    AskNew,
    AskRename(String),
    AskDelete(String),
    AskForget,
    /// Put away the note about a change made elsewhere.
    DismissNotice,
    RetryKeyring,
    Import,
    /// Export every profile, or only the active one.
    Export {
        all: bool,
    },
    Filter(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum HistoryCommand {
    /// Pick (or unpick) a record for Diff.
    Pick(String),
    Clear,
    /// Keep history across restarts (header and claims only), or stop keeping it.
    Keep(bool),
    Filter(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum DiffCommand {
    /// Open two tokens side by side.
    Open(String, String),
    A(String),
    B(String),
    Swap,
    /// Read side A (0) or B (1) from a file.
    FromFile(usize),
    Clear,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ScanCommand {
    /// Ask for a capture and scan it.
    Open,
    /// Scan this file (dropped on the window).
    File(PathBuf),
    Cancel,
    /// Pick (or unpick) a token the scan found, for Diff.
    Pick(usize),
}

/// The local token server.
#[derive(Clone, Debug, PartialEq)]
pub enum ServerCommand {
    /// Start it with the window's vendor, values and key.
    Start,
    Stop,
    ClearLog,
    Port(u16),
}

/// How a question was answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Save, Delete, Forget, "Save and switch", "Keep mine".
    Yes,
    /// "Switch without saving", "Discard and switch", "Take theirs".
    Discard,
    Cancel,
}

/// `Command`, one branch a room, and `From` each room's enum: `MintCommand::Remint.into()`.
macro_rules! command_tree {
    ($($room:ident($ty:ident)),* $(,)?) => {
        /// What panels ask for, by room.
        #[must_use]
        #[derive(Clone, Debug, PartialEq)]
        pub enum Command {
            $($room($ty),)*
        }

        $(impl From<$ty> for Command {
            fn from(c: $ty) -> Command {
                Command::$room(c)
            }
        })*
    };
}

command_tree!(
    Window(WindowCommand),
    Dialog(DialogCommand),
    Mint(MintCommand),
    Keys(KeysCommand),
    Inspect(InspectCommand),
    Profiles(ProfilesCommand),
    History(HistoryCommand),
    Diff(DiffCommand),
    Scan(ScanCommand),
    Server(ServerCommand),
);
