//! PDF: text lines from `pdf_oxide`, laid out into paragraphs here; `pdf-extract` is the
//! fallback when `pdf_oxide` fails on a file or finds no readable text in it.
//!
//! - Every page begins with a paragraph `[page N]` (N counts from 1, as a viewer shows it),
//!   also when there is only one page: a researcher cites pages, and a visible marker can be
//!   coded and searched, where a form feed would be invisible.
//! - Lines keep their line breaks. A paragraph ends where the gap to the next line is wider
//!   than about one and a half lines, where the font size changes, where the next line is
//!   indented further, or where a line starts with a bullet. Runs of spaces become one space.
//! - With [`super::ImportOptions::join_pdf_lines`] the lines of each paragraph are joined into
//!   one: with a space, with nothing between Chinese or Japanese characters, and with nothing
//!   after a hyphen (the hyphen is kept: a line-end hyphen can be a real one, as in
//!   `тарихи-мәдени`, and dropping it would change words). A soft hyphen is removed.
//! - A file whose pages hold no text is refused with advice to run OCR; an encrypted file that
//!   opens without a password is read, one that needs a password is refused.
//! - A file that stops before its `%%EOF` marker is refused as incomplete rather than partly
//!   read.
//!
//! Hostile files: both PDF crates can panic (fuzzing found pdf-extract panicking), so they run
//! under `catch_unwind`. `pdf_oxide` parses nested arrays and dictionaries recursively without a
//! limit, so a 1 KB file nesting `[` 20 000 deep overflows the stack and kills the process —
//! nothing can catch that. Before parsing we therefore scan the file, and every content or
//! object stream compressed with `FlateDecode` alone, and refuse nesting deeper than
//! [`MAX_NESTING`]; and the crates run on a thread of their own with a [`PARSER_STACK`] stack, so
//! nesting the scan cannot see (streams behind other filters, such as ASCII85 + Flate) needs
//! tens of thousands of levels, not a few thousand, to crash.

use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::blocks::{Blocks, collapse_spaces};
use super::{Extracted, ImportError, sniff};

const FORMAT: &str = "PDF";

/// Deepest nesting of arrays and dictionaries accepted. Real documents stay below 20.
const MAX_NESTING: usize = 256;

/// Stack for the thread that runs the PDF crates (a reservation; only what is used is mapped).
const PARSER_STACK: usize = 256 * 1024 * 1024;

/// Caps on inflating streams for the nesting check.
const MAX_STREAM_INFLATE: u64 = 64 * 1024 * 1024;
const MAX_TOTAL_INFLATE: u64 = 256 * 1024 * 1024;

/// A paragraph is a list of lines; a page is a list of paragraphs.
type Page = Vec<Vec<String>>;

pub(super) fn extract(bytes: &[u8], join_lines: bool) -> Result<Extracted, ImportError> {
    let head = &bytes[..bytes.len().min(1024)];
    if !sniff::contains(head, b"%PDF-") {
        return Err(ImportError::WrongFormat {
            expected: "a PDF document",
            found: sniff::describe(bytes),
        });
    }
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    if !sniff::contains(tail, b"%%EOF") {
        return Err(ImportError::Damaged {
            format: FORMAT,
            reason: "it is incomplete: it stops before its end marker, so part of it is missing"
                .to_owned(),
        });
    }
    check_nesting(bytes)?;
    let pages = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("pdf-import".to_owned())
            .stack_size(PARSER_STACK)
            .spawn_scoped(scope, || read_pages(bytes))
            .map_err(|e| ImportError::Io(format!("cannot start the PDF reader: {e}")))?
            .join()
            .unwrap_or_else(|_| Err(reader_failed()))
    })?;
    let mut out = Blocks::default();
    for (number, page) in pages.iter().enumerate() {
        out.push(&format!("[page {}]", number + 1));
        for paragraph in page {
            let text = if join_lines {
                join(paragraph)
            } else {
                paragraph.join("\n")
            };
            out.push(&collapse_spaces(&text));
        }
    }
    Ok(Extracted {
        text: out.finish(),
        encoding: "PDF text layer".to_owned(),
    })
}

