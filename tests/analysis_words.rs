//! Word frequencies and keywords in context in English, Kazakh, Russian and Chinese, checked
//! against counts made by hand (and character offsets counted by hand).

#![expect(
    clippy::unwrap_used,
    reason = "test helpers fail loudly; that is their job"
)]

use tamga::analysis::Corpus;
use tamga::analysis::words::{Language, StopWords, TextChoice, kwic, word_frequencies, words};
use tamga::domain::{DocumentId, Edit, NewDocument, TextRange};
use tamga::project::Project;
use tamga::retrieval::Restriction;

const ENGLISH: &str = "The homeland is our homeland. We came back to the homeland in 1993.";
const KAZAKH: &str = "Біз тарихи отанға қайттық. Тарихи отан — Қазақстан.\n\nОтан біздің үйіміз.";
const RUSSIAN: &str = "Родина — это Казахстан. Мы вернулись на родину, на нашу Родину.";
const CHINESE: &str = "我们回到了历史故乡。历史故乡是我们的家。";

struct Fixture {
    _dir: tempfile::TempDir,
    project: Project,
    docs: Vec<DocumentId>,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::create(&dir.path().join("w.tamga"), "Words", "Aigerim").unwrap();
    let docs = [
        ("en", ENGLISH),
        ("kk", KAZAKH),
        ("ru", RUSSIAN),
        ("zh", CHINESE),
    ]
    .into_iter()
    .map(|(name, text)| {
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
    })
    .collect();
    Fixture {
        _dir: dir,
        project,
        docs,
    }
}

fn counts(f: &Fixture, doc: usize, stop: &StopWords) -> (u64, Vec<(String, u64)>) {
    let corpus = Corpus::load_with_texts(&f.project, &Restriction::default()).unwrap();
    let found = word_frequencies(
        &corpus,
        &TextChoice {
            documents: vec![f.docs[doc]],
            ..TextChoice::default()
        },
        stop,
    )
    .unwrap();
    (
        found.tokens,
        found.words.into_iter().map(|w| (w.word, w.count)).collect(),
    )
}

fn pairs(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(w, n)| ((*w).to_owned(), *n)).collect()
}

#[test]
fn english_words_are_counted_in_lower_case_without_numbers() {
    let f = fixture();
    // the homeland is our homeland we came back to the homeland in (1993 is no word): 12.
    let (tokens, all) = counts(&f, 0, &StopWords::none());
    assert_eq!(tokens, 12);
    assert_eq!(
        all,
        pairs(&[
            ("homeland", 3),
            ("the", 2),
            ("back", 1),
            ("came", 1),
            ("in", 1),
            ("is", 1),
            ("our", 1),
            ("to", 1),
            ("we", 1),
        ])
    );
    let (_, content) = counts(&f, 0, &StopWords::builtin(&[Language::English]));
    assert_eq!(content, pairs(&[("homeland", 3), ("back", 1), ("came", 1)]));
}

#[test]
fn kazakh_words_keep_their_endings() {
    let f = fixture();
    // біз тарихи отанға қайттық тарихи отан қазақстан отан біздің үйіміз: 10 words; the dash
    // is no word.
    let (tokens, all) = counts(&f, 1, &StopWords::none());
    assert_eq!(tokens, 10);
    assert_eq!(
        all,
        pairs(&[
            ("отан", 2),
            ("тарихи", 2),
            ("біз", 1),
            ("біздің", 1),
            ("отанға", 1),
            ("қазақстан", 1),
            ("қайттық", 1),
            ("үйіміз", 1),
        ])
    );
    let (_, content) = counts(&f, 1, &StopWords::builtin(&[Language::Kazakh]));
    assert!(!content.iter().any(|(w, _)| w == "біз" || w == "біздің"));
    assert_eq!(content.len(), 6);
}

#[test]
fn russian_words_fold_case() {
    let f = fixture();
    // родина это казахстан мы вернулись на родину на нашу родину: 10 words.
    let (tokens, all) = counts(&f, 2, &StopWords::none());
    assert_eq!(tokens, 10);
    assert_eq!(
        all,
        pairs(&[
            ("на", 2),
            ("родину", 2),
            ("вернулись", 1),
            ("казахстан", 1),
            ("мы", 1),
            ("нашу", 1),
            ("родина", 1),
            ("это", 1),
        ])
    );
    let (_, content) = counts(&f, 2, &StopWords::builtin(&[Language::Russian]));
    assert_eq!(content[0], ("родину".to_owned(), 2));
    assert!(
        !content
            .iter()
            .any(|(w, _)| w == "на" || w == "мы" || w == "это")
    );
}

