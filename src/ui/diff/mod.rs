//! Diff: two tokens side by side.

pub mod model;
pub mod view;
