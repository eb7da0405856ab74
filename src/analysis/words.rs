//! Word frequencies and keywords in context over chosen documents, cases and codes.
//!
//! Words are found the same way for both: Unicode word boundaries (UAX #29) for every script
//! but Chinese, and for runs of Han characters the jieba dictionary segmenter (Unicode word
//! boundaries alone would split Chinese into single characters). Words are compared in lower
//! case; tokens without a letter (numbers, punctuation) are not words. Stop words are left out
//! of frequencies (built-in lists for English, Russian and Kazakh, or the caller's own list);
//! a keyword in context can be any word, stop word or not.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use jieba_rs::Jieba;
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use super::chart::{Bar, BarChart};
use super::corpus::{Corpus, CorpusDocument};
use super::table::{Cell, Table};
use super::{AnalysisError, Result};
use crate::domain::{CodeId, DocumentId, TextRange};
use crate::retrieval::merge_ranges;
use crate::text;

/// The segmenter, loaded once per process (about 0.2 s) the first time Chinese is met.
fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// Whether `c` is a Han (Chinese) character: the CJK Unified Ideographs blocks, their
/// extensions and compatibility ideographs, and 〇.
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3007}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{30000}'..='\u{323AF}')
}

/// Calls `each(start, end)` with the byte range of every word of `text`, in order.
pub fn for_each_word(text: &str, mut each: impl FnMut(usize, usize)) {
    let mut run_start = 0;
    let mut run_han = None;
    let flush = |from: usize, to: usize, han: bool, each: &mut dyn FnMut(usize, usize)| {
        let run = &text[from..to];
        if han {
            for t in jieba().cut(run, true) {
                each(from + t.byte_start, from + t.byte_end);
            }
        } else {
            for (at, word) in run.unicode_word_indices() {
                if word.chars().any(char::is_alphabetic) {
                    each(from + at, from + at + word.len());
                }
            }
        }
    };
    for (i, c) in text.char_indices() {
        let han = is_han(c);
        match run_han {
            Some(h) if h == han => {}
            Some(h) => {
                flush(run_start, i, h, &mut each);
                run_start = i;
                run_han = Some(han);
            }
            None => run_han = Some(han),
        }
    }
    if let Some(h) = run_han {
        flush(run_start, text.len(), h, &mut each);
    }
}

/// The words of `text` in lower case.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |s, e| out.push(text[s..e].to_lowercase()));
    out
}

/// A built-in stop-word list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// English.
    English,
    /// Russian.
    Russian,
    /// Kazakh.
    Kazakh,
}

impl Language {
    /// Every language with a built-in list.
    pub const ALL: [Language; 3] = [Language::English, Language::Russian, Language::Kazakh];

    /// The built-in list: function words (articles, pronouns, prepositions or postpositions,
    /// conjunctions, particles, auxiliaries), chosen for interview transcripts.
    pub fn stop_words(self) -> &'static [&'static str] {
        match self {
            Language::English => ENGLISH,
            Language::Russian => RUSSIAN,
            Language::Kazakh => KAZAKH,
        }
    }
}

const ENGLISH: &[&str] = &[
    // articles, determiners
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "some",
    "any",
    "each",
    "every",
    "no",
    "all",
    "both",
    "such",
    "other",
    "another",
    "much",
    "many",
    "more",
    "most",
    "few",
    "own",
    // pronouns
    "i",
    "me",
    "my",
    "mine",
    "myself",
    "we",
    "us",
    "our",
    "ours",
    "ourselves",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "it",
    "its",
    "itself",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
    "who",
    "whom",
    "whose",
    "which",
    "what",
    "one",
    // prepositions
    "of",
    "in",
    "on",
    "at",
    "to",
    "from",
    "by",
    "with",
    "without",
    "for",
    "about",
    "into",
    "onto",
    "over",
    "under",
    "up",
    "down",
    "out",
    "off",
    "through",
    "between",
    "among",
    "after",
    "before",
    "during",
    "against",
    "above",
    "below",
    "since",
    "until",
    "than",
    "as",
    // conjunctions, adverbs of little content
    "and",
    "or",
    "but",
    "nor",
    "so",
    "if",
    "then",
    "because",
    "while",
    "when",
    "where",
    "why",
    "how",
    "though",
    "although",
    "whether",
    "also",
    "just",
    "only",
    "very",
    "too",
    "not",
    "there",
    "here",
    "now",
    "again",
    "once",
    "yes",
    "oh",
    "well",
    "ok",
    // auxiliaries and their contractions
    "be",
    "am",
    "is",
    "are",
    "was",
    "were",
    "been",
    "being",
    "have",
    "has",
    "had",
    "having",
    "do",
    "does",
    "did",
    "doing",
    "will",
    "would",
    "shall",
    "should",
    "can",
    "could",
    "may",
    "might",
    "must",
    "i'm",
    "it's",
    "don't",
    "didn't",
    "doesn't",
    "isn't",
    "wasn't",
    "can't",
    "i've",
    "we're",
    "they're",
    "you're",
    "that's",
    "there's",
    "i'd",
    "i'll",
    "it’s",
    "don’t",
    "i’m",
    "didn’t",
];

