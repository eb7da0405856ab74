//! Every memo of a project as a researcher reads them — journal entries, code definitions and
//! notes, document memos, coding memos — each with what it is attached to and who last changed
//! it, when; and the Markdown-ish emphasis (`*italic*`, `**bold**`) memos are written with.
//!
//! Kinds, decided here once:
//! - **journal**: memos attached to nothing, dated and titled, newest first.
//! - **code**: a code's definition card (description, when to use, when not to use, an
//!   example: columns of the code, one card per code) and any memos attached to the code.
//! - **document**: memos attached to a document (who, where, when, the conditions).
//! - **coding**: a coding's own memo (written in the inspector) and any memos attached to the
//!   coding: both are notes on one coded passage, listed as one kind.
//!
//! The window's memo panel, `tamga memos` and the memo export all read [`list`].

use std::collections::HashMap;

use serde::Serialize;

use crate::domain::{
    CodeField, CodeId, CoderId, CodingId, DocumentId, MemoId, MemoTarget, TextRange,
};
use crate::project::Project;
use crate::retrieval::{ExcerptId, shorten_quote};
use crate::store::Result;

/// How many characters of a coded passage a memo's "attached to" quotes.
const QUOTE_CHARS: usize = 60;

/// The kinds of memo, in the order lists and exports show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MemoKind {
    /// The project journal.
    Journal,
    /// On a document.
    Document,
    /// On a code: its definition card and notes.
    Code,
    /// On a coded passage.
    Coding,
}

impl MemoKind {
    /// Every kind, in list order.
    pub const ALL: [MemoKind; 4] = [
        MemoKind::Journal,
        MemoKind::Document,
        MemoKind::Code,
        MemoKind::Coding,
    ];

    /// Its name in the CLI and JSON: `journal`, `document`, `code`, `coding`.
    pub fn name(self) -> &'static str {
        match self {
            MemoKind::Journal => "journal",
            MemoKind::Document => "document",
            MemoKind::Code => "code",
            MemoKind::Coding => "coding",
        }
    }

    /// The kind called `name` (as [`MemoKind::name`] gives it, any case).
    pub fn from_name(name: &str) -> Option<MemoKind> {
        let name = name.to_ascii_lowercase();
        MemoKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// A heading for a group of memos of this kind: "Journal", "Document memos", …
    pub fn heading(self) -> &'static str {
        match self {
            MemoKind::Journal => "Journal",
            MemoKind::Document => "Document memos",
            MemoKind::Code => "Code memos",
            MemoKind::Coding => "Coding memos",
        }
    }

    /// Of which memo target.
    pub fn of(target: MemoTarget) -> MemoKind {
        match target {
            MemoTarget::Project => MemoKind::Journal,
            MemoTarget::Document(_) => MemoKind::Document,
            MemoTarget::Code(_) => MemoKind::Code,
            MemoTarget::Coding(_) => MemoKind::Coding,
        }
    }
}

/// Where a memo's text is kept, and so how it is changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum MemoSource {
    /// A row of the memos table (`Edit::EditMemo`).
    Memo(MemoId),
    /// A code's definition card (`Edit::DefineCode`).
    Card(CodeId),
    /// A coding's own memo (`Edit::SetCodingMemo`).
    CodingMemo(CodingId),
}

/// One memo as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemoEntry {
    /// Its kind.
    pub kind: MemoKind,
    /// Where its text is kept.
    pub source: MemoSource,
    /// Its title (journal entries and other memos may have one; cards and coding memos none).
    pub title: String,
    /// Its text; a card's fields as "Field: text" paragraphs.
    pub text: String,
    /// A card's non-empty fields in card order; empty for other memos.
    pub card: Vec<(CodeField, String)>,
    /// What it is attached to, in words: "the journal", "document “interview 3”", "code
    /// “Belonging/citizenship”", "coding T-3F9A2C7K “quote…” (code, document)".
    pub attached: String,
    /// A short name of what it is on, for a heading when it has no title: the document's
    /// name, the code's path, the coding's excerpt id and quote; empty for the journal.
    pub target_name: String,
    /// For a coding memo, the coding's code path and document, `·`-separated; else empty.
    pub target_context: String,
    /// The document it is on, or the document of the coding it is on.
    pub document: Option<DocumentId>,
    /// The code it is on, or the code of the coding it is on.
    pub code: Option<CodeId>,
    /// The coding it is on.
    pub coding: Option<CodingId>,
    /// The coded passage it is on: character offsets into the document, end exclusive.
    pub range: Option<TextRange>,
    /// The excerpt id of the coding it is on (`T-3F9A2C7K`).
    pub excerpt_id: Option<String>,
    /// Who wrote it (a card: empty).
    pub author: String,
    /// When it was written: RFC 3339 UTC (a card: when the code was made).
    pub created_at: String,
    /// Who changed it last (empty when unknown).
    pub modified_by: String,
    /// When it was changed last: RFC 3339 UTC.
    pub modified_at: String,
}

