//! What Diff's commands do: the two tokens, typed, swapped, opened from History or Scan, or
//! read from files.

use crate::ui::app::command::DiffCommand;
use crate::ui::app::services::Pick;
use crate::ui::app::state::AppState;
use crate::ui::workbench::Mode;

impl AppState {
    pub(in crate::ui) fn handle_diff(&mut self, cmd: DiffCommand) {
        let workbench = &mut self.workbench;
        match cmd {
            DiffCommand::Open(a, b) => {
                workbench.set_diff_side(0, a);
                workbench.set_diff_side(1, b);
                workbench.inputs.mode = Mode::Diff;
            }
            DiffCommand::A(text) => workbench.set_diff_side(0, text),
            DiffCommand::B(text) => workbench.set_diff_side(1, text),
            DiffCommand::Swap => {
                let inputs = &workbench.inputs;
                let (a, b) = (inputs.diff_b.clone(), inputs.diff_a.clone());
                workbench.set_diff_side(0, a);
                workbench.set_diff_side(1, b);
            }
            DiffCommand::FromFile(side) => self.ask(Pick::TokenFile(side)),
            DiffCommand::Clear => {
                workbench.set_diff_side(0, String::new());
                workbench.set_diff_side(1, String::new());
            }
        }
    }

    /// A token file for a Diff side was read.
    pub(in crate::ui) fn token_file(
        &mut self,
        side: usize,
        read: Option<Result<String, String>>,
        time: f64,
    ) {
        match read {
            Some(Ok(text)) => self.workbench.set_diff_side(side, text.trim().to_string()),
            Some(Err(e)) => self.toasts.error(e, time),
            None => {}
        }
    }
}
