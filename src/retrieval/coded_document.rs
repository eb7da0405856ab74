//! One whole document with its codings split into runs, for the coded-document export.

use super::{ExcerptCoding, Labels};
use crate::domain::{CoderId, Direction, DocumentId, TextRange};
use crate::project::Project;
use crate::store::{CodingFilter, Result, StoreError};
use crate::text::{self, Paragraph};

/// A whole document with its codings, for the coded-document export.
#[derive(Debug, Clone)]
pub struct CodedDocument {
    /// The document's name in the project.
    pub name: String,
    /// The project's name, for the export's heading.
    pub project_name: String,
    /// How its paragraphs choose their direction.
    pub direction: Direction,
    /// The document's stored text, line endings `\n`; all ranges here point into it.
    pub text: String,
    /// Its paragraphs (separated by blank lines), in order; numbered from 1 when cited.
    pub paragraphs: Vec<Paragraph>,
    /// By start, then end.
    pub codings: Vec<ExcerptCoding>,
}

/// A stretch of a paragraph with the same codings over all of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Index into [`CodedDocument::paragraphs`].
    pub paragraph: usize,
    /// The run's characters: offsets into [`CodedDocument::text`], end exclusive, inside the
    /// paragraph.
    pub range: TextRange,
    /// Indices into [`CodedDocument::codings`] covering this run, by start.
    pub codings: Vec<usize>,
}

impl CodedDocument {
    /// The text split into runs, paragraph by paragraph, at every coding's start and end: one
    /// sweep over sorted boundaries.
    pub fn runs(&self) -> Vec<Run> {
        // Events: (offset, +coding at start | -coding at end), ends before starts.
        let mut events: Vec<(usize, bool, usize)> = Vec::with_capacity(self.codings.len() * 2);
        for (i, c) in self.codings.iter().enumerate() {
            if !c.range.is_empty() {
                events.push((c.range.start, true, i));
                events.push((c.range.end, false, i));
            }
        }
        events.sort_unstable_by_key(|&(at, starts, i)| (at, starts, i));
        let mut active: Vec<usize> = Vec::new();
        let mut next = 0;
        let mut out = Vec::new();
        for (p, para) in self.paragraphs.iter().enumerate() {
            let mut at = para.range.start;
            loop {
                while next < events.len() && events[next].0 <= at {
                    let (_, starts, i) = events[next];
                    if starts {
                        active.push(i);
                    } else {
                        active.retain(|&a| a != i);
                    }
                    next += 1;
                }
                let until = events
                    .get(next)
                    .map_or(para.range.end, |e| e.0.min(para.range.end));
                if until > at {
                    let mut codings = active.clone();
                    codings.sort_unstable();
                    out.push(Run {
                        paragraph: p,
                        range: TextRange::new(at, until),
                        codings,
                    });
                }
                if until >= para.range.end {
                    break;
                }
                at = until;
            }
        }
        out
    }

    /// The text of `range` (char offsets).
    pub fn slice(&self, range: TextRange) -> &str {
        text::slice_chars(&self.text, range).unwrap_or("")
    }
}

/// Loads a document with its codings (only those by `coders`, if any are given).
pub fn coded_document(
    project: &Project,
    document: DocumentId,
    coders: &[CoderId],
) -> Result<CodedDocument> {
    let store = project.store();
    let codebook = project.codebook()?;
    let labels = Labels::load(store, &codebook)?;
    let text = store
        .document_texts(&[document])?
        .into_iter()
        .next()
        .ok_or(StoreError::NotFound {
            kind: "document",
            id: document.0,
        })?;
    let codings = store
        .codings_matching(&CodingFilter {
            codes: Vec::new(),
            documents: vec![document],
            coders: coders.to_vec(),
        })?
        .iter()
        .map(|c| labels.coding(c))
        .collect();
    Ok(CodedDocument {
        paragraphs: text::paragraphs(&text.text),
        name: text.name,
        direction: text.direction,
        project_name: store.project_name()?,
        text: text.text,
        codings,
    })
}
