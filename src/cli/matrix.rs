//! `tamga matrix FILE [--rows codes] [--cols documents|cases|attribute:NAME]
//! [--count codings|chars|documents|cases] [--subcodes] [--where CONDITION]... [--case NAME]...
//! [--json|--csv] [--out PATH] [--chart totals|row:CODE|column:LABEL]`

use std::path::PathBuf;

use anyhow::Context as _;
use tamga::analysis::Corpus;
use tamga::analysis::matrix::{Columns, Count, MatrixSpec, matrix};
use tamga::domain::AttributeScope;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// What the rows are: codes (the only choice).
    #[arg(long, value_name = "ROWS", default_value = "codes", value_parser = ["codes"])]
    rows: String,
    /// What the columns are: documents, cases, or attribute:NAME (one column per value).
    #[arg(long, value_name = "COLUMNS", default_value = "documents")]
    cols: String,
    /// What a cell counts: codings, chars (characters coded), documents or cases.
    #[arg(long, value_name = "COUNT", default_value = "codings", value_parser = parse_count)]
    count: Count,
    /// Each code also counts its subcodes' codings.
    #[arg(long)]
    subcodes: bool,
    #[command(flatten)]
    restrict: super::WhereArgs,
    /// Print JSON.
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print CSV.
    #[arg(long)]
    csv: bool,
    /// Write the table (.csv, .xlsx) or a bar chart (.svg, .png; see --chart).
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
    /// The chart for --out .svg/.png: totals (per column), row:CODE or column:LABEL.
    #[arg(long, value_name = "WHICH", default_value = "totals")]
    chart: String,
}

fn parse_count(s: &str) -> Result<Count, String> {
    Ok(match s {
        "codings" => Count::Codings,
        "chars" => Count::Chars,
        "documents" => Count::Documents,
        "cases" => Count::Cases,
        _ => {
            return Err(format!(
                "unknown count “{s}”; choose codings, chars, documents or cases"
            ));
        }
    })
}

pub fn run(args: &Args) -> anyhow::Result<bool> {
    let project = super::open_read(&args.file)?;
    let file = args.file.display();
    let columns = match args.cols.as_str() {
        "documents" => Columns::Documents,
        "cases" => Columns::Cases,
        other => {
            let name = other.strip_prefix("attribute:").with_context(|| {
                format!("unknown columns “{other}”; choose documents, cases or attribute:NAME")
            })?;
            let store = project.store();
            let found = match store.attribute_by_name(AttributeScope::Documents, name)? {
                Some(a) => a,
                None => store
                    .attribute_by_name(AttributeScope::Cases, name)?
                    .with_context(|| format!("no attribute named “{name}” in {file}"))?,
            };
            Columns::Attribute(found.id)
        }
    };
    let restriction = args.restrict.restriction(&project, &args.file)?;
    let corpus = Corpus::load(&project, &restriction)?;
    let m = matrix(
        &corpus,
        &MatrixSpec {
            columns,
            count: args.count,
            subcodes: args.subcodes,
        },
    )?;
    if let Some(path) = &args.out {
        let chart = || {
            let which = args.chart.as_str();
            if which == "totals" {
                Some(m.totals_chart().to_svg())
            } else if let Some(code) = which.strip_prefix("row:") {
                let row = m.rows.iter().position(|r| r.path == code)?;
                m.row_chart(row).map(|c| c.to_svg())
            } else {
                let label = which.strip_prefix("column:")?;
                let col = m.columns.iter().position(|c| c.label == label)?;
                m.column_chart(col).map(|c| c.to_svg())
            }
        };
        super::write_out(path, &m.to_table(), chart)
            .with_context(|| format!("--chart {} names no row or column", args.chart))?;
    } else if args.json {
        super::print_json(&m)?;
    } else {
        super::print_table(&m.to_table(), args.csv)?;
    }
    Ok(true)
}
