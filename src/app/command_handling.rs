//! The one place where the window acts: commands from panels and actions from menus, keys and
//! the palette are carried out here, changes going through `Project::execute`. Files are
//! chosen through `FileDialogs` (never blocking a frame); exports and snapshots run on workers.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::actions::Action;
use super::dialogs::Dialog;
use super::file_dialogs::{FileRequest, Kind, Purpose};
use super::jobs::{ExportJob, ExportWhat, SnapshotJob};
use super::{Command, Workbench, import_job, same_file, theme};
use crate::domain::{CodeId, DocumentId, Edit, MemoTarget, TextRange};
use crate::export::Format;
use crate::project::Project;

const PERFORMED_KEPT: usize = 256;

impl Workbench {
    /// Loads the open document's codings anew (after the coder filter changed), keeping the
    /// selected passage.
    fn reopen_keeping_selection(&mut self) {
        if let Some(id) = self.model.as_ref().map(|m| m.id) {
            let keep = self.view.selected_range();
            self.open_document(id);
            if let Some(range) = keep {
                self.view.select(range);
            }
        }
    }

    /// Turns key presses into actions, from the action table. Bare keys (1–9, Delete) wait
    /// while a text field has focus; nothing fires under a dialog.
    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) {
        if self.dialog.is_some()
            || self.files.is_open()
            || self.palette.is_some()
            || self.search_ui.autocode.is_some()
        {
            return;
        }
        let typing = ctx.text_edit_focused() || self.analysis_ui.wants_keyboard();
        let state = self.action_state();
        let mut fired = Vec::new();
        ctx.input_mut(|input| {
            // Longer chords first, so Ctrl+Shift+Z is not taken for Ctrl+Z.
            let mut actions = Action::with_shortcuts();
            actions.sort_by_key(|a| {
                std::cmp::Reverse(a.shortcut().map_or(0, |s| {
                    u8::from(s.modifiers.shift)
                        + u8::from(s.modifiers.alt)
                        + u8::from(s.modifiers.command)
                }))
            });
            for action in actions {
                if (action.is_bare() || self.picker.is_some()) && typing {
                    continue;
                }
                if !action.enabled(&state) {
                    continue;
                }
                if let Some(s) = action.shortcut()
                    && input.consume_shortcut(&s)
                {
                    fired.push(action);
                }
            }
        });
        for action in fired {
            self.commands.push(Command::Action(action));
        }
    }

    /// Performs every queued command.
    pub fn handle_commands(&mut self, ctx: &egui::Context) {
        let commands = std::mem::take(&mut self.commands);
        for command in commands {
            self.handle(ctx, command);
        }
    }

    /// Applies an edit through the one write path; failures become one notice.
    pub(super) fn execute(&mut self, edit: Edit, merge: Option<String>) -> Option<Edit> {
        let project = self.project.as_mut()?;
        match project.execute_merging(edit, merge) {
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
            self.codebook_ui.reveal(&self.codebook, code);
            self.recent_codes.retain(|c| *c != code);
            self.recent_codes.insert(0, code);
            self.recent_codes.truncate(9);
            self.view.selection = None;
            self.view.selected_coding = Some(id);
        }
    }

    fn handle(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Edit(edit) => {
                self.execute(edit, None);
            }
            Command::EditMerging(edit, key) => {
                // Typing: written by the project's writer thread, never waited for here.
                if let Some(project) = &mut self.project
                    && let Err(e) = project.execute_deferred(edit, Some(key))
                {
                    self.fail(e.to_string());
                }
            }
            Command::Action(action) => {
                self.performed.push(action);
                if self.performed.len() > PERFORMED_KEPT {
                    self.performed.remove(0);
                }
                self.perform(ctx, action);
            }
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
            Command::CreateCode(parent, name) => {
                let inverse = self.execute(
                    Edit::CreateCode {
                        parent,
                        name,
                        color: None,
                        description: String::new(),
                        position: None,
                    },
                    None,
                );
                if let Some(Edit::DeleteCode { id }) = inverse {
                    self.selected_code = Some(id);
                    self.codebook_ui.reveal(&self.codebook, id);
                }
            }
            Command::MergeCode(from, into, reason) => {
                let merge = Edit::MergeCode { from, into };
                let edit = if reason.trim().is_empty() {
                    merge
                } else {
                    Edit::Explained {
                        reason: reason.trim().to_owned(),
                        edit: Box::new(merge),
                    }
                };
                if self.execute(edit, None).is_some() {
                    self.selected_code = Some(into);
                    self.codebook_ui.reveal(&self.codebook, into);
                }
            }
            Command::AskSplitCode(id) => self.ask_split(id),
            Command::NewMemo(target) => self.new_memo(target),
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
            Command::SetCoder(name) => self.set_coder(&name),
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
            Command::ResolveDisagreement(outcome) => self.resolve_disagreement(outcome),
            Command::ImportAttributes(scope) => {
                let request = FileRequest {
                    purpose: Purpose::ImportAttributes(scope),
                    kind: Kind::OpenFile,
                    title: format!("Import {} attributes", scope.noun()),
                    filters: vec![(
                        "Tables".into(),
                        vec!["csv".into(), "tsv".into(), "xlsx".into()],
                    )],
                    file_name: None,
                    folder: self.save_folder(),
                };
                self.ask_file(ctx, request);
            }
            Command::SearchFor(words) => {
                self.search_ui
                    .start(super::search_panel::Scope::Project, Some(words));
                self.bottom = Some(super::BottomTab::Search);
            }
            Command::PreviewSpeakers => {
                let Some(project) = &self.project else {
                    return;
                };
                match crate::analysis::speakers::preview_cases_by_speaker(project, &[]) {
                    Ok(preview) => {
                        let lines = preview
                            .cases
                            .iter()
                            .map(|c| {
                                format!(
                                    "{}{}: {} in {}",
                                    c.name,
                                    if c.existing.is_some() {
                                        " (existing case)"
                                    } else {
                                        ""
                                    },
                                    super::widgets::counted(c.turns, "turn", "turns"),
                                    super::widgets::counted(c.documents, "document", "documents")
                                )
                            })
                            .collect();
                        self.analysis_ui.attribute_editor.pending =
                            Some(super::attribute_editor::Pending::Speakers {
                                lines,
                                edit: preview.edit,
                            });
                    }
                    Err(e) => self.fail(e.to_string()),
                }
            }
            Command::Where(target, text) => {
                let Some(project) = &self.project else {
                    return;
                };
                let store = project.store();
                let parsed = store
                    .attributes()
                    .and_then(|a| Ok((a, store.cases()?)))
                    .map_err(|e| e.to_string())
                    .and_then(|(attributes, cases)| {
                        super::where_field::parse(&attributes, &cases, &text)
                    });
                match (parsed, target) {
                    (Ok(r), super::where_field::WhereFor::Analysis) => {
                        self.analysis_ui.restrict(r);
                    }
                    (Ok(r), super::where_field::WhereFor::Retrieval) => {
                        let case_names = store
                            .cases()
                            .map(|cases| cases.into_iter().map(|c| (c.id, c.name)).collect())
                            .unwrap_or_default();
                        let described = store
                            .attributes()
                            .map(|a| r.describe(&a, &case_names))
                            .unwrap_or_default();
                        let mut query = self.retrieval_ui.query.clone();
                        query.restrict = r;
                        self.retrieval_ui.show_query(query, described);
                    }
                    (Err(e), _) => self.fail(format!("Cannot restrict to that: {e}")),
                }
            }
            Command::ShowCoders(coders) => {
                self.shown_coders = coders;
                self.reopen_keeping_selection();
            }
            Command::SaveAgreement(format) => {
                if let Some(report) = self.analysis_ui.agreement() {
                    let extension = format.extension();
                    let request = FileRequest {
                        purpose: Purpose::SaveAgreement(format),
                        kind: Kind::Save,
                        title: "Save the agreement report".into(),
                        filters: vec![(super::format_label(format).into(), vec![extension.into()])],
                        file_name: Some(format!(
                            "agreement {}.{extension}",
                            report.coders_in_words()
                        )),
                        folder: self.save_folder(),
                    };
                    self.ask_file(ctx, request);
                }
            }
            Command::ApplyMerge => {
                if let Some(rows) = self.pending_merge.take() {
                    self.commands
                        .push(Command::Edit(crate::domain::Edit::InsertRows(rows)));
                }
            }
            Command::DropMerge => self.pending_merge = None,
            Command::ApplyReimport => self.apply_reimport(),
            Command::DropReimport => self.pending_reimport = None,
            Command::PlanPseudonym(request) => {
                if let (Some(project), None) = (&self.project, &self.exchange) {
                    self.exchange = Some(super::exchange_job::ExchangeJob::pseudonymise(
                        ctx,
                        project.store().path().to_owned(),
                        request,
                        project.revision(),
                        project.coder().to_owned(),
                    ));
                } else {
                    self.preview_pseudonym(
                        request,
                        0,
                        Err("another task is running; try again when it has finished".into()),
                    );
                }
            }
            Command::ApplyPseudonym => self.apply_pseudonym(),
            Command::ShowQuery(query) => {
                let restricted = self
                    .project
                    .as_ref()
                    .map(|p| {
                        let attributes = p.store().attributes().unwrap_or_default();
                        let cases = p
                            .store()
                            .cases()
                            .unwrap_or_default()
                            .into_iter()
                            .map(|c| (c.id, c.name))
                            .collect();
                        query.restrict.describe(&attributes, &cases)
                    })
                    .unwrap_or_default();
                self.retrieval_ui.show_query(query, restricted);
                self.bottom = Some(super::BottomTab::Retrieval);
            }
            Command::SaveAnalysisTable(format) => {
                if let Some(table) = self.analysis_ui.table() {
                    let extension = match format {
                        crate::analysis::table::TableFormat::Csv => "csv",
                        crate::analysis::table::TableFormat::Xlsx => "xlsx",
                    };
                    let request = FileRequest {
                        purpose: Purpose::SaveTable(format),
                        kind: Kind::Save,
                        title: format!("Save “{}”", table.title),
                        filters: vec![(extension.to_uppercase(), vec![extension.to_owned()])],
                        file_name: Some(table.file_name(extension)),
                        folder: self.save_folder(),
                    };
                    self.ask_file(ctx, request);
                }
            }
            Command::SaveAnalysisChart(format) => {
                if let Some((title, _)) = self.analysis_ui.chart_svg() {
                    let extension = match format {
                        crate::analysis::chart::ChartFormat::Svg => "svg",
                        crate::analysis::chart::ChartFormat::Png => "png",
                    };
                    let request = FileRequest {
                        purpose: Purpose::SaveChart(format),
                        kind: Kind::Save,
                        title: format!("Save “{title}”"),
                        filters: vec![(extension.to_uppercase(), vec![extension.to_owned()])],
                        file_name: Some(format!(
                            "{}.{extension}",
                            crate::analysis::table::file_stem(&title)
                        )),
                        folder: self.save_folder(),
                    };
                    self.ask_file(ctx, request);
                }
            }
            Command::RetrieveCode(code) => {
                self.retrieval_ui.retrieve_code(code);
                self.bottom = Some(super::BottomTab::Retrieval);
            }
            Command::FileChosen(purpose, paths) => self.file_chosen(ctx, &purpose, paths),
            Command::RestoreSnapshot(snapshot) => self.restore_snapshot(&snapshot),
            Command::ResolveSyncConflict(conflict, keep) => {
                if self
                    .execute(Edit::ResolveSyncConflict { conflict, keep }, None)
                    .is_some()
                {
                    self.show_sync_conflicts(false);
                    #[cfg(feature = "hub")]
                    if let Some(hub) = &mut self.hub {
                        hub.sync_now();
                    }
                }
            }
            Command::CancelExport => {
                if let Some(job) = &self.export {
                    job.cancel();
                }
            }
            Command::ShowDialog(dialog) => self.dialog = Some(dialog),
            Command::CloseDialog => self.dialog = None,
        }
    }

    /// A new journal entry, or the document's memo (made if it has none), opened for writing
    /// in the memo panel.
    fn new_memo(&mut self, target: MemoTarget) {
        let Some(project) = &self.project else {
            return;
        };
        let existing = match target {
            MemoTarget::Project => None,
            other => match project.store().memos_on(other) {
                Ok(memos) => memos.first().map(|m| m.id),
                Err(e) => {
                    self.fail(e.to_string());
                    return;
                }
            },
        };
        let id = if existing.is_some() {
            existing
        } else {
            let coder = project.coder().to_owned();
            match self.execute(
                Edit::WriteMemo {
                    target,
                    title: String::new(),
                    body: String::new(),
                    coder,
                },
                None,
            ) {
                Some(Edit::DeleteMemo { id }) => Some(id),
                _ => None,
            }
        };
        if let Some(id) = id {
            self.memo_ui
                .open(crate::memos::MemoSource::Memo(id), existing.is_none());
            self.bottom = Some(super::BottomTab::Memos);
        }
    }

    /// Asks which codings of `id` go to a new code.
    fn ask_split(&mut self, id: CodeId) {
        let (Some(project), Some(entry)) = (&self.project, self.codebook.entry(id)) else {
            return;
        };
        let filter = crate::store::CodingFilter {
            codes: vec![id],
            ..crate::store::CodingFilter::default()
        };
        match project.store().codings_matching(&filter) {
            Ok(codings) if codings.len() < 2 => self.notify(format!(
                "“{}” has {} coding{}: a split needs at least two, some to move and some to keep.",
                entry.code.name,
                codings.len(),
                if codings.len() == 1 { "" } else { "s" }
            )),
            Ok(codings) => {
                let documents: std::collections::HashMap<_, _> = self
                    .documents
                    .iter()
                    .map(|d| (d.id, d.name.clone()))
                    .collect();
                self.dialog = Some(Dialog::split_code(entry, &codings, &documents));
            }
            Err(e) => self.fail(e.to_string()),
        }
    }

    fn set_coder(&mut self, name: &str) {
        let name = name.trim().to_owned();
        if name.is_empty() {
            return;
        }
        self.config.coder = Some(name.clone());
        self.save_config();
        self.dialog = None;
        if let Some(path) = self.pending_open.take() {
            self.open_project(&path);
        } else if let Some(project) = &mut self.project {
            // New codings and memos are recorded under the new name; the name is registered
            // in the project with the first of them.
            project.set_coder(&name);
        }
    }

    /// The folder a save dialog starts in: the last one used, else the project's.
    fn save_folder(&self) -> Option<PathBuf> {
        self.files.last_folder.clone().or_else(|| {
            let folder = self.project.as_ref()?.store().path().parent()?.to_owned();
            // A project opened by a relative name (`tamga notes.tamga`) is in the folder the
            // program was started in.
            if folder.as_os_str().is_empty() {
                std::env::current_dir().ok()
            } else {
                Some(folder)
            }
        })
    }

    fn ask_file(&mut self, ctx: &egui::Context, request: FileRequest) {
        self.files.open(ctx, request);
    }

    fn export_request(
        &self,
        purpose: Purpose,
        format: Format,
        title: &str,
        stem: &str,
    ) -> FileRequest {
        FileRequest {
            purpose,
            kind: Kind::Save,
            title: title.to_owned(),
            filters: vec![(
                super::format_label(format).to_owned(),
                vec![format.extension().to_owned()],
            )],
            file_name: Some(format!("{stem}.{}", format.extension())),
            folder: self.save_folder(),
        }
    }

    /// Carries out a menu, keyboard or palette action.
    pub(super) fn perform(&mut self, ctx: &egui::Context, action: Action) {
        let tamga_filter = || vec![("Tamga project".to_owned(), vec!["tamga".to_owned()])];
        match action {
            Action::New => self.ask_file(
                ctx,
                FileRequest {
                    purpose: Purpose::NewProject,
                    kind: Kind::Save,
                    title: "New project".into(),
                    filters: tamga_filter(),
                    file_name: Some("fieldwork.tamga".into()),
                    folder: self.save_folder(),
                },
            ),
            Action::Open => self.ask_file(
                ctx,
                FileRequest {
                    purpose: Purpose::OpenProject,
                    kind: Kind::OpenFile,
                    title: "Open project".into(),
                    filters: tamga_filter(),
                    file_name: None,
                    folder: self.save_folder(),
                },
            ),
            Action::OpenRecent(i) => {
                let path = self
                    .config
                    .recent
                    .iter()
                    .filter(|p| p.exists())
                    .nth(usize::from(i))
                    .cloned();
                if let Some(path) = path {
                    self.open_project(&path);
                }
            }
            Action::SaveCopy => {
                let stem = self
                    .info
                    .as_ref()
                    .map_or_else(|| "copy".to_owned(), |i| format!("{} (copy)", i.name));
                self.ask_file(
                    ctx,
                    FileRequest {
                        purpose: Purpose::SaveCopy,
                        kind: Kind::Save,
                        title: "Save a copy of the project".into(),
                        filters: tamga_filter(),
                        file_name: Some(format!("{stem}.tamga")),
                        folder: self.save_folder(),
                    },
                );
            }
            Action::RestoreSnapshot => self.ask_restore(),
            Action::Import => {
                let all: Vec<String> = crate::import::Format::ALL
                    .iter()
                    .flat_map(|f| f.extensions().iter().map(|e| (*e).to_owned()))
                    .collect();
                let mut filters = vec![("Documents Tamga imports".to_owned(), all)];
                for format in crate::import::Format::ALL {
                    filters.push((
                        format.description().to_owned(),
                        format
                            .extensions()
                            .iter()
                            .map(|e| (*e).to_owned())
                            .collect(),
                    ));
                }
                self.ask_file(
                    ctx,
                    FileRequest {
                        purpose: Purpose::Import,
                        kind: Kind::OpenFiles,
                        title: "Import documents".into(),
                        filters,
                        file_name: None,
                        folder: self.files.last_folder.clone(),
                    },
                );
            }
            Action::ImportFolder => self.ask_file(
                ctx,
                FileRequest {
                    purpose: Purpose::ImportFolder,
                    kind: Kind::Folder,
                    title: "Import every document in a folder".into(),
                    filters: Vec::new(),
                    file_name: None,
                    folder: self.files.last_folder.clone(),
                },
            ),
            Action::ToggleJoinPdfLines => {
                self.config.join_pdf_lines = !self.config.join_pdf_lines;
                self.save_config();
            }
            Action::NewFromRefi => self.ask_file(
                ctx,
                FileRequest {
                    purpose: Purpose::NewFromRefi,
                    kind: Kind::OpenFile,
                    title: "New project from a REFI-QDA project".into(),
                    filters: vec![
                        (
                            "REFI-QDA project or codebook".into(),
                            vec!["qdpx".into(), "qdc".into()],
                        ),
                        ("REFI-QDA project".into(), vec!["qdpx".into()]),
                    ],
                    file_name: None,
                    folder: self.save_folder(),
                },
            ),
            Action::Pseudonymise => {
                let open_document = self.model.as_ref().map(|m| (m.id, m.name.clone()));
                self.pending_pseudonym = None;
                self.dialog = Some(Dialog::Pseudonymise {
                    form: super::dialogs::PseudonymForm {
                        name: String::new(),
                        pseudonym: String::new(),
                        open_document,
                        only_open_document: false,
                        memos: true,
                        exact: false,
                        except: String::new(),
                        focused: false,
                    },
                    preview: None,
                    searching: false,
                });
            }
            Action::ReplaceWithCorrected => {
                if let Some(document) = self.model.as_ref().map(|m| m.id) {
                    let all: Vec<String> = crate::import::Format::ALL
                        .iter()
                        .flat_map(|f| f.extensions().iter().map(|e| (*e).to_owned()))
                        .collect();
                    self.ask_file(
                        ctx,
                        FileRequest {
                            purpose: Purpose::Reimport(document),
                            kind: Kind::OpenFile,
                            title: "Replace with a corrected file".into(),
                            filters: vec![("Documents Tamga imports".to_owned(), all)],
                            file_name: None,
                            folder: self.save_folder(),
                        },
                    );
                }
            }
            Action::SyncNow =>
            {
                #[cfg(feature = "hub")]
                if let Some(hub) = &mut self.hub {
                    hub.sync_now();
                }
            }
            Action::SyncConflicts => self.show_sync_conflicts(true),
            Action::Merge => self.ask_file(
                ctx,
                FileRequest {
                    purpose: Purpose::Merge,
                    kind: Kind::OpenFile,
                    title: "Merge another copy of this project".into(),
                    filters: vec![("Tamga project".into(), vec!["tamga".into()])],
                    file_name: None,
                    folder: self.save_folder(),
                },
            ),
            Action::ImportRefi => self.ask_file(
                ctx,
                FileRequest {
                    purpose: Purpose::ImportRefi,
                    kind: Kind::OpenFile,
                    title: "Import a REFI-QDA project or codebook".into(),
                    filters: vec![
                        (
                            "REFI-QDA project or codebook".into(),
                            vec!["qdpx".into(), "qdc".into()],
                        ),
                        ("REFI-QDA project".into(), vec!["qdpx".into()]),
                        ("REFI-QDA codebook".into(), vec!["qdc".into()]),
                    ],
                    file_name: None,
                    folder: self.save_folder(),
                },
            ),
            Action::ExportRefi(format) => {
                let (title, what) = match format {
                    crate::exchange::Format::Qdpx => {
                        ("Export a REFI-QDA project", "REFI-QDA project")
                    }
                    crate::exchange::Format::Qdc => {
                        ("Export a REFI-QDA codebook", "REFI-QDA codebook")
                    }
                };
                let stem = self
                    .project
                    .as_ref()
                    .and_then(|p| {
                        p.store()
                            .path()
                            .file_stem()
                            .map(|s| s.to_string_lossy().into_owned())
                    })
                    .unwrap_or_else(|| "project".to_owned());
                self.ask_file(
                    ctx,
                    FileRequest {
                        purpose: Purpose::ExportRefi(format),
                        kind: Kind::Save,
                        title: title.into(),
                        filters: vec![(what.into(), vec![format.extension().into()])],
                        file_name: Some(format!("{stem}.{}", format.extension())),
                        folder: self.save_folder(),
                    },
                );
            }
            Action::ExportExcerpts(format) => {
                let request = self.export_request(
                    Purpose::ExportExcerpts(format),
                    format,
                    "Export excerpts",
                    "excerpts",
                );
                self.ask_file(ctx, request);
            }
            Action::ExportCodebook(format) => {
                let request = self.export_request(
                    Purpose::ExportCodebook(format),
                    format,
                    "Export codebook",
                    "codebook",
                );
                self.ask_file(ctx, request);
            }
            Action::ExportMemos(format) => {
                let request = self.export_request(
                    Purpose::ExportMemos(format),
                    format,
                    "Export memos",
                    "memos",
                );
                self.ask_file(ctx, request);
            }
            Action::ExportDocument(format) => {
                let stem = self
                    .model
                    .as_ref()
                    .map_or_else(|| "document".to_owned(), |m| m.name.clone());
                let request = self.export_request(
                    Purpose::ExportDocument(format),
                    format,
                    "Export the coded document",
                    &stem,
                );
                self.ask_file(ctx, request);
            }
            Action::CloseProject => {
                self.project = None;
                self.model = None;
                self.info = None;
                self.documents.clear();
                self.codebook.entries.clear();
                self.view.show_document(None);
            }
            Action::Quit => self.quit_requested = true,
            Action::Undo | Action::Redo | Action::RedoAlt => self.undo_redo(action == Action::Undo),
            Action::ChangeCoder => {
                self.dialog = Some(Dialog::coder(&self.config.coder_or_login()));
            }
            Action::CommandPalette => self.palette = Some(super::palette::Palette::default()),
            Action::QuickCode => {
                if self.view.selected_range().is_some() {
                    self.picker = Some(super::picker::Picker::default());
                } else {
                    self.notify("Select a passage first, then press Ctrl+K to code it.");
                }
            }
            Action::CodeInVivo => self.code_in_vivo(),
            Action::RemoveCoding => {
                if let Some(id) = self.view.selected_coding {
                    self.commands.push(Command::Edit(Edit::RemoveCoding { id }));
                }
            }
            Action::NewCode => self.codebook_ui.start_new(self.selected_code),
            Action::PreviousCoding | Action::NextCoding => {
                if let Some(model) = &self.model {
                    let offset = self.view.selection.map_or(0, |s| s.cursor);
                    let forward = action == Action::NextCoding;
                    if let Some(id) =
                        model.neighbour_coding(self.view.selected_coding, offset, forward)
                        && let Some(c) = model.coding(id)
                    {
                        let start = c.range.start;
                        self.view.selected_coding = Some(id);
                        self.view.selection = None;
                        self.view.reveal(start);
                    }
                }
            }
            Action::Rename => {
                if let Some(id) = self.selected_code {
                    self.codebook_ui.start_rename(&self.codebook, id);
                } else if let Some(model) = &self.model {
                    self.documents_ui.start_rename(model.id, &model.name);
                }
            }
            Action::GrowEnd | Action::ShrinkEnd | Action::GrowStart | Action::ShrinkStart => {
                if let Some(model) = &self.model
                    && let Some(c) = self.view.selected_coding.and_then(|id| model.coding(id))
                {
                    let (end, forward) = match action {
                        Action::GrowEnd => (true, true),
                        Action::ShrinkEnd => (true, false),
                        Action::GrowStart => (false, false),
                        _ => (false, true),
                    };
                    let range = model.nudge(c.range, end, forward);
                    if range != c.range {
                        self.commands.push(Command::ResizeCoding(c.id, range));
                    }
                }
            }
            Action::ApplyRecent(n) => {
                if let Some(code) = self.recent_codes.get(usize::from(n).saturating_sub(1)) {
                    self.commands.push(Command::ApplyCode(*code));
                }
            }
            Action::ToggleRetrieval => self.toggle_tab(super::BottomTab::Retrieval),
            Action::ToggleAnalysis => self.toggle_tab(super::BottomTab::Analysis),
            Action::Disagreements => {
                self.bottom = Some(super::BottomTab::Analysis);
                self.analysis_ui
                    .show(super::analysis_panel::View::Disagreements);
            }
            Action::NextDisagreement => self.step_disagreement(true),
            Action::PreviousDisagreement => self.step_disagreement(false),
            Action::FindInDocument => self.start_search(false),
            Action::FindInProject => self.start_search(true),
            Action::NextHit => self.step_search_hit(true),
            Action::PreviousHit => self.step_search_hit(false),
            Action::PassagesLikeThese => self.bottom = Some(super::BottomTab::Suggestions),
            Action::ToggleBlind => {
                self.blind = !self.blind;
                // Retrieval and the analysis views hide the others' codings too.
                let me = self.project.as_ref().and_then(|p| {
                    self.coders
                        .iter()
                        .find(|(_, name)| name == p.coder())
                        .map(|(id, _)| *id)
                });
                let only = me.filter(|_| self.blind);
                self.analysis_ui.count_only(only);
                self.retrieval_ui.query.coders = only.into_iter().collect();
                self.reopen_keeping_selection();
                self.notify(if self.blind {
                    "Blind coding: only your codings are shown"
                } else {
                    "Every coder's codings are shown"
                });
            }
            Action::ToggleMemos => self.toggle_tab(super::BottomTab::Memos),
            Action::EditText => self.toggle_editing(),
            Action::ToggleReflow => {
                let nothing_to_join = self.model.as_ref().is_some_and(|m| {
                    (0..m.paragraphs.len()).all(|i| !m.paragraph_text(i).contains('\n'))
                });
                if !self.view.reflow && nothing_to_join {
                    self.notify(
                        "This document has no hard-wrapped lines to join: each paragraph is already one line.",
                    );
                }
                self.view.reflow = !self.view.reflow;
                self.config.reflow = self.view.reflow;
                self.save_config();
            }
            Action::Bigger | Action::Smaller => {
                let step = if action == Action::Bigger { 1.0 } else { -1.0 };
                self.view.font_size =
                    (self.view.font_size + step).clamp(theme::MIN_FONT_SIZE, theme::MAX_FONT_SIZE);
                self.config.font_size = Some(self.view.font_size);
                self.save_config();
            }
            Action::ThemeLight | Action::ThemeDark | Action::ThemeSystem => {
                self.config.dark = match action {
                    Action::ThemeLight => Some(false),
                    Action::ThemeDark => Some(true),
                    _ => None,
                };
                theme::apply(ctx, self.config.dark);
                self.save_config();
            }
            Action::Shortcuts => self.dialog = Some(Dialog::Shortcuts),
            Action::ShowLogFolder => self.show_log_folder(),
            Action::About => self.dialog = Some(Dialog::About),
        }
    }

    fn undo_redo(&mut self, undo: bool) {
        let Some(project) = &mut self.project else {
            return;
        };
        let result = if undo { project.undo() } else { project.redo() };
        match result {
            Ok(Some(label)) => {
                let verb = if undo { "Undid" } else { "Redid" };
                self.notify(format!("{verb} {label}"));
                self.refresh();
            }
            Ok(None) => {}
            Err(e) => self.fail(e.to_string()),
        }
    }

    fn code_in_vivo(&mut self) {
        let Some((model, range)) = self.model.as_ref().zip(self.view.selected_range()) else {
            self.notify("Select the words to use as the code's name.");
            return;
        };
        let words: String = model
            .slice(range)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace('/', "-")
            .chars()
            .take(60)
            .collect();
        let name = words
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_owned();
        if name.is_empty() {
            self.notify("The selection has no words to name a code with.");
            return;
        }
        let existing = self
            .codebook
            .entries
            .iter()
            .find(|e| e.code.parent.is_none() && e.code.name == name)
            .map(|e| e.code.id);
        match existing {
            Some(id) => self.commands.push(Command::ApplyCode(id)),
            None => self.commands.push(Command::CreateCodeAndApply(name)),
        }
    }

    fn show_log_folder(&mut self) {
        let Some(dir) = crate::logging::log_dir() else {
            self.fail("There is no data folder for Tamga's log on this machine.");
            return;
        };
        let _ = std::fs::create_dir_all(&dir);
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else if cfg!(windows) {
            "explorer"
        } else {
            "xdg-open"
        };
        let opened = std::process::Command::new(opener)
            .arg(&dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .is_ok();
        self.dialog = Some(Dialog::LogFolder { path: dir, opened });
    }

    fn file_chosen(&mut self, ctx: &egui::Context, purpose: &Purpose, paths: Vec<PathBuf>) {
        let Some(first) = paths.first().cloned() else {
            return;
        };
        match purpose {
            Purpose::NewFromRefi => {
                let stem = first.file_stem().map_or_else(
                    || "project".to_owned(),
                    |s| s.to_string_lossy().into_owned(),
                );
                self.ask_file(
                    ctx,
                    FileRequest {
                        purpose: Purpose::NewFromRefiAt(first.clone()),
                        kind: Kind::Save,
                        title: "Save the new project as".into(),
                        filters: vec![("Tamga project".into(), vec!["tamga".into()])],
                        file_name: Some(format!("{stem}.tamga")),
                        folder: first.parent().map(Path::to_path_buf),
                    },
                );
                return;
            }
            Purpose::NewFromRefiAt(source) => {
                if self.exchange.is_none() {
                    let coder = self.config.coder_or_login();
                    self.exchange = Some(super::exchange_job::ExchangeJob::create(
                        ctx,
                        source.clone(),
                        first.with_extension("tamga"),
                        coder,
                    ));
                }
                return;
            }
            Purpose::SaveAgreement(format) => {
                if let Some(report) = self.analysis_ui.agreement() {
                    let path = first.with_extension(format.extension());
                    match crate::export::export_agreement(report, *format, &path) {
                        Ok(()) => {
                            self.notify(format!("Saved the agreement report: {}", path.display()));
                        }
                        Err(e) => self.fail(format!("{e}: {}", path.display())),
                    }
                }
                return;
            }
            Purpose::Merge => {
                if let (Some(project), None) = (&self.project, &self.exchange) {
                    self.exchange = Some(super::exchange_job::ExchangeJob::merge(
                        ctx,
                        project.store().path().to_owned(),
                        first,
                        project.coder().to_owned(),
                    ));
                }
                return;
            }
            Purpose::Reimport(document) => {
                if let (Some(project), None) = (&self.project, &self.exchange) {
                    self.exchange = Some(super::exchange_job::ExchangeJob::reimport(
                        ctx,
                        project.store().path().to_owned(),
                        *document,
                        first,
                        project.coder().to_owned(),
                        crate::import::ImportOptions {
                            join_pdf_lines: self.config.join_pdf_lines,
                        },
                    ));
                }
                return;
            }
            Purpose::ImportRefi => {
                if let (Some(project), None) = (&self.project, &self.exchange) {
                    self.exchange = Some(super::exchange_job::ExchangeJob::plan(
                        ctx,
                        project.store().path().to_owned(),
                        first,
                        project.coder().to_owned(),
                    ));
                }
                return;
            }
            Purpose::SaveTable(format) => {
                let Some(table) = self.analysis_ui.table() else {
                    return;
                };
                let bytes = match format {
                    crate::analysis::table::TableFormat::Csv => table.to_csv(),
                    crate::analysis::table::TableFormat::Xlsx => table.to_xlsx(),
                };
                match bytes.map_err(|e| e.to_string()).and_then(|b| {
                    crate::export::write_atomically(&first, &b).map_err(|e| e.to_string())
                }) {
                    Ok(()) => self.notify(format!("Saved “{}”: {}", table.title, first.display())),
                    Err(e) => self.fail(format!("{e}: {}", first.display())),
                }
                return;
            }
            Purpose::ImportAttributes(scope) => {
                let Some(project) = &self.project else {
                    return;
                };
                let planned =
                    crate::analysis::attribute_table::read_table(&first).and_then(|rows| {
                        crate::analysis::attribute_table::plan_import(project, *scope, &rows)
                    });
                match planned {
                    Ok(plan) => {
                        let file = first
                            .file_name()
                            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                        self.analysis_ui.attribute_editor.pending =
                            Some(super::attribute_editor::Pending::Import {
                                file,
                                report: plan.report.to_string(),
                                clean: plan.report.is_clean(),
                                changes: plan.report.changes,
                                edit: plan.edit,
                            });
                    }
                    Err(e) => self.fail(e.to_string()),
                }
                return;
            }
            Purpose::SaveChart(format) => {
                let Some((title, svg)) = self.analysis_ui.chart_svg() else {
                    return;
                };
                let extension = match format {
                    crate::analysis::chart::ChartFormat::Svg => "svg",
                    crate::analysis::chart::ChartFormat::Png => "png",
                };
                let path = first.with_extension(extension);
                match crate::analysis::chart::write_svg(&svg, &path) {
                    Ok(()) => self.notify(format!("Saved “{title}”: {}", path.display())),
                    Err(e) => self.fail(e.to_string()),
                }
                return;
            }
            Purpose::ExportRefi(format) => {
                if let (Some(project), None) = (&self.project, &self.exchange) {
                    self.exchange = Some(super::exchange_job::ExchangeJob::export(
                        ctx,
                        project.store().path().to_owned(),
                        *format,
                        first.with_extension(format.extension()),
                    ));
                }
                return;
            }
            _ => {}
        }
        match *purpose {
            Purpose::NewFromRefi
            | Purpose::NewFromRefiAt(_)
            | Purpose::ImportRefi
            | Purpose::ExportRefi(_)
            | Purpose::SaveTable(_)
            | Purpose::SaveChart(_)
            | Purpose::ImportAttributes(_)
            | Purpose::SaveAgreement(_)
            | Purpose::Merge
            | Purpose::Reimport(_) => {}
            Purpose::OpenProject => self.open_project(&first),
            Purpose::NewProject => self.create_project(&first.with_extension("tamga")),
            Purpose::SaveCopy => {
                let path = first.with_extension("tamga");
                if let Some(project) = &self.project {
                    match project.store().save_copy(&path) {
                        Ok(()) => self.notify(format!("Saved a copy: {}", path.display())),
                        Err(e) => self.fail(e.to_string()),
                    }
                }
            }
            Purpose::Import => self.start_import(ctx, paths),
            Purpose::ImportFolder => match import_job::files_in_folder(&first) {
                Ok(found) if found.is_empty() => self.notify(format!(
                    "No documents Tamga can import in {}",
                    first.display()
                )),
                Ok(found) => self.start_import(ctx, found),
                Err(e) => self.fail(format!("cannot read the folder ({e}): {}", first.display())),
            },
            Purpose::ExportExcerpts(format) => {
                // The panel's query when it is open; otherwise every coding, grouped by code.
                let query = if self.bottom == Some(super::BottomTab::Retrieval) {
                    self.retrieval_ui.query.clone()
                } else {
                    crate::retrieval::Query {
                        order: crate::retrieval::Order::Code,
                        ..crate::retrieval::Query::default()
                    }
                };
                self.start_export(ctx, ExportWhat::Excerpts(query), format, &first, "excerpts");
            }
            Purpose::ExportCodebook(format) => {
                self.start_export(ctx, ExportWhat::Codebook, format, &first, "the codebook");
            }
            Purpose::ExportMemos(format) => {
                // What the memo panel lists when it is open; otherwise every memo.
                let filter = if self.bottom == Some(super::BottomTab::Memos) {
                    self.memo_ui.filter.clone()
                } else {
                    crate::memos::MemoFilter::default()
                };
                self.start_export(ctx, ExportWhat::Memos(filter), format, &first, "the memos");
            }
            Purpose::ExportDocument(format) => {
                if let Some(id) = self.model.as_ref().map(|m| m.id) {
                    self.start_export(
                        ctx,
                        ExportWhat::Document(id),
                        format,
                        &first,
                        "the document",
                    );
                }
            }
        }
    }

    fn start_export(
        &mut self,
        ctx: &egui::Context,
        what: ExportWhat,
        format: Format,
        path: &Path,
        noun: &str,
    ) {
        let Some(project) = &self.project else {
            return;
        };
        if self.export.is_some() {
            self.fail("An export is still running; wait for it or cancel it.");
            return;
        }
        let path = path.with_extension(format.extension());
        let label = format!("Exporting {noun} as {}", super::format_label(format));
        self.export = Some(ExportJob::start(
            ctx,
            project.store().path().to_owned(),
            what,
            format,
            path,
            label,
        ));
    }

    /// Takes a finished REFI-QDA exchange: applies the planned rows as one edit, opens a
    /// created project, and shows the report.
    fn poll_exchange(&mut self) {
        let Some(outcome) = self
            .exchange
            .as_ref()
            .and_then(super::exchange_job::ExchangeJob::poll)
        else {
            return;
        };
        self.exchange = None;
        self.finish_exchange(outcome);
    }

    /// Shows where a corrected version puts the document's codings, and keeps the plan for
    /// Replace.
    fn preview_reimport(
        &mut self,
        file: &std::path::Path,
        name: String,
        revision: i64,
        plan: Box<crate::corrections::reimport::ReimportPlan>,
    ) {
        use crate::corrections::reimport::Outcome;
        let path_of = |code| {
            self.codebook
                .entry(code)
                .map_or_else(|| "?".to_owned(), |e| e.path.clone())
        };
        let quote = |s: &str| crate::retrieval::shorten_quote(s, 80);
        let moves: Vec<String> = plan
            .codings
            .iter()
            .filter(|c| c.outcome != Outcome::Exact)
            .map(|c| match c.outcome {
                Outcome::Unplaced => format!(
                    "Cannot be placed · {}: “{}”",
                    path_of(c.code),
                    quote(&c.old_text)
                ),
                Outcome::Relocated => format!(
                    "Found by its quote · {}: “{}”",
                    path_of(c.code),
                    quote(&c.new_text)
                ),
                _ => format!(
                    "Changed words · {}: “{}” → “{}”",
                    path_of(c.code),
                    quote(&c.old_text),
                    quote(&c.new_text)
                ),
            })
            .collect();
        let n = |k| plan.count(k);
        let summary = format!(
            "{} → {} characters, {} changed passage{}. Of {} coding{}: {} stay on the same words, {} on changed words, {} found again by their quote, {} cannot be placed{}. One step: Undo puts the old text and every coding back.",
            plan.old_chars,
            plan.new_chars,
            plan.changes,
            if plan.changes == 1 { "" } else { "s" },
            plan.codings.len(),
            if plan.codings.len() == 1 { "" } else { "s" },
            n(Outcome::Exact),
            n(Outcome::Changed),
            n(Outcome::Relocated),
            n(Outcome::Unplaced),
            if n(Outcome::Unplaced) > 0 {
                " (they are kept as unplaced codings of the document, with their text, code, memo and coder, to be placed again or deleted)"
            } else {
                ""
            },
        );
        let changes_nothing = plan.changes == 0;
        self.dialog = Some(Dialog::ReimportPreview {
            title: format!(
                "Replace “{name}” with {}?",
                file.file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
            ),
            summary,
            moves,
            changes_nothing,
        });
        self.pending_reimport = (!changes_nothing).then_some(super::PendingReimport {
            name,
            revision,
            plan,
        });
    }

    /// Shows what a search for a name found in the pseudonymise dialog, and keeps the plan.
    fn preview_pseudonym(
        &mut self,
        request: super::dialogs::PseudonymRequest,
        revision: u64,
        result: Result<Box<crate::corrections::pseudonymise::PseudonymPlan>, String>,
    ) {
        let Some(Dialog::Pseudonymise {
            preview, searching, ..
        }) = &mut self.dialog
        else {
            return;
        };
        *searching = false;
        let (found, lines) = match &result {
            Err(why) => (Err(why.clone()), Vec::new()),
            Ok(plan) => {
                let mut lines: Vec<String> = plan
                    .documents
                    .iter()
                    .map(|d| {
                        let forms: Vec<String> =
                            d.forms.iter().map(|(f, n)| format!("{f} ×{n}")).collect();
                        format!("{}: {} ({})", d.name, d.count, forms.join(", "))
                    })
                    .collect();
                let in_memos: usize = plan.memos.iter().map(|m| m.count).sum();
                if in_memos > 0 {
                    lines.push(format!(
                        "Memos and coding notes: {in_memos} in {} of them",
                        plan.memos.len()
                    ));
                }
                (Ok(plan.total()), lines)
            }
        };
        *preview = Some(super::dialogs::PseudonymPreview {
            request,
            found,
            lines,
        });
        self.pending_pseudonym = result.ok().map(|plan| (revision, plan));
    }

    /// Replaces the name as previewed, unless the project changed since.
    fn apply_pseudonym(&mut self) {
        let Some((revision, plan)) = self.pending_pseudonym.take() else {
            return;
        };
        let Some(project) = &self.project else {
            return;
        };
        if project.revision() != revision {
            self.fail(format!(
                "The project changed after “{}” was looked for, so nothing was replaced; choose Document ▸ Pseudonymise a name… again",
                plan.name
            ));
            return;
        }
        self.notify(format!(
            "Replaced “{}” with “{}”: {} occurrence{}",
            plan.name,
            plan.pseudonym,
            plan.total(),
            if plan.total() == 1 { "" } else { "s" }
        ));
        self.commands.push(Command::Edit(plan.edit()));
    }

    /// Applies the previewed re-import, unless the document's text changed since the preview.
    fn apply_reimport(&mut self) {
        let Some(pending) = self.pending_reimport.take() else {
            return;
        };
        let Some(project) = &self.project else {
            return;
        };
        let now = project.store().document_stamps().map(|stamps| {
            stamps
                .into_iter()
                .find(|d| d.id == pending.plan.document)
                .map(|d| d.text_revision)
        });
        match now {
            Ok(Some(revision)) if revision == pending.revision => {
                self.commands.push(Command::Edit(pending.plan.edit()));
            }
            Ok(_) => self.fail(format!(
                "“{}” changed after the preview, so the corrected file was not applied; choose Document ▸ Replace with a corrected file… again",
                pending.name
            )),
            Err(e) => self.fail(e.to_string()),
        }
    }

    /// Acts on a finished exchange's outcome.
    pub(super) fn finish_exchange(&mut self, outcome: Result<super::exchange_job::Done, String>) {
        use super::exchange_job::Done;
        match outcome {
            Err(e) => self.fail(e),
            Ok(Done::Planned { file, plan }) => {
                let crate::exchange::Plan { rows, report } = *plan;
                if !rows.is_empty() {
                    self.commands
                        .push(Command::Edit(crate::domain::Edit::InsertRows(Box::new(
                            rows,
                        ))));
                }
                self.dialog = Some(Dialog::ExchangeReport {
                    title: format!(
                        "Imported {}",
                        file.file_name()
                            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
                    ),
                    report: report.to_string(),
                });
            }
            Ok(Done::Created { project, report }) => {
                self.open_project(&project);
                self.dialog = Some(Dialog::ExchangeReport {
                    title: format!("Created {}", project.display()),
                    report: report.to_string(),
                });
            }
            Ok(Done::MergePlanned { file, rows, report }) => {
                self.pending_merge = (!rows.is_empty()).then_some(rows);
                self.dialog = Some(Dialog::MergePreview {
                    title: format!(
                        "Merge {}?",
                        file.file_name()
                            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
                    ),
                    report: report.to_string(),
                    adds_nothing: report.adds_nothing(),
                });
            }
            Ok(Done::ReimportPlanned {
                file,
                name,
                revision,
                plan,
            }) => self.preview_reimport(&file, name, revision, plan),
            Ok(Done::PseudonymPlanned {
                request,
                revision,
                result,
            }) => self.preview_pseudonym(request, revision, result),
            Ok(Done::Exported { path, report }) => {
                self.notify(format!(
                    "Exported for other QDA programs: {}",
                    path.display()
                ));
                self.dialog = Some(Dialog::ExchangeReport {
                    title: format!(
                        "Exported {}",
                        path.file_name()
                            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
                    ),
                    report: report.to_string(),
                });
            }
        }
    }

    /// Takes finished exports and snapshots.
    /// Lists the sync conflicts in a dialog (`open`), or lists them again if it is open.
    fn show_sync_conflicts(&mut self, open: bool) {
        let showing = matches!(self.dialog, Some(Dialog::SyncConflicts { .. }));
        if !(open || showing) {
            return;
        }
        if let Some(project) = &self.project {
            let groups = super::sync_conflicts::conflict_groups(project.store());
            self.dialog = Some(Dialog::SyncConflicts { groups });
        }
    }

    /// Takes in the hub worker's reports: rows it brought in are read again; the conflicts
    /// dialog is listed again. After a change here, the worker counts what there is to send
    /// (at most every two seconds).
    #[cfg(feature = "hub")]
    pub(super) fn poll_hub(&mut self) {
        let Some(project) = &mut self.project else {
            self.hub = None;
            return;
        };
        let Some(hub) = &mut self.hub else {
            return;
        };
        let before = hub.state.clone();
        if hub.poll() {
            project.note_changed_elsewhere();
        }
        let revision = project.revision();
        let (checked, at) = self.hub_checked;
        if revision != checked
            && at.is_none_or(|t| t.elapsed() >= std::time::Duration::from_secs(2))
        {
            hub.check();
            self.hub_checked = (revision, Some(Instant::now()));
        }
        if hub.state != before {
            self.show_sync_conflicts(false);
        }
    }

    pub(super) fn poll_jobs(&mut self) {
        self.poll_exchange();
        if let Some(job) = &self.export
            && let Some(outcome) = job.poll()
        {
            self.export = None;
            match outcome {
                Ok(line) => self.notify(line),
                Err(e) => self.fail(e),
            }
        }
        if let Some(job) = &self.snapshot
            && let Some(outcome) = job.poll()
        {
            self.snapshot = None;
            if let Err(e) = outcome {
                tracing::warn!("cannot take a snapshot: {e}");
            }
        }
    }

    /// The snapshot folder of the open project.
    fn snapshot_folder(&self) -> Option<PathBuf> {
        let project = self.project.as_ref()?;
        let guid = project.store().project_guid().ok()?;
        Some(crate::snapshots::folder(&crate::config::data_dir()?, &guid))
    }

    /// Takes a snapshot when a project was just opened for writing, then every hour while it
    /// changes.
    pub(super) fn maybe_snapshot(&mut self) {
        if !self.take_snapshots || self.snapshot.is_some() || !self.changed_since_snapshot {
            return;
        }
        let Some(project) = &self.project else {
            return;
        };
        if project.store().is_read_only()
            || self
                .last_snapshot
                .is_some_and(|t| t.elapsed() < crate::snapshots::INTERVAL)
        {
            return;
        }
        let Some(folder) = self.snapshot_folder() else {
            return;
        };
        self.snapshot = SnapshotJob::start(project.store().path().to_owned(), folder);
        self.last_snapshot = Some(Instant::now());
        self.changed_since_snapshot = false;
    }

    fn ask_restore(&mut self) {
        let Some(folder) = self.snapshot_folder() else {
            self.fail("There is no data folder for snapshots on this machine.");
            return;
        };
        self.dialog = Some(Dialog::Restore {
            snapshots: crate::snapshots::list(&folder),
        });
    }

    fn restore_snapshot(&mut self, snapshot: &crate::snapshots::Snapshot) {
        let Some(project) = &self.project else {
            return;
        };
        let path = project.store().path().to_owned();
        self.dialog = None;
        match crate::snapshots::restore_beside(snapshot, &path) {
            Ok(copy) => {
                self.open_project(&copy);
                self.notify(format!(
                    "Opened the snapshot of {} as a copy: {} (the project itself is unchanged)",
                    snapshot.taken_at,
                    copy.display()
                ));
            }
            Err(e) => self.fail(e.to_string()),
        }
    }

    pub(super) fn open_project(&mut self, path: &Path) {
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
    pub(super) fn poll_import(&mut self) {
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
}
