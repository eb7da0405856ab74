//! Retrieval end to end on a small project: any, all, not, subcodes, restrictions, excerpts,
//! citations and excerpt ids.

use super::excerpt_id::parse_excerpt_id;
use super::*;
use crate::domain::{CaseId, Edit, NewDocument, Snapshot, ValueOwner};

const KAZAKH: &str = "Біз Қазақстанға келдік.\n“Қазақстан — біздің тарихи отан,” деді ол.\n\n他说：“历史故乡”是我们的家。 She said: ’we came back’ and stayed.\n\nThird paragraph about citizenship and visas.";
const ENGLISH: &str = "We moved to Almaty in 1993.\n\nMy children learned Russian at school.";

struct Fixture {
    _dir: tempfile::TempDir,
    project: Project,
    kazakh: DocumentId,
    english: DocumentId,
    homeland: CodeId,
    historical: CodeId,
    ret: CodeId,
    language: CodeId,
}

fn import(project: &mut Project, name: &str, text: &str) -> DocumentId {
    match project
        .execute(Edit::ImportDocument(NewDocument {
            name: name.into(),
            text: text.into(),
            original_name: format!("{name}.txt"),
            format: "txt".into(),
            encoding: "UTF-8".into(),
            source: Vec::new(),
            pages: Vec::new(),
        }))
        .unwrap()
    {
        Edit::DeleteDocument { id } => id,
        other => panic!("{other:?}"),
    }
}

fn code(f: &mut Fixture, doc: DocumentId, code: CodeId, quote: &str, coder: &str, memo: &str) {
    let text = if doc == f.kazakh { KAZAKH } else { ENGLISH };
    let range = text::find_occurrence(text, quote, 1).unwrap();
    f.project
        .execute(Edit::ApplyCoding {
            document: doc,
            code,
            range,
            coder: coder.into(),
            memo: memo.into(),
        })
        .unwrap();
}

/// Two documents; Homeland (with subcode historical), Return, Language; two coders.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::create(&dir.path().join("r.tamga"), "Fieldwork", "Aigerim").unwrap();
    let kazakh = import(&mut project, "Интервью 1", KAZAKH);
    let english = import(&mut project, "Interview 2", ENGLISH);
    let homeland = project.ensure_code_path("Homeland").unwrap();
    let historical = project.ensure_code_path("Homeland/historical").unwrap();
    let ret = project.ensure_code_path("Return").unwrap();
    let language = project.ensure_code_path("Language").unwrap();
    let mut f = Fixture {
        _dir: dir,
        project,
        kazakh,
        english,
        homeland,
        historical,
        ret,
        language,
    };
    let (k, e) = (f.kazakh, f.english);
    // Homeland over the whole second line; historical inside it; Return overlapping its end
    // and running into paragraph 2.
    code(
        &mut f,
        k,
        homeland,
        "“Қазақстан — біздің тарихи отан,” деді ол.",
        "Aigerim",
        "homeland claim",
    );
    code(&mut f, k, historical, "тарихи отан", "Aigerim", "emic term");
    code(
        &mut f,
        k,
        ret,
        "отан,” деді ол.\n\n他说：“历史故乡”",
        "Bolat",
        "",
    );
    code(&mut f, k, homeland, "历史故乡", "Bolat", "Chinese term");
    code(&mut f, k, language, "’we came back’", "Aigerim", "");
    code(&mut f, e, ret, "We moved to Almaty in 1993.", "Aigerim", "");
    code(&mut f, e, language, "learned Russian", "Bolat", "");
    f
}

fn texts(r: &Retrieval) -> Vec<&str> {
    r.excerpts.iter().map(|e| e.text.as_str()).collect()
}

fn coder(f: &Fixture, name: &str) -> CoderId {
    f.project.store().coder_by_name(name).unwrap().unwrap()
}

