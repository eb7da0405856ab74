//! Turning files into documents. One file per format; each parser takes bytes and returns plain
//! text with `\n` line endings. Parsers never touch the store: `read_document` hands back a
//! `NewDocument` and the caller applies it as an `Edit`.

mod plain;

use std::io::Read;
use std::path::Path;

use crate::domain::NewDocument;

pub use plain::decode_text;

/// The largest file Tamga will read for import.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;

/// Why a file could not be imported. The CLI and the window add the file's path.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImportError {
    #[error("cannot read the file ({0})")]
    Io(String),
    #[error("the file is too large ({size} bytes; Tamga imports files up to {max} bytes)")]
    TooLarge { size: u64, max: u64 },
    #[error("unsupported file type “.{0}” (Tamga imports .txt and .md)")]
    Unsupported(String),
    #[error("the file is binary, not text")]
    Binary,
    #[error(
        "the text's encoding could not be recognised (tried UTF-8, UTF-16 and {0}); save it as UTF-8 and import again"
    )]
    Undecodable(String),
    #[error("the file holds no text")]
    Empty,
}

/// Text extracted from a file, before it becomes a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// Plain text, line endings normalised to `\n`.
    pub text: String,
    /// The character encoding that was detected or declared, e.g. "UTF-8", "windows-1251".
    pub encoding: String,
}

/// The formats Tamga imports, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
}

impl Format {
    /// The format for a file name's extension, if Tamga can import it.
    pub fn from_path(path: &Path) -> Result<Format, ImportError> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "txt" | "text" => Ok(Format::Text),
            "md" | "markdown" => Ok(Format::Markdown),
            other => Err(ImportError::Unsupported(other.to_owned())),
        }
    }

    /// The short name stored with the document.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Markdown => "md",
        }
    }
}

/// Extracts text from `bytes` of the given format.
pub fn extract(format: Format, bytes: &[u8]) -> Result<Extracted, ImportError> {
    let extracted = match format {
        Format::Text | Format::Markdown => plain::extract(bytes)?,
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

/// Reads and parses a file into a document named after the file (without extension).
pub fn read_document(path: &Path) -> Result<NewDocument, ImportError> {
    let format = Format::from_path(path)?;
    let bytes = read_capped(path)?;
    let extracted = extract(format, &bytes)?;
    let original_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = path.file_stem().map_or_else(
        || original_name.clone(),
        |s| s.to_string_lossy().into_owned(),
    );
    Ok(NewDocument {
        name,
        text: extracted.text,
        original_name,
        format: format.name().to_owned(),
        encoding: extracted.encoding,
        source: bytes,
    })
}

/// What happened to one imported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    Imported {
        id: crate::domain::DocumentId,
        name: String,
        chars: usize,
        encoding: String,
    },
    /// The same bytes are already in the project as this document.
    Duplicate { of: String },
}

/// Why one file did not import: its content, or the project.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    File(#[from] ImportError),
    #[error(transparent)]
    Project(#[from] crate::store::StoreError),
}

/// Reads `path` and adds it to the project as one undoable step (see [`add_document`]).
pub fn import_file(
    project: &mut crate::project::Project,
    path: &Path,
) -> Result<ImportOutcome, LoadError> {
    let doc = read_document(path)?;
    Ok(add_document(project, doc)?)
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
        }),
        other => Err(crate::store::StoreError::Invalid(format!(
            "unexpected inverse {other:?}"
        ))),
    }
}
