//! tokenbench: a workbench for the JSON Web Tokens chat widgets use to authenticate visitors.
//!
//! `core` is the engine (decode, sign, verify, presets, checks); `store` reads and writes
//! what lives on disk; `cli` is the command line. See `ARCHITECTURE.md`.

pub mod cli;
pub mod core;
pub mod serve;
pub mod store;
pub mod ui;
