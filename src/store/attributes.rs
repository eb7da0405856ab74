//! Attributes (variables) of documents and cases, their values, and cases with their members:
//! typed reads, and the parts of `apply` that change them.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::{Result, Store, StoreError, new_guid, now_timestamp};
use crate::domain::{
    Attribute, AttributeId, AttributeKind, AttributeScope, AttributeValue, Case, CaseId,
    CaseMember, CaseMemberId, DocumentId, Edit, NewCase, NewCaseMember, Snapshot, TextRange,
    ValueChange, ValueOwner,
};

const ATTRIBUTE_COLUMNS: &str = "id, guid, scope, name, kind, choices";
const CASE_COLUMNS: &str = "id, guid, name, created_at";
const MEMBER_COLUMNS: &str = "id, case_id, document_id, start, \"end\"";

fn invalid(msg: impl Into<String>) -> StoreError {
    StoreError::Invalid(msg.into())
}

fn scope_column(scope: AttributeScope) -> &'static str {
    match scope {
        AttributeScope::Documents => "documents",
        AttributeScope::Cases => "cases",
    }
}

fn kind_columns(kind: &AttributeKind) -> (&'static str, String) {
    match kind {
        AttributeKind::Text => ("text", "[]".to_owned()),
        AttributeKind::Number => ("number", "[]".to_owned()),
        AttributeKind::Date => ("date", "[]".to_owned()),
        AttributeKind::YesNo => ("yes_no", "[]".to_owned()),
        AttributeKind::Choice(choices) => (
            "choice",
            serde_json::to_string(choices).unwrap_or_else(|_| "[]".to_owned()),
        ),
    }
}

fn attribute_from_row(r: &Row<'_>) -> rusqlite::Result<Attribute> {
    let scope: String = r.get(2)?;
    let kind: String = r.get(4)?;
    let choices: String = r.get(5)?;
    let kind = match kind.as_str() {
        "number" => AttributeKind::Number,
        "date" => AttributeKind::Date,
        "yes_no" => AttributeKind::YesNo,
        "choice" => AttributeKind::Choice(serde_json::from_str(&choices).unwrap_or_default()),
        _ => AttributeKind::Text,
    };
    Ok(Attribute {
        id: AttributeId(r.get(0)?),
        guid: r.get(1)?,
        scope: if scope == "cases" {
            AttributeScope::Cases
        } else {
            AttributeScope::Documents
        },
        name: r.get(3)?,
        kind,
    })
}

fn case_from_row(r: &Row<'_>) -> rusqlite::Result<Case> {
    Ok(Case {
        id: CaseId(r.get(0)?),
        guid: r.get(1)?,
        name: r.get(2)?,
        created_at: r.get(3)?,
    })
}

fn member_from_row(r: &Row<'_>) -> rusqlite::Result<CaseMember> {
    let start: Option<i64> = r.get(3)?;
    let end: Option<i64> = r.get(4)?;
    Ok(CaseMember {
        id: CaseMemberId(r.get(0)?),
        case: CaseId(r.get(1)?),
        document: DocumentId(r.get(2)?),
        range: start
            .zip(end)
            .map(|(s, e)| TextRange::new(s as usize, e as usize)),
    })
}

