//! Web pages (.html, .htm): html5ever's HTML5 tokenizer, and our own walk over its tokens.
//!
//! html2text was tried first: it lays text out for a terminal (it glued a paragraph to the list
//! after it, and table cells to each other), and its DOM does not expose text nodes, so we
//! take html5ever, which html2text is built on, and keep only its tokenizer (full entity table,
//! raw-text elements, the HTML5 error recovery for tags).
//!
//! - Block elements (`p`, `div`, headings, `li`, `td`, `th`, `blockquote`, `pre`, …) start and
//!   end paragraphs; `br` is a line break; `hr` ends a paragraph.
//! - Outside `pre`, runs of white space (no-break spaces included) collapse to one space, as a
//!   browser shows them.
//! - `title`, `script`, `style`, `template`, `noscript`, `svg` and `math` hold no text for us
//!   (`head` is not skipped as a whole: its end tag is optional, and it holds nothing else).
//! - The character set comes from a BOM, else a `<meta charset>` or `http-equiv` declaration in
//!   the first 4 KiB, else UTF-8; a page that is not valid UTF-8 and declares nothing is
//!   decoded like a plain text file (statistical guess).

use std::cell::RefCell;

use encoding_rs::Encoding;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::blocks::Blocks;
use super::{Extracted, ImportError, plain};

pub(super) fn extract(bytes: &[u8]) -> Result<Extracted, ImportError> {
    let (text, encoding) = decode(bytes)?;
    let sink = Sink::default();
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from(text.as_str()));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    let mut state = tokenizer.sink.state.into_inner();
    state.flush();
    Ok(Extracted {
        text: state.blocks.finish(),
        encoding,
        ..Extracted::default()
    })
}

/// Decodes the page: BOM, then a declared charset, then UTF-8, then a guess.
fn decode(bytes: &[u8]) -> Result<(String, String), ImportError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok((text.into_owned(), format!("{} (BOM)", encoding.name())));
    }
    if let Some(encoding) = declared_charset(&bytes[..bytes.len().min(4096)]) {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        return Ok((text.into_owned(), format!("{} (declared)", encoding.name())));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_owned(), "UTF-8".to_owned())),
        Err(_) => plain::decode_text(bytes),
    }
}

/// The encoding named by `<meta charset="…">` or `<meta http-equiv="Content-Type"
/// content="…; charset=…">` in `head`. UTF-16 labels are taken as UTF-8, as browsers do (a
/// page that really is UTF-16 starts with a BOM).
fn declared_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("<meta") {
        rest = &rest[at + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(pos) = tag.find("charset") {
            let Some(value) = tag[pos + 7..].trim_start().strip_prefix('=') else {
                continue;
            };
            let value = value.trim_start();
            let value = value.trim_start_matches(['"', '\'']);
            let end = value
                .find(|c: char| matches!(c, '"' | '\'' | ';' | '/' | '>') || c.is_whitespace())
                .unwrap_or(value.len());
            let encoding = Encoding::for_label(&value.as_bytes()[..end])?;
            return Some(
                if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
                    encoding_rs::UTF_8
                } else {
                    encoding
                },
            );
        }
    }
    None
}

#[derive(Default)]
struct Sink {
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    blocks: Blocks,
    paragraph: String,
    /// The paragraph ends in collapsible white space (true at its start).
    after_space: bool,
    /// Depth inside elements whose text is not shown.
    hidden: usize,
    pre: usize,
}

impl State {
    fn flush(&mut self) {
        let paragraph = std::mem::take(&mut self.paragraph);
        self.blocks.push(&paragraph);
        self.after_space = true;
    }

    fn text(&mut self, text: &str) {
        if self.hidden > 0 {
            return;
        }
        if self.pre > 0 {
            self.paragraph.push_str(text);
            self.after_space = false;
            return;
        }
        for c in text.chars() {
            if c.is_whitespace() {
                if !self.after_space && !self.paragraph.is_empty() {
                    self.paragraph.push(' ');
                }
                self.after_space = true;
            } else {
                self.paragraph.push(c);
                self.after_space = false;
            }
        }
    }

    fn line_break(&mut self) {
        if self.hidden > 0 {
            return;
        }
        while self.paragraph.ends_with(' ') {
            self.paragraph.pop();
        }
        self.paragraph.push('\n');
        self.after_space = true;
    }
}

/// Elements whose content is not text for the reader.
const HIDDEN: [&str; 7] = [
    "title", "script", "style", "template", "noscript", "svg", "math",
];

