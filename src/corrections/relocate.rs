//! Finding a coding again in a corrected text by its own words: every place where its quote
//! occurs, scored by how much of the text just before and just after it matches the context it
//! had; ties go to the place nearest where the alignment expected it. Pure.

use crate::domain::TextRange;
use crate::text;

/// How many characters of context on each side are compared.
pub const CONTEXT_CHARS: usize = 60;

/// Characters that `a` and `b` share at their ends (`a`'s last and `b`'s last, going back).
fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// Characters that `a` and `b` share at their starts.
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// The last `n` characters of `s`.
fn tail(s: &str, n: usize) -> &str {
    let count = text::char_len(s);
    let skip = count.saturating_sub(n);
    text::slice_chars(s, TextRange::new(skip, count)).unwrap_or(s)
}

/// The first `n` characters of `s`.
fn head(s: &str, n: usize) -> &str {
    let count = text::char_len(s);
    text::slice_chars(s, TextRange::new(0, n.min(count))).unwrap_or(s)
}

/// Where `quote` lies in `new`, chosen by how well the text around each occurrence matches
/// `before` and `after` (the coding's context in the old text); `near` breaks ties (the char
/// offset where the alignment put it, if it did). `None` if the quote is not in `new`.
pub fn relocate(
    quote: &str,
    before: &str,
    after: &str,
    new: &str,
    near: Option<usize>,
) -> Option<TextRange> {
    if quote.is_empty() {
        return None;
    }
    let before = tail(before, CONTEXT_CHARS);
    let after = head(after, CONTEXT_CHARS);
    let quote_chars = text::char_len(quote);
    // Occurrences in byte order; char offsets counted incrementally.
    let mut best: Option<(usize, usize, usize)> = None; // (score, distance, start char)
    let (mut last_byte, mut last_char) = (0usize, 0usize);
    for (byte, _) in new.match_indices(quote) {
        let start = last_char + text::char_len(&new[last_byte..byte]);
        (last_byte, last_char) = (byte, start);
        let end_byte = byte + quote.len();
        let score = common_suffix(before, tail(&new[..byte], CONTEXT_CHARS))
            + common_prefix(after, head(&new[end_byte..], CONTEXT_CHARS));
        let distance = near.map_or(0, |n| n.abs_diff(start));
        let better = best.is_none_or(|(s, d, _)| score > s || (score == s && distance < d));
        if better {
            best = Some((score, distance, start));
        }
    }
    best.map(|(_, _, start)| TextRange::new(start, start + quote_chars))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_picks_the_right_occurrence() {
        let new = "Yes. She said we came back. Then he said: yes, we came back. Yes.";
        let found = relocate("we came back", "Then he said: yes, ", ".", new, None).unwrap();
        assert_eq!(text::slice_chars(new, found), Some("we came back"));
        assert_eq!(found.start, 47, "counted by hand");
        let first = relocate("we came back", "She said ", ". Then", new, None).unwrap();
        assert_eq!(first.start, 14);
    }

    #[test]
    fn ties_go_to_the_nearest_and_missing_quotes_are_none() {
        let new = "да да да";
        assert_eq!(
            relocate("да", "", "", new, Some(6)),
            Some(TextRange::new(6, 8))
        );
        assert_eq!(relocate("нет", "", "", new, None), None);
    }
}
