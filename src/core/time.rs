//! Time without a clock: every function here takes `now` (Unix seconds) as an argument.

use serde::Serialize;
use serde_json::{Map, Value};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

/// A lifetime or leeway the user typed that we can't read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("\"{text}\" is not a duration: {reason} (examples: 600, 600s, 10m, 1h30m)")]
pub struct DurationError {
    pub text: String,
    pub reason: String,
}

/// Reads `600`, `600s`, `10m`, `1h30m`, `1h 30m`, `2d` as whole seconds.
pub fn parse_duration(text: &str) -> Result<i64, DurationError> {
    let t = text.trim();
    let err = |reason: &str| DurationError {
        text: text.to_string(),
        reason: reason.to_string(),
    };
    if t.is_empty() {
        return Err(err("it is empty"));
    }
    if t.starts_with('-') {
        return Err(err("it is negative"));
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse::<i64>().map_err(|_| err("the number is too large"));
    }
    let d = humantime::parse_duration(t).map_err(|e| err(&e.to_string()))?;
    if d.subsec_nanos() != 0 {
        return Err(err("JWT times are whole seconds"));
    }
    i64::try_from(d.as_secs()).map_err(|_| err("the number is too large"))
}

/// How a time claim is written. RFC 7519 says a JSON number of seconds; people also write
/// fractions (Luxon's `toSeconds()`) and strings.
#[derive(Clone, Debug, PartialEq)]
pub enum NumericDate {
    Integer(i64),
    Fractional(f64),
    /// A string; `seconds` is what it reads as, if it reads as a number.
    Text {
        text: String,
        seconds: Option<f64>,
    },
    /// Anything else (boolean, object, null, a number out of range).
    Invalid(&'static str),
}

impl NumericDate {
    pub fn read(v: &Value) -> NumericDate {
        match v {
            Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    NumericDate::Integer(i)
                } else if let Some(f) = n.as_f64() {
                    if f.fract() == 0.0 && f.abs() < 9.0e15 {
                        // Written as 1700000000.0: a whole number of seconds.
                        #[allow(clippy::cast_possible_truncation)]
                        NumericDate::Integer(f as i64)
                    } else if f.is_finite() {
                        NumericDate::Fractional(f)
                    } else {
                        NumericDate::Invalid("a number out of range")
                    }
                } else {
                    NumericDate::Invalid("a number out of range")
                }
            }
            Value::String(s) => NumericDate::Text {
                text: s.clone(),
                seconds: s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
            },
            other => NumericDate::Invalid(super::json::kind_of(other)),
        }
    }

    /// The date in seconds, when it can be read as one.
    pub fn seconds(&self) -> Option<f64> {
        match self {
            #[allow(clippy::cast_precision_loss)]
            NumericDate::Integer(i) => Some(*i as f64),
            NumericDate::Fractional(f) => Some(*f),
            NumericDate::Text { seconds, .. } => *seconds,
            NumericDate::Invalid(_) => None,
        }
    }
}

/// iat, nbf and exp as seconds, read once.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TimeClaims {
    pub iat: Option<f64>,
    pub nbf: Option<f64>,
    pub exp: Option<f64>,
}

impl TimeClaims {
    pub fn read(payload: &Map<String, Value>) -> TimeClaims {
        let secs = |name: &str| payload.get(name).map(NumericDate::read)?.seconds();
        TimeClaims {
            iat: secs("iat"),
            nbf: secs("nbf"),
            exp: secs("exp"),
        }
    }

    /// The times as a vendor that accepts a token only `max_age` seconds after its `iat`
    /// (Kustomer, whatever `exp` says) sees them: `exp` becomes the earlier of the two.
    /// `None` when that rule does not cut the token's life short.
    pub fn cut_by_max_age(&self, max_age: Option<i64>) -> Option<TimeClaims> {
        #[allow(clippy::cast_precision_loss)]
        let until = self.iat? + max_age? as f64;
        if self.exp.is_some_and(|exp| exp <= until) {
            return None;
        }
        Some(TimeClaims {
            exp: Some(until),
            ..*self
        })
    }
}

