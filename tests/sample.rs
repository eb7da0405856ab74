//! The sample project as kept under `projects/sample/`: texts with real paragraphs, and a
//! manifest whose every coding lands exactly on its quote, inside one paragraph, on words that
//! the raw PDF extraction (`projects/sample/source/`) holds in the same order.

use std::path::{Path, PathBuf};

use serde_json::Value;

#[expect(
    dead_code,
    reason = "these tests run `tamga` but never expect it to fail"
)]
mod common;

use common::{Env, s};

/// The texts `projects/sample/rebuild.py` makes, with the raw extraction each comes from.
const REBUILT: [(&str, &str); 2] = [
    (
        "shanatibieke-2016-china-kazakhs-emigration.txt",
        "000_5ec8af2e2cad208b.txt",
    ),
    (
        "werner-emmelhainz-barcus-2017-privileged-exclusion.txt",
        "002_fe3d62281fbed493.txt",
    ),
];

fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample")
}

fn manifest() -> Option<Value> {
    let text = std::fs::read_to_string(sample_dir().join("manifest.json")).ok()?;
    serde_json::from_str(&text).ok()
}

/// The text of the manifest document named `name`.
fn text_of(manifest: &Value, name: &str) -> Option<String> {
    let doc = manifest["documents"]
        .as_array()?
        .iter()
        .find(|d| d["name"] == name)?;
    std::fs::read_to_string(sample_dir().join(doc["file"].as_str()?)).ok()
}

/// Character offsets of the `occurrence`-th occurrence of `quote` in `text`, overlapping
/// occurrences counted: written here from the manifest's definition, not taken from Tamga.
fn occurrence(text: &str, quote: &str, occurrence: u64) -> Option<(usize, usize)> {
    let mut seen = 0;
    for (chars, (byte, _)) in text.char_indices().enumerate() {
        if text[byte..].starts_with(quote) {
            seen += 1;
            if seen == occurrence {
                return Some((chars, chars + quote.chars().count()));
            }
        }
    }
    None
}

/// The text without whitespace and hyphens: what a line break or a page break cannot change.
fn squeezed(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

#[test]
fn the_rebuilt_texts_have_real_paragraphs_and_no_hard_wraps() {
    for (file, _) in REBUILT {
        let text = std::fs::read_to_string(sample_dir().join(file)).unwrap();
        let body = text.strip_suffix('\n').unwrap_or(&text);
        let paragraphs: Vec<&str> = body.split("\n\n").collect();
        for p in &paragraphs {
            assert!(!p.is_empty(), "{file}: an empty paragraph");
            assert!(!p.contains('\n'), "{file}: a line break inside {p:?}");
            assert_eq!(p.trim(), *p, "{file}: spaces around {p:?}");
            assert!(!p.contains("  "), "{file}: a run of spaces in {p:?}");
        }
        assert!(
            (30..=200).contains(&paragraphs.len()),
            "{file}: {}",
            paragraphs.len()
        );
    }
}

#[test]
fn every_manifest_coding_is_found_exactly_and_within_one_paragraph() {
    let manifest = manifest().unwrap();
    let codings = manifest["codings"].as_array().unwrap();
    let mut expected = Vec::new();
    for c in codings {
        let document = c["document"].as_str().unwrap();
        let quote = c["quote"].as_str().unwrap();
        let text = text_of(&manifest, document).unwrap();
        let (start, end) = occurrence(&text, quote, c["occurrence"].as_u64().unwrap_or(1))
            .unwrap_or_else(|| panic!("not found: {quote:?}"));
        assert!(
            !quote.contains('\n'),
            "crosses a paragraph break: {quote:?}"
        );
        expected.push((
            document.to_owned(),
            c["code"].as_str().unwrap().to_owned(),
            start,
            end,
            quote.to_owned(),
        ));
    }
    // The built sample holds exactly these codings.
    let env = Env::new();
    let project = env.path("sample.tamga");
    env.ok(&["sample", s(&project)]);
    let segments = env.json(&["segments", s(&project), "--json"]);
    let mut built: Vec<_> = segments
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["document"].as_str().unwrap().to_owned(),
                r["code"].as_str().unwrap().to_owned(),
                usize::try_from(r["start"].as_u64().unwrap()).unwrap(),
                usize::try_from(r["end"].as_u64().unwrap()).unwrap(),
                r["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    expected.sort();
    built.sort();
    assert_eq!(built, expected);
}

#[test]
fn every_coding_keeps_the_words_it_had_in_the_raw_extraction() {
    let manifest = manifest().unwrap();
    let mut checked = 0;
    for c in manifest["codings"].as_array().unwrap() {
        let document = c["document"].as_str().unwrap();
        let file = manifest["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["name"] == document)
            .unwrap()["file"]
            .as_str()
            .unwrap();
        let Some((_, source)) = REBUILT.iter().find(|(f, _)| *f == file) else {
            continue;
        };
        let raw =
            squeezed(&std::fs::read_to_string(sample_dir().join("source").join(source)).unwrap());
        let text = text_of(&manifest, document).unwrap();
        let chars: Vec<char> = text.chars().collect();
        let quote = c["quote"].as_str().unwrap();
        let (start, end) = occurrence(&text, quote, c["occurrence"].as_u64().unwrap_or(1)).unwrap();
        // The coding with up to 40 characters of its paragraph on one side or the other is
        // found once in the raw extraction: the same words, in the same place. (One side may
        // run into a page's footnotes there.)
        let para_start = chars[..start]
            .iter()
            .rposition(|&ch| ch == '\n')
            .map_or(0, |i| i + 1);
        let para_end = chars[end..]
            .iter()
            .position(|&ch| ch == '\n')
            .map_or(chars.len(), |i| end + i);
        let left: String = chars[start.saturating_sub(40).max(para_start)..end]
            .iter()
            .collect();
        let right: String = chars[start..(end + 40).min(para_end)].iter().collect();
        let once = |s: &str| raw.matches(&squeezed(s)).count() == 1;
        assert!(once(&left) || once(&right), "{quote:?}");
        checked += 1;
    }
    // All the codings of the two papers: 72 and 89.
    assert_eq!(checked, 161);
}
