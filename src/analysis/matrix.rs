//! The code matrix: codes (rows) × documents, cases, or values of an attribute (columns).
//!
//! What a cell counts ([`Count`]):
//! - **codings**: the row code's codings in the column (a coding in several cases counts in
//!   each of them);
//! - **chars**: characters coded by them inside the column's text (a case's passages, or the
//!   document), each character once where codings overlap;
//! - **documents** / **cases**: the documents / cases holding at least one of them.
//!
//! A coding lies in a case when it overlaps one of the case's passages or lies in one of its
//! whole documents; for an attribute of cases, it lies in the value column of each case it lies
//! in. Totals count each coding, character, document or case once even when it falls in several
//! columns (or, with subcodes rolled up, in several rows), so they are not always the sums of
//! the cells.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::chart::{Bar, BarChart};
use super::corpus::{Corpus, clip, union_chars};
use super::table::{Cell, Table};
use super::{AnalysisError, Result};
use crate::domain::{
    Attribute, AttributeId, AttributeKind, AttributeScope, CaseId, CodeId, CodingId, Comparison,
    Condition, DocumentId, TextRange, ValueOwner,
};
use crate::retrieval::{Query, Restriction};

/// What the columns are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Columns {
    /// A column per document in scope.
    Documents,
    /// A column per case in scope.
    Cases,
    /// One column per value of this attribute (of documents or of cases), and one for "no
    /// value" when something in scope has none.
    Attribute(AttributeId),
}

/// What a cell counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Count {
    /// Codings.
    Codings,
    /// Characters coded.
    Chars,
    /// Documents holding codings.
    Documents,
    /// Cases holding codings.
    Cases,
}

impl Count {
    /// How a table header names it.
    pub fn label(self) -> &'static str {
        match self {
            Count::Codings => "codings",
            Count::Chars => "characters coded",
            Count::Documents => "documents",
            Count::Cases => "cases",
        }
    }
}

/// Which matrix to compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MatrixSpec {
    /// What the columns are.
    pub columns: Columns,
    /// What a cell counts.
    pub count: Count,
    /// Each code's row also counts its subcodes' codings.
    pub subcodes: bool,
}

/// What a column stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKey {
    /// A document.
    Document(DocumentId),
    /// A case.
    Case(CaseId),
    /// A value of the attribute; `None` for "no value".
    Value(Option<String>),
}

/// A column with its heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatrixColumn {
    /// What it stands for.
    pub key: ColumnKey,
    /// Its heading.
    pub label: String,
}

/// A row: one code of the codebook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatrixRow {
    /// The code.
    pub code: CodeId,
    /// Its path, names joined by `/`.
    pub path: String,
    /// 0 for top-level codes.
    pub depth: usize,
    /// `#rrggbb`
    pub color: String,
}

/// A computed matrix, with what each cell counted.
#[derive(Debug, Clone, Serialize)]
pub struct Matrix {
    /// What was computed.
    pub spec: MatrixSpec,
    /// What it shows, e.g. "Codes × documents (codings)".
    pub title: String,
    /// A row per code, in codebook order.
    pub rows: Vec<MatrixRow>,
    /// The columns, in order.
    pub columns: Vec<MatrixColumn>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<u64>>,
    /// Per row, over all columns (each coding, character, document or case once).
    pub row_totals: Vec<u64>,
    /// Per column, over all codes (each once).
    pub column_totals: Vec<u64>,
    /// Over everything (each once).
    pub total: u64,
    /// The largest cell (for heat-map shading).
    pub max_cell: u64,
    /// (row, column, coding) behind each cell, sorted.
    #[serde(skip)]
    behind: Vec<(u32, u32, CodingId)>,
    #[serde(skip)]
    restrict: Restriction,
    #[serde(skip)]
    attribute: Option<AttributeId>,
}

/// One coding counted in one cell.
#[derive(Debug, Clone, Copy)]
struct Entry {
    row: u32,
    col: u32,
    coding: u32,
}

