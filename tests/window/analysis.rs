//! The analysis tab: the matrix's cells open exactly their excerpts in the retrieval tab, by
//! document and by the values of an attribute.

use tamga::domain::{AttributeKind, AttributeScope, DocumentId, Edit, ValueChange, ValueOwner};

use super::*;

const SECOND: &str = "Екінші сұхбат. Біз Іледен келдік. Азаматтық алу оңай болмады.\n\nThe second paragraph of the second interview.";

/// The fixture plus a second document, an attribute `region` (interview: Altai, second: Ili)
/// and "Belonging/citizenship" applied twice in the first document and once in the second.
/// Returns the documents and the ranges coded with citizenship.
fn analysed() -> (
    Fixture,
    DocumentId,
    DocumentId,
    Vec<TextRange>,
    Vec<TextRange>,
) {
    let mut f = fixture();
    let project = f.harness.state_mut().project.as_mut().unwrap();
    project
        .execute(Edit::ImportDocument(NewDocument {
            name: "second".into(),
            text: SECOND.into(),
            original_name: "second.txt".into(),
            format: "txt".into(),
            encoding: "UTF-8".into(),
            source: Vec::new(),
            pages: Vec::new(),
        }))
        .unwrap();
    let first = project
        .store()
        .document_by_name("interview")
        .unwrap()
        .unwrap();
    let second = project.store().document_by_name("second").unwrap().unwrap();
    let citizenship = project
        .find_code_path("Belonging/citizenship")
        .unwrap()
        .unwrap();
    let in_first = vec![
        text::find_occurrence(TEXT, "Біз Моңғолиядан келдік", 1).unwrap(),
        text::find_occurrence(TEXT, "A second paragraph", 1).unwrap(),
    ];
    let in_second = vec![text::find_occurrence(SECOND, "Азаматтық алу оңай болмады", 1).unwrap()];
    for (doc, ranges) in [(first, &in_first), (second, &in_second)] {
        for range in ranges {
            project
                .execute(Edit::ApplyCoding {
                    document: doc,
                    code: citizenship,
                    range: *range,
                    coder: "Aigerim".into(),
                    memo: String::new(),
                })
                .unwrap();
        }
    }
    let inverse = project
        .execute(Edit::DefineAttribute {
            scope: AttributeScope::Documents,
            name: "region".into(),
            kind: AttributeKind::Text,
        })
        .unwrap();
    let region = project.store().attributes().unwrap()[0].id;
    let _ = inverse;
    project
        .execute(Edit::SetValues(vec![
            ValueChange {
                owner: ValueOwner::Document(first),
                attribute: region,
                value: Some("Altai".into()),
            },
            ValueChange {
                owner: ValueOwner::Document(second),
                attribute: region,
                value: Some("Ili".into()),
            },
        ]))
        .unwrap();
    f.harness.run();
    (f, first, second, in_first, in_second)
}

fn open_matrix(harness: &mut Harness<'static, Workbench>) {
    harness.get_by_label("View").click();
    harness.run();
    harness
        .get_by_label("Analysis: frequencies, matrix, co-occurrence, words")
        .click();
    settle(harness);
    harness.get_by_label("Matrix").click();
    settle(harness);
}

/// The folder the project file is in (where the in-window file chooser starts).
fn project_folder(harness: &Harness<'static, Workbench>) -> std::path::PathBuf {
    let store = harness.state().project.as_ref().unwrap().store();
    store.path().parent().unwrap().to_owned()
}

/// Opens the Analysis tab on the view named `view` and waits for its data.
fn open_view(harness: &mut Harness<'static, Workbench>, view: &str) {
    open_matrix(harness);
    harness.get_by_label(view).click();
    settle(harness);
}

/// Scrolls a cell into view, as a person would, and clicks it.
fn click_cell(harness: &mut Harness<'static, Workbench>, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    harness.run();
    harness.get_by_label(label).click();
    harness.run();
}

/// Runs a frame, waits for the view computed on its worker, and runs until it is shown.
fn settle(harness: &mut Harness<'static, Workbench>) {
    harness.step();
    harness.state_mut().analysis_ui.wait();
    harness.step();
    harness.state_mut().analysis_ui.wait();
    harness.run();
}

