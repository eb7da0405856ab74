//! XLSX: one sheet with a bold, frozen header row, an autofilter over every column, widths
//! that suit each column, and wrapped long text. Numbers are numbers.

use rust_xlsxwriter::{Format as CellFormat, FormatAlign, Workbook, Worksheet, XlsxError};

use super::Encoded;
use super::csv::{CODEBOOK_COLUMNS, EXCERPT_COLUMNS};
use crate::project::CodebookEntry;
use crate::retrieval::Retrieval;

/// Excel keeps at most this many characters in a cell.
const CELL_MAX_CHARS: usize = 32_767;
const TRUNCATED: &str = " … [cut at Excel's cell limit; the full text is in Tamga]";

/// `text` cut to fit a cell, saying so.
pub(super) fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    // Excel counts UTF-16 units; counting them keeps emoji-heavy text inside the limit.
    if text.encode_utf16().count() <= CELL_MAX_CHARS {
        return std::borrow::Cow::Borrowed(text);
    }
    let room = CELL_MAX_CHARS - TRUNCATED.encode_utf16().count();
    let mut used = 0;
    let mut out = String::with_capacity(text.len().min(CELL_MAX_CHARS * 4));
    for c in text.chars() {
        used += c.len_utf16();
        if used > room {
            break;
        }
        out.push(c);
    }
    out.push_str(TRUNCATED);
    std::borrow::Cow::Owned(out)
}

pub(super) fn sheet(
    workbook: &mut Workbook,
    name: &str,
    columns: &[&str],
    widths: &[f64],
) -> Result<(), XlsxError> {
    let header = CellFormat::new().set_bold().set_background_color("#e8e8e8");
    let sheet: &mut Worksheet = workbook.add_worksheet();
    sheet.set_name(name)?;
    for (col, (title, width)) in columns.iter().zip(widths).enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, *title, &header)?;
        sheet.set_column_width(col, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn finish(mut workbook: Workbook, rows: usize, columns: usize) -> Encoded {
    let sheet = workbook.worksheet_from_index(0)?;
    sheet.autofilter(0, 0, rows as u32, (columns - 1) as u16)?;
    Ok(workbook.save_to_buffer()?)
}

/// One row per excerpt, in the retrieval's order.
pub(super) fn excerpts(r: &Retrieval) -> Encoded {
    let mut workbook = Workbook::new();
    sheet(
        &mut workbook,
        "Excerpts",
        &EXCERPT_COLUMNS,
        &[
            28.0, 24.0, 10.0, 9.0, 9.0, 70.0, 40.0, 16.0, 21.0, 13.0, 50.0,
        ],
    )?;
    let wrap = CellFormat::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let top = CellFormat::new().set_align(FormatAlign::Top);
    let sheet = workbook.worksheet_from_index(0)?;
    for (i, e) in r.excerpts.iter().enumerate() {
        let row = (i + 1) as u32;
        sheet.write_string_with_format(row, 0, fit(&e.code_paths()), &top)?;
        sheet.write_string_with_format(row, 1, fit(&e.document_name), &top)?;
        sheet.write_number_with_format(row, 2, e.paragraph as f64, &top)?;
        sheet.write_number_with_format(row, 3, e.range.start as f64, &top)?;
        sheet.write_number_with_format(row, 4, e.range.end as f64, &top)?;
        sheet.write_string_with_format(row, 5, fit(&e.text), &wrap)?;
        sheet.write_string_with_format(row, 6, fit(&e.memo()), &wrap)?;
        sheet.write_string_with_format(row, 7, fit(&e.coders()), &top)?;
        sheet.write_string_with_format(row, 8, fit(&e.created()), &top)?;
        sheet.write_string_with_format(row, 9, fit(&e.id_label()), &top)?;
        sheet.write_string_with_format(row, 10, fit(&e.citation()), &wrap)?;
    }
    finish(workbook, r.excerpts.len(), EXCERPT_COLUMNS.len())
}

/// One row per code, parents before children.
pub(super) fn codebook(codebook: &[CodebookEntry]) -> Encoded {
    let mut workbook = Workbook::new();
    sheet(
        &mut workbook,
        "Codebook",
        &CODEBOOK_COLUMNS,
        &[36.0, 70.0, 10.0, 9.0, 9.0, 50.0, 50.0, 50.0],
    )?;
    let wrap = CellFormat::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let sheet = workbook.worksheet_from_index(0)?;
    for (i, e) in codebook.iter().enumerate() {
        let row = (i + 1) as u32;
        sheet.write_string(row, 0, fit(&e.path))?;
        sheet.write_string_with_format(row, 1, fit(e.code.description.trim()), &wrap)?;
        sheet.write_string(row, 2, fit(&e.code.color))?;
        sheet.write_number(row, 3, e.own as f64)?;
        sheet.write_number(row, 4, e.total as f64)?;
        for (col, text) in [
            (5, &e.code.when_to_use),
            (6, &e.code.when_not_to_use),
            (7, &e.code.example),
        ] {
            sheet.write_string_with_format(row, col, fit(text.trim()), &wrap)?;
        }
    }
    finish(workbook, codebook.len(), CODEBOOK_COLUMNS.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_to_a_cell_and_says_so() {
        let long = "Қ".repeat(40_000);
        let cut = fit(&long);
        assert!(cut.encode_utf16().count() <= CELL_MAX_CHARS);
        assert!(cut.ends_with(TRUNCATED));
        assert!(matches!(fit("short"), std::borrow::Cow::Borrowed(_)));
    }
}
