//! The window's state and its one writer: panels read it and push commands; background work
//! reports messages; the clock ticks. All three reach [`AppState::handle`], the only place
//! that changes anything.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use eframe::egui::ThemePreference;
use serde::{Deserialize, Serialize};

use crate::core::preset::Presets;
use crate::store::history::HistoryFile;
use crate::store::profiles::Loaded;
use crate::ui::app::command::Command;
use crate::ui::app::dialogs::Modal;
use crate::ui::app::services::{
    Book, Clipboard, Clock, Dialogs, Keeper, Lane, Message, OpenStore, Pick, Repaint, RepaintAfter,
    Reply, Running, SaveFile, Store, StoreRequest, Tasks, pick_task, save_task, watch_profiles,
};
use crate::ui::history::state::HistoryState;
use crate::ui::scan::state::ScanState;
use crate::ui::server::state::ServerState;
use crate::ui::widgets::toasts::Toasts;
use crate::ui::workbench::{Mode, Workbench};

pub use crate::ui::profiles::handle::Pending;

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
    /// History is kept across restarts (header and claims only).
    pub keep_history: bool,
    /// Dark, light, or as the system says.
    pub theme: ThemePreference,
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
            keep_history: false,
            theme: ThemePreference::System,
        }
    }
}

/// The outside world, behind traits.
pub struct Services {
    pub clock: Box<dyn Clock>,
    pub clipboard: Box<dyn Clipboard>,
    pub dialogs: Arc<dyn Dialogs>,
    /// Background jobs on threads (the window), or at once (tests).
    pub running: Running,
    /// Where *Keep history* writes (nowhere without a data folder).
    pub history: Option<HistoryFile>,
    /// Where the profiles are, and how the keyring is opened.
    pub book: Book,
    pub open: OpenStore,
    /// Wakes the window when background work has answered.
    pub wake: Repaint,
    /// Wakes it a little later (the server's log, at most ten times a second).
    pub wake_after: RepaintAfter,
}

/// Everything that changes the window.
// One at a time, moved straight into `handle`: never stored in numbers, so a boxed message
// would only add an allocation per event.
#[allow(clippy::large_enum_variant)]
pub enum Input {
    Command(Command),
    Message(Message),
    /// A new frame: the clock's reading (`now`), egui's time in seconds (toasts fade by it),
    /// and the zoom the window has now (None on the first frame, before ours is applied).
    Tick {
        now: i64,
        time: f64,
        zoom: Option<f32>,
    },
    /// The window got the focus back: read what may have changed elsewhere.
    FocusGained,
}

impl From<Command> for Input {
    fn from(c: Command) -> Input {
        Input::Command(c)
    }
}

/// What the state machine asks of the window: the only things it can't do itself.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Effect {
    /// Zoom everything by this factor (the user's zoom times demo mode's).
    Zoom(f32),
    Theme(ThemePreference),
    /// Close the window.
    Close,
    /// Draw again: something changed.
    Repaint,
}

/// What a panel may scroll into view on the next frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScrollTarget {
    /// The token panel's top (demo mode just started: the countdown first).
    TokenTop,
    Snippets,
}

/// The window.
pub struct AppState {
    pub(in crate::ui) workbench: Workbench,
    pub(in crate::ui) history: HistoryState,
    pub(in crate::ui) scan: ScanState,
    pub(in crate::ui) toasts: Toasts,
    pub(in crate::ui) server: ServerState,
    pub(in crate::ui) modal: Option<Modal>,
    /// The user's zoom (demo mode adds its own on top).
    pub(in crate::ui) zoom: f32,
    pub(in crate::ui) theme: ThemePreference,
    /// egui's time at the last tick, in seconds: toasts fade by it.
    time: f64,
    /// What the window is asked to do, returned by `handle`.
    pub(in crate::ui) effects: Vec<Effect>,
    /// Scroll this into view on the next frame (then forget it).
    pub(in crate::ui) scroll_to: Option<ScrollTarget>,
    /// The clock's reading for this frame.
    pub(in crate::ui) now: i64,
    pub(in crate::ui) pending: Pending,
    pub(in crate::ui) clock: Box<dyn Clock>,
    pub(in crate::ui) clipboard: Box<dyn Clipboard>,
    pub(in crate::ui) dialogs: Arc<dyn Dialogs>,
    pub(in crate::ui) tasks: Tasks,
    pub(in crate::ui) keeper: Keeper,
    pub(in crate::ui) store: Store,
    pub(in crate::ui) wake_after: RepaintAfter,
    pub(in crate::ui) tx: Sender<Message>,
    pub(in crate::ui) rx: Receiver<Message>,
    /// Kept alive while the window is open.
    _watcher: Option<notify::RecommendedWatcher>,
    /// Called once after the first frame (the start-up benchmark's signal).
    pub(in crate::ui) first_frame: Option<Box<dyn FnOnce()>>,
    pub(in crate::ui) started: bool,
    pub(in crate::ui) focused: bool,
}

