//! Scan: every token in a HAR capture or a log, and where each was sent.

pub mod handle;
pub mod scanner;
pub mod state;
#[cfg(test)]
pub(in crate::ui) mod tests;
pub mod view;
