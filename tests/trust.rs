//! A verdict you can trust, tried as an attacker and as an unlucky user would: nothing the
//! user made is lost or shown to others, no key confusion, no input that wins.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
#[path = "common/stub.rs"]
#[allow(dead_code)]
mod stub;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use common::{Run, Tb};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn names(tb: &Tb) -> Vec<String> {
    let list = tb.run(&["profile", "list", "--json"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    list.json()
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

fn add(tb: &Tb, name: &str) -> Run {
    tb.run(&["profile", "add", name, "--preset", "tiledesk"])
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Runs `tokenbench ARGS` on `dir` as a user whom permissions bind: this user, or `nobody`
/// when the tests run as root (root reads a file whatever its mode). The binary is copied
/// into `dir` so that `nobody` can run it wherever the build is.
fn run_unprivileged(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = if is_root() {
        let bin = dir.join("tokenbench-copy");
        if !bin.exists() {
            std::fs::copy(env!("CARGO_BIN_EXE_tokenbench"), &bin).unwrap();
            set_mode(&bin, 0o755);
        }
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(&bin);
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_tokenbench"))
    };
    let out = cmd
        .args(args)
        .env("TOKENBENCH_CONFIG_DIR", dir)
        .env("HOME", dir)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run tokenbench");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Hands `dir` and everything in it to `nobody` when running as root.
fn give_to_unprivileged(dir: &Path) {
    if is_root() {
        let status = Command::new("chown")
            .args(["-R", "65534:65534"])
            .arg(dir)
            .status()
            .unwrap();
        assert!(status.success());
    }
}

#[test]
fn a_profiles_file_that_cant_be_read_stops_every_change() {
    let tb = Tb::new();
    let dir = tb.dir();
    give_to_unprivileged(dir);
    for name in ["Alpha", "Bravo"] {
        let r = run_unprivileged(dir, &["profile", "add", name, "--preset", "tiledesk"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let file = dir.join("profiles.json");
    let before = std::fs::read(&file).unwrap();
    set_mode(&file, 0o000);
    let add = run_unprivileged(dir, &["profile", "add", "Charlie", "--preset", "tiledesk"]);
    add.assert_one_line_error();
    assert!(add.stderr.contains("can't be read"), "{}", add.stderr);
    assert!(add.stderr.contains("permission denied"), "{}", add.stderr);
    // Every other change and every read says the same, and none of them writes.
    for args in [
        &["profile", "remove", "Alpha"][..],
        &["profile", "rename", "Alpha", "Zulu"],
        &["profile", "list"],
        &["mint", "--profile", "Alpha"],
    ] {
        let r = run_unprivileged(dir, args);
        r.assert_one_line_error();
        assert!(r.stderr.contains("can't be read"), "{args:?}: {}", r.stderr);
    }
    set_mode(&file, 0o600);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the file is untouched"
    );
    assert_eq!(names(&tb), ["Alpha", "Bravo"]);
}

#[test]
fn a_profiles_file_that_is_a_folder_is_not_an_empty_list() {
    // An I/O error every user meets, root included.
    let tb = Tb::new();
    std::fs::create_dir(tb.dir().join("profiles.json")).unwrap();
    std::fs::write(tb.dir().join("profiles.json").join("keep"), "x").unwrap();
    let r = add(&tb, "Charlie");
    r.assert_one_line_error();
    assert!(r.stderr.contains("can't be read"), "{}", r.stderr);
    assert!(tb.dir().join("profiles.json").join("keep").exists());
}

#[test]
fn files_and_folders_tokenbench_makes_are_the_users_alone() {
    let tb = Tb::new();
    // A config folder tokenbench creates itself.
    let config = tb.dir().join("fresh").join("tokenbench");
    let here = Tb::at(&config);
    let r = add(&here, "Alpha");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(mode(&config), 0o700, "the folder it created");
    assert_eq!(mode(&tb.dir().join("fresh")), 0o700, "and its parent");
    assert_eq!(mode(&config.join("profiles.json")), 0o600);
    assert_eq!(mode(&config.join("profiles.json.lock")), 0o600);
    // A user's (or an older version's) wider mode is undone by the next write.
    set_mode(&config.join("profiles.json"), 0o644);
    assert_eq!(add(&here, "Bravo").code, 0);
    assert_eq!(mode(&config.join("profiles.json")), 0o600);
    assert_eq!(names(&here), ["Alpha", "Bravo"]);

    // The key cache: folders 0700, entries 0600.
    let set = r#"{"keys":[{"kty":"EC","crv":"P-256","kid":"k","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]}"#;
    let stub = stub::Stub::http(move |_| stub::Reply::json(set));
    let keys = here.run(&["keys", &stub.url("/jwks")]);
    assert!(keys.code <= 1, "{}", keys.stderr);
    let cache = config.join("cache").join("keys");
    assert_eq!(mode(&config.join("cache")), 0o700);
    assert_eq!(mode(&cache), 0o700);
    let entries: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(mode(&entries[0]), 0o600);
}
