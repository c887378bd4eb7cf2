//! The window: lays out the panels, applies their commands in one place, and talks to the
//! outside world through the services.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use eframe::egui::{self, Key, KeyboardShortcut, Modifiers, RichText};
use serde::{Deserialize, Serialize};

use super::claims_form::{ClaimsForm, FormInputs};
use super::command::Command;
use super::inspect_panel::{InspectInputs, InspectPanel};
use super::key_panel::KeyPanel;
use super::model::{EditorMode, Mode, Workbench};
use super::preset_list::PresetList;
use super::services::{Clipboard, Clock, Dialogs, Message};
use super::toasts::Toasts;
use super::token_panel::{TimeControls, TokenPanel};
use super::{theme, welcome};
use crate::core::preset::Presets;
use crate::core::time::Validity;

/// What is remembered between runs. Never a secret: there is no secret type that serializes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub preset: Option<String>,
    pub mode: Mode,
    pub leeway: i64,
    pub auto_remint: bool,
    pub zoom: f32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            preset: None,
            mode: Mode::Mint,
            leeway: 0,
            auto_remint: false,
            zoom: 1.0,
        }
    }
}

/// Re-mint this many seconds before expiry when auto re-mint is on.
const REMINT_BEFORE: i64 = 5;

#[derive(Default)]
struct Panels {
    presets: PresetList,
    key: KeyPanel,
    form: ClaimsForm,
    token: TokenPanel,
    inspect: InspectPanel,
}

pub struct App {
    pub bench: Workbench,
    clock: Box<dyn Clock>,
    clipboard: Box<dyn Clipboard>,
    dialogs: Box<dyn Dialogs>,
    tx: Sender<Message>,
    rx: Receiver<Message>,
    pub toasts: Toasts,
    panels: Panels,
    started: bool,
    zoom: f32,
}

impl App {
    pub fn new(
        presets: Presets,
        settings: Settings,
        clock: Box<dyn Clock>,
        clipboard: Box<dyn Clipboard>,
        dialogs: Box<dyn Dialogs>,
    ) -> App {
        let (tx, rx) = channel();
        let mut bench = Workbench::new(presets);
        bench.inputs.mode = settings.mode;
        bench.inputs.leeway = settings.leeway;
        bench.inputs.auto_remint = settings.auto_remint;
        if let Some(id) = settings.preset.as_deref() {
            bench.select_preset(id);
        }
        App {
            bench,
            clock,
            clipboard,
            dialogs,
            tx,
            rx,
            toasts: Toasts::default(),
            panels: Panels::default(),
            started: false,
            zoom: settings.zoom,
        }
    }

    /// What to remember: never the secret, never claim values.
    pub fn settings(&self) -> Settings {
        Settings {
            preset: self.bench.inputs.preset_id.clone(),
            mode: self.bench.inputs.mode,
            leeway: self.bench.inputs.leeway,
            auto_remint: self.bench.inputs.auto_remint,
            zoom: self.zoom,
        }
    }

    /// One frame: everything the window shows, for eframe and for tests alike.
    pub fn draw(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if !self.started {
            self.started = true;
            // For the start-up benchmark (benches/window_process.rs): one line at the first frame.
            if std::env::var_os("TOKENBENCH_REPORT_FIRST_FRAME").is_some() {
                use std::io::Write;
                let mut out = std::io::stdout();
                let _ = writeln!(out, "first-frame");
                let _ = out.flush();
            }
            theme::install(&ctx);
            if (0.5..=3.0).contains(&self.zoom) {
                ctx.set_zoom_factor(self.zoom);
            }
        }
        let now = self.clock.now();
        let mut cmds = Vec::new();
        self.receive(&ctx);
        self.shortcuts(&ctx, &mut cmds);
        self.auto_remint(now);
        self.bench.refresh(now);

        egui::Panel::top("top-bar").show(ui, |ui| self.top_bar(ui, &mut cmds));
        egui::Panel::left("presets")
            .resizable(true)
            .default_size(250.0)
            .size_range(180.0..=420.0)
            .show(ui, |ui| {
                let selected = self.bench.inputs.preset_id.clone();
                self.panels.presets.ui(
                    ui,
                    &self.bench.presets,
                    &mut self.bench.inputs.preset_filter,
                    selected.as_deref(),
                    &mut cmds,
                );
            });
        match self.bench.inputs.mode {
            Mode::Mint => self.mint_ui(ui, now, &mut cmds),
            Mode::Inspect => self.inspect_ui(ui, now, &mut cmds),
        }
        self.toasts.ui(&ctx);

        let acted = !cmds.is_empty();
        for cmd in cmds {
            self.apply(cmd, &ctx);
        }
        if acted {
            self.bench.refresh(self.clock.now());
            ctx.request_repaint();
        }
        self.schedule_repaint(&ctx, now);
        self.zoom = ctx.zoom_factor();
    }

