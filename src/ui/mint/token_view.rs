//! The live token: three colours, copy buttons, countdown, and what it decodes to.

use eframe::egui::{self, RichText};
use serde_json::{Map, Value};

use crate::core::preset::Preset;
use crate::core::time::{NumericDate, format_utc, relative};
use crate::ui::app::command::{Command, MintCommand, WindowCommand};
use crate::ui::widgets;
use crate::ui::widgets::countdown::CountdownView;
use crate::ui::widgets::findings::findings_ui;
use crate::ui::widgets::json_view::{json_block, token_block};
use crate::ui::workbench::Derived;

/// What the token panel shows.
pub struct TokenView<'a> {
    pub preset: &'a Preset,
    pub derived: &'a Derived,
    pub now: i64,
    pub leeway: i64,
    pub auto_remint: bool,
    pub demo: bool,
    /// Scroll back to the top (demo mode just started: the countdown first).
    pub to_top: bool,
    /// The vendor's key to encrypt the token for, as given.
    pub encrypt: &'a crate::ui::workbench::DecryptInput,
    /// Where that key is kept (in the active profile, not yet…).
    pub encrypt_kept: Option<String>,
}

pub fn ui(ui: &mut egui::Ui, view: &TokenView<'_>, out: &mut Vec<Command>) {
    let TokenView {
        preset,
        derived,
        now,
        demo,
        ..
    } = *view;
    if view.to_top {
        ui.scroll_to_cursor(Some(egui::Align::TOP));
    }
    if preset.is_hash() {
        crate::ui::mint::hash_view::ui(ui, view, out);
        return;
    }
    widgets::theme::heading(ui, "Token");
    problem_ui(ui, derived, "token");
    let Some(m) = &derived.minted else {
        if derived.problem.is_none() {
            ui.label(widgets::theme::note(
                "The token appears here as soon as there is a key and the required claims are filled in.",
            ));
        }
        return;
    };
    let countdown = |large| CountdownView {
        times: &m.times,
        note: m.clock_note.as_deref(),
        now,
        leeway: view.leeway,
        auto_remint: view.auto_remint,
        large,
    };
    if demo {
        // Presenting: the countdown first and large, what is masked said once.
        widgets::countdown::ui(ui, &countdown(true), out);
        ui.add_space(widgets::theme::SECTION_GAP);
    }
    let token_frame = egui::Frame::new()
        .fill(ui.visuals().extreme_bg_color)
        .corner_radius(widgets::theme::FRAME_RADIUS)
        .inner_margin(egui::Margin::same(10));
    token_frame.show(ui, |ui| token_block(ui, "Minted token", &m.shown.token));
    ui.horizontal_wrapped(|ui| {
        if ui
            .add(egui::Button::new("Copy token").shortcut_text("Ctrl+Shift+C"))
            .clicked()
        {
            out.push(Command::Window(WindowCommand::Copy {
                what: "token".into(),
                text: m.token.clone(),
            }));
        }
        if let Some(prefix) = &preset.snippets.token_prefix
            && ui
                .button(format!("Copy as \"{prefix}…\""))
                .on_hover_text(format!(
                    "{} expects the token with this prefix",
                    preset.vendor
                ))
                .clicked()
        {
            out.push(Command::Window(WindowCommand::Copy {
                what: format!("token with \"{}\"", prefix.trim()),
                text: format!("{prefix}{}", m.token),
            }));
        }
        if ui.button("Copy decoded JSON").clicked() {
            out.push(Command::Window(WindowCommand::Copy {
                what: "decoded JSON".into(),
                text: decoded_json(&m.header, &m.payload),
            }));
        }
        if ui
            .button("Show snippets")
            .on_hover_text("The code that hands this token to the widget, and samples that mint it")
            .clicked()
        {
            out.push(Command::Mint(MintCommand::ShowSnippets));
        }
        // Sealed claims (Chaskiq): the JWE's algorithms, nothing signed.
        let algorithm = match (m.header.get("alg"), m.header.get("enc")) {
            (Some(alg), Some(enc)) => format!(
                "encrypted {} + {}, nothing signed",
                alg.as_str().unwrap_or("?"),
                enc.as_str().unwrap_or("?")
            ),
            _ => m.alg.to_string(),
        };
        ui.label(widgets::theme::note(format!(
            "{} bytes · {algorithm}",
            m.token.len()
        )));
    });
    if demo {
        ui.label(widgets::theme::note(
            "Demo mode: the token is cut short and personal data masked on screen; Copy gives the real values.",
        ));
    } else {
        ui.add_space(widgets::theme::SECTION_GAP);
        widgets::countdown::ui(ui, &countdown(false), out);
    }
    // Under the countdown, which stays by the signed token whose exp it follows.
    encryption_ui(ui, view, m, out);
    ui.add_space(widgets::theme::SECTION_GAP);
    json_block(ui, "Header", &m.shown.header);
    ui.add_space(widgets::theme::ROW_GAP);
    json_block(ui, "Payload", &m.shown.payload);
    ui.add_space(widgets::theme::ROW_GAP);
    times_ui(ui, &m.payload, now);
    vendor_checks_ui(ui, m);
}

