//! REFI-QDA exchange from the window, off the UI thread: reading a `.qdpx`/`.qdc` and matching
//! it against the project, creating a new project from a `.qdpx`, and writing one. The worker
//! opens the project through its own read-only connection; the rows to add come back to the
//! UI thread, which applies them as one undoable edit. Each ends with the exchange's report.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::exchange::{self, Format};
use crate::project::Project;

/// What a finished exchange hands back.
#[derive(Debug)]
pub enum Done {
    /// Read and matched against the open project: the rows to add (one edit) and the report.
    Planned {
        /// The file read.
        file: PathBuf,
        /// What to add and the report.
        plan: Box<exchange::Plan>,
    },
    /// A new project was written at `project`; open it and show the report.
    Created {
        /// The new project file.
        project: PathBuf,
        /// What came over and what did not.
        report: exchange::Report,
    },
    /// A colleague's copy was read and matched: what merging it would add, and the report.
    MergePlanned {
        /// The other project file.
        file: PathBuf,
        /// The rows to add as one edit.
        rows: Box<crate::domain::RowSet>,
        /// Added, already here, in conflict.
        report: exchange::MergeReport,
    },
    /// A corrected version of a document was read and aligned with it: where its codings go.
    ReimportPlanned {
        /// The corrected file.
        file: PathBuf,
        /// The document's name.
        name: String,
        /// The document's text revision the plan was made on: applied only onto that text.
        revision: i64,
        /// The preview and its edit.
        plan: Box<crate::corrections::reimport::ReimportPlan>,
    },
    /// The occurrences of a name were found: the pseudonymisation's preview, or why not.
    PseudonymPlanned {
        /// What was asked.
        request: crate::app::dialogs::PseudonymRequest,
        /// The project's revision it was asked at.
        revision: u64,
        /// The preview and its edit, or why there is none.
        result: Result<Box<crate::corrections::pseudonymise::PseudonymPlan>, String>,
    },
    /// The file was written.
    Exported {
        /// Where.
        path: PathBuf,
        /// What went out and what did not.
        report: exchange::Report,
    },
}

/// A running exchange.
pub struct ExchangeJob {
    rx: Receiver<Result<Done, String>>,
    /// For the status bar ("Reading the REFI-QDA project …").
    pub label: String,
}

fn run_plan(project: &Path, file: &Path, coder: &str) -> Result<Done, String> {
    let read = exchange::read_file(file).map_err(|e| format!("{e}: {}", file.display()))?;
    let mut project = Project::open_read_only(project).map_err(|e| e.to_string())?;
    // The rows are added as this coder's change.
    project.set_coder(coder);
    let plan = exchange::plan(&project, &read).map_err(|e| e.to_string())?;
    Ok(Done::Planned {
        file: file.to_owned(),
        plan: Box::new(plan),
    })
}

fn run_merge_plan(project: &Path, other: &Path, coder: &str) -> Result<Done, String> {
    let mut project = Project::open_read_only(project).map_err(|e| e.to_string())?;
    project.set_coder(coder);
    let (rows, report) =
        exchange::plan_merge(&project, other).map_err(|e| format!("{e}: {}", other.display()))?;
    Ok(Done::MergePlanned {
        file: other.to_owned(),
        rows: Box::new(rows),
        report,
    })
}

fn run_reimport_plan(
    project: &Path,
    document: crate::domain::DocumentId,
    file: &Path,
    coder: &str,
    options: crate::import::ImportOptions,
) -> Result<Done, String> {
    let corrected = crate::import::read_document_with(file, options)
        .map_err(|e| format!("{e}: {}", file.display()))?;
    let store = crate::store::Store::open_read_only(project).map_err(|e| e.to_string())?;
    let stamp = store
        .document_stamps()
        .map_err(|e| e.to_string())?
        .into_iter()
        .find(|d| d.id == document)
        .ok_or_else(|| "the document is no longer in the project".to_owned())?;
    let plan = crate::corrections::reimport::plan(&store, document, &corrected, coder)
        .map_err(|e| format!("{e}: {}", file.display()))?;
    Ok(Done::ReimportPlanned {
        file: file.to_owned(),
        name: stamp.name,
        revision: stamp.text_revision,
        plan: Box::new(plan),
    })
}

fn run_pseudonym_plan(
    project: &Path,
    request: &crate::app::dialogs::PseudonymRequest,
    coder: &str,
) -> Result<Box<crate::corrections::pseudonymise::PseudonymPlan>, String> {
    let store = crate::store::Store::open_read_only(project).map_err(|e| e.to_string())?;
    let options = crate::corrections::pseudonymise::PseudonymOptions {
        documents: request.document.into_iter().collect(),
        no_memos: !request.memos,
        exact: request.exact,
        except: request.except.clone(),
    };
    crate::corrections::pseudonymise::plan(
        &store,
        &request.name,
        &request.pseudonym,
        &options,
        coder,
    )
    .map(Box::new)
    .map_err(|e| e.to_string())
}

