//! Intercoder agreement against values computed apart from Tamga: Krippendorff's published
//! reliability data for the classic α, and unitized continua for `α_u` and `|uα`, both through the
//! Python packages named in `tests/fixtures/agreement/make_reference.py` (values kept in
//! `reference.json`); hand counts for percent agreement, Cohen's κ and segment agreement; and
//! the `tamga agreement` binary on a project coded by two coders, with each report format read
//! back by an independent reader.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers fail loudly; that is their job"
)]

use std::io::Read as _;
use std::path::Path;

use proptest::prelude::*;
use quick_xml::events::Event;
use serde::Deserialize;
use serde_json::Value;
use tamga::analysis::agreement::{
    Coefficient, DocumentCodings, Input, Span, compute, nominal_alpha,
};
use tamga::domain::{Edit, NewDocument, TextRange};
use tamga::project::Project;

mod common;

use common::{Env, s};

#[derive(Deserialize)]
struct Reference {
    classic: Classic,
    unitized: Vec<Case>,
}

#[derive(Deserialize)]
struct Classic {
    data: Vec<Vec<Option<i64>>>,
    nominal: f64,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    length: usize,
    codes: usize,
    coders: Vec<Vec<RefSpan>>,
    alpha_u: f64,
    alpha_binary: f64,
    alpha_per_code: Vec<f64>,
}

#[derive(Deserialize)]
struct RefSpan {
    code: usize,
    start: usize,
    end: usize,
}

fn reference() -> Reference {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/agreement/reference.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn case<'a>(r: &'a Reference, name: &str) -> &'a Case {
    r.unitized.iter().find(|c| c.name == name).unwrap()
}

fn document(c: &Case) -> DocumentCodings {
    DocumentCodings {
        length: c.length,
        coders: c
            .coders
            .iter()
            .map(|spans| {
                spans
                    .iter()
                    .map(|s| Span::new(s.code, s.start, s.end))
                    .collect()
            })
            .collect(),
    }
}

fn value(c: Coefficient) -> f64 {
    c.value.unwrap_or_else(|| panic!("no value: {:?}", c.note))
}

fn assert_close(got: f64, want: f64, what: &str) {
    assert!((got - want).abs() < 1e-9, "{what}: {got} ≠ {want}");
}

#[test]
fn classic_alpha_matches_krippendorffs_published_example_and_the_python_package() {
    let r = reference();
    let alpha = value(nominal_alpha(&r.classic.data));
    // The `krippendorff` package's value, and Krippendorff's own (α_nominal = 0.743).
    assert_close(alpha, r.classic.nominal, "nominal α");
    assert_eq!(format!("{alpha:.3}"), "0.743");
}

#[test]
fn unitized_alpha_matches_the_python_package_on_every_continuum() {
    let r = reference();
    assert!(r.unitized.len() >= 6);
    for c in &r.unitized {
        let result = compute(
            &Input {
                codes: c.codes,
                coders: c.coders.len(),
                documents: vec![document(c)],
            },
            90.0,
        );
        assert_close(
            value(result.total.alpha_u),
            c.alpha_u,
            &format!("{}: α_u", c.name),
        );
        assert_close(
            value(result.total.alpha_binary),
            c.alpha_binary,
            &format!("{}: |uα", c.name),
        );
        for (code, want) in c.alpha_per_code.iter().enumerate() {
            assert_close(
                value(result.codes[code].alpha_u),
                *want,
                &format!("{}: α_u of code {code}", c.name),
            );
        }
    }
}

#[test]
fn documents_count_as_one_continuum_laid_end_to_end() {
    let r = reference();
    let joined = case(&r, "cli: both documents");
    let result = compute(
        &Input {
            codes: 2,
            coders: 2,
            documents: vec![
                document(case(&r, "cli: interview 1")),
                document(case(&r, "cli: interview 2")),
            ],
        },
        90.0,
    );
    assert_close(value(result.total.alpha_u), joined.alpha_u, "α_u");
    assert_close(value(result.total.alpha_binary), joined.alpha_binary, "|uα");
    for (code, want) in joined.alpha_per_code.iter().enumerate() {
        assert_close(value(result.codes[code].alpha_u), *want, "a code's α_u");
    }
    let first = case(&r, "cli: interview 1");
    assert_close(
        value(result.documents[0].alpha_u),
        first.alpha_u,
        "document α_u",
    );
}

