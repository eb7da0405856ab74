//! `tamga pseudonymise FILE --name NAME --as PSEUDONYM [--document NAME]... [--no-memos]
//! [--exact] [--except FORM]... [--dry-run] [--json]`: replaces a name in its Kazakh and
//! Russian forms across documents and memos, as one step, after listing what it finds.

use std::path::PathBuf;

use serde::Serialize;
use tamga::corrections::pseudonymise::{self, DocumentHits, MemoHits, PseudonymOptions};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// The real name, in its nominative form.
    #[arg(long)]
    name: String,
    /// The pseudonym that replaces it.
    #[arg(long = "as", value_name = "PSEUDONYM")]
    pseudonym: String,
    /// Only in this document (repeatable; default: every document).
    #[arg(long, value_name = "NAME")]
    document: Vec<String>,
    /// Leave memos and coding notes alone.
    #[arg(long)]
    no_memos: bool,
    /// Only the name exactly as written, without grammatical endings.
    #[arg(long)]
    exact: bool,
    /// Leave this form alone, e.g. another person's name (repeatable).
    #[arg(long, value_name = "FORM")]
    except: Vec<String>,
    /// Only show what would be replaced.
    #[arg(long)]
    dry_run: bool,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Preview<'a> {
    name: &'a str,
    pseudonym: &'a str,
    total: usize,
    applied: bool,
    documents: &'a [DocumentHits],
    memos: &'a [MemoHits],
}

pub fn run(args: &Args, coder: &str) -> anyhow::Result<bool> {
    let mut project = if args.dry_run {
        super::open_read(&args.file)?
    } else {
        super::open(&args.file, coder)?
    };
    let options = PseudonymOptions {
        documents: super::document_ids(&project, &args.document, &args.file)?,
        no_memos: args.no_memos,
        exact: args.exact,
        except: args.except.clone(),
    };
    let plan = pseudonymise::plan(
        project.store(),
        &args.name,
        &args.pseudonym,
        &options,
        project.coder(),
    )?;
    let applied = !args.dry_run;
    if applied {
        project.execute(plan.edit())?;
    }
    if args.json {
        super::print_json(&Preview {
            name: &plan.name,
            pseudonym: &plan.pseudonym,
            total: plan.total(),
            applied,
            documents: &plan.documents,
            memos: &plan.memos,
        })?;
        return Ok(true);
    }
    for d in &plan.documents {
        let forms: Vec<String> = d.forms.iter().map(|(f, n)| format!("{f} ×{n}")).collect();
        outln!("{}: {} ({})", d.name, d.count, forms.join(", "));
    }
    for m in &plan.memos {
        let place = match &m.place {
            pseudonymise::MemoPlace::Memo {
                title, attached_to, ..
            } => format!("{attached_to} memo “{title}”"),
            pseudonymise::MemoPlace::Coding { id } => format!("note on coding {id}"),
            pseudonymise::MemoPlace::Unplaced { id } => format!("unplaced coding {id}"),
        };
        outln!("{place}: {}", m.count);
    }
    let verb = if applied {
        "replaced"
    } else {
        "would replace (dry run: nothing changed)"
    };
    outln!(
        "{verb} {} occurrence(s) of “{}” with “{}”",
        plan.total(),
        plan.name,
        plan.pseudonym
    );
    Ok(true)
}
