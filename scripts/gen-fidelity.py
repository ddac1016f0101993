#!/usr/bin/env python3
"""Makes the extractor-fidelity samples in samples/fidelity/ (committed; CI
never runs this). Needs pikepdf, reportlab, fontTools and ../shared/samples.

    python3 scripts/gen-fidelity.py
"""
import json
import os
import re
import sys

import pikepdf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "samples", "fidelity")
SHARED = os.path.join(ROOT, "..", "shared", "samples")
MANIFEST = []


def entry(pdf, truth, variant, pages, notes):
    MANIFEST.append({
        "pdf": pdf, "truth": truth, "variant": variant, "pages": pages,
        "text_layer": True, "split_cells": [], "notes": notes,
    })


def strip_to_unicode():
    """Chromium export whose Identity-H TrueType fonts lost /ToUnicode."""
    src = os.path.join(SHARED, "gz-liwan-yjj-2021.chrome.pdf")
    name = "gz-liwan-yjj-2021.chrome.notounicode.pdf"
    with pikepdf.open(src) as pdf:
        stripped = 0
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" \
                    and obj.get("/Subtype") == "/Type0" and "/ToUnicode" in obj:
                del obj["/ToUnicode"]
                stripped += 1
        assert stripped, "no Type0 font with /ToUnicode"
        pdf.save(os.path.join(OUT, name), deterministic_id=True)
        pages = len(pdf.pages)
    entry(name, "../../../shared/samples/gz-liwan-yjj-2021.json", "chrome-notounicode", pages,
          f"gz-liwan-yjj-2021.chrome.pdf with /ToUnicode removed from its {stripped} Identity-H "
          "TrueType fonts: Unicode only through the embedded fonts' own cmap tables")


def main():
    os.makedirs(OUT, exist_ok=True)
    strip_to_unicode()
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(MANIFEST, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
