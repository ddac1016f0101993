#!/usr/bin/env bash
# The main job on the bundled samples: builds evalform, converts every PDF and
# text rendition under samples/ in one batch into out/ (a JSON document per
# file, the CSV tables, manifest.jsonl), and prints what it wrote.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo build --release --quiet
out="${1:-out}"
status=0
target/release/evalform batch samples -o "$out" || status=$?
echo
echo "Wrote $out/ (exit status $status: 0 all converted, 1 some files failed, see $out/errors.csv):"
for t in documents funds tasks indicators contacts warnings unread confidence errors; do
  printf '  %-16s %5d rows\n' "$t.csv" "$(($(wc -l < "$out/$t.csv") - 1))"
done
printf '  %-16s %5d files\n' "json/" "$(ls "$out/json" | wc -l)"
echo "Files that hold no form are there on purpose (samples/bad/, samples/bundles/not-forms/, the font samples of samples/fidelity/): each is recorded in errors.csv with its reason."
exit 0
