//! From a `.qdpx` package or a `.qdc` codebook to an [`Exchange`]: the codes, documents, placed
//! codings and memos Tamga can take in, and the report of the rest. Pure: bytes in, values out.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::domain::{RowCoder, RowTarget, TextRange};
use crate::import::archive::{Archive, Limits};

use super::ExchangeError;
use super::positions::{self, Candidate, SourceText};
use super::qde::{self, QCode, QSource, Qde, derived_guid};
use super::report::{Direction, Report, SourceReading, UnplacedSelection};

/// Most entries a `.qdpx` may hold.
pub const MAX_ENTRIES: usize = 10_000;

const MIB: u64 = 1024 * 1024;

/// What reading a `.qdpx` may inflate. A `.qde` quotes every coded passage, so a project with
/// 100,000 codings has one of ~80 MB: more room per entry than the document importers give,
/// with the same refusal of absurd compression ratios (real XML stays far below 100:1).
const LIMITS: Limits = Limits {
    entry: 512 * MIB,
    total: 1024 * MIB,
    ratio: 500,
    ratio_floor: MIB,
};

/// A code as read, with its parent by GUID; parents come before children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExCode {
    /// Its GUID (lower case, no braces).
    pub guid: String,
    /// Its parent's GUID.
    pub parent: Option<String>,
    /// Its name, made fit for Tamga (no `/`, unique among siblings).
    pub name: String,
    /// `#rrggbb`, if the file gave a colour.
    pub color: Option<String>,
    /// Its description.
    pub description: String,
}

/// A coding placed on its document's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExCoding {
    /// Its GUID.
    pub guid: String,
    /// Its code's GUID.
    pub code: String,
    /// Where it lies in the stored text (characters, end exclusive).
    pub range: TextRange,
    /// Its creator's GUID, if the file names one.
    pub created_by: Option<String>,
    /// When it was made (RFC 3339 UTC), if the file says.
    pub created_at: Option<String>,
    /// Its memo (the selection's description).
    pub memo: String,
}

/// A document with its codings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExDocument {
    /// Its GUID.
    pub guid: String,
    /// Its name, unique in the file.
    pub name: String,
    /// Its text, line endings `\n`.
    pub text: String,
    /// The name of the original file.
    pub original_name: String,
    /// The original file's format ("txt", "docx", …).
    pub format: String,
    /// The original file's bytes (the plain text file when there is no other).
    pub source: Vec<u8>,
    /// When it was added to the other project, if the file says.
    pub created_at: Option<String>,
    /// Its codings.
    pub codings: Vec<ExCoding>,
}

/// A memo with its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExMemo {
    /// Its GUID.
    pub guid: String,
    /// What it is attached to.
    pub target: RowTarget,
    /// Its title.
    pub title: String,
    /// Its text.
    pub body: String,
    /// Its creator's GUID, if the file names one.
    pub created_by: Option<String>,
    /// When it was written, if the file says.
    pub created_at: Option<String>,
    /// When it was last changed, if the file says.
    pub modified_at: Option<String>,
}

/// A REFI-QDA project or codebook as read: what Tamga can take in, and the report so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// `true` for a `.qdc` codebook.
    pub codebook_only: bool,
    /// The project's name in the file.
    pub name: String,
    /// Coders: the file's users, and users it names without listing.
    pub coders: Vec<RowCoder>,
    /// Codes, parents before children.
    pub codes: Vec<ExCode>,
    /// Documents with their codings.
    pub documents: Vec<ExDocument>,
    /// Memos.
    pub memos: Vec<ExMemo>,
    /// What did not carry over, and how positions were read.
    pub report: Report,
}

