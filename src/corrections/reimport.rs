//! Replacing a document with a corrected version of its file: the new text is aligned with the
//! old ([`super::align`]), each coding is carried to where its words now are — by the
//! alignment first, and where it cannot say (the words went, or what is there now is mostly
//! other words), by the coding's own quote and the context around it ([`super::relocate`]) —
//! and the preview says how many codings moved exactly, moved with changed words inside, were
//! found again by their quote, or could not be placed (those become unplaced codings).

use serde::Serialize;

use super::CorrectionError;
use super::{align, marks, relocate};
use crate::domain::{
    CodeId, CodingId, CorrectionKind, DocumentId, Edit, NewDocument, SourceFile, TextChange,
    TextEdit, TextRange,
};
use crate::store::Store;
use crate::text::{self, CharOffsets};

/// Below this similarity between a coding's old words and what the alignment puts under it,
/// the alignment is not trusted and the quote is looked for instead.
pub const TRUSTED_SIMILARITY: f32 = 0.5;

/// What happens to one coding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// On the same words (perhaps elsewhere).
    Exact,
    /// On its words, some of which changed.
    Changed,
    /// Found again by its quote and context where the alignment lost it.
    Relocated,
    /// Its words are not in the corrected version: it becomes an unplaced coding.
    Unplaced,
}

/// One coding in the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CarriedCoding {
    /// The coding.
    pub id: CodingId,
    /// Its code.
    pub code: CodeId,
    /// Where it lies now.
    pub old_range: TextRange,
    /// Its words now.
    pub old_text: String,
    /// What happens to it.
    pub outcome: Outcome,
    /// Where it will lie (none if unplaced).
    pub new_range: Option<TextRange>,
    /// Its words then (empty if unplaced).
    pub new_text: String,
}

/// The preview of a re-import, and the edit that carries it out.
#[derive(Debug, Clone)]
pub struct ReimportPlan {
    /// The document.
    pub document: DocumentId,
    /// Its length now, in characters.
    pub old_chars: usize,
    /// Its length in the corrected version.
    pub new_chars: usize,
    /// How many passages differ.
    pub changes: usize,
    /// Every coding of the document, in order.
    pub codings: Vec<CarriedCoding>,
    edit: TextEdit,
}

impl ReimportPlan {
    /// How many codings have this outcome.
    pub fn count(&self, outcome: Outcome) -> usize {
        self.codings.iter().filter(|c| c.outcome == outcome).count()
    }

    /// The one undoable edit: the new text and original file, every coding's new range, the
    /// unplaced ones.
    pub fn edit(&self) -> Edit {
        Edit::ChangeText(Box::new(self.edit.clone()))
    }
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// The chars `start..end` of an indexed text, both clamped to the text.
fn clamped<'t>(text: &'t str, index: &CharOffsets, start: usize, end: usize) -> &'t str {
    let last = index.char_len();
    let (s, e) = (start.min(last), end.min(last).max(start.min(last)));
    index.slice(text, TextRange::new(s, e)).unwrap_or_default()
}

/// The char at `i` of an indexed text.
fn char_at(text: &str, index: &CharOffsets, i: usize) -> Option<char> {
    (i < index.char_len())
        .then(|| clamped(text, index, i, i + 1).chars().next())
        .flatten()
}

/// Widens `range` to whole words at an end where the old range began or ended a word and the
/// new one now cuts one (a letter typed onto a coded word belongs to it).
fn snap(
    old: TextRange,
    old_text: &str,
    old_index: &CharOffsets,
    range: TextRange,
    new_text: &str,
    new_index: &CharOffsets,
) -> TextRange {
    let mut r = range;
    let old_starts_word = !is_word(
        old.start
            .checked_sub(1)
            .and_then(|i| char_at(old_text, old_index, i)),
    ) && is_word(char_at(old_text, old_index, old.start));
    if old_starts_word {
        while r.start > 0
            && is_word(char_at(new_text, new_index, r.start - 1))
            && is_word(char_at(new_text, new_index, r.start))
        {
            r.start -= 1;
        }
    }
    let old_ends_word = is_word(
        old.end
            .checked_sub(1)
            .and_then(|i| char_at(old_text, old_index, i)),
    ) && !is_word(char_at(old_text, old_index, old.end));
    if old_ends_word {
        while r.end < new_index.char_len()
            && is_word(char_at(new_text, new_index, r.end))
            && is_word(char_at(new_text, new_index, r.end - 1))
        {
            r.end += 1;
        }
    }
    r
}

