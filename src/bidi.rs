//! Bidirectional text (the Unicode Bidirectional Algorithm, UAX #9) for one paragraph, without
//! egui: embedding levels, the pieces to shape as units, line breaking over measured advances,
//! each line's pieces in visual order, mirroring, and the geometry of the laid-out lines
//! (click → offset, range → boxes, carets, arrow keys).
//!
//! The reading view's layout (`app::paragraph_layout`) uses it in this order:
//! [`BidiText::new`] (levels), [`BidiText::units`] (what to shape), [`cluster_spans`] (where each
//! character of a shaped unit sits), [`BidiText::wrap`] (lines), [`BidiText::line_pieces`]
//! (visual order), [`VisualLine::place`] and [`VisualParagraph`] (geometry). Levels come from the
//! `unicode-bidi` crate (rules P2–I2); line rules L1 and L2 and mirroring (L4) are applied here.
//! Offsets are character offsets into the paragraph, end exclusive.

use std::ops::Range;

use unicode_bidi::{BidiClass, BidiInfo, Level};
use unicode_segmentation::UnicodeSegmentation as _;

mod mirroring;

/// How a paragraph's base direction is chosen (the per-document setting of the domain).
pub use crate::domain::Direction;

/// Whether a line may break before a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Break {
    Never,
    Allowed,
    Mandatory,
}

/// One paragraph's text with its resolved embedding levels, line-break opportunities and
/// grapheme boundaries. A `\n` inside it is a forced line break; the whole text has one base
/// direction (as an HTML block with `dir="auto"` has).
#[derive(Debug, Clone)]
pub struct BidiText {
    chars: Vec<char>,
    classes: Vec<BidiClass>,
    levels: Vec<u8>,
    rtl: bool,
    /// `breaks[i]`: may a line start at char `i`? One more entry than chars.
    breaks: Vec<Break>,
    grapheme_starts: Vec<bool>,
}

/// What kind of piece of text a [`Unit`] is, which decides how it is shaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// Left-to-right text (an even level), shaped as one run.
    Text,
    /// Right-to-left letters and their marks (an odd level), shaped as one run so that Arabic
    /// letters join; the shaper returns its glyphs right to left.
    Joined,
    /// One grapheme shaped alone: a neutral character inside a right-to-left run (mirrored if it
    /// has a mirror), a character of a right-to-left script at an even level (e.g. Arabic-Indic
    /// digits), or a directional control.
    Grapheme,
    /// A run of whitespace that is not part of left-to-right text at the base level.
    Space,
    /// A tab.
    Tab,
    /// A `\n`: never shaped, no width.
    LineBreak,
}

/// A piece of the paragraph shaped as one unit: one level, one style, one [`UnitKind`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The characters it holds.
    pub range: Range<usize>,
    /// Their embedding level (before the line rule L1).
    pub level: u8,
    /// How it is shaped.
    pub kind: UnitKind,
}

/// The part of a [`Unit`] that falls on one line, at one level after rule L1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Index of the unit in the list given to [`BidiText::line_pieces`].
    pub unit: usize,
    /// The characters of the unit on this line.
    pub range: Range<usize>,
    /// The level on this line (after L1).
    pub level: u8,
}

/// Reports whether a character belongs to a right-to-left script's blocks (Hebrew, Arabic,
/// Syriac, Thaana, N'Ko and their extensions and presentation forms). A font's shaper runs such
/// characters right to left even when they are digits at an even level, so they are shaped
/// alone there.
fn is_rtl_script(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x1_0800..=0x1_0FFF | 0x1_E800..=0x1_EFFF)
}

/// Reports whether `text` reads left to right throughout with no reordering to do: no
/// character is right to left or an Arabic number (classes R, AL, AN), none belongs to a
/// right-to-left script's blocks, none is a directional control or a paragraph separator other
/// than `\n`. Every character of such a text, in a paragraph not forced right to left, resolves
/// to level 0 (rules W7 and I1 with no strong right-to-left character), so its visual order is
/// its logical order and one left-to-right shaping of it is the whole layout.
pub fn is_plain_left_to_right(text: &str) -> bool {
    use BidiClass::{B, BN, CS, EN, ES, ET, L, NSM, ON, S, WS};
    text.chars().all(|c| {
        let plain = match unicode_bidi::bidi_class(c) {
            L | EN | ES | ET | CS | NSM | BN | ON | S | WS => true,
            B => c == '\n',
            _ => false,
        };
        plain && !is_rtl_script(c)
    })
}

/// Whether a paragraph of `text` runs right to left when its direction is chosen by
/// `direction` (auto: from its first strong character, rules P2 and P3).
fn base_is_rtl(text: &str, direction: Direction) -> bool {
    match direction {
        Direction::Auto => {
            unicode_bidi::get_base_direction_full(text) == unicode_bidi::Direction::Rtl
        }
        Direction::LeftToRight => false,
        Direction::RightToLeft => true,
    }
}

/// A paragraph as a file format that lays out bidirectional text itself wants it marked: its
/// base direction, and its text cut where the resolved level changes between even (left to
/// right) and odd (right to left). DOCX marks each odd run with `w:rtl`, the paragraph with
/// `w:bidi`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectionRuns {
    /// Whether the paragraph runs right to left.
    pub rtl: bool,
    /// Byte ranges of the text in order, each with whether it runs right to left; empty for
    /// empty text.
    pub runs: Vec<(Range<usize>, bool)>,
}

/// The base direction and direction runs of `text` (one paragraph; a `\n` inside stays in its
/// run) with its base direction chosen by `direction`.
pub fn direction_runs(text: &str, direction: Direction) -> DirectionRuns {
    if direction != Direction::RightToLeft && is_plain_left_to_right(text) {
        return DirectionRuns {
            rtl: false,
            runs: if text.is_empty() {
                Vec::new()
            } else {
                vec![(0..text.len(), false)]
            },
        };
    }
    let rtl = base_is_rtl(text, direction);
    let base = if rtl { Level::rtl() } else { Level::ltr() };
    let info = BidiInfo::new(text, Some(base));
    let mut runs: Vec<(Range<usize>, bool)> = Vec::new();
    for (b, c) in text.char_indices() {
        // A separator takes the base level (rule L1); it stays in the run it ends.
        let odd = if c == '\n' {
            runs.last().map_or(rtl, |r| r.1)
        } else {
            info.levels[b].is_rtl()
        };
        match runs.last_mut() {
            Some((range, last)) if *last == odd => range.end = b + c.len_utf8(),
            _ => runs.push((b..b + c.len_utf8(), odd)),
        }
    }
    DirectionRuns { rtl, runs }
}

/// The mirrored form of `c` (rule L4), if it has one: `(` ↔ `)`, `«` ↔ `»`, `≤` ↔ `≥`, ….
pub fn mirror(c: char) -> Option<char> {
    mirroring::MIRRORS
        .binary_search_by_key(&c, |&(from, _)| from)
        .ok()
        .map(|i| mirroring::MIRRORS[i].1)
}

