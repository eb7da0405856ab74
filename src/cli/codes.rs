//! `tamga codes FILE [--json]`

use serde::Serialize;

pub use super::ListArgs as Args;

#[derive(Serialize)]
struct Row {
    id: i64,
    path: String,
    color: String,
    description: String,
    /// Codings of this code itself.
    count: i64,
    /// Codings of this code and its subcodes.
    total: i64,
}

pub fn run(args: &Args) -> anyhow::Result<bool> {
    let project = super::open_read(&args.file)?;
    let codebook = project.codebook()?;
    if args.json {
        let rows: Vec<Row> = codebook
            .into_iter()
            .map(|e| Row {
                id: e.code.id.0,
                path: e.path,
                color: e.code.color,
                description: e.code.description,
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
