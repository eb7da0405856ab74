//! REFI-QDA exchange through the library API: a real QDA tool's export imported selection by
//! selection, exports validated with xmllint against the official schema, round trips that keep
//! GUIDs and offsets and give identical files, merges, and hostile files refused.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers fail loudly; that is their job"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use tamga::domain::{CodeId, Edit, MemoTarget, NewDocument, TextRange};
use tamga::exchange::{self, ExchangeError};
use tamga::project::Project;

/// A fixture from the shared folder beside the repository (`../shared/fixtures/refi-qda/`).
fn shared_fixture(name: &str) -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    for up in [manifest.join(".."), manifest.join("../..")] {
        let path = up.join("shared/fixtures/refi-qda").join(name);
        if path.exists() {
            return path;
        }
    }
    panic!(
        "the shared fixture {name} is missing: it lives in shared/fixtures/refi-qda/ beside the repository"
    );
}

fn own_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/refi-qda")
        .join(name)
}

/// The bytes of one zip entry.
fn entry(zip: &[u8], name: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
    let mut out = Vec::new();
    archive
        .by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn entry_names(zip: &[u8]) -> Vec<String> {
    let archive = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
    archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect()
}

/// Validates a `.qde` with `xmllint --schema` against the official Project.xsd.
fn assert_valid_qde(qde: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("project.qde");
    std::fs::write(&file, qde).unwrap();
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(shared_fixture("Project.xsd"))
        .arg(&file)
        .output()
        .unwrap_or_else(|e| {
            panic!("xmllint is needed for this test ({e}); on Debian install libxml2-utils")
        });
    assert!(
        out.status.success(),
        "project.qde does not validate:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// A coding by GUIDs: its own, document's and code's, start, end, coder's, time, memo.
type CodingRow = (String, String, String, usize, usize, String, String, String);
/// A memo by GUIDs: its own and target's, title, body, coder's, created, modified.
type MemoRow = (String, String, String, String, String, String, String);

/// Everything a round trip must keep, with GUIDs instead of row ids, in a fixed order.
#[derive(Debug, PartialEq, Eq)]
struct Content {
    documents: Vec<(String, String, String)>,
    codes: Vec<(String, String, String, String)>,
    codings: BTreeSet<CodingRow>,
    memos: BTreeSet<MemoRow>,
}

fn content(project: &Project) -> Content {
    let store = project.store();
    let docs: Vec<_> = store
        .document_summaries()
        .unwrap()
        .iter()
        .map(|d| store.document(d.id).unwrap())
        .collect();
    let doc_guid: BTreeMap<_, _> = docs.iter().map(|d| (d.id, d.guid.clone())).collect();
    let codebook = project.codebook().unwrap();
    let code_guid: BTreeMap<CodeId, String> = codebook
        .iter()
        .map(|e| (e.code.id, e.code.guid.clone()))
        .collect();
    let coders: BTreeMap<_, _> = store
        .coders()
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c.guid))
        .collect();
    let codings = store.all_codings().unwrap();
    let coding_guid: BTreeMap<_, _> = codings.iter().map(|c| (c.id, c.guid.clone())).collect();
    Content {
        documents: docs
            .iter()
            .map(|d| (d.guid.clone(), d.name.clone(), d.text.clone()))
            .collect(),
        codes: codebook
            .iter()
            .map(|e| {
                (
                    e.code.guid.clone(),
                    e.path.clone(),
                    e.code.color.clone(),
                    e.code.description.clone(),
                )
            })
            .collect(),
        codings: codings
            .iter()
            .map(|c| {
                (
                    c.guid.clone(),
                    doc_guid[&c.document].clone(),
                    code_guid[&c.code].clone(),
                    c.range.start,
                    c.range.end,
                    coders[&c.coder].clone(),
                    c.created_at.clone(),
                    c.memo.clone(),
                )
            })
            .collect(),
        memos: store
            .memos()
            .unwrap()
            .into_iter()
            .map(|m| {
                let target = match m.target {
                    MemoTarget::Project => "project".to_owned(),
                    MemoTarget::Document(d) => doc_guid[&d].clone(),
                    MemoTarget::Code(c) => code_guid[&c].clone(),
                    MemoTarget::Coding(c) => coding_guid[&c].clone(),
                };
                (
                    m.guid,
                    target,
                    m.title,
                    m.body,
                    coders[&m.coder].clone(),
                    m.created_at,
                    m.modified_at,
                )
            })
            .collect(),
    }
}

/// Exports `project` as a `.qdpx` in memory.
fn qdpx_of(project: &Project) -> Vec<u8> {
    let rows = exchange::collect(project.store()).unwrap();
    exchange::write_qdpx(&rows).unwrap().0
}

#[test]
fn qc_demo_imports_both_sources_the_whole_code_tree_and_all_158_selections() {
    let path = shared_fixture("qc-demo.qdpx");
    let bytes = std::fs::read(&path).unwrap();
    let read = exchange::read_file(&path).unwrap();
    let dir = temp();
    let (project, report) =
        exchange::create_from(&dir.path().join("qc.tamga"), &read.name, "Aigerim", &read).unwrap();

    // Counted in the file itself: 262 <Code> elements, 205 <Coding> elements in 158
    // <PlainTextSelection>s, all in board_2017.txt; admin-1.txt has none.
    let store = project.store();
    let docs = store.document_summaries().unwrap();
    let names: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["board_2017", "admin-1"]);
    let codebook = project.codebook().unwrap();
    assert_eq!(codebook.len(), 262);
    for path in [
        "rq1_definition/competencies/programming",
        "rq1_definition/framings/cs_as_programming/programming",
        "rq1_definition/rationales/cs_literacy/digital_citizenship/citizenship",
    ] {
        assert!(project.find_code_path(path).unwrap().is_some(), "{path}");
    }
    let codings = store.all_codings().unwrap();
    assert_eq!(codings.len(), 205);
    assert!(report.unplaced.is_empty(), "{report}");
    assert_eq!(report.carried.codings, 205);
    let board = &report.sources[0];
    assert_eq!(
        (board.selections, board.confirmed, board.placed),
        (158, 158, 158)
    );
    assert_eq!(board.reading, "code points, end excluded");

    // Each selection is named "line:N"; the coded text must be line N (from 0) of the source
    // file, with its line break, read here straight from the zip.
    let source = String::from_utf8(entry(&bytes, "sources/board_2017.txt")).unwrap();
    let lines: Vec<&str> = source.split_inclusive('\n').collect();
    let qde = String::from_utf8(entry(&bytes, "project.qde")).unwrap();
    let mut expected: Vec<(usize, &str)> = Vec::new();
    for part in qde.split("<PlainTextSelection ").skip(1) {
        let n: usize = part
            .split("name=\"line:")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap()
            .parse()
            .unwrap();
        let codings_here = part
            .split("</PlainTextSelection>")
            .next()
            .unwrap()
            .matches("<Coding ")
            .count();
        for _ in 0..codings_here {
            expected.push((n, lines[n]));
        }
    }
    assert_eq!(expected.len(), 205);
    let mut got: Vec<&str> = codings.iter().map(|c| c.text.as_str()).collect();
    let mut want: Vec<&str> = expected.iter().map(|(_, l)| *l).collect();
    got.sort_unstable();
    want.sort_unstable();
    assert_eq!(got, want);
    // And the users: one, "cp", who made every coding.
    let coders = store.coders().unwrap();
    let cp = coders.iter().find(|c| c.name == "cp").unwrap();
    assert!(codings.iter().all(|c| c.coder == cp.id));
}

