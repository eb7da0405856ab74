//! Analysis: comparisons across documents, cases and attributes, and intercoder agreement. Everything here is a pure
//! computation over a [`Corpus`] (plain data loaded once from a project), cheap enough to run
//! on a worker thread; each result can name the codings behind a cell and build the
//! `retrieval::Query` that shows them as excerpts.
//!
//! - [`frequencies`]: codings, documents, cases and share of text per code.
//! - [`matrix`]: codes × documents, cases or values of an attribute.
//! - [`cooccurrence`]: codes × codes by overlap, paragraph or distance; as a network.
//! - [`words`]: word frequencies and keywords in context, Chinese segmented by dictionary.
//! - [`speakers`]: cases by speaker from `Name:` turns.
//! - [`attribute_table`]: the documents × attributes table, its CSV/XLSX import and export.
//! - [`table`] and [`chart`]: every table to CSV/XLSX, every chart and network to SVG/PNG.
//! - [`agreement`]: intercoder agreement (percent, κ, segments, Krippendorff's α).
//! - [`disagreements`]: where two coders differ, and the edits that resolve each place.

pub mod agreement;
pub mod attribute_table;
pub mod chart;
pub mod cooccurrence;
pub mod corpus;
pub mod disagreements;
pub mod frequencies;
pub mod matrix;
pub mod speakers;
pub mod table;
pub mod words;

pub use corpus::Corpus;

/// Why an analysis, an import of attributes, or an export of a table or chart failed.
/// Messages give the reason first and the path last.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    /// Reading the project failed.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// Writing a file failed.
    #[error(transparent)]
    Export(#[from] crate::export::ExportError),
    /// What was asked cannot be done; the message says why.
    #[error("{0}")]
    Invalid(String),
    /// A file could not be read, or is not what its name says.
    #[error("{reason}: {}", .path.display())]
    Read {
        /// Why.
        reason: String,
        /// The file.
        path: std::path::PathBuf,
    },
    /// A chart could not be drawn.
    #[error("cannot encode the {what} ({detail}); nothing was written: {}", .path.display())]
    Encode {
        /// What was being written.
        what: &'static str,
        /// The encoder's words.
        detail: String,
        /// The file.
        path: std::path::PathBuf,
    },
}

/// Results of this module.
pub type Result<T, E = AnalysisError> = std::result::Result<T, E>;
