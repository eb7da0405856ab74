//! Writing a project as a `.qdpx` package (or its codebook as a `.qdc`). The XML is written by
//! hand, in a fixed order, so the same project always gives the same bytes.
//!
//! Positions: `startPosition` is the offset of a selection's first character and `endPosition`
//! the offset just after its last, both counted in Unicode code points from 0 over the plain
//! text file (UTF-8, no BOM, `\n` line breaks). Each selection's `name` is its whole text, so a
//! reader can check — and Tamga's reader does.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write as _;

use crate::domain::{Code, CodeId, Coder, Coding, Document, DocumentId, Memo, MemoTarget};
use crate::store::Store;

use super::ExchangeError;
use super::qde::{derived_guid, is_guid};
use super::report::{Direction, Report};

/// Everything of a project that an export writes, read from the store in one go.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectRows {
    /// The project's name.
    pub name: String,
    /// Coders.
    pub coders: Vec<Coder>,
    /// Documents in list order, with their texts and original files.
    pub documents: Vec<Document>,
    /// Codes, parents before children, siblings in order.
    pub codes: Vec<Code>,
    /// Codings, by document then start.
    pub codings: Vec<Coding>,
    /// Memos.
    pub memos: Vec<Memo>,
}

/// Reads what an export needs from the project file.
pub fn collect(store: &Store) -> Result<ProjectRows, ExchangeError> {
    let documents = store
        .document_summaries()?
        .iter()
        .map(|d| store.document(d.id))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ProjectRows {
        name: store.project_name()?,
        coders: store.coders()?,
        documents,
        codes: store.codes()?,
        codings: store.all_codings()?,
        memos: store.memos()?,
    })
}

/// Original files that go into the package beside their text (as `richTextPath`).
const RICH_FORMATS: [&str; 4] = ["docx", "odt", "pdf", "rtf"];

/// What `origin` says: this program and its version.
fn origin() -> String {
    format!("Tamga {}", env!("CARGO_PKG_VERSION"))
}

/// Whether XML 1.0 can hold `c` at all (even as a character reference).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes text content. Characters XML cannot hold become U+FFFD.
fn text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
}

/// Writes ` name="value"`, escaped so that line breaks and tabs survive reading.
fn attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if xml_char(c) => out.push(c),
            // A selection's name is its text; a space keeps it comparable.
            _ => out.push(' '),
        }
    }
    out.push('"');
}

/// A GUID the schema accepts: Tamga's own are; anything else is replaced by a stable one.
fn guid(g: &str) -> String {
    if is_guid(g) {
        g.to_ascii_lowercase()
    } else {
        derived_guid("tamga-id", g)
    }
}

/// A time the schema accepts (`xsd:dateTime`), or nothing.
fn time(t: &str) -> Option<&str> {
    super::read::normalize_time(t).is_some().then_some(t)
}

/// The selection that carries a coding: Tamga has one coding per selection, so its GUID is
/// derived from the coding's and stays the same from one export to the next.
fn selection_guid(coding: &Coding) -> String {
    derived_guid("selection", &coding.guid)
}

