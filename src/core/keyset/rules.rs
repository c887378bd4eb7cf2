//! The vendor's own key-set rules, from the preset's `[keyset]` data.

use super::{Against, Format, KeyInfo, day_text as day, finding};
use crate::core::finding::{Finding, Severity};
use crate::core::preset::Preset;

const DAY: i64 = 86_400;

pub(super) fn vendor(
    preset: &Preset,
    format: Format,
    keys: &[KeyInfo],
    with: &Against<'_>,
    out: &mut Vec<Finding>,
) {
    let Some(rules) = &preset.keyset else {
        return;
    };
    let source = rules.source.as_deref().or(preset.key.source.as_deref());
    let vendor = &preset.vendor;
    let mut push = |f: Finding| out.push(f.source(source));
    let algorithms = if rules.algorithms.is_empty() {
        &preset.key.algorithms
    } else {
        &rules.algorithms
    };
    for (i, k) in keys.iter().enumerate() {
        let name = k.name(i);
        // The members a vendor requires of a JWK; a key list has its own (below).
        if !matches!(format, Format::List(_)) {
            for member in &rules.required_members {
                if !k.members.iter().any(|m| m == member) {
                    push(finding(
                        Severity::Error,
                        "keyset-member-missing",
                        Some((k, member)),
                        format!(
                            "{name} has no \"{member}\": {vendor} requires {} on every key.",
                            quoted(&rules.required_members)
                        ),
                    ));
                }
            }
        }
        if let Some(alg) = &k.alg {
            let allowed = algorithms.is_empty() || algorithms.iter().any(|a| a.name() == alg);
            if !allowed {
                let names: Vec<&str> = algorithms.iter().map(|a| a.name()).collect();
                push(finding(
                    Severity::Error,
                    "keyset-alg",
                    Some((k, "alg")),
                    format!(
                        "{name} is for {alg}; {vendor} accepts only {}.",
                        names.join(" or ")
                    ),
                ));
            }
        }
        if let (Some(days), Some(cert)) = (rules.certificate_min_days, &k.certificate) {
            let left = cert.not_after - with.now;
            if left >= 0 && left < days * DAY {
                push(finding(
                    Severity::Error,
                    "keyset-certificate-soon",
                    Some((k, "x5c")),
                    format!(
                        "{name}'s certificate expires on {} ({} days from now); {vendor} wants at least {days} more days.",
                        day(cert.not_after),
                        left / DAY
                    ),
                ));
            }
        }
        if rules.expiry_in_future {
            let member = match format {
                Format::List(list) => list.expiry.as_deref(),
                _ => None,
            };
            match (k.expiry, member) {
                (Some(expiry), _) if expiry <= with.now => push(finding(
                    Severity::Error,
                    "keyset-expired",
                    Some((k, member.unwrap_or("expiry"))),
                    format!(
                        "{name} expired on {}: {vendor} no longer trusts it.",
                        day(expiry)
                    ),
                )),
                (None, Some(member)) => push(finding(
                    Severity::Error,
                    "keyset-expiry-missing",
                    Some((k, member)),
                    format!("{name} has no numeric \"{member}\" (Unix seconds)."),
                )),
                _ => {}
            }
        }
        if let Format::List(list) = format
            && list.kid_required
            && k.kid.is_none()
        {
            push(finding(
                Severity::Error,
                "keyset-kid-missing",
                Some((k, &list.kid)),
                format!("{name} has no \"{}\": {vendor} picks keys by it.", list.kid),
            ));
        }
    }
    out.extend(issuer_rule(preset, with.issuer, with.token_iss));
}

/// The vendor's rule that the key set's issuer equals the token's `iss`, when both are known.
pub fn issuer_rule(preset: &Preset, issuer: Option<&str>, iss: Option<&str>) -> Option<Finding> {
    let rules = preset.keyset.as_ref().filter(|r| r.issuer_is_iss)?;
    let (issuer, iss) = (issuer?, iss?);
    if issuer.trim_end_matches('/') == iss.trim_end_matches('/') {
        return None;
    }
    let source = rules.source.as_deref().or(preset.key.source.as_deref());
    Some(
        finding(Severity::Error, "keyset-issuer", None, format!("The key set's issuer is \"{issuer}\" but the token's iss is \"{iss}\": {} requires them to be equal.", preset.vendor))
            .claim("iss")
            .source(source),
    )
}

fn quoted(names: &[String]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    q.join(", ")
}
