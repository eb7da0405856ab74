//! Window benchmarks, headless on the CPU (egui frame + tessellation, no GPU), on a generated
//! document of 1,000,000 characters with 10,000 codings of 50 codes: Latin and Cyrillic, and
//! (the `half_arabic` benches) one that is half Arabic-script Uyghur and Kazakh, in right-to-left
//! paragraphs with Cyrillic, Chinese and numbers mixed in, and left-to-right ones with
//! Arabic-script words mixed in.
//!
//! Run: `cargo bench --bench window`. Figures and targets are kept in BENCHMARKS.md. Divan
//! reports medians; the p95 of scrolling frames is printed first, from its own run.

#![expect(
    clippy::expect_used,
    reason = "benchmarks fail loudly by design: a failed setup or run must stop them"
)]

mod common;

use std::time::{Duration, Instant};

use common::Lcg;
use divan::Bencher;
use egui::{Event, MouseWheelUnit, RawInput, Rect, pos2, vec2};
use tamga::app::{Command, Workbench};
use tamga::config::Config;
use tamga::domain::{Edit, TextRange};
use tamga::project::Project;

const SCREEN: egui::Vec2 = vec2(1400.0, 900.0);

struct Setup {
    _dir: tempfile::TempDir,
    ctx: egui::Context,
    bench: Workbench,
    /// The 1,000,000-character document.
    long: tamga::domain::DocumentId,
}

/// A temp dir on tmpfs when there is one, so commits' fsync (excluded from the targets) does
/// not dominate the click-to-frame figure.
fn temp_dir() -> tempfile::TempDir {
    let shm = std::path::Path::new("/dev/shm");
    if shm.is_dir() {
        tempfile::tempdir_in(shm).expect("temp dir")
    } else {
        tempfile::tempdir().expect("temp dir")
    }
}

const ARABIC_SCRIPT: &[&str] = &[
    "قازاق",
    "ئۇيغۇر",
    "كۆچ",
    "ۋەتەن",
    "تاريحي",
    "وتان",
    "ازاماتتىق",
    "شىنجاڭ",
    "موڭعولىيا",
    "بىز",
    "كەلدىك",
    "تىلى",
    "بالالار",
    "مەكتەپ",
    "ئائىلە",
    "ۇلت",
    "جەر",
    "«ۋەتەن»",
    "(كۆچمەن)",
    "ورالمان",
    "قانداس",
    "ٴبىراق",
];

const OTHER: &[&str] = &[
    "Біз",
    "Моңғолиядан",
    "келдік",
    "тарихи",
    "отан",
    "азаматтық",
    "oralman",
    "citizenship",
    "Almaty",
    "历史故乡",
    "公民身份",
    "1992",
    "2005",
    "12.5%",
    "—",
    "quota",
];

/// About `chars` characters, half of them Arabic-script: paragraphs of 40–80 words that
/// alternate between mostly Arabic-script (right to left, with a few other words) and mostly
/// other scripts (left to right, with a few Arabic-script words).
fn half_arabic(rng: &mut Lcg, chars: usize) -> String {
    let mut out = String::with_capacity(chars * 2);
    let (mut count, mut in_para, mut rtl) = (0, 0, true);
    while count < chars {
        if in_para > 0 {
            out.push(' ');
            count += 1;
        }
        let arabic = (rng.below(10) < 8) == rtl;
        let words = if arabic { ARABIC_SCRIPT } else { OTHER };
        let w = words[rng.below(words.len())];
        out.push_str(w);
        count += w.chars().count();
        in_para += 1;
        if in_para >= 40 + rng.below(40) {
            out.push_str(".\n\n");
            count += 3;
            in_para = 0;
            rtl = !rtl;
        }
    }
    out
}

fn setup() -> Setup {
    setup_with(common::text)
}

