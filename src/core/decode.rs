//! The lenient decoder: takes whatever the user pasted and shows every part that decodes.

use serde_json::{Map, Value};

use super::b64;
use super::finding::{Finding, Part, RFC7515};
use super::json;

/// What the decoder removed from the pasted text before reading it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cleanup {
    Whitespace,
    Quotes,
    Prefix(String),
    JsonWrapper(String),
}

impl Cleanup {
    pub fn describe(&self) -> String {
        match self {
            Cleanup::Whitespace => "removed spaces and line breaks".to_string(),
            Cleanup::Quotes => "removed surrounding quotes".to_string(),
            Cleanup::Prefix(p) => format!("removed the \"{p}\" prefix"),
            Cleanup::JsonWrapper(k) => format!("took the token from the JSON field \"{k}\""),
        }
    }
}

/// One JSON segment (header or payload).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Segment {
    /// The segment as it appears in the token.
    pub encoded: String,
    /// The decoded text, exactly (lossy only when it is not UTF-8).
    pub text: Option<String>,
    /// The parsed object, in the order of the text.
    pub object: Option<Map<String, Value>>,
    /// Keys that appear more than once.
    pub duplicates: Vec<String>,
}

/// A token after lenient decoding. Nothing in here has been verified.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Decoded {
    /// The compact token after cleanup: what gets verified and copied.
    pub compact: String,
    pub cleanups: Vec<Cleanup>,
    pub segment_count: usize,
    pub header: Segment,
    pub payload: Segment,
    pub signature_encoded: String,
    pub signature: Option<Vec<u8>>,
    /// Problems found while decoding (errors make the token unreadable or unverifiable).
    pub problems: Vec<Finding>,
    /// The signature was read only by tolerating padding or the standard alphabet.
    signature_tolerated: bool,
}

impl Decoded {
    /// What an encrypted token (five parts, `compact`) shows when nothing inside is signed:
    /// the claims it holds (when decrypted to JSON), no header, no signature.
    pub fn sealed(compact: &str, claims: Option<&Map<String, Value>>) -> Decoded {
        Decoded {
            compact: compact.to_string(),
            segment_count: 5,
            payload: Segment {
                object: claims.cloned(),
                text: claims.and_then(|c| serde_json::to_string_pretty(c).ok()),
                ..Segment::default()
            },
            ..Decoded::default()
        }
    }

    /// Header and payload both decoded to JSON objects.
    pub fn is_readable(&self) -> bool {
        self.header.object.is_some() && self.payload.object.is_some()
    }

    /// The header's `alg` as written, if it is a string.
    pub fn alg(&self) -> Option<&str> {
        super::json::member(self.header.object.as_ref()?, "alg")?.as_str()
    }

    pub fn kid(&self) -> Option<&str> {
        super::json::member(self.header.object.as_ref()?, "kid")?.as_str()
    }

    /// The JWS signing input: the first two segments exactly as given.
    pub fn signing_input(&self) -> Option<&str> {
        if self.segment_count != 3 {
            return None;
        }
        let end = self.header.encoded.len() + 1 + self.payload.encoded.len();
        self.compact.get(..end)
    }

    /// The signature segment is strict base64url (so it can be used as written).
    pub fn signature_is_canonical(&self) -> bool {
        self.signature.is_some() && !self.signature_tolerated
    }

    pub fn claim(&self, name: &str) -> Option<&Value> {
        super::json::member(self.payload.object.as_ref()?, name)
    }
}

const WRAPPER_KEYS: [&str; 7] = [
    "data",
    "token",
    "jwt",
    "access_token",
    "id_token",
    "identityToken",
    "identity_token",
];

