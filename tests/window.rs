//! The real window state driven with `egui_kittest`, no GPU: select text by pointer drag, code it
//! from the tree, the picker and by drag-and-drop, organise the codebook, change codings, undo —
//! then read the project file through the store and check what a researcher would see.

#![cfg_attr(
    feature = "gui",
    expect(
        clippy::unwrap_used,
        clippy::expect_used,
        reason = "test helpers fail loudly; that is their job"
    )
)]
#![cfg(feature = "gui")]

use egui::{Event, Key, Modifiers, PointerButton, Pos2, Role, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use tamga::app::Workbench;
use tamga::config::Config;
use tamga::domain::{CodeId, Coding, Edit, NewDocument, TextRange};
use tamga::project::Project;
use tamga::text;

const TEXT: &str = "Біз Моңғолиядан келдік — “тарихи отан” дейді, 历史故乡 🙂. Here the coded passage speaks of their own modernity.\n\nA second paragraph, short.";

struct Fixture {
    _dir: tempfile::TempDir,
    harness: Harness<'static, Workbench>,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("window.tamga");
    let mut project = Project::create(&path, "Window test", "Aigerim").unwrap();
    project
        .execute(Edit::ImportDocument(NewDocument {
            name: "interview".into(),
            text: TEXT.into(),
            original_name: "interview.txt".into(),
            format: "txt".into(),
            encoding: "UTF-8".into(),
            source: TEXT.as_bytes().to_vec(),
            pages: Vec::new(),
        }))
        .unwrap();
    let modernity = project.ensure_code_path("Modernity").unwrap();
    project.ensure_code_path("Modernity/own modernity").unwrap();
    project.ensure_code_path("Belonging").unwrap();
    project.ensure_code_path("Belonging/citizenship").unwrap();
    let doc = project
        .store()
        .document_by_name("interview")
        .unwrap()
        .unwrap();
    // One coding on "тарихи отан" so there is something to select and change.
    let range = text::find_occurrence(TEXT, "тарихи отан", 1).unwrap();
    project
        .execute(Edit::ApplyCoding {
            document: doc,
            code: modernity,
            range,
            coder: "Aigerim".into(),
            memo: String::new(),
        })
        .unwrap();
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

/// Runs a frame, waits for what it started on workers (search index, analysis, writes), and
/// runs until the window is still.
fn settle(h: &mut Harness<'_, Workbench>) {
    h.step();
    h.state_mut().wait_for_background_work();
    h.step();
    h.state_mut().wait_for_background_work();
    h.run();
}

/// Uses Tamga's in-window chooser (no system dialog in tests): types `name` (a file in the
/// project's folder, where the chooser starts) and confirms with `button`.
fn choose(harness: &mut Harness<'static, Workbench>, name: &str, button: &str) {
    let field = harness.get_by_label("File name");
    field.focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label("File name").type_text(name);
    harness.run();
    harness.get_by_label(button).click();
    harness.step();
    harness.state_mut().wait_for_background_work();
    harness.run();
}

fn without_system_dialogs(harness: &mut Harness<'static, Workbench>) {
    let empty = tempfile::tempdir().unwrap();
    let unavailable =
        tamga::app::file_dialogs::native_dialog_available(None, Some(empty.path().as_os_str()));
    harness.state_mut().files = tamga::app::FileDialogs::with_native(unavailable);
    harness.state_mut().take_snapshots = false;
}

fn codings(h: &Harness<'_, Workbench>) -> Vec<Coding> {
    h.state()
        .project
        .as_ref()
        .unwrap()
        .store()
        .all_codings()
        .unwrap()
}

fn code_id(h: &Harness<'_, Workbench>, path: &str) -> Option<CodeId> {
    h.state()
        .project
        .as_ref()
        .unwrap()
        .find_code_path(path)
        .unwrap()
}

fn count(h: &Harness<'_, Workbench>, path: &str) -> Option<i64> {
    h.state()
        .codebook
        .entries
        .iter()
        .find(|e| e.path == path)
        .map(|e| e.total)
}

fn char_pos(h: &Harness<'_, Workbench>, offset: usize) -> Pos2 {
    let bench = h.state();
    let model = bench.model.as_ref().expect("a document is open");
    bench
        .view
        .char_screen_pos(model, offset)
        .expect("the character is on screen")
}

fn press(h: &mut Harness<'_, Workbench>, pos: Pos2, pressed: bool) {
    h.event(Event::PointerMoved(pos));
    h.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::default(),
    });
    h.step();
}