#[test]
fn any_returns_each_coding_of_the_chosen_codes() {
    let f = fixture();
    let r = retrieve(
        &f.project,
        &Query {
            codes: vec![f.ret, f.language],
            ..Query::default()
        },
    )
    .unwrap();
    assert_eq!(r.excerpts.len(), 4);
    assert_eq!(
        texts(&r),
        [
            "отан,” деді ол.\n\n他说：“历史故乡”",
            "’we came back’",
            "We moved to Almaty in 1993.",
            "learned Russian"
        ]
    );
    // Every code, when none is chosen.
    assert_eq!(
        retrieve(&f.project, &Query::default())
            .unwrap()
            .excerpts
            .len(),
        7
    );
}

#[test]
fn all_returns_the_overlap_with_every_contributing_coding() {
    let f = fixture();
    let r = retrieve(
        &f.project,
        &Query {
            codes: vec![f.homeland, f.ret],
            combine: Combine::All,
            ..Query::default()
        },
    )
    .unwrap();
    assert_eq!(texts(&r), ["отан,” деді ол.", "历史故乡"]);
    let first = &r.excerpts[0];
    assert_eq!(first.codings.len(), 2);
    assert_eq!(first.code_paths(), "Homeland; Return");
    assert_eq!(first.paragraph_label(), "¶1");
    assert_eq!(r.excerpts[1].paragraph, 2);
    assert_eq!(r.sections().len(), 1);
    assert_eq!(r.sections()[0].title, "Homeland & Return");
    // With subcodes, historical counts as Homeland: its overlap with Return joins in.
    let with_sub = retrieve(
        &f.project,
        &Query {
            codes: vec![f.homeland, f.ret],
            combine: Combine::All,
            subcodes: true,
            ..Query::default()
        },
    )
    .unwrap();
    assert_eq!(texts(&with_sub), ["отан,” деді ол.", "历史故乡"]);
    assert_eq!(with_sub.excerpts[0].codings.len(), 3);
    // No overlap at all: nothing.
    let none = retrieve(
        &f.project,
        &Query {
            codes: vec![f.ret, f.language],
            combine: Combine::All,
            ..Query::default()
        },
    )
    .unwrap();
    assert!(none.excerpts.is_empty());
}

#[test]
fn not_drops_whole_passages_that_an_excluded_coding_overlaps() {
    let f = fixture();
    let r = retrieve(
        &f.project,
        &Query {
            codes: vec![f.homeland],
            exclude: vec![f.ret],
            ..Query::default()
        },
    )
    .unwrap();
    assert!(r.excerpts.is_empty(), "{:?}", texts(&r));
    let r = retrieve(
        &f.project,
        &Query {
            codes: vec![f.ret],
            exclude: vec![f.language],
            ..Query::default()
        },
    )
    .unwrap();
    assert_eq!(r.excerpts.len(), 2);
    // Every code but Language and its overlaps.
    let r = retrieve(
        &f.project,
        &Query {
            exclude: vec![f.language],
            ..Query::default()
        },
    )
    .unwrap();
    assert_eq!(r.excerpts.len(), 5);
    assert!(r.excerpts.iter().all(|e| e.code_paths() != "Language"));
}

#[test]
fn subcodes_are_included_only_when_asked() {
    let f = fixture();
    let q = Query {
        codes: vec![f.homeland],
        ..Query::default()
    };
    assert_eq!(retrieve(&f.project, &q).unwrap().excerpts.len(), 2);
    let r = retrieve(
        &f.project,
        &Query {
            subcodes: true,
            order: Order::Code,
            ..q
        },
    )
    .unwrap();
    assert_eq!(r.excerpts.len(), 3);
    assert_eq!(r.counts_by_code(), [(f.homeland, 2), (f.historical, 1)]);
    let sections = r.sections();
    assert_eq!(sections.len(), 2);
    assert_eq!(sections[1].title, "Homeland/historical");
    assert_eq!(sections[1].excerpts[0].text, "тарихи отан");
}

