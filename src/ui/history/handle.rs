//! What History's commands do, and what goes into History: tokens minted or pasted once they
//! have stood a moment, served, or found in files; kept across restarts on request.

use crate::core::decode::decode;
use crate::core::history::Origin;
use crate::ui::app::command::HistoryCommand;
use crate::ui::app::services::{KeepJob, Lane};
use crate::ui::app::state::AppState;

/// A minted or pasted token goes into History once it has stood this long (seconds), so
/// typing does not record every keystroke's token.
const SETTLE: i64 = 2;

impl AppState {
    pub(in crate::ui) fn handle_history(&mut self, cmd: HistoryCommand, time: f64) {
        match cmd {
            HistoryCommand::Pick(id) => self.history.pick(id),
            HistoryCommand::Clear => {
                self.history.clear();
                if self.history.keep {
                    self.keep(KeepJob::Clear);
                }
                self.toasts.info("History cleared", time);
            }
            HistoryCommand::Keep(on) => self.keep_history(on, time),
            HistoryCommand::Filter(text) => self.history.filter = text,
        }
    }

    /// Once a frame: what has stood long enough, or was served, goes into History.
    pub(in crate::ui) fn record_history(&mut self, now: i64) {
        let workbench = &self.workbench;
        let judge = workbench.judge(now);
        if let Some(m) = &workbench.derived.minted
            && m.hash.is_none()
            && now - m.minted_at >= SETTLE
            && !workbench.derived.stale
            && self.history.last_minted.as_deref() != Some(m.token.as_str())
        {
            let report = judge.report(&m.decoded);
            let token = m.token.clone();
            let added = self
                .history
                .record(Origin::Minted, &m.decoded, &report, now);
            self.keep_added(added);
            self.history.last_minted = Some(token);
        }
        if let Some(v) = &workbench.derived.inspect
            && now - v.decoded_at >= SETTLE
            && v.decoded.is_readable()
            && self.history.last_inspected.as_deref() != Some(v.decoded.compact.as_str())
        {
            let report = judge.report(&v.decoded);
            let token = v.decoded.compact.clone();
            let added = self
                .history
                .record(Origin::Pasted, &v.decoded, &report, now);
            self.keep_added(added);
            self.history.last_inspected = Some(token);
        }
    }

    /// A token the local server served goes into History at once.
    pub(in crate::ui) fn record_served(&mut self, token: &str) {
        let d = decode(token);
        let report = self.workbench.judge(self.now).report(&d);
        let added = (self.history).record(Origin::Served, &d, &report, self.now);
        self.keep_added(added);
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
            self.keep(KeepJob::Append(mine));
            self.toasts.info(
                "History is kept across restarts: header and claims, never a signature",
                time,
            );
        } else {
            self.keep(KeepJob::Clear);
            self.toasts
                .info("History is no longer kept: the kept file was removed", time);
        }
    }

    /// Hands `job` to the history lane (nothing when history has nowhere to go).
    pub(in crate::ui) fn keep(&self, job: KeepJob) {
        if let Some(task) = self.keeper.task(job) {
            self.tasks.run(Lane::History, task);
        }
    }

    /// Writes a new record to the kept history, when it is kept.
    fn keep_added(&self, added: Option<crate::core::history::Record>) {
        if let (true, Some(r)) = (self.history.keep, added) {
            self.keep(KeepJob::Append(vec![r]));
        }
    }
}
