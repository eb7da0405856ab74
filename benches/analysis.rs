//! Analysis benchmarks on 1,000 documents (10 million characters, one in ten Chinese),
//! 100,000 codings of 40 codes, 10 document attributes and 50 cases.
//!
//! Run: `cargo bench --no-default-features --bench analysis`. Each view's figure includes
//! loading what it reads from the project file (targets in BENCHMARKS.md: each view's data
//! ≤ 300 ms; word frequency over the 10 million characters ≤ 1 s, Chinese segmentation
//! included).

#![expect(
    clippy::expect_used,
    reason = "benchmarks fail loudly by design: a failed setup or run must stop them"
)]

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use common::Lcg;
use divan::Bencher;
use tamga::analysis::Corpus;
use tamga::analysis::cooccurrence::{Proximity, cooccurrence};
use tamga::analysis::frequencies::frequencies;
use tamga::analysis::matrix::{Columns, Count, MatrixSpec, matrix};
use tamga::analysis::words::{Language, StopWords, TextChoice, kwic, word_frequencies};
use tamga::domain::{
    AttributeKind, AttributeScope, DocumentId, Edit, NewCase, NewCaseMember, NewDocument,
    ValueChange, ValueOwner,
};
use tamga::project::Project;
use tamga::retrieval::{self, Query, Restriction, parse_condition};

fn main() {
    divan::main();
}

const DOCUMENTS: usize = 1_000;
const CHARS: usize = 10_000;
const CODINGS_PER_DOCUMENT: usize = 100;

const CHINESE: &[&str] = &[
    "我们",
    "回到",
    "了",
    "历史",
    "故乡",
    "哈萨克斯坦",
    "牧民",
    "伊犁",
    "学校",
    "孩子",
    "学习",
    "俄语",
    "城市",
    "工作",
    "家庭",
    "签证",
    "国籍",
    "现代化",
    "是",
    "的",
    "在",
    "很",
    "他们",
    "生活",
    "。",
    "，",
];

/// About `chars` characters of Chinese in paragraphs, without spaces.
fn chinese(rng: &mut Lcg, chars: usize) -> String {
    let mut out = String::with_capacity(chars * 3);
    let mut count = 0;
    let mut in_para = 0;
    while count < chars {
        let w = CHINESE[rng.below(CHINESE.len())];
        out.push_str(w);
        count += w.chars().count();
        in_para += 1;
        if in_para >= 60 + rng.below(60) {
            out.push_str("。\n\n");
            count += 3;
            in_para = 0;
        }
    }
    out
}

