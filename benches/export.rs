//! Export benchmarks: retrieving 10,000 excerpts and writing them in every format.
//!
//! Run: `cargo bench --no-default-features --bench export`. Figures and targets are kept in
//! BENCHMARKS.md (target: any format ≤ 1 s for 10,000 excerpts, retrieval included).

#![expect(
    clippy::expect_used,
    reason = "benchmarks fail loudly by design: a failed setup or run must stop them"
)]

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use common::Lcg;
use divan::Bencher;
use tamga::export::{self, Format};
use tamga::project::Project;
use tamga::retrieval::{self, Context, Query};

fn main() {
    divan::main();
}

/// 100 documents of ~10,000 characters, 10,000 codings of 20 codes; built once per run in a
/// temporary folder (on tmpfs when there is one).
fn workload() -> &'static (tempfile::TempDir, PathBuf) {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = if std::path::Path::new("/dev/shm").is_dir() {
            tempfile::tempdir_in("/dev/shm")
        } else {
            tempfile::tempdir()
        }
        .expect("temp dir");
        let path = dir.path().join("export.tamga");
        let mut project = Project::create(&path, "bench", "bench").expect("create");
        let codes = common::codes(&mut project, 20);
        let mut rng = Lcg(11);
        for d in 0..100 {
            let text = common::text(&mut rng, 10_000);
            let chars = text.chars().count();
            let doc = common::import(&mut project, &format!("interview {d:03}"), text);
            common::codings(&mut project, &mut rng, doc, chars, &codes, 100);
        }
        (dir, path)
    })
}

fn query() -> Query {
    Query {
        context: Context::Paragraph,
        ..Query::default()
    }
}

/// Retrieval alone: every coding as an excerpt with its paragraph as context.
#[divan::bench(sample_count = 10)]
fn retrieve_10000_excerpts(bencher: Bencher) {
    let (_, path) = workload();
    let project = Project::open(path, "bench").expect("open");
    bencher.bench_local(|| {
        let found = retrieval::retrieve(&project, &query()).expect("retrieve");
        assert_eq!(found.excerpts.len(), 10_000);
        found.excerpts.len()
    });
}

/// Retrieval plus writing the file (to a temporary file, then renamed into place).
#[divan::bench(sample_count = 5, args = Format::ALL)]
fn export_10000_excerpts(bencher: Bencher, format: Format) {
    let (dir, path) = workload();
    let project = Project::open(path, "bench").expect("open");
    let out = dir.path().join(format!("out.{}", format.extension()));
    bencher.bench_local(|| {
        let found = retrieval::retrieve(&project, &query()).expect("retrieve");
        export::export_excerpts(&found, format, &out).expect("export");
    });
}
