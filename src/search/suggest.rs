//! "Passages like these": for a code, the uncoded sentences or paragraphs most like the
//! passages already coded with it, each with the words that make it alike. Offline and
//! explainable: no model weights, only the project's own words.
//!
//! The ranking is BM25 (k1 = 1.2, b = 0.75) over the units (sentences or paragraphs) of every
//! document, with the code's passages as the query: each word weighs the share of the code's
//! passages that contain it. A word found in most of the code's passages and in few other units
//! counts most; words common everywhere (idf) count little. Words are the search index's
//! folded words; runs of Chinese characters are cut into words by jieba.
//!
//! A unit is left out when a coding of the code touches it, when it was rejected for the code
//! (`Edit::RejectSuggestion`), or when it has fewer than three words. Nothing here changes the
//! project: [`accept`] and [`reject`] give the edits to apply.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::Serialize;

use super::autocode::Coverage;
use super::index::{Field, SearchIndex, Source};
use super::units::{self, Unit};
use super::words::is_han;
use crate::domain::{CodeId, DocumentId, Edit, TextRange};
use crate::store::{CodingFilter, Store, StoreError};

const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Units with fewer words than this ("Yes.", "Mm.") are never suggested.
const MIN_WORDS: usize = 3;
/// Words shown as the reason for a suggestion.
const REASON_WORDS: usize = 5;

/// A suggested passage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// The document.
    pub document: DocumentId,
    /// The sentence or paragraph, in characters.
    pub range: TextRange,
    /// Its text.
    pub text: String,
    /// Its BM25 score (higher is more alike); comparable within one ranking only.
    pub score: f64,
    /// The words that made it alike, strongest first, as written in the passage.
    pub words: Vec<String>,
}

/// A word of a document for ranking: where it lies and its id.
#[derive(Debug, Clone, Copy)]
struct Word {
    start: u32,
    end: u32,
    term: u32,
}

#[derive(Debug)]
struct Passage {
    document: DocumentId,
    range: TextRange,
    /// (word id, count), sorted by word id.
    terms: Vec<(u32, u32)>,
    len: u32,
    /// Where its words are in the document's word list.
    words: std::ops::Range<usize>,
}

/// The units of every document with their word counts: built once per set of documents (it
/// does not depend on codings), then asked for any code. Pure computation once built: build it
/// on a worker thread for a large project.
#[derive(Debug)]
pub struct Ranker {
    unit: Unit,
    passages: Vec<Passage>,
    /// Each document's words, in order.
    documents: HashMap<DocumentId, Vec<Word>>,
    /// Number of units each word occurs in.
    df: Vec<u32>,
    average_len: f64,
}

fn jieba() -> &'static jieba_rs::Jieba {
    static JIEBA: OnceLock<jieba_rs::Jieba> = OnceLock::new();
    JIEBA.get_or_init(jieba_rs::Jieba::new)
}

impl Ranker {
    /// Cuts every document of the index into units and counts their words.
    pub fn build(index: &SearchIndex, unit: Unit) -> Ranker {
        let mut han_words: HashMap<String, u32> = HashMap::new();
        let base = index.vocabulary() as u32;
        let mut passages = Vec::new();
        let mut documents = HashMap::new();
        for document in index.documents() {
            let Some((text, tokens)) = index.document_tokens(document) else {
                continue;
            };
            let offsets = tokens.offsets;
            let mut words: Vec<Word> = Vec::with_capacity(tokens.len());
            // A run of Han characters standing side by side, waiting to be cut into words.
            let mut run: Option<(usize, usize)> = None;
            let mut flush = |run: &mut Option<(usize, usize)>, words: &mut Vec<Word>| {
                let Some((start, end)) = run.take() else {
                    return;
                };
                let piece = offsets
                    .slice(text, TextRange::new(start, end))
                    .unwrap_or_default();
                for token in jieba().cut(piece, true) {
                    let next = han_words.len() as u32;
                    let term = *han_words
                        .entry(token.word.to_owned())
                        .or_insert(base + next);
                    words.push(Word {
                        start: (start + token.start) as u32,
                        end: (start + token.end) as u32,
                        term,
                    });
                }
            };
            for (start, end, term) in tokens.iter() {
                let han = end == start + 1
                    && offsets
                        .slice(text, TextRange::new(start, end))
                        .and_then(|s| s.chars().next())
                        .is_some_and(is_han);
                if han {
                    match run.as_mut() {
                        Some((_, run_end)) if *run_end == start => *run_end = end,
                        _ => {
                            flush(&mut run, &mut words);
                            run = Some((start, end));
                        }
                    }
                } else {
                    flush(&mut run, &mut words);
                    words.push(Word {
                        start: start as u32,
                        end: end as u32,
                        term,
                    });
                }
            }
            flush(&mut run, &mut words);

            let mut w = 0;
            for range in units::units(text, unit) {
                while w < words.len() && (words[w].start as usize) < range.start {
                    w += 1;
                }
                let first = w;
                while w < words.len() && (words[w].end as usize) <= range.end {
                    w += 1;
                }
                let mut terms: Vec<u32> = words[first..w].iter().map(|x| x.term).collect();
                let len = terms.len() as u32;
                terms.sort_unstable();
                let mut counted: Vec<(u32, u32)> = Vec::new();
                for t in terms {
                    match counted.last_mut() {
                        Some((last, n)) if *last == t => *n += 1,
                        _ => counted.push((t, 1)),
                    }
                }
                passages.push(Passage {
                    document,
                    range,
                    terms: counted,
                    len,
                    words: first..w,
                });
            }
            documents.insert(document, words);
        }
        let vocabulary = base as usize + han_words.len();
        let mut df = vec![0u32; vocabulary];
        let mut total_len = 0u64;
        for p in &passages {
            total_len += u64::from(p.len);
            for &(t, _) in &p.terms {
                df[t as usize] += 1;
            }
        }
        let average_len = if passages.is_empty() {
            1.0
        } else {
            (total_len as f64 / passages.len() as f64).max(1.0)
        };
        Ranker {
            unit,
            passages,
            documents,
            df,
            average_len,
        }
    }

