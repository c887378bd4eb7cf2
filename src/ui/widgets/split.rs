//! The central area as two columns with a handle between them to drag: the left one is laid
//! out first, so the keyboard reaches it first (Tab goes key and claims, then the token — an
//! egui side panel would have to be laid out before the central one, and be reached first).

use eframe::egui::{self, Rect, Sense, UiBuilder, pos2};

use crate::ui::app::command::Command;
use crate::ui::widgets;

/// How the right column is sized: `(share, at least)` of the width to start with, between
/// `min` and `max_share` of it.
pub struct Sizes {
    pub share: f32,
    pub least: f32,
    pub min: f32,
    pub max_share: f32,
}

/// Width of the handle between the columns.
const HANDLE: f32 = 8.0;

/// Lays out `left` and `right` side by side in the central panel, each scrolling by itself.
pub fn columns(
    ui: &mut egui::Ui,
    id: &'static str,
    sizes: &Sizes,
    cmds: &mut Vec<Command>,
    left: impl FnOnce(&mut egui::Ui, &mut Vec<Command>),
    right: impl FnOnce(&mut egui::Ui, &mut Vec<Command>),
) {
    egui::CentralPanel::default_margins()
        .frame(widgets::theme::central_panel(ui.style()))
        .show(ui, |ui| {
            let full = ui.max_rect();
            let id = ui.make_persistent_id(id);
            let width = full.width();
            let stored = ui.data(|d| d.get_temp::<f32>(id));
            let right_w = stored
                .unwrap_or((width * sizes.share).max(sizes.least))
                .clamp(
                    sizes.min.min(width * 0.5),
                    (width * sizes.max_share).max(sizes.min),
                );
            let split = full.max.x - right_w;
            let left_rect = Rect::from_min_max(full.min, pos2(split - HANDLE / 2.0, full.max.y));
            let handle_rect = Rect::from_min_max(
                pos2(split - HANDLE / 2.0, full.min.y),
                pos2(split + HANDLE / 2.0, full.max.y),
            );
            let right_rect = Rect::from_min_max(pos2(split + HANDLE / 2.0, full.min.y), full.max);
            scrolling(ui, left_rect, (id, "left"), |ui| left(ui, cmds));
            handle(ui, handle_rect, id, right_w);
            scrolling(ui, right_rect, (id, "right"), |ui| right(ui, cmds));
        });
}

/// A column: its own child area, scrolling.
fn scrolling(
    ui: &mut egui::Ui,
    rect: Rect,
    salt: (egui::Id, &str),
    add: impl FnOnce(&mut egui::Ui),
) {
    ui.scope_builder(UiBuilder::new().max_rect(rect), |ui| {
        egui::ScrollArea::vertical()
            .id_salt(salt)
            .auto_shrink([false, false])
            .show(ui, add);
    });
}

/// The handle: a line, a resize cursor, dragged (or moved with the arrow keys when focused)
/// to make the right column wider or narrower. Its width is the window's look, not the
/// workbench's state: it lives in egui's memory like a side panel's.
fn handle(ui: &mut egui::Ui, rect: Rect, id: egui::Id, right_w: f32) {
    let response = ui
        .interact(rect, id.with("handle"), Sense::click_and_drag())
        .on_hover_cursor(egui::CursorIcon::ResizeHorizontal);
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Splitter, ui.is_enabled(), "Resize the columns")
    });
    let mut new_w = right_w - response.drag_delta().x;
    if response.has_focus() {
        // Left and right move the handle rather than the focus.
        let filter = egui::EventFilter {
            horizontal_arrows: true,
            ..Default::default()
        };
        ui.memory_mut(|m| m.set_focus_lock_filter(response.id, filter));
        let step = ui.input(|i| {
            let left = i.key_pressed(egui::Key::ArrowLeft);
            let right = i.key_pressed(egui::Key::ArrowRight);
            f32::from(u8::from(left)) * 24.0 - f32::from(u8::from(right)) * 24.0
        });
        new_w += step;
    }
    if (new_w - right_w).abs() > f32::EPSILON {
        ui.data_mut(|d| d.insert_temp(id, new_w));
    }
    let visuals = ui.style().interact(&response);
    let stroke = if response.hovered() || response.dragged() || response.has_focus() {
        visuals.fg_stroke
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke
    };
    ui.painter().vline(rect.center().x, rect.y_range(), stroke);
}
