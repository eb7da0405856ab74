//! Retrieval: choose codes (any / all, with or without subcodes, minus others), documents and
//! coders; read the excerpts with their codes, paragraph, coder, memo and context; copy a
//! citation; jump to the passage; export what is shown.

use std::collections::HashSet;

use egui::{Sense, Ui, vec2};

use super::bidi_label::{BidiLabel, Fit};
use super::view_models::CodebookView;
use super::{Command, theme};
use crate::domain::{CodeId, CoderId, Direction, DocumentId};
use crate::retrieval::{Combine, Context, Excerpt, Order, Query, Retrieval};
use crate::store::DocumentSummary;

/// How many excerpts are drawn before "Show more".
const PAGE: usize = 200;

#[derive(Debug, Default)]
pub struct RetrievalUi {
    pub query: Query,
    /// The result for `query` at the data versions it was computed from.
    result: Option<(DataKey, Query, Retrieval)>,
    error: Option<String>,
    shown: usize,
    expanded: HashSet<(DocumentId, usize, usize)>,
    /// How many times a retrieval ran (tests check that typing a memo runs none).
    computed: u64,
    /// The filter typed in a "+ code" list.
    chip_filter: String,
    /// What the query's restriction keeps, in words (empty when it keeps everything).
    restricted: String,
    /// The "Only where" conditions as typed.
    where_text: String,
}

/// The versions of documents, codes and codings a result was computed from.
pub type DataKey = (u64, u64, u64);

/// What the panel reads.
pub struct PanelContext<'a> {
    pub codebook: &'a CodebookView,
    pub documents: &'a [DocumentSummary],
    pub coders: &'a [(CoderId, String)],
}

fn swatch(ui: &mut Ui, color: egui::Color32) {
    let (rect, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
    ui.painter().rect_filled(rect.shrink(1.0), 2.0, color);
}

/// Gives a button repeated on every excerpt a name of its own for screen readers ("Go to
/// passage T-3F9A2C7K"), keeping its short visible text.
fn name_for_reader(ui: &Ui, response: &egui::Response, name: String) {
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_label(name));
}

/// A coding's memo under its excerpt: "Memo: …" on one line when it reads left to right,
/// else the label above the memo set in its own direction.
pub(super) fn memo_line(ui: &mut Ui, memo: &str, weak: egui::Color32) {
    if crate::bidi::is_plain_left_to_right(memo) {
        ui.label(
            egui::RichText::new(format!("Memo: {memo}"))
                .italics()
                .color(weak),
        );
        return;
    }
    ui.label(egui::RichText::new("Memo:").italics().color(weak));
    let format = egui::TextFormat {
        font_id: egui::TextStyle::Body.resolve(ui.style()),
        color: weak,
        italics: true,
        ..Default::default()
    };
    BidiLabel::new(
        egui::text::LayoutJob::single_section(memo.to_owned(), format),
        Direction::Auto,
        Fit::Fill,
    )
    .show(ui);
}

fn key(e: &Excerpt) -> (DocumentId, usize, usize) {
    (e.document, e.range.start, e.range.end)
}

impl RetrievalUi {
    /// Shows the excerpts a query retrieves (an analysis cell, row or pair); `restricted`
    /// says in words what its restriction keeps (attribute values, cases).
    pub fn show_query(&mut self, query: Query, restricted: String) {
        self.query = query;
        self.restricted = restricted;
        self.shown = PAGE;
    }

    /// Shows the excerpts of one code (and its subcodes).
    pub fn retrieve_code(&mut self, code: CodeId) {
        self.query.codes = vec![code];
        self.query.exclude.clear();
        self.query.codings.clear();
        self.query.subcodes = true;
        self.shown = PAGE;
    }

    /// The current result, recomputed when the query or what it reads (documents, codes,
    /// codings: `key`) changed — not when a memo elsewhere changed.
    pub fn refresh(&mut self, project: &crate::project::Project, key: DataKey) {
        let fresh = self
            .result
            .as_ref()
            .is_some_and(|(k, q, _)| *k == key && *q == self.query);
        if fresh {
            return;
        }
        self.computed += 1;
        match crate::retrieval::retrieve(project, &self.query) {
            Ok(r) => {
                self.result = Some((key, self.query.clone(), r));
                self.error = None;
            }
            Err(e) => {
                self.result = None;
                self.error = Some(e.to_string());
            }
        }
        if self.shown == 0 {
            self.shown = PAGE;
        }
    }

    /// How many retrievals the panel has run.
    pub fn computed(&self) -> u64 {
        self.computed
    }

    /// Takes the new memos of these codings into the shown excerpts, without retrieving again.
    pub fn memos_changed(
        &mut self,
        project: &crate::project::Project,
        codings: &std::collections::BTreeSet<crate::domain::CodingId>,
    ) {
        let Some((_, _, result)) = &mut self.result else {
            return;
        };
        for id in codings {
            let Ok(coding) = project.store().coding(*id) else {
                continue;
            };
            for excerpt in &mut result.excerpts {
                for c in &mut excerpt.codings {
                    if c.coding == *id {
                        c.memo.clone_from(&coding.memo);
                    }
                }
            }
        }
    }

