//! `tamga cases FILE [--json]`, `tamga cases FILE --by-speaker [--document NAME]... [--dry-run]`,
//! `tamga cases FILE --create NAME [--document NAME]... [--passage NAME:START..END]...`,
//! `tamga cases FILE --delete NAME...`

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::Context as _;
use serde::Serialize;
use tamga::analysis::speakers::preview_cases_by_speaker;
use tamga::domain::{AttributeScope, Edit, NewCase, NewCaseMember, TextRange, ValueOwner};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// Create a case per speaker from `Name:` turns (in these documents, or all).
    #[arg(long, conflicts_with_all = ["create", "delete"])]
    by_speaker: bool,
    /// With --by-speaker: show what would be created, change nothing.
    #[arg(long, requires = "by_speaker")]
    dry_run: bool,
    /// Create a case with the --document and --passage members.
    #[arg(long, value_name = "NAME", conflicts_with = "delete")]
    create: Option<String>,
    /// A whole document as a member (with --create), or a document to look in (with
    /// --by-speaker). Repeatable.
    #[arg(long, value_name = "NAME")]
    document: Vec<String>,
    /// A passage as a member (with --create): DOCUMENT:START..END in characters. Repeatable.
    #[arg(long, value_name = "DOCUMENT:START..END")]
    passage: Vec<String>,
    /// Delete these cases (their documents stay). Repeatable.
    #[arg(long, value_name = "NAME")]
    delete: Vec<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct MemberJson {
    document: String,
    /// Absent for a whole document.
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<usize>,
}

#[derive(Serialize)]
struct CaseJson {
    name: String,
    members: Vec<MemberJson>,
    attributes: serde_json::Map<String, serde_json::Value>,
}

pub fn run(args: &Args, coder: &str) -> anyhow::Result<bool> {
    // Listing and a dry run read the project without writing to it.
    let writes =
        (args.by_speaker && !args.dry_run) || args.create.is_some() || !args.delete.is_empty();
    let mut project = if writes {
        super::open(&args.file, coder)?
    } else {
        super::open_read(&args.file)?
    };
    let file = args.file.display().to_string();
    if args.by_speaker {
        let documents = super::document_ids(&project, &args.document, &args.file)?;
        let preview = preview_cases_by_speaker(&project, &documents)?;
        if args.json {
            super::print_json(&preview)?;
        } else {
            for c in &preview.cases {
                outln!(
                    "{}{}: {} turn(s) in {} document(s), {} characters",
                    c.name,
                    if c.existing.is_some() {
                        " (existing case)"
                    } else {
                        ""
                    },
                    c.turns,
                    c.documents,
                    c.chars
                );
            }
            if preview.already > 0 {
                outln!(
                    "{} turn(s) already in their speaker's case",
                    preview.already
                );
            }
        }
        match preview.edit {
            None if !args.json => outln!(
                "no speaker turns to add (a turn starts with “Name:” at the start of a line)"
            ),
            Some(_) if args.dry_run && !args.json => outln!("nothing changed (--dry-run)"),
            Some(edit) if !args.dry_run => {
                project
                    .execute(edit)
                    .map_err(|e| anyhow::anyhow!("{e}; nothing changed: {file}"))?;
                if !args.json {
                    outln!("{} case(s) by speaker", preview.cases.len());
                }
            }
            _ => {}
        }
        return Ok(true);
    }
    if let Some(name) = &args.create {
        let mut members: Vec<NewCaseMember> =
            super::document_ids(&project, &args.document, &args.file)?
                .into_iter()
                .map(|document| NewCaseMember {
                    document,
                    range: None,
                })
                .collect();
        for p in &args.passage {
            let (doc, range) = p
                .rsplit_once(':')
                .with_context(|| format!("“{p}” is not DOCUMENT:START..END"))?;
            let (start, end) = range
                .split_once("..")
                .and_then(|(s, e)| Some((s.trim().parse().ok()?, e.trim().parse().ok()?)))
                .with_context(|| format!("“{range}” is not START..END (character offsets)"))?;
            let document = super::document_ids(&project, &[doc.to_owned()], &args.file)?[0];
            members.push(NewCaseMember {
                document,
                range: Some(TextRange::new(start, end)),
            });
        }
        project
            .execute(Edit::CreateCases(vec![NewCase {
                name: name.clone(),
                members,
            }]))
            .map_err(|e| anyhow::anyhow!("{e}; nothing changed: {file}"))?;
        outln!("created case “{name}”");
        return Ok(true);
    }
    if !args.delete.is_empty() {
        let ids = args
            .delete
            .iter()
            .map(|name| {
                project
                    .store()
                    .case_by_name(name)?
                    .with_context(|| format!("no case named “{name}” in {file}"))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let n = ids.len();
        project
            .execute(Edit::DeleteCases { ids })
            .map_err(|e| anyhow::anyhow!("{e}; nothing changed: {file}"))?;
        outln!("deleted {n} case(s)");
        return Ok(true);
    }
    list(&project, args.json)
}

fn list(project: &tamga::project::Project, json: bool) -> anyhow::Result<bool> {
    let store = project.store();
    let names: HashMap<_, _> = store
        .document_summaries()?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let attributes: Vec<_> = store
        .attributes()?
        .into_iter()
        .filter(|a| a.scope == AttributeScope::Cases)
        .collect();
    let members = store.case_members()?;
    let cases: Vec<CaseJson> = store
        .cases()?
        .into_iter()
        .map(|c| {
            let attributes = attributes
                .iter()
                .filter_map(|a| {
                    store
                        .attribute_value(ValueOwner::Case(c.id), a.id)
                        .ok()
                        .flatten()
                        .map(|v| (a.name.clone(), serde_json::Value::String(v)))
                })
                .collect();
            CaseJson {
                members: members
                    .iter()
                    .filter(|m| m.case == c.id)
                    .map(|m| MemberJson {
                        document: names.get(&m.document).cloned().unwrap_or_default(),
                        start: m.range.map(|r| r.start),
                        end: m.range.map(|r| r.end),
                    })
                    .collect(),
                name: c.name,
                attributes,
            }
        })
        .collect();
    if json {
        super::print_json(&cases)?;
        return Ok(true);
    }
    if cases.is_empty() {
        outln!(
            "no cases yet — create them with: tamga cases FILE --by-speaker, or --create NAME --document NAME"
        );
    }
    for c in &cases {
        let passages = c.members.iter().filter(|m| m.start.is_some()).count();
        let whole = c.members.len() - passages;
        outln!(
            "{}: {} whole document(s), {} passage(s)",
            c.name,
            whole,
            passages
        );
        for (name, value) in &c.attributes {
            outln!("    {name} = {}", value.as_str().unwrap_or_default());
        }
    }
    Ok(true)
}
