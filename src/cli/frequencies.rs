//! `tamga frequencies FILE [--subcodes] [--sort codebook|code|codings|documents|cases|share]
//! [--where CONDITION]... [--case NAME]... [--json|--csv] [--out PATH]`

use std::path::PathBuf;

use tamga::analysis::Corpus;
use tamga::analysis::frequencies::{FrequencyColumn, frequencies};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// Each code also counts its subcodes' codings.
    #[arg(long)]
    subcodes: bool,
    /// Order: codebook, code, codings, documents, cases or share (largest first).
    #[arg(long, value_name = "COLUMN", default_value = "codebook", value_parser = parse_sort)]
    sort: FrequencyColumn,
    #[command(flatten)]
    restrict: super::WhereArgs,
    /// Print JSON.
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print CSV.
    #[arg(long)]
    csv: bool,
    /// Write the table (.csv, .xlsx) or a bar chart of the codings (.svg, .png).
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
}

fn parse_sort(s: &str) -> Result<FrequencyColumn, String> {
    Ok(match s {
        "codebook" => FrequencyColumn::Codebook,
        "code" => FrequencyColumn::Code,
        "codings" => FrequencyColumn::Codings,
        "documents" => FrequencyColumn::Documents,
        "cases" => FrequencyColumn::Cases,
        "share" => FrequencyColumn::Share,
        _ => {
            return Err(format!(
                "unknown column “{s}”; choose codebook, code, codings, documents, cases or share"
            ));
        }
    })
}

pub fn run(args: &Args) -> anyhow::Result<bool> {
    let project = super::open_read(&args.file)?;
    let restriction = args.restrict.restriction(&project, &args.file)?;
    let corpus = Corpus::load(&project, &restriction)?;
    let mut f = frequencies(&corpus, args.subcodes);
    f.sort(args.sort, args.sort != FrequencyColumn::Code);
    if let Some(path) = &args.out {
        super::write_out(path, &f.to_table(), || Some(f.chart().to_svg()))?;
    } else if args.json {
        super::print_json(&f)?;
    } else {
        super::print_table(&f.to_table(), args.csv)?;
    }
    Ok(true)
}
