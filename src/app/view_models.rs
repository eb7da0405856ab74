//! View models built apart from drawing: the open document's paragraphs, its codings indexed by
//! paragraph, and stripe lanes. Rebuilt when the project's revision changes, never per frame.

use std::collections::{BinaryHeap, HashMap};

use crate::domain::{CodeId, CodingId, CodingSpan, Document, DocumentId, TextRange};
use crate::project::CodebookEntry;
use crate::text::{self, Paragraph};

/// What the document view needs to know about a code.
#[derive(Debug, Clone)]
pub struct CodeLook {
    /// The code's own name, for stripe labels.
    pub name: String,
    /// Its path from the top of the codebook, names joined by `/`, for tooltips.
    pub path: String,
    /// Its highlight colour, parsed from the stored `#rrggbb`.
    pub color: egui::Color32,
}

/// The open document, ready to draw.
#[derive(Debug, Clone)]
pub struct DocumentModel {
    /// The document shown.
    pub id: DocumentId,
    /// Its name in the document list.
    pub name: String,
    /// Its stored text, line endings `\n`; all offsets here are characters into it.
    pub text: String,
    /// Length of `text` in characters.
    pub chars: usize,
    /// Its paragraphs (separated by blank lines), in order.
    pub paragraphs: Vec<Paragraph>,
    /// Sorted by start, then end.
    pub codings: Vec<CodingSpan>,
    /// Lane of each coding (same index as `codings`).
    pub lanes: Vec<usize>,
    /// Number of lanes in use.
    pub lane_count: usize,
    /// The coders whose codings are shown, by id: when there are two or more, each one's
    /// stripes have their own pattern (its index here, see `theme::coder_pattern`).
    pub coders: Vec<crate::domain::CoderId>,
    /// For each paragraph, indices into `codings` of those overlapping it.
    pub by_paragraph: Vec<Vec<usize>>,
    /// Name, path and colour of every code, for drawing.
    pub looks: HashMap<CodeId, CodeLook>,
    /// How its paragraphs choose their direction (the document's setting).
    pub direction: crate::domain::Direction,
    /// For a paged document (PDF): where each page's first character is, with the page number
    /// (from 1). Empty for documents without pages.
    pub page_marks: Vec<(usize, usize)>,
}

