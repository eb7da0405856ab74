//! DOCX (Word, `LibreOffice`, Google Docs) through `docx-rs`. Everything is styled with named
//! paragraph styles — Title, Heading 1–3, Quote, and Tamga's Excerpt Citation, Excerpt Memo,
//! Code Description — so a writer restyles a whole export by changing one style. A coded
//! document carries each coding as a Word comment naming its code.

use std::io::Cursor;

use docx_rs::{
    BreakType, Comment, Docx, LineSpacing, Paragraph, Run, RunFonts, Shading, ShdType, Style,
    StyleType,
};

use super::{Directed, Encoded, hex_color, text_paragraphs, tint, xml_clean};
use crate::domain::{CodeField, Direction, TextRange};
use crate::memos::MemoEntry;
use crate::project::CodebookEntry;
use crate::retrieval::{CodedDocument, Excerpt, Retrieval};

const NORMAL: &str = "Normal";
pub(super) const TITLE: &str = "Title";
pub(super) const HEADINGS: [&str; 3] = ["Heading1", "Heading2", "Heading3"];
const QUOTE: &str = "Quote";
const CITATION: &str = "ExcerptCitation";
const MEMO: &str = "ExcerptMemo";
const DESCRIPTION: &str = "CodeDescription";
pub(super) const DETAILS: &str = "ExcerptDetails";
const MEMO_DETAILS: &str = "MemoDetails";
/// A run style that stands for `w:rtl` until [`pack`] writes it (docx-rs has no builder for
/// `w:rtl`); it names no style in the file.
const RTL_RUN: &str = "TamgaRightToLeftRun";

/// Spacing in twentieths of a point; sizes in half points.
pub(super) fn styles(docx: Docx) -> Docx {
    let paragraph = |id: &str, name: &str| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on(NORMAL)
            .next(NORMAL)
            .q_format(true)
    };
    let mut docx = docx
        .default_fonts(
            RunFonts::new()
                .ascii("Calibri")
                .hi_ansi("Calibri")
                .east_asia("Noto Serif CJK SC")
                .cs("Calibri"),
        )
        .default_size(22)
        .add_style(
            Style::new(NORMAL, StyleType::Paragraph)
                .name("Normal")
                .q_format(true)
                .line_spacing(LineSpacing::new().after(120)),
        )
        .add_style(paragraph(TITLE, "Title").size(44).bold())
        .add_style(
            paragraph(QUOTE, "Quote")
                .italic()
                .indent(Some(720), None, Some(720), None)
                .line_spacing(LineSpacing::new().before(60).after(60)),
        )
        .add_style(
            paragraph(CITATION, "Excerpt Citation")
                .size(18)
                .color("555555")
                .indent(Some(720), None, None, None),
        )
        .add_style(
            paragraph(DETAILS, "Excerpt Details")
                .size(18)
                .color("777777")
                .indent(Some(720), None, None, None),
        )
        .add_style(paragraph(MEMO, "Excerpt Memo").indent(Some(720), None, None, None))
        .add_style(
            paragraph(MEMO_DETAILS, "Memo Details")
                .size(18)
                .color("666666")
                .italic(),
        )
        .add_style(
            paragraph(DESCRIPTION, "Code Description")
                .italic()
                .color("444444"),
        );
    for (level, id) in HEADINGS.iter().enumerate() {
        docx = docx.add_style(
            paragraph(id, &format!("heading {}", level + 1))
                .bold()
                .size([32, 28, 24][level])
                .outline_lvl(level)
                .line_spacing(LineSpacing::new().before(360).after(120)),
        );
    }
    docx
}

/// A run of `text`, its line breaks as Word line breaks and without characters XML forbids.
pub(super) fn text_run(text: &str) -> Run {
    let clean = xml_clean(text);
    let mut run = Run::new();
    for (i, line) in clean.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        if !line.is_empty() {
            run = run.add_text(line);
        }
    }
    run
}

/// A small coloured square naming a code's colour.
fn swatch(color: &str) -> Run {
    Run::new().add_text("■ ").color(hex_color(color))
}

pub(super) fn pack(docx: Docx) -> Encoded {
    let mut xml = docx.build();
    xml.document = right_to_left_runs(&xml.document);
    xml.comments = right_to_left_runs(&xml.comments);
    let mut buf = Cursor::new(Vec::new());
    xml.pack(&mut buf)?;
    Ok(buf.into_inner())
}

