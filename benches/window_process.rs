//! The real window against a minimal eframe window (`benches/minimal_window.rs`, same
//! renderer and size), in the same run, under Xvfb:
//!
//! - start: process start to the first frame (median of 9 runs, alternating);
//! - RSS: resident memory 3 s after the first frame;
//! - idle CPU: share of one core over 10 s (three rounds, medians), tokenbench showing a
//!   Connect token and its countdown (typed in with xdotool), with no field focused and with
//!   the caret left in a field, the minimal window repainting once a second too; then Inspect
//!   with a 4 KB and an 84 KB token pasted (their countdowns running), and the window covered
//!   by another and minimised.
//!
//! cargo bench --bench window_process    (needs Xvfb, xdotool, x11-utils and ImageMagick)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 9;
const SECRET: &str = "kJ6n8sWcQ1bYd3lT0pZxR2vA9mE4uH7gF5iK8oL1jN0=";

fn build() -> (PathBuf, PathBuf) {
    let status = Command::new(env!("CARGO"))
        .args([
            "build",
            "--release",
            "--bin",
            "tokenbench",
            "--example",
            "minimal_window",
        ])
        .status()
        .expect("cargo build");
    assert!(status.success(), "the release build failed");
    let target = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release");
    (
        target.join("tokenbench"),
        target.join("examples/minimal_window"),
    )
}

struct Xvfb {
    child: Child,
    display: String,
}

