//! The local token server in the window: its state, owned by the app. The server runs on its
//! own threads; the log is shared with it and the window repaints at most ten times a second
//! while requests come in.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use eframe::egui;

use crate::serve::{self, DEFAULT_PORT, LogEntry, Running, Setup};
use crate::ui::workbench::capitalize;

/// Entries kept in the window's log.
const LOG_SIZE: usize = 500;
/// Rows shown.
const ROWS: usize = 200;

pub struct ServerState {
    running: Option<Running>,
    /// The port to listen on (0: any free port).
    pub port: u16,
    log: Arc<Mutex<VecDeque<LogEntry>>>,
    /// Tokens served since the window last took them (for History).
    served: Arc<Mutex<Vec<String>>>,
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
            log: Arc::default(),
            served: Arc::default(),
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

    pub fn start(&mut self, setup: Setup, ctx: &egui::Context) -> Result<(), String> {
        self.stop();
        let log = self.log.clone();
        let served = self.served.clone();
        let ctx = ctx.clone();
        let sink: serve::LogSink = Arc::new(move |entry| {
            if let (Some(token), Ok(mut served)) = (&entry.token, served.lock()) {
                // Bounded: a window that stops drawing (minimised) does not grow it forever.
                if served.len() < LOG_SIZE {
                    served.push(token.clone());
                }
            }
            if let Ok(mut log) = log.lock() {
                if log.len() >= LOG_SIZE {
                    log.pop_front();
                }
                log.push_back(entry);
            }
            ctx.request_repaint_after(Duration::from_millis(100));
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

    /// The tokens served since last asked.
    pub fn take_served(&self) -> Vec<String> {
        self.served
            .lock()
            .map(|mut s| std::mem::take(&mut *s))
            .unwrap_or_default()
    }

    pub fn clear_log(&mut self) {
        if let Ok(mut log) = self.log.lock() {
            log.clear();
        }
    }

    /// How many rows the log shows.
    pub(crate) fn rows(&self) -> usize {
        self.log.lock().map_or(0, |log| log.len().min(ROWS))
    }

    /// The log's rows in `range`, newest first.
    pub(crate) fn entries(&self, range: std::ops::Range<usize>) -> Vec<LogEntry> {
        self.log
            .lock()
            .map(|log| {
                let rows = log.iter().rev().skip(range.start);
                rows.take(range.len()).cloned().collect()
            })
            .unwrap_or_default()
    }

    /// Adds a log entry as the server would (tests).
    #[cfg(test)]
    pub fn log_for_test(&self, entry: LogEntry) {
        if let Ok(mut log) = self.log.lock() {
            log.push_back(entry);
        }
    }

    pub(crate) fn has_log(&self) -> bool {
        self.log.lock().is_ok_and(|log| !log.is_empty())
    }

    /// Whether the panel has anything to show.
    pub fn visible(&self) -> bool {
        self.running.is_some() || self.problem.is_some() || self.has_log()
    }
}
