//! Snippets: the widget's hand-over code and server-side samples for the token on screen,
//! with the page settings they need (saved with the profile), to copy or save. The text is
//! filled only when what it is made from changes, not every frame.

use std::collections::BTreeMap;

use eframe::egui::{self, RichText};

use crate::core::alg::Family;
use crate::core::preset::Preset;
use crate::core::snippet::{Kind, PRIVATE_KEY_ENV, SECRET_ENV, missing_settings};
use crate::ui::app::command::{Command, MintCommand, ServerCommand, WindowCommand};
use crate::ui::app::services::SaveFile;
use crate::ui::widgets;
use crate::ui::workbench::{MintedToken, Snippet};
use crate::ui::workbench::{effective_kind, snippet_available};

/// What the snippet panel shows.
pub struct SnippetView<'a> {
    pub preset: &'a Preset,
    /// The kind chosen (the panel shows Node.js where the preset has no such template).
    pub kind: Kind,
    /// The snippet, filled when what it is made from changed.
    pub snippet: Option<&'a Snippet>,
    pub minted: Option<&'a MintedToken>,
    /// The form's page settings (saved with the profile).
    pub settings: Option<&'a BTreeMap<String, String>>,
    /// `http://127.0.0.1:3000`: the running server, or where it would run.
    pub server_url: &'a str,
    pub server_running: bool,
    pub demo: bool,
    /// Scroll the section into view ("Show snippets").
    pub jump: bool,
}

pub fn ui(ui: &mut egui::Ui, view: &SnippetView<'_>, out: &mut Vec<Command>) {
    let preset = view.preset;
    let heading = ui.label(RichText::new("Snippets").size(17.0).strong());
    if view.jump {
        heading.scroll_to_me(Some(egui::Align::TOP));
    }
    let kind = effective_kind(preset, view.kind);
    ui.horizontal_wrapped(|ui| {
        for k in Kind::ALL {
            let button = egui::Button::selectable(kind == k, kind_label(k, preset));
            let r = ui
                .add_enabled(snippet_available(preset, k), button)
                .on_disabled_hover_text(format!(
                    "{} has no hand-over code in its preset",
                    preset.vendor
                ));
            if r.clicked() && k != kind {
                out.push(Command::Mint(MintCommand::SnippetKind(k)));
            }
        }
    });
    let hmac = view.minted.is_some_and(|m| m.alg.family() == Family::Hmac);
    ui.label(widgets::theme::note(about(
        kind,
        preset,
        view.server_url,
        hmac,
    )));
    if matches!(kind, Kind::Handover | Kind::Curl) && !view.server_running {
        ui.horizontal_wrapped(|ui| {
            ui.label(widgets::theme::note(
                "The local server is not running: this code gets no token until it is.",
            ));
            if ui.small_button("Start the server").clicked() {
                out.push(Command::Server(ServerCommand::Start));
            }
        });
    }
    if matches!(kind, Kind::Handover | Kind::Inline)
        && let Some(settings) = view.settings
    {
        settings_ui(ui, preset, settings, out);
    }
    ui.add_space(widgets::theme::ROW_GAP);
    let Some(snippet) = view.snippet.filter(|_| view.minted.is_some()) else {
        ui.label(widgets::theme::note(if preset.is_hash() {
            "Snippets appear with the hash: give the secret and the visitor's fields."
        } else {
            "Snippets appear with the token: give the key and the required claims."
        }));
        return;
    };
    let name = kind.file_name(&preset.id);
    let what = format!("{} snippet", kind_label(kind, preset));
    ui.horizontal_wrapped(|ui| {
        let real = snippet.real.as_ref().ok();
        if ui
            .add_enabled(real.is_some(), egui::Button::new("Copy snippet"))
            .on_hover_text(if view.demo {
                "Copies the real values: only the screen is masked"
            } else {
                "Copy the code below"
            })
            .clicked()
            && let Some(text) = real
        {
            out.push(Command::Window(WindowCommand::Copy {
                what: what.clone(),
                text: text.clone(),
            }));
        }
        if ui
            .add_enabled(real.is_some(), egui::Button::new("Save snippet…"))
            .on_hover_text(format!("Save it as a file ({name})"))
            .clicked()
            && let Some(text) = real
        {
            out.push(Command::Window(WindowCommand::Save(SaveFile {
                what: "snippet".into(),
                file_name: name.clone(),
                contents: text.clone(),
            })));
        }
    });
    code_ui(ui, snippet.shown.as_ref().map(String::as_str));
}

