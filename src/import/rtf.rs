//! Rich Text Format (.rtf) with the `rtf-parser-tt` crate.
//!
//! Checked before choosing it: it decodes raw 8-bit text and `\'xx` escapes in the declared
//! code page (`\ansicpg1251` gives proper Cyrillic), reads `\uN` escapes and skips their
//! fallback characters as `\ucN` says, and returns errors on malformed input instead of
//! panicking (we still call it under `catch_unwind`). One gap is worked around here:
//! LibreOffice writes footnotes as `{\*\footnote …}`, and the crate skips every `\*`
//! destination, so `{\*\footnote` is rewritten to `{\footnote` (the plain form Word writes)
//! before parsing.
//!
//! Every paragraph mark (`\par`, and `\line`, which the crate does not tell apart) ends a
//! paragraph. A table row is one paragraph with its cells separated by tabs. List bullets and
//! numbers (`\listtext`) are kept as the crate renders them, e.g. `•` and a tab. Hidden text,
//! headers and footers are dropped. Footnote references become `[1]`, and the notes follow the
//! body after a paragraph `Notes`.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use rtf_parser_tt::{CharacterSet, Part, RtfDocument};

use super::blocks::Blocks;
use super::{Extracted, ImportError, sniff};

pub(super) fn extract(bytes: &[u8]) -> Result<Extracted, ImportError> {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let body = bytes.get(start..).unwrap_or_default();
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    if !body.starts_with(b"{\\rtf") {
        return Err(ImportError::WrongFormat {
            expected: "an RTF document",
            found: sniff::describe(bytes),
        });
    }
    let source = replace_all(body, br"{\*\footnote", br"{\footnote");
    let document = catch_unwind(AssertUnwindSafe(|| RtfDocument::from_bytes(&source)))
        .map_err(|_| damaged("the RTF reader failed on it".to_owned()))?
        .map_err(|e| damaged(e.to_string()))?;

    let mut text = String::new();
    let mut notes: BTreeMap<u32, String> = BTreeMap::new();
    for block in &document.body {
        if block.painter.hidden {
            continue;
        }
        match block.part {
            Part::Body => text.push_str(&block.text),
            Part::NoteReference(n) => {
                text.push('[');
                text.push_str(&n.to_string());
                text.push(']');
            }
            Part::Note(n) => notes.entry(n).or_default().push_str(&block.text),
            // Headers, footers, and parts a newer crate version may add.
            _ => {}
        }
    }
    let mut out = Blocks::default();
    for paragraph in text.split('\n') {
        out.push(paragraph);
    }
    let notes: Vec<(String, Vec<String>)> = notes
        .into_iter()
        .map(|(n, note)| {
            let label = n.to_string();
            // The note's own text starts with its mark ("1 The note."): drop it.
            let note = note.trim_start();
            let note = note.strip_prefix(&label).unwrap_or(note);
            (label, note.split('\n').map(str::to_owned).collect())
        })
        .collect();
    out.push_notes(&notes);
    Ok(Extracted {
        text: out.finish(),
        encoding: encoding_name(&document.header.character_set),
        ..Extracted::default()
    })
}

fn damaged(reason: String) -> ImportError {
    ImportError::Damaged {
        format: "RTF",
        reason,
    }
}

fn encoding_name(set: &CharacterSet) -> String {
    match set {
        CharacterSet::Ansicpg(65001) => "UTF-8 (declared)".to_owned(),
        CharacterSet::Ansicpg(page) => format!("code page {page} (declared)"),
        CharacterSet::Mac => "macintosh (declared)".to_owned(),
        CharacterSet::Pc => "IBM437 (declared)".to_owned(),
        CharacterSet::Pca => "IBM850 (declared)".to_owned(),
        _ => "windows-1252 (RTF default)".to_owned(),
    }
}

fn replace_all(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::import::testing::{fixture, mutated, noise};

    #[test]
    fn code_page_1251_and_unicode_escapes_give_cyrillic() {
        let rtf = b"{\\rtf1\\ansi\\ansicpg1251\\deff0 \\'d0\\'f3\\'f1\\'f1\\'ea\\'e8\\'e9 \xff\xe7\xfb\xea, \\uc1\\u1178?\\u1072?\\u1079?\\u1072?\\u1179? \\uc2\\u20013\\'3f\\'3f\\u22269\\'3f\\'3f\\par \\ldblquote\\'b8\\rdblquote\\par}";
        let out = extract(rtf).unwrap();
        assert_eq!(out.text, "Русский язык, Қазақ 中国\n\n“ё”");
        assert_eq!(out.encoding, "code page 1251 (declared)");
    }

    #[test]
    fn libreoffice_footnotes_are_kept() {
        let rtf = br"{\rtf1\ansi Body{\super\chftn}{\*\footnote\chftn\pard\plain{ Note text.}}\par After\par}";
        assert_eq!(
            extract(rtf).unwrap().text,
            "Body[1]\n\nAfter\n\nNotes\n\n[1] Note text."
        );
    }

    #[test]
    fn not_rtf_is_refused() {
        assert!(matches!(
            extract(b"\xFF\xD8\xFF\xE0"),
            Err(ImportError::WrongFormat {
                found: "a JPEG image",
                ..
            })
        ));
    }

    #[test]
    fn unbalanced_rtf_is_an_error_or_text_never_a_panic() {
        for rtf in [
            &br"{\rtf1\ansi {\b bold"[..],
            br"{\rtf1 }}}}",
            br"{\rtf1\u",
            br"{\rtf1\'zz}",
        ] {
            let _ = extract(rtf);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn mutated_rtf_never_panics(bytes in mutated(fixture("cp1251.rtf"))) {
            let _ = extract(&bytes);
        }

        #[test]
        fn random_bytes_never_panic(bytes in noise(b"{\\rtf1\\ansi ")) {
            let _ = extract(&bytes);
        }
    }
}
