//! Merging a colleague's copy of a project into this one (File ▸ Merge another project…,
//! `tamga merge`). The other project is read (read-only) into the same [`Exchange`] a REFI-QDA
//! file gives, so matching is the import's: coders by GUID then name, codes by GUID then path,
//! documents by GUID with the same text then by identical text, codings and memos by GUID (and
//! codings also by code and place). What is new arrives as one [`Edit::InsertRows`] with its
//! original GUIDs, coders and times, so merging the same copy twice adds nothing.
//!
//! A coding or memo whose GUID is in both projects but which differs (another place, code or
//! memo text) is a **conflict**: this project's version is kept, the other is listed in the
//! report, never written over. Attributes and cases do not travel yet and are counted as left
//! out.

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::path::Path;

use serde::Serialize;

use super::read::{ExCode, ExCoding, ExDocument, ExMemo, Exchange};
use super::report::{Direction, Item, Report};
use super::{ExchangeError, Plan, collect, plan};
use crate::domain::{Edit, MemoTarget, RowCoder, RowSet, RowTarget};
use crate::project::Project;

/// A coding or memo that differs between the two projects: this project's version is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// `coding` or `memo`.
    pub kind: &'static str,
    /// Its GUID (the same in both projects).
    pub guid: String,
    /// What differs, in words: "here: “…” at 10..42 (code A); there: “…” at 12..42 (code A)".
    pub detail: String,
}

/// What a merge adds, finds already here, and cannot take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergeReport {
    /// The other project's name.
    pub other: String,
    /// The import-style report: rows added (`carried`), already here (`matched`), left out
    /// (`lost`) and changed on the way (`changed`).
    pub rows: Report,
    /// Codings and memos that differ between the projects (this project's kept).
    pub conflicts: Vec<Conflict>,
}

impl MergeReport {
    /// Whether merging would add nothing (the copy was merged before, or holds nothing new).
    pub fn adds_nothing(&self) -> bool {
        let c = &self.rows.carried;
        c.documents + c.codes + c.codings + c.memos + c.coders == 0
    }
}

