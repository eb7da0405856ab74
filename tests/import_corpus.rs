//! The import corpus (`tests/fixtures/import/corpus/`, made with pdfTeX and LibreOffice by
//! `make_corpus.sh`) against reference extractors: `pdftotext` (poppler-utils) for the PDFs,
//! `pandoc` for the Word and OpenDocument files, and LibreOffice's own text export of the Word
//! files (committed beside them) for list labels. Words are compared in reading order; the
//! vocabulary that tells a split or reversed word is the corpus's source text, not either
//! extractor's output.
//!
//! These tests need `pdftotext` and `pandoc` on the PATH (`.ci/run` installs both) and fail
//! with a message saying so when one is missing.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail loudly; that is their job"
)]

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use tamga::import::{Extracted, Format, ImportOptions, extract_with};

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/corpus")
        .join(name)
}

fn run_tool(tool: &str, package: &str, args: &[&str]) -> String {
    let output = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!(
            "this test compares Tamga with `{tool}`, which could not be run ({e}); install the Debian package {package}"
        )
    });
    assert!(
        output.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 from the reference tool")
}

fn pdftotext(name: &str) -> String {
    let path = corpus(name);
    run_tool(
        "pdftotext",
        "poppler-utils",
        &["-enc", "UTF-8", &path.to_string_lossy(), "-"],
    )
}

/// pdftotext in content-stream order: pdfTeX and LibreOffice write text in reading order, so
/// for this corpus this is the reading order (pdftotext's default mode reads the abstract of
/// the two-column paper across into the right column).
fn pdftotext_raw(name: &str) -> String {
    let path = corpus(name);
    run_tool(
        "pdftotext",
        "poppler-utils",
        &["-raw", "-enc", "UTF-8", &path.to_string_lossy(), "-"],
    )
}

fn pdftotext_page(name: &str, page: usize) -> String {
    let path = corpus(name);
    let page = page.to_string();
    run_tool(
        "pdftotext",
        "poppler-utils",
        &[
            "-enc",
            "UTF-8",
            "-f",
            &page,
            "-l",
            &page,
            &path.to_string_lossy(),
            "-",
        ],
    )
}

fn pandoc(name: &str) -> String {
    let path = corpus(name);
    run_tool(
        "pandoc",
        "pandoc",
        &["-t", "plain", "--wrap=none", &path.to_string_lossy()],
    )
}

fn tamga(name: &str, join_pdf_lines: bool) -> Extracted {
    let path = corpus(name);
    let format = Format::from_path(&path).expect("a format Tamga imports");
    let bytes = std::fs::read(&path).expect("corpus file");
    extract_with(format, &bytes, ImportOptions { join_pdf_lines }).expect("imports")
}

/// The corpus's source text: what the documents say, whatever reads them.
fn source_vocabulary() -> HashSet<String> {
    let dir = corpus("src");
    let mut text = String::new();
    for name in ["prose.txt", "chapter.txt", "rtl.txt"] {
        text.push_str(&std::fs::read_to_string(dir.join(name)).expect("source text"));
        text.push('\n');
    }
    // The sentences make_sources.py adds to the papers.
    text.push_str(
        "If a household keeps a tent then in short and the share of such households was with for the rest \
         The district office in Washington Street counted 8,935,112 animals in 1989 Officials called the old shelters ugly They were not \
         Aigerim Example Daniyar Sample Abstract We follow the seasonal routes of herding families in one valley",
    );
    words(&text).into_iter().collect()
}

