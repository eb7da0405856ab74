//! The reading view: the document laid out per paragraph, with coded passages washed in their
//! code's colour, coding stripes in the margin, paragraph numbers, and mouse/keyboard selection.
//!
//! Speed: each paragraph's galley is cached and only visible paragraphs are laid out or painted.
//! Heights of paragraphs never seen are estimated from their length and replaced by the real
//! height once laid out, so opening a megabyte transcript lays out one screenful.

use std::collections::HashMap;
use std::sync::Arc;

use egui::text::{CCursor, LayoutJob, LayoutSection, TextFormat, TextWrapping};
use egui::{Align2, Color32, Galley, Id, Pos2, Rect, Sense, Stroke, Ui, pos2, vec2};

use super::Command;
use super::theme;
use super::view_models::DocumentModel;
use crate::domain::{CodingId, DocumentId, TextRange};

/// A text selection: `anchor` stays where the mouse went down, `cursor` follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    /// Character offset where the selection began.
    pub anchor: usize,
    /// Character offset where it ends now; before `anchor` when selecting backwards.
    pub cursor: usize,
}

impl Selection {
    /// The selected characters, in text order whichever way the selection was made.
    pub fn range(&self) -> TextRange {
        TextRange::new(self.anchor.min(self.cursor), self.anchor.max(self.cursor))
    }
}

