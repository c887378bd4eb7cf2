//! History, Diff and Scan: what their commands do, what a scan reports, and what goes into
//! History (tokens minted or pasted once they have stood a moment, served, found in files).

use std::sync::atomic::Ordering;

use crate::core::decode::decode;
use crate::core::history::Origin;
use crate::ui::app::command::{Command, Edit};
use crate::ui::app::services::{KeepJob, Keeper, ScanHit, ScanJob, ScanNews, file_name};
use crate::ui::app::state::AppState;
use crate::ui::scan::state::Rows;
use crate::ui::workbench::{Mode, Workbench};

/// A minted or pasted token goes into History once it has stood this long (seconds), so
/// typing does not record every keystroke's token.
const SETTLE: i64 = 2;

impl AppState {
    /// The commands of History, Diff and Scan; false when `cmd` is not one of them.
    pub(in crate::ui) fn evidence_command(&mut self, cmd: &Command, time: f64) -> bool {
        match cmd {
            Command::Edit(Edit::HistoryFilter(f)) => self.history.filter.clone_from(f),
            Command::InspectToken(text) => {
                self.bench.edit(Edit::InspectText(text.clone()));
                self.bench.inputs.mode = Mode::Inspect;
            }
            Command::DiffTokens(a, b) => {
                self.bench.edit(Edit::DiffA(a.clone()));
                self.bench.edit(Edit::DiffB(b.clone()));
                self.bench.inputs.mode = Mode::Diff;
            }
            Command::DiffFromFile(side) => {
                self.dialogs
                    .open_token_file(*side, self.tx.clone(), self.wake.clone());
            }
            Command::SwapDiff => {
                let inputs = &self.bench.inputs;
                let (a, b) = (inputs.diff_b.clone(), inputs.diff_a.clone());
                self.bench.edit(Edit::DiffA(a));
                self.bench.edit(Edit::DiffB(b));
            }
            Command::ClearDiff => {
                self.bench.edit(Edit::DiffA(String::new()));
                self.bench.edit(Edit::DiffB(String::new()));
            }
            Command::PickRecord(id) => self.history.pick(id.clone()),
            Command::ClearHistory => {
                self.history.clear();
                if self.history.keep {
                    self.keeper.send(KeepJob::Clear);
                }
                self.toasts.info("History cleared", time);
            }
            Command::KeepHistory(on) => self.keep_history(*on, time),
            Command::OpenCapture => self
                .dialogs
                .open_capture(self.tx.clone(), self.wake.clone()),
            Command::ScanFile(path) => self.start_scan(path.clone()),
            Command::CancelScan => self.scan.cancel.store(true, Ordering::Relaxed),
            Command::PickScanned(i) => self.scan.pick(*i),
            _ => return false,
        }
        true
    }

    pub(in crate::ui) fn start_scan(&mut self, path: std::path::PathBuf) {
        // A scan still running stops: its late news is ignored (another generation).
        self.scan.cancel.store(true, Ordering::Relaxed);
        self.scan.begin(file_name(&path), path.clone());
        self.bench.inputs.mode = Mode::Scan;
        let job = ScanJob {
            generation: self.scan.generation,
            path,
            cancel: self.scan.cancel.clone(),
        };
        self.scanner.scan(job, self.tx.clone(), self.wake.clone());
    }

    /// A token file for a Diff side was read.
    pub(in crate::ui) fn token_file(
        &mut self,
        side: usize,
        read: Option<Result<String, String>>,
        time: f64,
    ) {
        match read {
            Some(Ok(text)) => {
                let text = text.trim().to_string();
                self.bench.edit(if side == 0 {
                    Edit::DiffA(text)
                } else {
                    Edit::DiffB(text)
                });
            }
            Some(Err(e)) => self.toasts.error(e, time),
            None => {}
        }
    }