#[test]
fn documents_and_coders_restrict_every_coding() {
    let f = fixture();
    let r = retrieve(
        &f.project,
        &Query {
            documents: vec![f.english],
            ..Query::default()
        },
    )
    .unwrap();
    assert_eq!(
        texts(&r),
        ["We moved to Almaty in 1993.", "learned Russian"]
    );
    assert_eq!(r.document_names, ["Interview 2"]);
    let bolat = coder(&f, "Bolat");
    let r = retrieve(
        &f.project,
        &Query {
            coders: vec![bolat],
            ..Query::default()
        },
    )
    .unwrap();
    assert_eq!(r.excerpts.len(), 3);
    assert!(r.excerpts.iter().all(|e| e.coders() == "Bolat"));
    // Homeland but not Return, as Aigerim coded: Bolat's Return coding is outside that view.
    let aigerim = coder(&f, "Aigerim");
    let r = retrieve(
        &f.project,
        &Query {
            codes: vec![f.homeland],
            exclude: vec![f.ret],
            coders: vec![aigerim],
            ..Query::default()
        },
    )
    .unwrap();
    assert_eq!(texts(&r), ["“Қазақстан — біздің тарихи отан,” деді ол."]);
    assert!(r.describe().contains("Coders: Aigerim"), "{}", r.describe());
}

#[test]
fn excerpts_carry_paragraph_context_memo_and_citation() {
    let f = fixture();
    let r = retrieve(
        &f.project,
        &Query {
            codes: vec![f.historical],
            context: Context::Paragraph,
            ..Query::default()
        },
    )
    .unwrap();
    let e = &r.excerpts[0];
    assert_eq!(e.text, "тарихи отан");
    assert_eq!(e.before, "Біз Қазақстанға келдік.\n“Қазақстан — біздің ");
    assert_eq!(e.after, ",” деді ол.");
    assert_eq!(e.memo(), "emic term");
    assert_eq!(e.document_name, "Интервью 1");
    let id = e.codings[0].excerpt_id;
    assert_eq!(
        e.citation(),
        format!("“тарихи отан” (Интервью 1, ¶1) [{id}]")
    );
    assert_eq!(e.codings[0].code_path, "Homeland/historical");
    assert!(e.codings[0].color.starts_with('#'));

    let r = retrieve(
        &f.project,
        &Query {
            codes: vec![f.language],
            context: Context::Chars(5),
            documents: vec![f.english],
            ..Query::default()
        },
    )
    .unwrap();
    assert_eq!(r.excerpts[0].before, "dren ");
    assert_eq!(r.excerpts[0].after, " at s");
    // Context at the very end of a document stops there.
    let r = retrieve(
        &f.project,
        &Query {
            codes: vec![f.ret],
            context: Context::Chars(500),
            documents: vec![f.english],
            ..Query::default()
        },
    )
    .unwrap();
    assert_eq!(r.excerpts[0].before, "");
    assert_eq!(
        r.excerpts[0].after,
        "\n\nMy children learned Russian at school."
    );
}

#[test]
fn long_quotes_are_shortened_in_citations_only() {
    let words = "тарихи отан ".repeat(40);
    let short = shorten_quote(&words, 60);
    assert!(short.contains(" … "), "{short}");
    assert!(text::char_len(&short) <= 64, "{short}");
    assert!(short.starts_with("тарихи отан"));
    assert!(short.ends_with("тарихи отан"));
    assert_eq!(shorten_quote("a\n\n  b", 60), "a b");
    let one_word = "历".repeat(300);
    assert!(text::char_len(&shorten_quote(&one_word, 60)) <= 64);
}

#[test]
fn excerpt_ids_are_eight_crockford_characters_from_the_guid() {
    let id = ExcerptId::from_guid("3f9a2c7d-1e00-4000-8000-000000000000");
    // 0x3f9a2c7d1e = 40 bits -> 8 base32 digits.
    assert_eq!(id.to_string(), "T-7YD2RZ8Y");
    assert_eq!(id.code().len(), EXCERPT_ID_LEN);
    assert_eq!(
        ExcerptId::from_guid("3F9A2C7D-1E00-4000-8000-000000000000"),
        id
    );
    let other = ExcerptId::from_guid("not-a-hex-guid");
    assert_eq!(other.code().len(), EXCERPT_ID_LEN);
    assert_eq!(parse_excerpt_id("t-7yd2rz8y").as_deref(), Some("7YD2RZ8Y"));
    assert_eq!(parse_excerpt_id("T-OIL").as_deref(), Some("011"));
    assert_eq!(parse_excerpt_id("T-7YD2RZ8YX"), None);
    assert_eq!(parse_excerpt_id("T-U"), None);
}

