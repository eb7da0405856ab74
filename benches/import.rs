//! Import speed on large inputs: a 1 MB .docx, a 100-page and a 351-page PDF, and a 1 MB .txt.
//! Targets: .docx ≤ 300 ms, PDF ≤ 2 s (also the 351-page book), .txt ≤ 50 ms.
//!
//! Run with `cargo bench --no-default-features --bench import`.

#![expect(
    clippy::expect_used,
    reason = "benchmarks fail loudly by design: a failed setup or run must stop them"
)]

use std::io::Write;
use std::sync::LazyLock;

use tamga::import::{Format, extract};

fn main() {
    divan::main();
}

/// About 1 MB of paragraphs mixing Kazakh, Russian, Chinese and curly quotes.
static TEXT: LazyLock<Vec<String>> = LazyLock::new(|| {
    let sentences = [
        "Қазақстан — тарихи отан, ал “үй” деген сөз әр отбасында басқаша естіледі.",
        "Русский язык мы учили в школе, но дома говорили по-казахски.",
        "中国的现代化是一个漫长的过程。",
        "Интервьюер: сіз қай жерде тудыңыз? Респондент: Алматыда, ‘тау етегінде’.",
    ];
    let mut paragraphs = Vec::new();
    let mut bytes = 0;
    let mut i = 0usize;
    while bytes < 1_000_000 {
        let paragraph: Vec<&str> = (0..6)
            .map(|k| sentences[(i + k) % sentences.len()])
            .collect();
        let paragraph = format!("{i}. {}", paragraph.join(" "));
        bytes += paragraph.len() + 2;
        paragraphs.push(paragraph);
        i += 1;
    }
    paragraphs
});

/// A minimal .docx holding [`TEXT`], one paragraph each, with runs and a tab as Word writes them.
fn docx_bytes() -> Vec<u8> {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    );
    for paragraph in TEXT.iter() {
        let (head, tail) = paragraph.split_at(paragraph.find(' ').unwrap_or(0));
        xml.push_str(
            r#"<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>"#,
        );
        xml.push_str(head);
        xml.push_str(r#"</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">"#);
        xml.push_str(tail);
        xml.push_str("</w:t></w:r></w:p>");
    }
    xml.push_str("</w:body></w:document>");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", options)
        .expect("zip entry");
    zip.write_all(xml.as_bytes()).expect("zip write");
    zip.finish().expect("zip finish").into_inner()
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn docx_1mb(bencher: divan::Bencher) {
    let bytes = docx_bytes();
    bencher.bench(|| extract(Format::Docx, divan::black_box(&bytes)).expect("docx"));
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn pdf_100_pages(bencher: divan::Bencher) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/benches/data/hundred-pages.pdf"
    );
    let bytes = std::fs::read(path).expect("benches/data/hundred-pages.pdf");
    bencher.bench(|| extract(Format::Pdf, divan::black_box(&bytes)).expect("pdf"));
}

/// A 351-page pdfTeX book (running heads, footnotes, hyphenation); see benches/data/README.md.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn pdf_351_pages(bencher: divan::Bencher) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/benches/data/book-351-pages.pdf"
    );
    let bytes = std::fs::read(path).expect("benches/data/book-351-pages.pdf");
    bencher.bench(|| extract(Format::Pdf, divan::black_box(&bytes)).expect("pdf"));
}

#[divan::bench(sample_count = 50, sample_size = 1)]
fn txt_1mb(bencher: divan::Bencher) {
    let bytes = TEXT.join("\r\n\r\n").into_bytes();
    bencher.bench(|| extract(Format::Text, divan::black_box(&bytes)).expect("txt"));
}
