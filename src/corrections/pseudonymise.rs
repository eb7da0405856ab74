//! Pseudonymisation: a preview of every occurrence of a name (per document, memo, coding memo
//! and unplaced coding, with the forms found) and the one edit that replaces them all and adds
//! the name to the project's list of pseudonyms.

use std::collections::BTreeMap;

use serde::Serialize;

use super::CorrectionError;
use super::names::NameMatcher;
use crate::domain::{
    CodingId, CorrectionKind, DocumentId, Edit, MemoId, MemoTarget, TextChange, TextEdit,
    UnplacedId,
};
use crate::store::Store;

/// What to pseudonymise.
#[derive(Debug, Clone, Default)]
pub struct PseudonymOptions {
    /// The documents whose text changes; empty means every document.
    pub documents: Vec<DocumentId>,
    /// Leave memos (journal, document, code and coding memos) alone.
    pub no_memos: bool,
    /// Match the name exactly as written, without grammatical endings.
    pub exact: bool,
    /// Forms to leave alone (another person's name, a common word).
    pub except: Vec<String>,
}

/// Occurrences in one document.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DocumentHits {
    /// The document.
    pub id: DocumentId,
    /// Its name.
    pub name: String,
    /// How many occurrences.
    pub count: usize,
    /// Each form found, with its count.
    pub forms: BTreeMap<String, usize>,
}

/// Where a memo with occurrences is.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum MemoPlace {
    /// A memo (journal, document, code or coding memo).
    Memo {
        /// The memo.
        id: MemoId,
        /// Its title.
        title: String,
        /// What it is attached to: "journal", "document", "code", "coding".
        attached_to: &'static str,
    },
    /// The short note on a coding.
    Coding {
        /// The coding.
        id: CodingId,
    },
    /// An unplaced coding's quote, note or memos.
    Unplaced {
        /// The unplaced coding.
        id: UnplacedId,
    },
}

/// Occurrences in one memo.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MemoHits {
    /// Which memo.
    pub place: MemoPlace,
    /// How many occurrences.
    pub count: usize,
}

/// The preview of a pseudonymisation, and the edit that carries it out.
#[derive(Debug, Clone)]
pub struct PseudonymPlan {
    /// The real name.
    pub name: String,
    /// Its pseudonym.
    pub pseudonym: String,
    /// Documents with occurrences, in list order.
    pub documents: Vec<DocumentHits>,
    /// Memos, coding notes and unplaced codings with occurrences.
    pub memos: Vec<MemoHits>,
    edits: Vec<Edit>,
}

impl PseudonymPlan {
    /// Occurrences in all.
    pub fn total(&self) -> usize {
        self.documents.iter().map(|d| d.count).sum::<usize>()
            + self.memos.iter().map(|m| m.count).sum::<usize>()
    }

    /// The one undoable edit: the name joins the list of pseudonyms (if new), then every
    /// document, memo and note is changed.
    pub fn edit(&self) -> Edit {
        Edit::Batch(self.edits.clone())
    }
}

