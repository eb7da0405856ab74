//! Memos in the window (issue 10): the memo panel (Ctrl+M) writes a journal entry, filters by
//! kind, code, document and words, and opens a coding memo's passage; the code card in the
//! inspector takes a definition and shows it in the code's history; a rename and a split carry
//! their reasons into the history.

use tamga::domain::{ChangeKind, CodeField, MemoTarget};
use tamga::memos::MemoKind;

use super::*;

fn project<'a>(h: &'a Harness<'_, Workbench>) -> &'a Project {
    h.state().project.as_ref().unwrap()
}

fn settle(h: &mut Harness<'_, Workbench>) {
    // The writer thread commits typing and wakes the window; the next frames take it in.
    h.run_steps(4);
    h.state_mut().wait_for_background_work();
    h.run_steps(4);
}

#[test]
fn a_journal_entry_written_in_the_memo_panel_is_stored_and_undone_in_two_steps() {
    let Fixture { _dir, mut harness } = fixture();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::M);
    harness.run();
    assert_eq!(harness.state().bottom, Some(tamga::app::BottomTab::Memos));
    harness.get_by_label("New journal entry").click();
    harness.run();
    // The new entry opens for writing with the keyboard in its title.
    harness
        .get_by_label("Memo title")
        .type_text("First week in Almaty");
    harness.run();
    harness.get_by_label("Memo text").focus();
    harness.run();
    harness
        .get_by_label("Memo text")
        .type_text("Everyone says *оралман*, nobody says **қандас**.");
    settle(&mut harness);
    let memos = project(&harness).store().memos().unwrap();
    assert_eq!(memos.len(), 1);
    assert_eq!(memos[0].target, MemoTarget::Project);
    assert_eq!(memos[0].title, "First week in Almaty");
    assert_eq!(
        memos[0].body,
        "Everyone says *оралман*, nobody says **қандас**."
    );
    // Listed under its title; read back with its emphasis once "Done".
    harness.get_by_role_and_label(Role::ListItem, "First week in Almaty");
    harness.get_by_label("Done").click();
    harness.run();
    assert!(
        harness
            .get_all_by_label("Everyone says оралман, nobody says қандас.")
            .count()
            >= 1
    );
    assert!(
        harness.query_by_label_contains("*оралман*").is_none(),
        "the asterisks show where the memo is read"
    );
    // The typing is one undo step, writing the entry another.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let memos = project(&harness).store().memos().unwrap();
    assert_eq!((memos[0].title.as_str(), memos[0].body.as_str()), ("", ""));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(project(&harness).store().memos().unwrap().is_empty());
}

#[test]
fn a_definition_typed_on_the_code_card_is_stored_and_shown_in_its_history() {
    let Fixture { _dir, mut harness } = fixture();
    harness
        .get_by_role_and_label(Role::TreeItem, "citizenship")
        .click();
    harness.run();
    harness.get_by_label("When to use").focus();
    harness.run();
    harness
        .get_by_label("When to use")
        .type_text("Talk of passports, papers and rights.");
    settle(&mut harness);
    let id = code_id(&harness, "Belonging/citizenship").unwrap();
    let code = project(&harness).store().code(id).unwrap();
    assert_eq!(code.when_to_use, "Talk of passports, papers and rights.");
    let history = project(&harness)
        .store()
        .code_history(Some(&code.guid))
        .unwrap();
    assert_eq!(history.len(), 1, "typing is one history entry: {history:?}");
    assert_eq!(history[0].kind, ChangeKind::Define(CodeField::WhenToUse));
    // The card's history says so, and the memo panel lists the card.
    harness.get_by_label("wrote the when to use: “Talk of passports, papers and rights.”");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::M);
    harness.run();
    harness.get_by_role_and_label(Role::ListItem, "Belonging/citizenship");
    // One undo takes the whole burst and its history entry away.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(project(&harness).store().code(id).unwrap().when_to_use, "");
    assert!(
        project(&harness)
            .store()
            .code_history(None)
            .unwrap()
            .is_empty()
    );
}