/// For a vendor that takes the signed token encrypted (LivePerson): its key, and the JWE
/// made for it beside the signed token (the countdown still follows the signed token's exp).
fn encryption_ui(
    ui: &mut egui::Ui,
    view: &TokenView<'_>,
    m: &crate::ui::mint::model::MintedToken,
    out: &mut Vec<Command>,
) {
    use crate::core::preset::{EncryptedInside, EncryptionMode};
    let preset = view.preset;
    let Some(rules) = (preset.encryption.as_ref()).filter(|e| e.inside == EncryptedInside::Jws)
    else {
        return;
    };
    ui.add_space(widgets::theme::SECTION_GAP);
    widgets::theme::heading(ui, &format!("Encrypted for {}", preset.vendor));
    let mode = match rules.mode {
        EncryptionMode::Optional => "optional",
        EncryptionMode::Required => "required",
    };
    ui.label(widgets::theme::note(format!(
        "{} + {} ({mode}). {}",
        rules.alg.name(),
        rules.enc.name(),
        rules.help
    )));
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Encryption key");
        if let Some((path, _)) = &view.encrypt.file {
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            ui.label(RichText::new(format!("Key file: {name}")).monospace());
        } else {
            let mut text = view.encrypt.secret.clone();
            let edit = ui
                .add(
                    egui::TextEdit::singleline(&mut text)
                        .password(true)
                        .hint_text(format!(
                            "{}'s public key: paste the PEM or JWK",
                            preset.vendor
                        ))
                        .desired_width(260.0)
                        .font(egui::TextStyle::Monospace),
                )
                .labelled_by(label.id);
            if edit.changed() {
                out.push(Command::Mint(MintCommand::EncryptSecret(text)));
            }
        }
        if ui.button("Choose encryption key file…").clicked() {
            out.push(Command::Mint(MintCommand::ChooseEncryptKey));
        }
        let given = view.encrypt.file.is_some() || !view.encrypt.secret.is_empty();
        if given && ui.button("Forget encryption key").clicked() {
            out.push(Command::Mint(MintCommand::ForgetEncryptKey));
        }
    });
    if let Some(kept) = &view.encrypt_kept {
        ui.label(widgets::theme::note(kept));
    }
    let pal = widgets::theme::palette(ui);
    match &m.jwe {
        None => {
            ui.label(widgets::theme::note(format!(
                "Give {}'s key to see the signed token encrypted for it.",
                preset.vendor
            )));
        }
        Some(Err(e)) => {
            let r = ui.label(RichText::new(format!("✖ {e}")).color(pal.error));
            widgets::a11y::live(&r, false);
        }
        Some(Ok(sealed)) => {
            let shown = if view.demo {
                crate::core::scan::find::shorten(&sealed.token)
            } else {
                sealed.token.clone()
            };
            egui::Frame::new()
                .fill(ui.visuals().extreme_bg_color)
                .corner_radius(widgets::theme::FRAME_RADIUS)
                .inner_margin(egui::Margin::same(10))
                .show(ui, |ui| token_block(ui, "Encrypted token (JWE)", &shown));
            ui.horizontal_wrapped(|ui| {
                if ui.button("Copy encrypted token").clicked() {
                    out.push(Command::Window(WindowCommand::Copy {
                        what: "encrypted token".into(),
                        text: sealed.token.clone(),
                    }));
                }
                ui.label(widgets::theme::note(format!(
                    "{} bytes · {} · for {} · the signed token above is inside",
                    sealed.token.len(),
                    sealed.algorithms,
                    sealed.key
                )));
            });
        }
    }
}

/// The preset's findings on what was made (a token, an identity hash).
pub fn vendor_checks_ui(ui: &mut egui::Ui, m: &crate::ui::workbench::MintedToken) {
    ui.add_space(widgets::theme::SECTION_GAP);
    ui.label(RichText::new("Vendor checks").strong());
    findings_ui(
        ui,
        &m.findings,
        "Passes every check of this preset",
        &m.shown.hide,
    );
}

