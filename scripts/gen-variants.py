#!/usr/bin/env python3
"""Samples of form layouts beyond the two the bundled samples use (samples/variants/).

Each form (contents in scripts/gen-variants/variant_forms.py, tables in
variant_sheets.py) is written as truth JSON and rendered by two producers —
reportlab with an embedded CJK TrueType font (`rl`) and an xlsx printed by
LibreOffice Calc (`xls`) — and scanned (`scan`: one of the two rendered at
150–200 dpi, seal or not, rotated a little, speckled, JPEG in an image-only
PDF). Writes samples/variants/manifest.json for ../shared/tools/score.py.

usage: gen-variants.py [SAMPLES_DIR] [FORM_ID ...]
  needs reportlab, openpyxl, pdfplumber, Pillow, pdftoppm, soffice (libreoffice-calc)
"""
import importlib.util
import json
import os
import random
import sys
import tempfile
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(HERE, "gen-samples"), os.path.join(HERE, "gen-variants")]

import find_splits  # noqa: E402
import render_office  # noqa: E402
import render_reportlab  # noqa: E402
import render_text  # noqa: E402
from generate import fonts_note, pdf_fonts, pdf_pages, split_note  # noqa: E402
from variant_forms import FORMS  # noqa: E402
from variant_sheets import sheet_of, truth_of  # noqa: E402


