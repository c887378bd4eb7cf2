//! The window under egui_kittest, with a clock, clipboard and file dialog the test controls.

use std::cell::{Cell, RefCell};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use crate::core::preset::Presets;
use crate::core::secret::Secret;
use crate::store::profiles::{Profile, ProfileFile};
use crate::store::secrets::{MemoryStore, SecretStore, SecretStoreError, StoreKind};
pub use crate::ui::app::command::*;
use crate::ui::app::services::{Book, Clipboard, Clock, Dialogs, OpenStore, Pick, Running};
use crate::ui::app::state::{AppState, Services, Settings};

/// The window under test.
pub type App = AppState;

pub const SECRET: &str = "kJ6n8sWcQ1bYd3lT0pZxR2vA9mE4uH7gF5iK8oL1jN0=";
pub const NOW: i64 = 1_800_000_000;

struct TestClock(Rc<Cell<i64>>);

impl Clock for TestClock {
    fn now(&self) -> i64 {
        self.0.get()
    }
}

struct TestClipboard(Rc<RefCell<Vec<String>>>);

impl Clipboard for TestClipboard {
    fn copy(&mut self, text: &str) -> Result<(), String> {
        self.0.borrow_mut().push(text.to_string());
        Ok(())
    }
}

/// Answers file dialogs at once: the files a test chose, and saves into a folder of its own
/// (the window reads and writes them itself, as with the real dialogs).
#[derive(Clone)]
pub struct TestFiles {
    chosen: Arc<Mutex<Chosen>>,
    /// Where "saved" files go, and recipes "chosen" as text are written.
    dir: Arc<tempfile::TempDir>,
}

#[derive(Default)]
struct Chosen {
    key_file: Option<PathBuf>,
    /// The text "chosen" in the import dialog.
    recipe: Option<String>,
    capture: Option<PathBuf>,
    token_file: Option<PathBuf>,
    /// What was saved: (what, file name, where).
    saved: Vec<(String, String, PathBuf)>,
}

impl Default for TestFiles {
    fn default() -> Self {
        TestFiles {
            chosen: Arc::default(),
            dir: Arc::new(tempfile::tempdir().expect("a temporary folder")),
        }
    }
}

impl TestFiles {
    fn with<T>(&self, f: impl FnOnce(&mut Chosen) -> T) -> T {
        let mut chosen = self
            .chosen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut chosen)
    }

    /// The key file the next "Choose key file" dialog picks.
    pub fn choose_key_file(&self, path: PathBuf) {
        self.with(|c| c.key_file = Some(path));
    }

    /// The recipe text the next import dialog picks.
    pub fn choose_recipe(&self, text: impl Into<String>) {
        self.with(|c| c.recipe = Some(text.into()));
    }

    pub fn choose_capture(&self, path: PathBuf) {
        self.with(|c| c.capture = Some(path));
    }

    pub fn choose_token_file(&self, path: PathBuf) {
        self.with(|c| c.token_file = Some(path));
    }

    /// What was saved, oldest first: (what, file name, contents).
    pub fn saved(&self) -> Vec<(String, String, String)> {
        self.with(|c| c.saved.clone())
            .into_iter()
            .map(|(what, name, path)| {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                (what, name, text)
            })
            .collect()
    }
}

struct TestDialogs(TestFiles);

impl Dialogs for TestDialogs {
    fn pick(&self, pick: Pick) -> Option<PathBuf> {
        let dir = self.0.dir.path().to_path_buf();
        self.0.with(|c| match pick {
            Pick::KeyFile => c.key_file.clone(),
            Pick::Recipe => c.recipe.clone().map(|text| {
                let path = dir.join("recipe.json");
                std::fs::write(&path, text).expect("write the recipe");
                path
            }),
            Pick::Capture => c.capture.clone(),
            Pick::TokenFile(_) => c.token_file.clone(),
        })
    }

    fn save_to(&self, what: &str, file_name: &str) -> Option<PathBuf> {
        // A folder per save, so the file keeps the name the dialog suggested.
        self.0.with(|c| {
            let folder = self.0.dir.path().join(c.saved.len().to_string());
            std::fs::create_dir_all(&folder).expect("a folder to save in");
            let path = folder.join(file_name);
            c.saved.push((what.into(), file_name.into(), path.clone()));
            Some(path)
        })
    }
}

/// A shared in-memory "OS keyring": survives reopening, can be made unreachable, or made to
/// refuse what it is given.
#[derive(Clone, Default)]
pub struct TestKeyring {
    pub store: Arc<MemoryStore>,
    pub unreachable: Arc<Mutex<bool>>,
    pub refuses: Arc<Mutex<bool>>,
}

impl TestKeyring {
    pub fn opener(&self) -> OpenStore {
        let this = self.clone();
        Box::new(move || {
            if this.unreachable.lock().map_or(true, |u| *u) {
                return Err(SecretStoreError::Unavailable(
                    "no Secret Service on this test bus".into(),
                ));
            }
            Ok(Box::new(SharedStore(this.clone())) as Box<dyn SecretStore>)
        })
    }

    pub fn set_unreachable(&self, unreachable: bool) {
        if let Ok(mut u) = self.unreachable.lock() {
            *u = unreachable;
        }
    }

    /// The keyring answers but refuses to store anything (a locked collection, a full disk).
    pub fn set_refuses(&self, refuses: bool) {
        if let Ok(mut r) = self.refuses.lock() {
            *r = refuses;
        }
    }

