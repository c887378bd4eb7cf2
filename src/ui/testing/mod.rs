//! The window under egui_kittest, with a clock, clipboard and file dialog the test controls
//! (`fakes`), and the window read as assistive technology reads it (`reading`).

mod fakes;
mod reading;

pub use fakes::*;
pub use reading::*;

use std::cell::{Cell, RefCell};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::core::preset::Presets;
use crate::store::profiles::{Profile, ProfileFile};
pub use crate::ui::app::command::*;
use crate::ui::app::services::{Book, Running};
use crate::ui::app::state::{AppState, Services, Settings};

/// The window under test.
pub type App = AppState;

pub const SECRET: &str = "kJ6n8sWcQ1bYd3lT0pZxR2vA9mE4uH7gF5iK8oL1jN0=";
pub const NOW: i64 = 1_800_000_000;

/// What a test can reach besides the harness.
pub struct Handles {
    pub clock: Rc<Cell<i64>>,
    pub copies: Rc<RefCell<Vec<String>>>,
    pub files: TestFiles,
    pub keyring: TestKeyring,
}

/// Where a window starts: its settings, its profiles (in memory, or in a real
/// `profiles.json` when `file` is given), its keyring.
#[derive(Default)]
pub struct Start {
    pub settings: Settings,
    /// Where *Keep history* writes (nowhere when None).
    pub history: Option<PathBuf>,
    pub profiles: Vec<Profile>,
    pub file: Option<PathBuf>,
    pub keyring: TestKeyring,
}

pub fn harness(settings: Settings) -> (Harness<'static, App>, Handles) {
    start(Start {
        settings,
        ..Start::default()
    })
}

pub fn start(start: Start) -> (Harness<'static, App>, Handles) {
    let handles = Handles {
        clock: Rc::new(Cell::new(NOW)),
        copies: Rc::new(RefCell::new(Vec::new())),
        files: TestFiles::default(),
        keyring: start.keyring,
    };
    let (book, loaded) = match start.file {
        Some(path) => {
            let file = ProfileFile::new(path);
            for p in start.profiles {
                let _ = file.update(crate::store::profiles::Change::add(p));
            }
            let loaded = file.read();
            (Book::File(file), loaded)
        }
        None => (
            Book::Memory(start.profiles.clone()),
            crate::store::profiles::Loaded {
                profiles: start.profiles,
                problem: None,
                unreadable: false,
            },
        ),
    };
    let services = Services {
        clock: Box::new(TestClock(handles.clock.clone())),
        clipboard: Box::new(TestClipboard(handles.copies.clone())),
        dialogs: Arc::new(TestDialogs(handles.files.clone())),
        running: Running::Inline,
        history: (start.history.clone()).map(crate::store::history::HistoryFile::new),
        book,
        open: handles.keyring.opener(),
        wake: Arc::new(|| {}),
        wake_after: Arc::new(|_| {}),
    };
    let app = AppState::new(Presets::builtin(), loaded, start.settings, services);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        // A vendor switch brings up several grids at once; each settles in a pass or two.
        .with_max_steps(8)
        .build_ui_state(|ui, app: &mut App| app.draw(ui), app);
    harness.run();
    (harness, handles)
}

/// A window with `preset` chosen.
pub fn with_preset(preset: &str) -> (Harness<'static, App>, Handles) {
    harness(Settings {
        preset: Some(preset.to_string()),
        ..Settings::default()
    })
}

/// The text field labelled `label` (single or multi-line).
pub fn input<'h>(h: &'h Harness<'static, App>, label: &'h str) -> egui_kittest::Node<'h> {
    h.query_by_role_and_label(egui::accesskit::Role::TextInput, label)
        .or_else(|| h.query_by_role_and_label(egui::accesskit::Role::MultilineTextInput, label))
        .or_else(|| h.query_by_role_and_label(egui::accesskit::Role::PasswordInput, label))
        .unwrap_or_else(|| panic!("no text field labelled {label:?}"))
}

/// Types into the text field labelled `label`.
pub fn type_into(h: &mut Harness<'static, App>, label: &str, text: &str) {
    input(h, label).focus();
    h.run();
    input(h, label).type_text(text);
    h.run();
}

/// A Connect window with the secret and widget id typed in.
pub fn connect_with_token() -> (Harness<'static, App>, Handles) {
    let (mut h, handles) = with_preset("amazon-connect");
    type_into(&mut h, "Secret", SECRET);
    type_into(&mut h, "Widget ID", "widget-1");
    (h, handles)
}

/// The token the window shows now.
pub fn minted_token(h: &Harness<'static, App>) -> String {
    h.state()
        .workbench
        .derived
        .minted
        .as_ref()
        .map(|m| m.token.clone())
        .expect("a token")
}

/// Whether some node's label contains `text`.
pub fn shows(h: &Harness<'static, App>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

/// A GET over a real socket: (status, body).
pub fn http_get(port: u16, target: &str) -> (u16, String) {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let request =
        format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).expect("write");
    let mut text = String::new();
    let _ = stream.read_to_string(&mut text);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string());
    (status, body.unwrap_or_default())
}

/// The port the window's server listens on.
pub fn server_port(h: &egui_kittest::Harness<'static, App>) -> u16 {
    let url = h.state().server.url().expect("serving");
    url.rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("port")
}

/// Adds row `n` (1-based) to the attribute map and types its name and value.
pub fn add_attribute(h: &mut Harness<'static, App>, n: usize, name: &str, value: &str) {
    h.get_by_label("+ Add to attributes").click();
    h.run();
    type_into(h, &format!("attributes name {n}"), name);
    type_into(h, &format!("attributes value {n}"), value);
}

/// A panel alone, as egui's demos test theirs: `show` draws it from a fixed view and pushes
/// what it asks for into the harness's state.
pub fn panel(
    show: impl FnMut(&mut egui::Ui, &mut Vec<crate::ui::app::command::Command>) + 'static,
) -> Harness<'static, Vec<crate::ui::app::command::Command>> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(900.0, 1400.0))
        .with_max_steps(8)
        .build_ui_state(show, Vec::new());
    h.run();
    h
}

/// Clicks the node labelled `label` in a panel harness.
pub fn press<S>(h: &mut Harness<'static, S>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

/// A model (no window) on `preset` with the test secret, refreshed at [`NOW`].
pub fn workbench(preset: &str) -> crate::ui::workbench::Workbench {
    let mut workbench = crate::ui::workbench::Workbench::new(Presets::builtin());
    workbench.select_preset(preset);
    let mut secret = crate::ui::widgets::secret_text::SecretText::new();
    secret.set(SECRET);
    workbench.set_secret(secret);
    workbench.refresh(NOW);
    workbench
}

/// Clicks the node whose label contains `label` in a panel harness.
pub fn press_contains<S>(h: &mut Harness<'static, S>, label: &str) {
    h.get_by_label_contains(label).click();
    h.run();
}

/// Whether some node's label in a panel harness contains `text`.
pub fn shows_in<S>(h: &Harness<'static, S>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

/// Hands `input` to the window's one writer, as a frame would, and does what it asks of the
/// window (zoom, theme, closing).
pub fn send(h: &mut Harness<'static, App>, input: impl Into<crate::ui::app::state::Input>) {
    let effects = h.state_mut().handle(input.into());
    crate::ui::app::frame::apply(&h.ctx, effects);
}

/// Where History's records came from, newest first ("minted", "chrome.har", …).
pub fn origins(h: &Harness<'static, App>) -> Vec<String> {
    (h.state().history.history.newest_first())
        .map(|r| r.origin.describe())
        .collect()
}
