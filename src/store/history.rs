//! Kept history (*Keep history* on): `history.jsonl` in the user's data folder, one record per
//! line — header and claims, never a signature or a secret. Appends and clears take the
//! file's lock, so any number of windows keep theirs without losing another's; the file is
//! rewritten (atomically) to the newest [`LIMIT`] records when it grows past them. A damaged
//! line is skipped, never the whole file.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::files::{
    check_readable, keep_private, lock_beside, private_options, replace_atomically,
};
use crate::core::history::{LIMIT, Record};

pub const FILE: &str = "history.jsonl";

/// Rewrite once the file holds this many more lines than it keeps.
const SLACK: usize = 200;

pub struct HistoryFile {
    path: PathBuf,
}

/// What was read: the records (oldest first, at most [`LIMIT`]) and how many lines could
/// not be read.
#[derive(Debug, Default)]
pub struct Kept {
    pub records: Vec<Record>,
    pub skipped: usize,
}

impl HistoryFile {
    pub fn new(path: impl Into<PathBuf>) -> HistoryFile {
        HistoryFile { path: path.into() }
    }

    /// In the user's data folder (`~/.local/share/tokenbench`), or `TOKENBENCH_CONFIG_DIR`
    /// when set (tests, portable installs).
    pub fn default_location() -> Option<HistoryFile> {
        crate::store::dirs::data_dir().map(|d| HistoryFile::new(d.join(FILE)))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The kept records; none when there is no file yet.
    pub fn read(&self) -> std::io::Result<Kept> {
        let text = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Kept::default()),
            Err(e) => return Err(e),
        };
        Ok(parse(&text))
    }

    /// Adds records at the end, under the lock; trims the file when it has grown. A file
    /// that exists but can't be read is left as it is (an error, nothing written).
    pub fn append(&self, records: &[Record]) -> std::io::Result<()> {
        let _lock = lock_beside(&self.path)?;
        self.readable()?;
        let mut lines = Vec::new();
        for r in records {
            serde_json::to_writer(&mut lines, r).map_err(std::io::Error::other)?;
            lines.push(b'\n');
        }
        let mut file = private_options()
            .create(true)
            .append(true)
            .read(true)
            .open(&self.path)?;
        keep_private(&file)?;
        // A line left unfinished (a crash mid-write) must not swallow this one.
        if ends_unfinished(&mut file)? {
            lines.insert(0, b'\n');
        }
        file.write_all(&lines)?;
        file.sync_data()?;
        drop(file);
        let bytes = std::fs::read(&self.path)?;
        let count = bytes.iter().filter(|&&b| b == b'\n').count();
        if count > LIMIT + SLACK {
            let kept = parse(&bytes);
            self.write(&kept.records)?;
        }
        Ok(())
    }

    /// Empties the kept history (the file is removed).
    pub fn clear(&self) -> std::io::Result<()> {
        let _lock = lock_beside(&self.path)?;
        self.readable()?;
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Stops a change to a file that exists but can't be read, saying which and why.
    fn readable(&self) -> std::io::Result<()> {
        check_readable(&self.path).map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!(
                    "{} can't be read ({}); it is left as it is",
                    self.path.display(),
                    super::files::io_reason(&e)
                ),
            )
        })
    }

    fn write(&self, records: &[Record]) -> std::io::Result<()> {
        let mut out = Vec::new();
        for r in records {
            serde_json::to_writer(&mut out, r).map_err(std::io::Error::other)?;
            out.push(b'\n');
        }
        replace_atomically(&self.path, &out)
    }
}

/// Whether the file's last byte is not a line break (and the file not empty).
fn ends_unfinished(file: &mut std::fs::File) -> std::io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    if file.metadata()?.len() == 0 {
        return Ok(false);
    }
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] != b'\n')
}

