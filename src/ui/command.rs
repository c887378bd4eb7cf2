//! What panels ask for. Panels read the model and push commands; `App::apply` is the one
//! place that carries them out.

use super::model::{EditorMode, Mode};
use super::services::SaveFile;
use crate::core::key::PublicFormat;

#[must_use]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    SelectPreset(String),
    SetMode(Mode),
    SetEditor(EditorMode),
    /// Sign again with a fresh iat/exp.
    Remint,
    ChooseKeyFile,
    ForgetKeyFile,
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
    /// An input was edited: recompute.
    Changed,
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
    RetryKeyring,
    ImportRecipe,
    /// Export every profile, or only the active one.
    ExportRecipe {
        all: bool,
    },
    GenerateKey,
    ExportPublicKey(PublicFormat),
    /// Try every stored profile key on the inspected token.
    CheckProfiles,
    /// Start the local token server with the window's vendor, values and key.
    StartServer,
    StopServer,
    ClearServerLog,
}
