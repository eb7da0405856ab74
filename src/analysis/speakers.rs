//! Cases by speaker: in transcripts, a speaker's turn starts with `Name:` at the start of a
//! paragraph or line (the subtitle importer writes a cue's voice that way, after the cue's
//! `[hh:mm:ss]` line). Each speaker becomes a case holding their turns as passages.
//!
//! A turn runs from its label (or the timestamp line just above it) to the start of the next
//! turn, trailing blank lines left out; text before the first label belongs to no one. A label
//! is 1–40 characters of at most four words, starting with a letter, each word capitalised
//! (or in a script without case), without sentence punctuation, followed by `:` and a space or the end of the line.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::domain::{CaseId, DocumentId, Edit, NewCase, NewCaseMember, TextRange};
use crate::project::Project;
use crate::store::Result;
use crate::text;

/// One speaker's turn in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Turn {
    /// The name before the colon.
    pub speaker: String,
    /// From the label (or its timestamp line) to the end of the turn.
    pub range: TextRange,
}

/// The speaker named at the start of `line`, if it starts with a label.
fn label(line: &str) -> Option<&str> {
    let (name, rest) = line.split_once(':')?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t', '\u{a0}'])) {
        return None;
    }
    let name = name.trim();
    let chars = text::char_len(name);
    let ok = (1..=40).contains(&chars)
        && name.split_whitespace().count() <= 4
        && name.chars().next().is_some_and(char::is_alphabetic)
        && name
            .split_whitespace()
            .all(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()))
        && !name.contains(['.', '?', '!', ',', ';', '"', '“', '”', '«', '»', '(', ')']);
    ok.then_some(name)
}

/// Whether a line is a subtitle cue's time, `[01:02:03]`.
fn is_timestamp(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('[')
        && t.ends_with(']')
        && t.len() > 2
        && t[1..t.len() - 1]
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b':')
}

/// The speaker turns of a text, in order.
pub fn speaker_turns(text: &str) -> Vec<Turn> {
    // (turn start, speaker) for every labelled line.
    let mut starts: Vec<(usize, String)> = Vec::new();
    let mut offset = 0;
    let mut previous: Option<(usize, &str)> = None;
    for line in text.split('\n') {
        let len = text::char_len(line);
        if let Some(name) = label(line) {
            let start = match previous {
                Some((at, prev)) if is_timestamp(prev) => at,
                _ => offset,
            };
            starts.push((start, name.to_owned()));
        }
        previous = Some((offset, line));
        offset += len + 1;
    }
    let total = text::char_len(text);
    let mut turns = Vec::with_capacity(starts.len());
    for (k, (start, name)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(total, |next| next.0);
        turns.push(Turn {
            speaker: name.clone(),
            range: TextRange::new(*start, *start + trimmed_len(text, *start, end)),
        });
    }
    turns.retain(|t| !t.range.is_empty());
    turns
}

/// Length of the text from `start` to `end` (chars) without trailing whitespace.
fn trimmed_len(text: &str, start: usize, end: usize) -> usize {
    let slice = text::slice_chars(text, TextRange::new(start, end)).unwrap_or("");
    text::char_len(slice.trim_end())
}

/// One case the preview would create or add to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpeakerCase {
    /// The speaker's name.
    pub name: String,
    /// The case of that name already in the project (turns are added to it), if any.
    pub existing: Option<CaseId>,
    /// Documents where they speak.
    pub documents: usize,
    /// Turns to add.
    pub turns: usize,
    /// Characters of those turns.
    pub chars: usize,
}

/// What "cases by speaker" would do: the cases, with counts, and the one edit that does it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpeakerPreview {
    /// In order of first appearance.
    pub cases: Vec<SpeakerCase>,
    /// Turns already in their speaker's case, left out.
    pub already: usize,
    /// `None` when there is nothing to do. One step: new cases, then additions to existing
    /// ones.
    #[serde(skip)]
    pub edit: Option<Edit>,
}