impl Xvfb {
    fn start() -> Xvfb {
        let display = format!(":{}", 200 + std::process::id() % 100);
        let child = Command::new("Xvfb")
            .args([
                display.as_str(),
                "-screen",
                "0",
                "1400x900x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb (apt install xvfb)");
        std::thread::sleep(Duration::from_millis(800));
        Xvfb { child, display }
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Window {
    child: Child,
    started: Duration,
    _config: tempfile::TempDir,
}

impl Window {
    fn open(bin: &Path, display: &str) -> Window {
        let config = tempfile::tempdir().expect("tmp");
        let runtime = config.path().join("run");
        std::fs::create_dir_all(&runtime).expect("mkdir");
        let t0 = Instant::now();
        let mut child = Command::new(bin)
            .env("DISPLAY", display)
            .env("XDG_RUNTIME_DIR", &runtime)
            .env("TOKENBENCH_CONFIG_DIR", config.path())
            .env("TOKENBENCH_REPORT_FIRST_FRAME", "1")
            // No session bus: the same layout (the "no system keyring" line) on every machine.
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn window");
        let mut line = String::new();
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        while line.trim() != "first-frame" {
            line.clear();
            assert!(
                stdout.read_line(&mut line).expect("read") > 0,
                "{bin:?} exited before its first frame"
            );
        }
        let started = t0.elapsed();
        // Keep draining so the pipe never blocks the window.
        std::thread::spawn(move || for _ in stdout.lines() {});
        Window {
            child,
            started,
            _config: config,
        }
    }

    fn rss_mb(&self) -> f64 {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).expect("status");
        let kb: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .expect("VmRSS");
        kb / 1024.0
    }

    /// utime + stime in clock ticks (100 per second on Linux).
    fn cpu_ticks(&self) -> u64 {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).expect("stat");
        let after_name = &stat[stat.rfind(')').expect("stat format") + 2..];
        let fields: Vec<&str> = after_name.split_whitespace().collect();
        fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime")
    }

    fn idle_cpu_percent(&self, seconds: u64) -> f64 {
        let before = self.cpu_ticks();
        std::thread::sleep(Duration::from_secs(seconds));
        #[allow(clippy::cast_precision_loss)]
        let used = (self.cpu_ticks() - before) as f64 / 100.0;
        #[allow(clippy::cast_precision_loss)]
        let pct = used / seconds as f64 * 100.0;
        pct
    }
}

impl Drop for Window {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn xdotool(display: &str, args: &[&str]) {
    let ok = Command::new("xdotool")
        .env("DISPLAY", display)
        .args(args)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "xdotool {args:?} (apt install xdotool)");
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The window's X id (no window manager: focus it before typing).
fn focus(display: &str, w: &Window) -> String {
    let win = Command::new("xdotool")
        .env("DISPLAY", display)
        .args(["search", "--sync", "--pid", &w.child.id().to_string()])
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .expect("xdotool search");
    xdotool(display, &["windowfocus", "--sync", &win]);
    win
}

/// A window showing a Connect token and its countdown, typed in as a user would; the caret
/// left in the Widget ID field when `caret`.
fn connect_window(bin: &Path, display: &str, caret: bool) -> Window {
    let w = Window::open(bin, display);
    std::thread::sleep(Duration::from_millis(500));
    focus(display, &w);
    xdotool(display, &["mousemove", "112", "266", "click", "1"]); // Amazon Connect in the list
    std::thread::sleep(Duration::from_millis(500));
    xdotool(display, &["mousemove", "582", "482", "click", "1"]); // Widget ID
    xdotool(
        display,
        &[
            "type",
            "--delay",
            "8",
            "a1b2c3d4-5678-90ab-cdef-000000000001",
        ],
    );
    xdotool(display, &["mousemove", "470", "258", "click", "1"]); // Secret
    xdotool(display, &["type", "--delay", "8", SECRET]);
    if caret {
        xdotool(display, &["mousemove", "582", "482", "click", "1"]); // back in Widget ID
    } else {
        xdotool(display, &["mousemove", "1000", "780", "click", "1"]); // somewhere neutral
    }
    std::thread::sleep(Duration::from_secs(2));
    let shot = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/window-bench-countdown.png");
    let _ = Command::new("import")
        .env("DISPLAY", display)
        .args(["-window", "root"])
        .arg(&shot)
        .status();
    // The countdown's bar is green: make sure it is on screen before measuring (it sits a
    // little lower when the token's byte count wraps under its buttons).
    let green_at = |y: u32| {
        Command::new("convert")
            .arg(&shot)
            .args([
                "-crop",
                &format!("470x8+795+{y}"),
                "-format",
                "%[fx:mean.g-mean.r]",
                "info:",
            ])
            .output()
            .map(|o| {
                String::from_utf8_lossy(&o.stdout)
                    .trim()
                    .parse::<f64>()
                    .unwrap_or(0.0)
            })
            .unwrap_or(0.0)
    };
    let green = (200..280).step_by(4).map(green_at).fold(0.0, f64::max);
    assert!(
        green > 0.15,
        "no countdown on screen (see {})",
        shot.display()
    );
    w
}

/// A token of about `bytes` (a Connect payload with many attributes), expiring in an hour.
fn big_token(bytes: usize) -> String {
    use base64::Engine;
    let b64 = |v: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut attributes = serde_json::Map::new();
    let mut i = 0;
    while attributes.len() * 40 * 4 / 3 < bytes {
        attributes.insert(
            format!("attribute{i:05}"),
            format!("value-{i:05}-{}", "x".repeat(16)).into(),
        );
        i += 1;
    }
    let payload = serde_json::json!({
        "sub": "widget-1", "iat": now, "exp": now + 3600, "attributes": attributes,
    });
    format!(
        "{}.{}.{}",
        b64(br#"{"alg":"HS256","typ":"JWT"}"#),
        b64(payload.to_string().as_bytes()),
        b64(&[7u8; 32])
    )
}

/// A window in Inspect mode with `token` pasted (Ctrl+V anywhere), its countdown running.
fn inspect_window(bin: &Path, display: &str, token: &str) -> Window {
    let w = Window::open(bin, display);
    std::thread::sleep(Duration::from_millis(500));
    // tokenbench's own clipboard keeper serves the text, as after a copy.
    let mut keeper = Command::new(bin)
        .arg("__keep-clipboard")
        .env("DISPLAY", display)
        .stdin(Stdio::piped())
        .spawn()
        .expect("clipboard keeper");
    {
        use std::io::Write;
        let mut stdin = keeper.stdin.take().expect("stdin");
        stdin.write_all(token.as_bytes()).expect("write");
    }
    std::thread::sleep(Duration::from_millis(500));
    focus(display, &w);
    xdotool(display, &["key", "ctrl+v"]);
    std::thread::sleep(Duration::from_secs(3));
    let _ = keeper.kill();
    let _ = keeper.wait();
    w
}

fn main() {
    // `cargo bench` passes --bench; a filter or --list has nothing to select here.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let (tokenbench, minimal) = build();
    let x = Xvfb::start();
    let d = x.display.as_str();
    let (mut start_tb, mut start_min, mut rss_tb, mut rss_min) = (vec![], vec![], vec![], vec![]);
    for i in 0..RUNS {
        let order: [(&Path, bool); 2] = if i % 2 == 0 {
            [(&tokenbench, true), (&minimal, false)]
        } else {
            [(&minimal, false), (&tokenbench, true)]
        };
        for (bin, is_tb) in order {
            let w = Window::open(bin, d);
            std::thread::sleep(Duration::from_secs(3));
            let ms = w.started.as_secs_f64() * 1000.0;
            let rss = w.rss_mb();
            if is_tb {
                start_tb.push(ms);
                rss_tb.push(rss);
            } else {
                start_min.push(ms);
                rss_min.push(rss);
            }
        }
    }
    // Idle CPU, three rounds, each measuring all three in turn for 10 s.
    let (mut idle_tb, mut idle_caret, mut idle_min, mut rss_token) = (vec![], vec![], vec![], 0.0);
    for _ in 0..3 {
        let w = connect_window(&tokenbench, d, false);
        idle_tb.push(w.idle_cpu_percent(10));
        rss_token = w.rss_mb();
        drop(w);
        let w = connect_window(&tokenbench, d, true);
        idle_caret.push(w.idle_cpu_percent(10));
        drop(w);
        let m = Window::open(&minimal, d);
        std::thread::sleep(Duration::from_secs(2));
        idle_min.push(m.idle_cpu_percent(10));
        drop(m);
    }
    // Inspect mode: a 4 KB token and an 84 KB one, each with its countdown.
    let small = inspect_window(&tokenbench, d, &big_token(4 * 1024));
    let idle_small = small.idle_cpu_percent(10);
    drop(small);
    let big = inspect_window(&tokenbench, d, &big_token(84 * 1024));
    let idle_big = big.idle_cpu_percent(10);
    let shot =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/window-bench-inspect-84k.png");
    let _ = Command::new("import")
        .env("DISPLAY", d)
        .args(["-window", "root"])
        .arg(&shot)
        .status();
    // Covered by another window (the screenshot, shown full screen): no repaints at all.
    let mut cover = Command::new("display")
        .env("DISPLAY", d)
        .args(["-geometry", "1400x900+0+0", "-backdrop"])
        .arg(&shot)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("ImageMagick display");
    std::thread::sleep(Duration::from_secs(2));
    let idle_covered = big.idle_cpu_percent(10);
    let _ = cover.kill();
    let _ = cover.wait();
    // Minimised, as a window manager marks it (_NET_WM_STATE_HIDDEN, unmapped).
    std::thread::sleep(Duration::from_secs(1));
    let win = focus(d, &big);
    let hidden = Command::new("xprop")
        .env("DISPLAY", d)
        .args([
            "-id",
            &win,
            "-f",
            "_NET_WM_STATE",
            "32a",
            "-set",
            "_NET_WM_STATE",
        ])
        .arg("_NET_WM_STATE_HIDDEN")
        .status()
        .is_ok_and(|s| s.success());
    assert!(hidden, "xprop (apt install x11-utils)");
    xdotool(d, &["windowunmap", "--sync", &win]);
    std::thread::sleep(Duration::from_secs(2));
    let idle_minimised = big.idle_cpu_percent(10);
    drop(big);

    let (st, sm, rt, rm) = (
        median(start_tb),
        median(start_min),
        median(rss_tb),
        median(rss_min),
    );
    let (it, ic, im) = (
        median(idle_tb.clone()),
        median(idle_caret.clone()),
        median(idle_min.clone()),
    );
    println!(
        "window_process: start/RSS medians of {RUNS} runs; idle CPU medians of 3 rounds of 10 s"
    );
    println!("| | tokenbench | minimal eframe window | ratio |");
    println!("|---|---:|---:|---:|");
    println!(
        "| start to first frame | {st:.0} ms | {sm:.0} ms | {:.2} |",
        st / sm
    );
    println!(
        "| RSS 3 s after start | {rt:.1} MB | {rm:.1} MB | {:.2} |",
        rt / rm
    );
    println!(
        "| idle CPU, Connect countdown, no field focused | {it:.2} % | {im:.2} % | {:.2} |",
        it / im.max(0.01)
    );
    println!(
        "| idle CPU, the same with the caret in Widget ID | {ic:.2} % | {im:.2} % | {:.2} |",
        ic / im.max(0.01)
    );
    println!("| idle CPU, Inspect, a 4 KB token pasted | {idle_small:.2} % | | |");
    println!("| idle CPU, Inspect, an 84 KB token pasted | {idle_big:.2} % | | |");
    println!("| idle CPU, the window covered by another | {idle_covered:.2} % | | |");
    println!("| idle CPU, the window minimised | {idle_minimised:.2} % | | |");
    println!("| RSS with the Connect token showing | {rss_token:.1} MB | | |");
    println!("rounds: countdown {idle_tb:.2?} caret {idle_caret:.2?} minimal {idle_min:.2?}");
}
