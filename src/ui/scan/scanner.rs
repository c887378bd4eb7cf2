//! Scanning a capture, as a task of its own: hits are sent in small batches as they are found
//! (the first ones show before the end), progress about every megabyte, and the scan stops
//! soon after Cancel. In tests the scan runs at once.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::capture::Capture;
use crate::core::scan::{Event, Found, Place, Scanned, ShownUrl, scan};
use crate::ui::app::services::{Message, Reply, Task};
use crate::ui::scan::state::PLACES_SHOWN;

/// One scan: which (so a cancelled scan's late messages are ignored) and its Cancel.
#[derive(Clone, Debug)]
pub struct ScanJob {
    pub generation: u64,
    pub path: PathBuf,
    pub cancel: Arc<AtomicBool>,
}

/// One hit, as the list shows it while the scan goes on: a token met for the first time,
/// one more place written out (while its row shows fewer than [`PLACES_SHOWN`]), or only
/// counted.
#[derive(Debug)]
pub enum ScanHit {
    Token { token: String, place: Place },
    Place { index: usize, place: Place },
    Counted { index: usize },
}

/// What a scan reports.
#[derive(Debug)]
pub enum ScanNews {
    Hits(Vec<ScanHit>),
    Progress {
        done: usize,
        total: usize,
    },
    /// Finished (or cancelled: `Scanned::cancelled`), or the file could not be read.
    Done(Result<Finished, String>),
}

/// A scan that ended: how, and what it found: each token (in order of first appearance in
/// time) with its first [`PLACES_SHOWN`] places (in time order) and how many it has.
#[derive(Debug)]
pub struct Finished {
    pub scanned: Scanned,
    pub tokens: Vec<(String, Vec<Place>, usize)>,
}

/// The task that scans `job.path`, sending [`Message::Scan`]s.
pub fn scan_task(job: ScanJob) -> Task {
    Box::new(move |reply: &Reply| run(&job, reply))
}

/// How often news is sent while hits keep coming.
const BATCH_EVERY: Duration = Duration::from_millis(100);

fn run(job: &ScanJob, reply: &Reply) {
    let send = |news: ScanNews| {
        reply.send(Message::Scan {
            generation: job.generation,
            news,
        });
    };
    let capture = match Capture::open(&job.path) {
        Ok(c) => c,
        Err(e) => return send(ScanNews::Done(Err(e.to_string()))),
    };
    let mut batch = Vec::new();
    let mut sent_at: Option<Instant> = None;
    let mut found = Found::default();
    let bytes: &[u8] = &capture;
    let scanned = scan(bytes, &mut |e| {
        if job.cancel.load(Ordering::Relaxed) {
            return ControlFlow::Break(());
        }
        match e {
            Event::Hit { token, place } => {
                let added = found.add(bytes, token, &place);
                if added.new_token {
                    batch.push(ScanHit::Token {
                        token: token.to_string(),
                        place: place.to_listed(),
                    });
                } else if added.new_place && added.places <= PLACES_SHOWN {
                    batch.push(ScanHit::Place {
                        index: added.index,
                        place: place.to_listed(),
                    });
                } else if added.new_place {
                    batch.push(ScanHit::Counted { index: added.index });
                }
                // The first hit at once, then in batches.
                if sent_at.is_none_or(|t| t.elapsed() >= BATCH_EVERY) && !batch.is_empty() {
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
    found.finish(bytes);
    let mut shown = ShownUrl::default();
    let tokens = (0..found.len())
        .map(|n| {
            let places = (found.places(bytes, n, &mut shown).take(PLACES_SHOWN))
                .map(Place::listed)
                .collect();
            (
                found.token(bytes, n).to_string(),
                places,
                found.place_count(n),
            )
        })
        .collect();
    send(ScanNews::Done(Ok(Finished { scanned, tokens })));
}

/// A file's name for lists and history ("capture.har").
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
