//! Pure data: ids, the records a project holds, and the `Edit` enum that describes every change.
//! No IO and no GUI here.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// Row id of a document.
    DocumentId
);
id_type!(
    /// Row id of a code.
    CodeId
);
id_type!(
    /// Row id of a coding (a coded passage).
    CodingId
);
id_type!(
    /// Row id of a memo.
    MemoId
);
id_type!(
    /// Row id of a coder.
    CoderId
);
id_type!(
    /// Row id of an entry in the codebook's history.
    ChangeId
);
id_type!(
    /// Row id of an unplaced coding (a coding whose words are gone from its document).
    UnplacedId
);
id_type!(
    /// Row id of an entry in a document's correction log.
    CorrectionId
);
id_type!(
    /// Row id of an attribute (a variable of documents or of cases).
    AttributeId
);
id_type!(
    /// Row id of a case.
    CaseId
);
id_type!(
    /// Row id of one member of a case: a whole document or a passage of one.
    CaseMemberId
);

/// A span of a document's text: character offsets (Unicode scalar values), end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TextRange {
    /// Character offset of the first character in the span.
    pub start: usize,
    /// Character offset just past the last character (exclusive).
    pub end: usize,
}

impl TextRange {
    /// The span from character `start` up to, not including, character `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// Its length in characters; 0 when `end` is not after `start`.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether it covers no character (`end <= start`).
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// Whether the two spans share at least one character; spans that only touch do not.
    pub fn overlaps(&self, other: &TextRange) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Whether the character at `offset` lies inside (`start` included, `end` excluded).
    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
}

/// An imported text. Its `text` changes only through [`Edit::ChangeText`], which moves every
/// coding with its words; offsets point into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Its row id in this project file; a deleted document comes back with the same id on undo.
    pub id: DocumentId,
    /// A random UUID given at import; identifies the document across copies of the project.
    pub guid: String,
    /// Shown in the document list and in citations; unique in the project.
    pub name: String,
    /// The imported plain text, line endings `\n`; codings' character offsets point into it.
    pub text: String,
    /// The imported file's name with its extension, as it was on disk.
    pub original_name: String,
    /// The short name of the format it was imported from: "txt", "md", "docx", "pdf", …
    pub format: String,
    /// How its bytes were decoded at import: "UTF-8", "windows-1251", "UTF-16LE (BOM)", or
    /// "PDF text layer".
    pub encoding: String,
    /// When it was imported: RFC 3339 UTC, to the second (`2026-11-22T15:00:00Z`).
    pub imported_at: String,
    /// The original file's bytes, kept for provenance (may be empty).
    pub source: Vec<u8>,
    /// Hex SHA-256 of `source`.
    pub sha256: String,
    /// Order in the document list.
    pub position: i64,
    /// How its paragraphs choose their direction in the reading view.
    pub direction: Direction,
    /// For paged formats (PDF): the character offset where each page starts (`pages[0] == 0`);
    /// empty otherwise.
    pub pages: Vec<usize>,
}

/// A code in the codebook tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Code {
    /// Its row id in this project file; kept through delete and undo.
    pub id: CodeId,
    /// A random UUID given at creation; identifies the code across copies of the project.
    pub guid: String,
    /// The code it sits under in the tree; `None` at the top of the codebook.
    pub parent: Option<CodeId>,
    /// Shown in the codebook; unique among its siblings, never empty, never contains `/`.
    pub name: String,
    /// Its highlight colour, `#rrggbb` in lower case.
    pub color: String,
    /// What the code means (the first part of its definition card); may be empty.
    pub description: String,
    /// When to apply it: the card's inclusion criteria; may be empty.
    pub when_to_use: String,
    /// When not to apply it, and which code to use instead; may be empty.
    pub when_not_to_use: String,
    /// An anchor example: a typical passage, quoted or paraphrased; may be empty.
    pub example: String,
    /// Order among its siblings, dense from 0.
    pub position: i64,
    /// When it was created: RFC 3339 UTC, to the second.
    pub created_at: String,
}

/// A coded passage: a code applied to a range of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coding {
    /// Its row id in this project file; kept through delete and undo.
    pub id: CodingId,
    /// A random UUID given when the code was applied; the excerpt id is derived from it.
    pub guid: String,
    /// The document the passage is in.
    pub document: DocumentId,
    /// The code applied to the passage.
    pub code: CodeId,
    /// Where the passage lies: character offsets into the document's text, end exclusive.
    pub range: TextRange,
    /// The exact text between `range.start` and `range.end`.
    pub text: String,
    /// Who applied the code.
    pub coder: CoderId,
    /// When the code was applied: RFC 3339 UTC, to the second.
    pub created_at: String,
    /// A short note on this coding, written in the inspector; may be empty.
    pub memo: String,
    /// When the memo last changed: RFC 3339 UTC, to the second; empty if it never did.
    pub memo_modified_at: String,
    /// Who last changed the memo; `None` if nobody did, or it was written with the coding.
    pub memo_modified_by: Option<CoderId>,
}

/// Where a coding lies and what code it has: all the reading view needs to draw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CodingSpan {
    /// The coding, for selecting it and for edits of it.
    pub id: CodingId,
    /// Its code, which gives the highlight colour.
    pub code: CodeId,
    /// Where it lies: character offsets into the document's text, end exclusive.
    pub range: TextRange,
    /// Who applied it (the coder filter, and stripes that tell coders apart).
    pub coder: CoderId,
}

/// What a memo is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MemoTarget {
    /// A project journal entry.
    Project,
    /// A note on a whole document.
    Document(DocumentId),
    /// A note on a code (deleted with the code, moved to the other code on merge).
    Code(CodeId),
    /// A note on one coded passage.
    Coding(CodingId),
}

/// A memo: a journal entry, or a note attached to a document, code or coding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Memo {
    /// Its row id in this project file; kept through delete and undo.
    pub id: MemoId,
    /// A random UUID given when it was written; identifies it across copies of the project.
    pub guid: String,
    /// What it is attached to, or the project journal.
    pub target: MemoTarget,
    /// A one-line heading; may be empty.
    pub title: String,
    /// The memo's text as the researcher wrote it.
    pub body: String,
    /// Who wrote it.
    pub coder: CoderId,
    /// When it was written: RFC 3339 UTC, to the second.
    pub created_at: String,
    /// When its title or body last changed: RFC 3339 UTC, to the second.
    pub modified_at: String,
    /// Who last changed its title or body; `None` for its writer.
    pub modified_by: Option<CoderId>,
}

impl Memo {
    /// Who last changed it: the last editor, else its writer.
    pub fn last_changed_by(&self) -> CoderId {
        self.modified_by.unwrap_or(self.coder)
    }
}

/// A memo's text: a row of the memos table, or a coding's own memo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MemoRef {
    /// A memo (journal entry, or a memo on a document, code or coding).
    Memo(MemoId),
    /// The memo a coding carries itself (written in the inspector).
    CodingMemo(CodingId),
}

/// A part of a code's definition card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CodeField {
    /// What the code means.
    Description,
    /// When to apply it.
    WhenToUse,
    /// When not to apply it.
    WhenNotToUse,
    /// An anchor example.
    Example,
}

impl CodeField {
    /// Every field, in the card's order.
    pub const ALL: [CodeField; 4] = [
        CodeField::Description,
        CodeField::WhenToUse,
        CodeField::WhenNotToUse,
        CodeField::Example,
    ];

    /// Its heading on the card: "When to use".
    pub fn label(self) -> &'static str {
        match self {
            CodeField::Description => "Description",
            CodeField::WhenToUse => "When to use",
            CodeField::WhenNotToUse => "When not to use",
            CodeField::Example => "Example",
        }
    }

    /// Its name in the project file, the CLI and JSON: `description`, `when_to_use`,
    /// `when_not_to_use`, `example`.
    pub fn name(self) -> &'static str {
        match self {
            CodeField::Description => "description",
            CodeField::WhenToUse => "when_to_use",
            CodeField::WhenNotToUse => "when_not_to_use",
            CodeField::Example => "example",
        }
    }

    /// The field called `name` (as [`CodeField::name`] gives it, `-` or `_` between words).
    pub fn from_name(name: &str) -> Option<CodeField> {
        let name = name.replace('-', "_");
        CodeField::ALL.into_iter().find(|f| f.name() == name)
    }

    /// This field's text in `code`.
    pub fn of(self, code: &Code) -> &str {
        match self {
            CodeField::Description => &code.description,
            CodeField::WhenToUse => &code.when_to_use,
            CodeField::WhenNotToUse => &code.when_not_to_use,
            CodeField::Example => &code.example,
        }
    }
}

