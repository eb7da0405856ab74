//! The window (behind the `gui` feature). Panels read view models and *send* [`Command`]s;
//! [`Workbench::handle`] is the one place that acts on them, through `Project::execute`.

mod actions;
mod codebook_panel;
mod dialogs;
pub mod document_view;
mod documents_panel;
mod import_job;
mod inspector;
mod picker;
mod retrieval_panel;
pub mod theme;
pub mod view_models;
mod widgets;

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::domain::{CodeId, CodingId, DocumentId, Edit, TextRange};
use crate::project::Project;
use crate::store::{DocumentSummary, ProjectInfo};

pub use actions::Action;
use dialogs::Dialog;
use document_view::DocumentView;
use view_models::{CodebookView, DocumentModel};

/// Everything a panel can ask for. Handled between frames by [`Workbench::handle`].
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Apply an edit (one undo step).
    Edit(Edit),
    /// Apply an edit that merges with the previous one of the same key (typing).
    EditMerging(Edit, String),
    Action(Action),
    OpenDocument(DocumentId),
    SelectCoding(Option<CodingId>),
    SelectCode(Option<CodeId>),
    /// Apply a code to the current selection.
    ApplyCode(CodeId),
    /// Apply a code to a passage dragged onto it.
    ApplyCodeTo(CodeId, DocumentId, TextRange),
    /// Create a top-level code with this name and apply it to the selection.
    CreateCodeAndApply(String),
    ResizeCoding(CodingId, TextRange),
    OpenProject(PathBuf),
    ImportFiles(Vec<PathBuf>),
    AskDeleteCode(CodeId),
    AskDeleteDocument(DocumentId),
    SetCoder(String),
    /// Open the document and select this passage (from retrieval).
    ShowPassage(DocumentId, TextRange),
    /// Show the excerpts of a code (and its subcodes) in the retrieval panel.
    RetrieveCode(CodeId),
    /// Export what the retrieval panel shows.
    ExportRetrieval(crate::export::Format),
    ExportCodebook(crate::export::Format),
    /// Export the open document with its coded passages highlighted.
    ExportDocument(crate::export::Format),
    ShowDialog(Dialog),
    CloseDialog,
}

/// A message in the status bar.
#[derive(Debug, Clone)]
struct Notice {
    text: String,
    error: bool,
}

/// The whole window's state, independent of eframe so tests can drive it with kittest.
pub struct Workbench {
    pub project: Option<Project>,
    pub config: Config,
    seen_revision: u64,
    pub codebook: CodebookView,
    pub documents: Vec<DocumentSummary>,
    pub info: Option<ProjectInfo>,
    pub model: Option<DocumentModel>,
    pub view: DocumentView,
    pub selected_code: Option<CodeId>,
    /// The selected coding in full (text, memo, coder), read when the selection or the project
    /// changes — not every frame.
    selected_detail: Option<(u64, crate::domain::Coding, String)>,
    /// Most recently applied codes first (keys 1–9).
    pub recent_codes: Vec<CodeId>,
    commands: Vec<Command>,
    notice: Option<Notice>,
    codebook_ui: codebook_panel::CodebookUi,
    documents_ui: documents_panel::DocumentsUi,
    inspector_ui: inspector::InspectorUi,
    pub retrieval_ui: retrieval_panel::RetrievalUi,
    /// Whether the retrieval panel is open.
    pub show_retrieval: bool,
    /// Coders of the project, for the retrieval filter.
    coders: Vec<(crate::domain::CoderId, String)>,
    picker: Option<picker::Picker>,
    dialog: Option<Dialog>,
    import: Option<import_job::ImportJob>,
    /// A project waiting for the coder's name before it opens.
    pending_open: Option<PathBuf>,
    pub quit_requested: bool,
    /// Write settings (coder, recent projects) to the user's config folder. Tests turn it off.
    pub remember_settings: bool,
}

