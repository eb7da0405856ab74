//! CSV, one row per excerpt or per code, quoted as RFC 4180 asks, in two flavours: for
//! spreadsheets (UTF-8 with a byte-order mark so Excel reads Cyrillic and Chinese, and formula
//! injection neutralised) and raw for scripts (every character as stored).

use super::Encoded;
use crate::project::CodebookEntry;
use crate::retrieval::Retrieval;

/// The columns of an excerpt row, shared with XLSX.
pub(super) const EXCERPT_COLUMNS: [&str; 11] = [
    "code",
    "document",
    "paragraph",
    "start",
    "end",
    "text",
    "memo",
    "coder",
    "created",
    "excerpt_id",
    "citation",
];

/// The columns of a codebook row, shared with XLSX.
pub(super) const CODEBOOK_COLUMNS: [&str; 8] = [
    "code",
    "description",
    "color",
    "count",
    "total",
    "when_to_use",
    "when_not_to_use",
    "example",
];

const BOM: &[u8] = "\u{feff}".as_bytes();

/// Who reads the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flavour {
    /// Excel, LibreOffice Calc, Numbers.
    Spreadsheet,
    /// R, Python, anything that wants the stored text exactly.
    Raw,
}

/// A cell a spreadsheet would take for a formula (its first character is `=`, `+`, `-`, `@`,
/// a tab or a carriage return) gets a leading apostrophe, as spreadsheet-injection guidance
/// (OWASP) recommends: the spreadsheet then shows it as text and never runs it. A transcript's
/// dialogue dash ("- Yes, we came back") is kept readable, with the apostrophe in front.
pub(super) fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// A CSV being written, in one flavour.
pub(super) struct Writer {
    csv: ::csv::Writer<Vec<u8>>,
    flavour: Flavour,
}

impl Writer {
    /// An empty file (with the byte-order mark for spreadsheets).
    pub(super) fn new(capacity: usize, flavour: Flavour) -> Writer {
        let mut buf = Vec::with_capacity(capacity);
        if flavour == Flavour::Spreadsheet {
            buf.extend_from_slice(BOM);
        }
        Writer {
            csv: ::csv::WriterBuilder::new()
                .terminator(::csv::Terminator::CRLF)
                .from_writer(buf),
            flavour,
        }
    }

    /// One row; for spreadsheets, formula-like cells made inert.
    pub(super) fn row<'a>(
        &mut self,
        cells: impl IntoIterator<Item = &'a str>,
    ) -> ::csv::Result<()> {
        match self.flavour {
            Flavour::Raw => self.csv.write_record(cells),
            Flavour::Spreadsheet => self
                .csv
                .write_record(cells.into_iter().map(|c| inert(c).into_owned())),
        }
    }
}

/// The file's bytes.
pub(super) fn finish(w: Writer) -> Encoded {
    w.csv
        .into_inner()
        .map_err(|e| super::EncodeError(e.to_string()))
}

/// One row per excerpt, in the retrieval's order.
pub(super) fn excerpts(r: &Retrieval, flavour: Flavour) -> Encoded {
    let mut w = Writer::new(r.excerpts.len() * 500 + 256, flavour);
    w.row(EXCERPT_COLUMNS)?;
    for e in &r.excerpts {
        w.row([
            e.code_paths().as_str(),
            &e.document_name,
            &e.paragraph.to_string(),
            &e.range.start.to_string(),
            &e.range.end.to_string(),
            &e.text,
            &e.memo(),
            &e.coders(),
            &e.created(),
            &e.id_label(),
            &e.citation(),
        ])?;
    }
    finish(w)
}

/// One row per code, parents before children.
pub(super) fn codebook(codebook: &[CodebookEntry], flavour: Flavour) -> Encoded {
    let mut w = Writer::new(codebook.len() * 120 + 64, flavour);
    w.row(CODEBOOK_COLUMNS)?;
    for e in codebook {
        w.row([
            e.path.as_str(),
            e.code.description.trim(),
            &e.code.color,
            &e.own.to_string(),
            &e.total.to_string(),
            e.code.when_to_use.trim(),
            e.code.when_not_to_use.trim(),
            e.code.example.trim(),
        ])?;
    }
    finish(w)
}
