//! The window (behind the `gui` feature). Panels read view models and *send* [`Command`]s;
//! `command_handling.rs` is the one place that acts on them, through `Project::execute`.
//! After each change, [`Workbench::refresh`] rebuilds only the view models that depend on what
//! the change touched.

mod actions;
pub mod analysis_panel;
mod attribute_editor;
mod autocode_dialog;
pub(crate) mod bidi_label;
mod charts;
mod code_card;
mod codebook_panel;
mod coder_filter;
mod command_handling;
mod dialogs;
mod disagreement_panel;
pub mod document_view;
mod documents_panel;
pub mod exchange_job;
pub mod file_dialogs;
#[cfg(feature = "hub")]
mod hub_sync;
mod import_job;
mod inspector;
pub mod jobs;
mod memo_panel;
mod memo_text;
mod menu;
mod palette;
pub mod paragraph_layout;
mod picker;
mod retrieval_panel;
pub mod search_panel;
pub mod suggestions;
mod sync_conflicts;
pub mod text_editor;
pub mod theme;
pub mod view_models;
mod where_field;
mod widgets;

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config::Config;
use crate::domain::{CodeId, CodingId, DocumentId, Edit, TextRange, Touched};
use crate::project::Project;
use crate::store::{DocumentSummary, ProjectInfo};

pub use actions::{Action, Menu, State as ActionState};
use dialogs::Dialog;
use document_view::DocumentView;
pub use file_dialogs::{FileDialogs, Purpose};
use view_models::{CodebookView, DocumentModel};

/// Everything a panel can ask for. Handled between frames by `command_handling.rs`.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Apply an edit (one undo step).
    Edit(Edit),
    /// Apply an edit that merges with the previous one of the same key (typing).
    EditMerging(Edit, String),
    /// Carry out a menu, keyboard or palette action.
    Action(Action),
    /// Show this document in the reading view.
    OpenDocument(DocumentId),
    /// Select this coding in the reading view, or none; ends a typing burst.
    SelectCoding(Option<CodingId>),
    /// Select this code in the codebook, or none.
    SelectCode(Option<CodeId>),
    /// Apply a code to the current selection.
    ApplyCode(CodeId),
    /// Apply a code to a passage dragged onto it.
    ApplyCodeTo(CodeId, DocumentId, TextRange),
    /// Create a top-level code with this name and apply it to the selection.
    CreateCodeAndApply(String),
    /// Create a code (under a parent, or at the top), then select it and scroll to it.
    CreateCode(Option<CodeId>, String),
    /// Merge the first code into the second (with the reason given, if any), then select and
    /// show the second.
    MergeCode(CodeId, CodeId, String),
    /// Ask which codings of a code to split off into a new code.
    AskSplitCode(CodeId),
    /// Open the memo on this target for writing in the memo panel: a new journal entry, or
    /// the document's memo (made if it has none).
    NewMemo(crate::domain::MemoTarget),
    /// Give a coding a new range (character offsets, end exclusive).
    ResizeCoding(CodingId, TextRange),
    /// Open this project file in the window, in place of the open one.
    OpenProject(PathBuf),
    /// Import these files into the open project, in the background.
    ImportFiles(Vec<PathBuf>),
    /// Ask for confirmation before deleting a code with its subcodes and codings.
    AskDeleteCode(CodeId),
    /// Ask for confirmation before deleting a document with its codings.
    AskDeleteDocument(DocumentId),
    /// Sign new codings and memos with this name, and remember it in the settings.
    SetCoder(String),
    /// Open the document and select this passage (from retrieval).
    ShowPassage(DocumentId, TextRange),
    /// Resolve the place the disagreement navigator shows in this way (a consensus coding
    /// takes the passage selected in the reading view).
    ResolveDisagreement(crate::domain::Resolution),
    /// Show only these coders' codings in the reading view (empty: every coder's).
    ShowCoders(Vec<crate::domain::CoderId>),
    /// Ask for a CSV or XLSX table of attribute values of documents or cases, and preview it.
    ImportAttributes(crate::domain::AttributeScope),
    /// Preview the cases "by speaker" would create.
    PreviewSpeakers,
    /// Search the whole project for these words (a word sent from the words view).
    SearchFor(String),
    /// Restrict retrieval or the analysis views to the text whose attributes pass these
    /// conditions (`region=Ili; age>=40`; empty: no restriction).
    Where(where_field::WhereFor, String),
    /// Show the excerpts of this query in the retrieval tab (an analysis cell, row or pair).
    ShowQuery(crate::retrieval::Query),
    /// Save the agreement report (with its method in words) as Word or HTML, asking where.
    SaveAgreement(crate::export::Format),
    /// Apply the merge shown in the preview (one undoable step).
    ApplyMerge,
    /// Forget the merge shown in the preview.
    DropMerge,
    /// Replace the document with the corrected version shown in the preview (one undoable
    /// step).
    ApplyReimport,
    /// Forget the corrected version shown in the preview.
    DropReimport,
    /// Find the occurrences of a name for the pseudonymise dialog's preview (on a worker).
    PlanPseudonym(dialogs::PseudonymRequest),
    /// Replace the name as the pseudonymise dialog's preview shows (one undoable step).
    ApplyPseudonym,
    /// Save the analysis view's table as CSV or XLSX, asking where.
    SaveAnalysisTable(crate::analysis::table::TableFormat),
    /// Save the analysis view's chart (or network) as PNG or SVG, asking where.
    SaveAnalysisChart(crate::analysis::chart::ChartFormat),
    /// Show the excerpts of a code (and its subcodes) in the retrieval panel.
    RetrieveCode(CodeId),
    /// A file dialog's answer.
    FileChosen(Purpose, Vec<PathBuf>),
    /// Copy this snapshot beside the project and open the copy.
    RestoreSnapshot(crate::snapshots::Snapshot),
    /// Resolve a sync conflict (undoable), then sync.
    ResolveSyncConflict(String, crate::domain::Keep),
    /// Stop the running export.
    CancelExport,
    /// Show this dialog over the window.
    ShowDialog(Dialog),
    /// Close the dialog shown.
    CloseDialog,
}

