//! What Scan keeps between frames: the file, how far the scan got, the tokens as they come
//! (each judged by the one judge), and the two picked for Diff. Changed only by
//! `AppState::handle`.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crate::core::decode::decode;
use crate::core::judge::Judge;
use crate::core::mask::{mask_token, personal_values};
use crate::core::scan::find::shorten;
use crate::core::scan::{Place, Source};
use crate::ui::diff::model::toggle_pick;

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
        // An encrypted token: its header read, the key it needs said (Inspect opens it).
        let opened = (d.segment_count == 5)
            .then(|| crate::core::jwe::open(token, None).ok())
            .flatten();
        let r = match &opened {
            Some(o) => self.judge.inspect_unsigned(token, o),
            None => self.judge.report(&d),
        };
        let summary = match &opened {
            Some(o) => format!(
                "encrypted ({}): open it in Inspect with {}",
                o.algorithms(),
                o.needs
            ),
            None => r.summary.to_string(),
        };
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
            verdict: crate::core::mask::mask_text(&summary, &hide),
            places: (places.iter().take(PLACES_SHOWN))
                .map(|p| p.describe(self.demo))
                .collect(),
            kept: places.into_iter().take(PLACES_SHOWN).collect(),
            place_count: count,
        }
    }
}
