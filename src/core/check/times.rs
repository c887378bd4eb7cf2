//! The time claims: NumericDate types, exp/nbf/iat against the clock (with the leeway), and
//! the preset's maximum lifetime.

use serde_json::{Map, Value};

use super::CheckOptions;
use crate::core::finding::{
    Finding, Part, RFC7519_EXP, RFC7519_NBF, RFC7519_NUMERICDATE, Severity,
};
use crate::core::preset::Preset;
use crate::core::time::{NumericDate, TimeClaims, Validity, format_utc, human_span};

/// A NumericDate above this (the year 5138) is milliseconds written where seconds belong.
const MILLISECONDS_FROM: i64 = 100_000_000_000;

fn date_text(secs: f64) -> String {
    format_utc(secs).unwrap_or_else(|| format!("{secs}"))
}

pub(super) fn check_times(
    payload: &Map<String, Value>,
    times: &TimeClaims,
    preset: Option<&Preset>,
    opts: &CheckOptions<'_>,
    out: &mut Vec<Finding>,
) {
    for name in ["iat", "nbf", "exp"] {
        let Some(v) = crate::core::json::member(payload, name) else {
            continue;
        };
        let integer_only = preset
            .and_then(|p| p.claim(name))
            .is_some_and(|s| s.integer);
        let f = |sev: Severity, rule: &str, msg: String| {
            Finding::new(sev, Part::Payload, rule, msg)
                .claim(name)
                .source(Some(RFC7519_NUMERICDATE))
        };
        match NumericDate::read(v) {
            // Past the year 5000: the sender wrote milliseconds (Java's Date.getTime()).
            NumericDate::Integer(ms) if ms > MILLISECONDS_FROM => out.push(f(
                Severity::Error,
                "milliseconds",
                format!(
                    "{name} is {ms}: milliseconds, not seconds (in seconds it would be {}).",
                    date_text(crate::core::time::as_f64(ms / 1000))
                ),
            )),
            NumericDate::Integer(_) => {}
            NumericDate::Fractional(x) => out.push(if integer_only {
                f(
                    Severity::Error,
                    "integer-numericdate",
                    format!("{name} is {x}; this vendor wants whole seconds."),
                )
            } else {
                f(
                    Severity::Warning,
                    "fractional-numericdate",
                    format!("{name} has a fraction ({x}); RFC 7519 allows it, but some widgets expect whole seconds."),
                )
            }),
            NumericDate::Text { text, seconds } => out.push(match seconds {
                Some(_) => f(
                    Severity::Warning,
                    "string-numericdate",
                    format!("{name} is the string \"{text}\"; RFC 7519 wants a number, and many verifiers reject strings."),
                ),
                None => f(
                    Severity::Error,
                    "numericdate-type",
                    format!("{name} is the string \"{text}\", which is not a time at all."),
                ),
            }),
            NumericDate::Invalid(kind) => out.push(f(
                Severity::Error,
                "numericdate-type",
                format!("{name} is {kind}; it must be a number of seconds since 1970."),
            )),
        }
    }
    let TimeClaims { iat, nbf, exp } = *times;
    if let (Some(iat), Some(exp)) = (iat, exp)
        && exp <= iat
    {
        out.push(
            Finding::error(
                Part::Payload,
                "exp-before-iat",
                format!(
                    "exp ({}) is not after iat ({}): the token is born expired.",
                    date_text(exp),
                    date_text(iat)
                ),
            )
            .claim("exp")
            .source(Some(RFC7519_EXP)),
        );
    }
    if let (Some(nbf), Some(exp)) = (nbf, exp)
        && nbf >= exp
    {
        out.push(
            Finding::error(
                Part::Payload,
                "nbf-after-exp",
                "nbf is not before exp: the token is never valid.",
            )
            .claim("nbf")
            .source(Some(RFC7519_NBF)),
        );
    }
    match Validity::of(times, opts.now, opts.leeway) {
        Validity::Expired { ago } => out.push(
            Finding::error(
                Part::Payload,
                "expired",
                format!(
                    "Expired {} ago (exp {}).",
                    human_span(ago),
                    exp.map_or_else(String::new, date_text)
                ),
            )
            .claim("exp")
            .source(Some(RFC7519_EXP)),
        ),
        Validity::NotYetValid { starts_in } => {
            let claim = match (nbf, iat) {
                (Some(n), Some(i)) if i > n => "iat",
                (Some(_), _) => "nbf",
                _ => "iat",
            };
            let why = if claim == "iat" {
                "iat is in the future: is a clock wrong?"
            } else {
                "nbf has not arrived yet."
            };
            out.push(
                Finding::error(
                    Part::Payload,
                    "not-yet-valid",
                    format!("Not valid for another {} ({why})", human_span(starts_in)),
                )
                .claim(claim)
                .source(Some(RFC7519_NBF)),
            );
        }
        Validity::Valid { .. } => {}
    }
}

