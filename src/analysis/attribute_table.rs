//! The attributes table: one row per document (or case), one column per attribute, as the
//! window's table view shows it and as it is exported and imported (CSV or XLSX).
//!
//! Import matches rows by the first column (the document's or case's name, exactly, then
//! ignoring surrounding spaces) and columns by attribute name. An empty cell clears the value,
//! so importing an exported table changes nothing. Nothing is half-applied: every row and
//! every value is checked first, and only when all pass do the changes become one edit; the
//! report lists every unmatched row, unknown column and bad value.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

use calamine::{Data, Reader};
use serde::Serialize;

use super::table::{Cell, Table, TableFormat};
use super::{AnalysisError, Result};
use crate::domain::{Attribute, AttributeId, AttributeScope, Edit, ValueChange, ValueOwner};
use crate::project::Project;

/// The table of `scope`'s attributes: the first column names the document (in list order) or
/// case (by name), then one column per attribute in the order they were defined.
pub fn attribute_table(project: &Project, scope: AttributeScope) -> Result<Table> {
    Ok(AttributeGrid::load(project, scope)?.to_table())
}

/// The table's data: rows (documents or cases), attributes and values.
#[derive(Debug, Clone, Default)]
pub struct AttributeGrid {
    /// Whose attributes.
    pub scope: AttributeScope,
    /// Rows: each owner with its name, in list order.
    pub owners: Vec<(ValueOwner, String)>,
    /// Columns, in the order they were defined.
    pub attributes: Vec<Attribute>,
    /// Values by owner and attribute.
    pub values: HashMap<(ValueOwner, AttributeId), String>,
}

impl AttributeGrid {
    /// Reads the grid of `scope` from the project.
    pub fn load(project: &Project, scope: AttributeScope) -> crate::store::Result<Self> {
        let store = project.store();
        let attributes = store
            .attributes()?
            .into_iter()
            .filter(|a| a.scope == scope)
            .collect();
        let values = store
            .attribute_values()?
            .into_iter()
            .map(|v| ((v.owner, v.attribute), v.value))
            .collect();
        let owners = match scope {
            AttributeScope::Documents => store
                .document_summaries()?
                .into_iter()
                .map(|d| (ValueOwner::Document(d.id), d.name))
                .collect(),
            AttributeScope::Cases => store
                .cases()?
                .into_iter()
                .map(|c| (ValueOwner::Case(c.id), c.name))
                .collect(),
        };
        Ok(Self {
            scope,
            owners,
            attributes,
            values,
        })
    }

    /// The value at row `row`, column `column` (empty when none is set).
    pub fn value(&self, row: usize, column: usize) -> &str {
        match (self.owners.get(row), self.attributes.get(column)) {
            (Some((owner, _)), Some(a)) => {
                self.values.get(&(*owner, a.id)).map_or("", String::as_str)
            }
            _ => "",
        }
    }
}

impl AttributeGrid {
    /// The grid as a table (what Save table as CSV/XLSX writes; `tamga attributes --import`
    /// reads it back).
    pub fn to_table(&self) -> Table {
        let mut header = vec![self.scope.noun().to_owned()];
        header.extend(self.attributes.iter().map(|a| a.name.clone()));
        Table {
            title: match self.scope {
                AttributeScope::Documents => "Document attributes".to_owned(),
                AttributeScope::Cases => "Case attributes".to_owned(),
            },
            header,
            rows: self
                .owners
                .iter()
                .enumerate()
                .map(|(row, (_, name))| {
                    let mut cells = vec![Cell::Text(name.clone())];
                    cells.extend(
                        (0..self.attributes.len())
                            .map(|column| Cell::Text(self.value(row, column).to_owned())),
                    );
                    cells
                })
                .collect(),
        }
    }
}

/// A row whose first cell names no document or case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnmatchedRow {
    /// Line or row number in the file, counting the header as 1.
    pub row: usize,
    /// What its first cell says.
    pub name: String,
}

/// A value that does not fit its attribute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadValue {
    /// Row number, the header being 1.
    pub row: usize,
    /// The document or case the row names.
    pub name: String,
    /// The column's attribute.
    pub attribute: String,
    /// The cell as written.
    pub value: String,
    /// Why it does not fit.
    pub reason: String,
}

/// What an import found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Rows under the header.
    pub rows: usize,
    /// Rows naming a document or case.
    pub matched: usize,
    /// Values that would change (set, replaced or cleared).
    pub changes: usize,
    /// Rows naming nothing in the project.
    pub unmatched: Vec<UnmatchedRow>,
    /// Headers naming no attribute (define them first).
    pub unknown_columns: Vec<String>,
    /// Rows naming a document or case that an earlier row already named.
    pub duplicates: Vec<UnmatchedRow>,
    /// Values that do not fit their attributes.
    pub bad_values: Vec<BadValue>,
}

impl ImportReport {
    /// Whether everything matched and fitted, so the import may be applied.
    pub fn is_clean(&self) -> bool {
        self.unmatched.is_empty()
            && self.unknown_columns.is_empty()
            && self.duplicates.is_empty()
            && self.bad_values.is_empty()
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} row(s), {} matched, {} value(s) to change",
            self.rows, self.matched, self.changes
        )?;
        for c in &self.unknown_columns {
            writeln!(f, "no attribute named “{c}” (define it first)")?;
        }
        for r in &self.unmatched {
            writeln!(f, "row {}: nothing named “{}”", r.row, r.name)?;
        }
        for r in &self.duplicates {
            writeln!(
                f,
                "row {}: “{}” is named on an earlier row too",
                r.row, r.name
            )?;
        }
        for b in &self.bad_values {
            writeln!(
                f,
                "row {} (“{}”), {}: {}",
                b.row, b.name, b.attribute, b.reason
            )?;
        }
        Ok(())
    }
}

