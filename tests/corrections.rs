//! Correcting transcripts after coding, through the library: random edit sequences against a
//! reference model of marks, unplaced codings, the correction log, pseudonymisation in Kazakh
//! and Russian, and re-importing a transcript LibreOffice corrected.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers fail loudly; that is their job"
)]

use std::path::PathBuf;

use proptest::prelude::*;
use tamga::corrections::pseudonymise::{self, MemoPlace, PseudonymOptions};
use tamga::corrections::reimport::{self, Outcome};
use tamga::domain::{
    CodeId, CodingId, CorrectionKind, DocumentId, Edit, MemoTarget, NewDocument, TextChange,
    TextEdit, TextRange,
};
use tamga::import::{self, ImportOptions, ImportOutcome};
use tamga::project::Project;
use tamga::text;

fn temp() -> tempfile::TempDir {
    let shm = std::path::Path::new("/dev/shm");
    if shm.is_dir() {
        tempfile::tempdir_in(shm).expect("temp dir")
    } else {
        tempfile::tempdir().expect("temp dir")
    }
}

fn import_text(project: &mut Project, name: &str, text: &str) -> DocumentId {
    match project
        .execute(Edit::ImportDocument(NewDocument {
            name: name.to_owned(),
            text: text.to_owned(),
            original_name: format!("{name}.txt"),
            format: "txt".to_owned(),
            encoding: "UTF-8".to_owned(),
            source: text.as_bytes().to_vec(),
            pages: Vec::new(),
        }))
        .unwrap()
    {
        Edit::DeleteDocument { id } => id,
        other => panic!("{other:?}"),
    }
}

