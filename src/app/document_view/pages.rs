//! Page marks: for a document with a page map (PDF), `p. N` in the paragraph-number column at
//! the line where page N starts, under a short rule, so a researcher can find the page a quote
//! will be cited with.

use egui::{Align2, Rect, Stroke, Ui, pos2, vec2};

use super::{DocumentView, Geometry};
use crate::app::theme;
use crate::app::view_models::DocumentModel;

impl DocumentView {
    /// Paints the marks of the pages that start in a paragraph drawn this frame, and keeps
    /// their rectangles for [`DocumentView::page_mark_rects`].
    pub(super) fn paint_page_marks(&mut self, ui: &Ui, model: &DocumentModel, g: &Geometry) {
        self.page_marks.clear();
        if model.page_marks.is_empty() {
            return;
        }
        let painter = ui.painter();
        let visuals = ui.visuals();
        let color = theme::secondary(visuals);
        let font = theme::small_font();
        let row = ui.fonts_mut(|f| f.row_height(&font));
        for &(offset, page) in &model.page_marks {
            let paragraph = model.paragraph_index(offset);
            let Some(&(_, origin)) = self.drawn.iter().find(|(i, _)| *i == paragraph) else {
                continue;
            };
            let Some(at) = self.char_screen_pos(model, offset) else {
                continue;
            };
            // The paragraph number sits on a paragraph's first line: a page starting there gets
            // its mark just under it.
            let first_line = (at.y - origin.y) < row * 1.5;
            let top = if first_line {
                origin.y + 2.0 + row + 2.0
            } else {
                at.y - row / 2.0
            };
            let rule_y = if first_line { origin.y } else { top };
            painter.line_segment(
                [
                    pos2(g.left, rule_y),
                    pos2(g.left + theme::PARAGRAPH_NUMBER_WIDTH - 6.0, rule_y),
                ],
                Stroke::new(1.0, color),
            );
            let rect = painter.text(
                pos2(g.left, top + 1.0),
                Align2::LEFT_TOP,
                format!("p. {page}"),
                font.clone(),
                color,
            );
            self.page_marks.push((
                Rect::from_min_size(rect.min, vec2(rect.width(), rect.height())),
                page,
            ));
        }
    }

    /// The page marks drawn last frame, with their page numbers (tests).
    pub fn page_mark_rects(&self) -> Vec<(Rect, usize)> {
        self.page_marks.clone()
    }
}
