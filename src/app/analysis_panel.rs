//! The analysis area (the "Analysis" tab of the bottom area): code frequencies, the code ×
//! document / case / attribute-value matrix with heat shading, code co-occurrence, and word
//! frequencies with keywords in context. Each view is computed on a worker through a read-only
//! connection of its own and kept until what it reads changes; a cell, a row or a pair opens
//! its excerpts in the retrieval tab; every table can be saved as CSV or XLSX.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::{Color32, RichText, Sense, Ui};

use super::attribute_editor::{AttributeEditor, AttributeGrid};
use super::bidi_label::{BidiLabel, Fit};
use super::charts::{NetworkClick, NetworkView, bar_chart_ui, connected};
use super::disagreement_panel::{Navigator, navigator_ui};
use super::{Command, theme};
use crate::analysis::Corpus;
use crate::analysis::cooccurrence::{self, CoOccurrence, Proximity};
use crate::analysis::disagreements::{Disagreements, disagreements};
use crate::analysis::frequencies::{self, Frequencies, FrequencyColumn};
use crate::analysis::matrix::{self, Columns, Count, Matrix, MatrixSpec};
use crate::analysis::table::Table;
use crate::analysis::words::{self, KwicLine, StopWords, TextChoice, WordFrequencies};
use crate::domain::{AttributeId, AttributeScope, CoderId};
use crate::project::Project;
use crate::retrieval::Restriction;

/// Which view the tab shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Codings, documents, cases and share of text per code.
    Frequencies,
    /// Codes × documents, cases or values of an attribute.
    Matrix,
    /// Codes × codes.
    Cooccurrence,
    /// Word counts and keywords in context.
    Words,
    /// Intercoder agreement of chosen coders.
    Agreement,
    /// The places where two coders differ, to resolve one by one.
    Disagreements,
    /// Documents (or cases) × attributes, edited like a spreadsheet.
    Attributes,
}

impl View {
    const ALL: [View; 7] = [
        View::Frequencies,
        View::Matrix,
        View::Cooccurrence,
        View::Words,
        View::Agreement,
        View::Disagreements,
        View::Attributes,
    ];

    fn title(self) -> &'static str {
        match self {
            View::Frequencies => "Frequencies",
            View::Matrix => "Matrix",
            View::Cooccurrence => "Co-occurrence",
            View::Words => "Words",
            View::Agreement => "Agreement",
            View::Disagreements => "Disagreements",
            View::Attributes => "Attributes",
        }
    }
}

/// A word's occurrences, or why they could not be found.
type Found = Result<Vec<KwicLine>, String>;

/// The versions of what a view reads (documents, codes, codings, attributes and cases).
pub type DataKey = (u64, u64, u64, u64);

/// Everything a computed view depends on.
#[derive(Debug, Clone, PartialEq)]
struct Spec {
    view: View,
    subcodes: bool,
    columns: Columns,
    count: Count,
    by: Proximity,
    /// Coders compared (agreement view).
    coders: Vec<CoderId>,
    /// Segments' minimum overlap in percent (agreement view).
    min_overlap: u32,
    /// Whose codings the other views count (empty: every coder's).
    counted: Vec<CoderId>,
    /// Documents' or cases' attributes (the attributes view).
    scope: AttributeScope,
    /// Only text whose attributes pass (the views that count codings or words).
    restrict: Restriction,
    /// The documents and codes whose words are counted (the words view).
    words: TextChoice,
    /// Words left out besides the built-in stop words, separated by commas or spaces.
    stop_extra: String,
    data: DataKey,
}

/// A computed view.
#[derive(Debug)]
pub enum Computed {
    /// Code frequencies.
    Frequencies(Frequencies),
    /// A matrix.
    Matrix(Matrix),
    /// Code co-occurrence.
    Cooccurrence(CoOccurrence),
    /// Word frequencies, with the corpus they were counted in (keywords in context are found
    /// in it without loading it again).
    Words(WordFrequencies, std::sync::Arc<Corpus>),
    /// Intercoder agreement.
    Agreement(Box<crate::analysis::agreement::Report>),
    /// Where two coders differ.
    Disagreements(Box<Disagreements>),
    /// The attributes table.
    Attributes(AttributeGrid),
}

impl Computed {
    /// The view as a table (what the CSV and XLSX exports write).
    pub fn to_table(&self) -> Table {
        match self {
            Computed::Frequencies(f) => f.to_table(),
            Computed::Matrix(m) => m.to_table(),
            Computed::Cooccurrence(c) => c.to_table(),
            Computed::Words(w, _) => w.to_table(),
            Computed::Agreement(r) => agreement_table(r),
            Computed::Disagreements(d) => disagreements_table(d),
            Computed::Attributes(g) => g.to_table(),
        }
    }
}

/// The state of the analysis tab.
pub struct AnalysisUi {
    /// The view shown.
    pub view: View,
    subcodes: bool,
    columns: Columns,
    count: Count,
    by: Proximity,
    /// Coders chosen for the agreement view.
    coders: Vec<CoderId>,
    min_overlap: u32,
    /// Whose codings the other views count (empty: every coder's).
    counted: Vec<CoderId>,
    /// Every coder of the project, with their names.
    all_coders: Vec<(CoderId, String)>,
    /// Attributes for the matrix's columns, with their names.
    attributes: Vec<(AttributeId, String)>,
    attributes_key: Option<DataKey>,
    result: Option<(Spec, Result<Computed, String>)>,
    job: Option<(Spec, Receiver<Result<Computed, String>>)>,
    /// The word whose occurrences are listed, with them.
    /// `None` while they are being found.
    kwic: Option<(String, Option<Found>)>,
    /// Finding a word's occurrences on a worker.
    kwic_job: Option<Receiver<Result<Vec<KwicLine>, String>>>,
    /// Where the disagreement navigator stands.
    pub navigator: Navigator,
    /// The views shown as a chart: frequencies and the matrix as a bar chart rather than a
    /// table, co-occurrence as a network rather than a matrix.
    charted: Vec<View>,
    /// Which bar chart of the matrix.
    matrix_chart: MatrixChart,
    /// The co-occurrence network's layout and dragging.
    pub network: NetworkView,
    /// The attributes table's cursor and editing.
    pub attribute_editor: AttributeEditor,
    /// The documents and codes whose words the words view counts.
    words: TextChoice,
    /// Words to leave out besides the built-in lists: as applied, and as being typed.
    stop_extra: String,
    stop_typed: String,
    /// Every document and code, for the words view's choices.
    documents: Vec<(crate::domain::DocumentId, String)>,
    codes: Vec<(crate::domain::CodeId, String)>,
    /// How the frequencies table is sorted (column, descending), and a heading clicked.
    frequency_sort: Option<(FrequencyColumn, bool)>,
    sort_request: Option<FrequencyColumn>,
    /// The restriction typed ("Only where …") and the one applied.
    where_text: String,
    restriction: Restriction,
}

