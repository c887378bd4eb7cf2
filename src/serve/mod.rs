//! The local token server: `GET/POST /token?widgetId=ID` → `{"data":"<jwt>"}` as the seeds'
//! Node.js server does, a text endpoint, the public key where the vendor needs one, and a
//! demo page. It listens on 127.0.0.1 only, refuses foreign `Host` headers, caps bodies,
//! and never puts the key in a response or a log entry.
//!
//! [`start`] runs it on its own thread (a small tokio runtime) and returns a handle that
//! stops it; `routes` decides every answer without touching a socket.

mod hash;
pub mod page;
pub mod routes;

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{ALLOW, CACHE_CONTROL, CONTENT_TYPE, HOST, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::{Map, Value};
use tokio::sync::oneshot;

use crate::core::key::Key;
use crate::core::mint::MintRequest;
use crate::core::preset::Preset;
use crate::core::secret::SecretEncoding;

/// The default port, as the seeds' server.
pub const DEFAULT_PORT: u16 = 3000;

/// What the server mints with.
#[derive(Clone)]
pub struct Setup {
    pub preset: Preset,
    /// The values every token gets; `widgetId` and a POST body add to them.
    pub request: MintRequest,
    /// A key that can sign (checked by [`Setup::new`]).
    key: Key,
    /// How the secret's text was read (for the page's snippets).
    pub encoding: SecretEncoding,
    /// Page settings (the preset's `[snippets.settings]`).
    pub settings: BTreeMap<String, String>,
    /// The page settings the user typed in this run (a `--setting`, the window's field),
    /// not read from a saved profile or an imported recipe: only those may load a script
    /// from a host the preset does not list as the vendor's.
    pub typed: std::collections::BTreeSet<String>,
    /// The vendor's key every token is encrypted for (LivePerson), with the JWE alg and enc.
    encrypt: Option<(Key, crate::core::jwe::KeyAlg, crate::core::jwe::Enc)>,
}

impl std::fmt::Debug for Setup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Setup")
            .field("preset", &self.preset.id)
            .field("key", &self.key.describe())
            .finish_non_exhaustive()
    }
}

impl Setup {
    /// Fails when `key` can't sign (a public key) or doesn't fit the preset.
    pub fn new(
        preset: Preset,
        request: MintRequest,
        key: Key,
        encoding: SecretEncoding,
        settings: BTreeMap<String, String>,
    ) -> Result<Setup, String> {
        if !key.is_private() {
            return Err(format!(
                "the server needs a key that can sign; {} is a public key",
                key.describe()
            ));
        }
        if preset.is_hash() {
            if key.secret_bytes().is_none() {
                return Err(format!(
                    "an identity hash is made with an HMAC secret; the key is {}",
                    key.describe()
                ));
            }
        } else {
            crate::core::mint::choose_alg(&preset, &key, request.alg).map_err(|e| e.to_string())?;
        }
        Ok(Setup {
            preset,
            request,
            key,
            encoding,
            settings,
            typed: std::collections::BTreeSet::new(),
            encrypt: None,
        })
    }

    /// Encrypts every token for `key` (the vendor's), with the preset's alg and enc unless
    /// given; fails when the key can't encrypt, or the preset seals its own way.
    pub fn encrypt_for(
        mut self,
        key: Key,
        alg: Option<crate::core::jwe::KeyAlg>,
        enc: Option<crate::core::jwe::Enc>,
    ) -> Result<Setup, String> {
        if self.preset.sealed_claims().is_some() || self.preset.is_hash() {
            return Err(format!(
                "{} tokens are not encrypted for another key",
                self.preset.id
            ));
        }
        let rules = self.preset.encryption.as_ref();
        let (alg, enc) = crate::core::jwe::choose(
            &key,
            alg.or(rules.map(|r| r.alg)),
            enc.or(rules.map(|r| r.enc)),
        );
        crate::core::jwe::seal_token("e30.e30.", &key, alg, enc).map_err(|e| e.to_string())?;
        self.encrypt = Some((key, alg, enc));
        Ok(self)
    }