fn workload() -> &'static (tempfile::TempDir, PathBuf) {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = if std::path::Path::new("/dev/shm").is_dir() {
            tempfile::tempdir_in("/dev/shm")
        } else {
            tempfile::tempdir()
        }
        .expect("temp dir");
        let path = dir.path().join("analysis.tamga");
        let mut project = Project::create(&path, "bench", "bench").expect("create");
        let codes = common::codes(&mut project, 40);
        let mut rng = Lcg(23);
        let mut docs: Vec<(DocumentId, usize)> = Vec::with_capacity(DOCUMENTS);
        for batch in 0..DOCUMENTS / 100 {
            let mut lengths = Vec::new();
            let edits = (0..100)
                .map(|i| {
                    let d = batch * 100 + i;
                    let text = if d % 10 == 9 {
                        chinese(&mut rng, CHARS)
                    } else {
                        common::text(&mut rng, CHARS)
                    };
                    lengths.push(text.chars().count());
                    Edit::ImportDocument(NewDocument {
                        name: format!("interview {d:04}"),
                        text,
                        original_name: format!("interview {d:04}.txt"),
                        format: "txt".into(),
                        encoding: "UTF-8".into(),
                        source: Vec::new(),
                        pages: Vec::new(),
                    })
                })
                .collect();
            let Edit::Batch(inverses) = project.execute(Edit::Batch(edits)).expect("import") else {
                panic!("batch");
            };
            // The inverse lists the deletions in reverse order.
            for (inverse, len) in inverses.iter().rev().zip(lengths) {
                let Edit::DeleteDocument { id } = inverse else {
                    panic!("{inverse:?}");
                };
                docs.push((*id, len));
            }
        }
        for &(doc, len) in &docs {
            common::codings(
                &mut project,
                &mut rng,
                doc,
                len,
                &codes,
                CODINGS_PER_DOCUMENT,
            );
        }
        // Ten attributes of every type.
        let kinds = [
            (
                "region",
                AttributeKind::Choice(vec![
                    "Ili".into(),
                    "Bayan-Ölgii".into(),
                    "Almaty".into(),
                    "Altai".into(),
                ]),
            ),
            ("age", AttributeKind::Number),
            ("interviewed", AttributeKind::Date),
            ("urban", AttributeKind::YesNo),
            ("village", AttributeKind::Text),
            ("children", AttributeKind::Number),
            ("arrived", AttributeKind::Date),
            ("citizen", AttributeKind::YesNo),
            (
                "language",
                AttributeKind::Choice(vec!["Kazakh".into(), "Russian".into(), "Chinese".into()]),
            ),
            ("occupation", AttributeKind::Text),
        ];
        let mut ids = Vec::new();
        for (name, kind) in kinds {
            let Edit::DeleteAttribute { id } = project
                .execute(Edit::DefineAttribute {
                    scope: AttributeScope::Documents,
                    name: name.into(),
                    kind,
                })
                .expect("define")
            else {
                panic!("define");
            };
            ids.push(id);
        }
        let mut changes = Vec::new();
        for (k, &(doc, _)) in docs.iter().enumerate() {
            let owner = ValueOwner::Document(doc);
            let values = [
                ["Ili", "Bayan-Ölgii", "Almaty", "Altai"][k % 4].to_owned(),
                (20 + rng.below(60)).to_string(),
                format!(
                    "{}-{:02}-{:02}",
                    1990 + rng.below(30),
                    1 + rng.below(12),
                    1 + rng.below(28)
                ),
                if rng.below(2) == 0 { "yes" } else { "no" }.to_owned(),
                format!("village {}", rng.below(40)),
                rng.below(6).to_string(),
                format!(
                    "{}-{:02}-{:02}",
                    1991 + rng.below(30),
                    1 + rng.below(12),
                    1 + rng.below(28)
                ),
                if rng.below(3) == 0 { "no" } else { "yes" }.to_owned(),
                ["Kazakh", "Russian", "Chinese"][rng.below(3)].to_owned(),
                format!("occupation {}", rng.below(12)),
            ];
            for (&attribute, value) in ids.iter().zip(values) {
                changes.push(ValueChange {
                    owner,
                    attribute,
                    value: Some(value),
                });
            }
        }
        project.execute(Edit::SetValues(changes)).expect("values");
        // 50 informants, each interviewed in 20 documents.
        let cases = (0..50)
            .map(|c| NewCase {
                name: format!("informant {c:02}"),
                members: docs
                    .iter()
                    .skip(c)
                    .step_by(50)
                    .map(|&(document, _)| NewCaseMember {
                        document,
                        range: None,
                    })
                    .collect(),
            })
            .collect();
        project.execute(Edit::CreateCases(cases)).expect("cases");
        (dir, path)
    })
}

fn open() -> Project {
    Project::open(&workload().1, "bench").expect("open")
}

fn restriction(project: &Project, conditions: &[&str]) -> Restriction {
    let attributes = project.store().attributes().expect("attributes");
    Restriction {
        conditions: conditions
            .iter()
            .map(|c| parse_condition(&attributes, c).expect("condition"))
            .collect(),
        cases: Vec::new(),
    }
}

/// Loading codings, attributes and cases (no texts): what most views start from.
#[divan::bench(sample_count = 10)]
fn load_corpus(bencher: Bencher) {
    let project = open();
    bencher.bench_local(|| {
        let c = Corpus::load(&project, &Restriction::default()).expect("load");
        assert_eq!(c.codings.len(), DOCUMENTS * CODINGS_PER_DOCUMENT);
        c.codings.len()
    });
}

#[divan::bench(sample_count = 10)]
fn code_frequencies(bencher: Bencher) {
    let project = open();
    bencher.bench_local(|| {
        let c = Corpus::load(&project, &Restriction::default()).expect("load");
        frequencies(&c, true).rows.len()
    });
}

#[divan::bench(sample_count = 10, args = ["documents/codings", "cases/chars", "region/codings", "age>=40 documents/chars"])]
fn code_matrix(bencher: Bencher, which: &str) {
    let project = open();
    let region = project
        .store()
        .attribute_by_name(AttributeScope::Documents, "region")
        .expect("read")
        .expect("region");
    let (columns, count, conditions): (Columns, Count, &[&str]) = match which {
        "documents/codings" => (Columns::Documents, Count::Codings, &[]),
        "cases/chars" => (Columns::Cases, Count::Chars, &[]),
        "region/codings" => (Columns::Attribute(region.id), Count::Codings, &[]),
        _ => (Columns::Documents, Count::Chars, &["age>=40"]),
    };
    let restrict = restriction(&project, conditions);
    bencher.bench_local(|| {
        let c = Corpus::load(&project, &restrict).expect("load");
        let m = matrix(
            &c,
            &MatrixSpec {
                columns,
                count,
                subcodes: true,
            },
        )
        .expect("matrix");
        m.total
    });
}

