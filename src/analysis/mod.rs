//! Analysis: comparisons across documents, cases and attributes. Everything here is a pure
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

pub mod attribute_table;
pub mod chart;
pub mod cooccurrence;
pub mod corpus;
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
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Export(#[from] crate::export::ExportError),
    #[error("{0}")]
    Invalid(String),
    #[error("{reason}: {}", .path.display())]
    Read {
        reason: String,
        path: std::path::PathBuf,
    },
    #[error("cannot encode the {what} ({detail}); nothing was written: {}", .path.display())]
    Encode {
        what: &'static str,
        detail: String,
        path: std::path::PathBuf,
    },
}

/// Results of this module.
pub type Result<T, E = AnalysisError> = std::result::Result<T, E>;
