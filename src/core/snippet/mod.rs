//! Snippets: the code that hands a token to the vendor's widget, and server-side samples that
//! mint the same claims. The templates are data (a preset's `[snippets]`, and
//! `assets/snippets/*.j2` for the samples); this module fills them. Secrets never reach a
//! snippet: samples read the key from an environment variable.

use std::collections::BTreeMap;

use minijinja::context;
use serde_json::{Map, Value};

use super::alg::Family;
use super::mint::Minted;
use super::preset::{FieldType, Preset};
use super::secret::SecretEncoding;

mod hash;
mod literal;
mod templates;

use templates::ENV;

pub use hash::HASH_SECRET_ENV;
pub use literal::shell_quote;
use literal::{Lang, js_string_body, literal, single_line};

pub use super::preset::RESERVED_SETTINGS as RESERVED;

/// The environment variable samples read an HMAC secret from.
pub const SECRET_ENV: &str = "JWT_SECRET";
/// The environment variable samples read a private key (PEM) from.
pub const PRIVATE_KEY_ENV: &str = "JWT_PRIVATE_KEY";
/// The environment variable samples read the vendor's public key (PEM) to encrypt for.
pub const ENCRYPT_KEY_ENV: &str = "JWE_PUBLIC_KEY";

/// What can be produced for the current token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The widget's hand-over code, fetching fresh tokens from the local server.
    Handover,
    /// The hand-over code with the current token written in, for a quick test.
    Inline,
    /// A Node.js script (jsonwebtoken) that mints the same claims.
    Node,
    /// A Python script (PyJWT) that mints the same claims.
    Python,
    /// A PHP script (firebase/php-jwt) that mints the same claims.
    Php,
    /// `curl` against the local server.
    Curl,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Handover,
        Kind::Inline,
        Kind::Node,
        Kind::Python,
        Kind::Php,
        Kind::Curl,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Kind::Handover => "Widget (from the server)",
            Kind::Inline => "Widget (this token)",
            Kind::Node => "Node.js",
            Kind::Python => "Python",
            Kind::Php => "PHP",
            Kind::Curl => "curl",
        }
    }

    /// A file name for saving it.
    pub fn file_name(self, preset_id: &str) -> String {
        match self {
            Kind::Handover => format!("{preset_id}-handover.js"),
            Kind::Inline => format!("{preset_id}-inline.js"),
            Kind::Node => "mint-token.js".into(),
            Kind::Python => "mint_token.py".into(),
            Kind::Php => "mint-token.php".into(),
            Kind::Curl => "get-token.sh".into(),
        }
    }

    /// The `--kind` name on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Handover => "handover",
            Kind::Inline => "inline",
            Kind::Node => "node",
            Kind::Python => "python",
            Kind::Php => "php",
            Kind::Curl => "curl",
        }
    }
}

/// What a snippet is made from.
#[derive(Clone, Copy, Debug)]
pub struct Inputs<'a> {
    pub preset: &'a Preset,
    pub minted: &'a Minted,
    /// When it was minted: time claims become "now + offset" in samples.
    pub now: i64,
    /// How the secret's text is read (HMAC), for the samples' key line.
    pub encoding: SecretEncoding,
    /// The local server, `http://127.0.0.1:3000`; empty for URLs relative to the page.
    pub server_url: &'a str,
    /// Values for the preset's page settings (missing ones show the setting's example).
    pub settings: &'a BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SnippetError {
    #[error("the {preset} preset has no {what} snippet")]
    Missing { preset: String, what: &'static str },
    #[error("the {what} template can't be used: {reason}")]
    Template { what: &'static str, reason: String },
}

/// Fills the snippet of `kind`.
pub fn render(kind: Kind, inputs: &Inputs<'_>) -> Result<String, SnippetError> {
    let what = kind.id();
    let template_error = |e: minijinja::Error| SnippetError::Template {
        what,
        reason: one_line(&e),
    };
    let text = match kind {
        Kind::Handover | Kind::Inline => {
            let snippets = &inputs.preset.snippets;
            let template = if kind == Kind::Handover {
                &snippets.handover
            } else {
                &snippets.inline
            };
            let template = template.as_deref().ok_or_else(|| SnippetError::Missing {
                preset: inputs.preset.id.clone(),
                what: if kind == Kind::Handover {
                    "hand-over"
                } else {
                    "inline"
                },
            })?;
            ENV.render_str(template, page_context(inputs))
                .map_err(template_error)?
        }
        Kind::Node | Kind::Python | Kind::Php | Kind::Curl => {
            let lang = match kind {
                Kind::Python => Lang::Python,
                Kind::Php => Lang::Php,
                _ => Lang::Js,
            };
            let sealed = (inputs.preset.sealed_claims()).filter(|_| kind != Kind::Curl);
            match (hash::hash_context(inputs, lang), sealed) {
                (Some(ctx), _) => ENV
                    .get_template(&format!("hash-{what}"))
                    .and_then(|t| t.render(ctx)),
                // Claims sealed with the vendor's key (Chaskiq): encrypted, not signed.
                (None, Some(rules)) => ENV.get_template(&format!("jwe-{what}")).and_then(|t| {
                    t.render(context! {
                        jwe_alg => rules.alg.name(),
                        jwe_enc => rules.enc.name(),
                        jwe_key_bytes => rules.enc.key_len(),
                        jwe_cipher => format!("aes-{}-gcm", rules.enc.key_len() * 8),
                        ..sample_context(inputs, lang)
                    })
                }),
                (None, None) => ENV.get_template(what).and_then(|t| {
                    t.render(context! {
                        ..encryption_context(inputs.preset),
                        ..sample_context(inputs, lang)
                    })
                }),
            }
            .map_err(template_error)?
        }
    };
    Ok(text)
}

/// The script for a page: the preset's loader (the vendor's widget) with the hand-over code
/// in its place, or the hand-over code alone when the preset has no loader.
pub fn render_page_script(inputs: &Inputs<'_>) -> Result<String, SnippetError> {
    let handover = render(Kind::Handover, inputs)?;
    let Some(template) = &inputs.preset.snippets.loader else {
        return Ok(handover);
    };
    let mut vars = page_vars(inputs);
    vars.insert("handover".into(), Value::String(handover));
    ENV.render_str(
        template,
        minijinja::Value::from(minijinja::value::Serde(&vars)),
    )
    .map_err(|e| SnippetError::Template {
        what: "loader",
        reason: one_line(&e),
    })
}

/// The preset's page settings that have no value yet (the page can't load the widget).
pub fn missing_settings<'p>(
    preset: &'p Preset,
    settings: &BTreeMap<String, String>,
) -> Vec<&'p crate::core::preset::PageSetting> {
    preset
        .snippets
        .settings
        .iter()
        .filter(|s| settings.get(&s.name).is_none_or(|v| v.trim().is_empty()))
        .collect()
}

