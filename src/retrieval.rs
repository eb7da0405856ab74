//! Getting coded passages back: choose codes (with or without subcodes), combine them (any, all,
//! not), restrict to documents and coders, and receive excerpts with their codes, document,
//! paragraph number, coder, memo, text, context, a short stable excerpt id and a ready citation.
//!
//! The combining is pure ([`combine`]) and runs by sorting and sweeping, never by comparing all
//! pairs; [`retrieve`] loads what it needs through `Store` queries and builds [`Excerpt`]s.
//! The window and the CLI both use [`retrieve`]; exports format a [`Retrieval`].
//!
//! Semantics, decided here once:
//! - **any** (default): every coding of a chosen code is one excerpt, its range the coding's.
//! - **all**: the passages covered by at least one coding of *every* chosen code; an excerpt
//!   is a maximal stretch of that overlap (its range is the overlap, not the codings' union),
//!   and lists every contributing coding.
//! - **not**: an excerpt is *dropped whole* when any coding of an excluded code overlaps it
//!   (it is not cut around the excluded part: a cut passage would misquote the researcher's
//!   coding).
//! - Restrictions by document and coder apply to every coding considered, the excluded ones
//!   included: "by coder X" reads the project as X coded it.
//! - "With subcodes" makes each chosen code stand for itself and all its descendants (in
//!   *all*, a coding of any of them satisfies that code; *not* excludes subcodes too).

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Serialize;

use crate::domain::{CodeId, CoderId, Coding, CodingId, DocumentId, TextRange};
use crate::project::{CodebookEntry, Project};
use crate::store::{CodingFilter, DocumentText, Result, Store, StoreError};
use crate::text::{self, Paragraph};

/// How the chosen codes combine.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// Passages coded with any of the codes (OR).
    #[default]
    Any,
    /// Passages where all the codes overlap (AND); the excerpt is the overlap.
    All,
}

/// How much surrounding text an excerpt carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Context {
    #[default]
    None,
    /// Up to this many characters on each side.
    Chars(usize),
    /// The rest of the paragraph(s) the excerpt lies in.
    Paragraph,
}

/// The order of [`Retrieval::excerpts`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// Documents in list order, then by position in the text.
    #[default]
    Document,
    /// Codes in codebook order, then by document order.
    Code,
}

/// What to retrieve. `Query::default()` retrieves every coding in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// The chosen codes; empty means every code (then `combine` is ignored).
    pub codes: Vec<CodeId>,
    /// Each chosen (and excluded) code stands for itself and all its subcodes.
    pub subcodes: bool,
    pub combine: Combine,
    /// Drop excerpts that any coding of these codes overlaps.
    pub exclude: Vec<CodeId>,
    /// Only these documents; empty means all.
    pub documents: Vec<DocumentId>,
    /// Only codings by these coders; empty means all.
    pub coders: Vec<CoderId>,
    pub context: Context,
    pub order: Order,
}

/// Crockford base32 digits: no I, L, O or U, so an id read aloud or retyped is not misread.
const BASE32: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in an excerpt id. 8 base32 characters carry 40 bits: among 100,000 codings the
/// chance that any two share an id is about 0.5 % (n²/2⁴¹), and resolving an id shows every
/// match, so a clash is never silent.
pub const EXCERPT_ID_LEN: usize = 8;

/// A short, stable id for a coding, derived from its GUID and shown as `T-3F9A2C7K`: the
/// first 40 bits of the GUID (its first ten hex digits; a UUID v4's first 48 bits are random)
/// in Crockford base32. It never changes while the coding exists, survives undo, copies of the
/// project, and exports, and is resolved back by GUID prefix ([`resolve_excerpt_id`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExcerptId([u8; EXCERPT_ID_LEN]);

impl ExcerptId {
    /// The id of the coding with this GUID. A GUID that does not start with ten hex digits
    /// (Tamga's never do not) gets the id of its SHA-256 digest instead.
    pub fn from_guid(guid: &str) -> ExcerptId {
        let hex: String = guid.chars().filter(|c| *c != '-').take(10).collect();
        let bits = if hex.len() == 10 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            u64::from_str_radix(&hex, 16).unwrap_or(0)
        } else {
            let digest = crate::store::sha256_hex(guid.as_bytes());
            u64::from_str_radix(&digest[..10], 16).unwrap_or(0)
        };
        let mut out = [0u8; EXCERPT_ID_LEN];
        for (i, slot) in out.iter_mut().enumerate() {
            let shift = 5 * (EXCERPT_ID_LEN - 1 - i);
            *slot = BASE32[((bits >> shift) & 31) as usize];
        }
        ExcerptId(out)
    }

    /// The eight characters without the `T-` prefix.
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("")
    }
}

impl fmt::Display for ExcerptId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "T-{}", self.code())
    }
}

