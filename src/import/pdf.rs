//! PDF: glyphs and their positions from `pdf_oxide`, laid out into text here (`layout`: lines
//! in reading order; `flow`: paragraphs and the page map); `pdf-extract` is the fallback when
//! `pdf_oxide` fails on a file or finds no readable text in it.
//!
//! - The text holds no page markers: [`Extracted::pages`](super::Extracted::pages) gives the
//!   character offset where each page starts, and a paragraph that runs across a page break is
//!   one paragraph.
//! - Columns are read one after the other, right-to-left lines in logical order, ligatures and
//!   presentation forms as letters; spaces come from the glyphs' positions (see `layout`).
//! - Paragraphs are rebuilt from indents, gaps and line lengths; lines keep their line breaks
//!   unless [`super::ImportOptions::join_pdf_lines`] asks to join the lines that wrapped (see
//!   `flow`). Running heads and page numbers are left out.
//! - Glyphs whose font gives no Unicode character for them (private-use or replacement
//!   characters) are stored as `�` and counted in a warning, never guessed.
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

mod actual_text;
mod flow;
mod layout;

use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};

use self::layout::{Block, Glyph};
use super::blocks::collapse_spaces;
use super::{Extracted, ImportError, sniff};

const FORMAT: &str = "PDF";

/// Deepest nesting of arrays and dictionaries accepted. Real documents stay below 20.
const MAX_NESTING: usize = 256;

/// Stack for the thread that runs the PDF crates (a reservation; only what is used is mapped).
const PARSER_STACK: usize = 256 * 1024 * 1024;

/// Caps on inflating streams for the nesting check.
const MAX_STREAM_INFLATE: u64 = 64 * 1024 * 1024;
const MAX_TOTAL_INFLATE: u64 = 256 * 1024 * 1024;

/// What the PDF crates read: laid-out pages from `pdf_oxide`, or paragraphs of plain text
/// per page from `pdf-extract`.
enum Pages {
    Laid {
        pages: Vec<Vec<Block>>,
        /// Glyphs stored as `�`.
        unreadable: usize,
        /// Pages with glyphs the PDF crate left out.
        missing: usize,
    },
    Plain(Vec<Vec<String>>),
}

impl Pages {
    fn lines(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        match self {
            Pages::Laid { pages, .. } => Box::new(
                pages
                    .iter()
                    .flatten()
                    .flat_map(|b| b.lines.iter().map(|l| l.text.as_str())),
            ),
            Pages::Plain(pages) => Box::new(pages.iter().flatten().map(String::as_str)),
        }
    }
}

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
    let mut warnings = Vec::new();
    let flowed = match pages {
        Pages::Laid {
            pages,
            unreadable,
            missing,
        } => {
            if unreadable > 0 {
                warnings.push(format!(
                    "{unreadable} characters could not be read because their font gives no Unicode for them (often maths symbols in older TeX papers); they are shown as �"
                ));
            }
            if missing > 0 {
                let pages = if missing == 1 {
                    "one page".to_owned()
                } else {
                    format!("{missing} pages")
                };
                warnings.push(format!(
                    "some symbols on {pages} could not be read because their font gives no Unicode for them (often bullets or symbols drawn from a bitmap font); they are left out"
                ));
            }
            flow::flow(pages, join_lines)
        }
        Pages::Plain(pages) => plain_flow(&pages),
    };
    Ok(Extracted {
        text: flowed.text,
        encoding: "PDF text layer".to_owned(),
        pages: flowed.pages,
        warnings,
    })
}

/// Text from `pdf-extract`'s paragraphs: lines kept, spaces collapsed.
fn plain_flow(pages: &[Vec<String>]) -> flow::Flowed {
    let mut text = String::new();
    let mut starts = Vec::with_capacity(pages.len());
    let mut chars = 0usize;
    for page in pages {
        let mut page_start = None;
        for paragraph in page {
            let paragraph = layout::fold(&collapse_spaces(paragraph));
            let paragraph = paragraph.trim();
            if paragraph.is_empty() {
                continue;
            }
            if !text.is_empty() {
                text.push_str("\n\n");
                chars += 2;
            }
            page_start.get_or_insert(chars);
            text.push_str(paragraph);
            chars += paragraph.chars().count();
        }
        starts.push(page_start.unwrap_or(chars));
    }
    if let Some(first) = starts.first_mut() {
        *first = 0;
    }
    flow::Flowed {
        text,
        pages: starts,
    }
}