impl Workbench {
    /// A window with no project open.
    pub fn new(config: Config) -> Self {
        Workbench {
            project: None,
            config,
            seen_revision: 0,
            codebook: CodebookView::default(),
            documents: Vec::new(),
            info: None,
            model: None,
            view: DocumentView::default(),
            selected_code: None,
            selected_detail: None,
            recent_codes: Vec::new(),
            commands: Vec::new(),
            notice: None,
            codebook_ui: codebook_panel::CodebookUi::default(),
            documents_ui: documents_panel::DocumentsUi::default(),
            inspector_ui: inspector::InspectorUi::default(),
            retrieval_ui: retrieval_panel::RetrievalUi::default(),
            show_retrieval: false,
            coders: Vec::new(),
            picker: None,
            dialog: None,
            import: None,
            pending_open: None,
            quit_requested: false,
            remember_settings: true,
        }
    }

    /// Shows `project`, with its first document open, and remembers it as recent.
    pub fn show_project(&mut self, project: Project) {
        self.config.remember_project(project.store().path());
        self.save_config();
        self.project = Some(project);
        self.seen_revision = 0;
        self.model = None;
        self.view = DocumentView::default();
        self.view.font_size = self.config.font_size.unwrap_or(theme::DEFAULT_FONT_SIZE);
        self.view.reflow = self.config.reflow;
        self.selected_code = None;
        self.recent_codes.clear();
        self.refresh();
        if let Some(first) = self.documents.first().map(|d| d.id) {
            self.open_document(first);
        }
    }

    /// Opens `path` once the coder is known (asks for the name on first run).
    pub fn open_when_ready(&mut self, path: PathBuf) {
        if self.config.coder.is_none() {
            self.pending_open = Some(path);
            self.dialog = Some(Dialog::coder(&self.config.coder_or_login()));
        } else {
            self.commands.push(Command::OpenProject(path));
        }
    }

    /// Queues a command, as a panel would.
    pub fn send(&mut self, command: Command) {
        self.commands.push(command);
    }

    fn save_config(&self) {
        if !self.remember_settings {
            return;
        }
        if let Err(e) = self.config.save() {
            tracing::warn!("cannot save settings: {e}");
        }
    }

