//! Character offsets: the one place where char positions become byte positions, plus line-ending
//! normalisation and paragraph numbering. Offsets count Unicode scalar values, end exclusive.

use crate::domain::TextRange;

/// Number of characters (Unicode scalar values) in `text`.
pub fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// Byte index of character `offset` in `text`; `offset == char_len` maps to `text.len()`.
pub fn char_to_byte(text: &str, offset: usize) -> Option<usize> {
    if offset == 0 {
        return Some(0);
    }
    match text.char_indices().nth(offset) {
        Some((byte, _)) => Some(byte),
        None if char_len(text) == offset => Some(text.len()),
        None => None,
    }
}

/// The text between two character offsets, or `None` when the range is not inside `text`.
pub fn slice_chars(text: &str, range: TextRange) -> Option<&str> {
    if range.start > range.end {
        return None;
    }
    let mut indices = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()));
    let start = indices.nth(range.start)?;
    let end = if range.end == range.start {
        start
    } else {
        indices.nth(range.end - range.start - 1)?
    };
    Some(&text[start..end])
}

/// Byte index of char `offset` of `text`, walking from a known position (`from_char` chars,
/// `from_byte` bytes, on a char boundary) at or before it: cheap when the two are close.
/// Returns `text.len()` for offsets past the end.
pub fn char_to_byte_from(text: &str, from_char: usize, from_byte: usize, offset: usize) -> usize {
    let Some(rest) = text.get(from_byte..) else {
        return text.len();
    };
    rest.char_indices()
        .nth(offset.saturating_sub(from_char))
        .map_or(text.len(), |(b, _)| from_byte + b)
}

/// Byte offsets of char `offsets` (in ascending order) of `text`, found in one walk over it;
/// `None` if an offset is past the end or they are out of order. An offset equal to the
/// text's length maps to `text.len()`.
pub fn byte_offsets(text: &str, offsets: &[usize]) -> Option<Vec<usize>> {
    let mut out = Vec::with_capacity(offsets.len());
    let mut bytes = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .enumerate();
    let mut current = bytes.next();
    for &offset in offsets {
        loop {
            match current {
                Some((at, byte)) if at == offset => {
                    out.push(byte);
                    break;
                }
                Some((at, _)) if at < offset => current = bytes.next(),
                _ => return None,
            }
        }
    }
    Some(out)
}

/// Character offset of byte index `byte` (which must be on a char boundary).
pub fn byte_to_char(text: &str, byte: usize) -> usize {
    char_len(&text[..byte.min(text.len())])
}

/// Replaces `\r\n` and lone `\r` with `\n`.
pub fn normalize_line_endings(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Finds the `occurrence`-th (1-based) occurrence of `quote` in `text`, as a char range.
pub fn find_occurrence(text: &str, quote: &str, occurrence: usize) -> Option<TextRange> {
    if quote.is_empty() || occurrence == 0 {
        return None;
    }
    let mut from = 0;
    let mut seen = 0;
    while let Some(pos) = text[from..].find(quote) {
        let byte = from + pos;
        seen += 1;
        if seen == occurrence {
            let start = byte_to_char(text, byte);
            return Some(TextRange::new(start, start + char_len(quote)));
        }
        // Step one character so overlapping occurrences are counted too.
        from = byte + text[byte..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// A table from character offsets to byte offsets of one text, built once so that slicing
/// many ranges out of it costs no more than the slices themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CharIndex {
    /// Byte offset of every character, then the text's length.
    bytes: Vec<usize>,
}

impl CharIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> CharIndex {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        CharIndex { bytes }
    }

    /// Number of characters.
    pub fn chars(&self) -> usize {
        self.bytes.len() - 1
    }

    /// Byte offset of char `offset`, clamped to the end of the text.
    pub fn byte(&self, offset: usize) -> usize {
        self.bytes[offset.min(self.chars())]
    }

    /// The text of chars `start..end` of `text` (which must be the indexed text), both clamped
    /// to the text.
    pub fn slice<'t>(&self, text: &'t str, start: usize, end: usize) -> &'t str {
        let last = self.chars();
        let (s, e) = (start.min(last), end.min(last).max(start.min(last)));
        &text[self.bytes[s]..self.bytes[e]]
    }
}

/// One paragraph: a run of non-blank lines. Numbered from 1 in document order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paragraph {
    /// Characters of the paragraph, without the line break after it.
    pub range: TextRange,
    /// Same span in bytes.
    pub bytes: (usize, usize),
}

