//! The intercoder agreement report: the table (in total, by code, by document, by code in each
//! document) and the method in words, as DOCX, HTML, CSV or XLSX. Writers format a [`Report`]
//! that `analysis::agreement::report` built; they never see the store.
//!
//! CSV and XLSX keep full-precision numbers and stable column names (one row per table row,
//! `scope` saying which); DOCX and HTML round for reading (percentages to one decimal,
//! coefficients to three) and show "—" where a coefficient is not defined, with the reason
//! under the table.

use std::fmt::Write as _;

use docx_rs::{
    AlignmentType, Docx, Paragraph, Run, Table, TableCell, TableLayoutType, TableRow, WidthType,
};
use rust_xlsxwriter::{Format as CellFormat, FormatAlign, Workbook};

use super::docx::{DETAILS, HEADINGS, TITLE, pack, styles, text_run};
use super::{Encoded, xml_escape as esc};
use crate::analysis::agreement::{
    Report, ReportRow, Row, coefficient_text as coefficient, percent_text as percent,
};

/// The columns of the CSV and XLSX table, in order.
pub(super) const COLUMNS: [&str; 18] = [
    "scope",
    "code",
    "document",
    "chars_both",
    "chars_first_only",
    "chars_second_only",
    "chars_neither",
    "character_agreement",
    "kappa",
    "segments_first",
    "segments_first_agreeing",
    "segments_second",
    "segments_second_agreeing",
    "segment_agreement",
    "kappa_n",
    "alpha_u",
    "alpha_binary",
    "notes",
];

/// The `scope` of the CSV rows that carry the method, one paragraph each in `notes`.
pub(super) const METHOD_SCOPE: &str = "method";

/// "segments (agreeing)" of one coder, or "—".
fn segments(row: &Row, first: bool) -> String {
    row.segments.map_or_else(
        || "—".to_owned(),
        |s| {
            if first {
                format!("{} ({})", s.first, s.first_agreeing)
            } else {
                format!("{} ({})", s.second, s.second_agreeing)
            }
        },
    )
}

/// The title line of a report.
fn title(r: &Report) -> String {
    format!("{} — intercoder agreement", r.project_name)
}

/// One line under the title: coders, counts and the minimum overlap.
fn summary(r: &Report) -> String {
    let mut line = format!(
        "Coders: {} · {} code(s) · {} document(s)",
        r.coders_in_words(),
        r.codes.len(),
        r.documents.len(),
    );
    if r.coders.len() == 2 {
        let _ = write!(line, " · minimum overlap of segments {}%", r.min_overlap);
    }
    line
}

/// A table section: heading, the label of its first column, and its rows (label, row).
struct Section<'a> {
    heading: &'static str,
    label: &'static str,
    rows: Vec<(String, &'a Row)>,
}

fn sections(r: &Report) -> Vec<Section<'_>> {
    let a = &r.agreement;
    let mut out = vec![Section {
        heading: "In total",
        label: "",
        rows: vec![("All codes, all documents".to_owned(), &a.total)],
    }];
    out.push(Section {
        heading: "By code",
        label: "Code",
        rows: a
            .codes
            .iter()
            .enumerate()
            .map(|(c, row)| (r.codes[c].clone(), row))
            .collect(),
    });
    out.push(Section {
        heading: "By document",
        label: "Document",
        rows: a
            .documents
            .iter()
            .enumerate()
            .map(|(d, row)| (r.documents[d].name.clone(), row))
            .collect(),
    });
    if !a.cells.is_empty() {
        out.push(Section {
            heading: "By code in each document",
            label: "Code · document",
            rows: a
                .cells
                .iter()
                .map(|cell| {
                    (
                        format!(
                            "{} · {}",
                            r.codes[cell.code], r.documents[cell.document].name
                        ),
                        &cell.row,
                    )
                })
                .collect(),
        });
    }
    out
}

/// The header cells of a table for these coders.
fn header(r: &Report, label: &str) -> Vec<String> {
    let mut cells = vec![label.to_owned()];
    if r.coders.len() == 2 {
        cells.extend([
            "Characters agree".to_owned(),
            "Cohen's κ".to_owned(),
            format!("{}: segments (agree)", r.coders[0]),
            format!("{}: segments (agree)", r.coders[1]),
            "Segments agree".to_owned(),
            "κ_n".to_owned(),
        ]);
    }
    cells.extend(["α_u".to_owned(), "|uα".to_owned()]);
    cells
}

/// The cells of one row, in the order of [`header`].
fn cells(r: &Report, label: &str, row: &Row) -> Vec<String> {
    let mut cells = vec![label.to_owned()];
    if r.coders.len() == 2 {
        cells.extend([
            percent(row.character_agreement.value),
            coefficient(row.kappa.value),
            segments(row, true),
            segments(row, false),
            percent(row.segment_agreement.value),
            coefficient(row.kappa_n.value),
        ]);
    }
    cells.extend([
        coefficient(row.alpha_u.value),
        coefficient(row.alpha_binary.value),
    ]);
    cells
}

