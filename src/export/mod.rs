//! Exports: retrieved excerpts, the codebook, one whole coded document, the memos, or an
//! intercoder agreement report, written to a file.
//! One file per format. Writers format what `retrieval` built from project queries (a
//! [`Retrieval`], the codebook, a [`CodedDocument`]) into bytes and never see SQL;
//! [`write_atomically`] puts the bytes in place so that a failure never leaves a half-written
//! file under the requested name.

mod agreement;
mod csv;
mod docx;
mod html;
mod markdown;
mod odt;
mod xlsx;

use std::borrow::Cow;
use std::fmt;
use std::io::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::analysis::agreement::Report;
use crate::domain::Direction;
use crate::memos::{MemoEntry, MemoKind};
use crate::project::CodebookEntry;
use crate::retrieval::{CodedDocument, Retrieval};

/// A file format Tamga writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Word `.docx`, styled with named paragraph styles; a coded document carries its codings
    /// as comments.
    Docx,
    /// OpenDocument text `.odt` (LibreOffice Writer), with the same named styles as DOCX.
    Odt,
    /// Markdown `.md` for Pandoc and Obsidian: a heading per code, excerpts as block quotes.
    Markdown,
    /// One self-contained `.html` page, no scripts, that reads on screen and prints well.
    Html,
    /// CSV for spreadsheets: a byte-order mark so Excel reads every script, and cells that a
    /// spreadsheet would run as a formula made inert.
    Csv,
    /// CSV for scripts (R, Python): UTF-8 without a byte-order mark, every character as stored.
    CsvRaw,
    /// An Excel `.xlsx` sheet with a frozen header row and a filter on every column.
    Xlsx,
}

impl Format {
    /// Every format, in the order the CLI lists them.
    pub const ALL: [Format; 7] = [
        Format::Docx,
        Format::Odt,
        Format::Markdown,
        Format::Html,
        Format::Csv,
        Format::CsvRaw,
        Format::Xlsx,
    ];

