//! An encrypted token pasted into Inspect: opened with the decryption key the user gave (a
//! shared key, a pasted PEM / JWK, or a key file), the signed token inside judged as any
//! other; without the key, its header and which key it needs.

use crate::core::decode::Decoded;
use crate::core::jwe::{Inside, Opened, open};
use crate::core::key::{Key, parse_encryption_key};
use crate::core::secret::Secret;
use crate::ui::workbench::{DecryptInput, Workbench};

/// What Inspect knows of a pasted JWE.
#[derive(Clone, Debug)]
pub struct JweState {
    pub opened: Opened,
    /// Why the decryption key typed can't be used (not the token's fault).
    pub key_error: Option<String>,
    /// The key in use, in words ("RSA 2048-bit private key (file enc.pem)").
    pub key: Option<String>,
}

impl JweState {
    /// A signed token is inside (and was judged).
    pub fn holds_jws(&self) -> bool {
        matches!(self.opened.inside(), Inside::Jws(_))
    }
}

/// The key the input names (to decrypt with, or Mint's to encrypt for): None when nothing is
/// typed; Err when it can't be read.
pub(in crate::ui) fn decrypt_key(input: &DecryptInput) -> Result<Option<(Key, String)>, String> {
    if let Some((path, key)) = &input.file {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        return Ok(Some((
            key.clone(),
            format!("{} (file {name})", key.describe()),
        )));
    }
    let text = input.secret.expose();
    if text.is_empty() {
        return Ok(None);
    }
    let trimmed = text.trim_start();
    if trimmed.starts_with("-----BEGIN") || trimmed.starts_with('{') {
        let key = parse_encryption_key(text.as_bytes()).map_err(|e| e.to_string())?;
        let said = format!("{} (pasted)", key.describe());
        return Ok(Some((key, said)));
    }
    let key = Key::hmac(Secret::new(text.as_bytes().to_vec()));
    let said = format!("a shared key of {} bytes", text.len());
    Ok(Some((key, said)))
}

impl Workbench {
    /// Opens the pasted JWE (None when its header can't be read): the token to judge (the signed token inside, or the claims it
    /// holds as a payload with no header) and what the encryption says.
    pub(in crate::ui) fn open_jwe(&self, pasted: Decoded) -> (Decoded, Option<JweState>) {
        let (mut key, key_error) = match decrypt_key(&self.inputs.decrypt) {
            Ok(k) => (k, None),
            Err(e) => (None, Some(e)),
        };
        // Claims sealed with the preset's own key (Chaskiq): the key given in Mint opens them.
        if key.is_none()
            && key_error.is_none()
            && let Some(preset) = self.preset().filter(|p| p.sealed_claims().is_some())
            && let Some(own) = (self.derived.key.keys.as_ref()).and_then(|k| k.keys.first())
        {
            key = Some((
                own.clone(),
                format!("{}'s key from Mint ({})", preset.vendor, own.describe()),
            ));
        }
        let opened = match open(&pasted.compact, key.as_ref().map(|(k, _)| k)) {
            Ok(opened) => opened,
            // A header that can't be read: the decoder's findings say why.
            Err(_) => return (pasted, None),
        };
        let decoded = match opened.inside() {
            Inside::Jws(inner) => crate::core::decode::decode(inner),
            Inside::Plain(claims) => Decoded::sealed(&pasted.compact, claims),
            Inside::Sealed => Decoded::sealed(&pasted.compact, None),
        };
        let state = JweState {
            opened,
            key_error,
            key: key.map(|(_, said)| said),
        };
        (decoded, Some(state))
    }
}