#[test]
fn the_sample_project_exports_a_valid_qde_with_every_coding() {
    let dir = temp();
    let path = dir.path().join("sample.tamga");
    tamga::sample::write_sample(&path).unwrap();
    let project = Project::open(&path, "Aigerim").unwrap();
    let qdpx = qdpx_of(&project);
    let qde = entry(&qdpx, "project.qde");
    assert_valid_qde(&qde);
    let xml = String::from_utf8(qde).unwrap();
    let info = project.store().info().unwrap();
    assert_eq!(
        xml.matches("<PlainTextSelection ").count() as i64,
        info.codings
    );
    assert_eq!(xml.matches("<Code ").count() as i64, info.codes);
    assert_eq!(xml.matches("<Note ").count() as i64, info.memos);
    // Each document's text is in the package, under the path the .qde names.
    for d in project.store().document_summaries().unwrap() {
        let doc = project.store().document(d.id).unwrap();
        assert!(xml.contains(&format!("plainTextPath=\"internal://{}.txt\"", doc.guid)));
        let text = entry(&qdpx, &format!("sources/{}.txt", doc.guid));
        assert_eq!(String::from_utf8(text).unwrap(), doc.text);
    }
}

/// A project with Kazakh, Chinese and emoji in names, texts and memos, coded after the emoji.
fn multilingual(dir: &Path) -> Project {
    let mut project = Project::create(&dir.join("m.tamga"), "Көші-қон 移民 🧭", "Айгерім").unwrap();
    let text = "🙂🙂 Біз тарихи отанға оралдық.\n\n我们回到了历史的故乡。 “Quotes” & <tags>\n\nLast 👋🏽 line.";
    let doc = match project
        .execute(Edit::ImportDocument(NewDocument {
            name: "Сұхбат 1 — 访谈".into(),
            text: text.into(),
            original_name: "interview.txt".into(),
            format: "txt".into(),
            encoding: "UTF-8".into(),
            source: text.as_bytes().to_vec(),
            pages: Vec::new(),
        }))
        .unwrap()
    {
        Edit::DeleteDocument { id } => id,
        other => panic!("{other:?}"),
    };
    let parent = project.ensure_code_path("Тиесілілік 归属").unwrap();
    let child = project
        .ensure_code_path("Тиесілілік 归属/тарихи отан 🏠")
        .unwrap();
    project
        .execute(Edit::DescribeCode {
            id: child,
            description: "Returning to the “historical homeland” — тарихи отан, 故乡.".into(),
        })
        .unwrap();
    let find = |quote: &str| tamga::text::find_occurrence(text, quote, 1).unwrap();
    let mut codings = Vec::new();
    for (code, quote, memo) in [
        (child, "тарихи отанға оралдық", "Қазақша memo 🙂"),
        (parent, "我们回到了历史的故乡", "中文备忘录"),
        (child, "👋🏽 line", ""),
        (parent, "“Quotes” & <tags>", "line one\nline two"),
    ] {
        match project
            .execute(Edit::ApplyCoding {
                document: doc,
                code,
                range: find(quote),
                coder: "Айгерім".into(),
                memo: memo.into(),
            })
            .unwrap()
        {
            Edit::RemoveCoding { id } => codings.push(id),
            other => panic!("{other:?}"),
        }
    }
    for (target, title, body) in [
        (MemoTarget::Project, "Күнделік 日记", "Journal: 🙂 біз."),
        (MemoTarget::Document(doc), "Құжат", "Document memo 文件"),
        (MemoTarget::Code(child), "Код", "Code memo 代码 🏠"),
        (MemoTarget::Coding(codings[1]), "Үзінді", "Coding memo 编码"),
    ] {
        project
            .execute(Edit::WriteMemo {
                target,
                title: title.into(),
                body: body.into(),
                coder: "Айгерім".into(),
            })
            .unwrap();
    }
    project
}