impl Serialize for ExcerptId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Reads what a person typed as an excerpt id (`T-3F9A2C7K`, `t-3f9a`, `3F9A2C7K`; Crockford
/// base32, case-insensitive, `O` read as 0 and `I`/`L` as 1) into its base32 characters.
/// Returns `None` when it is not one.
fn parse_excerpt_id(input: &str) -> Option<String> {
    let trimmed = input.trim();
    let body = trimmed
        .strip_prefix("T-")
        .or_else(|| trimmed.strip_prefix("t-"))
        .unwrap_or(trimmed);
    if body.is_empty() || body.chars().count() > EXCERPT_ID_LEN {
        return None;
    }
    body.chars()
        .map(|c| match c.to_ascii_uppercase() {
            'O' => Some('0'),
            'I' | 'L' => Some('1'),
            u if BASE32.contains(&(u as u8)) && u.is_ascii() => Some(u),
            _ => None,
        })
        .collect()
}

/// The codings an excerpt id (or its first characters) or a GUID (or its first characters)
/// names; more than one means the input is ambiguous. An input of more than eight characters
/// is read as a GUID prefix.
pub fn resolve_excerpt_id(store: &Store, input: &str) -> Result<Vec<CodingId>> {
    if let Some(code) = parse_excerpt_id(input) {
        // Each base32 character is 5 bits; the whole hex digits they fix narrow the query.
        let mut bits: u64 = 0;
        for c in code.bytes() {
            let v = BASE32.iter().position(|b| *b == c).unwrap_or(0) as u64;
            bits = (bits << 5) | v;
        }
        let nbits = 5 * code.len();
        let hex_digits = nbits / 4;
        let prefix = if hex_digits == 0 {
            String::new()
        } else {
            format!(
                "{:0width$x}",
                bits >> (nbits - 4 * hex_digits),
                width = hex_digits
            )
        };
        let matches = |guid: &str| ExcerptId::from_guid(guid).code().starts_with(&code);
        let mut found: Vec<CodingId> = store
            .codings_with_guid_prefix(&prefix)?
            .into_iter()
            .filter(|c| matches(&c.guid))
            .map(|c| c.id)
            .collect();
        if found.is_empty() {
            // GUIDs not made by Tamga have hashed ids; look at those too.
            found = store
                .coding_guids()?
                .into_iter()
                .filter(|(_, guid)| matches(guid))
                .map(|(id, _)| id)
                .collect();
        }
        return Ok(found);
    }
    let hex: String = input.trim().chars().filter(|c| *c != '-').collect();
    if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(StoreError::Invalid(format!(
            "not an excerpt id (like T-3F9A2C7K) or a GUID: {input}"
        )));
    }
    Ok(store
        .codings_with_guid_prefix(&hex)?
        .into_iter()
        .map(|c| c.id)
        .collect())
}

/// A passage found by [`combine`]: a range of a document and the codings that make it
/// (indices into the slice given to `combine`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub document: DocumentId,
    pub range: TextRange,
    pub codings: Vec<usize>,
}

/// Overlapping (or touching) ranges merged, each with the codings inside it.
fn coverage(codings: &[Coding], members: &mut [usize]) -> Vec<(TextRange, Vec<usize>)> {
    members.sort_unstable_by_key(|&i| (codings[i].range.start, codings[i].range.end, i));
    let mut out: Vec<(TextRange, Vec<usize>)> = Vec::new();
    for &i in members.iter() {
        let r = codings[i].range;
        match out.last_mut() {
            Some((cur, list)) if r.start <= cur.end => {
                cur.end = cur.end.max(r.end);
                list.push(i);
            }
            _ => out.push((r, vec![i])),
        }
    }
    out
}

/// Intersection of two sorted lists of disjoint ranges: a two-pointer sweep.
fn intersect(a: &[TextRange], b: &[TextRange]) -> Vec<TextRange> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() && j < b.len() {
        let start = a[i].start.max(b[j].start);
        let end = a[i].end.min(b[j].end);
        if start < end {
            out.push(TextRange::new(start, end));
        }
        if a[i].end < b[j].end {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Combines codings into passages. `groups` are the chosen codes, each as the set of code ids
/// it stands for (itself, plus subcodes if wanted); `exclude` the code ids whose codings drop
/// a passage they overlap. `codings` must already be restricted to the wanted documents and
/// coders. Output is by document (in order of first appearance in `codings`), then range.
///
/// Runs in O(n log n): codings are sorted once per document and swept.
pub fn combine<S: std::hash::BuildHasher>(
    codings: &[Coding],
    groups: &[HashSet<CodeId, S>],
    how: Combine,
    exclude: &HashSet<CodeId, S>,
) -> Vec<Passage> {
    let mut doc_order: Vec<DocumentId> = Vec::new();
    let mut by_doc: HashMap<DocumentId, Vec<usize>> = HashMap::new();
    for (i, c) in codings.iter().enumerate() {
        if c.range.is_empty() {
            continue;
        }
        by_doc
            .entry(c.document)
            .or_insert_with(|| {
                doc_order.push(c.document);
                Vec::new()
            })
            .push(i);
    }
    let all_codes = groups.is_empty();
    let mut out = Vec::new();
    for doc in doc_order {
        let members = &by_doc[&doc];
        let mut excluded: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| exclude.contains(&codings[i].code))
            .collect();
        let blocked: Vec<TextRange> = coverage(codings, &mut excluded)
            .into_iter()
            .map(|(r, _)| r)
            .collect();
        let is_blocked = |r: TextRange| {
            // `blocked` is sorted and disjoint, so its ends are sorted too.
            let k = blocked.partition_point(|b| b.end <= r.start);
            blocked.get(k).is_some_and(|b| b.overlaps(&r))
        };
        let mut passages: Vec<Passage> = Vec::new();
        match how {
            Combine::All if groups.len() > 1 => {
                let mut covers = Vec::with_capacity(groups.len());
                for group in groups {
                    let mut m: Vec<usize> = members
                        .iter()
                        .copied()
                        .filter(|&i| group.contains(&codings[i].code))
                        .collect();
                    covers.push(coverage(codings, &mut m));
                }
                let mut common: Vec<TextRange> = covers[0].iter().map(|(r, _)| *r).collect();
                for cover in &covers[1..] {
                    let ranges: Vec<TextRange> = cover.iter().map(|(r, _)| *r).collect();
                    common = intersect(&common, &ranges);
                }
                for range in common {
                    let mut contributing = Vec::new();
                    for cover in &covers {
                        // The one coverage interval holding `range`, found by binary search.
                        let k = cover.partition_point(|(r, _)| r.end <= range.start);
                        if let Some((_, list)) = cover.get(k) {
                            contributing.extend(
                                list.iter()
                                    .copied()
                                    .filter(|&i| codings[i].range.overlaps(&range)),
                            );
                        }
                    }
                    contributing.sort_unstable_by_key(|&i| (codings[i].range.start, i));
                    contributing.dedup();
                    passages.push(Passage {
                        document: doc,
                        range,
                        codings: contributing,
                    });
                }
            }
            _ => {
                for &i in members {
                    if all_codes || groups.iter().any(|g| g.contains(&codings[i].code)) {
                        passages.push(Passage {
                            document: doc,
                            range: codings[i].range,
                            codings: vec![i],
                        });
                    }
                }
            }
        }
        passages.retain(|p| !is_blocked(p.range));
        passages.sort_by_key(|p| (p.range.start, p.range.end, p.codings.first().copied()));
        out.extend(passages);
    }
    out
}

/// One coding behind an excerpt, with what a reader needs to know about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExcerptCoding {
    pub coding: CodingId,
    pub excerpt_id: ExcerptId,
    pub code: CodeId,
    /// The code's path, names joined by `/`.
    pub code_path: String,
    /// `#rrggbb`
    pub color: String,
    pub coder: String,
    pub memo: String,
    /// RFC 3339 UTC.
    pub created: String,
    /// The coding's own range (in *all* excerpts it may reach beyond the excerpt).
    pub range: TextRange,
}

