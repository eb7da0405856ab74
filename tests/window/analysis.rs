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
