//! Key files: PEM, DER, JWK, JWKS and vendors' key lists, and writing back what was read.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tokenbench::core::key::{PublicFormat, known_lists, parse_key_file};

fuzz_target!(|data: &[u8]| {
    if let Ok(set) = parse_key_file(data) {
        let lists = known_lists().iter().map(PublicFormat::List);
        let formats: Vec<PublicFormat> = [PublicFormat::Pem, PublicFormat::Jwk, PublicFormat::Jwks]
            .into_iter()
            .chain(lists)
            .collect();
        for key in &set.keys {
            let _ = key.describe();
            let _ = key.thumbprint();
            for format in &formats {
                let _ = key.export_public(*format, 0);
            }
        }
    }
});
