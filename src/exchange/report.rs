//! The report every import and export ends with: what carried over, what did not and why, and
//! how each source's positions were read. The CLI prints it (or its JSON); the window shows it
//! and can save it.

use std::fmt::{self, Write as _};

use serde::Serialize;

/// Numbers of rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Coders (REFI-QDA users).
    pub coders: usize,
    /// Documents (text sources).
    pub documents: usize,
    /// Codes.
    pub codes: usize,
    /// Codings (coded passages).
    pub codings: usize,
    /// Memos (notes).
    pub memos: usize,
}

impl Counts {
    fn phrase(&self) -> String {
        let items: Vec<String> = [
            (self.documents, "document", "documents"),
            (self.codes, "code", "codes"),
            (self.codings, "coding", "codings"),
            (self.memos, "memo", "memos"),
            (self.coders, "coder", "coders"),
        ]
        .into_iter()
        .map(|(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
        .collect();
        items.join(", ")
    }

    fn is_zero(&self) -> bool {
        *self == Counts::default()
    }
}

/// Something that did not carry over, or carried over changed: what, how many, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// What it is, e.g. "picture selections".
    pub what: String,
    /// How many.
    pub count: usize,
    /// Why, in plain words.
    pub why: String,
    /// A few names, to find them (at most [`MAX_EXAMPLES`]).
    pub examples: Vec<String>,
}

/// Examples kept per item.
pub const MAX_EXAMPLES: usize = 5;

/// How one source's positions were read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceReading {
    /// The source's name.
    pub source: String,
    /// The reading, in words ("code points, end excluded").
    pub reading: String,
    /// Selections in the source.
    pub selections: usize,
    /// Selections whose `name` quotes their text (or names their line).
    pub with_snippet: usize,
    /// Of those, how many the reading confirms.
    pub confirmed: usize,
    /// Selections placed on the text.
    pub placed: usize,
}

/// A selection that was not placed, so its codings were not imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnplacedSelection {
    /// The source's name.
    pub source: String,
    /// The selection's GUID.
    pub guid: String,
    /// Positions as written.
    pub start: Option<i64>,
    /// Positions as written.
    pub end: Option<i64>,
    /// Its `name` (the text it should select), shortened.
    pub snippet: String,
    /// How many codings it carried.
    pub codings: usize,
    /// Why it was not placed.
    pub why: String,
}

/// Which way the exchange went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Read into a project.
    Import,
    /// Written from a project.
    Export,
}

/// The report of one import or export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Import or export.
    pub direction: Direction,
    /// `qdpx` or `qdc`.
    pub format: String,
    /// The project's name in the file.
    pub project: String,
    /// The program that wrote the file (imports).
    pub origin: String,
    /// Rows added to the project (import) or written (export).
    pub carried: Counts,
    /// Rows already in the project, left as they were (merging).
    pub matched: Counts,
    /// How each source's positions were read (imports).
    pub sources: Vec<SourceReading>,
    /// Selections that could not be placed with confidence.
    pub unplaced: Vec<UnplacedSelection>,
    /// What did not carry over.
    pub lost: Vec<Item>,
    /// What carried over changed.
    pub changed: Vec<Item>,
}

impl Report {
    /// An empty report.
    pub fn new(direction: Direction, format: &str) -> Report {
        Report {
            direction,
            format: format.to_owned(),
            project: String::new(),
            origin: String::new(),
            carried: Counts::default(),
            matched: Counts::default(),
            sources: Vec::new(),
            unplaced: Vec::new(),
            lost: Vec::new(),
            changed: Vec::new(),
        }
    }

    fn add(list: &mut Vec<Item>, what: &str, count: usize, why: &str, example: Option<&str>) {
        if count == 0 {
            return;
        }
        let index = if let Some(i) = list.iter().position(|i| i.what == what) {
            list[i].count += count;
            i
        } else {
            list.push(Item {
                what: what.to_owned(),
                count,
                why: why.to_owned(),
                examples: Vec::new(),
            });
            list.len() - 1
        };
        let item = &mut list[index];
        if let Some(example) = example
            && item.examples.len() < MAX_EXAMPLES
            && !item.examples.iter().any(|e| e == example)
        {
            item.examples.push(example.to_owned());
        }
    }

    /// Records `count` things that did not carry over.
    pub fn lose(&mut self, what: &str, count: usize, why: &str, example: Option<&str>) {
        Self::add(&mut self.lost, what, count, why, example);
    }

    /// Records `count` things that carried over changed.
    pub fn change(&mut self, what: &str, count: usize, why: &str, example: Option<&str>) {
        Self::add(&mut self.changed, what, count, why, example);
    }

    /// Whether everything carried over as it was.
    pub fn is_lossless(&self) -> bool {
        self.lost.is_empty() && self.unplaced.is_empty()
    }

    /// The report as text for a person: the CLI's output and the file the window saves.
    pub fn to_text(&self) -> String {
        self.to_string()
    }
}

fn items(f: &mut String, title: &str, list: &[Item]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(f, "{title}");
    for item in list {
        let _ = write!(f, "  - {} {}: {}", item.count, item.what, item.why);
        if !item.examples.is_empty() {
            let _ = write!(f, " (e.g. {})", item.examples.join("; "));
        }
        f.push('\n');
    }
}

impl fmt::Display for Report {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut f = String::new();
        let kind = if self.format == "qdc" {
            "REFI-QDA codebook"
        } else {
            "REFI-QDA project"
        };
        match self.direction {
            Direction::Import => {
                let _ = write!(f, "Imported the {kind} “{}”", self.project);
                if !self.origin.is_empty() {
                    let _ = write!(f, " (written by {})", self.origin);
                }
                let _ = writeln!(f, ": {}.", self.carried.phrase());
                if !self.matched.is_zero() {
                    let _ = writeln!(
                        f,
                        "Already in the project and left as they were: {}.",
                        self.matched.phrase()
                    );
                }
            }
            Direction::Export => {
                let _ = writeln!(
                    f,
                    "Exported “{}” as a {kind}: {}.",
                    self.project,
                    self.carried.phrase()
                );
            }
        }
        if !self.sources.is_empty() {
            let _ = writeln!(f, "Positions, source by source:");
            for s in &self.sources {
                if s.selections == 0 {
                    let _ = writeln!(f, "  - {}: no selections", s.source);
                    continue;
                }
                let evidence = if s.with_snippet == 0 {
                    "no selection quotes its text, so the standard's reading was used".to_owned()
                } else {
                    format!(
                        "{} of {} quoted selections match their text",
                        s.confirmed, s.with_snippet
                    )
                };
                let _ = writeln!(
                    f,
                    "  - {}: {}; {evidence}; {} of {} selections placed",
                    s.source, s.reading, s.placed, s.selections
                );
            }
        }
        if !self.unplaced.is_empty() {
            let _ = writeln!(
                f,
                "Selections not placed (their codings were not imported):"
            );
            for u in &self.unplaced {
                let at = match (u.start, u.end) {
                    (Some(s), Some(e)) => format!("{s}–{e}"),
                    _ => "no positions".to_owned(),
                };
                let _ = writeln!(
                    f,
                    "  - {} [{at}] “{}”: {} ({} coding(s))",
                    u.source, u.snippet, u.why, u.codings
                );
            }
        }
        items(&mut f, "Not carried over:", &self.lost);
        items(&mut f, "Carried over with a change:", &self.changed);
        if self.is_lossless() && self.changed.is_empty() {
            let _ = writeln!(f, "Nothing was left out or changed.");
        }
        out.write_str(&f)
    }
}