/// What kind of change of a code the codebook's history records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChangeKind {
    /// Its name changed.
    Rename,
    /// It moved under another parent (its path changed).
    Move,
    /// Another code was merged into it.
    Merge,
    /// Some of its codings went to a new sibling code.
    Split,
    /// A field of its definition card changed (a burst of typing is one change).
    Define(CodeField),
}

impl ChangeKind {
    /// Its name in the project file and in JSON: `rename`, `move`, `merge`, `split`, or the
    /// card field's name (`description`, `when_to_use`, …).
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Rename => "rename",
            ChangeKind::Move => "move",
            ChangeKind::Merge => "merge",
            ChangeKind::Split => "split",
            ChangeKind::Define(field) => field.name(),
        }
    }

    /// The kind called `name`, as [`ChangeKind::name`] gives it.
    pub fn from_name(name: &str) -> Option<ChangeKind> {
        match name {
            "rename" => Some(ChangeKind::Rename),
            "move" => Some(ChangeKind::Move),
            "merge" => Some(ChangeKind::Merge),
            "split" => Some(ChangeKind::Split),
            other => CodeField::from_name(other).map(ChangeKind::Define),
        }
    }
}

/// One entry of the codebook's history: a rename, move, merge, split or definition change of a
/// code, with when, by whom and why. Entries name codes by GUID, so they outlive a code that
/// was merged away or deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeChange {
    /// Its row id.
    pub id: ChangeId,
    /// The GUID of the code that changed (for a merge, the code that absorbed the other).
    pub code: String,
    /// For a merge, the GUID of the code merged away; for a split, of the new code; else empty.
    pub other: String,
    /// What changed.
    pub kind: ChangeKind,
    /// The old value: name, path (move, merge, split: the code's path then) or card text.
    pub before: String,
    /// The new value: name, path (merge: the absorbed code's path; split: the new code's
    /// path) or card text.
    pub after: String,
    /// Codings that moved with a merge or split; 0 otherwise.
    pub codings: i64,
    /// Who made the change; `None` when the project did not know.
    pub coder: Option<CoderId>,
    /// When: RFC 3339 UTC, to the second (a burst of typing: its last keystroke).
    pub at: String,
    /// Why, as the researcher put it; may be empty.
    pub reason: String,
}

/// A person who codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coder {
    /// Its row id in this project file.
    pub id: CoderId,
    /// A random UUID; identifies the coder across copies of the project.
    pub guid: String,
    /// The name codings and memos are signed with; unique in the project.
    pub name: String,
}

/// How a document's paragraphs choose their base direction (right to left for Arabic-script
/// Uyghur and Kazakh, left to right for Cyrillic, Latin and Chinese).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Each paragraph from its first strong character (Unicode rules P2 and P3); left to right
    /// when it has none.
    #[default]
    Auto,
    /// Every paragraph left to right.
    #[serde(rename = "ltr")]
    LeftToRight,
    /// Every paragraph right to left.
    #[serde(rename = "rtl")]
    RightToLeft,
}

impl Direction {
    /// `auto`, `ltr` or `rtl`: as stored, and as the CLI takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Auto => "auto",
            Direction::LeftToRight => "ltr",
            Direction::RightToLeft => "rtl",
        }
    }

    /// The direction named `auto`, `ltr` or `rtl`.
    pub fn parse(s: &str) -> Option<Direction> {
        match s {
            "auto" => Some(Direction::Auto),
            "ltr" => Some(Direction::LeftToRight),
            "rtl" => Some(Direction::RightToLeft),
            _ => None,
        }
    }

    /// In words, for menus and undo labels.
    pub fn label(self) -> &'static str {
        match self {
            Direction::Auto => "automatic",
            Direction::LeftToRight => "left to right",
            Direction::RightToLeft => "right to left",
        }
    }
}

impl CodeChange {
    /// The change in words: "renamed “second-class citizens” to “privileged exclusion”",
    /// "merged “A” into “B” (14 codings)", "changed the when to use: “…”".
    pub fn summary(&self) -> String {
        // Quoted once: an anchor example often carries its own quotation marks.
        let short = |text: &str| -> String {
            let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let flat = if flat.chars().count() > 80 {
                format!("{}…", flat.chars().take(79).collect::<String>())
            } else {
                flat
            };
            let opens = flat.starts_with(['“', '"', '«', '„']);
            let closes = flat.ends_with(['”', '"', '»', '“']);
            if opens && closes && flat.chars().count() > 1 {
                flat
            } else {
                format!("“{flat}”")
            }
        };
        let codings = |n: i64| {
            if n == 1 {
                "1 coding".to_owned()
            } else {
                format!("{n} codings")
            }
        };
        match self.kind {
            ChangeKind::Rename => format!("renamed “{}” to “{}”", self.before, self.after),
            ChangeKind::Move => format!("moved “{}” to “{}”", self.before, self.after),
            ChangeKind::Merge => format!(
                "merged “{}” into “{}” ({})",
                self.before,
                self.after,
                codings(self.codings)
            ),
            ChangeKind::Split => format!(
                "split {} of “{}” off into a new code “{}”",
                codings(self.codings),
                self.before,
                self.after
            ),
            ChangeKind::Define(field) => {
                let field = field.label().to_lowercase();
                if self.after.trim().is_empty() {
                    format!("cleared the {field}")
                } else if self.before.trim().is_empty() {
                    format!("wrote the {field}: {}", short(&self.after))
                } else {
                    format!("changed the {field} to {}", short(&self.after))
                }
            }
        }
    }
}

/// What an attribute describes: documents, or cases.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum AttributeScope {
    /// An attribute of documents.
    #[default]
    Documents,
    /// An attribute of cases.
    Cases,
}

impl AttributeScope {
    /// `document` or `case`, as the CLI and exports name it.
    pub fn noun(self) -> &'static str {
        match self {
            AttributeScope::Documents => "document",
            AttributeScope::Cases => "case",
        }
    }
}

/// The type of an attribute's values. Values are stored as canonical text: numbers as written
/// by Rust's shortest round-trip form (`40`, `3.5`), dates as `YYYY-MM-DD`, yes/no as `yes` or
/// `no`, a choice as one of its list's entries exactly.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttributeKind {
    /// Any text.
    Text,
    /// A number.
    Number,
    /// A calendar date.
    Date,
    /// Yes or no.
    YesNo,
    /// One of a fixed list, in the order given.
    Choice(Vec<String>),
}

impl AttributeKind {
    /// `text`, `number`, `date`, `yes/no` or `choice`.
    pub fn name(&self) -> &'static str {
        match self {
            AttributeKind::Text => "text",
            AttributeKind::Number => "number",
            AttributeKind::Date => "date",
            AttributeKind::YesNo => "yes/no",
            AttributeKind::Choice(_) => "choice",
        }
    }
}

/// A variable of documents or of cases ("region", "age", "interviewed on").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribute {
    /// Row id.
    pub id: AttributeId,
    /// Stable across copies and exchange.
    pub guid: String,
    /// Whether it describes documents or cases.
    pub scope: AttributeScope,
    /// Unique within its scope.
    pub name: String,
    /// The type of its values.
    pub kind: AttributeKind,
}

/// What an attribute value belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueOwner {
    /// A document's value.
    Document(DocumentId),
    /// A case's value.
    Case(CaseId),
}