fn spans(max_len: usize, codes: usize) -> impl Strategy<Value = Vec<Span>> {
    prop::collection::vec(
        (0..codes, 0..max_len + 5, 0..max_len + 5).prop_map(|(c, a, b)| Span::new(c, a, b)),
        0..8,
    )
}

proptest! {
    /// Whatever the codings, every coefficient is a finite number or has a reason; shares
    /// lie in 0–1 and no coefficient exceeds 1.
    #[test]
    fn no_coefficient_is_ever_nan(
        coders in 2usize..5,
        codes in 1usize..4,
        docs in prop::collection::vec((0usize..60, prop::collection::vec(spans(60, 3), 4)), 0..3),
        min_overlap in 0.0f64..=100.0,
    ) {
        let input = Input {
            codes,
            coders,
            documents: docs
                .into_iter()
                .map(|(length, per_coder)| DocumentCodings {
                    length,
                    coders: per_coder.into_iter().take(coders).collect(),
                })
                .collect(),
        };
        let result = compute(&input, min_overlap);
        let rows = std::iter::once(&result.total)
            .chain(&result.codes)
            .chain(&result.documents)
            .chain(result.cells.iter().map(|c| &c.row));
        for row in rows {
            for (name, c) in [
                ("characters", row.character_agreement),
                ("κ", row.kappa),
                ("segments", row.segment_agreement),
                ("κ_n", row.kappa_n),
                ("α_u", row.alpha_u),
                ("|uα", row.alpha_binary),
            ] {
                match c.value {
                    Some(v) => {
                        prop_assert!(v.is_finite(), "{name} = {v}");
                        prop_assert!(v <= 1.0 + 1e-12, "{name} = {v}");
                    }
                    None => prop_assert!(c.note.is_some(), "{name} has neither value nor note"),
                }
            }
            for c in [row.character_agreement, row.segment_agreement] {
                if let Some(v) = c.value {
                    prop_assert!((0.0..=1.0).contains(&v));
                }
            }
        }
    }
}

/// About `n` characters of Kazakh, Chinese and emoji, exactly `n` of them.
fn text(n: usize) -> String {
    "Біз Қазақстанға келдік — 历史故乡 🙂 “тарихи отан”. "
        .chars()
        .cycle()
        .take(n)
        .collect()
}

/// A project coded by Aigerim and Bolat apart (and Chen a little), the ranges of the reference
/// cases "cli: …": interview 1 (100 characters), interview 2 (60), and interview 3, which only
/// Aigerim coded.
fn two_coders(env: &Env) -> std::path::PathBuf {
    let path = env.path("team.tamga");
    let mut project = Project::create(&path, "Team study", "Aigerim").unwrap();
    let mut docs = Vec::new();
    for (name, len) in [
        ("interview 1", 100),
        ("interview 2", 60),
        ("interview 3", 40),
    ] {
        let Edit::DeleteDocument { id } = project
            .execute(Edit::ImportDocument(NewDocument {
                name: name.to_owned(),
                text: text(len),
                original_name: format!("{name}.txt"),
                format: "txt".to_owned(),
                encoding: "UTF-8".to_owned(),
                source: Vec::new(),
                pages: Vec::new(),
            }))
            .unwrap()
        else {
            panic!("not imported")
        };
        docs.push(id);
    }
    let homeland = project.ensure_code_path("Homeland").unwrap();
    let ret = project.ensure_code_path("Return").unwrap();
    let unused = project.ensure_code_path("Unused").unwrap();
    let _ = unused;
    for (coder, doc, code, start, end) in [
        ("Aigerim", 0, homeland, 10, 30),
        ("Aigerim", 0, ret, 50, 70),
        ("Aigerim", 1, homeland, 0, 20),
        ("Aigerim", 2, ret, 0, 10),
        ("Bolat", 0, homeland, 10, 28),
        ("Bolat", 0, ret, 60, 80),
        ("Bolat", 1, homeland, 0, 20),
        ("Bolat", 1, ret, 30, 40),
        ("Chen", 0, homeland, 12, 30),
        ("Chen", 1, homeland, 0, 20),
    ] {
        project
            .execute(Edit::ApplyCoding {
                document: docs[doc],
                code,
                range: TextRange::new(start, end),
                coder: coder.to_owned(),
                memo: String::new(),
            })
            .unwrap();
    }
    path
}