fn all_attributes(conn: &Connection) -> Result<Vec<Attribute>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ATTRIBUTE_COLUMNS} FROM attributes ORDER BY id"
    ))?;
    let rows = stmt
        .query_map([], attribute_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn load_attribute(conn: &Connection, id: AttributeId) -> Result<Attribute> {
    conn.prepare_cached(&format!(
        "SELECT {ATTRIBUTE_COLUMNS} FROM attributes WHERE id = ?1"
    ))?
    .query_row([id.0], attribute_from_row)
    .optional()?
    .ok_or(StoreError::NotFound {
        kind: "attribute",
        id: id.0,
    })
}

fn load_case(conn: &Connection, id: CaseId) -> Result<Case> {
    conn.prepare_cached(&format!("SELECT {CASE_COLUMNS} FROM cases WHERE id = ?1"))?
        .query_row([id.0], case_from_row)
        .optional()?
        .ok_or(StoreError::NotFound {
            kind: "case",
            id: id.0,
        })
}

fn value_of(
    conn: &Connection,
    owner: ValueOwner,
    attribute: AttributeId,
) -> Result<Option<String>> {
    let (sql, id) = match owner {
        ValueOwner::Document(d) => (
            "SELECT value FROM document_values WHERE document_id = ?1 AND attribute_id = ?2",
            d.0,
        ),
        ValueOwner::Case(c) => (
            "SELECT value FROM case_values WHERE case_id = ?1 AND attribute_id = ?2",
            c.0,
        ),
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row(params![id, attribute.0], |r| r.get(0))
        .optional()?)
}

impl Store {
    /// Every attribute, in the order they were defined.
    pub fn attributes(&self) -> Result<Vec<Attribute>> {
        all_attributes(&self.conn)
    }

    /// One attribute.
    pub fn attribute(&self, id: AttributeId) -> Result<Attribute> {
        load_attribute(&self.conn, id)
    }

    /// The attribute of `scope` with this exact name.
    pub fn attribute_by_name(
        &self,
        scope: AttributeScope,
        name: &str,
    ) -> Result<Option<Attribute>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {ATTRIBUTE_COLUMNS} FROM attributes WHERE scope = ?1 AND name = ?2"
            ))?
            .query_row(
                params![scope_column(scope), name.trim()],
                attribute_from_row,
            )
            .optional()?)
    }

    /// Every stored value of documents and cases, by owner then attribute.
    pub fn attribute_values(&self) -> Result<Vec<AttributeValue>> {
        let mut out = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT document_id, attribute_id, value FROM document_values
             ORDER BY document_id, attribute_id",
        )?;
        for row in stmt.query_map([], |r| {
            Ok(AttributeValue {
                owner: ValueOwner::Document(DocumentId(r.get(0)?)),
                attribute: AttributeId(r.get(1)?),
                value: r.get(2)?,
            })
        })? {
            out.push(row?);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT case_id, attribute_id, value FROM case_values ORDER BY case_id, attribute_id",
        )?;
        for row in stmt.query_map([], |r| {
            Ok(AttributeValue {
                owner: ValueOwner::Case(CaseId(r.get(0)?)),
                attribute: AttributeId(r.get(1)?),
                value: r.get(2)?,
            })
        })? {
            out.push(row?);
        }
        Ok(out)
    }

    /// The value of one attribute for one document or case.
    pub fn attribute_value(
        &self,
        owner: ValueOwner,
        attribute: AttributeId,
    ) -> Result<Option<String>> {
        value_of(&self.conn, owner, attribute)
    }

    /// Every case, by name.
    pub fn cases(&self) -> Result<Vec<Case>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CASE_COLUMNS} FROM cases ORDER BY name, id"
        ))?;
        let rows = stmt
            .query_map([], case_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// One case.
    pub fn case(&self, id: CaseId) -> Result<Case> {
        load_case(&self.conn, id)
    }

    /// The case with this exact name.
    pub fn case_by_name(&self, name: &str) -> Result<Option<CaseId>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM cases WHERE name = ?1")?
            .query_row([name.trim()], |r| r.get(0))
            .optional()?
            .map(CaseId))
    }

    /// Every member of every case, by case, document and start.
    pub fn case_members(&self) -> Result<Vec<CaseMember>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {MEMBER_COLUMNS} FROM case_members ORDER BY case_id, document_id, start, id"
        ))?;
        let rows = stmt
            .query_map([], member_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

fn validate_name(what: &str, name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(invalid(format!("{what} needs a name")));
    }
    Ok(name.to_owned())
}

fn validate_kind(kind: &AttributeKind) -> Result<AttributeKind> {
    if let AttributeKind::Choice(choices) = kind {
        let mut clean: Vec<String> = Vec::with_capacity(choices.len());
        for c in choices {
            let c = c.trim();
            if c.is_empty() {
                return Err(invalid("a choice cannot be blank"));
            }
            if clean.iter().any(|x| x.to_lowercase() == c.to_lowercase()) {
                return Err(invalid(format!("the choice “{c}” is listed twice")));
            }
            clean.push(c.to_owned());
        }
        if clean.is_empty() {
            return Err(invalid("a list of choices needs at least one choice"));
        }
        return Ok(AttributeKind::Choice(clean));
    }
    Ok(kind.clone())
}