#[divan::bench(sample_count = 10, args = ["overlap", "paragraph", "window:200"])]
fn code_cooccurrence(bencher: Bencher, by: &str) {
    let project = open();
    let by = Proximity::parse(by).expect("proximity");
    bencher.bench_local(|| {
        let c = if by == Proximity::Paragraph {
            Corpus::load_with_texts(&project, &Restriction::default())
        } else {
            Corpus::load(&project, &Restriction::default())
        }
        .expect("load");
        cooccurrence(&c, by).expect("co-occurrence").max_cell
    });
}

/// Every word of the 10 million characters (a tenth of them Chinese, segmented by jieba), with
/// the texts loaded. The first sample also loads jieba's dictionary.
#[divan::bench(sample_count = 5)]
fn word_frequency(bencher: Bencher) {
    let project = open();
    let stop = StopWords::builtin(&Language::ALL);
    bencher.bench_local(|| {
        let c = Corpus::load_with_texts(&project, &Restriction::default()).expect("load");
        let w = word_frequencies(&c, &TextChoice::default(), &stop).expect("words");
        assert!(w.tokens > 1_000_000);
        w.words.len()
    });
}

#[divan::bench(sample_count = 5, args = ["homeland", "故乡"])]
fn keyword_in_context(bencher: Bencher, word: &str) {
    let project = open();
    bencher.bench_local(|| {
        let c = Corpus::load_with_texts(&project, &Restriction::default()).expect("load");
        kwic(&c, &TextChoice::default(), word, 40)
            .expect("kwic")
            .len()
    });
}

/// Retrieval restricted by a document attribute and a case attribute-free case list.
#[divan::bench(sample_count = 10)]
fn retrieve_where(bencher: Bencher) {
    let project = open();
    let restrict = restriction(&project, &["region=Ili", "age>=40"]);
    bencher.bench_local(|| {
        retrieval::retrieve(
            &project,
            &Query {
                restrict: restrict.clone(),
                ..Query::default()
            },
        )
        .expect("retrieve")
        .excerpts
        .len()
    });
}

/// The first frame of an analysis view in the window once its data is ready: a fresh egui
/// context with the system's fonts (their atlas built by an empty frame before timing), the
/// view's result computed beforehand, then one frame timed — laying out every label of the
/// table, chart or network for the first time. Target: ≤ 100 ms.
#[cfg(feature = "gui")]
#[divan::bench(
    sample_count = 5,
    sample_size = 1,
    args = ["frequencies", "matrix", "matrix chart", "cooccurrence", "network", "words", "attributes"]
)]
fn view_first_frame(bencher: Bencher, which: &str) {
    use tamga::app::analysis_panel::{AnalysisUi, View};
    let project = open();
    let (view, chart) = match which {
        "frequencies" => (View::Frequencies, false),
        "matrix" => (View::Matrix, false),
        "matrix chart" => (View::Matrix, true),
        "cooccurrence" => (View::Cooccurrence, false),
        "network" => (View::Cooccurrence, true),
        "words" => (View::Words, false),
        _ => (View::Attributes, false),
    };
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 420.0),
        )),
        ..Default::default()
    };
    bencher
        .with_inputs(|| {
            let ctx = egui::Context::default();
            tamga::app::install_system_fonts(&ctx);
            let mut analysis = AnalysisUi::default();
            analysis.show(view);
            analysis.show_chart(chart);
            let mut out = Vec::new();
            let mut frame = ctx.run_ui(input(), |ui| {
                analysis.refresh(ui.ctx(), &project, (1, 1, 1, 1));
            });
            frame.textures_delta.clear();
            analysis.wait();
            (ctx, analysis, out.split_off(0))
        })
        .bench_local_values(|(ctx, mut analysis, mut out)| {
            let mut frame = ctx.run_ui(input(), |ui| {
                analysis.ui(ui, &mut out);
            });
            frame.textures_delta.clear();
            frame.shapes.len()
        });
}

/// Keywords in context in a corpus already loaded (as the window finds them: in the corpus
/// the word counts were made from).
#[divan::bench(sample_count = 5, args = ["homeland", "故乡"])]
fn keyword_in_context_in_the_loaded_corpus(bencher: Bencher, word: &str) {
    let project = open();
    let c = Corpus::load_with_texts(&project, &Restriction::default()).expect("load");
    bencher.bench_local(|| {
        kwic(&c, &TextChoice::default(), word, 40)
            .expect("kwic")
            .len()
    });
}
