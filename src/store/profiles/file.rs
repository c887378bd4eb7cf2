//! `profiles.json` on disk. Reading never needs a lock (every write replaces the file
//! atomically); every change takes an exclusive advisory lock on `profiles.json.lock`,
//! re-reads the file, applies itself by profile id and writes a temporary file that is then
//! renamed over the old one. The lock is the operating system's (`flock` on Unix,
//! `LockFileEx` on Windows, through `std::fs::File::lock`): it is released when the process
//! holding it ends, however it ends, so a crash never leaves a stale lock behind.

use std::fs::File;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Profile;
use super::change::{Change, ChangeError, apply};

pub const FILE: &str = "profiles.json";
const FORMAT_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct OnDisk {
    version: u32,
    profiles: Vec<Profile>,
}

/// What reading found.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub profiles: Vec<Profile>,
    /// When the file could not be read as profiles: what happened and where it was kept.
    pub problem: Option<String>,
    /// The file is there but can't be read (permissions, an I/O error): `profiles` is not
    /// what it holds, and nothing may be written over it.
    pub unreadable: bool,
}

/// The profiles file, shared by every tokenbench process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileFile {
    path: PathBuf,
}

/// What a change did: the profiles it touched (as written, or as removed) and the whole list
/// as it is on disk now.
#[derive(Clone, Debug)]
pub struct Updated {
    pub affected: Vec<Profile>,
    pub now: Loaded,
}

enum Read {
    Missing,
    Unreadable(std::io::Error),
    Damaged(String),
    /// A format this version does not know how to change.
    Newer(u32),
}

impl ProfileFile {
    pub fn new(path: impl Into<PathBuf>) -> ProfileFile {
        ProfileFile { path: path.into() }
    }

    /// `profiles.json` in the config directory.
    pub fn default_location() -> Option<ProfileFile> {
        crate::store::dirs::config_dir().map(|d| ProfileFile::new(d.join(FILE)))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the profiles. A file that can't be parsed is set aside as
    /// `profiles.json.broken-<time>` (never dropped), and `problem` says so.
    pub fn read(&self) -> Loaded {
        match read_list(&self.path) {
            Ok(profiles) => Loaded {
                profiles,
                problem: None,
                unreadable: false,
            },
            Err(Read::Damaged(_)) => match self.lock() {
                // Under the lock nobody is mid-write: if it is still damaged, it is.
                Ok(_lock) => self.read_locked(),
                Err(e) => self.unreadable(&e),
            },
            Err(other) => self.loaded_from(other),
        }
    }

    /// Applies `change` to what the file holds now, under the lock, and writes the result.
    pub fn update(&self, change: Change) -> Result<Updated, ChangeError> {
        let _lock = self.lock().map_err(|e| {
            ChangeError::File(format!(
                "{}: {}; nothing was changed",
                self.path.display(),
                crate::store::files::io_reason(&e)
            ))
        })?;
        match read_list(&self.path) {
            Err(Read::Newer(v)) => {
                return Err(ChangeError::File(format!(
                    "{} was written by a newer tokenbench (format {v}); this one reads format {FORMAT_VERSION} and leaves it as it is",
                    self.path.display()
                )));
            }
            // Never start afresh over a file that is there but can't be read: every
            // profile in it would be lost.
            Err(Read::Unreadable(e)) => return Err(ChangeError::File(self.cant_read(&e))),
            _ => {}
        }
        let mut now = self.read_locked();
        let affected = apply(&mut now.profiles, change)?;
        write_atomically(&self.path, &now.profiles)
            .map_err(|e| ChangeError::File(format!("{}: {e}", self.path.display())))?;
        Ok(Updated { affected, now })
    }

    /// Reads while holding the lock: a damaged file is moved aside.
    fn read_locked(&self) -> Loaded {
        match read_list(&self.path) {
            Ok(profiles) => Loaded {
                profiles,
                problem: None,
                unreadable: false,
            },
            Err(Read::Damaged(e)) => {
                let backup = backup_path(&self.path);
                let where_ = match std::fs::rename(&self.path, &backup) {
                    Ok(()) => format!("it was kept as {}", backup.display()),
                    Err(_) => "it could not be moved aside".to_string(),
                };
                Loaded {
                    profiles: Vec::new(),
                    problem: Some(format!(
                        "{} is damaged ({e}); {where_}, and a fresh profile list was started",
                        self.path.display()
                    )),
                    unreadable: false,
                }
            }
            Err(other) => self.loaded_from(other),
        }
    }

    fn loaded_from(&self, read: Read) -> Loaded {
        match read {
            Read::Unreadable(e) => self.unreadable(&e),
            Read::Newer(v) => Loaded {
                profiles: Vec::new(),
                problem: Some(format!(
                    "{} was written by a newer tokenbench (format {v}); it is left as it is",
                    self.path.display()
                )),
                unreadable: false,
            },
            Read::Missing | Read::Damaged(_) => Loaded::default(),
        }
    }

    fn unreadable(&self, e: &std::io::Error) -> Loaded {
        Loaded {
            profiles: Vec::new(),
            problem: Some(self.cant_read(e)),
            unreadable: true,
        }
    }

    /// "…/profiles.json can't be read (permission denied): nothing is changed until it can be".
    fn cant_read(&self, e: &std::io::Error) -> String {
        format!(
            "{} can't be read ({}): no profile is changed until it can be",
            self.path.display(),
            crate::store::files::io_reason(e)
        )
    }

    /// Takes the exclusive lock, waiting for another process to finish.
    fn lock(&self) -> std::io::Result<File> {
        crate::store::files::lock_beside(&self.path)
    }
}

fn read_list(path: &Path) -> Result<Vec<Profile>, Read> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Read::Missing),
        Err(e) => return Err(Read::Unreadable(e)),
    };
    #[derive(Deserialize)]
    struct Version {
        #[serde(default)]
        version: u32,
    }
    if let Ok(Version { version }) = serde_json::from_slice::<Version>(&bytes)
        && version > FORMAT_VERSION
    {
        return Err(Read::Newer(version));
    }
    serde_json::from_slice::<OnDisk>(&bytes)
        .map(|f| f.profiles)
        .map_err(|e| Read::Damaged(e.to_string()))
}

