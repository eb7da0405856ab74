//! The codebook tree: swatch, name and count per code; click to apply, drag to reorder or
//! reparent, drop a passage on a code to apply it, a context menu for the rest.

use std::collections::HashSet;

use egui::{Align2, Id, Rect, Sense, Stroke, Ui, pos2, vec2};

use super::document_view::PassageDrag;
use super::view_models::CodebookView;
use super::{Command, theme};
use crate::domain::{CodeId, Edit, PALETTE};
use crate::project::CodebookEntry;

/// Dragged from one code row onto another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CodeDrag(CodeId);

/// Where a dragged code lands relative to the row under the pointer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DropPlace {
    Before,
    Into,
    After,
}

#[derive(Debug, Default)]
pub struct CodebookUi {
    filter: String,
    collapsed: HashSet<CodeId>,
    /// Code being renamed, with the name and the reason typed so far.
    renaming: Option<(CodeId, String, String)>,
    /// A new code being named: its parent and the text typed so far.
    new_code: Option<(Option<CodeId>, String)>,
    focus_editor: bool,
    /// A code to scroll into view (and unfold to) on the next frame.
    reveal: Option<CodeId>,
    /// The filter typed in the "Merge into" list.
    merge_filter: String,
    /// Why the merge, typed in the "Merge into" list.
    merge_reason: String,
}

const ROW_HEIGHT: f32 = 24.0;
const INDENT: f32 = 16.0;

impl CodebookUi {
    /// Starts naming a new code under `parent` (top level when `None`).
    pub fn start_new(&mut self, parent: Option<CodeId>) {
        self.new_code = Some((parent, String::new()));
        self.renaming = None;
        self.focus_editor = true;
        if let Some(p) = parent {
            self.collapsed.remove(&p);
        }
    }

    /// Scrolls the tree to `id` on the next frame, unfolding its parents and clearing a
    /// filter that would hide it.
    pub fn reveal(&mut self, view: &CodebookView, id: CodeId) {
        let Some(entry) = view.entry(id) else {
            return;
        };
        let mut parent = entry.code.parent;
        while let Some(p) = parent {
            self.collapsed.remove(&p);
            parent = view.entry(p).and_then(|e| e.code.parent);
        }
        if !view.filtered(&self.filter).iter().any(|e| e.code.id == id) {
            self.filter.clear();
        }
        self.reveal = Some(id);
    }

    /// Starts renaming a code in place.
    pub fn start_rename(&mut self, view: &CodebookView, id: CodeId) {
        if let Some(entry) = view.entry(id) {
            self.renaming = Some((id, entry.code.name.clone(), String::new()));
            self.new_code = None;
            self.focus_editor = true;
        }
    }

    /// A one-line editor with a visible label; returns (Enter pressed, cancelled).
    fn editor(&mut self, ui: &mut Ui, label: &str, text: &mut String) -> (bool, bool) {
        let edit = super::widgets::line_editor(ui, label, text, &mut self.focus_editor);
        (edit.enter, edit.cancel)
    }