/// The server's token URL for this preset: `/token?widgetId=…` when the preset names the
/// widget claim and the token has it.
pub fn token_url(server_url: &str, preset: &Preset, payload: &Map<String, Value>) -> String {
    let widget = widget_id(preset, payload);
    match widget {
        Some(id) => {
            let query: String = form_urlencoded::Serializer::new(String::new())
                .append_pair("widgetId", &id)
                .finish();
            format!("{server_url}/token?{query}")
        }
        None => format!("{server_url}/token"),
    }
}

fn widget_id(preset: &Preset, payload: &Map<String, Value>) -> Option<String> {
    let claim = preset.snippets.widget_claim.as_deref()?;
    match payload.get(claim)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// Variables for the page-side templates (hand-over, inline, loader): every value is made
/// safe inside a JavaScript string in a `<script>`.
fn page_context(inputs: &Inputs<'_>) -> minijinja::Value {
    minijinja::Value::from(minijinja::value::Serde(&page_vars(inputs)))
}

fn page_vars(inputs: &Inputs<'_>) -> BTreeMap<String, Value> {
    let payload = &inputs.minted.payload;
    let mut vars: BTreeMap<String, Value> = inputs
        .preset
        .snippets
        .settings
        .iter()
        .map(|s| {
            let value = inputs
                .settings
                .get(&s.name)
                .filter(|v| !v.trim().is_empty())
                .cloned()
                .or_else(|| s.example.clone())
                .unwrap_or_default();
            (s.name.clone(), Value::String(js_string_body(value.trim())))
        })
        .collect();
    // `{{ claims.userId }}`: the token's text and number claims, safe in a JS string.
    let claims: Map<String, Value> = payload
        .iter()
        .filter_map(|(k, v)| {
            let text = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return None,
            };
            Some((k.clone(), Value::String(js_string_body(&text))))
        })
        .collect();
    vars.insert("claims".into(), Value::Object(claims));
    let fixed = [
        ("token", inputs.minted.token.clone()),
        (
            "token_url",
            token_url(inputs.server_url, inputs.preset, payload),
        ),
        ("token_text_url", format!("{}/token.txt", inputs.server_url)),
        (
            "widget_id",
            widget_id(inputs.preset, payload).unwrap_or_default(),
        ),
        ("server_url", inputs.server_url.to_string()),
        ("vendor", inputs.preset.vendor.clone()),
        ("preset_id", inputs.preset.id.clone()),
        ("preset_name", inputs.preset.name.clone()),
    ];
    for (name, value) in fixed {
        vars.insert(name.into(), Value::String(js_string_body(&value)));
    }
    vars
}

