//! The local token server's panel: the URL and a live request log.

use eframe::egui::{self, RichText};

use crate::core::mask::mask_payload;
use crate::core::preset::Preset;
use crate::core::time::format_rfc3339;
use crate::ui::app::command::{Command, ServerCommand, WindowCommand};
use crate::ui::server::state::ServerState;
use crate::ui::widgets;

/// Points between log rows.
const LOG_ROW_GAP: f32 = 2.0;

/// The bottom panel: where the server is, and what it answered. In demo mode (`mask` is
/// `Some`, with the vendor's preset when there is one) personal claim values are masked.
pub fn server_ui(
    ui: &mut egui::Ui,
    state: &ServerState,
    mask: Option<Option<&Preset>>,
    out: &mut Vec<Command>,
) {
    let pal = widgets::theme::palette(ui);
    ui.horizontal_wrapped(|ui| {
        match state.url() {
            Some(url) => {
                let (dot, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                ui.painter().circle_filled(dot.center(), 4.0, pal.ok);
                let r = ui.label(format!("Serving {} tokens on", state.vendor));
                crate::ui::widgets::a11y::name(
                    &r,
                    &format!("Serving {} tokens on {url}/", state.vendor),
                );
                crate::ui::widgets::a11y::live(&r, false);
                ui.hyperlink_to(format!("{url}/"), format!("{url}/"));
                if ui
                    .button("Copy token URL")
                    .on_hover_text("GET or POST this URL for a fresh token")
                    .clicked()
                {
                    out.push(Command::Window(WindowCommand::Copy {
                        what: "token URL".into(),
                        text: format!("{url}/token"),
                    }));
                }
                if ui.button("Stop server").clicked() {
                    out.push(Command::Server(ServerCommand::Stop));
                }
            }
            None => {
                ui.label(RichText::new("Server stopped").strong());
            }
        }
        if state.has_log() && ui.button("Clear log").clicked() {
            out.push(Command::Server(ServerCommand::ClearLog));
        }
    });
    if let Some(problem) = &state.problem {
        let r = ui.label(RichText::new(problem).color(pal.error));
        crate::ui::widgets::a11y::live(&r, true);
    }
    let rows = state.rows();
    if rows == 0 {
        if state.is_running() {
            ui.label(widgets::theme::note(
                "No requests yet: open the demo page, or point the widget's page at /token.",
            ));
        }
        return;
    }
    // Only the rows in view are read from the log and laid out (it keeps up to 200).
    let row_height = ui
        .text_style_height(&egui::TextStyle::Monospace)
        .max(ui.text_style_height(&egui::TextStyle::Body));
    // The log is dense; show_rows counts on the item spacing being the row gap.
    ui.spacing_mut().item_spacing.y = LOG_ROW_GAP;
    egui::ScrollArea::vertical()
        .id_salt("server-log")
        .max_height(160.0)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, rows, |ui, range| {
            egui::Grid::new("server-log-grid")
                .striped(true)
                .num_columns(4)
                .spacing([12.0, LOG_ROW_GAP])
                .show(ui, |ui| {
                    for e in state.entries(range) {
                        let time = format_rfc3339(crate::core::time::as_f64(e.time))
                            .and_then(|t| t.get(11..19).map(str::to_string))
                            .unwrap_or_default();
                        ui.label(widgets::theme::note(time));
                        ui.label(RichText::new(format!("{} {}", e.method, e.target)).monospace());
                        let colour = if e.status < 400 { pal.ok } else { pal.error };
                        ui.label(RichText::new(e.status.to_string()).color(colour).strong());
                        let detail = match (&e.claims, &e.error) {
                            (Some(claims), _) => {
                                let masked;
                                let claims = match mask {
                                    Some(preset) => {
                                        masked = mask_payload(preset, claims);
                                        &masked
                                    }
                                    None => claims,
                                };
                                claims
                                    .iter()
                                    .map(|(k, v)| format!("{k}: {v}"))
                                    .collect::<Vec<_>>()
                                    .join("  ")
                            }
                            (None, Some(error)) => error.clone(),
                            (None, None) => String::new(),
                        };
                        let r =
                            ui.add(egui::Label::new(RichText::new(&detail).monospace()).truncate());
                        crate::ui::widgets::a11y::name(&r, &detail);
                        ui.end_row();
                    }
                });
        });
}

