//! ODT (`OpenDocument` text, `LibreOffice` Writer's own format), written by hand: a zip whose first
//! entry is the uncompressed `mimetype`, then `content.xml`, `styles.xml`, `meta.xml` and
//! `META-INF/manifest.xml`. The same named styles as the DOCX export (Heading 1, Quote,
//! Excerpt Citation, …) so a writer restyles a whole export at once.

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

use super::{Directed, Encoded, hex_color, text_paragraphs, xml_escape};
use crate::domain::Direction;
use crate::memos::MemoEntry;
use crate::retrieval::{Excerpt, Retrieval};

const MIMETYPE: &str = "application/vnd.oasis.opendocument.text";

const NAMESPACES: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3""#;

const STYLES: &str = r##"<office:font-face-decls/>
<office:styles>
<style:default-style style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.21cm"/><style:text-properties fo:font-size="11pt" fo:language="en" fo:country="GB"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph" style:class="text"/>
<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard" style:class="text"/>
<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:class="chapter"><style:text-properties fo:font-size="22pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:class="text"><style:paragraph-properties fo:margin-top="0.6cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"/><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Heading" style:next-style-name="Text_20_body" style:default-outline-level="1" style:class="text"><style:text-properties fo:font-size="16pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Heading" style:next-style-name="Text_20_body" style:default-outline-level="2" style:class="text"><style:text-properties fo:font-size="13pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Memo_20_Details" style:display-name="Memo Details" style:family="paragraph" style:parent-style-name="Standard" style:class="text"><style:text-properties fo:font-size="9pt" fo:font-style="italic" fo:color="#666666"/></style:style>
<style:style style:name="Emphasis" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
<style:style style:name="Quotations" style:display-name="Quotations" style:family="paragraph" style:parent-style-name="Standard" style:class="html"><style:paragraph-properties fo:margin-left="1.27cm" fo:margin-right="1.27cm" fo:margin-top="0.1cm" fo:margin-bottom="0.1cm"/><style:text-properties fo:font-style="italic"/></style:style>
<style:style style:name="Excerpt_20_Citation" style:display-name="Excerpt Citation" style:family="paragraph" style:parent-style-name="Standard" style:class="text"><style:paragraph-properties fo:margin-left="1.27cm"/><style:text-properties fo:font-size="9pt" fo:color="#555555"/></style:style>
<style:style style:name="Excerpt_20_Details" style:display-name="Excerpt Details" style:family="paragraph" style:parent-style-name="Standard" style:class="text"><style:paragraph-properties fo:margin-left="1.27cm"/><style:text-properties fo:font-size="9pt" fo:color="#777777"/></style:style>
<style:style style:name="Excerpt_20_Memo" style:display-name="Excerpt Memo" style:family="paragraph" style:parent-style-name="Standard" style:class="text"><style:paragraph-properties fo:margin-left="1.27cm"/></style:style>
<style:style style:name="Code_20_Description" style:display-name="Code Description" style:family="paragraph" style:parent-style-name="Standard" style:class="text"><style:text-properties fo:font-style="italic" fo:color="#444444"/></style:style>
<style:style style:name="Strong_20_Emphasis" style:display-name="Strong Emphasis" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
</office:styles>"##;

/// Text for an ODF paragraph: escaped, line breaks as `text:line-break`, tabs as `text:tab`,
/// and spaces that ODF would collapse (runs, and a leading one) as `text:s`.
fn odf_text(out: &mut String, text: &str) {
    let escaped = xml_escape(text);
    let mut spaces = 0usize;
    let mut at_start = true;
    let flush = |out: &mut String, spaces: &mut usize, at_start: bool| {
        if *spaces == 0 {
            return;
        }
        let literal = usize::from(!at_start);
        if literal == 1 {
            out.push(' ');
        }
        if *spaces > literal {
            let _ = write!(out, "<text:s text:c=\"{}\"/>", *spaces - literal);
        }
        *spaces = 0;
    };
    for c in escaped.chars() {
        match c {
            ' ' => spaces += 1,
            '\n' => {
                flush(out, &mut spaces, at_start);
                out.push_str("<text:line-break/>");
                at_start = true;
            }
            '\t' => {
                flush(out, &mut spaces, at_start);
                out.push_str("<text:tab/>");
                at_start = false;
            }
            '\r' => {}
            c => {
                flush(out, &mut spaces, at_start);
                out.push(c);
                at_start = false;
            }
        }
    }
    flush(out, &mut spaces, at_start);
}

