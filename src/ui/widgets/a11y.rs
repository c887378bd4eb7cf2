//! What assistive technology learns of the window beyond what egui says by itself: names in
//! words, live regions for messages, the real state of fields, dialogs that are modal, and
//! content (tokens, JSON, code) readable as text. Everything here goes through AccessKit, which
//! feeds AT-SPI on Linux, UI Automation on Windows and NSAccessibility on macOS.

use eframe::egui::{self, accesskit};

/// The window's accessible name.
pub const WINDOW_NAME: &str = "tokenbench";

/// Names the window (AccessKit's root node).
pub fn name_window(ctx: &egui::Context) {
    ctx.accesskit_node_builder(egui::accesskit_root_id(), |node| {
        node.set_label(WINDOW_NAME);
    });
}

/// Gives `response` the accessible name `name` (an icon button's words, a count's meaning).
/// A label's name is its value (what AccessKit reads as its text).
pub fn name(response: &egui::Response, name: &str) {
    response.ctx.accesskit_node_builder(response.id, |node| {
        if node.role() == accesskit::Role::Label {
            node.set_value(name);
        } else {
            node.set_label(name);
        }
    });
}

/// Gives `response` the accessible description `text`, read after its name (call it before
/// `on_hover_text`, whose longer text would otherwise be the description).
pub fn describe(response: &egui::Response, text: &str) {
    response.ctx.accesskit_node_builder(response.id, |node| {
        node.set_description(text);
    });
}

/// `text` cut to its first clause, as one short sentence: "HS256 with the Chat shared secret;
/// name, email and …" says "HS256 with the Chat shared secret."
pub fn short_sentence(text: &str) -> String {
    let end = [". ", "; "].iter().filter_map(|sep| text.find(sep)).min();
    let head = end.map_or(text, |end| &text[..end]).trim_end_matches('.');
    format!("{head}.")
}

/// Announces the node's text when it appears or changes: errors interrupt (`assertive`),
/// everything else waits its turn.
pub fn live(response: &egui::Response, assertive: bool) {
    response.ctx.accesskit_node_builder(response.id, |node| {
        node.set_live(if assertive {
            accesskit::Live::Assertive
        } else {
            accesskit::Live::Polite
        });
    });
}

/// What a field is: required, or not valid with the reason, or not editable.
#[derive(Clone, Copy, Debug, Default)]
pub struct FieldState<'a> {
    pub required: bool,
    pub invalid: Option<&'a str>,
    pub read_only: bool,
}

/// Marks a field with its state.
pub fn field(response: &egui::Response, state: FieldState<'_>) {
    response.ctx.accesskit_node_builder(response.id, |node| {
        if state.required {
            node.set_required();
        }
        if let Some(reason) = state.invalid {
            node.set_invalid(accesskit::Invalid::True);
            node.set_description(reason);
        }
        if state.read_only {
            node.set_read_only();
        }
    });
}

/// A block of content (a token, JSON, code, a log) read as text: a document named `name`
/// whose text is `text`, exactly as on screen (masked in demo mode).
pub fn document_info(name: impl ToString, text: &str) -> egui::WidgetInfo {
    let mut info = egui::WidgetInfo::labeled(egui::Role::Document, true, name);
    info.current_text_value = Some(text.to_string());
    info
}

/// Names the modal dialog whose content is drawn in `ui` (egui's `Modal` makes it a dialog
/// node) and says it is modal.
pub fn dialog(ui: &egui::Ui, title: &str) {
    let stack = ui.stack();
    let id = stack
        .iter()
        .find(|s| s.kind() == Some(egui::UiKind::Modal))
        .map_or_else(|| ui.unique_id(), |s| s.unique_id);
    ui.ctx().accesskit_node_builder(id, |node| {
        node.set_role(accesskit::Role::Dialog);
        node.set_label(title);
        node.set_modal();
    });
}
