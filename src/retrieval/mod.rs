//! Getting coded passages back: choose codes (with or without subcodes), combine them (any, all,
//! not), restrict to documents and coders, and receive excerpts with their codes, document,
//! paragraph number, coder, memo, text, context, a short stable excerpt id and a ready citation.
//!
//! The combining is pure ([`combine`], in `combine.rs`) and runs by sorting and sweeping, never by
//! comparing all pairs; [`retrieve`] loads what it needs through `Store` queries and builds
//! [`Excerpt`]s (`excerpt.rs`). Excerpt ids live in `excerpt_id.rs`, the whole coded document in
//! `coded_document.rs`. The window and the CLI both use [`retrieve`]; exports format a
//! [`Retrieval`].
//!
//! Semantics, decided here once:
//! - **any** (default): every coding of a chosen code is one excerpt, its range the coding's.
//! - **all**: the passages covered by at least one coding of *every* chosen code; an excerpt
//!   is a maximal stretch of that overlap (its range is the overlap, not the codings' union),
//!   and lists every contributing coding.
//! - **not**: an excerpt is *dropped whole* when any coding of an excluded code overlaps it
//!   (it is not cut around the excluded part: a cut passage would misquote the researcher's
//!   coding).
//! - Restrictions by document and coder apply to every coding considered, the excluded ones
//!   included: "by coder X" reads the project as X coded it.
//! - "With subcodes" makes each chosen code stand for itself and all its descendants (in
//!   *all*, a coding of any of them satisfies that code; *not* excludes subcodes too).
//! - **Restriction by attributes and cases** ([`Restriction`], `--where`; `restrict.rs`):
//!   conditions on document attributes keep the documents whose values pass them all;
//!   conditions on case attributes, and a list of cases, keep the text of the cases that pass
//!   them all (their whole documents, or their passages). A coding is inside when its document
//!   is kept and, if cases restrict, it overlaps a kept case's passage or lies in a kept case's
//!   whole document. Like documents and coders, this applies to every coding considered.

mod coded_document;
mod combine;
mod excerpt;
mod excerpt_id;
mod restrict;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::domain::{CodeId, CoderId, Coding, CodingId, DocumentId, TextRange};
use crate::project::{CodebookEntry, Project};
use crate::store::{CodingFilter, DocumentText, Result, Store, StoreError};
use crate::text::{self, CharOffsets, Paragraph};

pub use coded_document::{CodedDocument, Run, coded_document};
pub use combine::{Passage, combine};
pub use excerpt::{
    CITATION_QUOTE_CHARS, Excerpt, ExcerptCoding, Retrieval, Section, page_span, shorten_quote,
};
pub use excerpt_id::{EXCERPT_ID_LEN, ExcerptId, resolve_excerpt_id};
pub use restrict::{Region, Restriction, Scope, merge_ranges, parse_condition};

/// How the chosen codes combine.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// Passages coded with any of the codes (OR).
    #[default]
    Any,
    /// Passages where all the codes overlap (AND); the excerpt is the overlap.
    All,
}

/// How much surrounding text an excerpt carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Context {
    /// The excerpt's own text only.
    #[default]
    None,
    /// Up to this many characters on each side.
    Chars(usize),
    /// The rest of the paragraph(s) the excerpt lies in.
    Paragraph,
}

/// The order of [`Retrieval::excerpts`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// Documents in list order, then by position in the text.
    #[default]
    Document,
    /// Codes in codebook order, then by document order.
    Code,
}

/// What to retrieve. `Query::default()` retrieves every coding in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// The chosen codes; empty means every code (then `combine` is ignored).
    pub codes: Vec<CodeId>,
    /// Each chosen (and excluded) code stands for itself and all its subcodes.
    pub subcodes: bool,
    /// Whether a passage needs any of the chosen codes or all of them at once.
    pub combine: Combine,
    /// Drop excerpts that any coding of these codes overlaps.
    pub exclude: Vec<CodeId>,
    /// Only these documents; empty means all.
    pub documents: Vec<DocumentId>,
    /// Only codings by these coders; empty means all.
    pub coders: Vec<CoderId>,
    /// How much text around each excerpt to include.
    pub context: Context,
    /// The order of the excerpts: by document or by code.
    pub order: Order,
    /// Only text of documents and cases whose attributes pass, or of chosen cases.
    pub restrict: Restriction,
    /// Only these codings; empty means all (the codings behind an analysis cell, such as two
    /// codes in the same paragraph, which no combination of codes finds).
    pub codings: Vec<CodingId>,
}

