//! Publishing, cloning and syncing a working copy.
//!
//! A sync first settles a change set whose answer was lost, then reads every row the hub
//! wrote since the last change set taken in and applies those this copy did not change
//! (`Edit::PutRows`, with the bookkeeping in the same transaction); a row changed on both
//! sides since they last agreed becomes a conflict, as does a deletion that would take rows
//! this copy changed with it, and a row that refers to one this copy deleted. Then it sends
//! this copy's changes as one change set, all or nothing; if the hub moved on meanwhile, it
//! reads again and retries.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::client::{Hub, HubRow, Pushed};
use super::{HubAddress, HubError};
use crate::domain::{CorrectionKind, Edit, HubBase, HubConflict, HubRecord, RowState, TextEdit};
use crate::project::Project;
use crate::store::sync::{LocalRow, kind_order, value_names};
use crate::store::{Store, now_timestamp};

/// How many times a sync reads again when the hub moved on while it sent.
const ROUNDS: usize = 8;

/// Settings of one sync (tests use them to break it at a chosen moment).
#[derive(Debug, Clone, Default)]
pub struct SyncOptions {
    /// Stop with an error right after the hub took the change set, before this copy records
    /// the answer (as if the connection broke then).
    pub lose_answer: bool,
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Rows taken in from the hub.
    pub received: usize,
    /// Rows sent.
    pub sent: usize,
    /// Conflicts waiting for a decision after the sync.
    pub conflicts: usize,
    /// Rows this copy still holds back because of a conflict.
    pub held_back: usize,
    /// The hub's last change set when the sync ended.
    pub last_seq: i64,
    /// This copy's codes, documents and cases renamed to make room for ones of the same name
    /// from the hub (each an undoable rename), described for the user.
    pub renamed: Vec<String>,
}

/// Where a working copy stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubStatus {
    /// Rows changed here and not sent yet.
    pub to_send: usize,
    /// Rows changed on the hub and not taken in yet.
    pub to_receive: i64,
    /// Conflicts waiting for a decision.
    pub conflicts: usize,
}

/// What publishing did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishReport {
    /// The project's id on the hub.
    pub project: String,
    /// Rows sent.
    pub rows: usize,
}

fn linked(store: &Store) -> Result<crate::store::sync::HubLink, HubError> {
    store
        .hub_link()?
        .ok_or_else(|| HubError::NotLinked(store.path().to_owned()))
}

/// Uploads the project as a new project of the hub (the caller becomes its owner) and makes
/// the file its working copy.
pub fn publish(project: &mut Project, hub: &mut Hub) -> Result<PublishReport, HubError> {
    if let Some(link) = project.store().hub_link()? {
        return Err(HubError::NotAllowed(format!(
            "{} is already a working copy of {} (project {}); a copy syncs with one hub",
            project.store().path().display(),
            link.url,
            link.project
        )));
    }
    project.flush();
    let id = project.store().project_guid()?;
    let name = project.store().project_name()?;
    hub.create_project(&id, &name)?;
    let rows = project.store().hub_outgoing()?;
    let change_set = uuid::Uuid::new_v4().to_string();
    let seq = match hub.push(&id, &change_set, &rows)? {
        Pushed::Taken(seq) => seq,
        Pushed::Stale(reason) => {
            return Err(HubError::Database {
                address: hub.address().to_string(),
                reason,
            });
        }
    };
    let bases: Vec<HubBase> = rows
        .iter()
        .map(|r| HubBase {
            kind: r.kind.to_owned(),
            key: r.key.clone(),
            seq,
            hash: r.hash.clone(),
        })
        .collect();
    project
        .store_mut()
        .link_hub(&hub.address().to_string(), &id, seq, &bases)?;
    Ok(PublishReport {
        project: id,
        rows: rows.len(),
    })
}

