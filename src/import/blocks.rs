//! The one text layout every structured format produces: paragraphs separated by one blank
//! line, line breaks inside a paragraph as single `\n`, notes after a paragraph `Notes`.

/// The paragraph that introduces footnotes and endnotes at the end of a document.
pub(super) const NOTES_HEADING: &str = "Notes";

/// The paragraph that introduces a document's headers and footers, after its notes.
pub(super) const FURNITURE_HEADING: &str = "Headers and footers";

/// Collects paragraphs and joins them into the stored text.
#[derive(Debug, Default)]
pub(super) struct Blocks {
    text: String,
}

impl Blocks {
    /// Adds one paragraph. Line endings become `\n`; characters that have no place in stored
    /// text (control characters other than tab and newline) are dropped; trailing whitespace of
    /// each line and blank lines at either end are removed; several blank lines inside become
    /// one. A paragraph that holds only whitespace is skipped.
    pub(super) fn push(&mut self, paragraph: &str) {
        let cleaned = clean_paragraph(paragraph);
        if cleaned.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        self.text.push_str(&cleaned);
    }

    /// Adds notes after a [`NOTES_HEADING`] paragraph; nothing when there are none. Each note is
    /// `(label, paragraphs)` and its first paragraph starts with `[label] `.
    pub(super) fn push_notes(&mut self, notes: &[(String, Vec<String>)]) {
        self.push_labelled(NOTES_HEADING, notes);
    }

    /// Adds labelled parts after a `heading` paragraph; nothing when there are none. Each part
    /// is `(label, paragraphs)` and its first paragraph starts with `[label] `.
    pub(super) fn push_labelled(&mut self, heading: &str, notes: &[(String, Vec<String>)]) {
        let notes: Vec<_> = notes
            .iter()
            .filter(|(_, paragraphs)| paragraphs.iter().any(|p| !p.trim().is_empty()))
            .collect();
        if notes.is_empty() {
            return;
        }
        self.push(heading);
        for (label, paragraphs) in notes {
            let mut first = true;
            for paragraph in paragraphs {
                if paragraph.trim().is_empty() {
                    continue;
                }
                if first {
                    self.push(&format!("[{label}] {}", paragraph.trim_start()));
                    first = false;
                } else {
                    self.push(paragraph);
                }
            }
        }
    }

    pub(super) fn finish(self) -> String {
        self.text
    }
}

fn clean_paragraph(paragraph: &str) -> String {
    let normalised = crate::text::normalize_line_endings(paragraph);
    let mut out = String::with_capacity(normalised.len());
    let mut pending_blank = false;
    for line in normalised.split('\n') {
        let line: String = line
            .chars()
            .filter(|&c| c == '\t' || !is_dropped_control(c))
            .collect();
        let line = line.trim_end();
        if line.trim().is_empty() {
            pending_blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if pending_blank { "\n\n" } else { "\n" });
        }
        pending_blank = false;
        if out.is_empty() {
            out.push_str(line.trim_start());
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Control characters, byte-order marks and Unicode non-characters that must not reach the
/// stored text (a tab and a newline are handled by the caller).
fn is_dropped_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

/// Collapses every run of whitespace other than newlines (spaces, tabs, no-break spaces) into
/// one space. For formats whose spacing is layout, not text: HTML, Markdown, PDF.
pub(super) fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if c != '\n' && c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

/// Lower-case roman numerals, for endnote labels as Word shows them.
pub(super) fn roman(mut n: usize) -> String {
    const DIGITS: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, digits) in DIGITS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_separated_by_one_blank_line() {
        let mut blocks = Blocks::default();
        blocks.push("  Қазақстан  \r\n");
        blocks.push(" \t ");
        blocks.push("Русский\u{0}\u{b} язык\nвторая строка\n\n\n\nещё");
        blocks.push("中国的现代化\u{feff}");
        assert_eq!(
            blocks.finish(),
            "Қазақстан\n\nРусский язык\nвторая строка\n\nещё\n\n中国的现代化"
        );
    }

    #[test]
    fn notes_follow_a_heading_with_their_labels() {
        let mut blocks = Blocks::default();
        blocks.push("Body[1]");
        blocks.push_notes(&[
            (
                "1".into(),
                vec![" First note.".into(), "Second para.".into()],
            ),
            ("2".into(), vec![" ".into()]),
        ]);
        assert_eq!(
            blocks.finish(),
            "Body[1]\n\nNotes\n\n[1] First note.\n\nSecond para."
        );
        let mut none = Blocks::default();
        none.push("Body");
        none.push_notes(&[]);
        assert_eq!(none.finish(), "Body");
    }

    #[test]
    fn spaces_collapse_but_newlines_stay() {
        assert_eq!(collapse_spaces("a \t\u{a0} b\n  c"), "a b\n c");
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman(1), "i");
        assert_eq!(roman(4), "iv");
        assert_eq!(roman(14), "xiv");
        assert_eq!(roman(1994), "mcmxciv");
    }
}