/// One stored value: its owner, its attribute, and its canonical text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AttributeValue {
    /// The document or case it describes.
    pub owner: ValueOwner,
    /// Which attribute.
    pub attribute: AttributeId,
    /// Canonical for the attribute's type.
    pub value: String,
}

/// Sets (or with `None` clears) one value; many together make one [`Edit::SetValues`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ValueChange {
    /// The document or case.
    pub owner: ValueOwner,
    /// Which attribute.
    pub attribute: AttributeId,
    /// Checked against the attribute's type and stored in canonical form.
    pub value: Option<String>,
}

/// A case: documents, or passages of documents, that belong together (an informant
/// interviewed three times; one speaker of a group interview), with attributes of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// Row id.
    pub id: CaseId,
    /// Stable across copies and exchange.
    pub guid: String,
    /// Unique in the project.
    pub name: String,
    /// RFC 3339 UTC.
    pub created_at: String,
}

/// One member of a case: a whole document (`range: None`) or a passage of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CaseMember {
    /// Row id.
    pub id: CaseMemberId,
    /// The case it belongs to.
    pub case: CaseId,
    /// The document it is, or lies in.
    pub document: DocumentId,
    /// `None`: the whole document.
    pub range: Option<TextRange>,
}

/// A member to add to a case, before it has an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NewCaseMember {
    /// The document it is, or lies in.
    pub document: DocumentId,
    /// `None`: the whole document.
    pub range: Option<TextRange>,
}

/// A case to create, before it has an id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCase {
    /// Unique in the project.
    pub name: String,
    /// Its documents and passages (may be empty).
    pub members: Vec<NewCaseMember>,
}

/// Rows removed together and restored together: the inverse of a delete or merge.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Removed documents, with their text and original bytes.
    pub documents: Vec<Document>,
    /// Parents before children.
    pub codes: Vec<Code>,
    /// Removed codings, including those that went with a removed document or code.
    pub codings: Vec<Coding>,
    /// Removed memos, including those attached to other removed rows.
    pub memos: Vec<Memo>,
    /// Removed unplaced codings (of a removed document or code).
    #[serde(default)]
    pub unplaced: Vec<UnplacedCoding>,
    /// Removed correction records (of a removed document).
    #[serde(default)]
    pub corrections: Vec<Correction>,
    /// Removed attributes.
    #[serde(default)]
    pub attributes: Vec<Attribute>,
    /// Removed cases.
    #[serde(default)]
    pub cases: Vec<Case>,
    /// Members of removed cases, of removed documents, or removed one by one.
    #[serde(default)]
    pub case_members: Vec<CaseMember>,
    /// Values of removed attributes, documents or cases.
    #[serde(default)]
    pub values: Vec<AttributeValue>,
}

/// A new document, before it has an id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDocument {
    /// The name for the document list; must be free in the project (the import numbers it).
    pub name: String,
    /// The plain text to store; line endings must already be `\n`.
    pub text: String,
    /// The imported file's name with its extension.
    pub original_name: String,
    /// The short name of the format: "txt", "md", "docx", "pdf", … (see `import::Format::name`).
    pub format: String,
    /// The character encoding detected or declared, e.g. "UTF-8", "windows-1251".
    pub encoding: String,
    /// The original file's bytes, kept for provenance and to spot duplicate imports.
    pub source: Vec<u8>,
    /// The character offset in `text` where each page starts (`pages[0] == 0`); empty for
    /// formats without pages.
    #[serde(default)]
    pub pages: Vec<usize>,
}

/// A coder from elsewhere, with its GUID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowCoder {
    /// The coder's GUID.
    pub guid: String,
    /// The coder's name; a coder of the same name already in the project is the same coder.
    pub name: String,
}

/// A document from elsewhere, with its GUID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowDocument {
    /// The document's GUID.
    pub guid: String,
    /// Its name in the document list (must be free in the project).
    pub name: String,
    /// Its text, line endings `\n`.
    pub text: String,
    /// The name of the file it came from.
    pub original_name: String,
    /// The short name of that file's format ("txt", "docx", …).
    pub format: String,
    /// The encoding the text was read in.
    pub encoding: String,
    /// When it was first imported (RFC 3339 UTC).
    pub imported_at: String,
    /// The original file's bytes (may be empty).
    pub source: Vec<u8>,
    /// Its page map (character offsets where pages start), empty for formats without pages.
    #[serde(default)]
    pub pages: Vec<usize>,
    /// Its reading direction (a REFI-QDA file has none: auto).
    #[serde(default)]
    pub direction: Direction,
}

/// A code from elsewhere, with its GUID and its parent's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowCode {
    /// The code's GUID.
    pub guid: String,
    /// The parent's GUID: a code earlier in the same set, or one already in the project.
    pub parent: Option<String>,
    /// The code's name (free among its siblings, without `/`).
    pub name: String,
    /// `#rrggbb`
    pub color: String,
    /// What the code means.
    pub description: String,
    /// Place among its siblings (clamped; later siblings move down).
    pub position: i64,
    /// When it was created (RFC 3339 UTC).
    pub created_at: String,
}

/// A coding from elsewhere: references to its document, code and coder by GUID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowCoding {
    /// The coding's GUID.
    pub guid: String,
    /// The document's GUID.
    pub document: String,
    /// The code's GUID.
    pub code: String,
    /// Where it lies: character offsets into the document's text, end exclusive.
    pub range: TextRange,
    /// The coder's GUID.
    pub coder: String,
    /// When it was made (RFC 3339 UTC).
    pub created_at: String,
    /// The coding's own memo.
    pub memo: String,
}

/// What a memo from elsewhere is attached to, by GUID.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RowTarget {
    /// A journal entry of the project.
    Project,
    /// A document, by GUID.
    Document(String),
    /// A code, by GUID.
    Code(String),
    /// A coding, by GUID.
    Coding(String),
}

/// A memo from elsewhere, with its GUID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowMemo {
    /// The memo's GUID.
    pub guid: String,
    /// What it is attached to.
    pub target: RowTarget,
    /// Its title.
    pub title: String,
    /// Its text.
    pub body: String,
    /// The coder's GUID.
    pub coder: String,
    /// When it was written (RFC 3339 UTC).
    pub created_at: String,
    /// When it was last changed (RFC 3339 UTC).
    pub modified_at: String,
}

/// Rows from elsewhere (an exchange file, another project, a team member's changes), each with
/// its GUID, referring to each other — and to rows already in the project — by GUID.
///
/// Applying it (`Edit::InsertRows`) inserts every row with a fresh local id, keeping GUIDs,
/// creators and times. A row whose GUID is already in the project is an error unless it is
/// identical there (then it is left as it is); deciding what matches is the caller's job.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowSet {
    /// Coders; matched by GUID, then by name.
    pub coders: Vec<RowCoder>,
    /// Documents, appended to the document list in this order.
    pub documents: Vec<RowDocument>,
    /// Codes, parents before children.
    pub codes: Vec<RowCode>,
    /// Codings.
    pub codings: Vec<RowCoding>,
    /// Memos.
    pub memos: Vec<RowMemo>,
}

impl RowSet {
    /// Whether the set holds no rows at all.
    pub fn is_empty(&self) -> bool {
        self.coders.is_empty()
            && self.documents.is_empty()
            && self.codes.is_empty()
            && self.codings.is_empty()
            && self.memos.is_empty()
    }
}

/// How a disagreement between two coders (A and B) at one place was resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// A's codings kept, B's removed.
    KeepA,
    /// B's codings kept, A's removed.
    KeepB,
    /// Both kept as they are.
    KeepBoth,
    /// Both removed and a consensus coding written by whoever resolved it.
    Consensus,
}

