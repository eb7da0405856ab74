//! Where a selection lies: tools disagree on how REFI-QDA positions count, so for each source
//! Tamga tries every reading real files use — code points or UTF-16 code units, the end included
//! or not, CRLF as two characters or one, a BOM counted or not — and keeps the one under which
//! the selections' own `name` snippets match the text best. A selection that its snippet does not
//! confirm under that reading is not placed.

use serde::Serialize;

use crate::domain::TextRange;

/// What a position counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Unicode code points (Rust `char`s).
    CodePoints,
    /// UTF-16 code units: a character outside the Basic Multilingual Plane counts two.
    Utf16,
}

/// One way of reading `startPosition` and `endPosition`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reading {
    /// What a position counts.
    pub unit: Unit,
    /// `endPosition` is the last character of the selection rather than the one after it.
    pub inclusive_end: bool,
    /// A CRLF line break counts as one character.
    pub crlf_as_one: bool,
    /// A byte-order mark at the start of the text counts as one character.
    pub bom_counted: bool,
}

impl Reading {
    /// What Tamga writes: code points from 0, the end exclusive, over text with `\n` line breaks
    /// and no BOM.
    pub const TAMGA: Reading = Reading {
        unit: Unit::CodePoints,
        inclusive_end: false,
        crlf_as_one: false,
        bom_counted: false,
    };

    /// The standard's wording (§10.2): code points, first and last character.
    pub const STANDARD: Reading = Reading {
        unit: Unit::CodePoints,
        inclusive_end: true,
        crlf_as_one: false,
        bom_counted: false,
    };

    /// Every reading, most expected first (ties go to the earlier one).
    fn all() -> Vec<Reading> {
        let mut out = Vec::with_capacity(16);
        for bom_counted in [false, true] {
            for crlf_as_one in [false, true] {
                for unit in [Unit::CodePoints, Unit::Utf16] {
                    for inclusive_end in [false, true] {
                        out.push(Reading {
                            unit,
                            inclusive_end,
                            crlf_as_one,
                            bom_counted,
                        });
                    }
                }
            }
        }
        out
    }

    /// In words, for the report.
    pub fn describe(&self, text: &SourceText) -> String {
        let mut parts = vec![
            match self.unit {
                Unit::CodePoints => "code points",
                Unit::Utf16 => "UTF-16 code units",
            }
            .to_owned(),
            if self.inclusive_end {
                "end included"
            } else {
                "end excluded"
            }
            .to_owned(),
        ];
        if text.has_crlf {
            parts.push(
                if self.crlf_as_one {
                    "CRLF counted as one"
                } else {
                    "CRLF counted as two"
                }
                .to_owned(),
            );
        }
        if text.bom {
            parts.push(
                if self.bom_counted {
                    "BOM counted"
                } else {
                    "BOM not counted"
                }
                .to_owned(),
            );
        }
        parts.join(", ")
    }
}

/// A source's text as the file holds it and as Tamga stores it, with the maps between them.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// Line endings `\n`: what Tamga stores.
    pub text: String,
    /// Byte index of each character of `text`, plus its length.
    bytes: Vec<usize>,
    /// For each character of the text as written (with its CRs), plus its end: the character of
    /// `text` it became. Empty when the text had no CR.
    raw_to_text: Vec<usize>,
    /// UTF-16 offset → character, for the raw text and for `text`; empty when every character is
    /// in the Basic Multilingual Plane (the counts are then the same).
    raw_utf16: Vec<Option<usize>>,
    text_utf16: Vec<Option<usize>>,
    raw_chars: usize,
    has_crlf: bool,
    /// The file started with a byte-order mark.
    pub bom: bool,
    /// Start of each line of `text` (0-based lines), for `line:N` snippets.
    line_starts: Vec<usize>,
}

/// UTF-16 offset → character index; `None` in the middle of a surrogate pair.
fn utf16_map(text: &str) -> Vec<Option<usize>> {
    if text.chars().all(|c| c.len_utf16() == 1) {
        return Vec::new();
    }
    let mut map = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.chars().enumerate() {
        map.push(Some(i));
        if c.len_utf16() == 2 {
            map.push(None);
        }
    }
    map.push(Some(text.chars().count()));
    map
}