/// Drags the pointer from one point to another in small steps, like a hand would.
fn drag(h: &mut Harness<'_, Workbench>, from: Pos2, to: Pos2) {
    press(h, from, true);
    for i in 1..=6 {
        let t = i as f32 / 6.0;
        h.event(Event::PointerMoved(from + (to - from) * t));
        h.step();
    }
    press(h, to, false);
    h.run();
}

/// Selects `quote` in the open document by dragging across it; returns its char range.
fn drag_select(h: &mut Harness<'_, Workbench>, quote: &str) -> TextRange {
    let range = text::find_occurrence(TEXT, quote, 1).unwrap();
    let from = char_pos(h, range.start) + vec2(1.0, 0.0);
    let to = char_pos(h, range.end) - vec2(1.0, 0.0);
    drag(h, from, to);
    assert_eq!(
        h.state().view.selected_range(),
        Some(range),
        "the drag selected something else"
    );
    range
}

fn tree_row(h: &Harness<'_, Workbench>, name: &str) -> Pos2 {
    h.get_by_role_and_label(Role::TreeItem, name)
        .rect()
        .center()
}

#[test]
fn drag_selecting_after_cyrillic_and_clicking_a_code_stores_the_right_characters() {
    let Fixture { _dir, mut harness } = fixture();
    let range = drag_select(&mut harness, "the coded passage");
    harness
        .get_by_role_and_label(Role::TreeItem, "own modernity")
        .click();
    harness.run();
    let own = code_id(&harness, "Modernity/own modernity").unwrap();
    let coded: Vec<_> = codings(&harness)
        .into_iter()
        .filter(|c| c.code == own)
        .collect();
    assert_eq!(coded.len(), 1);
    assert_eq!(coded[0].range, range);
    assert_eq!(coded[0].text, "the coded passage");
    assert_eq!(
        text::slice_chars(TEXT, coded[0].range),
        Some("the coded passage")
    );
    assert_eq!(count(&harness, "Modernity"), Some(2));

    // A Cyrillic passage, coded the same way.
    let range = drag_select(&mut harness, "Моңғолиядан");
    harness
        .get_by_role_and_label(Role::TreeItem, "citizenship")
        .click();
    harness.run();
    let cit = code_id(&harness, "Belonging/citizenship").unwrap();
    let c = codings(&harness)
        .into_iter()
        .find(|c| c.code == cit)
        .unwrap();
    assert_eq!((c.range, c.text.as_str()), (range, "Моңғолиядан"));

    // Undo and redo from the keyboard.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(codings(&harness).iter().all(|c| c.code != cit));
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert!(
        codings(&harness)
            .iter()
            .any(|c| c.code == cit && c.range == range)
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    assert!(
        codings(&harness)
            .iter()
            .any(|c| c.code == cit && c.range == range)
    );
}

#[test]
fn the_quick_picker_applies_an_existing_code_and_creates_a_new_one() {
    let Fixture { _dir, mut harness } = fixture();
    let range = drag_select(&mut harness, "their own modernity");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    harness.get_by_label("Code name").type_text("own mod");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();

    let own = code_id(&harness, "Modernity/own modernity").unwrap();
    assert!(
        codings(&harness)
            .iter()
            .any(|c| c.code == own && c.range == range)
    );

    let range = drag_select(&mut harness, "second paragraph");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    harness.get_by_label("Code name").type_text("structure");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let new = code_id(&harness, "structure").expect("the picker created the code");
    assert!(
        codings(&harness)
            .iter()
            .any(|c| c.code == new && c.range == range)
    );
    assert_eq!(count(&harness, "structure"), Some(1));

    // Keys 1–9 apply recently used codes: 1 is "structure" now, 2 is "own modernity".
    let range = drag_select(&mut harness, "short");
    harness.key_press(Key::Num2);
    harness.run();
    assert!(
        codings(&harness)
            .iter()
            .any(|c| c.code == own && c.range == range)
    );
}

#[test]
fn dragging_a_selection_onto_a_code_applies_it() {
    let Fixture { _dir, mut harness } = fixture();
    let range = drag_select(&mut harness, "coded passage speaks");
    let inside = char_pos(&harness, range.start + 3) + vec2(2.0, 0.0);
    let target = tree_row(&harness, "citizenship");
    drag(&mut harness, inside, target);
    let cit = code_id(&harness, "Belonging/citizenship").unwrap();
    let c = codings(&harness)
        .into_iter()
        .find(|c| c.code == cit)
        .expect("a coding from the drop");
    assert_eq!(c.range, range);
    assert_eq!(c.text, "coded passage speaks");
}

#[test]
fn codes_can_be_created_renamed_reparented_merged_and_deleted_with_counts_following() {
    let Fixture { _dir, mut harness } = fixture();
    // Create.
    harness.get_by_label("+ Code").click();
    harness.run();
    harness.get_by_label("New code:").type_text("Language");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert!(code_id(&harness, "Language").is_some());

    // Rename: select the code (no text selected), press F2, type.
    harness
        .get_by_role_and_label(Role::TreeItem, "Language")
        .click();
    harness.run();
    harness.key_press(Key::F2);
    harness.run();
    let editor = harness.get_by_label("Rename:");
    editor.type_text(" use");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert!(
        code_id(&harness, "Language use").is_some(),
        "{:?}",
        harness
            .state()
            .codebook
            .entries
            .iter()
            .map(|e| &e.path)
            .collect::<Vec<_>>()
    );

    // Reparent by dragging "citizenship" onto the middle of "Modernity".
    assert_eq!(count(&harness, "Modernity"), Some(1));
    let from = tree_row(&harness, "citizenship");
    let to = tree_row(&harness, "Modernity");
    drag(&mut harness, from, to);
    assert!(code_id(&harness, "Modernity/citizenship").is_some());
    assert!(code_id(&harness, "Belonging/citizenship").is_none());

    // Code a passage with "own modernity", then merge "own modernity" into "Language use".
    drag_select(&mut harness, "the coded passage");
    harness
        .get_by_role_and_label(Role::TreeItem, "own modernity")
        .click();
    harness.run();
    assert_eq!(count(&harness, "Modernity"), Some(2));
    harness
        .get_by_role_and_label(Role::TreeItem, "own modernity")
        .click_secondary();
    harness.run();
    harness.get_by_label("Merge into").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Language use")
        .click();
    harness.run();
    assert!(code_id(&harness, "Modernity/own modernity").is_none());
    assert_eq!(count(&harness, "Language use"), Some(1));
    assert_eq!(count(&harness, "Modernity"), Some(1));

    // Delete with confirmation.
    harness
        .get_by_role_and_label(Role::TreeItem, "Language use")
        .click_secondary();
    harness.run();
    harness.get_by_label("Delete…").click();
    harness.run();
    harness.get_by_label("Delete code").click();
    harness.run();
    assert!(code_id(&harness, "Language use").is_none());
    assert_eq!(harness.state().info.as_ref().unwrap().codings, 1);

    // Undo brings it back with its coding.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(count(&harness, "Language use"), Some(1));
}

#[test]
fn a_selected_coding_can_be_removed_recoded_and_resized() {
    let Fixture { _dir, mut harness } = fixture();
    let range = text::find_occurrence(TEXT, "тарихи отан", 1).unwrap();
    // Click inside the coded passage: the coding becomes selected.
    let inside = char_pos(&harness, range.start + 2) + vec2(2.0, 0.0);
    press(&mut harness, inside, true);
    press(&mut harness, inside, false);
    harness.run();
    let id = harness
        .state()
        .view
        .selected_coding
        .expect("clicking coded text selects the coding");

    // Resize: move the end a word outward with the inspector's button.
    harness.get_by_label("end ▶").click();
    harness.run();
    let resized = harness
        .state()
        .project
        .as_ref()
        .unwrap()
        .store()
        .coding(id)
        .unwrap();
    assert!(resized.range.end > range.end);
    assert_eq!(resized.range.start, range.start);
    assert_eq!(
        text::slice_chars(TEXT, resized.range),
        Some(resized.text.as_str())
    );
    // And from the keyboard: Alt+Shift+← moves the end back a word.
    harness.key_press_modifiers(Modifiers::ALT | Modifiers::SHIFT, Key::ArrowLeft);
    harness.run();
    let shrunk = harness
        .state()
        .project
        .as_ref()
        .unwrap()
        .store()
        .coding(id)
        .unwrap();
    assert!(shrunk.range.end < resized.range.end, "{shrunk:?}");
    assert_eq!(shrunk.range.start, range.start);

    // Recode to "citizenship", keeping the memo.
    harness.execute_memo(id, "memo kept");
    harness.get_by_label("Recode ▾").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Belonging/citizenship")
        .click();
    harness.run();
    let cit = code_id(&harness, "Belonging/citizenship").unwrap();
    let recoded = harness
        .state()
        .project
        .as_ref()
        .unwrap()
        .store()
        .coding(id)
        .unwrap();
    assert_eq!(recoded.code, cit);
    assert_eq!(recoded.memo, "memo kept");

    // Remove with the Delete key; undo restores it.
    harness.key_press(Key::Delete);
    harness.run();
    assert!(
        harness
            .state()
            .project
            .as_ref()
            .unwrap()
            .store()
            .coding(id)
            .is_err()
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness
            .state()
            .project
            .as_ref()
            .unwrap()
            .store()
            .coding(id)
            .unwrap(),
        recoded
    );
}

/// Types a memo for the selected coding in the inspector's memo field.
trait MemoExt {
    fn execute_memo(&mut self, id: tamga::domain::CodingId, text: &str);
}

impl MemoExt for Harness<'_, Workbench> {
    fn execute_memo(&mut self, id: tamga::domain::CodingId, text: &str) {
        self.get_by_label("Memo on this coding").focus();
        self.run();
        self.get_by_label("Memo on this coding").type_text(text);
        self.run();
        // Typing is written by the project's writer thread: wait for it, as closing would.
        self.state_mut().wait_for_background_work();
        let stored = self
            .state()
            .project
            .as_ref()
            .unwrap()
            .store()
            .coding(id)
            .unwrap();
        assert_eq!(stored.memo, text);
    }
}

