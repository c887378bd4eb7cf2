//! The engine. No egui, no clock, no environment, no printing: the window, the command line
//! and the server are faces over what is here, and pass in the time.

pub mod alg;
pub mod b64;
pub mod check;
pub mod decode;
pub mod diff;
pub mod explain;
pub mod finding;
pub mod hash;
pub mod history;
pub mod json;
pub mod judge;
pub mod jwe;
pub mod jws;
pub mod key;
pub mod keyset;
pub mod mask;
pub mod mint;
pub mod preset;
pub mod report;
pub mod scan;
pub mod secret;
pub mod snippet;
pub mod suggest;
pub mod time;

#[cfg(test)]
pub(crate) mod testing;
