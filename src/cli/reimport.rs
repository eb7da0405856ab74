//! `tamga reimport FILE --document NAME NEWFILE [--dry-run] [--json] [--join-pdf-lines]`:
//! replaces a document with a corrected version of its file, carrying every coding to where
//! its words now are.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;
use tamga::corrections::reimport::{self, Outcome};
use tamga::import::{self, ImportOptions};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// The document to replace.
    #[arg(long)]
    document: String,
    /// The corrected file (any format `tamga import` reads).
    newfile: PathBuf,
    /// Only show where the codings would go.
    #[arg(long)]
    dry_run: bool,
    /// Join the hard-wrapped lines of each paragraph of a PDF.
    #[arg(long)]
    join_pdf_lines: bool,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Coding<'a> {
    id: i64,
    code: &'a str,
    outcome: Outcome,
    old_start: usize,
    old_end: usize,
    old_text: &'a str,
    new_start: Option<usize>,
    new_end: Option<usize>,
    new_text: &'a str,
}

#[derive(Serialize)]
struct Preview<'a> {
    document: &'a str,
    old_chars: usize,
    new_chars: usize,
    changes: usize,
    exact: usize,
    changed: usize,
    relocated: usize,
    unplaced: usize,
    applied: bool,
    codings: Vec<Coding<'a>>,
}

pub fn run(args: &Args, coder: &str) -> anyhow::Result<bool> {
    let mut project = if args.dry_run {
        super::open_read(&args.file)?
    } else {
        super::open(&args.file, coder)?
    };
    let document =
        super::document_ids(&project, std::slice::from_ref(&args.document), &args.file)?[0];
    let corrected = import::read_document_with(
        &args.newfile,
        ImportOptions {
            join_pdf_lines: args.join_pdf_lines,
        },
    )?;
    let plan = reimport::plan(project.store(), document, &corrected, project.coder())?;
    let applied = !args.dry_run;
    if applied {
        project.execute(plan.edit())?;
    }
    let paths: HashMap<_, _> = project
        .codebook()?
        .into_iter()
        .map(|e| (e.code.id, e.path))
        .collect();
    let preview = Preview {
        document: &args.document,
        old_chars: plan.old_chars,
        new_chars: plan.new_chars,
        changes: plan.changes,
        exact: plan.count(Outcome::Exact),
        changed: plan.count(Outcome::Changed),
        relocated: plan.count(Outcome::Relocated),
        unplaced: plan.count(Outcome::Unplaced),
        applied,
        codings: plan
            .codings
            .iter()
            .map(|c| Coding {
                id: c.id.0,
                code: paths.get(&c.code).map_or("", String::as_str),
                outcome: c.outcome,
                old_start: c.old_range.start,
                old_end: c.old_range.end,
                old_text: &c.old_text,
                new_start: c.new_range.map(|r| r.start),
                new_end: c.new_range.map(|r| r.end),
                new_text: &c.new_text,
            })
            .collect(),
    };
    if args.json {
        super::print_json(&preview)?;
        return Ok(true);
    }
    for c in preview
        .codings
        .iter()
        .filter(|c| c.outcome != Outcome::Exact)
    {
        match c.outcome {
            Outcome::Unplaced => outln!("unplaced   {} {}: “{}”", c.id, c.code, c.old_text),
            Outcome::Relocated => outln!("by quote   {} {}: “{}”", c.id, c.code, c.new_text),
            _ => outln!(
                "changed    {} {}: “{}” → “{}”",
                c.id,
                c.code,
                c.old_text,
                c.new_text
            ),
        }
    }
    outln!(
        "{} “{}” ({} → {} characters, {} changed passage(s)): {} coding(s) on the same words, {} with changed words, {} found by their quote, {} unplaced{}",
        if applied { "replaced" } else { "would replace" },
        args.document,
        preview.old_chars,
        preview.new_chars,
        preview.changes,
        preview.exact,
        preview.changed,
        preview.relocated,
        preview.unplaced,
        if applied {
            ""
        } else {
            " (dry run: nothing changed)"
        }
    );
    Ok(true)
}