    /// `jws` encrypted for the vendor's key, when the server has one.
    pub fn seal(&self, jws: &str) -> Result<Option<String>, String> {
        self.encrypt
            .as_ref()
            .map(|(key, alg, enc)| {
                crate::core::jwe::seal_token(jws, key, *alg, *enc).map_err(|e| e.to_string())
            })
            .transpose()
    }

    /// "RSA-OAEP-256 + A128CBC-HS256" when tokens are encrypted.
    pub fn encryption(&self) -> Option<String> {
        self.encrypt
            .as_ref()
            .map(|(_, alg, enc)| format!("{} + {}", alg.name(), enc.name()))
    }

    pub fn signing_key(&self) -> &Key {
        &self.key
    }

    /// The page settings the demo page may use, and why each other one is left out: a URL
    /// setting (the widget's script) on a host the preset doesn't list is used only when
    /// typed in this run. The page's `/token` signs with the user's key: a script from a
    /// stranger's host, on the same origin, could fetch tokens.
    pub fn page_settings(&self) -> (BTreeMap<String, String>, Vec<String>) {
        let mut refused = Vec::new();
        let mut settings = self.settings.clone();
        for spec in &self.preset.snippets.settings {
            let Some(value) = self.settings.get(&spec.name) else {
                continue;
            };
            if self.typed.contains(&spec.name) {
                continue;
            }
            if let Err(why) = spec.check_host(value) {
                settings.remove(&spec.name);
                refused.push(why);
            }
        }
        (settings, refused)
    }
}

/// One answered request, for the window's log and the command line's output.
#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    /// Unix seconds.
    pub time: i64,
    pub method: String,
    /// Path and query, as asked.
    pub target: String,
    pub status: u16,
    /// The issued token's claims.
    pub claims: Option<Map<String, Value>>,
    /// The issued signed token (inside its JWE when the server encrypts).
    pub token: Option<String>,
    pub error: Option<String>,
}

/// Where log entries go. Called on the server's threads: keep it quick.
pub type LogSink = Arc<dyn Fn(LogEntry) + Send + Sync>;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ServeError {
    #[error("port {port} is in use by another program; {}", suggestion(*free))]
    PortInUse { port: u16, free: Option<u16> },
    #[error(
        "can't listen on port {port}: permission denied (ports below 1024 need privileges; try --port {DEFAULT_PORT})"
    )]
    Denied { port: u16 },
    #[error("can't listen on 127.0.0.1:{port}: {reason}")]
    Other { port: u16, reason: String },
}

fn suggestion(free: Option<u16>) -> String {
    match free {
        Some(p) => format!("port {p} is free: try --port {p}"),
        None => "try another --port".into(),
    }
}

/// A running server; dropping it stops it.
pub struct Running {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Running {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Serves `setup` from the next request on (the window's form changed).
    pub fn update(&self, setup: Setup) {
        if let Ok(mut current) = self.shared.setup.write() {
            *current = Arc::new(setup);
        }
    }

    /// Stops accepting, lets requests in flight finish (up to a second), and waits.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Binds 127.0.0.1:`port` (0: any free port) and serves `setup` until stopped.
pub fn start(setup: Setup, port: u16, log: Option<LogSink>) -> Result<Running, ServeError> {
    let listener = bind(port)?;
    let addr = listener.local_addr().map_err(|e| ServeError::Other {
        port,
        reason: e.to_string(),
    })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2)
                .min(4),
        )
        .thread_name("tokenbench-serve")
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| ServeError::Other {
            port,
            reason: format!("can't start the server's threads: {e}"),
        })?;
    let (stop_tx, stop_rx) = oneshot::channel();
    let shared = Arc::new(Shared {
        setup: RwLock::new(Arc::new(setup)),
        log,
    });
    let serving = shared.clone();
    let thread = std::thread::Builder::new()
        .name("tokenbench-serve".into())
        .spawn(move || {
            runtime.block_on(accept_loop(listener, serving, stop_rx));
            runtime.shutdown_timeout(Duration::from_secs(1));
        })
        .map_err(|e| ServeError::Other {
            port,
            reason: format!("can't start the server's thread: {e}"),
        })?;
    Ok(Running {
        addr,
        shared,
        stop: Some(stop_tx),
        thread: Some(thread),
    })
}

