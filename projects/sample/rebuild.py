#!/usr/bin/env python3
"""Rebuilds the sample's texts from the raw PDF extractions in `source/`, and moves the
manifest's codings onto the rebuilt texts.

    python3 projects/sample/rebuild.py          # write the texts and manifest.json
    python3 projects/sample/rebuild.py --check  # fail if they differ from what would be written
    REBUILD_DEBUG=1 python3 projects/sample/rebuild.py  # also show each inferred paragraph end

Standard library only. The raw extractions are kept unchanged under `source/` so that the
rebuild can be repeated and reviewed.

What a rebuilt text looks like:
- one paragraph per paragraph of the paper, paragraphs separated by one blank line, and no line
  breaks inside a paragraph (the lines of a paragraph are joined with one space; runs of
  spaces are collapsed to one);
- headings are paragraphs of their own;
- footnotes are taken out of the page where the PDF put them (they cut the paragraph running
  across the page break) and collected, in order, after the body under a heading "Notes" (a
  word added here), one paragraph per note, written "N text";
- a word hyphenated across a line end is rejoined without the hyphen only when the joined word
  occurs elsewhere in the sample's texts and the hyphenated form does not; otherwise the hyphen
  is kept (post-Soviet, nation-building, cross-border, ...). In these two texts every line-end
  hyphen turns out to be a real one; the decisions are printed.

Codings are moved by their words, not by offsets: a coding's characters other than whitespace
and hyphens, with up to 200 such characters of context on either side, are looked up in the
rebuilt text, the occurrence sharing the most context wins (it must win alone), and the coding
becomes the rebuilt text's characters from its first to its last matched character. The quote
is that stretch (a line break inside it is now a space) and `occurrence` counts its
occurrences up to and including that one. When the coding is located in the raw extraction
itself, its position is also checked against the character-by-character provenance that the
rebuild records. No coding may end up containing a paragraph break.

Documents this script does not know (added to the manifest by hand) are left as they are.
"""

from __future__ import annotations

import bisect
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
MANIFEST = HERE / "manifest.json"

DEBUG = bool(os.environ.get("REBUILD_DEBUG"))

# Characters of context compared on either side of a coding when moving it.
CONTEXT = 200


@dataclass
class Piece:
    """A stretch of output text: a stripped source line, or text this script adds."""

    text: str
    # Offset (in characters) of text[0] in the raw source, or None for added text.
    start: int | None
    # What joins this piece to the previous one in the same paragraph: " " or "".
    glue: str = " "


@dataclass
class Para:
    kind: str  # "heading", "text" or "note"
    pieces: list[Piece] = field(default_factory=list)

    def text(self) -> str:
        return "".join((p.glue if i else "") + p.text for i, p in enumerate(self.pieces))


@dataclass
class Line:
    text: str  # without leading and trailing whitespace
    start: int  # offset of text[0] in the raw source
    lead: int  # leading spaces in the raw line
    trail: int  # trailing spaces in the raw line
    number: int  # 1-based line number in the raw source, for messages


def lines_of(raw: str) -> list[Line]:
    out = []
    pos = 0
    for i, line in enumerate(raw.split("\n")):
        stripped = line.strip(" ")
        lead = len(line) - len(line.lstrip(" "))
        trail = len(line) - len(line.rstrip(" ")) if stripped else 0
        out.append(Line(stripped, pos + lead, lead, trail, i + 1))
        pos += len(line) + 1
    return out


# --- Hyphens at line ends -------------------------------------------------------------------

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def vocabulary(texts: list[str]) -> set[str]:
    """Every word of the texts as written within a line (a hyphenated word as one), lower-cased."""
    words = set()
    for text in texts:
        for line in text.split("\n"):
            for w in WORD.findall(line):
                words.add(w.lower())
    return words


HYPHEN_DECISIONS: list[str] = []


def glue_after(prev: Piece, line: Line, words: set[str]) -> str:
    """How `line` continues `prev` when `prev`'s raw line ended without a space: a hyphen is
    kept (compound) or dropped (a word broken by the typesetter); anything else (a URL, an en
    dash) joins directly."""
    if not prev.text.endswith("-"):
        return ""
    head = WORD.findall(prev.text[:-1])
    tail = WORD.findall(line.text)
    if not head or not tail or not prev.text[:-1].endswith(head[-1]) or not line.text.startswith(tail[0]):
        HYPHEN_DECISIONS.append(f"kept   {prev.text[-20:]!r} + {line.text[:20]!r} (not a word break)")
        return ""
    a, b = head[-1], tail[0].split("-")[0]
    joined, hyphenated = (a + b).lower(), f"{a}-{b}".lower()
    if joined in words and hyphenated not in words:
        prev.text = prev.text[:-1]
        HYPHEN_DECISIONS.append(f"joined {a}-{b} -> {a}{b}")
    else:
        HYPHEN_DECISIONS.append(f"kept   {a}-{b}")
    return ""


