#!/usr/bin/env bash
# Installs what evalform's tests and scripts use besides Rust: poppler-utils
# (pdftotext, the reference the extractor is measured against), qpdf (builds
# encrypted test files), python3 (the warehouse check's loaders), chromium (the
# headless browser the review pages are tested in), the duckdb PyPI wheel (the
# warehouse load test reads the Parquet tables with it). Safe to run again.
# `--duckdb-only` installs just the wheel.
set -euo pipefail

install_duckdb() {
  python3 -c 'import duckdb' 2>/dev/null && return
  echo "setup: installing the duckdb wheel from PyPI" >&2
  if ! python3 -m pip --version >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-pip >/dev/null
  fi
  python3 -m pip install --quiet duckdb 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages duckdb
}

if [ "${1:-}" = "--duckdb-only" ]; then
  install_duckdb
  exit 0
fi

need=()
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ "${#need[@]}" -gt 0 ]; then
  echo "setup: installing ${need[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

install_duckdb

# The OCR models (PP-OCRv4, from PyPI with pip; cached, so a second run is quick).
"$(dirname "$0")/fetch-models.sh"
