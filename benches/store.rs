//! Store benchmarks: building a project through the library API, and opening a large one.
//!
//! Run: `cargo bench --bench store`. Figures and targets are kept in BENCHMARKS.md.

#![expect(
    clippy::expect_used,
    reason = "benchmarks fail loudly by design: a failed setup or run must stop them"
)]

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use common::Lcg;
use divan::Bencher;
use tamga::domain::{Edit, TextRange};
use tamga::import::{Format, extract};
use tamga::project::Project;

fn main() {
    divan::main();
}

const SEEDS: [&[u8]; 2] = [
    include_bytes!("../projects/sample/shanatibieke-2016-china-kazakhs-emigration.txt"),
    include_bytes!("../projects/sample/werner-emmelhainz-barcus-2017-privileged-exclusion.txt"),
];

/// Where the bench writes: the disk (every commit's fsync counts), or tmpfs (fsync is free, so
/// the figure is Tamga's own work).
#[derive(Debug, Clone, Copy)]
enum Disk {
    Disk,
    Tmpfs,
}

fn temp_on(disk: Disk) -> tempfile::TempDir {
    match disk {
        Disk::Tmpfs if std::path::Path::new("/dev/shm").is_dir() => {
            tempfile::tempdir_in("/dev/shm").expect("temp dir")
        }
        _ => tempfile::tempdir().expect("temp dir"),
    }
}

/// Create a project, import both seed texts, apply 1,000 codings one by one — each its own
/// committed transaction, as the window does.
#[divan::bench(sample_count = 5, sample_size = 1, args = [Disk::Disk, Disk::Tmpfs])]
fn create_import_seeds_apply_1000_codings(bencher: Bencher, disk: Disk) {
    bencher.with_inputs(|| temp_on(disk)).bench_values(|dir| {
        let mut project =
            Project::create(&dir.path().join("b.tamga"), "bench", "bench").expect("create");
        let mut docs = Vec::new();
        for (i, bytes) in SEEDS.iter().enumerate() {
            let text = extract(Format::Text, bytes).expect("seed").text;
            let chars = text.chars().count();
            docs.push((
                common::import(&mut project, &format!("seed {i}"), text),
                chars,
            ));
        }
        let codes = common::codes(&mut project, 20);
        let mut rng = Lcg(7);
        for i in 0..1000 {
            let (doc, chars) = docs[i % 2];
            let start = rng.below(chars - 300);
            project
                .execute(Edit::ApplyCoding {
                    document: doc,
                    code: codes[i % codes.len()],
                    range: TextRange::new(start, start + 20 + rng.below(250)),
                    coder: "bench".to_owned(),
                    memo: String::new(),
                })
                .expect("coding");
        }
        dir
    });
}

/// 1,000 documents, 10 million characters, 100,000 codings of 100 codes; made once and kept
/// under target/ (delete it to regenerate).
fn large_project() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
        std::fs::create_dir_all(&dir).expect("bench data dir");
        let path = dir.join("large-v1.tamga");
        if path.exists() {
            return path;
        }
        let tmp = dir.join("large-building.tamga");
        let _ = std::fs::remove_file(&tmp);
        let mut project = Project::create(&tmp, "large", "bench").expect("create");
        let codes = common::codes(&mut project, 100);
        let mut rng = Lcg(42);
        for d in 0..1000 {
            let text = common::text(&mut rng, 10_000);
            let chars = text.chars().count();
            let doc = common::import(&mut project, &format!("interview {d:04}"), text);
            common::codings(&mut project, &mut rng, doc, chars, &codes, 100);
        }
        drop(project);
        std::fs::rename(&tmp, &path).expect("move into place");
        path
    })
}

/// Open the large project (all checks included) and list its codebook with counts.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn open_large_project_and_list_codebook(bencher: Bencher) {
    let path = large_project();
    bencher.bench(|| {
        let project = Project::open(path, "bench").expect("open");
        let book = project.codebook().expect("codebook");
        assert_eq!(book.len(), 110);
        assert_eq!(
            book.iter()
                .filter(|e| e.depth == 0)
                .map(|e| e.total)
                .sum::<i64>(),
            100_000
        );
        book.len()
    });
}
