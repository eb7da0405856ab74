//! Co-occurrence of codes: codes × codes, counted by overlap, within the same paragraph, or
//! within a distance; as a matrix and as a network (codes as nodes, counts as edge weights).
//!
//! Definitions, decided here once (each tested):
//! - **overlap**: a pair of two different codings that share at least one character. Ranges
//!   that only touch (one ends where the other starts) do not overlap. Nested codings overlap.
//!   A cell counts such pairs; the passage behind a pair is the shared text.
//! - **window:N**: a pair of two different codings at most N characters apart (the gap between
//!   the end of one and the start of the other; overlapping or touching codings are 0 apart).
//!   The passage is the stretch from the first start to the last end.
//! - **paragraph**: a cell counts the paragraphs that both codes touch (hold at least one
//!   character of a coding of each); the passage is the paragraph.
//! - A coding never pairs with itself. The diagonal (a code with itself) counts pairs of two
//!   different codings of the same code (overlap, window), or paragraphs with two or more
//!   codings of the code (paragraph).
//!
//! Codings are paired by a sweep over each document's codings sorted by start, never by
//! comparing all pairs.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::corpus::Corpus;
use super::table::{Cell, Table};
use super::{AnalysisError, Result};
use crate::domain::{CodeId, CodingId, DocumentId, TextRange};
use crate::retrieval::Query;

/// How codes co-occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Proximity {
    /// Codings share text.
    Overlap,
    /// Codings touch the same paragraph.
    Paragraph,
    /// At most this many characters apart.
    Window(usize),
}

impl Proximity {
    /// `overlap`, `paragraph` or `window:N`.
    pub fn parse(s: &str) -> std::result::Result<Proximity, String> {
        match s {
            "overlap" => Ok(Proximity::Overlap),
            "paragraph" => Ok(Proximity::Paragraph),
            _ => s
                .strip_prefix("window:")
                .and_then(|n| n.parse().ok())
                .map(Proximity::Window)
                .ok_or_else(|| {
                    format!("“{s}” is not a way to co-occur; choose overlap, paragraph or window:N")
                }),
        }
    }

    fn label(self) -> String {
        match self {
            Proximity::Overlap => "overlap".to_owned(),
            Proximity::Paragraph => "same paragraph".to_owned(),
            Proximity::Window(n) => format!("within {n} characters"),
        }
    }
}

/// Where two codes co-occur: a passage of a document and the codings that make it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoPassage {
    /// The document.
    pub document: DocumentId,
    /// The shared text, the paragraph, or the stretch from first start to last end.
    pub range: TextRange,
    /// The codings of the two codes there, by id.
    pub codings: Vec<CodingId>,
}

/// A code as a row, a column and a node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoCode {
    /// The code.
    pub code: CodeId,
    /// Its path, names joined by `/`.
    pub path: String,
    /// `#rrggbb`
    pub color: String,
    /// Its codings in scope.
    pub codings: usize,
}

/// Codes × codes.
#[derive(Debug, Clone, Serialize)]
pub struct CoOccurrence {
    /// How codes co-occur here.
    pub by: Proximity,
    /// What it shows.
    pub title: String,
    /// Rows and columns alike, in codebook order.
    pub codes: Vec<CoCode>,
    /// Symmetric: `counts[a][b] == counts[b][a]`.
    pub counts: Vec<Vec<u64>>,
    /// The largest count (for shading).
    pub max_cell: u64,
    #[serde(skip)]
    passages: HashMap<(usize, usize), Vec<CoPassage>>,
    #[serde(skip)]
    restrict: crate::retrieval::Restriction,
}

/// A node of the network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    /// The code.
    pub code: CodeId,
    /// Its path.
    pub label: String,
    /// `#rrggbb`
    pub color: String,
    /// Its codings in scope.
    pub weight: u64,
}

/// An edge between two different codes, weighted by their count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Edge {
    /// Indices into `nodes`, `a < b`.
    pub a: usize,
    /// The other end.
    pub b: usize,
    /// The count.
    pub weight: u64,
}

