//! What retrieval hands back: excerpts with their codings, citations and headings.

use std::collections::HashMap;

use serde::Serialize;

use super::{Combine, ExcerptId, Query};
use crate::domain::{CodeId, CodingId, Direction, DocumentId, TextRange};
use crate::project::CodebookEntry;
use crate::text;

/// One coding behind an excerpt, with what a reader needs to know about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExcerptCoding {
    /// The coding behind the excerpt.
    pub coding: CodingId,
    /// Its short stable id, shown as `T-3F9A2C7K`.
    pub excerpt_id: ExcerptId,
    /// The code it applies.
    pub code: CodeId,
    /// The code's path, names joined by `/`.
    pub code_path: String,
    /// The code's colour, `#rrggbb`.
    pub color: String,
    /// The name of the coder who applied it.
    pub coder: String,
    /// The coding's own note; may be empty.
    pub memo: String,
    /// RFC 3339 UTC.
    pub created: String,
    /// The coding's own range (in *all* excerpts it may reach beyond the excerpt).
    pub range: TextRange,
}

/// A retrieved passage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Excerpt {
    /// The document it comes from.
    pub document: DocumentId,
    /// That document's name, as citations give it.
    pub document_name: String,
    /// How that document's paragraphs choose their direction: an export and the window set the
    /// excerpt right to left or left to right by it.
    pub direction: Direction,
    /// Where it lies: character offsets into the document's text, end exclusive.
    pub range: TextRange,
    /// The exact stored text of `range`.
    pub text: String,
    /// Number (from 1) of the paragraph where the excerpt starts, and where it ends.
    pub paragraph: usize,
    /// Number (from 1) of the paragraph where the excerpt ends; equal to `paragraph` when it
    /// lies in one.
    pub last_paragraph: usize,
    /// For a document with a page map (PDF): the pages (from 1) where the excerpt starts and
    /// ends.
    pub pages: Option<(usize, usize)>,
    /// Context before the excerpt, as the query asked (empty for none).
    pub before: String,
    /// Context after the excerpt, as the query asked (empty for none).
    pub after: String,
    /// One coding for *any*; every contributing coding for *all*, by start.
    pub codings: Vec<ExcerptCoding>,
}

/// Longest quote a citation carries in full, in characters; longer ones keep their beginning
/// and end around an ellipsis.
pub const CITATION_QUOTE_CHARS: usize = 160;

