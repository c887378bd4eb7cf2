//! Which vendor preset a pasted token most looks like.

use serde_json::Value;

use super::alg::Alg;
use super::decode::Decoded;
use super::preset::{Fill, Preset, Presets};

/// Every claim name the presets know, numbered once, and each preset's claims by number:
/// a token's claims are then looked up once, not once for each of the presets weighed.
#[derive(Clone, Debug, Default)]
pub struct ClaimIndex {
    numbers: std::collections::HashMap<String, usize>,
    /// For each preset (in list order), its claims' numbers in its order.
    presets: Vec<Vec<usize>>,
}

impl ClaimIndex {
    pub fn of(presets: &Presets) -> ClaimIndex {
        let mut index = ClaimIndex::default();
        for preset in presets.iter() {
            let numbers = (preset.claims.iter())
                .map(|spec| {
                    let next = index.numbers.len();
                    *index.numbers.entry(spec.name.clone()).or_insert(next)
                })
                .collect();
            index.presets.push(numbers);
        }
        index
    }
}

/// Scores how well `token` fits `preset`: constants that match weigh most, then required
/// claims present; missing required claims and a foreign algorithm count against.
pub fn score(token: &Decoded, preset: &Preset) -> i32 {
    let Some(payload) = &token.payload.object else {
        return i32::MIN;
    };
    score_with(token, preset, |i| {
        let spec = &preset.claims[i];
        super::json::member(payload, &spec.name)
    })
}

/// [`score`], with the preset's `i`th claim's value as `claim(i)` gives it.
fn score_with<'v>(
    token: &Decoded,
    preset: &Preset,
    claim: impl Fn(usize) -> Option<&'v Value>,
) -> i32 {
    let mut score = 0;
    for (i, spec) in preset.claims.iter().enumerate() {
        let value = claim(i);
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
            score += if header.is_some_and(|h| super::json::member(h, &spec.name).is_some()) {
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
    let payload = token.payload.object.as_ref()?;
    // The token's claims by the presets' numbers: looked up once for every preset.
    let index = presets.claim_index();
    let mut values: Vec<Option<&Value>> = vec![None; index.numbers.len()];
    for (name, value) in payload {
        if let Some(&n) = index.numbers.get(name.as_str()) {
            values[n] = Some(value);
        }
    }
    let mut scored: Vec<(i32, &Preset)> = presets
        .iter()
        .zip(&index.presets)
        .filter(|(p, _)| !p.algorithms().is_empty())
        .map(|(p, numbers)| (score_with(token, p, |i| values[numbers[i]]), p))
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