/// The network form: every code as a node, an edge for each pair of different codes that
/// co-occur.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Network {
    /// What it shows.
    pub title: String,
    /// A node per code, in codebook order.
    pub nodes: Vec<Node>,
    /// An edge per pair of different codes with a count.
    pub edges: Vec<Edge>,
}

/// Computes co-occurrence over the corpus. Paragraphs need the corpus loaded with its texts.
pub fn cooccurrence(corpus: &Corpus, by: Proximity) -> Result<CoOccurrence> {
    let index: HashMap<CodeId, usize> = corpus
        .codebook
        .iter()
        .enumerate()
        .map(|(i, e)| (e.code.id, i))
        .collect();
    let n = corpus.codebook.len();
    let mut codes: Vec<CoCode> = corpus
        .codebook
        .iter()
        .map(|e| CoCode {
            code: e.code.id,
            path: e.path.clone(),
            color: e.code.color.clone(),
            codings: 0,
        })
        .collect();
    for c in &corpus.codings {
        if let Some(&i) = index.get(&c.code) {
            codes[i].codings += 1;
        }
    }
    let mut passages: HashMap<(usize, usize), Vec<CoPassage>> = HashMap::new();
    // Codings are sorted by document, then start.
    let docs = corpus.codings.chunk_by(|a, b| a.document == b.document);
    match by {
        Proximity::Overlap | Proximity::Window(_) => {
            let reach = match by {
                Proximity::Window(n) => Some(n),
                _ => None,
            };
            for doc in docs {
                // Active codings: those that may still pair with a later start.
                let mut active: Vec<usize> = Vec::new();
                for (j, c) in doc.iter().enumerate() {
                    active.retain(|&i| match reach {
                        None => doc[i].range.end > c.range.start,
                        Some(n) => doc[i].range.end.saturating_add(n) >= c.range.start,
                    });
                    for &i in &active {
                        let p = &doc[i];
                        let (Some(&a), Some(&b)) = (index.get(&p.code), index.get(&c.code)) else {
                            continue;
                        };
                        let range = match reach {
                            None => TextRange::new(
                                c.range.start.max(p.range.start),
                                c.range.end.min(p.range.end),
                            ),
                            Some(_) => TextRange::new(
                                p.range.start.min(c.range.start),
                                p.range.end.max(c.range.end),
                            ),
                        };
                        let mut ids = vec![p.id, c.id];
                        ids.sort_unstable();
                        passages
                            .entry((a.min(b), a.max(b)))
                            .or_default()
                            .push(CoPassage {
                                document: c.document,
                                range,
                                codings: ids,
                            });
                    }
                    active.push(j);
                }
            }
        }
        Proximity::Paragraph => {
            for doc in docs {
                let id = doc[0].document;
                let text = corpus.texts.get(&id).ok_or_else(|| {
                    AnalysisError::Invalid(
                        "co-occurrence by paragraph needs the documents' texts".to_owned(),
                    )
                })?;
                let paragraphs = crate::text::paragraphs(text);
                // Paragraph number -> (code row -> codings there).
                let mut by_paragraph: BTreeMap<usize, BTreeMap<usize, Vec<CodingId>>> =
                    BTreeMap::new();
                for c in doc {
                    let Some(&row) = index.get(&c.code) else {
                        continue;
                    };
                    let first = paragraphs.partition_point(|p| p.range.end <= c.range.start);
                    for (k, p) in paragraphs.iter().enumerate().skip(first) {
                        if p.range.start >= c.range.end {
                            break;
                        }
                        if p.range.overlaps(&c.range) {
                            by_paragraph
                                .entry(k)
                                .or_default()
                                .entry(row)
                                .or_default()
                                .push(c.id);
                        }
                    }
                }
                for (k, rows) in by_paragraph {
                    let range = paragraphs[k].range;
                    let rows: Vec<(usize, Vec<CodingId>)> = rows.into_iter().collect();
                    for (x, (a, ca)) in rows.iter().enumerate() {
                        if ca.len() > 1 {
                            passages.entry((*a, *a)).or_default().push(CoPassage {
                                document: id,
                                range,
                                codings: ca.clone(),
                            });
                        }
                        for (b, cb) in &rows[x + 1..] {
                            let mut ids: Vec<CodingId> = ca.iter().chain(cb).copied().collect();
                            ids.sort_unstable();
                            passages.entry((*a, *b)).or_default().push(CoPassage {
                                document: id,
                                range,
                                codings: ids,
                            });
                        }
                    }
                }
            }
        }
    }
    let mut counts = vec![vec![0u64; n]; n];
    for (&(a, b), list) in &passages {
        counts[a][b] = list.len() as u64;
        counts[b][a] = list.len() as u64;
    }
    let max_cell = counts.iter().flatten().copied().max().unwrap_or(0);
    Ok(CoOccurrence {
        by,
        title: format!("Code co-occurrence ({})", by.label()),
        codes,
        counts,
        max_cell,
        passages,
        restrict: corpus.restriction.clone(),
    })
}