/// Makes a new working copy at `path` of the hub's project `project` (its id or name; may be
/// left out when the caller is a member of one project only). Nothing is left at `path` if it
/// fails.
pub fn clone_project(
    hub: &mut Hub,
    project: Option<&str>,
    path: &Path,
    coder: &str,
) -> Result<Project, HubError> {
    let projects = hub.projects()?;
    let chosen = match project {
        Some(p) => projects
            .iter()
            .find(|(id, name, _)| id == p || name == p)
            .ok_or_else(|| {
                HubError::NotAllowed(format!(
                    "the hub {} has no project “{p}” that “{}” is a member of",
                    hub.address(),
                    hub.address().user
                ))
            })?,
        None => match projects.as_slice() {
            [one] => one,
            [] => {
                return Err(HubError::NotAllowed(format!(
                    "“{}” is a member of no project on the hub {}",
                    hub.address().user,
                    hub.address()
                )));
            }
            many => {
                let names: Vec<String> = many
                    .iter()
                    .map(|(id, n, _)| format!("{n} ({id})"))
                    .collect();
                return Err(HubError::NotAllowed(format!(
                    "the hub holds several projects; name one with --project: {}",
                    names.join(", ")
                )));
            }
        },
    };
    let id = chosen.0.clone();
    let (rows, last) = hub.fetch(&id, 0)?;
    if path.exists() {
        return Err(crate::store::StoreError::AlreadyExists(path.to_owned()).into());
    }
    let made = (|| -> Result<Project, HubError> {
        let mut copy = Project::create(path, &chosen.1, coder)?;
        let bases: Vec<HubBase> = rows.iter().map(|r| r.base(r.hash())).collect();
        copy.store_mut()
            .link_hub(&hub.address().to_string(), &id, 0, &[])?;
        let puts: Vec<RowState> = rows
            .into_iter()
            .filter(|r| r.content.is_some())
            .map(|r| r.state())
            .collect();
        copy.take_in(&Edit::PutRows {
            rows: puts,
            hub: Some(Box::new(HubRecord {
                bases,
                last_seq: Some(last),
                ..HubRecord::default()
            })),
        })?;
        Ok(copy)
    })();
    if made.is_err() {
        let _ = std::fs::remove_file(path);
        let _ = std::fs::remove_file(lock_file(path));
    }
    made
}

fn lock_file(path: &Path) -> std::path::PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.lock"))
}

/// Where the working copy stands: rows to send, rows to receive, conflicts.
pub fn status(store: &Store, hub: &mut Hub) -> Result<HubStatus, HubError> {
    let link = linked(store)?;
    Ok(HubStatus {
        to_send: store.hub_outgoing()?.len(),
        to_receive: hub.waiting(&link.project, link.last_seq)?,
        conflicts: conflict_count(store)?,
    })
}

fn conflict_count(store: &Store) -> Result<usize, HubError> {
    Ok(store
        .hub_conflicts()?
        .iter()
        .map(|c| c.conflict.as_str())
        .collect::<HashSet<_>>()
        .len())
}

/// Syncs the working copy with its hub: takes in what others sent, then sends this copy's
/// changes. A failure at any point leaves the file as the last step committed it; the next
/// sync goes on from there.
pub fn sync(
    project: &mut Project,
    hub: &mut Hub,
    options: &SyncOptions,
) -> Result<SyncReport, HubError> {
    project.flush();
    let link = linked(project.store())?;
    let mut report = SyncReport::default();
    let mut refused = String::new();
    settle_pending(project, hub, &link.project)?;
    for _ in 0..ROUNDS {
        report.received += pull(project, hub, &link.project, &mut report.renamed)?;
        let outgoing = project.store().hub_outgoing()?;
        if outgoing.is_empty() {
            return finish(project, report);
        }
        let change_set = uuid::Uuid::new_v4().to_string();
        project
            .store_mut()
            .hub_note_pending(&change_set, &outgoing)?;
        match hub.push(&link.project, &change_set, &outgoing)? {
            Pushed::Taken(seq) => {
                if options.lose_answer {
                    return Err(HubError::Offline {
                        address: hub.address().to_string(),
                        reason: "the answer was lost (test)".into(),
                    });
                }
                let last = linked(project.store())?.last_seq;
                project.store_mut().hub_ack(seq, seq == last + 1)?;
                report.sent += outgoing.len();
                return finish(project, report);
            }
            Pushed::Stale(reason) => {
                tracing::info!("hub moved on while sending ({reason}); reading again");
                project.store_mut().hub_forget_pending()?;
                refused = reason;
            }
        }
    }
    Err(HubError::Busy(refused))
}