/// Which bar chart the matrix view draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum MatrixChart {
    /// The column totals.
    #[default]
    Totals,
    /// One code's row.
    Row(usize),
    /// One column.
    Column(usize),
}

impl Default for AnalysisUi {
    fn default() -> Self {
        AnalysisUi {
            view: View::Matrix,
            subcodes: false,
            columns: Columns::Documents,
            count: Count::Codings,
            by: Proximity::Overlap,
            coders: Vec::new(),
            min_overlap: 90,
            counted: Vec::new(),
            all_coders: Vec::new(),
            attributes: Vec::new(),
            attributes_key: None,
            result: None,
            job: None,
            kwic: None,
            kwic_job: None,
            navigator: Navigator::default(),
            charted: Vec::new(),
            matrix_chart: MatrixChart::default(),
            network: NetworkView::default(),
            attribute_editor: AttributeEditor::default(),
            words: TextChoice::default(),
            stop_extra: String::new(),
            stop_typed: String::new(),
            documents: Vec::new(),
            codes: Vec::new(),
            frequency_sort: None,
            sort_request: None,
            where_text: String::new(),
            restriction: Restriction::default(),
        }
    }
}

/// Words listed in the words view.
const TOP_WORDS: usize = 200;
/// Characters of context on each side of a keyword.
const KWIC_WIDTH: usize = 50;

fn compute(project_path: &Path, spec: &Spec) -> Result<Computed, String> {
    let project = Project::open_read_only(project_path).map_err(|e| e.to_string())?;
    let restriction = spec.restrict.clone();
    let err = |e: crate::analysis::AnalysisError| e.to_string();
    Ok(match spec.view {
        View::Frequencies => {
            let corpus = Corpus::load_by_coders(&project, &restriction, &spec.counted, false)
                .map_err(err)?;
            Computed::Frequencies(frequencies::frequencies(&corpus, spec.subcodes))
        }
        View::Matrix => {
            let corpus = Corpus::load_by_coders(&project, &restriction, &spec.counted, false)
                .map_err(err)?;
            let m = matrix::matrix(
                &corpus,
                &MatrixSpec {
                    columns: spec.columns,
                    count: spec.count,
                    subcodes: spec.subcodes,
                },
            )
            .map_err(err)?;
            Computed::Matrix(m)
        }
        View::Cooccurrence => {
            // Paragraphs are found in the texts.
            let texts = spec.by == Proximity::Paragraph;
            let corpus = Corpus::load_by_coders(&project, &restriction, &spec.counted, texts)
                .map_err(err)?;
            Computed::Cooccurrence(cooccurrence::cooccurrence(&corpus, spec.by).map_err(err)?)
        }
        View::Agreement => {
            if spec.coders.len() < 2 {
                return Err("Choose two or more coders to compare.".to_owned());
            }
            let selection = crate::analysis::agreement::Selection {
                coders: spec.coders.clone(),
                codes: Vec::new(),
                documents: Vec::new(),
                min_overlap: f64::from(spec.min_overlap),
            };
            let report = crate::analysis::agreement::report(project.store(), &selection)
                .map_err(|e| e.to_string())?;
            Computed::Agreement(Box::new(report))
        }
        View::Attributes => Computed::Attributes(
            AttributeGrid::load(&project, spec.scope).map_err(|e| e.to_string())?,
        ),
        View::Disagreements => {
            let (Some(&a), Some(&b)) = (spec.coders.first(), spec.coders.get(1)) else {
                return Err("Choose two coders to compare.".to_owned());
            };
            let codebook = project.codebook().map_err(|e| e.to_string())?;
            let found = disagreements(project.store(), &codebook, (a, b), &[])
                .map_err(|e| e.to_string())?;
            Computed::Disagreements(Box::new(found))
        }
        View::Words => {
            let corpus =
                Corpus::load_by_coders(&project, &restriction, &spec.counted, true).map_err(err)?;
            let mut stop = StopWords::builtin(&[
                words::Language::English,
                words::Language::Russian,
                words::Language::Kazakh,
            ]);
            stop.extend(
                spec.stop_extra
                    .split([',', ' ', ';'])
                    .map(str::trim)
                    .filter(|w| !w.is_empty()),
            );
            Computed::Words(
                words::word_frequencies(&corpus, &spec.words, &stop).map_err(err)?,
                std::sync::Arc::new(corpus),
            )
        }
    })
}

/// A code's row label: its name, indented by its depth, its path on hover.
fn code_label(ui: &mut Ui, path: &str, depth: usize) {
    let name = path.rsplit('/').next().unwrap_or(path);
    ui.label(format!("{}{name}", "    ".repeat(depth)))
        .on_hover_text(path);
}

/// Heat-map shading of a cell holding `value` of at most `max`.
fn heat(ui: &Ui, value: u64, max: u64) -> Color32 {
    if value == 0 || max == 0 {
        return Color32::TRANSPARENT;
    }
    let share = (value as f32 / max as f32).clamp(0.0, 1.0);
    let base = ui.visuals().selection.bg_fill;
    let alpha = 30.0 + 170.0 * share;
    Color32::from_rgba_unmultiplied(base.r(), base.g(), base.b(), alpha as u8)
}

impl AnalysisUi {
    fn spec(&self, data: DataKey) -> Spec {
        Spec {
            view: self.view,
            subcodes: self.subcodes,
            columns: self.columns,
            count: self.count,
            by: self.by,
            coders: self.coders.clone(),
            min_overlap: self.min_overlap,
            counted: self.counted.clone(),
            scope: self.attribute_editor.scope,
            restrict: self.restriction.clone(),
            words: self.words.clone(),
            stop_extra: self.stop_extra.clone(),
            data,
        }
    }

