//! The `tamga` binary end to end, on temporary projects: what a script or a researcher at a
//! terminal sees, including refusals and a `kill -9` in the middle of coding.

use std::process::Stdio;
use std::time::Duration;

use tamga::store::Store;

mod common;

use common::{Env, s};

const BEFORE: &str = "“Curly” — Қазақ тілі, русский язык, 中文 🙂🙂 ";

#[test]
fn new_import_code_and_list_through_the_cli() {
    let env = Env::new();
    let project = env.path("field.tamga");
    env.ok(&["new", s(&project), "--name", "Fieldwork"]);
    let info = env.json(&["info", s(&project), "--json"]);
    assert_eq!(info["name"], "Fieldwork");
    assert_eq!(info["documents"], 0);
    assert_eq!(info["schema_version"], tamga::store::SCHEMA_VERSION);

    let interview = env.path("interview 1.txt");
    let text = format!("{BEFORE}the passage “we came back” here.\r\nSecond line.\r\n");
    std::fs::write(&interview, &text).unwrap();
    let russian = env.path("russian.txt");
    let ru = "Мы приехали в Казахстан, и нам сказали, что мы плохо говорим по-русски. Это было обидно и странно для всей нашей семьи.";
    std::fs::write(&russian, encoding_rs::WINDOWS_1251.encode(ru).0).unwrap();
    let binary = env.path("photo.txt");
    std::fs::write(
        &binary,
        [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0],
    )
    .unwrap();

    // One broken file does not stop the others; the exit status says something failed.
    let out = env.run(&[
        "import",
        s(&project),
        s(&interview),
        s(&binary),
        s(&russian),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stdout.contains("imported “interview 1”"), "{stdout}");
    assert!(stdout.contains("imported “russian”"), "{stdout}");
    assert!(
        stderr.contains("binary") && stderr.contains("photo.txt"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));

    // Importing the same file again is a duplicate, not a second document.
    let again = env.ok(&["import", s(&project), s(&interview)]);
    assert!(again.contains("already in the project"), "{again}");

    let docs = env.json(&["documents", s(&project), "--json"]);
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len(), 2);
    let stored = tamga::text::normalize_line_endings(&text);
    assert_eq!(docs[0]["name"], "interview 1");
    assert_eq!(docs[0]["chars"], stored.chars().count());
    assert_eq!(docs[0]["encoding"], "UTF-8");
    assert_eq!(docs[1]["encoding"], "windows-1251");

    // Code by quote, creating the codes along the path.
    let out = env.ok(&[
        "code",
        s(&project),
        "--document",
        "interview 1",
        "--code",
        "Migration motives/historical homeland",
        "--quote",
        "“we came back”",
        "--memo",
        "return as homecoming",
    ]);
    assert!(out.contains("coded"), "{out}");
    // Code by offsets: "русский" in the Russian-free first document.
    let start = stored.chars().position(|c| c == 'р').unwrap();
    env.ok(&[
        "code",
        s(&project),
        "--document",
        "interview 1",
        "--code",
        "Language/Russian",
        "--start",
        &start.to_string(),
        "--end",
        &(start + 7).to_string(),
    ]);

    let codes = env.json(&["codes", s(&project), "--json"]);
    let paths: Vec<&str> = codes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "Migration motives",
            "Migration motives/historical homeland",
            "Language",
            "Language/Russian"
        ]
    );
    assert_eq!(codes[0]["count"], 0);
    assert_eq!(codes[0]["total"], 1);
    assert!(codes[1]["color"].as_str().unwrap().starts_with('#'));

    // Segment text is exactly the stored text between start and end.
    let segments = env.json(&["segments", s(&project), "--json"]);
    let segments = segments.as_array().unwrap();
    assert_eq!(segments.len(), 2);
    let chars: Vec<char> = stored.chars().collect();
    for seg in segments {
        let (a, b) = (
            seg["start"].as_u64().unwrap() as usize,
            seg["end"].as_u64().unwrap() as usize,
        );
        let expected: String = chars[a..b].iter().collect();
        assert_eq!(seg["text"], expected.as_str());
        assert_eq!(seg["document"], "interview 1");
        assert_eq!(seg["coder"], "Aigerim");
        for key in ["id", "code", "memo", "created"] {
            assert!(seg.get(key).is_some(), "missing {key}");
        }
    }
    assert_eq!(segments[0]["text"], "русский");
    assert_eq!(segments[1]["text"], "“we came back”");
    assert_eq!(segments[1]["memo"], "return as homecoming");
    assert_eq!(
        segments[1]["start"].as_u64().unwrap() as usize,
        stored.chars().count()
            - " here.\nSecond line.\n".chars().count()
            - "“we came back”".chars().count()
    );

    // Filters.
    let only = env.json(&[
        "segments",
        s(&project),
        "--code",
        "Language/Russian",
        "--json",
    ]);
    assert_eq!(only.as_array().unwrap().len(), 1);
    let none = env.json(&["segments", s(&project), "--document", "russian", "--json"]);
    assert!(none.as_array().unwrap().is_empty());
}

