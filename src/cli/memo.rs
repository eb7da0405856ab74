//! `tamga memo FILE (--journal TITLE | --code PATH [--field F] | --document NAME | --coding ID)
//! --text TEXT [--append]`: write a journal entry, or the memo on a code (a field of its
//! definition card), a document or a coding.

use std::path::PathBuf;

use anyhow::bail;
use tamga::domain::{CodeField, Edit, MemoTarget};
use tamga::retrieval;

#[derive(Debug, clap::Args)]
#[command(group(
    clap::ArgGroup::new("target")
        .required(true)
        .args(["journal", "code", "document", "coding"])
))]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// Write a new journal entry with this title.
    #[arg(long, value_name = "TITLE")]
    journal: Option<String>,
    /// Write on this code's definition card (the field --field names; default its description).
    #[arg(long, value_name = "PATH")]
    code: Option<String>,
    /// Which field of the code's card: description, when-to-use, when-not-to-use or example.
    #[arg(long, value_name = "FIELD", requires = "code", value_parser = parse_field)]
    field: Option<CodeField>,
    /// Write the memo on this document (made if it has none).
    #[arg(long, value_name = "NAME")]
    document: Option<String>,
    /// Write the memo on this coding: its excerpt id (`T-3F9A2C7K`, or its first characters).
    #[arg(long, value_name = "ID")]
    coding: Option<String>,
    /// The memo's text: plain text, paragraphs separated by a blank line, `*italic*` and
    /// `**bold**` for emphasis.
    #[arg(long)]
    text: String,
    /// Add the text as a new paragraph after what is there, instead of replacing it.
    #[arg(long, conflicts_with = "journal")]
    append: bool,
}

fn parse_field(s: &str) -> Result<CodeField, String> {
    CodeField::from_name(s).ok_or_else(|| {
        format!("unknown field “{s}”; choose description, when-to-use, when-not-to-use or example")
    })
}

/// `old` with `new` after it as a paragraph, or `new` alone.
fn joined(old: &str, new: &str, append: bool) -> String {
    if append && !old.trim().is_empty() {
        format!("{}\n\n{new}", old.trim_end())
    } else {
        new.to_owned()
    }
}

pub fn run(args: &Args, coder: &str) -> anyhow::Result<bool> {
    let mut project = super::open(&args.file, coder)?;
    let text = tamga::text::normalize_line_endings(&args.text);
    if let Some(title) = &args.journal {
        project.execute(Edit::WriteMemo {
            target: MemoTarget::Project,
            title: title.trim().to_owned(),
            body: text,
            coder: project.coder().to_owned(),
        })?;
        outln!("wrote the journal entry “{}”", title.trim());
    } else if let Some(path) = &args.code {
        let id = super::code_ids(&project, std::slice::from_ref(path), &args.file)?[0];
        let field = args.field.unwrap_or(CodeField::Description);
        let code = project.store().code(id)?;
        project.execute(Edit::DefineCode {
            id,
            field,
            text: joined(field.of(&code), &text, args.append),
        })?;
        outln!("wrote the {} of “{path}”", field.label().to_lowercase());
    } else if let Some(name) = &args.document {
        let id = super::document_ids(&project, std::slice::from_ref(name), &args.file)?[0];
        match project
            .store()
            .memos_on(MemoTarget::Document(id))?
            .into_iter()
            .next()
        {
            Some(memo) => {
                project.execute(Edit::EditMemo {
                    id: memo.id,
                    title: memo.title,
                    body: joined(&memo.body, &text, args.append),
                    modified_at: None,
                })?;
            }
            None => {
                project.execute(Edit::WriteMemo {
                    target: MemoTarget::Document(id),
                    title: String::new(),
                    body: text,
                    coder: project.coder().to_owned(),
                })?;
            }
        }
        outln!("wrote the memo on “{name}”");
    } else if let Some(input) = &args.coding {
        let found = retrieval::resolve_excerpt_id(project.store(), input)?;
        let id = match found.as_slice() {
            [one] => *one,
            [] => bail!("no excerpt “{input}” in {}", args.file.display()),
            many => bail!(
                "“{input}” matches {} excerpts; give more of the id: {}",
                many.len(),
                args.file.display()
            ),
        };
        let coding = project.store().coding(id)?;
        project.execute(Edit::SetCodingMemo {
            id,
            memo: joined(&coding.memo, &text, args.append),
        })?;
        outln!(
            "wrote the memo on {} “{}”",
            retrieval::ExcerptId::from_guid(&coding.guid),
            retrieval::shorten_quote(&coding.text, 60)
        );
    } else {
        bail!("give --journal TITLE, --code PATH, --document NAME or --coding ID");
    }
    Ok(true)
}