fn row<'a>(json: &'a Value, scope: &str, code: &str, document: &str) -> &'a Value {
    json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["scope"] == scope && r["code"] == code && r["document"] == document)
        .unwrap_or_else(|| panic!("no {scope} row {code:?} {document:?}"))
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

#[test]
fn agreement_through_the_cli_matches_hand_counts_and_reference_values() {
    let env = Env::new();
    let project = two_coders(&env);
    let before = std::fs::read(&project).unwrap();
    let json = env.json(&[
        "agreement",
        s(&project),
        "--coders",
        "Aigerim,Bolat",
        "--json",
    ]);
    // Reading registers nobody and writes nothing ("Aigerim" is the CLI's own coder here).
    assert_eq!(std::fs::read(&project).unwrap(), before);

    assert_eq!(json["coders"], serde_json::json!(["Aigerim", "Bolat"]));
    // Codes applied in the documents compared, in codebook order; "Unused" is not one.
    assert_eq!(json["codes"], serde_json::json!(["Homeland", "Return"]));
    assert_eq!(
        json["documents"],
        serde_json::json!([
            {"name": "interview 1", "chars": 100},
            {"name": "interview 2", "chars": 60}
        ])
    );
    assert_eq!(json["left_out"], serde_json::json!(["interview 3"]));
    assert_eq!(json["min_overlap_percent"], 90.0);

    // Homeland: interview 1 both 10..28 (18), Aigerim only 28..30 (2), neither 80; interview 2
    // both 20, neither 40. a = 38, b = 2, c = 0, d = 120, n = 160: p_o = 158/160,
    // p_e·n² = 40·38 + 120·122 = 16160, κ = (160·158 − 16160)/(160² − 16160) = 9120/9440.
    let homeland = row(&json, "code", "Homeland", "");
    assert_eq!(
        homeland["characters"],
        serde_json::json!({"both": 38, "first_only": 2, "second_only": 0, "neither": 120})
    );
    assert_close(
        num(&homeland["character_agreement"]),
        158.0 / 160.0,
        "Homeland %",
    );
    assert_close(num(&homeland["kappa"]), 9120.0 / 9440.0, "Homeland κ");
    // 10..30 is 90% inside 10..28: every segment agrees.
    assert_eq!(
        homeland["segments"],
        serde_json::json!({"first": 2, "first_agreeing": 2, "second": 2, "second_agreeing": 2})
    );
    assert_close(num(&homeland["kappa_n"]), 1.0, "Homeland κ_n");

    // Return: interview 1 both 60..70 (10), Aigerim only 10, Bolat only 10, neither 70;
    // interview 2 Bolat only 10, neither 50. a = 10, b = 10, c = 20, d = 120:
    // p_e·n² = 20·30 + 140·130 = 18800, κ = (160·130 − 18800)/(25600 − 18800) = 2000/6800.
    let ret = row(&json, "code", "Return", "");
    assert_close(num(&ret["character_agreement"]), 130.0 / 160.0, "Return %");
    assert_close(num(&ret["kappa"]), 2000.0 / 6800.0, "Return κ");
    // 50..70 and 60..80 share half of each: no segment agrees. κ_n = (0 − 1/2)/(1/2).
    assert_close(num(&ret["segment_agreement"]), 0.0, "Return segments");
    assert_close(num(&ret["kappa_n"]), -1.0, "Return κ_n");

    // In total: a = 48, b = 12, c = 20, d = 240, n = 320; p_e·n² = 60·68 + 260·252 = 69600,
    // κ = (320·288 − 69600)/(320² − 69600) = 22560/32800. Segments: 4 of 7 agree,
    // κ_n = (4/7 − 1/2)/(1/2) = 1/7.
    let total = row(&json, "total", "", "");
    assert_close(num(&total["character_agreement"]), 0.9, "total %");
    assert_close(num(&total["kappa"]), 22560.0 / 32800.0, "total κ");
    assert_close(
        num(&total["segment_agreement"]),
        4.0 / 7.0,
        "total segments",
    );
    assert_close(num(&total["kappa_n"]), 1.0 / 7.0, "total κ_n");

    // α against the Python package (the "cli: …" continua).
    let r = reference();
    let both = case(&r, "cli: both documents");
    assert_close(num(&total["alpha_u"]), both.alpha_u, "total α_u");
    assert_close(num(&total["alpha_binary"]), both.alpha_binary, "total |uα");
    assert_close(
        num(&homeland["alpha_u"]),
        both.alpha_per_code[0],
        "Homeland α_u",
    );
    assert_close(num(&ret["alpha_u"]), both.alpha_per_code[1], "Return α_u");
    let first = case(&r, "cli: interview 1");
    let doc1 = row(&json, "document", "", "interview 1");
    assert_close(num(&doc1["alpha_u"]), first.alpha_u, "interview 1 α_u");
    assert_close(
        num(&doc1["alpha_binary"]),
        first.alpha_binary,
        "interview 1 |uα",
    );
    let cell = row(&json, "code_in_document", "Return", "interview 2");
    assert_close(
        num(&cell["alpha_u"]),
        case(&r, "cli: interview 2").alpha_per_code[1],
        "Return in interview 2",
    );

    // The method names what a methods section must say.
    let method: Vec<&str> = json["method"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    let all = method.join("\n");
    for needle in [
        "Aigerim and Bolat",
        "characters that neither coder coded count as agreement",
        "Cohen's (1960) κ",
        "at least 90% of it",
        "Brennan and Prediger (1981)",
        "here k = 2 (chance agreement 50%)",
        "Krippendorff's α for unitized data",
        "“interview 1” (100 characters)",
        "“Homeland”, “Return”",
        "Left out because not every coder coded them: “interview 3”",
    ] {
        assert!(all.contains(needle), "no {needle:?} in {all}");
    }

    // The terminal table shows the same numbers, rounded.
    let table = env.ok(&["agreement", s(&project), "--coders", "Aigerim,Bolat"]);
    assert!(table.contains("Aigerim and Bolat"), "{table}");
    let total_line = table.lines().find(|l| l.starts_with("In total")).unwrap();
    for cell in ["90.0%", "0.688", "3 (2)", "4 (2)", "57.1%", "0.143"] {
        assert!(total_line.contains(cell), "{cell} not in {total_line}");
    }
}

#[test]
fn options_choose_codes_documents_overlap_and_coders() {
    let env = Env::new();
    let project = two_coders(&env);
    // At 95% the Homeland segment 10..30 (90% covered) no longer agrees.
    let json = env.json(&[
        "agreement",
        s(&project),
        "--coders",
        "Aigerim,Bolat",
        "--code",
        "Homeland",
        "--document",
        "interview 1",
        "--min-overlap",
        "95",
        "--json",
    ]);
    assert_eq!(json["codes"], serde_json::json!(["Homeland"]));
    assert_eq!(json["left_out"], serde_json::json!([]));
    let total = row(&json, "total", "", "");
    assert_eq!(
        total["segments"],
        serde_json::json!({"first": 1, "first_agreeing": 0, "second": 1, "second_agreeing": 1})
    );
    // One code: Brennan & Prediger's chance agreement is 1/1, so κ_n has a reason, not a value.
    assert!(total["kappa_n"].is_null());
    let notes = total["notes"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| n
            .as_str()
            .unwrap()
            .starts_with("κ_n: not defined: with a single code")),
        "{notes:?}"
    );

    // Three coders: α only, the pairwise columns empty and said so once.
    let three = env.json(&[
        "agreement",
        s(&project),
        "--coders",
        "Aigerim,Bolat,Chen",
        "--code",
        "Homeland",
        "--json",
    ]);
    let total = row(&three, "total", "", "");
    assert!(total["characters"].is_null() && total["kappa"].is_null());
    assert!(total["alpha_u"].as_f64().is_some());
    assert_eq!(
        total["notes"],
        serde_json::json!([
            "characters and segments: given for two coders only; with three or more coders see α"
        ])
    );

    // Refusals name what is wrong.
    let err = env.fails(&["agreement", s(&project), "--coders", "Aigerim,Nobody"]);
    assert!(err.contains("no coder named “Nobody”"), "{err}");
    let err = env.fails(&["agreement", s(&project), "--coders", "Aigerim,Aigerim"]);
    assert!(err.contains("at least two different coders"), "{err}");
    let err = env.fails(&[
        "agreement",
        s(&project),
        "--coders",
        "Aigerim,Bolat",
        "--code",
        "Nowhere",
    ]);
    assert!(err.contains("no code “Nowhere”"), "{err}");
    let md = env.path("report.md");
    let err = env.fails(&[
        "agreement",
        s(&project),
        "--coders",
        "Aigerim,Bolat",
        "--out",
        s(&md),
    ]);
    assert!(err.contains(".docx, .html, .csv or .xlsx"), "{err}");
    assert!(!md.exists());
    let out = env.run(&[
        "agreement",
        s(&project),
        "--coders",
        "Aigerim,Bolat",
        "--min-overlap",
        "120",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not between 0 and 100"));
}

fn zip_entry(path: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut entry = archive.by_name(name).unwrap();
    let mut out = String::new();
    entry.read_to_string(&mut out).unwrap();
    out
}

/// The text of each element named `element` (its `text` descendants joined).
fn xml_texts(xml: &str, element: &str, text: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut in_text = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == element => {
                current = Some(String::new());
            }
            Event::Start(e) if e.name().as_ref() == text => in_text = true,
            Event::End(e) if e.name().as_ref() == text => in_text = false,
            Event::End(e) if e.name().as_ref() == element => {
                out.extend(current.take());
            }
            Event::Text(t) if in_text => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(c) = current.as_mut() {
                    c.push(match r.xml10_content().as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("unknown entity {other}"),
                    });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The cells of an XLSX sheet that hold numbers: (reference, value).
fn xlsx_numbers(xml: &str) -> Vec<(String, f64)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut cell: Option<(String, bool)> = None;
    let mut in_value = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == "c" => {
                let reference = e
                    .try_get_attribute("r")
                    .unwrap()
                    .map(|a| a.value.to_string())
                    .unwrap_or_default();
                let string = e.try_get_attribute("t").unwrap().is_some();
                cell = Some((reference, string));
            }
            Event::Start(e) if e.name().as_ref() == "v" => in_value = true,
            Event::End(e) if e.name().as_ref() == "v" => in_value = false,
            Event::Text(t) if in_value => {
                if let Some((reference, false)) = &cell {
                    out.push((reference.clone(), t.xml10_content().parse().unwrap()));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn every_report_format_holds_the_table_and_the_method() {
    let env = Env::new();
    let project = two_coders(&env);
    let json = env.json(&[
        "agreement",
        s(&project),
        "--coders",
        "Aigerim,Bolat",
        "--json",
    ]);
    let method: Vec<String> = json["method"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect();
    assert!(method.len() >= 5);
    let report = |name: &str| {
        let out = env.path(name);
        let said = env.ok(&[
            "agreement",
            s(&project),
            "--coders",
            "Aigerim,Bolat",
            "--out",
            s(&out),
        ]);
        assert!(said.contains(&format!("wrote the agreement report to {}", s(&out))));
        out
    };

    // CSV, read with the csv crate: the rows of the JSON, then the method.
    let csv_path = report("agreement.csv");
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "scope");
    assert!(
        std::fs::read(&csv_path)
            .unwrap()
            .starts_with("\u{feff}".as_bytes())
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let total = records.iter().find(|r| &r[0] == "total").unwrap();
    assert_close(
        total[column("character_agreement")].parse().unwrap(),
        0.9,
        "CSV agreement",
    );
    assert_close(
        total[column("kappa")].parse().unwrap(),
        22560.0 / 32800.0,
        "CSV κ",
    );
    assert_eq!(&total[column("segments_second")], "4");
    let homeland = records
        .iter()
        .find(|r| &r[0] == "code" && &r[1] == "Homeland")
        .unwrap();
    assert_eq!(&homeland[column("chars_both")], "38");
    assert!(
        records
            .iter()
            .any(|r| &r[0] == "code_in_document" && &r[1] == "Return" && &r[2] == "interview 2")
    );
    let csv_method: Vec<&str> = records
        .iter()
        .filter(|r| &r[0] == "method")
        .map(|r| &r[column("notes")])
        .collect();
    assert_eq!(csv_method, method);
    // `--csv` prints the same table (without the byte-order mark).
    let printed = env.ok(&[
        "agreement",
        s(&project),
        "--coders",
        "Aigerim,Bolat",
        "--csv",
    ]);
    let file = std::fs::read_to_string(&csv_path).unwrap();
    assert_eq!(printed, file.trim_start_matches('\u{feff}'));

    // DOCX: every method paragraph as a paragraph, the rounded values in table cells.
    let docx = report("agreement.docx");
    let paragraphs = xml_texts(&zip_entry(&docx, "word/document.xml"), "w:p", "w:t");
    for p in &method {
        assert!(paragraphs.contains(p), "DOCX lacks {p:?}");
    }
    for cell in [
        "0.688",
        "90.0%",
        "57.1%",
        "Aigerim: segments (agree)",
        "Homeland",
    ] {
        assert!(
            paragraphs.iter().any(|p| p == cell),
            "DOCX lacks the cell {cell:?}"
        );
    }

    // XLSX: the method on its own sheet; numbers as numbers on the first.
    let xlsx = report("agreement.xlsx");
    let strings = xml_texts(&zip_entry(&xlsx, "xl/sharedStrings.xml"), "si", "t");
    for p in &method {
        assert!(strings.contains(p), "XLSX lacks {p:?}");
    }
    assert!(strings.iter().any(|s| s == "Homeland"));
    let numbers = xlsx_numbers(&zip_entry(&xlsx, "xl/worksheets/sheet1.xml"));
    let at = |r: &str| numbers.iter().find(|(c, _)| c == r).map(|(_, v)| *v);
    // Row 2 is the total: H character agreement, I κ, L segments of the second coder.
    assert_eq!(at("H2"), Some(0.9));
    assert_close(at("I2").unwrap(), 22560.0 / 32800.0, "XLSX κ");
    assert_eq!(at("L2"), Some(4.0));

    // HTML: one page with the tables and the method.
    let html = std::fs::read_to_string(report("agreement.html")).unwrap();
    let unescape = |t: &str| {
        t.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    };
    let html_paragraphs: Vec<String> = html
        .split("<p>")
        .skip(1)
        .filter_map(|rest| rest.split("</p>").next())
        .map(unescape)
        .collect();
    for p in &method {
        assert!(html_paragraphs.contains(p), "HTML lacks {p:?}");
    }
    assert!(html.contains("<td class=\"n\">0.688</td>"), "{html}");
    assert!(html.contains("<h2>By code in each document</h2>"));
}

#[test]
fn disagreements_list_each_place_with_both_versions_and_read_only() {
    let env = Env::new();
    let project = two_coders(&env);
    let before = std::fs::read(&project).unwrap();
    let found = env.json(&[
        "disagreements",
        s(&project),
        "--coders",
        "Aigerim,Bolat",
        "--json",
    ]);
    // From the fixture, by hand: in interview 1 Homeland 10..30 against 10..28 and Return
    // 50..70 against 60..80 (boundaries); in interview 2 Homeland agrees and only Bolat coded
    // Return 30..40; interview 3 only Aigerim coded, so it is left out.
    let places = found["places"].as_array().unwrap();
    let got: Vec<(String, &str, u64, u64)> = places
        .iter()
        .map(|p| {
            (
                p["document_name"].as_str().unwrap().to_owned(),
                p["kind"].as_str().unwrap(),
                p["range"]["start"].as_u64().unwrap(),
                p["range"]["end"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("interview 1".to_owned(), "boundaries", 10, 30),
            ("interview 1".to_owned(), "boundaries", 50, 80),
            ("interview 2".to_owned(), "only_b", 30, 40),
        ]
    );
    assert_eq!(places[0]["a"][0]["range"]["end"], 30);
    assert_eq!(places[0]["b"][0]["range"]["end"], 28);
    assert!(places[2]["a"].as_array().unwrap().is_empty());
    assert_eq!(found["left_out"], serde_json::json!(["interview 3"]));
    let text = env.ok(&["disagreements", s(&project), "--coders", "Aigerim,Bolat"]);
    assert!(
        text.contains("3 place(s) where Aigerim and Bolat differ"),
        "{text}"
    );
    assert!(text.contains("Aigerim: nothing coded here"), "{text}");
    assert_eq!(
        std::fs::read(&project).unwrap(),
        before,
        "reading changed the file"
    );
    let err = env.fails(&["disagreements", s(&project), "--coders", "Aigerim"]);
    assert!(err.contains("name two coders"), "{err}");
}