/// The code ids `id` stands for: itself, and with `subcodes` all its descendants.
fn code_set(codebook: &[CodebookEntry], id: CodeId, subcodes: bool) -> HashSet<CodeId> {
    let mut set = HashSet::from([id]);
    if subcodes {
        // Tree order puts children after parents, so one forward pass finds all descendants.
        for e in codebook {
            if e.code.parent.is_some_and(|p| set.contains(&p)) {
                set.insert(e.code.id);
            }
        }
    }
    set
}

/// A document's text with its char index and paragraphs, built once per document so that
/// slicing thousands of excerpts is not quadratic.
struct Indexed<'a> {
    doc: &'a DocumentText,
    index: CharOffsets,
    paragraphs: Vec<Paragraph>,
}

impl<'a> Indexed<'a> {
    fn new(doc: &'a DocumentText) -> Self {
        Indexed {
            doc,
            index: CharOffsets::new(&doc.text),
            paragraphs: text::paragraphs(&doc.text),
        }
    }

    /// The text of chars `start..end`, both clamped to the text.
    fn slice(&self, start: usize, end: usize) -> &'a str {
        let last = self.index.char_len();
        let (s, e) = (start.min(last), end.min(last).max(start.min(last)));
        self.index
            .slice(&self.doc.text, TextRange::new(s, e))
            .unwrap_or("")
    }

    fn paragraph_numbers(&self, range: TextRange) -> (usize, usize) {
        let first = text::paragraph_number(&self.paragraphs, range.start);
        let last = text::paragraph_number(&self.paragraphs, range.end.saturating_sub(1));
        (first, last.max(first))
    }

    fn context(&self, range: TextRange, context: Context) -> (String, String) {
        match context {
            Context::None => (String::new(), String::new()),
            Context::Chars(n) => (
                self.slice(range.start.saturating_sub(n), range.start)
                    .to_owned(),
                self.slice(range.end, range.end.saturating_add(n))
                    .to_owned(),
            ),
            Context::Paragraph => {
                let (first, last) = self.paragraph_numbers(range);
                let para_start = self
                    .paragraphs
                    .get(first - 1)
                    .map_or(range.start, |p| p.range.start.min(range.start));
                let para_end = self
                    .paragraphs
                    .get(last - 1)
                    .map_or(range.end, |p| p.range.end.max(range.end));
                (
                    self.slice(para_start, range.start).to_owned(),
                    self.slice(range.end, para_end).to_owned(),
                )
            }
        }
    }
}

/// Names and paths the excerpts need, loaded once.
struct Labels {
    paths: HashMap<CodeId, (String, String)>,
    coders: HashMap<CoderId, String>,
}

impl Labels {
    fn load(store: &Store, codebook: &[CodebookEntry]) -> Result<Labels> {
        Ok(Labels {
            paths: codebook
                .iter()
                .map(|e| (e.code.id, (e.path.clone(), e.code.color.clone())))
                .collect(),
            coders: store
                .coders()?
                .into_iter()
                .map(|c| (c.id, c.name))
                .collect(),
        })
    }

    fn coding(&self, c: &Coding) -> ExcerptCoding {
        let (path, color) = self.paths.get(&c.code).cloned().unwrap_or_default();
        ExcerptCoding {
            coding: c.id,
            excerpt_id: ExcerptId::from_guid(&c.guid),
            code: c.code,
            code_path: path,
            color,
            coder: self.coders.get(&c.coder).cloned().unwrap_or_default(),
            memo: c.memo.clone(),
            created: c.created_at.clone(),
            range: c.range,
        }
    }
}

