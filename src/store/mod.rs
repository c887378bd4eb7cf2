//! What lives on disk: the user's presets (and, later, profiles). Secrets never go here.

pub mod dirs;
pub mod files;
pub mod history;
pub mod presets;
pub mod profile_keys;
pub mod profiles;
pub mod recipe;
pub mod secrets;