impl SourceText {
    /// `raw` is the decoded text as written (without its BOM).
    pub fn new(raw: &str, bom: bool) -> SourceText {
        let text = crate::text::normalize_line_endings(raw);
        let has_cr = raw.contains('\r');
        let mut raw_to_text = Vec::new();
        let raw_chars = raw.chars().count();
        if has_cr {
            let mut t = 0;
            let mut chars = raw.chars().peekable();
            while let Some(c) = chars.next() {
                raw_to_text.push(t);
                if c == '\r' && chars.peek() == Some(&'\n') {
                    // The CR and the LF both stand for the one `\n`.
                    chars.next();
                    raw_to_text.push(t);
                }
                t += 1;
            }
            raw_to_text.push(t);
        }
        let bytes: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(text.len()))
            .collect();
        let mut line_starts = vec![0];
        for (i, c) in text.chars().enumerate() {
            if c == '\n' {
                line_starts.push(i + 1);
            }
        }
        SourceText {
            raw_utf16: if has_cr { utf16_map(raw) } else { Vec::new() },
            text_utf16: utf16_map(&text),
            bytes,
            raw_to_text,
            raw_chars,
            has_crlf: raw.contains("\r\n"),
            bom,
            line_starts,
            text,
        }
    }

    /// Characters in the stored text.
    pub fn chars(&self) -> usize {
        self.bytes.len() - 1
    }

    fn slice(&self, range: TextRange) -> &str {
        &self.text[self.bytes[range.start]..self.bytes[range.end]]
    }

    /// Whether two readings always give the same answer on this text.
    fn same(&self, a: Reading, b: Reading) -> bool {
        let astral = !self.text_utf16.is_empty();
        a.inclusive_end == b.inclusive_end
            && (a.unit == b.unit || !astral)
            && (a.crlf_as_one == b.crlf_as_one || !self.has_crlf)
            && (a.bom_counted == b.bom_counted || !self.bom)
    }

    /// Character of the stored text at position `p` of a reading, or `None` past the end or
    /// inside a character. With `after`, the position after the character that `p` falls in.
    fn char_at(&self, reading: Reading, p: i64, after: bool) -> Option<usize> {
        let p = p.checked_sub(i64::from(reading.bom_counted && self.bom))?;
        let p = usize::try_from(p).ok()?;
        let on_text = reading.crlf_as_one || self.raw_to_text.is_empty();
        let map = match (reading.unit, on_text) {
            (Unit::CodePoints, _) => None,
            (Unit::Utf16, true) => Some(&self.text_utf16),
            (Unit::Utf16, false) => Some(&self.raw_utf16),
        };
        let index = match map {
            Some(map) if !map.is_empty() => {
                if after {
                    // The character containing unit `p`, then one past it.
                    let mut q = p;
                    loop {
                        match map.get(q)? {
                            Some(c) => break *c + 1,
                            None => q = q.checked_sub(1)?,
                        }
                    }
                } else {
                    (*map.get(p)?)?
                }
            }
            _ => p + usize::from(after),
        };
        if on_text {
            (index <= self.chars()).then_some(index)
        } else {
            if index > self.raw_chars {
                return None;
            }
            self.raw_to_text.get(index).copied()
        }
    }

    /// The stored-text range a selection designates under `reading`.
    pub fn locate(&self, reading: Reading, start: i64, end: i64) -> Option<TextRange> {
        let s = self.char_at(reading, start, false)?;
        let e = if reading.inclusive_end {
            self.char_at(reading, end, true)?
        } else {
            self.char_at(reading, end, false)?
        };
        (s < e && e <= self.chars()).then(|| TextRange::new(s, e))
    }

    /// Span of 0-based line `n`, without its line break.
    fn line(&self, n: usize) -> Option<TextRange> {
        let start = *self.line_starts.get(n)?;
        let end = self
            .line_starts
            .get(n + 1)
            .map_or(self.chars(), |next| next - 1);
        Some(TextRange::new(start, end))
    }
}

/// What a selection's `name` says about its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Snippet {
    /// No name, or an empty one.
    None,
    /// The selected text (line breaks as `\n`; a tool may have shortened it).
    Text(String),
    /// `line:N`: the selection is line N of the text, counted from 0 (the `qc` tool writes this).
    Line(usize),
}