    fn notify(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            error: false,
        });
    }

    fn fail(&mut self, text: impl Into<String>) {
        let text = text.into();
        tracing::warn!("{text}");
        self.notice = Some(Notice { text, error: true });
    }

    /// Rebuilds view models when the project changed. Cheap when it did not.
    fn refresh(&mut self) {
        let Some(project) = &self.project else {
            return;
        };
        if project.revision() == self.seen_revision {
            return;
        }
        self.seen_revision = project.revision();
        let store = project.store();
        let result = (|| -> crate::store::Result<()> {
            self.codebook.entries = project.codebook()?;
            self.documents = store.document_summaries()?;
            self.info = Some(store.info()?);
            self.coders = store
                .coders()?
                .into_iter()
                .map(|c| (c.id, c.name))
                .collect();
            if let Some(model) = &mut self.model {
                if self.documents.iter().any(|d| d.id == model.id) {
                    let codings = store.coding_spans_in_document(model.id)?;
                    model.set_codings(codings, &self.codebook.entries);
                    if let Some(name) = self
                        .documents
                        .iter()
                        .find(|d| d.id == model.id)
                        .map(|d| d.name.clone())
                    {
                        model.name = name;
                    }
                } else {
                    self.model = None;
                }
            }
            Ok(())
        })();
        self.view.highlights += 1;
        if let Some(model) = &self.model
            && let Some(id) = self.view.selected_coding
            && model.coding(id).is_none()
        {
            self.view.selected_coding = None;
        }
        if self.model.is_none()
            && let Some(first) = self.documents.first().map(|d| d.id)
        {
            self.open_document(first);
        }
        self.recent_codes
            .retain(|id| self.codebook.entry(*id).is_some());
        if let Some(id) = self.selected_code
            && self.codebook.entry(id).is_none()
        {
            self.selected_code = None;
        }
        if let Err(e) = result {
            self.fail(format!("cannot read the project: {e}"));
        }
    }

    fn open_document(&mut self, id: DocumentId) {
        let Some(project) = &self.project else {
            return;
        };
        let loaded = project
            .store()
            .document(id)
            .and_then(|doc| Ok((doc, project.store().coding_spans_in_document(id)?)));
        match loaded {
            Ok((doc, codings)) => {
                self.model = Some(DocumentModel::new(&doc, codings, &self.codebook.entries));
                self.view.show_document(Some(id));
                self.view.highlights += 1;
            }
            Err(e) => self.fail(format!("cannot open the document: {e}")),
        }
    }

    /// Applies an edit through the one write path; failures become one notice.
    fn execute(&mut self, edit: Edit, merge: Option<String>) -> Option<Edit> {
        let project = self.project.as_mut()?;
        let result = project.execute_merging(edit, merge);
        match result {
            Ok(inverse) => {
                self.refresh();
                Some(inverse)
            }
            Err(e) => {
                self.fail(e.to_string());
                None
            }
        }
    }

    fn apply_code(&mut self, code: CodeId, document: DocumentId, range: TextRange) {
        let Some(project) = &self.project else {
            return;
        };
        let coder = project.coder().to_owned();
        let inverse = self.execute(
            Edit::ApplyCoding {
                document,
                code,
                range,
                coder,
                memo: String::new(),
            },
            None,
        );
        if let Some(Edit::RemoveCoding { id }) = inverse {
            self.recent_codes.retain(|c| *c != code);
            self.recent_codes.insert(0, code);
            self.recent_codes.truncate(9);
            self.view.selection = None;
            self.view.selected_coding = Some(id);
        }
    }

    /// Performs every queued command.
    pub fn handle_commands(&mut self, ctx: &egui::Context) {
        let commands = std::mem::take(&mut self.commands);
        for command in commands {
            self.handle(ctx, command);
        }
    }

    fn handle(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Edit(edit) => {
                self.execute(edit, None);
            }
            Command::EditMerging(edit, key) => {
                self.execute(edit, Some(key));
            }
            Command::Action(action) => self.perform(ctx, action),
            Command::OpenDocument(id) => self.open_document(id),
            Command::SelectCoding(id) => {
                self.view.selected_coding = id;
                if let Some(project) = &mut self.project {
                    project.end_burst();
                }
            }
            Command::SelectCode(id) => self.selected_code = id,
            Command::ApplyCode(code) => {
                match (
                    self.model.as_ref().map(|m| m.id),
                    self.view.selected_range(),
                ) {
                    (Some(doc), Some(range)) => self.apply_code(code, doc, range),
                    _ => self.notify("Select a passage first, then choose a code."),
                }
            }
            Command::ApplyCodeTo(code, doc, range) => self.apply_code(code, doc, range),
            Command::CreateCodeAndApply(name) => {
                let inverse = self.execute(
                    Edit::CreateCode {
                        parent: None,
                        name,
                        color: None,
                        description: String::new(),
                        position: None,
                    },
                    None,
                );
                if let Some(Edit::DeleteCode { id }) = inverse {
                    self.handle(ctx, Command::ApplyCode(id));
                }
            }
            Command::ResizeCoding(id, range) => {
                self.execute(Edit::ResizeCoding { id, range }, None);
            }
            Command::OpenProject(path) => self.open_project(&path),
            Command::ImportFiles(paths) => self.start_import(ctx, paths),
            Command::AskDeleteCode(id) => {
                if let Some(entry) = self.codebook.entry(id) {
                    let subcodes = self
                        .codebook
                        .entries
                        .iter()
                        .filter(|e| e.path.starts_with(&format!("{}/", entry.path)))
                        .count();
                    self.dialog = Some(Dialog::delete_code(entry, subcodes));
                }
            }
            Command::AskDeleteDocument(id) => {
                if let Some(doc) = self.documents.iter().find(|d| d.id == id) {
                    self.dialog = Some(Dialog::delete_document(doc));
                }
            }
            Command::SetCoder(name) => {
                let name = name.trim().to_owned();
                if name.is_empty() {
                    return;
                }
                self.config.coder = Some(name.clone());
                self.save_config();
                self.dialog = None;
                if let Some(path) = self.pending_open.take() {
                    self.open_project(&path);
                } else if let Some(project) = self.project.take() {
                    // Reopen so the new name is registered and used for new codings.
                    let path = project.store().path().to_owned();
                    drop(project);
                    self.open_project(&path);
                }
            }
            Command::ShowPassage(document, range) => {
                if self.model.as_ref().is_none_or(|m| m.id != document) {
                    self.open_document(document);
                }
                self.view.select(range);
                let innermost = self
                    .model
                    .as_ref()
                    .and_then(|m| m.codings_at(range.start).first().map(|c| c.id));
                self.view.selected_coding = innermost;
            }
            Command::RetrieveCode(code) => {
                self.retrieval_ui.retrieve_code(code);
                self.show_retrieval = true;
            }
            Command::ExportRetrieval(format) => self.export_retrieval(format),
            Command::ExportCodebook(format) => self.export_codebook(format),
            Command::ExportDocument(format) => self.export_document(format),
            Command::ShowDialog(dialog) => self.dialog = Some(dialog),
            Command::CloseDialog => self.dialog = None,
        }
    }

    fn open_project(&mut self, path: &Path) {
        // Release our own lock first when reopening the same file.
        if self
            .project
            .as_ref()
            .is_some_and(|p| same_file(p.store().path(), path))
        {
            self.project = None;
        }
        let coder = self.config.coder_or_login();
        match Project::open(path, &coder) {
            Ok(project) => {
                self.show_project(project);
                self.notify(format!("Opened {}", path.display()));
            }
            Err(e) => self.fail(e.to_string()),
        }
    }

    fn create_project(&mut self, path: &Path) {
        let name = path.file_stem().map_or_else(
            || "Untitled".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        );
        let coder = self.config.coder_or_login();
        self.project = None;
        match Project::create(path, &name, &coder) {
            Ok(project) => {
                self.model = None;
                self.show_project(project);
                self.notify(format!("Created {}", path.display()));
            }
            Err(e) => self.fail(e.to_string()),
        }
    }

    fn start_import(&mut self, ctx: &egui::Context, paths: Vec<PathBuf>) {
        if self.project.is_none() {
            self.fail("Open or create a project before importing documents.");
            return;
        }
        if self.import.is_some() {
            self.fail("An import is still running; wait for it to finish.");
            return;
        }
        if !paths.is_empty() {
            let options = crate::import::ImportOptions {
                join_pdf_lines: self.config.join_pdf_lines,
            };
            self.import = Some(import_job::ImportJob::start(ctx, paths, options));
        }
    }

    /// Takes the results of a background import, one transaction per file.
    fn poll_import(&mut self) {
        let Some(job) = &mut self.import else {
            return;
        };
        let ready = job.take_ready();
        let finished = job.finished();
        for (path, result) in ready {
            let outcome = match (result, self.project.as_mut()) {
                (Ok(doc), Some(project)) => {
                    crate::import::add_document(project, doc).map_err(|e| e.to_string())
                }
                (Ok(_), None) => Err("the project was closed".to_owned()),
                (Err(e), _) => Err(e.to_string()),
            };
            if let Some(job) = &mut self.import {
                job.record(&path, outcome);
            }
        }
        self.refresh();
        if finished && let Some(job) = self.import.take() {
            let summary = job.summary();
            self.dialog = Some(Dialog::import_summary(summary));
        }
    }

    fn export_retrieval(&mut self, format: crate::export::Format) {
        let Some(project) = &self.project else {
            return;
        };
        // The panel's query when it is open; otherwise every coding, grouped by code.
        let everything;
        let result = if self.show_retrieval {
            self.retrieval_ui.refresh(project);
            match self.retrieval_ui.result() {
                Some(r) => r,
                None => return,
            }
        } else {
            let query = crate::retrieval::Query {
                order: crate::retrieval::Order::Code,
                ..crate::retrieval::Query::default()
            };
            match crate::retrieval::retrieve(project, &query) {
                Ok(r) => {
                    everything = r;
                    &everything
                }
                Err(e) => {
                    self.fail(e.to_string());
                    return;
                }
            }
        };
        let Some(path) = save_dialog("Export excerpts", format, "excerpts") else {
            return;
        };
        match crate::export::export_excerpts(result, format, &path) {
            Ok(()) => self.notify(format!(
                "Exported {} excerpts: {}",
                result.excerpts.len(),
                path.display()
            )),
            Err(e) => self.fail(e.to_string()),
        }
    }

    fn export_codebook(&mut self, format: crate::export::Format) {
        let Some(info) = self.info.as_ref().filter(|_| self.project.is_some()) else {
            return;
        };
        let Some(path) = save_dialog("Export codebook", format, "codebook") else {
            return;
        };
        match crate::export::export_codebook(&self.codebook.entries, &info.name, format, &path) {
            Ok(()) => self.notify(format!("Exported the codebook: {}", path.display())),
            Err(e) => self.fail(e.to_string()),
        }
    }

    fn export_document(&mut self, format: crate::export::Format) {
        let (Some(project), Some(model)) = (&self.project, &self.model) else {
            return;
        };
        let document = match crate::retrieval::coded_document(project, model.id, &[]) {
            Ok(d) => d,
            Err(e) => {
                self.fail(e.to_string());
                return;
            }
        };
        let Some(path) = save_dialog("Export the coded document", format, &model.name) else {
            return;
        };
        match crate::export::export_document(&document, format, &path) {
            Ok(()) => self.notify(format!("Exported “{}”: {}", model.name, path.display())),
            Err(e) => self.fail(e.to_string()),
        }
    }

    /// Keeps `selected_detail` in step with the selected coding and the project's revision.
    fn sync_selected_detail(&mut self) {
        let revision = self.project.as_ref().map_or(0, Project::revision);
        let wanted = self.view.selected_coding;
        let current = self
            .selected_detail
            .as_ref()
            .map(|(rev, c, _)| (*rev, c.id));
        if wanted.map(|id| (revision, id)) == current {
            return;
        }
        self.selected_detail = match (wanted, &self.project) {
            (Some(id), Some(project)) => project.store().coding(id).ok().map(|c| {
                let coder = project
                    .store()
                    .coders()
                    .ok()
                    .and_then(|cs| cs.into_iter().find(|k| k.id == c.coder))
                    .map(|k| k.name)
                    .unwrap_or_default();
                (revision, c, coder)
            }),
            _ => None,
        };
    }

    /// The window title: "PROJECT NAME — Tamga".
    pub fn title(&self) -> String {
        match &self.info {
            Some(info) if self.project.is_some() => format!("{} — Tamga", info.name),
            _ => "Tamga".to_owned(),
        }
    }

    /// Draws the whole window for one frame, then performs the commands it produced.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.poll_import();
        self.refresh();
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if !dropped.is_empty() {
            self.commands.push(Command::ImportFiles(dropped));
        }
        self.shortcuts(&ctx);
        self.sync_selected_detail();

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        if self.project.is_some() {
            egui::Panel::left("left")
                .default_size(theme::LEFT_PANEL_WIDTH)
                .show(ui, |ui| {
                    egui::Panel::top("documents")
                        .resizable(true)
                        .default_size(180.0)
                        .show(ui, |ui| {
                            self.documents_ui.ui(
                                ui,
                                &self.documents,
                                self.model.as_ref().map(|m| m.id),
                                &mut self.commands,
                            );
                        });
                    egui::CentralPanel::default_margins().show(ui, |ui| {
                        self.codebook_ui.ui(
                            ui,
                            &self.codebook,
                            self.selected_code,
                            self.view.selected_range().is_some(),
                            &mut self.commands,
                        );
                    });
                });
            egui::Panel::right("inspector")
                .default_size(theme::INSPECTOR_WIDTH)
                .show(ui, |ui| {
                    self.inspector_ui.ui(
                        ui,
                        &inspector::Context {
                            model: self.model.as_ref(),
                            view: &self.view,
                            selected: self
                                .selected_detail
                                .as_ref()
                                .map(|(_, c, k)| (c, k.as_str())),
                            codebook: &self.codebook,
                            selected_code: self.selected_code,
                            project: self.project.as_ref(),
                        },
                        &mut self.commands,
                    );
                });
        }
        if self.show_retrieval
            && let Some(project) = &self.project
        {
            self.retrieval_ui.refresh(project);
            egui::Panel::bottom("retrieval")
                .resizable(true)
                .default_size(320.0)
                .show(ui, |ui| {
                    self.retrieval_ui.ui(
                        ui,
                        &retrieval_panel::PanelContext {
                            codebook: &self.codebook,
                            documents: &self.documents,
                            coders: &self.coders,
                        },
                        &mut self.commands,
                    );
                });
        }
        egui::CentralPanel::default_margins()
            .frame(
                egui::Frame::central_panel(ui.style())
                    .fill(theme::reading_background(ui.visuals())),
            )
            .show(ui, |ui| self.central_ui(ui));

        if let Some(picker) = &mut self.picker {
            let close = picker.ui(&ctx, &self.codebook, &mut self.commands);
            if close {
                self.picker = None;
            }
        }
        if let Some(dialog) = &mut self.dialog {
            dialog.ui(&ctx, &mut self.commands);
        }
        if self.import.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        self.handle_commands(&ctx);
    }

    fn central_ui(&mut self, ui: &mut egui::Ui) {
        match (&self.project, &self.model) {
            (None, _) if self.pending_open.is_some() => {
                ui.vertical_centered(|ui| {
                    ui.add_space(ui.available_height() / 3.0);
                    ui.heading("Opening the project once you have said who is coding…");
                });
            }
            (None, _) => {
                ui.vertical_centered(|ui| {
                    ui.add_space(ui.available_height() / 3.0);
                    ui.heading("No project is open");
                    ui.add_space(8.0);
                    ui.label("Open a project (Ctrl+O) or create one (Ctrl+N).");
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        ui.add_space((ui.available_width() - 260.0).max(0.0) / 2.0);
                        if ui.button("Open project…").clicked() {
                            self.commands.push(Command::Action(Action::Open));
                        }
                        if ui.button("New project…").clicked() {
                            self.commands.push(Command::Action(Action::New));
                        }
                    });
                });
            }
            (Some(_), None) => {
                ui.vertical_centered(|ui| {
                    ui.add_space(ui.available_height() / 3.0);
                    ui.heading("No documents yet");
                    ui.add_space(8.0);
                    ui.label("Import interview transcripts or field notes (Word, OpenDocument, PDF, RTF, text, Markdown, web pages, subtitles): File ▸ Import documents…, or drop files on this window.");
                    ui.add_space(8.0);
                    if ui.button("Import documents…").clicked() {
                        self.commands.push(Command::Action(Action::Import));
                    }
                });
            }
            (Some(_), Some(model)) => {
                ui.horizontal(|ui| {
                    ui.heading(&model.name);
                    ui.label(
                        egui::RichText::new(format!(
                            "{} characters · {} codings",
                            model.chars,
                            model.codings.len()
                        ))
                        .color(theme::secondary(ui.visuals())),
                    );
                });
                ui.separator();
                self.view.ui(ui, model, &mut self.commands);
            }
        }
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if let (Some(project), Some(info)) = (&self.project, &self.info) {
                ui.label(format!(
                    "Saved · coder: {} · {} documents · {} codes · {} codings",
                    project.coder(),
                    info.documents,
                    info.codes,
                    info.codings
                ));
            } else {
                ui.label("No project open");
            }
            if let Some(job) = &self.import {
                ui.separator();
                let (done, total) = job.progress();
                ui.add(
                    egui::ProgressBar::new(done as f32 / total.max(1) as f32)
                        .desired_width(160.0)
                        .text(format!("Importing {done}/{total}")),
                );
            }
            if let Some(notice) = &self.notice {
                ui.separator();
                let text = egui::RichText::new(&notice.text);
                let text = if notice.error {
                    text.color(theme::error(ui.visuals()))
                } else {
                    text
                };
                if ui
                    .add(egui::Label::new(text).sense(egui::Sense::click()))
                    .on_hover_text("Click to dismiss")
                    .clicked()
                {
                    self.notice = None;
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(
                    egui::RichText::new("Ctrl+K: code…").color(theme::secondary(ui.visuals())),
                );
            });
        });
    }
}

