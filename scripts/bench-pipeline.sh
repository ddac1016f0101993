#!/usr/bin/env bash
# Whole-process benchmark: `evalform extract` (PDF -> JSON) against
# `pdftotext -layout`, one process per file, on the born-digital samples. Prints medians, ratios and peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo build --release --quiet
shopt -s nullglob
files=()
for f in samples/shared/*.pdf samples/*.pdf; do
  case "$f" in *.scan.pdf|*.ocr.pdf) continue ;; esac
  files+=("$f")
done
python3 scripts/bench_pipeline.py target/release/evalform "${files[@]}" "$@"