/// Decodes a pasted token leniently: surrounding whitespace, line breaks, quotes, a
/// `Bearer `/`JWT ` prefix or a `{"data": "<jwt>"}` wrapper are removed and noted; each
/// segment is decoded on its own and every problem is reported with the part it is in.
pub fn decode(input: &str) -> Decoded {
    let mut out = Decoded::default();
    let compact = clean(input, &mut out.cleanups);
    out.compact = compact;
    if out.compact.is_empty() {
        out.problems.push(Finding::error(
            Part::Token,
            "decode.empty",
            "There is no token here: paste a JWT (three base64url parts separated by dots).",
        ));
        return out;
    }
    let segments: Vec<&str> = out.compact.split('.').collect();
    out.segment_count = segments.len();
    match segments.len() {
        3 => {}
        5 => out.problems.push(Finding::error(
            Part::Token,
            "decode.jwe",
            "This has 5 parts: it is an encrypted token (JWE), which can only be read with the recipient's key (inspect and verify take it as --decrypt-key or --decrypt-secret-env/-file/-stdin).",
        )),
        1 => out.problems.push(Finding::error(
            Part::Token,
            "decode.parts",
            "This is not a JWT: a JWT has three base64url parts separated by dots, and this has no dots.",
        )),
        2 => out.problems.push(Finding::error(
            Part::Token,
            "decode.parts",
            "Only 2 parts: the signature part is missing (a JWT is header.payload.signature; even an unsigned one ends with a dot).",
        )),
        n => out.problems.push(Finding::error(
            Part::Token,
            "decode.parts",
            format!("{n} parts: a JWT has exactly 3 (header.payload.signature)."),
        )),
    }
    out.header = decode_segment(segments[0], Part::Header, &mut out.problems);
    if segments.len() >= 2 && segments.len() != 5 {
        out.payload = decode_segment(segments[1], Part::Payload, &mut out.problems);
    }
    if segments.len() == 3 {
        out.signature_encoded = segments[2].to_string();
        decode_signature(&mut out);
    }
    out
}

fn decode_signature(out: &mut Decoded) {
    let enc = out.signature_encoded.as_bytes();
    if enc.is_empty() {
        if out.alg() != Some("none") {
            out.problems.push(Finding::error(
                Part::Signature,
                "decode.empty-signature",
                "The signature part is empty: this token is unsigned, so no widget will accept it.",
            ));
        }
        out.signature = Some(Vec::new());
        return;
    }
    match b64::decode_strict(enc) {
        Ok(bytes) => out.signature = Some(bytes),
        Err(e) => {
            if let Some(bytes) = decode_tolerant(enc, Part::Signature, &mut out.problems) {
                out.signature = Some(bytes);
                out.signature_tolerated = true;
            } else {
                out.problems.push(
                    Finding::error(
                        Part::Signature,
                        "decode.base64",
                        format!(
                            "The signature is not valid base64url: {}.",
                            b64::describe_error(&e)
                        ),
                    )
                    .source(Some(RFC7515)),
                );
            }
        }
    }
}

/// Segments with `=` padding or the standard `+/` alphabet are readable but not valid JWT;
/// decode them anyway and say so.
fn decode_tolerant(enc: &[u8], part: Part, problems: &mut Vec<Finding>) -> Option<Vec<u8>> {
    let has_std = enc.iter().any(|b| matches!(b, b'+' | b'/'));
    let has_pad = enc.contains(&b'=');
    if !has_std && !has_pad {
        return None;
    }
    let translated: Vec<u8> = enc
        .iter()
        .map(|b| match b {
            b'+' => b'-',
            b'/' => b'_',
            other => *other,
        })
        .collect();
    let bytes = b64::decode_lenient(&translated).ok()?;
    let what = match (has_std, has_pad) {
        (true, true) => "uses standard base64 ('+', '/', '=') instead of base64url",
        (true, false) => "uses standard base64 ('+', '/') instead of base64url ('-', '_')",
        _ => "has '=' padding, which JWTs leave out",
    };
    problems.push(
        Finding::error(
            part,
            "decode.base64url",
            format!(
                "The {} {what}; strict verifiers will reject it.",
                part_name(part)
            ),
        )
        .source(Some(RFC7515)),
    );
    Some(bytes)
}

fn part_name(part: Part) -> &'static str {
    match part {
        Part::Header => "header",
        Part::Payload => "payload",
        Part::Signature => "signature",
        Part::Token => "token",
        Part::Key => "key",
    }
}

