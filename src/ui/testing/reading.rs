//! The window as assistive technology reads it: all its text at once, or its tree one node a
//! line for the reviewed snapshots in `src/ui/snapshots/`.

use std::path::PathBuf;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use super::App;

/// Everything the window shows, as assistive technology reads it: every node's label, value
/// and description.
pub fn screen_text(h: &egui_kittest::Harness<'static, App>) -> String {
    h.query_all_by(|_| true)
        .map(|n| {
            // What assistive technology is told, too: names, values, descriptions.
            let node = n.accesskit_node();
            format!(
                "{} {} {}",
                node.label().unwrap_or_default(),
                n.value().unwrap_or_default(),
                node.data().description().unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The window as assistive technology reads it, one node a line, indented by depth: role,
/// name, value, description and states. Containers with nothing to say, and text runs (how
/// a label wraps), are left out.
pub fn a11y_tree<T>(h: &Harness<'_, T>) -> String {
    fn walk(node: &egui_kittest::Node<'_>, depth: usize, out: &mut String) {
        use std::fmt::Write as _;
        let n = node.accesskit_node();
        let role = n.role();
        let label = n.label().unwrap_or_default();
        let value = n.value().unwrap_or_default();
        let description = n.description().unwrap_or_default();
        // Text runs are how a label happens to wrap, not what it says.
        if role == egui::accesskit::Role::TextRun {
            return;
        }
        let quiet = matches!(
            role,
            egui::accesskit::Role::GenericContainer | egui::accesskit::Role::Unknown
        ) && label.is_empty()
            && value.is_empty();
        let next = if quiet {
            depth
        } else {
            let _ = write!(out, "{}{role:?}", "  ".repeat(depth));
            if !label.is_empty() {
                let _ = write!(out, " {label:?}");
            }
            if !value.is_empty() && value != label {
                let _ = write!(out, " = {value:?}");
            }
            if !description.is_empty() {
                let _ = write!(out, " ({description:?})");
            }
            for (on, state) in [
                (n.is_focused(), "focused"),
                (n.is_disabled(), "disabled"),
                (n.is_required(), "required"),
                (n.is_selected() == Some(true), "selected"),
                (n.toggled() == Some(egui::accesskit::Toggled::True), "on"),
            ] {
                if on {
                    let _ = write!(out, " [{state}]");
                }
            }
            out.push('\n');
            depth + 1
        };
        for child in node.children() {
            walk(&child, next, out);
        }
    }
    let mut out = String::new();
    walk(&h.root(), 0, &mut out);
    out
}

/// Compares `text` with the reviewed snapshot `src/ui/snapshots/NAME.txt`; with
/// `TOKENBENCH_UPDATE_SNAPSHOTS=1` writes it instead (review the diff like code).
pub fn snapshot(name: &str, text: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src/ui/snapshots")
        .join(format!("{name}.txt"));
    if std::env::var_os("TOKENBENCH_UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("snapshots folder");
        std::fs::write(&path, text).expect("write the snapshot");
        return;
    }
    let Ok(want) = std::fs::read_to_string(&path) else {
        panic!(
            "no snapshot {}: run with TOKENBENCH_UPDATE_SNAPSHOTS=1 and review it",
            path.display()
        );
    };
    if want != text {
        let diff: Vec<String> = (want.lines().zip(text.lines()).enumerate())
            .filter(|(_, (a, b))| a != b)
            .take(8)
            .map(|(i, (a, b))| format!("line {}:\n  - {a}\n  + {b}", i + 1))
            .collect();
        panic!(
            "{name}: the view changed ({} lines were, {} now):\n{}\nIf it is meant, run with TOKENBENCH_UPDATE_SNAPSHOTS=1 and review the diff.",
            want.lines().count(),
            text.lines().count(),
            diff.join("\n")
        );
    }
}
