//! Finding a person's name in its grammatical forms, for pseudonymisation. Pure.
//!
//! Kazakh adds case endings to the whole name (Айгерім → Айгерімнің, Айгерімге); Russian
//! changes the end of it (Анара → Анару, Анары, Анарой; Серик → Серика, Серику). A word is an
//! occurrence of the name when it is, between word boundaries (any character that is not a
//! letter or digit):
//! - the name itself;
//! - the name's Russian stem followed by a Russian case ending of its declension (names in
//!   -а, -я, -й, -ь and in a consonant each have their list);
//! - the whole name followed by Kazakh endings: an optional plural (-лар, -лер, -дар, …) and an
//!   optional case ending (-ның, -ге, -ды, -да, -дан, -мен, …, every variant of vowel harmony
//!   and assimilation).
//!
//! The name (and stem) must match letter for letter, capital included, so "анар"
//! (pomegranate) is not the name "Анар"; endings match in any case. Anything else after the
//! name — "Анарбек" for "Анар" — is another word and is left alone. A researcher can leave out
//! forms that are another person's name (the preview lists every form found), or match the
//! exact name only.
//!
//! The replacement keeps the ending as written: Kazakh endings follow the pseudonym
//! (Айгерімнің → Дананің; choose a pseudonym of the same vowel harmony for well-formed
//! Kazakh), Russian endings follow the pseudonym's stem when both names decline alike
//! (Анару → Дину for Анара → Дина), and the pseudonym stands alone otherwise.

use crate::domain::TextRange;
use crate::text;

/// Kazakh plural endings.
const KAZAKH_PLURAL: &[&str] = &["лар", "лер", "дар", "дер", "тар", "тер"];

/// Kazakh case (and equative) endings, every variant.
const KAZAKH_CASE: &[&str] = &[
    // genitive
    "ның",
    "нің",
    "дың",
    "дің",
    "тың",
    "тің", // dative
    "ға",
    "ге",
    "қа",
    "ке",
    "на",
    "не",
    "а",
    "е", // accusative
    "ны",
    "ні",
    "ды",
    "ді",
    "ты",
    "ті",
    "н", // locative
    "да",
    "де",
    "та",
    "те",
    "нда",
    "нде", // ablative
    "дан",
    "ден",
    "тан",
    "тен",
    "нан",
    "нен", // instrumental
    "мен",
    "бен",
    "пен",
    "менен",
    "бенен",
    "пенен", // equative
    "ша",
    "ше",
    "дай",
    "дей",
    "тай",
    "тей",
];

/// How a name declines in Russian, by its last letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Declension {
    /// Анара, Мадина: stem without -а.
    A,
    /// Мария: stem without -я.
    Ya,
    /// Алексей: stem without -й.
    Short,
    /// Игорь: stem without -ь.
    Soft,
    /// Серик, Ерлан: the whole name is the stem.
    Consonant,
}

impl Declension {
    fn of(name: &str) -> (Declension, &str) {
        let Some(last) = name.chars().next_back() else {
            return (Declension::Consonant, name);
        };
        let stem = &name[..name.len() - last.len_utf8()];
        let class = match last {
            'а' => Declension::A,
            'я' => Declension::Ya,
            'й' => Declension::Short,
            'ь' => Declension::Soft,
            c if c.is_alphabetic() && !"аеёиоуыэюяәөүұіАЕЁИОУЫЭЮЯ".contains(c) =>
            {
                return (Declension::Consonant, name);
            }
            _ => return (Declension::Consonant, name),
        };
        if stem.is_empty() {
            (Declension::Consonant, name)
        } else {
            (class, stem)
        }
    }

