//! Painting the visible paragraphs: paragraph numbers, code washes (nested codings as nested
//! bands, each band one even height per line), the selection, the text, the selected coding's
//! outline with its handles, the caret, the stripes in the gutter on the paragraph's start side
//! (left for left-to-right paragraphs, right for right-to-left ones) and the code names beside
//! them (stacked where several codings start on one line).

use std::sync::Arc;

use egui::{Align2, Color32, Galley, Rect, Stroke, Ui, pos2, vec2};

use super::layout::Geometry;
use super::{DocumentView, DragMode};
use crate::app::paragraph_layout::{ParagraphLayout, Side};
use crate::app::theme;
use crate::app::view_models::DocumentModel;
use crate::domain::TextRange;

/// How far each nesting level insets its band from the line's top and bottom.
const NEST_INSET: f32 = 2.5;
/// Nesting deeper than this is drawn at this depth, so no band's edge ever crosses the letters
/// (the stripes and their names tell the deeper codes apart).
const MAX_NEST: usize = 2;

/// For each coding of a paragraph (indices into the model's codings), how many others of the
/// paragraph hold it: 0 for the outermost. Equal ranges nest by their order.
fn nesting(model: &DocumentModel, members: &[usize]) -> Vec<usize> {
    members
        .iter()
        .map(|&ci| {
            let c = &model.codings[ci];
            members
                .iter()
                .filter(|&&oi| {
                    let o = &model.codings[oi];
                    oi != ci
                        && o.range.start <= c.range.start
                        && o.range.end >= c.range.end
                        && (o.range != c.range || oi < ci)
                })
                .count()
        })
        .collect()
}

impl DocumentView {
    /// Paints every visible paragraph and records where stripes, labels and handles went.
    pub(super) fn paint(
        &mut self,
        ui: &Ui,
        model: &DocumentModel,
        visible: &[usize],
        g: &Geometry,
        focused: bool,
    ) {
        let painter = ui.painter().clone();
        let visuals = ui.visuals().clone();
        let dark = visuals.dark_mode;
        self.drawn.clear();
        self.stripes.clear();
        self.labels.clear();
        self.washes.clear();
        self.handles.clear();
        let selection = self.selected_range();
        let outlined: Option<TextRange> = match self.drag {
            DragMode::Resizing { preview, .. } => Some(preview),
            _ => self
                .selected_coding
                .and_then(|id| model.coding(id))
                .map(|c| c.range),
        };
        let mut last_label_bottom = f32::NEG_INFINITY;
        let mut last_right_label_bottom = f32::NEG_INFINITY;
        let gap = self.gap();
        let top = g.top;
        for &i in visible {
            let Some(layout) = self.layouts.get(&i).cloned() else {
                continue;
            };
            let para = model.paragraphs[i];
            let origin = pos2(g.text_left, top + self.tops[i]);
            self.drawn.push((i, origin));
            let para_rect = Rect::from_min_size(origin, layout.size());
            let right_side = layout.start_side() == Side::Right;
            let local = |r: TextRange| {
                (
                    r.start.max(para.range.start) - para.range.start,
                    r.end.min(para.range.end).max(r.start.max(para.range.start)) - para.range.start,
                )
            };

            painter.text(
                pos2(g.left, origin.y + 2.0),
                Align2::LEFT_TOP,
                format!("¶{}", i + 1),
                theme::small_font(),
                theme::secondary(&visuals),
            );

            self.paint_highlights(&painter, &layout, origin, para.range, dark);
            // Washes: outer codings first, each nesting level an inset band over the last.
            let members = &model.by_paragraph[i];
            let depths = nesting(model, members);
            // A coding that overlaps another gets a thin edge in its colour, so each band of an
            // overlap can be told apart.
            let overlapped: Vec<bool> = members
                .iter()
                .map(|&ci| {
                    members.iter().any(|&oi| {
                        oi != ci && model.codings[oi].range.overlaps(&model.codings[ci].range)
                    })
                })
                .collect();
            let mut order: Vec<usize> = (0..members.len()).collect();
            order.sort_by_key(|&k| (depths[k], model.codings[members[k]].range.start));
            for k in order {
                let c = &model.codings[members[k]];
                let color = model.looks.get(&c.code).map_or(Color32::GRAY, |l| l.color);
                let inset = NEST_INSET * depths[k].min(MAX_NEST) as f32;
                let (a, b) = local(c.range);
                for r in layout.rects(a..b) {
                    let band = r.translate(origin.to_vec2());
                    let band = Rect::from_min_max(
                        pos2(band.left(), band.top() + inset),
                        pos2(
                            band.right(),
                            (band.bottom() - inset).max(band.top() + inset + 2.0),
                        ),
                    );
                    painter.rect_filled(band, 2.0, theme::wash(color, dark));
                    if overlapped[k] {
                        painter.rect_stroke(
                            band,
                            2.0,
                            Stroke::new(1.0, theme::wash_edge(color, dark)),
                            egui::StrokeKind::Inside,
                        );
                    }
                    self.washes.push((band, members[k]));
                }
            }

            if let Some(sel) = selection
                && sel.overlaps(&para.range)
            {
                let (a, b) = local(sel);
                for r in layout.rects(a..b) {
                    painter.rect_filled(
                        r.translate(origin.to_vec2()),
                        2.0,
                        theme::selection(&visuals),
                    );
                }
            }
            layout.paint_text(&painter, origin);

            if let Some(range) = outlined
                && range.overlaps(&para.range)
            {
                self.outline(&painter, &visuals, &layout, origin, para.range, range);
            }
            if focused
                && let Some(sel) = self.selection
                && para.range.start <= sel.cursor
                && sel.cursor <= para.range.end
            {
                let r = layout.caret_rect(sel.cursor - para.range.start);
                let x = origin.x + r.left();
                painter.line_segment(
                    [pos2(x, origin.y + r.top()), pos2(x, origin.y + r.bottom())],
                    Stroke::new(1.5, visuals.strong_text_color()),
                );
            }

            // Stripes in the gutter and the code names beside them.
            for &ci in members {
                let c = &model.codings[ci];
                let lane = model.lanes[ci];
                let (a, b) = local(c.range);
                let rects = layout.rects(a..b);
                let stripe_top = if c.range.start < para.range.start {
                    para_rect.top()
                } else {
                    rects
                        .first()
                        .map_or(para_rect.top(), |r| r.top() + origin.y)
                };
                let stripe_bottom =
                    if c.range.end > para.range.end && i + 1 < model.paragraphs.len() {
                        para_rect.bottom() + gap
                    } else {
                        rects
                            .last()
                            .map_or(para_rect.bottom(), |r| r.bottom() + origin.y)
                    };
                let look = model.looks.get(&c.code);
                let color = look.map_or(Color32::GRAY, |l| l.color);
                if lane < theme::MAX_LANES {
                    let step = lane as f32 * (theme::STRIPE_WIDTH + theme::STRIPE_GAP);
                    // Lane 0 is the outermost on the left and the innermost on the right, so the
                    // right gutter mirrors the left one.
                    let x = if right_side {
                        g.right_lanes_left + step
                    } else {
                        g.lanes_left + step
                    };
                    let stripe = Rect::from_min_max(
                        pos2(x, stripe_top),
                        pos2(x + theme::STRIPE_WIDTH, stripe_bottom),
                    );
                    theme::paint_stripe(&painter, stripe, color, model.coder_pattern(ci));
                    if self.selected_coding == Some(c.id) {
                        painter.rect_stroke(
                            stripe.expand(1.5),
                            2.0,
                            Stroke::new(1.5, visuals.strong_text_color()),
                            egui::StrokeKind::Outside,
                        );
                    }
                    self.stripes.push((stripe.expand2(vec2(1.0, 0.0)), ci));
                }
                let labels_right_side = right_side && g.right_label_width > 0.0;
                let label_width = if labels_right_side {
                    g.right_label_width
                } else {
                    g.label_width
                };
                if label_width > 0.0 && c.range.start >= para.range.start {
                    let name = look.map_or("", |l| l.name.as_str());
                    let text_color = theme::code_text(color, &visuals);
                    let label = fitted_label(&painter, name, text_color, label_width - 6.0);
                    let last = if labels_right_side {
                        &mut last_right_label_bottom
                    } else {
                        &mut last_label_bottom
                    };
                    let y = stripe_top.max(*last);
                    let x = if labels_right_side {
                        g.right_labels_left
                    } else {
                        g.labels_right - label.rect.width()
                    };
                    let rect = Rect::from_min_size(pos2(x, y), label.rect.size());
                    *last = rect.bottom() + 1.0;
                    painter.galley(rect.min, label, text_color);
                    self.labels.push((rect, ci));
                }
            }
        }
    }