/// The pages' text, from `pdf_oxide` or else from `pdf-extract`.
fn read_pages(bytes: &[u8]) -> Result<Vec<Page>, ImportError> {
    let primary = guarded(|| oxide_pages(bytes));
    if let Ok(pages) = &primary
        && readable(pages)
    {
        return primary;
    }
    if matches!(primary, Err(ImportError::PasswordProtected)) {
        return primary;
    }
    let fallback = guarded(|| extract_pages(bytes));
    match (primary, fallback) {
        (_, Ok(pages)) if readable(&pages) => Ok(pages),
        (Ok(pages), _) if has_text(&pages) => Ok(pages),
        (Ok(_), _) => Err(ImportError::NoTextLayer),
        (Err(error), _) => Err(error),
    }
}

/// Runs a PDF crate, turning a panic into a damaged-file error.
fn guarded<T>(f: impl FnOnce() -> Result<T, ImportError>) -> Result<T, ImportError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| Err(reader_failed()))
}

fn reader_failed() -> ImportError {
    ImportError::Damaged {
        format: FORMAT,
        reason: "the PDF reader failed on it".to_owned(),
    }
}

fn too_deep() -> ImportError {
    ImportError::Damaged {
        format: FORMAT,
        reason: format!(
            "it nests arrays or dictionaries more than {MAX_NESTING} levels deep, which no real document does"
        ),
    }
}

/// Refuses nesting deeper than [`MAX_NESTING`] in the file's objects and in its content and
/// object streams compressed with `FlateDecode` alone.
fn check_nesting(bytes: &[u8]) -> Result<(), ImportError> {
    let mut inflated = 0u64;
    let mut streams = Vec::new();
    scan_nesting(bytes, Some(&mut streams))?;
    for (dict, body) in streams {
        if !worth_inflating(dict) || inflated >= MAX_TOTAL_INFLATE {
            continue;
        }
        let cap = MAX_STREAM_INFLATE.min(MAX_TOTAL_INFLATE - inflated);
        let mut data = Vec::new();
        // A broken stream is pdf_oxide's problem; check what inflates.
        let _ = flate2::read::ZlibDecoder::new(body)
            .take(cap)
            .read_to_end(&mut data);
        inflated += data.len() as u64;
        scan_nesting(&data, None)?;
    }
    Ok(())
}

/// A stream whose dictionary says it is page content, a form or an object stream, compressed
/// with Flate and nothing else. Images, fonts, colour profiles and cross-reference streams are
/// binary and would only give false alarms.
fn worth_inflating(dict: &[u8]) -> bool {
    let has = |needle: &[u8]| sniff::contains(dict, needle);
    has(b"FlateDecode")
        && dict.windows(6).filter(|w| w == b"Decode").count() == 1
        && !has(b"/Image")
        && !has(b"/Length1")
        && !has(b"/Length2")
        && !has(b"/XRef")
        && !has(b"/Metadata")
        && !has(b"/EmbeddedFile")
        && !has(b"/N ")
        && (!has(b"/Subtype") || has(b"/Form"))
}

/// Tracks the nesting of `[` and `<<` in PDF syntax, skipping comments, strings and hex strings.
/// With `streams`, stream bodies are skipped and collected with the text before them (the
/// stream's dictionary, up to its `obj` keyword).
fn scan_nesting<'a>(
    bytes: &'a [u8],
    mut streams: Option<&mut Vec<(&'a [u8], &'a [u8])>>,
) -> Result<(), ImportError> {
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                while i < bytes.len() && !matches!(bytes[i], b'\r' | b'\n') {
                    i += 1;
                }
            }
            b'(' => {
                let mut parens = 0usize;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' => i += 1,
                        b'(' => parens += 1,
                        b')' => {
                            parens -= 1;
                            if parens == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            b'[' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(too_deep());
                }
            }
            b']' => depth = depth.saturating_sub(1),
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(too_deep());
                }
                i += 1;
            }
            b'>' if bytes.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'<' => {
                while i < bytes.len() && bytes[i] != b'>' {
                    i += 1;
                }
            }
            b's' if streams.is_some()
                && bytes[i..].starts_with(b"stream")
                && matches!(bytes.get(i + 6), Some(b'\r' | b'\n'))
                && (i == 0 || !bytes[i - 1].is_ascii_alphabetic()) =>
            {
                let mut start = i + 6;
                if bytes.get(start) == Some(&b'\r') {
                    start += 1;
                }
                if bytes.get(start) == Some(&b'\n') {
                    start += 1;
                }
                let end = bytes[start..]
                    .windows(9)
                    .position(|w| w == b"endstream")
                    .map_or(bytes.len(), |at| start + at);
                let from = i.saturating_sub(4096);
                let dict_start = bytes[from..i]
                    .windows(3)
                    .rposition(|w| w == b"obj")
                    .map_or(from, |at| from + at);
                if let Some(list) = streams.as_deref_mut() {
                    list.push((&bytes[dict_start..i], &bytes[start..end]));
                }
                i = end + 9;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

fn has_text(pages: &[Page]) -> bool {
    pages
        .iter()
        .flatten()
        .flatten()
        .any(|line| !line.trim().is_empty())
}

/// Some text, and most of it real characters rather than replacement or private-use glyphs
/// (what a font without a Unicode map gives).
fn readable(pages: &[Page]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    for c in pages.iter().flatten().flatten().flat_map(|l| l.chars()) {
        if c.is_whitespace() {
            continue;
        }
        if c == '\u{fffd}' || ('\u{e000}'..='\u{f8ff}').contains(&c) || c.is_control() {
            bad += 1;
        } else {
            good += 1;
        }
    }
    good > 0 && bad * 10 < good
}

fn damaged(error: &impl std::fmt::Display) -> ImportError {
    ImportError::Damaged {
        format: FORMAT,
        reason: error.to_string(),
    }
}

/// A line of text and where it sits: `y` grows up the page, `height` is about the font size.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    x: f32,
    y: f32,
    right: f32,
    height: f32,
}