# --- Layout 1: the Crossroads Asia working paper ------------------------------------------
#
# The extraction puts a blank line after every line and marks no paragraph ends, so they are
# inferred. What the extraction does show:
# - a page's footnotes follow a separator line of many spaces; each note is a line holding only
#   its number, then its text, whose first line starts with a space; the next page's first line
#   also starts with a space (and does not follow a number line);
# - a line holding a single space separates sections and the parts of figure captions;
# - some paragraphs end with two or more trailing spaces;
# - no running headers or page numbers survived, so none are removed here;
# - note 17 lost its number line and its separator: it is the only line starting with two
#   spaces, and takes the next number in sequence (its end is missing in the extraction).
# A paragraph also ends after a line ending a sentence, before a line starting one, when the
# next line's first word would have fitted on it (the line and the word take at most FITS
# characters; lines broken mid-paragraph, measured on this text, need 96 or more); after a
# figure's "Source:" line; and after an interview's reference closing a quotation
# ("(Fieldwork interview, ...)", "(Interview through ...)"). A numbered section heading (after a
# separator) and the back matter's heading are paragraphs of their own, and a line starting
# "Figure N:", "Source:" or a bullet starts a paragraph. Where none of this tells, the lines are
# joined: two paragraphs read as one rather than one as two.

FITS = 92
TERMINAL = re.compile(r"[.?!:”\")’]\d*$")
STARTS_SENTENCE = re.compile(r"^[A-Z“\"‘(0-9•]")
NUMBERED_HEADING = re.compile(r"^\d+(\.\d+)*\.\s+\S")
OWN_START = re.compile(r"^(•|Figure \d+:|Source:)")
INTERVIEW_SOURCE = re.compile(r"\((Fieldwork interview|Interview through)[^()]*\)$")
BACK_MATTER = "Information on the competence network Crossroads Asia"


def crossroads(raw: str, words: set[str]) -> tuple[list[Para], list[Para], list[Para]]:
    """Returns (body, notes, back matter)."""
    body: list[Para] = []
    notes: dict[int, Para] = {}
    current: Para | None = None
    prev_line: Line | None = None  # the previous body line
    in_notes = False
    after_number = False
    note: Para | None = None
    after_break = True

    def close() -> None:
        nonlocal current
        if current is not None and current.pieces:
            body.append(current)
        current = None

    def new_note(number: int, line: Line, number_start: int | None) -> Para:
        if number in notes or (notes and number != max(notes) + 1):
            sys.exit(f"note {number} out of sequence at line {line.number}")
        para = Para("note", [Piece(str(number), number_start)])
        notes[number] = para
        return para

    for line in lines_of(raw):
        if in_notes:
            if not line.text:
                continue
            if line.text.isdigit():
                note = new_note(int(line.text), line, line.start)
                after_number = True
                continue
            if line.lead == 1 and not after_number:
                in_notes = False  # the next page starts
            else:
                assert note is not None
                if after_number:
                    note.pieces.append(Piece(line.text, line.start))
                else:
                    last = note.pieces[-1]
                    glue = " " if raw_ends_with_space(last, raw) else glue_after(last, line, words)
                    note.pieces.append(Piece(line.text, line.start, glue))
                after_number = False
                continue
        if not line.text:
            if line.lead >= 20:  # the footnote separator
                in_notes = True
            elif line.lead >= 1:  # a line holding only a space
                close()
                after_break = True
            continue
        if line.lead == 2:
            note = new_note(max(notes) + 1, line, None)
            note.pieces.append(Piece(line.text, line.start))
            in_notes = True
            after_number = False
            continue
        # A body line.
        is_heading = (after_break and NUMBERED_HEADING.match(line.text)) or line.text == BACK_MATTER
        continues_heading = (
            current is not None
            and current.kind == "heading"
            and line.text[:1].islower()
            and prev_line is not None
            and not TERMINAL.search(prev_line.text)
        )
        if continues_heading:
            current.pieces.append(Piece(line.text, line.start))
        elif is_heading:
            close()
            current = Para("heading", [Piece(line.text, line.start)])
        else:
            starts = current is None or current.kind == "heading" or OWN_START.match(line.text)
            if not starts and prev_line is not None:
                sentence = bool(TERMINAL.search(prev_line.text) and STARTS_SENTENCE.match(line.text))
                fits = len(prev_line.text) + 1 + len(line.text.split()[0]) <= FITS
                starts = bool(
                    prev_line.trail >= 2
                    or prev_line.text.startswith("Source:")
                    or INTERVIEW_SOURCE.search(prev_line.text)
                    or (sentence and fits)
                )
                if DEBUG and sentence:
                    print(
                        f"{'broke ' if starts else 'joined'} after line {prev_line.number}: "
                        f"…{prev_line.text[-40:]} | {line.text[:30]}",
                        file=sys.stderr,
                    )
            if starts:
                close()
                current = Para("text", [Piece(line.text, line.start)])
            else:
                assert current is not None
                last = current.pieces[-1]
                glue = " " if raw_ends_with_space(last, raw) else glue_after(last, line, words)
                current.pieces.append(Piece(line.text, line.start, glue))
        prev_line = line
        after_break = False
    close()
    split = next(i for i, p in enumerate(body) if p.text() == BACK_MATTER)
    return body[:split], [notes[n] for n in sorted(notes)], body[split:]


