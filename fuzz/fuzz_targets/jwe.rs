//! Encrypted tokens: any text read as a compact JWE, opened with a shared key and an RSA key
//! (every failure a clean error, never a panic; cost linear in the input).
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use tokenbench::core::jwe::{Jwe, open};
use tokenbench::core::key::{Key, KeySpec, generate};
use tokenbench::core::secret::Secret;

static RSA: LazyLock<Option<Key>> = LazyLock::new(|| generate(KeySpec::Rsa(2048)).ok());

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let shared = Key::hmac(Secret::new(b"a3f1c09b2e7d4c55".to_vec()));
    if let Ok(jwe) = Jwe::parse(text) {
        let _ = jwe.needs();
        let _ = jwe.decrypt(&shared);
        if let Some(rsa) = RSA.as_ref() {
            let _ = jwe.decrypt(rsa);
        }
    }
    if let Ok(opened) = open(text, Some(&shared)) {
        let _ = opened.findings();
        let _ = serde_json::to_string(&opened);
    }
});
