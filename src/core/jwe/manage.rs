//! Key management (RFC 7518 §4): getting the content encryption key (CEK) out of a token, and
//! putting one in. RSA-OAEP, AES key wrap, direct, and ECDH-ES with the Concat KDF.

use aws_lc_rs::agreement::{self, UnparsedPublicKey};
use aws_lc_rs::digest;
use aws_lc_rs::rsa::{
    OAEP_SHA1_MGF1SHA1, OAEP_SHA256_MGF1SHA256, OaepAlgorithm, OaepPrivateDecryptingKey,
    OaepPublicEncryptingKey, PublicEncryptingKey,
};
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::{Enc, JweError, KeyAlg, keywrap};
use crate::core::alg::Curve;
use crate::core::b64;
use crate::core::key::{Key, KeyData, key_from_jwk};

type Cek = Zeroizing<Vec<u8>>;

/// The CEK to seal with, and what goes in the token's encrypted-key part.
pub(super) struct Wrapped {
    pub cek: Cek,
    pub encrypted_key: Vec<u8>,
}

/// The kind of key `alg` wants, in words.
pub(super) fn needs(alg: KeyAlg, enc: Enc) -> String {
    match alg {
        KeyAlg::RsaOaep | KeyAlg::RsaOaep256 => {
            format!("the recipient's RSA private key ({alg} with {enc})")
        }
        KeyAlg::A128Kw | KeyAlg::A192Kw | KeyAlg::A256Kw => {
            format!("a {}-byte shared key ({alg} with {enc})", kw_len(alg))
        }
        KeyAlg::Dir => format!("a {}-byte shared key (dir with {enc})", enc.key_len()),
        KeyAlg::EcdhEs | KeyAlg::EcdhEsA128Kw | KeyAlg::EcdhEsA192Kw | KeyAlg::EcdhEsA256Kw => {
            format!("the recipient's EC private key ({alg} with {enc})")
        }
    }
}

fn kw_len(alg: KeyAlg) -> usize {
    match alg {
        KeyAlg::A128Kw | KeyAlg::EcdhEsA128Kw => 16,
        KeyAlg::A192Kw | KeyAlg::EcdhEsA192Kw => 24,
        _ => 32,
    }
}

fn oaep(alg: KeyAlg) -> &'static OaepAlgorithm {
    if alg == KeyAlg::RsaOaep256 {
        &OAEP_SHA256_MGF1SHA256
    } else {
        &OAEP_SHA1_MGF1SHA1
    }
}

fn wrong(alg: KeyAlg, enc: Enc, key: &Key) -> JweError {
    JweError::WrongKey(format!(
        "this token needs {}, but the key is {}",
        needs(alg, enc),
        key.describe()
    ))
}

/// The shared key's bytes, which must be `len` long.
fn shared(alg: KeyAlg, enc: Enc, key: &Key, len: usize) -> Result<&[u8], JweError> {
    let bytes = key.secret_bytes().ok_or_else(|| wrong(alg, enc, key))?;
    if bytes.len() != len {
        return Err(JweError::WrongKey(format!(
            "this token needs {}; the key given is {} bytes",
            needs(alg, enc),
            bytes.len()
        )));
    }
    Ok(bytes)
}

fn random(len: usize) -> Cek {
    let mut bytes = Zeroizing::new(vec![0u8; len]);
    // Without randomness the zero key still fails at the tag, as a wrong key does.
    let _ = aws_lc_rs::rand::fill(&mut bytes);
    bytes
}

/// The CEK inside a token, with `key`. Every cryptographic failure is `Failed`.
pub(super) fn unwrap_cek(
    alg: KeyAlg,
    enc: Enc,
    key: &Key,
    header: &Map<String, Value>,
    encrypted_key: &[u8],
) -> Result<Cek, JweError> {
    let direct = matches!(alg, KeyAlg::Dir | KeyAlg::EcdhEs);
    if direct && !encrypted_key.is_empty() {
        return Err(JweError::Malformed(format!(
            "with {alg} the JWE's encrypted-key part must be empty"
        )));
    }
    match alg {
        KeyAlg::RsaOaep | KeyAlg::RsaOaep256 => {
            let private = rsa_private(alg, enc, key)?;
            let mut out = Zeroizing::new(vec![0u8; private.min_output_size()]);
            // RFC 7516 §11.5: a failed unwrap goes on with a random key, so that it fails at
            // the tag like any other wrong key, after the same work.
            Ok(
                match private.decrypt(oaep(alg), encrypted_key, &mut out, None) {
                    Ok(cek) if cek.len() == enc.key_len() => Zeroizing::new(cek.to_vec()),
                    _ => random(enc.key_len()),
                },
            )
        }
        KeyAlg::A128Kw | KeyAlg::A192Kw | KeyAlg::A256Kw => {
            let kek = shared(alg, enc, key, kw_len(alg))?;
            unwrap_or_fail(kek, encrypted_key, enc)
        }
        KeyAlg::Dir => Ok(Zeroizing::new(
            shared(alg, enc, key, enc.key_len())?.to_vec(),
        )),
        KeyAlg::EcdhEs | KeyAlg::EcdhEsA128Kw | KeyAlg::EcdhEsA192Kw | KeyAlg::EcdhEsA256Kw => {
            let epk = header
                .get("epk")
                .and_then(Value::as_object)
                .ok_or_else(|| {
                    JweError::Malformed(format!("{alg} needs an \"epk\" in the header"))
                })?;
            let epk = key_from_jwk(epk).map_err(|e| {
                JweError::Malformed(format!("the header's \"epk\" is not a usable key: {e}"))
            })?;
            let KeyData::Ec { curve, point, .. } = &epk.data else {
                return Err(JweError::Unsupported(format!(
                    "{alg} with a {} ephemeral key is not supported (P-256 and P-384 are)",
                    epk.describe()
                )));
            };
            let private = ec_private(alg, enc, key, *curve)?;
            let derived = agree_and_derive(alg, enc, &private, *curve, point, header)?;
            if alg == KeyAlg::EcdhEs {
                Ok(derived)
            } else {
                unwrap_or_fail(&derived, encrypted_key, enc)
            }
        }
    }
}

