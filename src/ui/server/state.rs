//! The local token server in the window: its state, owned by the app. The server runs on its
//! own threads and tells the window what it answered as messages, like all background work;
//! the window draws them at most ten times a second while requests come in.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::serve::{self, DEFAULT_PORT, LogEntry, Running, Setup};
use crate::ui::app::services::{Message, RepaintAfter};
use crate::ui::workbench::capitalize;

/// Entries kept in the window's log.
const LOG_SIZE: usize = 500;
/// Rows shown.
const ROWS: usize = 200;

pub struct ServerState {
    running: Option<Running>,
    /// The port to listen on (0: any free port).
    pub port: u16,
    log: VecDeque<LogEntry>,
    /// Answers sent by the server that the window has not taken yet.
    waiting: Arc<AtomicUsize>,
    /// Why the server could not start.
    pub problem: Option<String>,
    /// The token the server's setup was made from, to notice form changes.
    served_token: Option<String>,
    pub(crate) vendor: String,
}

impl Default for ServerState {
    fn default() -> Self {
        ServerState {
            running: None,
            port: DEFAULT_PORT,
            log: VecDeque::new(),
            waiting: Arc::default(),
            problem: None,
            served_token: None,
            vendor: String::new(),
        }
    }
}

impl ServerState {
    pub fn on_port(port: u16) -> ServerState {
        ServerState {
            port,
            ..ServerState::default()
        }
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// `http://127.0.0.1:3000`
    pub fn url(&self) -> Option<String> {
        self.running.as_ref().map(Running::url)
    }

    /// Starts serving `setup`; what the server answers arrives on `tx` as
    /// [`Message::Served`].
    pub fn start(
        &mut self,
        setup: Setup,
        tx: Sender<Message>,
        wake_after: RepaintAfter,
    ) -> Result<(), String> {
        self.stop();
        // The sink is called from the server's threads: it needs `Sync`, which a sender is
        // only behind a lock.
        let tx = Mutex::new(tx);
        // Bounded: a window that stops drawing (minimised) lets at most a log's worth of
        // answers wait for it, however many requests come in.
        let waiting = self.waiting.clone();
        let sink: serve::LogSink = Arc::new(move |entry| {
            if waiting.fetch_add(1, Ordering::Relaxed) >= LOG_SIZE {
                waiting.fetch_sub(1, Ordering::Relaxed);
                return;
            }
            if let Ok(tx) = tx.lock() {
                let _ = tx.send(Message::Served(entry));
            }
            wake_after(Duration::from_millis(100));
        });
        self.vendor = setup.preset.vendor.clone();
        match serve::start(setup, self.port, Some(sink)) {
            Ok(running) => {
                self.running = Some(running);
                self.problem = None;
                Ok(())
            }
            Err(e) => {
                let message = capitalize(&e.to_string());
                self.problem = Some(message.clone());
                Err(message)
            }
        }
    }

    pub fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            running.stop();
        }
        self.served_token = None;
    }

    /// Serves the window's current values when they changed (`token` is the current token).
    pub fn follow(&mut self, token: Option<&str>, setup: impl FnOnce() -> Option<Setup>) {
        let Some(running) = &self.running else {
            return;
        };
        if token.is_some() && self.served_token.as_deref() != token {
            if let Some(setup) = setup() {
                running.update(setup);
            }
            self.served_token = token.map(str::to_string);
        }
    }

    pub fn clear_log(&mut self) {
        self.log.clear();
    }

    /// A request the server answered (the oldest go past [`LOG_SIZE`]).
    pub fn log(&mut self, entry: LogEntry) {
        let _ =
            (self.waiting).fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1));
        if self.log.len() >= LOG_SIZE {
            self.log.pop_front();
        }
        self.log.push_back(entry);
    }

    /// How many rows the log shows.
    pub(crate) fn rows(&self) -> usize {
        self.log.len().min(ROWS)
    }

    /// The log's rows in `range`, newest first.
    pub(crate) fn entries(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = &LogEntry> {
        self.log.iter().rev().skip(range.start).take(range.len())
    }

    pub(crate) fn has_log(&self) -> bool {
        !self.log.is_empty()
    }

    /// Whether the panel has anything to show.
    pub fn visible(&self) -> bool {
        self.running.is_some() || self.problem.is_some() || self.has_log()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::mpsc::channel;

    use super::{LOG_SIZE, ServerState};
    use crate::ui::app::services::Message;
    use crate::ui::testing::{http_get, workbench};

    #[test]
    fn a_window_that_does_not_draw_lets_at_most_a_log_of_answers_wait() {
        let mut workbench = workbench("amazon-connect");
        workbench.set_field("sub", crate::ui::mint::form::FieldValue::Text("w-1".into()));
        workbench.refresh(crate::ui::testing::NOW);
        let setup = workbench.server_setup().expect("a setup");
        let mut server = ServerState::on_port(0);
        let (tx, rx) = channel();
        server.start(setup, tx, Arc::new(|_| {})).expect("started");
        let port = (server.url().expect("running").rsplit(':').next())
            .and_then(|p| p.parse().ok())
            .expect("a port");
        for _ in 0..LOG_SIZE + 20 {
            assert_eq!(http_get(port, "/token?widgetId=w-1").0, 200);
        }
        let waiting: Vec<Message> = rx.try_iter().collect();
        assert_eq!(waiting.len(), LOG_SIZE, "the rest were served, not queued");
        // Once the window takes them, answers flow again.
        for msg in waiting {
            if let Message::Served(entry) = msg {
                server.log(entry);
            }
        }
        assert_eq!(http_get(port, "/token?widgetId=w-1").0, 200);
        assert_eq!(rx.try_iter().count(), 1);
        server.stop();
    }
}