fn code(project: &mut Project, document: DocumentId, code: CodeId, range: TextRange) -> CodingId {
    match project
        .execute(Edit::ApplyCoding {
            document,
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

fn code_quote(
    project: &mut Project,
    document: DocumentId,
    code_id: CodeId,
    quote: &str,
) -> CodingId {
    let text = project.store().document(document).unwrap().text;
    let range = text::find_occurrence(&text, quote, 1)
        .unwrap_or_else(|| panic!("{quote:?} is not in the document"));
    code(project, document, code_id, range)
}

fn typed(document: DocumentId, changes: Vec<TextChange>) -> Edit {
    Edit::ChangeText(Box::new(TextEdit::new(
        document,
        changes,
        CorrectionKind::Edit,
        "Aigerim",
    )))
}

/// The reference: every character knows the codings that hold it. An insertion's characters
/// belong to the codings holding both neighbours; a replacement's to those that held any
/// replaced character. A coding is the span of its characters, gone when it has none.
struct Model {
    chars: Vec<(char, Vec<usize>)>,
}

impl Model {
    fn change(&mut self, c: &TextChange) {
        let (a, b) = (c.range.start, c.range.end);
        let holders: Vec<usize> = if a == b {
            match (
                a.checked_sub(1).map(|i| &self.chars[i].1),
                self.chars.get(a),
            ) {
                (Some(x), Some(y)) => x.iter().filter(|k| y.1.contains(k)).copied().collect(),
                _ => Vec::new(),
            }
        } else {
            let mut all: Vec<usize> = self.chars[a..b].iter().flat_map(|c| c.1.clone()).collect();
            all.sort_unstable();
            all.dedup();
            all
        };
        let new: Vec<(char, Vec<usize>)> = c.text.chars().map(|ch| (ch, holders.clone())).collect();
        self.chars.splice(a..b, new);
    }

    fn text(&self) -> String {
        self.chars.iter().map(|c| c.0).collect()
    }

    fn range(&self, k: usize) -> Option<TextRange> {
        let first = self.chars.iter().position(|c| c.1.contains(&k))?;
        let last = self.chars.iter().rposition(|c| c.1.contains(&k))?;
        Some(TextRange::new(first, last + 1))
    }
}

type RawChanges = Vec<(prop::sample::Index, usize, String)>;

/// A valid change list for a text of `len` characters: sorted, overlapping ones dropped.
fn changes_for(len: usize, raw: &RawChanges) -> Vec<TextChange> {
    let mut points: Vec<(usize, usize, String)> = raw
        .iter()
        .map(|(at, del, t)| {
            let a = at.index(len + 1);
            (a, (a + del).min(len), t.clone())
        })
        .collect();
    points.sort();
    let mut out: Vec<TextChange> = Vec::new();
    for (a, b, t) in points {
        let fits = out.last().is_none_or(|p: &TextChange| {
            a > p.range.end || (a == p.range.end && !(a == b && p.range.is_empty()))
        });
        if fits && !(a == b && t.is_empty()) {
            out.push(TextChange::new(TextRange::new(a, b), t));
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Random edit sequences on a text with random codings: after each edit every coding lies
    /// where the reference model says, its stored text is the document's text there, one left
    /// without words is listed as unplaced with its last words; undoing the whole sequence
    /// restores every byte and every range.
    #[test]
    fn codings_follow_their_words_and_undo_restores_everything(
        text in "[aб қ🙂\n.]{1,40}",
        raw in prop::collection::vec((0..40usize, 1..10usize), 1..7),
        steps in prop::collection::vec(
            prop::collection::vec((any::<prop::sample::Index>(), 0..5usize, "[xя \n]{0,3}"), 1..4),
            1..6,
        ),
    ) {
        let dir = temp();
        let mut project = Project::create(&dir.path().join("p.tamga"), "P", "Aigerim").unwrap();
        let doc = import_text(&mut project, "doc", &text);
        let code_id = project.ensure_code_path("c").unwrap();
        let len = text.chars().count();
        let ranges: Vec<TextRange> = raw
            .into_iter()
            .filter(|(s, _)| *s < len)
            .map(|(s, l)| TextRange::new(s, (s + l).min(len)))
            .collect();
        let ids: Vec<CodingId> = ranges.iter().map(|r| code(&mut project, doc, code_id, *r)).collect();
        // Coders are registered with their first change and stay; register before comparing.
        project.execute(Edit::AddCoder { name: "Aigerim".into() }).unwrap();
        let before = project.store().dump().unwrap();
        let mut model = Model {
            chars: text
                .chars()
                .enumerate()
                .map(|(i, c)| (c, (0..ranges.len()).filter(|&k| ranges[k].contains(i)).collect()))
                .collect(),
        };
        let mut last_words: Vec<String> = ids
            .iter()
            .map(|id| project.store().coding(*id).unwrap().text)
            .collect();
        let mut executed = 0;
        for step in &steps {
            let chars = model.chars.len();
            let changes = changes_for(chars, step);
            if changes.is_empty() {
                continue;
            }
            project.execute(typed(doc, changes.clone())).unwrap();
            executed += 1;
            for c in changes.iter().rev() {
                model.change(c);
            }
            let stored = project.store().document(doc).unwrap().text;
            prop_assert_eq!(&stored, &model.text());
            let summary = project.store().document_summaries().unwrap();
            prop_assert_eq!(summary[0].chars as usize, stored.chars().count());
            let unplaced = project.store().unplaced_codings(Some(doc)).unwrap();
            for (k, id) in ids.iter().enumerate() {
                if let Some(r) = model.range(k) {
                    let coding = project.store().coding(*id).unwrap();
                    prop_assert_eq!(coding.range, r, "coding {} after {:?}", k, changes);
                    prop_assert_eq!(Some(coding.text.as_str()), text::slice_chars(&stored, r));
                    last_words[k].clone_from(&coding.text);
                } else {
                    prop_assert!(project.store().coding(*id).is_err());
                    let kept = unplaced.iter().find(|u| u.coding.id == *id);
                    prop_assert!(kept.is_some(), "coding {} is neither placed nor unplaced", k);
                    prop_assert_eq!(&kept.unwrap().coding.text, &last_words[k]);
                }
            }
        }
        for _ in 0..executed {
            project.undo().unwrap();
        }
        prop_assert_eq!(project.store().dump().unwrap(), before);
    }
}

#[test]
fn deleted_words_unplace_a_coding_with_everything_and_undo_puts_it_back() {
    let dir = temp();
    let mut project = Project::create(&dir.path().join("p.tamga"), "P", "Aigerim").unwrap();
    let doc = import_text(
        &mut project,
        "interview",
        "Қазақ тілі: we came back in 1992. Then the rest.",
    );
    let belonging = project.ensure_code_path("Belonging/return").unwrap();
    let coding = code_quote(&mut project, doc, belonging, "we came back");
    project
        .execute(Edit::SetCodingMemo {
            id: coding,
            memo: "the return".into(),
        })
        .unwrap();
    project
        .execute(Edit::WriteMemo {
            target: MemoTarget::Coding(coding),
            title: "attached".into(),
            body: "a memo on the passage".into(),
            coder: "Aigerim".into(),
        })
        .unwrap();
    let before = project.store().coding(coding).unwrap();
    let memos_before = project.store().memos().unwrap();

    // "we came back in 1992" goes: the coding has no words left.
    project
        .execute(typed(doc, vec![TextChange::delete(TextRange::new(12, 32))]))
        .unwrap();
    assert_eq!(
        project.store().document(doc).unwrap().text,
        "Қазақ тілі: . Then the rest."
    );
    assert!(project.store().coding(coding).is_err());
    assert!(project.store().memos().unwrap().is_empty());
    let unplaced = project.store().unplaced_codings(Some(doc)).unwrap();
    assert_eq!(unplaced.len(), 1);
    let kept = &unplaced[0];
    assert_eq!(
        kept.coding, before,
        "text, code, memo, coder, time, GUID kept"
    );
    assert_eq!(
        kept.memos, memos_before,
        "the attached memo is kept with it"
    );
    assert_eq!(kept.reason, "its words were deleted");
    let log = project.store().corrections(Some(doc)).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].unplaced, 1);
    assert_eq!(
        log[0].summary,
        "deleted “we came back in 1992” at character 12; 1 coding unplaced"
    );

    project.undo().unwrap();
    assert_eq!(project.store().coding(coding).unwrap(), before);
    assert_eq!(project.store().memos().unwrap(), memos_before);
    assert!(project.store().unplaced_codings(None).unwrap().is_empty());
    assert!(project.store().corrections(None).unwrap().is_empty());
}

#[test]
fn an_unplaced_coding_can_be_placed_again_or_deleted_and_both_undo() {
    let dir = temp();
    let mut project = Project::create(&dir.path().join("p.tamga"), "P", "Aigerim").unwrap();
    let doc = import_text(&mut project, "interview", "one two three four");
    let c = project.ensure_code_path("c").unwrap();
    let coding = code_quote(&mut project, doc, c, "two");
    let guid = project.store().coding(coding).unwrap().guid;
    project
        .execute(typed(doc, vec![TextChange::new(TextRange::new(4, 8), "")]))
        .unwrap();
    // A new coding takes the freed id; placing the old one gives it a fresh id, same GUID.
    let newer = code_quote(&mut project, doc, c, "three");
    assert_eq!(newer, coding, "SQLite reuses the largest freed row id");
    let unplaced = project.store().unplaced_codings(Some(doc)).unwrap()[0].id;
    let before_place = project.store().dump().unwrap();
    project
        .execute(Edit::PlaceUnplaced {
            id: unplaced,
            range: TextRange::new(10, 14),
        })
        .unwrap();
    let placed = project
        .store()
        .all_codings()
        .unwrap()
        .into_iter()
        .find(|c| c.guid == guid)
        .unwrap();
    assert_eq!(placed.text, "four");
    assert_ne!(placed.id, coding);
    assert!(project.store().unplaced_codings(None).unwrap().is_empty());
    assert_eq!(
        project.undo_label(),
        Some("place ‘c’ coding"),
        "the Edit menu names it"
    );
    project.undo().unwrap();
    assert_eq!(project.store().dump().unwrap(), before_place);

    project
        .execute(Edit::DeleteUnplaced { id: unplaced })
        .unwrap();
    assert!(project.store().unplaced_codings(None).unwrap().is_empty());
    project.undo().unwrap();
    assert_eq!(project.store().dump().unwrap(), before_place);
}

#[test]
fn the_log_records_who_when_what_and_the_original_bytes_stay() {
    let dir = temp();
    let mut project = Project::create(&dir.path().join("p.tamga"), "P", "Aigerim").unwrap();
    let doc = import_text(&mut project, "interview", "We came bakc in 1992.");
    let source = project.store().document(doc).unwrap().source;
    project.set_coder("Bolat");
    project
        .execute(Edit::ChangeText(Box::new(TextEdit::new(
            doc,
            vec![TextChange::new(TextRange::new(8, 12), "back")],
            CorrectionKind::Edit,
            "Bolat",
        ))))
        .unwrap();
    assert_eq!(project.undo_label(), Some("edit the text of ‘interview’"));
    let document = project.store().document(doc).unwrap();
    assert_eq!(document.text, "We came back in 1992.");
    assert_eq!(document.source, source, "the imported bytes stay");
    let log = project.store().corrections(Some(doc)).unwrap();
    let bolat = project.store().coder_by_name("Bolat").unwrap().unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].coder, bolat);
    assert_eq!(log[0].kind, CorrectionKind::Edit);
    assert_eq!(log[0].summary, "replaced “bakc” with “back” at character 8");
    assert_eq!(log[0].changes[0].old, "bakc");
    assert_eq!(log[0].changes[0].new, "back");
    assert!(log[0].made_at.ends_with('Z'));
}

#[test]
fn a_burst_of_typing_is_one_undo_step() {
    let dir = temp();
    let mut project = Project::create(&dir.path().join("p.tamga"), "P", "Aigerim").unwrap();
    let doc = import_text(&mut project, "interview", "we came");
    let c = project.ensure_code_path("c").unwrap();
    let coding = code(&mut project, doc, c, TextRange::new(0, 7));
    let before = project.store().dump().unwrap();
    for (i, ch) in " back".chars().enumerate() {
        project
            .execute_merging(
                typed(doc, vec![TextChange::insert(7 + i, ch.to_string())]),
                Some("typing".into()),
            )
            .unwrap();
    }
    assert_eq!(project.store().document(doc).unwrap().text, "we came back");
    // Typed at the coding's end: outside it.
    assert_eq!(project.store().coding(coding).unwrap().text, "we came");
    assert_eq!(project.store().corrections(Some(doc)).unwrap().len(), 5);
    project.undo().unwrap();
    assert_eq!(project.store().dump().unwrap(), before);
    project.redo().unwrap();
    assert_eq!(project.store().document(doc).unwrap().text, "we came back");
}

#[test]
fn typing_queued_for_the_writer_keeps_every_keystroke_and_undoes_as_one_step() {
    let dir = temp();
    let mut project = Project::create(&dir.path().join("p.tamga"), "P", "Aigerim").unwrap();
    let doc = import_text(&mut project, "interview", "we came home");
    let c = project.ensure_code_path("c").unwrap();
    // "came home" is characters 3–12.
    let coding = code(&mut project, doc, c, TextRange::new(3, 12));
    let before = project.store().dump().unwrap();
    // Typed inside the coding, each keystroke queued without waiting: " back" after "came".
    for (i, ch) in " back".chars().enumerate() {
        project
            .execute_deferred(
                typed(doc, vec![TextChange::insert(7 + i, ch.to_string())]),
                Some("typing".into()),
            )
            .unwrap();
    }
    assert!(project.flush().is_empty());
    assert_eq!(
        project.store().document(doc).unwrap().text,
        "we came back home"
    );
    assert_eq!(
        project.store().coding(coding).unwrap().text,
        "came back home"
    );
    project.undo().unwrap();
    assert_eq!(project.store().dump().unwrap(), before);
    assert_eq!(project.undo_label(), Some("apply ‘c’"));
}

const KAZAKH: &str = "Айгерім ауылдан келді. Айгерімнің әкесі мұғалім еді. Біз Айгерімге хат жаздық. Анарбек те келді.";
const RUSSIAN: &str = "Анара рассказала о переезде. У Анары трое детей. Мы пришли к Анаре, видели Анару с Анарой и говорили с Айгерім. Анарбек молчал, ел анар.";

#[test]
fn pseudonymising_replaces_kazakh_and_russian_forms_in_documents_and_memos() {
    let dir = temp();
    let mut project = Project::create(&dir.path().join("p.tamga"), "P", "Aigerim").unwrap();
    let kazakh = import_text(&mut project, "kazakh", KAZAKH);
    let russian = import_text(&mut project, "russian", RUSSIAN);
    let family = project.ensure_code_path("family").unwrap();
    let father = code_quote(
        &mut project,
        kazakh,
        family,
        "Айгерімнің әкесі мұғалім еді.",
    );
    let name_only = code_quote(&mut project, kazakh, family, "Айгерімге");
    project
        .execute(Edit::SetCodingMemo {
            id: father,
            memo: "Айгерім said this twice".into(),
        })
        .unwrap();
    for (target, body) in [
        (MemoTarget::Project, "Айгерім мен Анара туралы жазба"),
        (MemoTarget::Code(family), "Айгерімнің сөзі"),
        (MemoTarget::Document(kazakh), "Интервью с Айгерім"),
    ] {
        project
            .execute(Edit::WriteMemo {
                target,
                title: "note".into(),
                body: body.into(),
                coder: "Aigerim".into(),
            })
            .unwrap();
    }
    let before = project.store().dump().unwrap();

    let plan = pseudonymise::plan(
        project.store(),
        "Айгерім",
        "Дана",
        &PseudonymOptions::default(),
        "Aigerim",
    )
    .unwrap();
    // Counted by hand: Айгерім, Айгерімнің, Айгерімге in the Kazakh text, Айгерім in the
    // Russian one; one in each memo and in the coding's note.
    let per_document: Vec<(&str, usize)> = plan
        .documents
        .iter()
        .map(|d| (d.name.as_str(), d.count))
        .collect();
    assert_eq!(per_document, [("kazakh", 3), ("russian", 1)]);
    assert_eq!(
        plan.documents[0].forms.keys().collect::<Vec<_>>(),
        ["Айгерім", "Айгерімге", "Айгерімнің"]
    );
    assert_eq!(plan.memos.len(), 4);
    assert!(plan.memos.iter().all(|m| m.count == 1));
    assert!(
        plan.memos
            .iter()
            .any(|m| matches!(m.place, MemoPlace::Coding { id } if id == father))
    );
    assert_eq!(plan.total(), 8);
    project.execute(plan.edit()).unwrap();
    assert_eq!(
        project.undo_label(),
        Some("pseudonymise ‘Айгерім’ as ‘Дана’")
    );
    assert_eq!(
        project.store().document(kazakh).unwrap().text,
        "Дана ауылдан келді. Дананің әкесі мұғалім еді. Біз Данаге хат жаздық. Анарбек те келді."
    );
    assert!(
        project
            .store()
            .document(russian)
            .unwrap()
            .text
            .contains("говорили с Дана.")
    );
    assert_eq!(
        project.store().coding(father).unwrap().text,
        "Дананің әкесі мұғалім еді.",
        "the coding stays on its words"
    );
    assert_eq!(project.store().coding(name_only).unwrap().text, "Данаге");
    assert_eq!(
        project.store().coding(father).unwrap().memo,
        "Дана said this twice"
    );
    let bodies: Vec<String> = project
        .store()
        .memos()
        .unwrap()
        .into_iter()
        .map(|m| m.body)
        .collect();
    assert_eq!(
        bodies,
        [
            "Дана мен Анара туралы жазба",
            "Дананің сөзі",
            "Интервью с Дана"
        ]
    );
    let log = project.store().corrections(Some(kazakh)).unwrap();
    assert_eq!(log[0].kind, CorrectionKind::Pseudonymise);
    assert_eq!(log[0].change_count, 3);

    // The same name always gets the same pseudonym; a pseudonym stands for one name.
    let again = pseudonymise::plan(
        project.store(),
        "Айгерім",
        "Бота",
        &PseudonymOptions::default(),
        "Aigerim",
    );
    assert!(
        again
            .unwrap_err()
            .to_string()
            .contains("already has the pseudonym “Дана”")
    );
    let taken = pseudonymise::plan(
        project.store(),
        "Анара",
        "Дана",
        &PseudonymOptions::default(),
        "Aigerim",
    );
    assert!(
        taken
            .unwrap_err()
            .to_string()
            .contains("already the pseudonym of “Айгерім”")
    );

    // Russian cases, in one document; "Анарбек" and "анар" (pomegranate) are other words.
    let plan = pseudonymise::plan(
        project.store(),
        "Анара",
        "Дина",
        &PseudonymOptions {
            documents: vec![russian],
            ..PseudonymOptions::default()
        },
        "Aigerim",
    )
    .unwrap();
    assert_eq!(plan.documents.len(), 1);
    assert_eq!(plan.documents[0].count, 5);
    assert_eq!(
        plan.documents[0].forms.keys().collect::<Vec<_>>(),
        ["Анара", "Анаре", "Анарой", "Анару", "Анары"]
    );
    assert_eq!(plan.total(), 6, "five in the text, one in the journal");
    project.execute(plan.edit()).unwrap();
    assert_eq!(
        project.store().document(russian).unwrap().text,
        "Дина рассказала о переезде. У Дины трое детей. Мы пришли к Дине, видели Дину с Диной и говорили с Дана. Анарбек молчал, ел анар."
    );
    assert_eq!(
        project.store().document(kazakh).unwrap().text,
        "Дана ауылдан келді. Дананің әкесі мұғалім еді. Біз Данаге хат жаздық. Анарбек те келді.",
        "documents not chosen stay as they are"
    );
    let csv = pseudonymise::pseudonyms_csv(project.store()).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("name,pseudonym,added_by,added_at"));
    assert!(lines.next().unwrap().starts_with("Айгерім,Дана,Aigerim,"));
    assert!(lines.next().unwrap().starts_with("Анара,Дина,Aigerim,"));

    project.undo().unwrap();
    project.undo().unwrap();
    assert_eq!(project.store().dump().unwrap(), before);
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corrections")
        .join(name)
}

