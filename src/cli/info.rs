//! `tamga info FILE [--json]`

pub use super::ListArgs as Args;

pub fn run(args: &Args) -> anyhow::Result<bool> {
    let project = super::open_read(&args.file)?;
    let info = project.store().info()?;
    if args.json {
        super::print_json(&info)?;
    } else {
        outln!("project         {}", info.name);
        outln!("documents       {}", info.documents);
        outln!("codes           {}", info.codes);
        outln!("codings         {}", info.codings);
        outln!("memos           {}", info.memos);
        outln!("coders          {}", info.coders);
        outln!("schema version  {}", info.schema_version);
    }
    Ok(true)
}