    /// The outline around the selected coding's part in one paragraph, with grab handles at its
    /// ends.
    fn outline(
        &mut self,
        painter: &egui::Painter,
        visuals: &egui::Visuals,
        layout: &ParagraphLayout,
        origin: egui::Pos2,
        para: TextRange,
        range: TextRange,
    ) {
        let a = range.start.max(para.start) - para.start;
        let b = range.end.min(para.end) - para.start;
        let rects = layout.rects(a..b);
        for r in &rects {
            painter.rect_stroke(
                r.translate(origin.to_vec2()).expand(1.0),
                2.0,
                theme::selected_outline(visuals),
                egui::StrokeKind::Outside,
            );
        }
        // The handles stand where a caret at the coding's start and end would (on the right of
        // a right-to-left word); where that caret is on another line (a coding ending where a
        // line wraps), at the edge of the coding's first or last box on its reading side.
        let rtl = layout.is_rtl();
        let ends = [
            (false, a, rects.first(), range.start >= para.start),
            (true, b, rects.last(), range.end <= para.end),
        ];
        for (end, at, boxed, inside) in ends {
            let (Some(boxed), true) = (boxed, inside) else {
                continue;
            };
            let caret = layout.caret_rect(at);
            let x = if (boxed.top()..=boxed.bottom()).contains(&caret.center().y) {
                caret.left()
            } else if end != rtl {
                boxed.right()
            } else {
                boxed.left()
            };
            let center = pos2(x, boxed.center().y) + origin.to_vec2();
            self.handles.push((
                Rect::from_center_size(center, vec2(8.0, boxed.height())),
                end,
            ));
        }
    }
}

/// A one-line label for `name` no wider than `max_width`, cut with an ellipsis if needed; a
/// name in a right-to-left script is set in its direction.
fn fitted_label(
    painter: &egui::Painter,
    name: &str,
    color: Color32,
    max_width: f32,
) -> Arc<Galley> {
    if !crate::bidi::is_plain_left_to_right(name) {
        let format = egui::text::TextFormat {
            font_id: theme::small_font(),
            color,
            ..Default::default()
        };
        return crate::app::bidi_label::line_galley(painter.ctx(), name, &format, max_width);
    }
    let full = painter.layout_no_wrap(name.to_owned(), theme::small_font(), color);
    if full.rect.width() <= max_width {
        return full;
    }
    let chars: Vec<char> = name.chars().collect();
    let mut keep = chars.len();
    loop {
        keep = keep.saturating_sub(2);
        let cut: String = chars[..keep].iter().collect();
        let g = painter.layout_no_wrap(format!("{}…", cut.trim_end()), theme::small_font(), color);
        if g.rect.width() <= max_width || keep == 0 {
            return g;
        }
    }
}