/// A retrieved passage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Excerpt {
    pub document: DocumentId,
    pub document_name: String,
    pub range: TextRange,
    /// The exact stored text of `range`.
    pub text: String,
    /// Number (from 1) of the paragraph where the excerpt starts, and where it ends.
    pub paragraph: usize,
    pub last_paragraph: usize,
    /// Context before and after the excerpt, as the query asked (empty for none).
    pub before: String,
    pub after: String,
    /// One coding for *any*; every contributing coding for *all*, by start.
    pub codings: Vec<ExcerptCoding>,
}

/// Longest quote a citation carries in full, in characters; longer ones keep their beginning
/// and end around an ellipsis.
pub const CITATION_QUOTE_CHARS: usize = 160;

impl Excerpt {
    /// The excerpt's id(s): `T-3F9A2C7K`, or several joined by `, ` for an *all* overlap.
    pub fn id_label(&self) -> String {
        self.codings
            .iter()
            .map(|c| c.excerpt_id.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// `¶14`, or `¶14–15` when the excerpt spans paragraphs.
    pub fn paragraph_label(&self) -> String {
        if self.last_paragraph > self.paragraph {
            format!("¶{}–{}", self.paragraph, self.last_paragraph)
        } else {
            format!("¶{}", self.paragraph)
        }
    }

    /// The code paths, distinct, joined by `; `.
    pub fn code_paths(&self) -> String {
        self.join(|c| c.code_path.as_str())
    }

    /// The coders, distinct, joined by `; `.
    pub fn coders(&self) -> String {
        self.join(|c| c.coder.as_str())
    }

    /// The creation times, distinct, joined by `; `.
    pub fn created(&self) -> String {
        self.join(|c| c.created.as_str())
    }

    /// The memo(s) of the coding(s), non-empty ones joined by a blank line.
    pub fn memo(&self) -> String {
        let memos: Vec<&str> = self
            .codings
            .iter()
            .map(|c| c.memo.trim())
            .filter(|m| !m.is_empty())
            .collect();
        memos.join("\n\n")
    }

    fn join<'a>(&'a self, field: impl Fn(&'a ExcerptCoding) -> &'a str) -> String {
        let mut seen: Vec<&str> = Vec::new();
        for c in &self.codings {
            let v = field(c);
            if !v.is_empty() && !seen.contains(&v) {
                seen.push(v);
            }
        }
        seen.join("; ")
    }

    /// A ready citation: `“quote” (DOCUMENT, ¶14) [T-3F9A2C7K]`. Whitespace runs become one
    /// space; a quote longer than [`CITATION_QUOTE_CHARS`] is shortened with an ellipsis in the
    /// middle (the full text stays in [`Excerpt::text`]).
    pub fn citation(&self) -> String {
        format!(
            "“{}” ({}, {}) [{}]",
            shorten_quote(&self.text, CITATION_QUOTE_CHARS),
            self.document_name,
            self.paragraph_label(),
            self.id_label()
        )
    }
}

/// `text` with whitespace runs as single spaces, and, if longer than `max` characters, cut to
/// its beginning and end at word boundaries around ` … `.
pub fn shorten_quote(text: &str, max: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let flat = words.join(" ");
    if text::char_len(&flat) <= max {
        return flat;
    }
    let half = max / 2;
    let mut head = String::new();
    for w in &words {
        if text::char_len(&head) + text::char_len(w) + 1 > half && !head.is_empty() {
            break;
        }
        if !head.is_empty() {
            head.push(' ');
        }
        head.push_str(w);
    }
    let mut tail: Vec<&str> = Vec::new();
    let mut tail_len = 0;
    for w in words.iter().rev() {
        if tail_len + text::char_len(w) + 1 > half && !tail.is_empty() {
            break;
        }
        tail_len += text::char_len(w) + 1;
        tail.push(w);
    }
    tail.reverse();
    // A single word longer than the limit is cut mid-word.
    let head: String = head.chars().take(half.max(1)).collect();
    let tail_joined = tail.join(" ");
    let skip = text::char_len(&tail_joined).saturating_sub(half.max(1));
    let tail: String = tail_joined.chars().skip(skip).collect();
    format!("{head} … {tail}")
}

/// A heading's worth of excerpts: one code (in *any*), or the chosen codes together (in
/// *all*).
#[derive(Debug, Clone)]
pub struct Section<'a> {
    /// The code path(s), joined by ` & ` in *all*.
    pub title: String,
    /// The codebook entries the title names (for descriptions and colours).
    pub codes: Vec<&'a CodebookEntry>,
    pub excerpts: Vec<&'a Excerpt>,
}

/// What [`retrieve`] found, with what exports need to label it.
#[derive(Debug, Clone)]
pub struct Retrieval {
    pub query: Query,
    pub project_name: String,
    /// The whole codebook in tree order (paths, colours, descriptions, counts).
    pub codebook: Vec<CodebookEntry>,
    pub excerpts: Vec<Excerpt>,
    /// Names of the chosen documents and coders (empty: all).
    pub document_names: Vec<String>,
    pub coder_names: Vec<String>,
}

impl Retrieval {
    fn entry(&self, id: CodeId) -> Option<&CodebookEntry> {
        self.codebook.iter().find(|e| e.code.id == id)
    }