/// The (document, range) of every excerpt the retrieval tab shows.
fn shown(harness: &Harness<'static, Workbench>) -> Vec<(DocumentId, TextRange)> {
    let mut got: Vec<(DocumentId, TextRange)> = harness
        .state()
        .retrieval_ui
        .result()
        .expect("the retrieval tab has a result")
        .excerpts
        .iter()
        .map(|e| (e.document, e.range))
        .collect();
    got.sort_by_key(|(d, r)| (d.0, r.start, r.end));
    got
}

#[test]
fn a_matrix_cell_opens_exactly_its_excerpts_in_the_retrieval_tab() {
    let (Fixture { _dir, mut harness }, first, second, in_first, in_second) = analysed();
    open_matrix(&mut harness);
    click_cell(&mut harness, "Belonging/citizenship × interview: 2 codings");
    assert_eq!(
        harness.state().bottom,
        Some(tamga::app::BottomTab::Retrieval)
    );
    let mut expected: Vec<(DocumentId, TextRange)> = in_first.iter().map(|r| (first, *r)).collect();
    expected.sort_by_key(|(d, r)| (d.0, r.start, r.end));
    assert_eq!(shown(&harness), expected);

    // Columns by the values of "region": the Ili cell holds the second document's coding.
    harness.get_by_label("Analysis").click();
    settle(&mut harness);
    harness.get_by_label("as columns,").click();
    harness.run();
    harness.get_by_label("region (documents)").click();
    settle(&mut harness);
    click_cell(&mut harness, "Belonging/citizenship × Ili: 1 codings");
    assert_eq!(shown(&harness), vec![(second, in_second[0])]);
    harness.get_by_label_contains("Only where region = Ili");
}

#[test]
fn the_agreement_view_compares_two_coders_who_coded_the_same_words_alike() {
    let Fixture { _dir, mut harness } = fixture();
    {
        let project = harness.state_mut().project.as_mut().unwrap();
        let doc = project
            .store()
            .document_by_name("interview")
            .unwrap()
            .unwrap();
        let code = project.find_code_path("Modernity").unwrap().unwrap();
        // The fixture's coding is Aigerim's "Modernity" on "тарихи отан"; Bolat codes the same.
        project
            .execute(Edit::ApplyCoding {
                document: doc,
                code,
                range: text::find_occurrence(TEXT, "тарихи отан", 1).unwrap(),
                coder: "Bolat".into(),
                memo: String::new(),
            })
            .unwrap();
    }
    harness.run();
    harness.get_by_label("View").click();
    harness.run();
    harness
        .get_by_label("Analysis: frequencies, matrix, co-occurrence, words")
        .click();
    settle(&mut harness);
    harness.get_by_label("Agreement").click();
    settle(&mut harness);
    // Same characters, same code: every character agrees (100%), κ = 1 and α_u = 1.
    let table = harness.state().analysis_ui.table().unwrap();
    let total = &table.rows[0];
    let cells: Vec<String> = total
        .iter()
        .map(tamga::analysis::table::Cell::display)
        .collect();
    assert_eq!(cells[0], "total");
    assert_eq!(cells[3], "100.0%");
    assert_eq!(cells[4], "1.000");
    assert_eq!(cells[7], "1.000");
    assert!(harness.get_all_by_label("100.0%").count() >= 1);
}

