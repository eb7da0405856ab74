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

/// Byte positions of every 64th character of one text: turns character offsets into byte
/// offsets (and back) in a few steps instead of a walk from the start. Build it once per text and
/// pass the same text to every call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CharOffsets {
    /// Byte index of characters 0, 64, 128, …; empty when the text is ASCII (bytes = chars).
    checkpoints: Vec<usize>,
    chars: usize,
}

const CHECKPOINT_EVERY: usize = 64;

impl CharOffsets {
    /// Indexes `text`.
    pub fn new(text: &str) -> CharOffsets {
        if text.is_ascii() {
            return CharOffsets {
                checkpoints: Vec::new(),
                chars: text.len(),
            };
        }
        let mut checkpoints = Vec::with_capacity(text.len() / CHECKPOINT_EVERY + 1);
        let mut chars = 0;
        for (i, (byte, _)) in text.char_indices().enumerate() {
            if i % CHECKPOINT_EVERY == 0 {
                checkpoints.push(byte);
            }
            chars = i + 1;
        }
        CharOffsets { checkpoints, chars }
    }

    /// Number of characters in the text.
    pub fn char_len(&self) -> usize {
        self.chars
    }

    /// Byte index of character `offset`; `offset == char_len` maps to `text.len()`.
    pub fn byte(&self, text: &str, offset: usize) -> Option<usize> {
        if offset > self.chars {
            return None;
        }
        if self.checkpoints.is_empty() {
            return Some(offset);
        }
        if offset == self.chars {
            // No checkpoint past the last character (a text of 64, 128, … characters).
            return Some(text.len());
        }
        let base = self.checkpoints[offset / CHECKPOINT_EVERY];
        let skip = offset % CHECKPOINT_EVERY;
        Some(
            text[base..]
                .char_indices()
                .nth(skip)
                .map_or(text.len(), |(b, _)| base + b),
        )
    }

    /// Character offset of byte index `byte` (which must be on a char boundary).
    pub fn char_at(&self, text: &str, byte: usize) -> usize {
        let byte = byte.min(text.len());
        if self.checkpoints.is_empty() {
            return byte;
        }
        let i = self.checkpoints.partition_point(|&b| b <= byte) - 1;
        i * CHECKPOINT_EVERY + char_len(&text[self.checkpoints[i]..byte])
    }

    /// The text between two character offsets, or `None` when the range is not inside it.
    pub fn slice<'a>(&self, text: &'a str, range: TextRange) -> Option<&'a str> {
        if range.start > range.end {
            return None;
        }
        let start = self.byte(text, range.start)?;
        let end = self.byte(text, range.end)?;
        Some(&text[start..end])
    }
}

/// Byte indices of ascending char `offsets` in `text`, in one pass; offsets past the end map to
/// `text.len()`.
pub fn chars_to_bytes(text: &str, offsets: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(offsets.len());
    let mut indices = text.char_indices().map(|(b, _)| b).enumerate().peekable();
    for &offset in offsets {
        while indices.peek().is_some_and(|&(c, _)| c < offset) {
            indices.next();
        }
        out.push(indices.peek().map_or(text.len(), |&(_, b)| b));
    }
    out
}

/// Char offsets of ascending byte indices `bytes` (on char boundaries) in `text`, in one pass.
pub fn bytes_to_chars(text: &str, bytes: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(bytes.len());
    let (mut byte, mut chars) = (0usize, 0usize);
    for &b in bytes {
        let b = b.min(text.len());
        if b >= byte {
            chars += char_len(&text[byte..b]);
        } else {
            chars -= char_len(&text[b..byte]);
        }
        byte = b;
        out.push(chars);
    }
    out
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
    fn char_offsets_agree_with_walking_the_text() {
        let long = MIXED.repeat(5);
        // Exactly one and two checkpoints' worth of characters: the end has no checkpoint.
        let (one, two) = ("ж".repeat(64), "ж".repeat(128));
        for text in [
            MIXED,
            long.as_str(),
            "plain ascii",
            "",
            one.as_str(),
            two.as_str(),
        ] {
            let offsets = CharOffsets::new(text);
            assert_eq!(offsets.char_len(), char_len(text));
            for ci in 0..=char_len(text) {
                let byte = char_to_byte(text, ci).unwrap();
                assert_eq!(offsets.byte(text, ci), Some(byte), "char {ci}");
                assert_eq!(offsets.char_at(text, byte), ci);
            }
            assert_eq!(offsets.byte(text, char_len(text) + 1), None);
        }
        let offsets = CharOffsets::new(MIXED);
        assert_eq!(
            offsets.slice(MIXED, TextRange::new(37, 41)),
            Some("then"),
            "counted independently with Python's str.index"
        );
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
    fn batch_conversions_agree_with_single_ones() {
        let offsets: Vec<usize> = (0..=char_len(MIXED) + 2).collect();
        let bytes = chars_to_bytes(MIXED, &offsets);
        for (&c, &b) in offsets.iter().zip(&bytes) {
            assert_eq!(b, char_to_byte(MIXED, c).unwrap_or(MIXED.len()));
        }
        let on_boundaries: Vec<usize> = MIXED.char_indices().map(|(b, _)| b).collect();
        let chars = bytes_to_chars(MIXED, &on_boundaries);
        assert_eq!(chars, (0..char_len(MIXED)).collect::<Vec<_>>());
        assert_eq!(bytes_to_chars("тіл 中文", &[10, 2, 13]), [5, 1, 6]);
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
