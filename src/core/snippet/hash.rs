//! The server-side samples of an identity-hash preset: the same HMAC over the same fields,
//! in Node.js, Python and PHP, and curl against the local server.

use minijinja::context;
use serde_json::{Map, Value};

use super::literal::{Lang, literal, single_line};
use super::{Inputs, token_url};
use crate::core::hash::message;
use crate::core::preset::{Combine, Output};

/// The environment variable hash samples read the secret from.
pub const HASH_SECRET_ENV: &str = "IDENTITY_SECRET";

/// Variables for a hash preset's samples (`inputs.minted.payload` holds the fields).
pub(super) fn hash_context(inputs: &Inputs<'_>, lang: Lang) -> Option<minijinja::Value> {
    let rules = inputs.preset.hash.as_ref()?;
    let fields = &inputs.minted.payload;
    let quoted = |s: &str| literal(lang, &Value::String(s.to_string()), 0, &[]);
    let names: Vec<String> = rules.message.iter().map(|n| quoted(n)).collect();
    let server = if inputs.server_url.is_empty() {
        "http://127.0.0.1:3000"
    } else {
        inputs.server_url
    };
    let url = token_url(server, inputs.preset, fields);
    // "Another user": the first hashed field given another value in the query.
    let other_field = message(rules, fields).map_or_else(
        || rules.message.first().cloned().unwrap_or_default(),
        |(field, _)| field.split('+').next().unwrap_or_default().to_string(),
    );
    let other_url = format!(
        "{server}/token?{}",
        form_urlencoded::Serializer::new(String::new())
            .append_pair(&other_field, "another-user")
            .finish()
    );
    let shown: Map<String, Value> = fields
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Some(context! {
        vendor => single_line(&inputs.preset.vendor),
        preset_name => single_line(&inputs.preset.name),
        preset_id => inputs.preset.id.clone(),
        name => rules.name.clone(),
        name_js => js_identifier(&rules.name),
        mac => rules.mac.id(),
        mac_label => rules.mac.label(),
        describe => single_line(&rules.describe_message()),
        output => rules.output.name(),
        output_label => match rules.output {
            Output::Hex => "lower-case hex",
            Output::Base64 => "base64",
        },
        encoding => inputs.encoding.name(),
        key_env => HASH_SECRET_ENV,
        fields => literal(lang, &Value::Object(shown), 0, &[]),
        message_names => names.join(", "),
        join => rules.combine == Combine::Join,
        separator => quoted(&rules.separator),
        token_url => url,
        other_url => other_url,
    })
}

/// `user_hash` stays; anything else becomes `hash`.
fn js_identifier(name: &str) -> String {
    let ok = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        name.to_string()
    } else {
        "hash".to_string()
    }
}
