//! Opening and creating project files: checks that refuse foreign, damaged or newer files
//! without writing to them, the OS lock, and step-by-step migrations.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{Result, Store, StoreError};

/// `PRAGMA application_id` of every Tamga project: "TAMG" in ASCII.
pub const APPLICATION_ID: i64 = 0x5441_4D47;

/// Append-only migrations; migration `i` takes the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_provenance_and_search.sql"),
    include_str!("migrations/0003_coding_span_index.sql"),
    include_str!("migrations/0004_attributes.sql"),
];

/// The schema version this Tamga writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// An exclusive OS lock on a sidecar file `.NAME.tamga.lock`, held while the project is open.
///
/// The lock is not taken on the database file itself: on Windows such locks are mandatory and
/// would block `SQLite`'s own reads, and on Unix `SQLite`'s POSIX locks would interact with it.
#[derive(Debug)]
pub(super) struct ProjectLock {
    file: File,
}

impl Drop for ProjectLock {
    fn drop(&mut self) {
        // The lock file stays: deleting it would let a third process lock a new file under the
        // same name while a second one still holds the old one.
        let _ = self.file.unlock();
    }
}

fn lock_path(project: &Path) -> PathBuf {
    let name = project
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    project.with_file_name(format!(".{name}.lock"))
}

fn take_lock(project: &Path) -> Result<ProjectLock> {
    let path = lock_path(project);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| StoreError::Io {
            reason: format!("cannot create the lock file beside the project ({e})"),
            path: path.clone(),
        })?;
    match file.try_lock() {
        Ok(()) => Ok(ProjectLock { file }),
        Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::Locked(project.to_owned())),
        Err(std::fs::TryLockError::Error(e)) => Err(StoreError::Io {
            reason: format!("cannot lock the project ({e})"),
            path: project.to_owned(),
        }),
    }
}

fn configure(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.busy_timeout(std::time::Duration::from_secs(2))?;
    Ok(())
}

fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Applies the migrations after `from` in one transaction.
fn migrate(conn: &mut Connection, from: i64) -> Result<()> {
    if from >= SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for sql in &MIGRATIONS[from as usize..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.commit()?;
    Ok(())
}

fn damaged(path: &Path, e: &rusqlite::Error) -> StoreError {
    StoreError::Damaged {
        path: path.to_owned(),
        detail: e.to_string(),
    }
}

impl Store {
    /// Creates a new, empty project at `path`, named `name`. Refuses to overwrite.
    pub fn create(path: &Path, name: &str) -> Result<Store> {
        Self::create_at_version(path, name, SCHEMA_VERSION)
    }

    /// Creates a project with only the first `version` migrations (for migration tests and
    /// fixtures). It is locked and open like any other project.
    pub fn create_at_version(path: &Path, name: &str, version: i64) -> Result<Store> {
        if path.exists() {
            return Err(StoreError::AlreadyExists(path.to_owned()));
        }
        let lock = take_lock(path)?;
        // Build the file under a temporary name, then move it into place, so a crash never
        // leaves a half-made project under the requested name.
        let tmp = path.with_file_name(format!(
            ".{}.creating",
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        let _ = std::fs::remove_file(&tmp);
        {
            let mut conn = Connection::open(&tmp).map_err(|e| StoreError::Io {
                reason: format!("cannot create the project file ({e})"),
                path: path.to_owned(),
            })?;
            configure(&conn)?;
            let tx = conn.transaction()?;
            for sql in &MIGRATIONS[..version as usize] {
                tx.execute_batch(sql)?;
            }
            tx.pragma_update(None, "user_version", version)?;
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
            tx.execute(
                "INSERT INTO project (key, value) VALUES ('name', ?1), ('created_at', ?2), ('guid', ?3)",
                (name, super::now_timestamp(), super::new_guid()),
            )?;
            tx.commit()?;
        }
        std::fs::rename(&tmp, path).map_err(|e| StoreError::Io {
            reason: format!("cannot move the new project into place ({e})"),
            path: path.to_owned(),
        })?;
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        configure(&conn)?;
        Ok(Store {
            conn,
            path: path.to_owned(),
            _lock: lock,
        })
    }

    /// Opens an existing project. A file that is not a Tamga project, is damaged, or was
    /// written by a newer Tamga is refused before anything is written to it.
    pub fn open(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_owned()));
        }
        let lock = take_lock(path)?;
        let mut conn = Self::open_checked(path)?;
        let version = user_version(&conn).map_err(|e| damaged(path, &e))?;
        migrate(&mut conn, version)?;
        Ok(Store {
            conn,
            path: path.to_owned(),
            _lock: lock,
        })
    }

    /// Checks, then a read-write connection. Writes nothing to a refused file.
    ///
    /// The `SQLite` header is read by hand first (magic, application id), so a foreign file is
    /// refused without `SQLite` touching it. Only a Tamga file is opened read-write: if a crash
    /// left a hot journal, `SQLite` rolls it back on that first read, which restores the last
    /// committed state — a read-only connection could not, and would mistake it for damage.
    fn open_checked(path: &Path) -> Result<Connection> {
        let mut header = [0u8; 100];
        let mut file = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(StoreError::Missing(path.to_owned()));
            }
            Err(e) => {
                return Err(StoreError::Io {
                    reason: format!("cannot read the project file ({e})"),
                    path: path.to_owned(),
                });
            }
        };
        let mut read = 0;
        while read < header.len() {
            match file.read(&mut header[read..]) {
                Ok(0) => break,
                Ok(n) => read += n,
                Err(e) => {
                    return Err(StoreError::Io {
                        reason: format!("cannot read the project file ({e})"),
                        path: path.to_owned(),
                    });
                }
            }
        }
        drop(file);
        if read < 16 || &header[..16] != SQLITE_MAGIC {
            return Err(StoreError::NotSqlite(path.to_owned()));
        }
        if read < 100 {
            return Err(StoreError::Damaged {
                path: path.to_owned(),
                detail: "the file is cut short".to_owned(),
            });
        }
        let app_id = i64::from(u32::from_be_bytes([
            header[68], header[69], header[70], header[71],
        ]));
        if app_id != APPLICATION_ID {
            return Err(StoreError::NotTamga(path.to_owned()));
        }
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
            .map_err(|e| damaged(path, &e))?;
        let version = user_version(&conn).map_err(|e| damaged(path, &e))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: path.to_owned(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        let check: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(|e| damaged(path, &e))?;
        if check != "ok" {
            return Err(StoreError::Damaged {
                path: path.to_owned(),
                detail: check.lines().next().unwrap_or_default().to_owned(),
            });
        }
        configure(&conn)?;
        Ok(conn)
    }

    /// Schema of the open file, for comparing an upgraded file with a fresh one.
    pub fn schema_sql(&self) -> Result<Vec<(String, String, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT type, name, ifnull(sql, '') FROM sqlite_schema ORDER BY type, name")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The schema version recorded in the file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(user_version(&self.conn)?)
    }
}
