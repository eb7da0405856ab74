//! Memos and the codebook's history through the library API: every kind of memo written,
//! listed with what it is on and who changed it last, undone; typing a definition as one
//! history entry and one undo step; renames, moves, merges and splits recorded with when, who
//! and why, and taken away again by undo.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers fail loudly; that is their job"
)]

use tamga::domain::{
    ChangeKind, CodeField, CodeId, CodingId, DocumentId, Edit, MemoId, MemoTarget, NewDocument,
};
use tamga::memos::{self, MemoFilter, MemoKind, MemoSource};
use tamga::project::Project;
use tamga::text;

const TEXT: &str = "Біз Моңғолиядан келдік. We are citizens, but they call us Chinese.\n\nAt school the teachers spoke Russian to us.";

struct Fixture {
    _dir: tempfile::TempDir,
    project: Project,
    doc: DocumentId,
    belonging: CodeId,
    exclusion: CodeId,
    language: CodeId,
    citizens: CodingId,
    school: CodingId,
}

fn code(project: &mut Project, parent: Option<CodeId>, name: &str) -> CodeId {
    match project
        .execute(Edit::CreateCode {
            parent,
            name: name.into(),
            color: None,
            description: String::new(),
            position: None,
        })
        .unwrap()
    {
        Edit::DeleteCode { id } => id,
        other => panic!("{other:?}"),
    }
}

fn coding(project: &mut Project, doc: DocumentId, code: CodeId, quote: &str) -> CodingId {
    let range = text::find_occurrence(TEXT, quote, 1).unwrap();
    match project
        .execute(Edit::ApplyCoding {
            document: doc,
            code,
            range,
            coder: "Aigerim".into(),
            memo: String::new(),
        })
        .unwrap()
    {
        Edit::RemoveCoding { id } => id,
        other => panic!("{other:?}"),
    }
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::create(&dir.path().join("m.tamga"), "Memos", "Aigerim").unwrap();
    let doc = match project
        .execute(Edit::ImportDocument(NewDocument {
            name: "interview 3".into(),
            text: TEXT.into(),
            original_name: "interview 3.txt".into(),
            format: "txt".into(),
            encoding: "UTF-8".into(),
            source: TEXT.as_bytes().to_vec(),
            pages: Vec::new(),
        }))
        .unwrap()
    {
        Edit::DeleteDocument { id } => id,
        other => panic!("{other:?}"),
    };
    let belonging = code(&mut project, None, "Belonging");
    let exclusion = code(&mut project, Some(belonging), "privileged exclusion");
    let language = code(&mut project, None, "Language");
    let citizens = coding(&mut project, doc, exclusion, "We are citizens");
    let school = coding(&mut project, doc, exclusion, "At school");
    Fixture {
        _dir: dir,
        project,
        doc,
        belonging,
        exclusion,
        language,
        citizens,
        school,
    }
}

fn written(inverse: Edit) -> MemoId {
    match inverse {
        Edit::DeleteMemo { id } => id,
        other => panic!("expected DeleteMemo, got {other:?}"),
    }
}

