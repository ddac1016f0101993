#!/usr/bin/env bash
# Benchmarks OCR of scanned samples in CPU-seconds per page: user + sys time of
# the process (and its workers) divided by the pages read, the median of RUNS
# runs, single-threaded (-j 1) and with two threads (-j 2). Two measurements:
#   ocr_bench       one process: load the models, decode the scans, OCR every page
#   evalform batch  the whole conversion, one worker process per file
# CPU time is used rather than wall time: it is less disturbed by other load.
# Run it on an otherwise idle machine.
#
# Usage: scripts/bench-ocr.sh [-r RUNS] [FILE.pdf...]
#        (default 3 runs; files: the 150 dpi scans, shared and own)
# OCR_BENCH=path EVALFORM_BIN=path measure other builds (e.g. an older commit's).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=3
if [[ "${1:-}" == "-r" ]]; then
    runs="$2"
    shift 2
fi
files=("$@")
[[ ${#files[@]} -gt 0 ]] || files=(
    samples/shared/proj-jbgw-2021.scan.pdf
    samples/scans/gz-tianhe-wgly-2022.scan150.pdf
    samples/scans/proj-xddb-2021.scan150.pdf
)

scripts/fetch-models.sh >/dev/null
bench_bin="${OCR_BENCH:-target/release/examples/ocr_bench}"
evalform_bin="${EVALFORM_BIN:-target/release/evalform}"
[[ -n "${OCR_BENCH:-}${EVALFORM_BIN:-}" ]] ||
    cargo build --quiet --release --example ocr_bench --bin evalform
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# CPU-seconds (user + sys, children included) of running "$@".
cpu_of() {
    local TIMEFORMAT='%U %S' t
    t=$({ time "$@" >"$out/stdout" 2>"$out/stderr"; } 2>&1) || {
        cat "$out/stderr" >&2
        return 1
    }
    awk '{print $1 + $2}' <<<"$t"
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

pages=0
for j in 1 2; do
    bench=() batch=()
    for ((i = 0; i < runs; i++)); do
        cpu=$(cpu_of "$bench_bin" -j "$j" "${files[@]}")
        pages=$(awk '{print $3}' "$out/stdout")
        bench+=("$(awk -v c="$cpu" -v p="$pages" 'BEGIN {printf "%.3f", c / p}')")
        cpu=$(cpu_of "$evalform_bin" batch -j "$j" --force -o "$out/batch" "${files[@]}")
        batch+=("$(awk -v c="$cpu" -v p="$pages" 'BEGIN {printf "%.3f", c / p}')")
    done
    printf -- '-j %s: ocr_bench %s CPU-s/page, evalform batch %s CPU-s/page (%s pages, median of %s runs)\n' \
        "$j" "$(printf '%s\n' "${bench[@]}" | median)" "$(printf '%s\n' "${batch[@]}" | median)" \
        "$pages" "$runs"
done