/// The views that share the bottom area of the window, one at a time, as tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BottomTab {
    /// Coded passages chosen by code, document and coder.
    Retrieval,
    /// Frequencies, matrix, co-occurrence and words.
    Analysis,
    /// The search box and its hits.
    Search,
    /// Passages like those coded with the selected code.
    Suggestions,
    /// Every memo, filtered by kind, code, document and words.
    Memos,
}

impl BottomTab {
    /// Every tab, in the order the tab strip shows them.
    pub const ALL: [BottomTab; 5] = [
        BottomTab::Retrieval,
        BottomTab::Memos,
        BottomTab::Search,
        BottomTab::Suggestions,
        BottomTab::Analysis,
    ];

    /// The tab's title.
    pub fn title(self) -> &'static str {
        match self {
            BottomTab::Retrieval => "Retrieval",
            BottomTab::Analysis => "Analysis",
            BottomTab::Search => "Search",
            BottomTab::Suggestions => "Passages like these",
            BottomTab::Memos => "Memos",
        }
    }
}

/// A message in the status bar.
#[derive(Debug, Clone)]
struct Notice {
    text: String,
    error: bool,
}

/// A re-import waiting in its preview.
struct PendingReimport {
    name: String,
    revision: i64,
    plan: Box<crate::corrections::reimport::ReimportPlan>,
}

/// Counters that move when a kind of data changes, so each view knows when to rebuild: the
/// retrieval panel depends on documents, codes and codings, not on memos.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Versions {
    /// Moves when the document list changes (names, order, documents added or removed).
    pub documents: u64,
    /// Moves when the codebook changes (names, colours, the tree; not a definition).
    pub codes: u64,
    /// Moves when any coding is added, removed, moved or recoded.
    pub codings: u64,
    /// Moves when any memo or coding memo changes.
    pub memos: u64,
    /// Moves when a coder is added or removed.
    pub coders: u64,
    /// Moves when attributes, their values or cases change.
    pub attributes: u64,
}

