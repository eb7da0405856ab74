//! The memo panel (a tab of the bottom area, View ▸ Memos, Ctrl+M): every memo — journal
//! entries, code cards and memos, document and coding memos — filtered by kind, code, document
//! and words, each row saying what it is on and who changed it last, when. Clicking a memo shows
//! it beside the document: its document opens (a coding memo's passage selected), its code is
//! selected. A memo reads with its emphasis; editing shows the plain text, typed through the
//! deferred write path.

use egui::{Id, Sense, Ui, vec2};

use super::bidi_label::{BidiLabel, Fit};
use super::view_models::CodebookView;
use super::{Command, theme};
use crate::domain::{CodeId, DocumentId, Edit, MemoTarget};
use crate::memos::{MemoEntry, MemoFilter, MemoKind, MemoSource};
use crate::store::DocumentSummary;

/// The data versions a list was read at: memos, codes, documents, codings.
pub type MemoKey = (u64, u64, u64, u64);

/// How many memos are drawn before "Show more".
const PAGE: usize = 200;

/// A memo being edited and the text typed so far.
#[derive(Debug, Clone)]
struct Editing {
    source: MemoSource,
    title: String,
    body: String,
    /// Put the keyboard in the title (a new entry) or the text on the next frame.
    focus: Option<Focus>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Focus {
    Title,
    Body,
}

/// The panel's state.
#[derive(Debug, Default)]
pub struct MemoUi {
    /// The memos at the data versions they were read at.
    list: Option<(MemoKey, Vec<MemoEntry>)>,
    error: Option<String>,
    /// Which memos are listed.
    pub filter: MemoFilter,
    selected: Option<MemoSource>,
    editing: Option<Editing>,
    shown: usize,
    /// The filter typed in the code list.
    code_filter: String,
    /// How many times the list was read (tests).
    reads: u64,
}

/// What the panel reads.
pub struct MemoContext<'a> {
    pub codebook: &'a CodebookView,
    pub documents: &'a [DocumentSummary],
    /// The document open in the reading view.
    pub open_document: Option<DocumentId>,
    /// The code selected in the codebook.
    pub selected_code: Option<CodeId>,
}

/// Names a control for screen readers (and tests) where no visible label sits beside it.
fn name_for_reader(ui: &Ui, response: &egui::Response, name: &str) {
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_label(name));
}

/// A memo's heading or preview in a list row: one line, in its own direction.
fn one_line(ui: &mut Ui, text: &str, color: egui::Color32) {
    let format = egui::TextFormat {
        font_id: egui::TextStyle::Body.resolve(ui.style()),
        color,
        ..Default::default()
    };
    BidiLabel::new(
        egui::text::LayoutJob::single_section(text.to_owned(), format),
        crate::bidi::Direction::Auto,
        Fit::Lines(1),
    )
    .show(ui);
}

fn kind_label(kind: Option<MemoKind>) -> &'static str {
    match kind {
        None => "All kinds",
        Some(MemoKind::Journal) => "Journal",
        Some(MemoKind::Document) => "Documents",
        Some(MemoKind::Code) => "Codes",
        Some(MemoKind::Coding) => "Codings",
    }
}

/// "2026-11-22 14:03" from an RFC 3339 UTC timestamp.
fn when(timestamp: &str) -> String {
    timestamp
        .get(..16)
        .map_or_else(|| timestamp.to_owned(), |s| s.replace('T', " "))
}

/// Who wrote a memo and who changed it last, when.
fn byline(e: &MemoEntry) -> String {
    let written = if e.author.is_empty() {
        when(&e.created_at)
    } else {
        format!("{}, {}", e.author, when(&e.created_at))
    };
    if e.modified_at == e.created_at {
        written
    } else if e.modified_by.is_empty() {
        format!("{written} · changed {}", when(&e.modified_at))
    } else {
        format!(
            "{written} · changed {} by {}",
            when(&e.modified_at),
            e.modified_by
        )
    }
}