fn decode_segment(enc: &str, part: Part, problems: &mut Vec<Finding>) -> Segment {
    let mut seg = Segment {
        encoded: enc.to_string(),
        ..Segment::default()
    };
    let name = part_name(part);
    if enc.is_empty() {
        problems.push(Finding::error(
            part,
            "decode.empty-part",
            format!("The {name} part is empty."),
        ));
        return seg;
    }
    let bytes = match b64::decode_strict(enc.as_bytes()) {
        Ok(b) => b,
        Err(e) => match decode_tolerant(enc.as_bytes(), part, problems) {
            Some(b) => b,
            None => {
                problems.push(Finding::error(
                    part,
                    "decode.base64",
                    format!(
                        "The {name} is not valid base64url: {}.",
                        b64::describe_error(&e)
                    ),
                ));
                return seg;
            }
        },
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            problems.push(Finding::error(
                part,
                "decode.utf8",
                format!(
                    "The {name} decodes to {} bytes that are not UTF-8 text, so it cannot be JSON.",
                    e.as_bytes().len()
                ),
            ));
            seg.text = Some(String::from_utf8_lossy(e.as_bytes()).into_owned());
            return seg;
        }
    };
    match json::parse_object(&text) {
        Ok(parsed) => {
            seg.object = Some(parsed.object);
            seg.duplicates = parsed.duplicates;
        }
        Err(e) => problems.push(Finding::error(
            part,
            "decode.json",
            format!("The {name} is not a JSON object: {e}."),
        )),
    }
    seg.text = Some(text);
    seg
}

/// Removes what people paste around a token, noting each removal.
fn clean(input: &str, cleanups: &mut Vec<Cleanup>) -> String {
    let mut s = input.trim();
    if s.starts_with('{')
        && let Some((key, token)) = unwrap_json(s)
    {
        cleanups.push(Cleanup::JsonWrapper(key));
        return clean(&token, cleanups);
    }
    for _ in 0..4 {
        let before = s.len();
        s = s.trim().trim_end_matches([',', ';']).trim();
        if let Some(inner) = strip_quotes(s) {
            if !cleanups.contains(&Cleanup::Quotes) {
                cleanups.push(Cleanup::Quotes);
            }
            s = inner;
        }
        if let Some((prefix, rest)) = strip_prefix(s) {
            cleanups.push(Cleanup::Prefix(prefix));
            s = rest;
        }
        if s.len() == before {
            break;
        }
    }
    let compact: String = if s.bytes().any(|b| b.is_ascii_whitespace() || b >= 0x80) {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        s.to_string()
    };
    if compact.len() != s.len() || input.trim().len() != input.len() {
        cleanups.push(Cleanup::Whitespace);
    }
    compact
}

fn strip_quotes(s: &str) -> Option<&str> {
    for q in ['"', '\'', '`'] {
        if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
            return Some(&s[1..s.len() - 1]);
        }
    }
    None
}

fn strip_prefix(s: &str) -> Option<(String, &str)> {
    for prefix in ["Authorization:", "Bearer ", "JWT "] {
        if s.len() > prefix.len()
            && s.is_char_boundary(prefix.len())
            && s[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            return Some((prefix.trim().to_string(), s[prefix.len()..].trim_start()));
        }
    }
    None
}