/// Splits `text` into paragraphs separated by blank lines. Within a paragraph, single line
/// breaks are kept as line breaks.
pub fn paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut char_pos = 0usize;
    let mut byte_pos = 0usize;
    let mut current: Option<(usize, usize)> = None; // (start char, start byte)
    let mut last_end = (0usize, 0usize); // end of last non-blank line (char, byte)
    for line in text.split('\n') {
        let line_chars = char_len(line);
        let blank = line.trim().is_empty();
        if blank {
            if let Some((cs, bs)) = current.take() {
                out.push(Paragraph {
                    range: TextRange::new(cs, last_end.0),
                    bytes: (bs, last_end.1),
                });
            }
        } else {
            if current.is_none() {
                current = Some((char_pos, byte_pos));
            }
            last_end = (char_pos + line_chars, byte_pos + line.len());
        }
        char_pos += line_chars + 1;
        byte_pos += line.len() + 1;
    }
    if let Some((cs, bs)) = current {
        out.push(Paragraph {
            range: TextRange::new(cs, last_end.0),
            bytes: (bs, last_end.1),
        });
    }
    out
}

/// 1-based number of the paragraph holding char `offset` (or the one after it, if the offset
/// falls between paragraphs). Paragraphs must come from [`paragraphs`].
pub fn paragraph_number(paras: &[Paragraph], offset: usize) -> usize {
    let idx = paras.partition_point(|p| p.range.end <= offset);
    (idx + 1).min(paras.len().max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIXED: &str = "“Quoted” — Қазақ тілі, русский, 中文 🙂 then the passage.";

    #[test]
    fn slices_count_characters_not_bytes() {
        let start = byte_to_char(MIXED, MIXED.find("then").unwrap());
        assert_eq!(start, 37, "counted independently with Python's str.index");
        let range = TextRange::new(start, start + 4);
        assert_eq!(slice_chars(MIXED, range), Some("then"));
        assert_eq!(
            slice_chars(MIXED, TextRange::new(0, char_len(MIXED))),
            Some(MIXED)
        );
        assert_eq!(slice_chars(MIXED, TextRange::new(3, 3)), Some(""));
        assert_eq!(
            slice_chars(MIXED, TextRange::new(0, char_len(MIXED) + 1)),
            None
        );
        assert_eq!(slice_chars(MIXED, TextRange::new(5, 4)), None);
    }

    #[test]
    fn char_and_byte_offsets_round_trip() {
        for (ci, (bi, _)) in MIXED.char_indices().enumerate() {
            assert_eq!(char_to_byte(MIXED, ci), Some(bi));
            assert_eq!(byte_to_char(MIXED, bi), ci);
        }
        assert_eq!(char_to_byte(MIXED, char_len(MIXED)), Some(MIXED.len()));
        assert_eq!(char_to_byte(MIXED, char_len(MIXED) + 1), None);
    }

    #[test]
    fn a_char_index_slices_like_slice_chars() {
        let index = CharIndex::new(MIXED);
        assert_eq!(index.chars(), char_len(MIXED));
        for (a, b) in [(0, 5), (11, 20), (30, 37), (36, 41), (40, 200)] {
            let expected = slice_chars(
                MIXED,
                TextRange::new(a.min(index.chars()), b.min(index.chars())),
            );
            assert_eq!(Some(index.slice(MIXED, a, b)), expected, "{a}..{b}");
        }
        assert_eq!(index.byte(index.chars() + 5), MIXED.len());
    }

    #[test]
    fn finds_nth_occurrence_after_emoji() {
        let text = "🙂 тіл, тіл, тіл";
        let second = find_occurrence(text, "тіл", 2).unwrap();
        assert_eq!(second, TextRange::new(7, 10));
        assert_eq!(slice_chars(text, second), Some("тіл"));
        assert_eq!(find_occurrence(text, "тіл", 4), None);
    }

    #[test]
    fn normalises_crlf_and_cr() {
        assert_eq!(normalize_line_endings("a\r\nb\rc\n"), "a\nb\nc\n");
    }

    #[test]
    fn paragraphs_are_separated_by_blank_lines() {
        let text = "First line\nstill first\n\n  \nSecond ¶\n\nThird";
        let paras = paragraphs(text);
        assert_eq!(paras.len(), 3);
        assert_eq!(
            slice_chars(text, paras[0].range),
            Some("First line\nstill first")
        );
        assert_eq!(slice_chars(text, paras[1].range), Some("Second ¶"));
        assert_eq!(&text[paras[2].bytes.0..paras[2].bytes.1], "Third");
        assert_eq!(paragraph_number(&paras, 0), 1);
        assert_eq!(paragraph_number(&paras, paras[1].range.start + 2), 2);
        assert_eq!(paragraph_number(&paras, paras[2].range.start), 3);
    }
}