/// Rule L2: the visual order of a line whose characters have `levels`, as logical indices from
/// left to right.
pub fn reorder(levels: &[u8]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..levels.len()).collect();
    let (Some(&max), Some(&min)) = (levels.iter().max(), levels.iter().min()) else {
        return order;
    };
    let lowest_odd = min | 1;
    let mut level = max;
    while level >= lowest_odd {
        let mut i = 0;
        while i < order.len() {
            if levels[order[i]] >= level {
                let start = i;
                while i < order.len() && levels[order[i]] >= level {
                    i += 1;
                }
                order[start..i].reverse();
            } else {
                i += 1;
            }
        }
        level -= 1;
    }
    order
}

fn is_explicit_control(class: BidiClass) -> bool {
    use BidiClass::{BN, LRE, LRO, PDF, RLE, RLO};
    matches!(class, BN | LRE | RLE | LRO | RLO | PDF)
}

fn is_isolate_control(class: BidiClass) -> bool {
    use BidiClass::{FSI, LRI, PDI, RLI};
    matches!(class, LRI | RLI | FSI | PDI)
}

impl BidiText {
    /// Resolves the levels of `text` with its base direction chosen by `direction`.
    pub fn new(text: &str, direction: Direction) -> Self {
        let rtl = base_is_rtl(text, direction);
        let base = if rtl { Level::rtl() } else { Level::ltr() };
        let info = BidiInfo::new(text, Some(base));
        let n = text.chars().count();
        let mut chars = Vec::with_capacity(n);
        let mut classes = Vec::with_capacity(n);
        let mut levels = Vec::with_capacity(n);
        // Char index of each byte that starts a char, for the line-break positions.
        let mut char_at_byte = vec![0usize; text.len() + 1];
        for (i, (b, c)) in text.char_indices().enumerate() {
            chars.push(c);
            classes.push(info.original_classes[b]);
            levels.push(info.levels[b].number());
            char_at_byte[b] = i;
        }
        char_at_byte[text.len()] = n;
        let mut breaks = vec![Break::Never; n + 1];
        for (b, opportunity) in unicode_linebreak::linebreaks(text) {
            breaks[char_at_byte[b]] = match opportunity {
                unicode_linebreak::BreakOpportunity::Mandatory => Break::Mandatory,
                unicode_linebreak::BreakOpportunity::Allowed => Break::Allowed,
            };
        }
        let mut grapheme_starts = vec![false; n];
        for (b, _) in text.grapheme_indices(true) {
            grapheme_starts[char_at_byte[b]] = true;
        }
        Self {
            chars,
            classes,
            levels,
            rtl,
            breaks,
            grapheme_starts,
        }
    }

    /// Number of characters.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// Whether there is no text.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// Whether the base direction is right to left.
    pub fn is_rtl(&self) -> bool {
        self.rtl
    }

    /// The base (paragraph) embedding level: 0 or 1.
    pub fn base_level(&self) -> u8 {
        u8::from(self.rtl)
    }

    /// The characters.
    pub fn chars(&self) -> &[char] {
        &self.chars
    }

    /// Resolved embedding level of each character (before the line rule L1).
    pub fn levels(&self) -> &[u8] {
        &self.levels
    }

    /// Whether char `i` starts a grapheme cluster (a user-perceived character).
    pub fn is_grapheme_start(&self, i: usize) -> bool {
        self.grapheme_starts.get(i).copied().unwrap_or(true)
    }

    /// The levels of the chars of `line` after rule L1: separators, and whitespace and isolate
    /// controls before them or at the end of the line, take the base level.
    pub fn line_levels(&self, line: Range<usize>) -> Vec<u8> {
        let base = self.base_level();
        let mut levels = self.levels[line.clone()].to_vec();
        let mut trailing = true;
        for (k, i) in line.enumerate().rev() {
            match self.classes[i] {
                BidiClass::B | BidiClass::S => {
                    levels[k] = base;
                    trailing = true;
                }
                BidiClass::WS => {
                    if trailing {
                        levels[k] = base;
                    }
                }
                class if is_isolate_control(class) => {
                    if trailing {
                        levels[k] = base;
                    }
                }
                // Removed by rule X9: neither part of the sequence nor an end to it.
                class if is_explicit_control(class) => {}
                _ => trailing = false,
            }
        }
        levels
    }

    /// The visual order of the chars of `line` (rules L1 and L2), as paragraph offsets from left
    /// to right.
    pub fn visual_order(&self, line: Range<usize>) -> Vec<usize> {
        let start = line.start;
        reorder(&self.line_levels(line))
            .into_iter()
            .map(|i| start + i)
            .collect()
    }

    /// Where the whitespace at the logical end of `line` begins: those chars hang past the line's
    /// end side and do not count towards its width.
    pub fn trailing_whitespace_start(&self, line: Range<usize>) -> usize {
        let mut start = line.end;
        while start > line.start && matches!(self.classes[start - 1], BidiClass::WS | BidiClass::B)
        {
            start -= 1;
        }
        start
    }

    fn kind_at(&self, i: usize) -> UnitKind {
        let level = self.levels[i];
        let odd = level % 2 == 1;
        match self.classes[i] {
            BidiClass::B => UnitKind::LineBreak,
            BidiClass::S => UnitKind::Tab,
            // Spaces inside left-to-right text at the base level never move (L1 leaves them
            // where they are), so they stay in the text's unit; elsewhere they are units of
            // their own, which L1 may move to the end of the line.
            BidiClass::WS if !odd && level == self.base_level() => UnitKind::Text,
            BidiClass::WS => UnitKind::Space,
            class if is_isolate_control(class) => UnitKind::Grapheme,
            BidiClass::LRE | BidiClass::RLE | BidiClass::LRO | BidiClass::RLO | BidiClass::PDF => {
                UnitKind::Grapheme
            }
            BidiClass::R | BidiClass::AL | BidiClass::NSM | BidiClass::BN if odd => {
                UnitKind::Joined
            }
            _ if odd => UnitKind::Grapheme,
            _ if is_rtl_script(self.chars[i]) => UnitKind::Grapheme,
            _ => UnitKind::Text,
        }
    }

    /// Splits the text into the units to shape: a new unit starts at each level change, at each
    /// offset in `cuts` (where the style changes), and wherever the kind of text changes;
    /// [`UnitKind::Grapheme`], [`UnitKind::Tab`] and [`UnitKind::LineBreak`] units hold one
    /// grapheme or char each. Together the units cover the text in logical order.
    pub fn units(&self, cuts: &[usize]) -> Vec<Unit> {
        let n = self.chars.len();
        let mut cut = vec![false; n + 1];
        for &c in cuts {
            if c <= n {
                cut[c] = true;
            }
        }
        let mut units: Vec<Unit> = Vec::new();
        let mut i = 0;
        while i < n {
            let kind = self.kind_at(i);
            let level = self.levels[i];
            // The grapheme starting at `i`, unless a cut or a level change falls inside it.
            let mut end = i + 1;
            while end < n && !self.grapheme_starts[end] && !cut[end] && self.levels[end] == level {
                end += 1;
            }
            let mergeable = matches!(kind, UnitKind::Text | UnitKind::Joined | UnitKind::Space);
            match units.last_mut() {
                Some(last) if mergeable && last.kind == kind && last.level == level && !cut[i] => {
                    last.range.end = end;
                }
                _ => units.push(Unit {
                    range: i..end,
                    level,
                    kind,
                }),
            }
            i = end;
        }
        units
    }

