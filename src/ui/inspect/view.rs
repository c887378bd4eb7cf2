//! Inspect mode: paste any token, see it decoded, its time status, its signature checked
//! against the current key, and the preset's verdict as a checklist.

use eframe::egui::{self, RichText};

use crate::core::finding::Part;
use crate::core::preset::{Preset, Presets};
use crate::core::report::Verdict;
use crate::ui::app::command::{Command, InspectCommand, MintCommand, WindowCommand};
use crate::ui::mint::token_view::{decoded_json, times_ui};
use crate::ui::widgets;
use crate::ui::widgets::findings::checklist_ui;
use crate::ui::widgets::json_view::{json_block, token_block};
use crate::ui::workbench::{InspectView, Signers};

/// The paste box shows this many lines at most; longer text scrolls inside it.
const PASTE_ROWS: usize = 6;

/// What the inspect panel shows.
pub struct InspectPanelView<'a> {
    pub text: &'a str,
    pub view: Option<&'a InspectView>,
    /// A pasted identity hash, rather than a token.
    pub hash: Option<&'a crate::ui::workbench::HashInspect>,
    pub presets: &'a Presets,
    /// The preset chosen on the left, if any.
    pub current: Option<&'a str>,
    /// How many profiles have a stored key, and which of them verified the token.
    pub profiles_with_keys: usize,
    pub signers: Option<&'a Signers>,
    /// Demo mode: the token cut short, personal values masked.
    pub demo: bool,
    pub now: i64,
    /// The keys by URL (shown under the paste box: verifying is what they are for).
    pub key: &'a crate::ui::workbench::KeyInput,
    /// The key that opens encrypted tokens.
    pub decrypt: &'a crate::ui::workbench::DecryptInput,
}

/// VALID, NOT VERIFIED (no key), EXPIRED, …: the verdict the core gives, coloured.
pub fn status_badge(ui: &mut egui::Ui, verdict: Verdict) {
    let pal = widgets::theme::palette(ui);
    let color = match verdict {
        Verdict::Valid => pal.ok,
        Verdict::NotVerified | Verdict::NotYetValid => pal.warn,
        Verdict::Expired | Verdict::Invalid => pal.error,
    };
    widgets::theme::badge(ui, verdict.label(), color);
}

/// The paste area and the decoded token.
pub fn ui(ui: &mut egui::Ui, panel: &InspectPanelView<'_>, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        widgets::theme::heading(ui, "Inspect a token");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .add_enabled(!panel.text.is_empty(), egui::Button::new("Clear"))
                .clicked()
            {
                out.push(Command::Inspect(InspectCommand::Clear));
            }
        });
    });
    paste_ui(ui, panel, out);
    ui.add_space(widgets::theme::ROW_GAP);
    crate::ui::keys::keyset_view::ui(
        ui,
        &crate::ui::keys::keyset_view::KeySetView { key: panel.key },
        out,
    );
    if let Some(h) = panel.hash {
        let view = crate::ui::inspect::hash_view::HashPanelView {
            view: h,
            presets: panel.presets,
            profiles_with_keys: panel.profiles_with_keys,
            signers: panel.signers,
            demo: panel.demo,
        };
        crate::ui::inspect::hash_view::ui(ui, &view, out);
        return;
    }
    let Some(v) = panel.view else {
        ui.add_space(widgets::theme::SECTION_GAP);
        ui.label(widgets::theme::note(
            "tokenbench decodes what it can, checks the times and the chosen vendor's rules, and verifies the signature with the keys published at the URL above, or else the key from Mint mode.",
        ));
        return;
    };
    if let Some(state) = &v.jwe {
        ui.add_space(widgets::theme::ROW_GAP);
        let jwe = crate::ui::inspect::jwe_view::JwePanelView {
            state,
            input: panel.decrypt,
            demo: panel.demo,
        };
        crate::ui::inspect::jwe_view::ui(ui, &jwe, out);
    }
    for cleanup in &v.decoded.cleanups {
        ui.label(widgets::theme::note(format!(
            "Note: {}.",
            cleanup.describe()
        )));
    }
    ui.add_space(widgets::theme::ROW_GAP);
    verdict_line_ui(ui, v);
    signers_ui(
        ui,
        panel.signers,
        panel.profiles_with_keys,
        &TOKEN_SIGNERS,
        out,
    );
    if let Some(s) = &v.suggested
        && panel.current != Some(s.as_str())
        && let Some(p) = panel.presets.get(s)
    {
        let pal = widgets::theme::palette(ui);
        widgets::theme::banner(ui, pal.ok_bg, pal.info, |ui| {
            ui.horizontal_wrapped(|ui| {
                let article = if p.name.starts_with(['A', 'E', 'I', 'O', 'U']) {
                    "an"
                } else {
                    "a"
                };
                ui.label(format!("This looks like {article} {} token.", p.name));
                if ui.button(format!("Check against {}", p.vendor)).clicked() {
                    out.push(Command::Mint(MintCommand::SelectPreset(s.clone())));
                }
            });
        });
    }
    ui.add_space(widgets::theme::ROW_GAP);
    decoded_ui(ui, v, panel, out);
}

