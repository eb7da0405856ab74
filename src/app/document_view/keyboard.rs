//! The keyboard in the reading view, as in a text editor: arrows move the caret (with Shift
//! they extend the selection), Ctrl/Alt move by words, Up/Down by lines across paragraphs,
//! Home/End to the line's ends (with Ctrl, the document's), Ctrl+A selects the paragraph and
//! then the whole document. Every key press of a frame is handled, so a fast chord is never
//! dropped.

use egui::{Event, Key, Modifiers, Ui, pos2};

use super::{DocumentView, Selection};
use crate::app::Command;
use crate::app::view_models::DocumentModel;

impl DocumentView {
    /// Paragraph index of `offset` and its offset inside that paragraph.
    fn locate(model: &DocumentModel, offset: usize) -> (usize, usize) {
        let p = model.paragraph_index(offset);
        let para = model.paragraphs[p].range;
        (p, offset.saturating_sub(para.start).min(para.len()))
    }

    /// Whether paragraph `p` runs right to left (laid out now if needed).
    fn is_rtl(&mut self, ui: &Ui, model: &DocumentModel, p: usize) -> bool {
        self.paragraph(ui, model, p).is_rtl()
    }

    /// The offset one arrow step to the left or right of `offset` in visual order: across a
    /// direction change the caret moves on screen, as in every text editor, not in storage
    /// order. Past the paragraph's end side it goes on at the next paragraph's start, past its
    /// start side at the previous paragraph's end.
    fn visual_step(&mut self, ui: &Ui, model: &DocumentModel, offset: usize, left: bool) -> usize {
        let (p, local) = Self::locate(model, offset);
        let para = model.paragraphs[p].range;
        let layout = self.paragraph(ui, model, p);
        if let Some(o) = layout.move_visual(local, left) {
            return para.start + o;
        }
        let forward = left == layout.is_rtl();
        match (forward, model.paragraphs.get(p + 1), p.checked_sub(1)) {
            (true, Some(next), _) => next.range.start,
            (true, None, _) => para.end,
            (false, _, Some(prev)) => model.paragraphs[prev].range.end,
            (false, _, None) => para.start,
        }
    }

    /// The offset one line up or down from `offset`, keeping the caret's x.
    fn vertical(&mut self, ui: &Ui, model: &DocumentModel, offset: usize, up: bool) -> usize {
        let (p, local) = Self::locate(model, offset);
        let layout = self.paragraph(ui, model, p);
        let x = *self
            .goal_x
            .get_or_insert_with(|| layout.caret_rect(local).left());
        if let Some(o) = layout.move_vertical(local, up, x) {
            return model.paragraphs[p].range.start + o;
        }
        let target = if up {
            p.checked_sub(1)
        } else {
            Some(p + 1).filter(|&n| n < model.paragraphs.len())
        };
        let Some(tp) = target else {
            let para = model.paragraphs[p].range;
            return if up { para.start } else { para.end };
        };
        let layout = self.paragraph(ui, model, tp);
        let line = if up {
            layout.line_count().saturating_sub(1)
        } else {
            0
        };
        let y = layout.line_rect(line).map_or(0.0, |r| r.center().y);
        model.paragraphs[tp].range.start + layout.offset_at(pos2(x, y))
    }

    /// The start or end (in reading order) of the line holding `offset`.
    fn line_end(&mut self, ui: &Ui, model: &DocumentModel, offset: usize, end: bool) -> usize {
        let (p, local) = Self::locate(model, offset);
        let layout = self.paragraph(ui, model, p);
        let range = layout.line_range(layout.line_of(local)).unwrap_or(0..0);
        // A line that wraps ends before its trailing space; the last one at the paragraph's end.
        let text_end = if range.end < layout.char_count() {
            let chars: Vec<char> = model.paragraph_text(p).chars().collect();
            let mut e = range.end;
            while e > range.start && chars.get(e - 1).is_some_and(|c| c.is_whitespace()) {
                e -= 1;
            }
            e
        } else {
            range.end
        };
        model.paragraphs[p].range.start + if end { text_end } else { range.start }
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
                    let left = key == Key::ArrowLeft;
                    // In a right-to-left paragraph, left reads on.
                    let forward = left == self.is_rtl(ui, model, model.paragraph_index(o));
                    if !mods.shift && !sel.range().is_empty() && !by_word {
                        // Collapse to the side the arrow points to, as editors do.
                        let r = sel.range();
                        if forward { r.end } else { r.start }
                    } else if by_word {
                        if forward {
                            model.next_word_end(o)
                        } else {
                            model.previous_word_start(o)
                        }
                    } else {
                        self.visual_step(ui, model, o, left)
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