    /// The text of `range` as it is shaped: chars at odd levels replaced by their mirror (L4).
    pub fn display_text(&self, range: Range<usize>) -> String {
        range
            .map(|i| {
                let c = self.chars[i];
                if self.levels[i] % 2 == 1 {
                    mirror(c).unwrap_or(c)
                } else {
                    c
                }
            })
            .collect()
    }

    /// Breaks the paragraph into lines no wider than `max_width`, given each char's advance
    /// (`advances[i]`, in logical order). Lines break at the opportunities of the Unicode line
    /// breaking algorithm (UAX #14) and after each `\n`; whitespace at a line's end hangs and
    /// does not count. A word wider than the line is broken between graphemes. Returns the
    /// lines' char ranges, in order; an empty text gives one empty line.
    pub fn wrap(&self, advances: &[f32], max_width: f32) -> Vec<Range<usize>> {
        let n = self.chars.len();
        let mut lines = Vec::new();
        let mut start = 0;
        let mut width = 0.0f32;
        let mut last_break: Option<usize> = None;
        let tolerance = 0.01;
        for i in 0..n {
            if i > start {
                match self.breaks[i] {
                    Break::Mandatory => {
                        lines.push(start..i);
                        start = i;
                        width = 0.0;
                        last_break = None;
                    }
                    Break::Allowed => last_break = Some(i),
                    Break::Never => {}
                }
            }
            let advance = advances.get(i).copied().unwrap_or(0.0);
            width += advance;
            let hangs = matches!(self.classes[i], BidiClass::WS | BidiClass::B);
            // At most twice: at the last opportunity, then (if the word alone is too wide)
            // before this grapheme.
            while width > max_width + tolerance && !hangs && i > start {
                let at = match last_break {
                    Some(b) if b > start => b,
                    _ => (start + 1..=i)
                        .rev()
                        .find(|&g| self.grapheme_starts[g])
                        .unwrap_or(i),
                };
                lines.push(start..at);
                start = at;
                last_break = None;
                width = advances
                    .get(at..=i)
                    .map_or(0.0, |a| a.iter().copied().sum());
            }
        }
        lines.push(start..n);
        lines
    }

    /// The pieces of `line` in visual order, left to right: each unit's chars on the line, split
    /// where rule L1 changes a level, reordered by rule L2. Within a piece at an odd level the
    /// chars run right to left.
    pub fn line_pieces(&self, units: &[Unit], line: Range<usize>) -> Vec<Piece> {
        let levels = self.line_levels(line.clone());
        let first = units.partition_point(|u| u.range.end <= line.start);
        let mut pieces = Vec::new();
        for (index, unit) in units.iter().enumerate().skip(first) {
            if unit.range.start >= line.end {
                break;
            }
            let a = unit.range.start.max(line.start);
            let b = unit.range.end.min(line.end);
            let mut s = a;
            for j in a + 1..b {
                if levels[j - line.start] != levels[j - 1 - line.start] {
                    pieces.push(Piece {
                        unit: index,
                        range: s..j,
                        level: levels[s - line.start],
                    });
                    s = j;
                }
            }
            if s < b {
                pieces.push(Piece {
                    unit: index,
                    range: s..b,
                    level: levels[s - line.start],
                });
            }
        }
        let piece_levels: Vec<u8> = pieces.iter().map(|p| p.level).collect();
        reorder(&piece_levels)
            .into_iter()
            .map(|k| pieces[k].clone())
            .collect()
    }
}

/// What a shaper reports about one glyph of a shaped run, in the order it drew them (left to
/// right).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GlyphFact {
    /// The first char of the glyph's cluster.
    pub chr: char,
    /// How far the pen moved.
    pub advance: f32,
    /// A stand-in with no ink and no advance that the shaper added for a char it drew inside
    /// another glyph (egui adds these; for right-to-left runs it adds too many, see egui issue
    /// #8576). Ignored.
    pub continuation: bool,
}

/// Where each char of a shaped run sits, from the run's left edge: `(x0, x1)` per char, in
/// logical order. Works from the glyphs alone, never assuming one glyph per char: glyphs are
/// grouped into clusters by matching their chars against the text (a cluster that drew several
/// chars, such as a lam-alef ligature, is shared evenly among its graphemes), and each char after
/// the first of a grapheme gets an empty span at the grapheme's trailing edge. `rtl` says the
/// shaper ran the text right to left, so its glyphs come last char first.
pub fn cluster_spans(
    chars: &[char],
    grapheme_start: impl Fn(usize) -> bool,
    glyphs: &[GlyphFact],
    rtl: bool,
) -> Vec<(f32, f32)> {
    let n = chars.len();
    // Pen positions of the real glyphs, left to right.
    let mut x = 0.0f32;
    let mut placed: Vec<(char, f32, f32)> = Vec::with_capacity(glyphs.len());
    for g in glyphs {
        if !g.continuation {
            placed.push((g.chr, x, x + g.advance));
        }
        x += g.advance;
    }
    let total = x;
    if rtl {
        placed.reverse();
    }
    // Clusters in logical order: (first char, x0, x1).
    let mut clusters: Vec<(usize, f32, f32)> = Vec::new();
    let mut next = 0usize;
    let mut consistent = true;
    for &(chr, x0, x1) in &placed {
        let same_as_current = clusters
            .last()
            .is_some_and(|&(start, _, _)| chars[start] == chr);
        let starts_next = chars.get(next) == Some(&chr) && grapheme_start(next);
        if same_as_current && !starts_next {
            if let Some(last) = clusters.last_mut() {
                last.1 = last.1.min(x0);
                last.2 = last.2.max(x1);
            }
            continue;
        }
        match (next..n).find(|&p| chars[p] == chr && grapheme_start(p)) {
            Some(p) => {
                if clusters.is_empty() && p != 0 {
                    consistent = false;
                }
                clusters.push((p, x0, x1));
                next = p + 1;
            }
            None => match clusters.last_mut() {
                Some(last) => {
                    last.1 = last.1.min(x0);
                    last.2 = last.2.max(x1);
                }
                None => consistent = false,
            },
        }
    }
    let mut spans = vec![(0.0f32, 0.0f32); n];
    if !consistent || clusters.is_empty() {
        // Could not follow the shaper: share the run evenly among its graphemes.
        even_spans(&mut spans, 0..n, 0.0, total, &grapheme_start, rtl);
        return spans;
    }
    for (k, &(start, x0, x1)) in clusters.iter().enumerate() {
        let end = clusters.get(k + 1).map_or(n, |c| c.0);
        even_spans(&mut spans, start..end, x0, x1, &grapheme_start, rtl);
    }
    spans
}

/// Shares `x0..x1` evenly among the graphemes of `range`, first grapheme on the left (or on the
/// right when `rtl`); chars after the first of a grapheme get an empty span at its trailing edge.
fn even_spans(
    spans: &mut [(f32, f32)],
    range: Range<usize>,
    x0: f32,
    x1: f32,
    grapheme_start: &impl Fn(usize) -> bool,
    rtl: bool,
) {
    let count = range
        .clone()
        .filter(|&i| i == range.start || grapheme_start(i))
        .count()
        .max(1);
    let share = (x1 - x0) / count as f32;
    let mut g = 0usize;
    let mut current = (x0, x0);
    for i in range.clone() {
        if i == range.start || grapheme_start(i) {
            current = if rtl {
                (x1 - share * (g + 1) as f32, x1 - share * g as f32)
            } else {
                (x0 + share * g as f32, x0 + share * (g + 1) as f32)
            };
            spans[i] = current;
            g += 1;
        } else {
            let edge = if rtl { current.0 } else { current.1 };
            spans[i] = (edge, edge);
        }
    }
}

