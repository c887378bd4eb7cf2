//! The parts of a HAR entry the scan reads, borrowed from the file; everything else in an
//! entry is skipped without being built.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

/// A string borrowed from the file when it has no escapes (serde borrows a `Cow` only when
/// the field is exactly a `Cow`, not inside an `Option`: hence this newtype).
#[derive(Deserialize)]
pub(super) struct Str<'a>(#[serde(borrow)] pub(super) Cow<'a, str>);

impl std::ops::Deref for Str<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// One entry. Its request and response are boxed: the entry is moved a few times on its
/// way out of serde, and millions of tiny entries would spend their time copying hundreds
/// of bytes of empty fields.
#[derive(Deserialize)]
pub(super) struct Entry<'a> {
    #[serde(rename = "startedDateTime", borrow, default)]
    pub(super) started: Option<Str<'a>>,
    #[serde(borrow, default)]
    pub(super) request: Option<Box<Request<'a>>>,
    #[serde(borrow, default)]
    pub(super) response: Option<Box<Response<'a>>>,
    #[serde(rename = "_webSocketMessages", borrow, default)]
    pub(super) websocket: Option<Vec<Message<'a>>>,
}

#[derive(Deserialize)]
pub(super) struct Request<'a> {
    #[serde(borrow, default)]
    pub(super) method: Option<Str<'a>>,
    #[serde(borrow, default)]
    pub(super) url: Option<Str<'a>>,
    #[serde(borrow, default)]
    pub(super) headers: Option<Vec<Pair<'a>>>,
    #[serde(borrow, default)]
    pub(super) cookies: Option<Vec<Pair<'a>>>,
    #[serde(rename = "postData", borrow, default)]
    pub(super) post: Option<PostData<'a>>,
}

#[derive(Deserialize)]
pub(super) struct Response<'a> {
    #[serde(default)]
    pub(super) status: Option<f64>,
    #[serde(borrow, default)]
    pub(super) headers: Option<Vec<Pair<'a>>>,
    #[serde(borrow, default)]
    pub(super) cookies: Option<Vec<Pair<'a>>>,
    #[serde(borrow, default)]
    pub(super) content: Option<Content<'a>>,
}

#[derive(Deserialize)]
pub(super) struct Pair<'a> {
    #[serde(borrow, default)]
    pub(super) name: Option<Str<'a>>,
    #[serde(borrow, default)]
    pub(super) value: Option<Str<'a>>,
}

#[derive(Deserialize)]
pub(super) struct PostData<'a> {
    #[serde(rename = "mimeType", borrow, default)]
    pub(super) mime: Option<Str<'a>>,
    #[serde(borrow, default)]
    pub(super) text: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub(super) params: Option<Vec<Pair<'a>>>,
}

#[derive(Deserialize)]
pub(super) struct Content<'a> {
    #[serde(borrow, default)]
    pub(super) text: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub(super) encoding: Option<Str<'a>>,
}

#[derive(Deserialize)]
pub(super) struct Message<'a> {
    #[serde(borrow, default)]
    pub(super) data: Option<&'a RawValue>,
}

/// A body as the capture holds it. Bodies are the bulk of a capture, so they are not
/// unescaped to be searched: a JWT has no character JSON escapes, so it reads the same in
/// the escaped text. Only when the body must be decoded (base64, a form) is it unescaped.
pub(super) struct Body<'a>(&'a str);

impl<'a> Body<'a> {
    pub(super) fn of(raw: Option<&'a RawValue>) -> Body<'a> {
        let text = raw.map_or("", RawValue::get);
        Body(
            text.strip_prefix('"')
                .and_then(|t| t.strip_suffix('"'))
                .unwrap_or(""),
        )
    }

    /// As escaped in the file: what is searched.
    pub(super) fn escaped(&self) -> &'a [u8] {
        self.0.as_bytes()
    }

    /// The string's real value (escapes read).
    pub(super) fn unescaped(&self) -> Cow<'a, str> {
        if !self.0.contains('\\') {
            return Cow::Borrowed(self.0);
        }
        serde_json::from_str::<String>(&format!("\"{}\"", self.0))
            .map_or(Cow::Borrowed(self.0), Cow::Owned)
    }
}

pub(super) fn text<'x>(s: &'x Option<Str<'_>>) -> &'x str {
    s.as_deref().unwrap_or_default()
}
