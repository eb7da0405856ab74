//! The headless command line: one file per subcommand. Errors become one line on stderr and a
//! non-zero exit; `--json` output is stable (documented in the README).

/// `println!` that reports a closed pipe (`tamga codes F | head`) as an error instead of
/// panicking; `main` ends quietly on it.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?;
    }};
}

mod agreement;
mod attributes;
mod autocode;
mod cases;
mod code;
mod codebook;
mod codes;
mod cooccurrence;
mod correct;
mod corrections;
mod disagreements;
mod documents;
mod export;
mod frequencies;
#[cfg(feature = "hub")]
mod hub;
mod import;
mod info;
mod kwic;
mod matrix;
mod memo;
mod memos;
mod merge;
mod new;
mod place;
mod pseudonymise;
mod pseudonyms;
mod reimport;
mod sample;
mod search;
mod segments;
mod set;
mod set_direction;
mod show;
mod suggest;
mod unplaced;
mod words;

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use tamga::config::Config;
use tamga::domain::{CodeId, CoderId, DocumentId};
use tamga::project::Project;
use tamga::retrieval::{self, Context, Restriction};

/// Tamga — a workbench for qualitative coding. With no subcommand, opens the window.
#[derive(Debug, Parser)]
#[command(name = "tamga", version, about, long_about = None)]
pub struct Cli {
    /// The coder's name recorded with new codings and memos (default: the remembered name,
    /// else your login name).
    #[arg(long, global = true, value_name = "NAME")]
    pub coder: Option<String>,

    /// Log what Tamga does to stderr (repeat for more detail: -vv).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    #[command(subcommand)]
    pub command: Option<Command>,

    /// A project to open in the window.
    #[arg(value_name = "FILE.tamga")]
    pub file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new project: empty, or from a REFI-QDA project (--from X.qdpx).
    New(new::Args),
    /// Import documents (.docx, .odt, .pdf, .rtf, .txt, .md, .html, .srt, .vtt) into a project,
    /// or merge in a REFI-QDA project (.qdpx) or codebook (.qdc).
    Import(import::Args),
    /// Merge a colleague's copy of the project in (one undoable step), with a report.
    Merge(merge::Args),
    /// Show what a project holds.
    Info(info::Args),
    /// List the documents.
    Documents(documents::Args),
    /// List the codebook with counts, or its history (--history).
    Codes(codes::Args),
    /// Rename, merge, move or split a code, with a reason kept in the codebook's history.
    Codebook(codebook::Args),
    /// Apply a code to a passage (creating the code if needed).
    Code(code::Args),
    /// List coded passages (codings).
    Segments(segments::Args),
    /// Show one excerpt by its id (T-3F9A2C7K) with its context, code, document and memo.
    Show(show::Args),
    /// List the memos: journal entries, code definitions, document and coding memos.
    Memos(memos::Args),
    /// Write a journal entry, or the memo on a code, a document or a coding.
    Memo(memo::Args),
    /// Export excerpts (docx, odt, md, html, csv, xlsx), the codebook, a coded document, the memos,
    /// or the whole project for other QDA programs (qdpx, qdc).
    Export(export::Args),
    /// Write a fresh copy of the sample project.
    Sample(sample::Args),
    /// Change a passage of a document's text; codings follow their words.
    Correct(correct::Args),
    /// Replace a document with a corrected version of its file, keeping codings on their words.
    Reimport(reimport::Args),
    /// Replace a name (in its Kazakh and Russian forms) with a pseudonym in documents and memos.
    Pseudonymise(pseudonymise::Args),
    /// List the names and their pseudonyms (CSV with --csv).
    Pseudonyms(pseudonyms::Args),
    /// List codings whose words are gone from their document.
    Unplaced(unplaced::Args),
    /// Put an unplaced coding back on a passage.
    Place(place::Args),
    /// Delete an unplaced coding for good.
    Discard(place::DiscardArgs),
    /// Show who changed which document's text after import, when, and what.
    Corrections(corrections::Args),
    /// Intercoder agreement of two or more coders: percent, Cohen's κ, segments, Krippendorff's α.
    Agreement(agreement::Args),
    /// The places where two coders differ, with both versions (resolve them in the window).
    Disagreements(disagreements::Args),
    /// Search documents and memos: words, "phrases", prefix*, AND/OR/NOT, or --regex.
    Search(search::Args),
    /// Apply a code to every hit of a search (or the sentence or paragraph around each).
    Autocode(autocode::Args),
    /// List uncoded passages like those coded with a code, with the words they share.
    Suggest(suggest::Args),
    /// Show, define, import or export the attributes of documents (or of cases).
    Attributes(attributes::Args),
    /// Set attribute values of a document or case.
    Set(set::Args),
    /// Set how a document's paragraphs run in the reading view: auto, ltr or rtl.
    SetDirection(set_direction::Args),
    /// List the cases; create them (by speaker, or from documents and passages) or delete them.
    Cases(cases::Args),
    /// Code frequencies: codings, documents, cases and share of text per code.
    Frequencies(frequencies::Args),
    /// Codes × documents, cases or values of an attribute.
    Matrix(matrix::Args),
    /// Codes × codes: how often codes occur together.
    Cooccurrence(cooccurrence::Args),
    /// Word frequencies in chosen documents, cases and codes.
    Words(words::Args),
    /// Every occurrence of a word, with its context (keyword in context).
    Kwic(kwic::Args),
    /// Share a project through a team hub (a PostgreSQL database): init, publish, clone,
    /// members, status, conflicts, resolve.
    #[cfg(feature = "hub")]
    Hub(hub::Args),
    /// Take in the team's changes from the hub and send this copy's.
    #[cfg(feature = "hub")]
    Sync(hub::SyncArgs),
}

