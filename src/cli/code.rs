//! `tamga code FILE --document NAME --code PATH (--quote TEXT [--occurrence N] | --start N --end N) [--memo TEXT]`

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use tamga::domain::{Edit, TextRange};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// The document's name.
    #[arg(long)]
    document: String,
    /// The code's path, e.g. `Belonging/privileged exclusion` (missing codes are created).
    #[arg(long)]
    code: String,
    /// The exact text of the passage.
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
    /// A memo for the coding.
    #[arg(long, default_value = "")]
    memo: String,
}

pub fn run(args: &Args, coder: &str) -> anyhow::Result<bool> {
    let mut project = super::open(&args.file, coder)?;
    let document = project
        .store()
        .document_by_name(&args.document)?
        .with_context(|| {
            format!(
                "no document named “{}” in {}",
                args.document,
                args.file.display()
            )
        })?;
    let range = match (&args.quote, args.start, args.end) {
        (Some(quote), _, _) => {
            let text = project.store().document(document)?.text;
            tamga::text::find_occurrence(&text, quote, args.occurrence).with_context(|| {
                format!(
                    "the quote does not occur {} time(s) in “{}”",
                    args.occurrence, args.document
                )
            })?
        }
        (None, Some(start), Some(end)) => TextRange::new(start, end),
        _ => bail!("give --quote TEXT, or --start N and --end N"),
    };
    let code = project.ensure_code_path(&args.code)?;
    let inverse = project.execute(Edit::ApplyCoding {
        document,
        code,
        range,
        coder: project.coder().to_owned(),
        memo: args.memo.clone(),
    })?;
    let Edit::RemoveCoding { id } = inverse else {
        bail!("the coding was not recorded as expected");
    };
    let coding = project.store().coding(id)?;
    outln!(
        "coded {}..{} of “{}” as “{}” (coding {}): {}",
        coding.range.start,
        coding.range.end,
        args.document,
        args.code,
        coding.id,
        coding.text
    );
    Ok(true)
}