    /// Stores `text` for a profile id, as if saved earlier.
    pub fn put(&self, id: &str, text: &str) {
        let _ = self
            .store
            .set(id, "test", &Secret::new(text.as_bytes().to_vec()));
    }

    /// The secret stored for a profile id, as text.
    pub fn get(&self, id: &str) -> Option<String> {
        self.store
            .get(id)
            .ok()
            .flatten()
            .map(|s| String::from_utf8_lossy(s.expose()).into_owned())
    }
}

struct SharedStore(TestKeyring);

impl SecretStore for SharedStore {
    fn kind(&self) -> StoreKind {
        StoreKind::Keyring("test".into())
    }
    fn get(&self, account: &str) -> Result<Option<Secret>, SecretStoreError> {
        self.0.store.get(account)
    }
    fn set(&self, account: &str, label: &str, secret: &Secret) -> Result<(), SecretStoreError> {
        if self.0.refuses.lock().map_or(true, |r| *r) {
            return Err(SecretStoreError::NoAccess(
                "the test keyring is locked".into(),
            ));
        }
        self.0.store.set(account, label, secret)
    }
    fn delete(&self, account: &str) -> Result<(), SecretStoreError> {
        self.0.store.delete(account)
    }
}

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

/// Everything the window shows, as assistive technology reads it: every node's label, value
/// and description.
pub fn screen_text(h: &egui_kittest::Harness<'static, App>) -> String {
    h.query_all_by(|_| true)
        .map(|n| {
            // What assistive technology is told, too: names, values, descriptions.
            let node = n.accesskit_node();
            format!(
                "{} {} {}",
                node.label().unwrap_or_default(),
                n.value().unwrap_or_default(),
                node.data().description().unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Hands `input` to the window's one writer, as a frame would, and does what it asks of the
/// window (zoom, theme, closing).
pub fn send(h: &mut Harness<'static, App>, input: impl Into<crate::ui::app::state::Input>) {
    let effects = h.state_mut().handle(input.into());
    crate::ui::app::frame::apply(&h.ctx, effects);
}

/// The window as assistive technology reads it, one node a line, indented by depth: role,
/// name, value, description and states. Containers with nothing to say, and text runs (how
/// a label wraps), are left out.
pub fn a11y_tree<T>(h: &Harness<'_, T>) -> String {
    fn walk(node: &egui_kittest::Node<'_>, depth: usize, out: &mut String) {
        use std::fmt::Write as _;
        let n = node.accesskit_node();
        let role = n.role();
        let label = n.label().unwrap_or_default();
        let value = n.value().unwrap_or_default();
        let description = n.description().unwrap_or_default();
        // Text runs are how a label happens to wrap, not what it says.
        if role == egui::accesskit::Role::TextRun {
            return;
        }
        let quiet = matches!(
            role,
            egui::accesskit::Role::GenericContainer | egui::accesskit::Role::Unknown
        ) && label.is_empty()
            && value.is_empty();
        let next = if quiet {
            depth
        } else {
            let _ = write!(out, "{}{role:?}", "  ".repeat(depth));
            if !label.is_empty() {
                let _ = write!(out, " {label:?}");
            }
            if !value.is_empty() && value != label {
                let _ = write!(out, " = {value:?}");
            }
            if !description.is_empty() {
                let _ = write!(out, " ({description:?})");
            }
            for (on, state) in [
                (n.is_focused(), "focused"),
                (n.is_disabled(), "disabled"),
                (n.is_required(), "required"),
                (n.is_selected() == Some(true), "selected"),
                (n.toggled() == Some(egui::accesskit::Toggled::True), "on"),
            ] {
                if on {
                    let _ = write!(out, " [{state}]");
                }
            }
            out.push('\n');
            depth + 1
        };
        for child in node.children() {
            walk(&child, next, out);
        }
    }
    let mut out = String::new();
    walk(&h.root(), 0, &mut out);
    out
}

/// Compares `text` with the reviewed snapshot `src/ui/snapshots/NAME.txt`; with
/// `TOKENBENCH_UPDATE_SNAPSHOTS=1` writes it instead (review the diff like code).
pub fn snapshot(name: &str, text: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src/ui/snapshots")
        .join(format!("{name}.txt"));
    if std::env::var_os("TOKENBENCH_UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("snapshots folder");
        std::fs::write(&path, text).expect("write the snapshot");
        return;
    }
    let Ok(want) = std::fs::read_to_string(&path) else {
        panic!(
            "no snapshot {}: run with TOKENBENCH_UPDATE_SNAPSHOTS=1 and review it",
            path.display()
        );
    };
    if want != text {
        let diff: Vec<String> = (want.lines().zip(text.lines()).enumerate())
            .filter(|(_, (a, b))| a != b)
            .take(8)
            .map(|(i, (a, b))| format!("line {}:\n  - {a}\n  + {b}", i + 1))
            .collect();
        panic!(
            "{name}: the view changed ({} lines were, {} now):\n{}\nIf it is meant, run with TOKENBENCH_UPDATE_SNAPSHOTS=1 and review the diff.",
            want.lines().count(),
            text.lines().count(),
            diff.join("\n")
        );
    }
}

/// Where History's records came from, newest first ("minted", "chrome.har", …).
pub fn origins(h: &Harness<'static, App>) -> Vec<String> {
    (h.state().history.history.newest_first())
        .map(|r| r.origin.describe())
        .collect()
}
