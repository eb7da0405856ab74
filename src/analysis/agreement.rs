//! Intercoder agreement: how far two or more coders who coded the same documents apart agree,
//! per code, per document and in total.
//!
//! Three families, each as the tool researchers know it from computes it:
//! - **Characters** (the coding comparison of `NVivo`), two coders: every character of a document is a
//!   unit, coded with a code or not by each coder; percent agreement and Cohen's κ from that 2×2
//!   table. Characters neither coder coded count as agreement.
//! - **Segments** (MAXQDA's segment comparison), two coders: every coding is a segment; a
//!   segment agrees when the other coder has a coding of the same code that overlaps it by at
//!   least a share the user sets. Chance is corrected as Brennan & Prediger (1981) propose:
//!   chance agreement = 1 / number of codes.
//! - **Krippendorff's α for unitized continua**, two or more coders (Krippendorff 2019, *Content
//!   Analysis*, 4th ed., §12.6; Krippendorff, Mathet, Bouvry & Widlöcher 2016): each coder
//!   divides a document's characters into units (coded stretches) and gaps, and α compares the
//!   lengths on which coders coincide with the lengths expected by chance. `α_u` takes codes as
//!   values; `|uα` ignores codes and compares only what was coded (the boundaries). The classic
//!   nominal α over a coincidence matrix ([`nominal_alpha`]) uses the same arithmetic.
//!
//! The computation ([`compute`]) is pure: it sees document lengths and each coder's (code,
//! start, end) spans, never the store. [`report`] reads a project through store queries,
//! computes, and returns a [`Report`] with names and the method in words, which the CLI prints
//! and `export::export_agreement` writes.
//!
//! Decisions, made here once:
//! - A coder's overlapping codings of one code form one unit (a coder cannot disagree with
//!   themself); codings that merely touch stay separate units.
//! - Several documents are one continuum laid end to end; rows for several codes pool each
//!   code's character table (every code counts its document's characters once).
//! - A coefficient whose formula divides by zero gets no number but a [`Note`] saying why,
//!   except Cohen's κ with no variation, which is 1 as `NVivo` reports it (with the note). No
//!   NaN ever leaves this module.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use serde::Serialize;

use crate::domain::{CodeId, CoderId, DocumentId};
use crate::store::{Store, StoreError};

/// A coding as the coefficients see it: a code (an index into the analysed codes) and a range
/// of characters, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// Index of the code among the analysed codes (`0..Input::codes`).
    pub code: usize,
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

impl Span {
    /// A span of code `code` over `start..end`.
    pub fn new(code: usize, start: usize, end: usize) -> Span {
        Span { code, start, end }
    }

    fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }
}

/// One document: its length in characters and every coder's codings in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentCodings {
    /// Length in characters.
    pub length: usize,
    /// One list per coder, in the order of the analysis' coders. Spans past the end are cut
    /// at it; empty spans and spans of codes outside the analysis are ignored.
    pub coders: Vec<Vec<Span>>,
}

/// What the coefficients compare.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Input {
    /// Number of analysed codes (the `k` of Brennan & Prediger's chance agreement).
    pub codes: usize,
    /// Number of coders (two or more).
    pub coders: usize,
    /// The documents compared.
    pub documents: Vec<DocumentCodings>,
}

/// Why a coefficient has no ordinary value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Note {
    /// There are no characters to compare.
    NoText,
    /// Cohen's κ where both coders coded every character alike: reported as 1.
    KappaNoVariation,
    /// Every unit has the same value for every coder: α is not defined.
    NoVariation,
    /// Neither coder coded a segment.
    NoSegments,
    /// One code only: chance agreement is 1/1.
    OneCode,
    /// Characters and segments are compared for exactly two coders.
    NotTwoCoders,
    /// `α_u` takes codes as values of one variable; here a coder gave one stretch two codes.
    OverlappingCodes {
        /// The coder (index).
        coder: usize,
        /// The two codes (indices).
        codes: [usize; 2],
        /// The document (index).
        document: usize,
        /// The first character both codings cover.
        at: usize,
    },
    /// Classic α: no unit has values from two coders.
    NoPairableValues,
}

impl Note {
    /// The note in words, naming coders, codes and documents by these lists (indexed as in
    /// the [`Input`]).
    pub fn describe(&self, coders: &[String], codes: &[String], documents: &[String]) -> String {
        let name = |names: &[String], i: usize| names.get(i).cloned().unwrap_or_default();
        match *self {
            Note::NoText => "no text to compare (the documents are empty)".to_owned(),
            Note::KappaNoVariation => "both coders coded every character alike (all of it or \
                none of it), so chance agreement is 100% and κ's formula divides by zero; κ = 1 \
                is reported, as NVivo does"
                .to_owned(),
            Note::NoVariation => "not defined: there is no variation — every character has the \
                same value for every coder (for example, nobody applied the code here), so \
                agreement cannot be told apart from chance"
                .to_owned(),
            Note::NoSegments => "not defined: neither coder coded a segment here".to_owned(),
            Note::OneCode => {
                "not defined: with a single code, chance agreement is 1/1 = 100%".to_owned()
            }
            Note::NotTwoCoders => {
                "given for two coders only; with three or more coders see α".to_owned()
            }
            Note::OverlappingCodes {
                coder,
                codes: [a, b],
                document,
                at,
            } => format!(
                "not defined: {}'s codings of “{}” and “{}” overlap in “{}” (at character {at}); \
                 α_u takes the codes as values of one variable, which a coder gives a stretch of \
                 text only once — see |uα and each code's own α_u",
                name(coders, coder),
                name(codes, a),
                name(codes, b),
                name(documents, document)
            ),
            Note::NoPairableValues => "not defined: no unit has values from two coders".to_owned(),
        }
    }
}

/// A coefficient: its value, or why it has none (or why it is what it is). Never NaN.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coefficient {
    /// The value; `None` when the coefficient is not defined here.
    pub value: Option<f64>,
    /// Why there is no value, or what a conventional value means.
    pub note: Option<Note>,
}

impl Coefficient {
    fn of(v: f64) -> Coefficient {
        if v.is_finite() {
            Coefficient {
                value: Some(v),
                note: None,
            }
        } else {
            Coefficient::undefined(Note::NoVariation)
        }
    }

    fn undefined(note: Note) -> Coefficient {
        Coefficient {
            value: None,
            note: Some(note),
        }
    }
}

/// Characters of one or more (code, document) pairs, as two coders coded them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CharacterTable {
    /// Coded by both.
    pub both: u64,
    /// Coded by the first coder only.
    pub first_only: u64,
    /// Coded by the second coder only.
    pub second_only: u64,
    /// Coded by neither.
    pub neither: u64,
}

impl CharacterTable {
    fn add(&mut self, other: &CharacterTable) {
        self.both += other.both;
        self.first_only += other.first_only;
        self.second_only += other.second_only;
        self.neither += other.neither;
    }

    /// Every character counted.
    pub fn total(&self) -> u64 {
        self.both + self.first_only + self.second_only + self.neither
    }

