//! One paragraph of the reading view set with bidirectional text: wrapped in logical order, each
//! line's pieces put in visual order by [`crate::bidi`], each piece shaped by egui on its own (so
//! Arabic letters join and marks sit on their letters), drawn as one galley, and asked where a
//! click lands, which rectangles a range covers, where a caret stands and where arrow keys go.
//!
//! egui 0.37 has no bidirectional layout and, for Arabic, returns more glyphs than characters
//! (egui issue #8576), so nothing here uses egui's cursors: where each character of a shaped piece
//! sits comes from [`bidi::cluster_spans`] over the piece's glyphs.

use std::ops::Range;
use std::sync::Arc;

use egui::epaint::text::{ByteIndex, FontsView, PlacedRow};
use egui::text::{LayoutJob, LayoutSection, TextFormat, TextWrapping};
use egui::{Color32, Galley, Painter, Pos2, Rect, Stroke, Vec2, pos2, vec2};
use unicode_segmentation::UnicodeSegmentation as _;

use crate::bidi::{
    self, BidiText, Direction, GlyphFact, MeasuredPiece, UnitKind, VisualLine, VisualParagraph,
};

/// How a paragraph is set.
#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphStyle {
    /// The column's width: lines wrap to it, and right-to-left lines end at it.
    pub width: f32,
    /// Format of the text no [`Section`] covers: font, line height, colour.
    pub format: TextFormat,
    /// How the base direction is chosen.
    pub direction: Direction,
}

/// A styled range of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Char offsets into the paragraph, end exclusive. Where sections overlap, the later wins.
    pub range: Range<usize>,
    /// Its format. A `background` is painted as a wash (an even band per line, see
    /// [`ParagraphLayout::paint_washes`]); underline and strikethrough are not drawn.
    pub format: TextFormat,
}

/// The side of the column a paragraph starts on (where its margin stripes belong).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Left-to-right paragraphs.
    Left,
    /// Right-to-left paragraphs.
    Right,
}

/// A shaped piece: its galley (none for a line break), advance and char spans.
struct Shaped {
    galley: Option<Arc<Galley>>,
    width: f32,
    spans: Vec<(f32, f32)>,
}

/// A laid-out paragraph: immutable, cheap to paint, asked in coordinates relative to its
/// top-left corner (x from the column's left edge).
#[derive(Debug, Clone)]
pub struct ParagraphLayout {
    visual: VisualParagraph,
    /// Top and height of each line.
    lines: Vec<(f32, f32)>,
    size: Vec2,
    chars: usize,
    /// Every shaped piece's row, placed: one shape to paint.
    galley: Option<Arc<Galley>>,
    /// Washes from the sections' backgrounds.
    backgrounds: Vec<(Range<usize>, Color32)>,
    color: Color32,
}

/// `format` without what this layout paints itself or does not draw.
fn shaping_format(format: &TextFormat) -> TextFormat {
    TextFormat {
        background: Color32::TRANSPARENT,
        underline: Stroke::NONE,
        strikethrough: Stroke::NONE,
        ..format.clone()
    }
}

/// Shapes the chars `range` of `bidi` as one piece and finds where each char sits.
fn shape(
    fonts: &mut FontsView<'_>,
    bidi: &BidiText,
    range: Range<usize>,
    kind: UnitKind,
    level: u8,
    format: &TextFormat,
) -> Shaped {
    if kind == UnitKind::LineBreak || range.is_empty() {
        return Shaped {
            galley: None,
            width: 0.0,
            spans: vec![(0.0, 0.0); range.len()],
        };
    }
    let text = bidi.display_text(range.clone());
    let chars: Vec<char> = text.chars().collect();
    let mut job = LayoutJob::single_section(text, format.clone());
    job.wrap = TextWrapping::no_max_width();
    job.break_on_newline = false;
    let galley = fonts.layout_job(job);
    let glyphs: Vec<GlyphFact> = galley
        .rows
        .iter()
        .flat_map(|row| row.row.glyphs.iter())
        .map(|g| GlyphFact {
            chr: g.chr,
            advance: g.advance_width,
            continuation: g.advance_width <= 0.0 && g.uv_rect.is_nothing(),
        })
        .collect();
    let width: f32 = glyphs.iter().map(|g| g.advance).sum();
    // Only a joined right-to-left run comes back from the shaper right to left.
    let shaped_rtl = kind == UnitKind::Joined;
    let start = range.start;
    let mut spans = bidi::cluster_spans(
        &chars,
        |k| k == 0 || bidi.is_grapheme_start(start + k),
        &glyphs,
        shaped_rtl,
    );
    if level % 2 == 1 && !shaped_rtl {
        // Spaces (or one grapheme) in a right-to-left run: first char on the right.
        for span in &mut spans {
            *span = (width - span.1, width - span.0);
        }
    }
    Shaped {
        galley: Some(galley),
        width,
        spans,
    }
}

