//! The quick code picker (Ctrl+K): type to find a code, Enter applies the highlighted one, a
//! new name creates the code. Only an exact, prefix or word-start match may be highlighted by
//! itself; when the typed name matches codes only by scattered letters, "Create" is highlighted,
//! and the line under the list always says what Enter will do. The dialog keeps its size while
//! typing, so it never jumps.

use egui::{Key, Sense, vec2};

use super::view_models::CodebookView;
use super::{Command, theme};
use crate::domain::CodeId;

/// The open picker.
#[derive(Debug, Default)]
pub struct Picker {
    query: String,
    /// The highlighted row, once the researcher moved it with the arrows.
    chosen: Option<usize>,
    focused: bool,
}

const MAX_SHOWN: usize = 10;
const ROW_HEIGHT: f32 = 24.0;

/// How well a code's name matches what was typed; lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Match {
    /// The whole name (any case).
    Exact,
    /// The beginning of the name.
    Prefix,
    /// The beginning of a word of the name, or of a level of its path.
    WordStart,
    /// Somewhere inside the name.
    Inside,
    /// The letters in order, scattered: shown, never preselected.
    Scattered,
}

impl Match {
    /// Whether such a match may be highlighted without the researcher choosing it.
    pub fn preselectable(self) -> bool {
        self <= Match::WordStart
    }
}

/// How `query` matches `name` (a code's name or its path), if it does.
pub fn match_name(query: &str, name: &str) -> Option<Match> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Some(Match::Inside);
    }
    let n = name.to_lowercase();
    if n == q {
        return Some(Match::Exact);
    }
    if n.starts_with(&q) {
        return Some(Match::Prefix);
    }
    let word_start = n
        .match_indices(&q)
        .any(|(i, _)| n[..i].chars().last().is_none_or(|c| !c.is_alphanumeric()));
    if word_start {
        return Some(Match::WordStart);
    }
    if n.contains(&q) {
        return Some(Match::Inside);
    }
    let mut letters = n.chars();
    q.chars()
        .all(|c| letters.any(|l| l == c))
        .then_some(Match::Scattered)
}

/// A row of the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Code {
        id: CodeId,
        path: String,
        color: String,
        quality: Match,
    },
    Create(String),
}

/// The rows for `query`, best first, and the row Enter applies when the researcher has not
/// moved the highlight.
pub fn rows(query: &str, view: &CodebookView) -> (Vec<Row>, Option<usize>) {
    let typed = query.trim();
    let mut found: Vec<(Match, usize, &crate::project::CodebookEntry)> = view
        .entries
        .iter()
        .enumerate()
        .filter_map(|(order, e)| {
            let by_name = match_name(typed, &e.code.name);
            let by_path = match_name(typed, &e.path);
            by_name
                .into_iter()
                .chain(by_path)
                .min()
                .map(|m| (m, order, e))
        })
        .collect();
    found.sort_by_key(|(m, order, _)| (*m, *order));
    found.truncate(MAX_SHOWN);
    let codes: Vec<Row> = found
        .iter()
        .map(|(m, _, e)| Row::Code {
            id: e.code.id,
            path: e.path.clone(),
            color: e.code.color.clone(),
            quality: *m,
        })
        .collect();
    let exact = view
        .entries
        .iter()
        .any(|e| e.code.name.eq_ignore_ascii_case(typed) || e.code.name == typed);
    let offers_new = !typed.is_empty() && !exact && !typed.contains('/');
    let best_is_good = found.first().is_some_and(|(m, ..)| m.preselectable());
    if offers_new && !best_is_good {
        // Nothing matches well: creating is what Enter does, and it comes first.
        let mut all = vec![Row::Create(typed.to_owned())];
        all.extend(codes);
        (all, Some(0))
    } else {
        let mut all = codes;
        let preselect = if typed.is_empty() || best_is_good {
            (!all.is_empty()).then_some(0)
        } else {
            None
        };
        if offers_new {
            all.push(Row::Create(typed.to_owned()));
        }
        (all, preselect)
    }
}

