//! Syntax-coloured JSON and the three-coloured token, as egui layout jobs. The colouring of
//! a JSON text is kept in egui's frame cache: it is redone only when the text, the font or the
//! theme changes, not every frame.

use eframe::egui::cache::{ComputerMut, FrameCache};
use eframe::egui::text::{LayoutJob, TextFormat};
use eframe::egui::{self, Color32, FontId, RichText};

use super::theme::{self, Palette, palette_for};

#[derive(Default)]
struct JsonColours;

/// (text, monospace size as bits, dark theme)
type JsonKey<'a> = (&'a str, u32, bool);

impl ComputerMut<JsonKey<'_>, LayoutJob> for JsonColours {
    fn compute(&mut self, (text, size, dark): JsonKey<'_>) -> LayoutJob {
        json_job(
            text,
            FontId::monospace(f32::from_bits(size)),
            &palette_for(dark),
        )
    }
}

type JsonCache = FrameCache<LayoutJob, JsonColours>;

/// `text` coloured as JSON in the monospace font, from the cache when it was shown last frame.
pub fn cached_json_job(ui: &egui::Ui, text: &str) -> LayoutJob {
    let size = theme::mono(ui).size.to_bits();
    let dark = ui.visuals().dark_mode;
    ui.memory_mut(|m| {
        m.caches
            .cache::<JsonCache>()
            .get((text, size, dark))
            .clone()
    })
}

/// A JSON text (pretty already), coloured, selectable, and readable by screen readers.
pub fn json_block(ui: &mut egui::Ui, title: &str, text: &str) {
    ui.label(RichText::new(title).strong());
    let mut job = cached_json_job(ui, text);
    job.wrap.max_width = ui.available_width();
    job.wrap.break_anywhere = true;
    ui.add(egui::Label::new(job).selectable(true))
        .widget_info(|| theme::text_block_info(format!("{title} JSON"), text));
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
    use super::*;
    use crate::ui::theme::palette_for;

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
