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

mod code;
mod codes;
mod documents;
mod export;
mod import;
mod info;
mod new;
mod sample;
mod segments;
mod show;

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use tamga::config::Config;
use tamga::domain::{CodeId, CoderId, DocumentId};
use tamga::project::Project;
use tamga::retrieval::Context;

/// Tamga — a workbench for qualitative coding. With no subcommand, opens the window.
#[derive(Debug, Parser)]
#[command(name = "tamga", version, about, long_about = None)]
pub struct Cli {
    /// The coder's name recorded with new codings and memos (default: the remembered name,
    /// else your login name).
    #[arg(long, global = true, value_name = "NAME")]
    pub coder: Option<String>,

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
    /// Show what a project holds.
    Info(info::Args),
    /// List the documents.
    Documents(documents::Args),
    /// List the codebook with counts.
    Codes(codes::Args),
    /// Apply a code to a passage (creating the code if needed).
    Code(code::Args),
    /// List coded passages (codings).
    Segments(segments::Args),
    /// Show one excerpt by its id (T-3F9A2C7K) with its context, code, document and memo.
    Show(show::Args),
    /// Export excerpts (docx, odt, md, html, csv, xlsx), the codebook, a coded document, or the
    /// whole project for other QDA programs (qdpx, qdc).
    Export(export::Args),
    /// Write a fresh copy of the sample project.
    Sample(sample::Args),
}

/// Runs a subcommand. `Ok(false)` means it ran but something failed (exit status 1).
pub fn run(command: Command, coder: Option<String>) -> anyhow::Result<bool> {
    let coder = coder.unwrap_or_else(|| Config::load().coder_or_login());
    match command {
        Command::New(args) => new::run(&args, &coder),
        Command::Import(args) => import::run(&args, &coder),
        Command::Info(args) => info::run(&args, &coder),
        Command::Documents(args) => documents::run(&args, &coder),
        Command::Codes(args) => codes::run(&args, &coder),
        Command::Code(args) => code::run(&args, &coder),
        Command::Segments(args) => segments::run(&args, &coder),
        Command::Show(args) => show::run(&args, &coder),
        Command::Export(args) => export::run(&args, &coder),
        Command::Sample(args) => sample::run(&args),
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

/// Opens a project for a subcommand; the error already names the file.
fn open(path: &Path, coder: &str) -> anyhow::Result<Project> {
    Ok(Project::open(path, coder)?)
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
