//! What a test controls in place of the outside world: the clock, the clipboard, the file
//! dialogs (files chosen in advance, saves into a folder of the test's own) and the keyring
//! (shared, and able to be unreachable or to refuse).

use std::cell::{Cell, RefCell};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use crate::core::secret::Secret;
use crate::store::secrets::{MemoryStore, SecretStore, SecretStoreError, StoreKind};
use crate::ui::app::services::{Clipboard, Clock, Dialogs, OpenStore, Pick};

pub(super) struct TestClock(pub(super) Rc<Cell<i64>>);

impl Clock for TestClock {
    fn now(&self) -> i64 {
        self.0.get()
    }
}

pub(super) struct TestClipboard(pub(super) Rc<RefCell<Vec<String>>>);

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
    decrypt_key: Option<PathBuf>,
    encrypt_key: Option<PathBuf>,
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

    /// The key file the next "Choose decryption key" dialog picks.
    pub fn choose_encrypt_key(&self, path: PathBuf) {
        self.with(|c| c.encrypt_key = Some(path));
    }

    pub fn choose_decrypt_key(&self, path: PathBuf) {
        self.with(|c| c.decrypt_key = Some(path));
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

pub(super) struct TestDialogs(pub(super) TestFiles);

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
            Pick::DecryptKey => c.decrypt_key.clone(),
            Pick::EncryptKey => c.encrypt_key.clone(),
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