#[test]
fn charts_and_the_network_are_drawn_dragged_clicked_and_saved_as_png_and_svg() {
    let (Fixture { _dir, mut harness }, first, _second, in_first, _) = analysed();
    without_system_dialogs(&mut harness);
    open_view(&mut harness, "Frequencies");
    harness.get_by_label("Chart").click();
    harness.run();
    // A bar per code, named with its count: citizenship is applied three times.
    harness.get_by_label("Belonging/citizenship: 3");
    harness.get_by_label("Save chart as SVG…").click();
    harness.run();
    choose(&mut harness, "frequencies chart", "Save");
    let folder = project_folder(&harness);
    let svg = std::fs::read_to_string(folder.join("frequencies chart.svg")).unwrap();
    assert!(svg.starts_with("<svg") || svg.starts_with("<?xml"), "{svg}");
    assert!(svg.contains("Belonging/citizenship"), "{svg}");

    // Co-occurrence within the same paragraph, as a network: citizenship and Modernity share
    // the first paragraph.
    harness.get_by_label("Co-occurrence").click();
    settle(&mut harness);
    harness.get_by_label("count as together").click();
    harness.run();
    harness.get_by_label("in the same paragraph").click();
    settle(&mut harness);
    harness.get_by_label("Network").click();
    for _ in 0..400 {
        harness.step();
        if harness.state().analysis_ui.network.settled() {
            break;
        }
    }
    harness.run();
    assert!(harness.state().analysis_ui.network.settled());
    harness.get_by_label_contains("Network of 2 codes and 1 pairs");
    harness.get_by_label("Not drawn: 2 codes that occur with no other");

    // Drag the first node somewhere else: it stays where it is dropped.
    let from = harness
        .state()
        .analysis_ui
        .network
        .node_screen_pos(0)
        .unwrap();
    let other = harness
        .state()
        .analysis_ui
        .network
        .node_screen_pos(1)
        .unwrap();
    // Halfway towards the second node: inside the drawing, wherever the layout put them.
    let to = from + (other - from) * 0.5;
    press(&mut harness, from, true);
    for i in 1..=6 {
        let t = i as f32 / 6.0;
        harness.event(egui::Event::PointerMoved(from + (to - from) * t));
        harness.step();
    }
    press(&mut harness, to, false);
    // The others move aside until the layout settles again.
    for _ in 0..400 {
        harness.step();
        if harness.state().analysis_ui.network.settled() {
            break;
        }
    }
    let now = harness
        .state()
        .analysis_ui
        .network
        .node_screen_pos(0)
        .unwrap();
    assert!(now.distance(to) < 2.0, "{now:?} {to:?}");

    // Save it as PNG: a real PNG.
    harness.get_by_label("Save chart as PNG…").click();
    harness.run();
    choose(&mut harness, "network", "Save");
    let png = std::fs::read(folder.join("network.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");

    // Clicking the line between the two codes opens the passages where both occur.
    // The two codes that occur together are the two nodes drawn (the others are left out).
    let (a, b) = {
        let view = &harness.state().analysis_ui.network;
        (
            view.node_screen_pos(0).unwrap(),
            view.node_screen_pos(1).unwrap(),
        )
    };
    // A point on the line, away from both nodes and from the count at its middle.
    let on_line = a + (b - a) * 0.3;
    press(&mut harness, on_line, true);
    press(&mut harness, on_line, false);
    harness.run();
    let tarixi = text::find_occurrence(TEXT, "тарихи отан", 1).unwrap();
    let mut expected = vec![(first, in_first[0]), (first, tarixi)];
    expected.sort_by_key(|(d, r)| (d.0, r.start, r.end));
    assert_eq!(shown(&harness), expected);
}

/// The keyword-in-context lines holding `word` (each starts with an ellipsis; a label's text
/// is its accessible value).
fn kwic_lines<'h>(
    harness: &'h Harness<'static, Workbench>,
    word: &'h str,
) -> Vec<egui_kittest::Node<'h>> {
    harness
        .get_all_by_label_contains(word)
        .filter(|n| {
            egui_kittest::kittest::NodeT::accesskit_node(n)
                .value()
                .is_some_and(|l| l.starts_with('…'))
        })
        .collect()
}

#[test]
fn clicking_a_word_lists_its_occurrences_found_off_the_ui_thread_and_opens_one() {
    let (Fixture { _dir, mut harness }, _first, second, _, _) = analysed();
    open_view(&mut harness, "Words");
    // "келдік" ("we came") is in both interviews, once each (counted by hand).
    harness
        .get_by_role_and_label(Role::Link, "келдік")
        .scroll_to_me();
    harness.run();
    harness.get_by_role_and_label(Role::Link, "келдік").click();
    // Found on a worker ("Finding …" shows until it is done).
    settle(&mut harness);
    harness.get_by_label("“келдік”: 2 occurrences");
    // Each occurrence under its source, the keyword marked; the second opens its place.
    harness.get_by_label("interview ¶1");
    harness.get_by_label("second ¶1");
    let line = kwic_lines(&harness, "келдік");
    assert_eq!(line.len(), 2);
    line[1].scroll_to_me();
    harness.run();
    let line = kwic_lines(&harness, "келдік");
    line[1].click();
    harness.run();
    let at = text::find_occurrence(SECOND, "келдік", 1).unwrap();
    assert_eq!(harness.state().model.as_ref().unwrap().id, second);
    assert_eq!(harness.state().view.selected_range(), Some(at));
}

