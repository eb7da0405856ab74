//! `tamga merge FILE OTHER.tamga`: a colleague's copy of the project merged in, as one
//! undoable step, with a report of what was added, what was already here and what is in
//! conflict (`--dry-run` only reports).

use std::path::PathBuf;

use anyhow::Context as _;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project to merge into.
    file: PathBuf,
    /// The other copy (a .tamga project); it is only read.
    other: PathBuf,
    /// Only say what merging would do; change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Also save the report (as text) here.
    #[arg(long, value_name = "PATH")]
    report: Option<PathBuf>,
}

pub fn run(args: &Args, coder: &str) -> anyhow::Result<bool> {
    let report = if args.dry_run {
        let mut project = super::open_read(&args.file)?;
        project.set_coder(coder);
        tamga::exchange::plan_merge(&project, &args.other)
            .map(|(_, report)| report)
            .with_context(|| format!("cannot merge {}", args.other.display()))?
    } else {
        let mut project = super::open(&args.file, coder)?;
        tamga::exchange::merge_into(&mut project, &args.other)
            .with_context(|| format!("cannot merge {}", args.other.display()))?
    };
    if args.json {
        super::print_json(&report)?;
    } else {
        if args.dry_run {
            outln!("Nothing was changed (--dry-run).");
        }
        outln!("{report}");
    }
    if let Some(path) = &args.report {
        tamga::export::write_atomically(path, report.to_string().as_bytes())
            .context("cannot save the report")?;
    }
    Ok(true)
}
