//! `tamga show FILE ID [--context N|paragraph] [--json]`: one excerpt by its id (`T-3F9A2C7K`,
//! its first characters, or a GUID prefix), with its context, code, document, ¶ and memo.

use std::path::PathBuf;

use anyhow::bail;
use serde::Serialize;
use tamga::retrieval::{self, Context};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// The excerpt id (`T-3F9A2C7K`, or its first characters), or a GUID or its beginning.
    id: String,
    /// Context around the excerpt: a number of characters, or `paragraph` (the default).
    #[arg(long, value_name = "N|paragraph", value_parser = super::parse_context)]
    context: Option<Context>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Shown<'a> {
    id: i64,
    excerpt_id: String,
    document: &'a str,
    paragraph: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pages: Option<(usize, usize)>,
    code: &'a str,
    color: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    before: &'a str,
    after: &'a str,
    memo: &'a str,
    coder: &'a str,
    created: &'a str,
    citation: String,
}

pub fn run(args: &Args) -> anyhow::Result<bool> {
    let project = super::open_read(&args.file)?;
    let found = retrieval::resolve_excerpt_id(project.store(), &args.id)?;
    let coding = match found.as_slice() {
        [one] => *one,
        [] => bail!("no excerpt “{}” in {}", args.id, args.file.display()),
        many => {
            let ids: Vec<String> = many
                .iter()
                .map(|c| {
                    project.store().coding(*c).map(|c| {
                        format!("{} ({})", retrieval::ExcerptId::from_guid(&c.guid), c.guid)
                    })
                })
                .collect::<Result<_, _>>()?;
            bail!(
                "“{}” matches {} excerpts ({}); give more of the id or the GUID: {}",
                args.id,
                many.len(),
                ids.join(", "),
                args.file.display()
            )
        }
    };
    let e = retrieval::excerpt_of(&project, coding, args.context.unwrap_or(Context::Paragraph))?;
    let Some(c) = e.codings.first() else {
        bail!("the excerpt has no coding: {}", args.file.display());
    };
    if args.json {
        super::print_json(&Shown {
            id: c.coding.0,
            excerpt_id: c.excerpt_id.to_string(),
            document: &e.document_name,
            paragraph: e.paragraph,
            pages: e.pages,
            code: &c.code_path,
            color: &c.color,
            start: e.range.start,
            end: e.range.end,
            text: &e.text,
            before: &e.before,
            after: &e.after,
            memo: &c.memo,
            coder: &c.coder,
            created: &c.created,
            citation: e.citation(),
        })?;
        return Ok(true);
    }
    outln!("{}  {}", c.excerpt_id, c.code_path);
    outln!(
        "{}, {} (characters {}..{}) · {}, {}",
        e.document_name,
        e.location_label(),
        e.range.start,
        e.range.end,
        c.coder,
        c.created
    );
    outln!();
    outln!("{}[[{}]]{}", e.before, e.text, e.after);
    outln!();
    if !c.memo.trim().is_empty() {
        outln!("memo: {}", c.memo.trim());
    }
    outln!("{}", e.citation());
    Ok(true)
}
