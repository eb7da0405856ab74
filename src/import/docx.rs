//! Word documents (.docx): the main document part found through the package relationships,
//! read with quick-xml.
//!
//! - Paragraphs (`w:p`) — headings, list items and each table cell's paragraphs included — become
//!   paragraphs in document order. List numbers and bullets live in `numbering.xml` and are not
//!   reproduced. Text boxes (`w:txbxContent`) are paragraphs of their own, placed just before the
//!   paragraph that anchors them; the fallback copy of a text box (`mc:Fallback`) is skipped.
//! - Only `w:t` (and math `m:t`) is text. Tracked deletions (`w:del`, `w:moveFrom`, hence
//!   `w:delText`) are skipped; insertions (`w:ins`) are kept. Field codes (`w:instrText`) are
//!   skipped; field results are kept.
//! - `w:tab` is a tab only inside a run (`w:r`), so tab stops in `w:pPr` add nothing; `w:br`
//!   and `w:cr` are line breaks; `w:noBreakHyphen` is `-`; soft hyphens are dropped.
//! - Footnote and endnote references become `[1]` / `[i]` (numbered in order of reference, as
//!   Word shows them); the notes follow the body after a paragraph `Notes`.
//! - Headers, footers and comments are not imported.
//!
//! A password-protected .docx is not a zip but an OLE compound file holding an
//! `EncryptedPackage` stream; a compound file without one is an old .doc.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;

use super::archive::{self, Archive, Limits};
use super::blocks::{self, Blocks};
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

    let body = Story::read(&xml::decode(&document, FORMAT)?, StoryKind::Body)?;
    let mut out = Blocks::default();
    for paragraph in &body.paragraphs {
        out.push(paragraph);
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
        let story = Story::read(&xml::decode(&part, FORMAT)?, StoryKind::Notes)?;
        for reference in wanted {
            if let Some(paragraphs) = story.notes.get(&reference.id) {
                notes.push((reference.label.clone(), paragraphs.clone()));
            }
        }
    }
    out.push_notes(&notes);
    Ok(Extracted {
        text: out.finish(),
        encoding: "UTF-8".to_owned(),
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
    references: Vec<NoteRef>,
    notes: HashMap<String, Vec<String>>,
}

/// Where the walk through a part is.
#[derive(Debug, Default)]
struct Walk {
    story: Story,
    /// Open paragraphs; more than one inside a text box.
    open: Vec<String>,
    runs: usize,
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
    fn read(xml_text: &str, kind: StoryKind) -> Result<Story, ImportError> {
        let mut reader = xml::reader(xml_text);
        let mut walk = Walk::default();
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
            walk.finish_paragraph(paragraph);
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
        if let Some(paragraph) = self.open.last_mut() {
            paragraph.push_str(text);
        }
    }

    fn push(&mut self, c: char) {
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
            (Ns::W, "p") if has_end => self.open.push(String::new()),
            (Ns::W, "r") if has_end => self.runs += 1,
            (Ns::W | Ns::Math, "t") if has_end => self.in_text = true,
            (Ns::W, "tab" | "ptab") if self.runs > 0 => self.push('\t'),
            (Ns::W, "br" | "cr") if self.runs > 0 => self.push('\n'),
            (Ns::W, "noBreakHyphen") if self.runs > 0 => self.push('-'),
            (Ns::W, "sym") if self.runs > 0 => {
                // Symbol-font glyphs (F000–F0FF) are not meaningful characters.
                if let Some(c) = xml::attribute(e, "char")
                    .and_then(|hex| u32::from_str_radix(&hex, 16).ok())
                    .filter(|&code| !(0xF000..=0xF0FF).contains(&code))
                    .and_then(char::from_u32)
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
                    self.finish_paragraph(paragraph);
                }
            }
            (Ns::W, "r") => self.runs = self.runs.saturating_sub(1),
            (Ns::W | Ns::Math, "t") => self.in_text = false,
            (Ns::W, "footnote" | "endnote") => {
                if let Some((id, paragraphs)) = self.note.take() {
                    self.story.notes.insert(id, paragraphs);
                }
            }
            _ => {}
        }
    }

    fn finish_paragraph(&mut self, paragraph: String) {
        match &mut self.note {
            Some((_, paragraphs)) => paragraphs.push(paragraph),
            None => self.story.paragraphs.push(paragraph),
        }
    }
}

fn is_skipped(ns: Ns, local: &str) -> bool {
    matches!(
        (ns, local),
        (Ns::W, "del" | "moveFrom" | "instrText" | "delInstrText") | (Ns::Mc, "Fallback")
    )
}
