//! The project file through the library API: migrations, refusals, the lock, every edit's
//! undo and redo, the search index following changes, encodings and character offsets.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers fail loudly; that is their job"
)]

use std::path::{Path, PathBuf};

use tamga::domain::{
    AttributeKind, AttributeScope, CodeField, CodeId, CodingId, CorrectionKind, Direction,
    DocumentId, Edit, HubConflict, HubRecord, Keep, MemoId, MemoRef, MemoTarget, NewCase,
    NewCaseMember, NewDocument, Resolution, RowCode, RowCoder, RowCoding, RowDocument, RowMemo,
    RowSet, RowState, RowTarget, SourceFile, TextChange, TextEdit, TextRange, ValueChange,
    ValueOwner,
};
use tamga::import::{Format, extract};
use tamga::project::Project;
use tamga::search::{Query, SearchIndex, Source};
use tamga::store::{SCHEMA_VERSION, Store, StoreError};
use tamga::text;

const MIXED: &str = "“Curly” quotes — Қазақ тілі, русский язык, 中文字符 🙂🙂 then the coded passage here.\n\nSecond paragraph: тарихи отан.";

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn import(name: &str, text: &str) -> Edit {
    Edit::ImportDocument(NewDocument {
        name: name.to_owned(),
        text: text.to_owned(),
        original_name: format!("{name}.txt"),
        format: "txt".to_owned(),
        encoding: "UTF-8".to_owned(),
        source: text.as_bytes().to_vec(),
        pages: Vec::new(),
    })
}

fn created_code(inverse: Edit) -> CodeId {
    match inverse {
        Edit::DeleteCode { id } => id,
        other => panic!("expected DeleteCode, got {other:?}"),
    }
}

fn created_coding(inverse: Edit) -> CodingId {
    match inverse {
        Edit::RemoveCoding { id } => id,
        other => panic!("expected RemoveCoding, got {other:?}"),
    }
}

fn new_code(project: &mut Project, parent: Option<CodeId>, name: &str) -> CodeId {
    created_code(
        project
            .execute(Edit::CreateCode {
                parent,
                name: name.to_owned(),
                color: None,
                description: format!("about {name}"),
                position: None,
            })
            .unwrap(),
    )
}

struct Rich {
    _dir: tempfile::TempDir,
    project: Project,
    doc: DocumentId,
    parent: CodeId,
    child: CodeId,
    other: CodeId,
    coding: CodingId,
    memo: MemoId,
}

/// A project with two documents, a code tree, overlapping codings and memos of every kind.
fn rich() -> Rich {
    let dir = temp();
    let mut project = Project::create(&dir.path().join("p.tamga"), "Rich", "Aigerim").unwrap();
    let doc = match project.execute(import("mixed", MIXED)).unwrap() {
        Edit::DeleteDocument { id } => id,
        other => panic!("{other:?}"),
    };
    project.execute(import("second", "Another text.")).unwrap();
    let parent = new_code(&mut project, None, "Belonging");
    let child = new_code(&mut project, Some(parent), "privileged exclusion");
    let grandchild = new_code(&mut project, Some(child), "legal inclusion");
    let other = new_code(&mut project, None, "Modernity");
    new_code(&mut project, None, "Language");
    let passage = text::find_occurrence(MIXED, "the coded passage", 1).unwrap();
    let coding = created_coding(
        project
            .execute(Edit::ApplyCoding {
                document: doc,
                code: child,
                range: passage,
                coder: "Aigerim".into(),
                memo: "first memo".into(),
            })
            .unwrap(),
    );
    let coding2 = created_coding(
        project
            .execute(Edit::ApplyCoding {
                document: doc,
                code: grandchild,
                range: TextRange::new(passage.start + 4, passage.end + 5),
                coder: "Aigerim".into(),
                memo: String::new(),
            })
            .unwrap(),
    );
    project
        .execute(Edit::ApplyCoding {
            document: doc,
            code: other,
            range: TextRange::new(0, 8),
            coder: "Aigerim".into(),
            memo: String::new(),
        })
        .unwrap();
    let memo = match project
        .execute(Edit::WriteMemo {
            target: MemoTarget::Code(child),
            title: "On exclusion".into(),
            body: "Legal inclusion, social exclusion.".into(),
            coder: "Aigerim".into(),
        })
        .unwrap()
    {
        Edit::DeleteMemo { id } => id,
        other => panic!("{other:?}"),
    };
    for target in [
        MemoTarget::Project,
        MemoTarget::Document(doc),
        MemoTarget::Coding(coding2),
        MemoTarget::Code(grandchild),
    ] {
        project
            .execute(Edit::WriteMemo {
                target,
                title: "note".into(),
                body: "body".into(),
                coder: "Aigerim".into(),
            })
            .unwrap();
    }
    Rich {
        _dir: dir,
        project,
        doc,
        parent,
        child,
        other,
        coding,
        memo,
    }
}

fn assert_undo_redo_exact(project: &mut Project, edit: &Edit) {
    let before = project.store().dump().unwrap();
    let label = project.describe(edit);
    project
        .execute(edit.clone())
        .unwrap_or_else(|e| panic!("{edit:?}: {e}"));
    let after = project.store().dump().unwrap();
    assert_ne!(before, after, "{edit:?} changed nothing");
    assert_eq!(project.undo_label(), Some(label.as_str()));
    assert_eq!(project.undo().unwrap(), Some(label.clone()));
    assert_eq!(
        project.store().dump().unwrap(),
        before,
        "undo of {edit:?} did not restore the prior state"
    );
    assert_eq!(project.redo().unwrap(), Some(label));
    assert_eq!(
        project.store().dump().unwrap(),
        after,
        "redo of {edit:?} did not restore the state after it"
    );
    // And once more back, so the next edit starts from a known state.
    project.undo().unwrap();
    assert_eq!(project.store().dump().unwrap(), before);
    project.store().integrity_check().unwrap();
}

const NEW_DOC: &str = "0a000000-0000-4000-8000-000000000001";
const NEW_CODE: &str = "0a000000-0000-4000-8000-000000000002";
const NEW_CODING: &str = "0a000000-0000-4000-8000-000000000003";

