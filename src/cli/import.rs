//! `tamga import FILE DOC...`: documents, or REFI-QDA projects and codebooks merged in.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use tamga::exchange::{self, Report};
use tamga::import::{ImportOptions, ImportOutcome, import_file};
use tamga::project::Project;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// Files to import: .docx, .odt, .pdf, .rtf, .txt, .md, .html, .srt, .vtt, or a REFI-QDA
    /// project (.qdpx) or codebook (.qdc) to merge in.
    #[arg(required = true, value_name = "DOC")]
    docs: Vec<PathBuf>,
    /// PDFs: join the hard-wrapped lines of each paragraph into one line.
    #[arg(long)]
    join_pdf_lines: bool,
    /// REFI-QDA files: print the report as JSON.
    #[arg(long)]
    json: bool,
    /// REFI-QDA files: also save the report (as text) here.
    #[arg(long, value_name = "PATH")]
    report: Option<PathBuf>,
}

/// Prints an exchange report (text or JSON) and saves it if asked.
pub(super) fn show_report(report: &Report, json: bool, save: Option<&Path>) -> anyhow::Result<()> {
    if json {
        super::print_json(report)?;
    } else {
        outln!("{}", report.to_text().trim_end());
    }
    if let Some(path) = save {
        tamga::export::write_atomically(path, report.to_text().as_bytes())
            .context("cannot save the report")?;
    }
    Ok(())
}

/// Merges one REFI-QDA file into the project.
fn merge(project: &mut Project, path: &Path) -> Result<Report, exchange::ExchangeError> {
    let read = exchange::read_file(path)?;
    exchange::import_into(project, &read)
}

pub fn run(args: &Args, coder: &str) -> anyhow::Result<bool> {
    let mut project = super::open(&args.file, coder)?;
    let mut all_ok = true;
    for path in &args.docs {
        if exchange::Format::from_path(path).is_some() {
            match merge(&mut project, path) {
                Ok(report) => show_report(&report, args.json, args.report.as_deref())?,
                Err(e) => {
                    all_ok = false;
                    eprintln!("tamga: not imported, {e}: {}", path.display());
                }
            }
            continue;
        }
        let options = ImportOptions {
            join_pdf_lines: args.join_pdf_lines,
        };
        match import_file(&mut project, path, options) {
            Ok(ImportOutcome::Imported {
                name,
                chars,
                encoding,
                warnings,
                ..
            }) => {
                outln!(
                    "imported “{name}” ({chars} characters, {encoding}): {}",
                    path.display()
                );
                for warning in warnings {
                    outln!("  note: {warning}");
                }
            }
            Ok(ImportOutcome::Duplicate { of }) => outln!(
                "skipped, already in the project as “{of}”: {}",
                path.display()
            ),
            Err(e) => {
                all_ok = false;
                eprintln!("tamga: not imported, {e}: {}", path.display());
            }
        }
    }
    Ok(all_ok)
}
