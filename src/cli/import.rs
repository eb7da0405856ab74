//! `tamga import FILE DOC...`

use std::path::PathBuf;

use tamga::import::{ImportOptions, ImportOutcome, import_file};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// Files to import: .docx, .odt, .pdf, .rtf, .txt, .md, .html, .srt, .vtt.
    #[arg(required = true, value_name = "DOC")]
    docs: Vec<PathBuf>,
    /// PDFs: join the hard-wrapped lines of each paragraph into one line.
    #[arg(long)]
    join_pdf_lines: bool,
}

pub fn run(args: &Args, coder: &str) -> anyhow::Result<bool> {
    let mut project = super::open(&args.file, coder)?;
    let mut all_ok = true;
    for path in &args.docs {
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