const RUSSIAN: &[&str] = &[
    // местоимения
    "я",
    "меня",
    "мне",
    "мной",
    "мы",
    "нас",
    "нам",
    "нами",
    "ты",
    "тебя",
    "тебе",
    "тобой",
    "вы",
    "вас",
    "вам",
    "вами",
    "он",
    "его",
    "него",
    "ему",
    "нему",
    "им",
    "ним",
    "нём",
    "нем",
    "она",
    "её",
    "ее",
    "неё",
    "нее",
    "ей",
    "ней",
    "оно",
    "они",
    "их",
    "них",
    "ими",
    "ними",
    "себя",
    "себе",
    "собой",
    "свой",
    "своя",
    "своё",
    "свое",
    "свои",
    "своих",
    "мой",
    "моя",
    "моё",
    "мое",
    "мои",
    "наш",
    "наша",
    "наше",
    "наши",
    "ваш",
    "ваша",
    "ваше",
    "ваши",
    "твой",
    "этот",
    "эта",
    "это",
    "эти",
    "этого",
    "этой",
    "этом",
    "этих",
    "тот",
    "та",
    "то",
    "те",
    "того",
    "той",
    "том",
    "тех",
    "кто",
    "что",
    "чего",
    "чем",
    "какой",
    "какая",
    "какие",
    "который",
    "которая",
    "которое",
    "которые",
    "весь",
    "вся",
    "всё",
    "все",
    "всех",
    "сам",
    // предлоги
    "в",
    "во",
    "на",
    "с",
    "со",
    "к",
    "ко",
    "по",
    "о",
    "об",
    "обо",
    "от",
    "из",
    "изо",
    "у",
    "за",
    "до",
    "для",
    "без",
    "под",
    "над",
    "при",
    "про",
    "через",
    "после",
    "перед",
    "между",
    // союзы и частицы
    "и",
    "а",
    "но",
    "да",
    "или",
    "либо",
    "что",
    "чтобы",
    "чтоб",
    "как",
    "если",
    "когда",
    "потому",
    "поэтому",
    "тоже",
    "также",
    "же",
    "ж",
    "ли",
    "бы",
    "б",
    "не",
    "ни",
    "вот",
    "вон",
    "ну",
    "уж",
    "уже",
    "еще",
    "ещё",
    "даже",
    "только",
    "лишь",
    "ведь",
    "вообще",
    "там",
    "тут",
    "здесь",
    "так",
    "такой",
    "такая",
    "такие",
    "тогда",
    "где",
    "куда",
    "очень",
    // глаголы-связки
    "быть",
    "был",
    "была",
    "было",
    "были",
    "будет",
    "будут",
    "есть",
    "нет",
];

