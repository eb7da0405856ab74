//! One page's glyphs → lines of text in reading order, grouped into blocks.
//!
//! - Glyphs drawn twice at the same place (fake bold, overprinting) count once.
//! - Spaces come from the geometry, never from space glyphs: a gap wider than about a sixth of
//!   the font size between two glyphs is a word break, so glyphs positioned one by one (kerned
//!   titles, tracked digits, a font change before a full stop) join into whole words.
//! - Reading order is found by cutting the page recursively (an XY cut): first into horizontal
//!   bands at wide vertical gaps, then a band (or several adjacent bands sharing a gutter) into
//!   columns at a vertical gutter that has text on both sides at the same height. Columns are
//!   read left to right, or right to left where most of the text is written right to left.
//! - A line's glyphs are in visual order (left to right on the page); lines holding Arabic or
//!   Hebrew letters are turned into logical order with the Unicode bidirectional algorithm
//!   (reordering the visual string reverses the right-to-left runs, leaving numbers and Latin
//!   words inside them as they are). Combining marks stay with the letter they sit on.
//! - Compatibility ligatures (ﬁ, ﬂ) and Arabic presentation forms fold to their letters (NFKC,
//!   applied to those blocks only), after reordering, so a lam-alef ligature gives lam, alef.

use std::collections::HashMap;

use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo, bidi_class};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// One glyph as drawn: its character, left edge, advance, baseline and font size, in points
/// with `y` growing up the page.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Glyph {
    pub c: char,
    pub x: f32,
    pub width: f32,
    pub y: f32,
    pub size: f32,
}

impl Glyph {
    fn right(&self) -> f32 {
        self.x + self.width
    }
}

/// A line of text in logical order and where it sits.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Line {
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    /// Baseline.
    pub y: f32,
    pub size: f32,
    /// Most of the line's letters are written right to left.
    pub rtl: bool,
    /// Width of the line's first word in reading order (with the space before it), to tell
    /// whether it would have fitted at the end of the line before.
    pub lead_word: f32,
    /// Where the text after a list marker ("•", "1.") starts, in reading direction, when the
    /// line starts with one.
    pub after_marker: Option<f32>,
    /// The line has gaps of two spaces or more inside: cells of a table's row, or a form.
    pub cells: bool,
}

/// Lines read one after another: a column, or part of one between wide gaps.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Block {
    pub lines: Vec<Line>,
    pub top: f32,
    pub bottom: f32,
    /// Left and right edges of the column the block sits in (of the page's text where there
    /// are no columns).
    pub left: f32,
    pub right: f32,
    /// The usual distance between baselines on the page.
    pub pitch: f32,
}

/// Gap (in font sizes) above which glyphs on one baseline no longer belong to one run.
const RUN_GAP: f32 = 0.6;
/// Gap (in font sizes) between glyphs that is a word space.
const WORD_GAP: f32 = 0.17;
/// Between digits, commas and full stops a wider gap is still inside a number (tabular digits).
const DIGIT_GAP: f32 = 0.3;
/// A gap inside a line that sets cells apart, in font sizes.
const CELL_GAP: f32 = 1.5;
/// Narrowest gutter between columns, in font sizes.
const GUTTER: f32 = 0.75;
/// Gutters tried per region, widest first.
const MAX_GUTTERS_TRIED: usize = 8;
/// Above this many bands in a region (no real page has them), bands are not merged into
/// columns: merging costs a pass over the region per band.
const MAX_BANDS_MERGED: usize = 400;
/// Narrowest vertical gap (in font sizes, beyond the usual line gap) that separates bands.
const BAND_GAP: f32 = 0.9;