/// A measured piece for [`VisualLine::place`]: where its chars sit from its left edge.
#[derive(Debug, Clone)]
pub struct MeasuredPiece<'a> {
    /// Its chars.
    pub range: Range<usize>,
    /// Its level on the line.
    pub level: u8,
    /// Its advance.
    pub width: f32,
    /// `(x0, x1)` of each of its chars in logical order, from its left edge.
    pub spans: &'a [(f32, f32)],
}

/// The visual box of one grapheme on a line: the chars `start..end` drawn between `x0` and `x1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CharBox {
    /// First char (the grapheme's base).
    pub start: usize,
    /// End of the chars drawn in this box (marks and joiners after the base are inside it).
    pub end: usize,
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Whether the char runs right to left (an odd level): then its left edge is its end.
    pub rtl: bool,
}

impl CharBox {
    /// The offset a caret at the box's left edge stands for.
    pub fn left_offset(&self) -> usize {
        if self.rtl { self.end } else { self.start }
    }

    /// The offset a caret at the box's right edge stands for.
    pub fn right_offset(&self) -> usize {
        if self.rtl { self.start } else { self.end }
    }
}

/// One laid-out line: its chars' boxes in visual order, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct VisualLine {
    /// The chars on the line (including a final `\n` or hanging whitespace).
    pub range: Range<usize>,
    /// Boxes of the visible graphemes, left to right. Chars drawn with no width (a lone
    /// control, a `\n`) have none.
    pub boxes: Vec<CharBox>,
    /// The last offset a caret can take on this line: before a final `\n`.
    pub caret_end: usize,
    /// Where a caret stands on a line with no boxes.
    pub empty_x: f32,
}

impl VisualLine {
    /// Places measured `pieces` (in visual order, as [`BidiText::line_pieces`] gives them) on a
    /// line `width` wide: from the left edge for a left-to-right paragraph, against the right
    /// edge for a right-to-left one (never past the left edge). Chars from `hanging_from` on
    /// (trailing whitespace) hang past the line's end side. Returns the line and the left edge
    /// of each piece.
    pub fn place(
        range: Range<usize>,
        pieces: &[MeasuredPiece<'_>],
        paragraph_rtl: bool,
        width: f32,
        hanging_from: usize,
        ends_with_newline: bool,
    ) -> (Self, Vec<f32>) {
        let total: f32 = pieces.iter().map(|p| p.width).sum();
        let hang: f32 = pieces
            .iter()
            .flat_map(|p| {
                p.range
                    .clone()
                    .zip(p.spans.iter())
                    .filter(|(i, _)| *i >= hanging_from)
                    .map(|(_, s)| s.1 - s.0)
            })
            .sum();
        let start_x = if paragraph_rtl {
            (width - (total - hang)).max(0.0) - hang
        } else {
            0.0
        };
        let mut xs = Vec::with_capacity(pieces.len());
        let mut boxes = Vec::new();
        let mut x = start_x;
        for piece in pieces {
            xs.push(x);
            let rtl = piece.level % 2 == 1;
            // Visible graphemes of the piece in logical order, each with the chars it draws.
            let mut graphemes: Vec<CharBox> = Vec::new();
            for (i, span) in piece.range.clone().zip(piece.spans.iter()) {
                if span.1 > span.0 {
                    graphemes.push(CharBox {
                        start: i,
                        end: i + 1,
                        x0: x + span.0,
                        x1: x + span.1,
                        rtl,
                    });
                } else if let Some(last) = graphemes.last_mut() {
                    last.end = i + 1;
                }
            }
            // Left to right (a right-to-left piece has its first char on the right).
            graphemes.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            boxes.extend(graphemes);
            x += piece.width;
        }
        let caret_end = if ends_with_newline {
            range.end.saturating_sub(1).max(range.start)
        } else {
            range.end
        };
        let empty_x = if paragraph_rtl { width } else { 0.0 };
        (
            Self {
                range,
                boxes,
                caret_end,
                empty_x,
            },
            xs,
        )
    }

    fn clamp(&self, offset: usize) -> usize {
        offset.clamp(self.range.start, self.caret_end)
    }

    /// The logical offset for a click at `x`, as a text editor gives it: the nearer edge of the
    /// grapheme under `x` (on a right-to-left grapheme the left half means "after"); past either
    /// end of the line, that end's offset.
    pub fn offset_at(&self, x: f32) -> usize {
        let (Some(first), Some(last)) = (self.boxes.first(), self.boxes.last()) else {
            return self.range.start;
        };
        if x < first.x0 {
            return self.clamp(first.left_offset());
        }
        for b in &self.boxes {
            if x < b.x1 {
                let mid = f32::midpoint(b.x0, b.x1);
                return self.clamp(if x < mid {
                    b.left_offset()
                } else {
                    b.right_offset()
                });
            }
        }
        self.clamp(last.right_offset())
    }

    /// The caret stop (0 = left of the first box … `boxes.len()` = right of the last) and x
    /// where a caret at `offset` is drawn: the leading edge of the grapheme that starts there,
    /// else the trailing edge of the one that ends there.
    pub fn caret(&self, offset: usize) -> (usize, f32) {
        if self.boxes.is_empty() {
            return (0, self.empty_x);
        }
        let leading = |k: usize, b: &CharBox| if b.rtl { (k + 1, b.x1) } else { (k, b.x0) };
        let trailing = |k: usize, b: &CharBox| if b.rtl { (k, b.x0) } else { (k + 1, b.x1) };
        if let Some((k, b)) = self
            .boxes
            .iter()
            .enumerate()
            .find(|(_, b)| b.start == offset)
        {
            return leading(k, b);
        }
        if let Some((k, b)) = self
            .boxes
            .iter()
            .enumerate()
            .find(|(_, b)| b.end == offset || (b.start < offset && offset < b.end))
        {
            return trailing(k, b);
        }
        // Inside invisible chars: the nearest grapheme before, else after.
        let before = self
            .boxes
            .iter()
            .enumerate()
            .filter(|(_, b)| b.end <= offset)
            .max_by_key(|(_, b)| b.end);
        if let Some((k, b)) = before {
            return trailing(k, b);
        }
        let after = self
            .boxes
            .iter()
            .enumerate()
            .filter(|(_, b)| b.start >= offset)
            .min_by_key(|(_, b)| b.start);
        match after {
            Some((k, b)) => leading(k, b),
            None => (0, self.empty_x),
        }
    }

    /// The offsets a caret at stop `k` can stand for.
    fn stop_offsets(&self, k: usize) -> Vec<usize> {
        if self.boxes.is_empty() {
            return vec![self.range.start];
        }
        let mut out = Vec::with_capacity(2);
        if k > 0
            && let Some(b) = self.boxes.get(k - 1)
        {
            out.push(self.clamp(b.right_offset()));
        }
        if let Some(b) = self.boxes.get(k) {
            let o = self.clamp(b.left_offset());
            if !out.contains(&o) {
                out.push(o);
            }
        }
        out
    }

    /// The x-extents of the graphemes of `range` on this line, adjacent ones merged, left to
    /// right.
    pub fn spans(&self, range: &Range<usize>) -> Vec<(f32, f32)> {
        let mut out: Vec<(f32, f32)> = Vec::new();
        let mut open = false;
        for b in &self.boxes {
            let inside = b.start < range.end && b.end > range.start;
            if inside {
                match out.last_mut() {
                    Some(last) if open => {
                        last.0 = last.0.min(b.x0);
                        last.1 = last.1.max(b.x1);
                    }
                    _ => out.push((b.x0, b.x1)),
                }
            }
            open = inside;
        }
        out
    }
}

/// The lines of a laid-out paragraph and the questions the reading view asks of them. Lines are
/// numbered from the top; x is from the paragraph's left edge.
#[derive(Debug, Clone, PartialEq)]
pub struct VisualParagraph {
    /// The lines, top to bottom; at least one.
    pub lines: Vec<VisualLine>,
    /// Whether the paragraph runs right to left.
    pub rtl: bool,
}

impl VisualParagraph {
    /// The line a caret at `offset` is on: the line holding the char at `offset` (so an offset
    /// where a line wraps belongs to the next line), or the last line at the end.
    pub fn line_of(&self, offset: usize) -> usize {
        self.lines
            .iter()
            .position(|l| offset < l.range.end)
            .unwrap_or(self.lines.len().saturating_sub(1))
    }