#[test]
fn the_first_frame_lays_out_only_what_is_visible_of_a_long_document() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::create(&dir.path().join("long.tamga"), "Long", "A").unwrap();
    let para = "Kazakh returnees spoke of belonging and exclusion in equal measure. ".repeat(6);
    let long = (0..3000).fold(String::new(), |mut acc, i| {
        use std::fmt::Write as _;
        let _ = write!(acc, "¶{i} {para}\n\n");
        acc
    });
    project
        .execute(Edit::ImportDocument(NewDocument {
            name: "long".into(),
            text: long.trim_end().into(),
            original_name: "long.txt".into(),
            format: "txt".into(),
            encoding: "UTF-8".into(),
            source: Vec::new(),
            pages: Vec::new(),
        }))
        .unwrap();
    let mut bench = Workbench::new(Config::default());
    bench.remember_settings = false;
    bench.show_project(project);
    let mut harness = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_context_setup(tamga::app::install_system_fonts)
        .build_ui_state(|ui, bench: &mut Workbench| bench.ui(ui), bench);
    harness.run();
    let laid_out = harness.state().view.cached_paragraphs();
    assert!(
        laid_out > 0 && laid_out < 60,
        "{laid_out} of 3000 paragraphs laid out"
    );
}

#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropped_files_import_in_the_background_and_end_with_a_summary() {
    let Fixture { _dir, mut harness } = fixture();
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("field notes.txt");
    std::fs::write(
        &good,
        "Жаңа сұхбат: біз Алматыға көштік.\r\n\r\nNew interview.",
    )
    .unwrap();
    let broken = dir.path().join("broken.txt");
    std::fs::write(&broken, [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    let duplicate = dir.path().join("same as interview.txt");
    std::fs::write(&duplicate, TEXT).unwrap();
    for path in [&good, &broken, &duplicate] {
        harness
            .input_mut()
            .dropped_files
            .push(std::sync::Arc::new(Dropped(path.clone())));
    }
    harness.step();
    harness.state_mut().wait_for_background_work();
    harness.run();
    harness.get_by_label("1 imported · 1 skipped as duplicates · 1 refused");
    let docs = &harness.state().documents;
    assert_eq!(docs.len(), 2);
    assert!(docs.iter().any(|d| d.name == "field notes"));
    harness.get_by_label_contains("broken.txt: the file is binary");
    harness.get_by_label("Close").click();
    harness.run();
    assert!(harness.query_by_label_contains("imported · ").is_none());
}

#[test]
fn documents_can_be_renamed_and_deleted_with_a_confirmation_that_counts_codings() {
    let Fixture { _dir, mut harness } = fixture();
    harness
        .get_by_role_and_label(Role::ListItem, "interview")
        .click_secondary();
    harness.run();
    harness.get_by_label("Rename").click();
    harness.run();
    harness.get_by_label("Rename:").type_text(" 1");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(harness.state().documents[0].name, "interview 1");
    assert_eq!(harness.state().title(), "Window test — Tamga");

    harness
        .get_by_role_and_label(Role::ListItem, "interview 1")
        .click_secondary();
    harness.run();
    harness.get_by_label("Delete…").click();
    harness.run();
    harness.get_by_label_contains("Its 1 coding and its memos go with it");
    harness.get_by_label("Delete document").click();
    harness.run();
    assert!(harness.state().documents.is_empty());
    assert!(harness.state().model.is_none());
    harness.get_by_label_contains("No documents yet");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().documents.len(), 1);
    assert_eq!(codings(&harness).len(), 1);
}

