#!/bin/sh
# Extracts every degraded scan (samples/degraded, made by gen-degraded.py)
# and scores it against its truth: one line per sample (fields right, exit
# status of extract), then per codec × level class.
#
# usage: scripts/score-degraded.sh [OUT_DIR [FILTER]]
#   BIN overrides the binary (default target/release/evalform)
set -u
cd "$(dirname "$0")/.."
BIN=${BIN:-target/release/evalform}
OUT=${1:-out/degraded}
FILTER=${2:-}
DIR=samples/degraded
mkdir -p "$OUT"
for pdf in "$DIR"/*"$FILTER"*.pdf; do
    stem=$(basename "$pdf" .pdf)
    rm -f "$OUT/$stem.json"
    "$BIN" extract "$pdf" -o "$OUT/$stem.json" 2>"$OUT/$stem.err"
    echo "$?" >"$OUT/$stem.rc"
done
"$BIN" score "$DIR/manifest.json" "$OUT" --json >"$OUT/score.json"
python3 - "$OUT" <<'PY'
import json, os, sys
out = sys.argv[1]
report = json.load(open(os.path.join(out, "score.json")))
classes = {}
for d in report["documents"]:
    name = d["name"]
    kind = name.split(".")[-1]
    rc_file = os.path.join(out, name + ".rc")
    if not os.path.exists(rc_file):
        continue
    rc = open(rc_file).read().strip()
    print(f"{name:34} {d['right']:4}/{d['fields']:<4} {100 * d['right'] / max(1, d['fields']):5.1f}%  exit {rc}")
    c = classes.setdefault(kind, [0, 0])
    c[0] += d["right"]
    c[1] += d["fields"]
for kind in sorted(classes):
    ok, total = classes[kind]
    print(f"class {kind:10} {ok:4}/{total:<4} {100 * ok / max(1, total):5.1f}%")
PY
