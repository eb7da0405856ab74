//! Word documents (.docx): the main document part found through the package relationships,
//! read with quick-xml.
//!
//! - Paragraphs (`w:p`) — headings, list items and each table cell's paragraphs included — become
//!   paragraphs in document order. Text boxes (`w:txbxContent`) are paragraphs of their own,
//!   placed just before the paragraph that anchors them; the fallback copy of a text box
//!   (`mc:Fallback`) is skipped.
//! - A list item starts with its label as Word shows it, then a tab (or what the level says:
//!   a space, nothing): numbers counted per list definition (`numbering.xml`) through levels,
//!   restarts (`w:startOverride`, `w:lvlRestart`) and start values, in the level's format
//!   (1, 01, a, A, i, I), legal numbering (`w:isLgl`) in decimal; bullets as the character they
//!   draw (Symbol and Wingdings bullets turned into •, ▪, ✓, …). Numbering set by a paragraph
//!   style counts too.
//! - Only `w:t` (and math `m:t`) is text. Tracked deletions (`w:del`, `w:moveFrom`, hence
//!   `w:delText`) are skipped; insertions (`w:ins`) are kept. Field codes (`w:instrText`) are
//!   skipped; field results are kept.
//! - `w:tab` is a tab only inside a run (`w:r`), so tab stops in `w:pPr` add nothing; `w:br`
//!   and `w:cr` are line breaks; `w:noBreakHyphen` is `-`; soft hyphens are dropped.
//! - Footnote and endnote references become `[1]` / `[i]` (numbered in order of reference, as
//!   Word shows them); the notes follow the body after a paragraph `Notes`.
//! - Headers and footers come once each, at the very end, after a paragraph `Headers and
//!   footers`: each part's first paragraph starts with `[header]` or `[footer]`; a part whose
//!   text repeats another's (first-page and even-page variants) is left out.
//! - Equations (`m:oMath`) keep their text, a fraction as `3/4` (with brackets around a
//!   numerator or denominator of more than one character).
//! - Symbol and Wingdings characters (`w:sym`, or private-use characters in a run set in those
//!   fonts) become the characters they draw where Tamga knows them.
//! - Hidden text (`w:vanish` on a run) and comments are not imported, as in Word's own
//!   plain-text export. Text hidden through a style is kept.
//!
//! A password-protected .docx is not a zip but an OLE compound file holding an
//! `EncryptedPackage` stream; a compound file without one is an old .doc.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;

use super::archive::{self, Archive, Limits};
use super::blocks::{self, Blocks};
use super::lists::{self, NumFormat};
use super::{Extracted, ImportError, sniff, xml};

const FORMAT: &str = "Word";

const W_NS: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const MATH_NS: [&str; 2] = [
    "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://purl.oclc.org/ooxml/officeDocument/math",
];

pub(super) fn extract(bytes: &[u8]) -> Result<Extracted, ImportError> {
    extract_with_limits(bytes, Limits::DEFAULT)
}

pub(super) fn extract_with_limits(bytes: &[u8], limits: Limits) -> Result<Extracted, ImportError> {
    if bytes.starts_with(&sniff::CFB_MAGIC) {
        return Err(
            if sniff::contains(bytes, &sniff::utf16le("EncryptedPackage")) {
                ImportError::PasswordProtected
            } else {
                ImportError::LegacyWord
            },
        );
    }
    if !sniff::is_zip(bytes) {
        return Err(not_word(sniff::describe(bytes)));
    }
    let mut archive = Archive::open(bytes, FORMAT, limits)?;
    let main = main_part(&mut archive)?;
    let Some(document) = archive.read(&main)? else {
        return Err(not_word(other_zip_kind(&mut archive)?));
    };
    let (dir, file) = main.rsplit_once('/').unwrap_or(("", main.as_str()));
    let rels = relationships(&mut archive, &format!("{dir}/_rels/{file}.rels"))?;

    let mut numbering = Numbering::default();
    for (rel_type, styles) in [("/numbering", false), ("/styles", true)] {
        if let Some(target) = rels
            .iter()
            .find(|(t, _)| t.ends_with(rel_type))
            .and_then(|(_, target)| archive::resolve_target(dir, target))
            && let Some(part) = archive.read(&target)?
        {
            numbering.read(&xml::decode(&part, FORMAT)?, styles)?;
        }
    }
    let fonts = &numbering.fonts;
    let body = Story::read(&xml::decode(&document, FORMAT)?, StoryKind::Body, fonts)?;
    let mut counters = Counters::default();
    let mut out = Blocks::default();
    for (paragraph, props) in body.paragraphs.iter().zip(&body.props) {
        match numbering.label(props, &mut counters) {
            Some(label) => out.push(&format!("{label}{paragraph}")),
            None => out.push(paragraph),
        }
    }

    let mut notes = Vec::new();
    for (kind, rel_type) in [(NoteKind::Foot, "/footnotes"), (NoteKind::End, "/endnotes")] {
        let wanted: Vec<_> = body.references.iter().filter(|r| r.kind == kind).collect();
        if wanted.is_empty() {
            continue;
        }
        let Some(target) = rels
            .iter()
            .find(|(t, _)| t.ends_with(rel_type))
            .and_then(|(_, target)| archive::resolve_target(dir, target))
        else {
            continue;
        };
        let Some(part) = archive.read(&target)? else {
            continue;
        };
        let story = Story::read(&xml::decode(&part, FORMAT)?, StoryKind::Notes, fonts)?;
        for reference in wanted {
            if let Some(paragraphs) = story.notes.get(&reference.id) {
                notes.push((reference.label.clone(), paragraphs.clone()));
            }
        }
    }
    out.push_notes(&notes);

    let mut furniture: Vec<(String, Vec<String>)> = Vec::new();
    for (label, rel_type) in [("header", "/header"), ("footer", "/footer")] {
        for (_, target) in rels.iter().filter(|(t, _)| t.ends_with(rel_type)) {
            let Some(target) = archive::resolve_target(dir, target) else {
                continue;
            };
            let Some(part) = archive.read(&target)? else {
                continue;
            };
            let story = Story::read(&xml::decode(&part, FORMAT)?, StoryKind::Notes, fonts)?;
            let paragraphs: Vec<String> = story
                .paragraphs
                .into_iter()
                .filter(|p| !p.trim().is_empty())
                .collect();
            if !paragraphs.is_empty() && !furniture.iter().any(|(_, p)| *p == paragraphs) {
                furniture.push((label.to_owned(), paragraphs));
            }
        }
    }
    out.push_labelled(blocks::FURNITURE_HEADING, &furniture);
    Ok(Extracted {
        text: out.finish(),
        encoding: "UTF-8".to_owned(),
        ..Extracted::default()
    })
}