/// The kind's name on its button: "Widget (this hash)" for an identity hash.
fn kind_label(kind: Kind, preset: &Preset) -> &'static str {
    match kind {
        Kind::Inline if preset.is_hash() => "Widget (this hash)",
        other => other.label(),
    }
}

/// One line on what the kind is for and what it needs.
fn about(kind: Kind, preset: &Preset, server_url: &str, hmac: bool) -> String {
    if let Some(rules) = &preset.hash {
        let name = &rules.name;
        let env = crate::core::snippet::HASH_SECRET_ENV;
        return match kind {
            Kind::Handover => format!(
                "For the page that loads the {} widget: it asks {server_url}/token for the {name} and the fields it was made from.",
                preset.vendor
            ),
            Kind::Inline => {
                format!("The hand-over code with this {name} written in, for a quick test.")
            }
            Kind::Node => format!(
                "Makes the same {name} on your server (Node's crypto); the secret comes from {env}."
            ),
            Kind::Python => format!(
                "Makes the same {name} on your server (Python's hmac); the secret comes from {env}."
            ),
            Kind::Php => format!(
                "Makes the same {name} on your server (hash_hmac); the secret comes from {env}."
            ),
            Kind::Curl => format!(
                "Asks the local server at {server_url} for the {name}, for this visitor or another."
            ),
        };
    }
    let env = if hmac { SECRET_ENV } else { PRIVATE_KEY_ENV };
    match kind {
        Kind::Handover => format!(
            "For the page that loads the {} widget: it fetches a fresh token from {server_url}/token whenever the widget asks.",
            preset.vendor
        ),
        Kind::Inline => {
            "The hand-over code with this token written in, for a quick test until it expires."
                .to_string()
        }
        Kind::Node => format!(
            "Mints the same claims on your server (npm install jsonwebtoken); the key comes from {env}."
        ),
        Kind::Python => {
            let extra = if hmac { "" } else { " cryptography" };
            format!(
                "Mints the same claims on your server (pip install PyJWT{extra}); the key comes from {env}."
            )
        }
        Kind::Php => format!(
            "Mints the same claims on your server (composer require firebase/php-jwt); the key comes from {env}."
        ),
        Kind::Curl => format!("Asks the local server at {server_url} for a fresh token."),
    }
}

/// The preset's page settings (Connect's snippet id, Intercom's app id…): text fields whose
/// values go with the form and are saved with the profile.
fn settings_ui(
    ui: &mut egui::Ui,
    preset: &Preset,
    settings: &BTreeMap<String, String>,
    out: &mut Vec<Command>,
) {
    if preset.snippets.settings.is_empty() {
        return;
    }
    ui.add_space(widgets::theme::ROW_GAP);
    ui.label(RichText::new("Page settings").strong())
        .on_hover_text(
            "Values the vendor's page code needs that are not in the token; saved with the profile",
        );
    let missing = missing_settings(preset, settings).len();
    egui::Grid::new("page-settings")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            for s in &preset.snippets.settings {
                let mut hover = s.help.clone();
                if let Some(src) = &s.source {
                    hover.push_str(&format!("\n\nSource: {src}"));
                }
                let label = ui.label(&s.label);
                let label = if hover.is_empty() {
                    label
                } else {
                    label.on_hover_text(hover)
                };
                let mut value = settings.get(&s.name).cloned().unwrap_or_default();
                let edit = ui
                    .add(
                        egui::TextEdit::singleline(&mut value)
                            .hint_text(s.example.as_deref().unwrap_or_default())
                            .desired_width(ui.available_width() - 8.0),
                    )
                    .labelled_by(label.id);
                if edit.changed() {
                    let mut settings = settings.clone();
                    if value.is_empty() {
                        settings.remove(&s.name);
                    } else {
                        settings.insert(s.name.clone(), value);
                    }
                    out.push(Command::Mint(MintCommand::Settings(settings)));
                }
                ui.end_row();
            }
        });
    if missing > 0 {
        ui.label(widgets::theme::note(
            "Empty settings show the example value: fill them in for the page to load your widget.",
        ));
    }
}