impl CoOccurrence {
    /// Where codes `a` and `b` (indices into `codes`) co-occur, in document order.
    pub fn passages(&self, a: usize, b: usize) -> &[CoPassage] {
        self.passages
            .get(&(a.min(b), a.max(b)))
            .map_or(&[], Vec::as_slice)
    }

    /// The retrieval that shows the passages where both codes are: by overlap, their overlap
    /// (as retrieval's *all* finds it); in the same paragraph or within a distance, the codings
    /// of both that were counted together, each whole.
    pub fn cell_query(&self, a: usize, b: usize) -> Option<Query> {
        let (x, y) = (self.codes.get(a)?, self.codes.get(b)?);
        let mut codes = vec![x.code];
        if y.code != x.code {
            codes.push(y.code);
        }
        if self.by != Proximity::Overlap {
            let codings = self.cell_codings(a, b);
            if codings.is_empty() {
                return None;
            }
            return Some(Query {
                codes,
                combine: crate::retrieval::Combine::Any,
                restrict: self.restrict.clone(),
                codings,
                ..Query::default()
            });
        }
        Some(Query {
            codes,
            combine: crate::retrieval::Combine::All,
            restrict: self.restrict.clone(),
            ..Query::default()
        })
    }

    /// The codings behind a cell, each once, by id.
    pub fn cell_codings(&self, a: usize, b: usize) -> Vec<CodingId> {
        let mut ids: Vec<CodingId> = self
            .passages(a, b)
            .iter()
            .flat_map(|p| p.codings.iter().copied())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The network: a node per code, an edge per pair of different codes with a count.
    pub fn network(&self) -> Network {
        let mut edges = Vec::new();
        for a in 0..self.codes.len() {
            for b in a + 1..self.codes.len() {
                if self.counts[a][b] > 0 {
                    edges.push(Edge {
                        a,
                        b,
                        weight: self.counts[a][b],
                    });
                }
            }
        }
        Network {
            title: self.title.clone(),
            nodes: self
                .codes
                .iter()
                .map(|c| Node {
                    code: c.code,
                    label: c.path.clone(),
                    color: c.color.clone(),
                    weight: c.codings as u64,
                })
                .collect(),
            edges,
        }
    }

    /// The table: codes × codes.
    pub fn to_table(&self) -> Table {
        let mut header = vec!["code".to_owned()];
        header.extend(self.codes.iter().map(|c| c.path.clone()));
        Table {
            title: self.title.clone(),
            header,
            rows: self
                .codes
                .iter()
                .zip(&self.counts)
                .map(|(c, row)| {
                    let mut cells = vec![Cell::from(c.path.as_str())];
                    cells.extend(row.iter().map(|&n| Cell::Count(n)));
                    cells
                })
                .collect(),
        }
    }
}