impl MemoEntry {
    /// A one-line name for lists and headings: its title, else the short name of what it is
    /// on ("Untitled journal entry" for the journal).
    pub fn heading(&self) -> String {
        if !self.title.trim().is_empty() {
            self.title.trim().to_owned()
        } else if !self.target_name.is_empty() {
            self.target_name.clone()
        } else {
            "Untitled journal entry".to_owned()
        }
    }

    /// What it is on, in the words a heading did not already say: "On document “X”" under a
    /// title, the code and document of an untitled coding memo; `None` when the heading says
    /// it all (an untitled document memo, a card, a journal entry).
    pub fn on_line(&self) -> Option<String> {
        if self.kind == MemoKind::Journal {
            None
        } else if !self.title.trim().is_empty() {
            Some(format!("On {}", self.attached))
        } else if !self.target_context.is_empty() {
            Some(self.target_context.clone())
        } else {
            None
        }
    }

    /// Whether its title, text or what it is attached to contains `needle`, ignoring case.
    pub fn contains(&self, needle: &str) -> bool {
        let needle = needle.trim().to_lowercase();
        needle.is_empty()
            || [&self.title, &self.text, &self.attached]
                .iter()
                .any(|s| s.to_lowercase().contains(&needle))
    }
}

/// Which memos a list shows. Empty parts restrict nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemoFilter {
    /// Only memos of this kind.
    pub kind: Option<MemoKind>,
    /// Only memos on this code or on codings of it.
    pub code: Option<CodeId>,
    /// Only memos on this document or on codings in it.
    pub document: Option<DocumentId>,
    /// Only memos whose title, text or attachment contains this, ignoring case.
    pub text: String,
}

impl MemoFilter {
    /// Whether `entry` passes.
    pub fn matches(&self, entry: &MemoEntry) -> bool {
        self.kind.is_none_or(|k| entry.kind == k)
            && self.code.is_none_or(|c| entry.code == Some(c))
            && self.document.is_none_or(|d| entry.document == Some(d))
            && entry.contains(&self.text)
    }

    /// Whether it restricts anything.
    pub fn is_empty(&self) -> bool {
        self.kind.is_none()
            && self.code.is_none()
            && self.document.is_none()
            && self.text.trim().is_empty()
    }
}

/// Where a memo sorts within its kind: the position of what it is on (document, code,
/// coding), 0 for a card and 1 for other memos, then when it was written and its id.
type SortKey = (usize, usize, String, i64);

/// A code's definition card: its non-empty fields in card order, trimmed.
pub fn card_of(code: &crate::domain::Code) -> Vec<(CodeField, String)> {
    CodeField::ALL
        .into_iter()
        .filter_map(|f| {
            let text = f.of(code).trim();
            (!text.is_empty()).then(|| (f, text.to_owned()))
        })
        .collect()
}

