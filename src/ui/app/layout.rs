//! Where the panels go. Everything here reads the state (`&AppState`) and hands each panel
//! the view it shows; what the user does comes back as commands.

use eframe::egui::{self, RichText};

use crate::core::alg::Family;
use crate::ui::app;
use crate::ui::app::command::{Command, ServerCommand, WindowCommand};
use crate::ui::app::dialogs::modal_ui;
use crate::ui::app::state::{AppState, ScrollTarget};
use crate::ui::diff;
use crate::ui::diff::view::DiffPanelView;
use crate::ui::history;
use crate::ui::history::view::HistoryView;
use crate::ui::inspect;
use crate::ui::inspect::view::InspectPanelView;
use crate::ui::keys;
use crate::ui::keys::keyset_view::KeySetView;
use crate::ui::keys::view::KeyView;
use crate::ui::mint;
use crate::ui::mint::claims::FormView;
use crate::ui::mint::preset_list::PresetListView;
use crate::ui::mint::snippets::SnippetView;
use crate::ui::mint::token_view::TokenView;
use crate::ui::profiles;
use crate::ui::profiles::bar::ProfileBarView;
use crate::ui::profiles::view::ProfilesView;
use crate::ui::scan;
use crate::ui::scan::view::ScanPanelView;
use crate::ui::server::view::server_ui;
use crate::ui::widgets;
use crate::ui::widgets::split::{Sizes, columns};
use crate::ui::workbench::Mode;

pub fn window_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let ctx = ui.ctx().clone();
    // Behind a dialog nothing can be reached: not by the mouse (egui's modal), not by the
    // keyboard or assistive technology either.
    if state.modal.is_some() {
        ui.disable();
    }
    egui::Panel::top("top-bar")
        .frame(widgets::theme::side_panel(ui.style()))
        .show(ui, |ui| top_bar(ui, state, cmds));
    if state.server.visible() {
        egui::Panel::bottom("server")
            .frame(widgets::theme::side_panel(ui.style()))
            .resizable(false)
            .show(ui, |ui| {
                ui.add_space(4.0);
                let mask = state
                    .workbench
                    .inputs
                    .demo
                    .then(|| state.workbench.preset());
                server_ui(ui, &state.server, mask, cmds);
                ui.add_space(4.0);
            });
    }
    // Presenting: no profile or vendor lists (customer names), more room for the token.
    if !state.workbench.inputs.demo {
        sidebar(ui, state, cmds);
    }
    let workbench = &state.workbench;
    match workbench.inputs.mode {
        Mode::Mint => mint_ui(ui, state, cmds),
        Mode::Inspect => inspect_ui(ui, state, cmds),
        Mode::History => {
            let view = HistoryView {
                state: &state.history,
                presets: &workbench.presets,
                demo: workbench.inputs.demo,
            };
            central_fixed(ui, |ui| history::view::ui(ui, &view, cmds));
        }
        Mode::Diff => {
            let view = DiffPanelView {
                a: &workbench.inputs.diff_a,
                b: &workbench.inputs.diff_b,
                view: workbench.derived.diff.as_ref(),
                demo: workbench.inputs.demo,
            };
            central_fixed(ui, |ui| diff::view::ui(ui, &view, cmds));
        }
        Mode::Scan => {
            let view = ScanPanelView { scan: &state.scan };
            central_fixed(ui, |ui| scan::view::ui(ui, &view, cmds));
        }
    }
    state.toasts.ui(&ctx);
    if let Some(modal) = &state.modal {
        modal_ui(&ctx, modal, state.busy(), cmds);
    }
}

fn top_bar(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let inputs = &state.workbench.inputs;
    ui.horizontal(|ui| {
        ui.label(RichText::new("tokenbench").size(18.0).strong());
        ui.separator();
        for (mode, text, key) in Mode::ALL {
            if ui
                .add(egui::Button::selectable(inputs.mode == mode, text))
                .on_hover_text(format!("{text} mode ({key})"))
                .clicked()
            {
                cmds.push(Command::Window(WindowCommand::SetMode(mode)));
            }
        }
        ui.separator();
        serve_button(ui, state, cmds);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let help = ui
                .button("?")
                .on_hover_text("Keyboard shortcuts (F1)");
            widgets::a11y::name(&help, "Keyboard shortcuts");
            if help.clicked() {
                cmds.push(Command::Window(WindowCommand::ShowHelp));
            }
            theme_buttons(ui, state.theme, cmds);
            let demo = inputs.demo;
            if ui
                .add(egui::Button::selectable(demo, "Demo mode"))
                .on_hover_text(
                    "For presenting: large type, the secret and personal data masked in every view (Ctrl+D)",
                )
                .clicked()
            {
                cmds.push(Command::Window(WindowCommand::SetDemo(!demo)));
            }
            let zoom = format!("{:.0}%", ui.ctx().zoom_factor() * 100.0);
            let r = ui
                .label(widgets::theme::note(&zoom))
                .on_hover_text("Zoom: Ctrl+= / Ctrl+- / Ctrl+0");
            widgets::a11y::name(&r, &format!("Zoom {zoom}"));
            // Only where it fits: a narrow (or zoomed) window keeps the buttons on the left.
            if let Some(p) = state.workbench.preset().filter(|_| ui.available_width() > 260.0) {
                for doc in p.docs.iter().take(1) {
                    ui.hyperlink_to(format!("{} docs", p.vendor), &doc.url)
                        .on_hover_text(&doc.title);
                }
            }
        });
    });
}

