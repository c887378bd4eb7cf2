//! Every JWT in a capture: a HAR file (each token with every place it appears: entry, time,
//! method, URL, where in the entry, the entry's HTTP status) or any other text (with its line).
//! Works on bytes given (the caller maps the file), streams through them once, and keeps only
//! one HAR entry at a time; never builds a tree of the whole file.

pub mod find;
mod found;
mod har;

use std::ops::ControlFlow;

use serde::Serialize;

pub use found::{Found, FoundToken};

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
    Hit { token: &'a str, place: Place },
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
        let place = Place {
            entry: None,
            line: Some(line),
            started: None,
            method: None,
            url: None,
            location: "text".into(),
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
