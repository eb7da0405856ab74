//! The search index: every document and memo of a project, tokenized and folded, with a
//! posting list per word. Kept in memory, never in the project file: it is built from the
//! project's texts ([`Corpus::load`] reads them, [`SearchIndex::build`] needs no store and can run
//! on another thread) and brought up to date after changes by [`SearchIndex::refresh`], which
//! only reads the project and re-indexes only what changed.

use std::collections::{BTreeMap, HashMap, HashSet};

use regex::RegexBuilder;
use serde::Serialize;

use super::query::{self, Element, Node, Phrase, QueryError};
use super::words;
use crate::domain::{CodeId, CodingId, DocumentId, Memo, MemoId, MemoTarget, TextRange};
use crate::store::{CodingNote, DocumentStamp, Store, StoreError};
use crate::text::CharOffsets;

/// Something search looks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A document's text.
    Document(DocumentId),
    /// A memo: a journal entry, or a memo on a document, code or coding.
    Memo(MemoId),
    /// The memo written on a coded passage itself (the coding's own note).
    CodingMemo(CodingId),
    /// A code's definition card (description, when to use, when not to, example), as one
    /// text of "Field: text" paragraphs.
    Card(CodeId),
}

impl Source {
    /// The document, when this is one.
    pub fn document(self) -> Option<DocumentId> {
        match self {
            Source::Document(d) => Some(d),
            _ => None,
        }
    }
}

/// Which part of a source a hit is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// A memo's title.
    Title,
    /// A document's text or a memo's body.
    Text,
}

/// What kind of memo a memo source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MemoKind {
    /// A project journal entry.
    Journal,
    /// A memo on a document.
    Document,
    /// A memo on a code.
    Code,
    /// A memo on a coding.
    Coding,
}

impl MemoKind {
    /// The kind's name in the CLI and JSON: `journal`, `document`, `code`, `coding`.
    pub fn name(self) -> &'static str {
        match self {
            MemoKind::Journal => "journal",
            MemoKind::Document => "document",
            MemoKind::Code => "code",
            MemoKind::Coding => "coding",
        }
    }
}

/// How a source is shown in a list of results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceInfo {
    /// The source.
    pub source: Source,
    /// The document's name, or the memo's title (empty for an untitled memo).
    pub name: String,
    /// For memos: which kind.
    pub memo_kind: Option<MemoKind>,
    /// For memos: what it is attached to, in words ("code ‘Belonging/privileged exclusion’").
    pub attached_to: Option<String>,
    /// The document the source belongs to: the document itself, or the document of a
    /// document memo or coding memo.
    pub document: Option<DocumentId>,
}

/// Where to look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Within {
    /// Every document and every memo.
    #[default]
    All,
    /// Every document.
    Documents,
    /// Every memo (journal, document, code and coding memos).
    Memos,
    /// One document (Ctrl+F in the reading view).
    Document(DocumentId),
}

/// How the query text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// The search box's language: words, "phrases", prefix*, AND / OR / NOT, brackets.
    #[default]
    Words,
    /// A regular expression (Rust `regex` syntax), case-insensitive unless it says `(?-i)`;
    /// `^` and `$` match at line breaks.
    Regex,
}

/// A search as typed in the box.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// What was typed.
    pub text: String,
    /// How it is read.
    pub mode: Mode,
    /// Where to look.
    pub within: Within,
}

impl Query {
    /// A query in the search box's language over documents and memos.
    pub fn words(text: &str) -> Query {
        Query {
            text: text.to_owned(),
            ..Query::default()
        }
    }

    /// A regular expression over documents and memos.
    pub fn regex(text: &str) -> Query {
        Query {
            text: text.to_owned(),
            mode: Mode::Regex,
            within: Within::All,
        }
    }

    /// The same query, looking only `within`.
    #[must_use]
    pub fn within(mut self, within: Within) -> Query {
        self.within = within;
        self
    }
}