/// A card's fields as text: each non-empty field as "Field: text", separated by blank lines.
pub fn card_text(card: &[(CodeField, String)]) -> String {
    card.iter()
        .map(|(field, text)| format!("{}: {}", field.label(), text.trim()))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The coders' names by id, for saying who wrote or changed a memo.
struct CoderNames(HashMap<CoderId, String>);

impl CoderNames {
    fn read(store: &crate::store::Store) -> Result<CoderNames> {
        Ok(CoderNames(
            store
                .coders()?
                .into_iter()
                .map(|c| (c.id, c.name))
                .collect(),
        ))
    }

    /// The name, or empty when unknown.
    fn name(&self, id: Option<CoderId>) -> String {
        id.and_then(|id| self.0.get(&id).cloned())
            .unwrap_or_default()
    }
}

/// Every memo of the project: the journal newest first, then memos on documents (in list
/// order), on codes (in codebook order, each card before the code's other memos), and on
/// codings (in document order). A handful of queries whatever the project's size; document
/// texts are not read.
pub fn list(project: &Project) -> Result<Vec<MemoEntry>> {
    let store = project.store();
    let coders = CoderNames::read(store)?;
    let name_of = |id: Option<CoderId>| coders.name(id);
    let codebook = project.codebook()?;
    let code_index: HashMap<CodeId, usize> = codebook
        .iter()
        .enumerate()
        .map(|(i, e)| (e.code.id, i))
        .collect();
    let documents = store.document_summaries()?;
    let document_index: HashMap<DocumentId, usize> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id, i))
        .collect();
    let codings = store.codings_with_memos()?;
    let coding_index: HashMap<CodingId, usize> =
        codings.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let code_path = |id: CodeId| -> &str {
        code_index
            .get(&id)
            .map_or("", |&i| codebook[i].path.as_str())
    };
    let document_name = |id: DocumentId| -> &str {
        document_index
            .get(&id)
            .map_or("", |&i| documents[i].name.as_str())
    };
    let coding_name = |c: &crate::domain::Coding| -> String {
        format!(
            "{} “{}”",
            ExcerptId::from_guid(&c.guid),
            shorten_quote(&c.text, QUOTE_CHARS)
        )
    };
    let coding_context = |c: &crate::domain::Coding| -> String {
        format!("{} · {}", code_path(c.code), document_name(c.document))
    };
    let coding_attached = |c: &crate::domain::Coding| -> String {
        format!(
            "coding {} ({}, {})",
            coding_name(c),
            code_path(c.code),
            document_name(c.document)
        )
    };

    let mut keyed: Vec<(MemoKind, SortKey, MemoEntry)> = Vec::new();
    for memo in store.memos()? {
        let kind = MemoKind::of(memo.target);
        let mut entry = MemoEntry {
            kind,
            source: MemoSource::Memo(memo.id),
            title: memo.title.clone(),
            text: memo.body.clone(),
            card: Vec::new(),
            attached: String::new(),
            target_name: String::new(),
            target_context: String::new(),
            document: None,
            code: None,
            coding: None,
            range: None,
            excerpt_id: None,
            author: name_of(Some(memo.coder)),
            created_at: memo.created_at.clone(),
            modified_by: name_of(Some(memo.last_changed_by())),
            modified_at: memo.modified_at.clone(),
        };
        let key = match memo.target {
            MemoTarget::Project => {
                "the journal".clone_into(&mut entry.attached);
                (0, 0, memo.created_at.clone(), memo.id.0)
            }
            MemoTarget::Document(d) => {
                entry.document = Some(d);
                entry.attached = format!("document “{}”", document_name(d));
                document_name(d).clone_into(&mut entry.target_name);
                let at = document_index.get(&d).copied().unwrap_or(usize::MAX);
                (at, 1, memo.created_at.clone(), memo.id.0)
            }
            MemoTarget::Code(c) => {
                entry.code = Some(c);
                entry.attached = format!("code “{}”", code_path(c));
                code_path(c).clone_into(&mut entry.target_name);
                let at = code_index.get(&c).copied().unwrap_or(usize::MAX);
                (at, 1, memo.created_at.clone(), memo.id.0)
            }
            MemoTarget::Coding(c) => {
                let at = coding_index.get(&c).copied().unwrap_or(usize::MAX);
                if let Some(coding) = codings.get(at) {
                    entry.coding = Some(coding.id);
                    entry.code = Some(coding.code);
                    entry.document = Some(coding.document);
                    entry.range = Some(coding.range);
                    entry.excerpt_id = Some(ExcerptId::from_guid(&coding.guid).to_string());
                    entry.attached = coding_attached(coding);
                    entry.target_name = coding_name(coding);
                    entry.target_context = coding_context(coding);
                }
                (at, 1, memo.created_at.clone(), memo.id.0)
            }
        };
        keyed.push((kind, key, entry));
    }
    // When each card last changed, and by whom: its newest definition entry in the history.
    let mut last_defined: HashMap<String, crate::domain::CodeChange> = HashMap::new();
    for change in store.code_history(None)? {
        if matches!(change.kind, crate::domain::ChangeKind::Define(_)) {
            last_defined.insert(change.code.clone(), change);
        }
    }
    for (i, e) in codebook.iter().enumerate() {
        let card = card_of(&e.code);
        if card.is_empty() {
            continue;
        }
        let last = last_defined.get(&e.code.guid);
        keyed.push((
            MemoKind::Code,
            (i, 0, String::new(), 0),
            MemoEntry {
                kind: MemoKind::Code,
                source: MemoSource::Card(e.code.id),
                title: String::new(),
                text: card_text(&card),
                card,
                attached: format!("code “{}”", e.path),
                target_name: e.path.clone(),
                target_context: String::new(),
                document: None,
                code: Some(e.code.id),
                coding: None,
                range: None,
                excerpt_id: None,
                author: String::new(),
                created_at: e.code.created_at.clone(),
                modified_by: last.map(|h| name_of(h.coder)).unwrap_or_default(),
                modified_at: last.map_or_else(|| e.code.created_at.clone(), |h| h.at.clone()),
            },
        ));
    }
    for (i, c) in codings.iter().enumerate() {
        if c.memo.trim().is_empty() {
            continue;
        }
        keyed.push((
            MemoKind::Coding,
            (i, 0, String::new(), 0),
            MemoEntry {
                kind: MemoKind::Coding,
                source: MemoSource::CodingMemo(c.id),
                title: String::new(),
                text: c.memo.clone(),
                card: Vec::new(),
                attached: coding_attached(c),
                target_name: coding_name(c),
                target_context: coding_context(c),
                document: Some(c.document),
                code: Some(c.code),
                coding: Some(c.id),
                range: Some(c.range),
                excerpt_id: Some(ExcerptId::from_guid(&c.guid).to_string()),
                author: name_of(Some(c.coder)),
                created_at: c.created_at.clone(),
                modified_by: name_of(c.memo_modified_by.or(Some(c.coder))),
                modified_at: if c.memo_modified_at.is_empty() {
                    c.created_at.clone()
                } else {
                    c.memo_modified_at.clone()
                },
            },
        ));
    }
    keyed.sort_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| {
            if a.0 == MemoKind::Journal {
                // Newest first.
                (&b.1.2, b.1.3).cmp(&(&a.1.2, a.1.3))
            } else {
                a.1.cmp(&b.1)
            }
        })
    });
    Ok(keyed.into_iter().map(|(_, _, e)| e).collect())
}

