//! The analysis commands through the built `tamga` binary: attributes (define, set, import and
//! export as CSV and XLSX with bad rows reported and nothing half-applied), cases by speaker,
//! `--where`, matrix, co-occurrence, words and kwic, their exports; read-only commands leave
//! the project file untouched.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers fail loudly; that is their job"
)]

mod common;

use std::path::{Path, PathBuf};

use common::{Env, s};
use serde_json::Value;

/// Two transcripts with speaker turns (counted by hand below) and a Chinese note.
const ONE: &str = "Interviewer: Where is your homeland?\n\nАйгерім: Тарихи отан — Қазақстан. Our homeland is here.\n\nInterviewer: Thank you.";
const TWO: &str =
    "[00:00:05]\nБолат: Родина там, где семья.\n\n[00:00:09]\nБолат: 我们回到了历史故乡。";

fn project(env: &Env) -> PathBuf {
    let project = env.path("field.tamga");
    env.ok(&["new", s(&project)]);
    let one = env.path("one.txt");
    let two = env.path("two.txt");
    std::fs::write(&one, ONE).unwrap();
    std::fs::write(&two, TWO).unwrap();
    env.ok(&["import", s(&project), s(&one), s(&two)]);
    for (doc, code, quote) in [
        ("one", "Homeland", "Тарихи отан — Қазақстан."),
        ("one", "Homeland", "Our homeland is here."),
        ("one", "Return", "Where is your homeland?"),
        ("two", "Homeland", "Родина там, где семья."),
        ("two", "Return", "我们回到了历史故乡"),
    ] {
        env.ok(&[
            "code",
            s(&project),
            "--document",
            doc,
            "--code",
            code,
            "--quote",
            quote,
        ]);
    }
    env.ok(&[
        "attributes",
        s(&project),
        "--define",
        "region:choice:Ili|Bayan-Ölgii",
        "--define",
        "age:number",
        "--define",
        "interviewed:date",
        "--define",
        "urban:yes/no",
    ]);
    project
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn attributes_are_set_listed_and_filtered() {
    let env = Env::new();
    let p = project(&env);
    env.ok(&[
        "set",
        s(&p),
        "--document",
        "one",
        "--attribute",
        "region=ili",
        "--attribute",
        "age=45",
    ]);
    env.ok(&[
        "set",
        s(&p),
        "--document",
        "two",
        "--attribute",
        "region=Bayan-Ölgii",
        "--attribute",
        "age=38",
    ]);
    let err = env.fails(&["set", s(&p), "--document", "two", "--attribute", "age=old"]);
    assert!(
        err.contains("“old” is not a number") && err.trim_end().ends_with("field.tamga"),
        "{err}"
    );
    let err = env.fails(&[
        "set",
        s(&p),
        "--document",
        "two",
        "--attribute",
        "region=Almaty",
    ]);
    assert!(err.contains("not one of the choices"), "{err}");

    let listed = env.json(&["attributes", s(&p), "--json"]);
    assert_eq!(listed["attributes"][0]["name"], "region");
    assert_eq!(listed["attributes"][0]["type"], "choice");
    assert_eq!(listed["rows"][0]["document"], "one");
    assert_eq!(
        listed["rows"][0]["region"], "Ili",
        "stored as the list writes it"
    );
    assert_eq!(listed["rows"][1]["age"], "38");
    let csv = env.ok(&["attributes", s(&p), "--csv"]);
    assert_eq!(
        csv,
        "document,region,age,interviewed,urban\none,Ili,45,,\ntwo,Bayan-Ölgii,38,,\n"
    );

    // --where on retrieval, segments and the views.
    let segments = env.json(&["segments", s(&p), "--where", "age>=40", "--json"]);
    assert_eq!(segments.as_array().unwrap().len(), 3);
    let segments = env.json(&["segments", s(&p), "--where", "region=Bayan-Ölgii", "--json"]);
    assert_eq!(segments.as_array().unwrap().len(), 2);
    let m = env.json(&["matrix", s(&p), "--cols", "attribute:region", "--json"]);
    let labels: Vec<&str> = m["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Ili", "Bayan-Ölgii"]);
    assert_eq!(m["cells"], serde_json::json!([[2, 1], [1, 1]]));
    let m = env.json(&["matrix", s(&p), "--where", "region=Ili", "--json"]);
    assert_eq!(m["cells"], serde_json::json!([[2], [1]]));
    let out = env.path("ili.docx");
    let said = env.ok(&["export", s(&p), "--out", s(&out), "--where", "age<40"]);
    assert!(said.contains("exported 2 excerpt(s)"), "{said}");
    let err = env.fails(&["matrix", s(&p), "--where", "region>Ili"]);
    assert!(err.contains("use = or !="), "{err}");
}