/// Characters that only steer the direction of text (pdftotext writes them around
/// right-to-left lines).
fn is_direction_mark(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The words of a text in order: lower case, ligatures spelt out, punctuation at either end
/// and hyphens dropped, words hyphenated across lines joined.
fn words(text: &str) -> Vec<String> {
    let text: String = text
        .replace("-\n", "")
        .chars()
        .filter(|&c| !is_direction_mark(c))
        .collect();
    let text = text
        .replace('ﬀ', "ff")
        .replace('ﬁ', "fi")
        .replace('ﬂ', "fl")
        .replace('ﬃ', "ffi")
        .replace('ﬄ', "ffl");
    text.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .replace(['-', '\u{2010}'], "")
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// 2 × (longest common subsequence) / (total length): 1 for the same words in the same order.
fn similarity(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let mut previous = vec![0u32; b.len() + 1];
    let mut current = vec![0u32; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            current[j + 1] = if x == y {
                previous[j] + 1
            } else {
                current[j].max(previous[j + 1])
            };
        }
        std::mem::swap(&mut previous, &mut current);
    }
    2.0 * f64::from(previous[b.len()]) / (a.len() + b.len()) as f64
}

/// Words broken by a spurious space: two neighbours that make a word of the source together
/// while one of them alone is not a word.
fn split_words(words: &[String], vocabulary: &HashSet<String>) -> usize {
    words
        .windows(2)
        .filter(|pair| {
            vocabulary.contains(&format!("{}{}", pair[0], pair[1]))
                && !(vocabulary.contains(&pair[0]) && vocabulary.contains(&pair[1]))
        })
        .count()
}

/// A space before a full stop, comma, semicolon, colon, question or exclamation mark, or
/// closing bracket.
fn spaces_before_punctuation(text: &str) -> usize {
    text.as_bytes()
        .windows(2)
        .filter(|w| w[0] == b' ' && b".,;:!?)]".contains(&w[1]))
        .count()
}

/// Words written right to left that are not words of the source while their mirror image is.
fn reversed_words(words: &[String], vocabulary: &HashSet<String>) -> usize {
    words
        .iter()
        .filter(|w| {
            let reversed: String = w.chars().rev().collect();
            w.chars().count() > 1 && !vocabulary.contains(*w) && vocabulary.contains(&reversed)
        })
        .count()
}

/// Paragraphs (blank-line separated) of six words or more that stop without closing a
/// sentence.
fn paragraphs_ending_mid_sentence(text: &str) -> usize {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| p.split_whitespace().count() >= 6)
        .filter(|p| {
            let p = p.trim_end_matches(|c: char| is_direction_mark(c) || c.is_whitespace());
            !p.ends_with(['.', '!', '?', ':', ';', '”', '"', ')', '»'])
        })
        .count()
}

struct Report {
    /// With `pdftotext -raw`, the reading order of this corpus.
    similarity: f64,
    split: (usize, usize),
    punctuation: (usize, usize),
    mid_sentence: (usize, usize),
}

/// Tamga (with lines joined) against pdftotext on one corpus PDF; printed for the log.
fn compare_pdf(name: &str) -> Report {
    let vocabulary = source_vocabulary();
    let ours = tamga(name, true).text;
    let reference = pdftotext(name);
    let (our_words, their_words) = (words(&ours), words(&reference));
    let default_mode = similarity(&our_words, &their_words);
    let report = Report {
        similarity: similarity(&our_words, &words(&pdftotext_raw(name))),
        split: (
            split_words(&our_words, &vocabulary),
            split_words(&their_words, &vocabulary),
        ),
        punctuation: (
            spaces_before_punctuation(&ours),
            spaces_before_punctuation(&reference),
        ),
        mid_sentence: (
            paragraphs_ending_mid_sentence(&ours),
            paragraphs_ending_mid_sentence(&reference),
        ),
    };
    eprintln!(
        "{name}: similarity {:.3} with pdftotext -raw, {default_mode:.3} with pdftotext; split words {} (pdftotext {}); spaces before punctuation {} ({}); paragraphs ending mid-sentence {} ({})",
        report.similarity,
        report.split.0,
        report.split.1,
        report.punctuation.0,
        report.punctuation.1,
        report.mid_sentence.0,
        report.mid_sentence.1
    );
    assert!(!ours.contains("[page"), "{name} has a page marker");
    assert!(
        report.split.0 <= report.split.1,
        "{name}: more split words than pdftotext"
    );
    assert!(
        report.punctuation.0 <= report.punctuation.1,
        "{name}: more spaces before punctuation than pdftotext"
    );
    let cut: Vec<&str> = ours
        .split("\n\n")
        .filter(|p| paragraphs_ending_mid_sentence(p) > 0)
        .collect();
    assert!(
        cut.is_empty(),
        "{name}: paragraphs end mid-sentence: {cut:#?}"
    );
    report
}

