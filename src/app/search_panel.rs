//! The search box and its results (the bottom area's Search tab): Ctrl+F searches the open
//! document, Ctrl+Shift+F every document and memo. Hits are grouped by document (then memos),
//! each as keyword in context; a click opens the document with the hit selected, the reading
//! view highlights every hit of the open document, F3 / Shift+F3 step through them. A
//! malformed query is said under the box.
//!
//! Nothing here waits on the disk or on a long computation in a frame: the index is built,
//! and brought up to date after changes, on a worker thread with a read-only connection of
//! its own (keyed on the data [`Versions`] it reflects), and each search runs on a worker over
//! a shared copy of the index; the box keeps taking keys meanwhile.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::{Sense, Ui};

use super::autocode_dialog::AutocodeDialog;
use super::bidi_label::{BidiLabel, Fit};
use super::{BottomTab, Command, Versions, Workbench, theme};
use crate::domain::{Direction, DocumentId, TextRange};
use crate::search::{
    Field, Hit, Kwic, Mode, Query, QueryError, SearchIndex, SearchResults, Source, SourceInfo,
    Within,
};

/// Characters of context either side of a hit in the list.
const CONTEXT: usize = 60;
/// Hits given a context line: a search with more lists these and says how many more.
const MAX_LISTED: usize = 5_000;
/// Hits drawn before "Show more".
const PAGE: usize = 300;

/// What the index reflects: the versions of documents, memos and codes (code paths name what
/// memos are attached to).
type IndexKey = (u64, u64, u64);

fn index_key(v: &Versions) -> IndexKey {
    (v.documents, v.memos, v.codes)
}

/// Where the box looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// The document open in the reading view (Ctrl+F).
    Document,
    /// Every document and memo (Ctrl+Shift+F).
    #[default]
    Project,
}

/// A finished search: the hits, their context lines and how their sources are named.
#[derive(Debug)]
pub struct Found {
    /// The query as run.
    pub query: Query,
    /// Every hit, grouped by source.
    pub results: SearchResults,
    /// Context of the first hits (at most [`MAX_LISTED`]), in `results.hits()` order.
    kwic: Vec<Kwic>,
    infos: HashMap<Source, SourceInfo>,
}

type IndexOutcome = Result<SearchIndex, String>;
type SearchOutcome = Result<Found, QueryError>;

/// The search tab's state.
#[derive(Default)]
pub struct SearchUi {
    /// What is typed in the box.
    pub text: String,
    /// Read the box as a regular expression.
    pub regex: bool,
    /// Where to look.
    pub scope: Scope,
    focus: bool,
    /// Search was used: only then is the index built and kept up to date.
    active: bool,
    index: Option<(Arc<SearchIndex>, IndexKey)>,
    indexing: Option<(Receiver<IndexOutcome>, IndexKey)>,
    /// Why the index could not be read, and for which data (not retried until it moves).
    index_failed: Option<(String, IndexKey)>,
    searching: Option<(Receiver<SearchOutcome>, Query, IndexKey)>,
    /// The query and index of the last search started (even if it failed).
    searched: Option<(Query, IndexKey)>,
    /// The last results.
    found: Option<Found>,
    /// The last query's error, said under the box.
    error: Option<String>,
    /// Moves whenever `found` changes.
    generation: u64,
    /// The hit shown last, as an index into `found.results.hits()`.
    current: Option<usize>,
    /// The document and results generation the reading view's highlights were set for.
    highlighted: Option<(Option<DocumentId>, u64)>,
    shown: usize,
    // What the last frame asked for, so `settle` can carry on without a frame.
    project_path: Option<PathBuf>,
    wanted_key: IndexKey,
    document: Option<DocumentId>,
    ctx: Option<egui::Context>,
    /// Searches run so far (tests).
    runs: u64,
    /// The autocode dialog, when open.
    pub autocode: Option<AutocodeDialog>,
}

