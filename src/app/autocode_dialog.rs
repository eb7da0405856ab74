//! Autocode from the search results: choose a code (found as in the quick picker), code each
//! hit or the sentence or paragraph around it, and see first what will be coded — every
//! passage with a checkbox (untick to skip) and the count, passages the code already holds
//! counted as skipped. Apply is one undoable step.

use std::fmt::Write as _;
use std::sync::Arc;

use egui::{Sense, vec2};

use super::picker::{self, Row};
use super::search_panel::Found;
use super::view_models::CodebookView;
use super::{Workbench, theme};
use crate::domain::{CodeId, Edit};
use crate::search::{
    AutocodePreview, Candidate, Field, Hit, Scope, SearchIndex, SearchResults, Source, autocode,
};

/// Passages whose text is shown in full in the preview; longer ones are cut.
const SHOWN_CHARS: usize = 160;
/// Codes listed under the code field.
const CODES_LISTED: usize = 6;

/// A preview for one code and scope, at one state of the codings.
struct Preview {
    key: (CodeId, Scope, u64),
    passages: AutocodePreview,
    ticked: Vec<bool>,
}

/// The open autocode dialog.
pub struct AutocodeDialog {
    index: Arc<SearchIndex>,
    results: SearchResults,
    query: String,
    code_text: String,
    code: Option<CodeId>,
    scope: Scope,
    focused: bool,
    preview: Option<Preview>,
    error: Option<String>,
}

/// What the dialog asks for after a frame.
enum Outcome {
    Stay,
    Close,
    Apply(Edit, String),
}

/// A passage's text on one line, cut to [`SHOWN_CHARS`].
fn short(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    if flat.chars().count() <= SHOWN_CHARS {
        flat
    } else {
        let cut: String = flat.chars().take(SHOWN_CHARS).collect();
        format!("{}…", cut.trim_end())
    }
}

/// A passage as the preview lists it: a hit in its context, or the sentence or paragraph
/// (cut), with a note when the code already covers part of it.
fn candidate_label(
    ui: &egui::Ui,
    index: &SearchIndex,
    c: &Candidate,
    scope: Scope,
) -> egui::text::LayoutJob {
    let visuals = ui.visuals();
    let plain = egui::TextFormat {
        font_id: theme::reading_font(14.0),
        color: visuals.text_color(),
        ..Default::default()
    };
    let weak = egui::TextFormat {
        color: theme::secondary(visuals),
        ..plain.clone()
    };
    let mut job = egui::text::LayoutJob::default();
    let hit = Hit {
        source: Source::Document(c.document),
        field: Field::Text,
        range: c.range,
    };
    match index.kwic(&hit, 50).filter(|_| scope == Scope::Hit) {
        Some(kwic) => {
            job.append(&format!("…{}", short(&kwic.before)), 0.0, weak.clone());
            let strong = egui::TextFormat {
                background: theme::search_hit(visuals.dark_mode),
                ..plain
            };
            job.append(&short(&kwic.text), 0.0, strong);
            job.append(&format!("{}…", short(&kwic.after)), 0.0, weak.clone());
        }
        None => job.append(&short(&c.text), 0.0, plain),
    }
    if c.partly_coded {
        job.append(" (partly coded with it already)", 0.0, weak);
    }
    job
}

impl AutocodeDialog {
    /// A dialog for these results (found in `index`), with `code` (the one selected in the codebook) chosen.
    pub fn new(found: &Found, index: Arc<SearchIndex>, code: Option<CodeId>) -> AutocodeDialog {
        AutocodeDialog {
            index,
            results: found.results.clone(),
            query: found.query.text.clone(),
            code_text: String::new(),
            code,
            scope: Scope::Hit,
            focused: false,
            preview: None,
            error: None,
        }
    }

    /// Computes the preview again when the code, the scope or the codings changed.
    fn refresh(&mut self, store: &crate::store::Store, codings: u64) {
        let Some(code) = self.code else {
            self.preview = None;
            return;
        };
        let key = (code, self.scope, codings);
        if self.preview.as_ref().is_some_and(|p| p.key == key) {
            return;
        }
        match autocode::preview(&self.index, &self.results, store, Some(code), self.scope) {
            Ok(preview) => {
                let ticked = vec![true; preview.candidates.len()];
                self.preview = Some(Preview {
                    key,
                    passages: preview,
                    ticked,
                });
                self.error = None;
            }
            Err(e) => {
                self.preview = None;
                self.error = Some(e.to_string());
            }
        }
    }

