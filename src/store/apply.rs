//! `Store::apply`: performs one `Edit` in one transaction and returns the edit that undoes it.

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

use super::attributes;
use super::queries::{
    CODE_COLUMNS, CODING_COLUMNS, DOCUMENT_COLUMNS, HISTORY_COLUMNS, MEMO_COLUMNS, change_from_row,
    code_from_row, coding_from_row, document_from_row, memo_from_row, pages_to_column,
};
use super::{Result, Store, StoreError, corrections, new_guid, now_timestamp, parse_timestamp};
use crate::domain::{
    AttributeId, CaseId, CaseMemberId, ChangeId, ChangeKind, CodeChange, CodeField, CodeId,
    CoderId, Coding, CodingId, DocumentId, Edit, MemoId, MemoRef, MemoTarget, NewDocument, PALETTE,
    RowSet, RowTarget, Snapshot, TextRange, Touched,
};
use crate::text;

impl Store {
    /// Applies `edit` in one transaction and returns its inverse. On error nothing changes.
    pub fn apply(&mut self, edit: &Edit) -> Result<Edit> {
        self.apply_touching(edit).map(|(inverse, _)| inverse)
    }

    /// Like [`Store::apply`], and also says what the edit changed.
    pub fn apply_touching(&mut self, edit: &Edit) -> Result<(Edit, Touched)> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly(self.path.clone()));
        }
        let tx = self.conn.transaction()?;
        let mut cx = Ctx {
            t: Touched::default(),
            coder: &self.coder,
            record: true,
            reason: String::new(),
            added: Vec::new(),
            replaced: Vec::new(),
        };
        let inverse = apply_edit(&tx, edit, &mut cx)?;
        // Undoing the edit takes the history entries it wrote away again (and puts back those
        // it changed); the inverse applies nothing else to the history.
        let inverse = if cx.added.is_empty() && cx.replaced.is_empty() {
            inverse
        } else {
            Edit::Unrecorded {
                edit: Box::new(inverse),
                forget: cx.added,
                restore: cx.replaced,
            }
        };
        tx.commit()?;
        Ok((inverse, cx.t))
    }
}

/// What an edit is applied with: what it touched so far, who signs it, and what it recorded in
/// the codebook's history.
struct Ctx<'a> {
    t: Touched,
    /// The name memo edits and history entries are signed with; empty when unknown.
    coder: &'a str,
    /// Whether codebook changes write history entries (not while undoing, redoing, or inside a
    /// merge or split, which record themselves).
    record: bool,
    /// The reason given for the edit ([`Edit::Explained`]).
    reason: String,
    /// History entries written.
    added: Vec<ChangeId>,
    /// History entries changed (a burst of typing), as they were before.
    replaced: Vec<CodeChange>,
}

/// How long after a definition change the next change of the same field by the same coder
/// counts as the same burst of typing, and updates its history entry.
const TYPING_BURST_SECONDS: u64 = 600;

pub(super) fn invalid(msg: impl Into<String>) -> StoreError {
    StoreError::Invalid(msg.into())
}

