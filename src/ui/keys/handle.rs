//! What Keys' commands do: the secret and its encoding, a key file, a generated pair, public
//! keys by URL; and what the file dialog, key generation and the fetcher answered.

use crate::core::key::{KeySet, PublicFormat};
use crate::core::secret::Secret;
use crate::ui::app::command::KeysCommand;
use crate::ui::app::services::{
    Lane, Message, Pick, Reply, SaveFile, Task, fetch_task, generate_pem,
};
use crate::ui::app::state::AppState;
use crate::ui::workbench::Published;

impl AppState {
    pub(in crate::ui) fn handle_keys(&mut self, cmd: KeysCommand, time: f64) {
        match cmd {
            KeysCommand::Secret(secret) => self.workbench.set_secret(secret),
            KeysCommand::Encoding(encoding) => self.workbench.set_encoding(encoding),
            KeysCommand::Reveal(reveal) => self.workbench.set_reveal(reveal),
            KeysCommand::KeyUrl(url) => self.workbench.set_key_url(url),
            KeysCommand::ChooseFile => self.ask(Pick::KeyFile),
            KeysCommand::ForgetFile => {
                self.workbench.inputs.key.file = None;
                self.workbench.inputs.key.file_text = None;
                self.workbench.mark_dirty();
            }
            KeysCommand::Generate => {
                let alg = (self.workbench.preset()).and_then(|p| p.algorithms().first().copied());
                let task: Task = Box::new(move |reply: &Reply| {
                    reply.send(Message::Generated(generate_pem(alg)));
                });
                self.tasks.run(Lane::Own, task);
            }
            KeysCommand::Fetch { refresh } => self.fetch_keys(refresh),
            KeysCommand::ToggleCheck => {
                let key = &mut self.workbench.inputs.key;
                key.show_check = !key.show_check;
            }
            KeysCommand::ExportPublic(format) => self.export_public_key(format, time),
        }
    }

    /// A key file was chosen and read (or not).
    pub(in crate::ui) fn key_file_read(
        &mut self,
        read: Option<Result<(std::path::PathBuf, KeySet, Secret), String>>,
        time: f64,
    ) {
        match read {
            Some(Ok((path, keys, text))) => {
                self.workbench.inputs.key.file = Some((path, keys));
                self.workbench.inputs.key.file_text = Some(text);
                self.workbench.mark_dirty();
            }
            Some(Err(e)) => self.toasts.error(e, time),
            None => {}
        }
    }

    /// A key pair was generated: its private key replaces the secret and the key file.
    pub(in crate::ui) fn generated(&mut self, generated: Result<Secret, String>, time: f64) {
        let pem = match generated {
            Ok(pem) => pem,
            Err(e) => {
                self.toasts.error(e, time);
                return;
            }
        };
        let key = &mut self.workbench.inputs.key;
        key.file = None;
        key.file_text = None;
        key.secret.set(&String::from_utf8_lossy(pem.expose()));
        self.workbench.mark_dirty();
        let hint = if self.workbench.profiles.active.is_some() {
            ": save the profile to keep it"
        } else {
            ""
        };
        self.toasts
            .info(format!("Generated a new key pair{hint}"), time);
    }

    /// The keys at `url` were fetched (or not); an answer for a URL no longer typed is late.
    pub(in crate::ui) fn published(
        &mut self,
        url: &str,
        result: Result<std::sync::Arc<Published>, String>,
    ) {
        let key = &mut self.workbench.inputs.key;
        if url != key.url.trim() {
            return;
        }
        key.fetching = false;
        match result {
            Ok(published) => {
                key.published = Some(published);
                key.url_error = None;
                self.workbench.mark_dirty();
            }
            // The last good set stays usable.
            Err(e) => key.url_error = Some(e),
        }
    }

    /// Fetches the keys at the Key panel's URL on a thread of its own.
    pub(in crate::ui) fn fetch_keys(&mut self, refresh: bool) {
        let key = &mut self.workbench.inputs.key;
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
        let preset = self.workbench.preset().cloned();
        self.tasks
            .run(Lane::Own, fetch_task(url, refresh, preset, self.now));
    }

    fn export_public_key(&mut self, format: PublicFormat, time: f64) {
        let Some(key) = (self.workbench.derived.key.keys.as_ref()).and_then(|k| k.keys.first())
        else {
            self.toasts.error("There is no key to export", time);
            return;
        };
        let mut key = key.clone();
        if key.kid.is_none() {
            key.kid = (self.workbench.form())
                .map(|f| f.kid.trim().to_string())
                .filter(|k| !k.is_empty())
                .or_else(|| key.thumbprint());
        }
        let name = match format {
            PublicFormat::Pem => "public-key.pem",
            PublicFormat::Jwk => "public-key.jwk.json",
            PublicFormat::Jwks => "jwks.json",
            PublicFormat::List(list) => &list.file_name,
        };
        let text = key.export_public(format, self.now);
        let Some(text) = text else {
            self.toasts.error("An HMAC secret has no public key", time);
            return;
        };
        let file = SaveFile {
            what: "public key".into(),
            file_name: name.into(),
            contents: text,
        };
        self.save_file(file);
    }
}
