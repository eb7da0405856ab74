//! Search, autocode and "passages like these" as a researcher meets them in the window (issue
//! 10): Ctrl+Shift+F, a query, a click on a hit; autocode from the results with a hit
//! unticked; accepting and rejecting suggestions. Expected offsets are found in the texts
//! below by `find_occurrence`, apart from the search engine.

use egui_kittest::kittest::NodeT as _;
use tamga::domain::DocumentId;
use tamga::store::Store;

use super::*;

/// A second interview: "privileged exclusion" four times, in four sentences; "Алматы" twice.
const SECOND: &str = "Anara was born in Алматы and speaks of privileged exclusion at work. Serik never used the words privileged exclusion himself.\n\nIn Алматы, privileged exclusion is a daily matter. Aigerim called it privileged exclusion once.";

/// A third: two sentences about citizenship papers (coded in the test), two like them (not
/// coded) and two unlike them.
const THIRD: &str = "Getting a passport and citizenship papers took Anara two long years. Serik says his citizenship papers and passport came quickly.\n\nHer passport and citizenship papers were questioned at the border. The weather that winter was cold and grey. A new passport with citizenship papers meant rights, not belonging. The children liked the school near the river.";

fn import(h: &mut Harness<'_, Workbench>, name: &str, text: &str) -> DocumentId {
    let project = h.state_mut().project.as_mut().unwrap();
    project
        .execute(Edit::ImportDocument(NewDocument {
            name: name.into(),
            text: text.into(),
            original_name: format!("{name}.txt"),
            format: "txt".into(),
            encoding: "UTF-8".into(),
            source: text.as_bytes().to_vec(),
            pages: Vec::new(),
        }))
        .unwrap();
    let id = project.store().document_by_name(name).unwrap().unwrap();
    settle(h);
    id
}

fn code(h: &mut Harness<'_, Workbench>, path: &str, document: DocumentId, range: TextRange) {
    let project = h.state_mut().project.as_mut().unwrap();
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
    settle(h);
}

/// Lets the index, the search and the ranking finish, then draws what they found.
fn settle(h: &mut Harness<'_, Workbench>) {
    for _ in 0..4 {
        h.step();
        h.state_mut().wait_for_background_work();
    }
    h.run();
}

fn search_for(h: &mut Harness<'_, Workbench>, query: &str) {
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.run();
    h.get_by_label("Search for").focus();
    h.run();
    h.get_by_label("Search for").type_text(query);
    settle(h);
}

/// The codings of `path` in the project file, read afresh from disk.
fn ranges_in_file(h: &Harness<'_, Workbench>, path: &str) -> Vec<TextRange> {
    let file = h
        .state()
        .project
        .as_ref()
        .unwrap()
        .store()
        .path()
        .to_owned();
    let store = Store::open_read_only(&file).unwrap();
    let project = Project::with_store(store, "reader").unwrap();
    let id = project.find_code_path(path).unwrap().unwrap();
    let mut ranges: Vec<TextRange> = project
        .store()
        .all_codings()
        .unwrap()
        .into_iter()
        .filter(|c| c.code == id)
        .map(|c| c.range)
        .collect();
    ranges.sort();
    ranges
}

#[test]
fn a_project_search_lists_hits_in_context_and_a_click_opens_the_document_with_the_hit_selected() {
    let Fixture { _dir, mut harness } = fixture();
    let second = import(&mut harness, "second interview", SECOND);
    assert_ne!(harness.state().model.as_ref().unwrap().id, second);
    // Lower case finds the capitalised Cyrillic word.
    search_for(&mut harness, "алматы");
    let first = text::find_occurrence(SECOND, "Алматы", 1).unwrap();
    let other = text::find_occurrence(SECOND, "Алматы", 2).unwrap();
    // Grouped by document with a count, each hit in its context.
    harness.get_by_label("second interview · 2 hits");
    harness.get_by_label("Hit 1 in second interview: Алматы");
    harness
        .get_by_label("Hit 2 in second interview: Алматы")
        .click();
    harness.run();
    let bench = harness.state();
    assert_eq!(
        bench.model.as_ref().unwrap().id,
        second,
        "the document did not open"
    );
    assert_eq!(bench.view.selected_range(), Some(other));
    assert_eq!(text::slice_chars(SECOND, other), Some("Алматы"));
    assert_eq!(bench.view.highlights(), &[first, other]);
    // F3 goes on from the hit clicked, wrapping round to the first; Shift+F3 goes back.
    harness.key_press(Key::F3);
    harness.run();
    assert_eq!(harness.state().view.selected_range(), Some(first));
    harness.key_press_modifiers(Modifiers::SHIFT, Key::F3);
    harness.run();
    assert_eq!(harness.state().view.selected_range(), Some(other));
}