fn apply_edit(tx: &Transaction<'_>, edit: &Edit, cx: &mut Ctx<'_>) -> Result<Edit> {
    match edit {
        Edit::AddCoder { name } => {
            let id = add_coder(tx, name)?;
            cx.t.coders |= id.is_some();
            Ok(id.map_or(Edit::Batch(Vec::new()), |id| Edit::RemoveCoder { id }))
        }
        Edit::RemoveCoder { id } => {
            let name: String = tx
                .query_row("SELECT name FROM coders WHERE id = ?1", [id.0], |r| {
                    r.get(0)
                })
                .optional()?
                .ok_or(StoreError::NotFound {
                    kind: "coder",
                    id: id.0,
                })?;
            tx.execute("DELETE FROM coders WHERE id = ?1", [id.0])
                .map_err(|_| invalid(format!("coder “{name}” still has codings or memos")))?;
            cx.t.coders = true;
            Ok(Edit::AddCoder { name })
        }
        Edit::ImportDocument(doc) => {
            cx.t.documents = true;
            import_document(tx, doc)
        }
        Edit::RenameDocument { id, name } => {
            let name = name.trim();
            if name.is_empty() {
                return Err(invalid("a document needs a name"));
            }
            let old: String = tx
                .query_row("SELECT name FROM documents WHERE id = ?1", [id.0], |r| {
                    r.get(0)
                })
                .optional()?
                .ok_or(StoreError::NotFound {
                    kind: "document",
                    id: id.0,
                })?;
            if old != name {
                cx.t.documents = true;
                ensure_document_name_free(tx, name)?;
                tx.execute(
                    "UPDATE documents SET name = ?1 WHERE id = ?2",
                    params![name, id.0],
                )?;
            }
            Ok(Edit::RenameDocument { id: *id, name: old })
        }
        Edit::SetDocumentDirection { id, direction } => {
            let old: String = tx
                .query_row(
                    "SELECT direction FROM documents WHERE id = ?1",
                    [id.0],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or(StoreError::NotFound {
                    kind: "document",
                    id: id.0,
                })?;
            let old = crate::domain::Direction::parse(&old).unwrap_or_default();
            if old != *direction {
                cx.t.documents = true;
                tx.execute(
                    "UPDATE documents SET direction = ?1 WHERE id = ?2",
                    params![direction.as_str(), id.0],
                )?;
            }
            Ok(Edit::SetDocumentDirection {
                id: *id,
                direction: old,
            })
        }
        Edit::DeleteDocument { id } => remove(tx, &[*id], &[], &[], &[], &mut cx.t),
        Edit::CreateCode {
            parent,
            name,
            color,
            description,
            position,
        } => {
            cx.t.codes = true;
            create_code(tx, *parent, name, color.as_deref(), description, *position)
        }
        Edit::RenameCode { id, name } => {
            cx.t.codes = true;
            let code = load_code(tx, *id)?;
            let name = validate_code_name(name)?;
            if code.name != name {
                ensure_code_name_free(tx, code.parent, &name)?;
                tx.execute(
                    "UPDATE codes SET name = ?1 WHERE id = ?2",
                    params![name, id.0],
                )?;
                record(
                    tx,
                    cx,
                    Change {
                        code: &code.guid,
                        other: "",
                        kind: ChangeKind::Rename,
                        before: &code.name,
                        after: &name,
                        codings: 0,
                    },
                )?;
            }
            Ok(Edit::RenameCode {
                id: *id,
                name: code.name,
            })
        }
        Edit::RecolorCode { id, color } => {
            cx.t.codes = true;
            let code = load_code(tx, *id)?;
            if crate::domain::parse_color(color).is_none() {
                return Err(invalid(format!(
                    "“{color}” is not a colour; use #rrggbb, e.g. #3f8fd2"
                )));
            }
            tx.execute(
                "UPDATE codes SET color = ?1 WHERE id = ?2",
                params![color.to_ascii_lowercase(), id.0],
            )?;
            Ok(Edit::RecolorCode {
                id: *id,
                color: code.color,
            })
        }
        Edit::DescribeCode { id, description } => {
            let old = define_code(tx, *id, CodeField::Description, description, cx)?;
            Ok(Edit::DescribeCode {
                id: *id,
                description: old,
            })
        }
        Edit::DefineCode { id, field, text } => {
            let old = define_code(tx, *id, *field, text, cx)?;
            Ok(Edit::DefineCode {
                id: *id,
                field: *field,
                text: old,
            })
        }
        Edit::SplitCode {
            from,
            name,
            codings,
        } => split_code(tx, *from, name, codings, cx),
        Edit::MoveCode {
            id,
            parent,
            position,
        } => {
            cx.t.codes = true;
            let code = load_code(tx, *id)?;
            let before = code_path(tx, *id)?;
            let inverse = move_code(tx, *id, *parent, *position)?;
            if *parent != code.parent {
                let after = code_path(tx, *id)?;
                record(
                    tx,
                    cx,
                    Change {
                        code: &code.guid,
                        other: "",
                        kind: ChangeKind::Move,
                        before: &before,
                        after: &after,
                        codings: 0,
                    },
                )?;
            }
            Ok(inverse)
        }
        Edit::MergeCode { from, into } => merge_code(tx, *from, *into, cx),
        Edit::DeleteCode { id } => remove(tx, &[], &[*id], &[], &[], &mut cx.t),
        Edit::ApplyCoding {
            document,
            code,
            range,
            coder,
            memo,
        } => {
            load_code(tx, *code)?;
            let text = checked_passage(tx, *document, *range)?;
            let coder_id = coder_id(tx, coder, &mut cx.t)?;
            cx.t.codings.add(*document);
            // Cached: autocode applies thousands in one batch.
            tx.prepare_cached(
                "INSERT INTO codings (guid, document_id, code_id, start, \"end\", text, coder_id, created_at, memo)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                    new_guid(),
                    document.0,
                    code.0,
                    range.start as i64,
                    range.end as i64,
                    text,
                    coder_id.0,
                    now_timestamp(),
                    memo
                ],
            )?;
            Ok(Edit::RemoveCoding {
                id: CodingId(tx.last_insert_rowid()),
            })
        }
        Edit::RemoveCoding { id } => remove(tx, &[], &[], &[*id], &[], &mut cx.t),
        Edit::ResizeCoding { id, range } => {
            let coding = load_coding(tx, *id)?;
            cx.t.codings.add(coding.document);
            let text = checked_passage(tx, coding.document, *range)?;
            tx.execute(
                "UPDATE codings SET start = ?1, \"end\" = ?2, text = ?3 WHERE id = ?4",
                params![range.start as i64, range.end as i64, text, id.0],
            )?;
            Ok(Edit::ResizeCoding {
                id: *id,
                range: coding.range,
            })
        }
        Edit::RecodeCoding { id, code } => {
            let coding = load_coding(tx, *id)?;
            cx.t.codings.add(coding.document);
            load_code(tx, *code)?;
            tx.execute(
                "UPDATE codings SET code_id = ?1 WHERE id = ?2",
                params![code.0, id.0],
            )?;
            Ok(Edit::RecodeCoding {
                id: *id,
                code: coding.code,
            })
        }
        Edit::SetCodingMemo { id, memo } => {
            let by = signer(tx, cx)?;
            set_memo_text(
                tx,
                MemoRef::CodingMemo(*id),
                "",
                memo,
                &now_timestamp(),
                by,
                &mut cx.t,
            )
        }
        Edit::RestoreMemoText {
            of,
            title,
            body,
            modified_at,
            modified_by,
        } => set_memo_text(tx, *of, title, body, modified_at, *modified_by, &mut cx.t),
        Edit::WriteMemo {
            target,
            title,
            body,
            coder,
        } => {
            check_memo_target(tx, *target)?;
            let coder_id = coder_id(tx, coder, &mut cx.t)?;
            cx.t.memos = true;
            let (document, code, coding) = memo_target_columns(*target);
            let now = now_timestamp();
            tx.execute(
                "INSERT INTO memos (guid, document_id, code_id, coding_id, title, body, coder_id, created_at, modified_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                params![new_guid(), document, code, coding, title, body, coder_id.0, now],
            )?;
            Ok(Edit::DeleteMemo {
                id: MemoId(tx.last_insert_rowid()),
            })
        }
        Edit::EditMemo {
            id,
            title,
            body,
            modified_at,
        } => {
            let by = signer(tx, cx)?;
            let at = modified_at.clone().unwrap_or_else(now_timestamp);
            set_memo_text(tx, MemoRef::Memo(*id), title, body, &at, by, &mut cx.t)
        }
        Edit::RetargetMemo { id, target } => {
            let memo = load_memo(tx, *id)?;
            cx.t.memos = true;
            check_memo_target(tx, *target)?;
            let (document, code, coding) = memo_target_columns(*target);
            tx.execute(
                "UPDATE memos SET document_id = ?1, code_id = ?2, coding_id = ?3 WHERE id = ?4",
                params![document, code, coding, id.0],
            )?;
            Ok(Edit::RetargetMemo {
                id: *id,
                target: memo.target,
            })
        }
        Edit::DeleteMemo { id } => remove(tx, &[], &[], &[], &[*id], &mut cx.t),
        Edit::RejectSuggestion {
            code,
            document,
            range,
            coder,
            rejected_at,
        } => reject_suggestion(
            tx,
            *code,
            *document,
            *range,
            (coder, rejected_at.as_deref()),
            &mut cx.t,
        ),
        Edit::UnrejectSuggestion {
            code,
            document,
            range,
        } => unreject_suggestion(tx, *code, *document, *range),
        Edit::ResolveDisagreement {
            document,
            place,
            outcome,
            coder,
            resolved_at,
        } => super::resolutions::resolve(
            tx,
            *document,
            place,
            *outcome,
            (coder, resolved_at.as_deref()),
            &mut cx.t,
        ),
        Edit::UnresolveDisagreement { document, place } => {
            super::resolutions::unresolve(tx, *document, place, &mut cx.t)
        }
        Edit::Restore(snapshot) => {
            touch_snapshot(snapshot, &mut cx.t);
            restore(tx, snapshot)
        }
        Edit::InsertRows(rows) => {
            cx.t.merge(&Touched::everything());
            insert_rows(tx, rows)
        }
        Edit::Remove {
            documents,
            codes,
            codings,
            memos,
            attributes,
            cases,
            case_members,
        } => remove_rows(
            tx,
            &Removal {
                documents,
                codes,
                codings,
                memos,
                attributes,
                cases,
                case_members,
            },
            &mut cx.t,
        ),
        Edit::DefineAttribute { scope, name, kind } => {
            cx.t.attributes = true;
            attributes::define_attribute(tx, *scope, name, kind)
        }
        Edit::ChangeAttribute { id, name, kind } => {
            cx.t.attributes = true;
            attributes::change_attribute(tx, *id, name, kind)
        }
        Edit::DeleteAttribute { id } => remove_rows(
            tx,
            &Removal {
                attributes: &[*id],
                ..Removal::default()
            },
            &mut cx.t,
        ),
        Edit::SetValues(changes) => {
            cx.t.attributes = true;
            attributes::set_values(tx, changes)
        }
        Edit::CreateCases(cases) => {
            cx.t.attributes = true;
            attributes::create_cases(tx, cases)
        }
        Edit::RenameCase { id, name } => {
            cx.t.attributes = true;
            attributes::rename_case(tx, *id, name)
        }
        Edit::DeleteCases { ids } => remove_rows(
            tx,
            &Removal {
                cases: ids,
                ..Removal::default()
            },
            &mut cx.t,
        ),
        Edit::AddCaseMembers { case, members } => {
            cx.t.attributes = true;
            attributes::add_case_members(tx, *case, members)
        }
        Edit::RemoveCaseMembers { ids } => remove_rows(
            tx,
            &Removal {
                case_members: ids,
                ..Removal::default()
            },
            &mut cx.t,
        ),
        Edit::PutRows { rows, hub } => {
            let before = super::sync::put_rows(tx, rows, hub.as_deref(), &mut cx.t)?;
            Ok(Edit::PutRows {
                rows: before,
                hub: None,
            })
        }
        Edit::ResolveSyncConflict { conflict, keep } => {
            super::sync::resolve_conflict(tx, conflict, *keep, &mut cx.t)
        }
        Edit::ReopenSyncConflict {
            rows,
            bases,
            conflicts,
        } => super::sync::reopen_conflict(tx, rows, bases, conflicts, &mut cx.t),
        Edit::Batch(edits) => {
            let mut inverses = Vec::with_capacity(edits.len());
            for edit in edits {
                inverses.push(apply_edit(tx, edit, cx)?);
            }
            inverses.reverse();
            Ok(Edit::Batch(inverses))
        }
        Edit::Explained { reason, edit } => {
            let outer = std::mem::replace(&mut cx.reason, reason.trim().to_owned());
            let inverse = apply_edit(tx, edit, cx);
            cx.reason = outer;
            inverse
        }
        Edit::Unrecorded {
            edit,
            forget,
            restore,
        } => {
            let recording = std::mem::replace(&mut cx.record, false);
            let inverse = apply_edit(tx, edit, cx);
            cx.record = recording;
            let inverse = inverse?;
            let (forgotten, added) = rewrite_history(tx, forget, restore)?;
            cx.t.codes |= !forget.is_empty() || !restore.is_empty();
            Ok(Edit::Unrecorded {
                edit: Box::new(inverse),
                forget: added,
                restore: forgotten,
            })
        }
        Edit::ChangeText(edit) => corrections::change_text(tx, edit, &mut cx.t),
        Edit::PlaceUnplaced { id, range } => {
            corrections::place_unplaced(tx, *id, *range, &mut cx.t)
        }
        Edit::Unplace { coding, record } => corrections::unplace(tx, *coding, record, &mut cx.t),
        Edit::PutUnplaced(record) => corrections::put_unplaced(tx, record, &mut cx.t),
        Edit::DeleteUnplaced { id } => corrections::delete_unplaced(tx, *id, &mut cx.t),
        Edit::AddPseudonym {
            name,
            pseudonym,
            coder,
            created_at,
        } => {
            corrections::add_pseudonym(tx, name, pseudonym, coder, created_at.as_deref(), &mut cx.t)
        }
        Edit::RemovePseudonym { name } => corrections::remove_pseudonym(tx, name, &mut cx.t),
    }
}

