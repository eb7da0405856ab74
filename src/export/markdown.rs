//! Markdown for Pandoc and Obsidian: `#` headings per code, `> ` block quotes, the citation and
//! memo after each; the codebook as a table.

use std::fmt::Write as _;

use crate::memos::MemoEntry;
use crate::project::CodebookEntry;
use crate::retrieval::{Excerpt, Retrieval};

/// Escapes what Markdown would read as markup, so the text comes out as written.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let body = line.trim_start();
        out.push_str(&line[..line.len() - body.len()]);
        // Line-leading block markers: headings, lists, quotes, setext underlines.
        if body.starts_with(['#', '-', '+', '=', '>']) {
            out.push('\\');
        }
        // A numbered-list marker: digits then `.` or `)`.
        let digits = body.len() - body.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let list_dot = (digits > 0 && body[digits..].starts_with(['.', ')'])).then_some(digits);
        for (j, c) in body.char_indices() {
            if matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~'
            ) && !(j == 0 && body.starts_with('>'))
                || list_dot == Some(j)
            {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// Each line of `text` behind `> `; blank lines stay quoted so the quote is one block.
fn quote(text: &str) -> String {
    let mut out = String::new();
    for line in escape(text.trim_end_matches('\n')).split('\n') {
        if line.trim().is_empty() {
            out.push_str(">\n");
        } else {
            // Two trailing spaces keep single line breaks inside a paragraph.
            let _ = writeln!(out, "> {line}  ");
        }
    }
    out
}

fn excerpt(out: &mut String, e: &Excerpt) {
    if !e.before.is_empty() || !e.after.is_empty() {
        let _ = writeln!(
            out,
            "*Context:* {}**{}**{}\n",
            escape(&e.before).replace('\n', " "),
            escape(&e.text).replace('\n', " "),
            escape(&e.after).replace('\n', " ")
        );
    }
    out.push_str(&quote(&e.text));
    out.push('\n');
    let _ = writeln!(out, "*Citation:* {}  ", escape(&e.citation()));
    let _ = writeln!(out, "*Excerpt* {}\n", escape(&super::details_line(e)));
    let memo = e.memo();
    if !memo.is_empty() {
        let _ = writeln!(out, "**Memo:** {}\n", escape(&memo).replace('\n', "  \n"));
    }
}

/// The excerpts under a heading per code.
pub(super) fn excerpts(r: &Retrieval) -> String {
    let mut out = String::with_capacity(r.excerpts.len() * 600 + 256);
    let _ = writeln!(
        out,
        "# {} — coded excerpts\n\n{}\n",
        escape(&r.project_name),
        escape(&r.describe())
    );
    for section in r.sections() {
        let _ = writeln!(out, "## {}\n", escape(&section.title));
        for code in &section.codes {
            if !code.code.description.trim().is_empty() {
                let prefix = if section.codes.len() > 1 {
                    format!("*{}:* ", escape(&code.path))
                } else {
                    String::new()
                };
                let _ = writeln!(out, "{prefix}{}\n", escape(code.code.description.trim()));
            }
        }
        for e in &section.excerpts {
            excerpt(&mut out, e);
        }
    }
    out
}

/// Escapes a table cell: no line breaks, pipes escaped.
fn cell(text: &str) -> String {
    escape(text).replace('\n', " ")
}

/// The codebook as one table, parents before children.
pub(super) fn codebook(codebook: &[CodebookEntry], project_name: &str) -> String {
    let mut out = String::with_capacity(codebook.len() * 120 + 256);
    let _ = writeln!(out, "# {} — codebook\n", escape(project_name));
    out.push_str(
        "| Code | Description | Colour | Codings | With subcodes | When to use | When not to use | Example |\n",
    );
    out.push_str("|---|---|---|--:|--:|---|---|---|\n");
    for e in codebook {
        let _ = writeln!(
            out,
            "| {} | {} | `{}` | {} | {} | {} | {} | {} |",
            cell(&e.path),
            cell(e.code.description.trim()),
            e.code.color,
            e.own,
            e.total,
            cell(e.code.when_to_use.trim()),
            cell(e.code.when_not_to_use.trim()),
            cell(e.code.example.trim()),
        );
    }
    out
}

/// Memo text with its emphasis as Markdown emphasis and everything else escaped; paragraphs
/// stay paragraphs, single line breaks stay line breaks.
fn memo_text(text: &str) -> String {
    let mut out = String::new();
    for (i, para) in super::text_paragraphs(text).iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        let joined = para.join("\n");
        for span in crate::memos::emphasis(&joined) {
            let marker = match (span.bold, span.italic) {
                (true, true) => "***",
                (true, false) => "**",
                (false, true) => "*",
                (false, false) => "",
            };
            let _ = write!(
                out,
                "{marker}{}{marker}",
                escape(span.text).replace('\n', "  \n")
            );
        }
    }
    out
}

/// Memos grouped by kind: a heading per memo, a line saying what it is attached to and who
/// changed it when, then its text.
pub(super) fn memos(memos: &[MemoEntry], project_name: &str) -> String {
    let mut out = String::with_capacity(memos.len() * 600 + 256);
    let _ = writeln!(out, "# {} — memos\n", escape(project_name));
    for (kind, group) in super::memo_groups(memos) {
        let _ = writeln!(out, "## {}\n", escape(kind.heading()));
        for e in group {
            let _ = writeln!(out, "### {}\n", escape(&e.heading()));
            let _ = writeln!(out, "*{}*\n", escape(&super::memo_details(e)));
            if e.card.is_empty() {
                let _ = writeln!(out, "{}\n", memo_text(&e.text));
            } else {
                for (field, text) in &e.card {
                    let _ = writeln!(out, "**{}:** {}\n", escape(field.label()), memo_text(text));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped_and_text_kept() {
        assert_eq!(escape("a *b* [c] <d>"), r"a \*b\* \[c\] \<d\>");
        assert_eq!(escape("# not a heading"), r"\# not a heading");
        assert_eq!(escape("1. not a list"), r"1\. not a list");
        assert_eq!(escape("“Қазақстан” 历史故乡 ’"), "“Қазақстан” 历史故乡 ’");
    }

    #[test]
    fn quotes_keep_paragraphs_in_one_block() {
        assert_eq!(
            quote("one\ntwo\n\nthree"),
            "> one  \n> two  \n>\n> three  \n"
        );
    }
}
