//! The tokens a scan found: each once, with every place it appears, in time order.
//!
//! Kept compact whatever the capture's shape: a token's text, and its places' times, methods
//! and URLs, are spans of the scanned bytes (the mapped file), not copies; a place is three
//! numbers; the same place twice counts once without comparing it with every other. What a
//! scan holds so grows with the number of tokens and places, never with their length times
//! their number (a 3 MB URL carrying 30,000 tokens is not copied 30,000 times).

use hashbrown::{DefaultHashBuilder, HashTable};
use std::hash::{BuildHasher, Hasher};

use super::{Location, Place, PlaceRef};

/// Where a text is: `len` bytes at `at` of the scanned bytes, or of `owned` (top bit of
/// `len` set) when it is not in them (unescaped, decoded from base64).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Span {
    at: u32,
    len: u32,
}

const OWNED: u32 = 1 << 31;
const NONE: u32 = u32::MAX;

impl Span {
    /// No text (a slot's missing time, method or URL): 8 bytes where an `Option` takes 12.
    const ABSENT: Span = Span {
        at: NONE,
        len: NONE,
    };

    fn of(span: Option<Span>) -> Span {
        span.unwrap_or(Span::ABSENT)
    }

    fn get(self) -> Option<Span> {
        (self != Span::ABSENT).then_some(self)
    }
}

/// The longest a place's time, method or location is kept (longer is no capture's own).
const SHORT_TEXT: usize = 200;

#[derive(Clone, Copy, Debug)]
struct Tok {
    text: Span,
    /// The slot and location of the token's last place: a repeat is told at once.
    last_slot: u32,
    last_loc: u32,
    places: u32,
}

/// One HAR entry (or line of text) that holds a hit.
#[derive(Clone, Copy, Debug)]
struct Slot {
    entry: u32,
    line: u32,
    started: Span,
    method: Span,
    url: Span,
    status: u16,
}

#[derive(Clone, Copy, Debug)]
struct Hit {
    token: u32,
    slot: u32,
    loc: u32,
}

/// What [`Found::add`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Added {
    /// The token's index, in order of first appearance.
    pub index: usize,
    pub new_token: bool,
    /// A place the token had not had yet.
    pub new_place: bool,
    /// How many places the token has now.
    pub places: usize,
}

/// Collects hits as they come; [`Found::finish`] puts them in time order.
#[derive(Debug, Default)]
pub struct Found {
    owned: String,
    tokens: Vec<Tok>,
    index: HashTable<u32>,
    hasher: DefaultHashBuilder,
    slots: Vec<Slot>,
    hits: Vec<Hit>,
    /// Each different location once: its kind's number and its name.
    locations: Vec<(u8, Span)>,
    location_index: HashTable<u32>,
    /// (token, location) pairs of the current slot, for tokens seen at two or more
    /// locations in it.
    seen: HashTable<u64>,
    /// After `finish`: tokens in order of first appearance in time, and where each one's
    /// places start in `hits` (sorted by token, then time).
    order: Vec<u32>,
    starts: Vec<u32>,
}

/// The last slot's URL as shown, for the places written after it: places of one entry come
/// one after another, and a long URL is written out once, not once per place. One per
/// writer.
#[derive(Debug, Default)]
pub struct ShownUrl(Option<(u32, Option<String>)>);

/// One token as found, with its places (owned: for tests and small captures).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundToken {
    pub token: String,
    pub places: Vec<Place>,
}