/// A project with memos of every kind: two journal entries, a document memo, a card, and a
/// coding memo on "тарихи отан" in a second document's neighbour.
fn with_memos(h: &mut Harness<'_, Workbench>) {
    let state = h.state_mut();
    let project = state.project.as_mut().unwrap();
    let doc = project
        .store()
        .document_by_name("interview")
        .unwrap()
        .unwrap();
    for (title, body) in [
        ("Arrival", "Landed in Almaty."),
        ("Second week", "The word *oralman* again."),
    ] {
        project
            .execute(Edit::WriteMemo {
                target: MemoTarget::Project,
                title: title.into(),
                body: body.into(),
                coder: "Aigerim".into(),
            })
            .unwrap();
    }
    project
        .execute(Edit::WriteMemo {
            target: MemoTarget::Document(doc),
            title: "Context".into(),
            body: "A teacher, at home, March.".into(),
            coder: "Aigerim".into(),
        })
        .unwrap();
    let citizenship = project
        .find_code_path("Belonging/citizenship")
        .unwrap()
        .unwrap();
    project
        .execute(Edit::DefineCode {
            id: citizenship,
            field: CodeField::Description,
            text: "Legal membership.".into(),
        })
        .unwrap();
    let coding = project.store().all_codings().unwrap()[0].id;
    project
        .execute(Edit::SetCodingMemo {
            id: coding,
            memo: "An emic term: *тарихи отан*.".into(),
        })
        .unwrap();
    // A second document, open, so that the coding memo has somewhere else to go.
    let other = "Another interview, with no codings.";
    project
        .execute(Edit::ImportDocument(NewDocument {
            name: "other".into(),
            text: other.into(),
            original_name: "other.txt".into(),
            format: "txt".into(),
            encoding: "UTF-8".into(),
            source: other.as_bytes().to_vec(),
            pages: Vec::new(),
        }))
        .unwrap();
    h.run();
    h.get_by_role_and_label(Role::ListItem, "other").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::M);
    h.run();
}

fn shown_kinds(h: &Harness<'_, Workbench>) -> Vec<MemoKind> {
    h.state().memo_ui.shown().iter().map(|m| m.kind).collect()
}

#[test]
fn the_memo_panel_filters_by_kind_code_document_and_words() {
    let Fixture { _dir, mut harness } = fixture();
    with_memos(&mut harness);
    harness.get_by_label("5 memos");
    // Words, any case, in titles and texts.
    harness.get_by_label("Find in memos").focus();
    harness.run();
    harness.get_by_label("Find in memos").type_text("ORALMAN");
    harness.run();
    harness.get_by_label("1 memo");
    assert_eq!(shown_kinds(&harness), [MemoKind::Journal]);
    harness.get_by_label("Clear").click();
    harness.run();
    // Kind: the journal, newest first.
    harness.get_by_value("All kinds").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Journal")
        .click();
    harness.run();
    let titles: Vec<String> = harness
        .state()
        .memo_ui
        .shown()
        .iter()
        .map(|m| m.title.clone())
        .collect();
    assert_eq!(titles, ["Second week", "Arrival"]);
    harness.get_by_label("Clear").click();
    harness.run();
    // Code: its card, and the memos on its codings.
    harness.get_by_label("Any code").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Modernity")
        .click();
    harness.run();
    assert_eq!(shown_kinds(&harness), [MemoKind::Coding]);
    harness.get_by_label("Clear").click();
    harness.run();
    harness.get_by_label("Any code").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Belonging/citizenship")
        .click();
    harness.run();
    assert_eq!(shown_kinds(&harness), [MemoKind::Code]);
    harness.get_by_label("Clear").click();
    harness.run();
    // Document: its memo and the memos on codings in it.
    harness.get_by_value("Any document").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "interview")
        .click();
    harness.run();
    assert_eq!(
        shown_kinds(&harness),
        [MemoKind::Document, MemoKind::Coding]
    );
}