    pub(in crate::ui) fn scan_news(&mut self, generation: u64, news: ScanNews, time: f64) {
        if generation != self.scan.generation {
            return;
        }
        match news {
            ScanNews::Hits(hits) => {
                let name = self
                    .scan
                    .file
                    .as_ref()
                    .map(|f| f.0.clone())
                    .unwrap_or_default();
                let rows = rows(&self.bench, self.now);
                let mut kept = Vec::new();
                for hit in hits {
                    // A token seen again only gains a place: no re-inspection, and only the
                    // first places are written out (a token sent with every request has
                    // thousands).
                    match hit {
                        ScanHit::Token { token, place } => {
                            let d = decode(&token);
                            let report = rows.judge.report(&d);
                            let origin = Origin::File { name: name.clone() };
                            kept.extend(self.history.record(origin, &d, &report, self.now));
                            self.scan.rows.push(rows.row(&token, vec![place], 1));
                        }
                        ScanHit::Place { index, place } => {
                            if let Some(row) = self.scan.rows.get_mut(index) {
                                row.add_place(place, rows.demo);
                            }
                        }
                        ScanHit::Counted { index } => {
                            if let Some(row) = self.scan.rows.get_mut(index) {
                                row.place_count += 1;
                            }
                        }
                    }
                }
                // One write for the batch, not one per token.
                if self.history.keep && !kept.is_empty() {
                    self.keeper.send(KeepJob::Append(kept));
                }
            }
            ScanNews::Progress { done, total } => self.scan.progress = (done, total),
            ScanNews::Done(Ok(finished)) => {
                self.scan.running = false;
                self.scan.cancelled = finished.scanned.cancelled;
                self.scan.source = Some(finished.scanned.source);
                // Places now in time order, tokens in order of first appearance.
                let rows = rows(&self.bench, self.now);
                // The picks follow their tokens into the sorted list.
                let picked: Vec<String> = (self.scan.picked.iter())
                    .filter_map(|&i| self.scan.rows.get(i).map(|r| r.token.clone()))
                    .collect();
                self.scan.rows = (finished.tokens.into_iter())
                    .map(|(token, places, count)| rows.row(&token, places, count))
                    .collect();
                self.scan.picked = (picked.iter())
                    .filter_map(|t| self.scan.rows.iter().position(|r| r.token == *t))
                    .collect();
                let n = self.scan.rows.len();
                let what = if self.scan.cancelled {
                    "Scan cancelled"
                } else {
                    "Scan done"
                };
                self.toasts.info(
                    format!("{what}: {n} token{}", if n == 1 { "" } else { "s" }),
                    time,
                );
            }
            ScanNews::Done(Err(e)) => {
                self.scan.running = false;
                self.scan.error = Some(e.clone());
                self.toasts.error(e, time);
            }
        }
    }

    /// Once a frame: what has stood long enough, or was served, goes into History.
    pub(in crate::ui) fn record_history(&mut self, now: i64) {
        let bench = &self.bench;
        let judge = bench.judge(now);
        if let Some(m) = &bench.derived.minted
            && m.hash.is_none()
            && now - m.minted_at >= SETTLE
            && !bench.derived.stale
            && self.history.last_minted.as_deref() != Some(m.token.as_str())
        {
            let report = judge.report(&m.decoded);
            let token = m.token.clone();
            let added = self
                .history
                .record(Origin::Minted, &m.decoded, &report, now);
            keep(&self.keeper, self.history.keep, added);
            self.history.last_minted = Some(token);
        }
        if let Some(v) = &bench.derived.inspect
            && now - v.decoded_at >= SETTLE
            && v.decoded.is_readable()
            && self.history.last_inspected.as_deref() != Some(v.decoded.compact.as_str())
        {
            let report = judge.report(&v.decoded);
            let token = v.decoded.compact.clone();
            let added = self
                .history
                .record(Origin::Pasted, &v.decoded, &report, now);
            keep(&self.keeper, self.history.keep, added);
            self.history.last_inspected = Some(token);
        }
        for token in self.server.take_served() {
            let d = decode(&token);
            let report = judge.report(&d);
            let added = self.history.record(Origin::Served, &d, &report, now);
            keep(&self.keeper, self.history.keep, added);
        }
    }

    /// *Keep history* on: what this session has is written, and what earlier sessions kept is
    /// shown. Off: the kept file is removed (this session's list stays until the window
    /// closes).
    fn keep_history(&mut self, on: bool, time: f64) {
        if on == self.history.keep {
            return;
        }
        self.history.keep = on;
        if on {
            let mine: Vec<_> = self.history.history.newest_first().rev().cloned().collect();
            match self.keeper.read() {
                Some(Ok(kept)) => self.history.take_kept(kept.records),
                Some(Err(e)) => self
                    .toasts
                    .error(format!("Could not read the kept history: {e}"), time),
                None => {}
            }
            self.keeper.send(KeepJob::Append(mine));
            self.toasts.info(
                "History is kept across restarts: header and claims, never a signature",
                time,
            );
        } else {
            self.keeper.send(KeepJob::Clear);
            self.toasts
                .info("History is no longer kept: the kept file was removed", time);
        }
    }

    /// The scan's verdicts again (the key or the preset changed, or a second passed).
    pub(in crate::ui) fn rejudge_scan(&mut self) {
        let rows = rows(&self.bench, self.now);
        let mut scan = std::mem::take(&mut self.scan);
        scan.rejudge(&rows);
        self.scan = scan;
    }

    /// The scan's rows written out again (demo mode changed what they may show).
    pub(in crate::ui) fn relist_scan(&mut self) {
        let rows = rows(&self.bench, self.now);
        let mut scan = std::mem::take(&mut self.scan);
        scan.relist(&rows);
        self.scan = scan;
    }
}

/// Writes a new record to the kept history, when it is kept.
fn keep(keeper: &Keeper, on: bool, added: Option<crate::core::history::Record>) {
    if let (true, Some(r)) = (on, added) {
        keeper.send(KeepJob::Append(vec![r]));
    }
}

fn rows(bench: &Workbench, now: i64) -> Rows<'_> {
    Rows {
        judge: bench.judge(now),
        demo: bench.inputs.demo,
    }
}