fn run_create(file: &Path, target: &Path, coder: &str) -> Result<Done, String> {
    let read = exchange::read_file(file).map_err(|e| format!("{e}: {}", file.display()))?;
    let name = if read.name.trim().is_empty() {
        target.file_stem().map_or_else(
            || "Untitled".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        )
    } else {
        read.name.clone()
    };
    let (project, report) = exchange::create_from(target, &name, coder, &read)
        .map_err(|e| format!("{e}: {}", target.display()))?;
    drop(project);
    Ok(Done::Created {
        project: target.to_owned(),
        report,
    })
}

fn run_export(project: &Path, format: Format, path: &Path) -> Result<Done, String> {
    let project = Project::open_read_only(project).map_err(|e| e.to_string())?;
    let report =
        exchange::export(&project, format, path).map_err(|e| format!("{e}: {}", path.display()))?;
    Ok(Done::Exported {
        path: path.to_owned(),
        report,
    })
}

impl ExchangeJob {
    fn spawn(
        ctx: &egui::Context,
        label: String,
        work: impl FnOnce() -> Result<Done, String> + Send + 'static,
    ) -> ExchangeJob {
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        let failed = tx.clone();
        let spawned = std::thread::Builder::new()
            .name("exchange".into())
            .spawn(move || {
                let _ = tx.send(work());
                ctx.request_repaint();
            });
        if let Err(e) = spawned {
            let _ = failed.send(Err(format!("cannot start the exchange ({e})")));
        }
        ExchangeJob { rx, label }
    }

    /// Reads `file` and matches it against the project at `project`, for `coder` to add.
    pub fn plan(
        ctx: &egui::Context,
        project: PathBuf,
        file: PathBuf,
        coder: String,
    ) -> ExchangeJob {
        let label = format!("Reading {}", file.display());
        ExchangeJob::spawn(ctx, label, move || run_plan(&project, &file, &coder))
    }

    /// Reads the project at `other` and plans merging it into the one at `project`.
    pub fn merge(
        ctx: &egui::Context,
        project: PathBuf,
        other: PathBuf,
        coder: String,
    ) -> ExchangeJob {
        let label = format!("Reading {}", other.display());
        ExchangeJob::spawn(ctx, label, move || run_merge_plan(&project, &other, &coder))
    }

    /// Reads the corrected version at `file` of `document` and aligns it with the document.
    pub fn reimport(
        ctx: &egui::Context,
        project: PathBuf,
        document: crate::domain::DocumentId,
        file: PathBuf,
        coder: String,
        options: crate::import::ImportOptions,
    ) -> ExchangeJob {
        let label = format!("Aligning {} with the document", file.display());
        ExchangeJob::spawn(ctx, label, move || {
            run_reimport_plan(&project, document, &file, &coder, options)
        })
    }

    /// Finds the occurrences of a name in the project at `project`, as it was at `revision`.
    pub fn pseudonymise(
        ctx: &egui::Context,
        project: PathBuf,
        request: crate::app::dialogs::PseudonymRequest,
        revision: u64,
        coder: String,
    ) -> ExchangeJob {
        let label = format!("Looking for “{}”", request.name);
        ExchangeJob::spawn(ctx, label, move || {
            let result = run_pseudonym_plan(&project, &request, &coder);
            Ok(Done::PseudonymPlanned {
                request,
                revision,
                result,
            })
        })
    }

    /// Creates a new project at `target` from the `.qdpx` (or `.qdc` codebook) at `file`.
    pub fn create(
        ctx: &egui::Context,
        file: PathBuf,
        target: PathBuf,
        coder: String,
    ) -> ExchangeJob {
        let label = format!("Creating {} from {}", target.display(), file.display());
        ExchangeJob::spawn(ctx, label, move || run_create(&file, &target, &coder))
    }

    /// Writes the project at `project` as `format` to `path`.
    pub fn export(
        ctx: &egui::Context,
        project: PathBuf,
        format: Format,
        path: PathBuf,
    ) -> ExchangeJob {
        let label = format!("Exporting for other QDA programs: {}", path.display());
        ExchangeJob::spawn(ctx, label, move || run_export(&project, format, &path))
    }

    /// The outcome once it has finished.
    pub fn poll(&self) -> Option<Result<Done, String>> {
        match self.rx.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                Some(Err("the exchange stopped unexpectedly".into()))
            }
        }
    }

    /// Waits for it to finish (tests).
    pub fn wait(&self) -> Result<Done, String> {
        self.rx
            .recv()
            .unwrap_or_else(|_| Err("the exchange stopped unexpectedly".into()))
    }
}
