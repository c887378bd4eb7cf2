//! The local token server: its state and its panel.

pub mod handle;
pub mod state;
pub mod view;