fn ensure_attribute_name_free(
    tx: &Transaction<'_>,
    scope: AttributeScope,
    name: &str,
) -> Result<()> {
    let taken: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM attributes WHERE scope = ?1 AND name = ?2)",
        params![scope_column(scope), name],
        |r| r.get(0),
    )?;
    if taken {
        return Err(invalid(format!(
            "the {}s already have an attribute named “{name}”",
            scope.noun()
        )));
    }
    Ok(())
}

pub(super) fn define_attribute(
    tx: &Transaction<'_>,
    scope: AttributeScope,
    name: &str,
    kind: &AttributeKind,
) -> Result<Edit> {
    let name = validate_name("an attribute", name)?;
    let kind = validate_kind(kind)?;
    ensure_attribute_name_free(tx, scope, &name)?;
    let (kind, choices) = kind_columns(&kind);
    tx.execute(
        "INSERT INTO attributes (guid, scope, name, kind, choices) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![new_guid(), scope_column(scope), name, kind, choices],
    )?;
    Ok(Edit::DeleteAttribute {
        id: AttributeId(tx.last_insert_rowid()),
    })
}

/// The values table of a scope and its owner column.
fn value_table(scope: AttributeScope) -> (&'static str, &'static str) {
    match scope {
        AttributeScope::Documents => ("document_values", "document_id"),
        AttributeScope::Cases => ("case_values", "case_id"),
    }
}

pub(super) fn change_attribute(
    tx: &Transaction<'_>,
    id: AttributeId,
    name: &str,
    kind: &AttributeKind,
) -> Result<Edit> {
    let old = load_attribute(tx, id)?;
    let name = validate_name("an attribute", name)?;
    let kind = validate_kind(kind)?;
    if name != old.name {
        ensure_attribute_name_free(tx, old.scope, &name)?;
    }
    if kind != old.kind {
        // Every stored value must already be in the new type's canonical form: converting
        // silently could not be undone exactly.
        let (table, _) = value_table(old.scope);
        let values: Vec<String> = tx
            .prepare_cached(&format!(
                "SELECT DISTINCT value FROM {table} WHERE attribute_id = ?1 ORDER BY value"
            ))?
            .query_map([id.0], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for v in values {
            match kind.canonical(&v) {
                Ok(c) if c == v => {}
                Ok(c) => {
                    return Err(invalid(format!(
                        "“{v}” would become “{c}” as a {}; change the values first",
                        kind.name()
                    )));
                }
                Err(reason) => {
                    return Err(invalid(format!(
                        "cannot make “{}” a {} attribute: {reason}",
                        old.name,
                        kind.name()
                    )));
                }
            }
        }
    }
    let (kind_col, choices) = kind_columns(&kind);
    tx.execute(
        "UPDATE attributes SET name = ?1, kind = ?2, choices = ?3 WHERE id = ?4",
        params![name, kind_col, choices, id.0],
    )?;
    Ok(Edit::ChangeAttribute {
        id,
        name: old.name,
        kind: old.kind,
    })
}

pub(super) fn set_values(tx: &Transaction<'_>, changes: &[ValueChange]) -> Result<Edit> {
    let mut attributes: std::collections::HashMap<AttributeId, Attribute> =
        std::collections::HashMap::new();
    let mut seen = HashSet::new();
    let mut inverse = Vec::with_capacity(changes.len());
    for change in changes {
        if !seen.insert((change.owner, change.attribute)) {
            return Err(invalid("one value is set twice in the same step"));
        }
        if !attributes.contains_key(&change.attribute) {
            let a = load_attribute(tx, change.attribute)?;
            attributes.insert(a.id, a);
        }
        let attribute = &attributes[&change.attribute];
        let (owner_id, owner_scope, owner_kind, owner_table) = match change.owner {
            ValueOwner::Document(d) => (d.0, AttributeScope::Documents, "document", "documents"),
            ValueOwner::Case(c) => (c.0, AttributeScope::Cases, "case", "cases"),
        };
        if attribute.scope != owner_scope {
            return Err(invalid(format!(
                "“{}” is an attribute of {}s, not of {owner_kind}s",
                attribute.name,
                attribute.scope.noun()
            )));
        }
        let exists: bool = tx
            .prepare_cached(&format!(
                "SELECT EXISTS (SELECT 1 FROM {owner_table} WHERE id = ?1)"
            ))?
            .query_row([owner_id], |r| r.get(0))?;
        if !exists {
            return Err(StoreError::NotFound {
                kind: owner_kind,
                id: owner_id,
            });
        }
        let new = match change.value.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(v) => Some(
                attribute
                    .kind
                    .canonical(v)
                    .map_err(|reason| invalid(format!("{}: {reason}", attribute.name)))?,
            ),
        };
        let old = value_of(tx, change.owner, change.attribute)?;
        let (table, column) = value_table(owner_scope);
        match &new {
            Some(v) => {
                tx.prepare_cached(&format!(
                    "INSERT INTO {table} ({column}, attribute_id, value) VALUES (?1, ?2, ?3)
                     ON CONFLICT ({column}, attribute_id) DO UPDATE SET value = excluded.value"
                ))?
                .execute(params![owner_id, change.attribute.0, v])?;
            }
            None => {
                tx.prepare_cached(&format!(
                    "DELETE FROM {table} WHERE {column} = ?1 AND attribute_id = ?2"
                ))?
                .execute(params![owner_id, change.attribute.0])?;
            }
        }
        inverse.push(ValueChange {
            owner: change.owner,
            attribute: change.attribute,
            value: old,
        });
    }
    inverse.reverse();
    Ok(Edit::SetValues(inverse))
}

