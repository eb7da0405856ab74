//! CSV: UTF-8 with a byte-order mark (so Excel reads Cyrillic and Chinese), one row per
//! excerpt or per code, quoted as RFC 4180 asks.

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
pub(super) const CODEBOOK_COLUMNS: [&str; 5] = ["code", "description", "color", "count", "total"];

const BOM: &[u8] = "\u{feff}".as_bytes();

pub(super) fn writer(capacity: usize) -> ::csv::Writer<Vec<u8>> {
    let mut buf = Vec::with_capacity(capacity);
    buf.extend_from_slice(BOM);
    ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(buf)
}

pub(super) fn finish(w: ::csv::Writer<Vec<u8>>) -> Encoded {
    w.into_inner()
        .map_err(|e| super::EncodeError(e.to_string()))
}

/// One row per excerpt, in the retrieval's order.
pub(super) fn excerpts(r: &Retrieval) -> Encoded {
    let mut w = writer(r.excerpts.len() * 500 + 256);
    w.write_record(EXCERPT_COLUMNS)?;
    for e in &r.excerpts {
        w.write_record([
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
pub(super) fn codebook(codebook: &[CodebookEntry]) -> Encoded {
    let mut w = writer(codebook.len() * 120 + 64);
    w.write_record(CODEBOOK_COLUMNS)?;
    for e in codebook {
        w.write_record([
            e.path.as_str(),
            e.code.description.trim(),
            &e.code.color,
            &e.own.to_string(),
            &e.total.to_string(),
        ])?;
    }
    finish(w)
}
