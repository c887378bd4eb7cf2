//! Where tokenbench keeps what it writes: the config folder (profiles, presets, window
//! settings), the data folder (kept history) and the cache folder (keys fetched by URL). One
//! place decides them; `TOKENBENCH_CONFIG_DIR` puts all three under one folder (tests,
//! portable installs).

use std::path::PathBuf;

const OVERRIDE: &str = "TOKENBENCH_CONFIG_DIR";

fn overridden() -> Option<PathBuf> {
    std::env::var_os(OVERRIDE)
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
}

fn project() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "tokenbench")
}

/// `~/.config/tokenbench` on Linux (the platform's convention elsewhere).
pub fn config_dir() -> Option<PathBuf> {
    overridden().or_else(|| project().map(|d| d.config_dir().to_path_buf()))
}

/// `~/.local/share/tokenbench` on Linux: the kept history.
pub fn data_dir() -> Option<PathBuf> {
    overridden().or_else(|| project().map(|d| d.data_dir().to_path_buf()))
}

/// `~/.cache/tokenbench` on Linux (`cache` under the override).
pub fn cache_dir() -> Option<PathBuf> {
    match overridden() {
        Some(d) => Some(d.join("cache")),
        None => project().map(|d| d.cache_dir().to_path_buf()),
    }
}
