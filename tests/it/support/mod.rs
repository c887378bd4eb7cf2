//! What the integration tests share: running the real `tokenbench` binary, a private
//! keyring, loopback servers, and a stub key server.

pub mod keyring;
pub mod server;
pub mod stub;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr: {}",
                self.stdout, self.stderr
            )
        })
    }

    /// The contract: every failure is exactly one line on stderr, never a panic.
    pub fn assert_one_line_error(&self) {
        assert_eq!(
            self.code, 2,
            "stdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(
            lines.len(),
            1,
            "stderr should be one line: {:?}",
            self.stderr
        );
        assert!(lines[0].starts_with("error: "), "{:?}", self.stderr);
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
    }
}

/// A command with an empty config directory of its own (or another's, to share it).
pub struct Tb {
    _owned: Option<tempfile::TempDir>,
    path: PathBuf,
    envs: Vec<(String, String)>,
}

impl Tb {
    pub fn new() -> Tb {
        let dir = tempfile::tempdir().expect("temp dir");
        Tb {
            path: dir.path().to_path_buf(),
            _owned: Some(dir),
            envs: Vec::new(),
        }
    }

    /// Commands on the config directory `dir`, which another `Tb` owns.
    pub fn at(dir: &Path) -> Tb {
        Tb {
            _owned: None,
            path: dir.to_path_buf(),
            envs: Vec::new(),
        }
    }

    pub fn env(mut self, k: &str, v: &str) -> Tb {
        self.envs.push((k.to_string(), v.to_string()));
        self
    }

    pub fn dir(&self) -> &Path {
        &self.path
    }

    pub fn file(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path.join(name);
        std::fs::write(&p, contents).expect("write fixture");
        p
    }

    /// A new RS256 key pair: `name` (private, PKCS#8 PEM) and `name.pub`, in this folder.
    pub fn rsa_pair(&self, name: &str) -> PathBuf {
        let path = self.path.join(name);
        let made = self.run(&[
            "keygen",
            "--alg",
            "RS256",
            "--out",
            path.to_str().expect("path"),
        ]);
        assert_eq!(made.code, 0, "{}", made.stderr);
        path
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_stdin(args, None)
    }

    pub fn run_stdin(&self, args: &[&str], stdin: Option<&[u8]>) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tokenbench"));
        cmd.args(args)
            .env("TOKENBENCH_CONFIG_DIR", &self.path)
            .env_remove("RUST_BACKTRACE")
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in &self.envs {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("spawn tokenbench");
        if let Some(input) = stdin {
            let mut pipe = child.stdin.take().expect("stdin");
            let data = input.to_vec();
            // Write from a thread so a large input can't deadlock against stdout.
            std::thread::spawn(move || {
                let _ = pipe.write_all(&data);
            });
        }
        let out = child.wait_with_output().expect("wait");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// An HS256 token over `claims` signed with `secret` by hand, as an attacker holding a
/// public key would sign (tokenbench refuses to).
pub fn forge_hs256(secret: &[u8], claims: &serde_json::Value) -> String {
    use base64::Engine;
    let b64 = |b: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b);
    let input = format!(
        "{}.{}",
        b64(br#"{"alg":"HS256","typ":"JWT"}"#),
        b64(claims.to_string().as_bytes())
    );
    let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, secret);
    let mac = aws_lc_rs::hmac::sign(&key, input.as_bytes());
    format!("{input}.{}", b64(mac.as_ref()))
}

pub const CONNECT_SECRET: &str = "kJ6n8sWcQ1bYd3lT0pZxR2vA9mE4uH7gF5iK8oL1jN0=";

/// RFC 7515 A.1 / RFC 7519 §3.1, valid until 1300819380.
pub const RFC7515_A1_TOKEN: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
pub const RFC7515_A1_K: &str =
    "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";

/// Whether a referee program runs (`program check…` succeeds). When it doesn't, the test
/// says it skipped, or fails under `TOKENBENCH_REQUIRE_INTEROP` (as in CI).
pub fn available(program: &str, check: &[&str], what: &str) -> bool {
    let ok = Command::new(program)
        .args(check)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("TOKENBENCH_REQUIRE_INTEROP").is_err(),
            "TOKENBENCH_REQUIRE_INTEROP is set but {what} is missing"
        );
        eprintln!("SKIPPED: this test needs {what}");
    }
    ok
}
