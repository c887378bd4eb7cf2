//! Inspect: a pasted token (or identity hash) decoded, checked and judged.

pub mod answer;
#[cfg(test)]
mod answer_tests;
pub mod handle;
pub mod hash_model;
pub mod hash_view;
pub mod jwe_model;
#[cfg(test)]
mod jwe_tests;
pub mod jwe_view;
pub mod model;
#[cfg(test)]
mod trust_tests;
pub mod view;