fn oxide_pages(bytes: &[u8]) -> Result<Vec<Page>, ImportError> {
    let document = pdf_oxide::PdfDocument::from_bytes(bytes.to_vec()).map_err(|e| damaged(&e))?;
    if document.is_encrypted() && !document.authenticate(b"").unwrap_or(false) {
        return Err(ImportError::PasswordProtected);
    }
    let count = document.page_count().map_err(|e| damaged(&e))?;
    let mut pages = Vec::with_capacity(count);
    let mut failures = 0;
    let mut first_error = None;
    for index in 0..count {
        match document.extract_text_lines(index) {
            Ok(lines) => {
                let lines: Vec<Line> = lines
                    .into_iter()
                    .filter(|l| !l.text.trim().is_empty())
                    .map(|l| Line {
                        text: l.text,
                        x: l.bbox.x,
                        y: l.bbox.y,
                        right: l.bbox.x + l.bbox.width,
                        height: l.bbox.height.abs().max(1.0),
                    })
                    .collect();
                pages.push(lay_out(&lines));
            }
            Err(error) => {
                failures += 1;
                first_error.get_or_insert_with(|| damaged(&error));
                pages.push(Vec::new());
            }
        }
    }
    match first_error {
        Some(error) if failures == count => Err(error),
        _ => Ok(pages),
    }
}

fn extract_pages(bytes: &[u8]) -> Result<Vec<Page>, ImportError> {
    let pages = pdf_extract::extract_text_from_mem_by_pages(bytes).map_err(|e| damaged(&e))?;
    Ok(pages
        .iter()
        .map(|page| {
            crate::text::normalize_line_endings(page)
                .split("\n\n")
                .map(|para| {
                    para.lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_owned)
                        .collect::<Vec<_>>()
                })
                .filter(|para| !para.is_empty())
                .collect()
        })
        .collect())
}

/// Groups a page's lines (in reading order) into rows and paragraphs.
fn lay_out(lines: &[Line]) -> Page {
    let rows = rows(lines);
    let page_right = rows.iter().map(|r| r.right).fold(f32::MIN, f32::max);
    let mut page: Page = Vec::new();
    let mut previous: Option<&Line> = None;
    for row in &rows {
        let new_paragraph = previous.is_none_or(|prev| starts_paragraph(prev, row, page_right));
        if new_paragraph || page.is_empty() {
            page.push(vec![row.text.clone()]);
        } else if let Some(paragraph) = page.last_mut() {
            paragraph.push(row.text.clone());
        }
        previous = Some(row);
    }
    page
}

/// Lines on the same baseline (table cells, columns of a form) joined into one row.
fn rows(lines: &[Line]) -> Vec<Line> {
    let mut rows: Vec<Line> = Vec::new();
    for line in lines {
        match rows.last_mut() {
            Some(row)
                if (row.y - line.y).abs() < 0.5 * row.height.min(line.height)
                    && line.x >= row.right =>
            {
                row.text.push(' ');
                row.text.push_str(line.text.trim());
                row.right = line.right;
                row.height = row.height.max(line.height);
            }
            _ => rows.push(Line {
                text: line.text.trim().to_owned(),
                ..line.clone()
            }),
        }
    }
    rows
}