    /// The offset for a click at `x` on line `line` (clamped to the lines there are).
    pub fn offset_at(&self, line: usize, x: f32) -> usize {
        let line = line.min(self.lines.len().saturating_sub(1));
        self.lines.get(line).map_or(0, |l| l.offset_at(x))
    }

    /// The line and x where a caret at `offset` is drawn.
    pub fn caret(&self, offset: usize) -> (usize, f32) {
        let line = self.line_of(offset);
        let x = self.lines.get(line).map_or(0.0, |l| l.caret(offset).1);
        (line, x)
    }

    /// The visual extents of `range`: per line it touches, each run of adjacent graphemes as
    /// `(line, x0, x1)`. A range across a direction change gives several extents on one line.
    pub fn spans(&self, range: Range<usize>) -> Vec<(usize, f32, f32)> {
        let mut out = Vec::new();
        if range.start >= range.end {
            return out;
        }
        for (i, line) in self.lines.iter().enumerate() {
            if line.range.end <= range.start || line.range.start >= range.end {
                continue;
            }
            out.extend(line.spans(&range).into_iter().map(|(a, b)| (i, a, b)));
        }
        out
    }

    /// The offset one caret step to the left (`left`) or right of `offset`, in visual order, as
    /// the arrow keys move. At a line's end it continues on the next line in reading order (the
    /// one below when moving towards the paragraph's end side, above otherwise). `None` when the
    /// step would leave the paragraph.
    pub fn move_visual(&self, offset: usize, left: bool) -> Option<usize> {
        let mut line = self.line_of(offset);
        let mut stop = self.lines.get(line)?.caret(offset).0;
        // Moving left in a right-to-left paragraph (or right in a left-to-right one) reads on.
        let forward = left == self.rtl;
        loop {
            let count = self.lines[line].boxes.len();
            let next = if left {
                stop.checked_sub(1)
            } else {
                Some(stop + 1).filter(|&s| s <= count)
            };
            if let Some(s) = next {
                stop = s;
            } else {
                line = if forward {
                    Some(line + 1).filter(|&l| l < self.lines.len())?
                } else {
                    line.checked_sub(1)?
                };
                stop = if left {
                    self.lines[line].boxes.len()
                } else {
                    0
                };
            }
            for candidate in self.lines[line].stop_offsets(stop) {
                if candidate != offset
                    && self.line_of(candidate) == line
                    && self.lines[line].caret(candidate).0 == stop
                {
                    return Some(candidate);
                }
            }
        }
    }

    /// The offset on the line above (`up`) or below the caret at `offset`, nearest to `x` (the
    /// x the caret had when vertical movement began). `None` past the first or last line.
    pub fn move_vertical(&self, offset: usize, up: bool, x: f32) -> Option<usize> {
        let line = self.line_of(offset);
        let target = if up {
            line.checked_sub(1)?
        } else {
            Some(line + 1).filter(|&l| l < self.lines.len())?
        };
        Some(self.lines[target].offset_at(x))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUBSET: &str = include_str!("../tests/fixtures/bidi/BidiCharacterTest-subset.txt");

    /// The chars of a piece list in visual order: a piece at an odd level runs right to left.
    fn chars_of_pieces(pieces: &[Piece]) -> Vec<usize> {
        let mut out = Vec::new();
        for p in pieces {
            if p.level % 2 == 1 {
                out.extend(p.range.clone().rev());
            } else {
                out.extend(p.range.clone());
            }
        }
        out
    }

    fn one_line(text: &BidiText) -> Vec<Piece> {
        let units = text.units(&[]);
        text.line_pieces(&units, 0..text.len())
    }

    /// The runs of `text` as (text, right to left) pairs.
    fn runs_of(text: &str, direction: Direction) -> (bool, Vec<(&str, bool)>) {
        let r = direction_runs(text, direction);
        (
            r.rtl,
            r.runs.into_iter().map(|(b, odd)| (&text[b], odd)).collect(),
        )
    }

    #[test]
    fn direction_runs_follow_the_resolved_levels() {
        // Left-to-right paragraph: the space between two Arabic-script words takes their
        // direction (N1); digits after Arabic letters are Arabic numbers (W2) at level 2,
        // even, so they run on with the level-0 text after them.
        assert_eq!(
            runs_of("Біз ئېلىم كۆچ 2014 жыл", Direction::Auto),
            (
                false,
                vec![("Біз ", false), ("ئېلىم كۆچ ", true), ("2014 жыл", false)]
            )
        );
        // Right-to-left paragraph from its first strong letter: the space before Cyrillic lies
        // between R and L, so it takes the embedding direction (N2), and the Cyrillic is level 2.
        assert_eq!(
            runs_of("ئېلىم Біз", Direction::Auto),
            (true, vec![("ئېلىم ", true), ("Біз", false)])
        );
        // Forced right to left: a Latin-only paragraph keeps its letters left to right, and
        // the trailing full stop takes the paragraph's direction.
        assert_eq!(
            runs_of("Almaty.", Direction::RightToLeft),
            (true, vec![("Almaty", false), (".", true)])
        );
        assert_eq!(
            runs_of("Almaty.", Direction::Auto),
            (false, vec![("Almaty.", false)])
        );
        assert_eq!(runs_of("", Direction::Auto), (false, vec![]));
    }

    #[test]
    fn unicode_character_test_subset_gives_the_published_levels_and_order() {
        let mut cases = 0;
        let mut failures = Vec::new();
        for line in SUBSET.lines() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split(';').collect();
            assert_eq!(fields.len(), 5, "{line}");
            let text: String = fields[0]
                .split_whitespace()
                .map(|h| char::from_u32(u32::from_str_radix(h, 16).unwrap()).unwrap())
                .collect();
            let direction = match fields[1] {
                "0" => Direction::LeftToRight,
                "1" => Direction::RightToLeft,
                _ => Direction::Auto,
            };
            let expected_base: u8 = fields[2].parse().unwrap();
            let expected_levels: Vec<Option<u8>> = fields[3]
                .split_whitespace()
                .map(|l| l.parse().ok())
                .collect();
            let expected_order: Vec<usize> = fields[4]
                .split_whitespace()
                .map(|i| i.parse().unwrap())
                .collect();
            cases += 1;
            let bidi = BidiText::new(&text, direction);
            let n = bidi.len();
            let removed = |i: &usize| expected_levels[*i].is_none();
            let levels = bidi.line_levels(0..n);
            let levels_ok = bidi.base_level() == expected_base
                && expected_levels
                    .iter()
                    .zip(&levels)
                    .all(|(e, l)| e.is_none_or(|e| e == *l));
            let order: Vec<usize> = bidi
                .visual_order(0..n)
                .into_iter()
                .filter(|i| !removed(i))
                .collect();
            let by_pieces: Vec<usize> = chars_of_pieces(&one_line(&bidi))
                .into_iter()
                .filter(|i| !removed(i))
                .collect();
            if !levels_ok || order != expected_order || by_pieces != expected_order {
                failures.push(line.to_owned());
            }
        }
        assert!(cases > 800, "the fixture holds {cases} cases");
        assert!(
            failures.is_empty(),
            "{} of {cases} cases differ, e.g. {:?}",
            failures.len(),
            &failures[..failures.len().min(5)]
        );
    }