/// Rows as another project would send them: a new document with a coding, a new subcode of
/// `child`, a coding of `child` on the existing `doc`, memos on both, by a known coder.
fn rows_from_elsewhere(project: &Project, doc: DocumentId, child: CodeId) -> RowSet {
    let store = project.store();
    let aigerim = store
        .coders()
        .unwrap()
        .into_iter()
        .find(|c| c.name == "Aigerim")
        .unwrap()
        .guid;
    let doc_guid = store.document(doc).unwrap().guid;
    let child_guid = store.code(child).unwrap().guid;
    RowSet {
        coders: vec![RowCoder {
            guid: aigerim.clone(),
            name: "Aigerim".into(),
        }],
        documents: vec![RowDocument {
            guid: NEW_DOC.into(),
            name: "from elsewhere".into(),
            text: "Тарихи отан 🙂 — 中文 passage.".into(),
            original_name: "elsewhere.txt".into(),
            format: "txt".into(),
            encoding: "UTF-8".into(),
            imported_at: "2021-05-04T03:02:01Z".into(),
            source: b"bytes".to_vec(),
            pages: Vec::new(),
            direction: Direction::Auto,
        }],
        codes: vec![RowCode {
            guid: NEW_CODE.into(),
            parent: Some(child_guid.clone()),
            name: "imported".into(),
            color: "#123456".into(),
            description: "from another project".into(),
            position: 0,
            created_at: "2020-01-01T00:00:00Z".into(),
        }],
        codings: vec![
            RowCoding {
                guid: NEW_CODING.into(),
                document: NEW_DOC.into(),
                code: NEW_CODE.into(),
                range: TextRange::new(12, 17),
                coder: aigerim.clone(),
                created_at: "2021-05-04T03:02:02Z".into(),
                memo: "coded elsewhere".into(),
            },
            RowCoding {
                guid: "0a000000-0000-4000-8000-000000000004".into(),
                document: doc_guid.clone(),
                code: child_guid,
                range: TextRange::new(1, 6),
                coder: aigerim.clone(),
                created_at: "2021-05-04T03:02:03Z".into(),
                memo: String::new(),
            },
        ],
        memos: vec![
            RowMemo {
                guid: "0a000000-0000-4000-8000-000000000005".into(),
                target: RowTarget::Coding(NEW_CODING.into()),
                title: "why".into(),
                body: "Қазақ тілі".into(),
                coder: aigerim.clone(),
                created_at: "2021-05-04T03:02:04Z".into(),
                modified_at: "2021-05-05T03:02:04Z".into(),
            },
            RowMemo {
                guid: "0a000000-0000-4000-8000-000000000006".into(),
                target: RowTarget::Document(doc_guid),
                title: String::new(),
                body: "on the old document".into(),
                coder: aigerim,
                created_at: "2021-05-04T03:02:05Z".into(),
                modified_at: "2021-05-04T03:02:05Z".into(),
            },
        ],
    }
}

#[test]
fn inserted_rows_keep_their_guids_times_and_places() {
    let Rich {
        _dir,
        mut project,
        doc,
        child,
        ..
    } = rich();
    let rows = rows_from_elsewhere(&project, doc, child);
    assert_eq!(
        project.describe(&Edit::InsertRows(Box::new(rows.clone()))),
        "add 1 document, 1 code, 2 codings and 2 memos"
    );
    project
        .execute(Edit::InsertRows(Box::new(rows.clone())))
        .unwrap();
    let store = project.store();
    let coding = store
        .all_codings()
        .unwrap()
        .into_iter()
        .find(|c| c.guid == NEW_CODING)
        .unwrap();
    // "Тарихи отан 🙂 — 中文 passage.": characters 12..17 are "🙂 — 中", counted by hand.
    assert_eq!(coding.text, "🙂 — 中");
    assert_eq!(coding.created_at, "2021-05-04T03:02:02Z");
    let code = store.code(coding.code).unwrap();
    assert_eq!((code.guid.as_str(), code.parent), (NEW_CODE, Some(child)));
    assert_eq!(code.position, 0, "placed first among its siblings");
    assert_eq!(store.document(coding.document).unwrap().guid, NEW_DOC);
    let memo = store
        .memos()
        .unwrap()
        .into_iter()
        .find(|m| m.guid == "0a000000-0000-4000-8000-000000000005")
        .unwrap();
    assert_eq!(memo.target, MemoTarget::Coding(coding.id));
    assert_eq!(memo.modified_at, "2021-05-05T03:02:04Z");

    // The same rows again: identical, so nothing changes and nothing fails.
    let before = project.store().dump().unwrap();
    project
        .execute(Edit::InsertRows(Box::new(rows.clone())))
        .unwrap();
    assert_eq!(project.store().dump().unwrap(), before);

    // A different row under a GUID the project has, or a reference to nothing, is refused
    // whole.
    let mut changed = rows.clone();
    changed.codes[0].description = "changed".into();
    let err = project
        .execute(Edit::InsertRows(Box::new(changed)))
        .unwrap_err()
        .to_string();
    assert!(err.contains(NEW_CODE), "{err}");
    let mut dangling = RowSet::default();
    dangling.codings.push(RowCoding {
        guid: "0a000000-0000-4000-8000-0000000000ff".into(),
        document: NEW_DOC.into(),
        code: "0a000000-0000-4000-8000-00000000dead".into(),
        ..rows.codings[0].clone()
    });
    let err = project
        .execute(Edit::InsertRows(Box::new(dangling)))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("neither among the rows nor in the project"),
        "{err}"
    );
    assert_eq!(project.store().dump().unwrap(), before);
}