const KAZAKH: &[&str] = &[
    // есімдіктер
    "мен",
    "менің",
    "маған",
    "мені",
    "менде",
    "біз",
    "біздің",
    "бізге",
    "бізді",
    "бізде",
    "сен",
    "сенің",
    "саған",
    "сені",
    "сіз",
    "сіздің",
    "сізге",
    "сізді",
    "сендер",
    "сіздер",
    "ол",
    "оның",
    "оған",
    "оны",
    "онда",
    "одан",
    "олар",
    "олардың",
    "оларға",
    "оларды",
    "өз",
    "өзі",
    "өзім",
    "өзіміз",
    "өзінің",
    "бұл",
    "бұның",
    "мұның",
    "мұны",
    "осы",
    "сол",
    "мына",
    "ана",
    "анау",
    "мынау",
    "кім",
    "не",
    "қай",
    "қандай",
    "бәрі",
    "барлық",
    "әр",
    "бір",
    "біреу",
    "ешкім",
    "ештеңе",
    // жалғаулықтар, шылаулар
    "және",
    "мен",
    "бен",
    "пен",
    "да",
    "де",
    "та",
    "те",
    "ал",
    "бірақ",
    "немесе",
    "әрі",
    "не",
    "өйткені",
    "себебі",
    "сондықтан",
    "егер",
    "үшін",
    "туралы",
    "дейін",
    "шейін",
    "кейін",
    "соң",
    "бойы",
    "бойынша",
    "арқылы",
    "сияқты",
    "секілді",
    "қарай",
    "сайын",
    "бері",
    "гөрі",
    "ғана",
    "тек",
    "ғой",
    "қой",
    "ше",
    "ма",
    "ме",
    "ба",
    "бе",
    "па",
    "пе",
    "ау",
    "әй",
    "иә",
    "жоқ",
    "емес",
    "енді",
    "әлі",
    "тағы",
    "өте",
    "ең",
    "сонда",
    "мұнда",
    "сонда",
    "қазір",
    "сосын",
    // көмекші етістіктер
    "еді",
    "екен",
    "деп",
    "деді",
    "деген",
    "болды",
    "болып",
    "болған",
    "бар",
    "болу",
];

/// Words left out of frequencies, compared in lower case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StopWords {
    words: HashSet<String>,
}

impl StopWords {
    /// No stop words.
    pub fn none() -> StopWords {
        StopWords::default()
    }

    /// The built-in lists of these languages together.
    pub fn builtin(languages: &[Language]) -> StopWords {
        let mut s = StopWords::none();
        for l in languages {
            s.extend(l.stop_words().iter().copied());
        }
        s
    }

    /// A list as a researcher writes it: one word per line (or several separated by spaces
    /// or commas); lines starting with `#` are comments.
    pub fn parse(list: &str) -> StopWords {
        let mut s = StopWords::none();
        for line in list.lines() {
            let line = line.trim();
            if line.starts_with('#') {
                continue;
            }
            s.extend(
                line.split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|w| !w.is_empty()),
            );
        }
        s
    }

    /// Adds words.
    pub fn extend<'a>(&mut self, words: impl IntoIterator<Item = &'a str>) {
        self.words
            .extend(words.into_iter().map(|w| w.trim().to_lowercase()));
    }

    /// Whether `word` (lower case) is a stop word.
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// The words, sorted: for showing and editing the list.
    pub fn sorted(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.words.iter().map(String::as_str).collect();
        v.sort_unstable();
        v
    }
}

/// Which text to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextChoice {
    /// Only these documents (empty: every document in scope).
    pub documents: Vec<DocumentId>,
    /// Only text coded with these codes (empty: all text in scope).
    pub codes: Vec<CodeId>,
    /// Each code also stands for its subcodes.
    pub subcodes: bool,
}

/// The passages (char ranges, sorted and disjoint) of each chosen document to read.
fn passages(corpus: &Corpus, choice: &TextChoice) -> Vec<(CorpusDocument, Vec<TextRange>)> {
    let wanted: Option<HashSet<CodeId>> = (!choice.codes.is_empty()).then(|| {
        let rows = corpus.code_rows(choice.subcodes);
        corpus
            .codebook
            .iter()
            .zip(rows)
            .filter(|(e, _)| choice.codes.contains(&e.code.id))
            .flat_map(|(_, ids)| ids)
            .collect()
    });
    let mut coded: HashMap<DocumentId, Vec<TextRange>> = HashMap::new();
    if let Some(wanted) = &wanted {
        for (i, c) in corpus.codings.iter().enumerate() {
            if wanted.contains(&c.code) {
                coded
                    .entry(c.document)
                    .or_default()
                    .extend(corpus.coded_in_scope(i));
            }
        }
    }
    corpus
        .documents
        .iter()
        .filter(|d| choice.documents.is_empty() || choice.documents.contains(&d.id))
        .filter_map(|d| {
            let ranges = if wanted.is_some() {
                merge_ranges(coded.remove(&d.id)?)
            } else {
                corpus.scope_ranges(d)
            };
            (!ranges.is_empty()).then(|| (d.clone(), ranges))
        })
        .collect()
}

