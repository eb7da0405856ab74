//! The coding loop as a researcher met it (issue 9): the picker's choice, selection and Delete,
//! word steps, editor keys, reach of the codebook tree and long lists, dialogs that fit, what a
//! screen reader hears, and how the reading view lays out margins, overlaps and washes.

use egui_kittest::kittest::NodeT as _;
use tamga::domain::CodingId;

use super::*;

fn open_picker_and_type(h: &mut Harness<'_, Workbench>, typed: &str) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    h.get_by_label("Code name").type_text(typed);
    h.run();
}

#[test]
fn a_new_name_whose_letters_scatter_over_a_code_creates_the_code_instead_of_applying_it() {
    let Fixture { _dir, mut harness } = fixture();
    harness
        .state_mut()
        .project
        .as_mut()
        .unwrap()
        .ensure_code_path("Belonging/insiders and outsiders")
        .unwrap();
    harness.run();
    let range = drag_select(&mut harness, "second paragraph");
    open_picker_and_type(&mut harness, "gender");
    // What Enter will do is said in words before it is pressed.
    harness.get_by_label("Enter creates the code “gender” and applies it");
    harness.key_press(Key::Enter);
    harness.run();
    let gender = code_id(&harness, "gender").expect("the picker created “gender”");
    let on_range: Vec<CodeId> = codings(&harness)
        .iter()
        .filter(|c| c.range == range)
        .map(|c| c.code)
        .collect();
    assert_eq!(on_range, vec![gender]);
    assert_eq!(count(&harness, "Belonging/insiders and outsiders"), Some(0));
}

#[test]
fn a_prefix_or_word_start_is_preselected_and_the_picker_does_not_move_while_typing() {
    let Fixture { _dir, mut harness } = fixture();
    let range = drag_select(&mut harness, "their own modernity");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    let before = harness.get_by_label("Code name").rect();
    harness.get_by_label("Code name").type_text("citiz");
    harness.run();
    assert_eq!(
        harness.get_by_label("Code name").rect(),
        before,
        "the picker moved"
    );
    harness.get_by_label("Enter applies “Belonging/citizenship”");
    harness.get_by_label("Code name").type_text("zzzz");
    harness.run();
    assert_eq!(
        harness.get_by_label("Code name").rect(),
        before,
        "the picker moved"
    );
    harness.key_press(Key::Escape);
    harness.run();
    open_picker_and_type(&mut harness, "mod");
    harness.key_press(Key::Enter);
    harness.run();
    let modernity = code_id(&harness, "Modernity").unwrap();
    assert!(
        codings(&harness)
            .iter()
            .any(|c| c.code == modernity && c.range == range)
    );
}

#[test]
fn selecting_new_text_deselects_the_coding_and_delete_then_removes_nothing() {
    let Fixture { _dir, mut harness } = fixture();
    let coded = text::find_occurrence(TEXT, "тарихи отан", 1).unwrap();
    let inside = char_pos(&harness, coded.start + 3);
    press(&mut harness, inside, true);
    press(&mut harness, inside, false);
    harness.run();
    assert!(
        harness.state().view.selected_coding.is_some(),
        "the click selected the coding"
    );
    drag_select(&mut harness, "second paragraph");
    assert_eq!(harness.state().view.selected_coding, None);
    harness.key_press(Key::Delete);
    harness.run();
    assert_eq!(
        codings(&harness).len(),
        1,
        "Delete removed a coding that was not selected"
    );
}

