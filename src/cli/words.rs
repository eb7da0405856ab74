//! `tamga words FILE [--document NAME]... [--code PATH]... [--subcodes] [--top N]
//! [--stop-words FILE] [--no-stop-words] [--where CONDITION]... [--case NAME]... [--json|--csv]
//! [--out PATH]`
//!
//! Stop words: the built-in English, Russian and Kazakh lists, plus the words of
//! `--stop-words FILE` (one per line, `#` comments); `--no-stop-words` drops the built-in lists.

use std::path::PathBuf;

use anyhow::Context as _;
use tamga::analysis::Corpus;
use tamga::analysis::words::{Language, StopWords, TextChoice, word_frequencies};

#[derive(Debug, clap::Args)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "command-line flags are independent yes/no choices"
)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// Only this document (repeatable).
    #[arg(long, value_name = "NAME")]
    document: Vec<String>,
    /// Only text coded with this code (repeatable).
    #[arg(long, value_name = "PATH")]
    code: Vec<String>,
    /// Each --code also stands for its subcodes.
    #[arg(long)]
    subcodes: bool,
    /// Show the N most frequent words (0: all).
    #[arg(long, value_name = "N", default_value_t = 50)]
    top: usize,
    /// More stop words: a text file, one word per line.
    #[arg(long, value_name = "FILE")]
    stop_words: Option<PathBuf>,
    /// Leave out the built-in stop-word lists (English, Russian, Kazakh).
    #[arg(long)]
    no_stop_words: bool,
    #[command(flatten)]
    restrict: super::WhereArgs,
    /// Print JSON.
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print CSV.
    #[arg(long)]
    csv: bool,
    /// Write the table (.csv, .xlsx) or a bar chart of the top words (.svg, .png).
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
}

pub fn run(args: &Args) -> anyhow::Result<bool> {
    let project = super::open_read(&args.file)?;
    let mut stop = if args.no_stop_words {
        StopWords::none()
    } else {
        StopWords::builtin(&Language::ALL)
    };
    if let Some(path) = &args.stop_words {
        let list = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the stop words: {}", path.display()))?;
        stop.extend(StopWords::parse(&list).sorted());
    }
    let choice = TextChoice {
        documents: super::document_ids(&project, &args.document, &args.file)?,
        codes: super::code_ids(&project, &args.code, &args.file)?,
        subcodes: args.subcodes,
    };
    let restriction = args.restrict.restriction(&project, &args.file)?;
    let corpus = Corpus::load_with_texts(&project, &restriction)?;
    let mut found = word_frequencies(&corpus, &choice, &stop)?;
    if args.top > 0 {
        found.words.truncate(args.top);
    }
    if let Some(path) = &args.out {
        let top = if args.top > 0 { args.top } else { 50 };
        super::write_out(path, &found.to_table(), || Some(found.chart(top).to_svg()))?;
    } else if args.json {
        super::print_json(&found)?;
    } else {
        super::print_table(&found.to_table(), args.csv)?;
    }
    Ok(true)
}
