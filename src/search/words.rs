//! Words as search sees them: where they lie in a text (tokens) and the folded form under which
//! they are matched (case, and diacritics on non-Cyrillic letters, ignored).
//!
//! A token is a run of letters, digits and combining marks. Han characters (and Japanese kana)
//! are one token each, because Chinese is written without spaces: a query of one or two
//! characters then matches wherever those characters stand next to each other. Apostrophes,
//! hyphens and other punctuation separate tokens.
//!
//! Folding: letters are lower-cased (Cyrillic and Kazakh letters too: `Алматы` = `алматы`,
//! `Қазақ` = `қазақ`). Diacritics are dropped from Latin, Greek and other scripts (`é` = `e`,
//! `ş` = `s`). Cyrillic letters keep their identity, because in Kazakh and Russian they are
//! letters of their own, not accented variants: `ә` ≠ `а`, `қ` ≠ `к`, `ө` ≠ `о`, `й` ≠ `и`. The
//! one exception is `ё`, folded to `е` as Russian writing usually does.

use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::{canonical_combining_class, decompose_canonical};

/// One word of a text: its characters and bytes, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
}

/// True for characters written without spaces between words: Han ideographs and kana. Each is
/// a token of its own.
pub(crate) fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'   // hiragana, katakana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{20000}'..='\u{3134F}' // CJK extensions B–G
    )
}

fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

/// Calls `each` for every token of `text`, in order.
pub(crate) fn tokens(text: &str, mut each: impl FnMut(Span)) {
    let mut current: Option<Span> = None;
    for (chars, (byte, c)) in text.char_indices().enumerate() {
        let end_byte = byte + c.len_utf8();
        if is_han(c) {
            if let Some(span) = current.take() {
                each(span);
            }
            each(Span {
                start: chars,
                end: chars + 1,
                byte_start: byte,
                byte_end: end_byte,
            });
        } else if is_word_char(c) {
            match current.as_mut() {
                Some(span) => {
                    span.end = chars + 1;
                    span.byte_end = end_byte;
                }
                // A combining mark does not start a word on its own.
                None if !is_mark(c) => {
                    current = Some(Span {
                        start: chars,
                        end: chars + 1,
                        byte_start: byte,
                        byte_end: end_byte,
                    });
                }
                None => {}
            }
        } else if let Some(span) = current.take() {
            each(span);
        }
    }
    if let Some(span) = current {
        each(span);
    }
}

/// Appends the folded form of `word` (one token) to `out`.
pub(crate) fn fold_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        return;
    }
    // Text written in decomposed form (и + combining breve) is composed first, so that a
    // Cyrillic letter keeps its identity whichever way it was typed.
    if word.chars().any(|c| canonical_combining_class(c) != 0) {
        let composed: String = word.nfc().collect();
        fold_chars(&composed, out);
    } else {
        fold_chars(word, out);
    }
}

fn is_latin_or_greek(c: char) -> bool {
    matches!(c, '\u{0000}'..='\u{024F}' | '\u{0370}'..='\u{03FF}' | '\u{1E00}'..='\u{1FFF}')
}

fn fold_chars(word: &str, out: &mut String) {
    for c in word.chars() {
        match c {
            'ё' | 'Ё' | 'ѐ' | 'Ѐ' => out.push('е'),
            'ς' => out.push('σ'),
            // Diacritics left over (not composed with their letter), Arabic vowel signs, and
            // the tatweel that only stretches a word.
            '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => {}
            c if is_latin_or_greek(c) => {
                for lower in c.to_lowercase() {
                    decompose_canonical(lower, |d| {
                        if canonical_combining_class(d) == 0 {
                            out.push(d);
                        }
                    });
                }
            }
            // Cyrillic and every other script: case only. Their marks (Indic vowel signs, …)
            // are parts of letters, not diacritics to ignore.
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// The folded form of one token.
pub(crate) fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded_tokens(text: &str) -> Vec<(Span, String)> {
        let mut out = Vec::new();
        tokens(text, |span| {
            out.push((span, fold(&text[span.byte_start..span.byte_end])));
        });
        out
    }

    fn words(text: &str) -> Vec<String> {
        folded_tokens(text).into_iter().map(|(_, w)| w).collect()
    }

    #[test]
    fn cyrillic_folds_case_but_keeps_kazakh_letters_apart() {
        assert_eq!(words("Алматы АЛМАТЫ"), ["алматы", "алматы"]);
        assert_eq!(words("ӘҒҚҢӨҰҮҺІ әғқңөұүһі"), ["әғқңөұүһі", "әғқңөұүһі"]);
        assert_ne!(fold("әке"), fold("аке"));
        assert_ne!(fold("мой"), fold("мои"));
        assert_eq!(fold("Ёлка"), fold("елка"));
        // й typed as и + combining breve is still й.
        assert_eq!(fold("мои\u{0306}"), fold("мой"));
    }

    #[test]
    fn latin_diacritics_are_ignored() {
        assert_eq!(fold("Café"), "cafe");
        assert_eq!(fold("Cafe\u{0301}"), "cafe");
        assert_eq!(fold("Şeker"), "seker");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("ΣΟΦΊΑ"), fold("σοφια"));
    }

    #[test]
    fn han_characters_are_tokens_of_their_own() {
        let text = "我是伊犁的牧民, Almaty's 学校";
        let spans: Vec<(usize, usize)> = folded_tokens(text)
            .iter()
            .map(|(s, _)| (s.start, s.end))
            .collect();
        assert_eq!(
            words(text),
            [
                "我", "是", "伊", "犁", "的", "牧", "民", "almaty", "s", "学", "校"
            ]
        );
        assert_eq!(spans[7], (9, 15));
        assert_eq!(spans[10], (19, 20));
    }

    #[test]
    fn punctuation_and_spaces_separate_words() {
        assert_eq!(
            words("  «Тарихи отан» — кое-что, 2019 г. "),
            ["тарихи", "отан", "кое", "что", "2019", "г"]
        );
        assert!(words(" — … !? ").is_empty());
    }
}