/// Each page's first visible character: its start in the page map, moved past the blank lines
/// that separate paragraphs, so the mark sits on the line the page's text begins.
fn page_marks(text: &str, pages: &[usize]) -> Vec<(usize, usize)> {
    if pages.is_empty() {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().collect();
    pages
        .iter()
        .enumerate()
        .map(|(k, &start)| {
            let mut at = start.min(chars.len());
            while at < chars.len() && chars[at].is_whitespace() {
                at += 1;
            }
            (at.min(chars.len().saturating_sub(1)), k + 1)
        })
        .collect()
}

impl DocumentModel {
    /// Builds the model; work is proportional to the text once, then to the codings.
    pub fn new(doc: &Document, codings: Vec<CodingSpan>, codebook: &[CodebookEntry]) -> Self {
        let paragraphs = text::paragraphs(&doc.text);
        let chars = text::char_len(&doc.text);
        let mut model = DocumentModel {
            id: doc.id,
            name: doc.name.clone(),
            text: doc.text.clone(),
            chars,
            paragraphs,
            codings: Vec::new(),
            lanes: Vec::new(),
            lane_count: 0,
            coders: Vec::new(),
            by_paragraph: Vec::new(),
            looks: HashMap::new(),
            direction: doc.direction,
            page_marks: page_marks(&doc.text, &doc.pages),
        };
        model.set_codings(codings, codebook);
        model
    }

    /// Takes the codes' names and colours anew (after a codebook edit).
    pub fn set_looks(&mut self, codebook: &[CodebookEntry]) {
        self.looks = codebook
            .iter()
            .map(|e| {
                (
                    e.code.id,
                    CodeLook {
                        name: e.code.name.clone(),
                        path: e.path.clone(),
                        color: super::theme::code_color(&e.code.color),
                    },
                )
            })
            .collect();
    }

    /// Replaces the codings (after an edit) without re-splitting the text.
    pub fn set_codings(&mut self, mut codings: Vec<CodingSpan>, codebook: &[CodebookEntry]) {
        codings.sort_by_key(|c| (c.range.start, c.range.end, c.id));
        self.set_looks(codebook);
        let (lanes, lane_count) = assign_lanes(&codings);
        let mut by_paragraph = vec![Vec::new(); self.paragraphs.len()];
        for (i, c) in codings.iter().enumerate() {
            let first = self
                .paragraphs
                .partition_point(|p| p.range.end <= c.range.start);
            for (p, para) in self.paragraphs.iter().enumerate().skip(first) {
                if para.range.start >= c.range.end {
                    break;
                }
                by_paragraph[p].push(i);
            }
        }
        let mut coders: Vec<crate::domain::CoderId> = codings.iter().map(|c| c.coder).collect();
        coders.sort_unstable_by_key(|c| c.0);
        coders.dedup();
        self.coders = coders;
        self.codings = codings;
        self.lanes = lanes;
        self.lane_count = lane_count;
        self.by_paragraph = by_paragraph;
    }

    /// The stripe pattern of the coding at `index`: 0 (solid) unless codings of several coders
    /// are shown.
    pub fn coder_pattern(&self, index: usize) -> usize {
        if self.coders.len() < 2 {
            return 0;
        }
        let coder = self.codings[index].coder;
        self.coders.iter().position(|c| *c == coder).unwrap_or(0)
    }

    /// Index of the paragraph holding (or following) char `offset`.
    pub fn paragraph_index(&self, offset: usize) -> usize {
        self.paragraphs
            .partition_point(|p| p.range.end < offset)
            .min(self.paragraphs.len().saturating_sub(1))
    }

    /// 1-based paragraph number for citations and the margin.
    pub fn paragraph_number(&self, offset: usize) -> usize {
        text::paragraph_number(&self.paragraphs, offset)
    }

    /// The text of a paragraph.
    pub fn paragraph_text(&self, index: usize) -> &str {
        let p = self.paragraphs[index];
        &self.text[p.bytes.0..p.bytes.1]
    }

    /// Codings covering char `offset`, innermost (shortest) first.
    pub fn codings_at(&self, offset: usize) -> Vec<&CodingSpan> {
        if self.paragraphs.is_empty() {
            return Vec::new();
        }
        let idx = self.paragraph_index(offset);
        let mut found: Vec<&CodingSpan> = self.by_paragraph[idx]
            .iter()
            .map(|&i| &self.codings[i])
            .filter(|c| c.range.contains(offset))
            .collect();
        found.sort_by_key(|c| (c.range.len(), c.id));
        found
    }

    /// The coding with this id, if it is in this document.
    pub fn coding(&self, id: CodingId) -> Option<&CodingSpan> {
        self.codings.iter().find(|c| c.id == id)
    }

    /// The word around char `offset`, for double-click.
    pub fn word_at(&self, offset: usize) -> TextRange {
        let chars: Vec<char> = self.paragraph_chars(offset);
        let para = self.paragraphs[self.paragraph_index(offset)];
        let local = offset.saturating_sub(para.range.start).min(chars.len());
        let is_word = is_word_char;
        if chars.is_empty() {
            return TextRange::new(offset, offset);
        }
        let probe = if local < chars.len() && is_word(chars[local]) {
            local
        } else if local > 0 && is_word(chars[local - 1]) {
            local - 1
        } else {
            return TextRange::new(offset, (offset + 1).min(para.range.end));
        };
        let mut start = probe;
        while start > 0 && is_word(chars[start - 1]) {
            start -= 1;
        }
        let mut end = probe + 1;
        while end < chars.len() && is_word(chars[end]) {
            end += 1;
        }
        TextRange::new(para.range.start + start, para.range.start + end)
    }

    fn paragraph_chars(&self, offset: usize) -> Vec<char> {
        if self.paragraphs.is_empty() {
            return Vec::new();
        }
        self.paragraph_text(self.paragraph_index(offset))
            .chars()
            .collect()
    }

    /// Byte index of char `offset` in the text, walking from the nearest paragraph edge.
    fn byte_of(&self, offset: usize) -> usize {
        if self.paragraphs.is_empty() {
            return text::char_to_byte_from(&self.text, 0, 0, offset);
        }
        let p = self.paragraph_index(offset);
        let para = self.paragraphs[p];
        let (c, b) = if offset >= para.range.start {
            (para.range.start, para.bytes.0)
        } else if p > 0 {
            let prev = self.paragraphs[p - 1];
            (prev.range.end, prev.bytes.1)
        } else {
            (0, 0)
        };
        text::char_to_byte_from(&self.text, c, b, offset)
    }

    /// The end of the next word from char `offset` (over any spaces, line and paragraph breaks
    /// first), as Ctrl+Right moves; `offset` itself at the end of the text.
    pub fn next_word_end(&self, offset: usize) -> usize {
        let mut n = offset;
        let mut chars = self.text[self.byte_of(offset)..].chars().peekable();
        while chars.next_if(|c| !is_word_char(*c)).is_some() {
            n += 1;
        }
        while chars.next_if(|c| is_word_char(*c)).is_some() {
            n += 1;
        }
        n
    }

    /// The start of the word before char `offset` (over any spaces and breaks first), as
    /// Ctrl+Left moves; 0 at the start of the text.
    pub fn previous_word_start(&self, offset: usize) -> usize {
        let mut n = offset;
        let mut chars = self.text[..self.byte_of(offset)].chars().rev().peekable();
        while chars.next_if(|c| !is_word_char(*c)).is_some() {
            n -= 1;
        }
        while chars.next_if(|c| is_word_char(*c)).is_some() {
            n -= 1;
        }
        n
    }

    /// Moves one end of a coding's `range` by a whole word: the `end` or the start, `forward`
    /// (right) or back. Steps always cross a word, never whitespace alone (at a paragraph's end,
    /// growing reaches the next paragraph's first word). Returns `range` unchanged when there
    /// is no word to move over or the range would become empty.
    pub fn nudge(&self, range: TextRange, end: bool, forward: bool) -> TextRange {
        let mut r = range;
        match (end, forward) {
            (true, true) => r.end = self.next_word_end(range.end),
            (true, false) => {
                // Back over the last word, then over the spaces and breaks before it (keeping
                // the punctuation that ends the word before).
                let mut e = self.previous_word_start(range.end);
                let before: Vec<char> = self.text[..self.byte_of(e)]
                    .chars()
                    .rev()
                    .take(64)
                    .collect();
                for c in before {
                    if e <= range.start || !c.is_whitespace() {
                        break;
                    }
                    e -= 1;
                }
                r.end = e;
            }
            (false, false) => r.start = self.previous_word_start(range.start),
            (false, true) => {
                // Over the first word, then over the spaces and breaks after it.
                let mut s = self.next_word_end(range.start);
                for c in self.text[self.byte_of(s)..].chars().take(64) {
                    if s >= range.end || !c.is_whitespace() {
                        break;
                    }
                    s += 1;
                }
                r.start = s;
            }
        }
        if r.is_empty() || r.start >= range.end || r.end <= range.start {
            range
        } else {
            r
        }
    }

    /// The whole paragraph around `offset`, for triple-click.
    pub fn paragraph_range(&self, offset: usize) -> TextRange {
        self.paragraphs
            .get(self.paragraph_index(offset))
            .map_or(TextRange::new(0, 0), |p| p.range)
    }

    /// The text of a range, or "" when out of bounds.
    pub fn slice(&self, range: TextRange) -> &str {
        text::slice_chars(&self.text, range).unwrap_or("")
    }

    /// The next (or previous) coding after char `offset`, for Alt+↓ / Alt+↑.
    pub fn neighbour_coding(
        &self,
        from: Option<CodingId>,
        offset: usize,
        forward: bool,
    ) -> Option<CodingId> {
        let current = from.and_then(|id| self.codings.iter().position(|c| c.id == id));
        let next = match (current, forward) {
            (Some(i), true) => (i + 1 < self.codings.len()).then_some(i + 1),
            (Some(i), false) => i.checked_sub(1),
            (None, true) => {
                let i = self.codings.partition_point(|c| c.range.start < offset);
                (i < self.codings.len()).then_some(i)
            }
            (None, false) => self
                .codings
                .partition_point(|c| c.range.start < offset)
                .checked_sub(1),
        };
        next.map(|i| self.codings[i].id)
    }
}

/// Letters and digits, and the apostrophes and hyphens inside words ("don’t", "post-Soviet").
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\'' | '’' | '-' | '_')
}