/// Lays out a page's glyphs (in any order) into blocks in reading order.
pub(super) fn lay_out(glyphs: Vec<Glyph>) -> Vec<Block> {
    let glyphs = dedupe(glyphs);
    if glyphs.is_empty() {
        return Vec::new();
    }
    let runs = runs(&glyphs);
    let size = median(runs.iter().map(|r| r.size)).unwrap_or(10.0);
    let pitch = typical_pitch(&runs).map_or(1.2 * size, |p| p.clamp(size, 1.8 * size));
    let cutter = Cutter {
        runs: &runs,
        glyphs: &glyphs,
        size,
        band_gap: (pitch - size).max(0.0) + BAND_GAP * size,
    };
    let mut leaves = Vec::new();
    let all: Vec<usize> = (0..runs.len()).collect();
    let bounds = cutter.extent(&all);
    cutter.cut(all, bounds, &mut leaves);
    leaves
        .into_iter()
        .map(|(leaf, (left, right))| {
            let mut block = cutter.block(&leaf);
            block.left = left.min(block.left);
            block.right = right.max(block.right);
            block.pitch = pitch;
            block
        })
        .filter(|b| !b.lines.is_empty())
        .collect()
}

/// Drops a glyph drawn again with the same character at (almost) the same place.
fn dedupe(glyphs: Vec<Glyph>) -> Vec<Glyph> {
    const CELL: f32 = 2.0;
    let mut seen: HashMap<(char, i32, i32), Vec<usize>> = HashMap::new();
    let mut out: Vec<Glyph> = Vec::with_capacity(glyphs.len());
    for glyph in glyphs {
        // Coordinates past a million points (14 km) are no page's: a broken or hostile file.
        let sane = |v: f32| v.is_finite() && v.abs() < 1.0e6;
        if !(sane(glyph.x) && sane(glyph.y) && sane(glyph.size) && sane(glyph.width)) {
            continue;
        }
        let cx = (glyph.x / CELL).floor() as i32;
        let cy = (glyph.y / CELL).floor() as i32;
        let near = 0.15 * glyph.size.max(1.0);
        let duplicate = (-1..=1).any(|dx| {
            (-1..=1).any(|dy| {
                let cell = (glyph.c, cx.saturating_add(dx), cy.saturating_add(dy));
                seen.get(&cell).is_some_and(|list| {
                    list.iter().any(|&i| {
                        (out[i].x - glyph.x).abs() < near && (out[i].y - glyph.y).abs() < near
                    })
                })
            })
        });
        if duplicate {
            continue;
        }
        seen.entry((glyph.c, cx, cy)).or_default().push(out.len());
        out.push(glyph);
    }
    out
}

/// Glyphs on one baseline, close together: the units the page is cut into.
#[derive(Debug, Clone)]
struct Run {
    glyphs: Vec<usize>,
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
}

impl Run {
    fn top(&self) -> f32 {
        self.y + 0.75 * self.size
    }
    fn bottom(&self) -> f32 {
        self.y - 0.25 * self.size
    }
}

fn runs(glyphs: &[Glyph]) -> Vec<Run> {
    let mut order: Vec<usize> = (0..glyphs.len()).collect();
    order.sort_by(|&a, &b| {
        glyphs[b]
            .y
            .total_cmp(&glyphs[a].y)
            .then(glyphs[a].x.total_cmp(&glyphs[b].x))
    });
    // Baseline groups: glyphs whose baselines differ by less than a tenth of their size.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in order {
        let g = &glyphs[i];
        match groups.last_mut() {
            Some(group)
                if (glyphs[group[0]].y - g.y).abs() <= 0.1 * glyphs[group[0]].size.max(g.size) =>
            {
                group.push(i);
            }
            _ => groups.push(vec![i]),
        }
    }
    let mut runs = Vec::new();
    for mut group in groups {
        group.sort_by(|&a, &b| glyphs[a].x.total_cmp(&glyphs[b].x));
        let mut current: Option<Run> = None;
        for i in group {
            let g = &glyphs[i];
            let size = g.size.max(1.0);
            if let Some(run) = current.as_mut() {
                let gap = g.x - run.x1;
                if gap <= RUN_GAP * size.max(run.size) && gap > -2.0 * size {
                    run.glyphs.push(i);
                    run.x1 = run.x1.max(g.right());
                    run.size = run.size.max(size);
                    continue;
                }
                runs.extend(current.take());
            }
            current = Some(Run {
                glyphs: vec![i],
                x0: g.x,
                x1: g.right(),
                y: g.y,
                size,
            });
        }
        runs.extend(current);
    }
    runs
}