#[test]
fn clicking_a_coding_memo_opens_its_document_with_the_passage_selected() {
    let Fixture { _dir, mut harness } = fixture();
    with_memos(&mut harness);
    let (doc, coding) = {
        let coding = project(&harness).store().all_codings().unwrap()[0].clone();
        (coding.document, coding)
    };
    assert_ne!(harness.state().model.as_ref().unwrap().id, doc);
    // Find it by a word of its passage.
    harness.get_by_label("Find in memos").focus();
    harness.run();
    harness.get_by_label("Find in memos").type_text("тарихи");
    harness.run();
    harness.get_by_label("1 memo");
    let id = tamga::retrieval::ExcerptId::from_guid(&coding.guid);
    harness
        .get_by_role_and_label(Role::ListItem, &format!("{id} “тарихи отан”"))
        .click();
    harness.run();
    let state = harness.state();
    assert_eq!(state.model.as_ref().unwrap().id, doc);
    assert_eq!(state.view.selected_range(), Some(coding.range));
    assert_eq!(state.view.selected_coding, Some(coding.id));
    // The memo reads beside the document, with its emphasis.
    assert!(
        harness
            .get_all_by_label("An emic term: тарихи отан.")
            .count()
            >= 1
    );
    assert!(harness.query_by_label_contains("*тарихи отан*").is_none());
}

#[test]
fn a_rename_and_a_split_keep_their_reasons_in_the_codebook_history() {
    let Fixture { _dir, mut harness } = fixture();
    // Rename with a reason: F2, the new name, the reason below it, Enter.
    harness
        .get_by_role_and_label(Role::TreeItem, "citizenship")
        .click();
    harness.run();
    harness.key_press(Key::F2);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label("Rename:").type_text("legal belonging");
    harness.run();
    harness.get_by_label("Why:").focus();
    harness.run();
    harness
        .get_by_label("Why:")
        .type_text("closer to the participants' words");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let legal = code_id(&harness, "Belonging/legal belonging").expect("renamed");

    // Split "Modernity": code a second passage with it, then move one coding to a new code.
    drag_select(&mut harness, "their own modernity");
    harness
        .get_by_role_and_label(Role::TreeItem, "Modernity")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::TreeItem, "Modernity")
        .click_secondary();
    harness.run();
    harness.get_by_label("Split…").click();
    harness.run();
    harness
        .get_by_label("Name of the new code")
        .type_text("modernity as self-description");
    harness.run();
    let modernity = code_id(&harness, "Modernity").unwrap();
    let moving = codings(&harness)
        .into_iter()
        .find(|c| c.code == modernity && c.text == "their own modernity")
        .unwrap();
    let id = tamga::retrieval::ExcerptId::from_guid(&moving.guid);
    harness
        .get_by_label_contains(&format!("{id} · interview"))
        .click();
    harness.run();
    harness
        .get_by_label("Why (optional, kept in the history)")
        .focus();
    harness.run();
    harness
        .get_by_label("Why (optional, kept in the history)")
        .type_text("two ideas under one name");
    harness.run();
    harness.get_by_label("Split").click();
    harness.run();
    let new = code_id(&harness, "modernity as self-description").expect("the split made a code");
    assert_eq!(
        project(&harness).store().coding(moving.id).unwrap().code,
        new
    );
    assert_eq!(count(&harness, "Modernity"), Some(1));

    let history = project(&harness).store().code_history(None).unwrap();
    let seen: Vec<(ChangeKind, &str, &str, &str)> = history
        .iter()
        .map(|c| {
            (
                c.kind,
                c.before.as_str(),
                c.after.as_str(),
                c.reason.as_str(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                ChangeKind::Rename,
                "citizenship",
                "legal belonging",
                "closer to the participants' words"
            ),
            (
                ChangeKind::Split,
                "Modernity",
                "modernity as self-description",
                "two ideas under one name"
            ),
        ]
    );
    assert_eq!(
        project(&harness).store().code(legal).unwrap().guid,
        history[0].code
    );
}

