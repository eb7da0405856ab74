//! The reading view's geometry and layout: where the column and the margins go, paragraph
//! layouts (built from the text and the document's direction alone, so codings never force a
//! new layout), their heights, and which paragraphs are visible.
//!
//! Every paragraph is set by [`ParagraphLayout`] (the Unicode Bidirectional Algorithm over egui
//! galleys), not only those with right-to-left letters: one path for hit tests, carets, washes
//! and arrow keys, the same for every script, and a document set right to left moves every
//! paragraph to the right edge (see `benches/window.rs` for its cost).

use std::borrow::Cow;
use std::sync::Arc;

use egui::text::TextFormat;
use egui::{Rect, Ui};

use super::DocumentView;
use crate::app::paragraph_layout::{ParagraphLayout, ParagraphStyle};
use crate::app::theme;
use crate::app::view_models::DocumentModel;

/// Where things go across the reading view. The stripe gutters are always reserved (left of
/// the column for left-to-right paragraphs, right of it for right-to-left ones), so the text
/// never shifts when a document gets its first coding; the label margin shrinks (to nothing on
/// a narrow window, where the stripes still name their codes on hover) before the text column
/// drops below a readable measure.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Geometry {
    /// Top of the content (the first paragraph's top).
    pub top: f32,
    /// Left edge of the paragraph numbers.
    pub left: f32,
    /// Width of the code-name labels (0 when they are hidden).
    pub label_width: f32,
    /// Right edge of the labels.
    pub labels_right: f32,
    /// Left edge of the first stripe lane.
    pub lanes_left: f32,
    /// Left edge of the text column.
    pub text_left: f32,
    /// Width of the text column.
    pub width: f32,
    /// Left edge of the right-hand stripe gutter (stripes of right-to-left paragraphs; its
    /// first lane is the one nearest the text).
    pub right_lanes_left: f32,
    /// Left edge of the labels beside the right-hand gutter.
    pub right_labels_left: f32,
    /// Width of those labels (0 when there is no room: the left labels are used instead).
    pub right_label_width: f32,
}

/// Space between the margin's parts and around the column.
const PAD: f32 = 6.0;

impl Geometry {
    /// The widths for a view `available` points wide at `font_size`.
    pub fn compute(available: f32, font_size: f32) -> Geometry {
        let fixed = theme::PARAGRAPH_NUMBER_WIDTH + 2.0 * theme::stripe_gutter() + 5.0 * PAD;
        let rest = (available - fixed).max(120.0);
        let desired = font_size * theme::READING_WIDTH_EMS;
        let minimum = font_size * theme::MIN_READING_WIDTH_EMS;
        let mut label = (rest - desired).clamp(theme::MIN_LABEL_WIDTH, theme::STRIPE_LABEL_WIDTH);
        let mut width = desired.min(rest - label);
        if width < minimum {
            label = (rest - minimum).clamp(0.0, theme::STRIPE_LABEL_WIDTH);
            if label < theme::MIN_LABEL_WIDTH {
                label = 0.0;
            }
            width = (rest - label).max(120.0);
        }
        Geometry {
            top: 0.0,
            left: 0.0,
            label_width: label,
            labels_right: 0.0,
            lanes_left: 0.0,
            text_left: 0.0,
            width,
            right_lanes_left: 0.0,
            right_labels_left: 0.0,
            right_label_width: 0.0,
        }
    }

    /// The same widths placed in a content rectangle starting at `left`, centred in
    /// `available`.
    #[must_use]
    pub fn placed(self, left: f32, top: f32, available: f32) -> Geometry {
        let margin = theme::PARAGRAPH_NUMBER_WIDTH
            + self.label_width
            + 2.0 * theme::stripe_gutter()
            + 4.0 * PAD;
        let start = left + ((available - margin - self.width) / 2.0).max(PAD);
        let labels_right = start + theme::PARAGRAPH_NUMBER_WIDTH + self.label_width;
        let lanes_left = labels_right + PAD;
        let text_left = lanes_left + theme::stripe_gutter() + PAD;
        let right_lanes_left = text_left + self.width + PAD;
        let right_labels_left = right_lanes_left + theme::stripe_gutter() + PAD;
        let room = left + available - PAD - right_labels_left;
        let right_label_width = if room >= theme::MIN_LABEL_WIDTH {
            room.min(theme::STRIPE_LABEL_WIDTH)
        } else {
            0.0
        };
        Geometry {
            top,
            left: start,
            labels_right,
            lanes_left,
            text_left,
            right_lanes_left,
            right_labels_left,
            right_label_width,
            ..self
        }
    }
}

impl DocumentView {
    pub(super) fn row_height(&self) -> f32 {
        self.font_size * theme::LINE_HEIGHT
    }

    pub(super) fn gap(&self) -> f32 {
        self.font_size * theme::PARAGRAPH_GAP_EMS
    }

