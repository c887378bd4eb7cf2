//! tokenbench: a workbench for the JSON Web Tokens chat widgets use to authenticate visitors.
//!
//! `core` is the engine (decode, sign, verify, presets, checks); `store` reads and writes
//! what lives on disk and in the keyring; `serve` is the local token server; `web` fetches
//! public keys by URL; `cli` is the
//! command line and `ui` the window, which never use each other. See `ARCHITECTURE.md`.

pub mod capture;
pub mod cli;
pub mod core;
pub mod keep_clipboard;
pub mod serve;
pub mod store;
#[cfg(feature = "gui")]
pub mod ui;
pub mod web;