def raw_ends_with_space(piece: Piece, raw: str) -> bool:
    """Whether the raw line of `piece` had whitespace after it (then a word ended there)."""
    assert piece.start is not None
    end = piece.start + len(piece.text)
    return end < len(raw) and raw[end] == " "


# --- Layout 2: the Europe-Asia Studies article --------------------------------------------
#
# The extraction separates paragraphs with a blank line, and a line ends with a space unless a
# word runs on (a hyphen, a URL, an en dash) or the paragraph ends there: so a line ending
# without a space, other than after a hyphen, dash or slash, ends its paragraph. This also
# decides whether a paragraph cut by a page break goes on after the footnotes.
# - A page's footnotes follow its last line after a blank line: each starts with its number
#   glued to its text ("12Interview with ..."), numbered 1, 2, 3, ... (the number must be the
#   next one, which tells a note from a line starting with a year). A note may run over a blank
#   line. The next page starts with a line beginning with one space, or follows a running head.
# - Removed: the two running heads that survived ("PRIVILEGED EXCLUSION IN POST-SOVIET
#   KAZAKHSTAN 1567", "CYNTHIA ANN WERNER ET AL.1574": title or authors, then the page number),
#   and lines holding only a URL after a page's notes, which repeat a URL of those notes (the
#   PDF's link annotations); each is checked to be in a note of that page.
# - Kept as found: note 1 ends mid-sentence ("Throughout this article,"): the rest is missing
#   from the extraction.

RUNNING_HEAD = re.compile(r"^(PRIVILEGED EXCLUSION IN POST-SOVIET KAZAKHSTAN|CYNTHIA ANN WERNER ET AL\.) ?\d{4}$")
URL_LINE = re.compile(r"^https?://\S+$")
NOTE_START = re.compile(r"^(\d{1,2})(?=[^\s\d,.;:)\]–-])")
RUNS_ON = ("-", "–", "/", "_")


def journal(raw: str, words: set[str]) -> tuple[list[Para], list[Para], list[Para]]:
    """Returns (body, notes, back matter)."""
    body: list[Para] = []
    notes: list[Para] = []
    current: Para | None = None
    ended = True  # the last body line ended its paragraph
    in_notes = False
    page_notes: list[Para] = []
    blank_before = True

    def close() -> None:
        nonlocal current
        if current is not None and current.pieces:
            body.append(current)
        current = None

    def next_note(line: Line) -> re.Match | None:
        m = NOTE_START.match(line.text)
        if m and int(m.group(1)) == len(notes) + 1 and (in_notes or blank_before or line.lead):
            return m
        return None

    for line in lines_of(raw):
        if not line.text:
            blank_before = True
            continue
        m = next_note(line)
        if m:
            in_notes = True
            number = m.group(1)
            rest = line.text[len(number) :]
            para = Para("note", [Piece(number, line.start), Piece(rest, line.start + len(number))])
            notes.append(para)
            page_notes.append(para)
        elif in_notes and RUNNING_HEAD.match(line.text):
            in_notes = False
            page_notes = []
        elif in_notes and URL_LINE.match(line.text):
            if not any(line.text in squeeze(n.text()) for n in page_notes):
                sys.exit(f"line {line.number}: a URL line that no note of its page holds")
        elif in_notes and not (line.lead == 1 and not NOTE_START.match(line.text)):
            last = notes[-1].pieces[-1]
            glue = " " if raw_ends_with_space(last, raw) else glue_after(last, line, words)
            notes[-1].pieces.append(Piece(line.text, line.start, glue))
        else:
            # A body line; after notes or a running head, the first line of a new page.
            if RUNNING_HEAD.match(line.text):
                sys.exit(f"line {line.number}: a running head outside a page's notes")
            in_notes = False
            page_notes = []
            if ended or current is None:
                close()
                current = Para("text", [Piece(line.text, line.start)])
            else:
                last = current.pieces[-1]
                glue = " " if raw_ends_with_space(last, raw) else glue_after(last, line, words)
                current.pieces.append(Piece(line.text, line.start, glue))
            ended = line.trail == 0 and not line.text.endswith(RUNS_ON)
        blank_before = False
    close()
    return body, notes, []


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- The documents --------------------------------------------------------------------------