/// Computes a matrix over the corpus. Fails only for an attribute that is not in the project.
pub fn matrix(corpus: &Corpus, spec: &MatrixSpec) -> Result<Matrix> {
    let attribute = match spec.columns {
        Columns::Attribute(id) => Some(
            corpus
                .attribute(id)
                .cloned()
                .ok_or_else(|| AnalysisError::Invalid(format!("no attribute with id {id}")))?,
        ),
        _ => None,
    };
    let (columns, membership) = columns_of(corpus, spec.columns, attribute.as_ref());
    let by_row = corpus.codings_by_row(spec.subcodes);
    let mut entries: Vec<Entry> = Vec::new();
    for (row, list) in by_row.iter().enumerate() {
        for &coding in list {
            for &col in &membership[coding as usize] {
                entries.push(Entry {
                    row: row as u32,
                    col,
                    coding,
                });
            }
        }
    }
    let measure = Measure {
        corpus,
        columns: &columns,
        attribute: attribute.as_ref(),
        ranks: corpus.document_ranks(),
    };
    let rows: Vec<MatrixRow> = corpus
        .codebook
        .iter()
        .map(|e| MatrixRow {
            code: e.code.id,
            path: e.path.clone(),
            depth: e.depth,
            color: e.code.color.clone(),
        })
        .collect();
    let mut cells = vec![vec![0u64; columns.len()]; rows.len()];
    let mut row_totals = vec![0u64; rows.len()];
    let mut column_totals = vec![0u64; columns.len()];

    entries.sort_unstable_by_key(|e| (e.row, e.col, e.coding));
    for group in entries.chunk_by(|a, b| a.row == b.row && a.col == b.col) {
        cells[group[0].row as usize][group[0].col as usize] = measure.count(spec.count, group);
    }
    for group in entries.chunk_by(|a, b| a.row == b.row) {
        row_totals[group[0].row as usize] = measure.count(spec.count, group);
    }
    let behind = entries
        .iter()
        .map(|e| (e.row, e.col, corpus.codings[e.coding as usize].id))
        .collect();
    let total = {
        // Every coding once per column it falls in, whatever its rows.
        let mut all: Vec<Entry> = entries.clone();
        all.sort_unstable_by_key(|e| (e.col, e.coding));
        all.dedup_by_key(|e| (e.col, e.coding));
        for group in all.chunk_by(|a, b| a.col == b.col) {
            column_totals[group[0].col as usize] = measure.count(spec.count, group);
        }
        measure.count(spec.count, &all)
    };
    let max_cell = cells.iter().flatten().copied().max().unwrap_or(0);
    let what = match (spec.columns, &attribute) {
        (Columns::Documents, _) => "documents".to_owned(),
        (Columns::Cases, _) => "cases".to_owned(),
        (Columns::Attribute(_), Some(a)) => a.name.clone(),
        (Columns::Attribute(_), None) => "attribute".to_owned(),
    };
    Ok(Matrix {
        spec: *spec,
        title: format!(
            "Codes{} × {what} ({})",
            if spec.subcodes { " with subcodes" } else { "" },
            spec.count.label()
        ),
        rows,
        columns,
        cells,
        row_totals,
        column_totals,
        total,
        max_cell,
        behind,
        restrict: corpus.restriction.clone(),
        attribute: attribute.map(|a| a.id),
    })
}

/// The columns, and for each coding (by index) the columns it falls in.
fn columns_of(
    corpus: &Corpus,
    columns: Columns,
    attribute: Option<&Attribute>,
) -> (Vec<MatrixColumn>, Vec<Vec<u32>>) {
    match (columns, attribute) {
        (Columns::Documents, _) | (Columns::Attribute(_), None) => {
            let index: HashMap<DocumentId, u32> = corpus
                .documents
                .iter()
                .enumerate()
                .map(|(i, d)| (d.id, i as u32))
                .collect();
            (
                corpus
                    .documents
                    .iter()
                    .map(|d| MatrixColumn {
                        key: ColumnKey::Document(d.id),
                        label: d.name.clone(),
                    })
                    .collect(),
                corpus
                    .codings
                    .iter()
                    .map(|c| index.get(&c.document).map_or_else(Vec::new, |&i| vec![i]))
                    .collect(),
            )
        }
        (Columns::Cases, _) => {
            let index: HashMap<CaseId, u32> = corpus
                .cases
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id, i as u32))
                .collect();
            (
                corpus
                    .cases
                    .iter()
                    .map(|c| MatrixColumn {
                        key: ColumnKey::Case(c.id),
                        label: c.name.clone(),
                    })
                    .collect(),
                (0..corpus.codings.len())
                    .map(|i| {
                        corpus
                            .cases_of(i)
                            .iter()
                            .filter_map(|c| index.get(c).copied())
                            .collect()
                    })
                    .collect(),
            )
        }
        (Columns::Attribute(_), Some(a)) => value_columns(corpus, a),
    }
}