#[test]
fn growing_a_coding_that_ends_a_paragraph_takes_the_next_word_not_a_space() {
    let Fixture { _dir, mut harness } = fixture();
    let end_of_para = text::find_occurrence(TEXT, "their own modernity.", 1).unwrap();
    let project = harness.state_mut().project.as_mut().unwrap();
    let code = project.find_code_path("Belonging").unwrap().unwrap();
    let doc = project
        .store()
        .document_by_name("interview")
        .unwrap()
        .unwrap();
    project
        .execute(Edit::ApplyCoding {
            document: doc,
            code,
            range: end_of_para,
            coder: "Aigerim".into(),
            memo: String::new(),
        })
        .unwrap();
    harness.run();
    let id = codings(&harness)
        .iter()
        .find(|c| c.range == end_of_para)
        .unwrap()
        .id;
    harness.state_mut().view.selected_coding = Some(id);
    harness.run();
    harness.key_press_modifiers(Modifiers::ALT | Modifiers::SHIFT, Key::ArrowRight);
    harness.run();
    let grown = codings(&harness).into_iter().find(|c| c.id == id).unwrap();
    // Worked out by hand: the next word is "A", the first of the next paragraph.
    let next_word = text::find_occurrence(TEXT, "A second", 1).unwrap();
    assert_eq!(
        grown.range,
        TextRange::new(end_of_para.start, next_word.start + 1)
    );
    assert!(grown.text.ends_with("\n\nA"), "{:?}", grown.text);
    // Shrinking goes back over the word and the breaks before it.
    harness.key_press_modifiers(Modifiers::ALT | Modifiers::SHIFT, Key::ArrowLeft);
    harness.run();
    let shrunk = codings(&harness).into_iter().find(|c| c.id == id).unwrap();
    assert_eq!(shrunk.range.end, end_of_para.end);
}

/// Puts the caret at `offset` by clicking there, giving the reading view the keyboard.
fn caret_at(h: &mut Harness<'_, Workbench>, offset: usize) {
    let pos = char_pos(h, offset) + vec2(0.5, 0.0);
    press(h, pos, true);
    press(h, pos, false);
    h.run();
    assert_eq!(h.state().view.selection.map(|s| s.cursor), Some(offset));
}

#[test]
fn selection_keys_work_as_in_a_text_editor_and_a_fast_chord_is_never_dropped() {
    let Fixture { _dir, mut harness } = fixture();
    let here = text::find_occurrence(TEXT, "Here the coded", 1)
        .unwrap()
        .start;
    // Ctrl+Shift+Right extends by a word.
    caret_at(&mut harness, here);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::ArrowRight);
    harness.run();
    assert_eq!(
        harness.state().view.selected_range(),
        Some(TextRange::new(here, here + "Here".chars().count()))
    );
    // Two Shift+Right presses in one frame move two characters.
    caret_at(&mut harness, here);
    for _ in 0..2 {
        harness.event(Event::Key {
            key: Key::ArrowRight,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::SHIFT,
        });
    }
    harness.run();
    assert_eq!(
        harness.state().view.selected_range(),
        Some(TextRange::new(here, here + 2))
    );
    // Shift+End and Shift+Home reach the ends of the line; on one short line that is the
    // paragraph's end and start.
    let second = text::find_occurrence(TEXT, "A second paragraph, short.", 1).unwrap();
    caret_at(&mut harness, second.start + 2);
    harness.key_press_modifiers(Modifiers::SHIFT, Key::End);
    harness.run();
    assert_eq!(
        harness.state().view.selected_range(),
        Some(TextRange::new(second.start + 2, second.end))
    );
    harness.key_press_modifiers(Modifiers::SHIFT, Key::Home);
    harness.run();
    assert_eq!(
        harness.state().view.selected_range(),
        Some(TextRange::new(second.start, second.start + 2))
    );
    // Shift+Up from the second paragraph reaches into the first.
    caret_at(&mut harness, second.start + 2);
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowUp);
    harness.run();
    let up = harness.state().view.selected_range().unwrap();
    assert_eq!(up.end, second.start + 2);
    assert!(up.start < second.start, "{up:?}");
    // Shift+Down brings the caret back down to where it was.
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowDown);
    harness.run();
    assert_eq!(
        harness.state().view.selection.map(|s| s.cursor),
        Some(second.start + 2)
    );
    // Ctrl+A selects the paragraph, then everything.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    assert_eq!(harness.state().view.selected_range(), Some(second));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    assert_eq!(
        harness.state().view.selected_range(),
        Some(TextRange::new(0, text::char_len(TEXT)))
    );
}

