//! The keyboard in the reading view, as in a text editor: arrows move the caret (with Shift
//! they extend the selection), Ctrl/Alt move by words, Up/Down by lines across paragraphs,
//! Home/End to the line's ends (with Ctrl, the document's), Ctrl+A selects the paragraph and
//! then the whole document. Every key press of a frame is handled, so a fast chord is never
//! dropped.

use egui::text::CCursor;
use egui::{Event, Key, Modifiers, Ui, vec2};

use super::layout::row_ranges;
use super::{DocumentView, Selection};
use crate::app::Command;
use crate::app::view_models::DocumentModel;

/// The index of the galley row holding local char `local` (the caret sits at the end of a
/// wrapped row only when it is the paragraph's end).
fn row_of(rows: &[(usize, usize)], local: usize) -> usize {
    rows.iter()
        .position(|&(s, e)| local >= s && local < e)
        .or_else(|| rows.iter().rposition(|&(s, e)| local >= s && local <= e))
        .unwrap_or(rows.len().saturating_sub(1))
}

impl DocumentView {
    /// The offset one line up or down from `offset`, keeping the caret's x.
    fn vertical(&mut self, ui: &Ui, model: &DocumentModel, offset: usize, up: bool) -> usize {
        let p = model.paragraph_index(offset);
        let para = model.paragraphs[p];
        let galley = self.galley(ui, model, p);
        let local = offset
            .saturating_sub(para.range.start)
            .min(para.range.len());
        let rows = row_ranges(&galley);
        let row = row_of(&rows, local);
        let x = *self
            .goal_x
            .get_or_insert_with(|| galley.pos_from_cursor(CCursor::new(local)).left());
        let target = if up {
            row.checked_sub(1).map(|r| (p, r))
        } else {
            (row + 1 < rows.len()).then_some((p, row + 1))
        };
        let (tp, tr) = match target {
            Some(t) => t,
            None if up && p > 0 => {
                let g = self.galley(ui, model, p - 1);
                (p - 1, g.rows.len().saturating_sub(1))
            }
            None if !up && p + 1 < model.paragraphs.len() => (p + 1, 0),
            None if up => return para.range.start,
            None => return para.range.end,
        };
        let galley = self.galley(ui, model, tp);
        let Some(row) = galley.rows.get(tr) else {
            return model.paragraphs[tp].range.start;
        };
        let y = f32::midpoint(row.min_y(), row.max_y());
        model.paragraphs[tp].range.start + galley.cursor_from_pos(vec2(x, y)).index.0
    }

    /// The start or end of the line (galley row) holding `offset`.
    fn line_end(&mut self, ui: &Ui, model: &DocumentModel, offset: usize, end: bool) -> usize {
        let p = model.paragraph_index(offset);
        let para = model.paragraphs[p];
        let galley = self.galley(ui, model, p);
        let local = offset
            .saturating_sub(para.range.start)
            .min(para.range.len());
        let rows = row_ranges(&galley);
        let (s, e) = rows.get(row_of(&rows, local)).copied().unwrap_or((0, 0));
        para.range.start + if end { e } else { s }
    }

    /// Handles this frame's key presses while the reading view has the keyboard.
    pub(super) fn keyboard(&mut self, ui: &Ui, model: &DocumentModel, out: &mut Vec<Command>) {
        let presses: Vec<(Key, Modifiers)> = ui.input(|i| {
            i.events
                .iter()
                .filter_map(|e| match e {
                    Event::Key {
                        key,
                        pressed: true,
                        modifiers,
                        ..
                    } => Some((*key, *modifiers)),
                    _ => None,
                })
                .collect()
        });
        let mut moved = false;
        for (key, mods) in presses {
            let Some(sel) = self.selection.or_else(|| {
                model
                    .coding(self.selected_coding?)
                    .map(|c| Selection::caret(c.range.start))
            }) else {
                continue;
            };
            let by_word = mods.command || mods.alt;
            let o = sel.cursor;
            let cursor = match key {
                Key::ArrowLeft | Key::ArrowRight => {
                    self.goal_x = None;
                    let right = key == Key::ArrowRight;
                    if !mods.shift && !sel.range().is_empty() && !by_word {
                        // Collapse to the side the arrow points to, as editors do.
                        let r = sel.range();
                        if right { r.end } else { r.start }
                    } else if by_word {
                        if right {
                            model.next_word_end(o)
                        } else {
                            model.previous_word_start(o)
                        }
                    } else if right {
                        (o + 1).min(model.chars)
                    } else {
                        o.saturating_sub(1)
                    }
                }
                Key::ArrowUp | Key::ArrowDown => self.vertical(ui, model, o, key == Key::ArrowUp),
                Key::Home | Key::End => {
                    self.goal_x = None;
                    match (key == Key::End, mods.command) {
                        (false, true) => 0,
                        (true, true) => model.chars,
                        (end, false) => self.line_end(ui, model, o, end),
                    }
                }
                Key::A if mods.command => {
                    let para = model.paragraph_range(o);
                    let whole = if sel.range() == para {
                        crate::domain::TextRange::new(0, model.chars)
                    } else {
                        para
                    };
                    self.selection = Some(Selection {
                        anchor: whole.start,
                        cursor: whole.end,
                    });
                    self.selection_made(out);
                    moved = true;
                    continue;
                }
                _ => continue,
            };
            let anchor = if mods.shift { sel.anchor } else { cursor };
            self.selection = Some(Selection { anchor, cursor });
            if mods.shift {
                self.selection_made(out);
            }
            moved = true;
        }
        if moved && let Some(sel) = self.selection {
            let p = model.paragraph_index(sel.cursor);
            let on_screen = self.drawn.iter().any(|(i, origin)| {
                *i == p && origin.y >= ui.clip_rect().top() && origin.y < ui.clip_rect().bottom()
            });
            if !on_screen {
                self.scroll_to = Some(sel.cursor);
            }
        }
    }
}
