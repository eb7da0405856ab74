//! Text shown outside the reading view — excerpts in the retrieval panel, keywords in context,
//! memos, the inspector's quote, code names in the tree — set with the same bidirectional layout
//! as the reading view ([`ParagraphLayout`]), so Arabic-script Uyghur and Kazakh read right to
//! left with their letters joined wherever Tamga shows them.
//!
//! Text that reads left to right throughout goes to egui's own label, as before; the rest is
//! split into paragraphs at `\n` (each with its own base direction, as in the reading view),
//! laid out once per text, width and style (kept in the context's memory while it is shown)
//! and painted. Screen readers get the text in logical order.

use std::collections::HashMap;
use std::hash::{Hash as _, Hasher as _};
use std::sync::Arc;

use egui::text::LayoutJob;
use egui::{Response, Sense, Ui, Vec2, vec2};

use super::paragraph_layout::{ParagraphLayout, ParagraphStyle, Section};
use crate::bidi::{self, Direction};

/// How a label takes the room it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fit {
    /// Wraps at the available width and takes all of it: a right-to-left paragraph ends at the
    /// right edge (excerpts, memos, keywords in context).
    Fill,
    /// Wraps at the available width but takes only the width its lines need (a code name in a
    /// row of widgets).
    Shrink,
    /// The first lines of the first paragraph, at most this many, the rest clipped (list rows,
    /// keywords in context).
    Lines(usize),
}

/// A text set with bidirectional layout, or egui's label for plain left-to-right text.
pub struct BidiLabel {
    job: LayoutJob,
    direction: Direction,
    fit: Fit,
    sense: Sense,
}

impl BidiLabel {
    /// `job`'s text and formats (its wrapping is set here), paragraphs directed by
    /// `direction`, taking room as `fit` says.
    pub fn new(job: LayoutJob, direction: Direction, fit: Fit) -> Self {
        Self {
            job,
            direction,
            fit,
            sense: Sense::hover(),
        }
    }

    /// Senses clicks (or what `sense` says) as egui's label does.
    pub fn sense(mut self, sense: Sense) -> Self {
        self.sense = sense;
        self
    }

    /// Adds the label to `ui`.
    pub fn show(self, ui: &mut Ui) -> Response {
        let Self {
            mut job,
            direction,
            fit,
            sense,
        } = self;
        if direction != Direction::RightToLeft && bidi::is_plain_left_to_right(&job.text) {
            job.wrap.max_width = f32::INFINITY;
            if let Fit::Lines(n) = fit {
                job.wrap.max_rows = n;
            }
            let label = egui::Label::new(job).sense(sense);
            return ui.add(if fit == Fit::Lines(1) {
                label.truncate()
            } else {
                label.wrap()
            });
        }
        // Right-to-left lines end at the right edge: keep them clear of a floating scroll bar.
        let scroll = &ui.spacing().scroll;
        let inset = scroll.bar_width + scroll.bar_outer_margin;
        let width = (ui.available_width() - inset).max(1.0);
        let set = laid_out(ui, &job, direction, fit, width);
        let (rect, response) = ui.allocate_exact_size(set.size, sense);
        if ui.is_rect_visible(rect) {
            let painter = ui.painter_at(rect);
            let mut y = rect.top();
            for layout in &set.paragraphs {
                let origin = egui::pos2(rect.left() - set.shift, y);
                layout.paint(&painter, origin, &[]);
                y += layout.size().y;
            }
        }
        let text = job.text.clone();
        response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, ui.is_enabled(), &text));
        response
    }
}

/// A text's paragraphs laid out: the room they take, and how far left of the room's edge they
/// are painted (a shrunk right-to-left text is laid out at the full width, then moved).
struct Set {
    paragraphs: Vec<ParagraphLayout>,
    size: Vec2,
    shift: f32,
}

/// What was laid out, kept while it is shown: by a hash of what it was laid out from.
struct Cache<T> {
    entries: HashMap<u64, (u64, Arc<T>)>,
}

impl<T> Clone for Cache<T> {
    fn clone(&self) -> Self {
        Self {
            entries: self.entries.clone(),
        }
    }
}

impl<T> Default for Cache<T> {
    fn default() -> Self {
        Self {
            entries: HashMap::new(),
        }
    }
}

/// Frames a layout stays in the cache after it was last shown.
const KEEP_FRAMES: u64 = 120;

