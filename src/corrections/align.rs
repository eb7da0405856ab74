//! Aligning a document's text with a corrected version of it: the [`TextChange`]s that turn
//! the old text into the new one. Paragraphs (lines) are matched first with the patience
//! algorithm, so moved, inserted and deleted paragraphs are whole changes; within each changed
//! run of lines the characters are diffed (Myers), each pure insertion or deletion is slid to
//! the best boundary its neighbours allow (a paragraph break before a sentence end before a
//! space: where a reader would say the change is), and changes separated by one or two
//! unchanged characters are joined so a corrected word is one replacement. Pure.

use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};

use crate::domain::{TextChange, TextRange};

/// How long the character diffs of one alignment may take in all before they settle for a
/// coarser (still correct) answer.
pub const CHARACTER_BUDGET: Duration = Duration::from_millis(1200);

/// Equal runs this short between two changes are folded into one change.
const JOIN_GAP: usize = 2;

/// Lines with their `\n`, and the char offset where each starts (plus the total at the end).
fn lines(text: &str) -> (Vec<&str>, Vec<usize>) {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut starts = Vec::with_capacity(lines.len() + 1);
    let mut at = 0;
    for line in &lines {
        starts.push(at);
        at += line.chars().count();
    }
    starts.push(at);
    (lines, starts)
}

/// The changes that turn `old` into `new`: in order, not overlapping, offsets into `old` (ready
/// for [`crate::domain::TextEdit`]). Applying them to `old` gives exactly `new`.
pub fn align(old: &str, new: &str) -> Vec<TextChange> {
    let (old_lines, old_starts) = lines(old);
    let (new_lines, _) = lines(new);
    let deadline = Instant::now() + CHARACTER_BUDGET;
    let mut changes = Vec::new();
    for op in capture_diff_slices_deadline(Algorithm::Patience, &old_lines, &new_lines, None) {
        if matches!(op, DiffOp::Equal { .. }) {
            continue;
        }
        let (old, new) = (op.old_range(), op.new_range());
        let (old_index, old_len, new_index, new_len) = (old.start, old.len(), new.start, new.len());
        let old_block: String = old_lines[old_index..old_index + old_len].concat();
        let new_block: String = new_lines[new_index..new_index + new_len].concat();
        let base = old_starts[old_index];
        if old_len == 0 || new_len == 0 {
            let end = old_starts[old_index + old_len];
            changes.push(TextChange::new(TextRange::new(base, end), new_block));
            continue;
        }
        // The old characters just outside the block, so that its ends are not mistaken for
        // the ends of the text.
        let mut before = old_lines[..old_index]
            .iter()
            .rev()
            .flat_map(|l| l.chars().rev());
        let around = Around {
            two_before: None,
            before: before.next(),
            after: old_lines
                .get(old_index + old_len)
                .and_then(|l| l.chars().next()),
        };
        let around = Around {
            two_before: before.next(),
            ..around
        };
        changes.extend(characters(&old_block, &new_block, base, deadline, around));
    }
    changes
}

/// The old text's characters around a block: the two before it and the one after it.
#[derive(Debug, Clone, Copy, Default)]
struct Around {
    two_before: Option<char>,
    before: Option<char>,
    after: Option<char>,
}

/// The character-level changes between two blocks, offsets shifted by `base`.
fn characters(
    old: &str,
    new: &str,
    base: usize,
    deadline: Instant,
    around: Around,
) -> Vec<TextChange> {
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    let ops = capture_diff_slices_deadline(Algorithm::Myers, &a, &b, Some(deadline));
    let mut out: Vec<TextChange> = Vec::new();
    for (old_index, old_len, text) in slid(&a, &b, &ops, around) {
        let range = TextRange::new(base + old_index, base + old_index + old_len);
        if let Some(last) = out.last_mut()
            && range.start - last.range.end <= JOIN_GAP
        {
            let gap: String = a[last.range.end - base..range.start - base]
                .iter()
                .collect();
            last.text.push_str(&gap);
            last.text.push_str(&text);
            last.range.end = range.end;
            continue;
        }
        out.push(TextChange::new(range, text));
    }
    out
}

