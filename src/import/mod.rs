//! Turning files into documents. One file per format; each parser takes bytes and returns plain
//! text with `\n` line endings. Parsers never touch the store: `read_document` hands back a
//! `NewDocument` and the caller applies it as an `Edit`.
//!
//! The text a parser returns is exactly what is stored, and codings point into it by character
//! offset, so every structured format follows one layout (built by [`blocks::Blocks`]):
//! paragraphs, headings, list items and table cells are paragraphs separated by one blank line;
//! a line break inside a paragraph is a single `\n`; notes (footnotes, endnotes) follow the body
//! after a paragraph `Notes`, and a Word or OpenDocument file's headers and footers come last,
//! after a paragraph `Headers and footers`. List items start with their label and a tab. Plain
//! `.txt` files are kept as they are, apart from line endings.
//!
//! Hostile input: files above [`MAX_FILE_BYTES`] are refused before reading, archives are read
//! through the caps in `archive`, XML entities are never expanded (quick-xml does not expand
//! custom entities; undeclared ones are dropped), and parser crates that may panic run under
//! `catch_unwind`.

pub(crate) mod archive;
mod blocks;
mod docx;
mod html;
mod lists;
mod markdown;
mod odt;
mod pdf;
mod plain;
mod rtf;
mod sniff;
mod subtitles;
mod xml;

use std::io::Read;
use std::path::Path;

use crate::domain::NewDocument;

pub use plain::decode_text;

/// The largest file Tamga will read for import.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;

/// Why a file could not be imported. The CLI and the window add the file's path.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImportError {
    /// The file could not be opened or read; holds the system's reason.
    #[error("cannot read the file ({0})")]
    Io(String),
    /// The file is larger than [`MAX_FILE_BYTES`]; it was not read.
    #[error("the file is too large ({size} bytes; Tamga imports files up to {max} bytes)")]
    TooLarge {
        /// The file's size in bytes.
        size: u64,
        /// The largest size Tamga imports, in bytes.
        max: u64,
    },
    /// The file name's extension is not one Tamga imports; holds the extension, lower case.
    #[error(
        "unsupported file type “.{0}” (Tamga imports .txt, .md, .docx, .odt, .rtf, .pdf, .html, .htm, .srt and .vtt)"
    )]
    Unsupported(String),
    /// A file read as text holds control characters that no text has.
    #[error("the file is binary, not text")]
    Binary,
    /// The bytes are not valid in any encoding tried; holds the list of guessed encodings.
    #[error(
        "the text's encoding could not be recognised (tried UTF-8, UTF-16 and {0}); save it as UTF-8 and import again"
    )]
    Undecodable(String),
    /// The file parsed but holds only white space.
    #[error("the file holds no text")]
    Empty,
    /// The content is of another format than the extension says.
    #[error(
        "the file is not {expected} (it looks like {found}); check that its name ends with the right extension"
    )]
    WrongFormat {
        /// What the extension promised, e.g. "a Word document".
        expected: &'static str,
        /// What the content looks like, e.g. "an OpenDocument file".
        found: &'static str,
    },
    /// A Word 97–2003 `.doc` file, which Tamga does not read.
    #[error(
        "the file is an old Word 97–2003 document (.doc), not .docx; open it in Word or LibreOffice, save it as .docx and import that"
    )]
    LegacyWord,
    /// The document is encrypted with a password Tamga does not have.
    #[error(
        "the document is password-protected; open it, remove the password, save it and import the saved copy"
    )]
    PasswordProtected,
    /// The file is of the right format but broken or truncated.
    #[error(
        "the {format} file is damaged ({reason}); open it in the program that made it, save it again and import the saved copy"
    )]
    Damaged {
        /// The format's name in the message: "Word", "OpenDocument", "PDF", …
        format: &'static str,
        /// What is broken, in plain words.
        reason: String,
    },
    /// An archive whose unpacked parts would exceed the cap set for it.
    #[error(
        "the file expands to more than {limit_mib} MiB when unpacked (a zip bomb?); Tamga does not import it"
    )]
    ZipBomb {
        /// The cap that was reached, in MiB.
        limit_mib: u64,
    },
    /// A PDF with no text to extract, usually a scan.
    #[error("this PDF has no text layer (it is probably scanned); run OCR on it first")]
    NoTextLayer,
}

