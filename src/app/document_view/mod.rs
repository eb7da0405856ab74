//! The reading view: the document laid out per paragraph, coded passages washed in their
//! codes' colours (nested codings as nested bands), coding stripes in a fixed gutter with their
//! names beside them, paragraph numbers, and selection by pointer and keyboard.
//!
//! Parts: `layout.rs` (geometry of the column and margins, a bidirectional layout per paragraph
//! and their heights), `paint.rs` (washes, selection, text, outline, stripes and labels), `pointer.rs`
//! (clicks and drags), `keyboard.rs` (caret and selection keys), `access.rs` (what a screen
//! reader is told).
//!
//! Right-to-left and mixed text: each paragraph is set by `app::paragraph_layout` (Unicode
//! Bidirectional Algorithm), so clicks, drags, Shift+arrows, washes and outlines work on logical
//! offsets while the text reads in visual order; a coding across a direction change is washed
//! as several rectangles; a right-to-left paragraph has its stripes and labels on its right.
//!
//! Speed: each paragraph's layout is cached and only visible paragraphs are laid out or painted.
//! Washes are painted over the laid-out lines, so a change of codings re-lays out nothing.
//! Heights of paragraphs never seen are estimated from their length and replaced by the real
//! height once laid out, so opening a megabyte transcript lays out one screenful.

mod access;
mod highlights;
mod keyboard;
mod layout;
mod pages;
mod paint;
mod pointer;

use std::collections::HashMap;
use std::sync::Arc;

use egui::{Id, Pos2, Rect, Sense, Ui, pos2, vec2};

use super::Command;
use super::paragraph_layout::ParagraphLayout;
use super::theme;
use super::view_models::DocumentModel;
use crate::domain::{CodingId, Direction, DocumentId, TextRange};

pub use layout::Geometry;

/// A text selection: `anchor` stays where it began, `cursor` moves (the caret).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    /// Where the selection began (char offset); it stays put while the selection grows.
    pub anchor: usize,
    /// Where the caret is (char offset): the end that moves.
    pub cursor: usize,
}

impl Selection {
    /// The selected characters, start before end.
    pub fn range(&self) -> TextRange {
        TextRange::new(self.anchor.min(self.cursor), self.anchor.max(self.cursor))
    }

    /// A caret at `offset`, nothing selected.
    pub fn caret(offset: usize) -> Selection {
        Selection {
            anchor: offset,
            cursor: offset,
        }
    }
}

/// Dragged from the document onto a code: apply that code to this passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PassageDrag {
    /// The document the passage is in.
    pub document: DocumentId,
    /// The passage: char offsets, end exclusive.
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

/// What a paragraph's layout depends on: when any of it changes, paragraphs are laid out again.
#[derive(Debug, Clone, Copy, PartialEq)]
struct LayoutKey {
    width: f32,
    font_size: f32,
    dark: bool,
    reflow: bool,
    direction: Direction,
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
    layouts: HashMap<usize, Arc<ParagraphLayout>>,
    key: Option<LayoutKey>,
    /// Paragraph layouts done so far (tests check that a memo keystroke does none).
    laid_out: u64,
    /// The caret and selected text, if the document has been clicked.
    pub selection: Option<Selection>,
    /// The coding outlined and shown in the inspector (Delete removes it).
    pub selected_coding: Option<CodingId>,
    /// Reading font size in points.
    pub font_size: f32,
    /// Show single line breaks inside a paragraph as spaces (for hard-wrapped text, e.g. from
    /// PDFs). Display only: a line break and a space are both one character, so offsets and the
    /// stored text are untouched.
    pub reflow: bool,
    drag: DragMode,
    scroll_to: Option<usize>,
    /// The x the caret keeps while moving up and down lines.
    goal_x: Option<f32>,
    /// Screen origin of each paragraph drawn last frame (for hit tests and tests).
    drawn: Vec<(usize, Pos2)>,
    /// Stripe rectangles drawn last frame, with the coding each belongs to.
    stripes: Vec<(Rect, usize)>,
    /// Label rectangles drawn last frame, with the coding each names.
    labels: Vec<(Rect, usize)>,
    /// Wash bands painted last frame, with the coding each belongs to.
    washes: Vec<(Rect, usize)>,
    /// Where the ends of the outlined coding can be grabbed, last frame.
    handles: Vec<(Rect, bool)>,
    /// Page marks drawn last frame, with their page numbers.
    page_marks: Vec<(Rect, usize)>,
    /// The column and margins last frame.
    geometry: Geometry,
    /// Search hits to highlight, sorted by start (`highlights.rs`).
    highlights: Vec<TextRange>,
}

impl Default for DocumentView {
    fn default() -> Self {
        Self {
            document: None,
            heights: Vec::new(),
            measured: Vec::new(),
            tops: Vec::new(),
            tops_dirty: true,
            layouts: HashMap::new(),
            key: None,
            laid_out: 0,
            selection: None,
            selected_coding: None,
            font_size: theme::DEFAULT_FONT_SIZE,
            reflow: false,
            drag: DragMode::None,
            scroll_to: None,
            goal_x: None,
            drawn: Vec::new(),
            stripes: Vec::new(),
            labels: Vec::new(),
            washes: Vec::new(),
            handles: Vec::new(),
            page_marks: Vec::new(),
            geometry: Geometry::default(),
            highlights: Vec::new(),
        }
    }
}

