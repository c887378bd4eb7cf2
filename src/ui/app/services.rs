//! What the window needs from the outside world, behind traits so tests can fake it: the
//! clock, the clipboard, file dialogs; and the messages background work (run by
//! [`Tasks`]) reports with.

use std::path::PathBuf;

pub use crate::ui::app::tasks::{Lane, Reply, Running, Task, Tasks};
pub use crate::ui::history::keeper::{KeepJob, Keeper};
pub use crate::ui::keys::fetcher::fetch_task;
pub use crate::ui::profiles::store::{
    Book, Job, JobDone, KeyOutcome, OpenStore, Store, StoreReply, StoreRequest, open_os_keyring,
};
pub use crate::ui::profiles::watch::watch_profiles;
pub use crate::ui::scan::scanner::{Finished, ScanHit, ScanJob, ScanNews, file_name, scan_task};

use crate::core::alg::Alg;
use crate::core::key::{KeySet, KeySpec, generate, parse_key_file};
use crate::core::secret::Secret;

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
            Some(c) => {
                crate::keep_clipboard::set_private(c, text.to_string()).map_err(|e| e.to_string())
            }
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
        if cfg!(target_os = "linux") && crate::keep_clipboard::spawn(text).is_ok() {
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
    /// The store worker answered.
    Store(StoreReply),
    /// `profiles.json` was changed (by this or another process): read it again.
    ProfilesTouched,
    /// A capture to scan was chosen; None when cancelled.
    Capture(Option<PathBuf>),
    /// News from scan number `generation`.
    Scan { generation: u64, news: ScanNews },
    /// Writing the kept history failed.
    KeepFailed(String),
    /// A token file for Diff's side A (0) or B (1) was read; None when cancelled.
    TokenFile(usize, Option<Result<String, String>>),
    /// The key file that decrypts Inspect's token was read; None when cancelled.
    DecryptKey(Option<Result<(PathBuf, crate::core::key::Key), String>>),
    /// The vendor's key file Mint encrypts for was read; None when cancelled.
    EncryptKey(Option<Result<(PathBuf, crate::core::key::Key), String>>),
    /// The local server answered a request.
    Served(crate::serve::LogEntry),
    /// A background job could not even start.
    TaskFailed(String),
    /// Keys fetched from the URL `url` (or why not).
    Published {
        url: String,
        result: Result<std::sync::Arc<crate::ui::workbench::Published>, String>,
    },
}

/// Wakes the window: background work calls it when it has sent its message.
pub type Repaint = std::sync::Arc<dyn Fn() + Send + Sync>;

/// Wakes the window after a while (many messages in a burst, one frame for them).
pub type RepaintAfter = std::sync::Arc<dyn Fn(std::time::Duration) + Send + Sync>;

/// The private key (PKCS#8 PEM) of a new pair for `alg` (RSA takes a moment: run as a task).
pub fn generate_pem(alg: Option<Alg>) -> Result<Secret, String> {
    let alg = alg.ok_or_else(|| "this vendor does not say which algorithm".to_string())?;
    let spec = KeySpec::for_alg(alg, None).map_err(|e| e.to_string())?;
    let key = generate(spec).map_err(|e| e.to_string())?;
    key.private_pkcs8_pem().map_err(|e| e.to_string())
}

/// A file offered for saving: what it is ("snippet", "recipe", "public key"), the name the
/// dialog suggests, and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveFile {
    pub what: String,
    pub file_name: String,
    pub contents: String,
}

/// Which file the window asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    KeyFile,
    Recipe,
    /// A HAR capture or a log, to scan.
    Capture,
    /// A file holding a token, for Diff's side A (0) or B (1).
    TokenFile(usize),
    /// The key that opens an encrypted token (JWE) in Inspect.
    DecryptKey,
    /// The vendor's key Mint encrypts the token for.
    EncryptKey,
}