#[test]
fn retrieval_lists_the_chosen_codes_excerpts_and_jumps_to_a_passage() {
    let Fixture { _dir, mut harness } = fixture();
    // Code one more passage with a subcode of "Modernity".
    let range = drag_select(&mut harness, "their own modernity");
    harness
        .get_by_role_and_label(Role::TreeItem, "own modernity")
        .click();
    harness.run();

    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    harness.run();
    assert_eq!(
        harness.state().bottom,
        Some(tamga::app::BottomTab::Retrieval)
    );
    // With no code chosen, every coding is listed.
    harness.get_by_label("2 excerpts");
    harness.get_by_label("+ code").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Modernity")
        .click();
    harness.run();
    harness.get_by_label("1 excerpt");
    harness.get_by_label("with subcodes").click();
    harness.run();
    harness.get_by_label("2 excerpts");

    // "Go to passage" on the second excerpt (document order) selects it in the reading view.
    harness.state_mut().view.selection = None;
    let buttons = harness
        .get_all_by_label_contains("Go to passage T-")
        .collect::<Vec<_>>();
    assert_eq!(buttons.len(), 2);
    buttons[1].click();
    harness.run();
    assert_eq!(harness.state().view.selected_range(), Some(range));

    // The citation names the document, the paragraph and the excerpt id.
    let result = harness.state().retrieval_ui.result().unwrap();
    let citation = result.excerpts[1].citation();
    assert!(
        citation.starts_with("“their own modernity” (interview, ¶1) [T-"),
        "{citation}"
    );
}

