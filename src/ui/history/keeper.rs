//! *Keep history*: records written to `history.jsonl` off the UI thread (the file's lock may
//! wait for another window), in the order sent. In tests the writes happen at once.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use crate::core::history::Record;
use crate::store::history::HistoryFile;
use crate::ui::app::services::{Message, Repaint};

pub enum KeepJob {
    Append(Vec<Record>),
    /// Remove the kept history.
    Clear,
}

/// Where kept history goes: a thread of its own, at once (tests), or nowhere (no data folder).
pub enum KeepSetup {
    Threaded(HistoryFile),
    Inline(HistoryFile),
    Nowhere,
}

pub struct Keeper {
    /// The file, to read (and, inline, to write).
    path: Option<std::path::PathBuf>,
    file: Option<HistoryFile>,
    to_thread: Option<Sender<KeepJob>>,
    /// Told when the writer thread has written everything it was sent.
    finished: Option<Receiver<()>>,
    tx: Sender<Message>,
    wake: Repaint,
}

/// How long closing the window waits for kept history still being written.
const FINISH_WAIT: Duration = Duration::from_secs(10);

impl Drop for Keeper {
    /// The window is closing: what was sent is written before the process ends.
    fn drop(&mut self) {
        self.to_thread.take();
        if let Some(finished) = &self.finished {
            let _ = finished.recv_timeout(FINISH_WAIT);
        }
    }
}

impl Keeper {
    pub fn start(setup: KeepSetup, tx: Sender<Message>, wake: Repaint) -> Keeper {
        match setup {
            KeepSetup::Threaded(file) => {
                let path = Some(file.path().to_path_buf());
                let (jobs, rx) = channel::<KeepJob>();
                let (tx2, wake2) = (tx.clone(), wake.clone());
                let (done, finished) = channel();
                std::thread::spawn(move || {
                    for job in rx {
                        run(&file, job, &tx2, &wake2);
                    }
                    let _ = done.send(());
                });
                Keeper {
                    path,
                    file: None,
                    to_thread: Some(jobs),
                    finished: Some(finished),
                    tx,
                    wake,
                }
            }
            KeepSetup::Inline(file) => Keeper {
                path: Some(file.path().to_path_buf()),
                file: Some(file),
                to_thread: None,
                finished: None,
                tx,
                wake,
            },
            KeepSetup::Nowhere => Keeper {
                path: None,
                file: None,
                to_thread: None,
                finished: None,
                tx,
                wake,
            },
        }
    }

    /// What is kept now (a short read: at most a thousand lines).
    pub fn read(&self) -> Option<std::io::Result<crate::store::history::Kept>> {
        self.path
            .as_ref()
            .map(|p| HistoryFile::new(p.clone()).read())
    }

    pub fn send(&self, job: KeepJob) {
        if let Some(t) = &self.to_thread {
            let _ = t.send(job);
        } else if let Some(f) = &self.file {
            run(f, job, &self.tx, &self.wake);
        }
    }
}

fn run(file: &HistoryFile, job: KeepJob, tx: &Sender<Message>, wake: &Repaint) {
    let result = match job {
        KeepJob::Append(records) => file.append(&records),
        KeepJob::Clear => file.clear(),
    };
    if let Err(e) = result {
        let _ = tx.send(Message::KeepFailed(format!(
            "Could not keep the history in {}: {e}",
            file.path().display()
        )));
        wake();
    }
}
