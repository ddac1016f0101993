#!/usr/bin/env bash
# The measurements behind docs/sizing.md: `evalform batch` over three kinds of
# input from samples/, each timed whole with /usr/bin/time -v (user + sys
# CPU of the batch and its worker processes, wall clock, peak RSS of the
# largest process), RUNS times, into a fresh output folder each time.
#
#   born-digital  samples/*.lo.pdf, samples/*.xls.pdf, samples/variants/*.xls.pdf
#   text          samples/text/*.txt, samples/variants/text/*.txt
#   scans (OCR)   samples/scans/*.pdf, samples/variants/*.scan.pdf
#
# Born-digital and text files are copied COPIES times, each copy made distinct
# (a comment line after a PDF's %%EOF, line ends after a text), so the
# batch converts every one instead of skipping repeats; scans are read once
# each. Pages are the manifest's. Prints one line per kind and run, then the
# medians. Run it on an otherwise idle machine.
#
#   scripts/bench-sizing.sh [RUNS=3] [JOBS=2] [COPIES=20]
# KINDS="text scans" measures only those kinds.
# EVALFORM_BIN names the binary (default target/release/evalform, built if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
jobs="${2:-2}"
copies="${3:-20}"
kinds="${KINDS:-born-digital text scans}"
bin="${EVALFORM_BIN:-target/release/evalform}"
[ -x "$bin" ] || cargo build --release --bin evalform
command -v /usr/bin/time >/dev/null || { echo "bench-sizing: /usr/bin/time missing (apt-get install -y time)" >&2; exit 2; }
work="$(mktemp -d /tmp/evalform-sizing.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# copy KIND SUFFIX FILE… : COPIES distinct copies of each FILE into $work/in/KIND.
copy() {
  local kind="$1" pad="$2" i f
  shift 2
  mkdir -p "$work/in/$kind"
  for f in "$@"; do
    for i in $(seq 1 "$copies"); do
      local to
      to="$work/in/$kind/$(basename "${f%.*}")-$i.${f##*.}"
      if [ "$pad" = pdf ]; then
        { cat "$f"; printf '%%pad %d\n' "$i"; } >"$to"
      else
        # i line ends, in the text's own encoding (UTF-16 by its byte-order mark).
        local nl='\n'
        case "$(head -c 2 "$f" | od -An -tx1 | tr -d ' ')" in
          fffe) nl='\n\0' ;;
          feff) nl='\0\n' ;;
        esac
        { cat "$f"; for _ in $(seq 1 "$i"); do printf "$nl"; done; } >"$to"
      fi
    done
  done
}
copy born-digital pdf samples/*.lo.pdf samples/*.xls.pdf samples/variants/*.xls.pdf
copy text txt samples/text/*.txt samples/variants/text/*.txt
mkdir -p "$work/in/scans"
cp samples/scans/*.pdf samples/variants/*.scan.pdf "$work/in/scans/"

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-13s %4s %6s %6s %6s %8s %9s %9s %11s %11s %8s\n' kind run files forms pages wall_s files/s cpu_s cpu_s/file cpu_s/page rss_MiB
for kind in $kinds; do
  for run in $(seq 1 "$runs"); do
    out="$work/out-$kind-$run"
    /usr/bin/time -v -o "$work/time" "$bin" batch "$work/in/$kind" -o "$out" -j "$jobs" \
      --no-progress --timeout 900 >/dev/null 2>"$work/stderr" || true
    files=$(wc -l <"$out/manifest.jsonl")
    forms=$(($(wc -l <"$out/documents.csv") - 1))
    pages=$(grep -o '"pages":[0-9][0-9]*' "$out/manifest.jsonl" | cut -d: -f2 | paste -sd+ | bc)
    [ -n "$pages" ] && [ "$pages" != 0 ] || pages=$files
    user=$(awk -F': ' '/User time/ {print $2}' "$work/time")
    sys=$(awk -F': ' '/System time/ {print $2}' "$work/time")
    wall=$(awk -F': ' '/Elapsed/ {print $2}' "$work/time" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
    rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2 / 1024}' "$work/time")
    cpu=$(echo "$user + $sys" | bc)
    printf '%-13s %4s %6s %6s %6s %8.2f %9.2f %9.2f %11.4f %11.4f %8s\n' "$kind" "$run" "$files" "$forms" "$pages" \
      "$wall" "$(echo "$files / $wall" | bc -l)" "$cpu" "$(echo "$cpu / $files" | bc -l)" "$(echo "$cpu / $pages" | bc -l)" "$rss" |
      tee -a "$work/rows"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "medians over $runs run(s), -j $jobs (by wall time):"
for kind in $kinds; do
  grep "^$kind " "$work/rows" | sort -k6,6n | awk -v n="$runs" 'NR == int((n + 1) / 2)'
done