impl Resolution {
    /// `keep_a`, `keep_b`, `keep_both` or `consensus`, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Resolution::KeepA => "keep_a",
            Resolution::KeepB => "keep_b",
            Resolution::KeepBoth => "keep_both",
            Resolution::Consensus => "consensus",
        }
    }

    /// In words, for the undo menu and the navigator's record.
    pub fn label(self) -> &'static str {
        match self {
            Resolution::KeepA => "kept the first coder's version",
            Resolution::KeepB => "kept the second coder's version",
            Resolution::KeepBoth => "kept both versions",
            Resolution::Consensus => "wrote a consensus coding",
        }
    }

    /// The outcome named as stored.
    pub fn parse(s: &str) -> Option<Resolution> {
        [
            Resolution::KeepA,
            Resolution::KeepB,
            Resolution::KeepBoth,
            Resolution::Consensus,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// One shared row as sync carries it (`store::sync`): its kind (`code`, `coding`, …), its key
/// (a GUID, or a JSON array of the GUIDs and values that name it), and its content as the
/// JSON array of its values with references written as GUIDs (`None`: the row is deleted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowState {
    /// The kind of row: a name in `store::sync::KINDS`.
    pub kind: String,
    /// What names the row among its kind.
    pub key: String,
    /// The row's values, or `None` for a row that is not (or no longer) there.
    pub content: Option<String>,
    /// The id the row had in this project file, so undo puts a deleted row back exactly
    /// (`None`: any free id; never sent to a hub).
    #[serde(default)]
    pub local_id: Option<i64>,
}

/// What the hub holds of one row: the change set that last wrote it and its content's hash
/// (empty: deleted on the hub).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubBase {
    /// The row's kind.
    pub kind: String,
    /// The row's key.
    pub key: String,
    /// The hub's sequence number of the change set that wrote it.
    pub seq: i64,
    /// The hash of its content there; empty when it is deleted there.
    pub hash: String,
}

/// A row changed here and on the hub since they last agreed, with the hub's version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubConflict {
    /// The hub's version of the row (content `None`: deleted there).
    pub theirs: RowState,
    /// The conflict it belongs to (its first row's `kind:key`): resolved together.
    pub conflict: String,
    /// The hub's sequence number of the change set that wrote `theirs`.
    pub seq: i64,
    /// Why it is a conflict, in words.
    pub reason: String,
    /// When it was found (RFC 3339).
    pub found_at: String,
}

/// Bookkeeping of a sync written in the same transaction as the rows it brings (never undone:
/// it records what the hub has, not a change to the project).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubRecord {
    /// Rows whose hub version is now known.
    pub bases: Vec<HubBase>,
    /// Conflicts found (replacing any earlier one for the same row).
    pub conflicts: Vec<HubConflict>,
    /// Rows whose conflict is over (this copy now holds what the hub holds).
    pub settled: Vec<(String, String)>,
    /// The last change set taken in, when it moves.
    pub last_seq: Option<i64>,
}

/// How a sync conflict is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Keep {
    /// This copy's version goes up with the next sync, over the hub's.
    Mine,
    /// The hub's version replaces this copy's.
    Theirs,
}