#[test]
fn joining_hard_wrapped_lines_changes_the_display_not_the_offsets() {
    let Fixture { _dir, mut harness } = fixture();
    let wrapped = "A line broken by a PDF\nin the middle of a sentence about тарихи отан.";
    harness
        .state_mut()
        .project
        .as_mut()
        .unwrap()
        .execute(Edit::ImportDocument(NewDocument {
            name: "wrapped".into(),
            text: wrapped.into(),
            original_name: "wrapped.txt".into(),
            format: "txt".into(),
            encoding: "UTF-8".into(),
            source: wrapped.as_bytes().to_vec(),
            pages: Vec::new(),
        }))
        .unwrap();
    harness.run();
    harness
        .get_by_role_and_label(Role::ListItem, "wrapped")
        .click();
    harness.run();
    harness.state_mut().view.reflow = true;
    harness.run();
    // Select "PDF in the" across the joined line break.
    let range = text::find_occurrence(wrapped, "PDF\nin the", 1).unwrap();
    let from = char_pos(&harness, range.start) + vec2(1.0, 0.0);
    let to = char_pos(&harness, range.end) - vec2(1.0, 0.0);
    drag(&mut harness, from, to);
    assert_eq!(harness.state().view.selected_range(), Some(range));
    harness
        .get_by_role_and_label(Role::TreeItem, "citizenship")
        .click();
    harness.run();
    let cit = code_id(&harness, "Belonging/citizenship").unwrap();
    let c = codings(&harness)
        .into_iter()
        .find(|c| c.code == cit)
        .unwrap();
    assert_eq!(c.text, "PDF\nin the");
}