/// The commonest distance between the baselines of a run and the next run below it that
/// overlaps it horizontally.
fn typical_pitch(runs: &[Run]) -> Option<f32> {
    let mut pitches = Vec::new();
    let mut by_top: Vec<&Run> = runs.iter().collect();
    by_top.sort_by(|a, b| b.y.total_cmp(&a.y));
    for (i, run) in by_top.iter().enumerate() {
        if let Some(next) = by_top[i + 1..]
            .iter()
            .take(40)
            .find(|n| n.y < run.y - 0.5 * run.size && n.x0 < run.x1 && n.x1 > run.x0)
        {
            let pitch = run.y - next.y;
            if pitch < 3.0 * run.size {
                pitches.push(pitch);
            }
        }
    }
    // A page with a line or two says nothing about its line spacing.
    if pitches.len() < 3 {
        return None;
    }
    median(pitches.into_iter())
}

fn median(values: impl Iterator<Item = f32>) -> Option<f32> {
    let mut values: Vec<f32> = values.filter(|v| v.is_finite()).collect();
    if values.is_empty() {
        return None;
    }
    values.sort_by(f32::total_cmp);
    Some(values[values.len() / 2])
}

struct Cutter<'a> {
    runs: &'a [Run],
    glyphs: &'a [Glyph],
    size: f32,
    band_gap: f32,
}

