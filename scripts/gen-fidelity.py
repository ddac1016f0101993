#!/usr/bin/env python3
"""Makes the extractor-fidelity samples in samples/fidelity/ (committed; CI
never runs this). Needs pikepdf, reportlab, fontTools and samples/shared.

    python3 scripts/gen-fidelity.py
"""
import json
import os
import re
import sys

import pikepdf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "samples", "fidelity")
SHARED = os.path.join(ROOT, "samples", "shared")
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
    entry(name, "../shared/gz-liwan-yjj-2021.json", "chrome-notounicode", pages,
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


def type3_fonts():
    """Type3 fonts whose /Differences name glyphs by the Adobe Glyph List, and
    with names that mean nothing (the codes are Latin-1: MuPDF, pdfium and
    poppler read those codes as the text)."""
    codes = [0xE0, 0xC0, 0xE2, 0xC2, 0xE4, 0xC4]
    agl = ["agrave", "Agrave", "acircumflex", "Acircumflex", "adieresis", "Adieresis"]

    def font(names):
        def make(pdf):
            box = b"600 0 50 0 550 700 d1 50 0 500 700 re f"
            procs = pikepdf.Dictionary({"/" + n: pdf.make_stream(box) for n in names})
            diffs = pikepdf.Array()
            for c, n in zip(codes, names):
                diffs.append(c)
                diffs.append(pikepdf.Name("/" + n))
            return pdf.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type3,
                FontBBox=[0, 0, 600, 700], FontMatrix=[0.001, 0, 0, 0.001, 0, 0],
                CharProcs=procs, Encoding=pikepdf.Dictionary(Type=pikepdf.Name.Encoding, Differences=diffs),
                FirstChar=0xC0, LastChar=0xE4, Widths=[600] * (0xE4 - 0xC0 + 1),
                Resources=pikepdf.Dictionary()))
        return make

    text = "".join(f"\\{c:03o}" for c in codes)
    body = [f"BT /F1 14 Tf 36 340 Td ({text}) Tj ET", f"BT /F2 14 Tf 36 300 Td ({text}) Tj ET",
            "BT /F3 12 Tf 36 260 Td (Type3 glyphs above.) Tj ET"]
    write("type3-differences.pdf", {"F1": font(agl), "F2": font([f"a{i}" for i in range(6)]),
                                    "F3": helvetica}, "\n".join(body),
          notes="two Type3 fonts over Latin-1 codes (àÀâÂäÄ): /Differences with glyph-list names, "
                "and with names no list knows")


def type1_builtin():
    """An embedded Type1 font (URW Nimbus Sans) whose built-in encoding is
    its own, not StandardEncoding, and no /Encoding in the PDF."""
    data = open(os.path.join(URW, "NimbusSans-Regular.t1"), "rb").read()
    mapping = {0x41: "Adieresis", 0x42: "Odieresis", 0x43: "Udieresis", 0x44: "germandbls",
               0x45: "eacute", 0x46: "ccedilla", 0x20: "space", 0x47: "Aring"}
    enc = "/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\n" + "".join(
        f"dup {c} /{n} put\n" for c, n in sorted(mapping.items())) + "readonly def\n"
    data = data.replace(b"/Encoding StandardEncoding def\n", enc.encode())
    clear_end = data.index(b"eexec") + len(b"eexec")
    while data[clear_end:clear_end + 1] in (b"\r", b"\n"):
        clear_end += 1
    trailer_at = data.rindex(b"cleartomark")
    zeros = data.rfind(b"0000000000", 0, trailer_at)
    while zeros > 0 and data[zeros - 1:zeros] in b"0\r\n":
        zeros -= 1
    l1, l2, l3 = clear_end, zeros - clear_end, len(data) - zeros

    def make(pdf):
        ff = pdf.make_stream(data)
        ff.Length1, ff.Length2, ff.Length3 = l1, l2, l3
        desc = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/NimbusSans-Regular"),
            Flags=4, FontBBox=[-200, -300, 1200, 1000], ItalicAngle=0, Ascent=900,
            Descent=-200, CapHeight=700, StemV=80, FontFile=ff))
        return pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name("/NimbusSans-Regular"), FirstChar=32, LastChar=71,
            Widths=[278] + [667] * 39, FontDescriptor=desc))
    write("type1-builtin.pdf", {"F1": make},
          "BT /F1 16 Tf 36 340 Td (ABCD EFG) Tj ET",
          notes="an embedded Type1 (Nimbus Sans) with its own built-in encoding (A→Ä, B→Ö …) "
                "and no /Encoding: the codes mean what the font program says")
    return mapping