/// System, dark or light theme: icons on screen, words for screen readers.
fn theme_buttons(ui: &mut egui::Ui, current: egui::ThemePreference, cmds: &mut Vec<Command>) {
    use egui::ThemePreference as T;
    // Right to left: the last is leftmost.
    for (theme, icon, name) in [
        (T::Light, "☀", "Light theme"),
        (T::Dark, "🌙", "Dark theme"),
        (T::System, "💻", "Follow the system theme"),
    ] {
        let r = ui
            .add(egui::Button::selectable(current == theme, icon))
            .on_hover_text(name);
        widgets::a11y::name(&r, name);
        if r.clicked() && current != theme {
            cmds.push(Command::Window(WindowCommand::SetTheme(theme)));
        }
    }
}

/// Serve / Stop, and the port while stopped.
fn serve_button(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let server = &state.server;
    if server.is_running() {
        if ui
            .add(egui::Button::selectable(true, "Stop serving"))
            .on_hover_text("Stop the local token server")
            .clicked()
        {
            cmds.push(Command::Server(ServerCommand::Stop));
        }
        return;
    }
    let ready = state.workbench.preset().is_some();
    let serve = ui
        .add_enabled(ready, egui::Button::new("▶ Serve"))
        .on_hover_text(format!(
            "Serve fresh tokens, the public key and a demo page on http://127.0.0.1:{}/",
            server.port
        ))
        .on_disabled_hover_text("Choose a vendor first");
    widgets::a11y::name(&serve, "Serve");
    if serve.clicked() {
        cmds.push(Command::Server(ServerCommand::Start));
    }
    let label = ui.label(widgets::theme::note("port"));
    let mut port = server.port;
    if ui
        .add(egui::DragValue::new(&mut port).range(0..=65535).speed(0.0))
        .labelled_by(label.id)
        .on_hover_text("The port on 127.0.0.1 (0: any free port)")
        .changed()
    {
        cmds.push(Command::Server(ServerCommand::Port(port)));
    }
}

/// The profiles and vendor lists on the left.
fn sidebar(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let workbench = &state.workbench;
    egui::Panel::left("presets")
        .frame(widgets::theme::side_panel(ui.style()))
        .resizable(true)
        .default_size(250.0)
        .size_range(180.0..=420.0)
        .show(ui, |ui| {
            let view = ProfilesView {
                profiles: &workbench.profiles,
                presets: &workbench.presets,
                has_preset: workbench.preset().is_some(),
            };
            profiles::view::ui(ui, &view, cmds);
            ui.separator();
            let view = PresetListView {
                presets: &workbench.presets,
                filter: &workbench.inputs.preset_filter,
                selected: workbench.inputs.preset_id.as_deref(),
            };
            mint::preset_list::ui(ui, &view, cmds);
        });
}

