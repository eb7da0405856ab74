//! `tamga search`, `tamga autocode` and `tamga suggest` end to end: the JSON a script reads,
//! memo hits naming their memo, a dry run that changes nothing, one undoable autocode, and
//! gentle errors for malformed queries.

mod common;

use common::{Env, s};

/// Offsets counted with Python's `str.index` on this text.
const INTERVIEW: &str = "Біз Алматыға көштік. The school taught in Russian.\n\nOur children learned Russian at school. 我们是伊犁的牧民。\n\nThe pasture was far from the city.";

fn project_with_interview(env: &Env) -> std::path::PathBuf {
    let project = env.path("p.tamga");
    env.ok(&["new", s(&project)]);
    let doc = env.path("interview.txt");
    std::fs::write(&doc, INTERVIEW).unwrap_or_else(|e| panic!("cannot write the interview: {e}"));
    env.ok(&["import", s(&project), s(&doc)]);
    project
}

#[test]
fn search_prints_every_hit_with_its_context_as_json() {
    let env = Env::new();
    let project = project_with_interview(&env);
    let hits = env.json(&["search", s(&project), "russian", "--json", "--context", "8"]);
    let hits = hits.as_array().expect("array");
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0]["document"], "interview");
    assert!(hits[0]["memo"].is_null());
    assert_eq!(
        (hits[0]["start"].as_u64(), hits[0]["end"].as_u64()),
        (Some(42), Some(49))
    );
    assert_eq!(hits[0]["text"], "Russian");
    assert_eq!(hits[0]["before"], "ught in ");
    assert_eq!(hits[0]["after"], ".\n\nOur c");
    assert_eq!(hits[1]["start"], 73);
    // Kazakh in any case, Chinese words of two characters.
    assert_eq!(
        env.json(&["search", s(&project), "АЛМАТЫҒА", "--json"])[0]["start"],
        4
    );
    let chinese = env.json(&["search", s(&project), "牧民", "--json"]);
    assert_eq!(chinese[0]["start"], 98);
    assert_eq!(chinese[0]["text"], "牧民");
    // Text output groups by document with counts.
    let text = env.ok(&["search", s(&project), "school OR pasture"]);
    assert!(text.starts_with("interview — 3 hits\n"), "{text}");
    assert!(text.contains("[school]"), "{text}");
    assert!(
        text.trim_end()
            .ends_with("3 hits in 1 document and 0 memos"),
        "{text}"
    );
    // No hits is not an error.
    assert!(
        env.ok(&["search", s(&project), "university"])
            .contains("no hits")
    );
    assert_eq!(
        env.json(&["search", s(&project), "university", "--json"]),
        serde_json::json!([])
    );
}

#[test]
fn memo_hits_name_the_memo_and_what_it_is_attached_to() {
    let env = Env::new();
    let project = project_with_interview(&env);
    env.ok(&[
        "code",
        s(&project),
        "--document",
        "interview",
        "--code",
        "Language/school",
        "--quote",
        "The school taught in Russian.",
        "--memo",
        "school language policy",
    ]);
    let memos = env.json(&["search", s(&project), "school", "--in", "memos", "--json"]);
    let memos = memos.as_array().expect("array");
    assert_eq!(memos.len(), 1);
    assert!(memos[0]["document"].is_null());
    assert_eq!(memos[0]["memo"]["kind"], "coding");
    assert_eq!(memos[0]["memo"]["field"], "body");
    assert_eq!(
        memos[0]["memo"]["attached_to"],
        "a ‘Language/school’ coding in ‘interview’ (characters 21..50)"
    );
    assert_eq!(memos[0]["text"], "school");
    let all = env.json(&["search", s(&project), "school", "--json"]);
    assert_eq!(all.as_array().map(Vec::len), Some(3));
    let documents = env.json(&[
        "search",
        s(&project),
        "school",
        "--in",
        "documents",
        "--json",
    ]);
    assert_eq!(documents.as_array().map(Vec::len), Some(2));
}

#[test]
fn a_codes_definition_card_is_searched_as_a_code_memo() {
    let env = Env::new();
    let project = project_with_interview(&env);
    env.ok(&[
        "code",
        s(&project),
        "--document",
        "interview",
        "--code",
        "Language/school",
        "--quote",
        "The school taught in Russian.",
    ]);
    env.ok(&[
        "memo",
        s(&project),
        "--code",
        "Language/school",
        "--field",
        "when-to-use",
        "--text",
        "Talk of the language lessons were given in.",
    ]);
    let hits = env.json(&["search", s(&project), "lessons", "--in", "memos", "--json"]);
    let hits = hits.as_array().expect("array");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert!(hits[0]["document"].is_null());
    assert_eq!(hits[0]["memo"]["kind"], "code");
    assert!(hits[0]["memo"]["id"].is_null());
    assert!(hits[0]["memo"]["code"].is_i64());
    assert_eq!(hits[0]["memo"]["title"], "Language/school");
    assert_eq!(
        hits[0]["memo"]["attached_to"],
        "code ‘Language/school’ (its definition)"
    );
    // Offsets count into the card's text: "When to use: " comes first.
    let prefix = "When to use: Talk of the language ".chars().count();
    assert_eq!(hits[0]["start"], prefix);
    assert_eq!(hits[0]["end"], prefix + "lessons".len());
    assert_eq!(hits[0]["text"], "lessons");
    // Not among the documents' hits.
    let documents = env.json(&[
        "search",
        s(&project),
        "lessons",
        "--in",
        "documents",
        "--json",
    ]);
    assert_eq!(documents, serde_json::json!([]));
}

