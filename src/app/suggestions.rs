//! "Passages like these" (the bottom area's tab): for the code selected in the codebook, the
//! uncoded sentences or paragraphs most like the passages coded with it, each with the words
//! that made it alike. Accept applies the code, Reject hides the passage for that code for
//! good (an undoable edit), Skip hides it for now. Nothing is coded without a click.
//!
//! The ranking runs on a worker thread over the search index, with a read-only connection of
//! its own; the cut of the documents into units is kept while the documents stay the same.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::{Sense, Ui, vec2};

use super::{Command, Workbench, theme};
use crate::domain::{CodeId, DocumentId, TextRange};
use crate::search::{Ranker, SearchIndex, Suggestion, Unit, suggest};

/// Suggestions asked for at a time.
const LIMIT: usize = 50;
/// Characters of a suggested passage shown; the rest is in the document (double-click).
const SHOWN_CHARS: usize = 420;

/// What a list of suggestions was computed for: the code, the unit, the project's revision
/// (codings, rejections and their undoing all move it) and the documents' version.
type Key = (CodeId, Unit, u64, u64);

type Outcome = Result<(Arc<Ranker>, Vec<Suggestion>), String>;

/// The tab's state.
#[derive(Default)]
pub struct SuggestionsUi {
    /// Rank sentences or paragraphs.
    pub unit: Unit,
    job: Option<(Receiver<Outcome>, Key)>,
    /// The units of the documents, at a documents version.
    ranker: Option<(u64, Arc<Ranker>)>,
    shown: Option<(Key, Vec<Suggestion>)>,
    /// Skipped for now (this session), by code.
    skipped: HashSet<(CodeId, DocumentId, TextRange)>,
    error: Option<(String, Key)>,
}

impl SuggestionsUi {
    /// The suggestions shown now, best first, without those skipped (tests read them).
    pub fn suggestions(&self) -> Vec<&Suggestion> {
        let Some(((code, ..), list)) = &self.shown else {
            return Vec::new();
        };
        list.iter()
            .filter(|s| !self.skipped.contains(&(*code, s.document, s.range)))
            .collect()
    }

    fn take_finished(&mut self, outcome: Outcome, key: Key) {
        match outcome {
            Ok((ranker, list)) => {
                self.ranker = Some((key.3, ranker));
                self.shown = Some((key, list));
                self.error = None;
            }
            Err(e) => self.error = Some((e, key)),
        }
    }

    fn poll(&mut self) {
        if let Some((rx, key)) = &self.job {
            let key = *key;
            match rx.try_recv() {
                Ok(outcome) => {
                    self.job = None;
                    self.take_finished(outcome, key);
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    self.job = None;
                    self.error = Some(("the ranking stopped unexpectedly".into(), key));
                }
            }
        }
    }

    /// Starts ranking for `key` unless that is shown, running, or failed.
    fn start(
        &mut self,
        key: Key,
        index: Arc<SearchIndex>,
        path: std::path::PathBuf,
        ctx: &egui::Context,
    ) {
        if self.job.is_some()
            || self.shown.as_ref().is_some_and(|(k, _)| *k == key)
            || self.error.as_ref().is_some_and(|(_, k)| *k == key)
        {
            return;
        }
        let ranker = self
            .ranker
            .as_ref()
            .filter(|(docs, r)| *docs == key.3 && r.unit() == key.1)
            .map(|(_, r)| r.clone());
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("suggestions".into())
            .spawn(move || {
                let outcome = rank(&index, ranker, &path, key);
                let _ = tx.send(outcome);
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self.job = Some((rx, key)),
            Err(e) => self.error = Some((format!("cannot start the ranking ({e})"), key)),
        }
    }

    /// Waits for the ranking under way (tests).
    pub fn settle(&mut self) {
        if let Some((rx, key)) = self.job.take() {
            let outcome = rx
                .recv()
                .unwrap_or_else(|_| Err("the ranking stopped unexpectedly".into()));
            self.take_finished(outcome, key);
        }
    }
}

fn rank(
    index: &SearchIndex,
    ranker: Option<Arc<Ranker>>,
    path: &std::path::Path,
    key: Key,
) -> Outcome {
    let (code, unit, ..) = key;
    let ranker = ranker.unwrap_or_else(|| Arc::new(Ranker::build(index, unit)));
    let store = crate::store::Store::open_read_only(path).map_err(|e| e.to_string())?;
    let list = ranker
        .suggest(index, &store, code, LIMIT)
        .map_err(|e| e.to_string())?;
    Ok((ranker, list))
}

/// What was clicked on a suggestion.
enum Choice {
    Show,
    Accept,
    Reject,
    Skip,
}

fn name_for_reader(ui: &Ui, response: &egui::Response, name: String) {
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_label(name));
}