    /// Share of characters both coders coded alike (both, or neither), 0–1.
    pub fn agreement(&self) -> Coefficient {
        let n = self.total();
        if n == 0 {
            return Coefficient::undefined(Note::NoText);
        }
        Coefficient::of((self.both + self.neither) as f64 / n as f64)
    }

    /// Cohen's `κ = (p_o − p_e) / (1 − p_e)`, `p_e` from each coder's share of coded characters.
    pub fn kappa(&self) -> Coefficient {
        let n = i128::from(self.total());
        if n == 0 {
            return Coefficient::undefined(Note::NoText);
        }
        let (a, b, c, d) = (
            i128::from(self.both),
            i128::from(self.first_only),
            i128::from(self.second_only),
            i128::from(self.neither),
        );
        // Times n²: expected agreement and observed agreement, exact in integers.
        let expected = (a + b) * (a + c) + (c + d) * (b + d);
        if expected == n * n {
            return Coefficient {
                value: Some(1.0),
                note: Some(Note::KappaNoVariation),
            };
        }
        Coefficient::of((n * (a + d) - expected) as f64 / (n * n - expected) as f64)
    }
}

/// Segments of one or more (code, document) pairs, as two coders coded them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SegmentTally {
    /// The first coder's segments.
    pub first: u64,
    /// Of those, how many the second coder's codings match.
    pub first_agreeing: u64,
    /// The second coder's segments.
    pub second: u64,
    /// Of those, how many the first coder's codings match.
    pub second_agreeing: u64,
}

impl SegmentTally {
    fn add(&mut self, other: &SegmentTally) {
        self.first += other.first;
        self.first_agreeing += other.first_agreeing;
        self.second += other.second;
        self.second_agreeing += other.second_agreeing;
    }

    /// Share of all segments (both coders') that agree, 0–1.
    pub fn agreement(&self) -> Coefficient {
        let n = self.first + self.second;
        if n == 0 {
            return Coefficient::undefined(Note::NoSegments);
        }
        Coefficient::of((self.first_agreeing + self.second_agreeing) as f64 / n as f64)
    }

    /// Brennan & Prediger's `κ_n = (p_o − 1/k) / (1 − 1/k)` for `codes` = k codes.
    pub fn kappa_n(&self, codes: usize) -> Coefficient {
        let observed = self.agreement();
        let Some(p) = observed.value else {
            return observed;
        };
        if codes < 2 {
            return Coefficient::undefined(Note::OneCode);
        }
        let chance = 1.0 / codes as f64;
        Coefficient::of((p - chance) / (1.0 - chance))
    }
}

/// What Krippendorff's unitized α needs of a continuum, summed over its parts: per value (0 is
/// the gap, "not coded"), the total length the coders gave it and the sum of its sections'
/// squared lengths (for gaps, their plain lengths: a gap may pair with itself, a unit may not),
/// and the observed coincidences on the diagonal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitizedTally {
    coders: u64,
    /// Σ over characters of Σ over values of `n_v·(n_v − 1)`: (m − 1) times the observed
    /// coincidences of equal values.
    matching: u128,
    /// Per value: the length coders gave it (`l_v·`).
    lengths: Vec<u128>,
    /// Per value: Σ of its units' squared lengths (gaps: Σ of their lengths).
    squares: Vec<u128>,
}

impl UnitizedTally {
    fn new(coders: usize, values: usize) -> UnitizedTally {
        UnitizedTally {
            coders: coders as u64,
            matching: 0,
            lengths: vec![0; values],
            squares: vec![0; values],
        }
    }

    /// A continuum of `length` characters nobody coded.
    fn uncoded(coders: usize, values: usize, length: usize) -> UnitizedTally {
        let mut t = UnitizedTally::new(coders, values);
        let m = coders as u128;
        let l = length as u128;
        t.matching = m * m.saturating_sub(1) * l;
        t.lengths[0] = m * l;
        t.squares[0] = m * l;
        t
    }

    fn add(&mut self, other: &UnitizedTally) {
        self.coders = self.coders.max(other.coders);
        self.matching += other.matching;
        if self.lengths.len() < other.lengths.len() {
            self.lengths.resize(other.lengths.len(), 0);
            self.squares.resize(other.squares.len(), 0);
        }
        for (i, (l, s)) in other.lengths.iter().zip(&other.squares).enumerate() {
            self.lengths[i] += l;
            self.squares[i] += s;
        }
    }

    /// `α = 1 − D_o / D_e` for the nominal difference (values either match or not).
    pub fn alpha(&self) -> Coefficient {
        let total = self.lengths.iter().sum::<u128>();
        if total == 0 {
            return Coefficient::undefined(Note::NoText);
        }
        if self.coders < 2 {
            return Coefficient::undefined(Note::NoPairableValues);
        }
        let observed = self.matching as f64 / (self.coders - 1) as f64;
        let lengths: Vec<f64> = self.lengths.iter().map(|&l| l as f64).collect();
        alpha_from(
            total as f64,
            observed,
            &lengths,
            self.squares.iter().sum::<u128>() as f64,
        )
    }
}

/// α from a coincidence matrix's sums: `total` (all pairable values), `observed` (the
/// coincidences of equal values), `marginals` (per value) and `self_pairs` (what may not pair
/// with itself by chance: 1 per single value; a unit's squared length):
///
/// ```text
/// e_cc = n··(n_c² − S_c) / (n··² − S)                 expected coincidences of equal values
/// D_e  = n·· − Σ e_cc = n··(n··² − Σ n_c²) / (n··² − S)
/// D_o  = n·· − Σ o_cc
/// α    = 1 − D_o / D_e
/// ```
fn alpha_from(total: f64, observed: f64, marginals: &[f64], self_pairs: f64) -> Coefficient {
    let squares: f64 = marginals.iter().map(|n| n * n).sum();
    // Only one value occurs (exact: every term is an integer below 2^53 in practice).
    if marginals.iter().filter(|&&n| n > 0.0).count() < 2 {
        return Coefficient::undefined(Note::NoVariation);
    }
    let denominator = total * total - self_pairs;
    let expected = total * (total * total - squares) / denominator;
    if expected.is_nan() || expected <= 0.0 {
        return Coefficient::undefined(Note::NoVariation);
    }
    Coefficient::of(1.0 - (total - observed) / expected)
}

/// Krippendorff's classic α for nominal data: `data[coder][unit]` is the value a coder gave a
/// unit, `None` where they gave none. Units with fewer than two values are not pairable and
/// are left out, as Krippendorff defines it.
pub fn nominal_alpha<T: Eq + Hash>(data: &[Vec<Option<T>>]) -> Coefficient {
    let units = data.iter().map(Vec::len).max().unwrap_or(0);
    let mut index: HashMap<&T, usize> = HashMap::new();
    let mut marginals: Vec<f64> = Vec::new();
    let mut observed = 0.0;
    let mut counts: HashMap<usize, u64> = HashMap::new();
    for u in 0..units {
        counts.clear();
        let mut m_u = 0u64;
        for row in data {
            if let Some(Some(v)) = row.get(u) {
                let next = index.len();
                let i = *index.entry(v).or_insert(next);
                *counts.entry(i).or_default() += 1;
                m_u += 1;
            }
        }
        if m_u < 2 {
            continue;
        }
        for (&i, &n) in &counts {
            if marginals.len() <= i {
                marginals.resize(i + 1, 0.0);
            }
            marginals[i] += n as f64;
            observed += (n * (n - 1)) as f64 / (m_u - 1) as f64;
        }
    }
    let total: f64 = marginals.iter().sum();
    if total == 0.0 {
        return Coefficient::undefined(Note::NoPairableValues);
    }
    alpha_from(total, observed, &marginals, total)
}