    /// The excerpts under headings: one per code in codebook order for *any* (and for all
    /// codes), one for the chosen codes together for *all*. Within a heading, in the order of
    /// `excerpts`.
    pub fn sections(&self) -> Vec<Section<'_>> {
        if self.query.combine == Combine::All && self.query.codes.len() > 1 {
            let codes: Vec<&CodebookEntry> = self
                .query
                .codes
                .iter()
                .filter_map(|&id| self.entry(id))
                .collect();
            return vec![Section {
                title: codes
                    .iter()
                    .map(|e| e.path.as_str())
                    .collect::<Vec<_>>()
                    .join(" & "),
                codes,
                excerpts: self.excerpts.iter().collect(),
            }];
        }
        let rank: HashMap<CodeId, usize> = self
            .codebook
            .iter()
            .enumerate()
            .map(|(i, e)| (e.code.id, i))
            .collect();
        let mut buckets: Vec<Vec<&Excerpt>> = vec![Vec::new(); self.codebook.len()];
        for e in &self.excerpts {
            if let Some(&r) = e.codings.first().and_then(|c| rank.get(&c.code)) {
                buckets[r].push(e);
            }
        }
        self.codebook
            .iter()
            .zip(buckets)
            .filter(|(_, b)| !b.is_empty())
            .map(|(entry, excerpts)| Section {
                title: entry.path.clone(),
                codes: vec![entry],
                excerpts,
            })
            .collect()
    }

    /// Number of excerpts per code (a coding's own code; *all* excerpts count for each code
    /// that contributes), in codebook order, codes without excerpts left out.
    pub fn counts_by_code(&self) -> Vec<(CodeId, usize)> {
        let mut counts: HashMap<CodeId, usize> = HashMap::new();
        for e in &self.excerpts {
            let mut codes: Vec<CodeId> = e.codings.iter().map(|c| c.code).collect();
            codes.sort_unstable();
            codes.dedup();
            for c in codes {
                *counts.entry(c).or_default() += 1;
            }
        }
        self.codebook
            .iter()
            .filter_map(|e| counts.get(&e.code.id).map(|&n| (e.code.id, n)))
            .collect()
    }

    /// One line saying what was retrieved, for export headers: "Codes: A or B, not C ·
    /// Documents: … · Coders: …".
    pub fn describe(&self) -> String {
        let path = |id: &CodeId| self.entry(*id).map_or("?", |e| e.path.as_str()).to_owned();
        let with_sub = if self.query.subcodes {
            " (with subcodes)"
        } else {
            ""
        };
        let mut parts = Vec::new();
        if self.query.codes.is_empty() {
            parts.push(format!("Codes: all{with_sub}"));
        } else {
            let joiner = match self.query.combine {
                Combine::Any => " or ",
                Combine::All => " and ",
            };
            let names: Vec<String> = self.query.codes.iter().map(path).collect();
            parts.push(format!("Codes: {}{with_sub}", names.join(joiner)));
        }
        if !self.query.exclude.is_empty() {
            let names: Vec<String> = self.query.exclude.iter().map(path).collect();
            parts.push(format!("not coded: {}", names.join(", ")));
        }
        if !self.document_names.is_empty() {
            parts.push(format!("Documents: {}", self.document_names.join(", ")));
        }
        if !self.coder_names.is_empty() {
            parts.push(format!("Coders: {}", self.coder_names.join(", ")));
        }
        parts.push(format!("{} excerpt(s)", self.excerpts.len()));
        parts.join(" · ")
    }
}

/// The code ids `id` stands for: itself, and with `subcodes` all its descendants.
fn code_set(codebook: &[CodebookEntry], id: CodeId, subcodes: bool) -> HashSet<CodeId> {
    let mut set = HashSet::from([id]);
    if subcodes {
        // Tree order puts children after parents, so one forward pass finds all descendants.
        for e in codebook {
            if e.code.parent.is_some_and(|p| set.contains(&p)) {
                set.insert(e.code.id);
            }
        }
    }
    set
}

/// A document's text with a table from char offsets to byte offsets, built once per document
/// so that slicing thousands of excerpts is not quadratic.
struct Indexed<'a> {
    doc: &'a DocumentText,
    bytes: Vec<usize>,
    paragraphs: Vec<Paragraph>,
}

impl<'a> Indexed<'a> {
    fn new(doc: &'a DocumentText) -> Self {
        let bytes = doc
            .text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(doc.text.len()))
            .collect();
        Indexed {
            doc,
            bytes,
            paragraphs: text::paragraphs(&doc.text),
        }
    }

    fn chars(&self) -> usize {
        self.bytes.len() - 1
    }

    fn slice(&self, start: usize, end: usize) -> &'a str {
        let last = self.chars();
        let (s, e) = (start.min(last), end.min(last).max(start.min(last)));
        &self.doc.text[self.bytes[s]..self.bytes[e]]
    }

    fn paragraph_numbers(&self, range: TextRange) -> (usize, usize) {
        let first = text::paragraph_number(&self.paragraphs, range.start);
        let last = text::paragraph_number(&self.paragraphs, range.end.saturating_sub(1));
        (first, last.max(first))
    }

    fn context(&self, range: TextRange, context: Context) -> (String, String) {
        match context {
            Context::None => (String::new(), String::new()),
            Context::Chars(n) => (
                self.slice(range.start.saturating_sub(n), range.start)
                    .to_owned(),
                self.slice(range.end, range.end.saturating_add(n))
                    .to_owned(),
            ),
            Context::Paragraph => {
                let (first, last) = self.paragraph_numbers(range);
                let para_start = self
                    .paragraphs
                    .get(first - 1)
                    .map_or(range.start, |p| p.range.start.min(range.start));
                let para_end = self
                    .paragraphs
                    .get(last - 1)
                    .map_or(range.end, |p| p.range.end.max(range.end));
                (
                    self.slice(para_start, range.start).to_owned(),
                    self.slice(range.end, para_end).to_owned(),
                )
            }
        }
    }
}

/// Names and paths the excerpts need, loaded once.
struct Labels {
    paths: HashMap<CodeId, (String, String)>,
    coders: HashMap<CoderId, String>,
}

impl Labels {
    fn load(store: &Store, codebook: &[CodebookEntry]) -> Result<Labels> {
        Ok(Labels {
            paths: codebook
                .iter()
                .map(|e| (e.code.id, (e.path.clone(), e.code.color.clone())))
                .collect(),
            coders: store
                .coders()?
                .into_iter()
                .map(|c| (c.id, c.name))
                .collect(),
        })
    }

