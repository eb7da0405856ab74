//! Work that must not freeze the window: exports and snapshots run on worker threads, each
//! reading the project through a read-only connection of its own, while the window keeps
//! drawing. An export can be cancelled until its file is put in place; a cancelled export
//! leaves nothing behind.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::domain::DocumentId;
use crate::export::Format;
use crate::project::Project;
use crate::retrieval::Query;

/// What to export.
#[derive(Debug, Clone, PartialEq)]
pub enum ExportWhat {
    /// The excerpts a query retrieves.
    Excerpts(Query),
    /// The whole codebook.
    Codebook,
    /// One whole document with its coded passages.
    Document(DocumentId),
    /// The memos that pass this filter, grouped by kind.
    Memos(crate::memos::MemoFilter),
}

/// How far an export has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading the project: retrieving excerpts, the codebook or the document.
    Reading,
    /// Turning what was read into the file's bytes.
    Writing,
    /// Putting the file in place on disk.
    Saving,
}

impl Stage {
    fn from_u8(v: u8) -> Stage {
        match v {
            0 => Stage::Reading,
            1 => Stage::Writing,
            _ => Stage::Saving,
        }
    }

    /// Said in the status bar.
    pub fn describe(self) -> &'static str {
        match self {
            Stage::Reading => "reading the project",
            Stage::Writing => "writing",
            Stage::Saving => "saving",
        }
    }
}

/// A running export.
pub struct ExportJob {
    rx: Receiver<Result<String, String>>,
    cancel: Arc<AtomicBool>,
    stage: Arc<AtomicU8>,
    /// What the status bar calls it ("Exporting excerpts as Word").
    pub label: String,
    /// The file being written.
    pub path: PathBuf,
}

/// The result an export reports: a line for the status bar, or why it failed.
pub type ExportOutcome = Result<String, String>;

/// Why an export stopped early: it was cancelled.
const CANCELLED: &str = "cancelled";

fn run_export(
    project_path: &Path,
    what: &ExportWhat,
    format: Format,
    path: &Path,
    cancel: &AtomicBool,
    stage: &AtomicU8,
) -> ExportOutcome {
    let stop = || cancel.load(Ordering::SeqCst);
    let project = Project::open_read_only(project_path).map_err(|e| e.to_string())?;
    let bytes = match what {
        ExportWhat::Excerpts(query) => {
            let retrieval =
                crate::retrieval::retrieve(&project, query).map_err(|e| e.to_string())?;
            if stop() {
                return Err(CANCELLED.into());
            }
            stage.store(1, Ordering::SeqCst);
            let bytes = crate::export::excerpts_to_bytes(&retrieval, format, path)
                .map_err(|e| e.to_string())?;
            (
                bytes,
                format!(
                    "Exported {} excerpts: {}",
                    retrieval.excerpts.len(),
                    path.display()
                ),
            )
        }
        ExportWhat::Codebook => {
            let codebook = project.codebook().map_err(|e| e.to_string())?;
            let name = project.store().project_name().map_err(|e| e.to_string())?;
            stage.store(1, Ordering::SeqCst);
            let bytes = crate::export::codebook_to_bytes(&codebook, &name, format, path)
                .map_err(|e| e.to_string())?;
            (bytes, format!("Exported the codebook: {}", path.display()))
        }
        ExportWhat::Document(id) => {
            let document =
                crate::retrieval::coded_document(&project, *id, &[]).map_err(|e| e.to_string())?;
            stage.store(1, Ordering::SeqCst);
            let bytes = crate::export::document_to_bytes(&document, format, path)
                .map_err(|e| e.to_string())?;
            (
                bytes,
                format!("Exported “{}”: {}", document.name, path.display()),
            )
        }
        ExportWhat::Memos(filter) => {
            let memos: Vec<_> = crate::memos::list(&project)
                .map_err(|e| e.to_string())?
                .into_iter()
                .filter(|m| filter.matches(m))
                .collect();
            let name = project.store().project_name().map_err(|e| e.to_string())?;
            if stop() {
                return Err(CANCELLED.into());
            }
            stage.store(1, Ordering::SeqCst);
            let bytes = crate::export::memos_to_bytes(&memos, &name, format, path)
                .map_err(|e| e.to_string())?;
            (
                bytes,
                format!("Exported {} memos: {}", memos.len(), path.display()),
            )
        }
    };
    if stop() {
        return Err(CANCELLED.into());
    }
    stage.store(2, Ordering::SeqCst);
    crate::export::write_atomically(path, &bytes.0).map_err(|e| e.to_string())?;
    Ok(bytes.1)
}

impl ExportJob {
    /// Starts exporting `what` from the project file at `project` to `path`.
    pub fn start(
        ctx: &egui::Context,
        project: PathBuf,
        what: ExportWhat,
        format: Format,
        path: PathBuf,
        label: String,
    ) -> ExportJob {
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let stage = Arc::new(AtomicU8::new(0));
        let (c, s, p, ctx) = (cancel.clone(), stage.clone(), path.clone(), ctx.clone());
        let spawned = std::thread::Builder::new()
            .name("export".into())
            .spawn(move || {
                let outcome = run_export(&project, &what, format, &p, &c, &s);
                let _ = tx.send(outcome);
                ctx.request_repaint();
            });
        if let Err(e) = spawned {
            let (tx, rx2) = channel();
            let _ = tx.send(Err(format!("cannot start the export ({e})")));
            return ExportJob {
                rx: rx2,
                cancel,
                stage,
                label,
                path,
            };
        }
        ExportJob {
            rx,
            cancel,
            stage,
            label,
            path,
        }
    }

    /// Asks the export to stop; it stops before its file is put in place.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::SeqCst);
    }

    /// Whether cancelling was asked for.
    pub fn cancelling(&self) -> bool {
        self.cancel.load(Ordering::SeqCst)
    }

    /// How far it has got.
    pub fn stage(&self) -> Stage {
        Stage::from_u8(self.stage.load(Ordering::SeqCst))
    }

    /// The outcome once it has finished: `Some(Ok(line))`, `Some(Err(why))`, or `Some(Err)`
    /// saying it was cancelled.
    pub fn poll(&self) -> Option<ExportOutcome> {
        match self.rx.try_recv() {
            Ok(Err(e)) if e == CANCELLED => Some(Err(format!(
                "Export cancelled; nothing was written to {}",
                self.path.display()
            ))),
            Ok(outcome) => Some(outcome),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err("the export stopped unexpectedly".into())),
        }
    }

    /// Waits for the export to finish (tests).
    pub fn wait(&self) -> ExportOutcome {
        match self.rx.recv() {
            Ok(o) => o,
            Err(_) => Err("the export stopped unexpectedly".into()),
        }
    }
}

/// A snapshot being taken in the background.
pub struct SnapshotJob {
    rx: Receiver<Result<crate::snapshots::Snapshot, String>>,
}

impl SnapshotJob {
    /// Starts a snapshot of the project file `project` into `folder`.
    pub fn start(project: PathBuf, folder: PathBuf) -> Option<SnapshotJob> {
        let (tx, rx) = channel();
        std::thread::Builder::new()
            .name("snapshot".into())
            .spawn(move || {
                let outcome = crate::snapshots::take(&project, &folder).map_err(|e| e.to_string());
                let _ = tx.send(outcome);
            })
            .ok()?;
        Some(SnapshotJob { rx })
    }

    /// The outcome once it has finished.
    pub fn poll(&self) -> Option<Result<crate::snapshots::Snapshot, String>> {
        match self.rx.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                Some(Err("the snapshot stopped unexpectedly".into()))
            }
        }
    }
}
