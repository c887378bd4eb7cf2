//! *Keep history*: records written to `history.jsonl` in the history lane (the file's lock
//! may wait for another window), in the order sent; the lane finishes before the window
//! closes.

use std::sync::Arc;

use crate::core::history::Record;
use crate::store::history::HistoryFile;
use crate::ui::app::services::{Message, Reply, Task};

pub enum KeepJob {
    Append(Vec<Record>),
    /// Remove the kept history.
    Clear,
}

/// Where kept history goes (nowhere without a data folder).
pub struct Keeper {
    file: Option<Arc<HistoryFile>>,
}

impl Keeper {
    pub fn new(file: Option<HistoryFile>) -> Keeper {
        Keeper {
            file: file.map(Arc::new),
        }
    }

    /// What is kept now (a short read: at most a thousand lines).
    pub fn read(&self) -> Option<std::io::Result<crate::store::history::Kept>> {
        self.file.as_ref().map(|f| f.read())
    }

    /// The task that does `job` (none when history has nowhere to go).
    pub fn task(&self, job: KeepJob) -> Option<Task> {
        let file = self.file.clone()?;
        Some(Box::new(move |reply: &Reply| run(&file, job, reply)))
    }
}

fn run(file: &HistoryFile, job: KeepJob, reply: &Reply) {
    let result = match job {
        KeepJob::Append(records) => file.append(&records),
        KeepJob::Clear => file.clear(),
    };
    if let Err(e) = result {
        reply.send(Message::KeepFailed(format!(
            "Could not keep the history in {}: {e}",
            file.path().display()
        )));
    }
}
