//! Opening and creating project files: checks that refuse foreign, damaged, newer or tampered
//! files without writing to them, the OS lock for writers, read-only opening for readers, and
//! step-by-step migrations.

use std::collections::BTreeSet;
use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};

use super::{Result, Store, StoreError};

/// `PRAGMA application_id` of every Tamga project: "TAMG" in ASCII.
pub const APPLICATION_ID: i64 = 0x5441_4D47;

/// Append-only migrations; migration `i` takes the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_provenance_and_search.sql"),
    include_str!("migrations/0003_coding_span_index.sql"),
    include_str!("migrations/0004_search.sql"),
    include_str!("migrations/0005_attributes.sql"),
    include_str!("migrations/0006_pages.sql"),
    include_str!("migrations/0007_memos.sql"),
    include_str!("migrations/0008_corrections.sql"),
    include_str!("migrations/0009_document_direction.sql"),
    include_str!("migrations/0010_disagreement_resolutions.sql"),
    include_str!("migrations/0011_hub.sql"),
];

/// The schema version this Tamga writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// An exclusive OS lock on a sidecar file `.NAME.tamga.lock`, held while the project is open
/// for writing. Readers take no lock: it guards writers from each other, not from readers.
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

/// Settings every connection gets before it reads anything: nothing stored in a file may run
/// functions or touch virtual tables on its own (`trusted_schema` off), and the schema cannot be
/// changed behind `SQLite`'s back (defensive mode).
fn harden(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    Ok(())
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

/// One object of a schema: type, name, table and its SQL.
type SchemaObject = (String, String, String, String);

fn schema_objects(conn: &Connection) -> rusqlite::Result<BTreeSet<SchemaObject>> {
    let mut stmt =
        conn.prepare("SELECT type, name, tbl_name, ifnull(sql, '') FROM sqlite_schema")?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect()
}

/// The schema that the first `version` migrations make, built once in memory.
fn expected_schema(version: i64) -> Result<&'static BTreeSet<SchemaObject>> {
    static SCHEMAS: OnceLock<Vec<BTreeSet<SchemaObject>>> = OnceLock::new();
    if let Some(all) = SCHEMAS.get() {
        return all
            .get(version as usize)
            .ok_or_else(|| StoreError::Invalid(format!("no schema version {version}")));
    }
    let mut all = Vec::with_capacity(MIGRATIONS.len() + 1);
    let conn = Connection::open_in_memory()?;
    all.push(schema_objects(&conn)?);
    for sql in MIGRATIONS {
        conn.execute_batch(sql)?;
        all.push(schema_objects(&conn)?);
    }
    let all = SCHEMAS.get_or_init(|| all);
    all.get(version as usize)
        .ok_or_else(|| StoreError::Invalid(format!("no schema version {version}")))
}

