//! Search as a researcher uses it, through the library: the query language, case and
//! diacritics in Kazakh, Russian and Latin text, Chinese words of one and two characters,
//! regular expressions, memo hits, hits in context, autocode with its preview and undo, and
//! "passages like these". Expected positions and counts were counted by hand or with Python's
//! `str.count` / `str.index`, never by the code under test.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers fail loudly; that is their job"
)]

use tamga::domain::{CodeId, DocumentId, Edit, MemoTarget, NewDocument};
use tamga::project::Project;
use tamga::search::{
    Field, MemoKind, Query, QueryError, Ranker, Scope, SearchIndex, SearchResults, Source, Unit,
    Within, autocode, suggest,
};
use tamga::text;

const ALMATY: &str = "Q: Where did you live before?\nA: We lived in Xinjiang. Then we moved to Алматы in 2005. Қазақ тілі was our language at home.\n\nIn АЛМАТЫ the school taught in Russian. Our children learned Russian at school, not Kazakh. Ёлка at New Year, мой дом.\n\nӘке said the тарихи отан was a dream. The Қала was far; кала is a Russian word. ӘҒҚҢӨҰҮҺІ. Café naïve Şeker.";

const CHINESE: &str = "我是伊犁的牧民。以前我们住在伊犁河边，冬天放牧。孩子们在城里的学校上学，学校教汉语和哈萨克语。牧民的生活很辛苦，但是人很自由。我们家有五个人。";

const UNIVERSITY: &str =
    "The university and the school were both in the city. ha ha ha, she laughed.";

struct Fixture {
    _dir: tempfile::TempDir,
    project: Project,
    almaty: DocumentId,
    chinese: DocumentId,
    university: DocumentId,
    language: CodeId,
}

fn import(project: &mut Project, name: &str, text: &str) -> DocumentId {
    match project
        .execute(Edit::ImportDocument(NewDocument {
            name: name.to_owned(),
            text: text.to_owned(),
            original_name: format!("{name}.txt"),
            format: "txt".to_owned(),
            encoding: "UTF-8".to_owned(),
            source: Vec::new(),
            pages: Vec::new(),
        }))
        .unwrap()
    {
        Edit::DeleteDocument { id } => id,
        other => panic!("{other:?}"),
    }
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::create(&dir.path().join("s.tamga"), "Search", "Aigerim").unwrap();
    let almaty = import(&mut project, "Almaty interview", ALMATY);
    let chinese = import(&mut project, "伊犁访谈", CHINESE);
    let university = import(&mut project, "University notes", UNIVERSITY);
    let language = project.ensure_code_path("Belonging/Language").unwrap();
    Fixture {
        _dir: dir,
        project,
        almaty,
        chinese,
        university,
        language,
    }
}

fn search(index: &SearchIndex, q: &str) -> SearchResults {
    index
        .search(&Query::words(q))
        .unwrap_or_else(|e| panic!("{q}: {e}"))
}

/// (source, matched text) of every hit.
fn found(index: &SearchIndex, results: &SearchResults) -> Vec<(Source, String)> {
    results
        .hits()
        .iter()
        .map(|h| (h.source, index.kwic(h, 0).unwrap().text))
        .collect()
}

fn starts(results: &SearchResults) -> Vec<usize> {
    results.hits().iter().map(|h| h.range.start).collect()
}

#[test]
fn cyrillic_case_folds_and_kazakh_letters_match_only_themselves() {
    let f = fixture();
    let index = SearchIndex::open(f.project.store()).unwrap();
    let doc = Source::Document(f.almaty);
    let almaty = search(&index, "алматы");
    assert_eq!(
        found(&index, &almaty),
        [(doc, "Алматы".to_owned()), (doc, "АЛМАТЫ".to_owned())]
    );
    assert_eq!(
        starts(&almaty),
        [
            text::byte_to_char(ALMATY, ALMATY.find("Алматы").unwrap()),
            text::byte_to_char(ALMATY, ALMATY.find("АЛМАТЫ").unwrap())
        ]
    );
    // The nine Kazakh letters fold case and stay themselves.
    assert_eq!(search(&index, "әғқңөұүһі").len(), 1);
    assert!(search(&index, "агкноуухи").is_empty());
    // қ is not к: "қала" finds Қала only, "КАЛА" finds кала only.
    assert_eq!(
        found(&index, &search(&index, "қала")),
        [(doc, "Қала".to_owned())]
    );
    assert_eq!(
        found(&index, &search(&index, "КАЛА")),
        [(doc, "кала".to_owned())]
    );
    assert_eq!(search(&index, "әке").len(), 1);
    assert!(search(&index, "аке").is_empty());
    // Russian: ё is е, й is not и.
    assert_eq!(
        found(&index, &search(&index, "елка")),
        [(doc, "Ёлка".to_owned())]
    );
    assert_eq!(search(&index, "мой").len(), 1);
    assert!(search(&index, "мои").is_empty());
}

