//! Document ▸ Edit text: the open document's text as editable paragraphs, shown in place of the
//! reading view, with the codings' washes still on their words. Each typed change becomes an
//! `Edit::ChangeText` sent to the project's writer thread (a burst of typing is one undo step);
//! the editor moves its own copy of the codings with the text exactly as the store does
//! (`corrections::marks`), so the wash follows at once, and takes the store's ranges back once
//! the writer has caught up. Below the banner, the document's unplaced codings: put one back
//! on the selected words, or delete it.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, Stroke};

use super::Command;
use super::theme;
use crate::corrections::marks;
use crate::domain::{
    CodeId, CodingSpan, CorrectionKind, DocumentId, Edit, TextChange, TextEdit, TextRange,
    UnplacedCoding,
};
use crate::project::Project;
use crate::store::Result;
use crate::text;

/// What separates two paragraphs: the editor shows each run between them as one field.
const SEPARATOR: &str = "\n\n";
/// A pause in typing this long starts a new undo step.
const BURST_PAUSE: Duration = Duration::from_millis(1500);

/// One paragraph's field.
#[derive(Debug, Clone)]
struct Block {
    /// Its text (may come to hold blank lines while typing; split again on reload).
    text: String,
    /// Its first character's offset in the document.
    start: usize,
    /// Its length in characters.
    chars: usize,
    /// Its height when last shown (an estimate before that).
    height: f32,
}

/// The editing mode of one document.
#[derive(Debug)]
pub struct TextEditor {
    /// The document being edited.
    pub document: DocumentId,
    blocks: Vec<Block>,
    /// The codings as the editor shows them, sorted by start; moved with each change at once.
    codings: Vec<CodingSpan>,
    /// Code colours.
    colors: HashMap<CodeId, Color32>,
    /// The document's unplaced codings, newest first.
    unplaced: Vec<UnplacedCoding>,
    /// The store's text revision this editor's text matches once every sent change is written.
    expected_revision: i64,
    /// Counts bursts of typing: the undo-merge key changes when a new one starts.
    burst: u64,
    last_typed: Option<Instant>,
    /// The selection in the document (characters), from the focused paragraph.
    selection: Option<TextRange>,
    /// Whether the unplaced list is open.
    show_unplaced: bool,
}

impl TextEditor {
    /// Starts editing `document`, reading its text, codings and unplaced codings.
    pub fn open(project: &Project, document: DocumentId) -> Result<TextEditor> {
        let mut editor = TextEditor {
            document,
            blocks: Vec::new(),
            codings: Vec::new(),
            colors: HashMap::new(),
            unplaced: Vec::new(),
            expected_revision: 0,
            burst: 0,
            last_typed: None,
            selection: None,
            show_unplaced: true,
        };
        editor.reload(project)?;
        Ok(editor)
    }

    /// Reads everything again from the project: after an undo, a redo or a change from
    /// elsewhere.
    pub fn reload(&mut self, project: &Project) -> Result<()> {
        let store = project.store();
        let doc = store.document(self.document)?;
        self.expected_revision = text_revision(project, self.document)?;
        let mut start = 0;
        self.blocks = doc
            .text
            .split(SEPARATOR)
            .map(|t| {
                let chars = text::char_len(t);
                let block = Block {
                    text: t.to_owned(),
                    start,
                    chars,
                    height: 0.0,
                };
                start += chars + 2;
                block
            })
            .collect();
        self.reload_codings(project)?;
        self.selection = None;
        Ok(())
    }

    /// Reads the codings, their colours and the unplaced codings again (the text is as the
    /// editor has it).
    fn reload_codings(&mut self, project: &Project) -> Result<()> {
        let store = project.store();
        self.codings = store.coding_spans_in_document(self.document)?;
        self.codings.sort_by_key(|c| (c.range.start, c.range.end));
        self.colors = store
            .codes()?
            .into_iter()
            .map(|c| (c.id, theme::code_color(&c.color)))
            .collect();
        self.unplaced = store.unplaced_codings(Some(self.document))?;
        Ok(())
    }

    /// Catches up with the project after a change: when every change typed here is written
    /// and nothing else changed the text, only the codings are read again (the store moved
    /// them as the editor did); otherwise everything is.
    pub fn sync(&mut self, project: &Project) -> Result<()> {
        if project.writing() {
            return Ok(());
        }
        if text_revision(project, self.document)? == self.expected_revision {
            self.reload_codings(project)
        } else {
            self.reload(project)
        }
    }