    fn coding(&self, c: &Coding) -> ExcerptCoding {
        let (path, color) = self.paths.get(&c.code).cloned().unwrap_or_default();
        ExcerptCoding {
            coding: c.id,
            excerpt_id: ExcerptId::from_guid(&c.guid),
            code: c.code,
            code_path: path,
            color,
            coder: self.coders.get(&c.coder).cloned().unwrap_or_default(),
            memo: c.memo.clone(),
            created: c.created_at.clone(),
            range: c.range,
        }
    }
}

/// Runs `query` on the project: one query for the codings, one for the texts of the documents
/// that have excerpts, then [`combine`] and the excerpts' text, paragraph numbers and context.
pub fn retrieve(project: &Project, query: &Query) -> Result<Retrieval> {
    let store = project.store();
    let codebook = project.codebook()?;
    let groups: Vec<HashSet<CodeId>> = query
        .codes
        .iter()
        .map(|&id| code_set(&codebook, id, query.subcodes))
        .collect();
    let exclude: HashSet<CodeId> = query
        .exclude
        .iter()
        .flat_map(|&id| code_set(&codebook, id, query.subcodes))
        .collect();
    let mut wanted: Vec<CodeId> = Vec::new();
    if !groups.is_empty() {
        wanted.extend(groups.iter().flatten().copied());
        wanted.extend(exclude.iter().copied());
        wanted.sort_unstable();
        wanted.dedup();
    }
    let codings = store.codings_matching(&CodingFilter {
        codes: wanted,
        documents: query.documents.clone(),
        coders: query.coders.clone(),
    })?;
    // With every code wanted, excluded codes are simply not among the groups.
    let (groups, how) = if groups.is_empty() && !exclude.is_empty() {
        let rest: HashSet<CodeId> = codebook
            .iter()
            .map(|e| e.code.id)
            .filter(|id| !exclude.contains(id))
            .collect();
        (vec![rest], Combine::Any)
    } else {
        (groups, query.combine)
    };
    let passages = combine(&codings, &groups, how, &exclude);

    let mut doc_ids: Vec<DocumentId> = passages.iter().map(|p| p.document).collect();
    doc_ids.dedup();
    doc_ids.sort_unstable();
    doc_ids.dedup();
    let texts = store.document_texts(&doc_ids)?;
    let labels = Labels::load(store, &codebook)?;
    let rank: HashMap<CodeId, usize> = codebook
        .iter()
        .enumerate()
        .map(|(i, e)| (e.code.id, i))
        .collect();
    let doc_rank: HashMap<DocumentId, usize> =
        texts.iter().enumerate().map(|(i, d)| (d.id, i)).collect();

    let mut excerpts = Vec::with_capacity(passages.len());
    let mut start = 0;
    while start < passages.len() {
        let doc = passages[start].document;
        let end = start + passages[start..].partition_point(|p| p.document == doc);
        if let Some(text) = doc_rank.get(&doc).map(|&i| &texts[i]) {
            let indexed = Indexed::new(text);
            for p in &passages[start..end] {
                let (paragraph, last_paragraph) = indexed.paragraph_numbers(p.range);
                let (before, after) = indexed.context(p.range, query.context);
                excerpts.push(Excerpt {
                    document: doc,
                    document_name: text.name.clone(),
                    range: p.range,
                    text: indexed.slice(p.range.start, p.range.end).to_owned(),
                    paragraph,
                    last_paragraph,
                    before,
                    after,
                    codings: p
                        .codings
                        .iter()
                        .map(|&i| labels.coding(&codings[i]))
                        .collect(),
                });
            }
        }
        start = end;
    }
    let code_rank = |e: &Excerpt| {
        e.codings
            .iter()
            .filter_map(|c| rank.get(&c.code).copied())
            .min()
            .unwrap_or(usize::MAX)
    };
    let doc_key = |e: &Excerpt| doc_rank.get(&e.document).copied().unwrap_or(usize::MAX);
    match query.order {
        Order::Document => {
            excerpts.sort_by_cached_key(|e| (doc_key(e), e.range.start, e.range.end, code_rank(e)));
        }
        Order::Code => {
            excerpts.sort_by_cached_key(|e| (code_rank(e), doc_key(e), e.range.start, e.range.end));
        }
    }

    let document_names = if query.documents.is_empty() {
        Vec::new()
    } else {
        let summaries = store.document_summaries()?;
        summaries
            .into_iter()
            .filter(|d| query.documents.contains(&d.id))
            .map(|d| d.name)
            .collect()
    };
    let coder_names = query
        .coders
        .iter()
        .filter_map(|c| labels.coders.get(c).cloned())
        .collect();
    Ok(Retrieval {
        query: query.clone(),
        project_name: store.project_name()?,
        codebook,
        excerpts,
        document_names,
        coder_names,
    })
}

/// The excerpt of one coding, with `context` around it (what `tamga show` prints).
pub fn excerpt_of(project: &Project, coding: CodingId, context: Context) -> Result<Excerpt> {
    let store = project.store();
    let c = store.coding(coding)?;
    let codebook = project.codebook()?;
    let labels = Labels::load(store, &codebook)?;
    let texts = store.document_texts(&[c.document])?;
    let text = texts.first().ok_or(StoreError::NotFound {
        kind: "document",
        id: c.document.0,
    })?;
    let indexed = Indexed::new(text);
    let (paragraph, last_paragraph) = indexed.paragraph_numbers(c.range);
    let (before, after) = indexed.context(c.range, context);
    Ok(Excerpt {
        document: c.document,
        document_name: text.name.clone(),
        range: c.range,
        text: c.text.clone(),
        paragraph,
        last_paragraph,
        before,
        after,
        codings: vec![labels.coding(&c)],
    })
}

/// A whole document with its codings, for the coded-document export.
#[derive(Debug, Clone)]
pub struct CodedDocument {
    pub name: String,
    pub project_name: String,
    pub text: String,
    pub paragraphs: Vec<Paragraph>,
    /// By start, then end.
    pub codings: Vec<ExcerptCoding>,
}

