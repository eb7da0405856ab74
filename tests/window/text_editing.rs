//! Correcting transcripts in the window (issue 15): Document ▸ Edit text, where typing inside
//! a coded passage moves the coding with its words and undo puts text and coding back;
//! Document ▸ Replace with a corrected file… and Document ▸ Pseudonymise a name…, each
//! previewed and applied as one undoable step.

use tamga::domain::MemoTarget;

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

#[test]
fn replacing_a_document_with_a_corrected_file_is_previewed_then_one_undoable_step() {
    let Fixture {
        _dir: dir,
        mut harness,
    } = fixture();
    without_system_dialogs(&mut harness);
    // A second coding, on the paragraph the corrected version drops.
    let dropped = "A second paragraph, short.";
    {
        let project = harness.state_mut().project.as_mut().unwrap();
        let doc = project
            .store()
            .document_by_name("interview")
            .unwrap()
            .unwrap();
        let code = project
            .find_code_path("Belonging/citizenship")
            .unwrap()
            .unwrap();
        project
            .execute(Edit::ApplyCoding {
                document: doc,
                code,
                range: text::find_occurrence(TEXT, dropped, 1).unwrap(),
                coder: "Aigerim".into(),
                memo: String::new(),
            })
            .unwrap();
    }
    harness.run();
    // The transcriber's correction: a year added before the coded words, the last paragraph
    // gone.
    let corrected = TEXT
        .replace("Моңғолиядан келдік", "Моңғолиядан 1992 жылы келдік")
        .replace(&format!("\n\n{dropped}"), "");
    std::fs::write(dir.path().join("corrected.txt"), &corrected).unwrap();
    let before = codings(&harness);
    assert_eq!(before.len(), 2);
    harness.get_by_label("Document").click();
    harness.run();
    harness
        .get_by_label("Replace with a corrected file…")
        .click();
    harness.run();
    choose(&mut harness, "corrected.txt", "Open");
    // The preview counts where the codings go; nothing has changed yet.
    harness.get_by_label("Replace “interview” with corrected.txt?");
    harness.get_by_label_contains("1 stay on the same words");
    harness.get_by_label_contains("1 cannot be placed");
    harness.get_by_label(&format!(
        "Cannot be placed · Belonging/citizenship: “{dropped}”"
    ));
    assert_eq!(codings(&harness), before);
    harness.get_by_label("Replace").click();
    harness.run();
    let project = harness.state().project.as_ref().unwrap();
    let doc = project
        .store()
        .document_by_name("interview")
        .unwrap()
        .unwrap();
    assert_eq!(project.store().document(doc).unwrap().text, corrected);
    let now = codings(&harness);
    assert_eq!(now.len(), 1);
    assert_eq!(
        now[0].range,
        text::find_occurrence(&corrected, "тарихи отан", 1).unwrap()
    );
    let unplaced = project.store().unplaced_codings(Some(doc)).unwrap();
    assert_eq!(unplaced.len(), 1);
    assert_eq!(unplaced[0].coding.text, dropped);
    // One undo brings back the old text and both codings where they were.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let project = harness.state().project.as_ref().unwrap();
    assert_eq!(project.store().document(doc).unwrap().text, TEXT);
    let mut ranges: Vec<_> = codings(&harness).iter().map(|c| c.range).collect();
    ranges.sort();
    let mut expected: Vec<_> = before.iter().map(|c| c.range).collect();
    expected.sort();
    assert_eq!(ranges, expected);
    assert!(
        project
            .store()
            .unplaced_codings(Some(doc))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_name_is_pseudonymised_in_documents_and_memos_after_a_preview_in_one_undoable_step() {
    let Fixture { _dir, mut harness } = fixture();
    // A transcript and a memo naming Айгүл in three grammatical cases; a coding on one.
    let transcript = "Айгүлдің әкесі келді.\n\nМен Айгүлге хат жаздым. Айгүл күлді.";
    let coded = "Айгүлге хат жаздым";
    let (doc, memo) = {
        let project = harness.state_mut().project.as_mut().unwrap();
        project
            .execute(Edit::ImportDocument(NewDocument {
                name: "Aigul".into(),
                text: transcript.into(),
                original_name: "aigul.txt".into(),
                format: "txt".into(),
                encoding: "UTF-8".into(),
                source: transcript.as_bytes().to_vec(),
                pages: Vec::new(),
            }))
            .unwrap();
        let doc = project.store().document_by_name("Aigul").unwrap().unwrap();
        let code = project.find_code_path("Belonging").unwrap().unwrap();
        project
            .execute(Edit::ApplyCoding {
                document: doc,
                code,
                range: text::find_occurrence(transcript, coded, 1).unwrap(),
                coder: "Aigerim".into(),
                memo: String::new(),
            })
            .unwrap();
        project
            .execute(Edit::WriteMemo {
                target: MemoTarget::Document(doc),
                title: "Context".into(),
                body: "Айгүл asked to stay anonymous.".into(),
                coder: "Aigerim".into(),
            })
            .unwrap();
        let memo = project.store().memos().unwrap()[0].id;
        (doc, memo)
    };
    harness.run();
    harness.get_by_label("Document").click();
    harness.run();
    harness.get_by_label("Pseudonymise a name…").click();
    harness.run();
    harness.get_by_label("Name").type_text("Айгүл");
    harness.get_by_label("Pseudonym").focus();
    harness.run();
    harness.get_by_label("Pseudonym").type_text("Гүлнар");
    harness.run();
    harness.get_by_label("Find").click();
    harness.step();
    harness.state_mut().wait_for_background_work();
    harness.run();
    // Three in the transcript, one in the memo; nothing changed yet.
    harness.get_by_label_contains("Aigul: 3");
    harness.get_by_label("Memos and coding notes: 1 in 1 of them");
    let store = |h: &Harness<'_, Workbench>| {
        let p = h.state().project.as_ref().unwrap();
        (
            p.store().document(doc).unwrap().text,
            p.store().memo(memo).unwrap().body,
            codings(h)
                .into_iter()
                .filter(|c| c.document == doc)
                .map(|c| c.text)
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(store(&harness).0, transcript);
    harness.get_by_label("Replace 4 occurrences").click();
    harness.run();
    let (text_now, memo_now, coded_now) = store(&harness);
    assert!(!text_now.contains("Айгүл"), "{text_now}");
    assert!(!memo_now.contains("Айгүл"), "{memo_now}");
    assert_eq!(text_now.matches("Гүлнар").count(), 3, "{text_now}");
    assert!(memo_now.starts_with("Гүлнар "), "{memo_now}");
    // The coding stays on its words, the name in it replaced.
    assert_eq!(coded_now.len(), 1);
    assert!(coded_now[0].starts_with("Гүлнар"), "{coded_now:?}");
    assert!(coded_now[0].ends_with(" хат жаздым"), "{coded_now:?}");
    // One undo puts every name back.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let (text_back, memo_back, coded_back) = store(&harness);
    assert_eq!(text_back, transcript);
    assert_eq!(memo_back, "Айгүл asked to stay anonymous.");
    assert_eq!(coded_back, vec![coded.to_owned()]);
}
