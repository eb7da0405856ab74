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
    /// The character offset in `text` where each page starts (`pages[0] == 0`); empty for
    /// formats without pages.
    #[serde(default)]
    pub pages: Vec<usize>,
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
    /// Removes exactly these rows (the inverse of `Restore`).
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