/// Elements that begin and end a paragraph.
const BLOCKS: [&str; 38] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
];

/// Elements besides the blocks above whose boundaries end a paragraph.
const ALSO_BREAKING: [&str; 4] = ["tr", "ul", "html", "option"];

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line_number: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        match token {
            Token::CharacterTokens(text) => state.text(&text),
            Token::TagToken(tag) => {
                let name: &str = &tag.name;
                let start = tag.kind == TagKind::StartTag;
                if HIDDEN.contains(&name) {
                    if start && !tag.self_closing {
                        state.hidden += 1;
                    } else if !start {
                        state.hidden = state.hidden.saturating_sub(1);
                    }
                } else if name == "br" {
                    state.line_break();
                } else if BLOCKS.contains(&name) || ALSO_BREAKING.contains(&name) {
                    if state.hidden == 0 {
                        state.flush();
                    }
                    if name == "pre" {
                        if start {
                            state.pre += 1;
                        } else {
                            state.pre = state.pre.saturating_sub(1);
                        }
                    }
                }
                if start && !tag.self_closing {
                    // The tokenizer must read these as raw text, as a browser does.
                    match name {
                        "title" | "textarea" => return TokenSinkResult::RawData(RawKind::Rcdata),
                        "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                            return TokenSinkResult::RawData(RawKind::Rawtext);
                        }
                        "script" => return TokenSinkResult::RawData(RawKind::ScriptData),
                        "plaintext" => return TokenSinkResult::Plaintext,
                        _ => {}
                    }
                }
            }
            Token::NullCharacterToken
            | Token::CommentToken(_)
            | Token::DoctypeToken(_)
            | Token::EOFToken
            | Token::ParseError(_) => {}
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::import::testing::{fixture, mutated, noise};

    fn text_of(html: &str) -> String {
        extract(html.as_bytes()).unwrap().text
    }

    #[test]
    fn blocks_are_paragraphs_and_spaces_collapse() {
        let html = "<html><head><title>Title</title><script>if (a < b) { x = '<p>'; }</script></head>\
                    <body><div>Қазақ   <b>тілі</b>\n и&nbsp;&nbsp;русский</div><p>Бір<br>  екі</p>\
                    <ul><li>一</li><li>二 <i>三</i></li></ul><table><tr><td>A</td><td>B</td></tr></table>\
                    <pre>  a   b\n c</pre><!-- comment --><p>&laquo;ёлка&raquo; &amp; &#20013;</p></body></html>";
        assert_eq!(
            text_of(html),
            "Қазақ тілі и русский\n\nБір\nекі\n\n一\n\n二 三\n\nA\n\nB\n\na   b\n c\n\n«ёлка» & 中"
        );
    }

    #[test]
    fn charset_comes_from_bom_meta_or_a_guess() {
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("<p>Қазақ</p>".encode_utf16().flat_map(u16::to_le_bytes));
        let out = extract(&utf16).unwrap();
        assert_eq!(
            (out.text.as_str(), out.encoding.as_str()),
            ("Қазақ", "UTF-16LE (BOM)")
        );

        let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode("<p>Русский язык</p>");
        let mut declared = b"<meta charset='windows-1251'>".to_vec();
        declared.extend_from_slice(&cp1251);
        let out = extract(&declared).unwrap();
        assert_eq!(
            (out.text.as_str(), out.encoding.as_str()),
            ("Русский язык", "windows-1251 (declared)")
        );

        let undeclared = encoding_rs::WINDOWS_1251
            .encode("<p>Русский язык — это язык, на котором говорят миллионы людей.</p>")
            .0;
        assert_eq!(
            extract(&undeclared).unwrap().text,
            "Русский язык — это язык, на котором говорят миллионы людей."
        );
        assert_eq!(extract("<p>中国</p>".as_bytes()).unwrap().encoding, "UTF-8");
    }

    #[test]
    fn an_unclosed_head_does_not_hide_the_body() {
        assert_eq!(
            text_of("<html><head><meta charset=utf-8><title>t</title><p>Мәтін"),
            "Мәтін"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn mutated_html_never_panics(bytes in mutated(fixture("sample.html"))) {
            let _ = extract(&bytes);
        }

        #[test]
        fn random_bytes_never_panic(bytes in noise(b"<html><body><p>")) {
            let _ = extract(&bytes);
        }
    }
}
