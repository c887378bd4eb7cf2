//! A capture to scan (a HAR or log file), mapped into memory rather than read into it, so a
//! 200 MB file costs page cache, not the process's own memory. Standard input is spooled to
//! an unnamed temporary file first, then mapped the same way. Shared by the CLI and the window.

use std::fs::File;
use std::io::Read;
use std::ops::Deref;
use std::path::Path;

use memmap2::Mmap;

/// The bytes of a capture.
pub enum Capture {
    Mapped(Mmap),
    /// An empty file (which can't be mapped).
    Empty,
}

impl Deref for Capture {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Capture::Mapped(m) => m,
            Capture::Empty => &[],
        }
    }
}

/// Why a capture could not be read, in words.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CaptureError(pub String);

fn reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    text.split(" (os error")
        .next()
        .unwrap_or(&text)
        .to_lowercase()
}

impl Capture {
    /// Maps the file at `path`.
    pub fn open(path: &Path) -> Result<Capture, CaptureError> {
        let shown = path.display();
        let file = File::open(path)
            .map_err(|e| CaptureError(format!("{shown}: can't open: {}", reason(&e))))?;
        let meta = file
            .metadata()
            .map_err(|e| CaptureError(format!("{shown}: can't read: {}", reason(&e))))?;
        if meta.is_dir() {
            return Err(CaptureError(format!("{shown}: is a folder, not a file")));
        }
        if !meta.is_file() {
            // A pipe, `<(zcat …)`, /dev/stdin, /proc: no length to map; copy it first.
            let mut file = file;
            return Self::spool(&mut file);
        }
        Self::map(&file).map_err(|e| CaptureError(format!("{shown}: can't read: {}", reason(&e))))
    }

    /// Spools `input` (standard input) to an unnamed temporary file and maps it.
    pub fn spool(input: &mut dyn Read) -> Result<Capture, CaptureError> {
        let mut file = tempfile::tempfile().map_err(|e| {
            CaptureError(format!(
                "can't make a temporary file for standard input: {}",
                reason(&e)
            ))
        })?;
        std::io::copy(input, &mut file)
            .map_err(|e| CaptureError(format!("can't read standard input: {}", reason(&e))))?;
        Self::map(&file)
            .map_err(|e| CaptureError(format!("can't read standard input: {}", reason(&e))))
    }

    fn map(file: &File) -> std::io::Result<Capture> {
        if file.metadata()?.len() == 0 {
            return Ok(Capture::Empty);
        }
        // SAFETY: the map is read-only and private to this process. Another process
        // truncating the file while it is scanned could fault the read; a scan is a short
        // read of a file the user chose, the same contract ripgrep's mapped search accepts.
        #[allow(unsafe_code)]
        let map = unsafe { Mmap::map(file)? };
        #[cfg(unix)]
        let _ = map.advise(memmap2::Advice::Sequential);
        Ok(Capture::Mapped(map))
    }
}
