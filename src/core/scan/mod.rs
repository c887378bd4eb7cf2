//! Every JWT in a capture: a HAR file (each token with every place it appears: entry, time,
//! method, URL, where in the entry, the entry's HTTP status) or any other text (with its line).
//! Works on bytes given (the caller maps the file), streams through them once, and keeps only
//! one HAR entry at a time; never builds a tree of the whole file. Time and memory grow
//! linearly with the input whatever its shape (many tokens in one URL, one long line, deep
//! JSON, millions of tiny entries): a place is told borrowed, and [`Found`] keeps spans.

pub mod find;
mod found;
mod har;

use std::ops::ControlFlow;

use serde::Serialize;

pub use found::{Added, Found, FoundToken, ShownUrl};

/// Where in an entry (or text) a token was: a kind (`request.header:`, `response.body`,
/// `text`) and, for a header, a cookie or a query value, its name as the capture writes it
/// (borrowed: a scan never formats or copies a location per hit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location<'a> {
    pub kind: &'static str,
    pub name: &'a str,
}

/// The kinds of location, in a fixed order (their number is what a place keeps).
pub(crate) const LOCATION_KINDS: [&str; 10] = [
    "text",
    "request.query:",
    "url.fragment",
    "request.header:",
    "request.cookie:",
    "request.body",
    "response.header:",
    "response.cookie:",
    "response.body",
    "websocket",
];

impl<'a> Location<'a> {
    pub const TEXT: Location<'static> = Location {
        kind: "text",
        name: "",
    };

    pub fn kind(kind: &'static str) -> Location<'static> {
        Location { kind, name: "" }
    }

    pub fn named(kind: &'static str, name: &'a str) -> Location<'a> {
        Location { kind, name }
    }

    /// The kind's number in [`LOCATION_KINDS`].
    pub(crate) fn kind_number(&self) -> u8 {
        let n = LOCATION_KINDS.iter().position(|k| *k == self.kind);
        n.and_then(|n| u8::try_from(n).ok()).unwrap_or(0)
    }
}

impl std::fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.kind)?;
        f.write_str(self.name)
    }
}

/// Where one token was seen, borrowed from the capture as the scan meets it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlaceRef<'a> {
    pub entry: Option<usize>,
    pub line: Option<usize>,
    pub started: Option<&'a str>,
    pub method: Option<&'a str>,
    pub url: Option<&'a str>,
    pub location: Location<'a>,
    pub status: Option<u16>,
}

impl PlaceRef<'_> {
    /// The place as it is printed (a long URL cut short).
    pub fn to_place(&self) -> Place {
        self.with_url(shown_url)
    }

    /// The place as a list keeps it (see [`Place::listed`]).
    pub fn to_listed(&self) -> Place {
        self.with_url(|u| cut_url(u, URL_DESCRIBED))
    }

    fn with_url(&self, url: impl Fn(&str) -> String) -> Place {
        Place {
            entry: self.entry,
            line: self.line,
            started: self.started.map(str::to_string),
            method: self.method.map(str::to_string),
            url: self.url.map(url),
            location: cut_at(&self.location.to_string(), 200 + self.location.kind.len())
                .to_string(),
            status: self.status,
        }
    }
}

/// The longest URL a place shows whole. Longer ones (a URL can carry thousands of tokens)
/// show their tokens shortened, then are cut here: a report says where a token was, it
/// does not repeat the capture.
pub const URL_SHOWN: usize = 1024;

/// A place's URL as reports show it: whole up to [`URL_SHOWN`] bytes; longer, its tokens
/// shortened (`eyJhbGciOi…Qssw5c`) and cut with "…".
pub fn shown_url(url: &str) -> String {
    cut_url(url, URL_SHOWN)
}

/// `url` whole up to `max` bytes; longer, its tokens shortened and cut at `max` with "…".
fn cut_url(url: &str, max: usize) -> String {
    if url.len() <= max {
        return url.to_string();
    }
    // Only the first part is kept, so only that part's tokens are shortened (a token
    // straddling the cut is shortened as far as it reaches).
    let head = cut_at(url, max * 4);
    let short = find::shorten_tokens(head);
    if short.len() <= max && head.len() == url.len() {
        return short;
    }
    format!("{}…", cut_at(&short, max))
}

/// At most `max` bytes of `s`, cut at a character boundary.
pub(crate) fn cut_at(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Where one token was seen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Place {
    /// The HAR entry's index (from 0).
    pub entry: Option<usize>,
    /// The line (from 1), in a text file.
    pub line: Option<usize>,
    /// The entry's `startedDateTime` (ISO 8601) as the capture gives it.
    pub started: Option<String>,
    pub method: Option<String>,
    pub url: Option<String>,
    /// `request.header:<Name>`, `request.cookie:<name>`, `request.query:<name>`,
    /// `request.body`, `response.header:<Name>`, `response.cookie:<name>`, `response.body`,
    /// `url.fragment`, `websocket` or `text`.
    #[serde(rename = "where")]
    pub location: String,
    /// The entry's HTTP status (none when the request got no answer).
    pub status: Option<u16>,
}

/// The longest URL a place's one-line description shows.
const URL_DESCRIBED: usize = 300;

impl Place {
    /// The place as a list keeps it: what [`Place::describe`] shows, no more (a URL cut at
    /// what a line shows).
    pub fn listed(mut self) -> Place {
        if let Some(u) = &mut self.url
            && u.len() > URL_DESCRIBED
        {
            *u = cut_url(u, URL_DESCRIBED);
        }
        self
    }

    /// One line for people, the same in the terminal and the window:
    /// `#3 2026-11-30T10:00:01Z POST https://vendor.example/chat · HTTP 401 · request.header:Authorization`,
    /// `line 12 · text`. Tokens in the URL are shortened; `host_only` (demo mode) shows the
    /// URL's host alone.
    pub fn describe(&self, host_only: bool) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(e) = self.entry {
            parts.push(format!("#{e}"));
        }
        if let Some(l) = self.line {
            parts.push(format!("line {l}"));
        }
        parts.extend(self.started.iter().cloned());
        parts.extend(self.method.iter().cloned());
        if let Some(u) = &self.url {
            let url = if host_only {
                host_of(u)
            } else {
                find::shorten_tokens(u)
            };
            parts.push(if url.len() > URL_DESCRIBED + '…'.len_utf8() {
                format!("{}…", cut_at(&url, URL_DESCRIBED))
            } else {
                url
            });
        }
        if self.entry.is_some() {
            parts.push(
                self.status
                    .map_or_else(|| "· no answer".to_string(), |s| format!("· HTTP {s}")),
            );
        }
        format!("{} · {}", parts.join(" "), self.location)
    }
}

