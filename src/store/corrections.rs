//! The SQL of corrections: changing a document's text with its codings (`Edit::ChangeText`),
//! unplaced codings, the correction log and the list of pseudonyms — their edits and queries.

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, Row, Transaction, params};

use super::apply::{coder_id, invalid, load_coding, sha256_hex};
use super::queries::{CODING_COLUMNS, MEMO_COLUMNS, memo_from_row};
use super::{Result, Store, StoreError, new_guid, now_timestamp};
use crate::corrections::{marks, record};
use crate::domain::{
    CaseId, CaseMember, CaseMemberId, ChangeRecord, CodeId, CoderId, Coding, CodingId, Correction,
    CorrectionId, CorrectionKind, CorrectionNote, DocumentId, Edit, Memo, Pseudonym,
    RejectedPassage, SourceFile, TextChange, TextEdit, TextRange, Touched, UnplacedCoding,
    UnplacedId,
};
use crate::text;

const UNPLACED_COLUMNS: &str = "id, coding_id, guid, document_id, code_id, start, \"end\", text, coder_id, created_at, memo, memos, unplaced_at, reason, memo_modified_at, memo_modified_by";
const CORRECTION_COLUMNS: &str = "id, guid, document_id, kind, coder_id, made_at, summary, changes, change_count, removed, inserted, unplaced, previous_name, previous_format, previous_encoding, previous_source";

/// Far beyond any character offset: shifted codings are parked above it while the gaps between
/// several changes are shifted, so that none is shifted twice.
const PARKED: i64 = 1 << 40;

fn json_error(e: &serde_json::Error) -> rusqlite::Error {
    rusqlite::Error::ToSqlConversionFailure(Box::new(std::io::Error::other(e.to_string())))
}

fn unplaced_from_row(r: &Row<'_>) -> rusqlite::Result<UnplacedCoding> {
    let memos: String = r.get(11)?;
    let memos: Vec<Memo> = serde_json::from_str(&memos).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(11, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(UnplacedCoding {
        id: UnplacedId(r.get(0)?),
        coding: Coding {
            id: CodingId(r.get(1)?),
            guid: r.get(2)?,
            document: DocumentId(r.get(3)?),
            code: CodeId(r.get(4)?),
            range: TextRange::new(r.get::<_, i64>(5)? as usize, r.get::<_, i64>(6)? as usize),
            text: r.get(7)?,
            coder: CoderId(r.get(8)?),
            created_at: r.get(9)?,
            memo: r.get(10)?,
            memo_modified_at: r.get(14)?,
            memo_modified_by: r.get::<_, Option<i64>>(15)?.map(CoderId),
        },
        memos,
        unplaced_at: r.get(12)?,
        reason: r.get(13)?,
    })
}

fn correction_from_row(r: &Row<'_>) -> rusqlite::Result<Correction> {
    let kind: String = r.get(3)?;
    let changes: String = r.get(7)?;
    let changes: Vec<ChangeRecord> = serde_json::from_str(&changes).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(7, rusqlite::types::Type::Text, Box::new(e))
    })?;
    let previous_source = match r.get::<_, Option<Vec<u8>>>(15)? {
        Some(bytes) => Some(SourceFile {
            original_name: r.get::<_, Option<String>>(12)?.unwrap_or_default(),
            format: r.get::<_, Option<String>>(13)?.unwrap_or_default(),
            encoding: r.get::<_, Option<String>>(14)?.unwrap_or_default(),
            bytes,
        }),
        None => None,
    };
    Ok(Correction {
        id: CorrectionId(r.get(0)?),
        guid: r.get(1)?,
        document: DocumentId(r.get(2)?),
        kind: CorrectionKind::from_name(&kind).unwrap_or(CorrectionKind::Edit),
        coder: CoderId(r.get(4)?),
        made_at: r.get(5)?,
        summary: r.get(6)?,
        changes,
        change_count: r.get::<_, i64>(8)? as usize,
        removed: r.get::<_, i64>(9)? as usize,
        inserted: r.get::<_, i64>(10)? as usize,
        unplaced: r.get::<_, i64>(11)? as usize,
        previous_source,
    })
}

fn load_unplaced(tx: &Transaction<'_>, id: UnplacedId) -> Result<UnplacedCoding> {
    tx.prepare_cached(&format!(
        "SELECT {UNPLACED_COLUMNS} FROM unplaced_codings WHERE id = ?1"
    ))?
    .query_row([id.0], unplaced_from_row)
    .optional()?
    .ok_or(StoreError::NotFound {
        kind: "unplaced coding",
        id: id.0,
    })
}

fn load_correction(tx: &Transaction<'_>, id: CorrectionId) -> Result<Correction> {
    tx.prepare_cached(&format!(
        "SELECT {CORRECTION_COLUMNS} FROM corrections WHERE id = ?1"
    ))?
    .query_row([id.0], correction_from_row)
    .optional()?
    .ok_or(StoreError::NotFound {
        kind: "correction",
        id: id.0,
    })
}