/// A project with many codes, so the tree scrolls.
fn crowded() -> Fixture {
    let mut f = fixture();
    let harness = &mut f.harness;
    {
        let project = harness.state_mut().project.as_mut().unwrap();
        for i in 0..60 {
            project.ensure_code_path(&format!("Group {i:02}")).unwrap();
        }
    }
    harness.run();
    f
}

fn on_screen(h: &Harness<'_, Workbench>, rect: egui::Rect) -> bool {
    let screen = h.ctx.content_rect();
    rect.top() >= screen.top() && rect.bottom() <= screen.bottom()
}

#[test]
fn a_code_created_below_the_visible_tree_is_scrolled_into_view_and_selected() {
    let Fixture { _dir, mut harness } = crowded();
    harness.get_by_label("+ Code").click();
    harness.run();
    harness.get_by_label("New code:").type_text("zz last");
    harness.key_press(Key::Enter);
    harness.run();
    harness.run();
    let id = code_id(&harness, "zz last").expect("created");
    assert_eq!(harness.state().selected_code, Some(id));
    let row = harness
        .get_by_role_and_label(Role::TreeItem, "zz last")
        .rect();
    assert!(
        on_screen(&harness, row),
        "the new code is off screen at {row:?}"
    );
}

#[test]
fn merge_into_is_a_filtered_list_and_the_target_is_shown() {
    let Fixture { _dir, mut harness } = crowded();
    harness
        .get_by_role_and_label(Role::TreeItem, "citizenship")
        .click_secondary();
    harness.run();
    harness.get_by_label("Merge into").click();
    harness.run();
    harness
        .get_by_label("Find the code to merge into")
        .type_text("group 59");
    harness.run();
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Group 58")
            .is_none(),
        "the list is not filtered"
    );
    harness
        .get_by_role_and_label(Role::Button, "Group 59")
        .click();
    harness.run();
    harness.run();
    assert!(
        code_id(&harness, "Belonging/citizenship").is_none(),
        "not merged"
    );
    let target = code_id(&harness, "Group 59").unwrap();
    assert_eq!(harness.state().selected_code, Some(target));
    let row = harness
        .get_by_role_and_label(Role::TreeItem, "Group 59")
        .rect();
    assert!(on_screen(&harness, row));
}

#[test]
fn the_retrieval_code_list_can_be_filtered() {
    let Fixture { _dir, mut harness } = crowded();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    harness.run();
    harness.get_by_label("+ code").click();
    harness.run();
    harness.get_by_label("Find a code").type_text("own mod");
    harness.run();
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Group 07")
            .is_none()
    );
    harness
        .get_by_role_and_label(Role::Button, "Modernity/own modernity")
        .click();
    harness.run();
    let own = code_id(&harness, "Modernity/own modernity").unwrap();
    assert_eq!(harness.state().retrieval_ui.query.codes, vec![own]);
}

#[test]
fn the_shortcuts_dialog_fits_a_small_window() {
    let Fixture { _dir, mut harness } = fixture();
    harness.set_size(vec2(1024.0, 640.0));
    harness.run();
    harness.get_by_label("Help").click();
    harness.run();
    harness.get_by_label("Keyboard shortcuts").click();
    harness.run();
    let close = harness.get_by_label("Close").rect();
    assert!(
        on_screen(&harness, close),
        "Close is off screen at {close:?}"
    );
    let title = harness.get_by_label("Keyboard shortcuts").rect();
    assert!(on_screen(&harness, title));
}