/// Refuses a file whose tables, indexes, triggers or views are not exactly those its version
/// of Tamga made: an added trigger or view could act on its own when Tamga writes.
fn verify_schema(conn: &Connection, version: i64, path: &Path) -> Result<()> {
    let found = schema_objects(conn).map_err(|e| damaged(path, &e))?;
    let expected = expected_schema(version)?;
    if &found == expected {
        return Ok(());
    }
    let describe = |(kind, name, ..): &SchemaObject| format!("{kind} “{name}”");
    let detail = if let Some(extra) = found.iter().find(|o| !expected.contains(*o)) {
        let changed = expected.iter().any(|e| e.0 == extra.0 && e.1 == extra.1);
        if changed {
            format!("its {} was altered", describe(extra))
        } else {
            format!("it carries an extra {}", describe(extra))
        }
    } else if let Some(missing) = expected.iter().find(|o| !found.contains(*o)) {
        format!("its {} is missing", describe(missing))
    } else {
        "its structure differs".to_owned()
    };
    Err(StoreError::Tampered {
        path: path.to_owned(),
        detail,
    })
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

/// Reads the first 100 bytes by hand and refuses anything that is not a Tamga project, before
/// `SQLite` touches the file.
fn check_header(path: &Path) -> Result<()> {
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
    Ok(())
}

/// The version, schema and `quick_check` of an open connection; returns the version.
fn check_contents(conn: &Connection, path: &Path) -> Result<i64> {
    let version = user_version(conn).map_err(|e| read_error(path, &e))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_owned(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    verify_schema(conn, version, path)?;
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| read_error(path, &e))?;
    if check != "ok" {
        return Err(StoreError::Damaged {
            path: path.to_owned(),
            detail: check.lines().next().unwrap_or_default().to_owned(),
        });
    }
    Ok(version)
}

/// A read on a read-only connection that failed: a crash left a journal only a writer can roll
/// back, or the file is damaged.
fn read_error(path: &Path, e: &rusqlite::Error) -> StoreError {
    match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_READONLY_ROLLBACK
                || f.extended_code == rusqlite::ffi::SQLITE_READONLY_RECOVERY =>
        {
            StoreError::NeedsRecovery(path.to_owned())
        }
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DatabaseBusy => {
            StoreError::Busy(path.to_owned())
        }
        _ => damaged(path, e),
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
            harden(&conn)?;
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
        harden(&conn)?;
        configure(&conn)?;
        Ok(Store {
            conn,
            path: path.to_owned(),
            lock: Some(std::sync::Arc::new(lock)),
            coder: String::new(),
        })
    }

    /// A second connection to this project for writing from another thread (memo typing is
    /// committed off the window's thread). It shares this store's lock; a read-only store
    /// gives a read-only companion.
    pub fn companion(&self) -> Result<Store> {
        let flags = if self.lock.is_some() {
            OpenFlags::SQLITE_OPEN_READ_WRITE
        } else {
            OpenFlags::SQLITE_OPEN_READ_ONLY
        };
        let conn =
            Connection::open_with_flags(&self.path, flags).map_err(|e| damaged(&self.path, &e))?;
        harden(&conn).map_err(|e| damaged(&self.path, &e))?;
        configure(&conn)?;
        Ok(Store {
            conn,
            path: self.path.clone(),
            lock: self.lock.clone(),
            coder: self.coder.clone(),
        })
    }

    /// Opens an existing project for writing. A file that is not a Tamga project, is damaged,
    /// was written by a newer Tamga, or carries schema objects Tamga did not make is refused
    /// before anything is written to it. An older project is upgraded in one transaction.
    pub fn open(path: &Path) -> Result<Store> {
        check_header(path)?;
        let lock = take_lock(path)?;
        // Only a Tamga file is opened read-write: if a crash left a hot journal, SQLite rolls it
        // back on the first read, which restores the last committed state.
        let mut conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
            .map_err(|e| damaged(path, &e))?;
        harden(&conn).map_err(|e| damaged(path, &e))?;
        let version = check_contents(&conn, path)?;
        configure(&conn)?;
        migrate(&mut conn, version)?;
        Ok(Store {
            conn,
            path: path.to_owned(),
            lock: Some(std::sync::Arc::new(lock)),
            coder: String::new(),
        })
    }

    /// Opens a project for reading only: nothing is written to the file or beside it (no lock
    /// file), so it works on a read-only file or medium and while the project is open for
    /// writing elsewhere. A project of an older version is upgraded in a copy in memory; the file
    /// keeps its version. Every change through [`Store::apply`] is refused.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        check_header(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| damaged(path, &e))?;
        harden(&conn).map_err(|e| damaged(path, &e))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let version = check_contents(&conn, path)?;
        let conn = if version < SCHEMA_VERSION {
            let mut memory = Connection::open_in_memory()?;
            harden(&memory)?;
            {
                let backup = rusqlite::backup::Backup::new(&conn, &mut memory)?;
                backup
                    .run_to_completion(256, std::time::Duration::ZERO, None)
                    .map_err(|e| read_error(path, &e))?;
            }
            migrate(&mut memory, version)?;
            memory
        } else {
            conn
        };
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "query_only", true)?;
        Ok(Store {
            conn,
            path: path.to_owned(),
            lock: None,
            coder: String::new(),
        })
    }

    /// Writes a consistent copy of the project at `path` to `dest` (`VACUUM INTO`) through a
    /// connection of its own that only reads, so it can run on a worker thread while the
    /// project is open for writing. `dest` must not exist.
    pub fn copy_to(path: &Path, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(StoreError::AlreadyExists(dest.to_owned()));
        }
        let dest_str = dest.to_str().ok_or_else(|| StoreError::Io {
            reason: "the path is not valid Unicode".into(),
            path: dest.to_owned(),
        })?;
        check_header(path)?;
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| damaged(path, &e))?;
        harden(&conn).map_err(|e| damaged(path, &e))?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.execute("VACUUM INTO ?1", [dest_str])
            .map_err(|e| read_error(path, &e))?;
        Ok(())
    }

    /// Whether this store was opened read-only.
    pub fn is_read_only(&self) -> bool {
        self.lock.is_none()
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