    fn ui(&mut self, ctx: &egui::Context, codebook: &CodebookView, coder: &str) -> Outcome {
        let mut outcome = Outcome::Stay;
        let width = 660.0_f32.min(ctx.content_rect().width() - 40.0);
        let height = (ctx.content_rect().height() - 360.0).clamp(120.0, 420.0);
        let modal = egui::Modal::new(egui::Id::unique("autocode-dialog")).show(ctx, |ui| {
            ui.set_width(width);
            let weak = theme::secondary(ui.visuals());
            ui.label(egui::RichText::new("Autocode from the search").strong());
            ui.label(egui::RichText::new(format!("Search: {}", self.query)).color(weak));
            ui.add_space(6.0);
            // The code: type to find it, click to choose.
            ui.horizontal(|ui| {
                let label = ui.label("Code");
                let response = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.code_text)
                            .hint_text("type to find a code")
                            .desired_width(260.0),
                    )
                    .labelled_by(label.id);
                if !self.focused && self.code.is_none() {
                    response.request_focus();
                }
                self.focused = true;
                match self.code.and_then(|c| codebook.entry(c)) {
                    Some(e) => {
                        let (r, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
                        ui.painter().rect_filled(
                            r.shrink(1.0),
                            2.0,
                            theme::code_color(&e.code.color),
                        );
                        ui.label(egui::RichText::new(&e.path).strong());
                    }
                    None => {
                        ui.label(egui::RichText::new("no code chosen").color(weak));
                    }
                }
            });
            if !self.code_text.trim().is_empty() || self.code.is_none() {
                let (rows, _) = picker::rows(&self.code_text, codebook);
                ui.horizontal_wrapped(|ui| {
                    for row in rows
                        .iter()
                        .filter(|r| matches!(r, Row::Code { .. }))
                        .take(CODES_LISTED)
                    {
                        if let Row::Code { id, path, .. } = row
                            && ui
                                .selectable_label(self.code == Some(*id), path)
                                .on_hover_text(format!("Code the passages with “{path}”"))
                                .clicked()
                        {
                            self.code = Some(*id);
                            self.code_text.clear();
                        }
                    }
                });
            }
            ui.horizontal(|ui| {
                ui.label("Code each");
                ui.radio_value(&mut self.scope, Scope::Hit, "hit");
                ui.radio_value(&mut self.scope, Scope::Sentence, "sentence around a hit");
                ui.radio_value(&mut self.scope, Scope::Paragraph, "paragraph around a hit");
            });
            ui.separator();
            let code_path = self
                .code
                .and_then(|c| codebook.entry(c))
                .map(|e| e.path.clone());
            if let Some(error) = &self.error {
                ui.colored_label(theme::error(ui.visuals()), error);
            }
            let (Some(path), Some(preview)) = (&code_path, &mut self.preview) else {
                ui.label(
                    egui::RichText::new(
                        "Choose a code to see the passages it would be applied to.",
                    )
                    .color(weak),
                );
                if ui.button("Cancel").clicked() {
                    outcome = Outcome::Close;
                }
                return;
            };
            let chosen = preview.ticked.iter().filter(|t| **t).count();
            let unticked = preview.ticked.len() - chosen;
            let mut line = format!(
                "{chosen} of {} passages will be coded with “{path}”",
                preview.passages.candidates.len()
            );
            if unticked > 0 {
                let _ = write!(line, " · {unticked} unticked");
            }
            if preview.passages.already_coded > 0 {
                let _ = write!(
                    line,
                    " · {} already coded with it, skipped",
                    preview.passages.already_coded
                );
            }
            ui.label(egui::RichText::new(line).strong());
            let index = &self.index;
            let scope = self.scope;
            egui::ScrollArea::vertical()
                .id_salt("autocode-preview")
                .max_height(height)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    let mut last = None;
                    for (c, ticked) in preview
                        .passages
                        .candidates
                        .iter()
                        .zip(preview.ticked.iter_mut())
                    {
                        if last != Some(c.document) {
                            last = Some(c.document);
                            let document = index
                                .source_info(Source::Document(c.document))
                                .map_or("?", |i| i.name.as_str());
                            ui.label(egui::RichText::new(document).strong());
                        }
                        ui.checkbox(ticked, candidate_label(ui, index, c, scope));
                    }
                });
            ui.separator();
            ui.horizontal(|ui| {
                let apply_label = format!(
                    "Apply “{path}” to {chosen} passage{}",
                    if chosen == 1 { "" } else { "s" }
                );
                if ui
                    .add_enabled(chosen > 0, egui::Button::new(apply_label))
                    .clicked()
                    && let Some(code) = self.code
                {
                    let edit = autocode::edit(
                        preview
                            .passages
                            .candidates
                            .iter()
                            .zip(&preview.ticked)
                            .filter(|(_, t)| **t)
                            .map(|(c, _)| c),
                        code,
                        coder,
                    );
                    let notice = format!(
                        "Coded {chosen} passage{} with “{path}” (Edit ▸ Undo takes them back)",
                        if chosen == 1 { "" } else { "s" }
                    );
                    outcome = Outcome::Apply(edit, notice);
                }
                if ui.button("Tick all").clicked() {
                    preview.ticked.iter_mut().for_each(|t| *t = true);
                }
                if ui.button("Untick all").clicked() {
                    preview.ticked.iter_mut().for_each(|t| *t = false);
                }
                if ui.button("Cancel").clicked() {
                    outcome = Outcome::Close;
                }
            });
        });
        if matches!(outcome, Outcome::Stay) && modal.should_close() {
            Outcome::Close
        } else {
            outcome
        }
    }
}

impl Workbench {
    /// Draws the autocode dialog when open; applies its edit as one step.
    pub(super) fn autocode_dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(project) = &self.project else {
            self.search_ui.autocode = None;
            return;
        };
        let Some(dialog) = &mut self.search_ui.autocode else {
            return;
        };
        dialog.refresh(project.store(), self.versions.codings);
        let coder = project.coder().to_owned();
        match dialog.ui(ctx, &self.codebook, &coder) {
            Outcome::Stay => {}
            Outcome::Close => self.search_ui.autocode = None,
            Outcome::Apply(edit, notice) => {
                self.search_ui.autocode = None;
                if self.execute(edit, None).is_some() {
                    self.notify(notice);
                }
            }
        }
    }
}
