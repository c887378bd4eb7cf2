//! Scanning a capture off the UI thread: hits are sent in small batches as they are found (the
//! first ones show before the end), progress about every megabyte, and the scan stops soon
//! after Cancel. In tests the scan runs at once.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use super::{Message, Repaint};
use crate::capture::Capture;
use crate::core::scan::{Event, Place, Scanned, scan};

/// One scan: which (so a cancelled scan's late messages are ignored) and its Cancel.
#[derive(Clone, Debug)]
pub struct ScanJob {
    pub generation: u64,
    pub path: PathBuf,
    pub cancel: Arc<AtomicBool>,
}

/// What a scan reports.
#[derive(Debug)]
pub enum ScanNews {
    Hits(Vec<(String, Place)>),
    Progress {
        done: usize,
        total: usize,
    },
    /// Finished (or cancelled: `Scanned::cancelled`), or the file could not be read.
    Done(Result<Scanned, String>),
}

pub trait Scanner {
    /// Scans `job.path`, sending [`Message::Scan`]s.
    fn scan(&self, job: ScanJob, tx: Sender<Message>, repaint: Repaint);
}

/// Scans on a thread of its own.
pub struct ThreadScanner;

impl Scanner for ThreadScanner {
    fn scan(&self, job: ScanJob, tx: Sender<Message>, repaint: Repaint) {
        std::thread::spawn(move || run(&job, &tx, &repaint));
    }
}

/// Scans before returning (tests).
pub struct InlineScanner;

impl Scanner for InlineScanner {
    fn scan(&self, job: ScanJob, tx: Sender<Message>, repaint: Repaint) {
        run(&job, &tx, &repaint);
    }
}

/// How often news is sent while hits keep coming.
const BATCH_EVERY: Duration = Duration::from_millis(100);

fn run(job: &ScanJob, tx: &Sender<Message>, repaint: &Repaint) {
    let send = |news: ScanNews| {
        let _ = tx.send(Message::Scan {
            generation: job.generation,
            news,
        });
        repaint();
    };
    let capture = match Capture::open(&job.path) {
        Ok(c) => c,
        Err(e) => return send(ScanNews::Done(Err(e.to_string()))),
    };
    let mut batch = Vec::new();
    let mut sent_at: Option<Instant> = None;
    let scanned = scan(&capture, &mut |e| {
        if job.cancel.load(Ordering::Relaxed) {
            return ControlFlow::Break(());
        }
        match e {
            Event::Hit { token, place } => {
                batch.push((token.to_string(), place));
                // The first hit at once, then in batches.
                if sent_at.is_none_or(|t| t.elapsed() >= BATCH_EVERY) {
                    send(ScanNews::Hits(std::mem::take(&mut batch)));
                    sent_at = Some(Instant::now());
                }
            }
            Event::Progress { done, total } => {
                if !batch.is_empty() {
                    send(ScanNews::Hits(std::mem::take(&mut batch)));
                }
                send(ScanNews::Progress { done, total });
            }
        }
        ControlFlow::Continue(())
    });
    if !batch.is_empty() {
        send(ScanNews::Hits(batch));
    }
    send(ScanNews::Done(Ok(scanned)));
}

/// A file's name for lists and history ("capture.har").
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
