//! One runner for every background job of the window: file dialogs, key generation, scans,
//! key fetches (each on a thread of its own), and the store's and the kept history's writes
//! (each lane one after another, in the order sent). In tests the same jobs run at once, on
//! the caller's thread, so a test never sleeps or steps frames waiting for one: by the time
//! `handle` returns, the job's messages are waiting for the next frame.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use crate::ui::app::services::{Message, Repaint};

/// A background job: it reports through `Reply`.
pub type Task = Box<dyn FnOnce(&Reply) + Send>;

/// How a job reports: a message to the window, which wakes it.
#[derive(Clone)]
pub struct Reply {
    tx: Sender<Message>,
    wake: Repaint,
}

impl Reply {
    pub fn new(tx: Sender<Message>, wake: Repaint) -> Reply {
        Reply { tx, wake }
    }

    /// Sends `msg` and wakes the window; false once the window is gone.
    pub fn send(&self, msg: Message) -> bool {
        let sent = self.tx.send(msg).is_ok();
        (self.wake)();
        sent
    }

    /// Several messages, one wake.
    pub fn send_all(&self, msgs: impl IntoIterator<Item = Message>) -> bool {
        let sent = msgs.into_iter().all(|m| self.tx.send(m).is_ok());
        (self.wake)();
        sent
    }
}

/// Where a job runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lane {
    /// A thread of its own: it may block (a dialog, the network, a large file).
    Own,
    /// After the store's earlier jobs: the profiles file and the keyring, in order.
    Store,
    /// After the kept history's earlier writes, in order.
    History,
}

/// How jobs run: on threads (the window), or at once (tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Running {
    Threads,
    Inline,
}

pub struct Tasks {
    reply: Reply,
    /// The ordered lanes' threads (none inline).
    lanes: Option<[LaneThread; 2]>,
}

/// How long closing the window waits for ordered work still being done (a profile being
/// saved, history being written).
const FINISH_WAIT: Duration = Duration::from_secs(10);

struct LaneThread {
    jobs: Option<Sender<Task>>,
    /// Told when the lane has done everything it was sent.
    finished: Receiver<()>,
}

impl LaneThread {
    fn start(name: &str, reply: Reply) -> LaneThread {
        let (jobs, rx) = channel::<Task>();
        let (done, finished) = channel();
        let spawned = std::thread::Builder::new()
            .name(format!("tokenbench-{name}"))
            .spawn(move || {
                for task in rx {
                    task(&reply);
                }
                let _ = done.send(());
            });
        LaneThread {
            jobs: spawned.is_ok().then_some(jobs),
            finished,
        }
    }
}

impl Tasks {
    pub fn new(running: Running, reply: Reply) -> Tasks {
        let lanes = match running {
            Running::Threads => Some([
                LaneThread::start("store", reply.clone()),
                LaneThread::start("history", reply.clone()),
            ]),
            Running::Inline => None,
        };
        Tasks { reply, lanes }
    }

    /// Runs `task` in `lane`.
    pub fn run(&self, lane: Lane, task: Task) {
        let Some(lanes) = &self.lanes else {
            task(&self.reply);
            return;
        };
        let thread = match lane {
            Lane::Own => {
                let reply = self.reply.clone();
                let spawned = std::thread::Builder::new()
                    .name("tokenbench-task".into())
                    .spawn(move || task(&reply));
                if spawned.is_err() {
                    // No thread to be had: the job is not done rather than done on the UI
                    // thread (it may block), and the window says so.
                    self.reply.send(Message::TaskFailed(
                        "could not start a background thread".into(),
                    ));
                }
                return;
            }
            Lane::Store => &lanes[0],
            Lane::History => &lanes[1],
        };
        match &thread.jobs {
            Some(jobs) => {
                let _ = jobs.send(task);
            }
            None => {
                self.reply.send(Message::TaskFailed(
                    "could not start a background thread".into(),
                ));
            }
        }
    }
}

impl Drop for Tasks {
    /// The window is closing: what the ordered lanes were sent is done before the process
    /// ends (for a while at most).
    fn drop(&mut self) {
        if let Some(lanes) = &mut self.lanes {
            for lane in lanes.iter_mut() {
                lane.jobs.take();
            }
            for lane in lanes.iter() {
                let _ = lane.finished.recv_timeout(FINISH_WAIT);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::mpsc::channel;

    use super::*;

    fn reply() -> (Reply, Receiver<Message>) {
        let (tx, rx) = channel();
        (Reply::new(tx, Arc::new(|| {})), rx)
    }

    #[test]
    fn inline_jobs_are_done_before_run_returns() {
        let (reply, rx) = reply();
        let tasks = Tasks::new(Running::Inline, reply);
        tasks.run(
            Lane::Own,
            Box::new(|r| {
                r.send(Message::KeepFailed("one".into()));
            }),
        );
        assert!(matches!(rx.try_recv(), Ok(Message::KeepFailed(m)) if m == "one"));
    }

    #[test]
    fn a_lane_keeps_its_order_and_finishes_before_the_window_closes() {
        let (reply, rx) = reply();
        let tasks = Tasks::new(Running::Threads, reply);
        for i in 0..50 {
            tasks.run(
                Lane::History,
                Box::new(move |r| {
                    r.send(Message::KeepFailed(i.to_string()));
                }),
            );
        }
        drop(tasks);
        let got: Vec<String> = (rx.try_iter())
            .map(|m| match m {
                Message::KeepFailed(s) => s,
                _ => String::new(),
            })
            .collect();
        let want: Vec<String> = (0..50).map(|i: i32| i.to_string()).collect();
        assert_eq!(got, want);
    }
}