#[test]
fn latin_diacritics_and_case_are_ignored() {
    let f = fixture();
    let index = SearchIndex::open(f.project.store()).unwrap();
    assert_eq!(search(&index, "cafe").len(), 1);
    assert_eq!(search(&index, "NAIVE").len(), 1);
    assert_eq!(search(&index, "seker").len(), 1);
    assert_eq!(search(&index, "şeker").len(), 1);
    assert_eq!(search(&index, "ALMATY").len(), 0, "Latin is not Cyrillic");
}

#[test]
fn chinese_words_of_one_and_two_characters_are_found() {
    let f = fixture();
    let index = SearchIndex::open(f.project.store()).unwrap();
    let doc = Source::Document(f.chinese);
    // Positions from Python: [i for i in range(len(t)) if t.startswith(w, i)].
    for (word, expected) in [
        ("牧民", vec![5, 47]),
        ("伊犁", vec![2, 14]),
        ("学校", vec![31, 36]),
        ("人", vec![58, 69]),
        ("牧", vec![5, 22, 47]),
        ("汉语", vec![39]),
    ] {
        let results = search(&index, word);
        assert_eq!(starts(&results), expected, "{word}");
        assert!(results.hits().iter().all(|h| h.source == doc));
        let n = word.chars().count();
        assert!(results.hits().iter().all(|h| h.range.len() == n));
        assert_eq!(results.len(), CHINESE.matches(word).count(), "{word}");
    }
    // Characters that are not side by side do not match as a word.
    assert!(search(&index, "民是").is_empty());
    // A phrase of two words, and AND across scripts.
    assert_eq!(
        starts(&search(&index, "\"伊犁 牧民\"")),
        Vec::<usize>::new()
    );
    assert_eq!(starts(&search(&index, "\"伊犁的 牧民\"")), vec![2]);
    assert_eq!(search(&index, "学校 牧民").len(), 4);
}

#[test]
fn phrases_prefixes_and_boolean_operators() {
    let f = fixture();
    let index = SearchIndex::open(f.project.store()).unwrap();
    let almaty = Source::Document(f.almaty);
    let university = Source::Document(f.university);
    assert_eq!(
        found(&index, &search(&index, "\"тарихи отан\"")),
        [(almaty, "тарихи отан".to_owned())]
    );
    assert!(search(&index, "\"отан тарихи\"").is_empty());
    // Phrases skip punctuation between words, like the words of the text.
    assert_eq!(search(&index, "\"Russian Our children\"").len(), 1);
    assert_eq!(
        found(&index, &search(&index, "Russ*")),
        [
            (almaty, "Russian".to_owned()),
            (almaty, "Russian".to_owned()),
            (almaty, "Russian".to_owned())
        ]
    );
    // school is in two documents; NOT removes the one that says university.
    let school = search(&index, "school");
    assert_eq!(school.groups().len(), 2);
    assert_eq!(
        school
            .groups()
            .iter()
            .map(|g| (g.source, g.count))
            .collect::<Vec<_>>(),
        [(almaty, 2), (university, 1)]
    );
    let not = search(&index, "school NOT university");
    assert_eq!(not.groups().len(), 1);
    assert_eq!(not.in_document(f.almaty).len(), 2);
    assert!(not.in_document(f.university).is_empty());
    // AND (written or implied) needs every word in the same document; hits are all of them.
    assert_eq!(search(&index, "school AND Russian").len(), 5);
    assert_eq!(search(&index, "school Russian").len(), 5);
    assert!(search(&index, "school AND 学校").is_empty());
    let or = search(&index, "university OR 学校");
    assert_eq!(
        or.groups().iter().map(|g| g.source).collect::<Vec<_>>(),
        [Source::Document(f.chinese), university],
        "documents in list order"
    );
    assert_eq!(search(&index, "(university OR Xinjiang) school").len(), 5);
    // NOT binds tighter than OR: university, or (Xinjiang without school).
    assert_eq!(
        found(&index, &search(&index, "university OR Xinjiang NOT school")),
        [(university, "university".to_owned())]
    );
}