/// What a format is called in menus.
pub fn format_label(format: crate::export::Format) -> &'static str {
    use crate::export::Format;
    match format {
        Format::Docx => "Word (.docx)",
        Format::Odt => "OpenDocument (.odt)",
        Format::Markdown => "Markdown (.md)",
        Format::Html => "Web page (.html)",
        Format::Csv => "CSV for spreadsheets (.csv)",
        Format::CsvRaw => "CSV for scripts, exact (.csv)",
        Format::Xlsx => "Excel (.xlsx)",
    }
}

/// A native "save as" dialog for an export; the path always gets the format's extension.
fn save_dialog(title: &str, format: crate::export::Format, stem: &str) -> Option<PathBuf> {
    rfd::FileDialog::new()
        .set_title(title)
        .add_filter(format_label(format), &[format.extension()])
        .set_file_name(format!("{stem}.{}", format.extension()))
        .save_file()
        .map(|p| p.with_extension(format.extension()))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Adds the system font provider so Cyrillic and CJK text shows (eframe does this itself;
/// tests call it on their own context).
pub fn install_system_fonts(ctx: &egui::Context) {
    ctx.add_font_provider(std::sync::Arc::new(
        egui_system_font_provider::SystemFontProvider::new(),
    ));
}

/// The project `tamga` opens with no file argument: the most recent one that still exists,
/// else a working copy of the sample project in the user's data folder (made on first run).
pub fn default_project(config: &Config) -> anyhow::Result<PathBuf> {
    if let Some(recent) = config.recent.iter().find(|p| p.exists()) {
        return Ok(recent.clone());
    }
    let dir = crate::config::data_dir().ok_or_else(|| {
        anyhow::anyhow!("cannot find a folder for Tamga's data in your home folder")
    })?;
    std::fs::create_dir_all(&dir)
        .map_err(|e| anyhow::anyhow!("cannot create {} ({e})", dir.display()))?;
    let path = dir.join("Kazakh migration (sample).tamga");
    if !path.exists() {
        crate::sample::write_sample(&path)?;
    }
    Ok(path)
}

/// The eframe shell around the [`Workbench`].
struct TamgaApp {
    bench: Workbench,
    title: String,
}

impl eframe::App for TamgaApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.bench.ui(ui);
        let title = self.bench.title();
        if title != self.title {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        if self.bench.quit_requested {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

/// Opens the window on `file`, or on the default project.
pub fn run(file: Option<PathBuf>, coder: Option<String>) -> anyhow::Result<()> {
    let mut config = Config::load();
    if let Some(coder) = coder {
        config.coder = Some(coder);
    }
    let path = match file {
        Some(f) => f,
        None => default_project(&config)?,
    };
    let mut bench = Workbench::new(config);
    bench.open_when_ready(path);
    let dark = bench.config.dark;
    let mut viewport = egui::ViewportBuilder::default();
    if let Ok(icon) = eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon.png")) {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport: viewport
            .with_title("Tamga")
            .with_inner_size([1360.0, 860.0])
            .with_min_inner_size([760.0, 480.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "Tamga",
        options,
        Box::new(move |cc| {
            theme::apply(&cc.egui_ctx, dark);
            Ok(Box::new(TamgaApp {
                bench,
                title: String::new(),
            }))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
