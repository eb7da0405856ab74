//! `tamga agreement FILE --coders A,B [--code PATH]... [--document NAME]... [--json|--csv]
//! [--min-overlap PCT] [--out REPORT.docx|.html|.csv|.xlsx]`
//!
//! Reads the project without writing to it (no coder is registered).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use tamga::analysis::agreement::{
    self, DEFAULT_MIN_OVERLAP, Report, Row, Selection, coefficient_text, percent_text,
};
use tamga::domain::{CodeId, CoderId, DocumentId};
use tamga::export::{self, AGREEMENT_FORMATS, Format};
use tamga::store::Store;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project.
    file: PathBuf,
    /// The coders to compare, two or more, separated by commas (`--coders Aigerim,Bolat`).
    #[arg(long, value_name = "A,B", value_delimiter = ',', required = true)]
    coders: Vec<String>,
    /// Only this code (repeatable; subcodes not included; default: every code the coders
    /// applied in the documents compared).
    #[arg(long, value_name = "PATH")]
    code: Vec<String>,
    /// Only this document (repeatable; default: every document that each coder coded).
    #[arg(long, value_name = "NAME")]
    document: Vec<String>,
    /// Print JSON (names, method, every row).
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print CSV (the columns of the CSV report).
    #[arg(long)]
    csv: bool,
    /// Segments agree when a coding of the other coder covers at least this percentage of
    /// them (0–100; 0: any overlap).
    #[arg(long, value_name = "PCT", default_value_t = DEFAULT_MIN_OVERLAP, value_parser = parse_percent)]
    min_overlap: f64,
    /// Also write the report, tables and method in words: docx, html, csv or xlsx (from the
    /// extension).
    #[arg(long, value_name = "REPORT")]
    out: Option<PathBuf>,
}

fn parse_percent(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("“{s}” is not a percentage"))?;
    if (0.0..=100.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{s} is not between 0 and 100"))
    }
}

pub fn run(args: &Args) -> anyhow::Result<bool> {
    let format = match &args.out {
        Some(out) => Some(
            Format::from_path(out)
                .filter(|f| AGREEMENT_FORMATS.contains(f))
                .with_context(|| {
                    format!(
                        "end the report's name with .docx, .html, .csv or .xlsx: {}",
                        out.display()
                    )
                })?,
        ),
        None => None,
    };
    let store = Store::open_read_only(&args.file)?;
    let selection = Selection {
        coders: coder_ids(&store, &args.coders, &args.file)?,
        codes: code_ids(&store, &args.code, &args.file)?,
        documents: document_ids(&store, &args.document, &args.file)?,
        min_overlap: args.min_overlap,
    };
    let report = agreement::report(&store, &selection)?;
    drop(store);
    if let (Some(out), Some(format)) = (&args.out, format) {
        export::export_agreement(&report, format, out)?;
    }
    if args.json {
        super::print_json(&report)?;
    } else if args.csv {
        let bytes = export::agreement_to_bytes(&report, Format::Csv, Path::new("stdout"))?;
        let text = String::from_utf8_lossy(&bytes);
        // The byte-order mark helps Excel open a file; on a terminal or in a pipe it is noise.
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        std::io::stdout().lock().write_all(text.as_bytes())?;
    } else {
        print_table(&report)?;
        if let Some(out) = &args.out {
            outln!("wrote the agreement report to {}", out.display());
        }
    }
    Ok(true)
}

fn coder_ids(store: &Store, names: &[String], file: &Path) -> anyhow::Result<Vec<CoderId>> {
    names
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .map(|name| {
            store
                .coder_by_name(name)?
                .with_context(|| format!("no coder named “{name}” in {}", file.display()))
        })
        .collect()
}

fn document_ids(store: &Store, names: &[String], file: &Path) -> anyhow::Result<Vec<DocumentId>> {
    names
        .iter()
        .map(|name| {
            store
                .document_by_name(name)?
                .with_context(|| format!("no document named “{name}” in {}", file.display()))
        })
        .collect()
}

