//! Running a command to completion while watching its memory: what the scan benchmarks
//! compare against ripgrep with.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The process's anonymous memory now (KB): not the mapped file, which is page cache.
fn rss_anon_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("RssAnon:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs `cmd` (output to /dev/null) to completion: its wall time and its peak anonymous
/// memory in KB, sampled every millisecond.
pub fn run(cmd: &mut Command) -> (Duration, u64) {
    let start = Instant::now();
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the command starts");
    let pid = child.id();
    let mut peak = 0;
    loop {
        if let Some(kb) = rss_anon_kb(pid) {
            peak = peak.max(kb);
        }
        if child
            .try_wait()
            .expect("the command can be waited for")
            .is_some()
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    (start.elapsed(), peak)
}