/// Text extracted from a file, before it becomes a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// Plain text, line endings normalised to `\n`.
    pub text: String,
    /// The character encoding that was detected or declared, e.g. "UTF-8", "windows-1251".
    pub encoding: String,
    /// The character offset in `text` where each page starts: `pages[0] == 0`, page `k + 1`
    /// starts at `pages[k]`. Empty for formats without pages (everything but PDF).
    pub pages: Vec<usize>,
    /// What the researcher should know about this import, in plain words (for example that
    /// some symbols could not be read). Empty when all went well.
    pub warnings: Vec<String>,
}

/// Choices a person can make about an import. `Default` is what [`extract`] uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// PDF only: join the lines of each paragraph that wrapped because they were full (and the
    /// words hyphenated across them); lines that end short, as in poems and addresses, keep
    /// their breaks. Off by default: every line stays as the PDF sets it.
    pub join_pdf_lines: bool,
}

/// The formats Tamga imports, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text, `.txt`, in any encoding Tamga recognises.
    Text,
    /// Markdown, `.md`: its text, with the markup dropped.
    Markdown,
    /// Word, `.docx` (and macro-enabled `.docm`).
    Docx,
    /// OpenDocument text, `.odt` (LibreOffice Writer).
    Odt,
    /// Rich Text Format, `.rtf`.
    Rtf,
    /// PDF with a text layer.
    Pdf,
    /// A web page, `.html`, `.htm` or `.xhtml`.
    Html,
    /// SRT subtitles, `.srt`: one paragraph per cue, headed by its start time `[hh:mm:ss]`.
    Srt,
    /// WebVTT subtitles, `.vtt`: like SRT, with voices kept as `Speaker: text`.
    Vtt,
}

impl Format {
    /// Every format, in the order a file dialog lists them.
    pub const ALL: [Format; 9] = [
        Format::Docx,
        Format::Odt,
        Format::Pdf,
        Format::Rtf,
        Format::Text,
        Format::Markdown,
        Format::Html,
        Format::Srt,
        Format::Vtt,
    ];

    /// The file name extensions (lower case, without the dot) of this format.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Text => &["txt", "text"],
            Format::Markdown => &["md", "markdown"],
            Format::Docx => &["docx", "docm"],
            Format::Odt => &["odt"],
            Format::Rtf => &["rtf"],
            Format::Pdf => &["pdf"],
            Format::Html => &["html", "htm", "xhtml"],
            Format::Srt => &["srt"],
            Format::Vtt => &["vtt"],
        }
    }

    /// The format for a file name's extension, if Tamga can import it.
    pub fn from_path(path: &Path) -> Result<Format, ImportError> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        Format::ALL
            .into_iter()
            .find(|format| format.extensions().contains(&ext.as_str()))
            .ok_or(ImportError::Unsupported(ext))
    }

    /// The short name stored with the document.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Docx => "docx",
            Format::Odt => "odt",
            Format::Rtf => "rtf",
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Srt => "srt",
            Format::Vtt => "vtt",
        }
    }

    /// What a person calls a file of this format, for messages.
    pub fn description(self) -> &'static str {
        match self {
            Format::Text => "a text file",
            Format::Markdown => "a Markdown file",
            Format::Docx => "a Word document",
            Format::Odt => "an OpenDocument text",
            Format::Rtf => "an RTF document",
            Format::Pdf => "a PDF document",
            Format::Html => "a web page",
            Format::Srt => "an SRT subtitle file",
            Format::Vtt => "a WebVTT subtitle file",
        }
    }
}

/// Extracts text from `bytes` of the given format with the default [`ImportOptions`].
pub fn extract(format: Format, bytes: &[u8]) -> Result<Extracted, ImportError> {
    extract_with(format, bytes, ImportOptions::default())
}

/// Extracts text from `bytes` of the given format.
pub fn extract_with(
    format: Format,
    bytes: &[u8],
    options: ImportOptions,
) -> Result<Extracted, ImportError> {
    let extracted = match format {
        Format::Text => plain::extract(bytes)?,
        Format::Markdown => markdown::extract(bytes)?,
        Format::Docx => docx::extract(bytes)?,
        Format::Odt => odt::extract(bytes)?,
        Format::Rtf => rtf::extract(bytes)?,
        Format::Pdf => pdf::extract(bytes, options.join_pdf_lines)?,
        Format::Html => html::extract(bytes)?,
        Format::Srt | Format::Vtt => subtitles::extract(bytes)?,
    };
    if extracted.text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(extracted)
}

