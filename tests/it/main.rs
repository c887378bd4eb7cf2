//! The integration tests, as one binary: the real `tokenbench` binary, real files, the real
//! keyring (a private gnome-keyring), real servers on loopback, several processes at once,
//! and the real window under Xvfb and a screen reader. `support` is what they share.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

mod cli;
mod clipboard;
mod evidence;
mod explain;
mod identity_hash;
mod interop;
mod jwe;
mod keyring;
mod keys_by_url;
mod profiles_shared;
mod referees;
mod screen_reader;
mod serve;
mod snippets;
mod trust;
