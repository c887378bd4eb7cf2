//! "Expires in 4:12": the minted token's countdown, re-mint and the clock-skew control.

use eframe::egui::{self, RichText};

use crate::core::time::{TimeClaims, clock_span, human_span};
use crate::ui::app::command::{Command, InspectCommand, MintCommand};
use crate::ui::widgets;

/// What the countdown shows at one second.
#[derive(Clone, Debug, PartialEq)]
pub struct Countdown {
    pub text: String,
    /// The same in words, for a screen reader ("Expires in 8 minutes 19 seconds").
    pub spoken: String,
    /// Share of the lifetime left, 0 to 1.
    pub fraction: f32,
    pub level: Level,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Fine,
    /// Under a minute left.
    Soon,
    Expired,
    NoExpiry,
}

/// The countdown at `now` (pure, so tests can pin the clock).
pub fn countdown(times: &TimeClaims, now: i64, leeway: i64) -> Countdown {
    let Some(exp) = times.exp else {
        return Countdown {
            text: "No expiry (exp is not set)".into(),
            spoken: "No expiry: exp is not set".into(),
            fraction: 1.0,
            level: Level::NoExpiry,
        };
    };
    #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
    let left = (exp - now as f64).ceil() as i64;
    #[allow(clippy::cast_precision_loss)]
    let total = times
        .iat
        .map_or(left.max(1) as f64, |iat| (exp - iat).max(1.0));
    if left > 0 {
        #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
        let fraction = ((left as f64) / total).clamp(0.0, 1.0) as f32;
        Countdown {
            text: format!("Expires in {}", clock_span(left)),
            spoken: format!("Expires in {}", spoken_span(left)),
            fraction,
            level: if left < 60 { Level::Soon } else { Level::Fine },
        }
    } else {
        let ago = -left;
        let mut text = format!("Expired {} ago", clock_span(ago));
        let mut spoken = format!("Expired {} ago", spoken_span(ago));
        if ago < leeway {
            let inside = format!(" (still inside the {} skew tolerance)", human_span(leeway));
            text.push_str(&inside);
            spoken.push_str(&inside);
        }
        Countdown {
            text,
            spoken,
            fraction: 0.0,
            level: Level::Expired,
        }
    }
}

/// `secs` in words: "1 hour 2 minutes", "8 minutes 19 seconds", "45 seconds" (at most two
/// units, as one says it).
pub fn spoken_span(secs: i64) -> String {
    let unit = |n: i64, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    let (d, h, m, s) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    let parts: Vec<String> = [(d, "day"), (h, "hour"), (m, "minute"), (s, "second")]
        .into_iter()
        .skip_while(|(n, _)| *n == 0)
        .take(2)
        .filter(|(n, _)| *n > 0)
        .map(|(n, one)| unit(n, one))
        .collect();
    if parts.is_empty() {
        "0 seconds".into()
    } else {
        parts.join(" ")
    }
}

/// What the countdown shows and edits.
pub struct CountdownView<'a> {
    pub times: &'a TimeClaims,
    /// Why the countdown does not follow `exp` (a vendor's own limit after `iat`).
    pub note: Option<&'a str>,
    pub now: i64,
    pub leeway: i64,
    pub auto_remint: bool,
    /// Demo mode: the time left in large type, a thicker bar.
    pub large: bool,
}