/// The cached value for `key` (a hash of everything `make` reads), or `make`'s, kept.
fn cached<T: Send + Sync + 'static>(
    ctx: &egui::Context,
    key: impl std::hash::Hash,
    make: impl FnOnce() -> T,
) -> Arc<T> {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut hasher);
    ctx.pixels_per_point().to_bits().hash(&mut hasher);
    let key = hasher.finish();
    let frame = ctx.cumulative_frame_nr();
    let cache_id = egui::Id::unique(("bidi-label-cache", std::any::type_name::<T>()));
    let found = ctx.data_mut(|d| {
        let cache = d.get_temp_mut_or_default::<Cache<T>>(cache_id);
        cache.entries.get_mut(&key).map(|entry| {
            entry.0 = frame;
            Arc::clone(&entry.1)
        })
    });
    if let Some(value) = found {
        return value;
    }
    let value = Arc::new(make());
    ctx.data_mut(|d| {
        let cache = d.get_temp_mut_or_default::<Cache<T>>(cache_id);
        cache
            .entries
            .retain(|_, (shown, _)| frame.saturating_sub(*shown) <= KEEP_FRAMES);
        cache.entries.insert(key, (frame, Arc::clone(&value)));
    });
    value
}

fn laid_out(ui: &Ui, job: &LayoutJob, direction: Direction, fit: Fit, width: f32) -> Arc<Set> {
    cached(ui.ctx(), (job, direction, fit, width.to_bits()), || {
        lay_out(ui, job, direction, fit, width)
    })
}

/// One line of `text` in `format`, set in its own direction, as wide as its content, cut with
/// an ellipsis to fit `max_width` (the reading view's margin labels).
pub fn line_galley(
    ctx: &egui::Context,
    text: &str,
    format: &egui::text::TextFormat,
    max_width: f32,
) -> Arc<egui::Galley> {
    let made = cached(ctx, ("line", text, format, max_width.to_bits()), || {
        let chars: Vec<char> = text.chars().collect();
        let mut keep = chars.len();
        loop {
            let shown = if keep == chars.len() {
                text.to_owned()
            } else {
                let cut: String = chars[..keep].iter().collect();
                format!("{}…", cut.trim_end())
            };
            let one_line = |width: f32| {
                let style = ParagraphStyle {
                    width,
                    format: format.clone(),
                    direction: Direction::Auto,
                };
                ParagraphLayout::build(ctx, &shown, &style, &[])
            };
            let natural = one_line(100_000.0);
            let (left, right) = natural
                .rects(0..natural.char_count())
                .iter()
                .fold((f32::INFINITY, f32::NEG_INFINITY), |(l, r), b| {
                    (l.min(b.left()), r.max(b.right()))
                });
            let width = if left <= right { right - left } else { 0.0 };
            if width <= max_width || keep == 0 {
                let fitted = one_line(width.ceil().max(1.0));
                if let Some(galley) = fitted.galley() {
                    return Arc::clone(galley);
                }
                return ctx.fonts_mut(|f| {
                    f.layout_job(LayoutJob::single_section(String::new(), format.clone()))
                });
            }
            keep = keep.saturating_sub(2);
        }
    });
    Arc::clone(&made)
}

/// The chars of `job`'s text split at `\n` into paragraphs, each with the job's sections that
/// fall in it (char offsets into the paragraph).
fn paragraphs(job: &LayoutJob) -> Vec<(String, Vec<Section>)> {
    let mut out = Vec::new();
    let mut start_byte = 0usize;
    let text = &job.text;
    for piece in text.split('\n') {
        let end_byte = start_byte + piece.len();
        let mut sections = Vec::new();
        for section in &job.sections {
            let (b0, b1) = (section.byte_range.start.0, section.byte_range.end.0);
            let (s, e) = (b0.max(start_byte), b1.min(end_byte));
            if s >= e {
                continue;
            }
            let from = text[start_byte..s].chars().count();
            let to = from + text[s..e].chars().count();
            sections.push(Section {
                range: from..to,
                format: section.format.clone(),
            });
        }
        out.push((piece.to_owned(), sections));
        start_byte = end_byte + 1;
    }
    out
}