/// Writes an unplaced coding's row as it is (inserting it, or replacing the row with its id).
fn write_unplaced(tx: &Transaction<'_>, u: &UnplacedCoding) -> Result<()> {
    let memos = serde_json::to_string(&u.memos).map_err(|e| json_error(&e))?;
    let c = &u.coding;
    tx.prepare_cached(&format!(
        "INSERT OR REPLACE INTO unplaced_codings ({UNPLACED_COLUMNS})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
    ))?
    .execute(params![
        u.id.0,
        c.id.0,
        c.guid,
        c.document.0,
        c.code.0,
        c.range.start as i64,
        c.range.end as i64,
        c.text,
        c.coder.0,
        c.created_at,
        c.memo,
        memos,
        u.unplaced_at,
        u.reason,
        c.memo_modified_at,
        c.memo_modified_by.map(|k| k.0)
    ])?;
    Ok(())
}

/// Inserts an unplaced coding with a fresh id; returns it.
fn insert_unplaced(
    tx: &Transaction<'_>,
    coding: Coding,
    memos: Vec<Memo>,
    reason: &str,
) -> Result<UnplacedId> {
    let record = UnplacedCoding {
        id: UnplacedId(0),
        coding,
        memos,
        unplaced_at: now_timestamp(),
        reason: reason.to_owned(),
    };
    let memos = serde_json::to_string(&record.memos).map_err(|e| json_error(&e))?;
    let c = &record.coding;
    tx.prepare_cached(
        "INSERT INTO unplaced_codings (coding_id, guid, document_id, code_id, start, \"end\", text, coder_id, created_at, memo, memos, unplaced_at, reason, memo_modified_at, memo_modified_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        c.id.0,
        c.guid,
        c.document.0,
        c.code.0,
        c.range.start as i64,
        c.range.end as i64,
        c.text,
        c.coder.0,
        c.created_at,
        c.memo,
        memos,
        record.unplaced_at,
        record.reason,
        c.memo_modified_at,
        c.memo_modified_by.map(|k| k.0)
    ])?;
    Ok(UnplacedId(tx.last_insert_rowid()))
}

/// The memos attached to a coding.
fn coding_memos(tx: &Transaction<'_>, coding: CodingId) -> Result<Vec<Memo>> {
    let rows = tx
        .prepare_cached(&format!(
            "SELECT {MEMO_COLUMNS} FROM memos WHERE coding_id = ?1 ORDER BY id"
        ))?
        .query_map([coding.0], memo_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Takes a coding off the text: deletes it (its attached memos go with it) and returns it with
/// those memos.
fn take_coding(tx: &Transaction<'_>, id: CodingId) -> Result<(Coding, Vec<Memo>)> {
    let coding = load_coding(tx, id)?;
    let memos = coding_memos(tx, id)?;
    tx.prepare_cached("DELETE FROM codings WHERE id = ?1")?
        .execute([id.0])?;
    Ok((coding, memos))
}

fn id_free(tx: &Transaction<'_>, table: &str, id: i64) -> Result<bool> {
    let taken: bool = tx.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)"),
        [id],
        |r| r.get(0),
    )?;
    Ok(!taken)
}

/// Puts an unplaced coding's coding back on the text at `range` (whose text is `passage`),
/// with its old id if free, and its memos; deletes the unplaced row. Returns the record as it
/// was, its `coding.id` the id the coding has now.
fn put_back(
    tx: &Transaction<'_>,
    record: UnplacedCoding,
    range: TextRange,
    passage: &str,
) -> Result<UnplacedCoding> {
    let c = &record.coding;
    let id = id_free(tx, "codings", c.id.0)?.then_some(c.id.0);
    tx.prepare_cached(&format!(
        "INSERT INTO codings ({CODING_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
    ))?
    .execute(params![
        id,
        c.guid,
        c.document.0,
        c.code.0,
        range.start as i64,
        range.end as i64,
        passage,
        c.coder.0,
        c.created_at,
        c.memo,
        c.memo_modified_at,
        c.memo_modified_by.map(|k| k.0)
    ])?;
    let coding = CodingId(tx.last_insert_rowid());
    for m in &record.memos {
        let id = id_free(tx, "memos", m.id.0)?.then_some(m.id.0);
        tx.prepare_cached(&format!(
            "INSERT INTO memos ({MEMO_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
        ))?
        .execute(params![
            id,
            m.guid,
            Option::<i64>::None,
            Option::<i64>::None,
            coding.0,
            m.title,
            m.body,
            m.coder.0,
            m.created_at,
            m.modified_at,
            m.modified_by.map(|k| k.0)
        ])?;
    }
    tx.prepare_cached("DELETE FROM unplaced_codings WHERE id = ?1")?
        .execute([record.id.0])?;
    let mut record = record;
    record.coding.id = coding;
    Ok(record)
}

