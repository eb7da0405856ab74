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

/// A span of a document's text: character offsets (Unicode scalar values), end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

impl TextRange {
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    pub fn overlaps(&self, other: &TextRange) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
}

/// An imported text. Its `text` never changes after import; offsets point into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocumentId,
    pub guid: String,
    pub name: String,
    pub text: String,
    pub original_name: String,
    pub format: String,
    pub encoding: String,
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
    pub id: CodeId,
    pub guid: String,
    pub parent: Option<CodeId>,
    pub name: String,
    /// `#rrggbb`
    pub color: String,
    pub description: String,
    /// Order among its siblings, dense from 0.
    pub position: i64,
    pub created_at: String,
}

/// A coded passage: a code applied to a range of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coding {
    pub id: CodingId,
    pub guid: String,
    pub document: DocumentId,
    pub code: CodeId,
    pub range: TextRange,
    /// The exact text between `range.start` and `range.end`.
    pub text: String,
    pub coder: CoderId,
    pub created_at: String,
    pub memo: String,
}

/// Where a coding lies and what code it has: all the reading view needs to draw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CodingSpan {
    pub id: CodingId,
    pub code: CodeId,
    pub range: TextRange,
}

/// What a memo is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MemoTarget {
    /// A project journal entry.
    Project,
    Document(DocumentId),
    Code(CodeId),
    Coding(CodingId),
}

/// A memo: a journal entry, or a note attached to a document, code or coding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Memo {
    pub id: MemoId,
    pub guid: String,
    pub target: MemoTarget,
    pub title: String,
    pub body: String,
    pub coder: CoderId,
    pub created_at: String,
    pub modified_at: String,
}

/// A person who codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coder {
    pub id: CoderId,
    pub guid: String,
    pub name: String,
}

/// Rows removed together and restored together: the inverse of a delete or merge.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub documents: Vec<Document>,
    /// Parents before children.
    pub codes: Vec<Code>,
    pub codings: Vec<Coding>,
    pub memos: Vec<Memo>,
}

/// A new document, before it has an id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDocument {
    pub name: String,
    pub text: String,
    pub original_name: String,
    pub format: String,
    pub encoding: String,
    pub source: Vec<u8>,
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

/// Every change to a project. `Store::apply` performs one in a transaction and returns its inverse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Edit {
    /// Register a coder name (not recorded in undo history).
    AddCoder {
        name: String,
    },
    /// Unregister a coder who has no codings or memos (the inverse of `AddCoder`).
    RemoveCoder {
        id: CoderId,
    },
    ImportDocument(NewDocument),
    RenameDocument {
        id: DocumentId,
        name: String,
    },
    /// Deletes the document with its codings and memos.
    DeleteDocument {
        id: DocumentId,
    },
    CreateCode {
        parent: Option<CodeId>,
        name: String,
        /// `None` picks the next palette colour.
        color: Option<String>,
        description: String,
        /// Among siblings; `None` appends.
        position: Option<i64>,
    },
    RenameCode {
        id: CodeId,
        name: String,
    },
    RecolorCode {
        id: CodeId,
        color: String,
    },
    DescribeCode {
        id: CodeId,
        description: String,
    },
    /// Reparent and/or reorder: `position` among the new siblings.
    MoveCode {
        id: CodeId,
        parent: Option<CodeId>,
        position: i64,
    },
    /// Moves `from`'s codings and subcodes to `into`, then deletes `from`.
    MergeCode {
        from: CodeId,
        into: CodeId,
    },
    /// Deletes the code with its subcodes, their codings and memos.
    DeleteCode {
        id: CodeId,
    },
    ApplyCoding {
        document: DocumentId,
        code: CodeId,
        range: TextRange,
        coder: String,
        memo: String,
    },
    RemoveCoding {
        id: CodingId,
    },
    ResizeCoding {
        id: CodingId,
        range: TextRange,
    },
    RecodeCoding {
        id: CodingId,
        code: CodeId,
    },
    SetCodingMemo {
        id: CodingId,
        memo: String,
    },
    WriteMemo {
        target: MemoTarget,
        title: String,
        body: String,
        coder: String,
    },
    EditMemo {
        id: MemoId,
        title: String,
        body: String,
        /// `None` stamps the current time; undo passes the old stamp back.
        modified_at: Option<String>,
    },
    /// Attaches a memo to something else (merging codes keeps their memos this way).
    RetargetMemo {
        id: MemoId,
        target: MemoTarget,
    },
    DeleteMemo {
        id: MemoId,
    },
    /// Puts removed rows back with their ids and GUIDs (the inverse of deletes).
    Restore(Box<Snapshot>),
    /// Inserts rows from elsewhere with their GUIDs (see [`RowSet`]); the inverse is `Remove` of
    /// exactly the rows inserted (coders it registered stay, as with `AddCoder`).
    InsertRows(Box<RowSet>),
    /// Removes exactly these rows (the inverse of `Restore` and `InsertRows`).
    Remove {
        documents: Vec<DocumentId>,
        codes: Vec<CodeId>,
        codings: Vec<CodingId>,
        memos: Vec<MemoId>,
    },
    /// Several edits as one step; applied in order, undone in reverse.
    Batch(Vec<Edit>),
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
            Edit::MoveCode { .. } => "move code",
            Edit::MergeCode { .. } => "merge code",
            Edit::DeleteCode { .. } => "delete code",
            Edit::ApplyCoding { .. } => "apply",
            Edit::RemoveCoding { .. } => "remove coding",
            Edit::ResizeCoding { .. } => "resize coding",
            Edit::RecodeCoding { .. } => "recode",
            Edit::SetCodingMemo { .. } => "edit coding memo",
            Edit::WriteMemo { .. } => "write memo",
            Edit::EditMemo { .. } => "edit memo",
            Edit::RetargetMemo { .. } => "move memo",
            Edit::DeleteMemo { .. } => "delete memo",
            Edit::Restore(_) => "restore",
            Edit::InsertRows(_) => "insert rows",
            Edit::Remove { .. } => "remove",
            Edit::Batch(_) => "edit",
        }
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
