//! base64url as JWTs use it (RFC 7515 §2: no padding), read leniently.

use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

/// Accept input with or without `=` padding.
pub(crate) const LENIENT_PADDING: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_encode_padding(false)
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);

const URL_LENIENT: GeneralPurpose =
    GeneralPurpose::new(&base64::alphabet::URL_SAFE, LENIENT_PADDING);

/// Encodes as unpadded base64url.
pub fn encode(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Appends the unpadded base64url form of `bytes` to `out`.
pub fn encode_into(bytes: &[u8], out: &mut String) {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode_string(bytes, out);
}

/// Decodes base64url, padded or not.
pub fn decode_lenient(text: &[u8]) -> Result<Vec<u8>, base64::DecodeError> {
    URL_LENIENT.decode(text)
}

/// Decodes base64url, padded or not, into `out` when it fits: the number of bytes.
pub fn decode_into_slice(text: &[u8], out: &mut [u8]) -> Option<usize> {
    if text.len() / 4 * 3 + 3 > out.len() {
        return None;
    }
    URL_LENIENT.decode_slice(text, out).ok()
}

/// Decodes standard base64 as HAR files carry binary bodies (padded, or not, or with line
/// breaks: the WHATWG "forgiving" reading) into `out`; false when it is not base64.
pub fn decode_body_into(text: &[u8], out: &mut Vec<u8>) -> bool {
    out.clear();
    if base64_simd::STANDARD.decode_append(text, out).is_ok() {
        return true;
    }
    out.clear();
    match base64_simd::forgiving_decode_to_vec(text) {
        Ok(v) => {
            *out = v;
            true
        }
        Err(_) => false,
    }
}

/// Decodes unpadded base64url strictly (as a JWT segment must be).
pub fn decode_strict(text: &[u8]) -> Result<Vec<u8>, base64::DecodeError> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text)
}

/// base64's own messages name bytes by number; say it the way a person reads it.
pub fn describe_error(e: &base64::DecodeError) -> String {
    match e {
        base64::DecodeError::InvalidByte(offset, byte) => {
            format!(
                "{} at position {offset} is not a base64url character",
                show_byte(*byte)
            )
        }
        base64::DecodeError::InvalidLength(len) => {
            format!(
                "{len} characters is not a possible base64 length (one character too many or too few?)"
            )
        }
        base64::DecodeError::InvalidLastSymbol(offset, byte) => format!(
            "the last character {} at position {offset} carries bits that don't belong to any byte (the text was cut or altered)",
            show_byte(*byte)
        ),
        base64::DecodeError::InvalidPadding => "misplaced '=' padding".to_string(),
    }
}

fn show_byte(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("'{}'", b as char)
    } else {
        format!("byte 0x{b:02x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_padding() {
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(decode_lenient(b"-_8").ok(), Some(vec![0xfb, 0xff]));
        assert_eq!(decode_lenient(b"-_8=").ok(), Some(vec![0xfb, 0xff]));
        assert!(decode_strict(b"-_8=").is_err());
    }

    #[test]
    fn errors_read_like_sentences() {
        let e = decode_lenient(b"ab!d").err().map(|e| describe_error(&e));
        assert_eq!(
            e.as_deref(),
            Some("'!' at position 2 is not a base64url character")
        );
    }
}
