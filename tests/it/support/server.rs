//! The real `tokenbench serve` on a free loopback port, for tests that talk to it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{CONNECT_SECRET, Tb};

/// `tokenbench serve` started on port 0; its stdout lines are collected.
pub struct Server {
    child: Child,
    pub port: u16,
    lines: Arc<Mutex<Vec<String>>>,
    _tb: Tb,
}

impl Server {
    pub fn start(args: &[&str]) -> Server {
        let tb = Tb::new();
        let mut child = Command::new(env!("CARGO_BIN_EXE_tokenbench"))
            .arg("serve")
            .args(args)
            .args(["--port", "0"])
            .env("TOKENBENCH_CONFIG_DIR", tb.dir())
            .env("S", CONNECT_SECRET)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn tokenbench serve");
        let stdout = child.stdout.take().expect("stdout");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                sink.lock().expect("lines").push(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(10);
        let port = loop {
            let first = lines.lock().expect("lines").first().cloned();
            if let Some(first) = first {
                let port = first
                    .rsplit(':')
                    .next()
                    .and_then(|p| p.trim_end_matches('/').parse::<u16>().ok())
                    .unwrap_or_else(|| panic!("no port in {first:?}"));
                break port;
            }
            if let Ok(Some(status)) = child.try_wait() {
                let mut err = String::new();
                if let Some(mut e) = child.stderr.take() {
                    let _ = e.read_to_string(&mut err);
                }
                panic!("serve exited ({status}): {err}");
            }
            assert!(Instant::now() < deadline, "serve did not start");
            std::thread::sleep(Duration::from_millis(20));
        };
        Server {
            child,
            port,
            lines,
            _tb: tb,
        }
    }

    pub fn request(
        &self,
        method: &str,
        target: &str,
        host: &str,
        body: &[u8],
    ) -> (u16, String, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let head = format!(
            "{method} {target} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).expect("write head");
        // A refused body may be answered before it is all sent: that's fine.
        let _ = stream.write_all(body);
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (headers, body) = text.split_once("\r\n\r\n").expect("a response");
        let status = headers
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("status");
        (status, headers.to_string(), body.to_string())
    }

    pub fn get(&self, target: &str) -> (u16, String, String) {
        self.request("GET", target, &format!("127.0.0.1:{}", self.port), b"")
    }

    pub fn post(&self, target: &str, body: &[u8]) -> (u16, String, String) {
        self.request("POST", target, &format!("localhost:{}", self.port), body)
    }

    /// Sends Ctrl+C and returns the exit code.
    pub fn interrupt(mut self) -> Option<i32> {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-INT", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn log(&self) -> String {
        self.lines.lock().expect("lines").join("\n")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
