//! Search over all documents and memos of a project, autocoding from a search, and "passages
//! like these" (suggestions of uncoded passages for a code).
//!
//! - [`SearchIndex`] holds every text tokenized and folded, in memory ([`index`]); a
//!   [`Query`] in the search box's language ([`query`]) or a regular expression returns
//!   [`SearchResults`]: hits grouped by source, with [`SearchIndex::kwic`] for context.
//! - [`autocode::preview`] turns results into the passages a code would be applied to, and
//!   [`autocode::edit`] the chosen ones into one undoable edit.
//! - [`suggest::Ranker`] ranks the uncoded sentences or paragraphs by their likeness (BM25
//!   over the project's own words, Chinese segmented by jieba) to the passages a code has.

pub mod autocode;
pub mod index;
pub mod query;
pub mod suggest;
pub mod units;
mod words;

pub use autocode::{AutocodePreview, Candidate};
pub use index::{
    Corpus, Field, Hit, HitGroup, Kwic, MemoKind, Mode, Query, SearchIndex, SearchResults, Source,
    SourceInfo, Within,
};
pub use query::QueryError;
pub use suggest::{Ranker, Suggestion};
pub use units::{Scope, Unit};

use crate::store::StoreError;

/// Errors of autocode and suggestions: a malformed query, or the project file.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query does not parse.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// Reading or changing the project failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}