/// The `.qde` XML of a whole project.
pub fn project_xml(rows: &ProjectRows) -> String {
    let mut x = String::with_capacity(
        1024 + rows
            .codings
            .iter()
            .map(|c| c.text.len() + 600)
            .sum::<usize>(),
    );
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project");
    attr(&mut x, "xmlns", "urn:QDA-XML:project:1.0");
    attr(&mut x, "name", &rows.name);
    attr(&mut x, "origin", &origin());
    x.push_str(">\n");

    let coder_guid: HashMap<_, String> =
        rows.coders.iter().map(|c| (c.id, guid(&c.guid))).collect();
    if !rows.coders.is_empty() {
        x.push_str("<Users>\n");
        for c in &rows.coders {
            x.push_str("<User");
            attr(&mut x, "guid", &coder_guid[&c.id]);
            attr(&mut x, "name", &c.name);
            x.push_str("/>\n");
        }
        x.push_str("</Users>\n");
    }

    let mut notes_of_code: HashMap<CodeId, Vec<&Memo>> = HashMap::new();
    let mut notes_of_doc: HashMap<DocumentId, Vec<&Memo>> = HashMap::new();
    let mut notes_of_coding: HashMap<crate::domain::CodingId, Vec<&Memo>> = HashMap::new();
    let mut journal: Vec<&Memo> = Vec::new();
    for m in &rows.memos {
        match m.target {
            MemoTarget::Project => journal.push(m),
            MemoTarget::Document(d) => notes_of_doc.entry(d).or_default().push(m),
            MemoTarget::Code(c) => notes_of_code.entry(c).or_default().push(m),
            MemoTarget::Coding(c) => notes_of_coding.entry(c).or_default().push(m),
        }
    }
    let note_refs = |x: &mut String, memos: Option<&Vec<&Memo>>| {
        for m in memos.into_iter().flatten() {
            x.push_str("<NoteRef");
            attr(x, "targetGUID", &guid(&m.guid));
            x.push_str("/>\n");
        }
    };

    if !rows.codes.is_empty() {
        x.push_str("<CodeBook>\n");
        codes_xml(&mut x, &rows.codes, &|x, id| {
            note_refs(x, notes_of_code.get(&id));
        });
        x.push_str("</CodeBook>\n");
    }

    if !rows.documents.is_empty() {
        let code_guid: HashMap<CodeId, String> =
            rows.codes.iter().map(|c| (c.id, guid(&c.guid))).collect();
        let mut codings_of: HashMap<DocumentId, Vec<&Coding>> = HashMap::new();
        for c in &rows.codings {
            codings_of.entry(c.document).or_default().push(c);
        }
        x.push_str("<Sources>\n");
        for d in &rows.documents {
            let g = guid(&d.guid);
            x.push_str("<TextSource");
            attr(&mut x, "guid", &g);
            attr(&mut x, "name", &d.name);
            if let Some(ext) = rich_extension(d) {
                attr(&mut x, "richTextPath", &format!("internal://{g}.{ext}"));
            }
            attr(&mut x, "plainTextPath", &format!("internal://{g}.txt"));
            if let Some(t) = time(&d.imported_at) {
                attr(&mut x, "creationDateTime", t);
            }
            x.push_str(">\n");
            let mut codings = codings_of.remove(&d.id).unwrap_or_default();
            codings.sort_by(|a, b| {
                (a.range.start, a.range.end, &a.guid).cmp(&(b.range.start, b.range.end, &b.guid))
            });
            for c in codings {
                let Some(code) = code_guid.get(&c.code) else {
                    continue;
                };
                x.push_str("<PlainTextSelection");
                attr(&mut x, "guid", &selection_guid(c));
                attr(&mut x, "name", &c.text);
                let _ = write!(
                    x,
                    " startPosition=\"{}\" endPosition=\"{}\"",
                    c.range.start, c.range.end
                );
                if let Some(u) = coder_guid.get(&c.coder) {
                    attr(&mut x, "creatingUser", u);
                }
                if let Some(t) = time(&c.created_at) {
                    attr(&mut x, "creationDateTime", t);
                }
                x.push_str(">\n");
                if !c.memo.is_empty() {
                    x.push_str("<Description>");
                    text(&mut x, &c.memo);
                    x.push_str("</Description>\n");
                }
                x.push_str("<Coding");
                attr(&mut x, "guid", &guid(&c.guid));
                if let Some(u) = coder_guid.get(&c.coder) {
                    attr(&mut x, "creatingUser", u);
                }
                if let Some(t) = time(&c.created_at) {
                    attr(&mut x, "creationDateTime", t);
                }
                x.push_str(">\n<CodeRef");
                attr(&mut x, "targetGUID", code);
                x.push_str("/>\n");
                note_refs(&mut x, notes_of_coding.get(&c.id));
                x.push_str("</Coding>\n</PlainTextSelection>\n");
            }
            note_refs(&mut x, notes_of_doc.get(&d.id));
            x.push_str("</TextSource>\n");
        }
        x.push_str("</Sources>\n");
    }

    if !rows.memos.is_empty() {
        x.push_str("<Notes>\n");
        for m in &rows.memos {
            x.push_str("<Note");
            attr(&mut x, "guid", &guid(&m.guid));
            attr(&mut x, "name", &m.title);
            if let Some(u) = coder_guid.get(&m.coder) {
                attr(&mut x, "creatingUser", u);
            }
            if let Some(t) = time(&m.created_at) {
                attr(&mut x, "creationDateTime", t);
            }
            if let Some(u) = coder_guid.get(&m.coder) {
                attr(&mut x, "modifyingUser", u);
            }
            if let Some(t) = time(&m.modified_at) {
                attr(&mut x, "modifiedDateTime", t);
            }
            x.push_str(">\n<PlainTextContent>");
            text(&mut x, &m.body);
            x.push_str("</PlainTextContent>\n</Note>\n");
        }
        x.push_str("</Notes>\n");
    }
    for m in journal {
        x.push_str("<NoteRef");
        attr(&mut x, "targetGUID", &guid(&m.guid));
        x.push_str("/>\n");
    }
    x.push_str("</Project>\n");
    x
}