/// The whole window's state, independent of eframe so tests can drive it with kittest.
pub struct Workbench {
    /// The open project; `None` before one is opened and after it is closed.
    pub project: Option<Project>,
    /// The user's settings: coder name, recent projects, text size, theme.
    pub config: Config,
    /// Counters of what changed, so views rebuild only when their data did.
    pub versions: Versions,
    /// The codebook tree with counts, as the codebook panel shows it.
    pub codebook: CodebookView,
    /// The document list, in list order.
    pub documents: Vec<DocumentSummary>,
    /// Counts for the status bar.
    pub info: Option<ProjectInfo>,
    /// The document open in the reading view, with its paragraphs and codings.
    pub model: Option<DocumentModel>,
    /// The reading view's state: selection, selected coding, scroll, text size.
    pub view: DocumentView,
    /// Document ▸ Edit text: the open document in editing mode, shown in place of the reading
    /// view.
    pub editor: Option<text_editor::TextEditor>,
    /// The code selected in the codebook.
    pub selected_code: Option<CodeId>,
    /// The selected coding in full (text, memo, coder), read when the selection or the coding
    /// changes — not every frame.
    selected_detail: Option<(crate::domain::Coding, String)>,
    /// Most recently applied codes first (keys 1–9).
    pub recent_codes: Vec<CodeId>,
    commands: Vec<Command>,
    notice: Option<Notice>,
    codebook_ui: codebook_panel::CodebookUi,
    documents_ui: documents_panel::DocumentsUi,
    inspector_ui: inspector::InspectorUi,
    /// The retrieval panel: its query and the excerpts it shows.
    pub retrieval_ui: retrieval_panel::RetrievalUi,
    /// The search box, its index and its hits.
    pub search_ui: search_panel::SearchUi,
    /// "Passages like these" for the selected code.
    pub suggestions_ui: suggestions::SuggestionsUi,
    /// The memo panel: its filter, the memos it lists, the memo being read or written.
    pub memo_ui: memo_panel::MemoUi,
    /// The tab shown in the bottom area (retrieval, …), or none when it is closed.
    pub bottom: Option<BottomTab>,
    /// Blind coding: the reading view shows only the coder's own codings (until the window
    /// closes).
    pub blind: bool,
    /// The coders whose codings the reading view shows (empty: every coder's).
    pub shown_coders: Vec<crate::domain::CoderId>,
    /// The analysis tab: its view, options and computed result.
    pub analysis_ui: analysis_panel::AnalysisUi,
    /// Coders of the project, for the retrieval filter.
    coders: Vec<(crate::domain::CoderId, String)>,
    picker: Option<picker::Picker>,
    palette: Option<palette::Palette>,
    dialog: Option<Dialog>,
    import: Option<import_job::ImportJob>,
    /// The export running in the background.
    pub export: Option<jobs::ExportJob>,
    /// The REFI-QDA exchange running in the background.
    pub exchange: Option<exchange_job::ExchangeJob>,
    /// The rows a previewed merge would add, until Merge or Cancel.
    pending_merge: Option<Box<crate::domain::RowSet>>,
    /// A previewed re-import, with the document's name and the text revision it was planned
    /// on, until Replace or Cancel.
    pending_reimport: Option<PendingReimport>,
    /// A previewed pseudonymisation, with the project revision it was planned on.
    pending_pseudonym: Option<(u64, Box<crate::corrections::pseudonymise::PseudonymPlan>)>,
    snapshot: Option<jobs::SnapshotJob>,
    /// When the last snapshot was taken, and whether the project changed since.
    last_snapshot: Option<Instant>,
    changed_since_snapshot: bool,
    /// Take rolling snapshots into the data folder (tests turn it off).
    pub take_snapshots: bool,
    /// File dialogs: the system's, or the in-window chooser.
    pub files: FileDialogs,
    /// A project waiting for the coder's name before it opens.
    pending_open: Option<PathBuf>,
    /// Quit was chosen; the shell closes the window at the end of the frame.
    pub quit_requested: bool,
    /// Write settings (coder, recent projects) to the user's config folder. Tests turn it off.
    pub remember_settings: bool,
    /// The last actions carried out, newest last (tests read it; bounded).
    performed: Vec<Action>,
    /// Whether the open project's writer thread knows how to wake the window.
    waker_installed: bool,
    /// The team hub's sync worker, when the open project is a working copy of one.
    #[cfg(feature = "hub")]
    hub: Option<hub_sync::HubSync>,
    /// The project revision whose changes the hub worker last counted, and when.
    #[cfg(feature = "hub")]
    hub_checked: (u64, Option<Instant>),
}

impl Workbench {
    /// A window with no project open.
    pub fn new(config: Config) -> Self {
        Workbench {
            project: None,
            config,
            versions: Versions::default(),
            codebook: CodebookView::default(),
            documents: Vec::new(),
            info: None,
            model: None,
            view: DocumentView::default(),
            editor: None,
            selected_code: None,
            selected_detail: None,
            recent_codes: Vec::new(),
            commands: Vec::new(),
            notice: None,
            codebook_ui: codebook_panel::CodebookUi::default(),
            documents_ui: documents_panel::DocumentsUi::default(),
            inspector_ui: inspector::InspectorUi::default(),
            retrieval_ui: retrieval_panel::RetrievalUi::default(),
            search_ui: search_panel::SearchUi::default(),
            suggestions_ui: suggestions::SuggestionsUi::default(),
            memo_ui: memo_panel::MemoUi::default(),
            bottom: None,
            blind: false,
            shown_coders: Vec::new(),
            analysis_ui: analysis_panel::AnalysisUi::default(),
            coders: Vec::new(),
            picker: None,
            palette: None,
            dialog: None,
            import: None,
            export: None,
            exchange: None,
            pending_merge: None,
            pending_reimport: None,
            pending_pseudonym: None,
            snapshot: None,
            last_snapshot: None,
            changed_since_snapshot: false,
            take_snapshots: true,
            files: FileDialogs::detect(),
            pending_open: None,
            quit_requested: false,
            remember_settings: true,
            performed: Vec::new(),
            waker_installed: false,
            #[cfg(feature = "hub")]
            hub: None,
            #[cfg(feature = "hub")]
            hub_checked: (0, None),
        }
    }

