#!/usr/bin/env bash
# Installs what evalform's tests and scripts use besides Rust: poppler-utils
# (pdftotext, the reference the extractor is measured against), qpdf (builds
# encrypted test files), python3 (runs the shared scorer), chromium (the
# headless browser the review pages are tested in). Safe to run again.
set -euo pipefail

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

# The OCR models (PP-OCRv4, from PyPI with pip; cached, so a second run is quick).
"$(dirname "$0")/fetch-models.sh"
