//! `tamga search FILE QUERY [--regex] [--in documents|memos|all] [--context N] [--json]`: every
//! hit in documents and memos, grouped by document, each in its context.

use std::path::PathBuf;

use serde::Serialize;
use tamga::search::{Field, Hit, Mode, Query, SearchIndex, Source, Within};

/// Where to search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum In {
    /// Document texts only.
    Documents,
    /// Memos only (journal, document, code and coding memos).
    Memos,
    /// Both.
    All,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// Words, "phrases", prefix*, AND / OR / NOT (in capitals), brackets; or a regular
    /// expression with --regex.
    query: String,
    /// Read QUERY as a regular expression (case-insensitive unless it starts with `(?-i)`).
    #[arg(long)]
    regex: bool,
    /// Where to search.
    #[arg(long = "in", value_enum, default_value = "all", value_name = "WHERE")]
    within: In,
    /// Characters of context either side of each hit.
    #[arg(long, default_value_t = 40, value_name = "N")]
    context: usize,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// A memo hit's memo.
#[derive(Serialize)]
struct MemoRef<'a> {
    /// Row id of the memo (`null` for a coding's own memo).
    id: Option<i64>,
    /// The coding, for a coding's own memo.
    coding: Option<i64>,
    /// The code, for a code's definition card.
    code: Option<i64>,
    kind: &'static str,
    title: &'a str,
    attached_to: &'a str,
    /// `title` or `body`.
    field: &'static str,
}

#[derive(Serialize)]
struct Row<'a> {
    document: Option<&'a str>,
    memo: Option<MemoRef<'a>>,
    start: usize,
    end: usize,
    text: String,
    before: String,
    after: String,
}

/// How a group of hits is introduced in the text output.
fn heading(index: &SearchIndex, source: Source) -> String {
    let Some(info) = index.source_info(source) else {
        return String::new();
    };
    match info.memo_kind {
        None => info.name.clone(),
        Some(kind) => {
            let title = if info.name.is_empty() {
                String::new()
            } else {
                format!(" “{}”", info.name)
            };
            format!(
                "{} memo{title}, on {}",
                kind.name(),
                info.attached_to.as_deref().unwrap_or("?")
            )
        }
    }
}

fn one_line(s: &str) -> String {
    s.replace('\n', " ⏎ ")
}

pub fn run(args: &Args) -> anyhow::Result<bool> {
    let project = super::open_read(&args.file)?;
    let index = SearchIndex::open(project.store())?;
    let query = Query {
        text: args.query.clone(),
        mode: if args.regex { Mode::Regex } else { Mode::Words },
        within: match args.within {
            In::Documents => Within::Documents,
            In::Memos => Within::Memos,
            In::All => Within::All,
        },
    };
    let results = index.search(&query)?;
    if args.json {
        let rows: Vec<Row<'_>> = results
            .hits()
            .iter()
            .map(|hit| row(&index, hit, args.context))
            .collect();
        super::print_json(&rows)?;
        return Ok(true);
    }
    if results.is_empty() {
        outln!("no hits for “{}”", args.query);
        return Ok(true);
    }
    let (mut documents, mut memos) = (0, 0);
    for group in results.groups() {
        if group.source.document().is_some() {
            documents += 1;
        } else {
            memos += 1;
        }
        let hits = if group.count == 1 { "hit" } else { "hits" };
        outln!("{} — {} {hits}", heading(&index, group.source), group.count);
        for hit in results.hits_of(group) {
            let Some(kwic) = index.kwic(hit, args.context) else {
                continue;
            };
            let field = if hit.field == Field::Title {
                "title "
            } else {
                ""
            };
            outln!(
                "  {field}{}..{}  …{}[{}]{}…",
                hit.range.start,
                hit.range.end,
                one_line(&kwic.before),
                one_line(&kwic.text),
                one_line(&kwic.after)
            );
        }
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    outln!(
        "{} in {} and {}",
        plural(results.len(), "hit", "hits"),
        plural(documents, "document", "documents"),
        plural(memos, "memo", "memos")
    );
    Ok(true)
}

fn row<'a>(index: &'a SearchIndex, hit: &Hit, context: usize) -> Row<'a> {
    let kwic = index.kwic(hit, context);
    let info = index.source_info(hit.source);
    let (document, memo) = match (hit.source, info) {
        (Source::Document(_), Some(info)) => (Some(info.name.as_str()), None),
        (source, Some(info)) => (
            None,
            Some(MemoRef {
                id: match source {
                    Source::Memo(id) => Some(id.0),
                    _ => None,
                },
                coding: match source {
                    Source::CodingMemo(id) => Some(id.0),
                    _ => None,
                },
                code: match source {
                    Source::Card(id) => Some(id.0),
                    _ => None,
                },
                kind: info.memo_kind.map_or("", |k| k.name()),
                title: &info.name,
                attached_to: info.attached_to.as_deref().unwrap_or(""),
                field: if hit.field == Field::Title {
                    "title"
                } else {
                    "body"
                },
            }),
        ),
        (_, None) => (None, None),
    };
    let (text, before, after) = kwic.map_or_else(Default::default, |k| (k.text, k.before, k.after));
    Row {
        document,
        memo,
        start: hit.range.start,
        end: hit.range.end,
        text,
        before,
        after,
    }
}