fn to_datetime(secs: f64) -> Option<OffsetDateTime> {
    if !secs.is_finite() || secs.abs() > 2.5e11 {
        return None;
    }
    #[allow(clippy::cast_possible_truncation)]
    // Milliseconds are all a NumericDate ever carries in practice; rounding there keeps
    // 1795263444.603 from printing as .602.
    let nanos = (secs * 1e3).round() as i128 * 1_000_000;
    OffsetDateTime::from_unix_timestamp_nanos(nanos).ok()
}

/// The date and time of whole seconds in years 0–9999, written with `sep` between them
/// and `end` after: the common case, written directly (a scan writes tens of thousands).
fn whole_seconds(secs: f64, sep: char, end: &str) -> Option<Option<String>> {
    if secs.fract() != 0.0 {
        return None;
    }
    let dt = to_datetime(secs)?;
    if !(0..=9999).contains(&dt.year()) {
        return None;
    }
    // Digits pushed one by one: `format!` costs several times more, tens of thousands of
    // times over in a scan.
    let mut out = String::with_capacity(24);
    let digits = |out: &mut String, n: u32, width: u32| {
        for place in (0..width).rev() {
            let d = (n / 10u32.pow(place)) % 10;
            out.push(char::from(b'0' + u8::try_from(d).unwrap_or(0)));
        }
    };
    digits(&mut out, dt.year().unsigned_abs(), 4);
    out.push('-');
    digits(&mut out, u32::from(u8::from(dt.month())), 2);
    out.push('-');
    digits(&mut out, u32::from(dt.day()), 2);
    out.push(sep);
    digits(&mut out, u32::from(dt.hour()), 2);
    out.push(':');
    digits(&mut out, u32::from(dt.minute()), 2);
    out.push(':');
    digits(&mut out, u32::from(dt.second()), 2);
    out.push_str(end);
    Some(Some(out))
}

/// `2026-11-21 13:05:00 UTC` (with milliseconds when the time has a fraction).
pub fn format_utc(secs: f64) -> Option<String> {
    if let Some(text) = whole_seconds(secs, ' ', " UTC") {
        return text;
    }
    let dt = to_datetime(secs)?;
    let text = if secs.fract() == 0.0 {
        dt.format(format_description!(
            "[year]-[month]-[day] [hour]:[minute]:[second] UTC"
        ))
    } else {
        dt.format(format_description!(
            "[year]-[month]-[day] [hour]:[minute]:[second].[subsecond digits:3] UTC"
        ))
    };
    text.ok()
}

/// `2026-11-21T13:05:00Z`.
pub fn format_rfc3339(secs: f64) -> Option<String> {
    if let Some(text) = whole_seconds(secs, 'T', "Z") {
        return text;
    }
    to_datetime(secs)?.format(&Rfc3339).ok()
}

/// Reads an RFC 3339 time (`2026-11-21T13:05:00Z`) as Unix seconds.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    OffsetDateTime::parse(text.trim(), &Rfc3339)
        .ok()
        .map(OffsetDateTime::unix_timestamp)
}

/// A span of seconds in the two largest units: `45s`, `4m 12s`, `2h 5m`, `3d 4h`.
pub fn human_span(secs: i64) -> String {
    let mut rest = secs.unsigned_abs();
    let units = [(86_400, 'd'), (3_600, 'h'), (60, 'm'), (1, 's')];
    let Some(first) = units.iter().position(|(size, _)| rest >= *size) else {
        return "0s".to_string();
    };
    let mut out = String::with_capacity(12);
    for (size, name) in &units[first..(first + 2).min(units.len())] {
        let n = rest / size;
        rest %= size;
        if n > 0 {
            if !out.is_empty() {
                out.push(' ');
            }
            push_number(&mut out, n);
            out.push(*name);
        }
    }
    out
}