/// The coefficients of one row of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The character table (two coders only).
    pub characters: Option<CharacterTable>,
    /// Percent agreement on characters, as a share 0–1.
    pub character_agreement: Coefficient,
    /// Cohen's κ on characters.
    pub kappa: Coefficient,
    /// The segment counts (two coders only).
    pub segments: Option<SegmentTally>,
    /// Percent agreement on segments, as a share 0–1.
    pub segment_agreement: Coefficient,
    /// Brennan & Prediger's `κ_n` on segments.
    pub kappa_n: Coefficient,
    /// Krippendorff's `α_u`: codes as values (for one code: that code against the rest).
    pub alpha_u: Coefficient,
    /// Krippendorff's |uα: what was coded against what was not, codes aside.
    pub alpha_binary: Coefficient,
}

impl Row {
    fn new(
        pairs: Option<(&CharacterTable, &SegmentTally)>,
        codes: usize,
        alpha_u: Coefficient,
        binary: &UnitizedTally,
    ) -> Row {
        let not_two = Coefficient::undefined(Note::NotTwoCoders);
        match pairs {
            Some((chars, segments)) => Row {
                characters: Some(*chars),
                character_agreement: chars.agreement(),
                kappa: chars.kappa(),
                segments: Some(*segments),
                segment_agreement: segments.agreement(),
                kappa_n: segments.kappa_n(codes),
                alpha_u,
                alpha_binary: binary.alpha(),
            },
            None => Row {
                characters: None,
                character_agreement: not_two,
                kappa: not_two,
                segments: None,
                segment_agreement: not_two,
                kappa_n: not_two,
                alpha_u,
                alpha_binary: binary.alpha(),
            },
        }
    }
}

/// One code in one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The code (index).
    pub code: usize,
    /// The document (index).
    pub document: usize,
    /// Its coefficients.
    pub row: Row,
}

/// Every coefficient per code, per document and in total.
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    /// One row per code, over all documents (index = code).
    pub codes: Vec<Row>,
    /// One row per document, over all codes (index = document).
    pub documents: Vec<Row>,
    /// Every code in every document, all together.
    pub total: Row,
    /// Each code in each document where some coder applied it, by document then code.
    pub cells: Vec<Cell>,
}

/// One coder's units on a continuum: `(start, end, value)`, sorted and disjoint.
type Units = Vec<(usize, usize, usize)>;