/// Reads a `.qdpx` package: a zip with a `.qde` project and its sources.
pub fn read_qdpx(bytes: &[u8]) -> Result<Exchange, ExchangeError> {
    if !bytes.starts_with(b"PK") {
        return Err(ExchangeError::NotZip);
    }
    let mut archive = Archive::open(bytes, "REFI-QDA", LIMITS)?;
    let names = archive.names();
    if names.len() > MAX_ENTRIES {
        return Err(ExchangeError::Damaged(format!(
            "it holds {} files, more than the {MAX_ENTRIES} Tamga reads",
            names.len()
        )));
    }
    // `project.qde` in any case; else any `.qde`, the shallowest first.
    let mut qde_names: Vec<&String> = names
        .iter()
        .filter(|n| n.to_ascii_lowercase().ends_with(".qde"))
        .collect();
    qde_names.sort_by_key(|n| {
        (
            !n.eq_ignore_ascii_case("project.qde"),
            n.matches('/').count(),
        )
    });
    let qde_name = qde_names
        .first()
        .map(|n| (*n).clone())
        .ok_or(ExchangeError::NoProject)?;
    let xml = archive.read(&qde_name)?.ok_or(ExchangeError::NoProject)?;
    let parsed = qde::read(&xml)?;
    let mut exchange = build(parsed, "qdpx", &mut |path| {
        let Some(candidates) = entry_names(path) else {
            return Ok(None);
        };
        for name in candidates {
            if let Some(bytes) = archive.read(&name)? {
                return Ok(Some(bytes));
            }
        }
        Ok(None)
    })?;
    if exchange.codebook_only {
        "qdc".clone_into(&mut exchange.report.format);
    }
    Ok(exchange)
}

/// Reads a `.qdc` codebook (or a bare `.qde`, whose sources can then only be inline).
pub fn read_qdc(bytes: &[u8]) -> Result<Exchange, ExchangeError> {
    let parsed = qde::read(bytes)?;
    let format = if parsed.codebook_only { "qdc" } else { "qde" };
    build(parsed, format, &mut |_| Ok(None))
}

/// Entry names inside the package to try for a path written in the `.qde`.
fn entry_names(path: &str) -> Option<Vec<String>> {
    let path = path.trim();
    let rest = if let Some(rest) = path.strip_prefix("internal://") {
        rest
    } else if let Some(rest) = path.strip_prefix("relative://") {
        // Relative to a base path outside the package; a copy inside is still used.
        rest
    } else if path.contains("://") {
        return None;
    } else {
        path
    };
    let rest = rest.trim_start_matches(['/', '\\']);
    if rest.is_empty() {
        return None;
    }
    Some(vec![format!("sources/{rest}"), rest.to_owned()])
}

/// A time from the file as `YYYY-MM-DDTHH:MM:SSZ` (UTC). A time with an offset is converted;
/// one without is taken as UTC; fractions of a second are dropped.
pub fn normalize_time(raw: &str) -> Option<String> {
    let s = raw.trim();
    let b = s.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b' ') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        rest = frac.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let offset_minutes = match rest {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return None,
            };
            let digits: String = rest[1..].chars().filter(char::is_ascii_digit).collect();
            if digits.len() != 4 {
                return None;
            }
            let h: i64 = digits[..2].parse().ok()?;
            let m: i64 = digits[2..].parse().ok()?;
            sign * (h * 60 + m)
        }
    };
    // Days from the civil date (Howard Hinnant's algorithm), then back through the store's
    // formatter so every time reads the same way.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second.min(59) - offset_minutes * 60;
    let secs = u64::try_from(secs).ok()?;
    Some(crate::store::format_timestamp(secs))
}

/// `#abc` → `#aabbcc`; anything that is not a colour → `None`.
fn normalize_color(raw: Option<&str>) -> Option<String> {
    let hex = raw?.trim().strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        6 => Some(format!("#{}", hex.to_ascii_lowercase())),
        3 => Some(
            std::iter::once('#')
                .chain(hex.chars().flat_map(|c| [c, c]))
                .collect::<String>()
                .to_ascii_lowercase(),
        ),
        _ => None,
    }
}

/// Shortens `s` for the report.
fn short(s: &str) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 60 {
        format!("{}…", flat.chars().take(59).collect::<String>())
    } else {
        flat
    }
}

