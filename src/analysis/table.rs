//! A table as every view exports it (title, header, rows of text and numbers), and its
//! CSV and XLSX writers. Files are written atomically by `export::write_atomically`.

use std::path::Path;

use rust_xlsxwriter::{Format as CellFormat, Workbook};
use serde::Serialize;

use super::{AnalysisError, Result};

/// One cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A count.
    Count(u64),
    /// A share or other fraction, written as a number.
    Number(f64),
}

impl Cell {
    /// The cell as CSV writes it: counts as integers, numbers to four decimals.
    pub fn display(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Count(n) => n.to_string(),
            Cell::Number(x) => format!("{x:.4}"),
        }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<u64> for Cell {
    fn from(n: u64) -> Cell {
        Cell::Count(n)
    }
}

impl From<usize> for Cell {
    fn from(n: usize) -> Cell {
        Cell::Count(n as u64)
    }
}

/// A table: what a view shows, ready to export.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// What it shows, e.g. "Codes × documents (codings)"; also names the sheet and the file.
    pub title: String,
    /// Column headings.
    pub header: Vec<String>,
    /// The rows, each as long as the header.
    pub rows: Vec<Vec<Cell>>,
}

/// Table formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    /// Comma-separated, UTF-8.
    Csv,
    /// An Excel workbook.
    Xlsx,
}

impl TableFormat {
    /// From a file's extension (`csv`, `xlsx`), any case.
    pub fn from_path(path: &Path) -> Option<TableFormat> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") => Some(TableFormat::Csv),
            Some("xlsx") => Some(TableFormat::Xlsx),
            _ => None,
        }
    }
}

impl Table {
    /// A file name for the table: its title in lower case, words joined by `-`, characters
    /// that file systems refuse left out, and the extension.
    pub fn file_name(&self, extension: &str) -> String {
        file_stem(&self.title) + "." + extension
    }

    /// CSV (UTF-8, comma separated, a header row).
    pub fn to_csv(&self) -> Result<Vec<u8>> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let encode =
            |e: &dyn std::fmt::Display| AnalysisError::Invalid(format!("cannot write CSV ({e})"));
        w.write_record(&self.header).map_err(|e| encode(&e))?;
        for row in &self.rows {
            w.write_record(row.iter().map(Cell::display))
                .map_err(|e| encode(&e))?;
        }
        w.into_inner().map_err(|e| encode(&e))
    }

    /// XLSX: one sheet named after the title, a bold frozen header, numbers as numbers.
    pub fn to_xlsx(&self) -> Result<Vec<u8>> {
        let encode = |e: rust_xlsxwriter::XlsxError| {
            AnalysisError::Invalid(format!("cannot write XLSX ({e})"))
        };
        let mut workbook = Workbook::new();
        let header = CellFormat::new().set_bold().set_background_color("#e8e8e8");
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name(&self.title)).map_err(encode)?;
        for (col, title) in self.header.iter().enumerate() {
            sheet
                .write_string_with_format(0, col as u16, title, &header)
                .map_err(encode)?;
        }
        for (r, row) in self.rows.iter().enumerate() {
            let r = (r + 1) as u32;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(t) => sheet.write_string(r, c, t).map_err(encode)?,
                    Cell::Count(n) => sheet.write_number(r, c, *n as f64).map_err(encode)?,
                    Cell::Number(x) => sheet.write_number(r, c, *x).map_err(encode)?,
                };
            }
        }
        sheet.set_freeze_panes(1, 1).map_err(encode)?;
        if !self.header.is_empty() {
            sheet.set_column_width(0, 30).map_err(encode)?;
        }
        workbook.save_to_buffer().map_err(encode)
    }

    /// Writes the table to `path` as CSV or XLSX, chosen by its extension.
    pub fn write(&self, path: &Path) -> Result<()> {
        let bytes = match TableFormat::from_path(path) {
            Some(TableFormat::Csv) => self.to_csv()?,
            Some(TableFormat::Xlsx) => self.to_xlsx()?,
            None => {
                return Err(AnalysisError::Read {
                    reason: "a table is written as .csv or .xlsx; the extension says neither"
                        .to_owned(),
                    path: path.to_owned(),
                });
            }
        };
        crate::export::write_atomically(path, &bytes)?;
        Ok(())
    }
}

/// A worksheet name: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(title: &str) -> String {
    let clean: String = title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .collect();
    let clean = clean.trim();
    let name: String = clean.chars().take(31).collect();
    if name.is_empty() {
        "Table".to_owned()
    } else {
        name
    }
}

/// `Codes × documents (codings)` → `codes-x-documents-codings`.
pub fn file_stem(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        let c = if c == '×' { 'x' } else { c };
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "table".to_owned()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_follow_the_title() {
        let t = Table {
            title: "Codes × documents (codings)".into(),
            header: vec![],
            rows: vec![],
        };
        assert_eq!(t.file_name("csv"), "codes-x-documents-codings.csv");
        assert_eq!(file_stem("Слова: Интервью 1"), "слова-интервью-1");
        assert_eq!(sheet_name("a/b: c"), "a b  c");
    }
}
