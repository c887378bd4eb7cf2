//! One GET for public key material, done carefully: https only (plain http for loopback
//! addresses), the system's certificates plus `SSL_CERT_FILE` / `SSL_CERT_DIR`, 5 s to
//! connect and 10 s in all, at most 1 MiB, at most 3 redirects and never from https to http,
//! `HTTPS_PROXY` / `NO_PROXY`. Every failure is one line saying what went wrong.

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use ureq::tls::{Certificate, RootCerts, TlsConfig, TlsProvider};

use super::target::Target;

pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(10);
pub const MAX_BODY: u64 = 1 << 20;
pub const MAX_REDIRECTS: usize = 3;

/// A fetch that failed, in one line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FetchError(pub String);

/// What the server answered.
#[derive(Clone, Debug, Default)]
pub struct Answer {
    /// The URL that answered, after redirects.
    pub url: String,
    /// 200, or 304 when `If-None-Match` matched.
    pub status: u16,
    pub body: Vec<u8>,
    pub etag: Option<String>,
    pub cache_control: Option<String>,
    pub content_type: Option<String>,
}

/// GETs `url`, sending `If-None-Match: etag` when given.
pub fn get(url: &str, etag: Option<&str>) -> Result<Answer, FetchError> {
    let started = Instant::now();
    let mut target = Target::parse(url)?;
    let mut visited = vec![target.url.clone()];
    loop {
        let remaining = TOTAL_TIMEOUT.saturating_sub(started.elapsed());
        if remaining.is_zero() {
            return Err(too_slow(&target));
        }
        let agent = agent(&target, remaining)?;
        let mut request = agent.get(target.url.as_str()).header(
            "Accept",
            "application/jwk-set+json, application/json, application/x-pem-file, text/plain;q=0.5",
        );
        if let Some(tag) = etag {
            request = request.header("If-None-Match", tag);
        }
        let mut response = request.call().map_err(|e| describe(&e, &target))?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        if matches!(status, 301 | 302 | 303 | 307 | 308) {
            let location = header("location").ok_or_else(|| {
                FetchError(format!(
                    "{} answered {status} (a redirect) without saying where to",
                    target.url
                ))
            })?;
            let next = target.join(&location)?;
            if target.https && !next.https {
                return Err(FetchError(format!(
                    "refused: {} redirects from https to plain http ({})",
                    target.url, next.url
                )));
            }
            if visited.contains(&next.url) {
                return Err(FetchError(format!(
                    "a redirect loop: {} leads back to {}",
                    target.url, next.url
                )));
            }
            if visited.len() > MAX_REDIRECTS {
                return Err(FetchError(format!(
                    "more than {MAX_REDIRECTS} redirects, starting at {url}: giving up"
                )));
            }
            visited.push(next.url.clone());
            target = next;
            continue;
        }
        let (etag, cache_control, content_type) = (
            header("etag"),
            header("cache-control"),
            header("content-type"),
        );
        if status == 304 {
            return Ok(Answer {
                url: target.url,
                status,
                etag,
                cache_control,
                content_type,
                body: Vec::new(),
            });
        }
        if status != 200 {
            let reason = response.status().canonical_reason().unwrap_or("");
            return Err(FetchError(
                format!(
                    "{} answered {status} {reason}: no key set there",
                    target.url
                )
                .replace("  ", " "),
            ));
        }
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(|e| describe(&e, &target))?;
        return Ok(Answer {
            url: target.url,
            status,
            body,
            etag,
            cache_control,
            content_type,
        });
    }
}

fn agent(target: &Target, remaining: Duration) -> Result<ureq::Agent, FetchError> {
    let config = ureq::Agent::config_builder()
        .timeout_connect(Some(CONNECT_TIMEOUT.min(remaining)))
        .timeout_global(Some(remaining))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(format!("tokenbench/{}", env!("CARGO_PKG_VERSION")))
        .proxy(super::target::proxy_for(target)?)
        .tls_config(tls())
        .build();
    Ok(ureq::Agent::new_with_config(config))
}

/// rustls on aws-lc-rs (the crypto already linked), trusting the system's certificates.
fn tls() -> TlsConfig {
    static ROOTS: OnceLock<Arc<Vec<Certificate<'static>>>> = OnceLock::new();
    let roots = ROOTS.get_or_init(|| {
        // Honours SSL_CERT_FILE and SSL_CERT_DIR, as OpenSSL's tools do.
        let found = rustls_native_certs::load_native_certs();
        Arc::new(
            found
                .certs
                .iter()
                .map(|c| Certificate::from_der(c.as_ref()).to_owned())
                .collect(),
        )
    });
    TlsConfig::builder()
        .provider(TlsProvider::Rustls)
        .root_certs(RootCerts::Specific(Arc::clone(roots)))
        .unversioned_rustls_crypto_provider(Arc::new(rustls::crypto::aws_lc_rs::default_provider()))
        .build()
}