/// Aligns the document with `corrected` (its text and file, as `import::read_document` gives
/// them) and works out where every coding goes.
pub fn plan(
    store: &Store,
    document: DocumentId,
    corrected: &NewDocument,
    coder: &str,
) -> Result<ReimportPlan, CorrectionError> {
    let doc = store.document(document)?;
    if corrected.text.contains('\r') {
        return Err(CorrectionError::Invalid(
            "the corrected text must have its line endings normalised".into(),
        ));
    }
    let changes: Vec<TextChange> = align::align(&doc.text, &corrected.text);
    let index = marks::Changes::new(&changes);
    let old_index = CharOffsets::new(&doc.text);
    let new_index = CharOffsets::new(&corrected.text);
    let codings = store.codings_matching(&crate::store::CodingFilter {
        documents: vec![document],
        ..crate::store::CodingFilter::default()
    })?;
    let mut carried = Vec::with_capacity(codings.len());
    let mut placements = Vec::new();
    let mut not_placed = Vec::new();
    for coding in codings {
        let old = coding.range;
        let mapped = index
            .map(old)
            .map(|r| snap(old, &doc.text, &old_index, r, &corrected.text, &new_index));
        let mut outcome = None;
        if let Some(r) = mapped {
            let words = clamped(&corrected.text, &new_index, r.start, r.end);
            if words == coding.text {
                outcome = Some((Outcome::Exact, r));
            } else if align::similarity(&coding.text, words) >= TRUSTED_SIMILARITY {
                outcome = Some((Outcome::Changed, r));
            }
        }
        if outcome.is_none() {
            let before = clamped(
                &doc.text,
                &old_index,
                old.start.saturating_sub(relocate::CONTEXT_CHARS),
                old.start,
            );
            let after = clamped(
                &doc.text,
                &old_index,
                old.end,
                old.end + relocate::CONTEXT_CHARS,
            );
            let near = mapped.map(|r| r.start).or_else(|| {
                Some(
                    index
                        .map(TextRange::new(old.start, old.start + 1))
                        .map_or(0, |r| r.start),
                )
            });
            if let Some(r) = relocate::relocate(&coding.text, before, after, &corrected.text, near)
            {
                outcome = Some((Outcome::Relocated, r));
            }
        }
        if let Some((kind, r)) = outcome {
            if Some(r) != index.map(old) {
                placements.push((coding.id, r));
            }
            carried.push(CarriedCoding {
                id: coding.id,
                code: coding.code,
                old_range: old,
                new_text: clamped(&corrected.text, &new_index, r.start, r.end).to_owned(),
                old_text: coding.text,
                outcome: kind,
                new_range: Some(r),
            });
        } else {
            not_placed.push(coding.id);
            carried.push(CarriedCoding {
                id: coding.id,
                code: coding.code,
                old_range: old,
                old_text: coding.text,
                outcome: Outcome::Unplaced,
                new_range: None,
                new_text: String::new(),
            });
        }
    }
    let changes_count = changes.len();
    let mut edit = TextEdit::new(document, changes, CorrectionKind::Reimport, coder);
    edit.placements = placements;
    edit.not_placed = not_placed;
    edit.source = Some(SourceFile {
        original_name: corrected.original_name.clone(),
        format: corrected.format.clone(),
        encoding: corrected.encoding.clone(),
        bytes: corrected.source.clone(),
    });
    Ok(ReimportPlan {
        document,
        old_chars: old_index.char_len(),
        new_chars: text::char_len(&corrected.text),
        changes: changes_count,
        codings: carried,
        edit,
    })
}