/// Runs a subcommand. `Ok(false)` means it ran but something failed (exit status 1).
pub fn run(command: Command, coder: Option<&str>) -> anyhow::Result<bool> {
    // Only commands that change a project need the coder's name.
    let coder = || coder.map_or_else(|| Config::load().coder_or_login(), str::to_owned);
    match command {
        Command::New(args) => new::run(&args, &coder()),
        Command::Import(args) => import::run(&args, &coder()),
        Command::Merge(args) => merge::run(&args, &coder()),
        Command::Info(args) => info::run(&args),
        Command::Documents(args) => documents::run(&args),
        Command::Codes(args) => codes::run(&args),
        Command::Codebook(args) => codebook::run(&args, &coder()),
        Command::Memos(args) => memos::run(&args),
        Command::Memo(args) => memo::run(&args, &coder()),
        Command::Code(args) => code::run(&args, &coder()),
        Command::Segments(args) => segments::run(&args),
        Command::Show(args) => show::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Sample(args) => sample::run(&args),
        Command::Correct(args) => correct::run(&args, &coder()),
        Command::Reimport(args) => reimport::run(&args, &coder()),
        Command::Pseudonymise(args) => pseudonymise::run(&args, &coder()),
        Command::Pseudonyms(args) => pseudonyms::run(&args),
        Command::Unplaced(args) => unplaced::run(&args),
        Command::Place(args) => place::run(&args, &coder()),
        Command::Discard(args) => place::discard(&args, &coder()),
        Command::Corrections(args) => corrections::run(&args),
        Command::Agreement(args) => agreement::run(&args),
        Command::Disagreements(args) => disagreements::run(&args),
        Command::Search(args) => search::run(&args),
        Command::Autocode(args) => autocode::run(&args, &coder()),
        Command::Suggest(args) => suggest::run(&args),
        Command::Attributes(args) => attributes::run(&args, &coder()),
        Command::Set(args) => set::run(&args, &coder()),
        Command::SetDirection(args) => set_direction::run(&args, &coder()),
        Command::Cases(args) => cases::run(&args, &coder()),
        Command::Frequencies(args) => frequencies::run(&args),
        Command::Matrix(args) => matrix::run(&args),
        Command::Cooccurrence(args) => cooccurrence::run(&args),
        Command::Words(args) => words::run(&args),
        Command::Kwic(args) => kwic::run(&args),
        #[cfg(feature = "hub")]
        Command::Hub(args) => hub::run(&args, &coder()),
        #[cfg(feature = "hub")]
        Command::Sync(args) => hub::sync(&args, &coder()),
    }
}