#[test]
fn every_edit_kind_undoes_and_redoes_exactly() {
    let Rich {
        _dir,
        mut project,
        doc,
        parent,
        child,
        other,
        coding,
        memo,
        ..
    } = rich();
    // A change already in the codebook's history, for the edit that forgets one.
    project
        .execute(Edit::RenameCode {
            id: other,
            name: "Own modernity".into(),
        })
        .unwrap();
    let recorded = project.store().code_history(None).unwrap()[0].clone();
    // Attributes with values and cases with members, so that deleting documents and codes
    // must bring those back too.
    let region = match project
        .execute(Edit::DefineAttribute {
            scope: AttributeScope::Documents,
            name: "region".into(),
            kind: AttributeKind::Text,
        })
        .unwrap()
    {
        Edit::DeleteAttribute { id } => id,
        other => panic!("{other:?}"),
    };
    let gender = match project
        .execute(Edit::DefineAttribute {
            scope: AttributeScope::Cases,
            name: "gender".into(),
            kind: AttributeKind::Choice(vec!["female".into(), "male".into()]),
        })
        .unwrap()
    {
        Edit::DeleteAttribute { id } => id,
        other => panic!("{other:?}"),
    };
    project
        .execute(Edit::SetValues(vec![ValueChange {
            owner: ValueOwner::Document(doc),
            attribute: region,
            value: Some("Ili".into()),
        }]))
        .unwrap();
    let case = match project
        .execute(Edit::CreateCases(vec![NewCase {
            name: "Aigerim".into(),
            members: vec![
                NewCaseMember {
                    document: doc,
                    range: Some(TextRange::new(0, 20)),
                },
                NewCaseMember {
                    document: doc,
                    range: None,
                },
            ],
        }]))
        .unwrap()
    {
        Edit::DeleteCases { ids } => ids[0],
        other => panic!("{other:?}"),
    };
    project
        .execute(Edit::SetValues(vec![ValueChange {
            owner: ValueOwner::Case(case),
            attribute: gender,
            value: Some("female".into()),
        }]))
        .unwrap();
    let member = project.store().case_members().unwrap()[0].id;
    // A direction other than the default, so that deleting the document must bring it back.
    project
        .execute(Edit::SetDocumentDirection {
            id: doc,
            direction: Direction::RightToLeft,
        })
        .unwrap();
    let rows = rows_from_elsewhere(&project, doc, child);
    let edits = vec![
        Edit::DefineAttribute {
            scope: AttributeScope::Documents,
            name: "age".into(),
            kind: AttributeKind::Number,
        },
        Edit::ChangeAttribute {
            id: region,
            name: "province".into(),
            kind: AttributeKind::Choice(vec!["Ili".into(), "Altai".into()]),
        },
        Edit::DeleteAttribute { id: region },
        Edit::DeleteAttribute { id: gender },
        Edit::SetValues(vec![
            ValueChange {
                owner: ValueOwner::Document(doc),
                attribute: region,
                value: Some("Bayan-Ölgii".into()),
            },
            ValueChange {
                owner: ValueOwner::Case(case),
                attribute: gender,
                value: None,
            },
        ]),
        Edit::CreateCases(vec![
            NewCase {
                name: "Bolat".into(),
                members: vec![NewCaseMember {
                    document: doc,
                    range: Some(TextRange::new(5, 9)),
                }],
            },
            NewCase {
                name: "Empty".into(),
                members: Vec::new(),
            },
        ]),
        Edit::RenameCase {
            id: case,
            name: "Aigerim S.".into(),
        },
        Edit::DeleteCases { ids: vec![case] },
        Edit::AddCaseMembers {
            case,
            members: vec![NewCaseMember {
                document: doc,
                range: Some(TextRange::new(30, 40)),
            }],
        },
        Edit::RemoveCaseMembers { ids: vec![member] },
        Edit::InsertRows(Box::new(rows)),
        import("third", "A third document, Үшінші."),
        Edit::RenameDocument {
            id: doc,
            name: "renamed".into(),
        },
        Edit::SetDocumentDirection {
            id: doc,
            direction: Direction::LeftToRight,
        },
        Edit::DeleteDocument { id: doc },
        Edit::CreateCode {
            parent: Some(parent),
            name: "citizenship".into(),
            color: Some("#123456".into()),
            description: "legal membership".into(),
            position: Some(0),
        },
        Edit::RenameCode {
            id: child,
            name: "exclusion".into(),
        },
        Edit::RecolorCode {
            id: child,
            color: "#abcdef".into(),
        },
        Edit::DescribeCode {
            id: child,
            description: "new description".into(),
        },
        Edit::MoveCode {
            id: child,
            parent: None,
            position: 0,
        },
        Edit::MoveCode {
            id: other,
            parent: None,
            position: 2,
        },
        Edit::MergeCode {
            from: child,
            into: other,
        },
        Edit::DeleteCode { id: parent },
        Edit::ApplyCoding {
            document: doc,
            code: other,
            range: TextRange::new(3, 30),
            coder: "Aigerim".into(),
            memo: "m".into(),
        },
        Edit::RemoveCoding { id: coding },
        Edit::ResizeCoding {
            id: coding,
            range: TextRange::new(2, 40),
        },
        Edit::RecodeCoding {
            id: coding,
            code: other,
        },
        Edit::SetCodingMemo {
            id: coding,
            memo: "changed".into(),
        },
        Edit::WriteMemo {
            target: MemoTarget::Coding(coding),
            title: "t".into(),
            body: "b".into(),
            coder: "Aigerim".into(),
        },
        Edit::EditMemo {
            id: memo,
            title: "t2".into(),
            body: "b2".into(),
            modified_at: None,
        },
        Edit::RetargetMemo {
            id: memo,
            target: MemoTarget::Project,
        },
        Edit::DeleteMemo { id: memo },
        Edit::RestoreMemoText {
            of: MemoRef::Memo(memo),
            title: "restored".into(),
            body: "restored body".into(),
            modified_at: "2026-01-02T03:04:05Z".into(),
            modified_by: None,
        },
        Edit::RestoreMemoText {
            of: MemoRef::CodingMemo(coding),
            title: String::new(),
            body: "restored coding memo".into(),
            modified_at: "2026-01-02T03:04:05Z".into(),
            modified_by: None,
        },
        Edit::DefineCode {
            id: child,
            field: CodeField::WhenToUse,
            text: "when a returnee speaks of rights the state gives and neighbours withhold".into(),
        },
        Edit::DefineCode {
            id: child,
            field: CodeField::Example,
            text: "“we are citizens, but they call us Chinese”".into(),
        },
        Edit::SplitCode {
            from: child,
            name: "legal exclusion".into(),
            codings: vec![coding],
        },
        Edit::Explained {
            reason: "the participants' own word".into(),
            edit: Box::new(Edit::RenameCode {
                id: child,
                name: "second-class citizens".into(),
            }),
        },
        Edit::Explained {
            reason: "one idea, two names".into(),
            edit: Box::new(Edit::MergeCode {
                from: child,
                into: other,
            }),
        },
        Edit::Explained {
            reason: "belongs with modernity".into(),
            edit: Box::new(Edit::MoveCode {
                id: child,
                parent: Some(other),
                position: 0,
            }),
        },
        Edit::Unrecorded {
            edit: Box::new(Edit::RecolorCode {
                id: other,
                color: "#654321".into(),
            }),
            forget: vec![recorded.id],
            restore: Vec::new(),
        },
        Edit::Unrecorded {
            edit: Box::new(Edit::RecolorCode {
                id: other,
                color: "#654321".into(),
            }),
            forget: Vec::new(),
            restore: vec![tamga::domain::CodeChange {
                reason: "said later".into(),
                ..recorded.clone()
            }],
        },
        Edit::Batch(vec![
            Edit::RenameCode {
                id: other,
                name: "Modernity (own)".into(),
            },
            Edit::DeleteCode { id: parent },
        ]),
        Edit::RejectSuggestion {
            code: child,
            document: doc,
            range: TextRange::new(0, 8),
            coder: "Aigerim".into(),
            rejected_at: None,
        },
        // A disagreement kept both ways, and one resolved by removing a coding.
        Edit::ResolveDisagreement {
            document: doc,
            place: "Aigerim:g@0-8;Ruslan:g@0-9".into(),
            outcome: Resolution::KeepBoth,
            coder: "Aigerim".into(),
            resolved_at: None,
        },
        Edit::Batch(vec![
            Edit::RemoveCoding { id: coding },
            Edit::ResolveDisagreement {
                document: doc,
                place: "Aigerim:;Ruslan:g@0-9".into(),
                outcome: Resolution::KeepB,
                coder: "Aigerim".into(),
                resolved_at: None,
            },
        ]),
        Edit::Batch(vec![
            Edit::ApplyCoding {
                document: doc,
                code: other,
                range: TextRange::new(10, 20),
                coder: "Aigerim".into(),
                memo: String::new(),
            },
            Edit::ApplyCoding {
                document: doc,
                code: other,
                range: TextRange::new(40, 50),
                coder: "Aigerim".into(),
                memo: String::new(),
            },
        ]),
    ];
    for edit in edits {
        assert_undo_redo_exact(&mut project, &edit);
    }
    sync_edits_undo_and_redo_exactly(&mut project, other);
    corrections_undo_and_redo_exactly(&mut project, doc, child, other, coding);
}