impl Found {
    /// Adds one place where `token` was seen in `bytes` (the bytes being scanned). The
    /// same place twice counts once.
    pub fn add(&mut self, bytes: &[u8], token: &str, place: &PlaceRef<'_>) -> Added {
        let slot = self.slot_of(bytes, place);
        let loc = self.location(bytes, place.location);
        let hash = self.hasher.hash_one(token.as_bytes());
        let found = {
            let (tokens, owned) = (&self.tokens, &self.owned);
            self.index
                .find(hash, |&i| {
                    raw(bytes, owned, tokens[i as usize].text) == token.as_bytes()
                })
                .copied()
        };
        let (i, new_token) = match found {
            Some(i) => (i, false),
            None => {
                let i = u32::try_from(self.tokens.len()).unwrap_or(NONE);
                let span = self.span(bytes, token, usize::MAX);
                self.tokens.push(Tok {
                    text: span,
                    last_slot: NONE,
                    last_loc: NONE,
                    places: 0,
                });
                let (tokens, owned, hasher) = (&self.tokens, &self.owned, &self.hasher);
                self.index.insert_unique(hash, i, |&j| {
                    hasher.hash_one(raw(bytes, owned, tokens[j as usize].text))
                });
                (i, true)
            }
        };
        let new_place = self.is_new_place(i, slot, loc);
        let tok = &mut self.tokens[i as usize];
        if new_place {
            tok.places += 1;
            self.hits.push(Hit {
                token: i,
                slot,
                loc,
            });
        }
        Added {
            index: i as usize,
            new_token,
            new_place,
            places: tok.places as usize,
        }
    }

    /// Whether token `i` at (`slot`, `loc`) is a place it has not had.
    fn is_new_place(&mut self, i: u32, slot: u32, loc: u32) -> bool {
        let tok = &mut self.tokens[i as usize];
        if tok.last_slot != slot {
            (tok.last_slot, tok.last_loc) = (slot, loc);
            return true;
        }
        if tok.last_loc == loc {
            return false;
        }
        // A second location in one slot: from now on the slot's pairs are remembered.
        let first = (u64::from(i) << 32) | u64::from(tok.last_loc);
        tok.last_loc = loc;
        let pair = (u64::from(i) << 32) | u64::from(loc);
        let hasher = &self.hasher;
        if self
            .seen
            .find(hasher.hash_one(first), |&p| p == first)
            .is_none()
        {
            self.seen
                .insert_unique(hasher.hash_one(first), first, |p| hasher.hash_one(*p));
        }
        let hash = hasher.hash_one(pair);
        if self.seen.find(hash, |&p| p == pair).is_some() {
            return false;
        }
        self.seen.insert_unique(hash, pair, |p| hasher.hash_one(*p));
        true
    }

    /// The slot of the place's entry (or line): the last one, or a new one.
    fn slot_of(&mut self, bytes: &[u8], p: &PlaceRef<'_>) -> u32 {
        let entry = p.entry.and_then(|e| u32::try_from(e).ok()).unwrap_or(NONE);
        let line = p.line.and_then(|l| u32::try_from(l).ok()).unwrap_or(NONE);
        if let Some(last) = self.slots.last()
            && last.entry == entry
            && last.line == line
        {
            return u32::try_from(self.slots.len() - 1).unwrap_or(NONE);
        }
        self.seen.clear();
        let started = p.started.map(|s| self.span(bytes, s, SHORT_TEXT));
        let method = p.method.map(|s| self.span(bytes, s, SHORT_TEXT));
        let url = p.url.map(|s| self.span(bytes, s, super::URL_SHOWN));
        self.slots.push(Slot {
            entry,
            line,
            started: Span::of(started),
            method: Span::of(method),
            url: Span::of(url),
            status: p.status.unwrap_or(0),
        });
        u32::try_from(self.slots.len() - 1).unwrap_or(NONE)
    }

    /// The location's number (each different location kept once, its name a span of the
    /// capture when it is one).
    fn location(&mut self, bytes: &[u8], location: Location<'_>) -> u32 {
        let kind = location.kind_number();
        let name = super::cut_at(location.name, SHORT_TEXT);
        let key = |k: u8, n: &[u8]| {
            let mut h = self.hasher.build_hasher();
            h.write_u8(k);
            h.write(n);
            h.finish()
        };
        let hash = key(kind, name.as_bytes());
        let (locations, owned) = (&self.locations, &self.owned);
        if let Some(&i) = self.location_index.find(hash, |&i| {
            let (k, span) = locations[i as usize];
            k == kind && raw(bytes, owned, span) == name.as_bytes()
        }) {
            return i;
        }
        let i = u32::try_from(self.locations.len()).unwrap_or(NONE);
        let span = self.span(bytes, name, SHORT_TEXT);
        self.locations.push((kind, span));
        let (locations, owned, hasher) = (&self.locations, &self.owned, &self.hasher);
        self.location_index.insert_unique(hash, i, |&j| {
            let (k, span) = locations[j as usize];
            let mut h = hasher.build_hasher();
            h.write_u8(k);
            h.write(raw(bytes, owned, span));
            h.finish()
        });
        i
    }