    /// Starts computing the view when what it shows or reads changed, and takes a finished
    /// computation.
    pub fn refresh(&mut self, ctx: &egui::Context, project: &Project, data: DataKey) {
        if let Some(rx) = &self.kwic_job {
            let done = match rx.try_recv() {
                Ok(lines) => Some(lines),
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => {
                    Some(Err("the search stopped unexpectedly".into()))
                }
            };
            if let Some(lines) = done {
                if let Some((_, found)) = &mut self.kwic {
                    *found = Some(lines);
                }
                self.kwic_job = None;
            }
        }
        if self.attributes_key != Some(data) {
            self.attributes = project
                .store()
                .attributes()
                .map(|all| {
                    all.into_iter()
                        .map(|a| {
                            let scope = match a.scope {
                                AttributeScope::Documents => "documents",
                                AttributeScope::Cases => "cases",
                            };
                            (a.id, format!("{} ({scope})", a.name))
                        })
                        .collect()
                })
                .unwrap_or_default();
            self.documents = project
                .store()
                .document_summaries()
                .map(|all| all.into_iter().map(|d| (d.id, d.name)).collect())
                .unwrap_or_default();
            self.codes = project
                .codebook()
                .map(|all| all.into_iter().map(|e| (e.code.id, e.path)).collect())
                .unwrap_or_default();
            self.all_coders = project
                .store()
                .coders()
                .map(|all| all.into_iter().map(|c| (c.id, c.name)).collect())
                .unwrap_or_default();
            self.coders
                .retain(|c| self.all_coders.iter().any(|(k, _)| k == c));
            if self.coders.is_empty() && self.all_coders.len() >= 2 {
                self.coders = self.all_coders.iter().take(2).map(|(k, _)| *k).collect();
            }
            self.attributes_key = Some(data);
            if let Columns::Attribute(id) = self.columns
                && !self.attributes.iter().any(|(a, _)| *a == id)
            {
                self.columns = Columns::Documents;
            }
        }
        if let Some((spec, rx)) = &self.job {
            match rx.try_recv() {
                Ok(mut outcome) => {
                    if let (Ok(Computed::Frequencies(f)), Some((by, descending))) =
                        (&mut outcome, self.frequency_sort)
                    {
                        f.sort(by, descending);
                    }
                    self.result = Some((spec.clone(), outcome));
                    self.job = None;
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    self.result = Some((
                        spec.clone(),
                        Err("the analysis stopped unexpectedly".into()),
                    ));
                    self.job = None;
                }
            }
        }
        let spec = self.spec(data);
        let current = self.result.as_ref().is_some_and(|(s, _)| *s == spec)
            || self.job.as_ref().is_some_and(|(s, _)| *s == spec);
        if !current {
            let (tx, rx) = channel();
            let path: PathBuf = project.store().path().to_owned();
            let ctx = ctx.clone();
            let work = spec.clone();
            let spawned = std::thread::Builder::new()
                .name("analysis".into())
                .spawn(move || {
                    let _ = tx.send(compute(&path, &work));
                    ctx.request_repaint();
                });
            match spawned {
                Ok(_) => self.job = Some((spec, rx)),
                Err(e) => self.result = Some((spec, Err(format!("cannot start ({e})")))),
            }
        }
    }

    /// Waits for a running computation (tests).
    pub fn wait(&mut self) {
        if let Some(rx) = self.kwic_job.take() {
            let lines = rx
                .recv()
                .unwrap_or_else(|_| Err("the search stopped unexpectedly".into()));
            if let Some((_, found)) = &mut self.kwic {
                *found = Some(lines);
            }
        }
        if let Some((spec, rx)) = self.job.take() {
            let outcome = rx
                .recv()
                .unwrap_or_else(|_| Err("the analysis stopped unexpectedly".into()));
            self.result = Some((spec, outcome));
        }
    }

    /// The view computed last, if it is the one shown.
    pub fn computed(&self) -> Option<&Computed> {
        match &self.result {
            Some((spec, Ok(c))) if spec.view == self.view => Some(c),
            _ => None,
        }
    }

    /// Shows `view`.
    pub fn show(&mut self, view: View) {
        self.view = view;
    }

    /// Shows the view as a chart (frequencies, matrix) or a network (co-occurrence), or as a
    /// table.
    pub fn show_chart(&mut self, on: bool) {
        self.charted.retain(|v| *v != self.view);
        if on {
            self.charted.push(self.view);
        }
    }