fn unwrap_json(s: &str) -> Option<(String, String)> {
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(s) else {
        return None;
    };
    WRAPPER_KEYS.iter().find_map(|k| {
        map.get(*k)
            .and_then(Value::as_str)
            .filter(|t| t.matches('.').count() >= 2)
            .map(|t| (k.to_string(), t.to_string()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 7519 §3.1's example (its header and claims, HS256 with the RFC 7515 A.1 key).
    const RFC7519: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    fn rules(d: &Decoded) -> Vec<&str> {
        d.problems.iter().map(|f| f.rule.as_str()).collect()
    }

    #[test]
    fn decodes_rfc7519_example_keeping_exact_text() {
        let d = decode(RFC7519);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        assert!(d.is_readable());
        assert_eq!(
            d.header.text.as_deref(),
            Some("{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}")
        );
        assert_eq!(d.alg(), Some("HS256"));
        assert_eq!(d.claim("iss"), Some(&Value::from("joe")));
        assert_eq!(d.claim("exp"), Some(&Value::from(1_300_819_380)));
        let keys: Vec<_> = d.payload.object.iter().flat_map(|o| o.keys()).collect();
        assert_eq!(keys, ["iss", "exp", "http://example.com/is_root"]);
        assert_eq!(d.signature.as_ref().map(Vec::len), Some(32));
        assert_eq!(
            d.signing_input().map(str::len),
            Some(RFC7519.rfind('.').unwrap_or(0))
        );
    }

    #[test]
    fn strips_what_people_paste_around_tokens() {
        for pasted in [
            format!("  {RFC7519}\n"),
            format!("\"{RFC7519}\""),
            format!("'{RFC7519}',"),
            format!("Bearer {RFC7519}"),
            format!("Authorization: Bearer {RFC7519}"),
            format!("JWT {RFC7519}"),
            format!("jwt \"{RFC7519}\""),
            RFC7519
                .chars()
                .collect::<Vec<_>>()
                .chunks(40)
                .map(|c| c.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join("\n"),
            format!("{{\"data\":\"{RFC7519}\"}}"),
        ] {
            let d = decode(&pasted);
            assert_eq!(d.compact, RFC7519, "input {pasted:?}");
            assert!(d.problems.is_empty(), "{pasted:?}: {:?}", d.problems);
        }
        let d = decode(&format!("{{\"data\":\"{RFC7519}\"}}"));
        assert_eq!(d.cleanups, [Cleanup::JsonWrapper("data".into())]);
        let d = decode(&format!("Bearer {RFC7519}"));
        assert_eq!(d.cleanups, [Cleanup::Prefix("Bearer".into())]);
    }

    #[test]
    fn reports_each_part_and_keeps_what_decoded() {
        let (h, p, _) = split3(RFC7519);
        let d = decode(&format!("{h}.{p}!.sig"));
        assert!(d.header.object.is_some());
        assert!(d.payload.object.is_none());
        assert_eq!(rules(&d), ["decode.base64"]);
        assert!(
            d.problems[0].message.contains("'!'"),
            "{}",
            d.problems[0].message
        );

        let not_json = b64::encode(b"{\"a\":1,}");
        let d = decode(&format!("{h}.{not_json}.sig"));
        assert_eq!(rules(&d), ["decode.json"]);
        assert!(
            d.problems[0].message.contains("line 1"),
            "{}",
            d.problems[0].message
        );
        assert_eq!(d.payload.text.as_deref(), Some("{\"a\":1,}"));

        let d = decode(&format!("{h}.{p}"));
        assert_eq!(rules(&d), ["decode.parts"]);
        assert!(d.is_readable());

        let d = decode(&format!("{h}.{p}."));
        assert_eq!(rules(&d), ["decode.empty-signature"]);

        let d = decode("a.b.c.d.e");
        assert!(rules(&d).contains(&"decode.jwe"));
        assert_eq!(rules(&decode("   ")), ["decode.empty"]);
        assert_eq!(rules(&decode("hello")).first(), Some(&"decode.parts"));

        let not_utf8 = b64::encode(&[0xff, 0xfe, 0x00]);
        let d = decode(&format!("{h}.{not_utf8}.sig"));
        assert_eq!(rules(&d), ["decode.utf8"]);
    }

    #[test]
    fn padded_or_standard_base64_decodes_with_an_error() {
        let header = base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            b"{\"alg\":\"HS256\",\"ty\":1}",
        );
        assert!(header.ends_with('='));
        let (_, p, s) = split3(RFC7519);
        let d = decode(&format!("{header}.{p}.{s}"));
        assert!(d.is_readable());
        assert_eq!(rules(&d), ["decode.base64url"]);
    }

    #[test]
    fn duplicate_keys_are_noted() {
        let h = b64::encode(br#"{"alg":"HS256","alg":"none"}"#);
        let d = decode(&format!("{h}.e30.sig"));
        assert_eq!(d.header.duplicates, ["alg"]);
        assert_eq!(d.alg(), Some("none"));
    }

    fn split3(t: &str) -> (&str, &str, &str) {
        let mut it = t.split('.');
        (
            it.next().unwrap_or(""),
            it.next().unwrap_or(""),
            it.next().unwrap_or(""),
        )
    }
}