pub(super) fn check_lifetime(
    times: &TimeClaims,
    p: &Preset,
    opts: &CheckOptions,
    out: &mut Vec<Finding>,
) {
    check_age(times, p, opts, out);
    let now = opts.now;
    let Some(exp) = times.exp else { return };
    #[allow(clippy::cast_precision_loss)]
    let (from, what) = match times.iat {
        Some(iat) => (iat, "after iat"),
        None => (now as f64, "from now"),
    };
    #[allow(clippy::cast_possible_truncation)]
    let life = (exp - from).ceil() as i64;
    if let Some(min) = p.lifetime.min
        && life < min
        && times.iat.is_some()
    {
        out.push(
            Finding::warning(
                Part::Payload,
                "short-lifetime",
                format!(
                    "exp is {} {what}; {} advises at least {}.",
                    human_span(life),
                    p.vendor,
                    human_span(min)
                ),
            )
            .claim("exp")
            .source(p.lifetime.source.as_deref()),
        );
    }
    let Some(max) = p.lifetime.max else { return };
    if life > max {
        let mut msg = format!(
            "exp is {} {what}; {} allows at most {}.",
            human_span(life),
            p.vendor,
            human_span(max)
        );
        if let Some(m) = &p.lifetime.message {
            msg = format!("{msg} {m}");
        }
        out.push(
            Finding::new(p.lifetime.max_severity, Part::Payload, "max-lifetime", msg)
                .claim("exp")
                .source(p.lifetime.source.as_deref()),
        );
    }
}

/// The vendor's own clock on `iat`: accepted only so long after it (Kustomer), with the same
/// clock-skew tolerance as `exp`. When `exp` comes first, "expired" says it all.
fn check_age(times: &TimeClaims, p: &Preset, opts: &CheckOptions, out: &mut Vec<Finding>) {
    let (Some(max_age), Some(iat)) = (p.lifetime.max_age, times.iat) else {
        return;
    };
    let Some(cut) = times.cut_by_max_age(Some(max_age)) else {
        return;
    };
    if !matches!(
        Validity::of(&cut, opts.now, opts.leeway),
        Validity::Expired { .. }
    ) {
        return;
    }
    #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
    let age = (opts.now as f64 - iat).floor() as i64;
    out.push(
        Finding::error(
            Part::Payload,
            "too-old",
            format!(
                "iat was {} ago; {} accepts a token for {} after iat, whatever exp says.",
                human_span(age),
                p.vendor,
                human_span(max_age)
            ),
        )
        .claim("iat")
        .source(p.lifetime.source.as_deref()),
    );
}

/// The token's times as its vendor counts them, when the vendor accepts a token only so long
/// after `iat` and that ends before `exp` (Kustomer): `exp` moved to then, and why, for the
/// window's countdown.
pub fn vendor_clock(times: &TimeClaims, p: &Preset) -> Option<(TimeClaims, String)> {
    let max_age = p.lifetime.max_age?;
    let cut = times.cut_by_max_age(Some(max_age))?;
    let span = human_span(max_age);
    let note = if times.exp.is_some() {
        format!(
            "{} accepts it for {span} after iat, before its exp: the countdown runs to then.",
            p.vendor
        )
    } else {
        format!(
            "No exp: {} accepts it for {span} after iat; the countdown runs to then.",
            p.vendor
        )
    };
    Some((cut, note))
}
