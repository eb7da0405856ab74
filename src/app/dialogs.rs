//! Modal dialogs: the coder's name, confirmations that say what a delete takes with it, the
//! import summary, keyboard shortcuts, snapshots to restore, the log folder, a recovered
//! error, about. Every dialog fits the window, scrolling inside when it must.

use std::path::PathBuf;

use super::{Action, Command, theme};
use crate::domain::{CodeId, Coding, CodingId, DocumentId, Edit};
use crate::project::CodebookEntry;
use crate::store::DocumentSummary;

/// The outcome of a batch import.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportSummary {
    pub imported: Vec<String>,
    pub duplicates: Vec<(String, String)>,
    pub refused: Vec<(String, String)>,
}

/// A name to pseudonymise and where, as the dialog asks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PseudonymRequest {
    /// The real name, in its nominative form.
    pub name: String,
    /// The pseudonym that replaces it.
    pub pseudonym: String,
    /// Only in this document; `None`: every document.
    pub document: Option<DocumentId>,
    /// Also in memos and coding notes.
    pub memos: bool,
    /// Only the name exactly as written.
    pub exact: bool,
    /// Forms to leave alone.
    pub except: Vec<String>,
}

/// The pseudonymise dialog's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct PseudonymForm {
    pub name: String,
    pub pseudonym: String,
    /// The open document, which the search can be kept to.
    pub open_document: Option<(DocumentId, String)>,
    pub only_open_document: bool,
    pub memos: bool,
    pub exact: bool,
    /// Forms to leave alone, comma-separated.
    pub except: String,
    pub focused: bool,
}

impl PseudonymForm {
    /// What the fields ask for now.
    pub fn request(&self) -> PseudonymRequest {
        PseudonymRequest {
            name: self.name.trim().to_owned(),
            pseudonym: self.pseudonym.trim().to_owned(),
            document: self
                .open_document
                .as_ref()
                .filter(|_| self.only_open_document)
                .map(|(id, _)| *id),
            memos: self.memos,
            exact: self.exact,
            except: self
                .except
                .split(',')
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .map(str::to_owned)
                .collect(),
        }
    }
}

/// What the pseudonymise dialog found for a request.
#[derive(Debug, Clone, PartialEq)]
pub struct PseudonymPreview {
    pub request: PseudonymRequest,
    /// Occurrences in all, or why none can be replaced.
    pub found: Result<usize, String>,
    /// Where, one line per document and one for memos.
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    Coder {
        name: String,
        focused: bool,
    },
    DeleteCode {
        id: CodeId,
        name: String,
        subcodes: usize,
        codings: i64,
    },
    DeleteDocument {
        id: DocumentId,
        name: String,
        codings: i64,
    },
    /// Which codings of a code go to a new sibling code.
    SplitCode {
        from: CodeId,
        code_name: String,
        /// The new code's name.
        name: String,
        /// Why, for the codebook's history.
        reason: String,
        /// Each coding of the code: its id, how it is listed, and whether it moves.
        codings: Vec<(CodingId, String, bool)>,
        focused: bool,
    },
    ImportSummary(ImportSummary),
    Shortcuts,
    /// The sync conflicts of the open working copy, each with its rows' differences.
    SyncConflicts {
        groups: Vec<super::sync_conflicts::ConflictGroup>,
    },
    /// Snapshots of the open project, newest first.
    Restore {
        snapshots: Vec<crate::snapshots::Snapshot>,
    },
    /// Where the log is (and whether a file manager was asked to show it).
    LogFolder {
        path: PathBuf,
        opened: bool,
    },
    /// The window caught an internal error.
    Crash {
        message: String,
        log: Option<PathBuf>,
    },
    About,
    /// What merging a colleague's copy would add, find already here, and leave in conflict;
    /// Merge applies it as one step.
    MergePreview {
        title: String,
        report: String,
        adds_nothing: bool,
    },
    /// Where a corrected version of a document puts its codings; Replace applies it as one
    /// step.
    ReimportPreview {
        title: String,
        /// The counts, in a sentence or two.
        summary: String,
        /// Each coding that does not stay on the same words: how it moves, or that it cannot
        /// be placed.
        moves: Vec<String>,
        /// The corrected version is the same text.
        changes_nothing: bool,
    },
    /// A name to replace with a pseudonym, and what the last search for it found.
    Pseudonymise {
        form: PseudonymForm,
        preview: Option<PseudonymPreview>,
        /// A search is running.
        searching: bool,
    },
    /// What a REFI-QDA import or export carried over and what it could not.
    ExchangeReport {
        title: String,
        report: String,
    },
}

