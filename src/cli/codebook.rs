//! `tamga codebook FILE (--rename PATH --to NAME | --merge PATH --into PATH | --move PATH
//! (--under PATH | --top) | --split PATH --to NAME --coding ID...) [--reason TEXT]`: change the
//! codebook, the reason kept in its history (`tamga codes FILE --history`).

use std::path::PathBuf;

use anyhow::bail;
use tamga::domain::{CodingId, Edit};
use tamga::retrieval;

#[derive(Debug, clap::Args)]
#[command(group(
    clap::ArgGroup::new("change")
        .required(true)
        .args(["rename", "merge", "move_code", "split"])
))]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// Rename this code (give the new name with --to).
    #[arg(long, value_name = "PATH", requires = "to")]
    rename: Option<String>,
    /// Merge this code into the one --into names: its codings, subcodes and memos go there.
    #[arg(long, value_name = "PATH", requires = "into")]
    merge: Option<String>,
    /// The code that receives a merged code.
    #[arg(long, value_name = "PATH", requires = "merge")]
    into: Option<String>,
    /// Move this code (with its subcodes) under the code --under names, or to the top (--top).
    #[arg(long = "move", value_name = "PATH")]
    move_code: Option<String>,
    /// The new parent of a moved code.
    #[arg(
        long,
        value_name = "PATH",
        requires = "move_code",
        conflicts_with = "top"
    )]
    under: Option<String>,
    /// Move the code to the top of the codebook.
    #[arg(long, requires = "move_code")]
    top: bool,
    /// Split this code: a new sibling named --to takes the codings --coding names.
    #[arg(long, value_name = "PATH", requires_all = ["to", "coding"])]
    split: Option<String>,
    /// The new name (--rename), or the new code's name (--split).
    #[arg(long, value_name = "NAME")]
    to: Option<String>,
    /// A coding that goes to the new code, by excerpt id (`T-3F9A2C7K`); repeatable.
    #[arg(long, value_name = "ID", requires = "split")]
    coding: Vec<String>,
    /// Why: kept with the change in the codebook's history.
    #[arg(long, default_value = "")]
    reason: String,
}

fn coding_id(
    project: &tamga::project::Project,
    input: &str,
    file: &std::path::Path,
) -> anyhow::Result<CodingId> {
    let found = retrieval::resolve_excerpt_id(project.store(), input)?;
    match found.as_slice() {
        [one] => Ok(*one),
        [] => bail!("no excerpt “{input}” in {}", file.display()),
        many => bail!(
            "“{input}” matches {} excerpts; give more of the id: {}",
            many.len(),
            file.display()
        ),
    }
}

pub fn run(args: &Args, coder: &str) -> anyhow::Result<bool> {
    let mut project = super::open(&args.file, coder)?;
    let one = |project: &tamga::project::Project, path: &String| {
        super::code_ids(project, std::slice::from_ref(path), &args.file).map(|ids| ids[0])
    };
    let to = args.to.clone().unwrap_or_default();
    let (edit, done) = if let Some(path) = &args.rename {
        let id = one(&project, path)?;
        (
            Edit::RenameCode {
                id,
                name: to.clone(),
            },
            format!("renamed “{path}” to “{}”", to.trim()),
        )
    } else if let (Some(path), Some(into)) = (&args.merge, &args.into) {
        let from = one(&project, path)?;
        let into_id = one(&project, into)?;
        (
            Edit::MergeCode {
                from,
                into: into_id,
            },
            format!("merged “{path}” into “{into}”"),
        )
    } else if let Some(path) = &args.move_code {
        let id = one(&project, path)?;
        let parent = match &args.under {
            Some(under) => Some(one(&project, under)?),
            None if args.top => None,
            None => bail!("give --under PATH or --top to say where “{path}” goes"),
        };
        let place = args
            .under
            .as_ref()
            .map_or_else(|| "to the top".to_owned(), |u| format!("under “{u}”"));
        (
            Edit::MoveCode {
                id,
                parent,
                position: i64::MAX,
            },
            format!("moved “{path}” {place}"),
        )
    } else if let Some(path) = &args.split {
        let from = one(&project, path)?;
        let codings = args
            .coding
            .iter()
            .map(|c| coding_id(&project, c, &args.file))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let n = codings.len();
        (
            Edit::SplitCode {
                from,
                name: to.clone(),
                codings,
            },
            format!("split {n} coding(s) of “{path}” off into “{}”", to.trim()),
        )
    } else {
        bail!("give --rename, --merge, --move or --split");
    };
    let edit = if args.reason.trim().is_empty() {
        edit
    } else {
        Edit::Explained {
            reason: args.reason.trim().to_owned(),
            edit: Box::new(edit),
        }
    };
    project.execute(edit)?;
    outln!("{done}");
    Ok(true)
}