#[test]
fn a_malformed_query_says_what_is_wrong_under_the_box_instead_of_listing_nothing() {
    let Fixture { _dir, mut harness } = fixture();
    search_for(&mut harness, "\"тарихи отан");
    harness.get_by_label_contains("is never closed");
    assert!(harness.state().search_ui.found().is_none());
    // Closing the quote finds the phrase in the first document.
    harness.get_by_label("Search for").type_text("\"");
    settle(&mut harness);
    harness.get_by_label("interview · 1 hit");
    assert_eq!(harness.state().search_ui.error(), None);
}

#[test]
fn ctrl_f_searches_only_the_open_document_and_highlights_its_hits() {
    let Fixture { _dir, mut harness } = fixture();
    import(&mut harness, "second interview", SECOND);
    // "paragraph" is in the open document only; "privileged" in the other only.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness.get_by_label("Search for").focus();
    harness.get_by_label("Search for").type_text("privileged");
    settle(&mut harness);
    harness.get_by_label("0 hits in 0 documents");
    harness
        .get_by_label("Search for")
        .type_text(" OR paragraph");
    settle(&mut harness);
    let paragraph = text::find_occurrence(TEXT, "paragraph", 1).unwrap();
    assert_eq!(harness.state().view.highlights(), &[paragraph]);
}

#[test]
fn autocode_from_the_results_codes_exactly_the_ticked_sentences_in_one_undoable_step() {
    let Fixture { _dir, mut harness } = fixture();
    let second = import(&mut harness, "second interview", SECOND);
    let sentences = [
        "Anara was born in Алматы and speaks of privileged exclusion at work.",
        "Serik never used the words privileged exclusion himself.",
        "In Алматы, privileged exclusion is a daily matter.",
        "Aigerim called it privileged exclusion once.",
    ]
    .map(|s| text::find_occurrence(SECOND, s, 1).unwrap());
    // The last sentence is coded already: autocode skips it and says so.
    code(&mut harness, "Belonging/citizenship", second, sentences[3]);
    search_for(&mut harness, "\"privileged exclusion\"");
    harness.get_by_label("second interview · 4 hits");
    harness.get_by_label("Autocode…").click();
    harness.run();
    harness.get_by_label("Code").type_text("citiz");
    harness.run();
    harness.get_by_label("Belonging/citizenship").click();
    settle(&mut harness);
    harness.get_by_label("sentence around a hit").click();
    settle(&mut harness);
    harness.get_by_label_contains("3 of 3 passages will be coded with “Belonging/citizenship” · 1 already coded with it, skipped");
    harness
        .get_by_label("Serik never used the words privileged exclusion himself.")
        .click();
    harness.run();
    harness.get_by_label_contains("2 of 3 passages will be coded");
    harness
        .get_by_label("Apply “Belonging/citizenship” to 2 passages")
        .click();
    harness.run();
    assert_eq!(
        ranges_in_file(&harness, "Belonging/citizenship"),
        vec![sentences[0], sentences[2], sentences[3]]
    );
    // One step: one undo takes both back.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        ranges_in_file(&harness, "Belonging/citizenship"),
        vec![sentences[3]]
    );
}