/// Checks a member against its document's length.
fn check_member(tx: &Transaction<'_>, member: &NewCaseMember) -> Result<()> {
    let chars: i64 = tx
        .prepare_cached("SELECT chars FROM documents WHERE id = ?1")?
        .query_row([member.document.0], |r| r.get(0))
        .optional()?
        .ok_or(StoreError::NotFound {
            kind: "document",
            id: member.document.0,
        })?;
    if let Some(range) = member.range
        && (range.is_empty() || range.end > chars as usize)
    {
        return Err(invalid(format!(
            "the passage {}..{} is not inside the document ({chars} characters)",
            range.start, range.end
        )));
    }
    Ok(())
}

fn insert_members(
    tx: &Transaction<'_>,
    case: CaseId,
    members: &[NewCaseMember],
) -> Result<Vec<CaseMemberId>> {
    let mut ids = Vec::with_capacity(members.len());
    for m in members {
        check_member(tx, m)?;
        tx.prepare_cached(
            "INSERT INTO case_members (case_id, document_id, start, \"end\") VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
            case.0,
            m.document.0,
            m.range.map(|r| r.start as i64),
            m.range.map(|r| r.end as i64)
        ])?;
        ids.push(CaseMemberId(tx.last_insert_rowid()));
    }
    Ok(ids)
}

fn ensure_case_name_free(tx: &Transaction<'_>, name: &str) -> Result<()> {
    let taken: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM cases WHERE name = ?1)",
        [name],
        |r| r.get(0),
    )?;
    if taken {
        return Err(invalid(format!("a case named “{name}” already exists")));
    }
    Ok(())
}

pub(super) fn create_cases(tx: &Transaction<'_>, cases: &[NewCase]) -> Result<Edit> {
    if cases.is_empty() {
        return Err(invalid("no case to create"));
    }
    let now = now_timestamp();
    let mut ids = Vec::with_capacity(cases.len());
    for case in cases {
        let name = validate_name("a case", &case.name)?;
        ensure_case_name_free(tx, &name)?;
        tx.execute(
            "INSERT INTO cases (guid, name, created_at) VALUES (?1, ?2, ?3)",
            params![new_guid(), name, now],
        )?;
        let id = CaseId(tx.last_insert_rowid());
        insert_members(tx, id, &case.members)?;
        ids.push(id);
    }
    Ok(Edit::DeleteCases { ids })
}

pub(super) fn rename_case(tx: &Transaction<'_>, id: CaseId, name: &str) -> Result<Edit> {
    let old = load_case(tx, id)?;
    let name = validate_name("a case", name)?;
    if name != old.name {
        ensure_case_name_free(tx, &name)?;
        tx.execute(
            "UPDATE cases SET name = ?1 WHERE id = ?2",
            params![name, id.0],
        )?;
    }
    Ok(Edit::RenameCase { id, name: old.name })
}