impl Snippet {
    /// Reads a selection's `name`: line breaks written as U+2029 or CRLF become `\n`.
    pub fn parse(name: Option<&str>) -> Snippet {
        let Some(name) = name else {
            return Snippet::None;
        };
        if let Some(n) = name
            .strip_prefix("line:")
            .and_then(|n| n.trim().parse::<usize>().ok())
        {
            return Snippet::Line(n);
        }
        if name.trim().is_empty() {
            return Snippet::None;
        }
        let text =
            crate::text::normalize_line_endings(name).replace(['\u{2029}', '\u{2028}'], "\n");
        Snippet::Text(text)
    }
}

/// How well a range fits a snippet; better first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fit {
    /// The same text.
    Exact,
    /// The same once spaces at the ends are ignored.
    Trimmed,
    /// The same once runs of white space count as one space.
    Spacing,
    /// The snippet is the start of the text (a tool shortened it).
    Prefix,
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Shortest shortened snippet accepted as evidence.
const MIN_PREFIX: usize = 12;

/// How `range` fits `snippet` in `text`, if it does at all.
pub fn fit(text: &SourceText, range: TextRange, snippet: &Snippet) -> Option<Fit> {
    match snippet {
        Snippet::None => None,
        Snippet::Line(n) => {
            let line = text.line(*n)?;
            let with_break = TextRange::new(line.start, (line.end + 1).min(text.chars()));
            (range == line || range == with_break).then_some(Fit::Exact)
        }
        Snippet::Text(snippet) => {
            let got = text.slice(range);
            if got == snippet {
                return Some(Fit::Exact);
            }
            if got.trim() == snippet.trim() && !snippet.trim().is_empty() {
                return Some(Fit::Trimmed);
            }
            let (got_c, snip_c) = (collapse(got), collapse(snippet));
            if got_c == snip_c {
                return Some(Fit::Spacing);
            }
            let short = snip_c
                .trim_end_matches('…')
                .trim_end_matches("...")
                .trim_end();
            (short.chars().count() >= MIN_PREFIX && got_c.starts_with(short)).then_some(Fit::Prefix)
        }
    }
}

/// A selection as the inference sees it.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// `startPosition` as written, when it is a number.
    pub start: Option<i64>,
    /// `endPosition` as written, when it is a number.
    pub end: Option<i64>,
    /// The selection's quoted text, when its name carries one.
    pub snippet: Snippet,
}

/// Why a selection was not placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unplaced {
    /// Its positions are missing or not numbers.
    NoPositions,
    /// Under the source's reading it lies outside the text, or is empty.
    OutsideText,
    /// Under the source's reading its text is not its snippet.
    SnippetMismatch,
}

impl Unplaced {
    /// In words, for the report.
    pub fn describe(self) -> &'static str {
        match self {
            Unplaced::NoPositions => "its positions are missing or are not numbers",
            Unplaced::OutsideText => "it lies outside the text or selects nothing",
            Unplaced::SnippetMismatch => {
                "the text at its positions is not the text its name quotes"
            }
        }
    }
}

/// The reading chosen for a source and each selection's place.
#[derive(Debug, Clone)]
pub struct Placement {
    /// The way of counting positions that fits this source best.
    pub reading: Reading,
    /// Selections with a snippet, and how many of them the reading confirms.
    pub with_snippet: usize,
    /// How many of those the chosen reading confirms.
    pub confirmed: usize,
    /// Per selection, in order: its range, or why it has none.
    pub places: Vec<Result<TextRange, Unplaced>>,
}