/// Rows set as a team hub sends them, and sync conflicts resolved either way.
fn sync_edits_undo_and_redo_exactly(project: &mut Project, other: CodeId) {
    let rows = project.store().shared_rows().unwrap();
    let guid = project.store().code(other).unwrap().guid;
    let code = rows
        .iter()
        .find(|r| r.kind == "code" && r.key == guid)
        .unwrap();
    let coding = rows.iter().find(|r| r.kind == "coding").unwrap();
    // The code renamed (its values by hand: parent, name, colour, …).
    let mut values: Vec<serde_json::Value> = serde_json::from_str(&code.content).unwrap();
    values[1] = "Renamed on the hub".into();
    values[2] = "#123456".into();
    let renamed = serde_json::Value::Array(values.clone()).to_string();
    values[0] = guid.clone().into();
    values[1] = "A subcode from the hub".into();
    let subcode = serde_json::Value::Array(values).to_string();
    assert_undo_redo_exact(
        project,
        &Edit::PutRows {
            rows: vec![
                RowState {
                    kind: "code".into(),
                    key: guid.clone(),
                    content: Some(renamed.clone()),
                    local_id: None,
                },
                RowState {
                    kind: "code".into(),
                    key: NEW_CODE.into(),
                    content: Some(subcode),
                    local_id: None,
                },
                RowState {
                    kind: "coding".into(),
                    key: coding.key.clone(),
                    content: None,
                    local_id: None,
                },
            ],
            hub: None,
        },
    );
    // The code deleted as the hub deletes it: undo brings back its codings and memos too.
    assert_undo_redo_exact(
        project,
        &Edit::PutRows {
            rows: vec![RowState {
                kind: "code".into(),
                key: guid.clone(),
                content: None,
                local_id: None,
            }],
            hub: None,
        },
    );
    // A conflict on the code: the hub renamed it too.
    project
        .take_in(&Edit::PutRows {
            rows: Vec::new(),
            hub: Some(Box::new(HubRecord {
                conflicts: vec![HubConflict {
                    theirs: RowState {
                        kind: "code".into(),
                        key: guid.clone(),
                        content: Some(renamed),
                        local_id: None,
                    },
                    conflict: format!("code:{guid}"),
                    seq: 7,
                    reason: "changed here and on the hub".into(),
                    found_at: "2026-12-01T10:00:00Z".into(),
                }],
                ..HubRecord::default()
            })),
        })
        .unwrap();
    for keep in [Keep::Theirs, Keep::Mine] {
        assert_undo_redo_exact(
            project,
            &Edit::ResolveSyncConflict {
                conflict: format!("code:{guid}"),
                keep,
            },
        );
    }
}

/// Text changes, unplaced codings and pseudonyms: each edit kind, undone and redone to the byte.
fn corrections_undo_and_redo_exactly(
    project: &mut Project,
    doc: DocumentId,
    child: CodeId,
    other: CodeId,
    coding: CodingId,
) {
    let passage = project.store().coding(coding).unwrap().range;
    let typed = |changes: Vec<TextChange>| {
        Edit::ChangeText(Box::new(TextEdit::new(
            doc,
            changes,
            CorrectionKind::Edit,
            "Aigerim",
        )))
    };
    let kazakh = text::find_occurrence(MIXED, "Қазақ", 1).unwrap();
    let mut reimport = TextEdit::new(
        doc,
        vec![TextChange::new(kazakh, "Казах")],
        CorrectionKind::Reimport,
        "Aigerim",
    );
    reimport.source = Some(SourceFile {
        original_name: "mixed v2.txt".into(),
        format: "txt".into(),
        encoding: "UTF-8".into(),
        bytes: b"corrected".to_vec(),
    });
    let edits = vec![
        // A keystroke inside a coded passage, one before every coding.
        typed(vec![TextChange::insert(passage.start + 2, "XX")]),
        typed(vec![TextChange::insert(0, "— ")]),
        // Inside the case member on characters 0–20, then every character of it deleted.
        typed(vec![TextChange::insert(5, "ab")]),
        typed(vec![TextChange::delete(TextRange::new(0, 20))]),
        // The coded passage and the one nested in it deleted: both lose their words.
        typed(vec![TextChange::delete(TextRange::new(
            passage.start - 1,
            passage.end + 6,
        ))]),
        // Several changes at once, a Cyrillic name replaced among them.
        Edit::ChangeText(Box::new(TextEdit::new(
            doc,
            vec![
                TextChange::new(TextRange::new(1, 6), "Curled"),
                TextChange::new(kazakh, "Қазақстан"),
                TextChange::insert(text::char_len(MIXED), "\n\nAdded."),
            ],
            CorrectionKind::Pseudonymise,
            "Aigerim",
        ))),
        Edit::ChangeText(Box::new(reimport)),
        Edit::AddPseudonym {
            name: "Айгерім".into(),
            pseudonym: "Дана".into(),
            coder: "Aigerim".into(),
            created_at: None,
        },
    ];
    for edit in edits {
        assert_undo_redo_exact(project, &edit);
    }
    // Leave the passage without words, then work on the unplaced codings.
    project
        .execute(typed(vec![TextChange::delete(TextRange::new(
            passage.start,
            passage.end + 5,
        ))]))
        .unwrap();
    let unplaced = project.store().unplaced_codings(Some(doc)).unwrap();
    assert_eq!(unplaced.len(), 2, "{unplaced:?}");
    let first = unplaced[0].id;
    let mut revised = unplaced[1].clone();
    revised.coding.memo = "revised".into();
    project
        .execute(Edit::AddPseudonym {
            name: "Бақыт".into(),
            pseudonym: "Ләззат".into(),
            coder: "Aigerim".into(),
            created_at: None,
        })
        .unwrap();
    let edits = vec![
        Edit::PlaceUnplaced {
            id: first,
            range: TextRange::new(3, 12),
        },
        Edit::DeleteUnplaced { id: first },
        Edit::PutUnplaced(Box::new(revised)),
        Edit::RemovePseudonym {
            name: "Бақыт".into(),
        },
        // Deleting the document or the code takes unplaced codings and the log with it.
        Edit::DeleteDocument { id: doc },
        Edit::DeleteCode { id: child },
        Edit::MergeCode {
            from: child,
            into: other,
        },
    ];
    for edit in edits {
        assert_undo_redo_exact(project, &edit);
    }
    // Unplace: the inverse of placing one.
    let unplace = project
        .execute(Edit::PlaceUnplaced {
            id: first,
            range: TextRange::new(3, 12),
        })
        .unwrap();
    assert!(matches!(unplace, Edit::Unplace { .. }), "{unplace:?}");
    assert_undo_redo_exact(project, &unplace);
}