#[test]
fn memos_of_every_kind_are_listed_with_what_they_are_on_and_undone_one_by_one() {
    let mut f = fixture();
    let start = f.project.store().dump().unwrap();
    let p = &mut f.project;
    let older = written(
        p.execute(Edit::WriteMemo {
            target: MemoTarget::Project,
            title: "First week".into(),
            body: "Arrived in Almaty.".into(),
            coder: "Aigerim".into(),
        })
        .unwrap(),
    );
    // Journal entries sort newest first by when they were written; make the first older.
    p.execute(Edit::RestoreMemoText {
        of: tamga::domain::MemoRef::Memo(older),
        title: "First week".into(),
        body: "Arrived in Almaty.".into(),
        modified_at: "2026-01-05T09:00:00Z".into(),
        modified_by: None,
    })
    .unwrap();
    written(
        p.execute(Edit::WriteMemo {
            target: MemoTarget::Project,
            title: "Second week".into(),
            body: "The *oralman* label keeps coming up.".into(),
            coder: "Aigerim".into(),
        })
        .unwrap(),
    );
    written(
        p.execute(Edit::WriteMemo {
            target: MemoTarget::Document(f.doc),
            title: String::new(),
            body: "Who: a teacher, 34. Where: her kitchen, Almaty. When: March 2026.".into(),
            coder: "Aigerim".into(),
        })
        .unwrap(),
    );
    p.execute(Edit::DefineCode {
        id: f.exclusion,
        field: CodeField::WhenToUse,
        text: "Rights granted by law, withheld in everyday life.".into(),
    })
    .unwrap();
    p.execute(Edit::SetCodingMemo {
        id: f.citizens,
        memo: "**Key** passage for the paper.".into(),
    })
    .unwrap();

    let all = memos::list(p).unwrap();
    let kinds: Vec<MemoKind> = all.iter().map(|m| m.kind).collect();
    assert_eq!(
        kinds,
        [
            MemoKind::Journal,
            MemoKind::Journal,
            MemoKind::Document,
            MemoKind::Code,
            MemoKind::Coding
        ]
    );
    // Newest journal entry first.
    assert_eq!(all[0].title, "Second week");
    assert_eq!(all[1].title, "First week");
    assert_eq!(all[2].attached, "document “interview 3”");
    assert_eq!(all[3].source, MemoSource::Card(f.exclusion));
    assert_eq!(all[3].attached, "code “Belonging/privileged exclusion”");
    assert_eq!(
        all[3].text,
        "When to use: Rights granted by law, withheld in everyday life."
    );
    assert_eq!(all[3].modified_by, "Aigerim");
    let coding = &all[4];
    assert_eq!(coding.source, MemoSource::CodingMemo(f.citizens));
    assert_eq!(coding.document, Some(f.doc));
    assert_eq!(coding.code, Some(f.exclusion));
    assert_eq!(
        coding.range,
        text::find_occurrence(TEXT, "We are citizens", 1)
    );
    let id = coding.excerpt_id.clone().unwrap();
    assert!(
        coding
            .attached
            .starts_with(&format!("coding {id} “We are citizens”")),
        "{}",
        coding.attached
    );
    assert_eq!(coding.modified_by, "Aigerim");

    // Filters: by kind, by code (its card and its codings' memos), by document, by text.
    let count = |filter: MemoFilter| all.iter().filter(|m| filter.matches(m)).count();
    assert_eq!(
        count(MemoFilter {
            kind: Some(MemoKind::Journal),
            ..MemoFilter::default()
        }),
        2
    );
    assert_eq!(
        count(MemoFilter {
            code: Some(f.exclusion),
            ..MemoFilter::default()
        }),
        2
    );
    assert_eq!(
        count(MemoFilter {
            code: Some(f.language),
            ..MemoFilter::default()
        }),
        0
    );
    assert_eq!(
        count(MemoFilter {
            document: Some(f.doc),
            ..MemoFilter::default()
        }),
        2
    );
    assert_eq!(
        count(MemoFilter {
            text: "ORALMAN".into(),
            ..MemoFilter::default()
        }),
        1
    );

    // Undo takes every memo away again, in turn, back to the start.
    for _ in 0..6 {
        p.undo().unwrap();
    }
    assert!(memos::list(p).unwrap().is_empty());
    assert_eq!(p.store().dump().unwrap(), start);
}