/// Sorted, overlapping ranges merged (touching ones stay apart).
fn merge(ranges: impl IntoIterator<Item = (usize, usize)>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (start, end) in ranges {
        match out.last_mut() {
            Some(last) if start < last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

/// Sweeps a continuum of `length` characters on which each coder's units — `(start, end,
/// value)`, value ≥ 1, sorted and disjoint per coder — carry a value (0 where a coder has none):
/// the tally for α, and for two coders the character table (coded = any value).
fn sweep(units: &[Units], values: usize, length: usize) -> (UnitizedTally, CharacterTable) {
    let m = units.len();
    let mut tally = UnitizedTally::new(m, values);
    // (position, 0 = end / 1 = start, coder, value): ends before starts at one position.
    let mut events: Vec<(usize, u8, usize, usize)> =
        Vec::with_capacity(units.iter().map(|u| 2 * u.len()).sum());
    for (coder, mine) in units.iter().enumerate() {
        for &(start, end, value) in mine {
            let len = (end - start) as u128;
            tally.lengths[value] += len;
            tally.squares[value] += len * len;
            events.push((start, 1, coder, value));
            events.push((end, 0, coder, value));
        }
    }
    events.sort_unstable();
    let mut count = vec![0i64; values];
    count[0] = m as i64;
    // Σ_v n_v (n_v − 1), kept up to date as counts change.
    let mut matching = (m as i64) * (m as i64 - 1);
    let mut covered = [false; 2];
    let mut chars = CharacterTable::default();
    let mut at = 0usize;
    let mut measure = |from: usize, to: usize, matching: i64, covered: [bool; 2]| {
        let span = (to - from) as u128;
        tally.matching += span * matching as u128;
        if m == 2 {
            let span = span as u64;
            match covered {
                [true, true] => chars.both += span,
                [true, false] => chars.first_only += span,
                [false, true] => chars.second_only += span,
                [false, false] => chars.neither += span,
            }
        }
    };
    for (pos, kind, coder, value) in events {
        if pos > at {
            measure(at, pos, matching, covered);
            at = pos;
        }
        let start = kind == 1;
        shift(&mut count, &mut matching, value, start);
        shift(&mut count, &mut matching, 0, !start);
        if coder < 2 {
            covered[coder] = start;
        }
    }
    if length > at {
        measure(at, length, matching, covered);
    }
    let coded: u128 = tally.lengths[1..].iter().sum();
    let gap = (m * length) as u128 - coded;
    tally.lengths[0] = gap;
    tally.squares[0] = gap;
    (tally, chars)
}

/// One more (`up`) or one fewer coder gives `value` here; keeps `Σ_v n_v (n_v − 1)` in step.
fn shift(count: &mut [i64], matching: &mut i64, value: usize, up: bool) {
    let n = count[value];
    if up {
        *matching += 2 * n;
        count[value] = n + 1;
    } else {
        *matching -= 2 * (n - 1);
        count[value] = n - 1;
    }
}

/// How many of `mine` the `theirs` codings match: a segment matches when one of `theirs`
/// overlaps it and covers at least `min_overlap` percent of it. Both sorted by start.
fn matching_segments(mine: &[Span], theirs: &[Span], min_overlap: f64) -> u64 {
    let mut agreeing = 0;
    let mut next = 0;
    let mut active: Vec<Span> = Vec::new();
    for a in mine {
        while next < theirs.len() && theirs[next].start < a.end {
            active.push(theirs[next]);
            next += 1;
        }
        // `mine` is sorted by start: what ends before this one starts overlaps none after it.
        active.retain(|b| b.end > a.start);
        let len = a.len() as f64;
        if active.iter().any(|b| {
            let overlap = b.end.min(a.end).saturating_sub(b.start.max(a.start));
            overlap > 0 && overlap as f64 * 100.0 >= min_overlap * len
        }) {
            agreeing += 1;
        }
    }
    agreeing
}

/// Accumulates one row.
#[derive(Debug, Clone, Default)]
struct Sums {
    chars: CharacterTable,
    segments: SegmentTally,
    binary: UnitizedTally,
}

impl Sums {
    fn add(&mut self, chars: &CharacterTable, segments: &SegmentTally, binary: &UnitizedTally) {
        self.chars.add(chars);
        self.segments.add(segments);
        self.binary.add(binary);
    }
}

/// Every coefficient for `input`: `min_overlap` is the segments' minimum overlap in percent
/// (0–100; 0 accepts any overlap).
pub fn compute(input: &Input, min_overlap: f64) -> Agreement {
    let k = input.codes;
    let m = input.coders;
    let pairs = m == 2;
    let mut code_sums: Vec<Sums> = vec![Sums::default(); k];
    let mut doc_rows = Vec::with_capacity(input.documents.len());
    let mut cells = Vec::new();
    let mut total = Sums::default();
    let mut total_u = UnitizedTally::default();
    let mut first_overlap: Option<Note> = None;
    for (d, doc) in input.documents.iter().enumerate() {
        let length = doc.length;
        // Each coder's spans cut to the document, by code, then start and end.
        let spans: Vec<Vec<Span>> = (0..m)
            .map(|i| {
                let mut mine: Vec<Span> = doc
                    .coders
                    .get(i)
                    .map(|s| {
                        s.iter()
                            .filter(|s| s.code < k)
                            .map(|s| Span::new(s.code, s.start.min(length), s.end.min(length)))
                            .filter(|s| s.start < s.end)
                            .collect()
                    })
                    .unwrap_or_default();
                mine.sort_unstable();
                mine
            })
            .collect();
        let mut present: Vec<usize> = spans.iter().flatten().map(|s| s.code).collect();
        present.sort_unstable();
        present.dedup();

        let mut doc_sums = Sums::default();
        // Every code nobody applied here: all "neither", all gap.
        let empty_chars = CharacterTable {
            neither: length as u64,
            ..CharacterTable::default()
        };
        let empty = UnitizedTally::uncoded(m, 2, length);
        let absent = k - present.len();
        for (c, sums) in code_sums.iter_mut().enumerate() {
            if present.binary_search(&c).is_err() {
                sums.add(&empty_chars, &SegmentTally::default(), &empty);
            }
        }
        for _ in 0..absent {
            doc_sums.chars.add(&empty_chars);
        }

        // Each code some coder applied here.
        let mut by_code: Vec<&[Span]> = vec![&[]; m];
        let mut cursor = vec![0usize; m];
        for &c in &present {
            for i in 0..m {
                let from = cursor[i];
                let to = from + spans[i][from..].partition_point(|s| s.code == c);
                by_code[i] = &spans[i][from..to];
                cursor[i] = to;
            }
            let units: Vec<Units> = by_code
                .iter()
                .map(|mine| {
                    merge(mine.iter().map(|s| (s.start, s.end)))
                        .into_iter()
                        .map(|(s, e)| (s, e, 1))
                        .collect()
                })
                .collect();
            let (binary, chars) = sweep(&units, 2, length);
            let segments = if pairs {
                // By start for the sweep of matches (they are sorted by start within a code).
                SegmentTally {
                    first: by_code[0].len() as u64,
                    first_agreeing: matching_segments(by_code[0], by_code[1], min_overlap),
                    second: by_code[1].len() as u64,
                    second_agreeing: matching_segments(by_code[1], by_code[0], min_overlap),
                }
            } else {
                SegmentTally::default()
            };
            code_sums[c].add(&chars, &segments, &binary);
            doc_sums.chars.add(&chars);
            doc_sums.segments.add(&segments);
            cells.push(Cell {
                code: c,
                document: d,
                row: Row::new(
                    pairs.then_some((&chars, &segments)),
                    k,
                    binary.alpha(),
                    &binary,
                ),
            });
        }

        // |uα: any analysed code against none.
        let union: Vec<Units> = spans
            .iter()
            .map(|mine| {
                let mut ranges: Vec<(usize, usize)> =
                    mine.iter().map(|s| (s.start, s.end)).collect();
                ranges.sort_unstable();
                merge(ranges).into_iter().map(|(s, e)| (s, e, 1)).collect()
            })
            .collect();
        let (binary, _) = sweep(&union, 2, length);
        doc_sums.binary.add(&binary);

        // α_u: codes as values, when no coder gave one stretch two codes.
        let alpha_u = match valued_units(&spans, d) {
            Ok(units) => {
                let (tally, _) = sweep(&units, k + 1, length);
                let alpha = tally.alpha();
                total_u.add(&tally);
                alpha
            }
            Err(note) => {
                first_overlap.get_or_insert(note);
                Coefficient::undefined(note)
            }
        };
        doc_rows.push(Row::new(
            pairs.then_some((&doc_sums.chars, &doc_sums.segments)),
            k,
            alpha_u,
            &doc_sums.binary,
        ));
        total.add(&doc_sums.chars, &doc_sums.segments, &doc_sums.binary);
    }
    let codes = code_sums
        .iter()
        .map(|s| {
            Row::new(
                pairs.then_some((&s.chars, &s.segments)),
                k,
                s.binary.alpha(),
                &s.binary,
            )
        })
        .collect();
    let total_alpha_u = match first_overlap {
        Some(note) => Coefficient::undefined(note),
        None if input.documents.is_empty() => Coefficient::undefined(Note::NoText),
        None => total_u.alpha(),
    };
    let total_row = Row::new(
        pairs.then_some((&total.chars, &total.segments)),
        k,
        total_alpha_u,
        &total.binary,
    );
    Agreement {
        codes,
        documents: doc_rows,
        total: total_row,
        cells,
    }
}

/// Each coder's units with their code as value (code + 1), or the first place where a coder's
/// codings of two different codes overlap. `spans` per coder sorted by code, start, end.
fn valued_units(spans: &[Vec<Span>], document: usize) -> Result<Vec<Units>, Note> {
    let mut out = Vec::with_capacity(spans.len());
    for (coder, mine) in spans.iter().enumerate() {
        let mut units: Units = Vec::with_capacity(mine.len());
        let mut from = 0;
        while from < mine.len() {
            let code = mine[from].code;
            let to = from + mine[from..].partition_point(|s| s.code == code);
            units.extend(
                merge(mine[from..to].iter().map(|s| (s.start, s.end)))
                    .into_iter()
                    .map(|(s, e)| (s, e, code + 1)),
            );
            from = to;
        }
        units.sort_unstable();
        for pair in units.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if b.0 < a.1 {
                return Err(Note::OverlappingCodes {
                    coder,
                    codes: [a.2 - 1, b.2 - 1],
                    document,
                    at: b.0,
                });
            }
        }
        out.push(units);
    }
    Ok(out)
}

/// Why agreement could not be computed from a project. Messages give the reason first.
#[derive(Debug, thiserror::Error)]
pub enum AgreementError {
    /// Fewer than two different coders were chosen.
    #[error("agreement needs at least two different coders")]
    TooFewCoders,
    /// The minimum overlap is not a percentage.
    #[error("the minimum overlap must be a percentage from 0 to 100, not {0}")]
    MinOverlap(f64),
    /// A chosen coder, code or document is not in the project.
    #[error("no {kind} with id {id} in the project")]
    Unknown {
        /// "coder", "code" or "document".
        kind: &'static str,
        /// Its id.
        id: i64,
    },
    /// Reading the project failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What to compare.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    /// The coders, two or more, in the order the report names them.
    pub coders: Vec<CoderId>,
    /// The codes; empty means every code one of the coders applied in the documents compared.
    pub codes: Vec<CodeId>,
    /// The documents; empty means every document that each of the coders coded (with any
    /// code).
    pub documents: Vec<DocumentId>,
    /// The segments' minimum overlap, in percent.
    pub min_overlap: f64,
}

/// The default minimum overlap of segments, in percent (MAXQDA's default).
pub const DEFAULT_MIN_OVERLAP: f64 = 90.0;

/// A document compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportDocument {
    /// Its name.
    pub name: String,
    /// Its length in characters.
    pub chars: usize,
}

/// The agreement of chosen coders in a project, with everything a reader needs to name it.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The project's name.
    pub project_name: String,
    /// The coders' names, in the order compared (the first is "first" in the tables).
    pub coders: Vec<String>,
    /// The codes' paths, in codebook order (indices of [`Agreement::codes`]).
    pub codes: Vec<String>,
    /// The documents compared, in list order.
    pub documents: Vec<ReportDocument>,
    /// Documents some but not all of the coders coded, left out of the comparison.
    pub left_out: Vec<String>,
    /// The segments' minimum overlap, in percent.
    pub min_overlap: f64,
    /// The coefficients.
    pub agreement: Agreement,
}

