//! Right-to-left and mixed-direction text in the reading view (issue 14): a drag over an
//! Arabic-script word stores that word's logical offsets, Shift+arrows move in visual order, a
//! coding across a change of direction is washed as several rectangles, and stripes sit on the
//! paragraph's start side.

use tamga::domain::CodingId;

use super::*;

/// A Uyghur paragraph (right to left), a Cyrillic line with a Uyghur phrase and a number in it
/// (left to right), and an English one.
const MIXED: &str = "ئۇلار 1962-يىلى چېگرادىن ئۆتۈپ كەتتى.\n\nБіз ئېلىم كۆچ 2014 жыл\n\nA third paragraph in English.";

fn bidi_fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bidi.tamga");
    let mut project = Project::create(&path, "Bidi", "Aigerim").unwrap();
    project
        .execute(Edit::ImportDocument(NewDocument {
            name: "notes".into(),
            text: MIXED.into(),
            original_name: "notes.txt".into(),
            format: "txt".into(),
            encoding: "UTF-8".into(),
            source: MIXED.as_bytes().to_vec(),
            pages: Vec::new(),
        }))
        .unwrap();
    project.ensure_code_path("Borders").unwrap();
    project.ensure_code_path("Belonging").unwrap();
    let config = Config {
        coder: Some("Aigerim".into()),
        ..Config::default()
    };
    let mut bench = Workbench::new(config);
    bench.remember_settings = false;
    bench.show_project(project);
    let mut harness = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_context_setup(|ctx| {
            tamga::app::install_system_fonts(ctx);
            tamga::app::theme::apply(ctx, Some(false));
        })
        .build_ui_state(|ui, bench: &mut Workbench| bench.ui(ui), bench);
    harness.run();
    Fixture { _dir: dir, harness }
}

/// The char range of `quote` in `MIXED`, counted here from the text alone.
fn chars_of(quote: &str) -> TextRange {
    let byte = MIXED.find(quote).unwrap();
    let start = MIXED[..byte].chars().count();
    TextRange::new(start, start + quote.chars().count())
}

fn code(h: &mut Harness<'_, Workbench>, path: &str, range: TextRange) -> CodingId {
    let project = h.state_mut().project.as_mut().unwrap();
    let document = project.store().document_by_name("notes").unwrap().unwrap();
    let code = project.find_code_path(path).unwrap().unwrap();
    project
        .execute(Edit::ApplyCoding {
            document,
            code,
            range,
            coder: "Aigerim".into(),
            memo: String::new(),
        })
        .unwrap();
    h.run();
    h.run();
    codings(h).iter().find(|c| c.range == range).unwrap().id
}

#[test]
fn dragging_over_a_uyghur_word_and_clicking_a_code_stores_that_word() {
    let Fixture { _dir, mut harness } = bidi_fixture();
    let word = chars_of("چېگرادىن");
    assert_eq!(word, TextRange::new(16, 24), "counted by hand");
    let start = char_pos(&harness, word.start);
    let end = char_pos(&harness, word.end);
    // The word reads right to left: its first letter is on the right.
    assert!(start.x > end.x + 20.0, "{start:?} {end:?}");
    // And it sits left of the paragraph's first word, which starts at the right edge.
    let first = char_pos(&harness, 0);
    let g = harness.state().view.geometry();
    assert!(
        (first.x - (g.text_left + g.width)).abs() < 1.5,
        "{first:?} {g:?}"
    );
    assert!(start.x < first.x - 40.0);
    // A hand drags from just inside the first letter to just inside the last.
    drag(&mut harness, start - vec2(1.0, 0.0), end + vec2(1.0, 0.0));
    assert_eq!(harness.state().view.selected_range(), Some(word));
    harness
        .get_by_role_and_label(Role::TreeItem, "Borders")
        .click();
    harness.run();
    let stored = codings(&harness);
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].range, word);
    assert_eq!(stored[0].text, "چېگرادىن");
}

#[test]
fn shift_arrows_in_a_right_to_left_phrase_move_on_screen_not_in_storage_order() {
    let Fixture { _dir, mut harness } = bidi_fixture();
    // "ئېلىم" inside the Cyrillic line: letters 0 ئ 1 ې 2 ل 3 ى 4 م, drawn right to left.
    let phrase = chars_of("ئېلىم");
    // The caret between ل and ى: on screen ل is right of it, ى left of it.
    let at = phrase.start + 3;
    let pos = char_pos(&harness, at) + vec2(0.5, 0.0);
    press(&mut harness, pos, true);
    press(&mut harness, pos, false);
    harness.run();
    assert_eq!(harness.state().view.selection.map(|s| s.cursor), Some(at));
    // Right twice passes over ل and ې, which come before the caret in storage.
    for _ in 0..2 {
        harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
        harness.run();
    }
    assert_eq!(
        harness.state().view.selected_range(),
        Some(TextRange::new(at - 2, at))
    );
    assert_eq!(
        harness.state().view.selection.map(|s| s.cursor),
        Some(at - 2)
    );
    // Left four times: back over ې and ل, then over ى and م, which come after it.
    for _ in 0..4 {
        harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowLeft);
        harness.run();
    }
    assert_eq!(
        harness.state().view.selected_range(),
        Some(TextRange::new(at, at + 2))
    );
    // In the Cyrillic word of the same line, Right goes forward as usual.
    let biz = chars_of("Біз").start;
    let pos = char_pos(&harness, biz + 1) + vec2(0.5, 0.0);
    press(&mut harness, pos, true);
    press(&mut harness, pos, false);
    harness.run();
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    harness.run();
    assert_eq!(
        harness.state().view.selected_range(),
        Some(TextRange::new(biz + 1, biz + 2))
    );
}