/// Replaces each [`RTL_RUN`] run style in `xml` by `w:rtl` at the end of its run's properties
/// (where the schema's order puts it among the properties these exports write).
fn right_to_left_runs(xml: &[u8]) -> Vec<u8> {
    let mark = format!("<w:rStyle w:val=\"{RTL_RUN}\"");
    let Ok(text) = std::str::from_utf8(xml) else {
        return xml.to_vec();
    };
    if !text.contains(&mark) {
        return xml.to_vec();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(&mark) {
        out.push_str(&rest[..at]);
        let after_mark = &rest[at..];
        let Some(close) = after_mark.find("/>") else {
            break;
        };
        let properties = &after_mark[close + 2..];
        let Some(end) = properties.find("</w:rPr>") else {
            break;
        };
        out.push_str(&properties[..end]);
        out.push_str("<w:rtl />");
        rest = &properties[end..];
    }
    out.push_str(rest);
    out.into_bytes()
}

/// `run` marked right to left when `rtl`.
fn directed_run(run: Run, rtl: bool) -> Run {
    if rtl { run.style(RTL_RUN) } else { run }
}

/// `paragraph` marked as a right-to-left paragraph (`w:bidi`) when `rtl`.
fn directed(mut paragraph: Paragraph, rtl: bool) -> Paragraph {
    if rtl {
        paragraph.property = paragraph.property.bidi(true);
    }
    paragraph
}

/// `text` as one paragraph in its direction: `w:bidi` when it runs right to left, each
/// right-to-left run with `w:rtl`.
fn text_paragraph(style: &str, text: &str, direction: Direction) -> Paragraph {
    let d = Directed::new(text, direction);
    let mut p = directed(Paragraph::new().style(style), d.rtl);
    for (piece, rtl) in d.pieces(text) {
        p = p.add_run(directed_run(text_run(piece), rtl));
    }
    p
}

fn excerpt(mut docx: Docx, e: &Excerpt) -> Docx {
    for para in text_paragraphs(&e.text) {
        docx = docx.add_paragraph(text_paragraph(QUOTE, &para.join("\n"), e.direction));
    }
    docx = docx.add_paragraph(
        Paragraph::new()
            .style(CITATION)
            .add_run(text_run(&e.citation())),
    );
    let mut details = Paragraph::new().style(DETAILS);
    for c in &e.codings {
        details = details.add_run(swatch(&c.color));
    }
    docx = docx.add_paragraph(details.add_run(text_run(&super::details_line(e))));
    let memo = e.memo();
    if !memo.is_empty() {
        for (i, para) in text_paragraphs(&memo).iter().enumerate() {
            let text = para.join("\n");
            let d = Directed::new(&text, Direction::Auto);
            let mut p = directed(Paragraph::new().style(MEMO), d.rtl);
            if i == 0 {
                p = p.add_run(Run::new().add_text("Memo: ").bold());
            }
            for (piece, rtl) in d.pieces(&text) {
                p = p.add_run(directed_run(text_run(piece), rtl));
            }
            docx = docx.add_paragraph(p);
        }
    }
    docx
}

/// The excerpts under a Heading 1 per code, each as a Quote with its citation, details and
/// memo.
pub(super) fn excerpts(r: &Retrieval) -> Encoded {
    let mut docx = styles(Docx::new())
        .add_paragraph(
            Paragraph::new()
                .style(TITLE)
                .add_run(text_run(&format!("{} — coded excerpts", r.project_name))),
        )
        .add_paragraph(Paragraph::new().add_run(text_run(&r.describe())));
    for section in r.sections() {
        let mut heading = Paragraph::new().style(HEADINGS[0]);
        for code in &section.codes {
            heading = heading.add_run(swatch(&code.code.color));
        }
        docx = docx.add_paragraph(heading.add_run(text_run(&section.title)));
        for code in &section.codes {
            let description = code.code.description.trim();
            if !description.is_empty() {
                let mut p = Paragraph::new().style(DESCRIPTION);
                if section.codes.len() > 1 {
                    p = p.add_run(text_run(&format!("{}: ", code.path)).bold());
                }
                docx = docx.add_paragraph(p.add_run(text_run(description)));
            }
        }
        for e in &section.excerpts {
            docx = excerpt(docx, e);
        }
    }
    pack(docx)
}

/// The codebook: a heading per code at its depth (Heading 1–3), its description and counts.
pub(super) fn codebook(codebook: &[CodebookEntry], project_name: &str) -> Encoded {
    let mut docx = styles(Docx::new()).add_paragraph(
        Paragraph::new()
            .style(TITLE)
            .add_run(text_run(&format!("{project_name} — codebook"))),
    );
    for e in codebook {
        docx = docx.add_paragraph(
            Paragraph::new()
                .style(HEADINGS[e.depth.min(HEADINGS.len() - 1)])
                .add_run(swatch(&e.code.color))
                .add_run(text_run(&e.path)),
        );
        let description = e.code.description.trim();
        if !description.is_empty() {
            docx = docx.add_paragraph(
                Paragraph::new()
                    .style(DESCRIPTION)
                    .add_run(text_run(description)),
            );
        }
        for field in [
            CodeField::WhenToUse,
            CodeField::WhenNotToUse,
            CodeField::Example,
        ] {
            let text = field.of(&e.code).trim();
            if !text.is_empty() {
                docx = memo_paragraphs(docx, text, Some(field.label()));
            }
        }
        docx = docx.add_paragraph(Paragraph::new().style(DETAILS).add_run(text_run(&format!(
            "Colour {} · {} coding(s), {} with subcodes",
            e.code.color, e.own, e.total
        ))));
    }
    pack(docx)
}

/// The whole document: every paragraph, coded passages shaded in their code's colour, and
/// each coding a Word comment (author: the coder) saying its code, excerpt id and memo.
pub(super) fn document(d: &CodedDocument) -> Encoded {
    let runs = d.runs();
    // Each coding's comment opens before the first run it covers and closes after the last.
    let mut first = vec![usize::MAX; d.codings.len()];
    let mut last = vec![0usize; d.codings.len()];
    for (r, run) in runs.iter().enumerate() {
        for &c in &run.codings {
            first[c] = first[c].min(r);
            last[c] = r;
        }
    }
    let mut docx =
        styles(Docx::new()).add_paragraph(Paragraph::new().style(TITLE).add_run(text_run(&d.name)));
    let mut r = 0;
    for (p, paragraph) in d.paragraphs.iter().enumerate() {
        let directions = Directed::new(d.slice(paragraph.range), d.direction);
        let mut para = directed(Paragraph::new(), directions.rtl);
        while r < runs.len() && runs[r].paragraph == p {
            let run = &runs[r];
            for &c in &run.codings {
                if first[c] == r {
                    let coding = &d.codings[c];
                    let mut comment = Comment::new(c + 1)
                        .author(xml_clean(&coding.coder).into_owned())
                        .date(coding.created.clone())
                        .add_paragraph(
                            Paragraph::new().add_run(
                                text_run(&format!("{} [{}]", coding.code_path, coding.excerpt_id))
                                    .bold(),
                            ),
                        );
                    if !coding.memo.trim().is_empty() {
                        comment = comment
                            .add_paragraph(Paragraph::new().add_run(text_run(coding.memo.trim())));
                    }
                    para = para.add_comment_start(comment);
                }
            }
            let start = paragraph.range.start;
            for (piece, rtl) in directions.split(run.range.start - start..run.range.end - start) {
                let range = TextRange::new(piece.start + start, piece.end + start);
                let mut text = directed_run(text_run(d.slice(range)), rtl);
                if let Some(&top) = run.codings.last() {
                    text = text.shading(
                        Shading::new()
                            .shd_type(ShdType::Clear)
                            .color("auto")
                            .fill(tint(&d.codings[top].color, 0.45)),
                    );
                }
                para = para.add_run(text);
            }
            for &c in &run.codings {
                if last[c] == r {
                    para = para.add_comment_end(c + 1);
                }
            }
            r += 1;
        }
        docx = docx.add_paragraph(para);
    }
    pack(docx)
}

/// Memo text as Normal paragraphs with its `*italic*` and `**bold**` as italic and bold runs;
/// the first paragraph led by a bold label when one is given.
fn memo_paragraphs(mut docx: Docx, text: &str, label: Option<&str>) -> Docx {
    for (i, para) in text_paragraphs(text).iter().enumerate() {
        let joined = para.join("\n");
        let directions = Directed::new(&joined, Direction::Auto);
        let mut p = directed(Paragraph::new(), directions.rtl);
        if i == 0
            && let Some(label) = label
        {
            p = p.add_run(text_run(&format!("{label}: ")).bold());
        }
        for span in crate::memos::emphasis(&joined) {
            // Spans are slices of `joined`.
            let byte = span.text.as_ptr() as usize - joined.as_ptr() as usize;
            let start = joined[..byte].chars().count();
            let end = start + span.text.chars().count();
            for (piece, rtl) in directions.split(start..end) {
                let piece_text =
                    crate::text::slice_chars(&joined, TextRange::new(piece.start, piece.end))
                        .unwrap_or("");
                let mut run = directed_run(text_run(piece_text), rtl);
                if span.bold {
                    run = run.bold();
                }
                if span.italic {
                    run = run.italic();
                }
                p = p.add_run(run);
            }
        }
        docx = docx.add_paragraph(p);
    }
    docx
}

/// Memos under a Heading 1 per kind and a Heading 2 per memo, each with a details line saying
/// what it is attached to and who changed it when.
pub(super) fn memos(memos: &[MemoEntry], project_name: &str) -> Encoded {
    let mut docx = styles(Docx::new()).add_paragraph(
        Paragraph::new()
            .style(TITLE)
            .add_run(text_run(&format!("{project_name} — memos"))),
    );
    for (kind, group) in super::memo_groups(memos) {
        docx = docx.add_paragraph(
            Paragraph::new()
                .style(HEADINGS[0])
                .add_run(text_run(kind.heading())),
        );
        for e in group {
            docx = docx
                .add_paragraph(
                    Paragraph::new()
                        .style(HEADINGS[1])
                        .add_run(text_run(&e.heading())),
                )
                .add_paragraph(
                    Paragraph::new()
                        .style(MEMO_DETAILS)
                        .add_run(text_run(&super::memo_details(e))),
                );
            if e.card.is_empty() {
                docx = memo_paragraphs(docx, &e.text, None);
            } else {
                for (field, text) in &e.card {
                    docx = memo_paragraphs(docx, text, Some(field.label()));
                }
            }
        }
    }
    pack(docx)
}
