//! The disagreement navigator (Codes ▸ Disagreements between coders…, a view of the analysis
//! tab): the places where two coders differ in a list, the chosen one with both versions side
//! by side, F8 and Shift+F8 to step through them (the reading view shows each), and the ways to
//! resolve one — keep A's, keep B's, keep both, or a consensus coding on the passage selected in
//! the reading view. Each resolution is one undoable step that records who resolved it.

use egui::{RichText, Sense, Ui};

use super::bidi_label::{BidiLabel, Fit};
use super::{Command, theme};
use crate::analysis::disagreements::{Disagreements, Place, PlaceCoding};
use crate::bidi::Direction;
use crate::domain::{CodeId, Resolution};

/// Where the navigator stands.
#[derive(Debug, Default)]
pub struct Navigator {
    /// The place shown (an index into the places listed).
    pub current: usize,
    /// The code a consensus coding gets; the place's first code when unset.
    pub consensus_code: Option<CodeId>,
    /// Whether a place was gone to yet (the first F8 goes to the first place).
    stepped: bool,
}

/// The codes of a place, each once, in order.
pub fn place_codes(place: &Place) -> Vec<(CodeId, String)> {
    let mut codes: Vec<(CodeId, String)> = Vec::new();
    for c in place.a.iter().chain(&place.b) {
        if !codes.iter().any(|(id, _)| *id == c.code) {
            codes.push((c.code, c.code_path.clone()));
        }
    }
    codes
}

impl Navigator {
    /// Moves to the next (or previous) place, wrapping around; returns the place to show.
    pub fn step<'a>(&mut self, d: &'a Disagreements, forward: bool) -> Option<&'a Place> {
        let n = d.places.len();
        if n == 0 {
            return None;
        }
        if !self.stepped {
            self.stepped = true;
            self.current = self.current.min(n - 1);
            return d.places.get(self.current);
        }
        self.current = if forward {
            (self.current + 1) % n
        } else {
            (self.current + n - 1) % n
        };
        self.consensus_code = None;
        d.places.get(self.current)
    }

    /// The place shown, if any.
    pub fn place<'a>(&self, d: &'a Disagreements) -> Option<&'a Place> {
        d.places.get(self.current).or_else(|| d.places.last())
    }

    /// The code a consensus coding at `place` gets.
    pub fn consensus_code(&self, place: &Place) -> Option<CodeId> {
        let codes = place_codes(place);
        self.consensus_code
            .filter(|c| codes.iter().any(|(id, _)| id == c))
            .or_else(|| codes.first().map(|(id, _)| *id))
    }
}

/// One coder's version at a place.
fn version_ui(ui: &mut Ui, name: &str, codings: &[PlaceCoding]) {
    ui.strong(name);
    if codings.is_empty() {
        ui.label(RichText::new("nothing coded here").color(theme::secondary(ui.visuals())));
        return;
    }
    for c in codings {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), Sense::hover());
            ui.painter()
                .rect_filled(rect.shrink(1.0), 2.0, theme::code_color(&c.color));
            super::bidi_label::code_name(ui, &c.code_path);
        });
        let format = egui::TextFormat {
            font_id: theme::reading_font(14.0),
            color: ui.visuals().text_color(),
            ..Default::default()
        };
        BidiLabel::new(
            egui::text::LayoutJob::single_section(format!("“{}”", c.text), format),
            Direction::Auto,
            Fit::Fill,
        )
        .show(ui);
        ui.label(
            RichText::new(format!("characters {}–{}", c.range.start, c.range.end))
                .small()
                .color(theme::secondary(ui.visuals())),
        );
        ui.add_space(4.0);
    }
}

/// The navigator: the list of places, the chosen one side by side, and its resolutions.
pub fn navigator_ui(ui: &mut Ui, d: &Disagreements, nav: &mut Navigator, out: &mut Vec<Command>) {
    let (a, b) = (d.coders[0].1.as_str(), d.coders[1].1.as_str());
    let n = d.places.len();
    ui.horizontal_wrapped(|ui| {
        let resolved = if d.resolved == 0 {
            String::new()
        } else {
            format!(" · {} resolved", d.resolved)
        };
        ui.label(
            RichText::new(format!(
                "{} where {a} and {b} differ{resolved}",
                super::widgets::counted(n, "place", "places")
            ))
            .strong(),
        );
        if n > 0 {
            ui.separator();
            if ui.button("◀ Previous").on_hover_text("Shift+F8").clicked() {
                out.push(Command::Action(super::Action::PreviousDisagreement));
            }
            ui.label(format!("{} of {n}", nav.current.min(n - 1) + 1));
            if ui.button("Next ▶").on_hover_text("F8").clicked() {
                out.push(Command::Action(super::Action::NextDisagreement));
            }
        }
    });
    if !d.left_out.is_empty() {
        ui.label(
            RichText::new(format!(
                "Left out, coded by only one of them: {}",
                d.left_out.join("; ")
            ))
            .small()
            .color(theme::secondary(ui.visuals())),
        );
    }
    if n == 0 {
        ui.label(
            RichText::new(
                "Nothing to resolve: wherever both coders coded, they chose the same codes and the same passages.",
            )
            .color(theme::secondary(ui.visuals())),
        );
        return;
    }
    nav.current = nav.current.min(n - 1);
    ui.separator();
    ui.columns(2, |cols| {
        egui::ScrollArea::vertical()
            .id_salt("disagreement-list")
            .auto_shrink([false, false])
            .show(&mut cols[0], |ui| {
                for (i, place) in d.places.iter().enumerate() {
                    let label = format!(
                        "{} · characters {}–{} · {}",
                        place.document_name,
                        place.range.start,
                        place.range.end,
                        place.kind.describe(a, b)
                    );
                    let chosen = i == nav.current;
                    let response = ui.selectable_label(chosen, label);
                    if chosen && response.gained_focus() {
                        response.scroll_to_me(None);
                    }
                    if response.clicked() {
                        nav.current = i;
                        nav.stepped = true;
                        nav.consensus_code = None;
                        out.push(Command::ShowPassage(place.document, place.range));
                    }
                }
            });
        let Some(place) = nav.place(d) else {
            return;
        };
        // Not justified: a wrapped line would be spread letter by letter.
        cols[1].vertical(|ui| place_ui(ui, d, place, nav, out));
    });
}