impl Excerpt {
    /// The excerpt's id(s): `T-3F9A2C7K`, or several joined by `, ` for an *all* overlap.
    pub fn id_label(&self) -> String {
        self.codings
            .iter()
            .map(|c| c.excerpt_id.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// `¶14`, or `¶14–15` when the excerpt spans paragraphs.
    pub fn paragraph_label(&self) -> String {
        if self.last_paragraph > self.paragraph {
            format!("¶{}–{}", self.paragraph, self.last_paragraph)
        } else {
            format!("¶{}", self.paragraph)
        }
    }

    /// `p. 12`, or `pp. 12–13` when the excerpt runs over a page break; `None` for a document
    /// without pages.
    pub fn page_label(&self) -> Option<String> {
        self.pages.map(|(first, last)| {
            if last > first {
                format!("pp. {first}–{last}")
            } else {
                format!("p. {first}")
            }
        })
    }

    /// Where the excerpt is, as citations give it: `p. 12, ¶14` for a paged document, else
    /// `¶14` (see [`Excerpt::page_label`] and [`Excerpt::paragraph_label`]).
    pub fn location_label(&self) -> String {
        match self.page_label() {
            Some(pages) => format!("{pages}, {}", self.paragraph_label()),
            None => self.paragraph_label(),
        }
    }

    /// The code paths, distinct, joined by `; `.
    pub fn code_paths(&self) -> String {
        self.join(|c| c.code_path.as_str())
    }

    /// The coders, distinct, joined by `; `.
    pub fn coders(&self) -> String {
        self.join(|c| c.coder.as_str())
    }

    /// The creation times, distinct, joined by `; `.
    pub fn created(&self) -> String {
        self.join(|c| c.created.as_str())
    }

    /// The memo(s) of the coding(s), non-empty ones joined by a blank line.
    pub fn memo(&self) -> String {
        let memos: Vec<&str> = self
            .codings
            .iter()
            .map(|c| c.memo.trim())
            .filter(|m| !m.is_empty())
            .collect();
        memos.join("\n\n")
    }

    fn join<'a>(&'a self, field: impl Fn(&'a ExcerptCoding) -> &'a str) -> String {
        let mut seen: Vec<&str> = Vec::new();
        for c in &self.codings {
            let v = field(c);
            if !v.is_empty() && !seen.contains(&v) {
                seen.push(v);
            }
        }
        seen.join("; ")
    }

    /// A ready citation: `“quote” (DOCUMENT, ¶14) [T-3F9A2C7K]`, with the page for a PDF:
    /// `(DOCUMENT, p. 12, ¶14)`. Whitespace runs become one
    /// space; a quote longer than [`CITATION_QUOTE_CHARS`] is shortened with an ellipsis in the
    /// middle (the full text stays in [`Excerpt::text`]).
    pub fn citation(&self) -> String {
        format!(
            "“{}” ({}, {}) [{}]",
            shorten_quote(&self.text, CITATION_QUOTE_CHARS),
            self.document_name,
            self.location_label(),
            self.id_label()
        )
    }
}

/// The pages (from 1) holding the first and the last character of `range`, by a page map of
/// page-start offsets; `None` without a map.
pub fn page_span(pages: &[usize], range: crate::domain::TextRange) -> Option<(usize, usize)> {
    if pages.is_empty() {
        return None;
    }
    let page_of = |offset: usize| pages.partition_point(|&start| start <= offset).max(1);
    let last_char = range.end.max(range.start + 1) - 1;
    Some((page_of(range.start), page_of(last_char)))
}

/// `text` with whitespace runs as single spaces, and, if longer than `max` characters, cut to
/// its beginning and end at word boundaries around ` … `.
pub fn shorten_quote(text: &str, max: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let flat = words.join(" ");
    if text::char_len(&flat) <= max {
        return flat;
    }
    let half = max / 2;
    let mut head = String::new();
    for w in &words {
        if text::char_len(&head) + text::char_len(w) + 1 > half && !head.is_empty() {
            break;
        }
        if !head.is_empty() {
            head.push(' ');
        }
        head.push_str(w);
    }
    let mut tail: Vec<&str> = Vec::new();
    let mut tail_len = 0;
    for w in words.iter().rev() {
        if tail_len + text::char_len(w) + 1 > half && !tail.is_empty() {
            break;
        }
        tail_len += text::char_len(w) + 1;
        tail.push(w);
    }
    tail.reverse();
    // A single word longer than the limit is cut mid-word.
    let head: String = head.chars().take(half.max(1)).collect();
    let tail_joined = tail.join(" ");
    let skip = text::char_len(&tail_joined).saturating_sub(half.max(1));
    let tail: String = tail_joined.chars().skip(skip).collect();
    format!("{head} … {tail}")
}

/// A heading's worth of excerpts: one code (in *any*), or the chosen codes together (in
/// *all*).
#[derive(Debug, Clone)]
pub struct Section<'a> {
    /// The code path(s), joined by ` & ` in *all*.
    pub title: String,
    /// The codebook entries the title names (for descriptions and colours).
    pub codes: Vec<&'a CodebookEntry>,
    /// The excerpts under this heading, in the retrieval's order.
    pub excerpts: Vec<&'a Excerpt>,
}

/// What [`retrieve`] found, with what exports need to label it.
#[derive(Debug, Clone)]
pub struct Retrieval {
    /// The query that was run, for the export's description of it.
    pub query: Query,
    /// The project's name, for the export's heading.
    pub project_name: String,
    /// The whole codebook in tree order (paths, colours, descriptions, counts).
    pub codebook: Vec<CodebookEntry>,
    /// What was found, in the query's order.
    pub excerpts: Vec<Excerpt>,
    /// Names of the chosen documents (empty: all).
    pub document_names: Vec<String>,
    /// Names of the chosen coders (empty: all).
    pub coder_names: Vec<String>,
    /// The restriction in words (`region = Ili · age >= 40`), empty for none.
    pub restriction: String,
}

impl Retrieval {
    fn entry(&self, id: CodeId) -> Option<&CodebookEntry> {
        self.codebook.iter().find(|e| e.code.id == id)
    }