/// Every change to a project. `Store::apply` performs one in a transaction and returns its inverse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Edit {
    /// Register a coder name (not recorded in undo history).
    AddCoder {
        /// The coder's name; surrounding spaces are trimmed. A name already there changes nothing.
        name: String,
    },
    /// Unregister a coder who has no codings or memos (the inverse of `AddCoder`).
    RemoveCoder {
        /// The coder to remove.
        id: CoderId,
    },
    /// Adds a document at the end of the document list, stamped with the current time.
    ImportDocument(NewDocument),
    /// Gives a document another name, which must be free in the project.
    RenameDocument {
        /// The document to rename.
        id: DocumentId,
        /// Its new name; surrounding spaces are trimmed; must not be empty.
        name: String,
    },
    /// Sets how a document's paragraphs choose their direction (display only: offsets and text
    /// stay as they are).
    SetDocumentDirection {
        /// The document.
        id: DocumentId,
        /// Its new direction setting.
        direction: Direction,
    },
    /// Deletes the document with its codings and memos.
    DeleteDocument {
        /// The document to delete.
        id: DocumentId,
    },
    /// Adds a code to the codebook, stamped with the current time.
    CreateCode {
        /// The code to put it under; `None` for the top of the codebook.
        parent: Option<CodeId>,
        /// Its name; trimmed, not empty, without `/`, free among its siblings.
        name: String,
        /// `None` picks the next palette colour.
        color: Option<String>,
        /// What the code means and when to apply it; may be empty.
        description: String,
        /// Among siblings; `None` appends.
        position: Option<i64>,
    },
    /// Gives a code another name, which must be free among its siblings.
    RenameCode {
        /// The code to rename.
        id: CodeId,
        /// Its new name; trimmed, not empty, without `/`.
        name: String,
    },
    /// Changes a code's highlight colour.
    RecolorCode {
        /// The code to recolour.
        id: CodeId,
        /// The new colour, `#rrggbb` (stored in lower case).
        color: String,
    },
    /// Replaces a code's description.
    DescribeCode {
        /// The code to describe.
        id: CodeId,
        /// The new description; may be empty.
        description: String,
    },
    /// Replaces one field of a code's definition card (`Description` is the same as
    /// [`Edit::DescribeCode`]). Recorded in the codebook's history; a burst of typing by one
    /// coder is one entry.
    DefineCode {
        /// The code to define.
        id: CodeId,
        /// Which field of its card.
        field: CodeField,
        /// The field's new text; may be empty.
        text: String,
    },
    /// Reparent and/or reorder: `position` among the new siblings.
    MoveCode {
        /// The code to move, with its subcodes.
        id: CodeId,
        /// Its new parent; `None` for the top of the codebook. Not the code or one of its subcodes.
        parent: Option<CodeId>,
        /// Its place among the new siblings, from 0; larger values put it last.
        position: i64,
    },
    /// Moves `from`'s codings and subcodes to `into`, then deletes `from`.
    MergeCode {
        /// The code that disappears.
        from: CodeId,
        /// The code that receives its codings, subcodes and memos.
        into: CodeId,
    },
    /// Splits a code: a new sibling code, placed right after it, takes the chosen codings.
    SplitCode {
        /// The code to split.
        from: CodeId,
        /// The new code's name; trimmed, not empty, without `/`, free among the siblings.
        name: String,
        /// Codings of `from` that move to the new code; at least one.
        codings: Vec<CodingId>,
    },
    /// Deletes the code with its subcodes, their codings and memos.
    DeleteCode {
        /// The code to delete.
        id: CodeId,
    },
    /// Codes a passage: applies a code to a range of a document, stamped with the current time.
    ApplyCoding {
        /// The document the passage is in.
        document: DocumentId,
        /// The code to apply.
        code: CodeId,
        /// The passage: character offsets into the document's text, end exclusive, not empty.
        range: TextRange,
        /// The coder's name; a name not yet in the project is registered.
        coder: String,
        /// A note on the new coding; may be empty.
        memo: String,
    },
    /// Removes one coding (the passage's text stays in the document).
    RemoveCoding {
        /// The coding to remove.
        id: CodingId,
    },
    /// Moves a coding's start and end within its document.
    ResizeCoding {
        /// The coding to resize.
        id: CodingId,
        /// Its new passage: character offsets, end exclusive, not empty.
        range: TextRange,
    },
    /// Gives a coding another code, keeping its passage, coder and memo.
    RecodeCoding {
        /// The coding to change.
        id: CodingId,
        /// Its new code.
        code: CodeId,
    },
    /// Replaces the short note on a coding.
    SetCodingMemo {
        /// The coding whose note changes.
        id: CodingId,
        /// The new note; empty removes it. Stamped with the current time and the coder
        /// making the change.
        memo: String,
    },
    /// Writes a new memo, stamped with the current time.
    WriteMemo {
        /// What it is attached to, or the project journal.
        target: MemoTarget,
        /// A one-line heading; may be empty.
        title: String,
        /// The memo's text.
        body: String,
        /// The writer's name; a name not yet in the project is registered.
        coder: String,
    },
    /// Replaces a memo's title and body.
    EditMemo {
        /// The memo to change.
        id: MemoId,
        /// The new heading; may be empty.
        title: String,
        /// The new text.
        body: String,
        /// `None` stamps the current time; signed by the coder making the change.
        modified_at: Option<String>,
    },
    /// Puts back the text of a memo, or of a coding's own memo, with when and by whom it was
    /// last changed: the inverse of [`Edit::EditMemo`] and [`Edit::SetCodingMemo`].
    RestoreMemoText {
        /// Whose text.
        of: MemoRef,
        /// The title (a coding's memo has none).
        title: String,
        /// The text.
        body: String,
        /// When it was last changed (empty: a coding memo never changed since the coding).
        modified_at: String,
        /// Who changed it last (`None`: the writer, or nobody).
        modified_by: Option<CoderId>,
    },
    /// Attaches a memo to something else (merging codes keeps their memos this way).
    RetargetMemo {
        /// The memo to move.
        id: MemoId,
        /// What it is attached to from now on.
        target: MemoTarget,
    },
    /// Deletes one memo.
    DeleteMemo {
        /// The memo to delete.
        id: MemoId,
    },
    /// Never suggest this passage for this code again ("passages like these").
    RejectSuggestion {
        /// The code the passage was suggested for.
        code: CodeId,
        /// The passage's document.
        document: DocumentId,
        /// The passage (char offsets, end exclusive).
        range: TextRange,
        /// Who rejected it (registered if new).
        coder: String,
        /// `None` stamps the current time; undo passes the old stamp back.
        rejected_at: Option<String>,
    },
    /// Forgets a rejection, so the passage may be suggested again (the inverse of
    /// `RejectSuggestion`).
    UnrejectSuggestion {
        /// The code the passage was rejected for.
        code: CodeId,
        /// The passage's document.
        document: DocumentId,
        /// The passage (char offsets, end exclusive).
        range: TextRange,
    },
    /// Records how a disagreement between two coders was resolved (the disagreement
    /// navigator, `analysis::disagreements`); in a batch with the coding changes it made.
    ResolveDisagreement {
        /// The place's document.
        document: DocumentId,
        /// The place's key as it stands after the resolution (`disagreements::place_key`).
        place: String,
        /// What was kept.
        outcome: Resolution,
        /// Who resolved it.
        coder: String,
        /// When (RFC 3339); `None`: now.
        resolved_at: Option<String>,
    },
    /// Takes a resolution's record away (the inverse of `ResolveDisagreement`).
    UnresolveDisagreement {
        /// The place's document.
        document: DocumentId,
        /// The place's key.
        place: String,
    },
    /// Puts removed rows back with their ids and GUIDs (the inverse of deletes).
    Restore(Box<Snapshot>),
    /// Inserts rows from elsewhere with their GUIDs (see [`RowSet`]); the inverse is `Remove` of
    /// exactly the rows inserted (coders it registered stay, as with `AddCoder`).
    InsertRows(Box<RowSet>),
    /// Removes exactly these rows (the inverse of `Restore` and `InsertRows`), with what depends
    /// on them.
    Remove {
        /// Documents to remove; their codings and memos go with them.
        documents: Vec<DocumentId>,
        /// Codes to remove; their subcodes, codings and memos go with them.
        codes: Vec<CodeId>,
        /// Codings to remove; their memos go with them.
        codings: Vec<CodingId>,
        /// Memos to remove.
        memos: Vec<MemoId>,
        /// Attributes to remove, with their values.
        #[serde(default)]
        attributes: Vec<AttributeId>,
        /// Cases to remove, with their members and values.
        #[serde(default)]
        cases: Vec<CaseId>,
        /// Case members to remove.
        #[serde(default)]
        case_members: Vec<CaseMemberId>,
    },
    /// Adds an attribute (a variable) of documents or of cases.
    DefineAttribute {
        /// Whether it describes documents or cases.
        scope: AttributeScope,
        /// Its name, unique within its scope.
        name: String,
        /// The type its values must have.
        kind: AttributeKind,
    },
    /// Renames an attribute or changes its type; refused if a stored value would not fit.
    ChangeAttribute {
        /// The attribute.
        id: AttributeId,
        /// Its new name.
        name: String,
        /// Its new type.
        kind: AttributeKind,
    },
    /// Deletes an attribute with all its values.
    DeleteAttribute {
        /// The attribute to delete.
        id: AttributeId,
    },
    /// Sets or clears values, all or none: one cell typed in the table, or a whole imported
    /// table. Each value is checked against its attribute's type.
    SetValues(Vec<ValueChange>),
    /// Creates cases with their members (one case, or one per speaker).
    CreateCases(Vec<NewCase>),
    /// Renames a case.
    RenameCase {
        /// The case.
        id: CaseId,
        /// Its new name, unique in the project.
        name: String,
    },
    /// Deletes cases with their members and values (the documents stay).
    DeleteCases {
        /// The cases to delete.
        ids: Vec<CaseId>,
    },
    /// Adds documents or passages to a case.
    AddCaseMembers {
        /// The case.
        case: CaseId,
        /// Whole documents or passages to add.
        members: Vec<NewCaseMember>,
    },
    /// Takes members out of their cases.
    RemoveCaseMembers {
        /// The members to take out.
        ids: Vec<CaseMemberId>,
    },
    /// Sets shared rows to the given states (insert, update or delete, by kind and key), as a
    /// sync brings them; the inverse sets them back. `hub` is the sync's bookkeeping, written
    /// in the same transaction and left out of the inverse.
    PutRows {
        /// The rows' new states.
        rows: Vec<RowState>,
        /// What the hub holds, when a sync applies this.
        hub: Option<Box<HubRecord>>,
    },
    /// Resolves a sync conflict: keep this copy's rows (they go up over the hub's) or take the
    /// hub's. The inverse (`ReopenSyncConflict`) brings the conflict and the rows back.
    ResolveSyncConflict {
        /// The conflict (its first row's `kind:key`).
        conflict: String,
        /// Whose version stays.
        keep: Keep,
    },
    /// Puts a resolved sync conflict back: its rows' states, what the hub held of them before,
    /// and the conflict's entries (the inverse of `ResolveSyncConflict`).
    ReopenSyncConflict {
        /// The rows' states before the resolution.
        rows: Vec<RowState>,
        /// What was known of the hub's versions before (`seq` 0 and no hash: nothing known).
        bases: Vec<HubBase>,
        /// The conflict's entries.
        conflicts: Vec<HubConflict>,
    },
    /// Several edits as one step; applied in order, undone in reverse.
    Batch(Vec<Edit>),
    /// An edit with the researcher's reason for it, kept in the codebook's history entries the
    /// edit records (renames, moves, merges, splits, definitions).
    Explained {
        /// Why, in the researcher's words.
        reason: String,
        /// The edit.
        edit: Box<Edit>,
    },
    /// Applies `edit` without recording it in the codebook's history, takes the history
    /// entries `forget` away and puts `restore` back as they were: how undo and redo of a
    /// recorded change remove its history entries and bring them back exactly.
    Unrecorded {
        /// The edit to apply.
        edit: Box<Edit>,
        /// History entries to remove.
        forget: Vec<ChangeId>,
        /// History entries to put back (replacing an entry with the same id).
        restore: Vec<CodeChange>,
    },
    /// Changes a document's text (typing, a pseudonym, a corrected version); every coding
    /// follows its words (see [`TextChange`] for how), and one whose words are all deleted
    /// becomes an [`UnplacedCoding`].
    ChangeText(Box<TextEdit>),
    /// Puts an unplaced coding back on a passage of its document, with the id it had if that is
    /// still free, and its GUID, memo and attached memos.
    PlaceUnplaced {
        /// The unplaced coding.
        id: UnplacedId,
        /// Its new passage: character offsets, end exclusive, not empty.
        range: TextRange,
    },
    /// Takes a coding off its text and keeps it as exactly this record (the inverse of
    /// `PlaceUnplaced`).
    Unplace {
        /// The coding to take off the text; its attached memos go with it.
        coding: CodingId,
        /// What it becomes, with its unplaced id and time.
        record: Box<UnplacedCoding>,
    },
    /// Writes an unplaced coding's record: adds it, or replaces the one with its id (the
    /// inverse of `DeleteUnplaced`; pseudonymisation rewrites quotes and memos this way).
    PutUnplaced(Box<UnplacedCoding>),
    /// Deletes an unplaced coding for good, with its memos.
    DeleteUnplaced {
        /// The unplaced coding to delete.
        id: UnplacedId,
    },
    /// Adds a name and its pseudonym to the project's list, stamped with the current time.
    AddPseudonym {
        /// The real name, as it is written in the documents' nominative form.
        name: String,
        /// What it is replaced with.
        pseudonym: String,
        /// The coder's name; a name not yet in the project is registered.
        coder: String,
        /// `None` stamps the current time; undo passes the old stamp back.
        created_at: Option<String>,
    },
    /// Removes a name from the list of pseudonyms (the inverse of `AddPseudonym`).
    RemovePseudonym {
        /// The real name.
        name: String,
    },
}

