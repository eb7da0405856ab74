//! `tamga import FILE DOC...`

use std::path::PathBuf;

use tamga::import::{ImportOutcome, import_file};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// Files to import.
    #[arg(required = true, value_name = "DOC")]
    docs: Vec<PathBuf>,
}

pub fn run(args: &Args, coder: &str) -> anyhow::Result<bool> {
    let mut project = super::open(&args.file, coder)?;
    let mut all_ok = true;
    for path in &args.docs {
        match import_file(&mut project, path) {
            Ok(ImportOutcome::Imported {
                name,
                chars,
                encoding,
                ..
            }) => outln!(
                "imported “{name}” ({chars} characters, {encoding}): {}",
                path.display()
            ),
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