/// Greedy interval colouring: each coding takes the lowest lane free at its start, so
/// overlapping codings never share a lane. O(n log n).
fn assign_lanes(codings: &[CodingSpan]) -> (Vec<usize>, usize) {
    // Min-heap of (end, lane) for lanes in use, and a min-heap of free lanes.
    let mut busy: BinaryHeap<std::cmp::Reverse<(usize, usize)>> = BinaryHeap::new();
    let mut free: BinaryHeap<std::cmp::Reverse<usize>> = BinaryHeap::new();
    let mut lanes = Vec::with_capacity(codings.len());
    let mut count = 0;
    for c in codings {
        while let Some(std::cmp::Reverse((end, lane))) = busy.peek().copied() {
            if end <= c.range.start {
                busy.pop();
                free.push(std::cmp::Reverse(lane));
            } else {
                break;
            }
        }
        let lane = if let Some(std::cmp::Reverse(l)) = free.pop() {
            l
        } else {
            count += 1;
            count - 1
        };
        busy.push(std::cmp::Reverse((c.range.end, lane)));
        lanes.push(lane);
    }
    (lanes, count)
}

/// The codebook as the tree panel shows it, with a filter applied.
#[derive(Debug, Clone, Default)]
pub struct CodebookView {
    /// Every code in tree order (parents before children, siblings in order), with counts.
    pub entries: Vec<CodebookEntry>,
}

