//! A document with a page map (a PDF) shows where each page starts, in the margin beside the
//! line the page's text begins on.

use super::*;

/// Three paragraphs; page 2 starts inside the second, page 3 at the start of the third.
const PAGED: &str = "Бірінші бет. The first page holds a short paragraph.\n\nThe second paragraph starts on page one and runs over the page break into page two, where it ends.\n\nThe third paragraph begins page three.";

fn paged_harness(dir: &tempfile::TempDir) -> (Harness<'static, Workbench>, Vec<usize>) {
    let path = dir.path().join("paged.tamga");
    let mut project = Project::create(&path, "Paged", "Aigerim").unwrap();
    let page_two = text::find_occurrence(PAGED, "into page two", 1)
        .unwrap()
        .start;
    let page_three = text::find_occurrence(PAGED, "The third", 1).unwrap().start;
    let pages = vec![0, page_two, page_three];
    project
        .execute(Edit::ImportDocument(NewDocument {
            name: "scan".into(),
            text: PAGED.into(),
            original_name: "scan.pdf".into(),
            format: "pdf".into(),
            encoding: "PDF text layer".into(),
            source: Vec::new(),
            pages: pages.clone(),
        }))
        .unwrap();
    let config = Config {
        coder: Some("Aigerim".into()),
        ..Config::default()
    };
    let mut bench = Workbench::new(config);
    bench.remember_settings = false;
    bench.show_project(project);
    let mut harness = Harness::builder()
        .with_size(vec2(1000.0, 700.0))
        .with_context_setup(|ctx| {
            tamga::app::install_system_fonts(ctx);
            tamga::app::theme::apply(ctx, Some(false));
        })
        .build_ui_state(|ui, bench: &mut Workbench| bench.ui(ui), bench);
    harness.run();
    (harness, pages)
}

#[test]
fn each_page_of_a_pdf_is_marked_in_the_margin_on_the_line_where_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let (harness, pages) = paged_harness(&dir);
    let marks = harness.state().view.page_mark_rects();
    let numbers: Vec<usize> = marks.iter().map(|(_, n)| *n).collect();
    assert_eq!(numbers, vec![1, 2, 3]);
    for ((rect, page), start) in marks.iter().zip(&pages) {
        let at = char_pos(&harness, *start);
        // In the margin, left of the text.
        assert!(
            rect.right() < at.x,
            "page {page}: {rect:?} is not left of {at:?}"
        );
        // Beside the line where the page starts: within about a line of it (a page that starts
        // a paragraph has its mark just under the paragraph number).
        assert!(
            (rect.center().y - at.y).abs() < 24.0,
            "page {page}: mark at {rect:?}, its first character at {at:?}"
        );
    }
    // Page 2 starts inside the second paragraph, on a later line than the paragraph's first.
    let second_paragraph = text::find_occurrence(PAGED, "The second", 1).unwrap().start;
    assert!(char_pos(&harness, pages[1]).y > char_pos(&harness, second_paragraph).y + 5.0);
    assert!(marks[1].0.top() > char_pos(&harness, second_paragraph).y);
}

#[test]
fn a_document_without_pages_has_no_page_marks() {
    let Fixture { _dir, harness } = fixture();
    assert!(harness.state().view.page_mark_rects().is_empty());
}
