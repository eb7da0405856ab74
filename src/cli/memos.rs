//! `tamga memos FILE [--kind journal|code|document|coding] [--code PATH] [--document NAME]
//! [--containing TEXT] [--json]`: every memo, with what it is attached to and who last changed
//! it, when.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use serde::Serialize;
use tamga::memos::{self, MemoFilter, MemoKind, MemoSource};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// Only memos of this kind: journal, code, document or coding.
    #[arg(long, value_name = "KIND", value_parser = parse_kind)]
    kind: Option<MemoKind>,
    /// Only memos on this code or on its codings (subcodes not included).
    #[arg(long, value_name = "PATH")]
    code: Option<String>,
    /// Only memos on this document or on codings in it.
    #[arg(long, value_name = "NAME")]
    document: Option<String>,
    /// Only memos whose title, text or attachment contains this (ignoring case).
    #[arg(long, value_name = "TEXT", default_value = "")]
    containing: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

fn parse_kind(s: &str) -> Result<MemoKind, String> {
    MemoKind::from_name(s)
        .ok_or_else(|| format!("unknown kind “{s}”; choose journal, code, document or coding"))
}

#[derive(Serialize)]
struct Row<'a> {
    kind: MemoKind,
    /// `memo` (a memo row), `card` (a code's definition card) or `coding` (a coding's own
    /// memo).
    source: &'static str,
    /// The memo's id, the code's id (card) or the coding's id (coding memo).
    id: i64,
    title: &'a str,
    text: &'a str,
    attached_to: &'a str,
    document: Option<&'a str>,
    code: Option<&'a str>,
    excerpt_id: Option<&'a str>,
    start: Option<usize>,
    end: Option<usize>,
    author: &'a str,
    created: &'a str,
    modified_by: &'a str,
    modified: &'a str,
    card: Option<BTreeMap<&'static str, &'a str>>,
}

pub fn run(args: &Args) -> anyhow::Result<bool> {
    let project = super::open_read(&args.file)?;
    let filter = MemoFilter {
        kind: args.kind,
        code: match &args.code {
            Some(path) => {
                Some(super::code_ids(&project, std::slice::from_ref(path), &args.file)?[0])
            }
            None => None,
        },
        document: match &args.document {
            Some(name) => {
                Some(super::document_ids(&project, std::slice::from_ref(name), &args.file)?[0])
            }
            None => None,
        },
        text: args.containing.clone(),
    };
    let all = memos::list(&project)?;
    let shown: Vec<_> = all.iter().filter(|m| filter.matches(m)).collect();
    if args.json {
        let paths: HashMap<_, _> = project
            .codebook()?
            .into_iter()
            .map(|e| (e.code.id, e.path))
            .collect();
        let names: HashMap<_, _> = project
            .store()
            .document_summaries()?
            .into_iter()
            .map(|d| (d.id, d.name))
            .collect();
        let rows: Vec<Row<'_>> = shown
            .iter()
            .map(|m| {
                let (source, id) = match m.source {
                    MemoSource::Memo(id) => ("memo", id.0),
                    MemoSource::Card(id) => ("card", id.0),
                    MemoSource::CodingMemo(id) => ("coding", id.0),
                };
                Row {
                    kind: m.kind,
                    source,
                    id,
                    title: &m.title,
                    text: &m.text,
                    attached_to: &m.attached,
                    document: m.document.and_then(|d| names.get(&d)).map(String::as_str),
                    code: m.code.and_then(|c| paths.get(&c)).map(String::as_str),
                    excerpt_id: m.excerpt_id.as_deref(),
                    start: m.range.map(|r| r.start),
                    end: m.range.map(|r| r.end),
                    author: &m.author,
                    created: &m.created_at,
                    modified_by: &m.modified_by,
                    modified: &m.modified_at,
                    card: matches!(m.source, MemoSource::Card(_)).then(|| {
                        m.card
                            .iter()
                            .map(|(field, text)| (field.name(), text.as_str()))
                            .collect()
                    }),
                }
            })
            .collect();
        super::print_json(&rows)?;
        return Ok(true);
    }
    if shown.is_empty() {
        if all.is_empty() {
            outln!("no memos yet — write one with: tamga memo FILE --journal TITLE --text TEXT");
        } else {
            outln!("no memo matches");
        }
        return Ok(true);
    }
    let mut kind = None;
    for m in shown {
        if kind != Some(m.kind) {
            if kind.is_some() {
                outln!();
            }
            outln!("## {}", m.kind.heading());
            kind = Some(m.kind);
        }
        let changed = if m.modified_at == m.created_at {
            String::new()
        } else if m.modified_by.is_empty() {
            format!(" · changed {}", m.modified_at)
        } else {
            format!(" · changed {} by {}", m.modified_at, m.modified_by)
        };
        let by = if m.author.is_empty() {
            m.created_at.clone()
        } else {
            format!("{}, {}", m.author, m.created_at)
        };
        outln!();
        outln!("{} — {by}{changed}", m.heading());
        if let Some(on) = m.on_line() {
            outln!("  {on}");
        }
        for line in m.text.lines() {
            outln!("    {line}");
        }
    }
    Ok(true)
}