fn lay_out(ui: &Ui, job: &LayoutJob, direction: Direction, fit: Fit, width: f32) -> Set {
    let mut pieces = paragraphs(job);
    if matches!(fit, Fit::Lines(_)) {
        pieces.truncate(1);
    }
    let format = job.sections.first().map_or_else(
        || egui::text::TextFormat {
            font_id: egui::TextStyle::Body.resolve(ui.style()),
            color: ui.visuals().text_color(),
            ..Default::default()
        },
        |s| s.format.clone(),
    );
    let style = ParagraphStyle {
        width,
        format,
        direction,
    };
    let paragraphs: Vec<ParagraphLayout> = pieces
        .iter()
        .map(|(text, sections)| ParagraphLayout::build(ui.ctx(), text, &style, sections))
        .collect();
    let height = |layouts: &[ParagraphLayout]| -> f32 {
        if let Fit::Lines(n) = fit {
            layouts.first().map_or(0.0, |l| {
                (0..n.min(l.line_count()))
                    .filter_map(|line| l.line_rect(line))
                    .map(|r| r.height())
                    .sum()
            })
        } else {
            layouts.iter().map(|l| l.size().y).sum()
        }
    };
    let size_y = height(&paragraphs);
    if fit != Fit::Shrink {
        return Set {
            size: vec2(width, size_y),
            shift: 0.0,
            paragraphs,
        };
    }
    // The narrowest room that holds every line as it is wrapped, and where it starts.
    let (mut left, mut right) = (f32::INFINITY, f32::NEG_INFINITY);
    for layout in &paragraphs {
        for line in 0..layout.line_count() {
            if let Some(range) = layout.line_range(line) {
                for r in layout.rects(range) {
                    left = left.min(r.left());
                    right = right.max(r.right());
                }
            }
        }
    }
    if left > right {
        return Set {
            size: vec2(0.0, size_y),
            shift: 0.0,
            paragraphs,
        };
    }
    Set {
        size: vec2((right - left).ceil(), size_y),
        shift: left,
        paragraphs,
    }
}

/// A code's name or path (a code may be named in Arabic script) as a label in the body text
/// style, as wide as it needs.
pub fn code_name(ui: &mut Ui, name: &str) -> Response {
    let format = egui::text::TextFormat {
        font_id: egui::TextStyle::Body.resolve(ui.style()),
        color: ui.visuals().text_color(),
        ..Default::default()
    };
    BidiLabel::new(
        LayoutJob::single_section(name.to_owned(), format),
        Direction::Auto,
        Fit::Shrink,
    )
    .show(ui)
}

