//! Where two coders differ, for the disagreement navigator: the places where one coded and the
//! other did not, where both coded with different boundaries, or where they coded the same
//! passage with different codes; and the edits that resolve one (keep A's, keep B's, keep both,
//! or a consensus coding), each one undoable step that records who resolved it.
//!
//! A *place* starts as a cluster of one code's codings by the two coders that overlap (share at
//! least one character; touching ranges do not). A cluster where both coders' ranges are the
//! same is agreement and no place. One-sided places of different codes whose passages overlap —
//! A coded "homeland" where B coded "belonging" — are joined into one place of different codes.
//! A place is known by a key made of its codings (each coder's codes and ranges); a resolution
//! records the keys of the places its outcome leaves, so the navigator no longer lists them, and
//! lists a place again when its codings change.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::domain::{CodeId, CoderId, CodingId, DocumentId, Edit, Resolution, TextRange};
use crate::project::CodebookEntry;
use crate::store::{CodingFilter, Result, Store, StoreError};

/// One coding at a place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaceCoding {
    /// The coding.
    pub coding: CodingId,
    /// Its code.
    pub code: CodeId,
    /// The code's path, names joined by `/`.
    pub code_path: String,
    /// The code's colour, `#rrggbb`.
    pub color: String,
    /// Its passage.
    pub range: TextRange,
    /// The passage's text.
    pub text: String,
}

/// How two coders differ at a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Only coder A coded here.
    OnlyA,
    /// Only coder B coded here.
    OnlyB,
    /// Both coded with the same code, with different boundaries.
    Boundaries,
    /// They coded overlapping passages with different codes.
    DifferentCodes,
}

impl Kind {
    /// In words, with the coders' names.
    pub fn describe(self, a: &str, b: &str) -> String {
        match self {
            Kind::OnlyA => format!("only {a} coded"),
            Kind::OnlyB => format!("only {b} coded"),
            Kind::Boundaries => "different boundaries".to_owned(),
            Kind::DifferentCodes => "different codes".to_owned(),
        }
    }
}

/// A place where the two coders differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    /// Its document.
    pub document: DocumentId,
    /// The document's name.
    pub document_name: String,
    /// From the first coding's start to the last one's end.
    pub range: TextRange,
    /// How they differ.
    pub kind: Kind,
    /// Coder A's codings here, by start.
    pub a: Vec<PlaceCoding>,
    /// Coder B's codings here, by start.
    pub b: Vec<PlaceCoding>,
}

/// The places where two coders differ.
#[derive(Debug, Clone, Serialize)]
pub struct Disagreements {
    /// Coder A and coder B, with their names.
    pub coders: [(CoderId, String); 2],
    /// The places not resolved yet, in document order, then by start.
    pub places: Vec<Place>,
    /// How many places are left out because a resolution recorded them.
    pub resolved: usize,
    /// Documents left out because only one of the two coders coded them (when no documents
    /// were chosen), by name.
    pub left_out: Vec<String>,
}

/// The key of a place with coder `a`'s and `b`'s codings (names, then code GUIDs and ranges).
fn key(names: [&str; 2], sides: [&[(String, TextRange)]; 2]) -> String {
    let mut parts: Vec<String> = names
        .iter()
        .zip(sides)
        .map(|(name, codings)| {
            let mut items: Vec<String> = codings
                .iter()
                .map(|(code, r)| format!("{code}@{}-{}", r.start, r.end))
                .collect();
            items.sort();
            format!("{name}:{}", items.join(","))
        })
        .collect();
    parts.sort();
    parts.join(";")
}

/// A coding as places are found from it: which side, its code and its range.
#[derive(Debug, Clone)]
struct Item {
    side: usize,
    code: CodeId,
    range: TextRange,
    index: usize,
}

