//! Search benchmarks: the in-memory index over 10 million characters (build, word, phrase,
//! prefix and boolean queries, regular expressions), autocode of 10,000 hits, and "passages
//! like these" for a code with 500 codings.
//!
//! Run: `cargo bench --no-default-features --bench search`. Figures and targets are kept in
//! BENCHMARKS.md.

#![expect(
    clippy::expect_used,
    reason = "benchmarks fail loudly by design: a failed setup or run must stop them"
)]

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use common::Lcg;
use divan::Bencher;
use tamga::domain::Edit;
use tamga::project::Project;
use tamga::search::{Corpus, Query, Ranker, Scope, SearchIndex, Unit, autocode};
use tamga::store::Store;

fn main() {
    divan::main();
}

/// The sentence planted ten times in each document: 10,000 hits of "yurt".
const PLANTED: &str = "We slept in a yurt near the river.";

/// 1,000 documents of ~10,000 characters (10 million in all), each with `PLANTED` after ten of
/// its paragraphs, and a code "Bench/yurt" with 500 codings (the paragraphs of 500 planted
/// sentences). Made once and kept under target/ (delete it to regenerate).
fn large_project() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
        std::fs::create_dir_all(&dir).expect("bench data dir");
        let path = dir.join("search-v1.tamga");
        if path.exists() {
            return path;
        }
        let tmp = dir.join("search-building.tamga");
        let _ = std::fs::remove_file(&tmp);
        let mut project = Project::create(&tmp, "search", "bench").expect("create");
        let mut rng = Lcg(11);
        let mut imports = Vec::new();
        for d in 0..1000 {
            let text = common::text(&mut rng, 10_000);
            let mut out = String::with_capacity(text.len() + 400);
            for (i, para) in text.split("\n\n").enumerate() {
                if i > 0 {
                    out.push_str("\n\n");
                }
                out.push_str(para);
                if i < 10 {
                    out.push(' ');
                    out.push_str(PLANTED);
                }
            }
            imports.push(Edit::ImportDocument(tamga::domain::NewDocument {
                name: format!("interview {d:04}"),
                text: out,
                original_name: format!("interview {d:04}.txt"),
                format: "txt".to_owned(),
                encoding: "UTF-8".to_owned(),
                source: Vec::new(),
                pages: Vec::new(),
            }));
        }
        project.execute(Edit::Batch(imports)).expect("import");
        let code = project.ensure_code_path("Bench/yurt").expect("code");
        let index = SearchIndex::open(project.store()).expect("index");
        let yurts = index.search(&Query::words("yurt")).expect("search");
        assert_eq!(yurts.len(), 10_000);
        let paragraphs = autocode::preview(&index, &yurts, project.store(), None, Scope::Paragraph)
            .expect("preview");
        // Every 20th planted paragraph: 500 codings spread over all documents.
        let chosen: Vec<_> = paragraphs.candidates.iter().step_by(20).take(500).collect();
        assert_eq!(chosen.len(), 500);
        project
            .execute(autocode::edit(chosen, code, "bench"))
            .expect("codings");
        drop(project);
        std::fs::rename(&tmp, &path).expect("move into place");
        path
    })
}

fn large_index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let store = Store::open(large_project()).expect("open");
        let index = SearchIndex::open(&store).expect("index");
        assert!(index.indexed_chars() >= 10_000_000);
        index
    })
}

/// Read every text of the 10-million-character project (one query per table).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn load_corpus_10m(bencher: Bencher) {
    let store = Store::open(large_project()).expect("open");
    bencher.bench_local(|| Corpus::load(&store).expect("load"));
}

/// Index the 10 million characters (tokenize, fold, posting lists): the cost of opening
/// search on a project, off the UI thread.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn build_index_10m(bencher: Bencher) {
    let store = Store::open(large_project()).expect("open");
    bencher
        .with_inputs(|| Corpus::load(&store).expect("load"))
        .bench_local_values(SearchIndex::build);
}

#[divan::bench(args = [
    "homeland",
    "yurt",
    "\"тарихи отан\"",
    "ret*",
    "school AND visa NOT pastoral",
    "(homeland OR родина) citizenship",
])]
fn word_query_10m(bencher: Bencher, query: &str) {
    let index = large_index();
    let query = Query::words(query);
    bencher.bench(|| index.search(&query).expect("search").len());
}

/// The query a researcher waits for in the window: the search, then the first screen of 50
/// hits in context.
#[divan::bench]
fn word_query_and_first_50_kwic_10m(bencher: Bencher) {
    let index = large_index();
    let query = Query::words("homeland");
    bencher.bench(|| {
        let results = index.search(&query).expect("search");
        results
            .hits()
            .iter()
            .take(50)
            .filter_map(|h| index.kwic(h, 40))
            .count()
    });
}

#[divan::bench(sample_count = 10, args = [
    "yurt",
    "родин[аы]|homeland",
    r"\bcitizen\w*",
    r"children learned \w+",
])]
fn regex_10m(bencher: Bencher, pattern: &str) {
    let index = large_index();
    let query = Query::regex(pattern);
    bencher.bench(|| index.search(&query).expect("search").len());
}