pub fn ui(ui: &mut egui::Ui, view: &CountdownView<'_>, out: &mut Vec<Command>) {
    let pal = widgets::theme::palette(ui);
    let v = countdown(view.times, view.now, view.leeway);
    let color = match v.level {
        Level::Fine => pal.ok,
        Level::Soon => pal.warn,
        Level::Expired => pal.error,
        Level::NoExpiry => pal.muted,
    };
    let (size, bar) = if view.large {
        (40.0, 16.0)
    } else {
        (20.0, 8.0)
    };
    // A screen reader hears the time left in words when it reaches the label, and nothing
    // on each tick; the bar is for the eye only (as a progress bar it would be read as a
    // percentage).
    let label = ui.label(RichText::new(&v.text).size(size).strong().color(color));
    widgets::a11y::name(&label, &v.spoken);
    lifetime_bar(ui, v.fraction, color, bar);
    if let Some(note) = view.note {
        ui.label(widgets::theme::note(note));
    }
    // The time itself changes every second and is not announced; crossing into the last
    // minute and expiring are, once each.
    let notice = match v.level {
        Level::Soon => Some(("Less than a minute left: re-mint soon (Ctrl+R).", false)),
        Level::Expired => Some(("The token has expired.", true)),
        Level::Fine | Level::NoExpiry => None,
    };
    if let Some((text, assertive)) = notice {
        let r = ui.label(RichText::new(text).small().color(color));
        crate::ui::widgets::a11y::live(&r, assertive);
    }
    ui.horizontal_wrapped(|ui| {
        if ui
            .add(egui::Button::new("Re-mint").shortcut_text("Ctrl+R"))
            .on_hover_text("Sign again with a fresh iat and exp")
            .clicked()
        {
            out.push(Command::Mint(MintCommand::Remint));
        }
        let mut auto = view.auto_remint;
        if ui
            .checkbox(&mut auto, "Auto re-mint")
            .on_hover_text(
                "Re-mint a few seconds before the token expires, so the one shown is always valid",
            )
            .changed()
        {
            out.push(Command::Mint(MintCommand::AutoRemint(auto)));
        }
        let label = ui.label("Clock skew");
        let mut leeway = view.leeway;
        if ui
            .add(
                egui::DragValue::new(&mut leeway)
                    .range(0..=3600)
                    .suffix(" s")
                    .speed(1.0),
            )
            .labelled_by(label.id)
            .on_hover_text("Tolerance for clocks that disagree: how far past exp (or before nbf/iat) a token still counts as valid")
            .changed()
        {
            out.push(Command::Inspect(InspectCommand::Leeway(leeway)));
        }
    });
}

/// The share of the lifetime left, painted (no widget, so nothing for assistive technology).
fn lifetime_bar(ui: &mut egui::Ui, fraction: f32, color: egui::Color32, height: f32) {
    let rect = egui::Rect::from_min_size(ui.cursor().min, egui::vec2(ui.available_width(), height));
    ui.advance_cursor_after_rect(rect);
    let radius = height / 2.0;
    let painter = ui.painter();
    painter.rect_filled(rect, radius, ui.visuals().extreme_bg_color);
    let mut filled = rect;
    filled.set_width(rect.width() * fraction.clamp(0.0, 1.0));
    if filled.width() > 0.0 {
        painter.rect_filled(filled, radius, color);
    }
}

#[cfg(test)]
mod tests {
    use crate::ui::widgets::countdown::*;

    fn times(iat: f64, exp: f64) -> TimeClaims {
        TimeClaims {
            iat: Some(iat),
            nbf: None,
            exp: Some(exp),
        }
    }

    #[test]
    fn counts_down_then_up() {
        let t = times(1000.0, 1600.0);
        assert_eq!(countdown(&t, 1348, 0).text, "Expires in 4:12");
        assert_eq!(
            countdown(&t, 1348, 0).spoken,
            "Expires in 4 minutes 12 seconds"
        );
        assert_eq!(countdown(&t, 1348, 0).level, Level::Fine);
        assert!((countdown(&t, 1300, 0).fraction - 0.5).abs() < 1e-6);
        assert_eq!(countdown(&t, 1559, 0).level, Level::Soon);
        let expired = countdown(&t, 1637, 0);
        assert_eq!(expired.text, "Expired 0:37 ago");
        assert_eq!(expired.level, Level::Expired);
        assert_eq!(expired.fraction, 0.0);
        assert!(countdown(&t, 1610, 30).text.contains("skew tolerance"));
        let no_exp = TimeClaims::default();
        assert_eq!(countdown(&no_exp, 5, 0).level, Level::NoExpiry);
    }

    #[test]
    fn time_left_in_words_as_one_says_it() {
        assert_eq!(super::spoken_span(0), "0 seconds");
        assert_eq!(super::spoken_span(1), "1 second");
        assert_eq!(super::spoken_span(45), "45 seconds");
        assert_eq!(super::spoken_span(60), "1 minute");
        assert_eq!(super::spoken_span(499), "8 minutes 19 seconds");
        assert_eq!(super::spoken_span(3720), "1 hour 2 minutes");
        assert_eq!(super::spoken_span(3605), "1 hour");
        assert_eq!(super::spoken_span(90_061), "1 day 1 hour");
    }
}