#[test]
fn accepting_a_suggestion_codes_it_and_rejecting_one_hides_it_for_good() {
    let Fixture { _dir, mut harness } = fixture();
    let third = import(&mut harness, "third interview", THIRD);
    let find = |s: &str| text::find_occurrence(THIRD, s, 1).unwrap();
    code(
        &mut harness,
        "Belonging/citizenship",
        third,
        find("Getting a passport and citizenship papers took Anara two long years."),
    );
    code(
        &mut harness,
        "Belonging/citizenship",
        third,
        find("Serik says his citizenship papers and passport came quickly."),
    );
    let alike = [
        find("Her passport and citizenship papers were questioned at the border."),
        find("A new passport with citizenship papers meant rights, not belonging."),
    ];
    harness
        .get_by_role_and_label(Role::TreeItem, "citizenship")
        .click();
    harness.run();
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Passages like these").click();
    settle(&mut harness);
    harness.get_by_label("sentences").click();
    settle(&mut harness);
    // The two like the coded ones come first, each with the words they share.
    let top: Vec<TextRange> = harness
        .state()
        .suggestions_ui
        .suggestions()
        .iter()
        .take(2)
        .map(|s| s.range)
        .collect();
    assert!(
        top.contains(&alike[0]) && top.contains(&alike[1]),
        "{top:?}"
    );
    let reasons: Vec<String> = harness
        .query_all_by_label_contains("Alike in: ")
        .filter_map(|n| n.accesskit_node().value())
        .collect();
    assert!(reasons.len() >= 2, "{reasons:?}");
    assert!(
        reasons
            .iter()
            .take(2)
            .all(|r| r.contains("passport") && r.contains("citizenship")),
        "{reasons:?}"
    );
    let first = top[0];
    harness.get_by_label("Accept suggestion 1").click();
    settle(&mut harness);
    assert!(
        ranges_in_file(&harness, "Belonging/citizenship").contains(&first),
        "{:?} {:?} {first:?}",
        harness.state().notice(),
        ranges_in_file(&harness, "Belonging/citizenship")
    );
    let next = harness.state().suggestions_ui.suggestions()[0].range;
    assert_ne!(next, first);
    harness.get_by_label("Reject suggestion 1").click();
    settle(&mut harness);
    let shown: Vec<TextRange> = harness
        .state()
        .suggestions_ui
        .suggestions()
        .iter()
        .map(|s| s.range)
        .collect();
    assert!(
        !shown.contains(&next) && !shown.contains(&first),
        "{shown:?}"
    );
    // Rejected is not coded, and stays out after the window asks again.
    assert!(!ranges_in_file(&harness, "Belonging/citizenship").contains(&next));
    let code = code_id(&harness, "Belonging/citizenship").unwrap();
    let rejected = harness
        .state()
        .project
        .as_ref()
        .unwrap()
        .store()
        .rejections(code)
        .unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].range, next);
}

#[test]
fn the_results_follow_the_project_a_new_document_s_hits_appear_without_searching_again() {
    let Fixture { _dir, mut harness } = fixture();
    search_for(&mut harness, "алматы");
    harness.get_by_label("0 hits in 0 documents");
    let runs = harness.state().search_ui.runs();
    // The index is brought up to date from the document list's version, then the same query
    // runs again by itself.
    import(&mut harness, "second interview", SECOND);
    settle(&mut harness);
    harness.get_by_label("second interview · 2 hits");
    assert_eq!(harness.state().search_ui.runs(), runs + 1);
    // Typing a memo elsewhere re-reads memos, not the document texts, and finds the memo.
    let coding = harness.state().model.as_ref().unwrap().codings[0].id;
    harness
        .state_mut()
        .project
        .as_mut()
        .unwrap()
        .execute(Edit::SetCodingMemo {
            id: coding,
            memo: "Алматы again".into(),
        })
        .unwrap();
    settle(&mut harness);
    harness.get_by_label("3 hits in 1 document and 1 memo");
}

#[test]
fn a_word_on_a_code_s_card_is_found_and_its_hit_selects_the_code() {
    let Fixture { _dir, mut harness } = fixture();
    let project = harness.state_mut().project.as_mut().unwrap();
    let citizenship = project
        .find_code_path("Belonging/citizenship")
        .unwrap()
        .unwrap();
    project
        .execute(Edit::DefineCode {
            id: citizenship,
            field: tamga::domain::CodeField::WhenNotToUse,
            text: "Passports shown with pride belong elsewhere.".into(),
        })
        .unwrap();
    settle(&mut harness);
    assert_ne!(harness.state().selected_code, Some(citizenship));
    search_for(&mut harness, "pride");
    harness.get_by_label("Definition of “Belonging/citizenship” · 1 hit");
    harness
        .get_by_label("Hit 1 in Belonging/citizenship: pride")
        .click();
    harness.run();
    assert_eq!(harness.state().selected_code, Some(citizenship));
}