    /// The excerpts under headings: one per code in codebook order for *any* (and for all
    /// codes), one for the chosen codes together for *all*. Within a heading, in the order of
    /// `excerpts`.
    pub fn sections(&self) -> Vec<Section<'_>> {
        if self.query.combine == Combine::All && self.query.codes.len() > 1 {
            let codes: Vec<&CodebookEntry> = self
                .query
                .codes
                .iter()
                .filter_map(|&id| self.entry(id))
                .collect();
            return vec![Section {
                title: codes
                    .iter()
                    .map(|e| e.path.as_str())
                    .collect::<Vec<_>>()
                    .join(" & "),
                codes,
                excerpts: self.excerpts.iter().collect(),
            }];
        }
        let rank: HashMap<CodeId, usize> = self
            .codebook
            .iter()
            .enumerate()
            .map(|(i, e)| (e.code.id, i))
            .collect();
        let mut buckets: Vec<Vec<&Excerpt>> = vec![Vec::new(); self.codebook.len()];
        for e in &self.excerpts {
            if let Some(&r) = e.codings.first().and_then(|c| rank.get(&c.code)) {
                buckets[r].push(e);
            }
        }
        self.codebook
            .iter()
            .zip(buckets)
            .filter(|(_, b)| !b.is_empty())
            .map(|(entry, excerpts)| Section {
                title: entry.path.clone(),
                codes: vec![entry],
                excerpts,
            })
            .collect()
    }

    /// Number of excerpts per code (a coding's own code; *all* excerpts count for each code
    /// that contributes), in codebook order, codes without excerpts left out.
    pub fn counts_by_code(&self) -> Vec<(CodeId, usize)> {
        let mut counts: HashMap<CodeId, usize> = HashMap::new();
        for e in &self.excerpts {
            let mut codes: Vec<CodeId> = e.codings.iter().map(|c| c.code).collect();
            codes.sort_unstable();
            codes.dedup();
            for c in codes {
                *counts.entry(c).or_default() += 1;
            }
        }
        self.codebook
            .iter()
            .filter_map(|e| counts.get(&e.code.id).map(|&n| (e.code.id, n)))
            .collect()
    }

    /// One line saying what was retrieved, for export headers: "Codes: A or B, not C ·
    /// Documents: … · Coders: …".
    pub fn describe(&self) -> String {
        let path = |id: &CodeId| self.entry(*id).map_or("?", |e| e.path.as_str()).to_owned();
        let with_sub = if self.query.subcodes {
            " (with subcodes)"
        } else {
            ""
        };
        let mut parts = Vec::new();
        if self.query.codes.is_empty() {
            parts.push(format!("Codes: all{with_sub}"));
        } else {
            let joiner = match self.query.combine {
                Combine::Any => " or ",
                Combine::All => " and ",
            };
            let names: Vec<String> = self.query.codes.iter().map(path).collect();
            parts.push(format!("Codes: {}{with_sub}", names.join(joiner)));
        }
        if !self.query.exclude.is_empty() {
            let names: Vec<String> = self.query.exclude.iter().map(path).collect();
            parts.push(format!("not coded: {}", names.join(", ")));
        }
        if !self.document_names.is_empty() {
            parts.push(format!("Documents: {}", self.document_names.join(", ")));
        }
        if !self.coder_names.is_empty() {
            parts.push(format!("Coders: {}", self.coder_names.join(", ")));
        }
        if !self.restriction.is_empty() {
            parts.push(format!("Where: {}", self.restriction));
        }
        parts.push(format!("{} excerpt(s)", self.excerpts.len()));
        parts.join(" · ")
    }
}
