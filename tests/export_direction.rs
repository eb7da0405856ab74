//! Exports keep each passage's direction: DOCX paragraphs with `w:bidi` and right-to-left runs
//! with `w:rtl`, ODT paragraphs in the right-to-left writing mode, HTML blocks with `dir`, and
//! Markdown in logical order, untouched. The runs expected right to left are worked out by hand
//! from the Unicode Bidirectional Algorithm's rules (UAX #9), named beside each.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers fail loudly; that is their job"
)]

use std::io::Read as _;
use std::path::{Path, PathBuf};

use quick_xml::events::Event;

#[expect(
    dead_code,
    reason = "these tests read exports, never JSON output or failures"
)]
mod common;

use common::{Env, s};

/// Right to left from its first strong letter (Uyghur). In a right-to-left paragraph: the
/// Arabic-script words and the spaces and dash between them and the Cyrillic are level 1
/// (N1, N2: neutrals between R and L take the embedding direction); "Біз 2014 жылы келдік" is
/// level 2 (L, and EN after L becomes L by W7); the final full stop, between L and the
/// paragraph's end (R), takes the embedding direction: level 1.
const RTL_PARAGRAPH: &str = "ئېلىم كۆچ — Біз 2014 жылы келдік.";
/// Left to right from its first strong letter (Cyrillic Kazakh): only the two Arabic-script
/// words and the space between them (N1) are right to left.
const LTR_PARAGRAPH: &str = "Біз ئېلىم كۆچ туралы айттық.";
/// An Arabic-script memo: right to left throughout.
const MEMO: &str = "كۆچ — مەكەن";

fn coded_project(env: &Env) -> PathBuf {
    let project = env.path("directions.tamga");
    env.ok(&["new", s(&project), "--name", "Directions"]);
    let file = env.path("notes.txt");
    std::fs::write(&file, format!("{RTL_PARAGRAPH}\n\n{LTR_PARAGRAPH}\n")).unwrap();
    env.ok(&["import", s(&project), s(&file)]);
    for (quote, memo) in [(RTL_PARAGRAPH, MEMO), (LTR_PARAGRAPH, "")] {
        env.ok(&[
            "code",
            s(&project),
            "--document",
            "notes",
            "--code",
            "Migration",
            "--quote",
            quote,
            "--memo",
            memo,
        ]);
    }
    project
}

fn export(env: &Env, project: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let out = env.path(name);
    let mut args = vec!["export", s(project), "--out", s(&out)];
    args.extend_from_slice(extra);
    env.ok(&args);
    out
}

fn zip_entry(path: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut entry = archive.by_name(name).unwrap();
    let mut out = String::new();
    entry.read_to_string(&mut out).unwrap();
    out
}

/// A Word paragraph as read back: whether it has `w:bidi`, and its runs' text with whether
/// each run has `w:rtl`.
#[derive(Debug, Default)]
struct WordParagraph {
    bidi: bool,
    runs: Vec<(String, bool)>,
}

impl WordParagraph {
    fn text(&self) -> String {
        self.runs.iter().map(|r| r.0.as_str()).collect()
    }

    /// The text of its right-to-left runs, adjacent ones joined.
    fn right_to_left(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut last = false;
        for (text, rtl) in &self.runs {
            if *rtl && last {
                out.last_mut().unwrap().push_str(text);
            } else if *rtl {
                out.push(text.clone());
            }
            last = *rtl;
        }
        out
    }
}

