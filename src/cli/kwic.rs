//! `tamga kwic FILE WORD [--width N] [--document NAME]... [--code PATH]... [--subcodes]
//! [--where CONDITION]... [--case NAME]... [--json] [--out PATH]`

use std::path::PathBuf;

use tamga::analysis::Corpus;
use tamga::analysis::words::{TextChoice, kwic, kwic_table};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// The word (or words in a row) to find, in any case.
    word: String,
    /// Characters of context on each side.
    #[arg(long, value_name = "N", default_value_t = 40)]
    width: usize,
    /// Only this document (repeatable).
    #[arg(long, value_name = "NAME")]
    document: Vec<String>,
    /// Only text coded with this code (repeatable).
    #[arg(long, value_name = "PATH")]
    code: Vec<String>,
    /// Each --code also stands for its subcodes.
    #[arg(long)]
    subcodes: bool,
    #[command(flatten)]
    restrict: super::WhereArgs,
    /// Print JSON.
    #[arg(long)]
    json: bool,
    /// Write the lines as a table (.csv, .xlsx).
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
}

pub fn run(args: &Args) -> anyhow::Result<bool> {
    let project = super::open_read(&args.file)?;
    let choice = TextChoice {
        documents: super::document_ids(&project, &args.document, &args.file)?,
        codes: super::code_ids(&project, &args.code, &args.file)?,
        subcodes: args.subcodes,
    };
    let restriction = args.restrict.restriction(&project, &args.file)?;
    let corpus = Corpus::load_with_texts(&project, &restriction)?;
    let lines = kwic(&corpus, &choice, &args.word, args.width)?;
    if let Some(path) = &args.out {
        super::write_out(path, &kwic_table(&args.word, &lines), || None)?;
    } else if args.json {
        super::print_json(&lines)?;
    } else {
        let left = lines
            .iter()
            .map(|l| l.left.chars().count())
            .max()
            .unwrap_or(0);
        for l in &lines {
            outln!(
                "{:>left$} [{}] {}    — {} ¶{} ({}..{})",
                l.left,
                l.keyword,
                l.right,
                l.document_name,
                l.paragraph,
                l.range.start,
                l.range.end
            );
        }
        outln!("{} occurrence(s)", lines.len());
    }
    Ok(true)
}