#[test]
fn attribute_tables_import_all_or_nothing_with_a_report() {
    let env = Env::new();
    let p = project(&env);
    let before = bytes(&p);
    let bad = env.path("bad.csv");
    std::fs::write(
        &bad,
        "\u{feff}document;region;age;interviewed;height\none;Ili;45;1993-05-14;\nthree;Ili;50;;\ntwo;Almaty;forty;31.02.2001;\n",
    )
    .unwrap();
    let out = env.run(&["attributes", s(&p), "--import", s(&bad)]);
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8(out.stdout).unwrap();
    for line in [
        "no attribute named “height”",
        "row 3: nothing named “three”",
        "row 4 (“two”), region: “Almaty” is not one of the choices",
        "row 4 (“two”), age: “forty” is not a number",
        "row 4 (“two”), interviewed: “31.02.2001” is not a date",
    ] {
        assert!(report.contains(line), "{line} in:\n{report}");
    }
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("tamga: nothing imported"), "{stderr}");
    assert_eq!(bytes(&p), before, "nothing was applied");

    let good = env.path("good.csv");
    std::fs::write(
        &good,
        "document,region,age,interviewed,urban\none,Ili,45,14.05.1993,yes\ntwo,Bayan-Ölgii,38.5,2001-02-03,no\n",
    )
    .unwrap();
    let said = env.ok(&["attributes", s(&p), "--import", s(&good)]);
    assert!(said.contains("imported 8 value(s)"), "{said}");
    let csv = env.ok(&["attributes", s(&p), "--csv"]);
    assert_eq!(
        csv,
        "document,region,age,interviewed,urban\none,Ili,45,1993-05-14,yes\ntwo,Bayan-Ölgii,38.5,2001-02-03,no\n"
    );
    // An exported table imports back without a change; XLSX too.
    for ext in ["csv", "xlsx"] {
        let table = env.path(&format!("attributes.{ext}"));
        env.ok(&["attributes", s(&p), "--export", s(&table)]);
        let said = env.ok(&["attributes", s(&p), "--import", s(&table)]);
        assert!(said.contains("0 value(s) to change"), "{ext}: {said}");
    }
}