    /// Shows `project`, with its first document open, and remembers it as recent.
    pub fn show_project(&mut self, project: Project) {
        self.config.remember_project(project.store().path());
        self.save_config();
        self.project = Some(project);
        self.waker_installed = false;
        self.versions = Versions::default();
        self.model = None;
        self.editor = None;
        self.view = DocumentView::default();
        self.view.font_size = self.config.font_size.unwrap_or(theme::DEFAULT_FONT_SIZE);
        self.view.reflow = self.config.reflow;
        self.selected_code = None;
        self.selected_detail = None;
        self.recent_codes.clear();
        self.search_ui.reset();
        self.suggestions_ui = suggestions::SuggestionsUi::default();
        self.last_snapshot = None;
        self.changed_since_snapshot = true;
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

    /// Blocks until background imports and exports have finished (tests: the window itself
    /// never waits); the next frame takes their results.
    pub fn wait_for_background_work(&mut self) {
        if let Some(job) = &mut self.import {
            job.wait_parsed();
        }
        if let Some(project) = &mut self.project {
            for e in project.flush() {
                self.notice = Some(Notice {
                    text: e.to_string(),
                    error: true,
                });
            }
        }
        self.analysis_ui.wait();
        if let Some(job) = self.exchange.take() {
            let outcome = job.wait();
            self.finish_exchange(outcome);
        }
        self.search_ui.settle();
        self.suggestions_ui.settle();
        if let Some(job) = self.export.take() {
            let outcome = job.wait();
            match outcome {
                Ok(line) => self.notify(line),
                Err(e) => self.fail(e),
            }
        }
    }

    /// The actions carried out most recently, oldest first (at most 256).
    pub fn performed_actions(&self) -> &[Action] {
        &self.performed
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

    /// The status bar's current message, if any (tests read it).
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_ref().map(|n| n.text.as_str())
    }

    /// What the action table needs to know to enable, tick and name actions.
    pub fn action_state(&self) -> ActionState {
        let recent: Vec<String> = self
            .config
            .recent
            .iter()
            .filter(|p| p.exists())
            .take(usize::from(actions::RECENT_PROJECTS))
            .map(|p| {
                p.file_name().map_or_else(
                    || p.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                )
            })
            .collect();
        ActionState {
            project_open: self.project.is_some(),
            document_open: self.model.is_some(),
            has_selection: self.view.selected_range().is_some(),
            has_coding: self.view.selected_coding.is_some(),
            has_code: self.selected_code.is_some(),
            undo: self
                .project
                .as_ref()
                .and_then(|p| p.undo_label().map(str::to_owned)),
            redo: self
                .project
                .as_ref()
                .and_then(|p| p.redo_label().map(str::to_owned)),
            show_retrieval: self.bottom == Some(BottomTab::Retrieval),
            show_memos: self.bottom == Some(BottomTab::Memos),
            reflow: self.view.reflow,
            blind: self.blind,
            join_pdf_lines: self.config.join_pdf_lines,
            dark: self.config.dark,
            editing_text: self.editor.is_some(),
            recent,
            recent_codes: self.recent_codes.len(),
            busy: self.export.is_some() || self.exchange.is_some(),
            #[cfg(feature = "hub")]
            hub: self.hub.is_some(),
            #[cfg(not(feature = "hub"))]
            hub: false,
        }
    }

    /// The data versions the memo panel's list depends on.
    fn memo_key(&self) -> memo_panel::MemoKey {
        (
            self.versions.memos,
            self.versions.codes,
            self.versions.documents,
            self.versions.codings,
        )
    }

    /// Rebuilds the view models that depend on what changed since the last call. Cheap when
    /// nothing changed; a memo keystroke re-lays out nothing and re-runs no retrieval.
    fn refresh(&mut self) {
        let Some(project) = &mut self.project else {
            return;
        };
        // While the writer thread commits typing, reading the file would wait for its commit
        // (the project is one file with a rollback journal); what the typing touched is taken
        // in once the writer is idle. Whoever types sees their own copy meanwhile.
        if project.writing() {
            return;
        }
        let touched = project.take_touched();
        if touched.is_empty() {
            return;
        }
        self.changed_since_snapshot = true;
        let result = self.rebuild(&touched);
        if touched.documents {
            self.versions.documents += 1;
        }
        if touched.codes {
            self.versions.codes += 1;
        }
        if !touched.codings.is_nothing() {
            self.versions.codings += 1;
        }
        let memos_before = self.memo_key();
        if touched.memos
            || !touched.coding_memos.is_empty()
            || !touched.memo_texts.is_empty()
            || !touched.definitions.is_empty()
        {
            self.versions.memos += 1;
        }
        if touched.coders {
            self.versions.coders += 1;
        }
        if touched.attributes {
            self.versions.attributes += 1;
        }
        if touched.only_memo_texts()
            && let Some(project) = &self.project
        {
            let now = self.memo_key();
            self.memo_ui
                .texts_changed(project, memos_before, now, &touched);
        }
        if !touched.coding_memos.is_empty() {
            if let Some(project) = &self.project {
                self.retrieval_ui
                    .memos_changed(project, &touched.coding_memos);
            }
            if let Some((coding, _)) = &self.selected_detail
                && touched.coding_memos.contains(&coding.id)
            {
                self.selected_detail = None;
            }
        }
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

    fn rebuild(&mut self, touched: &Touched) -> crate::store::Result<()> {
        let Some(project) = &self.project else {
            return Ok(());
        };
        let store = project.store();
        let codings_changed = !touched.codings.is_nothing();
        if touched.codes || codings_changed {
            self.codebook.entries = project.codebook()?;
        } else {
            // A definition alone: the card's texts, not the counts or the tree.
            for id in &touched.definitions {
                let code = store.code(*id)?;
                if let Some(entry) = self.codebook.entries.iter_mut().find(|e| e.code.id == *id) {
                    entry.code = code;
                }
            }
        }
        if touched.documents || codings_changed {
            self.documents = store.document_summaries()?;
        }
        self.info = Some(store.info()?);
        if touched.coders {
            self.coders = store
                .coders()?
                .into_iter()
                .map(|c| (c.id, c.name))
                .collect();
        }
        // The codings the reading view shows of a document, under the coder filter.
        let only = self.blind.then_some(project.coder());
        let spans = |id| shown_spans(store, id, only, &self.shown_coders);
        if let Some(model) = &mut self.model {
            let summary = self.documents.iter().find(|d| d.id == model.id);
            match summary {
                None => self.model = None,
                Some(summary) => {
                    model.name.clone_from(&summary.name);
                    model.direction = summary.direction;
                    if touched.texts.includes(model.id) || touched.codings.includes(model.id) {
                        if let Some(editor) = &mut self.editor
                            && editor.document == model.id
                        {
                            // The editor has the text; the reading view catches up when
                            // editing ends.
                            editor.sync(project)?;
                        } else if touched.texts.includes(model.id) {
                            let codings = spans(model.id)?;
                            *model = DocumentModel::new(
                                &store.document(model.id)?,
                                codings,
                                &self.codebook.entries,
                            );
                            self.selected_detail = None;
                            return Ok(());
                        }
                    }
                    if touched.codings.includes(model.id) || touched.coders {
                        model.set_codings(spans(model.id)?, &self.codebook.entries);
                        self.selected_detail = None;
                    } else if touched.codes {
                        model.set_looks(&self.codebook.entries);
                    }
                }
            }
        }
        Ok(())
    }

    fn open_document(&mut self, id: DocumentId) {
        let Some(project) = &self.project else {
            return;
        };
        let mine = self.blind.then_some(project.coder());
        let loaded = project.store().document(id).and_then(|doc| {
            let codings = shown_spans(project.store(), id, mine, &self.shown_coders)?;
            Ok((doc, codings))
        });
        match loaded {
            Ok((doc, codings)) => {
                self.model = Some(DocumentModel::new(&doc, codings, &self.codebook.entries));
                self.view.show_document(Some(id));
                self.selected_detail = None;
            }
            Err(e) => self.fail(format!("cannot open the document: {e}")),
        }
    }

    /// Keeps `selected_detail` in step with the selected coding: read when the selection
    /// changes or the coding itself changed, never per frame.
    fn sync_selected_detail(&mut self) {
        let wanted = self.view.selected_coding;
        let current = self.selected_detail.as_ref().map(|(c, _)| c.id);
        if wanted == current {
            return;
        }
        self.selected_detail = match (wanted, &self.project) {
            (Some(id), Some(project)) => project.store().coding(id).ok().map(|c| {
                let coder = self
                    .coders
                    .iter()
                    .find(|(k, _)| *k == c.coder)
                    .map(|(_, name)| name.clone())
                    .unwrap_or_default();
                (c, coder)
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
        if let Some(project) = &mut self.project {
            if !self.waker_installed {
                let waker = ctx.clone();
                project.set_waker(move || waker.request_repaint());
                self.waker_installed = true;
                #[cfg(feature = "hub")]
                {
                    let waker = ctx.clone();
                    self.hub = match hub_sync::HubSync::start(project, move || {
                        waker.request_repaint();
                    }) {
                        None => None,
                        Some(Ok(sync)) => Some(sync),
                        Some(Err(e)) => {
                            tracing::warn!("{e}");
                            None
                        }
                    };
                    self.hub_checked = (project.revision(), None);
                }
            }
            let failed = project.poll_deferred();
            for e in failed {
                self.fail(e.to_string());
            }
        }
        self.poll_import();
        self.poll_jobs();
        #[cfg(feature = "hub")]
        self.poll_hub();
        self.refresh();
        self.search_frame(&ctx);
        self.maybe_snapshot();
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
            self.side_panels_ui(ui);
        }
        if let Some(tab) = self.bottom
            && self.project.is_some()
        {
            // Two fifths of the window at first (charts, tables and the network need room);
            // the reader drags it from there.
            let height = (ui.available_height() * 0.4).clamp(320.0, 520.0);
            egui::Panel::bottom("bottom")
                .resizable(true)
                .default_size(height)
                .show(ui, |ui| self.bottom_ui(ui, tab));
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
        if self.palette.is_some() {
            let state = self.action_state();
            if let Some(palette) = &mut self.palette
                && palette.ui(&ctx, &state, &mut self.commands)
            {
                self.palette = None;
            }
        }
        self.autocode_dialog_ui(&ctx);
        if let Some(dialog) = &mut self.dialog {
            dialog.ui(&ctx, &mut self.commands);
        }
        self.files.ui(&ctx, &mut self.commands);
        if self.import.is_some() || self.export.is_some() || self.snapshot.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        self.handle_commands(&ctx);
    }

    /// Shows `tab` in the bottom area, or closes the area if `tab` is already shown.
    pub fn toggle_tab(&mut self, tab: BottomTab) {
        self.bottom = if self.bottom == Some(tab) {
            None
        } else {
            Some(tab)
        };
    }

    /// The bottom area: a strip of tabs (when there is more than one), then the tab's view.
    fn bottom_ui(&mut self, ui: &mut egui::Ui, tab: BottomTab) {
        // The panel keeps the height it was given (egui's panels shrink to what they hold).
        ui.set_min_height(ui.available_height());
        if BottomTab::ALL.len() > 1 {
            ui.horizontal(|ui| {
                for t in BottomTab::ALL {
                    if ui.selectable_label(t == tab, t.title()).clicked() {
                        self.bottom = Some(t);
                    }
                }
            });
            ui.separator();
        }
        let Some(project) = &self.project else {
            return;
        };
        match tab {
            BottomTab::Retrieval => {
                let key = (
                    self.versions.documents,
                    self.versions.codes,
                    self.versions.codings,
                );
                self.retrieval_ui.refresh(project, key);
                self.retrieval_ui.ui(
                    ui,
                    &retrieval_panel::PanelContext {
                        codebook: &self.codebook,
                        documents: &self.documents,
                        coders: &self.coders,
                    },
                    &mut self.commands,
                );
            }
            BottomTab::Analysis => {
                let key = (
                    self.versions.documents,
                    self.versions.codes,
                    self.versions.codings,
                    self.versions.attributes,
                );
                self.analysis_ui.refresh(ui.ctx(), project, key);
                self.analysis_ui.ui(ui, &mut self.commands);
            }
            BottomTab::Search => self.search_tab_ui(ui),
            BottomTab::Suggestions => self.suggestions_tab_ui(ui),
            BottomTab::Memos => {
                let key = self.memo_key();
                self.memo_ui.refresh(project, key);
                self.memo_ui.ui(
                    ui,
                    &memo_panel::MemoContext {
                        codebook: &self.codebook,
                        documents: &self.documents,
                        open_document: self.model.as_ref().map(|m| m.id),
                        selected_code: self.selected_code,
                    },
                    &mut self.commands,
                );
            }
        }
    }

    /// The left column (documents above, codebook below, the split draggable and
    /// remembered) and the inspector on the right.
    fn side_panels_ui(&mut self, ui: &mut egui::Ui) {
        // On a small screen the side panels start narrower, leaving the text a readable measure.
        let window = ui.available_width();
        egui::Panel::left("left")
            .default_size((window * 0.22).clamp(190.0, theme::LEFT_PANEL_WIDTH))
            .show(ui, |ui| {
                let column = ui.available_height();
                let height = self
                    .config
                    .documents_height
                    .unwrap_or(column * theme::DOCUMENTS_SHARE)
                    .clamp(80.0, (column - 120.0).max(80.0));
                let shown = egui::Panel::top("documents")
                    .resizable(true)
                    .default_size(height)
                    .min_size(80.0)
                    .max_size((column - 120.0).max(80.0))
                    .show(ui, |ui| {
                        self.documents_ui.ui(
                            ui,
                            &self.documents,
                            self.model.as_ref().map(|m| m.id),
                            &mut self.commands,
                        );
                    });
                let now = shown.response.rect.height();
                let dragging = ui.input(|i| i.pointer.any_down());
                if !dragging
                    && self
                        .config
                        .documents_height
                        .is_none_or(|h| (h - now).abs() > 2.0)
                    && (now - height).abs() > 2.0
                {
                    self.config.documents_height = Some(now);
                    self.save_config();
                }
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
            .default_size((window * 0.22).clamp(200.0, theme::INSPECTOR_WIDTH))
            .show(ui, |ui| {
                self.inspector_ui.ui(
                    ui,
                    &inspector::Context {
                        model: self.model.as_ref(),
                        view: &self.view,
                        selected: self.selected_detail.as_ref().map(|(c, k)| (c, k.as_str())),
                        codebook: &self.codebook,
                        selected_code: self.selected_code,
                        project: self.project.as_ref(),
                        versions: (self.versions.codes, self.versions.memos),
                    },
                    &mut self.commands,
                );
            });
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
                // A long title is cut with an ellipsis (full on hover): it must never widen the
                // reading view beyond its panel.
                ui.horizontal(|ui| {
                    ui.set_max_width(ui.available_width());
                    let counts = format!(
                        "{} · {}",
                        widgets::counted(model.chars, "character", "characters"),
                        widgets::counted(model.codings.len(), "coding", "codings")
                    );
                    // The coder menu keeps its place at the right; the title gives way.
                    let menu = self.coders.len() >= 2;
                    let room = ui.available_width() - if menu { 130.0 } else { 0.0 };
                    let height = ui.spacing().interact_size.y;
                    ui.allocate_ui_with_layout(
                        egui::vec2(room.max(0.0), height),
                        egui::Layout::left_to_right(egui::Align::Center),
                        |ui| {
                            ui.add(
                                egui::Label::new(egui::RichText::new(&model.name).heading())
                                    .truncate(),
                            )
                            .on_hover_text(&model.name);
                            ui.add(
                                egui::Label::new(
                                    egui::RichText::new(counts)
                                        .color(theme::secondary(ui.visuals())),
                                )
                                .truncate(),
                            );
                        },
                    );
                    if menu {
                        coder_filter::CoderFilter {
                            coders: &self.coders,
                            shown: &self.shown_coders,
                            blind: self.blind,
                            in_view: &model.coders,
                        }
                        .ui(ui, &mut self.commands);
                    }
                });
                ui.separator();
                match &mut self.editor {
                    Some(editor) if editor.document == model.id => {
                        let coder = self
                            .project
                            .as_ref()
                            .map(|p| p.coder().to_owned())
                            .unwrap_or_default();
                        editor.ui(ui, self.view.font_size, &coder, &mut self.commands);
                    }
                    _ => self.view.ui(ui, model, &mut self.commands),
                }
            }
        }
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if let (Some(project), Some(info)) = (&self.project, &self.info) {
                let saved = if project.store().is_read_only() {
                    "Read-only"
                } else {
                    "Saved"
                };
                ui.label(format!(
                    "{saved} · coder: {} · {} · {} · {}",
                    project.coder(),
                    widgets::counted(info.documents, "document", "documents"),
                    widgets::counted(info.codes, "code", "codes"),
                    widgets::counted(info.codings, "coding", "codings")
                ));
            } else {
                ui.label("No project open");
            }
            #[cfg(feature = "hub")]
            if let Some(hub) = &self.hub {
                ui.separator();
                let text = egui::RichText::new(hub.label());
                let text = match hub.state {
                    hub_sync::HubState::Conflicts(_) | hub_sync::HubState::Refused(_) => {
                        text.color(theme::error(ui.visuals()))
                    }
                    hub_sync::HubState::Offline(_) => text.color(theme::secondary(ui.visuals())),
                    _ => text,
                };
                let clicked = ui
                    .add(egui::Button::new(text).frame(false))
                    .on_hover_text(hub.hint())
                    .clicked();
                if clicked {
                    let action = if matches!(hub.state, hub_sync::HubState::Conflicts(_)) {
                        Action::SyncConflicts
                    } else {
                        Action::SyncNow
                    };
                    self.commands.push(Command::Action(action));
                }
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
            if let Some(job) = &self.exchange {
                ui.separator();
                ui.spinner();
                ui.label(format!("{}…", job.label));
            }
            if let Some(job) = &self.export {
                ui.separator();
                ui.spinner();
                let what = if job.cancelling() {
                    "cancelling".to_owned()
                } else {
                    job.stage().describe().to_owned()
                };
                ui.label(format!("{}: {what}…", job.label));
                if !job.cancelling() && ui.small_button("Cancel").clicked() {
                    self.commands.push(Command::CancelExport);
                }
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
                    egui::RichText::new("Ctrl+K: code… · Ctrl+Shift+P: all actions")
                        .color(theme::secondary(ui.visuals())),
                );
            });
        });
    }

    /// Shows what a panic in the window said, with where the log is; committed changes are
    /// already in the project file.
    pub fn report_crash(&mut self, message: String) {
        tracing::error!("the window recovered from an internal error: {message}");
        self.picker = None;
        self.palette = None;
        self.dialog = Some(Dialog::Crash {
            message,
            log: crate::logging::log_file(),
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

/// The codings the reading view shows of `document`: all, or those of the `chosen` coders
/// (when any are), and with blind coding only those of the coder named `only`.
fn shown_spans(
    store: &crate::store::Store,
    document: DocumentId,
    only: Option<&str>,
    chosen: &[crate::domain::CoderId],
) -> crate::store::Result<Vec<crate::domain::CodingSpan>> {
    let mut spans = store.coding_spans_in_document(document)?;
    if !chosen.is_empty() {
        spans.retain(|s| chosen.contains(&s.coder));
    }
    if let Some(coder) = only {
        let mine = store.coding_ids_by_coder(document, coder)?;
        spans.retain(|s| mine.contains(&s.id));
    }
    Ok(spans)
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

/// Why the window could not start.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The system names no per-user data folder (no home folder).
    #[error("cannot find a folder for Tamga's data in your home folder")]
    NoDataFolder,
    /// The data folder could not be created.
    #[error("cannot create Tamga's data folder ({reason}): {}", .path.display())]
    DataFolder {
        /// The system's reason.
        reason: String,
        /// The data folder.
        path: PathBuf,
    },
    /// The sample project could not be written on first run.
    #[error("{0}")]
    Sample(#[from] crate::store::StoreError),
    /// eframe could not create the window; holds its reason.
    #[error("cannot open the window: {0}")]
    Window(String),
}

/// The project `tamga` opens with no file argument: the most recent one that still exists,
/// else a working copy of the sample project in the user's data folder (made on first run).
pub fn default_project(config: &Config) -> Result<PathBuf, AppError> {
    if let Some(recent) = config.recent.iter().find(|p| p.exists()) {
        return Ok(recent.clone());
    }
    let dir = crate::config::data_dir().ok_or(AppError::NoDataFolder)?;
    std::fs::create_dir_all(&dir).map_err(|e| AppError::DataFolder {
        reason: e.to_string(),
        path: dir.clone(),
    })?;
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
        // A panic inside one frame is caught here: the window stays up and says so. Every
        // change shown was committed before it was shown, so nothing is lost.
        let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.bench.ui(ui)));
        if let Err(payload) = drawn {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "an internal error".to_owned());
            self.bench.report_crash(message);
        }
        // Remember the window's size once it settles (not while a resize is being dragged).
        let size = ui
            .ctx()
            .input(|i| i.viewport().inner_rect.map(|r| r.size()));
        if let Some(size) = size
            && !ui.ctx().input(|i| i.pointer.any_down())
            && self
                .bench
                .config
                .window
                .is_none_or(|[w, h]| (w - size.x).abs() > 4.0 || (h - size.y).abs() > 4.0)
        {
            self.bench.config.window = Some([size.x.round(), size.y.round()]);
            self.bench.save_config();
        }
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
pub fn run(file: Option<PathBuf>, coder: Option<String>) -> Result<(), AppError> {
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
    let size = bench.config.window.unwrap_or([1360.0, 860.0]);
    let mut viewport = egui::ViewportBuilder::default();
    if let Ok(icon) = eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon.png")) {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport: viewport
            .with_title("Tamga")
            .with_inner_size(size)
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
    .map_err(|e| AppError::Window(e.to_string()))
}
