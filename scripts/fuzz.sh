#!/usr/bin/env bash
# Fuzzes the PDF reader and the page renderer (fuzz/fuzz_targets/read_pdf.rs)
# with libFuzzer: coverage instrumentation as `cargo fuzz` builds it, no
# sanitizer (`cargo fuzz run -s none`), on a stable toolchain.
#
#   scripts/fuzz.sh [SECONDS]     # default 1800 (30 minutes)
#
# The corpus grows in fuzz/corpus/read_pdf (not kept in git), starting from
# fuzz/seeds/read_pdf (inputs that once failed) and the samples' PDFs under
# 64 KiB. A crash is written to fuzz/artifacts/read_pdf/ and fails the run;
# add it to fuzz/seeds/read_pdf/ with its fix (tests/it/fuzz_seeds.rs reads
# every seed).
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-1800}"
host="$(rustc -vV | sed -n 's/^host: //p')"
flags=(
  -Cpasses=sancov-module
  -Cllvm-args=-sanitizer-coverage-level=4
  -Cllvm-args=-sanitizer-coverage-inline-8bit-counters
  -Cllvm-args=-sanitizer-coverage-pc-table
  -Cllvm-args=-sanitizer-coverage-trace-compares
  --cfg fuzzing
  -Cdebug-assertions
  -Coverflow-checks
)
(
  cd fuzz
  RUSTFLAGS="${flags[*]}" cargo build --release --target "$host" --bin read_pdf
)
corpus=fuzz/corpus/read_pdf
mkdir -p "$corpus" fuzz/artifacts/read_pdf
find samples -name '*.pdf' -size -64k -exec cp -n {} "$corpus"/ \;
exec "fuzz/target/$host/release/read_pdf" \
  -max_total_time="$secs" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix=fuzz/artifacts/read_pdf/ "$corpus" fuzz/seeds/read_pdf