#[test]
fn rejected_suggestions_undo_exactly_and_survive_deleting_their_code() {
    let Rich {
        _dir,
        mut project,
        doc,
        parent,
        child,
        ..
    } = rich();
    let passage = TextRange::new(0, 8);
    let reject = Edit::RejectSuggestion {
        code: child,
        document: doc,
        range: passage,
        coder: "Aigerim".into(),
        rejected_at: None,
    };
    project.execute(reject.clone()).unwrap();
    assert_eq!(
        project.undo_label(),
        Some("reject suggestion for ‘privileged exclusion’")
    );
    let rejections = project.store().rejections(child).unwrap();
    assert_eq!(rejections.len(), 1);
    assert_eq!(
        (rejections[0].document, rejections[0].range),
        (doc, passage)
    );
    assert_eq!(rejections[0].coder, "Aigerim");
    // Rejecting again changes nothing.
    let before = project.store().dump().unwrap();
    project.execute(reject).unwrap();
    assert_eq!(project.store().dump().unwrap(), before);
    // Forgetting it undoes and redoes exactly, with its date.
    assert_undo_redo_exact(
        &mut project,
        &Edit::UnrejectSuggestion {
            code: child,
            document: doc,
            range: passage,
        },
    );
    // Deleting the code and undoing brings the rejection back with it.
    project.execute(Edit::DeleteCode { id: parent }).unwrap();
    project.undo().unwrap();
    assert_eq!(project.store().rejections(child).unwrap(), rejections);
    assert!(project.store().rejections(parent).unwrap().is_empty());
}

#[test]
fn deleting_a_code_takes_subcodes_and_codings_and_undo_brings_them_back_with_guids() {
    let Rich {
        _dir,
        mut project,
        parent,
        ..
    } = rich();
    let codes_before = project.store().codes().unwrap();
    let codings_before = project.store().all_codings().unwrap();
    project.execute(Edit::DeleteCode { id: parent }).unwrap();
    assert_eq!(
        project.store().codes().unwrap().len(),
        codes_before.len() - 3
    );
    assert_eq!(project.store().all_codings().unwrap().len(), 1);
    project.undo().unwrap();
    assert_eq!(project.store().codes().unwrap(), codes_before);
    assert_eq!(project.store().all_codings().unwrap(), codings_before);
}

#[test]
fn merge_moves_codings_subcodes_and_memos() {
    let Rich {
        _dir,
        mut project,
        child,
        other,
        memo,
        ..
    } = rich();
    let entry = |p: &Project, id: CodeId| {
        p.codebook()
            .unwrap()
            .into_iter()
            .find(|e| e.code.id == id)
            .unwrap()
    };
    let before = entry(&project, other).total;
    let moved = entry(&project, child).total;
    project
        .execute(Edit::MergeCode {
            from: child,
            into: other,
        })
        .unwrap();
    assert!(project.store().code(child).is_err());
    assert_eq!(entry(&project, other).total, before + moved);
    assert_eq!(
        project.store().memo(memo).unwrap().target,
        MemoTarget::Code(other)
    );
    assert_eq!(
        project.undo_label(),
        Some("merge ‘privileged exclusion’ into ‘Modernity’")
    );
}

#[test]
fn invalid_edits_are_refused_and_change_nothing() {
    let Rich {
        _dir,
        mut project,
        doc,
        parent,
        child,
        ..
    } = rich();
    let before = project.store().dump().unwrap();
    let bad = [
        Edit::ApplyCoding {
            document: doc,
            code: child,
            range: TextRange::new(5, 5000),
            coder: "A".into(),
            memo: String::new(),
        },
        Edit::CreateCode {
            parent: Some(parent),
            name: "privileged exclusion".into(),
            color: None,
            description: String::new(),
            position: None,
        },
        Edit::CreateCode {
            parent: None,
            name: "a/b".into(),
            color: None,
            description: String::new(),
            position: None,
        },
        Edit::MoveCode {
            id: parent,
            parent: Some(child),
            position: 0,
        },
        Edit::MergeCode {
            from: parent,
            into: child,
        },
        Edit::RecolorCode {
            id: child,
            color: "red".into(),
        },
        Edit::RenameDocument {
            id: doc,
            name: "second".into(),
        },
        Edit::SetDocumentDirection {
            id: DocumentId(doc.0 + 1000),
            direction: Direction::RightToLeft,
        },
    ];
    for edit in bad {
        assert!(
            project.execute(edit.clone()).is_err(),
            "{edit:?} was accepted"
        );
        assert_eq!(
            project.store().dump().unwrap(),
            before,
            "{edit:?} left changes"
        );
    }
}

#[test]
fn codebook_counts_include_subcodes() {
    let Rich {
        _dir,
        project,
        parent,
        child,
        ..
    } = rich();
    let book = project.codebook().unwrap();
    let get = |id| book.iter().find(|e| e.code.id == id).unwrap();
    assert_eq!(get(child).own, 1);
    assert_eq!(get(child).total, 2);
    assert_eq!(get(parent).own, 0);
    assert_eq!(get(parent).total, 2);
    assert_eq!(get(child).path, "Belonging/privileged exclusion");
    let colors: std::collections::HashSet<_> = book.iter().map(|e| &e.code.color).collect();
    assert_eq!(colors.len(), book.len(), "new codes get distinct colours");
}

#[test]
fn coding_text_is_the_stored_text_between_offsets_after_mixed_scripts() {
    let Rich {
        _dir,
        project,
        doc,
        coding,
        ..
    } = rich();
    let stored = project.store().document(doc).unwrap().text;
    let c = project.store().coding(coding).unwrap();
    assert_eq!(c.text, "the coded passage");
    assert_eq!(
        text::slice_chars(&stored, c.range),
        Some("the coded passage")
    );
    // The byte offset differs from the character offset because of what stands before it.
    assert_ne!(stored.find("the coded passage"), Some(c.range.start));
}

#[test]
fn burst_edits_merge_into_one_undo_step() {
    let Rich {
        _dir,
        mut project,
        coding,
        ..
    } = rich();
    for memo in ["a", "ab", "abc"] {
        project
            .execute_merging(
                Edit::SetCodingMemo {
                    id: coding,
                    memo: memo.into(),
                },
                Some("memo".into()),
            )
            .unwrap();
    }
    assert_eq!(project.store().coding(coding).unwrap().memo, "abc");
    project.undo().unwrap();
    assert_eq!(project.store().coding(coding).unwrap().memo, "first memo");
}

#[test]
fn typing_deferred_to_the_writer_thread_is_one_undo_step_in_order() {
    let Rich {
        _dir,
        mut project,
        coding,
        ..
    } = rich();
    let before = project.store().coding(coding).unwrap().memo;
    // A burst of keystrokes, each queued without waiting.
    let mut typed = String::new();
    for c in "тарихи отан — emic".chars() {
        typed.push(c);
        project
            .execute_deferred(
                Edit::SetCodingMemo {
                    id: coding,
                    memo: typed.clone(),
                },
                Some("memo".into()),
            )
            .unwrap();
    }
    assert!(project.flush().is_empty());
    assert_eq!(project.store().coding(coding).unwrap().memo, typed);
    assert_eq!(project.undo_label(), Some("edit coding memo"));
    // A synchronous edit after typing comes after it in the history.
    let code = project.store().coding(coding).unwrap().code;
    project
        .execute(Edit::RecolorCode {
            id: code,
            color: "#010203".into(),
        })
        .unwrap();
    project.undo().unwrap();
    project.undo().unwrap();
    assert_eq!(project.store().coding(coding).unwrap().memo, before);
    project.redo().unwrap();
    assert_eq!(project.store().coding(coding).unwrap().memo, typed);
    // Typing right before closing is not lost: dropping the project waits for the writer.
    project
        .execute_deferred(
            Edit::SetCodingMemo {
                id: coding,
                memo: "last words".into(),
            },
            Some("memo".into()),
        )
        .unwrap();
    let path = project.store().path().to_owned();
    drop(project);
    let reopened = Project::open_read_only(&path).unwrap();
    assert_eq!(reopened.store().coding(coding).unwrap().memo, "last words");
}