#[test]
fn xlsx_tables_with_dates_numbers_and_booleans_import() {
    let env = Env::new();
    let p = project(&env);
    // Written by rust_xlsxwriter as a spreadsheet program would: a real date cell, numbers,
    // booleans.
    let path = env.path("from-excel.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy");
    for (c, h) in ["document", "region", "age", "interviewed", "urban"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "two").unwrap();
    sheet.write_string(1, 1, "Ili").unwrap();
    sheet.write_number(1, 2, 61.0).unwrap();
    sheet
        .write_datetime_with_format(
            1,
            3,
            rust_xlsxwriter::ExcelDateTime::from_ymd(1998, 7, 1).unwrap(),
            &date,
        )
        .unwrap();
    sheet.write_boolean(1, 4, true).unwrap();
    sheet.write_string(2, 0, "nobody").unwrap();
    book.save(&path).unwrap();
    let out = env.run(&["attributes", s(&p), "--import", s(&path)]);
    assert_eq!(out.status.code(), Some(1), "the unmatched row stops it");
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("row 3: nothing named “nobody”")
    );

    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["document", "region", "age", "interviewed", "urban"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "two").unwrap();
    sheet.write_string(1, 1, "Ili").unwrap();
    sheet.write_number(1, 2, 61.0).unwrap();
    sheet
        .write_datetime_with_format(
            1,
            3,
            rust_xlsxwriter::ExcelDateTime::from_ymd(1998, 7, 1).unwrap(),
            &date,
        )
        .unwrap();
    sheet.write_boolean(1, 4, true).unwrap();
    book.save(&path).unwrap();
    env.ok(&["attributes", s(&p), "--import", s(&path)]);
    let listed = env.json(&["attributes", s(&p), "--json"]);
    assert_eq!(listed["rows"][1]["age"], "61");
    assert_eq!(listed["rows"][1]["interviewed"], "1998-07-01");
    assert_eq!(listed["rows"][1]["urban"], "yes");
}

