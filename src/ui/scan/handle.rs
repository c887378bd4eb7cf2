//! What Scan's commands do, and what the scanner reports: each token judged as it comes (and
//! recorded in History), its places, the progress, the sorted list at the end.

use std::sync::atomic::Ordering;

use crate::core::decode::decode;
use crate::core::history::Origin;
use crate::ui::app::command::ScanCommand;
use crate::ui::app::services::{
    KeepJob, Lane, Pick, ScanHit, ScanJob, ScanNews, file_name, scan_task,
};
use crate::ui::app::state::AppState;
use crate::ui::scan::state::Rows;
use crate::ui::workbench::{Mode, Workbench};

impl AppState {
    pub(in crate::ui) fn handle_scan(&mut self, cmd: ScanCommand) {
        match cmd {
            ScanCommand::Open => self.ask(Pick::Capture),
            ScanCommand::File(path) => self.start_scan(path),
            ScanCommand::Cancel => self.scan.cancel.store(true, Ordering::Relaxed),
            ScanCommand::Pick(i) => self.scan.pick(i),
        }
    }

    pub(in crate::ui) fn start_scan(&mut self, path: std::path::PathBuf) {
        // A scan still running stops: its late news is ignored (another generation).
        self.scan.cancel.store(true, Ordering::Relaxed);
        self.scan.begin(file_name(&path), path.clone());
        self.workbench.inputs.mode = Mode::Scan;
        let job = ScanJob {
            generation: self.scan.generation,
            path,
            cancel: self.scan.cancel.clone(),
        };
        self.tasks.run(Lane::Own, scan_task(job));
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
                let rows = rows(&self.workbench, self.now);
                let mut kept = Vec::new();
                for hit in hits {
                    // A token seen again only gains a place: no re-inspection, and only the
                    // first places are written out (a token sent with every request has
                    // thousands).
                    match hit {
                        ScanHit::Token { token, place } => {
                            let d = decode(&token);
                            let opened = (d.segment_count == 5)
                                .then(|| crate::core::jwe::open(&token, None).ok())
                                .flatten();
                            let report = match &opened {
                                Some(o) => rows.judge.inspect_unsigned(&token, o),
                                None => rows.judge.report(&d),
                            };
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
                    self.keep(KeepJob::Append(kept));
                }
            }
            ScanNews::Progress { done, total } => self.scan.progress = (done, total),
            ScanNews::Done(Ok(finished)) => {
                self.scan.running = false;
                self.scan.cancelled = finished.scanned.cancelled;
                self.scan.source = Some(finished.scanned.source);
                // Places now in time order, tokens in order of first appearance.
                let rows = rows(&self.workbench, self.now);
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

    /// The scan's verdicts again (the key or the preset changed, or a second passed).
    pub(in crate::ui) fn rejudge_scan(&mut self) {
        let rows = rows(&self.workbench, self.now);
        let mut scan = std::mem::take(&mut self.scan);
        scan.rejudge(&rows);
        self.scan = scan;
    }

    /// The scan's rows written out again (demo mode changed what they may show).
    pub(in crate::ui) fn relist_scan(&mut self) {
        let rows = rows(&self.workbench, self.now);
        let mut scan = std::mem::take(&mut self.scan);
        scan.relist(&rows);
        self.scan = scan;
    }
}

fn rows(workbench: &Workbench, now: i64) -> Rows<'_> {
    Rows {
        judge: workbench.judge(now),
        demo: workbench.inputs.demo,
    }
}