#[test]
fn the_search_index_follows_deletes_and_undo_without_writing() {
    let Rich {
        _dir,
        mut project,
        doc,
        ..
    } = rich();
    let search = |index: &SearchIndex, q: &str| index.search(&Query::words(q)).unwrap();
    let mut index = SearchIndex::open(project.store()).unwrap();
    let hits = search(&index, "тарихи");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits.hits()[0].source, Source::Document(doc));
    assert_eq!(
        index.kwic(&hits.hits()[0], 0).unwrap().text,
        "тарихи",
        "the hit is the word itself"
    );
    assert_eq!(search(&index, "\"coded passage\"").len(), 1);
    project.execute(Edit::DeleteDocument { id: doc }).unwrap();
    let before = project.store().dump().unwrap();
    index.refresh(project.store()).unwrap();
    assert_eq!(project.store().dump().unwrap(), before, "refresh wrote");
    assert!(search(&index, "тарихи").is_empty());
    project.undo().unwrap();
    index.refresh(project.store()).unwrap();
    assert_eq!(search(&index, "тарихи").len(), 1);
    assert!(index.search(&Query::words("\"unbalanced")).is_err());
}

#[test]
fn case_members_and_the_search_index_follow_a_text_change() {
    let Rich {
        _dir,
        mut project,
        doc,
        ..
    } = rich();
    // MIXED begins "“Curly” quotes — Қазақ тілі": "quotes" is characters 8–14, "Қазақ" 17–22.
    let kazakh = TextRange::new(17, 22);
    assert_eq!(text::slice_chars(MIXED, kazakh), Some("Қазақ"));
    project
        .execute(Edit::CreateCases(vec![NewCase {
            name: "Aigerim".into(),
            members: vec![
                NewCaseMember {
                    document: doc,
                    range: Some(TextRange::new(8, 14)),
                },
                NewCaseMember {
                    document: doc,
                    range: Some(kazakh),
                },
                NewCaseMember {
                    document: doc,
                    range: None,
                },
            ],
        }]))
        .unwrap();
    let mut index = SearchIndex::open(project.store()).unwrap();
    let search = |index: &SearchIndex, q: &str| index.search(&Query::words(q)).unwrap().len();
    assert_eq!(search(&index, "Қазақ"), 1);
    // "quotes" loses every character; "Қазақ" becomes "Казах" (a replacement keeps a member on
    // the new words); two characters typed at the start shift what follows.
    project
        .execute(Edit::ChangeText(Box::new(TextEdit::new(
            doc,
            vec![
                TextChange::insert(0, "> "),
                TextChange::delete(TextRange::new(8, 15)),
                TextChange::new(kazakh, "Казах"),
            ],
            CorrectionKind::Edit,
            "Aigerim",
        ))))
        .unwrap();
    let members = |project: &Project| -> Vec<Option<TextRange>> {
        project
            .store()
            .case_members()
            .unwrap()
            .iter()
            .map(|m| m.range)
            .collect()
    };
    // "> “Curly” — Казах": 2 + 17 - 7 = 12.
    let text = project.store().document(doc).unwrap().text;
    assert!(text.starts_with("> “Curly” — Казах тілі"), "{text}");
    assert_eq!(members(&project), vec![None, Some(TextRange::new(12, 17))]);
    assert_eq!(
        text::slice_chars(&text, TextRange::new(12, 17)),
        Some("Казах")
    );
    index.refresh(project.store()).unwrap();
    assert_eq!(
        search(&index, "Қазақ"),
        0,
        "the old word is gone from the index"
    );
    assert_eq!(search(&index, "Казах"), 1, "the new word is found");
    project.undo().unwrap();
    assert_eq!(
        members(&project),
        vec![None, Some(TextRange::new(8, 14)), Some(kazakh)]
    );
    index.refresh(project.store()).unwrap();
    assert_eq!(search(&index, "Қазақ"), 1);
    assert_eq!(search(&index, "Казах"), 0);
}

fn copy_fixture(dir: &Path) -> PathBuf {
    let path = dir.join("old.tamga");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/project-v1.tamga"),
        &path,
    )
    .unwrap();
    path
}

