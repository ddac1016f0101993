#!/usr/bin/env python3
"""Samples of department layouts seen in real archives (samples/layouts/).

Each form (contents in scripts/gen-layouts/layout_forms.py, tables in
layout_sheets.py) is written as truth JSON, from the generator's own data, and
printed by three producers: reportlab with an embedded CJK TrueType font
(`rl`), an xlsx printed by LibreOffice Calc (`xls`, as WPS/Excel export) and
an HTML table printed by headless Chromium (`ch`). A form whose second page
is forced (the task-grid layout: goals and indicators on an untitled page) is
printed page by page and joined with qpdf. Writes samples/layouts/manifest.json.

usage: gen-layouts.py [SAMPLES_DIR]
  needs reportlab, openpyxl, pdfplumber, soffice (libreoffice-calc), chromium, qpdf
"""
import html
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(HERE, "gen-samples"), os.path.join(HERE, "gen-layouts")]

import render_office  # noqa: E402
import render_reportlab  # noqa: E402
from generate import fonts_note, pdf_fonts, pdf_pages  # noqa: E402
from layout_forms import FORMS  # noqa: E402
from layout_sheets import sheets_of, truth_of  # noqa: E402

# form id → producers: (kind, font family, size)
PLAN = {
    "fj-dept-jianyang-nyj-2023": [("rl", "", 6.5), ("xls", "Noto Sans CJK SC", 9), ("ch", "Noto Serif CJK SC", 7)],
    "fj-dept-longhai-wjj-2022": [("rl", "", 7), ("xls", "WenQuanYi Zen Hei", 9), ("ch", "Noto Sans CJK SC", 7.5)],
    "dept-grid-qinhuai-mzj-2023": [("rl", "", 7), ("xls", "Noto Serif CJK SC", 8), ("ch", "Noto Sans CJK SC", 7)],
    "dept-grid-wuhou-sfj-2022": [("rl", "", 7.5), ("xls", "Noto Sans CJK SC", 8), ("ch", "WenQuanYi Zen Hei", 7.5)],
}


def chromium(sheet, path, font, size):
    """The sheet as an HTML page printed by headless Chromium, A4 landscape."""
    page = render_office.sheet_html(sheet, font, size).replace(
        "</head>", "<style>@page{size:A4 landscape;margin:10mm}td{vertical-align:middle}</style></head>")
    if not sheet.title:
        page = page.replace(f"<b>{html.escape(sheet.title)}</b>", "")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "page.html")
        with open(src, "w", encoding="utf-8") as f:
            f.write(page)
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--user-data-dir={tmp}/profile", f"--print-to-pdf={path}", "file://" + src],
                       check=True, capture_output=True)


def render_page(sheet, path, kind, font, size):
    if kind == "rl":
        style = render_reportlab.Style("ttf", size, True, margin=28, bold="stroke")
        render_reportlab.render(sheet, path, style)
    elif kind == "xls":
        render_office.render_calc(sheet, path, font, size, True, width_chars=170)
    else:
        chromium(sheet, path, font, size)


def render(form, kind, font, size, out_dir):
    name = f"{form['id']}.{kind}.pdf"
    path = os.path.join(out_dir, name)
    sheets = sheets_of(form)
    with tempfile.TemporaryDirectory() as tmp:
        parts = []
        for i, sheet in enumerate(sheets):
            part = os.path.join(tmp, f"p{i}.pdf")
            render_page(sheet, part, kind, font, size)
            parts.append(part)
        if len(parts) == 1:
            shutil.copyfile(parts[0], path)
        else:
            subprocess.run(["qpdf", "--empty", "--deterministic-id", "--pages", *parts, "--", path], check=True)
    how = {"rl": f"reportlab, A4 landscape, WenQuanYi Zen Hei {size}pt embedded, labels fill+stroke (Tr 2)",
           "xls": f"xlsx (openpyxl) printed by LibreOffice Calc, A4 landscape fit-to-width, {font} {size}pt",
           "ch": f"HTML table printed by headless Chromium, A4 landscape, {font} {size}pt"}[kind]
    if len(sheets) > 1:
        how += f"; {len(sheets)} printed parts joined by qpdf, the second with no title"
    fonts = pdf_fonts(path)
    return {"pdf": name, "truth": f"{form['id']}.json", "variant": kind, "layout": form["layout"],
            "pages": pdf_pages(path), "text_layer": True, "split_cells": [],
            "notes": f"{how}; {fonts_note(fonts)}"}


def main():
    samples = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "samples"))
    out_dir = os.path.join(samples, "layouts")
    os.makedirs(out_dir, exist_ok=True)
    entries = []
    for form in FORMS:
        with open(os.path.join(out_dir, f"{form['id']}.json"), "w", encoding="utf-8") as f:
            json.dump(truth_of(form), f, ensure_ascii=False, indent=1)
            f.write("\n")
        for kind, font, size in PLAN[form["id"]]:
            e = render(form, kind, font, size, out_dir)
            entries.append(e)
            print(f"{e['pdf']}: {e['pages']} pages", flush=True)
    with open(os.path.join(out_dir, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(entries, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
