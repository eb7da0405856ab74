#!/usr/bin/env bash
# Writes benches/data/book-351-pages.pdf: a 351-page A5 book set by pdfTeX (Debian's
# texlive-latex-base and -latex-recommended), with running heads, page numbers, a footnote per
# chapter and hyphenated, justified paragraphs: the prose of the import corpus
# (tests/fixtures/import/corpus/src/) in 117 chapters.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/../../tests/fixtures/import/corpus/src"
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT
python3 - "$src" "$build/book.tex" <<'PY'
import pathlib, sys
src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
def body(name):
    parts = []
    for line in (src / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            parts.append(r"\section{%s}" % line[3:])
        elif line.startswith("# ") or not line.strip():
            continue
        else:
            parts.append(line + "\n")
    return "\n".join(parts)
chapters = []
for i in range(117):
    name = "prose.txt" if i % 2 == 0 else "chapter.txt"
    chapters.append(r"\chapter{Chapter %d}" % (i + 1))
    chapters.append(r"Notes from the valley.\footnote{Recorded in the field, season %d.}" % (i + 1))
    chapters.append(body(name))
out.write_text(r"""\documentclass[11pt,a5paper,openany]{book}
\usepackage[a5paper,margin=1.8cm]{geometry}
\pagestyle{headings}
\begin{document}
%s
\end{document}
""" % "\n".join(chapters), encoding="utf-8")
PY
cd "$build"
for _ in 1 2; do
  SOURCE_DATE_EPOCH=1700000000 FORCE_SOURCE_DATE=1 pdflatex -interaction=batchmode book.tex >/dev/null
done
cp book.pdf "$here/book-351-pages.pdf"
pdfinfo "$here/book-351-pages.pdf" | grep Pages