/// Value columns: a choice list in its order, yes then no, other values as they sort; "no
/// value" last when something in scope has none. Text values group without regard to case.
fn value_columns(corpus: &Corpus, a: &Attribute) -> (Vec<MatrixColumn>, Vec<Vec<u32>>) {
    let owners: Vec<ValueOwner> = match a.scope {
        AttributeScope::Documents => corpus
            .documents
            .iter()
            .map(|d| ValueOwner::Document(d.id))
            .collect(),
        AttributeScope::Cases => corpus
            .cases
            .iter()
            .map(|c| ValueOwner::Case(c.id))
            .collect(),
    };
    let fold = |v: &str| match a.kind {
        AttributeKind::Text => v.to_lowercase(),
        _ => v.to_owned(),
    };
    let mut labels: Vec<String> = match &a.kind {
        AttributeKind::Choice(choices) => choices.clone(),
        AttributeKind::YesNo => vec!["yes".to_owned(), "no".to_owned()],
        _ => Vec::new(),
    };
    let mut seen: HashSet<String> = labels.iter().map(|l| fold(l)).collect();
    let mut missing = false;
    for &o in &owners {
        match corpus.value(o, a.id) {
            Some(v) => {
                if seen.insert(fold(v)) {
                    labels.push(v.to_owned());
                }
            }
            None => missing = true,
        }
    }
    if !matches!(a.kind, AttributeKind::Choice(_) | AttributeKind::YesNo) {
        labels.sort_by(|x, y| a.kind.compare(x, y));
    }
    let mut index: HashMap<String, u32> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (fold(l), i as u32))
        .collect();
    let mut columns: Vec<MatrixColumn> = labels
        .into_iter()
        .map(|l| MatrixColumn {
            label: l.clone(),
            key: ColumnKey::Value(Some(l)),
        })
        .collect();
    let none = columns.len() as u32;
    if missing {
        columns.push(MatrixColumn {
            key: ColumnKey::Value(None),
            label: "(no value)".to_owned(),
        });
    }
    let column_of = |owner: ValueOwner, index: &mut HashMap<String, u32>| -> Option<u32> {
        match corpus.value(owner, a.id) {
            Some(v) => index.get(&fold(v)).copied(),
            None => missing.then_some(none),
        }
    };
    let membership = (0..corpus.codings.len())
        .map(|i| match a.scope {
            AttributeScope::Documents => {
                column_of(ValueOwner::Document(corpus.codings[i].document), &mut index)
                    .into_iter()
                    .collect()
            }
            AttributeScope::Cases => {
                let mut cols: Vec<u32> = corpus
                    .cases_of(i)
                    .iter()
                    .filter_map(|&c| column_of(ValueOwner::Case(c), &mut index))
                    .collect();
                cols.sort_unstable();
                cols.dedup();
                cols
            }
        })
        .collect();
    (columns, membership)
}

/// Counts a group of entries.
struct Measure<'a> {
    corpus: &'a Corpus,
    columns: &'a [MatrixColumn],
    attribute: Option<&'a Attribute>,
    ranks: HashMap<DocumentId, usize>,
}

impl Measure<'_> {
    /// The cases of coding `i` that make it fall in column `col`.
    fn cases(&self, i: usize, col: usize) -> Vec<CaseId> {
        let all = self.corpus.cases_of(i);
        match (&self.columns[col].key, self.attribute) {
            (ColumnKey::Case(c), _) => vec![*c],
            (ColumnKey::Value(v), Some(a)) if a.scope == AttributeScope::Cases => all
                .iter()
                .copied()
                .filter(|&c| {
                    let value = self.corpus.value(ValueOwner::Case(c), a.id);
                    match (value, v) {
                        (Some(x), Some(y)) => {
                            a.kind.compare(x, y) == std::cmp::Ordering::Equal
                                || (matches!(a.kind, AttributeKind::Text)
                                    && x.to_lowercase() == y.to_lowercase())
                        }
                        (None, None) => true,
                        _ => false,
                    }
                })
                .collect(),
            _ => all.to_vec(),
        }
    }

    /// The parts of coding `i` inside column `col`'s text.
    fn pieces(&self, i: usize, col: usize) -> Vec<TextRange> {
        let coding = &self.corpus.codings[i];
        let by_case = matches!(self.columns[col].key, ColumnKey::Case(_))
            || self
                .attribute
                .is_some_and(|a| a.scope == AttributeScope::Cases);
        if !by_case {
            return self.corpus.coded_in_scope(i);
        }
        let cases = self.cases(i, col);
        self.corpus
            .case_regions(coding.document)
            .iter()
            .filter(|(c, _)| cases.contains(c))
            .flat_map(|(_, region)| clip(region, coding.range))
            .collect()
    }

    fn count(&self, count: Count, group: &[Entry]) -> u64 {
        match count {
            Count::Codings => {
                let mut ids: Vec<u32> = group.iter().map(|e| e.coding).collect();
                ids.sort_unstable();
                ids.dedup();
                ids.len() as u64
            }
            Count::Documents => group
                .iter()
                .map(|e| self.corpus.codings[e.coding as usize].document)
                .collect::<HashSet<_>>()
                .len() as u64,
            Count::Cases => group
                .iter()
                .flat_map(|e| self.cases(e.coding as usize, e.col as usize))
                .collect::<HashSet<_>>()
                .len() as u64,
            Count::Chars => {
                let mut pieces: Vec<(usize, usize, usize)> = Vec::new();
                for e in group {
                    let i = e.coding as usize;
                    let rank = self
                        .ranks
                        .get(&self.corpus.codings[i].document)
                        .copied()
                        .unwrap_or(usize::MAX);
                    pieces.extend(
                        self.pieces(i, e.col as usize)
                            .into_iter()
                            .map(|r| (rank, r.start, r.end)),
                    );
                }
                union_chars(&mut pieces) as u64
            }
        }
    }
}