pub(super) fn add_case_members(
    tx: &Transaction<'_>,
    case: CaseId,
    members: &[NewCaseMember],
) -> Result<Edit> {
    load_case(tx, case)?;
    if members.is_empty() {
        return Err(invalid("nothing to add to the case"));
    }
    Ok(Edit::RemoveCaseMembers {
        ids: insert_members(tx, case, members)?,
    })
}

/// What removing these rows also takes away, added to `snap`: values and case members of
/// removed documents, values of removed attributes, members and values of removed cases, and
/// the members named one by one.
pub(super) fn collect(
    tx: &Transaction<'_>,
    snap: &mut Snapshot,
    documents: &HashSet<DocumentId>,
    attributes: &[AttributeId],
    cases: &[CaseId],
    members: &[CaseMemberId],
) -> Result<()> {
    let mut attribute_ids = HashSet::new();
    for &a in attributes {
        if attribute_ids.insert(a) {
            snap.attributes.push(load_attribute(tx, a)?);
        }
    }
    let mut case_ids = HashSet::new();
    for &c in cases {
        if case_ids.insert(c) {
            snap.cases.push(load_case(tx, c)?);
        }
    }
    let mut member_ids = HashSet::new();
    let mut push_member = |snap: &mut Snapshot, m: CaseMember| {
        if member_ids.insert(m.id) {
            snap.case_members.push(m);
        }
    };
    for &m in members {
        let member = tx
            .prepare_cached(&format!(
                "SELECT {MEMBER_COLUMNS} FROM case_members WHERE id = ?1"
            ))?
            .query_row([m.0], member_from_row)
            .optional()?
            .ok_or(StoreError::NotFound {
                kind: "case member",
                id: m.0,
            })?;
        push_member(snap, member);
    }
    for d in documents {
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT {MEMBER_COLUMNS} FROM case_members WHERE document_id = ?1"
        ))?;
        for m in stmt.query_map([d.0], member_from_row)? {
            push_member(snap, m?);
        }
    }
    for c in &case_ids {
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT {MEMBER_COLUMNS} FROM case_members WHERE case_id = ?1"
        ))?;
        for m in stmt.query_map([c.0], member_from_row)? {
            push_member(snap, m?);
        }
    }
    snap.case_members.sort_by_key(|m| m.id);

    let mut values = HashSet::new();
    let mut push_value = |snap: &mut Snapshot, v: AttributeValue| {
        if values.insert((v.owner, v.attribute)) {
            snap.values.push(v);
        }
    };
    let document_value = |r: &Row<'_>| {
        Ok(AttributeValue {
            owner: ValueOwner::Document(DocumentId(r.get(0)?)),
            attribute: AttributeId(r.get(1)?),
            value: r.get(2)?,
        })
    };
    let case_value = |r: &Row<'_>| {
        Ok(AttributeValue {
            owner: ValueOwner::Case(CaseId(r.get(0)?)),
            attribute: AttributeId(r.get(1)?),
            value: r.get(2)?,
        })
    };
    for d in documents {
        let mut stmt = tx.prepare_cached(
            "SELECT document_id, attribute_id, value FROM document_values WHERE document_id = ?1",
        )?;
        for v in stmt.query_map([d.0], document_value)? {
            push_value(snap, v?);
        }
    }
    for c in &case_ids {
        let mut stmt = tx.prepare_cached(
            "SELECT case_id, attribute_id, value FROM case_values WHERE case_id = ?1",
        )?;
        for v in stmt.query_map([c.0], case_value)? {
            push_value(snap, v?);
        }
    }
    for a in &attribute_ids {
        let mut stmt = tx.prepare_cached(
            "SELECT document_id, attribute_id, value FROM document_values WHERE attribute_id = ?1",
        )?;
        for v in stmt.query_map([a.0], document_value)? {
            push_value(snap, v?);
        }
        let mut stmt = tx.prepare_cached(
            "SELECT case_id, attribute_id, value FROM case_values WHERE attribute_id = ?1",
        )?;
        for v in stmt.query_map([a.0], case_value)? {
            push_value(snap, v?);
        }
    }
    snap.values.sort_by_key(|v| (v.owner, v.attribute));
    snap.attributes.sort_by_key(|a| a.id);
    snap.cases.sort_by_key(|c| c.id);
    Ok(())
}