/// The formats a paragraph's sections give its chars.
struct SectionFormats {
    /// Distinct shaping formats: the style's first, then one per section.
    formats: Vec<TextFormat>,
    /// Index into `formats` of each char's format (a later section wins).
    format_of: Vec<usize>,
    /// Washes from the sections' backgrounds.
    backgrounds: Vec<(Range<usize>, Color32)>,
}

impl SectionFormats {
    fn new(n: usize, style: &ParagraphStyle, sections: &[Section]) -> Self {
        let mut formats = vec![shaping_format(&style.format)];
        let mut format_of = vec![0usize; n];
        let mut backgrounds = Vec::new();
        for section in sections {
            let range = section.range.start.min(n)..section.range.end.min(n);
            if range.is_empty() {
                continue;
            }
            if section.format.background != Color32::TRANSPARENT {
                backgrounds.push((range.clone(), section.format.background));
            }
            formats.push(shaping_format(&section.format));
            format_of[range].fill(formats.len() - 1);
        }
        Self {
            formats,
            format_of,
            backgrounds,
        }
    }
}

/// Rounds `x` to the nearest physical pixel.
fn to_pixel(x: f32, pixels_per_point: f32) -> f32 {
    (x * pixels_per_point).round() / pixels_per_point
}

impl ParagraphLayout {
    /// Lays out `text` (one paragraph; a `\n` inside is a forced line break) with `style`, and
    /// `sections` styling parts of it. Shapes through `fonts` (and its galley cache).
    pub fn new(
        fonts: &mut FontsView<'_>,
        text: &str,
        style: &ParagraphStyle,
        sections: &[Section],
    ) -> Self {
        if style.direction != Direction::RightToLeft
            && bidi::is_plain_left_to_right(text)
            && let Some(layout) = Self::left_to_right(fonts, text, style, sections)
        {
            return layout;
        }
        let bidi = BidiText::new(text, style.direction);
        let n = bidi.len();
        let SectionFormats {
            formats,
            format_of,
            backgrounds,
        } = SectionFormats::new(n, style, sections);
        let cuts: Vec<usize> = (1..n)
            .filter(|&i| format_of[i] != format_of[i - 1])
            .collect();
        let units = bidi.units(&cuts);
        let shaped: Vec<Shaped> = units
            .iter()
            .map(|u| {
                let format = &formats[format_of[u.range.start]];
                shape(fonts, &bidi, u.range.clone(), u.kind, u.level, format)
            })
            .collect();
        let mut advances = vec![0.0f32; n];
        for (unit, s) in units.iter().zip(&shaped) {
            for (i, span) in unit.range.clone().zip(&s.spans) {
                advances[i] = span.1 - span.0;
            }
        }
        // The height of a line with nothing shaped on it (an empty paragraph, a blank line).
        let blank = shape(
            fonts,
            &BidiText::new(" ", Direction::LeftToRight),
            0..1,
            UnitKind::Space,
            0,
            &formats[0],
        );
        let pixels_per_point = blank.galley.as_ref().map_or(1.0, |g| g.pixels_per_point);
        let blank_height = blank
            .galley
            .as_ref()
            .and_then(|g| g.rows.first())
            .map_or(style.format.font_id.size, |r| r.row.size.y);

        let mut visual_lines = Vec::new();
        let mut line_boxes = Vec::new();
        let mut rows: Vec<PlacedRow> = Vec::new();
        let mut template: Option<Arc<Galley>> = None;
        let mut mesh_bounds = Rect::NOTHING;
        let (mut vertices, mut indices) = (0usize, 0usize);
        let mut y = 0.0f32;
        for line in bidi.wrap(&advances, style.width) {
            let pieces = bidi.line_pieces(&units, line.clone());
            let measured: Vec<Shaped> = pieces
                .iter()
                .map(|piece| {
                    let unit = &units[piece.unit];
                    let whole = &shaped[piece.unit];
                    if piece.range == unit.range {
                        return Shaped {
                            galley: whole.galley.clone(),
                            width: whole.width,
                            spans: whole.spans.clone(),
                        };
                    }
                    if matches!(
                        unit.kind,
                        UnitKind::Space | UnitKind::Tab | UnitKind::LineBreak
                    ) {
                        // Nothing to draw: the chars keep their widths.
                        let k = piece.range.start - unit.range.start;
                        let spans = &whole.spans[k..k + piece.range.len()];
                        let left = spans.iter().map(|s| s.0).fold(f32::INFINITY, f32::min);
                        let spans: Vec<(f32, f32)> =
                            spans.iter().map(|s| (s.0 - left, s.1 - left)).collect();
                        let width = spans.iter().map(|s| s.1 - s.0).sum();
                        return Shaped {
                            galley: None,
                            width,
                            spans,
                        };
                    }
                    // The line breaks inside this unit: shape its part on this line.
                    let format = &formats[format_of[piece.range.start]];
                    shape(
                        fonts,
                        &bidi,
                        piece.range.clone(),
                        unit.kind,
                        unit.level,
                        format,
                    )
                })
                .collect();
            let inputs: Vec<MeasuredPiece<'_>> = pieces
                .iter()
                .zip(&measured)
                .map(|(p, m)| MeasuredPiece {
                    range: p.range.clone(),
                    level: p.level,
                    width: m.width,
                    spans: &m.spans,
                })
                .collect();
            let ends_with_newline = line
                .end
                .checked_sub(1)
                .filter(|&i| i >= line.start)
                .is_some_and(|i| bidi.chars()[i] == '\n');
            let (placed, xs) = VisualLine::place(
                line.clone(),
                &inputs,
                bidi.is_rtl(),
                style.width,
                bidi.trailing_whitespace_start(line.clone()),
                ends_with_newline,
            );
            let height = measured
                .iter()
                .filter_map(|m| m.galley.as_ref())
                .flat_map(|g| g.rows.iter())
                .map(|r| r.row.size.y)
                .fold(blank_height, f32::max);
            for (m, x) in measured.iter().zip(&xs) {
                let Some(galley) = &m.galley else {
                    continue;
                };
                for row in &galley.rows {
                    if row.visuals.mesh.is_empty() {
                        continue;
                    }
                    // Rows of a line share its bottom, so mixed sizes share a baseline area.
                    let pos = pos2(
                        to_pixel(x + row.pos.x, pixels_per_point),
                        to_pixel(y + height - row.row.size.y + row.pos.y, pixels_per_point),
                    );
                    mesh_bounds |= row.visuals.mesh_bounds.translate(pos.to_vec2());
                    vertices += row.visuals.mesh.vertices.len();
                    indices += row.visuals.mesh.indices.len();
                    rows.push(PlacedRow {
                        pos,
                        row: Arc::clone(&row.row),
                        ends_with_newline: false,
                    });
                }
                if template.is_none() {
                    template = Some(Arc::clone(galley));
                }
            }
            visual_lines.push(placed);
            line_boxes.push((y, height));
            y += height;
        }
        let size = vec2(style.width, y);
        let galley = template.filter(|_| !rows.is_empty()).map(|t| {
            let mut g = Galley::clone(&t);
            g.rows = rows;
            g.elided = false;
            g.rect = Rect::from_min_size(Pos2::ZERO, size);
            g.mesh_bounds = mesh_bounds;
            g.num_vertices = vertices;
            g.num_indices = indices;
            Arc::new(g)
        });
        Self {
            visual: VisualParagraph {
                lines: visual_lines,
                rtl: bidi.is_rtl(),
            },
            lines: line_boxes,
            size,
            chars: n,
            galley,
            backgrounds,
            color: style.format.color,
        }
    }