/// The notes of every row that has any: "label — note".
fn notes(r: &Report) -> Vec<String> {
    let mut out = Vec::new();
    for section in sections(r) {
        for (label, row) in &section.rows {
            for note in r.notes(row) {
                out.push(format!("{label} — {note}"));
            }
        }
    }
    out
}

const STYLE: &str = "
body { font: 11pt/1.5 'Noto Serif', Georgia, 'Times New Roman', serif; max-width: 60em;
       margin: 2em auto; padding: 0 1em; color: #1d1d1d; background: #fff; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; break-after: avoid; }
.summary { color: #555; font-size: 0.9em; }
table { border-collapse: collapse; font-size: 0.9em; margin: 0.6em 0; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.5em; vertical-align: top; }
th { background: #eee; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.notes li { font-size: 0.9em; color: #444; }
@media print { body { margin: 0; max-width: none; } }
";

/// One self-contained HTML page: title, tables, method, notes.
pub(super) fn html(r: &Report) -> String {
    let mut out = String::with_capacity(8192 + r.agreement.cells.len() * 400);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"Tamga\">\n<title>{}</title>\n<style>{STYLE}</style>\n\
         </head>\n<body>\n<h1>{}</h1>\n<p class=\"summary\">{}</p>\n",
        esc(&title(r)),
        esc(&title(r)),
        esc(&summary(r))
    );
    for section in sections(r) {
        let _ = writeln!(out, "<h2>{}</h2>\n<table>\n<tr>", esc(section.heading));
        for h in header(r, section.label) {
            let _ = write!(out, "<th>{}</th>", esc(&h));
        }
        out.push_str("</tr>\n");
        for (label, row) in &section.rows {
            out.push_str("<tr>");
            for (i, cell) in cells(r, label, row).iter().enumerate() {
                let class = if i == 0 { "" } else { " class=\"n\"" };
                let _ = write!(out, "<td{class}>{}</td>", esc(cell));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</table>\n");
    }
    out.push_str("<h2>Method</h2>\n");
    for p in r.method() {
        let _ = writeln!(out, "<p>{}</p>", esc(&p));
    }
    let notes = notes(r);
    if !notes.is_empty() {
        out.push_str("<h2>Notes</h2>\n<ul class=\"notes\">\n");
        for n in notes {
            let _ = writeln!(out, "<li>{}</li>", esc(&n));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Width of a table on an A4 or Letter page with Word's default margins, in twentieths of a
/// point; the first column (names) takes a quarter, the numbers share the rest.
const TABLE_WIDTH: usize = 9000;

fn column_widths(columns: usize) -> Vec<usize> {
    let first = TABLE_WIDTH / 4;
    let rest = (TABLE_WIDTH - first) / (columns - 1).max(1);
    std::iter::once(first)
        .chain(std::iter::repeat_n(rest, columns - 1))
        .collect()
}

fn docx_cell(text: &str, bold: bool, width: usize, number: bool) -> TableCell {
    let run = if bold {
        text_run(text).bold()
    } else {
        text_run(text)
    };
    let mut paragraph = Paragraph::new().add_run(run.size(18));
    if number {
        paragraph = paragraph.align(AlignmentType::Right);
    }
    TableCell::new()
        .width(width, WidthType::Dxa)
        .add_paragraph(paragraph)
}

fn docx_row(texts: &[String], widths: &[usize], header: bool) -> TableRow {
    TableRow::new(
        texts
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (t, &w))| docx_cell(t, header, w, !header && i > 0))
            .collect(),
    )
}

/// A Word document: title, a table per section (Heading 1 each), the method and the notes.
pub(super) fn docx(r: &Report) -> Encoded {
    let mut docx = styles(Docx::new())
        .add_paragraph(Paragraph::new().style(TITLE).add_run(text_run(&title(r))))
        .add_paragraph(
            Paragraph::new()
                .style(DETAILS)
                .add_run(text_run(&summary(r))),
        );
    for section in sections(r) {
        docx = docx.add_paragraph(
            Paragraph::new()
                .style(HEADINGS[0])
                .add_run(text_run(section.heading)),
        );
        let head = header(r, section.label);
        let widths = column_widths(head.len());
        let mut rows = vec![docx_row(&head, &widths, true)];
        for (label, row) in &section.rows {
            rows.push(docx_row(&cells(r, label, row), &widths, false));
        }
        docx = docx.add_table(
            Table::new(rows)
                .set_grid(widths)
                .width(TABLE_WIDTH, WidthType::Dxa)
                .layout(TableLayoutType::Fixed),
        );
    }
    docx = docx.add_paragraph(
        Paragraph::new()
            .style(HEADINGS[0])
            .add_run(text_run("Method")),
    );
    for p in r.method() {
        docx = docx.add_paragraph(Paragraph::new().add_run(text_run(&p)));
    }
    let notes = notes(r);
    if !notes.is_empty() {
        docx = docx.add_paragraph(
            Paragraph::new()
                .style(HEADINGS[0])
                .add_run(text_run("Notes")),
        );
        for n in notes {
            docx = docx.add_paragraph(
                Paragraph::new()
                    .style(DETAILS)
                    .add_run(Run::new().add_text("• "))
                    .add_run(text_run(&n)),
            );
        }
    }
    pack(docx)
}

/// A number cell of the CSV: full precision, empty when undefined.
fn number(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn count(v: Option<u64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The text cells of one CSV row, in [`COLUMNS`] order.
fn record(row: &ReportRow) -> [String; 18] {
    let ch = row.characters;
    let sg = row.segments;
    [
        row.scope.name().to_owned(),
        row.code.clone(),
        row.document.clone(),
        count(ch.map(|c| c.both)),
        count(ch.map(|c| c.first_only)),
        count(ch.map(|c| c.second_only)),
        count(ch.map(|c| c.neither)),
        number(row.character_agreement),
        number(row.kappa),
        count(sg.map(|s| s.first)),
        count(sg.map(|s| s.first_agreeing)),
        count(sg.map(|s| s.second)),
        count(sg.map(|s| s.second_agreeing)),
        number(row.segment_agreement),
        number(row.kappa_n),
        number(row.alpha_u),
        number(row.alpha_binary),
        row.notes.join("; "),
    ]
}

/// CSV: one row per table row, then one `method` row per paragraph of the method (its text
/// in `notes`), so the file stays one rectangular table.
pub(super) fn csv(r: &Report, flavour: super::csv::Flavour) -> Encoded {
    let rows = r.rows();
    let mut w = super::csv::Writer::new(rows.len() * 200 + 4096, flavour);
    w.row(COLUMNS)?;
    for row in &rows {
        let cells = record(row);
        w.row(cells.iter().map(String::as_str))?;
    }
    for p in r.method() {
        let mut cells: [String; 18] = Default::default();
        METHOD_SCOPE.clone_into(&mut cells[0]);
        cells[17] = p;
        w.row(cells.iter().map(String::as_str))?;
    }
    super::csv::finish(w)
}

/// XLSX: the table on a sheet "Agreement" (numbers as numbers, shown as percentages or with
/// three decimals), the method on a sheet "Method".
pub(super) fn xlsx(r: &Report) -> Encoded {
    let rows = r.rows();
    let mut workbook = Workbook::new();
    let mut widths = vec![9.0; COLUMNS.len()];
    widths[0] = 16.0;
    widths[1] = 28.0;
    widths[2] = 24.0;
    widths[17] = 80.0;
    super::xlsx::sheet(&mut workbook, "Agreement", &COLUMNS, &widths)?;
    let share = CellFormat::new().set_num_format("0.0%");
    let coefficient = CellFormat::new().set_num_format("0.000");
    let wrap = CellFormat::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let sheet = workbook.worksheet_from_index(0)?;
    for (i, row) in rows.iter().enumerate() {
        let line = (i + 1) as u32;
        let text = record(row);
        for (col, value) in text.iter().enumerate().take(3) {
            sheet.write_string(line, col as u16, super::xlsx::fit(value))?;
        }
        let ch = row.characters;
        let sg = row.segments;
        let counts = [
            (3, ch.map(|c| c.both)),
            (4, ch.map(|c| c.first_only)),
            (5, ch.map(|c| c.second_only)),
            (6, ch.map(|c| c.neither)),
            (9, sg.map(|s| s.first)),
            (10, sg.map(|s| s.first_agreeing)),
            (11, sg.map(|s| s.second)),
            (12, sg.map(|s| s.second_agreeing)),
        ];
        for (col, v) in counts {
            if let Some(v) = v {
                sheet.write_number(line, col, v as f64)?;
            }
        }
        let values = [
            (7, row.character_agreement, &share),
            (8, row.kappa, &coefficient),
            (13, row.segment_agreement, &share),
            (14, row.kappa_n, &coefficient),
            (15, row.alpha_u, &coefficient),
            (16, row.alpha_binary, &coefficient),
        ];
        for (col, v, format) in values {
            if let Some(v) = v {
                sheet.write_number_with_format(line, col, v, format)?;
            }
        }
        sheet.write_string_with_format(line, 17, super::xlsx::fit(&text[17]), &wrap)?;
    }
    sheet.autofilter(0, 0, rows.len() as u32, (COLUMNS.len() - 1) as u16)?;
    super::xlsx::sheet(&mut workbook, "Method", &["method"], &[110.0])?;
    let method = workbook.worksheet_from_index(1)?;
    for (i, p) in r.method().iter().enumerate() {
        method.write_string_with_format((i + 1) as u32, 0, super::xlsx::fit(p), &wrap)?;
    }
    Ok(workbook.save_to_buffer()?)
}