DOCUMENTS = [
    {
        # Mayinu Shanatibieke (2016): China Kazakhs' Emigration to Kazakhstan from a Modernity
        # Perspective. Crossroads Asia Working Paper Series, No. 33. Bonn: Competence Network
        # Crossroads Asia. The extraction starts at "1. Introduction" (no title page, so no
        # note 1) and has no list of references; it ends with the series' back matter.
        "source": "000_5ec8af2e2cad208b.txt",
        "file": "shanatibieke-2016-china-kazakhs-emigration.txt",
        "name": "China Kazakhs' Emigration to Kazakhstan from a Modernity Perspective",
        "layout": crossroads,
    },
    {
        # Cynthia Ann Werner, Celia Emmelhainz & Holly Barcus (2017): Privileged Exclusion in
        # Post-Soviet Kazakhstan: Ethnic Return Migration, Citizenship, and the Politics of
        # (Not) Belonging. Europe-Asia Studies 69(10), 1557-1583,
        # doi:10.1080/09668136.2017.1401042. The extraction starts at the abstract and ends
        # with the conclusion (no list of references).
        "source": "002_fe3d62281fbed493.txt",
        "file": "werner-emmelhainz-barcus-2017-privileged-exclusion.txt",
        "name": "Privileged Exclusion in Post-Soviet Kazakhstan: Ethnic Return Migration, "
        "Citizenship, and the Politics of (Not) Belonging",
        "layout": journal,
    },
]


def rebuild(raw: str, layout, words: set[str]) -> tuple[str, list[int | None]]:
    """The rebuilt text, and for each of its characters the raw offset it came from (None for
    characters this script adds: joining spaces, paragraph breaks, the Notes heading)."""
    body, notes, back = layout(raw, words)
    paras = body + ([Para("heading", [Piece("Notes", None)])] + notes if notes else []) + back
    out: list[str] = []
    src: list[int | None] = []
    for i, para in enumerate(paras):
        if i:
            out += ["\n", "\n"]
            src += [None, None]
        for j, piece in enumerate(para.pieces):
            if j and piece.glue and out[-1] != " ":
                out.append(piece.glue)
                src.append(None)
            for k, ch in enumerate(piece.text):
                if ch == " " and out and out[-1] == " ":
                    continue  # collapse runs of spaces
                out.append(ch)
                src.append(None if piece.start is None else piece.start + k)
    for para in "".join(out).split("\n\n"):
        if not para or "\n" in para or para != para.strip():
            sys.exit(f"an empty paragraph, or one with a line break or outer space: {para[:80]!r}")
    return "".join(out) + "\n", src + [None]


# --- Moving the codings ---------------------------------------------------------------------


def projection(text: str) -> tuple[str, list[int]]:
    """The text without whitespace and hyphens, and where each kept character sits."""
    keep = [(i, ch) for i, ch in enumerate(text) if not ch.isspace() and ch not in "-\u00ad"]
    return "".join(ch for _, ch in keep), [i for i, _ in keep]


def find_occurrence(text: str, quote: str, occurrence: int) -> int | None:
    """Start of the `occurrence`-th occurrence, counting overlapping ones (as src/text.rs)."""
    pos = -1
    for _ in range(occurrence):
        pos = text.find(quote, pos + 1)
        if pos < 0:
            return None
    return pos


