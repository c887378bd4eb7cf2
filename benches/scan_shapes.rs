//! Scanning captures of hostile shapes, against ripgrep on the same files in the same run:
//! many tokens in one URL, header, cookie or body; one line of 50 MB; JSON nested 100,000
//! deep; millions of tiny entries; NUL bytes and invalid UTF-8.
//!
//! cargo bench --bench scan_shapes            (needs `rg`: apt install ripgrep)
//! SHAPES=0,7 cargo bench --bench scan_shapes (only those shapes, by their row number)
//!
//! For each file: the median wall time of five runs of `rg -o PATTERN FILE` and of the real
//! `tokenbench scan FILE --json` (both to /dev/null), their ratio, and the scan's anonymous
//! memory: the process's peak RssAnon (sampled every millisecond; the mapped file is page
//! cache, not counted) and, exactly, the peak of the heap when the same scan and report
//! run in this process (a counting allocator). Goal (issue 20): within 5× rg, and memory
//! under half the file plus a small constant.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Figures for people: sizes and times shown as f64, byte values made from counters.
#![allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]
// The counting allocator below is the one unsafe code here: it only forwards to System.
#![allow(unsafe_code)]

#[path = "support/process.rs"]
mod process;

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Counts the heap in use, and its peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const PATTERN: &str = r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*";

