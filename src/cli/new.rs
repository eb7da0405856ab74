//! `tamga new FILE [--name NAME]`

use std::path::PathBuf;

use tamga::project::Project;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to create the project, e.g. `fieldwork.tamga`.
    file: PathBuf,
    /// The project's name (default: the file name without extension).
    #[arg(long)]
    name: Option<String>,
}

pub fn run(args: &Args, coder: &str) -> anyhow::Result<bool> {
    let name = args.name.clone().unwrap_or_else(|| {
        args.file.file_stem().map_or_else(
            || "Untitled".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        )
    });
    Project::create(&args.file, &name, coder)?;
    outln!("created project “{name}”: {}", args.file.display());
    Ok(true)
}