/// The text box: a bounded height, scrolling inside for long pastes (an 84 KB token keeps the
/// decoded view in sight and costs no more per frame than a short one).
fn paste_ui(ui: &mut egui::Ui, panel: &InspectPanelView<'_>, out: &mut Vec<Command>) {
    let label = ui.label("Token to inspect");
    let row = ui.text_style_height(&egui::TextStyle::Monospace);
    #[allow(clippy::cast_precision_loss)]
    let max = row * PASTE_ROWS as f32 + 12.0;
    egui::ScrollArea::vertical()
        .id_salt("inspect-paste")
        .max_height(max)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            let mut text = panel.text.to_string();
            let edit = ui
                .add(
                    egui::TextEdit::multiline(&mut text)
                        .hint_text("Paste a token here, or press Ctrl+V anywhere. Quotes, \"Bearer \" and line breaks are fine.")
                        .font(egui::TextStyle::Monospace)
                        .password(panel.demo)
                        .desired_rows(4)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            if edit.changed() {
                out.push(Command::Inspect(InspectCommand::Text(text)));
            }
        });
}

/// VALID / EXPIRED, the time verdict, and the signature.
fn verdict_line_ui(ui: &mut egui::Ui, v: &InspectView) {
    let pal = widgets::theme::palette(ui);
    let verdict = Verdict::of(v.status, v.proven());
    ui.horizontal_wrapped(|ui| {
        status_badge(ui, verdict);
        let r = ui.label(RichText::new(&v.summary).strong());
        // The verdict, said when a token is pasted (or the key changes it).
        let sig = match (&v.signature, v.proven()) {
            (Some(s), _) if s.valid => "the signature verifies",
            (Some(_), _) => "the signature does not verify",
            (None, Some(true)) => {
                "nothing is signed; decrypting with the shared key authenticates it"
            }
            (None, _) => "the signature is not checked",
        };
        crate::ui::widgets::a11y::name(&r, &format!("{}: {}; {sig}", verdict.word(), v.summary));
        crate::ui::widgets::a11y::live(&r, false);
        if let Some(sig) = &v.signature {
            let (t, c) = if sig.valid {
                (
                    format!(
                        "✔ signature verifies ({})",
                        sig.alg.map_or("?", |a| a.name())
                    ),
                    pal.ok,
                )
            } else {
                ("✖ signature does not verify".to_string(), pal.error)
            };
            ui.label(RichText::new(t).color(c));
        } else if v.proven() == Some(true) {
            ui.label(
                RichText::new("✔ authenticated by decryption with the shared key").color(pal.ok),
            );
        } else {
            ui.label(widgets::theme::note("signature not checked (no key)"));
        }
    });
}

/// What the "Check every profile" row says: of a token's signers, or a hash's makers.
pub struct SignerWords {
    pub hover: &'static str,
    pub found: &'static str,
    pub none_tried: &'static str,
    /// "None of the {n} …": the rest of the sentence.
    pub none_matched: &'static str,
}

pub const TOKEN_SIGNERS: SignerWords = SignerWords {
    hover: "Try the key of every saved profile: which one signed this token?",
    found: "Signed by",
    none_tried: "No stored key fits this token's algorithm.",
    none_matched: "stored keys that fit signed it",
};

/// "Check every profile" and which stored profile signed (or made) what was pasted.
pub fn signers_ui(
    ui: &mut egui::Ui,
    signers: Option<&Signers>,
    profiles_with_keys: usize,
    words: &SignerWords,
    out: &mut Vec<Command>,
) {
    let pal = widgets::theme::palette(ui);
    ui.horizontal_wrapped(|ui| {
        if ui
            .add_enabled(
                profiles_with_keys > 0,
                egui::Button::new("Check every profile"),
            )
            .on_hover_text(words.hover)
            .on_disabled_hover_text("No profile has a stored key yet")
            .clicked()
        {
            out.push(Command::Inspect(InspectCommand::CheckProfiles));
        }
        match signers {
            Some(s) if !s.signed_by.is_empty() => {
                ui.label(
                    RichText::new(format!("✔ {} {}", words.found, s.signed_by.join(", ")))
                        .color(pal.ok),
                );
            }
            Some(s) if s.tried == 0 => {
                ui.label(widgets::theme::note(words.none_tried));
            }
            Some(s) => {
                ui.label(
                    RichText::new(format!("✖ None of the {} {}", s.tried, words.none_matched))
                        .color(pal.error),
                );
            }
            None => {}
        }
    });
}

