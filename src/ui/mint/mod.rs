//! Mint: the vendor list, the claim form (or raw JSON), the live token with its countdown,
//! the identity hash, and the snippets that hand the token to the widget.

pub mod claims;
pub mod fields;
pub mod form;
pub mod handle;
#[cfg(test)]
mod hash_tests;
pub mod hash_view;
pub mod issued_view;
pub mod model;
pub mod preset_list;
pub mod raw_editor;
pub mod sealed;
pub mod snippets;
pub mod token_view;
