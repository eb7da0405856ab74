//! Workload generators shared by the benchmarks: deterministic text and codings.

#![allow(dead_code, reason = "each bench uses part of this module")]

use tamga::domain::{CodeId, DocumentId, Edit, NewDocument, TextRange};
use tamga::project::Project;

/// A small deterministic generator (no dependency, same workload every run).
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "Kazakh",
    "returnees",
    "spoke",
    "of",
    "belonging",
    "and",
    "exclusion",
    "in",
    "Almaty",
    "their",
    "children",
    "learned",
    "Russian",
    "at",
    "school",
    "тарихи",
    "отан",
    "қазақ",
    "тілі",
    "родина",
    "язык",
    "homeland",
    "the",
    "village",
    "visa",
    "citizenship",
    "modernity",
    "pastoral",
    "families",
    "moved",
    "city",
    "work",
    "“quota”",
    "benefits",
    "we",
    "were",
];

/// About `chars` characters of interview-like text in paragraphs of ~60 words.
pub fn text(rng: &mut Lcg, chars: usize) -> String {
    let mut out = String::with_capacity(chars * 2);
    let mut count = 0;
    let mut in_para = 0;
    while count < chars {
        let w = WORDS[rng.below(WORDS.len())];
        if in_para > 0 {
            out.push(' ');
            count += 1;
        }
        out.push_str(w);
        count += w.chars().count();
        in_para += 1;
        if in_para >= 40 + rng.below(40) {
            out.push_str(".\n\n");
            count += 3;
            in_para = 0;
        }
    }
    out
}

pub fn import(project: &mut Project, name: &str, text: String) -> DocumentId {
    match project
        .execute(Edit::ImportDocument(NewDocument {
            name: name.to_owned(),
            source: Vec::new(),
            pages: Vec::new(),
            text,
            original_name: format!("{name}.txt"),
            format: "txt".to_owned(),
            encoding: "UTF-8".to_owned(),
        }))
        .expect("import")
    {
        Edit::DeleteDocument { id } => id,
        other => panic!("unexpected {other:?}"),
    }
}

/// `n` codes in groups of ten.
pub fn codes(project: &mut Project, n: usize) -> Vec<CodeId> {
    (0..n)
        .map(|i| {
            project
                .ensure_code_path(&format!("Group {}/code {i}", i / 10))
                .expect("code")
        })
        .collect()
}

/// `n` random codings of 20–400 characters, applied as one transaction.
pub fn codings(
    project: &mut Project,
    rng: &mut Lcg,
    document: DocumentId,
    chars: usize,
    codes: &[CodeId],
    n: usize,
) {
    codings_by(project, rng, document, chars, codes, n, "bench");
}

/// Like [`codings`], by the coder `coder`.
pub fn codings_by(
    project: &mut Project,
    rng: &mut Lcg,
    document: DocumentId,
    chars: usize,
    codes: &[CodeId],
    n: usize,
    coder: &str,
) {
    let edits = (0..n)
        .map(|_| {
            let len = 20 + rng.below(380);
            let start = rng.below(chars.saturating_sub(len + 1));
            Edit::ApplyCoding {
                document,
                code: codes[rng.below(codes.len())],
                range: TextRange::new(start, start + len),
                coder: coder.to_owned(),
                memo: String::new(),
            }
        })
        .collect();
    project.execute(Edit::Batch(edits)).expect("codings");
}