#[test]
fn a_memo_changed_by_another_coder_says_who_changed_it_and_undo_restores_the_stamp() {
    let mut f = fixture();
    let p = &mut f.project;
    let id = written(
        p.execute(Edit::WriteMemo {
            target: MemoTarget::Document(f.doc),
            title: "Context".into(),
            body: "Recorded at home.".into(),
            coder: "Aigerim".into(),
        })
        .unwrap(),
    );
    p.execute(Edit::SetCodingMemo {
        id: f.school,
        memo: "Language of schooling.".into(),
    })
    .unwrap();
    // Registering a coder is not undone (a coder is part of the project, not of a change).
    p.execute(Edit::AddCoder {
        name: "Dana".into(),
    })
    .unwrap();
    let before = p.store().dump().unwrap();
    p.set_coder("Dana");
    p.execute(Edit::EditMemo {
        id,
        title: "Context".into(),
        body: "Recorded at home, in Kazakh and Russian.".into(),
        modified_at: None,
    })
    .unwrap();
    p.execute(Edit::SetCodingMemo {
        id: f.school,
        memo: "Language of schooling: Russian.".into(),
    })
    .unwrap();
    let dana = p.store().coder_by_name("Dana").unwrap().unwrap();
    let memo = p.store().memo(id).unwrap();
    assert_eq!(memo.modified_by, Some(dana));
    assert_eq!(
        p.store().coding(f.school).unwrap().memo_modified_by,
        Some(dana)
    );
    let all = memos::list(p).unwrap();
    let document = all
        .iter()
        .find(|m| m.source == MemoSource::Memo(id))
        .unwrap();
    assert_eq!(
        (document.author.as_str(), document.modified_by.as_str()),
        ("Aigerim", "Dana")
    );
    let on_coding = all
        .iter()
        .find(|m| m.source == MemoSource::CodingMemo(f.school))
        .unwrap();
    assert_eq!(on_coding.modified_by, "Dana");
    p.undo().unwrap();
    p.undo().unwrap();
    assert_eq!(p.store().dump().unwrap(), before);
}

#[test]
fn typing_a_definition_is_one_history_entry_and_one_undo_step() {
    let mut f = fixture();
    let p = &mut f.project;
    let before = p.store().dump().unwrap();
    let mut typed = String::new();
    for c in "Legal inclusion, *social* exclusion.".chars() {
        typed.push(c);
        p.execute_deferred(
            Edit::DefineCode {
                id: f.exclusion,
                field: CodeField::Description,
                text: typed.clone(),
            },
            Some(format!("card-{}", f.exclusion)),
        )
        .unwrap();
    }
    assert!(p.flush().is_empty());
    assert_eq!(p.store().code(f.exclusion).unwrap().description, typed);
    let history = p.store().code_history(None).unwrap();
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(history[0].kind, ChangeKind::Define(CodeField::Description));
    assert_eq!(
        (history[0].before.as_str(), history[0].after.as_str()),
        ("", typed.as_str())
    );
    let after = p.store().dump().unwrap();
    assert_eq!(
        p.undo_label(),
        Some("edit “description” of ‘privileged exclusion’")
    );
    p.undo().unwrap();
    assert_eq!(
        p.store().dump().unwrap(),
        before,
        "one undo step took it all"
    );
    assert!(p.store().code_history(None).unwrap().is_empty());
    p.redo().unwrap();
    assert_eq!(
        p.store().dump().unwrap(),
        after,
        "redo brings the entry back exactly"
    );
}