/// Takes changed memo texts into a list [`list`] made, without reading every memo again: the
/// titles and texts of `touched.memo_texts`, the memos of `touched.coding_memos` and the cards
/// of `touched.definitions`, with who changed them, when. Returns `false`, leaving the list as
/// it was, when a memo would appear in or leave the list (a coding memo written or emptied, a
/// card filled or cleared): then the list is to be read again.
pub fn take_in_texts(
    project: &Project,
    entries: &mut [MemoEntry],
    touched: &crate::domain::Touched,
) -> Result<bool> {
    let store = project.store();
    let coders = CoderNames::read(store)?;
    let name_of = |id: Option<CoderId>| coders.name(id);
    let position: HashMap<MemoSource, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.source, i))
        .collect();
    // Read everything first, so that a memo that appears or leaves changes nothing.
    let mut updates: Vec<(usize, MemoEntry)> = Vec::new();
    let mut update = |source: MemoSource, patch: Option<&dyn Fn(&mut MemoEntry)>| -> bool {
        match (position.get(&source), patch) {
            (Some(&i), Some(patch)) => {
                let mut entry = entries[i].clone();
                patch(&mut entry);
                updates.push((i, entry));
                true
            }
            (None, None) => true,
            _ => false,
        }
    };
    for id in &touched.memo_texts {
        let memo = store.memo(*id)?;
        let by = name_of(Some(memo.last_changed_by()));
        let ok = update(
            MemoSource::Memo(*id),
            Some(&|e: &mut MemoEntry| {
                e.title.clone_from(&memo.title);
                e.text.clone_from(&memo.body);
                e.modified_at.clone_from(&memo.modified_at);
                e.modified_by.clone_from(&by);
            }),
        );
        if !ok {
            return Ok(false);
        }
    }
    for id in &touched.coding_memos {
        let c = store.coding(*id)?;
        let by = name_of(c.memo_modified_by.or(Some(c.coder)));
        let at = if c.memo_modified_at.is_empty() {
            c.created_at.clone()
        } else {
            c.memo_modified_at.clone()
        };
        let patch = |e: &mut MemoEntry| {
            e.text.clone_from(&c.memo);
            e.modified_at.clone_from(&at);
            e.modified_by.clone_from(&by);
        };
        let has_text = !c.memo.trim().is_empty();
        if !update(
            MemoSource::CodingMemo(*id),
            has_text.then_some(&patch as &dyn Fn(&mut MemoEntry)),
        ) {
            return Ok(false);
        }
    }
    for id in &touched.definitions {
        let code = store.code(*id)?;
        let card = card_of(&code);
        let last = store
            .code_history(Some(&code.guid))?
            .into_iter()
            .rfind(|h| {
                h.code == code.guid && matches!(h.kind, crate::domain::ChangeKind::Define(_))
            });
        let by = last.as_ref().map(|h| name_of(h.coder)).unwrap_or_default();
        let at = last.map_or_else(|| code.created_at.clone(), |h| h.at);
        let patch = |e: &mut MemoEntry| {
            e.text = card_text(&card);
            e.card.clone_from(&card);
            e.modified_at.clone_from(&at);
            e.modified_by.clone_from(&by);
        };
        if !update(
            MemoSource::Card(*id),
            (!card.is_empty()).then_some(&patch as &dyn Fn(&mut MemoEntry)),
        ) {
            return Ok(false);
        }
    }
    for (i, entry) in updates {
        entries[i] = entry;
    }
    Ok(true)
}

