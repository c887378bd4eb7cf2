//! What commands do to the workbench (profiles aside: `profiles.rs`), and what background
//! work answered (dialogs, key generation).

use eframe::egui;

use crate::core::key::PublicFormat;
use crate::core::time::Validity;
use crate::ui::app::command::{Command, Edit};
use crate::ui::app::services::{Message, SaveFile, fetch_published};
use crate::ui::app::state::{AppState, ScrollTarget};
use crate::ui::workbench::{EditorMode, Mode};

/// How much larger everything is in demo mode (on top of the user's zoom).
pub const DEMO_ZOOM: f32 = 1.35;

/// Re-mint this many seconds before expiry when auto re-mint is on.
const REMINT_BEFORE: i64 = 5;

impl AppState {
    pub(in crate::ui) fn command(&mut self, cmd: Command, ctx: &egui::Context, time: f64) {
        if self.evidence_command(&cmd, time) {
            return;
        }
        let relist = matches!(cmd, Command::SetDemo(_));
        let rejudge = matches!(
            cmd,
            Command::SelectPreset(_) | Command::Edit(Edit::Secret(_) | Edit::Encoding(_))
        );
        self.command_inner(cmd, ctx, time);
        if (relist || rejudge) && !self.scan.rows.is_empty() {
            self.bench.refresh(self.now);
            if relist {
                self.relist_scan();
            } else {
                self.rejudge_scan();
            }
        }
    }

    fn command_inner(&mut self, cmd: Command, ctx: &egui::Context, time: f64) {
        match cmd {
            Command::Edit(Edit::Port(port)) => {
                self.server.port = port;
                self.server_url_changed();
            }
            Command::Edit(e @ (Edit::ProfileFilter(_) | Edit::DialogName(_))) => {
                self.profile_edit(e);
            }
            Command::Edit(e) => self.bench.edit(e),
            Command::SelectPreset(id) => self.select_preset(id),
            Command::SetMode(mode) => self.bench.inputs.mode = mode,
            Command::SetEditor(editor) => {
                if let Err(e) = self.bench.set_editor(editor) {
                    self.toasts.error(e, time);
                }
            }
            Command::Remint => self.bench.remint(),
            Command::ChooseKeyFile => self
                .dialogs
                .open_key_file(self.tx.clone(), self.wake.clone()),
            Command::ForgetKeyFile => {
                self.bench.inputs.key.file = None;
                self.bench.inputs.key.file_text = None;
                self.bench.mark_dirty();
            }
            Command::FetchKeys { refresh } => self.fetch_keys(refresh),
            Command::ToggleKeySetCheck => {
                let key = &mut self.bench.inputs.key;
                key.show_check = !key.show_check;
            }
            Command::GenerateKey => {
                let alg = (self.bench.preset()).and_then(|p| p.algorithms().first().copied());
                self.keys.generate(alg, self.tx.clone(), self.wake.clone());
            }
            Command::ExportPublicKey(format) => self.export_public_key(format, time),
            Command::Copy { what, text } => match self.clipboard.copy(&text) {
                Ok(()) => self.toasts.info(format!("Copied {what}"), time),
                Err(e) => self.toasts.error(format!("Could not copy: {e}"), time),
            },
            Command::Save(file) => self.dialogs.save(file, self.tx.clone(), self.wake.clone()),
            Command::SetDemo(on) => self.set_demo(on, ctx, time),
            Command::PasteToInspect(text) => {
                self.bench.edit(Edit::InspectText(text));
                self.bench.inputs.mode = Mode::Inspect;
            }
            Command::ClearInspect => self.bench.edit(Edit::InspectText(String::new())),
            Command::ShowSnippets => self.scroll_to = Some(ScrollTarget::Snippets),
            Command::StartServer => self.start_server(ctx, time),
            Command::StopServer => {
                self.server.stop();
                self.server_url_changed();
            }
            Command::ClearServerLog => {
                self.server.clear_log();
                self.server.problem = None;
            }
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::ShowHelp => self.modal = Some(crate::ui::app::dialogs::Modal::Help),
            Command::SetTheme(theme) => ctx.set_theme(theme),
            profile => self.profile_command(profile, time),
        }
    }

    /// Another vendor; a profile of a different vendor closes (after asking about its
    /// unsaved changes).
    fn select_preset(&mut self, id: String) {
        let leaving = self.bench.active_profile().is_some_and(|p| p.preset != id);
        if leaving && self.bench.profile_changed() {
            self.ask_unsaved(crate::ui::app::dialogs::Next::Preset(id));
        } else {
            self.go_to_preset(&id);
        }
    }

    pub(in crate::ui) fn go_to_preset(&mut self, id: &str) {
        if self.bench.active_profile().is_some_and(|p| p.preset != id) {
            self.bench.close_profile();
        }
        self.bench.select_preset(id);
    }

    /// Demo mode on or off: large type, and every view masks the secret and personal data.
    fn set_demo(&mut self, on: bool, ctx: &egui::Context, time: f64) {
        if on == self.bench.inputs.demo {
            return;
        }
        self.bench.set_demo(on);
        ctx.set_zoom_factor(self.zoom * self.demo_zoom());
        if on {
            self.scroll_to = Some(ScrollTarget::TokenTop);
            self.toasts.info(
                "Demo mode: large type; the secret and personal data are masked on screen",
                time,
            );
        }
    }

