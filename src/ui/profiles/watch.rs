//! Noticing `profiles.json` change, whoever changed it (another window, the command line):
//! the config folder is watched (the file itself is replaced on every write, so watching it
//! would lose track after the first change), and each event naming the file wakes the window.

use std::path::Path;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

/// Calls `touched` whenever the file at `path` is created, written, replaced or removed.
/// None when the platform can't watch (the window then reads it again on focus).
pub fn watch_profiles(
    path: &Path,
    touched: impl Fn() + Send + 'static,
) -> Option<RecommendedWatcher> {
    let dir = path.parent()?.to_path_buf();
    crate::store::files::create_private_dir(&dir).ok()?;
    let name = path.file_name()?.to_os_string();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else {
            return;
        };
        if event.kind.is_access() {
            return;
        }
        if event.paths.iter().any(|p| p.file_name() == Some(&name)) {
            touched();
        }
    })
    .ok()?;
    watcher.watch(&dir, RecursiveMode::NonRecursive).ok()?;
    Some(watcher)
}
