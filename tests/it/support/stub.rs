//! Loopback web servers that answer as a test scripts them: plain HTTP, HTTPS with a CA made
//! in the test (rcgen), a slow one, and an HTTP CONNECT proxy. Nothing leaves 127.0.0.1.

use std::io::{Read, Write};

use rustls_pki_types::pem::PemObject;
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the server sends back.
pub enum Reply {
    /// A whole response: status, extra headers, body.
    Send(u16, Vec<(String, String)>, Vec<u8>),
    /// The headers, then the body one byte a second.
    Trickle(Vec<u8>),
    /// Close the connection without answering.
    Hang,
}

impl Reply {
    pub fn json(body: &str) -> Reply {
        Reply::Send(
            200,
            vec![("Content-Type".into(), "application/json".into())],
            body.as_bytes().to_vec(),
        )
    }

    pub fn with(status: u16, headers: &[(&str, &str)], body: &str) -> Reply {
        let headers = headers
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect();
        Reply::Send(status, headers, body.as_bytes().to_vec())
    }
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub path: String,
    pub head: String,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    }
}

type Handler = dyn Fn(&Seen) -> Reply + Send + Sync;

pub struct Stub {
    pub port: u16,
    pub seen: Arc<Mutex<Vec<Seen>>>,
    hits: Arc<AtomicUsize>,
}

impl Stub {
    /// Plain HTTP on 127.0.0.1.
    pub fn http(handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> Stub {
        Stub::start(None, Arc::new(handler))
    }

    /// HTTPS on 127.0.0.1 with `cert` (PEM chain) and `key` (PEM).
    pub fn https(tls: &Leaf, handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> Stub {
        let certs: Vec<_> = rustls_pki_types::CertificateDer::pem_slice_iter(tls.chain.as_bytes())
            .filter_map(Result::ok)
            .collect();
        let key = rustls_pki_types::PrivateKeyDer::from_pem_slice(tls.key.as_bytes()).expect("key");
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::aws_lc_rs::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .expect("server config");
        Stub::start(Some(Arc::new(config)), Arc::new(handler))
    }

    fn start(tls: Option<Arc<rustls::ServerConfig>>, handler: Arc<Handler>) -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let hits = Arc::new(AtomicUsize::new(0));
        let (seen2, hits2) = (seen.clone(), hits.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().map_while(Result::ok) {
                let (handler, seen, hits, tls) =
                    (handler.clone(), seen2.clone(), hits2.clone(), tls.clone());
                std::thread::spawn(move || {
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
                    match tls {
                        Some(config) => {
                            let Ok(conn) = rustls::ServerConnection::new(config) else {
                                return;
                            };
                            let mut s = rustls::StreamOwned::new(conn, stream);
                            serve_one(&mut s, &*handler, &seen, &hits);
                        }
                        None => {
                            let mut s = stream;
                            serve_one(&mut s, &*handler, &seen, &hits);
                        }
                    }
                });
            }
        });
        Stub { port, seen, hits }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn https_url(&self, host: &str, path: &str) -> String {
        format!("https://{host}:{}{path}", self.port)
    }

    /// Requests answered so far.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    pub fn last(&self) -> Option<Seen> {
        self.seen.lock().expect("seen").last().cloned()
    }
}

fn serve_one(
    s: &mut (impl Read + Write),
    handler: &Handler,
    seen: &Mutex<Vec<Seen>>,
    hits: &AtomicUsize,
) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match s.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    let request = Seen { path, head };
    seen.lock().expect("seen").push(request.clone());
    hits.fetch_add(1, Ordering::SeqCst);
    match handler(&request) {
        Reply::Send(status, headers, body) => {
            let mut out = format!(
                "HTTP/1.1 {status} Scripted\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (k, v) in headers {
                out.push_str(&format!("{k}: {v}\r\n"));
            }
            out.push_str("\r\n");
            let _ = s.write_all(out.as_bytes());
            let _ = s.write_all(&body);
            let _ = s.flush();
        }
        Reply::Trickle(body) => {
            let out = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(out.as_bytes());
            for b in body {
                if s.write_all(&[b]).and_then(|()| s.flush()).is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_secs(1));
            }
        }
        Reply::Hang => {}
    }
}

/// A certificate and key for a test server, and the CA that signed it.
pub struct Leaf {
    pub chain: String,
    pub key: String,
}

/// A CA made for the test.
pub struct Ca {
    pub pem: String,
    params: rcgen::CertificateParams,
    key: rcgen::KeyPair,
}

impl Ca {
    pub fn new() -> Ca {
        let key = rcgen::KeyPair::generate().expect("CA key");
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "tokenbench test CA");
        let cert = params.self_signed(&key).expect("CA cert");
        Ca {
            pem: cert.pem(),
            params,
            key,
        }
    }

    /// A server certificate for `names`, valid from `from` to `until` days from now.
    pub fn leaf(&self, names: &[&str], from: i64, until: i64) -> Leaf {
        let key = rcgen::KeyPair::generate().expect("leaf key");
        let names: Vec<String> = names.iter().map(|n| (*n).to_string()).collect();
        let mut params = rcgen::CertificateParams::new(names).expect("params");
        let now = time::OffsetDateTime::now_utc();
        params.not_before = now + time::Duration::days(from);
        params.not_after = now + time::Duration::days(until);
        let issuer = rcgen::Issuer::from_params(&self.params, &self.key);
        let cert = params.signed_by(&key, &issuer).expect("leaf cert");
        Leaf {
            chain: cert.pem(),
            key: key.serialize_pem(),
        }
    }
}

/// An HTTP CONNECT proxy on 127.0.0.1 that tunnels every request to `to_port` on
/// 127.0.0.1, whatever host is asked for, and records the CONNECT lines.
pub fn proxy(to_port: u16) -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let asked = Arc::new(Mutex::new(Vec::new()));
    let record = asked.clone();
    std::thread::spawn(move || {
        for mut client in listener.incoming().map_while(Result::ok) {
            let record = record.clone();
            std::thread::spawn(move || {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    match client.read(&mut byte) {
                        Ok(1) => head.push(byte[0]),
                        _ => return,
                    }
                }
                let line = String::from_utf8_lossy(&head)
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_string();
                record.lock().expect("asked").push(line);
                let Ok(upstream) = TcpStream::connect(("127.0.0.1", to_port)) else {
                    return;
                };
                let _ = client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
                let (mut c2, mut u2) = (
                    client.try_clone().expect("clone"),
                    upstream.try_clone().expect("clone"),
                );
                let (mut client, mut upstream) = (client, upstream);
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut u2, &mut c2);
                });
                let _ = std::io::copy(&mut client, &mut upstream);
            });
        }
    });
    (port, asked)
}