impl AppState {
    pub fn new(
        presets: Presets,
        profiles: Loaded,
        settings: Settings,
        services: Services,
    ) -> AppState {
        let (tx, rx) = channel();
        let Services {
            clock,
            clipboard,
            dialogs,
            running,
            history,
            book,
            open,
            wake,
            wake_after,
        } = services;
        let kept = (history.as_ref()).and_then(|f| settings.keep_history.then(|| f.read()));
        let keeper = Keeper::new(history);
        let watched = match &book {
            Book::File(f) => Some(f.path().to_path_buf()),
            Book::Memory(_) => None,
        };
        let store = Store::new(book, open);
        let watcher = watched.and_then(|path| {
            let (tx, wake) = (tx.clone(), wake.clone());
            watch_profiles(&path, move || {
                let _ = tx.send(Message::ProfilesTouched);
                wake();
            })
        });
        let tasks = Tasks::new(running, Reply::new(tx.clone(), wake));
        tasks.run(Lane::Store, store.task(StoreRequest::OpenKeyring));
        let mut workbench = Workbench::new(presets);
        workbench.inputs.mode = settings.mode;
        workbench.inputs.leeway = settings.leeway;
        workbench.inputs.auto_remint = settings.auto_remint;
        workbench.inputs.demo = settings.demo;
        if let Some(id) = settings.preset.as_deref() {
            workbench.select_preset(id);
        }
        let now = clock.now();
        let mut state = AppState {
            workbench,
            history: HistoryState::default(),
            scan: ScanState::default(),
            toasts: Toasts::default(),
            server: ServerState::on_port(settings.port),
            modal: None,
            zoom: settings.zoom,
            theme: settings.theme,
            time: 0.0,
            effects: Vec::new(),
            scroll_to: None,
            now,
            pending: Pending::default(),
            clock,
            clipboard,
            dialogs,
            tasks,
            keeper,
            store,
            wake_after,
            tx,
            rx,
            _watcher: watcher,
            first_frame: None,
            started: false,
            focused: true,
        };
        state.server_url_changed();
        state.profiles_read(profiles, 0.0);
        if let Some(id) = settings.profile.as_deref() {
            state.open_profile(id);
        }
        state.history.keep = settings.keep_history;
        match kept {
            Some(Ok(kept)) => state.history.take_kept(kept.records),
            Some(Err(e)) => state
                .toasts
                .error(format!("Could not read the kept history: {e}"), 0.0),
            None => {}
        }
        state.workbench.refresh(now);
        state
    }

    /// What to remember: never the secret, never claim values.
    pub fn settings(&self) -> Settings {
        let inputs = &self.workbench.inputs;
        Settings {
            preset: inputs.preset_id.clone(),
            profile: self.workbench.profiles.active.clone(),
            mode: inputs.mode,
            leeway: inputs.leeway,
            auto_remint: inputs.auto_remint,
            zoom: self.zoom,
            port: self.server.port,
            demo: inputs.demo,
            keep_history: self.history.keep,
            theme: self.theme,
        }
    }

    /// What the user typed and what is made of it (read-only: change it through `handle`).
    pub fn workbench(&self) -> &Workbench {
        &self.workbench
    }

    /// The scan's file, progress and rows (read-only).
    pub fn scan(&self) -> &ScanState {
        &self.scan
    }

    /// Hands `req` to the store lane.
    pub(in crate::ui) fn store_request(&self, req: StoreRequest) {
        self.tasks.run(Lane::Store, self.store.task(req));
    }