/// Byte ranges of char `ranges` (sorted) in `text` of `chars` characters.
fn byte_ranges(text: &str, chars: usize, ranges: &[TextRange]) -> Vec<(usize, usize)> {
    if let [only] = ranges
        && only.start == 0
        && only.end >= chars
    {
        // The whole text: no characters to count.
        return vec![(0, text.len())];
    }
    let offsets: Vec<usize> = ranges.iter().flat_map(|r| [r.start, r.end]).collect();
    let bytes = text::chars_to_bytes(text, &offsets);
    bytes.chunks(2).map(|b| (b[0], b[1])).collect()
}

fn text_of(corpus: &Corpus, id: DocumentId) -> Result<&str> {
    corpus.texts.get(&id).map(AsRef::as_ref).ok_or_else(|| {
        AnalysisError::Invalid("words need the corpus loaded with its texts".to_owned())
    })
}

/// One word's count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordCount {
    /// In lower case.
    pub word: String,
    /// Occurrences.
    pub count: u64,
    /// Documents it occurs in.
    pub documents: u64,
}

/// Word frequencies, most frequent first (ties alphabetical).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordFrequencies {
    /// What it shows.
    pub title: String,
    /// Every word read, stop words included.
    pub tokens: u64,
    /// The words, stop words left out.
    pub words: Vec<WordCount>,
}

/// Counts the words of the chosen text, leaving out `stop_words`.
pub fn word_frequencies(
    corpus: &Corpus,
    choice: &TextChoice,
    stop_words: &StopWords,
) -> Result<WordFrequencies> {
    struct Entry {
        word: String,
        count: u64,
        documents: u64,
        last: usize,
    }
    let mut raw: HashMap<&str, u32> = HashMap::new();
    let mut folded: HashMap<String, u32> = HashMap::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut tokens = 0u64;
    for (doc_no, (doc, ranges)) in passages(corpus, choice).into_iter().enumerate() {
        let text = text_of(corpus, doc.id)?;
        for (from, to) in byte_ranges(text, doc.chars, &ranges) {
            let slice = &text[from..to];
            for_each_word(slice, |s, e| {
                tokens += 1;
                let word = &slice[s..e];
                let idx = *raw.entry(word).or_insert_with(|| {
                    let lower = word.to_lowercase();
                    *folded.entry(lower.clone()).or_insert_with(|| {
                        entries.push(Entry {
                            word: lower,
                            count: 0,
                            documents: 0,
                            last: usize::MAX,
                        });
                        (entries.len() - 1) as u32
                    })
                });
                let entry = &mut entries[idx as usize];
                entry.count += 1;
                if entry.last != doc_no {
                    entry.last = doc_no;
                    entry.documents += 1;
                }
            });
        }
    }
    let mut words: Vec<WordCount> = entries
        .into_iter()
        .filter(|e| !stop_words.contains(&e.word))
        .map(|e| WordCount {
            word: e.word,
            count: e.count,
            documents: e.documents,
        })
        .collect();
    words.sort_unstable_by(|a, b| b.count.cmp(&a.count).then_with(|| a.word.cmp(&b.word)));
    Ok(WordFrequencies {
        title: "Word frequencies".to_owned(),
        tokens,
        words,
    })
}

impl WordFrequencies {
    /// The table: word, count, documents.
    pub fn to_table(&self) -> Table {
        Table {
            title: self.title.clone(),
            header: ["word", "count", "documents"].map(str::to_owned).to_vec(),
            rows: self
                .words
                .iter()
                .map(|w| {
                    vec![
                        Cell::from(w.word.as_str()),
                        Cell::Count(w.count),
                        Cell::Count(w.documents),
                    ]
                })
                .collect(),
        }
    }

