//! `tamga unplaced FILE [--document NAME] [--json]`: codings whose words are gone from their
//! document, kept with their quote, code, memo and coder.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// Only this document's unplaced codings.
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
    code: &'a str,
    text: &'a str,
    memo: &'a str,
    coder: &'a str,
    created: &'a str,
    was_start: usize,
    was_end: usize,
    unplaced_at: &'a str,
    reason: &'a str,
    guid: &'a str,
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
    let paths: HashMap<_, _> = project
        .codebook()?
        .into_iter()
        .map(|e| (e.code.id, e.path))
        .collect();
    let coders: HashMap<_, _> = project
        .store()
        .coders()?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let list = project.store().unplaced_codings(document)?;
    let rows: Vec<Row<'_>> = list
        .iter()
        .map(|u| Row {
            id: u.id.0,
            document: names.get(&u.coding.document).map_or("", String::as_str),
            code: paths.get(&u.coding.code).map_or("", String::as_str),
            text: &u.coding.text,
            memo: &u.coding.memo,
            coder: coders.get(&u.coding.coder).map_or("", String::as_str),
            created: &u.coding.created_at,
            was_start: u.coding.range.start,
            was_end: u.coding.range.end,
            unplaced_at: &u.unplaced_at,
            reason: &u.reason,
            guid: &u.coding.guid,
        })
        .collect();
    if args.json {
        super::print_json(&rows)?;
        return Ok(true);
    }
    if rows.is_empty() {
        outln!("no unplaced codings");
    }
    for r in &rows {
        outln!(
            "{}  {}  {}: “{}” ({}; {})",
            r.id,
            r.document,
            r.code,
            r.text,
            r.reason,
            r.unplaced_at
        );
    }
    Ok(true)
}
