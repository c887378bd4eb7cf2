//! HAR 1.2 as Chrome, Firefox and Safari export it, read one entry at a time: serde walks
//! `log.entries` with borrowed strings and skips everything else without building values.

use std::fmt;
use std::ops::ControlFlow;

use serde::de::{DeserializeSeed, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

mod shape;
mod skim;

use shape::{Body, Entry, text};

use super::find::each_jwt;
use super::{Event, Location, PROGRESS_STEP, PlaceRef};
use crate::core::b64;

pub enum Outcome {
    /// Every entry read (`warning`: the file broke off after `entries`; what follows the
    /// last whole entry, from byte `tail`, is to be searched as text).
    Read {
        entries: usize,
        warning: Option<String>,
        tail: Option<usize>,
    },
    Cancelled {
        entries: usize,
    },
    /// Not a HAR file: nothing read as one.
    NotHar(String),
    /// An entry not shaped as HAR says, after `entries` were read; the file from byte `tail`
    /// (the end of the last whole entry) is to be searched as text.
    Unexpected {
        entries: usize,
        why: String,
        tail: usize,
    },
}

type Sink<'s> = &'s mut dyn FnMut(Event<'_>) -> ControlFlow<()>;

struct Walker<'s> {
    sink: Sink<'s>,
    base: usize,
    total: usize,
    entries: usize,
    saw_entries: bool,
    cancelled: bool,
    last_progress: usize,
    /// Where the last whole entry's last borrowed value ends (what follows is unread).
    last_end: usize,
    scratch: Vec<u8>,
    /// Where the next `eyJ` is at or after some point (None: none up to the end).
    next_eyj: Option<(usize, Option<usize>)>,
    /// Where each of [`HINTS`] next appears, and from where it was looked for
    /// (`usize::MAX`: nowhere after).
    hints: [(usize, usize); HINTS.len()],
    /// The nearest of them, while it lies ahead.
    hint: Option<usize>,
    /// No token can follow from here: the rest of the entries are only counted.
    skim_from: Option<usize>,
    bytes: &'s [u8],
}

/// How far from the end a capture must be, with no token possible in what is left, for the
/// rest of its entries to be counted rather than read.
const SKIM_AFTER: usize = 256 << 10;

/// What the entries visitor returns to stop reading: the rest is counted.
const SKIMMING: &str = "no token can follow: the rest of the entries are counted";

pub fn scan(bytes: &[u8], sink: Sink<'_>) -> Outcome {
    let mut walker = Walker {
        sink,
        base: bytes.as_ptr() as usize,
        total: bytes.len(),
        entries: 0,
        saw_entries: false,
        cancelled: false,
        last_progress: 0,
        last_end: 0,
        scratch: Vec::new(),
        next_eyj: None,
        hints: [(usize::MAX, 0); HINTS.len()],
        hint: None,
        skim_from: None,
        bytes,
    };
    // Text checked as UTF-8 once is not checked again string by string (and a skimmed
    // entry is not checked at all); bytes that are not UTF-8 are read as bytes.
    let result = match std::str::from_utf8(bytes) {
        Ok(text) => {
            let mut de = serde_json::Deserializer::from_str(text);
            Root(&mut walker)
                .deserialize(&mut de)
                .and_then(|()| de.end())
        }
        Err(_) => {
            let mut de = serde_json::Deserializer::from_slice(bytes);
            Root(&mut walker)
                .deserialize(&mut de)
                .and_then(|()| de.end())
        }
    };
    let mut entries = walker.entries;
    if walker.cancelled {
        return Outcome::Cancelled { entries };
    }
    if let Some(from) = walker.skim_from {
        return match skim::remaining_entries(bytes, from) {
            Ok(n) => {
                let _ = (walker.sink)(Event::Progress {
                    done: walker.total,
                    total: walker.total,
                });
                Outcome::Read {
                    entries: entries + n,
                    warning: None,
                    tail: None,
                }
            }
            Err(whole) => {
                entries += whole;
                let line = 1 + memchr::memchr_iter(b'\n', bytes).count();
                Outcome::Read {
                    entries,
                    warning: Some(format!(
                        "the file breaks off at line {line}, in entry {entries}: the entries before it are listed, and what follows them is searched as text"
                    )),
                    tail: Some(from),
                }
            }
        };
    }
    match result {
        Ok(()) if walker.saw_entries => {
            let _ = (walker.sink)(Event::Progress {
                done: walker.total,
                total: walker.total,
            });
            Outcome::Read {
                entries,
                warning: None,
                tail: None,
            }
        }
        Ok(()) => Outcome::NotHar("JSON, but not a HAR file (no log.entries)".into()),
        Err(e) if !walker.saw_entries => Outcome::NotHar(format!(
            "not a HAR file (at line {}, column {}: {})",
            e.line(),
            e.column(),
            reason(&e)
        )),
        Err(e) if e.is_eof() || e.is_syntax() => Outcome::Read {
            entries,
            warning: Some(format!(
                "the file breaks off at line {}, column {}, in entry {} ({}): the entries before it are listed, and what follows them is searched as text",
                e.line(),
                e.column(),
                entries,
                reason(&e)
            )),
            tail: Some(walker.last_end),
        },
        Err(e) => Outcome::Unexpected {
            entries,
            tail: walker.last_end,
            why: format!(
                "entry {entries} is not as HAR 1.2 describes it (line {}, column {}: {})",
                e.line(),
                e.column(),
                reason(&e)
            ),
        },
    }
}

/// serde_json's message without its " at line L column C" tail (we say where ourselves).
fn reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    text.split(" at line ").next().unwrap_or(&text).to_string()
}

