//! `tamga export FILE --out PATH [--format F] [--code PATH]... [--subcodes] [--all-of]
//! [--not PATH]... [--document NAME]... [--coded-by NAME]... [--where CONDITION]...
//! [--case NAME]... [--context N|paragraph]
//! [--sort document|code] [--codebook] [--document-view NAME] [--memos]`

use std::path::PathBuf;

use anyhow::Context as _;
use tamga::exchange;
use tamga::export::{self, Format};
use tamga::retrieval::{self, Combine, Order, Query};

#[derive(Debug, clap::Args)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "each bool is an independent command-line switch"
)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// Where to write (replaced if it exists).
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
    /// docx, odt, md, html, csv (for spreadsheets), csv-raw (for scripts: no byte-order mark,
    /// every character as stored) or xlsx; or qdpx (the whole project for other QDA programs)
    /// or qdc (its codebook) (default: from the extension of --out).
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    format: Option<OutFormat>,
    /// qdpx, qdc: print the report as JSON.
    #[arg(long)]
    json: bool,
    /// qdpx, qdc: also save the report (as text) here.
    #[arg(long, value_name = "PATH")]
    report: Option<PathBuf>,
    /// Codings of this code (repeatable; default: every code).
    #[arg(long, value_name = "PATH")]
    code: Vec<String>,
    /// Each --code and --not also stands for its subcodes.
    #[arg(long)]
    subcodes: bool,
    /// Only passages where all the --code codes overlap (the excerpt is the overlap).
    #[arg(long)]
    all_of: bool,
    /// Leave out passages that a coding of this code overlaps (repeatable).
    #[arg(long, value_name = "PATH")]
    not: Vec<String>,
    /// Only this document (repeatable).
    #[arg(long, value_name = "NAME")]
    document: Vec<String>,
    /// Only codings by this coder (repeatable).
    #[arg(long, value_name = "NAME")]
    coded_by: Vec<String>,
    #[command(flatten)]
    restrict: super::WhereArgs,
    /// Context around each excerpt: a number of characters, or `paragraph`.
    #[arg(long, value_name = "N|paragraph", value_parser = super::parse_context)]
    context: Option<retrieval::Context>,
    /// Order of rows (CSV, XLSX): `document` or `code` (documents group by code anyway).
    #[arg(long, value_name = "ORDER", default_value = "code", value_parser = parse_order)]
    sort: Order,
    /// Export the codebook (path, description, colour, counts) instead: md, docx, csv, xlsx.
    #[arg(long, conflicts_with_all = ["code", "subcodes", "all_of", "not", "document", "coded_by", "context", "document_view"])]
    codebook: bool,
    /// Export this whole document with its coded passages highlighted instead: html, docx.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["code", "subcodes", "all_of", "not", "document", "context"])]
    document_view: Option<String>,
    /// Export the memos instead (journal, code, document and coding memos, grouped by kind):
    /// docx, odt, md, html.
    #[arg(long, conflicts_with_all = ["code", "subcodes", "all_of", "not", "document", "coded_by", "context", "document_view", "codebook"])]
    memos: bool,
}

/// What `--format` chooses: a format for excerpts, or a REFI-QDA file.
#[derive(Debug, Clone, Copy)]
enum OutFormat {
    Excerpts(Format),
    Exchange(exchange::Format),
}

fn parse_format(s: &str) -> Result<OutFormat, String> {
    Format::from_name(s)
        .map(OutFormat::Excerpts)
        .or_else(|| exchange::Format::from_name(s).map(OutFormat::Exchange))
        .ok_or_else(|| {
            format!(
                "unknown format “{s}”; choose docx, odt, md, html, csv, csv-raw, xlsx, qdpx or qdc"
            )
        })
}

fn parse_order(s: &str) -> Result<Order, String> {
    match s {
        "document" => Ok(Order::Document),
        "code" => Ok(Order::Code),
        _ => Err(format!("unknown order “{s}”; choose document or code")),
    }
}

pub fn run(args: &Args) -> anyhow::Result<bool> {
    let chosen = match args.format {
        Some(f) => f,
        None => Format::from_path(&args.out)
            .map(OutFormat::Excerpts)
            .or_else(|| exchange::Format::from_path(&args.out).map(OutFormat::Exchange))
            .with_context(|| {
                format!(
                    "give --format (docx, odt, md, html, csv, csv-raw, xlsx, qdpx or qdc); the extension does not say: {}",
                    args.out.display()
                )
            })?,
    };
    let format = match chosen {
        OutFormat::Excerpts(format) => format,
        OutFormat::Exchange(format) => {
            let project = super::open_read(&args.file)?;
            let report = exchange::export(&project, format, &args.out)?;
            if !args.json {
                outln!("exported to {}", args.out.display());
            }
            super::import::show_report(&report, args.json, args.report.as_deref())?;
            return Ok(true);
        }
    };
    if args.json || args.report.is_some() {
        anyhow::bail!("--json and --report go with --format qdpx or qdc");
    }
    let project = super::open_read(&args.file)?;
    if args.memos {
        let memos = tamga::memos::list(&project)?;
        export::export_memos(&memos, &project.store().project_name()?, format, &args.out)?;
        outln!("exported {} memo(s) to {}", memos.len(), args.out.display());
        return Ok(true);
    }
    let coders = super::coder_ids(&project, &args.coded_by, &args.file)?;
    if args.codebook {
        let codebook = project.codebook()?;
        export::export_codebook(
            &codebook,
            &project.store().project_name()?,
            format,
            &args.out,
        )?;
        outln!(
            "exported the codebook ({} codes) to {}",
            codebook.len(),
            args.out.display()
        );
        return Ok(true);
    }
    if let Some(name) = &args.document_view {
        let id = super::document_ids(&project, std::slice::from_ref(name), &args.file)?[0];
        let document = retrieval::coded_document(&project, id, &coders)?;
        export::export_document(&document, format, &args.out)?;
        outln!(
            "exported “{name}” with {} coding(s) to {}",
            document.codings.len(),
            args.out.display()
        );
        return Ok(true);
    }
    let query = Query {
        codes: super::code_ids(&project, &args.code, &args.file)?,
        subcodes: args.subcodes,
        combine: if args.all_of {
            Combine::All
        } else {
            Combine::Any
        },
        exclude: super::code_ids(&project, &args.not, &args.file)?,
        documents: super::document_ids(&project, &args.document, &args.file)?,
        coders,
        context: args.context.unwrap_or_default(),
        order: args.sort,
        restrict: args.restrict.restriction(&project, &args.file)?,
        codings: Vec::new(),
    };
    let found = retrieval::retrieve(&project, &query)?;
    export::export_excerpts(&found, format, &args.out)?;
    outln!(
        "exported {} excerpt(s) to {}",
        found.excerpts.len(),
        args.out.display()
    );
    Ok(true)
}