/// Sets a memo's or a coding memo's text and stamp; returns the edit that puts the old ones
/// back.
fn set_memo_text(
    tx: &Transaction<'_>,
    of: MemoRef,
    title: &str,
    body: &str,
    at: &str,
    by: Option<CoderId>,
    t: &mut Touched,
) -> Result<Edit> {
    let by = by.map(|c| c.0);
    let old = match of {
        MemoRef::Memo(id) => {
            let memo = load_memo(tx, id)?;
            t.memo_texts.insert(id);
            tx.execute(
                "UPDATE memos SET title = ?1, body = ?2, modified_at = ?3, modified_by = ?4 WHERE id = ?5",
                params![title, body, at, by, id.0],
            )?;
            (memo.title, memo.body, memo.modified_at, memo.modified_by)
        }
        MemoRef::CodingMemo(id) => {
            let coding = load_coding(tx, id)?;
            t.coding_memos.insert(id);
            tx.execute(
                "UPDATE codings SET memo = ?1, memo_modified_at = ?2, memo_modified_by = ?3 WHERE id = ?4",
                params![body, at, by, id.0],
            )?;
            (
                String::new(),
                coding.memo,
                coding.memo_modified_at,
                coding.memo_modified_by,
            )
        }
    };
    Ok(Edit::RestoreMemoText {
        of,
        title: old.0,
        body: old.1,
        modified_at: old.2,
        modified_by: old.3,
    })
}

/// A history entry about to be written.
#[derive(Clone, Copy)]
struct Change<'a> {
    code: &'a str,
    other: &'a str,
    kind: ChangeKind,
    before: &'a str,
    after: &'a str,
    codings: i64,
}

/// The coder signing this edit's memo changes and history entries, registered if new;
/// `None` when the store does not know who is working.
fn signer(tx: &Transaction<'_>, cx: &mut Ctx<'_>) -> Result<Option<CoderId>> {
    if cx.coder.trim().is_empty() {
        return Ok(None);
    }
    let name = cx.coder;
    coder_id(tx, name, &mut cx.t).map(Some)
}

fn load_change(tx: &Transaction<'_>, id: ChangeId) -> Result<Option<CodeChange>> {
    Ok(tx
        .prepare_cached(&format!(
            "SELECT {HISTORY_COLUMNS} FROM code_history WHERE id = ?1"
        ))?
        .query_row([id.0], change_from_row)
        .optional()?)
}

fn write_change(tx: &Transaction<'_>, c: &CodeChange) -> Result<()> {
    tx.prepare_cached(&format!(
        "INSERT OR REPLACE INTO code_history ({HISTORY_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
    ))?
    .execute(params![
        c.id.0,
        c.code,
        c.other,
        c.kind.name(),
        c.before,
        c.after,
        c.codings,
        c.coder.map(|k| k.0),
        c.at,
        c.reason
    ])?;
    Ok(())
}

/// Removes the history entries `forget` and puts `restore` back (replacing entries with the
/// same ids). Returns what undoes that: the entries removed or replaced, as they were, and the
/// ids of entries that were not there before.
fn rewrite_history(
    tx: &Transaction<'_>,
    forget: &[ChangeId],
    restore: &[CodeChange],
) -> Result<(Vec<CodeChange>, Vec<ChangeId>)> {
    let mut saved = Vec::new();
    let mut added = Vec::new();
    for id in forget {
        let row = load_change(tx, *id)?.ok_or(StoreError::NotFound {
            kind: "codebook history entry",
            id: id.0,
        })?;
        tx.execute("DELETE FROM code_history WHERE id = ?1", [id.0])?;
        saved.push(row);
    }
    for row in restore {
        match load_change(tx, row.id)? {
            Some(old) => saved.push(old),
            None => added.push(row.id),
        }
        write_change(tx, row)?;
    }
    Ok((saved, added))
}

/// Writes a history entry for a change of a code, unless history is not being recorded. A
/// definition change continuing the same coder's typing in the same field (nothing else
/// recorded for the code in between, within [`TYPING_BURST_SECONDS`]) updates that entry
/// instead; one that brings the text back to what it was removes it.
fn record(tx: &Transaction<'_>, cx: &mut Ctx<'_>, change: Change<'_>) -> Result<()> {
    if !cx.record {
        return Ok(());
    }
    // A definition's entry is read with the card (`definitions`); the others with the codebook.
    if !matches!(change.kind, ChangeKind::Define(_)) {
        cx.t.codes = true;
    }
    let coder = signer(tx, cx)?;
    let now = now_timestamp();
    if matches!(change.kind, ChangeKind::Define(_)) {
        let last: Option<CodeChange> = tx
            .prepare_cached(&format!(
                "SELECT {HISTORY_COLUMNS} FROM code_history
                 WHERE code_guid = ?1 OR other_guid = ?1 ORDER BY id DESC LIMIT 1"
            ))?
            .query_row([change.code], change_from_row)
            .optional()?;
        let continues = last.filter(|last| {
            last.code == change.code
                && last.kind == change.kind
                && last.coder == coder
                && last.reason == cx.reason
                && parse_timestamp(&now)
                    .zip(parse_timestamp(&last.at))
                    .is_some_and(|(now, then)| now.saturating_sub(then) <= TYPING_BURST_SECONDS)
        });
        if let Some(last) = continues {
            let written_now = cx.added.contains(&last.id);
            if !written_now && !cx.replaced.iter().any(|r| r.id == last.id) {
                cx.replaced.push(last.clone());
            }
            if last.before == change.after {
                tx.execute("DELETE FROM code_history WHERE id = ?1", [last.id.0])?;
                cx.added.retain(|id| *id != last.id);
            } else {
                tx.execute(
                    "UPDATE code_history SET after = ?1, at = ?2 WHERE id = ?3",
                    params![change.after, now, last.id.0],
                )?;
            }
            return Ok(());
        }
    }
    tx.prepare_cached(
        "INSERT INTO code_history (code_guid, other_guid, kind, before, after, codings, coder_id, at, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        change.code,
        change.other,
        change.kind.name(),
        change.before,
        change.after,
        change.codings,
        coder.map(|c| c.0),
        now,
        cx.reason
    ])?;
    cx.added.push(ChangeId(tx.last_insert_rowid()));
    Ok(())
}

/// A code's path: names from the top of the tree joined by `/`.
fn code_path(tx: &Transaction<'_>, id: CodeId) -> Result<String> {
    let mut names = Vec::new();
    let mut next = Some(id);
    while let Some(id) = next {
        let code = load_code(tx, id)?;
        names.push(code.name);
        next = code.parent;
        if names.len() > 10_000 {
            return Err(invalid("the codebook tree has a cycle"));
        }
    }
    names.reverse();
    Ok(names.join("/"))
}

/// Sets one field of a code's card; returns the old text. Recorded in the history when the
/// text changes.
fn define_code(
    tx: &Transaction<'_>,
    id: CodeId,
    field: CodeField,
    text: &str,
    cx: &mut Ctx<'_>,
) -> Result<String> {
    cx.t.definitions.insert(id);
    let code = load_code(tx, id)?;
    let old = field.of(&code).to_owned();
    if old != text {
        // The column name comes from a closed set, never from the edit's text.
        tx.execute(
            &format!("UPDATE codes SET {} = ?1 WHERE id = ?2", field.name()),
            params![text, id.0],
        )?;
        record(
            tx,
            cx,
            Change {
                code: &code.guid,
                other: "",
                kind: ChangeKind::Define(field),
                before: &old,
                after: text,
                codings: 0,
            },
        )?;
    }
    Ok(old)
}