#[test]
fn two_column_papers_are_read_column_after_column() {
    for name in ["paper-twocolumn.pdf", "writer-twocolumn.pdf"] {
        let report = compare_pdf(name);
        assert!(
            report.similarity >= 0.95,
            "{name}: reading-order similarity {:.3} with pdftotext -raw",
            report.similarity
        );
    }
    // The halves of two columns are never glued through a line-end hyphen: each column's
    // first words follow the last words of the same column.
    let extracted = tamga("paper-twocolumn.pdf", true);
    let paper = &extracted.text;
    assert!(paper.contains("before any official map existed. This paper looks"));
    assert!(paper.contains("which son stays behind with the school"));
    // The list's bullets come from a bitmap font without Unicode (pdfTeX's textcomp bullet
    // here): the import summary says so.
    assert_eq!(extracted.warnings.len(), 1, "{:?}", extracted.warnings);
    assert!(extracted.warnings[0].contains("left out"));
    assert!(tamga("writer-twocolumn.pdf", true).warnings.is_empty());
}

#[test]
fn single_column_books_keep_whole_words_and_paragraphs() {
    for name in ["book-ligatures.pdf", "writer-pages.pdf"] {
        let report = compare_pdf(name);
        assert!(
            report.similarity >= 0.95,
            "{name}: similarity {:.3} with pdftotext -raw",
            report.similarity
        );
    }
    let book = tamga("book-ligatures.pdf", true).text;
    // pdfTeX set these with ﬁ and ﬂ glyphs (no Unicode map in the file): stored as letters.
    for word in [
        "first",
        "field",
        "office",
        "flocks",
        "fluent",
        "affluent",
        "difficult",
    ] {
        assert!(book.contains(word), "{word} missing");
    }
    assert!(!book.contains(['ﬁ', 'ﬂ', 'ﬀ', 'ﬃ', 'ﬄ']));
    // Maths from the font's glyph names, not its codes (∈ is code 0x32, "2", in CMSY).
    assert!(book.contains("h ∈ H ⇒ h ∈ M"), "{book}");
    assert!(book.contains("α") && book.contains("β ≤ γ"));
    // A word pdfTeX hyphenated across a line comes back whole.
    assert!(book.contains("Washington Street counted 8,935,112 animals"));
    // Running heads and page numbers are not text.
    assert!(!book.contains("CHAPTER 1."), "{book}");
}

#[test]
fn right_to_left_text_comes_out_in_logical_order() {
    let vocabulary = source_vocabulary();
    let ours = tamga("writer-rtl.pdf", true).text;
    let reference = pdftotext("writer-rtl.pdf");
    let source = std::fs::read_to_string(corpus("src/rtl.txt")).expect("source");
    let our_words = words(&ours);
    assert_eq!(reversed_words(&our_words, &vocabulary), 0, "{ours}");
    let from_source = similarity(&our_words, &words(&source));
    let from_pdftotext = similarity(&our_words, &words(&reference));
    eprintln!(
        "writer-rtl.pdf: similarity {from_source:.3} with the source, {from_pdftotext:.3} with pdftotext; reversed words 0 (pdftotext {})",
        reversed_words(&words(&reference), &vocabulary)
    );
    assert!(from_source >= 0.95, "{from_source:.3}\n{ours}");
    assert!(ours.contains("يقول دائم"), "{ours}");
    assert!(
        ours.contains("habibi عندما"),
        "a Latin word inside an Arabic line: {ours}"
    );
    assert!(ours.contains("في عام 1975"), "{ours}");
    assert!(ours.contains("8,935,112"));
    assert!(ours.contains("بۇ تەتقىقات ۋادىدىكى پەسىللىك كۆچۈش يوللىرى"));
    assert!(ours.contains("with one Arabic word: مرحبا."));
    // No presentation forms: letters, as typed.
    assert!(!ours.chars().any(|c| ('\u{fb50}'..='\u{fefe}').contains(&c)));
}

