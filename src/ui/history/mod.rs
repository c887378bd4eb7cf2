//! History: every token minted, pasted, served or found, kept across restarts on request.

pub mod handle;
pub mod keeper;
pub mod state;
pub mod view;
