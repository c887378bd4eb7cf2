//! Routing: each command to its room's `handle_*`, matched whole; and what the window as a
//! whole does (modes, demo mode, theme, copying, saving, quitting, the dialog's answers).

use crate::ui::app::command::{Command, DialogCommand, WindowCommand};
use crate::ui::app::dialogs::Modal;
use crate::ui::app::state::{AppState, Effect, ScrollTarget};

/// How much larger everything is in demo mode (on top of the user's zoom).
pub const DEMO_ZOOM: f32 = 1.35;

impl AppState {
    pub(in crate::ui) fn command(&mut self, cmd: Command, time: f64) {
        // Scan's rows show verdicts and personal data: they follow the key, the vendor and
        // demo mode.
        let relist = matches!(cmd, Command::Window(WindowCommand::SetDemo(_)));
        let rejudge = cmd.changes_verdicts();
        match cmd {
            Command::Window(c) => self.handle_window(c, time),
            Command::Dialog(c) => self.handle_dialog(c),
            Command::Mint(c) => self.handle_mint(c, time),
            Command::Keys(c) => self.handle_keys(c, time),
            Command::Inspect(c) => self.handle_inspect(c),
            Command::Profiles(c) => self.handle_profiles(c, time),
            Command::History(c) => self.handle_history(c, time),
            Command::Diff(c) => self.handle_diff(c),
            Command::Scan(c) => self.handle_scan(c),
            Command::Server(c) => self.handle_server(c, time),
        }
        if (relist || rejudge) && !self.scan.rows.is_empty() {
            self.workbench.refresh(self.now);
            if relist {
                self.relist_scan();
            } else {
                self.rejudge_scan();
            }
        }
    }

    fn handle_window(&mut self, cmd: WindowCommand, time: f64) {
        match cmd {
            WindowCommand::SetMode(mode) => self.workbench.inputs.mode = mode,
            WindowCommand::SetDemo(on) => self.set_demo(on, time),
            WindowCommand::SetTheme(theme) => {
                self.theme = theme;
                self.effects.push(Effect::Theme(theme));
            }
            WindowCommand::Quit => self.effects.push(Effect::Close),
            WindowCommand::ShowHelp => self.modal = Some(Modal::Help),
            WindowCommand::Copy { what, text } => match self.clipboard.copy(&text) {
                Ok(()) => self.toasts.info(format!("Copied {what}"), time),
                Err(e) => self.toasts.error(format!("Could not copy: {e}"), time),
            },
            WindowCommand::Save(file) => self.save_file(file),
        }
    }

    fn handle_dialog(&mut self, cmd: DialogCommand) {
        match cmd {
            DialogCommand::Answer(answer) => self.answer(answer),
            DialogCommand::Name(text) => {
                if let Some(Modal::NewProfile { name, error } | Modal::Rename { name, error, .. }) =
                    &mut self.modal
                {
                    *name = text;
                    *error = None;
                }
            }
        }
    }

    /// Demo mode on or off: large type, and every view masks the secret and personal data.
    fn set_demo(&mut self, on: bool, time: f64) {
        if on == self.workbench.inputs.demo {
            return;
        }
        self.workbench.set_demo(on);
        self.effects
            .push(Effect::Zoom(self.zoom * self.demo_zoom()));
        if on {
            self.scroll_to = Some(ScrollTarget::TokenTop);
            self.toasts.info(
                "Demo mode: large type; the secret and personal data are masked on screen",
                time,
            );
        }
    }

    /// The zoom demo mode adds to the user's.
    pub fn demo_zoom(&self) -> f32 {
        if self.workbench.inputs.demo {
            DEMO_ZOOM
        } else {
            1.0
        }
    }

    /// A file was saved (or not).
    pub(in crate::ui) fn saved(
        &mut self,
        saved: Option<Result<(String, std::path::PathBuf), String>>,
        time: f64,
    ) {
        match saved {
            Some(Ok((what, path))) => {
                let name = path
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                self.toasts
                    .info(format!("Saved the {what} to {name}"), time);
            }
            Some(Err(e)) => self.toasts.error(e, time),
            None => {}
        }
    }
}

impl Command {
    /// Whether the verdicts shown for other tokens (Scan's rows) change with it.
    fn changes_verdicts(&self) -> bool {
        use crate::ui::app::command::{KeysCommand, MintCommand};
        matches!(
            self,
            Command::Mint(MintCommand::SelectPreset(_))
                | Command::Keys(KeysCommand::Secret(_) | KeysCommand::Encoding(_))
        )
    }
}