/// Why nothing fresh came out, over the last good `what` (a token, a hash) if there is one.
pub fn problem_ui(ui: &mut egui::Ui, derived: &Derived, what: &str) {
    let Some(problem) = &derived.problem else {
        return;
    };
    let pal = widgets::theme::palette(ui);
    let (fill, stroke) = if derived.minted.is_some() {
        (pal.warn_bg, pal.warn)
    } else {
        (pal.error_bg, pal.error)
    };
    widgets::theme::banner(ui, fill, stroke, |ui| {
        let r = ui.label(RichText::new(problem).color(stroke));
        crate::ui::widgets::a11y::live(&r, derived.minted.is_none());
        if derived.stale {
            ui.label(widgets::theme::note(format!(
                "The {what} below is the last good one, from before this change."
            )));
        }
    });
    ui.add_space(widgets::theme::ROW_GAP);
}

/// `{"header": …, "payload": …}`, pretty.
pub fn decoded_json(header: &Map<String, Value>, payload: &Map<String, Value>) -> String {
    let mut both = Map::new();
    both.insert("header".into(), Value::Object(header.clone()));
    both.insert("payload".into(), Value::Object(payload.clone()));
    serde_json::to_string_pretty(&both).unwrap_or_default()
}

/// iat / nbf / exp as UTC, with local time on hover.
pub fn times_ui(ui: &mut egui::Ui, payload: &Map<String, Value>, now: i64) {
    let present: Vec<(&str, &Value)> = ["iat", "nbf", "exp"]
        .into_iter()
        .filter_map(|n| payload.get(n).map(|v| (n, v)))
        .collect();
    if present.is_empty() {
        return;
    }
    egui::Grid::new(ui.next_auto_id())
        .num_columns(3)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for (name, value) in present {
                ui.label(RichText::new(name).monospace().strong());
                match NumericDate::read(value).seconds() {
                    Some(secs) => {
                        let utc = format_utc(secs).unwrap_or_else(|| value.to_string());
                        let r = ui.label(utc);
                        if let Some(local) = crate::ui::local_time(secs) {
                            r.on_hover_text(format!("{local} (local time) · {value}"));
                        }
                        ui.label(widgets::theme::note(relative(secs, now)));
                    }
                    None => {
                        ui.label(format!("{value} (not a time)"));
                        ui.label("");
                    }
                }
                ui.end_row();
            }
        });
}

#[cfg(test)]
mod tests {
    use egui_kittest::kittest::{NodeT, Queryable};

    use crate::ui::app::command::*;
    use crate::ui::mint::token_view::*;
    use crate::ui::testing::*;

    /// The token panel alone over a Connect model with a token (`demo`: presenting).
    fn alone(demo: bool) -> (egui_kittest::Harness<'static, Vec<Command>>, String) {
        let mut workbench = workbench("amazon-connect");
        workbench.set_field("sub", crate::ui::mint::form::FieldValue::Text("w-1".into()));
        workbench.set_demo(demo);
        workbench.refresh(NOW);
        let token = workbench
            .derived
            .minted
            .as_ref()
            .expect("token")
            .token
            .clone();
        let h = panel(move |ui, out| {
            let view = TokenView {
                preset: workbench.preset().expect("preset"),
                derived: &workbench.derived,
                now: NOW + 60,
                leeway: 0,
                auto_remint: false,
                demo,
                to_top: false,
                encrypt: &workbench.inputs.encrypt,
                encrypt_kept: None,
            };
            crate::ui::mint::token_view::ui(ui, &view, out);
        });
        (h, token)
    }

    #[test]
    fn the_panel_alone_shows_the_token_and_asks_for_copies_and_re_mints() {
        let (mut h, token) = alone(false);
        let block = h.get_by_label("Minted token");
        assert_eq!(block.value().as_deref(), Some(token.as_str()));
        assert_eq!(
            block.accesskit_node().role(),
            egui::accesskit::Role::Document
        );
        let header = token.split('.').next().unwrap_or_default();
        assert!(shows_in(&h, &format!("Header part: {header}")));
        assert!(
            h.query_all_by_label_contains("Expires in 7 minutes 20 seconds")
                .next()
                .is_some()
        );
        press_contains(&mut h, "Copy token");
        press(&mut h, "Show snippets");
        press_contains(&mut h, "Re-mint");
        press(&mut h, "Auto re-mint");
        assert_eq!(
            *h.state(),
            [
                Command::Window(WindowCommand::Copy {
                    what: "token".into(),
                    text: token
                }),
                Command::Mint(MintCommand::ShowSnippets),
                Command::Mint(MintCommand::Remint),
                Command::Mint(MintCommand::AutoRemint(true)),
            ]
        );
    }