/// Finds the speakers of these documents (all documents when empty) and prepares their
/// cases. Reads only; apply `edit` with `Project::execute` to create them.
pub fn preview_cases_by_speaker(
    project: &Project,
    documents: &[DocumentId],
) -> Result<SpeakerPreview> {
    let store = project.store();
    let ids: Vec<DocumentId> = if documents.is_empty() {
        store
            .document_summaries()?
            .into_iter()
            .map(|d| d.id)
            .collect()
    } else {
        documents.to_vec()
    };
    let existing: HashMap<String, CaseId> =
        store.cases()?.into_iter().map(|c| (c.name, c.id)).collect();
    let members: HashSet<(CaseId, DocumentId, Option<TextRange>)> = store
        .case_members()?
        .into_iter()
        .map(|m| (m.case, m.document, m.range))
        .collect();
    // Speaker -> members, in order of first appearance.
    let mut order: Vec<String> = Vec::new();
    let mut found: BTreeMap<usize, (Vec<NewCaseMember>, HashSet<DocumentId>, usize)> =
        BTreeMap::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut already = 0;
    for doc in store.document_texts(&ids)? {
        for turn in speaker_turns(&doc.text) {
            if let Some(&case) = existing.get(&turn.speaker)
                && members.contains(&(case, doc.id, Some(turn.range)))
            {
                already += 1;
                continue;
            }
            let k = *index.entry(turn.speaker.clone()).or_insert_with(|| {
                order.push(turn.speaker.clone());
                order.len() - 1
            });
            let entry = found.entry(k).or_default();
            entry.0.push(NewCaseMember {
                document: doc.id,
                range: Some(turn.range),
            });
            entry.1.insert(doc.id);
            entry.2 += turn.range.len();
        }
    }
    let mut cases = Vec::new();
    let mut create = Vec::new();
    let mut add = Vec::new();
    for (k, (members, docs, chars)) in found {
        let name = order[k].clone();
        let existing = existing.get(&name).copied();
        cases.push(SpeakerCase {
            name: name.clone(),
            existing,
            documents: docs.len(),
            turns: members.len(),
            chars,
        });
        match existing {
            Some(case) => add.push(Edit::AddCaseMembers { case, members }),
            None => create.push(NewCase { name, members }),
        }
    }
    let mut steps = Vec::new();
    if !create.is_empty() {
        steps.push(Edit::CreateCases(create));
    }
    steps.extend(add);
    let edit = match steps.len() {
        0 => None,
        1 => steps.pop(),
        _ => Some(Edit::Batch(steps)),
    };
    Ok(SpeakerPreview {
        cases,
        already,
        edit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_start_turns_and_plain_lines_continue_them() {
        let text = "Notes before anyone speaks.\n\nInterviewer: Where were you born?\n\nАйгерім: Баян-Өлгийде.\nWe moved in 1993.\n\nMore from her.\n\nInterviewer: Thank you.\n";
        let turns = speaker_turns(text);
        let got: Vec<(&str, &str)> = turns
            .iter()
            .map(|t| {
                (
                    t.speaker.as_str(),
                    text::slice_chars(text, t.range).unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("Interviewer", "Interviewer: Where were you born?"),
                (
                    "Айгерім",
                    "Айгерім: Баян-Өлгийде.\nWe moved in 1993.\n\nMore from her."
                ),
                ("Interviewer", "Interviewer: Thank you."),
            ]
        );
    }

    #[test]
    fn subtitle_voices_start_at_their_timestamp() {
        let text = "[00:00:05]\nАйгерім: Сәлем\n\n[00:00:07]\nБолат: Привет\n\n[00:00:09]\n你好";
        let turns = speaker_turns(text);
        assert_eq!(turns.len(), 2);
        assert_eq!(turns[0].range.start, 0);
        assert_eq!(
            text::slice_chars(text, turns[1].range),
            Some("[00:00:07]\nБолат: Привет\n\n[00:00:09]\n你好")
        );
    }

    #[test]
    fn sentences_with_colons_are_not_labels() {
        for line in [
            "He said: we came back",
            "Note, however: this",
            "10:30 we met",
            "http://example",
            "A very long name of five words: no",
        ] {
            assert_eq!(label(line), None, "{line}");
        }
        assert_eq!(label("Dr Sarsenbayeva: yes"), Some("Dr Sarsenbayeva"));
        assert_eq!(label("Q:"), Some("Q"));
    }
}