fn finish(project: &Project, mut report: SyncReport) -> Result<SyncReport, HubError> {
    let store = project.store();
    report.conflicts = conflict_count(store)?;
    report.last_seq = linked(store)?.last_seq;
    let outgoing = store.hub_outgoing()?.len();
    let all_changed = {
        let bases = store.hub_bases()?;
        let local = store.shared_rows()?;
        let present: HashSet<(&str, &str)> =
            local.iter().map(|r| (r.kind, r.key.as_str())).collect();
        local
            .iter()
            .filter(|r| {
                bases
                    .get(&(r.kind.to_owned(), r.key.clone()))
                    .is_none_or(|(_, h)| *h != r.hash)
            })
            .count()
            + bases
                .iter()
                .filter(|((k, key), (_, h))| {
                    !h.is_empty() && !present.contains(&(k.as_str(), key.as_str()))
                })
                .count()
    };
    report.held_back = all_changed.saturating_sub(outgoing);
    Ok(report)
}

/// A change set sent whose answer never came: if the hub took it, its rows are the hub's
/// versions now; if not, it is forgotten and its rows go up again.
fn settle_pending(project: &mut Project, hub: &mut Hub, id: &str) -> Result<(), HubError> {
    let Some(change_set) = project.store().hub_pending()? else {
        return Ok(());
    };
    match hub.change_set_seq(id, &change_set)? {
        Some(seq) => {
            let last = linked(project.store())?.last_seq;
            project.store_mut().hub_ack(seq, seq == last + 1)?;
        }
        None => project.store_mut().hub_forget_pending()?,
    }
    Ok(())
}

type RowKey = (String, String);

fn ref_of(kind: &str, key: &str) -> String {
    format!("{kind}:{key}")
}

/// Reads what the hub wrote since the last change set taken in and applies it; returns how
/// many rows changed here.
fn pull(
    project: &mut Project,
    hub: &mut Hub,
    id: &str,
    renamed: &mut Vec<String>,
) -> Result<usize, HubError> {
    let since = linked(project.store())?.last_seq;
    let (rows, last) = hub.fetch(id, since)?;
    if rows.is_empty() && project.store().hub_conflicts()?.is_empty() {
        if last != since {
            project.take_in(&Edit::PutRows {
                rows: Vec::new(),
                hub: Some(Box::new(HubRecord {
                    last_seq: Some(last),
                    ..HubRecord::default()
                })),
            })?;
        }
        return Ok(0);
    }
    let plan = plan_pull(project.store(), rows, hub, id)?;
    let received = plan.puts.len();
    let mut record = plan.record;
    record.last_seq = Some(last);
    renamed.extend(make_room(project, &plan.puts)?);
    let corrections = text_corrections(project, &plan.puts)?;
    let put = Edit::PutRows {
        rows: plan.puts,
        hub: Some(Box::new(record)),
    };
    if corrections.is_empty() {
        project.take_in(&put)?;
    } else {
        let mut steps = corrections;
        steps.push(put);
        project.take_in(&Edit::Batch(steps))?;
    }
    Ok(received)
}

/// The kinds of rows whose names must be unique (see [`unique_name`]).
const NAMED_KINDS: [&str; 5] = ["code", "attribute", "document", "case", "coder"];

/// Names that must be unique (a code's among its siblings; a document's, case's, coder's in
/// the project; an attribute's in its scope) as (scope, name), from a row's content.
fn unique_name(kind: &str, content: &str) -> Option<(String, String)> {
    let scope = match kind {
        "code" => Some("parent_id"),
        "attribute" => Some("scope"),
        "document" | "case" | "coder" => None,
        _ => return None,
    };
    let columns = value_names(kind);
    let values: Vec<serde_json::Value> = serde_json::from_str(content).ok()?;
    let text = |column: &str| {
        let at = columns.iter().position(|c| *c == column)?;
        Some(
            values
                .get(at)?
                .as_str()
                .map(str::to_owned)
                .unwrap_or_default(),
        )
    };
    let scope = match scope {
        Some(column) => text(column)?,
        None => String::new(),
    };
    Some((scope, text("name")?))
}