/// The token in colour, then its header and payload (or why they can't be read), the times.
fn decoded_ui(
    ui: &mut egui::Ui,
    v: &InspectView,
    panel: &InspectPanelView<'_>,
    out: &mut Vec<Command>,
) {
    let pal = widgets::theme::palette(ui);
    if !v.decoded.compact.is_empty() {
        egui::Frame::new()
            .fill(ui.visuals().extreme_bg_color)
            .corner_radius(widgets::theme::FRAME_RADIUS)
            .inner_margin(egui::Margin::same(10))
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("inspect-token")
                    .max_height(ui.text_style_height(&egui::TextStyle::Monospace) * 8.0)
                    .auto_shrink([false, true])
                    .show(ui, |ui| token_block(ui, "Inspected token", &v.shown.token));
            });
    }
    ui.add_space(widgets::theme::ROW_GAP);
    for (part, title, segment, shown) in [
        (Part::Header, "Header", &v.decoded.header, &v.shown.header),
        (
            Part::Payload,
            "Payload",
            &v.decoded.payload,
            &v.shown.payload,
        ),
    ] {
        if segment.object.is_some() {
            json_block(ui, title, shown);
        } else if let Some(jwe) = v.jwe.as_ref().filter(|j| !j.holds_jws()) {
            ui.label(RichText::new(title).strong());
            let why = if jwe.opened.decrypted {
                "None: what the encrypted token holds is not a signed token."
            } else {
                "Encrypted: give the decryption key above to read it."
            };
            ui.label(widgets::theme::note(why));
        } else {
            ui.label(RichText::new(title).strong());
            for f in v
                .decoded
                .problems
                .iter()
                .filter(|f| f.part == part || (f.part == Part::Token && part == Part::Header))
            {
                ui.label(RichText::new(format!("✖ {}", f.message)).color(pal.error));
            }
            if let Some(t) = segment.text.as_ref().filter(|_| !panel.demo) {
                ui.label(widgets::theme::note(format!("Decoded text: {t}")));
            }
        }
        ui.add_space(widgets::theme::ROW_GAP);
    }
    if let Some(payload) = &v.decoded.payload.object {
        times_ui(ui, payload, panel.now);
        if let Some(header) = &v.decoded.header.object
            && ui.button("Copy decoded JSON").clicked()
        {
            out.push(Command::Window(WindowCommand::Copy {
                what: "decoded JSON".into(),
                text: decoded_json(header, payload),
            }));
        }
    }
}

/// The right-hand verdict: the chosen vendor's rules as a checklist.
pub fn verdict_ui(
    ui: &mut egui::Ui,
    view: Option<&InspectView>,
    preset: Option<&Preset>,
    highlight: &[bool],
) {
    widgets::theme::heading(ui, "Would the widget accept it?");
    match preset {
        Some(p) => ui.label(widgets::theme::note(format!("Checked against {}.", p.name))),
        None => ui.label(widgets::theme::note(
            "No vendor chosen: only the JWT rules are checked. Pick a vendor on the left.",
        )),
    };
    ui.add_space(widgets::theme::ROW_GAP);
    match view {
        Some(v) => checklist_ui(ui, &v.checklist, &v.shown.hide, highlight),
        None if preset.is_some_and(Preset::is_hash) => {
            ui.label(widgets::theme::note(
                "Paste the identity hash: it is checked with the visitor's fields and the secret from Mint mode.",
            ));
        }
        None => {
            ui.label(widgets::theme::note("Paste a token to see the checklist."));
        }
    }
}

#[cfg(test)]
mod tests {
    use egui_kittest::kittest::{NodeT, Queryable};

    use crate::core::report::Status;
    use crate::ui::app::command::*;
    use crate::ui::inspect::view::{InspectPanelView, verdict_ui};
    use crate::ui::testing::*;
    use crate::ui::workbench::Mode;

