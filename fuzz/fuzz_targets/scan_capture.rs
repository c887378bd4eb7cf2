//! A capture, as `tokenbench scan` reads it: a HAR file or any text (bytes of any shape,
//! invalid UTF-8, NULs, deep JSON), scanned, collected, judged and written out as JSON.
//! Nothing may panic, the output is JSON, and what was found is consistent; libFuzzer's
//! timeout and memory limit catch a cost that grows faster than the input.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tokenbench::core::judge::Judge;
use tokenbench::core::preset::Presets;

fn presets() -> &'static Presets {
    static P: OnceLock<Presets> = OnceLock::new();
    P.get_or_init(Presets::builtin)
}

fuzz_target!(|data: &[u8]| {
    let (scanned, found) = tokenbench::cli::scan::collect(data);
    let places: usize = (0..found.len()).map(|n| found.place_count(n)).sum();
    assert_eq!(places, found.place_total());
    let mut out = Vec::new();
    let judge = Judge::new(presets(), 1_800_000_000);
    tokenbench::cli::scan::write(&scanned, &found, data, judge, None, true, &mut out)
        .expect("writing to memory");
    let value: serde_json::Value = serde_json::from_slice(&out).expect("the report is JSON");
    assert_eq!(
        value["tokens"].as_array().map(Vec::len),
        Some(found.len())
    );
});
