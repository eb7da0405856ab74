//! `tamga sample OUT.tamga`

use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the sample project.
    out: PathBuf,
}

pub fn run(args: &Args) -> anyhow::Result<bool> {
    tamga::sample::write_sample(&args.out)?;
    outln!("wrote the sample project: {}", args.out.display());
    Ok(true)
}
