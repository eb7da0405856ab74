//! `tamga codes FILE [--history] [--json]`: the codebook with counts, or its history (every
//! rename, move, merge, split and definition change, with when, who and why).

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// List the codebook's history instead: every rename, move, merge, split and change of a
    /// code's definition, oldest first.
    #[arg(long)]
    history: bool,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Row {
    id: i64,
    path: String,
    color: String,
    description: String,
    when_to_use: String,
    when_not_to_use: String,
    example: String,
    /// Codings of this code itself.
    count: i64,
    /// Codings of this code and its subcodes.
    total: i64,
}

#[derive(Serialize)]
struct Change<'a> {
    id: i64,
    at: &'a str,
    coder: &'a str,
    kind: &'static str,
    /// The code's path now; `null` if it no longer exists (merged away or deleted).
    code: Option<&'a str>,
    code_guid: &'a str,
    /// The other code's path now (merge: the code merged away, so usually `null`; split: the
    /// new code).
    other: Option<&'a str>,
    other_guid: &'a str,
    before: &'a str,
    after: &'a str,
    codings: i64,
    reason: &'a str,
    summary: String,
}

pub fn run(args: &Args) -> anyhow::Result<bool> {
    let project = super::open_read(&args.file)?;
    let codebook = project.codebook()?;
    if args.history {
        let history = project.store().code_history(None)?;
        let coders: HashMap<_, _> = project
            .store()
            .coders()?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let paths: HashMap<&str, &str> = codebook
            .iter()
            .map(|e| (e.code.guid.as_str(), e.path.as_str()))
            .collect();
        let coder = |c: &tamga::domain::CodeChange| {
            c.coder
                .and_then(|id| coders.get(&id))
                .map_or("", String::as_str)
        };
        if args.json {
            let rows: Vec<Change<'_>> = history
                .iter()
                .map(|c| Change {
                    id: c.id.0,
                    at: &c.at,
                    coder: coder(c),
                    kind: c.kind.name(),
                    code: paths.get(c.code.as_str()).copied(),
                    code_guid: &c.code,
                    other: paths.get(c.other.as_str()).copied(),
                    other_guid: &c.other,
                    before: &c.before,
                    after: &c.after,
                    codings: c.codings,
                    reason: &c.reason,
                    summary: c.summary(),
                })
                .collect();
            super::print_json(&rows)?;
        } else if history.is_empty() {
            outln!(
                "the codebook has no history yet: no code was renamed, moved, merged, split or defined"
            );
        } else {
            for c in &history {
                let who = match coder(c) {
                    "" => String::new(),
                    name => format!("  {name}"),
                };
                outln!("{}{who}  {}", c.at, c.summary());
                if !c.reason.is_empty() {
                    outln!("    why: {}", c.reason);
                }
            }
        }
        return Ok(true);
    }
    if args.json {
        let rows: Vec<Row> = codebook
            .into_iter()
            .map(|e| Row {
                id: e.code.id.0,
                path: e.path,
                color: e.code.color,
                description: e.code.description,
                when_to_use: e.code.when_to_use,
                when_not_to_use: e.code.when_not_to_use,
                example: e.code.example,
                count: e.own,
                total: e.total,
            })
            .collect();
        super::print_json(&rows)?;
    } else if codebook.is_empty() {
        outln!(
            "no codes yet — create one with: tamga code FILE --document NAME --code PATH --quote TEXT"
        );
    } else {
        for e in codebook {
            let label = format!("{}{}", "  ".repeat(e.depth), e.code.name);
            outln!("{label:<48} {:>5}  {}", e.total, e.code.description);
        }
    }
    Ok(true)
}
