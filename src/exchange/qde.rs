//! Reading a `.qde` project or a `.qdc` codebook (REFI-QDA XML) into plain records, tolerating
//! what real exports do: any namespace (even a misspelt one) and prefix, GUIDs in braces or upper
//! case, elements Tamga does not know. Nothing here touches text positions or a project.
//!
//! Hostile input: entities declared in a DOCTYPE are refused, never expanded; nesting is capped
//! at [`MAX_DEPTH`]; the reader is one pass over the text with an explicit stack, so time and
//! memory stay linear in the size of the XML.

use std::collections::BTreeMap;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::ExchangeError;

/// Deepest element nesting accepted (real files nest codes a dozen levels at most).
pub const MAX_DEPTH: usize = 256;

/// A user (coder) listed in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QUser {
    /// Its `guid`, normalised (lower case, no braces).
    pub guid: String,
    /// Its `name`.
    pub name: String,
}

/// A code of the codebook, flattened: `parent` indexes the same list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QCode {
    /// Its `guid`, normalised (lower case, no braces).
    pub guid: String,
    /// Its `name`.
    pub name: String,
    /// Its `color` (`#rrggbb`), when given.
    pub color: Option<String>,
    /// Its `Description`, when given.
    pub description: String,
    /// Its `isCodable` flag.
    pub codable: bool,
    /// Index of the parent code in the same list.
    pub parent: Option<usize>,
    /// GUIDs of the notes attached to it (from its `NoteRef`s).
    pub notes: Vec<String>,
}

/// A coding inside a text selection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QCoding {
    /// Its `guid`, normalised (lower case, no braces).
    pub guid: String,
    /// GUID of the code applied (`CodeRef targetGUID`).
    pub code: Option<String>,
    /// GUID of the user who made it (`creatingUser`).
    pub created_by: Option<String>,
    /// When it was made (`creationDateTime`), as written.
    pub created_at: Option<String>,
    /// GUIDs of the notes attached to it (from its `NoteRef`s).
    pub notes: Vec<String>,
}

/// A `PlainTextSelection`, with its positions as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QSelection {
    /// Its `guid`, normalised (lower case, no braces).
    pub guid: String,
    /// Its `name`.
    pub name: Option<String>,
    /// `startPosition` as written, when it is a number.
    pub start: Option<i64>,
    /// `endPosition` as written, when it is a number.
    pub end: Option<i64>,
    /// GUID of the user who made it (`creatingUser`).
    pub created_by: Option<String>,
    /// When it was made (`creationDateTime`), as written.
    pub created_at: Option<String>,
    /// Its `Description`, when given.
    pub description: Option<String>,
    /// The codings of this selection.
    pub codings: Vec<QCoding>,
    /// GUIDs of the notes attached to it (from its `NoteRef`s).
    pub notes: Vec<String>,
}

/// A text source: a `TextSource`, or the text `Representation` of a `PDFSource`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QSource {
    /// Its `guid`, normalised (lower case, no braces).
    pub guid: String,
    /// Its `name`.
    pub name: String,
    /// `plainTextPath`, when the text is a file in the archive.
    pub plain_path: Option<String>,
    /// `richTextPath`, when given.
    pub rich_path: Option<String>,
    /// Text held inline (`PlainTextContent`), when given.
    pub inline: Option<String>,
    /// GUID of the user who made it (`creatingUser`).
    pub created_by: Option<String>,
    /// When it was made (`creationDateTime`), as written.
    pub created_at: Option<String>,
    /// Its `Description`, when given.
    pub description: Option<String>,
    /// Its `PlainTextSelection`s.
    pub selections: Vec<QSelection>,
    /// GUIDs of the notes attached to it (from its `NoteRef`s).
    pub notes: Vec<String>,
    /// Codings of the whole source rather than of a passage.
    pub whole_codings: usize,
    /// Set for the representation of a PDF: the PDF's own path.
    pub pdf_path: Option<String>,
}

/// A `Note` (memo).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QNote {
    /// Its `guid`, normalised (lower case, no braces).
    pub guid: String,
    /// Its `name`.
    pub name: String,
    /// Text held inline (`PlainTextContent`), when given.
    pub inline: Option<String>,
    /// `plainTextPath`, when the text is a file in the archive.
    pub plain_path: Option<String>,
    /// GUID of the user who made it (`creatingUser`).
    pub created_by: Option<String>,
    /// When it was made (`creationDateTime`), as written.
    pub created_at: Option<String>,
    /// When it was last changed (`modifiedDateTime`), as written.
    pub modified_at: Option<String>,
    /// Selections (annotations) inside the note's own text.
    pub selections: usize,
}