    /// The format called `name` (`docx`, `odt`, `md` or `markdown`, `html` or `htm`, `csv`,
    /// `csv-raw`, `xlsx`; any case).
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "docx" => Some(Format::Docx),
            "odt" => Some(Format::Odt),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "csv" => Some(Format::Csv),
            "csv-raw" => Some(Format::CsvRaw),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    /// The format a file name's extension names.
    pub fn from_path(path: &Path) -> Option<Format> {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(Format::from_name)
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Odt => "odt",
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Csv | Format::CsvRaw => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    /// The name `--format` takes (`csv-raw` for [`Format::CsvRaw`], else the extension).
    pub fn name(self) -> &'static str {
        match self {
            Format::CsvRaw => "csv-raw",
            other => other.extension(),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Formats for excerpts.
pub const EXCERPT_FORMATS: [Format; 7] = Format::ALL;
/// Formats for the codebook.
pub const CODEBOOK_FORMATS: [Format; 5] = [
    Format::Markdown,
    Format::Docx,
    Format::Csv,
    Format::CsvRaw,
    Format::Xlsx,
];
/// Formats for memos.
pub const MEMO_FORMATS: [Format; 4] = [Format::Docx, Format::Odt, Format::Markdown, Format::Html];
/// Formats for a whole coded document.
pub const DOCUMENT_FORMATS: [Format; 2] = [Format::Html, Format::Docx];

/// Formats for an intercoder agreement report.
pub const AGREEMENT_FORMATS: [Format; 5] = [
    Format::Docx,
    Format::Html,
    Format::Csv,
    Format::CsvRaw,
    Format::Xlsx,
];

/// Why an export failed. Messages give the reason first and the path last.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Creating, writing or moving the file into place failed; no partial file is left.
    #[error("{reason}: {}", .path.display())]
    Io {
        /// What failed and why, in plain words ("cannot create the export file (permission
        /// denied)").
        reason: String,
        /// The file asked for.
        path: PathBuf,
    },
    /// The format cannot hold this kind of export (say, the codebook as HTML).
    #[error("{what} cannot be exported as {format} (choose {choices}): {}", .path.display())]
    Unsupported {
        /// What was to be exported: "the codebook", "a coded document".
        what: &'static str,
        /// The format asked for.
        format: Format,
        /// The formats that can hold it, by `--format` name, comma-separated.
        choices: String,
        /// The file asked for.
        path: PathBuf,
    },
    /// The writer could not produce the file's bytes; nothing was written.
    #[error("cannot encode the {format} file ({detail}); nothing was written: {}", .path.display())]
    Encode {
        /// The format being written.
        format: Format,
        /// The writer library's reason.
        detail: String,
        /// The file asked for.
        path: PathBuf,
    },
}

/// The result of an export; fails with an [`ExportError`] by default.
pub type Result<T, E = ExportError> = std::result::Result<T, E>;

/// A writer's failure to produce its bytes.
#[derive(Debug)]
struct EncodeError(String);

impl<E: std::error::Error> From<E> for EncodeError {
    fn from(e: E) -> Self {
        EncodeError(e.to_string())
    }
}

type Encoded = std::result::Result<Vec<u8>, EncodeError>;

fn unsupported(what: &'static str, format: Format, choices: &[Format], path: &Path) -> ExportError {
    ExportError::Unsupported {
        what,
        format,
        choices: choices
            .iter()
            .map(|f| f.name())
            .collect::<Vec<_>>()
            .join(", "),
        path: path.to_owned(),
    }
}

fn encoded(format: Format, path: &Path, bytes: Encoded) -> Result<Vec<u8>> {
    bytes.map_err(|e| ExportError::Encode {
        format,
        detail: e.0,
        path: path.to_owned(),
    })
}

/// Encodes retrieved excerpts as `format` (any of [`EXCERPT_FORMATS`]).
pub fn excerpts_to_bytes(retrieval: &Retrieval, format: Format, path: &Path) -> Result<Vec<u8>> {
    let bytes = match format {
        Format::Docx => docx::excerpts(retrieval),
        Format::Odt => odt::excerpts(retrieval),
        Format::Markdown => Ok(markdown::excerpts(retrieval).into_bytes()),
        Format::Html => Ok(html::excerpts(retrieval).into_bytes()),
        Format::Csv => csv::excerpts(retrieval, csv::Flavour::Spreadsheet),
        Format::CsvRaw => csv::excerpts(retrieval, csv::Flavour::Raw),
        Format::Xlsx => xlsx::excerpts(retrieval),
    };
    encoded(format, path, bytes)
}

/// Writes retrieved excerpts to `path` as `format`: a heading per code with its description,
/// each excerpt quoted with its citation, id and memo (DOCX, ODT, Markdown, HTML), or one row
/// per excerpt (CSV, XLSX).
pub fn export_excerpts(retrieval: &Retrieval, format: Format, path: &Path) -> Result<()> {
    write_atomically(path, &excerpts_to_bytes(retrieval, format, path)?)
}

/// Encodes the codebook (path, description, colour, counts) as Markdown, DOCX, CSV or XLSX.
/// `path` is only named in errors.
pub fn codebook_to_bytes(
    codebook: &[CodebookEntry],
    project_name: &str,
    format: Format,
    path: &Path,
) -> Result<Vec<u8>> {
    let bytes = match format {
        Format::Markdown => Ok(markdown::codebook(codebook, project_name).into_bytes()),
        Format::Docx => docx::codebook(codebook, project_name),
        Format::Csv => csv::codebook(codebook, csv::Flavour::Spreadsheet),
        Format::CsvRaw => csv::codebook(codebook, csv::Flavour::Raw),
        Format::Xlsx => xlsx::codebook(codebook),
        Format::Odt | Format::Html => {
            return Err(unsupported("the codebook", format, &CODEBOOK_FORMATS, path));
        }
    };
    encoded(format, path, bytes)
}

/// Writes the codebook (path, description, colour, counts) to `path` as Markdown, DOCX, CSV
/// or XLSX.
pub fn export_codebook(
    codebook: &[CodebookEntry],
    project_name: &str,
    format: Format,
    path: &Path,
) -> Result<()> {
    write_atomically(
        path,
        &codebook_to_bytes(codebook, project_name, format, path)?,
    )
}

/// Encodes one whole document with its coded passages highlighted and the codes' names beside
/// them (HTML), or as Word comments (DOCX). `path` is only named in errors.
pub fn document_to_bytes(document: &CodedDocument, format: Format, path: &Path) -> Result<Vec<u8>> {
    let bytes = match format {
        Format::Html => Ok(html::document(document).into_bytes()),
        Format::Docx => docx::document(document),
        _ => {
            return Err(unsupported(
                "a coded document",
                format,
                &DOCUMENT_FORMATS,
                path,
            ));
        }
    };
    encoded(format, path, bytes)
}

/// Writes one whole document with its coded passages highlighted and the codes' names beside
/// them (HTML), or as Word comments (DOCX).
pub fn export_document(document: &CodedDocument, format: Format, path: &Path) -> Result<()> {
    write_atomically(path, &document_to_bytes(document, format, path)?)
}

/// Encodes memos (as [`crate::memos::list`] gives them, perhaps filtered) grouped by kind, each
/// with what it is attached to and who last changed it when, as DOCX, ODT, Markdown or HTML.
/// `path` is only named in errors.
pub fn memos_to_bytes(
    memos: &[MemoEntry],
    project_name: &str,
    format: Format,
    path: &Path,
) -> Result<Vec<u8>> {
    let bytes = match format {
        Format::Docx => docx::memos(memos, project_name),
        Format::Odt => odt::memos(memos, project_name),
        Format::Markdown => Ok(markdown::memos(memos, project_name).into_bytes()),
        Format::Html => Ok(html::memos(memos, project_name).into_bytes()),
        Format::Csv | Format::CsvRaw | Format::Xlsx => {
            return Err(unsupported("memos", format, &MEMO_FORMATS, path));
        }
    };
    encoded(format, path, bytes)
}

/// Encodes an intercoder agreement report as `format` (any of [`AGREEMENT_FORMATS`]): the
/// tables and the method in words. `path` only names the file in errors.
pub fn agreement_to_bytes(report: &Report, format: Format, path: &Path) -> Result<Vec<u8>> {
    let bytes = match format {
        Format::Docx => agreement::docx(report),
        Format::Html => Ok(agreement::html(report).into_bytes()),
        Format::Csv => agreement::csv(report, csv::Flavour::Spreadsheet),
        Format::CsvRaw => agreement::csv(report, csv::Flavour::Raw),
        Format::Xlsx => agreement::xlsx(report),
        Format::Odt | Format::Markdown => {
            return Err(unsupported(
                "an agreement report",
                format,
                &AGREEMENT_FORMATS,
                path,
            ));
        }
    };
    encoded(format, path, bytes)
}

/// Writes memos grouped by kind to `path` as DOCX, ODT, Markdown or HTML.
pub fn export_memos(
    memos: &[MemoEntry],
    project_name: &str,
    format: Format,
    path: &Path,
) -> Result<()> {
    write_atomically(path, &memos_to_bytes(memos, project_name, format, path)?)
}

/// Memos in groups of one kind, in the kinds' order, skipping kinds with none.
fn memo_groups(memos: &[MemoEntry]) -> Vec<(MemoKind, Vec<&MemoEntry>)> {
    MemoKind::ALL
        .into_iter()
        .map(|kind| {
            (
                kind,
                memos.iter().filter(|m| m.kind == kind).collect::<Vec<_>>(),
            )
        })
        .filter(|(_, group)| !group.is_empty())
        .collect()
}

/// The line under a memo's heading: what it is on (unless the heading said it), who wrote it
/// when, who changed it last when: `On code “Belonging” · Aigerim, 2026-11-22 · changed
/// 2026-11-24 by Dana`.
fn memo_details(e: &MemoEntry) -> String {
    let mut parts = Vec::new();
    parts.extend(e.on_line());
    let written = date_of(&e.created_at);
    parts.push(if e.author.is_empty() {
        written.to_owned()
    } else {
        format!("{}, {written}", e.author)
    });
    if e.modified_at != e.created_at {
        let changed = date_of(&e.modified_at);
        parts.push(if e.modified_by.is_empty() || e.modified_by == e.author {
            format!("changed {changed}")
        } else {
            format!("changed {changed} by {}", e.modified_by)
        });
    }
    parts.join(" · ")
}

/// Writes an intercoder agreement report to `path` as DOCX, HTML, CSV or XLSX.
pub fn export_agreement(report: &Report, format: Format, path: &Path) -> Result<()> {
    write_atomically(path, &agreement_to_bytes(report, format, path)?)
}

fn io_error(what: &str, e: &std::io::Error, path: &Path) -> ExportError {
    let why = match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::NotFound => "the folder does not exist".to_owned(),
        _ => e.to_string(),
    };
    ExportError::Io {
        reason: format!("{what} ({why})"),
        path: path.to_owned(),
    }
}

/// Writes `bytes` to a temporary file in `path`'s folder, flushes it to disk, then renames it
/// to `path` (replacing a file there). On any failure the temporary file is removed and
/// nothing exists under `path` that was not there before.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    if path.is_dir() {
        return Err(ExportError::Io {
            reason: "cannot write the export: that is a folder".into(),
            path: path.to_owned(),
        });
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "export".to_owned(), |n| n.to_string_lossy().into_owned());
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".part")
        .tempfile_in(folder)
        .map_err(|e| io_error("cannot create the export file", &e, path))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.flush())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| io_error("cannot write the export file", &e, path))?;
    // A temporary file is private (0600); the export gets the permissions of the file it
    // replaces, else the usual ones.
    let permissions = match std::fs::metadata(path) {
        Ok(meta) => Some(meta.permissions()),
        Err(_) => default_permissions(),
    };
    if let Some(p) = permissions {
        tmp.as_file()
            .set_permissions(p)
            .map_err(|e| io_error("cannot set the export file's permissions", &e, path))?;
    }
    tmp.persist(path)
        .map_err(|e| io_error("cannot move the export file into place", &e.error, path))?;
    Ok(())
}

