//! Pages of blocks → the stored text and its page map.
//!
//! - Running heads, running feet and page numbers (a line alone at the top or bottom of a page,
//!   no larger than the text, that is a bare page number, or that comes back at the same
//!   height on other pages with only its numbers changed) are left out: the page map says
//!   where each page starts.
//! - Paragraphs are rebuilt from the layout. Inside a block a paragraph ends at a wider gap
//!   between lines, a change of font size, an indented line, a list marker, around a table's
//!   row, or after a line that ends a sentence short of the column's edge. A line that ends
//!   short without ending a sentence (a poem, an address) keeps its line break. From one
//!   column or page to the next, a paragraph goes on when the last line filled its column (the
//!   next word would not have fitted) and the next line starts flush, in the same size.
//! - Footnotes (lines in a smaller size below the rest of their column) follow the paragraph
//!   that runs over their page's end, so they never cut it in two; they count towards the
//!   page where that paragraph ends.
//! - The lines of a paragraph are kept as lines, unless they are to be joined: then a line
//!   that wrapped because it was full is joined to the next with a space (with nothing between
//!   Chinese or Japanese characters). A word hyphenated across lines ("con-" / "sumer") is
//!   joined without its hyphen, unless it looks like a compound (`тарихи-мәдени`,
//!   `school-age`): the hyphenated form appears elsewhere in the document, or both halves do
//!   as words of their own while the joined word does not. A soft hyphen at a line end is
//!   dropped.

use std::collections::{HashMap, HashSet};

use super::layout::{Block, Line, starts_with_marker};

/// The text and the character offset where each page starts.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Flowed {
    pub text: String,
    pub pages: Vec<usize>,
}

/// How one line follows the line before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Break {
    /// A new paragraph.
    Paragraph,
    /// The same paragraph, on a new line the writer chose.
    Line,
    /// The same paragraph: the line before was full and wrapped.
    Wrap,
}

/// Lays out the pages' blocks (each page in reading order) as text.
pub(super) fn flow(mut pages: Vec<Vec<Block>>, join: bool) -> Flowed {
    remove_furniture(&mut pages);
    let body_size = median_size(&pages);
    // Footnotes: lines in a smaller size below the rest of their column. They wait until the
    // paragraph that runs on over the page break has ended.
    let mut body: Vec<Item<'_>> = Vec::new();
    let mut notes: Vec<Vec<Item<'_>>> = vec![Vec::new(); pages.len()];
    for (page, blocks) in pages.iter().enumerate() {
        let small = |l: &Line| l.size < 0.9 * body_size;
        for block in blocks {
            let column_bottom = blocks
                .iter()
                .filter(|other| overlaps(block, other))
                .flat_map(|b| &b.lines)
                .filter(|l| !small(l))
                .map(|l| l.y)
                .fold(f32::INFINITY, f32::min);
            for line in &block.lines {
                if small(line) && line.y < column_bottom {
                    notes[page].push((page, block, line));
                } else {
                    body.push((page, block, line));
                }
            }
        }
    }
    let body_breaks: Vec<Break> = body.windows(2).map(|w| between(w[0], w[1])).collect();
    let mut items: Vec<Item<'_>> = Vec::with_capacity(body.len());
    let mut breaks: Vec<Break> = Vec::with_capacity(body.len());
    let mut pending: Vec<Item<'_>> = Vec::new();
    let mut after_notes = false;
    let mut next_notes = 0;
    for (i, &item) in body.iter().enumerate() {
        if i > 0 {
            breaks.push(if after_notes {
                Break::Paragraph
            } else {
                body_breaks[i - 1]
            });
        }
        after_notes = false;
        items.push(item);
        let next_page = body.get(i + 1).map_or(pages.len(), |next| next.0);
        if next_page != item.0 {
            while next_notes < next_page {
                pending.extend(notes[next_notes].iter().copied());
                next_notes += 1;
            }
        }
        let paragraph_ends = body_breaks.get(i).is_none_or(|b| *b == Break::Paragraph);
        if !pending.is_empty() && paragraph_ends {
            for (j, &note) in pending.iter().enumerate() {
                breaks.push(if j == 0 {
                    Break::Paragraph
                } else {
                    between(pending[j - 1], note)
                });
                items.push(note);
            }
            pending.clear();
            after_notes = true;
        }
    }
    for (page, page_notes) in notes.iter().enumerate().skip(next_notes) {
        for &note in page_notes {
            if let Some(&previous) = items.last() {
                breaks.push(if previous.0 == page {
                    between(previous, note)
                } else {
                    Break::Paragraph
                });
            }
            items.push(note);
        }
    }
    let lexicon = if join {
        lexicon(&items)
    } else {
        HashSet::new()
    };
    let mut out = Writer::default();
    let mut starts = Vec::with_capacity(pages.len());
    for (i, (page, _, line)) in items.iter().enumerate() {
        if i > 0 {
            match breaks[i - 1] {
                Break::Paragraph => out.push("\n\n"),
                Break::Line => out.push("\n"),
                Break::Wrap if !join => out.push("\n"),
                Break::Wrap => {
                    let (drop, space) = joint(&items[i - 1].2.text, &line.text, &lexicon);
                    if drop {
                        out.pop();
                    }
                    if space {
                        out.push(" ");
                    }
                }
            }
        }
        while starts.len() <= *page {
            starts.push(out.chars);
        }
        let joined_on = join && breaks.get(i) == Some(&Break::Wrap);
        if joined_on {
            out.push(&line.text);
        } else {
            out.push(line.text.trim_end_matches('\u{ad}'));
        }
    }
    while starts.len() < pages.len() {
        starts.push(out.chars);
    }
    let mut out = Flowed {
        text: out.text,
        pages: starts,
    };
    if let Some(first) = out.pages.first_mut() {
        *first = 0;
    }
    out
}