    /// The zoom demo mode adds to the user's.
    pub fn demo_zoom(&self) -> f32 {
        if self.bench.inputs.demo {
            DEMO_ZOOM
        } else {
            1.0
        }
    }

    fn start_server(&mut self, ctx: &egui::Context, time: f64) {
        let started = self
            .bench
            .server_setup()
            .and_then(|setup| self.server.start(setup, ctx));
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
        self.bench.set_server_url(url);
    }

    /// Keeps a running server minting what the window shows.
    pub(in crate::ui) fn follow_server(&mut self) {
        let bench = &self.bench;
        let token = bench.derived.minted.as_ref().map(|m| m.token.as_str());
        self.server.follow(token, || bench.server_setup().ok());
    }

    pub(in crate::ui) fn auto_remint(&mut self, now: i64) {
        let bench = &self.bench;
        if !bench.inputs.auto_remint || bench.inputs.editor == EditorMode::Raw {
            return;
        }
        let Some(m) = &bench.derived.minted else {
            return;
        };
        if m.minted_at == now || bench.derived.stale {
            return;
        }
        let due = match bench.minted_validity(now) {
            Some(Validity::Valid {
                expires_in: Some(left),
            }) => left <= REMINT_BEFORE,
            Some(Validity::Expired { .. }) => true,
            _ => false,
        };
        if due {
            self.bench.remint();
        }
    }

    fn export_public_key(&mut self, format: PublicFormat, time: f64) {
        let Some(key) = (self.bench.derived.key.keys.as_ref()).and_then(|k| k.keys.first()) else {
            self.toasts.error("There is no key to export", time);
            return;
        };
        let mut key = key.clone();
        if key.kid.is_none() {
            key.kid = (self.bench.form())
                .map(|f| f.kid.trim().to_string())
                .filter(|k| !k.is_empty())
                .or_else(|| key.thumbprint());
        }
        let expiry = self.now + crate::core::key::LIST_VALIDITY;
        let (text, name) = match format {
            PublicFormat::Pem => (key.public_pem(), "public-key.pem"),
            PublicFormat::Jwk => (key.export_public(format, expiry), "public-key.jwk.json"),
            PublicFormat::Jwks => (key.export_public(format, expiry), "jwks.json"),
            PublicFormat::Omnichannel => (key.export_public(format, expiry), "public-keys.json"),
        };
        let Some(text) = text else {
            self.toasts.error("An HMAC secret has no public key", time);
            return;
        };
        let file = SaveFile {
            what: "public key".into(),
            file_name: name.into(),
            contents: text,
        };
        self.dialogs.save(file, self.tx.clone(), self.wake.clone());
    }

    /// What a dialog, or key generation, answered.
    pub(in crate::ui) fn dialog_answer(&mut self, msg: Message, time: f64) {
        match msg {
            Message::KeyFile(None) | Message::Recipe(None) | Message::Saved(None) => {}
            Message::KeyFile(Some(Ok((path, keys, text)))) => {
                self.bench.inputs.key.file = Some((path, keys));
                self.bench.inputs.key.file_text = Some(text);
                self.bench.mark_dirty();
            }
            Message::Recipe(Some(Ok(text))) => self.import_recipe(&text, time),
            Message::Saved(Some(Ok((what, path)))) => {
                let name = path
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                self.toasts
                    .info(format!("Saved the {what} to {name}"), time);
            }
            Message::KeyFile(Some(Err(e)))
            | Message::Recipe(Some(Err(e)))
            | Message::Saved(Some(Err(e)))
            | Message::Generated(Err(e)) => self.toasts.error(e, time),
            Message::Published { url, result } => {
                let key = &mut self.bench.inputs.key;
                if url != key.url.trim() {
                    return;
                }
                key.fetching = false;
                match result {
                    Ok(published) => {
                        key.published = Some(published);
                        key.url_error = None;
                        self.bench.mark_dirty();
                    }
                    // The last good set stays usable.
                    Err(e) => key.url_error = Some(e),
                }
            }
            Message::Generated(Ok(pem)) => {
                let key = &mut self.bench.inputs.key;
                key.file = None;
                key.file_text = None;
                key.secret.set(&String::from_utf8_lossy(pem.expose()));
                self.bench.mark_dirty();
                let hint = if self.bench.profiles.active.is_some() {
                    ": save the profile to keep it"
                } else {
                    ""
                };
                self.toasts
                    .info(format!("Generated a new key pair{hint}"), time);
            }
            Message::Store(_)
            | Message::ProfilesTouched
            | Message::Capture(_)
            | Message::Scan { .. }
            | Message::KeepFailed(_)
            | Message::TokenFile(..) => {}
        }
    }
}

impl AppState {
    /// Fetches the keys at the Key panel's URL on a thread of its own.
    pub(in crate::ui) fn fetch_keys(&mut self, refresh: bool) {
        let key = &mut self.bench.inputs.key;
        let url = key.url.trim().to_string();
        if url.is_empty() {
            return;
        }
        if let Err(e) = crate::web::target::Target::parse(&url) {
            key.url_error = Some(e.0);
            return;
        }
        key.fetching = true;
        key.url_error = None;
        let preset = self.bench.preset().cloned();
        fetch_published(
            url,
            refresh,
            preset,
            self.now,
            self.tx.clone(),
            self.wake.clone(),
        );
    }
}