/// Variables for the server-side samples.
fn sample_context(inputs: &Inputs<'_>, lang: Lang) -> minijinja::Value {
    let minted = inputs.minted;
    let hmac = minted.alg.family() == Family::Hmac;
    let times = time_offsets(inputs.preset, &minted.payload, inputs.now);
    let header: Map<String, Value> = minted
        .header
        .iter()
        .filter(|(k, _)| k.as_str() != "alg")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let attributes = inputs
        .preset
        .attribute_claim()
        .and_then(|spec| {
            let value = minted.payload.get(&spec.name)?;
            match (spec.kind, value) {
                (FieldType::JsonString, Value::String(s)) => serde_json::from_str::<Value>(s).ok(),
                (_, v @ Value::Object(_)) => Some(v.clone()),
                _ => None,
            }
        })
        .filter(|v| v.as_object().is_some_and(|m| !m.is_empty()))
        .map(|v| v.to_string());
    let server = if inputs.server_url.is_empty() {
        "http://127.0.0.1:3000"
    } else {
        inputs.server_url
    };
    context! {
        vendor => single_line(&inputs.preset.vendor),
        preset_name => single_line(&inputs.preset.name),
        preset_id => inputs.preset.id.clone(),
        alg => minted.alg.name(),
        hmac => hmac,
        eddsa => minted.alg.family() == Family::Ed25519,
        encoding => if hmac { inputs.encoding.name() } else { "pem" },
        key_env => if hmac { SECRET_ENV } else { PRIVATE_KEY_ENV },
        key_what => if hmac {
            format!("{} secret", inputs.preset.vendor)
        } else {
            "private key (PEM)".to_string()
        },
        has_iat => minted.payload.contains_key("iat"),
        claims => literal(lang, &Value::Object(minted.payload.clone()), 0, &times),
        header => (!header.is_empty()).then(|| literal(lang, &Value::Object(header), 0, &[])),
        token_url => token_url(server, inputs.preset, &minted.payload),
        token_text_url => format!("{server}/token.txt"),
        text_endpoint => inputs.preset.snippets.handover.as_deref().is_some_and(|h| h.contains("token_text_url")),
        attributes => attributes,
    }
}

/// For a vendor that takes the signed token encrypted for its public key (LivePerson): how
/// the samples encrypt it when `JWE_PUBLIC_KEY` is set.
fn encryption_context(preset: &Preset) -> minijinja::Value {
    use super::jwe::{Enc, KeyAlg};
    use super::preset::{EncryptedInside, EncryptionMode};
    let Some(rules) = (preset.encryption.as_ref()).filter(|e| e.inside == EncryptedInside::Jws)
    else {
        return context! { encrypt => false };
    };
    let key_kind = match rules.alg {
        KeyAlg::RsaOaep | KeyAlg::RsaOaep256 => "RSA",
        _ => "EC",
    };
    // PHP has openssl alone: RSA-OAEP padded by hand, AES-CBC with HMAC.
    let hmac_hash = match rules.enc {
        Enc::A128CbcHs256 => Some("sha256"),
        Enc::A192CbcHs384 => Some("sha384"),
        Enc::A256CbcHs512 => Some("sha512"),
        _ => None,
    };
    let oaep_hash = match rules.alg {
        KeyAlg::RsaOaep => Some("sha1"),
        KeyAlg::RsaOaep256 => Some("sha256"),
        _ => None,
    };
    let half = rules.enc.key_len() / 2;
    context! {
        encrypt => true,
        encrypt_env => ENCRYPT_KEY_ENV,
        encrypt_required => rules.mode == EncryptionMode::Required,
        jwe_alg => rules.alg.name(),
        jwe_enc => rules.enc.name(),
        jwe_key_bytes => rules.enc.key_len(),
        jwe_key_kind => key_kind,
        php_jwe => hmac_hash.is_some() && oaep_hash.is_some(),
        hmac_hash => hmac_hash.unwrap_or_default(),
        oaep_hash => oaep_hash.unwrap_or_default(),
        cbc_bits => half * 8,
        half => half,
    }
}

/// Top-level NumericDate claims as offsets from `now`, so samples write `now + 600`.
fn time_offsets(preset: &Preset, payload: &Map<String, Value>, now: i64) -> Vec<(String, i64)> {
    payload
        .iter()
        .filter(|(name, _)| match preset.claim(name) {
            Some(spec) => spec.kind == FieldType::Numericdate,
            None => matches!(name.as_str(), "iat" | "nbf" | "exp"),
        })
        .filter_map(|(name, v)| {
            let seconds = v.as_f64()?;
            // Whole seconds only: a fraction is kept as the literal value.
            #[allow(clippy::cast_possible_truncation)] // whole, and below 1e15: exact
            let whole = (seconds.fract() == 0.0 && seconds.abs() < 1e15).then_some(seconds as i64);
            whole.map(|seconds| (name.clone(), seconds - now))
        })
        .collect()
}

fn one_line(e: &minijinja::Error) -> String {
    let mut text = e.to_string();
    if let Some(detail) = e.detail()
        && !text.contains(detail)
    {
        text = format!("{text}: {detail}");
    }
    single_line(&text)
}

#[cfg(test)]
mod tests;