/// One line of a hit in context: before, the hit, after; line breaks shown as spaces.
fn kwic_job(kwic: &Kwic, ui: &Ui) -> egui::text::LayoutJob {
    let visuals = ui.visuals();
    let font = theme::reading_font(14.0);
    let weak = egui::TextFormat {
        font_id: font.clone(),
        color: theme::secondary(visuals),
        ..Default::default()
    };
    let strong = egui::TextFormat {
        font_id: font,
        color: visuals.strong_text_color(),
        background: theme::search_hit(visuals.dark_mode),
        ..Default::default()
    };
    let flat = |s: &str| s.replace(['\n', '\t'], " ");
    let mut job = egui::text::LayoutJob::default();
    let before = flat(&kwic.before);
    let before = before.trim_start();
    if !before.is_empty() {
        job.append(&format!("…{before}"), 0.0, weak.clone());
    }
    job.append(&flat(&kwic.text), 0.0, strong);
    let after = flat(&kwic.after);
    let after = after.trim_end();
    if !after.is_empty() {
        job.append(&format!("{after}…"), 0.0, weak);
    }
    job
}

/// How a source is introduced above its hits.
fn heading(info: Option<&SourceInfo>) -> String {
    let Some(info) = info else {
        return "?".to_owned();
    };
    if let Source::Card(_) = info.source {
        return format!("Definition of “{}”", info.name);
    }
    match info.memo_kind {
        None => info.name.clone(),
        Some(kind) => {
            let kind = match kind {
                crate::search::MemoKind::Journal => "Journal entry",
                crate::search::MemoKind::Document => "Document memo",
                crate::search::MemoKind::Code => "Code memo",
                crate::search::MemoKind::Coding => "Coding memo",
            };
            let title = if info.name.is_empty() {
                String::new()
            } else {
                format!(" “{}”", info.name)
            };
            match &info.attached_to {
                Some(on) if !on.is_empty() => format!("{kind}{title}, on {on}"),
                _ => format!("{kind}{title}"),
            }
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl SearchUi {
    /// Opens the box on `scope`, focused, with `text` if given (the selected words).
    pub fn start(&mut self, scope: Scope, text: Option<String>) {
        self.scope = scope;
        self.focus = true;
        self.active = true;
        if let Some(text) = text {
            self.text = text;
        }
    }

    /// Builds the index and keeps it up to date from now on (the suggestions read it).
    pub fn keep_index(&mut self) {
        self.active = true;
    }

    /// The last results, if the last query ran.
    pub fn found(&self) -> Option<&Found> {
        self.found.as_ref()
    }

    /// The last query's error, as said under the box.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// How many searches have run (tests: typing does not search per frame).
    pub fn runs(&self) -> u64 {
        self.runs
    }

    /// The index, when it reflects the current data.
    pub(super) fn current_index(&self) -> Option<Arc<SearchIndex>> {
        self.index
            .as_ref()
            .filter(|(_, key)| *key == self.wanted_key)
            .map(|(ix, _)| ix.clone())
    }

    /// Forgets the project's index and results (another project was opened).
    pub fn reset(&mut self) {
        *self = SearchUi {
            text: std::mem::take(&mut self.text),
            regex: self.regex,
            scope: self.scope,
            ..SearchUi::default()
        };
    }

    fn wanted_query(&self) -> Option<Query> {
        let text = self.text.trim();
        if text.is_empty() {
            return None;
        }
        let within = match (self.scope, self.document) {
            (Scope::Document, Some(d)) => Within::Document(d),
            _ => Within::All,
        };
        Some(Query {
            text: self.text.clone(),
            mode: if self.regex { Mode::Regex } else { Mode::Words },
            within,
        })
    }

    /// Takes finished work and starts what is due: (re)indexing when the data moved, a search
    /// when the query or the index changed. Never blocks.
    fn step(&mut self) {
        if let Some((rx, key)) = &self.indexing {
            let key = *key;
            match rx.try_recv() {
                Ok(outcome) => {
                    self.indexing = None;
                    self.index_done(outcome, key);
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    self.indexing = None;
                    self.index_done(Err("the indexing stopped unexpectedly".into()), key);
                }
            }
        }
        if let Some((rx, _, _)) = &self.searching {
            match rx.try_recv() {
                Ok(outcome) => {
                    self.searching = None;
                    self.search_done(outcome);
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    self.searching = None;
                    self.error = Some("the search stopped unexpectedly".into());
                }
            }
        }
        self.start_due();
    }

    fn index_done(&mut self, outcome: IndexOutcome, key: IndexKey) {
        match outcome {
            Ok(index) => {
                self.index = Some((Arc::new(index), key));
                self.index_failed = None;
            }
            Err(e) => self.index_failed = Some((e, key)),
        }
    }

    fn search_done(&mut self, outcome: SearchOutcome) {
        self.generation += 1;
        self.current = None;
        self.shown = PAGE;
        match outcome {
            Ok(found) => {
                self.found = Some(found);
                self.error = None;
            }
            Err(e) => {
                // Never an empty list that pretends nothing matched.
                self.found = None;
                self.error = Some(e.to_string());
            }
        }
    }

    fn start_due(&mut self) {
        if !self.active {
            return;
        }
        let Some(path) = self.project_path.clone() else {
            return;
        };
        let want = self.wanted_key;
        let fresh = self.index.as_ref().is_some_and(|(_, k)| *k == want);
        let failed = self.index_failed.as_ref().is_some_and(|(_, k)| *k == want);
        if !fresh && !failed && self.indexing.is_none() && self.searching.is_none() {
            // Refresh the index in place when nothing else holds it (the autocode dialog or a
            // ranking may); else build a new one, keeping the old until it is ready.
            let old = match self.index.take() {
                Some((arc, key)) => match Arc::try_unwrap(arc) {
                    Ok(index) => Some(index),
                    Err(arc) => {
                        self.index = Some((arc, key));
                        None
                    }
                },
                None => None,
            };
            let (tx, rx) = channel();
            let ctx = self.ctx.clone();
            let spawned = std::thread::Builder::new()
                .name("search-index".into())
                .spawn(move || {
                    let outcome = index_project(&path, old);
                    let _ = tx.send(outcome);
                    if let Some(ctx) = ctx {
                        ctx.request_repaint();
                    }
                });
            match spawned {
                Ok(_) => self.indexing = Some((rx, want)),
                Err(e) => self.index_failed = Some((format!("cannot start indexing ({e})"), want)),
            }
            return;
        }
        let Some(query) = self.wanted_query() else {
            if self.found.is_some() || self.error.is_some() {
                self.found = None;
                self.error = None;
                self.searched = None;
                self.generation += 1;
            }
            return;
        };
        if !fresh || self.searching.is_some() {
            return;
        }
        if self
            .searched
            .as_ref()
            .is_some_and(|(q, k)| *q == query && *k == want)
        {
            return;
        }
        let Some(index) = self.index.as_ref().map(|(ix, _)| ix.clone()) else {
            return;
        };
        let (tx, rx) = channel();
        let ctx = self.ctx.clone();
        let q = query.clone();
        let spawned = std::thread::Builder::new()
            .name("search".into())
            .spawn(move || {
                let outcome = run_search(&index, q);
                let _ = tx.send(outcome);
                if let Some(ctx) = ctx {
                    ctx.request_repaint();
                }
            });
        if spawned.is_ok() {
            self.runs += 1;
            self.searched = Some((query.clone(), want));
            self.searching = Some((rx, query, want));
        }
    }

    /// Waits for indexing and searching to finish (tests; the window never waits).
    pub fn settle(&mut self) {
        loop {
            self.start_due();
            if let Some((rx, key)) = self.indexing.take() {
                let outcome = rx
                    .recv()
                    .unwrap_or_else(|_| Err("the indexing stopped unexpectedly".into()));
                self.index_done(outcome, key);
            } else if let Some((rx, _, _)) = self.searching.take() {
                match rx.recv() {
                    Ok(outcome) => self.search_done(outcome),
                    Err(_) => self.error = Some("the search stopped unexpectedly".into()),
                }
            } else {
                return;
            }
        }
    }

    /// Whether work is under way (the tab shows a spinner).
    fn busy(&self) -> bool {
        self.indexing.is_some() || self.searching.is_some()
    }

    /// Document hits of the results, with their place in `results.hits()`.
    fn document_hits(&self) -> Vec<(usize, DocumentId, TextRange)> {
        let Some(found) = &self.found else {
            return Vec::new();
        };
        found
            .results
            .hits()
            .iter()
            .enumerate()
            .filter_map(|(i, h)| match (h.source, h.field) {
                (Source::Document(d), Field::Text) => Some((i, d, h.range)),
                _ => None,
            })
            .collect()
    }

    /// The next (or previous) document hit after the one shown last, or else after the caret
    /// in the open document; wraps around.
    fn step_hit(
        &mut self,
        forward: bool,
        open: Option<DocumentId>,
        caret: Option<usize>,
    ) -> Option<(DocumentId, TextRange)> {
        let hits = self.document_hits();
        if hits.is_empty() {
            return None;
        }
        let n = hits.len();
        let at = match self
            .current
            .and_then(|c| hits.iter().position(|(i, ..)| *i == c))
        {
            Some(k) if forward => (k + 1) % n,
            Some(k) => (k + n - 1) % n,
            None => {
                let in_open: Vec<usize> = (0..n).filter(|&k| Some(hits[k].1) == open).collect();
                let caret = caret.unwrap_or(0);
                if forward {
                    in_open
                        .iter()
                        .copied()
                        .find(|&k| hits[k].2.start >= caret)
                        .or_else(|| in_open.first().copied())
                        .unwrap_or(0)
                } else {
                    in_open
                        .iter()
                        .rev()
                        .copied()
                        .find(|&k| hits[k].2.start < caret)
                        .or_else(|| in_open.last().copied())
                        .unwrap_or(n - 1)
                }
            }
        };
        let (i, d, range) = hits[at];
        self.current = Some(i);
        Some((d, range))
    }

    /// The hit ranges of one document, for the reading view, when they changed since the last
    /// call.
    fn highlights_for(&mut self, document: Option<DocumentId>) -> Option<Vec<TextRange>> {
        let key = (document, self.generation);
        if self.highlighted == Some(key) {
            return None;
        }
        self.highlighted = Some(key);
        let ranges = match (&self.found, document) {
            (Some(found), Some(d)) => found
                .results
                .in_document(d)
                .iter()
                .filter(|h| h.field == Field::Text)
                .map(|h| h.range)
                .collect(),
            _ => Vec::new(),
        };
        Some(ranges)
    }

    /// The search tab: the box, what is wrong with the query or how many hits, then the hits.
    fn ui(&mut self, ui: &mut Ui, document_open: bool, out: &mut Vec<Command>) -> bool {
        let mut autocode = false;
        let mut enter = false;
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Search for");
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut self.text)
                        .hint_text("words, \"a phrase\", teach*, AND OR NOT")
                        .desired_width(220.0),
                )
                .labelled_by(label.id);
            if self.focus {
                response.request_focus();
                self.focus = false;
            }
            if response.has_focus() || response.changed() {
                self.active = true;
            }
            enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.checkbox(&mut self.regex, "Regular expression")
                .on_hover_text("Read the box as a regular expression (case-insensitive).");
            ui.add_enabled_ui(document_open, |ui| {
                ui.radio_value(&mut self.scope, Scope::Document, "This document");
            });
            ui.radio_value(&mut self.scope, Scope::Project, "Whole project")
                .on_hover_text("Every document and every memo");
            let hits = self.document_hits().len();
            if ui
                .add_enabled(hits > 0, egui::Button::new("Autocode…"))
                .on_hover_text(
                    "Apply a code to these hits, or to the sentences or paragraphs around them",
                )
                .clicked()
            {
                autocode = true;
            }
        });
        if enter {
            out.push(Command::Action(super::Action::NextHit));
            self.focus = true;
        }
        let weak = theme::secondary(ui.visuals());
        if let Some(error) = &self.error {
            ui.colored_label(theme::error(ui.visuals()), error);
            return autocode;
        }
        if let Some((error, _)) = &self.index_failed {
            ui.colored_label(
                theme::error(ui.visuals()),
                format!("cannot read the project to search it: {error}"),
            );
            return autocode;
        }
        let Some(found) = &self.found else {
            if self.busy() {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Searching…");
                });
            } else {
                ui.label(
                    egui::RichText::new(
                        "Type words, \"a phrase\", a prefix such as teach*, or combine them with AND, OR and NOT (in capitals). Case and accents do not matter.",
                    )
                    .color(weak),
                );
            }
            return autocode;
        };
        let results = &found.results;
        let documents = results
            .groups()
            .iter()
            .filter(|g| matches!(g.source, Source::Document(_)))
            .count();
        let memos = results.groups().len() - documents;
        ui.horizontal(|ui| {
            let mut summary = format!(
                "{} in {}",
                plural(results.len(), "hit", "hits"),
                plural(documents, "document", "documents")
            );
            if memos > 0 {
                let _ = write!(summary, " and {}", plural(memos, "memo", "memos"));
            }
            ui.label(egui::RichText::new(summary).strong());
            if self.busy() {
                ui.spinner();
            }
            if !results.is_empty() {
                ui.label(egui::RichText::new("F3 / Shift+F3: next / previous hit").color(weak));
            }
        });
        if results.is_empty() {
            ui.label(
                egui::RichText::new(
                    "Nothing matches. Try fewer words, or a prefix such as teach*.",
                )
                .color(weak),
            );
            return autocode;
        }
        let shown = self.shown.max(PAGE).min(found.kwic.len());
        let mut more = false;
        let mut clicked = None;
        egui::ScrollArea::vertical()
            .id_salt("search-results")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                // Groups are consecutive runs of `results.hits()`: `i` counts through it.
                let mut i = 0usize;
                'groups: for group in results.groups() {
                    let info = found.infos.get(&group.source);
                    ui.add_space(4.0);
                    ui.label(
                        egui::RichText::new(format!(
                            "{} · {}",
                            heading(info),
                            plural(group.count, "hit", "hits")
                        ))
                        .strong(),
                    );
                    for hit in results.hits_of(group) {
                        if i >= shown {
                            break 'groups;
                        }
                        let Some(kwic) = found.kwic.get(i) else {
                            break 'groups;
                        };
                        if hit_ui(ui, i, hit, kwic, info, self.current == Some(i), out) {
                            clicked = Some(i);
                        }
                        i += 1;
                    }
                }
                if shown < results.len() {
                    let listed = found.kwic.len();
                    if shown < listed {
                        more = ui
                            .button(format!("Show {} more", (listed - shown).min(PAGE)))
                            .clicked();
                    } else {
                        ui.label(
                            egui::RichText::new(format!(
                                "… and {} more hits not listed; narrow the search to see them.",
                                results.len() - listed
                            ))
                            .color(weak),
                        );
                    }
                }
            });
        if clicked.is_some() {
            self.current = clicked;
        }
        if more {
            self.shown = shown + PAGE;
        }
        autocode
    }
}