#[test]
fn kazakh_chinese_and_emoji_export_validates_and_round_trips_identically() {
    let dir = temp();
    let first = multilingual(dir.path());
    let qdpx = qdpx_of(&first);
    assert_valid_qde(&entry(&qdpx, "project.qde"));

    let read = exchange::read_qdpx(&qdpx).unwrap();
    assert!(read.report.is_lossless(), "{}", read.report);
    let (second, report) = exchange::create_from(
        &dir.path().join("again.tamga"),
        &read.name,
        "Айгерім",
        &read,
    )
    .unwrap();
    assert!(
        report.is_lossless() && report.changed.is_empty(),
        "{report}"
    );
    assert_eq!(report.sources[0].reading, "code points, end excluded");
    assert_eq!(content(&second), content(&first));
    // The coded text after the emoji is the same text, so the offsets are right.
    let texts: BTreeSet<String> = second
        .store()
        .all_codings()
        .unwrap()
        .into_iter()
        .map(|c| c.text)
        .collect();
    assert!(texts.contains("тарихи отанға оралдық"), "{texts:?}");
    assert!(texts.contains("👋🏽 line"), "{texts:?}");

    let again = qdpx_of(&second);
    assert_eq!(entry_names(&again), entry_names(&qdpx));
    for name in entry_names(&qdpx) {
        assert_eq!(
            String::from_utf8_lossy(&entry(&again, &name)),
            String::from_utf8_lossy(&entry(&qdpx, &name)),
            "{name} differs"
        );
    }
}

