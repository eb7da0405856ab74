//! `/ActualText` replacement texts in page content (ISO 32000-1, 14.9.4): a marked-content
//! scope `/Span << /ActualText (…) >> BDC … EMC` says which text its glyphs stand for. Writers
//! use it where a glyph's own Unicode map cannot say it: a glyph shared by two letters, a
//! letter with its vowel sign drawn as one, a word hyphenated across lines.
//!
//! [`rewrite`] turns each such property list into a marked-content id of our own, so the
//! glyphs drawn in the scope come out of `pdf_oxide` tagged with it; [`replace`] then puts the
//! replacement text where those glyphs were, in visual order (right to left for Arabic), for
//! the layout to read like any other glyphs.

use std::borrow::Cow;
use std::collections::HashMap;

use pdf_oxide::layout::TextChar;
use unicode_bidi::{BidiClass, bidi_class};
use unicode_normalization::char::is_combining_mark;

const KEY: &[u8] = b"/ActualText";

/// `content` with every `<< … /ActualText … >> BDC` property list replaced by
/// `<</MCID n>>` (`n` counting from `first_id`), and the replacement texts in that order.
pub(super) fn rewrite(content: &[u8], first_id: u32) -> (Cow<'_, [u8]>, Vec<String>) {
    let mut texts = Vec::new();
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = find(&content[at..], KEY) {
        let key = at + found;
        at = key + KEY.len();
        let Some((start, end, text)) = property_list(content, key) else {
            continue;
        };
        if start < copied {
            continue;
        }
        let Ok(offset) = u32::try_from(texts.len()) else {
            break;
        };
        let buffer = out.get_or_insert_with(|| Vec::with_capacity(content.len()));
        buffer.extend_from_slice(&content[copied..start]);
        buffer
            .extend_from_slice(format!("<</MCID {}>>", first_id.saturating_add(offset)).as_bytes());
        copied = end;
        at = end;
        texts.push(text);
    }
    match out {
        Some(mut buffer) => {
            buffer.extend_from_slice(&content[copied..]);
            (Cow::Owned(buffer), texts)
        }
        None => (Cow::Borrowed(content), texts),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The property list around the `/ActualText` key at `key`: its start, its end (after `>>`),
/// and the decoded text, if it is an inline dictionary followed by `BDC`.
fn property_list(content: &[u8], key: usize) -> Option<(usize, usize, String)> {
    let from = key.saturating_sub(512);
    let start = from + content[from..key].windows(2).rposition(|w| w == b"<<")?;
    if content[start..key].windows(2).any(|w| w == b">>") {
        return None;
    }
    let mut i = key + KEY.len();
    let mut text = None;
    while i < content.len() {
        match content[i] {
            b'>' if content.get(i + 1) == Some(&b'>') => {
                let end = i + 2;
                let rest = &content[end..];
                let next = rest.iter().position(|b| !b.is_ascii_whitespace())?;
                return rest[next..]
                    .starts_with(b"BDC")
                    .then_some((start, end, text?));
            }
            b'<' if content.get(i + 1) == Some(&b'<') => return None,
            b'<' => {
                let close = i + content[i..].iter().position(|&b| b == b'>')?;
                let bytes = hex(&content[i + 1..close]);
                text.get_or_insert_with(|| decode(&bytes));
                i = close + 1;
            }
            b'(' => {
                let (bytes, after) = literal(content, i)?;
                text.get_or_insert_with(|| decode(&bytes));
                i = after;
            }
            _ => i += 1,
        }
    }
    None
}

fn hex(digits: &[u8]) -> Vec<u8> {
    let nibbles: Vec<u8> = digits
        .iter()
        .filter_map(|&d| (d as char).to_digit(16))
        .map(|d| d as u8)
        .collect();
    nibbles
        .chunks(2)
        .map(|pair| pair[0] << 4 | pair.get(1).copied().unwrap_or(0))
        .collect()
}

/// A literal string starting at `open` (its `(`): its bytes and the index after its `)`.
fn literal(content: &[u8], open: usize) -> Option<(Vec<u8>, usize)> {
    let mut bytes = Vec::new();
    let mut depth = 0usize;
    let mut i = open;
    while i < content.len() {
        let b = content[i];
        match b {
            b'(' => {
                if depth > 0 {
                    bytes.push(b);
                }
                depth += 1;
            }
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some((bytes, i + 1));
                }
                bytes.push(b);
            }
            b'\\' => {
                i += 1;
                let escaped = *content.get(i)?;
                match escaped {
                    b'n' => bytes.push(b'\n'),
                    b'r' => bytes.push(b'\r'),
                    b't' => bytes.push(b'\t'),
                    b'b' => bytes.push(8),
                    b'f' => bytes.push(12),
                    b'0'..=b'7' => {
                        let mut value = u32::from(escaped - b'0');
                        for _ in 0..2 {
                            match content.get(i + 1) {
                                Some(&d @ b'0'..=b'7') => {
                                    value = value * 8 + u32::from(d - b'0');
                                    i += 1;
                                }
                                _ => break,
                            }
                        }
                        bytes.push((value & 0xff) as u8);
                    }
                    b'\r' | b'\n' => {}
                    other => bytes.push(other),
                }
            }
            _ => bytes.push(b),
        }
        i += 1;
    }
    None
}

