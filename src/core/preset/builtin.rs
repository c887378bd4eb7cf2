//! The presets shipped inside the binary: every `presets/*.toml`, listed by `build.rs`.

include!(concat!(env!("OUT_DIR"), "/builtin_presets.rs"));