/// Everything read from one `.qde` or `.qdc` file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Qde {
    /// `true` for a `.qdc` codebook (root `CodeBook`).
    pub codebook_only: bool,
    /// Its `name`.
    pub name: String,
    /// The `origin` attribute: which program wrote the file.
    pub origin: String,
    /// Its `Description`, when given.
    pub description: Option<String>,
    /// Users (coders) listed.
    pub users: Vec<QUser>,
    /// The codebook, flattened in document order.
    pub codes: Vec<QCode>,
    /// Text sources (and the text of PDF sources).
    pub sources: Vec<QSource>,
    /// The project's notes (memos).
    pub notes: Vec<QNote>,
    /// GUIDs of notes about the project as a whole (journal entries).
    pub project_notes: Vec<String>,
    /// Elements Tamga does not carry over, by kind, with counts.
    pub unsupported: BTreeMap<&'static str, usize>,
    /// Elements nobody told Tamga about, by local name.
    pub unknown: BTreeMap<String, usize>,
}

/// GUIDs are compared without braces and in lower case. Anything that is not a GUID at all is
/// turned into one (the same input always gives the same GUID), so references still meet.
pub fn normalize_guid(raw: &str) -> String {
    let trimmed = raw.trim();
    let bare = trimmed
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(trimmed);
    if is_guid(bare) {
        bare.to_ascii_lowercase()
    } else {
        derived_guid("foreign-id", trimmed)
    }
}

/// Whether `s` is a GUID written `8-4-4-4-12` in hex digits.
pub fn is_guid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A GUID derived from `input` (SHA-256 of `kind` and `input`, shaped as a version-8 UUID): the
/// same input gives the same GUID, so re-exports are identical.
pub fn derived_guid(kind: &str, input: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::new()
        .chain_update(kind.as_bytes())
        .chain_update([0])
        .chain_update(input.as_bytes())
        .finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    uuid::Uuid::from_bytes(bytes).to_string()
}

/// What an open element is, as far as the reader cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    Project,
    Users,
    CodeBook,
    Codes,
    Code(usize),
    Sources,
    Source(usize),
    PdfSource,
    Selection(usize, usize),
    Coding(usize, usize, usize),
    Notes,
    Note(usize),
    /// Text being collected into a field (`Description`, `PlainTextContent`).
    Text(TextOwner),
    /// A subtree that is counted, not read.
    Skipped,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextOwner {
    ProjectDescription,
    CodeDescription(usize),
    SourceDescription(usize),
    SourceContent(usize),
    SelectionDescription(usize, usize),
    NoteContent(usize),
    Ignored,
}

fn damaged(reason: impl Into<String>) -> ExchangeError {
    ExchangeError::Damaged(reason.into())
}

/// The value of the attribute whose local name is `local` (entities and character references
/// resolved; a literal line break in a value reads as a space, as XML says).
fn attr(element: &BytesStart<'_>, local: &str) -> Result<Option<String>, ExchangeError> {
    for a in element.attributes().with_checks(false) {
        let a = a.map_err(|e| damaged(format!("an attribute is broken: {e}")))?;
        if a.key.local_name().as_ref() == local {
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| damaged(format!("the attribute {local} is broken: {e}")))?;
            return Ok(Some(value.into_owned()));
        }
    }
    Ok(None)
}

fn guid_attr(element: &BytesStart<'_>, local: &str) -> Result<Option<String>, ExchangeError> {
    Ok(attr(element, local)?
        .filter(|g| !g.trim().is_empty())
        .map(|g| normalize_guid(&g)))
}

fn int_attr(element: &BytesStart<'_>, local: &str) -> Result<Option<i64>, ExchangeError> {
    Ok(attr(element, local)?.and_then(|v| v.trim().parse().ok()))
}

/// The kind under which an element that Tamga does not carry over is counted, if it is one.
fn unsupported_kind(local: &str) -> Option<&'static str> {
    Some(match local {
        "PictureSource" => "picture sources",
        "PictureSelection" => "picture selections",
        "AudioSource" => "audio sources",
        "VideoSource" => "video sources",
        "AudioSelection" => "audio selections",
        "VideoSelection" => "video selections",
        "Transcript" => "transcripts of audio or video",
        "TranscriptSelection" => "transcript selections",
        "PDFSelection" => "PDF region selections",
        "Variable" => "variables (document attributes)",
        "VariableValue" => "variable values",
        "Case" => "cases",
        "Set" => "sets",
        "Graph" => "graphs",
        "Link" => "links",
        _ => return None,
    })
}