#[test]
fn an_old_project_upgrades_to_the_fresh_schema_and_keeps_its_data() {
    let dir = temp();
    let old = copy_fixture(dir.path());
    let upgraded = Store::open(&old).unwrap();
    let fresh = Store::create(&dir.path().join("fresh.tamga"), "fresh").unwrap();
    assert_eq!(upgraded.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(upgraded.schema_sql().unwrap(), fresh.schema_sql().unwrap());
    let info = upgraded.info().unwrap();
    assert_eq!(
        (
            info.name.as_str(),
            info.documents,
            info.codes,
            info.codings,
            info.memos
        ),
        ("Old fieldwork", 1, 2, 1, 1)
    );
    let coding = upgraded.coding(CodingId(1)).unwrap();
    let doc = upgraded.document(coding.document).unwrap();
    assert_eq!(
        text::slice_chars(&doc.text, coding.range),
        Some("тарихи отан")
    );
    // Documents that were already there are found.
    let index = SearchIndex::open(&upgraded).unwrap();
    assert_eq!(index.search(&Query::words("оралдық")).unwrap().len(), 1);
    upgraded.integrity_check().unwrap();
}

fn assert_refused_untouched(path: &Path, expect: impl Fn(&StoreError) -> bool) {
    let bytes = std::fs::read(path).unwrap();
    let err = Store::open(path).expect_err("should be refused");
    assert!(expect(&err), "unexpected error: {err}");
    let message = err.to_string();
    assert!(
        message.contains(&path.display().to_string()),
        "message does not name the file: {message}"
    );
    assert!(!message.contains('\n'), "not one line: {message}");
    assert_eq!(std::fs::read(path).unwrap(), bytes, "the file was changed");
    assert!(
        !path.with_extension("tamga-journal").exists(),
        "a journal was left behind"
    );
}

#[test]
fn a_project_from_a_newer_tamga_is_refused_untouched() {
    let dir = temp();
    let path = dir.path().join("newer.tamga");
    drop(Store::create(&path, "newer").unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    drop(conn);
    assert_refused_untouched(&path, |e| matches!(e, StoreError::TooNew { .. }));
    assert!(
        Store::open(&path)
            .unwrap_err()
            .to_string()
            .contains("newer Tamga")
    );
}

#[test]
fn a_damaged_project_is_refused_untouched() {
    let dir = temp();
    let path = dir.path().join("damaged.tamga");
    let Rich { _dir, project, .. } = rich();
    project.store().save_copy(&path).unwrap();
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096;
    assert!(bytes.len() > 3 * page);
    // Scribble over the b-tree pages after the schema page.
    let end = bytes.len() - 16;
    for b in &mut bytes[page + 16..end] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    assert_refused_untouched(&path, |e| matches!(e, StoreError::Damaged { .. }));
}

#[test]
fn foreign_files_are_refused_untouched() {
    let dir = temp();
    let sqlite = dir.path().join("other.sqlite");
    let conn = rusqlite::Connection::open(&sqlite).unwrap();
    conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(conn);
    assert_refused_untouched(&sqlite, |e| matches!(e, StoreError::NotTamga(_)));

    let random = dir.path().join("random.tamga");
    let bytes: Vec<u8> = (0..50_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    std::fs::write(&random, bytes).unwrap();
    assert_refused_untouched(&random, |e| matches!(e, StoreError::NotSqlite(_)));

    let empty = dir.path().join("empty.tamga");
    std::fs::write(&empty, b"").unwrap();
    assert_refused_untouched(&empty, |e| matches!(e, StoreError::NotSqlite(_)));
}

#[test]
fn a_project_open_elsewhere_is_refused() {
    let dir = temp();
    let path = dir.path().join("p.tamga");
    let first = Store::create(&path, "p").unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Locked(_)), "{err}");
    assert!(err.to_string().contains("already open"));
    drop(first);
    Store::open(&path).unwrap();
}

#[test]
fn creating_over_an_existing_file_is_refused() {
    let dir = temp();
    let path = dir.path().join("exists.tamga");
    std::fs::write(&path, b"precious").unwrap();
    assert!(matches!(
        Store::create(&path, "x"),
        Err(StoreError::AlreadyExists(_))
    ));
    assert_eq!(std::fs::read(&path).unwrap(), b"precious");
}

#[test]
fn save_a_copy_writes_a_project_that_opens() {
    let Rich { _dir, project, .. } = rich();
    let dir = temp();
    let copy = dir.path().join("copy.tamga");
    project.store().save_copy(&copy).unwrap();
    let reopened = Store::open(&copy).unwrap();
    assert_eq!(reopened.dump().unwrap(), project.store().dump().unwrap());
}

// ---- encodings ----------------------------------------------------------------------------

const RUSSIAN: &str = "Когда мы приехали в Казахстан, нам сказали, что мы плохо говорим по-русски. Это было обидно, потому что дома мы говорили только по-казахски, и никто не считал это недостатком.";
const CHINESE: &str = "我们在新疆伊犁的时候，很多哈萨克人都想移民到哈萨克斯坦。他们说那里是历史故乡，孩子们可以接受母语教育。";
const KAZAKH: &str = "Біз Моңғолиядан келдік.\nҚазақстан — біздің тарихи отанымыз.\nБалаларымыз қазақ тілінде оқиды.";

#[test]
fn russian_in_windows_1251_is_detected() {
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(RUSSIAN);
    let out = extract(Format::Text, &bytes).unwrap();
    assert_eq!(out.text, RUSSIAN);
    assert_eq!(out.encoding, "windows-1251");
}

#[test]
fn chinese_in_gb18030_is_detected() {
    let (bytes, _, _) = encoding_rs::GB18030.encode(CHINESE);
    let out = extract(Format::Text, &bytes).unwrap();
    assert_eq!(out.text, CHINESE);
    assert!(
        out.encoding == "GBK" || out.encoding == "gb18030",
        "{}",
        out.encoding
    );
}

#[test]
fn kazakh_utf8_with_bom_and_crlf_is_normalised() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(KAZAKH.replace('\n', "\r\n").as_bytes());
    let out = extract(Format::Text, &bytes).unwrap();
    assert_eq!(out.text, KAZAKH);
    assert_eq!(out.encoding, "UTF-8 (BOM)");
}

#[test]
fn utf16_with_bom_is_decoded_in_both_byte_orders() {
    let text = format!("{KAZAKH}\r\n{CHINESE} 🙂");
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in units {
        le.extend_from_slice(&u.to_le_bytes());
        be.extend_from_slice(&u.to_be_bytes());
    }
    let expected = text::normalize_line_endings(&text);
    let out = extract(Format::Text, &le).unwrap();
    assert_eq!(out.text, expected);
    assert_eq!(out.encoding, "UTF-16LE (BOM)");
    let out = extract(Format::Text, &be).unwrap();
    assert_eq!(out.text, expected);
    assert_eq!(out.encoding, "UTF-16BE (BOM)");
}

#[test]
fn binary_and_empty_input_is_refused() {
    let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    assert_eq!(
        extract(Format::Text, &png),
        Err(tamga::import::ImportError::Binary)
    );
    assert_eq!(
        extract(Format::Text, b"  \n\n "),
        Err(tamga::import::ImportError::Empty)
    );
}

#[test]
fn importing_the_same_file_twice_reports_a_duplicate() {
    let dir = temp();
    let file = dir.path().join("interview.txt");
    std::fs::write(&file, KAZAKH).unwrap();
    let mut project = Project::create(&dir.path().join("p.tamga"), "p", "A").unwrap();
    let first =
        tamga::import::import_file(&mut project, &file, tamga::import::ImportOptions::default())
            .unwrap();
    assert!(
        matches!(first, tamga::import::ImportOutcome::Imported { ref name, .. } if name == "interview")
    );
    let second =
        tamga::import::import_file(&mut project, &file, tamga::import::ImportOptions::default())
            .unwrap();
    assert_eq!(
        second,
        tamga::import::ImportOutcome::Duplicate {
            of: "interview".into()
        }
    );
    assert_eq!(project.store().info().unwrap().documents, 1);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    #[test]
    fn text_decoding_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..2048)) {
        let _ = extract(Format::Text, &bytes);
    }

    #[test]
    fn slices_match_char_ranges(s in "\\PC{0,40}", a in 0usize..45, b in 0usize..45) {
        let chars: Vec<char> = s.chars().collect();
        let (start, end) = (a.min(b), a.max(b));
        let expected: Option<String> = (end <= chars.len()).then(|| chars[start..end].iter().collect());
        proptest::prop_assert_eq!(text::slice_chars(&s, TextRange::new(start, end)).map(str::to_owned), expected);
    }
}

#[test]
fn a_500_mb_file_is_refused_without_being_read() {
    let dir = temp();
    let big = dir.path().join("huge transcript.txt");
    // A sparse file: 500 MB long, no disk used.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(500 * 1024 * 1024)
        .unwrap();
    let mut project = Project::create(&dir.path().join("p.tamga"), "p", "A").unwrap();
    let err =
        tamga::import::import_file(&mut project, &big, tamga::import::ImportOptions::default())
            .unwrap_err();
    assert!(
        matches!(
            err,
            tamga::import::LoadError::File(tamga::import::ImportError::TooLarge { .. })
        ),
        "{err}"
    );
    assert!(err.to_string().contains("too large"), "{err}");
    assert_eq!(project.store().info().unwrap().documents, 0);
}

