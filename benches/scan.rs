//! Scanning a 200 MB HAR capture, against ripgrep searching the same file for the same JWT
//! pattern in the same run (rg only searches bytes; the scan parses the JSON, decodes every
//! base64 body and inspects each token found).
//!
//! cargo bench --bench scan            (needs `rg`: apt install ripgrep)
//!
//! Prints, for each of five runs, the wall time of `rg -o PATTERN FILE`, of the real
//! `tokenbench scan FILE --json`, and of the engine's scan alone (in this process), plus the
//! scan process's peak anonymous memory (RssAnon, sampled every 5 ms; the mapped file is not
//! counted, as it is page cache) against the file's size.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Figures for people: sizes and times shown as f64, byte values made from counters.
#![allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

#[path = "support/process.rs"]
mod process;

use std::fmt::Write as _;
use std::io::Write as _;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use tokenbench::capture::Capture;
use tokenbench::core::scan::{Event, Found, scan};

const TARGET_BYTES: usize = 200 << 20;
const PATTERN: &str = r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*";

/// xorshift: the same file on every machine.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| (self.next() >> 24) as u8).collect()
    }
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn b64url(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn token(i: u64) -> String {
    let h = b64url(br#"{"typ":"JWT","alg":"HS256"}"#);
    let p = b64url(
        format!(r#"{{"sub":"visitor-{i}","iat":1795946400,"exp":1795946700,"attributes":{{"customerId":"C-{i}"}}}}"#)
            .as_bytes(),
    );
    format!("{h}.{p}.{}", b64url(&[i as u8; 32]))
}

fn entry(out: &mut String, i: usize, rng: &mut Rng) {
    let t = token((i % 50) as u64);
    let started = format!(
        "2026-11-29T10:{:02}:{:02}.{:03}Z",
        (i / 60_000) % 60,
        (i / 1000) % 60,
        i % 1000
    );
    let (url, content) = if i.is_multiple_of(3) {
        // An image or a font: a large base64 body, now and then carrying a token inside.
        let len = 12_000 + (rng.next() % 8_000) as usize;
        let mut body = rng.bytes(len);
        if i.is_multiple_of(97) {
            body.extend_from_slice(
                format!(r#"{{"id_token":"{}"}}"#, token(1000 + i as u64)).as_bytes(),
            );
        }
        (
            format!("https://cdn.example/assets/{i}.png"),
            format!(
                r#"{{"size": {}, "mimeType": "image/png", "encoding": "base64", "text": "{}"}}"#,
                body.len(),
                b64(&body)
            ),
        )
    } else {
        let filler: String = (0..40)
            .map(|k| {
                format!(
                    r#"{{"id":{k},"name":"item {k}","price":{}.99,"tags":["a","b"]}},"#,
                    rng.next() % 100
                )
            })
            .collect();
        (
            format!("https://api.example/v1/items?page={i}&widgetId=w-{}", i % 7),
            format!(
                r#"{{"size": 4000, "mimeType": "application/json", "text": "{}"}}"#,
                format!(r#"{{"data":"{t}","items":[{}{{}}]}}"#, filler).replace('"', "\\\"")
            ),
        )
    };
    let _ = write!(
        out,
        r#"{{"startedDateTime": "{started}", "time": 12.5, "request": {{"method": "GET", "url": "{url}", "httpVersion": "http/2.0",
 "headers": [{{"name": ":authority", "value": "api.example"}}, {{"name": "authorization", "value": "Bearer {t}"}}, {{"name": "accept", "value": "*/*"}}, {{"name": "user-agent", "value": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"}}],
 "queryString": [], "cookies": [{{"name": "sid", "value": "s-{i}"}}], "headersSize": -1, "bodySize": 0}},
 "response": {{"status": 200, "statusText": "", "httpVersion": "http/2.0", "headers": [{{"name": "content-type", "value": "application/json"}}, {{"name": "cache-control", "value": "no-store"}}],
 "cookies": [], "content": {content}, "redirectURL": "", "headersSize": -1, "bodySize": -1, "_transferSize": 4096}},
 "cache": {{}}, "timings": {{"blocked": 0.5, "dns": -1, "ssl": -1, "connect": -1, "send": 0.1, "wait": 10.0, "receive": 1.9}}, "serverIPAddress": "192.0.2.1", "connection": "443", "pageref": "page_1"}}"#
    );
}

fn make(path: &Path) -> usize {
    if std::fs::metadata(path).is_ok_and(|m| m.len() as usize >= TARGET_BYTES) {
        return count_entries(path);
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    file.write_all(br#"{"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"}, "pages": [], "entries": ["#).unwrap();
    let (mut written, mut i, mut rng) = (0, 0, Rng(0x9E37_79B9_7F4A_7C15));
    let mut buf = String::new();
    while written < TARGET_BYTES {
        buf.clear();
        if i > 0 {
            buf.push_str(",\n");
        }
        entry(&mut buf, i, &mut rng);
        file.write_all(buf.as_bytes()).unwrap();
        written += buf.len();
        i += 1;
    }
    file.write_all(b"]}}\n").unwrap();
    file.flush().unwrap();
    i
}

fn count_entries(path: &Path) -> usize {
    let capture = Capture::open(path).unwrap();
    let mut n = 0;
    let s = scan(&capture, &mut |_| ControlFlow::Continue(()));
    if let Some(e) = s.source.entries {
        n = e;
    }
    n
}

fn main() {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "target",
        "scan-bench",
        "capture-200mb.har",
    ]
    .iter()
    .collect();
    let entries = make(&path);
    let size = std::fs::metadata(&path).unwrap().len();
    let _ = std::fs::read(&path); // into the page cache, for rg and the scan alike
    let have_rg = Command::new("rg")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    println!("{} MB HAR, {entries} entries", size >> 20);
    println!("run  rg -o         tokenbench scan --json   engine scan   scan/rg   peak RssAnon");
    let mut ratios: Vec<f64> = Vec::new();
    for n in 1..=5 {
        let rg =
            have_rg.then(|| process::run(Command::new("rg").args(["-o", PATTERN]).arg(&path)).0);
        let (tb, peak) = process::run(
            Command::new(env!("CARGO_BIN_EXE_tokenbench"))
                .arg("scan")
                .arg(&path)
                .arg("--json"),
        );
        let start = Instant::now();
        let capture = Capture::open(&path).unwrap();
        let mut found = Found::default();
        let bytes: &[u8] = &capture;
        let scanned = scan(bytes, &mut |e| {
            if let Event::Hit { token, place } = e {
                found.add(bytes, token, &place);
            }
            ControlFlow::Continue(())
        });
        found.finish(bytes);
        let engine = start.elapsed();
        assert!(
            scanned.source.warnings.is_empty(),
            "{:?}",
            scanned.source.warnings
        );
        assert!(found.len() > 50, "tokens in base64 bodies are found too");
        if let Some(rg) = rg {
            ratios.push(tb.as_secs_f64() / rg.as_secs_f64());
        }
        let ratio = rg.map_or_else(
            || "no rg".to_string(),
            |rg| format!("{:.2}×", tb.as_secs_f64() / rg.as_secs_f64()),
        );
        println!(
            "{n}    {:>9}    {:>10.0} ms            {:>7.0} ms    {ratio:>7}   {} MB ({:.1} % of the file)",
            rg.map_or_else(
                || "—".to_string(),
                |rg| format!("{:.0} ms", rg.as_secs_f64() * 1000.0)
            ),
            tb.as_secs_f64() * 1000.0,
            engine.as_secs_f64() * 1000.0,
            peak / 1024,
            peak as f64 * 1024.0 * 100.0 / size as f64,
        );
    }
    ratios.sort_by(f64::total_cmp);
    if let Some(m) = ratios.get(ratios.len() / 2) {
        println!("median scan/rg: {m:.2}×");
    }
}