#[test]
fn the_page_map_points_at_each_page_s_first_words() {
    for name in [
        "writer-pages.pdf",
        "book-ligatures.pdf",
        "writer-twocolumn.pdf",
        "blank-first-page.pdf",
    ] {
        let extracted = tamga(name, true);
        let text: Vec<char> = extracted.text.chars().collect();
        assert_eq!(extracted.pages[0], 0);
        for (k, &start) in extracted.pages.iter().enumerate() {
            // pdftotext's first words of the page, leaving out page numbers and running heads
            // (set in capitals).
            let page = pdftotext_page(name, k + 1);
            let lines: Vec<&str> = page
                .lines()
                .filter(|l| l.chars().any(char::is_lowercase))
                .collect();
            let lettered = |w: &String| w.chars().any(char::is_alphabetic);
            let expected: Vec<String> = words(&lines.join("\n"))
                .into_iter()
                .filter(lettered)
                .take(3)
                .collect();
            if expected.is_empty() {
                continue;
            }
            let ours: String = text[start..].iter().take(200).collect();
            let got: Vec<String> = words(&ours).into_iter().filter(lettered).take(3).collect();
            assert_eq!(got, expected, "{name}, page {}", k + 1);
        }
        assert_eq!(
            extracted.pages.len(),
            run_tool(
                "pdftotext",
                "poppler-utils",
                &["-enc", "UTF-8", &corpus(name).to_string_lossy(), "-"]
            )
            .matches('\u{c}')
            .count(),
            "{name}: one entry per page"
        );
    }
    // The book's third page starts in the middle of a sentence, after a running head: one
    // paragraph, no marker, and the page starts at its first word.
    let book = tamga("book-ligatures.pdf", true);
    let before: String = book.text.chars().take(book.pages[2]).collect();
    assert!(
        before.ends_with("figures again. We left the valley the "),
        "{before}"
    );
    assert!(
        book.text
            .contains("We left the valley the next morning, by the road")
    );
}

#[test]
fn a_pdf_with_a_blank_first_page_imports_with_its_pages_numbered_as_printed() {
    // The cover has no text: it starts where the first text does, and every later page keeps
    // its number.
    let paged = tamga("writer-pages.pdf", true);
    let covered = tamga("blank-first-page.pdf", true);
    assert_eq!(covered.text, paged.text);
    let mut expected = vec![0];
    expected.extend(&paged.pages);
    assert_eq!(covered.pages, expected);
    // The project takes it (a page map with equal starts is a blank page, not an error).
    let dir = tempfile::tempdir().expect("temp dir");
    let mut project = tamga::project::Project::create(&dir.path().join("p.tamga"), "P", "Aigerim")
        .expect("create");
    let read = tamga::import::read_document_with(
        &corpus("blank-first-page.pdf"),
        ImportOptions {
            join_pdf_lines: true,
        },
    )
    .expect("read");
    project
        .execute(tamga::domain::Edit::ImportDocument(read))
        .expect("a PDF with a blank cover imports");
    let id = project.store().document_summaries().expect("list")[0].id;
    assert_eq!(project.store().document(id).expect("doc").pages, expected);
}

#[test]
fn lines_of_a_pdf_are_kept_unless_joined() {
    let kept = tamga("writer-pages.pdf", false).text;
    let joined = tamga("writer-pages.pdf", true).text;
    assert_eq!(words(&kept), words(&joined));
    assert!(kept.lines().count() > joined.lines().count());
    // The verse keeps its line breaks either way.
    for text in [&kept, &joined] {
        assert!(text.contains(
            "Grass on the saddle,\nsnow on the pass,\nthe lambs come early\nand the road comes last."
        ));
    }
}