/// Runs `query` on the project: one query for the codings, one for the texts of the documents
/// that have excerpts, then [`combine`] and the excerpts' text, paragraph numbers and context.
pub fn retrieve(project: &Project, query: &Query) -> Result<Retrieval> {
    let store = project.store();
    let codebook = project.codebook()?;
    let groups: Vec<HashSet<CodeId>> = query
        .codes
        .iter()
        .map(|&id| code_set(&codebook, id, query.subcodes))
        .collect();
    let exclude: HashSet<CodeId> = query
        .exclude
        .iter()
        .flat_map(|&id| code_set(&codebook, id, query.subcodes))
        .collect();
    let mut wanted: Vec<CodeId> = Vec::new();
    if !groups.is_empty() {
        wanted.extend(groups.iter().flatten().copied());
        wanted.extend(exclude.iter().copied());
        wanted.sort_unstable();
        wanted.dedup();
    }
    let (scope, restriction) = if query.restrict.is_empty() {
        (Scope::everything(), String::new())
    } else {
        let attributes = store.attributes()?;
        let case_names = store.cases()?.into_iter().map(|c| (c.id, c.name)).collect();
        (
            query.restrict.scope(
                &attributes,
                &store.attribute_values()?,
                &store.case_members()?,
            ),
            query.restrict.describe(&attributes, &case_names),
        )
    };
    let mut codings = store.codings_matching(&CodingFilter {
        codes: wanted,
        documents: query.documents.clone(),
        coders: query.coders.clone(),
    })?;
    if !query.codings.is_empty() {
        let only: HashSet<CodingId> = query.codings.iter().copied().collect();
        codings.retain(|c| only.contains(&c.id));
    }
    if !scope.is_everything() {
        codings.retain(|c| scope.admits(c.document, c.range));
    }
    // With every code wanted, excluded codes are simply not among the groups.
    let (groups, how) = if groups.is_empty() && !exclude.is_empty() {
        let rest: HashSet<CodeId> = codebook
            .iter()
            .map(|e| e.code.id)
            .filter(|id| !exclude.contains(id))
            .collect();
        (vec![rest], Combine::Any)
    } else {
        (groups, query.combine)
    };
    let passages = combine(&codings, &groups, how, &exclude);

    let mut doc_ids: Vec<DocumentId> = passages.iter().map(|p| p.document).collect();
    doc_ids.dedup();
    doc_ids.sort_unstable();
    doc_ids.dedup();
    let texts = store.document_texts(&doc_ids)?;
    let labels = Labels::load(store, &codebook)?;
    let rank: HashMap<CodeId, usize> = codebook
        .iter()
        .enumerate()
        .map(|(i, e)| (e.code.id, i))
        .collect();
    let doc_rank: HashMap<DocumentId, usize> =
        texts.iter().enumerate().map(|(i, d)| (d.id, i)).collect();

    let mut excerpts = Vec::with_capacity(passages.len());
    let mut start = 0;
    while start < passages.len() {
        let doc = passages[start].document;
        let end = start + passages[start..].partition_point(|p| p.document == doc);
        if let Some(text) = doc_rank.get(&doc).map(|&i| &texts[i]) {
            let indexed = Indexed::new(text);
            for p in &passages[start..end] {
                let (paragraph, last_paragraph) = indexed.paragraph_numbers(p.range);
                let (before, after) = indexed.context(p.range, query.context);
                excerpts.push(Excerpt {
                    document: doc,
                    document_name: text.name.clone(),
                    direction: text.direction,
                    range: p.range,
                    text: indexed.slice(p.range.start, p.range.end).to_owned(),
                    paragraph,
                    last_paragraph,
                    pages: excerpt::page_span(&text.pages, p.range),
                    before,
                    after,
                    codings: p
                        .codings
                        .iter()
                        .map(|&i| labels.coding(&codings[i]))
                        .collect(),
                });
            }
        }
        start = end;
    }
    let code_rank = |e: &Excerpt| {
        e.codings
            .iter()
            .filter_map(|c| rank.get(&c.code).copied())
            .min()
            .unwrap_or(usize::MAX)
    };
    let doc_key = |e: &Excerpt| doc_rank.get(&e.document).copied().unwrap_or(usize::MAX);
    match query.order {
        Order::Document => {
            excerpts.sort_by_cached_key(|e| (doc_key(e), e.range.start, e.range.end, code_rank(e)));
        }
        Order::Code => {
            excerpts.sort_by_cached_key(|e| (code_rank(e), doc_key(e), e.range.start, e.range.end));
        }
    }

    let document_names = if query.documents.is_empty() {
        Vec::new()
    } else {
        let summaries = store.document_summaries()?;
        summaries
            .into_iter()
            .filter(|d| query.documents.contains(&d.id))
            .map(|d| d.name)
            .collect()
    };
    let coder_names = query
        .coders
        .iter()
        .filter_map(|c| labels.coders.get(c).cloned())
        .collect();
    Ok(Retrieval {
        query: query.clone(),
        project_name: store.project_name()?,
        codebook,
        excerpts,
        document_names,
        coder_names,
        restriction,
    })
}

/// The excerpt of one coding, with `context` around it (what `tamga show` prints).
pub fn excerpt_of(project: &Project, coding: CodingId, context: Context) -> Result<Excerpt> {
    let store = project.store();
    let c = store.coding(coding)?;
    let codebook = project.codebook()?;
    let labels = Labels::load(store, &codebook)?;
    let texts = store.document_texts(&[c.document])?;
    let text = texts.first().ok_or(StoreError::NotFound {
        kind: "document",
        id: c.document.0,
    })?;
    let indexed = Indexed::new(text);
    let (paragraph, last_paragraph) = indexed.paragraph_numbers(c.range);
    let (before, after) = indexed.context(c.range, context);
    Ok(Excerpt {
        document: c.document,
        document_name: text.name.clone(),
        direction: text.direction,
        range: c.range,
        text: c.text.clone(),
        paragraph,
        last_paragraph,
        pages: excerpt::page_span(&text.pages, c.range),
        before,
        after,
        codings: vec![labels.coding(&c)],
    })
}
