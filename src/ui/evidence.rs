//! What History and Scan keep between frames: the records, the scan's tokens as they come,
//! and what the user picked for Diff. Changed only by `AppState::handle`.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crate::core::decode::{Decoded, decode};
use crate::core::history::{History, Origin, Record};
use crate::core::judge::Judge;
use crate::core::mask::{mask_token, personal_values};
use crate::core::report::Report;
use crate::core::scan::find::shorten;
use crate::core::scan::{Place, Source};

/// History: the records and the two picked for Diff.
#[derive(Default)]
pub struct HistoryState {
    pub history: History,
    /// Record ids picked for Diff (at most two; the oldest pick goes first).
    pub picked: Vec<String>,
    pub filter: String,
    /// *Keep history*: records are written to the user's data folder too.
    pub keep: bool,
    next: u64,
    /// The minted token last recorded, and the inspected one.
    pub(crate) last_minted: Option<String>,
    pub(crate) last_inspected: Option<String>,
}

impl HistoryState {
    /// Records `token` with its report; the record when it was added (not unreadable, not
    /// a repeat).
    pub fn record(
        &mut self,
        origin: Origin,
        token: &Decoded,
        report: &Report<'_>,
        now: i64,
    ) -> Option<Record> {
        self.next += 1;
        // Unique across windows and restarts: the time, this window's count, a random part.
        let id = format!("{now}-{}-{}", self.next, crate::store::profiles::new_id());
        let r = Record::of(id, now, origin, token, report)?;
        self.history.add(r.clone()).then_some(r)
    }

    /// Records kept from earlier sessions (or other windows), merged with this session's by
    /// id, in time order.
    pub fn take_kept(&mut self, kept: Vec<Record>) {
        let mine: Vec<Record> = self.history.newest_first().cloned().collect();
        let mut all: Vec<Record> = kept
            .into_iter()
            .filter(|k| !mine.iter().any(|m| m.id == k.id))
            .collect();
        all.extend(mine.into_iter().rev());
        all.sort_by_key(|r| r.at);
        self.history = History::from_records(all);
    }

    /// Picks a record, or unpicks it; a third pick replaces the older one.
    pub fn pick(&mut self, id: String) {
        toggle_pick(&mut self.picked, id);
    }

    pub fn clear(&mut self) {
        self.history.clear();
        self.picked.clear();
    }
}

/// One token a scan found, as the list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ScannedRow {
    pub token: String,
    /// `eyJhbGciOi…Qssw5c` (the header only, in demo mode).
    pub short: String,
    pub preset: Option<String>,
    pub valid: bool,
    /// "valid for 5m", "invalid signature".
    pub verdict: String,
    /// The first places, written out ("#2 POST https://… → 401 ·
    /// request.header:authorization"): at most [`PLACES_SHOWN`].
    pub places: Vec<String>,
    /// Those places, to write out again (demo mode shows URLs' hosts only).
    pub kept: Vec<Place>,
    /// How many places the token has in all.
    pub place_count: usize,
}

/// How many places a row keeps written out (a token sent with every request has thousands;
/// `tokenbench scan FILE --json` lists them all).
pub const PLACES_SHOWN: usize = 203;

impl ScannedRow {
    /// One more place (written out while fewer than [`PLACES_SHOWN`] are).
    pub fn add_place(&mut self, place: Place, demo: bool) {
        self.place_count += 1;
        if self.places.len() < PLACES_SHOWN {
            self.places.push(place.describe(demo));
            self.kept.push(place);
        }
    }
}

/// Scan mode: the file, how far, what was found.
#[derive(Default)]
pub struct ScanState {
    /// The file's name, and where it is.
    pub file: Option<(String, PathBuf)>,
    pub running: bool,
    /// Bytes read of the whole.
    pub progress: (usize, usize),
    pub rows: Vec<ScannedRow>,
    pub source: Option<Source>,
    /// Why the file could not be read.
    pub error: Option<String>,
    pub cancelled: bool,
    /// Indexes into `rows` picked for Diff (at most two).
    pub picked: Vec<usize>,
    pub generation: u64,
    pub cancel: Arc<AtomicBool>,
}

impl ScanState {
    /// A new scan of `path`: what the last one found is cleared.
    pub fn begin(&mut self, name: String, path: PathBuf) {
        self.cancel = Arc::new(AtomicBool::new(false));
        self.generation += 1;
        *self = ScanState {
            file: Some((name, path)),
            running: true,
            generation: self.generation,
            cancel: self.cancel.clone(),
            ..ScanState::default()
        };
    }

    pub fn pick(&mut self, i: usize) {
        toggle_pick(&mut self.picked, i);
    }

    /// Each row's verdict again (the key, the preset or the clock changed); places stay.
    pub fn rejudge(&mut self, judge: &Rows<'_>) {
        for row in &mut self.rows {
            let fresh = judge.row(&row.token, Vec::new(), 0);
            // Places stay as they are.
            row.preset = fresh.preset;
            row.valid = fresh.valid;
            row.verdict = fresh.verdict;
        }
    }

    /// Writes every row again, places too (demo mode changed).
    pub fn relist(&mut self, judge: &Rows<'_>) {
        for row in &mut self.rows {
            let kept = std::mem::take(&mut row.kept);
            *row = judge.row(&row.token, kept, row.place_count);
        }
    }
}

/// The scan's rows as the window lists them: each token judged by the one judge, written
/// out as demo mode allows.
pub struct Rows<'a> {
    pub judge: Judge<'a>,
    pub demo: bool,
}

impl Rows<'_> {
    /// A token's row: its verdict, and `places` (its first ones, of `count` in all).
    pub fn row(&self, token: &str, places: Vec<Place>, count: usize) -> ScannedRow {
        let d = decode(token);
        let r = self.judge.report(&d);
        let valid = r.passes();
        let preset = r
            .preset
            .as_deref()
            .and_then(|id| self.judge.presets.get(id));
        let hide = match (&d.payload.object, self.demo) {
            (Some(p), true) => personal_values(preset, p),
            _ => Vec::new(),
        };
        ScannedRow {
            token: token.to_string(),
            short: if self.demo {
                mask_token(token)
            } else {
                shorten(token)
            },
            preset: r.preset.clone(),
            valid,
            verdict: crate::core::mask::mask_text(&r.summary.to_string(), &hide),
            places: (places.iter().take(PLACES_SHOWN))
                .map(|p| p.describe(self.demo))
                .collect(),
            kept: places.into_iter().take(PLACES_SHOWN).collect(),
            place_count: count,
        }
    }
}

/// Picks `x` for Diff, or unpicks it; a third pick replaces the oldest (at most two).
fn toggle_pick<T: PartialEq>(picked: &mut Vec<T>, x: T) {
    if let Some(at) = picked.iter().position(|p| *p == x) {
        picked.remove(at);
        return;
    }
    if picked.len() == 2 {
        picked.remove(0);
    }
    picked.push(x);
}
