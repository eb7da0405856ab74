//! Combining codings into passages (any, all, not) by sorting and sweeping, never by comparing
//! all pairs. Pure: no store access.

use std::collections::{HashMap, HashSet};

use super::Combine;
use crate::domain::{CodeId, Coding, DocumentId, TextRange};

/// A passage found by [`combine`]: a range of a document and the codings that make it
/// (indices into the slice given to `combine`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// The document the passage is in.
    pub document: DocumentId,
    /// Its characters: offsets into the document's text, end exclusive.
    pub range: TextRange,
    /// The codings that make it: indices into the slice given to `combine`.
    pub codings: Vec<usize>,
}

/// Overlapping (or touching) ranges merged, each with the codings inside it.
fn coverage(codings: &[Coding], members: &mut [usize]) -> Vec<(TextRange, Vec<usize>)> {
    members.sort_unstable_by_key(|&i| (codings[i].range.start, codings[i].range.end, i));
    let mut out: Vec<(TextRange, Vec<usize>)> = Vec::new();
    for &i in members.iter() {
        let r = codings[i].range;
        match out.last_mut() {
            Some((cur, list)) if r.start <= cur.end => {
                cur.end = cur.end.max(r.end);
                list.push(i);
            }
            _ => out.push((r, vec![i])),
        }
    }
    out
}

