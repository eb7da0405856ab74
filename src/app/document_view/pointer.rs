//! The pointer in the reading view: drag to select (or to resize the selected coding by its
//! ends, or to carry a selection onto a code), click to place the caret and pick the coding
//! under it, double-click a word, triple-click a paragraph, hover the gutter or a label for the
//! codes' full names.

use egui::{Align2, Pos2, Response, Ui, pos2, vec2};

use super::layout::Geometry;
use super::{DocumentView, DragMode, PassageDrag, Selection};
use crate::app::view_models::DocumentModel;
use crate::app::{Command, theme};

impl DocumentView {
    /// The char offset under `pos` (nearest paragraph, clamped to the column).
    pub(super) fn hit(&self, model: &DocumentModel, pos: Pos2) -> Option<usize> {
        let mut best: Option<(f32, usize, Pos2)> = None;
        for &(i, origin) in &self.drawn {
            let layout = self.layouts.get(&i)?;
            let top = origin.y;
            let bottom = origin.y + layout.size().y;
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
        let layout = self.layouts.get(&i)?;
        let g = &self.geometry;
        let x = pos.x.clamp(g.text_left, g.text_left + g.width);
        let local = layout.offset_at(pos2(x, pos.y) - origin.to_vec2());
        Some(model.paragraphs[i].range.start + local)
    }

    fn hover(&self, ui: &Ui, model: &DocumentModel, response: &Response, g: &Geometry) {
        let Some(pos) = response.hover_pos() else {
            return;
        };
        let path_of = |ci: usize| {
            model
                .looks
                .get(&model.codings[ci].code)
                .map_or_else(String::new, |l| l.path.clone())
        };
        if let Some((_, ci)) = self.labels.iter().find(|(r, _)| r.contains(pos)) {
            response.clone().on_hover_text_at_pointer(path_of(*ci));
            ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        } else if (pos.x >= g.lanes_left - 2.0 && pos.x < g.text_left - 2.0)
            || (pos.x > g.right_lanes_left - 2.0 && pos.x < g.right_labels_left)
        {
            let names: Vec<String> = self
                .stripes
                .iter()
                .filter(|(r, _)| r.top() <= pos.y && r.bottom() >= pos.y)
                .map(|(_, ci)| path_of(*ci))
                .collect();
            if !names.is_empty() {
                response.clone().on_hover_text_at_pointer(names.join("\n"));
                ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
            }
        } else if self.handles.iter().any(|(r, _)| r.contains(pos)) {
            ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
        } else if pos.x >= g.text_left && pos.x <= g.text_left + g.width {
            ui.ctx().set_cursor_icon(egui::CursorIcon::Text);
        }
    }

    /// Handles the pointer on the document's response.
    pub(super) fn pointer(
        &mut self,
        ui: &Ui,
        model: &DocumentModel,
        response: &Response,
        g: &Geometry,
        out: &mut Vec<Command>,
    ) {
        let pointer = ui.ctx().input(|inp| inp.pointer.interact_pos());
        let press_origin = ui.ctx().input(|inp| inp.pointer.press_origin());
        let shift = ui.ctx().input(|inp| inp.modifiers.shift);
        if response.hovered() {
            self.hover(ui, model, response, g);
        }

        if response.drag_started()
            && let Some(origin) = press_origin
        {
            response.request_focus();
            let in_selection = self.selected_range().is_some_and(|sel| {
                self.hit(model, origin)
                    .is_some_and(|o| o >= sel.start && o < sel.end)
            });
            if let Some(&(_, end)) = self.handles.iter().find(|(r, _)| r.contains(origin)) {
                if let Some(c) = self.selected_coding.and_then(|id| model.coding(id)) {
                    self.drag = DragMode::Resizing {
                        coding: c.id,
                        end,
                        preview: c.range,
                    };
                }
            } else if in_selection && origin.x >= g.text_left {
                self.drag = DragMode::Passage;
            } else if origin.x >= g.text_left - 4.0
                && let Some(o) = self.hit(model, origin)
            {
                let anchor = match (shift, self.selection) {
                    (true, Some(s)) => s.anchor,
                    _ => o,
                };
                self.selection = Some(Selection { anchor, cursor: o });
                self.goal_x = None;
                self.drag = DragMode::Selecting;
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
                    self.selection_made(out);
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
                    if let Some(range) = self.selected_range() {
                        response.dnd_set_drag_payload(PassageDrag {
                            document: model.id,
                            range,
                        });
                        if let Some(pos) = pointer {
                            ui.painter().text(
                                pos + vec2(14.0, 6.0),
                                Align2::LEFT_TOP,
                                "Drop on a code to apply it",
                                theme::small_font(),
                                ui.visuals().strong_text_color(),
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
            let stripe = self
                .stripes
                .iter()
                .chain(&self.labels)
                .find(|(r, _)| r.contains(pos))
                .map(|(_, ci)| *ci);
            if let Some(ci) = stripe {
                let id = model.codings[ci].id;
                self.selected_coding = Some(id);
                out.push(Command::SelectCoding(Some(id)));
            } else if pos.x >= g.text_left - 4.0
                && let Some(o) = self.hit(model, pos)
            {
                self.goal_x = None;
                if shift && let Some(s) = self.selection {
                    self.selection = Some(Selection {
                        anchor: s.anchor,
                        cursor: o,
                    });
                    self.selection_made(out);
                } else {
                    self.selection = Some(Selection::caret(o));
                    let innermost = model.codings_at(o).first().map(|c| c.id);
                    self.selected_coding = innermost;
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
            self.selection_made(out);
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
            self.selection_made(out);
        }
    }
}