/// The words of the document, lower-cased, leaving out the halves of words hyphenated across
/// lines.
fn lexicon(items: &[Item<'_>]) -> HashSet<String> {
    let mut words = HashSet::new();
    let mut after_hyphen = false;
    for (_, _, line) in items {
        let tokens: Vec<&str> = line.text.split_whitespace().collect();
        let hyphen = ends_with_hyphen(&line.text);
        for (i, token) in tokens.iter().enumerate() {
            if i == 0 && after_hyphen || i + 1 == tokens.len() && hyphen {
                continue;
            }
            let word = token.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            if !word.is_empty() {
                words.insert(word.to_lowercase());
            }
        }
        after_hyphen = hyphen;
    }
    words
}

/// The text being written and its length in characters.
#[derive(Default)]
struct Writer {
    text: String,
    chars: usize,
}

impl Writer {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.chars += s.chars().count();
    }

    fn pop(&mut self) {
        if self.text.pop().is_some() {
            self.chars -= 1;
        }
    }
}

/// A line and where it comes from: its page and block.
type Item<'a> = (usize, &'a Block, &'a Line);

/// How the second of two lines in reading order follows the first.
fn between(first: Item<'_>, second: Item<'_>) -> Break {
    let (page1, block1, line1) = first;
    let (page2, block2, line2) = second;
    let same_block = page1 == page2 && std::ptr::eq(block1, block2);
    let below = page1 == page2
        && block2.top <= block1.bottom + 0.5 * line1.size
        && overlaps(block1, block2);
    decide(line1, block1, line2, block2, same_block, below)
}

/// The font size of most lines.
fn median_size(pages: &[Vec<Block>]) -> f32 {
    let mut sizes: Vec<f32> = pages
        .iter()
        .flatten()
        .flat_map(|b| b.lines.iter().map(|l| l.size))
        .collect();
    sizes.sort_by(f32::total_cmp);
    sizes.get(sizes.len() / 2).copied().unwrap_or(10.0)
}

fn overlaps(a: &Block, b: &Block) -> bool {
    a.left < b.right && b.left < a.right
}

/// Distance from the column's edge where reading starts to the line's start.
fn start_gap(line: &Line, block: &Block) -> f32 {
    if line.rtl {
        block.right - line.x1
    } else {
        line.x0 - block.left
    }
}