#[test]
fn rejected_suggestions_move_with_their_words_and_undo_restores_them() {
    let dir = temp();
    let mut project = Project::create(&dir.path().join("p.tamga"), "P", "Aigerim").unwrap();
    let text = "Біз келдік. Тарихи отан туралы сөйледік. Қыс суық болды.";
    let Edit::DeleteDocument { id } = project
        .execute(Edit::ImportDocument(NewDocument {
            name: "talk".into(),
            text: text.into(),
            original_name: "talk.txt".into(),
            format: "txt".into(),
            encoding: "UTF-8".into(),
            source: text.as_bytes().to_vec(),
            pages: Vec::new(),
        }))
        .unwrap()
    else {
        panic!("not an import")
    };
    let code = project.ensure_code_path("Homeland").unwrap();
    let sentence = "Тарихи отан туралы сөйледік.";
    project
        .execute(Edit::RejectSuggestion {
            code,
            document: id,
            range: text::find_occurrence(text, sentence, 1).unwrap(),
            coder: "Aigerim".into(),
            rejected_at: None,
        })
        .unwrap();
    let rejected = |p: &Project| -> Vec<TextRange> {
        p.store()
            .rejections(code)
            .unwrap()
            .into_iter()
            .map(|r| r.range)
            .collect()
    };
    let edit = |changes: Vec<TextChange>| {
        Edit::ChangeText(Box::new(TextEdit::new(
            id,
            changes,
            CorrectionKind::Edit,
            "Aigerim",
        )))
    };
    // Words typed before the rejected sentence: the rejection moves with it.
    project
        .execute(edit(vec![TextChange::new(
            TextRange::new(4, 4),
            "Моңғолиядан ",
        )]))
        .unwrap();
    let now = project.store().document(id).unwrap().text;
    assert_eq!(
        rejected(&project),
        vec![text::find_occurrence(&now, sentence, 1).unwrap()]
    );
    // The sentence deleted: the rejection goes with its words; undo brings both back.
    let gone = text::find_occurrence(&now, sentence, 1).unwrap();
    project
        .execute(edit(vec![TextChange::new(gone, "")]))
        .unwrap();
    assert!(rejected(&project).is_empty());
    project.undo().unwrap();
    assert_eq!(rejected(&project), vec![gone]);
    project.undo().unwrap();
    assert_eq!(
        rejected(&project),
        vec![text::find_occurrence(text, sentence, 1).unwrap()]
    );
    project.redo().unwrap();
    project.redo().unwrap();
    assert!(rejected(&project).is_empty());
}

#[test]
fn page_starts_move_with_their_words_when_the_text_changes_and_undo_restores_them() {
    let dir = temp();
    let mut project = Project::create(&dir.path().join("p.tamga"), "P", "Aigerim").unwrap();
    // Three pages; the second starts at "Бет екі", the third at "Бет үш".
    let text = "Бет бір.\n\nБет екі, ұзын.\n\nБет үш.";
    let start = |word: &str, t: &str| text::find_occurrence(t, word, 1).unwrap().start;
    let pages = vec![0, start("Бет екі", text), start("Бет үш", text)];
    let Edit::DeleteDocument { id } = project
        .execute(Edit::ImportDocument(NewDocument {
            name: "scan".into(),
            text: text.into(),
            original_name: "scan.pdf".into(),
            format: "pdf".into(),
            encoding: "PDF text layer".into(),
            source: Vec::new(),
            pages: pages.clone(),
        }))
        .unwrap()
    else {
        panic!("not an import")
    };
    let edit = |changes: Vec<TextChange>| {
        Edit::ChangeText(Box::new(TextEdit::new(
            id,
            changes,
            CorrectionKind::Edit,
            "Aigerim",
        )))
    };
    // A word typed on the first page: the later pages start where their words went.
    let at = start("бір", text);
    project
        .execute(edit(vec![TextChange::new(
            TextRange::new(at, at),
            "бірінші ",
        )]))
        .unwrap();
    let after_insert = project.store().document(id).unwrap();
    assert_eq!(
        after_insert.pages,
        vec![
            0,
            start("Бет екі", &after_insert.text),
            start("Бет үш", &after_insert.text)
        ]
    );
    // The second page's text deleted up to the third page: the second page is left without
    // text and starts where the third does; page numbers stay.
    let second = start("Бет екі", &after_insert.text);
    let third = start("Бет үш", &after_insert.text);
    project
        .execute(edit(vec![TextChange::new(
            TextRange::new(second, third),
            "",
        )]))
        .unwrap();
    let after_delete = project.store().document(id).unwrap();
    let third_now = start("Бет үш", &after_delete.text);
    assert_eq!(after_delete.pages, vec![0, third_now, third_now]);
    // Undo restores every start exactly; redo brings the changed map back.
    project.undo().unwrap();
    assert_eq!(
        project.store().document(id).unwrap().pages,
        after_insert.pages
    );
    project.undo().unwrap();
    assert_eq!(project.store().document(id).unwrap().pages, pages);
    project.redo().unwrap();
    project.redo().unwrap();
    assert_eq!(
        project.store().document(id).unwrap().pages,
        after_delete.pages
    );
}

#[test]
fn a_page_map_is_kept_with_its_document_through_delete_and_undo_and_a_bad_one_is_refused() {
    let dir = temp();
    let mut project = Project::create(&dir.path().join("p.tamga"), "P", "Aigerim").unwrap();
    // "Бет бір.\n\nБет екі." — the second page starts at character 10 (after two newlines).
    let text = "Бет бір.\n\nБет екі.";
    let paged = |pages: Vec<usize>| {
        Edit::ImportDocument(NewDocument {
            name: "scan".into(),
            text: text.into(),
            original_name: "scan.pdf".into(),
            format: "pdf".into(),
            encoding: "PDF text layer".into(),
            source: Vec::new(),
            pages,
        })
    };
    for bad in [vec![3, 10], vec![0, 10, 5], vec![0, 19]] {
        assert!(project.execute(paged(bad.clone())).is_err(), "{bad:?}");
    }
    assert_eq!(project.store().info().unwrap().documents, 0);
    let inverse = project.execute(paged(vec![0, 10])).unwrap();
    let Edit::DeleteDocument { id } = inverse else {
        panic!("{inverse:?}")
    };
    assert_eq!(project.store().document(id).unwrap().pages, vec![0, 10]);
    project.execute(Edit::DeleteDocument { id }).unwrap();
    project.undo().unwrap();
    assert_eq!(project.store().document(id).unwrap().pages, vec![0, 10]);
    drop(project);
    let reopened = Project::open_read_only(&dir.path().join("p.tamga")).unwrap();
    assert_eq!(reopened.store().document(id).unwrap().pages, vec![0, 10]);
}
