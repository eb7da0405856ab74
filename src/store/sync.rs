//! Shared rows as a team hub carries them: every row of the project's content named by kind and
//! key, its values as JSON with references written as GUIDs, read all at once, set one by one
//! (`Edit::PutRows`), and the working copy's bookkeeping of what the hub holds (`hub_*` tables).
//!
//! The hub code (`crate::hub`, behind the `hub` feature) works only through this module: it
//! never writes SQL against the project file itself.

use std::collections::{HashMap, HashSet};

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::Value as Json;
use sha2::{Digest, Sha256};

use super::{Result, Store, StoreError, apply::invalid};
use crate::domain::{HubBase, HubConflict, HubRecord, Keep, RowState, Touched};

/// A column of a shared table.
#[derive(Debug, Clone, Copy)]
enum Col {
    /// A value kept as it is.
    Plain(&'static str),
    /// An id referring to a row of another table, carried as that row's GUID.
    Ref(&'static str, &'static str),
}

impl Col {
    fn name(self) -> &'static str {
        match self {
            Col::Plain(c) | Col::Ref(c, _) => c,
        }
    }
}

/// One kind of shared row: its table, the columns that name a row, and those it carries.
#[derive(Debug)]
pub struct Kind {
    /// The kind's name on the hub.
    pub name: &'static str,
    table: &'static str,
    key: &'static [Col],
    values: &'static [Col],
    /// Whether the table has an integer `id` (kept when undo puts a row back).
    has_id: bool,
}

use Col::{Plain, Ref};

/// Every kind of shared row, in the order rows are written (what a row refers to comes first;
/// deletions go in the reverse order). Left out, as this copy's own: the codebook's history,
/// correction logs and unplaced codings, pseudonyms, rejected suggestions, and each document's
/// original file (`source`).
pub const KINDS: &[Kind] = &[
    Kind {
        name: "project",
        table: "project",
        key: &[Plain("key")],
        values: &[Plain("value")],
        has_id: false,
    },
    Kind {
        name: "coder",
        table: "coders",
        key: &[Plain("guid")],
        values: &[Plain("name")],
        has_id: true,
    },
    Kind {
        name: "document",
        table: "documents",
        key: &[Plain("guid")],
        values: &[
            Plain("name"),
            Plain("text"),
            Plain("chars"),
            Plain("original_name"),
            Plain("format"),
            Plain("encoding"),
            Plain("imported_at"),
            Plain("position"),
            Plain("sha256"),
            Plain("pages"),
            Plain("direction"),
        ],
        has_id: true,
    },
    Kind {
        name: "attribute",
        table: "attributes",
        key: &[Plain("guid")],
        values: &[
            Plain("scope"),
            Plain("name"),
            Plain("kind"),
            Plain("choices"),
        ],
        has_id: true,
    },
    Kind {
        name: "case",
        table: "cases",
        key: &[Plain("guid")],
        values: &[Plain("name"), Plain("created_at")],
        has_id: true,
    },
    Kind {
        name: "code",
        table: "codes",
        key: &[Plain("guid")],
        values: &[
            Ref("parent_id", "codes"),
            Plain("name"),
            Plain("color"),
            Plain("description"),
            Plain("position"),
            Plain("created_at"),
            Plain("when_to_use"),
            Plain("when_not_to_use"),
            Plain("example"),
        ],
        has_id: true,
    },
    Kind {
        name: "coding",
        table: "codings",
        key: &[Plain("guid")],
        values: &[
            Ref("document_id", "documents"),
            Ref("code_id", "codes"),
            Plain("start"),
            Plain("end"),
            Plain("text"),
            Ref("coder_id", "coders"),
            Plain("created_at"),
            Plain("memo"),
            Plain("memo_modified_at"),
            Ref("memo_modified_by", "coders"),
        ],
        has_id: true,
    },
    Kind {
        name: "memo",
        table: "memos",
        key: &[Plain("guid")],
        values: &[
            Ref("document_id", "documents"),
            Ref("code_id", "codes"),
            Ref("coding_id", "codings"),
            Plain("title"),
            Plain("body"),
            Ref("coder_id", "coders"),
            Plain("created_at"),
            Plain("modified_at"),
            Ref("modified_by", "coders"),
        ],
        has_id: true,
    },
    Kind {
        name: "document_value",
        table: "document_values",
        key: &[
            Ref("document_id", "documents"),
            Ref("attribute_id", "attributes"),
        ],
        values: &[Plain("value")],
        has_id: false,
    },
    Kind {
        name: "case_value",
        table: "case_values",
        key: &[Ref("case_id", "cases"), Ref("attribute_id", "attributes")],
        values: &[Plain("value")],
        has_id: false,
    },
    Kind {
        name: "case_member",
        table: "case_members",
        key: &[
            Ref("case_id", "cases"),
            Ref("document_id", "documents"),
            Plain("start"),
            Plain("end"),
        ],
        values: &[],
        has_id: true,
    },
    Kind {
        name: "resolution",
        table: "disagreement_resolutions",
        key: &[Plain("document_guid"), Plain("place")],
        values: &[
            Plain("outcome"),
            Ref("coder_id", "coders"),
            Plain("created_at"),
        ],
        has_id: false,
    },
];

