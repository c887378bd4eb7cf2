//! History, Diff and Scan: each panel alone with a fixed view (`panels`), then the whole
//! window (`window`).

#[cfg(test)]
mod panels;
#[cfg(test)]
mod window;

use std::path::PathBuf;

use crate::ui::scan::state::Rows;

pub(in crate::ui) fn fixture(name: &str) -> PathBuf {
    [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "fixtures",
        "capture",
        name,
    ]
    .iter()
    .collect()
}

pub(in crate::ui) fn fixture_token(name: &str) -> String {
    let text = std::fs::read_to_string(fixture("tokens.json")).unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    v[name].as_str().unwrap_or_default().to_string()
}

/// The fixtures' clock.
pub(in crate::ui) const FIXTURE_NOW: i64 = 1_795_946_400;

/// How the fixtures are judged: no preset chosen, no key, the fixtures' clock.
pub(in crate::ui) fn judge(workbench: &crate::ui::workbench::Workbench) -> Rows<'_> {
    Rows {
        judge: crate::core::judge::Judge::new(&workbench.presets, FIXTURE_NOW),
        demo: false,
    }
}