fn setup_with(long_text: fn(&mut Lcg, usize) -> String) -> Setup {
    let dir = temp_dir();
    let mut project =
        Project::create(&dir.path().join("w.tamga"), "window", "bench").expect("create");
    let mut rng = Lcg(3);
    // A short note is listed (and opened) first, so opening the long one can be measured.
    common::import(&mut project, "a short note", common::text(&mut rng, 2_000));
    let text = long_text(&mut rng, 1_000_000);
    let chars = text.chars().count();
    let doc = common::import(&mut project, "long interview", text);
    let codes = common::codes(&mut project, 50);
    common::codings(&mut project, &mut rng, doc, chars, &codes, 10_000);
    let mut bench = Workbench::new(Config::default());
    bench.remember_settings = false;
    bench.take_snapshots = false;
    bench.show_project(project);
    let ctx = egui::Context::default();
    tamga::app::install_system_fonts(&ctx);
    tamga::app::theme::apply(&ctx, Some(false));
    Setup {
        _dir: dir,
        ctx,
        bench,
        long: doc,
    }
}

fn input(events: Vec<Event>) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), SCREEN)),
        events,
        ..RawInput::default()
    }
}

/// One frame: egui pass plus tessellation.
fn frame(s: &mut Setup, events: Vec<Event>) -> usize {
    let out = s.ctx.run_ui(input(events), |ui| s.bench.ui(ui));
    s.ctx.tessellate(out.shapes, out.pixels_per_point).len()
}

fn scroll_event() -> Vec<Event> {
    vec![
        Event::PointerMoved(pos2(700.0, 450.0)),
        Event::MouseWheel {
            unit: MouseWheelUnit::Point,
            delta: vec2(0.0, -(SCREEN.y - 120.0)),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        },
    ]
}

/// The set-up with the long document open and drawn once.
fn setup_long_open() -> Setup {
    open_long(setup())
}

/// The set-up with the half-Arabic long document open and drawn once.
fn setup_half_arabic_open() -> Setup {
    open_long(setup_with(half_arabic))
}

fn open_long(mut s: Setup) -> Setup {
    s.bench.send(Command::OpenDocument(s.long));
    frame(&mut s, Vec::new());
    s
}

/// p95 of steady scrolling frames, measured over 400 frames after a short warm-up.
fn scroll_report(what: &str, mut s: Setup) {
    for _ in 0..5 {
        frame(&mut s, Vec::new());
    }
    let mut times: Vec<Duration> = (0..400)
        .map(|_| {
            let t = Instant::now();
            frame(&mut s, scroll_event());
            t.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "{what}scroll one screen per frame: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms over {} frames",
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[times.len() * 95 / 100].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        times.len()
    );
}

fn main() {
    scroll_report("", setup_long_open());
    scroll_report("half Arabic-script: ", setup_half_arabic_open());
    memo_typing_report();
    divan::main();
}

/// Typing a coding's memo at 10 keys a second with the retrieval panel open on every coding:
/// each keystroke is handled at the end of one frame and shown by the next; the longest and
/// the 95th-percentile frame per keystroke are printed.
fn memo_typing_report() {
    let mut s = setup_long_open();
    s.bench.bottom = Some(tamga::app::BottomTab::Retrieval);
    let coding = s
        .bench
        .model
        .as_ref()
        .and_then(|m| m.codings.get(m.codings.len() / 2))
        .map(|c| c.id)
        .expect("a coding");
    s.bench.view.selected_coding = Some(coding);
    for _ in 0..3 {
        frame(&mut s, Vec::new());
    }
    let mut memo = String::new();
    let mut worst: Vec<Duration> = Vec::new();
    for i in 0..120 {
        memo.push(if i % 6 == 5 { ' ' } else { 'ә' });
        s.bench.send(Command::EditMerging(
            Edit::SetCodingMemo {
                id: coding,
                memo: memo.clone(),
            },
            format!("memo-{coding}"),
        ));
        let t = Instant::now();
        frame(&mut s, Vec::new());
        let first = t.elapsed();
        let t = Instant::now();
        frame(&mut s, Vec::new());
        worst.push(first.max(t.elapsed()));
        std::thread::sleep(Duration::from_millis(100).saturating_sub(first + t.elapsed()));
    }
    worst.sort();
    println!(
        "memo typing, longest frame per keystroke: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms over {} keys",
        worst[worst.len() / 2].as_secs_f64() * 1e3,
        worst[worst.len() * 95 / 100].as_secs_f64() * 1e3,
        worst[worst.len() - 1].as_secs_f64() * 1e3,
        worst.len()
    );
}

/// From the click that opens the document to the first frame showing it: reading it and its
/// codings from the project, building the view model, laying out what is visible. (The click
/// is handled at the end of one frame; the next frame draws the document.)
#[divan::bench(sample_count = 10, sample_size = 1)]
fn first_frame_of_a_1m_char_document(bencher: Bencher) {
    first_frame(bencher, setup);
}

/// The first frame of the long document of a set-up, from the click that opens it.
fn first_frame(bencher: Bencher, setup: fn() -> Setup) {
    bencher
        .with_inputs(|| {
            let mut s = setup();
            frame(&mut s, Vec::new());
            s
        })
        .bench_local_values(|mut s| {
            s.bench.send(Command::OpenDocument(s.long));
            frame(&mut s, Vec::new());
            frame(&mut s, Vec::new());
            s
        });
}

/// Steady scrolling: one screen per frame.
#[divan::bench(sample_count = 200, sample_size = 1)]
fn scroll_one_screen_per_frame(bencher: Bencher) {
    let mut s = setup_long_open();
    bencher.bench_local(|| frame(&mut s, scroll_event()));
}

/// From the click that applies a code to the frame that shows the new highlight (the command
/// is handled at the end of the first frame; the second frame draws it).
#[divan::bench(sample_count = 100, sample_size = 1)]
fn apply_code_to_visible_frame(bencher: Bencher) {
    apply_code(bencher, setup_long_open());
}

/// A code applied to 30 characters near the top of the open document, to the frame showing it.
fn apply_code(bencher: Bencher, mut s: Setup) {
    let code = s.bench.codebook.entries[1].code.id;
    let mut rng = Lcg(11);
    bencher.bench_local(|| {
        let start = 200 + rng.below(800);
        s.bench.view.select(TextRange::new(start, start + 30));
        s.bench.send(Command::ApplyCode(code));
        frame(&mut s, Vec::new());
        frame(&mut s, Vec::new())
    });
}

/// Opening the half-Arabic document: as `first_frame_of_a_1m_char_document`.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn half_arabic_first_frame_of_a_1m_char_document(bencher: Bencher) {
    first_frame(bencher, || setup_with(half_arabic));
}

