//! `tamga correct FILE --document NAME (--start N --end N | --quote TEXT [--occurrence N]) --text TEXT [--json]`:
//! one change of a document's text, for scripts; codings follow their words.

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use serde::Serialize;
use tamga::domain::{CorrectionKind, Edit, TextChange, TextEdit, TextRange};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// The document's name.
    #[arg(long)]
    document: String,
    /// The exact text to replace.
    #[arg(long, conflicts_with_all = ["start", "end"], required_unless_present = "start")]
    quote: Option<String>,
    /// Which occurrence of the quote, from 1.
    #[arg(long, default_value_t = 1, requires = "quote")]
    occurrence: usize,
    /// First character to replace (0-based, in characters); equal to --end to insert.
    #[arg(long, requires = "end")]
    start: Option<usize>,
    /// End of the replaced characters (exclusive).
    #[arg(long, requires = "start")]
    end: Option<usize>,
    /// The new text (empty to delete).
    #[arg(long, allow_hyphen_values = true)]
    text: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Corrected<'a> {
    document: &'a str,
    summary: &'a str,
    chars: usize,
    unplaced: usize,
}

pub fn run(args: &Args, coder: &str) -> anyhow::Result<bool> {
    let mut project = super::open(&args.file, coder)?;
    let document =
        super::document_ids(&project, std::slice::from_ref(&args.document), &args.file)?[0];
    let text = project.store().document(document)?.text;
    let range = match (&args.quote, args.start, args.end) {
        (Some(quote), _, _) => tamga::text::find_occurrence(&text, quote, args.occurrence)
            .with_context(|| {
                format!(
                    "the quote does not occur {} time(s) in “{}”",
                    args.occurrence, args.document
                )
            })?,
        (None, Some(start), Some(end)) => TextRange::new(start, end),
        _ => bail!("give --quote TEXT, or --start N and --end N"),
    };
    let text = tamga::text::normalize_line_endings(&args.text);
    project.execute(Edit::ChangeText(Box::new(TextEdit::new(
        document,
        vec![TextChange::new(range, text)],
        CorrectionKind::Edit,
        project.coder().to_owned(),
    ))))?;
    let entry = project
        .store()
        .corrections(Some(document))?
        .pop()
        .context("the correction was not recorded")?;
    let chars = tamga::text::char_len(&project.store().document(document)?.text);
    if args.json {
        super::print_json(&Corrected {
            document: &args.document,
            summary: &entry.summary,
            chars,
            unplaced: entry.unplaced,
        })?;
    } else {
        outln!("corrected “{}”: {}", args.document, entry.summary);
    }
    Ok(true)
}
