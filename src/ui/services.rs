//! What the window needs from the outside world, behind traits so tests can fake it:
//! the clock, the clipboard and file dialogs. Blocking work runs off the UI thread and
//! reports back through a channel and `request_repaint`.

use std::path::PathBuf;
use std::sync::mpsc::Sender;

use crate::core::key::{KeySet, parse_key_file};

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
    /// A key file was chosen and read (or reading it failed); None when cancelled.
    KeyFile(Option<Result<(PathBuf, KeySet), String>>),
}

/// Native file dialogs.
pub trait Dialogs {
    /// Asks for a key file, reads and parses it off the UI thread, and sends
    /// [`Message::KeyFile`].
    fn open_key_file(&self, tx: Sender<Message>, repaint: Box<dyn Fn() + Send>);
}

pub struct NativeDialogs;

impl Dialogs for NativeDialogs {
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
            let result = picked.map(|path| read_key_file(&path).map(|keys| (path, keys)));
            let _ = tx.send(Message::KeyFile(result));
            repaint();
        });
    }
}

/// Reads and parses a key file, with errors that name the file.
pub fn read_key_file(path: &std::path::Path) -> Result<KeySet, String> {
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
    parse_key_file(&bytes).map_err(|e| format!("{name}: {e}"))
}