    /// Text in visual order, as `unicode-bidi`'s `reorder_line` gives it (no mirroring).
    fn visual_string(text: &BidiText, line: Range<usize>) -> String {
        text.visual_order(line)
            .into_iter()
            .map(|i| text.chars()[i])
            .collect()
    }

    const MIXED: &[&str] = &[
        "بىز 1992-جىلى شينجياڭنان قازاقستانعا كوشتىك، Almaty قالاسىنا.",
        "ئۇيغۇر تىلى (Uyghur) ۋە 汉语 ئارىلاش: «ۋەتەن» دېگەن سۆز 3 قېتىم.",
        "Біз Моңғолиядан келдік — «تاريحي وتان» дейді, 历史故乡 2005 жылы.",
        "قازاق [ٵ ٶ ٷ ٸ ۆ ۇ ۋ ە ى ڭ ھ] ۋە ئۇيغۇر (ې ۈ ئ) ھەرىپلىرى 12.5%",
        "Citizenship: ازاماتتىق (гражданство) 公民身份 in 2011, 3 years.",
    ];

    #[test]
    fn mixed_lines_match_unicode_bidi_reorder_line() {
        for text in MIXED {
            let ours = BidiText::new(text, Direction::Auto);
            let reference = BidiInfo::new(text, None);
            let para = &reference.paragraphs[0];
            assert_eq!(ours.is_rtl(), para.level.is_rtl(), "{text}");
            // Whole paragraph as one line, then wrapped at ~12 chars per line.
            assert_eq!(
                visual_string(&ours, 0..ours.len()),
                reference.reorder_line(para, para.range.clone()),
                "{text}"
            );
            let advances = vec![1.0; ours.len()];
            let lines = ours.wrap(&advances, 12.0);
            assert!(lines.len() > 3, "{text} wraps");
            let byte = |i: usize| text.char_indices().nth(i).map_or(text.len(), |(b, _)| b);
            for line in lines {
                let expected = reference.reorder_line(para, byte(line.start)..byte(line.end));
                assert_eq!(
                    visual_string(&ours, line.clone()),
                    expected,
                    "{text} {line:?}"
                );
                let units = ours.units(&[]);
                let by_pieces: String = chars_of_pieces(&ours.line_pieces(&units, line.clone()))
                    .into_iter()
                    .map(|i| ours.chars()[i])
                    .collect();
                assert_eq!(by_pieces, expected, "{text} {line:?}");
            }
        }
    }

    #[test]
    fn a_right_to_left_line_with_a_number_and_a_latin_word_reads_by_hand() {
        // ا ب ج ␠ 1 2 ␠ x y, right to left: levels 1 1 1 1 2 2 1 2 2 (worked through rules W
        // and N by hand); reversing runs ≥ 2 then ≥ 1 puts "xy", then "12", then the letters
        // last-first.
        let text = BidiText::new("ابج 12 xy", Direction::Auto);
        assert!(text.is_rtl());
        assert_eq!(text.levels(), &[1, 1, 1, 1, 2, 2, 1, 2, 2]);
        assert_eq!(text.visual_order(0..9), vec![7, 8, 6, 4, 5, 3, 2, 1, 0]);
        // Forced left to right: after Arabic letters, rule W2 makes "12" Arabic numbers
        // (level 2), and the space between letters and number goes with them (N1, level 1):
        // levels 1 1 1 1 2 2 0 0 0, so the number stands left of the word.
        let ltr = BidiText::new("ابج 12 xy", Direction::LeftToRight);
        assert_eq!(ltr.levels(), &[1, 1, 1, 1, 2, 2, 0, 0, 0]);
        assert_eq!(ltr.visual_order(0..9), vec![4, 5, 3, 2, 1, 0, 6, 7, 8]);
        // Trailing spaces at the end of a line take the paragraph level (L1).
        let spaced = BidiText::new("xy ابج  ", Direction::LeftToRight);
        assert_eq!(spaced.line_levels(0..8), vec![0, 0, 0, 1, 1, 1, 0, 0]);
        assert_eq!(spaced.visual_order(0..8), vec![0, 1, 2, 5, 4, 3, 6, 7]);
    }

    #[test]
    fn only_text_with_nothing_to_reorder_is_plain_left_to_right() {
        for plain in [
            "",
            "Біз тарихи отанға 历史故乡 — 1992, 12.5% (quota)\n\tаяқ",
            "e\u{301}",
        ] {
            assert!(is_plain_left_to_right(plain), "{plain}");
            // Cross-check: every char at level 0 in an auto-direction paragraph.
            let bidi = BidiText::new(plain, Direction::Auto);
            assert!(bidi.levels().iter().all(|&l| l == 0), "{plain}");
        }
        // A strong right-to-left letter, an Arabic-Indic digit (AN: level 2 after left to right
        // text), a Hebrew letter, an isolate and a paragraph separator each need the full path.
        for mixed in [
            "Біз قازاق",
            "жыл ١٩٩٢",
            "שלום",
            "a\u{2067}b\u{2069}",
            "a\u{2029}b",
        ] {
            assert!(!is_plain_left_to_right(mixed), "{mixed}");
        }
        assert!(
            BidiText::new("жыл ١٩٩٢", Direction::Auto)
                .levels()
                .contains(&2)
        );
    }

    #[test]
    fn the_first_strong_character_sets_the_direction() {
        assert!(BidiText::new("1992 — قازاق elі", Direction::Auto).is_rtl());
        assert!(!BidiText::new("1992 — Qazaq قازاق", Direction::Auto).is_rtl());
        assert!(!BidiText::new("1992 — 2011", Direction::Auto).is_rtl());
        assert!(BidiText::new("Qazaq", Direction::RightToLeft).is_rtl());
        assert!(!BidiText::new("قازاق", Direction::LeftToRight).is_rtl());
        // A later paragraph's letters count when the first line has none.
        assert!(BidiText::new("12\nقازاق", Direction::Auto).is_rtl());
    }