#[test]
fn reimporting_a_transcript_libreoffice_corrected_keeps_codings_on_their_words() {
    let dir = temp();
    let mut project = Project::create(&dir.path().join("p.tamga"), "P", "Aigerim").unwrap();
    let ImportOutcome::Imported { id: doc, .. } = import::import_file(
        &mut project,
        &fixture("transcript.docx"),
        ImportOptions::default(),
    )
    .unwrap() else {
        panic!("not imported")
    };
    let c = project.ensure_code_path("return").unwrap();
    // (quote in the original, its words in the corrected version, or None if deleted)
    let expected: [(&str, Option<&str>); 11] = [
        ("We came bakc in 1992", Some("We came back in 1992")),
        (
            "My father said the homeland was calling.",
            Some("My father said the homeland was calling."),
        ),
        (
            "In the village everyone spoke Kazakh, but in Almaty the officials spoke only Russian...",
            Some(
                "In the village everyone spoke Kazakh; but in Almaty the officials spoke only Russian.",
            ),
        ),
        ("We felt like strangers.", Some("We felt like strangers.")),
        (
            "нам сказали, что мы плохо говорим по-русски",
            Some("нам сказали, что мы плохо говорим по-русски"),
        ),
        ("Это было обидно.", Some("Это было обидно и странно.")),
        ("Балалар мектепте қазақ тілін тез үйренді.", None),
        (
            "They were happy at school, and the teachers were kind.",
            None,
        ),
        (
            "some neighbours still call us oralman",
            Some("some neighbours still call us oralman"),
        ),
        (
            "Айгерім: We came bakc in 1992, when the borders opened. My father said the homeland was calling.",
            Some(
                "Айгерім: We came back in 1992, when the borders opened. My father said the homeland was calling.",
            ),
        ),
        (
            "Interviewer: Did your children feel the same?",
            Some("Interviewer: Did your children feel the same?"),
        ),
    ];
    let ids: Vec<CodingId> = expected
        .iter()
        .map(|(quote, _)| code_quote(&mut project, doc, c, quote))
        .collect();
    let original_source = project.store().document(doc).unwrap().source;
    let before = project.store().dump().unwrap();

    let corrected = import::read_document(&fixture("transcript-corrected.docx")).unwrap();
    assert!(corrected.text.contains("I remember the first winter"));
    assert!(!corrected.text.contains("Балалар"));
    let plan = reimport::plan(project.store(), doc, &corrected, "Aigerim").unwrap();
    assert_eq!(plan.count(Outcome::Exact), 5, "{:#?}", plan.codings);
    assert_eq!(plan.count(Outcome::Changed), 4, "{:#?}", plan.codings);
    assert_eq!(plan.count(Outcome::Relocated), 0);
    assert_eq!(plan.count(Outcome::Unplaced), 2);
    project.execute(plan.edit()).unwrap();

    let stored = project.store().document(doc).unwrap();
    assert_eq!(stored.text, corrected.text);
    assert_eq!(stored.source, corrected.source);
    assert_eq!(stored.original_name, "transcript-corrected.docx");
    let unplaced = project.store().unplaced_codings(Some(doc)).unwrap();
    for ((quote, words), id) in expected.iter().zip(&ids) {
        if let Some(words) = words {
            let coding = project.store().coding(*id).unwrap();
            assert_eq!(&coding.text, words, "coding first on {quote:?}");
            assert_eq!(text::slice_chars(&stored.text, coding.range), Some(*words));
        } else {
            let kept = unplaced.iter().find(|u| u.coding.id == *id).unwrap();
            assert_eq!(kept.coding.text, *quote, "its text intact");
            assert_eq!(kept.reason, "its words are not in the corrected version");
        }
    }
    let log = project.store().corrections(Some(doc)).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].kind, CorrectionKind::Reimport);
    assert_eq!(
        log[0].previous_source.as_ref().unwrap().bytes,
        original_source,
        "the original imported bytes stay in the project"
    );
    assert!(
        log[0]
            .summary
            .starts_with("replaced by a corrected version (transcript-corrected.docx)"),
        "{}",
        log[0].summary
    );
    project.undo().unwrap();
    assert_eq!(project.store().dump().unwrap(), before);
}

