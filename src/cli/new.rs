//! `tamga new FILE [--name NAME] [--from X.qdpx [--json] [--report PATH]]`

use std::path::PathBuf;

use anyhow::Context as _;
use tamga::exchange;
use tamga::project::Project;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to create the project, e.g. `fieldwork.tamga`.
    file: PathBuf,
    /// The project's name (default: the name in --from, else the file name without extension).
    #[arg(long)]
    name: Option<String>,
    /// Fill the new project from a REFI-QDA project (.qdpx) or codebook (.qdc).
    #[arg(long, value_name = "X.qdpx")]
    from: Option<PathBuf>,
    /// With --from: print the report as JSON.
    #[arg(long, requires = "from")]
    json: bool,
    /// With --from: also save the report (as text) here.
    #[arg(long, value_name = "PATH", requires = "from")]
    report: Option<PathBuf>,
}

pub fn run(args: &Args, coder: &str) -> anyhow::Result<bool> {
    let stem = || {
        args.file.file_stem().map_or_else(
            || "Untitled".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        )
    };
    let Some(from) = &args.from else {
        let name = args.name.clone().unwrap_or_else(stem);
        Project::create(&args.file, &name, coder)?;
        outln!("created project “{name}”: {}", args.file.display());
        return Ok(true);
    };
    let read =
        exchange::read_file(from).with_context(|| format!("not imported: {}", from.display()))?;
    let name = args
        .name
        .clone()
        .or_else(|| Some(read.name.trim().to_owned()).filter(|n| !n.is_empty()))
        .unwrap_or_else(stem);
    let (_, report) = exchange::create_from(&args.file, &name, coder, &read)?;
    if !args.json {
        outln!("created project “{name}”: {}", args.file.display());
    }
    super::import::show_report(&report, args.json, args.report.as_deref())?;
    Ok(true)
}
