//! REFI-QDA benchmarks: exporting a project with 100,000 codings as a `.qdpx`, and importing
//! that file into a new project (reading, position inference, one `InsertRows` edit); and
//! merging a colleague's copy of a project that adds 50,000 codings.
//!
//! Run: `cargo bench --no-default-features --bench exchange`. Figures and targets are kept in
//! BENCHMARKS.md (targets: export and import ≤ 3 s each, the merge ≤ 5 s).

#![expect(
    clippy::expect_used,
    reason = "benchmarks fail loudly by design: a failed setup or run must stop them"
)]

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::Lcg;
use divan::Bencher;
use tamga::exchange;
use tamga::project::Project;

fn main() {
    divan::main();
}

/// 100 documents of ~50,000 characters with 1,000 codings each (100,000 codings of 20–400
/// characters, 50 codes), and its `.qdpx`; built once per run in a temporary folder (on tmpfs
/// when there is one).
fn workload() -> &'static (tempfile::TempDir, PathBuf, Vec<u8>) {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf, Vec<u8>)> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = if std::path::Path::new("/dev/shm").is_dir() {
            tempfile::tempdir_in("/dev/shm")
        } else {
            tempfile::tempdir()
        }
        .expect("temp dir");
        let path = dir.path().join("exchange.tamga");
        let mut project = Project::create(&path, "bench", "bench").expect("create");
        let codes = common::codes(&mut project, 50);
        let mut rng = Lcg(17);
        for d in 0..100 {
            let text = common::text(&mut rng, 50_000);
            let chars = text.chars().count();
            let doc = common::import(&mut project, &format!("interview {d:03}"), text);
            common::codings(&mut project, &mut rng, doc, chars, &codes, 1_000);
        }
        assert_eq!(project.store().info().expect("info").codings, 100_000);
        let rows = exchange::collect(project.store()).expect("collect");
        let (qdpx, _) = exchange::write_qdpx(&rows).expect("write");
        (dir, path, qdpx)
    })
}

/// Reading the rows from the project and writing the `.qdpx` (in memory).
#[divan::bench(sample_count = 5)]
fn export_100000_codings(bencher: Bencher) {
    let (_, path, _) = workload();
    let project = Project::open(path, "bench").expect("open");
    bencher.bench_local(|| {
        let rows = exchange::collect(project.store()).expect("collect");
        exchange::write_qdpx(&rows).expect("write").0.len()
    });
}

/// Numbers the projects the import bench creates.
static RUN: AtomicUsize = AtomicUsize::new(0);

/// Reading the `.qdpx` and importing it into a new project as one edit.
#[divan::bench(sample_count = 5)]
fn import_100000_codings(bencher: Bencher) {
    let (dir, _, qdpx) = workload();
    bencher.bench_local(|| {
        let target = dir.path().join(format!(
            "import-{}.tamga",
            RUN.fetch_add(1, Ordering::Relaxed)
        ));
        let read = exchange::read_qdpx(qdpx).expect("read");
        let (project, report) =
            exchange::create_from(&target, "copy", "bench", &read).expect("import");
        assert_eq!(report.carried.codings, 100_000);
        drop(project);
        let _ = std::fs::remove_file(&target);
    });
}

/// Two copies of a project of 100 documents of ~10,000 characters with 10,000 codings: the
/// colleague's copy gains 50,000 codings of its own (500 per document, coder "Bolat"). Built
/// once per run; each sample merges into a fresh copy of ours.
fn merge_workload() -> &'static (tempfile::TempDir, PathBuf, PathBuf) {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf, PathBuf)> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = if std::path::Path::new("/dev/shm").is_dir() {
            tempfile::tempdir_in("/dev/shm")
        } else {
            tempfile::tempdir()
        }
        .expect("temp dir");
        let ours = dir.path().join("ours.tamga");
        let mut project = Project::create(&ours, "bench", "Aigerim").expect("create");
        let codes = common::codes(&mut project, 50);
        let mut rng = Lcg(23);
        let mut documents = Vec::new();
        for d in 0..100 {
            let text = common::text(&mut rng, 10_000);
            let chars = text.chars().count();
            let doc = common::import(&mut project, &format!("interview {d:03}"), text);
            common::codings_by(&mut project, &mut rng, doc, chars, &codes, 100, "Aigerim");
            documents.push((doc, chars));
        }
        drop(project);
        let theirs = dir.path().join("theirs.tamga");
        std::fs::copy(&ours, &theirs).expect("copy");
        let mut colleague = Project::open(&theirs, "Bolat").expect("open");
        for (doc, chars) in documents {
            common::codings_by(&mut colleague, &mut rng, doc, chars, &codes, 500, "Bolat");
        }
        assert_eq!(colleague.store().info().expect("info").codings, 60_000);
        (dir, ours, theirs)
    })
}

/// Merging a colleague's copy that adds 50,000 codings: reading it, matching every row by GUID,
/// and applying the rows as one edit.
#[divan::bench(sample_count = 5)]
fn merge_a_copy_with_50000_new_codings(bencher: Bencher) {
    let (dir, ours, theirs) = merge_workload();
    bencher
        .with_inputs(|| {
            let target = dir.path().join(format!(
                "merge-{}.tamga",
                RUN.fetch_add(1, Ordering::Relaxed)
            ));
            std::fs::copy(ours, &target).expect("copy");
            target
        })
        .bench_local_values(|target| {
            let mut project = Project::open(&target, "Aigerim").expect("open");
            let report = exchange::merge_into(&mut project, theirs).expect("merge");
            assert_eq!(report.rows.carried.codings, 50_000);
            drop(project);
            let _ = std::fs::remove_file(&target);
        });
}
