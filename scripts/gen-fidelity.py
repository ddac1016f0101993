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


def shift_xref(src_name, shift):
    """The xref offsets of every object but the catalog and the page-tree root
    moved by `shift` bytes (as after bytes were inserted mid-file): the table
    and the page tree read, no page or content stream is where the table says
    (what pdftotext, qpdf and mutool repair by scanning for `N G obj`)."""
    src = os.path.join(ROOT, "samples", src_name)
    data = open(src, "rb").read()
    with pikepdf.open(src) as pdf:
        keep = {pdf.Root.objgen[0], pdf.Root.Pages.objgen[0]}
        pages = len(pdf.pages)
    start = int(re.search(rb"startxref\s+(\d+)", data[-64:]).group(1))
    assert data[start:start + 4] == b"xref", "classic xref table expected"
    end = data.index(b"trailer", start)
    section = data[start:end].split(b"\n")
    first = int(section[1].split()[0])
    out = []
    for i, line in enumerate(section):
        m = re.match(rb"^(\d{10}) (\d{5}) n", line)
        num = first + i - 2
        if m and num not in keep:
            line = b"%010d %s n " % (int(m.group(1)) + shift, m.group(2))
        out.append(line)
    name = src_name.replace(".pdf", ".xrefshift.pdf")
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data[:start] + b"\n".join(out) + data[end:])
    entry(name, "../" + src_name.split(".")[0] + ".json", "xref-shifted", pages,
          f"{src_name} with the xref offsets of every object but the catalog and the "
          f"page-tree root moved {shift} bytes forward")


def main():
    os.makedirs(OUT, exist_ok=True)
    strip_to_unicode()
    shift_xref("proj-xddb-2021.lo.pdf", 5)
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(MANIFEST, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
