//! `tamga cooccurrence FILE [--by overlap|paragraph|window:N] [--where CONDITION]...
//! [--case NAME]... [--json|--csv] [--out PATH]`

use std::path::PathBuf;

use tamga::analysis::Corpus;
use tamga::analysis::chart::ForceLayout;
use tamga::analysis::cooccurrence::{Proximity, cooccurrence};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// overlap (codings share text), paragraph (in the same paragraph), or window:N (at most
    /// N characters apart).
    #[arg(long, value_name = "HOW", default_value = "overlap", value_parser = Proximity::parse)]
    by: Proximity,
    #[command(flatten)]
    restrict: super::WhereArgs,
    /// Print JSON (the matrix, and the network's edges).
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print CSV.
    #[arg(long)]
    csv: bool,
    /// Write the table (.csv, .xlsx) or the network graph (.svg, .png).
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
}

pub fn run(args: &Args) -> anyhow::Result<bool> {
    let project = super::open_read(&args.file)?;
    let restriction = args.restrict.restriction(&project, &args.file)?;
    let corpus = if args.by == Proximity::Paragraph {
        Corpus::load_with_texts(&project, &restriction)?
    } else {
        Corpus::load(&project, &restriction)?
    };
    let co = cooccurrence(&corpus, args.by)?;
    if let Some(path) = &args.out {
        super::write_out(path, &co.to_table(), || {
            let network = co.network();
            let mut layout = ForceLayout::new(&network);
            layout.settle(&network);
            Some(network.to_svg(&layout))
        })?;
    } else if args.json {
        #[derive(serde::Serialize)]
        struct Out<'a> {
            #[serde(flatten)]
            matrix: &'a tamga::analysis::cooccurrence::CoOccurrence,
            network: tamga::analysis::cooccurrence::Network,
        }
        super::print_json(&Out {
            matrix: &co,
            network: co.network(),
        })?;
    } else {
        super::print_table(&co.to_table(), args.csv)?;
    }
    Ok(true)
}
