//! The SQL of the disagreement navigator's records: how a disagreement between two coders was
//! resolved, by whom and when (`Edit::ResolveDisagreement` and its inverse), and the records
//! the navigator reads to leave resolved places out.

use rusqlite::{OptionalExtension, Transaction, params};

use super::apply::{coder_id, invalid};
use super::{Result, Store, StoreError, now_timestamp};
use crate::domain::{DocumentId, Edit, Resolution, Touched};

/// A resolution as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolutionRecord {
    /// The document's GUID.
    pub document_guid: String,
    /// The place's key as it stood after the resolution.
    pub place: String,
    /// What was kept.
    pub outcome: Resolution,
    /// Who resolved it.
    pub coder: String,
    /// When (RFC 3339).
    pub resolved_at: String,
}

fn document_guid(tx: &Transaction<'_>, document: DocumentId) -> Result<String> {
    tx.prepare_cached("SELECT guid FROM documents WHERE id = ?1")?
        .query_row([document.0], |r| r.get(0))
        .optional()?
        .ok_or(StoreError::NotFound {
            kind: "document",
            id: document.0,
        })
}

/// Records a resolution; a place already recorded keeps its record and nothing is undone.
pub(super) fn resolve(
    tx: &Transaction<'_>,
    document: DocumentId,
    place: &str,
    outcome: Resolution,
    (coder, resolved_at): (&str, Option<&str>),
    t: &mut Touched,
) -> Result<Edit> {
    let guid = document_guid(tx, document)?;
    let coder_id = coder_id(tx, coder, t)?;
    let inserted = tx.execute(
        "INSERT OR IGNORE INTO disagreement_resolutions (document_guid, place, outcome, coder_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            guid,
            place,
            outcome.as_str(),
            coder_id.0,
            resolved_at.map_or_else(now_timestamp, str::to_owned)
        ],
    )?;
    t.codings.add(document);
    if inserted == 0 {
        return Ok(Edit::Batch(Vec::new()));
    }
    Ok(Edit::UnresolveDisagreement {
        document,
        place: place.to_owned(),
    })
}

/// Takes a resolution's record away; returns the edit that puts it back as it was.
pub(super) fn unresolve(
    tx: &Transaction<'_>,
    document: DocumentId,
    place: &str,
    t: &mut Touched,
) -> Result<Edit> {
    let guid = document_guid(tx, document)?;
    let (outcome, coder, resolved_at): (String, String, String) = tx
        .prepare_cached(
            "SELECT r.outcome, c.name, r.created_at FROM disagreement_resolutions r
             JOIN coders c ON c.id = r.coder_id WHERE r.document_guid = ?1 AND r.place = ?2",
        )?
        .query_row(params![guid, place], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?
        .ok_or_else(|| invalid("no resolution is recorded for this place"))?;
    tx.execute(
        "DELETE FROM disagreement_resolutions WHERE document_guid = ?1 AND place = ?2",
        params![guid, place],
    )?;
    t.codings.add(document);
    Ok(Edit::ResolveDisagreement {
        document,
        place: place.to_owned(),
        outcome: Resolution::parse(&outcome)
            .ok_or_else(|| invalid(format!("unknown resolution {outcome:?}")))?,
        coder,
        resolved_at: Some(resolved_at),
    })
}

impl Store {
    /// Every recorded resolution, oldest first.
    pub fn resolutions(&self) -> Result<Vec<ResolutionRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.document_guid, r.place, r.outcome, c.name, r.created_at
             FROM disagreement_resolutions r JOIN coders c ON c.id = r.coder_id
             ORDER BY r.created_at, r.document_guid, r.place",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(document_guid, place, outcome, coder, resolved_at)| {
                Ok(ResolutionRecord {
                    document_guid,
                    place,
                    outcome: Resolution::parse(&outcome)
                        .ok_or_else(|| invalid(format!("unknown resolution {outcome:?}")))?,
                    coder,
                    resolved_at,
                })
            })
            .collect()
    }
}
