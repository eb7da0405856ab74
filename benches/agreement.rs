//! Agreement benchmarks: every coefficient (characters, segments, `α_u`, `|uα`) for two coders
//! over 100,000 codings, from plain data and from a project file.
//!
//! Run: `cargo bench --no-default-features --bench agreement`. Figures and targets are kept in
//! BENCHMARKS.md (target, issue 13: ≤ 1 s for two coders over 100,000 codings).

#![expect(
    clippy::expect_used,
    reason = "benchmarks fail loudly by design: a failed setup or run must stop them"
)]

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use common::Lcg;
use divan::Bencher;
use tamga::analysis::agreement::{self, DocumentCodings, Input, Selection, Span, compute};
use tamga::store::Store;

fn main() {
    divan::main();
}

/// The second coder's version of the first coder's codings: most kept with boundaries moved
/// by up to 20 characters, some given another code, some left out and replaced by a coding of
/// their own — the same number of codings as the first.
fn second_coder(rng: &mut Lcg, first: &[Span], length: usize, codes: usize) -> Vec<Span> {
    first
        .iter()
        .map(|s| {
            let roll = rng.below(10);
            if roll < 7 {
                let start = (s.start + rng.below(41)).saturating_sub(20);
                let end = (s.end + rng.below(41)).saturating_sub(20).min(length);
                Span::new(s.code, start, end.max(start + 1))
            } else if roll < 8 {
                Span::new(rng.below(codes), s.start, s.end)
            } else {
                let len = 20 + rng.below(380);
                let start = rng.below(length - len);
                Span::new(rng.below(codes), start, start + len)
            }
        })
        .collect()
}

fn random_codings(rng: &mut Lcg, n: usize, length: usize, codes: usize) -> Vec<Span> {
    (0..n)
        .map(|_| {
            let len = 20 + rng.below(380);
            let start = rng.below(length - len);
            Span::new(rng.below(codes), start, start + len)
        })
        .collect()
}

/// `documents` documents of `length` characters, 100 codes, 100,000 codings in all (half
/// each coder's).
fn two_coders(documents: usize, length: usize) -> Input {
    let mut rng = Lcg(13);
    let per_document = 50_000 / documents;
    Input {
        codes: 100,
        coders: 2,
        documents: (0..documents)
            .map(|_| {
                let first = random_codings(&mut rng, per_document, length, 100);
                let second = second_coder(&mut rng, &first, length, 100);
                DocumentCodings {
                    length,
                    coders: vec![first, second],
                }
            })
            .collect(),
    }
}

/// The coefficients alone: 1,000 documents of 10,000 characters, 100 codes, two coders,
/// 100,000 codings.
#[divan::bench(sample_count = 10)]
fn compute_two_coders_100000_codings_in_1000_documents(bencher: Bencher) {
    let input = two_coders(1000, 10_000);
    bencher.bench(|| compute(&input, 90.0).total.alpha_binary.value);
}

/// The same number of codings in one document of 1,000,000 characters: long sweeps, many
/// overlapping codings per code.
#[divan::bench(sample_count = 10)]
fn compute_two_coders_100000_codings_in_one_document(bencher: Bencher) {
    let input = two_coders(1, 1_000_000);
    bencher.bench(|| compute(&input, 90.0).total.alpha_binary.value);
}

/// A project of 1,000 documents (10 million characters), 100 codes, and 50 codings per
/// document by each of two coders (100,000 codings); made once and kept under target/ (delete
/// it to regenerate).
fn project() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
        std::fs::create_dir_all(&dir).expect("bench data dir");
        let path = dir.join("agreement-v1.tamga");
        if path.exists() {
            return path;
        }
        let tmp = dir.join("agreement-building.tamga");
        let _ = std::fs::remove_file(&tmp);
        let mut project =
            tamga::project::Project::create(&tmp, "agreement", "Aigerim").expect("create");
        let codes = common::codes(&mut project, 100);
        let mut rng = Lcg(17);
        for d in 0..1000 {
            let text = common::text(&mut rng, 10_000);
            let chars = text.chars().count();
            let doc = common::import(&mut project, &format!("interview {d:04}"), text);
            for coder in ["Aigerim", "Bolat"] {
                common::codings_by(&mut project, &mut rng, doc, chars, &codes, 50, coder);
            }
        }
        drop(project);
        std::fs::rename(&tmp, &path).expect("move into place");
        path
    })
}

/// The whole path of `tamga agreement`: open the project, read both coders' 100,000 codings
/// and the documents' lengths, compute every coefficient.
#[divan::bench(sample_count = 5)]
fn report_from_a_project_with_100000_codings(bencher: Bencher) {
    let path = project();
    bencher.bench(|| {
        let store = Store::open(path).expect("open");
        let coder = |name: &str| store.coder_by_name(name).expect("coder").expect("known");
        let selection = Selection {
            coders: vec![coder("Aigerim"), coder("Bolat")],
            codes: Vec::new(),
            documents: Vec::new(),
            min_overlap: 90.0,
        };
        let report = agreement::report(&store, &selection).expect("report");
        assert_eq!(report.documents.len(), 1000);
        report.agreement.total.kappa.value
    });
}
