//! `tamga disagreements FILE --coders A,B [--document NAME]... [--json]`: the places where two
//! coders differ — what the window's disagreement navigator lists — with both versions.
//! Reads the project without writing to it; resolving is done in the window.

use std::path::PathBuf;

use anyhow::Context as _;
use tamga::analysis::disagreements::{Place, PlaceCoding, disagreements};
use tamga::project::Project;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// The two coders to compare, separated by a comma (`--coders Aigerim,Bolat`).
    #[arg(long, value_name = "A,B", value_delimiter = ',', required = true)]
    coders: Vec<String>,
    /// Only this document (repeatable; default: every document both coders coded).
    #[arg(long, value_name = "NAME")]
    document: Vec<String>,
    /// Print JSON (the coders, every place with both versions, how many are resolved).
    #[arg(long)]
    json: bool,
}

fn version(name: &str, codings: &[PlaceCoding]) -> anyhow::Result<()> {
    if codings.is_empty() {
        outln!("    {name}: nothing coded here");
    }
    for c in codings {
        outln!(
            "    {name}: {} [{}..{}] “{}”",
            c.code_path,
            c.range.start,
            c.range.end,
            c.text
        );
    }
    Ok(())
}

pub fn run(args: &Args) -> anyhow::Result<bool> {
    let project = Project::open_read_only(&args.file)?;
    let store = project.store();
    let names: Vec<&str> = args
        .coders
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .collect();
    let [a, b] = names.as_slice() else {
        anyhow::bail!("name two coders to compare: --coders A,B");
    };
    let coder = |name: &str| {
        store
            .coder_by_name(name)?
            .with_context(|| format!("no coder named “{name}” in {}", args.file.display()))
    };
    let documents = args
        .document
        .iter()
        .map(|name| {
            store
                .document_by_name(name)?
                .with_context(|| format!("no document named “{name}” in {}", args.file.display()))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let codebook = project.codebook()?;
    let found = disagreements(store, &codebook, (coder(a)?, coder(b)?), &documents)?;
    if args.json {
        super::print_json(&found)?;
        return Ok(true);
    }
    let (a, b) = (&found.coders[0].1, &found.coders[1].1);
    for Place {
        document_name,
        range,
        kind,
        a: first,
        b: second,
        ..
    } in &found.places
    {
        outln!(
            "{document_name} [{}..{}] {}",
            range.start,
            range.end,
            kind.describe(a, b)
        );
        version(a, first)?;
        version(b, second)?;
    }
    let resolved = if found.resolved == 0 {
        String::new()
    } else {
        format!(" ({} resolved)", found.resolved)
    };
    outln!(
        "{} place(s) where {a} and {b} differ{resolved}",
        found.places.len()
    );
    if !found.left_out.is_empty() {
        outln!(
            "left out (coded by only one of them): {}",
            found
                .left_out
                .iter()
                .map(|n| format!("“{n}”"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(true)
}