#[test]
fn excerpt_ids_resolve_by_guid_prefix_and_ambiguity_shows() {
    let f = fixture();
    let codings = f.project.store().all_codings().unwrap();
    for c in &codings {
        let id = ExcerptId::from_guid(&c.guid);
        assert_eq!(
            resolve_excerpt_id(f.project.store(), &id.to_string()).unwrap(),
            [c.id]
        );
        assert_eq!(
            resolve_excerpt_id(f.project.store(), &id.code().to_lowercase()).unwrap(),
            [c.id]
        );
        assert_eq!(
            resolve_excerpt_id(f.project.store(), &c.guid).unwrap(),
            [c.id]
        );
    }
    // Two codings whose GUIDs share their first 36 bits share the first 7 id characters.
    let mut project = f.project;
    let template = codings[0].clone();
    let twins: Vec<Coding> = ["3f9a2c7d10", "3f9a2c7d1f"]
        .iter()
        .enumerate()
        .map(|(i, head)| Coding {
            id: CodingId(1000 + i as i64),
            guid: format!("{}-{}00-4000-8000-000000000000", &head[..8], &head[8..]),
            ..template.clone()
        })
        .collect();
    project
        .execute(Edit::Restore(Box::new(Snapshot {
            codings: twins,
            ..Snapshot::default()
        })))
        .unwrap();
    let first = ExcerptId::from_guid("3f9a2c7d-1000-4000-8000-000000000000");
    let found = resolve_excerpt_id(project.store(), &first.code()[..6]).unwrap();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        resolve_excerpt_id(project.store(), "T-ZZZZZZZZ")
            .unwrap()
            .is_empty()
    );
    assert!(resolve_excerpt_id(project.store(), "not an id!").is_err());
}

#[test]
fn restrictions_keep_documents_and_case_passages() {
    use crate::domain::{AttributeKind, AttributeScope, NewCase, NewCaseMember, ValueChange};
    let mut f = fixture();
    let Edit::DeleteAttribute { id: language } = f
        .project
        .execute(Edit::DefineAttribute {
            scope: AttributeScope::Documents,
            name: "language".into(),
            kind: AttributeKind::Text,
        })
        .unwrap()
    else {
        panic!("define");
    };
    f.project
        .execute(Edit::SetValues(vec![ValueChange {
            owner: ValueOwner::Document(f.english),
            attribute: language,
            value: Some("English".into()),
        }]))
        .unwrap();
    let attributes = f.project.store().attributes().unwrap();
    let only = |conditions: &[&str], cases: Vec<CaseId>| Query {
        restrict: Restriction {
            conditions: conditions
                .iter()
                .map(|c| parse_condition(&attributes, c).unwrap())
                .collect(),
            cases,
        },
        ..Query::default()
    };
    let r = retrieve(&f.project, &only(&["language=english"], vec![])).unwrap();
    assert_eq!(
        texts(&r),
        ["We moved to Almaty in 1993.", "learned Russian"]
    );
    assert_eq!(r.restriction, "language = english");
    assert!(r.describe().contains("Where: language = english"));
    // No value: the Kazakh interview.
    let r = retrieve(&f.project, &only(&["language="], vec![])).unwrap();
    assert_eq!(r.excerpts.len(), 5);
    // A case of the Kazakh interview's second paragraph: codings overlapping it.
    let para2 = text::find_occurrence(KAZAKH, "他说", 1).unwrap().start;
    let Edit::DeleteCases { ids } = f
        .project
        .execute(Edit::CreateCases(vec![NewCase {
            name: "Chinese passage".into(),
            members: vec![NewCaseMember {
                document: f.kazakh,
                range: Some(TextRange::new(para2, para2 + 10)),
            }],
        }]))
        .unwrap()
    else {
        panic!("cases");
    };
    let r = retrieve(&f.project, &only(&[], ids)).unwrap();
    assert_eq!(
        texts(&r),
        ["отан,” деді ол.\n\n他说：“历史故乡”", "历史故乡"]
    );
}