/// Steady scrolling through the half-Arabic document: one screen per frame.
#[divan::bench(sample_count = 200, sample_size = 1)]
fn half_arabic_scroll_one_screen_per_frame(bencher: Bencher) {
    let mut s = setup_half_arabic_open();
    bencher.bench_local(|| frame(&mut s, scroll_event()));
}

/// Applying a code in the half-Arabic document, to the frame that shows it.
#[divan::bench(sample_count = 100, sample_size = 1)]
fn half_arabic_apply_code_to_visible_frame(bencher: Bencher) {
    apply_code(bencher, setup_half_arabic_open());
}

/// Typing at 10 keys a second: each sample is one keystroke — the typed text sent as the
/// editor sends it (a deferred, merging edit) and the two frames that handle and show it. The
/// writer thread commits in the ~95 ms before the next key, outside the timing, as it would
/// between a person's keystrokes. The slowest sample bounds the longest frame while typing.
fn type_at_ten_keys_a_second(
    bencher: Bencher,
    mut s: Setup,
    key: &str,
    edit: impl Fn(&str) -> Edit,
) {
    for _ in 0..3 {
        frame(&mut s, Vec::new());
    }
    let mut typed = String::new();
    let mut n = 0_usize;
    bencher
        .with_inputs(|| {
            std::thread::sleep(Duration::from_millis(95));
            n += 1;
            if n.is_multiple_of(6) { ' ' } else { 'ә' }
        })
        .bench_local_values(|c| {
            typed.push(c);
            s.bench
                .send(Command::EditMerging(edit(&typed), key.to_owned()));
            frame(&mut s, Vec::new());
            frame(&mut s, Vec::new())
        });
    if let Some(project) = &mut s.bench.project {
        project.flush();
    }
}

/// A coding's memo in the inspector, with the retrieval panel open on every coding.
#[divan::bench(sample_count = 100, sample_size = 1)]
fn type_a_coding_memo_with_retrieval_open(bencher: Bencher) {
    let mut s = setup_long_open();
    s.bench.bottom = Some(tamga::app::BottomTab::Retrieval);
    let coding = s
        .bench
        .model
        .as_ref()
        .and_then(|m| m.codings.get(m.codings.len() / 2))
        .map(|c| c.id)
        .expect("a coding");
    s.bench.view.selected_coding = Some(coding);
    type_at_ten_keys_a_second(bencher, s, &format!("memo-{}", coding.0), |text| {
        Edit::SetCodingMemo {
            id: coding,
            memo: text.to_owned(),
        }
    });
}