#[cfg(test)]
mod tests {
    use egui_kittest::kittest::{NodeT, Queryable};

    use crate::ui::app::command::*;
    use crate::ui::testing::*;

    #[test]
    fn the_panel_alone_shows_why_the_server_stopped_and_its_log() {
        let mut state = crate::ui::server::view::ServerState::on_port(3000);
        state.problem = Some("Port 3000 is in use: try 3001".into());
        state.log(crate::serve::LogEntry {
            time: NOW,
            method: "GET".into(),
            target: "/token?widgetId=w-1".into(),
            status: 200,
            claims: None,
            token: None,
            error: None,
        });
        let mut h = panel(move |ui, out| crate::ui::server::view::server_ui(ui, &state, None, out));
        assert!(shows_in(&h, "Server stopped"));
        let problem = h.get_by_label_contains("Port 3000 is in use");
        assert_eq!(
            problem.accesskit_node().data().live(),
            Some(eframe::egui::accesskit::Live::Assertive),
            "a failure to start is announced"
        );
        assert!(shows_in(&h, "/token?widgetId=w-1"));
        press(&mut h, "Clear log");
        assert_eq!(*h.state(), [Command::Server(ServerCommand::ClearLog)]);
    }

    #[test]
    fn serve_starts_the_server_logs_requests_and_stops() {
        let (mut h, _) = connect_with_token();
        send(&mut h, Command::Server(ServerCommand::Port(0)));
        h.get_by_label("Serve").click();
        h.run();
        assert!(
            h.state().server.is_running(),
            "{:?}",
            h.state().server.problem
        );
        let port = server_port(&h);
        assert!(
            h.query_by_label_contains("Serving Amazon Connect tokens on")
                .is_some(),
            "the panel says where"
        );

        let (status, body) = http_get(port, "/token?widgetId=widget-9");
        assert_eq!(status, 200, "{body}");
        assert!(!body.contains("kJ6n8"), "never the secret");
        h.run();
        assert!(
            h.query_by_label_contains("GET /token?widgetId=widget-9")
                .is_some(),
            "the request is in the log"
        );
        assert!(h.query_by_label_contains("sub: \"widget-9\"").is_some());

        // The server follows the form: a changed widget id is served from the next request.
        type_into(&mut h, "Widget ID", "-b");
        let (_, body) = http_get(port, "/token");
        let token = serde_json::from_str::<serde_json::Value>(&body).expect("json")["data"]
            .as_str()
            .map(str::to_string)
            .expect("token");
        let decoded = crate::core::decode::decode(&token);
        assert_eq!(
            decoded.claim("sub").and_then(|v| v.as_str()),
            Some("widget-1-b")
        );

        h.get_by_label("Stop server").click();
        h.run();
        assert!(!h.state().server.is_running());
        assert!(
            std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
            "the port is free again"
        );
        assert!(h.query_by_label_contains("Server stopped").is_some());
    }

    #[test]
    fn a_port_in_use_is_a_message_and_nothing_starts() {
        let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = taken.local_addr().expect("addr").port();
        let (mut h, _) = connect_with_token();
        send(&mut h, Command::Server(ServerCommand::Port(port)));
        h.get_by_label("Serve").click();
        h.run();
        assert!(!h.state().server.is_running());
        assert!(
            h.query_all_by_label_contains(&format!("Port {port} is in use"))
                .next()
                .is_some(),
            "says why"
        );
        assert!(
            h.query_all_by_label_contains("try --port").next().is_some(),
            "and what to try"
        );
    }

    #[test]
    fn without_a_key_the_server_says_what_is_missing() {
        let (mut h, _) = with_preset("amazon-connect");
        send(&mut h, Command::Server(ServerCommand::Port(0)));
        h.get_by_label("Serve").click();
        h.run();
        assert!(!h.state().server.is_running());
        assert!(h.query_by_label_contains("Give the key first").is_some());
    }
}