fn region_of(harness: &Harness<'static, Workbench>, document: DocumentId) -> Option<String> {
    let store = harness.state().project.as_ref().unwrap().store();
    let region = store
        .attributes()
        .unwrap()
        .into_iter()
        .find(|a| a.name == "region")
        .unwrap()
        .id;
    store
        .attribute_values()
        .unwrap()
        .into_iter()
        .find(|v| v.owner == ValueOwner::Document(document) && v.attribute == region)
        .map(|v| v.value)
}

#[test]
fn the_attributes_table_is_edited_from_the_keyboard_and_each_change_is_undoable() {
    let (Fixture { _dir, mut harness }, first, second, _, _) = analysed();
    open_view(&mut harness, "Attributes");
    harness.get_by_label("region of interview: Altai");
    // Click the second document's cell, Enter edits it, type, Enter keeps it.
    harness.get_by_label("region of second: Ili").click();
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    // The field has the keyboard: select what is there and type over it.
    harness.get_by_label("region of second");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.event(egui::Event::Text("Zhetysu".into()));
    harness.run();
    harness.key_press(Key::Enter);
    settle(&mut harness);
    assert_eq!(region_of(&harness, second).as_deref(), Some("Zhetysu"));
    harness.get_by_label("region of second: Zhetysu");

    // Arrow up to the first document; typing starts editing; Escape leaves it as it was.
    harness.get_by_label("region of second: Zhetysu").click();
    harness.run();
    harness.key_press(Key::ArrowUp);
    harness.run();
    harness.key_press(Key::Delete);
    settle(&mut harness);
    // Delete cleared the first document's region (the cursor moved up), and no coding was
    // removed by the Delete shortcut.
    assert_eq!(region_of(&harness, first), None);
    assert_eq!(codings(&harness).len(), 4);

    // Undo brings the values back one step at a time.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    assert_eq!(region_of(&harness, first).as_deref(), Some("Altai"));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    assert_eq!(region_of(&harness, second).as_deref(), Some("Ili"));

    // A new number attribute; a value that is not a number is refused, nothing changes.
    // Click into the name field, then type (a cell no longer has the keyboard).
    harness.get_by_label("The new attribute's name").click();
    harness.run();
    harness.event(egui::Event::Text("age".into()));
    harness.run();
    harness.get_by_label("type").click();
    harness.run();
    harness.get_by_label("number").click();
    harness.run();
    harness.get_by_label("Add attribute").click();
    settle(&mut harness);
    harness.get_by_label("age of interview: none").click();
    harness.run();
    // Typing starts editing with what was typed.
    harness.event(egui::Event::Text("old".into()));
    harness.run();
    harness.key_press(Key::Enter);
    settle(&mut harness);
    harness.get_by_label("age of interview: none");
    let notice = harness.state().notice().unwrap_or_default().to_owned();
    assert!(notice.contains("number"), "{notice}");
}