    /// Russian singular case endings after the stem (the nominative's included).
    fn endings(self) -> &'static [&'static str] {
        match self {
            Declension::A => &["а", "ы", "и", "е", "у", "ой", "ою", "ей", "ею"],
            Declension::Ya => &["я", "и", "е", "ю", "ей", "ею"],
            Declension::Short => &["й", "я", "ю", "ем", "е", "ём"],
            Declension::Soft => &["ь", "я", "ю", "ем", "е", "ём", "и"],
            Declension::Consonant => &["", "а", "у", "ом", "ем", "е", "ы", "и"],
        }
    }
}

/// One occurrence of a name in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// The word's characters in the text.
    pub range: TextRange,
    /// The word as written (the name in this form).
    pub form: String,
    /// What replaces it.
    pub replacement: String,
}

/// A name and its pseudonym, with the rules for finding the name's forms.
#[derive(Debug, Clone)]
pub struct NameMatcher {
    name: String,
    pseudonym: String,
    declension: Declension,
    stem: String,
    pseudonym_declension: Declension,
    pseudonym_stem: String,
    exact: bool,
    except: Vec<String>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

impl NameMatcher {
    /// Finds `name` in its Kazakh and Russian forms (see the module's notes) and replaces it
    /// with `pseudonym`; with `exact`, only the name as written.
    pub fn new(name: &str, pseudonym: &str, exact: bool) -> NameMatcher {
        let name = name.trim();
        let pseudonym = pseudonym.trim();
        let (declension, stem) = Declension::of(name);
        let (pseudonym_declension, pseudonym_stem) = Declension::of(pseudonym);
        NameMatcher {
            name: name.to_owned(),
            pseudonym: pseudonym.to_owned(),
            declension,
            stem: stem.to_owned(),
            pseudonym_declension,
            pseudonym_stem: pseudonym_stem.to_owned(),
            exact,
            except: Vec::new(),
        }
    }

    /// Leaves these forms alone (another person's name, a common word).
    #[must_use]
    pub fn except(mut self, forms: &[String]) -> NameMatcher {
        self.except = forms.iter().map(|f| f.trim().to_owned()).collect();
        self
    }

    /// The name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The pseudonym.
    pub fn pseudonym(&self) -> &str {
        &self.pseudonym
    }

    /// What replaces `word`, if it is a form of the name.
    fn replacement(&self, word: &str) -> Option<String> {
        if self.except.iter().any(|f| f == word) {
            return None;
        }
        if word == self.name {
            return Some(self.pseudonym.clone());
        }
        if self.exact {
            return None;
        }
        if let Some(ending) = word.strip_prefix(self.stem.as_str()) {
            let lower = ending.to_lowercase();
            if self.declension.endings().contains(&lower.as_str()) {
                return Some(if self.pseudonym_declension == self.declension {
                    format!("{}{ending}", self.pseudonym_stem)
                } else {
                    self.pseudonym.clone()
                });
            }
        }
        let rest = word.strip_prefix(self.name.as_str())?;
        let lower = rest.to_lowercase();
        let after_plural = KAZAKH_PLURAL
            .iter()
            .find_map(|p| lower.strip_prefix(p))
            .unwrap_or(&lower);
        let kazakh = after_plural.is_empty() || KAZAKH_CASE.contains(&after_plural);
        kazakh.then(|| format!("{}{rest}", self.pseudonym))
    }

    /// Every occurrence of the name in `text`, in order.
    pub fn find(&self, text: &str) -> Vec<Occurrence> {
        let mut out = Vec::new();
        if self.name.is_empty() {
            return out;
        }
        let base = if self.stem.len() < self.name.len() {
            self.stem.as_str()
        } else {
            self.name.as_str()
        };
        let (mut last_byte, mut last_char) = (0usize, 0usize);
        let mut skip_to = 0usize;
        for (byte, _) in text.match_indices(base) {
            if byte < skip_to {
                continue;
            }
            if text[..byte].chars().next_back().is_some_and(is_word_char) {
                continue;
            }
            let len: usize = text[byte..]
                .chars()
                .take_while(|c| is_word_char(*c))
                .map(char::len_utf8)
                .sum();
            let word = &text[byte..byte + len];
            skip_to = byte + len;
            let Some(replacement) = self.replacement(word) else {
                continue;
            };
            let start = last_char + text::char_len(&text[last_byte..byte]);
            (last_byte, last_char) = (byte, start);
            out.push(Occurrence {
                range: TextRange::new(start, start + text::char_len(word)),
                form: word.to_owned(),
                replacement,
            });
        }
        out
    }