/// Finds every occurrence of `name` and prepares its replacement by `pseudonym`, signed by
/// `coder`. Refused if the name already has another pseudonym, or the pseudonym belongs to
/// another name.
pub fn plan(
    store: &Store,
    name: &str,
    pseudonym: &str,
    options: &PseudonymOptions,
    coder: &str,
) -> Result<PseudonymPlan, CorrectionError> {
    let (name, pseudonym) = (name.trim(), pseudonym.trim());
    if name.is_empty() || pseudonym.is_empty() {
        return Err(CorrectionError::Invalid(
            "give the name and the pseudonym that replaces it".into(),
        ));
    }
    for entry in store.pseudonyms()? {
        if entry.name == name && entry.pseudonym != pseudonym {
            return Err(CorrectionError::Invalid(format!(
                "“{name}” already has the pseudonym “{}”; the same name always gets the same pseudonym",
                entry.pseudonym
            )));
        }
        if entry.pseudonym == pseudonym && entry.name != name {
            return Err(CorrectionError::Invalid(format!(
                "“{pseudonym}” is already the pseudonym of “{}”; choose another so the two stay apart",
                entry.name
            )));
        }
    }
    let matcher = NameMatcher::new(name, pseudonym, options.exact).except(&options.except);
    let mut edits = vec![Edit::AddPseudonym {
        name: name.to_owned(),
        pseudonym: pseudonym.to_owned(),
        coder: coder.to_owned(),
        created_at: None,
    }];
    let ids: Vec<DocumentId> = if options.documents.is_empty() {
        store.document_summaries()?.iter().map(|d| d.id).collect()
    } else {
        options.documents.clone()
    };
    let mut documents = Vec::new();
    for doc in store.document_texts(&ids)? {
        let found = matcher.find(&doc.text);
        if found.is_empty() {
            continue;
        }
        let mut forms = BTreeMap::new();
        for o in &found {
            *forms.entry(o.form.clone()).or_insert(0) += 1;
        }
        documents.push(DocumentHits {
            id: doc.id,
            name: doc.name.clone(),
            count: found.len(),
            forms,
        });
        let changes = found
            .into_iter()
            .map(|o| TextChange::new(o.range, o.replacement))
            .collect();
        edits.push(Edit::ChangeText(Box::new(TextEdit::new(
            doc.id,
            changes,
            CorrectionKind::Pseudonymise,
            coder,
        ))));
    }
    let mut memos = Vec::new();
    if !options.no_memos {
        for memo in store.memos()? {
            let (title, in_title) = matcher.replace_in(&memo.title);
            let (body, in_body) = matcher.replace_in(&memo.body);
            if in_title + in_body == 0 {
                continue;
            }
            let attached_to = match memo.target {
                MemoTarget::Project => "journal",
                MemoTarget::Document(_) => "document",
                MemoTarget::Code(_) => "code",
                MemoTarget::Coding(_) => "coding",
            };
            memos.push(MemoHits {
                place: MemoPlace::Memo {
                    id: memo.id,
                    title: memo.title.clone(),
                    attached_to,
                },
                count: in_title + in_body,
            });
            edits.push(Edit::EditMemo {
                id: memo.id,
                title,
                body,
                modified_at: None,
            });
        }
        for coding in store.all_codings()? {
            let (memo, count) = matcher.replace_in(&coding.memo);
            if count > 0 {
                memos.push(MemoHits {
                    place: MemoPlace::Coding { id: coding.id },
                    count,
                });
                edits.push(Edit::SetCodingMemo {
                    id: coding.id,
                    memo,
                });
            }
        }
    }
    for mut unplaced in store.unplaced_codings(None)? {
        if !options.documents.is_empty() && !options.documents.contains(&unplaced.coding.document) {
            continue;
        }
        let (text, mut count) = matcher.replace_in(&unplaced.coding.text);
        unplaced.coding.text = text;
        if !options.no_memos {
            let (memo, n) = matcher.replace_in(&unplaced.coding.memo);
            unplaced.coding.memo = memo;
            count += n;
            for m in &mut unplaced.memos {
                let (title, a) = matcher.replace_in(&m.title);
                let (body, b) = matcher.replace_in(&m.body);
                (m.title, m.body) = (title, body);
                count += a + b;
            }
        }
        if count > 0 {
            memos.push(MemoHits {
                place: MemoPlace::Unplaced { id: unplaced.id },
                count,
            });
            edits.push(Edit::PutUnplaced(Box::new(unplaced)));
        }
    }
    Ok(PseudonymPlan {
        name: name.to_owned(),
        pseudonym: pseudonym.to_owned(),
        documents,
        memos,
        edits,
    })
}

/// The list of pseudonyms as CSV (`name,pseudonym,added_by,added_at`), UTF-8 with a header.
pub fn pseudonyms_csv(store: &Store) -> Result<String, CorrectionError> {
    let coders: BTreeMap<_, _> = store
        .coders()?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let mut out = csv::Writer::from_writer(Vec::new());
    let csv_error = |e: csv::Error| CorrectionError::Invalid(format!("cannot write CSV ({e})"));
    out.write_record(["name", "pseudonym", "added_by", "added_at"])
        .map_err(csv_error)?;
    for p in store.pseudonyms()? {
        let coder = coders.get(&p.coder).cloned().unwrap_or_default();
        out.write_record([&p.name, &p.pseudonym, &coder, &p.created_at])
            .map_err(csv_error)?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| CorrectionError::Invalid(format!("cannot write CSV ({e})")))?;
    String::from_utf8(bytes)
        .map_err(|e| CorrectionError::Invalid(format!("cannot write CSV ({e})")))
}