fn bind(port: u16) -> Result<TcpListener, ServeError> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let listener = TcpListener::bind(addr).map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => ServeError::PortInUse {
            port,
            free: free_port_after(port),
        },
        std::io::ErrorKind::PermissionDenied => ServeError::Denied { port },
        _ => ServeError::Other {
            port,
            reason: e.to_string(),
        },
    })?;
    listener
        .set_nonblocking(true)
        .map_err(|e| ServeError::Other {
            port,
            reason: e.to_string(),
        })?;
    Ok(listener)
}

/// The first port after `port` that can be bound now.
fn free_port_after(port: u16) -> Option<u16> {
    (port.saturating_add(1)..=port.saturating_add(20))
        .find(|p| TcpListener::bind((Ipv4Addr::LOCALHOST, *p)).is_ok())
}

struct Shared {
    setup: RwLock<Arc<Setup>>,
    log: Option<LogSink>,
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>, mut stop: oneshot::Receiver<()>) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        return;
    };
    loop {
        let accepted = tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => accepted,
        };
        let Ok((stream, _)) = accepted else {
            // Out of file descriptors and the like: wait a moment rather than spin.
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let shared = shared.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| answer(shared.clone(), req));
            let _ = http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn answer(
    shared: Arc<Shared>,
    req: hyper::Request<Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, Infallible> {
    let (parts, body) = req.into_parts();
    let declared = parts
        .headers
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let body = if declared.is_some_and(|n| n > routes::MAX_BODY as u64) {
        Err(too_large())
    } else {
        match Limited::new(body, routes::MAX_BODY).collect().await {
            Ok(collected) => Ok(collected.to_bytes()),
            Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(too_large()),
            Err(e) => Err(routes::Response::error(
                400,
                format!("the body could not be read: {e}"),
            )),
        }
    };
    let now = unix_now();
    let setup = match shared.setup.read() {
        Ok(s) => s.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    };
    let response = match body {
        Ok(bytes) => routes::handle(
            &setup,
            &routes::Request {
                method: parts.method.as_str(),
                path: parts.uri.path(),
                query: parts.uri.query(),
                host: parts.headers.get(HOST).and_then(|h| h.to_str().ok()),
                body: &bytes,
            },
            now,
        ),
        Err(refused) => refused,
    };
    let mut out = hyper::Response::new(Full::new(Bytes::from(response.body)));
    *out.status_mut() =
        hyper::StatusCode::from_u16(response.status).unwrap_or(hyper::StatusCode::OK);
    let headers = out.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static(response.content_type),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    if let Some(allow) = response.allow {
        headers.insert(ALLOW, HeaderValue::from_static(allow));
    }
    if let Some(log) = &shared.log {
        log(LogEntry {
            time: now,
            method: parts.method.to_string(),
            target: parts
                .uri
                .path_and_query()
                .map_or_else(|| parts.uri.path().to_string(), |p| p.to_string()),
            status: response.status,
            claims: response.claims,
            token: response.token,
            error: response.error,
        });
    }
    Ok(out)
}

fn too_large() -> routes::Response {
    routes::Response::error(
        413,
        format!(
            "the body is larger than {} KiB: send only the attributes",
            routes::MAX_BODY / 1024
        ),
    )
}

/// The one place the server reads the clock.
fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