impl Edit {
    /// A short verb phrase for menus ("apply code", "delete code").
    pub fn verb(&self) -> &'static str {
        match self {
            Edit::AddCoder { .. } => "add coder",
            Edit::RemoveCoder { .. } => "remove coder",
            Edit::ImportDocument(_) => "import document",
            Edit::RenameDocument { .. } => "rename document",
            Edit::SetDocumentDirection { .. } => "set document direction",
            Edit::DeleteDocument { .. } => "delete document",
            Edit::CreateCode { .. } => "create code",
            Edit::RenameCode { .. } => "rename code",
            Edit::RecolorCode { .. } => "recolour code",
            Edit::DescribeCode { .. } => "describe code",
            Edit::DefineCode { .. } => "define code",
            Edit::SplitCode { .. } => "split code",
            Edit::MoveCode { .. } => "move code",
            Edit::MergeCode { .. } => "merge code",
            Edit::DeleteCode { .. } => "delete code",
            Edit::ApplyCoding { .. } => "apply",
            Edit::RemoveCoding { .. } => "remove coding",
            Edit::ResizeCoding { .. } => "resize coding",
            Edit::RecodeCoding { .. } => "recode",
            Edit::SetCodingMemo { .. }
            | Edit::RestoreMemoText {
                of: MemoRef::CodingMemo(_),
                ..
            } => "edit coding memo",
            Edit::WriteMemo { .. } => "write memo",
            Edit::EditMemo { .. }
            | Edit::RestoreMemoText {
                of: MemoRef::Memo(_),
                ..
            } => "edit memo",
            Edit::RetargetMemo { .. } => "move memo",
            Edit::DeleteMemo { .. } => "delete memo",
            Edit::RejectSuggestion { .. } => "reject suggestion",
            Edit::UnrejectSuggestion { .. } => "restore suggestion",
            Edit::ResolveDisagreement { .. } => "resolve disagreement",
            Edit::UnresolveDisagreement { .. } => "reopen disagreement",
            Edit::Restore(_) => "restore",
            Edit::InsertRows(_) => "insert rows",
            Edit::PutRows { .. } => "take in changes from the hub",
            Edit::ResolveSyncConflict { .. } => "resolve sync conflict",
            Edit::ReopenSyncConflict { .. } => "reopen sync conflict",
            Edit::Remove { .. } => "remove",
            Edit::DefineAttribute { .. } => "define attribute",
            Edit::ChangeAttribute { .. } => "change attribute",
            Edit::DeleteAttribute { .. } => "delete attribute",
            Edit::SetValues(_) => "set values",
            Edit::CreateCases(_) => "create cases",
            Edit::RenameCase { .. } => "rename case",
            Edit::DeleteCases { .. } => "delete cases",
            Edit::AddCaseMembers { .. } => "add to case",
            Edit::RemoveCaseMembers { .. } => "remove from case",
            Edit::Batch(_) => "edit",
            Edit::Explained { edit, .. } | Edit::Unrecorded { edit, .. } => edit.verb(),
            Edit::ChangeText(edit) => match edit.kind() {
                Some(CorrectionKind::Pseudonymise) => "pseudonymise",
                Some(CorrectionKind::Reimport) => "replace with a corrected version",
                _ => "edit text",
            },
            Edit::PlaceUnplaced { .. } => "place unplaced coding",
            Edit::Unplace { .. } => "unplace coding",
            Edit::PutUnplaced(_) => "keep unplaced coding",
            Edit::DeleteUnplaced { .. } => "delete unplaced coding",
            Edit::AddPseudonym { .. } => "add pseudonym",
            Edit::RemovePseudonym { .. } => "remove pseudonym",
        }
    }
}

/// Which documents' codings an edit changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Scope {
    /// None.
    #[default]
    Nothing,
    /// Those of these documents.
    Documents(std::collections::BTreeSet<DocumentId>),
    /// Possibly any document's.
    All,
}

impl Scope {
    /// Adds one document.
    pub fn add(&mut self, document: DocumentId) {
        match self {
            Scope::Nothing => *self = Scope::Documents([document].into()),
            Scope::Documents(set) => {
                set.insert(document);
            }
            Scope::All => {}
        }
    }

    /// Adds everything `other` holds.
    pub fn merge(&mut self, other: &Scope) {
        match other {
            Scope::Nothing => {}
            Scope::All => *self = Scope::All,
            Scope::Documents(set) => {
                for d in set {
                    self.add(*d);
                }
            }
        }
    }

    /// Whether `document` is in scope.
    pub fn includes(&self, document: DocumentId) -> bool {
        match self {
            Scope::Nothing => false,
            Scope::Documents(set) => set.contains(&document),
            Scope::All => true,
        }
    }

    /// Whether nothing is in scope.
    pub fn is_nothing(&self) -> bool {
        matches!(self, Scope::Nothing)
    }
}

/// What an applied edit changed, so that views rebuild only what depends on it: typing a memo
/// must not re-run a retrieval or lay a document out again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touched {
    /// The document list: names, order, documents added or removed.
    pub documents: bool,
    /// The codebook: names, colours, the tree (definitions: `definitions`).
    pub codes: bool,
    /// Codings: where they lie, their codes, which exist.
    pub codings: Scope,
    /// Codings whose memo alone changed (nothing to lay out again).
    pub coding_memos: std::collections::BTreeSet<CodingId>,
    /// Memos of any kind.
    pub memos: bool,
    /// Memos whose title or text alone changed (a list takes them in without reading every
    /// memo again).
    pub memo_texts: std::collections::BTreeSet<MemoId>,
    /// Codes whose definition card alone changed: description, when to use, when not to, the
    /// example (nothing to count, colour or lay out again).
    pub definitions: std::collections::BTreeSet<CodeId>,
    /// The coders.
    pub coders: bool,
    /// Documents whose text changed (lay them out again); their correction logs changed too.
    pub texts: Scope,
    /// The list of pseudonyms.
    pub pseudonyms: bool,
    /// Attributes, their values, cases and their members.
    pub attributes: bool,
}

impl Touched {
    /// Everything: for edits whose reach is not worked out.
    pub fn everything() -> Touched {
        Touched {
            documents: true,
            codes: true,
            codings: Scope::All,
            coding_memos: std::collections::BTreeSet::new(),
            memos: true,
            memo_texts: std::collections::BTreeSet::new(),
            definitions: std::collections::BTreeSet::new(),
            coders: true,
            texts: Scope::All,
            pseudonyms: true,
            attributes: true,
        }
    }

    /// Adds what `other` touched.
    pub fn merge(&mut self, other: &Touched) {
        self.documents |= other.documents;
        self.codes |= other.codes;
        self.codings.merge(&other.codings);
        self.coding_memos.extend(other.coding_memos.iter().copied());
        self.memos |= other.memos;
        self.memo_texts.extend(other.memo_texts.iter().copied());
        self.definitions.extend(other.definitions.iter().copied());
        self.coders |= other.coders;
        self.texts.merge(&other.texts);
        self.pseudonyms |= other.pseudonyms;
        self.attributes |= other.attributes;
    }

    /// Whether nothing was touched.
    pub fn is_empty(&self) -> bool {
        *self == Touched::default()
    }