    /// `s` as a span of `bytes` when it lies in them, else copied (at most `keep` bytes).
    fn span(&mut self, bytes: &[u8], s: &str, keep: usize) -> Span {
        let range = bytes.as_ptr_range();
        let start = s.as_ptr();
        if range.contains(&start) {
            let at = start as usize - range.start as usize;
            if at + s.len() <= bytes.len()
                && let (Ok(at), Ok(len)) = (u32::try_from(at), u32::try_from(s.len()))
                && len < OWNED
            {
                return Span { at, len };
            }
        }
        let s = super::cut_at(s, keep);
        let at = u32::try_from(self.owned.len()).unwrap_or(NONE);
        self.owned.push_str(s);
        Span {
            at,
            len: u32::try_from(s.len()).unwrap_or(0) | OWNED,
        }
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// How many places there are in all.
    pub fn place_total(&self) -> usize {
        self.hits.len()
    }

    /// Puts each token's places in time order (the entry's start, then its index, then the
    /// line) and the tokens in order of first appearance in time.
    pub fn finish(&mut self, bytes: &[u8]) {
        // Nothing is added from here: the indexes go before the sorting needs memory.
        self.index = HashTable::new();
        self.location_index = HashTable::new();
        self.seen = HashTable::new();
        let when: Vec<(i64, u32, u32)> = (self.slots.iter())
            .map(|s| {
                let at = s
                    .started
                    .get()
                    .and_then(|span| parse_time(text(bytes, &self.owned, span)))
                    .unwrap_or(i64::MAX);
                (at, s.entry, s.line)
            })
            .collect();
        let mut by_time: Vec<u32> = (0..self.slots.len())
            .filter_map(|i| u32::try_from(i).ok())
            .collect();
        by_time.sort_by_key(|&i| when[i as usize]);
        drop(when);
        let mut rank = vec![0u32; self.slots.len()];
        for (r, &slot) in by_time.iter().enumerate() {
            rank[slot as usize] = u32::try_from(r).unwrap_or(NONE);
        }
        drop(by_time);
        // Each token's first place in time, and where the scan met it: the tokens' order.
        let mut first = vec![(NONE, NONE); self.tokens.len()];
        for (n, h) in self.hits.iter().enumerate() {
            let key = (rank[h.slot as usize], u32::try_from(n).unwrap_or(NONE));
            let slot = &mut first[h.token as usize];
            *slot = (*slot).min(key);
        }
        // Stable: places of one token in one slot stay in the order met.
        self.hits.sort_by_key(|h| (h.token, rank[h.slot as usize]));
        self.starts = Vec::with_capacity(self.tokens.len() + 1);
        let mut at = 0u32;
        for t in &self.tokens {
            self.starts.push(at);
            at += t.places;
        }
        self.starts.push(at);
        self.order = (0..self.tokens.len())
            .filter_map(|i| u32::try_from(i).ok())
            .collect();
        self.order.sort_by_key(|&t| first[t as usize]);
    }

    /// The `n`th token in order (after [`Found::finish`]; in order of first appearance in
    /// the file before).
    pub fn token<'b>(&'b self, bytes: &'b [u8], n: usize) -> &'b str {
        let i = self.order.get(n).map_or(n, |&i| i as usize);
        self.tokens
            .get(i)
            .map_or("", |t| text(bytes, &self.owned, t.text))
    }

    /// How many places the `n`th token has.
    pub fn place_count(&self, n: usize) -> usize {
        let i = self.order.get(n).map_or(n, |&i| i as usize);
        self.tokens.get(i).map_or(0, |t| t.places as usize)
    }

    /// The `n`th token's places, in time order (after [`Found::finish`]), each written out
    /// as it is printed (a long URL cut short).
    pub fn places<'b>(
        &'b self,
        bytes: &'b [u8],
        n: usize,
        shown: &'b mut ShownUrl,
    ) -> impl Iterator<Item = Place> + 'b {
        let i = self.order.get(n).map_or(NONE, |&i| i);
        let range = match (self.starts.get(i as usize), self.starts.get(i as usize + 1)) {
            (Some(&a), Some(&b)) => a as usize..b as usize,
            _ => 0..0,
        };
        self.hits[range]
            .iter()
            .map(move |h| self.place(bytes, h, shown))
    }

    fn place(&self, bytes: &[u8], h: &Hit, shown: &mut ShownUrl) -> Place {
        let slot = &self.slots[h.slot as usize];
        let owned = &self.owned;
        let get = |s: Option<Span>| s.map(|s| text(bytes, owned, s));
        let number = |n: u32| (n != NONE).then_some(n as usize);
        Place {
            entry: number(slot.entry),
            line: number(slot.line),
            started: get(slot.started.get()).map(str::to_string),
            method: get(slot.method.get()).map(str::to_string),
            url: self.url_shown(bytes, h.slot, shown),
            location: self.locations.get(h.loc as usize).map_or_else(
                String::new,
                |&(kind, name)| {
                    let kind = super::LOCATION_KINDS.get(usize::from(kind)).unwrap_or(&"");
                    format!("{kind}{}", text(bytes, owned, name))
                },
            ),
            status: (slot.status != 0).then_some(slot.status),
        }
    }

    /// A slot's URL as shown (only its head is read), remembered for the places that follow.
    fn url_shown(&self, bytes: &[u8], slot: u32, shown: &mut ShownUrl) -> Option<String> {
        if let Some((s, url)) = &shown.0
            && *s == slot
        {
            return url.clone();
        }
        let span = self.slots.get(slot as usize)?.url.get();
        let url = span.map(|s| super::shown_url(head(bytes, &self.owned, s, super::URL_SHOWN * 4)));
        shown.0 = Some((slot, url.clone()));
        url
    }

    /// Every token with its places, owned (after [`Found::finish`]).
    pub fn tokens(&self, bytes: &[u8]) -> Vec<FoundToken> {
        let mut shown = ShownUrl::default();
        (0..self.len())
            .map(|n| FoundToken {
                token: self.token(bytes, n).to_string(),
                places: self.places(bytes, n, &mut shown).collect(),
            })
            .collect()
    }
}

