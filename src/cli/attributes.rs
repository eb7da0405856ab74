//! `tamga attributes FILE [--cases] [--json|--csv] [--define NAME:TYPE]... [--delete NAME]...
//! [--import TABLE.csv|TABLE.xlsx] [--export TABLE.csv|TABLE.xlsx]`
//!
//! Types: `text`, `number`, `date`, `yes/no` (or `yesno`), and `choice:A|B|C` for one of a
//! fixed list.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::Serialize;
use tamga::analysis::attribute_table::{attribute_table, plan_import, read_table};
use tamga::domain::{AttributeKind, AttributeScope, Edit};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// The attributes of cases instead of documents.
    #[arg(long)]
    cases: bool,
    /// Define an attribute: NAME:text, NAME:number, NAME:date, NAME:yes/no or
    /// NAME:choice:A|B|C (repeatable).
    #[arg(long, value_name = "NAME:TYPE")]
    define: Vec<String>,
    /// Delete an attribute with all its values (repeatable).
    #[arg(long, value_name = "NAME")]
    delete: Vec<String>,
    /// Set values from a table (.csv or .xlsx): a row per document (or case) named in the
    /// first column, a column per attribute; an empty cell clears the value. All or nothing.
    #[arg(long, value_name = "TABLE", conflicts_with_all = ["define", "delete"])]
    import: Option<PathBuf>,
    /// Write the table to a .csv or .xlsx file.
    #[arg(long, value_name = "TABLE")]
    export: Option<PathBuf>,
    /// Print JSON.
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print the table as CSV.
    #[arg(long)]
    csv: bool,
}

/// `NAME:TYPE` as an attribute's name and type.
fn parse_definition(s: &str) -> Result<(String, AttributeKind), String> {
    let (name, kind) = s
        .split_once(':')
        .ok_or_else(|| format!("“{s}” needs a type: NAME:text, NAME:number, NAME:date, NAME:yes/no or NAME:choice:A|B|C"))?;
    let kind = match kind.trim() {
        "text" => AttributeKind::Text,
        "number" => AttributeKind::Number,
        "date" => AttributeKind::Date,
        "yes/no" | "yesno" | "yes-no" => AttributeKind::YesNo,
        other => match other.strip_prefix("choice:") {
            Some(list) => {
                AttributeKind::Choice(list.split('|').map(|c| c.trim().to_owned()).collect())
            }
            None => {
                return Err(format!(
                    "unknown type “{other}”; choose text, number, date, yes/no or choice:A|B|C"
                ));
            }
        },
    };
    Ok((name.trim().to_owned(), kind))
}

#[derive(Serialize)]
struct AttributeJson {
    name: String,
    scope: AttributeScope,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    choices: Vec<String>,
}

pub fn run(args: &Args, coder: &str) -> anyhow::Result<bool> {
    let scope = if args.cases {
        AttributeScope::Cases
    } else {
        AttributeScope::Documents
    };
    // Only a definition, a deletion or an import changes the project; listing and exporting
    // read it without writing.
    let writes = !args.define.is_empty() || !args.delete.is_empty() || args.import.is_some();
    let mut project = if writes {
        super::open(&args.file, coder)?
    } else {
        super::open_read(&args.file)?
    };
    let mut edits = Vec::new();
    for d in &args.define {
        let (name, kind) =
            parse_definition(d).map_err(|e| anyhow::anyhow!("{e}: {}", args.file.display()))?;
        edits.push(Edit::DefineAttribute { scope, name, kind });
    }
    for name in &args.delete {
        let a = project
            .store()
            .attribute_by_name(scope, name)?
            .with_context(|| {
                format!(
                    "no {} attribute named “{name}” in {}",
                    scope.noun(),
                    args.file.display()
                )
            })?;
        edits.push(Edit::DeleteAttribute { id: a.id });
    }
    if !edits.is_empty() {
        let n = edits.len();
        let edit = if n == 1 {
            edits.remove(0)
        } else {
            Edit::Batch(edits)
        };
        project
            .execute(edit)
            .map_err(|e| anyhow::anyhow!("{e}; nothing changed: {}", args.file.display()))?;
        outln!("{n} change(s) to the attributes of {}s", scope.noun());
        return Ok(true);
    }
    if let Some(path) = &args.import {
        return import(&mut project, scope, path, &args.file);
    }
    let table = attribute_table(&project, scope)?;
    if let Some(path) = &args.export {
        table.write(path)?;
        outln!("wrote {}", path.display());
        return Ok(true);
    }
    if args.json {
        #[derive(Serialize)]
        struct Out {
            attributes: Vec<AttributeJson>,
            rows: Vec<serde_json::Map<String, serde_json::Value>>,
        }
        let attributes = project
            .store()
            .attributes()?
            .into_iter()
            .filter(|a| a.scope == scope)
            .map(|a| AttributeJson {
                kind: a.kind.name(),
                choices: match a.kind {
                    AttributeKind::Choice(c) => c,
                    _ => Vec::new(),
                },
                name: a.name,
                scope: a.scope,
            })
            .collect();
        let rows = table
            .rows
            .iter()
            .map(|row| {
                table
                    .header
                    .iter()
                    .zip(row)
                    .filter(|(_, cell)| !cell.display().is_empty())
                    .map(|(h, cell)| (h.clone(), serde_json::Value::String(cell.display())))
                    .collect()
            })
            .collect();
        super::print_json(&Out { attributes, rows })?;
        return Ok(true);
    }
    if !args.csv {
        let attributes: Vec<_> = project
            .store()
            .attributes()?
            .into_iter()
            .filter(|a| a.scope == scope)
            .collect();
        if attributes.is_empty() {
            outln!(
                "no {} attributes yet — define one with: tamga attributes FILE{} --define NAME:TYPE",
                scope.noun(),
                if args.cases { " --cases" } else { "" }
            );
            return Ok(true);
        }
        for a in &attributes {
            match &a.kind {
                AttributeKind::Choice(c) => outln!("{}: choice of {}", a.name, c.join(" | ")),
                k => outln!("{}: {}", a.name, k.name()),
            }
        }
        outln!();
    }
    super::print_table(&table, args.csv)?;
    Ok(true)
}

fn import(
    project: &mut tamga::project::Project,
    scope: AttributeScope,
    path: &Path,
    file: &Path,
) -> anyhow::Result<bool> {
    let rows = read_table(path)?;
    let plan = plan_import(project, scope, &rows)?;
    outln!("{}", plan.report.to_string().trim_end());
    if !plan.report.is_clean() {
        anyhow::bail!(
            "nothing imported: {} unmatched row(s), {} unknown column(s), {} repeated row(s), {} bad value(s), listed above: {}",
            plan.report.unmatched.len(),
            plan.report.unknown_columns.len(),
            plan.report.duplicates.len(),
            plan.report.bad_values.len(),
            path.display()
        );
    }
    if let Some(edit) = plan.edit {
        project
            .execute(edit)
            .map_err(|e| anyhow::anyhow!("{e}; nothing imported: {}", file.display()))?;
        outln!(
            "imported {} value(s) into {}",
            plan.report.changes,
            file.display()
        );
    } else {
        outln!("nothing to change in {}", file.display());
    }
    Ok(true)
}
