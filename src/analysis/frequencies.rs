//! Code frequencies: per code, its codings, the documents and cases they lie in, and the share
//! of the text (in scope) it covers. With subcodes rolled up, a code counts its descendants'
//! codings too.

use std::collections::HashSet;

use serde::Serialize;

use super::chart::{Bar, BarChart};
use super::corpus::{Corpus, union_chars};
use super::table::{Cell, Table};
use crate::domain::{CodeId, CodingId};
use crate::retrieval::Query;

/// One code's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeFrequency {
    /// The code.
    pub code: CodeId,
    /// Names from the top of the codebook joined by `/`.
    pub path: String,
    /// 0 for top-level codes.
    pub depth: usize,
    /// `#rrggbb`
    pub color: String,
    /// Its codings (with subcodes rolled up, theirs too).
    pub codings: usize,
    /// Documents holding at least one of the codings.
    pub documents: usize,
    /// Cases holding at least one of the codings.
    pub cases: usize,
    /// Characters covered by the codings (each counted once where codings overlap).
    pub chars: usize,
    /// `chars` over the characters of text in scope (0 when there is none).
    pub share: f64,
}

/// What [`frequencies`] sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FrequencyColumn {
    /// Codebook order.
    Codebook,
    /// The code's path, alphabetically.
    Code,
    /// Number of codings.
    Codings,
    /// Number of documents.
    Documents,
    /// Number of cases.
    Cases,
    /// Share of the text.
    Share,
}

/// The frequencies of every code, in codebook order unless sorted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Frequencies {
    /// Whether subcodes are rolled up.
    pub subcodes: bool,
    /// Characters of text in scope.
    pub scope_chars: usize,
    /// A row per code.
    pub rows: Vec<CodeFrequency>,
    /// The restriction the corpus was loaded with (for the excerpts behind a row).
    #[serde(skip)]
    restrict: crate::retrieval::Restriction,
    #[serde(skip)]
    behind: Vec<Vec<CodingId>>,
    /// Codebook rank of each row, for going back to codebook order.
    #[serde(skip)]
    ranks: Vec<usize>,
}

/// Counts every code of the codebook over the corpus.
pub fn frequencies(corpus: &Corpus, subcodes: bool) -> Frequencies {
    let by_row = corpus.codings_by_row(subcodes);
    let ranks = corpus.document_ranks();
    let scope_chars = corpus.scope_chars();
    let mut rows = Vec::with_capacity(by_row.len());
    let mut behind = Vec::with_capacity(by_row.len());
    for (entry, list) in corpus.codebook.iter().zip(&by_row) {
        let mut documents = HashSet::new();
        let mut cases = HashSet::new();
        let mut pieces = Vec::with_capacity(list.len());
        for &i in list {
            let i = i as usize;
            let c = &corpus.codings[i];
            documents.insert(c.document);
            cases.extend(corpus.cases_of(i).iter().copied());
            let rank = ranks.get(&c.document).copied().unwrap_or(usize::MAX);
            pieces.extend(
                corpus
                    .coded_in_scope(i)
                    .into_iter()
                    .map(|r| (rank, r.start, r.end)),
            );
        }
        let chars = union_chars(&mut pieces);
        rows.push(CodeFrequency {
            code: entry.code.id,
            path: entry.path.clone(),
            depth: entry.depth,
            color: entry.code.color.clone(),
            codings: list.len(),
            documents: documents.len(),
            cases: cases.len(),
            chars,
            share: if scope_chars == 0 {
                0.0
            } else {
                chars as f64 / scope_chars as f64
            },
        });
        behind.push(
            list.iter()
                .map(|&i| corpus.codings[i as usize].id)
                .collect(),
        );
    }
    Frequencies {
        subcodes,
        scope_chars,
        ranks: (0..rows.len()).collect(),
        rows,
        restrict: corpus.restriction.clone(),
        behind,
    }
}

impl Frequencies {
    /// Sorts the rows; ties keep codebook order. Codebook order ignores `descending`.
    pub fn sort(&mut self, by: FrequencyColumn, descending: bool) {
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        let rows = &self.rows;
        let ranks = &self.ranks;
        order.sort_by(|&a, &b| {
            let (x, y) = (&rows[a], &rows[b]);
            let ord = match by {
                FrequencyColumn::Codebook => std::cmp::Ordering::Equal,
                FrequencyColumn::Code => x.path.to_lowercase().cmp(&y.path.to_lowercase()),
                FrequencyColumn::Codings => x.codings.cmp(&y.codings),
                FrequencyColumn::Documents => x.documents.cmp(&y.documents),
                FrequencyColumn::Cases => x.cases.cmp(&y.cases),
                FrequencyColumn::Share => x.chars.cmp(&y.chars),
            };
            let ord = if descending && by != FrequencyColumn::Codebook {
                ord.reverse()
            } else {
                ord
            };
            ord.then(ranks[a].cmp(&ranks[b]))
        });
        self.rows = order.iter().map(|&i| self.rows[i].clone()).collect();
        self.behind = order.iter().map(|&i| self.behind[i].clone()).collect();
        self.ranks = order.iter().map(|&i| self.ranks[i]).collect();
    }

    /// The codings counted in row `row`.
    pub fn row_codings(&self, row: usize) -> &[CodingId] {
        self.behind.get(row).map_or(&[], Vec::as_slice)
    }

    /// The retrieval that shows row `row`'s codings as excerpts.
    pub fn row_query(&self, row: usize) -> Option<Query> {
        self.rows.get(row).map(|r| Query {
            codes: vec![r.code],
            subcodes: self.subcodes,
            restrict: self.restrict.clone(),
            ..Query::default()
        })
    }

    /// The table: code, codings, documents, cases, characters, share of text.
    pub fn to_table(&self) -> Table {
        Table {
            title: if self.subcodes {
                "Code frequencies (with subcodes)".to_owned()
            } else {
                "Code frequencies".to_owned()
            },
            header: [
                "code",
                "codings",
                "documents",
                "cases",
                "characters",
                "share of text",
            ]
            .map(str::to_owned)
            .to_vec(),
            rows: self
                .rows
                .iter()
                .map(|r| {
                    vec![
                        Cell::from(r.path.as_str()),
                        Cell::from(r.codings),
                        Cell::from(r.documents),
                        Cell::from(r.cases),
                        Cell::from(r.chars),
                        Cell::Number(r.share),
                    ]
                })
                .collect(),
        }
    }

    /// A bar chart of the codings per code, in the rows' order.
    pub fn chart(&self) -> BarChart {
        BarChart {
            title: self.to_table().title,
            value_label: "codings".to_owned(),
            bars: self
                .rows
                .iter()
                .map(|r| Bar {
                    label: r.path.clone(),
                    value: r.codings as f64,
                    color: r.color.clone(),
                })
                .collect(),
        }
    }
}