def cff_builtin():
    """The same with a bare CFF program (FontFile3 /Type1C) whose encoding is custom."""
    from fontTools.ttLib import TTFont
    from fontTools import subset
    import io
    font = TTFont(os.path.join(URW_OTF, "NimbusSans-Regular.otf"))
    names = ["space", "Adieresis", "Odieresis", "Udieresis", "germandbls", "eacute", "ccedilla", "Aring"]
    sub = subset.Subsetter(subset.Options(glyph_names=True, notdef_outline=True))
    sub.populate(glyphs=names)
    sub.subset(font)
    cff = font["CFF "].cff
    top = cff[cff.fontNames[0]]
    enc = [".notdef"] * 256
    for code, name in zip([0x20, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67], names):
        enc[code] = name
    top.Encoding = enc
    buf = io.BytesIO()
    cff.compile(buf, font)
    data = buf.getvalue()

    def make(pdf):
        ff = pdf.make_stream(data)
        ff.Subtype = pikepdf.Name.Type1C
        desc = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/NimbusSans-Regular"),
            Flags=4, FontBBox=[-200, -300, 1200, 1000], ItalicAngle=0, Ascent=900,
            Descent=-200, CapHeight=700, StemV=80, FontFile3=ff))
        return pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name("/NimbusSans-Regular"), FirstChar=32, LastChar=0x67,
            Widths=[278] + [667] * (0x67 - 32), FontDescriptor=desc))
    write("cff-builtin.pdf", {"F1": make}, "BT /F1 16 Tf 36 340 Td (abcd efg) Tj ET",
          notes="a bare CFF program (FontFile3 /Type1C, Nimbus Sans subset) with a custom "
                "encoding (a→Ä, b→Ö …) and no /Encoding in the PDF")


def symbolic_truetype():
    """A symbolic TrueType (DejaVu Sans subset) with only a (3,0) cmap over
    0xF0xx, no /Encoding and no /ToUnicode."""
    from fontTools.ttLib import TTFont, newTable
    from fontTools.ttLib.tables._c_m_a_p import cmap_format_4
    from fontTools import subset
    import io
    text = "Symbolic café “quoted” • it’s"
    font = TTFont(DEJAVU, recalcTimestamp=False)
    best = font.getBestCmap()
    sub = subset.Subsetter(subset.Options(glyph_names=True, notdef_outline=True))
    sub.populate(unicodes=[ord(c) for c in text])
    sub.subset(font)
    best = font.getBestCmap()
    codes = text.encode("cp1252")
    m = {}
    for ch, code in zip(text, codes):
        m[0xF000 | code] = best[ord(ch)]
    t = cmap_format_4(4)
    t.platformID, t.platEncID, t.language, t.cmap = 3, 0, 0, m
    font["cmap"] = newTable("cmap")
    font["cmap"].tableVersion = 0
    font["cmap"].tables = [t]
    buf = io.BytesIO()
    font.save(buf)
    data = buf.getvalue()
    upm = font["head"].unitsPerEm
    hmtx = font["hmtx"]
    widths = {code: hmtx[best[ord(ch)]][0] * 1000 // upm for ch, code in zip(text, codes)}
    lo, hi = min(widths), max(widths)

    def make(pdf):
        ff = pdf.make_stream(data)
        ff.Length1 = len(data)
        desc = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/AAAAAA+DejaVuSans"),
            Flags=4, FontBBox=[-1021, -463, 1793, 1232], ItalicAngle=0, Ascent=928,
            Descent=-236, CapHeight=700, StemV=80, FontFile2=ff))
        return pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType,
            BaseFont=pikepdf.Name("/AAAAAA+DejaVuSans"), FirstChar=lo, LastChar=hi,
            Widths=[widths.get(c, 0) for c in range(lo, hi + 1)], FontDescriptor=desc))
    s = "".join(f"\\{c:03o}" for c in codes)
    write("truetype-symbolic.pdf", {"F1": make}, f"BT /F1 16 Tf 36 340 Td ({s}) Tj ET",
          notes="a symbolic TrueType subset whose only cmap is (3,0) over 0xF0xx, no /Encoding "
                "and no /ToUnicode; codes are cp1252")


