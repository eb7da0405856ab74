//! `tamga set-direction FILE --document NAME auto|ltr|rtl`
//!
//! How the reading view sets a document's paragraphs: `auto` takes each paragraph's direction
//! from its first letter, `ltr` and `rtl` force one for all. Text and codings are untouched.

use std::path::PathBuf;

use anyhow::Context as _;
use tamga::domain::{Direction, Edit};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// The document to set.
    #[arg(long, value_name = "NAME")]
    document: String,
    /// auto (from each paragraph's first letter), ltr (left to right) or rtl (right to left).
    #[arg(value_name = "DIRECTION", value_parser = ["auto", "ltr", "rtl"])]
    direction: String,
}

pub fn run(args: &Args, coder: &str) -> anyhow::Result<bool> {
    let direction = Direction::parse(&args.direction)
        .with_context(|| format!("“{}” is not auto, ltr or rtl", args.direction))?;
    let mut project = super::open(&args.file, coder)?;
    let file = args.file.display();
    let name = &args.document;
    let id = project
        .store()
        .document_by_name(name)?
        .with_context(|| format!("no document named “{name}” in {file}"))?;
    project
        .execute(Edit::SetDocumentDirection { id, direction })
        .map_err(|e| anyhow::anyhow!("{e}; nothing changed: {file}"))?;
    outln!("direction of “{name}” set to {}", direction.label());
    Ok(true)
}
