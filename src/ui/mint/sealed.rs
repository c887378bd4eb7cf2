//! The signed token sealed for the vendor's key (LivePerson): Mint's JWE beside the signed
//! token, and the key the local server encrypts with.

use serde_json::{Map, Value};

use crate::core::key::Key;
use crate::core::preset::{EncryptedInside, Preset};
use crate::ui::inspect::jwe_model::decrypt_key;
use crate::ui::workbench::DecryptInput;

/// The signed token sealed for the vendor: the JWE, its header and for whom.
#[derive(Debug, Clone)]
pub struct SealedToken {
    pub token: String,
    pub header: Map<String, Value>,
    /// "RSA-OAEP-256 with A128CBC-HS256".
    pub algorithms: String,
    /// The key it is sealed for, as said ("an RSA public key (pasted)").
    pub key: String,
}

/// Encrypts `jws` for the key in `input` as the preset's `[encryption]` says (None: no key
/// given, or the vendor takes no encrypted token).
pub(super) fn seal_for_vendor(
    preset: &Preset,
    input: &DecryptInput,
    jws: &str,
) -> Option<Result<SealedToken, String>> {
    let rules = preset
        .encryption
        .as_ref()
        .filter(|e| e.inside == EncryptedInside::Jws)?;
    let (key, said) = match decrypt_key(input) {
        Ok(Some(k)) => k,
        Ok(None) => return None,
        Err(e) => return Some(Err(format!("The encryption key can't be used: {e}"))),
    };
    let (alg, enc) = crate::core::jwe::choose(&key, Some(rules.alg), Some(rules.enc));
    let sealed = crate::core::jwe::seal_token(jws, &key, alg, enc).and_then(|token| {
        let header = crate::core::jwe::Jwe::parse(&token)?.header;
        Ok(SealedToken {
            token,
            header,
            algorithms: format!("{} with {}", alg.name(), enc.name()),
            key: said,
        })
    });
    Some(sealed.map_err(|e| format!("Not encrypted: {e}")))
}

/// The vendor's key in `input` when the preset takes its signed token encrypted: None when
/// none is given (or the vendor takes no encrypted token), Err when it can't be read.
pub(super) fn vendor_key(preset: &Preset, input: &DecryptInput) -> Result<Option<Key>, String> {
    if !preset
        .encryption
        .as_ref()
        .is_some_and(|e| e.inside == EncryptedInside::Jws)
    {
        return Ok(None);
    }
    decrypt_key(input)
        .map(|k| k.map(|(key, _)| key))
        .map_err(|e| format!("The encryption key can't be used: {e}"))
}