impl DocumentView {
    /// Forgets layout and selection when another document opens.
    pub fn show_document(&mut self, id: Option<DocumentId>) {
        if self.document != id {
            self.document = id;
            self.heights.clear();
            self.measured.clear();
            self.layouts.clear();
            self.tops_dirty = true;
            self.selection = None;
            self.selected_coding = None;
            self.drag = DragMode::None;
            self.key = None;
            self.goal_x = None;
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

    /// Paragraph layouts done so far.
    pub fn laid_out(&self) -> u64 {
        self.laid_out
    }

    /// Size of the layout cache (for tests that check only visible paragraphs are laid out).
    pub fn cached_paragraphs(&self) -> usize {
        self.layouts.len()
    }

    /// The column and margins as drawn last frame (tests and screenshots check them).
    pub fn geometry(&self) -> Geometry {
        self.geometry
    }

    /// Screen position of a caret at char `offset` as drawn last frame (mid-line), if it was
    /// visible: the left edge of a left-to-right character, the right edge of a right-to-left
    /// one. Tests use it to drag-select by pointer like a person would.
    pub fn char_screen_pos(&self, model: &DocumentModel, offset: usize) -> Option<Pos2> {
        let p = model.paragraph_index(offset);
        let (_, origin) = self.drawn.iter().find(|(i, _)| *i == p)?;
        let layout = self.layouts.get(&p)?;
        let local = offset.checked_sub(model.paragraphs[p].range.start)?;
        let r = layout.caret_rect(local);
        Some(*origin + vec2(r.left(), r.center().y))
    }

    /// The screen rectangles covering the characters of `range` in the paragraphs laid out for
    /// this frame (call it after the view's `ui`, or while painting over it): per line, one
    /// band of the line's height per run of adjacent characters, so a range across a direction
    /// change gives several. Paragraphs not on screen contribute nothing. For search hits,
    /// page marks and anything else drawn over the text.
    pub fn range_screen_rects(&self, model: &DocumentModel, range: TextRange) -> Vec<Rect> {
        let mut out = Vec::new();
        if range.is_empty() || model.paragraphs.is_empty() {
            return out;
        }
        let g = &self.geometry;
        let first = model.paragraph_index(range.start);
        for (i, para) in model.paragraphs.iter().enumerate().skip(first) {
            if para.range.start >= range.end {
                break;
            }
            let (Some(layout), Some(top)) = (self.layouts.get(&i), self.tops.get(i)) else {
                continue;
            };
            let a = range.start.max(para.range.start) - para.range.start;
            let b = range.end.min(para.range.end) - para.range.start;
            let origin = pos2(g.text_left, g.top + top);
            out.extend(
                layout
                    .rects(a..b.max(a))
                    .into_iter()
                    .map(|r| r.translate(origin.to_vec2())),
            );
        }
        out
    }

    /// The wash bands of coding `id` painted last frame (tests: one even band per line).
    pub fn wash_rects(&self, model: &DocumentModel, id: CodingId) -> Vec<Rect> {
        self.washes
            .iter()
            .filter(|(_, ci)| model.codings.get(*ci).is_some_and(|c| c.id == id))
            .map(|(r, _)| *r)
            .collect()
    }

    /// The stripes of coding `id` drawn last frame (tests: which gutter they are in).
    pub fn stripe_rects(&self, model: &DocumentModel, id: CodingId) -> Vec<Rect> {
        self.stripes
            .iter()
            .filter(|(_, ci)| model.codings.get(*ci).is_some_and(|c| c.id == id))
            .map(|(r, _)| *r)
            .collect()
    }

    /// The label rectangles drawn last frame with the coding each names (tests).
    pub fn label_rects(&self, model: &DocumentModel) -> Vec<(Rect, CodingId)> {
        self.labels
            .iter()
            .filter_map(|(r, ci)| model.codings.get(*ci).map(|c| (*r, c.id)))
            .collect()
    }

    /// The selection changed by the reader: a non-empty selection deselects the coding, so
    /// Delete and the inspector act only on what is visibly selected.
    fn selection_made(&mut self, out: &mut Vec<Command>) {
        if self.selected_range().is_some() && self.selected_coding.is_some() {
            self.selected_coding = None;
            out.push(Command::SelectCoding(None));
        }
    }

    /// Draws the document and handles selection. Commands go to `out`.
    pub fn ui(&mut self, ui: &mut Ui, model: &DocumentModel, out: &mut Vec<Command>) {
        self.show_document(Some(model.id));
        // What is visible of the panel, even if something above widened its layout.
        let available = ui
            .available_width()
            .min(ui.clip_rect().right() - ui.cursor().left());
        let geometry = layout::Geometry::compute(available, self.font_size);
        self.prepare(ui, model, geometry.width);
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
            let g = geometry.placed(content.left(), content.top(), available);
            self.geometry = g;
            let response = ui.interact(
                Rect::from_min_max(
                    pos2(g.left, content.top()),
                    pos2(
                        g.right_labels_left + g.right_label_width,
                        content.top() + total,
                    ),
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
            if response.has_focus() {
                // Arrows and Home/End move the caret here, not the keyboard focus.
                ui.memory_mut(|m| {
                    m.set_focus_lock_filter(
                        response.id,
                        egui::EventFilter {
                            horizontal_arrows: true,
                            vertical_arrows: true,
                            tab: false,
                            escape: false,
                        },
                    );
                });
            }
            let visible = self.lay_out_visible(ui, model, viewport, g.width);
            self.paint(ui, model, &visible, &g, response.has_focus());
            self.paint_page_marks(ui, model, &g);
            access::describe(ui, model, &self.drawn, &self.layouts);
            self.pointer(ui, model, &response, &g, out);
            if response.has_focus() {
                self.keyboard(ui, model, out);
            }
            if model.paragraphs.is_empty() {
                ui.painter().text(
                    content.center_top() + vec2(0.0, 40.0),
                    egui::Align2::CENTER_TOP,
                    "This document has no text.",
                    theme::reading_font(self.font_size),
                    theme::secondary(ui.visuals()),
                );
            }
        });
    }
}
