//! The window: lays out the panels, applies their commands in one place, and talks to the
//! outside world through the services.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use eframe::egui::{self, Key, KeyboardShortcut, Modifiers, RichText};
use serde::{Deserialize, Serialize};

use super::claims_form::{ClaimsForm, FormInputs};
use super::command::Command;
use super::inspect_panel::{InspectInputs, InspectPanel};
use super::key_panel::{KeyPanel, KeyPanelInputs};
use super::model::{EditorMode, Mode, Workbench};
use super::preset_list::PresetList;
use super::profiles::{KeyringTask, ProfileBook, SecretStatus};
use super::profiles_panel::ProfilesPanel;
use super::server_panel::{ServerState, server_ui};
use super::services::{
    Clipboard, Clock, Dialogs, InlineKeyring, Keyring, KeyringReply, KeyringRequest, Message,
    OpenStore, SaveFile, ThreadedKeyring,
};
use super::snippet_panel::{SnippetInputs, SnippetPanel};
use super::toasts::Toasts;
use super::token_panel::{TimeControls, TokenPanel};
use super::{theme, welcome};
use crate::core::key::{KeySpec, PublicFormat, generate};
use crate::core::preset::Presets;
use crate::core::time::Validity;

/// What is remembered between runs. Never a secret: there is no secret type that serializes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub preset: Option<String>,
    /// The active profile's id (its values live in profiles.json, its key in the keyring).
    pub profile: Option<String>,
    pub mode: Mode,
    pub leeway: i64,
    pub auto_remint: bool,
    pub zoom: f32,
    /// The local server's port.
    pub port: u16,
    /// Demo mode was on: it stays on after a restart, so nothing personal shows by surprise.
    pub demo: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            preset: None,
            profile: None,
            mode: Mode::Mint,
            leeway: 0,
            auto_remint: false,
            zoom: 1.0,
            port: crate::serve::DEFAULT_PORT,
            demo: false,
        }
    }
}

/// How much larger everything is in demo mode (on top of the user's zoom).
const DEMO_ZOOM: f32 = 1.35;

/// Re-mint this many seconds before expiry when auto re-mint is on.
const REMINT_BEFORE: i64 = 5;

/// How the keyring worker runs: on its own thread (the real window), or answering at once
/// (tests).
pub enum KeyringSetup {
    Threaded {
        open: OpenStore,
        repaint: Box<dyn Fn() + Send>,
    },
    Inline(OpenStore),
}

/// The outside world, behind traits.
pub struct Services {
    pub clock: Box<dyn Clock>,
    pub clipboard: Box<dyn Clipboard>,
    pub dialogs: Box<dyn Dialogs>,
    pub keyring: KeyringSetup,
}

/// A question the window is asking.
enum Modal {
    NewProfile {
        name: String,
        error: Option<String>,
    },
    Rename {
        id: String,
        name: String,
        error: Option<String>,
    },
    ConfirmDelete {
        id: String,
        name: String,
    },
    ConfirmForget {
        name: String,
    },
    /// Going to `next` would replace unsaved typing (or leave the active profile's changes
    /// unsaved).
    Unsaved {
        next: Next,
        active: Option<String>,
    },
}

/// Where the user was going when asked about unsaved changes.
enum Next {
    Profile(String),
    /// Another vendor: the profile, tied to its own, closes.
    Preset(String),
}

/// How a question was answered.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Answer {
    /// Save, Delete, Forget, "Save and switch".
    Yes,
    /// "Switch without saving", "Discard and switch".
    Discard,
    Cancel,
}

#[derive(Default)]
struct Panels {
    profiles: ProfilesPanel,
    presets: PresetList,
    key: KeyPanel,
    form: ClaimsForm,
    token: TokenPanel,
    snippets: SnippetPanel,
    inspect: InspectPanel,
}

pub struct App {
    pub bench: Workbench,
    clock: Box<dyn Clock>,
    clipboard: Box<dyn Clipboard>,
    dialogs: Box<dyn Dialogs>,
    keyring: Box<dyn Keyring>,
    modal: Option<Modal>,
    tx: Sender<Message>,
    rx: Receiver<Message>,
    pub toasts: Toasts,
    panels: Panels,
    started: bool,
    zoom: f32,
    pub server: ServerState,
}

