//! REFI-QDA exchange: `.qdpx` projects and `.qdc` codebooks, in both directions, with a report
//! of everything that did not carry over.
//!
//! Reading is pure — [`read_qdpx`] / [`read_qdc`] / [`read_file`] take bytes or a path and give an
//! [`Exchange`] (codes, documents, codings placed on the text, memos) with its [`Report`] — so a
//! window can run it on a worker thread. [`plan`] then matches it against an open project
//! (read only), and the project changes through one [`Edit::InsertRows`](crate::domain::Edit):
//! [`import_into`] does both, as one undoable step. Writing is the same shape: [`collect`] reads
//! the rows from the store, [`write_qdpx`] / [`write_qdc`] turn them into bytes, [`export`]
//! writes the file atomically.
//!
//! Positions: see [`positions`] for how a file's positions are read and [`write`] for what Tamga
//! writes.

pub mod merge;
pub mod plan;
pub mod positions;
pub mod qde;
pub mod read;
pub mod report;
pub mod write;

use std::path::Path;

use crate::project::Project;

pub use merge::{Conflict, MergeReport, merge_into, plan_merge};
pub use plan::{Plan, import_into, plan};
pub use read::{Exchange, read_qdc, read_qdpx};
pub use report::{Direction, Report};
pub use write::{ProjectRows, collect, write_qdc, write_qdpx};

/// Why an exchange file could not be read or written. The CLI and the window add the path.
#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    /// The file could not be read (or is too large, or a zip bomb…).
    #[error(transparent)]
    File(#[from] crate::import::ImportError),
    /// Not a zip archive.
    #[error(
        "the file is not a REFI-QDA project (.qdpx files are zip archives, and this is not one)"
    )]
    NotZip,
    /// A zip without a `.qde`.
    #[error("the file is not a REFI-QDA project (it holds no project.qde)")]
    NoProject,
    /// Broken XML, entity declarations, too deep, too many entries.
    #[error("the REFI-QDA file is damaged ({0}); export it again from the program that made it")]
    Damaged(String),
    /// An extension that is neither `.qdpx` nor `.qdc`.
    #[error(
        "unsupported exchange file type “.{0}” (Tamga reads and writes .qdpx projects and .qdc codebooks)"
    )]
    Unsupported(String),
    /// The zip could not be written.
    #[error("the REFI-QDA file could not be written ({0})")]
    Write(String),
    /// The project refused the rows or could not be read.
    #[error(transparent)]
    Project(#[from] crate::store::StoreError),
    /// The file could not be saved.
    #[error(transparent)]
    Export(#[from] crate::export::ExportError),
}

/// The two REFI-QDA file kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A whole project: `.qdpx`.
    Qdpx,
    /// A codebook alone: `.qdc`.
    Qdc,
}

impl Format {
    /// The format named `qdpx` or `qdc`.
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "qdpx" => Some(Format::Qdpx),
            "qdc" => Some(Format::Qdc),
            _ => None,
        }
    }

    /// The format of a path's extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        Format::from_name(&path.extension()?.to_string_lossy())
    }

    /// The extension (and name) of the format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Qdpx => "qdpx",
            Format::Qdc => "qdc",
        }
    }
}

/// Reads a `.qdpx` or `.qdc` file (at most [`crate::import::MAX_FILE_BYTES`]).
pub fn read_file(path: &Path) -> Result<Exchange, ExchangeError> {
    let format = Format::from_path(path).ok_or_else(|| {
        ExchangeError::Unsupported(
            path.extension()
                .map(|e| e.to_string_lossy().into_owned())
                .unwrap_or_default(),
        )
    })?;
    let bytes = crate::import::read_capped(path)?;
    match format {
        Format::Qdpx => read_qdpx(&bytes),
        Format::Qdc => read_qdc(&bytes),
    }
}

/// Creates a new project at `path` holding what `exchange` holds. The file's users are
/// registered first, with their GUIDs (registering coders is never undone, as with
/// `Edit::AddCoder`); everything else arrives as one undoable step. If the import fails, the
/// new file is removed again.
pub fn create_from(
    path: &Path,
    name: &str,
    coder: &str,
    exchange: &Exchange,
) -> Result<(Project, Report), ExchangeError> {
    let mut store = crate::store::Store::create(path, name)?;
    let coders = crate::domain::RowSet {
        coders: exchange.coders.clone(),
        ..crate::domain::RowSet::default()
    };
    let made = store
        .apply(&crate::domain::Edit::InsertRows(Box::new(coders)))
        .map_err(ExchangeError::from)
        .and_then(|_| Ok(Project::with_store(store, coder)?))
        .and_then(|mut project| import_into(&mut project, exchange).map(|r| (project, r)))
        .map(|(project, mut report)| {
            // The file's users were registered just now: they came in, not "were already there".
            report.carried.coders += report.matched.coders;
            report.matched.coders = 0;
            (project, report)
        });
    if made.is_err() {
        let _ = std::fs::remove_file(path);
    }
    made
}

/// Writes the project (or its codebook) to `path`, replacing any file there; returns the report.
pub fn export(project: &Project, format: Format, path: &Path) -> Result<Report, ExchangeError> {
    let rows = collect(project.store())?;
    let (bytes, report) = match format {
        Format::Qdpx => write_qdpx(&rows)?,
        Format::Qdc => write_qdc(&rows),
    };
    crate::export::write_atomically(path, &bytes)?;
    Ok(report)
}