/// Decodes a text file of the package: UTF-8 or UTF-16 by BOM, else UTF-8, else a guess.
/// Returns the text, whether it had a BOM, and the encoding's name when it was not UTF-8.
fn decode_text(bytes: &[u8]) -> (String, bool, Option<String>) {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        let other = (encoding != encoding_rs::UTF_8).then(|| encoding.name().to_owned());
        return (text.into_owned(), true, other);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), false, None),
        Err(_) => match crate::import::decode_text(bytes) {
            Ok((text, encoding)) => (text, false, Some(encoding)),
            Err(_) => (String::from_utf8_lossy(bytes).into_owned(), false, None),
        },
    }
}

/// The short format name for an original file, from its extension.
fn format_of(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    crate::import::Format::ALL
        .into_iter()
        .find(|f| f.extensions().contains(&ext.as_str()))
        .map(crate::import::Format::name)
}

type Files<'a> = dyn FnMut(&str) -> Result<Option<Vec<u8>>, ExchangeError> + 'a;

/// Turns the parsed file into an [`Exchange`], reading source files through `files`.
fn build(parsed: Qde, format: &str, files: &mut Files<'_>) -> Result<Exchange, ExchangeError> {
    let mut report = Report::new(Direction::Import, format);
    report.project.clone_from(&parsed.name);
    report.origin.clone_from(&parsed.origin);

    let coders = users(&parsed, &mut report);
    let codes = codebook(&parsed.codes, &mut report);
    let code_guids: HashSet<&str> = codes.iter().map(|c| c.guid.as_str()).collect();

    let mut documents = Vec::new();
    let mut memos = Vec::new();
    // Where each note goes: (note GUID, target), first reference first.
    let mut note_targets: Vec<(String, RowTarget)> = Vec::new();
    for guid in &parsed.project_notes {
        note_targets.push((guid.clone(), RowTarget::Project));
    }
    for code in &parsed.codes {
        for note in &code.notes {
            note_targets.push((note.clone(), RowTarget::Code(code.guid.clone())));
        }
    }
    let mut names: HashSet<String> = HashSet::new();
    let mut source_guids: HashSet<String> = HashSet::new();
    let mut coding_guids: HashSet<String> = HashSet::new();
    for (index, source) in parsed.sources.iter().enumerate() {
        let Some(doc) = document(
            source,
            index,
            files,
            &code_guids,
            &mut names,
            &mut source_guids,
            &mut coding_guids,
            &mut note_targets,
            &mut report,
        )?
        else {
            continue;
        };
        if let Some(description) = source
            .description
            .as_deref()
            .filter(|d| !d.trim().is_empty())
        {
            memos.push(ExMemo {
                guid: derived_guid("source-description", &doc.guid),
                target: RowTarget::Document(doc.guid.clone()),
                title: "Description".to_owned(),
                body: description.to_owned(),
                created_by: source.created_by.clone(),
                created_at: source.created_at.as_deref().and_then(normalize_time),
                modified_at: None,
            });
        }
        documents.push(doc);
    }
    notes(&parsed, files, &note_targets, &mut memos, &mut report)?;
    if let Some(description) = parsed
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        memos.push(ExMemo {
            guid: derived_guid("project-description", &parsed.name),
            target: RowTarget::Project,
            title: "Project description".to_owned(),
            body: description.to_owned(),
            created_by: None,
            created_at: None,
            modified_at: None,
        });
        report.change(
            "project description",
            1,
            "Tamga has no project description; it became a journal entry",
            None,
        );
    }

    for (kind, count) in &parsed.unsupported {
        let why = match *kind {
            "variables (document attributes)" | "variable values" => {
                "Tamga has no document attributes yet"
            }
            "PDF region selections" | "picture sources" | "picture selections" => {
                "Tamga codes text only (a PDF's text is imported, regions on its pages are not)"
            }
            "audio sources"
            | "video sources"
            | "audio selections"
            | "video selections"
            | "transcripts of audio or video"
            | "transcript selections" => "Tamga codes text documents only",
            "cases" => "Tamga has no cases",
            "sets" => "Tamga has no sets",
            "graphs" => "Tamga has no graphs (networks)",
            "links" => "Tamga has no links between items",
            _ => "Tamga does not read them",
        };
        report.lose(kind, *count, why, None);
    }
    for (name, count) in &parsed.unknown {
        report.lose(
            &format!("<{name}> elements"),
            *count,
            "Tamga does not know this part of the format",
            None,
        );
    }

    // Users named by the file without being listed become coders of their own.
    let mut known: HashSet<String> = coders.iter().map(|c| c.guid.clone()).collect();
    let mut coders = coders;
    let mut unlisted = |guid: &Option<String>, coders: &mut Vec<RowCoder>, report: &mut Report| {
        if let Some(guid) = guid
            && known.insert(guid.clone())
        {
            let name = format!("unknown user {}", &guid[..8.min(guid.len())]);
            report.change(
                "users named but not listed",
                1,
                "they were added as coders named after their GUID",
                Some(&name),
            );
            coders.push(RowCoder {
                guid: guid.clone(),
                name,
            });
        }
    };
    for doc in &documents {
        for coding in &doc.codings {
            unlisted(&coding.created_by, &mut coders, &mut report);
        }
    }
    for memo in &memos {
        unlisted(&memo.created_by, &mut coders, &mut report);
    }

    Ok(Exchange {
        codebook_only: parsed.codebook_only,
        name: parsed.name,
        coders,
        codes,
        documents,
        memos,
        report,
    })
}