#[test]
fn malformed_queries_are_errors_not_empty_results() {
    let f = fixture();
    let index = SearchIndex::open(f.project.store()).unwrap();
    let error = |q: &str| index.search(&Query::words(q)).unwrap_err();
    assert_eq!(error("\"тарихи отан"), QueryError::UnclosedQuote { at: 1 });
    assert_eq!(
        error("school AND"),
        QueryError::NothingAfter { op: "AND", at: 8 }
    );
    assert_eq!(
        error("OR school"),
        QueryError::NothingBefore { op: "OR", at: 1 }
    );
    assert_eq!(error("(school"), QueryError::UnclosedBracket { at: 1 });
    assert_eq!(error(""), QueryError::Empty);
    assert!(error("school AND").to_string().contains("character 8"));
    let regex = index.search(&Query::regex("(school")).unwrap_err();
    assert!(
        matches!(&regex, QueryError::Regex { at: Some(1), .. }),
        "{regex:?}"
    );
    assert!(
        regex
            .to_string()
            .starts_with("not a valid regular expression")
    );
}

#[test]
fn regular_expressions_are_case_insensitive_and_count_characters() {
    let f = fixture();
    let index = SearchIndex::open(f.project.store()).unwrap();
    let years = index.search(&Query::regex(r"\b\d{4}\b")).unwrap();
    assert_eq!(
        found(&index, &years),
        [(Source::Document(f.almaty), "2005".to_owned())]
    );
    let lines = index.search(&Query::regex("^a: .*?xinjiang")).unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(
        lines.hits()[0].range.start,
        text::byte_to_char(ALMATY, ALMATY.find("A: We").unwrap())
    );
    // After Cyrillic text, offsets are still characters.
    let kala = index.search(&Query::regex("қала|кала")).unwrap();
    assert_eq!(
        starts(&kala),
        [
            text::byte_to_char(ALMATY, ALMATY.find("Қала").unwrap()),
            text::byte_to_char(ALMATY, ALMATY.find("кала").unwrap())
        ]
    );
    let han = index.search(&Query::regex("牧民.")).unwrap();
    assert_eq!(starts(&han), [5, 47]);
    // A pattern that only matches empty text finds nothing, quietly.
    assert!(index.search(&Query::regex("z{0}")).unwrap().is_empty());
}

