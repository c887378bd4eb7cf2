//! How every file of the user's is changed: under an exclusive advisory lock on a `.lock`
//! file beside it (the operating system's `flock`/`LockFileEx` through `std::fs::File::lock`,
//! released when the process ends, however it ends), and replaced atomically (a temporary
//! file beside it, flushed, renamed over it, the folder flushed).
//!
//! Everything tokenbench writes is its user's alone: files are created 0600 and made so
//! again on every write (a replace makes a new file), folders it creates are 0700. A file
//! that exists but can't be read is never treated as empty: [`check_readable`] stops the
//! change first.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

/// Creates `dir` and its missing parents, each new folder its owner's alone (0700).
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Options that create a file readable and writable by its owner only (0600).
pub fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// Makes an open file its owner's alone again (a user's or an older version's 0644 undone).
pub fn keep_private(file: &File) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if file.metadata()?.permissions().mode() & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

/// Makes the file at `path` exist and be its owner's alone, its folder created 0700: for a
/// file another library rewrites in place (eframe's saved window settings), which then
/// keeps the mode.
pub fn prepare_private(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        create_private_dir(dir)?;
    }
    let file = private_options().create(true).append(true).open(path)?;
    keep_private(&file)
}

/// Writes `bytes` to `path` (created or truncated), readable by its owner only: exports
/// and saved files the user chose the place of.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = private_options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)?;
    keep_private(&file)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Ok when `path` is missing or can be read; the reason otherwise. A change to a file that
/// exists but can't be read (permissions, an I/O error) must stop, never start afresh.
pub fn check_readable(path: &Path) -> std::io::Result<()> {
    match File::open(path) {
        Ok(f) if f.metadata()?.is_dir() => Err(std::io::Error::other("it is a folder")),
        Ok(mut f) => {
            // Opening can succeed where reading fails (an I/O error): read a byte.
            let mut byte = [0u8; 1];
            std::io::Read::read(&mut f, &mut byte).map(|_| ())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// How long a change waits for another process holding the lock.
pub const LOCK_WAIT: Duration = Duration::from_secs(10);

/// Takes the exclusive lock of `path` (on `path.lock`), waiting up to [`LOCK_WAIT`]; held
/// until the returned file is dropped.
pub fn lock_beside(path: &Path) -> std::io::Result<File> {
    if let Some(dir) = path.parent() {
        create_private_dir(dir)?;
    }
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    let file = private_options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path.with_file_name(name))?;
    keep_private(&file)?;
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < LOCK_WAIT => {
                std::thread::sleep(Duration::from_millis(2));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(std::io::Error::other(format!(
                    "{} stayed locked by another tokenbench process for {} s",
                    path.display(),
                    LOCK_WAIT.as_secs()
                )));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        }
    }
}

/// Replaces `path` with `bytes`: a temporary file beside it (0600), flushed to disk, renamed
/// over it.
pub fn replace_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    create_private_dir(dir)?;
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(
        ".tmp-{}-{}",
        std::process::id(),
        super::profiles::new_id()
    ));
    let tmp = path.with_file_name(name);
    let written = (|| {
        let mut f = private_options().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written?;
    // The rename itself reaches the disk with the directory (Unix; a no-op elsewhere).
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// io::Error's Display adds "(os error 2)"; people want the first part.
pub fn io_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_lowercase(),
        None => text.to_lowercase(),
    }
}