/// A new sibling right after `from` takes the chosen codings of `from`.
fn split_code(
    tx: &Transaction<'_>,
    from: CodeId,
    name: &str,
    codings: &[CodingId],
    cx: &mut Ctx<'_>,
) -> Result<Edit> {
    let source = load_code(tx, from)?;
    let mut chosen: Vec<CodingId> = Vec::with_capacity(codings.len());
    for id in codings {
        let coding = load_coding(tx, *id)?;
        if coding.code != from {
            return Err(invalid(format!(
                "coding {id} is not coded with “{}”, so it cannot be split off it",
                source.name
            )));
        }
        if !chosen.contains(id) {
            chosen.push(*id);
        }
    }
    if chosen.is_empty() {
        return Err(invalid(format!(
            "choose at least one coding of “{}” to split off",
            source.name
        )));
    }
    cx.t.codes = true;
    let recording = std::mem::replace(&mut cx.record, false);
    let steps = (|| -> Result<(Edit, Edit)> {
        let created = create_code(tx, source.parent, name, None, "", Some(source.position + 1))?;
        let Edit::DeleteCode { id: new } = created else {
            return Err(invalid("the new code was not made"));
        };
        let recodes: Vec<Edit> = chosen
            .iter()
            .map(|id| Edit::RecodeCoding { id: *id, code: new })
            .collect();
        let undo_recodes = apply_edit(tx, &Edit::Batch(recodes), cx)?;
        Ok((created, undo_recodes))
    })();
    cx.record = recording;
    let (created, undo_recodes) = steps?;
    let Edit::DeleteCode { id: new } = created else {
        return Err(invalid("the new code was not made"));
    };
    let new_code = load_code(tx, new)?;
    let (before, after) = (code_path(tx, from)?, code_path(tx, new)?);
    record(
        tx,
        cx,
        Change {
            code: &source.guid,
            other: &new_code.guid,
            kind: ChangeKind::Split,
            before: &before,
            after: &after,
            codings: chosen.len() as i64,
        },
    )?;
    Ok(Edit::Batch(vec![undo_recodes, created]))
}

/// Registers `name`; returns the new id, or `None` if the coder was already there.
fn add_coder(tx: &Transaction<'_>, name: &str) -> Result<Option<CoderId>> {
    let name = name.trim();
    if name.is_empty() {
        return Err(invalid("a coder needs a name"));
    }
    let existing: Option<i64> = tx
        .prepare_cached("SELECT id FROM coders WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?;
    if existing.is_some() {
        return Ok(None);
    }
    tx.execute(
        "INSERT INTO coders (guid, name) VALUES (?1, ?2)",
        params![new_guid(), name],
    )?;
    Ok(Some(CoderId(tx.last_insert_rowid())))
}

/// The id of coder `name`, registering the name if it is new.
pub(super) fn coder_id(tx: &Transaction<'_>, name: &str, t: &mut Touched) -> Result<CoderId> {
    t.coders |= add_coder(tx, name)?.is_some();
    let id: i64 = tx
        .prepare_cached("SELECT id FROM coders WHERE name = ?1")?
        .query_row([name.trim()], |r| r.get(0))?;
    Ok(CoderId(id))
}

fn ensure_document_name_free(tx: &Transaction<'_>, name: &str) -> Result<()> {
    let taken: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM documents WHERE name = ?1)",
        [name],
        |r| r.get(0),
    )?;
    if taken {
        return Err(invalid(format!(
            "a document named “{name}” is already in the project"
        )));
    }
    Ok(())
}

fn import_document(tx: &Transaction<'_>, doc: &NewDocument) -> Result<Edit> {
    let name = doc.name.trim();
    if name.is_empty() {
        return Err(invalid("a document needs a name"));
    }
    ensure_document_name_free(tx, name)?;
    if doc.text.contains('\r') {
        return Err(invalid(
            "document text must have its line endings normalised",
        ));
    }
    let position: i64 = tx.query_row(
        "SELECT ifnull(MAX(position) + 1, 0) FROM documents",
        [],
        |r| r.get(0),
    )?;
    let chars = text::char_len(&doc.text);
    // Blank pages start where the next page starts: equal starts are pages without text.
    let ordered = doc.pages.windows(2).all(|w| w[0] <= w[1]);
    if !doc.pages.is_empty()
        && (doc.pages[0] != 0 || !ordered || doc.pages.iter().any(|&p| p > chars))
    {
        return Err(invalid(
            "a page map must start at 0 and never go back, within the text",
        ));
    }
    let sha256 = sha256_hex(&doc.source);
    tx.execute(
        "INSERT INTO documents (guid, name, text, chars, original_name, format, encoding, imported_at, position, source, sha256, pages)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            new_guid(),
            name,
            doc.text,
            text::char_len(&doc.text) as i64,
            doc.original_name,
            doc.format,
            doc.encoding,
            now_timestamp(),
            position,
            doc.source,
            sha256,
            pages_to_column(&doc.pages),
        ],
    )?;
    Ok(Edit::DeleteDocument {
        id: DocumentId(tx.last_insert_rowid()),
    })
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

fn validate_code_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(invalid("a code needs a name"));
    }
    if name.contains('/') {
        return Err(invalid(format!(
            "a code name cannot contain “/” (it separates levels of the codebook): “{name}”"
        )));
    }
    Ok(name.to_owned())
}

fn ensure_code_name_free(tx: &Transaction<'_>, parent: Option<CodeId>, name: &str) -> Result<()> {
    let taken: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM codes WHERE parent_id IS ?1 AND name = ?2)",
        params![parent.map(|p| p.0), name],
        |r| r.get(0),
    )?;
    if taken {
        let place = match parent {
            Some(p) => format!("under “{}”", load_code(tx, p)?.name),
            None => "at the top of the codebook".to_owned(),
        };
        return Err(invalid(format!(
            "a code named “{name}” already exists {place}"
        )));
    }
    Ok(())
}

fn load_code(tx: &Transaction<'_>, id: CodeId) -> Result<crate::domain::Code> {
    tx.prepare_cached(&format!("SELECT {CODE_COLUMNS} FROM codes WHERE id = ?1"))?
        .query_row([id.0], code_from_row)
        .optional()?
        .ok_or(StoreError::NotFound {
            kind: "code",
            id: id.0,
        })
}

pub(super) fn load_coding(tx: &Transaction<'_>, id: CodingId) -> Result<Coding> {
    tx.prepare_cached(&format!(
        "SELECT {CODING_COLUMNS} FROM codings WHERE id = ?1"
    ))?
    .query_row([id.0], coding_from_row)
    .optional()?
    .ok_or(StoreError::NotFound {
        kind: "coding",
        id: id.0,
    })
}

fn load_memo(tx: &Transaction<'_>, id: MemoId) -> Result<crate::domain::Memo> {
    tx.prepare_cached(&format!("SELECT {MEMO_COLUMNS} FROM memos WHERE id = ?1"))?
        .query_row([id.0], memo_from_row)
        .optional()?
        .ok_or(StoreError::NotFound {
            kind: "memo",
            id: id.0,
        })
}

/// The document's text between `range.start` and `range.end`, after checking the range.
fn checked_passage(tx: &Transaction<'_>, document: DocumentId, range: TextRange) -> Result<String> {
    let chars: i64 = tx
        .prepare_cached("SELECT chars FROM documents WHERE id = ?1")?
        .query_row([document.0], |r| r.get(0))
        .optional()?
        .ok_or(StoreError::NotFound {
            kind: "document",
            id: document.0,
        })?;
    if range.is_empty() || range.end > chars as usize {
        return Err(invalid(format!(
            "the passage {}..{} is not inside the document ({chars} characters)",
            range.start, range.end
        )));
    }
    // SQLite's substr counts characters of UTF-8 text, as Tamga does; it spares copying the
    // whole document out of the database for every coding.
    let passage: String = tx
        .prepare_cached("SELECT substr(text, ?2, ?3) FROM documents WHERE id = ?1")?
        .query_row(
            params![document.0, range.start as i64 + 1, range.len() as i64],
            |r| r.get(0),
        )?;
    if text::char_len(&passage) != range.len() {
        return Err(invalid("the passage is not inside the document"));
    }
    Ok(passage)
}

/// The GUIDs a rejection is keyed by.
fn rejection_key(
    tx: &Transaction<'_>,
    code: CodeId,
    document: DocumentId,
) -> Result<(String, String)> {
    let code_guid = load_code(tx, code)?.guid;
    let document_guid: String = tx
        .prepare_cached("SELECT guid FROM documents WHERE id = ?1")?
        .query_row([document.0], |r| r.get(0))
        .optional()?
        .ok_or(StoreError::NotFound {
            kind: "document",
            id: document.0,
        })?;
    Ok((code_guid, document_guid))
}

