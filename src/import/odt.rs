//! OpenDocument text (.odt): `content.xml` read with quick-xml.
//!
//! - `text:p` and `text:h` — in lists, table cells and text boxes too — become paragraphs in
//!   document order; a text box's paragraphs come just before the paragraph that anchors it.
//! - Spaces follow the ODF rules: runs of white space in the XML collapse to one space and are
//!   dropped at the start of a paragraph; `text:s` (with its `text:c` count) adds spaces that
//!   never collapse; `text:tab` is a tab, `text:line-break` a line break (white space right
//!   after it is dropped, like at the start of a paragraph).
//! - Notes (`text:note`) become `[citation]` in the text; their bodies follow the body after a
//!   paragraph `Notes`, footnotes first, then endnotes.
//! - A list item's first paragraph starts with its label as LibreOffice shows it, then a tab
//!   (or a space, or nothing, as the level says): numbers per list through levels, restarts,
//!   `text:continue-numbering`, `text:continue-list` and start values, with the level's format,
//!   prefix and suffix and as many upper levels as it displays (`1.2.`); bullets as their
//!   character. Symbol and Wingdings characters become what they draw where Tamga knows it.
//! - Headers and footers of the page styles (`styles.xml`) come once each, at the end, after a
//!   paragraph `Headers and footers`, each starting with `[header]` or `[footer]`.
//! - Deleted text of tracked changes (kept apart in `text:tracked-changes`), comments
//!   (`office:annotation`) and the titles and descriptions of pictures and shapes (`svg:title`,
//!   `svg:desc`: alternative text, not part of the text) are skipped; inserted text is in the
//!   body and kept.
//!
//! A password-protected .odt is still a zip, but its manifest lists `encryption-data`.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;

use std::collections::HashMap;

use super::archive::{Archive, Limits};
use super::blocks::{self, Blocks};
use super::lists::{self, NumFormat};
use super::{Extracted, ImportError, sniff, xml};

const FORMAT: &str = "OpenDocument";
const TEXT_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
const OFFICE_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
const STYLE_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
const SVG_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0";
const TEXT_MIME: &str = "application/vnd.oasis.opendocument.text";
/// More spaces than this in one `text:s` are layout, not text.
const MAX_SPACES: usize = 1000;

pub(super) fn extract(bytes: &[u8]) -> Result<Extracted, ImportError> {
    extract_with_limits(bytes, Limits::DEFAULT)
}

pub(super) fn extract_with_limits(bytes: &[u8], limits: Limits) -> Result<Extracted, ImportError> {
    if !sniff::is_zip(bytes) {
        return Err(not_odt(sniff::describe(bytes)));
    }
    let mut archive = Archive::open(bytes, FORMAT, limits)?;
    if let Some(mime) = archive.read("mimetype")? {
        let mime = String::from_utf8_lossy(&mime);
        let mime = mime.trim();
        if !mime.starts_with(TEXT_MIME) {
            return Err(not_odt(if mime.contains("spreadsheet") {
                "an OpenDocument spreadsheet"
            } else if mime.contains("presentation") {
                "an OpenDocument presentation"
            } else {
                "another kind of OpenDocument file"
            }));
        }
    }
    if let Some(manifest) = archive.read("META-INF/manifest.xml")?
        && sniff::contains(&manifest, b"encryption-data")
    {
        return Err(ImportError::PasswordProtected);
    }
    let Some(content) = archive.read("content.xml")? else {
        let found = if archive.read("[Content_Types].xml")?.is_some() {
            "a Word or other Microsoft Office file"
        } else {
            "a zip archive of another kind"
        };
        return Err(not_odt(found));
    };
    let content = xml::decode(&content, FORMAT)?;
    let styles = match archive.read("styles.xml")? {
        Some(bytes) => xml::decode(&bytes, FORMAT)?,
        None => String::new(),
    };
    let mut definitions = Styles::default();
    definitions.read(&styles)?;
    definitions.read(&content)?;
    let walk = Walk::read(&content, &definitions, false)?;
    let mut out = Blocks::default();
    for paragraph in &walk.paragraphs {
        out.push(paragraph);
    }
    let notes: Vec<_> = walk.footnotes.into_iter().chain(walk.endnotes).collect();
    out.push_notes(&notes);
    if !styles.is_empty() {
        let pages = Walk::read(&styles, &definitions, true)?;
        let mut furniture: Vec<(String, Vec<String>)> = Vec::new();
        for (label, paragraphs) in pages.furniture {
            let paragraphs: Vec<String> = paragraphs
                .into_iter()
                .filter(|p| !p.trim().is_empty())
                .collect();
            if !paragraphs.is_empty() && !furniture.iter().any(|(_, p)| *p == paragraphs) {
                furniture.push((label, paragraphs));
            }
        }
        out.push_labelled(blocks::FURNITURE_HEADING, &furniture);
    }
    Ok(Extracted {
        text: out.finish(),
        encoding: "UTF-8".to_owned(),
        ..Extracted::default()
    })
}