fn word_paragraphs(xml: &str) -> Vec<WordParagraph> {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    let mut out = Vec::new();
    let mut para: Option<WordParagraph> = None;
    let (mut in_ppr, mut in_text) = (false, false);
    let mut run: Option<(String, bool)> = None;
    loop {
        let event = reader.read_event().unwrap();
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "w:p" => para = Some(WordParagraph::default()),
                "w:pPr" => in_ppr = matches!(event, Event::Start(_)),
                "w:bidi" if in_ppr => para.as_mut().unwrap().bidi = true,
                "w:r" => run = Some((String::new(), false)),
                "w:rtl" => run.as_mut().unwrap().1 = true,
                "w:t" => in_text = matches!(event, Event::Start(_)),
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "w:p" => out.extend(para.take()),
                "w:pPr" => in_ppr = false,
                "w:t" => in_text = false,
                "w:r" => {
                    if let (Some(p), Some(r)) = (para.as_mut(), run.take()) {
                        p.runs.push(r);
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                run.as_mut().unwrap().0.push_str(&t.xml10_content());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn paragraph_with<'a>(paragraphs: &'a [WordParagraph], text: &str) -> &'a WordParagraph {
    paragraphs
        .iter()
        .find(|p| p.text() == text)
        .unwrap_or_else(|| panic!("no paragraph {text:?} in {paragraphs:#?}"))
}

#[test]
fn docx_marks_right_to_left_paragraphs_with_bidi_and_their_runs_with_rtl() {
    let env = Env::new();
    let project = coded_project(&env);
    for (name, extra) in [
        ("excerpts.docx", vec!["--format", "docx"]),
        ("document.docx", vec!["--document-view", "notes"]),
    ] {
        let out = export(&env, &project, name, &extra);
        let xml = zip_entry(&out, "word/document.xml");
        assert!(!xml.contains("TamgaRightToLeftRun"), "{name}: marker left");
        let paragraphs = word_paragraphs(&xml);
        let rtl = paragraph_with(&paragraphs, RTL_PARAGRAPH);
        assert!(rtl.bidi, "{name}: {rtl:?}");
        assert_eq!(rtl.right_to_left(), ["ئېلىم كۆچ — ", "."], "{name}");
        let ltr = paragraph_with(&paragraphs, LTR_PARAGRAPH);
        assert!(!ltr.bidi, "{name}: {ltr:?}");
        assert_eq!(ltr.right_to_left(), ["ئېلىم كۆچ"], "{name}");
        if name == "excerpts.docx" {
            let memo = paragraphs
                .iter()
                .find(|p| p.text().ends_with(MEMO))
                .unwrap();
            assert!(memo.bidi, "{memo:?}");
            assert_eq!(memo.right_to_left(), [MEMO]);
        } else {
            // The title and other Latin paragraphs stay left to right.
            assert!(paragraphs[0].runs.iter().all(|r| !r.1));
        }
    }

    // Forced right to left, the Cyrillic-led paragraph becomes a right-to-left paragraph too:
    // in it "Біз " and " туралы айттық" are level 2 (N2 then L) and the full stop level 1.
    env.ok(&["set-direction", s(&project), "--document", "notes", "rtl"]);
    let out = export(&env, &project, "forced.docx", &["--format", "docx"]);
    let paragraphs = word_paragraphs(&zip_entry(&out, "word/document.xml"));
    let forced = paragraph_with(&paragraphs, LTR_PARAGRAPH);
    assert!(forced.bidi, "{forced:?}");
    assert_eq!(forced.right_to_left(), [" ئېلىم كۆچ ", "."]);
}

#[test]
fn odt_sets_right_to_left_paragraphs_in_the_right_to_left_writing_mode() {
    let env = Env::new();
    let project = coded_project(&env);
    let out = export(&env, &project, "excerpts.odt", &["--format", "odt"]);
    let content = zip_entry(&out, "content.xml");
    assert!(
        content.contains(
            "<style:style style:name=\"R_Quotations\" style:family=\"paragraph\" style:parent-style-name=\"Quotations\"><style:paragraph-properties style:writing-mode=\"rl-tb\"/>"
        ),
        "{content}"
    );
    let style_of = |text: &str| {
        let at = content.find(text).unwrap();
        let open = content[..at].rfind("<text:p ").unwrap();
        content[open..at].to_owned()
    };
    assert!(style_of(RTL_PARAGRAPH).contains("\"R_Quotations\""));
    assert!(style_of(LTR_PARAGRAPH).contains("\"Quotations\""));
    assert!(style_of(MEMO).contains("\"R_Excerpt_20_Memo\""));
}

#[test]
fn html_gives_each_excerpt_its_documents_direction_and_markdown_keeps_logical_order() {
    let env = Env::new();
    let project = coded_project(&env);
    let html = std::fs::read_to_string(export(&env, &project, "auto.html", &[])).unwrap();
    assert_eq!(
        html.matches("<blockquote dir=\"auto\">").count(),
        2,
        "{html}"
    );
    assert!(html.contains(&format!("<bdi>{MEMO}</bdi>")), "{html}");
    let document = std::fs::read_to_string(export(
        &env,
        &project,
        "document.html",
        &["--document-view", "notes"],
    ))
    .unwrap();
    assert_eq!(
        document
            .matches("<div class=\"text\" dir=\"auto\">")
            .count(),
        2
    );

    env.ok(&["set-direction", s(&project), "--document", "notes", "rtl"]);
    let html = std::fs::read_to_string(export(&env, &project, "rtl.html", &[])).unwrap();
    assert_eq!(
        html.matches("<blockquote dir=\"rtl\">").count(),
        2,
        "{html}"
    );

    // Markdown: the stored characters in their stored (logical) order, no marks added.
    let md = std::fs::read_to_string(export(&env, &project, "excerpts.md", &[])).unwrap();
    assert!(
        md.contains(RTL_PARAGRAPH) && md.contains(LTR_PARAGRAPH),
        "{md}"
    );
    assert!(
        !md.chars()
            .any(|c| matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')),
        "{md}"
    );
}