/// A piece of memo text and how it is emphasised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span<'a> {
    /// The text, without the asterisks that marked it.
    pub text: &'a str,
    /// Between `**` and `**`.
    pub bold: bool,
    /// Between `*` and `*`.
    pub italic: bool,
}

/// Splits memo text at its Markdown-ish emphasis: `**bold**` and `*italic*`. A marker counts
/// only when it opens before a non-space, closes after one, and its partner is in the same
/// paragraph; anything else (`2 * 3`, a lone `*`) stays as written.
pub fn emphasis<'a>(text: &'a str) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    let (mut bold, mut italic) = (false, false);
    let mut start = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    let flush = |spans: &mut Vec<Span<'a>>, from: usize, to: usize, bold: bool, italic: bool| {
        if to > from {
            spans.push(Span {
                text: &text[from..to],
                bold,
                italic,
            });
        }
    };
    while i < bytes.len() {
        if bytes[i] != b'*' {
            i += 1;
            continue;
        }
        let double = bytes.get(i + 1) == Some(&b'*');
        let width = if double { 2 } else { 1 };
        let open = if double { bold } else { italic };
        let after = text[i + width..].chars().next();
        let before = text[..i].chars().next_back();
        let toggles = if open {
            before.is_some_and(|c| !c.is_whitespace())
        } else {
            after.is_some_and(|c| !c.is_whitespace() && c != '*')
                && closes_later(text, i + width, double)
        };
        if toggles {
            flush(&mut spans, start, i, bold, italic);
            if double {
                bold = !bold;
            } else {
                italic = !italic;
            }
            i += width;
            start = i;
        } else {
            i += width;
        }
    }
    flush(&mut spans, start, text.len(), bold, italic);
    spans
}

/// Whether a closing marker (`**`, or a single `*` not part of `**`) after a non-space follows
/// `from` within the same paragraph.
fn closes_later(text: &str, from: usize, double: bool) -> bool {
    let rest = &text[from..];
    let paragraph = rest.find("\n\n").map_or(rest, |end| &rest[..end]);
    let bytes = paragraph.as_bytes();
    let mut j = 0;
    while j < bytes.len() {
        if bytes[j] == b'*' {
            let is_double = bytes.get(j + 1) == Some(&b'*');
            let prev = paragraph[..j].chars().next_back();
            if is_double == double && j > 0 && prev.is_some_and(|c| !c.is_whitespace()) {
                return true;
            }
            j += if is_double { 2 } else { 1 };
        } else {
            j += 1;
        }
    }
    false
}

/// The text without its emphasis markers.
pub fn plain(text: &str) -> String {
    emphasis(text).iter().map(|s| s.text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str) -> String {
        emphasis(text)
            .iter()
            .map(|s| match (s.bold, s.italic) {
                (true, true) => format!("<BI:{}>", s.text),
                (true, false) => format!("<B:{}>", s.text),
                (false, true) => format!("<I:{}>", s.text),
                (false, false) => s.text.to_owned(),
            })
            .collect()
    }

    #[test]
    fn asterisks_mark_italic_and_bold() {
        assert_eq!(
            marked("an *emic* term, **тарихи отан** here"),
            "an <I:emic> term, <B:тарихи отан> here"
        );
        assert_eq!(
            marked("**bold *and italic* too**"),
            "<B:bold ><BI:and italic><B: too>"
        );
        assert_eq!(plain("a **b** *c*"), "a b c");
    }

    #[test]
    fn stray_asterisks_stay_as_written() {
        for text in [
            "2 * 3 * 4",
            "un*closed",
            "a * b",
            "*",
            "**",
            "* list item",
            "ends with *",
            "*across\n\nparagraphs*",
        ] {
            assert_eq!(marked(text), text, "{text}");
        }
    }

    #[test]
    fn kinds_are_named_for_the_cli() {
        for k in MemoKind::ALL {
            assert_eq!(MemoKind::from_name(k.name()), Some(k));
        }
        assert_eq!(MemoKind::from_name("Journal"), Some(MemoKind::Journal));
        assert_eq!(MemoKind::from_name("memo"), None);
    }
}
