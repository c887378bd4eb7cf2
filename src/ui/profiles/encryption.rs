//! The vendor's encryption key a profile keeps (LivePerson's public key), as the window
//! sees it: Mint's encryption field is what would be saved, a public key goes into the
//! profile, a shared key into the keyring (read back when the profile opens).

use crate::core::preset::EncryptedInside;
use crate::core::secret::Secret;
use crate::store::profiles::{Profile, ProfileEncryption};
use crate::ui::inspect::jwe_model::decrypt_key;
use crate::ui::workbench::Workbench;

/// What a save does to the keyring's copy of the shared encryption key.
#[derive(Clone, Debug, PartialEq)]
pub enum EncryptSave {
    /// Store these bytes (the profile says a shared key is in the keyring).
    Shared(Secret),
    /// The profile no longer keeps a shared key: delete the keyring's.
    Drop,
}

impl Workbench {
    /// Whether Mint's encryption field belongs to the profile: the vendor takes its signed
    /// token encrypted (LivePerson). For other presets the profile keeps what it has.
    fn encrypts_signed_tokens(&self, profile: &Profile) -> bool {
        self.presets.get(&profile.preset).is_some_and(|p| {
            p.encryption
                .as_ref()
                .is_some_and(|e| e.inside == EncryptedInside::Jws)
        })
    }

    /// The encryption key `base` would keep after a save: what Mint's field holds (a key
    /// that can't be read leaves the saved one as it is).
    pub(in crate::ui) fn edited_encryption(&self, base: &Profile) -> Option<ProfileEncryption> {
        if !self.encrypts_signed_tokens(base) {
            return base.encryption.clone();
        }
        match decrypt_key(&self.inputs.encrypt) {
            Ok(None) => None,
            Ok(Some((key, _))) => ProfileEncryption::for_key(&key)
                .ok()
                .or_else(|| base.encryption.clone()),
            Err(_) => base.encryption.clone(),
        }
    }

    /// The shared key typed in Mint's encryption field, when that is what it holds.
    fn typed_shared_key(&self) -> Option<Secret> {
        match decrypt_key(&self.inputs.encrypt) {
            Ok(Some((key, _))) => key.secret_bytes().map(|b| Secret::new(b.to_vec())),
            _ => None,
        }
    }

    /// Whether the shared encryption key typed differs from the keyring's copy.
    pub fn encrypt_secret_changed(&self) -> bool {
        let Some(base) = &self.profiles.base else {
            return false;
        };
        if !self.encrypts_signed_tokens(base) || self.profiles.encrypt_loading {
            return false;
        }
        self.typed_shared_key() != self.profiles.stored_encrypt
    }

    /// What a save of `new` (from `base`) does to the keyring's shared encryption key.
    pub(in crate::ui) fn encrypt_to_save(
        &self,
        base: &Profile,
        new: &Profile,
    ) -> Option<EncryptSave> {
        let shared = |p: &Profile| p.encryption == Some(ProfileEncryption::SharedInKeyring);
        if shared(new) {
            if !self.encrypt_secret_changed() {
                return None;
            }
            return self.typed_shared_key().map(EncryptSave::Shared);
        }
        shared(base).then_some(EncryptSave::Drop)
    }

    /// Fills Mint's encryption field from `profile`: a public key at once; true when its
    /// shared key must be read from the keyring.
    pub fn show_encryption(&mut self, profile: &Profile) -> bool {
        self.inputs.encrypt.file = None;
        self.profiles.stored_encrypt = None;
        self.profiles.encrypt_loading = false;
        let text = match &profile.encryption {
            Some(ProfileEncryption::PublicJwk(jwk)) => {
                serde_json::to_string(jwk).unwrap_or_default()
            }
            Some(ProfileEncryption::SharedInKeyring) => {
                self.profiles.encrypt_loading = true;
                String::new()
            }
            None => String::new(),
        };
        self.inputs.encrypt.secret.set(&text);
        self.mark_mint();
        self.profiles.encrypt_loading
    }

    /// The keyring answered for the active profile's shared encryption key.
    pub fn encryption_loaded(&mut self, result: Result<Option<Secret>, String>) {
        self.profiles.encrypt_loading = false;
        match result {
            Ok(Some(secret)) => {
                match std::str::from_utf8(secret.expose()) {
                    Ok(text) => {
                        self.inputs.encrypt.secret.set(text);
                        self.inputs.encrypt.file = None;
                        self.profiles.stored_encrypt = Some(secret);
                    }
                    Err(_) => {
                        self.profiles.notice =
                        Some("The profile's shared encryption key is not text: type it again and save.".into());
                    }
                }
            }
            Ok(None) => {
                self.profiles.notice = Some(
                    "The profile's shared encryption key is not in the keyring: type it again and save."
                        .into(),
                );
            }
            Err(e) => {
                self.profiles.notice =
                    Some(format!("The profile's encryption key can't be read: {e}"));
            }
        }
        self.mark_mint();
    }

    /// Where Mint's encryption key is kept, said under the field: in the active profile, not
    /// yet, or (no profile) how to keep it. None when there is nothing to say.
    pub fn encryption_kept_note(&self) -> Option<String> {
        let given = !self.inputs.encrypt.secret.is_empty() || self.inputs.encrypt.file.is_some();
        let Some(base) = &self.profiles.base else {
            return given.then(|| {
                "In memory only: Save as profile… keeps it (a public key in the profile, a shared key in the keyring).".into()
            });
        };
        if self.profiles.encrypt_loading {
            return Some(format!(
                "Reading \"{}\"'s encryption key from the keyring…",
                base.name
            ));
        }
        let edited = self.edited_encryption(base);
        let changed = edited != base.encryption || self.encrypt_secret_changed();
        match (&edited, changed) {
            (None, false) => None,
            (None, true) => Some(format!(
                "Save to stop \"{}\" encrypting its tokens.",
                base.name
            )),
            (Some(kept), false) => Some(format!(
                "Kept in profile \"{}\": {}.",
                base.name,
                kept.describe()
            )),
            (Some(_), true) => Some(format!(
                "Not saved in profile \"{}\" yet: Save keeps it (a public key in the profile, a shared key in the keyring).",
                base.name
            )),
        }
    }

    /// After a save: the shared encryption key the keyring now holds.
    pub(in crate::ui) fn encryption_saved(&mut self, save: Option<EncryptSave>) {
        match save {
            Some(EncryptSave::Shared(secret)) => self.profiles.stored_encrypt = Some(secret),
            Some(EncryptSave::Drop) => self.profiles.stored_encrypt = None,
            None => {}
        }
        self.mark_dirty();
    }
}
