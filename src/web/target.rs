//! Which URLs may be fetched (https, or http on a loopback address), where a redirect
//! leads, and whether to go through the proxy the environment names.

use std::net::IpAddr;

use ureq::http::Uri;

use super::client::FetchError;

/// A URL that may be fetched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub url: String,
    pub https: bool,
    pub host: String,
    pub port: u16,
    pub loopback: bool,
}

impl Target {
    pub fn parse(url: &str) -> Result<Target, FetchError> {
        let url = url.trim();
        let bad = || {
            FetchError(format!(
                "\"{url}\" is not a URL (expected https://host/path)"
            ))
        };
        let uri: Uri = url.parse().map_err(|_| bad())?;
        let host = uri.host().filter(|h| !h.is_empty()).ok_or_else(bad)?;
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let loopback = loopback_host(&host);
        let https = match uri.scheme_str() {
            Some("https") => true,
            Some("http") if loopback => false,
            Some("http") => {
                return Err(FetchError(format!(
                    "refused: {url} is plain http; keys are fetched over https (plain http only from loopback addresses such as 127.0.0.1)"
                )));
            }
            Some(other) => {
                return Err(FetchError(format!(
                    "refused: {url} is a {other}: URL; keys are fetched over https"
                )));
            }
            None => return Err(bad()),
        };
        let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
        Ok(Target {
            url: url.to_string(),
            https,
            host,
            port,
            loopback,
        })
    }

    /// Where a `Location` header leads from here (absolute, or a path on this server).
    pub fn join(&self, location: &str) -> Result<Target, FetchError> {
        let location = location.trim();
        if location.contains("://") {
            return Target::parse(location);
        }
        let uri: Uri = self
            .url
            .parse()
            .map_err(|_| FetchError(format!("\"{}\" is not a URL", self.url)))?;
        let origin = format!(
            "{}://{}",
            uri.scheme_str().unwrap_or("https"),
            uri.authority().map_or("", |a| a.as_str())
        );
        if let Some(rest) = location.strip_prefix("//") {
            return Target::parse(&format!("{}://{rest}", uri.scheme_str().unwrap_or("https")));
        }
        if location.starts_with('/') {
            return Target::parse(&format!("{origin}{location}"));
        }
        let path = uri.path();
        let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
        Target::parse(&format!("{origin}{dir}{location}"))
    }
}

/// `localhost`, 127.0.0.0/8 and ::1.
pub fn loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.to_ascii_lowercase().ends_with(".localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The proxy for `target`: none for loopback or a `NO_PROXY` host, else `HTTPS_PROXY`
/// (then `ALL_PROXY`).
pub fn proxy_for(target: &Target) -> Result<Option<ureq::Proxy>, FetchError> {
    if target.loopback {
        return Ok(None);
    }
    let var = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| std::env::var(n).ok().filter(|v| !v.trim().is_empty()))
    };
    if var(&["NO_PROXY", "no_proxy"]).is_some_and(|list| no_proxy_matches(&list, &target.host)) {
        return Ok(None);
    }
    let names: &[&str] = if target.https {
        &["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]
    } else {
        &["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"]
    };
    let Some(proxy) = var(names) else {
        return Ok(None);
    };
    ureq::Proxy::new(proxy.trim()).map(Some).map_err(|_| {
        FetchError(format!(
            "the proxy \"{}\" (from HTTPS_PROXY) is not a proxy URL such as http://proxy:3128",
            proxy.trim()
        ))
    })
}

/// curl's reading of `NO_PROXY`: `*`, or hosts and domains (`example.com` and `.example.com`
/// both cover `api.example.com`), comma-separated.
pub fn no_proxy_matches(list: &str, host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    list.split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .any(|entry| {
            if entry == "*" {
                return true;
            }
            let entry = entry.to_ascii_lowercase();
            let domain = entry.trim_start_matches("*.").trim_start_matches('.');
            host == domain || host.ends_with(&format!(".{domain}"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(url: &str) -> String {
        Target::parse(url).err().map(|e| e.0).unwrap_or_default()
    }

    #[test]
    fn https_everywhere_http_only_on_loopback() {
        assert!(
            Target::parse("https://login.example.com/.well-known/jwks.json")
                .is_ok_and(|t| t.https && t.port == 443)
        );
        assert!(
            Target::parse("http://127.0.0.1:8080/jwks")
                .is_ok_and(|t| !t.https && t.loopback && t.port == 8080)
        );
        assert!(Target::parse("http://localhost/x").is_ok_and(|t| t.loopback));
        assert!(Target::parse("http://[::1]:9/x").is_ok_and(|t| t.loopback && t.host == "::1"));
        assert!(err("http://example.com/jwks").contains("plain http"));
        assert!(err("ftp://example.com/jwks").contains("ftp:"));
        assert!(err("example.com/jwks").contains("not a URL"));
        assert!(err("").contains("not a URL"));
    }

    #[test]
    fn redirects_resolve_like_a_browser() {
        let Ok(t) = Target::parse("https://a.example/keys/v1/jwks.json") else {
            panic!("a URL")
        };
        let to = |l: &str| t.join(l).map(|t| t.url).unwrap_or_default();
        assert_eq!(to("/other"), "https://a.example/other");
        assert_eq!(to("v2.json"), "https://a.example/keys/v1/v2.json");
        assert_eq!(to("https://b.example/x"), "https://b.example/x");
        assert_eq!(to("//c.example/y"), "https://c.example/y");
    }

    #[test]
    fn no_proxy_as_curl_reads_it() {
        assert!(no_proxy_matches("*", "anything.example"));
        assert!(no_proxy_matches("example.com", "api.example.com"));
        assert!(no_proxy_matches(" .example.com ,other", "api.example.com"));
        assert!(no_proxy_matches("*.example.com", "example.com"));
        assert!(!no_proxy_matches("example.com", "badexample.com"));
        assert!(!no_proxy_matches("", "example.com"));
    }
}
