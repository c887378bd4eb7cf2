//! Inspect mode's view of a pasted identity hash: does it match the visitor with the secret,
//! what is wrong if not, and which stored profile made it.

use eframe::egui::{self, RichText};

use crate::core::preset::{Output, Presets};
use crate::ui::app::command::Command;
use crate::ui::inspect::view::SignerWords;
use crate::ui::widgets;
use crate::ui::widgets::findings::findings_ui;
use crate::ui::widgets::json_view::json_block;
use crate::ui::workbench::{HashInspect, Signers};

const HASH_MAKERS: SignerWords = SignerWords {
    hover: "Which saved profile made it? Each identity-hash profile's secret and fields are tried.",
    found: "Made by",
    none_tried: "No stored profile is an identity-hash vendor's.",
    none_matched: "identity-hash profiles made it",
};

pub struct HashPanelView<'a> {
    pub view: &'a HashInspect,
    pub presets: &'a Presets,
    pub profiles_with_keys: usize,
    pub signers: Option<&'a Signers>,
    /// Demo mode: the value the secret gives is masked (a hash logs the visitor in).
    pub demo: bool,
}

pub fn ui(ui: &mut egui::Ui, panel: &HashPanelView<'_>, out: &mut Vec<Command>) {
    let pal = widgets::theme::palette(ui);
    let v = panel.view;
    ui.add_space(widgets::theme::ROW_GAP);
    ui.label(RichText::new(format!(
        "An identity hash, not a token: a {}-byte MAC in {}.",
        v.bytes,
        match v.output {
            Output::Hex if v.value.bytes().any(|b| b.is_ascii_uppercase()) => "upper-case hex",
            Output::Hex => "hex",
            Output::Base64 => "base64",
        }
    )));
    let preset = v.preset.as_deref().and_then(|id| panel.presets.get(id));
    if let Some(missing) = &v.missing {
        ui.label(widgets::theme::note(missing));
    }
    if let (Some(check), Some(p)) = (&v.check, preset) {
        let rules = p.hash.as_ref();
        ui.add_space(widgets::theme::ROW_GAP);
        ui.horizontal_wrapped(|ui| {
            let (text, color) = if check.is_valid() {
                ("MATCHES", pal.ok)
            } else if check.matches {
                ("MATCHES, WITH A WARNING", pal.warn)
            } else {
                ("DOES NOT MATCH", pal.error)
            };
            widgets::theme::badge(ui, text, color);
            let r = ui.label(
                RichText::new(format!(
                    "{} {} with the secret from Mint mode",
                    p.vendor,
                    rules.map_or("hash", |r| r.name.as_str())
                ))
                .strong(),
            );
            crate::ui::widgets::a11y::name(
                &r,
                &format!(
                    "{text}: {} {}",
                    p.vendor,
                    rules.map_or("hash", |r| r.name.as_str())
                ),
            );
            crate::ui::widgets::a11y::live(&r, false);
        });
        if let Some(e) = check.expected.as_ref().filter(|_| !check.matches) {
            let value = if panel.demo {
                crate::core::mask::MASK
            } else {
                e.value.as_str()
            };
            ui.label(widgets::theme::note(format!(
                "With this secret, {} gives {value}.",
                e.field
            )));
        }
        ui.add_space(widgets::theme::ROW_GAP);
        json_block(ui, "Checked against", &v.fields_shown);
        ui.add_space(widgets::theme::ROW_GAP);
        findings_ui(
            ui,
            &check.findings,
            "Passes every check of this preset",
            &[],
        );
    }
    ui.add_space(widgets::theme::ROW_GAP);
    crate::ui::inspect::view::signers_ui(
        ui,
        panel.signers,
        panel.profiles_with_keys,
        &HASH_MAKERS,
        out,
    );
}