    /// Draws the tab. Commands (open excerpts, open a passage, save a table) go to `out`.
    pub fn ui(&mut self, ui: &mut Ui, out: &mut Vec<Command>) {
        if let Some(column) = self.sort_request.take() {
            // Again on the same heading: the other way; counts first from the largest.
            let descending = match self.frequency_sort {
                Some((c, d)) if c == column => !d,
                _ => column != FrequencyColumn::Code,
            };
            self.frequency_sort = Some((column, descending));
            if let Some((_, Ok(Computed::Frequencies(f)))) = &mut self.result {
                f.sort(column, descending);
            }
        }
        ui.horizontal_wrapped(|ui| {
            for v in View::ALL {
                if ui.selectable_label(self.view == v, v.title()).clicked() {
                    self.view = v;
                }
            }
            ui.separator();
            self.options_ui(ui, out);
            if matches!(
                self.view,
                View::Frequencies | View::Matrix | View::Cooccurrence
            ) {
                ui.separator();
                let (table, chart) = if self.view == View::Cooccurrence {
                    ("Matrix", "Network")
                } else {
                    ("Table", "Chart")
                };
                let mut on = self.charted.contains(&self.view);
                ui.selectable_value(&mut on, false, table);
                ui.selectable_value(&mut on, true, chart);
                self.charted.retain(|v| *v != self.view);
                if on {
                    self.charted.push(self.view);
                }
                if on && self.view == View::Matrix {
                    self.matrix_chart_choice(ui);
                }
            }
            ui.separator();
            let can_save = self.computed().is_some();
            for (label, format) in [
                (
                    "Save table as CSV…",
                    crate::analysis::table::TableFormat::Csv,
                ),
                (
                    "Save table as XLSX…",
                    crate::analysis::table::TableFormat::Xlsx,
                ),
            ] {
                if ui.add_enabled(can_save, egui::Button::new(label)).clicked() {
                    out.push(Command::SaveAnalysisTable(format));
                }
            }
            if self.charted.contains(&self.view)
                && matches!(
                    self.view,
                    View::Frequencies | View::Matrix | View::Cooccurrence
                )
            {
                for (label, format) in [
                    (
                        "Save chart as PNG…",
                        crate::analysis::chart::ChartFormat::Png,
                    ),
                    (
                        "Save chart as SVG…",
                        crate::analysis::chart::ChartFormat::Svg,
                    ),
                ] {
                    if ui.add_enabled(can_save, egui::Button::new(label)).clicked() {
                        out.push(Command::SaveAnalysisChart(format));
                    }
                }
            }
            if self.view == View::Agreement {
                for (label, format) in [
                    ("Save report as Word…", crate::export::Format::Docx),
                    ("Save report as HTML…", crate::export::Format::Html),
                ] {
                    if ui.add_enabled(can_save, egui::Button::new(label)).clicked() {
                        out.push(Command::SaveAgreement(format));
                    }
                }
            }
            if self.job.is_some() {
                ui.spinner();
            }
        });
        ui.separator();
        let Some((spec, outcome)) = &self.result else {
            ui.spinner();
            return;
        };
        if spec.view != self.view {
            ui.spinner();
            return;
        }
        let charted = self.charted.contains(&self.view);
        match outcome {
            Err(e) => {
                ui.colored_label(theme::error(ui.visuals()), e);
            }
            Ok(Computed::Frequencies(f)) if charted => bar_chart_ui(ui, &f.chart()),
            Ok(Computed::Frequencies(f)) => {
                self.sort_request = frequencies_ui(ui, f, self.frequency_sort, out);
            }
            Ok(Computed::Matrix(m)) if charted => {
                bar_chart_ui(ui, &matrix_chart(m, self.matrix_chart));
            }
            Ok(Computed::Matrix(m)) => matrix_ui(ui, m, out),
            Ok(Computed::Cooccurrence(c)) if charted => {
                ui.label(
                    RichText::new(format!(
                        "{} — drag a code to move it; click a line for the passages where both occur",
                        c.title
                    ))
                    .color(theme::secondary(ui.visuals())),
                );
                let whole = c.network();
                let (network, original) = connected(&whole);
                let alone = whole.nodes.len() - network.nodes.len();
                if alone > 0 {
                    ui.label(
                        RichText::new(format!(
                            "Not drawn: {} that occur with no other",
                            super::widgets::counted(alone, "code", "codes")
                        ))
                        .small()
                        .color(theme::secondary(ui.visuals())),
                    );
                }
                match self.network.ui(ui, &network) {
                    Some(NetworkClick::Edge(a, b)) => {
                        if let Some(q) = c.cell_query(original[a], original[b]) {
                            out.push(Command::ShowQuery(q));
                        }
                    }
                    Some(NetworkClick::Node(i)) => {
                        out.push(Command::RetrieveCode(network.nodes[i].code));
                    }
                    None => {}
                }
            }
            Ok(Computed::Cooccurrence(c)) => cooccurrence_ui(ui, c, out),
            Ok(Computed::Agreement(r)) => agreement_ui(ui, r),
            Ok(Computed::Disagreements(d)) => navigator_ui(ui, d, &mut self.navigator, out),
            Ok(Computed::Attributes(g)) => self.attribute_editor.ui(ui, g, out),
            Ok(Computed::Words(w, corpus)) => {
                let mut clicked = None;
                words_ui(ui, w, self.kwic.as_ref(), &mut clicked, out);
                if let Some(word) = clicked {
                    // Found on a worker in the corpus the counts came from.
                    let (tx, rx) = channel();
                    let corpus = std::sync::Arc::clone(corpus);
                    let ctx = ui.ctx().clone();
                    let wanted = word.clone();
                    // The text the counts were made from.
                    let choice = spec.words.clone();
                    let spawned =
                        std::thread::Builder::new()
                            .name("kwic".into())
                            .spawn(move || {
                                let lines = words::kwic(&corpus, &choice, &wanted, KWIC_WIDTH)
                                    .map_err(|e| e.to_string());
                                let _ = tx.send(lines);
                                ctx.request_repaint();
                            });
                    match spawned {
                        Ok(_) => {
                            self.kwic = Some((word, None));
                            self.kwic_job = Some(rx);
                        }
                        Err(e) => {
                            self.kwic = Some((word, Some(Err(format!("cannot start ({e})")))));
                        }
                    }
                }
            }
        }
    }