fn reject_suggestion(
    tx: &Transaction<'_>,
    code: CodeId,
    document: DocumentId,
    range: TextRange,
    (coder, rejected_at): (&str, Option<&str>),
    t: &mut Touched,
) -> Result<Edit> {
    let (code_guid, document_guid) = rejection_key(tx, code, document)?;
    checked_passage(tx, document, range)?;
    let coder_id = coder_id(tx, coder, t)?;
    let inserted = tx.execute(
        "INSERT OR IGNORE INTO suggestion_rejections (code_guid, document_guid, start, \"end\", coder_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            code_guid,
            document_guid,
            range.start as i64,
            range.end as i64,
            coder_id.0,
            rejected_at.map_or_else(now_timestamp, str::to_owned)
        ],
    )?;
    // Rejected already: nothing changed, so there is nothing to undo.
    if inserted == 0 {
        return Ok(Edit::Batch(Vec::new()));
    }
    Ok(Edit::UnrejectSuggestion {
        code,
        document,
        range,
    })
}

fn unreject_suggestion(
    tx: &Transaction<'_>,
    code: CodeId,
    document: DocumentId,
    range: TextRange,
) -> Result<Edit> {
    let (code_guid, document_guid) = rejection_key(tx, code, document)?;
    let key = params![
        code_guid,
        document_guid,
        range.start as i64,
        range.end as i64
    ];
    let (coder, rejected_at): (String, String) = tx
        .prepare_cached(
            "SELECT c.name, r.created_at FROM suggestion_rejections r JOIN coders c ON c.id = r.coder_id
             WHERE r.code_guid = ?1 AND r.document_guid = ?2 AND r.start = ?3 AND r.\"end\" = ?4",
        )?
        .query_row(key, |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| {
            invalid(format!(
                "the passage {}..{} was not rejected for this code",
                range.start, range.end
            ))
        })?;
    tx.execute(
        "DELETE FROM suggestion_rejections
         WHERE code_guid = ?1 AND document_guid = ?2 AND start = ?3 AND \"end\" = ?4",
        key,
    )?;
    Ok(Edit::RejectSuggestion {
        code,
        document,
        range,
        coder,
        rejected_at: Some(rejected_at),
    })
}

fn memo_target_columns(target: MemoTarget) -> (Option<i64>, Option<i64>, Option<i64>) {
    match target {
        MemoTarget::Project => (None, None, None),
        MemoTarget::Document(d) => (Some(d.0), None, None),
        MemoTarget::Code(c) => (None, Some(c.0), None),
        MemoTarget::Coding(c) => (None, None, Some(c.0)),
    }
}

fn check_memo_target(tx: &Transaction<'_>, target: MemoTarget) -> Result<()> {
    let (table, kind, id) = match target {
        MemoTarget::Project => return Ok(()),
        MemoTarget::Document(d) => ("documents", "document", d.0),
        MemoTarget::Code(c) => ("codes", "code", c.0),
        MemoTarget::Coding(c) => ("codings", "coding", c.0),
    };
    let exists: bool = tx.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)"),
        [id],
        |r| r.get(0),
    )?;
    if exists {
        Ok(())
    } else {
        Err(StoreError::NotFound { kind, id })
    }
}

fn sibling_count(tx: &Transaction<'_>, parent: Option<CodeId>) -> Result<i64> {
    Ok(tx.query_row(
        "SELECT COUNT(*) FROM codes WHERE parent_id IS ?1",
        [parent.map(|p| p.0)],
        |r| r.get(0),
    )?)
}

fn create_code(
    tx: &Transaction<'_>,
    parent: Option<CodeId>,
    name: &str,
    color: Option<&str>,
    description: &str,
    position: Option<i64>,
) -> Result<Edit> {
    if let Some(p) = parent {
        load_code(tx, p)?;
    }
    let name = validate_code_name(name)?;
    ensure_code_name_free(tx, parent, &name)?;
    let color = match color {
        Some(c) if crate::domain::parse_color(c).is_some() => c.to_ascii_lowercase(),
        Some(c) => {
            return Err(invalid(format!(
                "“{c}” is not a colour; use #rrggbb, e.g. #3f8fd2"
            )));
        }
        None => {
            let count: i64 = tx.query_row("SELECT COUNT(*) FROM codes", [], |r| r.get(0))?;
            PALETTE[count as usize % PALETTE.len()].to_owned()
        }
    };
    let siblings = sibling_count(tx, parent)?;
    let position = position.unwrap_or(siblings).clamp(0, siblings);
    tx.execute(
        "UPDATE codes SET position = position + 1 WHERE parent_id IS ?1 AND position >= ?2",
        params![parent.map(|p| p.0), position],
    )?;
    tx.execute(
        "INSERT INTO codes (guid, parent_id, name, color, description, position, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            new_guid(),
            parent.map(|p| p.0),
            name,
            color,
            description,
            position,
            now_timestamp()
        ],
    )?;
    Ok(Edit::DeleteCode {
        id: CodeId(tx.last_insert_rowid()),
    })
}