    #[test]
    fn in_demo_mode_the_screen_shows_the_token_cut_short() {
        let (h, token) = alone(true);
        let shown = h.get_by_label("Minted token").value().unwrap_or_default();
        let payload = token.split('.').nth(1).unwrap_or_default();
        assert!(shown.contains(crate::core::mask::MASK), "{shown}");
        assert!(
            !shown.contains(payload),
            "the payload can't be read: {shown}"
        );
        assert!(shown.len() < token.len(), "{shown}");
    }

    #[test]
    fn copy_puts_the_token_on_the_clipboard_with_a_toast() {
        let (mut h, handles) = connect_with_token();
        let token = minted_token(&h);
        h.get_by_label_contains("Copy token").click();
        h.run();
        assert_eq!(handles.copies.borrow().last(), Some(&token));
        assert!(h.state().toasts.texts().contains(&"Copied token"));
        h.get_by_label("Copy decoded JSON").click();
        h.run();
        let json: serde_json::Value =
            serde_json::from_str(handles.copies.borrow().last().expect("copied")).expect("json");
        assert_eq!(json["payload"]["sub"], "widget-1");
        assert_eq!(json["header"]["alg"], "HS256");
        assert!(
            !handles.copies.borrow().iter().any(|c| c.contains("kJ6n8")),
            "the secret is never copied"
        );
    }

    #[test]
    fn tiledesk_copy_adds_its_prefix() {
        let (mut h, handles) = with_preset("tiledesk");
        type_into(&mut h, "Secret", SECRET);
        type_into(
            &mut h,
            "Audience (project URL)",
            "https://tiledesk.com/projects/p1",
        );
        type_into(&mut h, "User id", "p1_u1");
        h.get_by_label("Copy as \"JWT …\"").click();
        h.run();
        let copied = handles.copies.borrow().last().cloned().unwrap_or_default();
        assert!(copied.starts_with("JWT eyJ"), "{copied}");
    }

    #[test]
    fn countdown_at_a_fixed_clock_and_remint() {
        let (mut h, handles) = connect_with_token();
        assert!(shows(&h, "Expires in 8 minutes 20 seconds"));
        handles.clock.set(NOW + 460);
        h.run();
        assert!(shows(&h, "Expires in 40 seconds"), "under a minute");
        handles.clock.set(NOW + 537);
        h.run();
        assert!(shows(&h, "Expired 37 seconds ago"));
        // Re-mint with Ctrl+R: a fresh iat and exp.
        h.key_press_modifiers(eframe::egui::Modifiers::COMMAND, eframe::egui::Key::R);
        h.run();
        let m = h.state().workbench.derived.minted.clone().expect("token");
        assert_eq!(m.minted_at, NOW + 537);
        assert!(shows(&h, "Expires in 8 minutes 20 seconds"));
        // The button does the same.
        handles.clock.set(NOW + 600);
        h.get_by_label_contains("Re-mint").click();
        h.run();
        assert_eq!(
            h.state()
                .workbench
                .derived
                .minted
                .as_ref()
                .map(|m| m.minted_at),
            Some(NOW + 600)
        );
    }

    #[test]
    fn auto_remint_keeps_a_valid_token() {
        let (mut h, handles) = connect_with_token();
        h.get_by_label("Auto re-mint").click();
        h.run();
        handles.clock.set(NOW + 497);
        h.run();
        let m = h.state().workbench.derived.minted.clone().expect("token");
        assert_eq!(m.minted_at, NOW + 497, "re-minted 3 s before expiry");
    }

    #[test]
    fn kustomer_counts_down_its_fifteen_minutes_after_iat() {
        // Kustomer's token has no exp; Kustomer takes it for 15 minutes after iat.
        let (mut h, handles) = with_preset("kustomer");
        type_into(&mut h, "Secret", SECRET);
        type_into(&mut h, "External id", "customer-42");
        let m = h.state().workbench.derived.minted.clone().expect("token");
        assert!(
            !m.payload.contains_key("exp"),
            "the token itself has no exp"
        );
        assert!(shows(&h, "Expires in 15 minutes"));
        assert!(shows(
            &h,
            "No exp: Kustomer accepts it for 15m after iat; the countdown runs to then."
        ));
        handles.clock.set(m.minted_at + 901);
        h.run();
        assert!(shows(&h, "Expired 1 second ago"));
        // Auto re-mint keeps a token Kustomer still takes.
        h.get_by_label("Auto re-mint").click();
        h.run();
        let again = h.state().workbench.derived.minted.clone().expect("token");
        assert_eq!(again.minted_at, m.minted_at + 901);
        assert!(shows(&h, "Expires in 15 minutes"));
    }
}
