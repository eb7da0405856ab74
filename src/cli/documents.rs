//! `tamga documents FILE [--json]`

use serde::Serialize;

pub use super::ListArgs as Args;

#[derive(Serialize)]
struct Row {
    id: i64,
    name: String,
    chars: i64,
    encoding: String,
    format: String,
    codings: i64,
}

pub fn run(args: &Args) -> anyhow::Result<bool> {
    let project = super::open_read(&args.file)?;
    let rows: Vec<Row> = project
        .store()
        .document_summaries()?
        .into_iter()
        .map(|d| Row {
            id: d.id.0,
            name: d.name,
            chars: d.chars,
            encoding: d.encoding,
            format: d.format,
            codings: d.codings,
        })
        .collect();
    if args.json {
        super::print_json(&rows)?;
    } else if rows.is_empty() {
        outln!("no documents — add some with: tamga import FILE DOC...");
    } else {
        for r in rows {
            outln!(
                "{:>4}  {:<40} {:>9} chars  {:>5} codings  {}",
                r.id,
                r.name,
                r.chars,
                r.codings,
                r.encoding
            );
        }
    }
    Ok(true)
}