#[test]
fn the_sample_round_trips_with_the_same_guids_offsets_and_bytes() {
    let dir = temp();
    let path = dir.path().join("sample.tamga");
    tamga::sample::write_sample(&path).unwrap();
    let first = Project::open(&path, "Aigerim").unwrap();
    let qdpx = qdpx_of(&first);
    let read = exchange::read_qdpx(&qdpx).unwrap();
    // The import is a change, so whoever imports becomes one of the copy's coders: import as
    // the sample's own coder for the copy to list the same coders.
    let sample_coder = first.store().coders().unwrap()[0].name.clone();
    let (second, report) = exchange::create_from(
        &dir.path().join("copy.tamga"),
        &read.name,
        &sample_coder,
        &read,
    )
    .unwrap();
    assert!(report.is_lossless(), "{report}");
    assert_eq!(content(&second), content(&first));
    assert_eq!(
        second.store().project_name().unwrap(),
        first.store().project_name().unwrap()
    );
    // A second export is the same file, byte for byte (Tamga writes no export time).
    assert_eq!(qdpx_of(&second), qdpx);
    // One undo takes the whole import away.
    let mut second = second;
    assert!(second.undo().unwrap().is_some());
    assert_eq!(second.store().info().unwrap().codings, 0);
    assert_eq!(second.store().info().unwrap().documents, 0);
}

#[test]
fn the_codebook_goes_out_and_comes_back_as_a_qdc() {
    let dir = temp();
    let first = multilingual(dir.path());
    let rows = exchange::collect(first.store()).unwrap();
    let (qdc, report) = exchange::write_qdc(&rows);
    assert_eq!(report.carried.codes, 2);
    let xml = String::from_utf8(qdc.clone()).unwrap();
    assert!(xml.contains("urn:QDA-XML:codebook:1.0"), "{xml}");
    let read = exchange::read_qdc(&qdc).unwrap();
    assert!(read.codebook_only);
    let mut target = Project::create(&dir.path().join("codes.tamga"), "codes", "Айгерім").unwrap();
    exchange::import_into(&mut target, &read).unwrap();
    let strip = |p: &Project| -> Vec<(String, String, String, String)> {
        p.codebook()
            .unwrap()
            .into_iter()
            .map(|e| (e.code.guid, e.path, e.code.color, e.code.description))
            .collect()
    };
    assert_eq!(strip(&target), strip(&first));
}

#[test]
fn merging_the_same_file_twice_adds_nothing_the_second_time_and_undo_takes_one_step() {
    let dir = temp();
    let mut project = Project::create(&dir.path().join("merge.tamga"), "Merge", "Aigerim").unwrap();
    project.ensure_code_path("rq1_definition").unwrap();
    let read = exchange::read_file(&shared_fixture("qc-demo.qdpx")).unwrap();
    let before = project.store().dump().unwrap();
    let first = exchange::import_into(&mut project, &read).unwrap();
    assert_eq!(first.carried.documents, 2);
    assert_eq!(
        first.matched.codes, 1,
        "the existing top code matched by path"
    );
    assert_eq!(first.carried.codes, 261);
    let after = project.store().dump().unwrap();
    let second = exchange::import_into(&mut project, &read).unwrap();
    assert_eq!(second.carried, exchange::report::Counts::default());
    assert_eq!(second.matched.documents, 2);
    assert_eq!(second.matched.codings, 205);
    assert_eq!(project.store().dump().unwrap(), after);
    assert_eq!(
        project.undo_label(),
        Some("add 2 documents, 261 codes and 205 codings")
    );
    project.undo().unwrap();
    // Coders the import registered stay, as registering a coder always does.
    let without_coders = |dump: String| -> String {
        let (head, rest) = dump.split_once("coders\n").unwrap();
        let (_, tail) = rest.split_once("documents\n").unwrap();
        format!("{head}{tail}")
    };
    assert_eq!(
        without_coders(project.store().dump().unwrap()),
        without_coders(before)
    );
}

/// A zip of `entries`, deflated.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(content).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

const MINIMAL: &[u8] = br#"<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>"#;