/// A row from the hub whose name this copy gives another row (both made the same name
/// offline): this copy's code, document or case is renamed "NAME (CODER)", an ordinary
/// undoable rename that goes up with the next push, and the renames are described. An
/// attribute or coder of the same name cannot be renamed here: the sync stops, saying so.
fn make_room(project: &mut Project, puts: &[RowState]) -> Result<Vec<String>, HubError> {
    if !puts
        .iter()
        .any(|r| r.content.is_some() && NAMED_KINDS.contains(&r.kind.as_str()))
    {
        // Nothing named arrives (codings, memos, values): nothing can clash.
        return Ok(Vec::new());
    }
    // Each row's name once the rows from the hub are in: (kind, key) → (scope, name, from hub).
    let mut names: HashMap<RowKey, (String, String, bool)> = HashMap::new();
    for row in project.store().shared_rows()? {
        if let Some((scope, name)) = unique_name(row.kind, &row.content) {
            names.insert((row.kind.to_owned(), row.key), (scope, name, false));
        }
    }
    for row in puts {
        let k = (row.kind.clone(), row.key.clone());
        match &row.content {
            None => {
                names.remove(&k);
            }
            Some(c) => {
                if let Some((scope, name)) = unique_name(&row.kind, c) {
                    names.insert(k, (scope, name, true));
                }
            }
        }
    }
    let mut holders: HashMap<(String, String, String), Vec<(String, bool)>> = HashMap::new();
    for ((kind, key), (scope, name, from_hub)) in &names {
        holders
            .entry((kind.clone(), scope.clone(), name.clone()))
            .or_default()
            .push((key.clone(), *from_hub));
    }
    let mut clashes: Vec<((String, String, String), Vec<String>)> = holders
        .into_iter()
        .filter(|(_, rows)| rows.len() > 1 && rows.iter().any(|r| r.1))
        .map(|(name, rows)| {
            let mine = rows.into_iter().filter(|r| !r.1).map(|r| r.0).collect();
            (name, mine)
        })
        .collect();
    clashes.sort();
    let mut renamed = Vec::new();
    for ((kind, scope, name), mine) in clashes {
        for key in mine {
            let taken = |candidate: &str, names: &HashMap<RowKey, (String, String, bool)>| {
                names
                    .iter()
                    .any(|((k, _), (s, n, _))| *k == kind && *s == scope && n == candidate)
            };
            let mut candidate = format!("{name} ({})", project.coder());
            let mut n = 2;
            while taken(&candidate, &names) {
                candidate = format!("{name} ({} {n})", project.coder());
                n += 1;
            }
            let store = project.store();
            let edit =
                match kind.as_str() {
                    "code" => store.codes()?.into_iter().find(|c| c.guid == key).map(|c| {
                        Edit::RenameCode {
                            id: c.id,
                            name: candidate.clone(),
                        }
                    }),
                    "document" => store
                        .document_id_by_guid(&key)?
                        .map(|id| Edit::RenameDocument {
                            id,
                            name: candidate.clone(),
                        }),
                    "case" => store.cases()?.into_iter().find(|c| c.guid == key).map(|c| {
                        Edit::RenameCase {
                            id: c.id,
                            name: candidate.clone(),
                        }
                    }),
                    _ => None,
                };
            let Some(edit) = edit else {
                return Err(HubError::NameTaken(format!("the {kind} “{name}”")));
            };
            project.execute(edit)?;
            names.insert(
                (kind.clone(), key),
                (scope.clone(), candidate.clone(), false),
            );
            renamed.push(format!(
                "This copy's {kind} “{name}” is now “{candidate}”: one of that name came from the hub"
            ));
        }
    }
    Ok(renamed)
}