/// Intersection of two sorted lists of disjoint ranges: a two-pointer sweep.
fn intersect(a: &[TextRange], b: &[TextRange]) -> Vec<TextRange> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() && j < b.len() {
        let start = a[i].start.max(b[j].start);
        let end = a[i].end.min(b[j].end);
        if start < end {
            out.push(TextRange::new(start, end));
        }
        if a[i].end < b[j].end {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Combines codings into passages. `groups` are the chosen codes, each as the set of code ids
/// it stands for (itself, plus subcodes if wanted); `exclude` the code ids whose codings drop
/// a passage they overlap. `codings` must already be restricted to the wanted documents and
/// coders. Output is by document (in order of first appearance in `codings`), then range.
///
/// Runs in O(n log n): codings are sorted once per document and swept.
pub fn combine<S: std::hash::BuildHasher>(
    codings: &[Coding],
    groups: &[HashSet<CodeId, S>],
    how: Combine,
    exclude: &HashSet<CodeId, S>,
) -> Vec<Passage> {
    let mut doc_order: Vec<DocumentId> = Vec::new();
    let mut by_doc: HashMap<DocumentId, Vec<usize>> = HashMap::new();
    for (i, c) in codings.iter().enumerate() {
        if c.range.is_empty() {
            continue;
        }
        by_doc
            .entry(c.document)
            .or_insert_with(|| {
                doc_order.push(c.document);
                Vec::new()
            })
            .push(i);
    }
    let all_codes = groups.is_empty();
    let mut out = Vec::new();
    for doc in doc_order {
        let members = &by_doc[&doc];
        let mut excluded: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| exclude.contains(&codings[i].code))
            .collect();
        let blocked: Vec<TextRange> = coverage(codings, &mut excluded)
            .into_iter()
            .map(|(r, _)| r)
            .collect();
        let is_blocked = |r: TextRange| {
            // `blocked` is sorted and disjoint, so its ends are sorted too.
            let k = blocked.partition_point(|b| b.end <= r.start);
            blocked.get(k).is_some_and(|b| b.overlaps(&r))
        };
        let mut passages: Vec<Passage> = Vec::new();
        match how {
            Combine::All if groups.len() > 1 => {
                let mut covers = Vec::with_capacity(groups.len());
                for group in groups {
                    let mut m: Vec<usize> = members
                        .iter()
                        .copied()
                        .filter(|&i| group.contains(&codings[i].code))
                        .collect();
                    covers.push(coverage(codings, &mut m));
                }
                let mut common: Vec<TextRange> = covers[0].iter().map(|(r, _)| *r).collect();
                for cover in &covers[1..] {
                    let ranges: Vec<TextRange> = cover.iter().map(|(r, _)| *r).collect();
                    common = intersect(&common, &ranges);
                }
                for range in common {
                    let mut contributing = Vec::new();
                    for cover in &covers {
                        // The one coverage interval holding `range`, found by binary search.
                        let k = cover.partition_point(|(r, _)| r.end <= range.start);
                        if let Some((_, list)) = cover.get(k) {
                            contributing.extend(
                                list.iter()
                                    .copied()
                                    .filter(|&i| codings[i].range.overlaps(&range)),
                            );
                        }
                    }
                    contributing.sort_unstable_by_key(|&i| (codings[i].range.start, i));
                    contributing.dedup();
                    passages.push(Passage {
                        document: doc,
                        range,
                        codings: contributing,
                    });
                }
            }
            _ => {
                for &i in members {
                    if all_codes || groups.iter().any(|g| g.contains(&codings[i].code)) {
                        passages.push(Passage {
                            document: doc,
                            range: codings[i].range,
                            codings: vec![i],
                        });
                    }
                }
            }
        }
        passages.retain(|p| !is_blocked(p.range));
        passages.sort_by_key(|p| (p.range.start, p.range.end, p.codings.first().copied()));
        out.extend(passages);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CoderId, CodingId};

    fn coding(id: i64, doc: i64, code: i64, start: usize, end: usize) -> Coding {
        Coding {
            id: CodingId(id),
            guid: format!("{id:08x}-0000-4000-8000-000000000000"),
            document: DocumentId(doc),
            code: CodeId(code),
            range: TextRange::new(start, end),
            text: String::new(),
            coder: CoderId(1),
            created_at: String::new(),
            memo: String::new(),
            memo_modified_at: String::new(),
            memo_modified_by: None,
        }
    }

    #[test]
    fn combine_all_intersects_coverage_of_three_codes_per_document() {
        let codings = vec![
            coding(1, 1, 1, 0, 10),
            coding(2, 1, 1, 8, 30),
            coding(3, 1, 2, 5, 25),
            coding(4, 1, 3, 0, 100),
            coding(5, 2, 1, 0, 10),
            coding(6, 2, 2, 10, 20), // touches but does not overlap code 1
            coding(7, 2, 3, 0, 20),
        ];
        let groups: Vec<HashSet<CodeId>> = (1..=3).map(|c| HashSet::from([CodeId(c)])).collect();
        let passages = combine(&codings, &groups, Combine::All, &HashSet::new());
        assert_eq!(passages.len(), 1);
        assert_eq!(passages[0].range, TextRange::new(5, 25));
        assert_eq!(passages[0].codings, [0, 3, 2, 1]);
        let excluded = HashSet::from([CodeId(2)]);
        let any = combine(&codings, &groups[..1], Combine::Any, &excluded);
        assert_eq!(any.iter().map(|p| p.codings[0]).collect::<Vec<_>>(), [4]);
    }

    /// The same semantics, worked out character by character with no cleverness.
    fn reference(
        codings: &[Coding],
        groups: &[HashSet<CodeId>],
        how: Combine,
        exclude: &HashSet<CodeId>,
    ) -> Vec<Passage> {
        let mut docs: Vec<DocumentId> = Vec::new();
        for c in codings {
            if !c.range.is_empty() && !docs.contains(&c.document) {
                docs.push(c.document);
            }
        }
        let mut out = Vec::new();
        for doc in docs {
            let members: Vec<usize> = (0..codings.len())
                .filter(|&i| codings[i].document == doc && !codings[i].range.is_empty())
                .collect();
            let blocked = |r: TextRange| {
                members
                    .iter()
                    .any(|&i| exclude.contains(&codings[i].code) && codings[i].range.overlaps(&r))
            };
            let mut passages = Vec::new();
            if how == Combine::All && groups.len() > 1 {
                let end = members
                    .iter()
                    .map(|&i| codings[i].range.end)
                    .max()
                    .unwrap_or(0);
                let covered = |p: usize| {
                    groups.iter().all(|g| {
                        members
                            .iter()
                            .any(|&i| g.contains(&codings[i].code) && codings[i].range.contains(p))
                    })
                };
                let mut p = 0;
                while p < end {
                    if covered(p) {
                        let start = p;
                        while p < end && covered(p) {
                            p += 1;
                        }
                        let range = TextRange::new(start, p);
                        let mut contributing: Vec<usize> = members
                            .iter()
                            .copied()
                            .filter(|&i| {
                                groups.iter().any(|g| g.contains(&codings[i].code))
                                    && codings[i].range.overlaps(&range)
                            })
                            .collect();
                        contributing.sort_unstable_by_key(|&i| (codings[i].range.start, i));
                        passages.push(Passage {
                            document: doc,
                            range,
                            codings: contributing,
                        });
                    } else {
                        p += 1;
                    }
                }
            } else {
                for &i in &members {
                    if groups.is_empty() || groups.iter().any(|g| g.contains(&codings[i].code)) {
                        passages.push(Passage {
                            document: doc,
                            range: codings[i].range,
                            codings: vec![i],
                        });
                    }
                }
            }
            passages.retain(|p| !blocked(p.range));
            passages.sort_by_key(|p| (p.range.start, p.range.end, p.codings.first().copied()));
            out.extend(passages);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn combine_agrees_with_a_character_by_character_reference(
            raw in proptest::collection::vec((1i64..4, 1i64..5, 0usize..40, 1usize..15), 0..25),
            group_codes in proptest::collection::vec(proptest::collection::btree_set(1i64..5, 1..3), 0..4),
            excluded in proptest::collection::btree_set(1i64..5, 0..2),
            all in proptest::bool::ANY,
        ) {
            let codings: Vec<Coding> = raw
                .iter()
                .enumerate()
                .map(|(i, &(doc, code, start, len))| coding(i as i64 + 1, doc, code, start, start + len))
                .collect();
            let groups: Vec<HashSet<CodeId>> = group_codes
                .iter()
                .map(|g| g.iter().map(|&c| CodeId(c)).collect())
                .collect();
            let exclude: HashSet<CodeId> = excluded.iter().map(|&c| CodeId(c)).collect();
            let how = if all { Combine::All } else { Combine::Any };
            proptest::prop_assert_eq!(
                combine(&codings, &groups, how, &exclude),
                reference(&codings, &groups, how, &exclude)
            );
        }
    }
}