/// The lines of LibreOffice's text export of a Word file that are list items: (label, text).
fn libreoffice_list_items(name: &str) -> Vec<(String, String)> {
    let reference = std::fs::read_to_string(corpus(&format!("{name}.libreoffice.txt")))
        .expect("LibreOffice's text export, made by make_corpus.sh");
    reference
        .lines()
        .filter(|l| l.starts_with(' '))
        .filter_map(|l| {
            let (label, text) = l.trim().split_once(' ')?;
            Some((label.to_owned(), text.trim().to_owned()))
        })
        .collect()
}

#[test]
fn every_list_label_of_word_and_opendocument_files_is_kept() {
    let items = libreoffice_list_items("office-lists.docx");
    // Counted by hand in make_sources.py: 28 items in eight lists.
    assert_eq!(items.len(), 28);
    for name in ["office-lists.docx", "office-lists.odt"] {
        let ours = tamga(name, false).text;
        let paragraphs: HashSet<&str> = ours.split("\n\n").collect();
        for (label, text) in &items {
            let expected = format!("{label}\t{text}");
            assert!(
                paragraphs.contains(expected.as_str()),
                "{name}: “{expected}” missing in\n{ours}"
            );
        }
        let reference = pandoc(name);
        let score = similarity(&words(&ours), &words(&reference));
        eprintln!("{name}: similarity {score:.3} with pandoc");
        assert!(score >= 0.9, "{name}: {score:.3} with pandoc\n{reference}");
    }
    // Spot checks against the design: restarts, continuation, start value, legal numbering.
    let ours = tamga("office-lists.docx", false).text;
    assert!(ours.contains("numbered afresh:\n\n1.\tWho came back?"));
    assert!(ours.contains("between the questions.\n\n3.\tWhat is left?"));
    assert!(ours.contains("5.\tflocks by owner\n\n6.\tlosses by cause"));
    assert!(ours.contains("1.\tGrazing\n\n1.1.\tsummer pastures\n\n1.2.\twinter pastures"));
    assert!(ours.contains("▪\tthe oldest piece"));
}

#[test]
fn headers_and_footers_come_once_at_the_end() {
    for name in ["office-extras.docx", "office-extras.odt"] {
        let ours = tamga(name, false).text;
        assert!(
            ours.ends_with(
                "The interview ended before the evening milking.\n\nHeaders and footers\n\n[header] Interview transcript, draft two\n\n[footer] As of Dec 2019, all names are pseudonyms. Page 1"
            ),
            "{name}:\n{ours}"
        );
        // A Wingdings check mark is the character it draws, not a private-use one.
        assert!(
            ours.contains("pages with ✓ in the margin"),
            "{name}:\n{ours}"
        );
        // A picture's title and description are not glued into the text.
        assert!(
            ours.contains("A sketch of the valley follows.\n\n"),
            "{name}:\n{ours}"
        );
        assert!(!ours.contains("Valley sketch"));
        let body = ours.split("Headers and footers").next().unwrap_or_default();
        // pandoc keeps the private-use character and the picture's description, which Tamga
        // leaves out on purpose.
        let score = similarity(&words(body), &words(&pandoc(name)));
        assert!(score >= 0.9, "{name}: {score:.3} with pandoc");
    }
}

/// Lines of `pdftotext`'s page `page` with at least five words that occur exactly once in
/// `text`, with their character offset there.
fn unique_lines_of_page(name: &str, page: usize, text: &str) -> Vec<(usize, String)> {
    pdftotext_page(name, page)
        .lines()
        .map(str::trim)
        .filter(|l| l.split_whitespace().count() >= 5)
        .filter(|l| text.matches(*l).count() == 1)
        .filter_map(|l| {
            let byte = text.find(l)?;
            Some((text[..byte].chars().count(), l.to_owned()))
        })
        .collect()
}

