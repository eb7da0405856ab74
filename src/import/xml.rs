//! Shared pieces for the XML inside .docx and .odt files: decoding an entry to a string and
//! resolving references. quick-xml never expands entities declared in a DOCTYPE (it reports
//! `&name;` as a reference and leaves the rest to us), so "billion laughs" documents cannot
//! blow up: we resolve the five predefined entities and character references, and drop any
//! other reference.

use std::borrow::Cow;

use encoding_rs::Encoding;
use quick_xml::events::{BytesRef, BytesStart};
use quick_xml::{NsReader, XmlVersion};

use super::ImportError;

/// Decodes an XML entry: a BOM decides (UTF-8 or UTF-16), otherwise it must be UTF-8, which is
/// what every office program writes.
pub(super) fn decode(bytes: &[u8], format: &'static str) -> Result<String, ImportError> {
    let (encoding, body) = match Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) => (encoding, &bytes[bom_len..]),
        None => (encoding_rs::UTF_8, bytes),
    };
    encoding
        .decode_without_bom_handling_and_without_replacement(body)
        .map(Cow::into_owned)
        .ok_or_else(|| ImportError::Damaged {
            format,
            reason: format!("its XML is not valid {}", encoding.name()),
        })
}

/// A reader over `xml` that keeps every space of the text.
pub(super) fn reader(xml: &str) -> NsReader<&[u8]> {
    let mut reader = NsReader::from_str(xml);
    let config = reader.config_mut();
    config.trim_text(false);
    config.expand_empty_elements = false;
    reader
}

/// The error for XML that quick-xml cannot read.
pub(super) fn broken(format: &'static str, error: &quick_xml::Error) -> ImportError {
    ImportError::Damaged {
        format,
        reason: format!("its XML is broken: {error}"),
    }
}

/// The text a reference stands for: a character reference or one of the five predefined
/// entities. Any other entity is dropped (it could only come from a DOCTYPE, which office
/// files never have).
pub(super) fn reference(reference: &BytesRef<'_>) -> Option<char> {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        return Some(c);
    }
    match &**reference {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// The value of the attribute whose local name (the part after any prefix) is `local`.
pub(super) fn attribute(element: &BytesStart<'_>, local: &str) -> Option<String> {
    element
        .attributes()
        .with_checks(false)
        .filter_map(Result::ok)
        .find(|a| a.key.local_name().as_ref() == local)
        .map(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .map_or_else(|_| a.value.clone().into_owned(), Cow::into_owned)
        })
}

#[cfg(test)]
mod tests {
    use quick_xml::events::Event;

    use super::*;

    #[test]
    fn declared_entities_are_not_expanded() {
        let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<lolz>&lol9; &amp; &#1178;</lolz>"#;
        let mut reader = reader(laughs);
        let mut text = String::new();
        loop {
            match reader.read_event().unwrap() {
                Event::Text(t) => text.push_str(&t.xml10_content()),
                Event::GeneralRef(r) => text.extend(reference(&r)),
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(text.trim(), "& Қ");
    }

    #[test]
    fn utf16_entries_are_decoded_and_bad_utf8_is_damage() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("<a>Қ</a>".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&bytes, "Word").unwrap(), "<a>Қ</a>");
        assert!(matches!(
            decode(b"<a>\xFF</a>", "Word"),
            Err(ImportError::Damaged { .. })
        ));
    }
}