impl App {
    pub fn new(presets: Presets, book: ProfileBook, settings: Settings, services: Services) -> App {
        let (tx, rx) = channel();
        let keyring: Box<dyn Keyring> = match services.keyring {
            KeyringSetup::Threaded { open, repaint } => {
                Box::new(ThreadedKeyring::start(open, tx.clone(), repaint))
            }
            KeyringSetup::Inline(open) => Box::new(InlineKeyring::new(open, tx.clone())),
        };
        keyring.request(KeyringRequest::Open);
        let mut bench = Workbench::new(presets);
        bench.profiles.book = book;
        bench.inputs.mode = settings.mode;
        bench.inputs.leeway = settings.leeway;
        bench.inputs.auto_remint = settings.auto_remint;
        bench.inputs.demo = settings.demo;
        if let Some(id) = settings.preset.as_deref() {
            bench.select_preset(id);
        }
        let mut toasts = Toasts::default();
        if let Some(problem) = bench.profiles.book.problem.clone() {
            toasts.error(problem, 0.0);
        }
        let mut app = App {
            bench,
            clock: services.clock,
            clipboard: services.clipboard,
            dialogs: services.dialogs,
            keyring,
            modal: None,
            tx,
            rx,
            toasts,
            panels: Panels::default(),
            started: false,
            zoom: settings.zoom,
            server: ServerState::on_port(settings.port),
        };
        if let Some(id) = settings.profile.as_deref()
            && let Some(task) = app.bench.select_profile(id)
        {
            app.run_task(task);
        }
        app
    }

    /// What to remember: never the secret, never claim values.
    pub fn settings(&self) -> Settings {
        Settings {
            preset: self.bench.inputs.preset_id.clone(),
            profile: self.bench.profiles.active.clone(),
            mode: self.bench.inputs.mode,
            leeway: self.bench.inputs.leeway,
            auto_remint: self.bench.inputs.auto_remint,
            zoom: self.zoom,
            port: self.server.port,
            demo: self.bench.inputs.demo,
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
                ctx.set_zoom_factor(self.zoom * self.demo_zoom());
            }
        }
        let now = self.clock.now();
        let mut cmds = Vec::new();
        self.receive(&ctx);
        self.shortcuts(&ctx, &mut cmds);
        self.auto_remint(now);
        self.bench.refresh(now);
        self.follow_server();

        egui::Panel::top("top-bar").show(ui, |ui| self.top_bar(ui, &mut cmds));
        if self.server.visible() {
            egui::Panel::bottom("server")
                .resizable(false)
                .show(ui, |ui| {
                    ui.add_space(4.0);
                    let mask = self.bench.inputs.demo.then(|| self.bench.preset());
                    server_ui(ui, &self.server, mask, &mut cmds);
                    ui.add_space(4.0);
                });
        }
        // Presenting: no profile or vendor lists (customer names), more room for the token.
        if !self.bench.inputs.demo {
            self.sidebar(ui, &mut cmds);
        }
        match self.bench.inputs.mode {
            Mode::Mint => self.mint_ui(ui, now, &mut cmds),
            Mode::Inspect => self.inspect_ui(ui, now, &mut cmds),
        }
        self.toasts.ui(&ctx);
        self.modal_ui(&ctx, &mut cmds);

