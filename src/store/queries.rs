//! Typed read queries. Each returns plain domain values.

use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;

use super::{Result, Store, StoreError};
use crate::domain::{
    ChangeId, ChangeKind, Code, CodeChange, CodeId, Coder, CoderId, Coding, CodingId, CodingSpan,
    Direction, Document, DocumentId, Memo, MemoId, MemoTarget, TextRange,
};

pub(super) const DOCUMENT_COLUMNS: &str = "id, guid, name, text, original_name, format, encoding, imported_at, source, sha256, position, pages, direction";
pub(super) const CODE_COLUMNS: &str = "id, guid, parent_id, name, color, description, position, created_at, when_to_use, when_not_to_use, example";
pub(super) const CODING_COLUMNS: &str = "id, guid, document_id, code_id, start, \"end\", text, coder_id, created_at, memo, memo_modified_at, memo_modified_by";
pub(super) const MEMO_COLUMNS: &str = "id, guid, document_id, code_id, coding_id, title, body, coder_id, created_at, modified_at, modified_by";
pub(super) const HISTORY_COLUMNS: &str =
    "id, code_guid, other_guid, kind, before, after, codings, coder_id, at, reason";

pub(super) fn document_from_row(r: &Row<'_>) -> rusqlite::Result<Document> {
    Ok(Document {
        id: DocumentId(r.get(0)?),
        guid: r.get(1)?,
        name: r.get(2)?,
        text: r.get(3)?,
        original_name: r.get(4)?,
        format: r.get(5)?,
        encoding: r.get(6)?,
        imported_at: r.get(7)?,
        source: r.get(8)?,
        sha256: r.get(9)?,
        position: r.get(10)?,
        pages: pages_from_column(&r.get::<_, String>(11)?),
        direction: direction_from_sql(&r.get::<_, String>(12)?),
    })
}

/// The stored direction setting; the schema allows only the three names.
fn direction_from_sql(s: &str) -> Direction {
    Direction::parse(s).unwrap_or_default()
}

/// A page map as stored: page-start offsets separated by single spaces (empty: no pages). A
/// number that does not parse is left out rather than failing the read.
pub(super) fn pages_from_column(column: &str) -> Vec<usize> {
    column.split(' ').filter_map(|n| n.parse().ok()).collect()
}

/// A page map for its column.
pub(super) fn pages_to_column(pages: &[usize]) -> String {
    pages
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn code_from_row(r: &Row<'_>) -> rusqlite::Result<Code> {
    Ok(Code {
        id: CodeId(r.get(0)?),
        guid: r.get(1)?,
        parent: r.get::<_, Option<i64>>(2)?.map(CodeId),
        name: r.get(3)?,
        color: r.get(4)?,
        description: r.get(5)?,
        position: r.get(6)?,
        created_at: r.get(7)?,
        when_to_use: r.get(8)?,
        when_not_to_use: r.get(9)?,
        example: r.get(10)?,
    })
}

pub(super) fn coding_from_row(r: &Row<'_>) -> rusqlite::Result<Coding> {
    Ok(Coding {
        id: CodingId(r.get(0)?),
        guid: r.get(1)?,
        document: DocumentId(r.get(2)?),
        code: CodeId(r.get(3)?),
        range: TextRange::new(r.get::<_, i64>(4)? as usize, r.get::<_, i64>(5)? as usize),
        text: r.get(6)?,
        coder: CoderId(r.get(7)?),
        created_at: r.get(8)?,
        memo: r.get(9)?,
        memo_modified_at: r.get(10)?,
        memo_modified_by: r.get::<_, Option<i64>>(11)?.map(CoderId),
    })
}

pub(super) fn memo_from_row(r: &Row<'_>) -> rusqlite::Result<Memo> {
    let document: Option<i64> = r.get(2)?;
    let code: Option<i64> = r.get(3)?;
    let coding: Option<i64> = r.get(4)?;
    let target = match (document, code, coding) {
        (Some(d), _, _) => MemoTarget::Document(DocumentId(d)),
        (_, Some(c), _) => MemoTarget::Code(CodeId(c)),
        (_, _, Some(c)) => MemoTarget::Coding(CodingId(c)),
        _ => MemoTarget::Project,
    };
    Ok(Memo {
        id: MemoId(r.get(0)?),
        guid: r.get(1)?,
        target,
        title: r.get(5)?,
        body: r.get(6)?,
        coder: CoderId(r.get(7)?),
        created_at: r.get(8)?,
        modified_at: r.get(9)?,
        modified_by: r.get::<_, Option<i64>>(10)?.map(CoderId),
    })
}

pub(super) fn change_from_row(r: &Row<'_>) -> rusqlite::Result<CodeChange> {
    let kind: String = r.get(3)?;
    Ok(CodeChange {
        id: ChangeId(r.get(0)?),
        code: r.get(1)?,
        other: r.get(2)?,
        kind: ChangeKind::from_name(&kind).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                3,
                rusqlite::types::Type::Text,
                format!("unknown kind of codebook change “{kind}”").into(),
            )
        })?,
        before: r.get(4)?,
        after: r.get(5)?,
        codings: r.get(6)?,
        coder: r.get::<_, Option<i64>>(7)?.map(CoderId),
        at: r.get(8)?,
        reason: r.get(9)?,
    })
}

