//! The inspector: what is under the selection, the selected coding with its memo, or the
//! selected code with its definition card and history.

use egui::{Rect, Sense, Ui, vec2};

use egui::text::LayoutJob;

use super::bidi_label::{BidiLabel, Fit, code_name};
use super::document_view::DocumentView;
use super::view_models::{CodebookView, DocumentModel};
use super::{Command, theme};
use crate::domain::{CodeId, CodingId, Edit};
use crate::project::Project;

/// What the inspector reads (never writes).
pub struct Context<'a> {
    pub model: Option<&'a DocumentModel>,
    pub view: &'a DocumentView,
    /// The selected coding in full, if any.
    pub selected: Option<(&'a crate::domain::Coding, &'a str)>,
    pub codebook: &'a CodebookView,
    pub selected_code: Option<CodeId>,
    pub project: Option<&'a Project>,
    /// The codebook's and the memos' data versions (the code card's history is read again
    /// when they move).
    pub versions: (u64, u64),
}

#[derive(Debug, Default)]
pub struct InspectorUi {
    memo: Option<(CodingId, String)>,
    card: super::code_card::CodeCardUi,
}

fn swatch(ui: &mut Ui, color: egui::Color32) {
    let (rect, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
    ui.painter().rect_filled(
        Rect::from_center_size(rect.center(), vec2(10.0, 10.0)),
        2.0,
        color,
    );
}

fn section(ui: &mut Ui, title: &str) {
    ui.add_space(6.0);
    ui.label(egui::RichText::new(title).strong());
}

fn weak(ui: &mut Ui, text: impl Into<String>) {
    ui.label(egui::RichText::new(text.into()).color(theme::secondary(ui.visuals())));
}

impl InspectorUi {
    pub fn ui(&mut self, ui: &mut Ui, cx: &Context<'_>, out: &mut Vec<Command>) {
        ui.heading("Inspector");
        egui::ScrollArea::vertical()
            .id_salt("inspector")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if let Some((model, (coding, coder))) = cx.model.zip(cx.selected) {
                    self.coding_ui(ui, cx, model, coding, coder, out);
                } else if let (Some(model), Some(range)) = (cx.model, cx.view.selected_range()) {
                    section(ui, &format!("Selection ¶{}", model.paragraph_number(range.start)));
                    weak(ui, format!("{} characters", range.len()));
                    ui.add_space(4.0);
                    weak(ui, "Click a code, drag the selection onto one, press 1–9 for a recent code, or Ctrl+K.");
                    codes_here(ui, model, range.start);
                } else if let Some(entry) = cx.selected_code.and_then(|id| cx.codebook.entry(id)) {
                    self.code_ui(ui, entry, cx, out);
                } else {
                    ui.add_space(8.0);
                    weak(ui, "Select text, then click a code — or press Ctrl+K.");
                    if let Some(model) = cx.model
                        && let Some(sel) = cx.view.selection
                    {
                        codes_here(ui, model, sel.cursor);
                    }
                }
                if let Some(project) = cx.project {
                    ui.add_space(12.0);
                    ui.separator();
                    weak(ui, format!("Coder: {}", project.coder()));
                }
            });
    }

    fn coding_ui(
        &mut self,
        ui: &mut Ui,
        cx: &Context<'_>,
        model: &DocumentModel,
        coding: &crate::domain::Coding,
        coder: &str,
        out: &mut Vec<Command>,
    ) {
        let look = model.looks.get(&coding.code);
        section(
            ui,
            &format!("Coding ¶{}", model.paragraph_number(coding.range.start)),
        );
        ui.horizontal(|ui| {
            swatch(ui, look.map_or(egui::Color32::GRAY, |l| l.color));
            code_name(ui, look.map_or("", |l| l.path.as_str()));
        });
        weak(
            ui,
            format!(
                "characters {}–{} · {} · {}",
                coding.range.start,
                coding.range.end,
                coder,
                coding.created_at.get(..10).unwrap_or_default()
            ),
        );
        let excerpt: String = coding.text.chars().take(600).collect();
        let more = if coding.text.chars().count() > 600 {
            "…"
        } else {
            ""
        };
        let format = egui::TextFormat {
            font_id: egui::TextStyle::Body.resolve(ui.style()),
            color: ui.visuals().text_color(),
            italics: true,
            ..Default::default()
        };
        BidiLabel::new(
            LayoutJob::single_section(format!("“{excerpt}{more}”"), format),
            model.direction,
            Fit::Fill,
        )
        .show(ui);

        section(ui, "Memo");
        if self.memo.as_ref().is_none_or(|(id, _)| *id != coding.id) {
            self.memo = Some((coding.id, coding.memo.clone()));
        }
        if let Some((id, text)) = &mut self.memo {
            let label = ui.label("Memo on this coding");
            let response = super::memo_text::add_editor(
                ui,
                text,
                4,
                "Write a memo… (*italic*, **bold**)",
                label.id,
            );
            if response.changed() {
                out.push(Command::EditMerging(
                    Edit::SetCodingMemo {
                        id: *id,
                        memo: text.clone(),
                    },
                    format!("memo-{}", id.0),
                ));
            } else if !response.has_focus() && *text != coding.memo {
                text.clone_from(&coding.memo);
            }
        }

        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui
                .button("Remove")
                .on_hover_text("Remove this coding (Delete)")
                .clicked()
            {
                out.push(Command::Edit(Edit::RemoveCoding { id: coding.id }));
            }
            ui.menu_button("Recode ▾", |ui| {
                egui::ScrollArea::vertical()
                    .max_height(320.0)
                    .show(ui, |ui| {
                        for entry in &cx.codebook.entries {
                            if entry.code.id == coding.code {
                                continue;
                            }
                            if ui.button(&entry.path).clicked() {
                                out.push(Command::Edit(Edit::RecodeCoding {
                                    id: coding.id,
                                    code: entry.code.id,
                                }));
                                ui.close();
                            }
                        }
                    });
            });
        });
        section(ui, "Resize");
        weak(
            ui,
            "Drag the ends of the outlined passage, or move them a word at a time:",
        );
        ui.horizontal(|ui| {
            ui.label("Start");
            for (label, end, forward) in [("◀ start", false, false), ("start ▶", false, true)] {
                if ui
                    .button(label)
                    .on_hover_text("Move the start by a word")
                    .clicked()
                {
                    out.push(Command::ResizeCoding(
                        coding.id,
                        model.nudge(coding.range, end, forward),
                    ));
                }
            }
        });
        ui.horizontal(|ui| {
            ui.label("End ");
            for (label, end, forward) in [("◀ end", true, false), ("end ▶", true, true)] {
                if ui
                    .button(label)
                    .on_hover_text("Move the end by a word")
                    .clicked()
                {
                    out.push(Command::ResizeCoding(
                        coding.id,
                        model.nudge(coding.range, end, forward),
                    ));
                }
            }
        });
        codes_here(ui, model, coding.range.start);
    }

    fn code_ui(
        &mut self,
        ui: &mut Ui,
        entry: &crate::project::CodebookEntry,
        cx: &Context<'_>,
        out: &mut Vec<Command>,
    ) {
        section(ui, "Code");
        ui.horizontal(|ui| {
            swatch(ui, theme::code_color(&entry.code.color));
            code_name(ui, &entry.path);
        });
        weak(
            ui,
            format!(
                "{}, {} directly on this code",
                super::widgets::counted(entry.total, "coding", "codings"),
                entry.own
            ),
        );
        self.card.ui(ui, entry, cx.project, cx.versions, out);
        ui.add_space(6.0);
        weak(
            ui,
            "Right-click the code in the codebook to rename, recolour, merge, split or delete it.",
        );
    }
}

/// "Codes here": the codings covering `offset`.
fn codes_here(ui: &mut Ui, model: &DocumentModel, offset: usize) {
    let here = model.codings_at(offset);
    if here.is_empty() {
        return;
    }
    section(ui, "Codes here");
    for c in here {
        if let Some(look) = model.looks.get(&c.code) {
            ui.horizontal(|ui| {
                swatch(ui, look.color);
                code_name(ui, &look.name).on_hover_text(&look.path);
            });
        }
    }
}