#[test]
fn a_screen_reader_hears_the_text_its_codes_and_counts_and_named_buttons() {
    let Fixture { _dir, mut harness } = fixture();
    harness.get_by_role_and_label(Role::Paragraph, "¶2 A second paragraph, short.");
    harness.get_by_role_and_label(Role::Mark, "Coded Modernity: тарихи отан");
    let row = harness.get_by_role_and_label(Role::TreeItem, "Modernity");
    assert_eq!(
        row.accesskit_node().description().as_deref(),
        Some("1 coding")
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    harness.run();
    let id = harness.state().retrieval_ui.result().unwrap().excerpts[0].id_label();
    harness.get_by_label(&format!("Go to passage {id}"));
    harness.get_by_label(&format!("Copy citation {id}"));
}

#[test]
fn the_text_column_does_not_move_when_the_first_coding_appears() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::create(&dir.path().join("p.tamga"), "P", "A").unwrap();
    project
        .execute(Edit::ImportDocument(NewDocument {
            name: "uncoded".into(),
            text: TEXT.into(),
            original_name: "u.txt".into(),
            format: "txt".into(),
            encoding: "UTF-8".into(),
            source: Vec::new(),
            pages: Vec::new(),
        }))
        .unwrap();
    project.ensure_code_path("Theme").unwrap();
    let mut bench = Workbench::new(Config::default());
    bench.remember_settings = false;
    bench.take_snapshots = false;
    bench.show_project(project);
    let mut harness = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_context_setup(tamga::app::install_system_fonts)
        .build_ui_state(|ui, bench: &mut Workbench| bench.ui(ui), bench);
    harness.run();
    let before = harness.state().view.geometry();
    let first_char = char_pos(&harness, 0);
    let code = code_id(&harness, "Theme").unwrap();
    harness.state_mut().view.select(TextRange::new(0, 10));
    harness
        .state_mut()
        .send(tamga::app::Command::ApplyCode(code));
    harness.run();
    assert!((harness.state().view.geometry().text_left - before.text_left).abs() < 0.01);
    assert_eq!(char_pos(&harness, 0), first_char);
}

#[test]
fn on_a_small_window_the_label_margin_gives_way_to_a_readable_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sample.tamga");
    tamga::sample::write_sample(&path).unwrap();
    let mut bench = Workbench::new(Config::default());
    bench.remember_settings = false;
    bench.take_snapshots = false;
    bench.show_project(Project::open(&path, "A").unwrap());
    let mut harness = Harness::builder()
        .with_size(vec2(1024.0, 640.0))
        .with_context_setup(tamga::app::install_system_fonts)
        .build_ui_state(|ui, bench: &mut Workbench| bench.ui(ui), bench);
    harness.run();
    let g = harness.state().view.geometry();
    let font = harness.state().view.font_size;
    assert!(
        g.width >= font * tamga::app::theme::MIN_READING_WIDTH_EMS - 0.5,
        "text column {:.0} px at font {font}",
        g.width
    );
    assert!(
        g.label_width < tamga::app::theme::STRIPE_LABEL_WIDTH,
        "{g:?}"
    );
}

#[test]
fn five_codings_on_one_phrase_get_five_stacked_labels_and_nested_bands() {
    let Fixture { _dir, mut harness } = fixture();
    let phrase = text::find_occurrence(TEXT, "coded passage speaks", 1).unwrap();
    {
        let project = harness.state_mut().project.as_mut().unwrap();
        let doc = project
            .store()
            .document_by_name("interview")
            .unwrap()
            .unwrap();
        for (i, name) in ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"]
            .iter()
            .enumerate()
        {
            let code = project.ensure_code_path(name).unwrap();
            // Each a little shorter than the last, all starting together.
            project
                .execute(Edit::ApplyCoding {
                    document: doc,
                    code,
                    range: TextRange::new(phrase.start, phrase.end - i),
                    coder: "Aigerim".into(),
                    memo: String::new(),
                })
                .unwrap();
        }
    }
    harness.run();
    harness.run();
    let bench = harness.state();
    let model = bench.model.as_ref().unwrap();
    let on_phrase: Vec<CodingId> = model
        .codings
        .iter()
        .filter(|c| c.range.start == phrase.start)
        .map(|c| c.id)
        .collect();
    assert_eq!(on_phrase.len(), 5);
    let labels: Vec<egui::Rect> = bench
        .view
        .label_rects(model)
        .into_iter()
        .filter(|(_, id)| on_phrase.contains(id))
        .map(|(r, _)| r)
        .collect();
    assert_eq!(labels.len(), 5, "every coding is named");
    for (i, a) in labels.iter().enumerate() {
        for b in &labels[i + 1..] {
            assert!(!a.intersects(*b), "labels overlap: {a:?} {b:?}");
        }
    }
    // Nested: each shorter coding's band lies inside the longer one's, and is thinner.
    let bands: Vec<egui::Rect> = on_phrase
        .iter()
        .map(|id| bench.view.wash_rects(model, *id)[0])
        .collect();
    let mut heights: Vec<f32> = bands.iter().map(egui::Rect::height).collect();
    heights.sort_by(f32::total_cmp);
    heights.dedup_by(|a, b| (*a - *b).abs() < 0.1);
    assert!(heights.len() >= 3, "bands are not nested: {bands:?}");
}