impl Cutter<'_> {
    /// Left and right edges of some runs.
    fn extent(&self, ids: &[usize]) -> (f32, f32) {
        ids.iter()
            .map(|&id| &self.runs[id])
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(l, r), run| {
                (l.min(run.x0), r.max(run.x1))
            })
    }

    /// Cuts the runs `ids`, which lie in a column with edges `bounds`, into leaves (lists of
    /// runs, with the edges of their column) in reading order.
    fn cut(&self, ids: Vec<usize>, bounds: (f32, f32), leaves: &mut Vec<(Vec<usize>, (f32, f32))>) {
        let bands = self.bands(ids);
        // Adjacent bands sharing a column gutter are cut into columns together, so that two
        // columns with a gap at the same height are not read band by band.
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let merge = bands.len() <= MAX_BANDS_MERGED;
        for band in bands {
            if merge && let Some(last) = groups.last_mut() {
                let mut union = last.clone();
                union.extend(&band);
                if let Some(at) = self.gutter(&union)
                    && self.fits_columns(last, at)
                    && self.fits_columns(&band, at)
                {
                    *last = union;
                    continue;
                }
            }
            groups.push(band);
        }
        for group in groups {
            match self.columns(&group) {
                Some((first, second)) => {
                    let first_bounds = self.extent(&first);
                    let second_bounds = self.extent(&second);
                    self.cut(first, first_bounds, leaves);
                    self.cut(second, second_bounds, leaves);
                }
                None => leaves.push((group, bounds)),
            }
        }
    }

    /// Splits runs into horizontal bands at vertical gaps wider than `band_gap`, top first.
    fn bands(&self, mut ids: Vec<usize>) -> Vec<Vec<usize>> {
        ids.sort_by(|&a, &b| self.runs[b].top().total_cmp(&self.runs[a].top()));
        let mut bands: Vec<Vec<usize>> = Vec::new();
        let mut floor = f32::INFINITY;
        for id in ids {
            let run = &self.runs[id];
            match bands.last_mut() {
                Some(band) if run.top() > floor - self.band_gap => {
                    band.push(id);
                    floor = floor.min(run.bottom());
                }
                _ => {
                    bands.push(vec![id]);
                    floor = run.bottom();
                }
            }
        }
        bands
    }

    /// Whether runs lie on one side of `at`, or on both sides as columns do (at the same
    /// height for more than a line), rather than as one line spread across the page (names of
    /// authors, a table's row).
    fn fits_columns(&self, ids: &[usize], at: f32) -> bool {
        let left = ids.iter().any(|&id| self.runs[id].x1 <= at);
        let right = ids.iter().any(|&id| self.runs[id].x1 > at);
        !(left && right) || self.side_by_side(ids, at)
    }

    /// The runs left and right of the widest gutter (in reading order), if there is a gutter
    /// with text on both sides at the same height.
    fn columns(&self, ids: &[usize]) -> Option<(Vec<usize>, Vec<usize>)> {
        let at = self.gutter(ids)?;
        let (left, right): (Vec<usize>, Vec<usize>) =
            ids.iter().partition(|&&id| self.runs[id].x1 <= at);
        if self.mostly_rtl(ids) {
            Some((right, left))
        } else {
            Some((left, right))
        }
    }

    /// The middle of the widest gutter with text on both sides at the same height.
    fn gutter(&self, ids: &[usize]) -> Option<f32> {
        if ids.len() < 2 {
            return None;
        }
        let mut sorted: Vec<usize> = ids.to_vec();
        sorted.sort_by(|&a, &b| self.runs[a].x0.total_cmp(&self.runs[b].x0));
        // Gaps wide enough, widest first; only the widest few are tried, so that a page of
        // thousands of scattered glyphs stays linear.
        let mut gaps: Vec<(f32, f32)> = Vec::new();
        let mut reach = self.runs[sorted[0]].x1;
        for &id in &sorted[1..] {
            let run = &self.runs[id];
            let gap = run.x0 - reach;
            if gap >= GUTTER * self.size {
                gaps.push((gap, reach + gap / 2.0));
            }
            reach = reach.max(run.x1);
        }
        gaps.sort_by(|a, b| b.0.total_cmp(&a.0));
        gaps.into_iter()
            .take(MAX_GUTTERS_TRIED)
            .find(|&(_, at)| self.side_by_side(ids, at))
            .map(|(_, at)| at)
    }

    /// Whether text left and right of `at` overlaps vertically by at least two lines.
    fn side_by_side(&self, ids: &[usize], at: f32) -> bool {
        let span = |left: bool| {
            ids.iter()
                .map(|&id| &self.runs[id])
                .filter(|r| (r.x1 <= at) == left)
                .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), r| {
                    (lo.min(r.bottom()), hi.max(r.top()))
                })
        };
        let (l_lo, l_hi) = span(true);
        let (r_lo, r_hi) = span(false);
        let overlap = l_hi.min(r_hi) - l_lo.max(r_lo);
        overlap >= 1.8 * self.size
    }

    fn mostly_rtl(&self, ids: &[usize]) -> bool {
        let (mut rtl, mut ltr) = (0usize, 0usize);
        for &id in ids {
            for &g in &self.runs[id].glyphs {
                match bidi_class(self.glyphs[g].c) {
                    BidiClass::R | BidiClass::AL => rtl += 1,
                    BidiClass::L => ltr += 1,
                    _ => {}
                }
            }
        }
        rtl > ltr
    }

    /// A leaf's runs as lines, top to bottom.
    fn block(&self, leaf: &[usize]) -> Block {
        let mut ids = leaf.to_vec();
        ids.sort_by(|&a, &b| self.runs[b].y.total_cmp(&self.runs[a].y));
        // Lines: runs whose cores overlap by at least half the smaller one (superscripts and
        // subscripts stay on their line).
        let mut lines: Vec<Vec<usize>> = Vec::new();
        let mut core = (0.0f32, 0.0f32);
        for id in ids {
            let run = &self.runs[id];
            let (lo, hi) = (run.bottom(), run.top());
            if let Some(line) = lines.last_mut() {
                let overlap = hi.min(core.1) - lo.max(core.0);
                let smaller = (hi - lo).min(core.1 - core.0);
                if overlap >= 0.5 * smaller {
                    line.push(id);
                    core = (core.0.min(lo), core.1.max(hi));
                    continue;
                }
            }
            lines.push(vec![id]);
            core = (lo, hi);
        }
        let lines: Vec<Line> = lines.iter().filter_map(|l| self.line(l)).collect();
        let left = lines.iter().map(|l| l.x0).fold(f32::INFINITY, f32::min);
        let right = lines.iter().map(|l| l.x1).fold(f32::NEG_INFINITY, f32::max);
        let top = lines.first().map_or(0.0, |l| l.y + 0.75 * l.size);
        let bottom = lines.last().map_or(0.0, |l| l.y - 0.25 * l.size);
        Block {
            lines,
            top,
            bottom,
            left,
            right,
            pitch: 1.2 * self.size,
        }
    }

    /// One line from its runs.
    fn line(&self, runs: &[usize]) -> Option<Line> {
        let mut glyphs: Vec<&Glyph> = runs
            .iter()
            .flat_map(|&r| self.runs[r].glyphs.iter().map(|&g| &self.glyphs[g]))
            .collect();
        glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
        // The main baseline and size: those of the most glyphs.
        let size = median(glyphs.iter().map(|g| g.size))?;
        let y = median(glyphs.iter().filter(|g| g.size >= 0.9 * size).map(|g| g.y))
            .unwrap_or(glyphs[0].y);
        let clusters = clusters(&glyphs);
        let (mut rtl, mut ltr) = (0usize, 0usize);
        for g in &glyphs {
            match bidi_class(g.c) {
                BidiClass::R | BidiClass::AL => rtl += 1,
                BidiClass::L => ltr += 1,
                _ => {}
            }
        }
        let line_rtl = rtl > ltr;
        // The visual string, with word spaces from the gaps. Marks go before their letter in a
        // right-to-left run, so that reversing the run puts them after it.
        let mut visual = String::new();
        let mut words: Vec<(f32, f32)> = Vec::new();
        let mut previous: Option<&Cluster<'_>> = None;
        let mut cells = false;
        for cluster in &clusters {
            cells |= previous.is_some_and(|p| cluster.x0 - p.x1 > CELL_GAP * size);
            let space = previous.is_some_and(|p| is_space_between(p, cluster));
            if previous.is_none() || space {
                if space {
                    visual.push(' ');
                }
                words.push((cluster.x0, cluster.x1));
            } else if let Some(word) = words.last_mut() {
                word.1 = word.1.max(cluster.x1);
            }
            let base_rtl = matches!(bidi_class(cluster.base.c), BidiClass::R | BidiClass::AL);
            if base_rtl {
                visual.extend(cluster.marks.iter().map(|m| m.c));
                visual.push(cluster.base.c);
            } else {
                visual.push(cluster.base.c);
                visual.extend(cluster.marks.iter().map(|m| m.c));
            }
            previous = Some(cluster);
        }
        let logical = if rtl > 0 {
            let level = if line_rtl { Level::rtl() } else { Level::ltr() };
            let info = ParagraphBidiInfo::new(&visual, Some(level));
            info.reorder_line(0..visual.len()).into_owned()
        } else {
            visual
        };
        let text = fold(&logical);
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let x0 = glyphs.first().map_or(0.0, |g| g.x);
        let x1 = glyphs.iter().map(|g| g.right()).fold(f32::MIN, f32::max);
        let space = 0.25 * size;
        let lead = if line_rtl {
            words.last()
        } else {
            words.first()
        };
        let lead_word = lead.map_or(0.0, |(a, b)| b - a) + space;
        let after_marker = starts_with_marker(text)
            .then(|| {
                if line_rtl {
                    words.iter().rev().nth(1).map(|w| w.1)
                } else {
                    words.get(1).map(|w| w.0)
                }
            })
            .flatten();
        Some(Line {
            text: text.to_owned(),
            x0,
            x1,
            y,
            size,
            rtl: line_rtl,
            lead_word,
            after_marker,
            cells,
        })
    }
}