/// Paints one line of `text` in `format`, set in its own direction, starting at `left` and
/// vertically centred on `center_y`, clipped to `max_width` (for rows painted by hand, such as
/// the code tree's). A text that wraps shows its first line.
pub fn paint_line(
    ui: &Ui,
    painter: &egui::Painter,
    left: f32,
    center_y: f32,
    text: &str,
    format: egui::text::TextFormat,
    max_width: f32,
) {
    let job = LayoutJob::single_section(text.to_owned(), format);
    let set = laid_out(ui, &job, Direction::Auto, Fit::Shrink, max_width.max(1.0));
    let Some(first) = set.paragraphs.first() else {
        return;
    };
    let height = first.line_rect(0).map_or(0.0, |r| r.height());
    let top = center_y - height / 2.0;
    let clip = egui::Rect::from_min_size(
        egui::pos2(left, top),
        vec2(set.size.x.min(max_width), height),
    );
    let painter = painter.with_clip_rect(clip.intersect(painter.clip_rect()));
    first.paint(&painter, egui::pos2(left - set.shift, top), &[]);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs one frame with the system's fonts (Noto Arabic), showing what `add` adds in a
    /// 400-point-wide panel; returns the responses' rects and every painted glyph (char, left,
    /// right).
    fn frame(add: impl Fn(&mut Ui) -> Vec<Response>) -> (Vec<egui::Rect>, Vec<(char, f32, f32)>) {
        let ctx = egui::Context::default();
        crate::app::install_system_fonts(&ctx);
        let input = || egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                vec2(400.0, 600.0),
            )),
            ..Default::default()
        };
        let mut rects = Vec::new();
        let run = |rects: &mut Vec<egui::Rect>| {
            let mut out = ctx.run_ui(input(), |ui| {
                *rects = add(ui).iter().map(|r| r.rect).collect();
            });
            out.textures_delta.clear();
            out
        };
        // Fonts load in the first frame; the second is laid out with them.
        let _ = run(&mut rects);
        let out = run(&mut rects);
        let mut glyphs = Vec::new();
        for clipped in &out.shapes {
            if let egui::Shape::Text(t) = &clipped.shape {
                for row in &t.galley.rows {
                    for g in &row.row.glyphs {
                        if !g.uv_rect.is_nothing() {
                            let left = t.pos.x + row.pos.x + g.pos.x;
                            glyphs.push((g.chr, left, left + g.advance_width));
                        }
                    }
                }
            }
        }
        (rects, glyphs)
    }

    fn job(text: &str) -> LayoutJob {
        LayoutJob::single_section(
            text.to_owned(),
            egui::text::TextFormat {
                font_id: egui::FontId::proportional(14.0),
                ..Default::default()
            },
        )
    }

    fn centre(glyphs: &[(char, f32, f32)], c: char) -> f32 {
        let found: Vec<_> = glyphs.iter().filter(|g| g.0 == c).collect();
        assert_eq!(found.len(), 1, "{c:?} in {glyphs:?}");
        f32::midpoint(found[0].1, found[0].2)
    }

    #[test]
    fn a_right_to_left_text_fills_the_width_and_ends_at_its_right_side() {
        let (rects, glyphs) = frame(|ui| {
            vec![BidiLabel::new(job("ئۆتۈپ كەتتى"), Direction::Auto, Fit::Fill).show(ui)]
        });
        let rect = rects[0];
        assert!(rect.width() > 350.0, "{rect:?}");
        assert!(centre(&glyphs, 'پ') > centre(&glyphs, 'ك'), "{glyphs:?}");
        let right = glyphs.iter().map(|g| g.2).fold(f32::MIN, f32::max);
        let inset = egui::style::ScrollStyle::default().bar_width
            + egui::style::ScrollStyle::default().bar_outer_margin;
        assert!((rect.right() - right).abs() < 1.5, "{rect:?} {right}");
        assert!(
            rect.right() <= 400.0 - inset + 0.5,
            "clear of a scroll bar: {rect:?}"
        );
    }

    #[test]
    fn a_shrunk_name_takes_the_width_of_its_glyphs_and_keeps_its_order() {
        let (rects, glyphs) = frame(|ui| {
            vec![BidiLabel::new(job("ۋەتەن ۇعىمى"), Direction::Auto, Fit::Shrink).show(ui)]
        });
        let rect = rects[0];
        let left = glyphs.iter().map(|g| g.1).fold(f32::MAX, f32::min);
        let right = glyphs.iter().map(|g| g.2).fold(f32::MIN, f32::max);
        assert!(rect.width() < 150.0, "{rect:?}");
        assert!((left - rect.left()).abs() < 1.5, "{left} {rect:?}");
        assert!(right <= rect.right() + 0.5, "{right} {rect:?}");
        assert!(centre(&glyphs, 'ۋ') > centre(&glyphs, 'ۇ'), "{glyphs:?}");
    }

    #[test]
    fn plain_left_to_right_text_is_egui_s_own_label() {
        let (rects, glyphs) = frame(|ui| {
            vec![
                BidiLabel::new(job("Біз келдік"), Direction::Auto, Fit::Fill).show(ui),
                ui.add(egui::Label::new(job("Біз келдік")).wrap()),
            ]
        });
        assert_eq!(rects[0].size(), rects[1].size());
        let firsts: Vec<_> = glyphs.iter().filter(|g| g.0 == 'Б').collect();
        assert_eq!(firsts.len(), 2);
        assert!((firsts[0].1 - rects[0].left()).abs() < 0.5);
    }

    #[test]
    fn one_line_shows_the_start_of_the_text_clipped_to_one_line() {
        let long = "ئۇلار 1962-يىلى چېگرادىن ئۆتۈپ كەتتى. ".repeat(8);
        let (rects, _) = frame(|ui| {
            vec![
                BidiLabel::new(job(&long), Direction::Auto, Fit::Lines(1)).show(ui),
                BidiLabel::new(job(&long), Direction::Auto, Fit::Lines(2)).show(ui),
                BidiLabel::new(job(&long), Direction::Auto, Fit::Fill).show(ui),
            ]
        });
        let one = rects[0].height();
        assert!(one > 10.0 && one < 30.0, "{rects:?}");
        assert!((rects[1].height() - 2.0 * one).abs() < 2.0, "{rects:?}");
        assert!(rects[2].height() > 3.0 * one, "{rects:?}");
    }

    #[test]
    fn a_margin_label_is_cut_with_an_ellipsis_to_fit() {
        let ctx = egui::Context::default();
        crate::app::install_system_fonts(&ctx);
        let mut out = ctx.run_ui(egui::RawInput::default(), |_| {});
        out.textures_delta.clear();
        let format = egui::text::TextFormat {
            font_id: egui::FontId::proportional(11.0),
            ..Default::default()
        };
        let name = "ۋەتەن ۇعىمى تۋرالى ويلار";
        let whole = line_galley(&ctx, name, &format, 1000.0);
        let cut = line_galley(&ctx, name, &format, whole.rect.width() / 2.0);
        assert!(cut.rect.width() <= whole.rect.width() / 2.0 + 0.5);
        let chars: String = cut
            .rows
            .iter()
            .flat_map(|r| r.row.glyphs.iter().map(|g| g.chr))
            .collect();
        assert!(chars.contains('…') && chars.contains('ۋ'), "{chars}");
        assert!(!chars.contains('ل'), "the last word is cut: {chars}");
    }
}
