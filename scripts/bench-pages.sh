#!/usr/bin/env bash
# CPU-seconds per page of `evalform extract` on each page-kind sample
# (samples/pages, or the PDFs named), whole process: render, orientation,
# OCR, layout. Median of RUNS runs (default 3), with peak RSS.
#
# Usage: scripts/bench-pages.sh [FILE.pdf...]    RUNS=5 scripts/bench-pages.sh
set -euo pipefail
cd "$(dirname "$0")/.."

files=("$@")
[[ ${#files[@]} -gt 0 ]] || files=(samples/pages/*.pdf)
runs=${RUNS:-3}

scripts/fetch-models.sh >/dev/null
cargo build --quiet --release
printf '%-40s %6s %10s %10s %9s\n' file pages 'cpu-s/pg' 'wall-s/pg' 'rss-MB'
for f in "${files[@]}"; do
    pages=$(python3 -c "import sys,pikepdf; print(len(pikepdf.open(sys.argv[1]).pages))" "$f" 2>/dev/null ||
            pdfinfo "$f" | awk '/^Pages:/ {print $2}')
    cpu=(); wall=(); rss=0
    for _ in $(seq "$runs"); do
        out=$( { /usr/bin/time -f '%U %S %e %M' target/release/evalform extract "$f" >/dev/null; } 2>&1 | tail -1)
        read -r u s e m <<<"$out"
        cpu+=("$(echo "$u + $s" | bc)"); wall+=("$e")
        (( m > rss )) && rss=$m
    done
    median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
    printf '%-40s %6d %10.2f %10.2f %9d\n' "$(basename "$f")" "$pages" \
        "$(echo "$(median "${cpu[@]}") / $pages" | bc -l)" \
        "$(echo "$(median "${wall[@]}") / $pages" | bc -l)" $((rss / 1024))
done