/// Places among `items` (one document's codings by two coders), as groups of indices into
/// `items` with their kind.
fn find_places(items: &[Item]) -> Vec<(Kind, Vec<usize>)> {
    let mut by_code: BTreeMap<CodeId, Vec<usize>> = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        by_code.entry(item.code).or_default().push(i);
    }
    let mut places: Vec<(Kind, Vec<usize>)> = Vec::new();
    for members in by_code.values_mut() {
        members.sort_by_key(|&i| (items[i].range.start, items[i].range.end, items[i].side));
        let mut cluster: Vec<usize> = Vec::new();
        let mut end = 0usize;
        let mut flush = |cluster: &mut Vec<usize>| {
            if cluster.is_empty() {
                return;
            }
            let ranges = |side: usize| {
                let mut r: Vec<(usize, usize)> = cluster
                    .iter()
                    .filter(|&&i| items[i].side == side)
                    .map(|&i| (items[i].range.start, items[i].range.end))
                    .collect();
                r.sort_unstable();
                r
            };
            let (a, b) = (ranges(0), ranges(1));
            if a != b {
                let kind = if b.is_empty() {
                    Kind::OnlyA
                } else if a.is_empty() {
                    Kind::OnlyB
                } else {
                    Kind::Boundaries
                };
                places.push((kind, std::mem::take(cluster)));
            }
            cluster.clear();
        };
        for &i in members.iter() {
            let r = items[i].range;
            if !cluster.is_empty() && r.start >= end {
                flush(&mut cluster);
            }
            if cluster.is_empty() {
                end = r.end;
            }
            end = end.max(r.end);
            cluster.push(i);
        }
        flush(&mut cluster);
    }
    // One-sided places of different coders whose passages overlap become one place.
    let extent = |members: &[usize]| {
        let start = members.iter().map(|&i| items[i].range.start).min();
        let end = members.iter().map(|&i| items[i].range.end).max();
        (start.unwrap_or(0), end.unwrap_or(0))
    };
    let mut parent: Vec<usize> = (0..places.len()).collect();
    let one_sided: Vec<usize> = (0..places.len())
        .filter(|&p| matches!(places[p].0, Kind::OnlyA | Kind::OnlyB))
        .collect();
    for (x, &p) in one_sided.iter().enumerate() {
        let (ps, pe) = extent(&places[p].1);
        for &q in &one_sided[x + 1..] {
            if places[p].0 == places[q].0 {
                continue;
            }
            let (qs, qe) = extent(&places[q].1);
            if ps < qe && qs < pe {
                let (rp, rq) = (root(&mut parent, p), root(&mut parent, q));
                parent[rq] = rp;
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for p in 0..places.len() {
        let r = root(&mut parent, p);
        groups.entry(r).or_default().push(p);
    }
    let mut out: Vec<(Kind, Vec<usize>)> = groups
        .into_values()
        .map(|group| {
            if group.len() == 1 {
                places[group[0]].clone()
            } else {
                let members = group.iter().flat_map(|&p| places[p].1.clone()).collect();
                (Kind::DifferentCodes, members)
            }
        })
        .collect();
    for (_, members) in &mut out {
        members.sort_by_key(|&i| (items[i].range.start, items[i].range.end, items[i].side));
    }
    out.sort_by_key(|(_, members)| extent(members));
    out
}

/// The representative of `i`'s group (union-find with path halving).
fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// What a place's key is made of: the coders' names and the code GUIDs by code.
struct KeyParts<'a> {
    names: [&'a str; 2],
    guids: &'a HashMap<CodeId, String>,
}

impl KeyParts<'_> {
    /// The key of a place holding `items` (side, code, range).
    fn of(&self, items: &[(usize, CodeId, TextRange)]) -> String {
        let side = |s: usize| -> Vec<(String, TextRange)> {
            items
                .iter()
                .filter(|i| i.0 == s)
                .map(|i| (self.guids.get(&i.1).cloned().unwrap_or_default(), i.2))
                .collect()
        };
        key(self.names, [&side(0), &side(1)])
    }

    /// The keys of the places that `items` (one place's codings after a resolution) form.
    fn places_of(&self, items: &[(usize, CodeId, TextRange)]) -> Vec<String> {
        let as_items: Vec<Item> = items
            .iter()
            .enumerate()
            .map(|(index, &(side, code, range))| Item {
                side,
                code,
                range,
                index,
            })
            .collect();
        find_places(&as_items)
            .into_iter()
            .map(|(_, members)| {
                let chosen: Vec<(usize, CodeId, TextRange)> =
                    members.iter().map(|&m| items[m]).collect();
                self.of(&chosen)
            })
            .collect()
    }
}

/// The places where coders `a` and `b` differ, in the documents given (if none: those both
/// coders coded, as intercoder agreement compares them), leaving out those a resolution
/// recorded.
pub fn disagreements(
    store: &Store,
    codebook: &[CodebookEntry],
    (a, b): (CoderId, CoderId),
    documents: &[DocumentId],
) -> Result<Disagreements> {
    if a == b {
        return Err(StoreError::Invalid(
            "choose two different coders to compare".into(),
        ));
    }
    let names: HashMap<CoderId, String> = store
        .coders()?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let name = |id: CoderId| {
        names.get(&id).cloned().ok_or(StoreError::NotFound {
            kind: "coder",
            id: id.0,
        })
    };
    let coders = [(a, name(a)?), (b, name(b)?)];
    let codes: HashMap<CodeId, &CodebookEntry> = codebook.iter().map(|e| (e.code.id, e)).collect();
    let guids: HashMap<CodeId, String> = codebook
        .iter()
        .map(|e| (e.code.id, e.code.guid.clone()))
        .collect();
    let parts = KeyParts {
        names: [&coders[0].1, &coders[1].1],
        guids: &guids,
    };
    let resolved: HashSet<(String, String)> = store
        .resolutions()?
        .into_iter()
        .map(|r| (r.document_guid, r.place))
        .collect();
    let documents_info = store.document_stamps()?;
    let mut codings = store.codings_matching(&CodingFilter {
        codes: Vec::new(),
        documents: documents.to_vec(),
        coders: vec![a, b],
    })?;
    codings.sort_by_key(|c| (c.document, c.range.start, c.range.end));
    let mut places = Vec::new();
    let mut left_out = 0usize;
    let mut one_coder = Vec::new();
    for doc in &documents_info {
        let in_doc: Vec<&crate::domain::Coding> =
            codings.iter().filter(|c| c.document == doc.id).collect();
        if in_doc.is_empty() {
            continue;
        }
        let by_both = in_doc.iter().any(|c| c.coder == a) && in_doc.iter().any(|c| c.coder == b);
        if documents.is_empty() && !by_both {
            one_coder.push(doc.name.clone());
            continue;
        }
        let items: Vec<Item> = in_doc
            .iter()
            .enumerate()
            .map(|(index, c)| Item {
                side: usize::from(c.coder == b),
                code: c.code,
                range: c.range,
                index,
            })
            .collect();
        for (kind, members) in find_places(&items) {
            let keyed: Vec<(usize, CodeId, TextRange)> = members
                .iter()
                .map(|&m| (items[m].side, items[m].code, items[m].range))
                .collect();
            if resolved.contains(&(doc.guid.clone(), parts.of(&keyed))) {
                left_out += 1;
                continue;
            }
            let side = |s: usize| -> Vec<PlaceCoding> {
                members
                    .iter()
                    .filter(|&&m| items[m].side == s)
                    .map(|&m| {
                        let c = in_doc[items[m].index];
                        let entry = codes.get(&c.code);
                        PlaceCoding {
                            coding: c.id,
                            code: c.code,
                            code_path: entry.map(|e| e.path.clone()).unwrap_or_default(),
                            color: entry.map(|e| e.code.color.clone()).unwrap_or_default(),
                            range: c.range,
                            text: c.text.clone(),
                        }
                    })
                    .collect()
            };
            let start = members.iter().map(|&m| items[m].range.start).min();
            let end = members.iter().map(|&m| items[m].range.end).max();
            places.push(Place {
                document: doc.id,
                document_name: doc.name.clone(),
                range: TextRange::new(start.unwrap_or(0), end.unwrap_or(0)),
                kind,
                a: side(0),
                b: side(1),
            });
        }
    }
    Ok(Disagreements {
        coders,
        places,
        resolved: left_out,
        left_out: one_coder,
    })
}

/// A consensus coding: its code and passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Consensus {
    /// The code.
    pub code: CodeId,
    /// The passage.
    pub range: TextRange,
}

