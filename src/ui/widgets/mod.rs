//! What several rooms share: the look, fields, JSON, findings, the countdown, the split, toasts
//! and what assistive technology is told.

pub mod a11y;
pub mod countdown;
pub mod findings;
pub mod json_view;
pub mod secret_text;
pub mod split;
pub mod theme;
pub mod toasts;