fn unwrap_or_fail(kek: &[u8], wrapped: &[u8], enc: Enc) -> Result<Cek, JweError> {
    match keywrap::unwrap(kek, wrapped) {
        Some(cek) if cek.len() == enc.key_len() => Ok(Zeroizing::new(cek)),
        _ => Err(JweError::Failed),
    }
}

fn rsa_private(alg: KeyAlg, enc: Enc, key: &Key) -> Result<&OaepPrivateDecryptingKey, JweError> {
    let KeyData::Rsa { private_pkcs1, .. } = &key.data else {
        return Err(wrong(alg, enc, key));
    };
    if private_pkcs1.is_none() {
        return Err(JweError::WrongKey(format!(
            "this token needs {}; the key given is the public half, which can only encrypt",
            needs(alg, enc)
        )));
    }
    key.rsa_decrypting()
        .ok_or_else(|| JweError::WrongKey("the RSA private key can't be used to decrypt".into()))
}

fn agreement_alg(curve: Curve) -> &'static agreement::Algorithm {
    match curve {
        Curve::P256 => &agreement::ECDH_P256,
        Curve::P384 => &agreement::ECDH_P384,
    }
}

fn ec_private(
    alg: KeyAlg,
    enc: Enc,
    key: &Key,
    curve: Curve,
) -> Result<agreement::PrivateKey, JweError> {
    let KeyData::Ec {
        curve: own,
        private_pkcs8,
        ..
    } = &key.data
    else {
        return Err(wrong(alg, enc, key));
    };
    let Some(pkcs8) = private_pkcs8 else {
        return Err(JweError::WrongKey(format!(
            "this token needs {}; the key given is the public half, which can only encrypt",
            needs(alg, enc)
        )));
    };
    if *own != curve {
        return Err(JweError::WrongKey(format!(
            "the token was encrypted for a {} key; the key given is {}",
            curve.name(),
            own.name()
        )));
    }
    agreement::PrivateKey::from_private_key_der(agreement_alg(curve), pkcs8.expose())
        .map_err(|_| JweError::WrongKey("the EC private key can't be used for ECDH".into()))
}

/// ECDH with the peer's point, then the Concat KDF of RFC 7518 §4.6.2.
fn agree_and_derive(
    alg: KeyAlg,
    enc: Enc,
    private: &agreement::PrivateKey,
    curve: Curve,
    peer_point: &[u8],
    header: &Map<String, Value>,
) -> Result<Cek, JweError> {
    let peer = UnparsedPublicKey::new(agreement_alg(curve), peer_point);
    let z: Cek = agreement::agree(private, peer, JweError::Failed, |z| {
        Ok(Zeroizing::new(z.to_vec()))
    })?;
    let party = |name: &str| -> Result<Vec<u8>, JweError> {
        match header.get(name).and_then(Value::as_str) {
            None => Ok(Vec::new()),
            Some(t) => b64::decode_lenient(t.as_bytes()).map_err(|_| {
                JweError::Malformed(format!("the header's \"{name}\" is not base64url"))
            }),
        }
    };
    let (algorithm_id, len) = if alg == KeyAlg::EcdhEs {
        (enc.name(), enc.key_len())
    } else {
        (alg.name(), kw_len(alg))
    };
    Ok(concat_kdf(
        &z,
        algorithm_id,
        &party("apu")?,
        &party("apv")?,
        len,
    ))
}

/// NIST SP 800-56A Concat KDF with SHA-256, as RFC 7518 §4.6.2 fills it.
fn concat_kdf(z: &[u8], algorithm_id: &str, apu: &[u8], apv: &[u8], len: usize) -> Cek {
    let field = |bytes: &[u8]| {
        let mut out = u32::try_from(bytes.len())
            .unwrap_or(u32::MAX)
            .to_be_bytes()
            .to_vec();
        out.extend_from_slice(bytes);
        out
    };
    let mut other = field(algorithm_id.as_bytes());
    other.extend(field(apu));
    other.extend(field(apv));
    other.extend(u32::try_from(len * 8).unwrap_or(u32::MAX).to_be_bytes());
    let mut out = Zeroizing::new(Vec::with_capacity(len + 32));
    let mut counter: u32 = 1;
    while out.len() < len {
        let mut ctx = digest::Context::new(&digest::SHA256);
        ctx.update(&counter.to_be_bytes());
        ctx.update(z);
        ctx.update(&other);
        out.extend_from_slice(ctx.finish().as_ref());
        counter += 1;
    }
    out.truncate(len);
    out
}