fn starts_paragraph(prev: &Line, line: &Line, page_right: f32) -> bool {
    let height = prev.height.max(line.height);
    let gap = (prev.y - line.y).abs();
    if gap > 1.45 * height || gap < 0.1 * height && line.x < prev.x {
        return true;
    }
    let (small, large) = if prev.height < line.height {
        (prev.height, line.height)
    } else {
        (line.height, prev.height)
    };
    if large > small * 1.15 {
        return true;
    }
    if starts_with_bullet(&line.text) {
        return true;
    }
    if line.x - prev.x > 0.8 * height && !starts_with_bullet(&prev.text) {
        return true;
    }
    // A short line that ends a sentence, followed by one at the margin.
    let ends_sentence = prev
        .text
        .trim_end()
        .ends_with(['.', '!', '?', '…', ':', '»', '”', '"']);
    ends_sentence && prev.right < page_right - 4.0 * height && (line.x - prev.x).abs() < height
}

fn starts_with_bullet(text: &str) -> bool {
    let text = text.trim_start();
    if text.starts_with(['•', '◦', '▪', '‣', '●', '○', '■', '□', '–', '—', '·'])
    {
        return true;
    }
    // "1." / "12)" / "a)" followed by a space.
    let marker: String = text
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let rest = &text[marker.len()..];
    !marker.is_empty()
        && (marker.chars().all(|c| c.is_ascii_digit()) && marker.len() <= 3
            || marker.len() == 1 && rest.starts_with(')'))
        && (rest.starts_with(". ") || rest.starts_with(") "))
}

/// One line from a paragraph's lines: see the module comment for where spaces go.
fn join(lines: &[String]) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if out.ends_with('\u{ad}') {
            out.pop();
        } else if !out.is_empty() {
            let last = out.chars().last().unwrap_or(' ');
            let next = line.chars().next().unwrap_or(' ');
            let hyphen = matches!(last, '-' | '\u{2010}')
                && out.chars().rev().nth(1).is_some_and(char::is_alphabetic);
            if !(hyphen || is_cjk(last) || is_cjk(next)) {
                out.push(' ');
            }
        }
        out.push_str(line);
    }
    out
}