fn not_word(found: &'static str) -> ImportError {
    ImportError::WrongFormat {
        expected: "a Word document",
        found,
    }
}

/// What a zip without a Word document part is, for the error message.
fn other_zip_kind(archive: &mut Archive<'_>) -> Result<&'static str, ImportError> {
    Ok(match archive.read("mimetype")? {
        Some(m) if m.starts_with(b"application/vnd.oasis.opendocument") => "an OpenDocument file",
        _ if archive.read("[Content_Types].xml")?.is_some() => "another kind of Office file",
        _ => "a zip archive of another kind",
    })
}

/// The name of the main document part: the target of the package's `officeDocument`
/// relationship, or `word/document.xml` when the package has no readable relationships.
fn main_part(archive: &mut Archive<'_>) -> Result<String, ImportError> {
    let rels = relationships(archive, "_rels/.rels")?;
    Ok(rels
        .iter()
        .find(|(rel_type, _)| rel_type.ends_with("/officeDocument"))
        .and_then(|(_, target)| archive::resolve_target("", target))
        .unwrap_or_else(|| "word/document.xml".to_owned()))
}

/// The (type, target) pairs of a relationships part; empty when the part is missing.
fn relationships(
    archive: &mut Archive<'_>,
    name: &str,
) -> Result<Vec<(String, String)>, ImportError> {
    let Some(bytes) = archive.read(name)? else {
        return Ok(Vec::new());
    };
    let text = xml::decode(&bytes, FORMAT)?;
    let mut reader = xml::reader(&text);
    let mut rels = Vec::new();
    loop {
        match reader.read_event().map_err(|e| xml::broken(FORMAT, &e))? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                if xml::attribute(&e, "TargetMode").as_deref() == Some("External") {
                    continue;
                }
                if let (Some(t), Some(target)) =
                    (xml::attribute(&e, "Type"), xml::attribute(&e, "Target"))
                {
                    rels.push((t, target));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(rels)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NoteKind {
    Foot,
    End,
}

#[derive(Debug)]
struct NoteRef {
    kind: NoteKind,
    id: String,
    label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StoryKind {
    /// The main document: paragraphs and note references.
    Body,
    /// A footnotes or endnotes part: paragraphs grouped by note id.
    Notes,
}

/// The namespaces we tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    W,
    Mc,
    Math,
    Other,
}

fn ns_of(resolved: &ResolveResult<'_>) -> Ns {
    match resolved {
        ResolveResult::Bound(ns) if W_NS.contains(&ns.as_ref()) => Ns::W,
        ResolveResult::Bound(ns) if ns.as_ref() == MC_NS => Ns::Mc,
        ResolveResult::Bound(ns) if MATH_NS.contains(&ns.as_ref()) => Ns::Math,
        _ => Ns::Other,
    }
}

/// Text of one part (the document, or the footnotes or endnotes).
#[derive(Debug, Default)]
struct Story {
    paragraphs: Vec<String>,
    /// The list properties of each paragraph.
    props: Vec<Props>,
    references: Vec<NoteRef>,
    notes: HashMap<String, Vec<String>>,
}

/// A paragraph's style and list membership (`w:numPr`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Props {
    style: Option<String>,
    num_id: Option<String>,
    level: Option<u8>,
}

/// Where the walk through a part is.
#[derive(Debug, Default)]
struct Walk {
    story: Story,
    /// Open paragraphs; more than one inside a text box.
    open: Vec<String>,
    /// Their properties.
    open_props: Vec<Props>,
    /// The font of the current run (`w:rFonts w:ascii`, or its character style's), for symbol
    /// fonts.
    run_font: Option<String>,
    /// Fonts of character styles, by style id.
    style_fonts: HashMap<String, String>,
    /// Where the numerator or denominator being read starts in the open paragraph.
    math_parts: Vec<usize>,
    runs: usize,
    /// The current run is hidden text (`w:vanish` in its properties).
    hidden_run: bool,
    /// Depth inside elements whose content is not text (deletions, field codes, fallbacks).
    skipping: usize,
    in_text: bool,
    /// The note whose paragraphs are being read, in a notes part.
    note: Option<(String, Vec<String>)>,
    footnotes: usize,
    endnotes: usize,
    root_seen: bool,
}

impl Story {
    fn read(
        xml_text: &str,
        kind: StoryKind,
        fonts: &HashMap<String, String>,
    ) -> Result<Story, ImportError> {
        let mut reader = xml::reader(xml_text);
        let mut walk = Walk {
            style_fonts: fonts.clone(),
            ..Walk::default()
        };
        loop {
            let (resolved, event) = reader
                .read_resolved_event()
                .map_err(|e| xml::broken(FORMAT, &e))?;
            let ns = ns_of(&resolved);
            match event {
                Event::Start(e) => {
                    walk.check_root(kind, ns, &e)?;
                    walk.start(ns, &e, kind, true);
                }
                Event::Empty(e) => {
                    walk.check_root(kind, ns, &e)?;
                    walk.start(ns, &e, kind, false);
                }
                Event::End(e) => walk.end(ns, e.local_name().as_ref()),
                Event::Text(t) if walk.taking_text() => walk.push_str(&t.xml10_content()),
                Event::CData(t) if walk.taking_text() => {
                    walk.push_str(&t.xml10_content());
                }
                Event::GeneralRef(r) if walk.taking_text() => {
                    if let Some(c) = xml::reference(&r) {
                        walk.push(c);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        // A truncated part may leave paragraphs open; keep what they hold.
        while let Some(paragraph) = walk.open.pop() {
            let props = walk.open_props.pop().unwrap_or_default();
            walk.finish_paragraph(paragraph, props);
        }
        Ok(walk.story)
    }
}

impl Walk {
    fn check_root(
        &mut self,
        kind: StoryKind,
        ns: Ns,
        e: &BytesStart<'_>,
    ) -> Result<(), ImportError> {
        if self.root_seen || kind != StoryKind::Body {
            return Ok(());
        }
        self.root_seen = true;
        let local = e.local_name();
        if ns == Ns::W && local.as_ref() == "document" {
            return Ok(());
        }
        Err(ImportError::WrongFormat {
            expected: "a Word document",
            found: match local.as_ref() {
                "workbook" => "an Excel workbook",
                "presentation" => "a PowerPoint presentation",
                _ => "another kind of Office file",
            },
        })
    }

    fn taking_text(&self) -> bool {
        self.in_text && self.skipping == 0
    }

    fn push_str(&mut self, text: &str) {
        if self.hidden_run {
            return;
        }
        let text = match &self.run_font {
            Some(font) if text.chars().any(|c| ('\u{f000}'..='\u{f0ff}').contains(&c)) => {
                lists::unsymbol(font, text)
            }
            _ => text.to_owned(),
        };
        if let Some(paragraph) = self.open.last_mut() {
            paragraph.push_str(&text);
        }
    }

    fn push(&mut self, c: char) {
        if self.hidden_run {
            return;
        }
        if let Some(paragraph) = self.open.last_mut() {
            paragraph.push(c);
        }
    }

    fn start(&mut self, ns: Ns, e: &BytesStart<'_>, kind: StoryKind, has_end: bool) {
        let local = e.local_name();
        let local = local.as_ref();
        if self.skipping > 0 {
            if has_end && is_skipped(ns, local) {
                self.skipping += 1;
            }
            return;
        }
        match (ns, local) {
            _ if has_end && is_skipped(ns, local) => self.skipping += 1,
            (Ns::W, "p") if has_end => {
                self.open.push(String::new());
                self.open_props.push(Props::default());
            }
            (Ns::W, "pStyle" | "numId" | "ilvl") if self.runs == 0 => {
                let value = xml::attribute(e, "val");
                if let Some(props) = self.open_props.last_mut() {
                    match local {
                        "pStyle" => props.style = value,
                        "numId" => props.num_id = value,
                        _ => props.level = value.and_then(|v| v.parse().ok()),
                    }
                }
            }
            (Ns::W, "rStyle") if self.runs > 0 && self.run_font.is_none() => {
                self.run_font =
                    xml::attribute(e, "val").and_then(|id| self.style_fonts.get(&id).cloned());
            }
            (Ns::W, "rFonts") if self.runs > 0 => {
                self.run_font = xml::attribute(e, "ascii").or_else(|| xml::attribute(e, "hAnsi"));
            }
            (Ns::Math, "num" | "den") if has_end => {
                if local == "den" {
                    self.push('/');
                }
                let at = self.open.last().map_or(0, String::len);
                self.math_parts.push(at);
            }
            (Ns::W, "r") if has_end => self.runs += 1,
            (Ns::W, "vanish") if self.runs > 0 => {
                self.hidden_run = !matches!(
                    xml::attribute(e, "val").as_deref(),
                    Some("0" | "false" | "off")
                );
            }
            (Ns::W | Ns::Math, "t") if has_end => self.in_text = true,
            (Ns::W, "tab" | "ptab") if self.runs > 0 => self.push('\t'),
            (Ns::W, "br" | "cr") if self.runs > 0 => self.push('\n'),
            (Ns::W, "noBreakHyphen") if self.runs > 0 => self.push('-'),
            (Ns::W, "sym") if self.runs > 0 => {
                // Symbol-font glyphs (F000–F0FF) are what they draw, where Tamga knows it.
                let font = xml::attribute(e, "font").unwrap_or_default();
                if let Some(c) = xml::attribute(e, "char")
                    .and_then(|hex| u32::from_str_radix(&hex, 16).ok())
                    .and_then(char::from_u32)
                    .and_then(|c| {
                        if ('\u{f000}'..='\u{f0ff}').contains(&c) {
                            lists::symbol(&font, c)
                        } else {
                            Some(c)
                        }
                    })
                {
                    self.push(c);
                }
            }
            (Ns::W, "footnoteReference" | "endnoteReference") if kind == StoryKind::Body => {
                let note_kind = if local == "footnoteReference" {
                    NoteKind::Foot
                } else {
                    NoteKind::End
                };
                let label = match note_kind {
                    NoteKind::Foot => {
                        self.footnotes += 1;
                        self.footnotes.to_string()
                    }
                    NoteKind::End => {
                        self.endnotes += 1;
                        blocks::roman(self.endnotes)
                    }
                };
                self.push_str(&format!("[{label}]"));
                if let Some(id) = xml::attribute(e, "id") {
                    self.story.references.push(NoteRef {
                        kind: note_kind,
                        id,
                        label,
                    });
                }
            }
            (Ns::W, "footnote" | "endnote") if kind == StoryKind::Notes && has_end => {
                self.note = xml::attribute(e, "id").map(|id| (id, Vec::new()));
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
            (Ns::W, "p") => {
                if let Some(paragraph) = self.open.pop() {
                    let props = self.open_props.pop().unwrap_or_default();
                    self.finish_paragraph(paragraph, props);
                }
            }
            (Ns::W, "r") => {
                self.runs = self.runs.saturating_sub(1);
                self.hidden_run = false;
                self.run_font = None;
            }
            (Ns::Math, "num" | "den") => {
                if let (Some(start), Some(paragraph)) =
                    (self.math_parts.pop(), self.open.last_mut())
                    && paragraph.is_char_boundary(start)
                    && paragraph[start..].chars().count() > 1
                {
                    paragraph.insert(start, '(');
                    paragraph.push(')');
                }
            }
            (Ns::W | Ns::Math, "t") => self.in_text = false,
            (Ns::W, "footnote" | "endnote") => {
                if let Some((id, paragraphs)) = self.note.take() {
                    self.story.notes.insert(id, paragraphs);
                }
            }
            _ => {}
        }
    }

    fn finish_paragraph(&mut self, paragraph: String, props: Props) {
        if let Some((_, paragraphs)) = &mut self.note {
            paragraphs.push(paragraph);
        } else {
            self.story.paragraphs.push(paragraph);
            self.story.props.push(props);
        }
    }
}

fn is_skipped(ns: Ns, local: &str) -> bool {
    matches!(
        (ns, local),
        (
            Ns::W,
            "del" | "moveFrom" | "instrText" | "delInstrText" | "pPrChange" | "rPrChange"
        ) | (Ns::Mc, "Fallback")
    )
}

/// One level of a list definition (`w:lvl`).
#[derive(Debug, Clone)]
struct Level {
    start: u32,
    format: NumFormat,
    /// `w:lvlText`: "%1.", "%1.%2)", or a bullet character.
    text: String,
    /// Bullet characters in a symbol font are private-use codes.
    font: String,
    /// `w:lvlRestart`: the level (1-based) after which this one starts again; 0 never.
    restart: Option<u8>,
    /// `w:isLgl`: every number in decimal.
    legal: bool,
    /// What follows the label (`w:suff`): a tab, a space or nothing.
    suffix: &'static str,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            start: 1,
            format: NumFormat::Decimal,
            text: String::new(),
            font: String::new(),
            restart: None,
            legal: false,
            suffix: "\t",
        }
    }
}

/// The list definitions of `numbering.xml` and the list settings of paragraph styles.
#[derive(Debug, Default)]
struct Numbering {
    /// Abstract definitions by id: their levels.
    abstracts: HashMap<String, Vec<Level>>,
    /// List instances (`w:num`) by id: their definition and start overrides per level.
    nums: HashMap<String, (String, HashMap<u8, u32>)>,
    /// Paragraph styles by id: their list instance and level, and the style they are based on.
    styles: HashMap<String, (Props, Option<String>)>,
    /// Fonts of styles (`w:rFonts w:ascii`) by id, for symbol fonts set through a style.
    fonts: HashMap<String, String>,
}

/// Counters of the lists met so far: per definition, per level.
#[derive(Debug, Default)]
struct Counters {
    values: HashMap<String, [Option<u32>; 9]>,
    /// List instances whose start overrides have been applied.
    started: std::collections::HashSet<String>,
}

impl Numbering {
    /// Reads `numbering.xml`, or with `styles` the list settings of `styles.xml`.
    fn read(&mut self, text: &str, styles: bool) -> Result<(), ImportError> {
        let mut reader = xml::reader(text);
        let mut abstract_id: Option<String> = None;
        let mut level: Option<(u8, Level)> = None;
        let mut num: Option<(String, String, HashMap<u8, u32>)> = None;
        let mut override_level: Option<u8> = None;
        let mut style: Option<(String, Props, Option<String>)> = None;
        let mut in_run_props = false;
        loop {
            let (resolved, event) = reader
                .read_resolved_event()
                .map_err(|e| xml::broken(FORMAT, &e))?;
            if ns_of(&resolved) != Ns::W {
                if matches!(event, Event::Eof) {
                    break;
                }
                continue;
            }
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    let val = || xml::attribute(&e, "val");
                    match e.local_name().as_ref() {
                        "abstractNum" => abstract_id = xml::attribute(&e, "abstractNumId"),
                        "lvl" if abstract_id.is_some() => {
                            let ilvl = xml::attribute(&e, "ilvl")
                                .and_then(|v| v.parse().ok())
                                .unwrap_or(0);
                            level = Some((ilvl, Level::default()));
                        }
                        "rPr" => in_run_props = true,
                        "start" => {
                            if let (Some((_, lvl)), Some(v)) = (level.as_mut(), val()) {
                                lvl.start = v.parse().unwrap_or(1);
                            }
                        }
                        "numFmt" => {
                            if let (Some((_, lvl)), Some(v)) = (level.as_mut(), val()) {
                                lvl.format = NumFormat::from_word(&v);
                            }
                        }
                        "lvlText" => {
                            if let Some((_, lvl)) = level.as_mut() {
                                lvl.text = val().unwrap_or_default();
                            }
                        }
                        "lvlRestart" => {
                            if let Some((_, lvl)) = level.as_mut() {
                                lvl.restart = val().and_then(|v| v.parse().ok());
                            }
                        }
                        "isLgl" => {
                            if let Some((_, lvl)) = level.as_mut() {
                                lvl.legal = !matches!(val().as_deref(), Some("0" | "false"));
                            }
                        }
                        "suff" => {
                            if let Some((_, lvl)) = level.as_mut() {
                                lvl.suffix = match val().as_deref() {
                                    Some("space") => " ",
                                    Some("nothing") => "",
                                    _ => "\t",
                                };
                            }
                        }
                        "rFonts" if in_run_props => {
                            let font = xml::attribute(&e, "ascii").unwrap_or_default();
                            if let Some((id, _, _)) = style.as_ref() {
                                self.fonts.insert(id.clone(), font.clone());
                            }
                            if let Some((_, lvl)) = level.as_mut() {
                                lvl.font = font;
                            }
                        }
                        "num" if !styles => {
                            num = xml::attribute(&e, "numId")
                                .map(|id| (id, String::new(), HashMap::new()));
                        }
                        "abstractNumId" => {
                            if let (Some((_, abs, _)), Some(v)) = (num.as_mut(), val()) {
                                *abs = v;
                            }
                        }
                        "lvlOverride" => {
                            override_level =
                                xml::attribute(&e, "ilvl").and_then(|v| v.parse().ok());
                        }
                        "startOverride" => {
                            if let (Some((_, _, overrides)), Some(l), Some(v)) =
                                (num.as_mut(), override_level, val())
                            {
                                overrides.insert(l, v.parse().unwrap_or(1));
                            }
                        }
                        "style" if styles => {
                            style = xml::attribute(&e, "styleId")
                                .map(|id| (id, Props::default(), None));
                        }
                        "basedOn" => {
                            if let Some((_, _, based)) = style.as_mut() {
                                *based = val();
                            }
                        }
                        "numId" => {
                            if let Some((_, props, _)) = style.as_mut() {
                                props.num_id = val();
                            }
                        }
                        "ilvl" => {
                            if let Some((_, props, _)) = style.as_mut() {
                                props.level = val().and_then(|v| v.parse().ok());
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    "lvl" => {
                        if let (Some((ilvl, lvl)), Some(id)) = (level.take(), abstract_id.as_ref())
                        {
                            let levels = self.abstracts.entry(id.clone()).or_default();
                            let at = usize::from(ilvl.min(8));
                            if levels.len() <= at {
                                levels.resize(at + 1, Level::default());
                            }
                            levels[at] = lvl;
                        }
                    }
                    "rPr" => in_run_props = false,
                    "abstractNum" => abstract_id = None,
                    "num" => {
                        if let Some((id, abs, overrides)) = num.take() {
                            self.nums.insert(id, (abs, overrides));
                        }
                    }
                    "style" => {
                        if let Some((id, props, based)) = style.take() {
                            self.styles.insert(id, (props, based));
                        }
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(())
    }

    /// The list instance and level of a paragraph: its own, or its style's (through the styles
    /// it is based on).
    fn list_of(&self, props: &Props) -> Option<(String, u8)> {
        let mut num_id = props.num_id.clone();
        let mut level = props.level;
        let mut style = props.style.clone();
        for _ in 0..10 {
            if num_id.is_some() && level.is_some() {
                break;
            }
            let Some((style_props, based)) = style.as_ref().and_then(|s| self.styles.get(s)) else {
                break;
            };
            num_id = num_id.or_else(|| style_props.num_id.clone());
            level = level.or(style_props.level);
            style.clone_from(based);
        }
        let num_id = num_id?;
        (num_id != "0").then_some((num_id, level.unwrap_or(0).min(8)))
    }

    /// The label (with what follows it) of a paragraph that is a list item, counting it.
    fn label(&self, props: &Props, counters: &mut Counters) -> Option<String> {
        let (num_id, level) = self.list_of(props)?;
        let (abstract_id, overrides) = self.nums.get(&num_id)?;
        let levels = self.abstracts.get(abstract_id)?;
        let at = usize::from(level);
        let this = levels.get(at)?;
        let values = counters.values.entry(abstract_id.clone()).or_default();
        if counters.started.insert(num_id.clone()) {
            for (&l, &start) in overrides {
                if let Some(v) = values.get_mut(usize::from(l.min(8))) {
                    *v = Some(start.saturating_sub(1));
                }
            }
        }
        let start = this.start;
        values[at] = Some(values[at].map_or(start, |v| v + 1));
        for (deeper, value) in values.iter_mut().enumerate().skip(at + 1) {
            let restart = levels.get(deeper).and_then(|l| l.restart);
            if restart != Some(0) {
                *value = None;
            }
        }
        let mut label = String::new();
        let mut chars = this.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
                && (1..=9).contains(&d)
            {
                chars.next();
                let k = (d - 1) as usize;
                let other = levels.get(k);
                let value = values[k].unwrap_or_else(|| other.map_or(1, |l| l.start));
                let format = if this.legal {
                    NumFormat::Decimal
                } else {
                    other.map_or(NumFormat::Decimal, |l| l.format)
                };
                label.push_str(&format.format(value));
            } else if ('\u{f000}'..='\u{f0ff}').contains(&c) {
                label.push(lists::symbol(&this.font, c).unwrap_or('•'));
            } else {
                label.push(c);
            }
        }
        if label.trim().is_empty() {
            return None;
        }
        label.push_str(this.suffix);
        Some(label)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::import::archive::tests::{zip_bomb, zip_of};
    use crate::import::testing::{fixture, mutated, noise};

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    const PACKAGE_RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

    const DOCUMENT_RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes" Target="/word/endnotes.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org" TargetMode="External"/></Relationships>"#;

    /// A .docx whose body is `body` (the content of `w:body`).
    fn docx(body: &str) -> Vec<u8> {
        docx_with(body, "", "")
    }

    fn docx_with(body: &str, footnotes: &str, endnotes: &str) -> Vec<u8> {
        let document = format!(
            r#"<?xml version="1.0"?><w:document {NS}><w:body>{body}</w:body></w:document>"#
        );
        let footnotes = format!(
            r#"<w:footnotes {NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>{footnotes}</w:footnotes>"#
        );
        let endnotes = format!("<w:endnotes {NS}>{endnotes}</w:endnotes>");
        zip_of(&[
            ("_rels/.rels", PACKAGE_RELS),
            ("word/document.xml", document.as_bytes()),
            ("word/_rels/document.xml.rels", DOCUMENT_RELS),
            ("word/footnotes.xml", footnotes.as_bytes()),
            ("word/endnotes.xml", endnotes.as_bytes()),
        ])
    }

    fn text_of(bytes: &[u8]) -> String {
        extract(bytes).unwrap().text
    }

    #[test]
    fn tabs_count_only_inside_runs_and_breaks_are_newlines() {
        let body = r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/><w:tab w:val="right" w:pos="9000"/></w:tabs></w:pPr>
            <w:r><w:t>Қазақ</w:t><w:tab/><w:t xml:space="preserve">тілі </w:t><w:br/><w:t>Русский</w:t><w:cr/><w:t>язык</w:t></w:r>
            <w:r><w:noBreakHyphen/><w:t>中国</w:t><w:softHyphen/><w:sym w:font="Symbol" w:char="F0B7"/><w:sym w:char="2014"/></w:r></w:p>"#;
        assert_eq!(text_of(&docx(body)), "Қазақ\tтілі\nРусский\nязык-中国•—");
    }

    #[test]
    fn list_labels_count_as_word_does() {
        let numbering = format!(
            r#"<w:numbering {NS}>
            <w:abstractNum w:abstractNumId="0">
              <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
              <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/><w:suff w:val="space"/></w:lvl>
              <w:lvl w:ilvl="2"><w:start w:val="1"/><w:isLgl/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%1.%2.%3"/><w:suff w:val="nothing"/></w:lvl>
            </w:abstractNum>
            <w:abstractNum w:abstractNumId="1">
              <w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1)"/></w:lvl>
              <w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="&#xF0A7;"/><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr></w:lvl>
            </w:abstractNum>
            <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
            <w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>
            <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
            <w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num>
            </w:numbering>"#
        );
        let styles = format!(
            r#"<w:styles {NS}><w:style w:type="paragraph" w:styleId="ListStyle"><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Child"><w:basedOn w:val="ListStyle"/></w:style></w:styles>"#
        );
        let item = |num: u8, level: u8, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let body = [
            item(1, 0, "one"),
            item(1, 1, "one a"),
            item(1, 2, "deep"),
            item(1, 1, "one b"),
            item(1, 0, "two"),
            // Another instance of the same definition goes on counting…
            item(2, 0, "three"),
            // …unless it restarts.
            item(3, 0, "again one"),
            r#"<w:p><w:pPr><w:pStyle w:val="Child"/></w:pPr><w:r><w:t>by style</w:t></w:r></w:p>"#
                .to_owned(),
            r#"<w:p><w:pPr><w:pStyle w:val="Child"/><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr><w:r><w:t>bullet</w:t></w:r></w:p>"#
                .to_owned(),
            item(0, 0, "not a list item"),
        ]
        .concat();
        let document = format!(r"<w:document {NS}><w:body>{body}</w:body></w:document>");
        let rels = br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
        let bytes = zip_of(&[
            ("_rels/.rels", PACKAGE_RELS),
            ("word/document.xml", document.as_bytes()),
            ("word/_rels/document.xml.rels", rels),
            ("word/numbering.xml", numbering.as_bytes()),
            ("word/styles.xml", styles.as_bytes()),
        ]);
        assert_eq!(
            text_of(&bytes),
            "1.\tone\n\n(a) one a\n\n1.1.1deep\n\n(b) one b\n\n2.\ttwo\n\n3.\tthree\n\n1.\tagain one\n\nIII)\tby style\n\n▪\tbullet\n\nnot a list item"
        );
    }

    #[test]
    fn fractions_in_equations_keep_their_slash() {
        let m = r#"xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math""#;
        let body = format!(
            r#"<w:p><w:r><w:t xml:space="preserve">About </w:t></w:r><m:oMath {m}><m:f><m:num><m:r><m:t>3</m:t></m:r></m:num><m:den><m:r><m:t>4</m:t></m:r></m:den></m:f></m:oMath>
            <w:r><w:t xml:space="preserve"> and </w:t></w:r><m:oMath {m}><m:f><m:num><m:r><m:t>a+b</m:t></m:r></m:num><m:den><m:r><m:t>2</m:t></m:r></m:den></m:f></m:oMath></w:p>"#
        );
        assert_eq!(text_of(&docx(&body)), "About 3/4 and (a+b)/2");
    }

    #[test]
    fn deletions_hidden_text_and_field_codes_are_skipped_insertions_kept() {
        let body = r#"<w:p><w:r><w:t xml:space="preserve">Это </w:t></w:r>
            <w:ins w:id="1"><w:r><w:t>вставка</w:t></w:r></w:ins>
            <w:del w:id="2"><w:r><w:delText>удалено</w:delText></w:r><w:r><w:tab/><w:t>ещё</w:t></w:r></w:del>
            <w:moveFrom w:id="3"><w:r><w:t>отсюда</w:t></w:r></w:moveFrom>
            <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>
            <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t xml:space="preserve"> 7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
            <w:r><w:rPr><w:vanish/></w:rPr><w:t>жасырын</w:t><w:tab/></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>!</w:t></w:r>
            <w:r><w:rPr><w:del w:id="4"/></w:rPr><w:t>.</w:t></w:r></w:p>"#;
        assert_eq!(text_of(&docx(body)), "Это вставка 7!.");
    }

    #[test]
    fn notes_are_numbered_in_reference_order_and_follow_the_body() {
        let body = r#"<w:p><w:r><w:t>Мәтін</w:t></w:r><w:r><w:footnoteReference w:id="5"/></w:r>
            <w:r><w:t xml:space="preserve"> и </w:t></w:r><w:r><w:endnoteReference w:id="1"/></w:r><w:r><w:footnoteReference w:id="2"/></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>A1</w:t></w:r></w:p></w:tc><w:tc><w:p/><w:p><w:r><w:t>B1</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;
        let footnotes = r#"<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Second.</w:t></w:r></w:p></w:footnote>
            <w:footnote w:id="5"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Бірінші.</w:t></w:r></w:p><w:p><w:r><w:t>中文</w:t></w:r></w:p></w:footnote>"#;
        let endnotes = r#"<w:endnote w:id="1"><w:p><w:r><w:endnoteRef/></w:r><w:r><w:t xml:space="preserve"> Соңы.</w:t></w:r></w:p></w:endnote>"#;
        assert_eq!(
            text_of(&docx_with(body, footnotes, endnotes)),
            "Мәтін[1] и [i][2]\n\nA1\n\nB1\n\nNotes\n\n[1] Бірінші.\n\n中文\n\n[2] Second.\n\n[i] Соңы."
        );
    }

    #[test]
    fn text_boxes_are_read_once_before_their_paragraph() {
        let body = r#"<w:p><w:r><w:t>Anchor</w:t></w:r><w:r><mc:AlternateContent>
            <mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>
            <mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback>
            </mc:AlternateContent></w:r><w:r><w:t xml:space="preserve"> text</w:t></w:r></w:p>"#;
        assert_eq!(text_of(&docx(body)), "Box\n\nAnchor text");
    }

    #[test]
    fn default_namespace_and_missing_relationships_are_fine() {
        let document = r#"<document xmlns="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><body><p><r><t>Бір &amp; &#20013;</t></r></p></body></document>"#;
        let bytes = zip_of(&[("word/document.xml", document.as_bytes())]);
        assert_eq!(text_of(&bytes), "Бір & 中");
    }

    #[test]
    fn doctype_entities_are_not_expanded() {
        let document = format!(
            r#"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>
            <w:document {NS}><w:body><w:p><w:r><w:t>Қазақ &h;&h;&h;&h; тілі</w:t></w:r></w:p></w:body></w:document>"#
        );
        let bytes = zip_of(&[("word/document.xml", document.as_bytes())]);
        assert_eq!(text_of(&bytes), "Қазақ  тілі");
    }

    #[test]
    fn a_jpeg_named_docx_is_not_a_word_document() {
        let jpeg = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00";
        let err = extract(jpeg).unwrap_err();
        assert_eq!(
            err,
            ImportError::WrongFormat {
                expected: "a Word document",
                found: "a JPEG image"
            }
        );
        assert!(
            err.to_string()
                .starts_with("the file is not a Word document (it looks like a JPEG image)")
        );
    }

    #[test]
    fn compound_files_are_password_protected_or_old_word() {
        let mut encrypted = sniff::CFB_MAGIC.to_vec();
        encrypted.resize(1024, 0);
        encrypted.extend(sniff::utf16le("EncryptionInfo"));
        encrypted.extend(sniff::utf16le("EncryptedPackage"));
        let err = extract(&encrypted).unwrap_err();
        assert_eq!(err, ImportError::PasswordProtected);
        assert!(err.to_string().contains("password-protected"));

        let mut doc = sniff::CFB_MAGIC.to_vec();
        doc.extend(sniff::utf16le("WordDocument"));
        assert_eq!(extract(&doc), Err(ImportError::LegacyWord));
    }

    #[test]
    fn other_office_and_zip_files_are_named() {
        let xlsx = zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("_rels/.rels", PACKAGE_RELS),
            (
                "word/document.xml",
                br#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>"#,
            ),
        ]);
        assert!(matches!(
            extract(&xlsx),
            Err(ImportError::WrongFormat {
                found: "an Excel workbook",
                ..
            })
        ));
        let odt = zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.text")]);
        assert!(matches!(
            extract(&odt),
            Err(ImportError::WrongFormat {
                found: "an OpenDocument file",
                ..
            })
        ));
        let zip = zip_of(&[("photo.jpg", b"x")]);
        assert!(matches!(
            extract(&zip),
            Err(ImportError::WrongFormat {
                found: "a zip archive of another kind",
                ..
            })
        ));
    }

    #[test]
    fn zip_bomb_docx_is_refused() {
        let bomb = zip_bomb("word/document.xml", 300_000_000, 300_000_000);
        let err = extract(&bomb).unwrap_err();
        assert_eq!(err, ImportError::ZipBomb { limit_mib: 64 });
        assert!(err.to_string().contains("a zip bomb?"));
        let liar = zip_bomb("word/document.xml", 300_000_000, 2000);
        assert!(extract(&liar).is_err());
    }

    #[test]
    fn small_limits_apply_to_every_part() {
        let body = "<w:p><w:r><w:t>x</w:t></w:r></w:p>".repeat(2000);
        let limits = Limits {
            entry: 10_000,
            total: 100_000,
            ratio: u64::MAX,
            ratio_floor: u64::MAX,
        };
        assert!(matches!(
            extract_with_limits(&docx(&body), limits),
            Err(ImportError::ZipBomb { .. })
        ));
    }

    #[test]
    fn parent_directory_entries_are_refused() {
        let bytes = zip_of(&[
            ("word/document.xml", b"<x/>"),
            ("../../.bashrc", b"echo owned"),
        ]);
        assert!(matches!(extract(&bytes), Err(ImportError::Damaged { .. })));
    }

    #[test]
    fn broken_xml_is_damage_not_a_panic() {
        let bytes = zip_of(&[(
            "word/document.xml",
            br#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p></w:body>"#,
        )]);
        assert!(matches!(extract(&bytes), Err(ImportError::Damaged { .. })));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn mutated_docx_never_panics(bytes in mutated(fixture("sample.docx"))) {
            let _ = extract(&bytes);
        }

        #[test]
        fn random_bytes_never_panic(bytes in noise(b"PK\x03\x04")) {
            let _ = extract(&bytes);
        }
    }
}
