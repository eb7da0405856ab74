//! Reading entries of the zip archives that .docx and .odt files are, with caps against zip
//! bombs: each entry is read through `take` up to [`Limits::entry`], all entries together up to
//! [`Limits::total`], and an entry whose declared size or compression ratio is absurd is refused
//! before a byte of it is inflated.
//!
//! Nothing is ever written to disk and only entries with names the parser knows (or that the
//! document's own relationships name, resolved inside the archive) are read, so a `../` entry
//! name could do no harm; such an archive is still refused as damaged, since no office program
//! writes one.

use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use super::ImportError;

const MIB: u64 = 1024 * 1024;

/// Caps on what reading an archive may inflate.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Bytes one entry may inflate to.
    pub entry: u64,
    /// Bytes all entries read from one archive may inflate to.
    pub total: u64,
    /// Largest ratio of inflated to compressed size accepted for an entry above `ratio_floor`.
    pub ratio: u64,
    /// Entries that inflate to at most this many bytes are never refused for their ratio.
    pub ratio_floor: u64,
}

impl Limits {
    /// The caps used for imports. Deflate cannot do better than about 1030:1; real documents
    /// stay far below 200:1, while a zip bomb sits near the maximum.
    pub(crate) const DEFAULT: Limits = Limits {
        entry: 64 * MIB,
        total: 256 * MIB,
        ratio: 500,
        ratio_floor: MIB,
    };

    fn bomb(limit: u64) -> ImportError {
        ImportError::ZipBomb {
            limit_mib: limit.div_ceil(MIB),
        }
    }
}

/// An opened archive and what has been inflated from it so far.
pub(crate) struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    format: &'static str,
    limits: Limits,
    inflated: u64,
}

impl<'a> Archive<'a> {
    /// Opens `bytes` as a zip archive of the named format (`"Word"`, `"OpenDocument"`). The caller
    /// has already checked that the bytes start like a zip archive.
    pub(crate) fn open(
        bytes: &'a [u8],
        format: &'static str,
        limits: Limits,
    ) -> Result<Self, ImportError> {
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(format, &e))?;
        for name in zip.file_names() {
            let name = name.map_err(|e| damaged(format, &e))?;
            if escapes_archive(&name) {
                return Err(ImportError::Damaged {
                    format,
                    reason: format!("it holds an entry named “{name}” that points outside it"),
                });
            }
        }
        Ok(Archive {
            zip,
            format,
            limits,
            inflated: 0,
        })
    }

    /// The exact name of the entry called `name`, compared without regard to ASCII case (OOXML
    /// part names are case-insensitive).
    fn find(&self, name: &str) -> Option<String> {
        if self.zip.index_for_name(name).is_some() {
            return Some(name.to_owned());
        }
        self.zip
            .file_names()
            .filter_map(Result::ok)
            .find(|n| n.eq_ignore_ascii_case(name))
            .map(std::borrow::Cow::into_owned)
    }

    /// The names of all entries, in archive order (undecodable names left out).
    pub(crate) fn names(&self) -> Vec<String> {
        self.zip
            .file_names()
            .filter_map(Result::ok)
            .map(std::borrow::Cow::into_owned)
            .collect()
    }

    /// The inflated bytes of entry `name`, or `None` when the archive has no such entry.
    pub(crate) fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, ImportError> {
        let Some(name) = self.find(name) else {
            return Ok(None);
        };
        let limits = self.limits;
        let format = self.format;
        let mut file = match self.zip.by_name(&name) {
            Ok(file) => file,
            Err(ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED)) => {
                return Err(ImportError::PasswordProtected);
            }
            Err(e) => return Err(damaged(format, &e)),
        };
        if file.encrypted() {
            return Err(ImportError::PasswordProtected);
        }
        let declared = file.size();
        if declared > limits.entry {
            return Err(Limits::bomb(limits.entry));
        }
        if declared > limits.ratio_floor && declared / file.compressed_size().max(1) > limits.ratio
        {
            return Err(Limits::bomb(limits.entry));
        }
        let left = limits.total.saturating_sub(self.inflated);
        let cap = limits.entry.min(left);
        // A lying header cannot make us read more than `cap`: `take` stops there.
        let mut bytes = Vec::with_capacity(declared.min(cap) as usize);
        (&mut file)
            .take(cap + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| ImportError::Damaged {
                format,
                reason: format!("entry “{name}” cannot be unpacked: {e}"),
            })?;
        if bytes.len() as u64 > cap {
            let limit = if cap < limits.entry {
                limits.total
            } else {
                limits.entry
            };
            return Err(Limits::bomb(limit));
        }
        self.inflated += bytes.len() as u64;
        Ok(Some(bytes))
    }
}

fn damaged(format: &'static str, error: &ZipError) -> ImportError {
    match error {
        ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED) | ZipError::InvalidPassword => {
            ImportError::PasswordProtected
        }
        other => ImportError::Damaged {
            format,
            reason: format!("its zip structure is broken: {other}"),
        },
    }
}