#[test]
fn the_first_run_asks_for_the_coders_name_before_opening_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("first.tamga");
    tamga::sample::write_sample(&path).unwrap();
    let mut bench = Workbench::new(Config::default());
    bench.remember_settings = false;
    bench.open_when_ready(path.clone());
    let mut harness = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_context_setup(tamga::app::install_system_fonts)
        .build_ui_state(|ui, bench: &mut Workbench| bench.ui(ui), bench);
    harness.run();
    assert!(
        harness.state().project.is_none(),
        "opened before the coder was known"
    );
    let field = harness.get_by_label("Your name");
    field.focus();
    harness.run();
    // Replace the suggested login name.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("Your name")
        .type_text("Aigerim Sadykova");
    harness.run();
    harness.get_by_label("Continue").click();
    harness.run();
    let project = harness
        .state()
        .project
        .as_ref()
        .expect("the project opened");
    assert_eq!(project.coder(), "Aigerim Sadykova");
    assert_eq!(
        harness.state().config.coder.as_deref(),
        Some("Aigerim Sadykova")
    );
    assert_eq!(harness.state().title(), "Kazakh migration — Tamga");
    let coders = |h: &Harness<'_, Workbench>| -> Vec<String> {
        h.state()
            .project
            .as_ref()
            .unwrap()
            .store()
            .coders()
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect()
    };
    // Opening writes nothing: the name is registered with the first change.
    assert!(!coders(&harness).contains(&"Aigerim Sadykova".to_owned()));
    let code = harness.state().codebook.entries[0].code.id;
    harness.state_mut().view.select(TextRange::new(0, 5));
    harness
        .state_mut()
        .send(tamga::app::Command::ApplyCode(code));
    harness.run();
    assert!(
        coders(&harness).contains(&"Aigerim Sadykova".to_owned()),
        "{:?}",
        coders(&harness)
    );
}