    fn options_ui(&mut self, ui: &mut Ui, out: &mut Vec<Command>) {
        let counts_codings = !matches!(
            self.view,
            View::Agreement | View::Disagreements | View::Attributes
        );
        if counts_codings && self.all_coders.len() >= 2 {
            self.counted_coders_ui(ui);
        }
        if counts_codings {
            out.extend(
                super::where_field::ui(ui, &mut self.where_text, "analysis-where")
                    .map(|t| Command::Where(super::where_field::WhereFor::Analysis, t)),
            );
        }
        match self.view {
            View::Frequencies => {
                ui.checkbox(&mut self.subcodes, "Count subcodes with their parent");
            }
            View::Matrix => {
                let columns_label = match self.columns {
                    Columns::Documents => "documents".to_owned(),
                    Columns::Cases => "cases".to_owned(),
                    Columns::Attribute(id) => self
                        .attributes
                        .iter()
                        .find(|(a, _)| *a == id)
                        .map_or_else(|| "an attribute".to_owned(), |(_, n)| n.clone()),
                };
                egui::ComboBox::from_label("as columns,")
                    .selected_text(columns_label)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.columns, Columns::Documents, "documents");
                        ui.selectable_value(&mut self.columns, Columns::Cases, "cases");
                        for (id, name) in &self.attributes {
                            ui.selectable_value(&mut self.columns, Columns::Attribute(*id), name);
                        }
                    });
                egui::ComboBox::from_label("counted")
                    .selected_text(self.count.label())
                    .show_ui(ui, |ui| {
                        for c in [Count::Codings, Count::Chars, Count::Documents, Count::Cases] {
                            ui.selectable_value(&mut self.count, c, c.label());
                        }
                    });
                ui.checkbox(&mut self.subcodes, "Subcodes with their parent");
            }
            View::Cooccurrence => {
                let label = match self.by {
                    Proximity::Overlap => "sharing text".to_owned(),
                    Proximity::Paragraph => "in the same paragraph".to_owned(),
                    Proximity::Window(n) => format!("within {n} characters"),
                };
                egui::ComboBox::from_label("count as together")
                    .selected_text(label)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.by, Proximity::Overlap, "sharing text");
                        ui.selectable_value(
                            &mut self.by,
                            Proximity::Paragraph,
                            "in the same paragraph",
                        );
                        ui.selectable_value(
                            &mut self.by,
                            Proximity::Window(200),
                            "within 200 characters",
                        );
                    });
            }
            View::Agreement => {
                ui.label("Coders:");
                for (id, name) in &self.all_coders {
                    let mut on = self.coders.contains(id);
                    if ui.checkbox(&mut on, name).changed() {
                        if on {
                            self.coders.push(*id);
                        } else {
                            self.coders.retain(|c| c != id);
                        }
                    }
                }
                ui.add(
                    egui::Slider::new(&mut self.min_overlap, 1..=100)
                        .text("% minimum overlap of segments"),
                );
            }
            View::Attributes => {
                let scope = &mut self.attribute_editor.scope;
                ui.selectable_value(scope, AttributeScope::Documents, "of documents");
                ui.selectable_value(scope, AttributeScope::Cases, "of cases");
            }
            View::Disagreements => {
                for (i, which) in ["Coder A", "Coder B"].into_iter().enumerate() {
                    let chosen = self.coders.get(i).copied();
                    let name = self
                        .all_coders
                        .iter()
                        .find(|(id, _)| Some(*id) == chosen)
                        .map_or("", |(_, n)| n.as_str());
                    egui::ComboBox::from_label(which)
                        .selected_text(name)
                        .show_ui(ui, |ui| {
                            for (id, n) in &self.all_coders {
                                if ui.selectable_label(chosen == Some(*id), n).clicked() {
                                    while self.coders.len() <= i {
                                        self.coders.push(*id);
                                    }
                                    self.coders[i] = *id;
                                }
                            }
                        });
                }
            }
            View::Words => self.words_options_ui(ui),
        }
    }

    /// The words view's choices: which documents, which codes' text, which words left out.
    fn words_options_ui(&mut self, ui: &mut Ui) {
        let docs_label = match self.words.documents.len() {
            0 => "All documents".to_owned(),
            n => super::widgets::counted(n, "document", "documents"),
        };
        ui.menu_button(docs_label, |ui| {
            for (id, name) in &self.documents {
                let mut on = self.words.documents.contains(id);
                if ui.checkbox(&mut on, name).changed() {
                    if on {
                        self.words.documents.push(*id);
                    } else {
                        self.words.documents.retain(|d| d != id);
                    }
                }
            }
            if ui.button("All documents").clicked() {
                self.words.documents.clear();
            }
        });
        let codes_label = match self.words.codes.len() {
            0 => "All text".to_owned(),
            n => format!(
                "Text coded with {}",
                super::widgets::counted(n, "code", "codes")
            ),
        };
        ui.menu_button(codes_label, |ui| {
            for (id, path) in &self.codes {
                let mut on = self.words.codes.contains(id);
                if ui.checkbox(&mut on, path).changed() {
                    if on {
                        self.words.codes.push(*id);
                    } else {
                        self.words.codes.retain(|c| c != id);
                    }
                }
            }
            ui.checkbox(&mut self.words.subcodes, "with subcodes");
            if ui.button("All text").clicked() {
                self.words.codes.clear();
            }
        });
        ui.label("Leave out, besides English, Russian and Kazakh stop words:");
        let response = ui.add(
            egui::TextEdit::singleline(&mut self.stop_typed)
                .hint_text("words, separated by commas")
                .desired_width(160.0),
        );
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Words to leave out")
        });
        // Counted again when the typing is done, not at every key.
        if response.lost_focus() {
            self.stop_extra.clone_from(&self.stop_typed);
        }
    }

    /// Whose codings the frequencies, matrix, co-occurrence and words views count.
    fn counted_coders_ui(&mut self, ui: &mut Ui) {
        let label = match self.counted.as_slice() {
            [] => "Coders: all".to_owned(),
            [one] => format!(
                "Coders: {}",
                self.all_coders
                    .iter()
                    .find(|(id, _)| id == one)
                    .map_or("?", |(_, n)| n.as_str())
            ),
            some => format!("Coders: {} of {}", some.len(), self.all_coders.len()),
        };
        ui.menu_button(label, |ui| {
            if ui.radio(self.counted.is_empty(), "All coders").clicked() {
                self.counted.clear();
            }
            ui.separator();
            for (id, name) in &self.all_coders {
                let mut on = self.counted.is_empty() || self.counted.contains(id);
                if ui.checkbox(&mut on, name).changed() {
                    if self.counted.is_empty() {
                        self.counted = self.all_coders.iter().map(|(c, _)| *c).collect();
                    }
                    if on {
                        self.counted.push(*id);
                    } else {
                        self.counted.retain(|c| c != id);
                    }
                    self.counted.sort_unstable_by_key(|c| c.0);
                    self.counted.dedup();
                    if self.counted.len() == self.all_coders.len() {
                        self.counted.clear();
                    }
                }
            }
        });
    }

    /// Only `coder`'s codings counted in the analysis views (blind coding's "mine"), or every
    /// coder's.
    pub fn count_only(&mut self, coder: Option<CoderId>) {
        self.counted = coder.into_iter().collect();
    }

    /// The agreement report shown, to save.
    pub fn agreement(&self) -> Option<&crate::analysis::agreement::Report> {
        match self.computed() {
            Some(Computed::Agreement(r)) => Some(r),
            _ => None,
        }
    }

    /// The places where the two chosen coders differ, when the navigator shows them.
    pub fn disagreements(&self) -> Option<&Disagreements> {
        match self.computed() {
            Some(Computed::Disagreements(d)) => Some(d),
            _ => None,
        }
    }

    /// The chart or network shown, as a title and an SVG document (what the PNG and SVG
    /// exports write); a network is settled first.
    pub fn chart_svg(&mut self) -> Option<(String, String)> {
        if !self.charted.contains(&self.view) {
            return None;
        }
        let matrix_chart_choice = self.matrix_chart;
        let computed = match &self.result {
            Some((spec, Ok(c))) if spec.view == self.view => c,
            _ => return None,
        };
        match computed {
            Computed::Frequencies(f) => {
                let chart = f.chart();
                Some((chart.title.clone(), chart.to_svg()))
            }
            Computed::Matrix(m) => {
                let chart = matrix_chart(m, matrix_chart_choice);
                Some((chart.title.clone(), chart.to_svg()))
            }
            Computed::Cooccurrence(c) => {
                let (network, _) = connected(&c.network());
                let layout = self.network.settled_layout(&network);
                Some((
                    format!("{} network", network.title),
                    network.to_svg(&layout),
                ))
            }
            _ => None,
        }
    }

    /// The matrix chart's choice: totals, a row or a column.
    fn matrix_chart_choice(&mut self, ui: &mut Ui) {
        let Some(Computed::Matrix(m)) = self.computed() else {
            return;
        };
        let label = |c: MatrixChart| match c {
            MatrixChart::Totals => "totals".to_owned(),
            MatrixChart::Row(r) => m
                .rows
                .get(r)
                .map_or_else(String::new, |row| format!("code: {}", row.path)),
            MatrixChart::Column(k) => m
                .columns
                .get(k)
                .map_or_else(String::new, |col| format!("column: {}", col.label)),
        };
        let mut choice = self.matrix_chart;
        egui::ComboBox::from_label("charted")
            .selected_text(label(choice))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut choice, MatrixChart::Totals, label(MatrixChart::Totals));
                for r in 0..m.rows.len() {
                    ui.selectable_value(
                        &mut choice,
                        MatrixChart::Row(r),
                        label(MatrixChart::Row(r)),
                    );
                }
                for k in 0..m.columns.len() {
                    ui.selectable_value(
                        &mut choice,
                        MatrixChart::Column(k),
                        label(MatrixChart::Column(k)),
                    );
                }
            });
        self.matrix_chart = choice;
    }

    /// Restricts the views that count codings or words to text whose attributes pass.
    pub fn restrict(&mut self, restriction: Restriction) {
        self.restriction = restriction;
    }

    /// Whether the attributes table has the keyboard (bare-key shortcuts wait).
    pub fn wants_keyboard(&self) -> bool {
        self.view == View::Attributes && self.attribute_editor.has_keyboard
    }

    /// The table of the view shown, to save.
    pub fn table(&self) -> Option<Table> {
        self.computed().map(Computed::to_table)
    }
}