/// A code's definition on its card in the inspector (each burst also keeps one history entry
/// up to date), with the retrieval panel open on every coding.
#[divan::bench(sample_count = 100, sample_size = 1)]
fn type_a_definition_with_retrieval_open(bencher: Bencher) {
    let mut s = setup_long_open();
    s.bench.bottom = Some(tamga::app::BottomTab::Retrieval);
    let code = s.bench.codebook.entries[1].code.id;
    s.bench.send(Command::SelectCode(Some(code)));
    type_at_ten_keys_a_second(
        bencher,
        s,
        &format!("card-{}-when_to_use", code.0),
        |text| Edit::DefineCode {
            id: code,
            field: tamga::domain::CodeField::WhenToUse,
            text: text.to_owned(),
        },
    );
}

/// A journal entry in the memo panel, with 2,000 coding memos, 200 journal entries and a
/// definition on each of the 50 codes listed there.
#[divan::bench(sample_count = 100, sample_size = 1)]
fn type_a_journal_entry_in_the_memo_panel(bencher: Bencher) {
    let mut s = setup_long_open();
    let mut rng = Lcg(12);
    let project = s.bench.project.as_mut().expect("a project");
    let mut edits: Vec<Edit> = project
        .store()
        .all_codings()
        .expect("codings")
        .iter()
        .step_by(5)
        .map(|c| Edit::SetCodingMemo {
            id: c.id,
            memo: common::text(&mut rng, 200),
        })
        .collect();
    for i in 0..200 {
        edits.push(Edit::WriteMemo {
            target: tamga::domain::MemoTarget::Project,
            title: format!("Day {i}"),
            body: common::text(&mut rng, 1_000),
            coder: "bench".into(),
        });
    }
    for code in project.codebook().expect("codebook") {
        edits.push(Edit::DefineCode {
            id: code.code.id,
            field: tamga::domain::CodeField::Description,
            text: common::text(&mut rng, 150),
        });
    }
    project.execute(Edit::Batch(edits)).expect("memos");
    s.bench.bottom = Some(tamga::app::BottomTab::Memos);
    s.bench
        .send(Command::NewMemo(tamga::domain::MemoTarget::Project));
    frame(&mut s, Vec::new());
    let id = s
        .bench
        .project
        .as_ref()
        .expect("a project")
        .store()
        .memos()
        .expect("memos")
        .iter()
        .map(|m| m.id)
        .max()
        .expect("the new entry");
    type_at_ten_keys_a_second(bencher, s, &format!("memo-text-{}", id.0), |text| {
        Edit::EditMemo {
            id,
            title: "Today".into(),
            body: text.to_owned(),
            modified_at: None,
        }
    });
}

/// Document ▸ Edit text on the 1,000,000-character document with 10,000 codings: one typed
/// letter inside the first paragraph, from the frame that takes the key to the frame that
/// shows it (the change is sent to the writer thread, which commits it on its own connection;
/// the editor moves its copy of the codings at once).
#[divan::bench(sample_count = 100, sample_size = 1)]
fn keystroke_in_edit_mode_to_visible_frame(bencher: Bencher) {
    let mut s = setup_long_open();
    s.bench.send(Command::Action(tamga::app::Action::EditText));
    frame(&mut s, Vec::new());
    frame(&mut s, Vec::new());
    assert!(s.bench.editor.is_some(), "editing mode is on");
    // Click into the first paragraph's field.
    let at = pos2(500.0, 320.0);
    let click = |pressed| Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    };
    frame(&mut s, vec![Event::PointerMoved(at), click(true)]);
    frame(&mut s, vec![click(false)]);
    frame(&mut s, Vec::new());
    let before = s.bench.editor.as_ref().map(|e| e.text().len());
    frame(&mut s, vec![Event::Text("a".into())]);
    let after = s.bench.editor.as_ref().map(|e| e.text().len());
    assert_ne!(before, after, "the typed letter reached the editor");
    bencher.bench_local(|| {
        frame(&mut s, vec![Event::Text("a".into())]);
        frame(&mut s, Vec::new())
    });
}
