//! One self-contained HTML file (inline CSS, no scripts, no external resources) that reads on
//! screen and prints well: excerpts under code headings with colour swatches, or a whole
//! document with its coded passages highlighted and the codes named beside them.

use std::fmt::Write as _;

use super::{date_of, text_paragraphs, tint, xml_escape as esc};
use crate::domain::Direction;
use crate::memos::MemoEntry;
use crate::retrieval::{CodedDocument, Retrieval};

const STYLE: &str = "
body { font: 11pt/1.5 'Noto Serif', Georgia, 'Times New Roman', serif; max-width: 46em;
       margin: 2em auto; padding: 0 1em; color: #1d1d1d; background: #fff; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; break-after: avoid; }
.query, .meta, .citation { color: #555; font-size: 0.9em; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 2px;
          margin-inline-end: 0.4em; vertical-align: baseline; border: 1px solid #0003;
          print-color-adjust: exact; -webkit-print-color-adjust: exact; }
.description { font-style: italic; color: #444; }
.excerpt { margin: 1.2em 0; break-inside: avoid; }
blockquote { margin: 0.4em 0 0.3em 0; padding-block: 0.2em; padding-inline: 1em 0;
             border-inline-start: 3px solid #999; white-space: pre-wrap; }
.context { color: #777; }
.hit { color: #000; }
.memo { margin-block: 0.3em 0; margin-inline: 1em 0; white-space: pre-wrap; }
.memo b { font-weight: 600; }
.id { font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: 0.9em; }
.doc .para { display: grid; grid-template-columns: 3em 1fr 13em; gap: 0.8em; margin: 0.6em 0;
             break-inside: avoid; }
.doc { max-width: 62em; }
.memo-entry { margin: 1.2em 0 1.6em 0; break-inside: avoid; }
.memo-entry h3 { margin-bottom: 0.1em; }
.memo-entry .field { font-weight: 600; }
.doc .num { color: #888; text-align: right; font-size: 0.85em; padding-top: 0.2em; }
.doc .text { white-space: pre-wrap; }
.doc .coded { print-color-adjust: exact; -webkit-print-color-adjust: exact; border-radius: 2px; }
.doc .codes { font-size: 0.8em; color: #333; }
.doc .label { margin-bottom: 0.3em; }
.doc .label .memo { margin: 0; color: #555; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }
";

fn head(out: &mut String, title: &str) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"Tamga\">\n<title>{}</title>\n<style>{STYLE}</style>\n\
         </head>\n",
        esc(title)
    );
}

/// The `dir` attribute for text of a document set to `direction`: `auto` lets the browser take
/// each block's direction from its first strong letter, as the reading view does.
fn dir(direction: Direction) -> &'static str {
    direction.as_str()
}

fn swatch(color: &str) -> String {
    format!(
        "<span class=\"swatch\" style=\"background:{}\"></span>",
        esc(color)
    )
}

/// The excerpts under a heading per code.
pub(super) fn excerpts(r: &Retrieval) -> String {
    let mut out = String::with_capacity(r.excerpts.len() * 900 + 4096);
    let title = format!("{} — coded excerpts", r.project_name);
    head(&mut out, &title);
    let _ = write!(
        out,
        "<body>\n<h1>{}</h1>\n<p class=\"query\">{}</p>\n",
        esc(&title),
        esc(&r.describe())
    );
    for section in r.sections() {
        out.push_str("<section>\n<h2>");
        for code in &section.codes {
            out.push_str(&swatch(&code.code.color));
        }
        let _ = writeln!(out, "<bdi>{}</bdi></h2>", esc(&section.title));
        for code in &section.codes {
            let description = code.code.description.trim();
            if !description.is_empty() {
                let label = if section.codes.len() > 1 {
                    format!("<b>{}:</b> ", esc(&code.path))
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "<p class=\"description\">{label}{}</p>",
                    esc(description)
                );
            }
        }
        for e in &section.excerpts {
            let _ = write!(
                out,
                "<div class=\"excerpt\" id=\"{}\">\n<blockquote dir=\"{}\">",
                esc(&e
                    .codings
                    .first()
                    .map(|c| c.excerpt_id.to_string())
                    .unwrap_or_default()),
                dir(e.direction)
            );
            if !e.before.is_empty() {
                let _ = write!(out, "<span class=\"context\">{}</span>", esc(&e.before));
            }
            let _ = write!(out, "<span class=\"hit\">{}</span>", esc(&e.text));
            if !e.after.is_empty() {
                let _ = write!(out, "<span class=\"context\">{}</span>", esc(&e.after));
            }
            let _ = writeln!(
                out,
                "</blockquote>\n<p class=\"citation\">{}</p>",
                esc(&e.citation())
            );
            let _ = write!(out, "<p class=\"meta\">");
            for c in &e.codings {
                out.push_str(&swatch(&c.color));
            }
            let _ = writeln!(
                out,
                "<span class=\"id\">{}</span> · {} · {}, {} · {}, {}</p>",
                esc(&e.id_label()),
                esc(&e.code_paths()),
                esc(&e.document_name),
                esc(&e.location_label()),
                esc(&e.coders()),
                esc(date_of(&e.created()))
            );
            let memo = e.memo();
            if !memo.is_empty() {
                let _ = writeln!(
                    out,
                    "<p class=\"memo\"><b>Memo:</b> <bdi>{}</bdi></p>",
                    esc(&memo)
                );
            }
            out.push_str("</div>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The whole document: paragraph numbers, the text with coded passages washed in their
/// code's colour (the latest-starting coding's colour where several overlap; hover shows them
/// all), and beside each paragraph the codings that start in it, with their memos.
pub(super) fn document(d: &CodedDocument) -> String {
    let mut out = String::with_capacity(d.text.len() * 2 + d.codings.len() * 200 + 4096);
    head(&mut out, &format!("{} — {}", d.name, d.project_name));
    let _ = writeln!(
        out,
        "<body class=\"doc\">\n<h1>{}</h1>\n<p class=\"query\">{} · {} coding(s)</p>",
        esc(&d.name),
        esc(&d.project_name),
        d.codings.len()
    );
    let runs = d.runs();
    let mut started = vec![false; d.codings.len()];
    let mut r = 0;
    for p in 0..d.paragraphs.len() {
        let _ = write!(
            out,
            "<div class=\"para\"><div class=\"num\">¶{}</div><div class=\"text\" dir=\"{}\">",
            p + 1,
            dir(d.direction)
        );
        let mut labels = String::new();
        while r < runs.len() && runs[r].paragraph == p {
            let run = &runs[r];
            let text = esc(d.slice(run.range));
            if let Some(&top) = run.codings.last() {
                let names: Vec<&str> = run
                    .codings
                    .iter()
                    .map(|&i| d.codings[i].code_path.as_str())
                    .collect();
                let _ = write!(
                    out,
                    "<span class=\"coded\" style=\"background:#{}\" title=\"{}\">{text}</span>",
                    tint(&d.codings[top].color, 0.45),
                    esc(&names.join("; "))
                );
                for &i in &run.codings {
                    if !started[i] {
                        started[i] = true;
                        let c = &d.codings[i];
                        let _ = write!(
                            labels,
                            "<div class=\"label\">{}<bdi>{}</bdi> <span class=\"id\">{}</span>",
                            swatch(&c.color),
                            esc(&c.code_path),
                            c.excerpt_id
                        );
                        if !c.memo.trim().is_empty() {
                            let _ = write!(
                                labels,
                                "<p class=\"memo\" dir=\"auto\">{}</p>",
                                esc(c.memo.trim())
                            );
                        }
                        labels.push_str("</div>");
                    }
                }
            } else {
                out.push_str(&text);
            }
            r += 1;
        }
        let _ = writeln!(out, "</div><div class=\"codes\">{labels}</div></div>");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Memo text as HTML paragraphs, with its `*italic*` and `**bold**` as `<em>` and `<strong>`.
fn memo_text(out: &mut String, text: &str, label: Option<&str>) {
    for (i, para) in text_paragraphs(text).iter().enumerate() {
        out.push_str("<p dir=\"auto\">");
        // After a label, the text keeps its own direction.
        let labelled = i == 0 && label.is_some();
        if let Some(label) = label.filter(|_| labelled) {
            let _ = write!(out, "<span class=\"field\">{}:</span> <bdi>", esc(label));
        }
        let joined = para.join("\n");
        for span in crate::memos::emphasis(&joined) {
            let text = esc(span.text).replace('\n', "<br>");
            match (span.bold, span.italic) {
                (true, true) => {
                    let _ = write!(out, "<strong><em>{text}</em></strong>");
                }
                (true, false) => {
                    let _ = write!(out, "<strong>{text}</strong>");
                }
                (false, true) => {
                    let _ = write!(out, "<em>{text}</em>");
                }
                (false, false) => out.push_str(&text),
            }
        }
        if labelled {
            out.push_str("</bdi>");
        }
        out.push_str("</p>\n");
    }
}

/// Memos grouped by kind, each with what it is attached to and who changed it when.
pub(super) fn memos(memos: &[MemoEntry], project_name: &str) -> String {
    let mut out = String::with_capacity(memos.len() * 900 + 4096);
    let title = format!("{project_name} — memos");
    head(&mut out, &title);
    let _ = writeln!(out, "<body>\n<h1>{}</h1>", esc(&title));
    for (kind, group) in super::memo_groups(memos) {
        let _ = writeln!(out, "<section>\n<h2>{}</h2>", esc(kind.heading()));
        for e in group {
            let _ = writeln!(
                out,
                "<div class=\"memo-entry\">\n<h3 dir=\"auto\">{}</h3>\n<p class=\"meta\">{}</p>",
                esc(&e.heading()),
                esc(&super::memo_details(e))
            );
            if e.card.is_empty() {
                memo_text(&mut out, &e.text, None);
            } else {
                for (field, text) in &e.card {
                    memo_text(&mut out, text, Some(field.label()));
                }
            }
            out.push_str("</div>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}