#[test]
fn malformed_queries_fail_with_one_gentle_line() {
    let env = Env::new();
    let project = project_with_interview(&env);
    let quote = env.fails(&["search", s(&project), "\"tarihi otan"]);
    assert!(quote.contains("never closed"), "{quote}");
    let op = env.fails(&["search", s(&project), "school OR"]);
    assert!(op.contains("OR at character 8"), "{op}");
    let regex = env.fails(&["search", s(&project), "(school", "--regex"]);
    assert!(regex.contains("not a valid regular expression"), "{regex}");
    let auto = env.fails(&["autocode", s(&project), "AND", "--code", "x"]);
    assert!(auto.contains("AND at character 1"), "{auto}");
}

#[test]
fn autocode_dry_run_changes_nothing_and_the_real_run_codes_each_sentence_once() {
    let env = Env::new();
    let project = project_with_interview(&env);
    let before = std::fs::read(&project).expect("read");
    let dry = env.ok(&[
        "autocode",
        s(&project),
        "Russian OR school",
        "--code",
        "Language/school",
        "--scope",
        "sentence",
        "--dry-run",
    ]);
    assert!(dry.contains("The school taught in Russian."), "{dry}");
    assert!(
        dry.contains("Our children learned Russian at school."),
        "{dry}"
    );
    assert!(
        dry.trim_end().ends_with(
            "would code 2 passages with “Language/school” (4 hits in documents); nothing changed"
        ),
        "{dry}"
    );
    let codes = env.json(&["codes", s(&project), "--json"]);
    assert_eq!(codes, serde_json::json!([]), "a dry run creates no code");
    assert_eq!(std::fs::read(&project).expect("read").len(), before.len());

    let done = env.ok(&[
        "autocode",
        s(&project),
        "Russian OR school",
        "--code",
        "Language/school",
        "--scope",
        "sentence",
    ]);
    assert!(done.contains("coded 2 passages"), "{done}");
    let segments = env.json(&["segments", s(&project), "--json"]);
    let texts: Vec<&str> = segments
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|c| c["text"].as_str())
        .collect();
    assert_eq!(
        texts,
        [
            "The school taught in Russian.",
            "Our children learned Russian at school."
        ]
    );
    // Again: everything is coded already.
    let again = env.ok(&[
        "autocode",
        s(&project),
        "Russian",
        "--code",
        "Language/school",
        "--scope",
        "sentence",
    ]);
    assert!(
        again.contains(
            "nothing to code: 2 hits in documents; 2 passages already coded with it, skipped"
        ),
        "{again}"
    );
}

#[test]
fn suggest_lists_uncoded_passages_with_their_reasons() {
    let env = Env::new();
    let project = env.path("p.tamga");
    env.ok(&["new", s(&project)]);
    let doc = env.path("talk.txt");
    std::fs::write(
        &doc,
        "At school the teacher spoke Russian to the children.\n\nWe kept sheep on the summer pasture.\n\nThe teacher at the new school speaks Russian and Kazakh to the children.\n\nThe visa papers took three months.",
    )
    .expect("write");
    env.ok(&["import", s(&project), s(&doc)]);
    env.ok(&[
        "code",
        s(&project),
        "--document",
        "talk",
        "--code",
        "School language",
        "--quote",
        "At school the teacher spoke Russian to the children.",
    ]);
    let suggestions = env.json(&[
        "suggest",
        s(&project),
        "--code",
        "School language",
        "--limit",
        "1",
        "--json",
    ]);
    let first = &suggestions[0];
    assert_eq!(suggestions.as_array().map(Vec::len), Some(1));
    assert_eq!(first["document"], "talk");
    assert_eq!(
        first["text"],
        "The teacher at the new school speaks Russian and Kazakh to the children."
    );
    assert_eq!(first["start"], 92);
    let words: Vec<&str> = first["words"]
        .as_array()
        .expect("words")
        .iter()
        .filter_map(|w| w.as_str())
        .collect();
    for w in ["school", "teacher", "Russian"] {
        assert!(words.contains(&w), "{words:?}");
    }
    assert!(first["score"].as_f64().is_some_and(|s| s > 0.0));
    let text = env.ok(&["suggest", s(&project), "--code", "School language"]);
    assert!(text.starts_with("1. talk [92..164]"), "{text}");
    let unknown = env.fails(&["suggest", s(&project), "--code", "Nope"]);
    assert!(unknown.contains("no code “Nope”"), "{unknown}");
}
