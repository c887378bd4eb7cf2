//! Content encryption (RFC 7518 §5): AES-CBC with HMAC-SHA2 (encrypt-then-MAC, §5.2) and
//! AES-GCM (§5.3). Every failure to open is the same `Opened::Failed`, whatever its cause.

use aws_lc_rs::aead::{self, Aad, LessSafeKey, Nonce, UnboundKey};
use aws_lc_rs::cipher::{
    self, DecryptionContext, EncryptionContext, PaddedBlockDecryptingKey, PaddedBlockEncryptingKey,
    UnboundCipherKey,
};
use aws_lc_rs::{constant_time, hmac, iv::FixedLength};

use super::Enc;

/// What sealing gives: the ciphertext and its tag.
pub(super) struct Sealed {
    pub ciphertext: Vec<u8>,
    pub tag: Vec<u8>,
}

/// The content could not be opened: a wrong key, or an altered token. One answer for both.
#[derive(Debug)]
pub(super) struct Failed;

impl Enc {
    /// The content encryption key's length in bytes.
    pub fn key_len(self) -> usize {
        match self {
            Enc::A128Gcm => 16,
            Enc::A192Gcm => 24,
            Enc::A256Gcm | Enc::A128CbcHs256 => 32,
            Enc::A192CbcHs384 => 48,
            Enc::A256CbcHs512 => 64,
        }
    }

    /// The initialization vector's length in bytes.
    pub fn iv_len(self) -> usize {
        match self {
            Enc::A128Gcm | Enc::A192Gcm | Enc::A256Gcm => 12,
            Enc::A128CbcHs256 | Enc::A192CbcHs384 | Enc::A256CbcHs512 => 16,
        }
    }

    fn gcm(self) -> Option<&'static aead::Algorithm> {
        match self {
            Enc::A128Gcm => Some(&aead::AES_128_GCM),
            Enc::A192Gcm => Some(&aead::AES_192_GCM),
            Enc::A256Gcm => Some(&aead::AES_256_GCM),
            _ => None,
        }
    }

    /// For the CBC modes: the AES cipher and the HMAC.
    fn cbc(self) -> (&'static cipher::Algorithm, hmac::Algorithm) {
        match self {
            Enc::A192CbcHs384 => (&cipher::AES_192, hmac::HMAC_SHA384),
            Enc::A256CbcHs512 => (&cipher::AES_256, hmac::HMAC_SHA512),
            _ => (&cipher::AES_128, hmac::HMAC_SHA256),
        }
    }

    /// Encrypts `plaintext` with `cek` and `iv`, authenticating `aad`.
    pub(super) fn seal(
        self,
        cek: &[u8],
        iv: &[u8],
        aad: &[u8],
        plaintext: &[u8],
    ) -> Option<Sealed> {
        if cek.len() != self.key_len() || iv.len() != self.iv_len() {
            return None;
        }
        if let Some(alg) = self.gcm() {
            let key = LessSafeKey::new(UnboundKey::new(alg, cek).ok()?);
            let nonce = Nonce::try_assume_unique_for_key(iv).ok()?;
            let mut ciphertext = plaintext.to_vec();
            let tag = key
                .seal_in_place_separate_tag(nonce, Aad::from(aad), &mut ciphertext)
                .ok()?;
            return Some(Sealed {
                ciphertext,
                tag: tag.as_ref().to_vec(),
            });
        }
        let (aes, mac) = self.cbc();
        let (mac_key, enc_key) = cek.split_at(cek.len() / 2);
        let key =
            PaddedBlockEncryptingKey::cbc_pkcs7(UnboundCipherKey::new(aes, enc_key).ok()?).ok()?;
        let iv: [u8; 16] = iv.try_into().ok()?;
        let mut ciphertext = plaintext.to_vec();
        key.less_safe_encrypt(
            &mut ciphertext,
            EncryptionContext::Iv128(FixedLength::from(iv)),
        )
        .ok()?;
        let tag = cbc_tag(mac, mac_key, aad, &iv, &ciphertext);
        Some(Sealed { ciphertext, tag })
    }

    /// Decrypts `ciphertext` with `cek` and `iv` after checking `tag` over it and `aad`.
    pub(super) fn open(
        self,
        cek: &[u8],
        iv: &[u8],
        aad: &[u8],
        ciphertext: &[u8],
        tag: &[u8],
    ) -> Result<Vec<u8>, Failed> {
        if cek.len() != self.key_len() || iv.len() != self.iv_len() {
            return Err(Failed);
        }
        if let Some(alg) = self.gcm() {
            let key = LessSafeKey::new(UnboundKey::new(alg, cek).map_err(|_| Failed)?);
            let nonce = Nonce::try_assume_unique_for_key(iv).map_err(|_| Failed)?;
            let mut buf = ciphertext.to_vec();
            let plain = key
                .open_in_place_separate_tag(nonce, Aad::from(aad), tag, &mut buf)
                .map_err(|_| Failed)?;
            return Ok(plain.to_vec());
        }
        let (aes, mac) = self.cbc();
        let (mac_key, enc_key) = cek.split_at(cek.len() / 2);
        // The tag first, in constant time: nothing is decrypted, and no padding is looked at,
        // before the token is known to be unaltered (no padding oracle).
        let expected = cbc_tag(mac, mac_key, aad, iv, ciphertext);
        constant_time::verify_slices_are_equal(&expected, tag).map_err(|_| Failed)?;
        let iv: [u8; 16] = iv.try_into().map_err(|_| Failed)?;
        let key = UnboundCipherKey::new(aes, enc_key)
            .and_then(PaddedBlockDecryptingKey::cbc_pkcs7)
            .map_err(|_| Failed)?;
        let mut buf = ciphertext.to_vec();
        let plain = key
            .decrypt(&mut buf, DecryptionContext::Iv128(FixedLength::from(iv)))
            .map_err(|_| Failed)?;
        Ok(plain.to_vec())
    }
}

/// RFC 7518 §5.2.2.1: the first half of HMAC(MAC_KEY, A || IV || E || AL).
fn cbc_tag(
    mac: hmac::Algorithm,
    mac_key: &[u8],
    aad: &[u8],
    iv: &[u8],
    ciphertext: &[u8],
) -> Vec<u8> {
    let key = hmac::Key::new(mac, mac_key);
    let mut ctx = hmac::Context::with_key(&key);
    ctx.update(aad);
    ctx.update(iv);
    ctx.update(ciphertext);
    let bits = u64::try_from(aad.len())
        .unwrap_or(u64::MAX)
        .saturating_mul(8);
    ctx.update(&bits.to_be_bytes());
    let full = ctx.sign();
    full.as_ref()[..mac_key.len()].to_vec()
}
