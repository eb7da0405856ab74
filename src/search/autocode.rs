//! Autocode: apply a code to every hit of a search, or to the sentence or paragraph around
//! each, as one undoable step after a preview.
//!
//! [`preview`] lists the candidate passages: hits widened to the [`Scope`], overlapping ones
//! merged, those already held whole by a coding of the code skipped and counted. The window
//! shows them with checkboxes; [`edit`] turns the chosen ones into one `Edit::Batch` of
//! `ApplyCoding`, which `Project::execute` applies (and undo takes back) in one transaction.

use std::collections::HashMap;

use serde::Serialize;

use super::index::{Field, SearchIndex, SearchResults, Source};
use super::units::{self, Scope};
use crate::domain::{CodeId, DocumentId, Edit, TextRange};
use crate::store::{CodingFilter, Store, StoreError};

/// A passage autocode would code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// The document.
    pub document: DocumentId,
    /// The passage, in characters.
    pub range: TextRange,
    /// The passage's text.
    pub text: String,
    /// Number of hits it holds.
    pub hits: usize,
    /// A coding of the code already covers part of it (but not all).
    pub partly_coded: bool,
}

/// What autocode would do.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct AutocodePreview {
    /// The passages to code, by document (list order) and position.
    pub candidates: Vec<Candidate>,
    /// Passages skipped because one coding of the code already holds them whole.
    pub already_coded: usize,
    /// Hits in documents (memo hits are never coded).
    pub hits: usize,
}

/// Ranges of the code's codings in one document, sorted by start, with the running maximum of
/// their ends: "is this passage inside one coding" in a binary search.
pub(crate) struct Coverage {
    starts: Vec<usize>,
    max_end: Vec<usize>,
}

impl Coverage {
    pub(crate) fn new(mut ranges: Vec<TextRange>) -> Coverage {
        ranges.sort_unstable();
        let mut max_end = Vec::with_capacity(ranges.len());
        let mut running = 0;
        for r in &ranges {
            running = running.max(r.end);
            max_end.push(running);
        }
        Coverage {
            starts: ranges.iter().map(|r| r.start).collect(),
            max_end,
        }
    }

    /// The furthest end of the codings starting at or before `offset` (strictly before when
    /// `strict`).
    fn reach(&self, offset: usize, strict: bool) -> usize {
        let n = if strict {
            self.starts.partition_point(|&s| s < offset)
        } else {
            self.starts.partition_point(|&s| s <= offset)
        };
        if n == 0 { 0 } else { self.max_end[n - 1] }
    }

    pub(crate) fn holds(&self, range: TextRange) -> bool {
        self.reach(range.start, false) >= range.end
    }

    pub(crate) fn touches(&self, range: TextRange) -> bool {
        self.reach(range.end, true) > range.start
    }
}

/// The passages autocode would code with `code` (`None`: a code not created yet, so nothing
/// is coded with it) for these results.
pub fn preview(
    index: &SearchIndex,
    results: &SearchResults,
    store: &Store,
    code: Option<CodeId>,
    scope: Scope,
) -> Result<AutocodePreview, StoreError> {
    let mut coded: HashMap<DocumentId, Vec<TextRange>> = HashMap::new();
    if let Some(code) = code {
        let filter = CodingFilter {
            codes: vec![code],
            ..CodingFilter::default()
        };
        for coding in store.codings_matching(&filter)? {
            coded.entry(coding.document).or_default().push(coding.range);
        }
    }
    let mut out = AutocodePreview::default();
    for group in results.groups() {
        let Source::Document(document) = group.source else {
            continue;
        };
        let Some(text) = index.text(group.source, Field::Text) else {
            continue;
        };
        let unit_ranges = match scope {
            Scope::Hit => Vec::new(),
            Scope::Sentence => units::sentences(text),
            Scope::Paragraph => units::paragraphs(text),
        };
        let coverage = Coverage::new(coded.remove(&document).unwrap_or_default());
        // Widened ranges come in order of their hits, so their starts never go back.
        let mut merged: Vec<(TextRange, usize)> = Vec::new();
        for hit in results.hits_of(group) {
            if hit.field != Field::Text {
                continue;
            }
            out.hits += 1;
            let range = match scope {
                Scope::Hit => hit.range,
                Scope::Sentence | Scope::Paragraph => units::widen(&unit_ranges, hit.range),
            };
            match merged.last_mut() {
                Some((last, count)) if range.start < last.end => {
                    last.end = last.end.max(range.end);
                    last.start = last.start.min(range.start);
                    *count += 1;
                }
                _ => merged.push((range, 1)),
            }
        }
        for (range, hits) in merged {
            if coverage.holds(range) {
                out.already_coded += 1;
                continue;
            }
            out.candidates.push(Candidate {
                document,
                range,
                text: index
                    .passage(group.source, Field::Text, range)
                    .unwrap_or_default()
                    .to_owned(),
                hits,
                partly_coded: coverage.touches(range),
            });
        }
    }
    Ok(out)
}

/// One undoable edit applying `code` to every chosen passage, as `coder`.
pub fn edit<'a>(
    chosen: impl IntoIterator<Item = &'a Candidate>,
    code: CodeId,
    coder: &str,
) -> Edit {
    Edit::Batch(
        chosen
            .into_iter()
            .map(|c| Edit::ApplyCoding {
                document: c.document,
                code,
                range: c.range,
                coder: coder.to_owned(),
                memo: String::new(),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_tells_whole_from_partial() {
        let cov = Coverage::new(vec![TextRange::new(10, 20), TextRange::new(0, 5)]);
        assert!(cov.holds(TextRange::new(12, 20)));
        assert!(cov.holds(TextRange::new(0, 5)));
        assert!(!cov.holds(TextRange::new(4, 12)));
        assert!(cov.touches(TextRange::new(4, 12)));
        assert!(!cov.touches(TextRange::new(5, 10)));
        assert!(!cov.touches(TextRange::new(20, 30)));
    }
}