    /// The fast path for a paragraph with nothing to reorder (see
    /// [`bidi::is_plain_left_to_right`]): the whole paragraph is one egui layout job wrapped at
    /// the column, shaped once, painted as it is; its rows become the lines, and where each char
    /// sits comes from the row's glyphs ([`bidi::cluster_spans`], as on the full path), so hit
    /// tests, carets, washes and arrow keys answer exactly as they do for any other paragraph.
    /// `None` if egui's rows do not hold one glyph per char (then the full path sets it).
    fn left_to_right(
        fonts: &mut FontsView<'_>,
        text: &str,
        style: &ParagraphStyle,
        sections: &[Section],
    ) -> Option<Self> {
        let chars: Vec<char> = text.chars().collect();
        let n = chars.len();
        let SectionFormats {
            formats,
            format_of,
            backgrounds,
        } = SectionFormats::new(n, style, sections);
        let mut job = LayoutJob {
            text: text.to_owned(),
            wrap: TextWrapping::wrap_at_width(style.width),
            break_on_newline: true,
            ..Default::default()
        };
        let mut byte = 0usize;
        let mut run_start = 0usize;
        for (i, c) in chars.iter().enumerate() {
            let next = byte + c.len_utf8();
            if i + 1 == n || format_of[i + 1] != format_of[i] {
                job.sections.push(LayoutSection {
                    leading_space: 0.0,
                    byte_range: ByteIndex(run_start)..ByteIndex(next),
                    format: formats[format_of[i]].clone(),
                });
                run_start = next;
            }
            byte = next;
        }
        if job.sections.is_empty() {
            job.sections.push(LayoutSection {
                leading_space: 0.0,
                byte_range: ByteIndex(0)..ByteIndex(0),
                format: formats[0].clone(),
            });
        }
        let galley = fonts.layout_job(job);
        let in_rows: usize = galley
            .rows
            .iter()
            .map(|r| r.row.glyphs.len() + usize::from(r.ends_with_newline))
            .sum();
        if in_rows != n {
            return None;
        }
        let mut grapheme_bytes = text.grapheme_indices(true).map(|(b, _)| b).peekable();
        let grapheme_starts: Vec<bool> = text
            .char_indices()
            .map(|(b, _)| grapheme_bytes.next_if_eq(&b).is_some())
            .collect();
        let mut lines = Vec::with_capacity(galley.rows.len());
        let mut line_boxes = Vec::with_capacity(galley.rows.len());
        let mut start = 0usize;
        for row in &galley.rows {
            let glyphs = &row.row.glyphs;
            let end = start + glyphs.len() + usize::from(row.ends_with_newline);
            let facts: Vec<GlyphFact> = glyphs
                .iter()
                .map(|g| GlyphFact {
                    chr: g.chr,
                    advance: g.advance_width,
                    continuation: g.advance_width <= 0.0 && g.uv_rect.is_nothing(),
                })
                .collect();
            let drawn = start..start + glyphs.len();
            let mut spans = bidi::cluster_spans(
                &chars[drawn.clone()],
                |k| k == 0 || grapheme_starts[drawn.start + k],
                &facts,
                false,
            );
            let left = row.pos.x + glyphs.first().map_or(0.0, |g| g.pos.x);
            for span in &mut spans {
                *span = (span.0 + left, span.1 + left);
            }
            let width = spans.last().map_or(0.0, |s| s.1);
            // The line's `\n` takes no room.
            spans.resize(end - start, (width, width));
            let piece = MeasuredPiece {
                range: start..end,
                level: 0,
                width,
                spans: &spans,
            };
            let (line, _) = VisualLine::place(
                start..end,
                std::slice::from_ref(&piece),
                false,
                style.width,
                end,
                row.ends_with_newline,
            );
            lines.push(line);
            line_boxes.push((row.pos.y, row.row.size.y));
            start = end;
        }
        let height = line_boxes.last().map_or(0.0, |&(top, h)| top + h);
        let has_ink = galley.rows.iter().any(|r| !r.row.glyphs.is_empty());
        Some(Self {
            visual: VisualParagraph { lines, rtl: false },
            lines: line_boxes,
            size: vec2(style.width, height),
            chars: n,
            galley: has_ink.then_some(galley),
            backgrounds,
            color: style.format.color,
        })
    }