fn phrase(counts: &super::report::Counts) -> String {
    [
        (counts.documents, "document", "documents"),
        (counts.codes, "code", "codes"),
        (counts.codings, "coding", "codings"),
        (counts.memos, "memo", "memos"),
        (counts.coders, "coder", "coders"),
    ]
    .into_iter()
    .map(|(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
    .collect::<Vec<_>>()
    .join(", ")
}

fn items(f: &mut String, title: &str, list: &[Item]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(f, "{title}");
    for item in list {
        let _ = write!(f, "  - {} {}: {}", item.count, item.what, item.why);
        if !item.examples.is_empty() {
            let _ = write!(f, " (e.g. {})", item.examples.join("; "));
        }
        let _ = writeln!(f);
    }
}

impl fmt::Display for MergeReport {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut f = String::new();
        let _ = writeln!(
            f,
            "From “{}”: adds {}.",
            self.other,
            phrase(&self.rows.carried)
        );
        let _ = writeln!(
            f,
            "Already here and left as they are: {}.",
            phrase(&self.rows.matched)
        );
        if self.conflicts.is_empty() {
            let _ = writeln!(f, "No conflicts.");
        } else {
            let _ = writeln!(
                f,
                "{} in conflict (the same coding or memo changed differently; this project's version is kept):",
                self.conflicts.len()
            );
            for c in &self.conflicts {
                let _ = writeln!(f, "  - {} {}: {}", c.kind, c.guid, c.detail);
            }
        }
        items(&mut f, "Not carried over:", &self.rows.lost);
        items(&mut f, "Changed on the way:", &self.rows.changed);
        out.write_str(f.trim_end())
    }
}

/// The other project as an [`Exchange`], codes parents first.
fn exchange_of(other: &super::ProjectRows) -> Exchange {
    let coder_guid: HashMap<_, _> = other
        .coders
        .iter()
        .map(|c| (c.id, c.guid.clone()))
        .collect();
    let code_guid: HashMap<_, _> = other.codes.iter().map(|c| (c.id, c.guid.clone())).collect();
    let document_guid: HashMap<_, _> = other
        .documents
        .iter()
        .map(|d| (d.id, d.guid.clone()))
        .collect();
    let coding_guid: HashMap<_, _> = other
        .codings
        .iter()
        .map(|c| (c.id, c.guid.clone()))
        .collect();

    // Parents before children: breadth first from the top-level codes.
    let mut codes = Vec::with_capacity(other.codes.len());
    let mut level: Vec<Option<crate::domain::CodeId>> = vec![None];
    while !level.is_empty() {
        let mut next = Vec::new();
        for parent in level {
            let mut children: Vec<&crate::domain::Code> =
                other.codes.iter().filter(|c| c.parent == parent).collect();
            children.sort_by_key(|c| c.position);
            for c in children {
                codes.push(ExCode {
                    guid: c.guid.clone(),
                    parent: c.parent.and_then(|p| code_guid.get(&p).cloned()),
                    name: c.name.clone(),
                    color: Some(c.color.clone()),
                    description: c.description.clone(),
                });
                next.push(Some(c.id));
            }
        }
        level = next;
    }

    let mut codings_of: HashMap<crate::domain::DocumentId, Vec<ExCoding>> = HashMap::new();
    for c in &other.codings {
        let Some(code) = code_guid.get(&c.code) else {
            continue;
        };
        codings_of.entry(c.document).or_default().push(ExCoding {
            guid: c.guid.clone(),
            code: code.clone(),
            range: c.range,
            created_by: coder_guid.get(&c.coder).cloned(),
            created_at: Some(c.created_at.clone()),
            memo: c.memo.clone(),
        });
    }
    let documents = other
        .documents
        .iter()
        .map(|d| ExDocument {
            guid: d.guid.clone(),
            name: d.name.clone(),
            text: d.text.clone(),
            original_name: d.original_name.clone(),
            format: d.format.clone(),
            source: d.source.clone(),
            created_at: Some(d.imported_at.clone()),
            codings: codings_of.remove(&d.id).unwrap_or_default(),
        })
        .collect();
    let memos = other
        .memos
        .iter()
        .filter_map(|m| {
            let target = match m.target {
                MemoTarget::Project => RowTarget::Project,
                MemoTarget::Document(id) => RowTarget::Document(document_guid.get(&id)?.clone()),
                MemoTarget::Code(id) => RowTarget::Code(code_guid.get(&id)?.clone()),
                MemoTarget::Coding(id) => RowTarget::Coding(coding_guid.get(&id)?.clone()),
            };
            Some(ExMemo {
                guid: m.guid.clone(),
                target,
                title: m.title.clone(),
                body: m.body.clone(),
                created_by: coder_guid.get(&m.coder).cloned(),
                created_at: Some(m.created_at.clone()),
                modified_at: Some(m.modified_at.clone()),
            })
        })
        .collect();
    Exchange {
        codebook_only: false,
        name: other.name.clone(),
        coders: other
            .coders
            .iter()
            .map(|c| RowCoder {
                guid: c.guid.clone(),
                name: c.name.clone(),
            })
            .collect(),
        codes,
        documents,
        memos,
        report: Report::new(Direction::Import, "tamga"),
    }
}

fn quote(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 40 {
        format!("“{}…”", flat.chars().take(39).collect::<String>())
    } else {
        format!("“{flat}”")
    }
}

/// Plans merging the project at `other_path` (opened read-only) into `project`: the rows to
/// add as one edit, and the report with its conflicts. Reads both, changes neither.
pub fn plan_merge(
    project: &Project,
    other_path: &Path,
) -> Result<(RowSet, MergeReport), ExchangeError> {
    let other = Project::open_read_only(other_path)?;
    let same_file = match (
        std::fs::canonicalize(other_path),
        std::fs::canonicalize(project.store().path()),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same_file {
        return Err(ExchangeError::Damaged(
            "a project cannot be merged into itself".to_owned(),
        ));
    }
    let rows = collect(other.store())?;
    let exchange = exchange_of(&rows);
    let Plan {
        rows: mut set,
        report: mut import_report,
    } = plan(project, &exchange)?;
    import_report.project.clone_from(&rows.name);

    // What the import cannot know from a REFI-QDA file, a Tamga project has: keep it.
    let by_guid: HashMap<&str, &crate::domain::Code> =
        rows.codes.iter().map(|c| (c.guid.as_str(), c)).collect();
    for code in &mut set.codes {
        if let Some(original) = by_guid.get(code.guid.as_str()) {
            code.created_at.clone_from(&original.created_at);
        }
    }
    let docs: HashMap<&str, &crate::domain::Document> = rows
        .documents
        .iter()
        .map(|d| (d.guid.as_str(), d))
        .collect();
    for doc in &mut set.documents {
        if let Some(original) = docs.get(doc.guid.as_str()) {
            doc.encoding.clone_from(&original.encoding);
            doc.pages.clone_from(&original.pages);
            doc.direction = original.direction;
        }
    }

    // Conflicts: the same GUID, not the same coding or memo.
    let store = project.store();
    let mut conflicts = Vec::new();
    let here_codes: HashMap<_, _> = store.codes()?.into_iter().map(|c| (c.id, c.guid)).collect();
    let there_code_guid: HashMap<_, _> =
        rows.codes.iter().map(|c| (c.id, c.guid.clone())).collect();
    let here_codings: HashMap<String, crate::domain::Coding> = store
        .all_codings()?
        .into_iter()
        .map(|c| (c.guid.clone(), c))
        .collect();
    for theirs in &rows.codings {
        let Some(ours) = here_codings.get(&theirs.guid) else {
            continue;
        };
        let same_code = here_codes.get(&ours.code) == there_code_guid.get(&theirs.code);
        if ours.range == theirs.range
            && same_code
            && ours.text == theirs.text
            && ours.memo == theirs.memo
        {
            continue;
        }
        let mut differs = Vec::new();
        if ours.range != theirs.range || ours.text != theirs.text {
            differs.push(format!(
                "here {} at {}..{}, there {} at {}..{}",
                quote(&ours.text),
                ours.range.start,
                ours.range.end,
                quote(&theirs.text),
                theirs.range.start,
                theirs.range.end
            ));
        }
        if !same_code {
            differs.push("another code".to_owned());
        }
        if ours.memo != theirs.memo {
            differs.push("another memo".to_owned());
        }
        conflicts.push(Conflict {
            kind: "coding",
            guid: theirs.guid.clone(),
            detail: differs.join("; "),
        });
    }
    let here_memos: HashMap<String, crate::domain::Memo> = store
        .memos()?
        .into_iter()
        .map(|m| (m.guid.clone(), m))
        .collect();
    for theirs in &rows.memos {
        if let Some(ours) = here_memos.get(&theirs.guid)
            && (ours.title != theirs.title || ours.body != theirs.body)
        {
            conflicts.push(Conflict {
                kind: "memo",
                guid: theirs.guid.clone(),
                detail: format!("here {}, there {}", quote(&ours.body), quote(&theirs.body)),
            });
        }
    }
    // A conflicting coding was counted as "already here": it is, in this project's version.
    import_report.matched.codings -= conflicts
        .iter()
        .filter(|c| c.kind == "coding")
        .count()
        .min(import_report.matched.codings);
    import_report.matched.memos -= conflicts
        .iter()
        .filter(|c| c.kind == "memo")
        .count()
        .min(import_report.matched.memos);

    let attributes = other.store().attributes()?.len();
    let cases = other.store().cases()?.len();
    import_report.lose(
        "attributes",
        attributes,
        "attributes and their values are not merged yet; copy them with tamga attributes --csv and --import",
        None,
    );
    import_report.lose(
        "cases",
        cases,
        "cases are not merged yet; create them again here",
        None,
    );
    Ok((
        set,
        MergeReport {
            other: rows.name,
            rows: import_report,
            conflicts,
        },
    ))
}

/// Merges the project at `other_path` into `project` as one undoable step; returns the report.
pub fn merge_into(project: &mut Project, other_path: &Path) -> Result<MergeReport, ExchangeError> {
    let (rows, report) = plan_merge(project, other_path)?;
    if !rows.is_empty() {
        project.execute(Edit::InsertRows(Box::new(rows)))?;
    }
    Ok(report)
}