/// A clickable count: its accessible name says what it counts.
fn count_cell(ui: &mut Ui, value: u64, fill: Color32, name: &str) -> bool {
    if value == 0 {
        let response = ui.label(RichText::new("·").color(theme::secondary(ui.visuals())));
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, name));
        return false;
    }
    let response = ui.add(
        egui::Button::new(RichText::new(value.to_string()))
            .fill(fill)
            .min_size(egui::vec2(44.0, 0.0)),
    );
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, name));
    response.clicked()
}

/// The columns of the frequencies table, as headed and as sorted.
const FREQUENCY_COLUMNS: [(&str, FrequencyColumn); 5] = [
    ("code", FrequencyColumn::Code),
    ("codings", FrequencyColumn::Codings),
    ("documents", FrequencyColumn::Documents),
    ("cases", FrequencyColumn::Cases),
    ("share of text", FrequencyColumn::Share),
];

/// The frequencies table; a click on a heading sorts by it (again: the other way). Returns
/// the heading clicked.
fn frequencies_ui(
    ui: &mut Ui,
    f: &Frequencies,
    sorted: Option<(FrequencyColumn, bool)>,
    out: &mut Vec<Command>,
) -> Option<FrequencyColumn> {
    let mut clicked = None;
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("frequencies").striped(true).show(ui, |ui| {
                for (h, column) in FREQUENCY_COLUMNS {
                    let mark = match sorted {
                        Some((c, true)) if c == column => " ▼",
                        Some((c, false)) if c == column => " ▲",
                        _ => "",
                    };
                    if ui
                        .add(
                            egui::Button::new(RichText::new(format!("{h}{mark}")).strong())
                                .frame(false),
                        )
                        .on_hover_text(format!("Sort by {h}"))
                        .clicked()
                    {
                        clicked = Some(column);
                    }
                }
                ui.end_row();
                for (i, row) in f.rows.iter().enumerate() {
                    code_label(ui, &row.path, row.depth);
                    if count_cell(
                        ui,
                        row.codings as u64,
                        Color32::TRANSPARENT,
                        &format!("{}: {} codings", row.path, row.codings),
                    ) && let Some(q) = f.row_query(i)
                    {
                        out.push(Command::ShowQuery(q));
                    }
                    ui.label(row.documents.to_string());
                    ui.label(row.cases.to_string());
                    ui.label(format!("{:.1} %", row.share * 100.0));
                    ui.end_row();
                }
            });
        });
    clicked
}

/// A child ui filling `rect`, its contents from the top left.
fn left_aligned(rect: egui::Rect) -> egui::UiBuilder {
    egui::UiBuilder::new()
        .max_rect(rect)
        .layout(egui::Layout::top_down(egui::Align::Min))
}

/// Adds `widget` in `rect`, at its left (`Ui::put` would centre it).
fn put_left(ui: &mut Ui, rect: egui::Rect, widget: impl egui::Widget) -> egui::Response {
    ui.scope_builder(left_aligned(rect), |ui| ui.add(widget))
        .inner
}