/// One match: where it is, in characters of the source's text (end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Hit {
    /// The document or memo.
    pub source: Source,
    /// Title or text.
    pub field: Field,
    /// The matched characters.
    pub range: TextRange,
}

/// The hits of one source: a run of [`SearchResults::hits`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HitGroup {
    /// The document or memo.
    pub source: Source,
    first: usize,
    /// Number of hits in this source.
    pub count: usize,
}

/// Every hit of a search, grouped by source: documents in list order, then memos.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchResults {
    hits: Vec<Hit>,
    groups: Vec<HitGroup>,
    by_source: HashMap<Source, usize>,
}

impl SearchResults {
    fn from_sorted(hits: Vec<Hit>) -> SearchResults {
        let mut groups: Vec<HitGroup> = Vec::new();
        for (i, hit) in hits.iter().enumerate() {
            match groups.last_mut() {
                Some(g) if g.source == hit.source => g.count += 1,
                _ => groups.push(HitGroup {
                    source: hit.source,
                    first: i,
                    count: 1,
                }),
            }
        }
        let by_source = groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.source, i))
            .collect();
        SearchResults {
            hits,
            groups,
            by_source,
        }
    }

    /// Every hit, grouped by source (in [`SearchResults::groups`] order), by position within
    /// each (a memo's title before its body).
    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    /// One group per source with hits: documents in list order, then memos.
    pub fn groups(&self) -> &[HitGroup] {
        &self.groups
    }

    /// The hits of one group.
    pub fn hits_of(&self, group: &HitGroup) -> &[Hit] {
        &self.hits[group.first..group.first + group.count]
    }

    /// The hits in one source, by position (empty if none): what the reading view highlights
    /// and F3 steps through. A hash lookup, no search.
    pub fn in_source(&self, source: Source) -> &[Hit] {
        self.by_source
            .get(&source)
            .map_or(&[], |&i| self.hits_of(&self.groups[i]))
    }

    /// The hits in one document's text.
    pub fn in_document(&self, document: DocumentId) -> &[Hit] {
        self.in_source(Source::Document(document))
    }

    /// Number of hits.
    pub fn len(&self) -> usize {
        self.hits.len()
    }

    /// No hits at all.
    pub fn is_empty(&self) -> bool {
        self.hits.is_empty()
    }
}

/// A hit in its context (keyword in context).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Kwic {
    /// Up to the asked number of characters before the hit.
    pub before: String,
    /// The matched text.
    pub text: String,
    /// Up to the asked number of characters after the hit.
    pub after: String,
}

/// A project's searchable texts, read from its file: what [`SearchIndex::build`] indexes.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    documents: Vec<DocumentStamp>,
    /// Texts of the documents to (re)index; documents the index already has are left out.
    texts: HashMap<DocumentId, String>,
    memos: Vec<Memo>,
    coding_notes: Vec<CodingNote>,
    code_paths: HashMap<CodeId, String>,
    /// Codes' definition cards with any text, as one text each, in codebook order.
    cards: Vec<(CodeId, String)>,
    /// Where the codings that memos are attached to lie.
    memo_codings: HashMap<CodingId, (DocumentId, CodeId, TextRange)>,
}

impl Corpus {
    /// Reads every document and memo of the project (a few queries; nothing is written).
    pub fn load(store: &Store) -> Result<Corpus, StoreError> {
        Self::load_except(store, &HashSet::new())
    }

