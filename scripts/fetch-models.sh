#!/usr/bin/env bash
# Fetches the PP-OCRv4 text detection and recognition models used by `evalform`
# to read scanned forms, into a local cache directory.
#
# The models come from the PyPI wheel `rapidocr-onnxruntime` (downloaded with
# `pip download`, never installed). The recognition model carries its character
# dictionary in its ONNX metadata, so two files are all that is needed.
#
# Cache directory: $EVALFORM_MODELS, else ${XDG_CACHE_HOME:-$HOME/.cache}/evalform/models.
# Idempotent: when both files are present with the expected checksums it exits at once.
#
# Usage: scripts/fetch-models.sh [--force]
set -euo pipefail

WHEEL_NAME=rapidocr-onnxruntime
WHEEL_VERSION=1.4.4
DET_FILE=ch_PP-OCRv4_det_infer.onnx
REC_FILE=ch_PP-OCRv4_rec_infer.onnx
DET_SHA256=d2a7720d45a54257208b1e13e36a8479894cb74155a5efe29462512d42f49da9
REC_SHA256=48fc40f24f6d2a207a2b1091d3437eb3cc3eb6b676dc3ef9c37384005483683b

dest="${EVALFORM_MODELS:-${XDG_CACHE_HOME:-$HOME/.cache}/evalform/models}"
force=0
[[ "${1:-}" == "--force" ]] && force=1

have_file() { # path sha256
    [[ -f "$1" ]] && [[ "$(sha256sum "$1" | cut -d' ' -f1)" == "$2" ]]
}

if [[ $force == 0 ]] && have_file "$dest/$DET_FILE" "$DET_SHA256" && have_file "$dest/$REC_FILE" "$REC_SHA256"; then
    echo "models present in $dest"
    exit 0
fi

python=${PYTHON:-python3}
command -v "$python" >/dev/null || { echo "error: $python not found (needed for pip download)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "downloading $WHEEL_NAME==$WHEEL_VERSION from PyPI ..."
"$python" -m pip download --quiet --no-deps --only-binary=:all: \
    --dest "$work" "$WHEEL_NAME==$WHEEL_VERSION"

wheel=("$work"/*.whl)
[[ -f "${wheel[0]}" ]] || { echo "error: no wheel downloaded" >&2; exit 1; }

# A wheel is a zip file; unpack only the two models.
"$python" - "${wheel[0]}" "$work/unpacked" "$DET_FILE" "$REC_FILE" <<'PY'
import sys, zipfile
wheel, out, *names = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    for member in z.namelist():
        if member.rsplit("/", 1)[-1] in names:
            z.extract(member, out)
PY

mkdir -p "$dest"
for pair in "$DET_FILE:$DET_SHA256" "$REC_FILE:$REC_SHA256"; do
    file="${pair%%:*}"
    sum="${pair##*:}"
    src="$(find "$work/unpacked" -name "$file" -print -quit)"
    [[ -n "$src" ]] || { echo "error: $file not found in the wheel" >&2; exit 1; }
    have_file "$src" "$sum" || { echo "error: $file checksum mismatch" >&2; exit 1; }
    # Write under a temporary name first so an interrupted copy never looks complete.
    cp "$src" "$dest/$file.part"
    mv "$dest/$file.part" "$dest/$file"
done
echo "models installed in $dest"
