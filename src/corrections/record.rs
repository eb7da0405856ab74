//! What the correction log says about a change: short snippets and a one-line summary a
//! reviewer reads. Pure.

use crate::domain::{ChangeRecord, CorrectionKind};

/// How many changes an entry of the log lists with their old and new text.
pub const LISTED_CHANGES: usize = 100;

/// How many characters of an old or new text the log keeps.
pub const SNIPPET_CHARS: usize = 200;

/// `text`, cut to [`SNIPPET_CHARS`] characters with `…` if longer.
pub fn snippet(text: &str) -> String {
    let mut chars = text.char_indices();
    match chars.nth(SNIPPET_CHARS) {
        Some((byte, _)) => format!("{}…", &text[..byte]),
        None => text.to_owned(),
    }
}

/// Groups digits by thousands: 1234567 → "1,234,567".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// A short quote for a summary line: at most 40 characters, line breaks shown as `⏎`.
fn quote(text: &str) -> String {
    let flat = text.replace('\n', "⏎");
    let mut chars = flat.char_indices();
    match chars.nth(40) {
        Some((byte, _)) => format!("“{}…”", &flat[..byte]),
        None => format!("“{flat}”"),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// One line for a reviewer: "replaced “teh” with “the” at character 1,204", "pseudonymised:
/// 7 replacements, e.g. “Айгерімнің” → “Дананың”", "replaced by a corrected version
/// (interview-v2.docx): 12 changes, 1 coding unplaced".
pub fn summary(
    kind: CorrectionKind,
    listed: &[ChangeRecord],
    changes: usize,
    unplaced: usize,
    new_file: Option<&str>,
) -> String {
    let mut line = match (kind, listed) {
        (CorrectionKind::Reimport, _) => format!(
            "replaced by a corrected version{}: {}",
            new_file.map(|f| format!(" ({f})")).unwrap_or_default(),
            plural(changes, "change", "changes")
        ),
        (CorrectionKind::Pseudonymise, [first, ..]) => format!(
            "pseudonymised: {}, e.g. {} → {}",
            plural(changes, "replacement", "replacements"),
            quote(&first.old),
            quote(&first.new)
        ),
        (CorrectionKind::Edit, [one]) if changes == 1 => {
            let at = thousands(one.at);
            match (one.old.is_empty(), one.new.is_empty()) {
                (true, _) => format!("inserted {} at character {at}", quote(&one.new)),
                (_, true) => format!("deleted {} at character {at}", quote(&one.old)),
                _ => format!(
                    "replaced {} with {} at character {at}",
                    quote(&one.old),
                    quote(&one.new)
                ),
            }
        }
        _ => format!("edited: {}", plural(changes, "change", "changes")),
    };
    if unplaced > 0 {
        line.push_str("; ");
        line.push_str(&plural(unplaced, "coding", "codings"));
        line.push_str(" unplaced");
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(at: usize, old: &str, new: &str) -> ChangeRecord {
        ChangeRecord {
            at,
            old: old.into(),
            new: new.into(),
        }
    }

    #[test]
    fn summaries_say_what_changed() {
        assert_eq!(
            summary(
                CorrectionKind::Edit,
                &[change(1204, "teh", "the")],
                1,
                0,
                None
            ),
            "replaced “teh” with “the” at character 1,204"
        );
        assert_eq!(
            summary(CorrectionKind::Edit, &[change(5, "", "x")], 1, 0, None),
            "inserted “x” at character 5"
        );
        assert_eq!(
            summary(CorrectionKind::Edit, &[change(5, "a\nb", "")], 1, 2, None),
            "deleted “a⏎b” at character 5; 2 codings unplaced"
        );
        assert_eq!(
            summary(
                CorrectionKind::Pseudonymise,
                &[change(0, "Айгерімнің", "Дананың")],
                7,
                0,
                None
            ),
            "pseudonymised: 7 replacements, e.g. “Айгерімнің” → “Дананың”"
        );
        assert_eq!(
            summary(CorrectionKind::Reimport, &[], 1234, 1, Some("v2.docx")),
            "replaced by a corrected version (v2.docx): 1,234 changes; 1 coding unplaced"
        );
    }

    #[test]
    fn snippets_are_cut_by_characters() {
        let long = "қ".repeat(SNIPPET_CHARS + 5);
        let cut = snippet(&long);
        assert_eq!(cut.chars().count(), SNIPPET_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(snippet("short"), "short");
    }
}
