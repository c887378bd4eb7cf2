//! Colours, type and spacing: the one place the window's look is decided.

use eframe::egui::{self, Color32, FontFamily, FontId, RichText, TextStyle};

use crate::core::finding::Severity;

/// Colours for one theme (dark or light).
#[derive(Clone, Copy, Debug)]
pub struct Palette {
    /// The token's three parts, as jwt.io taught everyone to read them.
    pub header: Color32,
    pub payload: Color32,
    pub signature: Color32,
    pub dot: Color32,
    /// JSON syntax.
    pub json_key: Color32,
    pub json_string: Color32,
    pub json_number: Color32,
    pub json_literal: Color32,
    pub json_punct: Color32,
    /// Verdicts.
    pub ok: Color32,
    pub warn: Color32,
    pub error: Color32,
    pub info: Color32,
    pub muted: Color32,
    /// Tinted backgrounds behind banners.
    pub error_bg: Color32,
    pub warn_bg: Color32,
    pub ok_bg: Color32,
}

const DARK: Palette = Palette {
    header: Color32::from_rgb(0xff, 0x6b, 0x8b),
    payload: Color32::from_rgb(0xc7, 0x92, 0xea),
    signature: Color32::from_rgb(0x5c, 0xcf, 0xe6),
    dot: Color32::from_rgb(0xc8, 0xcc, 0xd8),
    json_key: Color32::from_rgb(0x82, 0xaa, 0xff),
    json_string: Color32::from_rgb(0xc3, 0xe8, 0x8d),
    json_number: Color32::from_rgb(0xf7, 0x8c, 0x6c),
    json_literal: Color32::from_rgb(0xff, 0x9c, 0xac),
    json_punct: Color32::from_rgb(0x9a, 0xa0, 0xae),
    ok: Color32::from_rgb(0x3f, 0xb9, 0x50),
    warn: Color32::from_rgb(0xe3, 0xa0, 0x2b),
    error: Color32::from_rgb(0xf8, 0x51, 0x49),
    info: Color32::from_rgb(0x58, 0xa6, 0xff),
    muted: Color32::from_rgb(0x9a, 0xa0, 0xae),
    error_bg: Color32::from_rgb(0x45, 0x1c, 0x1f),
    warn_bg: Color32::from_rgb(0x40, 0x31, 0x12),
    ok_bg: Color32::from_rgb(0x17, 0x36, 0x22),
};

const LIGHT: Palette = Palette {
    header: Color32::from_rgb(0xc8, 0x1e, 0x48),
    payload: Color32::from_rgb(0x7e, 0x3a, 0xc6),
    signature: Color32::from_rgb(0x06, 0x7a, 0x99),
    dot: Color32::from_rgb(0x55, 0x5b, 0x68),
    json_key: Color32::from_rgb(0x1f, 0x5f, 0xbf),
    json_string: Color32::from_rgb(0x2e, 0x7d, 0x32),
    json_number: Color32::from_rgb(0xb3, 0x59, 0x00),
    json_literal: Color32::from_rgb(0xb0, 0x00, 0x6e),
    json_punct: Color32::from_rgb(0x60, 0x66, 0x72),
    ok: Color32::from_rgb(0x1a, 0x7f, 0x37),
    warn: Color32::from_rgb(0x9a, 0x67, 0x00),
    error: Color32::from_rgb(0xcf, 0x22, 0x2e),
    info: Color32::from_rgb(0x09, 0x69, 0xda),
    muted: Color32::from_rgb(0x60, 0x66, 0x72),
    error_bg: Color32::from_rgb(0xff, 0xeb, 0xe9),
    warn_bg: Color32::from_rgb(0xff, 0xf4, 0xd6),
    ok_bg: Color32::from_rgb(0xe6, 0xf6, 0xe9),
};

pub fn palette(ui: &egui::Ui) -> Palette {
    palette_for(ui.visuals().dark_mode)
}

pub fn palette_for(dark: bool) -> Palette {
    if dark { DARK } else { LIGHT }
}

impl Palette {
    pub fn severity(&self, s: Severity) -> Color32 {
        match s {
            Severity::Error => self.error,
            Severity::Warning => self.warn,
            Severity::Info => self.info,
        }
    }
}