    /// Whether only the texts of memos changed (memo and coding memo texts, definition
    /// cards), so that a memo list can take them in one by one.
    pub fn only_memo_texts(&self) -> bool {
        let mut rest = self.clone();
        rest.coding_memos.clear();
        rest.memo_texts.clear();
        rest.definitions.clear();
        rest.is_empty()
    }
}

/// The code palette: distinct hues that read on light and dark backgrounds alike (mid lightness,
/// moderate saturation). New codes take them in turn.
pub const PALETTE: [&str; 16] = [
    "#e0604f", "#3f8fd2", "#5aa64b", "#d08a2c", "#9b6fd0", "#2fa59b", "#d0578f", "#8a9a33",
    "#c46f3c", "#5b7fe0", "#3aa372", "#b3862f", "#b85cc4", "#4f9fb8", "#cf4f64", "#7f8f5f",
];

/// Parses `#rrggbb` into its components.
pub fn parse_color(s: &str) -> Option<[u8; 3]> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// One replacement in a document's text: the characters of `range` give way to `text`. An
/// empty range inserts, an empty text deletes.
///
/// Codings follow their words as a text editor's marks do:
/// - a coding that shares no character with `range` keeps its words: it shifts if it lies
///   after the change, and stays put if it ends where the change starts. An insertion exactly
///   at a coding's start or end stays **outside** it; an insertion strictly inside grows it;
/// - a coding that shares characters with `range` keeps the rest and covers the whole new
///   text in place of what it lost (deleting part of it shrinks it; replacing its words, e.g.
///   a name by a pseudonym, keeps it on the new words);
/// - a coding whose every character is deleted (and nothing put in their place) loses its
///   words and becomes an [`UnplacedCoding`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextChange {
    /// The characters replaced, in the text before the change; empty for an insertion.
    pub range: TextRange,
    /// The new text, line endings `\n`; empty for a deletion.
    pub text: String,
}

impl TextChange {
    /// Replaces the characters of `range` with `text`.
    pub fn new(range: TextRange, text: impl Into<String>) -> TextChange {
        TextChange {
            range,
            text: text.into(),
        }
    }

    /// Inserts `text` before character `at`.
    pub fn insert(at: usize, text: impl Into<String>) -> TextChange {
        TextChange::new(TextRange::new(at, at), text)
    }

    /// Deletes the characters of `range`.
    pub fn delete(range: TextRange) -> TextChange {
        TextChange::new(range, String::new())
    }
}

/// A change of one document's text, with what happens to its codings and how it is recorded.
///
/// `changes` apply together: they are in order, do not overlap, and every offset points into
/// the text *before* the edit (two insertions at one place are one insertion). Codings move
/// with their words (see [`TextChange`]) unless listed in `placements`, `unplace`,
/// `replace` or `not_placed`; undo and redo list every coding whose place a change decided, so both restore
/// every range exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextEdit {
    /// The document whose text changes.
    pub document: DocumentId,
    /// The replacements, in order, not overlapping, offsets into the text before the edit.
    pub changes: Vec<TextChange>,
    /// Codings put exactly here after the change instead of following their words: what undo
    /// and redo carry, and where a re-import found a coding by its quote.
    pub placements: Vec<(CodingId, TextRange)>,
    /// Codings taken off the text as exactly these records, whatever their words do (redo of
    /// a change that left them without words, or a re-import that could not place them).
    pub unplace: Vec<UnplacedCoding>,
    /// Unplaced codings put back on the text at these ranges, with the coding id they had
    /// (undo of a change that left them without words).
    pub replace: Vec<(UnplacedId, TextRange)>,
    /// Codings taken off the text as new unplaced codings, whatever their words do: those a
    /// re-import could not place.
    pub not_placed: Vec<CodingId>,
    /// Passage members of cases put exactly here after the change instead of following their
    /// words (what undo and redo carry; members move like codings otherwise).
    #[serde(default)]
    pub member_placements: Vec<(CaseMemberId, TextRange)>,
    /// Case members put back as they were: undo of a change that deleted every character of
    /// them (such a member leaves its case, as it has no words left).
    #[serde(default)]
    pub member_restore: Vec<CaseMember>,
    /// Case members taken out of their cases, whatever their words do (redo of such a change).
    #[serde(default)]
    pub member_remove: Vec<CaseMemberId>,
    /// A corrected version's file, which becomes the document's original (re-import); the
    /// file it replaces is kept in the correction log.
    pub source: Option<SourceFile>,
    /// The page map put exactly, instead of page starts moving with their words (what undo
    /// and redo carry, for a document with pages).
    #[serde(default)]
    pub pages: Option<Vec<usize>>,
    /// The document's rejected suggestions put exactly, instead of moving with their words
    /// (what undo and redo carry, for a document with rejections).
    #[serde(default)]
    pub rejections: Option<Vec<RejectedPassage>>,
    /// How the change enters the document's correction log.
    pub note: CorrectionNote,
}

impl TextEdit {
    /// A change made by `coder`, recorded in the correction log as `kind`; codings follow
    /// their words.
    pub fn new(
        document: DocumentId,
        changes: Vec<TextChange>,
        kind: CorrectionKind,
        coder: impl Into<String>,
    ) -> TextEdit {
        TextEdit {
            document,
            changes,
            placements: Vec::new(),
            unplace: Vec::new(),
            replace: Vec::new(),
            not_placed: Vec::new(),
            member_placements: Vec::new(),
            member_restore: Vec::new(),
            member_remove: Vec::new(),
            source: None,
            pages: None,
            rejections: None,
            note: CorrectionNote::Record {
                kind,
                coder: coder.into(),
            },
        }
    }

    /// The kind of correction this records, if it records one.
    pub fn kind(&self) -> Option<CorrectionKind> {
        match &self.note {
            CorrectionNote::Record { kind, .. } => Some(*kind),
            CorrectionNote::Restore(c) => Some(c.kind),
            CorrectionNote::Forget(_) | CorrectionNote::Silent => None,
        }
    }
}

/// A passage of a document rejected as a suggestion for a code, as a text change carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedPassage {
    /// The code's GUID.
    pub code: String,
    /// The passage (char offsets, end exclusive).
    pub range: TextRange,
    /// Who rejected it.
    pub coder: CoderId,
    /// When, RFC 3339 UTC.
    pub at: String,
}

/// A file's bytes with what Tamga knows of them: a document's original.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceFile {
    /// The file's name with its extension, as it was on disk.
    pub original_name: String,
    /// The short name of its format: "txt", "docx", …
    pub format: String,
    /// How its bytes were decoded, e.g. "UTF-8".
    pub encoding: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// Why a document's text was changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CorrectionKind {
    /// Edited in place (typing, deleting, pasting, `tamga correct`).
    Edit,
    /// A name replaced by its pseudonym.
    Pseudonymise,
    /// Replaced by a corrected version of its file.
    Reimport,
}

impl CorrectionKind {
    /// The word stored in the project and printed by the CLI.
    pub fn name(self) -> &'static str {
        match self {
            CorrectionKind::Edit => "edit",
            CorrectionKind::Pseudonymise => "pseudonymise",
            CorrectionKind::Reimport => "reimport",
        }
    }

    /// The kind named `name` (see [`CorrectionKind::name`]).
    pub fn from_name(name: &str) -> Option<CorrectionKind> {
        [
            CorrectionKind::Edit,
            CorrectionKind::Pseudonymise,
            CorrectionKind::Reimport,
        ]
        .into_iter()
        .find(|k| k.name() == name)
    }
}

/// How a text change enters the document's correction log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CorrectionNote {
    /// Adds a new entry of this kind, signed by this coder (a name not yet in the project is
    /// registered): what a person's change does.
    Record {
        /// Why the text changed.
        kind: CorrectionKind,
        /// Who changed it.
        coder: String,
    },
    /// Removes this entry: the undo of a recorded change.
    Forget(CorrectionId),
    /// Puts this entry back as it was: the redo.
    Restore(Box<Correction>),
    /// Records nothing (a change that only places codings).
    Silent,
}