impl Matrix {
    /// The codings counted in a cell, in document order.
    pub fn cell_codings(&self, row: usize, column: usize) -> Vec<CodingId> {
        let key = (row as u32, column as u32);
        let start = self.behind.partition_point(|e| (e.0, e.1) < key);
        self.behind[start..]
            .iter()
            .take_while(|e| (e.0, e.1) == key)
            .map(|e| e.2)
            .collect()
    }

    /// The retrieval that shows a cell's codings as excerpts: the row's code (with subcodes
    /// if rolled up), restricted as the matrix was and to the column.
    pub fn cell_query(&self, row: usize, column: usize) -> Option<Query> {
        let mut q = self.row_query(row)?;
        self.restrict_to_column(&mut q, column)?;
        Some(q)
    }

    /// The retrieval for a whole row.
    pub fn row_query(&self, row: usize) -> Option<Query> {
        let r = self.rows.get(row)?;
        Some(Query {
            codes: vec![r.code],
            subcodes: self.spec.subcodes,
            restrict: self.restrict.clone(),
            ..Query::default()
        })
    }

    /// The retrieval for a whole column (every code).
    pub fn column_query(&self, column: usize) -> Option<Query> {
        let mut q = Query {
            restrict: self.restrict.clone(),
            ..Query::default()
        };
        self.restrict_to_column(&mut q, column)?;
        Some(q)
    }

    fn restrict_to_column(&self, q: &mut Query, column: usize) -> Option<()> {
        match &self.columns.get(column)?.key {
            ColumnKey::Document(d) => q.documents = vec![*d],
            ColumnKey::Case(c) => q.restrict.cases = vec![*c],
            ColumnKey::Value(v) => q.restrict.conditions.push(Condition {
                attribute: self.attribute?,
                op: Comparison::Eq,
                value: v.clone().unwrap_or_default(),
            }),
        }
        Some(())
    }

    /// The table: a row per code with its total, a column per column, a last row of totals.
    pub fn to_table(&self) -> Table {
        let mut header = vec!["code".to_owned()];
        header.extend(self.columns.iter().map(|c| c.label.clone()));
        header.push("total".to_owned());
        let mut rows: Vec<Vec<Cell>> = self
            .rows
            .iter()
            .zip(&self.cells)
            .zip(&self.row_totals)
            .map(|((r, cells), total)| {
                let mut row = vec![Cell::from(r.path.as_str())];
                row.extend(cells.iter().map(|&n| Cell::Count(n)));
                row.push(Cell::Count(*total));
                row
            })
            .collect();
        let mut last = vec![Cell::from("total")];
        last.extend(self.column_totals.iter().map(|&n| Cell::Count(n)));
        last.push(Cell::Count(self.total));
        rows.push(last);
        Table {
            title: self.title.clone(),
            header,
            rows,
        }
    }

    /// A bar chart of one row across the columns.
    pub fn row_chart(&self, row: usize) -> Option<BarChart> {
        let r = self.rows.get(row)?;
        Some(BarChart {
            title: format!("{} — {}", r.path, self.title),
            value_label: self.spec.count.label().to_owned(),
            bars: self
                .columns
                .iter()
                .zip(&self.cells[row])
                .map(|(c, &n)| Bar {
                    label: c.label.clone(),
                    value: n as f64,
                    color: r.color.clone(),
                })
                .collect(),
        })
    }

    /// A bar chart of one column across the codes.
    pub fn column_chart(&self, column: usize) -> Option<BarChart> {
        let c = self.columns.get(column)?;
        Some(BarChart {
            title: format!("{} — {}", c.label, self.title),
            value_label: self.spec.count.label().to_owned(),
            bars: self
                .rows
                .iter()
                .zip(&self.cells)
                .map(|(r, cells)| Bar {
                    label: r.path.clone(),
                    value: cells[column] as f64,
                    color: r.color.clone(),
                })
                .collect(),
        })
    }

    /// A bar chart of the column totals.
    pub fn totals_chart(&self) -> BarChart {
        BarChart {
            title: format!("Totals — {}", self.title),
            value_label: self.spec.count.label().to_owned(),
            bars: self
                .columns
                .iter()
                .zip(&self.column_totals)
                .map(|(c, &n)| Bar {
                    label: c.label.clone(),
                    value: n as f64,
                    color: crate::domain::PALETTE[1].to_owned(),
                })
                .collect(),
        }
    }
}
