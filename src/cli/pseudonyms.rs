//! `tamga pseudonyms FILE [--csv] [--json]`: the project's list of names and their pseudonyms.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::PathBuf;

use serde::Serialize;
use tamga::corrections::pseudonymise;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// Print CSV (`name,pseudonym,added_by,added_at`) for a spreadsheet or a script.
    #[arg(long, conflicts_with = "json")]
    csv: bool,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Row<'a> {
    name: &'a str,
    pseudonym: &'a str,
    added_by: &'a str,
    added_at: &'a str,
}

pub fn run(args: &Args) -> anyhow::Result<bool> {
    let project = super::open_read(&args.file)?;
    if args.csv {
        let csv = pseudonymise::pseudonyms_csv(project.store())?;
        std::io::stdout().lock().write_all(csv.as_bytes())?;
        return Ok(true);
    }
    let coders: HashMap<_, _> = project
        .store()
        .coders()?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let list = project.store().pseudonyms()?;
    let rows: Vec<Row<'_>> = list
        .iter()
        .map(|p| Row {
            name: &p.name,
            pseudonym: &p.pseudonym,
            added_by: coders.get(&p.coder).map_or("", String::as_str),
            added_at: &p.created_at,
        })
        .collect();
    if args.json {
        super::print_json(&rows)?;
        return Ok(true);
    }
    if rows.is_empty() {
        outln!("no pseudonyms yet (`tamga pseudonymise` adds them)");
    }
    for r in &rows {
        outln!(
            "{} → {}  ({}, {})",
            r.name,
            r.pseudonym,
            r.added_by,
            r.added_at
        );
    }
    Ok(true)
}