/// Ids of `id` and all its descendants, parents first.
fn subtree(tx: &Transaction<'_>, id: CodeId) -> Result<Vec<CodeId>> {
    let mut stmt = tx.prepare_cached(
        "WITH RECURSIVE sub(id, depth) AS (
             SELECT ?1, 0
             UNION ALL SELECT c.id, sub.depth + 1 FROM codes c JOIN sub ON c.parent_id = sub.id
         ) SELECT id FROM sub ORDER BY depth, id",
    )?;
    let ids = stmt
        .query_map([id.0], |r| Ok(CodeId(r.get(0)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ids)
}

fn move_code(
    tx: &Transaction<'_>,
    id: CodeId,
    parent: Option<CodeId>,
    position: i64,
) -> Result<Edit> {
    let code = load_code(tx, id)?;
    if let Some(p) = parent {
        load_code(tx, p)?;
        if subtree(tx, id)?.contains(&p) {
            return Err(invalid(format!(
                "cannot move “{}” inside itself or one of its subcodes",
                code.name
            )));
        }
    }
    if parent != code.parent {
        ensure_code_name_free(tx, parent, &code.name)?;
    }
    // Take it out of its old siblings, then put it in among the new ones.
    tx.execute(
        "UPDATE codes SET position = position - 1 WHERE parent_id IS ?1 AND position > ?2",
        params![code.parent.map(|p| p.0), code.position],
    )?;
    tx.execute("UPDATE codes SET position = -1 WHERE id = ?1", [id.0])?;
    let siblings = sibling_count(tx, parent)? - i64::from(parent == code.parent);
    let position = position.clamp(0, siblings);
    tx.execute(
        "UPDATE codes SET position = position + 1 WHERE parent_id IS ?1 AND position >= ?2 AND id != ?3",
        params![parent.map(|p| p.0), position, id.0],
    )?;
    tx.execute(
        "UPDATE codes SET parent_id = ?1, position = ?2 WHERE id = ?3",
        params![parent.map(|p| p.0), position, id.0],
    )?;
    Ok(Edit::MoveCode {
        id,
        parent: code.parent,
        position: code.position,
    })
}

fn merge_code(tx: &Transaction<'_>, from: CodeId, into: CodeId, cx: &mut Ctx<'_>) -> Result<Edit> {
    let source = load_code(tx, from)?;
    let target = load_code(tx, into)?;
    if from == into {
        return Err(invalid("a code cannot be merged into itself"));
    }
    if subtree(tx, from)?.contains(&into) {
        return Err(invalid(format!(
            "cannot merge “{}” into its own subcode “{}”",
            source.name, target.name
        )));
    }
    let codings: Vec<i64> = tx
        .prepare_cached("SELECT id FROM codings WHERE code_id = ?1 ORDER BY id")?
        .query_map([from.0], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let children: Vec<i64> = tx
        .prepare_cached("SELECT id FROM codes WHERE parent_id = ?1 ORDER BY position")?
        .query_map([from.0], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let memos: Vec<i64> = tx
        .prepare_cached("SELECT id FROM memos WHERE code_id = ?1 ORDER BY id")?
        .query_map([from.0], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let codings_moved = codings.len() as i64;
    let mut steps = Vec::new();
    for id in codings {
        steps.push(Edit::RecodeCoding {
            id: CodingId(id),
            code: into,
        });
    }
    for id in children {
        steps.push(Edit::MoveCode {
            id: CodeId(id),
            parent: Some(into),
            position: i64::MAX,
        });
    }
    for id in memos {
        steps.push(Edit::RetargetMemo {
            id: MemoId(id),
            target: MemoTarget::Code(into),
        });
    }
    steps.extend(corrections::recode_unplaced(tx, from, into)?);
    steps.push(Edit::DeleteCode { id: from });
    let (before, after) = (code_path(tx, from)?, code_path(tx, into)?);
    let moved = codings_moved;
    let recording = std::mem::replace(&mut cx.record, false);
    let inverse = apply_edit(tx, &Edit::Batch(steps), cx);
    cx.record = recording;
    let inverse = inverse?;
    record(
        tx,
        cx,
        Change {
            code: &target.guid,
            other: &source.guid,
            kind: ChangeKind::Merge,
            before: &before,
            after: &after,
            codings: moved,
        },
    )?;
    Ok(inverse)
}

/// Rows to remove, with everything that hangs on them.
#[derive(Debug, Default, Clone, Copy)]
struct Removal<'a> {
    documents: &'a [DocumentId],
    codes: &'a [CodeId],
    codings: &'a [CodingId],
    memos: &'a [MemoId],
    attributes: &'a [AttributeId],
    cases: &'a [CaseId],
    case_members: &'a [CaseMemberId],
}

/// Gathers every row that deleting these would take away (subcodes, codings, memos, values,
/// case members).
fn collect_removal(tx: &Transaction<'_>, removal: &Removal<'_>) -> Result<Snapshot> {
    let Removal {
        documents,
        codes,
        codings,
        memos,
        ..
    } = *removal;
    let mut snap = Snapshot::default();
    let mut doc_ids = HashSet::new();
    let mut code_ids: Vec<CodeId> = Vec::new();
    let mut seen_codes = HashSet::new();
    let mut coding_ids = HashSet::new();
    let mut memo_ids = HashSet::new();

    for d in documents {
        if doc_ids.insert(*d) {
            let doc = tx
                .prepare_cached(&format!(
                    "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?1"
                ))?
                .query_row([d.0], document_from_row)
                .optional()?
                .ok_or(StoreError::NotFound {
                    kind: "document",
                    id: d.0,
                })?;
            snap.documents.push(doc);
        }
    }
    for c in codes {
        load_code(tx, *c)?;
        for id in subtree(tx, *c)? {
            if seen_codes.insert(id) {
                code_ids.push(id);
            }
        }
    }
    for id in &code_ids {
        snap.codes.push(load_code(tx, *id)?);
    }
    // Parents before children; top codes of the removal in ascending position, so restoring
    // them in order re-creates the same sibling positions.
    let depth = |code: &crate::domain::Code, all: &[crate::domain::Code]| {
        let mut d = 0;
        let mut parent = code.parent;
        while let Some(p) = parent {
            match all.iter().find(|c| c.id == p) {
                Some(pc) => {
                    d += 1;
                    parent = pc.parent;
                }
                None => break,
            }
        }
        d
    };
    let all = snap.codes.clone();
    snap.codes
        .sort_by_key(|c| (depth(c, &all), c.position, c.id));
    snap.documents.sort_by_key(|d| (d.position, d.id));

    let mut add_coding = |snap: &mut Snapshot, c: Coding| {
        if coding_ids.insert(c.id) {
            snap.codings.push(c);
        }
    };
    for d in &doc_ids {
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT {CODING_COLUMNS} FROM codings WHERE document_id = ?1"
        ))?;
        for c in stmt.query_map([d.0], coding_from_row)? {
            add_coding(&mut snap, c?);
        }
    }
    for code in &code_ids {
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT {CODING_COLUMNS} FROM codings WHERE code_id = ?1"
        ))?;
        for c in stmt.query_map([code.0], coding_from_row)? {
            add_coding(&mut snap, c?);
        }
    }
    for id in codings {
        add_coding(&mut snap, load_coding(tx, *id)?);
    }
    snap.codings.sort_by_key(|c| c.id);

    let mut memo_stmt = tx.prepare_cached(&format!(
        "SELECT {MEMO_COLUMNS} FROM memos WHERE document_id = ?1 OR code_id = ?2 OR coding_id = ?3"
    ))?;
    let mut add_memos =
        |snap: &mut Snapshot, d: Option<i64>, c: Option<i64>, g: Option<i64>| -> Result<()> {
            for m in memo_stmt.query_map(params![d, c, g], memo_from_row)? {
                let m = m?;
                if memo_ids.insert(m.id) {
                    snap.memos.push(m);
                }
            }
            Ok(())
        };
    for d in &doc_ids {
        add_memos(&mut snap, Some(d.0), None, None)?;
    }
    for c in &code_ids {
        add_memos(&mut snap, None, Some(c.0), None)?;
    }
    let coding_list: Vec<i64> = snap.codings.iter().map(|c| c.id.0).collect();
    for c in coding_list {
        add_memos(&mut snap, None, None, Some(c))?;
    }
    for id in memos {
        if !memo_ids.contains(id) {
            let m = load_memo(tx, *id)?;
            memo_ids.insert(m.id);
            snap.memos.push(m);
        }
    }
    snap.memos.sort_by_key(|m| m.id);
    let doc_list: Vec<DocumentId> = snap.documents.iter().map(|d| d.id).collect();
    (snap.unplaced, snap.corrections) = corrections::collect_removal(tx, &doc_list, &code_ids)?;
    attributes::collect(
        tx,
        &mut snap,
        &doc_ids,
        removal.attributes,
        removal.cases,
        removal.case_members,
    )?;
    Ok(snap)
}

/// Marks what restoring or removing the rows of `snap` changes.
fn touch_snapshot(snap: &Snapshot, t: &mut Touched) {
    t.attributes |= !snap.attributes.is_empty()
        || !snap.cases.is_empty()
        || !snap.case_members.is_empty()
        || !snap.values.is_empty();
    t.documents |= !snap.documents.is_empty();
    t.codes |= !snap.codes.is_empty();
    t.memos |= !snap.memos.is_empty();
    for c in &snap.codings {
        t.codings.add(c.document);
    }
    for d in &snap.documents {
        t.codings.add(d.id);
    }
    for u in &snap.unplaced {
        t.codings.add(u.coding.document);
    }
    for c in &snap.corrections {
        t.texts.add(c.document);
    }
}

fn remove(
    tx: &Transaction<'_>,
    documents: &[DocumentId],
    codes: &[CodeId],
    codings: &[CodingId],
    memos: &[MemoId],
    t: &mut Touched,
) -> Result<Edit> {
    remove_rows(
        tx,
        &Removal {
            documents,
            codes,
            codings,
            memos,
            ..Removal::default()
        },
        t,
    )
}

fn remove_rows(tx: &Transaction<'_>, removal: &Removal<'_>, t: &mut Touched) -> Result<Edit> {
    let snap = collect_removal(tx, removal)?;
    touch_snapshot(&snap, t);
    attributes::delete(tx, &snap)?;
    for m in &snap.memos {
        tx.execute("DELETE FROM memos WHERE id = ?1", [m.id.0])?;
    }
    for c in &snap.codings {
        tx.execute("DELETE FROM codings WHERE id = ?1", [c.id.0])?;
    }
    for c in snap.codes.iter().rev() {
        tx.execute("DELETE FROM codes WHERE id = ?1", [c.id.0])?;
    }
    for d in &snap.documents {
        tx.execute("DELETE FROM documents WHERE id = ?1", [d.id.0])?;
    }
    // Close the gaps the removal left among siblings.
    let removed: HashSet<CodeId> = snap.codes.iter().map(|c| c.id).collect();
    let mut parents: Vec<Option<CodeId>> = snap
        .codes
        .iter()
        .filter(|c| c.parent.is_none_or(|p| !removed.contains(&p)))
        .map(|c| c.parent)
        .collect();
    parents.sort();
    parents.dedup();
    for parent in parents {
        renumber_codes(tx, parent)?;
    }
    if !snap.documents.is_empty() {
        renumber_documents(tx)?;
    }
    Ok(Edit::Restore(Box::new(snap)))
}

