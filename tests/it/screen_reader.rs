//! The window as a screen reader meets it: over AT-SPI (which AccessKit feeds), without a
//! mouse — mint a Connect token and read it, hear why a field is wrong, save a profile
//! through a modal dialog, inspect a pasted token and hear why it fails, open the shortcuts
//! with F1 (`tests/a11y/flow.py`, Debian's `python3-pyatspi`); and the theme chosen survives a
//! restart (`tests/a11y/theme.py`); and what Orca says of it (`tests/a11y/orca_hears.py`,
//! Debian's `orca`).
//!
//! Needs `dbus-run-session`, `at-spi2-core`, `python3-pyatspi`, `xvfb`, `xdotool`,
//! `x11-utils`, `imagemagick` and `gnome-keyring`; without them it says it skipped, unless
//! `TOKENBENCH_REQUIRE_A11Y` is set (as in CI).

use std::path::Path;
use std::process::Command;

fn available() -> bool {
    let tools = [
        "dbus-run-session",
        "Xvfb",
        "xdotool",
        "xdpyinfo",
        "gnome-keyring-daemon",
        "import",
    ];
    let on_path = |t: &str| {
        Command::new("sh")
            .args(["-c", &format!("command -v {t}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let pyatspi = Command::new("/usr/bin/python3")
        .args(["-c", "import pyatspi"])
        .output()
        .is_ok_and(|o| o.status.success());
    let ok = tools.iter().all(|t| on_path(t))
        && pyatspi
        && Path::new("/usr/libexec/at-spi-bus-launcher").exists();
    if !ok {
        assert!(
            std::env::var_os("TOKENBENCH_REQUIRE_A11Y").is_none(),
            "TOKENBENCH_REQUIRE_A11Y is set but the AT-SPI tools are missing"
        );
        eprintln!(
            "SKIPPED: this test needs AT-SPI (at-spi2-core, python3-pyatspi), Xvfb and xdotool"
        );
    }
    ok
}

/// Runs `script` (in `tests/a11y/`) against the real window on a private accessibility bus;
/// it prints PASS when every check held.
fn run_script(script: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/a11y");
    let out = Command::new("dbus-run-session")
        .arg("--")
        .arg("bash")
        .arg(dir.join("run.sh"))
        .arg(env!("CARGO_BIN_EXE_tokenbench"))
        .arg(dir.join(script))
        .env_remove("DISPLAY")
        .output()
        .expect("dbus-run-session");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("PASS"),
        "{script} failed:\n{stdout}\n{stderr}"
    );
}

#[test]
fn a_screen_reader_follows_the_main_flows_without_a_mouse() {
    if available() {
        run_script("flow.py");
    }
}

/// The theme chosen with the buttons is the theme after a restart (on the real binary).
#[test]
fn the_theme_chosen_survives_a_restart() {
    if available() {
        run_script("theme.py");
    }
}

/// What Orca, the screen reader, says (from its debug log, speech off): the F1 dialog heard
/// with the focus inside it, never a percentage for the countdown, a vendor row in one short
/// sentence.
#[test]
fn orca_hears_the_dialog_on_f1_and_no_percentages() {
    if !available() {
        return;
    }
    if !Path::new("/usr/bin/orca").exists() {
        assert!(
            std::env::var_os("TOKENBENCH_REQUIRE_A11Y").is_none(),
            "TOKENBENCH_REQUIRE_A11Y is set but Orca is missing (apt install orca)"
        );
        eprintln!("SKIPPED: this test needs Orca (apt install orca)");
        return;
    }
    run_script("orca_hears.py");
}