    /// The rename editor: the new name and, below it, an optional reason for the codebook's
    /// history. Returns (Enter pressed in either, cancelled: Escape, or the keyboard left both).
    fn rename_ui(
        &mut self,
        ui: &mut Ui,
        indent: f32,
        text: &mut String,
        reason: &mut String,
    ) -> (bool, bool) {
        let field = |ui: &mut Ui, label: &str, text: &mut String, hint: &str| {
            ui.horizontal(|ui| {
                ui.add_space(indent + 30.0);
                let label = ui.label(label);
                ui.add(
                    egui::TextEdit::singleline(text)
                        .hint_text(hint)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id)
            })
            .inner
        };
        let name = field(ui, "Rename:", text, "");
        let why = field(ui, "Why:", reason, "optional, kept in the history");
        if self.focus_editor {
            name.request_focus();
            self.focus_editor = false;
        }
        let enter = (name.lost_focus() || why.lost_focus())
            && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let left = (name.lost_focus() || why.lost_focus()) && !name.has_focus() && !why.has_focus();
        let cancel = ui.input(|i| i.key_pressed(egui::Key::Escape)) || (left && !enter);
        (enter, cancel)
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        view: &CodebookView,
        selected: Option<CodeId>,
        has_selection: bool,
        out: &mut Vec<Command>,
    ) {
        ui.horizontal(|ui| {
            ui.heading("Codebook");
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button("+ Code")
                    .on_hover_text("Create a top-level code")
                    .clicked()
                {
                    self.start_new(None);
                }
            });
        });
        let label = ui.label("Filter codes");
        ui.add(
            egui::TextEdit::singleline(&mut self.filter)
                .hint_text("type to narrow the tree")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);

        if let Some((parent, mut name)) = self.new_code.take() {
            let label = match parent.and_then(|p| view.entry(p)) {
                Some(p) => format!("New subcode of “{}”:", p.code.name),
                None => "New code:".to_owned(),
            };
            let (enter, escape) = self.editor(ui, &label, &mut name);
            if enter && !name.trim().is_empty() {
                out.push(Command::CreateCode(parent, name.trim().to_owned()));
            } else if !escape {
                self.new_code = Some((parent, name));
            }
        }
        ui.add_space(4.0);

        let entries = view.filtered(&self.filter);
        if view.entries.is_empty() {
            ui.label(
                egui::RichText::new(
                    "No codes yet. Click “+ Code”, or select text and press Ctrl+K to create one.",
                )
                .color(theme::secondary(ui.visuals())),
            );
            return;
        }
        if entries.is_empty() {
            ui.label(
                egui::RichText::new("No code matches the filter.")
                    .color(theme::secondary(ui.visuals())),
            );
        }
        let has_children: HashSet<CodeId> =
            view.entries.iter().filter_map(|e| e.code.parent).collect();
        egui::ScrollArea::vertical()
            .id_salt("codebook-tree")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let mut hidden_below: Option<usize> = None;
                for entry in entries {
                    if let Some(depth) = hidden_below {
                        if entry.depth > depth {
                            continue;
                        }
                        hidden_below = None;
                    }
                    if self.collapsed.contains(&entry.code.id) && self.filter.trim().is_empty() {
                        hidden_below = Some(entry.depth);
                    }
                    self.row_ui(
                        ui,
                        view,
                        entry,
                        selected,
                        has_selection,
                        has_children.contains(&entry.code.id),
                        out,
                    );
                }
            });
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "one row needs the tree's whole context"
    )]
    fn row_ui(
        &mut self,
        ui: &mut Ui,
        view: &CodebookView,
        entry: &CodebookEntry,
        selected: Option<CodeId>,
        has_selection: bool,
        has_children: bool,
        out: &mut Vec<Command>,
    ) {
        let id = entry.code.id;
        let indent = entry.depth as f32 * INDENT;
        if self.renaming.as_ref().is_some_and(|(rid, _, _)| *rid == id)
            && let Some((rid, mut text, mut reason)) = self.renaming.take()
        {
            let (enter, cancel) = self.rename_ui(ui, indent, &mut text, &mut reason);
            if enter && !text.trim().is_empty() {
                let rename = Edit::RenameCode {
                    id,
                    name: text.trim().to_owned(),
                };
                out.push(Command::Edit(if reason.trim().is_empty() {
                    rename
                } else {
                    Edit::Explained {
                        reason: reason.trim().to_owned(),
                        edit: Box::new(rename),
                    }
                }));
            } else if !cancel {
                self.renaming = Some((rid, text, reason));
            }
            return;
        }

        let (rect, _) =
            ui.allocate_exact_size(vec2(ui.available_width(), ROW_HEIGHT), Sense::hover());
        let response = ui.interact(
            rect,
            Id::unique(("code-row", id.0)),
            Sense::click_and_drag(),
        );
        let is_selected = selected == Some(id);
        response.widget_info(|| {
            egui::WidgetInfo::selected(egui::Role::TreeItem, true, is_selected, &entry.code.name)
        });
        // A screen reader hears the count after the name.
        let counted = super::widgets::counted(entry.total, "coding", "codings");
        ui.ctx()
            .accesskit_node_builder(response.id, |node| node.set_description(counted));
        if self.reveal == Some(id) {
            response.scroll_to_me(Some(egui::Align::Center));
            self.reveal = None;
        }
        let visuals = ui.visuals().clone();
        let painter = ui.painter_at(rect);
        if is_selected {
            painter.rect_filled(rect, 3.0, visuals.selection.bg_fill.gamma_multiply(0.5));
        } else if response.hovered() {
            painter.rect_filled(rect, 3.0, visuals.widgets.hovered.weak_bg_fill);
        }
        let mut x = rect.left() + 4.0 + indent;
        let toggle_rect = Rect::from_min_size(pos2(x, rect.top()), vec2(14.0, ROW_HEIGHT));
        if has_children {
            let collapsed = self.collapsed.contains(&id);
            painter.text(
                toggle_rect.center(),
                Align2::CENTER_CENTER,
                if collapsed { "▸" } else { "▾" },
                egui::FontId::proportional(12.0),
                theme::secondary(&visuals),
            );
        }
        x += 16.0;
        let color = theme::code_color(&entry.code.color);
        painter.rect_filled(
            Rect::from_center_size(pos2(x + 5.0, rect.center().y), vec2(10.0, 10.0)),
            2.0,
            color,
        );
        x += 16.0;
        let count = painter.layout_no_wrap(
            entry.total.to_string(),
            theme::small_font(),
            theme::secondary(&visuals),
        );
        let count_pos = pos2(
            rect.right() - 6.0 - count.rect.width(),
            rect.center().y - count.rect.height() / 2.0,
        );
        let name_width = (count_pos.x - x - 6.0).max(20.0);
        if crate::bidi::is_plain_left_to_right(&entry.code.name) {
            let name = painter.layout(
                entry.code.name.clone(),
                egui::TextStyle::Body.resolve(ui.style()),
                visuals.text_color(),
                name_width,
            );
            let name = if name.rows.len() > 1 {
                let mut job = egui::text::LayoutJob::simple_singleline(
                    entry.code.name.clone(),
                    egui::TextStyle::Body.resolve(ui.style()),
                    visuals.text_color(),
                );
                job.wrap = egui::text::TextWrapping::truncate_at_width(name_width);
                painter.layout_job(job)
            } else {
                name
            };
            painter.galley(
                pos2(x, rect.center().y - name.rect.height() / 2.0),
                name,
                visuals.text_color(),
            );
        } else {
            let format = egui::text::TextFormat {
                font_id: egui::TextStyle::Body.resolve(ui.style()),
                color: visuals.text_color(),
                ..Default::default()
            };
            super::bidi_label::paint_line(
                ui,
                &painter,
                x,
                rect.center().y,
                &entry.code.name,
                format,
                name_width,
            );
        }
        painter.galley(count_pos, count, theme::secondary(&visuals));

        // Toggle collapse (its own little target, drawn over the row).
        if has_children {
            let toggle = ui.interact(
                toggle_rect,
                Id::unique(("code-toggle", id.0)),
                Sense::click(),
            );
            toggle.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    true,
                    format!("Expand or collapse {}", entry.code.name),
                )
            });
            if toggle.clicked() && !self.collapsed.remove(&id) {
                self.collapsed.insert(id);
            }
        }

        let tooltip = if entry.own == entry.total {
            super::widgets::counted(entry.total, "coding", "codings")
        } else {
            format!(
                "{} ({} directly on this code)",
                super::widgets::counted(entry.total, "coding", "codings"),
                entry.own
            )
        };
        let tooltip = if entry.code.description.is_empty() {
            tooltip
        } else {
            format!("{}\n{tooltip}", entry.code.description)
        };
        let response = response.on_hover_text(tooltip);

        if response.clicked() {
            if has_selection {
                out.push(Command::ApplyCode(id));
            } else {
                out.push(Command::SelectCode(Some(id)));
            }
        }
        if response.double_clicked() {
            self.start_rename(view, id);
        }
        if response.dragged() {
            response.dnd_set_drag_payload(CodeDrag(id));
        }

        // Drops: a passage applies this code; a code moves next to or into this one.
        // Ask for the payload by type before taking it: taking one of another type drops it.
        if response.dnd_hover_payload::<PassageDrag>().is_some() {
            if let Some(passage) = response.dnd_release_payload::<PassageDrag>() {
                out.push(Command::ApplyCodeTo(id, passage.document, passage.range));
            }
            painter.rect_stroke(
                rect.shrink(1.0),
                3.0,
                Stroke::new(2.0, color),
                egui::StrokeKind::Inside,
            );
        }
        let place = |ui: &Ui| -> DropPlace {
            let y = ui
                .input(|i| i.pointer.interact_pos())
                .map_or(rect.center().y, |p| p.y);
            let t = (y - rect.top()) / rect.height();
            if t < 0.28 {
                DropPlace::Before
            } else if t > 0.72 {
                DropPlace::After
            } else {
                DropPlace::Into
            }
        };
        if let Some(dragged) = response.dnd_hover_payload::<CodeDrag>()
            && dragged.0 != id
        {
            let stroke = Stroke::new(2.0, visuals.strong_text_color());
            match place(ui) {
                DropPlace::Before => {
                    painter.hline(rect.x_range(), rect.top() + 1.0, stroke);
                }
                DropPlace::After => {
                    painter.hline(rect.x_range(), rect.bottom() - 1.0, stroke);
                }
                DropPlace::Into => {
                    painter.rect_stroke(rect.shrink(1.0), 3.0, stroke, egui::StrokeKind::Inside);
                }
            }
        }
        if response
            .dnd_hover_payload::<CodeDrag>()
            .is_some_and(|d| d.0 != id)
            && let Some(dragged) = response.dnd_release_payload::<CodeDrag>()
            && let Some(moving) = view.entry(dragged.0)
        {
            let target = &entry.code;
            let edit = match place(ui) {
                DropPlace::Into => Edit::MoveCode {
                    id: moving.code.id,
                    parent: Some(id),
                    position: i64::MAX,
                },
                where_ => {
                    let mut position = target.position + i64::from(where_ == DropPlace::After);
                    if moving.code.parent == target.parent && moving.code.position < target.position
                    {
                        position -= 1;
                    }
                    Edit::MoveCode {
                        id: moving.code.id,
                        parent: target.parent,
                        position,
                    }
                }
            };
            out.push(Command::Edit(edit));
        }

        response.context_menu(|ui| {
            if ui.button("New subcode…").clicked() {
                self.start_new(Some(id));
                ui.close();
            }
            if ui.button("Rename").clicked() {
                self.start_rename(view, id);
                ui.close();
            }
            if ui.button("Retrieve excerpts").clicked() {
                out.push(Command::RetrieveCode(id));
                ui.close();
            }
            ui.menu_button("Colour", |ui| {
                egui::Grid::new(("palette", id.0))
                    .spacing(vec2(4.0, 4.0))
                    .show(ui, |ui| {
                        for (i, hex) in PALETTE.iter().enumerate() {
                            let c = theme::code_color(hex);
                            let (r, resp) =
                                ui.allocate_exact_size(vec2(20.0, 20.0), Sense::click());
                            ui.painter().rect_filled(r, 3.0, c);
                            if *hex == entry.code.color {
                                ui.painter().rect_stroke(
                                    r,
                                    3.0,
                                    Stroke::new(2.0, ui.visuals().strong_text_color()),
                                    egui::StrokeKind::Outside,
                                );
                            }
                            resp.widget_info(|| {
                                egui::WidgetInfo::labeled(
                                    egui::Role::Button,
                                    true,
                                    format!("Colour {hex}"),
                                )
                            });
                            if resp.on_hover_text(*hex).clicked() {
                                out.push(Command::Edit(Edit::RecolorCode {
                                    id,
                                    color: (*hex).to_owned(),
                                }));
                                ui.close();
                            }
                            if i % 4 == 3 {
                                ui.end_row();
                            }
                        }
                    });
            });
            ui.menu_button("Merge into", |ui| {
                let own_prefix = format!("{}/", entry.path);
                let filter = super::widgets::filter_field(
                    ui,
                    "Find the code to merge into",
                    &mut self.merge_filter,
                );
                let label = ui.label("Why (optional, kept in the history)");
                ui.add(egui::TextEdit::singleline(&mut self.merge_reason).desired_width(240.0))
                    .labelled_by(label.id);
                egui::ScrollArea::vertical()
                    .max_height(320.0)
                    .show(ui, |ui| {
                        for other in &view.entries {
                            if other.code.id == id
                                || other.path.starts_with(&own_prefix)
                                || !filter.matches(&other.path)
                            {
                                continue;
                            }
                            if ui.button(&other.path).clicked() {
                                out.push(Command::MergeCode(
                                    id,
                                    other.code.id,
                                    std::mem::take(&mut self.merge_reason),
                                ));
                                self.merge_filter.clear();
                                ui.close();
                            }
                        }
                    });
            });
            if ui
                .button("Split…")
                .on_hover_text("Move some of its codings to a new code beside it")
                .clicked()
            {
                out.push(Command::AskSplitCode(id));
                ui.close();
            }
            if entry.code.parent.is_some() && ui.button("Move to top level").clicked() {
                out.push(Command::Edit(Edit::MoveCode {
                    id,
                    parent: None,
                    position: i64::MAX,
                }));
                ui.close();
            }
            ui.separator();
            if ui.button("Delete…").clicked() {
                out.push(Command::AskDeleteCode(id));
                ui.close();
            }
        });
    }
}
