//! What panels ask for. Panels read the model and push commands; `App::apply` is the one
//! place that carries them out.

use super::model::{EditorMode, Mode};

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
    /// Text pasted with no text field focused: inspect it.
    PasteToInspect(String),
    ClearInspect,
    /// An input was edited: recompute.
    Changed,
}