/// Chinese, Japanese and fullwidth characters, which are written without spaces.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{30ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{ff00}'..='\u{ffef}'
        | '\u{20000}'..='\u{2fa1f}')
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::import::testing::{fixture, fixture_path, mutated, noise};

    #[test]
    fn joined_lines_match_their_expected_text() {
        let got = extract(&fixture("pages.pdf"), true).unwrap().text;
        let expected_path = fixture_path("pages.pdf.joined.expected.txt");
        if std::env::var_os("TAMGA_BLESS").is_some() {
            std::fs::write(&expected_path, &got).unwrap();
        }
        assert_eq!(got, std::fs::read_to_string(expected_path).unwrap());
    }

    #[test]
    fn a_scan_without_text_asks_for_ocr() {
        let err = extract(&fixture("refused/scan.pdf"), false).unwrap_err();
        assert_eq!(err, ImportError::NoTextLayer);
        assert_eq!(
            err.to_string(),
            "this PDF has no text layer (it is probably scanned); run OCR on it first"
        );
    }

    #[test]
    fn a_truncated_pdf_is_refused_clearly() {
        let bytes = fixture("sample.pdf");
        for cut in [bytes.len() / 2, bytes.len() - 10, 2000] {
            let err = extract(&bytes[..cut], false).unwrap_err();
            assert!(
                matches!(&err, ImportError::Damaged { reason, .. } if reason.contains("incomplete")),
                "{err}"
            );
        }
    }

    #[test]
    fn a_damaged_pdf_with_an_end_marker_is_an_error_not_a_panic() {
        let mut bytes = fixture("sample.pdf");
        let middle = bytes.len() / 3;
        bytes.drain(middle..middle * 2);
        let _ = extract(&bytes, false);
        assert!(extract(b"%PDF-1.7\nnonsense\n%%EOF\n", false).is_err());
    }

    #[test]
    fn a_panic_inside_a_pdf_crate_becomes_an_error() {
        // Found by fuzzing: pdf-extract panics ("MediaBox") on this mutated scan.pdf.
        let bytes = fixture("refused/pdf-extract-panic.pdf");
        assert!(std::panic::catch_unwind(|| extract(&bytes, false)).is_ok());
    }

    /// A one-page PDF whose page content is `content`, compressed with Flate.
    fn pdf_with_content(content: &[u8], extra_catalog: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut encoder =
            flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(content).unwrap();
        let stream = encoder.finish().unwrap();
        let mut objects: Vec<Vec<u8>> = vec![
            [b"<< /Type /Catalog /Pages 2 0 R ".as_slice(), extra_catalog, b">>"].concat(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_vec(),
            [format!("<< /Length {} /Filter /FlateDecode >>\nstream\n", stream.len()).as_bytes(), &stream, b"\nendstream"].concat(),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        ];
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (n, object) in objects.iter_mut().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n", n + 1).as_bytes());
            out.append(object);
            out.extend(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes());
        for offset in offsets {
            out.extend(format!("{offset:010} 00000 n \n").as_bytes());
        }
        out.extend(
            format!("trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
        );
        out
    }

    #[test]
    fn a_hand_made_pdf_is_read() {
        let pdf = pdf_with_content(b"BT /F1 12 Tf 72 700 Td [(Hello) -250 (world)] TJ ET", b"");
        assert_eq!(
            extract(&pdf, false).unwrap().text,
            "[page 1]\n\nHello world"
        );
    }

    #[test]
    fn deep_nesting_is_refused_before_it_can_overflow_the_stack() {
        let deep = |n: usize| [b"[".repeat(n), b"(x)".to_vec(), b"]".repeat(n)].concat();
        let content = [
            b"BT /F1 12 Tf 72 700 Td ".to_vec(),
            deep(50_000),
            b" TJ ET".to_vec(),
        ]
        .concat();
        let err = extract(&pdf_with_content(&content, b""), false).unwrap_err();
        assert!(err.to_string().contains("levels deep"), "{err}");
        let catalog = [b"/X ".to_vec(), deep(50_000)].concat();
        let err = extract(&pdf_with_content(b"BT ET", &catalog), false).unwrap_err();
        assert!(err.to_string().contains("levels deep"), "{err}");
        let dicts = [b"/X ".to_vec(), b"<< /A ".repeat(300), b">> ".repeat(300)].concat();
        assert!(extract(&pdf_with_content(b"BT ET", &dicts), false).is_err());
    }

    #[test]
    fn the_nesting_scan_skips_strings_comments_and_binary_streams() {
        assert!(scan_nesting(&b"([[[[[[[[) % [[[[[[[[\n<5b5b5b>".repeat(100), None).is_ok());
        let image = [
            b"5 0 obj << /Subtype /Image /Filter /FlateDecode >>\nstream\n".to_vec(),
            b"[".repeat(10_000),
            b"\nendstream".to_vec(),
        ]
        .concat();
        let mut streams = Vec::new();
        assert!(scan_nesting(&image, Some(&mut streams)).is_ok());
        assert_eq!(streams.len(), 1);
        assert!(!worth_inflating(streams[0].0));
    }

    #[test]
    fn other_files_are_not_pdfs() {
        assert_eq!(
            extract(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", false),
            Err(ImportError::WrongFormat {
                expected: "a PDF document",
                found: "a PNG image"
            })
        );
    }

    #[test]
    fn joining_keeps_hyphens_and_leaves_no_space_in_chinese() {
        let lines = |l: &[&str]| l.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            join(&lines(&[
                "тарихи-",
                "мәдени мұра",
                "and recog\u{ad}",
                "nition"
            ])),
            "тарихи-мәдени мұра and recognition"
        );
        assert_eq!(
            join(&lines(&["中国的现代化是一个", "漫长的过程。", "Next"])),
            "中国的现代化是一个漫长的过程。Next"
        );
        assert_eq!(join(&lines(&["a -", "b"])), "a - b");
    }

    #[test]
    fn bullets_and_numbers_start_paragraphs() {
        assert!(starts_with_bullet("• item"));
        assert!(starts_with_bullet("— реплика"));
        assert!(starts_with_bullet("12. Пункт"));
        assert!(starts_with_bullet("a) пункт"));
        assert!(!starts_with_bullet("2024 жылы"));
        assert!(!starts_with_bullet("Қазақстан"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn mutated_pdf_never_panics(bytes in mutated(fixture("sample.pdf"))) {
            let _ = extract(&bytes, true);
        }

        #[test]
        fn random_bytes_never_panic(bytes in noise(b"%PDF-1.4\n")) {
            let _ = extract(&bytes, false);
        }
    }
}
