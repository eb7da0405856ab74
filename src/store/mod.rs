//! The only module that speaks SQL: opening and creating project files, migrations, typed
//! queries, and `apply(edit) -> inverse`.

mod apply;
mod attributes;
mod open;
mod queries;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use apply::sha256_hex;
pub use open::{APPLICATION_ID, SCHEMA_VERSION};
pub use queries::{CodeCount, CodingFilter, DocumentSummary, DocumentText, ProjectInfo, SearchHit};

/// Errors from the project file. Messages give the reason first and the path last.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not a Tamga project (not an SQLite database): {}", .0.display())]
    NotSqlite(PathBuf),
    #[error("not a Tamga project (an SQLite database of another program): {}", .0.display())]
    NotTamga(PathBuf),
    #[error("the project file is damaged ({detail}); nothing was changed — open a backup copy instead: {}", .path.display())]
    Damaged { path: PathBuf, detail: String },
    #[error(
        "written by a newer Tamga (project format {found}, this Tamga reads up to {supported}); install a newer Tamga to open it: {}",
        .path.display()
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("already open in another Tamga window or process; close it there first: {}", .0.display())]
    Locked(PathBuf),
    #[error("a file already exists there; choose another name: {}", .0.display())]
    AlreadyExists(PathBuf),
    #[error("no project file there: {}", .0.display())]
    Missing(PathBuf),
    #[error("{reason}: {}", .path.display())]
    Io { reason: String, path: PathBuf },
    #[error("{0}")]
    Invalid(String),
    #[error("no {kind} with id {id}")]
    NotFound { kind: &'static str, id: i64 },
    #[error("project database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open project file. Holds the OS lock that keeps other Tamga processes out.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    _lock: open::ProjectLock,
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
}
