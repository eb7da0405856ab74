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

/// An imported text. Its `text` never changes after import; offsets point into it.
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

impl CodeChange {
    /// The change in words: "renamed “second-class citizens” to “privileged exclusion”",
    /// "merged “A” into “B” (14 codings)", "changed the when to use: “…”".
    pub fn summary(&self) -> String {
        let short = |text: &str| -> String {
            let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if flat.chars().count() > 80 {
                format!("{}…", flat.chars().take(79).collect::<String>())
            } else {
                flat
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
                    format!("wrote the {field}: “{}”", short(&self.after))
                } else {
                    format!("changed the {field} to “{}”", short(&self.after))
                }
            }
        }
    }
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
    /// Puts removed rows back with their ids and GUIDs (the inverse of deletes).
    Restore(Box<Snapshot>),
    /// Removes exactly these rows (the inverse of `Restore`).
    Remove {
        /// Documents to remove; their codings and memos go with them.
        documents: Vec<DocumentId>,
        /// Codes to remove; their subcodes, codings and memos go with them.
        codes: Vec<CodeId>,
        /// Codings to remove; their memos go with them.
        codings: Vec<CodingId>,
        /// Memos to remove.
        memos: Vec<MemoId>,
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
}

impl Edit {
    /// A short verb phrase for menus ("apply code", "delete code").
    pub fn verb(&self) -> &'static str {
        match self {
            Edit::AddCoder { .. } => "add coder",
            Edit::RemoveCoder { .. } => "remove coder",
            Edit::ImportDocument(_) => "import document",
            Edit::RenameDocument { .. } => "rename document",
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
            Edit::Restore(_) => "restore",
            Edit::Remove { .. } => "remove",
            Edit::Batch(_) => "edit",
            Edit::Explained { edit, .. } | Edit::Unrecorded { edit, .. } => edit.verb(),
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
    /// The codebook: names, colours, descriptions, the tree.
    pub codes: bool,
    /// Codings: where they lie, their codes, which exist.
    pub codings: Scope,
    /// Codings whose memo alone changed (nothing to lay out again).
    pub coding_memos: std::collections::BTreeSet<CodingId>,
    /// Memos of any kind.
    pub memos: bool,
    /// The coders.
    pub coders: bool,
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
            coders: true,
        }
    }

    /// Adds what `other` touched.
    pub fn merge(&mut self, other: &Touched) {
        self.documents |= other.documents;
        self.codes |= other.codes;
        self.codings.merge(&other.codings);
        self.coding_memos.extend(other.coding_memos.iter().copied());
        self.memos |= other.memos;
        self.coders |= other.coders;
    }

    /// Whether nothing was touched.
    pub fn is_empty(&self) -> bool {
        *self == Touched::default()
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
