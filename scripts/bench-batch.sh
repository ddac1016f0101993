#!/usr/bin/env bash
# Batch throughput against pdftotext, side by side in one run: makes N
# distinct PDFs from the born-digital samples (each copy gets a `%pad N`
# comment line after %%EOF, so every file has its own sha256), then at each -j
# times `evalform batch -j J` and `pdftotext -layout` over the same files
# (`xargs -P J`), RUNS times each, alternating, and prints the medians:
# seconds, files/s, the ratio evalform/pdftotext (< 1: evalform is faster),
# and the peak RSS of the largest evalform process (the batch or one of its
# workers). Then the scaling from the first -j to the last, and a rerun in
# which every file is already done (the resume overhead).
#
#   scripts/bench-batch.sh [N=420] [JOBS="1 2"] [RUNS=3]
#
# EVALFORM_BIN names the binary (default: builds and uses target/release/evalform).
# BENCH_FAKE=1 uses the test extractor on the sample truth JSON instead of PDFs
# (measures the batch machinery alone; no pdftotext column then). It lives in
# target/release/evalform-hooks, which `cargo test --release` builds.
# Needs /usr/bin/time (Debian package `time`) and pdftotext (poppler-utils).
# On a shared machine run it alone: `flock /tmp/cargo.lock scripts/bench-batch.sh`.
set -euo pipefail

n="${1:-420}"
jobs="${2:-1 2}"
runs="${3:-3}"
here="$(cd "$(dirname "$0")/.." && pwd)"
samples="$here/samples/shared"
work="$(mktemp -d /tmp/evalform-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
fake="${BENCH_FAKE:-0}"

for tool in /usr/bin/time pdftotext; do
    if ! command -v "$tool" >/dev/null; then
        echo "bench-batch: $tool missing (apt-get install -y time poppler-utils)" >&2
        exit 2
    fi
done
if [ -z "${EVALFORM_BIN:-}" ]; then
    (cd "$here" && cargo build --release --quiet)
    EVALFORM_BIN="$here/target/release/evalform"
    if [ "$fake" = 1 ]; then
        (cd "$here" && cargo build --release --quiet --features test-hooks --bin evalform-hooks)
        EVALFORM_BIN="$here/target/release/evalform-hooks"
    fi
fi

make_inputs() {
    local input="$work/in" i=0 k src
    mkdir -p "$input"
    if [ "$fake" = 1 ]; then
        mapfile -t srcs < <(ls "$samples"/*.json | grep -v manifest.json)
    else
        # Forms with a text layer: the shared born-digital samples and ours.
        mapfile -t srcs < <(ls "$samples"/*.pdf "$here"/samples/*.pdf | grep -v -e '\.scan\.pdf$' -e '\.ocr\.pdf$')
    fi
    k=${#srcs[@]}
    while [ "$i" -lt "$n" ]; do
        src="${srcs[$((i % k))]}"
        if [ "$fake" = 1 ]; then
            sed "0,/{/s//{\"pad\": $i,/" "$src" >"$input/$(printf '%05d' "$i").json"
        else
            { cat "$src"; printf '%%pad %d\n' "$i"; } >"$input/$(printf '%05d' "$i").pdf"
        fi
        i=$((i + 1))
    done
    echo "$input"
}

now_ns() { date +%s%N; }

# One batch under /usr/bin/time (for the peak RSS; wall time in ns, as
# /usr/bin/time rounds to 10 ms); prints "seconds peak_kib".
timed_batch() {
    local out="$1" t0 t1; shift
    t0="$(now_ns)"
    /usr/bin/time -f '%M' -o "$work/time" \
        "$EVALFORM_BIN" batch --no-progress -o "$out" "$@" "$input" >"$work/summary" || true
    t1="$(now_ns)"
    # The last line: /usr/bin/time first notes a non-zero exit status.
    echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }') $(tail -n 1 "$work/time")"
}

# pdftotext -layout over the same files, J at a time; prints seconds.
timed_pdftotext() {
    local j="$1" t0 t1
    t0="$(now_ns)"
    find "$input" -name '*.pdf' -print0 |
        xargs -0 -n 1 -P "$j" sh -c 'pdftotext -layout "$0" /dev/null 2>/dev/null || true'
    t1="$(now_ns)"
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }'
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

[ "$fake" = 1 ] && export EVALFORM_TEST_EXTRACTOR=fake
input="$(make_inputs)"
echo "bench-batch: $n files ($(du -sh "$input" | cut -f1)) from $samples and $here/samples"
echo "bench-batch: $(nproc) cores, binary $EVALFORM_BIN, medians of $runs runs"
printf '%-6s %9s %9s %13s %7s %14s  %s\n' jobs seconds files/s pdftotext_s ratio "peak RSS MiB" result
first_rate="" last_rate=""
for j in $jobs; do
    : >"$work/secs"; : >"$work/kib"; : >"$work/psecs"
    for ((r = 0; r < runs; r++)); do
        rm -rf "$work/out-$j"
        read -r secs kib < <(timed_batch "$work/out-$j" -j "$j")
        echo "$secs" >>"$work/secs"
        echo "$kib" >>"$work/kib"
        if [ "$fake" != 1 ]; then timed_pdftotext "$j" >>"$work/psecs"; fi
    done
    secs="$(median <"$work/secs")"
    kib="$(sort -g "$work/kib" | tail -n 1)"
    psecs="$( [ "$fake" = 1 ] && echo 0 || median <"$work/psecs")"
    awk -v j="$j" -v n="$n" -v s="$secs" -v p="$psecs" -v k="$kib" -v res="$(head -n 1 "$work/summary")" \
        'BEGIN { ratio = p > 0 ? sprintf("%.2f", s / p) : "-";
                 printf "-j %-3s %9.3f %9.1f %13.3f %7s %14.1f  %s\n", j, s, n / s, p, ratio, k / 1024, res }'
    rate="$(awk -v n="$n" -v s="$secs" 'BEGIN { print n / s }')"
    [ -z "$first_rate" ] && first_rate="$rate"
    last_rate="$rate"
done
first="$(echo "$jobs" | awk '{print $1}')"
last="$(echo "$jobs" | awk '{print $NF}')"
awk -v a="$first_rate" -v b="$last_rate" -v f="$first" -v l="$last" \
    'BEGIN { printf "scaling -j %s → -j %s: %.2f×\n", f, l, b / a }'
read -r secs kib < <(timed_batch "$work/out-$last" -j "$last")
awk -v s="$secs" -v k="$kib" -v res="$(head -n 1 "$work/summary")" \
    'BEGIN { printf "rerun  %9.3f %9s %13s %7s %14.1f  %s\n", s, "-", "-", "-", k / 1024, res }'
