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
    /// For a setting that is a URL the page loads (the widget's script, the site it comes
    /// from): the vendor's hosts (`*.cloudfront.net`: any subdomain). A URL on another host
    /// is dropped from imported recipes and not loaded by the demo page unless the user
    /// typed it in this run.
    #[serde(default)]
    pub hosts: Vec<String>,
    /// Where the vendor says so.
    #[serde(default)]
    pub hosts_source: Option<String>,
}

impl PageSetting {
    /// Whether the value is a URL the page loads.
    pub fn is_url(&self) -> bool {
        !self.hosts.is_empty()
    }

    /// Whether `value` is an https URL on one of the vendor's hosts; why not, when not.
    pub fn check_host(&self, value: &str) -> Result<(), String> {
        if !self.is_url() {
            return Ok(());
        }
        let listed = || self.hosts.join(", ");
        let Some(rest) = value.trim().strip_prefix("https://") else {
            return Err(format!(
                "{} must be an https URL on {}",
                self.label,
                listed()
            ));
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if authority.contains('@') {
            return Err(format!(
                "{} names a user before its host ({authority}): not a URL to load",
                self.label
            ));
        }
        let host = authority
            .rsplit_once(':')
            .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
            .map_or(authority, |(h, _)| h)
            .to_ascii_lowercase();
        let matches = |pattern: &String| match pattern.strip_prefix("*.") {
            Some(domain) => host
                .strip_suffix(domain)
                .is_some_and(|sub| sub.len() > 1 && sub.ends_with('.')),
            None => host == pattern.to_ascii_lowercase(),
        };
        if self.hosts.iter().any(matches) {
            Ok(())
        } else {
            Err(format!(
                "{} is on {host}, which is not one of the vendor's hosts ({})",
                self.label,
                listed()
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setting(hosts: &[&str]) -> PageSetting {
        PageSetting {
            name: "script_url".into(),
            label: "Widget script URL".into(),
            help: String::new(),
            example: None,
            source: None,
            hosts: hosts.iter().map(|h| (*h).to_string()).collect(),
            hosts_source: None,
        }
    }

    #[test]
    fn a_url_setting_takes_only_the_vendors_hosts() {
        let s = setting(&["*.cloudfront.net", "cdn.vendor.example"]);
        for ok in [
            "https://d1abc.cloudfront.net/amazon-connect-chat-interface-client.js",
            "https://a.b.cloudfront.net/x.js",
            "https://CDN.vendor.example:443/x.js",
            "  https://cdn.vendor.example  ",
        ] {
            assert_eq!(s.check_host(ok), Ok(()), "{ok}");
        }
        for bad in [
            "https://cloudfront.net/x.js",
            "https://evil.example/x.js?cloudfront.net",
            "https://cloudfront.net.evil.example/x.js",
            "https://xcloudfront.net/x.js",
            "https://d1.cloudfront.net@evil.example/x.js",
            "http://d1.cloudfront.net/x.js",
            "javascript:alert(1)",
            "https://cdn.vendor.example.evil/x.js",
        ] {
            assert!(s.check_host(bad).is_err(), "{bad}");
        }
        assert_eq!(
            setting(&[]).check_host("anything"),
            Ok(()),
            "not a URL setting"
        );
    }
}
