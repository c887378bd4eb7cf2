//! One frame of the window: what background work answered, the clock, the keyboard, then the
//! panels (which only read the state and push commands), then the commands, in order,
//! through [`AppState::handle`].

use std::time::Duration;

use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};

use crate::ui::app;
use crate::ui::app::command::{Command, InspectCommand, MintCommand, ScanCommand, WindowCommand};
use crate::ui::app::state::{AppState, Effect, Input};
use crate::ui::widgets;
use crate::ui::workbench::Mode;

impl AppState {
    /// One frame: everything the window shows, for eframe and for tests alike.
    pub fn draw(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        crate::ui::widgets::a11y::name_window(&ctx);
        if !self.started {
            self.started = true;
            widgets::theme::install(&ctx);
            let effects = self.start();
            apply(&ctx, effects);
        }
        for msg in self.messages() {
            let effects = self.handle(Input::Message(msg));
            apply(&ctx, effects);
        }
        let focused = ctx.input(|i| i.focused);
        if focused && !self.focused {
            let effects = self.handle(Input::FocusGained);
            apply(&ctx, effects);
        }
        self.focused = focused;
        let tick = Input::Tick {
            now: self.clock_now(),
            time: ctx.input(|i| i.time),
            // The first frame's zoom is being applied; from then on egui's is the user's.
            zoom: (ctx.cumulative_pass_nr() > 1).then(|| ctx.zoom_factor()),
        };
        let effects = self.handle(tick);
        apply(&ctx, effects);

        let mut cmds = Vec::new();
        shortcuts(&ctx, self, &mut cmds);
        app::layout::window_ui(ui, self, &mut cmds);

        // The panels have seen this frame's one-shot requests (scroll here); commands may
        // make new ones for the next frame.
        self.frame_done();
        for cmd in cmds {
            let effects = self.handle(cmd.into());
            apply(&ctx, effects);
        }
        schedule_repaint(&ctx, self);
    }
}

/// Does what the state machine asked of the window.
pub fn apply(ctx: &egui::Context, effects: Vec<Effect>) {
    for effect in effects {
        match effect {
            Effect::Zoom(zoom) => ctx.set_zoom_factor(zoom),
            Effect::Theme(theme) => ctx.set_theme(theme),
            Effect::Close => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Effect::Repaint => ctx.request_repaint(),
        }
    }
}

fn shortcuts(ctx: &egui::Context, state: &AppState, cmds: &mut Vec<Command>) {
    let shortcut = |m: Modifiers, k: Key| KeyboardShortcut::new(m, k);
    ctx.input_mut(|i| {
        if i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::R)) {
            cmds.push(Command::Mint(MintCommand::Remint));
        }
        let modes = [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5];
        for (key, (mode, _, _)) in modes.into_iter().zip(Mode::ALL) {
            if i.consume_shortcut(&shortcut(Modifiers::COMMAND, key)) {
                cmds.push(Command::Window(WindowCommand::SetMode(mode)));
            }
        }
        // A file dropped on the window is scanned for tokens.
        let dropped = (i.raw.dropped_files.iter())
            .map(|f| f.path().to_path_buf())
            .find(|p| !p.as_os_str().is_empty());
        if let Some(path) = dropped {
            cmds.push(Command::Scan(ScanCommand::File(path)));
        }
        if i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::D)) {
            cmds.push(Command::Window(WindowCommand::SetDemo(
                !state.workbench.inputs.demo,
            )));
        }
        if i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::Q)) {
            cmds.push(Command::Window(WindowCommand::Quit));
        }
        if i.consume_key(Modifiers::NONE, Key::F1) {
            cmds.push(Command::Window(WindowCommand::ShowHelp));
        }
        if i.consume_shortcut(&shortcut(Modifiers::COMMAND | Modifiers::SHIFT, Key::C))
            && let Some(m) = &state.workbench.derived.minted
        {
            cmds.push(Command::Window(WindowCommand::Copy {
                what: "token".into(),
                text: m.token.clone(),
            }));
        }
    });
    // Outside text fields (and dialogs): ? for the shortcuts, Ctrl+V to inspect a paste.
    let typing = ctx
        .memory(|m| m.focused())
        .is_some_and(|id| egui::TextEdit::load_state(ctx, id).is_some());
    if state.modal.is_none()
        && !typing
        && ctx.input(|i| {
            i.events
                .iter()
                .any(|e| matches!(e, egui::Event::Text(t) if t == "?"))
        })
    {
        cmds.push(Command::Window(WindowCommand::ShowHelp));
    }
    if state.modal.is_none() && ctx.memory(|m| m.focused().is_none()) {
        let pasted = ctx.input(|i| {
            i.events.iter().find_map(|e| match e {
                egui::Event::Paste(text) => Some(text.clone()),
                _ => None,
            })
        });
        if let Some(text) = pasted.filter(|t| !t.trim().is_empty()) {
            cmds.push(Command::Inspect(InspectCommand::Paste(text)));
        }
    }
}

/// The countdown changes once a second; nothing else needs a timer. A hidden or minimised
/// window asks for nothing.
fn schedule_repaint(ctx: &egui::Context, state: &AppState) {
    let hidden = ctx.input(|i| {
        let v = i.viewport();
        v.minimized == Some(true) || v.occluded == Some(true)
    });
    if hidden {
        return;
    }
    let workbench = &state.workbench;
    let ticking = match workbench.inputs.mode {
        Mode::Mint => (workbench.derived.minted.as_ref()).is_some_and(|m| m.times.exp.is_some()),
        Mode::Inspect => workbench.derived.inspect.as_ref().is_some_and(|v| {
            (v.decoded.payload.object.as_ref())
                .is_some_and(|p| p.contains_key("exp") || p.contains_key("nbf"))
        }),
        // Verdicts that move with the clock ("expires in 4s").
        Mode::Diff => (workbench.derived.diff.as_ref())
            .is_some_and(|d| d.sides.iter().any(|s| s.status.is_some())),
        Mode::History | Mode::Scan => false,
    };
    if ticking {
        ctx.request_repaint_after(Duration::from_secs(1));
    }
    if let Some(after) = state.toasts.next_change(ctx.input(|i| i.time)) {
        ctx.request_repaint_after(after);
    }
}

impl eframe::App for AppState {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.draw(ui);
        if let Some(hook) = self.first_frame.take() {
            hook();
        }
    }

    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        widgets::theme::clear_color(visuals)
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.settings());
    }

    /// egui's own memory holds widget state we have no need to keep; keeping none of it is
    /// the simplest way to be sure nothing typed reaches the disk.
    fn persist_egui_memory(&self) -> bool {
        false
    }
}
