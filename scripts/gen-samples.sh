#!/bin/sh
# Regenerate the bundled samples (samples/): truth JSON, PDFs made by LibreOffice
# Writer and Calc and by reportlab, text renditions, manifests, a non-form PDF.
# Installs what it needs when missing (Debian/Ubuntu, run as root or with sudo).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)

need_apt=""
command -v soffice >/dev/null 2>&1 || need_apt="$need_apt libreoffice-writer libreoffice-calc"
command -v pdffonts >/dev/null 2>&1 || need_apt="$need_apt poppler-utils"
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need_apt="$need_apt fonts-wqy-zenhei"
fc-list 2>/dev/null | grep -q "Noto Serif CJK SC" || need_apt="$need_apt fonts-noto-cjk"
if [ -n "$need_apt" ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need_apt
fi
python3 -c "import reportlab, openpyxl, pdfplumber" 2>/dev/null ||
    python3 -m pip install -q reportlab openpyxl pdfplumber

cd "$root/scripts/gen-samples"
python3 generate.py "$root/samples" "$@"
