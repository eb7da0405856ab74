//! `tamga segments FILE [--code PATH]... [--document NAME] [--where CONDITION]... [--case NAME]...
//! [--json]`

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::Context as _;
use serde::Serialize;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// Only codings of this code (repeatable; subcodes not included).
    #[arg(long, value_name = "PATH")]
    code: Vec<String>,
    /// Only codings in this document.
    #[arg(long, value_name = "NAME")]
    document: Option<String>,
    #[command(flatten)]
    restrict: super::WhereArgs,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Row {
    id: i64,
    document: String,
    code: String,
    start: usize,
    end: usize,
    text: String,
    memo: String,
    coder: String,
    created: String,
    /// The short stable id, `T-3F9A2C7K` (see `tamga show`).
    excerpt_id: String,
}

pub fn run(args: &Args) -> anyhow::Result<bool> {
    let project = super::open_read(&args.file)?;
    let codebook = project.codebook()?;
    let paths: HashMap<_, _> = codebook
        .iter()
        .map(|e| (e.code.id, e.path.clone()))
        .collect();
    let mut wanted = Vec::new();
    for path in &args.code {
        wanted.push(
            project
                .find_code_path(path)?
                .with_context(|| format!("no code “{path}” in {}", args.file.display()))?,
        );
    }
    let document =
        match &args.document {
            Some(name) => Some(project.store().document_by_name(name)?.with_context(|| {
                format!("no document named “{name}” in {}", args.file.display())
            })?),
            None => None,
        };
    let documents: HashMap<_, _> = project
        .store()
        .document_summaries()?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let coders: HashMap<_, _> = project
        .store()
        .coders()?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let restriction = args.restrict.restriction(&project, &args.file)?;
    let scope = restriction.scope(
        &project.store().attributes()?,
        &project.store().attribute_values()?,
        &project.store().case_members()?,
    );
    let rows: Vec<Row> = project
        .store()
        .all_codings()?
        .into_iter()
        .filter(|c| wanted.is_empty() || wanted.contains(&c.code))
        .filter(|c| document.is_none_or(|d| d == c.document))
        .filter(|c| scope.admits(c.document, c.range))
        .map(|c| Row {
            id: c.id.0,
            excerpt_id: tamga::retrieval::ExcerptId::from_guid(&c.guid).to_string(),
            document: documents.get(&c.document).cloned().unwrap_or_default(),
            code: paths.get(&c.code).cloned().unwrap_or_default(),
            start: c.range.start,
            end: c.range.end,
            text: c.text,
            memo: c.memo,
            coder: coders.get(&c.coder).cloned().unwrap_or_default(),
            created: c.created_at,
        })
        .collect();
    if args.json {
        super::print_json(&rows)?;
    } else {
        for r in &rows {
            outln!(
                "{} {} [{}..{}] {}",
                r.excerpt_id,
                r.document,
                r.start,
                r.end,
                r.code
            );
            outln!("    {}", r.text.replace('\n', "\n    "));
            if !r.memo.is_empty() {
                outln!("    memo: {}", r.memo);
            }
        }
        outln!("{} coding(s)", rows.len());
    }
    Ok(true)
}