fn users(parsed: &Qde, report: &mut Report) -> Vec<RowCoder> {
    let mut seen = HashSet::new();
    let mut coders = Vec::new();
    for user in &parsed.users {
        if user.guid.is_empty() || !seen.insert(user.guid.clone()) {
            report.lose(
                "users without a GUID of their own",
                1,
                "nothing can refer to them",
                Some(&user.name),
            );
            continue;
        }
        let name = if user.name.trim().is_empty() {
            format!("user {}", &user.guid[..8])
        } else {
            user.name.trim().to_owned()
        };
        coders.push(RowCoder {
            guid: user.guid.clone(),
            name,
        });
    }
    coders
}

/// A code while the codebook is being put in order.
struct Node {
    guid: String,
    parent: Option<String>,
    name: String,
    color: Option<String>,
    description: String,
}

/// The codebook made fit for Tamga: `parent::child` names nested, `/` replaced, names unique
/// among siblings, parents before children.
fn codebook(codes: &[QCode], report: &mut Report) -> Vec<ExCode> {
    // Final (parent GUID, name) of each code, in file order.
    let mut guids: Vec<String> = Vec::with_capacity(codes.len());
    let mut seen = HashSet::new();
    for (i, code) in codes.iter().enumerate() {
        let guid = if code.guid.is_empty() || !seen.insert(code.guid.clone()) {
            report.change(
                "codes without a GUID of their own",
                1,
                "they were given one",
                Some(&code.name),
            );
            derived_guid("code", &format!("{i}/{}", code.name))
        } else {
            code.guid.clone()
        };
        guids.push(guid);
    }
    let categories = codes.iter().filter(|c| !c.codable).count();
    report.change(
        "categories (codes marked not codable)",
        categories,
        "they became ordinary codes, as Tamga has no categories",
        None,
    );

    let mut nodes: Vec<Node> = Vec::with_capacity(codes.len());
    let mut renamed_slash = 0;
    let mut unnamed = 0;
    let clean = |name: &str, renamed_slash: &mut usize, unnamed: &mut usize| -> String {
        let name = name.trim();
        if name.is_empty() {
            *unnamed += 1;
            return "(unnamed code)".to_owned();
        }
        if name.contains('/') {
            *renamed_slash += 1;
            return name.replace('/', "∕");
        }
        name.to_owned()
    };
    for (i, code) in codes.iter().enumerate() {
        nodes.push(Node {
            guid: guids[i].clone(),
            parent: code.parent.map(|p| guids[p].clone()),
            name: code.name.clone(),
            color: normalize_color(code.color.as_deref()),
            description: code.description.clone(),
        });
    }
    // Hierarchy written only in names: `parent::child`. Attach to a code of that name under the
    // same parent when the file has one, else to a new one.
    let mut nested = 0;
    let mut index: HashMap<(Option<String>, String), String> = nodes
        .iter()
        .filter(|n| !n.name.contains("::"))
        .map(|n| ((n.parent.clone(), n.name.trim().to_owned()), n.guid.clone()))
        .collect();
    let mut extra: Vec<Node> = Vec::new();
    for node in &mut nodes {
        if !node.name.contains("::") {
            continue;
        }
        let parts: Vec<String> = node
            .name
            .split("::")
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect();
        let Some((last, ancestors)) = parts.split_last() else {
            continue;
        };
        nested += 1;
        let mut parent = node.parent.clone();
        for name in ancestors {
            let key = (parent.clone(), name.clone());
            let guid = if let Some(guid) = index.get(&key) {
                guid.clone()
            } else {
                let guid = derived_guid(
                    "code-path",
                    &format!("{}/{name}", parent.as_deref().unwrap_or("")),
                );
                extra.push(Node {
                    guid: guid.clone(),
                    parent: parent.clone(),
                    name: name.clone(),
                    color: None,
                    description: String::new(),
                });
                index.insert(key, guid.clone());
                guid
            };
            parent = Some(guid);
        }
        node.parent = parent;
        node.name.clone_from(last);
    }
    report.change(
        "codes with their hierarchy written in their names (parent::child)",
        nested,
        "they were nested under their parents",
        None,
    );
    nodes.extend(extra);

    // Parents before children, siblings in file order; names unique among siblings.
    let mut children: HashMap<Option<String>, Vec<usize>> = HashMap::new();
    let all: HashSet<String> = nodes.iter().map(|n| n.guid.clone()).collect();
    for (i, node) in nodes.iter().enumerate() {
        let parent = node.parent.clone().filter(|p| all.contains(p));
        children.entry(parent).or_default().push(i);
    }
    let mut out = Vec::with_capacity(nodes.len());
    let mut duplicates = 0;
    let mut stack: Vec<(Option<String>, usize)> = vec![(None, 0)];
    let mut taken: HashMap<Option<String>, HashSet<String>> = HashMap::new();
    let mut visited = HashSet::new();
    while let Some((parent, next)) = stack.pop() {
        let Some(&i) = children.get(&parent).and_then(|c| c.get(next)) else {
            continue;
        };
        stack.push((parent.clone(), next + 1));
        let node = &nodes[i];
        if !visited.insert(node.guid.clone()) {
            continue;
        }
        let base = clean(&node.name, &mut renamed_slash, &mut unnamed);
        let names = taken.entry(parent.clone()).or_default();
        let mut name = base.clone();
        let mut n = 2;
        while !names.insert(name.clone()) {
            name = format!("{base} ({n})");
            n += 1;
        }
        if n > 2 {
            duplicates += 1;
        }
        out.push(ExCode {
            guid: node.guid.clone(),
            parent: parent.clone(),
            name,
            color: node.color.clone(),
            description: node.description.clone(),
        });
        stack.push((Some(node.guid.clone()), 0));
    }
    report.change(
        "codes whose names hold “/”",
        renamed_slash,
        "Tamga uses “/” between levels of the codebook, so it became “∕”",
        None,
    );
    report.change(
        "codes without a name",
        unnamed,
        "they were named “(unnamed code)”",
        None,
    );
    report.change(
        "codes with the same name as a sibling",
        duplicates,
        "a number was added to the name: “name (2)”",
        None,
    );
    out
}

