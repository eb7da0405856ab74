//! Document ▸ Edit text (issue 15): typing inside a coded passage moves the coding with its
//! words, in the window and in the project file; undo puts text and coding back.

use super::*;

/// The paragraph fields of the editor, in order.
fn first_paragraph_field(h: &Harness<'_, Workbench>) -> Pos2 {
    h.get_all_by_role(Role::MultilineTextInput)
        .next()
        .expect("the editor shows the first paragraph as a text field")
        .rect()
        .center()
}

#[test]
fn typing_inside_a_coded_passage_grows_the_coding_and_undo_restores_it() {
    let Fixture { _dir, mut harness } = fixture();
    let coded = text::find_occurrence(TEXT, "тарихи отан", 1).unwrap();
    harness.get_by_label("Document").click();
    harness.run();
    harness.get_by_label("Edit text").click();
    harness.run();
    assert!(harness.state().editor.is_some(), "editing mode is on");
    harness.get_by_label("✏ Editing the text");

    // Into the first paragraph, to its start, then right past "тарихи".
    let field = first_paragraph_field(&harness);
    press(&mut harness, field, true);
    press(&mut harness, field, false);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::ArrowUp);
    for _ in 0..coded.start + "тарихи".chars().count() {
        harness.key_press(Key::ArrowRight);
    }
    harness.run();
    harness.event(Event::Text(" ескі".into()));
    harness.run();

    // The window moved the wash at once: the coding covers the typed word.
    let grown = TextRange::new(coded.start, coded.end + " ескі".chars().count());
    let editor = harness.state().editor.as_ref().unwrap();
    let expected = TEXT.replacen("тарихи отан", "тарихи ескі отан", 1);
    assert_eq!(editor.text(), expected);
    assert_eq!(
        editor.codings().iter().map(|c| c.range).collect::<Vec<_>>(),
        vec![grown]
    );

    // The project file says the same once the writer is done.
    harness.state_mut().wait_for_background_work();
    harness.run();
    let stored = codings(&harness);
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].text, "тарихи ескі отан");
    assert_eq!(stored[0].range, grown);
    let project = harness.state().project.as_ref().unwrap();
    assert_eq!(
        project.store().document(stored[0].document).unwrap().text,
        expected
    );
    assert_eq!(project.undo_label(), Some("edit the text of ‘interview’"));

    // One undo takes the whole burst back, in the file and in the editor.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let stored = codings(&harness);
    assert_eq!(
        (stored[0].text.as_str(), stored[0].range),
        ("тарихи отан", coded)
    );
    let editor = harness.state().editor.as_ref().unwrap();
    assert_eq!(editor.text(), TEXT);
    assert_eq!(
        editor.codings().iter().map(|c| c.range).collect::<Vec<_>>(),
        vec![coded]
    );

    // Done editing: the reading view shows the text again.
    harness.get_by_label("Done editing").click();
    harness.run();
    assert!(harness.state().editor.is_none());
    assert_eq!(harness.state().model.as_ref().unwrap().text, TEXT);
}
