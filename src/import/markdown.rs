//! Markdown (.md): pulldown-cmark's events turned into plain text, markup dropped.
//!
//! - Headings, paragraphs, list items, block quotes, table cells and code blocks become
//!   paragraphs; a soft line break (a hard-wrapped line) is a space, a hard break a line break.
//! - Emphasis, links and images keep their text (a link's URL and an image's source are
//!   dropped); HTML tags are removed, their text kept; YAML front matter is skipped.
//! - Code blocks keep their lines and spaces; elsewhere runs of spaces collapse to one.
//! - Footnote references stay as `[label]`; footnote definitions follow the body after a
//!   paragraph `Notes`.
//!
//! The bytes are decoded like a plain text file (BOM, UTF-8, then a statistical guess).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::blocks::{Blocks, collapse_spaces};
use super::{Extracted, ImportError, plain};

pub(super) fn extract(bytes: &[u8]) -> Result<Extracted, ImportError> {
    let (text, encoding) = plain::decode_text(bytes)?;
    let text = crate::text::normalize_line_endings(&text);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_DEFINITION_LIST;
    let mut walk = Walk::default();
    for event in Parser::new_ext(&text, options) {
        walk.event(event);
    }
    walk.flush();
    let mut out = Blocks::default();
    for paragraph in &walk.paragraphs {
        out.push(paragraph);
    }
    out.push_notes(&walk.notes);
    Ok(Extracted {
        text: out.finish(),
        encoding,
        ..Extracted::default()
    })
}

#[derive(Debug, Default)]
struct Walk {
    paragraphs: Vec<String>,
    notes: Vec<(String, Vec<String>)>,
    current: String,
    /// Inside a code block: keep the text verbatim.
    code: bool,
    /// Inside front matter: skip.
    metadata: bool,
    /// The footnote definition being read.
    note: Option<(String, Vec<String>)>,
}

impl Walk {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) if !self.metadata => self.current.push_str(&text),
            Event::Code(text) | Event::InlineMath(text) | Event::DisplayMath(text) => {
                self.current.push_str(&text);
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                self.current.push_str(&strip_tags(&html));
            }
            Event::FootnoteReference(label) => {
                self.current.push('[');
                self.current.push_str(&label);
                self.current.push(']');
            }
            Event::SoftBreak => self.current.push(' '),
            Event::HardBreak => self.current.push('\n'),
            Event::Rule => self.flush(),
            Event::Text(_) | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::CodeBlock(_) => {
                self.flush();
                self.code = true;
            }
            Tag::MetadataBlock(_) => self.metadata = true,
            Tag::FootnoteDefinition(label) => {
                self.flush();
                self.note = Some((label.to_string(), Vec::new()));
            }
            Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::Item
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => self.flush(),
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. } => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::CodeBlock => {
                self.flush();
                self.code = false;
            }
            TagEnd::MetadataBlock(_) => self.metadata = false,
            TagEnd::FootnoteDefinition => {
                self.flush();
                if let Some(note) = self.note.take() {
                    self.notes.push(note);
                }
            }
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::HtmlBlock
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => self.flush(),
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image => {}
        }
    }

    fn flush(&mut self) {
        let text = std::mem::take(&mut self.current);
        let paragraph = if self.code {
            text
        } else {
            collapse_spaces(&text)
        };
        if paragraph.trim().is_empty() {
            return;
        }
        match &mut self.note {
            Some((_, paragraphs)) => paragraphs.push(paragraph),
            None => self.paragraphs.push(paragraph),
        }
    }
}

/// `html` without its tags and comments.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let close = if after.starts_with("<!--") {
            after.find("-->").map(|i| i + 3)
        } else {
            after.find('>').map(|i| i + 1)
        };
        match close {
            Some(close) => rest = &after[close..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::import::testing::{fixture, mutated, noise};

    fn text_of(md: &str) -> String {
        extract(md.as_bytes()).unwrap().text
    }

    #[test]
    fn markup_is_dropped_and_blocks_are_paragraphs() {
        let md = "---\ntitle: Front matter\n---\n\n# Қазақ *тілі* {#kk}\n\nБір  жол\nжалғасы  [сілтеме](https://example.org) ![сурет](a.png)  \nжаңа жол\n\n\
                  > Дәйексөз\n\n- [x] бірінші\n- **второй**\n\n```\ncode   kept\n  indented\n```\n\n<div>Русский <b>язык</b></div>\n\n***\n\n中文`代码`";
        assert_eq!(
            text_of(md),
            "Қазақ тілі\n\nБір жол жалғасы сілтеме сурет\nжаңа жол\n\nДәйексөз\n\nбірінші\n\nвторой\n\ncode   kept\n  indented\n\nРусский язык\n\n中文代码"
        );
    }

    #[test]
    fn footnotes_follow_the_body() {
        assert_eq!(
            text_of("Мәтін[^a] и ещё[^2].\n\n[^a]: Бірінші.\n[^2]: 第二.\n"),
            "Мәтін[a] и ещё[2].\n\nNotes\n\n[a] Бірінші.\n\n[2] 第二."
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn mutated_markdown_never_panics(bytes in mutated(fixture("sample.md"))) {
            let _ = extract(&bytes);
        }

        #[test]
        fn random_bytes_never_panic(bytes in noise(b"# ")) {
            let _ = extract(&bytes);
        }

        #[test]
        fn markdown_from_its_own_alphabet_never_panics(text in "[#*_`>\\[\\]()!|:^~\\- \n\tаҚ中<>/a-z0-9]{0,400}") {
            let _ = extract(text.as_bytes());
        }
    }
}