/// Counts for `tamga info` and the status bar.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ProjectInfo {
    /// The project's name, given when it was created.
    pub name: String,
    /// Number of documents.
    pub documents: i64,
    /// Number of codes, subcodes included.
    pub codes: i64,
    /// Number of codings (coded passages).
    pub codings: i64,
    /// Number of memos of every kind, journal entries included.
    pub memos: i64,
    /// Number of registered coders.
    pub coders: i64,
    /// The project file's format version (`PRAGMA user_version`).
    pub schema_version: i64,
}

/// A document without its text: for lists.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DocumentSummary {
    /// The document's id, to open it or name it in an edit.
    pub id: DocumentId,
    /// Its name in the document list.
    pub name: String,
    /// Length of its text in characters.
    pub chars: i64,
    /// The character encoding detected or declared at import, e.g. "UTF-8".
    pub encoding: String,
    /// The short name of the format it was imported from: "txt", "docx", …
    pub format: String,
    /// Number of codings in it.
    pub codings: i64,
    /// How its paragraphs choose their direction in the reading view.
    pub direction: Direction,
}

/// Number of codings per code: its own, and with all its subcodes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CodeCount {
    /// Codings of this code itself.
    pub own: i64,
    /// Codings of this code and of all its subcodes, at any depth.
    pub total: i64,
}

/// Which codings [`Store::codings_matching`] reads. An empty list means no restriction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodingFilter {
    /// Codings of any of these codes (exactly these: subcodes are not added).
    pub codes: Vec<CodeId>,
    /// Codings in any of these documents.
    pub documents: Vec<DocumentId>,
    /// Codings made by any of these coders.
    pub coders: Vec<CoderId>,
}

/// Where one coding lies, whose it is and which code: what intercoder agreement reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CoderSpan {
    /// The document coded.
    pub document: DocumentId,
    /// The code applied.
    pub code: CodeId,
    /// Who coded it.
    pub coder: CoderId,
    /// The coded characters (char offsets, end exclusive).
    pub range: TextRange,
}

/// A document's name, list position and text, without its original bytes: what retrieval and
/// export need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentText {
    /// The document this text belongs to.
    pub id: DocumentId,
    /// Its name in the document list, used in citations.
    pub name: String,
    /// Its order in the document list (smaller first; gaps are left by deletions).
    pub position: i64,
    /// Its stored text, line endings `\n`; codings' offsets point into it.
    pub text: String,
    /// Its page map: the character offset where each page starts (empty: no pages).
    pub pages: Vec<usize>,
    /// How its paragraphs choose their direction (the document's setting).
    pub direction: Direction,
}

/// What identifies a document's text for an index kept outside the file: its id and GUID (the
/// text never changes while both stay), with its current name and list position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentStamp {
    /// The document's row id.
    pub id: DocumentId,
    /// Its GUID.
    pub guid: String,
    /// Its name in the list.
    pub name: String,
    /// Its place in the list.
    pub position: i64,
    /// Grows with every change of its text (corrections, and their undo).
    pub text_revision: i64,
}

/// A coding's memo (the note written on the coded passage itself), with where the coding lies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodingNote {
    /// The coding.
    pub coding: CodingId,
    /// Its document.
    pub document: DocumentId,
    /// Its code.
    pub code: CodeId,
    /// Where it lies (char offsets, end exclusive).
    pub range: TextRange,
    /// The memo's text.
    pub memo: String,
}

