//! The document list: name, length and number of codings; click to open, rename, delete.

use egui::{Id, Sense, Ui, pos2, vec2};

use super::{Command, theme};
use crate::domain::{DocumentId, Edit};
use crate::store::DocumentSummary;

#[derive(Debug, Default)]
pub struct DocumentsUi {
    filter: String,
    renaming: Option<(DocumentId, String)>,
    focus_editor: bool,
}

/// "58k" for 57,434 characters.
fn short_count(n: i64) -> String {
    if n >= 10_000 {
        format!("{}k", (n + 500) / 1000)
    } else {
        n.to_string()
    }
}

impl DocumentsUi {
    /// Starts renaming a document in place.
    pub fn start_rename(&mut self, id: DocumentId, name: &str) {
        self.renaming = Some((id, name.to_owned()));
        self.focus_editor = true;
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        documents: &[DocumentSummary],
        open: Option<DocumentId>,
        out: &mut Vec<Command>,
    ) {
        ui.horizontal(|ui| {
            ui.heading("Documents");
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button("+ Import")
                    .on_hover_text(
                        "Import documents (.docx, .odt, .pdf, .rtf, .txt, .md, .html, .srt, .vtt)",
                    )
                    .clicked()
                {
                    out.push(Command::Action(super::Action::Import));
                }
            });
        });
        if documents.len() > 6 {
            let label = ui.label("Filter documents");
            ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text("type to filter")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        }
        if documents.is_empty() {
            ui.label(
                egui::RichText::new(
                    "No documents. Import transcripts and notes, or drop files here.",
                )
                .color(theme::secondary(ui.visuals())),
            );
            return;
        }
        let filter = self.filter.trim().to_lowercase();
        egui::ScrollArea::vertical()
            .id_salt("documents-list")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for doc in documents {
                    if !filter.is_empty() && !doc.name.to_lowercase().contains(&filter) {
                        continue;
                    }
                    self.row_ui(ui, doc, open == Some(doc.id), out);
                }
            });
    }

    fn row_ui(
        &mut self,
        ui: &mut Ui,
        doc: &DocumentSummary,
        is_open: bool,
        out: &mut Vec<Command>,
    ) {
        if let Some((id, mut text)) = self.renaming.take() {
            if id == doc.id {
                let edit =
                    super::widgets::line_editor(ui, "Rename:", &mut text, &mut self.focus_editor);
                let (enter, cancel) = (edit.enter, edit.cancel);
                if enter && !text.trim().is_empty() {
                    out.push(Command::Edit(Edit::RenameDocument {
                        id,
                        name: text.trim().to_owned(),
                    }));
                } else if !cancel {
                    self.renaming = Some((id, text));
                }
                return;
            }
            self.renaming = Some((id, text));
        }
        let (rect, _) = ui.allocate_exact_size(vec2(ui.available_width(), 24.0), Sense::hover());
        let response = ui.interact(rect, Id::unique(("document-row", doc.id.0)), Sense::click());
        response.widget_info(|| {
            egui::WidgetInfo::selected(egui::Role::ListItem, true, is_open, &doc.name)
        });
        let visuals = ui.visuals().clone();
        let painter = ui.painter_at(rect);
        if is_open {
            painter.rect_filled(rect, 3.0, visuals.selection.bg_fill.gamma_multiply(0.5));
        } else if response.hovered() {
            painter.rect_filled(rect, 3.0, visuals.widgets.hovered.weak_bg_fill);
        }
        let meta = painter.layout_no_wrap(
            format!("{}  · {}", short_count(doc.chars), doc.codings),
            theme::small_font(),
            theme::secondary(&visuals),
        );
        let meta_pos = pos2(
            rect.right() - 6.0 - meta.rect.width(),
            rect.center().y - meta.rect.height() / 2.0,
        );
        let mut job = egui::text::LayoutJob::simple_singleline(
            doc.name.clone(),
            egui::TextStyle::Body.resolve(ui.style()),
            visuals.text_color(),
        );
        job.wrap = egui::text::TextWrapping::truncate_at_width(meta_pos.x - rect.left() - 14.0);
        let name = painter.layout_job(job);
        painter.galley(
            pos2(
                rect.left() + 6.0,
                rect.center().y - name.rect.height() / 2.0,
            ),
            name,
            visuals.text_color(),
        );
        painter.galley(meta_pos, meta, theme::secondary(&visuals));
        let response = response.on_hover_text(format!(
            "{}\n{} · {} · {} · {}",
            doc.name,
            super::widgets::counted(doc.chars, "character", "characters"),
            super::widgets::counted(doc.codings, "coding", "codings"),
            doc.format,
            doc.encoding
        ));
        if response.clicked() {
            out.push(Command::OpenDocument(doc.id));
        }
        if response.double_clicked() {
            self.start_rename(doc.id, &doc.name);
        }
        response.context_menu(|ui| {
            if ui.button("Rename").clicked() {
                self.start_rename(doc.id, &doc.name);
                ui.close();
            }
            ui.menu_button("Text direction", |ui| {
                use crate::domain::Direction;
                for (direction, label) in [
                    (Direction::Auto, "Automatic (from each paragraph)"),
                    (Direction::LeftToRight, "Left to right"),
                    (Direction::RightToLeft, "Right to left"),
                ] {
                    if ui.radio(doc.direction == direction, label).clicked()
                        && doc.direction != direction
                    {
                        out.push(Command::Edit(Edit::SetDocumentDirection {
                            id: doc.id,
                            direction,
                        }));
                        ui.close();
                    }
                }
            });
            if ui.button("Delete…").clicked() {
                out.push(Command::AskDeleteDocument(doc.id));
                ui.close();
            }
        });
    }
}