#[test]
fn cases_by_speaker_are_previewed_then_created_in_one_step() {
    let env = Env::new();
    let p = project(&env);
    let before = bytes(&p);
    let preview = env.json(&["cases", s(&p), "--by-speaker", "--dry-run", "--json"]);
    let cases: Vec<(String, u64, u64)> = preview["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_owned(),
                c["turns"].as_u64().unwrap(),
                c["documents"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        cases,
        [
            ("Interviewer".to_owned(), 2, 1),
            ("Айгерім".to_owned(), 1, 1),
            ("Болат".to_owned(), 2, 1),
        ]
    );
    assert_eq!(bytes(&p), before, "a dry run writes nothing");
    env.ok(&["cases", s(&p), "--by-speaker"]);
    let listed = env.json(&["cases", s(&p), "--json"]);
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Interviewer", "Айгерім", "Болат"]);
    // Айгерім's turn: from her label to the end of her paragraph (hand count: 38..93).
    assert_eq!(listed[1]["members"][0]["start"], 38);
    assert_eq!(listed[1]["members"][0]["end"], 93);
    // Running it again adds nothing.
    let again = env.ok(&["cases", s(&p), "--by-speaker"]);
    assert!(again.contains("5 turn(s) already"), "{again}");

    // Codes × cases: Homeland lies in Айгерім's turn twice and in Болат's once.
    let m = env.json(&["matrix", s(&p), "--cols", "cases", "--json"]);
    assert_eq!(m["cells"], serde_json::json!([[0, 2, 1], [1, 0, 1]]));
    env.ok(&[
        "attributes",
        s(&p),
        "--cases",
        "--define",
        "role:choice:informant|researcher",
    ]);
    env.ok(&[
        "set",
        s(&p),
        "--case",
        "Interviewer",
        "--attribute",
        "role=researcher",
    ]);
    env.ok(&[
        "set",
        s(&p),
        "--case",
        "Айгерім",
        "--attribute",
        "role=informant",
    ]);
    env.ok(&[
        "set",
        s(&p),
        "--case",
        "Болат",
        "--attribute",
        "role=informant",
    ]);
    let segments = env.json(&["segments", s(&p), "--where", "role=informant", "--json"]);
    assert_eq!(segments.as_array().unwrap().len(), 4);
    let m = env.json(&[
        "matrix",
        s(&p),
        "--cols",
        "attribute:role",
        "--count",
        "cases",
        "--json",
    ]);
    assert_eq!(m["cells"], serde_json::json!([[2, 0], [1, 1]]));
    env.ok(&["cases", s(&p), "--delete", "Interviewer"]);
    assert_eq!(
        env.json(&["cases", s(&p), "--json"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn views_print_json_csv_and_write_tables_and_charts() {
    let env = Env::new();
    let p = project(&env);
    let before = bytes(&p);
    let co = env.json(&["cooccurrence", s(&p), "--by", "paragraph", "--json"]);
    // ¶1 of one: Return; ¶2: Homeland twice (the diagonal); ¶1 of two: Homeland; ¶2: Return.
    assert_eq!(co["counts"], serde_json::json!([[1, 0], [0, 0]]));
    // Return ends at 36 of one, Homeland starts at 47: 11 apart.
    let co = env.json(&["cooccurrence", s(&p), "--by", "window:5", "--json"]);
    assert_eq!(co["network"]["edges"].as_array().unwrap().len(), 0);
    let co = env.json(&["cooccurrence", s(&p), "--by", "window:11", "--json"]);
    assert_eq!(
        co["network"]["edges"],
        serde_json::json!([{"a": 0, "b": 1, "weight": 1}])
    );
    let words = env.json(&["words", s(&p), "--top", "3", "--json"]);
    assert_eq!(words["words"][0]["word"], "homeland");
    assert_eq!(words["words"][0]["count"], 2);
    let words = env.json(&["words", s(&p), "--code", "Return", "--json"]);
    let list: Vec<&str> = words["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["word"].as_str().unwrap())
        .collect();
    assert_eq!(list, ["homeland", "了", "历史", "回到", "我们", "故乡"]);
    let kwic = env.json(&["kwic", s(&p), "homeland", "--width", "5", "--json"]);
    let lines = kwic.as_array().unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["document_name"], "one");
    assert_eq!(
        lines[0]["range"],
        serde_json::json!({"start": 27, "end": 35})
    );
    assert_eq!(lines[0]["left"], "your ");
    assert_eq!(
        lines[1]["range"],
        serde_json::json!({"start": 76, "end": 84})
    );
    assert_eq!(lines[1]["left"], " Our ");
    let text = env.ok(&["kwic", s(&p), "故乡", "--width", "4"]);
    assert!(text.contains("到了历史 [故乡] 。    — two ¶2"), "{text}");
    let freq = env.ok(&["frequencies", s(&p), "--csv"]);
    assert!(
        freq.starts_with("code,codings,documents,cases,characters,share of text\nHomeland,3,2,0,"),
        "{freq}"
    );
    assert_eq!(
        bytes(&p),
        before,
        "read-only commands leave the project as it was"
    );

    for (args, name) in [
        (vec!["matrix", "--count", "chars"], "matrix.xlsx"),
        (vec!["matrix"], "matrix.csv"),
        (vec!["matrix", "--chart", "row:Homeland"], "matrix.svg"),
        (vec!["matrix"], "matrix.png"),
        (vec!["cooccurrence"], "network.svg"),
        (vec!["cooccurrence"], "network.png"),
        (vec!["words"], "words.png"),
        (vec!["frequencies"], "frequencies.svg"),
        (vec!["kwic", "homeland"], "kwic.xlsx"),
    ] {
        let out = env.path(name);
        let mut full = vec![args[0], s(&p)];
        full.extend(&args[1..]);
        full.extend(["--out", s(&out)]);
        env.ok(&full);
        let written = bytes(&out);
        match name.rsplit('.').next() {
            Some("png") => assert_eq!(&written[..8], b"\x89PNG\r\n\x1a\n", "{name}"),
            Some("svg") => {
                let svg = String::from_utf8(written).unwrap();
                assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{name}");
                assert!(svg.contains("Homeland"), "{name}");
            }
            Some("xlsx") => assert_eq!(&written[..2], b"PK", "{name}"),
            _ => assert!(
                String::from_utf8(written).unwrap().starts_with("code,"),
                "{name}"
            ),
        }
    }
    let err = env.fails(&["kwic", s(&p), "homeland", "--out", s(&env.path("k.png"))]);
    assert!(err.contains("no chart"), "{err}");
    let svg: Value = Value::String(std::fs::read_to_string(env.path("network.svg")).unwrap());
    assert!(svg.as_str().unwrap().contains("<circle"));
}
