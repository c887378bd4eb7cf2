//! Finds the built-in presets: every `presets/*.toml` is compiled into the binary, so adding a
//! vendor is adding a file.

// A broken checkout should stop the build loudly.
#![allow(clippy::expect_used)]

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=presets");
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("presets"))
        .expect("the presets folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut out = String::from(
        "/// (file name, TOML text) for every built-in preset: `presets/*.toml`, found when built.\n\
         pub const BUILTIN: &[(&str, &str)] = &[\n",
    );
    for path in &files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a UTF-8 file name");
        let _ = writeln!(out, "    ({name:?}, include_str!({:?})),", path.display());
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    std::fs::write(dest.join("builtin_presets.rs"), out).expect("write the preset list");
}