    /// A bar chart of the `top` most frequent words.
    pub fn chart(&self, top: usize) -> BarChart {
        BarChart {
            title: format!("{} (top {top})", self.title),
            value_label: "occurrences".to_owned(),
            bars: self
                .words
                .iter()
                .take(top)
                .map(|w| Bar {
                    label: w.word.clone(),
                    value: w.count as f64,
                    color: crate::domain::PALETTE[1].to_owned(),
                })
                .collect(),
        }
    }
}

/// One occurrence of a keyword with its context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KwicLine {
    /// The document.
    pub document: DocumentId,
    /// Its name.
    pub document_name: String,
    /// Where the keyword is, in characters: click to open it in the document.
    pub range: TextRange,
    /// Number (from 1) of its paragraph.
    pub paragraph: usize,
    /// Up to `width` characters before and after, line breaks shown as spaces.
    pub left: String,
    /// The keyword as written in the text.
    pub keyword: String,
    /// Up to `width` characters after it.
    pub right: String,
}

/// Every occurrence of `word` (one word, or several in a row; compared in lower case and
/// found as words, so `отан` does not match inside `отандас`) in the chosen text, in document
/// order, with `width` characters of context on each side.
pub fn kwic(
    corpus: &Corpus,
    choice: &TextChoice,
    word: &str,
    width: usize,
) -> Result<Vec<KwicLine>> {
    let wanted = words(word);
    if wanted.is_empty() {
        return Err(AnalysisError::Invalid(format!(
            "“{word}” holds no word to look for"
        )));
    }
    let mut lines = Vec::new();
    for (doc, ranges) in passages(corpus, choice) {
        let text = text_of(corpus, doc.id)?;
        let mut hits: Vec<(usize, usize)> = Vec::new();
        for (from, to) in byte_ranges(text, doc.chars, &ranges) {
            let slice = &text[from..to];
            let mut found: Vec<(usize, usize)> = Vec::new();
            for_each_word(slice, |s, e| found.push((from + s, from + e)));
            for window in found.windows(wanted.len()) {
                if window
                    .iter()
                    .zip(&wanted)
                    .all(|(&(s, e), w)| text[s..e].to_lowercase() == *w)
                {
                    hits.push((window[0].0, window[wanted.len() - 1].1));
                }
            }
        }
        if hits.is_empty() {
            continue;
        }
        let offsets: Vec<usize> = hits.iter().flat_map(|&(s, e)| [s, e]).collect();
        let chars = text::bytes_to_chars(text, &offsets);
        let paragraphs = text::paragraphs(text);
        let flat = |s: &str| s.replace(['\n', '\t'], " ");
        for (k, &(s, e)) in hits.iter().enumerate() {
            let range = TextRange::new(chars[2 * k], chars[2 * k + 1]);
            let left: String = {
                let mut v: Vec<char> = text[..s].chars().rev().take(width).collect();
                v.reverse();
                v.into_iter().collect()
            };
            let right: String = text[e..].chars().take(width).collect();
            lines.push(KwicLine {
                document: doc.id,
                document_name: doc.name.clone(),
                range,
                paragraph: text::paragraph_number(&paragraphs, range.start),
                left: flat(&left),
                keyword: text[s..e].to_owned(),
                right: flat(&right),
            });
        }
    }
    Ok(lines)
}

/// The table of keyword-in-context lines.
pub fn kwic_table(word: &str, lines: &[KwicLine]) -> Table {
    Table {
        title: format!("Keyword in context {word}"),
        header: [
            "document",
            "paragraph",
            "start",
            "end",
            "left",
            "keyword",
            "right",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: lines
            .iter()
            .map(|l| {
                vec![
                    Cell::from(l.document_name.as_str()),
                    Cell::from(l.paragraph),
                    Cell::from(l.range.start),
                    Cell::from(l.range.end),
                    Cell::from(l.left.as_str()),
                    Cell::from(l.keyword.as_str()),
                    Cell::from(l.right.as_str()),
                ]
            })
            .collect(),
    }
}