#[test]
fn user_mistakes_get_one_clear_line_and_no_panic() {
    let env = Env::new();
    let project = env.path("p.tamga");
    env.ok(&["new", s(&project)]);

    let err = env.fails(&["info", s(&env.path("missing.tamga"))]);
    assert!(
        err.contains("no project file there") && err.contains("missing.tamga"),
        "{err}"
    );

    let err = env.fails(&["new", s(&project)]);
    assert!(err.contains("already exists"), "{err}");

    let err = env.fails(&[
        "code",
        s(&project),
        "--document",
        "nope",
        "--code",
        "A",
        "--quote",
        "x",
    ]);
    assert!(err.contains("no document named “nope”"), "{err}");

    let doc = env.path("d.txt");
    std::fs::write(&doc, "Short text about тарихи отан.").unwrap();
    env.ok(&["import", s(&project), s(&doc)]);
    let err = env.fails(&[
        "code",
        s(&project),
        "--document",
        "d",
        "--code",
        "A",
        "--quote",
        "absent words",
    ]);
    assert!(err.contains("does not occur"), "{err}");
    let err = env.fails(&[
        "code",
        s(&project),
        "--document",
        "d",
        "--code",
        "A",
        "--start",
        "5",
        "--end",
        "500",
    ]);
    assert!(err.contains("not inside the document"), "{err}");

    let random = env.path("random.tamga");
    std::fs::write(&random, vec![7u8; 5000]).unwrap();
    let err = env.fails(&["info", s(&random)]);
    assert!(
        err.contains("not a Tamga project") && err.contains("random.tamga"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1);

    let unsupported = env.path("scan.tiff");
    std::fs::write(&unsupported, b"II*\0").unwrap();
    let out = env.run(&["import", s(&project), s(&unsupported)]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("unsupported file type") && stderr.contains("scan.tiff"),
        "{stderr}"
    );
}

#[test]
fn a_project_open_in_another_process_is_refused_with_a_clear_message() {
    let env = Env::new();
    let project = env.path("p.tamga");
    env.ok(&["new", s(&project)]);
    let held = Store::open(&project).unwrap();
    let err = env.fails(&["info", s(&project)]);
    assert!(
        err.contains("already open") && err.contains("p.tamga"),
        "{err}"
    );
    drop(held);
    env.ok(&["info", s(&project)]);
}

#[test]
fn the_sample_project_has_the_promised_contents() {
    let env = Env::new();
    let out = env.path("sample.tamga");
    env.ok(&["sample", s(&out)]);
    let info = env.json(&["info", s(&out), "--json"]);
    assert_eq!(info["documents"], 2);
    assert!(info["codes"].as_i64().unwrap() >= 15);
    assert!(info["codings"].as_i64().unwrap() >= 40);
    let codes = env.json(&["codes", s(&out), "--json"]);
    let codes = codes.as_array().unwrap();
    let top: Vec<_> = codes
        .iter()
        .filter(|c| !c["path"].as_str().unwrap().contains('/'))
        .collect();
    assert!(top.len() >= 3);
    assert!(
        codes
            .iter()
            .all(|c| !c["description"].as_str().unwrap().is_empty())
    );
    // Every sample coding quotes its document exactly.
    let store = Store::open(&out).unwrap();
    for c in store.all_codings().unwrap() {
        let doc = store.document(c.document).unwrap();
        assert_eq!(
            tamga::text::slice_chars(&doc.text, c.range),
            Some(c.text.as_str())
        );
    }
    drop(store);
    // It never overwrites.
    let err = env.fails(&["sample", s(&out)]);
    assert!(err.contains("already exists"), "{err}");
}

#[test]
fn broken_pipes_end_quietly() {
    let env = Env::new();
    let out = env.path("sample.tamga");
    env.ok(&["sample", s(&out)]);
    let mut child = env
        .command(&["segments", s(&out)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(output.status.success());
}

#[test]
fn kill_9_during_coding_loses_nothing_that_was_reported() {
    let env = Env::new();
    let project = env.path("p.tamga");
    env.ok(&["new", s(&project)]);
    let doc = env.path("long.txt");
    let text = "Қазақстан — тарихи отан. ".repeat(400);
    std::fs::write(&doc, &text).unwrap();
    env.ok(&["import", s(&project), s(&doc)]);

    let mut reported = Vec::new();
    // Kill at delays spread over the life of a `tamga code` process (a few ms to ~60 ms).
    for i in 0..48u64 {
        let start = (i * 37) % 9000;
        let mut child = env
            .command(&[
                "code",
                s(&project),
                "--document",
                "long",
                "--code",
                &format!("Group {}/code {}", i % 3, i % 5),
                "--start",
                &start.to_string(),
                "--end",
                &(start + 10).to_string(),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros((i * 7919) % 60_000));
        let _ = child.kill(); // SIGKILL on Unix
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        if out.status.success() && stdout.contains("coded") {
            reported.push(start);
        }
    }
    // The project opens (rolling back any hot journal), is sound, and holds every reported coding.
    let store = Store::open(&project).unwrap();
    store.integrity_check().unwrap();
    let codings = store.all_codings().unwrap();
    for start in &reported {
        assert!(
            codings.iter().any(|c| c.range.start == *start as usize),
            "coding at {start} was reported but is missing"
        );
    }
    drop(store);
    // The project still works after all that.
    env.ok(&[
        "code",
        s(&project),
        "--document",
        "long",
        "--code",
        "after",
        "--start",
        "0",
        "--end",
        "9",
    ]);
    eprintln!(
        "{} of 48 killed processes had reported success",
        reported.len()
    );
}