#[test]
fn hostile_files_are_refused_with_a_reason() {
    let refused = |bytes: &[u8]| -> String {
        let started = std::time::Instant::now();
        let err = exchange::read_qdpx(bytes).expect_err("refused");
        assert!(started.elapsed().as_secs() < 20);
        err.to_string()
    };
    let outside = refused(&zip_of(&[("project.qde", MINIMAL), ("../evil.txt", b"x")]));
    assert!(outside.contains("outside"), "{outside}");
    let absolute = refused(&zip_of(&[("project.qde", MINIMAL), ("/etc/passwd", b"x")]));
    assert!(absolute.contains("outside"), "{absolute}");

    let mut many: Vec<(String, Vec<u8>)> = vec![("project.qde".into(), MINIMAL.to_vec())];
    for i in 0..=exchange::read::MAX_ENTRIES {
        many.push((format!("sources/{i}.txt"), Vec::new()));
    }
    let many: Vec<(&str, &[u8])> = many
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let crowded = refused(&zip_of(&many));
    assert!(crowded.contains("10000"), "{crowded}");

    // 3 MB of zeros deflates about a thousand times: refused before it is inflated.
    let zeros = vec![0u8; 3_000_000];
    let bomb = refused(&zip_of(&[("project.qde", &zeros)]));
    assert!(bomb.contains("zip bomb"), "{bomb}");

    let laughs = br#"<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&b;"/>"#;
    let entities = refused(&zip_of(&[("project.qde", laughs)]));
    assert!(entities.contains("entities"), "{entities}");

    let not_zip = refused(b"<Project/>");
    assert!(not_zip.contains("zip"), "{not_zip}");
    let no_qde = refused(&zip_of(&[("sources/a.txt", b"x")]));
    assert!(no_qde.contains("project.qde"), "{no_qde}");
    assert!(matches!(
        exchange::read_file(Path::new("x.nvp")),
        Err(ExchangeError::Unsupported(_))
    ));
}

/// What real exports do, in one hand-made file: `Sources/` and `Project.qde` capitalised, a BOM,
/// an unreferenced extra file, GUIDs in braces and upper case, the misspelt codebook namespace,
/// categories as not-codable codes without colour, hierarchy in names, a selection with a note
/// and no code, inline text, a local time marked Z, an unlisted creating user, U+2029 line
/// breaks in names, UTF-16 positions after emoji, CRLF counted as two, and parts Tamga does not
/// carry (PDF regions, pictures, variables, sets, graphs).
#[test]
fn real_world_quirks_are_tolerated_and_every_loss_is_reported() {
    let qde = std::fs::read(own_fixture("quirks.qde")).unwrap();
    let crlf_text = "Line one 🙂 here.\r\n中文 second line.\r\nThird 🙂 line.";
    let mut bom_text = vec![0xEF, 0xBB, 0xBF];
    bom_text.extend_from_slice(crlf_text.as_bytes());
    let package = zip_of(&[
        ("Project.qde", &qde),
        (
            "Sources/{A1B2C3D4-0000-4000-8000-0000000000AA}.txt",
            &bom_text,
        ),
        ("Sources/unreferenced.txt", b"not a source"),
    ]);
    let read = exchange::read_qdpx(&package).unwrap();
    let dir = temp();
    let (project, report) =
        exchange::create_from(&dir.path().join("q.tamga"), "quirks", "Aigerim", &read).unwrap();
    let text = report.to_text();

    let store = project.store();
    let docs = store.document_summaries().unwrap();
    assert_eq!(docs.len(), 2, "{text}");
    let crlf = store.document(docs[0].id).unwrap();
    assert_eq!(
        crlf.text,
        "Line one 🙂 here.\n中文 second line.\nThird 🙂 line."
    );
    assert_eq!(crlf.guid, "a1b2c3d4-0000-4000-8000-0000000000aa");
    let coded: BTreeMap<String, TextRange> = store
        .all_codings()
        .unwrap()
        .into_iter()
        .map(|c| (c.text, c.range))
        .collect();
    // Positions in the file are UTF-16 units over the CRLF text: "中文 second" at 19..28,
    // "Third 🙂 line" at 36..49 (the end excluded), counted by hand.
    assert!(coded.contains_key("中文 second"), "{coded:?}\n{text}");
    assert!(coded.contains_key("Third 🙂 line"), "{coded:?}\n{text}");
    assert!(coded.contains_key("here.\n中文"), "{coded:?}\n{text}");
    // The inline source, counted in code points with the end included.
    assert!(coded.contains_key("inline words"), "{coded:?}\n{text}");
    assert_eq!(coded.len(), 4, "{coded:?}\n{text}");

    // Codes: the category became a code with a colour; "Feelings::joy" nested under Feelings.
    assert!(
        project.find_code_path("Feelings/joy").unwrap().is_some(),
        "{text}"
    );
    assert!(
        project.find_code_path("Category/Child").unwrap().is_some(),
        "{text}"
    );
    let category = project.find_code_path("Category").unwrap().unwrap();
    assert!(tamga::domain::parse_color(&store.code(category).unwrap().color).is_some());
    // The creating user nobody listed became a coder named after the GUID.
    assert!(
        store
            .coders()
            .unwrap()
            .iter()
            .any(|c| c.name == "unknown user 9f9f9f9f"),
        "{text}"
    );
    // The local time marked Z is kept as written.
    assert!(
        store
            .all_codings()
            .unwrap()
            .iter()
            .any(|c| c.created_at == "2024-05-06T14:15:16Z")
    );

    for expected in [
        "1 PDF region selections",
        "2 picture selections",
        "1 picture sources",
        "1 variables (document attributes)",
        "2 variable values",
        "1 sets",
        "1 graphs",
        "1 annotations (selections with a note but no code)",
    ] {
        assert!(text.contains(expected), "missing “{expected}” in\n{text}");
    }
    // The selection whose snippet no reading confirms is listed, not placed.
    assert_eq!(report.unplaced.len(), 1, "{text}");
    assert!(report.unplaced[0].snippet.contains("nowhere"), "{text}");
}

