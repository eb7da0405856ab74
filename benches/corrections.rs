//! Correction benchmarks on a generated document of 1,000,000 characters with 10,000 codings:
//! one keystroke through the store (the window's edit mode commits each), and re-importing a
//! corrected version (alignment, carrying the codings, and the one edit).
//!
//! Run: `cargo bench --no-default-features --bench corrections`. Figures in BENCHMARKS.md. The
//! project sits on tmpfs, so the commit's fsync (excluded by the targets) does not count.

#![expect(
    clippy::expect_used,
    reason = "benchmarks fail loudly by design: a failed setup or run must stop them"
)]

mod common;

use std::cell::RefCell;

use common::Lcg;
use divan::Bencher;
use tamga::corrections::reimport;
use tamga::domain::{CorrectionKind, DocumentId, Edit, NewDocument, TextChange, TextEdit};
use tamga::project::Project;

fn main() {
    divan::main();
}

fn temp_dir() -> tempfile::TempDir {
    let shm = std::path::Path::new("/dev/shm");
    if shm.is_dir() {
        tempfile::tempdir_in(shm).expect("temp dir")
    } else {
        tempfile::tempdir().expect("temp dir")
    }
}

struct Setup {
    _dir: tempfile::TempDir,
    project: Project,
    doc: DocumentId,
    text: String,
}

fn setup() -> Setup {
    let dir = temp_dir();
    let mut project =
        Project::create(&dir.path().join("c.tamga"), "corrections", "bench").expect("create");
    let mut rng = Lcg(11);
    let text = common::text(&mut rng, 1_000_000);
    let chars = text.chars().count();
    let doc = common::import(&mut project, "long interview", text.clone());
    let codes = common::codes(&mut project, 50);
    common::codings(&mut project, &mut rng, doc, chars, &codes, 10_000);
    Setup {
        _dir: dir,
        project,
        doc,
        text,
    }
}

/// One keystroke: a character typed at a random place (inside a coded passage or not),
/// committed through `Project::execute` — the text, the codings after it, the passages of
/// those it falls in, the correction log.
#[divan::bench(sample_count = 40, sample_size = 1)]
fn one_keystroke_in_1m_chars_with_10k_codings(bencher: Bencher) {
    let setup = RefCell::new(setup());
    let rng = RefCell::new(Lcg(5));
    let chars = setup.borrow().text.chars().count();
    bencher.bench_local(|| {
        let mut s = setup.borrow_mut();
        let at = rng.borrow_mut().below(chars);
        let doc = s.doc;
        s.project
            .execute(Edit::ChangeText(Box::new(TextEdit::new(
                doc,
                vec![TextChange::insert(at, "x")],
                CorrectionKind::Edit,
                "bench",
            ))))
            .expect("keystroke")
    });
}

/// The corrected version: 200 words changed, a paragraph inserted, one deleted, a dash
/// changed in every tenth paragraph.
fn corrected(text: &str) -> String {
    let mut paragraphs: Vec<String> = text.split("\n\n").map(str::to_owned).collect();
    let mut rng = Lcg(17);
    for _ in 0..200 {
        let p = rng.below(paragraphs.len());
        paragraphs[p] = paragraphs[p].replacen("the ", "thee ", 1);
    }
    for p in paragraphs.iter_mut().step_by(10) {
        *p = p.replacen('.', "!", 1);
    }
    let gone = paragraphs.len() / 3;
    paragraphs.remove(gone);
    paragraphs.insert(
        paragraphs.len() / 2,
        "A paragraph the transcriber had missed, now typed in.".to_owned(),
    );
    paragraphs.join("\n\n")
}

/// Re-import with alignment: preview (align 1,000,000 characters, carry 10,000 codings) and
/// apply the one edit. Each sample starts from the original text (undone outside the timing).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn reimport_1m_chars_with_10k_codings(bencher: Bencher) {
    let setup = RefCell::new(setup());
    let new_text = corrected(&setup.borrow().text);
    let applied = RefCell::new(false);
    bencher
        .with_inputs(|| {
            let mut s = setup.borrow_mut();
            if applied.replace(false) {
                s.project.undo().expect("undo");
            }
            NewDocument {
                name: "long interview".into(),
                text: new_text.clone(),
                original_name: "long interview v2.txt".into(),
                format: "txt".into(),
                encoding: "UTF-8".into(),
                source: new_text.as_bytes().to_vec(),
                pages: Vec::new(),
            }
        })
        .bench_local_values(|new| {
            let mut s = setup.borrow_mut();
            let doc = s.doc;
            let plan = reimport::plan(s.project.store(), doc, &new, "bench").expect("plan");
            s.project.execute(plan.edit()).expect("reimport");
            applied.replace(true);
            plan.codings.len()
        });
}