/// Room left between the line's end and the column's edge.
fn end_gap(line: &Line, block: &Block) -> f32 {
    if line.rtl {
        line.x0 - block.left
    } else {
        block.right - line.x1
    }
}

fn ends_with_hyphen(text: &str) -> bool {
    let mut chars = text.chars().rev();
    matches!(chars.next(), Some('-' | '\u{2010}' | '\u{ad}'))
        && chars.next().is_some_and(char::is_alphabetic)
}

fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(['"', '”', '’', '»', ')', '\'', ']']);
    trimmed.ends_with(['.', '!', '?', '…', ':', ';', '。', '！', '？', '؟', '۔'])
}

fn decide(
    line1: &Line,
    block1: &Block,
    line2: &Line,
    block2: &Block,
    same_block: bool,
    below: bool,
) -> Break {
    let size = line1.size.max(line2.size);
    let resized = line1.size.max(line2.size) > 1.15 * line1.size.min(line2.size);
    let wrapped =
        ends_with_hyphen(&line1.text) || end_gap(line1, block1) < line2.lead_word + 0.3 * size;
    let marker = starts_with_marker(&line2.text);
    if !same_block {
        let jump = !below;
        let flush = start_gap(line2, block2) < 0.6 * size;
        return if jump && wrapped && !resized && flush && !marker && line1.rtl == line2.rtl {
            Break::Wrap
        } else {
            Break::Paragraph
        };
    }
    if resized || marker || line1.cells || line2.cells {
        return Break::Paragraph;
    }
    let pitch = block1.pitch * line1.size / size.max(1.0);
    if line1.y - line2.y > 1.2 * pitch.max(line1.size) {
        return Break::Paragraph;
    }
    let indent1 = start_gap(line1, block1);
    let indent2 = start_gap(line2, block2);
    let hanging = line1.after_marker.is_some_and(|x| {
        let start = if line2.rtl { line2.x1 } else { line2.x0 };
        (start - x).abs() < 0.6 * size
    });
    if indent2 > indent1 + 0.8 * size && !hanging {
        return Break::Paragraph;
    }
    if wrapped {
        return Break::Wrap;
    }
    // A list item's line ending short, and a line not under the item's text after it.
    if line1.after_marker.is_some() && !hanging {
        return Break::Paragraph;
    }
    if ends_sentence(&line1.text) || indent2 > 0.8 * size && !hanging {
        Break::Paragraph
    } else {
        Break::Line
    }
}

/// How a wrapped line joins the next: whether to drop the hyphen at its end, and whether a
/// space goes between.
fn joint(previous: &str, next: &str, lexicon: &HashSet<String>) -> (bool, bool) {
    let last = previous.chars().last().unwrap_or(' ');
    let first = next.chars().next().unwrap_or(' ');
    if last == '\u{ad}' {
        return (true, false);
    }
    if ends_with_hyphen(previous) {
        let head: String = previous
            .chars()
            .rev()
            .skip(1)
            .take_while(|c| c.is_alphanumeric())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let tail: String = next.chars().take_while(|c| c.is_alphanumeric()).collect();
        let joined = format!("{head}{tail}").to_lowercase();
        let hyphenated = format!("{head}-{tail}").to_lowercase();
        let compound = lexicon.contains(&hyphenated)
            || lexicon.contains(&head.to_lowercase()) && lexicon.contains(&tail.to_lowercase());
        let drop = first.is_lowercase() && (lexicon.contains(&joined) || !compound);
        return (drop, false);
    }
    (false, !(is_cjk(last) || is_cjk(first)))
}

/// Chinese, Japanese and fullwidth characters, which are written without spaces.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{30ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{ff00}'..='\u{ffef}'
        | '\u{20000}'..='\u{2fa1f}')
}

/// The text of a line with every number replaced by `#`, for telling running heads apart
/// from text: "12 CHAPTER 1. THE OFFICE" and "14 CHAPTER 1. THE OFFICE" are the same head.
fn shape(text: &str) -> String {
    let mut out = String::new();
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        let core = word.trim_matches(|c: char| !c.is_alphanumeric());
        if is_number(core) {
            out.push('#');
        } else {
            let mut in_digits = false;
            for c in word.chars().flat_map(char::to_lowercase) {
                if c.is_ascii_digit() {
                    if !in_digits {
                        out.push('#');
                    }
                    in_digits = true;
                } else {
                    out.push(c);
                    in_digits = false;
                }
            }
        }
    }
    out
}

