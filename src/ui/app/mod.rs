//! The window itself: `AppState` and its one writer, the frame, the layout, the commands and
//! their routing, the dialogs, and the services background work goes through.

#[cfg(test)]
mod a11y_tests;
pub mod actions;
pub mod command;
pub mod dialogs;
pub mod frame;
pub mod layout;
pub mod services;
#[cfg(test)]
mod snapshot_tests;
pub mod state;
pub mod tasks;
#[cfg(test)]
mod tests;
pub mod welcome;