    /// Asks for a file (a dialog, in a task); what was picked comes back as a message.
    pub(in crate::ui) fn ask(&self, pick: Pick) {
        self.tasks
            .run(Lane::Own, pick_task(self.dialogs.clone(), pick));
    }

    /// Asks where to save `file`, and saves it there (in a task).
    pub(in crate::ui) fn save_file(&self, file: SaveFile) {
        self.tasks
            .run(Lane::Own, save_task(self.dialogs.clone(), file));
    }

    /// Waits for the next message background work sends, at most `timeout` (tests: work
    /// that is not ours to run inline, such as another process changing a file).
    #[cfg(test)]
    pub(in crate::ui) fn next_message(&self, timeout: std::time::Duration) -> Option<Message> {
        self.rx.recv_timeout(timeout).ok()
    }

    /// Whether a job is on its way to the store (dialogs wait for it).
    pub fn busy(&self) -> bool {
        self.workbench.profiles.busy
    }

    /// Messages background work has sent since the last frame.
    pub(in crate::ui) fn messages(&self) -> Vec<Message> {
        self.rx.try_iter().collect()
    }

    /// The clock.
    pub(in crate::ui) fn clock_now(&self) -> i64 {
        self.clock.now()
    }

    /// What the window needs at its first frame: the remembered theme and zoom.
    pub fn start(&mut self) -> Vec<Effect> {
        let mut effects = vec![Effect::Theme(self.theme)];
        if (0.5..=3.0).contains(&self.zoom) {
            effects.push(Effect::Zoom(self.zoom * self.demo_zoom()));
        }
        effects
    }

    /// The one writer: every change to the window goes through here. What only the window
    /// can do (zoom, theme, closing, drawing again) comes back as effects.
    pub fn handle(&mut self, input: Input) -> Vec<Effect> {
        let time = self.time;
        match input {
            Input::Command(cmd) => {
                self.command(cmd, time);
                self.effects.push(Effect::Repaint);
            }
            Input::Message(msg) => self.message(msg, time),
            Input::Tick { now, time, zoom } => {
                self.time = time;
                self.tick(now, time);
                // From the second frame on, egui's zoom is the user's (Ctrl+plus, Ctrl+minus).
                if let Some(zoom) = zoom {
                    self.zoom = zoom / self.demo_zoom();
                }
            }
            Input::FocusGained => self.reload_profiles(),
        }
        self.workbench.refresh(self.now);
        self.follow_server();
        std::mem::take(&mut self.effects)
    }

    /// Once a frame: the clock, auto re-mint, toasts that have had their time.
    fn tick(&mut self, now: i64, time: f64) {
        let second = now != self.now;
        self.now = now;
        self.auto_remint(now);
        self.toasts.expire(time);
        self.record_history(now);
        // Verdicts move with the clock ("expired 3s ago").
        if second && self.workbench.inputs.mode == Mode::Scan && !self.scan.rows.is_empty() {
            self.rejudge_scan();
        }
    }

    /// After a frame: one-shot requests are done.
    pub(in crate::ui) fn frame_done(&mut self) {
        self.scroll_to = None;
    }

    fn message(&mut self, msg: Message, time: f64) {
        match msg {
            Message::Store(reply) => self.store_reply(reply, time),
            Message::ProfilesTouched => self.reload_profiles(),
            Message::Capture(Some(path)) => self.start_scan(path),
            Message::Capture(None) => {}
            Message::Scan { generation, news } => self.scan_news(generation, news, time),
            Message::KeepFailed(e) => self.toasts.error(e, time),
            Message::TokenFile(side, read) => self.token_file(side, read, time),
            Message::KeyFile(read) => self.key_file_read(read, time),
            Message::DecryptKey(read) => self.decrypt_key_read(read, time),
            Message::EncryptKey(read) => self.encrypt_key_read(read, time),
            Message::Generated(generated) => self.generated(generated, time),
            Message::Published { url, result } => self.published(&url, result),
            Message::Recipe(read) => self.recipe_read(read, time),
            Message::Saved(saved) => self.saved(saved, time),
            Message::TaskFailed(e) => self.toasts.error(e, time),
            Message::Served(entry) => self.served(entry),
        }
    }
}