struct Root<'w, 's>(&'w mut Walker<'s>);
struct Log<'w, 's>(&'w mut Walker<'s>);
struct Entries<'w, 's>(&'w mut Walker<'s>);

impl<'de> DeserializeSeed<'de> for Root<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Root<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a HAR object with \"log\"")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<shape::Str<'de>>()? {
            if &*key == "log" {
                map.next_value_seed(Log(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Log<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Log<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the HAR log object with \"entries\"")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<shape::Str<'de>>()? {
            if &*key == "entries" {
                map.next_value_seed(Entries(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Entries<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Entries<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the array of HAR entries")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.0.saw_entries = true;
        loop {
            let w = &mut *self.0;
            // Where the entries read so far end, and the next place a token could start.
            let at = w.last_end;
            let entry = if w.token_near(at) {
                match seq.next_element::<Entry<'de>>()? {
                    Some(e) => e,
                    None => return Ok(()),
                }
            } else {
                // Far from any token: the entry is only skipped over, and read as HAR only
                // when it may hold one after all (millions of entries without tokens cost
                // a skim each, not a parse).
                let Some(raw) = seq.next_element::<&'de RawValue>()? else {
                    return Ok(());
                };
                let end = w.end_of(raw.get());
                w.last_end = w.last_end.max(end);
                let hint = w.next_hint(at);
                if hint >= end {
                    w.entries += 1;
                    if hint == usize::MAX && w.total - end > SKIM_AFTER {
                        w.skim_from = Some(end);
                        return Err(A::Error::custom(SKIMMING));
                    }
                    if w.progress().is_break() {
                        w.cancelled = true;
                        return Err(A::Error::custom("cancelled"));
                    }
                    continue;
                }
                serde_json::from_str::<Entry<'de>>(raw.get()).map_err(A::Error::custom)?
            };
            let index = w.entries;
            w.entries += 1;
            if w.entry(index, &entry).is_break() {
                w.cancelled = true;
                return Err(A::Error::custom("cancelled"));
            }
        }
    }
}

/// What may show that an entry holds a token: one written out (`eyJ`), or one that reading
/// the entry could reveal (a base64 body, a `\u` escape, a percent-escaped letter of `eyJ`).
const HINTS: [&[u8]; 8] = [
    b"eyJ", b"base64", b"\\u", b"%65", b"%79", b"%4A", b"%4a", b"%2e",
];

static HINT_FINDERS: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
    std::sync::LazyLock::new(|| HINTS.iter().map(memchr::memmem::Finder::new).collect());

impl Walker<'_> {
    /// Whether a token may start within a few kilobytes of `at`: entries there are read
    /// as HAR at once (a capture whose entries carry tokens is read once, not skimmed
    /// first).
    fn token_near(&mut self, at: usize) -> bool {
        const NEAR: usize = 8 << 10;
        let next = match self.next_eyj {
            Some((from, next)) if from <= at && next.is_none_or(|n| n >= at) => next,
            _ => {
                let from = at.min(self.bytes.len());
                let next = memchr::memmem::find(&self.bytes[from..], b"eyJ").map(|n| from + n);
                self.next_eyj = Some((from, next));
                next
            }
        };
        next.is_some_and(|n| n - at < NEAR)
    }

    /// Where a hint of a token next appears at or after `at` (each hint looked for again
    /// only once passed: skimming a million entries is a few searches, not one per entry).
    fn next_hint(&mut self, at: usize) -> usize {
        if let Some(h) = self.hint.filter(|&h| h >= at) {
            return h;
        }
        let from = at.min(self.bytes.len());
        for ((searched, next), finder) in self.hints.iter_mut().zip(HINT_FINDERS.iter()) {
            if *searched == usize::MAX || (*next < from && *next != usize::MAX) {
                *next = finder
                    .find(&self.bytes[from..])
                    .map_or(usize::MAX, |n| from + n);
                *searched = from;
            }
        }
        let nearest = self.hints.iter().map(|h| h.1).min().unwrap_or(usize::MAX);
        self.hint = Some(nearest);
        nearest
    }

    /// Every token in one entry, each with its place.
    fn entry(&mut self, index: usize, e: &Entry<'_>) -> ControlFlow<()> {
        let req = e.request.as_ref();
        let res = e.response.as_ref();
        let url = req.map(|r| text(&r.url)).unwrap_or_default();
        let status = res
            .and_then(|r| r.status)
            .filter(|s| *s >= 1.0 && *s < 1000.0);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let base = PlaceRef {
            entry: Some(index),
            line: None,
            started: e.started.as_deref(),
            method: req.and_then(|r| r.method.as_deref()),
            url: (!url.is_empty()).then_some(url),
            location: Location::TEXT,
            status: status.map(|s| s as u16),
        };
        // Each hit is told with the place borrowed: nothing of the entry is copied per hit.
        let at = |location: Location<'_>, bytes: &[u8], sink: Sink<'_>| {
            each_jwt(bytes, |_, token| {
                let place = PlaceRef { location, ..base };
                sink(Event::Hit { token, place })
            })
        };
        let sink = &mut *self.sink;
        if let Some(r) = req {
            url_parts(url, &mut |loc, v| at(loc, v.as_bytes(), sink))?;
            let named = Location::named;
            for p in r.headers.iter().flatten() {
                let name = text(&p.name);
                if name.eq_ignore_ascii_case("cookie") {
                    for (n, v) in cookie_pairs(text(&p.value)) {
                        at(named("request.cookie:", n), v.as_bytes(), sink)?;
                    }
                } else {
                    let loc = named("request.header:", name);
                    at(loc, text(&p.value).as_bytes(), sink)?;
                }
            }
            for p in r.cookies.iter().flatten() {
                let loc = named("request.cookie:", text(&p.name));
                at(loc, text(&p.value).as_bytes(), sink)?;
            }
            if let Some(post) = &r.post {
                let body = Body::of(post.text);
                if text(&post.mime).contains("x-www-form-urlencoded") {
                    for (n, v) in form_urlencoded::parse(body.unescaped().as_bytes()) {
                        at(Location::kind("request.body"), n.as_bytes(), sink)?;
                        at(Location::kind("request.body"), v.as_bytes(), sink)?;
                    }
                } else {
                    at(Location::kind("request.body"), body.escaped(), sink)?;
                }
                for p in post.params.iter().flatten() {
                    at(
                        Location::kind("request.body"),
                        text(&p.value).as_bytes(),
                        sink,
                    )?;
                }
            }
        }
        if let Some(r) = res {
            for p in r.headers.iter().flatten() {
                let name = text(&p.name);
                if name.eq_ignore_ascii_case("set-cookie") {
                    for line in text(&p.value).lines() {
                        let (n, v) = cookie_pairs(line).next().unwrap_or_default();
                        let loc = Location::named("response.cookie:", n);
                        at(loc, v.as_bytes(), sink)?;
                    }
                } else {
                    let loc = Location::named("response.header:", name);
                    at(loc, text(&p.value).as_bytes(), sink)?;
                }
            }
            for p in r.cookies.iter().flatten() {
                let loc = Location::named("response.cookie:", text(&p.name));
                at(loc, text(&p.value).as_bytes(), sink)?;
            }
            if let Some(c) = &r.content {
                let body = Body::of(c.text);
                let base64 = text(&c.encoding).eq_ignore_ascii_case("base64");
                // Base64 has no character JSON escapes (but a `\/` some exporters write):
                // decode as it stands, and unescape only when that fails.
                let decoded = base64
                    && (b64::decode_body_into(body.escaped(), &mut self.scratch)
                        || b64::decode_body_into(body.unescaped().as_bytes(), &mut self.scratch));
                if decoded {
                    at(Location::kind("response.body"), &self.scratch, sink)?;
                } else {
                    at(Location::kind("response.body"), body.escaped(), sink)?;
                }
            }
        }
        for m in e.websocket.iter().flatten() {
            at(
                Location::kind("websocket"),
                Body::of(m.data).escaped(),
                sink,
            )?;
        }
        self.last_end = self.last_end.max(self.entry_end(e));
        self.progress()
    }

    /// Where `s` ends in the file, when it is borrowed from it.
    fn end_of(&self, s: &str) -> usize {
        let p = s.as_ptr() as usize;
        if p >= self.base && p + s.len() <= self.base + self.total {
            p - self.base + s.len()
        } else {
            0
        }
    }

    /// Where an entry's last borrowed value ends: nothing after it carries a token.
    fn entry_end(&self, e: &Entry<'_>) -> usize {
        let mut end = e.started.as_deref().map_or(0, |s| self.end_of(s));
        let mut take = |s: &str| end = end.max(self.end_of(s));
        let pairs = |v: &Option<Vec<shape::Pair<'_>>>| {
            v.iter()
                .flatten()
                .flat_map(|p| [p.name.as_deref(), p.value.as_deref()])
                .flatten()
                .map(|s| (s.as_ptr() as usize, s.len()))
                .collect::<Vec<_>>()
        };
        let mut spans = Vec::new();
        if let Some(r) = &e.request {
            spans.extend(pairs(&r.headers));
            spans.extend(pairs(&r.cookies));
            for s in [r.method.as_deref(), r.url.as_deref()]
                .into_iter()
                .flatten()
            {
                take(s);
            }
            if let Some(p) = &r.post {
                spans.extend(pairs(&p.params));
                if let Some(t) = p.text {
                    take(t.get());
                }
            }
        }
        if let Some(r) = &e.response {
            spans.extend(pairs(&r.headers));
            spans.extend(pairs(&r.cookies));
            if let Some(t) = r.content.as_ref().and_then(|c| c.text) {
                take(t.get());
            }
        }
        for m in e.websocket.iter().flatten() {
            if let Some(d) = m.data {
                take(d.get());
            }
        }
        for (p, len) in spans {
            if p >= self.base && p + len <= self.base + self.total {
                end = end.max(p - self.base + len);
            }
        }
        end
    }

    /// Tells how far the scan is, about every megabyte (as far as the last whole entry's
    /// borrowed values reach).
    fn progress(&mut self) -> ControlFlow<()> {
        let done = self.last_end;
        if done.saturating_sub(self.last_progress) < PROGRESS_STEP {
            return ControlFlow::Continue(());
        }
        self.last_progress = done;
        (self.sink)(Event::Progress {
            done,
            total: self.total,
        })
    }
}

/// The query's values by name, then the fragment (`#id_token=…`), percent-decoded.
fn url_parts(
    url: &str,
    at: &mut dyn FnMut(Location<'_>, &str) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let (before, fragment) = url.split_once('#').unwrap_or((url, ""));
    if let Some((_, query)) = before.split_once('?') {
        for (n, v) in form_urlencoded::parse(query.as_bytes()) {
            at(Location::named("request.query:", &n), &v)?;
        }
    }
    for (n, v) in form_urlencoded::parse(fragment.as_bytes()) {
        at(Location::kind("url.fragment"), &n)?;
        at(Location::kind("url.fragment"), &v)?;
    }
    ControlFlow::Continue(())
}

/// `a=1; b=2` (a Cookie header) or the name and value that open a Set-Cookie line.
fn cookie_pairs(header: &str) -> impl Iterator<Item = (&str, &str)> {
    header.split(';').filter_map(|kv| {
        let (n, v) = kv.split_once('=')?;
        Some((n.trim(), v.trim().trim_matches('"')))
    })
}
