//! Codings as marks in a changing text: where a range goes when [`TextChange`]s are applied,
//! the changed text itself, and the changes that undo it. Pure; the store applies text edits
//! with it, and the window can use it to move its washes before the store has answered.

use crate::domain::{TextChange, TextRange};
use crate::text;

/// Why a list of changes cannot be applied to a text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    /// A change reaches past the end of the text.
    #[error("the change at {start}..{end} is not inside the text ({chars} characters)")]
    OutOfBounds {
        /// Its first character.
        start: usize,
        /// Its end (exclusive).
        end: usize,
        /// The text's length in characters.
        chars: usize,
    },
    /// A change's range ends before it starts.
    #[error("the change at {start}..{end} ends before it starts")]
    Reversed {
        /// Its first character.
        start: usize,
        /// Its end.
        end: usize,
    },
    /// Two changes overlap, are out of order, or insert at the same place.
    #[error(
        "the changes at {first}.. and {second}.. overlap or are out of order; give them in order, each after the end of the one before"
    )]
    Overlap {
        /// Start of the earlier change.
        first: usize,
        /// Start of the later one.
        second: usize,
    },
    /// New text with a carriage return (stored texts have `\n` line endings only).
    #[error("new text must have `\\n` line endings (it contains a carriage return)")]
    CarriageReturn,
    /// A change that changes nothing.
    #[error("the change at {at} replaces nothing with nothing")]
    Empty {
        /// Where it is.
        at: usize,
    },
}

/// Checks that `changes` can be applied together to a text of `chars` characters: in order,
/// not overlapping, inside the text, each changing something, `\n` line endings.
pub fn check(changes: &[TextChange], chars: usize) -> Result<(), ChangeError> {
    let mut previous: Option<&TextChange> = None;
    for change in changes {
        let TextRange { start, end } = change.range;
        if end < start {
            return Err(ChangeError::Reversed { start, end });
        }
        if end > chars {
            return Err(ChangeError::OutOfBounds { start, end, chars });
        }
        if change.range.is_empty() && change.text.is_empty() {
            return Err(ChangeError::Empty { at: start });
        }
        if change.text.contains('\r') {
            return Err(ChangeError::CarriageReturn);
        }
        if let Some(p) = previous {
            let same_point = p.range.is_empty() && change.range.is_empty() && p.range.end == start;
            if start < p.range.end || same_point {
                return Err(ChangeError::Overlap {
                    first: p.range.start,
                    second: start,
                });
            }
        }
        previous = Some(change);
    }
    Ok(())
}

/// Where one mark (a coding's start or end) goes through one change.
fn map_mark(p: usize, change: &TextChange, is_end: bool) -> usize {
    let TextRange { start: a, end: b } = change.range;
    let n = text::char_len(&change.text);
    if a == b {
        // An insertion: it lies outside a coding that starts or ends exactly here.
        let moves = if is_end { p > a } else { p >= a };
        return if moves { p + n } else { p };
    }
    if p <= a {
        p
    } else if p >= b {
        p + n - (b - a)
    } else if is_end {
        a + n
    } else {
        a
    }
}

/// A checked list of changes, indexed so that mapping a range costs a binary search and the
/// few changes that reach it, however long the list (a re-import has thousands).
#[derive(Debug, Clone)]
pub struct Changes<'a> {
    changes: &'a [TextChange],
    /// `shift[i]`: how much the changes before `i` change the length.
    shift: Vec<isize>,
}

