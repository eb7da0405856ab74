//! Correcting a transcript after coding: text changes that move codings as marks, alignment of
//! an old text with a corrected one, relocation of a coding by its quote and context, and
//! names in their grammatical forms for pseudonymisation.
//!
//! The pure half (`marks`, `align`, `relocate`, `names`, `record`) depends only on `domain` and
//! `text`; the store applies text edits with `marks`. The planning half (`pseudonymise`,
//! `reimport`) reads a project and returns a preview together with the one `Edit` that
//! applies it.

pub mod align;
pub mod marks;
pub mod names;
pub mod pseudonymise;
pub mod record;
pub mod reimport;
pub mod relocate;

/// Why a correction could not be prepared.
#[derive(Debug, thiserror::Error)]
pub enum CorrectionError {
    /// The project could not be read.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// The request itself cannot be carried out; the message says why.
    #[error("{0}")]
    Invalid(String),
}
