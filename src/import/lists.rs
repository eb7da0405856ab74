//! List labels as Word and LibreOffice show them: numbers in their formats, and the symbol-font
//! bullets of Word documents turned into the characters they draw.

/// How a list level writes its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum NumFormat {
    #[default]
    Decimal,
    /// 01, 02, … 10.
    DecimalZero,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
    /// A bullet or a label without a number.
    None,
}

impl NumFormat {
    /// Word's `w:numFmt` values; anything else counts in decimal.
    pub(super) fn from_word(value: &str) -> NumFormat {
        match value {
            "decimalZero" => NumFormat::DecimalZero,
            "lowerLetter" => NumFormat::LowerLetter,
            "upperLetter" => NumFormat::UpperLetter,
            "lowerRoman" => NumFormat::LowerRoman,
            "upperRoman" => NumFormat::UpperRoman,
            "bullet" | "none" => NumFormat::None,
            _ => NumFormat::Decimal,
        }
    }

    /// OpenDocument's `style:num-format` values ("1", "a", "A", "i", "I", "").
    pub(super) fn from_odf(value: &str) -> NumFormat {
        match value {
            "a" => NumFormat::LowerLetter,
            "A" => NumFormat::UpperLetter,
            "i" => NumFormat::LowerRoman,
            "I" => NumFormat::UpperRoman,
            "" => NumFormat::None,
            _ => NumFormat::Decimal,
        }
    }

    /// `n` in this format: 3 → "3", "03", "c", "C", "iii", "III". Letters past z double (aa,
    /// bb, …) as in Word and LibreOffice.
    pub(super) fn format(self, n: u32) -> String {
        match self {
            NumFormat::DecimalZero => format!("{n:02}"),
            NumFormat::LowerLetter | NumFormat::UpperLetter if n > 0 => {
                let letter = char::from(b'a' + ((n - 1) % 26) as u8);
                let text = letter.to_string().repeat(((n - 1) / 26 + 1) as usize);
                if self == NumFormat::UpperLetter {
                    text.to_uppercase()
                } else {
                    text
                }
            }
            NumFormat::LowerRoman if n > 0 => super::blocks::roman(n as usize),
            NumFormat::UpperRoman if n > 0 => super::blocks::roman(n as usize).to_uppercase(),
            NumFormat::None => String::new(),
            // Decimal, and letters or roman numerals for 0, which have none.
            _ => n.to_string(),
        }
    }
}

/// The character a symbol font draws for a private-use code (U+F0xx, as Word stores Symbol and
/// Wingdings glyphs); `None` when it is not one Tamga knows.
pub(super) fn symbol(font: &str, c: char) -> Option<char> {
    let code = u32::from(c);
    let code = if (0xF000..=0xF0FF).contains(&code) {
        code - 0xF000
    } else if font_is_symbolic(font) && code <= 0xFF {
        code
    } else {
        return None;
    };
    let font = font.to_ascii_lowercase();
    if font.starts_with("wingdings") {
        Some(match code {
            0x6C => '●',
            0x6E => '■',
            0x6F => '□',
            0x71 => '❑',
            0x75 => '◆',
            0x76 => '❖',
            0x77 => '⬥',
            0x9F => '•',
            0xA7 => '▪',
            0xA8 => '◻',
            0xD8 => '➢',
            0xE0 => '→',
            0xE8 => '➔',
            0xF0 => '⇨',
            0xFB => '✗',
            0xFC => '✓',
            0xFD => '☒',
            0xFE => '☑',
            _ => return None,
        })
    } else if font.starts_with("symbol") {
        Some(match code {
            0xB7 => '•',
            0x2D => '−',
            0xA8 => '♦',
            0xA7 => '♣',
            0xAA => '♠',
            0xA9 => '♥',
            0xAE => '→',
            0xDE => '⇒',
            0xB0 => '°',
            0xB4 => '×',
            _ => return None,
        })
    } else {
        None
    }
}

fn font_is_symbolic(font: &str) -> bool {
    let font = font.to_ascii_lowercase();
    font.starts_with("wingdings") || font.starts_with("symbol")
}

/// `text` with the private-use characters of a symbol font replaced by what they draw.
pub(super) fn unsymbol(font: &str, text: &str) -> String {
    text.chars()
        .map(|c| {
            if ('\u{f000}'..='\u{f0ff}').contains(&c) {
                symbol(font, c).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_every_format() {
        assert_eq!(NumFormat::Decimal.format(12), "12");
        assert_eq!(NumFormat::DecimalZero.format(7), "07");
        assert_eq!(NumFormat::LowerLetter.format(2), "b");
        assert_eq!(NumFormat::UpperLetter.format(28), "BB");
        assert_eq!(NumFormat::LowerRoman.format(4), "iv");
        assert_eq!(NumFormat::UpperRoman.format(9), "IX");
        assert_eq!(NumFormat::None.format(3), "");
    }

    #[test]
    fn symbol_font_bullets_become_characters() {
        assert_eq!(symbol("Symbol", '\u{f0b7}'), Some('•'));
        assert_eq!(symbol("Wingdings", '\u{f0a7}'), Some('▪'));
        assert_eq!(symbol("Wingdings", '\u{f0fc}'), Some('✓'));
        assert_eq!(symbol("Calibri", '\u{f0fc}'), None);
        assert_eq!(unsymbol("Wingdings", "a \u{f0d8} b"), "a ➢ b");
    }
}