fn insert_correction(tx: &Transaction<'_>, c: &Correction) -> Result<CorrectionId> {
    let changes = serde_json::to_string(&c.changes).map_err(|e| json_error(&e))?;
    let previous = c.previous_source.as_ref();
    tx.prepare_cached(&format!(
        "INSERT INTO corrections ({CORRECTION_COLUMNS})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
    ))?
    .execute(params![
        (c.id.0 != 0).then_some(c.id.0),
        c.guid,
        c.document.0,
        c.kind.name(),
        c.coder.0,
        c.made_at,
        c.summary,
        changes,
        c.change_count as i64,
        c.removed as i64,
        c.inserted as i64,
        c.unplaced as i64,
        previous.map(|p| &p.original_name),
        previous.map(|p| &p.format),
        previous.map(|p| &p.encoding),
        previous.map(|p| &p.bytes),
    ])?;
    Ok(CorrectionId(tx.last_insert_rowid()))
}

/// Checks that `range` is a passage of a text of `chars` characters.
fn check_passage(range: TextRange, chars: usize) -> Result<()> {
    if range.is_empty() || range.end > chars {
        return Err(invalid(format!(
            "the passage {}..{} is not inside the document ({chars} characters)",
            range.start, range.end
        )));
    }
    Ok(())
}

/// The slices of `text` at `ranges`, found in one walk over it.
fn passages(text: &str, ranges: &[TextRange]) -> Result<HashMap<TextRange, String>> {
    let mut offsets: Vec<usize> = ranges.iter().flat_map(|r| [r.start, r.end]).collect();
    offsets.sort_unstable();
    offsets.dedup();
    let bytes = text::byte_offsets(text, &offsets)
        .ok_or_else(|| invalid("a passage is not inside the document"))?;
    let byte: HashMap<usize, usize> = offsets.into_iter().zip(bytes).collect();
    Ok(ranges
        .iter()
        .map(|r| (*r, text[byte[&r.start]..byte[&r.end]].to_owned()))
        .collect())
}

/// What one document row holds that a text change needs.
struct DocumentState {
    text: String,
    chars: usize,
}