/// `https://shop.example/…`
fn host_of(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    format!("{scheme}://{host}/…")
}

/// What kind of file was scanned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Har,
    Text,
}

/// The file as scanned: `{"kind", "entries", "warnings"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Source {
    pub kind: SourceKind,
    /// How many HAR entries were read (none for text).
    pub entries: Option<usize>,
    /// What the scan could not do ("the file breaks off at line 812 …").
    pub warnings: Vec<String>,
}

/// What the scan reports as it goes.
#[derive(Debug)]
pub enum Event<'a> {
    /// A token, and one place it was seen.
    Hit { token: &'a str, place: PlaceRef<'a> },
    /// `done` of `total` bytes read.
    Progress { done: usize, total: usize },
}

/// How a scan ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scanned {
    pub source: Source,
    /// The sink asked to stop.
    pub cancelled: bool,
}

/// Scans `bytes` (a HAR file or any text), telling `sink` each token as it is found; the sink
/// may stop the scan by answering `Break`.
pub fn scan(bytes: &[u8], sink: &mut dyn FnMut(Event<'_>) -> ControlFlow<()>) -> Scanned {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let starts_as_object = body
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'{');
    let mut warnings = Vec::new();
    if starts_as_object {
        // Offsets from the HAR walk are into `body` (the BOM left out).
        let bom = bytes.len() - body.len();
        match har::scan(body, sink) {
            har::Outcome::Read {
                entries,
                warning,
                tail,
            } => {
                warnings.extend(warning);
                // A file cut off midway: the entry it breaks in (and anything after) is
                // searched as text, so its tokens are not lost.
                let cancelled = tail.is_some_and(|t| text_from(bytes, bom + t, sink));
                return har_scanned(entries, warnings, cancelled);
            }
            har::Outcome::Cancelled { entries } => {
                return har_scanned(entries, warnings, true);
            }
            har::Outcome::NotHar(why) => {
                warnings.push(format!("{why}: scanned as text"));
            }
            har::Outcome::Unexpected { entries, why, tail } => {
                // Entries read so far stand; the rest of the file is searched as text, so
                // no token (and no place) is missed.
                warnings.push(format!(
                    "{why}: {entries} entries read as HAR, the rest of the file searched as text"
                ));
                let cancelled = text_from(bytes, bom + tail, sink);
                return har_scanned(entries, warnings, cancelled);
            }
        }
    } else if bytes.iter().take(8192).any(|&b| b == 0) {
        warnings.push("binary content: searched for token-shaped text".into());
    }
    let cancelled = text_from(bytes, 0, sink);
    Scanned {
        source: Source {
            kind: SourceKind::Text,
            entries: None,
            warnings,
        },
        cancelled,
    }
}

/// How a HAR scan ended.
fn har_scanned(entries: usize, warnings: Vec<String>, cancelled: bool) -> Scanned {
    Scanned {
        source: Source {
            kind: SourceKind::Har,
            entries: Some(entries),
            warnings,
        },
        cancelled,
    }
}

/// Every JWT-looking string in text from byte `from` on, with its line. True when the sink
/// stopped it.
fn text_from(
    bytes: &[u8],
    from: usize,
    sink: &mut dyn FnMut(Event<'_>) -> ControlFlow<()>,
) -> bool {
    let from = from.min(bytes.len());
    let (mut line, mut counted) = (1 + memchr::memchr_iter(b'\n', &bytes[..from]).count(), from);
    let mut last_progress = from;
    let flow = find::each_jwt(&bytes[from..], |at, token| {
        let at = at + from;
        line += memchr::memchr_iter(b'\n', &bytes[counted..at]).count();
        counted = at;
        let place = PlaceRef {
            entry: None,
            line: Some(line),
            started: None,
            method: None,
            url: None,
            location: Location::TEXT,
            status: None,
        };
        sink(Event::Hit { token, place })?;
        if at - last_progress > PROGRESS_STEP {
            last_progress = at;
            sink(Event::Progress {
                done: at,
                total: bytes.len(),
            })?;
        }
        ControlFlow::Continue(())
    });
    flow.is_break()
        || sink(Event::Progress {
            done: bytes.len(),
            total: bytes.len(),
        })
        .is_break()
}

/// Progress is told about every this many bytes.
const PROGRESS_STEP: usize = 1 << 20;

#[cfg(test)]
mod tests;
