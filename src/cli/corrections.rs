//! `tamga corrections FILE [--document NAME] [--json]`: who changed which transcript's text
//! after import, when, and what.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;
use tamga::domain::ChangeRecord;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// Only this document's corrections.
    #[arg(long, value_name = "NAME")]
    document: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Row<'a> {
    id: i64,
    document: &'a str,
    kind: &'static str,
    coder: &'a str,
    made: &'a str,
    summary: &'a str,
    change_count: usize,
    removed: usize,
    inserted: usize,
    unplaced: usize,
    previous_file: Option<&'a str>,
    changes: &'a [ChangeRecord],
}

pub fn run(args: &Args) -> anyhow::Result<bool> {
    let project = super::open_read(&args.file)?;
    let document = match &args.document {
        Some(name) => {
            Some(super::document_ids(&project, std::slice::from_ref(name), &args.file)?[0])
        }
        None => None,
    };
    let names: HashMap<_, _> = project
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
    let log = project.store().corrections(document)?;
    let rows: Vec<Row<'_>> = log
        .iter()
        .map(|c| Row {
            id: c.id.0,
            document: names.get(&c.document).map_or("", String::as_str),
            kind: c.kind.name(),
            coder: coders.get(&c.coder).map_or("", String::as_str),
            made: &c.made_at,
            summary: &c.summary,
            change_count: c.change_count,
            removed: c.removed,
            inserted: c.inserted,
            unplaced: c.unplaced,
            previous_file: c.previous_source.as_ref().map(|s| s.original_name.as_str()),
            changes: &c.changes,
        })
        .collect();
    if args.json {
        super::print_json(&rows)?;
        return Ok(true);
    }
    if rows.is_empty() {
        outln!("no corrections: every text is as it was imported");
    }
    for r in &rows {
        outln!(
            "{}  {}  {} ({}): {}",
            r.made,
            r.document,
            r.coder,
            r.kind,
            r.summary
        );
    }
    Ok(true)
}