    /// Reads what an index needs to catch up: the texts of documents it does not have, and
    /// all memos.
    fn load_except(
        store: &Store,
        known: &HashSet<(DocumentId, String, i64)>,
    ) -> Result<Corpus, StoreError> {
        let documents = store.document_stamps()?;
        let missing: Vec<DocumentId> = documents
            .iter()
            .filter(|d| !known.contains(&(d.id, d.guid.clone(), d.text_revision)))
            .map(|d| d.id)
            .collect();
        let texts = if missing.is_empty() {
            HashMap::new()
        } else {
            store
                .document_texts(&missing)?
                .into_iter()
                .map(|d| (d.id, d.text))
                .collect()
        };
        let memos = store.memos()?;
        let mut memo_codings = HashMap::new();
        for memo in &memos {
            if let MemoTarget::Coding(id) = memo.target {
                let coding = store.coding(id)?;
                memo_codings.insert(id, (coding.document, coding.code, coding.range));
            }
        }
        let mut code_paths: HashMap<CodeId, String> = HashMap::new();
        let mut cards = Vec::new();
        // Parents come before their children.
        for code in store.codes()? {
            let path = match code.parent.and_then(|p| code_paths.get(&p)) {
                Some(parent) => format!("{parent}/{}", code.name),
                None => code.name.clone(),
            };
            code_paths.insert(code.id, path);
            let card = crate::memos::card_of(&code);
            if !card.is_empty() {
                cards.push((code.id, crate::memos::card_text(&card)));
            }
        }
        Ok(Corpus {
            documents,
            texts,
            memos,
            coding_notes: store.coding_notes()?,
            code_paths,
            cards,
            memo_codings,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Token {
    start: u32,
    end: u32,
    term: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Posting {
    slot: u32,
    token: u32,
}

/// One indexed text: a document's text, a memo's title or body, a coding's memo.
#[derive(Debug)]
struct Entry {
    source: Source,
    /// Dense number of the source (shared by a memo's title and body): what AND, OR and NOT
    /// combine.
    unit: u32,
    field: Field,
    text: String,
    offsets: CharOffsets,
    tokens: Vec<Token>,
}

/// Sort key of a source in results: documents in list order, then memos, then coding memos.
type Order = (u8, i64, i64);

/// The in-memory search index of one project. See the module documentation.
#[derive(Debug, Default)]
pub struct SearchIndex {
    /// By slot; `None` once a text was replaced or removed. Slots are never reused, so every
    /// posting list stays sorted by (slot, token).
    entries: Vec<Option<Entry>>,
    slots: HashMap<(Source, Field), u32>,
    units: HashMap<Source, u32>,
    terms: HashMap<Box<str>, u32>,
    /// The same words in order, for prefix queries.
    sorted_terms: BTreeMap<Box<str>, u32>,
    postings: Vec<Vec<Posting>>,
    infos: HashMap<Source, SourceInfo>,
    order: HashMap<Source, Order>,
    /// Documents indexed, with the GUID and text revision their text belongs to.
    documents: HashSet<(DocumentId, String, i64)>,
}

impl SearchIndex {
    /// Indexes a corpus. Pure computation: run it on a worker thread for a large project.
    pub fn build(corpus: Corpus) -> SearchIndex {
        let mut index = SearchIndex::default();
        index.update(corpus);
        index
    }

    /// Reads the project and indexes it (on this thread).
    pub fn open(store: &Store) -> Result<SearchIndex, StoreError> {
        Ok(Self::build(Corpus::load(store)?))
    }

    /// Brings the index up to date with the project: indexes new documents, drops deleted
    /// ones, re-indexes memos whose text changed, renames. Only reads the project.
    pub fn refresh(&mut self, store: &Store) -> Result<(), StoreError> {
        let corpus = Corpus::load_except(store, &self.documents)?;
        self.update(corpus);
        Ok(())
    }

    fn update(&mut self, corpus: Corpus) {
        let Corpus {
            documents,
            mut texts,
            memos,
            coding_notes,
            code_paths,
            cards,
            memo_codings,
        } = corpus;
        let mut live: HashSet<(Source, Field)> = HashSet::new();
        let mut infos = HashMap::new();
        let mut order = HashMap::new();
        let mut kept_documents = HashSet::new();
        let document_names: HashMap<DocumentId, &str> =
            documents.iter().map(|d| (d.id, d.name.as_str())).collect();
        let name_of = |d: DocumentId| document_names.get(&d).copied().unwrap_or("?");
        let code_of = |c: CodeId| code_paths.get(&c).map_or("?", String::as_str);

        for doc in &documents {
            let source = Source::Document(doc.id);
            let key = (doc.id, doc.guid.clone(), doc.text_revision);
            if let Some(text) = texts.remove(&doc.id) {
                // New, changed, or an id now holding another document: index it afresh.
                self.set_text(source, Field::Text, text);
            }
            kept_documents.insert(key);
            live.insert((source, Field::Text));
            infos.insert(
                source,
                SourceInfo {
                    source,
                    name: doc.name.clone(),
                    memo_kind: None,
                    attached_to: None,
                    document: Some(doc.id),
                },
            );
            order.insert(source, (0, doc.position, doc.id.0));
        }
        for memo in memos {
            let source = Source::Memo(memo.id);
            let (kind, attached_to, document) = match memo.target {
                MemoTarget::Project => (MemoKind::Journal, "the project journal".to_owned(), None),
                MemoTarget::Document(d) => (
                    MemoKind::Document,
                    format!("document ‘{}’", name_of(d)),
                    Some(d),
                ),
                MemoTarget::Code(c) => (MemoKind::Code, format!("code ‘{}’", code_of(c)), None),
                MemoTarget::Coding(c) => match memo_codings.get(&c) {
                    Some(&(d, code, range)) => (
                        MemoKind::Coding,
                        format!(
                            "a ‘{}’ coding in ‘{}’ (characters {}..{})",
                            code_of(code),
                            name_of(d),
                            range.start,
                            range.end
                        ),
                        Some(d),
                    ),
                    None => (MemoKind::Coding, "a coding".to_owned(), None),
                },
            };
            self.set_if_changed(source, Field::Title, memo.title.clone());
            self.set_if_changed(source, Field::Text, memo.body);
            live.insert((source, Field::Title));
            live.insert((source, Field::Text));
            infos.insert(
                source,
                SourceInfo {
                    source,
                    name: memo.title,
                    memo_kind: Some(kind),
                    attached_to: Some(attached_to),
                    document,
                },
            );
            order.insert(source, (1, memo.id.0, 0));
        }
        for (i, (code, text)) in cards.into_iter().enumerate() {
            let source = Source::Card(code);
            self.set_if_changed(source, Field::Text, text);
            live.insert((source, Field::Text));
            infos.insert(
                source,
                SourceInfo {
                    source,
                    name: code_of(code).to_owned(),
                    memo_kind: Some(MemoKind::Code),
                    attached_to: Some(format!("code ‘{}’ (its definition)", code_of(code))),
                    document: None,
                },
            );
            // Cards before the other memos, in codebook order.
            order.insert(source, (1, 0, i64::try_from(i).unwrap_or(i64::MAX)));
        }
        for note in coding_notes {
            let source = Source::CodingMemo(note.coding);
            self.set_if_changed(source, Field::Text, note.memo);
            live.insert((source, Field::Text));
            infos.insert(
                source,
                SourceInfo {
                    source,
                    name: String::new(),
                    memo_kind: Some(MemoKind::Coding),
                    attached_to: Some(format!(
                        "a ‘{}’ coding in ‘{}’ (characters {}..{})",
                        code_of(note.code),
                        name_of(note.document),
                        note.range.start,
                        note.range.end
                    )),
                    document: Some(note.document),
                },
            );
            order.insert(source, (2, note.coding.0, 0));
        }
        let gone: Vec<(Source, Field)> = self
            .slots
            .keys()
            .filter(|k| !live.contains(k))
            .copied()
            .collect();
        for key in gone {
            self.remove(key);
        }
        self.documents = kept_documents;
        self.infos = infos;
        self.order = order;
    }

    fn set_if_changed(&mut self, source: Source, field: Field, text: String) {
        let same = self
            .slots
            .get(&(source, field))
            .and_then(|&slot| self.entries[slot as usize].as_ref())
            .is_some_and(|e| e.text == text);
        if !same {
            self.set_text(source, field, text);
        }
    }

    fn remove(&mut self, key: (Source, Field)) {
        let Some(slot) = self.slots.remove(&key) else {
            return;
        };
        let Some(entry) = self.entries[slot as usize].take() else {
            return;
        };
        let mut terms: Vec<u32> = entry.tokens.iter().map(|t| t.term).collect();
        terms.sort_unstable();
        terms.dedup();
        for term in terms {
            self.postings[term as usize].retain(|p| p.slot != slot);
        }
    }

    fn set_text(&mut self, source: Source, field: Field, text: String) {
        self.remove((source, field));
        let slot = self.entries.len() as u32;
        let mut tokens = Vec::new();
        let mut folded = String::new();
        words::tokens(&text, |span| {
            folded.clear();
            words::fold_into(&text[span.byte_start..span.byte_end], &mut folded);
            let term = if let Some(&t) = self.terms.get(folded.as_str()) {
                t
            } else {
                let t = self.postings.len() as u32;
                let key: Box<str> = folded.as_str().into();
                self.terms.insert(key.clone(), t);
                self.sorted_terms.insert(key, t);
                self.postings.push(Vec::new());
                t
            };
            self.postings[term as usize].push(Posting {
                slot,
                token: tokens.len() as u32,
            });
            tokens.push(Token {
                start: span.start as u32,
                end: span.end as u32,
                term,
            });
        });
        let offsets = CharOffsets::new(&text);
        let next_unit = self.units.len() as u32;
        let unit = *self.units.entry(source).or_insert(next_unit);
        self.entries.push(Some(Entry {
            source,
            unit,
            field,
            text,
            offsets,
            tokens,
        }));
        self.slots.insert((source, field), slot);
    }

    /// How a source is shown (name, memo kind, what it is attached to).
    pub fn source_info(&self, source: Source) -> Option<&SourceInfo> {
        self.infos.get(&source)
    }

    /// The indexed text of a source's field.
    pub fn text(&self, source: Source, field: Field) -> Option<&str> {
        self.entry(source, field).map(|e| e.text.as_str())
    }

    /// Part of a source's text, by characters (`None` outside the text).
    pub fn passage(&self, source: Source, field: Field, range: TextRange) -> Option<&str> {
        let entry = self.entry(source, field)?;
        entry.offsets.slice(&entry.text, range)
    }

    fn entry(&self, source: Source, field: Field) -> Option<&Entry> {
        let slot = *self.slots.get(&(source, field))?;
        self.entries[slot as usize].as_ref()
    }

    /// The documents indexed, in list order.
    pub fn documents(&self) -> Vec<DocumentId> {
        let mut docs: Vec<(Order, DocumentId)> = self
            .order
            .iter()
            .filter_map(|(s, o)| s.document().map(|d| (*o, d)))
            .collect();
        docs.sort_unstable();
        docs.into_iter().map(|(_, d)| d).collect()
    }

    /// Number of characters indexed (document texts and memos).
    pub fn indexed_chars(&self) -> usize {
        self.entries
            .iter()
            .flatten()
            .map(|e| e.offsets.char_len())
            .sum()
    }

    /// A hit with up to `context` characters either side of it.
    pub fn kwic(&self, hit: &Hit, context: usize) -> Option<Kwic> {
        let entry = self.entry(hit.source, hit.field)?;
        let offsets = &entry.offsets;
        let text = &entry.text;
        let before_start = hit.range.start.saturating_sub(context);
        let after_end = (hit.range.end + context).min(offsets.char_len());
        Some(Kwic {
            before: offsets
                .slice(text, TextRange::new(before_start, hit.range.start))?
                .to_owned(),
            text: offsets.slice(text, hit.range)?.to_owned(),
            after: offsets
                .slice(text, TextRange::new(hit.range.end, after_end))?
                .to_owned(),
        })
    }

    /// Runs a search. A malformed query is an error saying what is wrong, never an empty
    /// result.
    pub fn search(&self, query: &Query) -> Result<SearchResults, QueryError> {
        let raw = match query.mode {
            Mode::Words => self.search_words(&query::parse(&query.text)?, query.within),
            Mode::Regex => self.search_regex(&query.text, query.within)?,
        };
        Ok(self.finish(&raw))
    }

    fn allowed(&self, slot: u32, within: Within) -> bool {
        let Some(entry) = &self.entries[slot as usize] else {
            return false;
        };
        match within {
            Within::All => true,
            Within::Documents => matches!(entry.source, Source::Document(_)),
            Within::Memos => !matches!(entry.source, Source::Document(_)),
            Within::Document(d) => entry.source == Source::Document(d),
        }
    }

    fn search_regex(&self, pattern: &str, within: Within) -> Result<Vec<Raw>, QueryError> {
        if pattern.trim().is_empty() {
            return Err(QueryError::Empty);
        }
        let regex = RegexBuilder::new(pattern)
            .case_insensitive(true)
            .multi_line(true)
            .size_limit(1 << 24)
            .build()
            .map_err(|e| regex_error(&e))?;
        let mut out = Vec::new();
        for (slot, entry) in self.entries.iter().enumerate() {
            let Some(entry) = entry else { continue };
            if !self.allowed(slot as u32, within) {
                continue;
            }
            // Matches come in order: count characters forward from the last one.
            let mut char_pos = 0usize;
            let mut byte_pos = 0usize;
            for m in regex.find_iter(&entry.text) {
                if m.start() == m.end() {
                    continue;
                }
                let start = char_pos + crate::text::char_len(&entry.text[byte_pos..m.start()]);
                let end = start + crate::text::char_len(m.as_str());
                char_pos = end;
                byte_pos = m.end();
                out.push(Raw {
                    slot: slot as u32,
                    start: start as u32,
                    end: end as u32,
                });
            }
        }
        Ok(out)
    }

    fn search_words(&self, node: &Node, within: Within) -> Vec<Raw> {
        if let Node::Phrase(phrase) = node {
            return self.phrase(phrase, within);
        }
        let mut leaves = Vec::new();
        collect_leaves(node, true, &mut leaves);
        let found: Vec<Vec<Raw>> = leaves.iter().map(|(p, _)| self.phrase(p, within)).collect();
        let unit_of = |r: &Raw| self.entries[r.slot as usize].as_ref().map(|e| e.unit);
        // Each leaf's sources as sorted unit numbers; AND, OR and NOT merge them.
        let sets: Vec<Vec<u32>> = found
            .iter()
            .map(|raws| {
                let mut units: Vec<u32> = raws.iter().filter_map(unit_of).collect();
                units.sort_unstable();
                units.dedup();
                units
            })
            .collect();
        let mut next = 0;
        let matched = eval(node, &sets, &mut next);
        let mut keep = vec![false; self.units.len()];
        for u in matched {
            keep[u as usize] = true;
        }
        // Each leaf's matches are sorted already: merge them instead of sorting them all.
        let mut out: Vec<Raw> = Vec::new();
        for ((_, positive), raws) in leaves.iter().zip(found) {
            if *positive {
                let kept: Vec<Raw> = raws
                    .into_iter()
                    .filter(|r| unit_of(r).is_some_and(|u| keep[u as usize]))
                    .collect();
                out = merge_sorted(out, kept);
            }
        }
        out
    }

    /// Postings of one phrase element: one word's list, or the merged lists of every word with
    /// the prefix.
    fn element_postings(&self, element: &Element) -> std::borrow::Cow<'_, [Posting]> {
        if element.prefix {
            let mut all: Vec<Posting> = self
                .sorted_terms
                .range::<str, _>((
                    std::ops::Bound::Included(element.term.as_str()),
                    std::ops::Bound::Unbounded,
                ))
                .take_while(|(t, _)| t.starts_with(element.term.as_str()))
                .flat_map(|(_, &id)| self.postings[id as usize].iter().copied())
                .collect();
            all.sort_unstable();
            std::borrow::Cow::Owned(all)
        } else {
            match self.terms.get(element.term.as_str()) {
                Some(&id) => std::borrow::Cow::Borrowed(&self.postings[id as usize]),
                None => std::borrow::Cow::Borrowed(&[]),
            }
        }
    }

    fn phrase(&self, phrase: &Phrase, within: Within) -> Vec<Raw> {
        let Some(first) = phrase.elements.first() else {
            return Vec::new();
        };
        // (slot, first token, last token), sorted.
        let mut runs: Vec<(u32, u32, u32)> = self
            .element_postings(first)
            .iter()
            .filter(|p| within == Within::All || self.allowed(p.slot, within))
            .map(|p| (p.slot, p.token, p.token))
            .collect();
        for element in &phrase.elements[1..] {
            if runs.is_empty() {
                break;
            }
            let next = self.element_postings(element);
            let mut kept = Vec::with_capacity(runs.len().min(next.len()));
            let mut j = 0;
            for &(slot, first_token, last) in &runs {
                let want = Posting {
                    slot,
                    token: last + 1,
                };
                while j < next.len() && next[j] < want {
                    j += 1;
                }
                if j < next.len() && next[j] == want {
                    let glued_ok = !element.glued
                        || self.entries[slot as usize].as_ref().is_some_and(|e| {
                            e.tokens[last as usize].end == e.tokens[last as usize + 1].start
                        });
                    if glued_ok {
                        kept.push((slot, first_token, last + 1));
                    }
                }
            }
            runs = kept;
        }
        runs.into_iter()
            .filter_map(|(slot, first_token, last)| {
                let entry = self.entries[slot as usize].as_ref()?;
                Some(Raw {
                    slot,
                    start: entry.tokens[first_token as usize].start,
                    end: entry.tokens[last as usize].end,
                })
            })
            .collect()
    }

    /// Orders raw matches (sorted by slot, then position) into results grouped by source.
    fn finish(&self, raw: &[Raw]) -> SearchResults {
        // Runs of one slot are already in position order; order the runs.
        let mut runs: Vec<(Order, Field, usize, usize)> = Vec::new();
        let mut i = 0;
        while i < raw.len() {
            let slot = raw[i].slot;
            let mut j = i + 1;
            while j < raw.len() && raw[j].slot == slot {
                j += 1;
            }
            if let Some(entry) = &self.entries[slot as usize] {
                let order = self.order.get(&entry.source).copied().unwrap_or((3, 0, 0));
                runs.push((order, entry.field, i, j));
            }
            i = j;
        }
        runs.sort_unstable_by_key(|&(order, field, start, _)| (order, field, start));
        let mut hits = Vec::with_capacity(raw.len());
        for (_, field, start, end) in runs {
            let Some(entry) = &self.entries[raw[start].slot as usize] else {
                continue;
            };
            hits.extend(raw[start..end].iter().map(|r| Hit {
                source: entry.source,
                field,
                range: TextRange::new(r.start as usize, r.end as usize),
            }));
        }
        SearchResults::from_sorted(hits)
    }

    /// The tokens of a document's text with their words' ids, for ranking.
    pub(crate) fn document_tokens(&self, document: DocumentId) -> Option<(&str, DocTokens<'_>)> {
        let entry = self.entry(Source::Document(document), Field::Text)?;
        Some((
            entry.text.as_str(),
            DocTokens {
                tokens: &entry.tokens,
                offsets: &entry.offsets,
            },
        ))
    }

    /// Number of distinct words indexed.
    pub(crate) fn vocabulary(&self) -> usize {
        self.postings.len()
    }
}

/// A document's tokens as the ranking reads them.
pub(crate) struct DocTokens<'a> {
    tokens: &'a [Token],
    pub offsets: &'a CharOffsets,
}

impl DocTokens<'_> {
    /// (start char, end char, word id) of every token, in order.
    pub fn iter(&self) -> impl Iterator<Item = (usize, usize, u32)> + '_ {
        self.tokens
            .iter()
            .map(|t| (t.start as usize, t.end as usize, t.term))
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Raw {
    slot: u32,
    start: u32,
    end: u32,
}

/// Two sorted lists as one, without duplicates.
fn merge_sorted(a: Vec<Raw>, b: Vec<Raw>) -> Vec<Raw> {
    if a.is_empty() {
        return b;
    }
    if b.is_empty() {
        return a;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => out.extend(a.next()),
            std::cmp::Ordering::Greater => out.extend(b.next()),
            std::cmp::Ordering::Equal => {
                out.extend(a.next());
                b.next();
            }
        }
    }
    out.extend(a);
    out.extend(b);
    out
}

fn collect_leaves<'a>(node: &'a Node, positive: bool, out: &mut Vec<(&'a Phrase, bool)>) {
    match node {
        Node::Phrase(p) => out.push((p, positive)),
        Node::And(parts) | Node::Or(parts) => {
            for part in parts {
                collect_leaves(part, positive, out);
            }
        }
        Node::Not(yes, no) => {
            collect_leaves(yes, positive, out);
            collect_leaves(no, false, out);
        }
    }
}

/// The sources (sorted unit numbers) matching `node`, given each leaf's in `collect_leaves`
/// order.
fn eval(node: &Node, leaves: &[Vec<u32>], next: &mut usize) -> Vec<u32> {
    match node {
        Node::Phrase(_) => {
            let set = leaves[*next].clone();
            *next += 1;
            set
        }
        Node::And(parts) => {
            let mut sets = parts.iter().map(|p| eval(p, leaves, next));
            let first = sets.next().unwrap_or_default();
            sets.fold(first, |acc, s| {
                acc.into_iter()
                    .filter(|u| s.binary_search(u).is_ok())
                    .collect()
            })
        }
        Node::Or(parts) => {
            let mut all: Vec<u32> = parts.iter().flat_map(|p| eval(p, leaves, next)).collect();
            all.sort_unstable();
            all.dedup();
            all
        }
        Node::Not(yes, no) => {
            let yes = eval(yes, leaves, next);
            let no = eval(no, leaves, next);
            yes.into_iter()
                .filter(|u| no.binary_search(u).is_err())
                .collect()
        }
    }
}

/// A gentle message from the regex crate's error: its last line, and where (from the caret).
fn regex_error(error: &regex::Error) -> QueryError {
    match error {
        regex::Error::Syntax(text) => {
            let lines: Vec<&str> = text.lines().collect();
            let reason = lines
                .iter()
                .rev()
                .find_map(|l| l.strip_prefix("error: "))
                .unwrap_or("it does not parse")
                .to_owned();
            // The crate prints the pattern indented by four spaces and a caret line below.
            let at = lines
                .iter()
                .find(|l| l.trim_start().starts_with('^'))
                .map(|l| {
                    l.chars()
                        .take_while(|&c| c == ' ')
                        .count()
                        .saturating_sub(3)
                });
            QueryError::Regex { reason, at }
        }
        regex::Error::CompiledTooBig(_) => QueryError::Regex {
            reason: "it is too large; make it shorter or simpler".to_owned(),
            at: None,
        },
        _ => QueryError::Regex {
            reason: error.to_string(),
            at: None,
        },
    }
}
