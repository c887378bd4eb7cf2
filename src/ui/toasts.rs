//! Short notices ("Copied token") that fade away by themselves.

use eframe::egui::{self, RichText};

use super::theme;

const SHOW_FOR: f64 = 1.6;

#[derive(Default)]
pub struct Toasts {
    items: Vec<(String, bool, f64)>,
}

impl Toasts {
    pub fn info(&mut self, text: impl Into<String>, now: f64) {
        self.items.push((text.into(), false, now + SHOW_FOR));
    }

    pub fn error(&mut self, text: impl Into<String>, now: f64) {
        self.items.push((text.into(), true, now + SHOW_FOR * 2.5));
    }

    /// The texts showing now (for tests).
    pub fn texts(&self) -> Vec<&str> {
        self.items.iter().map(|(t, _, _)| t.as_str()).collect()
    }

    pub fn ui(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        self.items.retain(|(_, _, until)| *until > now);
        if self.items.is_empty() {
            return;
        }
        let pal = theme::palette_for(ctx.global_style().visuals.dark_mode);
        egui::Area::new(egui::Id::unique("tokenbench-toasts"))
            .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -24.0))
            .order(egui::Order::Foreground)
            .interactable(false)
            .show(ctx, |ui| {
                for (text, is_error, _) in &self.items {
                    let (fill, color) = if *is_error {
                        (pal.error_bg, pal.error)
                    } else {
                        (pal.ok_bg, pal.ok)
                    };
                    egui::Frame::new()
                        .fill(fill)
                        .stroke(egui::Stroke::new(1.0, color))
                        .corner_radius(8.0)
                        .inner_margin(egui::Margin::symmetric(14, 8))
                        .show(ui, |ui| ui.label(RichText::new(text).strong().color(color)));
                }
            });
        let next = self
            .items
            .iter()
            .map(|(_, _, until)| until - now)
            .fold(f64::INFINITY, f64::min);
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(next.max(0.05)));
    }
}