/// A window that opens the project at `path` as `coder` would, from a file rather than a
/// project in hand (no settings remembered, no snapshots).
fn window_opening(path: &std::path::Path, coder: &str) -> Harness<'static, Workbench> {
    let mut bench = Workbench::new(Config {
        coder: Some(coder.into()),
        ..Config::default()
    });
    bench.remember_settings = false;
    bench.take_snapshots = false;
    bench.open_when_ready(path.to_owned());
    Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_context_setup(tamga::app::install_system_fonts)
        .build_ui_state(|ui, bench: &mut Workbench| bench.ui(ui), bench)
}

#[test]
fn opening_the_window_and_closing_it_without_a_change_leaves_the_file_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sample.tamga");
    tamga::sample::write_sample(&path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut harness = window_opening(&path, "Someone new");
    harness.run();
    assert!(harness.state().project.is_some());
    // Look around: open the retrieval panel, select text, select a code.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    harness.run();
    harness.state_mut().view.select(TextRange::new(10, 40));
    harness.run();
    drop(harness);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "the window wrote to the file"
    );
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), mtime);
}

#[test]
fn a_project_with_an_added_trigger_is_refused_by_the_window_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tampered.tamga");
    tamga::sample::write_sample(&path).unwrap();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TRIGGER wipe AFTER INSERT ON codings BEGIN DELETE FROM memos; END;",
        )
        .unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    let mut harness = window_opening(&path, "Aigerim");
    harness.run();
    assert!(harness.state().project.is_none(), "the file was opened");
    let notice = harness.state().notice().unwrap_or_default().to_owned();
    assert!(
        notice.contains("did not make") && notice.contains("tampered.tamga"),
        "{notice}"
    );
    drop(harness);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "the window wrote to it"
    );
}

/// Puts the window in a state where every action with a key can run: text selected, a coding
/// and a code selected, something to undo and to redo, nine recent codes.
fn ready_for_any_key(h: &mut Harness<'_, Workbench>, action: tamga::app::Action) {
    // Close whatever the last key opened (a dialog, the picker, the palette, a rename).
    h.key_press(Key::Escape);
    h.run();
    let state = h.state_mut();
    let project = state.project.as_mut().unwrap();
    for i in 0..9 {
        project.ensure_code_path(&format!("Recent/r{i}")).unwrap();
    }
    let code = project.find_code_path("Belonging").unwrap().unwrap();
    let doc = project
        .store()
        .document_by_name("interview")
        .unwrap()
        .unwrap();
    if project.store().all_codings().unwrap().is_empty() {
        project
            .execute(Edit::ApplyCoding {
                document: doc,
                code,
                range: TextRange::new(20, 30),
                coder: "Aigerim".into(),
                memo: String::new(),
            })
            .unwrap();
    }
    project
        .execute(Edit::RecolorCode {
            id: code,
            color: "#123456".into(),
        })
        .unwrap();
    if matches!(
        action,
        tamga::app::Action::Redo | tamga::app::Action::RedoAlt
    ) {
        project.undo().unwrap();
    }
    settle(h);
    let state = h.state_mut();
    state.recent_codes = state
        .codebook
        .entries
        .iter()
        .filter(|e| e.path.starts_with("Recent/"))
        .map(|e| e.code.id)
        .collect();
    let coding = state.model.as_ref().unwrap().codings[0].id;
    state.view.selected_coding = Some(coding);
    state.view.select(TextRange::new(60, 70));
    state.selected_code = (action == tamga::app::Action::Rename).then_some(code);
}

#[test]
fn every_shortcut_in_the_shortcuts_list_fires() {
    use tamga::app::Action;
    let shortcuts = Action::with_shortcuts();
    assert!(shortcuts.len() >= 25, "{shortcuts:?}");
    let Fixture { _dir, mut harness } = fixture();
    harness.state_mut().take_snapshots = false;
    harness.state_mut().files = tamga::app::FileDialogs::with_native(Err("tests".into()));
    for action in shortcuts {
        ready_for_any_key(&mut harness, action);
        let state = harness.state().action_state();
        assert!(
            action.enabled(&state),
            "{action:?} is not enabled for the test"
        );
        let before = harness.state().performed_actions().len();
        let key = action.shortcut().unwrap();
        harness.key_press_modifiers(key.modifiers, key.logical_key);
        settle(&mut harness);
        let fired = &harness.state().performed_actions()[before..];
        assert!(
            fired.contains(&action),
            "{action:?} ({}) did not fire; fired {fired:?}",
            harness.ctx.format_shortcut(&key)
        );
    }
}