/// One hit in context; a click shows it in its document.
fn hit_ui(
    ui: &mut Ui,
    i: usize,
    hit: &Hit,
    kwic: &Kwic,
    info: Option<&SourceInfo>,
    current: bool,
    out: &mut Vec<Command>,
) -> bool {
    let response = ui
        .horizontal(|ui| {
            ui.add_space(12.0);
            let marker = if current { "▶" } else { " " };
            ui.label(egui::RichText::new(marker).color(theme::secondary(ui.visuals())));
            let job = kwic_job(kwic, ui);
            BidiLabel::new(job, Direction::Auto, Fit::Lines(2))
                .sense(Sense::click())
                .show(ui)
        })
        .inner;
    let name = info.map_or("?", |i| i.name.as_str());
    let reader_name = format!("Hit {} in {name}: {}", i + 1, kwic.text);
    // A link for screen readers (and tests), named by its hit rather than its context.
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_role(egui::accesskit::Role::Link);
        node.set_label(reader_name);
    });
    let target = match hit.source {
        Source::Document(d) => Some(Command::ShowPassage(d, hit.range)),
        Source::Card(code) => Some(Command::SelectCode(Some(code))),
        _ => info.and_then(|i| i.document).map(Command::OpenDocument),
    };
    let response = match (&target, hit.source) {
        (Some(_), Source::Document(_)) => {
            response.on_hover_text("Show this passage in its document")
        }
        (Some(_), Source::Card(_)) => {
            response.on_hover_text("Show this code's card in the inspector")
        }
        (Some(_), _) => response.on_hover_text("Open the document this memo is on"),
        (None, _) => response,
    };
    if response.clicked()
        && let Some(command) = target
    {
        out.push(command);
        return true;
    }
    false
}