    #[test]
    fn the_panel_alone_shows_the_verdict_and_asks_for_what_is_clicked() {
        let mut workbench = workbench("amazon-connect");
        workbench.set_inspect_text(TILEDESK_SHAPED.into());
        workbench.refresh(NOW);
        let mut h = panel(move |ui, out| {
            let view = InspectPanelView {
                text: &workbench.inputs.inspect_text,
                view: workbench.derived.inspect.as_ref(),
                hash: None,
                presets: &workbench.presets,
                current: workbench.inputs.preset_id.as_deref(),
                profiles_with_keys: 2,
                signers: None,
                demo: false,
                now: NOW,
                key: &workbench.inputs.key,
                decrypt: &workbench.inputs.decrypt,
            };
            crate::ui::inspect::view::ui(ui, &view, out);
            verdict_ui(
                ui,
                workbench.derived.inspect.as_ref(),
                workbench.preset(),
                &[],
            );
        });
        assert!(
            h.query_by_label("INVALID").is_some(),
            "the key doesn't sign it"
        );
        let verdict = h.get_by_label_contains("Invalid: expired");
        assert_eq!(
            verdict.accesskit_node().data().live(),
            Some(eframe::egui::accesskit::Live::Polite),
            "the verdict is announced"
        );
        assert!(shows_in(&h, "signature does not verify"));
        assert!(shows_in(&h, "expired"));
        assert!(h.query_by_label("Payload JSON").is_some());
        assert!(h.query_by_label("Would the widget accept it?").is_some());
        press_contains(&mut h, "Check against Tiledesk");
        press(&mut h, "Check every profile");
        press(&mut h, "Clear");
        assert_eq!(
            *h.state(),
            [
                Command::Mint(MintCommand::SelectPreset("tiledesk".into())),
                Command::Inspect(InspectCommand::CheckProfiles),
                Command::Inspect(InspectCommand::Clear)
            ]
        );
    }