impl Disagreements {
    /// The one undoable step that resolves `place` with `outcome`, by `resolver` (a coder's
    /// name): the codings it removes, the consensus coding it writes (by the resolver), and the
    /// record of the places the outcome leaves. `consensus` is needed for
    /// [`Resolution::Consensus`] and ignored otherwise.
    pub fn resolve(
        &self,
        place: &Place,
        outcome: Resolution,
        resolver: &str,
        consensus: Option<Consensus>,
        codebook: &[CodebookEntry],
    ) -> std::result::Result<Edit, String> {
        let guids: HashMap<CodeId, String> = codebook
            .iter()
            .map(|e| (e.code.id, e.code.guid.clone()))
            .collect();
        let parts = KeyParts {
            names: [&self.coders[0].1, &self.coders[1].1],
            guids: &guids,
        };
        let side = |s: usize, list: &[PlaceCoding]| -> Vec<(usize, CodeId, TextRange)> {
            list.iter().map(|c| (s, c.code, c.range)).collect()
        };
        let (a, b) = (side(0, &place.a), side(1, &place.b));
        let remove = |list: &[PlaceCoding]| -> Vec<Edit> {
            list.iter()
                .map(|c| Edit::RemoveCoding { id: c.coding })
                .collect()
        };
        let (mut edits, after): (Vec<Edit>, Vec<(usize, CodeId, TextRange)>) = match outcome {
            Resolution::KeepA => (remove(&place.b), a.clone()),
            Resolution::KeepB => (remove(&place.a), b.clone()),
            Resolution::KeepBoth => (Vec::new(), [a.clone(), b.clone()].concat()),
            Resolution::Consensus => {
                let Some(consensus) = consensus else {
                    return Err("a consensus coding needs a code and a passage".into());
                };
                if consensus.range.is_empty() {
                    return Err("select the consensus passage first".into());
                }
                let mut edits = [remove(&place.a), remove(&place.b)].concat();
                edits.push(Edit::ApplyCoding {
                    document: place.document,
                    code: consensus.code,
                    range: consensus.range,
                    coder: resolver.to_owned(),
                    memo: String::new(),
                });
                let mine = self.coders.iter().position(|(_, n)| n == resolver);
                let after = mine
                    .map(|s| vec![(s, consensus.code, consensus.range)])
                    .unwrap_or_default();
                (edits, after)
            }
        };
        let mut keys = parts.places_of(&after);
        if keys.is_empty() {
            // Nothing of the two coders is left to differ: record the place as it was.
            keys.push(parts.of(&[a, b].concat()));
        }
        for place_key in keys {
            edits.push(Edit::ResolveDisagreement {
                document: place.document,
                place: place_key,
                outcome,
                coder: resolver.to_owned(),
                resolved_at: None,
            });
        }
        Ok(Edit::Batch(edits))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(side: usize, code: i64, start: usize, end: usize) -> Item {
        Item {
            side,
            code: CodeId(code),
            range: TextRange::new(start, end),
            index: 0,
        }
    }

    /// An item as (side, code, start, end).
    type Plain = (usize, i64, usize, usize);

    /// The places as (kind, their items).
    fn places(items: &[Item]) -> Vec<(Kind, Vec<Plain>)> {
        find_places(items)
            .into_iter()
            .map(|(kind, members)| {
                (
                    kind,
                    members
                        .iter()
                        .map(|&m| {
                            let i = &items[m];
                            (i.side, i.code.0, i.range.start, i.range.end)
                        })
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn the_same_ranges_agree_and_every_other_difference_is_a_place() {
        let items = [
            // Code 1: the same passage by both — agreement.
            item(0, 1, 0, 10),
            item(1, 1, 0, 10),
            // Code 1: only A.
            item(0, 1, 20, 30),
            // Code 1: touching A's passage, only B: a place of its own.
            item(1, 1, 30, 35),
            // Code 2: boundaries differ.
            item(0, 2, 40, 50),
            item(1, 2, 42, 50),
            // Code 3 by A and code 4 by B over the same words: different codes.
            item(0, 3, 60, 70),
            item(1, 4, 61, 69),
        ];
        assert_eq!(
            places(&items),
            vec![
                (Kind::OnlyA, vec![(0, 1, 20, 30)]),
                (Kind::OnlyB, vec![(1, 1, 30, 35)]),
                (Kind::Boundaries, vec![(0, 2, 40, 50), (1, 2, 42, 50)]),
                (Kind::DifferentCodes, vec![(0, 3, 60, 70), (1, 4, 61, 69)]),
            ]
        );
    }

    #[test]
    fn a_coding_that_bridges_two_of_the_other_coders_makes_one_place() {
        let items = [item(0, 1, 0, 5), item(0, 1, 6, 10), item(1, 1, 0, 10)];
        assert_eq!(
            places(&items),
            vec![(
                Kind::Boundaries,
                vec![(0, 1, 0, 5), (1, 1, 0, 10), (0, 1, 6, 10)]
            )]
        );
        // Two one-sided places of the same coder are not joined.
        let items = [item(0, 1, 0, 5), item(0, 2, 2, 8)];
        assert_eq!(places(&items).len(), 2);
    }

    #[test]
    fn keys_do_not_depend_on_which_coder_is_a() {
        let one = key(
            ["Aigerim", "Ruslan"],
            [&[("g1".into(), TextRange::new(1, 2))], &[]],
        );
        let two = key(
            ["Ruslan", "Aigerim"],
            [&[], &[("g1".into(), TextRange::new(1, 2))]],
        );
        assert_eq!(one, two);
        assert_eq!(one, "Aigerim:g1@1-2;Ruslan:");
    }
}
