//! Subtitles and transcripts (.srt, .vtt): one paragraph per cue, separated by blank lines.
//!
//! Each cue becomes a line with its start time in brackets, `[01:02:03]` (hours always shown,
//! milliseconds dropped: a researcher cites the second, and the line stays short), followed by
//! the cue's text lines. A WebVTT voice (`<v Aigerim>text`) becomes `Aigerim: text`, so the
//! speaker of an interview survives. Other tags (`<i>`, `<c.x>`, `<00:01.500>`, `{\an8}`) are
//! dropped and the common character references (`&amp;`, `&lt;`, `&gt;`, `&nbsp;`, …) resolved.
//! Cue numbers, cue identifiers, the WEBVTT header and NOTE, STYLE and REGION blocks are
//! dropped. A block without a timing line continues the cue before it (some files put blank
//! lines inside a cue's text).
//!
//! Both formats share this parser: a WebVTT cue is an SRT cue with `.` for `,` and optional
//! hours. The bytes are decoded like a plain text file.

use super::blocks::Blocks;
use super::{Extracted, ImportError, plain};

pub(super) fn extract(bytes: &[u8]) -> Result<Extracted, ImportError> {
    let (text, encoding) = plain::decode_text(bytes)?;
    let text = crate::text::normalize_line_endings(&text);
    let mut cues: Vec<(String, Vec<String>)> = Vec::new();
    let mut lines = text.lines().peekable();
    while lines.peek().is_some() {
        let block: Vec<&str> = lines
            .by_ref()
            .skip_while(|l| l.trim().is_empty())
            .take_while(|l| !l.trim().is_empty())
            .collect();
        let Some(first) = block.first() else {
            continue;
        };
        let first = first.trim_start_matches('\u{feff}').trim();
        if first.starts_with("WEBVTT")
            || ["NOTE", "STYLE", "REGION"]
                .iter()
                .any(|k| first == *k || first.starts_with(&format!("{k} ")))
        {
            continue;
        }
        if let Some(timing) = block.iter().position(|l| l.contains("-->")) {
            let start = block[timing].split("-->").next().unwrap_or_default();
            let text = block[timing + 1..]
                .iter()
                .map(|l| clean_line(l))
                .filter(|l| !l.is_empty())
                .collect();
            cues.push((timestamp(start), text));
        } else {
            let is_number = block.len() == 1 && first.chars().all(|c| c.is_ascii_digit());
            if let Some((_, text)) = cues.last_mut()
                && !is_number
            {
                text.extend(
                    block
                        .iter()
                        .map(|l| clean_line(l))
                        .filter(|l| !l.is_empty()),
                );
            }
        }
    }
    let mut out = Blocks::default();
    for (start, text) in cues {
        if text.is_empty() {
            continue;
        }
        out.push(&format!("[{start}]\n{}", text.join("\n")));
    }
    Ok(Extracted {
        text: out.finish(),
        encoding,
        ..Extracted::default()
    })
}

/// `00:01:02,500` or `01:02.500` (possibly followed by cue settings) as `00:01:02`; anything
/// else is kept as written.
fn timestamp(raw: &str) -> String {
    let raw = raw.trim();
    let clock = raw.split([',', '.']).next().unwrap_or(raw);
    let parts: Option<Vec<u64>> = clock.split(':').map(|p| p.trim().parse().ok()).collect();
    match parts.as_deref() {
        Some(&[h, m, s]) => format!("{h:02}:{m:02}:{s:02}"),
        Some(&[m, s]) => format!("{:02}:{:02}:{s:02}", m / 60, m % 60),
        _ => raw.to_owned(),
    }
}

/// One text line without markup: a voice tag becomes `Name: `, other tags are dropped.
fn clean_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line.trim();
    loop {
        let next_tag = rest.find(['<', '{']);
        let Some(at) = next_tag else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let close = if after.starts_with('<') { '>' } else { '}' };
        // `{` starts a tag only as an ASS override like `{\an8}`.
        if close == '}' && !after.starts_with("{\\") {
            out.push('{');
            rest = &after[1..];
            continue;
        }
        let Some(end) = after.find(close) else {
            out.push_str(after);
            break;
        };
        let tag = &after[1..end];
        if let Some(voice) = tag
            .strip_prefix('v')
            .filter(|v| v.starts_with(' ') || v.starts_with('.'))
        {
            let name = voice.trim_start_matches(|c: char| c != ' ').trim();
            if !name.is_empty() {
                out.push_str(name);
                out.push_str(": ");
            }
        }
        rest = &after[end + 1..];
    }
    let out = resolve_references(&out);
    super::blocks::collapse_spaces(&out).trim().to_owned()
}

fn resolve_references(text: &str) -> String {
    const NAMED: [(&str, &str); 8] = [
        ("&amp;", "&"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&nbsp;", " "),
        ("&quot;", "\""),
        ("&apos;", "'"),
        ("&lrm;", ""),
        ("&rlm;", ""),
    ];
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = text.to_owned();
    for (name, value) in NAMED {
        out = out.replace(name, value);
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::import::testing::{fixture, mutated, noise};

    fn text_of(source: &str) -> String {
        extract(source.as_bytes()).unwrap().text
    }

    #[test]
    fn srt_cues_become_timed_paragraphs() {
        let srt = "1\r\n00:00:01,000 --> 00:00:04,000\r\nҚазақстан — <i>тарихи отан</i>.\r\n\r\n\
                   2\r\n01:02:03,999 --> 01:02:05,000 X1:10\r\nРусский язык\r\n中国的现代化\r\n\r\n\r\n";
        assert_eq!(
            text_of(srt),
            "[00:00:01]\nҚазақстан — тарихи отан.\n\n[01:02:03]\nРусский язык\n中国的现代化"
        );
    }

    #[test]
    fn vtt_voices_name_the_speaker_and_notes_are_dropped() {
        let vtt = "WEBVTT - interview\n\nNOTE recorded in Almaty\nsecond line\n\nSTYLE\n::cue { color: red }\n\n\
                   intro\n00:05.250 --> 00:07.000 align:start\n<v.loud Айгерім>Сәлем, &amp; <c.x>привет</c></v>\n\n\
                   1:00:00.000 --> 1:00:01.000\n<00:00:01.000>{\\an8}你好\n";
        assert_eq!(
            text_of(vtt),
            "[00:00:05]\nАйгерім: Сәлем, & привет\n\n[01:00:00]\n你好"
        );
    }

    #[test]
    fn a_block_without_timing_continues_the_cue() {
        let srt = "1\n00:00:01,000 --> 00:00:02,000\nfirst\n\nstill first\n\n2\n\n";
        assert_eq!(text_of(srt), "[00:00:01]\nfirst\nstill first");
    }

    #[test]
    fn odd_timestamps_are_kept_as_written() {
        assert_eq!(timestamp("soon "), "soon");
        assert_eq!(timestamp("75:30.000"), "01:15:30");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn mutated_srt_never_panics(bytes in mutated(fixture("interview.srt"))) {
            let _ = extract(&bytes);
        }

        #[test]
        fn mutated_vtt_never_panics(bytes in mutated(fixture("interview.vtt"))) {
            let _ = extract(&bytes);
        }

        #[test]
        fn random_bytes_never_panic(bytes in noise(b"WEBVTT\n\n")) {
            let _ = extract(&bytes);
        }

        #[test]
        fn cue_like_text_never_panics(text in "[0-9:,. <>{}&;a-zа-я\\\n-]{0,300}") {
            let _ = extract(text.as_bytes());
        }
    }
}