impl CodebookView {
    /// Entries whose name contains `filter` (case-insensitive), with their ancestors so the
    /// tree stays readable.
    pub fn filtered(&self, filter: &str) -> Vec<&CodebookEntry> {
        let filter = filter.trim().to_lowercase();
        if filter.is_empty() {
            return self.entries.iter().collect();
        }
        let matches: Vec<bool> = self
            .entries
            .iter()
            .map(|e| e.code.name.to_lowercase().contains(&filter))
            .collect();
        let mut keep = matches.clone();
        // Keep ancestors of matches: entries come parents first, so walk backwards.
        let index: HashMap<CodeId, usize> = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.code.id, i))
            .collect();
        for i in (0..self.entries.len()).rev() {
            if keep[i]
                && let Some(&p) = self.entries[i].code.parent.and_then(|p| index.get(&p))
            {
                keep[p] = true;
            }
        }
        self.entries
            .iter()
            .zip(keep)
            .filter_map(|(e, k)| k.then_some(e))
            .collect()
    }

    /// The entry of code `id`, if it is in the codebook.
    pub fn entry(&self, id: CodeId) -> Option<&CodebookEntry> {
        self.entries.iter().find(|e| e.code.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn coding(id: i64, start: usize, end: usize) -> CodingSpan {
        CodingSpan {
            id: CodingId(id),
            code: CodeId(1),
            range: TextRange::new(start, end),
            coder: crate::domain::CoderId(1),
        }
    }

    #[test]
    fn overlapping_codings_get_different_lanes_and_lanes_are_reused() {
        let codings = vec![
            coding(1, 0, 10),
            coding(2, 5, 15),
            coding(3, 12, 20),
            coding(4, 16, 18),
        ];
        let (lanes, count) = assign_lanes(&codings);
        assert_eq!(lanes, vec![0, 1, 0, 1]);
        assert_eq!(count, 2);
    }

    /// Each coding takes the lowest lane no earlier, overlapping coding holds: worked out by
    /// comparing every pair.
    fn reference_lanes(codings: &[CodingSpan]) -> Vec<usize> {
        let mut lanes: Vec<usize> = Vec::new();
        for (i, c) in codings.iter().enumerate() {
            let taken: Vec<usize> = (0..i)
                .filter(|&j| codings[j].range.overlaps(&c.range))
                .map(|j| lanes[j])
                .collect();
            lanes.push((0..=i).find(|l| !taken.contains(l)).unwrap_or(i));
        }
        lanes
    }

    proptest::proptest! {
        #[test]
        fn lanes_match_the_pairwise_reference_and_never_collide(
            raw in proptest::collection::vec((0usize..200, 1usize..40), 0..60)
        ) {
            let mut codings: Vec<CodingSpan> = raw
                .iter()
                .enumerate()
                .map(|(i, &(start, len))| coding(i as i64, start, start + len))
                .collect();
            codings.sort_by_key(|c| (c.range.start, c.range.end, c.id));
            let (lanes, count) = assign_lanes(&codings);
            let expected = reference_lanes(&codings);
            proptest::prop_assert_eq!(&lanes, &expected);
            proptest::prop_assert_eq!(count, expected.iter().max().map_or(0, |m| m + 1));
            for i in 0..codings.len() {
                for j in 0..i {
                    if codings[i].range.overlaps(&codings[j].range) {
                        proptest::prop_assert_ne!(lanes[i], lanes[j]);
                    }
                }
            }
        }
    }
}