fn too_slow(target: &Target) -> FetchError {
    FetchError(format!(
        "{} did not answer in full within {} s (too slow, or it trickles)",
        target.url,
        TOTAL_TIMEOUT.as_secs()
    ))
}

/// ureq's error as the one line a person needs.
fn describe(e: &ureq::Error, target: &Target) -> FetchError {
    use ureq::Error as E;
    let host = &target.host;
    if let Some(tls) = rustls_error(e) {
        return FetchError(format!(
            "TLS failure with {host}: {}",
            tls_reason(tls, host)
        ));
    }
    FetchError(match e {
        E::HostNotFound => format!("can't find the host {host} (DNS lookup failed)"),
        E::Timeout(ureq::Timeout::Connect | ureq::Timeout::Resolve) => format!(
            "no connection to {host} within {} s",
            CONNECT_TIMEOUT.as_secs()
        ),
        E::Timeout(_) | E::BodyStalled => return too_slow(target),
        E::BodyExceedsLimit(_) => format!(
            "the answer from {} is larger than 1 MiB: not a key set",
            target.url
        ),
        E::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => format!(
                "{host}:{} refused the connection (nothing listens there?)",
                target.port
            ),
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                return too_slow(target);
            }
            _ => format!(
                "the connection to {host} failed: {}",
                crate::store::files::io_reason(io)
            ),
        },
        E::ConnectionFailed => format!("can't connect to {host}:{}", target.port),
        E::ConnectProxyFailed(why) => format!("the proxy refused to connect to {host}: {why}"),
        E::InvalidProxyUrl => "the proxy URL (HTTPS_PROXY) is not valid".to_string(),
        other => format!("fetching {} failed: {other}", target.url),
    })
}

fn rustls_error(e: &ureq::Error) -> Option<&rustls::Error> {
    let start: &(dyn std::error::Error + 'static) = match e {
        ureq::Error::Rustls(inner) => return Some(inner),
        ureq::Error::Io(io) => io,
        other => other,
    };
    let mut next = Some(start);
    while let Some(s) = next {
        if let Some(found) = s.downcast_ref::<rustls::Error>() {
            return Some(found);
        }
        next = match s
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
        {
            Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
            None => s.source(),
        };
    }
    None
}

fn tls_reason(e: &rustls::Error, host: &str) -> String {
    use rustls::CertificateError as C;
    match e {
        rustls::Error::InvalidCertificate(cert) => match cert {
            C::Expired | C::ExpiredContext { .. } => "its certificate has expired".into(),
            C::NotValidYet | C::NotValidYetContext { .. } => "its certificate is not valid yet".into(),
            C::UnknownIssuer => "its certificate's issuer is not trusted (unknown issuer; for a private CA set SSL_CERT_FILE)".into(),
            C::NotValidForName | C::NotValidForNameContext { .. } => {
                format!("its certificate is not for {host} (name mismatch)")
            }
            C::Revoked => "its certificate has been revoked".into(),
            C::BadSignature => "its certificate's signature is bad".into(),
            other => format!("its certificate is not acceptable ({other:?})"),
        },
        rustls::Error::AlertReceived(alert) => format!("the server ended the handshake ({alert:?})"),
        rustls::Error::InvalidMessage(_) | rustls::Error::InappropriateMessage { .. } => {
            "the server does not speak TLS there (plain http on an https URL?)".into()
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> Target {
        match Target::parse("https://keys.example.com/jwks") {
            Ok(t) => t,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn failures_read_as_one_line_each() {
        let t = target();
        let say = |e: ureq::Error| describe(&e, &t).0;
        assert_eq!(
            say(ureq::Error::HostNotFound),
            "can't find the host keys.example.com (DNS lookup failed)"
        );
        assert!(
            say(ureq::Error::Timeout(ureq::Timeout::Connect))
                .contains("no connection to keys.example.com within 5 s")
        );
        assert!(say(ureq::Error::Timeout(ureq::Timeout::Global)).contains("within 10 s"));
        assert!(say(ureq::Error::BodyExceedsLimit(MAX_BODY)).contains("larger than 1 MiB"));
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert!(
            say(ureq::Error::Io(refused)).contains("keys.example.com:443 refused the connection")
        );
        let tls = rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer);
        let wrapped = std::io::Error::new(std::io::ErrorKind::InvalidData, tls);
        assert!(say(ureq::Error::Io(wrapped)).contains("unknown issuer"));
        for text in [
            say(ureq::Error::HostNotFound),
            say(ureq::Error::Timeout(ureq::Timeout::Global)),
        ] {
            assert!(!text.contains('\n'));
        }
    }
}