fn b64url(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A ~110-byte token, different for each `i` (as in the report that found the blow-up:
/// 30,000 distinct tokens in 3 MB).
fn token(i: usize) -> String {
    format!(
        "{}.{}.{}",
        b64url(br#"{"alg":"HS256"}"#),
        b64url(format!(r#"{{"sub":"v{i}","exp":1800000000}}"#).as_bytes()),
        b64url(&(i as u64).to_le_bytes().repeat(4))
    )
}

fn har(entries: &str) -> String {
    format!(r#"{{"log":{{"version":"1.2","creator":{{"name":"bench"}},"entries":[{entries}]}}}}"#)
}

fn one_entry(url: &str, headers: &[(&str, String)], body: &str) -> String {
    let headers: Vec<String> = headers
        .iter()
        .map(|(n, v)| format!(r#"{{"name":"{n}","value":"{v}"}}"#))
        .collect();
    har(&format!(
        r#"{{"startedDateTime":"2026-11-29T10:00:00.000Z","request":{{"method":"GET","url":"{url}","headers":[{}]}},"response":{{"status":401,"headers":[],"content":{{"text":"{body}"}}}}}}"#,
        headers.join(",")
    ))
}

const MANY: usize = 30_000;

/// Writes one shape's file.
type Writer = Box<dyn Fn(&mut dyn std::io::Write)>;

/// Each shape: a name and how to write it.
fn shapes() -> Vec<(&'static str, Writer)> {
    let distinct = || (0..MANY).map(token).collect::<Vec<_>>();
    vec![
        (
            "30,000 tokens in one URL",
            Box::new(move |w| {
                let q: Vec<String> = distinct().iter().map(|t| format!("t={t}")).collect();
                let url = format!("https://x.example/cb?{}", q.join("&"));
                w.write_all(one_entry(&url, &[], "").as_bytes()).unwrap();
            }),
        ),
        (
            "one token 30,000 times in one URL",
            Box::new(|w| {
                let t = token(7);
                let q: Vec<String> = (0..MANY).map(|i| format!("p{i}={t}")).collect();
                let url = format!("https://x.example/cb?{}", q.join("&"));
                w.write_all(one_entry(&url, &[], "").as_bytes()).unwrap();
            }),
        ),
        (
            "30,000 tokens in one header",
            Box::new(move |w| {
                let value = distinct().join(" ");
                let e = one_entry("https://x.example/", &[("x-tokens", value)], "");
                w.write_all(e.as_bytes()).unwrap();
            }),
        ),
        (
            "30,000 cookies in one Cookie header",
            Box::new(move |w| {
                let c: Vec<String> = (distinct().iter().enumerate())
                    .map(|(i, t)| format!("c{i}={t}"))
                    .collect();
                let e = one_entry("https://x.example/", &[("Cookie", c.join("; "))], "");
                w.write_all(e.as_bytes()).unwrap();
            }),
        ),
        (
            "30,000 tokens in one body",
            Box::new(move |w| {
                let body = distinct().join(",");
                w.write_all(one_entry("https://x.example/", &[], &body).as_bytes())
                    .unwrap();
            }),
        ),
        (
            "one line of 50 MB",
            Box::new(|w| {
                let filler = "lorem ipsum dolor sit amet ".repeat(18);
                let mut written = 0;
                let mut i = 0;
                while written < 50 << 20 {
                    let piece = format!("{filler}{} ", token(i % 1000));
                    w.write_all(piece.as_bytes()).unwrap();
                    written += piece.len();
                    i += 1;
                }
                w.write_all(b"\n").unwrap();
            }),
        ),
        (
            "JSON nested 100,000 deep (×40)",
            Box::new(|w| {
                let mut entries = Vec::new();
                for i in 0..40 {
                    entries.push(format!(
                        r#"{{"request":{{"url":"https://x/?t={}"}},"_x":{}{}}}"#,
                        token(i),
                        "[".repeat(100_000),
                        "]".repeat(100_000)
                    ));
                }
                w.write_all(har(&entries.join(",")).as_bytes()).unwrap();
            }),
        ),
        (
            "3,000,000 tiny entries",
            Box::new(|w| {
                let mut s = String::with_capacity(12 << 20);
                for i in 0..3_000_000 {
                    if i > 0 {
                        s.push(',');
                    }
                    s.push_str("{}");
                }
                w.write_all(har(&s).as_bytes()).unwrap();
            }),
        ),
        (
            "300,000 entries, a token in each",
            Box::new(|w| {
                let t = token(3);
                let mut s = String::new();
                for i in 0..300_000 {
                    if i > 0 {
                        s.push(',');
                    }
                    let _ = write!(
                        s,
                        r#"{{"startedDateTime":"2026-11-29T10:{:02}:{:02}.000Z","request":{{"method":"GET","url":"https://x/{i}","headers":[{{"name":"authorization","value":"Bearer {t}"}}]}},"response":{{"status":200}}}}"#,
                        (i / 60) % 60,
                        i % 60
                    );
                }
                w.write_all(har(&s).as_bytes()).unwrap();
            }),
        ),
        (
            "50 MB of binary with NULs and tokens",
            Box::new(|w| {
                let mut state = 0x9E37_79B9_7F4A_7C15u64;
                let mut written = 0;
                let mut i = 0;
                while written < 50 << 20 {
                    let noise: Vec<u8> = (0..4096)
                        .map(|_| {
                            state ^= state << 13;
                            state ^= state >> 7;
                            state ^= state << 17;
                            // Many NULs and bytes that are not UTF-8.
                            if state.is_multiple_of(5) {
                                0
                            } else {
                                (state >> 24) as u8 | 0x80
                            }
                        })
                        .collect();
                    w.write_all(&noise).unwrap();
                    w.write_all(token(i % 500).as_bytes()).unwrap();
                    written += noise.len() + 110;
                    i += 1;
                }
            }),
        ),
    ]
}

fn make(dir: &Path, n: usize, write: &dyn Fn(&mut dyn std::io::Write)) -> PathBuf {
    let path = dir.join(format!("shape-{n}.capture"));
    if !path.exists() {
        let tmp = dir.join(format!("shape-{n}.tmp"));
        let mut file = std::io::BufWriter::new(std::fs::File::create(&tmp).unwrap());
        write(&mut file);
        file.flush().unwrap();
        drop(file);
        std::fs::rename(&tmp, &path).unwrap();
    }
    path
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The heap's peak while the same scan and JSON report run in this process (bytes above
/// what was in use before): while scanning, and in all (the report's output window, a few
/// chunks of reports on their way out, comes on top); and the time each took.
fn heap_peak(path: &Path) -> (usize, usize, Duration, Duration) {
    let presets = tokenbench::core::preset::Presets::builtin();
    let capture = tokenbench::capture::Capture::open(path).unwrap();
    let bytes: &[u8] = &capture;
    let base = IN_USE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let start = Instant::now();
    let (scanned, found) = tokenbench::cli::scan::collect(bytes);
    let collected = start.elapsed();
    let scan_peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    let judge = tokenbench::core::judge::Judge::new(&presets, 1_795_946_400);
    let mut sink = std::io::BufWriter::new(std::io::sink());
    let start = Instant::now();
    tokenbench::cli::scan::write(&scanned, &found, bytes, judge, None, true, &mut sink).unwrap();
    let reported = start.elapsed();
    drop(sink);
    (
        scan_peak,
        PEAK.load(Ordering::Relaxed).saturating_sub(base),
        collected,
        reported,
    )
}

fn main() {
    let dir: PathBuf = [env!("CARGO_MANIFEST_DIR"), "target", "scan-shapes"]
        .iter()
        .collect();
    std::fs::create_dir_all(&dir).unwrap();
    let have_rg = Command::new("rg")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    println!(
        "{:<38} {:>9} {:>9} {:>11} {:>7} {:>13} {:>13} {:>13}  scan + report",
        "shape", "size", "rg -o", "tokenbench", "ratio", "peak RssAnon", "heap: scan", "in all",
    );
    let mut worst: f64 = 0.0;
    let only: Option<Vec<usize>> = std::env::var("SHAPES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect());
    for (n, (name, write)) in shapes().iter().enumerate() {
        if only.as_ref().is_some_and(|o| !o.contains(&n)) {
            continue;
        }
        let path = make(&dir, n, write.as_ref());
        let size = std::fs::metadata(&path).unwrap().len();
        let _ = std::fs::read(&path); // into the page cache for both
        let mut rg_times = Vec::new();
        let mut tb_times = Vec::new();
        let mut peak_kb = 0;
        for _ in 0..5 {
            if have_rg {
                rg_times.push(
                    process::run(Command::new("rg").args(["-o", "-a", PATTERN]).arg(&path)).0,
                );
            }
            let (t, kb) = process::run(
                Command::new(env!("CARGO_BIN_EXE_tokenbench"))
                    .arg("scan")
                    .arg(&path)
                    .arg("--json")
                    .env("TOKENBENCH_CONFIG_DIR", &dir),
            );
            tb_times.push(t);
            peak_kb = peak_kb.max(kb);
        }
        let tb = median(tb_times);
        let (scan_heap, heap, collected, reported) = heap_peak(&path);
        let (rg_text, ratio) = if have_rg {
            let rg = median(rg_times);
            let r = tb.as_secs_f64() / rg.as_secs_f64();
            worst = worst.max(r);
            (
                format!("{:.0} ms", rg.as_secs_f64() * 1e3),
                format!("{r:.1}×"),
            )
        } else {
            ("—".to_string(), "—".to_string())
        };
        let mb = |b: f64| b / (1 << 20) as f64;
        println!(
            "{:<38} {:>6.1} MB {:>9} {:>8.0} ms {:>7} {:>6.1} MB {:>3.0}% {:>6.1} MB {:>3.0}% {:>6.1} MB {:>3.0}%  {:.0} + {:.0} ms",
            name,
            mb(size as f64),
            rg_text,
            tb.as_secs_f64() * 1e3,
            ratio,
            mb(peak_kb as f64 * 1024.0),
            peak_kb as f64 * 1024.0 * 100.0 / size as f64,
            mb(scan_heap as f64),
            scan_heap as f64 * 100.0 / size as f64,
            mb(heap as f64),
            heap as f64 * 100.0 / size as f64,
            collected.as_secs_f64() * 1e3,
            reported.as_secs_f64() * 1e3,
        );
    }
    if have_rg {
        println!("worst scan/rg: {worst:.1}×");
    }
}