/// The place shown: both versions side by side, and the ways to resolve it.
fn place_ui(
    ui: &mut Ui,
    d: &Disagreements,
    place: &Place,
    nav: &mut Navigator,
    out: &mut Vec<Command>,
) {
    let (a, b) = (d.coders[0].1.as_str(), d.coders[1].1.as_str());
    ui.label(
        RichText::new(format!(
            "{} · {}",
            place.document_name,
            place.kind.describe(a, b)
        ))
        .color(theme::secondary(ui.visuals())),
    );
    egui::ScrollArea::vertical()
        .id_salt("disagreement-versions")
        .max_height(ui.available_height() - 64.0)
        .show(ui, |ui| {
            ui.columns(2, |sides| {
                version_ui(&mut sides[0], a, &place.a);
                version_ui(&mut sides[1], b, &place.b);
            });
        });
    ui.separator();
    ui.horizontal(|ui| {
        for (outcome, label, hint) in [
            (
                Resolution::KeepA,
                format!("Keep {a}'s"),
                format!("Removes {b}'s codings here"),
            ),
            (
                Resolution::KeepB,
                format!("Keep {b}'s"),
                format!("Removes {a}'s codings here"),
            ),
            (
                Resolution::KeepBoth,
                "Keep both".to_owned(),
                "Both versions stay; the place is marked resolved".to_owned(),
            ),
        ] {
            if ui.button(label).on_hover_text(hint).clicked() {
                out.push(Command::ResolveDisagreement(outcome));
            }
        }
    });
    ui.horizontal(|ui| {
        let codes = place_codes(place);
        let chosen = nav.consensus_code(place);
        // The code's own name: its path is in the list.
        let chosen_name = codes
            .iter()
            .find(|(id, _)| Some(*id) == chosen)
            .map_or("", |(_, p)| p.rsplit('/').next().unwrap_or(p));
        if ui
            .button("Consensus on the selection")
            .on_hover_text(
                "Removes both coders' codings here and codes the passage selected in the reading view with the chosen code, signed by you",
            )
            .clicked()
        {
            out.push(Command::ResolveDisagreement(Resolution::Consensus));
        }
        egui::ComboBox::from_label("code")
            .selected_text(chosen_name)
            .truncate()
            .width((ui.available_width() - 90.0).clamp(80.0, 160.0))
            .show_ui(ui, |ui| {
                for (id, path) in &codes {
                    if ui.selectable_label(Some(*id) == chosen, path).clicked() {
                        nav.consensus_code = Some(*id);
                    }
                }
            });
    });
}

impl super::Workbench {
    /// F8 / Shift+F8: shows the navigator and its next (previous) place in the reading view.
    pub(super) fn step_disagreement(&mut self, forward: bool) {
        self.bottom = Some(super::BottomTab::Analysis);
        if self.analysis_ui.view != super::analysis_panel::View::Disagreements {
            self.analysis_ui
                .show(super::analysis_panel::View::Disagreements);
            return;
        }
        let Some(d) = self.analysis_ui.disagreements().cloned() else {
            return;
        };
        if let Some(place) = self.analysis_ui.navigator.step(&d, forward) {
            self.commands
                .push(Command::ShowPassage(place.document, place.range));
        }
    }

    /// Resolves the place the navigator shows: one undoable step, signed by this coder.
    pub(super) fn resolve_disagreement(&mut self, outcome: Resolution) {
        let Some(d) = self.analysis_ui.disagreements() else {
            return;
        };
        let Some(place) = self.analysis_ui.navigator.place(d).cloned() else {
            return;
        };
        let consensus = match outcome {
            Resolution::Consensus => {
                let selected = self
                    .model
                    .as_ref()
                    .filter(|m| m.id == place.document)
                    .and_then(|_| self.view.selected_range());
                let Some(range) = selected else {
                    self.fail(format!(
                        "Select the consensus passage in “{}” first.",
                        place.document_name
                    ));
                    return;
                };
                self.analysis_ui
                    .navigator
                    .consensus_code(&place)
                    .map(|code| crate::analysis::disagreements::Consensus { code, range })
            }
            _ => None,
        };
        let coder = self.config.coder_or_login();
        let d = self.analysis_ui.disagreements().cloned();
        let edit = d.map(|d| d.resolve(&place, outcome, &coder, consensus, &self.codebook.entries));
        match edit {
            Some(Ok(edit)) => {
                self.execute(edit, None);
            }
            Some(Err(e)) => self.fail(e),
            None => {}
        }
    }
}
