//! `tamga autocode FILE QUERY --code PATH [--scope hit|sentence|paragraph] [--regex] [--dry-run]`:
//! apply a code to every hit of a search in the documents (or to the sentence or paragraph
//! around each), as one undoable step.

use std::path::PathBuf;

use tamga::search::{Mode, Query, Scope, SearchIndex, Within, autocode};

/// How far around each hit to code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScopeArg {
    /// The matched words.
    Hit,
    /// The sentence around each hit.
    Sentence,
    /// The paragraph around each hit.
    Paragraph,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// The search, as for `tamga search` (documents only: memos are never coded).
    query: String,
    /// The code's path, e.g. `Belonging/language` (missing codes are created).
    #[arg(long, value_name = "PATH")]
    code: String,
    /// What to code around each hit.
    #[arg(long, value_enum, default_value = "hit")]
    scope: ScopeArg,
    /// Read QUERY as a regular expression.
    #[arg(long)]
    regex: bool,
    /// List the passages that would be coded, and change nothing.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(args: &Args, coder: &str) -> anyhow::Result<bool> {
    let mut project = super::open(&args.file, coder)?;
    let index = SearchIndex::open(project.store())?;
    let query = Query {
        text: args.query.clone(),
        mode: if args.regex { Mode::Regex } else { Mode::Words },
        within: Within::Documents,
    };
    let results = index.search(&query)?;
    let scope = match args.scope {
        ScopeArg::Hit => Scope::Hit,
        ScopeArg::Sentence => Scope::Sentence,
        ScopeArg::Paragraph => Scope::Paragraph,
    };
    let existing = project.find_code_path(&args.code)?;
    let preview = autocode::preview(&index, &results, project.store(), existing, scope)?;
    let passages = |n: usize| format!("{n} {}", if n == 1 { "passage" } else { "passages" });
    let skipped = if preview.already_coded == 0 {
        String::new()
    } else {
        format!(
            "; {} already coded with it, skipped",
            passages(preview.already_coded)
        )
    };
    if args.dry_run {
        for c in &preview.candidates {
            let name = index
                .source_info(tamga::search::Source::Document(c.document))
                .map_or("?", |i| i.name.as_str());
            let partly = if c.partly_coded {
                " (partly coded already)"
            } else {
                ""
            };
            outln!("{name} [{}..{}]{partly}", c.range.start, c.range.end);
            outln!("    {}", c.text.replace('\n', "\n    "));
        }
        outln!(
            "would code {} with “{}” ({} in documents{skipped}); nothing changed",
            passages(preview.candidates.len()),
            args.code,
            hits(preview.hits)
        );
        return Ok(true);
    }
    if preview.candidates.is_empty() {
        outln!(
            "nothing to code: {} in documents{skipped}",
            hits(preview.hits)
        );
        return Ok(true);
    }
    let code = project.ensure_code_path(&args.code)?;
    project.execute(autocode::edit(&preview.candidates, code, project.coder()))?;
    outln!(
        "coded {} with “{}” ({} in documents{skipped})",
        passages(preview.candidates.len()),
        args.code,
        hits(preview.hits)
    );
    Ok(true)
}

fn hits(n: usize) -> String {
    format!("{n} {}", if n == 1 { "hit" } else { "hits" })
}