/// A passage a researcher said is not an example of a code ("passages like these").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The passage's document.
    pub document: DocumentId,
    /// The passage (char offsets, end exclusive).
    pub range: TextRange,
    /// Who rejected it.
    pub coder: String,
    /// When, RFC 3339 UTC.
    pub rejected_at: String,
}

/// Ids as a JSON array, for `json_each` in an `IN` clause.
fn id_list(ids: impl Iterator<Item = i64>) -> String {
    let ids: Vec<String> = ids.map(|i| i.to_string()).collect();
    format!("[{}]", ids.join(","))
}

fn not_found(kind: &'static str, id: i64) -> StoreError {
    StoreError::NotFound { kind, id }
}

impl Store {
    /// The project's name.
    pub fn project_name(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("SELECT value FROM project WHERE key = 'name'", [], |r| {
                r.get(0)
            })
            .optional()?
            .unwrap_or_default())
    }

    /// The project's GUID (made when it was created; copies share it).
    pub fn project_guid(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("SELECT value FROM project WHERE key = 'guid'", [], |r| {
                r.get(0)
            })
            .optional()?
            .unwrap_or_default())
    }

    /// Counts of everything in the project.
    pub fn info(&self) -> Result<ProjectInfo> {
        let count = |table: &str| -> Result<i64> {
            Ok(self
                .conn
                .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?)
        };
        Ok(ProjectInfo {
            name: self.project_name()?,
            documents: count("documents")?,
            codes: count("codes")?,
            codings: count("codings")?,
            memos: count("memos")?,
            coders: count("coders")?,
            schema_version: self.schema_version()?,
        })
    }

    /// All documents in list order, without their text.
    pub fn document_summaries(&self) -> Result<Vec<DocumentSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.name, d.chars, d.encoding, d.format,
                    (SELECT COUNT(*) FROM codings c WHERE c.document_id = d.id), d.direction
             FROM documents d ORDER BY d.position, d.id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(DocumentSummary {
                    id: DocumentId(r.get(0)?),
                    name: r.get(1)?,
                    chars: r.get(2)?,
                    encoding: r.get(3)?,
                    format: r.get(4)?,
                    codings: r.get(5)?,
                    direction: direction_from_sql(&r.get::<_, String>(6)?),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// A document's name (without reading its text).
    pub fn document_name(&self, id: DocumentId) -> Result<String> {
        self.conn
            .prepare_cached("SELECT name FROM documents WHERE id = ?1")?
            .query_row([id.0], |r| r.get(0))
            .optional()?
            .ok_or_else(|| not_found("document", id.0))
    }

    /// One document with its text.
    pub fn document(&self, id: DocumentId) -> Result<Document> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?1"
            ))?
            .query_row([id.0], document_from_row)
            .optional()?
            .ok_or_else(|| not_found("document", id.0))
    }

    /// The document with this exact name.
    pub fn document_by_name(&self, name: &str) -> Result<Option<DocumentId>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM documents WHERE name = ?1")?
            .query_row([name], |r| r.get(0))
            .optional()?
            .map(DocumentId))
    }

    /// Documents whose original bytes have this SHA-256.
    pub fn documents_with_sha256(&self, sha256: &str) -> Result<Vec<(DocumentId, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name FROM documents WHERE sha256 = ?1 AND sha256 != ''")?;
        let rows = stmt
            .query_map([sha256], |r| Ok((DocumentId(r.get(0)?), r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Every code, parents before children, siblings in order.
    pub fn codes(&self) -> Result<Vec<Code>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "WITH RECURSIVE tree(id, sort) AS (
                 SELECT id, printf('%08d', position) FROM codes WHERE parent_id IS NULL
                 UNION ALL
                 SELECT c.id, tree.sort || '/' || printf('%08d', c.position)
                 FROM codes c JOIN tree ON c.parent_id = tree.id
             )
             SELECT {CODE_COLUMNS} FROM codes JOIN tree USING (id) ORDER BY tree.sort"
        ))?;
        let rows = stmt
            .query_map([], code_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// One code.
    pub fn code(&self, id: CodeId) -> Result<Code> {
        self.conn
            .prepare_cached(&format!("SELECT {CODE_COLUMNS} FROM codes WHERE id = ?1"))?
            .query_row([id.0], code_from_row)
            .optional()?
            .ok_or_else(|| not_found("code", id.0))
    }

    /// Number of codings of each code that has any.
    pub fn coding_counts(&self) -> Result<std::collections::HashMap<CodeId, i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT code_id, COUNT(*) FROM codings GROUP BY code_id")?;
        let rows = stmt
            .query_map([], |r| Ok((CodeId(r.get(0)?), r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// All codings of a document, by start offset.
    pub fn codings_in_document(&self, document: DocumentId) -> Result<Vec<Coding>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CODING_COLUMNS} FROM codings WHERE document_id = ?1 ORDER BY start, \"end\", id"
        ))?;
        let rows = stmt
            .query_map([document.0], coding_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Ids of the codings in `document` made by the coder named `coder`.
    pub fn coding_ids_by_coder(
        &self,
        document: DocumentId,
        coder: &str,
    ) -> Result<std::collections::HashSet<CodingId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id FROM codings c JOIN coders k ON k.id = c.coder_id
             WHERE c.document_id = ?1 AND k.name = ?2",
        )?;
        let ids = stmt
            .query_map(params![document.0, coder], |r| Ok(CodingId(r.get(0)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Where the codings of a document lie, by start then end: a light query for drawing.
    pub fn coding_spans_in_document(&self, document: DocumentId) -> Result<Vec<CodingSpan>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, code_id, start, \"end\", coder_id FROM codings WHERE document_id = ?1",
        )?;
        let mut rows = stmt
            .query_map([document.0], |r| {
                Ok(CodingSpan {
                    id: CodingId(r.get(0)?),
                    code: CodeId(r.get(1)?),
                    range: TextRange::new(
                        r.get::<_, i64>(2)? as usize,
                        r.get::<_, i64>(3)? as usize,
                    ),
                    coder: CoderId(r.get(4)?),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.sort_unstable_by_key(|c| (c.range.start, c.range.end, c.id));
        Ok(rows)
    }

    /// Every coding in the project, by document order then start.
    pub fn all_codings(&self) -> Result<Vec<Coding>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {} FROM codings c JOIN documents d ON d.id = c.document_id
             ORDER BY d.position, d.id, c.start, c.\"end\", c.id",
            CODING_COLUMNS
                .split(", ")
                .map(|col| format!("c.{col}"))
                .collect::<Vec<_>>()
                .join(", ")
        ))?;
        let rows = stmt
            .query_map([], coding_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The codings that pass `filter`, by document order, then start, end and id. One query
    /// whatever the number of codes, documents and coders in the filter.
    pub fn codings_matching(&self, filter: &CodingFilter) -> Result<Vec<Coding>> {
        let columns = CODING_COLUMNS
            .split(", ")
            .map(|col| format!("c.{col}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {columns} FROM codings c JOIN documents d ON d.id = c.document_id
             WHERE (?1 = '[]' OR c.code_id IN (SELECT value FROM json_each(?1)))
               AND (?2 = '[]' OR c.document_id IN (SELECT value FROM json_each(?2)))
               AND (?3 = '[]' OR c.coder_id IN (SELECT value FROM json_each(?3)))
             ORDER BY d.position, d.id, c.start, c.\"end\", c.id"
        ))?;
        let rows = stmt
            .query_map(
                params![
                    id_list(filter.codes.iter().map(|c| c.0)),
                    id_list(filter.documents.iter().map(|d| d.0)),
                    id_list(filter.coders.iter().map(|c| c.0)),
                ],
                coding_from_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Where these coders' codings lie (document, code, coder, range), without their text and
    /// in no particular order: a light query for comparing coders.
    pub fn coder_spans(&self, coders: &[CoderId]) -> Result<Vec<CoderSpan>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT document_id, code_id, coder_id, start, \"end\" FROM codings
             WHERE coder_id IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = stmt
            .query_map([id_list(coders.iter().map(|c| c.0))], |r| {
                Ok(CoderSpan {
                    document: DocumentId(r.get(0)?),
                    code: CodeId(r.get(1)?),
                    coder: CoderId(r.get(2)?),
                    range: TextRange::new(
                        r.get::<_, i64>(3)? as usize,
                        r.get::<_, i64>(4)? as usize,
                    ),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Codings whose GUID, without hyphens, starts with `hex_prefix` (hex digits, any case).
    pub fn codings_with_guid_prefix(&self, hex_prefix: &str) -> Result<Vec<Coding>> {
        if !hex_prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StoreError::Invalid(format!(
                "not a GUID prefix (hex digits only): {hex_prefix}"
            )));
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CODING_COLUMNS} FROM codings
             WHERE substr(lower(replace(guid, '-', '')), 1, length(?1)) = lower(?1)
             ORDER BY id"
        ))?;
        let rows = stmt
            .query_map([hex_prefix], coding_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Every coding's id and GUID.
    pub fn coding_guids(&self) -> Result<Vec<(CodingId, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, guid FROM codings ORDER BY id")?;
        let rows = stmt
            .query_map([], |r| Ok((CodingId(r.get(0)?), r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Every document's id, GUID, name and position, in list order: a light query to see what
    /// an index kept in memory must add, drop or rename.
    pub fn document_stamps(&self) -> Result<Vec<DocumentStamp>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, guid, name, position, text_revision FROM documents ORDER BY position, id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(DocumentStamp {
                    id: DocumentId(r.get(0)?),
                    guid: r.get(1)?,
                    name: r.get(2)?,
                    position: r.get(3)?,
                    text_revision: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The memos written on codings (not empty ones), by coding id.
    pub fn coding_notes(&self) -> Result<Vec<CodingNote>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, document_id, code_id, start, \"end\", memo FROM codings
             WHERE memo != '' ORDER BY id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(CodingNote {
                    coding: CodingId(r.get(0)?),
                    document: DocumentId(r.get(1)?),
                    code: CodeId(r.get(2)?),
                    range: TextRange::new(
                        r.get::<_, i64>(3)? as usize,
                        r.get::<_, i64>(4)? as usize,
                    ),
                    memo: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The passages rejected as suggestions for `code`, in documents still in the project.
    pub fn rejections(&self, code: CodeId) -> Result<Vec<Rejection>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, r.start, r.\"end\", ifnull(c.name, ''), r.created_at
             FROM suggestion_rejections r
             JOIN codes k ON k.guid = r.code_guid
             JOIN documents d ON d.guid = r.document_guid
             LEFT JOIN coders c ON c.id = r.coder_id
             WHERE k.id = ?1
             ORDER BY d.position, d.id, r.start, r.\"end\"",
        )?;
        let rows = stmt
            .query_map([code.0], |r| {
                Ok(Rejection {
                    document: DocumentId(r.get(0)?),
                    range: TextRange::new(
                        r.get::<_, i64>(1)? as usize,
                        r.get::<_, i64>(2)? as usize,
                    ),
                    coder: r.get(3)?,
                    rejected_at: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// These documents' names, positions and texts (without their original bytes), in list
    /// order.
    pub fn document_texts(&self, ids: &[DocumentId]) -> Result<Vec<DocumentText>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, position, text, pages, direction FROM documents
             WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY position, id",
        )?;
        let rows = stmt
            .query_map([id_list(ids.iter().map(|d| d.0))], |r| {
                Ok(DocumentText {
                    id: DocumentId(r.get(0)?),
                    name: r.get(1)?,
                    position: r.get(2)?,
                    text: r.get(3)?,
                    pages: pages_from_column(&r.get::<_, String>(4)?),
                    direction: direction_from_sql(&r.get::<_, String>(5)?),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// One coding.
    pub fn coding(&self, id: CodingId) -> Result<Coding> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {CODING_COLUMNS} FROM codings WHERE id = ?1"
            ))?
            .query_row([id.0], coding_from_row)
            .optional()?
            .ok_or_else(|| not_found("coding", id.0))
    }

    /// Every memo.
    pub fn memos(&self) -> Result<Vec<Memo>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {MEMO_COLUMNS} FROM memos ORDER BY id"))?;
        let rows = stmt
            .query_map([], memo_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// One memo.
    pub fn memo(&self, id: MemoId) -> Result<Memo> {
        self.conn
            .prepare_cached(&format!("SELECT {MEMO_COLUMNS} FROM memos WHERE id = ?1"))?
            .query_row([id.0], memo_from_row)
            .optional()?
            .ok_or_else(|| not_found("memo", id.0))
    }

    /// The memos attached to one document, code or coding (journal entries for
    /// [`MemoTarget::Project`]), oldest first.
    pub fn memos_on(&self, target: MemoTarget) -> Result<Vec<Memo>> {
        let (clause, id) = match target {
            MemoTarget::Project => (
                "document_id IS NULL AND code_id IS NULL AND coding_id IS NULL AND ?1 = 0",
                0,
            ),
            MemoTarget::Document(d) => ("document_id = ?1", d.0),
            MemoTarget::Code(c) => ("code_id = ?1", c.0),
            MemoTarget::Coding(c) => ("coding_id = ?1", c.0),
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {MEMO_COLUMNS} FROM memos WHERE {clause} ORDER BY created_at, id"
        ))?;
        let rows = stmt
            .query_map([id], memo_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Codings that have a memo of their own, or a memo attached to them, by document order
    /// then start.
    pub fn codings_with_memos(&self) -> Result<Vec<Coding>> {
        let columns = CODING_COLUMNS
            .split(", ")
            .map(|col| format!("c.{col}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {columns} FROM codings c JOIN documents d ON d.id = c.document_id
             WHERE c.memo != '' OR c.id IN (SELECT coding_id FROM memos WHERE coding_id IS NOT NULL)
             ORDER BY d.position, d.id, c.start, c.\"end\", c.id"
        ))?;
        let rows = stmt
            .query_map([], coding_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The codebook's history, oldest first: every entry, or those of the code with this GUID
    /// (as the code changed, or as the code merged into it or split from it).
    pub fn code_history(&self, code_guid: Option<&str>) -> Result<Vec<CodeChange>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {HISTORY_COLUMNS} FROM code_history
             WHERE ?1 IS NULL OR code_guid = ?1 OR other_guid = ?1
             ORDER BY at, id"
        ))?;
        let rows = stmt
            .query_map([code_guid], change_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Every coder.
    pub fn coders(&self) -> Result<Vec<Coder>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, guid, name FROM coders ORDER BY id")?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Coder {
                    id: CoderId(r.get(0)?),
                    guid: r.get(1)?,
                    name: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The coder with this name.
    pub fn coder_by_name(&self, name: &str) -> Result<Option<CoderId>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM coders WHERE name = ?1")?
            .query_row([name], |r| r.get(0))
            .optional()?
            .map(CoderId))
    }

    /// Every row of every table as text, in a fixed order: two equal dumps mean two equal
    /// projects. For tests of undo and migrations. A document's `text_revision` is left out:
    /// it counts changes of the text (an undo is one more), it is not part of it.
    pub fn dump(&self) -> Result<String> {
        use std::fmt::Write as _;
        let mut out = String::new();
        let tables = [
            ("project", "key"),
            ("coders", "id"),
            ("documents", "id"),
            ("codes", "id"),
            ("codings", "id"),
            ("memos", "id"),
            ("code_history", "id"),
            ("unplaced_codings", "id"),
            ("corrections", "id"),
            ("pseudonyms", "name"),
            (
                "suggestion_rejections",
                "code_guid, document_guid, start, \"end\"",
            ),
            ("attributes", "id"),
            ("cases", "id"),
            ("document_values", "document_id, attribute_id"),
            ("case_values", "case_id, attribute_id"),
            ("case_members", "id"),
            ("disagreement_resolutions", "document_guid, place"),
            ("hub_link", "id"),
            ("hub_rows", "kind, key"),
            ("hub_pending", "kind, key"),
            ("hub_conflicts", "kind, key"),
        ];
        for (table, order) in tables {
            let columns = if table == "documents" {
                let names: Vec<String> = self
                    .conn
                    .prepare("SELECT name FROM pragma_table_info('documents') ORDER BY cid")?
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                names
                    .iter()
                    .filter(|n| *n != "text_revision")
                    .map(|n| format!("\"{n}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            } else {
                "*".to_owned()
            };
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT {columns} FROM {table} ORDER BY {order}"))?;
            let columns = stmt.column_count();
            let mut rows = stmt.query([])?;
            out.push_str(table);
            out.push('\n');
            while let Some(row) = rows.next()? {
                for i in 0..columns {
                    let value: rusqlite::types::Value = row.get(i)?;
                    let _ = write!(out, "{value:?}|");
                }
                out.push('\n');
            }
        }
        Ok(out)
    }
}