    fn estimate(&self, model: &DocumentModel, i: usize, width: f32) -> f32 {
        let p = model.paragraphs[i];
        let chars = p.range.len() as f32;
        let per_line = (width / (self.font_size * 0.47)).max(10.0);
        let breaks = if self.reflow {
            0.0
        } else {
            model.paragraph_text(i).matches('\n').count() as f32
        };
        ((chars / per_line).ceil() + breaks).max(1.0) * self.row_height()
    }

    fn rebuild_tops(&mut self) {
        let gap = self.gap();
        self.tops.clear();
        self.tops.reserve(self.heights.len() + 1);
        let mut y = 0.0;
        for h in &self.heights {
            self.tops.push(y);
            y += h + gap;
        }
        self.tops.push(y);
        self.tops_dirty = false;
    }

    /// Drops cached layouts when what they depend on changed, and keeps heights and tops in
    /// step with the paragraphs.
    pub(super) fn prepare(&mut self, ui: &Ui, model: &DocumentModel, width: f32) {
        let key = super::LayoutKey {
            width,
            font_size: self.font_size,
            dark: ui.visuals().dark_mode,
            reflow: self.reflow,
            direction: model.direction,
        };
        if self.key != Some(key) || self.heights.len() != model.paragraphs.len() {
            let relayout = self.key.is_none_or(|k| {
                k.width.to_bits() != key.width.to_bits()
                    || k.font_size.to_bits() != key.font_size.to_bits()
                    || k.reflow != key.reflow
                    || k.direction != key.direction
            });
            self.layouts.clear();
            if relayout || self.heights.len() != model.paragraphs.len() {
                self.heights = (0..model.paragraphs.len())
                    .map(|i| self.estimate(model, i, width))
                    .collect();
                self.measured = vec![false; model.paragraphs.len()];
                self.tops_dirty = true;
            }
            self.key = Some(key);
        }
        if self.tops_dirty {
            self.rebuild_tops();
        }
    }

    /// One paragraph's layout: its text in the reading font, wrapped to the column, in the
    /// document's direction.
    pub(super) fn layout(
        &mut self,
        ui: &Ui,
        model: &DocumentModel,
        i: usize,
        width: f32,
    ) -> Arc<ParagraphLayout> {
        self.laid_out += 1;
        let text = model.paragraph_text(i);
        let style = ParagraphStyle {
            width,
            format: TextFormat {
                font_id: theme::reading_font(self.font_size),
                line_height: Some(self.row_height()),
                color: theme::body_text(ui.visuals()),
                ..Default::default()
            },
            direction: model.direction,
        };
        // A line break and a space are both one character: offsets stay the same.
        let shown = if self.reflow {
            Cow::Owned(text.replace('\n', " "))
        } else {
            Cow::Borrowed(text)
        };
        Arc::new(ParagraphLayout::build(ui.ctx(), &shown, &style, &[]))
    }

    /// The layout of paragraph `i`, laid out now if it was not cached (keyboard movement can
    /// reach paragraphs off screen).
    pub(super) fn paragraph(
        &mut self,
        ui: &Ui,
        model: &DocumentModel,
        i: usize,
    ) -> Arc<ParagraphLayout> {
        if let Some(g) = self.layouts.get(&i) {
            return g.clone();
        }
        let width = self.key.map_or(400.0, |k| k.width);
        let g = self.layout(ui, model, i, width);
        self.layouts.insert(i, g.clone());
        g
    }

    /// Lays out the paragraphs in `viewport` (measured heights replace estimates) and returns
    /// their indices.
    pub(super) fn lay_out_visible(
        &mut self,
        ui: &Ui,
        model: &DocumentModel,
        viewport: Rect,
        width: f32,
    ) -> Vec<usize> {
        let first = self
            .tops
            .partition_point(|&t| t <= viewport.top())
            .saturating_sub(1);
        let mut visible = Vec::new();
        let mut i = first;
        while i < model.paragraphs.len() && self.tops[i] < viewport.bottom() {
            visible.push(i);
            i += 1;
        }
        let mut height_changed = false;
        for &i in &visible {
            if !self.layouts.contains_key(&i) {
                let g = self.layout(ui, model, i, width);
                let h = g.size().y.max(self.row_height());
                if !self.measured[i] || (self.heights[i] - h).abs() > 0.5 {
                    height_changed |= (self.heights[i] - h).abs() > 0.5;
                    self.heights[i] = h;
                    self.measured[i] = true;
                }
                self.layouts.insert(i, g);
            }
        }
        // Keep the cache bounded to what is near the screen.
        if self.layouts.len() > 600 {
            let keep_from = first.saturating_sub(200);
            let keep_to = first + visible.len() + 200;
            self.layouts.retain(|&k, _| k >= keep_from && k <= keep_to);
        }
        if height_changed {
            self.tops_dirty = true;
            ui.ctx().request_repaint();
        }
        visible
    }
}