/// Arabic or lower- or upper-case roman numerals.
fn is_number(word: &str) -> bool {
    !word.is_empty()
        && (word.chars().all(|c| c.is_ascii_digit())
            || word.len() <= 6
                && (word
                    .chars()
                    .all(|c| matches!(c, 'i' | 'v' | 'x' | 'l' | 'c'))
                    || word
                        .chars()
                        .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'))))
}

/// A line that is only a page number: "7", "- 7 -", "Page 7", "7 of 12", "vii".
fn is_page_number(text: &str) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | '/' | '|'))
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty()
        && words.len() <= 4
        && words.iter().any(|w| is_number(w))
        && words.iter().all(|w| {
            is_number(w)
                || matches!(
                    w.to_lowercase().as_str(),
                    "page" | "p." | "of" | "стр." | "бет"
                )
        })
}

/// Where a candidate sits on its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Edge {
    Top,
    Bottom,
}

/// Removes running heads, feet and page numbers; see the module comment.
fn remove_furniture(pages: &mut [Vec<Block>]) {
    let body_size = median_size(pages);
    // (page, block index, edge, shape, starts or ends with a number, baseline)
    let mut candidates = Vec::new();
    for (page, blocks) in pages.iter().enumerate() {
        if blocks.len() < 2 {
            continue;
        }
        let top = (0..blocks.len()).max_by(|&a, &b| blocks[a].top.total_cmp(&blocks[b].top));
        let bottom =
            (0..blocks.len()).min_by(|&a, &b| blocks[a].bottom.total_cmp(&blocks[b].bottom));
        for (edge, index) in [(Edge::Top, top), (Edge::Bottom, bottom)] {
            let Some(index) = index else { continue };
            let block = &blocks[index];
            if block.lines.len() != 1 || block.lines[0].text.chars().count() > 100 {
                continue;
            }
            let apart = blocks.iter().enumerate().all(|(i, other)| {
                i == index
                    || match edge {
                        Edge::Top => other.top < block.bottom,
                        Edge::Bottom => other.bottom > block.top,
                    }
            });
            if !apart {
                continue;
            }
            let line = &block.lines[0];
            // Running heads are set no larger than the text; chapter titles are not heads.
            if line.size > 1.1 * body_size {
                continue;
            }
            let words: Vec<&str> = line.text.split_whitespace().collect();
            let numbered = words.first().is_some_and(|w| is_number(w))
                || words.last().is_some_and(|w| is_number(w));
            candidates.push((page, index, edge, shape(&line.text), numbered, line.y));
        }
    }
    // Heads and feet come back at the same height: candidates by edge and shape, and the
    // numbered ones by edge and height (in steps of half the text size), each with its pages.
    let step = (0.5 * body_size).max(1.0);
    let mut by_shape: HashMap<(Edge, &str), Vec<(usize, f32)>> = HashMap::new();
    let mut numbered_at: HashMap<(Edge, i64), HashSet<usize>> = HashMap::new();
    for (page, _, edge, shape_, numbered, y) in &candidates {
        by_shape
            .entry((*edge, shape_.as_str()))
            .or_default()
            .push((*page, *y));
        if *numbered {
            numbered_at
                .entry((*edge, (y / step).round() as i64))
                .or_default()
                .insert(*page);
        }
    }
    let mut remove: Vec<(usize, usize)> = Vec::new();
    for (page, index, edge, shape_, numbered, y) in &candidates {
        let text = &pages[*page][*index].lines[0].text;
        let repeated = by_shape[&(*edge, shape_.as_str())]
            .iter()
            .any(|(p, other_y)| p != page && (other_y - y).abs() < step);
        let bucket = (y / step).round() as i64;
        let numbered_heads = *numbered
            && (bucket.saturating_sub(1)..=bucket.saturating_add(1))
                .filter_map(|b| numbered_at.get(&(*edge, b)))
                .flatten()
                .filter(|p| *p != page)
                .collect::<HashSet<_>>()
                .len()
                >= 2;
        if is_page_number(text) || repeated || numbered_heads {
            remove.push((*page, *index));
        }
    }
    remove.sort_unstable();
    for (page, index) in remove.into_iter().rev() {
        pages[page].remove(index);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, x0: f32, x1: f32, y: f32) -> Line {
        Line {
            text: text.to_owned(),
            x0,
            x1,
            y,
            size: 10.0,
            rtl: false,
            lead_word: 5.0 * text.split(' ').next().unwrap_or("").chars().count() as f32 + 3.0,
            after_marker: None,
            cells: false,
        }
    }

    fn block(lines: Vec<Line>, left: f32, right: f32) -> Block {
        let top = lines.first().map_or(0.0, |l| l.y + 7.5);
        let bottom = lines.last().map_or(0.0, |l| l.y - 2.5);
        Block {
            lines,
            top,
            bottom,
            left,
            right,
            pitch: 12.0,
        }
    }

    #[test]
    fn a_paragraph_goes_on_across_a_page_break_and_the_page_map_says_where() {
        let page1 = vec![
            block(
                vec![
                    line("The first paragraph ends here.", 50.0, 200.0, 700.0),
                    line("A second one runs to the end of", 60.0, 300.0, 688.0),
                    line("the page and then it goes on", 50.0, 300.0, 676.0),
                ],
                50.0,
                300.0,
            ),
            block(vec![line("1", 170.0, 175.0, 40.0)], 50.0, 300.0),
        ];
        let page2 = vec![
            block(vec![line("2", 170.0, 175.0, 40.0)], 50.0, 300.0),
            block(
                vec![
                    line("over the page break.", 50.0, 150.0, 700.0),
                    line("A third paragraph.", 60.0, 150.0, 688.0),
                ],
                50.0,
                300.0,
            ),
        ];
        let flowed = flow(vec![page1, page2], true);
        assert_eq!(
            flowed.text,
            "The first paragraph ends here.\n\nA second one runs to the end of the page and then it goes on over the page break.\n\nA third paragraph."
        );
        let start = flowed.text.find("over the").unwrap();
        assert_eq!(flowed.pages, vec![0, flowed.text[..start].chars().count()]);
        let kept = flow(
            vec![vec![block(
                vec![
                    line("Grass on the saddle,", 50.0, 150.0, 700.0),
                    line("snow on the pass.", 50.0, 140.0, 688.0),
                ],
                50.0,
                300.0,
            )]],
            true,
        );
        assert_eq!(kept.text, "Grass on the saddle,\nsnow on the pass.");
    }

    #[test]
    fn hyphens_go_where_the_document_has_the_whole_word() {
        let lexicon: HashSet<String> = ["consumer", "тарихи-мәдени"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(joint("the con-", "sumer goes", &lexicon), (true, false));
        assert_eq!(joint("тарихи-", "мәдени мұра", &lexicon), (false, false));
        assert_eq!(joint("Arm-", "strong said", &lexicon), (true, false));
        let words: HashSet<String> = ["school", "age"].into_iter().map(str::to_owned).collect();
        assert_eq!(joint("school-", "age children", &words), (false, false));
        assert_eq!(joint("recog\u{ad}", "nition", &lexicon), (true, false));
        assert_eq!(
            joint("中国的现代化是一个", "漫长的过程。", &lexicon),
            (false, false)
        );
        assert_eq!(joint("a -", "b", &lexicon), (false, true));
    }

    #[test]
    fn page_numbers_and_running_heads_are_told_apart_from_text() {
        assert!(is_page_number("12"));
        assert!(is_page_number("- 12 -"));
        assert!(is_page_number("Page 3 of 10"));
        assert!(is_page_number("xiv"));
        assert!(!is_page_number("12 angry men"));
        assert_eq!(
            shape("12 CHAPTER 1. THE OFFICE"),
            shape("14 CHAPTER 1. THE OFFICE")
        );
        assert_ne!(shape("Chapter one"), shape("Chapter two"));
    }
}