/// A letter with the combining marks drawn on it.
struct Cluster<'a> {
    base: &'a Glyph,
    marks: Vec<&'a Glyph>,
    x0: f32,
    x1: f32,
}

fn clusters<'a>(glyphs: &[&'a Glyph]) -> Vec<Cluster<'a>> {
    let mut clusters: Vec<Cluster<'a>> = Vec::new();
    let mut orphans: Vec<&'a Glyph> = Vec::new();
    for &g in glyphs {
        if is_combining_mark(g.c) {
            orphans.push(g);
            continue;
        }
        clusters.push(Cluster {
            base: g,
            marks: Vec::new(),
            x0: g.x,
            x1: g.right(),
        });
    }
    for mark in orphans {
        let centre = mark.x + mark.width / 2.0;
        let best = clusters
            .iter_mut()
            .filter(|c| (c.base.y - mark.y).abs() < c.base.size)
            .min_by(|a, b| distance(a, centre).total_cmp(&distance(b, centre)));
        match best {
            Some(cluster) => cluster.marks.push(mark),
            None => clusters.push(Cluster {
                base: mark,
                marks: Vec::new(),
                x0: mark.x,
                x1: mark.right(),
            }),
        }
    }
    clusters.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    clusters
}

fn distance(cluster: &Cluster<'_>, x: f32) -> f32 {
    if x < cluster.x0 {
        cluster.x0 - x
    } else if x > cluster.x1 {
        x - cluster.x1
    } else {
        0.0
    }
}