/// Appends `n` in decimal.
fn push_number(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + u8::try_from(rest % 10).unwrap_or(0);
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

/// `4:12`, `1:02:03` — the countdown the window shows.
pub fn clock_span(secs: i64) -> String {
    let s = secs.unsigned_abs();
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// `in 4m 12s` / `3m ago` / `now`.
/// Unix seconds as the f64 the formatters take: exact for any time within ±285 million
/// years (2^53 seconds), which is every time a claim can be shown as.
pub fn as_f64(secs: i64) -> f64 {
    #[allow(clippy::cast_precision_loss)] // exact below 2^53, see above
    let f = secs as f64;
    f
}

pub fn relative(secs: f64, now: i64) -> String {
    #[allow(clippy::cast_possible_truncation)] // rounded seconds: far inside i64
    let delta = (secs - as_f64(now)).round() as i64;
    match delta {
        0 => "now".to_string(),
        d if d > 0 => "in ".to_string() + &human_span(d),
        d => format!("{} ago", human_span(d)),
    }
}

/// Where a token stands at `now`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Validity {
    /// `nbf` (or `iat`) is later than `now` + leeway.
    NotYetValid { starts_in: i64 },
    /// Valid now; `expires_in` is None without `exp`.
    Valid { expires_in: Option<i64> },
    /// `now` is at or past `exp` + leeway.
    Expired { ago: i64 },
}

impl Validity {
    /// Follows RFC 7519 and PyJWT: expired when `exp <= now - leeway`; not yet valid when
    /// `nbf > now + leeway` or `iat > now + leeway`.
    pub fn at(payload: &Map<String, Value>, now: i64, leeway: i64) -> Validity {
        Validity::of(&TimeClaims::read(payload), now, leeway)
    }

    /// As [`Validity::at`], from time claims already read.
    pub fn of(times: &TimeClaims, now: i64, leeway: i64) -> Validity {
        #[allow(clippy::cast_precision_loss)]
        let (nowf, leewayf) = (now as f64, leeway as f64);
        #[allow(clippy::cast_possible_truncation)]
        let whole = |f: f64| f.ceil() as i64;
        let exp = times.exp;
        if let Some(exp) = exp
            && exp <= nowf - leewayf
        {
            return Validity::Expired {
                ago: whole(nowf - exp).max(0),
            };
        }
        let start = [times.nbf, times.iat]
            .into_iter()
            .flatten()
            .filter(|t| *t > nowf + leewayf)
            .fold(None, |m: Option<f64>, t| Some(m.map_or(t, |m| m.max(t))));
        if let Some(start) = start {
            return Validity::NotYetValid {
                starts_in: whole(start - nowf),
            };
        }
        Validity::Valid {
            expires_in: exp.map(|e| whole(e - nowf)),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Validity::NotYetValid { starts_in } => {
                format!("not yet valid (starts in {})", human_span(*starts_in))
            }
            Validity::Valid {
                expires_in: Some(s),
            } if *s <= 0 => "valid (within the clock-skew leeway, past its exp)".to_string(),
            Validity::Valid {
                expires_in: Some(s),
            } => format!("valid for {}", human_span(*s)),
            Validity::Valid { expires_in: None } => "valid (no expiry)".to_string(),
            Validity::Expired { ago } => format!("expired {} ago", human_span(*ago)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn max_age_cuts_a_token_short_only_when_it_ends_first() {
        let t = |iat, exp| TimeClaims {
            iat,
            nbf: None,
            exp,
        };
        // Kustomer: no exp, good for 15 minutes after iat.
        assert_eq!(
            t(Some(1000.0), None).cut_by_max_age(Some(900)),
            Some(t(Some(1000.0), Some(1900.0)))
        );
        // An exp after that is cut to it; an earlier exp stands.
        assert_eq!(
            t(Some(1000.0), Some(5000.0)).cut_by_max_age(Some(900)),
            Some(t(Some(1000.0), Some(1900.0)))
        );
        assert_eq!(
            t(Some(1000.0), Some(1600.0)).cut_by_max_age(Some(900)),
            None
        );
        // Without iat, or without the rule, nothing to cut.
        assert_eq!(t(None, None).cut_by_max_age(Some(900)), None);
        assert_eq!(t(Some(1000.0), None).cut_by_max_age(None), None);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("600"), Ok(600));
        assert_eq!(parse_duration("600s"), Ok(600));
        assert_eq!(parse_duration("10m"), Ok(600));
        assert_eq!(parse_duration("1h30m"), Ok(5400));
        assert_eq!(parse_duration("1h 30m"), Ok(5400));
        assert_eq!(parse_duration("2d"), Ok(172_800));
        for bad in ["", "-5", "ten", "1.5s", "10x", "99999999999999999999"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn numeric_dates() {
        assert_eq!(
            NumericDate::read(&json!(1_700_000_000)),
            NumericDate::Integer(1_700_000_000)
        );
        assert_eq!(
            NumericDate::read(&json!(1_700_000_000.0)),
            NumericDate::Integer(1_700_000_000)
        );
        assert_eq!(
            NumericDate::read(&json!(1_795_263_444.603)),
            NumericDate::Fractional(1_795_263_444.603)
        );
        assert_eq!(
            NumericDate::read(&json!("1700000000")).seconds(),
            Some(1.7e9)
        );
        assert_eq!(
            NumericDate::read(&json!(true)),
            NumericDate::Invalid("a boolean")
        );
    }

    #[test]
    fn formatting() {
        assert_eq!(
            format_utc(1_300_819_380.0).as_deref(),
            Some("2011-03-22 18:43:00 UTC")
        );
        assert_eq!(
            format_utc(1_795_263_444.603).as_deref(),
            Some("2026-11-21 12:17:24.603 UTC")
        );
        assert_eq!(format_rfc3339(0.0).as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(format_utc(1e300), None);
        // Whole seconds are written directly: the same text as the time crate writes, and
        // the same refusal outside years 0–9999.
        for secs in [
            -62_167_219_200.0,
            -1.0,
            951_782_400.0,
            1_795_946_400.0,
            253_402_300_799.0,
            253_402_300_800.0,
            -62_167_219_201.0,
        ] {
            let via_time = to_datetime(secs).and_then(|d| d.format(&Rfc3339).ok());
            assert_eq!(format_rfc3339(secs), via_time, "{secs}");
        }
        assert_eq!(parse_rfc3339("2011-03-22T18:43:00Z"), Some(1_300_819_380));
        assert_eq!(human_span(45), "45s");
        assert_eq!(human_span(252), "4m 12s");
        assert_eq!(human_span(180), "3m");
        assert_eq!(human_span(7500), "2h 5m");
        assert_eq!(human_span(7200), "2h");
        assert_eq!(human_span(0), "0s");
        assert_eq!(human_span(-3600 * 24 * 3 - 3600 * 4), "3d 4h");
        assert_eq!(clock_span(252), "4:12");
        assert_eq!(clock_span(37), "0:37");
        assert_eq!(clock_span(3723), "1:02:03");
        assert_eq!(relative(1000.0, 748), "in 4m 12s");
        assert_eq!(relative(1000.0, 1180), "3m ago");
    }

    #[test]
    fn validity_follows_pyjwt() {
        let p = obj(json!({"iat": 1000, "exp": 1600}));
        assert_eq!(
            Validity::at(&p, 1348, 0),
            Validity::Valid {
                expires_in: Some(252)
            }
        );
        assert_eq!(Validity::at(&p, 1600, 0), Validity::Expired { ago: 0 });
        assert_eq!(Validity::at(&p, 1780, 0), Validity::Expired { ago: 180 });
        assert_eq!(
            Validity::at(&p, 1630, 60),
            Validity::Valid {
                expires_in: Some(-30)
            }
        );
        assert_eq!(
            Validity::at(&p, 900, 0),
            Validity::NotYetValid { starts_in: 100 }
        );
        assert_eq!(
            Validity::at(&p, 900, 120),
            Validity::Valid {
                expires_in: Some(700)
            }
        );
        let nbf = obj(json!({"nbf": 2000}));
        assert_eq!(
            Validity::at(&nbf, 1000, 0).describe(),
            "not yet valid (starts in 16m 40s)"
        );
        assert_eq!(
            Validity::at(&obj(json!({})), 5, 0).describe(),
            "valid (no expiry)"
        );
        let frac = obj(json!({"exp": 1600.5}));
        assert_eq!(
            Validity::at(&frac, 1600, 0),
            Validity::Valid {
                expires_in: Some(1)
            }
        );
        assert_eq!(Validity::at(&p, 1780, 0).describe(), "expired 3m ago");
    }
}