/// Chooses the reading that the snippets confirm best (without snippets: the standard's) and
/// places every selection under it.
pub fn place(text: &SourceText, selections: &[Candidate]) -> Placement {
    let mut readings: Vec<Reading> = Vec::new();
    for r in Reading::all() {
        if !readings.iter().any(|&k| text.same(k, r)) {
            readings.push(r);
        }
    }
    let with_snippet = selections
        .iter()
        .filter(|s| s.snippet != Snippet::None)
        .count();
    let reading = if with_snippet == 0 {
        Reading::STANDARD
    } else {
        // Score: selections confirmed, then how closely (exact, at least trimmed, at least
        // equal in spacing), compared in that order.
        let mut best: Option<(Reading, [usize; 4])> = None;
        for &reading in &readings {
            let mut score = [0usize; 4];
            for s in selections {
                let (Some(start), Some(end)) = (s.start, s.end) else {
                    continue;
                };
                let Some(range) = text.locate(reading, start, end) else {
                    continue;
                };
                if let Some(f) = fit(text, range, &s.snippet) {
                    score[0] += 1;
                    score[1] += usize::from(f == Fit::Exact);
                    score[2] += usize::from(f <= Fit::Trimmed);
                    score[3] += usize::from(f <= Fit::Spacing);
                }
            }
            if best.is_none_or(|(_, b)| score > b) {
                best = Some((reading, score));
            }
        }
        best.map_or(Reading::STANDARD, |(r, _)| r)
    };
    let mut confirmed = 0;
    let places = selections
        .iter()
        .map(|s| {
            let (Some(start), Some(end)) = (s.start, s.end) else {
                return Err(Unplaced::NoPositions);
            };
            let range = text
                .locate(reading, start, end)
                .ok_or(Unplaced::OutsideText)?;
            match s.snippet {
                Snippet::None => Ok(range),
                _ => {
                    if fit(text, range, &s.snippet).is_some() {
                        confirmed += 1;
                        Ok(range)
                    } else {
                        Err(Unplaced::SnippetMismatch)
                    }
                }
            }
        })
        .collect();
    Placement {
        reading,
        with_snippet,
        confirmed,
        places,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(start: i64, end: i64, name: &str) -> Candidate {
        Candidate {
            start: Some(start),
            end: Some(end),
            snippet: Snippet::parse(Some(name)),
        }
    }

    #[test]
    fn utf16_positions_after_an_emoji_are_recognised() {
        // "🙂 we came back" : the emoji is one code point, two UTF-16 units.
        let text = SourceText::new("🙂 we came back\nхорошо", false);
        // A UTF-16 tool selects "came" at units 6..10 (code points 5..9).
        let placement = place(
            &text,
            &[candidate(6, 10, "came"), candidate(16, 22, "хорошо")],
        );
        assert_eq!(placement.reading.unit, Unit::Utf16);
        assert!(!placement.reading.inclusive_end);
        assert_eq!(placement.places[0], Ok(TextRange::new(5, 9)));
        assert_eq!(placement.places[1], Ok(TextRange::new(15, 21)));
        assert_eq!(placement.confirmed, 2);
    }

    #[test]
    fn inclusive_ends_and_crlf_counted_as_two_are_recognised() {
        let raw = "One\r\nTwo 中文\r\nThree";
        let text = SourceText::new(raw, true);
        assert_eq!(text.text, "One\nTwo 中文\nThree");
        // Code points over the raw text: "中文" is raw 9..=10, "Three" raw 13..=17.
        let placement = place(
            &text,
            &[candidate(9, 10, "中文"), candidate(13, 17, "Three")],
        );
        assert!(placement.reading.inclusive_end);
        assert!(!placement.reading.crlf_as_one);
        assert_eq!(placement.places[0], Ok(TextRange::new(8, 10)));
        assert_eq!(placement.places[1], Ok(TextRange::new(11, 16)));
    }

    #[test]
    fn a_selection_its_snippet_contradicts_is_not_placed() {
        let text = SourceText::new("alpha beta gamma delta", false);
        let placement = place(
            &text,
            &[
                candidate(0, 5, "alpha"),
                candidate(6, 10, "beta"),
                candidate(11, 16, "delta"),
            ],
        );
        assert_eq!(placement.reading, Reading::TAMGA);
        assert_eq!(placement.places[2], Err(Unplaced::SnippetMismatch));
        assert_eq!(placement.confirmed, 2);
    }

    #[test]
    fn without_snippets_the_standard_reading_is_used() {
        let text = SourceText::new("alpha beta", false);
        let placement = place(
            &text,
            &[Candidate {
                start: Some(6),
                end: Some(9),
                snippet: Snippet::None,
            }],
        );
        assert_eq!(placement.reading, Reading::STANDARD);
        assert_eq!(placement.places[0], Ok(TextRange::new(6, 10)));
    }

    #[test]
    fn paragraph_separators_in_snippets_are_line_breaks() {
        let text = SourceText::new("first line\nsecond", false);
        let placement = place(&text, &[candidate(6, 17, "line\u{2029}second")]);
        assert_eq!(placement.places[0], Ok(TextRange::new(6, 17)));
    }

    #[test]
    fn line_snippets_select_whole_lines() {
        let text = SourceText::new("zero\none\ntwo\n", false);
        let placement = place(
            &text,
            &[candidate(5, 9, "line:1"), candidate(9, 13, "line:2")],
        );
        assert_eq!(placement.reading, Reading::TAMGA);
        assert_eq!(placement.confirmed, 2);
    }
}