fn renumber_codes(tx: &Transaction<'_>, parent: Option<CodeId>) -> Result<()> {
    let ids: Vec<(i64, i64)> = tx
        .prepare_cached(
            "SELECT id, position FROM codes WHERE parent_id IS ?1 ORDER BY position, id",
        )?
        .query_map([parent.map(|p| p.0)], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (i, (id, pos)) in ids.into_iter().enumerate() {
        if pos != i as i64 {
            tx.execute(
                "UPDATE codes SET position = ?1 WHERE id = ?2",
                params![i as i64, id],
            )?;
        }
    }
    Ok(())
}

fn renumber_documents(tx: &Transaction<'_>) -> Result<()> {
    let ids: Vec<(i64, i64)> = tx
        .prepare_cached("SELECT id, position FROM documents ORDER BY position, id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (i, (id, pos)) in ids.into_iter().enumerate() {
        if pos != i as i64 {
            tx.execute(
                "UPDATE documents SET position = ?1 WHERE id = ?2",
                params![i as i64, id],
            )?;
        }
    }
    Ok(())
}

fn restore(tx: &Transaction<'_>, snap: &Snapshot) -> Result<Edit> {
    for d in &snap.documents {
        tx.execute(
            "UPDATE documents SET position = position + 1 WHERE position >= ?1",
            [d.position],
        )?;
        tx.execute(
            &format!(
                "INSERT INTO documents ({DOCUMENT_COLUMNS}, chars) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
            ),
            params![
                d.id.0,
                d.guid,
                d.name,
                d.text,
                d.original_name,
                d.format,
                d.encoding,
                d.imported_at,
                d.source,
                d.sha256,
                d.position,
                pages_to_column(&d.pages),
                d.direction.as_str(),
                text::char_len(&d.text) as i64
            ],
        )?;
    }
    attributes::restore_owners(tx, snap)?;
    let restored: HashSet<CodeId> = snap.codes.iter().map(|c| c.id).collect();
    for c in &snap.codes {
        if c.parent.is_none_or(|p| !restored.contains(&p)) {
            tx.execute(
                "UPDATE codes SET position = position + 1 WHERE parent_id IS ?1 AND position >= ?2",
                params![c.parent.map(|p| p.0), c.position],
            )?;
        }
        tx.execute(
            &format!(
                "INSERT INTO codes ({CODE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
            ),
            params![
                c.id.0,
                c.guid,
                c.parent.map(|p| p.0),
                c.name,
                c.color,
                c.description,
                c.position,
                c.created_at,
                c.when_to_use,
                c.when_not_to_use,
                c.example
            ],
        )
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                invalid(format!(
                    "cannot restore code “{}”: a code of that name exists there now",
                    c.name
                ))
            }
            other => other.into(),
        })?;
    }
    for c in &snap.codings {
        tx.execute(
            &format!(
                "INSERT INTO codings ({CODING_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
            ),
            params![
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
                c.memo_modified_at,
                c.memo_modified_by.map(|k| k.0)
            ],
        )?;
    }
    for m in &snap.memos {
        let (document, code, coding) = memo_target_columns(m.target);
        tx.execute(
            &format!(
                "INSERT INTO memos ({MEMO_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
            ),
            params![
                m.id.0,
                m.guid,
                document,
                code,
                coding,
                m.title,
                m.body,
                m.coder.0,
                m.created_at,
                m.modified_at,
                m.modified_by.map(|k| k.0)
            ],
        )?;
    }
    corrections::restore_rows(tx, &snap.unplaced, &snap.corrections)?;
    attributes::restore_rows(tx, snap)?;
    Ok(Edit::Remove {
        documents: snap.documents.iter().map(|d| d.id).collect(),
        codes: snap.codes.iter().map(|c| c.id).collect(),
        codings: snap.codings.iter().map(|c| c.id).collect(),
        memos: snap.memos.iter().map(|m| m.id).collect(),
        attributes: snap.attributes.iter().map(|a| a.id).collect(),
        cases: snap.cases.iter().map(|c| c.id).collect(),
        case_members: snap.case_members.iter().map(|m| m.id).collect(),
    })
}

/// The id of the row of `table` with this GUID.
fn id_by_guid(tx: &Transaction<'_>, table: &str, guid: &str) -> Result<Option<i64>> {
    Ok(tx
        .prepare_cached(&format!("SELECT id FROM {table} WHERE guid = ?1"))?
        .query_row([guid], |r| r.get(0))
        .optional()?)
}

/// Ids already resolved from GUIDs while inserting a [`RowSet`]: the set's own rows and rows
/// found in the project.
#[derive(Default)]
struct Resolved {
    coders: HashMap<String, CoderId>,
    documents: HashMap<String, DocumentId>,
    codes: HashMap<String, CodeId>,
    codings: HashMap<String, CodingId>,
    /// Each document's text and the byte index of every character (plus the end), for slicing
    /// passages without asking `SQLite` to count characters for every coding.
    texts: HashMap<DocumentId, (String, Vec<usize>)>,
}

/// The id of the row of `table` with `guid`: from `cache`, else from the project (then cached).
/// `kind` names the row in the error ("coder"), `what` the row that names it.
fn resolve<T: Copy>(
    cache: &mut HashMap<String, T>,
    tx: &Transaction<'_>,
    (table, kind): (&str, &str),
    guid: &str,
    what: &str,
    wrap: fn(i64) -> T,
) -> Result<T> {
    if let Some(id) = cache.get(guid) {
        return Ok(*id);
    }
    let id = id_by_guid(tx, table, guid)?.map(wrap).ok_or_else(|| {
        invalid(format!(
            "{what} names a {kind} ({guid}) that is neither among the rows nor in the project"
        ))
    })?;
    cache.insert(guid.to_owned(), id);
    Ok(id)
}

impl Resolved {
    fn coder(&mut self, tx: &Transaction<'_>, guid: &str, what: &str) -> Result<CoderId> {
        resolve(
            &mut self.coders,
            tx,
            ("coders", "coder"),
            guid,
            what,
            CoderId,
        )
    }

    fn document(&mut self, tx: &Transaction<'_>, guid: &str, what: &str) -> Result<DocumentId> {
        resolve(
            &mut self.documents,
            tx,
            ("documents", "document"),
            guid,
            what,
            DocumentId,
        )
    }

    fn code(&mut self, tx: &Transaction<'_>, guid: &str, what: &str) -> Result<CodeId> {
        resolve(&mut self.codes, tx, ("codes", "code"), guid, what, CodeId)
    }

    fn coding(&mut self, tx: &Transaction<'_>, guid: &str, what: &str) -> Result<CodingId> {
        resolve(
            &mut self.codings,
            tx,
            ("codings", "coding"),
            guid,
            what,
            CodingId,
        )
    }

    /// The text of `document` between the range's ends, after checking the range.
    fn passage(
        &mut self,
        tx: &Transaction<'_>,
        document: DocumentId,
        range: TextRange,
    ) -> Result<String> {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.texts.entry(document) {
            let text: String = tx
                .prepare_cached("SELECT text FROM documents WHERE id = ?1")?
                .query_row([document.0], |r| r.get(0))?;
            let bytes = text
                .char_indices()
                .map(|(b, _)| b)
                .chain(std::iter::once(text.len()))
                .collect();
            slot.insert((text, bytes));
        }
        let (text, bytes) = &self.texts[&document];
        let chars = bytes.len() - 1;
        if range.is_empty() || range.end > chars {
            return Err(invalid(format!(
                "the passage {}..{} is not inside the document ({chars} characters)",
                range.start, range.end
            )));
        }
        Ok(text[bytes[range.start]..bytes[range.end]].to_owned())
    }
}

/// Refuses a set that holds the same GUID twice in one kind of row.
fn check_unique_guids<'a>(kind: &str, guids: impl Iterator<Item = &'a str>) -> Result<()> {
    let mut seen = HashSet::new();
    for guid in guids {
        if !seen.insert(guid) {
            return Err(invalid(format!(
                "the rows hold the {kind} GUID {guid} twice"
            )));
        }
    }
    Ok(())
}

