//! The demo page at `/`: the vendor's widget (when its page settings are filled) handed
//! tokens from `/token` by the preset's own snippet, and a live view of the current token.

use std::sync::LazyLock;

use minijinja::{AutoEscape, Environment, Value, context};
use serde_json::json;

use super::Setup;
use super::routes::Response;
use crate::core::hash::HashError;
use crate::core::mint::{ClaimValue, MintError};
use crate::core::snippet::{self, Inputs};

static ENV: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    // Part of the binary and tested; a broken template shows as an error page.
    let _ = env.add_template("page", include_str!("../../assets/page.html.j2"));
    env
});

/// The page for `setup` at `now`; `widget_id` (from `/?widgetId=ID`) fills the preset's
/// widget claim, as it does for `/token`.
pub fn render(setup: &Setup, widget_id: Option<&str>, now: i64) -> Response {
    match page(setup, widget_id, now) {
        Ok(html) => Response {
            status: 200,
            content_type: super::routes::HTML,
            body: html,
            allow: None,
            claims: None,
            token: None,
            error: None,
        },
        Err(message) => Response::error(500, message),
    }
}

fn page(setup: &Setup, widget_id: Option<&str>, now: i64) -> Result<String, String> {
    let preset = &setup.preset;
    let mut request = setup.request.clone();
    if let (Some(id), Some(claim)) = (widget_id, &preset.snippets.widget_claim) {
        request
            .claims
            .push((claim.clone(), ClaimValue::Text(id.to_string())));
    }
    let (settings, refused) = setup.page_settings();
    // A token made now, for the snippets' shape (the page fetches its own).
    let minted = crate::core::hash::mint_either(preset, &request, setup.signing_key(), now);
    let (script, handover, problem) = match &minted {
        Ok(minted) => {
            let inputs = Inputs {
                preset,
                minted,
                now,
                encoding: setup.encoding,
                server_url: "",
                settings: &settings,
            };
            let handover = snippet::render(snippet::Kind::Handover, &inputs).ok();
            let script = snippet::render_page_script(&inputs).map_err(|e| e.to_string())?;
            (Some(script), handover, None)
        }
        Err(HashError::Mint(MintError::MissingClaim { name, .. }))
            if preset.snippets.widget_claim.as_deref() == Some(name.as_str()) =>
        {
            (
                None,
                None,
                Some(format!(
                    "it needs the widget id: open this page as /?widgetId=YOUR_WIDGET_ID (or start the server with --claim {name}=YOUR_WIDGET_ID)"
                )),
            )
        }
        Err(e) => (None, None, Some(e.to_string())),
    };
    let missing: Vec<String> = snippet::missing_settings(preset, &settings)
        .iter()
        .map(|s| s.label.clone())
        .collect();
    let token_url = minted.as_ref().map_or_else(
        |_| "/token".to_string(),
        // Relative to the page.
        |m| snippet::token_url("", &setup.preset, &m.payload),
    );
    let config = json!({
        "tokenUrl": token_url,
        "personal": crate::core::mask::personal_claims(Some(preset)),
        "personalWords": crate::core::mask::PERSONAL_WORDS,
        "attributes": preset.attribute_claim().map(|c| c.name.as_str()),
        "lifetime": setup.request.lifetime.or(preset.lifetime.default),
        "hashName": preset.hash.as_ref().map(|h| h.name.as_str()),
    });
    let widget_ready = missing.is_empty() && script.is_some();
    ENV.get_template("page")
        .and_then(|t| {
            t.render(context! {
                vendor => preset.vendor.clone(),
                preset_name => preset.name.clone(),
                preset_id => preset.id.clone(),
                what => if preset.is_hash() { "identity hash" } else { "token" },
                docs => preset.docs.first().map(|d| d.url.clone()),
                missing => missing,
                refused => refused,
                problem => problem,
                handover => handover,
                widget_ready => widget_ready,
                has_loader => preset.snippets.loader.is_some(),
                config => Value::from_safe_string(script_safe(&config.to_string())),
                script => Value::from_safe_string(script.map(|s| script_safe_code(&s)).unwrap_or_default()),
            })
        })
        .map_err(|e| format!("the demo page could not be built: {e}"))
}

/// JSON that can sit inside `<script>`.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c").replace('>', "\\u003e")
}

/// Code inside `<script>`: a closing tag in it would end the element early.
fn script_safe_code(code: &str) -> String {
    code.replace("</script", "<\\/script")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_text_cannot_close_its_element() {
        assert_eq!(script_safe_code("a</script>b"), "a<\\/script>b");
        assert_eq!(script_safe(r#"{"a":"</x>"}"#), r#"{"a":"\u003c/x\u003e"}"#);
    }
}