    /// Lays out a paragraph with the fonts of `ctx` (see [`Self::new`]).
    pub fn build(
        ctx: &egui::Context,
        text: &str,
        style: &ParagraphStyle,
        sections: &[Section],
    ) -> Self {
        ctx.fonts_mut(|fonts| Self::new(fonts, text, style, sections))
    }

    /// Width (the column's) and height (all lines).
    pub fn size(&self) -> Vec2 {
        self.size
    }

    /// Number of chars laid out.
    pub fn char_count(&self) -> usize {
        self.chars
    }

    /// Whether the paragraph runs right to left.
    pub fn is_rtl(&self) -> bool {
        self.visual.rtl
    }

    /// The side the paragraph starts on: right for a right-to-left paragraph.
    pub fn start_side(&self) -> Side {
        if self.visual.rtl {
            Side::Right
        } else {
            Side::Left
        }
    }

    /// Number of lines (at least one).
    pub fn line_count(&self) -> usize {
        self.lines.len()
    }

    /// The band of line `line` across the column, or `None` past the last line.
    pub fn line_rect(&self, line: usize) -> Option<Rect> {
        let &(top, height) = self.lines.get(line)?;
        Some(Rect::from_min_size(
            pos2(0.0, top),
            vec2(self.size.x, height),
        ))
    }

    /// The line a caret at `offset` is on (an offset where a line wraps belongs to the next).
    pub fn line_of(&self, offset: usize) -> usize {
        self.visual.line_of(offset)
    }

    /// The chars on line `line`, or `None` past the last line.
    pub fn line_range(&self, line: usize) -> Option<Range<usize>> {
        self.visual.lines.get(line).map(|l| l.range.clone())
    }

    fn line_at_y(&self, y: f32) -> usize {
        self.lines
            .iter()
            .position(|&(top, height)| y < top + height)
            .unwrap_or(self.lines.len().saturating_sub(1))
    }

    /// The logical offset a click at `pos` means, as a text editor gives it: the nearer edge of
    /// the character under it (on a right-to-left character the left half means "after it");
    /// above or below the paragraph, its first or last line; past a line's ends, that end.
    pub fn offset_at(&self, pos: Pos2) -> usize {
        self.visual.offset_at(self.line_at_y(pos.y), pos.x)
    }

    /// The rectangles covering the chars of `range` (paragraph offsets, end exclusive): per
    /// line, one band of the line's full height per run of adjacent characters, so a range
    /// across a direction change gives several. Empty for an empty range.
    pub fn rects(&self, range: Range<usize>) -> Vec<Rect> {
        self.visual
            .spans(range)
            .into_iter()
            .filter_map(|(line, x0, x1)| {
                let &(top, height) = self.lines.get(line)?;
                Some(Rect::from_min_max(pos2(x0, top), pos2(x1, top + height)))
            })
            .collect()
    }