#[test]
fn chinese_is_segmented_into_dictionary_words_not_characters() {
    let f = fixture();
    // 我们 回到 了 历史 故乡 。 历史 故乡 是 我们 的 家 。 — punctuation is no word: 11.
    assert_eq!(
        words(CHINESE),
        [
            "我们", "回到", "了", "历史", "故乡", "历史", "故乡", "是", "我们", "的", "家"
        ]
    );
    let (tokens, all) = counts(&f, 3, &StopWords::none());
    assert_eq!(tokens, 11);
    assert_eq!(
        &all[..3],
        &pairs(&[("历史", 2), ("我们", 2), ("故乡", 2)])[..]
    );
    // Mixed scripts in one text: each run is read by its own rules.
    assert_eq!(
        words("Almaty市的Қазақ人"),
        ["almaty", "市", "的", "қазақ", "人"]
    );
}

#[test]
fn stop_word_lists_can_be_edited() {
    let mut stop = StopWords::parse("# mine\nhomeland, came\n\nBACK");
    assert!(stop.contains("back"));
    assert_eq!(stop.sorted(), ["back", "came", "homeland"]);
    stop.extend(["The"]);
    let f = fixture();
    let (_, content) = counts(&f, 0, &stop);
    assert!(
        content
            .iter()
            .all(|(w, _)| !["the", "homeland", "came", "back"].contains(&w.as_str()))
    );
}

fn lines(
    f: &Fixture,
    word: &str,
    width: usize,
) -> Vec<(String, TextRange, String, String, String)> {
    let corpus = Corpus::load_with_texts(&f.project, &Restriction::default()).unwrap();
    kwic(&corpus, &TextChoice::default(), word, width)
        .unwrap()
        .into_iter()
        .map(|l| (l.document_name, l.range, l.left, l.keyword, l.right))
        .collect()
}

#[test]
fn keywords_in_context_give_document_and_character_range() {
    let f = fixture();
    // "homeland" at 4..12, 20..28 and 50..58 (counted by hand).
    let en = lines(&f, "Homeland", 4);
    assert_eq!(
        en,
        [
            (
                "en".into(),
                TextRange::new(4, 12),
                "The ".into(),
                "homeland".into(),
                " is ".into()
            ),
            (
                "en".into(),
                TextRange::new(20, 28),
                "our ".into(),
                "homeland".into(),
                ". We".into()
            ),
            (
                "en".into(),
                TextRange::new(50, 58),
                "the ".into(),
                "homeland".into(),
                " in ".into()
            ),
        ]
    );
    // Kazakh "отан": not inside "отанға"; the second is at the start of ¶2, after a line
    // break shown as a space: Біз(0..3) тарихи(4..10) отанға(11..17) қайттық(18..25).
    // Тарихи(27..33) отан(34..38) — Қазақстан(41..50). \n\n Отан(53..57).
    let kk = lines(&f, "отан", 3);
    assert_eq!(kk.len(), 2);
    assert_eq!(
        (kk[0].1, kk[0].2.as_str(), kk[0].4.as_str()),
        (TextRange::new(34, 38), "хи ", " — ")
    );
    assert_eq!(
        (kk[1].1, kk[1].2.as_str(), kk[1].3.as_str()),
        (TextRange::new(53, 57), ".  ", "Отан")
    );
    // Russian: case folded, whole words only.
    let ru = lines(&f, "РОДИНУ", 5);
    assert_eq!(
        ru.iter().map(|l| (l.1, l.3.as_str())).collect::<Vec<_>>(),
        [
            (TextRange::new(40, 46), "родину"),
            (TextRange::new(56, 62), "Родину")
        ]
    );
    // Chinese: 故乡 at 7..9 and 12..14.
    let zh = lines(&f, "故乡", 2);
    assert_eq!(
        zh,
        [
            (
                "zh".into(),
                TextRange::new(7, 9),
                "历史".into(),
                "故乡".into(),
                "。历".into()
            ),
            (
                "zh".into(),
                TextRange::new(12, 14),
                "历史".into(),
                "故乡".into(),
                "是我".into()
            ),
        ]
    );
    // Several words in a row.
    let phrase = lines(&f, "тарихи отан", 0);
    assert_eq!(phrase.len(), 1);
    assert_eq!(phrase[0].1, TextRange::new(27, 38));
}
