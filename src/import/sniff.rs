//! Recognising what a file really is from its first bytes, so that a file with the wrong
//! extension gets a message that names its real kind.

/// The magic number of an OLE compound file (CFB): Word 97–2003 documents and the encrypted
/// container Office uses for password-protected .docx files.
pub(super) const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// A zip archive's first local header.
pub(super) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// What the bytes look like, as a phrase for an error message ("a JPEG image").
pub(super) fn describe(bytes: &[u8]) -> &'static str {
    const MAGICS: [(&[u8], &str); 12] = [
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF-", "a PDF document"),
        (b"{\\rtf", "an RTF document"),
        (b"PK\x03\x04", "a zip archive of another kind"),
        (b"PK\x05\x06", "an empty zip archive"),
        (&CFB_MAGIC, "an old-style Office file"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
        (b"ID3", "an MP3 audio file"),
    ];
    if let Some((_, name)) = MAGICS.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return name;
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return "an audio or video file";
    }
    if bytes.starts_with(b"RIFF") {
        return "an audio, video or image file";
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return "a web page";
    }
    if head.starts_with("<?xml") {
        return "an XML file";
    }
    if bytes.is_empty() {
        return "an empty file";
    }
    if super::plain::decode_text(&bytes[..bytes.len().min(4096)]).is_ok() {
        return "plain text";
    }
    "something else"
}

/// Whether `needle` occurs in `haystack`.
pub(super) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// `text` as UTF-16LE bytes, the way compound-file directories store stream names.
pub(super) fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_common_kinds() {
        assert_eq!(describe(b"\xFF\xD8\xFF\xE0\0\x10JFIF"), "a JPEG image");
        assert_eq!(describe(b"%PDF-1.7\n"), "a PDF document");
        assert_eq!(describe(&CFB_MAGIC), "an old-style Office file");
        assert_eq!(describe(b"  <!DOCTYPE html><p>x"), "a web page");
        assert_eq!(describe("Қазақ тілі".as_bytes()), "plain text");
        assert_eq!(describe(b""), "an empty file");
        assert_eq!(describe(&[0, 1, 2, 3, 200, 7]), "something else");
    }

    #[test]
    fn finds_utf16_names() {
        let mut bytes = vec![0u8; 20];
        bytes.extend(utf16le("EncryptedPackage"));
        assert!(contains(&bytes, &utf16le("EncryptedPackage")));
        assert!(!contains(&bytes, b"EncryptedPackage"));
    }
}