/// Elements that only group others, read through without a frame of their own.
fn is_container(local: &str) -> bool {
    matches!(
        local,
        "Variables" | "Cases" | "Sets" | "Graphs" | "Links" | "Vertex" | "Edge"
    )
}

/// Decodes the bytes of a `.qde` or `.qdc` file (UTF-8, with or without a BOM; UTF-16 with a BOM).
pub fn decode(bytes: &[u8]) -> Result<String, ExchangeError> {
    let (encoding, body) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((encoding, bom)) => (encoding, &bytes[bom..]),
        None => (encoding_rs::UTF_8, bytes),
    };
    encoding
        .decode_without_bom_handling_and_without_replacement(body)
        .map(std::borrow::Cow::into_owned)
        .ok_or_else(|| damaged(format!("its XML is not valid {}", encoding.name())))
}

/// Reads a `.qde` project or `.qdc` codebook.
pub fn read(bytes: &[u8]) -> Result<Qde, ExchangeError> {
    let xml = decode(bytes)?;
    let mut reader = Reader::from_str(&xml);
    let config = reader.config_mut();
    config.trim_text(false);
    config.expand_empty_elements = true;
    config.check_end_names = true;

    let mut qde = Qde::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut text = String::new();
    let mut seen_root = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| damaged(format!("its XML is broken: {e}")))?;
        match event {
            Event::Start(element) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(damaged(format!(
                        "its elements are nested more than {MAX_DEPTH} deep"
                    )));
                }
                let name = element.local_name();
                let local: String = name.as_ref().to_owned();
                if !seen_root {
                    seen_root = true;
                    match local.as_str() {
                        "Project" => {
                            qde.name = attr(&element, "name")?.unwrap_or_default();
                            qde.origin = attr(&element, "origin")?.unwrap_or_default();
                            stack.push(Frame::Project);
                        }
                        "CodeBook" => {
                            qde.codebook_only = true;
                            qde.origin = attr(&element, "origin")?.unwrap_or_default();
                            stack.push(Frame::CodeBook);
                        }
                        other => {
                            return Err(damaged(format!(
                                "it is XML, but not a REFI-QDA project or codebook (its root element is {other})"
                            )));
                        }
                    }
                    continue;
                }
                let parent = stack.last().copied().unwrap_or(Frame::Other);
                let frame = open(&mut qde, parent, &local, &element)?;
                if matches!(frame, Frame::Text(_)) {
                    text.clear();
                }
                stack.push(frame);
            }
            Event::End(_) => {
                if let Some(Frame::Text(owner)) = stack.pop() {
                    store_text(&mut qde, owner, std::mem::take(&mut text));
                }
            }
            Event::Text(t) => {
                if matches!(stack.last(), Some(Frame::Text(_))) {
                    text.push_str(&t.into_inner());
                }
            }
            Event::CData(t) => {
                if matches!(stack.last(), Some(Frame::Text(_))) {
                    text.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                let c = reference(&r)?;
                if matches!(stack.last(), Some(Frame::Text(_))) {
                    text.push(c);
                }
            }
            Event::DocType(d) => {
                if d.into_inner().contains("ENTITY") {
                    return Err(damaged(
                        "it declares XML entities, which Tamga never expands",
                    ));
                }
            }
            Event::Eof => break,
            Event::Empty(_) | Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
    }
    if !seen_root {
        return Err(damaged("it holds no XML elements"));
    }
    Ok(qde)
}

/// A character reference or one of the five predefined entities; anything else could only come
/// from a DOCTYPE and is refused.
fn reference(r: &quick_xml::events::BytesRef<'_>) -> Result<char, ExchangeError> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Ok(c);
    }
    match &**r {
        "amp" => Ok('&'),
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "quot" => Ok('"'),
        "apos" => Ok('\''),
        other => Err(damaged(format!(
            "it uses the undeclared XML entity &{other};"
        ))),
    }
}