/// `QualCoder`'s own export (see tests/fixtures/refi-qda/README.md): UTF-16 positions over text
/// with emoji, CRLF files with a BOM whose positions count `\n`, U+2029 in the names. Every
/// coding must land on the text `QualCoder` recorded for it.
#[test]
fn a_qualcoder_export_lands_every_coding_on_the_text_qualcoder_recorded() {
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(own_fixture("qualcoder.expected.json")).unwrap(),
    )
    .unwrap();
    let read = exchange::read_file(&own_fixture("qualcoder.qdpx")).unwrap();
    let dir = temp();
    let (project, report) =
        exchange::create_from(&dir.path().join("qc.tamga"), &read.name, "Aigerim", &read).unwrap();
    assert!(report.unplaced.is_empty(), "{report}");
    assert_eq!(report.origin, "QualCoder 4.0 Beta");
    for source in &report.sources {
        assert_eq!(
            source.reading, "UTF-16 code units, end excluded, CRLF counted as one, BOM not counted",
            "{report}"
        );
        assert_eq!(source.confirmed, source.selections, "{report}");
    }

    let store = project.store();
    let codebook = project.codebook().unwrap();
    let docs = store.document_summaries().unwrap();
    let mut got: Vec<(String, String, String, String)> = store
        .all_codings()
        .unwrap()
        .into_iter()
        .map(|c| {
            let doc = docs.iter().find(|d| d.id == c.document).unwrap();
            let code = codebook.iter().find(|e| e.code.id == c.code).unwrap();
            (doc.name.clone(), code.code.name.clone(), c.text, c.memo)
        })
        .collect();
    let mut want: Vec<(String, String, String, String)> = expected["codings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["source"].as_str().unwrap().to_owned(),
                c["code"].as_str().unwrap().to_owned(),
                c["seltext"].as_str().unwrap().replace('\u{2029}', "\n"),
                c["memo"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    got.sort();
    want.sort();
    assert_eq!(want.len(), 7);
    assert_eq!(got, want);

    // The category kept its subcodes; descriptions and colours came along.
    let homeland = project
        .find_code_path("Belonging/homeland")
        .unwrap()
        .unwrap();
    let homeland = store.code(homeland).unwrap();
    assert_eq!(homeland.description, "тарихи отан, 故乡");
    assert_eq!(homeland.color, "#3f8fd2");
    // The journal entry (a note nothing refers to) and the project description became journal
    // entries, and the report says so.
    let journal: Vec<String> = store
        .memos()
        .unwrap()
        .into_iter()
        .filter(|m| m.target == MemoTarget::Project)
        .map(|m| m.body)
        .collect();
    assert!(
        journal.contains(&"Journal entry: 🙂 біз.".to_owned()),
        "{journal:?}"
    );
    let text = report.to_text();
    assert!(text.contains("notes attached to nothing"), "{text}");
    assert!(text.contains("1 categories"), "{text}");
}
