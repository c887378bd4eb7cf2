//! The tokens a scan found: each once, with every place it appears, in time order.

use std::collections::HashMap;

use super::Place;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundToken {
    pub token: String,
    pub places: Vec<Place>,
}

/// Collects hits as they come; [`Found::tokens`] gives them in order.
#[derive(Clone, Debug, Default)]
pub struct Found {
    tokens: Vec<FoundToken>,
    /// Each place's order key, beside `tokens[i].places`.
    keys: Vec<Vec<Key>>,
    index: HashMap<String, usize>,
    seen: u64,
}

/// When a place was: its entry's start time (nanoseconds), the entry, the line, then the
/// order the scan met it in.
type Key = (i128, usize, usize, u64);

impl Found {
    /// Adds one place where `token` was seen; the same place twice counts once. Returns the
    /// token's index, and whether it is new.
    pub fn add(&mut self, token: &str, place: Place) -> (usize, bool) {
        self.seen += 1;
        let key = order(&place, self.seen);
        if let Some(&i) = self.index.get(token) {
            let places = &mut self.tokens[i].places;
            // Hits come entry by entry (line by line), so the same place can only be among
            // the last ones added for this entry or line.
            let same_spot = |p: &&Place| p.entry == place.entry && p.line == place.line;
            if !places
                .iter()
                .rev()
                .take_while(same_spot)
                .any(|p| *p == place)
            {
                places.push(place);
                self.keys[i].push(key);
            }
            return (i, false);
        }
        let i = self.tokens.len();
        self.index.insert(token.to_string(), i);
        self.tokens.push(FoundToken {
            token: token.to_string(),
            places: vec![place],
        });
        self.keys.push(vec![key]);
        (i, true)
    }

    /// Tokens already in order (from [`Found::into_tokens`]), to add to.
    pub fn from_tokens(tokens: Vec<FoundToken>) -> Found {
        let mut found = Found::default();
        for t in tokens {
            for p in t.places {
                found.add(&t.token, p);
            }
        }
        found
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// As found so far, in the order first seen in the file.
    pub fn as_found(&self) -> &[FoundToken] {
        &self.tokens
    }

    /// Each token's places in time order (the entry's start, then its index, then the line),
    /// and the tokens in order of first appearance.
    pub fn into_tokens(self) -> Vec<FoundToken> {
        let mut tokens: Vec<(Key, FoundToken)> = self
            .tokens
            .into_iter()
            .zip(self.keys)
            .map(|(mut t, keys)| {
                let mut keyed: Vec<_> = keys.into_iter().zip(t.places).collect();
                keyed.sort_by_key(|(k, _)| *k);
                let first = keyed.first().map_or((0, 0, 0, 0), |(k, _)| *k);
                t.places = keyed.into_iter().map(|(_, p)| p).collect();
                (first, t)
            })
            .collect();
        tokens.sort_by_key(|(k, _)| *k);
        tokens.into_iter().map(|(_, t)| t).collect()
    }
}

fn order(p: &Place, seen: u64) -> Key {
    let when = p
        .started
        .as_deref()
        .and_then(|s| {
            time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
        })
        .map_or(i128::MAX, time::OffsetDateTime::unix_timestamp_nanos);
    (
        when,
        p.entry.unwrap_or(usize::MAX),
        p.line.unwrap_or(usize::MAX),
        seen,
    )
}
