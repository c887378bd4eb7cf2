//! Findings about a decoded token: RFC 7519 rules for every token, plus the preset's.

use serde_json::{Map, Value};

mod fields;
mod times;

use fields::{check_field, check_rule};
pub use times::vendor_clock;
use times::{check_lifetime, check_times};

use super::alg::{Alg, Family};
use super::decode::Decoded;
use super::finding::{Finding, Part, RFC7515, RFC7518_HMAC, RFC8725_ALG};
use super::json::{kind_of, member};
use super::key::KeySet;
use super::preset::Preset;
use super::time::TimeClaims;

/// What the checks need besides the token and the preset.
#[derive(Clone, Copy, Debug, Default)]
pub struct CheckOptions<'a> {
    /// Unix seconds.
    pub now: i64,
    /// Clock-skew tolerance in seconds for exp/nbf/iat.
    pub leeway: i64,
    /// The key the token is checked against, for key-strength findings.
    pub keys: Option<&'a KeySet>,
}

/// Every finding about `token`: decode problems, RFC 7519 time rules, the algorithm, and
/// the preset's rules when one is given.
pub fn check(token: &Decoded, preset: Option<&Preset>, opts: &CheckOptions<'_>) -> Vec<Finding> {
    let mut out = token.problems.clone();
    if let Some(header) = &token.header.object {
        duplicates(&token.header.duplicates, Part::Header, &mut out);
        check_alg(header, preset, &mut out);
        if header.contains_key("crit") {
            out.push(
                Finding::warning(
                    Part::Header,
                    "crit",
                    "The header lists critical extensions (\"crit\"); verifiers that follow RFC 7515 reject tokens whose extensions they don't support.",
                )
                .claim("crit")
                .source(Some("https://www.rfc-editor.org/rfc/rfc7515#section-4.1.11")),
            );
        }
        if let Some(p) = preset {
            for spec in &p.header {
                check_field(spec, member(header, &spec.name), Part::Header, &mut out);
            }
        }
        check_key_strength(header, opts.keys, &mut out);
    }
    if let Some(payload) = &token.payload.object {
        duplicates(&token.payload.duplicates, Part::Payload, &mut out);
        let times = TimeClaims::read(payload);
        check_times(payload, &times, preset, opts, &mut out);
        if let Some(p) = preset {
            for spec in &p.claims {
                check_field(spec, member(payload, &spec.name), Part::Payload, &mut out);
            }
            check_lifetime(&times, p, opts, &mut out);
            for rule in &p.rules {
                check_rule(rule, payload, &mut out);
            }
        }
    }
    if let Some(p) = preset
        && let Some(max) = p.token.max_bytes
        && token.compact.len() > max
    {
        out.push(
            Finding::error(
                Part::Token,
                "max-token-bytes",
                format!(
                    "The token is {} bytes; {} accepts at most {max}.",
                    token.compact.len(),
                    p.vendor
                ),
            )
            .source(p.token.source.as_deref()),
        );
    }
    out
}

/// The preset's rules for each claim and across claims, on values alone (an identity
/// hash's fields, which are not in a token).
pub fn check_values(
    preset: &Preset,
    values: &serde_json::Map<String, serde_json::Value>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for spec in &preset.claims {
        check_field(spec, member(values, &spec.name), Part::Payload, &mut out);
    }
    for rule in &preset.rules {
        check_rule(rule, values, &mut out);
    }
    out
}

fn duplicates(paths: &[String], part: Part, out: &mut Vec<Finding>) {
    for path in paths {
        out.push(
            Finding::warning(
                part,
                "duplicate-key",
                format!("\"{path}\" appears more than once; verifiers disagree on which value wins (this one shows the last)."),
            )
            .claim(path)
            .source(Some(RFC7515)),
        );
    }
}

fn check_alg(header: &Map<String, Value>, preset: Option<&Preset>, out: &mut Vec<Finding>) {
    let finding = |rule: &str, msg: String| {
        Finding::error(Part::Header, rule, msg)
            .claim("alg")
            .source(Some(RFC8725_ALG))
    };
    match member(header, "alg") {
        None => out.push(finding("alg-missing", "The header has no \"alg\".".into())),
        Some(Value::String(a)) if a.eq_ignore_ascii_case("none") => out.push(finding(
            "alg-none",
            "\"alg\": \"none\" means the token is unsigned; no widget should accept it.".into(),
        )),
        Some(Value::String(a)) => match Alg::from_jose(a) {
            None => out.push(finding(
                "alg-unsupported",
                format!("\"{a}\" is not a JWS signature algorithm tokenbench knows (names are case-sensitive)."),
            )),
            Some(alg) => {
                if let Some(p) = preset
                    && !p.algorithms().is_empty()
                    && !p.algorithms().contains(&alg)
                {
                    let names: Vec<&str> = p.algorithms().iter().map(|a| a.name()).collect();
                    out.push(
                        finding(
                            "alg-not-allowed",
                            format!("{} expects {}; this token says {alg}.", p.vendor, names.join(" or ")),
                        )
                        .source(p.key.source.as_deref()),
                    );
                }
            }
        },
        Some(other) => out.push(finding(
            "alg-unsupported",
            format!("\"alg\" is {}, not a string.", kind_of(other)),
        )),
    }
}

fn check_key_strength(header: &Map<String, Value>, keys: Option<&KeySet>, out: &mut Vec<Finding>) {
    let Some(alg) = member(header, "alg")
        .and_then(Value::as_str)
        .and_then(Alg::from_jose)
    else {
        return;
    };
    if alg.family() != Family::Hmac {
        return;
    }
    let shortest = keys
        .into_iter()
        .flat_map(|k| &k.keys)
        .filter_map(|k| k.secret_len())
        .min();
    if let Some(len) = shortest
        && len < alg.hash_len()
    {
        out.push(
            Finding::warning(
                Part::Key,
                "short-secret",
                format!(
                    "The secret is {len} bytes; RFC 7518 requires at least {} for {alg}, and short secrets can be brute-forced from one token.",
                    alg.hash_len()
                ),
            )
            .source(Some(RFC7518_HMAC)),
        );
    }
}

#[cfg(test)]
mod tests;