/// A project and whether to print JSON: the arguments of `info`, `documents` and `codes`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// The project.
    file: PathBuf,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Opens a project for a subcommand that changes it; the error already names the file.
fn open(path: &Path, coder: &str) -> anyhow::Result<Project> {
    Ok(Project::open(path, coder)?)
}

/// Opens a project for a subcommand that only reads it: nothing is written to the file or
/// beside it, and it works while the project is open for writing elsewhere.
fn open_read(path: &Path) -> anyhow::Result<Project> {
    Ok(Project::open_read_only(path)?)
}

/// Prints `value` as pretty JSON on stdout.
fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    outln!(
        "{}",
        serde_json::to_string_pretty(value).context("cannot write JSON")?
    );
    Ok(())
}

/// The codes at these paths; an unknown path is an error naming it.
fn code_ids(project: &Project, paths: &[String], file: &Path) -> anyhow::Result<Vec<CodeId>> {
    paths
        .iter()
        .map(|path| {
            project
                .find_code_path(path)?
                .with_context(|| format!("no code “{path}” in {}", file.display()))
        })
        .collect()
}

/// The documents with these names; an unknown name is an error naming it.
fn document_ids(
    project: &Project,
    names: &[String],
    file: &Path,
) -> anyhow::Result<Vec<DocumentId>> {
    names
        .iter()
        .map(|name| {
            project
                .store()
                .document_by_name(name)?
                .with_context(|| format!("no document named “{name}” in {}", file.display()))
        })
        .collect()
}

/// The coders with these names; an unknown name is an error naming it.
fn coder_ids(project: &Project, names: &[String], file: &Path) -> anyhow::Result<Vec<CoderId>> {
    names
        .iter()
        .map(|name| {
            project
                .store()
                .coder_by_name(name)?
                .with_context(|| format!("no coder named “{name}” in {}", file.display()))
        })
        .collect()
}