#[test]
fn a_moved_paragraph_is_found_by_its_quote_and_context() {
    let dir = temp();
    let mut project = Project::create(&dir.path().join("p.tamga"), "P", "Aigerim").unwrap();
    let old = "First: the village school.\n\nSecond: yes, we came back.\n\nThird: yes, we came back, and stayed.";
    let doc = import_text(&mut project, "t", old);
    let c = project.ensure_code_path("c").unwrap();
    let second = code(&mut project, doc, c, TextRange::new(36, 53));
    assert_eq!(
        project.store().coding(second).unwrap().text,
        "yes, we came back"
    );
    let new = "Second: yes, we came back.\n\nFirst: the village school.\n\nThird: yes, we came back, and stayed.";
    let corrected = NewDocument {
        name: "t".into(),
        text: new.into(),
        original_name: "t v2.txt".into(),
        format: "txt".into(),
        encoding: "UTF-8".into(),
        source: new.as_bytes().to_vec(),
        pages: Vec::new(),
    };
    let plan = reimport::plan(project.store(), doc, &corrected, "Aigerim").unwrap();
    project.execute(plan.edit()).unwrap();
    let coding = project.store().coding(second).unwrap();
    assert_eq!(coding.text, "yes, we came back");
    assert_eq!(coding.range.start, 8, "in “Second:”, not in “Third:”");
}