#[test]
fn memos_are_searched_and_name_what_they_are_attached_to() {
    let mut f = fixture();
    let coding = match f
        .project
        .execute(Edit::ApplyCoding {
            document: f.almaty,
            code: f.language,
            range: text::find_occurrence(ALMATY, "Қазақ тілі", 1).unwrap(),
            coder: "Aigerim".into(),
            memo: "mother tongue at home, not at school".into(),
        })
        .unwrap()
    {
        Edit::RemoveCoding { id } => id,
        other => panic!("{other:?}"),
    };
    for (target, title, body) in [
        (
            MemoTarget::Project,
            "School visits",
            "Second week: the school in Алматы again.",
        ),
        (
            MemoTarget::Code(f.language),
            "When to use",
            "Any talk of which language the school taught.",
        ),
        (
            MemoTarget::Document(f.chinese),
            "伊犁",
            "Interview with a family of 牧民 near 伊犁.",
        ),
    ] {
        f.project
            .execute(Edit::WriteMemo {
                target,
                title: title.into(),
                body: body.into(),
                coder: "Aigerim".into(),
            })
            .unwrap();
    }
    let index = SearchIndex::open(f.project.store()).unwrap();
    let memos = index
        .search(&Query::words("school").within(Within::Memos))
        .unwrap();
    let described: Vec<(Option<MemoKind>, String, Field, String)> = memos
        .hits()
        .iter()
        .map(|h| {
            let info = index.source_info(h.source).unwrap();
            (
                info.memo_kind,
                info.attached_to.clone().unwrap_or_default(),
                h.field,
                index.kwic(h, 0).unwrap().text,
            )
        })
        .collect();
    assert_eq!(
        described,
        [
            (
                Some(MemoKind::Journal),
                "the project journal".to_owned(),
                Field::Title,
                "School".to_owned()
            ),
            (
                Some(MemoKind::Journal),
                "the project journal".to_owned(),
                Field::Text,
                "school".to_owned()
            ),
            (
                Some(MemoKind::Code),
                "code ‘Belonging/Language’".to_owned(),
                Field::Text,
                "school".to_owned()
            ),
            (
                Some(MemoKind::Coding),
                format!(
                    "a ‘Belonging/Language’ coding in ‘Almaty interview’ (characters {}..{})",
                    text::byte_to_char(ALMATY, ALMATY.find("Қазақ").unwrap()),
                    text::byte_to_char(ALMATY, ALMATY.find("Қазақ").unwrap()) + 10
                ),
                Field::Text,
                "school".to_owned()
            ),
        ]
    );
    assert_eq!(
        memos.groups().len(),
        3,
        "the journal entry's title and body are one group"
    );
    assert_eq!(
        memos.in_source(Source::CodingMemo(coding)).len(),
        1,
        "the coding's own memo"
    );
    let all = search(&index, "伊犁");
    assert_eq!(all.in_document(f.chinese).len(), 2);
    assert_eq!(all.len(), 4, "two in the document, two in its memo");
    let documents = index
        .search(&Query::words("school").within(Within::Documents))
        .unwrap();
    assert!(
        documents
            .hits()
            .iter()
            .all(|h| h.source.document().is_some())
    );
    let one = index
        .search(&Query::words("school").within(Within::Document(f.university)))
        .unwrap();
    assert_eq!(one.len(), 1);
}

#[test]
fn editing_a_memo_reindexes_it_and_reading_writes_nothing() {
    let mut f = fixture();
    let memo = match f
        .project
        .execute(Edit::WriteMemo {
            target: MemoTarget::Project,
            title: "Day one".into(),
            body: "Met herders".into(),
            coder: "Aigerim".into(),
        })
        .unwrap()
    {
        Edit::DeleteMemo { id } => id,
        other => panic!("{other:?}"),
    };
    let mut index = SearchIndex::open(f.project.store()).unwrap();
    assert_eq!(search(&index, "herders").len(), 1);
    f.project
        .execute(Edit::EditMemo {
            id: memo,
            title: "Day one".into(),
            body: "Met teachers".into(),
            modified_at: None,
        })
        .unwrap();
    let before = f.project.store().dump().unwrap();
    index.refresh(f.project.store()).unwrap();
    assert_eq!(f.project.store().dump().unwrap(), before);
    assert!(search(&index, "herders").is_empty());
    assert_eq!(search(&index, "teachers").len(), 1);
    f.project
        .execute(Edit::RenameDocument {
            id: f.university,
            name: "Campus".into(),
        })
        .unwrap();
    index.refresh(f.project.store()).unwrap();
    assert_eq!(
        index
            .source_info(Source::Document(f.university))
            .unwrap()
            .name,
        "Campus"
    );
}

#[test]
fn hits_come_with_their_context() {
    let f = fixture();
    let index = SearchIndex::open(f.project.store()).unwrap();
    let results = search(&index, "тарихи");
    let kwic = index.kwic(&results.hits()[0], 10).unwrap();
    assert_eq!(kwic.before, " said the ");
    assert_eq!(kwic.text, "тарихи");
    assert_eq!(kwic.after, " отан was ");
    let first = search(&index, "Q");
    let kwic = index.kwic(&first.hits()[0], 5).unwrap();
    assert_eq!((kwic.before.as_str(), kwic.after.as_str()), ("", ": Whe"));
}