/// The kind a table's rows are, by table name (for references).
fn kind_of_table(table: &str) -> &'static str {
    KINDS
        .iter()
        .find(|k| k.table == table)
        .map_or("", |k| k.name)
}

/// The kind named `name`.
pub fn kind(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.name == name)
}

/// Position of a kind in [`KINDS`] (the order rows are written in).
pub fn kind_order(name: &str) -> usize {
    KINDS
        .iter()
        .position(|k| k.name == name)
        .unwrap_or(KINDS.len())
}

/// One shared row as it is in this copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalRow {
    /// The row's kind.
    pub kind: &'static str,
    /// What names it.
    pub key: String,
    /// Its values (JSON array).
    pub content: String,
    /// The rows it refers to, as `kind:key`.
    pub refs: Vec<String>,
    /// [`row_hash`] of kind, key and content.
    pub hash: String,
}

/// The hash that tells whether a row changed: SHA-256 of its kind, key and content, as 32 hex
/// digits.
pub fn row_hash(kind: &str, key: &str, content: &str) -> String {
    let mut h = Sha256::new();
    h.update(kind.as_bytes());
    h.update([0]);
    h.update(key.as_bytes());
    h.update([0]);
    h.update(content.as_bytes());
    let digest = h.finalize();
    digest[..16]
        .iter()
        .fold(String::with_capacity(32), |mut s, b| {
            use std::fmt::Write as _;
            let _ = write!(s, "{b:02x}");
            s
        })
}

fn json_of(value: Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Integer(i) => Json::from(i),
        Value::Real(f) => Json::from(f),
        Value::Text(t) => Json::String(t),
        Value::Blob(b) => Json::String(b.iter().fold(String::new(), |mut s, x| {
            use std::fmt::Write as _;
            let _ = write!(s, "{x:02x}");
            s
        })),
    }
}

fn sql_of(value: &Json) -> Result<Value> {
    Ok(match value {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(i64::from(*b)),
        Json::Number(n) => n
            .as_i64()
            .map(Value::Integer)
            .or_else(|| n.as_f64().map(Value::Real))
            .ok_or_else(|| invalid("a number out of range in a shared row"))?,
        Json::String(s) => Value::Text(s.clone()),
        Json::Array(_) | Json::Object(_) => {
            return Err(invalid("a shared row's value is not a plain value"));
        }
    })
}

/// The SQL expression reading a column (a reference as the GUID it points at).
fn read_expr(col: Col) -> String {
    match col {
        Plain(c) => format!("t.\"{c}\""),
        Ref(c, target) => format!("(SELECT guid FROM {target} WHERE id = t.\"{c}\")"),
    }
}

fn key_text(parts: Vec<Json>) -> String {
    if let [Json::String(s)] = parts.as_slice() {
        return s.clone();
    }
    Json::Array(parts).to_string()
}

fn key_parts(kind: &Kind, key: &str) -> Result<Vec<Json>> {
    if kind.key.len() == 1 {
        return Ok(vec![Json::String(key.to_owned())]);
    }
    match serde_json::from_str::<Json>(key) {
        Ok(Json::Array(parts)) if parts.len() == kind.key.len() => Ok(parts),
        _ => Err(invalid(format!(
            "“{key}” does not name a {} row",
            kind.name
        ))),
    }
}

/// Reads every shared row of `kind` in this copy.
fn read_kind(conn: &rusqlite::Connection, kind: &'static Kind) -> Result<Vec<LocalRow>> {
    let cols: Vec<String> = kind
        .key
        .iter()
        .chain(kind.values)
        .map(|c| read_expr(*c))
        .collect();
    let sql = format!("SELECT {} FROM {} t", cols.join(", "), kind.table);
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    let nk = kind.key.len();
    while let Some(row) = rows.next()? {
        let mut refs = Vec::new();
        let mut values = Vec::with_capacity(nk + kind.values.len());
        for (i, col) in kind.key.iter().chain(kind.values).enumerate() {
            let v = json_of(row.get::<_, Value>(i)?);
            if let (Ref(_, target), Json::String(g)) = (col, &v) {
                refs.push(format!("{}:{g}", kind_of_table(target)));
            }
            values.push(v);
        }
        let content = Json::Array(values.split_off(nk)).to_string();
        let key = key_text(values);
        let hash = row_hash(kind.name, &key, &content);
        out.push(LocalRow {
            kind: kind.name,
            key,
            content,
            refs,
            hash,
        });
    }
    Ok(out)
}