#[test]
fn a_journal_entry_and_a_code_memo_written_in_the_memo_panel_are_in_the_project_file() {
    let Fixture {
        _dir: dir,
        mut harness,
    } = fixture();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::M);
    harness.run();
    harness.get_by_label("New journal entry").click();
    harness.run();
    harness.get_by_label("Memo title").type_text("Week two");
    harness.run();
    harness.get_by_label("Memo text").focus();
    harness.run();
    harness
        .get_by_label("Memo text")
        .type_text("Ағайын came up three times.\n\nNobody said *оралман*.");
    settle(&mut harness);
    harness.get_by_label("Done").click();
    harness.run();
    // With a code selected, the panel offers a memo on it.
    assert!(harness.query_by_label("Memo on this code").is_none());
    harness
        .get_by_role_and_label(Role::TreeItem, "citizenship")
        .click();
    harness.run();
    harness.get_by_label("Memo on this code").click();
    harness.run();
    harness.get_by_label("Memo text").focus();
    harness.run();
    harness
        .get_by_label("Memo text")
        .type_text("Papers, not feelings: 护照 and паспорт.");
    settle(&mut harness);

    // What the project file holds, read by a second reader.
    let file = Project::open_read_only(&dir.path().join("window.tamga")).unwrap();
    let citizenship = file
        .find_code_path("Belonging/citizenship")
        .unwrap()
        .unwrap();
    let mut memos: Vec<(MemoTarget, String, String)> = file
        .store()
        .memos()
        .unwrap()
        .into_iter()
        .map(|m| (m.target, m.title, m.body))
        .collect();
    memos.sort_by_key(|m| m.0 != MemoTarget::Project);
    assert_eq!(
        memos,
        vec![
            (
                MemoTarget::Project,
                "Week two".to_owned(),
                "Ағайын came up three times.\n\nNobody said *оралман*.".to_owned()
            ),
            (
                MemoTarget::Code(citizenship),
                String::new(),
                "Papers, not feelings: 护照 and паспорт.".to_owned()
            ),
        ]
    );
    // The memo list of the file says what each is on, and who wrote it.
    let listed = tamga::memos::list(&file).unwrap();
    let code_memo = listed
        .iter()
        .find(|m| m.kind == MemoKind::Code && m.card.is_empty())
        .unwrap();
    assert_eq!(code_memo.attached, "code “Belonging/citizenship”");
    assert_eq!(code_memo.author, "Aigerim");
    // The card in the inspector shows the memo under the code's definition.
    harness.get_by_label("Memos on this code");
}

#[test]
fn typing_a_journal_entry_takes_each_key_into_the_memo_list_without_reading_every_memo() {
    let Fixture { _dir, mut harness } = fixture();
    with_memos(&mut harness);
    assert_eq!(harness.state().bottom, Some(tamga::app::BottomTab::Memos));
    harness.get_by_label("New journal entry").click();
    settle(&mut harness);
    let reads = harness.state().memo_ui.reads();
    harness
        .get_by_label("Memo title")
        .type_text("Ili, second visit");
    settle(&mut harness);
    harness.get_by_label("Memo text").focus();
    harness.run();
    harness
        .get_by_label("Memo text")
        .type_text("Жер — земля, not отан.");
    settle(&mut harness);
    assert_eq!(
        harness.state().memo_ui.reads(),
        reads,
        "a keystroke in a memo re-reads no other memo"
    );
    // The list shows what was typed, as a fresh read of the project does.
    let listed: Vec<_> = harness
        .state()
        .memo_ui
        .shown()
        .into_iter()
        .cloned()
        .collect();
    let fresh = tamga::memos::list(project(&harness)).unwrap();
    assert_eq!(listed, fresh);
    harness.get_by_role_and_label(Role::ListItem, "Ili, second visit");
}

#[test]
fn typing_a_definition_runs_no_retrieval_again_and_the_codebook_tooltip_follows() {
    let Fixture { _dir, mut harness } = fixture();
    harness.state_mut().bottom = Some(tamga::app::BottomTab::Retrieval);
    harness
        .get_by_role_and_label(Role::TreeItem, "citizenship")
        .click();
    settle(&mut harness);
    let computed = harness.state().retrieval_ui.computed();
    let codes = harness.state().versions.codes;
    harness.get_by_label("Description").focus();
    harness.run();
    harness
        .get_by_label("Description")
        .type_text("Papers, passports, rights.");
    settle(&mut harness);
    assert_eq!(harness.state().retrieval_ui.computed(), computed);
    assert_eq!(harness.state().versions.codes, codes);
    let id = code_id(&harness, "Belonging/citizenship").unwrap();
    let entry = harness.state().codebook.entry(id).unwrap();
    assert_eq!(entry.code.description, "Papers, passports, rights.");
    // Undo brings the old (empty) definition back into the codebook view too.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    let entry = harness.state().codebook.entry(id).unwrap();
    assert_eq!(entry.code.description, "");
}