/// "12.3 MB" for a byte count.
fn size_label(bytes: u64) -> String {
    let mb = bytes as f64 / 1_048_576.0;
    if mb >= 10.0 {
        format!("{mb:.0} MB")
    } else if mb >= 0.1 {
        format!("{mb:.1} MB")
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

impl Dialog {
    pub fn coder(default: &str) -> Dialog {
        Dialog::Coder {
            name: default.to_owned(),
            focused: false,
        }
    }

    pub fn delete_code(entry: &CodebookEntry, subcodes: usize) -> Dialog {
        Dialog::DeleteCode {
            id: entry.code.id,
            name: entry.code.name.clone(),
            subcodes,
            codings: entry.total,
        }
    }

    pub fn delete_document(doc: &DocumentSummary) -> Dialog {
        Dialog::DeleteDocument {
            id: doc.id,
            name: doc.name.clone(),
            codings: doc.codings,
        }
    }

    pub fn split_code(
        entry: &CodebookEntry,
        codings: &[Coding],
        documents: &std::collections::HashMap<DocumentId, String>,
    ) -> Dialog {
        Dialog::SplitCode {
            from: entry.code.id,
            code_name: entry.code.name.clone(),
            name: String::new(),
            reason: String::new(),
            codings: codings
                .iter()
                .map(|c| {
                    let label = format!(
                        "{} · {} · “{}”",
                        crate::retrieval::ExcerptId::from_guid(&c.guid),
                        documents.get(&c.document).map_or("", String::as_str),
                        crate::retrieval::shorten_quote(&c.text, 80)
                    );
                    (c.id, label, false)
                })
                .collect(),
            focused: false,
        }
    }

    pub fn import_summary(summary: ImportSummary) -> Dialog {
        Dialog::ImportSummary(summary)
    }

    pub fn ui(&mut self, ctx: &egui::Context, out: &mut Vec<Command>) {
        let screen = ctx.content_rect();
        // Room for the heading and the buttons outside a scrolled body.
        let body_height = (screen.height() - 180.0).max(60.0);
        let modal = egui::Modal::new(egui::Id::unique("dialog")).show(ctx, |ui| {
            ui.set_max_width(theme::DIALOG_WIDTH.min(screen.width() - 48.0));
            match self {
                Dialog::Coder { name, focused } => {
                    ui.heading("Who is coding?");
                    ui.label("Tamga records your name with every coding and memo, so a team can tell its work apart. It is asked once and remembered.");
                    let label = ui.label("Your name");
                    let response = ui.add(egui::TextEdit::singleline(name).desired_width(f32::INFINITY)).labelled_by(label.id);
                    if !*focused {
                        response.request_focus();
                        *focused = true;
                    }
                    let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    ui.add_space(6.0);
                    if (ui.add_enabled(!name.trim().is_empty(), egui::Button::new("Continue")).clicked() || enter)
                        && !name.trim().is_empty()
                    {
                        out.push(Command::SetCoder(name.clone()));
                    }
                }
                Dialog::DeleteCode { id, name, subcodes, codings } => {
                    ui.heading(format!("Delete the code “{name}”?"));
                    let mut what = format!("{codings} coding{} will be removed", if *codings == 1 { "" } else { "s" });
                    if *subcodes > 0 {
                        what = format!("{what}, with {subcodes} subcode{}", if *subcodes == 1 { "" } else { "s" });
                    }
                    ui.label(format!("{what}. You can undo this with Ctrl+Z."));
                    ui.add_space(6.0);
                    ui.horizontal(|ui| {
                        if ui.button("Delete code").clicked() {
                            out.push(Command::Edit(Edit::DeleteCode { id: *id }));
                            out.push(Command::CloseDialog);
                        }
                        if ui.button("Cancel").clicked() {
                            out.push(Command::CloseDialog);
                        }
                    });
                }
                Dialog::DeleteDocument { id, name, codings } => {
                    ui.heading(format!("Delete the document “{name}”?"));
                    ui.label(format!(
                        "Its {codings} coding{} and its memos go with it. You can undo this with Ctrl+Z.",
                        if *codings == 1 { "" } else { "s" }
                    ));
                    ui.add_space(6.0);
                    ui.horizontal(|ui| {
                        if ui.button("Delete document").clicked() {
                            out.push(Command::Edit(Edit::DeleteDocument { id: *id }));
                            out.push(Command::CloseDialog);
                        }
                        if ui.button("Cancel").clicked() {
                            out.push(Command::CloseDialog);
                        }
                    });
                }
                Dialog::SplitCode { from, code_name, name, reason, codings, focused } => {
                    ui.heading(format!("Split “{code_name}”"));
                    ui.label("A new code beside it takes the codings you tick; the others stay. The change is kept in the codebook's history, and Ctrl+Z undoes it.");
                    let label = ui.label("Name of the new code");
                    let field = ui.add(egui::TextEdit::singleline(name).desired_width(f32::INFINITY)).labelled_by(label.id);
                    if !*focused {
                        field.request_focus();
                        *focused = true;
                    }
                    ui.add_space(4.0);
                    let chosen = codings.iter().filter(|(_, _, on)| *on).count();
                    ui.label(format!("Codings that move to the new code ({chosen} of {}):", codings.len()));
                    egui::ScrollArea::vertical().max_height((body_height - 160.0).clamp(80.0, 320.0)).show(ui, |ui| {
                        for (_, label, on) in codings.iter_mut() {
                            ui.checkbox(on, label.as_str());
                        }
                    });
                    ui.add_space(4.0);
                    let label = ui.label("Why (optional, kept in the history)");
                    ui.add(egui::TextEdit::singleline(reason).desired_width(f32::INFINITY)).labelled_by(label.id);
                    ui.add_space(6.0);
                    let ready = !name.trim().is_empty() && chosen > 0;
                    ui.horizontal(|ui| {
                        if ui.add_enabled(ready, egui::Button::new("Split")).clicked() {
                            let split = Edit::SplitCode {
                                from: *from,
                                name: name.trim().to_owned(),
                                codings: codings.iter().filter(|(_, _, on)| *on).map(|(id, _, _)| *id).collect(),
                            };
                            let edit = if reason.trim().is_empty() {
                                split
                            } else {
                                Edit::Explained { reason: reason.trim().to_owned(), edit: Box::new(split) }
                            };
                            out.push(Command::Edit(edit));
                            out.push(Command::CloseDialog);
                        }
                        if ui.button("Cancel").clicked() {
                            out.push(Command::CloseDialog);
                        }
                    });
                }
                Dialog::ImportSummary(s) => {
                    ui.heading("Import finished");
                    ui.label(format!(
                        "{} imported · {} skipped as duplicates · {} refused",
                        s.imported.len(),
                        s.duplicates.len(),
                        s.refused.len()
                    ));
                    egui::ScrollArea::vertical().max_height(body_height.min(300.0)).show(ui, |ui| {
                        for name in &s.imported {
                            ui.label(format!("✔ {name}"));
                        }
                        for (file, of) in &s.duplicates {
                            ui.label(format!("＝ {file}: already in the project as “{of}”"));
                        }
                        for (file, why) in &s.refused {
                            ui.colored_label(ui.visuals().error_fg_color, format!("✖ {file}: {why}"));
                        }
                    });
                    if ui.button("Close").clicked() {
                        out.push(Command::CloseDialog);
                    }
                }
                Dialog::Shortcuts => {
                    ui.heading("Keyboard shortcuts");
                    let state = super::ActionState::default();
                    egui::ScrollArea::vertical().max_height(body_height).show(ui, |ui| {
                        egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                            for action in Action::with_shortcuts() {
                                if let Some(s) = action.shortcut() {
                                    ui.label(ui.ctx().format_shortcut(&s));
                                    ui.label(action.path_label(&state));
                                    ui.end_row();
                                }
                            }
                        });
                    });
                    if ui.button("Close").clicked() {
                        out.push(Command::CloseDialog);
                    }
                }
                Dialog::SyncConflicts { groups } => {
                    ui.heading("Sync conflicts");
                    ui.label("These rows changed here and on the team hub since they last agreed. Keep yours and it goes up with the next sync; take the hub's and it replaces yours here. To write a third version, change it in the codebook or the memo, then keep yours. Each decision can be undone.");
                    ui.add_space(4.0);
                    if groups.is_empty() {
                        ui.label(egui::RichText::new("No conflicts: everything that changed on both sides agrees.").color(theme::secondary(ui.visuals())));
                    }
                    egui::ScrollArea::vertical().max_height(body_height).show(ui, |ui| {
                        for group in groups.iter() {
                            ui.group(|ui| {
                                ui.set_width(ui.available_width());
                                ui.label(egui::RichText::new(&group.reason).strong());
                                for (label, differences) in &group.rows {
                                    ui.label(label);
                                    for d in differences {
                                        ui.label(egui::RichText::new(format!("    {d}")).color(theme::secondary(ui.visuals())));
                                    }
                                }
                                ui.horizontal(|ui| {
                                    if ui.button("Keep mine").clicked() {
                                        out.push(Command::ResolveSyncConflict(group.conflict.clone(), crate::domain::Keep::Mine));
                                    }
                                    if ui.button("Keep theirs").clicked() {
                                        out.push(Command::ResolveSyncConflict(group.conflict.clone(), crate::domain::Keep::Theirs));
                                    }
                                });
                            });
                        }
                    });
                    if ui.button("Close").clicked() {
                        out.push(Command::CloseDialog);
                    }
                }
                Dialog::Restore { snapshots } => {
                    ui.heading("Restore from a snapshot");
                    ui.label("Tamga copies each project when it is opened for writing and every hour while you work, and keeps the last ten. Restoring opens the snapshot as a copy beside the project; the project itself is never overwritten.");
                    ui.add_space(4.0);
                    if snapshots.is_empty() {
                        ui.label(egui::RichText::new("No snapshots of this project yet.").color(theme::secondary(ui.visuals())));
                    }
                    egui::ScrollArea::vertical().max_height(body_height).show(ui, |ui| {
                        for snap in snapshots.iter() {
                            ui.horizontal(|ui| {
                                ui.label(snap.taken_at.replace('T', " ").trim_end_matches('Z'));
                                ui.label(egui::RichText::new(size_label(snap.bytes)).color(theme::secondary(ui.visuals())));
                                if ui.button("Open as a copy").on_hover_text(snap.path.display().to_string()).clicked() {
                                    out.push(Command::RestoreSnapshot(snap.clone()));
                                }
                            });
                        }
                    });
                    if ui.button("Close").clicked() {
                        out.push(Command::CloseDialog);
                    }
                }
                Dialog::LogFolder { path, opened } => {
                    ui.heading("Tamga's log");
                    if *opened {
                        ui.label("The log folder:");
                    } else {
                        ui.label("No file manager could be opened here; the log is in this folder:");
                    }
                    let mut shown = path.display().to_string();
                    ui.add(egui::TextEdit::singleline(&mut shown).desired_width(f32::INFINITY));
                    ui.horizontal(|ui| {
                        if ui.button("Copy the path").clicked() {
                            ui.ctx().copy_text(path.display().to_string());
                        }
                        if ui.button("Close").clicked() {
                            out.push(Command::CloseDialog);
                        }
                    });
                }
                Dialog::Crash { message, log } => {
                    ui.heading("Something went wrong in the window");
                    ui.label("Tamga caught an internal error and kept running. Every change you made was saved before it was shown, so nothing is lost. Please report this with the log file.");
                    egui::ScrollArea::vertical().max_height(body_height.min(160.0)).show(ui, |ui| {
                        ui.label(egui::RichText::new(message.as_str()).monospace());
                    });
                    if let Some(log) = log {
                        ui.label(format!("Log: {}", log.display()));
                    }
                    if ui.button("Close").clicked() {
                        out.push(Command::CloseDialog);
                    }
                }
                Dialog::MergePreview { title, report, adds_nothing } => {
                    ui.heading(title.as_str());
                    egui::ScrollArea::vertical().max_height(body_height.min(360.0)).show(ui, |ui| {
                        ui.label(egui::RichText::new(report.as_str()).monospace());
                    });
                    ui.horizontal(|ui| {
                        if *adds_nothing {
                            ui.label("There is nothing new to merge.");
                        } else if ui.button("Merge").clicked() {
                            out.push(Command::ApplyMerge);
                            out.push(Command::CloseDialog);
                        }
                        if ui.button("Copy the report").clicked() {
                            ui.ctx().copy_text(report.clone());
                        }
                        if ui.button(if *adds_nothing { "Close" } else { "Cancel" }).clicked() {
                            out.push(Command::DropMerge);
                            out.push(Command::CloseDialog);
                        }
                    });
                }
                Dialog::ReimportPreview { title, summary, moves, changes_nothing } => {
                    ui.heading(title.as_str());
                    ui.label(summary.as_str());
                    if !moves.is_empty() {
                        ui.add_space(4.0);
                        egui::ScrollArea::vertical().max_height(body_height.min(300.0)).show(ui, |ui| {
                            for line in moves.iter() {
                                ui.label(line.as_str());
                            }
                        });
                    }
                    ui.add_space(4.0);
                    ui.horizontal(|ui| {
                        if *changes_nothing {
                            ui.label("The corrected file holds the same text.");
                        } else if ui.button("Replace").clicked() {
                            out.push(Command::ApplyReimport);
                            out.push(Command::CloseDialog);
                        }
                        if ui.button(if *changes_nothing { "Close" } else { "Cancel" }).clicked() {
                            out.push(Command::DropReimport);
                            out.push(Command::CloseDialog);
                        }
                    });
                }
                Dialog::Pseudonymise { form, preview, searching } => {
                    ui.heading("Pseudonymise a name");
                    ui.label("Replaces a person's name with a pseudonym, with the endings Kazakh and Russian give it (Айгүл, Айгүлдің, Айгүлге; Айгуль, Айгуля), and keeps every coding on its words. It is one step: Undo puts the names back. The same name always gets the same pseudonym; the list is kept in the project.");
                    ui.add_space(4.0);
                    let label = ui.label("Name");
                    let name = ui.add(egui::TextEdit::singleline(&mut form.name).desired_width(f32::INFINITY)).labelled_by(label.id);
                    if !form.focused {
                        name.request_focus();
                        form.focused = true;
                    }
                    let label = ui.label("Pseudonym");
                    ui.add(egui::TextEdit::singleline(&mut form.pseudonym).desired_width(f32::INFINITY)).labelled_by(label.id);
                    if let Some((_, document)) = &form.open_document {
                        ui.checkbox(&mut form.only_open_document, format!("Only in “{document}”"));
                    }
                    ui.checkbox(&mut form.memos, "Also in memos and coding notes");
                    ui.checkbox(&mut form.exact, "Only this exact form, without endings");
                    let label = ui.label("Leave these forms alone (comma-separated)");
                    ui.add(egui::TextEdit::singleline(&mut form.except).desired_width(f32::INFINITY)).labelled_by(label.id);
                    ui.add_space(6.0);
                    let request = form.request();
                    let ready = !request.name.is_empty() && !request.pseudonym.is_empty();
                    let current = preview.as_ref().filter(|p| p.request == request);
                    if let Some(p) = current {
                        match &p.found {
                            Err(why) => {
                                ui.colored_label(theme::error(ui.visuals()), why.as_str());
                            }
                            Ok(0) => {
                                ui.label(format!("“{}” is not in the text.", request.name));
                            }
                            Ok(_) => {
                                egui::ScrollArea::vertical().max_height((body_height - 300.0).clamp(60.0, 200.0)).show(ui, |ui| {
                                    for line in &p.lines {
                                        ui.label(line.as_str());
                                    }
                                });
                            }
                        }
                    } else if *searching {
                        ui.label(format!("Looking for “{}”…", request.name));
                    }
                    ui.horizontal(|ui| {
                        let total = current.and_then(|p| p.found.as_ref().ok().copied()).unwrap_or(0);
                        if total > 0 {
                            let what = format!("Replace {total} occurrence{}", if total == 1 { "" } else { "s" });
                            if ui.button(what).clicked() {
                                out.push(Command::ApplyPseudonym);
                                out.push(Command::CloseDialog);
                            }
                        }
                        if ui.add_enabled(ready && !*searching && current.is_none(), egui::Button::new("Find")).clicked() {
                            *searching = true;
                            out.push(Command::PlanPseudonym(request.clone()));
                        }
                        if ui.button("Cancel").clicked() {
                            out.push(Command::CloseDialog);
                        }
                    });
                }
                Dialog::ExchangeReport { title, report } => {
                    ui.heading(title.as_str());
                    egui::ScrollArea::vertical().max_height(body_height.min(360.0)).show(ui, |ui| {
                        ui.label(egui::RichText::new(report.as_str()).monospace());
                    });
                    ui.horizontal(|ui| {
                        if ui.button("Copy the report").clicked() {
                            ui.ctx().copy_text(report.clone());
                        }
                        if ui.button("Close").clicked() {
                            out.push(Command::CloseDialog);
                        }
                    });
                }
                Dialog::About => {
                    ui.heading("Tamga");
                    ui.label(format!("Version {}", env!("CARGO_PKG_VERSION")));
                    ui.label("A workbench for qualitative coding: read, select, code, retrieve. Every change is saved as it happens, in one project file you can copy.");
                    if ui.button("Close").clicked() {
                        out.push(Command::CloseDialog);
                    }
                }
            }
        });
        let closable = !matches!(self, Dialog::Coder { .. });
        if closable && modal.should_close() {
            out.push(Command::CloseDialog);
        }
    }
}