/// Reads at most [`MAX_FILE_BYTES`] of a file.
pub fn read_capped(path: &Path) -> Result<Vec<u8>, ImportError> {
    let file = std::fs::File::open(path).map_err(|e| ImportError::Io(e.to_string()))?;
    let size = file
        .metadata()
        .map_err(|e| ImportError::Io(e.to_string()))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            size,
            max: MAX_FILE_BYTES,
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ImportError::Io(e.to_string()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            size: bytes.len() as u64,
            max: MAX_FILE_BYTES,
        });
    }
    Ok(bytes)
}

/// Reads and parses a file into a document named after the file (without extension), with the
/// default [`ImportOptions`].
pub fn read_document(path: &Path) -> Result<NewDocument, ImportError> {
    read_document_with(path, ImportOptions::default())
}

/// Reads and parses a file into a document named after the file (without extension).
pub fn read_document_with(path: &Path, options: ImportOptions) -> Result<NewDocument, ImportError> {
    read_document_warning(path, options).map(|read| read.document)
}

/// A parsed document with what the researcher should know about its import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadDocument {
    /// The document, ready to be added.
    pub document: NewDocument,
    /// See [`Extracted::warnings`].
    pub warnings: Vec<String>,
}

/// Like [`read_document_with`], also handing back the import's warnings (for the import
/// summary).
pub fn read_document_warning(
    path: &Path,
    options: ImportOptions,
) -> Result<ReadDocument, ImportError> {
    let format = Format::from_path(path)?;
    let bytes = read_capped(path)?;
    let extracted = extract_with(format, &bytes, options)?;
    let original_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = path.file_stem().map_or_else(
        || original_name.clone(),
        |s| s.to_string_lossy().into_owned(),
    );
    Ok(ReadDocument {
        document: NewDocument {
            name,
            text: extracted.text,
            original_name,
            format: format.name().to_owned(),
            encoding: extracted.encoding,
            source: bytes,
            pages: extracted.pages,
        },
        warnings: extracted.warnings,
    })
}

/// What happened to one imported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    /// The file became a new document.
    Imported {
        /// The new document.
        id: crate::domain::DocumentId,
        /// Its name in the document list: the file name without extension, numbered if taken.
        name: String,
        /// Length of its text in characters.
        chars: usize,
        /// How its bytes were decoded, e.g. "UTF-8", "windows-1251".
        encoding: String,
        /// See [`Extracted::warnings`].
        warnings: Vec<String>,
    },
    /// The same bytes are already in the project as this document.
    Duplicate {
        /// The name of the document already holding these bytes.
        of: String,
    },
}

