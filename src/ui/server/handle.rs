//! What the server's commands do: start it with the window's vendor, values and key, stop it,
//! its port and log; and keeping it minting what the window shows.

use crate::ui::app::command::ServerCommand;
use crate::ui::app::state::AppState;

impl AppState {
    pub(in crate::ui) fn handle_server(&mut self, cmd: ServerCommand, time: f64) {
        match cmd {
            ServerCommand::Start => self.start_server(time),
            ServerCommand::Stop => {
                self.server.stop();
                self.server_url_changed();
            }
            ServerCommand::ClearLog => {
                self.server.clear_log();
                self.server.problem = None;
            }
            ServerCommand::Port(port) => {
                self.server.port = port;
                self.server_url_changed();
            }
        }
    }

    fn start_server(&mut self, time: f64) {
        let (tx, wake_after) = (self.tx.clone(), self.wake_after.clone());
        let started = (self.workbench.server_setup())
            .and_then(|setup| self.server.start(setup, tx, wake_after));
        match started {
            Ok(()) => {
                let url = self.server.url().unwrap_or_default();
                self.toasts.info(format!("Serving on {url}/"), time);
            }
            Err(e) => self.toasts.error(e, time),
        }
        self.server_url_changed();
    }

    /// The snippets fetch from the running server, or from where it would run.
    pub(in crate::ui) fn server_url_changed(&mut self) {
        let url = self.server.url().unwrap_or_else(|| {
            let port = match self.server.port {
                0 => crate::serve::DEFAULT_PORT,
                p => p,
            };
            format!("http://127.0.0.1:{port}")
        });
        self.workbench.set_server_url(url);
    }

    /// Keeps a running server minting what the window shows.
    pub(in crate::ui) fn follow_server(&mut self) {
        let workbench = &self.workbench;
        // The JWE when Mint encrypts for the vendor (a fresh one on every re-mint).
        let token = workbench.derived.minted.as_ref().map(|m| match &m.jwe {
            Some(Ok(sealed)) => sealed.token.as_str(),
            _ => m.token.as_str(),
        });
        self.server.follow(token, || workbench.server_setup().ok());
    }

    /// The server answered a request: a line in its log, and the token it served in History.
    pub(in crate::ui) fn served(&mut self, entry: crate::serve::LogEntry) {
        if let Some(token) = &entry.token {
            self.record_served(token);
        }
        self.server.log(entry);
    }
}
