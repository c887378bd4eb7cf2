//! User preset files: any text must give a preset or a clear error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tokenbench::core::preset::{Origin, Preset};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Preset::from_toml(text, Origin::File("fuzz.toml".into()));
    }
});