#[cfg(unix)]
#[expect(
    clippy::unnecessary_wraps,
    reason = "elsewhere there is nothing to change; one signature for both"
)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt as _;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

/// Whether XML 1.0 allows `c` in text (tabs and line breaks yes, other control characters
/// and the non-characters U+FFFE/U+FFFF no).
fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// `text` without the characters XML cannot carry (for writers that escape by themselves).
fn xml_clean(text: &str) -> Cow<'_, str> {
    if text.chars().all(xml_allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| xml_allowed(c)).collect())
    }
}

/// Escapes `text` for XML (and HTML) text and attribute values, dropping characters XML
/// cannot carry.
fn xml_escape(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| matches!(c, '&' | '<' | '>' | '"' | '\'') || !xml_allowed(c))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if xml_allowed(c) => out.push(c),
            _ => {}
        }
    }
    Cow::Owned(out)
}

/// A paragraph's direction for the formats that lay out bidirectional text themselves (DOCX,
/// ODT, HTML): whether it runs right to left, and where its resolved direction changes (see
/// [`crate::bidi::direction_runs`]).
struct Directed {
    rtl: bool,
    /// Char offset where each run starts, with whether it runs right to left; in order.
    runs: Vec<(usize, bool)>,
}

impl Directed {
    fn new(text: &str, direction: Direction) -> Self {
        let found = crate::bidi::direction_runs(text, direction);
        let mut runs = Vec::with_capacity(found.runs.len());
        let (mut byte, mut chars) = (0usize, 0usize);
        for (range, odd) in found.runs {
            chars += text[byte..range.start].chars().count();
            byte = range.start;
            runs.push((chars, odd));
        }
        Self {
            rtl: found.rtl,
            runs,
        }
    }

