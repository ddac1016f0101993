#!/usr/bin/env bash
# Benchmarks OCR of the scanned sample(s): seconds per page and the share of
# time spent in the recognition model, single-threaded and with two threads.
#
# Usage: scripts/bench-ocr.sh [FILE.pdf...]   (default: the scan sample)
set -euo pipefail
cd "$(dirname "$0")/.."

files=("$@")
[[ ${#files[@]} -gt 0 ]] || files=(../shared/samples/proj-jbgw-2021.scan.pdf)

scripts/fetch-models.sh >/dev/null
cargo build --quiet --release --example ocr_bench
for j in 1 2; do
    target/release/examples/ocr_bench -j "$j" "${files[@]}"
done
