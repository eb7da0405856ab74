//! Matching what an [`Exchange`] holds against an open project, and the one edit that brings in
//! the rest: coders by GUID then name, documents by GUID then identical text, codes by GUID
//! then path, codings and memos by GUID (and codings also by code and place). Nothing already in
//! the project is changed.

use std::collections::{HashMap, HashSet};

use sha2::{Digest, Sha256};

use crate::domain::{
    Edit, PALETTE, RowCode, RowCoder, RowCoding, RowDocument, RowMemo, RowSet, RowTarget, TextRange,
};
use crate::project::Project;

use super::ExchangeError;
use super::read::Exchange;
use super::report::Report;

/// What importing an [`Exchange`] into a project would do: the rows to insert and the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The rows to insert, as one [`Edit::InsertRows`].
    pub rows: RowSet,
    /// The exchange's report with what carried over and what was already there.
    pub report: Report,
}

fn text_hash(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// Matches `exchange` against `project` (read only) and builds the rows to insert.
pub fn plan(project: &Project, exchange: &Exchange) -> Result<Plan, ExchangeError> {
    let store = project.store();
    let now = crate::store::now_timestamp();
    let mut report = exchange.report.clone();
    let mut rows = RowSet::default();

    // Coders: by GUID, then by name.
    let existing_coders = store.coders()?;
    let mut coder_guid: HashMap<&str, String> = HashMap::new();
    let me = existing_coders
        .iter()
        .find(|c| c.name == project.coder())
        .map(|c| c.guid.clone());
    // The importing coder stands in for rows the file names no creator of; registered only
    // if some row needs it.
    let me_is_new = me.is_none();
    let me = me.unwrap_or_else(crate::store::new_guid);
    let me_used = std::cell::Cell::new(false);
    for coder in &exchange.coders {
        if let Some(c) = existing_coders
            .iter()
            .find(|c| c.guid == coder.guid)
            .or_else(|| existing_coders.iter().find(|c| c.name == coder.name))
        {
            coder_guid.insert(&coder.guid, c.guid.clone());
            report.matched.coders += 1;
        } else if let Some(c) = rows.coders.iter().find(|c| c.name == coder.name) {
            coder_guid.insert(&coder.guid, c.guid.clone());
        } else {
            coder_guid.insert(&coder.guid, coder.guid.clone());
            rows.coders.push(coder.clone());
        }
    }
    let coder_of = |guid: &Option<String>| -> String {
        guid.as_deref()
            .and_then(|g| coder_guid.get(g).cloned())
            .unwrap_or_else(|| {
                me_used.set(true);
                me.clone()
            })
    };

    // Codes: by GUID, then by path (parent and name).
    let existing_codes = store.codes()?;
    let mut by_place: HashMap<(Option<String>, String), String> = HashMap::new();
    let mut existing_code_guids: HashMap<String, crate::domain::CodeId> = HashMap::new();
    {
        let guid_of: HashMap<crate::domain::CodeId, &str> = existing_codes
            .iter()
            .map(|c| (c.id, c.guid.as_str()))
            .collect();
        for code in &existing_codes {
            let parent = code
                .parent
                .and_then(|p| guid_of.get(&p))
                .map(|g| (*g).to_owned());
            by_place.insert((parent, code.name.clone()), code.guid.clone());
            existing_code_guids.insert(code.guid.clone(), code.id);
        }
    }
    let mut code_guid: HashMap<&str, String> = HashMap::new();
    let mut palette = existing_codes.len();
    for code in &exchange.codes {
        let parent = code
            .parent
            .as_deref()
            .and_then(|p| code_guid.get(p).cloned());
        if existing_code_guids.contains_key(&code.guid) {
            code_guid.insert(&code.guid, code.guid.clone());
            report.matched.codes += 1;
            continue;
        }
        let key = (parent.clone(), code.name.clone());
        if let Some(guid) = by_place.get(&key) {
            code_guid.insert(&code.guid, guid.clone());
            report.matched.codes += 1;
            continue;
        }
        let color = code.color.clone().unwrap_or_else(|| {
            let c = PALETTE[palette % PALETTE.len()].to_owned();
            palette += 1;
            c
        });
        by_place.insert(key, code.guid.clone());
        code_guid.insert(&code.guid, code.guid.clone());
        rows.codes.push(RowCode {
            guid: code.guid.clone(),
            parent,
            name: code.name.clone(),
            color,
            description: code.description.clone(),
            position: i64::MAX,
            created_at: now.clone(),
        });
    }

    // Documents: by GUID when the text is the same, then by identical text.
    let summaries = store.document_summaries()?;
    let mut existing_docs: HashMap<String, (crate::domain::DocumentId, [u8; 32])> = HashMap::new();
    let mut by_text: HashMap<[u8; 32], (crate::domain::DocumentId, String)> = HashMap::new();
    let mut names: HashSet<String> = summaries.iter().map(|d| d.name.clone()).collect();
    for summary in &summaries {
        let doc = store.document(summary.id)?;
        let hash = text_hash(&doc.text);
        existing_docs.insert(doc.guid.clone(), (doc.id, hash));
        by_text.entry(hash).or_insert((doc.id, doc.guid));
    }
    let code_guid_by_id: HashMap<crate::domain::CodeId, &str> = existing_codes
        .iter()
        .map(|c| (c.id, c.guid.as_str()))
        .collect();
    let existing_coding_guids: HashSet<String> =
        store.coding_guids()?.into_iter().map(|(_, g)| g).collect();
    let existing_memo_guids: HashSet<String> = store.memos()?.into_iter().map(|m| m.guid).collect();
    let mut coding_guid: HashMap<&str, String> = HashMap::new();
    let mut doc_guid: HashMap<&str, String> = HashMap::new();
    for doc in &exchange.documents {
        let hash = text_hash(&doc.text);
        let matched = match existing_docs.get(&doc.guid) {
            Some((id, h)) if *h == hash => Some((*id, doc.guid.clone())),
            Some(_) => None,
            None => by_text.get(&hash).map(|(id, g)| (*id, g.clone())),
        };
        let (target_guid, existing_spans) = if let Some((id, guid)) = matched {
            report.matched.documents += 1;
            // Codings already there (same code, same place) are not added again.
            let spans: HashMap<(String, TextRange), String> = store
                .codings_in_document(id)?
                .into_iter()
                .filter_map(|c| {
                    code_guid_by_id
                        .get(&c.code)
                        .map(|k| (((*k).to_owned(), c.range), c.guid))
                })
                .collect();
            (guid, spans)
        } else {
            let mut guid = doc.guid.clone();
            if existing_docs.contains_key(&guid) {
                guid = crate::store::new_guid();
                report.change(
                    "documents whose GUID is in the project with another text",
                    1,
                    "they came in as new documents with a new GUID",
                    Some(&doc.name),
                );
            }
            let mut name = doc.name.clone();
            let mut n = 2;
            while names.contains(&name) {
                name = format!("{} ({n})", doc.name);
                n += 1;
            }
            if n > 2 {
                report.change(
                    "documents named like one in the project",
                    1,
                    "a number was added to the name",
                    Some(&name),
                );
            }
            names.insert(name.clone());
            rows.documents.push(RowDocument {
                guid: guid.clone(),
                name,
                text: doc.text.clone(),
                original_name: doc.original_name.clone(),
                format: doc.format.clone(),
                encoding: "UTF-8".to_owned(),
                imported_at: doc.created_at.clone().unwrap_or_else(|| now.clone()),
                source: doc.source.clone(),
                pages: Vec::new(),
                direction: crate::domain::Direction::Auto,
            });
            (guid, HashMap::new())
        };
        doc_guid.insert(&doc.guid, target_guid.clone());
        for coding in &doc.codings {
            let Some(code) = code_guid.get(coding.code.as_str()).cloned() else {
                continue;
            };
            if existing_coding_guids.contains(&coding.guid) {
                coding_guid.insert(&coding.guid, coding.guid.clone());
                report.matched.codings += 1;
                continue;
            }
            if let Some(existing) = existing_spans.get(&(code.clone(), coding.range)) {
                coding_guid.insert(&coding.guid, existing.clone());
                report.matched.codings += 1;
                continue;
            }
            coding_guid.insert(&coding.guid, coding.guid.clone());
            rows.codings.push(RowCoding {
                guid: coding.guid.clone(),
                document: target_guid.clone(),
                code,
                range: coding.range,
                coder: coder_of(&coding.created_by),
                created_at: coding.created_at.clone().unwrap_or_else(|| now.clone()),
                memo: coding.memo.clone(),
            });
        }
    }

    for memo in &exchange.memos {
        if existing_memo_guids.contains(&memo.guid) {
            report.matched.memos += 1;
            continue;
        }
        let target = match &memo.target {
            RowTarget::Project => Some(RowTarget::Project),
            RowTarget::Document(g) => doc_guid.get(g.as_str()).cloned().map(RowTarget::Document),
            RowTarget::Code(g) => code_guid.get(g.as_str()).cloned().map(RowTarget::Code),
            RowTarget::Coding(g) => coding_guid.get(g.as_str()).cloned().map(RowTarget::Coding),
        };
        let Some(target) = target else {
            report.lose(
                "memos of things that did not come over",
                1,
                "what they were attached to was not imported",
                Some(&memo.title),
            );
            continue;
        };
        let created_at = memo.created_at.clone().unwrap_or_else(|| now.clone());
        rows.memos.push(RowMemo {
            guid: memo.guid.clone(),
            target,
            title: memo.title.clone(),
            body: memo.body.clone(),
            coder: coder_of(&memo.created_by),
            modified_at: memo
                .modified_at
                .clone()
                .unwrap_or_else(|| created_at.clone()),
            created_at,
        });
    }

    if me_is_new && me_used.get() {
        rows.coders.push(RowCoder {
            guid: me.clone(),
            name: project.coder().to_owned(),
        });
    }
    report.carried.coders = rows.coders.len();
    report.carried.documents = rows.documents.len();
    report.carried.codes = rows.codes.len();
    report.carried.codings = rows.codings.len();
    report.carried.memos = rows.memos.len();
    Ok(Plan { rows, report })
}

/// Imports `exchange` into `project` as one undoable step; returns the report.
pub fn import_into(project: &mut Project, exchange: &Exchange) -> Result<Report, ExchangeError> {
    let Plan { rows, report } = plan(project, exchange)?;
    if !rows.is_empty() {
        project.execute(Edit::InsertRows(Box::new(rows)))?;
    }
    Ok(report)
}