#[test]
fn a_pdf_excerpt_cites_the_page_or_pages_it_lies_on() {
    use tamga::domain::{Edit, TextRange};
    use tamga::project::Project;
    use tamga::retrieval::{Context, excerpt_of};

    let name = "book-ligatures.pdf";
    let doc = tamga::import::read_document(&corpus(name)).expect("imports");
    assert!(doc.pages.len() > 3, "a page map: {:?}", doc.pages);
    let text = doc.text.clone();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut project =
        Project::create(&dir.path().join("book.tamga"), "Book", "Aigerim").expect("project");
    project.execute(Edit::ImportDocument(doc)).expect("import");
    let document = project.store().document_summaries().expect("documents")[0].id;
    // The page map survives the file: read it back.
    let pages = project.store().document(document).expect("document").pages;
    assert!(pages.len() > 3 && pages[0] == 0, "{pages:?}");
    let code = project.ensure_code_path("pages").expect("code");
    let apply = |project: &mut Project, start: usize, end: usize| {
        let inverse = project
            .execute(Edit::ApplyCoding {
                document,
                code,
                range: TextRange::new(start, end),
                coder: "Aigerim".into(),
                memo: String::new(),
            })
            .expect("code");
        match inverse {
            Edit::RemoveCoding { id } => id,
            other => panic!("the inverse of a coding is its removal, not {other:?}"),
        }
    };
    let mut checked_single = 0;
    let mut checked_span = 0;
    for page in 1..pages.len() {
        let here = unique_lines_of_page(name, page, &text);
        let next = unique_lines_of_page(name, page + 1, &text);
        // One line, on one page (pdftotext's page is the truth).
        if let Some((start, line)) = here.first() {
            let end = start + line.chars().count();
            let coding = apply(&mut project, *start, end);
            let e = excerpt_of(&project, coding, Context::None).expect("excerpt");
            assert_eq!(e.pages, Some((page, page)), "{line:?}");
            assert!(
                e.citation()
                    .contains(&format!("(book-ligatures, p. {page}, ¶")),
                "{}",
                e.citation()
            );
            checked_single += 1;
        }
        // From the last line of this page to the first of the next.
        if let (Some((start, _)), Some((next_start, next_line))) = (here.last(), next.first())
            && next_start > start
        {
            let end = next_start + next_line.chars().count();
            let coding = apply(&mut project, *start, end);
            let e = excerpt_of(&project, coding, Context::None).expect("excerpt");
            assert_eq!(e.pages, Some((page, page + 1)));
            assert!(
                e.citation()
                    .contains(&format!("pp. {page}–{}, ¶", page + 1)),
                "{}",
                e.citation()
            );
            checked_span += 1;
        }
    }
    assert!(
        checked_single >= 3 && checked_span >= 2,
        "{checked_single} {checked_span}"
    );
}

#[test]
fn office_paragraphs_that_run_over_a_page_break_come_out_whole() {
    // pandoc's own reading of the source (tests/fixtures/import/corpus/src/across.md) gives the
    // paragraphs; the DOCX and ODT made from it carry a page break inside two of them.
    let source = corpus("src/across.md");
    let expected: Vec<String> = run_tool(
        "pandoc",
        "pandoc",
        &["-t", "plain", "--wrap=none", &source.to_string_lossy()],
    )
    .split("\n\n")
    .map(|p| p.trim().to_owned())
    .filter(|p| p.starts_with("Абзац"))
    .collect();
    assert_eq!(expected.len(), 4);
    for name in ["across.docx", "across.odt"] {
        let ours = tamga(name, false).text;
        assert!(!ours.contains("[page"), "{name} has a page marker");
        let paragraphs: Vec<&str> = ours.split("\n\n").map(str::trim).collect();
        for p in &expected {
            assert!(
                paragraphs.contains(&p.as_str()),
                "{name}: the paragraph starting {:?} is not whole",
                p.chars().take(30).collect::<String>()
            );
        }
    }
}
