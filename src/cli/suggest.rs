//! `tamga suggest FILE --code PATH [--limit N] [--unit sentence|paragraph] [--json]`: the
//! uncoded passages most like those coded with a code, each with the words that make it alike.
//! Lists only; nothing is applied.

use std::path::PathBuf;

use anyhow::Context as _;
use serde::Serialize;
use tamga::search::{Ranker, SearchIndex, Source, Unit};

/// What a suggestion is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum UnitArg {
    /// A sentence.
    Sentence,
    /// A paragraph.
    Paragraph,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// The code's path, e.g. `Belonging/language`.
    #[arg(long, value_name = "PATH")]
    code: String,
    /// How many suggestions, best first.
    #[arg(long, default_value_t = 10, value_name = "N")]
    limit: usize,
    /// Suggest sentences or paragraphs.
    #[arg(long, value_enum, default_value = "paragraph")]
    unit: UnitArg,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Row<'a> {
    document: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    score: f64,
    words: &'a [String],
}

pub fn run(args: &Args) -> anyhow::Result<bool> {
    let project = super::open_read(&args.file)?;
    let code = project
        .find_code_path(&args.code)?
        .with_context(|| format!("no code “{}” in {}", args.code, args.file.display()))?;
    let index = SearchIndex::open(project.store())?;
    let unit = match args.unit {
        UnitArg::Sentence => Unit::Sentence,
        UnitArg::Paragraph => Unit::Paragraph,
    };
    let ranker = Ranker::build(&index, unit);
    let suggestions = ranker.suggest(&index, project.store(), code, args.limit)?;
    let name = |s: &tamga::search::Suggestion| {
        index
            .source_info(Source::Document(s.document))
            .map_or("?", |i| i.name.as_str())
    };
    if args.json {
        let rows: Vec<Row<'_>> = suggestions
            .iter()
            .map(|s| Row {
                document: name(s),
                start: s.range.start,
                end: s.range.end,
                text: &s.text,
                score: (s.score * 1000.0).round() / 1000.0,
                words: &s.words,
            })
            .collect();
        super::print_json(&rows)?;
        return Ok(true);
    }
    if suggestions.is_empty() {
        let coded = project
            .codebook()?
            .into_iter()
            .find(|e| e.code.id == code)
            .map_or(0, |e| e.own);
        if coded == 0 {
            outln!(
                "“{}” has no coded passages yet: code a few, then ask again",
                args.code
            );
        } else {
            outln!(
                "no uncoded passage shares words with those coded “{}”",
                args.code
            );
        }
        return Ok(true);
    }
    for (i, s) in suggestions.iter().enumerate() {
        outln!(
            "{}. {} [{}..{}]  score {:.2}  — alike in: {}",
            i + 1,
            name(s),
            s.range.start,
            s.range.end,
            s.score,
            s.words.join(", ")
        );
        outln!("    {}", s.text.replace('\n', "\n    "));
    }
    Ok(true)
}