/// Why one file did not import: its content, or the project.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read or parsed.
    #[error(transparent)]
    File(#[from] ImportError),
    /// The project refused the document or could not be written.
    #[error(transparent)]
    Project(#[from] crate::store::StoreError),
}

/// Reads `path` and adds it to the project as one undoable step (see [`add_document`]).
pub fn import_file(
    project: &mut crate::project::Project,
    path: &Path,
    options: ImportOptions,
) -> Result<ImportOutcome, LoadError> {
    let read = read_document_warning(path, options)?;
    Ok(match add_document(project, read.document)? {
        ImportOutcome::Imported {
            id,
            name,
            chars,
            encoding,
            ..
        } => ImportOutcome::Imported {
            id,
            name,
            chars,
            encoding,
            warnings: read.warnings,
        },
        duplicate @ ImportOutcome::Duplicate { .. } => duplicate,
    })
}

/// Adds a parsed document to the project as one undoable step. A document whose original bytes
/// are already in the project is reported as a duplicate; a name already taken gets a number:
/// "name (2)".
pub fn add_document(
    project: &mut crate::project::Project,
    mut doc: NewDocument,
) -> Result<ImportOutcome, crate::store::StoreError> {
    let sha = crate::store::sha256_hex(&doc.source);
    if let Some((_, name)) = project
        .store()
        .documents_with_sha256(&sha)?
        .into_iter()
        .next()
    {
        return Ok(ImportOutcome::Duplicate { of: name });
    }
    let base = doc.name.clone();
    let mut n = 2;
    while project.store().document_by_name(&doc.name)?.is_some() {
        doc.name = format!("{base} ({n})");
        n += 1;
    }
    let name = doc.name.clone();
    let chars = crate::text::char_len(&doc.text);
    let encoding = doc.encoding.clone();
    match project.execute(crate::domain::Edit::ImportDocument(doc))? {
        crate::domain::Edit::DeleteDocument { id } => Ok(ImportOutcome::Imported {
            id,
            name,
            chars,
            encoding,
            warnings: Vec::new(),
        }),
        other => Err(crate::store::StoreError::Invalid(format!(
            "unexpected inverse {other:?}"
        ))),
    }
}

/// Helpers shared by the parsers' tests.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::PathBuf;

    use proptest::prelude::*;

    pub(crate) fn fixture_path(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/import")
            .join(name)
    }

    pub(crate) fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(fixture_path(name)).unwrap()
    }

    /// `base` with a few bytes overwritten, a few inserted and its tail maybe cut off: inputs
    /// that get past the magic numbers and into a parser's depths.
    pub(crate) fn mutated(base: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
        let len = base.len().max(1);
        (
            prop::collection::vec((0..len, any::<u8>()), 0..16),
            prop::collection::vec((0..len, any::<u8>()), 0..4),
            prop::option::of(0..len),
        )
            .prop_map(move |(writes, inserts, cut)| {
                let mut bytes = base.clone();
                for (at, byte) in writes {
                    if let Some(b) = bytes.get_mut(at) {
                        *b = byte;
                    }
                }
                for (at, byte) in inserts {
                    bytes.insert(at.min(bytes.len()), byte);
                }
                if let Some(cut) = cut {
                    bytes.truncate(cut);
                }
                bytes
            })
    }

    /// Random bytes, sometimes behind a format's magic number.
    pub(crate) fn noise(magic: &'static [u8]) -> impl Strategy<Value = Vec<u8>> {
        (any::<bool>(), prop::collection::vec(any::<u8>(), 0..2048)).prop_map(
            move |(with_magic, tail)| {
                let mut bytes = if with_magic {
                    magic.to_vec()
                } else {
                    Vec::new()
                };
                bytes.extend(tail);
                bytes
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_extension_maps_back_to_its_format() {
        for format in Format::ALL {
            for ext in format.extensions() {
                let path = format!("interview.{}", ext.to_uppercase());
                assert_eq!(Format::from_path(Path::new(&path)), Ok(format));
            }
        }
    }

    #[test]
    fn unsupported_message_lists_every_format() {
        let message = ImportError::Unsupported("xls".into()).to_string();
        for format in Format::ALL {
            assert!(
                message.contains(&format!(".{}", format.name())),
                "{message} lacks {}",
                format.name()
            );
        }
        assert_eq!(
            Format::from_path(Path::new("sheet.xls")),
            Err(ImportError::Unsupported("xls".into()))
        );
    }

    #[test]
    fn plain_text_is_kept_as_it_is() {
        let out = extract(Format::Text, "a  b\r\n\r\n\r\nc".as_bytes()).unwrap();
        assert_eq!(out.text, "a  b\n\n\nc");
    }

    #[test]
    fn fixtures_match_their_expected_text() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
        let mut checked = 0;
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.ends_with(".expected.txt") || name == "README.md" || !path.is_file() {
                continue;
            }
            let Ok(format) = Format::from_path(&path) else {
                continue;
            };
            let expected_path = dir.join(format!("{name}.expected.txt"));
            let bytes = std::fs::read(&path).unwrap();
            let got = extract(format, &bytes)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
                .text;
            if std::env::var_os("TAMGA_BLESS").is_some() {
                std::fs::write(&expected_path, &got).unwrap();
            }
            let expected = std::fs::read_to_string(&expected_path)
                .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
            assert_eq!(got, expected, "{name} differs from its expected text");
            checked += 1;
        }
        assert!(checked >= 9, "only {checked} fixtures were checked");
    }
}
