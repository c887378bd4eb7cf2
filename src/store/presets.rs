//! User presets: `*.toml` files in the config directory's `presets/` folder.

use std::path::{Path, PathBuf};

use crate::core::preset::{PresetError, Presets};

use super::dirs::config_dir;

/// The folder user presets are read from.
pub fn user_presets_dir() -> Option<PathBuf> {
    config_dir().map(|d| d.join("presets"))
}

/// The built-in presets plus the user's (a user file with a built-in id replaces it).
/// Files that can't be read or parsed are listed in `problems`; the rest still load.
pub fn load_all() -> Presets {
    let mut presets = Presets::builtin();
    if let Some(dir) = user_presets_dir() {
        load_dir(&mut presets, &dir);
    }
    presets
}

/// Adds every `*.toml` in `dir`, in name order. A missing folder is not an error.
pub fn load_dir(presets: &mut Presets, dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    for path in files {
        let name = path.display().to_string();
        match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => presets.add_user_file(&name, &text),
                Err(_) => presets.problems.push(PresetError {
                    origin: name,
                    message: "the file is not UTF-8 text".to_string(),
                }),
            },
            Err(e) => presets.problems.push(PresetError {
                origin: name,
                message: format!("can't be read: {e}"),
            }),
        }
    }
}