impl Picker {
    /// Draws the picker; returns `true` when it should close.
    pub fn ui(&mut self, ctx: &egui::Context, view: &CodebookView, out: &mut Vec<Command>) -> bool {
        let (rows, preselected) = rows(&self.query, view);
        let (up, down, enter, escape) = ctx.input(|i| {
            (
                i.key_pressed(Key::ArrowUp),
                i.key_pressed(Key::ArrowDown),
                i.key_pressed(Key::Enter),
                i.key_pressed(Key::Escape),
            )
        });
        let count = rows.len();
        if count > 0 && (up || down) {
            let current = self.chosen.or(preselected);
            self.chosen = Some(match (current, down) {
                (None, true) => 0,
                (None, false) => count - 1,
                (Some(i), true) => (i + 1) % count,
                (Some(i), false) => (i + count - 1) % count,
            });
        }
        let highlighted = self.chosen.filter(|i| *i < count).or(preselected);
        let mut close = false;
        let apply = |row: &Row, out: &mut Vec<Command>| match row {
            Row::Code { id, .. } => out.push(Command::ApplyCode(*id)),
            Row::Create(name) => out.push(Command::CreateCodeAndApply(name.clone())),
        };
        let width = 440.0_f32.min(ctx.content_rect().width() - 40.0);
        let modal = egui::Modal::new(egui::Id::unique("quick-code-picker")).show(ctx, |ui| {
            ui.set_width(width);
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
                self.chosen = None;
            }
            ui.add_space(4.0);
            // The list always takes the same height, so the dialog never moves while typing.
            let list_height = ROW_HEIGHT * MAX_SHOWN as f32 + ROW_HEIGHT;
            let (list, _) = ui.allocate_exact_size(vec2(width, list_height), Sense::hover());
            let mut list_ui = ui.new_child(egui::UiBuilder::new().max_rect(list));
            for (i, row) in rows.iter().enumerate() {
                let selected = highlighted == Some(i);
                list_ui.horizontal(|ui| match row {
                    Row::Code { path, color, .. } => {
                        let (r, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
                        ui.painter()
                            .rect_filled(r.shrink(1.0), 2.0, theme::code_color(color));
                        if ui.selectable_label(selected, path).clicked() {
                            apply(row, out);
                            close = true;
                        }
                    }
                    Row::Create(name) => {
                        ui.add_space(16.0);
                        if ui
                            .selectable_label(selected, format!("+ Create code “{name}”"))
                            .clicked()
                        {
                            apply(row, out);
                            close = true;
                        }
                    }
                });
            }
            if rows.is_empty() {
                list_ui.label(
                    egui::RichText::new("No codes yet: type a name to create one.")
                        .color(theme::secondary(ui.visuals())),
                );
            }
            let what = match highlighted.and_then(|i| rows.get(i)) {
                Some(Row::Code { path, .. }) => format!("Enter applies “{path}”"),
                Some(Row::Create(name)) => {
                    format!("Enter creates the code “{name}” and applies it")
                }
                None => "Enter does nothing yet: choose a code with ↑↓".to_owned(),
            };
            ui.label(egui::RichText::new(what).strong());
            ui.label(
                egui::RichText::new("↑↓ choose · Enter apply · Esc close")
                    .small()
                    .color(theme::secondary(ui.visuals())),
            );
        });
        if enter
            && !close
            && let Some(row) = highlighted.and_then(|i| rows.get(i))
        {
            apply(row, out);
            close = true;
        }
        close || escape || modal.should_close()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_rank_exact_prefix_word_inside_then_scattered() {
        assert_eq!(
            match_name("own modernity", "Own Modernity"),
            Some(Match::Exact)
        );
        assert_eq!(match_name("own", "own modernity"), Some(Match::Prefix));
        assert_eq!(match_name("mod", "own modernity"), Some(Match::WordStart));
        assert_eq!(match_name("dern", "own modernity"), Some(Match::Inside));
        assert_eq!(
            match_name("gender", "Belonging/insiders and outsiders"),
            Some(Match::Scattered)
        );
        assert_eq!(match_name("xyz", "own modernity"), None);
        assert_eq!(match_name("мод", "Модерность"), Some(Match::Prefix));
        assert!(!Match::Scattered.preselectable() && !Match::Inside.preselectable());
    }
}