/// The matrix as a table that lays out only the rows and columns in view (a project of a
/// thousand documents makes tens of thousands of cells): code names on the left, a column per
/// document, case or value, totals last; each count opens its excerpts.
fn matrix_ui(ui: &mut Ui, m: &Matrix, out: &mut Vec<Command>) {
    const LABEL: f32 = 220.0;
    const CELL: f32 = 130.0;
    ui.label(RichText::new(&m.title).color(theme::secondary(ui.visuals())));
    let row_height = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    // Header, one row per code, totals.
    let rows = m.rows.len() + 2;
    // Code names, one column per column of the matrix, totals.
    let columns = m.columns.len() + 1;
    let size = egui::vec2(LABEL + columns as f32 * CELL, rows as f32 * row_height);
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .show_viewport(ui, |ui, viewport| {
            ui.set_min_size(size);
            let origin = ui.min_rect().min;
            let first_row = (viewport.top() / row_height).floor().max(0.0) as usize;
            let last_row = ((viewport.bottom() / row_height).ceil() as usize).min(rows);
            let first_column = ((viewport.left() - LABEL) / CELL).floor().max(0.0) as usize;
            let last_column =
                (((viewport.right() - LABEL) / CELL).ceil().max(0.0) as usize).min(columns);
            let gap = ui.spacing().item_spacing.y;
            let cell_rect = |row: usize, column: Option<usize>| {
                let x = column.map_or(0.0, |c| LABEL + c as f32 * CELL);
                let width = if column.is_some() { CELL } else { LABEL };
                egui::Rect::from_min_size(
                    origin + egui::vec2(x, row as f32 * row_height),
                    egui::vec2(width - 6.0, row_height - gap),
                )
            };
            let total_row = rows - 1;
            let total_column = columns - 1;
            for row in first_row..last_row {
                // Row label.
                let label = cell_rect(row, None);
                if row == 0 {
                    put_left(ui, label, egui::Label::new(RichText::new("code").strong()));
                } else if row == total_row {
                    put_left(ui, label, egui::Label::new(RichText::new("total").strong()));
                } else {
                    let r = &m.rows[row - 1];
                    let name = r.path.rsplit('/').next().unwrap_or(&r.path);
                    put_left(
                        ui,
                        label,
                        egui::Label::new(format!("{}{name}", "    ".repeat(r.depth))).truncate(),
                    )
                    .on_hover_text(&r.path);
                }
                for column in first_column..last_column {
                    let rect = cell_rect(row, Some(column));
                    if row == 0 {
                        let text = if column == total_column {
                            "total"
                        } else {
                            m.columns[column].label.as_str()
                        };
                        put_left(
                            ui,
                            rect,
                            egui::Label::new(RichText::new(text).strong()).truncate(),
                        )
                        .on_hover_text(text);
                        continue;
                    }
                    ui.scope_builder(left_aligned(rect), |ui| {
                        if row == total_row && column == total_column {
                            ui.strong(m.total.to_string());
                        } else if row == total_row {
                            let name = format!(
                                "{} total: {}",
                                m.columns[column].label, m.column_totals[column]
                            );
                            let value = m.column_totals[column];
                            if count_cell(ui, value, Color32::TRANSPARENT, &name) {
                                out.extend(m.column_query(column).map(Command::ShowQuery));
                            }
                        } else if column == total_column {
                            let r = row - 1;
                            let name = format!("{} total: {}", m.rows[r].path, m.row_totals[r]);
                            if count_cell(ui, m.row_totals[r], Color32::TRANSPARENT, &name) {
                                out.extend(m.row_query(r).map(Command::ShowQuery));
                            }
                        } else {
                            let r = row - 1;
                            let value = m.cells[r][column];
                            let name = format!(
                                "{} × {}: {value} {}",
                                m.rows[r].path,
                                m.columns[column].label,
                                m.spec.count.label()
                            );
                            if count_cell(ui, value, heat(ui, value, m.max_cell), &name) {
                                out.extend(m.cell_query(r, column).map(Command::ShowQuery));
                            }
                        }
                    });
                }
            }
        });
}

fn cooccurrence_ui(ui: &mut Ui, c: &CoOccurrence, out: &mut Vec<Command>) {
    ui.label(RichText::new(&c.title).color(theme::secondary(ui.visuals())));
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("cooccurrence").show(ui, |ui| {
                ui.strong("code");
                for (i, _) in c.codes.iter().enumerate() {
                    ui.strong(format!("{}", i + 1));
                }
                ui.end_row();
                for (a, code) in c.codes.iter().enumerate() {
                    ui.label(format!("{}. {}", a + 1, code.path));
                    for (b, other) in c.codes.iter().enumerate() {
                        let value = c.counts[a][b];
                        if a == b {
                            ui.label(RichText::new("—").color(theme::secondary(ui.visuals())));
                            continue;
                        }
                        let name = format!("{} with {}: {value}", code.path, other.path);
                        if count_cell(ui, value, heat(ui, value, c.max_cell), &name)
                            && let Some(q) = c.cell_query(a, b)
                        {
                            out.push(Command::ShowQuery(q));
                        }
                    }
                    ui.end_row();
                }
            });
        });
}

/// A keyword in its context, the keyword marked, set in the direction its text reads (an
/// Arabic-script line runs right to left, its left context on the right).
fn kwic_line(ui: &mut Ui, line: &KwicLine) -> egui::Response {
    let visuals = ui.visuals();
    let plain = egui::TextFormat {
        font_id: theme::reading_font(14.0),
        color: visuals.text_color(),
        ..Default::default()
    };
    let keyword = egui::TextFormat {
        color: visuals.strong_text_color(),
        background: theme::search_hit(visuals.dark_mode),
        ..plain.clone()
    };
    let mut job = egui::text::LayoutJob::default();
    job.append(&format!("…{} ", line.left), 0.0, plain.clone());
    job.append(&line.keyword, 0.0, keyword);
    job.append(&format!(" {}…", line.right), 0.0, plain);
    BidiLabel::new(job, crate::bidi::Direction::Auto, Fit::Lines(2))
        .sense(Sense::click())
        .show(ui)
}