    /// The document's text as the editor has it.
    pub fn text(&self) -> String {
        let parts: Vec<&str> = self.blocks.iter().map(|b| b.text.as_str()).collect();
        parts.join(SEPARATOR)
    }

    /// The codings as the editor shows them.
    pub fn codings(&self) -> &[CodingSpan] {
        &self.codings
    }

    /// The selected characters of the document, if any.
    pub fn selection(&self) -> Option<TextRange> {
        self.selection
    }

    /// Draws the editor; typed changes and the unplaced list's buttons become commands.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        font_size: f32,
        coder: &str,
        commands: &mut Vec<Command>,
    ) {
        let accent = ui.visuals().selection.stroke.color;
        egui::Frame::new()
            .stroke(Stroke::new(1.5, accent))
            .inner_margin(egui::Margin::symmetric(10, 6))
            .corner_radius(4.0)
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        egui::RichText::new("✏ Editing the text")
                            .strong()
                            .color(accent),
                    );
                    ui.label(
                        "Codings follow their words. Every change can be undone (Ctrl+Z) and is recorded in the document's correction log.",
                    );
                    if ui.button("Done editing").clicked() {
                        commands.push(Command::Action(super::Action::EditText));
                    }
                });
                self.unplaced_ui(ui, commands);
            });
        ui.add_space(6.0);
        let dark = ui.visuals().dark_mode;
        let font = FontId::proportional(font_size);
        let text_color = ui.visuals().text_color();
        let row = font_size * theme::LINE_HEIGHT;
        let width = ui
            .available_width()
            .min(font_size * theme::READING_WIDTH_EMS);
        let chars_per_row = (width / (font.size * 0.5)).max(20.0);
        for b in &mut self.blocks {
            if b.height == 0.0 {
                b.height = ((b.chars as f32 / chars_per_row).ceil().max(1.0)) * row + 8.0;
            }
        }
        let mut typed: Option<(usize, String)> = None;
        let document = self.document;
        egui::ScrollArea::vertical()
            .id_salt(("text editor", document.0))
            .auto_shrink([false, false])
            .show_viewport(ui, |ui, viewport| {
                let total: f32 = self.blocks.iter().map(|b| b.height).sum();
                ui.set_height(total);
                ui.set_width(width);
                let mut y = 0.0;
                let top = ui.min_rect().top();
                for i in 0..self.blocks.len() {
                    let h = self.blocks[i].height;
                    if y + h < viewport.min.y || y > viewport.max.y {
                        y += h;
                        continue;
                    }
                    let rect = egui::Rect::from_min_size(
                        egui::pos2(ui.min_rect().left(), top + y),
                        egui::vec2(width, h),
                    );
                    let block_start = self.blocks[i].start;
                    let washes = self.washes(block_start, block_start + self.blocks[i].chars, dark);
                    let font = font.clone();
                    let mut layouter = |ui: &egui::Ui, buf: &dyn egui::TextBuffer, wrap: f32| {
                        let job = layout_job(buf.as_str(), &washes, &font, text_color, wrap);
                        ui.fonts_mut(|f| f.layout_job(job))
                    };
                    let before = self.blocks[i].text.clone();
                    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect));
                    let output = egui::TextEdit::multiline(&mut self.blocks[i].text)
                        .id_salt(("text editor block", document.0, i))
                        .frame(egui::Frame::NONE)
                        .desired_width(width)
                        .desired_rows(1)
                        .lock_focus(true)
                        .layouter(&mut layouter)
                        .show(&mut child);
                    let field = output.response.response.id;
                    ui.ctx().accesskit_node_builder(field, |node| {
                        node.set_label(format!("Paragraph {} of the text", i + 1));
                    });
                    let shown = output.response.response.rect.height() + 8.0;
                    if (shown - h).abs() > 0.5 {
                        self.blocks[i].height = shown;
                        ui.ctx().request_repaint();
                    }
                    if output.response.response.has_focus()
                        && let Some(range) = output.cursor_range
                    {
                        let r = range.as_sorted_char_range();
                        self.selection = (r.start.0 < r.end.0).then(|| {
                            TextRange::new(block_start + r.start.0, block_start + r.end.0)
                        });
                    }
                    if self.blocks[i].text != before {
                        typed = Some((i, before));
                    }
                    y += h;
                }
            });
        if let Some((i, before)) = typed {
            self.typed(i, &before, coder, commands);
            ui.ctx().request_repaint();
        }
    }

    /// A paragraph's text changed from `before`: the change as an edit, sent to the writer,
    /// and applied to the editor's own codings and offsets.
    fn typed(&mut self, i: usize, before: &str, coder: &str, commands: &mut Vec<Command>) {
        let after = self.blocks[i].text.clone();
        let Some(change) = difference(before, &after, self.blocks[i].start) else {
            return;
        };
        let now = Instant::now();
        if self
            .last_typed
            .is_none_or(|t| now.duration_since(t) > BURST_PAUSE)
        {
            self.burst += 1;
        }
        self.last_typed = Some(now);
        self.apply_locally(i, &change);
        self.expected_revision += 1;
        let edit = TextEdit::new(
            self.document,
            vec![change],
            CorrectionKind::Edit,
            coder.to_owned(),
        );
        commands.push(Command::EditMerging(
            Edit::ChangeText(Box::new(edit)),
            format!("text {} {}", self.document.0, self.burst),
        ));
    }

    /// Moves the editor's codings and paragraph offsets as the store will.
    fn apply_locally(&mut self, i: usize, change: &TextChange) {
        let changes = std::slice::from_ref(change);
        let index = marks::Changes::new(changes);
        self.codings.retain_mut(|c| match index.map(c.range) {
            Some(r) => {
                c.range = r;
                true
            }
            None => false,
        });
        self.codings.sort_by_key(|c| (c.range.start, c.range.end));
        let inserted = text::char_len(&change.text);
        let old_chars = self.blocks[i].chars;
        let new_chars = old_chars + inserted - change.range.len();
        self.blocks[i].chars = new_chars;
        let mut start = self.blocks[i].start + new_chars + 2;
        for b in &mut self.blocks[i + 1..] {
            b.start = start;
            start += b.chars + 2;
        }
    }

    /// The washes over characters `start..end` of the document, relative to `start`: for each
    /// run, the colour of the innermost coding over it and how many codings overlap there.
    fn washes(&self, start: usize, end: usize, dark: bool) -> Vec<(TextRange, Color32)> {
        let over: Vec<&CodingSpan> = self
            .codings
            .iter()
            .take_while(|c| c.range.start < end.max(start + 1))
            .filter(|c| c.range.end > start && c.range.start < end.max(start + 1))
            .collect();
        if over.is_empty() {
            return Vec::new();
        }
        let mut cuts: Vec<usize> = over
            .iter()
            .flat_map(|c| [c.range.start.max(start), c.range.end.min(end)])
            .chain([start, end])
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut out = Vec::new();
        for pair in cuts.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let here: Vec<&&CodingSpan> = over
                .iter()
                .filter(|c| c.range.start <= a && c.range.end >= b)
                .collect();
            let Some(inner) = here.iter().max_by_key(|c| c.range.start) else {
                continue;
            };
            let base = self
                .colors
                .get(&inner.code)
                .copied()
                .unwrap_or(Color32::GRAY);
            // Overlaps come out deeper, as in the reading view.
            let alpha = theme::wash(base, dark).a();
            let depth = u8::try_from(here.len().min(3)).unwrap_or(3);
            let color = Color32::from_rgba_unmultiplied(
                base.r(),
                base.g(),
                base.b(),
                alpha.saturating_mul(depth),
            );
            out.push((TextRange::new(a - start, b - start), color));
        }
        out
    }

    /// The unplaced codings of the document, with Place and Delete.
    fn unplaced_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        if self.unplaced.is_empty() {
            ui.label(
                egui::RichText::new("No unplaced codings: every coding is on its words.")
                    .color(theme::secondary(ui.visuals())),
            );
            return;
        }
        let title = format!("Unplaced codings ({})", self.unplaced.len());
        egui::CollapsingHeader::new(title)
            .id_salt(("unplaced", self.document.0))
            .default_open(self.show_unplaced)
            .show(ui, |ui| {
                ui.label(
                    egui::RichText::new(
                        "Their words were deleted. Select words in the text, then Place; or Delete for good.",
                    )
                    .color(theme::secondary(ui.visuals())),
                );
                egui::ScrollArea::vertical()
                    .id_salt("unplaced list")
                    .max_height(140.0)
                    .show(ui, |ui| {
                        for u in &self.unplaced {
                            ui.horizontal(|ui| {
                                let color = self
                                    .colors
                                    .get(&u.coding.code)
                                    .copied()
                                    .unwrap_or(Color32::GRAY);
                                let place = ui.add_enabled(
                                    self.selection.is_some(),
                                    egui::Button::new("Place on selection"),
                                );
                                if let Some(range) = self.selection
                                    && place.clicked()
                                {
                                    commands.push(Command::Edit(Edit::PlaceUnplaced {
                                        id: u.id,
                                        range,
                                    }));
                                }
                                if ui.button("Delete").clicked() {
                                    commands.push(Command::Edit(Edit::DeleteUnplaced { id: u.id }));
                                }
                                ui.label(egui::RichText::new("■").color(color));
                                let quote: String = u.coding.text.chars().take(80).collect();
                                ui.add(
                                    egui::Label::new(format!("“{quote}” — {}", u.reason))
                                        .truncate(),
                                );
                            });
                        }
                    });
            });
    }
}