    /// The last result, for exports from the window.
    pub fn result(&self) -> Option<&Retrieval> {
        self.result.as_ref().map(|(_, _, r)| r)
    }

    fn code_chips(
        ui: &mut Ui,
        view: &CodebookView,
        ids: &mut Vec<CodeId>,
        add_label: &str,
        filter_text: &mut String,
    ) {
        let mut remove = None;
        for (i, id) in ids.iter().enumerate() {
            if let Some(e) = view.entry(*id) {
                ui.horizontal(|ui| {
                    swatch(ui, theme::code_color(&e.code.color));
                    ui.label(&e.path);
                    if ui
                        .small_button("×")
                        .on_hover_text(format!("Remove {}", e.path))
                        .clicked()
                    {
                        remove = Some(i);
                    }
                });
            }
        }
        if let Some(i) = remove {
            ids.remove(i);
        }
        ui.menu_button(add_label, |ui| {
            let filter = super::widgets::filter_field(ui, "Find a code", filter_text);
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    for e in &view.entries {
                        if ids.contains(&e.code.id) || !filter.matches(&e.path) {
                            continue;
                        }
                        if ui.button(&e.path).clicked() {
                            ids.push(e.code.id);
                            filter_text.clear();
                            ui.close();
                        }
                    }
                });
        });
    }

    pub fn ui(&mut self, ui: &mut Ui, cx: &PanelContext<'_>, out: &mut Vec<Command>) {
        let before = self.query.clone();
        ui.horizontal_wrapped(|ui| {
            ui.heading("Retrieval");
            ui.separator();
            ui.label("Codes:");
            Self::code_chips(
                ui,
                cx.codebook,
                &mut self.query.codes,
                "+ code",
                &mut self.chip_filter,
            );
            if !self.query.restrict.is_empty() {
                ui.separator();
                ui.label(format!("Only where {}", self.restricted));
                if ui
                    .small_button("✕")
                    .on_hover_text("Drop this restriction")
                    .clicked()
                {
                    self.query.restrict = crate::retrieval::Restriction::default();
                    self.restricted.clear();
                    self.where_text.clear();
                }
            }
            if !self.query.codings.is_empty() {
                ui.separator();
                ui.label(format!(
                    "Only the {} counted together",
                    super::widgets::counted(self.query.codings.len(), "coding", "codings")
                ));
                if ui
                    .small_button("✕")
                    .on_hover_text("Show every coding of these codes")
                    .clicked()
                {
                    self.query.codings.clear();
                }
            }
            ui.checkbox(&mut self.query.subcodes, "with subcodes");
            ui.separator();
            ui.label("Passages coded with");
            ui.radio_value(&mut self.query.combine, Combine::Any, "any of them");
            ui.radio_value(
                &mut self.query.combine,
                Combine::All,
                "all of them (overlap)",
            );
            ui.separator();
            ui.label("but not:");
            Self::code_chips(
                ui,
                cx.codebook,
                &mut self.query.exclude,
                "+ exclude",
                &mut self.chip_filter,
            );
        });
        ui.horizontal_wrapped(|ui| {
            let docs_label = if self.query.documents.is_empty() {
                "All documents".to_owned()
            } else {
                super::widgets::counted(self.query.documents.len(), "document", "documents")
            };
            ui.menu_button(docs_label, |ui| {
                for d in cx.documents {
                    let mut on = self.query.documents.contains(&d.id);
                    if ui.checkbox(&mut on, &d.name).changed() {
                        if on {
                            self.query.documents.push(d.id);
                        } else {
                            self.query.documents.retain(|x| *x != d.id);
                        }
                    }
                }
                if ui.button("All documents").clicked() {
                    self.query.documents.clear();
                }
            });
            let coders_label = if self.query.coders.is_empty() {
                "All coders".to_owned()
            } else {
                super::widgets::counted(self.query.coders.len(), "coder", "coders")
            };
            ui.menu_button(coders_label, |ui| {
                for (id, name) in cx.coders {
                    let mut on = self.query.coders.contains(id);
                    if ui.checkbox(&mut on, name).changed() {
                        if on {
                            self.query.coders.push(*id);
                        } else {
                            self.query.coders.retain(|x| x != id);
                        }
                    }
                }
                if ui.button("All coders").clicked() {
                    self.query.coders.clear();
                }
            });
            ui.separator();
            out.extend(
                super::where_field::ui(ui, &mut self.where_text, "retrieval-where")
                    .map(|t| Command::Where(super::where_field::WhereFor::Retrieval, t)),
            );
            ui.separator();
            ui.label("Sort:");
            ui.radio_value(&mut self.query.order, Order::Document, "document order");
            ui.radio_value(&mut self.query.order, Order::Code, "by code");
            ui.separator();
            let mut context_on = self.query.context != Context::None;
            if ui
                .checkbox(&mut context_on, "show surrounding paragraph")
                .changed()
            {
                self.query.context = if context_on {
                    Context::Paragraph
                } else {
                    Context::None
                };
            }
            ui.separator();
            ui.menu_button("Export…", |ui| {
                for format in crate::export::EXCERPT_FORMATS {
                    if ui.button(super::format_label(format)).clicked() {
                        out.push(Command::Action(super::Action::ExportExcerpts(format)));
                        ui.close();
                    }
                }
            });
        });
        if self.query != before {
            self.shown = PAGE;
        }
        ui.separator();
        if let Some(err) = &self.error {
            ui.colored_label(theme::error(ui.visuals()), err);
            return;
        }
        let Some((_, _, result)) = &self.result else {
            return;
        };
        let total = result.excerpts.len();
        ui.label(
            egui::RichText::new(format!(
                "{total} excerpt{}",
                if total == 1 { "" } else { "s" }
            ))
            .strong(),
        );
        if total == 0 {
            ui.label(
                egui::RichText::new(
                    "Nothing matches. Choose other codes, or code some passages first.",
                )
                .color(theme::secondary(ui.visuals())),
            );
            return;
        }
        let shown = self.shown.clamp(PAGE, total.max(PAGE)).min(total);
        let expanded = &mut self.expanded;
        let mut wants_context = false;
        let mut more = false;
        egui::ScrollArea::vertical()
            .id_salt("retrieval-list")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for excerpt in &result.excerpts[..shown] {
                    wants_context |= Self::excerpt_ui(ui, excerpt, expanded, out);
                    ui.separator();
                }
                more = shown < total
                    && ui
                        .button(format!("Show {} more", (total - shown).min(PAGE)))
                        .clicked();
            });
        if more {
            self.shown = shown + PAGE;
        }
        if wants_context && self.query.context == Context::None {
            self.query.context = Context::Paragraph;
        }
    }

    /// One excerpt; returns `true` when the reader asked for context that was not loaded.
    fn excerpt_ui(
        ui: &mut Ui,
        e: &Excerpt,
        expanded_set: &mut HashSet<(DocumentId, usize, usize)>,
        out: &mut Vec<Command>,
    ) -> bool {
        let mut wants_context = false;
        let weak = theme::secondary(ui.visuals());
        ui.horizontal_wrapped(|ui| {
            for c in &e.codings {
                swatch(ui, theme::code_color(&c.color));
                ui.label(egui::RichText::new(&c.code_path).strong());
            }
            ui.label(
                egui::RichText::new(format!(
                    "· {} {} · {}",
                    e.document_name,
                    e.location_label(),
                    e.coders()
                ))
                .color(weak),
            );
            let id_label = e.id_label();
            let copy_id = ui
                .small_button(&id_label)
                .on_hover_text("Copy the excerpt id");
            name_for_reader(ui, &copy_id, format!("Copy the excerpt id {id_label}"));
            if copy_id.clicked() {
                ui.ctx().copy_text(id_label);
            }
        });
        let expanded = expanded_set.contains(&key(e));
        let mut job = egui::text::LayoutJob::default();
        let body = egui::TextFormat {
            font_id: theme::reading_font(14.0),
            color: ui.visuals().text_color(),
            ..Default::default()
        };
        let dim = egui::TextFormat {
            color: weak,
            ..body.clone()
        };
        if expanded && !e.before.is_empty() {
            job.append(&e.before, 0.0, dim.clone());
        }
        job.append(&e.text, 0.0, body);
        if expanded && !e.after.is_empty() {
            job.append(&e.after, 0.0, dim);
        }
        let response = BidiLabel::new(job, e.direction, Fit::Fill)
            .sense(Sense::click())
            .show(ui)
            .on_hover_text("Double-click to show this passage in its document");
        if response.double_clicked() {
            out.push(Command::ShowPassage(e.document, e.range));
        }
        let memo = e.memo();
        if !memo.is_empty() {
            memo_line(ui, &memo, weak);
        }
        let id_label = e.id_label();
        ui.horizontal(|ui| {
            let copy = ui.small_button("Copy citation").on_hover_text(e.citation());
            name_for_reader(ui, &copy, format!("Copy citation {id_label}"));
            if copy.clicked() {
                ui.ctx().copy_text(e.citation());
            }
            let toggle = if expanded {
                "Hide context"
            } else {
                "Show context"
            };
            let toggled = ui.small_button(toggle);
            name_for_reader(ui, &toggled, format!("{toggle} {id_label}"));
            if toggled.clicked() {
                if expanded {
                    expanded_set.remove(&key(e));
                } else {
                    expanded_set.insert(key(e));
                    wants_context = e.before.is_empty() && e.after.is_empty();
                }
            }
            let go = ui.small_button("Go to passage");
            name_for_reader(ui, &go, format!("Go to passage {id_label}"));
            if go.clicked() {
                out.push(Command::ShowPassage(e.document, e.range));
            }
        });
        wants_context
    }
}
