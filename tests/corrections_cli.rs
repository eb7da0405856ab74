//! The correction commands of the `tamga` binary end to end: `correct`, `reimport`,
//! `pseudonymise`, `pseudonyms`, `unplaced`, `place`, `discard`, `corrections`.

mod common;

use common::{Env, s};

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corrections")
        .join(name)
}

#[test]
fn reimport_previews_then_carries_codings_and_keeps_the_unplaced() {
    let env = Env::new();
    let project = env.path("p.tamga");
    env.ok(&["new", s(&project)]);
    let original = env.path("transcript.docx");
    std::fs::copy(fixture("transcript.docx"), &original).expect("copy");
    let corrected = env.path("transcript v2.docx");
    std::fs::copy(fixture("transcript-corrected.docx"), &corrected).expect("copy");
    env.ok(&["import", s(&project), s(&original)]);
    for quote in [
        "We came bakc in 1992",
        "We felt like strangers.",
        "Балалар мектепте қазақ тілін тез үйренді.",
    ] {
        env.ok(&[
            "code",
            s(&project),
            "--document",
            "transcript",
            "--code",
            "return",
            "--quote",
            quote,
        ]);
    }
    let before = env.json(&["segments", s(&project), "--json"]);

    let preview = env.json(&[
        "reimport",
        s(&project),
        "--document",
        "transcript",
        s(&corrected),
        "--dry-run",
        "--json",
    ]);
    assert_eq!(preview["applied"], false);
    assert_eq!(preview["exact"], 1);
    assert_eq!(preview["changed"], 1);
    assert_eq!(preview["relocated"], 0);
    assert_eq!(preview["unplaced"], 1);
    assert_eq!(preview["codings"][0]["new_text"], "We came back in 1992");
    assert_eq!(preview["codings"][0]["outcome"], "changed");
    assert_eq!(
        env.json(&["segments", s(&project), "--json"]),
        before,
        "a dry run changes nothing"
    );

    let out = env.ok(&[
        "reimport",
        s(&project),
        "--document",
        "transcript",
        s(&corrected),
    ]);
    assert!(
        out.contains("unplaced") && out.contains("Балалар"),
        "the summary names the unplaced coding: {out}"
    );
    let segments = env.json(&["segments", s(&project), "--json"]);
    let texts: Vec<&str> = segments
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["text"].as_str().expect("text"))
        .collect();
    assert_eq!(texts, ["We came back in 1992", "We felt like strangers."]);

    let unplaced = env.json(&["unplaced", s(&project), "--json"]);
    let unplaced = unplaced.as_array().expect("array");
    assert_eq!(unplaced.len(), 1);
    assert_eq!(
        unplaced[0]["text"],
        "Балалар мектепте қазақ тілін тез үйренді."
    );
    assert_eq!(unplaced[0]["code"], "return");
    assert_eq!(
        unplaced[0]["reason"],
        "its words are not in the corrected version"
    );

    let log = env.json(&["corrections", s(&project), "--json"]);
    assert_eq!(log[0]["kind"], "reimport");
    assert_eq!(log[0]["previous_file"], "transcript.docx");
    assert_eq!(log[0]["coder"], "Aigerim");

    let id = unplaced[0]["id"].as_i64().expect("id").to_string();
    let out = env.ok(&[
        "place",
        s(&project),
        &id,
        "--quote",
        "I remember the first winter very well",
    ]);
    assert!(
        out.contains("I remember the first winter very well"),
        "{out}"
    );
    assert_eq!(
        env.json(&["unplaced", s(&project), "--json"])
            .as_array()
            .expect("array")
            .len(),
        0
    );
    let again = env.fails(&["discard", s(&project), &id]);
    assert!(again.contains("no unplaced coding with id"), "{again}");
}

#[test]
fn pseudonymise_lists_counts_then_replaces_and_keeps_the_list() {
    let env = Env::new();
    let project = env.path("p.tamga");
    env.ok(&["new", s(&project)]);
    let kazakh = env.path("kazakh.txt");
    std::fs::write(
        &kazakh,
        "Айгерім келді. Айгерімнің әкесі мұғалім. Айгерімге хат. Анарбек те бар.",
    )
    .expect("write");
    let russian = env.path("russian.txt");
    std::fs::write(
        &russian,
        "Мы видели Анару и говорили с Анарой. Анарбек молчал.",
    )
    .expect("write");
    env.ok(&["import", s(&project), s(&kazakh), s(&russian)]);

    let preview = env.json(&[
        "pseudonymise",
        s(&project),
        "--name",
        "Айгерім",
        "--as",
        "Дана",
        "--dry-run",
        "--json",
    ]);
    assert_eq!(preview["applied"], false);
    assert_eq!(preview["total"], 3);
    assert_eq!(preview["documents"][0]["name"], "kazakh");
    assert_eq!(preview["documents"][0]["forms"]["Айгерімнің"], 1);

    let out = env.ok(&[
        "pseudonymise",
        s(&project),
        "--name",
        "Анара",
        "--as",
        "Дина",
        "--document",
        "russian",
    ]);
    assert!(out.contains("replaced 2 occurrence(s)"), "{out}");
    env.ok(&[
        "pseudonymise",
        s(&project),
        "--name",
        "Айгерім",
        "--as",
        "Дана",
    ]);
    let docs = env.json(&["documents", s(&project), "--json"]);
    assert_eq!(
        docs[0]["chars"], 62,
        "counted by hand after the replacements"
    );

    let csv = env.ok(&["pseudonyms", s(&project), "--csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "name,pseudonym,added_by,added_at");
    assert!(lines[1].starts_with("Айгерім,Дана,Aigerim,"), "{csv}");
    assert!(lines[2].starts_with("Анара,Дина,Aigerim,"), "{csv}");

    let refused = env.fails(&[
        "pseudonymise",
        s(&project),
        "--name",
        "Айгерім",
        "--as",
        "Бота",
    ]);
    assert!(
        refused.contains("already has the pseudonym “Дана”"),
        "{refused}"
    );
    let log = env.json(&[
        "corrections",
        s(&project),
        "--document",
        "russian",
        "--json",
    ]);
    assert_eq!(log[0]["kind"], "pseudonymise");
    assert_eq!(log[0]["change_count"], 2);
}

#[test]
fn correct_changes_a_passage_and_read_commands_leave_no_trace() {
    let env = Env::new();
    let project = env.path("p.tamga");
    env.ok(&["new", s(&project)]);
    let doc = env.path("note.txt");
    std::fs::write(&doc, "We came bakc in 1992.").expect("write");
    env.ok(&["import", s(&project), s(&doc)]);
    env.ok(&[
        "code",
        s(&project),
        "--document",
        "note",
        "--code",
        "return",
        "--quote",
        "came bakc",
    ]);
    let out = env.ok(&[
        "correct",
        s(&project),
        "--document",
        "note",
        "--quote",
        "bakc",
        "--text",
        "back",
    ]);
    assert_eq!(
        out.trim(),
        "corrected “note”: replaced “bakc” with “back” at character 8"
    );
    let segments = env.json(&["segments", s(&project), "--json"]);
    assert_eq!(segments[0]["text"], "came back");

    let lock = env.path(".p.tamga.lock");
    std::fs::remove_file(&lock).expect("the writers left their lock file");
    for args in [
        vec!["unplaced", s(&project)],
        vec!["pseudonyms", s(&project)],
        vec!["corrections", s(&project)],
    ] {
        env.ok(&args);
    }
    assert!(!lock.exists(), "read commands take no lock");
}
