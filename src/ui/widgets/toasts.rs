//! Short notices ("Copied token") that fade away by themselves.

use std::time::Duration;

use eframe::egui::{self, RichText};

use crate::ui::widgets;

const SHOW_FOR: f64 = 1.6;

#[derive(Default)]
pub struct Toasts {
    /// (text, is an error, shown until)
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

    /// Forgets the toasts whose time is up.
    pub fn expire(&mut self, now: f64) {
        self.items.retain(|(_, _, until)| *until > now);
    }

    /// When the next toast goes away, if any shows.
    pub fn next_change(&self, now: f64) -> Option<Duration> {
        self.items
            .iter()
            .map(|(_, _, until)| until - now)
            .reduce(f64::min)
            .map(|left| Duration::from_secs_f64(left.max(0.05)))
    }

    pub fn ui(&self, ctx: &egui::Context) {
        if self.items.is_empty() {
            return;
        }
        let pal = widgets::theme::palette_for(ctx.global_style().visuals.dark_mode);
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
                        .show(ui, |ui| {
                            let r = ui.label(RichText::new(text).strong().color(color));
                            crate::ui::widgets::a11y::live(&r, *is_error);
                        });
                }
            });
    }
}