#[test]
fn a_coding_across_a_change_of_direction_is_washed_in_pieces_with_its_stripe_on_the_start_side() {
    let Fixture { _dir, mut harness } = bidi_fixture();
    // "з ئېلىم": the end of a Cyrillic word, a space and a Uyghur word. On screen the Uyghur
    // word is at the far end of the right-to-left run ("2014 كۆچ ئېلىم" drawn as one block),
    // away from "з ".
    let across = chars_of("з ئېلىم");
    let ltr = code(&mut harness, "Belonging", across);
    // A coding in the right-to-left paragraph.
    let rtl = code(&mut harness, "Borders", chars_of("ئۆتۈپ كەتتى"));
    let bench = harness.state();
    let model = bench.model.as_ref().unwrap();
    let g = bench.view.geometry();
    let washes = bench.view.wash_rects(model, ltr);
    assert!(washes.len() >= 2, "one band per piece: {washes:?}");
    let z = char_pos(&harness, across.start);
    assert!(
        washes.iter().any(|r| r.contains(z + vec2(2.0, 0.0))),
        "{washes:?} {z:?}"
    );
    // The pieces do not overlap.
    for (i, a) in washes.iter().enumerate() {
        for b in &washes[i + 1..] {
            assert!(!a.intersects(b.shrink(0.5)), "{a:?} {b:?}");
        }
    }
    let left = bench.view.stripe_rects(model, ltr);
    assert_eq!(left.len(), 1);
    assert!(left[0].right() < g.text_left, "{left:?} {g:?}");
    let right = bench.view.stripe_rects(model, rtl);
    assert_eq!(right.len(), 1);
    assert!(right[0].left() > g.text_left + g.width, "{right:?} {g:?}");
    // The right-to-left coding's wash is one band, on the left part of the line.
    let band = bench.view.wash_rects(model, rtl);
    assert_eq!(band.len(), 1);
    assert!(band[0].right() < g.text_left + g.width - 40.0, "{band:?}");
}

/// Every glyph with ink painted inside `rect` in the last frame: its char and horizontal centre.
fn glyphs_in(h: &Harness<'_, Workbench>, rect: egui::Rect) -> Vec<(char, f32)> {
    fn walk(shape: &egui::Shape, rect: egui::Rect, out: &mut Vec<(char, f32)>) {
        match shape {
            egui::Shape::Vec(shapes) => {
                for s in shapes {
                    walk(s, rect, out);
                }
            }
            egui::Shape::Text(t) => {
                for row in &t.galley.rows {
                    for g in &row.row.glyphs {
                        if g.uv_rect.is_nothing() {
                            continue;
                        }
                        let x = t.pos.x + row.pos.x + g.pos.x + g.advance_width / 2.0;
                        let y = t.pos.y + row.pos.y + g.pos.y;
                        if rect.contains(egui::pos2(x, y)) {
                            out.push((g.chr, x));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in &h.output().shapes {
        walk(&clipped.shape, rect, &mut out);
    }
    out
}

/// The centre of the one glyph of `c` among `glyphs`.
fn x_of(glyphs: &[(char, f32)], c: char) -> f32 {
    let found: Vec<f32> = glyphs.iter().filter(|g| g.0 == c).map(|g| g.1).collect();
    assert_eq!(found.len(), 1, "one {c:?} in {glyphs:?}");
    found[0]
}

#[test]
fn excerpts_and_code_names_in_arabic_script_read_right_to_left_outside_the_reading_view() {
    let Fixture { _dir, mut harness } = bidi_fixture();
    // A code named in Arabic-script Kazakh, two words: "ۋەتەن" ("homeland") then "ۇعىمى".
    harness
        .state_mut()
        .project
        .as_mut()
        .unwrap()
        .ensure_code_path("ۋەتەن ۇعىمى")
        .unwrap();
    // Two Uyghur words: "ئۆتۈپ" then "كەتتى".
    code(&mut harness, "ۋەتەن ۇعىمى", chars_of("ئۆتۈپ كەتتى"));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    harness.run();
    harness.run();

    // In the retrieval panel the first word stands right of the second, and the line ends at
    // the panel's right side (a right-to-left paragraph is right-aligned).
    let excerpt = harness.get_by_label("ئۆتۈپ كەتتى").rect();
    let glyphs = glyphs_in(&harness, excerpt);
    assert!(x_of(&glyphs, 'پ') > x_of(&glyphs, 'ك'), "{glyphs:?}");
    assert!(x_of(&glyphs, 'ئ') > x_of(&glyphs, 'ى'), "{glyphs:?}");
    let rightmost = glyphs.iter().map(|g| g.1).fold(f32::MIN, f32::max);
    assert!(
        excerpt.right() - rightmost < 30.0,
        "{excerpt:?} {rightmost}"
    );

    // In the code tree, the name's first word is drawn right of its second.
    let row = harness
        .get_by_role_and_label(Role::TreeItem, "ۋەتەن ۇعىمى")
        .rect();
    let glyphs = glyphs_in(&harness, row);
    assert!(x_of(&glyphs, 'ۋ') > x_of(&glyphs, 'ۇ'), "{glyphs:?}");
    // ... and it starts where Latin names start, after the swatch.
    let latin = harness
        .get_by_role_and_label(Role::TreeItem, "Borders")
        .rect();
    let leftmost = glyphs.iter().map(|g| g.1).fold(f32::MAX, f32::min);
    let latin_left = glyphs_in(&harness, latin)
        .iter()
        .map(|g| g.1)
        .fold(f32::MAX, f32::min);
    assert!(
        (leftmost - latin_left).abs() < 12.0,
        "{leftmost} {latin_left}"
    );
}
