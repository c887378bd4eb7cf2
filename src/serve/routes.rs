//! What the local server answers, as a plain function of the request: no sockets here, so
//! every route is tested directly, and the HTTP layer stays thin.

use serde_json::{Map, Value, json};

use super::Setup;
use crate::core::check::CheckOptions;
use crate::core::finding::{Finding, Severity};
use crate::core::json::kind_of;
use crate::core::key::{ListEntry, PublicFormat, jwks, known_lists};
use crate::core::mint::{ClaimValue, MintError, mint_checked};

/// Bodies larger than this get 413.
pub const MAX_BODY: usize = 64 * 1024;

/// One request, as the HTTP layer read it.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: Option<&'a str>,
    /// The `Host` header, if any.
    pub host: Option<&'a str>,
    pub body: &'a [u8],
}

#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
    /// For 405: the methods the path takes.
    pub allow: Option<&'static str>,
    /// The token's claims, for the request log.
    pub claims: Option<Map<String, Value>>,
    /// The signed token served, inside its JWE when the server encrypts (for the window's
    /// History, which reads claims).
    pub token: Option<String>,
    /// Why it failed, for the request log.
    pub error: Option<String>,
}

impl Response {
    pub(super) fn ok(content_type: &'static str, body: String) -> Response {
        Response {
            status: 200,
            content_type,
            body,
            allow: None,
            claims: None,
            token: None,
            error: None,
        }
    }

    /// `{"error": message}` with `status`.
    pub fn error(status: u16, message: impl Into<String>) -> Response {
        let message = message.into();
        Response {
            status,
            content_type: JSON,
            body: json!({ "error": message }).to_string(),
            allow: None,
            claims: None,
            token: None,
            error: Some(message),
        }
    }
}

pub(super) const JSON: &str = "application/json";
pub(super) const TEXT: &str = "text/plain; charset=utf-8";
pub const HTML: &str = "text/html; charset=utf-8";

/// Answers `req` at `now` (Unix seconds). `port` is where the server listens (for the page).
pub fn handle(setup: &Setup, req: &Request<'_>, now: i64) -> Response {
    if let Some(refused) = refuse_host(req.host) {
        return refused;
    }
    let method = if req.method == "HEAD" {
        "GET"
    } else {
        req.method
    };
    let path = req.path.trim_end_matches('/');
    match (path, method) {
        ("/token", "GET" | "POST") => token(setup, req, now, false),
        ("/token.txt", "GET" | "POST") => token(setup, req, now, true),
        ("/token" | "/token.txt", _) => not_allowed("GET, POST"),
        ("", "GET") | ("/index.html", "GET") => {
            super::page::render(setup, widget_id(req).as_deref(), now)
        }
        ("/public-key", "GET") => public_key(setup, now, PublicFormat::Pem),
        ("/.well-known/jwks.json", "GET") => public_key(setup, now, PublicFormat::Jwks),
        ("" | "/index.html" | "/public-key" | "/.well-known/jwks.json", _) => not_allowed("GET"),
        _ => match known_lists().iter().find(|l| l.served_at == path) {
            Some(list) if method == "GET" => public_key(setup, now, PublicFormat::List(list)),
            Some(_) => not_allowed("GET"),
            None => Response::error(
                404,
                format!(
                    "no such path {}: tokenbench serves /token, /token.txt, /public-key, {}/.well-known/jwks.json and the demo page at /",
                    req.path,
                    known_lists()
                        .iter()
                        .map(|l| format!("{}, ", l.served_at))
                        .collect::<String>()
                ),
            ),
        },
    }
}

/// Refuses requests not addressed to this machine by name or loopback address, so a web
/// page can't reach the server through DNS rebinding.
fn refuse_host(host: Option<&str>) -> Option<Response> {
    let Some(host) = host.map(str::trim).filter(|h| !h.is_empty()) else {
        return Some(Response::error(
            400,
            "the request has no Host header: send it to localhost or 127.0.0.1",
        ));
    };
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or_default()
    } else {
        host.rsplit_once(':').map_or(host, |(name, _)| name)
    };
    let name = name.to_ascii_lowercase();
    if matches!(name.as_str(), "localhost" | "127.0.0.1" | "::1") {
        None
    } else {
        Some(Response::error(
            403,
            format!(
                "requests for host \"{host}\" are refused: the tokenbench server answers only requests addressed to localhost or 127.0.0.1 (this blocks DNS rebinding)"
            ),
        ))
    }
}

fn not_allowed(allow: &'static str) -> Response {
    let mut r = Response::error(405, format!("this path takes {allow}"));
    r.allow = Some(allow);
    r
}