/// One suggestion: the three buttons and where it is, then its text and the words that made
/// it alike.
fn suggestion_ui(ui: &mut Ui, rank: usize, s: &Suggestion, document: &str) -> Option<Choice> {
    let weak = theme::secondary(ui.visuals());
    let mut choice = None;
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(format!("{rank}.")).strong());
        let accept = ui
            .button("Accept")
            .on_hover_text("Apply the code to this passage");
        name_for_reader(ui, &accept, format!("Accept suggestion {rank}"));
        let reject = ui
            .button("Reject")
            .on_hover_text("Never suggest this passage for this code again");
        name_for_reader(ui, &reject, format!("Reject suggestion {rank}"));
        let skip = ui.button("Skip").on_hover_text("Hide it for now");
        name_for_reader(ui, &skip, format!("Skip suggestion {rank}"));
        if accept.clicked() {
            choice = Some(Choice::Accept);
        } else if reject.clicked() {
            choice = Some(Choice::Reject);
        } else if skip.clicked() {
            choice = Some(Choice::Skip);
        }
        ui.add(
            egui::Label::new(
                egui::RichText::new(format!(
                    "{document} · characters {}–{}",
                    s.range.start, s.range.end
                ))
                .color(weak),
            )
            .truncate(),
        );
    });
    let shown: String = if s.text.chars().count() > SHOWN_CHARS {
        let cut: String = s.text.chars().take(SHOWN_CHARS).collect();
        format!("{}…", cut.trim_end())
    } else {
        s.text.clone()
    };
    let text = egui::RichText::new(shown).font(theme::reading_font(14.0));
    let response = ui
        .add(egui::Label::new(text).wrap().sense(Sense::click()))
        .on_hover_text("Double-click to show this passage in its document");
    if response.double_clicked() {
        choice = Some(Choice::Show);
    }
    if !s.words.is_empty() {
        ui.add(
            egui::Label::new(
                egui::RichText::new(format!("Alike in: {}", s.words.join(", ")))
                    .italics()
                    .color(weak),
            )
            .wrap(),
        );
    }
    ui.add_space(2.0);
    ui.separator();
    choice
}

impl Workbench {
    /// The "Passages like these" tab.
    pub(super) fn suggestions_tab_ui(&mut self, ui: &mut Ui) {
        // The tab keeps the area's height while it has little to show (the first frames).
        ui.set_min_height(ui.available_height());
        let Some(project) = &self.project else {
            return;
        };
        let ctx = ui.ctx().clone();
        let tab = &mut self.suggestions_ui;
        tab.poll();
        let weak = theme::secondary(ui.visuals());
        let code = self.selected_code.and_then(|c| self.codebook.entry(c));
        ui.horizontal_wrapped(|ui| {
            ui.heading("Passages like these");
            ui.separator();
            match code {
                Some(e) => {
                    ui.label("for");
                    let (r, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
                    ui.painter()
                        .rect_filled(r.shrink(1.0), 2.0, theme::code_color(&e.code.color));
                    ui.label(egui::RichText::new(&e.path).strong());
                }
                None => {
                    ui.label(egui::RichText::new("no code selected").color(weak));
                }
            }
            ui.separator();
            ui.label("Suggest");
            ui.radio_value(&mut tab.unit, Unit::Sentence, "sentences");
            ui.radio_value(&mut tab.unit, Unit::Paragraph, "paragraphs");
            if tab.job.is_some() || (code.is_some() && self.search_ui.current_index().is_none()) {
                ui.spinner();
            }
        });
        let Some(entry) = code else {
            ui.label(
                egui::RichText::new(
                    "Select a code in the codebook: this tab then lists the uncoded passages most like those coded with it, and the words they share.",
                )
                .color(weak),
            );
            return;
        };
        let code_id = entry.code.id;
        let key = (
            code_id,
            tab.unit,
            project.revision(),
            self.versions.documents,
        );
        // The ranking reads the search index: have it built and kept up to date.
        self.search_ui.keep_index();
        if let Some(index) = self.search_ui.current_index() {
            tab.start(key, index, project.store().path().to_owned(), &ctx);
        }
        if tab.job.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        if let Some((e, _)) = &tab.error {
            ui.colored_label(theme::error(ui.visuals()), e);
            return;
        }
        let Some(((shown_code, ..), _)) = &tab.shown else {
            return;
        };
        if *shown_code != code_id {
            return;
        }
        let list: Vec<Suggestion> = tab.suggestions().into_iter().cloned().collect();
        if list.is_empty() {
            ui.label(
                egui::RichText::new(format!(
                    "No suggestions for “{}”: code a few passages with it first, or every passage like them is coded, rejected or skipped.",
                    entry.path
                ))
                .color(weak),
            );
            return;
        }
        let names: std::collections::HashMap<DocumentId, &str> = self
            .documents
            .iter()
            .map(|d| (d.id, d.name.as_str()))
            .collect();
        let mut chosen = None;
        egui::ScrollArea::vertical()
            .id_salt("suggestions-list")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for (i, s) in list.iter().enumerate() {
                    let document = names.get(&s.document).copied().unwrap_or("?");
                    if let Some(choice) = suggestion_ui(ui, i + 1, s, document) {
                        chosen = Some((choice, s.clone()));
                    }
                }
            });
        let coder = project.coder().to_owned();
        match chosen {
            Some((Choice::Show, s)) => self
                .commands
                .push(Command::ShowPassage(s.document, s.range)),
            Some((Choice::Accept, s)) => {
                self.drop_shown(&s);
                self.commands
                    .push(Command::Edit(suggest::accept(&s, code_id, &coder)));
            }
            Some((Choice::Reject, s)) => {
                self.drop_shown(&s);
                self.commands
                    .push(Command::Edit(suggest::reject(&s, code_id, &coder)));
            }
            Some((Choice::Skip, s)) => {
                self.suggestions_ui
                    .skipped
                    .insert((code_id, s.document, s.range));
            }
            None => {}
        }
    }

    /// Takes a suggestion off the list at once (the ranking runs again after the edit).
    fn drop_shown(&mut self, s: &Suggestion) {
        if let Some((_, list)) = &mut self.suggestions_ui.shown {
            list.retain(|x| !(x.document == s.document && x.range == s.range));
        }
    }
}
