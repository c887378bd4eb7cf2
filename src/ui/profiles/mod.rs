//! Profiles: saved widget setups, their keys in the keyring, the store worker that writes
//! them, and the questions asked about them.

pub mod bar;
pub mod encryption;
pub mod handle;
pub mod keyring;
pub mod model;
pub mod replies;
#[cfg(test)]
mod shared_tests;
pub mod store;
#[cfg(test)]
mod tests;
pub mod view;
pub mod watch;
