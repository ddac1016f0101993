#!/usr/bin/env bash
# Batch throughput: makes N distinct PDFs from the samples (each copy gets a
# `%pad N` comment line after %%EOF, so every file has its own sha256), runs
# `evalform batch` at each -j, and reports files/s and peak RSS; then a rerun
# in which every file is already done (the resume overhead).
#
#   scripts/bench-batch.sh [N=1000] [JOBS="1 2"]
#
# EVALFORM_BIN names the binary (default: builds and uses target/release/evalform).
# BENCH_FAKE=1 uses the test extractor on the sample truth JSON instead of PDFs
# (measures the batch machinery alone).
# Needs /usr/bin/time (Debian package `time`).
set -euo pipefail

n="${1:-1000}"
jobs="${2:-1 2}"
here="$(cd "$(dirname "$0")/.." && pwd)"
samples="$here/../shared/samples"
work="$(mktemp -d /tmp/evalform-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

if [ ! -x /usr/bin/time ]; then
    echo "bench-batch: /usr/bin/time missing (apt-get install -y time)" >&2
    exit 2
fi
if [ -z "${EVALFORM_BIN:-}" ]; then
    (cd "$here" && cargo build --release --quiet)
    EVALFORM_BIN="$here/target/release/evalform"
fi

make_inputs() {
    local input="$work/in" i=0 k src
    mkdir -p "$input"
    if [ "${BENCH_FAKE:-0}" = 1 ]; then
        mapfile -t srcs < <(ls "$samples"/*.json | grep -v manifest.json)
    else
        # Forms with a text layer: the shared born-digital samples and ours.
        mapfile -t srcs < <(ls "$samples"/*.pdf "$here"/samples/*.pdf | grep -v -e '\.scan\.pdf$' -e '\.ocr\.pdf$')
    fi
    k=${#srcs[@]}
    while [ "$i" -lt "$n" ]; do
        src="${srcs[$((i % k))]}"
        if [ "${BENCH_FAKE:-0}" = 1 ]; then
            sed "0,/{/s//{\"pad\": $i,/" "$src" >"$input/$(printf '%05d' "$i").json"
        else
            { cat "$src"; printf '%%pad %d\n' "$i"; } >"$input/$(printf '%05d' "$i").pdf"
        fi
        i=$((i + 1))
    done
    echo "$input"
}

# Runs one batch under /usr/bin/time; prints "seconds peak_kib".
timed_batch() {
    local out="$1"; shift
    /usr/bin/time -f '%e %M' -o "$work/time" \
        "$EVALFORM_BIN" batch --no-progress -o "$out" "$@" "$input" >"$work/summary" || true
    # The last line: /usr/bin/time first notes a non-zero exit status.
    tail -n 1 "$work/time"
}

report() {
    awk -v label="$1" -v n="$n" -v s="$2" -v k="$3" -v r="$4" \
        'BEGIN { printf "%-8s %10.2f %10.1f %14.1f  %s\n", label, s, n / s, k / 1024, r }'
}

[ "${BENCH_FAKE:-0}" = 1 ] && export EVALFORM_TEST_EXTRACTOR=fake
input="$(make_inputs)"
echo "bench-batch: $n files ($(du -sh "$input" | cut -f1)) from $samples and $here/samples"
echo "bench-batch: $(nproc) cores, binary $EVALFORM_BIN"
printf '%-8s %10s %10s %14s  %s\n' "jobs" "seconds" "files/s" "peak RSS MiB" "result"
for j in $jobs; do
    read -r secs kib < <(timed_batch "$work/out-$j" -j "$j")
    report "-j $j" "$secs" "$kib" "$(head -n 1 "$work/summary")"
done
last="$(echo "$jobs" | awk '{print $NF}')"
read -r secs kib < <(timed_batch "$work/out-$last" -j "$last")
report "rerun" "$secs" "$kib" "$(head -n 1 "$work/summary")"