        let acted = !cmds.is_empty();
        for cmd in cmds {
            self.apply(cmd, &ctx);
        }
        if acted {
            self.bench.refresh(self.clock.now());
            ctx.request_repaint();
        }
        self.schedule_repaint(&ctx, now);
        self.zoom = ctx.zoom_factor() / self.demo_zoom();
    }

    /// The snippet kind the panel shows.
    pub fn snippet_kind(&self) -> crate::core::snippet::Kind {
        self.panels.snippets.kind()
    }

    /// The zoom demo mode adds to the user's.
    fn demo_zoom(&self) -> f32 {
        if self.bench.inputs.demo {
            DEMO_ZOOM
        } else {
            1.0
        }
    }

    /// Demo mode on or off: large type, and every view masks the secret and personal data.
    fn set_demo(&mut self, on: bool, ctx: &egui::Context) {
        if on == self.bench.inputs.demo {
            return;
        }
        let base = ctx.zoom_factor() / self.demo_zoom();
        self.bench.inputs.demo = on;
        if on {
            self.bench.inputs.key.reveal = false;
            self.panels.token.to_top = true;
        }
        ctx.set_zoom_factor(base * self.demo_zoom());
        let time = ctx.input(|i| i.time);
        if on {
            self.toasts.info(
                "Demo mode: large type; the secret and personal data are masked on screen",
                time,
            );
        }
    }

    /// The profiles and vendor lists on the left.
    fn sidebar(&mut self, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
        egui::Panel::left("presets")
            .resizable(true)
            .default_size(250.0)
            .size_range(180.0..=420.0)
            .show(ui, |ui| {
                let has_preset = self.bench.preset().is_some();
                self.panels.profiles.ui(
                    ui,
                    &mut self.bench.profiles,
                    &self.bench.presets,
                    has_preset,
                    cmds,
                );
                ui.separator();
                let selected = self.bench.inputs.preset_id.clone();
                self.panels.presets.ui(
                    ui,
                    &self.bench.presets,
                    &mut self.bench.inputs.preset_filter,
                    selected.as_deref(),
                    cmds,
                );
            });
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
            ui.separator();
            self.serve_button(ui, cmds);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                egui::widgets::global_theme_preference_buttons(ui);
                let demo = self.bench.inputs.demo;
                if ui
                    .add(egui::Button::selectable(demo, "Demo mode"))
                    .on_hover_text(
                        "For presenting: large type, the secret and personal data masked in every view (Ctrl+D)",
                    )
                    .clicked()
                {
                    cmds.push(Command::SetDemo(!demo));
                }
                let zoom = ui.ctx().zoom_factor();
                ui.label(theme::note(format!("{:.0}%", zoom * 100.0)))
                    .on_hover_text("Zoom: Ctrl+= / Ctrl+- / Ctrl+0");
                // Only where it fits: a narrow (or zoomed) window keeps the buttons on the left.
                if let Some(p) = self.bench.preset().filter(|_| ui.available_width() > 260.0) {
                    for doc in p.docs.iter().take(1) {
                        ui.hyperlink_to(format!("{} docs", p.vendor), &doc.url)
                            .on_hover_text(&doc.title);
                    }
                }
            });
        });
    }

    /// Serve / Stop, and the port while stopped.
    fn serve_button(&mut self, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
        if self.server.is_running() {
            if ui
                .add(egui::Button::selectable(true, "Stop serving"))
                .on_hover_text("Stop the local token server")
                .clicked()
            {
                cmds.push(Command::StopServer);
            }
            return;
        }
        let ready = self.bench.preset().is_some();
        if ui
            .add_enabled(ready, egui::Button::new("▶ Serve"))
            .on_hover_text(format!(
                "Serve fresh tokens, the public key and a demo page on http://127.0.0.1:{}/",
                self.server.port
            ))
            .on_disabled_hover_text("Choose a vendor first")
            .clicked()
        {
            cmds.push(Command::StartServer);
        }
        let label = ui.label(theme::note("port"));
        ui.add(
            egui::DragValue::new(&mut self.server.port)
                .range(0..=65535)
                .speed(0.0),
        )
        .labelled_by(label.id)
        .on_hover_text("The port on 127.0.0.1 (0: any free port)");
    }

    /// Keeps a running server minting what the window shows.
    fn follow_server(&mut self) {
        let bench = &self.bench;
        let token = bench.derived.minted.as_ref().map(|m| m.token.as_str());
        self.server.follow(token, || bench.server_setup().ok());
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
                        let demo = inputs.demo;
                        let time = TimeControls {
                            now,
                            leeway: &mut inputs.leeway,
                            auto_remint: &mut inputs.auto_remint,
                        };
                        let derived = &self.bench.derived;
                        self.panels.token.ui(ui, &preset, derived, time, demo, cmds);
                        if std::mem::take(&mut self.panels.token.jump_to_snippets) {
                            self.panels.snippets.jump = true;
                        }
                        ui.add_space(theme::SECTION_GAP);
                        ui.separator();
                        let server_url = self.server.url().unwrap_or_else(|| {
                            let port = match self.server.port {
                                0 => crate::serve::DEFAULT_PORT,
                                p => p,
                            };
                            format!("http://127.0.0.1:{port}")
                        });
                        let inputs = SnippetInputs {
                            preset: &preset,
                            minted: derived.minted.as_ref(),
                            settings: inputs.forms.get_mut(&preset.id).map(|f| &mut f.settings),
                            encoding: inputs.key.encoding,
                            server_url,
                            server_running: self.server.is_running(),
                            demo,
                        };
                        self.panels.snippets.ui(ui, inputs, cmds);
                    });
            });
        egui::CentralPanel::default_margins().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    self.profile_bar(ui, cmds);
                    ui.label(RichText::new(&preset.name).size(20.0).strong());
                    if !preset.description.is_empty() {
                        ui.label(theme::note(&preset.description));
                    }
                    ui.add_space(theme::SECTION_GAP);
                    let profile = self.bench.active_profile().map(|p| p.name.clone());
                    let inputs = KeyPanelInputs {
                        preset: &preset,
                        key: &mut self.bench.inputs.key,
                        state: &self.bench.derived.key,
                        keyring: &self.bench.keyring,
                        profile: profile.as_deref().map(|n| (n, &self.bench.profiles.secret)),
                        demo: self.bench.inputs.demo,
                    };
                    self.panels.key.ui(ui, inputs, cmds);
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
                            demo: inputs.demo,
                        },
                        &self.bench.derived,
                        cmds,
                    );
                });
        });
    }

    fn inspect_ui(&mut self, ui: &mut egui::Ui, now: i64, cmds: &mut Vec<Command>) {
        let width = ui.available_width();
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
                            self.bench.preset(),
                            self.bench.inputs.demo,
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
                        profiles_with_keys: self.bench.profiles.book.with_keys().count(),
                        signers: self.bench.derived.signers.as_ref(),
                        demo: self.bench.inputs.demo,
                    };
                    self.panels.inspect.ui(ui, inputs, now, cmds);
                });
        });
    }

    /// The one place commands change the model.
    pub fn apply(&mut self, cmd: Command, ctx: &egui::Context) {
        let time = ctx.input(|i| i.time);
        match cmd {
            Command::SelectPreset(id) => {
                let leaving = self.bench.active_profile().is_some_and(|p| p.preset != id);
                let ask = leaving && self.bench.profile_changed();
                self.ask_or_go(ask, Next::Preset(id));
            }
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
                self.bench.inputs.key.file_text = None;
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
            Command::SelectProfile(id) => {
                let ask = self.bench.unsaved_before_switch(&id);
                self.ask_or_go(ask, Next::Profile(id));
            }
            Command::CloseProfile => self.bench.close_profile(),
            Command::SaveProfile => {
                let result = self.bench.save_profile();
                if result.is_ok() {
                    self.toasts.info("Profile saved", time);
                }
                self.run_tasks(result, time);
            }
            Command::DuplicateProfile(id) => {
                let result = self.bench.duplicate_profile(&id);
                self.run_tasks(result, time);
            }
            Command::AskNewProfile => {
                self.modal = Some(Modal::NewProfile {
                    name: String::new(),
                    error: None,
                });
            }
            Command::AskRename(id) => {
                let name = self
                    .bench
                    .profiles
                    .book
                    .list
                    .iter()
                    .find(|p| p.id == id)
                    .map(|p| p.name.clone())
                    .unwrap_or_default();
                self.modal = Some(Modal::Rename {
                    id,
                    name,
                    error: None,
                });
            }
            Command::AskDelete(id) => {
                if let Some(p) = self.bench.profiles.book.list.iter().find(|p| p.id == id) {
                    self.modal = Some(Modal::ConfirmDelete {
                        id,
                        name: p.name.clone(),
                    });
                }
            }
            Command::AskForget => {
                if let Some(p) = self.bench.active_profile() {
                    self.modal = Some(Modal::ConfirmForget {
                        name: p.name.clone(),
                    });
                }
            }
            Command::RetryKeyring => self.keyring.request(KeyringRequest::Open),
            Command::ImportRecipe => {
                let ctx = ctx.clone();
                self.dialogs
                    .open_recipe(self.tx.clone(), Box::new(move || ctx.request_repaint()));
            }
            Command::ExportRecipe { all } => {
                let chosen: Vec<&crate::store::profiles::Profile> = if all {
                    self.bench.profiles.book.list.iter().collect()
                } else {
                    self.bench.active_profile().into_iter().collect()
                };
                if chosen.is_empty() {
                    self.toasts.error("There are no profiles to export", time);
                } else {
                    let text = crate::store::recipe::export(&chosen);
                    let file = SaveFile {
                        what: "recipe".into(),
                        file_name: "tokenbench-recipe.json".into(),
                        contents: text,
                    };
                    self.save(file, ctx);
                }
            }
            Command::GenerateKey => {
                let alg = self
                    .bench
                    .preset()
                    .and_then(|p| p.algorithms().first().copied());
                let tx = self.tx.clone();
                let ctx = ctx.clone();
                std::thread::spawn(move || {
                    let result = alg
                        .ok_or_else(|| "this vendor does not say which algorithm".to_string())
                        .and_then(|a| KeySpec::for_alg(a, None).map_err(|e| e.to_string()))
                        .and_then(|spec| generate(spec).map_err(|e| e.to_string()))
                        .and_then(|k| k.private_pkcs8_pem().map_err(|e| e.to_string()));
                    let _ = tx.send(Message::Generated(result));
                    ctx.request_repaint();
                });
            }
            Command::ExportPublicKey(format) => self.export_public_key(format, ctx),
            Command::StartServer => match self.bench.server_setup() {
                Ok(setup) => match self.server.start(setup, ctx) {
                    Ok(()) => {
                        let url = self.server.url().unwrap_or_default();
                        self.toasts.info(format!("Serving on {url}/"), time);
                    }
                    Err(e) => self.toasts.error(e, time),
                },
                Err(e) => self.toasts.error(e, time),
            },
            Command::StopServer => self.server.stop(),
            Command::Save(file) => self.save(file, ctx),
            Command::SetDemo(on) => self.set_demo(on, ctx),
            Command::ClearServerLog => {
                self.server.clear_log();
                self.server.problem = None;
            }
            Command::CheckProfiles => {
                let ids = (self.bench.profiles.book.with_keys())
                    .map(|p| p.id.clone())
                    .collect();
                self.keyring.request(KeyringRequest::LoadAll { ids });
            }
        }
    }

    fn export_public_key(&mut self, format: PublicFormat, ctx: &egui::Context) {
        let time = ctx.input(|i| i.time);
        let Some(key) = self
            .bench
            .derived
            .key
            .keys
            .as_ref()
            .and_then(|k| k.keys.first())
        else {
            self.toasts.error("There is no key to export", time);
            return;
        };
        let mut key = key.clone();
        if key.kid.is_none() {
            key.kid = self
                .bench
                .form()
                .map(|f| f.kid.trim().to_string())
                .filter(|k| !k.is_empty())
                .or_else(|| key.thumbprint());
        }
        let expiry = self.clock.now() + 365 * 86_400;
        let (text, name) = match format {
            PublicFormat::Pem => (key.public_pem(), "public-key.pem"),
            PublicFormat::Jwk => (key.export_public(format, expiry), "public-key.jwk.json"),
            PublicFormat::Jwks => (key.export_public(format, expiry), "jwks.json"),
            PublicFormat::Omnichannel => (key.export_public(format, expiry), "public-keys.json"),
        };
        let Some(text) = text else {
            self.toasts.error("An HMAC secret has no public key", time);
            return;
        };
        let file = SaveFile {
            what: "public key".into(),
            file_name: name.into(),
            contents: text,
        };
        self.save(file, ctx);
    }

    /// Asks where to save `contents`, off the UI thread; the answer comes back as a message.
    fn save(&self, file: SaveFile, ctx: &egui::Context) {
        let ctx = ctx.clone();
        self.dialogs.save(
            file,
            self.tx.clone(),
            Box::new(move || ctx.request_repaint()),
        );
    }

    fn receive(&mut self, ctx: &egui::Context) {
        let time = ctx.input(|i| i.time);
        while let Ok(msg) = self.rx.try_recv() {
            match msg {
                Message::KeyFile(None) | Message::Recipe(None) | Message::Saved(None) => {}
                Message::KeyFile(Some(Ok((path, keys, text)))) => {
                    self.bench.inputs.key.file = Some((path, keys));
                    self.bench.inputs.key.file_text = Some(text);
                    self.bench.mark_dirty();
                }
                Message::Recipe(Some(Ok(text))) => match self.bench.import_recipe(&text) {
                    Ok(n) => self.toasts.info(
                        format!(
                            "Imported {n} profile{}: add their keys",
                            if n == 1 { "" } else { "s" }
                        ),
                        time,
                    ),
                    Err(e) => self.toasts.error(format!("Nothing imported: {e}"), time),
                },
                Message::Saved(Some(Ok((what, path)))) => {
                    let name = path
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                    self.toasts
                        .info(format!("Saved the {what} to {name}"), time);
                }
                Message::KeyFile(Some(Err(e)))
                | Message::Recipe(Some(Err(e)))
                | Message::Saved(Some(Err(e))) => {
                    self.toasts.error(e, time);
                }
                Message::Generated(Ok(pem)) => {
                    self.bench.inputs.key.file = None;
                    self.bench.inputs.key.file_text = None;
                    self.bench
                        .inputs
                        .key
                        .secret
                        .set(&String::from_utf8_lossy(pem.expose()));
                    self.bench.mark_dirty();
                    let hint = if self.bench.profiles.active.is_some() {
                        ": save the profile to keep it"
                    } else {
                        ""
                    };
                    self.toasts
                        .info(format!("Generated a new key pair{hint}"), time);
                }
                Message::Generated(Err(e)) => self.toasts.error(e, time),
                Message::Keyring(reply) => self.keyring_reply(reply, time),
            }
        }
    }

    fn keyring_reply(&mut self, reply: KeyringReply, time: f64) {
        match reply {
            KeyringReply::Opened { kind, problem } => {
                self.bench.keyring.kind = Some(kind);
                self.bench.keyring.problem = problem;
                // Reached at last: read the key that could not be read before.
                if !self.bench.keyring.session_only()
                    && self.bench.profiles.secret == SecretStatus::Unreachable
                    && self.bench.inputs.key.secret.expose().is_empty()
                    && let Some(id) = self.bench.profiles.active.clone()
                {
                    self.bench.profiles.secret = SecretStatus::Loading;
                    self.run_task(KeyringTask::Load(id));
                }
            }
            KeyringReply::Loaded { id, result } => self.bench.secret_loaded(&id, result),
            KeyringReply::Saved { result: Err(e), .. } => self
                .toasts
                .error(format!("The key was not stored: {e}"), time),
            KeyringReply::Deleted { result: Err(e), .. } => {
                self.toasts
                    .error(format!("The keyring entry was not deleted: {e}"), time);
            }
            KeyringReply::Saved { .. } | KeyringReply::Deleted { .. } => {}
            KeyringReply::LoadedAll(secrets) => self.bench.check_signers(&secrets),
        }
    }

    /// Another vendor; a profile of a different vendor closes (its values stay in the form).
    fn go_to_preset(&mut self, id: &str) {
        if self.bench.active_profile().is_some_and(|p| p.preset != id) {
            self.bench.close_profile();
        }
        self.bench.select_preset(id);
    }

    /// Goes to `next`, or first asks what to do with unsaved changes when `ask`.
    fn ask_or_go(&mut self, ask: bool, next: Next) {
        if ask {
            let active = self.bench.active_profile().map(|p| p.name.clone());
            self.modal = Some(Modal::Unsaved { next, active });
        } else {
            self.go(&next);
        }
    }

    fn go(&mut self, next: &Next) {
        match next {
            Next::Profile(id) => self.open_profile(id),
            Next::Preset(id) => self.go_to_preset(id),
        }
    }

    fn open_profile(&mut self, id: &str) {
        if let Some(task) = self.bench.select_profile(id) {
            self.run_task(task);
        }
    }

    fn run_task(&mut self, task: KeyringTask) {
        self.keyring.request(match task {
            KeyringTask::Load(id) => KeyringRequest::Load { id },
            KeyringTask::Save { id, label, secret } => KeyringRequest::Save { id, label, secret },
            KeyringTask::Delete(id) => KeyringRequest::Delete { id },
        });
    }

    fn run_tasks(&mut self, result: Result<Vec<KeyringTask>, String>, time: f64) {
        match result {
            Ok(tasks) => tasks.into_iter().for_each(|t| self.run_task(t)),
            Err(e) => self.toasts.error(e, time),
        }
    }

    /// "Profile: Connect — staging [Save changes] [Rename…] …", or "Save as profile…".
    fn profile_bar(&self, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
        let pal = theme::palette(ui);
        ui.horizontal_wrapped(|ui| match self.bench.active_profile() {
            Some(p) => {
                ui.label(RichText::new(format!("Profile: {}", p.name)).strong().color(pal.info));
                let changed = self.bench.profile_changed();
                let save = egui::Button::new(if changed { "Save changes" } else { "Saved" });
                if ui.add_enabled(changed, save).on_hover_text("Save the values (and the key, to the keyring)").clicked() {
                    cmds.push(Command::SaveProfile);
                }
                ui.menu_button("More", |ui| {
                    if ui.button("Rename…").clicked() {
                        cmds.push(Command::AskRename(p.id.clone()));
                    }
                    if ui.button("Duplicate").on_hover_text("A copy under a new name, with the same key").clicked() {
                        cmds.push(Command::DuplicateProfile(p.id.clone()));
                    }
                    if ui.button("Export recipe…").on_hover_text("Share this setup without its key").clicked() {
                        cmds.push(Command::ExportRecipe { all: false });
                    }
                    ui.separator();
                    if ui.button("Delete…").on_hover_text("Delete the profile and its key").clicked() {
                        cmds.push(Command::AskDelete(p.id.clone()));
                    }
                })
                .response
                .on_hover_text("Rename, duplicate, export or delete this profile");
                if ui.button("Close").on_hover_text("Leave the profile; the form stays").clicked() {
                    cmds.push(Command::CloseProfile);
                }
            }
            None => {
                if ui
                    .button("Save as profile…")
                    .on_hover_text("Keep this vendor, these values and the key (in the system keyring) under a name")
                    .clicked()
                {
                    cmds.push(Command::AskNewProfile);
                }
            }
        });
        ui.add_space(theme::ROW_GAP);
    }

    fn modal_ui(&mut self, ctx: &egui::Context, cmds: &mut Vec<Command>) {
        let Some(modal) = &mut self.modal else { return };
        let mut answer: Option<Answer> = None;
        let response = egui::Modal::new(egui::Id::unique("tokenbench-modal")).show(ctx, |ui| {
            ui.set_width(400.0);
            let buttons = |ui: &mut egui::Ui, yes: &str, discard: Option<&str>, answer: &mut Option<Answer>| {
                ui.add_space(theme::ROW_GAP);
                ui.horizontal(|ui| {
                    if ui.button(yes).clicked() {
                        *answer = Some(Answer::Yes);
                    }
                    if let Some(d) = discard
                        && ui.button(d).clicked()
                    {
                        *answer = Some(Answer::Discard);
                    }
                    if ui.button("Cancel").clicked() {
                        *answer = Some(Answer::Cancel);
                    }
                });
            };
            match modal {
                Modal::NewProfile { name, error } | Modal::Rename { name, error, .. } => {
                    theme::heading(ui, "Name the profile");
                    let label = ui.label("Profile name");
                    let edit = ui
                        .add(egui::TextEdit::singleline(name).hint_text("Connect — staging").desired_width(f32::INFINITY))
                        .labelled_by(label.id);
                    if !edit.has_focus() && answer.is_none() && ui.memory(|m| m.focused().is_none()) {
                        edit.request_focus();
                    }
                    if let Some(e) = error {
                        ui.label(RichText::new(e.as_str()).color(theme::palette(ui).error));
                    }
                    if edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                        answer = Some(Answer::Yes);
                    }
                    buttons(ui, "Save", None, &mut answer);
                }
                Modal::ConfirmDelete { name, .. } => {
                    theme::heading(ui, "Delete the profile?");
                    ui.label(format!("\"{name}\" and its key in the system keyring will be deleted. This can't be undone."));
                    buttons(ui, "Delete", None, &mut answer);
                }
                Modal::ConfirmForget { name } => {
                    theme::heading(ui, "Forget the key?");
                    ui.label(format!("The key of \"{name}\" will be deleted from the system keyring."));
                    buttons(ui, "Forget", None, &mut answer);
                }
                Modal::Unsaved { active: Some(name), next } => {
                    theme::heading(ui, "Save your changes?");
                    let why = match next {
                        Next::Profile(_) => "",
                        Next::Preset(_) => " It closes when you choose another vendor; the values stay in the form.",
                    };
                    ui.label(format!("\"{name}\" has changes that are not saved.{why}"));
                    buttons(ui, "Save and switch", Some("Switch without saving"), &mut answer);
                }
                Modal::Unsaved { active: None, .. } => {
                    theme::heading(ui, "Replace what you typed?");
                    ui.label("The profile's values and key will replace the ones you typed, which are not saved in a profile.");
                    buttons(ui, "Save as a profile…", Some("Discard and switch"), &mut answer);
                }
            }
        });
        if response.should_close() && answer.is_none() {
            answer = Some(Answer::Cancel);
        }
        let Some(answer) = answer else { return };
        let Some(modal) = self.modal.take() else {
            return;
        };
        if answer == Answer::Cancel {
            return;
        }
        let time = ctx.input(|i| i.time);
        let result = match modal {
            Modal::NewProfile { name, .. } => self.bench.new_profile(&name).map_err(|e| {
                // A bad name keeps the question open, with the reason.
                self.modal = Some(Modal::NewProfile {
                    name,
                    error: Some(e),
                });
            }),
            Modal::Rename { id, name, .. } => self
                .bench
                .rename_profile(&id, &name)
                .map(|()| Vec::new())
                .map_err(|e| {
                    self.modal = Some(Modal::Rename {
                        id,
                        name,
                        error: Some(e),
                    });
                }),
            Modal::ConfirmDelete { id, .. } => self
                .bench
                .delete_profile(&id)
                .map_err(|e| self.toasts.error(e, time)),
            Modal::ConfirmForget { .. } => self
                .bench
                .forget_secret()
                .map_err(|e| self.toasts.error(e, time)),
            Modal::Unsaved { active: None, .. } if answer == Answer::Yes => {
                self.modal = Some(Modal::NewProfile {
                    name: String::new(),
                    error: None,
                });
                Ok(Vec::new())
            }
            Modal::Unsaved { next, active } => {
                let saved = if answer == Answer::Yes && active.is_some() {
                    self.bench
                        .save_profile()
                        .map_err(|e| self.toasts.error(e, time))
                } else {
                    Ok(Vec::new())
                };
                saved.map(|tasks| {
                    tasks.into_iter().for_each(|t| self.run_task(t));
                    self.go(&next);
                    Vec::new()
                })
            }
        };
        if let Ok(tasks) = result {
            tasks.into_iter().for_each(|t| self.run_task(t));
            cmds.push(Command::Changed);
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
            if i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::D)) {
                cmds.push(Command::SetDemo(!self.bench.inputs.demo));
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