/// What a table row covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Every code in every document.
    Total,
    /// One code over every document.
    Code,
    /// Every code in one document.
    Document,
    /// One code in one document.
    CodeInDocument,
}

impl Scope {
    /// The scope as the CSV's `scope` column and the JSON write it.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Total => "total",
            Scope::Code => "code",
            Scope::Document => "document",
            Scope::CodeInDocument => "code_in_document",
        }
    }
}

/// One row of a report's table, with names and its notes in words: what the JSON, CSV and
/// XLSX outputs hold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportRow {
    /// What the row covers.
    pub scope: Scope,
    /// The code's path (empty for documents and the total).
    pub code: String,
    /// The document's name (empty for codes and the total).
    pub document: String,
    /// Characters coded by both, one or neither coder (two coders only).
    pub characters: Option<CharacterTable>,
    /// Percent agreement on characters, as a share 0–1.
    pub character_agreement: Option<f64>,
    /// Cohen's κ on characters.
    pub kappa: Option<f64>,
    /// Segments and agreeing segments of each coder (two coders only).
    pub segments: Option<SegmentTally>,
    /// Percent agreement on segments, as a share 0–1.
    pub segment_agreement: Option<f64>,
    /// Brennan & Prediger's `κ_n` on segments.
    pub kappa_n: Option<f64>,
    /// Krippendorff's `α_u`.
    pub alpha_u: Option<f64>,
    /// Krippendorff's |uα.
    pub alpha_binary: Option<f64>,
    /// Why a value is missing or conventional, each starting with the coefficient's name.
    pub notes: Vec<String>,
}

impl Report {
    fn document_names(&self) -> Vec<String> {
        self.documents.iter().map(|d| d.name.clone()).collect()
    }

    /// The notes of a row, each "coefficient: why".
    pub fn notes(&self, row: &Row) -> Vec<String> {
        let documents = self.document_names();
        let mut seen = HashSet::new();
        let two = row.characters.is_some();
        [
            ("percent agreement (characters)", &row.character_agreement),
            ("κ", &row.kappa),
            ("percent agreement (segments)", &row.segment_agreement),
            ("κ_n", &row.kappa_n),
            ("α_u", &row.alpha_u),
            ("|uα", &row.alpha_binary),
        ]
        .into_iter()
        .filter_map(|(name, c)| {
            let note = c.note?;
            // With three or more coders one line says it for the four pairwise columns.
            if !two && note == Note::NotTwoCoders {
                return seen
                    .insert(note)
                    .then(|| format!("characters and segments: {}", note.describe(&[], &[], &[])));
            }
            Some(format!(
                "{name}: {}",
                note.describe(&self.coders, &self.codes, &documents)
            ))
        })
        .collect()
    }

    /// Every row: the total, each code, each document, then each code in each document where
    /// some coder applied it.
    pub fn rows(&self) -> Vec<ReportRow> {
        let a = &self.agreement;
        let mut rows = Vec::with_capacity(1 + a.codes.len() + a.documents.len() + a.cells.len());
        rows.push(self.row(Scope::Total, "", "", &a.total));
        for (c, row) in a.codes.iter().enumerate() {
            rows.push(self.row(Scope::Code, &self.codes[c], "", row));
        }
        for (d, row) in a.documents.iter().enumerate() {
            rows.push(self.row(Scope::Document, "", &self.documents[d].name, row));
        }
        for cell in &a.cells {
            rows.push(self.row(
                Scope::CodeInDocument,
                &self.codes[cell.code],
                &self.documents[cell.document].name,
                &cell.row,
            ));
        }
        rows
    }

    fn row(&self, scope: Scope, code: &str, document: &str, row: &Row) -> ReportRow {
        ReportRow {
            scope,
            code: code.to_owned(),
            document: document.to_owned(),
            characters: row.characters,
            character_agreement: row.character_agreement.value,
            kappa: row.kappa.value,
            segments: row.segments,
            segment_agreement: row.segment_agreement.value,
            kappa_n: row.kappa_n.value,
            alpha_u: row.alpha_u.value,
            alpha_binary: row.alpha_binary.value,
            notes: self.notes(row),
        }
    }

    /// The coders named in a sentence: "A and B", "A, B and C".
    pub fn coders_in_words(&self) -> String {
        list_in_words(&self.coders)
    }

