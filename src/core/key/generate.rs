//! New key pairs for the RS/PS/ES/EdDSA presets.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{
    ECDSA_P256_SHA256_FIXED_SIGNING, ECDSA_P384_SHA384_FIXED_SIGNING, EcdsaKeyPair, Ed25519KeyPair,
};

use super::der;
use super::parse::{ec_pair, ed_pair, rsa_private};
use super::{Key, KeyError};
use crate::core::alg::{Alg, Curve, Family};

/// What kind of key pair to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeySpec {
    Rsa(usize),
    Ec(Curve),
    Ed25519,
}

impl KeySpec {
    /// The key an algorithm needs; `bits` picks the RSA size (2048, 3072 or 4096; default 2048).
    pub fn for_alg(alg: Alg, bits: Option<usize>) -> Result<KeySpec, KeyError> {
        if bits.is_some() && alg.family() != Family::Rsa {
            return Err(KeyError::Unsupported(format!(
                "a key size only applies to RSA keys; {alg} keys have a fixed size"
            )));
        }
        match alg.family() {
            Family::Hmac => Err(KeyError::Unsupported(format!(
                "{alg} uses a shared secret, not a key pair; generate one with e.g. `openssl rand -base64 32`"
            ))),
            Family::Rsa => match bits.unwrap_or(2048) {
                b @ (2048 | 3072 | 4096) => Ok(KeySpec::Rsa(b)),
                other => Err(KeyError::Unsupported(format!(
                    "RSA keys can be 2048, 3072 or 4096 bits, not {other}"
                ))),
            },
            Family::Ec => alg
                .curve()
                .map(KeySpec::Ec)
                .ok_or_else(|| KeyError::Unsupported(format!("{alg} has no curve"))),
            Family::Ed25519 => Ok(KeySpec::Ed25519),
        }
    }
}

/// Generates a key pair with the operating system's randomness.
pub fn generate(spec: KeySpec) -> Result<Key, KeyError> {
    let failed = |what: &str| KeyError::Signing(format!("could not generate the {what} key"));
    match spec {
        KeySpec::Rsa(bits) => {
            let size = match bits {
                2048 => KeySize::Rsa2048,
                3072 => KeySize::Rsa3072,
                4096 => KeySize::Rsa4096,
                other => {
                    return Err(KeyError::Unsupported(format!(
                        "RSA keys can be 2048, 3072 or 4096 bits, not {other}"
                    )));
                }
            };
            let pair = aws_lc_rs::rsa::KeyPair::generate(size).map_err(|_| failed("RSA"))?;
            let pkcs8 = pair.as_der().map_err(|_| failed("RSA"))?;
            let pkcs1 = der::pkcs8(pkcs8.as_ref()).ok_or_else(|| failed("RSA"))?;
            rsa_private(pkcs1.private_key)
        }
        KeySpec::Ec(curve) => {
            let alg = match curve {
                Curve::P256 => &ECDSA_P256_SHA256_FIXED_SIGNING,
                Curve::P384 => &ECDSA_P384_SHA384_FIXED_SIGNING,
            };
            let pair = EcdsaKeyPair::generate(alg).map_err(|_| failed(curve.name()))?;
            ec_pair(curve, &pair)
        }
        KeySpec::Ed25519 => {
            let pair = Ed25519KeyPair::generate().map_err(|_| failed("Ed25519"))?;
            ed_pair(&pair)
        }
    }
}