    /// The chars `range` of the paragraph (char offsets into it, end exclusive) cut where the
    /// direction changes, each piece with whether it runs right to left.
    fn split(&self, range: Range<usize>) -> Vec<(Range<usize>, bool)> {
        let mut out = Vec::new();
        for (i, &(start, odd)) in self.runs.iter().enumerate() {
            let end = self.runs.get(i + 1).map_or(usize::MAX, |r| r.0);
            let piece = start.max(range.start)..end.min(range.end);
            if !piece.is_empty() {
                out.push((piece, odd));
            }
        }
        out
    }

    /// `text` (the whole paragraph) cut where the direction changes.
    fn pieces<'a>(&self, text: &'a str) -> Vec<(&'a str, bool)> {
        let n = text.chars().count();
        self.split(0..n)
            .into_iter()
            .map(|(range, odd)| {
                let slice = crate::text::slice_chars(
                    text,
                    crate::domain::TextRange::new(range.start, range.end),
                )
                .unwrap_or("");
                (slice, odd)
            })
            .collect()
    }
}

/// Splits text into paragraphs at blank lines, each paragraph's lines at single breaks.
fn text_paragraphs(text: &str) -> Vec<Vec<&str>> {
    let mut paras: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        if line.trim().is_empty() {
            if !current.is_empty() {
                paras.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        paras.push(current);
    }
    paras
}

/// A code colour mixed with white (`amount` of the colour, 0–1): a highlight dark text reads
/// on. Returns `rrggbb` without `#`.
fn tint(color: &str, amount: f32) -> String {
    let [r, g, b] = crate::domain::parse_color(color).unwrap_or([200, 200, 200]);
    let mix = |c: u8| (255.0 - (255.0 - f32::from(c)) * amount).round() as u8;
    format!("{:02x}{:02x}{:02x}", mix(r), mix(g), mix(b))
}

/// A colour as `rrggbb` (no `#`), grey when it is not a colour.
fn hex_color(color: &str) -> String {
    let [r, g, b] = crate::domain::parse_color(color).unwrap_or([128, 128, 128]);
    format!("{r:02x}{g:02x}{b:02x}")
}

/// The line under each excerpt in DOCX, ODT and Markdown:
/// `T-3F9A2C7K · code path · document, ¶14 · coder, 2026-11-22`.
fn details_line(e: &crate::retrieval::Excerpt) -> String {
    format!(
        "{} · {} · {}, {} · {}, {}",
        e.id_label(),
        e.code_paths(),
        e.document_name,
        e.location_label(),
        e.coders(),
        date_of(&e.created())
    )
}

/// The date part of an RFC 3339 timestamp.
fn date_of(timestamp: &str) -> &str {
    timestamp.split('T').next().unwrap_or(timestamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escape_drops_control_characters_and_keeps_unicode() {
        assert_eq!(
            xml_escape("a<b & “c” ’d’ Қазақ 历史\u{1}\u{FFFF}\t"),
            "a&lt;b &amp; “c” ’d’ Қазақ 历史\t"
        );
        assert!(matches!(xml_escape("plain Қазақ"), Cow::Borrowed(_)));
    }

    #[test]
    fn formats_are_named_by_name_and_found_by_extension() {
        for f in Format::ALL {
            assert_eq!(Format::from_name(f.name()), Some(f));
        }
        // A .csv file is the spreadsheet flavour unless asked otherwise.
        assert_eq!(Format::from_path(Path::new("x.csv")), Some(Format::Csv));
        assert_eq!(
            Format::from_path(Path::new("out/Report.MD")),
            Some(Format::Markdown)
        );
        assert_eq!(Format::from_name("pdf"), None);
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn atomic_write_to_a_missing_folder_names_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no such folder").join("out.docx");
        let err = write_atomically(&path, b"x").unwrap_err().to_string();
        assert!(err.starts_with("cannot create the export file"), "{err}");
        assert!(err.ends_with(&path.display().to_string()), "{err}");
        assert!(!path.exists());
    }

    #[test]
    fn tints_mix_towards_white() {
        assert_eq!(tint("#000000", 0.5), "808080");
        assert_eq!(tint("#ff0000", 1.0), "ff0000");
        assert_eq!(hex_color("nonsense"), "808080");
    }

    #[test]
    fn text_paragraphs_split_at_blank_lines() {
        assert_eq!(
            text_paragraphs("a\nb\n\n \nc\n"),
            vec![vec!["a", "b"], vec!["c"]]
        );
    }
}
