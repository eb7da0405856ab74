//! REFI-QDA from the window: File ▸ Import a REFI-QDA project adds another tool's project as
//! one undoable step and shows what came over; File ▸ Export for other QDA programs writes a
//! `.qdpx` that reads back with the project's documents and codings.

use std::path::PathBuf;

use super::*;

fn qc_demo() -> PathBuf {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    [manifest.join(".."), manifest.join("../..")]
        .into_iter()
        .map(|up| up.join("shared/fixtures/refi-qda/qc-demo.qdpx"))
        .find(|p| p.exists())
        .expect("shared/fixtures/refi-qda/qc-demo.qdpx beside the repository")
}

#[test]
fn importing_another_tools_qdpx_adds_it_as_one_step_and_shows_the_report() {
    let Fixture {
        _dir: dir,
        mut harness,
    } = fixture();
    without_system_dialogs(&mut harness);
    std::fs::copy(qc_demo(), dir.path().join("qc-demo.qdpx")).unwrap();
    let before = codings(&harness).len();
    harness.get_by_label("File").click();
    harness.run();
    harness
        .get_by_label("Import a REFI-QDA project or codebook…")
        .click();
    harness.run();
    choose(&mut harness, "qc-demo.qdpx", "Open");
    // The report is shown, and the project holds QualCoder's 2 sources and the 205 codings of
    // its 158 selections (counted in the file: 205 <Coding> elements).
    harness.get_by_label("Imported qc-demo.qdpx");
    harness.get_by_label_contains("2 documents");
    let project = harness.state().project.as_ref().unwrap();
    assert_eq!(
        project.store().document_summaries().unwrap().len(),
        3,
        "{:?}",
        harness.state().notice()
    );
    assert_eq!(codings(&harness).len(), before + 205);
    harness.get_by_label("Close").click();
    harness.run();
    // One undo takes the whole import away.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(codings(&harness).len(), before);
    let project = harness.state().project.as_ref().unwrap();
    assert_eq!(project.store().document_summaries().unwrap().len(), 1);
}

#[test]
fn exporting_for_other_qda_programs_writes_a_qdpx_that_reads_back() {
    let Fixture {
        _dir: dir,
        mut harness,
    } = fixture();
    without_system_dialogs(&mut harness);
    harness.get_by_label("File").click();
    harness.run();
    harness
        .get_by_label("Export for other QDA programs")
        .click();
    harness.run();
    harness.get_by_label("REFI-QDA project (.qdpx)…").click();
    harness.run();
    choose(&mut harness, "for nvivo", "Save");
    harness.get_by_label("Exported for nvivo.qdpx");
    let read = tamga::exchange::read_file(&dir.path().join("for nvivo.qdpx")).unwrap();
    assert_eq!(read.documents.len(), 1);
    let texts: Vec<String> = read.documents[0]
        .codings
        .iter()
        .map(|c| {
            text::slice_chars(&read.documents[0].text, c.range)
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(texts, vec!["тарихи отан".to_owned()]);
}

#[test]
fn merging_a_colleagues_copy_is_previewed_then_one_undoable_step() {
    let Fixture {
        _dir: dir,
        mut harness,
    } = fixture();
    without_system_dialogs(&mut harness);
    // A colleague's copy with one coding of their own.
    let copy = dir.path().join("bolat.tamga");
    std::fs::copy(dir.path().join("window.tamga"), &copy).unwrap();
    {
        let mut bolat = Project::open(&copy, "Bolat").unwrap();
        let doc = bolat.store().document_summaries().unwrap()[0].id;
        let code = bolat.ensure_code_path("Belonging/citizenship").unwrap();
        bolat
            .execute(Edit::ApplyCoding {
                document: doc,
                code,
                range: text::find_occurrence(TEXT, "A second paragraph", 1).unwrap(),
                coder: "Bolat".into(),
                memo: String::new(),
            })
            .unwrap();
    }
    let before = codings(&harness).len();
    harness.get_by_label("File").click();
    harness.run();
    harness
        .get_by_label("Merge another copy of this project…")
        .click();
    harness.run();
    choose(&mut harness, "bolat.tamga", "Open");
    // The preview says what comes in; nothing has changed yet.
    harness.get_by_label("Merge bolat.tamga?");
    harness.get_by_label_contains("adds 0 documents, 0 codes, 1 coding");
    assert_eq!(codings(&harness).len(), before);
    harness.get_by_label("Merge").click();
    harness.run();
    let merged = codings(&harness);
    assert_eq!(merged.len(), before + 1);
    let range = text::find_occurrence(TEXT, "A second paragraph", 1).unwrap();
    assert!(merged.iter().any(|c| c.range == range));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(codings(&harness).len(), before);
}