fn words_ui(
    ui: &mut Ui,
    w: &WordFrequencies,
    kwic: Option<&(String, Option<Found>)>,
    clicked: &mut Option<String>,
    out: &mut Vec<Command>,
) {
    ui.columns(2, |cols| {
        let ui = &mut cols[0];
        ui.label(
            RichText::new(format!("{} words counted", w.tokens))
                .color(theme::secondary(ui.visuals())),
        );
        egui::ScrollArea::vertical()
            .id_salt("words")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                egui::Grid::new("words").striped(true).show(ui, |ui| {
                    ui.strong("word");
                    ui.strong("count");
                    ui.strong("documents");
                    ui.end_row();
                    for word in w.words.iter().take(TOP_WORDS) {
                        if ui.link(&word.word).clicked() {
                            *clicked = Some(word.word.clone());
                        }
                        ui.label(word.count.to_string());
                        ui.label(word.documents.to_string());
                        ui.end_row();
                    }
                });
            });
        // Not justified: a wrapped line would be spread letter by letter.
        cols[1].vertical(|ui| kwic_ui(ui, kwic, out));
    });
}

/// The occurrences of the word clicked, each under its source, opening its place.
fn kwic_ui(ui: &mut Ui, kwic: Option<&(String, Option<Found>)>, out: &mut Vec<Command>) {
    match kwic {
        None => {
            ui.label(
                RichText::new("Click a word to see every place it occurs.")
                    .color(theme::secondary(ui.visuals())),
            );
        }
        Some((word, None)) => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!("Finding “{word}”…"));
            });
        }
        Some((word, Some(Err(e)))) => {
            ui.colored_label(theme::error(ui.visuals()), format!("“{word}”: {e}"));
        }
        Some((word, Some(Ok(lines)))) => {
            ui.horizontal(|ui| {
                ui.strong(format!("“{word}”: {} occurrences", lines.len()));
                if ui
                    .button(format!("Search for “{word}”"))
                    .on_hover_text(
                        "Every document and memo, in the Search tab — where Autocode applies a code to the hits",
                    )
                    .clicked()
                {
                    out.push(Command::SearchFor(word.clone()));
                }
            });
            egui::ScrollArea::vertical()
                .id_salt("kwic")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    let weak = theme::secondary(ui.visuals());
                    for line in lines {
                        ui.label(
                            RichText::new(format!("{} ¶{}", line.document_name, line.paragraph))
                                .small()
                                .color(weak),
                        );
                        if kwic_line(ui, line)
                            .on_hover_text("Open this place in the document")
                            .clicked()
                        {
                            out.push(Command::ShowPassage(line.document, line.range));
                        }
                    }
                });
        }
    }
}

/// The agreement report as a table: a row per scope (total, each code, each document, each
/// code in each document) with every coefficient.
fn agreement_table(report: &crate::analysis::agreement::Report) -> Table {
    use crate::analysis::agreement::{coefficient_text, percent_text};
    use crate::analysis::table::Cell;
    let header = [
        "scope",
        "code",
        "document",
        "characters agree",
        "κ",
        "segments agree",
        "κ_n",
        "α_u",
        "|uα",
    ]
    .map(str::to_owned)
    .to_vec();
    let rows = report
        .rows()
        .into_iter()
        .map(|r| {
            vec![
                Cell::Text(format!("{:?}", r.scope).to_lowercase()),
                Cell::Text(r.code),
                Cell::Text(r.document),
                Cell::Text(percent_text(r.character_agreement)),
                Cell::Text(coefficient_text(r.kappa)),
                Cell::Text(percent_text(r.segment_agreement)),
                Cell::Text(coefficient_text(r.kappa_n)),
                Cell::Text(coefficient_text(r.alpha_u)),
                Cell::Text(coefficient_text(r.alpha_binary)),
            ]
        })
        .collect();
    Table {
        title: format!("Intercoder agreement {}", report.coders_in_words()),
        header,
        rows,
    }
}

fn agreement_ui(ui: &mut Ui, report: &crate::analysis::agreement::Report) {
    let table = agreement_table(report);
    ui.label(
        RichText::new(format!(
            "{} · {} codes · {} documents{}",
            report.coders_in_words(),
            report.codes.len(),
            report.documents.len(),
            if report.left_out.is_empty() {
                String::new()
            } else {
                format!(
                    " · left out (not coded by every coder): {}",
                    report.left_out.join(", ")
                )
            }
        ))
        .color(theme::secondary(ui.visuals())),
    );
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("agreement").striped(true).show(ui, |ui| {
                for h in &table.header {
                    ui.strong(h);
                }
                ui.end_row();
                for row in &table.rows {
                    for cell in row {
                        ui.label(cell.display());
                    }
                    ui.end_row();
                }
            });
            ui.add_space(8.0);
            for line in report.method() {
                ui.label(RichText::new(line).color(theme::secondary(ui.visuals())));
            }
        });
}

/// The places where two coders differ as a table: document, where, how, and each version.
fn disagreements_table(d: &Disagreements) -> Table {
    use crate::analysis::table::Cell;
    let (a, b) = (&d.coders[0].1, &d.coders[1].1);
    let version = |codings: &[crate::analysis::disagreements::PlaceCoding]| {
        codings
            .iter()
            .map(|c| {
                format!(
                    "{} [{}–{}]: {}",
                    c.code_path, c.range.start, c.range.end, c.text
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    Table {
        title: format!("Disagreements between {a} and {b}"),
        header: vec![
            "document".into(),
            "start".into(),
            "end".into(),
            "difference".into(),
            a.clone(),
            b.clone(),
        ],
        rows: d
            .places
            .iter()
            .map(|p| {
                vec![
                    Cell::Text(p.document_name.clone()),
                    Cell::Count(p.range.start as u64),
                    Cell::Count(p.range.end as u64),
                    Cell::Text(p.kind.describe(a, b)),
                    Cell::Text(version(&p.a)),
                    Cell::Text(version(&p.b)),
                ]
            })
            .collect(),
    }
}

/// The bar chart of the matrix that `which` names (the totals when it names nothing there).
fn matrix_chart(m: &Matrix, which: MatrixChart) -> crate::analysis::chart::BarChart {
    match which {
        MatrixChart::Totals => None,
        MatrixChart::Row(r) => m.row_chart(r),
        MatrixChart::Column(k) => m.column_chart(k),
    }
    .unwrap_or_else(|| m.totals_chart())
}
