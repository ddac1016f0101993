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


# ---- Latin samples built object by object (pikepdf), so each construct is exact ----

URW = "/usr/share/fonts/type1/urw-base35"
URW_OTF = "/usr/share/fonts/opentype/urw-base35"
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def helvetica(pdf, name="Helvetica"):
    return pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
        BaseFont=pikepdf.Name("/" + name), Encoding=pikepdf.Name.WinAnsiEncoding))


def write(name, fonts, content, annots=None, acroform=None, notes="", height=400):
    pdf = pikepdf.new()
    res = pikepdf.Dictionary(Font=pikepdf.Dictionary({"/" + k: v(pdf) for k, v in fonts.items()}))
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, 612, height], Resources=res,
        Contents=pdf.make_stream(content.encode("latin-1")))
    page = pdf.make_indirect(page)
    pdf.pages.append(pikepdf.Page(page))
    page = pdf.pages[0].obj
    if annots:
        page.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(a(pdf, page)) for a in annots]))
    if acroform:
        pdf.Root.AcroForm = acroform(pdf, page)
    pdf.save(os.path.join(OUT, name), deterministic_id=True, compress_streams=False)
    entry(name, None, "latin", 1, notes)


def doubled_letters():
    lines = ["fill the bill, call Mississippi 1100 2011", "http://www.example.org/fill?x=1100",
             "OpenOffice offers efficient office staff", "add 0.0011 to all 77 cells; see ll. 11-22"]
    body = []
    y = 560
    for font in ("F1", "F2", "F3"):
        for size in (7, 10, 12):
            for t in lines:
                body.append(f"BT /{font} {size} Tf 36 {y} Td ({t}) Tj ET")
                y -= size + 3
    write("latin-doubled.pdf", {"F1": helvetica, "F2": lambda p: helvetica(p, "Times-Roman"),
                                "F3": lambda p: helvetica(p, "Courier")},
          "\n".join(body), height=600,
          notes="Helvetica, Times and Courier at 7-12 pt: doubled narrow letters (ll, tt, //, ff, 11)")
    # Fake bold: each line's whole run drawn again a small part of an advance to the right.
    body = []
    for i, t in enumerate(lines):
        for dx in (0, 0.25):
            body.append(f"BT /F1 10 Tf {36 + dx} {300 - 20 * i} Td ({t}) Tj ET")
    write("latin-fakebold.pdf", {"F1": helvetica}, "\n".join(body),
          notes="the doubled-letter lines in Helvetica 10 pt, each drawn twice 0.25 pt apart (fake bold)")


def positioned_spaces():
    words = "Bug 1552113 - this text should be visible.".split()
    tj = " -260 ".join(f"({w})" for w in words)
    td = []
    x = 36
    for w in "Words placed one by one with Td moves".split():
        td.append(f"BT /F1 11 Tf {x:.2f} 300 Td ({w}) Tj ET")
        x += 11 * (0.56 * len(w) + 0.3)
    body = ["BT /F2 12 Tf 36 360 Td (Bug 1552113 - this text should be visible.) Tj ET",
            "BT /F2 9 Tf 36 345 Td (Times spaces are a quarter em wide: as wide as the gap rule.) Tj ET",
            f"BT /F1 12 Tf 36 320 Td [{tj}] TJ ET", *td,
            "BT /F1 11 Tf 36 260 Td [(Kerned) 30 (text) -150 (stays) 40 (whole)] TJ ET"]
    write("latin-spaces.pdf", {"F1": helvetica, "F2": lambda p: helvetica(p, "Times-Roman")},
          "\n".join(body),
          notes="word spaces: Times-Roman space glyphs (0.25 em), Helvetica words separated by "
                "positioning only (TJ gaps of 0.26 em, Td moves of 0.3 em), and kerning that is no break")


def main():
    os.makedirs(OUT, exist_ok=True)
    doubled_letters()
    positioned_spaces()
    strip_to_unicode()
    shift_xref("proj-xddb-2021.lo.pdf", 5)
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(MANIFEST, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
