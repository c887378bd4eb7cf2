//! Public keys by URL: a JWKS, PEM, certificate, a vendor's key list or OpenID issuer,
//! fetched off the UI thread; Inspect verifies with them. "Check this key set" lists each
//! key and what is wrong with the set (the vendor's rules included).

use eframe::egui::{self, RichText};

use crate::core::finding::Severity;
use crate::core::keyset::{KeySetCheck, day_text};
use crate::ui::app::command::{Command, KeysCommand};
use crate::ui::widgets;
use crate::ui::workbench::KeyInput;

/// What the panel shows.
pub struct KeySetView<'a> {
    pub key: &'a KeyInput,
}

pub fn ui(ui: &mut egui::Ui, view: &KeySetView<'_>, out: &mut Vec<Command>) {
    let key = view.key;
    let pal = widgets::theme::palette(ui);
    let mut url = key.url.clone();
    let mut go = false;
    // Room for "Fetch" and, once there is a set, "Fetch again".
    let buttons = if key.published.is_some() { 160.0 } else { 62.0 };
    ui.horizontal(|ui| {
        ui.label(RichText::new("Public keys by URL").strong());
        let field = egui::TextEdit::singleline(&mut url)
            .hint_text("https://…/.well-known/jwks.json, a PEM or key-list URL, or an OpenID issuer")
            .desired_width((ui.available_width() - buttons).max(160.0));
        let r = ui.add(field).on_hover_text(
            "Inspect verifies with the keys published here, picked by the token's kid. Press Enter to fetch.",
        );
        crate::ui::widgets::a11y::name(&r, "Key set URL");
        if r.changed() {
            out.push(Command::Keys(KeysCommand::KeyUrl(url.clone())));
        }
        go |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let can = !url.trim().is_empty() && !key.fetching;
        if key.fetching {
            ui.spinner();
            ui.label("Fetching…");
        } else {
            go |= ui
                .add_enabled(can, egui::Button::new("Fetch"))
                .on_hover_text("Fetch the keys (from the cache while the server allows)")
                .clicked();
            if key.published.is_some()
                && ui
                    .small_button("Fetch again")
                    .on_hover_text("Fetch again, past the cache")
                    .clicked()
            {
                out.push(Command::Keys(KeysCommand::Fetch { refresh: true }));
            }
        }
    });
    if go && !url.trim().is_empty() {
        out.push(Command::Keys(KeysCommand::Fetch { refresh: false }));
    }
    if let Some(e) = &key.url_error {
        let r = ui.label(RichText::new(format!("✖ {e}")).color(pal.error));
        crate::ui::widgets::a11y::live(&r, true);
    }
    let Some(published) = key.published.as_ref().filter(|p| p.url == key.url.trim()) else {
        return;
    };
    let kids = published.keys.kids();
    let what = match published.keys.keys.len() {
        1 => "1 key".to_string(),
        n => format!("{n} keys"),
    };
    let kids = if kids.is_empty() {
        String::new()
    } else {
        format!(" (kids {})", kids.join(", "))
    };
    let stale = if key.url_error.is_some() {
        " — the last good set, still in use"
    } else {
        ""
    };
    ui.label(widgets::theme::note(format!(
        "{what}{kids} from {}{stale}",
        published.from
    )));
    let problems = published.check.as_ref().map_or(0, |c| c.findings.len());
    let label = match (key.show_check, problems) {
        (true, _) => "Hide the key-set check".to_string(),
        (false, 0) => "Check this key set".to_string(),
        (false, n) => format!(
            "Check this key set ({n} finding{})",
            if n == 1 { "" } else { "s" }
        ),
    };
    if ui.button(label).clicked() {
        out.push(Command::Keys(KeysCommand::ToggleCheck));
    }
    if key.show_check {
        match &published.check {
            Ok(check) => check_ui(ui, check),
            Err(why) => {
                ui.label(RichText::new(format!("✖ Not a key set: {why}")).color(pal.error));
            }
        }
    }
}

fn check_ui(ui: &mut egui::Ui, check: &KeySetCheck) {
    let pal = widgets::theme::palette(ui);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(
            RichText::new(format!(
                "{}, checked{}",
                check.format.describe(),
                check
                    .preset
                    .as_deref()
                    .map(|p| format!(" with {p}'s rules"))
                    .unwrap_or_default()
            ))
            .strong(),
        );
        for (i, k) in check.keys.iter().enumerate() {
            let mut line = format!("{}. {}  {}", i + 1, k.name(i), k.shape());
            for v in [&k.alg, &k.use_].into_iter().flatten() {
                line.push_str(&format!("  {v}"));
            }
            ui.label(RichText::new(line).monospace());
            if let Some(t) = &k.thumbprint {
                ui.label(widgets::theme::note(format!("    thumbprint {t}")));
            }
            if let Some(c) = &k.certificate {
                ui.label(widgets::theme::note(format!(
                    "    certificate {}; valid {} to {}",
                    c.subject,
                    day_text(c.not_before),
                    day_text(c.not_after)
                )));
            }
            if let Some(e) = k.expiry {
                ui.label(widgets::theme::note(format!("    expiry {}", day_text(e))));
            }
        }
        if check.findings.is_empty() {
            ui.label(RichText::new("✔ Nothing wrong with this key set").color(pal.ok));
        }
        for f in &check.findings {
            let (mark, color) = match f.severity {
                Severity::Error => ("✖", pal.error),
                Severity::Warning => ("⚠", pal.warn),
                Severity::Info => ("ℹ", pal.muted),
            };
            let at = f
                .claim
                .as_deref()
                .map(|c| format!("{c}: "))
                .unwrap_or_default();
            ui.label(RichText::new(format!("{mark} {at}{}", f.message)).color(color));
        }
    });
}