fn paragraph(out: &mut String, style: &str, text: &str) {
    let _ = write!(out, "<text:p text:style-name=\"{style}\">");
    odf_text(out, text);
    out.push_str("</text:p>\n");
}

/// The paragraph styles that may hold right-to-left text; each has an automatic variant
/// `R_<name>` written right to left (see [`right_to_left_styles`]).
const DIRECTED_STYLES: [&str; 3] = ["Quotations", "Excerpt_20_Memo", "Text_20_body"];

/// Automatic paragraph styles for right-to-left paragraphs: each of [`DIRECTED_STYLES`] in
/// the right-to-left writing mode (so its start, and its alignment, is on the right). Writer
/// shows them under their parent's name.
fn right_to_left_styles() -> String {
    let mut out = String::new();
    for name in DIRECTED_STYLES {
        let _ = writeln!(
            out,
            "<style:style style:name=\"R_{name}\" style:family=\"paragraph\" style:parent-style-name=\"{name}\"><style:paragraph-properties style:writing-mode=\"rl-tb\"/></style:style>"
        );
    }
    out
}

/// Opens a paragraph of `style` (one of [`DIRECTED_STYLES`]) for `text`, in its right-to-left
/// variant when the text runs right to left.
fn open_directed(out: &mut String, style: &str, text: &str, direction: Direction) {
    let rtl = Directed::new(text, direction).rtl;
    let prefix = if rtl { "R_" } else { "" };
    let _ = write!(out, "<text:p text:style-name=\"{prefix}{style}\">");
}

/// A coloured square naming a code's colour: an automatic text style per colour.
fn swatch(out: &mut String, color: &str) {
    let _ = write!(
        out,
        "<text:span text:style-name=\"C{}\">■ </text:span>",
        hex_color(color)
    );
}

fn excerpt(out: &mut String, e: &Excerpt) {
    for para in text_paragraphs(&e.text) {
        let text = para.join("\n");
        open_directed(out, "Quotations", &text, e.direction);
        odf_text(out, &text);
        out.push_str("</text:p>\n");
    }
    paragraph(out, "Excerpt_20_Citation", &e.citation());
    out.push_str("<text:p text:style-name=\"Excerpt_20_Details\">");
    for c in &e.codings {
        swatch(out, &c.color);
    }
    odf_text(out, &super::details_line(e));
    out.push_str("</text:p>\n");
    let memo = e.memo();
    for (i, para) in text_paragraphs(&memo).iter().enumerate() {
        let text = para.join("\n");
        open_directed(out, "Excerpt_20_Memo", &text, Direction::Auto);
        if i == 0 {
            out.push_str("<text:span text:style-name=\"Strong_20_Emphasis\">Memo: </text:span>");
        }
        odf_text(out, &text);
        out.push_str("</text:p>\n");
    }
}

/// The excerpts under a Heading 1 per code, each in the Quotations style with its citation,
/// details and memo.
pub(super) fn excerpts(r: &Retrieval) -> Encoded {
    let mut body = String::with_capacity(r.excerpts.len() * 900 + 4096);
    let mut colors: Vec<String> = Vec::new();
    let title = format!("{} — coded excerpts", r.project_name);
    paragraph(&mut body, "Title", &title);
    paragraph(&mut body, "Text_20_body", &r.describe());
    for section in r.sections() {
        body.push_str("<text:h text:style-name=\"Heading_20_1\" text:outline-level=\"1\">");
        for code in &section.codes {
            swatch(&mut body, &code.code.color);
        }
        odf_text(&mut body, &section.title);
        body.push_str("</text:h>\n");
        for code in &section.codes {
            let description = code.code.description.trim();
            if !description.is_empty() {
                let text = if section.codes.len() > 1 {
                    format!("{}: {description}", code.path)
                } else {
                    description.to_owned()
                };
                paragraph(&mut body, "Code_20_Description", &text);
            }
        }
        for e in &section.excerpts {
            excerpt(&mut body, e);
        }
    }
    for entry in &r.codebook {
        let c = hex_color(&entry.code.color);
        if !colors.contains(&c) {
            colors.push(c);
        }
    }
    let mut automatic = String::from("<office:automatic-styles>\n");
    automatic.push_str(&right_to_left_styles());
    for c in &colors {
        let _ = writeln!(
            automatic,
            "<style:style style:name=\"C{c}\" style:family=\"text\"><style:text-properties fo:color=\"#{c}\"/></style:style>"
        );
    }
    automatic.push_str("</office:automatic-styles>\n");
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content {NAMESPACES}>\n{automatic}<office:body>\n<office:text>\n{body}</office:text>\n</office:body>\n</office:document-content>\n"
    );
    let styles = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-styles {NAMESPACES}>\n{STYLES}\n</office:document-styles>\n"
    );
    let meta = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-meta {NAMESPACES}>\n<office:meta><meta:generator>Tamga</meta:generator><dc:title>{}</dc:title></office:meta>\n</office:document-meta>\n",
        xml_escape(&title)
    );
    package(&content, &styles, &meta)
}

