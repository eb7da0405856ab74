//! Whose codings the reading view shows: a menu beside the document's title (when the project
//! has two or more coders) with every coder, only mine (blind coding), or chosen coders; and,
//! when several coders' codings are shown, which stripe pattern is whose.

use egui::Ui;

use super::{Action, Command, theme};
use crate::domain::CoderId;

/// What the menu reads.
pub struct CoderFilter<'a> {
    /// Every coder of the project, with their names.
    pub coders: &'a [(CoderId, String)],
    /// The coders chosen (empty: every coder).
    pub shown: &'a [CoderId],
    /// Whether blind coding is on (only the coder's own codings).
    pub blind: bool,
    /// The coders whose codings the open document shows, in pattern order.
    pub in_view: &'a [CoderId],
}

impl CoderFilter<'_> {
    fn label(&self) -> String {
        if self.blind {
            "Coders: only mine".to_owned()
        } else if self.shown.is_empty() {
            "Coders: all".to_owned()
        } else if let [one] = self.shown {
            let name = self
                .coders
                .iter()
                .find(|(id, _)| id == one)
                .map_or("?", |(_, n)| n.as_str());
            format!("Coders: {name}")
        } else {
            format!("Coders: {} of {}", self.shown.len(), self.coders.len())
        }
    }

    /// The menu button; what is chosen goes to `out`.
    pub fn ui(&self, ui: &mut Ui, out: &mut Vec<Command>) {
        ui.menu_button(self.label(), |ui| {
            if ui
                .radio(!self.blind && self.shown.is_empty(), "All coders")
                .clicked()
            {
                if self.blind {
                    out.push(Command::Action(Action::ToggleBlind));
                }
                out.push(Command::ShowCoders(Vec::new()));
                ui.close();
            }
            if ui.radio(self.blind, "Only mine (blind coding)").clicked() && !self.blind {
                out.push(Command::Action(Action::ToggleBlind));
                ui.close();
            }
            ui.separator();
            for (id, name) in self.coders {
                let mut on = !self.blind && (self.shown.is_empty() || self.shown.contains(id));
                let pattern = self
                    .in_view
                    .iter()
                    .position(|c| c == id)
                    .filter(|_| self.in_view.len() >= 2);
                let label = match pattern {
                    Some(p) => format!("{name}   {}", theme::pattern_sample(p)),
                    None => name.clone(),
                };
                if ui.checkbox(&mut on, label).changed() {
                    let mut chosen: Vec<CoderId> = if self.shown.is_empty() || self.blind {
                        self.coders.iter().map(|(c, _)| *c).collect()
                    } else {
                        self.shown.to_vec()
                    };
                    if on {
                        chosen.push(*id);
                    } else {
                        chosen.retain(|c| c != id);
                    }
                    chosen.sort_unstable_by_key(|c| c.0);
                    chosen.dedup();
                    if chosen.len() == self.coders.len() {
                        chosen.clear();
                    }
                    if self.blind {
                        out.push(Command::Action(Action::ToggleBlind));
                    }
                    out.push(Command::ShowCoders(chosen));
                }
            }
            if self.in_view.len() >= 2 {
                ui.separator();
                ui.label(
                    egui::RichText::new("Stripes: each coder's codings have their own pattern.")
                        .small()
                        .color(theme::secondary(ui.visuals())),
                );
            }
        });
    }
}