/// Every readable line, the newest [`LIMIT`] of them.
fn parse(bytes: &[u8]) -> Kept {
    let mut kept = Kept::default();
    for line in bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.trim_ascii().is_empty())
    {
        match serde_json::from_slice::<Record>(line) {
            Ok(r) => kept.records.push(r),
            Err(_) => kept.skipped += 1,
        }
    }
    let extra = kept.records.len().saturating_sub(LIMIT);
    kept.records.drain(..extra);
    kept
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::core::decode::decode;
    use crate::core::history::Origin;
    use crate::core::report::{Inspect, inspect};

    const T: &str =
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTEiLCJpYXQiOjEwMCwiZXhwIjo3MDB9.c2lnbmF0dXJl";

    fn record(id: &str) -> Record {
        let d = decode(T);
        let r = inspect(&d, &Inspect::default());
        Record::of(id.into(), 1, Origin::Pasted, &d, &r).unwrap()
    }

    #[test]
    fn kept_records_come_back_without_their_signature() {
        let dir = tempfile::tempdir().unwrap();
        let file = HistoryFile::new(dir.path().join(FILE));
        assert!(file.read().unwrap().records.is_empty(), "no file yet");
        file.append(&[record("a"), record("b")]).unwrap();
        let text = std::fs::read_to_string(file.path()).unwrap();
        assert!(
            !text.contains("c2lnbmF0dXJl"),
            "never the signature: {text}"
        );
        let kept = file.read().unwrap();
        assert_eq!(
            kept.records
                .iter()
                .map(|r| r.id.as_str())
                .collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(kept.records[0].token, None);
        file.clear().unwrap();
        assert!(file.read().unwrap().records.is_empty());
        file.clear().unwrap();
    }

    #[test]
    fn windows_appending_at_once_lose_nothing_and_the_file_stays_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let file = HistoryFile::new(path);
                    for i in 0..100 {
                        file.append(&[record(&format!("{t}-{i}"))]).unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let kept = HistoryFile::new(&path).read().unwrap();
        assert_eq!(kept.records.len(), 400);
        assert_eq!(kept.skipped, 0);
        let file = HistoryFile::new(&path);
        let many: Vec<_> = (0..LIMIT + SLACK)
            .map(|i| record(&format!("m{i}")))
            .collect();
        file.append(&many).unwrap();
        let kept = file.read().unwrap();
        assert_eq!(kept.records.len(), LIMIT);
        assert_eq!(kept.records.last().map(|r| r.id.as_str()), Some("m1199"));
        let lines = std::fs::read_to_string(&path).unwrap().lines().count();
        assert_eq!(lines, LIMIT, "rewritten to the newest");
    }

    #[cfg(unix)]
    #[test]
    fn the_history_is_the_users_alone_and_a_folder_in_its_place_is_left_alone() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("data").join("tokenbench");
        let file = HistoryFile::new(folder.join(FILE));
        file.append(&[record("a")]).unwrap();
        assert_eq!(mode(&folder), 0o700);
        assert_eq!(mode(file.path()), 0o600);
        std::fs::set_permissions(file.path(), std::fs::Permissions::from_mode(0o644)).unwrap();
        file.append(&[record("b")]).unwrap();
        assert_eq!(mode(file.path()), 0o600, "kept so on every write");
        // Something there that can't be read is neither appended to nor cleared.
        let other = HistoryFile::new(dir.path().join("odd").join(FILE));
        std::fs::create_dir_all(other.path()).unwrap();
        std::fs::write(other.path().join("inside"), "x").unwrap();
        let err = other.append(&[record("c")]).unwrap_err().to_string();
        assert!(err.contains("can't be read"), "{err}");
        assert!(other.clear().is_err());
        assert!(other.path().join("inside").exists());
    }

    #[test]
    fn a_damaged_line_is_skipped_not_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = HistoryFile::new(dir.path().join(FILE));
        file.append(&[record("a")]).unwrap();
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(file.path())
            .unwrap();
        f.write_all(b"{not json\n{\"torn").unwrap();
        file.append(&[record("b")]).unwrap();
        let kept = file.read().unwrap();
        assert_eq!(
            kept.records.len(),
            2,
            "the record after a torn line is kept"
        );
        assert_eq!(kept.skipped, 2);
    }
}
