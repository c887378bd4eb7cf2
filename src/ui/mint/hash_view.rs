//! The live identity hash (Intercom's `user_hash`, Chatwoot's `identifier_hash`, …): the
//! value to copy, what it was made from, and the vendor's checks. A time-bound hash
//! (Sprinklr's) counts down to the end of the vendor's window; the others have no expiry.

use eframe::egui;

use crate::ui::app::command::{Command, MintCommand, WindowCommand};
use crate::ui::mint::token_view::TokenView;
use crate::ui::widgets;
use crate::ui::widgets::countdown::CountdownView;
use crate::ui::widgets::json_view::{json_block, token_block};

pub fn ui(ui: &mut egui::Ui, view: &TokenView<'_>, out: &mut Vec<Command>) {
    let TokenView {
        preset, derived, ..
    } = *view;
    let Some(rules) = &preset.hash else {
        return;
    };
    widgets::theme::heading(ui, "Identity hash");
    ui.label(widgets::theme::note(format!(
        "{} of {} with the secret, as {}: the page gives it to {} as {}.",
        rules.mac.label(),
        rules.describe_message(),
        match rules.output {
            crate::core::preset::Output::Hex => "lower-case hex",
            crate::core::preset::Output::Base64 => "base64",
        },
        preset.vendor,
        rules.name
    )));
    ui.add_space(widgets::theme::ROW_GAP);
    crate::ui::mint::token_view::problem_ui(ui, derived, "hash");
    let Some((m, hashed)) = (derived.minted.as_ref()).and_then(|m| Some((m, m.hash.as_ref()?)))
    else {
        if derived.problem.is_none() {
            ui.label(widgets::theme::note(format!(
                "The {} appears here as soon as there is a secret and {} is filled in.",
                rules.name,
                rules.describe_message()
            )));
        }
        return;
    };
    egui::Frame::new()
        .fill(ui.visuals().extreme_bg_color)
        .corner_radius(widgets::theme::FRAME_RADIUS)
        .inner_margin(egui::Margin::same(10))
        .show(ui, |ui| token_block(ui, &rules.name, &m.shown.token));
    ui.horizontal_wrapped(|ui| {
        if ui
            .add(egui::Button::new(format!("Copy {}", rules.name)).shortcut_text("Ctrl+Shift+C"))
            .clicked()
        {
            out.push(Command::Window(WindowCommand::Copy {
                what: rules.name.clone(),
                text: hashed.value.clone(),
            }));
        }
        if ui
            .button("Show snippets")
            .on_hover_text("The code that hands this hash to the widget, and samples that make it")
            .clicked()
        {
            out.push(Command::Mint(MintCommand::ShowSnippets));
        }
        ui.label(widgets::theme::note(format!(
            "{} characters · {} of {}",
            hashed.value.len(),
            hashed.mac.label(),
            hashed.field
        )));
    });
    if !rules.help.is_empty() {
        ui.label(widgets::theme::note(&rules.help));
    }
    if m.times.exp.is_some() {
        ui.add_space(widgets::theme::SECTION_GAP);
        let countdown = CountdownView {
            times: &m.times,
            note: m.clock_note.as_deref(),
            now: view.now,
            leeway: view.leeway,
            auto_remint: view.auto_remint,
            large: view.demo,
        };
        widgets::countdown::ui(ui, &countdown, out);
    }
    ui.add_space(widgets::theme::SECTION_GAP);
    json_block(ui, "Fields", &m.shown.payload);
    crate::ui::mint::token_view::vendor_checks_ui(ui, m);
}