#[test]
fn typing_a_coding_memo_neither_lays_out_the_document_nor_retrieves_again() {
    let Fixture { _dir, mut harness } = fixture();
    let coding = harness.state().model.as_ref().unwrap().codings[0].id;
    harness.state_mut().view.selected_coding = Some(coding);
    harness.state_mut().bottom = Some(tamga::app::BottomTab::Retrieval);
    harness.run();
    let laid_out = harness.state().view.laid_out();
    let retrievals = harness.state().retrieval_ui.computed();
    let memo = harness.get_by_label("Memo on this coding");
    memo.focus();
    harness.run();
    harness
        .get_by_label("Memo on this coding")
        .type_text("тарихи отан — emic term");
    // The writer thread commits the typing and wakes the window; the next frames take it.
    harness.run_steps(4);
    harness.state_mut().wait_for_background_work();
    harness.run_steps(4);
    assert_eq!(
        harness.state().view.laid_out(),
        laid_out,
        "the document was laid out again"
    );
    assert_eq!(
        harness.state().retrieval_ui.computed(),
        retrievals,
        "the retrieval ran again"
    );
    // The panel shows the new memo all the same, and the store has it.
    harness.get_by_label("Memo: тарихи отан — emic term");
    let stored = harness
        .state()
        .project
        .as_ref()
        .unwrap()
        .store()
        .coding(coding)
        .unwrap();
    assert_eq!(stored.memo, "тарихи отан — emic term");
}

#[test]
fn without_a_dialog_service_an_export_goes_through_the_in_window_chooser() {
    let Fixture {
        _dir: dir,
        mut harness,
    } = fixture();
    let empty_path = tempfile::tempdir().unwrap();
    let unavailable = tamga::app::file_dialogs::native_dialog_available(
        None,
        Some(empty_path.path().as_os_str()),
    );
    assert!(unavailable.is_err() || !cfg!(target_os = "linux"));
    harness.state_mut().files = tamga::app::FileDialogs::with_native(unavailable);
    harness.state_mut().take_snapshots = false;
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export excerpts").click();
    harness.run();
    harness
        .get_by_label("CSV for scripts, exact (.csv)")
        .click();
    harness.run();
    // Tamga's own chooser, saying why, starting in the project's folder.
    harness.get_by_label_contains("the system's file dialog is not available");
    let name = harness.get_by_label("File name");
    name.focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("File name")
        .type_text("from the chooser");
    harness.run();
    harness.get_by_label("Save").click();
    harness.step();
    harness.state_mut().wait_for_background_work();
    harness.run();
    let out = dir.path().join("from the chooser.csv");
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("тарихи отан"), "{written}");
    assert!(
        harness
            .state()
            .notice()
            .is_some_and(|n| n.starts_with("Exported 1 excerpts")),
        "{:?}",
        harness.state().notice()
    );
}

#[path = "window/analysis.rs"]
mod analysis;
#[path = "window/coding_loop.rs"]
mod coding_loop;

#[path = "window/bidi.rs"]
mod bidi;
#[path = "window/disagreements.rs"]
mod disagreements;
#[path = "window/exchange.rs"]
mod exchange;
#[path = "window/pages.rs"]
mod pages;

#[cfg(feature = "hub")]
#[path = "window/hub.rs"]
mod hub;
#[path = "window/memos.rs"]
mod memos;
#[path = "window/search.rs"]
mod search;
#[path = "window/text_editing.rs"]
mod text_editing;