/// Space between sections and inside them.
pub const SECTION_GAP: f32 = 14.0;
pub const ROW_GAP: f32 = 6.0;
/// Width of the label column in forms.
pub const LABEL_WIDTH: f32 = 150.0;

/// Corner radius of frames (the token, the code, banners). Small on purpose: egui fills a
/// rounded rectangle as a fan of long thin triangles, which software renderers (llvmpipe,
/// remote desktops) pay for per tile crossed; up to 5 px takes a quarter of the points of 6.
pub const FRAME_RADIUS: f32 = 4.0;

/// Corner radius of buttons and text fields (egui's is 2): 1 px looks the same and fills with
/// half the triangles, on every one of the window's many fields.
const WIDGET_RADIUS: u8 = 1;

/// The monospace font tokens and JSON are shown in.
pub fn mono(ui: &egui::Ui) -> FontId {
    TextStyle::Monospace.resolve(ui.style())
}

/// A section heading ("Key", "Claims", "Token").
pub fn heading(ui: &mut egui::Ui, text: &str) {
    ui.label(RichText::new(text).size(17.0).strong());
}

/// Small secondary text.
pub fn note(text: impl Into<String>) -> RichText {
    RichText::new(text.into()).small().weak()
}

/// A pill-shaped verdict ("VALID", "EXPIRED").
pub fn badge(ui: &mut egui::Ui, text: &str, color: Color32) -> egui::Response {
    egui::Frame::new()
        .fill(color.gamma_multiply(0.18))
        .stroke(egui::Stroke::new(1.0, color))
        .corner_radius(10.0)
        .inner_margin(egui::Margin::symmetric(8, 2))
        .show(ui, |ui| ui.label(RichText::new(text).strong().color(color)))
        .response
}

/// A banner with a tinted background.
pub fn banner<R>(
    ui: &mut egui::Ui,
    fill: Color32,
    stroke: Color32,
    add: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    egui::Frame::new()
        .fill(fill)
        .stroke(egui::Stroke::new(1.0, stroke))
        .corner_radius(FRAME_RADIUS)
        .inner_margin(egui::Margin::same(8))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            add(ui)
        })
        .inner
}

/// A side or top panel's frame: egui's margins, and no fill. The window is cleared to the
/// panel colour before each frame ([`clear_color`]), so filling every panel again would only
/// paint the whole window a second time — a software renderer's biggest cost per frame.
pub fn side_panel(style: &egui::Style) -> egui::Frame {
    egui::Frame::side_top_panel(style).fill(Color32::TRANSPARENT)
}

/// The central panel's frame: egui's margins, no fill (see [`side_panel`]).
pub fn central_panel(style: &egui::Style) -> egui::Frame {
    egui::Frame::central_panel(style).fill(Color32::TRANSPARENT)
}

/// What the window is cleared to before each frame: the panel colour.
pub fn clear_color(visuals: &egui::Visuals) -> [f32; 4] {
    visuals.panel_fill.to_normalized_gamma_f32()
}

/// Applied once at start: slightly roomier spacing and readable text sizes.
pub fn install(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        // A steady caret: a blinking one repaints the window twice a second while a field
        // has the focus (and some people find blinking hard to follow).
        style.visuals.text_cursor.blink = false;
        let w = &mut style.visuals.widgets;
        for v in [
            &mut w.noninteractive,
            &mut w.inactive,
            &mut w.hovered,
            &mut w.active,
            &mut w.open,
        ] {
            v.corner_radius = egui::CornerRadius::same(WIDGET_RADIUS);
        }
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 4.0);
        style.spacing.interact_size.y = 24.0;
        style
            .text_styles
            .insert(TextStyle::Body, FontId::new(14.0, FontFamily::Proportional));
        style.text_styles.insert(
            TextStyle::Button,
            FontId::new(14.0, FontFamily::Proportional),
        );
        style.text_styles.insert(
            TextStyle::Monospace,
            FontId::new(13.0, FontFamily::Monospace),
        );
        style.text_styles.insert(
            TextStyle::Small,
            FontId::new(12.0, FontFamily::Proportional),
        );
    });
}