/// How good a place the boundary between `x` and `y` is for a change to begin or end (after
/// diff-match-patch's "semantic lossless" cleanup): the ends of the text, a blank line, a line
/// break, a sentence end, a space, other punctuation, inside a word.
fn boundary_score(before: Option<char>, x: Option<char>, y: Option<char>) -> u8 {
    let (Some(x), Some(y)) = (x, y) else {
        return 6;
    };
    if x == '\n' && (before == Some('\n') || y == '\n') {
        5
    } else if x == '\n' || y == '\n' {
        4
    } else if matches!(x, '.' | '!' | '?' | '…' | '。' | '！' | '？') && y.is_whitespace() {
        3
    } else if x.is_whitespace() || y.is_whitespace() {
        2
    } else {
        u8::from(!x.is_alphanumeric() || !y.is_alphanumeric())
    }
}

/// The diff's changes as (old start, old length, new text), each pure insertion or deletion
/// moved, within the unchanged characters around it, to where its two ends score best.
fn slid(a: &[char], b: &[char], ops: &[DiffOp], around: Around) -> Vec<(usize, usize, String)> {
    let mut out: Vec<(usize, usize, String)> = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        if matches!(op, DiffOp::Equal { .. }) {
            continue;
        }
        let (old, new) = (op.old_range(), op.new_range());
        let (old_index, old_len, new_index, new_len) = (old.start, old.len(), new.start, new.len());
        let mut text: Vec<char> = b[new_index..new_index + new_len].to_vec();
        if (old_len == 0) == text.is_empty() {
            // A replacement stays where the diff put it.
            out.push((old_index, old_len, text.into_iter().collect()));
            continue;
        }
        // The unchanged characters it may move through: up to the previous change (as slid)
        // and the next one.
        let lo = out.last().map_or(0, |(s, l, _)| s + l);
        let hi = ops
            .get(i + 1..)
            .and_then(|rest| rest.iter().find(|o| !matches!(o, DiffOp::Equal { .. })))
            .map_or(a.len(), |o| o.old_range().start);
        // The old character at `k`, and the one before `k`, with those around the block.
        let char_at = |k: usize| {
            if k == a.len() {
                around.after
            } else {
                a.get(k).copied()
            }
        };
        let before = |k: usize| match k {
            0 => around.before,
            k => a.get(k - 1).copied(),
        };
        let two_before = |k: usize| match k {
            0 => around.two_before,
            1 => around.before,
            k => a.get(k - 2).copied(),
        };
        let score = |start: usize, piece: &[char]| -> u32 {
            let (left, right) = if old_len == 0 {
                // Inserted between old characters `start - 1` and `start`.
                let last_but_one = match piece.len() {
                    0 | 1 => before(start),
                    n => Some(piece[n - 2]),
                };
                (
                    boundary_score(two_before(start), before(start), piece.first().copied()),
                    boundary_score(last_but_one, piece.last().copied(), char_at(start)),
                )
            } else {
                // Old characters `start..end` deleted.
                let end = start + old_len;
                (
                    boundary_score(two_before(start), before(start), char_at(start)),
                    boundary_score(two_before(end), before(end), char_at(end)),
                )
            };
            u32::from(left) + u32::from(right)
        };
        // Slide left as far as the result stays the same, then try every place to the right.
        let mut start = old_index;
        if old_len == 0 {
            while start > lo && text.last() == a.get(start - 1) {
                text.rotate_right(1);
                start -= 1;
            }
        } else {
            while start > lo && a[start - 1] == a[start + old_len - 1] {
                start -= 1;
            }
        }
        let mut best = (score(start, &text), start, text.clone());
        loop {
            let end = start + old_len;
            let can = if old_len == 0 {
                start < hi && text.first() == a.get(start)
            } else {
                end < hi && a[start] == a[end]
            };
            if !can {
                break;
            }
            if old_len == 0 {
                text.rotate_left(1);
            }
            start += 1;
            let s = score(start, &text);
            // Later places win ties, as in diff-match-patch: a change reads better after a
            // break than before it.
            if s >= best.0 {
                best = (s, start, text.clone());
            }
        }
        out.push((best.1, old_len, best.2.into_iter().collect()));
    }
    out
}