#[test]
fn the_views_and_retrieval_are_restricted_by_attribute_values_typed_in_the_window() {
    let (Fixture { _dir, mut harness }, first, _second, in_first, _) = analysed();
    open_view(&mut harness, "Frequencies");
    let citizenship = |h: &Harness<'static, Workbench>| {
        let table = h.state().analysis_ui.table().unwrap();
        let row = table
            .rows
            .iter()
            .find(|r| r[0].display().trim().ends_with("citizenship"))
            .unwrap()
            .clone();
        row[1].display()
    };
    assert_eq!(citizenship(&harness), "3");
    // Only the Ili interview: one coding of citizenship.
    harness
        .get_by_label("Only where (attribute conditions)")
        .click();
    harness.run();
    harness.event(egui::Event::Text("region=Ili".into()));
    harness.key_press(Key::Enter);
    settle(&mut harness);
    assert_eq!(citizenship(&harness), "1");

    // A condition on an attribute the project does not have is refused, saying why.
    harness
        .get_by_label("Only where (attribute conditions)")
        .click();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.event(egui::Event::Text("colour=red".into()));
    harness.key_press(Key::Enter);
    settle(&mut harness);
    let notice = harness.state().notice().unwrap_or_default().to_owned();
    assert!(notice.contains("colour=red"), "{notice}");
    assert_eq!(citizenship(&harness), "1", "the last restriction stays");

    // Retrieval restricted to the Altai interview lists only its excerpts.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    harness.run();
    let fields = harness
        .get_all_by_label("Only where (attribute conditions)")
        .count();
    assert_eq!(fields, 1, "the retrieval tab's own field");
    harness
        .get_by_label("Only where (attribute conditions)")
        .click();
    harness.run();
    harness.event(egui::Event::Text("region=Altai".into()));
    harness.key_press(Key::Enter);
    harness.run();
    let tarixi = text::find_occurrence(TEXT, "тарихи отан", 1).unwrap();
    let mut expected: Vec<(DocumentId, TextRange)> = in_first.iter().map(|r| (first, *r)).collect();
    expected.push((first, tarixi));
    expected.sort_by_key(|(d, r)| (d.0, r.start, r.end));
    assert_eq!(shown(&harness), expected);
    harness.get_by_label_contains("Only where region");
}

#[test]
fn a_table_of_attribute_values_is_previewed_then_applied_and_cases_are_made_by_speaker() {
    let (Fixture { _dir, mut harness }, first, second, _, _) = analysed();
    without_system_dialogs(&mut harness);
    let folder = project_folder(&harness);
    std::fs::write(
        folder.join("regions.csv"),
        "document,region\ninterview,Ili\nsecond,Altai\n",
    )
    .unwrap();
    std::fs::write(folder.join("wrong.csv"), "document,region\nnobody,Ili\n").unwrap();
    open_view(&mut harness, "Attributes");

    // A table naming someone the project does not have: reported, nothing changes.
    harness.get_by_label("Import a table…").click();
    harness.run();
    choose(&mut harness, "wrong.csv", "Open");
    harness.get_by_label_contains("nothing named “nobody”");
    assert!(
        harness
            .query_all_by_label_contains("Apply")
            .next()
            .is_none()
    );
    harness.get_by_label("Dismiss").click();
    harness.run();
    assert_eq!(region_of(&harness, first).as_deref(), Some("Altai"));

    // A good one: previewed with its count, applied as one undoable step.
    harness.get_by_label("Import a table…").click();
    harness.run();
    choose(&mut harness, "regions.csv", "Open");
    harness.get_by_label_contains("2 matched, 2 value(s) to change");
    harness.get_by_label("Apply 2 changes").click();
    settle(&mut harness);
    assert_eq!(region_of(&harness, first).as_deref(), Some("Ili"));
    assert_eq!(region_of(&harness, second).as_deref(), Some("Altai"));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    assert_eq!(region_of(&harness, first).as_deref(), Some("Altai"));

    // A transcript with speaker turns: cases by speaker, previewed, then made.
    harness
        .state_mut()
        .project
        .as_mut()
        .unwrap()
        .execute(Edit::ImportDocument(NewDocument {
            name: "group".into(),
            text: "Aigerim: Біз Іледен келдік.\n\nBolat: Мен Алтайданмын.\n\nAigerim: Иә.".into(),
            original_name: "group.txt".into(),
            format: "txt".into(),
            encoding: "UTF-8".into(),
            source: Vec::new(),
            pages: Vec::new(),
        }))
        .unwrap();
    settle(&mut harness);
    harness.get_by_label("of cases").click();
    settle(&mut harness);
    harness.get_by_label("Cases by speaker…").click();
    harness.run();
    harness.get_by_label("Aigerim: 2 turns in 1 document");
    harness.get_by_label("Bolat: 1 turn in 1 document");
    harness.get_by_label("Create these cases").click();
    settle(&mut harness);
    let cases: Vec<String> = harness
        .state()
        .project
        .as_ref()
        .unwrap()
        .store()
        .cases()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(cases, ["Aigerim", "Bolat"]);

    // Each speaker's words coded; retrieval restricted to Bolat's case keeps only his.
    let group_text = "Aigerim: Біз Іледен келдік.\n\nBolat: Мен Алтайданмын.\n\nAigerim: Иә.";
    let (aigerims, bolats) = (
        text::find_occurrence(group_text, "Біз Іледен келдік", 1).unwrap(),
        text::find_occurrence(group_text, "Мен Алтайданмын", 1).unwrap(),
    );
    {
        let project = harness.state_mut().project.as_mut().unwrap();
        let group = project.store().document_by_name("group").unwrap().unwrap();
        let code = project.find_code_path("Modernity").unwrap().unwrap();
        for range in [aigerims, bolats] {
            project
                .execute(Edit::ApplyCoding {
                    document: group,
                    code,
                    range,
                    coder: "Aigerim".into(),
                    memo: String::new(),
                })
                .unwrap();
        }
    }
    settle(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    harness.run();
    harness
        .get_by_label("Only where (attribute conditions)")
        .click();
    harness.run();
    harness.event(egui::Event::Text("case=Bolat".into()));
    harness.key_press(Key::Enter);
    harness.run();
    let group = harness
        .state()
        .project
        .as_ref()
        .unwrap()
        .store()
        .document_by_name("group")
        .unwrap()
        .unwrap();
    assert_eq!(shown(&harness), vec![(group, bolats)]);
}

#[test]
fn the_frequencies_table_sorts_by_the_heading_clicked() {
    let (Fixture { _dir, mut harness }, ..) = analysed();
    open_view(&mut harness, "Frequencies");
    let order = |h: &Harness<'static, Workbench>| -> Vec<String> {
        h.state()
            .analysis_ui
            .table()
            .unwrap()
            .rows
            .iter()
            .map(|r| format!("{}={}", r[0].display().trim(), r[1].display()))
            .collect()
    };
    // Codebook order first.
    assert_eq!(order(&harness)[0], "Modernity=1");
    harness.get_by_label("codings").click();
    harness.run();
    // Most codings first: citizenship (3), then Modernity (1), then the codes with none.
    let sorted = order(&harness);
    assert!(sorted[0].ends_with("citizenship=3"), "{sorted:?}");
    assert_eq!(sorted[1], "Modernity=1");
    harness.get_by_label("codings ▼").click();
    harness.run();
    let sorted = order(&harness);
    assert!(sorted[3].ends_with("citizenship=3"), "{sorted:?}");
    harness.get_by_label("codings ▲");
}

