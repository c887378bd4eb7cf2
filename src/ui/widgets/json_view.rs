//! Syntax-coloured JSON and the three-coloured token, as egui layout jobs, and the laid-out
//! text kept between frames: a JSON block or a token is coloured and laid out again only when
//! its text, the font, the theme or the width changes, not on every frame (an 84 KB token
//! costs a frame what a 4 KB one does).

use std::sync::Arc;

use eframe::egui::text::{LayoutJob, TextFormat};
use eframe::egui::{self, Color32, FontId, Galley, RichText};

use crate::ui::widgets;
use crate::ui::widgets::theme::Palette;

/// The galley kept under `slot` in egui's temporary memory when it was made from the same
/// `key` (a hash of all it depends on); else `make` is laid out and kept instead. One galley
/// per slot, so nothing piles up as the text changes.
fn memo_galley(
    ui: &egui::Ui,
    slot: egui::Id,
    key: u64,
    make: impl FnOnce() -> LayoutJob,
) -> Arc<Galley> {
    if let Some((kept, galley)) = ui.data(|d| d.get_temp::<(u64, Arc<Galley>)>(slot))
        && kept == key
    {
        return galley;
    }
    let galley = ui.fonts_mut(|f| f.layout_job(make()));
    ui.data_mut(|d| d.insert_temp(slot, (key, galley.clone())));
    galley
}

/// What a laid-out text depends on besides itself: the font size, the theme, the width.
fn looks(ui: &egui::Ui, width: f32) -> (u32, bool, u32) {
    (
        widgets::theme::mono(ui).size.to_bits(),
        ui.visuals().dark_mode,
        width.to_bits(),
    )
}

/// A JSON text (pretty already), coloured, selectable, and readable by screen readers.
pub fn json_block(ui: &mut egui::Ui, title: &str, text: &str) {
    ui.label(RichText::new(title).strong());
    let width = ui.available_width();
    let slot = ui.scope_id().with(("json", title));
    let key = egui::util::hash((text, looks(ui, width)));
    let galley = memo_galley(ui, slot, key, || {
        let mut job = json_job(text, widgets::theme::mono(ui), &widgets::theme::palette(ui));
        job.wrap.max_width = width;
        job.wrap.break_anywhere = true;
        job
    });
    ui.add(egui::Label::new(galley).selectable(true))
        .widget_info(|| crate::ui::widgets::a11y::document_info(format!("{title} JSON"), text));
}

/// A compact token in its three colours, selectable, named `name` for screen readers.
pub fn token_block(ui: &mut egui::Ui, name: &str, token: &str) {
    let width = ui.available_width();
    let slot = ui.scope_id().with(("token", name));
    let key = egui::util::hash((token, looks(ui, width)));
    let galley = memo_galley(ui, slot, key, || {
        token_job(
            token,
            widgets::theme::mono(ui),
            &widgets::theme::palette(ui),
            width,
        )
    });
    let response = ui.add(egui::Label::new(galley).selectable(true));
    response.widget_info(|| crate::ui::widgets::a11y::document_info(name, token));
    // Each part on its own for screen readers (the screen shows them in three colours).
    let at = egui::Rect::from_min_size(response.rect.min, egui::Vec2::ZERO);
    for (i, (what, part)) in ["Header", "Payload", "Signature"]
        .into_iter()
        .zip(token.split('.'))
        .enumerate()
    {
        let r = ui.interact(at, slot.with(i), egui::Sense::hover());
        r.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Label, true, format!("{what} part: {part}"))
        });
    }
}

/// Colours JSON text (any text: invalid JSON is coloured as far as it goes).
pub fn json_job(text: &str, font: FontId, p: &Palette) -> LayoutJob {
    let mut job = LayoutJob::default();
    let bytes = text.as_bytes();
    let mut i = 0;
    let push = |job: &mut LayoutJob, s: &str, color: Color32| {
        job.append(s, 0.0, TextFormat::simple(font.clone(), color));
    };
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(bytes.len());
                let rest = text[i..].trim_start();
                let color = if rest.starts_with(':') {
                    p.json_key
                } else {
                    p.json_string
                };
                push(&mut job, &text[start..i], color);
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < bytes.len()
                    && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                push(&mut job, &text[start..i], p.json_number);
            }
            b't' | b'f' | b'n'
                if text[i..].starts_with("true")
                    || text[i..].starts_with("false")
                    || text[i..].starts_with("null") =>
            {
                let len = if text[i..].starts_with("false") { 5 } else { 4 };
                push(&mut job, &text[i..i + len], p.json_literal);
                i += len;
            }
            _ => {
                let start = i;
                while i < bytes.len()
                    && !matches!(bytes[i], b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n')
                {
                    i += 1;
                }
                if i == start {
                    // A lone letter that starts no literal.
                    i += text[i..].chars().next().map_or(1, char::len_utf8);
                }
                push(&mut job, &text[start..i], p.json_punct);
            }
        }
    }
    job
}

/// The token in three colours, wrapping anywhere (tokens have no spaces).
pub fn token_job(token: &str, font: FontId, p: &Palette, wrap_width: f32) -> LayoutJob {
    let mut job = LayoutJob::default();
    job.wrap.max_width = wrap_width;
    job.wrap.break_anywhere = true;
    let colors = [p.header, p.payload, p.signature];
    for (i, part) in token.split('.').enumerate() {
        if i > 0 {
            job.append(".", 0.0, TextFormat::simple(font.clone(), p.dot));
        }
        let color = colors.get(i).copied().unwrap_or(p.muted);
        job.append(part, 0.0, TextFormat::simple(font.clone(), color));
    }
    job
}

#[cfg(test)]
mod tests {
    use crate::ui::widgets::json_view::*;
    use crate::ui::widgets::theme::palette_for;

    #[test]
    fn colours_keys_strings_numbers_and_literals() {
        let p = palette_for(true);
        let text = "{\n  \"a\": \"x\\\"y\",\n  \"n\": -1.5e3,\n  \"b\": true,\n  \"z\": null\n}";
        let job = json_job(text, FontId::monospace(12.0), &p);
        assert_eq!(job.text, text, "nothing lost");
        let colour_of = |needle: &str| {
            let at = text.find(needle).expect("present");
            job.sections
                .iter()
                .find(|s| s.byte_range.start.0 <= at && at < s.byte_range.end.0)
                .map(|s| s.format.color)
        };
        assert_eq!(colour_of("\"a\""), Some(p.json_key));
        assert_eq!(colour_of("\"x"), Some(p.json_string));
        assert_eq!(colour_of("-1.5"), Some(p.json_number));
        assert_eq!(colour_of("true"), Some(p.json_literal));
        assert_eq!(colour_of("null"), Some(p.json_literal));
        // Broken JSON still renders every character.
        let broken = "{\"a\": tru, \"unterminated";
        assert_eq!(json_job(broken, FontId::monospace(12.0), &p).text, broken);
    }

    #[test]
    fn token_parts_get_their_colours() {
        let p = palette_for(false);
        let job = token_job("aaa.bbb.ccc", FontId::monospace(12.0), &p, 100.0);
        let colours: Vec<Color32> = job.sections.iter().map(|s| s.format.color).collect();
        assert_eq!(colours, [p.header, p.dot, p.payload, p.dot, p.signature]);
    }
}
