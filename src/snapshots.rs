//! Rolling snapshots: consistent copies of a project taken when it is opened for writing and
//! every hour while it changes, kept in the data folder (bounded in number and size), so that
//! yesterday's mistake can be undone after the window was closed. Restoring never overwrites
//! the project: it copies the snapshot beside it under a new name.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::store::{Store, StoreError};

/// At most this many snapshots are kept per project …
pub const KEEP: usize = 10;
/// … and the oldest are dropped while they take more than this many bytes together (the
/// newest is always kept).
pub const MAX_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// While a project changes, a snapshot is taken at most this often.
pub const INTERVAL: std::time::Duration = std::time::Duration::from_hours(1);

/// One kept snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// The snapshot file.
    pub path: PathBuf,
    /// When it was taken, as `YYYY-MM-DDTHH:MM:SSZ`.
    pub taken_at: String,
    /// Its size in bytes.
    pub bytes: u64,
}

/// The folder for one project's snapshots, named by the project's GUID.
pub fn folder(data_dir: &Path, project_guid: &str) -> PathBuf {
    let safe: String = project_guid
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    data_dir
        .join("snapshots")
        .join(if safe.is_empty() { "unnamed" } else { &safe })
}

/// Takes a snapshot of `project` into `folder` and prunes the old ones. Reads the project
/// through a connection of its own, so it can run on a worker thread.
pub fn take(project: &Path, folder: &Path) -> Result<Snapshot, StoreError> {
    std::fs::create_dir_all(folder).map_err(|e| StoreError::Io {
        reason: format!("cannot create the snapshot folder ({e})"),
        path: folder.to_owned(),
    })?;
    let taken_at = crate::store::now_timestamp();
    let stem = taken_at.replace(':', "-");
    let mut dest = folder.join(format!("{stem}.tamga"));
    let mut n = 1;
    while dest.exists() {
        n += 1;
        dest = folder.join(format!("{stem} ({n}).tamga"));
    }
    let partial = dest.with_extension("tamga.part");
    let _ = std::fs::remove_file(&partial);
    Store::copy_to(project, &partial)?;
    std::fs::rename(&partial, &dest).map_err(|e| StoreError::Io {
        reason: format!("cannot put the snapshot in place ({e})"),
        path: dest.clone(),
    })?;
    prune(folder, KEEP, MAX_BYTES);
    let bytes = std::fs::metadata(&dest).map_or(0, |m| m.len());
    Ok(Snapshot {
        path: dest,
        taken_at,
        bytes,
    })
}

/// Snapshots in `folder`, newest first.
pub fn list(folder: &Path) -> Vec<Snapshot> {
    let Ok(read) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut found: Vec<(SystemTime, Snapshot)> = read
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "tamga"))
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            let path = e.path();
            let stem = path.file_stem()?.to_string_lossy().into_owned();
            // "2026-11-30T14-00-00Z" back to "2026-11-30T14:00:00Z".
            let taken_at = match stem.split_once('T') {
                Some((day, time)) => {
                    let time = time.split(' ').next().unwrap_or(time).replace('-', ":");
                    format!("{day}T{time}")
                }
                None => stem,
            };
            Some((
                meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                Snapshot {
                    path,
                    taken_at,
                    bytes: meta.len(),
                },
            ))
        })
        .collect();
    found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.path.cmp(&a.1.path)));
    found.into_iter().map(|(_, s)| s).collect()
}

/// Deletes the oldest snapshots beyond `keep`, then while together they pass `max_bytes`
/// (always keeping the newest).
pub fn prune(folder: &Path, keep: usize, max_bytes: u64) {
    let all = list(folder);
    let mut total = 0u64;
    for (i, snap) in all.iter().enumerate() {
        total += snap.bytes;
        if i > 0
            && (i >= keep || total > max_bytes)
            && let Err(e) = std::fs::remove_file(&snap.path)
        {
            tracing::warn!(
                "cannot remove an old snapshot ({e}): {}",
                snap.path.display()
            );
        }
    }
}

/// Copies `snapshot` beside `project` as "NAME (snapshot YYYY-MM-DD HH-MM).tamga" (with a
/// number if that exists) and returns the copy's path. The project is never touched.
pub fn restore_beside(snapshot: &Snapshot, project: &Path) -> Result<PathBuf, StoreError> {
    let stem = project.file_stem().map_or_else(
        || "project".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    let when: String = snapshot
        .taken_at
        .replace('T', " ")
        .chars()
        .take(16)
        .collect::<String>()
        .replace(':', "-");
    let dir = project.parent().unwrap_or_else(|| Path::new("."));
    let mut dest = dir.join(format!("{stem} (snapshot {when}).tamga"));
    let mut n = 1;
    while dest.exists() {
        n += 1;
        dest = dir.join(format!("{stem} (snapshot {when}, {n}).tamga"));
    }
    // Through SQLite rather than a byte copy, so the copy is whole even if it is read later.
    Store::copy_to(&snapshot.path, &dest)?;
    Ok(dest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Edit, NewDocument};
    use crate::project::Project;

    fn project_with_one_document(dir: &Path) -> PathBuf {
        let path = dir.join("field.tamga");
        let mut project = Project::create(&path, "Field", "A").unwrap();
        project
            .execute(Edit::ImportDocument(NewDocument {
                name: "interview".into(),
                text: "Біз келдік.".into(),
                original_name: "i.txt".into(),
                format: "txt".into(),
                encoding: "UTF-8".into(),
                source: Vec::new(),
                pages: Vec::new(),
            }))
            .unwrap();
        path
    }

    #[test]
    fn a_snapshot_opens_and_restoring_never_overwrites_the_project() {
        let dir = tempfile::tempdir().unwrap();
        let path = project_with_one_document(dir.path());
        let project = Project::open(&path, "A").unwrap();
        let folder = folder(
            &dir.path().join("data"),
            &project.store().project_guid().unwrap(),
        );
        // Taken while the project is open for writing.
        let snap = take(&path, &folder).unwrap();
        drop(project);
        assert_eq!(list(&folder), vec![snap.clone()]);
        let bytes = std::fs::read(&path).unwrap();
        let copy = restore_beside(&snap, &path).unwrap();
        let copy2 = restore_beside(&snap, &path).unwrap();
        assert_ne!(copy, copy2);
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
        let restored = Project::open_read_only(&copy).unwrap();
        assert_eq!(restored.store().document_summaries().unwrap().len(), 1);
    }

    #[test]
    fn old_snapshots_are_pruned_to_the_count_and_size_bounds() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..6 {
            let p = dir.path().join(format!("2026-01-0{i}T00-00-00Z.tamga"));
            std::fs::write(&p, vec![0u8; 1000]).unwrap();
            let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000 + i);
            std::fs::File::options()
                .write(true)
                .open(&p)
                .unwrap()
                .set_modified(t)
                .unwrap();
        }
        prune(dir.path(), 4, 10_000);
        let left: Vec<String> = list(dir.path())
            .iter()
            .map(|s| s.taken_at.clone())
            .collect();
        assert_eq!(
            left,
            [
                "2026-01-05T00:00:00Z",
                "2026-01-04T00:00:00Z",
                "2026-01-03T00:00:00Z",
                "2026-01-02T00:00:00Z"
            ]
        );
        prune(dir.path(), 4, 2_500);
        assert_eq!(list(dir.path()).len(), 2);
        prune(dir.path(), 4, 10);
        assert_eq!(list(dir.path()).len(), 1, "the newest is always kept");
    }
}