#[test]
fn autocode_previews_widens_skips_coded_passages_and_applies_as_one_step() {
    let mut f = fixture();
    let first_sentence = "In АЛМАТЫ the school taught in Russian.";
    let coded = text::find_occurrence(ALMATY, first_sentence, 1).unwrap();
    f.project
        .execute(Edit::ApplyCoding {
            document: f.almaty,
            code: f.language,
            range: coded,
            coder: "Aigerim".into(),
            memo: String::new(),
        })
        .unwrap();
    f.project
        .execute(Edit::WriteMemo {
            target: MemoTarget::Project,
            title: "Note".into(),
            body: "The school again.".into(),
            coder: "Aigerim".into(),
        })
        .unwrap();
    let index = SearchIndex::open(f.project.store()).unwrap();
    let results = search(&index, "Russian");
    assert_eq!(results.len(), 3);
    let store = f.project.store();

    let sentences =
        autocode::preview(&index, &results, store, Some(f.language), Scope::Sentence).unwrap();
    assert_eq!(sentences.hits, 3);
    assert_eq!(sentences.already_coded, 1, "the coded sentence is skipped");
    assert_eq!(
        sentences
            .candidates
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>(),
        [
            "Our children learned Russian at school, not Kazakh.",
            "The Қала was far; кала is a Russian word."
        ]
    );

    let paragraphs =
        autocode::preview(&index, &results, store, Some(f.language), Scope::Paragraph).unwrap();
    assert_eq!(paragraphs.candidates.len(), 2);
    assert_eq!(paragraphs.candidates[0].hits, 2, "two hits, one paragraph");
    assert!(paragraphs.candidates[0].partly_coded);
    assert!(
        paragraphs.candidates[0]
            .text
            .starts_with("In АЛМАТЫ the school")
    );
    assert!(!paragraphs.candidates[1].partly_coded);

    let hits = autocode::preview(&index, &results, store, Some(f.language), Scope::Hit).unwrap();
    assert_eq!((hits.candidates.len(), hits.already_coded), (2, 1));
    assert!(hits.candidates.iter().all(|c| c.text == "Russian"));

    // Overlapping hits ("ha ha" twice in "ha ha ha") become one passage.
    let laugh = search(&index, "\"ha ha\"");
    assert_eq!(laugh.len(), 2);
    let merged = autocode::preview(&index, &laugh, store, Some(f.language), Scope::Hit).unwrap();
    assert_eq!(merged.candidates.len(), 1);
    assert_eq!(merged.candidates[0].text, "ha ha ha");

    // Apply the sentences but the second (unticked): one undo step.
    let before = f.project.store().dump().unwrap();
    let codings_before = f.project.store().all_codings().unwrap().len();
    let chosen = &sentences.candidates[..1];
    f.project
        .execute(autocode::edit(chosen, f.language, "Aigerim"))
        .unwrap();
    assert_eq!(
        f.project.undo_label(),
        Some("apply ‘Language’ to 1 passage")
    );
    let codings = f.project.store().all_codings().unwrap();
    assert_eq!(codings.len(), codings_before + 1);
    assert!(
        codings
            .iter()
            .any(|c| c.text == "Our children learned Russian at school, not Kazakh.")
    );
    // Now that sentence is coded too: the preview skips it.
    let again = autocode::preview(
        &index,
        &results,
        f.project.store(),
        Some(f.language),
        Scope::Sentence,
    )
    .unwrap();
    assert_eq!((again.candidates.len(), again.already_coded), (1, 2));
    f.project.undo().unwrap();
    assert_eq!(f.project.store().dump().unwrap(), before);

    // Memo hits are never autocoded.
    let school = search(&index, "school");
    assert_eq!(school.len(), 4, "three in documents, one in the memo");
    let none = autocode::preview(&index, &school, f.project.store(), None, Scope::Hit).unwrap();
    assert_eq!((none.hits, none.candidates.len()), (3, 3));
}

