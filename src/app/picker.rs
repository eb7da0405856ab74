//! The quick code picker (Ctrl+K): type to filter codes with fuzzy matching, Enter applies the
//! highlighted code, a new name creates the code.

use egui::{Key, Sense, vec2};

use super::view_models::{CodebookView, fuzzy_score};
use super::{Command, theme};
use crate::domain::CodeId;

#[derive(Debug, Default)]
pub struct Picker {
    query: String,
    highlighted: usize,
    focused: bool,
}

const MAX_SHOWN: usize = 12;

impl Picker {
    /// Matching codes, best first.
    fn matches(&self, view: &CodebookView) -> Vec<(CodeId, String, String)> {
        let mut scored: Vec<(usize, usize, CodeId, String, String)> = view
            .entries
            .iter()
            .enumerate()
            .filter_map(|(order, e)| {
                fuzzy_score(&self.query, &e.code.name)
                    .or_else(|| fuzzy_score(&self.query, &e.path).map(|s| s + 1000))
                    .map(|s| (s, order, e.code.id, e.path.clone(), e.code.color.clone()))
            })
            .collect();
        scored.sort_by_key(|(s, order, ..)| (*s, *order));
        scored
            .into_iter()
            .take(MAX_SHOWN)
            .map(|(_, _, id, path, color)| (id, path, color))
            .collect()
    }

    /// Draws the picker; returns `true` when it should close.
    pub fn ui(&mut self, ctx: &egui::Context, view: &CodebookView, out: &mut Vec<Command>) -> bool {
        let matches = self.matches(view);
        let query = self.query.trim().to_owned();
        let exact = view.entries.iter().any(|e| e.code.name == query);
        let offers_new = !query.is_empty() && !exact && !query.contains('/');
        let choices = matches.len() + usize::from(offers_new);
        let mut close = false;
        let (up, down, enter, escape) = ctx.input(|i| {
            (
                i.key_pressed(Key::ArrowUp),
                i.key_pressed(Key::ArrowDown),
                i.key_pressed(Key::Enter),
                i.key_pressed(Key::Escape),
            )
        });
        if down && choices > 0 {
            self.highlighted = (self.highlighted + 1) % choices;
        }
        if up && choices > 0 {
            self.highlighted = (self.highlighted + choices - 1) % choices;
        }
        self.highlighted = self.highlighted.min(choices.saturating_sub(1));
        let modal = egui::Modal::new(egui::Id::unique("quick-code-picker")).show(ctx, |ui| {
            ui.set_width(420.0);
            ui.label(egui::RichText::new("Apply a code to the selection").strong());
            let label = ui.label("Code name");
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut self.query)
                        .hint_text("type to find a code, or a new name")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            if !self.focused {
                response.request_focus();
                self.focused = true;
            }
            if response.changed() {
                self.highlighted = 0;
            }
            ui.add_space(4.0);
            for (i, (id, path, color)) in matches.iter().enumerate() {
                let selected = i == self.highlighted;
                ui.horizontal(|ui| {
                    let (r, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
                    ui.painter()
                        .rect_filled(r.shrink(1.0), 2.0, theme::code_color(color));
                    if ui.selectable_label(selected, path).clicked() {
                        out.push(Command::ApplyCode(*id));
                        close = true;
                    }
                });
            }
            if offers_new {
                let selected = self.highlighted == matches.len();
                if ui
                    .selectable_label(selected, format!("+ Create code “{query}”"))
                    .clicked()
                {
                    out.push(Command::CreateCodeAndApply(query.clone()));
                    close = true;
                }
            }
            if choices == 0 {
                ui.label(
                    egui::RichText::new("No codes yet: type a name to create one.")
                        .color(theme::secondary(ui.visuals())),
                );
            }
            ui.add_space(4.0);
            ui.label(
                egui::RichText::new("↑↓ choose · Enter apply · Esc close")
                    .small()
                    .color(theme::secondary(ui.visuals())),
            );
        });
        if enter && !close {
            if let Some((id, _, _)) = matches.get(self.highlighted) {
                out.push(Command::ApplyCode(*id));
                close = true;
            } else if offers_new {
                out.push(Command::CreateCodeAndApply(query));
                close = true;
            }
        }
        close || escape || modal.should_close()
    }
}