    /// Where a caret at `offset` stands: a zero-width rectangle the height of its line.
    pub fn caret_rect(&self, offset: usize) -> Rect {
        let (line, x) = self.visual.caret(offset);
        let (top, height) = self.lines.get(line).copied().unwrap_or((0.0, 0.0));
        Rect::from_min_max(pos2(x, top), pos2(x, top + height))
    }

    /// The offset one arrow-key step to the left (`left`) or right of `offset`, in visual order;
    /// at a line's end it continues on the next line in reading order. `None` when the step
    /// leaves the paragraph: moving towards its end side (right in a left-to-right paragraph,
    /// left in a right-to-left one) the caret goes on at the next paragraph's start, otherwise
    /// at the previous paragraph's end.
    pub fn move_visual(&self, offset: usize, left: bool) -> Option<usize> {
        self.visual.move_visual(offset, left)
    }

    /// The offset on the line above (`up`) or below, nearest to `x` (keep the x the caret had
    /// when vertical movement began). `None` past the first or last line: the caret goes on in
    /// the paragraph above or below, at `offset_at` of its last or first line.
    pub fn move_vertical(&self, offset: usize, up: bool, x: f32) -> Option<usize> {
        self.visual.move_vertical(offset, up, x)
    }

    /// Paints the sections' backgrounds, then `washes` (ranges with colours, in order): each as
    /// [`Self::rects`], so a wash is an even band per line with no seams where fonts change.
    pub fn paint_washes(
        &self,
        painter: &Painter,
        origin: Pos2,
        washes: &[(Range<usize>, Color32)],
    ) {
        for (range, color) in self.backgrounds.iter().chain(washes) {
            for rect in self.rects(range.clone()) {
                painter.rect_filled(rect.translate(origin.to_vec2()), 0.0, *color);
            }
        }
    }

    /// Paints the text with its top-left corner at `origin`.
    pub fn paint_text(&self, painter: &Painter, origin: Pos2) {
        if let Some(galley) = &self.galley {
            painter.galley(origin, Arc::clone(galley), self.color);
        }
    }

    /// Paints washes (see [`Self::paint_washes`]) and then the text.
    pub fn paint(&self, painter: &Painter, origin: Pos2, washes: &[(Range<usize>, Color32)]) {
        self.paint_washes(painter, origin, washes);
        self.paint_text(painter, origin);
    }