/// Inserts rows from elsewhere with their GUIDs; see [`RowSet`].
fn insert_rows(tx: &Transaction<'_>, set: &RowSet) -> Result<Edit> {
    check_unique_guids("coder", set.coders.iter().map(|c| c.guid.as_str()))?;
    check_unique_guids("document", set.documents.iter().map(|d| d.guid.as_str()))?;
    check_unique_guids("code", set.codes.iter().map(|c| c.guid.as_str()))?;
    check_unique_guids("coding", set.codings.iter().map(|c| c.guid.as_str()))?;
    check_unique_guids("memo", set.memos.iter().map(|m| m.guid.as_str()))?;
    let mut ids = Resolved::default();
    let mut inserted_documents = Vec::new();
    let mut inserted_codes = Vec::new();
    let mut inserted_codings = Vec::new();
    let mut inserted_memos = Vec::new();

    for coder in &set.coders {
        let name = coder.name.trim();
        if name.is_empty() {
            return Err(invalid("a coder needs a name"));
        }
        let by_guid: Option<(i64, String)> = tx
            .prepare_cached("SELECT id, name FROM coders WHERE guid = ?1")?
            .query_row([&coder.guid], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let id = match by_guid {
            Some((id, existing)) if existing == name => CoderId(id),
            Some((_, existing)) => {
                return Err(invalid(format!(
                    "the coder GUID {} is “{existing}” in the project but “{name}” in the rows",
                    coder.guid
                )));
            }
            None => {
                let by_name: Option<i64> = tx
                    .prepare_cached("SELECT id FROM coders WHERE name = ?1")?
                    .query_row([name], |r| r.get(0))
                    .optional()?;
                if let Some(id) = by_name {
                    CoderId(id)
                } else {
                    tx.prepare_cached("INSERT INTO coders (guid, name) VALUES (?1, ?2)")?
                        .execute(params![coder.guid, name])?;
                    CoderId(tx.last_insert_rowid())
                }
            }
        };
        ids.coders.insert(coder.guid.clone(), id);
    }

    for doc in &set.documents {
        if let Some(id) = id_by_guid(tx, "documents", &doc.guid)? {
            let existing = tx
                .prepare_cached(&format!(
                    "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?1"
                ))?
                .query_row([id], document_from_row)?;
            let same = existing.name == doc.name
                && existing.text == doc.text
                && existing.original_name == doc.original_name
                && existing.format == doc.format
                && existing.encoding == doc.encoding
                && existing.imported_at == doc.imported_at
                && existing.source == doc.source;
            if !same {
                return Err(invalid(format!(
                    "another document with the GUID {} is already in the project (“{}”)",
                    doc.guid, existing.name
                )));
            }
            ids.documents.insert(doc.guid.clone(), DocumentId(id));
            continue;
        }
        let name = doc.name.trim();
        if name.is_empty() {
            return Err(invalid("a document needs a name"));
        }
        ensure_document_name_free(tx, name)?;
        if doc.text.contains('\r') {
            return Err(invalid(
                "document text must have its line endings normalised",
            ));
        }
        let position: i64 = tx.query_row(
            "SELECT ifnull(MAX(position) + 1, 0) FROM documents",
            [],
            |r| r.get(0),
        )?;
        tx.prepare_cached(
            "INSERT INTO documents (guid, name, text, chars, original_name, format, encoding, imported_at, position, source, sha256, pages, direction)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?
        .execute(params![
            doc.guid,
            name,
            doc.text,
            text::char_len(&doc.text) as i64,
            doc.original_name,
            doc.format,
            doc.encoding,
            doc.imported_at,
            position,
            doc.source,
            sha256_hex(&doc.source),
            pages_to_column(&doc.pages),
            doc.direction.as_str(),
        ])?;
        let id = DocumentId(tx.last_insert_rowid());
        ids.documents.insert(doc.guid.clone(), id);
        inserted_documents.push(id);
    }

    for code in &set.codes {
        let what = format!("code “{}”", code.name);
        let parent = match &code.parent {
            Some(guid) => Some(ids.code(tx, guid, &what)?),
            None => None,
        };
        let color = match crate::domain::parse_color(&code.color) {
            Some(_) => code.color.to_ascii_lowercase(),
            None => {
                return Err(invalid(format!(
                    "“{}” is not a colour; use #rrggbb, e.g. #3f8fd2",
                    code.color
                )));
            }
        };
        if let Some(id) = id_by_guid(tx, "codes", &code.guid)? {
            let existing = load_code(tx, CodeId(id))?;
            let same = existing.parent == parent
                && existing.name == code.name
                && existing.color == color
                && existing.description == code.description
                && existing.created_at == code.created_at;
            if !same {
                return Err(invalid(format!(
                    "another code with the GUID {} is already in the project (“{}”)",
                    code.guid, existing.name
                )));
            }
            ids.codes.insert(code.guid.clone(), CodeId(id));
            continue;
        }
        let name = validate_code_name(&code.name)?;
        ensure_code_name_free(tx, parent, &name)?;
        let siblings = sibling_count(tx, parent)?;
        let position = code.position.clamp(0, siblings);
        if position < siblings {
            tx.execute(
                "UPDATE codes SET position = position + 1 WHERE parent_id IS ?1 AND position >= ?2",
                params![parent.map(|p| p.0), position],
            )?;
        }
        tx.prepare_cached(
            "INSERT INTO codes (guid, parent_id, name, color, description, position, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            code.guid,
            parent.map(|p| p.0),
            name,
            color,
            code.description,
            position,
            code.created_at
        ])?;
        let id = CodeId(tx.last_insert_rowid());
        ids.codes.insert(code.guid.clone(), id);
        inserted_codes.push(id);
    }

    for coding in &set.codings {
        let what = format!("coding {}", coding.guid);
        let document = ids.document(tx, &coding.document, &what)?;
        let code = ids.code(tx, &coding.code, &what)?;
        let coder = ids.coder(tx, &coding.coder, &what)?;
        if let Some(id) = id_by_guid(tx, "codings", &coding.guid)? {
            let existing = load_coding(tx, CodingId(id))?;
            let same = existing.document == document
                && existing.code == code
                && existing.range == coding.range
                && existing.coder == coder
                && existing.created_at == coding.created_at
                && existing.memo == coding.memo;
            if !same {
                return Err(invalid(format!(
                    "another coding with the GUID {} is already in the project",
                    coding.guid
                )));
            }
            ids.codings.insert(coding.guid.clone(), CodingId(id));
            continue;
        }
        let passage = ids.passage(tx, document, coding.range)?;
        tx.prepare_cached(
            "INSERT INTO codings (guid, document_id, code_id, start, \"end\", text, coder_id, created_at, memo)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            coding.guid,
            document.0,
            code.0,
            coding.range.start as i64,
            coding.range.end as i64,
            passage,
            coder.0,
            coding.created_at,
            coding.memo
        ])?;
        let id = CodingId(tx.last_insert_rowid());
        ids.codings.insert(coding.guid.clone(), id);
        inserted_codings.push(id);
    }

    for memo in &set.memos {
        let what = format!("memo “{}”", memo.title);
        let target = match &memo.target {
            RowTarget::Project => MemoTarget::Project,
            RowTarget::Document(guid) => MemoTarget::Document(ids.document(tx, guid, &what)?),
            RowTarget::Code(guid) => MemoTarget::Code(ids.code(tx, guid, &what)?),
            RowTarget::Coding(guid) => MemoTarget::Coding(ids.coding(tx, guid, &what)?),
        };
        let coder = ids.coder(tx, &memo.coder, &what)?;
        if let Some(id) = id_by_guid(tx, "memos", &memo.guid)? {
            let existing = load_memo(tx, MemoId(id))?;
            let same = existing.target == target
                && existing.title == memo.title
                && existing.body == memo.body
                && existing.coder == coder
                && existing.created_at == memo.created_at
                && existing.modified_at == memo.modified_at;
            if !same {
                return Err(invalid(format!(
                    "another memo with the GUID {} is already in the project",
                    memo.guid
                )));
            }
            continue;
        }
        let (document, code, coding) = memo_target_columns(target);
        tx.prepare_cached(
            "INSERT INTO memos (guid, document_id, code_id, coding_id, title, body, coder_id, created_at, modified_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            memo.guid,
            document,
            code,
            coding,
            memo.title,
            memo.body,
            coder.0,
            memo.created_at,
            memo.modified_at
        ])?;
        inserted_memos.push(MemoId(tx.last_insert_rowid()));
    }

    Ok(Edit::Remove {
        documents: inserted_documents,
        codes: inserted_codes,
        codings: inserted_codings,
        memos: inserted_memos,
        attributes: Vec::new(),
        cases: Vec::new(),
        case_members: Vec::new(),
    })
}
