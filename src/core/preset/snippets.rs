//! A preset's `[snippets]`: the hand-over code templates and the page settings they need.

use serde::Deserialize;

/// What the user pastes into the page.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snippets {
    /// Put before the token when copying for the widget (Tiledesk's `JWT `).
    #[serde(default)]
    pub token_prefix: Option<String>,
    /// The hand-over code that fetches a token from the local server.
    #[serde(default)]
    pub handover: Option<String>,
    /// The hand-over code with the current token inlined, for a quick test.
    #[serde(default)]
    pub inline: Option<String>,
    /// The script that loads the vendor's widget on a page (the demo page puts it first).
    #[serde(default)]
    pub loader: Option<String>,
    /// The claim the page's `widgetId` fills (Connect's `sub`): `/token?widgetId=ID`.
    #[serde(default)]
    pub widget_claim: Option<String>,
    /// Page values the templates use that are not claims (Intercom's `app_id`).
    #[serde(default)]
    pub settings: Vec<PageSetting>,
    #[serde(default)]
    pub source: Option<String>,
}

/// A value the page needs that is not in the token (a widget's app id, a snippet id).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageSetting {
    /// The template variable: `{{app_id}}`.
    pub name: String,
    pub label: String,
    #[serde(default)]
    pub help: String,
    /// Shown in the form and used in snippets until a value is given.
    #[serde(default)]
    pub example: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
}