/// The code, monospace and selectable, scrolling sideways rather than wrapping.
fn code_ui(ui: &mut egui::Ui, text: Result<&str, &String>) {
    let pal = widgets::theme::palette(ui);
    match text {
        Ok(text) => {
            egui::Frame::new()
                .fill(ui.visuals().extreme_bg_color)
                .corner_radius(widgets::theme::FRAME_RADIUS)
                .inner_margin(egui::Margin::same(8))
                .show(ui, |ui| {
                    // Long lines scroll sideways; the panel itself scrolls down.
                    egui::ScrollArea::horizontal()
                        .id_salt("snippet-code")
                        .auto_shrink([false, true])
                        .show(ui, |ui| {
                            ui.add(
                                egui::Label::new(RichText::new(text.trim_end()).monospace())
                                    .wrap_mode(egui::TextWrapMode::Extend)
                                    .selectable(true),
                            )
                            .widget_info(|| {
                                crate::ui::widgets::a11y::document_info("Snippet code", text)
                            });
                            // Room for the scroll bar under the last line.
                            ui.add_space(10.0);
                        });
                });
        }
        Err(e) => {
            ui.label(RichText::new(e).color(pal.error));
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use egui_kittest::Harness;
    use egui_kittest::kittest::{NodeT, Queryable};

    use crate::ui::app::command::*;
    use crate::ui::app::state::Settings;
    use crate::ui::testing::*;

    #[test]
    fn the_panel_alone_switches_kinds_copies_and_edits_page_settings() {
        let mut workbench = workbench("amazon-connect");
        workbench.set_field("sub", crate::ui::mint::form::FieldValue::Text("w-1".into()));
        workbench.refresh(NOW);
        let real = workbench
            .derived
            .snippet
            .as_ref()
            .and_then(|s| s.real.clone().ok())
            .expect("a snippet");
        let mut h = panel(move |ui, out| {
            let view = crate::ui::mint::snippets::SnippetView {
                preset: workbench.preset().expect("preset"),
                kind: workbench.inputs.snippet_kind,
                snippet: workbench.derived.snippet.as_ref(),
                minted: workbench.derived.minted.as_ref(),
                settings: workbench.form().map(|f| &f.settings),
                server_url: &workbench.inputs.server_url,
                server_running: false,
                demo: false,
                jump: false,
            };
            crate::ui::mint::snippets::ui(ui, &view, out);
        });
        let code = h.get_by_label("Snippet code");
        assert_eq!(code.value().as_deref(), Some(real.as_str()));
        assert_eq!(
            code.accesskit_node().role(),
            eframe::egui::accesskit::Role::Document,
            "code reads as a document"
        );
        press(&mut h, "Python");
        press(&mut h, "Copy snippet");
        press(&mut h, "Start the server");
        h.get_by_label("Snippet ID").focus();
        h.run();
        h.get_by_label("Snippet ID").type_text("S1");
        h.run();
        let mut settings = std::collections::BTreeMap::new();
        settings.insert("snippet_id".to_string(), "S1".to_string());
        assert_eq!(
            *h.state(),
            [
                Command::Mint(MintCommand::SnippetKind(crate::core::snippet::Kind::Python)),
                Command::Window(WindowCommand::Copy {
                    what: "Widget (from the server) snippet".into(),
                    text: real
                }),
                Command::Server(ServerCommand::Start),
                Command::Mint(MintCommand::Settings(settings)),
            ]
        );
    }

    /// The snippet on screen.
    fn code(h: &Harness<'static, App>) -> String {
        h.get_by_label("Snippet code").value().unwrap_or_default()
    }

    fn click(h: &mut Harness<'static, App>, label: &str) {
        h.get_by_label(label).click();
        h.run();
    }

    /// A Connect window with a token, scrolled to the snippets.
    fn at_snippets() -> (Harness<'static, App>, Handles) {
        let (mut h, handles) = connect_with_token();
        click(&mut h, "Show snippets");
        (h, handles)
    }

    #[test]
    fn the_handover_code_fetches_from_the_local_server_for_this_widget() {
        let (h, _) = at_snippets();
        let text = code(&h);
        assert!(text.contains("amazon_connect('authenticate'"), "{text}");
        assert!(
            text.contains("http://127.0.0.1:3000/token?widgetId=widget-1"),
            "{text}"
        );
        assert!(!text.contains(SECRET));
    }

    #[test]
    fn picking_a_kind_shows_it_and_copy_and_save_give_the_same_text() {
        let (mut h, handles) = at_snippets();
        click(&mut h, "Node.js");
        let text = code(&h);
        assert!(text.contains("require(\"jsonwebtoken\")"), "{text}");
        assert!(text.contains("process.env.JWT_SECRET"), "{text}");
        assert!(text.contains("widget-1"), "the form's claims: {text}");
        assert!(!text.contains(SECRET), "never the secret");

        click(&mut h, "Copy snippet");
        assert_eq!(handles.copies.borrow().last(), Some(&text));
        assert!(shows(&h, "Copied Node.js snippet"));

        click(&mut h, "Save snippet…");
        let saved = handles.files.saved().last().cloned().expect("saved");
        assert_eq!(saved, ("snippet".into(), "mint-token.js".into(), text));
        assert!(shows(&h, "Saved the snippet to mint-token.js"));

        click(&mut h, "Python");
        assert!(code(&h).contains("import jwt"), "{}", code(&h));
        assert_eq!(
            h.state().workbench.inputs.snippet_kind,
            crate::core::snippet::Kind::Python
        );
    }

    #[test]
    fn the_inline_form_carries_the_token_on_screen_and_follows_edits() {
        let (mut h, _) = at_snippets();
        click(&mut h, "Widget (this token)");
        assert!(code(&h).contains(&minted_token(&h)));
        type_into(&mut h, "Widget ID", "-b");
        let token = minted_token(&h);
        assert!(code(&h).contains(&token), "a new token, a new snippet");
    }

    #[test]
    fn the_snippet_uses_the_running_servers_port() {
        let (mut h, _) = at_snippets();
        send(&mut h, Command::Server(ServerCommand::Port(0)));
        click(&mut h, "Serve");
        let url = h.state().server.url().expect("serving");
        assert!(code(&h).contains(&format!("{url}/token?widgetId=widget-1")));
        click(&mut h, "Stop server");
    }

    #[test]
    fn page_settings_fill_the_snippet_and_are_saved_with_the_profile() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut profile = crate::store::profiles::Profile::new("Acme", "amazon-connect");
        profile.claims.insert("sub".into(), "widget-1".into());
        let id = profile.id.clone();
        let (mut h, _) = start(Start {
            settings: Settings {
                profile: Some(id),
                ..Settings::default()
            },
            profiles: vec![profile],
            file: Some(dir.path().join("profiles.json")),
            ..Start::default()
        });
        type_into(&mut h, "Secret", SECRET);
        click(&mut h, "Show snippets");
        type_into(&mut h, "Snippet ID", "QVFJREFIacme");
        assert_eq!(
            h.state()
                .workbench
                .form()
                .and_then(|f| f.settings.get("snippet_id"))
                .map(String::as_str),
            Some("QVFJREFIacme")
        );
        click(&mut h, "Save changes");
        let saved = &h.state().workbench.profiles.list[0];
        assert_eq!(
            saved.settings.get("snippet_id").map(String::as_str),
            Some("QVFJREFIacme")
        );
        let on_disk = std::fs::read_to_string(dir.path().join("profiles.json")).expect("saved");
        assert!(on_disk.contains("QVFJREFIacme"));
        assert!(!on_disk.contains(SECRET));
    }

    #[test]
    fn a_preset_without_handover_code_offers_the_samples() {
        let (mut h, _) = with_preset("generic");
        type_into(&mut h, "Secret", SECRET);
        h.run();
        let handover = h.get_by_label("Widget (from the server)");
        assert!(handover.accesskit_node().is_disabled());
        assert!(code(&h).contains("jsonwebtoken"), "{}", code(&h));
    }
}
