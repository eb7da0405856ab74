//! Logging: the window writes to a size-bounded, rotated file in the data folder (failed
//! edits, refused files, panics); the command line writes to stderr when asked (`-v`).

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use tracing::Level;

/// Where log lines go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The rotated log file in the data folder (the window).
    File,
    /// Standard error, at a verbosity counted from `-v` flags (0: nothing).
    Stderr {
        /// How many `-v` flags were given.
        verbosity: u8,
    },
}

/// A log file is rotated when it passes this size …
const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// … and this many older files are kept (`tamga.1.log` is the newest of them).
const KEEP_FILES: usize = 3;

static LOG_DIR: OnceLock<PathBuf> = OnceLock::new();

/// The folder the window's log files are written to (created when logging starts).
pub fn log_dir() -> Option<PathBuf> {
    LOG_DIR
        .get()
        .cloned()
        .or_else(|| crate::config::data_dir().map(|d| d.join("logs")))
}

/// The current log file.
pub fn log_file() -> Option<PathBuf> {
    log_dir().map(|d| d.join("tamga.log"))
}

/// Installs the global subscriber and a panic hook that logs panics. Safe to call twice (the
/// second call does nothing).
pub fn init(target: Target) {
    let installed = match target {
        Target::Stderr { verbosity: 0 } => return,
        Target::Stderr { verbosity } => {
            let level = match verbosity {
                1 => Level::INFO,
                2 => Level::DEBUG,
                _ => Level::TRACE,
            };
            tracing_subscriber::fmt()
                .with_writer(std::io::stderr)
                .with_max_level(level)
                .with_ansi(false)
                .with_target(false)
                .try_init()
                .is_ok()
        }
        Target::File => {
            let Some(dir) = log_dir() else {
                return;
            };
            let Ok(writer) = RotatingFile::open(&dir) else {
                return;
            };
            let _ = LOG_DIR.set(dir);
            tracing_subscriber::fmt()
                .with_writer(writer)
                .with_max_level(Level::INFO)
                .with_ansi(false)
                .try_init()
                .is_ok()
        }
    };
    if installed {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let backtrace = std::backtrace::Backtrace::force_capture();
            tracing::error!("panic: {info}\n{backtrace}");
            previous(info);
        }));
    }
}

/// A log file that starts a new file when it grows past [`MAX_FILE_BYTES`] and keeps
/// [`KEEP_FILES`] old ones, so the folder never holds more than a few megabytes.
#[derive(Clone)]
pub struct RotatingFile {
    inner: Arc<Mutex<Rotating>>,
}

struct Rotating {
    dir: PathBuf,
    file: File,
    written: u64,
}

impl RotatingFile {
    /// Opens (appending to) `dir/tamga.log`, creating the folder.
    pub fn open(dir: &Path) -> std::io::Result<RotatingFile> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join("tamga.log");
        let file = OpenOptions::new().create(true).append(true).open(&path)?;
        let written = file.metadata()?.len();
        Ok(RotatingFile {
            inner: Arc::new(Mutex::new(Rotating {
                dir: dir.to_owned(),
                file,
                written,
            })),
        })
    }
}

impl Rotating {
    fn rotate(&mut self) -> std::io::Result<()> {
        let name = |i: usize| {
            if i == 0 {
                self.dir.join("tamga.log")
            } else {
                self.dir.join(format!("tamga.{i}.log"))
            }
        };
        let _ = std::fs::remove_file(name(KEEP_FILES));
        for i in (0..KEEP_FILES).rev() {
            let from = name(i);
            if from.exists() {
                std::fs::rename(&from, name(i + 1))?;
            }
        }
        self.file = OpenOptions::new().create(true).append(true).open(name(0))?;
        self.written = 0;
        Ok(())
    }
}

impl Write for RotatingFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut inner = self
            .inner
            .lock()
            .map_err(|_| std::io::Error::other("log lock poisoned"))?;
        if inner.written + buf.len() as u64 > MAX_FILE_BYTES && inner.written > 0 {
            inner.rotate()?;
        }
        let n = inner.file.write(buf)?;
        inner.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.inner.lock() {
            Ok(mut inner) => inner.file.flush(),
            Err(_) => Ok(()),
        }
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for RotatingFile {
    type Writer = RotatingFile;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_rotates_and_stays_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = RotatingFile::open(dir.path()).unwrap();
        let line = vec![b'x'; 1000];
        for _ in 0..6_000 {
            log.write_all(&line).unwrap();
        }
        let mut total = 0;
        let mut files = 0;
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let entry = entry.unwrap();
            total += entry.metadata().unwrap().len();
            files += 1;
        }
        assert_eq!(files, KEEP_FILES + 1);
        assert!(total <= (KEEP_FILES as u64 + 1) * MAX_FILE_BYTES, "{total}");
        assert!(dir.path().join("tamga.3.log").exists());
        assert!(!dir.path().join("tamga.4.log").exists());
    }
}