def acroform_filled():
    """A form filled in and saved unflattened: the values live in the widgets'
    appearance streams (reportlab draws them); one field keeps its /V only."""
    from reportlab.pdfgen import canvas
    path = os.path.join(OUT, "acroform-filled.pdf")
    c = canvas.Canvas(path, pagesize=(612, 400), invariant=1)
    c.setFont("Helvetica", 11)
    c.drawString(36, 360, "Application form")
    fields = [("name", "Name", "Ada Lovelace"), ("city", "City", "London"),
              ("amount", "Amount", "1,234.50"), ("note", "Note", "Value without appearance")]
    for i, (key, label, value) in enumerate(fields):
        y = 320 - 40 * i
        c.drawString(36, y + 6, label + ":")
        c.acroForm.textfield(name=key, value=value, x=120, y=y, width=300, height=22,
                             fontName="Helvetica", fontSize=10, borderWidth=0)
    c.save()
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for annot in pdf.pages[0].Annots:
            if annot.get("/T") == "note":
                del annot["/AP"]
        pdf.save(path, deterministic_id=True)
    entry("acroform-filled.pdf", None, "annotations", 1,
          "reportlab AcroForm text fields filled in: three values drawn only by their widgets' "
          "appearance streams, a fourth with /V and no appearance")


def freetext():
    """A FreeText annotation with an appearance stream over page text."""
    def annot(pdf, page):
        ap = pdf.make_stream(b"q 0 0 1 rg BT /Helv 12 Tf 4 8 Td (FreeText: call back on 2 May) Tj ET Q")
        ap.Type, ap.Subtype, ap.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 240, 28]
        ap.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(Helv=helvetica(pdf)))
        return pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FreeText, Rect=[200, 250, 440, 278],
            Contents=pikepdf.String("FreeText: call back on 2 May"), F=4, P=page,
            DA=pikepdf.String("0 0 1 rg /Helv 12 Tf"), AP=pikepdf.Dictionary(N=ap))
    def hidden(pdf, page):
        ap = pdf.make_stream(b"BT /Helv 12 Tf 4 8 Td (hidden note) Tj ET")
        ap.Type, ap.Subtype, ap.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 240, 28]
        ap.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(Helv=helvetica(pdf)))
        return pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FreeText, Rect=[200, 150, 440, 178],
            Contents=pikepdf.String("hidden note"), F=2, P=page, AP=pikepdf.Dictionary(N=ap))
    write("freetext.pdf", {"F1": helvetica}, "BT /F1 11 Tf 36 340 Td (Page text under a note.) Tj ET",
          annots=[annot, hidden],
          notes="a FreeText annotation drawn by its appearance stream, and a hidden one (flag 2)")


def main():
    os.makedirs(OUT, exist_ok=True)
    acroform_filled()
    freetext()
    type3_fonts()
    type1_builtin()
    cff_builtin()
    symbolic_truetype()
    doubled_letters()
    positioned_spaces()
    strip_to_unicode()
    shift_xref("proj-xddb-2021.lo.pdf", 5)
    scored = [e for e in MANIFEST if e["truth"]]
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(scored, f, ensure_ascii=False, indent=1)
        f.write("\n")
    with open(os.path.join(OUT, "README.md"), "w") as f:
        f.write("# Extractor fidelity samples\n\nMade by `scripts/gen-fidelity.py`; "
                "`manifest.json` lists the forms scored against a truth file.\n\n"
                "| file | what it holds |\n|---|---|\n")
        for e in sorted(MANIFEST, key=lambda e: e["pdf"]):
            f.write(f"| `{e['pdf']}` | {e['notes']} |\n")


if __name__ == "__main__":
    sys.exit(main())
