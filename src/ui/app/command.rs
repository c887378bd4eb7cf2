//! What panels ask for. Panels read a view and push commands; `AppState::handle` is the one
//! place that carries them out, so no edit can leave what is derived from it stale.

use std::collections::BTreeMap;

use crate::core::alg::Alg;
use crate::core::key::PublicFormat;
use crate::core::secret::SecretEncoding;
use crate::core::snippet::Kind;
use crate::ui::app::services::SaveFile;
use crate::ui::mint::form::{ExtraClaim, FieldValue};
use crate::ui::widgets::secret_text::SecretText;
use crate::ui::workbench::{EditorMode, Mode};

#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Something the user typed or chose.
    Edit(Edit),
    SelectPreset(String),
    SetMode(Mode),
    SetEditor(EditorMode),
    /// Sign again with a fresh iat/exp.
    Remint,
    ChooseKeyFile,
    ForgetKeyFile,
    GenerateKey,
    /// Fetch the keys at the Key panel's URL (`refresh`: past the cache).
    FetchKeys {
        refresh: bool,
    },
    /// Open or close the "Check this key set" view.
    ToggleKeySetCheck,
    ExportPublicKey(PublicFormat),
    /// Copy `text`; `what` names it in the "Copied" toast.
    Copy {
        what: String,
        text: String,
    },
    /// Ask where to save a file, and save it.
    Save(SaveFile),
    /// Demo mode on or off: large type, secrets and personal data masked.
    SetDemo(bool),
    /// Text pasted with no text field focused: inspect it.
    PasteToInspect(String),
    ClearInspect,
    /// Scroll the snippets into view.
    ShowSnippets,
    SelectProfile(String),
    /// Leave the profile, keeping the form.
    CloseProfile,
    SaveProfile,
    DuplicateProfile(String),
    /// Ask for a name, then create a profile from the current vendor, values and key.
    AskNewProfile,
    AskRename(String),
    AskDelete(String),
    AskForget,
    /// The answer to the question the window is asking.
    Answer(Answer),
    /// Put away the note about a change made elsewhere.
    DismissNotice,
    RetryKeyring,
    ImportRecipe,
    /// Export every profile, or only the active one.
    ExportRecipe {
        all: bool,
    },
    /// Try every stored profile key on the inspected token.
    CheckProfiles,
    /// Start the local token server with the window's vendor, values and key.
    StartServer,
    StopServer,
    ClearServerLog,
    /// Close the window.
    Quit,
    /// Show the keyboard shortcuts.
    ShowHelp,
    /// Open a token in Inspect mode.
    InspectToken(String),
    /// Open two tokens side by side in Diff mode.
    DiffTokens(String, String),
    SwapDiff,
    /// Read Diff's side A (0) or B (1) from a file.
    DiffFromFile(usize),
    ClearDiff,
    /// Pick (or unpick) a History record for Diff.
    PickRecord(String),
    ClearHistory,
    /// Keep history across restarts (header and claims only), or stop keeping it.
    KeepHistory(bool),
    /// Ask for a capture and scan it.
    OpenCapture,
    /// Scan this file (dropped on the window).
    ScanFile(std::path::PathBuf),
    CancelScan,
    /// Pick (or unpick) a token the scan found, for Diff.
    PickScanned(usize),
    /// Follow the system's theme, or use the dark or the light one.
    SetTheme(eframe::egui::ThemePreference),
}

/// One edit of what the user typed or chose.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
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
    Secret(SecretText),
    Encoding(SecretEncoding),
    /// The URL the public keys are published at.
    KeyUrl(String),
    Reveal(bool),
    Leeway(i64),
    AutoRemint(bool),
    InspectText(String),
    /// Diff mode's first and second token.
    DiffA(String),
    DiffB(String),
    HistoryFilter(String),
    PresetFilter(String),
    ProfileFilter(String),
    Port(u16),
    SnippetKind(Kind),
    /// The name typed into the "Name the profile" dialog.
    DialogName(String),
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

impl From<Edit> for Command {
    fn from(e: Edit) -> Command {
        Command::Edit(e)
    }
}