    /// The text as one galley of placed rows, one row per shaped piece (for painting elsewhere
    /// and for tests that look at where glyphs landed). Its cursor methods mean nothing; use
    /// this layout's.
    pub fn galley(&self) -> Option<&Arc<Galley>> {
        self.galley.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::FontId;

    const WIDTH: f32 = 420.0;

    /// Runs `f` with egui's default fonts plus the system's (Noto Arabic, Noto CJK), refusing
    /// any glyph no font has.
    fn with_fonts<R>(f: impl FnOnce(&mut FontsView<'_>) -> R) -> R {
        let ctx = egui::Context::default();
        crate::app::install_system_fonts(&ctx);
        ctx.set_missing_glyph_policy(egui::MissingGlyphPolicy::Panic);
        let mut out = ctx.run_ui(egui::RawInput::default(), |_| {});
        out.textures_delta.clear();
        ctx.fonts_mut(f)
    }

    fn style(direction: Direction) -> ParagraphStyle {
        ParagraphStyle {
            width: WIDTH,
            format: TextFormat {
                font_id: FontId::proportional(15.0),
                line_height: Some(22.5),
                color: Color32::BLACK,
                ..Default::default()
            },
            direction,
        }
    }

    /// Where each glyph with ink was drawn, as egui placed it: (char, left, right, top).
    fn drawn(layout: &ParagraphLayout) -> Vec<(char, f32, f32, f32)> {
        let galley = layout.galley().unwrap();
        galley
            .rows
            .iter()
            .flat_map(|row| {
                row.row
                    .glyphs
                    .iter()
                    .filter(|g| !g.uv_rect.is_nothing())
                    .map(|g| {
                        (
                            g.chr,
                            row.pos.x + g.pos.x,
                            row.pos.x + g.pos.x + g.advance_width,
                            row.pos.y,
                        )
                    })
            })
            .collect()
    }

    /// The drawn box of the one glyph of `c` (each test text uses its letters once).
    fn glyph_of(layout: &ParagraphLayout, c: char) -> (f32, f32, f32) {
        let found: Vec<_> = drawn(layout).into_iter().filter(|g| g.0 == c).collect();
        assert_eq!(found.len(), 1, "one glyph for {c:?}");
        (found[0].1, found[0].2, found[0].3)
    }

    fn is_arabic_letter(c: char) -> bool {
        ('\u{0620}'..='\u{06FF}').contains(&c) && !('\u{0660}'..='\u{0669}').contains(&c)
    }

    // Every non-space char appears once: no lam-alef ligature, no repeated letter.
    const LTR_MIXED: &str = "Біз ئېلىم كۆچ 2014 жыл";
    const RTL_MIXED: &str = "ئېلىم كۆچ Біз 2014 жыл";

    #[test]
    fn kazakh_and_uyghur_letters_render() {
        let letters = "ٵ ٶ ٷ ٸ ۆ ۇ ۋ ە ى ڭ ھ ې ۈ ئ";
        with_fonts(|fonts| {
            assert!(fonts.has_glyphs(&FontId::proportional(15.0), letters));
            // The missing-glyph policy panics on any letter no font draws.
            let layout = ParagraphLayout::new(fonts, letters, &style(Direction::Auto), &[]);
            let inked: Vec<char> = drawn(&layout).into_iter().map(|g| g.0).collect();
            for c in letters.chars().filter(|c| *c != ' ') {
                assert!(inked.contains(&c), "{c} is drawn");
            }
        });
    }

    #[test]
    fn a_uyghur_paragraph_reads_right_to_left_against_the_right_edge() {
        with_fonts(|fonts| {
            let layout = ParagraphLayout::new(fonts, RTL_MIXED, &style(Direction::Auto), &[]);
            assert!(layout.is_rtl());
            assert_eq!(layout.start_side(), Side::Right);
            // Reading right to left: the first word, then the second, then "Біз 2014 жыл"
            // whose Cyrillic words and number read left to right inside.
            let x = |c| glyph_of(&layout, c).0;
            assert!(x('ئ') > x('م'), "the first letter is right of the last");
            assert!(x('م') > x('ك'), "the first word is right of the second");
            assert!(x('ك') > x('ж'));
            assert!(x('Б') < x('з') && x('з') < x('2') && x('2') < x('4') && x('4') < x('ж'));
            // The line ends at the right edge.
            let right = drawn(&layout)
                .iter()
                .map(|g| g.2)
                .fold(f32::NEG_INFINITY, f32::max);
            assert!((right - WIDTH).abs() < 1.5, "right edge {right}");
        });
    }

    #[test]
    fn a_click_on_either_half_of_each_character_gives_the_editor_offset() {
        with_fonts(|fonts| {
            for (text, direction) in [
                (LTR_MIXED, Direction::Auto),
                (RTL_MIXED, Direction::Auto),
                (LTR_MIXED, Direction::RightToLeft),
            ] {
                let layout = ParagraphLayout::new(fonts, text, &style(direction), &[]);
                for (i, c) in text.chars().enumerate() {
                    if c == ' ' {
                        continue;
                    }
                    let (x0, x1, top) = glyph_of(&layout, c);
                    let y = top + 5.0;
                    let left = layout.offset_at(pos2(x0 + (x1 - x0) * 0.25, y));
                    let right = layout.offset_at(pos2(x0 + (x1 - x0) * 0.75, y));
                    // A right-to-left letter starts at its right edge.
                    let (want_left, want_right) = if is_arabic_letter(c) {
                        (i + 1, i)
                    } else {
                        (i, i + 1)
                    };
                    assert_eq!((left, right), (want_left, want_right), "{text} {c}");
                }
            }
        });
    }

    #[test]
    fn the_rectangles_of_a_range_cover_exactly_its_characters() {
        with_fonts(|fonts| {
            for (text, range) in [
                (LTR_MIXED, 2..7usize),
                (RTL_MIXED, 6..12),
                (LTR_MIXED, 0..22),
            ] {
                let layout = ParagraphLayout::new(fonts, text, &style(Direction::Auto), &[]);
                let rects = layout.rects(range.clone());
                for (i, c) in text.chars().enumerate() {
                    if c == ' ' {
                        continue;
                    }
                    let (x0, x1, top) = glyph_of(&layout, c);
                    let center = pos2(f32::midpoint(x0, x1), top + 5.0);
                    let covered = rects.iter().any(|r| r.contains(center));
                    assert_eq!(covered, range.contains(&i), "{text} {range:?} {c}");
                    // No rectangle reaches into a character outside the range.
                    if !range.contains(&i) {
                        for r in &rects {
                            let overlap = r.right().min(x1) - r.left().max(x0);
                            assert!(overlap < 1.0, "{text} {range:?} reaches {c}");
                        }
                    }
                }
            }
            // "з ئېلىم" crosses from Cyrillic into Uyghur: the space and the word sit apart
            // from "з" on the line, so two rectangles.
            let layout = ParagraphLayout::new(fonts, LTR_MIXED, &style(Direction::Auto), &[]);
            assert_eq!(layout.rects(2..9).len(), 2);
        });
    }

    #[test]
    fn a_wash_over_chinese_in_kazakh_text_is_one_even_band() {
        let text = "Біз тарихи отанға 历史故乡 деп келдік.";
        with_fonts(|fonts| {
            let layout = ParagraphLayout::new(fonts, text, &style(Direction::Auto), &[]);
            assert_eq!(layout.line_count(), 1);
            let line = layout.line_rect(0).unwrap();
            let rects = layout.rects(4..22);
            assert_eq!(rects.len(), 1);
            assert_eq!(
                (rects[0].top(), rects[0].bottom()),
                (line.top(), line.bottom())
            );
            // The Chinese glyphs come from a font with other heights; the band does not care.
            let latin = layout.rects(0..3)[0];
            let chinese = layout.rects(18..22)[0];
            assert_eq!(
                (latin.top(), latin.bottom()),
                (chinese.top(), chinese.bottom())
            );
        });
    }

    #[test]
    fn brackets_mirror_in_a_right_to_left_paragraph() {
        with_fonts(|fonts| {
            let layout = ParagraphLayout::new(fonts, "(ئېلىم) «كۆچ»", &style(Direction::Auto), &[]);
            let mut glyphs = drawn(&layout);
            glyphs.sort_by(|a, b| a.1.total_cmp(&b.1));
            let shown: String = glyphs.iter().map(|g| g.0).collect();
            // Left to right on screen: the closing guillemet's mirror first, the opening
            // bracket's mirror last.
            assert!(shown.starts_with('«'), "{shown}");
            assert!(shown.ends_with(')'), "{shown}");
            assert_eq!(shown.chars().filter(|c| *c == '(').count(), 1);
        });
    }

    #[test]
    fn arabic_letters_join_inside_a_word() {
        with_fonts(|fonts| {
            let alone = ParagraphLayout::new(fonts, "ل", &style(Direction::Auto), &[]);
            let joined = ParagraphLayout::new(fonts, "ئېلىم", &style(Direction::Auto), &[]);
            let glyph = |layout: &ParagraphLayout| {
                let galley = layout.galley().unwrap();
                galley
                    .rows
                    .iter()
                    .flat_map(|r| r.row.glyphs.iter())
                    .find(|g| g.chr == 'ل')
                    .map(|g| g.uv_rect)
                    .unwrap()
            };
            // The medial form of lam is another glyph than the letter alone.
            assert_ne!(glyph(&alone), glyph(&joined));
        });
    }

    #[test]
    fn lines_wrap_and_styles_apply_across_directions() {
        let text = "بىز 1992-جىلى شينجياڭنان قازاقستانعا كوشتىك. ".repeat(6);
        with_fonts(|fonts| {
            let big = TextFormat {
                font_id: FontId::proportional(22.0),
                line_height: Some(30.0),
                color: Color32::DARK_RED,
                background: Color32::YELLOW,
                ..Default::default()
            };
            let sections = [Section {
                range: 4..8,
                format: big,
            }];
            let layout = ParagraphLayout::new(fonts, &text, &style(Direction::Auto), &sections);
            assert!(layout.line_count() > 2);
            // Lines cover the text in order, each no wider than the column (hanging spaces
            // aside) and right-aligned.
            let mut next = 0;
            for line in 0..layout.line_count() {
                let range = layout.line_range(line).unwrap();
                assert_eq!(range.start, next);
                next = range.end;
                let ink = layout.rects(range.clone());
                let right = ink.iter().map(Rect::right).fold(0.0, f32::max);
                assert!((right - WIDTH).abs() < 1.5, "line {line} ends at {right}");
            }
            assert_eq!(next, text.chars().count());
            // The bigger "1992" makes its line taller.
            let first = layout.line_rect(0).unwrap();
            let second = layout.line_rect(1).unwrap();
            assert!(first.height() > second.height());
            let heights: f32 = (0..layout.line_count())
                .map(|l| layout.line_rect(l).unwrap().height())
                .sum();
            assert!((layout.size().y - heights).abs() < 1e-3);
        });
    }

    #[test]
    fn every_paragraph_of_the_arabic_script_sample_is_drawn() {
        let text = include_str!("../../projects/sample/003_arabic_script.txt");
        with_fonts(|fonts| {
            let mut rtl = 0;
            for paragraph in text.split("\n\n") {
                // Panics on a glyph no font has.
                let layout = ParagraphLayout::new(fonts, paragraph, &style(Direction::Auto), &[]);
                rtl += usize::from(layout.is_rtl());
                let inked = drawn(&layout).len();
                let letters = paragraph.chars().filter(|c| c.is_alphanumeric()).count();
                assert!(
                    inked >= letters,
                    "{inked} glyphs for {letters} letters: {paragraph}"
                );
            }
            // The English header and the Cyrillic paragraph run left to right; 12 do not.
            assert_eq!(rtl, 12);
        });
    }

    #[test]
    fn a_left_to_right_paragraph_answers_from_its_glyphs_across_lines_and_sizes() {
        // Kazakh, English, numbers and Chinese: nothing to reorder, wrapped over several lines,
        // with a bigger "1992" on the first.
        let text =
            "Біз 1992 жылы Моңғолиядан тарихи отанға 历史故乡 келдік, and we stayed. ".repeat(4);
        let n = text.chars().count();
        with_fonts(|fonts| {
            let big = TextFormat {
                font_id: FontId::proportional(22.0),
                line_height: Some(30.0),
                color: Color32::DARK_RED,
                ..Default::default()
            };
            let sections = [Section {
                range: 4..8,
                format: big,
            }];
            let layout = ParagraphLayout::new(fonts, &text, &style(Direction::Auto), &sections);
            assert!(!layout.is_rtl());
            assert_eq!(layout.start_side(), Side::Left);
            assert!(layout.line_count() > 2);
            assert!(layout.line_rect(0).unwrap().height() > layout.line_rect(1).unwrap().height());
            // Every glyph egui drew, in order, with its line: one per char of the text.
            let galley = layout.galley().unwrap();
            let glyphs: Vec<(char, f32, f32, f32)> = galley
                .rows
                .iter()
                .flat_map(|row| {
                    row.row.glyphs.iter().map(|g| {
                        let x = row.pos.x + g.pos.x;
                        (g.chr, x, x + g.advance_width, row.pos.y)
                    })
                })
                .collect();
            let shown: String = glyphs.iter().map(|g| g.0).collect();
            assert_eq!(shown, text);
            let mut next = 0;
            for line in 0..layout.line_count() {
                let range = layout.line_range(line).unwrap();
                assert_eq!(range.start, next);
                next = range.end;
            }
            assert_eq!(next, n);
            for (i, &(c, x0, x1, top)) in glyphs.iter().enumerate() {
                if c == ' ' {
                    continue;
                }
                // No ink past the column.
                assert!(x1 <= WIDTH + 0.5, "{c} at {x1}");
                let y = top + 5.0;
                let quarter = (x1 - x0) / 4.0;
                assert_eq!(
                    layout.offset_at(pos2(x0 + quarter, y)),
                    i,
                    "left half of {c}"
                );
                assert_eq!(
                    layout.offset_at(pos2(x1 - quarter, y)),
                    i + 1,
                    "right half of {c}"
                );
                let caret = layout.caret_rect(i);
                assert!(
                    (caret.left() - x0).abs() < 1.0,
                    "caret before {c}: {} {x0}",
                    caret.left()
                );
                assert!(caret.contains(pos2(caret.left(), y)));
            }
            // A range across the first wrap: one band on each line, covering exactly its chars.
            let wrap = layout.line_range(0).unwrap().end;
            let range = wrap - 5..wrap + 5;
            let rects = layout.rects(range.clone());
            assert_eq!(rects.len(), 2);
            for (i, &(c, x0, x1, top)) in glyphs.iter().enumerate() {
                if c == ' ' {
                    continue;
                }
                let center = pos2(f32::midpoint(x0, x1), top + 5.0);
                assert_eq!(rects.iter().any(|r| r.contains(center)), range.contains(&i));
            }
            // Right arrow from the start visits every offset once, in order, across the wraps.
            let mut at = 0;
            let mut visited = Vec::new();
            while let Some(step) = layout.move_visual(at, false) {
                visited.push(step);
                at = step;
            }
            assert_eq!(visited, (1..=n).collect::<Vec<_>>());
            // Down from the "К" of "келдік" lands on the line below at the same x.
            let k = text
                .find("келдік")
                .map(|b| text[..b].chars().count())
                .unwrap();
            let x = glyphs[k].1 + 1.0;
            let below = layout.move_vertical(k, false, x).unwrap();
            assert_eq!(layout.line_of(below), layout.line_of(k) + 1);
            assert!((layout.caret_rect(below).left() - x).abs() < 15.0);
        });
    }

    #[test]
    fn empty_text_and_blank_lines_have_a_line_height() {
        with_fonts(|fonts| {
            let empty = ParagraphLayout::new(fonts, "", &style(Direction::Auto), &[]);
            assert_eq!(empty.line_count(), 1);
            assert!(empty.size().y > 20.0);
            assert_eq!(empty.offset_at(pos2(100.0, 5.0)), 0);
            assert!(empty.rects(0..0).is_empty());
            let blank = ParagraphLayout::new(fonts, "ab\n\ncd", &style(Direction::Auto), &[]);
            assert_eq!(blank.line_count(), 3);
            // A click right of "ab" is before its newline.
            assert_eq!(blank.offset_at(pos2(300.0, 5.0)), 2);
            assert_eq!(blank.offset_at(pos2(300.0, 30.0)), 3);
        });
    }
}