/// A document whose text a teammate corrected arrives as a text change (the corrections
/// feature's own edit, aligned as a re-import is), so codings made here since follow their
/// words; the codings the teammate's correction moved arrive with it.
fn text_corrections(project: &Project, puts: &[RowState]) -> Result<Vec<Edit>, HubError> {
    let text_of = |content: &str| -> Option<String> {
        let v: serde_json::Value = serde_json::from_str(content).ok()?;
        v.get(1)?.as_str().map(str::to_owned)
    };
    let mut edits = Vec::new();
    for row in puts.iter().filter(|r| r.kind == "document") {
        let Some(theirs) = row.content.as_deref().and_then(text_of) else {
            continue;
        };
        let Some(id) = project.store().document_id_by_guid(&row.key)? else {
            continue;
        };
        let mine = project.store().document(id)?.text;
        if mine == theirs {
            continue;
        }
        let changes = crate::corrections::align::align(&mine, &theirs);
        edits.push(Edit::ChangeText(Box::new(TextEdit::new(
            id,
            changes,
            CorrectionKind::Edit,
            project.coder(),
        ))));
    }
    Ok(edits)
}

struct PullPlan {
    puts: Vec<RowState>,
    record: HubRecord,
}

/// Decides, row by row, what of the hub's changes this copy takes in, and what becomes a
/// conflict.
fn plan_pull(
    store: &Store,
    rows: Vec<HubRow>,
    hub: &mut Hub,
    id: &str,
) -> Result<PullPlan, HubError> {
    // The latest version of each row.
    let mut latest: HashMap<RowKey, HubRow> = HashMap::new();
    for r in rows {
        let k = (r.kind.clone(), r.key.clone());
        if latest.get(&k).is_none_or(|old| old.seq <= r.seq) {
            latest.insert(k, r);
        }
    }
    let mut incoming: Vec<HubRow> = latest.into_values().collect();
    incoming.sort_by(|a, b| (kind_order(&a.kind), &a.key).cmp(&(kind_order(&b.kind), &b.key)));

    let local_rows = store.shared_rows()?;
    let local: HashMap<RowKey, &LocalRow> = local_rows
        .iter()
        .map(|r| ((r.kind.to_owned(), r.key.clone()), r))
        .collect();
    let bases = store.hub_bases()?;
    let existing: HashMap<RowKey, HubConflict> = store
        .hub_conflicts()?
        .into_iter()
        .map(|c| ((c.theirs.kind.clone(), c.theirs.key.clone()), c))
        .collect();
    let local_hash = |k: &RowKey| local.get(k).map_or_else(String::new, |r| r.hash.clone());
    let base_hash = |k: &RowKey| bases.get(k).map_or_else(String::new, |(_, h)| h.clone());
    let dirty = |k: &RowKey| local_hash(k) != base_hash(k);

    let now = now_timestamp();
    let mut record = HubRecord::default();
    // Rows to take in, by key, and conflicts found (kind:key of the conflict → rows).
    let mut puts: HashMap<RowKey, HubRow> = HashMap::new();
    let mut conflicts: HashMap<RowKey, HubConflict> = HashMap::new();
    let conflict = |r: &HubRow, group: &str, reason: &str| HubConflict {
        theirs: r.state(),
        conflict: group.to_owned(),
        seq: r.seq,
        reason: reason.to_owned(),
        found_at: now.clone(),
    };
    for r in incoming {
        let k = (r.kind.clone(), r.key.clone());
        let theirs = r.hash();
        if local_hash(&k) == theirs {
            record.bases.push(r.base(theirs));
            if existing.contains_key(&k) {
                record.settled.push(k);
            }
        } else if let Some(old) = existing.get(&k) {
            conflicts.insert(k, conflict(&r, &old.conflict, &old.reason));
        } else if theirs == base_hash(&k) {
            // The version this copy already based its change on (its own change set, read
            // back): nothing changed on the hub; this copy's version goes up as it is.
            record.bases.push(r.base(theirs));
        } else if dirty(&k) {
            let reason = match (local.contains_key(&k), r.content.is_some()) {
                (true, true) => "changed here and on the hub",
                (true, false) => "changed here, deleted on the hub",
                (false, true) => "deleted here, changed on the hub",
                (false, false) => "deleted on both sides",
            };
            conflicts.insert(k, conflict(&r, &ref_of(&r.kind, &r.key), reason));
        } else {
            puts.insert(k, r);
        }
    }

    // Rows that refer to each row here (what a deletion takes with it).
    let mut referrers: HashMap<String, Vec<RowKey>> = HashMap::new();
    for row in &local_rows {
        for target in &row.refs {
            referrers
                .entry(target.clone())
                .or_default()
                .push((row.kind.to_owned(), row.key.clone()));
        }
    }
    // A deletion from the hub that would take with it rows changed here, or rows held in a
    // conflict (whose hub version may have moved away from it), is a conflict. Checked again
    // whenever rows leave the set taken in.
    let hold_deletions = |puts: &mut HashMap<RowKey, HubRow>,
                          conflicts: &mut HashMap<RowKey, HubConflict>| loop {
        let deletions: Vec<RowKey> = puts
            .iter()
            .filter(|(_, r)| r.content.is_none())
            .map(|(k, _)| k.clone())
            .collect();
        let mut held = false;
        for k in deletions {
            let mut stack = vec![ref_of(&k.0, &k.1)];
            let mut seen: HashSet<String> = HashSet::new();
            let mut takes_changed = false;
            while let Some(target) = stack.pop() {
                for child in referrers.get(&target).into_iter().flatten() {
                    let child_ref = ref_of(&child.0, &child.1);
                    if !seen.insert(child_ref.clone()) {
                        continue;
                    }
                    let deleted_there = puts.get(child).is_some_and(|r| r.content.is_none());
                    if (dirty(child) || conflicts.contains_key(child)) && !deleted_there {
                        takes_changed = true;
                    }
                    stack.push(child_ref);
                }
            }
            if takes_changed && let Some(r) = puts.remove(&k) {
                let c = conflict(
                    &r,
                    &ref_of(&r.kind, &r.key),
                    "deleted on the hub; used or changed here since",
                );
                conflicts.insert(k, c);
                held = true;
            }
        }
        if !held {
            break;
        }
    };
    hold_deletions(&mut puts, &mut conflicts);

    // A row taken in must find what it refers to here. One that refers to a row this copy
    // deleted (or holds in a conflict) joins that row's conflict, with the hub's version of it.
    loop {
        let present = |target: &str, puts: &HashMap<RowKey, HubRow>| -> bool {
            let Some((kind, key)) = target.split_once(':') else {
                return false;
            };
            let k = (kind.to_owned(), key.to_owned());
            match puts.get(&k) {
                Some(r) => r.content.is_some(),
                None => local.contains_key(&k) && !conflicts.contains_key(&k),
            }
        };
        let mut missing: Vec<(RowKey, String)> = Vec::new();
        for (k, r) in &puts {
            let Some(content) = &r.content else { continue };
            for target in refs_of(&r.kind, &r.key, content) {
                if !present(&target, &puts) {
                    missing.push((k.clone(), target));
                    break;
                }
            }
        }
        if missing.is_empty() {
            break;
        }
        let unknown: Vec<String> = missing
            .iter()
            .map(|(_, t)| t.clone())
            .filter(|t| {
                t.split_once(':').is_some_and(|(kind, key)| {
                    !conflicts.contains_key(&(kind.to_owned(), key.to_owned()))
                })
            })
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        for r in hub.fetch_refs(id, &unknown)? {
            let k = (r.kind.clone(), r.key.clone());
            let group = ref_of(&r.kind, &r.key);
            conflicts.entry(k).or_insert_with(|| {
                conflict(
                    &r,
                    &group,
                    "deleted here; the hub has rows that refer to it",
                )
            });
        }
        for (k, target) in missing {
            let Some(r) = puts.remove(&k) else { continue };
            let target_key = target
                .split_once(':')
                .map(|(kind, key)| (kind.to_owned(), key.to_owned()));
            let group = target_key
                .as_ref()
                .and_then(|t| conflicts.get(t))
                .map_or_else(|| target.clone(), |c| c.conflict.clone());
            let held = target_key.is_some_and(|t| local.contains_key(&t));
            let reason = if held {
                "refers to a row waiting for a decision"
            } else {
                "refers to a row deleted here"
            };
            conflicts.insert(k, conflict(&r, &group, reason));
        }
    }

    // Two copies that each moved a code into the other would make a loop of parents. The
    // hub's moves in such a loop wait as a conflict, with this copy's moves in it (the hub's
    // version of those), so either side's codebook can be kept whole.
    loop {
        let parent_of = |kind: &str, key: &str, content: &str| {
            refs_of(kind, key, content)
                .into_iter()
                .find_map(|r| r.strip_prefix("code:").map(str::to_owned))
        };
        let mut parent: HashMap<&str, Option<String>> = HashMap::new();
        for row in local_rows.iter().filter(|r| r.kind == "code") {
            parent.insert(&row.key, parent_of(row.kind, &row.key, &row.content));
        }
        for (k, r) in puts.iter().filter(|(k, _)| k.0 == "code") {
            match &r.content {
                Some(c) => parent.insert(&k.1, parent_of(&k.0, &k.1, c)),
                None => parent.remove(k.1.as_str()),
            };
        }
        let mut looped: Option<Vec<String>> = None;
        for (k, _) in puts
            .iter()
            .filter(|(k, r)| k.0 == "code" && r.content.is_some())
        {
            let mut path: Vec<&str> = vec![&k.1];
            let mut at: &str = &k.1;
            while let Some(Some(up)) = parent.get(at) {
                if let Some(i) = path.iter().position(|p| *p == up.as_str()) {
                    looped = Some(path[i..].iter().map(|p| (*p).to_owned()).collect());
                    break;
                }
                path.push(up);
                at = up;
            }
            if looped.is_some() {
                break;
            }
        }
        let Some(mut members) = looped else { break };
        members.sort();
        let reason = "moved here and on the hub into each other";
        let group = ref_of("code", &members[0]);
        let mut mine = Vec::new();
        let waiting = puts.len();
        for key in members {
            let k = ("code".to_owned(), key);
            if let Some(r) = puts.remove(&k) {
                conflicts.insert(k, conflict(&r, &group, reason));
            } else if dirty(&k) && !conflicts.contains_key(&k) {
                mine.push(ref_of(&k.0, &k.1));
            }
        }
        for r in hub.fetch_refs(id, &mine)? {
            let k = (r.kind.clone(), r.key.clone());
            conflicts
                .entry(k)
                .or_insert_with(|| conflict(&r, &group, reason));
        }
        if puts.len() == waiting {
            // A loop without a row from the hub was here before; the store refuses to keep it.
            break;
        }
    }
    hold_deletions(&mut puts, &mut conflicts);

    // Taking the hub's version of a conflict must find what it refers to: rows this copy
    // deleted (since the conflict was found, too) join the conflict with the hub's versions.
    let settled: HashSet<RowKey> = record.settled.iter().cloned().collect();
    for (k, c) in &existing {
        if !settled.contains(k) && !conflicts.contains_key(k) {
            conflicts.insert(k.clone(), c.clone());
        }
    }
    // The hub's versions in conflicts are read again, all at once, so they agree with each
    // other (one may have been read syncs ago).
    if !conflicts.is_empty() {
        let all: Vec<String> = conflicts.keys().map(|k| ref_of(&k.0, &k.1)).collect();
        for r in hub.fetch_refs(id, &all)? {
            let k = (r.kind.clone(), r.key.clone());
            let theirs = r.hash();
            if local_hash(&k) == theirs {
                conflicts.remove(&k);
                record.settled.push(k.clone());
                record.bases.push(r.base(theirs));
            } else if let Some(c) = conflicts.get_mut(&k) {
                c.seq = r.seq;
                c.theirs.content = r.content;
            }
        }
    }
    loop {
        let mut needed: HashMap<String, String> = HashMap::new();
        for c in conflicts.values() {
            let Some(content) = &c.theirs.content else {
                continue;
            };
            for target in refs_of(&c.theirs.kind, &c.theirs.key, content) {
                let Some((kind, key)) = target.split_once(':') else {
                    continue;
                };
                let k = (kind.to_owned(), key.to_owned());
                let here = match puts.get(&k) {
                    Some(r) => r.content.is_some(),
                    None => local.contains_key(&k),
                };
                if !here && !conflicts.contains_key(&k) {
                    needed.entry(target).or_insert_with(|| c.conflict.clone());
                }
            }
        }
        if needed.is_empty() {
            break;
        }
        let wanted: Vec<String> = needed.keys().cloned().collect();
        let found = hub.fetch_refs(id, &wanted)?;
        if found.is_empty() {
            break;
        }
        for r in found {
            let k = (r.kind.clone(), r.key.clone());
            let group = needed
                .get(&ref_of(&r.kind, &r.key))
                .cloned()
                .unwrap_or_else(|| ref_of(&r.kind, &r.key));
            puts.remove(&k);
            conflicts.insert(
                k,
                conflict(
                    &r,
                    &group,
                    "deleted here; the hub's version in a conflict refers to it",
                ),
            );
        }
    }

    hold_deletions(&mut puts, &mut conflicts);
    merge_linked_conflicts(&mut conflicts, &local);

    record.bases.extend(puts.values().map(|r| r.base(r.hash())));
    record.conflicts = conflicts.into_values().collect();
    record.conflicts.sort_by(|a, b| {
        (&a.conflict, &a.theirs.kind, &a.theirs.key).cmp(&(
            &b.conflict,
            &b.theirs.kind,
            &b.theirs.key,
        ))
    });
    let mut puts: Vec<RowState> = puts.values().map(HubRow::state).collect();
    puts.sort_by(|a, b| (kind_order(&a.kind), &a.key).cmp(&(kind_order(&b.kind), &b.key)));
    Ok(PullPlan { puts, record })
}