/// The `WHERE` clause naming one row by its key columns, and its parameters.
fn key_clause(
    tx: &rusqlite::Connection,
    kind: &Kind,
    key: &str,
    alias: &str,
) -> Result<(String, Vec<Value>)> {
    let parts = key_parts(kind, key)?;
    let mut conds = Vec::new();
    let mut params = Vec::new();
    for (col, part) in kind.key.iter().zip(&parts) {
        conds.push(format!("{alias}\"{}\" IS ?", col.name()));
        params.push(resolve(tx, *col, part)?);
    }
    Ok((conds.join(" AND "), params))
}

/// A value to write: a reference's GUID becomes the local id (a missing one is an error).
fn resolve(conn: &rusqlite::Connection, col: Col, value: &Json) -> Result<Value> {
    match (col, value) {
        (Ref(_, target), Json::String(guid)) => {
            let id: Option<i64> = conn
                .prepare_cached(&format!("SELECT id FROM {target} WHERE guid = ?1"))?
                .query_row([guid], |r| r.get(0))
                .optional()?;
            id.map(Value::Integer).ok_or_else(|| {
                invalid(format!(
                    "a shared row refers to a {} that is not here ({guid})",
                    kind_of_table(target)
                ))
            })
        }
        _ => sql_of(value),
    }
}

/// Reads one row's content as it is now, with its local id (`None`: not here).
fn read_one(
    conn: &rusqlite::Connection,
    kind: &'static Kind,
    key: &str,
) -> Result<Option<(String, Option<i64>)>> {
    let Ok((clause, params)) = key_clause(conn, kind, key, "t.") else {
        // A key whose references are not here names no row here.
        return Ok(None);
    };
    let mut cols: Vec<String> = kind.values.iter().map(|c| read_expr(*c)).collect();
    cols.push(if kind.has_id {
        "t.id".into()
    } else {
        "NULL".into()
    });
    let sql = format!(
        "SELECT {} FROM {} t WHERE {clause}",
        cols.join(", "),
        kind.table
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let n = kind.values.len();
    let found = stmt
        .query_row(rusqlite::params_from_iter(params), |row| {
            let values = (0..n)
                .map(|i| row.get::<_, Value>(i).map(json_of))
                .collect::<rusqlite::Result<Vec<Json>>>()?;
            Ok((
                Json::Array(values).to_string(),
                row.get::<_, Option<i64>>(n)?,
            ))
        })
        .optional()?;
    Ok(found)
}

/// Sets one row to `content` (`None`: deletes it).
fn write_one(
    tx: &rusqlite::Connection,
    kind: &'static Kind,
    key: &str,
    content: Option<&str>,
    local_id: Option<i64>,
) -> Result<()> {
    let Some(content) = content else {
        if let Ok((clause, params)) = key_clause(tx, kind, key, "") {
            tx.execute(
                &format!("DELETE FROM {} WHERE {clause}", kind.table),
                rusqlite::params_from_iter(params),
            )?;
        }
        return Ok(());
    };
    let values = match serde_json::from_str::<Json>(content) {
        Ok(Json::Array(v)) if v.len() == kind.values.len() => v,
        _ => return Err(invalid(format!("a {} row that does not fit", kind.name))),
    };
    let resolved: Vec<Value> = kind
        .values
        .iter()
        .zip(&values)
        .map(|(c, v)| resolve(tx, *c, v))
        .collect::<Result<_>>()?;
    let (clause, key_params) = key_clause(tx, kind, key, "")?;
    let exists: Option<i64> = tx
        .prepare_cached(&format!("SELECT 1 FROM {} WHERE {clause}", kind.table))?
        .query_row(rusqlite::params_from_iter(key_params.clone()), |r| r.get(0))
        .optional()?;
    if exists.is_some() {
        if kind.values.is_empty() {
            return Ok(());
        }
        let sets: Vec<String> = kind
            .values
            .iter()
            .map(|c| format!("\"{}\" = ?", c.name()))
            .collect();
        let sql = format!(
            "UPDATE {} SET {} WHERE {clause}",
            kind.table,
            sets.join(", ")
        );
        tx.prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(
                resolved.into_iter().chain(key_params),
            ))?;
    } else {
        let mut cols: Vec<String> = kind
            .key
            .iter()
            .chain(kind.values)
            .map(|c| format!("\"{}\"", c.name()))
            .collect();
        let mut params: Vec<Value> = key_params.into_iter().chain(resolved).collect();
        // The id the row had here, when undo puts it back and the id is still free.
        if let Some(id) = local_id.filter(|_| kind.has_id) {
            let taken: Option<i64> = tx
                .prepare_cached(&format!("SELECT 1 FROM {} WHERE id = ?1", kind.table))?
                .query_row([id], |r| r.get(0))
                .optional()?;
            if taken.is_none() {
                cols.push("id".into());
                params.push(Value::Integer(id));
            }
        }
        let marks = vec!["?"; cols.len()].join(", ");
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({marks})",
            kind.table,
            cols.join(", ")
        );
        tx.prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(params))?;
    }
    Ok(())
}

