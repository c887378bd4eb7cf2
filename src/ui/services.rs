//! What the window needs from the outside world, behind traits so tests can fake it:
//! the clock, the clipboard and file dialogs. Blocking work runs off the UI thread and
//! reports back through a channel and `request_repaint`.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::core::key::{KeySet, parse_key_file};
use crate::core::secret::Secret;
use crate::store::secrets::{MemoryStore, OsKeyring, SecretStore, SecretStoreError, StoreKind};

/// The one place the window reads the time (Unix seconds).
pub trait Clock {
    fn now(&self) -> i64;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
    }
}

/// Copying text out of the window.
pub trait Clipboard {
    fn copy(&mut self, text: &str) -> Result<(), String>;
}

/// The system clipboard. On X11 and Wayland a copy is served by a small helper process
/// (`tokenbench __keep-clipboard`, like `xclip` does), so it survives the window closing; on
/// other systems the clipboard keeps it by itself.
pub struct SystemClipboard {
    /// In-process fallback when the helper can't start; kept alive for the app's lifetime.
    fallback: Option<arboard::Clipboard>,
}

impl SystemClipboard {
    pub fn new() -> Self {
        SystemClipboard { fallback: None }
    }

    fn in_process(&mut self, text: &str) -> Result<(), String> {
        if self.fallback.is_none() {
            self.fallback = Some(arboard::Clipboard::new().map_err(|e| e.to_string())?);
        }
        match self.fallback.as_mut() {
            Some(c) => c.set_text(text.to_string()).map_err(|e| e.to_string()),
            None => Err("no clipboard".to_string()),
        }
    }
}

impl Default for SystemClipboard {
    fn default() -> Self {
        Self::new()
    }
}

impl Clipboard for SystemClipboard {
    fn copy(&mut self, text: &str) -> Result<(), String> {
        if cfg!(target_os = "linux") && crate::cli::clipboard_keeper::spawn(text).is_ok() {
            return Ok(());
        }
        self.in_process(text)
    }
}

/// What a background task reports to the window.
pub enum Message {
    /// A key file was chosen and read (or reading it failed); None when cancelled. The text
    /// comes along so a profile can keep it in the keyring.
    KeyFile(Option<Result<(PathBuf, KeySet, Secret), String>>),
    /// A recipe file was chosen and read; None when cancelled.
    Recipe(Option<Result<String, String>>),
    /// A file was written (what, where) or writing failed; None when cancelled.
    Saved(Option<Result<(String, PathBuf), String>>),
    /// A key pair was generated: its private key as PKCS#8 PEM.
    Generated(Result<Secret, String>),
    Keyring(KeyringReply),
}

/// What the window asks of the keyring.
pub enum KeyringRequest {
    /// Connect (again): used at start and by "Retry".
    Open,
    Load {
        id: String,
    },
    Save {
        id: String,
        label: String,
        secret: Secret,
    },
    Delete {
        id: String,
    },
    /// Every stored secret among `ids`, for "which profile signs this token?".
    LoadAll {
        ids: Vec<String>,
    },
}

/// What the keyring answered.
pub enum KeyringReply {
    /// Which store is in use; `Memory` with the reason when the OS keyring isn't reachable.
    Opened {
        kind: StoreKind,
        problem: Option<String>,
    },
    Loaded {
        id: String,
        result: Result<Option<Secret>, String>,
    },
    Saved {
        id: String,
        result: Result<(), String>,
    },
    Deleted {
        id: String,
        result: Result<(), String>,
    },
    LoadedAll(Vec<(String, Secret)>),
}

/// The keyring, reached off the UI thread.
pub trait Keyring {
    fn request(&self, req: KeyringRequest);
}

/// How a keyring worker gets its store: the OS keyring, or memory with the reason.
pub type OpenStore = Box<dyn Fn() -> Result<Box<dyn SecretStore>, SecretStoreError> + Send>;

/// Opens the OS keyring.
pub fn open_os_keyring() -> OpenStore {
    Box::new(|| OsKeyring::open().map(|k| Box::new(k) as Box<dyn SecretStore>))
}

/// Serves requests with whatever store `open` gives, falling back to memory. On a
/// successful reopen, secrets held in memory move into the keyring.
struct KeyringWorker {
    open: OpenStore,
    store: Box<dyn SecretStore>,
    /// Labels of what is held in memory, to move it into the keyring later.
    held: Vec<(String, String)>,
}

impl KeyringWorker {
    fn new(open: OpenStore) -> Self {
        KeyringWorker {
            open,
            store: Box::new(MemoryStore::default()),
            held: Vec::new(),
        }
    }

    fn handle(&mut self, req: KeyringRequest) -> KeyringReply {
        let text = |e: SecretStoreError| e.to_string();
        match req {
            KeyringRequest::Open => match (self.open)() {
                Ok(store) => {
                    for (id, label) in std::mem::take(&mut self.held) {
                        if let Ok(Some(secret)) = self.store.get(&id) {
                            let _ = store.set(&id, &label, &secret);
                        }
                    }
                    self.store = store;
                    KeyringReply::Opened {
                        kind: self.store.kind(),
                        problem: None,
                    }
                }
                Err(e) => KeyringReply::Opened {
                    kind: self.store.kind(),
                    problem: Some(e.to_string()),
                },
            },
            KeyringRequest::Load { id } => {
                let result = self.store.get(&id).map_err(text);
                KeyringReply::Loaded { id, result }
            }
            KeyringRequest::Save { id, label, secret } => {
                let result = self.store.set(&id, &label, &secret).map_err(text);
                if result.is_ok() && self.store.kind() == StoreKind::Memory {
                    self.held.retain(|(i, _)| *i != id);
                    self.held.push((id.clone(), label));
                }
                KeyringReply::Saved { id, result }
            }
            KeyringRequest::Delete { id } => {
                self.held.retain(|(i, _)| *i != id);
                let result = self.store.delete(&id).map_err(text);
                KeyringReply::Deleted { id, result }
            }
            KeyringRequest::LoadAll { ids } => KeyringReply::LoadedAll(
                ids.into_iter()
                    .filter_map(|id| self.store.get(&id).ok().flatten().map(|s| (id, s)))
                    .collect(),
            ),
        }
    }
}

