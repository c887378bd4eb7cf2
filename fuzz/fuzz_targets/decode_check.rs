//! The lenient decoder, every preset's checks, verification and the JSON report, on
//! anything: raw pasted text, or (first byte odd) a header and payload given as JSON text
//! so the checks see arbitrary JSON.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tokenbench::core::b64;
use tokenbench::core::check::{CheckOptions, check};
use tokenbench::core::decode::decode;
use tokenbench::core::key::{Key, KeySet};
use tokenbench::core::preset::Presets;
use tokenbench::core::report::{Inspect, inspect};
use tokenbench::core::secret::Secret;

const NOW: i64 = 1_800_000_000;

fn fixtures() -> &'static (Presets, KeySet) {
    static F: OnceLock<(Presets, KeySet)> = OnceLock::new();
    F.get_or_init(|| {
        let key = Key::hmac(Secret::new(b"fuzz-secret-fuzz-secret-fuzz-sec".to_vec()));
        (Presets::builtin(), KeySet::single(key))
    })
}

fuzz_target!(|data: &[u8]| {
    let (presets, keys) = fixtures();
    let text = match data.split_first() {
        Some((mode, rest)) if mode & 1 == 1 => {
            let mut parts = rest.splitn(2, |b| *b == 0);
            let header = parts.next().unwrap_or_default();
            let payload = parts.next().unwrap_or_default();
            format!("{}.{}.c2ln", b64::encode(header), b64::encode(payload))
        }
        _ => String::from_utf8_lossy(data).into_owned(),
    };
    let decoded = decode(&text);
    let opts = CheckOptions {
        now: NOW,
        leeway: 0,
        keys: Some(keys),
    };
    for preset in presets.iter() {
        let _ = check(&decoded, Some(preset), &opts);
    }
    let report = inspect(
        &decoded,
        &Inspect {
            preset: None,
            keys: Some(keys),
            algorithms: None,
            presets: Some(presets),
            now: NOW,
            leeway: 0,
        },
    );
    let _ = serde_json::to_string(&report);
});
