//! Sentences and paragraphs of a text: the passages autocode widens a hit to, and the passages
//! "passages like these" ranks.
//!
//! A sentence ends after `.`, `!`, `?` or `…` (with any closing quotes or brackets after them)
//! followed by a space or the end of the text, after `。`, `！` or `？`, and at every line break.
//! "3.5" and "e.g.x" do not end a sentence. Paragraphs are runs of non-blank lines
//! ([`crate::text::paragraphs`]). Both are trimmed of surrounding white space.

use crate::domain::TextRange;

/// How far around each hit autocode reaches.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum Scope {
    /// The matched words only.
    #[default]
    Hit,
    /// The sentence (or sentences) holding the hit.
    Sentence,
    /// The paragraph (or paragraphs) holding the hit.
    Paragraph,
}

/// The passages "passages like these" ranks.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum Unit {
    /// Sentences.
    Sentence,
    /// Paragraphs.
    #[default]
    Paragraph,
}

fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？')
}

fn ends_without_space(c: char) -> bool {
    matches!(c, '。' | '！' | '？')
}

fn closes(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '）' | '」' | '』' | '》'
    )
}

/// The sentences of `text`, in order, as character ranges.
pub fn sentences(text: &str) -> Vec<TextRange> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_non_space = 0;
    let mut i = 0;
    let close = |out: &mut Vec<TextRange>, start: &mut Option<usize>, end: usize| {
        if let Some(s) = start.take()
            && end > s
        {
            out.push(TextRange::new(s, end));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            close(&mut out, &mut start, last_non_space);
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if start.is_none() {
            start = Some(i);
        }
        if ends_sentence(c) {
            let mut j = i + 1;
            while j < chars.len() && (ends_sentence(chars[j]) || closes(chars[j])) {
                j += 1;
            }
            let cjk = chars[i..j].iter().any(|&c| ends_without_space(c));
            if cjk || j == chars.len() || chars[j].is_whitespace() {
                close(&mut out, &mut start, j);
                last_non_space = j;
                i = j;
                continue;
            }
            last_non_space = j;
            i = j;
            continue;
        }
        i += 1;
        last_non_space = i;
    }
    close(&mut out, &mut start, last_non_space);
    out
}

/// The paragraphs of `text` as character ranges, trimmed.
pub fn paragraphs(text: &str) -> Vec<TextRange> {
    crate::text::paragraphs(text)
        .into_iter()
        .filter_map(|p| {
            let inner = &text[p.bytes.0..p.bytes.1];
            let lead = inner.chars().take_while(|c| c.is_whitespace()).count();
            let trail = inner
                .chars()
                .rev()
                .take_while(|c| c.is_whitespace())
                .count();
            let range = TextRange::new(p.range.start + lead, p.range.end - trail);
            (!range.is_empty()).then_some(range)
        })
        .collect()
}

/// The units (sentences or paragraphs) of `text`.
pub fn units(text: &str, unit: Unit) -> Vec<TextRange> {
    match unit {
        Unit::Sentence => sentences(text),
        Unit::Paragraph => paragraphs(text),
    }
}

/// The smallest run of `units` (sorted, disjoint) that covers `range`; `range` itself when no
/// unit touches it.
pub fn widen(units: &[TextRange], range: TextRange) -> TextRange {
    let first = units.partition_point(|u| u.end <= range.start);
    let last = units.partition_point(|u| u.start < range.end);
    if first >= last {
        return range;
    }
    TextRange::new(
        units[first].start.min(range.start),
        units[last - 1].end.max(range.end),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::slice_chars;

    fn texts(text: &str, ranges: &[TextRange]) -> Vec<String> {
        ranges
            .iter()
            .map(|r| slice_chars(text, *r).unwrap_or_default().to_owned())
            .collect()
    }

    #[test]
    fn sentences_end_at_stops_and_line_breaks() {
        let text = "  It cost 3.5 tenge. “Did it?” she asked!  Yes…\nQ: Where?\n\n我们是牧民。孩子上学了吗？上了";
        assert_eq!(
            texts(text, &sentences(text)),
            [
                "It cost 3.5 tenge.",
                "“Did it?”",
                "she asked!",
                "Yes…",
                "Q: Where?",
                "我们是牧民。",
                "孩子上学了吗？",
                "上了"
            ]
        );
    }

    #[test]
    fn paragraphs_are_trimmed_and_hits_widen_to_whole_units() {
        let text = "First one. Second one.\n\n  Third para.  \n";
        let paras = paragraphs(text);
        assert_eq!(
            texts(text, &paras),
            ["First one. Second one.", "Third para."]
        );
        let sents = sentences(text);
        let second = crate::text::find_occurrence(text, "Second", 1).unwrap();
        assert_eq!(
            slice_chars(text, widen(&sents, second)),
            Some("Second one.")
        );
        // A hit across two sentences takes both.
        let across = crate::text::find_occurrence(text, "one. Second", 1).unwrap();
        assert_eq!(
            slice_chars(text, widen(&sents, across)),
            Some("First one. Second one.")
        );
        assert_eq!(
            slice_chars(text, widen(&paras, second)),
            Some("First one. Second one.")
        );
    }
}