/// Applies `Edit::PutRows`: sets every row, what others refer to first (deletions last, in the
/// reverse order), and returns the states they had. A row that cannot be written yet (a name
/// another row of the set still holds) is tried again after the others.
pub(super) fn put_rows(
    tx: &Transaction<'_>,
    rows: &[RowState],
    hub: Option<&HubRecord>,
    touched: &mut Touched,
) -> Result<Vec<RowState>> {
    let mut order: Vec<&RowState> = rows.iter().collect();
    order.sort_by_key(|r| {
        let k = kind_order(&r.kind);
        if r.content.is_some() {
            (0, k)
        } else {
            (1, KINDS.len() - k)
        }
    });
    // Codes refer to their parents: a parent in the set goes before its children.
    order = parents_first(order);
    let mut pending: Vec<(&RowState, &'static Kind)> = Vec::new();
    for row in order {
        let kind =
            kind(&row.kind).ok_or_else(|| invalid(format!("no rows of kind “{}”", row.kind)))?;
        pending.push((row, kind));
    }
    // What undo puts back: each row as it was, and the rows a deletion takes with it. A
    // sync's rows (with `hub`) are not undone, so none of this is read for them.
    let before = if hub.is_some() {
        Vec::new()
    } else {
        states_before(tx, &pending)?
    };
    let mut last_error = None;
    while !pending.is_empty() {
        let mut left = Vec::new();
        for (row, kind) in pending.iter().copied() {
            tx.execute_batch("SAVEPOINT put_row")?;
            match write_one(tx, kind, &row.key, row.content.as_deref(), row.local_id) {
                Ok(()) => tx.execute_batch("RELEASE put_row")?,
                Err(e) => {
                    tx.execute_batch("ROLLBACK TO put_row; RELEASE put_row")?;
                    last_error = Some(e);
                    left.push((row, kind));
                }
            }
        }
        if left.len() == pending.len() {
            return Err(last_error.unwrap_or_else(|| invalid("shared rows that do not fit")));
        }
        pending = left;
    }
    if rows.iter().any(|r| r.kind == "code" && r.content.is_some()) {
        refuse_parent_loops(tx)?;
    }
    if let Some(hub) = hub {
        record(tx, hub)?;
    }
    touched.merge(&Touched::everything());
    Ok(before)
}

/// The states to put back: every row set, and every row a deletion in the set removes with it
/// (what refers to it, over and over: a code's subcodes, codings and memos).
fn states_before(
    tx: &rusqlite::Connection,
    rows: &[(&RowState, &'static Kind)],
) -> Result<Vec<RowState>> {
    let mut out = Vec::with_capacity(rows.len());
    let mut seen: HashSet<String> = HashSet::new();
    for (row, kind) in rows {
        seen.insert(format!("{}:{}", row.kind, row.key));
        let now = read_one(tx, kind, &row.key)?;
        out.push(RowState {
            kind: row.kind.clone(),
            key: row.key.clone(),
            local_id: now.as_ref().and_then(|(_, id)| *id),
            content: now.map(|(c, _)| c),
        });
    }
    let deleted: Vec<String> = rows
        .iter()
        .filter(|(r, _)| r.content.is_none())
        .map(|(r, _)| format!("{}:{}", r.kind, r.key))
        .collect();
    if deleted.is_empty() {
        return Ok(out);
    }
    let mut referrers: HashMap<String, Vec<(&'static str, String)>> = HashMap::new();
    for kind in KINDS {
        for r in read_kind(tx, kind)? {
            for target in &r.refs {
                referrers
                    .entry(target.clone())
                    .or_default()
                    .push((r.kind, r.key.clone()));
            }
        }
    }
    let mut stack = deleted;
    while let Some(target) = stack.pop() {
        for (kind_name, key) in referrers.get(&target).into_iter().flatten() {
            let me = format!("{kind_name}:{key}");
            if !seen.insert(me.clone()) {
                continue;
            }
            let Some(kind) = self::kind(kind_name) else {
                continue;
            };
            if let Some((content, id)) = read_one(tx, kind, key)? {
                out.push(RowState {
                    kind: (*kind_name).to_owned(),
                    key: key.clone(),
                    content: Some(content),
                    local_id: id,
                });
            }
            stack.push(me);
        }
    }
    Ok(out)
}

/// Refuses a codebook in which a code would be inside itself (two copies that each moved a code
/// into the other): every code must reach the top of the tree by its parents.
fn refuse_parent_loops(tx: &Transaction<'_>) -> Result<()> {
    let looped: Option<String> = tx
        .prepare_cached(
            "WITH RECURSIVE placed(id) AS (
                 SELECT id FROM codes WHERE parent_id IS NULL
                 UNION SELECT c.id FROM codes c JOIN placed p ON c.parent_id = p.id
             )
             SELECT name FROM codes WHERE id NOT IN (SELECT id FROM placed) ORDER BY id LIMIT 1",
        )?
        .query_row([], |r| r.get(0))
        .optional()?;
    match looped {
        Some(name) => Err(invalid(format!(
            "the code “{name}” would be inside itself: two moves of codes into each other"
        ))),
        None => Ok(()),
    }
}

/// Orders codes so that a parent in the set comes before its children (other rows keep their
/// places).
fn parents_first(order: Vec<&RowState>) -> Vec<&RowState> {
    let codes: HashMap<&str, &RowState> = order
        .iter()
        .filter(|r| r.kind == "code" && r.content.is_some())
        .map(|r| (r.key.as_str(), *r))
        .collect();
    if codes.len() < 2 {
        return order;
    }
    let parent = |r: &RowState| -> Option<String> {
        let v: Json = serde_json::from_str(r.content.as_deref()?).ok()?;
        v.get(0)?.as_str().map(str::to_owned)
    };
    let mut placed: HashSet<&str> = HashSet::new();
    let mut sorted_codes: Vec<&RowState> = Vec::new();
    let mut waiting: Vec<&RowState> = codes.values().copied().collect();
    waiting.sort_by(|a, b| a.key.cmp(&b.key));
    while !waiting.is_empty() {
        let before = waiting.len();
        waiting.retain(|r| {
            let ready = parent(r)
                .is_none_or(|p| !codes.contains_key(p.as_str()) || placed.contains(p.as_str()));
            if ready {
                placed.insert(r.key.as_str());
                sorted_codes.push(r);
            }
            !ready
        });
        if waiting.len() == before {
            // A loop of parents: write them as they come (the store refuses what does not fit).
            sorted_codes.append(&mut waiting);
        }
    }
    let mut codes_iter = sorted_codes.into_iter();
    order
        .into_iter()
        .map(|r| {
            if r.kind == "code" && r.content.is_some() {
                codes_iter.next().unwrap_or(r)
            } else {
                r
            }
        })
        .collect()
}

/// Writes a sync's bookkeeping.
fn record(tx: &rusqlite::Connection, hub: &HubRecord) -> Result<()> {
    {
        let mut put = tx.prepare_cached(
            "INSERT INTO hub_rows (kind, key, seq, hash) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (kind, key) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
        )?;
        for b in &hub.bases {
            put.execute(params![b.kind, b.key, b.seq, b.hash])?;
        }
    }
    {
        let mut settle =
            tx.prepare_cached("DELETE FROM hub_conflicts WHERE kind = ?1 AND key = ?2")?;
        for (kind, key) in &hub.settled {
            settle.execute(params![kind, key])?;
        }
    }
    put_conflicts(tx, &hub.conflicts)?;
    if let Some(seq) = hub.last_seq {
        tx.execute(
            "UPDATE hub_link SET last_seq = ?1, synced_at = ?2",
            params![seq, super::now_timestamp()],
        )?;
    }
    Ok(())
}

fn put_conflicts(tx: &rusqlite::Connection, conflicts: &[HubConflict]) -> Result<()> {
    let mut put = tx.prepare_cached(
        "INSERT INTO hub_conflicts (kind, key, conflict, seq, content, reason, found_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (kind, key) DO UPDATE SET conflict = excluded.conflict, seq = excluded.seq,
             content = excluded.content, reason = excluded.reason, found_at = excluded.found_at",
    )?;
    for c in conflicts {
        put.execute(params![
            c.theirs.kind,
            c.theirs.key,
            c.conflict,
            c.seq,
            c.theirs.content,
            c.reason,
            c.found_at
        ])?;
    }
    Ok(())
}

fn conflict_rows(conn: &rusqlite::Connection, conflict: Option<&str>) -> Result<Vec<HubConflict>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, key, conflict, seq, content, reason, found_at FROM hub_conflicts
         WHERE ?1 IS NULL OR conflict = ?1 ORDER BY conflict, kind, key",
    )?;
    let rows = stmt.query_map([conflict], |r| {
        Ok(HubConflict {
            theirs: RowState {
                kind: r.get(0)?,
                key: r.get(1)?,
                content: r.get(4)?,
                local_id: None,
            },
            conflict: r.get(2)?,
            seq: r.get(3)?,
            reason: r.get(5)?,
            found_at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn base_of(conn: &rusqlite::Connection, kind: &str, key: &str) -> Result<HubBase> {
    let found = conn
        .prepare_cached("SELECT seq, hash FROM hub_rows WHERE kind = ?1 AND key = ?2")?
        .query_row(params![kind, key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, hash) = found.unwrap_or((0, String::new()));
    Ok(HubBase {
        kind: kind.to_owned(),
        key: key.to_owned(),
        seq,
        hash,
    })
}

fn set_bases(conn: &rusqlite::Connection, bases: &[HubBase]) -> Result<()> {
    for b in bases {
        if b.seq == 0 && b.hash.is_empty() {
            conn.execute(
                "DELETE FROM hub_rows WHERE kind = ?1 AND key = ?2",
                params![b.kind, b.key],
            )?;
        } else {
            conn.execute(
                "INSERT INTO hub_rows (kind, key, seq, hash) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (kind, key) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                params![b.kind, b.key, b.seq, b.hash],
            )?;
        }
    }
    Ok(())
}

/// Applies `Edit::ResolveSyncConflict`; returns the `ReopenSyncConflict` that undoes it.
pub(super) fn resolve_conflict(
    tx: &Transaction<'_>,
    conflict: &str,
    keep: Keep,
    touched: &mut Touched,
) -> Result<crate::domain::Edit> {
    let entries = conflict_rows(tx, Some(conflict))?;
    if entries.is_empty() {
        return Err(invalid(format!("no sync conflict “{conflict}” to resolve")));
    }
    let bases: Vec<HubBase> = entries
        .iter()
        .map(|c| base_of(tx, &c.theirs.kind, &c.theirs.key))
        .collect::<Result<_>>()?;
    let theirs_bases: Vec<HubBase> = entries
        .iter()
        .map(|c| HubBase {
            kind: c.theirs.kind.clone(),
            key: c.theirs.key.clone(),
            seq: c.seq,
            hash: c
                .theirs
                .content
                .as_deref()
                .map_or_else(String::new, |content| {
                    row_hash(&c.theirs.kind, &c.theirs.key, content)
                }),
        })
        .collect();
    let rows = match keep {
        Keep::Theirs => {
            let theirs: Vec<RowState> = entries.iter().map(|c| c.theirs.clone()).collect();
            put_rows(tx, &theirs, None, touched).map_err(|e| {
                invalid(format!(
                    "the hub's version cannot be taken yet ({e}): it refers to rows no longer in this copy; sync, then choose again"
                ))
            })?
        }
        Keep::Mine => Vec::new(),
    };
    set_bases(tx, &theirs_bases)?;
    tx.execute("DELETE FROM hub_conflicts WHERE conflict = ?1", [conflict])?;
    Ok(crate::domain::Edit::ReopenSyncConflict {
        rows,
        bases,
        conflicts: entries,
    })
}

/// Applies `Edit::ReopenSyncConflict`; returns the `ResolveSyncConflict` that redoes it.
pub(super) fn reopen_conflict(
    tx: &Transaction<'_>,
    rows: &[RowState],
    bases: &[HubBase],
    conflicts: &[HubConflict],
    touched: &mut Touched,
) -> Result<crate::domain::Edit> {
    let first = conflicts
        .first()
        .ok_or_else(|| invalid("a sync conflict without rows"))?;
    // Which version was kept: the rows put back are the hub's when theirs was taken.
    let keep = if rows.is_empty() {
        Keep::Mine
    } else {
        Keep::Theirs
    };
    if !rows.is_empty() {
        put_rows(tx, rows, None, touched)?;
    }
    set_bases(tx, bases)?;
    put_conflicts(tx, conflicts)?;
    touched.merge(&Touched::everything());
    Ok(crate::domain::Edit::ResolveSyncConflict {
        conflict: first.conflict.clone(),
        keep,
    })
}

/// Where a working copy stands with its hub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubLink {
    /// The hub's address, without any password.
    pub url: String,
    /// The project's id on the hub.
    pub project: String,
    /// The last change set taken in.
    pub last_seq: i64,
    /// When this copy last synced (RFC 3339), or empty.
    pub synced_at: String,
}

/// The rows of one change set going up: each with the hub's sequence number it was based on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// The row's kind.
    pub kind: &'static str,
    /// Its key.
    pub key: String,
    /// Its content, `None` to delete it on the hub.
    pub content: Option<String>,
    /// What it refers to (`kind:key`).
    pub refs: Vec<String>,
    /// Its hash (empty when deleted).
    pub hash: String,
    /// The hub's sequence number of the version it replaces (0: new on the hub).
    pub base_seq: i64,
}

impl Store {
    /// Every shared row of this copy, in [`KINDS`] order.
    pub fn shared_rows(&self) -> Result<Vec<LocalRow>> {
        let mut out = Vec::new();
        for kind in KINDS {
            out.extend(read_kind(&self.conn, kind)?);
        }
        Ok(out)
    }

    /// The project's content as text, one line per shared row sorted by kind and key, with
    /// nothing of this copy's own (local ids, sync bookkeeping): two copies that hold the same
    /// project print the same.
    pub fn content_dump(&self) -> Result<String> {
        let mut rows = self.shared_rows()?;
        rows.sort_by(|a, b| (kind_order(a.kind), &a.key).cmp(&(kind_order(b.kind), &b.key)));
        let mut out = String::new();
        for r in rows {
            out.push_str(r.kind);
            out.push('\t');
            out.push_str(&r.key);
            out.push('\t');
            out.push_str(&r.content);
            out.push('\n');
        }
        Ok(out)
    }

    /// The document with this GUID, if it is here.
    pub fn document_id_by_guid(&self, guid: &str) -> Result<Option<crate::domain::DocumentId>> {
        Ok(self
            .conn
            .query_row("SELECT id FROM documents WHERE guid = ?1", [guid], |r| {
                r.get(0)
            })
            .optional()?
            .map(crate::domain::DocumentId))
    }

    /// The hub this copy syncs with, if any.
    pub fn hub_link(&self) -> Result<Option<HubLink>> {
        Ok(self
            .conn
            .query_row(
                "SELECT url, project, last_seq, synced_at FROM hub_link",
                [],
                |r| {
                    Ok(HubLink {
                        url: r.get(0)?,
                        project: r.get(1)?,
                        last_seq: r.get(2)?,
                        synced_at: r.get(3)?,
                    })
                },
            )
            .optional()?)
    }

    fn writable(&self) -> Result<()> {
        if self.is_read_only() {
            Err(StoreError::ReadOnly(self.path.clone()))
        } else {
            Ok(())
        }
    }

    /// Makes this copy a working copy of `project` on the hub at `url` (no password in it),
    /// holding `bases` as the hub's versions of its rows.
    pub fn link_hub(
        &mut self,
        url: &str,
        project: &str,
        last_seq: i64,
        bases: &[HubBase],
    ) -> Result<()> {
        self.writable()?;
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM hub_link", [])?;
        tx.execute("DELETE FROM hub_rows", [])?;
        tx.execute("DELETE FROM hub_pending", [])?;
        tx.execute("DELETE FROM hub_conflicts", [])?;
        tx.execute(
            "INSERT INTO hub_link (id, url, project, last_seq, synced_at) VALUES (1, ?1, ?2, ?3, ?4)",
            params![url, project, last_seq, super::now_timestamp()],
        )?;
        set_bases(&tx, bases)?;
        tx.commit()?;
        Ok(())
    }

    /// Every row's hub version as this copy last knew it.
    pub fn hub_bases(&self) -> Result<HashMap<(String, String), (i64, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT kind, key, seq, hash FROM hub_rows")?;
        let rows = stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?))))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The sync conflicts waiting for a decision (one conflict may hold several rows).
    pub fn hub_conflicts(&self) -> Result<Vec<HubConflict>> {
        conflict_rows(&self.conn, None)
    }

    /// The rows this copy changed since it last agreed with the hub, with what the hub had:
    /// new and changed rows and deletions. Rows in a conflict, and rows that refer to one,
    /// wait for the conflict to be resolved.
    pub fn hub_outgoing(&self) -> Result<Vec<Outgoing>> {
        let bases = self.hub_bases()?;
        let conflicts = self.hub_conflicts()?;
        let conflicted: HashSet<String> = conflicts
            .iter()
            .map(|c| format!("{}:{}", c.theirs.kind, c.theirs.key))
            .collect();
        // What the hub's versions of rows in a conflict refer to stays on the hub until the
        // conflict is resolved: deleting it would leave them referring to nothing. (A change
        // to such a row goes up: it stays alive.)
        let kept: HashSet<String> = conflicts
            .iter()
            .flat_map(|c| {
                c.theirs
                    .content
                    .as_deref()
                    .map(|content| refs_of(&c.theirs.kind, &c.theirs.key, content))
                    .unwrap_or_default()
            })
            .collect();
        let local = self.shared_rows()?;
        let mut seen: HashSet<(&str, &str)> = HashSet::new();
        let mut out = Vec::new();
        for row in &local {
            seen.insert((row.kind, row.key.as_str()));
            let base = bases.get(&(row.kind.to_owned(), row.key.clone()));
            if base.is_some_and(|(_, h)| *h == row.hash) {
                continue;
            }
            out.push(Outgoing {
                kind: row.kind,
                key: row.key.clone(),
                content: Some(row.content.clone()),
                refs: row.refs.clone(),
                hash: row.hash.clone(),
                base_seq: base.map_or(0, |(s, _)| *s),
            });
        }
        for ((kind, key), (seq, hash)) in &bases {
            if hash.is_empty() || seen.contains(&(kind.as_str(), key.as_str())) {
                continue;
            }
            let Some(k) = self::kind(kind) else { continue };
            out.push(Outgoing {
                kind: k.name,
                key: key.clone(),
                content: None,
                refs: Vec::new(),
                hash: String::new(),
                base_seq: *seq,
            });
        }
        if !conflicts.is_empty() {
            // Rows the hub does not hold alive: deleted there while in a conflict here, and
            // (again and again) new rows held back because they refer to one of them. Rows
            // that refer to such a row wait too.
            let mut absent: HashSet<String> = conflicts
                .iter()
                .filter(|c| c.theirs.content.is_none())
                .map(|c| format!("{}:{}", c.theirs.kind, c.theirs.key))
                .collect();
            let mut held = conflicted;
            let mut waiting_rows = false;
            loop {
                let before = (held.len(), absent.len());
                for o in &out {
                    if o.content.is_some() && o.refs.iter().any(|r| absent.contains(r)) {
                        let me = format!("{}:{}", o.kind, o.key);
                        if o.base_seq == 0 {
                            absent.insert(me.clone());
                        }
                        waiting_rows |= held.insert(me);
                    }
                }
                if (held.len(), absent.len()) == before {
                    break;
                }
            }
            // A row held back may still refer, on the hub, to rows deleted here: deletions
            // wait with it.
            out.retain(|o| {
                let me = format!("{}:{}", o.kind, o.key);
                let deletion_waits = o.content.is_none() && (waiting_rows || kept.contains(&me));
                !deletion_waits && !held.contains(&me)
            });
        }
        out.sort_by(|a, b| (kind_order(a.kind), &a.key).cmp(&(kind_order(b.kind), &b.key)));
        Ok(out)
    }

    /// The change set sent whose answer never came, if any.
    pub fn hub_pending(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT change_set FROM hub_pending LIMIT 1", [], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Notes a change set about to be sent, before it is (so an answer lost on the way can be
    /// asked for).
    pub fn hub_note_pending(&mut self, change_set: &str, rows: &[Outgoing]) -> Result<()> {
        self.writable()?;
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM hub_pending", [])?;
        {
            let mut put = tx.prepare_cached(
                "INSERT INTO hub_pending (change_set, kind, key, hash) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for r in rows {
                put.execute(params![change_set, r.kind, r.key, r.hash])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The hub took the pending change set as number `seq`: its rows' hub versions are now
    /// this copy's. `advance` also moves the last change set taken in (nothing came between).
    pub fn hub_ack(&mut self, seq: i64, advance: bool) -> Result<()> {
        self.writable()?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO hub_rows (kind, key, seq, hash)
             SELECT kind, key, ?1, hash FROM hub_pending WHERE true
             ON CONFLICT (kind, key) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
            [seq],
        )?;
        tx.execute("DELETE FROM hub_pending", [])?;
        if advance {
            tx.execute(
                "UPDATE hub_link SET last_seq = max(last_seq, ?1), synced_at = ?2",
                params![seq, super::now_timestamp()],
            )?;
        } else {
            tx.execute(
                "UPDATE hub_link SET synced_at = ?1",
                [super::now_timestamp()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The pending change set never reached the hub: forget it (its rows go up again).
    pub fn hub_forget_pending(&mut self) -> Result<()> {
        self.writable()?;
        self.conn.execute("DELETE FROM hub_pending", [])?;
        Ok(())
    }
}

/// The rows a row of `kind` with this key and content refers to, as `kind:key`.
pub fn refs_of(kind: &str, key: &str, content: &str) -> Vec<String> {
    let Some(k) = self::kind(kind) else {
        return Vec::new();
    };
    let Ok(parts) = key_parts(k, key) else {
        return Vec::new();
    };
    let values = match serde_json::from_str::<Json>(content) {
        Ok(Json::Array(v)) => v,
        _ => Vec::new(),
    };
    k.key
        .iter()
        .zip(&parts)
        .chain(k.values.iter().zip(&values))
        .filter_map(|(col, v)| match (col, v) {
            (Ref(_, target), Json::String(g)) => Some(format!("{}:{g}", kind_of_table(target))),
            _ => None,
        })
        .collect()
}

/// The names of a kind's values, in the order its content lists them.
pub fn value_names(kind: &str) -> Vec<&'static str> {
    self::kind(kind).map_or_else(Vec::new, |k| k.values.iter().map(|c| c.name()).collect())
}
