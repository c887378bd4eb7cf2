//! Which vendor preset a pasted token most looks like.

use serde_json::Value;

use super::alg::Alg;
use super::decode::Decoded;
use super::preset::{Fill, Preset, Presets};

/// Scores how well `token` fits `preset`: constants that match weigh most, then required
/// claims present; missing required claims and a foreign algorithm count against.
pub fn score(token: &Decoded, preset: &Preset) -> i32 {
    let Some(payload) = &token.payload.object else {
        return i32::MIN;
    };
    let mut score = 0;
    for spec in &preset.claims {
        let value = payload.get(&spec.name);
        match (value, &spec.constant) {
            (Some(v), Some(c)) if v == c => score += 4,
            (Some(_), Some(_)) => score -= 3,
            _ => {}
        }
        let distinctive = !matches!(spec.fill, Fill::Clock | Fill::Lifetime);
        match value {
            Some(_) if spec.required && distinctive => score += 2,
            Some(_) if distinctive => score += 1,
            None if spec.required => score -= 3,
            _ => {}
        }
        if let (Some(Value::String(s)), Some(re)) = (value, &spec.pattern_re) {
            score += if re.is_match(s) { 2 } else { -1 };
        }
    }
    let header = token.header.object.as_ref();
    for spec in &preset.header {
        if spec.required && spec.name != "alg" {
            score += if header.is_some_and(|h| h.contains_key(&spec.name)) {
                1
            } else {
                -3
            };
        }
    }
    if let Some(alg) = token.alg().and_then(Alg::from_jose)
        && !preset.algorithms().is_empty()
    {
        score += if preset.algorithms().contains(&alg) {
            1
        } else {
            -4
        };
    }
    score
}

/// The preset whose rules a token found in a capture is checked against when none was
/// chosen: the suggestion, only when more than a `sub` and an algorithm fit it (a vendor's
/// errors are not laid on a token that merely has a subject).
pub fn resembling<'a>(token: &Decoded, presets: &'a Presets) -> Option<&'a Preset> {
    suggest_preset(token, presets).filter(|p| score(token, p) >= 4)
}

/// The best vendor preset for `token`, if one clearly fits (never `generic`).
pub fn suggest_preset<'a>(token: &Decoded, presets: &'a Presets) -> Option<&'a Preset> {
    let mut scored: Vec<(i32, &Preset)> = presets
        .iter()
        .filter(|p| !p.algorithms().is_empty())
        .map(|p| (score(token, p), p))
        .filter(|(s, _)| *s >= 3)
        .collect();
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    match scored.as_slice() {
        [] => None,
        [(_, only)] => Some(only),
        [(best, p), (second, _), ..] if best > second => Some(p),
        // A tie between a preset and its derivative (Connect vs ForgeRock > Connect): the first listed.
        [(_, p), ..] => Some(p),
    }
}