/// Dragged from the document onto a code: apply that code to this passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PassageDrag {
    /// The document the passage is in.
    pub document: DocumentId,
    /// The passage: character offsets into the document's text, end exclusive.
    pub range: TextRange,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DragMode {
    None,
    Selecting,
    /// Dragging the start (`false`) or end (`true`) of the selected coding.
    Resizing {
        coding: CodingId,
        end: bool,
        preview: TextRange,
    },
    Passage,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct LayoutKey {
    width: f32,
    font_size: f32,
    dark: bool,
    reflow: bool,
    highlights: u64,
}

/// State of the reading view between frames.
#[derive(Debug)]
pub struct DocumentView {
    document: Option<DocumentId>,
    heights: Vec<f32>,
    measured: Vec<bool>,
    /// `tops[i]` is the y of paragraph `i` from the top of the content; `tops[n]` its height.
    tops: Vec<f32>,
    tops_dirty: bool,
    galleys: HashMap<usize, Arc<Galley>>,
    key: Option<LayoutKey>,
    /// Bumped by the app when codings or colours change.
    pub highlights: u64,
    /// The text selection, if the user has started one (it may be empty).
    pub selection: Option<Selection>,
    /// The coding selected by a click on its wash or stripe: shown in the inspector.
    pub selected_coding: Option<CodingId>,
    /// The reading font size, in points.
    pub font_size: f32,
    /// Show single line breaks inside a paragraph as spaces (for hard-wrapped text, e.g. from
    /// PDFs). Display only: a line break and a space are both one character, so offsets and the
    /// stored text are untouched.
    pub reflow: bool,
    drag: DragMode,
    scroll_to: Option<usize>,
    /// Screen origin of each paragraph drawn last frame (for hit tests and tests).
    drawn: Vec<(usize, Pos2)>,
    /// Stripe rectangles drawn last frame, with the coding each belongs to.
    stripes: Vec<(Rect, usize)>,
    /// The text column's screen rectangle last frame.
    column: Rect,
}

impl Default for DocumentView {
    fn default() -> Self {
        Self {
            document: None,
            heights: Vec::new(),
            measured: Vec::new(),
            tops: Vec::new(),
            tops_dirty: true,
            galleys: HashMap::new(),
            key: None,
            highlights: 0,
            selection: None,
            selected_coding: None,
            font_size: theme::DEFAULT_FONT_SIZE,
            reflow: false,
            drag: DragMode::None,
            scroll_to: None,
            drawn: Vec::new(),
            stripes: Vec::new(),
            column: Rect::NOTHING,
        }
    }
}

/// Rectangles (galley coordinates) covering chars `a..b` of a galley, one per row.
fn range_rects(galley: &Galley, a: usize, b: usize) -> Vec<Rect> {
    let mut rects = Vec::new();
    let mut row_start = 0usize;
    for row in &galley.rows {
        let glyphs = row.row.glyphs.len();
        let row_end = row_start + glyphs;
        let from = a.max(row_start);
        let to = b.min(row_end);
        if from < to || (a == b && a >= row_start && a <= row_end) {
            let x0 = row.pos.x + row.row.x_offset(egui::text::CharIndex(from - row_start));
            let x1 = row.pos.x
                + row
                    .row
                    .x_offset(egui::text::CharIndex(to.max(from) - row_start));
            rects.push(Rect::from_min_max(
                pos2(x0, row.min_y()),
                pos2(x1.max(x0 + 1.0), row.max_y()),
            ));
        }
        row_start = row_end + usize::from(row.ends_with_newline);
        if row_start > b {
            break;
        }
    }
    rects
}

impl DocumentView {
    /// Forgets layout and selection when another document opens.
    pub fn show_document(&mut self, id: Option<DocumentId>) {
        if self.document != id {
            self.document = id;
            self.heights.clear();
            self.measured.clear();
            self.galleys.clear();
            self.tops_dirty = true;
            self.selection = None;
            self.selected_coding = None;
            self.drag = DragMode::None;
            self.key = None;
        }
    }

    /// The selected text range, if any characters are selected.
    pub fn selected_range(&self) -> Option<TextRange> {
        self.selection.map(|s| s.range()).filter(|r| !r.is_empty())
    }

    /// Selects `range` and scrolls it into view.
    pub fn select(&mut self, range: TextRange) {
        self.selection = Some(Selection {
            anchor: range.start,
            cursor: range.end,
        });
        self.scroll_to = Some(range.start);
    }

    /// Scrolls so that char `offset` is visible.
    pub fn reveal(&mut self, offset: usize) {
        self.scroll_to = Some(offset);
    }

    /// Screen position of char `offset` as drawn last frame (its left edge, mid-row), if it was
    /// visible. Tests use it to drag-select by pointer like a person would.
    pub fn char_screen_pos(&self, model: &DocumentModel, offset: usize) -> Option<Pos2> {
        let p = model.paragraph_index(offset);
        let (_, origin) = self.drawn.iter().find(|(i, _)| *i == p)?;
        let galley = self.galleys.get(&p)?;
        let local = offset.checked_sub(model.paragraphs[p].range.start)?;
        let r = galley.pos_from_cursor(CCursor::new(local));
        Some(*origin + vec2(r.left(), r.center().y))
    }

    fn row_height(&self) -> f32 {
        self.font_size * theme::LINE_HEIGHT
    }

    fn gap(&self) -> f32 {
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

    fn layout(&self, ui: &Ui, model: &DocumentModel, i: usize, width: f32) -> Arc<Galley> {
        let para = model.paragraphs[i];
        let text = model.paragraph_text(i);
        let dark = ui.visuals().dark_mode;
        let format = TextFormat {
            font_id: theme::reading_font(self.font_size),
            line_height: Some(self.row_height()),
            color: ui.visuals().text_color(),
            ..Default::default()
        };
        // Byte offset of every char boundary in the paragraph.
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        let len = bytes.len() - 1;
        let local: Vec<(usize, usize, usize)> = model.by_paragraph[i]
            .iter()
            .map(|&ci| {
                let c = &model.codings[ci];
                (
                    c.range.start.saturating_sub(para.range.start).min(len),
                    c.range.end.saturating_sub(para.range.start).min(len),
                    ci,
                )
            })
            .filter(|(a, b, _)| a < b)
            .collect();
        let mut cuts: Vec<usize> = vec![0, len];
        for (a, b, _) in &local {
            cuts.push(*a);
            cuts.push(*b);
        }
        cuts.sort_unstable();
        cuts.dedup();
        let mut sections = Vec::with_capacity(cuts.len());
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            let mut depth = 0;
            let mut innermost: Option<(usize, usize)> = None;
            for (s, e, ci) in &local {
                if *s <= a && *e >= b {
                    depth += 1;
                    let span = e - s;
                    if innermost.is_none_or(|(best, _)| span < best) {
                        innermost = Some((span, *ci));
                    }
                }
            }
            let mut fmt = format.clone();
            if let Some((_, ci)) = innermost {
                let color = model
                    .looks
                    .get(&model.codings[ci].code)
                    .map_or(Color32::GRAY, |l| l.color);
                fmt.background = theme::wash(color, depth, dark);
            }
            sections.push(LayoutSection {
                leading_space: 0.0,
                byte_range: egui::text::ByteIndex(bytes[a])..egui::text::ByteIndex(bytes[b]),
                format: fmt,
            });
        }
        let shown = if self.reflow {
            text.replace('\n', " ")
        } else {
            text.to_owned()
        };
        let job = LayoutJob {
            text: shown,
            sections,
            wrap: TextWrapping {
                max_width: width,
                ..Default::default()
            },
            break_on_newline: true,
            ..Default::default()
        };
        ui.painter().layout_job(job)
    }

    fn hit(&self, model: &DocumentModel, pos: Pos2) -> Option<usize> {
        let column = self.column;
        // Find the drawn paragraph at this height (or the nearest one).
        let mut best: Option<(f32, usize, Pos2)> = None;
        for &(i, origin) in &self.drawn {
            let galley = self.galleys.get(&i)?;
            let top = origin.y;
            let bottom = origin.y + galley.rect.height();
            let dist = if pos.y < top {
                top - pos.y
            } else if pos.y > bottom {
                pos.y - bottom
            } else {
                0.0
            };
            if best.is_none_or(|(d, _, _)| dist < d) {
                best = Some((dist, i, origin));
            }
        }
        let (_, i, origin) = best?;
        let galley = self.galleys.get(&i)?;
        let x = pos.x.clamp(column.left(), column.right() + 1.0);
        let local = galley.cursor_from_pos(pos2(x, pos.y) - origin).index.0;
        Some(model.paragraphs[i].range.start + local)
    }

    /// Draws the document and handles selection. Commands go to `out`.
    pub fn ui(&mut self, ui: &mut Ui, model: &DocumentModel, out: &mut Vec<Command>) {
        self.show_document(Some(model.id));
        let dark = ui.visuals().dark_mode;
        let lanes = model.lane_count.min(theme::MAX_LANES);
        let lanes_width = lanes as f32 * (theme::STRIPE_WIDTH + theme::STRIPE_GAP);
        let margin = theme::PARAGRAPH_NUMBER_WIDTH + theme::STRIPE_LABEL_WIDTH + lanes_width + 14.0;
        let available = ui.available_width();
        let width = (available - margin - 24.0)
            .min(self.font_size * theme::READING_WIDTH_EMS)
            .max(120.0);
        let key = LayoutKey {
            width,
            font_size: self.font_size,
            dark,
            reflow: self.reflow,
            highlights: self.highlights,
        };
        if self.key != Some(key) {
            let relayout = self.key.is_none_or(|k| {
                k.width.to_bits() != key.width.to_bits()
                    || k.font_size.to_bits() != key.font_size.to_bits()
                    || k.reflow != key.reflow
            });
            self.galleys.clear();
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
        let total = self.tops.last().copied().unwrap_or(0.0) + 40.0;

        let mut scroll = egui::ScrollArea::vertical()
            .id_salt(("document", model.id.0))
            .auto_shrink([false, false])
            .scroll_source(
                egui::scroll_area::ScrollSource::SCROLL_BAR
                    | egui::scroll_area::ScrollSource::MOUSE_WHEEL,
            );
        if let Some(offset) = self.scroll_to.take() {
            let p = model.paragraph_index(offset);
            let y = self.tops.get(p).copied().unwrap_or(0.0);
            scroll = scroll.vertical_scroll_offset((y - 80.0).max(0.0));
        }
        scroll.show_viewport(ui, |ui, viewport| {
            ui.set_height(total);
            let content = ui.max_rect();
            let left = content.left() + ((available - margin - width) / 2.0).max(8.0);
            let numbers_x = left;
            let labels_right = left + theme::PARAGRAPH_NUMBER_WIDTH + theme::STRIPE_LABEL_WIDTH;
            let lanes_left = labels_right + 6.0;
            let text_left = lanes_left + lanes_width + 8.0;
            self.column = Rect::from_min_max(
                pos2(text_left, content.top()),
                pos2(text_left + width, content.top() + total),
            );
            let response = ui.interact(
                Rect::from_min_max(
                    pos2(left, content.top()),
                    pos2(text_left + width, content.top() + total),
                ),
                Id::unique(("document-text", model.id.0)),
                Sense::click_and_drag(),
            );
            response.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Document,
                    true,
                    format!("Document text: {}", model.name),
                )
            });

            // Visible paragraphs.
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
            // Lay out what is visible; measured heights replace estimates.
            let mut height_changed = false;
            for &i in &visible {
                if !self.galleys.contains_key(&i) {
                    let g = self.layout(ui, model, i, width);
                    let h = g.rect.height().max(self.row_height());
                    if !self.measured[i] || (self.heights[i] - h).abs() > 0.5 {
                        height_changed |= (self.heights[i] - h).abs() > 0.5;
                        self.heights[i] = h;
                        self.measured[i] = true;
                    }
                    self.galleys.insert(i, g);
                }
            }
            // Keep the cache bounded to what is near the screen.
            if self.galleys.len() > 600 {
                let keep_from = first.saturating_sub(200);
                let keep_to = first + visible.len() + 200;
                self.galleys.retain(|&k, _| k >= keep_from && k <= keep_to);
            }
            if height_changed {
                self.tops_dirty = true;
                ui.ctx().request_repaint();
            }

            let painter = ui.painter().clone();
            let visuals = ui.visuals().clone();
            self.drawn.clear();
            self.stripes.clear();
            let selection = self.selected_range();
            let resize_preview = match self.drag {
                DragMode::Resizing {
                    coding, preview, ..
                } => Some((coding, preview)),
                _ => None,
            };
            let outlined: Option<TextRange> = match resize_preview {
                Some((_, preview)) => Some(preview),
                None => self
                    .selected_coding
                    .and_then(|id| model.coding(id))
                    .map(|c| c.range),
            };
            let mut last_label_bottom = f32::NEG_INFINITY;
            let gap = self.gap();
            let mut handle_rects: Vec<(Rect, bool)> = Vec::new();
            for &i in &visible {
                let Some(galley) = self.galleys.get(&i).cloned() else {
                    continue;
                };
                let para = model.paragraphs[i];
                let origin = pos2(text_left, content.top() + self.tops[i]);
                self.drawn.push((i, origin));
                let para_rect = Rect::from_min_size(origin, vec2(width, galley.rect.height()));

                // Paragraph number.
                painter.text(
                    pos2(numbers_x, origin.y + 2.0),
                    Align2::LEFT_TOP,
                    format!("¶{}", i + 1),
                    theme::small_font(),
                    theme::secondary(&visuals),
                );

                // Selection behind the text.
                if let Some(sel) = selection
                    && sel.overlaps(&para.range)
                {
                    let a = sel.start.max(para.range.start) - para.range.start;
                    let b = sel.end.min(para.range.end) - para.range.start;
                    for r in range_rects(&galley, a, b) {
                        painter.rect_filled(
                            r.translate(origin.to_vec2()),
                            2.0,
                            theme::selection(&visuals),
                        );
                    }
                }
                painter.galley(origin, galley.clone(), visuals.text_color());

                // Outline around the selected coding (or the resize preview).
                if let Some(range) = outlined
                    && range.overlaps(&para.range)
                {
                    let a = range.start.max(para.range.start) - para.range.start;
                    let b = range.end.min(para.range.end) - para.range.start;
                    let rects = range_rects(&galley, a, b);
                    for r in &rects {
                        painter.rect_stroke(
                            r.translate(origin.to_vec2()).expand(1.0),
                            2.0,
                            theme::selected_outline(&visuals),
                            egui::StrokeKind::Outside,
                        );
                    }
                    if range.start >= para.range.start
                        && let Some(r) = rects.first()
                    {
                        let r = r.translate(origin.to_vec2());
                        handle_rects.push((
                            Rect::from_center_size(
                                pos2(r.left(), r.center().y),
                                vec2(8.0, r.height()),
                            ),
                            false,
                        ));
                    }
                    if range.end <= para.range.end
                        && let Some(r) = rects.last()
                    {
                        let r = r.translate(origin.to_vec2());
                        handle_rects.push((
                            Rect::from_center_size(
                                pos2(r.right(), r.center().y),
                                vec2(8.0, r.height()),
                            ),
                            true,
                        ));
                    }
                }

                // Coding stripes and their labels.
                for &ci in &model.by_paragraph[i] {
                    let c = &model.codings[ci];
                    let lane = model.lanes[ci];
                    let a = c.range.start.max(para.range.start) - para.range.start;
                    let b = c.range.end.min(para.range.end) - para.range.start;
                    let rects = range_rects(&galley, a, b.max(a));
                    let top = if c.range.start < para.range.start {
                        para_rect.top()
                    } else {
                        rects
                            .first()
                            .map_or(para_rect.top(), |r| r.top() + origin.y)
                    };
                    let bottom = if c.range.end > para.range.end && i + 1 < model.paragraphs.len() {
                        para_rect.bottom() + gap
                    } else {
                        rects
                            .last()
                            .map_or(para_rect.bottom(), |r| r.bottom() + origin.y)
                    };
                    let look = model.looks.get(&c.code);
                    let color = look.map_or(Color32::GRAY, |l| l.color);
                    if lane < theme::MAX_LANES {
                        let x =
                            lanes_left + lane as f32 * (theme::STRIPE_WIDTH + theme::STRIPE_GAP);
                        let stripe =
                            Rect::from_min_max(pos2(x, top), pos2(x + theme::STRIPE_WIDTH, bottom));
                        let selected = self.selected_coding == Some(c.id);
                        painter.rect_filled(stripe, 1.5, color);
                        if selected {
                            painter.rect_stroke(
                                stripe.expand(1.5),
                                2.0,
                                Stroke::new(1.5, visuals.strong_text_color()),
                                egui::StrokeKind::Outside,
                            );
                        }
                        self.stripes.push((stripe.expand2(vec2(1.0, 0.0)), ci));
                    }
                    if c.range.start >= para.range.start && top >= last_label_bottom {
                        let name = look.map_or("", |l| l.name.as_str());
                        let label =
                            fitted_label(&painter, name, color, theme::STRIPE_LABEL_WIDTH - 8.0);
                        let pos = pos2(labels_right - label.rect.width(), top);
                        last_label_bottom = top + label.rect.height() + 1.0;
                        painter.galley(pos, label, color);
                    }
                }
            }

            // ---- interaction ----
            let pointer = ui.ctx().input(|inp| inp.pointer.interact_pos());
            let press_origin = ui.ctx().input(|inp| inp.pointer.press_origin());
            let shift = ui.ctx().input(|inp| inp.modifiers.shift);
            let stripe_at = |pos: Pos2| {
                self.stripes
                    .iter()
                    .find(|(r, _)| r.contains(pos))
                    .map(|(_, ci)| *ci)
            };

            if response.hovered()
                && let Some(pos) = response.hover_pos()
            {
                if pos.x >= lanes_left - 2.0 && pos.x < text_left - 2.0 {
                    let names: Vec<String> = self
                        .stripes
                        .iter()
                        .filter(|(r, _)| r.top() <= pos.y && r.bottom() >= pos.y)
                        .map(|(_, ci)| {
                            let c = &model.codings[*ci];
                            model
                                .looks
                                .get(&c.code)
                                .map_or_else(String::new, |l| l.path.clone())
                        })
                        .collect();
                    if !names.is_empty() {
                        response.clone().on_hover_text_at_pointer(names.join("\n"));
                        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
                    }
                } else if handle_rects.iter().any(|(r, _)| r.contains(pos)) {
                    ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
                } else if pos.x >= text_left {
                    ui.ctx().set_cursor_icon(egui::CursorIcon::Text);
                }
            }

            if response.drag_started()
                && let Some(origin) = press_origin
            {
                response.request_focus();
                let in_selection = selection.is_some_and(|sel| {
                    self.hit(model, origin)
                        .is_some_and(|o| o >= sel.start && o < sel.end)
                });
                if let Some(&(_, end)) = handle_rects.iter().find(|(r, _)| r.contains(origin)) {
                    if let Some(c) = self.selected_coding.and_then(|id| model.coding(id)) {
                        self.drag = DragMode::Resizing {
                            coding: c.id,
                            end,
                            preview: c.range,
                        };
                    }
                } else if in_selection && origin.x >= text_left {
                    self.drag = DragMode::Passage;
                } else if origin.x >= text_left - 4.0
                    && let Some(o) = self.hit(model, origin)
                {
                    {
                        let anchor = match (shift, self.selection) {
                            (true, Some(s)) => s.anchor,
                            _ => o,
                        };
                        self.selection = Some(Selection { anchor, cursor: o });
                        self.drag = DragMode::Selecting;
                    }
                }
            }
            if response.dragged() {
                match self.drag {
                    DragMode::Selecting => {
                        if let Some(pos) = pointer
                            && let Some(o) = self.hit(model, pos)
                            && let Some(sel) = &mut self.selection
                        {
                            sel.cursor = o;
                        }
                        // Scroll while dragging past the edge.
                        if let Some(pos) = pointer {
                            let clip = ui.clip_rect();
                            if pos.y < clip.top() + 20.0 {
                                ui.scroll_with_delta(vec2(0.0, 12.0));
                            } else if pos.y > clip.bottom() - 20.0 {
                                ui.scroll_with_delta(vec2(0.0, -12.0));
                            }
                        }
                    }
                    DragMode::Resizing {
                        coding,
                        end,
                        preview,
                    } => {
                        if let Some(pos) = pointer
                            && let Some(o) = self.hit(model, pos)
                        {
                            let mut r = preview;
                            if end {
                                r.end = o.max(r.start + 1);
                            } else {
                                r.start = o.min(r.end.saturating_sub(1));
                            }
                            self.drag = DragMode::Resizing {
                                coding,
                                end,
                                preview: r,
                            };
                        }
                    }
                    DragMode::Passage => {
                        if let Some(range) = selection {
                            response.dnd_set_drag_payload(PassageDrag {
                                document: model.id,
                                range,
                            });
                            if let Some(pos) = pointer {
                                painter.text(
                                    pos + vec2(14.0, 6.0),
                                    Align2::LEFT_TOP,
                                    "Drop on a code to apply it",
                                    theme::small_font(),
                                    visuals.strong_text_color(),
                                );
                            }
                        }
                    }
                    DragMode::None => {}
                }
            }
            if response.drag_stopped() {
                if let DragMode::Resizing {
                    coding, preview, ..
                } = self.drag
                    && model.coding(coding).is_some_and(|c| c.range != preview)
                {
                    out.push(Command::ResizeCoding(coding, preview));
                }
                self.drag = DragMode::None;
            }

            if response.clicked()
                && let Some(pos) = response.interact_pointer_pos()
            {
                response.request_focus();
                if let Some(ci) = stripe_at(pos) {
                    let c = &model.codings[ci];
                    out.push(Command::SelectCoding(Some(c.id)));
                } else if pos.x >= text_left - 4.0
                    && let Some(o) = self.hit(model, pos)
                {
                    if shift && let Some(s) = self.selection {
                        self.selection = Some(Selection {
                            anchor: s.anchor,
                            cursor: o,
                        });
                    } else {
                        self.selection = Some(Selection {
                            anchor: o,
                            cursor: o,
                        });
                        let innermost = model.codings_at(o).first().map(|c| c.id);
                        out.push(Command::SelectCoding(innermost));
                    }
                }
            }
            if response.double_clicked()
                && let Some(pos) = response.interact_pointer_pos()
                && let Some(o) = self.hit(model, pos)
            {
                let w = model.word_at(o);
                self.selection = Some(Selection {
                    anchor: w.start,
                    cursor: w.end,
                });
            }
            if response.triple_clicked()
                && let Some(pos) = response.interact_pointer_pos()
                && let Some(o) = self.hit(model, pos)
            {
                let p = model.paragraph_range(o);
                self.selection = Some(Selection {
                    anchor: p.start,
                    cursor: p.end,
                });
            }

            // Keyboard: Shift+arrows extend the selection by a character (with Ctrl, a word).
            if response.has_focus() {
                let (left, right, ctrl) = ui.ctx().input(|i| {
                    (
                        i.modifiers.shift && i.key_pressed(egui::Key::ArrowLeft),
                        i.modifiers.shift && i.key_pressed(egui::Key::ArrowRight),
                        i.modifiers.command,
                    )
                });
                if (left || right)
                    && let Some(sel) = &mut self.selection
                {
                    let o = sel.cursor;
                    sel.cursor = if ctrl {
                        let w = model.word_at(o);
                        if right {
                            w.end.max(o + 1).min(model.chars)
                        } else {
                            w.start.min(o.saturating_sub(1))
                        }
                    } else if right {
                        (o + 1).min(model.chars)
                    } else {
                        o.saturating_sub(1)
                    };
                }
            }
            if model.paragraphs.is_empty() {
                painter.text(
                    content.center_top() + vec2(0.0, 40.0),
                    Align2::CENTER_TOP,
                    "This document has no text.",
                    theme::reading_font(self.font_size),
                    theme::secondary(&visuals),
                );
            }
        });
    }
}

/// A one-line label for `name` no wider than `max_width`, cut with an ellipsis if needed.
fn fitted_label(
    painter: &egui::Painter,
    name: &str,
    color: Color32,
    max_width: f32,
) -> Arc<Galley> {
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

impl DocumentView {
    /// Size of the galley cache (for tests that check only visible paragraphs are laid out).
    pub fn cached_paragraphs(&self) -> usize {
        self.galleys.len()
    }
}
