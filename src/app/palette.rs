//! The command palette (Ctrl+Shift+P): type words of an action's name or menu path, Enter runs
//! the highlighted one. Every action of the table is here, with its shortcut.

use egui::Key;

use super::actions::{Action, State};
use super::{Command, theme};

/// The open palette.
#[derive(Debug, Default)]
pub struct Palette {
    query: String,
    highlighted: usize,
    focused: bool,
}

const MAX_SHOWN: usize = 14;

/// Actions whose menu path holds every word of `query` (any case), enabled ones first.
fn matches(query: &str, state: &State) -> Vec<(Action, String)> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let mut found: Vec<(bool, usize, Action, String)> = Action::all()
        .into_iter()
        .enumerate()
        .filter(|(_, a)| a.visible(state))
        .map(|(order, a)| (order, a, a.path_label(state)))
        .filter(|(_, _, label)| {
            let lower = label.to_lowercase();
            words.iter().all(|w| lower.contains(w.as_str()))
        })
        .map(|(order, a, label)| (!a.enabled(state), order, a, label))
        .collect();
    found.sort_by_key(|(disabled, order, ..)| (*disabled, *order));
    found.into_iter().map(|(_, _, a, l)| (a, l)).collect()
}

impl Palette {
    /// Draws the palette; returns `true` when it should close.
    pub fn ui(&mut self, ctx: &egui::Context, state: &State, out: &mut Vec<Command>) -> bool {
        let found = matches(&self.query, state);
        let (up, down, enter, escape) = ctx.input(|i| {
            (
                i.key_pressed(Key::ArrowUp),
                i.key_pressed(Key::ArrowDown),
                i.key_pressed(Key::Enter),
                i.key_pressed(Key::Escape),
            )
        });
        let shown = found.len().min(MAX_SHOWN);
        if down && shown > 0 {
            self.highlighted = (self.highlighted + 1) % shown;
        }
        if up && shown > 0 {
            self.highlighted = (self.highlighted + shown - 1) % shown;
        }
        self.highlighted = self.highlighted.min(shown.saturating_sub(1));
        let mut close = false;
        let modal = egui::Modal::new(egui::Id::unique("command-palette")).show(ctx, |ui| {
            ui.set_width(theme::DIALOG_WIDTH.min(ctx.content_rect().width() - 40.0));
            ui.label(egui::RichText::new("Find an action").strong());
            let label = ui.label("Action name");
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut self.query)
                        .hint_text("type words of a menu item, e.g. “export word”")
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
            for (i, (action, label)) in found.iter().take(MAX_SHOWN).enumerate() {
                let enabled = action.enabled(state);
                ui.horizontal(|ui| {
                    let row = ui.add_enabled(
                        enabled,
                        egui::Button::selectable(i == self.highlighted, label.as_str()),
                    );
                    if row.clicked() {
                        out.push(Command::Action(*action));
                        close = true;
                    }
                    if let Some(s) = action.shortcut() {
                        ui.label(
                            egui::RichText::new(ctx.format_shortcut(&s))
                                .color(theme::secondary(ui.visuals())),
                        );
                    }
                });
            }
            if found.is_empty() {
                ui.label(
                    egui::RichText::new("No action has these words.")
                        .color(theme::secondary(ui.visuals())),
                );
            }
            ui.add_space(4.0);
            ui.label(
                egui::RichText::new("↑↓ choose · Enter run · Esc close")
                    .small()
                    .color(theme::secondary(ui.visuals())),
            );
        });
        if enter
            && !close
            && let Some((action, _)) = found.get(self.highlighted)
            && action.enabled(state)
        {
            out.push(Command::Action(*action));
            close = true;
        }
        close || escape || modal.should_close()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_any_order_find_an_action_by_its_menu_path() {
        let state = State {
            project_open: true,
            ..State::default()
        };
        let found = matches("word export excerpts", &state);
        assert_eq!(
            found.first().map(|(a, _)| *a),
            Some(Action::ExportExcerpts(crate::export::Format::Docx))
        );
        assert!(matches("zzzz", &state).is_empty());
    }
}
