//! Keeping a copied token on the clipboard after the window closes.
//!
//! On X11 (and Wayland) the clipboard is served by the program that copied; when it exits,
//! the content is gone unless a clipboard manager took it. Like `xclip`, tokenbench hands
//! each copy to a small background process (`tokenbench __keep-clipboard`) that serves it
//! until something else is copied, then exits.
//!
//! Every copy is marked for clipboard managers to leave out of their history (KDE's
//! `x-kde-passwordManagerHint`, the convention Klipper, CopyQ and GPaste follow; the
//! pasteboard's on macOS; Windows' history): tokens, identity hashes and keys log visitors
//! in, and a history keeps them long after they expire.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The hidden subcommand's name (the command line runs [`serve`] for it).
pub const SUBCOMMAND: &str = "__keep-clipboard";

/// A keeper gives up after this long even if nothing else was copied.
const KEEP_AT_MOST: Duration = Duration::from_secs(12 * 3600);

/// Starts a keeper serving `text`.
pub fn spawn(text: &str) -> std::io::Result<()> {
    let exe = std::env::current_exe()?;
    let mut child = Command::new(exe)
        .arg(SUBCOMMAND)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(text.as_bytes())?;
    }
    // The keeper lives on by itself; reap it from a thread so it never lingers as a zombie.
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(())
}

/// The keeper: reads the text from stdin and serves it until another program takes the
/// clipboard. Returns the exit code.
pub fn serve() -> u8 {
    let mut text = String::new();
    if std::io::stdin().read_to_string(&mut text).is_err() || text.is_empty() {
        return 2;
    }
    let Ok(mut clipboard) = arboard::Clipboard::new() else {
        return 2;
    };
    #[cfg(target_os = "linux")]
    {
        use arboard::SetExtLinux;
        let deadline = Instant::now() + KEEP_AT_MOST;
        let set = clipboard.set().exclude_from_history().wait_until(deadline);
        match set.text(text) {
            Ok(()) => 0,
            Err(_) => 1,
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (Instant::now(), KEEP_AT_MOST);
        match set_private(&mut clipboard, text) {
            Ok(()) => 0,
            Err(_) => 1,
        }
    }
}

/// Puts `text` on the clipboard marked for clipboard managers to leave out of their history.
pub fn set_private(clipboard: &mut arboard::Clipboard, text: String) -> Result<(), arboard::Error> {
    let set = clipboard.set();
    #[cfg(target_os = "linux")]
    let set = arboard::SetExtLinux::exclude_from_history(set);
    #[cfg(target_os = "macos")]
    let set = arboard::SetExtApple::exclude_from_history(set);
    #[cfg(target_os = "windows")]
    let set = arboard::SetExtWindows::exclude_from_history(set);
    set.text(text)
}