#[test]
fn a_wash_is_one_even_band_per_line_across_fonts() {
    let Fixture { _dir, mut harness } = fixture();
    // Cyrillic, Chinese and an emoji in one coded passage, on one line.
    let mixed = text::find_occurrence(TEXT, "дейді, 历史故乡 🙂", 1).unwrap();
    {
        let project = harness.state_mut().project.as_mut().unwrap();
        let doc = project
            .store()
            .document_by_name("interview")
            .unwrap()
            .unwrap();
        let code = project.find_code_path("Belonging").unwrap().unwrap();
        project
            .execute(Edit::ApplyCoding {
                document: doc,
                code,
                range: mixed,
                coder: "Aigerim".into(),
                memo: String::new(),
            })
            .unwrap();
    }
    harness.run();
    let bench = harness.state();
    let model = bench.model.as_ref().unwrap();
    let id = model.codings.iter().find(|c| c.range == mixed).unwrap().id;
    let bands = bench.view.wash_rects(model, id);
    assert_eq!(bands.len(), 1, "one line, one band: {bands:?}");
    let row = bench.view.font_size * tamga::app::theme::LINE_HEIGHT;
    assert!(
        (bands[0].height() - row).abs() < 1.0,
        "{bands:?} for a row of {row}"
    );
}

#[test]
fn joining_lines_says_when_there_is_nothing_to_join() {
    let Fixture { _dir, mut harness } = fixture();
    harness.state_mut().send(tamga::app::Command::Action(
        tamga::app::Action::ToggleReflow,
    ));
    harness.run();
    assert!(
        harness
            .state()
            .notice()
            .is_some_and(|n| n.contains("no hard-wrapped lines")),
        "{:?}",
        harness.state().notice()
    );
}

#[test]
fn blind_coding_hides_the_other_coders_codings_until_it_is_switched_off() {
    let Fixture { _dir, mut harness } = fixture();
    // Bolat codes the second paragraph in the same project (a merged copy, or a shared one).
    let bolat_range = text::find_occurrence(TEXT, "A second paragraph", 1).unwrap();
    {
        let project = harness.state_mut().project.as_mut().unwrap();
        let doc = project
            .store()
            .document_by_name("interview")
            .unwrap()
            .unwrap();
        let code = project.find_code_path("Belonging").unwrap().unwrap();
        project
            .execute(Edit::ApplyCoding {
                document: doc,
                code,
                range: bolat_range,
                coder: "Bolat".into(),
                memo: String::new(),
            })
            .unwrap();
    }
    harness.run();
    let shown = |h: &Harness<'_, Workbench>| -> Vec<TextRange> {
        h.state()
            .model
            .as_ref()
            .unwrap()
            .codings
            .iter()
            .map(|c| c.range)
            .collect()
    };
    let mine = text::find_occurrence(TEXT, "тарихи отан", 1).unwrap();
    assert_eq!(shown(&harness), vec![mine, bolat_range]);
    harness.get_by_label("View").click();
    harness.run();
    harness
        .get_by_label("Blind coding: show only my codings")
        .click();
    harness.run();
    assert_eq!(shown(&harness), vec![mine]);
    // Coding on in blind mode adds mine, still without Bolat's.
    let range = drag_select(&mut harness, "their own modernity");
    open_picker_and_type(&mut harness, "Modernity");
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(shown(&harness), vec![mine, range]);
    // The project still holds all three.
    assert_eq!(codings(&harness).len(), 3);
    harness.get_by_label("View").click();
    harness.run();
    harness
        .get_by_label("Blind coding: show only my codings")
        .click();
    harness.run();
    assert_eq!(shown(&harness), vec![mine, range, bolat_range]);
}