    /// The method, paragraph by paragraph, for a methods section: which coefficients, on what
    /// units, how chance is corrected, what counts as agreement, the minimum overlap, and the
    /// coders, codes and documents compared.
    pub fn method(&self) -> Vec<String> {
        let k = self.codes.len();
        let two = self.coders.len() == 2;
        let mut out = Vec::new();
        let documents: Vec<String> = self
            .documents
            .iter()
            .map(|d| format!("“{}” ({} characters)", d.name, d.chars))
            .collect();
        let codes: Vec<String> = self.codes.iter().map(|c| format!("“{c}”")).collect();
        out.push(format!(
            "Coders compared: {}, who coded the same documents independently. Codes ({k}): {}. \
             Documents ({}): {}.",
            self.coders_in_words(),
            if codes.is_empty() {
                "none".to_owned()
            } else {
                codes.join(", ")
            },
            self.documents.len(),
            if documents.is_empty() {
                "none".to_owned()
            } else {
                documents.join(", ")
            },
        ));
        if two {
            out.push(format!(
                "In the tables and files, {} is the first coder and {} the second.",
                self.coders[0], self.coders[1]
            ));
        }
        if !self.left_out.is_empty() {
            out.push(format!(
                "Left out because not every coder coded them: {}.",
                self.left_out
                    .iter()
                    .map(|d| format!("“{d}”"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if two {
            out.push(
                "Agreement on characters (as NVivo's coding comparison computes it). Each \
                 character of a document is a unit, and for each code each coder either coded it \
                 with that code or did not. A character counts as agreement when both coders \
                 coded it with the code or neither did; characters that neither coder coded \
                 count as agreement, which raises the percentage where little of the text is \
                 coded. Percent agreement is the share of characters in agreement. Cohen's \
                 (1960) κ corrects it for chance: κ = (p_o − p_e) / (1 − p_e), where p_e is the \
                 agreement expected from each coder's share of coded characters. Where both \
                 coders coded every character alike, κ is reported as 1. Rows for several codes \
                 or documents add up the character counts (each code counts its document's \
                 characters once), so longer documents weigh more."
                    .to_owned(),
            );
            let overlap = if self.min_overlap > 0.0 {
                format!(
                    "that covers at least {}% of it",
                    format_number(self.min_overlap)
                )
            } else {
                "that overlaps it at all".to_owned()
            };
            out.push(format!(
                "Agreement on segments (as MAXQDA's segment comparison computes it). Each coding \
                 is a segment. A segment of one coder agrees when the other coder has a coding of \
                 the same code in the same document {overlap} (the minimum overlap); every \
                 segment of both coders is checked. Percent agreement is the share of agreeing \
                 segments among all segments. Chance is corrected as Brennan and Prediger (1981) \
                 propose, with chance agreement 1 / k for k codes: κ_n = (p_o − 1/k) / (1 − 1/k), \
                 here k = {k}{}.",
                if k >= 2 {
                    format!(
                        " (chance agreement {})",
                        format_number(100.0 / k as f64) + "%"
                    )
                } else {
                    ", so κ_n is not defined".to_owned()
                }
            ));
        } else {
            out.push(
                "Percent agreement, Cohen's κ and segment agreement compare two coders; with \
                 three or more coders only Krippendorff's α is given."
                    .to_owned(),
            );
        }
        out.push(format!(
            "Krippendorff's α for unitized data (Krippendorff 2019, Content Analysis, 4th ed., \
             §12.6; Krippendorff, Mathet, Bouvry and Widlöcher 2016, Quality & Quantity 50), for \
             {} coders. Each document is a continuum of characters that each coder divides into \
             units (the stretches they coded; overlapping codings of one code by one coder form \
             one unit) and gaps. α compares the lengths of text on which coders coincide with \
             the lengths expected by chance when units keep their lengths: α = 1 − D_o / D_e, \
             where 1 is perfect agreement and 0 agreement at chance level. For a code, α_u \
             compares where that code was applied and where not. For a document and in total, \
             α_u takes the codes as values of one variable (so one coder's codings of different \
             codes must not overlap), and |uα ignores the codes: it compares only which text \
             was coded with any of them and which was not — the boundaries. The documents are \
             joined end to end into one continuum for totals and for each code's row.",
            self.coders.len()
        ));
        out.push(format!(
            "A value is left out where its formula divides by zero (for example, when nobody \
             applied a code in a document there is no variation to compare); the notes say why \
             for each. Computed with Tamga {}.",
            env!("CARGO_PKG_VERSION")
        ));
        out
    }
}

/// A share 0–1 as a percentage with one decimal ("98.8%"), or "—" when there is none.
pub fn percent_text(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{:.1}%", v * 100.0))
}

/// A coefficient with three decimals and a true minus sign ("0.688", "−0.333"), or "—" when
/// there is none.
pub fn coefficient_text(v: Option<f64>) -> String {
    v.map_or_else(
        || "—".to_owned(),
        |v| {
            let s = format!("{v:.3}");
            match s.strip_prefix('-') {
                // "−0.000" reads as a sign error: a value that rounds to zero is zero.
                Some("0.000") => "0.000".to_owned(),
                Some(rest) => format!("−{rest}"),
                None => s,
            }
        },
    )
}

/// "A", "A and B", "A, B and C".
fn list_in_words(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A number without trailing zeros: 90, 87.5, 33.3.
fn format_number(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map_or(s.clone(), str::to_owned)
}

/// Reads the chosen coders' codings from `store` (nothing is written) and computes every
/// coefficient.
pub fn report(store: &Store, selection: &Selection) -> Result<Report, AgreementError> {
    if !(0.0..=100.0).contains(&selection.min_overlap) {
        return Err(AgreementError::MinOverlap(selection.min_overlap));
    }
    let mut coder_ids: Vec<CoderId> = Vec::new();
    for &c in &selection.coders {
        if !coder_ids.contains(&c) {
            coder_ids.push(c);
        }
    }
    if coder_ids.len() < 2 {
        return Err(AgreementError::TooFewCoders);
    }
    let all_coders: HashMap<CoderId, String> = store
        .coders()?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let coders = coder_ids
        .iter()
        .map(|id| {
            all_coders.get(id).cloned().ok_or(AgreementError::Unknown {
                kind: "coder",
                id: id.0,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;

    let summaries = store.document_summaries()?;
    for d in &selection.documents {
        if !summaries.iter().any(|s| s.id == *d) {
            return Err(AgreementError::Unknown {
                kind: "document",
                id: d.0,
            });
        }
    }
    let codings = store.coder_spans(&coder_ids)?;
    let coder_index: HashMap<CoderId, usize> =
        coder_ids.iter().enumerate().map(|(i, &c)| (c, i)).collect();

    // Documents: as chosen, else those every coder coded.
    let mut coded_by: HashMap<DocumentId, HashSet<usize>> = HashMap::new();
    for c in &codings {
        if let Some(&i) = coder_index.get(&c.coder) {
            coded_by.entry(c.document).or_default().insert(i);
        }
    }
    let mut left_out = Vec::new();
    let documents: Vec<(DocumentId, ReportDocument)> = summaries
        .into_iter()
        .filter(|s| {
            if !selection.documents.is_empty() {
                return selection.documents.contains(&s.id);
            }
            let n = coded_by.get(&s.id).map_or(0, HashSet::len);
            if n > 0 && n < coder_ids.len() {
                left_out.push(s.name.clone());
            }
            n == coder_ids.len()
        })
        .map(|s| {
            (
                s.id,
                ReportDocument {
                    name: s.name,
                    chars: usize::try_from(s.chars).unwrap_or(0),
                },
            )
        })
        .collect();
    let document_index: HashMap<DocumentId, usize> = documents
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();

    // Codes: as chosen, else every code applied in those documents; in codebook order.
    let codebook = store.codes()?;
    let mut paths: HashMap<CodeId, String> = HashMap::with_capacity(codebook.len());
    for code in &codebook {
        let path = match code.parent.and_then(|p| paths.get(&p)) {
            Some(parent) => format!("{parent}/{}", code.name),
            None => code.name.clone(),
        };
        paths.insert(code.id, path);
    }
    for c in &selection.codes {
        if !paths.contains_key(c) {
            return Err(AgreementError::Unknown {
                kind: "code",
                id: c.0,
            });
        }
    }
    let used: HashSet<CodeId> = codings
        .iter()
        .filter(|c| document_index.contains_key(&c.document))
        .map(|c| c.code)
        .collect();
    let code_ids: Vec<CodeId> = codebook
        .iter()
        .map(|c| c.id)
        .filter(|id| {
            if selection.codes.is_empty() {
                used.contains(id)
            } else {
                selection.codes.contains(id)
            }
        })
        .collect();
    let code_index: HashMap<CodeId, usize> =
        code_ids.iter().enumerate().map(|(i, &c)| (c, i)).collect();

    let mut input = Input {
        codes: code_ids.len(),
        coders: coder_ids.len(),
        documents: documents
            .iter()
            .map(|(_, d)| DocumentCodings {
                length: d.chars,
                coders: vec![Vec::new(); coder_ids.len()],
            })
            .collect(),
    };
    for c in &codings {
        if let (Some(&d), Some(&code), Some(&i)) = (
            document_index.get(&c.document),
            code_index.get(&c.code),
            coder_index.get(&c.coder),
        ) {
            input.documents[d].coders[i].push(Span::new(code, c.range.start, c.range.end));
        }
    }
    let agreement = compute(&input, selection.min_overlap);
    Ok(Report {
        project_name: store.project_name()?,
        coders,
        codes: code_ids
            .iter()
            .map(|id| paths.get(id).cloned().unwrap_or_default())
            .collect(),
        documents: documents.into_iter().map(|(_, d)| d).collect(),
        left_out,
        min_overlap: selection.min_overlap,
        agreement,
    })
}

/// The JSON of `tamga agreement --json`: the names, the method in words and every row.
impl Serialize for Report {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Json<'a> {
            project: &'a str,
            coders: &'a [String],
            codes: &'a [String],
            documents: &'a [ReportDocument],
            left_out: &'a [String],
            min_overlap_percent: f64,
            method: Vec<String>,
            rows: Vec<ReportRow>,
        }
        Json {
            project: &self.project_name,
            coders: &self.coders,
            codes: &self.codes,
            documents: &self.documents,
            left_out: &self.left_out,
            min_overlap_percent: self.min_overlap,
            method: self.method(),
            rows: self.rows(),
        }
        .serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One document of `length` characters; each coder's spans of code 0 (or `(code, s, e)`).
    fn one(length: usize, codes: usize, coders: Vec<Units>) -> Input {
        Input {
            codes,
            coders: coders.len(),
            documents: vec![DocumentCodings {
                length,
                coders: coders
                    .into_iter()
                    .map(|spans| {
                        spans
                            .into_iter()
                            .map(|(c, s, e)| Span::new(c, s, e))
                            .collect()
                    })
                    .collect(),
            }],
        }
    }

    fn value(c: Coefficient) -> f64 {
        c.value.unwrap_or_else(|| panic!("no value: {:?}", c.note))
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    // Expected values below are counted by hand from the ranges: a = both, b = first only,
    // c = second only, d = neither; p_o = (a + d)/n, p_e = ((a+b)(a+c) + (c+d)(b+d))/n².

    #[test]
    fn total_agreement_is_one() {
        let r = compute(
            &one(100, 2, vec![vec![(0, 10, 30)], vec![(0, 10, 30)]]),
            90.0,
        );
        let t = &r.total;
        // Code 0: a = 20, d = 80; code 1 (unused): d = 100.
        assert_eq!(
            r.codes[0].characters,
            Some(CharacterTable {
                both: 20,
                neither: 80,
                ..CharacterTable::default()
            })
        );
        assert!(close(value(r.codes[0].character_agreement), 1.0));
        assert!(close(value(r.codes[0].kappa), 1.0));
        assert!(close(value(t.character_agreement), 1.0));
        assert_eq!(
            t.segments,
            Some(SegmentTally {
                first: 1,
                first_agreeing: 1,
                second: 1,
                second_agreeing: 1
            })
        );
        assert!(close(value(t.segment_agreement), 1.0));
        // κ_n = (1 − 1/2) / (1 − 1/2).
        assert!(close(value(t.kappa_n), 1.0));
        assert!(close(value(r.codes[0].alpha_u), 1.0));
        assert!(close(value(t.alpha_binary), 1.0));
        assert!(close(value(t.alpha_u), 1.0));
    }

    #[test]
    fn total_disagreement_gives_kappa_minus_one() {
        let r = compute(
            &one(100, 1, vec![vec![(0, 0, 50)], vec![(0, 50, 100)]]),
            90.0,
        );
        let row = &r.codes[0];
        // a = 0, b = 50, c = 50, d = 0: p_o = 0, p_e = (50·50 + 50·50)/100² = 0.5.
        assert!(close(value(row.character_agreement), 0.0));
        assert!(close(value(row.kappa), -1.0));
        assert!(close(value(row.segment_agreement), 0.0));
        assert_eq!(row.kappa_n.note, Some(Note::OneCode));
        assert!(row.kappa_n.value.is_none());
        assert!(value(row.alpha_u) < 0.0);
    }

    #[test]
    fn one_silent_coder_agrees_only_on_the_text_nobody_coded() {
        let r = compute(&one(100, 2, vec![vec![(0, 20, 40)], vec![]]), 90.0);
        let row = &r.codes[0];
        // a = 0, b = 20, c = 0, d = 80: p_o = 0.8, p_e = (20·0 + 80·100)/100² = 0.8, κ = 0.
        assert!(close(value(row.character_agreement), 0.8));
        assert!(close(value(row.kappa), 0.0));
        assert_eq!(
            row.segments,
            Some(SegmentTally {
                first: 1,
                ..SegmentTally::default()
            })
        );
        assert!(close(value(row.segment_agreement), 0.0));
        // κ_n = (0 − 1/2)/(1 − 1/2).
        assert!(close(value(row.kappa_n), -1.0));
        // The unused second code: nothing to tell apart.
        assert_eq!(r.codes[1].alpha_u.note, Some(Note::NoVariation));
        assert_eq!(r.codes[1].kappa.value, Some(1.0));
        assert_eq!(r.codes[1].kappa.note, Some(Note::KappaNoVariation));
        assert_eq!(r.codes[1].segment_agreement.note, Some(Note::NoSegments));
    }

    #[test]
    fn nested_ranges_agree_on_the_inner_part() {
        let r = compute(
            &one(100, 2, vec![vec![(0, 10, 60)], vec![(0, 20, 30)]]),
            90.0,
        );
        let row = &r.codes[0];
        // a = 10, b = 40, c = 0, d = 50: p_o = 0.6, p_e = (50·10 + 50·90)/100² = 0.5, κ = 0.2.
        assert!(close(value(row.character_agreement), 0.6));
        assert!(close(value(row.kappa), 0.2));
        // A's 50 characters are 20% covered (no); B's 10 are 100% covered (yes): 1 of 2.
        assert_eq!(
            row.segments,
            Some(SegmentTally {
                first: 1,
                first_agreeing: 0,
                second: 1,
                second_agreeing: 1
            })
        );
        assert!(close(value(row.segment_agreement), 0.5));
        assert!(close(value(row.kappa_n), 0.0));
    }

    #[test]
    fn touching_ranges_share_no_character() {
        let r = compute(&one(40, 1, vec![vec![(0, 0, 10)], vec![(0, 10, 20)]]), 1.0);
        let row = &r.codes[0];
        // a = 0, b = 10, c = 10, d = 20: p_o = 0.5, p_e = (10·10 + 30·30)/40² = 0.625,
        // κ = (0.5 − 0.625)/(1 − 0.625) = −1/3.
        assert!(close(value(row.character_agreement), 0.5));
        assert!(close(value(row.kappa), -1.0 / 3.0));
        assert!(close(value(row.segment_agreement), 0.0));
    }

    #[test]
    fn one_coders_overlapping_codings_of_a_code_count_each_character_once() {
        // A codes 0..20 and, inside it, 5..10 again; B codes 0..20: every character agrees.
        let r = compute(
            &one(40, 1, vec![vec![(0, 0, 20), (0, 5, 10)], vec![(0, 0, 20)]]),
            90.0,
        );
        let row = &r.codes[0];
        assert_eq!(
            row.characters,
            Some(CharacterTable {
                both: 20,
                neither: 20,
                ..CharacterTable::default()
            })
        );
        assert!(close(value(row.alpha_u), 1.0));
        // Two segments of A (the inner one is 100% inside B's), one of B.
        assert_eq!(
            row.segments,
            Some(SegmentTally {
                first: 2,
                first_agreeing: 2,
                second: 1,
                second_agreeing: 1
            })
        );
    }

    #[test]
    fn minimum_overlap_is_a_share_of_the_segment_checked() {
        // B covers exactly 9 of A's 10 characters.
        let input = one(50, 1, vec![vec![(0, 0, 10)], vec![(0, 1, 10)]]);
        let at = |pct| compute(&input, pct).codes[0].segments.unwrap_or_default();
        assert_eq!(at(90.0).first_agreeing, 1);
        assert_eq!(at(90.5).first_agreeing, 0);
        assert_eq!(at(90.5).second_agreeing, 1);
        // 0% still needs the codings to overlap.
        let apart = one(50, 1, vec![vec![(0, 0, 10)], vec![(0, 20, 30)]]);
        assert_eq!(
            compute(&apart, 0.0).codes[0]
                .segments
                .unwrap_or_default()
                .first_agreeing,
            0
        );
    }

    /// Krippendorff's `α_u` on a continuum of 20 characters, one code, two coders, by hand.
    ///
    /// ```text
    /// character  0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19
    /// coder A    . . X X X X X X . . .  .  X  X  X  X  .  .  .  .    units 2..8 (6), 12..16 (4)
    /// coder B    . . . . X X X X . . .  .  X  X  X  X  X  X  .  .    units 4..8 (4), 12..18 (6)
    ///
    /// Observed coincidences (m = 2, so each character adds its pair once per direction):
    /// both coded 4 + 4 = 8 characters → o(X,X) = 16; neither 2 + 4 + 2 = 8 → o(·,·) = 16;
    /// 2..4 and 16..18 differ → o(X,·) = o(·,X) = 4. l·· = 40, l_X = 20, l_· = 20.
    /// Squares: units 6² + 4² + 4² + 6² = 104, gaps count their lengths: 20. S = 124.
    /// D_o = 40 − (16 + 16) = 8.
    /// D_e = l··(l··² − l_X² − l_·²)/(l··² − S) = 40 · (1600 − 800) / 1476 = 32000/1476.
    /// α_u = 1 − 8 · 1476 / 32000 = 1 − 0.369 = 0.631.
    /// ```
    #[test]
    fn alpha_u_on_the_continuum_worked_by_hand() {
        let r = compute(
            &one(
                20,
                1,
                vec![vec![(0, 2, 8), (0, 12, 16)], vec![(0, 4, 8), (0, 12, 18)]],
            ),
            90.0,
        );
        assert!(close(value(r.codes[0].alpha_u), 0.631));
        assert!(close(value(r.total.alpha_u), 0.631));
        assert!(close(value(r.total.alpha_binary), 0.631));
    }

    #[test]
    fn overlapping_codes_of_one_coder_leave_alpha_u_undefined_but_not_the_boundaries() {
        let r = compute(
            &one(
                30,
                2,
                vec![vec![(0, 0, 10), (1, 5, 15)], vec![(0, 0, 10), (1, 10, 15)]],
            ),
            90.0,
        );
        assert_eq!(
            r.total.alpha_u.note,
            Some(Note::OverlappingCodes {
                coder: 0,
                codes: [0, 1],
                document: 0,
                at: 5
            })
        );
        assert!(r.total.alpha_u.value.is_none());
        assert!(r.documents[0].alpha_u.value.is_none());
        // Both coded 0..15 with something: the boundaries agree.
        assert!(close(value(r.total.alpha_binary), 1.0));
        let words = r.total.alpha_u.note.map(|n| {
            n.describe(
                &["Aigerim".into(), "Bolat".into()],
                &["Homeland".into(), "Return".into()],
                &["interview 1".into()],
            )
        });
        assert!(words.is_some_and(|w| {
            w.contains("Aigerim's codings of “Homeland” and “Return” overlap in “interview 1”")
        }),);
    }

    #[test]
    fn no_text_and_no_coding_give_reasons_not_nan() {
        let empty = compute(&one(0, 1, vec![vec![], vec![]]), 90.0);
        assert_eq!(empty.total.character_agreement.note, Some(Note::NoText));
        assert_eq!(empty.total.alpha_u.note, Some(Note::NoText));
        let nothing = compute(&one(100, 1, vec![vec![], vec![]]), 90.0);
        assert_eq!(nothing.total.alpha_u.note, Some(Note::NoVariation));
        assert_eq!(nothing.total.alpha_binary.note, Some(Note::NoVariation));
        assert_eq!(nothing.total.kappa.value, Some(1.0));
        let none = compute(
            &Input {
                codes: 1,
                coders: 2,
                documents: Vec::new(),
            },
            90.0,
        );
        assert_eq!(none.total.alpha_u.note, Some(Note::NoText));
        assert_eq!(none.codes[0].alpha_binary.note, Some(Note::NoText));
    }

    #[test]
    fn three_coders_get_alpha_only() {
        let r = compute(
            &one(
                30,
                1,
                vec![vec![(0, 0, 10)], vec![(0, 0, 10)], vec![(0, 0, 10)]],
            ),
            90.0,
        );
        assert!(r.total.characters.is_none());
        assert_eq!(r.total.kappa.note, Some(Note::NotTwoCoders));
        assert!(close(value(r.total.alpha_u), 1.0));
    }

    #[test]
    fn numbers_read_as_a_methods_section_writes_them() {
        assert_eq!(percent_text(Some(0.9875)), "98.8%");
        assert_eq!(percent_text(None), "—");
        assert_eq!(coefficient_text(Some(0.687_804_878)), "0.688");
        assert_eq!(coefficient_text(Some(-0.333_333)), "−0.333");
        assert_eq!(coefficient_text(Some(-0.000_2)), "0.000");
        assert_eq!(coefficient_text(None), "—");
    }

    #[test]
    fn classic_alpha_of_perfect_and_of_constant_data() {
        let same = vec![
            vec![Some(1), Some(2), Some(1)],
            vec![Some(1), Some(2), Some(1)],
        ];
        assert!(close(value(nominal_alpha(&same)), 1.0));
        let constant = vec![vec![Some(1), Some(1)], vec![Some(1), Some(1)]];
        assert_eq!(nominal_alpha(&constant).note, Some(Note::NoVariation));
        let lonely: Vec<Vec<Option<i32>>> = vec![vec![Some(1), None], vec![None, Some(2)]];
        assert_eq!(nominal_alpha(&lonely).note, Some(Note::NoPairableValues));
    }
}
