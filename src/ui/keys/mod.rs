//! Keys: the signing key (a secret, a key file, a generated pair) and public keys by URL,
//! with the key set's check.

pub mod fetcher;
pub mod handle;
pub mod keyset_view;
pub mod model;
#[cfg(test)]
mod tests;
pub mod view;