    #[test]
    fn an_84_kb_token_keeps_the_paste_box_small_and_the_decoded_view_in_sight() {
        let (mut h, _) = harness(crate::ui::app::state::Settings {
            mode: Mode::Inspect,
            ..crate::ui::app::state::Settings::default()
        });
        let attributes: serde_json::Map<String, serde_json::Value> = (0..1400)
            .map(|i| {
                (
                    format!("attribute{i:04}"),
                    format!("value-{i:04}-xxxxxxxxxxxxxxxx").into(),
                )
            })
            .collect();
        let payload = serde_json::json!({"sub": "w-1", "exp": NOW + 600, "attributes": attributes});
        let b64 = |b: &[u8]| crate::core::b64::encode(b);
        let token = format!(
            "{}.{}.c2ln",
            b64(br#"{"alg":"HS256"}"#),
            b64(payload.to_string().as_bytes())
        );
        assert!(token.len() > 80_000, "{}", token.len());
        h.event(eframe::egui::Event::Paste(token.clone()));
        h.run();
        assert_eq!(
            h.state().workbench.inputs.inspect_text,
            token,
            "nothing lost"
        );
        // The text scrolls inside its box: what follows it (the key-URL row, then the
        // verdict) starts right below.
        let verdict = h.get_by_label("Check every profile").rect();
        assert!(verdict.top() < 300.0, "the box stays small: {verdict:?}");
        let payload = h.get_by_label("Payload JSON").rect();
        assert!(
            payload.top() < 700.0,
            "the decoded view is in sight: {payload:?}"
        );
    }

    const TILEDESK_SHAPED: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyZXh0ZXJuYWwiLCJfaWQiOiJwMV91MSIsImF1ZCI6Imh0dHBzOi8vdGlsZWRlc2suY29tL3Byb2plY3RzL3AxIiwicm9sZSI6Im93bmVyIiwiZXhwIjoxNzAwMDAwMDAwfQ.c2ln";

    #[test]
    fn ctrl_v_anywhere_inspects_the_pasted_token() {
        let (mut h, _) = with_preset("amazon-connect");
        h.event(eframe::egui::Event::Paste(format!(
            "Bearer {TILEDESK_SHAPED}\n"
        )));
        h.run();
        assert_eq!(h.state().workbench.inputs.mode, Mode::Inspect);
        let v = inspected(&h);
        assert_eq!(v.decoded.compact, TILEDESK_SHAPED);
        assert!(shows(&h, "removed the \"Bearer\" prefix"));
        assert!(shows(&h, "EXPIRED"));
        // Connect is chosen, but the claims are Tiledesk's: say so, and switch on request.
        h.get_by_label_contains("Check against Tiledesk").click();
        h.run();
        assert_eq!(
            h.state().workbench.inputs.preset_id.as_deref(),
            Some("tiledesk")
        );
        assert!(shows(&h, "Checked against Tiledesk"));
        assert!(shows(&h, "role \"owner\""), "the dangerous role is listed");
    }

    #[test]
    fn a_malformed_token_shows_what_decoded_and_keeps_the_text() {
        let (mut h, _) = harness(crate::ui::app::state::Settings {
            mode: Mode::Inspect,
            ..crate::ui::app::state::Settings::default()
        });
        let pasted = "eyJhbGciOiJIUzI1NiJ9.not*base64.sig";
        type_into(&mut h, "Token to inspect", pasted);
        let v = inspected(&h);
        assert_eq!(v.status, Status::Invalid);
        assert!(
            v.decoded.header.object.is_some(),
            "the header still decodes"
        );
        assert!(shows(&h, "The payload is not valid base64url"));
        assert!(shows(&h, "Header JSON"), "the decoded header is shown");
        assert_eq!(
            h.state().workbench.inputs.inspect_text,
            pasted,
            "nothing typed is lost"
        );
        h.get_by_label("Clear").click();
        h.run();
        assert!(h.state().workbench.derived.inspect.is_none());
    }

    #[test]
    fn a_minted_token_passes_its_own_checklist() {
        let (mut h, _) = connect_with_token();
        let token = minted_token(&h);
        inspect_in_window(&mut h, &token);
        let v = inspected(&h);
        assert_eq!(v.status, Status::Valid);
        assert_eq!(v.signature.as_ref().map(|s| s.valid), Some(true));
        assert!(shows(&h, "Signature verifies (HS256"));
        assert!(shows(&h, "Lifetime at most 10m"));
        assert!(
            v.checklist
                .iter()
                .all(|i| i.state == crate::core::report::CheckState::Pass),
            "{:#?}",
            v.checklist
        );
    }

    #[test]
    fn check_every_profile_names_the_one_that_signed() {
        use crate::store::profiles::Profile;
        // Mint a token with SECRET, then look for its signer among saved profiles.
        let (h, _) = connect_with_token();
        let token = minted_token(&h);
        let keyring = TestKeyring::default();
        let mut right = Profile::new("Connect prod", "amazon-connect");
        right.has_secret = true;
        keyring.put(&right.id, SECRET);
        let mut wrong = Profile::new("Connect staging", "amazon-connect");
        wrong.has_secret = true;
        keyring.put(&wrong.id, "a-different-secret-that-is-long-enough!");
        let (mut h, _) = start(Start {
            settings: crate::ui::app::state::Settings {
                mode: Mode::Inspect,
                ..Default::default()
            },
            profiles: vec![wrong, right, Profile::new("no key", "amazon-connect")],
            keyring,
            ..Start::default()
        });
        type_into(&mut h, "Token to inspect", &token);
        h.get_by_label("Check every profile").click();
        h.run();
        assert!(shows(&h, "Signed by Connect prod"), "the signer is named");
        let signers = h
            .state()
            .workbench
            .derived
            .signers
            .clone()
            .expect("checked");
        assert_eq!(signers.tried, 2, "only profiles with a key are tried");

        // A different token forgets the answer.
        type_into(&mut h, "Token to inspect", "x");
        assert!(!shows(&h, "Signed by"));
    }

    #[test]
    fn a_kustomer_token_past_its_fifteen_minutes_is_expired() {
        let (mut h, handles) = with_preset("kustomer");
        type_into(&mut h, "Secret", SECRET);
        type_into(&mut h, "External id", "customer-42");
        let token = minted_token(&h);
        handles.clock.set(NOW + 20 * 60);
        inspect_in_window(&mut h, &token);
        let v = inspected(&h);
        assert_eq!(v.status, Status::Expired);
        assert!(shows(&h, "EXPIRED"));
        assert!(shows(&h, "expired 5m ago"), "15 minutes after iat");
        let time = v.checklist.iter().find(|i| i.label.starts_with("Time"));
        let time = time.expect("a time line");
        assert_eq!(time.state, crate::core::report::CheckState::Fail);
        assert!(time.findings.iter().any(|f| f.rule == "too-old"));
    }

    /// Switches the whole window to Inspect and pastes `token` into it.
    fn inspect_in_window(h: &mut egui_kittest::Harness<'static, App>, token: &str) {
        h.get_by_label("Inspect").click();
        h.run();
        type_into(h, "Token to inspect", token);
    }

    /// What Inspect made of the pasted text.
    fn inspected<'h>(
        h: &'h egui_kittest::Harness<'static, App>,
    ) -> &'h crate::ui::inspect::model::InspectView {
        h.state()
            .workbench
            .derived
            .inspect
            .as_ref()
            .expect("inspected")
    }
}
