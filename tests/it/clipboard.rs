//! A copied token survives the window closing: the window hands each copy to a keeper
//! process (`tokenbench __keep-clipboard`) that serves it until something else is copied.
//!
//! Needs an X display (CI runs the tests under Xvfb); without one the test says it skipped,
//! unless `TOKENBENCH_REQUIRE_DISPLAY=1`.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn display_available() -> bool {
    let ok = std::env::var_os("DISPLAY").is_some_and(|d| !d.is_empty())
        && arboard::Clipboard::new().is_ok();
    if !ok {
        assert!(
            std::env::var("TOKENBENCH_REQUIRE_DISPLAY").is_err(),
            "TOKENBENCH_REQUIRE_DISPLAY is set but there is no usable X display"
        );
        eprintln!("SKIPPED: the clipboard test needs an X display (DISPLAY)");
    }
    ok
}

fn wait_for(mut done: impl FnMut() -> bool, within: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < within {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

#[test]
fn the_keeper_serves_the_copy_after_its_parent_is_gone_and_yields_to_the_next() {
    if !display_available() {
        return;
    }
    let token = format!("eyJhbGciOiJIUzI1NiJ9.e30.keeper-{}", std::process::id());
    let mut keeper = Command::new(env!("CARGO_BIN_EXE_tokenbench"))
        .arg("__keep-clipboard")
        .stdin(Stdio::piped())
        .spawn()
        .expect("spawn keeper");
    keeper
        .stdin
        .take()
        .expect("stdin")
        .write_all(token.as_bytes())
        .expect("write");
    // The stdin is closed (as when the window that copied exits): the keeper keeps serving.
    let read = || {
        arboard::Clipboard::new()
            .ok()
            .and_then(|mut c| c.get_text().ok())
    };
    assert!(
        wait_for(
            || read().as_deref() == Some(token.as_str()),
            Duration::from_secs(5)
        ),
        "the clipboard should hold the token, it holds {:?}",
        read()
    );
    assert!(
        keeper.try_wait().expect("poll").is_none(),
        "the keeper is still serving"
    );
    // Clipboard managers are told to leave it out of their history (the target KDE's
    // Klipper, CopyQ and GPaste honour), as any other program asking would see.
    let targets = Command::new("xclip")
        .args(["-selection", "clipboard", "-o", "-t", "TARGETS"])
        .output();
    match targets {
        Ok(out) => {
            let listed = String::from_utf8_lossy(&out.stdout);
            assert!(
                listed
                    .lines()
                    .any(|l| l.trim() == "x-kde-passwordManagerHint"),
                "offered: {listed}"
            );
        }
        Err(_) => {
            assert!(
                std::env::var("TOKENBENCH_REQUIRE_DISPLAY").is_err(),
                "TOKENBENCH_REQUIRE_DISPLAY is set but xclip is missing"
            );
            eprintln!("SKIPPED: xclip is needed to list what the clipboard offers");
        }
    }
    // Someone copies something else: the keeper steps aside and exits cleanly.
    let mut other = arboard::Clipboard::new().expect("clipboard");
    other.set_text("something else").expect("set");
    assert!(
        wait_for(
            || keeper.try_wait().ok().flatten().is_some(),
            Duration::from_secs(5)
        ),
        "the keeper should exit once replaced"
    );
    assert_eq!(keeper.wait().expect("exit").code(), Some(0));
}

#[test]
fn the_keeper_refuses_nothing_to_keep() {
    let out = Command::new(env!("CARGO_BIN_EXE_tokenbench"))
        .arg("__keep-clipboard")
        .stdin(Stdio::null())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}