/// Puts `cek` into a token for `key` (dir and ECDH-ES decide the CEK themselves); adds `epk`
/// to the header for ECDH-ES.
pub(super) fn wrap_cek(
    alg: KeyAlg,
    enc: Enc,
    key: &Key,
    header: &mut Map<String, Value>,
    cek: &[u8],
) -> Result<Wrapped, JweError> {
    let plain = |cek: &[u8], encrypted_key| Wrapped {
        cek: Zeroizing::new(cek.to_vec()),
        encrypted_key,
    };
    match alg {
        KeyAlg::RsaOaep | KeyAlg::RsaOaep256 => {
            let KeyData::Rsa { .. } = &key.data else {
                return Err(wrong_public(alg, key));
            };
            let public = key
                .public_spki_der()
                .and_then(|der| PublicEncryptingKey::from_der(&der).ok())
                .and_then(|k| OaepPublicEncryptingKey::new(k).ok())
                .ok_or_else(|| JweError::WrongKey("the RSA key can't be used to encrypt".into()))?;
            let mut out = vec![0u8; public.ciphertext_size()];
            let written = public
                .encrypt(oaep(alg), cek, &mut out, None)
                .map_err(|_| {
                    JweError::WrongKey("the RSA key could not encrypt the content key".into())
                })?
                .len();
            out.truncate(written);
            Ok(plain(cek, out))
        }
        KeyAlg::A128Kw | KeyAlg::A192Kw | KeyAlg::A256Kw => {
            let kek = shared(alg, enc, key, kw_len(alg))?;
            let wrapped = keywrap::wrap(kek, cek)
                .ok_or_else(|| JweError::WrongKey(format!("the key does not fit {alg}")))?;
            Ok(plain(cek, wrapped))
        }
        KeyAlg::Dir => Ok(plain(shared(alg, enc, key, enc.key_len())?, Vec::new())),
        KeyAlg::EcdhEs | KeyAlg::EcdhEsA128Kw | KeyAlg::EcdhEsA192Kw | KeyAlg::EcdhEsA256Kw => {
            let KeyData::Ec { curve, point, .. } = &key.data else {
                return Err(wrong_public(alg, key));
            };
            let ephemeral = agreement::PrivateKey::generate(agreement_alg(*curve))
                .map_err(|_| JweError::Unsupported("no randomness available".into()))?;
            let public = ephemeral
                .compute_public_key()
                .map_err(|_| JweError::Unsupported("no randomness available".into()))?;
            let coords = public.as_ref().get(1..).unwrap_or_default();
            let (x, y) = coords.split_at(coords.len() / 2);
            let mut epk = Map::new();
            epk.insert("kty".into(), Value::from("EC"));
            epk.insert("crv".into(), Value::from(curve.name()));
            epk.insert("x".into(), Value::from(b64::encode(x)));
            epk.insert("y".into(), Value::from(b64::encode(y)));
            header.insert("epk".into(), Value::Object(epk));
            let derived = agree_and_derive(alg, enc, &ephemeral, *curve, point, header)?;
            if alg == KeyAlg::EcdhEs {
                return Ok(Wrapped {
                    cek: derived,
                    encrypted_key: Vec::new(),
                });
            }
            let wrapped = keywrap::wrap(&derived, cek)
                .ok_or_else(|| JweError::WrongKey(format!("the key does not fit {alg}")))?;
            Ok(plain(cek, wrapped))
        }
    }
}

fn wrong_public(alg: KeyAlg, key: &Key) -> JweError {
    let wants = match alg {
        KeyAlg::RsaOaep | KeyAlg::RsaOaep256 => "the recipient's RSA public key",
        _ => "the recipient's EC public key (P-256 or P-384)",
    };
    JweError::WrongKey(format!(
        "{alg} encrypts with {wants}, but the key is {}",
        key.describe()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7518 Appendix C: ECDH-ES with A128GCM, Alice's and Bob's P-256 keys, "Alice"/"Bob".
    #[test]
    fn concat_kdf_gives_rfc_7518_appendix_c() {
        let z = [
            158, 86, 217, 29, 129, 113, 53, 211, 114, 131, 66, 131, 191, 132, 38, 156, 251, 49,
            110, 163, 218, 128, 106, 72, 246, 218, 167, 121, 140, 254, 144, 196,
        ];
        let key = concat_kdf(&z, "A128GCM", b"Alice", b"Bob", 16);
        assert_eq!(b64::encode(&key), "VqqN6vgjbSBcIijNcacQGg");
    }
}