/// The pages' text, from `pdf_oxide` or else from `pdf-extract`.
fn read_pages(bytes: &[u8]) -> Result<Pages, ImportError> {
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

fn has_text(pages: &Pages) -> bool {
    pages.lines().any(|line| !line.trim().is_empty())
}

/// Some text, and most of it real characters rather than replacement or private-use glyphs
/// (what a font without a Unicode map gives).
fn readable(pages: &Pages) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    for c in pages.lines().flat_map(str::chars) {
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

fn oxide_pages(bytes: &[u8]) -> Result<Pages, ImportError> {
    let document = pdf_oxide::PdfDocument::from_bytes(bytes.to_vec()).map_err(|e| damaged(&e))?;
    if document.is_encrypted() && !document.authenticate(b"").unwrap_or(false) {
        return Err(ImportError::PasswordProtected);
    }
    let count = document.page_count().map_err(|e| damaged(&e))?;
    let mut pages = Vec::with_capacity(count);
    let mut unreadable = 0;
    let mut missing = 0;
    let mut failures = 0;
    let mut first_error = None;
    for index in 0..count {
        match page_chars(&document, index) {
            Ok((chars, actual, left_out)) => {
                let (glyphs, rotated, bad) = glyphs(&chars, &actual);
                unreadable += bad;
                missing += usize::from(left_out);
                let mut blocks = layout::lay_out(glyphs);
                // Text set at an angle (a stamp in the margin, a rotated table) after the rest.
                blocks.extend(layout::lay_out(rotated));
                pages.push(blocks);
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
        _ => Ok(Pages::Laid {
            pages,
            unreadable,
            missing,
        }),
    }
}

/// Marked-content ids from this number up stand for `/ActualText` scopes (see [`page_chars`]).
const ACTUAL_TEXT_ID: u32 = 1_000_000_000;

/// A page's characters (as `PdfDocument::extract_chars` gives them), the replacement texts of
/// its `/ActualText` scopes, and whether it draws text in a font whose characters cannot be
/// known and of which `pdf_oxide` gave nothing (the glyphs of a TeX bitmap font).
///
/// `pdf_oxide` 0.3 passes a replacement text's UTF-8 bytes through the font's encoding when it
/// extracts characters, which turns LibreOffice's Arabic (it marks letters with vowel signs,
/// and glyphs shared by two letters, this way) into mojibake. So each scope's properties are
/// rewritten to a marked-content id of our own before extraction, its glyphs come out tagged
/// with that id, and [`glyphs`] puts the replacement text in their place.
fn page_chars(
    document: &pdf_oxide::PdfDocument,
    index: usize,
) -> pdf_oxide::Result<(Vec<pdf_oxide::layout::TextChar>, Vec<String>, bool)> {
    let page = document.get_page(index)?;
    let Some(dict) = page.as_dict() else {
        return Ok((Vec::new(), Vec::new(), false));
    };
    // As pdf_oxide does: a page whose content cannot be decoded has no text.
    let Ok(content) = document.get_page_content_data(index) else {
        return Ok((Vec::new(), Vec::new(), false));
    };
    if !pdf_oxide::PdfDocument::may_contain_text_public(&content) {
        return Ok((Vec::new(), Vec::new(), false));
    }
    let (content, actual) = actual_text::rewrite(&content, ACTUAL_TEXT_ID);
    let unmapped = dict
        .get("Resources")
        .map(|r| unmapped_fonts(document, r))
        .unwrap_or_default();
    let mut extractor = pdf_oxide::extractors::TextExtractor::new();
    extractor.set_page_index(u32::try_from(index).unwrap_or(u32::MAX));
    if let Some(resources) = dict.get("Resources") {
        extractor.set_resources(resources.clone());
        extractor.set_document(document);
        // Fonts that fail to load fall back to defaults, as in pdf_oxide.
        let _ = document.load_fonts_public(resources, &mut extractor);
    }
    let mut chars = extractor.extract_owned(&content)?;
    let mut seen = std::collections::HashSet::new();
    for c in &mut chars {
        if unmapped.names.contains(&c.font_name) && !c.char.is_whitespace() {
            c.char = '\u{fffd}';
            seen.insert(c.font_name.clone());
        }
    }
    let missing = unmapped.used.iter().any(|(key, names)| {
        names.iter().all(|n| !seen.contains(n))
            && find(&content, format!("/{key} ").as_bytes()).is_some()
    });
    Ok((chars, actual, missing))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Fonts of a page whose characters cannot be known.
#[derive(Debug, Default)]
struct Unmapped {
    /// Their names as `pdf_oxide` reports them on characters.
    names: std::collections::HashSet<String>,
    /// Their resource names (as content streams select them) with those names.
    used: Vec<(String, Vec<String>)>,
}

/// Names (as `pdf_oxide` reports them) of the fonts of a page whose characters cannot be known:
/// no `/ToUnicode` map, and glyph names that say nothing (`/g12`, `/a136`, `/cid7`), so a
/// reader can only guess from the codes, and `pdf_oxide` does (code 0x41 becomes "A").
fn unmapped_fonts(
    document: &pdf_oxide::PdfDocument,
    resources: &pdf_oxide::object::Object,
) -> Unmapped {
    let mut names = Unmapped::default();
    let resolve = |o: &pdf_oxide::object::Object| document.resolve_object(o).ok();
    let Some(fonts) = resolve(resources)
        .and_then(|r| r.as_dict().and_then(|d| d.get("Font")).cloned())
        .and_then(|f| resolve(&f))
    else {
        return names;
    };
    let Some(fonts) = fonts.as_dict() else {
        return names;
    };
    for (key, font) in fonts {
        let Some(font) = resolve(font) else { continue };
        let Some(font) = font.as_dict() else { continue };
        if font.contains_key("ToUnicode") {
            continue;
        }
        let name = |key: &str| font.get(key).and_then(|n| n.as_name()).map(str::to_owned);
        let base = name("BaseFont").unwrap_or_default();
        if base.contains("Dingbats") {
            continue;
        }
        let Some(differences) = font
            .get("Encoding")
            .and_then(resolve)
            .and_then(|e| e.as_dict().and_then(|d| d.get("Differences")).cloned())
            .and_then(|d| resolve(&d))
        else {
            continue;
        };
        let meaningless = differences.as_array().is_some_and(|list| {
            list.iter()
                .filter_map(|o| o.as_name())
                .any(meaningless_glyph_name)
        });
        if meaningless {
            let these: Vec<String> = [name("BaseFont"), name("Name")]
                .into_iter()
                .flatten()
                .collect();
            names.names.extend(these.iter().cloned());
            names.used.push((key.clone(), these));
        }
    }
    names
}

/// A glyph name that is only a number with a short prefix: `g12`, `G3`, `a136`, `cid7`,
/// `glyph40`, `index5`.
fn meaningless_glyph_name(name: &str) -> bool {
    let digits = name.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let prefix = &name[..name.len() - digits.len()];
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && matches!(
            prefix,
            "g" | "G" | "a" | "c" | "C" | "cid" | "gid" | "glyph" | "index" | "char"
        )
}

/// The glyphs of a page: upright ones, those set at an angle (turned upright), and the number
/// of glyphs whose font gave no character for them.
fn glyphs(
    chars: &[pdf_oxide::layout::TextChar],
    actual: &[String],
) -> (Vec<Glyph>, Vec<Glyph>, usize) {
    let mut upright = Vec::with_capacity(chars.len());
    let mut rotated = Vec::new();
    let mut unreadable = 0;
    let replaced = actual_text::replace(chars, actual, ACTUAL_TEXT_ID);
    for ch in replaced.iter() {
        let mut c = ch.char;
        if c.is_whitespace() || c.is_control() && c != '\u{fffd}' {
            continue;
        }
        if c == '\u{fffd}' || ('\u{e000}'..='\u{f8ff}').contains(&c) {
            unreadable += 1;
            c = '\u{fffd}';
        }
        let size = if ch.font_size.is_finite() && ch.font_size > 0.0 {
            ch.font_size
        } else {
            ch.bbox.height.abs().max(1.0)
        };
        let width = [ch.advance_width, ch.bbox.width]
            .into_iter()
            .find(|w| w.is_finite() && *w > 0.0 && *w < 4.0 * size)
            .unwrap_or(0.5 * size);
        let angle = ch.rotation_degrees.rem_euclid(360.0);
        let glyph = Glyph {
            c,
            x: ch.origin_x,
            width,
            y: ch.origin_y,
            size,
        };
        if (5.0..=355.0).contains(&angle) {
            // Into the text's own frame: x along its baseline, y across it.
            let (sin, cos) = angle.to_radians().sin_cos();
            rotated.push(Glyph {
                x: glyph.x * cos + glyph.y * sin,
                y: glyph.y * cos - glyph.x * sin,
                ..glyph
            });
        } else {
            upright.push(glyph);
        }
    }
    (upright, rotated, unreadable)
}

fn extract_pages(bytes: &[u8]) -> Result<Pages, ImportError> {
    let pages = pdf_extract::extract_text_from_mem_by_pages(bytes).map_err(|e| damaged(&e))?;
    Ok(Pages::Plain(
        pages
            .iter()
            .map(|page| {
                crate::text::normalize_line_endings(page)
                    .split("\n\n")
                    .map(|para| {
                        para.lines()
                            .map(str::trim)
                            .filter(|l| !l.is_empty())
                            .collect::<Vec<_>>()
                            .join("\n")
                    })
                    .filter(|para| !para.is_empty())
                    .collect()
            })
            .collect(),
    ))
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
        pdf_with_font(
            content,
            extra_catalog,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        )
    }

    /// A one-page PDF whose page content is `content` set in the font `font` (as `/F1`).
    fn pdf_with_font(content: &[u8], extra_catalog: &[u8], font: &[u8]) -> Vec<u8> {
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
            font.to_vec(),
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
        let extracted = extract(&pdf, false).unwrap();
        assert_eq!(extracted.text, "Hello world");
        assert_eq!(extracted.pages, vec![0]);
    }

    #[test]
    fn glyphs_placed_one_by_one_make_whole_words() {
        // Kerning pulls "W" and "a" together; digits and commas are set one by one with
        // small gaps; a font change puts the full stop after a gap of a tenth of an em.
        let pdf = pdf_with_content(
            b"BT /F1 12 Tf 72 700 Td [(W) 80 (ashington) -250 (8) -40 (,) -40 (9) -40 (3) -40 (5)] TJ ( ugly) Tj [-100 (.)] TJ ET",
            b"",
        );
        assert_eq!(extract(&pdf, false).unwrap().text, "Washington 8,935 ugly.");
    }

    #[test]
    fn glyphs_without_unicode_are_shown_and_counted_never_guessed() {
        // A font whose codes map to glyph names no reader knows and no ToUnicode map: the
        // characters cannot be known.
        let font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Mystery /Encoding << /Type /Encoding /Differences [65 /g101 /g102 /g103] >> >>";
        let pdf = pdf_with_font(
            b"BT /F1 12 Tf 72 700 Td (ABC) Tj ET BT /F2 12 Tf 72 680 Td ET",
            b"",
            font,
        );
        let extracted = extract(&pdf, false).unwrap();
        assert_eq!(extracted.text, "\u{fffd}\u{fffd}\u{fffd}");
        assert_eq!(
            extracted.warnings,
            vec!["3 characters could not be read because their font gives no Unicode for them (often maths symbols in older TeX papers); they are shown as �".to_owned()]
        );
        assert!(meaningless_glyph_name("g101") && meaningless_glyph_name("a136"));
        assert!(!meaningless_glyph_name("element") && !meaningless_glyph_name("uni0411"));
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