    /// The unit this ranker ranks.
    pub fn unit(&self) -> Unit {
        self.unit
    }

    fn idf(&self, term: u32) -> f64 {
        let n = self.passages.len() as f64;
        let df = f64::from(self.df.get(term as usize).copied().unwrap_or(0));
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// The `limit` units most like the passages coded with `code`, best first. Empty when the
    /// code has no coded passages yet. `index` is the one the ranker was built from (or a
    /// refreshed one): it gives the passages' text.
    pub fn suggest(
        &self,
        index: &SearchIndex,
        store: &Store,
        code: CodeId,
        limit: usize,
    ) -> Result<Vec<Suggestion>, StoreError> {
        let filter = CodingFilter {
            codes: vec![code],
            ..CodingFilter::default()
        };
        let codings = store.codings_matching(&filter)?;
        // In how many of the code's passages each word occurs.
        let mut share: HashMap<u32, f64> = HashMap::new();
        let mut coded_passages = 0usize;
        let mut coded: HashMap<DocumentId, Vec<TextRange>> = HashMap::new();
        for coding in &codings {
            coded.entry(coding.document).or_default().push(coding.range);
            let Some(words) = self.documents.get(&coding.document) else {
                continue;
            };
            let first = words.partition_point(|w| (w.start as usize) < coding.range.start);
            let seen: HashSet<u32> = words[first..]
                .iter()
                .take_while(|w| (w.end as usize) <= coding.range.end)
                .map(|w| w.term)
                .collect();
            if seen.is_empty() {
                continue;
            }
            coded_passages += 1;
            for term in seen {
                *share.entry(term).or_default() += 1.0;
            }
        }
        if coded_passages == 0 {
            return Ok(Vec::new());
        }
        let mut weight = vec![0f64; self.df.len()];
        for (&term, &count) in &share {
            weight[term as usize] = count / coded_passages as f64 * self.idf(term);
        }
        let coded: HashMap<DocumentId, Coverage> = coded
            .into_iter()
            .map(|(d, ranges)| (d, Coverage::new(ranges)))
            .collect();
        let rejected: HashSet<(DocumentId, TextRange)> = store
            .rejections(code)?
            .into_iter()
            .map(|r| (r.document, r.range))
            .collect();

        let mut scored: Vec<(f64, usize)> = Vec::new();
        for (i, p) in self.passages.iter().enumerate() {
            if (p.len as usize) < MIN_WORDS {
                continue;
            }
            let score = self.score(p, &weight);
            if score <= 0.0
                || rejected.contains(&(p.document, p.range))
                || coded.get(&p.document).is_some_and(|c| c.touches(p.range))
            {
                continue;
            }
            scored.push((score, i));
        }
        scored.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.truncate(limit);
        Ok(scored
            .into_iter()
            .map(|(score, i)| self.explain(index, &self.passages[i], score, &weight))
            .collect())
    }

    fn tf_part(&self, tf: u32, len: u32) -> f64 {
        let tf = f64::from(tf);
        tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * f64::from(len) / self.average_len))
    }

    fn score(&self, p: &Passage, weight: &[f64]) -> f64 {
        p.terms
            .iter()
            .map(|&(t, tf)| {
                let w = weight[t as usize];
                if w == 0.0 {
                    0.0
                } else {
                    w * self.tf_part(tf, p.len)
                }
            })
            .sum()
    }

    fn explain(&self, index: &SearchIndex, p: &Passage, score: f64, weight: &[f64]) -> Suggestion {
        let mut parts: Vec<(f64, u32)> = p
            .terms
            .iter()
            .map(|&(t, tf)| (weight[t as usize] * self.tf_part(tf, p.len), t))
            .filter(|(c, _)| *c > 0.0)
            .collect();
        parts.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let source = Source::Document(p.document);
        let passage = |range: TextRange| index.passage(source, Field::Text, range);
        let words = self
            .documents
            .get(&p.document)
            .map_or(&[][..], Vec::as_slice);
        let reasons = parts
            .iter()
            .take(REASON_WORDS)
            .filter_map(|&(_, term)| {
                let w = words
                    .get(p.words.clone())?
                    .iter()
                    .find(|w| w.term == term)?;
                passage(TextRange::new(w.start as usize, w.end as usize)).map(str::to_owned)
            })
            .collect();
        Suggestion {
            document: p.document,
            range: p.range,
            text: passage(p.range).unwrap_or_default().to_owned(),
            score,
            words: reasons,
        }
    }
}

/// The edit that accepts a suggestion: apply the code to the passage.
pub fn accept(suggestion: &Suggestion, code: CodeId, coder: &str) -> Edit {
    Edit::ApplyCoding {
        document: suggestion.document,
        code,
        range: suggestion.range,
        coder: coder.to_owned(),
        memo: String::new(),
    }
}

/// The edit that rejects a suggestion: never suggest the passage for the code again.
pub fn reject(suggestion: &Suggestion, code: CodeId, coder: &str) -> Edit {
    Edit::RejectSuggestion {
        code,
        document: suggestion.document,
        range: suggestion.range,
        coder: coder.to_owned(),
        rejected_at: None,
    }
}
