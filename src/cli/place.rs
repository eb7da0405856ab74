//! `tamga place FILE ID (--quote TEXT [--occurrence N] | --start N --end N)` puts an unplaced
//! coding back on a passage; `tamga discard FILE ID` deletes one for good.

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use tamga::domain::{Edit, TextRange, UnplacedId};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// The unplaced coding's id (see `tamga unplaced`).
    id: i64,
    /// The exact text of the new passage.
    #[arg(long, conflicts_with_all = ["start", "end"], required_unless_present = "start")]
    quote: Option<String>,
    /// Which occurrence of the quote, from 1.
    #[arg(long, default_value_t = 1, requires = "quote")]
    occurrence: usize,
    /// First character of the passage (0-based, in characters).
    #[arg(long, requires = "end")]
    start: Option<usize>,
    /// End of the passage (exclusive, in characters).
    #[arg(long, requires = "start")]
    end: Option<usize>,
}

/// Arguments of `tamga discard`.
#[derive(Debug, clap::Args)]
pub struct DiscardArgs {
    /// The project.
    file: PathBuf,
    /// The unplaced coding's id (see `tamga unplaced`).
    id: i64,
}

pub fn run(args: &Args, coder: &str) -> anyhow::Result<bool> {
    let mut project = super::open(&args.file, coder)?;
    let id = UnplacedId(args.id);
    let unplaced = project.store().unplaced_coding(id)?;
    let range = match (&args.quote, args.start, args.end) {
        (Some(quote), _, _) => {
            let text = project.store().document(unplaced.coding.document)?.text;
            tamga::text::find_occurrence(&text, quote, args.occurrence).with_context(|| {
                format!(
                    "the quote does not occur {} time(s) in the document",
                    args.occurrence
                )
            })?
        }
        (None, Some(start), Some(end)) => TextRange::new(start, end),
        _ => bail!("give --quote TEXT, or --start N and --end N"),
    };
    let Edit::Unplace { coding, .. } = project.execute(Edit::PlaceUnplaced { id, range })? else {
        bail!("the coding was not placed as expected");
    };
    let placed = project.store().coding(coding)?;
    outln!(
        "placed unplaced coding {} as coding {} on {}..{}: {}",
        args.id,
        placed.id,
        placed.range.start,
        placed.range.end,
        placed.text
    );
    Ok(true)
}

pub fn discard(args: &DiscardArgs, coder: &str) -> anyhow::Result<bool> {
    let mut project = super::open(&args.file, coder)?;
    let unplaced = project.store().unplaced_coding(UnplacedId(args.id))?;
    project.execute(Edit::DeleteUnplaced {
        id: UnplacedId(args.id),
    })?;
    outln!(
        "deleted unplaced coding {}: “{}”",
        args.id,
        unplaced.coding.text
    );
    Ok(true)
}