/// Conflicts whose rows refer to each other (the hub's version or this copy's) become one,
/// resolved together: taking the hub's version of one must find the rows it refers to.
fn merge_linked_conflicts(
    conflicts: &mut HashMap<RowKey, HubConflict>,
    local: &HashMap<RowKey, &LocalRow>,
) {
    fn find(parent: &mut HashMap<String, String>, g: &str) -> String {
        let mut root = g.to_owned();
        while let Some(p) = parent.get(&root).filter(|p| **p != root) {
            root = p.clone();
        }
        parent.insert(g.to_owned(), root.clone());
        root
    }
    let mut parent: HashMap<String, String> = HashMap::new();
    let group_of: HashMap<String, String> = conflicts
        .iter()
        .map(|(k, c)| (ref_of(&k.0, &k.1), c.conflict.clone()))
        .collect();
    for (k, c) in conflicts.iter() {
        let mut targets = c
            .theirs
            .content
            .as_deref()
            .map(|content| refs_of(&k.0, &k.1, content))
            .unwrap_or_default();
        if let Some(mine) = local.get(k) {
            targets.extend(mine.refs.iter().cloned());
        }
        for t in targets {
            if let Some(other) = group_of.get(&t) {
                let (a, b) = (find(&mut parent, &c.conflict), find(&mut parent, other));
                if a != b {
                    let (low, high) = if a < b { (a, b) } else { (b, a) };
                    parent.insert(high, low);
                }
            }
        }
    }
    for c in conflicts.values_mut() {
        c.conflict = find(&mut parent, &c.conflict);
    }
}

/// The rows a row's content (and key) refers to, as `kind:key`.
fn refs_of(kind: &str, key: &str, content: &str) -> Vec<String> {
    crate::store::sync::refs_of(kind, key, content)
}

/// Connects to the hub a working copy syncs with.
pub fn connect_for(store: &Store) -> Result<Hub, HubError> {
    let link = linked(store)?;
    Hub::connect(&HubAddress::parse(&link.url)?)
}