/// Handles an opening element under `parent` and says what it is.
fn open(
    qde: &mut Qde,
    parent: Frame,
    local: &str,
    element: &BytesStart<'_>,
) -> Result<Frame, ExchangeError> {
    if parent == Frame::Skipped {
        if let Some(kind) = unsupported_kind(local) {
            *qde.unsupported.entry(kind).or_default() += 1;
        }
        return Ok(Frame::Skipped);
    }
    if let Frame::Text(_) = parent {
        return Ok(Frame::Other);
    }
    let frame = match (parent, local) {
        (Frame::Project, "Users") => Frame::Users,
        (Frame::Users, "User") => {
            let guid = guid_attr(element, "guid")?.unwrap_or_default();
            let name = attr(element, "name")?.unwrap_or_default();
            qde.users.push(QUser { guid, name });
            Frame::Other
        }
        (Frame::Project, "CodeBook") => Frame::CodeBook,
        (Frame::CodeBook, "Codes") => Frame::Codes,
        (Frame::Codes | Frame::Code(_), "Code") => {
            let parent_index = match parent {
                Frame::Code(i) => Some(i),
                _ => None,
            };
            let codable =
                attr(element, "isCodable")?.is_none_or(|v| !matches!(v.trim(), "false" | "0"));
            qde.codes.push(QCode {
                guid: guid_attr(element, "guid")?.unwrap_or_default(),
                name: attr(element, "name")?.unwrap_or_default(),
                color: attr(element, "color")?,
                description: String::new(),
                codable,
                parent: parent_index,
                notes: Vec::new(),
            });
            Frame::Code(qde.codes.len() - 1)
        }
        (Frame::Code(i), "Description") => Frame::Text(TextOwner::CodeDescription(i)),
        (Frame::Code(i), "NoteRef") => {
            if let Some(g) = guid_attr(element, "targetGUID")? {
                qde.codes[i].notes.push(g);
            }
            Frame::Other
        }
        (Frame::Project, "Sources") => Frame::Sources,
        (Frame::Sources, "TextSource") => {
            qde.sources.push(source(element, None)?);
            Frame::Source(qde.sources.len() - 1)
        }
        (Frame::Sources, "PDFSource") => {
            // The PDF itself is kept only through its text representation.
            qde.sources.push(QSource {
                pdf_path: Some(attr(element, "path")?.unwrap_or_default()),
                name: attr(element, "name")?.unwrap_or_default(),
                guid: guid_attr(element, "guid")?.unwrap_or_default(),
                created_by: guid_attr(element, "creatingUser")?,
                created_at: attr(element, "creationDateTime")?,
                ..QSource::default()
            });
            Frame::PdfSource
        }
        (Frame::PdfSource, "Representation") => {
            // Take over the PDFSource's record: the representation's text and selections, the
            // PDF's GUID, name and file.
            if let Some(pdf) = qde.sources.last_mut() {
                let rep = source(element, pdf.pdf_path.clone())?;
                pdf.plain_path = rep.plain_path;
                pdf.rich_path = pdf.pdf_path.clone();
                if pdf.name.is_empty() {
                    pdf.name = rep.name;
                }
            }
            Frame::Source(qde.sources.len() - 1)
        }
        (Frame::PdfSource, "Description") => {
            Frame::Text(TextOwner::SourceDescription(qde.sources.len() - 1))
        }
        (Frame::Source(s), "Description") => Frame::Text(TextOwner::SourceDescription(s)),
        (Frame::Source(s), "PlainTextContent") => Frame::Text(TextOwner::SourceContent(s)),
        (Frame::Source(s), "PlainTextSelection") => {
            qde.sources[s].selections.push(QSelection {
                guid: guid_attr(element, "guid")?.unwrap_or_default(),
                name: attr(element, "name")?,
                start: int_attr(element, "startPosition")?,
                end: int_attr(element, "endPosition")?,
                created_by: guid_attr(element, "creatingUser")?,
                created_at: attr(element, "creationDateTime")?,
                ..QSelection::default()
            });
            Frame::Selection(s, qde.sources[s].selections.len() - 1)
        }
        (Frame::Source(s), "Coding") => {
            qde.sources[s].whole_codings += 1;
            Frame::Skipped
        }
        (Frame::Source(_) | Frame::PdfSource, "NoteRef") => {
            let s = match parent {
                Frame::Source(s) => s,
                _ => qde.sources.len() - 1,
            };
            if let Some(g) = guid_attr(element, "targetGUID")? {
                qde.sources[s].notes.push(g);
            }
            Frame::Other
        }
        (Frame::Selection(s, i), "Description") => {
            Frame::Text(TextOwner::SelectionDescription(s, i))
        }
        (Frame::Selection(s, i), "Coding") => {
            let selection = &mut qde.sources[s].selections[i];
            selection.codings.push(QCoding {
                guid: guid_attr(element, "guid")?.unwrap_or_default(),
                code: None,
                created_by: guid_attr(element, "creatingUser")?,
                created_at: attr(element, "creationDateTime")?,
                notes: Vec::new(),
            });
            Frame::Coding(s, i, selection.codings.len() - 1)
        }
        (Frame::Selection(s, i), "NoteRef") => {
            if let Some(g) = guid_attr(element, "targetGUID")? {
                qde.sources[s].selections[i].notes.push(g);
            }
            Frame::Other
        }
        (Frame::Coding(s, i, c), "CodeRef") => {
            qde.sources[s].selections[i].codings[c].code = guid_attr(element, "targetGUID")?;
            Frame::Other
        }
        (Frame::Coding(s, i, c), "NoteRef") => {
            if let Some(g) = guid_attr(element, "targetGUID")? {
                qde.sources[s].selections[i].codings[c].notes.push(g);
            }
            Frame::Other
        }
        (Frame::Project, "Notes") => Frame::Notes,
        (Frame::Notes, "Note") => {
            qde.notes.push(QNote {
                guid: guid_attr(element, "guid")?.unwrap_or_default(),
                name: attr(element, "name")?.unwrap_or_default(),
                inline: None,
                plain_path: attr(element, "plainTextPath")?,
                created_by: guid_attr(element, "creatingUser")?,
                created_at: attr(element, "creationDateTime")?,
                modified_at: attr(element, "modifiedDateTime")?,
                selections: 0,
            });
            Frame::Note(qde.notes.len() - 1)
        }
        (Frame::Note(n), "PlainTextContent") => Frame::Text(TextOwner::NoteContent(n)),
        (Frame::Note(n), "PlainTextSelection") => {
            qde.notes[n].selections += 1;
            Frame::Skipped
        }
        (Frame::Project, "Description") => Frame::Text(TextOwner::ProjectDescription),
        (Frame::Project, "NoteRef") => {
            if let Some(g) = guid_attr(element, "targetGUID")? {
                qde.project_notes.push(g);
            }
            Frame::Other
        }
        (_, "Description" | "PlainTextContent") => Frame::Text(TextOwner::Ignored),
        (_, "VariableValue") => {
            *qde.unsupported.entry("variable values").or_default() += 1;
            Frame::Skipped
        }
        (_, local) => {
            if let Some(kind) = unsupported_kind(local) {
                *qde.unsupported.entry(kind).or_default() += 1;
                Frame::Skipped
            } else if is_container(local) {
                Frame::Other
            } else {
                // Counted once per element; known but unneeded ones (CodeRef outside a coding,
                // SyncPoint, …) fall here too, and only under a frame Tamga reads.
                if !matches!(parent, Frame::Other) {
                    *qde.unknown.entry(local.to_owned()).or_default() += 1;
                }
                Frame::Other
            }
        }
    };
    Ok(frame)
}