fn token(setup: &Setup, req: &Request<'_>, now: i64, as_text: bool) -> Response {
    if setup.preset.is_hash() {
        return super::hash::identity_hash(setup, req, now, as_text);
    }
    let mut request = setup.request.clone();
    if let (Some(id), Some(claim)) = (widget_id(req), &setup.preset.snippets.widget_claim) {
        request.claims.push((claim.clone(), ClaimValue::Text(id)));
    }
    if req.method == "POST" {
        match body_attributes(req.body) {
            Ok(attributes) => request.attributes.extend(attributes),
            Err(message) => return Response::error(400, message),
        }
    }
    let opts = CheckOptions {
        now,
        leeway: 0,
        keys: None,
    };
    let checked = match mint_checked(&setup.preset, &request, setup.signing_key(), &opts) {
        Ok(c) => c,
        Err(e) => return Response::error(400, mint_error(setup, &e)),
    };
    if let Some(refused) = broken_rules(setup, &checked.findings) {
        return refused;
    }
    let minted = checked.minted;
    let token = match setup.seal(&minted.token) {
        Ok(sealed) => sealed.unwrap_or_else(|| minted.token.clone()),
        Err(e) => return Response::error(500, format!("the token could not be encrypted: {e}")),
    };
    let body = if as_text {
        token.clone()
    } else {
        json!({ "data": token }).to_string()
    };
    let mut response = Response::ok(if as_text { TEXT } else { JSON }, body);
    response.claims = Some(minted.payload);
    // History reads the signed token (inside the JWE when the server encrypts).
    response.token = Some(minted.token);
    response
}

/// The `widgetId` query parameter, if given and not empty.
fn widget_id(req: &Request<'_>) -> Option<String> {
    req.query.and_then(|q| {
        form_urlencoded::parse(q.as_bytes())
            .find(|(k, v)| k == "widgetId" && !v.is_empty())
            .map(|(_, v)| v.into_owned())
    })
}

/// The body's string fields, in order. Empty means none.
fn body_attributes(body: &[u8]) -> Result<Vec<(String, String)>, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Vec::new());
    }
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        format!(
            "the body is not JSON ({e}): send a JSON object whose string fields become attributes"
        )
    })?;
    let Value::Object(map) = value else {
        return Err(
            "the body must be a JSON object whose string fields become attributes".to_string(),
        );
    };
    map.into_iter()
        .map(|(k, v)| match v {
            Value::String(s) => Ok((k, s)),
            other => Err(format!(
                "attribute \"{k}\" must be a string, not {}",
                kind_of(&other)
            )),
        })
        .collect()
}

fn mint_error(setup: &Setup, e: &MintError) -> String {
    match e {
        MintError::MissingClaim { name, .. }
            if setup.preset.snippets.widget_claim.as_deref() == Some(name.as_str()) =>
        {
            format!("{e}: ask for /token?widgetId=YOUR_WIDGET_ID")
        }
        other => other.to_string(),
    }
}

/// The preset's error-severity rules the fresh token breaks (bad attributes from the page).
pub(super) fn broken_rules(setup: &Setup, findings: &[Finding]) -> Option<Response> {
    let findings: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    let first = findings.first()?;
    let message = format!(
        "the token would break {}'s rules: {}",
        setup.preset.vendor, first.message
    );
    let mut r = Response::error(400, message.clone());
    r.body = json!({ "error": message, "findings": findings }).to_string();
    Some(r)
}

fn public_key(setup: &Setup, now: i64, format: PublicFormat) -> Response {
    let key = setup.signing_key();
    // The published keys carry the kid the tokens name, as a verifier picks by it.
    let Some(public) = key.public().map(|k| k.with_kid(setup.request.kid.clone())) else {
        return Response::error(
            404,
            format!(
                "this server signs with a shared secret ({}): there is no public key to publish",
                key.describe()
            ),
        );
    };
    let body = match format {
        PublicFormat::Pem => public.public_pem(),
        PublicFormat::Jwks => Some(jwks(std::slice::from_ref(&public)).to_string()),
        PublicFormat::List(list) => Some(
            list.write(
                &[ListEntry {
                    key: &public,
                    kid: setup.request.kid.clone(),
                }],
                now,
            )
            .to_string(),
        ),
        PublicFormat::Jwk => public.public_jwk().map(|j| j.to_string()),
    };
    match body {
        Some(body) if format == PublicFormat::Pem => Response::ok(TEXT, body),
        Some(body) => Response::ok(JSON, body),
        None => Response::error(500, "the public key could not be exported"),
    }
}

#[cfg(test)]
mod tests;
