//! Plain text (`.txt`, `.md`): encoding detection — BOM, then UTF-8, then chardetng — and
//! line-ending normalisation.

use encoding_rs::Encoding;

use super::{Extracted, ImportError};
use crate::text::normalize_line_endings;

/// Text files in these encodings are recognised without a BOM (chardetng's guesses).
const GUESSED: &str = "Windows-1251, Windows-1252, GBK/GB18030, Big5, Shift_JIS";

pub(super) fn extract(bytes: &[u8]) -> Result<Extracted, ImportError> {
    let (text, encoding) = decode_text(bytes)?;
    Ok(Extracted {
        text: normalize_line_endings(&text),
        encoding,
        ..Extracted::default()
    })
}

/// Decodes text bytes: a BOM decides first, then valid UTF-8, then a statistical guess.
/// Returns the text (without BOM) and the encoding's name.
pub fn decode_text(bytes: &[u8]) -> Result<(String, String), ImportError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        return encoding
            .decode_without_bom_handling_and_without_replacement(body)
            .map(|text| (text.into_owned(), format!("{} (BOM)", encoding.name())))
            .ok_or_else(|| ImportError::Undecodable(GUESSED.to_owned()));
    }
    if looks_binary(bytes) {
        return Err(ImportError::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_owned(), "UTF-8".to_owned()));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or_else(|| ImportError::Undecodable(GUESSED.to_owned()))?;
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
    {
        return Err(ImportError::Binary);
    }
    Ok((text.into_owned(), encoding.name().to_owned()))
}

/// NUL bytes or many control bytes mean this is not text in any single-byte or multi-byte
/// encoding we accept without a BOM.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    if sample.contains(&0) {
        return true;
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    controls * 100 > sample.len().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_is_stripped_and_recorded() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("Қазақ\r\nтілі".as_bytes());
        let out = extract(&bytes).unwrap();
        assert_eq!(out.text, "Қазақ\nтілі");
        assert_eq!(out.encoding, "UTF-8 (BOM)");
    }

    #[test]
    fn random_bytes_are_refused() {
        let bytes: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert!(extract(&bytes).is_err());
    }
}
