#!/usr/bin/env bash
# Checks that LibreOffice Writer opens Tamga's DOCX and ODT exports and finds every excerpt.
# Builds the sample project with `tamga sample`, exports it as DOCX and ODT (excerpts, and the
# sample's first document and its Arabic-script one, with right-to-left paragraphs, as coded
# DOCX), converts each to plain text with
# `soffice --headless --convert-to txt:Text`, and looks for every excerpt id and every
# excerpt's text (whitespace-normalised) in the converted text.
#
# Needs: soffice (Debian: apt-get install --no-install-recommends libreoffice-writer-nogui),
# python3, and a built tamga (set TAMGA=path, else `cargo build --no-default-features` runs).
# .ci/run runs it after building. Usage: bash tests/libreoffice_check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v soffice >/dev/null 2>&1; then
  echo "soffice not found; install libreoffice-writer-nogui" >&2
  exit 2
fi
if [ -z "${TAMGA:-}" ]; then
  cargo build --quiet --no-default-features
  TAMGA="${CARGO_TARGET_DIR:-target}/debug/tamga"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export TAMGA_CONFIG_DIR="$work/config" TAMGA_DATA_DIR="$work/data"
# LibreOffice wants a profile it can write.
export HOME="$work/home"
mkdir -p "$HOME"

"$TAMGA" sample "$work/sample.tamga" >/dev/null
"$TAMGA" segments "$work/sample.tamga" --json >"$work/segments.json"
first_doc="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["document"])' "$work/segments.json")"
# The last document is the Arabic-script one: its DOCX has right-to-left paragraphs and runs.
last_doc="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[-1]["document"])' "$work/segments.json")"
"$TAMGA" export "$work/sample.tamga" --out "$work/excerpts.docx" >/dev/null
"$TAMGA" export "$work/sample.tamga" --out "$work/excerpts.odt" >/dev/null
"$TAMGA" export "$work/sample.tamga" --document-view "$first_doc" --out "$work/document.docx" >/dev/null
"$TAMGA" export "$work/sample.tamga" --document-view "$last_doc" --out "$work/document-rtl.docx" >/dev/null

failed=0
for file in excerpts.docx excerpts.odt document.docx document-rtl.docx; do
  case "$file" in
    document.docx) doc="$first_doc" ;;
    document-rtl.docx) doc="$last_doc" ;;
    *) doc="" ;;
  esac
  out="$work/txt-${file%.*}-${file##*.}"
  mkdir -p "$out"
  soffice --headless --convert-to txt:Text --outdir "$out" "$work/$file" >/dev/null 2>&1 || true
  txt="$out/${file%.*}.txt"
  if [ ! -s "$txt" ]; then
    echo "FAIL $file: LibreOffice could not convert it" >&2
    failed=1
    continue
  fi
  # Every excerpt's text must be in the conversion; in the excerpt exports, every id too.
  if python3 - "$work/segments.json" "$txt" "$file" "$doc" <<'PY'
import json, re, sys
segments = json.load(open(sys.argv[1]))
text = open(sys.argv[2], encoding="utf-8-sig").read()
file, doc = sys.argv[3], sys.argv[4]
flat = re.sub(r"\s+", " ", text)
missing = []
for seg in segments:
    if doc and seg["document"] != doc:
        continue
    quote = re.sub(r"\s+", " ", seg["text"]).strip()
    if quote not in flat:
        missing.append(("text", quote[:60]))
    if file.startswith("excerpts") and seg["excerpt_id"] not in text:
        missing.append(("id", seg["excerpt_id"]))
    if file.startswith("excerpts") and seg["memo"].strip():
        memo = re.sub(r"\s+", " ", seg["memo"]).strip()
        if memo not in flat:
            missing.append(("memo", memo[:60]))
checked = sum(1 for s in segments if not doc or s["document"] == doc)
if missing:
    print(f"FAIL {file}: {len(missing)} missing, e.g. {missing[:3]}", file=sys.stderr)
    sys.exit(1)
print(f"ok   {file}: LibreOffice found all {checked} excerpts")
PY
  then :; else failed=1; fi
done
exit "$failed"