/// Builds the project's index, or brings `old` up to date, through a read-only connection.
fn index_project(path: &std::path::Path, old: Option<SearchIndex>) -> IndexOutcome {
    let store = crate::store::Store::open_read_only(path).map_err(|e| e.to_string())?;
    match old {
        Some(mut index) => {
            index.refresh(&store).map_err(|e| e.to_string())?;
            Ok(index)
        }
        None => SearchIndex::open(&store).map_err(|e| e.to_string()),
    }
}

fn run_search(index: &SearchIndex, query: Query) -> SearchOutcome {
    let results = index.search(&query)?;
    let kwic = results
        .hits()
        .iter()
        .take(MAX_LISTED)
        .map(|h| {
            index.kwic(h, CONTEXT).unwrap_or(Kwic {
                before: String::new(),
                text: String::new(),
                after: String::new(),
            })
        })
        .collect();
    let infos = results
        .groups()
        .iter()
        .filter_map(|g| index.source_info(g.source).map(|i| (g.source, i.clone())))
        .collect();
    Ok(Found {
        query,
        results,
        kwic,
        infos,
    })
}

impl Workbench {
    /// Each frame: keeps the index and the results up to date (never waiting), and gives the
    /// reading view the open document's hits.
    pub(super) fn search_frame(&mut self, ctx: &egui::Context) {
        let search = &mut self.search_ui;
        search.ctx = Some(ctx.clone());
        search.project_path = self.project.as_ref().map(|p| p.store().path().to_owned());
        search.wanted_key = index_key(&self.versions);
        search.document = self.model.as_ref().map(|m| m.id);
        search.step();
        if search.busy() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        if let Some(ranges) = search.highlights_for(search.document) {
            self.view.set_highlights(ranges);
        }
    }