/// Memo text as Text body paragraphs, its `*italic*` and `**bold**` as Emphasis and Strong
/// Emphasis spans; the first paragraph led by a bold label when one is given.
fn memo_paragraphs(out: &mut String, text: &str, label: Option<&str>) {
    for (i, para) in text_paragraphs(text).iter().enumerate() {
        let joined = para.join("\n");
        open_directed(out, "Text_20_body", &joined, Direction::Auto);
        if i == 0
            && let Some(label) = label
        {
            out.push_str("<text:span text:style-name=\"Strong_20_Emphasis\">");
            odf_text(out, &format!("{label}: "));
            out.push_str("</text:span>");
        }
        for span in crate::memos::emphasis(&joined) {
            if span.bold {
                out.push_str("<text:span text:style-name=\"Strong_20_Emphasis\">");
            }
            if span.italic {
                out.push_str("<text:span text:style-name=\"Emphasis\">");
            }
            odf_text(out, span.text);
            if span.italic {
                out.push_str("</text:span>");
            }
            if span.bold {
                out.push_str("</text:span>");
            }
        }
        out.push_str("</text:p>\n");
    }
}

/// Memos under a Heading 1 per kind and a Heading 2 per memo, each with a details line.
pub(super) fn memos(memos: &[MemoEntry], project_name: &str) -> Encoded {
    let mut body = String::with_capacity(memos.len() * 900 + 4096);
    let title = format!("{project_name} — memos");
    paragraph(&mut body, "Title", &title);
    for (kind, group) in super::memo_groups(memos) {
        body.push_str("<text:h text:style-name=\"Heading_20_1\" text:outline-level=\"1\">");
        odf_text(&mut body, kind.heading());
        body.push_str("</text:h>\n");
        for e in group {
            body.push_str("<text:h text:style-name=\"Heading_20_2\" text:outline-level=\"2\">");
            odf_text(&mut body, &e.heading());
            body.push_str("</text:h>\n");
            paragraph(&mut body, "Memo_20_Details", &super::memo_details(e));
            if e.card.is_empty() {
                memo_paragraphs(&mut body, &e.text, None);
            } else {
                for (field, text) in &e.card {
                    memo_paragraphs(&mut body, text, Some(field.label()));
                }
            }
        }
    }
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content {NAMESPACES}>\n<office:automatic-styles>\n{}</office:automatic-styles>\n<office:body>\n<office:text>\n{body}</office:text>\n</office:body>\n</office:document-content>\n",
        right_to_left_styles()
    );
    let styles = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-styles {NAMESPACES}>\n{STYLES}\n</office:document-styles>\n"
    );
    let meta = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-meta {NAMESPACES}>\n<office:meta><meta:generator>Tamga</meta:generator><dc:title>{}</dc:title></office:meta>\n</office:document-meta>\n",
        xml_escape(&title)
    );
    package(&content, &styles, &meta)
}

const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"#;

/// The zip container: `mimetype` first and stored, so a reader can sniff the type at a fixed
/// offset; the rest deflated.
fn package(content: &str, styles: &str, meta: &str) -> Encoded {
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(content.len() / 3 + 8192)));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    zip.start_file("mimetype", stored)?;
    zip.write_all(MIMETYPE.as_bytes())?;
    for (name, text) in [
        ("content.xml", content),
        ("styles.xml", styles),
        ("meta.xml", meta),
        ("META-INF/manifest.xml", MANIFEST),
    ] {
        zip.start_file(name, deflated)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn odf(text: &str) -> String {
        let mut out = String::new();
        odf_text(&mut out, text);
        out
    }

    #[test]
    fn spaces_tabs_and_breaks_survive_odf_whitespace_rules() {
        assert_eq!(odf("a  b"), "a <text:s text:c=\"1\"/>b");
        assert_eq!(odf(" a"), "<text:s text:c=\"1\"/>a");
        assert_eq!(odf("a\nb\tc"), "a<text:line-break/>b<text:tab/>c");
        assert_eq!(odf("“Қ” & <历史>"), "“Қ” &amp; &lt;历史&gt;");
    }
}
