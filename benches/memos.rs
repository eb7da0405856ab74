//! Memo benchmarks: listing every memo (what the memo panel reads after each change of a memo),
//! one keystroke of a code's definition written with its history entry, and the memo export.
//!
//! Run: `cargo bench --no-default-features --bench memos`. Figures are kept in BENCHMARKS.md.

#![expect(
    clippy::expect_used,
    reason = "benchmarks fail loudly by design: a failed setup or run must stop them"
)]

mod common;

use std::sync::OnceLock;

use common::Lcg;
use divan::Bencher;
use tamga::domain::{CodeField, CodeId, Edit, MemoTarget};
use tamga::project::Project;

fn main() {
    divan::main();
}

/// 100 documents of ~10,000 characters, 10,000 codings of 100 codes; 2,000 codings with a
/// memo, 500 journal entries, a memo on every document, a card on every code. On tmpfs.
struct Workload {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    codes: Vec<CodeId>,
}

fn workload() -> &'static Workload {
    static W: OnceLock<Workload> = OnceLock::new();
    W.get_or_init(|| {
        let dir = if std::path::Path::new("/dev/shm").is_dir() {
            tempfile::tempdir_in("/dev/shm")
        } else {
            tempfile::tempdir()
        }
        .expect("temp dir");
        let path = dir.path().join("memos.tamga");
        let mut project = Project::create(&path, "bench", "bench").expect("create");
        let mut rng = Lcg(10);
        let codes = common::codes(&mut project, 100);
        let mut docs = Vec::new();
        for i in 0..100 {
            let text = common::text(&mut rng, 10_000);
            let chars = text.chars().count();
            let doc = common::import(&mut project, &format!("interview {i}"), text);
            common::codings(&mut project, &mut rng, doc, chars, &codes, 100);
            docs.push(doc);
        }
        let mut edits = Vec::new();
        for (i, coding) in project
            .store()
            .all_codings()
            .expect("codings")
            .iter()
            .enumerate()
        {
            if i % 5 == 0 {
                edits.push(Edit::SetCodingMemo {
                    id: coding.id,
                    memo: common::text(&mut rng, 200),
                });
            }
        }
        for i in 0..500 {
            edits.push(Edit::WriteMemo {
                target: MemoTarget::Project,
                title: format!("Day {i}"),
                body: common::text(&mut rng, 1_000),
                coder: "bench".into(),
            });
        }
        for doc in &docs {
            edits.push(Edit::WriteMemo {
                target: MemoTarget::Document(*doc),
                title: String::new(),
                body: common::text(&mut rng, 300),
                coder: "bench".into(),
            });
        }
        for code in &codes {
            for field in CodeField::ALL {
                edits.push(Edit::DefineCode {
                    id: *code,
                    field,
                    text: common::text(&mut rng, 150),
                });
            }
        }
        project.execute(Edit::Batch(edits)).expect("memos");
        Workload {
            _dir: dir,
            path,
            codes,
        }
    })
}

/// Every memo listed, as the memo panel reads them after a change.
#[divan::bench(sample_count = 10)]
fn list_every_memo(bencher: Bencher) {
    let project = Project::open_read_only(&workload().path).expect("open");
    bencher.bench_local(|| tamga::memos::list(&project).expect("list").len());
}

/// One keystroke in a card field: the definition and its (coalesced) history entry, committed.
#[divan::bench(sample_count = 20, sample_size = 5)]
fn one_keystroke_of_a_definition(bencher: Bencher) {
    let w = workload();
    let mut project = Project::open(&w.path, "bench").expect("open");
    let code = w.codes[3];
    let mut typed = String::from("Talk of");
    bencher.bench_local(|| {
        typed.push('x');
        project
            .execute_merging(
                Edit::DefineCode {
                    id: code,
                    field: CodeField::WhenToUse,
                    text: typed.clone(),
                },
                Some("bench".into()),
            )
            .expect("keystroke");
    });
}

/// Every memo exported (listing and writing the file).
#[divan::bench(sample_count = 5, args = ["docx", "md"])]
fn export_every_memo(bencher: Bencher, format: &str) {
    let project = Project::open_read_only(&workload().path).expect("open");
    let format = tamga::export::Format::from_name(format).expect("format");
    let out = tempfile::tempdir().expect("out");
    let path = out.path().join(format!("memos.{}", format.extension()));
    bencher.bench_local(|| {
        let memos = tamga::memos::list(&project).expect("list");
        tamga::export::export_memos(&memos, "bench", format, &path).expect("export");
    });
}