fn source(element: &BytesStart<'_>, pdf: Option<String>) -> Result<QSource, ExchangeError> {
    Ok(QSource {
        guid: guid_attr(element, "guid")?.unwrap_or_default(),
        name: attr(element, "name")?.unwrap_or_default(),
        plain_path: attr(element, "plainTextPath")?,
        rich_path: attr(element, "richTextPath")?,
        created_by: guid_attr(element, "creatingUser")?,
        created_at: attr(element, "creationDateTime")?,
        pdf_path: pdf,
        ..QSource::default()
    })
}

fn store_text(qde: &mut Qde, owner: TextOwner, text: String) {
    match owner {
        TextOwner::ProjectDescription => qde.description = Some(text),
        TextOwner::CodeDescription(i) => qde.codes[i].description = text,
        TextOwner::SourceDescription(s) => qde.sources[s].description = Some(text),
        TextOwner::SourceContent(s) => qde.sources[s].inline = Some(text),
        TextOwner::SelectionDescription(s, i) => {
            qde.sources[s].selections[i].description = Some(text);
        }
        TextOwner::NoteContent(n) => qde.notes[n].inline = Some(text),
        TextOwner::Ignored => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_lose_braces_and_case_and_odd_ids_become_stable_guids() {
        assert_eq!(
            normalize_guid("{8E7FDDFE-DB36-48DC-B464-80C3A4DECD90}"),
            "8e7fddfe-db36-48dc-b464-80c3a4decd90"
        );
        let odd = normalize_guid("code-17");
        assert!(is_guid(&odd), "{odd}");
        assert_eq!(odd, normalize_guid("code-17"));
        assert_ne!(odd, normalize_guid("code-18"));
    }

    #[test]
    fn reads_codes_sources_selections_and_notes_under_any_namespace() {
        let xml = r##"<?xml version="1.0" encoding="utf-8"?>
<q:Project xmlns:q="urn:QDA-XML:project:1:0" name="P &amp; Q" origin="Test">
 <q:Users><q:User guid="{AAAAAAAA-0000-0000-0000-000000000001}" name="Ana"/></q:Users>
 <q:CodeBook><q:Codes>
  <q:Code guid="00000000-0000-0000-0000-00000000000a" name="Top" isCodable="false">
   <q:Description>About &#x49A;</q:Description>
   <q:Code guid="00000000-0000-0000-0000-00000000000b" name="Child" isCodable="true" color="#ABC"/>
  </q:Code>
 </q:Codes></q:CodeBook>
 <q:Sources>
  <q:TextSource guid="00000000-0000-0000-0000-0000000000c1" name="Doc" plainTextPath="internal://x.txt">
   <q:PlainTextSelection guid="00000000-0000-0000-0000-0000000000d1" name="a&#10;b" startPosition="3" endPosition="6" creatingUser="AAAAAAAA-0000-0000-0000-000000000001">
    <q:Description>memo</q:Description>
    <q:Coding guid="00000000-0000-0000-0000-0000000000e1"><q:CodeRef targetGUID="00000000-0000-0000-0000-00000000000B"/></q:Coding>
   </q:PlainTextSelection>
   <q:VariableValue><q:VariableRef targetGUID="00000000-0000-0000-0000-0000000000f1"/><q:TextValue>x</q:TextValue></q:VariableValue>
  </q:TextSource>
  <q:PictureSource guid="00000000-0000-0000-0000-0000000000c2"><q:PictureSelection guid="00000000-0000-0000-0000-0000000000d2" firstX="1" firstY="1" secondX="2" secondY="2"/></q:PictureSource>
 </q:Sources>
 <q:Notes><q:Note guid="00000000-0000-0000-0000-000000000099" name="Journal"><q:PlainTextContent>Line 1
Line 2</q:PlainTextContent></q:Note></q:Notes>
 <q:NoteRef targetGUID="00000000-0000-0000-0000-000000000099"/>
</q:Project>"##;
        let qde = read(xml.as_bytes()).unwrap();
        assert_eq!(qde.name, "P & Q");
        assert_eq!(qde.users[0].guid, "aaaaaaaa-0000-0000-0000-000000000001");
        assert_eq!(qde.codes.len(), 2);
        assert!(!qde.codes[0].codable);
        assert_eq!(qde.codes[0].description, "About Қ");
        assert_eq!(qde.codes[1].parent, Some(0));
        assert_eq!(qde.codes[1].color.as_deref(), Some("#ABC"));
        let selection = &qde.sources[0].selections[0];
        assert_eq!(selection.name.as_deref(), Some("a\nb"));
        assert_eq!((selection.start, selection.end), (Some(3), Some(6)));
        assert_eq!(selection.description.as_deref(), Some("memo"));
        assert_eq!(
            selection.codings[0].code.as_deref(),
            Some("00000000-0000-0000-0000-00000000000b")
        );
        assert_eq!(qde.notes[0].inline.as_deref(), Some("Line 1\nLine 2"));
        assert_eq!(qde.project_notes.len(), 1);
        assert_eq!(qde.unsupported["picture sources"], 1);
        assert_eq!(qde.unsupported["picture selections"], 1);
        assert_eq!(qde.unsupported["variable values"], 1);
    }

    #[test]
    fn declared_entities_and_deep_nesting_are_refused() {
        let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;">]>
<Project name="&lol1;"/>"#;
        assert!(
            matches!(read(laughs.as_bytes()), Err(ExchangeError::Damaged(m)) if m.contains("entities"))
        );
        let deep = format!(
            "<CodeBook><Codes>{}{}</Codes></CodeBook>",
            r#"<Code guid="00000000-0000-0000-0000-000000000001" name="x" isCodable="true">"#
                .repeat(MAX_DEPTH + 5),
            "</Code>".repeat(MAX_DEPTH + 5)
        );
        assert!(
            matches!(read(deep.as_bytes()), Err(ExchangeError::Damaged(m)) if m.contains("nested"))
        );
    }
}
