//! Key files: PEM, DER, JWK, JWKS and Omnichannel lists, and writing back what was read.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tokenbench::core::key::{PublicFormat, parse_key_file};

fuzz_target!(|data: &[u8]| {
    if let Ok(set) = parse_key_file(data) {
        for key in &set.keys {
            let _ = key.describe();
            let _ = key.thumbprint();
            for format in [PublicFormat::Pem, PublicFormat::Jwk, PublicFormat::Jwks, PublicFormat::Omnichannel] {
                let _ = key.export_public(format, 0);
            }
        }
    }
});
