//! Search hits in the reading view: a quiet band under each hit's letters, painted before the
//! washes and the text, so codings and the selection stay readable on top of it. A hit's bands
//! come from the paragraph's [`ParagraphLayout`], as washes do: a hit across a change of
//! direction gets one band per visual run.

use egui::{Painter, Pos2, Rect, pos2};

use super::DocumentView;
use crate::app::paragraph_layout::ParagraphLayout;
use crate::app::theme;
use crate::domain::TextRange;

impl DocumentView {
    /// Highlights these passages (search hits, sorted by start) until the next call.
    pub fn set_highlights(&mut self, ranges: Vec<TextRange>) {
        self.highlights = ranges;
    }

    /// The passages highlighted now (tests).
    pub fn highlights(&self) -> &[TextRange] {
        &self.highlights
    }

    /// Paints the highlights that fall in one paragraph (`para`, laid out as `layout` at
    /// `origin`); a binary search finds the first, so a paragraph costs only its own hits.
    pub(super) fn paint_highlights(
        &self,
        painter: &Painter,
        layout: &ParagraphLayout,
        origin: Pos2,
        para: TextRange,
        dark: bool,
    ) {
        let first = self.highlights.partition_point(|h| h.end <= para.start);
        for hit in self.highlights[first..]
            .iter()
            .take_while(|h| h.start < para.end)
        {
            let a = hit.start.max(para.start) - para.start;
            let b = hit.end.min(para.end).max(hit.start.max(para.start)) - para.start;
            for r in layout.rects(a..b) {
                let r = r.translate(origin.to_vec2());
                let band = Rect::from_min_max(
                    pos2(r.left() - 1.0, r.top()),
                    pos2(r.right() + 1.0, r.bottom()),
                );
                painter.rect_filled(band, 2.0, theme::search_hit(dark));
            }
        }
    }
}