#[test]
fn word_counts_follow_the_documents_and_stop_words_chosen_and_a_word_goes_to_search() {
    let (Fixture { _dir, mut harness }, ..) = analysed();
    open_view(&mut harness, "Words");
    let count = |h: &Harness<'static, Workbench>, word: &str| -> Option<String> {
        h.state()
            .analysis_ui
            .table()
            .unwrap()
            .rows
            .iter()
            .find(|r| r[0].display() == word)
            .map(|r| r[1].display())
    };
    assert_eq!(count(&harness, "келдік").as_deref(), Some("2"));
    // Only the second interview.
    harness.get_by_label("All documents").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::CheckBox, "second")
        .click();
    settle(&mut harness);
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(count(&harness, "келдік").as_deref(), Some("1"));
    // A word left out by hand is counted no more.
    harness.get_by_label("Words to leave out").click();
    harness.run();
    harness.event(egui::Event::Text("келдік".into()));
    harness.key_press(Key::Enter);
    settle(&mut harness);
    assert_eq!(count(&harness, "келдік"), None);
    // A word sent to search opens the Search tab looking for it.
    let word = "азаматтық";
    assert_eq!(count(&harness, word).as_deref(), Some("1"));
    harness
        .get_by_role_and_label(Role::Link, word)
        .scroll_to_me();
    harness.run();
    harness.get_by_role_and_label(Role::Link, word).click();
    harness.run();
    settle(&mut harness);
    harness
        .get_by_label(&format!("Search for “{word}”"))
        .click();
    // The search indexes and runs on workers: wait for them as a person would.
    super::settle(&mut harness);
    assert_eq!(harness.state().bottom, Some(tamga::app::BottomTab::Search));
    assert_eq!(harness.state().search_ui.text, word);
}