/// An import checked against the project: its report and, when clean and something changes,
/// the one edit that applies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPlan {
    /// What was found.
    pub report: ImportReport,
    /// `Edit::SetValues` with every change, when the report is clean and something changes.
    pub edit: Option<Edit>,
}

/// Reads a CSV (comma, semicolon or tab separated, UTF-8 with or without a BOM) or XLSX
/// (first sheet) file into rows of text. Dates in XLSX become `YYYY-MM-DD`, whole numbers
/// lose their `.0`, true/false become yes/no.
pub fn read_table(path: &Path) -> Result<Vec<Vec<String>>> {
    let bytes = std::fs::read(path).map_err(|e| AnalysisError::Read {
        reason: format!("cannot read the table ({e})"),
        path: path.to_owned(),
    })?;
    match TableFormat::from_path(path) {
        Some(TableFormat::Csv) => read_csv(&bytes).map_err(|reason| AnalysisError::Read {
            reason,
            path: path.to_owned(),
        }),
        Some(TableFormat::Xlsx) => read_xlsx(&bytes).map_err(|reason| AnalysisError::Read {
            reason,
            path: path.to_owned(),
        }),
        None => Err(AnalysisError::Read {
            reason: "a table is read from .csv or .xlsx; the extension says neither".to_owned(),
            path: path.to_owned(),
        }),
    }
}

/// Rows of a CSV file; the separator is whichever of `,` `;` and tab the header has most of.
pub fn read_csv(bytes: &[u8]) -> std::result::Result<Vec<Vec<String>>, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "the CSV file is not UTF-8 text; save it as “CSV UTF-8”".to_owned())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    let separator = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&s| first.bytes().filter(|&b| b == s).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("not a readable CSV file ({e})"))?;
        rows.push(record.iter().map(str::to_owned).collect());
    }
    Ok(rows)
}

/// Rows of an XLSX file's first sheet.
pub fn read_xlsx(bytes: &[u8]) -> std::result::Result<Vec<Vec<String>>, String> {
    let mut workbook = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec()))
        .map_err(|e| format!("not a readable XLSX file ({e})"))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| "the XLSX file has no sheet".to_owned())?
        .map_err(|e| format!("cannot read the XLSX sheet ({e})"))?;
    // Rows start at the used range's corner; pad so that column A is always index 0.
    let (_, first_col) = range.start().unwrap_or((0, 0));
    Ok(range
        .rows()
        .map(|row| {
            let mut cells = vec![String::new(); first_col as usize];
            cells.extend(row.iter().map(cell_text));
            cells
        })
        .collect())
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                format!("{f}")
            }
        }
        Data::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
        Data::DateTime(d) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Checks `rows` (a header, then one row per document or case) against the project.
pub fn plan_import(
    project: &Project,
    scope: AttributeScope,
    rows: &[Vec<String>],
) -> Result<ImportPlan> {
    let store = project.store();
    let mut report = ImportReport::default();
    let Some((header, body)) = rows.split_first() else {
        return Err(AnalysisError::Invalid(
            "the table is empty; it needs a header row".to_owned(),
        ));
    };
    let attributes: Vec<_> = store
        .attributes()?
        .into_iter()
        .filter(|a| a.scope == scope)
        .collect();
    // Column index -> attribute.
    let mut columns = Vec::new();
    for (i, h) in header.iter().enumerate().skip(1) {
        let h = h.trim();
        if h.is_empty() {
            continue;
        }
        match attributes.iter().find(|a| a.name == h) {
            Some(a) => columns.push((i, a)),
            None => report.unknown_columns.push(h.to_owned()),
        }
    }
    let owners: HashMap<String, ValueOwner> = match scope {
        AttributeScope::Documents => store
            .document_summaries()?
            .into_iter()
            .map(|d| (d.name, ValueOwner::Document(d.id)))
            .collect(),
        AttributeScope::Cases => store
            .cases()?
            .into_iter()
            .map(|c| (c.name, ValueOwner::Case(c.id)))
            .collect(),
    };
    let current: HashMap<(ValueOwner, crate::domain::AttributeId), String> = store
        .attribute_values()?
        .into_iter()
        .map(|v| ((v.owner, v.attribute), v.value))
        .collect();
    let mut seen = HashSet::new();
    let mut changes = Vec::new();
    for (k, row) in body.iter().enumerate() {
        let line = k + 2;
        let name = row.first().map_or("", String::as_str);
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        report.rows += 1;
        let Some(&owner) = owners.get(name).or_else(|| owners.get(name.trim())) else {
            report.unmatched.push(UnmatchedRow {
                row: line,
                name: name.to_owned(),
            });
            continue;
        };
        if !seen.insert(owner) {
            report.duplicates.push(UnmatchedRow {
                row: line,
                name: name.to_owned(),
            });
            continue;
        }
        report.matched += 1;
        for &(i, a) in &columns {
            let raw = row.get(i).map_or("", |c| c.trim());
            let new = if raw.is_empty() {
                None
            } else {
                match a.kind.canonical(raw) {
                    Ok(v) => Some(v),
                    Err(reason) => {
                        report.bad_values.push(BadValue {
                            row: line,
                            name: name.trim().to_owned(),
                            attribute: a.name.clone(),
                            value: raw.to_owned(),
                            reason,
                        });
                        continue;
                    }
                }
            };
            if current.get(&(owner, a.id)) != new.as_ref() {
                changes.push(ValueChange {
                    owner,
                    attribute: a.id,
                    value: new,
                });
            }
        }
    }
    report.changes = changes.len();
    let edit = (report.is_clean() && !changes.is_empty()).then_some(Edit::SetValues(changes));
    Ok(ImportPlan { report, edit })
}
