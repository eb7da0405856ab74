//! Merging a colleague's copy: two copies of the sample coded apart by two coders come together
//! with every coding once and its coder and time kept; merging again adds nothing; a coding
//! changed differently in both is reported and this project's version kept; one undo takes the
//! merge away.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers fail loudly; that is their job"
)]

use std::collections::BTreeSet;
use std::path::Path;

use tamga::domain::{Direction, Edit, NewDocument, TextRange};
use tamga::exchange;
use tamga::project::Project;

/// (guid, document name, code path, start, end, coder name, created) of every coding.
fn codings(project: &Project) -> BTreeSet<(String, String, String, usize, usize, String, String)> {
    let store = project.store();
    let docs: std::collections::HashMap<_, _> = store
        .document_summaries()
        .unwrap()
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let paths: std::collections::HashMap<_, _> = project
        .codebook()
        .unwrap()
        .into_iter()
        .map(|e| (e.code.id, e.path))
        .collect();
    let coders: std::collections::HashMap<_, _> = store
        .coders()
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    store
        .all_codings()
        .unwrap()
        .into_iter()
        .map(|c| {
            (
                c.guid,
                docs[&c.document].clone(),
                paths[&c.code].clone(),
                c.range.start,
                c.range.end,
                coders[&c.coder].clone(),
                c.created_at,
            )
        })
        .collect()
}

fn code(project: &mut Project, path: &str, start: usize, end: usize) -> tamga::domain::CodingId {
    let document = project.store().document_summaries().unwrap()[0].id;
    let code = project.ensure_code_path(path).unwrap();
    match project
        .execute(Edit::ApplyCoding {
            document,
            code,
            range: TextRange::new(start, end),
            coder: project.coder().to_owned(),
            memo: String::new(),
        })
        .unwrap()
    {
        Edit::RemoveCoding { id } => id,
        other => panic!("{other:?}"),
    }
}

fn two_copies(dir: &Path) -> (Project, Project) {
    let a = dir.join("aigerim.tamga");
    tamga::sample::write_sample(&a).unwrap();
    let b = dir.join("bolat.tamga");
    std::fs::copy(&a, &b).unwrap();
    (
        Project::open(&a, "Aigerim").unwrap(),
        Project::open(&b, "Bolat").unwrap(),
    )
}

#[test]
fn copies_coded_apart_merge_with_every_coding_once_and_merging_again_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = two_copies(dir.path());
    code(&mut a, "Team/Aigerim's code", 10, 40);
    code(&mut a, "Belonging/citizenship", 100, 180);
    code(&mut b, "Team/Bolat's code", 20, 60);
    code(&mut b, "Belonging/citizenship", 300, 350);
    let theirs = codings(&b);
    let ours = codings(&a);
    let b_path = b.store().path().to_owned();
    drop(b);

    let report = exchange::merge_into(&mut a, &b_path).unwrap();
    assert!(report.conflicts.is_empty(), "{report}");
    // Every coding of both copies, once, with its coder and time as it was.
    let expected: BTreeSet<_> = ours.union(&theirs).cloned().collect();
    assert_eq!(codings(&a), expected);
    assert_eq!(
        report.rows.carried.codings,
        theirs.difference(&ours).count()
    );
    assert_eq!(report.rows.carried.codings, 2);
    assert!(
        a.store()
            .coders()
            .unwrap()
            .iter()
            .any(|c| c.name == "Bolat")
    );

    // Again: nothing new.
    let again = exchange::merge_into(&mut a, &b_path).unwrap();
    assert!(again.adds_nothing(), "{again}");
    assert_eq!(codings(&a), expected);

    // One undo takes the (first) merge away: the second added nothing and is no step.
    a.undo().unwrap();
    assert_eq!(codings(&a), ours);
}

#[test]
fn a_coding_changed_differently_in_both_copies_is_a_conflict_and_ours_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = two_copies(dir.path());
    // The same sample coding, resized differently in each copy.
    let shared = a.store().all_codings().unwrap()[0].clone();
    a.execute(Edit::ResizeCoding {
        id: shared.id,
        range: TextRange::new(shared.range.start, shared.range.end + 5),
    })
    .unwrap();
    let theirs_id = b
        .store()
        .all_codings()
        .unwrap()
        .into_iter()
        .find(|c| c.guid == shared.guid)
        .unwrap()
        .id;
    b.execute(Edit::ResizeCoding {
        id: theirs_id,
        range: TextRange::new(shared.range.start + 3, shared.range.end),
    })
    .unwrap();
    let before = codings(&a);
    let b_path = b.store().path().to_owned();
    drop(b);
    let report = exchange::merge_into(&mut a, &b_path).unwrap();
    assert_eq!(report.conflicts.len(), 1, "{report}");
    assert_eq!(report.conflicts[0].guid, shared.guid);
    assert!(report.to_string().contains("1 in conflict"), "{report}");
    // Ours kept, nothing written over.
    assert_eq!(codings(&a), before);
}

#[test]
fn a_project_is_not_merged_into_itself_and_the_other_file_is_never_changed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, b) = two_copies(dir.path());
    let a_path = a.store().path().to_owned();
    assert!(exchange::merge_into(&mut a, &a_path).is_err());
    let b_path = b.store().path().to_owned();
    drop(b);
    let bytes = std::fs::read(&b_path).unwrap();
    exchange::merge_into(&mut a, &b_path).unwrap();
    assert_eq!(std::fs::read(&b_path).unwrap(), bytes);
}

#[test]
fn a_colleague_s_new_document_comes_with_its_reading_direction_and_page_map() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = two_copies(dir.path());
    // Bolat imports a right-to-left transcript and sets it to read right to left.
    let text = "ئۇيغۇر تىلى — بىز كەلدىك.\n\nئىككىنچى بەت.";
    let Edit::DeleteDocument { id } = b
        .execute(Edit::ImportDocument(NewDocument {
            name: "Uyghur notes".into(),
            text: text.into(),
            original_name: "notes.pdf".into(),
            format: "pdf".into(),
            encoding: "PDF text layer".into(),
            source: Vec::new(),
            pages: vec![
                0,
                tamga::text::find_occurrence(text, "ئىككىنچى", 1)
                    .unwrap()
                    .start,
            ],
        }))
        .unwrap()
    else {
        panic!("not an import")
    };
    b.execute(Edit::SetDocumentDirection {
        id,
        direction: Direction::RightToLeft,
    })
    .unwrap();
    let theirs = b.store().document(id).unwrap();
    let b_path = b.store().path().to_owned();
    drop(b);
    exchange::merge_into(&mut a, &b_path).unwrap();
    let merged = a.store().document_by_name("Uyghur notes").unwrap().unwrap();
    let ours = a.store().document(merged).unwrap();
    assert_eq!(ours.direction, Direction::RightToLeft);
    assert_eq!(ours.pages, theirs.pages);
    assert_eq!(ours.guid, theirs.guid);
}