/// The codes at these paths (names joined by `/`), read without a `Project`.
fn code_ids(store: &Store, paths: &[String], file: &Path) -> anyhow::Result<Vec<CodeId>> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let codes = store.codes()?;
    paths
        .iter()
        .map(|path| {
            let mut parent = None;
            for name in path.split('/').map(str::trim) {
                parent = codes
                    .iter()
                    .find(|c| c.parent == parent && c.name == name)
                    .map(|c| c.id);
                if parent.is_none() {
                    break;
                }
            }
            parent.with_context(|| format!("no code “{path}” in {}", file.display()))
        })
        .collect()
}

/// The cells of one line of the terminal table.
fn cells(report: &Report, label: &str, row: &Row) -> Vec<String> {
    let mut out = vec![label.to_owned()];
    if report.coders.len() == 2 {
        let seg = |first: bool| {
            row.segments.map_or_else(
                || "—".to_owned(),
                |s| {
                    if first {
                        format!("{} ({})", s.first, s.first_agreeing)
                    } else {
                        format!("{} ({})", s.second, s.second_agreeing)
                    }
                },
            )
        };
        out.extend([
            percent_text(row.character_agreement.value),
            coefficient_text(row.kappa.value),
            seg(true),
            seg(false),
            percent_text(row.segment_agreement.value),
            coefficient_text(row.kappa_n.value),
        ]);
    }
    out.extend([
        coefficient_text(row.alpha_u.value),
        coefficient_text(row.alpha_binary.value),
    ]);
    out
}

/// The table for a terminal: in total, by code, by document; then the notes.
fn print_table(report: &Report) -> anyhow::Result<()> {
    let overlap = if report.coders.len() == 2 {
        format!(" · minimum overlap {}%", report.min_overlap)
    } else {
        String::new()
    };
    outln!(
        "Intercoder agreement in “{}”: {} · {} code(s) · {} document(s){overlap}",
        report.project_name,
        report.coders_in_words(),
        report.codes.len(),
        report.documents.len(),
    );
    if !report.left_out.is_empty() {
        outln!(
            "left out (not coded by every coder): {}",
            report
                .left_out
                .iter()
                .map(|d| format!("“{d}”"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let mut header = vec![String::new()];
    if report.coders.len() == 2 {
        header.extend(
            [
                "chars",
                "κ",
                &format!("{} (agree)", report.coders[0]),
                &format!("{} (agree)", report.coders[1]),
                "segments",
                "κ_n",
            ]
            .map(str::to_owned),
        );
    }
    header.extend(["α_u", "|uα"].map(str::to_owned));
    let a = &report.agreement;
    let mut lines = vec![header, cells(report, "In total", &a.total)];
    let mut labels = Vec::new();
    for (c, row) in a.codes.iter().enumerate() {
        labels.push((format!("code “{}”", report.codes[c]), row));
    }
    for (d, row) in a.documents.iter().enumerate() {
        labels.push((format!("document “{}”", report.documents[d].name), row));
    }
    for (label, row) in &labels {
        lines.push(cells(report, label, row));
    }
    let columns = lines[0].len();
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            lines
                .iter()
                .map(|l| l[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for line in &lines {
        let mut text = String::new();
        for (i, cell) in line.iter().enumerate() {
            let pad = widths[i] - cell.chars().count();
            if i == 0 {
                text.push_str(cell);
                text.push_str(&" ".repeat(pad));
            } else {
                text.push_str("  ");
                text.push_str(&" ".repeat(pad));
                text.push_str(cell);
            }
        }
        outln!("{}", text.trim_end());
    }
    let mut notes = Vec::new();
    for (label, row) in std::iter::once(("in total".to_owned(), &a.total)).chain(labels) {
        for note in report.notes(row) {
            notes.push(format!("{label}: {note}"));
        }
    }
    if !notes.is_empty() {
        outln!("notes:");
        for n in notes {
            outln!("  {n}");
        }
    }
    Ok(())
}
