//! A private D-Bus session with an unlocked gnome-keyring on it, for tests that need the
//! real Secret Service (never the user's keyring). Without dbus-daemon and
//! gnome-keyring-daemon, `start` says the test skipped, unless `TOKENBENCH_REQUIRE_KEYRING=1`.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};

use super::Run;

/// A private session bus with an unlocked gnome-keyring on it.
pub struct PrivateKeyring {
    dbus: Child,
    pub dir: tempfile::TempDir,
    address: String,
}

impl PrivateKeyring {
    pub fn start() -> Option<PrivateKeyring> {
        let have = |bin: &str| {
            Command::new(bin)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        };
        if !have("dbus-daemon") || !have("gnome-keyring-daemon") {
            assert!(
                std::env::var("TOKENBENCH_REQUIRE_KEYRING").is_err(),
                "TOKENBENCH_REQUIRE_KEYRING is set but dbus-daemon or gnome-keyring-daemon is missing"
            );
            eprintln!("SKIPPED: the keyring tests need dbus-daemon and gnome-keyring-daemon");
            return None;
        }
        let dir = tempfile::tempdir().expect("tmp");
        for sub in ["run", "data", "config"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(
                dir.path().join("run"),
                std::fs::Permissions::from_mode(0o700),
            )
            .expect("chmod");
        }
        let mut dbus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .arg(format!(
                "--address=unix:path={}",
                dir.path().join("run/bus").display()
            ))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon");
        let mut address = String::new();
        BufReader::new(dbus.stdout.take().expect("stdout"))
            .read_line(&mut address)
            .expect("bus address");
        let kr = PrivateKeyring {
            dbus,
            address: address.trim().to_string(),
            dir,
        };
        let mut daemon = Command::new("gnome-keyring-daemon");
        daemon.args(["--unlock", "--components=secrets"]);
        kr.env(&mut daemon);
        let mut child = daemon
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring");
        // A non-empty password creates and unlocks a fresh login keyring.
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(b"test-pass")
            .expect("password");
        assert!(
            child.wait().expect("wait").success(),
            "gnome-keyring-daemon failed to start"
        );
        Some(kr)
    }

    pub fn env(&self, cmd: &mut Command) {
        cmd.env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_RUNTIME_DIR", self.dir.path().join("run"))
            .env("TOKENBENCH_CONFIG_DIR", self.config());
    }

    pub fn config(&self) -> std::path::PathBuf {
        self.dir.path().join("config")
    }

    pub fn run(&self, args: &[&str], stdin: Option<&[u8]>) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tokenbench"));
        cmd.args(args).env_remove("RUST_BACKTRACE");
        self.env(&mut cmd);
        run_cmd(cmd, stdin)
    }
}

impl Drop for PrivateKeyring {
    fn drop(&mut self) {
        // gnome-keyring-daemon leaves when its bus goes.
        let _ = self.dbus.kill();
        let _ = self.dbus.wait();
    }
}

pub fn run_cmd(mut cmd: Command, stdin: Option<&[u8]>) -> Run {
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input)
            .expect("write");
    }
    let out = child.wait_with_output().expect("wait");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
