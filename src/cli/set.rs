//! `tamga set FILE (--document NAME | --case NAME) --attribute NAME=VALUE...`
//!
//! All values in one step; an empty value (`NAME=`) clears it.

use std::path::PathBuf;

use anyhow::Context as _;
use tamga::domain::{AttributeScope, Edit, ValueChange, ValueOwner};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// The document whose attributes to set.
    #[arg(
        long,
        value_name = "NAME",
        required_unless_present = "case",
        conflicts_with = "case"
    )]
    document: Option<String>,
    /// The case whose attributes to set.
    #[arg(long, value_name = "NAME")]
    case: Option<String>,
    /// NAME=VALUE (repeatable); NAME= clears the value.
    #[arg(long, value_name = "NAME=VALUE", required = true)]
    attribute: Vec<String>,
}

pub fn run(args: &Args, coder: &str) -> anyhow::Result<bool> {
    let mut project = super::open(&args.file, coder)?;
    let file = args.file.display();
    let (owner, scope, label) = match (&args.document, &args.case) {
        (Some(name), _) => (
            ValueOwner::Document(
                project
                    .store()
                    .document_by_name(name)?
                    .with_context(|| format!("no document named “{name}” in {file}"))?,
            ),
            AttributeScope::Documents,
            name,
        ),
        (None, Some(name)) => (
            ValueOwner::Case(
                project
                    .store()
                    .case_by_name(name)?
                    .with_context(|| format!("no case named “{name}” in {file}"))?,
            ),
            AttributeScope::Cases,
            name,
        ),
        (None, None) => anyhow::bail!("give --document NAME or --case NAME"),
    };
    let mut changes = Vec::new();
    for pair in &args.attribute {
        let (name, value) = pair
            .split_once('=')
            .with_context(|| format!("“{pair}” is not NAME=VALUE"))?;
        let attribute = project
            .store()
            .attribute_by_name(scope, name)?
            .with_context(|| {
                format!(
                    "no {} attribute named “{}” in {file}; define it with tamga attributes --define",
                    scope.noun(),
                    name.trim()
                )
            })?;
        let value = value.trim();
        changes.push(ValueChange {
            owner,
            attribute: attribute.id,
            value: (!value.is_empty()).then(|| value.to_owned()),
        });
    }
    let n = changes.len();
    project
        .execute(Edit::SetValues(changes))
        .map_err(|e| anyhow::anyhow!("{e}; nothing changed: {file}"))?;
    outln!("set {n} value(s) of “{label}”");
    Ok(true)
}