/// Deletes what [`collect`] gathered (before the documents they hang on are deleted).
pub(super) fn delete(tx: &Transaction<'_>, snap: &Snapshot) -> Result<()> {
    for v in &snap.values {
        match v.owner {
            ValueOwner::Document(d) => tx.execute(
                "DELETE FROM document_values WHERE document_id = ?1 AND attribute_id = ?2",
                params![d.0, v.attribute.0],
            )?,
            ValueOwner::Case(c) => tx.execute(
                "DELETE FROM case_values WHERE case_id = ?1 AND attribute_id = ?2",
                params![c.0, v.attribute.0],
            )?,
        };
    }
    for m in &snap.case_members {
        tx.execute("DELETE FROM case_members WHERE id = ?1", [m.id.0])?;
    }
    for c in &snap.cases {
        tx.execute("DELETE FROM cases WHERE id = ?1", [c.id.0])?;
    }
    for a in &snap.attributes {
        tx.execute("DELETE FROM attributes WHERE id = ?1", [a.id.0])?;
    }
    Ok(())
}

/// Puts back attributes and cases (before the codings and memos), with their ids.
pub(super) fn restore_owners(tx: &Transaction<'_>, snap: &Snapshot) -> Result<()> {
    for a in &snap.attributes {
        let (kind, choices) = kind_columns(&a.kind);
        tx.execute(
            &format!(
                "INSERT INTO attributes ({ATTRIBUTE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
            ),
            params![a.id.0, a.guid, scope_column(a.scope), a.name, kind, choices],
        )
        .map_err(|e| clash(e, "attribute", &a.name))?;
    }
    for c in &snap.cases {
        tx.execute(
            &format!("INSERT INTO cases ({CASE_COLUMNS}) VALUES (?1, ?2, ?3, ?4)"),
            params![c.id.0, c.guid, c.name, c.created_at],
        )
        .map_err(|e| clash(e, "case", &c.name))?;
    }
    Ok(())
}

fn clash(e: rusqlite::Error, kind: &str, name: &str) -> StoreError {
    match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            invalid(format!(
                "cannot restore {kind} “{name}”: one of that name exists now"
            ))
        }
        other => other.into(),
    }
}

/// Puts back case members and values, with their ids.
pub(super) fn restore_rows(tx: &Transaction<'_>, snap: &Snapshot) -> Result<()> {
    for m in &snap.case_members {
        tx.execute(
            &format!("INSERT INTO case_members ({MEMBER_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5)"),
            params![
                m.id.0,
                m.case.0,
                m.document.0,
                m.range.map(|r| r.start as i64),
                m.range.map(|r| r.end as i64)
            ],
        )?;
    }
    for v in &snap.values {
        match v.owner {
            ValueOwner::Document(d) => tx.execute(
                "INSERT INTO document_values (document_id, attribute_id, value) VALUES (?1, ?2, ?3)",
                params![d.0, v.attribute.0, v.value],
            )?,
            ValueOwner::Case(c) => tx.execute(
                "INSERT INTO case_values (case_id, attribute_id, value) VALUES (?1, ?2, ?3)",
                params![c.0, v.attribute.0, v.value],
            )?,
        };
    }
    Ok(())
}

impl Store {
    /// Where every coding lies (document, code, range), without its text: what the analysis
    /// views count. By document id, then start.
    pub fn coding_places(&self) -> Result<Vec<(DocumentId, crate::domain::CodingSpan)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, document_id, code_id, start, \"end\", coder_id FROM codings
             ORDER BY document_id, start, \"end\", id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    DocumentId(r.get(1)?),
                    crate::domain::CodingSpan {
                        id: crate::domain::CodingId(r.get(0)?),
                        code: crate::domain::CodeId(r.get(2)?),
                        range: TextRange::new(
                            r.get::<_, i64>(3)? as usize,
                            r.get::<_, i64>(4)? as usize,
                        ),
                        coder: crate::domain::CoderId(r.get(5)?),
                    },
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