/// Paragraphs on four themes; the "school language" ones share words the others lack.
const SCHOOL: [&str; 10] = [
    "At school the teacher spoke only Russian, and the children forgot their Kazakh words.",
    "My daughter's school teaches in Kazakh now; the Russian lessons are twice a week.",
    "The teacher told us the school would switch to Kazakh, but the textbooks stayed Russian.",
    "Our son cried at school because the teacher laughed at his Kazakh accent in Russian class.",
    "Which language at school? Kazakh lessons in the morning, Russian lessons after lunch.",
    "The children answer the teacher in Russian even in Kazakh lessons at school.",
    "In the village school every lesson was Kazakh; in the city school it was Russian.",
    "The school director asked parents whether the children should learn Russian or Kazakh first.",
    "Grandmother taught the Kazakh songs; the school taught the Russian poems and the teacher praised them.",
    "At the new school the teacher mixes Kazakh and Russian, and the children like the lessons.",
];

const OTHER: [&str; 15] = [
    "We kept two hundred sheep and moved to the summer pasture in May.",
    "The winter was hard; snow covered the pasture and the horses grew thin.",
    "My uncle sold the camels before we crossed the border.",
    "We waited three months for the visa papers at the consulate.",
    "The quota office asked for birth certificates of every family member.",
    "Bread, tea with milk, and boiled mutton: that was every evening meal.",
    "In spring the river floods and the road to the market closes.",
    "My brother drives a truck between the city and the border post.",
    "The apartment was small, but it had heating and water.",
    "We celebrate Nauryz with the neighbours and cook kozhe in a big pot.",
    "The bank refused the loan because our papers were from China.",
    "Father repaired old radios and sold them at the bazaar.",
    "The bus from the village to the city takes four hours in summer.",
    "Our relatives still live near the mountains and keep horses.",
    "The doctor at the clinic did not understand my mother at first.",
];

#[test]
fn held_out_coded_passages_come_back_at_the_top_of_the_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::create(&dir.path().join("r.tamga"), "Rank", "Aigerim").unwrap();
    // Interleave the themes so that document order cannot explain the ranking.
    let mut paragraphs = Vec::new();
    for i in 0..OTHER.len() {
        paragraphs.push(OTHER[i]);
        if i < SCHOOL.len() {
            paragraphs.push(SCHOOL[i]);
        }
    }
    let text = paragraphs.join("\n\n");
    let doc = import(&mut project, "Returnees", &text);
    let code = project.ensure_code_path("School language").unwrap();
    // Code seven school paragraphs; hold out the last three.
    for p in &SCHOOL[..7] {
        project
            .execute(Edit::ApplyCoding {
                document: doc,
                code,
                range: text::find_occurrence(&text, p, 1).unwrap(),
                coder: "Aigerim".into(),
                memo: String::new(),
            })
            .unwrap();
    }
    let index = SearchIndex::open(project.store()).unwrap();
    let ranker = Ranker::build(&index, Unit::Paragraph);
    let top = ranker.suggest(&index, project.store(), code, 5).unwrap();
    let top_texts: Vec<&str> = top.iter().map(|s| s.text.as_str()).collect();
    for held_out in &SCHOOL[7..] {
        assert!(
            top_texts[..3].contains(held_out),
            "{held_out} not in the top three: {top_texts:#?}"
        );
    }
    // Coded paragraphs are never suggested; each suggestion says why.
    assert!(top_texts.iter().all(|t| !SCHOOL[..7].contains(t)));
    assert!(
        top[0]
            .words
            .iter()
            .any(|w| ["school", "Kazakh", "Russian", "teacher", "lessons"].contains(&w.as_str())),
        "{:?}",
        top[0].words
    );
    assert!(top.windows(2).all(|w| w[0].score >= w[1].score));

    // Rejecting the best one hides it, undo brings it back; nothing is applied.
    let codings = project.store().all_codings().unwrap().len();
    project
        .execute(suggest::reject(&top[0], code, "Aigerim"))
        .unwrap();
    let after = ranker.suggest(&index, project.store(), code, 5).unwrap();
    assert!(after.iter().all(|s| s.range != top[0].range));
    assert_eq!(after[0].range, top[1].range);
    project.undo().unwrap();
    let back = ranker.suggest(&index, project.store(), code, 5).unwrap();
    assert_eq!(back[0].range, top[0].range);
    assert_eq!(project.store().all_codings().unwrap().len(), codings);

    // Accepting applies the code; the passage is no longer suggested.
    project
        .execute(suggest::accept(&top[0], code, "Aigerim"))
        .unwrap();
    let accepted = ranker.suggest(&index, project.store(), code, 5).unwrap();
    assert!(accepted.iter().all(|s| s.range != top[0].range));
}