    /// `text` with every occurrence replaced, and how many there were.
    pub fn replace_in(&self, text: &str) -> (String, usize) {
        let found = self.find(text);
        if found.is_empty() {
            return (text.to_owned(), 0);
        }
        let mut out = String::with_capacity(text.len());
        let mut chars = text.chars();
        let mut at = 0;
        for o in &found {
            out.extend(chars.by_ref().take(o.range.start - at));
            chars.by_ref().take(o.range.len()).for_each(drop);
            out.push_str(&o.replacement);
            at = o.range.end;
        }
        out.extend(chars);
        (out, found.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(matcher: &NameMatcher, text: &str) -> Vec<(String, String)> {
        matcher
            .find(text)
            .into_iter()
            .map(|o| (o.form, o.replacement))
            .collect()
    }

    #[test]
    fn kazakh_cases_keep_their_endings() {
        let m = NameMatcher::new("Айгерім", "Дана", false);
        let text =
            "Айгерім келді. Айгерімнің үйі, Айгерімге айттым, Айгерімді көрдім, Айгеріммен бірге.";
        assert_eq!(
            forms(&m, text),
            [
                ("Айгерім", "Дана"),
                ("Айгерімнің", "Дананің"),
                ("Айгерімге", "Данаге"),
                ("Айгерімді", "Данаді"),
                ("Айгеріммен", "Данамен"),
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
    }

    #[test]
    fn russian_cases_follow_the_pseudonyms_stem() {
        let m = NameMatcher::new("Анара", "Дина", false);
        let text = "Анара пришла. У Анары дом, к Анаре, вижу Анару, с Анарой.";
        assert_eq!(
            forms(&m, text),
            [
                ("Анара", "Дина"),
                ("Анары", "Дины"),
                ("Анаре", "Дине"),
                ("Анару", "Дину"),
                ("Анарой", "Диной"),
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
        let m = NameMatcher::new("Серик", "Ерлан", false);
        assert_eq!(
            forms(&m, "Серик, Серика, Серику, Сериком"),
            [
                ("Серик", "Ерлан"),
                ("Серика", "Ерлана"),
                ("Серику", "Ерлану"),
                ("Сериком", "Ерланом"),
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
    }

    #[test]
    fn a_longer_name_and_a_common_word_are_not_the_name() {
        let m = NameMatcher::new("Анар", "Дина", false);
        let text = "Анарбек и анар. Анарбекке, Анар-апай, Анарға.";
        assert_eq!(
            forms(&m, text),
            [("Анар", "Дина"), ("Анарға", "Динаға")].map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
    }

    #[test]
    fn exact_and_excepted_forms() {
        let m = NameMatcher::new("Анар", "Дина", true);
        assert_eq!(forms(&m, "Анар, Анара, Анарға").len(), 1);
        let m = NameMatcher::new("Анар", "Дина", false).except(&["Анара".to_owned()]);
        assert_eq!(forms(&m, "Анар, Анара, Анарға").len(), 2);
    }

    #[test]
    fn replacing_counts_characters_not_bytes() {
        let m = NameMatcher::new("Aigerim", "Dana", false);
        let (out, n) = m.replace_in("🙂 Aigerim's notes; Aigerimova is someone else.");
        assert_eq!(n, 1);
        assert_eq!(out, "🙂 Dana's notes; Aigerimova is someone else.");
        let found = m.find("🙂 Aigerim");
        assert_eq!(found[0].range, TextRange::new(2, 9));
    }
}