    fn top_bar(&mut self, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            ui.label(RichText::new("tokenbench").size(18.0).strong());
            ui.separator();
            for (mode, text, key) in [
                (Mode::Mint, "Mint", "Ctrl+1"),
                (Mode::Inspect, "Inspect", "Ctrl+2"),
            ] {
                if ui
                    .add(egui::Button::selectable(
                        self.bench.inputs.mode == mode,
                        text,
                    ))
                    .on_hover_text(format!("{text} mode ({key})"))
                    .clicked()
                {
                    cmds.push(Command::SetMode(mode));
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                egui::widgets::global_theme_preference_buttons(ui);
                let zoom = ui.ctx().zoom_factor();
                ui.label(theme::note(format!("{:.0}%", zoom * 100.0)))
                    .on_hover_text("Zoom: Ctrl+= / Ctrl+- / Ctrl+0");
                if let Some(p) = self.bench.preset() {
                    for doc in p.docs.iter().take(1) {
                        ui.hyperlink_to(format!("{} docs", p.vendor), &doc.url)
                            .on_hover_text(&doc.title);
                    }
                }
            });
        });
    }

    fn mint_ui(&mut self, ui: &mut egui::Ui, now: i64, cmds: &mut Vec<Command>) {
        let Some(preset) = self.bench.preset().cloned() else {
            egui::CentralPanel::default_margins().show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .show(ui, |ui| welcome::welcome_ui(ui, &self.bench.presets, cmds));
            });
            return;
        };
        let width = ui.available_width();
        egui::Panel::right("token-panel")
            .resizable(true)
            .default_size((width * 0.48).max(360.0))
            .size_range(320.0..=width * 0.7)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        let inputs = &mut self.bench.inputs;
                        let time = TimeControls {
                            now,
                            leeway: &mut inputs.leeway,
                            auto_remint: &mut inputs.auto_remint,
                        };
                        self.panels
                            .token
                            .ui(ui, &preset, &self.bench.derived, time, cmds);
                    });
            });
        egui::CentralPanel::default_margins().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    ui.label(RichText::new(&preset.name).size(20.0).strong());
                    if !preset.description.is_empty() {
                        ui.label(theme::note(&preset.description));
                    }
                    ui.add_space(theme::SECTION_GAP);
                    self.panels.key.ui(
                        ui,
                        &preset,
                        &mut self.bench.inputs.key,
                        &self.bench.derived.key,
                        cmds,
                    );
                    ui.add_space(theme::SECTION_GAP);
                    ui.separator();
                    let inputs = &mut self.bench.inputs;
                    let Some(form) = inputs.forms.get_mut(&preset.id) else {
                        return;
                    };
                    self.panels.form.ui(
                        ui,
                        &preset,
                        FormInputs {
                            editor: inputs.editor,
                            form,
                            raw_header: &mut inputs.raw_header,
                            raw_payload: &mut inputs.raw_payload,
                        },
                        &self.bench.derived,
                        cmds,
                    );
                });
        });
    }

    fn inspect_ui(&mut self, ui: &mut egui::Ui, now: i64, cmds: &mut Vec<Command>) {
        let width = ui.available_width();
        let preset_name = self.bench.preset().map(|p| p.name.clone());
        egui::Panel::right("verdict-panel")
            .resizable(true)
            .default_size((width * 0.4).max(320.0))
            .size_range(280.0..=width * 0.6)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        self.panels.inspect.verdict_ui(
                            ui,
                            self.bench.derived.inspect.as_ref(),
                            preset_name.as_deref(),
                        );
                    });
            });
        egui::CentralPanel::default_margins().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    let inputs = InspectInputs {
                        text: &mut self.bench.inputs.inspect_text,
                        view: self.bench.derived.inspect.as_ref(),
                        presets: &self.bench.presets,
                        current: self.bench.inputs.preset_id.as_deref(),
                    };
                    self.panels.inspect.ui(ui, inputs, now, cmds);
                });
        });
    }

    /// The one place commands change the model.
    pub fn apply(&mut self, cmd: Command, ctx: &egui::Context) {
        let time = ctx.input(|i| i.time);
        match cmd {
            Command::SelectPreset(id) => self.bench.select_preset(&id),
            Command::SetMode(mode) => {
                self.bench.inputs.mode = mode;
                self.bench.mark_dirty();
            }
            Command::SetEditor(editor) => {
                if let Err(e) = self.bench.set_editor(editor) {
                    self.toasts.error(e, time);
                }
            }
            Command::Remint | Command::Changed => self.bench.mark_dirty(),
            Command::ChooseKeyFile => {
                let ctx = ctx.clone();
                self.dialogs
                    .open_key_file(self.tx.clone(), Box::new(move || ctx.request_repaint()));
            }
            Command::ForgetKeyFile => {
                self.bench.inputs.key.file = None;
                self.bench.mark_dirty();
            }
            Command::Copy { what, text } => match self.clipboard.copy(&text) {
                Ok(()) => self.toasts.info(format!("Copied {what}"), time),
                Err(e) => self.toasts.error(format!("Could not copy: {e}"), time),
            },
            Command::PasteToInspect(text) => {
                self.bench.inputs.inspect_text = text;
                self.bench.inputs.mode = Mode::Inspect;
                self.bench.mark_dirty();
            }
            Command::ClearInspect => {
                self.bench.inputs.inspect_text.clear();
                self.bench.mark_dirty();
            }
        }
    }

    fn receive(&mut self, ctx: &egui::Context) {
        while let Ok(msg) = self.rx.try_recv() {
            match msg {
                Message::KeyFile(None) => {}
                Message::KeyFile(Some(Ok((path, keys)))) => {
                    self.bench.inputs.key.file = Some((path, keys));
                    self.bench.mark_dirty();
                }
                Message::KeyFile(Some(Err(e))) => {
                    self.toasts.error(e, ctx.input(|i| i.time));
                }
            }
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context, cmds: &mut Vec<Command>) {
        let shortcut = |m: Modifiers, k: Key| KeyboardShortcut::new(m, k);
        let mut quit = false;
        ctx.input_mut(|i| {
            if i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::R)) {
                cmds.push(Command::Remint);
            }
            if i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::Num1)) {
                cmds.push(Command::SetMode(Mode::Mint));
            }
            if i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::Num2)) {
                cmds.push(Command::SetMode(Mode::Inspect));
            }
            quit = i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::Q));
        });
        // Outside the input lock: the context can't be re-entered from inside it.
        if quit {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        let copy_token = ctx.input_mut(|i| {
            i.consume_shortcut(&shortcut(Modifiers::COMMAND | Modifiers::SHIFT, Key::C))
        });
        if copy_token && let Some(m) = &self.bench.derived.minted {
            cmds.push(Command::Copy {
                what: "token".into(),
                text: m.token.clone(),
            });
        }
        // Ctrl+V with no text field focused: inspect what was pasted.
        if ctx.memory(|m| m.focused().is_none()) {
            let pasted = ctx.input(|i| {
                i.events.iter().find_map(|e| match e {
                    egui::Event::Paste(text) => Some(text.clone()),
                    _ => None,
                })
            });
            if let Some(text) = pasted.filter(|t| !t.trim().is_empty()) {
                cmds.push(Command::PasteToInspect(text));
            }
        }
    }

    fn auto_remint(&mut self, now: i64) {
        if !self.bench.inputs.auto_remint || self.bench.inputs.editor == EditorMode::Raw {
            return;
        }
        let Some(m) = &self.bench.derived.minted else {
            return;
        };
        if m.minted_at == now || self.bench.derived.stale {
            return;
        }
        let due = match self.bench.minted_validity(now) {
            Some(Validity::Valid {
                expires_in: Some(left),
            }) => left <= REMINT_BEFORE,
            Some(Validity::Expired { .. }) => true,
            _ => false,
        };
        if due {
            self.bench.remint();
        }
    }

    /// The countdown changes once a second; nothing else needs a timer.
    fn schedule_repaint(&self, ctx: &egui::Context, now: i64) {
        let ticking = match self.bench.inputs.mode {
            Mode::Mint => self
                .bench
                .derived
                .minted
                .as_ref()
                .is_some_and(|m| m.times().exp.is_some()),
            Mode::Inspect => self.bench.derived.inspect.as_ref().is_some_and(|v| {
                v.decoded
                    .payload
                    .object
                    .as_ref()
                    .is_some_and(|p| p.contains_key("exp") || p.contains_key("nbf"))
            }),
        };
        if ticking {
            let _ = now;
            ctx.request_repaint_after(Duration::from_secs(1));
        }
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.draw(ui);
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
