#!/usr/bin/env bash
# Compares the characters evalform reads from each PDF in DIR (recursively)
# with two references, pdftotext (poppler) and PyMuPDF (MuPDF):
#
#     scripts/fidelity.sh DIR [DIR...]
#
# Per file, the multiset of non-space characters of `evalform inspect --text
# --ocr never` is compared with each reference's, and so is the multiset of
# Latin words (whitespace-separated tokens of ASCII only, so lost or invented
# word spaces count). Lists every file where the two references agree with
# each other and evalform does not, with the characters that differ
# (`-` missing from evalform, `+` extra); prints a summary line. Exit 1 when
# any such file is found. Needs pdftotext (scripts/setup.sh installs it) and
# PyMuPDF, which it installs with pip when missing.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 DIR [DIR...]" >&2; exit 2; }
cd "$(dirname "$0")/.."
if ! python3 -c 'import pymupdf' 2>/dev/null; then
  python3 -m pip install --quiet pymupdf 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages pymupdf
fi
bin=${EVALFORM:-target/release/evalform}
[ -x "$bin" ] || cargo build --release --quiet
exec python3 - "$bin" "$@" <<'PY'
import collections, os, subprocess, sys

import pymupdf

bin_, dirs = sys.argv[1], sys.argv[2:]


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, timeout=300)
    return r.stdout.decode("utf-8", "replace") if r.returncode == 0 else None


def mupdf(path):
    try:
        with pymupdf.open(path) as doc:
            return "\f".join(page.get_text() for page in doc)
    except Exception:
        return None


def chars(text):
    return collections.Counter(c for c in text if not c.isspace())


def words(text):
    return collections.Counter(w for w in text.split() if w.isascii())


def diff(a, b):
    """What b lacks of a (-) and has beyond it (+), shortest first."""
    minus = "".join(sorted((a - b).elements()))
    plus = "".join(sorted((b - a).elements()))
    out = []
    if minus:
        out.append("-" + minus[:120])
    if plus:
        out.append("+" + plus[:120])
    return " ".join(out)


files = sorted(
    os.path.join(root, f)
    for d in dirs
    for root, _, names in os.walk(d)
    for f in names
    if f.lower().endswith(".pdf")
)
agree = bad = skipped = 0
for path in files:
    ours = run([bin_, "inspect", "--text", "--ocr", "never", path])
    poppler = run(["pdftotext", "-q", "-enc", "UTF-8", path, "-"])
    mu = mupdf(path)
    if poppler is None or mu is None:
        skipped += 1
        print(f"skip  {path}: a reference cannot read it")
        continue
    ours = ours or ""
    # The references agree when their characters do; then evalform must match
    # them in characters, and in Latin words where the references' words agree.
    if chars(poppler) != chars(mu):
        continue
    agree += 1
    for kind, f in (("chars", chars), ("words", words)):
        p, m, o = f(poppler), f(mu), f(ours)
        if p == m and o != p:
            bad += 1
            print(f"DIFF  {path} ({kind}): {diff(p, o)}")
            break
print(f"fidelity: {len(files)} files, {skipped} skipped, references agree on {agree}, "
      f"evalform disagrees with both on {bad}")
sys.exit(1 if bad else 0)
PY
