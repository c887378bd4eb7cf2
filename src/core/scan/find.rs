//! Finding JWT-shaped strings in bytes: `eyJ…` (a JSON header's base64url) `.` payload `.`
//! signature, whose header decodes to a JSON object naming an algorithm; and encrypted
//! tokens (compact JWE: five parts, `alg` and `enc` in the header, the encrypted key empty
//! for `dir`).

use std::ops::ControlFlow;

use memchr::memmem;

use crate::core::b64;

/// The bytes a base64url segment is made of.
fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

fn segment_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| !is_b64url(b))
        .map_or(bytes.len(), |n| from + n)
}

/// Calls `found(offset, token)` for each JWT in `bytes`, in order, until it answers `Break`.
pub fn each_jwt(
    bytes: &[u8],
    mut found: impl FnMut(usize, &str) -> ControlFlow<()>,
) -> ControlFlow<()> {
    // Made once: a capture can hand thousands of tiny values to search.
    static FINDER: std::sync::LazyLock<memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memmem::Finder::new(b"eyJ"));
    let mut from = 0;
    while let Some(hit) = FINDER.find(&bytes[from..]) {
        let start = from + hit;
        from = start + 3;
        if start > 0 && is_b64url(bytes[start - 1]) && !after_escape(bytes, start) {
            continue; // inside a longer base64 run, not a token's start
        }
        if let Some((end, parts)) = token_end(bytes, start)
            && let Ok(token) = std::str::from_utf8(&bytes[start..end])
            && plausible(token, parts)
        {
            found(start, token)?;
            from = end;
        }
    }
    ControlFlow::Continue(())
}

/// `text` with each token in it shortened to `eyJhbGciOi…Qssw5c` (URLs carrying tokens
/// stay readable).
pub fn shorten_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(256));
    let mut last = 0;
    let _ = each_jwt(text.as_bytes(), |at, token| {
        out.push_str(&text[last..at]);
        out.push_str(&shorten(token));
        last = at + token.len();
        ControlFlow::Continue(())
    });
    out.push_str(&text[last..]);
    out
}

/// One token as `eyJhbGciOi…Qssw5c`.
pub fn shorten(token: &str) -> String {
    let n = token.len();
    if n <= 24 || !token.is_ascii() {
        return token.to_string();
    }
    format!("{}…{}", &token[..10], &token[n - 6..])
}

/// Just after a JSON escape (`\n`, `\u0026`) or a percent-escape (`%22`, `%3D`): text
/// searched as it is escaped in a file.
fn after_escape(bytes: &[u8], start: usize) -> bool {
    let short = start >= 2 && bytes[start - 2] == b'\\';
    let unicode = start >= 6 && bytes[start - 6] == b'\\' && bytes[start - 5] == b'u';
    let percent = start >= 3
        && bytes[start - 3] == b'%'
        && bytes[start - 2].is_ascii_hexdigit()
        && bytes[start - 1].is_ascii_hexdigit();
    short || unicode || percent
}

/// The end of `header.payload.signature` (3 parts) or of
/// `header.key.iv.ciphertext.tag` (5 parts) starting at `start`, if the shape is there.
fn token_end(bytes: &[u8], start: usize) -> Option<(usize, u8)> {
    let h_end = segment_end(bytes, start);
    if bytes.get(h_end) != Some(&b'.') {
        return None;
    }
    let p_end = segment_end(bytes, h_end + 1);
    if bytes.get(p_end) != Some(&b'.') {
        return None;
    }
    let s_end = segment_end(bytes, p_end + 1);
    let more = |end: usize| {
        bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(|&b| is_b64url(b))
    };
    if !more(s_end) {
        // A JWS (a sentence's full stop after it is not a part); its payload is not empty.
        return (p_end > h_end + 1).then_some((s_end, 3));
    }
    // An encrypted token: the key (empty for dir), the IV, the ciphertext, the tag.
    let c_end = segment_end(bytes, s_end + 1);
    if bytes.get(c_end) != Some(&b'.') {
        return None;
    }
    let t_end = segment_end(bytes, c_end + 1);
    let iv_and_tag = s_end > p_end + 1 && t_end > c_end + 1;
    (iv_and_tag && !more(t_end)).then_some((t_end, 5))
}

/// The header is a JSON object with `alg`, and `enc` exactly when the token has five parts;
/// a JWS's payload is base64url. Checked without building anything: a capture can hold tens
/// of thousands of tokens.
fn plausible(token: &str, parts: u8) -> bool {
    let mut segments = token.split('.');
    let (Some(h), Some(p)) = (segments.next(), segments.next()) else {
        return false;
    };
    // The segments are base64url characters already: only the length can be wrong.
    if parts == 3 && p.len() % 4 == 1 {
        return false;
    }
    let mut small = [0u8; 768];
    let decoded;
    let header: &[u8] = match b64::decode_into_slice(h.as_bytes(), &mut small) {
        Some(n) => &small[..n],
        None => match b64::decode_lenient(h.as_bytes()) {
            Ok(v) => {
                decoded = v;
                &decoded
            }
            Err(_) => return false,
        },
    };
    let mut de = serde_json::Deserializer::from_slice(header);
    matches!(
        serde::Deserializer::deserialize_map(&mut de, HeaderProbe).map(|p| (p, de.end())),
        Ok(((true, enc), Ok(()))) if enc == (parts == 5)
    )
}