fn is_space_between(previous: &Cluster<'_>, next: &Cluster<'_>) -> bool {
    let size = previous.base.size.max(next.base.size).max(1.0);
    let gap = next.x0 - previous.x1;
    let numeric = |c: char| c.is_ascii_digit() || matches!(c, ',' | '.');
    let limit = if numeric(previous.base.c) && numeric(next.base.c) {
        DIGIT_GAP
    } else {
        WORD_GAP
    };
    gap > limit * size
}

/// Folds compatibility ligatures and presentation forms to letters; drops controls.
pub(super) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_presentation_form(c) {
            out.extend(std::iter::once(c).nfkc());
        } else if c == '\u{a0}' || c == '\t' {
            out.push(' ');
        } else if !(c.is_control() || matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}')) {
            out.push(c);
        }
    }
    out
}

/// Latin, Armenian, Hebrew and Arabic presentation forms (U+FB00–U+FDFF, U+FE70–U+FEFE).
fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{fb00}'..='\u{fdff}' | '\u{fe70}'..='\u{fefe}')
}

/// Whether a line starts with a bullet or a list number ("1.", "12)", "a)", "iv.").
pub(super) fn starts_with_marker(text: &str) -> bool {
    let text = text.trim_start();
    if text.starts_with(['•', '◦', '▪', '‣', '●', '○', '■', '□', '–', '—', '·'])
    {
        return true;
    }
    let marker: String = text
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let rest = &text[marker.len()..];
    let numbered = marker.chars().all(|c| c.is_ascii_digit()) && marker.len() <= 3;
    let lettered = marker.len() == 1 || is_roman(&marker);
    !marker.is_empty()
        && (numbered && (rest.starts_with(". ") || rest.starts_with(") "))
            || lettered && rest.starts_with(") "))
}