fn document_state(tx: &Transaction<'_>, id: DocumentId) -> Result<DocumentState> {
    let (text, chars): (String, i64) = tx
        .prepare_cached("SELECT text, chars FROM documents WHERE id = ?1")?
        .query_row([id.0], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or(StoreError::NotFound {
            kind: "document",
            id: id.0,
        })?;
    Ok(DocumentState {
        text,
        chars: chars as usize,
    })
}

fn document_source(tx: &Transaction<'_>, id: DocumentId) -> Result<SourceFile> {
    Ok(tx
        .prepare_cached(
            "SELECT original_name, format, encoding, source FROM documents WHERE id = ?1",
        )?
        .query_row([id.0], |r| {
            Ok(SourceFile {
                original_name: r.get(0)?,
                format: r.get(1)?,
                encoding: r.get(2)?,
                bytes: r.get(3)?,
            })
        })?)
}

/// Shifts the codings that lie wholly between changes (and after the last) by how much the
/// changes before them changed the length.
fn shift_gaps(tx: &Transaction<'_>, document: DocumentId, changes: &[TextChange]) -> Result<()> {
    let mut gaps: Vec<(i64, i64, i64)> = Vec::new();
    let mut delta: i64 = 0;
    for (i, c) in changes.iter().enumerate() {
        delta += text::char_len(&c.text) as i64 - c.range.len() as i64;
        if delta != 0 {
            let low = c.range.end as i64;
            let high = changes
                .get(i + 1)
                .map_or(PARKED - 1, |next| next.range.start as i64);
            gaps.push((low, high, delta));
        }
    }
    let park = if gaps.len() > 1 { PARKED } else { 0 };
    for (low, high, delta) in &gaps {
        tx.prepare_cached(
            "UPDATE codings SET start = start + ?4, \"end\" = \"end\" + ?4
             WHERE document_id = ?1 AND start >= ?2 AND \"end\" <= ?3",
        )?
        .execute(params![document.0, low, high, delta + park])?;
    }
    if park != 0 {
        tx.prepare_cached(
            "UPDATE codings SET start = start - ?2, \"end\" = \"end\" - ?2
             WHERE document_id = ?1 AND start >= ?2",
        )?
        .execute(params![document.0, park])?;
    }
    Ok(())
}

/// `Edit::ChangeText`: changes the text, moves the codings with their words, unplaces those
/// left without words, and records the change; returns the edit that restores every byte and
/// every range.
pub(super) fn change_text(tx: &Transaction<'_>, edit: &TextEdit, t: &mut Touched) -> Result<Edit> {
    let document = edit.document;
    let state = document_state(tx, document)?;
    marks::check(&edit.changes, state.chars).map_err(|e| invalid(e.to_string()))?;
    if edit.changes.is_empty()
        && edit.placements.is_empty()
        && edit.unplace.is_empty()
        && edit.replace.is_empty()
        && edit.not_placed.is_empty()
        && edit.member_placements.is_empty()
        && edit.member_restore.is_empty()
        && edit.member_remove.is_empty()
        && edit.source.is_none()
        && edit.pages.is_none()
        && edit.rejections.is_none()
    {
        return Err(invalid("the edit changes nothing in the text"));
    }
    let marks::Applied {
        text: new_text,
        inverse: inverse_changes,
        replaced,
    } = marks::apply(&state.text, &edit.changes)
        .ok_or_else(|| invalid("a change is not inside the document"))?;
    let inserted: usize = edit.changes.iter().map(|c| text::char_len(&c.text)).sum();
    let removed: usize = edit.changes.iter().map(|c| c.range.len()).sum();
    let new_chars = state.chars + inserted - removed;

    // Codings whose place is given, with where they are now.
    let mut explicit: HashSet<CodingId> = edit.unplace.iter().map(|u| u.coding.id).collect();
    explicit.extend(edit.not_placed.iter().copied());
    let mut placed_from = Vec::with_capacity(edit.placements.len());
    for (id, range) in &edit.placements {
        let coding = load_coding(tx, *id)?;
        if coding.document != document {
            return Err(invalid(format!(
                "coding {id} is not in the document being changed"
            )));
        }
        check_passage(*range, new_chars)?;
        explicit.insert(*id);
        placed_from.push((*id, coding.range, *range));
    }

    // Codings the changes reach (the rest shift with the gaps between changes).
    let index = marks::Changes::new(&edit.changes);
    let mut reshaped: Vec<(CodingId, TextRange, TextRange)> = Vec::new();
    let mut wordless: Vec<CodingId> = Vec::new();
    if let (Some(first), Some(last)) = (edit.changes.first(), edit.changes.last()) {
        let mut stmt = tx.prepare_cached(
            "SELECT id, start, \"end\" FROM codings
             WHERE document_id = ?1 AND start <= ?2 AND \"end\" >= ?3",
        )?;
        let rows = stmt.query_map(
            params![document.0, last.range.end as i64, first.range.start as i64],
            |r| {
                Ok((
                    CodingId(r.get(0)?),
                    TextRange::new(r.get::<_, i64>(1)? as usize, r.get::<_, i64>(2)? as usize),
                ))
            },
        )?;
        for row in rows {
            let (id, range) = row?;
            if explicit.contains(&id) || !index.reshapes(range) {
                continue;
            }
            match index.map(range) {
                Some(new) => reshaped.push((id, range, new)),
                None => wordless.push(id),
            }
        }
    }

    let kind = edit.kind().unwrap_or(CorrectionKind::Edit);
    let mut inverse = TextEdit {
        document,
        changes: inverse_changes,
        placements: Vec::new(),
        unplace: Vec::new(),
        replace: Vec::new(),
        not_placed: Vec::new(),
        member_placements: Vec::new(),
        member_restore: Vec::new(),
        member_remove: Vec::new(),
        source: None,
        pages: None,
        rejections: None,
        note: CorrectionNote::Silent,
    };

    // Codings taken off the text: as given, then those left without words.
    for record in &edit.unplace {
        let (coding, _) = take_coding(tx, record.coding.id)?;
        if coding.document != document {
            return Err(invalid(format!(
                "coding {} is not in the document being changed",
                coding.id
            )));
        }
        write_unplaced(tx, record)?;
        t.memos |= !record.memos.is_empty();
        inverse.replace.push((record.id, coding.range));
    }
    let reason = match kind {
        CorrectionKind::Reimport => "its words are not in the corrected version",
        CorrectionKind::Edit | CorrectionKind::Pseudonymise => "its words were deleted",
    };
    for id in &edit.not_placed {
        if load_coding(tx, *id)?.document != document {
            return Err(invalid(format!(
                "coding {id} is not in the document being changed"
            )));
        }
    }
    wordless.sort_unstable();
    wordless.extend(edit.not_placed.iter().copied());
    for id in &wordless {
        let (coding, memos) = take_coding(tx, *id)?;
        let range = coding.range;
        t.memos |= !memos.is_empty();
        let unplaced = insert_unplaced(tx, coding, memos, reason)?;
        inverse.replace.push((unplaced, range));
    }

    // The text, and the original file if a corrected version replaces it.
    tx.prepare_cached(
        "UPDATE documents SET text = ?1, chars = ?2, text_revision = text_revision + 1 WHERE id = ?3",
    )?
        .execute(params![new_text, new_chars as i64, document.0])?;
    let mut previous_source = None;
    if let Some(source) = &edit.source {
        let old = document_source(tx, document)?;
        tx.prepare_cached(
            "UPDATE documents SET source = ?1, sha256 = ?2, original_name = ?3, format = ?4, encoding = ?5
             WHERE id = ?6",
        )?
        .execute(params![
            source.bytes,
            sha256_hex(&source.bytes),
            source.original_name,
            source.format,
            source.encoding,
            document.0
        ])?;
        inverse.source = Some(old.clone());
        previous_source = Some(old);
    }

    // Page starts (a PDF's page map) move with the words they begin.
    let old_pages = super::queries::pages_from_column(
        &tx.prepare_cached("SELECT pages FROM documents WHERE id = ?1")?
            .query_row([document.0], |r| r.get::<_, String>(0))?,
    );
    if !old_pages.is_empty() || edit.pages.is_some() {
        let new_pages = match &edit.pages {
            Some(pages) => {
                if pages.windows(2).any(|w| w[0] > w[1]) || pages.iter().any(|p| *p > new_chars) {
                    return Err(invalid(
                        "a page map must never go back and must lie inside the text",
                    ));
                }
                pages.clone()
            }
            None => moved_pages(&old_pages, &edit.changes, new_chars),
        };
        if new_pages != old_pages {
            tx.prepare_cached("UPDATE documents SET pages = ?1 WHERE id = ?2")?
                .execute(params![
                    super::queries::pages_to_column(&new_pages),
                    document.0
                ])?;
        }
        inverse.pages = Some(old_pages);
    }
    inverse.rejections = move_rejections(tx, edit, &index, new_chars)?;

    // Codings: the shifted ones in bulk, then each reshaped or placed one with its passage.
    shift_gaps(tx, document, &edit.changes)?;
    let mut wanted: Vec<TextRange> = reshaped.iter().map(|r| r.2).collect();
    wanted.extend(placed_from.iter().map(|p| p.2));
    for (_, range) in &edit.replace {
        check_passage(*range, new_chars)?;
        wanted.push(*range);
    }
    let texts = passages(&new_text, &wanted)?;
    for (id, old, new) in reshaped.iter().chain(placed_from.iter()) {
        tx.prepare_cached("UPDATE codings SET start = ?1, \"end\" = ?2, text = ?3 WHERE id = ?4")?
            .execute(params![new.start as i64, new.end as i64, texts[new], id.0])?;
        inverse.placements.push((*id, *old));
    }
    for (id, range) in &edit.replace {
        let record = load_unplaced(tx, *id)?;
        if record.coding.document != document {
            return Err(invalid(format!(
                "unplaced coding {id} is not in the document being changed"
            )));
        }
        t.memos |= !record.memos.is_empty();
        inverse
            .unplace
            .push(put_back(tx, record, *range, &texts[range])?);
    }

    move_members(tx, edit, &index, new_chars, &mut inverse, t)?;

    // The correction log.
    inverse.note = match &edit.note {
        CorrectionNote::Record { kind, coder } => {
            let coder = coder_id(tx, coder, t)?;
            let changes: Vec<ChangeRecord> = edit
                .changes
                .iter()
                .zip(&replaced)
                .take(record::LISTED_CHANGES)
                .map(|(c, old)| ChangeRecord {
                    at: c.range.start,
                    old: record::snippet(old),
                    new: record::snippet(&c.text),
                })
                .collect();
            let unplaced = edit.unplace.len() + wordless.len();
            let entry = Correction {
                id: CorrectionId(0),
                guid: new_guid(),
                document,
                kind: *kind,
                coder,
                made_at: now_timestamp(),
                summary: record::summary(
                    *kind,
                    &changes,
                    edit.changes.len(),
                    unplaced,
                    edit.source.as_ref().map(|s| s.original_name.as_str()),
                ),
                changes,
                change_count: edit.changes.len(),
                removed,
                inserted,
                unplaced,
                previous_source,
            };
            CorrectionNote::Forget(insert_correction(tx, &entry)?)
        }
        CorrectionNote::Forget(id) => {
            let entry = load_correction(tx, *id)?;
            tx.prepare_cached("DELETE FROM corrections WHERE id = ?1")?
                .execute([id.0])?;
            CorrectionNote::Restore(Box::new(entry))
        }
        CorrectionNote::Restore(entry) => {
            if entry.document != document {
                return Err(invalid("the correction belongs to another document"));
            }
            CorrectionNote::Forget(insert_correction(tx, entry)?)
        }
        CorrectionNote::Silent => CorrectionNote::Silent,
    };

    t.documents = true;
    t.texts.add(document);
    t.codings.add(document);
    Ok(Edit::ChangeText(Box::new(inverse)))
}

/// Passages rejected as suggestions in the changed document move with their words (one whose
/// words are all gone is dropped); returns the rejections as they were, for the inverse, when
/// the document had any.
fn move_rejections(
    tx: &Transaction<'_>,
    edit: &TextEdit,
    index: &marks::Changes<'_>,
    new_chars: usize,
) -> Result<Option<Vec<RejectedPassage>>> {
    let document_guid: String = tx
        .prepare_cached("SELECT guid FROM documents WHERE id = ?1")?
        .query_row([edit.document.0], |r| r.get(0))?;
    let old: Vec<RejectedPassage> = tx
        .prepare_cached(
            "SELECT code_guid, start, \"end\", coder_id, created_at FROM suggestion_rejections
             WHERE document_guid = ?1 ORDER BY code_guid, start, \"end\"",
        )?
        .query_map([&document_guid], |r| {
            Ok(RejectedPassage {
                code: r.get(0)?,
                range: TextRange::new(r.get::<_, i64>(1)? as usize, r.get::<_, i64>(2)? as usize),
                coder: CoderId(r.get(3)?),
                at: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    if old.is_empty() && edit.rejections.is_none() {
        return Ok(None);
    }
    let new: Vec<RejectedPassage> = match &edit.rejections {
        Some(given) => {
            for r in given {
                check_passage(r.range, new_chars)?;
            }
            given.clone()
        }
        None => old
            .iter()
            .filter_map(|r| {
                index
                    .map(r.range)
                    .map(|range| RejectedPassage { range, ..r.clone() })
            })
            .collect(),
    };
    if new != old {
        tx.prepare_cached("DELETE FROM suggestion_rejections WHERE document_guid = ?1")?
            .execute([&document_guid])?;
        let mut insert = tx.prepare_cached(
            "INSERT OR IGNORE INTO suggestion_rejections (code_guid, document_guid, start, \"end\", coder_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for r in &new {
            insert.execute(params![
                r.code,
                document_guid,
                r.range.start as i64,
                r.range.end as i64,
                r.coder.0,
                r.at
            ])?;
        }
    }
    Ok(Some(old))
}

/// Page starts after `changes` (in order, offsets into the old text): a start after a change
/// shifts by what it added or removed; a start inside replaced or deleted characters moves to
/// where the change begins; text inserted right at a page start begins that page.
fn moved_pages(pages: &[usize], changes: &[TextChange], new_chars: usize) -> Vec<usize> {
    let mut out = Vec::with_capacity(pages.len());
    let mut i = 0;
    // Added minus removed characters of the changes wholly before the current start.
    let mut shift: isize = 0;
    for &p in pages {
        while let Some(c) = changes.get(i) {
            if c.range.end <= p && !(c.range.is_empty() && c.range.start == p) {
                shift += text::char_len(&c.text).cast_signed() - c.range.len().cast_signed();
                i += 1;
            } else {
                break;
            }
        }
        let at = match changes.get(i) {
            Some(c) if c.range.start < p => c.range.start,
            _ => p,
        };
        let moved = at.saturating_add_signed(shift).min(new_chars);
        out.push(moved.max(out.last().copied().unwrap_or(0)));
    }
    out
}

/// Case members that are passages of the changed document move with their words as codings
/// do; a member left without words leaves its case (undo puts it back). Writes into `inverse`
/// what restores every member exactly.
fn move_members(
    tx: &Transaction<'_>,
    edit: &TextEdit,
    index: &marks::Changes<'_>,
    new_chars: usize,
    inverse: &mut TextEdit,
    t: &mut Touched,
) -> Result<()> {
    let document = edit.document;
    let given: HashMap<CaseMemberId, TextRange> = edit.member_placements.iter().copied().collect();
    let removed: HashSet<CaseMemberId> = edit.member_remove.iter().copied().collect();
    let members: Vec<(CaseMemberId, CaseId, TextRange)> = tx
        .prepare_cached(
            "SELECT id, case_id, start, \"end\" FROM case_members
             WHERE document_id = ?1 AND start IS NOT NULL ORDER BY id",
        )?
        .query_map([document.0], |r| {
            Ok((
                CaseMemberId(r.get(0)?),
                CaseId(r.get(1)?),
                TextRange::new(r.get::<_, i64>(2)? as usize, r.get::<_, i64>(3)? as usize),
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut changed = false;
    for (id, case, range) in members {
        let new = if removed.contains(&id) {
            None
        } else if let Some(r) = given.get(&id) {
            check_passage(*r, new_chars)?;
            Some(*r)
        } else {
            index.map(range).filter(|r| !r.is_empty())
        };
        match new {
            Some(new) if new == range => {}
            Some(new) => {
                tx.prepare_cached(
                    "UPDATE case_members SET start = ?1, \"end\" = ?2 WHERE id = ?3",
                )?
                .execute(params![new.start as i64, new.end as i64, id.0])?;
                inverse.member_placements.push((id, range));
                changed = true;
            }
            None => {
                tx.prepare_cached("DELETE FROM case_members WHERE id = ?1")?
                    .execute([id.0])?;
                inverse.member_restore.push(CaseMember {
                    id,
                    case,
                    document,
                    range: Some(range),
                });
                changed = true;
            }
        }
    }
    for member in &edit.member_restore {
        let Some(range) = member.range.filter(|_| member.document == document) else {
            return Err(invalid(
                "a case member to put back is not a passage of this document",
            ));
        };
        check_passage(range, new_chars)?;
        tx.prepare_cached(
            "INSERT INTO case_members (id, case_id, document_id, start, \"end\") VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            member.id.0,
            member.case.0,
            document.0,
            range.start as i64,
            range.end as i64
        ])?;
        inverse.member_remove.push(member.id);
        changed = true;
    }
    t.attributes |= changed;
    Ok(())
}

/// `Edit::PlaceUnplaced`: the coding back on `range`; the inverse unplaces it again as it was.
pub(super) fn place_unplaced(
    tx: &Transaction<'_>,
    id: UnplacedId,
    range: TextRange,
    t: &mut Touched,
) -> Result<Edit> {
    let record = load_unplaced(tx, id)?;
    let document = record.coding.document;
    let state = document_state(tx, document)?;
    check_passage(range, state.chars)?;
    let passage = passages(&state.text, &[range])?
        .remove(&range)
        .unwrap_or_default();
    t.codings.add(document);
    t.memos |= !record.memos.is_empty();
    let stored = record.coding.id;
    let mut record = put_back(tx, record, range, &passage)?;
    let coding = record.coding.id;
    // The record keeps the id the coding had when it lost its words.
    record.coding.id = stored;
    Ok(Edit::Unplace {
        coding,
        record: Box::new(record),
    })
}

/// `Edit::Unplace`: takes the coding off the text as exactly `record`.
pub(super) fn unplace(
    tx: &Transaction<'_>,
    coding: CodingId,
    record: &UnplacedCoding,
    t: &mut Touched,
) -> Result<Edit> {
    let (taken, memos) = take_coding(tx, coding)?;
    if taken.guid != record.coding.guid {
        return Err(invalid(format!(
            "coding {coding} is not the one unplaced coding {} stood for",
            record.id
        )));
    }
    write_unplaced(tx, record)?;
    t.codings.add(taken.document);
    t.memos |= !memos.is_empty();
    Ok(Edit::PlaceUnplaced {
        id: record.id,
        range: taken.range,
    })
}

/// `Edit::PutUnplaced`: writes the record; the inverse deletes it or writes the old one back.
pub(super) fn put_unplaced(
    tx: &Transaction<'_>,
    record: &UnplacedCoding,
    t: &mut Touched,
) -> Result<Edit> {
    let old = tx
        .prepare_cached(&format!(
            "SELECT {UNPLACED_COLUMNS} FROM unplaced_codings WHERE id = ?1"
        ))?
        .query_row([record.id.0], unplaced_from_row)
        .optional()?;
    if old
        .as_ref()
        .is_some_and(|o| o.coding.guid != record.coding.guid)
    {
        return Err(invalid(format!(
            "unplaced coding {} is another coding",
            record.id
        )));
    }
    write_unplaced(tx, record)?;
    t.codings.add(record.coding.document);
    if let Some(old) = &old {
        t.codings.add(old.coding.document);
    }
    Ok(match old {
        Some(old) => Edit::PutUnplaced(Box::new(old)),
        None => Edit::DeleteUnplaced { id: record.id },
    })
}

/// `Edit::DeleteUnplaced`.
pub(super) fn delete_unplaced(
    tx: &Transaction<'_>,
    id: UnplacedId,
    t: &mut Touched,
) -> Result<Edit> {
    let record = load_unplaced(tx, id)?;
    tx.prepare_cached("DELETE FROM unplaced_codings WHERE id = ?1")?
        .execute([id.0])?;
    t.codings.add(record.coding.document);
    Ok(Edit::PutUnplaced(Box::new(record)))
}

/// `Edit::AddPseudonym`.
pub(super) fn add_pseudonym(
    tx: &Transaction<'_>,
    name: &str,
    pseudonym: &str,
    coder: &str,
    created_at: Option<&str>,
    t: &mut Touched,
) -> Result<Edit> {
    let (name, pseudonym) = (name.trim(), pseudonym.trim());
    if name.is_empty() || pseudonym.is_empty() {
        return Err(invalid("a pseudonym needs a name and the pseudonym for it"));
    }
    if name == pseudonym {
        return Err(invalid(format!("“{name}” cannot be its own pseudonym")));
    }
    let existing: Option<String> = tx
        .prepare_cached("SELECT pseudonym FROM pseudonyms WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?;
    match existing {
        Some(p) if p == pseudonym => return Ok(Edit::Batch(Vec::new())),
        Some(p) => {
            return Err(invalid(format!(
                "“{name}” already has the pseudonym “{p}”; the same name always gets the same pseudonym"
            )));
        }
        None => {}
    }
    let taken: Option<String> = tx
        .prepare_cached("SELECT name FROM pseudonyms WHERE pseudonym = ?1")?
        .query_row([pseudonym], |r| r.get(0))
        .optional()?;
    if let Some(other) = taken {
        return Err(invalid(format!(
            "“{pseudonym}” is already the pseudonym of “{other}”; choose another so the two stay apart"
        )));
    }
    let coder = coder_id(tx, coder, t)?;
    tx.prepare_cached(
        "INSERT INTO pseudonyms (name, pseudonym, coder_id, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        name,
        pseudonym,
        coder.0,
        created_at.map_or_else(now_timestamp, str::to_owned)
    ])?;
    t.pseudonyms = true;
    Ok(Edit::RemovePseudonym {
        name: name.to_owned(),
    })
}

/// `Edit::RemovePseudonym`.
pub(super) fn remove_pseudonym(tx: &Transaction<'_>, name: &str, t: &mut Touched) -> Result<Edit> {
    let (pseudonym, coder, created_at): (String, String, String) = tx
        .prepare_cached(
            "SELECT p.pseudonym, c.name, p.created_at FROM pseudonyms p JOIN coders c ON c.id = p.coder_id
             WHERE p.name = ?1",
        )?
        .query_row([name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .ok_or_else(|| invalid(format!("“{name}” has no pseudonym")))?;
    tx.prepare_cached("DELETE FROM pseudonyms WHERE name = ?1")?
        .execute([name])?;
    t.pseudonyms = true;
    Ok(Edit::AddPseudonym {
        name: name.to_owned(),
        pseudonym,
        coder,
        created_at: Some(created_at),
    })
}

/// Unplaced codings and correction entries that removing these documents and codes takes away.
pub(super) fn collect_removal(
    tx: &Transaction<'_>,
    documents: &[DocumentId],
    codes: &[CodeId],
) -> Result<(Vec<UnplacedCoding>, Vec<Correction>)> {
    let docs = serde_json::to_string(&documents.iter().map(|d| d.0).collect::<Vec<_>>())
        .map_err(|e| json_error(&e))?;
    let codes = serde_json::to_string(&codes.iter().map(|c| c.0).collect::<Vec<_>>())
        .map_err(|e| json_error(&e))?;
    let unplaced = tx
        .prepare_cached(&format!(
            "SELECT {UNPLACED_COLUMNS} FROM unplaced_codings
             WHERE document_id IN (SELECT value FROM json_each(?1))
                OR code_id IN (SELECT value FROM json_each(?2))
             ORDER BY id"
        ))?
        .query_map([&docs, &codes], unplaced_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let corrections = tx
        .prepare_cached(&format!(
            "SELECT {CORRECTION_COLUMNS} FROM corrections
             WHERE document_id IN (SELECT value FROM json_each(?1)) ORDER BY id"
        ))?
        .query_map([&docs], correction_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((unplaced, corrections))
}

/// Puts back removed unplaced codings and correction entries, with their ids.
pub(super) fn restore_rows(
    tx: &Transaction<'_>,
    unplaced: &[UnplacedCoding],
    corrections: &[Correction],
) -> Result<()> {
    for u in unplaced {
        write_unplaced(tx, u)?;
    }
    for c in corrections {
        insert_correction(tx, c)?;
    }
    Ok(())
}

/// The unplaced codings of `from`, recoded to `into` (merging codes keeps them).
pub(super) fn recode_unplaced(
    tx: &Transaction<'_>,
    from: CodeId,
    into: CodeId,
) -> Result<Vec<Edit>> {
    let rows = tx
        .prepare_cached(&format!(
            "SELECT {UNPLACED_COLUMNS} FROM unplaced_codings WHERE code_id = ?1 ORDER BY id"
        ))?
        .query_map([from.0], unplaced_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .map(|mut u| {
            u.coding.code = into;
            Edit::PutUnplaced(Box::new(u))
        })
        .collect())
}

impl Store {
    /// The unplaced codings of a document (or of every document), oldest first.
    pub fn unplaced_codings(&self, document: Option<DocumentId>) -> Result<Vec<UnplacedCoding>> {
        let rows = self
            .conn
            .prepare_cached(&format!(
                "SELECT {UNPLACED_COLUMNS} FROM unplaced_codings
                 WHERE ?1 IS NULL OR document_id = ?1 ORDER BY document_id, id"
            ))?
            .query_map([document.map(|d| d.0)], unplaced_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// One unplaced coding.
    pub fn unplaced_coding(&self, id: UnplacedId) -> Result<UnplacedCoding> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {UNPLACED_COLUMNS} FROM unplaced_codings WHERE id = ?1"
            ))?
            .query_row([id.0], unplaced_from_row)
            .optional()?
            .ok_or(StoreError::NotFound {
                kind: "unplaced coding",
                id: id.0,
            })
    }

    /// The correction log of a document (or of every document), oldest first.
    pub fn corrections(&self, document: Option<DocumentId>) -> Result<Vec<Correction>> {
        let rows = self
            .conn
            .prepare_cached(&format!(
                "SELECT {CORRECTION_COLUMNS} FROM corrections
                 WHERE ?1 IS NULL OR document_id = ?1 ORDER BY id"
            ))?
            .query_map([document.map(|d| d.0)], correction_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The list of names and their pseudonyms, by name.
    pub fn pseudonyms(&self) -> Result<Vec<Pseudonym>> {
        let rows = self
            .conn
            .prepare_cached(
                "SELECT name, pseudonym, coder_id, created_at FROM pseudonyms ORDER BY name",
            )?
            .query_map([], |r| {
                Ok(Pseudonym {
                    name: r.get(0)?,
                    pseudonym: r.get(1)?,
                    coder: CoderId(r.get(2)?),
                    created_at: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
