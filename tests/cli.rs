//! The `tamga` binary end to end, on temporary projects: what a script or a researcher at a
//! terminal sees, including refusals and a `kill -9` in the middle of coding.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail loudly; that is their job"
)]

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
fn a_project_open_for_writing_elsewhere_can_be_read_but_not_changed() {
    let env = Env::new();
    let project = env.path("p.tamga");
    env.ok(&["sample", s(&project)]);
    // This test process holds the project open for writing, as the window does.
    let held = Store::open(&project).unwrap();
    let bytes = std::fs::read(&project).unwrap();
    let segments = env.json(&["segments", s(&project), "--json"]);
    assert!(segments.as_array().unwrap().len() >= 40);
    let out = env.path("excerpts.csv");
    env.ok(&["export", s(&project), "--out", s(&out)]);
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("own modernity")
    );
    assert_eq!(std::fs::read(&project).unwrap(), bytes);
    // A writer is refused while the window has it.
    let err = env.fails(&[
        "code",
        s(&project),
        "--document",
        "x",
        "--code",
        "y",
        "--start",
        "0",
        "--end",
        "1",
    ]);
    assert!(
        err.contains("already open") && err.contains("p.tamga"),
        "{err}"
    );
    drop(held);
}

/// Every subcommand that only reads, with its arguments after the project.
fn read_only_commands(out_dir: &std::path::Path) -> Vec<Vec<String>> {
    let o = |name: &str| s(&out_dir.join(name)).to_owned();
    let v = |a: &[&str]| a.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
    let id = "T-";
    vec![
        v(&["info"]),
        v(&["info", "--json"]),
        v(&["documents", "--json"]),
        v(&["codes", "--json"]),
        v(&["segments", "--json"]),
        v(&["segments", "--code", "Belonging"]),
        vec!["export".into(), "--out".into(), o("x.csv")],
        vec!["export".into(), "--out".into(), o("x.docx")],
        vec![
            "export".into(),
            "--codebook".into(),
            "--out".into(),
            o("c.md"),
        ],
        vec!["show".into(), id.into()],
        v(&["memos", "--json"]),
        v(&["memos", "--kind", "coding"]),
        v(&["codes", "--history", "--json"]),
        vec!["export".into(), "--memos".into(), "--out".into(), o("m.md")],
    ]
}

/// Runs `tamga` as an unprivileged user when the tests run as root (as CI does), so that file
/// permissions bite.
fn unprivileged(env: &Env, args: &[String]) -> std::process::Output {
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let mut cmd = if root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(env!("CARGO_BIN_EXE_tamga"));
        c
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_tamga"))
    };
    cmd.args(args)
        .env("TAMGA_CONFIG_DIR", env.path("config"))
        .env("TAMGA_DATA_DIR", env.path("data"))
        .output()
        .expect("tamga runs")
}