impl MemoUi {
    /// Reads the memos again when the data they depend on changed.
    pub fn refresh(&mut self, project: &crate::project::Project, key: MemoKey) {
        if self.list.as_ref().is_some_and(|(k, _)| *k == key) {
            return;
        }
        self.reads += 1;
        match crate::memos::list(project) {
            Ok(list) => {
                self.list = Some((key, list));
                self.error = None;
            }
            Err(e) => {
                self.list = None;
                self.error = Some(e.to_string());
            }
        }
        if self.shown == 0 {
            self.shown = PAGE;
        }
    }

    /// Takes in memo texts that alone changed (a keystroke in a memo, an undo of one) while
    /// the data moved from version `from` to `to`, without reading every memo again; a list
    /// read at another version, or one a memo would join or leave, is read again as usual.
    pub fn texts_changed(
        &mut self,
        project: &crate::project::Project,
        from: MemoKey,
        to: MemoKey,
        touched: &crate::domain::Touched,
    ) {
        let Some((key, list)) = &mut self.list else {
            return;
        };
        if *key != from {
            return;
        }
        match crate::memos::take_in_texts(project, list, touched) {
            Ok(true) => *key = to,
            Ok(false) => {}
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// How many times the list was read.
    pub fn reads(&self) -> u64 {
        self.reads
    }

    /// The memos shown now (those that pass the filter).
    pub fn shown(&self) -> Vec<&MemoEntry> {
        self.list
            .as_ref()
            .map(|(_, list)| list.iter().filter(|m| self.filter.matches(m)).collect())
            .unwrap_or_default()
    }

    /// Selects a memo and, with `edit`, opens it for writing (a new memo).
    pub fn open(&mut self, source: MemoSource, edit: bool) {
        self.selected = Some(source);
        self.editing = None;
        if edit {
            self.editing = Some(Editing {
                source,
                title: String::new(),
                body: String::new(),
                focus: Some(match source {
                    MemoSource::Memo(_) => Focus::Title,
                    _ => Focus::Body,
                }),
            });
        }
        // A new memo may be hidden by the filter; show it.
        self.filter = MemoFilter::default();
    }

    fn selected_entry(&self) -> Option<&MemoEntry> {
        let selected = self.selected?;
        self.list.as_ref()?.1.iter().find(|m| m.source == selected)
    }

    pub fn ui(&mut self, ui: &mut Ui, cx: &MemoContext<'_>, out: &mut Vec<Command>) {
        self.filter_bar(ui, cx, out);
        ui.separator();
        if let Some(err) = &self.error {
            ui.colored_label(theme::error(ui.visuals()), err);
            return;
        }
        let height = ui.available_height();
        // Columns justify their text by default; memos read left-aligned.
        let layout = egui::Layout::top_down(egui::Align::Min);
        ui.columns(2, |columns| {
            columns[0].set_min_height(height);
            columns[0].with_layout(layout, |ui| self.list_ui(ui, out));
            columns[1].with_layout(layout, |ui| self.detail_ui(ui, out));
        });
    }

    fn filter_bar(&mut self, ui: &mut Ui, cx: &MemoContext<'_>, out: &mut Vec<Command>) {
        let before = self.filter.clone();
        ui.horizontal_wrapped(|ui| {
            ui.heading("Memos");
            ui.separator();
            ui.label("Show");
            let kinds = egui::ComboBox::from_id_salt("memo-kind-filter")
                .selected_text(kind_label(self.filter.kind))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.filter.kind, None, kind_label(None));
                    for kind in MemoKind::ALL {
                        ui.selectable_value(
                            &mut self.filter.kind,
                            Some(kind),
                            kind_label(Some(kind)),
                        );
                    }
                });
            name_for_reader(ui, &kinds.response, "Kind");
            let code_label = self
                .filter
                .code
                .and_then(|c| cx.codebook.entry(c))
                .map_or_else(|| "Any code".to_owned(), |e| e.path.clone());
            ui.menu_button(code_label, |ui| {
                if ui.button("Any code").clicked() {
                    self.filter.code = None;
                    ui.close();
                }
                let filter = super::widgets::filter_field(ui, "Find a code", &mut self.code_filter);
                egui::ScrollArea::vertical()
                    .max_height(360.0)
                    .show(ui, |ui| {
                        for e in &cx.codebook.entries {
                            if !filter.matches(&e.path) {
                                continue;
                            }
                            if ui.button(&e.path).clicked() {
                                self.filter.code = Some(e.code.id);
                                self.code_filter.clear();
                                ui.close();
                            }
                        }
                    });
            });
            let document_label = self
                .filter
                .document
                .and_then(|d| cx.documents.iter().find(|x| x.id == d))
                .map_or("Any document", |d| d.name.as_str())
                .to_owned();
            let documents = egui::ComboBox::from_id_salt("memo-document-filter")
                .width(200.0)
                .truncate()
                .selected_text(document_label)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.filter.document, None, "Any document");
                    for d in cx.documents {
                        ui.selectable_value(&mut self.filter.document, Some(d.id), &d.name);
                    }
                });
            name_for_reader(ui, &documents.response, "Document");
            let label = ui.label("Find in memos");
            ui.add(
                egui::TextEdit::singleline(&mut self.filter.text)
                    .hint_text("words")
                    .desired_width(140.0),
            )
            .labelled_by(label.id);
            if !self.filter.is_empty() && ui.small_button("Clear").clicked() {
                self.filter = MemoFilter::default();
            }
            ui.separator();
            if ui
                .button("New journal entry")
                .on_hover_text("A dated entry in the project journal")
                .clicked()
            {
                out.push(Command::NewMemo(MemoTarget::Project));
            }
            if let Some(doc) = cx.open_document
                && ui
                    .button("Memo on this document")
                    .on_hover_text("Who, where, when, and the conditions of the interview")
                    .clicked()
            {
                out.push(Command::NewMemo(MemoTarget::Document(doc)));
            }
            if let Some(code) = cx.selected_code
                && ui
                    .button("Memo on this code")
                    .on_hover_text(
                        "Thoughts on the selected code; its definition is on its card in the inspector",
                    )
                    .clicked()
            {
                out.push(Command::NewMemo(MemoTarget::Code(code)));
            }
            ui.menu_button("Export…", |ui| {
                for format in crate::export::MEMO_FORMATS {
                    if ui.button(super::format_label(format)).clicked() {
                        out.push(Command::Action(super::Action::ExportMemos(format)));
                        ui.close();
                    }
                }
            });
        });
        if self.filter != before {
            self.shown = PAGE;
        }
    }

    fn list_ui(&mut self, ui: &mut Ui, out: &mut Vec<Command>) {
        let Some((_, list)) = &self.list else {
            return;
        };
        let shown: Vec<&MemoEntry> = list.iter().filter(|m| self.filter.matches(m)).collect();
        let total = shown.len();
        let weak = theme::secondary(ui.visuals());
        ui.label(
            egui::RichText::new(format!("{total} memo{}", if total == 1 { "" } else { "s" }))
                .strong(),
        );
        if total == 0 {
            let text = if list.is_empty() {
                "No memos yet. Start the journal, write on a document, define a code in the inspector, or note a thought on a coding."
            } else {
                "No memo matches the filter."
            };
            ui.label(egui::RichText::new(text).color(weak));
            return;
        }
        let page = self.shown.clamp(PAGE, total.max(PAGE)).min(total);
        let mut clicked = None;
        let mut more = false;
        egui::ScrollArea::vertical()
            .id_salt("memo-list")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for e in &shown[..page] {
                    if Self::row_ui(ui, e, self.selected == Some(e.source)) {
                        clicked = Some((*e).clone());
                    }
                }
                more = page < total
                    && ui
                        .button(format!("Show {} more", (total - page).min(PAGE)))
                        .clicked();
            });
        if more {
            self.shown = page + PAGE;
        }
        if let Some(e) = clicked {
            self.choose(&e, out);
        }
    }

    /// Selects a memo and shows what it is on beside it.
    fn choose(&mut self, e: &MemoEntry, out: &mut Vec<Command>) {
        if self.selected != Some(e.source) {
            self.editing = None;
        }
        self.selected = Some(e.source);
        match (e.kind, e.document, e.range, e.coding) {
            (MemoKind::Coding, Some(doc), Some(range), coding) => {
                out.push(Command::ShowPassage(doc, range));
                out.push(Command::SelectCoding(coding));
            }
            (MemoKind::Document, Some(doc), _, _) => out.push(Command::OpenDocument(doc)),
            (MemoKind::Code, _, _, _) => out.push(Command::SelectCode(e.code)),
            _ => {}
        }
    }

    /// One memo in the list; returns whether it was clicked.
    fn row_ui(ui: &mut Ui, e: &MemoEntry, selected: bool) -> bool {
        let visuals = ui.visuals().clone();
        let weak = theme::secondary(&visuals);
        let inner = ui.vertical(|ui| {
            ui.add_space(2.0);
            ui.horizontal(|ui| {
                ui.label(
                    egui::RichText::new(match e.kind {
                        MemoKind::Journal => "Journal",
                        MemoKind::Document => "Document",
                        MemoKind::Code => "Code",
                        MemoKind::Coding => "Coding",
                    })
                    .small()
                    .color(weak),
                );
                one_line(ui, &e.heading(), visuals.strong_text_color());
            });
            if let Some(on) = e.on_line() {
                ui.add(egui::Label::new(egui::RichText::new(on).color(weak)).truncate());
            }
            let preview: String = crate::memos::plain(&e.text)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if !preview.is_empty() {
                one_line(ui, &preview, visuals.text_color());
            }
            ui.label(egui::RichText::new(byline(e)).small().color(weak));
            ui.add_space(2.0);
        });
        let rect = inner.response.rect.expand2(vec2(2.0, 0.0));
        let response = ui.interact(rect, Id::unique(("memo-row", e.source)), Sense::click());
        response.widget_info(|| {
            egui::WidgetInfo::selected(egui::Role::ListItem, true, selected, e.heading())
        });
        if selected {
            ui.painter()
                .rect_filled(rect, 3.0, visuals.selection.bg_fill.gamma_multiply(0.25));
        } else if response.hovered() {
            ui.painter().rect_stroke(
                rect,
                3.0,
                visuals.widgets.hovered.bg_stroke,
                egui::StrokeKind::Inside,
            );
        }
        ui.separator();
        response.clicked()
    }

    fn detail_ui(&mut self, ui: &mut Ui, out: &mut Vec<Command>) {
        let Some(entry) = self.selected_entry().cloned() else {
            ui.label(
                egui::RichText::new(
                    "Choose a memo to read it here; its document opens beside it. Memos are plain text: a blank line starts a paragraph, *italic* and **bold** mark emphasis.",
                )
                .color(theme::secondary(ui.visuals())),
            );
            return;
        };
        let weak = theme::secondary(ui.visuals());
        let editable = !matches!(entry.source, MemoSource::Card(_));
        if let Some(editing) = &mut self.editing
            && editing.source == entry.source
        {
            // Keep what is being typed; take in changes from elsewhere (undo) once the
            // keyboard has left the editor.
            Self::editor_ui(ui, editing, &entry, out);
            ui.horizontal(|ui| {
                if ui.button("Done").clicked() {
                    self.editing = None;
                }
                if let MemoSource::Memo(id) = entry.source
                    && ui.button("Delete memo").clicked()
                {
                    out.push(Command::Edit(Edit::DeleteMemo { id }));
                    self.editing = None;
                    self.selected = None;
                }
            });
            return;
        }
        egui::ScrollArea::vertical()
            .id_salt("memo-detail")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let heading = egui::TextFormat {
                    font_id: egui::TextStyle::Heading.resolve(ui.style()),
                    color: ui.visuals().strong_text_color(),
                    ..Default::default()
                };
                BidiLabel::new(
                    egui::text::LayoutJob::single_section(entry.heading(), heading),
                    crate::bidi::Direction::Auto,
                    Fit::Fill,
                )
                .show(ui);
                if let Some(on) = entry.on_line() {
                    ui.add(egui::Label::new(egui::RichText::new(on).color(weak)));
                }
                ui.label(egui::RichText::new(byline(&entry)).small().color(weak));
                ui.add_space(6.0);
                if entry.card.is_empty() {
                    for para in entry.text.split("\n\n") {
                        super::memo_text::show(ui, para.trim_matches('\n'));
                        ui.add_space(4.0);
                    }
                } else {
                    for (field, text) in &entry.card {
                        ui.label(egui::RichText::new(field.label()).strong());
                        super::memo_text::show(ui, text);
                        ui.add_space(4.0);
                    }
                }
                ui.add_space(6.0);
                if editable {
                    if ui.button("Edit memo").clicked() {
                        self.editing = Some(Editing {
                            source: entry.source,
                            title: entry.title.clone(),
                            body: entry.text.clone(),
                            focus: Some(Focus::Body),
                        });
                    }
                } else if ui
                    .button("Edit on the code's card")
                    .on_hover_text("The card is in the inspector, with the code's history")
                    .clicked()
                {
                    out.push(Command::SelectCode(entry.code));
                }
            });
    }

    fn editor_ui(ui: &mut Ui, editing: &mut Editing, entry: &MemoEntry, out: &mut Vec<Command>) {
        let mut changed = false;
        let mut focused = false;
        if let MemoSource::Memo(_) = editing.source {
            let label = ui.label("Memo title");
            let title = ui
                .add(
                    egui::TextEdit::singleline(&mut editing.title)
                        .hint_text(if entry.kind == MemoKind::Journal {
                            "Title of this entry"
                        } else {
                            "Title (optional)"
                        })
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            if editing.focus == Some(Focus::Title) {
                title.request_focus();
                editing.focus = None;
            }
            changed |= title.changed();
            focused |= title.has_focus();
        }
        if entry.kind != MemoKind::Journal {
            ui.label(
                egui::RichText::new(format!("On {}", entry.attached))
                    .color(theme::secondary(ui.visuals())),
            );
        }
        let label = ui.label("Memo text");
        let body = super::memo_text::add_editor(
            ui,
            &mut editing.body,
            8,
            "Write here. A blank line starts a paragraph; *italic*, **bold**.",
            label.id,
        );
        if editing.focus == Some(Focus::Body) {
            body.request_focus();
            editing.focus = None;
        }
        changed |= body.changed();
        focused |= body.has_focus();
        if changed {
            match editing.source {
                MemoSource::Memo(id) => out.push(Command::EditMerging(
                    Edit::EditMemo {
                        id,
                        title: editing.title.clone(),
                        body: editing.body.clone(),
                        modified_at: None,
                    },
                    format!("memo-text-{}", id.0),
                )),
                MemoSource::CodingMemo(id) => out.push(Command::EditMerging(
                    Edit::SetCodingMemo {
                        id,
                        memo: editing.body.clone(),
                    },
                    format!("memo-{}", id.0),
                )),
                MemoSource::Card(_) => {}
            }
        } else if !focused && (editing.title != entry.title || editing.body != entry.text) {
            editing.title.clone_from(&entry.title);
            editing.body.clone_from(&entry.text);
        }
    }
}