/// One changed passage as the correction log shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRecord {
    /// Where the change starts, in characters, in the text before it.
    pub at: usize,
    /// The text that was there (cut short with `…` past 200 characters).
    pub old: String,
    /// The text put there (cut short likewise).
    pub new: String,
}

/// An entry of a document's correction log: who changed its text, when, and what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    /// Its row id.
    pub id: CorrectionId,
    /// A random UUID.
    pub guid: String,
    /// The document whose text changed.
    pub document: DocumentId,
    /// Why.
    pub kind: CorrectionKind,
    /// Who.
    pub coder: CoderId,
    /// When: RFC 3339 UTC, to the second.
    pub made_at: String,
    /// One line for a reviewer, e.g. "replaced “teh” with “the” at character 1,204".
    pub summary: String,
    /// The first changes with their old and new text (at most 100).
    pub changes: Vec<ChangeRecord>,
    /// How many changes there were in all.
    pub change_count: usize,
    /// Characters taken out.
    pub removed: usize,
    /// Characters put in.
    pub inserted: usize,
    /// Codings that lost their words and became unplaced.
    pub unplaced: usize,
    /// The file the document had before a re-import replaced it.
    pub previous_source: Option<SourceFile>,
}

/// A coding whose words are gone from its document (deleted, or not found in a corrected
/// version): kept with its code, quote, memo, coder, time, GUID and attached memos until it is
/// placed again or deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnplacedCoding {
    /// Its row id in the list of unplaced codings.
    pub id: UnplacedId,
    /// The coding as it was when it lost its words: `range` is where it lay, `text` its
    /// quote, `id` the id it gets back when placed (if still free).
    pub coding: Coding,
    /// Memos attached to the coding, as they were.
    pub memos: Vec<Memo>,
    /// When it lost its words: RFC 3339 UTC, to the second.
    pub unplaced_at: String,
    /// Why, in plain words: "its words were deleted", "not found in the corrected version".
    pub reason: String,
}

/// A name and the pseudonym that replaces it in every document and memo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pseudonym {
    /// The real name, in its nominative form.
    pub name: String,
    /// What replaces it.
    pub pseudonym: String,
    /// Who added it to the list.
    pub coder: CoderId,
    /// When: RFC 3339 UTC, to the second.
    pub created_at: String,
}

impl AttributeKind {
    /// `input` as this type stores it, or why it does not fit (a sentence for the researcher).
    /// Blank input is refused: a missing value is no value, not an empty one.
    pub fn canonical(&self, input: &str) -> Result<String, String> {
        let input = input.trim();
        if input.is_empty() {
            return Err("a value cannot be blank (leave it out to have no value)".to_owned());
        }
        match self {
            AttributeKind::Text => Ok(input.to_owned()),
            AttributeKind::Number => parse_number(input)
                .map(format_number)
                .ok_or_else(|| format!("“{input}” is not a number")),
            AttributeKind::Date => parse_date(input).ok_or_else(|| {
                format!("“{input}” is not a date; write it as YYYY-MM-DD, e.g. 1993-05-14")
            }),
            AttributeKind::YesNo => parse_yes_no(input)
                .map(|yes| if yes { "yes" } else { "no" }.to_owned())
                .ok_or_else(|| format!("“{input}” is neither yes nor no")),
            AttributeKind::Choice(choices) => choices
                .iter()
                .find(|c| c.as_str() == input)
                .or_else(|| {
                    let folded = input.to_lowercase();
                    choices.iter().find(|c| c.to_lowercase() == folded)
                })
                .cloned()
                .ok_or_else(|| {
                    format!(
                        "“{input}” is not one of the choices ({})",
                        choices.join(", ")
                    )
                }),
        }
    }

    /// Whether values of this type have an order (`<`, `>` compare them).
    pub fn is_ordered(&self) -> bool {
        matches!(self, AttributeKind::Number | AttributeKind::Date)
    }

    /// Orders two canonical values of this type: numbers by value, everything else as text
    /// (dates in `YYYY-MM-DD` sort as text), choices in the list's order.
    pub fn compare(&self, a: &str, b: &str) -> std::cmp::Ordering {
        match self {
            AttributeKind::Number => match (parse_number(a), parse_number(b)) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                _ => a.cmp(b),
            },
            AttributeKind::Choice(choices) => {
                let rank = |v: &str| choices.iter().position(|c| c == v).unwrap_or(usize::MAX);
                rank(a).cmp(&rank(b)).then_with(|| a.cmp(b))
            }
            AttributeKind::Text => a
                .to_lowercase()
                .cmp(&b.to_lowercase())
                .then_with(|| a.cmp(b)),
            AttributeKind::Date | AttributeKind::YesNo => a.cmp(b),
        }
    }
}

/// A number as typed: `40`, `-3.5`, `3,5` (a decimal comma), `1e3`. Not NaN or infinite.
fn parse_number(input: &str) -> Option<f64> {
    let normalised;
    let text = if input.contains(',') && !input.contains('.') && input.matches(',').count() == 1 {
        normalised = input.replace(',', ".");
        normalised.as_str()
    } else {
        input
    };
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Whole numbers without a decimal point, others in Rust's shortest round-trip form.
fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// `YYYY-MM-DD`, `YYYY/MM/DD` or `DD.MM.YYYY` as `YYYY-MM-DD`, if it is a calendar date.
fn parse_date(input: &str) -> Option<String> {
    let parts: Vec<&str> = input.split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (y, m, d) = if a.len() == 4 && input.as_bytes().get(4) != Some(&b'.') {
        (a, b, c)
    } else if c.len() == 4 && input.contains('.') {
        (c, b, a)
    } else {
        return None;
    };
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (year, month, day) = (num(y)?, num(m)?, num(d)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (y.len() == 4 && (1..=days).contains(&day)).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// yes/no in the words a researcher may have typed (English, Russian, Kazakh, 1/0).
fn parse_yes_no(input: &str) -> Option<bool> {
    match input.to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "да" | "иә" => Some(true),
        "no" | "n" | "false" | "0" | "нет" | "жоқ" => Some(false),
        _ => None,
    }
}

/// How a condition compares an attribute's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl Comparison {
    /// `=`, `!=`, `<`, `<=`, `>`, `>=`.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Eq => "=",
            Comparison::Ne => "!=",
            Comparison::Lt => "<",
            Comparison::Le => "<=",
            Comparison::Gt => ">",
            Comparison::Ge => ">=",
        }
    }
}

/// A restriction by one attribute: `region = Ili`, `age >= 40`. An empty `value` with `=`
/// means "has no value", with `!=` "has a value". Anything without a value for the attribute
/// passes no other condition on it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Condition {
    /// The attribute compared (of documents or of cases).
    pub attribute: AttributeId,
    /// How.
    pub op: Comparison,
    /// Canonical for the attribute's type (see [`AttributeKind::canonical`]), or empty.
    pub value: String,
}

impl Condition {
    /// Whether a stored value (`None`: no value) passes, for an attribute of type `kind`.
    /// Text compares without regard to case.
    pub fn matches(&self, kind: &AttributeKind, value: Option<&str>) -> bool {
        use std::cmp::Ordering;
        if self.value.is_empty() {
            return match self.op {
                Comparison::Eq => value.is_none(),
                Comparison::Ne => value.is_some(),
                _ => false,
            };
        }
        let Some(value) = value else {
            return false;
        };
        let order = match kind {
            AttributeKind::Text if matches!(self.op, Comparison::Eq | Comparison::Ne) => {
                if value.to_lowercase() == self.value.to_lowercase() {
                    Ordering::Equal
                } else {
                    Ordering::Less
                }
            }
            _ => kind.compare(value, &self.value),
        };
        match self.op {
            Comparison::Eq => order == Ordering::Equal,
            Comparison::Ne => order != Ordering::Equal,
            Comparison::Lt => order == Ordering::Less,
            Comparison::Le => order != Ordering::Greater,
            Comparison::Gt => order == Ordering::Greater,
            Comparison::Ge => order != Ordering::Less,
        }
    }
}