#[test]
fn read_only_commands_leave_the_project_untouched_even_where_nothing_can_be_written() {
    use std::os::unix::fs::PermissionsExt as _;
    let env = Env::new();
    let folder = env.path("readonly");
    let outputs = env.path("outputs");
    std::fs::create_dir(&folder).unwrap();
    std::fs::create_dir(&outputs).unwrap();
    let project = folder.join("sample.tamga");
    env.ok(&["sample", s(&project)]);
    // The first excerpt id, to `show` it.
    let first = env.json(&["segments", s(&project), "--json"])[0]["excerpt_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let lock = folder.join(".sample.tamga.lock");
    let _ = std::fs::remove_file(&lock);
    // Nobody may write the file or create anything beside it; outputs go elsewhere.
    std::fs::set_permissions(&project, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    std::fs::set_permissions(&outputs, std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::set_permissions(env.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let bytes = std::fs::read(&project).unwrap();
    let mtime = std::fs::metadata(&project).unwrap().modified().unwrap();
    for mut args in read_only_commands(&outputs) {
        if args[0] == "show" {
            args[1].clone_from(&first);
        }
        args.insert(1, s(&project).to_owned());
        let out = unprivileged(&env, &args);
        assert!(
            out.status.success(),
            "tamga {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            std::fs::read(&project).unwrap(),
            bytes,
            "{args:?} changed the file"
        );
        assert_eq!(
            std::fs::metadata(&project).unwrap().modified().unwrap(),
            mtime,
            "{args:?} touched the file"
        );
        assert!(!lock.exists(), "{args:?} made a lock file");
        let left: Vec<_> = std::fs::read_dir(&folder).unwrap().collect();
        assert_eq!(left.len(), 1, "{args:?} left files beside the project");
    }
    // The reader's name (every run here says `--coder Aigerim`) was never added.
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    let coders = Store::open_read_only(&project).unwrap().coders().unwrap();
    assert!(coders.iter().all(|c| c.name != "Aigerim"), "{coders:?}");
}

#[test]
fn a_writable_project_is_not_changed_by_reading_it() {
    let env = Env::new();
    let project = env.path("p.tamga");
    env.ok(&["sample", s(&project)]);
    let first = env.json(&["segments", s(&project), "--json"])[0]["excerpt_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let bytes = std::fs::read(&project).unwrap();
    let mtime = std::fs::metadata(&project).unwrap().modified().unwrap();
    std::thread::sleep(Duration::from_millis(20));
    for mut args in read_only_commands(env.dir.path()) {
        if args[0] == "show" {
            args[1].clone_from(&first);
        }
        args.insert(1, s(&project).to_owned());
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        env.ok(&refs);
        assert_eq!(std::fs::read(&project).unwrap(), bytes, "{args:?}");
        assert_eq!(
            std::fs::metadata(&project).unwrap().modified().unwrap(),
            mtime,
            "{args:?}"
        );
    }
}

#[test]
fn a_project_with_an_added_trigger_view_or_table_is_refused_unchanged_by_every_command() {
    let env = Env::new();
    let clean = env.path("clean.tamga");
    env.ok(&["sample", s(&clean)]);
    let additions = [
        "CREATE TRIGGER wipe AFTER INSERT ON codings BEGIN DELETE FROM memos; UPDATE documents SET name = 'x' || id; END;",
        "CREATE VIEW everything AS SELECT * FROM codings;",
        "CREATE TABLE notes (x);",
        "CREATE INDEX sneaky ON codings (memo);",
    ];
    for (i, sql) in additions.iter().enumerate() {
        let path = env.path(&format!("tampered{i}.tamga"));
        std::fs::copy(&clean, &path).unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(sql).unwrap();
        drop(conn);
        let bytes = std::fs::read(&path).unwrap();
        let p = s(&path);
        for args in [
            vec!["info", p],
            vec!["documents", p],
            vec!["codes", p, "--json"],
            vec!["segments", p],
            vec!["export", p, "--out", "/dev/null", "--format", "csv"],
            vec![
                "code",
                p,
                "--document",
                "a",
                "--code",
                "b",
                "--start",
                "0",
                "--end",
                "2",
            ],
            vec!["import", p, "/dev/null"],
        ] {
            let err = env.fails(&args);
            assert!(
                err.contains("did not make") && err.contains(p),
                "{sql} / {args:?}: {err}"
            );
            assert_eq!(
                std::fs::read(&path).unwrap(),
                bytes,
                "{args:?} changed the file"
            );
        }
    }
}

#[test]
fn an_unknown_command_is_an_error_naming_the_nearest_one() {
    let env = Env::new();
    let out = env.run(&["serch", "x.tamga"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("“serch”"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    let out = env.run(&["infoo"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("tamga info")
    );
}

#[test]
fn the_sample_project_has_the_promised_contents() {
    let env = Env::new();
    let out = env.path("sample.tamga");
    env.ok(&["sample", s(&out)]);
    let info = env.json(&["info", s(&out), "--json"]);
    // The two papers and the Arabic-script text written for the sample.
    assert_eq!(info["documents"], 3);
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
    // The documents carry the papers' own titles.
    let documents = env.json(&["documents", s(&out), "--json"]);
    let names: Vec<&str> = documents
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names[..2],
        [
            "China Kazakhs' Emigration to Kazakhstan from a Modernity Perspective",
            "Privileged Exclusion in Post-Soviet Kazakhstan: Ethnic Return Migration, \
             Citizenship, and the Politics of (Not) Belonging",
        ]
    );
    let store = Store::open_read_only(&out).unwrap();
    let texts: Vec<String> = documents
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let id = tamga::domain::DocumentId(d["id"].as_i64().unwrap());
            store.document(id).unwrap().text
        })
        .collect();
    // Real paragraphs: blank-line separated, with no line break inside one (nothing for
    // View ▸ Join hard-wrapped lines to join), a sensible number of them in the first paper.
    for text in &texts {
        let paragraphs: Vec<&str> = text
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        assert!(paragraphs.iter().all(|p| !p.contains('\n')), "hard wraps");
        assert!(!text.contains("\n\n\n"), "more than one blank line");
    }
    let first = texts[0].split("\n\n").filter(|p| !p.trim().is_empty());
    let count = first.clone().count();
    assert!((30..=200).contains(&count), "{count} paragraphs");
    assert!(
        first.clone().any(|p| p == "4. Research methods"),
        "a heading is a paragraph of its own"
    );
    // Every sample coding quotes its document exactly, within one paragraph.
    for c in store.all_codings().unwrap() {
        let doc = store.document(c.document).unwrap();
        assert_eq!(
            tamga::text::slice_chars(&doc.text, c.range),
            Some(c.text.as_str())
        );
        assert!(!c.text.contains('\n'), "{:?}", c.text);
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

    let code_at = |i: u64, start: u64| {
        let mut cmd = env.command(&[
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
        ]);
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        cmd
    };
    // How long one `tamga code` takes here, so the kills spread over a whole run whatever the
    // machine's speed.
    let t = std::time::Instant::now();
    let out = code_at(1000, 8990).output().unwrap();
    assert!(out.status.success());
    let life = t.elapsed().as_micros() as u64;

    let mut reported = Vec::new();
    let mut cut_short = 0;
    let mut i = 0u64;
    // Until enough processes finished and enough were killed first (never a test that killed
    // everything before it wrote, or nothing while it wrote).
    while i < 400 && (reported.len() < 8 || cut_short < 8) {
        let start = (i * 37) % 8900;
        let mut child = code_at(i, start).spawn().unwrap();
        // Delays from 0 to 1.5 × a whole run, in a scrambled order.
        std::thread::sleep(Duration::from_micros((i * 7919) % 97 * life * 3 / 2 / 97));
        let _ = child.kill(); // SIGKILL on Unix
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        if out.status.success() && stdout.contains("coded") {
            reported.push(start);
        } else {
            cut_short += 1;
        }
        i += 1;
    }
    assert!(
        reported.len() >= 8 && cut_short >= 8,
        "the kills did not spread over a run: {} reported, {cut_short} cut short",
        reported.len()
    );
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
}

#[test]
fn set_direction_changes_how_a_document_runs_and_not_its_text() {
    let env = Env::new();
    let project = env.path("p.tamga");
    env.ok(&["new", s(&project)]);
    let notes = env.path("notes.txt");
    std::fs::write(&notes, "ئۇلار 1962-يىلى چېگرادىن ئۆتۈپ كەتتى.\n").unwrap();
    env.ok(&["import", s(&project), s(&notes)]);
    let direction = || {
        let p = tamga::project::Project::open_read_only(&project).unwrap();
        let id = p.store().document_by_name("notes").unwrap().unwrap();
        let doc = p.store().document(id).unwrap();
        (doc.direction, doc.text)
    };
    let (before, text) = direction();
    assert_eq!(before, tamga::domain::Direction::Auto);
    let out = env.ok(&["set-direction", s(&project), "--document", "notes", "rtl"]);
    assert!(out.contains("right to left"), "{out}");
    assert_eq!(
        direction(),
        (tamga::domain::Direction::RightToLeft, text.clone())
    );
    env.ok(&["set-direction", s(&project), "--document", "notes", "ltr"]);
    assert_eq!(direction().0, tamga::domain::Direction::LeftToRight);
    let err = env.fails(&["set-direction", s(&project), "--document", "nobody", "rtl"]);
    assert!(err.contains("no document named “nobody”"), "{err}");
    let out = env.run(&["set-direction", s(&project), "--document", "notes", "up"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("auto, ltr, rtl"), "{err}");
    assert_eq!(direction().0, tamga::domain::Direction::LeftToRight);
}