/// The file dialogs: what the user picks, nothing more (the window reads and writes the
/// files itself, in a task, the same way whoever answered). They block: called in tasks.
pub trait Dialogs: Send + Sync {
    /// The file picked to open; None when cancelled.
    fn pick(&self, pick: Pick) -> Option<PathBuf>;
    /// Where to save `what`, suggested as `file_name`; None when cancelled.
    fn save_to(&self, what: &str, file_name: &str) -> Option<PathBuf>;
}

/// The desktop's own dialogs (the XDG portal, or zenity).
pub struct NativeDialogs;

impl Dialogs for NativeDialogs {
    fn pick(&self, pick: Pick) -> Option<PathBuf> {
        let dialog = rfd::FileDialog::new();
        let dialog = match pick {
            Pick::KeyFile => dialog
                .set_title("Choose a key file (PEM, JWK or JWKS)")
                .add_filter(
                    "Keys",
                    &[
                        "pem", "key", "pub", "crt", "cer", "der", "json", "jwk", "jwks",
                    ],
                )
                .add_filter("All files", &["*"]),
            Pick::Recipe => dialog
                .set_title("Import a tokenbench recipe")
                .add_filter("Recipes", &["json"]),
            Pick::Capture => dialog
                .set_title("Scan a HAR capture or a log for tokens")
                .add_filter("Captures and logs", &["har", "json", "log", "txt"])
                .add_filter("All files", &["*"]),
            Pick::EncryptKey => dialog
                .set_title("Choose the vendor's key to encrypt for (PEM or JWK)")
                .add_filter("Keys", &["pem", "key", "pub", "json", "jwk", "jwks"])
                .add_filter("All files", &["*"]),
            Pick::DecryptKey => dialog
                .set_title("Choose the key that decrypts the token (PEM or JWK)")
                .add_filter("Keys", &["pem", "key", "json", "jwk", "jwks"])
                .add_filter("All files", &["*"]),
            Pick::TokenFile(side) => dialog.set_title(if side == 0 {
                "Token A from a file"
            } else {
                "Token B from a file"
            }),
        };
        dialog.pick_file()
    }

    fn save_to(&self, what: &str, file_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(format!("Save the {what}"))
            .set_file_name(file_name)
            .save_file()
    }
}

/// The task that asks for `pick` and reads what was picked.
pub fn pick_task(dialogs: std::sync::Arc<dyn Dialogs>, pick: Pick) -> Task {
    Box::new(move |reply: &Reply| {
        let picked = dialogs.pick(pick);
        reply.send(match pick {
            Pick::KeyFile => Message::KeyFile(
                picked.map(|path| read_key_file(&path).map(|(keys, text)| (path, keys, text))),
            ),
            Pick::Recipe => Message::Recipe(picked.map(|path| read_small_text(&path))),
            Pick::Capture => Message::Capture(picked),
            Pick::TokenFile(side) => {
                Message::TokenFile(side, picked.map(|path| read_small_text(&path)))
            }
            Pick::DecryptKey => Message::DecryptKey(
                picked.map(|path| read_decrypt_key(&path).map(|key| (path, key))),
            ),
            Pick::EncryptKey => Message::EncryptKey(
                picked.map(|path| read_decrypt_key(&path).map(|key| (path, key))),
            ),
        });
    })
}

/// The task that asks where to save `file` and writes it there (the user's alone).
pub fn save_task(dialogs: std::sync::Arc<dyn Dialogs>, file: SaveFile) -> Task {
    Box::new(move |reply: &Reply| {
        let SaveFile {
            what,
            file_name,
            contents,
        } = file;
        let saved = dialogs.save_to(&what, &file_name).map(|path| {
            crate::store::files::write_private(&path, contents.as_bytes())
                .map(|()| (what.clone(), path.clone()))
                .map_err(|e| format!("{}: {e}", path.display()))
        });
        reply.send(Message::Saved(saved));
    })
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

/// Reads a key file for decrypting (a JWK's `"use": "enc"` is welcome here).
pub fn read_decrypt_key(path: &std::path::Path) -> Result<crate::core::key::Key, String> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bytes = read_small_text(path)?;
    crate::core::key::parse_encryption_key(bytes.as_bytes()).map_err(|e| format!("{name}: {e}"))
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