/// A stretch of a paragraph with the same codings over all of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Index into [`CodedDocument::paragraphs`].
    pub paragraph: usize,
    pub range: TextRange,
    /// Indices into [`CodedDocument::codings`] covering this run, by start.
    pub codings: Vec<usize>,
}

impl CodedDocument {
    /// The text split into runs, paragraph by paragraph, at every coding's start and end: one
    /// sweep over sorted boundaries.
    pub fn runs(&self) -> Vec<Run> {
        // Events: (offset, +coding at start | -coding at end), ends before starts.
        let mut events: Vec<(usize, bool, usize)> = Vec::with_capacity(self.codings.len() * 2);
        for (i, c) in self.codings.iter().enumerate() {
            if !c.range.is_empty() {
                events.push((c.range.start, true, i));
                events.push((c.range.end, false, i));
            }
        }
        events.sort_unstable_by_key(|&(at, starts, i)| (at, starts, i));
        let mut active: Vec<usize> = Vec::new();
        let mut next = 0;
        let mut out = Vec::new();
        for (p, para) in self.paragraphs.iter().enumerate() {
            let mut at = para.range.start;
            loop {
                while next < events.len() && events[next].0 <= at {
                    let (_, starts, i) = events[next];
                    if starts {
                        active.push(i);
                    } else {
                        active.retain(|&a| a != i);
                    }
                    next += 1;
                }
                let until = events
                    .get(next)
                    .map_or(para.range.end, |e| e.0.min(para.range.end));
                if until > at {
                    let mut codings = active.clone();
                    codings.sort_unstable();
                    out.push(Run {
                        paragraph: p,
                        range: TextRange::new(at, until),
                        codings,
                    });
                }
                if until >= para.range.end {
                    break;
                }
                at = until;
            }
        }
        out
    }

    /// The text of `range` (char offsets).
    pub fn slice(&self, range: TextRange) -> &str {
        text::slice_chars(&self.text, range).unwrap_or("")
    }
}