def count_until(text: str, quote: str, start: int) -> int:
    n, pos = 0, -1
    while True:
        pos = text.find(quote, pos + 1)
        if pos < 0 or pos > start:
            return n
        n += 1


def common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def move(
    coding: dict,
    old: str,
    old_proj: tuple[str, list[int]],
    new: str,
    new_proj: tuple[str, list[int]],
    src: list[int | None] | None,
) -> None:
    quote, occurrence = coding["quote"], coding.get("occurrence", 1)
    start = find_occurrence(old, quote, occurrence)
    if start is None:
        sys.exit(f"not found in the current text: {quote!r}")
    end = start + len(quote)
    old_p, old_at = old_proj
    first = bisect.bisect_left(old_at, start)
    last = bisect.bisect_left(old_at, end) - 1
    if first > last:
        sys.exit(f"a coding without words: {quote!r}")
    q = old_p[first : last + 1]
    before = old_p[max(0, first - CONTEXT) : first][::-1]
    after = old_p[last + 1 : last + 1 + CONTEXT]
    new_p, new_at = new_proj
    scored = []
    pos = new_p.find(q)
    while pos >= 0:
        score = common_prefix(before, new_p[max(0, pos - CONTEXT) : pos][::-1]) + common_prefix(
            after, new_p[pos + len(q) : pos + len(q) + CONTEXT]
        )
        scored.append((score, pos))
        pos = new_p.find(q, pos + 1)
    if not scored:
        sys.exit(f"the words of a coding are gone from the rebuilt text: {quote!r}")
    scored.sort(reverse=True)
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        sys.exit(f"a coding's place is ambiguous in the rebuilt text: {quote!r}")
    pos = scored[0][1]
    new_start, new_end = new_at[pos], new_at[pos + len(q) - 1] + 1
    if src is not None:
        # The coding was located in the raw extraction: its first and last characters must be
        # the very characters they came from.
        if src[new_start] != old_at[first] or src[new_end - 1] != old_at[last]:
            sys.exit(f"a coding moved to other words than its own: {quote!r}")
    new_quote = new[new_start:new_end]
    if "\n" in new_quote:
        sys.exit(f"a coding would cross a paragraph break: {new_quote!r}")
    if squeeze(new_quote).replace("-", "") != squeeze(quote).replace("-", ""):
        sys.exit(f"a coding's words changed: {quote!r} -> {new_quote!r}")
    coding["quote"] = new_quote
    coding["occurrence"] = count_until(new, new_quote, new_start)


def main() -> int:
    check = sys.argv[1:] == ["--check"]
    if sys.argv[1:] not in ([], ["--check"]):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    manifest_text = MANIFEST.read_text(encoding="utf-8")
    manifest = json.loads(manifest_text)
    raws = {d["source"]: (SOURCE / d["source"]).read_text(encoding="utf-8") for d in DOCUMENTS}
    words = vocabulary(list(raws.values()))
    outputs: dict[Path, str] = {}
    report: list[str] = []
    for doc in DOCUMENTS:
        raw = raws[doc["source"]]
        new, src = rebuild(raw, doc["layout"], words)
        entry = next(
            (d for d in manifest["documents"] if d["file"] in (doc["source"], doc["file"])),
            None,
        )
        if entry is None:
            sys.exit(f"manifest.json names no document for {doc['source']}")
        current_path = HERE / entry["file"]
        located_in_raw = entry["file"] == doc["source"]
        old = raw if located_in_raw else current_path.read_text(encoding="utf-8")
        old_proj, new_proj = projection(old), projection(new)
        for coding in manifest["codings"]:
            if coding["document"] == entry["name"]:
                move(coding, old, old_proj, new, new_proj, src if located_in_raw else None)
                coding["document"] = doc["name"]
        entry["file"], entry["name"] = doc["file"], doc["name"]
        outputs[HERE / doc["file"]] = new
        paragraphs = new.strip("\n").split("\n\n")
        report.append(f"{doc['file']}: {len(paragraphs)} paragraphs, {len(new)} characters")
    outputs[MANIFEST] = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    report += [f"hyphen {decision}" for decision in HYPHEN_DECISIONS]
    stale = [p for p, text in outputs.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    if check:
        for path in stale:
            print(f"out of date: {path.relative_to(HERE.parent.parent)}", file=sys.stderr)
        return 1 if stale else 0
    print("\n".join(report), file=sys.stderr)
    for path in stale:
        path.write_text(outputs[path], encoding="utf-8")
        print(f"wrote {path.relative_to(HERE.parent.parent)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