#[test]
fn renames_moves_merges_splits_and_definitions_are_recorded_with_when_who_and_why() {
    let mut f = fixture();
    f.project
        .execute(Edit::AddCoder {
            name: "Dana".into(),
        })
        .unwrap();
    let start = f.project.store().dump().unwrap();
    let second = code(&mut f.project, None, "second-class citizens");
    coding(&mut f.project, f.doc, second, "Біз Моңғолиядан келдік");
    let p = &mut f.project;
    p.execute(Edit::Explained {
        reason: "the participants' own word".into(),
        edit: Box::new(Edit::RenameCode {
            id: second,
            name: "second class".into(),
        }),
    })
    .unwrap();
    p.set_coder("Dana");
    p.execute(Edit::MoveCode {
        id: second,
        parent: Some(f.belonging),
        position: 0,
    })
    .unwrap();
    // Reordering among the same siblings is not a move of the code's place in the tree.
    p.execute(Edit::MoveCode {
        id: second,
        parent: Some(f.belonging),
        position: 5,
    })
    .unwrap();
    p.execute(Edit::DescribeCode {
        id: f.exclusion,
        description: "Included by law, excluded in daily life.".into(),
    })
    .unwrap();
    p.execute(Edit::Explained {
        reason: "the same experience under two names".into(),
        edit: Box::new(Edit::MergeCode {
            from: second,
            into: f.exclusion,
        }),
    })
    .unwrap();
    p.execute(Edit::SplitCode {
        from: f.exclusion,
        name: "schooling".into(),
        codings: vec![f.school],
    })
    .unwrap();
    let schooling = p
        .find_code_path("Belonging/schooling")
        .unwrap()
        .expect("the split made a sibling");
    assert_eq!(p.store().coding(f.school).unwrap().code, schooling);
    assert_eq!(p.store().coding(f.citizens).unwrap().code, f.exclusion);

    let history = p.store().code_history(None).unwrap();
    let seen: Vec<(&str, &str, &str, i64, &str)> = history
        .iter()
        .map(|c| {
            (
                c.kind.name(),
                c.before.as_str(),
                c.after.as_str(),
                c.codings,
                c.reason.as_str(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                "rename",
                "second-class citizens",
                "second class",
                0,
                "the participants' own word"
            ),
            ("move", "second class", "Belonging/second class", 0, ""),
            (
                "description",
                "",
                "Included by law, excluded in daily life.",
                0,
                ""
            ),
            (
                "merge",
                "Belonging/second class",
                "Belonging/privileged exclusion",
                1,
                "the same experience under two names"
            ),
            (
                "split",
                "Belonging/privileged exclusion",
                "Belonging/schooling",
                1,
                ""
            ),
        ]
    );
    let coders = p.store().coders().unwrap();
    let name = |c: &tamga::domain::CodeChange| {
        coders
            .iter()
            .find(|k| Some(k.id) == c.coder)
            .map(|k| k.name.clone())
    };
    assert_eq!(name(&history[0]).as_deref(), Some("Aigerim"));
    assert_eq!(name(&history[1]).as_deref(), Some("Dana"));
    // The card of the surviving code shows the merge, and the split.
    let exclusion_guid = p.store().code(f.exclusion).unwrap().guid;
    let on_card: Vec<&str> = p
        .store()
        .code_history(Some(&exclusion_guid))
        .unwrap()
        .iter()
        .map(|c| c.kind.name())
        .collect();
    assert_eq!(on_card, ["description", "merge", "split"]);
    assert_eq!(
        history[3].summary(),
        "merged “Belonging/second class” into “Belonging/privileged exclusion” (1 coding)"
    );

    // Undoing every step takes the history away again, back to the start.
    for _ in 0..8 {
        p.undo().unwrap();
    }
    assert!(p.store().code_history(None).unwrap().is_empty());
    assert_eq!(p.store().dump().unwrap(), start);
}

#[test]
fn a_split_refuses_codings_of_another_code_and_an_empty_choice() {
    let mut f = fixture();
    let other = coding(&mut f.project, f.doc, f.language, "spoke Russian");
    let before = f.project.store().dump().unwrap();
    for codings in [vec![other], Vec::new()] {
        let err = f
            .project
            .execute(Edit::SplitCode {
                from: f.exclusion,
                name: "part".into(),
                codings,
            })
            .unwrap_err()
            .to_string();
        assert!(err.contains("privileged exclusion"), "{err}");
        assert_eq!(f.project.store().dump().unwrap(), before);
    }
}

#[test]
fn a_definition_change_quotes_the_text_once() {
    let mut f = fixture();
    let p = &mut f.project;
    for (field, text) in [
        (
            CodeField::Example,
            "“We are citizens, but they call us Chinese.”",
        ),
        (CodeField::WhenToUse, "Talk of papers and rights."),
        (CodeField::WhenNotToUse, "\"Papers\" alone."),
    ] {
        p.execute(Edit::DefineCode {
            id: f.exclusion,
            field,
            text: text.into(),
        })
        .unwrap();
    }
    let summaries: Vec<String> = p
        .store()
        .code_history(None)
        .unwrap()
        .iter()
        .map(tamga::domain::CodeChange::summary)
        .collect();
    assert_eq!(
        summaries,
        [
            "wrote the example: “We are citizens, but they call us Chinese.”",
            "wrote the when to use: “Talk of papers and rights.”",
            // Only a text quoted at both ends goes unquoted.
            "wrote the when not to use: “\"Papers\" alone.”",
        ]
    );
}