/// The bytes a span names.
fn raw<'b>(bytes: &'b [u8], owned: &'b str, span: Span) -> &'b [u8] {
    let (from, len) = (span.at as usize, (span.len & !OWNED) as usize);
    let got = if span.len & OWNED != 0 {
        owned.as_bytes().get(from..from + len)
    } else {
        bytes.get(from..from + len)
    };
    got.unwrap_or_default()
}

/// At most the first `max` bytes of the text a span names, cut at a character boundary.
fn head<'b>(bytes: &'b [u8], owned: &'b str, span: Span, max: usize) -> &'b str {
    let raw = raw(bytes, owned, span);
    let raw = &raw[..raw.len().min(max)];
    match std::str::from_utf8(raw) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&raw[..e.valid_up_to()]).unwrap_or(""),
    }
}

/// The text a span names (spans are always of text).
fn text<'b>(bytes: &'b [u8], owned: &'b str, span: Span) -> &'b str {
    std::str::from_utf8(raw(bytes, owned, span)).unwrap_or("")
}

/// An RFC 3339 time in nanoseconds (an `i64` reaches the year 2262; later is "no time").
fn parse_time(s: &str) -> Option<i64> {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .ok()
        .and_then(|t| i64::try_from(t.unix_timestamp_nanos()).ok())
}
