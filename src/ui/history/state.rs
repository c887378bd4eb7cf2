//! What History keeps between frames: the records, and the two picked for Diff. Changed
//! only by `AppState::handle`.

use crate::core::decode::Decoded;
use crate::core::history::{History, Origin, Record};
use crate::core::report::Report;
use crate::ui::diff::model::toggle_pick;

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