/// `<Codes>` with every code nested under its parent, written without recursion.
fn codes_xml(x: &mut String, codes: &[Code], note_refs: &dyn Fn(&mut String, CodeId)) {
    let mut children: HashMap<Option<CodeId>, Vec<&Code>> = HashMap::new();
    for c in codes {
        children.entry(c.parent).or_default().push(c);
    }
    for list in children.values_mut() {
        list.sort_by_key(|c| (c.position, c.id));
    }
    x.push_str("<Codes>\n");
    // (parent, index of the next child to write)
    let mut stack: Vec<(Option<CodeId>, usize)> = vec![(None, 0)];
    while let Some((parent, next)) = stack.pop() {
        let Some(code) = children.get(&parent).and_then(|l| l.get(next)) else {
            if parent.is_some() {
                x.push_str("</Code>\n");
            }
            continue;
        };
        stack.push((parent, next + 1));
        x.push_str("<Code");
        attr(x, "guid", &guid(&code.guid));
        attr(x, "name", &code.name);
        x.push_str(" isCodable=\"true\"");
        if crate::domain::parse_color(&code.color).is_some() {
            attr(x, "color", &code.color);
        }
        x.push_str(">\n");
        if !code.description.is_empty() {
            x.push_str("<Description>");
            text(x, &code.description);
            x.push_str("</Description>\n");
        }
        note_refs(x, code.id);
        stack.push((Some(code.id), 0));
    }
    x.push_str("</Codes>\n");
}

/// The extension of a document's original file when it goes into the package.
fn rich_extension(d: &Document) -> Option<&str> {
    (!d.source.is_empty() && RICH_FORMATS.contains(&d.format.as_str())).then_some(d.format.as_str())
}

/// A `.qdc` codebook.
pub fn codebook_xml(rows: &ProjectRows) -> String {
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CodeBook");
    attr(&mut x, "xmlns", "urn:QDA-XML:codebook:1.0");
    attr(&mut x, "origin", &origin());
    x.push_str(">\n");
    codes_xml(&mut x, &rows.codes, &|_, _| {});
    x.push_str("</CodeBook>\n");
    x
}

fn export_report(rows: &ProjectRows, format: &str) -> Report {
    let mut report = Report::new(Direction::Export, format);
    report.project.clone_from(&rows.name);
    report.origin = origin();
    report.carried.codes = rows.codes.len();
    report.lose(
        "code creation times",
        rows.codes.len(),
        "REFI-QDA has no place for them",
        None,
    );
    if format == "qdc" {
        report.lose(
            "code memos",
            rows.memos
                .iter()
                .filter(|m| matches!(m.target, MemoTarget::Code(_)))
                .count(),
            "a codebook file holds codes and descriptions only",
            None,
        );
        return report;
    }
    report.carried.coders = rows.coders.len();
    report.carried.documents = rows.documents.len();
    report.carried.codings = rows.codings.len();
    report.carried.memos = rows.memos.len();
    for d in &rows.documents {
        if rich_extension(d).is_none() && !d.source.is_empty() && d.format != "txt" {
            report.lose(
                "original files",
                1,
                "only .docx, .odt, .pdf and .rtf originals go into the package; the text of the others does",
                Some(&d.original_name),
            );
        }
    }
    report
}

/// A `.qdpx` package of the whole project, and the report.
pub fn write_qdpx(rows: &ProjectRows) -> Result<(Vec<u8>, Report), ExchangeError> {
    let xml = project_xml(rows);
    let zip_error = |e: &dyn std::fmt::Display| ExchangeError::Write(e.to_string());
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    zip.start_file("project.qde", options)
        .map_err(|e| zip_error(&e))?;
    zip.write_all(xml.as_bytes()).map_err(|e| zip_error(&e))?;
    for d in &rows.documents {
        let g = guid(&d.guid);
        zip.start_file(format!("sources/{g}.txt"), options)
            .map_err(|e| zip_error(&e))?;
        zip.write_all(d.text.as_bytes())
            .map_err(|e| zip_error(&e))?;
        if let Some(ext) = rich_extension(d) {
            zip.start_file(format!("sources/{g}.{ext}"), options)
                .map_err(|e| zip_error(&e))?;
            zip.write_all(&d.source).map_err(|e| zip_error(&e))?;
        }
    }
    let bytes = zip.finish().map_err(|e| zip_error(&e))?.into_inner();
    Ok((bytes, export_report(rows, "qdpx")))
}

/// A `.qdc` codebook of the project, and the report.
pub fn write_qdc(rows: &ProjectRows) -> (Vec<u8>, Report) {
    (codebook_xml(rows).into_bytes(), export_report(rows, "qdc"))
}
