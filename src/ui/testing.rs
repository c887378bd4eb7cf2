//! The window under egui_kittest, with a clock, clipboard and file dialog the test controls.

use std::cell::{Cell, RefCell};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::mpsc::Sender;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::app::{App, Settings};
use super::services::{Clipboard, Clock, Dialogs, Message, read_key_file};
use crate::core::preset::Presets;

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

/// Answers "choose a key file" with a fixed path, at once.
struct TestDialogs(Rc<RefCell<Option<PathBuf>>>);

impl Dialogs for TestDialogs {
    fn open_key_file(&self, tx: Sender<Message>, repaint: Box<dyn Fn() + Send>) {
        let result = self
            .0
            .borrow()
            .clone()
            .map(|path| read_key_file(&path).map(|keys| (path, keys)));
        let _ = tx.send(Message::KeyFile(result));
        repaint();
    }
}

/// What a test can reach besides the harness.
pub struct Handles {
    pub clock: Rc<Cell<i64>>,
    pub copies: Rc<RefCell<Vec<String>>>,
    pub key_file: Rc<RefCell<Option<PathBuf>>>,
}

pub fn harness(settings: Settings) -> (Harness<'static, App>, Handles) {
    let handles = Handles {
        clock: Rc::new(Cell::new(NOW)),
        copies: Rc::new(RefCell::new(Vec::new())),
        key_file: Rc::new(RefCell::new(None)),
    };
    let app = App::new(
        Presets::builtin(),
        settings,
        Box::new(TestClock(handles.clock.clone())),
        Box::new(TestClipboard(handles.copies.clone())),
        Box::new(TestDialogs(handles.key_file.clone())),
    );
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
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

/// Whether some node's label contains `text`.
pub fn shows(h: &Harness<'static, App>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}