    #[test]
    fn brackets_and_guillemets_mirror_in_right_to_left_runs() {
        assert_eq!(mirror('('), Some(')'));
        assert_eq!(mirror('»'), Some('«'));
        assert_eq!(mirror('≤'), Some('≥'));
        assert_eq!(mirror('a'), None);
        assert_eq!(mirror('-'), None);
        let text = BidiText::new("«ۋەتەن» (ئانا) a(b)", Direction::Auto);
        let shown = text.display_text(0..text.len());
        assert_eq!(shown, "»ۋەتەن« )ئانا( a(b)");
    }

    #[test]
    fn units_split_at_direction_style_and_script() {
        use UnitKind::{Grapheme, Joined, Space, Text};
        let text = BidiText::new("Біз 历史 قازاق ٵ، 12 (ئۇ)", Direction::LeftToRight);
        let units = text.units(&[2]);
        let shown: Vec<(String, UnitKind)> = units
            .iter()
            .map(|u| (text.chars()[u.range.clone()].iter().collect(), u.kind))
            .collect();
        let expect = |s: &str, k| (s.to_owned(), k);
        // By the rules: "12" after Arabic letters is Arabic numbers (W2, level 2); the comma,
        // spaces and brackets between right-to-left letters and those numbers resolve right to
        // left (N0, N1, level 1), so each is a unit of its own.
        assert_eq!(
            shown,
            vec![
                expect("Бі", Text),
                expect("з 历史 ", Text),
                expect("قازاق", Joined),
                expect(" ", Space),
                expect("ٵ", Joined),
                expect("،", Grapheme),
                expect(" ", Space),
                expect("12", Text),
                expect(" ", Space),
                expect("(", Grapheme),
                expect("ئۇ", Joined),
                expect(")", Grapheme),
            ]
        );
        // Together the units cover the text once, in order.
        let mut next = 0;
        for u in &units {
            assert_eq!(u.range.start, next);
            next = u.range.end;
        }
        assert_eq!(next, text.len());
    }

    #[test]
    fn lines_break_at_spaces_and_hang_their_trailing_spaces() {
        let text = BidiText::new("aa bb cc", Direction::Auto);
        let lines = text.wrap(&[1.0; 8], 5.0);
        assert_eq!(lines, vec![0..6, 6..8]);
        // A word wider than the line breaks between letters.
        let long = BidiText::new("abcdefgh ij", Direction::Auto);
        assert_eq!(long.wrap(&[1.0; 11], 3.0), vec![0..3, 3..6, 6..9, 9..11]);
        // A newline always breaks; an empty text is one empty line.
        let broken = BidiText::new("ab\ncd", Direction::Auto);
        assert_eq!(broken.wrap(&[1.0; 5], 100.0), vec![0..3, 3..5]);
        assert_eq!(
            BidiText::new("", Direction::Auto).wrap(&[], 10.0),
            vec![0..0]
        );
        // Chinese breaks between ideographs.
        let chinese = BidiText::new("历史故乡", Direction::Auto);
        assert_eq!(chinese.wrap(&[2.0; 4], 5.0), vec![0..2, 2..4]);
        assert_eq!(text.trailing_whitespace_start(0..6), 5);
    }

    fn glyph(chr: char, advance: f32) -> GlyphFact {
        GlyphFact {
            chr,
            advance,
            continuation: false,
        }
    }

    fn continuation(chr: char) -> GlyphFact {
        GlyphFact {
            chr,
            advance: 0.0,
            continuation: true,
        }
    }

    #[test]
    fn right_to_left_glyphs_map_back_to_their_characters() {
        // What egui 0.37 returns for "سالەم": five glyphs last letter first, then four stand-ins
        // it adds by mistake (issue #8576).
        let chars: Vec<char> = "سالەم".chars().collect();
        let glyphs = [
            glyph('م', 9.0),
            glyph('ە', 8.0),
            glyph('ل', 5.0),
            glyph('ا', 4.0),
            glyph('س', 12.0),
            continuation('ا'),
            continuation('ل'),
            continuation('ە'),
            continuation('م'),
        ];
        let spans = cluster_spans(&chars, |_| true, &glyphs, true);
        assert_eq!(
            spans,
            vec![
                (26.0, 38.0),
                (22.0, 26.0),
                (17.0, 22.0),
                (9.0, 17.0),
                (0.0, 9.0)
            ]
        );
        // "سلام": lam and alef drawn as one ligature glyph share it.
        let chars: Vec<char> = "سلام".chars().collect();
        let glyphs = [
            glyph('م', 9.0),
            glyph('ل', 8.0),
            glyph('س', 12.0),
            continuation('ل'),
            continuation('ا'),
            continuation('م'),
        ];
        let spans = cluster_spans(&chars, |_| true, &glyphs, true);
        assert_eq!(
            spans,
            vec![(17.0, 29.0), (13.0, 17.0), (9.0, 13.0), (0.0, 9.0)]
        );
        // "الله": two lams in a row are two characters, not one cluster of two glyphs.
        let chars: Vec<char> = "الله".chars().collect();
        let glyphs = [
            glyph('ه', 8.0),
            glyph('ل', 5.0),
            glyph('ل', 4.0),
            glyph('ا', 4.0),
        ];
        let spans = cluster_spans(&chars, |_| true, &glyphs, true);
        assert_eq!(
            spans,
            vec![(17.0, 21.0), (13.0, 17.0), (8.0, 13.0), (0.0, 8.0)]
        );
        // "بَ": a base and its mark, two glyphs for one grapheme of two chars.
        let chars: Vec<char> = "بَ".chars().collect();
        let glyphs = [glyph('ب', 0.0), glyph('ب', 14.0)];
        let spans = cluster_spans(&chars, |i| i == 0, &glyphs, true);
        assert_eq!(spans, vec![(0.0, 14.0), (0.0, 0.0)]);
    }

    #[test]
    fn left_to_right_ligatures_and_marks_map_back_to_their_characters() {
        let chars: Vec<char> = "fix".chars().collect();
        let glyphs = [glyph('f', 8.0), continuation('i'), glyph('x', 6.0)];
        let spans = cluster_spans(&chars, |_| true, &glyphs, false);
        assert_eq!(spans, vec![(0.0, 4.0), (4.0, 8.0), (8.0, 14.0)]);
        let chars: Vec<char> = "e\u{301}a".chars().collect();
        let glyphs = [glyph('e', 7.0), continuation('\u{301}'), glyph('a', 7.0)];
        let spans = cluster_spans(&chars, |i| i != 1, &glyphs, false);
        assert_eq!(spans, vec![(0.0, 7.0), (7.0, 7.0), (7.0, 14.0)]);
        // Glyphs that match nothing: the run is shared evenly.
        let chars: Vec<char> = "ab".chars().collect();
        let spans = cluster_spans(&chars, |_| true, &[glyph('?', 10.0)], false);
        assert_eq!(spans, vec![(0.0, 5.0), (5.0, 10.0)]);
    }