    /// Ctrl+F (`whole_project` false) and Ctrl+Shift+F: the Search tab, its box focused, the
    /// selected words (if short) in it.
    pub(super) fn start_search(&mut self, whole_project: bool) {
        let selected = self
            .model
            .as_ref()
            .zip(self.view.selected_range())
            .map(|(m, r)| m.slice(r).trim().to_owned())
            .filter(|s| !s.is_empty() && s.chars().count() <= 80 && !s.contains('\n'));
        let scope = if whole_project || self.model.is_none() {
            Scope::Project
        } else {
            Scope::Document
        };
        self.search_ui.start(scope, selected);
        self.bottom = Some(BottomTab::Search);
    }

    /// F3 / Shift+F3: selects the next or previous hit, opening its document; with no results,
    /// opens the search box.
    pub(super) fn step_search_hit(&mut self, forward: bool) {
        let open = self.model.as_ref().map(|m| m.id);
        let caret = self.view.selection.map(|s| s.cursor);
        match self.search_ui.step_hit(forward, open, caret) {
            Some((document, range)) => {
                self.commands.push(Command::ShowPassage(document, range));
            }
            None if self.search_ui.found.is_some() => {
                self.notify("No hits in documents to step through.");
            }
            None => self.start_search(self.model.is_none()),
        }
    }

    /// The Search tab (and the autocode dialog it opens).
    pub(super) fn search_tab_ui(&mut self, ui: &mut Ui) {
        // The tab keeps the area's height while it has little to show (the first frames).
        ui.set_min_height(ui.available_height());
        let document_open = self.model.is_some();
        let autocode = self.search_ui.ui(ui, document_open, &mut self.commands);
        if autocode
            && let Some(found) = &self.search_ui.found
            && let Some(index) = self.search_ui.current_index()
        {
            self.search_ui.autocode = Some(AutocodeDialog::new(found, index, self.selected_code));
        }
    }
}