fn backup_path(path: &Path) -> PathBuf {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".broken-{stamp}"));
    path.with_file_name(name)
}

/// The list as the file holds it, replacing the file atomically.
fn write_atomically(path: &Path, profiles: &[Profile]) -> std::io::Result<()> {
    let json = serde_json::to_vec_pretty(&OnDisk {
        version: FORMAT_VERSION,
        profiles: profiles.to_vec(),
    })
    .map_err(std::io::Error::other)?;
    crate::store::files::replace_atomically(path, &json)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_in(dir: &tempfile::TempDir) -> ProfileFile {
        ProfileFile::new(dir.path().join("nested").join(FILE))
    }

    fn names(list: &[Profile]) -> Vec<&str> {
        list.iter().map(|p| p.name.as_str()).collect()
    }

    #[test]
    fn changes_round_trip_atomically() {
        let dir = tempfile::tempdir().expect("tmp");
        let file = file_in(&dir);
        assert!(file.read().profiles.is_empty(), "no file: no profiles");
        let mut p = Profile::new("Connect — staging", "amazon-connect");
        p.claims.insert("sub".into(), "widget-1".into());
        p.lifetime = Some(300);
        file.update(Change::add(p.clone())).expect("add");
        let loaded = file.read();
        assert!(loaded.problem.is_none());
        assert_eq!(loaded.profiles, [p]);
        let leftovers: Vec<_> = std::fs::read_dir(file.path().parent().expect("dir"))
            .expect("list")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
            .collect();
        assert!(leftovers.is_empty(), "no temporary file left behind");
    }

    #[test]
    fn a_change_applies_to_what_is_on_disk_not_to_a_stale_copy() {
        let dir = tempfile::tempdir().expect("tmp");
        let file = file_in(&dir);
        let alpha = Profile::new("Alpha", "intercom");
        file.update(Change::add(alpha.clone())).expect("add");
        // Another process adds Bravo; this one, holding only Alpha, adds Charlie.
        let other = ProfileFile::new(file.path());
        other
            .update(Change::add(Profile::new("Bravo", "intercom")))
            .expect("add");
        let done = file
            .update(Change::add(Profile::new("Charlie", "intercom")))
            .expect("add");
        assert_eq!(names(&done.now.profiles), ["Alpha", "Bravo", "Charlie"]);
        assert_eq!(names(&file.read().profiles), ["Alpha", "Bravo", "Charlie"]);
    }

    #[test]
    fn threads_adding_at_once_lose_nothing() {
        let dir = tempfile::tempdir().expect("tmp");
        let file = file_in(&dir);
        let workers: Vec<_> = (0..4)
            .map(|t| {
                let file = file.clone();
                std::thread::spawn(move || {
                    for i in 0..25 {
                        file.update(Change::add(Profile::new(&format!("t{t}-{i}"), "generic")))
                            .expect("add");
                    }
                })
            })
            .collect();
        for w in workers {
            w.join().expect("join");
        }
        assert_eq!(file.read().profiles.len(), 100);
    }

    #[test]
    fn a_damaged_file_is_kept_as_a_backup() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join(FILE);
        std::fs::write(&path, "{ this is not json").expect("write");
        let loaded = ProfileFile::new(&path).read();
        assert!(loaded.profiles.is_empty());
        let problem = loaded.problem.expect("a problem is reported");
        assert!(
            problem.contains("damaged") && problem.contains(".broken-"),
            "{problem}"
        );
        let backups: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("profiles.json.broken-")
            })
            .collect();
        assert_eq!(backups.len(), 1);
        assert_eq!(
            std::fs::read_to_string(backups[0].path()).ok().as_deref(),
            Some("{ this is not json")
        );
    }

    #[test]
    fn a_newer_format_is_read_but_never_overwritten() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join(FILE);
        let newer = r#"{"version": 7, "profiles": [], "things": "from the future"}"#;
        std::fs::write(&path, newer).expect("write");
        let file = ProfileFile::new(&path);
        assert!(file.read().problem.is_some_and(|p| p.contains("newer")));
        let err = file
            .update(Change::add(Profile::new("x", "generic")))
            .expect_err("refused");
        assert!(err.to_string().contains("format 7"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).ok().as_deref(), Some(newer));
    }

    #[test]
    fn fields_from_a_newer_version_survive_a_change() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join(FILE);
        std::fs::write(
            &path,
            r#"{"version": 1, "profiles": [{"id": "a1", "name": "A", "preset": "generic", "colour": "teal"}]}"#,
        )
        .expect("write");
        let file = ProfileFile::new(&path);
        file.update(Change::add(Profile::new("B", "generic")))
            .expect("add");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains("\"colour\": \"teal\""), "{text}");
    }
}
