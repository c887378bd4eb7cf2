//! Diff: two tokens side by side.

pub mod handle;
pub mod model;
pub mod view;