/// Whether an entry name climbs out of the archive's root (`../x`, `/etc/x`, `C:\x`).
fn escapes_archive(name: &str) -> bool {
    name.starts_with('/')
        || name.starts_with('\\')
        || name.split(['/', '\\']).any(|part| part == "..")
        || name.get(1..2) == Some(":")
}

/// Resolves a relationship target against the folder of the part that names it, inside the
/// archive. `None` when the target leaves the archive (`../../x` past the root, or a URL).
pub(super) fn resolve_target(base_dir: &str, target: &str) -> Option<String> {
    if target.contains("://") {
        return None;
    }
    let (start, target) = match target.strip_prefix('/') {
        Some(absolute) => (Vec::new(), absolute),
        None => (
            base_dir.split('/').filter(|p| !p.is_empty()).collect(),
            target,
        ),
    };
    normalise(target.split('/'), start)
}

fn normalise<'s>(
    segments: impl Iterator<Item = &'s str>,
    mut parts: Vec<&'s str>,
) -> Option<String> {
    for segment in segments {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
pub(super) mod tests {
    use std::io::Write;

    use zip::write::SimpleFileOptions;

    use super::*;

    /// A zip archive holding `entries` (name, content), deflated.
    pub(crate) fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in entries {
            writer.start_file(*name, options).unwrap();
            writer.write_all(content).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    /// A zip whose one entry `name` inflates to `size` zero bytes, while its headers declare
    /// `declared` bytes. The deflate stream is written by hand (one fixed-Huffman block: a zero
    /// literal, then matches of 258 bytes at distance 1), so even 300 MB costs ~2 MB and no
    /// compression time. The CRC is left 0: a reader must give up long before checking it.
    pub(crate) fn zip_bomb(name: &str, size: u64, declared: u32) -> Vec<u8> {
        struct Bits {
            out: Vec<u8>,
            acc: u32,
            n: u32,
        }
        impl Bits {
            fn push(&mut self, value: u32, count: u32) {
                self.acc |= value << self.n;
                self.n += count;
                while self.n >= 8 {
                    self.out.push(self.acc as u8);
                    self.acc >>= 8;
                    self.n -= 8;
                }
            }
            /// A Huffman code, most significant bit first.
            fn code(&mut self, code: u32, count: u32) {
                self.push(code.reverse_bits() >> (32 - count), count);
            }
        }
        let mut bits = Bits {
            out: Vec::new(),
            acc: 0,
            n: 0,
        };
        bits.push(1, 1); // final block
        bits.push(1, 2); // fixed Huffman codes
        bits.code(0x30, 8); // literal 0
        let mut left = size - 1;
        while left >= 258 {
            bits.code(0b1100_0101, 8); // length 258
            bits.code(0, 5); // distance 1
            left -= 258;
        }
        for _ in 0..left {
            bits.code(0x30, 8);
        }
        bits.code(0, 7); // end of block
        bits.push(0, 7);
        let data = bits.out;

        let name = name.as_bytes();
        let comp = u32::try_from(data.len()).unwrap();
        let mut zip = Vec::new();
        let header = |zip: &mut Vec<u8>, central: bool| {
            if central {
                zip.extend(0x0201_4b50u32.to_le_bytes());
                zip.extend(20u16.to_le_bytes());
            } else {
                zip.extend(0x0403_4b50u32.to_le_bytes());
            }
            zip.extend(20u16.to_le_bytes()); // version needed
            zip.extend(0u16.to_le_bytes()); // flags
            zip.extend(8u16.to_le_bytes()); // deflate
            zip.extend([0u8; 4]); // time, date
            zip.extend(0u32.to_le_bytes()); // crc
            zip.extend(comp.to_le_bytes());
            zip.extend(declared.to_le_bytes());
            zip.extend(u16::try_from(name.len()).unwrap().to_le_bytes());
            zip.extend(0u16.to_le_bytes()); // extra
            if central {
                zip.extend([0u8; 10]); // comment, disk, attributes
                zip.extend(0u32.to_le_bytes()); // local header offset
            }
            zip.extend(name);
        };
        header(&mut zip, false);
        zip.extend(&data);
        let central_at = u32::try_from(zip.len()).unwrap();
        header(&mut zip, true);
        let central_len = u32::try_from(zip.len()).unwrap() - central_at;
        zip.extend(0x0605_4b50u32.to_le_bytes());
        zip.extend([0u8; 4]);
        zip.extend(1u16.to_le_bytes());
        zip.extend(1u16.to_le_bytes());
        zip.extend(central_len.to_le_bytes());
        zip.extend(central_at.to_le_bytes());
        zip.extend(0u16.to_le_bytes());
        zip
    }

    #[test]
    fn hand_made_bomb_inflates_to_zeros() {
        let bytes = zip_bomb("a.xml", 10_000, 10_000);
        let mut zip = ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        let mut out = Vec::new();
        // The CRC is wrong on purpose, so read the bytes and ignore the final error.
        let _ = zip.by_name("a.xml").unwrap().read_to_end(&mut out);
        assert_eq!(out.len(), 10_000);
        assert!(out.iter().all(|&b| b == 0));
    }

    #[test]
    fn bomb_that_declares_its_size_is_refused_before_inflating() {
        let bytes = zip_bomb("word/document.xml", 300_000_000, 300_000_000);
        assert!(bytes.len() < 3_000_000);
        let mut archive = Archive::open(&bytes, "Word", Limits::DEFAULT).unwrap();
        assert_eq!(
            archive.read("word/document.xml"),
            Err(ImportError::ZipBomb { limit_mib: 64 })
        );
    }

    #[test]
    fn bomb_that_lies_about_its_size_stops_at_the_cap() {
        let bytes = zip_bomb("word/document.xml", 300_000_000, 1000);
        let mut archive = Archive::open(&bytes, "Word", Limits::DEFAULT).unwrap();
        let started = std::time::Instant::now();
        let result = archive.read("word/document.xml");
        assert!(
            matches!(
                result,
                Err(ImportError::ZipBomb { .. } | ImportError::Damaged { .. })
            ),
            "{result:?}"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(30));
    }

    #[test]
    fn reads_entries_and_misses_absent_ones() {
        let bytes = zip_of(&[("word/document.xml", b"<x/>")]);
        let mut archive = Archive::open(&bytes, "Word", Limits::DEFAULT).unwrap();
        assert_eq!(archive.read("word/document.xml").unwrap().unwrap(), b"<x/>");
        assert_eq!(archive.read("Word/Document.XML").unwrap().unwrap(), b"<x/>");
        assert_eq!(archive.read("word/footnotes.xml").unwrap(), None);
    }

    #[test]
    fn entry_over_its_cap_is_a_zip_bomb() {
        let zeros = vec![0u8; 300_000];
        let bytes = zip_of(&[("a.xml", &zeros)]);
        let limits = Limits {
            entry: 100_000,
            total: 1_000_000,
            ratio: 1_000_000,
            ratio_floor: u64::MAX,
        };
        let mut archive = Archive::open(&bytes, "Word", limits).unwrap();
        assert_eq!(
            archive.read("a.xml"),
            Err(ImportError::ZipBomb { limit_mib: 1 })
        );
    }

    #[test]
    fn absurd_ratio_is_refused_before_inflating() {
        let zeros = vec![0u8; 3_000_000];
        let bytes = zip_of(&[("a.xml", &zeros)]);
        let mut archive = Archive::open(&bytes, "Word", Limits::DEFAULT).unwrap();
        assert_eq!(
            archive.read("a.xml"),
            Err(ImportError::ZipBomb { limit_mib: 64 })
        );
    }

    #[test]
    fn entries_together_are_capped() {
        let text = vec![b'x'; 60_000];
        let bytes = zip_of(&[("a.xml", &text), ("b.xml", &text)]);
        let limits = Limits {
            entry: 100_000,
            total: 100_000,
            ratio: u64::MAX,
            ratio_floor: u64::MAX,
        };
        let mut archive = Archive::open(&bytes, "Word", limits).unwrap();
        assert!(archive.read("a.xml").unwrap().is_some());
        assert!(matches!(
            archive.read("b.xml"),
            Err(ImportError::ZipBomb { .. })
        ));
    }

    #[test]
    fn entry_names_that_leave_the_archive_are_refused() {
        for name in ["../evil.xml", "word/../../evil.xml", "/etc/passwd", "C:\\x"] {
            let bytes = zip_of(&[(name, b"<x/>"), ("word/document.xml", b"<x/>")]);
            let err = Archive::open(&bytes, "Word", Limits::DEFAULT)
                .err()
                .unwrap_or_else(|| panic!("{name} was accepted"));
            assert!(
                matches!(&err, ImportError::Damaged { reason, .. } if reason.contains("outside")),
                "{name}: {err}"
            );
        }
    }

    #[test]
    fn relationship_targets_resolve_inside_the_archive() {
        assert_eq!(
            resolve_target("word", "footnotes.xml").as_deref(),
            Some("word/footnotes.xml")
        );
        assert_eq!(
            resolve_target("", "word/document.xml").as_deref(),
            Some("word/document.xml")
        );
        assert_eq!(
            resolve_target("word", "/word/document.xml").as_deref(),
            Some("word/document.xml")
        );
        assert_eq!(
            resolve_target("word", "../customXml/item.xml").as_deref(),
            Some("customXml/item.xml")
        );
        assert_eq!(resolve_target("word", "../../etc/passwd"), None);
        assert_eq!(resolve_target("word", "https://example.org/x"), None);
    }
}