fn mint_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let workbench = &state.workbench;
    let Some(preset) = workbench.preset() else {
        central(ui, |ui| {
            app::welcome::welcome_ui(
                ui,
                &workbench.presets,
                &workbench.inputs.preset_filter,
                cmds,
            );
        });
        return;
    };
    if preset.is_issued() {
        central(ui, |ui| mint::issued_view::ui(ui, preset, cmds));
        return;
    }
    let inputs = &workbench.inputs;
    let sizes = Sizes {
        share: 0.48,
        least: 360.0,
        min: 320.0,
        max_share: 0.7,
    };
    let form = |ui: &mut egui::Ui, cmds: &mut Vec<Command>| {
        let view = ProfileBarView {
            active: workbench.active_profile(),
            changed: workbench.profile_changed(),
            notice: workbench.profiles.notice.as_deref(),
            unreadable: workbench.profiles.unreadable.as_deref(),
            busy: state.busy(),
        };
        profiles::bar::ui(ui, &view, cmds);
        ui.label(RichText::new(&preset.name).size(20.0).strong());
        if !preset.description.is_empty() {
            ui.label(widgets::theme::note(&preset.description));
        }
        ui.add_space(widgets::theme::SECTION_GAP);
        let profile = workbench.active_profile();
        let view = KeyView {
            preset,
            key: &inputs.key,
            state: &workbench.derived.key,
            keyring: &workbench.keyring,
            profile: profile.map(|p| (p, &workbench.profiles.secret)),
            demo: inputs.demo,
        };
        keys::view::ui(ui, &view, cmds);
        ui.add_space(widgets::theme::SECTION_GAP);
        // Published keys only mean something for vendors that take key pairs.
        let pairs = (preset.algorithms().iter()).any(|a| a.family() != Family::Hmac);
        if pairs || !inputs.key.url.is_empty() {
            keys::keyset_view::ui(ui, &KeySetView { key: &inputs.key }, cmds);
            ui.add_space(widgets::theme::SECTION_GAP);
        }
        ui.separator();
        if let Some(form) = workbench.form() {
            let view = FormView {
                preset,
                editor: inputs.editor,
                form,
                raw_header: &inputs.raw_header,
                raw_payload: &inputs.raw_payload,
                derived: &workbench.derived,
                demo: inputs.demo,
            };
            mint::claims::ui(ui, &view, cmds);
        }
    };
    let token = |ui: &mut egui::Ui, cmds: &mut Vec<Command>| {
        let view = TokenView {
            preset,
            derived: &workbench.derived,
            now: state.now,
            leeway: inputs.leeway,
            auto_remint: inputs.auto_remint,
            demo: inputs.demo,
            to_top: state.scroll_to == Some(ScrollTarget::TokenTop),
            encrypt: &inputs.encrypt,
            encrypt_kept: workbench.encryption_kept_note(),
        };
        mint::token_view::ui(ui, &view, cmds);
        ui.add_space(widgets::theme::SECTION_GAP);
        ui.separator();
        let view = SnippetView {
            preset,
            kind: inputs.snippet_kind,
            snippet: workbench.derived.snippet.as_ref(),
            minted: workbench.derived.minted.as_ref(),
            settings: workbench.form().map(|f| &f.settings),
            server_url: &inputs.server_url,
            server_running: state.server.is_running(),
            demo: inputs.demo,
            jump: state.scroll_to == Some(ScrollTarget::Snippets),
        };
        mint::snippets::ui(ui, &view, cmds);
    };
    columns(ui, "mint-columns", &sizes, cmds, form, token);
}

fn inspect_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let workbench = &state.workbench;
    let sizes = Sizes {
        share: 0.4,
        least: 320.0,
        min: 280.0,
        max_share: 0.6,
    };
    let paste = |ui: &mut egui::Ui, cmds: &mut Vec<Command>| {
        let view = InspectPanelView {
            text: &workbench.inputs.inspect_text,
            view: workbench.derived.inspect.as_ref(),
            hash: workbench.derived.hash.as_ref(),
            presets: &workbench.presets,
            current: workbench.inputs.preset_id.as_deref(),
            profiles_with_keys: workbench.profiles.with_keys().count(),
            signers: workbench.derived.signers.as_ref(),
            demo: workbench.inputs.demo,
            now: state.now,
            key: &workbench.inputs.key,
            decrypt: &workbench.inputs.decrypt,
        };
        inspect::view::ui(ui, &view, cmds);
    };
    let verdict = |ui: &mut egui::Ui, cmds: &mut Vec<Command>| {
        let answer = workbench.derived.answer.as_ref();
        inspect::answer::ui(ui, &workbench.inputs.widget_answer, answer, cmds);
        ui.add_space(widgets::theme::SECTION_GAP);
        let highlight = answer.map_or(&[][..], |a| a.highlight.as_slice());
        inspect::view::verdict_ui(
            ui,
            workbench.derived.inspect.as_ref(),
            workbench.preset(),
            highlight,
        );
    };
    columns(ui, "inspect-columns", &sizes, cmds, paste, verdict);
}

/// The central panel; the panel scrolls what it needs to itself (long lists).
fn central_fixed(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui)) {
    egui::CentralPanel::default_margins()
        .frame(widgets::theme::central_panel(ui.style()))
        .show(ui, add);
}

/// The central panel; its content scrolls.
fn central(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui)) {
    egui::CentralPanel::default_margins()
        .frame(widgets::theme::central_panel(ui.style()))
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, add);
        });
}