impl super::Workbench {
    /// Document ▸ Edit text: switches the open document into editing mode, or back to reading
    /// (the reading view reads the text again; changes still being written reach it when
    /// they land).
    pub(super) fn toggle_editing(&mut self) {
        if let Some(editor) = self.editor.take() {
            self.open_document(editor.document);
            return;
        }
        let (Some(project), Some(model)) = (&self.project, &self.model) else {
            return;
        };
        if project.store().is_read_only() {
            self.fail("This project is open read-only: its text cannot be edited.");
            return;
        }
        match TextEditor::open(project, model.id) {
            Ok(editor) => {
                self.view.selected_coding = None;
                self.editor = Some(editor);
            }
            Err(e) => self.fail(format!("cannot edit the text: {e}")),
        }
    }
}

/// The store's count of changes to the document's text.
fn text_revision(project: &Project, document: DocumentId) -> Result<i64> {
    Ok(project
        .store()
        .document_stamps()?
        .into_iter()
        .find(|d| d.id == document)
        .map_or(0, |d| d.text_revision))
}

/// The one change that turns `before` into `after` (common start and end kept), with offsets
/// counted from `offset`; `None` when they are equal.
pub fn difference(before: &str, after: &str, offset: usize) -> Option<TextChange> {
    if before == after {
        return None;
    }
    let prefix = before
        .chars()
        .zip(after.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let before_rest: Vec<char> = before.chars().skip(prefix).collect();
    let after_rest: Vec<char> = after.chars().skip(prefix).collect();
    let suffix = before_rest
        .iter()
        .rev()
        .zip(after_rest.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let removed = before_rest.len() - suffix;
    let inserted: String = after_rest[..after_rest.len() - suffix].iter().collect();
    Some(TextChange::new(
        TextRange::new(offset + prefix, offset + prefix + removed),
        inserted,
    ))
}

/// A paragraph laid out with its washes as text backgrounds.
fn layout_job(
    text: &str,
    washes: &[(TextRange, Color32)],
    font: &FontId,
    color: Color32,
    wrap: f32,
) -> LayoutJob {
    let mut job = LayoutJob::default();
    job.wrap.max_width = wrap;
    let plain = TextFormat {
        font_id: font.clone(),
        color,
        line_height: Some(font.size * theme::LINE_HEIGHT),
        ..Default::default()
    };
    let offsets = text::CharOffsets::new(text);
    let len = offsets.char_len();
    let mut at = 0;
    for (range, wash) in washes {
        let (s, e) = (range.start.min(len), range.end.min(len));
        if s > at {
            push(&mut job, text, &offsets, at, s, &plain);
        }
        if e > s.max(at) {
            let format = TextFormat {
                background: *wash,
                ..plain.clone()
            };
            push(&mut job, text, &offsets, s.max(at), e, &format);
            at = e;
        }
    }
    if at < len || len == 0 {
        push(&mut job, text, &offsets, at, len, &plain);
    }
    job
}

fn push(
    job: &mut LayoutJob,
    text: &str,
    offsets: &text::CharOffsets,
    from: usize,
    to: usize,
    format: &TextFormat,
) {
    if let Some(part) = offsets.slice(text, TextRange::new(from, to)) {
        job.append(part, 0.0, format.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_letter_is_one_insertion_and_a_deleted_word_one_deletion() {
        assert_eq!(
            difference("тарихи отан", "тарихи  отан", 100),
            Some(TextChange::insert(107, " "))
        );
        assert_eq!(
            difference("their own modernity", "their modernity", 0),
            Some(TextChange::delete(TextRange::new(6, 10)))
        );
        assert_eq!(
            difference("Қазақ", "Казах", 5),
            Some(TextChange::new(TextRange::new(5, 10), "Казах"))
        );
        assert_eq!(difference("same", "same", 0), None);
    }
}