fn is_roman(s: &str) -> bool {
    !s.is_empty() && s.len() <= 5 && s.chars().all(|c| matches!(c, 'i' | 'v' | 'x'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs for `text` set in a fixed-width font of `size` from `x` on baseline `y`: each
    /// char advances 0.5 size, a space one more 0.25 size.
    pub(crate) fn set(text: &str, x: f32, y: f32, size: f32) -> Vec<Glyph> {
        let mut out = Vec::new();
        let mut at = x;
        for c in text.chars() {
            if c == ' ' {
                at += 0.3 * size;
                continue;
            }
            out.push(Glyph {
                c,
                x: at,
                width: 0.5 * size,
                y,
                size,
            });
            at += 0.5 * size;
        }
        out
    }

    fn texts(blocks: &[Block]) -> Vec<Vec<String>> {
        blocks
            .iter()
            .map(|b| b.lines.iter().map(|l| l.text.clone()).collect())
            .collect()
    }

    #[test]
    fn two_columns_are_read_one_after_the_other() {
        let mut glyphs = set("A title across the page", 100.0, 800.0, 16.0);
        for i in 0..6 {
            let y = 760.0 - 12.0 * i as f32;
            glyphs.extend(set(&format!("left line {i}"), 50.0, y, 10.0));
            glyphs.extend(set(&format!("right line {i}"), 300.0, y, 10.0));
        }
        let blocks = lay_out(glyphs);
        let lines: Vec<String> = texts(&blocks).concat();
        assert_eq!(lines[0], "A title across the page");
        assert_eq!(lines[1], "left line 0");
        assert_eq!(lines[6], "left line 5");
        assert_eq!(lines[7], "right line 0");
        assert_eq!(lines.len(), 13);
    }

    #[test]
    fn kerned_and_tracked_glyphs_make_whole_words() {
        // "W" kerned into "ashington", digits spread by 0.2 of the size, a full stop after a
        // gap of a tenth of the size.
        let mut glyphs = vec![Glyph {
            c: 'W',
            x: 0.0,
            width: 10.0,
            y: 0.0,
            size: 10.0,
        }];
        glyphs.extend(set("ashington", 9.0, 0.0, 10.0));
        let mut x = 60.0;
        for c in "8,935,112".chars() {
            glyphs.push(Glyph {
                c,
                x,
                width: 5.0,
                y: 0.0,
                size: 10.0,
            });
            x += 7.0;
        }
        glyphs.extend(set("ugly", 130.0, 0.0, 10.0));
        glyphs.push(Glyph {
            c: '.',
            x: 151.0,
            width: 3.0,
            y: 0.0,
            size: 10.0,
        });
        let blocks = lay_out(glyphs);
        assert_eq!(texts(&blocks), vec![vec!["Washington 8,935,112 ugly."]]);
    }

    #[test]
    fn right_to_left_lines_come_out_in_logical_order() {
        // "ابن الراعي habibi 1975" in a right-to-left line shows, left to right: 1975, habibi,
        // then the two Arabic words, last first, each with its letters reversed.
        let reversed = |s: &str| s.chars().rev().collect::<String>();
        let visual = format!("1975 habibi {} {}", reversed("الراعي"), reversed("ابن"));
        let blocks = lay_out(set(&visual, 0.0, 0.0, 10.0));
        assert_eq!(texts(&blocks), vec![vec!["ابن الراعي habibi 1975"]]);
        // A lam-alef ligature folds to lam, alef after reordering; ﬁ folds to f, i.
        let blocks = lay_out(set("\u{fefb}", 0.0, 0.0, 10.0));
        assert_eq!(texts(&blocks), vec![vec!["\u{644}\u{627}"]]);
        assert_eq!(fold("ﬁrst ﬂow"), "first flow");
    }

    #[test]
    fn a_glyph_drawn_twice_counts_once() {
        let mut glyphs = set("bold", 0.0, 0.0, 10.0);
        glyphs.extend(set("bold", 0.3, 0.0, 10.0));
        assert_eq!(texts(&lay_out(glyphs)), vec![vec!["bold"]]);
    }

    #[test]
    fn superscripts_stay_on_their_line() {
        let mut glyphs = set("rest.", 0.0, 0.0, 10.0);
        glyphs.extend(set("1", 25.0, 3.5, 7.0));
        glyphs.extend(set("next line", 0.0, -12.0, 10.0));
        assert_eq!(texts(&lay_out(glyphs)), vec![vec!["rest.1", "next line"]]);
    }

    #[test]
    fn markers_start_list_items() {
        assert!(starts_with_marker("• item"));
        assert!(starts_with_marker("— реплика"));
        assert!(starts_with_marker("12. Пункт"));
        assert!(starts_with_marker("a) пункт"));
        assert!(starts_with_marker("iv) пункт"));
        assert!(!starts_with_marker("2024 жылы"));
        assert!(!starts_with_marker("Қазақстан"));
    }
}