fn not_odt(found: &'static str) -> ImportError {
    ImportError::WrongFormat {
        expected: "an OpenDocument text",
        found,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    Text,
    Office,
    Style,
    Svg,
    Other,
}

fn ns_of(resolved: &ResolveResult<'_>) -> Ns {
    match resolved {
        ResolveResult::Bound(ns) if ns.as_ref() == TEXT_NS => Ns::Text,
        ResolveResult::Bound(ns) if ns.as_ref() == OFFICE_NS => Ns::Office,
        ResolveResult::Bound(ns) if ns.as_ref() == STYLE_NS => Ns::Style,
        ResolveResult::Bound(ns) if ns.as_ref() == SVG_NS => Ns::Svg,
        _ => Ns::Other,
    }
}

/// One level of a list style.
#[derive(Debug, Clone, Default)]
struct ListLevel {
    format: NumFormat,
    bullet: Option<String>,
    prefix: String,
    suffix: String,
    display: usize,
    start: u32,
    follow: &'static str,
}

/// List styles by name (levels from 1) and the fonts of text styles, from `styles.xml` and the
/// automatic styles of `content.xml`.
#[derive(Debug, Default)]
struct Styles {
    lists: HashMap<String, HashMap<usize, ListLevel>>,
    fonts: HashMap<String, String>,
}

impl Styles {
    fn read(&mut self, text: &str) -> Result<(), ImportError> {
        if text.is_empty() {
            return Ok(());
        }
        let mut reader = xml::reader(text);
        let mut list: Option<String> = None;
        let mut level: Option<(usize, ListLevel)> = None;
        let mut style: Option<String> = None;
        loop {
            let (resolved, event) = reader
                .read_resolved_event()
                .map_err(|e| xml::broken(FORMAT, &e))?;
            let ns = ns_of(&resolved);
            let empty = matches!(event, Event::Empty(_));
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    let local = e.local_name();
                    match (ns, local.as_ref()) {
                        (Ns::Text, "list-style") => list = xml::attribute(&e, "name"),
                        (
                            Ns::Text,
                            kind @ ("list-level-style-number"
                            | "list-level-style-bullet"
                            | "list-level-style-image"),
                        ) if list.is_some() => {
                            let number = |name: &str| {
                                xml::attribute(&e, name).and_then(|v| v.trim().parse().ok())
                            };
                            let n = number("level").unwrap_or(1);
                            let bullet = match kind {
                                "list-level-style-bullet" => {
                                    Some(xml::attribute(&e, "bullet-char").unwrap_or_default())
                                }
                                "list-level-style-image" => Some("•".to_owned()),
                                _ => None,
                            };
                            level = Some((
                                n,
                                ListLevel {
                                    format: NumFormat::from_odf(
                                        &xml::attribute(&e, "num-format").unwrap_or_default(),
                                    ),
                                    bullet,
                                    prefix: xml::attribute(&e, "num-prefix").unwrap_or_default(),
                                    suffix: xml::attribute(&e, "num-suffix").unwrap_or_default(),
                                    display: number("display-levels").unwrap_or(1),
                                    start: number("start-value").map_or(1, |v: usize| v as u32),
                                    follow: "\t",
                                },
                            ));
                            if empty {
                                self.end_level(list.as_ref(), level.take());
                            }
                        }
                        (Ns::Style, "list-level-label-alignment") => {
                            if let Some((_, lvl)) = level.as_mut() {
                                lvl.follow =
                                    match xml::attribute(&e, "label-followed-by").as_deref() {
                                        Some("space") => " ",
                                        Some("nothing") => "",
                                        _ => "\t",
                                    };
                            }
                        }
                        (Ns::Style, "style") => style = xml::attribute(&e, "name"),
                        (Ns::Style, "text-properties") => {
                            if let Some(font) = xml::attribute(&e, "font-name") {
                                if let Some((_, lvl)) = level.as_mut()
                                    && let Some(bullet) = lvl.bullet.as_mut()
                                {
                                    *bullet = lists::unsymbol(&font, bullet);
                                } else if let Some(name) = style.as_ref() {
                                    self.fonts.insert(name.clone(), font);
                                }
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) => match (ns, e.local_name().as_ref()) {
                    (Ns::Text, "list-style") => list = None,
                    (
                        Ns::Text,
                        "list-level-style-number"
                        | "list-level-style-bullet"
                        | "list-level-style-image",
                    ) => self.end_level(list.as_ref(), level.take()),
                    (Ns::Style, "style") => style = None,
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(())
    }
}

impl Styles {
    fn end_level(&mut self, list: Option<&String>, level: Option<(usize, ListLevel)>) {
        if let (Some(name), Some((n, lvl))) = (list, level) {
            self.lists.entry(name.clone()).or_default().insert(n, lvl);
        }
    }
}

/// A list being read: its style and, for a list at the top, its counters per level.
#[derive(Debug, Default)]
struct ListFrame {
    style: Option<String>,
    id: Option<String>,
    counters: Vec<Option<u32>>,
}

/// A paragraph being read, and whether it ends in collapsible white space (true at its start,
/// so leading white space is dropped).
#[derive(Debug)]
struct Open {
    text: String,
    after_space: bool,
}

/// A note being read: its class, citation and paragraphs.
#[derive(Debug, Default)]
struct Note {
    endnote: bool,
    citation: String,
    in_citation: bool,
    paragraphs: Vec<String>,
}

#[derive(Debug, Default)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent flags of where an XML walk is, not a state machine"
)]
struct Walk<'a> {
    styles: Option<&'a Styles>,
    /// Reading the master pages of `styles.xml` for their headers and footers.
    pages: bool,
    furniture: Vec<(String, Vec<String>)>,
    in_furniture: bool,
    /// Lists open around the current point, outermost first.
    lists: Vec<ListFrame>,
    /// Counters of finished lists, by list style and by `xml:id`, for lists that continue them.
    by_style: HashMap<String, Vec<Option<u32>>>,
    by_id: HashMap<String, Vec<Option<u32>>>,
    /// The label waiting for the first paragraph of the current list item.
    label: Option<String>,
    /// Fonts of the open spans.
    fonts: Vec<Option<String>>,
    paragraphs: Vec<String>,
    footnotes: Vec<(String, Vec<String>)>,
    endnotes: Vec<(String, Vec<String>)>,
    open: Vec<Open>,
    notes: Vec<Note>,
    skipping: usize,
    in_body: bool,
    root_seen: bool,
}

impl<'a> Walk<'a> {
    fn read(content: &str, styles: &'a Styles, pages: bool) -> Result<Walk<'a>, ImportError> {
        let mut reader = xml::reader(content);
        let mut walk = Walk {
            styles: Some(styles),
            pages,
            ..Walk::default()
        };
        loop {
            let (resolved, event) = reader
                .read_resolved_event()
                .map_err(|e| xml::broken(FORMAT, &e))?;
            let ns = ns_of(&resolved);
            match event {
                Event::Start(e) => {
                    if !pages {
                        walk.check_root(ns, &e)?;
                    }
                    walk.start(ns, &e, true);
                }
                Event::Empty(e) => {
                    if !pages {
                        walk.check_root(ns, &e)?;
                    }
                    walk.start(ns, &e, false);
                }
                Event::End(e) => walk.end(ns, e.local_name().as_ref()),
                Event::Text(t) if walk.taking_text() => walk.text(&t.xml10_content()),
                Event::CData(t) if walk.taking_text() => {
                    walk.text(&t.xml10_content());
                }
                Event::GeneralRef(r) if walk.taking_text() => {
                    if let Some(c) = xml::reference(&r) {
                        walk.text(c.encode_utf8(&mut [0; 4]));
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        while let Some(open) = walk.open.pop() {
            walk.finish_paragraph(open.text);
        }
        Ok(walk)
    }

    fn check_root(&mut self, ns: Ns, e: &BytesStart<'_>) -> Result<(), ImportError> {
        if self.root_seen {
            return Ok(());
        }
        self.root_seen = true;
        if ns == Ns::Office && e.local_name().as_ref() == "document-content" {
            return Ok(());
        }
        Err(ImportError::Damaged {
            format: FORMAT,
            reason: "its content.xml is not document content".to_owned(),
        })
    }

    fn taking_text(&self) -> bool {
        self.in_body && self.skipping == 0
    }

    /// Character data: white space collapses (ODF 1.3 part 3, 6.1.2), except in a citation.
    fn text(&mut self, text: &str) {
        if let Some(note) = self.notes.last_mut()
            && note.in_citation
        {
            note.citation.push_str(text);
            return;
        }
        let font = self.fonts.iter().rev().find_map(Option::as_ref);
        let text = match font {
            Some(font) if text.chars().any(|c| ('\u{f000}'..='\u{f0ff}').contains(&c)) => {
                std::borrow::Cow::Owned(lists::unsymbol(font, text))
            }
            _ => std::borrow::Cow::Borrowed(text),
        };
        let Some(open) = self.open.last_mut() else {
            return;
        };
        for c in text.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r') {
                if !open.after_space {
                    open.text.push(' ');
                    open.after_space = true;
                }
            } else {
                open.text.push(c);
                open.after_space = false;
            }
        }
    }

    /// Text from an element (`text:s`, `text:tab`, …): it never collapses.
    fn literal(&mut self, text: &str) {
        if let Some(open) = self.open.last_mut() {
            open.text.push_str(text);
            open.after_space = false;
        }
    }

    fn start(&mut self, ns: Ns, e: &BytesStart<'_>, has_end: bool) {
        let local = e.local_name();
        let local = local.as_ref();
        if self.skipping > 0 {
            if has_end && is_skipped(ns, local) {
                self.skipping += 1;
            }
            return;
        }
        match (ns, local) {
            (Ns::Office, "body") if has_end && !self.pages => self.in_body = true,
            (
                Ns::Style,
                "header" | "header-left" | "header-first" | "footer" | "footer-left"
                | "footer-first",
            ) if has_end && self.pages => {
                let label = if local.starts_with("header") {
                    "header"
                } else {
                    "footer"
                };
                self.furniture.push((label.to_owned(), Vec::new()));
                self.in_furniture = true;
                self.in_body = true;
            }
            _ if !self.in_body => {}
            _ if has_end && is_skipped(ns, local) => self.skipping += 1,
            (Ns::Text, "p" | "h") if has_end => {
                let mut text = String::new();
                let mut after_space = true;
                if let Some(label) = self.label.take() {
                    after_space = label.ends_with([' ', '\t']);
                    text = label;
                }
                self.open.push(Open { text, after_space });
            }
            (Ns::Text, "list") if has_end => self.open_list(e),
            (Ns::Text, "list-item" | "list-header") if has_end => {
                self.label = if local == "list-item" {
                    let start =
                        xml::attribute(e, "start-value").and_then(|v| v.trim().parse().ok());
                    self.count_item(start)
                } else {
                    None
                };
            }
            (Ns::Text, "span") if has_end => {
                let font = xml::attribute(e, "style-name")
                    .and_then(|name| self.styles.and_then(|s| s.fonts.get(&name).cloned()));
                self.fonts.push(font);
            }
            (Ns::Text, "s") => {
                let count = xml::attribute(e, "c")
                    .and_then(|c| c.trim().parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, MAX_SPACES);
                self.literal(&" ".repeat(count));
            }
            (Ns::Text, "tab") => self.literal("\t"),
            (Ns::Text, "line-break") => {
                self.literal("\n");
                // Like the start of a paragraph: white space after a line break is indentation.
                if let Some(open) = self.open.last_mut() {
                    open.after_space = true;
                }
            }
            (Ns::Text, "note") if has_end => self.notes.push(Note {
                endnote: xml::attribute(e, "note-class").as_deref() == Some("endnote"),
                ..Note::default()
            }),
            (Ns::Text, "note-citation") if has_end => {
                if let Some(note) = self.notes.last_mut() {
                    note.in_citation = true;
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, ns: Ns, local: &str) {
        if self.skipping > 0 {
            if is_skipped(ns, local) {
                self.skipping -= 1;
            }
            return;
        }
        match (ns, local) {
            (Ns::Office, "body") => self.in_body = false,
            (
                Ns::Style,
                "header" | "header-left" | "header-first" | "footer" | "footer-left"
                | "footer-first",
            ) if self.pages => {
                self.in_furniture = false;
                self.in_body = false;
            }
            (Ns::Text, "list") => self.close_list(),
            (Ns::Text, "list-item" | "list-header") => self.label = None,
            (Ns::Text, "span") => {
                self.fonts.pop();
            }
            (Ns::Text, "p" | "h") => {
                if let Some(open) = self.open.pop() {
                    self.finish_paragraph(open.text);
                }
            }
            (Ns::Text, "note-citation") => {
                if let Some(note) = self.notes.last_mut() {
                    note.in_citation = false;
                }
            }
            (Ns::Text, "note") => {
                if let Some(note) = self.notes.pop() {
                    let label = note.citation.trim().to_owned();
                    self.literal(&format!("[{label}]"));
                    let list = if note.endnote {
                        &mut self.endnotes
                    } else {
                        &mut self.footnotes
                    };
                    list.push((label, note.paragraphs));
                }
            }
            _ => {}
        }
    }

    fn finish_paragraph(&mut self, paragraph: String) {
        if self.in_furniture
            && let Some((_, paragraphs)) = self.furniture.last_mut()
        {
            paragraphs.push(paragraph);
            return;
        }
        match self.notes.last_mut() {
            Some(note) => note.paragraphs.push(paragraph),
            None => self.paragraphs.push(paragraph),
        }
    }

    /// A `text:list` starts: a nested one inherits its parent's style unless it names its own;
    /// one at the top starts counting afresh or continues an earlier list.
    fn open_list(&mut self, e: &BytesStart<'_>) {
        let named = xml::attribute(e, "style-name");
        if let Some(parent) = self.lists.last() {
            let style = named.or_else(|| parent.style.clone());
            self.lists.push(ListFrame {
                style,
                ..ListFrame::default()
            });
            return;
        }
        let continued = if let Some(id) = xml::attribute(e, "continue-list") {
            self.by_id.get(&id).cloned()
        } else if xml::attribute(e, "continue-numbering").as_deref() == Some("true") {
            named.as_ref().and_then(|s| self.by_style.get(s).cloned())
        } else {
            None
        };
        self.lists.push(ListFrame {
            style: named,
            id: xml::attribute(e, "id"),
            counters: continued.unwrap_or_default(),
        });
    }

    fn close_list(&mut self) {
        if self.lists.len() == 1
            && let Some(frame) = self.lists.pop()
        {
            if let Some(style) = frame.style {
                self.by_style.insert(style, frame.counters.clone());
            }
            if let Some(id) = frame.id {
                self.by_id.insert(id, frame.counters);
            }
        } else {
            self.lists.pop();
        }
    }

    /// Counts a list item at the current depth and gives its label with what follows it.
    fn count_item(&mut self, start: Option<u32>) -> Option<String> {
        let depth = self.lists.len();
        let style = self.lists.last()?.style.clone()?;
        let levels = self.styles?.lists.get(&style)?;
        let level = levels.get(&depth)?;
        let counters = &mut self.lists.first_mut()?.counters;
        if counters.len() <= depth {
            counters.resize(depth + 1, None);
        }
        counters[depth] =
            Some(start.unwrap_or_else(|| counters[depth].map_or(level.start, |v| v + 1)));
        for deeper in counters.iter_mut().skip(depth + 1) {
            *deeper = None;
        }
        let label = match &level.bullet {
            // LibreOffice repeats the bullet as the level's suffix; it shows the bullet alone.
            Some(bullet) => bullet.clone(),
            None if level.format == NumFormat::None => format!("{}{}", level.prefix, level.suffix),
            None => {
                let first = depth + 1 - level.display.clamp(1, depth);
                let numbers: Vec<String> = (first..=depth)
                    .map(|d| {
                        let lvl = levels.get(&d);
                        let value = counters[d].unwrap_or_else(|| lvl.map_or(1, |l| l.start));
                        lvl.map_or(NumFormat::Decimal, |l| l.format).format(value)
                    })
                    .collect();
                format!("{}{}{}", level.prefix, numbers.join("."), level.suffix)
            }
        };
        (!label.trim().is_empty()).then(|| format!("{label}{}", level.follow))
    }
}

fn is_skipped(ns: Ns, local: &str) -> bool {
    matches!(
        (ns, local),
        (Ns::Text, "tracked-changes") | (Ns::Office, "annotation") | (Ns::Svg, "title" | "desc")
    )
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::import::archive::tests::{zip_bomb, zip_of};
    use crate::import::testing::{fixture, mutated, noise};

    fn odt(body: &str) -> Vec<u8> {
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
        );
        zip_of(&[
            ("mimetype", TEXT_MIME.as_bytes()),
            ("content.xml", content.as_bytes()),
        ])
    }

    fn text_of(body: &str) -> String {
        extract(&odt(body)).unwrap().text
    }

    #[test]
    fn spaces_tabs_and_line_breaks_follow_odf_rules() {
        let body = "<text:p>\n   Қазақ   тілі<text:s text:c=\"3\"/>Русский <text:s/>язык<text:tab/>中国<text:line-break/>  екінші\n  жол</text:p>";
        assert_eq!(
            text_of(body),
            "Қазақ тілі   Русский  язык\t中国\nекінші жол"
        );
    }

    #[test]
    fn headings_lists_and_cells_are_paragraphs() {
        let body = r#"<text:h text:outline-level="1">Тақырып</text:h>
            <text:list><text:list-item><text:p>Бір</text:p><text:list><text:list-item><text:p>Екі</text:p></text:list-item></text:list></text:list-item></text:list>
            <table:table><table:table-row><table:table-cell><text:p>A1</text:p></table:table-cell><table:table-cell><text:p/></table:table-cell><table:table-cell><text:p>C1</text:p></table:table-cell></table:table-row></table:table>"#;
        assert_eq!(text_of(body), "Тақырып\n\nБір\n\nЕкі\n\nA1\n\nC1");
    }

    #[test]
    fn notes_comments_and_tracked_deletions() {
        let body = r#"<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>удалено</text:p></text:deletion></text:changed-region></text:tracked-changes>
            <text:p>Мәтін<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Сілтеме.</text:p></text:note-body></text:note> және<office:annotation><dc:creator>R</dc:creator><text:p>комментарий</text:p></office:annotation> соңы<text:note text:note-class="endnote"><text:note-citation>i</text:note-citation><text:note-body><text:p>Endnote 中文.</text:p></text:note-body></text:note><text:change text:change-id="c1"/>.</text:p>"#;
        assert_eq!(
            text_of(body),
            "Мәтін[1] және соңы[i].\n\nNotes\n\n[1] Сілтеме.\n\n[i] Endnote 中文."
        );
    }

    #[test]
    fn list_labels_follow_styles_continuations_and_start_values() {
        let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:xml="http://www.w3.org/XML/1998/namespace"><office:automatic-styles>
<text:list-style style:name="L1">
  <text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="."/>
  <text:list-level-style-number text:level="2" style:num-format="a" style:num-prefix="(" style:num-suffix=")" text:display-levels="1"><style:list-level-properties><style:list-level-label-alignment text:label-followed-by="space"/></style:list-level-properties></text:list-level-style-number>
  <text:list-level-style-number text:level="3" style:num-format="i" style:num-suffix="." text:display-levels="3"/>
</text:list-style>
<text:list-style style:name="B"><text:list-level-style-bullet text:level="1" text:bullet-char="–"/></text:list-style>
</office:automatic-styles><office:body><office:text>
<text:list xml:id="first" text:style-name="L1">
  <text:list-item><text:p>one</text:p><text:p>more of one</text:p>
    <text:list><text:list-item><text:p>one a</text:p><text:list><text:list-item><text:p>deep</text:p></text:list-item></text:list></text:list-item></text:list>
  </text:list-item>
  <text:list-header><text:p>a header, no number</text:p></text:list-header>
  <text:list-item><text:p>two</text:p></text:list-item>
</text:list>
<text:p>Between.</text:p>
<text:list text:style-name="B"><text:list-item><text:p>dash</text:p></text:list-item></text:list>
<text:list text:continue-list="first" text:style-name="L1"><text:list-item><text:p>three</text:p></text:list-item></text:list>
<text:list text:style-name="L1"><text:list-item text:start-value="7"><text:p>seven</text:p></text:list-item><text:list-item><text:p>eight</text:p></text:list-item></text:list>
</office:text></office:body></office:document-content>"#;
        let bytes = zip_of(&[
            ("mimetype", TEXT_MIME.as_bytes()),
            ("content.xml", content.as_bytes()),
        ]);
        assert_eq!(
            extract(&bytes).unwrap().text,
            "1.\tone\n\nmore of one\n\n(a) one a\n\n1.a.i.\tdeep\n\na header, no number\n\n2.\ttwo\n\nBetween.\n\n–\tdash\n\n3.\tthree\n\n7.\tseven\n\n8.\teight"
        );
    }

    #[test]
    fn huge_space_counts_are_capped() {
        let text = text_of(r#"<text:p>a<text:s text:c="999999999"/>b</text:p>"#);
        assert_eq!(text.len(), MAX_SPACES + 2);
    }

    #[test]
    fn other_files_are_refused_with_their_kind() {
        let ods = zip_of(&[(
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        )]);
        assert!(matches!(
            extract(&ods),
            Err(ImportError::WrongFormat {
                found: "an OpenDocument spreadsheet",
                ..
            })
        ));
        let docx = zip_of(&[("[Content_Types].xml", b"<Types/>")]);
        assert!(matches!(
            extract(&docx),
            Err(ImportError::WrongFormat { .. })
        ));
        assert!(matches!(
            extract(b"%PDF-1.4"),
            Err(ImportError::WrongFormat {
                found: "a PDF document",
                ..
            })
        ));
    }

    #[test]
    fn encrypted_documents_are_password_protected() {
        let bytes = zip_of(&[
            ("mimetype", TEXT_MIME.as_bytes()),
            ("META-INF/manifest.xml", br#"<manifest:manifest><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data manifest:checksum-type="SHA1"/></manifest:file-entry></manifest:manifest>"#),
            ("content.xml", b"\x8f\x01\xaa binary"),
        ]);
        assert_eq!(extract(&bytes), Err(ImportError::PasswordProtected));
    }

    #[test]
    fn zip_bomb_content_is_refused() {
        let bomb = zip_bomb("content.xml", 300_000_000, 300_000_000);
        assert_eq!(extract(&bomb), Err(ImportError::ZipBomb { limit_mib: 64 }));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn mutated_odt_never_panics(bytes in mutated(fixture("sample.odt"))) {
            let _ = extract(&bytes);
        }

        #[test]
        fn random_bytes_never_panic(bytes in noise(b"PK\x03\x04")) {
            let _ = extract(&bytes);
        }
    }
}