/// A PDF text string: UTF-16 or UTF-8 after a byte-order mark, else one byte per character.
fn decode(bytes: &[u8]) -> String {
    let units = |big: bool| {
        bytes[2..]
            .chunks_exact(2)
            .map(|p| {
                if big {
                    u16::from_be_bytes([p[0], p[1]])
                } else {
                    u16::from_le_bytes([p[0], p[1]])
                }
            })
            .collect::<Vec<u16>>()
    };
    if bytes.starts_with(&[0xfe, 0xff]) {
        String::from_utf16_lossy(&units(true))
    } else if bytes.starts_with(&[0xff, 0xfe]) {
        String::from_utf16_lossy(&units(false))
    } else if let Some(rest) = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

/// `chars` with the glyphs of each `/ActualText` scope (tagged `first_id + n` by [`rewrite`])
/// replaced by its text, spread over the place the glyphs took.
pub(super) fn replace<'a>(
    chars: &'a [TextChar],
    texts: &[String],
    first_id: u32,
) -> Cow<'a, [TextChar]> {
    if texts.is_empty() {
        return Cow::Borrowed(chars);
    }
    let scope = |c: &TextChar| {
        c.mcid
            .and_then(|id| id.checked_sub(first_id))
            .map(|n| n as usize)
            .filter(|&n| n < texts.len())
    };
    let mut scopes: HashMap<usize, Vec<&TextChar>> = HashMap::new();
    let mut out = Vec::with_capacity(chars.len());
    for c in chars {
        match scope(c) {
            Some(n) => scopes.entry(n).or_default().push(c),
            None => out.push(c.clone()),
        }
    }
    let mut numbers: Vec<usize> = scopes.keys().copied().collect();
    numbers.sort_unstable();
    for n in numbers {
        let glyphs = &scopes[&n];
        let Some(first) = glyphs
            .iter()
            .max_by(|a, b| a.origin_y.total_cmp(&b.origin_y))
        else {
            continue;
        };
        let x0 = glyphs
            .iter()
            .map(|g| g.origin_x)
            .fold(f32::INFINITY, f32::min);
        let x1 = glyphs
            .iter()
            .map(|g| g.origin_x + g.advance_width.max(0.0))
            .fold(f32::NEG_INFINITY, f32::max);
        // Letters with their marks, in visual order.
        let mut clusters: Vec<Vec<char>> = Vec::new();
        for c in texts[n].chars() {
            match clusters.last_mut() {
                Some(cluster) if is_combining_mark(c) => cluster.push(c),
                _ => clusters.push(vec![c]),
            }
        }
        let (rtl, ltr) = texts[n]
            .chars()
            .fold((0, 0), |(r, l), c| match bidi_class(c) {
                BidiClass::R | BidiClass::AL => (r + 1, l),
                BidiClass::L => (r, l + 1),
                _ => (r, l),
            });
        if rtl > ltr {
            clusters.reverse();
        }
        let width = (x1 - x0).max(0.0) / clusters.len().max(1) as f32;
        for (i, cluster) in clusters.iter().enumerate() {
            for &c in cluster {
                out.push(TextChar {
                    char: c,
                    origin_x: x0 + width * i as f32,
                    advance_width: width,
                    rendered_advance: width,
                    mcid: None,
                    ..(*first).clone()
                });
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actual_text_scopes_become_ids_and_texts() {
        let content = b"BT /Span<</ActualText<FEFF0623064F>>>\nBDC <4B> Tj EMC /P <</MCID 3>> BDC (x) Tj EMC /Span << /Lang (ar) /ActualText (a\\)b\\051) >> BDC (y) Tj EMC ET";
        let (out, texts) = rewrite(content, 7);
        assert_eq!(texts, vec!["أُ".to_owned(), "a)b)".to_owned()]);
        assert_eq!(
            String::from_utf8_lossy(&out),
            "BT /Span<</MCID 7>>\nBDC <4B> Tj EMC /P <</MCID 3>> BDC (x) Tj EMC /Span <</MCID 8>> BDC (y) Tj EMC ET"
        );
        let plain = b"BT (no scopes) Tj ET";
        assert!(matches!(rewrite(plain, 7), (Cow::Borrowed(_), t) if t.is_empty()));
    }

    #[test]
    fn a_scope_s_glyphs_give_way_to_its_text_in_visual_order() {
        let glyph = |c: char, x: f32, mcid: Option<u32>| TextChar {
            char: c,
            origin_x: x,
            advance_width: 6.0,
            mcid,
            ..TextChar::default()
        };
        let chars = vec![
            glyph('K', 0.0, Some(10)),
            glyph('\u{623}', 6.0, Some(10)),
            glyph('z', 20.0, None),
        ];
        let texts = vec!["\u{623}\u{64f}\u{644}".to_owned()];
        let out = replace(&chars, &texts, 10);
        let got: Vec<(char, f32)> = out.iter().map(|c| (c.char, c.origin_x)).collect();
        // Two clusters over 12 points: lam (visually left), then alef with its damma.
        assert_eq!(
            got,
            vec![
                ('z', 20.0),
                ('\u{644}', 0.0),
                ('\u{623}', 6.0),
                ('\u{64f}', 6.0)
            ]
        );
    }
}
