//! The only module that speaks SQL: opening and creating project files, migrations, typed
//! queries, and `apply(edit) -> inverse`.

mod apply;
mod attributes;
mod corrections;
mod open;
mod queries;
mod resolutions;
pub mod sync;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use apply::sha256_hex;
pub use open::{APPLICATION_ID, SCHEMA_VERSION};
pub use queries::{
    CodeCount, CoderSpan, CodingFilter, CodingNote, DocumentStamp, DocumentSummary, DocumentText,
    ProjectInfo, Rejection,
};
pub use resolutions::ResolutionRecord;

/// Errors from the project file. Messages give the reason first and the path last.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file does not start with the `SQLite` header: some other kind of file.
    #[error("not a Tamga project (not an SQLite database): {}", .0.display())]
    NotSqlite(PathBuf),
    /// An `SQLite` database whose application id is not Tamga's.
    #[error("not a Tamga project (an SQLite database of another program): {}", .0.display())]
    NotTamga(PathBuf),
    /// The file is cut short or fails `SQLite`'s checks; it is left as it is.
    #[error("the project file is damaged ({detail}); nothing was changed — open a backup copy instead: {}", .path.display())]
    Damaged {
        /// The project file.
        path: PathBuf,
        /// What is wrong, as `SQLite` or the check reported it.
        detail: String,
    },
    /// The file's format version is newer than this Tamga knows.
    #[error(
        "written by a newer Tamga (project format {found}, this Tamga reads up to {supported}); install a newer Tamga to open it: {}",
        .path.display()
    )]
    TooNew {
        /// The project file.
        path: PathBuf,
        /// The file's format version (`PRAGMA user_version`).
        found: i64,
        /// The newest format version this Tamga reads ([`SCHEMA_VERSION`]).
        supported: i64,
    },
    /// The file's tables, indexes, triggers or views differ from what Tamga's migrations make.
    #[error(
        "the file carries a part Tamga did not make ({detail}), which could act on its own when the project changes; Tamga does not open it — ask whoever sent it for a clean copy: {}",
        .path.display()
    )]
    Tampered {
        /// The project file.
        path: PathBuf,
        /// The first difference found, e.g. "it carries an extra trigger “x”".
        detail: String,
    },
    /// Another Tamga process holds the project's write lock.
    #[error("already open in another Tamga window or process; close it there first: {}", .0.display())]
    Locked(PathBuf),
    /// Opening read-only found a crash's unfinished change, which only a writer can roll back.
    #[error(
        "a crash left the project in the middle of a change, which only opening it for writing can undo; open it in the Tamga window once, then read it again: {}",
        .0.display()
    )]
    NeedsRecovery(PathBuf),
    /// Another process kept the file busy longer than a read-only open waits.
    #[error("the project is busy with a long change elsewhere; try again in a moment: {}", .0.display())]
    Busy(PathBuf),
    /// A change was asked of a project opened read-only.
    #[error("the project is open for reading only; nothing was changed: {}", .0.display())]
    ReadOnly(PathBuf),
    /// Creating or copying a project would overwrite an existing file.
    #[error("a file already exists there; choose another name: {}", .0.display())]
    AlreadyExists(PathBuf),
    /// There is no file at the path given to open.
    #[error("no project file there: {}", .0.display())]
    Missing(PathBuf),
    /// Reading, writing, renaming or locking a file failed.
    #[error("{reason}: {}", .path.display())]
    Io {
        /// What failed and the system's reason, in plain words.
        reason: String,
        /// The file concerned.
        path: PathBuf,
    },
    /// An edit or a value was refused; the message says why (a name taken, a range outside
    /// the document, …). Nothing was changed.
    #[error("{0}")]
    Invalid(String),
    /// An id that names no row in the project.
    #[error("no {kind} with id {id}")]
    NotFound {
        /// What was looked for: "document", "code", "coding", "memo" or "coder".
        kind: &'static str,
        /// The id that was not found.
        id: i64,
    },
    /// Any other failure reported by `SQLite`.
    #[error("project database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// The result of a store operation; fails with a [`StoreError`] by default.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open project file. Opened for writing, it holds the OS lock that keeps other Tamga
/// writers out; opened read-only, it holds no lock and refuses every change.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    lock: Option<std::sync::Arc<open::ProjectLock>>,
    /// Who makes the changes applied through this connection: it signs memo edits and the
    /// codebook's history (registered as a coder with the first of them). Empty: unknown.
    coder: String,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// The project file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Signs later changes (memo edits, the codebook's history) with `name`.
    pub fn set_coder(&mut self, name: &str) {
        name.trim().clone_into(&mut self.coder);
    }

    /// The name later changes are signed with (empty when unknown).
    pub fn coder(&self) -> &str {
        &self.coder
    }

    /// Writes a consistent copy of the whole project to `dest` (`VACUUM INTO`).
    pub fn save_copy(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(StoreError::AlreadyExists(dest.to_owned()));
        }
        let dest_str = dest.to_str().ok_or_else(|| StoreError::Io {
            reason: "the path is not valid Unicode".into(),
            path: dest.to_owned(),
        })?;
        self.conn.execute("VACUUM INTO ?1", [dest_str])?;
        Ok(())
    }

    /// Runs `PRAGMA integrity_check`; `Ok(())` when the file is sound.
    pub fn integrity_check(&self) -> Result<()> {
        let result: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if result == "ok" {
            Ok(())
        } else {
            Err(StoreError::Damaged {
                path: self.path.clone(),
                detail: result,
            })
        }
    }
}

/// Current time as an RFC 3339 UTC timestamp, to the second.
pub fn now_timestamp() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format_timestamp(secs)
}

/// Formats seconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_timestamp(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Seconds since the Unix epoch of a timestamp as [`format_timestamp`] writes it
/// (`YYYY-MM-DDTHH:MM:SSZ`); `None` for anything else.
pub fn parse_timestamp(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[19] != b'Z' {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<i64> { s.get(from..to)?.parse().ok() };
    let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    // Days-from-civil (Howard Hinnant's algorithm), the inverse of `format_timestamp`'s.
    let y = year - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from(days * 86_400 + hour * 3600 + minute * 60 + second).ok()
}

/// A fresh GUID for a new row.
pub fn new_guid() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_rfc3339_utc() {
        assert_eq!(format_timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_timestamp(1_795_359_600), "2026-11-22T15:00:00Z");
        assert_eq!(format_timestamp(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn timestamps_parse_back_to_their_seconds() {
        for secs in [
            0,
            951_782_400,
            1_795_359_600,
            1_795_359_600 + 86_399,
            4_102_444_800,
        ] {
            assert_eq!(parse_timestamp(&format_timestamp(secs)), Some(secs));
        }
        assert_eq!(parse_timestamp("2026-11-22T15:00:00+01:00"), None);
        assert_eq!(parse_timestamp("2026-13-22T15:00:00Z"), None);
        assert_eq!(parse_timestamp(""), None);
    }
}