/// Reads one source's text and places its selections.
#[expect(
    clippy::too_many_arguments,
    reason = "the bookkeeping of one pass over the sources"
)]
fn document(
    source: &QSource,
    index: usize,
    files: &mut Files<'_>,
    code_guids: &HashSet<&str>,
    names: &mut HashSet<String>,
    source_guids: &mut HashSet<String>,
    coding_guids: &mut HashSet<String>,
    note_targets: &mut Vec<(String, RowTarget)>,
    report: &mut Report,
) -> Result<Option<ExDocument>, ExchangeError> {
    // A source without a name is named after its file, as Tamga names imported files.
    let file_stem = source
        .plain_path
        .as_deref()
        .or(source.rich_path.as_deref())
        .map(|p| p.rsplit(['/', '\\']).next().unwrap_or(p))
        .map(|f| {
            f.rsplit_once('.')
                .map_or(f, |(stem, _)| stem)
                .trim()
                .to_owned()
        })
        .filter(|f| !f.is_empty());
    let label = if !source.name.trim().is_empty() {
        source.name.trim().to_owned()
    } else if let Some(stem) = file_stem {
        stem
    } else {
        format!("source {}", index + 1)
    };
    let selections = source.selections.len();
    let codings_in = |s: &QSource| s.selections.iter().map(|x| x.codings.len()).sum::<usize>();
    let (raw, bom, encoding) = if let Some(inline) = &source.inline {
        (inline.clone(), false, None)
    } else {
        let bytes = match &source.plain_path {
            Some(path) => files(path)?,
            None => None,
        };
        let Some(bytes) = bytes else {
            let (what, why) = if source.pdf_path.is_some() && source.plain_path.is_none() {
                (
                    "PDF sources without a text representation",
                    "Tamga imports a PDF through its text, and the file gives none",
                )
            } else {
                (
                    "sources whose text is not in the file",
                    "their plain text file is missing or lies outside the package",
                )
            };
            report.lose(what, 1, why, Some(&label));
            report.lose(
                "codings in sources that could not be read",
                codings_in(source),
                "their source was not imported",
                None,
            );
            return Ok(None);
        };
        decode_text(&bytes)
    };
    if let Some(encoding) = encoding {
        report.change(
            "sources whose text is not UTF-8",
            1,
            "read in the encoding they appear to use",
            Some(&format!("{label} ({encoding})")),
        );
    }
    let text = SourceText::new(&raw, bom);

    let mut guid = source.guid.clone();
    if guid.is_empty() || !source_guids.insert(guid.clone()) {
        guid = derived_guid("source", &format!("{index}/{label}"));
        source_guids.insert(guid.clone());
    }
    for note in &source.notes {
        note_targets.push((note.clone(), RowTarget::Document(guid.clone())));
    }
    let mut name = label.clone();
    let mut n = 2;
    while !names.insert(name.clone()) {
        name = format!("{label} ({n})");
        n += 1;
    }
    if n > 2 {
        report.change(
            "sources with the same name as another",
            1,
            "a number was added to the name",
            Some(&name),
        );
    }

    let candidates: Vec<Candidate> = source
        .selections
        .iter()
        .map(|s| Candidate {
            start: s.start,
            end: s.end,
            snippet: positions::Snippet::parse(s.name.as_deref()),
        })
        .collect();
    let placement = positions::place(&text, &candidates);
    let mut placed = 0;
    let mut codings = Vec::new();
    for (selection, place) in source.selections.iter().zip(&placement.places) {
        match place {
            Ok(range) => {
                placed += 1;
                if selection.codings.is_empty() {
                    if selection
                        .description
                        .as_deref()
                        .is_some_and(|d| !d.trim().is_empty())
                    {
                        report.lose(
                            "annotations (selections with a note but no code)",
                            1,
                            "Tamga has no annotations that are not codings",
                            crate::text::slice_chars(&text.text, *range)
                                .map(short)
                                .as_deref(),
                        );
                    } else {
                        report.lose(
                            "selections with neither a code nor a note",
                            1,
                            "there is nothing to carry over",
                            None,
                        );
                    }
                }
                let mut first_coding: Option<String> = None;
                for (k, coding) in selection.codings.iter().enumerate() {
                    let Some(code) = coding.code.as_deref().filter(|c| code_guids.contains(c))
                    else {
                        report.lose(
                            "codings of codes that are not in the codebook",
                            1,
                            "their code is missing",
                            Some(&label),
                        );
                        continue;
                    };
                    let mut coding_guid = coding.guid.clone();
                    if coding_guid.is_empty() || !coding_guids.insert(coding_guid.clone()) {
                        coding_guid =
                            derived_guid("coding", &format!("{guid}/{}/{k}", selection.guid));
                        coding_guids.insert(coding_guid.clone());
                    }
                    for note in &coding.notes {
                        note_targets.push((note.clone(), RowTarget::Coding(coding_guid.clone())));
                    }
                    first_coding.get_or_insert_with(|| coding_guid.clone());
                    codings.push(ExCoding {
                        guid: coding_guid,
                        code: code.to_owned(),
                        range: *range,
                        created_by: coding.created_by.clone().or(selection.created_by.clone()),
                        created_at: coding
                            .created_at
                            .as_deref()
                            .or(selection.created_at.as_deref())
                            .and_then(normalize_time),
                        memo: selection.description.clone().unwrap_or_default(),
                    });
                }
                if selection.codings.len() > 1
                    && selection
                        .description
                        .as_deref()
                        .is_some_and(|d| !d.trim().is_empty())
                {
                    report.change(
                        "selection notes shared by several codings",
                        1,
                        "each coding got a copy as its memo",
                        None,
                    );
                }
                let target = first_coding
                    .map_or_else(|| RowTarget::Document(guid.clone()), RowTarget::Coding);
                for note in &selection.notes {
                    note_targets.push((note.clone(), target.clone()));
                }
            }
            Err(why) => {
                for note in &selection.notes {
                    note_targets.push((note.clone(), RowTarget::Document(guid.clone())));
                }
                for coding in &selection.codings {
                    for note in &coding.notes {
                        note_targets.push((note.clone(), RowTarget::Document(guid.clone())));
                    }
                }
                report.unplaced.push(UnplacedSelection {
                    source: name.clone(),
                    guid: selection.guid.clone(),
                    start: selection.start,
                    end: selection.end,
                    snippet: short(selection.name.as_deref().unwrap_or("")),
                    codings: selection.codings.len(),
                    why: why.describe().to_owned(),
                });
            }
        }
    }
    report.sources.push(SourceReading {
        source: name.clone(),
        reading: placement.reading.describe(&text),
        selections,
        with_snippet: placement.with_snippet,
        confirmed: placement.confirmed,
        placed,
    });
    report.lose(
        "codes applied to a whole source",
        source.whole_codings,
        "Tamga codes passages, not whole documents",
        Some(&name),
    );

    let (format, original_name, bytes) =
        rich_file(source, files, &name, report)?.unwrap_or_else(|| {
            let original = source
                .plain_path
                .as_deref()
                .filter(|_| source.name.trim().is_empty())
                .map_or_else(
                    || {
                        if name.contains('.') {
                            name.clone()
                        } else {
                            format!("{name}.txt")
                        }
                    },
                    |p| p.rsplit(['/', '\\']).next().unwrap_or(p).to_owned(),
                );
            ("txt".to_owned(), original, raw.clone().into_bytes())
        });
    Ok(Some(ExDocument {
        guid,
        name,
        text: text.text,
        original_name,
        format,
        source: bytes,
        created_at: source.created_at.as_deref().and_then(normalize_time),
        codings,
    }))
}

