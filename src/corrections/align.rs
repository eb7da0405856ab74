//! Aligning a document's text with a corrected version of it: the [`TextChange`]s that turn
//! the old text into the new one. Paragraphs (lines) are matched first with the patience
//! algorithm, so moved, inserted and deleted paragraphs are whole changes; within each changed
//! run of lines the characters are diffed (Myers), and changes separated by one or two
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
        let (old_index, old_len, new_index, new_len) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => (old_index, old_len, new_index, 0),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => (old_index, 0, new_index, new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (old_index, old_len, new_index, new_len),
        };
        let old_block: String = old_lines[old_index..old_index + old_len].concat();
        let new_block: String = new_lines[new_index..new_index + new_len].concat();
        let base = old_starts[old_index];
        if old_len == 0 || new_len == 0 {
            let end = old_starts[old_index + old_len];
            changes.push(TextChange::new(TextRange::new(base, end), new_block));
            continue;
        }
        changes.extend(characters(&old_block, &new_block, base, deadline));
    }
    changes
}

/// The character-level changes between two blocks, offsets shifted by `base`.
fn characters(old: &str, new: &str, base: usize, deadline: Instant) -> Vec<TextChange> {
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    let ops = capture_diff_slices_deadline(Algorithm::Myers, &a, &b, Some(deadline));
    let mut out: Vec<TextChange> = Vec::new();
    for op in ops {
        let (old_index, old_len, new_index, new_len) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => (old_index, old_len, new_index, 0),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => (old_index, 0, new_index, new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (old_index, old_len, new_index, new_len),
        };
        let text: String = b[new_index..new_index + new_len].iter().collect();
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