/// How alike two passages are, from 0 (nothing in common) to 1 (equal): twice the characters a
/// diff keeps, over the characters of both.
pub fn similarity(a: &str, b: &str) -> f32 {
    if a == b {
        return 1.0;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let deadline = Instant::now() + Duration::from_millis(50);
    let ops = capture_diff_slices_deadline(Algorithm::Myers, &a, &b, Some(deadline));
    similar::diff_ratio(&ops, a.len(), b.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corrections::marks;
    use proptest::prelude::*;

    fn applied(old: &str, changes: &[TextChange]) -> String {
        marks::check(changes, old.chars().count()).unwrap();
        marks::apply(old, changes).unwrap().text
    }

    #[test]
    fn a_corrected_word_is_one_replacement() {
        let old = "First paragraph.\n\nWe came bakc in 1992.\n\nLast one.";
        let new = "First paragraph.\n\nWe came back in 1992.\n\nLast one.";
        let changes = align(old, new);
        assert_eq!(applied(old, &changes), new);
        assert_eq!(changes.len(), 1, "{changes:?}");
    }

    #[test]
    fn inserted_and_deleted_paragraphs_are_whole_changes() {
        let old = "One.\n\nTwo is here.\n\nThree.\n";
        let new = "One.\n\nNew paragraph.\n\nTwo is here.\n";
        let changes = align(old, new);
        assert_eq!(applied(old, &changes), new);
        // "Three.\n" goes as one deletion; the new paragraph comes as one insertion.
        assert!(
            changes
                .iter()
                .any(|c| c.text.is_empty() && c.range.len() >= "Three.".len()),
            "{changes:?}"
        );
        assert!(
            changes.iter().any(|c| c.text.contains("New paragraph.")),
            "{changes:?}"
        );
    }

    #[test]
    fn a_deleted_paragraph_beside_a_corrected_one_goes_whole_leaving_the_sentence_ends() {
        // The line diff lumps the corrected paragraph and the deleted one together; the
        // character diff alone would delete ".\n\nAfter … left" and keep the second full
        // stop, taking the first paragraph's own.
        let old = "We came in 1992 and stayed.\n\nAfter I saw them, they left.\n\nThe end.";
        let new = "We came in 1993 and stayed.\n\nThe end.";
        let changes = align(old, new);
        assert_eq!(applied(old, &changes), new);
        let replaced: Vec<String> = changes
            .iter()
            .map(|c| {
                old.chars()
                    .skip(c.range.start)
                    .take(c.range.len())
                    .collect()
            })
            .collect();
        assert!(
            replaced
                .iter()
                .any(|r| r.trim_matches('\n') == "After I saw them, they left."),
            "{replaced:?}"
        );
        let stayed = crate::text::find_occurrence(old, "stayed.", 1).unwrap();
        assert!(
            changes
                .iter()
                .all(|c| c.range.end <= stayed.start || c.range.start >= stayed.end),
            "{changes:?}"
        );
    }

    #[test]
    fn an_inserted_word_is_slid_to_sit_between_spaces() {
        // "a b" → "a x b": the diff may insert "x " after "a " or " x" after "a"; either way
        // the change is the word with one space, at a word boundary.
        let old = "one two";
        let new = "one new two";
        let changes = align(old, new);
        assert_eq!(applied(old, &changes), new);
        assert_eq!(changes.len(), 1);
        assert!(
            changes[0].text == "new " || changes[0].text == " new",
            "{changes:?}"
        );
    }

    #[test]
    fn similarity_counts_kept_characters() {
        assert!((similarity("abcd", "abcd") - 1.0).abs() < f32::EPSILON);
        assert!((similarity("abcd", "abxd") - 0.75).abs() < 1e-6);
        assert!(similarity("abcd", "").abs() < f32::EPSILON);
    }

    proptest! {
        #[test]
        fn alignment_turns_old_into_new(
            old in "[ab қ🙂\\n.]{0,60}",
            new in "[ab қ🙂\\n.]{0,60}",
        ) {
            let changes = align(&old, &new);
            prop_assert!(marks::check(&changes, old.chars().count()).is_ok(), "{changes:?}");
            prop_assert_eq!(marks::apply(&old, &changes).unwrap().text, new);
        }
    }
}