/// The original file (`richTextPath`, or a PDF's path) when the package holds it.
fn rich_file(
    source: &QSource,
    files: &mut Files<'_>,
    name: &str,
    report: &mut Report,
) -> Result<Option<(String, String, Vec<u8>)>, ExchangeError> {
    let Some(path) = source.rich_path.as_deref().filter(|p| !p.trim().is_empty()) else {
        return Ok(None);
    };
    let Some(bytes) = files(path)? else {
        report.lose(
            "original files of sources",
            1,
            "the file names them but they are not inside it; the plain text was imported",
            Some(name),
        );
        return Ok(None);
    };
    let format = format_of(path).unwrap_or("txt");
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    let original = if name
        .to_ascii_lowercase()
        .ends_with(&format!(".{}", ext.to_ascii_lowercase()))
    {
        name.to_owned()
    } else {
        format!("{name}.{ext}")
    };
    Ok(Some((format.to_owned(), original, bytes)))
}

/// Memos from the notes: each attached to what first refers to it; notes nothing refers to
/// become journal entries.
fn notes(
    parsed: &Qde,
    files: &mut Files<'_>,
    targets: &[(String, RowTarget)],
    memos: &mut Vec<ExMemo>,
    report: &mut Report,
) -> Result<(), ExchangeError> {
    let by_guid: BTreeMap<&str, usize> = parsed
        .notes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.guid.as_str(), i))
        .collect();
    let mut target_of: HashMap<&str, RowTarget> = HashMap::new();
    for (guid, target) in targets {
        if !by_guid.contains_key(guid.as_str()) {
            report.lose(
                "references to notes that are not in the file",
                1,
                "there is no note to carry over",
                None,
            );
            continue;
        }
        if target_of.contains_key(guid.as_str()) {
            report.change(
                "notes attached to several things",
                1,
                "a Tamga memo belongs to one thing, so it stayed with the first",
                None,
            );
            continue;
        }
        target_of.insert(guid.as_str(), target.clone());
    }
    let mut seen = HashSet::new();
    for (i, note) in parsed.notes.iter().enumerate() {
        let guid = if note.guid.is_empty() || !seen.insert(note.guid.clone()) {
            derived_guid("note", &format!("{i}/{}", note.name))
        } else {
            note.guid.clone()
        };
        let target = if let Some(t) = target_of.get(note.guid.as_str()) {
            t.clone()
        } else {
            report.change(
                "notes attached to nothing",
                1,
                "they became journal entries",
                Some(&note.name),
            );
            RowTarget::Project
        };
        let body = if let Some(inline) = &note.inline {
            crate::text::normalize_line_endings(inline)
        } else if let Some(bytes) = match &note.plain_path {
            Some(path) => files(path)?,
            None => None,
        } {
            crate::text::normalize_line_endings(&decode_text(&bytes).0)
        } else {
            if note.plain_path.is_some() {
                report.lose(
                    "texts of notes",
                    1,
                    "their text file is not in the package; the note came over empty",
                    Some(&note.name),
                );
            }
            String::new()
        };
        report.lose(
            "annotations inside notes",
            note.selections,
            "Tamga memos are plain text",
            Some(&note.name),
        );
        memos.push(ExMemo {
            guid,
            target,
            title: if note.name.trim().is_empty() {
                "Note".to_owned()
            } else {
                note.name.trim().to_owned()
            },
            body,
            created_by: note.created_by.clone(),
            created_at: note.created_at.as_deref().and_then(normalize_time),
            modified_at: note.modified_at.as_deref().and_then(normalize_time),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_become_utc_seconds() {
        assert_eq!(
            normalize_time("2019-06-07T03:36:36Z").as_deref(),
            Some("2019-06-07T03:36:36Z")
        );
        assert_eq!(
            normalize_time("2019-06-07T03:36:36.123+02:00").as_deref(),
            Some("2019-06-07T01:36:36Z")
        );
        assert_eq!(
            normalize_time("2024-03-01 00:10:00-01:30").as_deref(),
            Some("2024-03-01T01:40:00Z")
        );
        assert_eq!(
            normalize_time("2000-02-29T23:59:59").as_deref(),
            Some("2000-02-29T23:59:59Z")
        );
        assert_eq!(normalize_time("yesterday"), None);
    }

    #[test]
    fn colours_are_normalised() {
        assert_eq!(normalize_color(Some("#ABC")).as_deref(), Some("#aabbcc"));
        assert_eq!(normalize_color(Some("#3F8FD2")).as_deref(), Some("#3f8fd2"));
        assert_eq!(normalize_color(Some("red")), None);
        assert_eq!(normalize_color(None), None);
    }

    #[test]
    fn paths_resolve_inside_the_sources_folder() {
        assert_eq!(
            entry_names("internal://A.txt"),
            Some(vec!["sources/A.txt".to_owned(), "A.txt".to_owned()])
        );
        assert_eq!(
            entry_names("board.txt"),
            Some(vec!["sources/board.txt".to_owned(), "board.txt".to_owned()])
        );
        assert_eq!(entry_names("absolute:///home/x/a.txt"), None);
    }
}