/// Reads a header's member names only: whether it has `alg` and `enc`.
struct HeaderProbe;

impl<'de> serde::de::Visitor<'de> for HeaderProbe {
    type Value = (bool, bool);
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(bool, bool), A::Error> {
        let (mut alg, mut enc) = (false, false);
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "alg" => alg = true,
                "enc" => enc = true,
                _ => {}
            }
            map.next_value::<serde::de::IgnoredAny>()?;
        }
        Ok((alg, enc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    fn all(text: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        let _ = each_jwt(text.as_bytes(), |at, t| {
            out.push((at, t.to_string()));
            ControlFlow::Continue(())
        });
        out
    }

    #[test]
    fn finds_tokens_wherever_they_sit() {
        let text = format!("Authorization: Bearer {T}\n{{\"data\":\"{T}\"}} x?jwt={T}&a=1");
        let found = all(&text);
        assert_eq!(found.len(), 3);
        assert!(found.iter().all(|(_, t)| t == T));
        assert_eq!(found[0].0, "Authorization: Bearer ".len());
    }

    #[test]
    fn tokens_in_text_are_shortened() {
        let url = format!("https://x.example/cb?jwt={T}&state=1");
        assert_eq!(
            shorten_tokens(&url),
            "https://x.example/cb?jwt=eyJhbGciOi…Qssw5c&state=1"
        );
        assert_eq!(shorten_tokens("no token"), "no token");
    }

    #[test]
    fn tokens_after_json_and_percent_escapes_are_found() {
        let text = format!(r#""first line\n{T}\u0026x={T}""#);
        assert_eq!(all(&text).len(), 2);
        let cookie = format!("auth=%7B%22access_token%22%3A%22{T}%22%7D");
        assert_eq!(all(&cookie).len(), 1);
    }

    #[test]
    fn an_unsigned_token_has_an_empty_signature() {
        let none = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.";
        assert_eq!(all(&format!("[{none}]"))[0].1, none);
    }

    /// RFC 7516 appendix A.1 (RSA-OAEP with A256GCM).
    const JWE: &str = "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGeipsEdY3mx_etLbbWSrFr05kLzcSr4qKAq7YN7e9jwQRb23nfa6c9d-StnImGyFDbSv04uVuxIp5Zms1gNxKKK2Da14B8S4rzVRltdYwam_lDp5XnZAYpQdb76FdIKLaVmqgfwX7XWRxv2322i-vDxRfqNzo_tETKzpVLzfiwQyeyPGLBIO56YJ7eObdv0je81860ppamavo35UgoRdbYaBcoh9QcfylQr66oc6vFWXRcZ_ZT2LawVCWTIy3brGPi6UklfCpIMfIjf7iGdXKHzg.48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6jiSdiwkIr3ajwQzaBtQD_A.XFBoMYUZodetZdvTiFvSkQ";

    #[test]
    fn lookalikes_are_not_tokens() {
        let jwe = JWE;
        // Not after a base64 character; header not JSON with alg; no payload; a JWS header
        // with five parts, a JWE header with three; six parts.
        let jws_header_five = "eyJhbGciOiJIUzI1NiJ9.a.b.c.d";
        let jwe_header_three = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0.e30.x";
        let text = format!(
            "AeyJhbGciOiJIUzI1NiJ9.e30.x eyJub3QiOiJqd3QifQ.e30.x eyJhbGciOiJIUzI1NiJ9. {jws_header_five} {jwe_header_three} {jwe}.x"
        );
        assert!(all(&text).is_empty(), "{:?}", all(&text));
    }

    #[test]
    fn encrypted_tokens_are_found_with_or_without_an_encrypted_key() {
        // RSA-OAEP (a key part) and dir (none: two dots in a row), and a full stop after.
        let dir = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..yd6gmjygTukxz6VL.xOhBeCj5Qsw7tCvvK14WBNqrkGl6draNu8kw3l3FV0yU9_qmJFvh-G2T7Ngbzy4VdqcnMIA_sA.DpAGWI_dyV40JtuQ-bg8wA";
        let text = format!("data={JWE}&x=1 then {dir}. And {T}");
        let found: Vec<String> = all(&text).into_iter().map(|(_, t)| t).collect();
        assert_eq!(found, [JWE, dir, T]);
    }

    #[test]
    fn truncated_input_does_not_panic() {
        for n in 0..T.len() {
            let _ = all(&T[..n]);
        }
    }
}