/// `--where` conditions and `--case` names as a restriction; an unknown attribute or case, or
/// a value that does not fit its attribute, is an error naming it.
fn restriction(
    project: &Project,
    conditions: &[String],
    cases: &[String],
    file: &Path,
) -> anyhow::Result<Restriction> {
    let attributes = project.store().attributes()?;
    let conditions = conditions
        .iter()
        .map(|c| {
            retrieval::parse_condition(&attributes, c)
                .map_err(|e| anyhow::anyhow!("{e} in {}", file.display()))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let cases = cases
        .iter()
        .map(|name| {
            project
                .store()
                .case_by_name(name)?
                .with_context(|| format!("no case named “{name}” in {}", file.display()))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(Restriction { conditions, cases })
}

/// The `--where` and `--case` options shared by retrieval, export and the analysis commands.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct WhereArgs {
    /// Only documents and cases whose attribute passes: NAME=VALUE, NAME!=VALUE, NAME<VALUE,
    /// NAME<=VALUE, NAME>VALUE, NAME>=VALUE; NAME= means no value (repeatable; all must hold).
    #[arg(long = "where", value_name = "CONDITION")]
    pub conditions: Vec<String>,
    /// Only the text of this case (repeatable).
    #[arg(long = "case", value_name = "NAME")]
    pub cases: Vec<String>,
}

impl WhereArgs {
    /// The restriction these options ask for.
    fn restriction(&self, project: &Project, file: &Path) -> anyhow::Result<Restriction> {
        restriction(project, &self.conditions, &self.cases, file)
    }
}

/// Prints a table as aligned columns (numbers right-aligned), or CSV with `csv`.
fn print_table(table: &tamga::analysis::table::Table, csv: bool) -> anyhow::Result<()> {
    use std::io::Write as _;
    use tamga::analysis::table::Cell;
    if csv {
        let bytes = table.to_csv()?;
        std::io::stdout().lock().write_all(&bytes)?;
        return Ok(());
    }
    let width = |s: &str| s.chars().count();
    let mut widths: Vec<usize> = table.header.iter().map(|h| width(h)).collect();
    for row in &table.rows {
        for (i, c) in row.iter().enumerate() {
            if i < widths.len() {
                widths[i] = widths[i].max(width(&c.display()));
            }
        }
    }
    let line = |cells: Vec<(String, bool)>| -> String {
        cells
            .into_iter()
            .zip(&widths)
            .map(|((text, right), &w)| {
                if right {
                    format!("{text:>w$}")
                } else {
                    format!("{text:<w$}")
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_owned()
    };
    outln!(
        "{}",
        line(table.header.iter().map(|h| (h.clone(), false)).collect())
    );
    for row in &table.rows {
        outln!(
            "{}",
            line(
                row.iter()
                    .map(|c| (c.display(), !matches!(c, Cell::Text(_))))
                    .collect()
            )
        );
    }
    Ok(())
}

/// `--out PATH`: a table as .csv or .xlsx, a chart as .svg or .png (when `svg` gives one).
fn write_out(
    path: &Path,
    table: &tamga::analysis::table::Table,
    svg: impl FnOnce() -> Option<String>,
) -> anyhow::Result<()> {
    use tamga::analysis::chart::ChartFormat;
    if ChartFormat::from_path(path).is_some() {
        let svg = svg().with_context(|| {
            format!(
                "this view has no chart; write .csv or .xlsx: {}",
                path.display()
            )
        })?;
        tamga::analysis::chart::write_svg(&svg, path)?;
    } else {
        table.write(path)?;
    }
    outln!("wrote {}", path.display());
    Ok(())
}

/// `--context`: a number of characters, or `paragraph`.
fn parse_context(s: &str) -> Result<Context, String> {
    if s == "paragraph" {
        return Ok(Context::Paragraph);
    }
    s.parse::<usize>()
        .map(|n| {
            if n == 0 {
                Context::None
            } else {
                Context::Chars(n)
            }
        })
        .map_err(|_| format!("“{s}” is neither a number of characters nor `paragraph`"))
}

/// A first word that is neither a subcommand nor an existing file: `tamga serch x.tamga` must
/// not open a window on a project called "serch". Returns the one-line message, naming the
/// nearest subcommand.
pub fn unknown_command(args: &[std::ffi::OsString], cli: &clap::Command) -> Option<String> {
    let mut words = args.iter().skip(1);
    let mut first = None;
    while let Some(word) = words.next() {
        let text = word.to_string_lossy();
        if text == "--coder" {
            words.next();
        } else if text == "--" {
            first = words.next();
            break;
        } else if !text.starts_with('-') || text == "-" {
            first = Some(word);
            break;
        }
    }
    let word = first?;
    let text = word.to_string_lossy();
    let names: Vec<&str> = cli
        .get_subcommands()
        .flat_map(|c| std::iter::once(c.get_name()).chain(c.get_all_aliases()))
        .chain(std::iter::once("help"))
        .collect();
    if names.contains(&text.as_ref()) || Path::new(word).exists() {
        return None;
    }
    let nearest = names
        .iter()
        .map(|n| (edit_distance(&text.to_lowercase(), n), *n))
        .min()
        .filter(|(d, n)| *d <= (n.chars().count() / 2).max(2));
    Some(match nearest {
        Some((_, n)) => format!(
            "“{text}” is neither a command nor a project file; did you mean `tamga {n}`? (`tamga --help` lists the commands)"
        ),
        None => format!(
            "“{text}” is neither a command nor a project file (`tamga --help` lists the commands)"
        ),
    })
}

/// Levenshtein distance between two short words, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}
