#!/usr/bin/env bash
# Times text extraction of every sample PDF: evalform's extract stage (the
# extract_text example, release build) against poppler's pdftotext.
# Prints per-file medians and the median ratio ours/pdftotext (< 1 = faster).
#
# Usage: scripts/bench-extract.sh [RUNS]   (default 15 runs per file and tool)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-15}"
samples="samples/shared"
command -v pdftotext >/dev/null || { echo "pdftotext (poppler-utils) is required" >&2; exit 1; }
cargo build --release --quiet --example extract_text
ours=target/release/examples/extract_text

# Median wall time in microseconds of running "$@" $runs times.
median_us() {
  local times=()
  for ((i = 0; i < runs; i++)); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    times+=($(((t1 - t0) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

ratios=()
printf '%-36s %10s %10s %7s\n' file ours_us pdftotext_us ratio
for pdf in "$samples"/*.pdf; do
  a=$(median_us "$ours" "$pdf")
  b=$(median_us pdftotext "$pdf" -)
  r=$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.3f", a / b}')
  ratios+=("$r")
  printf '%-36s %10s %10s %7s\n' "$(basename "$pdf")" "$a" "$b" "$r"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "median ratio ours/pdftotext: $median"