impl<'a> Changes<'a> {
    /// Indexes `changes`, which must pass [`check`].
    pub fn new(changes: &'a [TextChange]) -> Changes<'a> {
        let mut shift = Vec::with_capacity(changes.len() + 1);
        let mut total = 0isize;
        shift.push(0);
        for c in changes {
            total += text::char_len(&c.text) as isize - c.range.len() as isize;
            shift.push(total);
        }
        Changes { changes, shift }
    }

    /// The changes that may reshape `range`, and how much those before them shift it: those
    /// ending at or before its start only shift it; those starting after its end leave it.
    fn reaching(&self, range: TextRange) -> (usize, usize) {
        let first = self.changes.partition_point(|c| c.range.end <= range.start);
        let last = self.changes.partition_point(|c| c.range.start <= range.end);
        (first, last.max(first))
    }

    /// Where `range` lies after the changes, or `None` when every one of its characters was
    /// deleted with nothing put in their place: the coding loses its words. See [`TextChange`]
    /// for the rules.
    pub fn map(&self, range: TextRange) -> Option<TextRange> {
        let (first, last) = self.reaching(range);
        let (mut s, mut e) = (range.start, range.end);
        // Offsets of later changes do not depend on earlier ones, so going from the last change
        // to the first keeps every change's offsets valid.
        for change in self.changes[first..last].iter().rev() {
            s = map_mark(s, change, false);
            e = map_mark(e, change, true);
            if e <= s {
                return None;
            }
        }
        let shift = self.shift[first];
        Some(TextRange::new(
            (s as isize + shift) as usize,
            (e as isize + shift) as usize,
        ))
    }

    /// Whether `range` is changed by more than a shift: it shares a character with a change,
    /// or an insertion falls strictly inside it. Undo must then carry its range.
    pub fn reshapes(&self, range: TextRange) -> bool {
        let (first, last) = self.reaching(range);
        self.changes[first..last].iter().any(|c| {
            if c.range.is_empty() {
                range.start < c.range.start && c.range.start < range.end
            } else {
                range.overlaps(&c.range)
            }
        })
    }
}

/// Where `range` lies after `changes` (checked with [`check`]); see [`Changes::map`].
pub fn map_range(range: TextRange, changes: &[TextChange]) -> Option<TextRange> {
    Changes::new(changes).map(range)
}

/// The text after `changes` (checked with [`check`]), the changes that turn it back: in
/// order, with offsets into the new text and the old words as their text (changes that touch
/// are undone as one).
pub fn apply(old: &str, changes: &[TextChange]) -> Option<Applied> {
    let mut offsets = Vec::with_capacity(changes.len() * 2);
    for c in changes {
        offsets.push(c.range.start);
        offsets.push(c.range.end);
    }
    let bytes = text::byte_offsets(old, &offsets)?;
    let added: usize = changes.iter().map(|c| c.text.len()).sum();
    let mut new = String::with_capacity(old.len() + added);
    let mut inverse: Vec<TextChange> = Vec::with_capacity(changes.len());
    let mut replaced = Vec::with_capacity(changes.len());
    let mut last_byte = 0;
    let mut shift: isize = 0;
    for (i, c) in changes.iter().enumerate() {
        let (from, to) = (bytes[2 * i], bytes[2 * i + 1]);
        new.push_str(&old[last_byte..from]);
        new.push_str(&c.text);
        let n = text::char_len(&c.text);
        let start = (c.range.start as isize + shift) as usize;
        match inverse.last_mut() {
            // Changes that touch undo as one: two deletions side by side come back as one
            // insertion, not two at one place.
            Some(last) if last.range.end == start => {
                last.range.end = start + n;
                last.text.push_str(&old[from..to]);
            }
            _ => inverse.push(TextChange::new(
                TextRange::new(start, start + n),
                &old[from..to],
            )),
        }
        replaced.push(old[from..to].to_owned());
        shift += n as isize - c.range.len() as isize;
        last_byte = to;
    }
    new.push_str(&old[last_byte..]);
    Some(Applied {
        text: new,
        inverse,
        replaced,
    })
}

/// What [`apply`] gives back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The changed text.
    pub text: String,
    /// The changes that turn it back.
    pub inverse: Vec<TextChange>,
    /// The text each change replaced, in order.
    pub replaced: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The reference: every character knows which codings hold it. An insertion's characters
    /// belong to the codings that hold both its neighbours; a replacement's to the codings that
    /// held any replaced character. A coding is where its characters are.
    #[derive(Debug, Clone)]
    struct Model {
        chars: Vec<(char, Vec<usize>)>,
    }

