//! Bidirectional paragraph layout (`app::paragraph_layout`), headless on the CPU with egui's
//! fonts and the system's (Noto Arabic and CJK from Debian's fonts-noto-core and
//! fonts-noto-cjk): laying out a 1,000-character mixed paragraph, a screenful of paragraphs, and
//! answering clicks and ranges.
//!
//! Text is about half Arabic-script (Uyghur and Kazakh words) and half Cyrillic Kazakh, Latin,
//! Chinese and numbers, in right-to-left and left-to-right paragraphs. "Cold" layouts start with
//! egui's galley cache emptied, as when a paragraph scrolls into view for the first time.
//!
//! Run: `cargo bench --bench paragraph_layout`. Figures are kept in BENCHMARKS.md.

#![expect(
    clippy::expect_used,
    reason = "benchmarks fail loudly by design: a failed setup or run must stop them"
)]

mod common;

use std::hint::black_box;

use common::Lcg;
use divan::Bencher;
use egui::text::TextFormat;
use egui::{Color32, FontId, pos2};
use tamga::app::paragraph_layout::{ParagraphLayout, ParagraphStyle, Section};
use tamga::bidi::Direction;

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

/// About `chars` characters, about half of them Arabic-script, in sentences.
fn mixed_paragraph(rng: &mut Lcg, chars: usize) -> String {
    let mut out = String::with_capacity(chars * 2);
    let mut count = 0;
    let mut arabic = 0;
    while count < chars {
        if count > 0 {
            out.push(' ');
            count += 1;
        }
        let word = if arabic * 2 <= count {
            ARABIC_SCRIPT[rng.below(ARABIC_SCRIPT.len())]
        } else {
            OTHER[rng.below(OTHER.len())]
        };
        let n = word.chars().count();
        if ARABIC_SCRIPT.contains(&word) {
            arabic += n;
        }
        out.push_str(word);
        count += n;
        if rng.below(9) == 0 {
            out.push('.');
            count += 1;
        }
    }
    out
}

fn style() -> ParagraphStyle {
    ParagraphStyle {
        // The reading view's column at its default font size: 38 ems of 15 points.
        width: 570.0,
        format: TextFormat {
            font_id: FontId::proportional(15.0),
            line_height: Some(22.5),
            color: Color32::from_gray(30),
            ..Default::default()
        },
        direction: Direction::Auto,
    }
}

/// A context with fonts loaded (and every glyph of the workload rasterized once).
fn context(texts: &[String]) -> egui::Context {
    let ctx = egui::Context::default();
    tamga::app::install_system_fonts(&ctx);
    let mut out = ctx.run_ui(egui::RawInput::default(), |_| {});
    out.textures_delta.clear();
    for text in texts {
        ParagraphLayout::build(&ctx, text, &style(), &[]);
    }
    empty_galley_cache(&ctx);
    ctx
}

/// Two passes without text: egui drops cached galleys not used in the pass before.
fn empty_galley_cache(ctx: &egui::Context) {
    for _ in 0..2 {
        let mut out = ctx.run_ui(egui::RawInput::default(), |_| {});
        out.textures_delta.clear();
    }
}

/// Codings washed across the paragraph: 12 sections with a background.
fn washes(chars: usize) -> Vec<Section> {
    (0..12)
        .map(|k| Section {
            range: k * chars / 12..k * chars / 12 + chars / 24,
            format: TextFormat {
                background: Color32::from_rgba_unmultiplied(200, 120, 40, 60),
                ..style().format
            },
        })
        .collect()
}

fn main() {
    divan::main();
}

/// One 1,000-character mixed paragraph (right to left: it starts with an Arabic-script word),
/// laid out with an empty galley cache.
#[divan::bench(sample_count = 50, sample_size = 1)]
fn layout_1000_char_mixed_paragraph(bencher: Bencher) {
    let text = mixed_paragraph(&mut Lcg(5), 1_000);
    let ctx = context(std::slice::from_ref(&text));
    bencher
        .with_inputs(|| empty_galley_cache(&ctx))
        .bench_local_values(|()| ParagraphLayout::build(&ctx, &text, &style(), &[]));
}

/// The same paragraph with 12 coded passages washed.
#[divan::bench(sample_count = 50, sample_size = 1)]
fn layout_1000_char_mixed_paragraph_with_12_washes(bencher: Bencher) {
    let text = mixed_paragraph(&mut Lcg(5), 1_000);
    let ctx = context(std::slice::from_ref(&text));
    let sections = washes(1_000);
    bencher
        .with_inputs(|| empty_galley_cache(&ctx))
        .bench_local_values(|()| ParagraphLayout::build(&ctx, &text, &style(), &sections));
}

/// A screenful: paragraphs of 150–600 characters until 40 lines (900 points) are filled, half
/// of them left-to-right Kazakh with Arabic-script words inside; empty galley cache.
#[divan::bench(sample_count = 50, sample_size = 1)]
fn layout_a_screenful(bencher: Bencher) {
    let mut rng = Lcg(9);
    let mut texts = Vec::new();
    let probe = context(&[]);
    let mut height = 0.0;
    while height < 900.0 {
        let len = 150 + rng.below(450);
        let mut text = mixed_paragraph(&mut rng, len);
        if texts.len() % 2 == 1 {
            text.insert_str(0, "Біз айттық: ");
        }
        height += ParagraphLayout::build(&probe, &text, &style(), &[])
            .size()
            .y
            + 13.5;
        texts.push(text);
    }
    let ctx = context(&texts);
    bencher
        .with_inputs(|| empty_galley_cache(&ctx))
        .bench_local_values(|()| {
            texts
                .iter()
                .map(|t| ParagraphLayout::build(&ctx, t, &style(), &[]).size().y)
                .sum::<f32>()
        });
}

/// 1,000 clicks at random points of the laid-out 1,000-character paragraph.
#[divan::bench(sample_count = 50)]
fn hit_test_1000_clicks(bencher: Bencher) {
    let text = mixed_paragraph(&mut Lcg(5), 1_000);
    let ctx = context(std::slice::from_ref(&text));
    let layout = ParagraphLayout::build(&ctx, &text, &style(), &[]);
    let size = layout.size();
    let mut rng = Lcg(17);
    let points: Vec<egui::Pos2> = (0..1_000)
        .map(|_| {
            pos2(
                rng.below(size.x as usize) as f32,
                rng.below(size.y as usize) as f32,
            )
        })
        .collect();
    bencher.bench_local(|| {
        points
            .iter()
            .map(|p| layout.offset_at(black_box(*p)))
            .sum::<usize>()
    });
}

/// The rectangles of 100 random ranges (10–200 characters) of the same paragraph.
#[divan::bench(sample_count = 50)]
fn rects_of_100_ranges(bencher: Bencher) {
    let text = mixed_paragraph(&mut Lcg(5), 1_000);
    let ctx = context(std::slice::from_ref(&text));
    let layout = ParagraphLayout::build(&ctx, &text, &style(), &[]);
    let chars = layout.char_count();
    let mut rng = Lcg(23);
    let ranges: Vec<std::ops::Range<usize>> = (0..100)
        .map(|_| {
            let start = rng.below(chars - 200);
            start..start + 10 + rng.below(190)
        })
        .collect();
    bencher.bench_local(|| {
        ranges
            .iter()
            .map(|r| layout.rects(black_box(r.clone())).len())
            .sum::<usize>()
    });
}