def _load_scans():
    spec = importlib.util.spec_from_file_location("gen_scans", os.path.join(HERE, "gen-scans.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


scans = _load_scans()


@dataclass
class Producer:
    kind: str          # rl | xls
    font: str          # office font family (xls); reportlab always embeds WenQuanYi Zen Hei
    size: float
    landscape: bool
    width_chars: int = 0


@dataclass
class Scan:
    source: str        # rl | xls: which rendering is scanned
    dpi: int
    angle: float
    colour: bool       # colour with a red seal, else grey
    quality: int = 70  # JPEG quality


PLAN = {
    "nat-dept-junshan-nyj-2022": ([Producer("rl", "", 9.5, True), Producer("xls", "Noto Sans CJK SC", 10, False)],
                                  Scan("xls", 180, -0.7, False, quality=65)),
    "nat-dept-zhanggong-wjw-2021": ([Producer("rl", "", 9, False), Producer("xls", "WenQuanYi Zen Hei", 10, True)],
                                    Scan("rl", 150, 1.2, True)),
    "prov-proj-nanhu-xsgz-2022": ([Producer("rl", "", 9, True), Producer("xls", "Noto Serif CJK SC", 10, True)],
                                  Scan("rl", 150, 0.8, True)),
    "county-proj-qilin-ysaq-2023": ([Producer("rl", "", 9, True), Producer("xls", "Noto Serif CJK SC", 10, False)],
                                    Scan("xls", 160, 0.6, False)),
}
LAYOUT_TEMPLATE = {"national_dept": "national_dept", "prov_project": "generic", "county_project": "generic"}


def render(form, sheet, p, out_dir):
    name = f"{form['id']}.{p.kind}.pdf"
    path = os.path.join(out_dir, name)
    orient = "A4 landscape" if p.landscape else "A4 portrait"
    if p.kind == "rl":
        style = render_reportlab.Style("ttf", p.size, p.landscape, bold="stroke")
        own = render_reportlab.render(sheet, path, style)
        if own.broken_runs:
            print(f"warning: {name}: runs broken per character: {own.broken_runs}", file=sys.stderr)
        split, merged, where = own.split, own.merged, own.split_pages
        how = (f"reportlab, {orient}, WenQuanYi Zen Hei {p.size}pt embedded TrueType subsets with "
               "ToUnicode, labels fill+stroke (Tr 2), ruled; own page breaks: rows cut mid-text, merged "
               "cells straddle breaks, the indicator header row repeated on a page that starts inside it")
        if own.repeated_header_pages:
            how += f" (page(s) {', '.join(map(str, own.repeated_header_pages))})"
    else:
        render_office.render_calc(sheet, path, p.font, p.size, p.landscape,
                                  width_chars=p.width_chars or (150 if p.landscape else 100))
        split, merged, where = find_splits.analyse(path, sheet)
        how = (f"xlsx (openpyxl) printed by LibreOffice Calc: merged cells, wrap, thin borders, {orient} "
               f"fit-to-width, {p.font} {p.size}pt; Calc breaks pages between rows")
    lost = {f: n for f, n in find_splits.missing_text(path, sheet).items() if n > 8}
    if lost:
        print(f"warning: {name}: text not found in the PDF (field: characters): {lost}", file=sys.stderr)
    fonts = pdf_fonts(path)
    return {
        "pdf": name, "truth": f"{form['id']}.json", "variant": p.kind,
        "layout": form["layout"], "template": LAYOUT_TEMPLATE[form["layout"]],
        "pages": pdf_pages(path), "text_layer": True, "split_cells": split,
        "merged_across_break": merged,
        "notes": f"{how}; split: {split_note(where)}; {fonts_note(fonts)}", "fonts": fonts,
    }


def scan(form, s, source_entry, out_dir, rng):
    src = os.path.join(out_dir, source_entry["pdf"])
    name = f"{form['id']}.scan.pdf"
    with tempfile.TemporaryDirectory() as work:
        pages = [scans.scan_page(png, s.dpi, s.angle, s.colour, rng) for png in scans.render(src, s.dpi, work)]
    pages[0].save(os.path.join(out_dir, name), save_all=True, append_images=pages[1:],
                  resolution=s.dpi, quality=s.quality)
    size = os.path.getsize(os.path.join(out_dir, name))
    return {
        "pdf": name, "truth": f"{form['id']}.json", "variant": "scan", "layout": form["layout"],
        "template": source_entry["template"], "pages": len(pages), "text_layer": False,
        "split_cells": source_entry["split_cells"],
        "notes": (f"{source_entry['pdf']} rendered at {s.dpi} dpi, rotated {s.angle} deg, speckle noise, "
                  f"JPEG q{s.quality}, {'colour with a red seal' if s.colour else 'grey'}; {size // 1024} KB"),
    }


def write_text(form, sheet, out_dir):
    """A tab-separated text rendition (as converters dump tables), one page break in the indicators."""
    rows = sorted({c.row for c in sheet.cells if (c.field or "").startswith("indicators[")})
    style = render_text.TextStyle(breaks=[render_text.Break(rows[len(rows) // 2])])
    text, split = render_text.render(sheet, style)
    name = f"{form['id']}.txt"
    with open(os.path.join(out_dir, "text", name), "w", encoding="utf-8") as f:
        f.write(text)
    return {"pdf": name, "truth": f"../{form['id']}.json", "variant": "text", "layout": form["layout"],
            "template": LAYOUT_TEMPLATE[form["layout"]], "pages": 2, "text_layer": True,
            "split_cells": split,
            "notes": "text rendition, UTF-8, tab-separated rows, one page break (blank line) inside the indicators"}


def main():
    samples = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "samples"))
    only = set(sys.argv[2:])
    out_dir = os.path.join(samples, "variants")
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "manifest.json")
    old = json.load(open(path, encoding="utf-8")) if os.path.exists(path) else []
    entries = []
    os.makedirs(os.path.join(out_dir, "text"), exist_ok=True)
    texts = [write_text(form, sheet_of(form), out_dir) for form in FORMS]
    with open(os.path.join(out_dir, "text", "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(texts, f, ensure_ascii=False, indent=1)
        f.write("\n")
    for form in FORMS:
        if only and form["id"] not in only:
            entries += [e for e in old if e["truth"] == f"{form['id']}.json"]
            continue
        rng = random.Random(form["id"])
        sheet = sheet_of(form)
        with open(os.path.join(out_dir, f"{form['id']}.json"), "w", encoding="utf-8") as f:
            json.dump(truth_of(form), f, ensure_ascii=False, indent=1)
            f.write("\n")
        producers, s = PLAN[form["id"]]
        made = {}
        for p in producers:
            e = render(form, sheet, p, out_dir)
            made[p.kind] = e
            entries.append(e)
            print(f"{e['pdf']}: {e['pages']} pages, split {e['split_cells']}", flush=True)
        e = scan(form, s, made[s.source], out_dir, rng)
        entries.append(e)
        print(f"{e['pdf']}: {e['pages']} pages; {e['notes']}", flush=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(entries, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