    impl Model {
        fn new(text: &str, ranges: &[TextRange]) -> Model {
            let chars = text
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    let holders = (0..ranges.len())
                        .filter(|&k| ranges[k].contains(i))
                        .collect();
                    (c, holders)
                })
                .collect();
            Model { chars }
        }

        fn change(&mut self, change: &TextChange) {
            let TextRange { start: a, end: b } = change.range;
            let holders: Vec<usize> = if a == b {
                let before = a.checked_sub(1).map(|i| &self.chars[i].1);
                let after = self.chars.get(a).map(|c| &c.1);
                match (before, after) {
                    (Some(x), Some(y)) => x.iter().filter(|k| y.contains(k)).copied().collect(),
                    _ => Vec::new(),
                }
            } else {
                let mut all: Vec<usize> = self.chars[a..b]
                    .iter()
                    .flat_map(|c| c.1.iter().copied())
                    .collect();
                all.sort_unstable();
                all.dedup();
                all
            };
            let new: Vec<(char, Vec<usize>)> =
                change.text.chars().map(|c| (c, holders.clone())).collect();
            self.chars.splice(a..b, new);
        }

        fn text(&self) -> String {
            self.chars.iter().map(|c| c.0).collect()
        }

        fn range(&self, k: usize) -> Option<TextRange> {
            let first = self.chars.iter().position(|c| c.1.contains(&k))?;
            let last = self.chars.iter().rposition(|c| c.1.contains(&k))?;
            Some(TextRange::new(first, last + 1))
        }
    }

    fn apply_model(model: &mut Model, changes: &[TextChange]) {
        for c in changes.iter().rev() {
            model.change(c);
        }
    }

    const TEXT: &str = "Айгерім said: we came back in 1992 — 回来 🙂 to the village.";

    #[test]
    fn insertion_at_a_boundary_stays_outside_and_inside_grows() {
        let coding = TextRange::new(14, 21); // "we came"
        assert_eq!(
            map_range(coding, &[TextChange::insert(14, "so ")]),
            Some(TextRange::new(17, 24))
        );
        assert_eq!(
            map_range(coding, &[TextChange::insert(21, " all")]),
            Some(coding)
        );
        assert_eq!(
            map_range(coding, &[TextChange::insert(16, "XY")]),
            Some(TextRange::new(14, 23))
        );
    }

    #[test]
    fn deleting_part_shrinks_and_all_unplaces() {
        let coding = TextRange::new(14, 21);
        assert_eq!(
            map_range(coding, &[TextChange::delete(TextRange::new(10, 17))]),
            Some(TextRange::new(10, 14))
        );
        assert_eq!(
            map_range(coding, &[TextChange::delete(TextRange::new(14, 21))]),
            None
        );
        assert_eq!(
            map_range(coding, &[TextChange::delete(TextRange::new(12, 30))]),
            None
        );
    }

    #[test]
    fn a_replaced_name_stays_coded() {
        let name = TextRange::new(0, 7); // "Айгерім"
        let pseudonym = [TextChange::new(name, "Дана")];
        assert_eq!(map_range(name, &pseudonym), Some(TextRange::new(0, 4)));
        let sentence = TextRange::new(0, 12);
        assert_eq!(map_range(sentence, &pseudonym), Some(TextRange::new(0, 9)));
        let after = TextRange::new(7, 12);
        assert_eq!(map_range(after, &pseudonym), Some(TextRange::new(4, 9)));
    }

    #[test]
    fn apply_gives_text_and_inverse() {
        let changes = [
            TextChange::new(TextRange::new(0, 7), "Дана"),
            TextChange::insert(14, "so "),
            TextChange::delete(TextRange::new(36, 39)),
        ];
        check(&changes, text::char_len(TEXT)).unwrap();
        let Applied {
            text: new, inverse, ..
        } = apply(TEXT, &changes).unwrap();
        let mut model = Model::new(TEXT, &[]);
        apply_model(&mut model, &changes);
        assert_eq!(new, model.text());
        assert_eq!(
            new,
            "Дана said: so we came back in 1992 — 🙂 to the village."
        );
        assert_eq!(apply(&new, &inverse).unwrap().text, TEXT);
    }

    #[test]
    fn check_refuses_overlaps_and_out_of_range() {
        let n = text::char_len(TEXT);
        assert!(matches!(
            check(&[TextChange::insert(n + 1, "x")], n),
            Err(ChangeError::OutOfBounds { .. })
        ));
        assert!(matches!(
            check(
                &[
                    TextChange::delete(TextRange::new(3, 8)),
                    TextChange::insert(5, "x")
                ],
                n
            ),
            Err(ChangeError::Overlap { .. })
        ));
        assert!(matches!(
            check(&[TextChange::insert(5, "x"), TextChange::insert(5, "y")], n),
            Err(ChangeError::Overlap { .. })
        ));
        assert!(matches!(
            check(&[TextChange::insert(5, "a\r\nb")], n),
            Err(ChangeError::CarriageReturn)
        ));
        assert!(check(&[TextChange::insert(n, "end")], n).is_ok());
    }

    /// Raw material for one list of changes: where (scaled to the text's length when used),
    /// how many characters go, and what comes in.
    type RawChanges = Vec<(prop::sample::Index, usize, String)>;

    fn raw_changes() -> impl Strategy<Value = RawChanges> {
        prop::collection::vec(
            (any::<prop::sample::Index>(), 0..4usize, "[ab é🙂\\n]{0,4}"),
            0..5,
        )
    }

    /// A valid list of changes for a text of `len` characters from raw material: sorted, and
    /// any that would overlap the one before dropped.
    pub(crate) fn changes_for(len: usize, raw: &RawChanges) -> Vec<TextChange> {
        let mut points: Vec<(usize, usize, String)> = raw
            .iter()
            .map(|(at, del, t)| {
                let a = at.index(len + 1);
                (a, (a + del).min(len), t.clone())
            })
            .collect();
        points.sort();
        let mut out: Vec<TextChange> = Vec::new();
        for (a, b, t) in points {
            let fits = out.last().is_none_or(|p: &TextChange| {
                a > p.range.end || (a == p.range.end && !(a == b && p.range.is_empty()))
            });
            if fits && !(a == b && t.is_empty()) {
                out.push(TextChange::new(TextRange::new(a, b), t));
            }
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn marks_follow_the_reference_model(
            text in "[ab é🙂\\n]{0,24}",
            raw in prop::collection::vec((0..24usize, 1..8usize), 0..6),
            steps in prop::collection::vec(raw_changes(), 1..5),
        ) {
            let len = text.chars().count();
            let mut ranges: Vec<TextRange> = raw
                .into_iter()
                .filter(|(s, _)| *s < len)
                .map(|(s, l)| TextRange::new(s, (s + l).min(len)))
                .collect();
            let mut model = Model::new(&text, &ranges);
            let mut current = text.clone();
            let mut alive: Vec<bool> = vec![true; ranges.len()];
            for step in &steps {
                let chars = current.chars().count();
                let changes = changes_for(chars, step);
                prop_assert!(check(&changes, chars).is_ok(), "{changes:?}");
                let Applied { text: new, inverse, .. } = apply(&current, &changes).unwrap();
                apply_model(&mut model, &changes);
                prop_assert_eq!(&new, &model.text());
                prop_assert!(check(&inverse, new.chars().count()).is_ok(), "{inverse:?}");
                prop_assert_eq!(&apply(&new, &inverse).unwrap().text, &current);
                for k in 0..ranges.len() {
                    if !alive[k] {
                        continue;
                    }
                    let mapped = map_range(ranges[k], &changes);
                    prop_assert_eq!(mapped, model.range(k), "coding {} {:?} through {:?}", k, ranges[k], changes);
                    match mapped {
                        Some(r) => ranges[k] = r,
                        None => alive[k] = false,
                    }
                }
                current = new;
            }
        }
    }
}