/// The keyring worker on its own thread.
pub struct ThreadedKeyring {
    requests: Sender<KeyringRequest>,
}

impl ThreadedKeyring {
    pub fn start(open: OpenStore, tx: Sender<Message>, repaint: Box<dyn Fn() + Send>) -> Self {
        let (requests, rx): (Sender<KeyringRequest>, Receiver<KeyringRequest>) = channel();
        std::thread::spawn(move || {
            let mut worker = KeyringWorker::new(open);
            for req in rx {
                if tx.send(Message::Keyring(worker.handle(req))).is_err() {
                    break;
                }
                repaint();
            }
        });
        ThreadedKeyring { requests }
    }
}

impl Keyring for ThreadedKeyring {
    fn request(&self, req: KeyringRequest) {
        let _ = self.requests.send(req);
    }
}

/// The same worker, answering at once on the caller's thread (for tests).
pub struct InlineKeyring {
    worker: Mutex<KeyringWorker>,
    tx: Sender<Message>,
}

impl InlineKeyring {
    pub fn new(open: OpenStore, tx: Sender<Message>) -> Self {
        InlineKeyring {
            worker: Mutex::new(KeyringWorker::new(open)),
            tx,
        }
    }
}

impl Keyring for InlineKeyring {
    fn request(&self, req: KeyringRequest) {
        if let Ok(mut w) = self.worker.lock() {
            let _ = self.tx.send(Message::Keyring(w.handle(req)));
        }
    }
}

/// A file offered for saving: what it is ("snippet", "recipe", "public key"), the name the
/// dialog suggests, and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveFile {
    pub what: String,
    pub file_name: String,
    pub contents: String,
}

/// Native file dialogs. Each runs (and reads or writes its file) off the UI thread and
/// reports with a [`Message`].
pub trait Dialogs {
    /// Asks for a key file, reads and parses it: [`Message::KeyFile`].
    fn open_key_file(&self, tx: Sender<Message>, repaint: Box<dyn Fn() + Send>);
    /// Asks for a recipe file and reads it: [`Message::Recipe`].
    fn open_recipe(&self, tx: Sender<Message>, repaint: Box<dyn Fn() + Send>);
    /// Asks where to save `file`, and writes it there: [`Message::Saved`].
    fn save(&self, file: SaveFile, tx: Sender<Message>, repaint: Box<dyn Fn() + Send>);
}

pub struct NativeDialogs;

impl Dialogs for NativeDialogs {
    fn open_recipe(&self, tx: Sender<Message>, repaint: Box<dyn Fn() + Send>) {
        std::thread::spawn(move || {
            let picked = rfd::FileDialog::new()
                .set_title("Import a tokenbench recipe")
                .add_filter("Recipes", &["json"])
                .pick_file();
            let result = picked.map(|path| read_small_text(&path));
            let _ = tx.send(Message::Recipe(result));
            repaint();
        });
    }

    fn save(&self, file: SaveFile, tx: Sender<Message>, repaint: Box<dyn Fn() + Send>) {
        let SaveFile {
            what,
            file_name,
            contents,
        } = file;
        std::thread::spawn(move || {
            let picked = rfd::FileDialog::new()
                .set_title(format!("Save the {what}"))
                .set_file_name(&file_name)
                .save_file();
            let result = picked.map(|path| {
                std::fs::write(&path, contents.as_bytes())
                    .map(|()| (what.clone(), path.clone()))
                    .map_err(|e| format!("{}: {e}", path.display()))
            });
            let _ = tx.send(Message::Saved(result));
            repaint();
        });
    }

    fn open_key_file(&self, tx: Sender<Message>, repaint: Box<dyn Fn() + Send>) {
        std::thread::spawn(move || {
            let picked = rfd::FileDialog::new()
                .set_title("Choose a key file (PEM, JWK or JWKS)")
                .add_filter(
                    "Keys",
                    &[
                        "pem", "key", "pub", "crt", "cer", "der", "json", "jwk", "jwks",
                    ],
                )
                .add_filter("All files", &["*"])
                .pick_file();
            let result =
                picked.map(|path| read_key_file(&path).map(|(keys, text)| (path, keys, text)));
            let _ = tx.send(Message::KeyFile(result));
            repaint();
        });
    }
}

/// Reads and parses a key file, with errors that name the file.
pub fn read_key_file(path: &std::path::Path) -> Result<(KeySet, Secret), String> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let meta = std::fs::metadata(path).map_err(|e| format!("{name}: {e}"))?;
    if meta.len() > 1 << 20 {
        return Err(format!(
            "{name}: {} bytes is too large to be a key",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
    let keys = parse_key_file(&bytes).map_err(|e| format!("{name}: {e}"))?;
    Ok((keys, Secret::new(bytes)))
}

/// Reads a file of at most 1 MB as text.
pub fn read_small_text(path: &std::path::Path) -> Result<String, String> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let meta = std::fs::metadata(path).map_err(|e| format!("{name}: {e}"))?;
    if meta.len() > 1 << 20 {
        return Err(format!("{name}: {} bytes is too large", meta.len()));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
    String::from_utf8(bytes).map_err(|_| format!("{name}: not text"))
}
