//! `tamga memo`, `tamga memos`, `tamga codebook` and `tamga codes --history` through the built
//! binary: memos of every kind written and listed with what they are on and who wrote them;
//! codebook changes with their reasons, listed as the codebook's history.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers fail loudly; that is their job"
)]

mod common;

use common::{Env, s};
use serde_json::Value;

const INTERVIEW: &str = "Біз Моңғолиядан келдік.\n\nWe are citizens, but they call us Chinese.\n\nAt school the teachers spoke Russian to us.\n";

fn project(env: &Env) -> std::path::PathBuf {
    let project = env.path("field.tamga");
    env.ok(&["new", s(&project), "--name", "Fieldwork"]);
    let file = env.path("interview 3.txt");
    std::fs::write(&file, INTERVIEW).unwrap();
    env.ok(&["import", s(&project), s(&file)]);
    for (code, quote) in [
        ("Belonging/privileged exclusion", "We are citizens"),
        ("Belonging/privileged exclusion", "At school"),
        ("second-class citizens", "they call us Chinese"),
    ] {
        env.ok(&[
            "code",
            s(&project),
            "--document",
            "interview 3",
            "--code",
            code,
            "--quote",
            quote,
        ]);
    }
    project
}

fn excerpt_id(env: &Env, project: &std::path::Path, text: &str) -> String {
    let segments = env.json(&["segments", s(project), "--json"]);
    segments
        .as_array()
        .unwrap()
        .iter()
        .find(|seg| seg["text"] == text)
        .unwrap()["excerpt_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn memos_of_every_kind_are_written_and_listed_with_what_they_are_on() {
    let env = Env::new();
    let project = project(&env);
    let p = s(&project);
    env.ok(&["memo", p, "--journal", "Week 1", "--text", "Arrived."]);
    env.ok(&[
        "memo",
        p,
        "--journal",
        "Week 2",
        "--text",
        "The word *oralman*.",
    ]);
    env.ok(&[
        "memo",
        p,
        "--document",
        "interview 3",
        "--text",
        "A teacher, 34.",
    ]);
    env.ok(&[
        "memo",
        p,
        "--document",
        "interview 3",
        "--text",
        "Recorded in her kitchen.",
        "--append",
    ]);
    env.ok(&[
        "memo",
        p,
        "--code",
        "Belonging/privileged exclusion",
        "--field",
        "when-to-use",
        "--text",
        "Rights by law, exclusion in daily life.",
    ]);
    let citizens = excerpt_id(&env, &project, "We are citizens");
    let said = env.ok(&[
        "memo",
        p,
        "--coding",
        &citizens[..6],
        "--text",
        "Key passage.",
    ]);
    assert!(
        said.contains(&citizens) && said.contains("We are citizens"),
        "{said}"
    );

    let all = env.json(&["memos", p, "--json"]);
    let all = all.as_array().unwrap();
    let row = |kind: &str, i: usize| -> &Value {
        all.iter().filter(|m| m["kind"] == kind).nth(i).unwrap()
    };
    assert_eq!(all.len(), 5);
    // Newest journal entry first.
    assert_eq!(row("journal", 0)["title"], "Week 2");
    assert_eq!(row("journal", 1)["title"], "Week 1");
    assert_eq!(row("journal", 0)["author"], "Aigerim");
    let doc = row("document", 0);
    assert_eq!(doc["text"], "A teacher, 34.\n\nRecorded in her kitchen.");
    assert_eq!(doc["document"], "interview 3");
    assert_eq!(doc["attached_to"], "document “interview 3”");
    let card = row("code", 0);
    assert_eq!(card["source"], "card");
    assert_eq!(card["code"], "Belonging/privileged exclusion");
    assert_eq!(
        card["card"]["when_to_use"],
        "Rights by law, exclusion in daily life."
    );
    let coding = row("coding", 0);
    assert_eq!(coding["text"], "Key passage.");
    assert_eq!(coding["excerpt_id"], citizens.as_str());
    assert_eq!(coding["document"], "interview 3");
    assert_eq!(coding["code"], "Belonging/privileged exclusion");
    // Offsets count characters: "Біз Моңғолиядан келдік.\n\n" is 25 of them.
    assert_eq!(
        (coding["start"].as_u64(), coding["end"].as_u64()),
        (Some(25), Some(40))
    );
    assert_eq!(coding["modified_by"], "Aigerim");

    let journal = env.json(&["memos", p, "--kind", "journal", "--json"]);
    assert_eq!(journal.as_array().unwrap().len(), 2);
    let on_code = env.json(&[
        "memos",
        p,
        "--code",
        "Belonging/privileged exclusion",
        "--json",
    ]);
    assert_eq!(
        on_code.as_array().unwrap().len(),
        2,
        "the card and the coding memo"
    );
    let text = env.ok(&["memos", p, "--containing", "ORALMAN"]);
    assert!(
        text.contains("Week 2") && !text.contains("Week 1"),
        "{text}"
    );

    let err = env.fails(&["memo", p, "--coding", "T-ZZZZZZZZ", "--text", "x"]);
    assert!(err.contains("no excerpt “T-ZZZZZZZZ”"), "{err}");
    let err = env.fails(&["memo", p, "--document", "nobody", "--text", "x"]);
    assert!(err.contains("no document named “nobody”"), "{err}");
}

#[test]
fn codebook_changes_keep_their_reasons_in_the_history() {
    let env = Env::new();
    let project = project(&env);
    let p = s(&project);
    let empty = env.ok(&["codes", p, "--history"]);
    assert!(empty.contains("no history yet"), "{empty}");
    env.ok(&[
        "codebook",
        p,
        "--rename",
        "second-class citizens",
        "--to",
        "second class",
        "--reason",
        "the participants' word",
    ]);
    env.ok(&[
        "codebook",
        p,
        "--move",
        "second class",
        "--under",
        "Belonging",
    ]);
    env.ok(&[
        "codebook",
        p,
        "--merge",
        "Belonging/second class",
        "--into",
        "Belonging/privileged exclusion",
        "--reason",
        "one experience, two names",
    ]);
    let school = excerpt_id(&env, &project, "At school");
    env.ok(&[
        "codebook",
        p,
        "--split",
        "Belonging/privileged exclusion",
        "--to",
        "schooling",
        "--coding",
        &school,
    ]);
    let history = env.json(&["codes", p, "--history", "--json"]);
    let rows: Vec<(String, String, String, i64, String, String)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap().to_owned(),
                c["before"].as_str().unwrap().to_owned(),
                c["after"].as_str().unwrap().to_owned(),
                c["codings"].as_i64().unwrap(),
                c["reason"].as_str().unwrap().to_owned(),
                c["coder"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let row = |k: &str, b: &str, a: &str, n: i64, r: &str| {
        (
            k.to_owned(),
            b.to_owned(),
            a.to_owned(),
            n,
            r.to_owned(),
            "Aigerim".to_owned(),
        )
    };
    assert_eq!(
        rows,
        [
            row(
                "rename",
                "second-class citizens",
                "second class",
                0,
                "the participants' word"
            ),
            row("move", "second class", "Belonging/second class", 0, ""),
            row(
                "merge",
                "Belonging/second class",
                "Belonging/privileged exclusion",
                1,
                "one experience, two names"
            ),
            row(
                "split",
                "Belonging/privileged exclusion",
                "Belonging/schooling",
                1,
                ""
            ),
        ]
    );
    // The merged-away code is gone, so its path now is null; the survivor's is given.
    let merge = &history[2];
    assert_eq!(merge["code"], "Belonging/privileged exclusion");
    assert_eq!(merge["other"], Value::Null);
    assert_eq!(history[3]["other"], "Belonging/schooling");
    let text = env.ok(&["codes", p, "--history"]);
    assert!(
        text.contains(
            "merged “Belonging/second class” into “Belonging/privileged exclusion” (1 coding)"
        ) && text.contains("    why: one experience, two names"),
        "{text}"
    );
    // The codings went where the history says.
    let codes = env.json(&["codes", p, "--json"]);
    let count = |path: &str| {
        codes
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["path"] == path)
            .unwrap()["count"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(count("Belonging/privileged exclusion"), 2);
    assert_eq!(count("Belonging/schooling"), 1);

    let err = env.fails(&[
        "codebook",
        p,
        "--merge",
        "Belonging",
        "--into",
        "Belonging/schooling",
    ]);
    assert!(err.contains("its own subcode"), "{err}");
}