/// Autocode 10,000 hits: the preview (widen to sentences, skip coded ones) and applying the
/// chosen passages as one edit, committed. Each sample starts from a fresh copy of the project
/// on tmpfs (the copy and the index are made outside the timing).
#[divan::bench(sample_count = 5, sample_size = 1, args = [Scope::Hit, Scope::Sentence])]
fn autocode_10000_hits(bencher: Bencher, scope: Scope) {
    let index = large_index();
    let results = index.search(&Query::words("yurt")).expect("search");
    bencher
        .with_inputs(|| {
            let dir = temp();
            let path = dir.path().join("a.tamga");
            std::fs::copy(large_project(), &path).expect("copy");
            let mut project = Project::open(&path, "bench").expect("open");
            let code = project.ensure_code_path("Bench/autocode").expect("code");
            (dir, project, code)
        })
        .bench_values(|(dir, mut project, code)| {
            let preview = autocode::preview(index, &results, project.store(), Some(code), scope)
                .expect("preview");
            assert_eq!(preview.candidates.len(), 10_000);
            project
                .execute(autocode::edit(&preview.candidates, code, "bench"))
                .expect("apply");
            (dir, project)
        });
}

/// Undo of the same autocode (10,000 codings removed in one step).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn undo_autocode_10000_hits(bencher: Bencher) {
    let index = large_index();
    let results = index.search(&Query::words("yurt")).expect("search");
    bencher
        .with_inputs(|| {
            let dir = temp();
            let path = dir.path().join("a.tamga");
            std::fs::copy(large_project(), &path).expect("copy");
            let mut project = Project::open(&path, "bench").expect("open");
            let code = project.ensure_code_path("Bench/autocode").expect("code");
            let preview =
                autocode::preview(index, &results, project.store(), Some(code), Scope::Hit)
                    .expect("preview");
            project
                .execute(autocode::edit(&preview.candidates, code, "bench"))
                .expect("apply");
            (dir, project)
        })
        .bench_values(|(dir, mut project)| {
            project.undo().expect("undo");
            (dir, project)
        });
}

fn temp() -> tempfile::TempDir {
    if std::path::Path::new("/dev/shm").is_dir() {
        tempfile::tempdir_in("/dev/shm").expect("temp dir")
    } else {
        tempfile::tempdir().expect("temp dir")
    }
}

/// Cut the 10 million characters into units and count their words (once per set of
/// documents; it does not depend on codings).
#[divan::bench(sample_count = 5, sample_size = 1, args = [Unit::Paragraph, Unit::Sentence])]
fn build_ranker_10m(bencher: Bencher, unit: Unit) {
    let index = large_index();
    bencher.bench(|| Ranker::build(index, unit));
}

/// Suggestions for a code with 500 codings, the ranker already built.
#[divan::bench(sample_count = 10, args = [Unit::Paragraph, Unit::Sentence])]
fn suggest_500_codings_10m(bencher: Bencher, unit: Unit) {
    let index = large_index();
    let store = Store::open(large_project()).expect("open");
    let code = code_of(&store);
    let ranker = Ranker::build(index, unit);
    bencher.bench_local(|| {
        ranker
            .suggest(index, &store, code, 20)
            .expect("suggest")
            .len()
    });
}

/// The whole wait of a first "passages like these": build the ranker, then rank.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn build_ranker_and_suggest_500_codings_10m(bencher: Bencher) {
    let index = large_index();
    let store = Store::open(large_project()).expect("open");
    let code = code_of(&store);
    bencher.bench_local(|| {
        let ranker = Ranker::build(index, Unit::Paragraph);
        ranker
            .suggest(index, &store, code, 20)
            .expect("suggest")
            .len()
    });
}

fn code_of(store: &Store) -> tamga::domain::CodeId {
    store
        .codes()
        .expect("codes")
        .into_iter()
        .find(|c| c.name == "yurt")
        .expect("code")
        .id
}

/// Chinese: 1 million characters of generated Chinese text (each Han character a token).
fn chinese_index() -> &'static SearchIndex {
    static INDEX: OnceLock<(tempfile::TempDir, SearchIndex)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            const WORDS: &[&str] = &[
                "牧民",
                "伊犁",
                "学校",
                "孩子",
                "汉语",
                "哈萨克语",
                "草原",
                "我们",
                "的",
                "是",
                "在",
                "城里",
                "放牧",
                "生活",
                "老师",
                "人",
            ];
            let mut rng = Lcg(5);
            let dir = temp();
            let mut project =
                Project::create(&dir.path().join("zh.tamga"), "zh", "bench").expect("create");
            let mut imports = Vec::new();
            for d in 0..100 {
                let mut text = String::new();
                let mut chars = 0;
                while chars < 10_000 {
                    let w = WORDS[rng.below(WORDS.len())];
                    text.push_str(w);
                    chars += w.chars().count();
                    if rng.below(12) == 0 {
                        text.push('。');
                        chars += 1;
                        if rng.below(5) == 0 {
                            text.push_str("\n\n");
                            chars += 2;
                        }
                    }
                }
                imports.push(Edit::ImportDocument(tamga::domain::NewDocument {
                    name: format!("访谈 {d}"),
                    text,
                    original_name: String::new(),
                    format: "txt".to_owned(),
                    encoding: "UTF-8".to_owned(),
                    source: Vec::new(),
                    pages: Vec::new(),
                }));
            }
            project.execute(Edit::Batch(imports)).expect("import");
            let index = SearchIndex::open(project.store()).expect("index");
            (dir, index)
        })
        .1
}

#[divan::bench(args = ["牧民", "人", "\"伊犁 学校\""])]
fn chinese_query_1m(bencher: Bencher, query: &str) {
    let index = chinese_index();
    let query = Query::words(query);
    bencher.bench(|| index.search(&query).expect("search").len());
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn chinese_build_ranker_1m(bencher: Bencher) {
    let index = chinese_index();
    bencher.bench(|| Ranker::build(index, Unit::Paragraph));
}
