//! AES Key Wrap (RFC 3394), for A128KW, A192KW, A256KW and ECDH-ES+A*KW (RFC 7518 §4.4).
//! Written over single AES blocks so that all three key sizes share one path.

use aws_lc_rs::cipher::{self, DecryptingKey, DecryptionContext, EncryptingKey, UnboundCipherKey};
use aws_lc_rs::constant_time;

const IV: [u8; 8] = [0xA6; 8];

fn aes(kek: &[u8]) -> Option<&'static cipher::Algorithm> {
    match kek.len() {
        16 => Some(&cipher::AES_128),
        24 => Some(&cipher::AES_192),
        32 => Some(&cipher::AES_256),
        _ => None,
    }
}

/// Wraps `key` (a multiple of 8 bytes, at least 16) with `kek` (16, 24 or 32 bytes).
pub(super) fn wrap(kek: &[u8], key: &[u8]) -> Option<Vec<u8>> {
    if key.len() < 16 || !key.len().is_multiple_of(8) {
        return None;
    }
    let cipher = EncryptingKey::ecb(UnboundCipherKey::new(aes(kek)?, kek).ok()?).ok()?;
    let n = key.len() / 8;
    let mut a = IV;
    let mut r: Vec<[u8; 8]> = key
        .chunks_exact(8)
        .filter_map(|c| c.try_into().ok())
        .collect();
    for j in 0..6u64 {
        for (i, block) in r.iter_mut().enumerate() {
            let mut b = [0u8; 16];
            b[..8].copy_from_slice(&a);
            b[8..].copy_from_slice(block);
            cipher.encrypt(&mut b).ok()?;
            let t = (n as u64) * j + (i as u64) + 1;
            a.copy_from_slice(&b[..8]);
            for (x, y) in a.iter_mut().zip(t.to_be_bytes()) {
                *x ^= y;
            }
            block.copy_from_slice(&b[8..]);
        }
    }
    let mut out = a.to_vec();
    r.iter().for_each(|b| out.extend_from_slice(b));
    Some(out)
}

/// Unwraps `wrapped` with `kek`; None when the integrity check fails (a wrong key or an
/// altered token: one answer for both) or the sizes are wrong.
pub(super) fn unwrap(kek: &[u8], wrapped: &[u8]) -> Option<Vec<u8>> {
    if wrapped.len() < 24 || !wrapped.len().is_multiple_of(8) {
        return None;
    }
    let cipher = DecryptingKey::ecb(UnboundCipherKey::new(aes(kek)?, kek).ok()?).ok()?;
    let n = wrapped.len() / 8 - 1;
    let mut a: [u8; 8] = wrapped[..8].try_into().ok()?;
    let mut r: Vec<[u8; 8]> = wrapped[8..]
        .chunks_exact(8)
        .filter_map(|c| c.try_into().ok())
        .collect();
    for j in (0..6u64).rev() {
        for i in (0..n).rev() {
            let t = (n as u64) * j + (i as u64) + 1;
            let mut b = [0u8; 16];
            for (k, (x, y)) in a.iter().zip(t.to_be_bytes()).enumerate() {
                b[k] = x ^ y;
            }
            b[8..].copy_from_slice(&r[i]);
            cipher.decrypt(&mut b, DecryptionContext::None).ok()?;
            a.copy_from_slice(&b[..8]);
            r[i].copy_from_slice(&b[8..]);
        }
    }
    constant_time::verify_slices_are_equal(&a, &IV).ok()?;
    Some(r.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .filter_map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
            .collect()
    }

    /// RFC 3394 §4.1, §4.2, §4.3, §4.6: 128 bits of key data under each KEK size, 256 bits
    /// under a 256-bit KEK.
    #[test]
    fn rfc_3394_vectors() {
        let kek = hex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
        let data = hex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F");
        for (kek_len, data_len, expected) in [
            (16, 16, "1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5"),
            (24, 16, "96778B25AE6CA435F92B5B97C050AED2468AB8A17AD84E5D"),
            (32, 16, "64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7"),
            (
                32,
                32,
                "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21",
            ),
        ] {
            let wrapped = wrap(&kek[..kek_len], &data[..data_len]);
            assert_eq!(
                wrapped,
                Some(hex(expected)),
                "KEK {kek_len}, data {data_len}"
            );
            assert_eq!(
                unwrap(&kek[..kek_len], &hex(expected)),
                Some(data[..data_len].to_vec())
            );
        }
        let mut altered = hex("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5");
        altered[10] ^= 1;
        assert_eq!(unwrap(&kek[..16], &altered), None);
        assert_eq!(
            unwrap(
                &kek[..24],
                &hex("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5")
            ),
            None
        );
        assert_eq!(
            wrap(&kek[..20], &data[..16]),
            None,
            "a 20-byte KEK is no AES key"
        );
    }
}