    /// "abc ابج" left to right, each char 10 wide, laid out by the functions under test.
    fn mixed_line() -> VisualParagraph {
        let text = BidiText::new("abc ابج", Direction::LeftToRight);
        let units = text.units(&[]);
        let pieces = text.line_pieces(&units, 0..7);
        let spans: Vec<Vec<(f32, f32)>> = pieces
            .iter()
            .map(|p| {
                let n = p.range.len();
                (0..n)
                    .map(|k| {
                        // Right to left pieces put their first char on the right.
                        let slot = if p.level % 2 == 1 { n - 1 - k } else { k } as f32;
                        (slot * 10.0, slot * 10.0 + 10.0)
                    })
                    .collect()
            })
            .collect();
        let measured: Vec<MeasuredPiece<'_>> = pieces
            .iter()
            .zip(&spans)
            .map(|(p, s)| MeasuredPiece {
                range: p.range.clone(),
                level: p.level,
                width: 10.0 * p.range.len() as f32,
                spans: s,
            })
            .collect();
        let (line, _) = VisualLine::place(0..7, &measured, false, 200.0, 7, false);
        VisualParagraph {
            lines: vec![line],
            rtl: false,
        }
    }

    #[test]
    fn clicks_map_to_the_offsets_a_text_editor_gives() {
        // Visual: a b c ␠ ج ب ا, boxes of 10 from x = 0.
        let p = mixed_line();
        let at = |x: f32| p.offset_at(0, x);
        assert_eq!(at(-5.0), 0);
        assert_eq!(at(2.0), 0);
        assert_eq!(at(8.0), 1);
        assert_eq!(at(33.0), 3);
        assert_eq!(at(38.0), 4);
        // ج (offset 6) is at 40..50: its left half means after it, 7.
        assert_eq!(at(42.0), 7);
        assert_eq!(at(48.0), 6);
        // ا (offset 4) is at 60..70: its right half means before it, 4.
        assert_eq!(at(68.0), 4);
        assert_eq!(at(62.0), 5);
        assert_eq!(at(90.0), 4);
    }

    #[test]
    fn a_click_on_a_caret_gives_its_offset_back() {
        let p = mixed_line();
        for offset in 0..=7 {
            let (line, x) = p.caret(offset);
            assert_eq!(p.offset_at(line, x), offset, "caret of {offset} at {x}");
        }
        // Carets of the Arabic word, by hand: 4 at its right edge (70), 7 at its left (40).
        assert!((p.caret(4).1 - 70.0).abs() < 1e-4);
        assert!((p.caret(7).1 - 40.0).abs() < 1e-4);
    }

    #[test]
    fn a_range_across_a_direction_change_is_several_boxes() {
        let p = mixed_line();
        // "c ا": c and the space at 20..40, ا at 60..70.
        assert_eq!(p.spans(2..5), vec![(0, 20.0, 40.0), (0, 60.0, 70.0)]);
        // The Arabic word alone is one box; all of it, one box.
        assert_eq!(p.spans(4..7), vec![(0, 40.0, 70.0)]);
        assert_eq!(p.spans(0..7), vec![(0, 0.0, 70.0)]);
        assert!(p.spans(3..3).is_empty());
    }

    #[test]
    fn arrow_keys_visit_every_offset_in_visual_order() {
        let p = mixed_line();
        // From the left end rightwards: caret x must grow at each step, and every offset of
        // the line is reached once.
        let mut offset = 0;
        let mut seen = vec![offset];
        let mut last_x = p.caret(offset).1;
        while let Some(next) = p.move_visual(offset, false) {
            let x = p.caret(next).1;
            assert!(x > last_x, "{offset} → {next}");
            last_x = x;
            offset = next;
            seen.push(next);
        }
        seen.sort_unstable();
        assert_eq!(seen, (0..=7).collect::<Vec<_>>());
        // And back leftwards.
        let mut back = vec![offset];
        while let Some(next) = p.move_visual(offset, true) {
            offset = next;
            back.push(next);
        }
        back.sort_unstable();
        assert_eq!(back, (0..=7).collect::<Vec<_>>());
    }

    #[test]
    fn right_to_left_lines_align_right_and_hang_spaces_left() {
        let text = BidiText::new("ابج دە ", Direction::Auto);
        let units = text.units(&[]);
        let pieces = text.line_pieces(&units, 0..7);
        let spans: Vec<Vec<(f32, f32)>> = pieces
            .iter()
            .map(|p| {
                let n = p.range.len();
                (0..n)
                    .map(|k| ((n - 1 - k) as f32 * 10.0, (n - k) as f32 * 10.0))
                    .collect()
            })
            .collect();
        let measured: Vec<MeasuredPiece<'_>> = pieces
            .iter()
            .zip(&spans)
            .map(|(p, s)| MeasuredPiece {
                range: p.range.clone(),
                level: p.level,
                width: 10.0 * p.range.len() as f32,
                spans: s,
            })
            .collect();
        let hanging = text.trailing_whitespace_start(0..7);
        assert_eq!(hanging, 6);
        let (line, _) = VisualLine::place(0..7, &measured, true, 100.0, hanging, false);
        // Content is 60 wide, so it starts at 40; the trailing space hangs at 30..40.
        let first = line.boxes.first().unwrap();
        assert_eq!((first.start, first.x0, first.x1), (6, 30.0, 40.0));
        let last = line.boxes.last().unwrap();
        assert_eq!((last.start, last.x0, last.x1), (0, 90.0, 100.0));
        let p = VisualParagraph {
            lines: vec![line],
            rtl: true,
        };
        // A caret at the start stands at the right edge; past the right edge is offset 0.
        assert!((p.caret(0).1 - 100.0).abs() < 1e-4);
        assert_eq!(p.offset_at(0, 120.0), 0);
        // Left of everything is the end of the line.
        assert_eq!(p.offset_at(0, 0.0), 7);
    }

    #[test]
    fn vertical_moves_keep_the_column_and_stop_at_the_paragraph_edges() {
        let text = BidiText::new("aaaa bbbb cccc", Direction::Auto);
        let advances = vec![10.0; 14];
        let lines = text.wrap(&advances, 45.0);
        assert_eq!(lines, vec![0..5, 5..10, 10..14]);
        let units = text.units(&[]);
        let mut visual = Vec::new();
        for line in &lines {
            let pieces = text.line_pieces(&units, line.clone());
            let spans: Vec<Vec<(f32, f32)>> = pieces
                .iter()
                .map(|p| {
                    (0..p.range.len())
                        .map(|k| (k as f32 * 10.0, k as f32 * 10.0 + 10.0))
                        .collect()
                })
                .collect();
            let measured: Vec<MeasuredPiece<'_>> = pieces
                .iter()
                .zip(&spans)
                .map(|(p, s)| MeasuredPiece {
                    range: p.range.clone(),
                    level: p.level,
                    width: 10.0 * p.range.len() as f32,
                    spans: s,
                })
                .collect();
            let hanging = text.trailing_whitespace_start(line.clone());
            visual.push(VisualLine::place(line.clone(), &measured, false, 45.0, hanging, false).0);
        }
        let p = VisualParagraph {
            lines: visual,
            rtl: false,
        };
        assert_eq!(p.move_vertical(2, false, 20.0), Some(7));
        assert_eq!(p.move_vertical(7, false, 20.0), Some(12));
        assert_eq!(p.move_vertical(12, false, 20.0), None);
        assert_eq!(p.move_vertical(2, true, 20.0), None);
        // The offset where a line wraps belongs to the next line.
        assert_eq!(p.line_of(5), 1);
        assert_eq!(p.caret(5), (1, 0.0));
        // Moving right off the end of a line continues at the start of the next.
        assert_eq!(p.move_visual(4, false), Some(5));
        assert_eq!(p.move_visual(5, true), Some(4));
    }
}
