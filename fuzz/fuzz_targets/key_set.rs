//! Key sets as `tokenbench keys` and keys by URL read them: any bytes, checked against every
//! preset's key-set rules, and what a URL would give to verify with (never a published
//! secret).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tokenbench::core::alg::Family;
use tokenbench::core::keyset::{Against, check};
use tokenbench::core::preset::Presets;

fn presets() -> &'static Presets {
    static P: OnceLock<Presets> = OnceLock::new();
    P.get_or_init(Presets::builtin)
}

fuzz_target!(|data: &[u8]| {
    let _ = check(data, &Against::default());
    for preset in presets().iter().filter(|p| p.keyset.is_some()) {
        let _ = check(
            data,
            &Against {
                preset: Some(preset),
                issuer: Some("https://issuer.example"),
                token_iss: Some("https://other.example"),
                now: 1_800_000_000,
            },
        );
    }
    let fetched = tokenbench::web::Fetched {
        url: "https://keys.example/jwks".into(),
        body: data.to_vec(),
        freshness: tokenbench::web::Freshness::Fetched,
        issuer: None,
    };
    if let Ok(set) = tokenbench::web::parse(&fetched) {
        assert!(
            set.keys.iter().all(|k| k.family() != Family::Hmac),
            "a key set fetched by URL never gives a secret to verify with"
        );
    }
});