#[test]
fn chinese_suggestions_use_words_not_single_characters() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::create(&dir.path().join("z.tamga"), "Rank", "Aigerim").unwrap();
    let school = [
        "孩子们在城里的学校上学，老师只说汉语。",
        "学校的老师说哈萨克语课每周只有两次。",
        "我女儿在学校学汉语，回家不说哈萨克语了。",
        "学校里老师用汉语上课，孩子们听不懂。",
        "村里的学校关了，孩子们去城里的学校学汉语。",
    ];
    let other = [
        "冬天我们在草原上放牧，羊很多。",
        "夏天我们搬到山里的牧场，马吃草。",
        "我们等了三个月才拿到签证。",
        "每天晚上我们喝奶茶，吃羊肉。",
        "春天河水涨了，去市场的路不通。",
        "我哥哥开卡车，在城里和边境之间。",
    ];
    let mut paragraphs = Vec::new();
    for i in 0..other.len() {
        paragraphs.push(other[i]);
        if i < school.len() {
            paragraphs.push(school[i]);
        }
    }
    let text = paragraphs.join("\n\n");
    let doc = import(&mut project, "访谈", &text);
    let code = project.ensure_code_path("学校语言").unwrap();
    for p in &school[..3] {
        project
            .execute(Edit::ApplyCoding {
                document: doc,
                code,
                range: text::find_occurrence(&text, p, 1).unwrap(),
                coder: "Aigerim".into(),
                memo: String::new(),
            })
            .unwrap();
    }
    let index = SearchIndex::open(project.store()).unwrap();
    let ranker = Ranker::build(&index, Unit::Paragraph);
    let top = ranker.suggest(&index, project.store(), code, 3).unwrap();
    let texts: Vec<&str> = top.iter().map(|s| s.text.as_str()).collect();
    assert!(texts[..2].contains(&school[3]), "{texts:?}");
    assert!(texts[..2].contains(&school[4]), "{texts:?}");
    let words: Vec<&str> = top[..2]
        .iter()
        .flat_map(|s| s.words.iter().map(String::as_str))
        .collect();
    assert!(words.contains(&"学校"), "{words:?}");
    assert!(words.contains(&"汉语"), "{words:?}");
}

#[test]
fn sentences_can_be_suggested_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::create(&dir.path().join("t.tamga"), "Rank", "Aigerim").unwrap();
    let text = format!(
        "{} {} {}\n\n{} {}",
        SCHOOL[0], OTHER[0], SCHOOL[1], OTHER[1], SCHOOL[2]
    );
    let doc = import(&mut project, "Mixed", &text);
    let code = project.ensure_code_path("School language").unwrap();
    project
        .execute(Edit::ApplyCoding {
            document: doc,
            code,
            range: text::find_occurrence(&text, SCHOOL[0], 1).unwrap(),
            coder: "Aigerim".into(),
            memo: String::new(),
        })
        .unwrap();
    let index = SearchIndex::open(project.store()).unwrap();
    let ranker = Ranker::build(&index, Unit::Sentence);
    let top = ranker.suggest(&index, project.store(), code, 2).unwrap();
    let texts: Vec<&str> = top.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(texts.len(), 2);
    assert!(
        texts.contains(&SCHOOL[1]) && texts.contains(&SCHOOL[2]),
        "{texts:?}"
    );
    // A code with no codings has nothing to compare with.
    let empty = project.ensure_code_path("Nothing yet").unwrap();
    assert!(
        ranker
            .suggest(&index, project.store(), empty, 5)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_index_and_the_ranker_can_be_built_on_a_worker_thread() {
    fn sendable<T: Send + 'static>(_: &T) {}
    let f = fixture();
    let corpus = tamga::search::Corpus::load(f.project.store()).unwrap();
    sendable(&corpus);
    let index = std::thread::spawn(move || SearchIndex::build(corpus))
        .join()
        .unwrap();
    sendable(&index);
    let ranker = Ranker::build(&index, Unit::Paragraph);
    sendable(&ranker);
    assert_eq!(search(&index, "牧民").len(), 2);
}