/// Loads a document with its codings (only those by `coders`, if any are given).
pub fn coded_document(
    project: &Project,
    document: DocumentId,
    coders: &[CoderId],
) -> Result<CodedDocument> {
    let store = project.store();
    let codebook = project.codebook()?;
    let labels = Labels::load(store, &codebook)?;
    let text = store
        .document_texts(&[document])?
        .into_iter()
        .next()
        .ok_or(StoreError::NotFound {
            kind: "document",
            id: document.0,
        })?;
    let codings = store
        .codings_matching(&CodingFilter {
            codes: Vec::new(),
            documents: vec![document],
            coders: coders.to_vec(),
        })?
        .iter()
        .map(|c| labels.coding(c))
        .collect();
    Ok(CodedDocument {
        paragraphs: text::paragraphs(&text.text),
        name: text.name,
        project_name: store.project_name()?,
        text: text.text,
        codings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Edit, NewDocument, Snapshot};

    const KAZAKH: &str = "Біз Қазақстанға келдік.\n“Қазақстан — біздің тарихи отан,” деді ол.\n\n他说：“历史故乡”是我们的家。 She said: ’we came back’ and stayed.\n\nThird paragraph about citizenship and visas.";
    const ENGLISH: &str = "We moved to Almaty in 1993.\n\nMy children learned Russian at school.";

    struct Fixture {
        _dir: tempfile::TempDir,
        project: Project,
        kazakh: DocumentId,
        english: DocumentId,
        homeland: CodeId,
        historical: CodeId,
        ret: CodeId,
        language: CodeId,
    }

    fn import(project: &mut Project, name: &str, text: &str) -> DocumentId {
        match project
            .execute(Edit::ImportDocument(NewDocument {
                name: name.into(),
                text: text.into(),
                original_name: format!("{name}.txt"),
                format: "txt".into(),
                encoding: "UTF-8".into(),
                source: Vec::new(),
                pages: Vec::new(),
            }))
            .unwrap()
        {
            Edit::DeleteDocument { id } => id,
            other => panic!("{other:?}"),
        }
    }

    fn code(f: &mut Fixture, doc: DocumentId, code: CodeId, quote: &str, coder: &str, memo: &str) {
        let text = if doc == f.kazakh { KAZAKH } else { ENGLISH };
        let range = text::find_occurrence(text, quote, 1).unwrap();
        f.project
            .execute(Edit::ApplyCoding {
                document: doc,
                code,
                range,
                coder: coder.into(),
                memo: memo.into(),
            })
            .unwrap();
    }

    /// Two documents; Homeland (with subcode historical), Return, Language; two coders.
    fn fixture() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let mut project =
            Project::create(&dir.path().join("r.tamga"), "Fieldwork", "Aigerim").unwrap();
        let kazakh = import(&mut project, "Интервью 1", KAZAKH);
        let english = import(&mut project, "Interview 2", ENGLISH);
        let homeland = project.ensure_code_path("Homeland").unwrap();
        let historical = project.ensure_code_path("Homeland/historical").unwrap();
        let ret = project.ensure_code_path("Return").unwrap();
        let language = project.ensure_code_path("Language").unwrap();
        let mut f = Fixture {
            _dir: dir,
            project,
            kazakh,
            english,
            homeland,
            historical,
            ret,
            language,
        };
        let (k, e) = (f.kazakh, f.english);
        // Homeland over the whole second line; historical inside it; Return overlapping its end
        // and running into paragraph 2.
        code(
            &mut f,
            k,
            homeland,
            "“Қазақстан — біздің тарихи отан,” деді ол.",
            "Aigerim",
            "homeland claim",
        );
        code(&mut f, k, historical, "тарихи отан", "Aigerim", "emic term");
        code(
            &mut f,
            k,
            ret,
            "отан,” деді ол.\n\n他说：“历史故乡”",
            "Bolat",
            "",
        );
        code(&mut f, k, homeland, "历史故乡", "Bolat", "Chinese term");
        code(&mut f, k, language, "’we came back’", "Aigerim", "");
        code(&mut f, e, ret, "We moved to Almaty in 1993.", "Aigerim", "");
        code(&mut f, e, language, "learned Russian", "Bolat", "");
        f
    }

    fn texts(r: &Retrieval) -> Vec<&str> {
        r.excerpts.iter().map(|e| e.text.as_str()).collect()
    }

    fn coder(f: &Fixture, name: &str) -> CoderId {
        f.project.store().coder_by_name(name).unwrap().unwrap()
    }

    #[test]
    fn any_returns_each_coding_of_the_chosen_codes() {
        let f = fixture();
        let r = retrieve(
            &f.project,
            &Query {
                codes: vec![f.ret, f.language],
                ..Query::default()
            },
        )
        .unwrap();
        assert_eq!(r.excerpts.len(), 4);
        assert_eq!(
            texts(&r),
            [
                "отан,” деді ол.\n\n他说：“历史故乡”",
                "’we came back’",
                "We moved to Almaty in 1993.",
                "learned Russian"
            ]
        );
        // Every code, when none is chosen.
        assert_eq!(
            retrieve(&f.project, &Query::default())
                .unwrap()
                .excerpts
                .len(),
            7
        );
    }

    #[test]
    fn all_returns_the_overlap_with_every_contributing_coding() {
        let f = fixture();
        let r = retrieve(
            &f.project,
            &Query {
                codes: vec![f.homeland, f.ret],
                combine: Combine::All,
                ..Query::default()
            },
        )
        .unwrap();
        assert_eq!(texts(&r), ["отан,” деді ол.", "历史故乡"]);
        let first = &r.excerpts[0];
        assert_eq!(first.codings.len(), 2);
        assert_eq!(first.code_paths(), "Homeland; Return");
        assert_eq!(first.paragraph_label(), "¶1");
        assert_eq!(r.excerpts[1].paragraph, 2);
        assert_eq!(r.sections().len(), 1);
        assert_eq!(r.sections()[0].title, "Homeland & Return");
        // With subcodes, historical counts as Homeland: its overlap with Return joins in.
        let with_sub = retrieve(
            &f.project,
            &Query {
                codes: vec![f.homeland, f.ret],
                combine: Combine::All,
                subcodes: true,
                ..Query::default()
            },
        )
        .unwrap();
        assert_eq!(texts(&with_sub), ["отан,” деді ол.", "历史故乡"]);
        assert_eq!(with_sub.excerpts[0].codings.len(), 3);
        // No overlap at all: nothing.
        let none = retrieve(
            &f.project,
            &Query {
                codes: vec![f.ret, f.language],
                combine: Combine::All,
                ..Query::default()
            },
        )
        .unwrap();
        assert!(none.excerpts.is_empty());
    }

    #[test]
    fn not_drops_whole_passages_that_an_excluded_coding_overlaps() {
        let f = fixture();
        let r = retrieve(
            &f.project,
            &Query {
                codes: vec![f.homeland],
                exclude: vec![f.ret],
                ..Query::default()
            },
        )
        .unwrap();
        assert!(r.excerpts.is_empty(), "{:?}", texts(&r));
        let r = retrieve(
            &f.project,
            &Query {
                codes: vec![f.ret],
                exclude: vec![f.language],
                ..Query::default()
            },
        )
        .unwrap();
        assert_eq!(r.excerpts.len(), 2);
        // Every code but Language and its overlaps.
        let r = retrieve(
            &f.project,
            &Query {
                exclude: vec![f.language],
                ..Query::default()
            },
        )
        .unwrap();
        assert_eq!(r.excerpts.len(), 5);
        assert!(r.excerpts.iter().all(|e| e.code_paths() != "Language"));
    }

    #[test]
    fn subcodes_are_included_only_when_asked() {
        let f = fixture();
        let q = Query {
            codes: vec![f.homeland],
            ..Query::default()
        };
        assert_eq!(retrieve(&f.project, &q).unwrap().excerpts.len(), 2);
        let r = retrieve(
            &f.project,
            &Query {
                subcodes: true,
                order: Order::Code,
                ..q
            },
        )
        .unwrap();
        assert_eq!(r.excerpts.len(), 3);
        assert_eq!(r.counts_by_code(), [(f.homeland, 2), (f.historical, 1)]);
        let sections = r.sections();
        assert_eq!(sections.len(), 2);
        assert_eq!(sections[1].title, "Homeland/historical");
        assert_eq!(sections[1].excerpts[0].text, "тарихи отан");
    }

    #[test]
    fn documents_and_coders_restrict_every_coding() {
        let f = fixture();
        let r = retrieve(
            &f.project,
            &Query {
                documents: vec![f.english],
                ..Query::default()
            },
        )
        .unwrap();
        assert_eq!(
            texts(&r),
            ["We moved to Almaty in 1993.", "learned Russian"]
        );
        assert_eq!(r.document_names, ["Interview 2"]);
        let bolat = coder(&f, "Bolat");
        let r = retrieve(
            &f.project,
            &Query {
                coders: vec![bolat],
                ..Query::default()
            },
        )
        .unwrap();
        assert_eq!(r.excerpts.len(), 3);
        assert!(r.excerpts.iter().all(|e| e.coders() == "Bolat"));
        // Homeland but not Return, as Aigerim coded: Bolat's Return coding is outside that view.
        let aigerim = coder(&f, "Aigerim");
        let r = retrieve(
            &f.project,
            &Query {
                codes: vec![f.homeland],
                exclude: vec![f.ret],
                coders: vec![aigerim],
                ..Query::default()
            },
        )
        .unwrap();
        assert_eq!(texts(&r), ["“Қазақстан — біздің тарихи отан,” деді ол."]);
        assert!(r.describe().contains("Coders: Aigerim"), "{}", r.describe());
    }

    #[test]
    fn excerpts_carry_paragraph_context_memo_and_citation() {
        let f = fixture();
        let r = retrieve(
            &f.project,
            &Query {
                codes: vec![f.historical],
                context: Context::Paragraph,
                ..Query::default()
            },
        )
        .unwrap();
        let e = &r.excerpts[0];
        assert_eq!(e.text, "тарихи отан");
        assert_eq!(e.before, "Біз Қазақстанға келдік.\n“Қазақстан — біздің ");
        assert_eq!(e.after, ",” деді ол.");
        assert_eq!(e.memo(), "emic term");
        assert_eq!(e.document_name, "Интервью 1");
        let id = e.codings[0].excerpt_id;
        assert_eq!(
            e.citation(),
            format!("“тарихи отан” (Интервью 1, ¶1) [{id}]")
        );
        assert_eq!(e.codings[0].code_path, "Homeland/historical");
        assert!(e.codings[0].color.starts_with('#'));

        let r = retrieve(
            &f.project,
            &Query {
                codes: vec![f.language],
                context: Context::Chars(5),
                documents: vec![f.english],
                ..Query::default()
            },
        )
        .unwrap();
        assert_eq!(r.excerpts[0].before, "dren ");
        assert_eq!(r.excerpts[0].after, " at s");
        // Context at the very end of a document stops there.
        let r = retrieve(
            &f.project,
            &Query {
                codes: vec![f.ret],
                context: Context::Chars(500),
                documents: vec![f.english],
                ..Query::default()
            },
        )
        .unwrap();
        assert_eq!(r.excerpts[0].before, "");
        assert_eq!(
            r.excerpts[0].after,
            "\n\nMy children learned Russian at school."
        );
    }

    #[test]
    fn long_quotes_are_shortened_in_citations_only() {
        let words = "тарихи отан ".repeat(40);
        let short = shorten_quote(&words, 60);
        assert!(short.contains(" … "), "{short}");
        assert!(text::char_len(&short) <= 64, "{short}");
        assert!(short.starts_with("тарихи отан"));
        assert!(short.ends_with("тарихи отан"));
        assert_eq!(shorten_quote("a\n\n  b", 60), "a b");
        let one_word = "历".repeat(300);
        assert!(text::char_len(&shorten_quote(&one_word, 60)) <= 64);
    }

    #[test]
    fn excerpt_ids_are_eight_crockford_characters_from_the_guid() {
        let id = ExcerptId::from_guid("3f9a2c7d-1e00-4000-8000-000000000000");
        // 0x3f9a2c7d1e = 40 bits -> 8 base32 digits.
        assert_eq!(id.to_string(), "T-7YD2RZ8Y");
        assert_eq!(id.code().len(), EXCERPT_ID_LEN);
        assert_eq!(
            ExcerptId::from_guid("3F9A2C7D-1E00-4000-8000-000000000000"),
            id
        );
        let other = ExcerptId::from_guid("not-a-hex-guid");
        assert_eq!(other.code().len(), EXCERPT_ID_LEN);
        assert_eq!(parse_excerpt_id("t-7yd2rz8y").as_deref(), Some("7YD2RZ8Y"));
        assert_eq!(parse_excerpt_id("T-OIL").as_deref(), Some("011"));
        assert_eq!(parse_excerpt_id("T-7YD2RZ8YX"), None);
        assert_eq!(parse_excerpt_id("T-U"), None);
    }

    #[test]
    fn excerpt_ids_resolve_by_guid_prefix_and_ambiguity_shows() {
        let f = fixture();
        let codings = f.project.store().all_codings().unwrap();
        for c in &codings {
            let id = ExcerptId::from_guid(&c.guid);
            assert_eq!(
                resolve_excerpt_id(f.project.store(), &id.to_string()).unwrap(),
                [c.id]
            );
            assert_eq!(
                resolve_excerpt_id(f.project.store(), &id.code().to_lowercase()).unwrap(),
                [c.id]
            );
            assert_eq!(
                resolve_excerpt_id(f.project.store(), &c.guid).unwrap(),
                [c.id]
            );
        }
        // Two codings whose GUIDs share their first 36 bits share the first 7 id characters.
        let mut project = f.project;
        let template = codings[0].clone();
        let twins: Vec<Coding> = ["3f9a2c7d10", "3f9a2c7d1f"]
            .iter()
            .enumerate()
            .map(|(i, head)| Coding {
                id: CodingId(1000 + i as i64),
                guid: format!("{}-{}00-4000-8000-000000000000", &head[..8], &head[8..]),
                ..template.clone()
            })
            .collect();
        project
            .execute(Edit::Restore(Box::new(Snapshot {
                codings: twins,
                ..Snapshot::default()
            })))
            .unwrap();
        let first = ExcerptId::from_guid("3f9a2c7d-1000-4000-8000-000000000000");
        let found = resolve_excerpt_id(project.store(), &first.code()[..6]).unwrap();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            resolve_excerpt_id(project.store(), "T-ZZZZZZZZ")
                .unwrap()
                .is_empty()
        );
        assert!(resolve_excerpt_id(project.store(), "not an id!").is_err());
    }

    fn coding(id: i64, doc: i64, code: i64, start: usize, end: usize) -> Coding {
        Coding {
            id: CodingId(id),
            guid: format!("{id:08x}-0000-4000-8000-000000000000"),
            document: DocumentId(doc),
            code: CodeId(code),
            range: TextRange::new(start, end),
            text: String::new(),
            coder: CoderId(1),
            created_at: String::new(),
            memo: String::new(),
        }
    }

    #[test]
    fn combine_all_intersects_coverage_of_three_codes_per_document() {
        let codings = vec![
            coding(1, 1, 1, 0, 10),
            coding(2, 1, 1, 8, 30),
            coding(3, 1, 2, 5, 25),
            coding(4, 1, 3, 0, 100),
            coding(5, 2, 1, 0, 10),
            coding(6, 2, 2, 10, 20), // touches but does not overlap code 1
            coding(7, 2, 3, 0, 20),
        ];
        let groups: Vec<HashSet<CodeId>> = (1..=3).map(|c| HashSet::from([CodeId(c)])).collect();
        let passages = combine(&codings, &groups, Combine::All, &HashSet::new());
        assert_eq!(passages.len(), 1);
        assert_eq!(passages[0].range, TextRange::new(5, 25));
        assert_eq!(passages[0].codings, [0, 3, 2, 1]);
        let excluded = HashSet::from([CodeId(2)]);
        let any = combine(&codings, &groups[..1], Combine::Any, &excluded);
        assert_eq!(any.iter().map(|p| p.codings[0]).collect::<Vec<_>>(), [4]);
    }
}
