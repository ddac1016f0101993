#!/usr/bin/env python3
"""Borderless copies of the Writer (`lo`) and Calc (`xls`) samples: the same
forms printed by LibreOffice with every cell border removed, as offices
export tables without gridlines. A check for the borderless reader on
producers it was not built against.

usage: borderless_office.py [OUT_DIR]   (default samples/borderless-office;
       needs LibreOffice, the fonts and openpyxl that scripts/gen-samples.sh installs)

Writes OUT_DIR/<form>.{lonb,xlsnb}.pdf and OUT_DIR/manifest.json, whose truth
paths point at samples/<form>.json (relative to OUT_DIR). Split cells are not listed: without
rulings they cannot be found from the PDF.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from openpyxl.styles import Border  # noqa: E402

import generate  # noqa: E402
import render_office  # noqa: E402
from forms import FORMS  # noqa: E402

SAMPLES = os.path.normpath(os.path.join(HERE, "..", "..", "samples"))


def writer_without_borders(sheet, font, size):
    html = _sheet_html(sheet, font, size)
    return html.replace("border:1px solid #000;", "border:none;").replace("border='1'", "border='0'")


_sheet_html = render_office.sheet_html


def main():
    out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(SAMPLES, "borderless-office"))
    os.makedirs(out, exist_ok=True)
    render_office.sheet_html = writer_without_borders
    render_office.BOX = Border()
    manifest = []
    for form in FORMS:
        sheet = generate.sheet_of(form)
        for v in generate.VARIANTS[form["id"]]:
            if v.kind == "lo":
                name = f"{form['id']}.lonb.pdf"
                render_office.render_writer(sheet, os.path.join(out, name), v.font, v.size, v.landscape)
            elif v.kind == "xls":
                name = f"{form['id']}.xlsnb.pdf"
                render_office.render_calc(sheet, os.path.join(out, name), v.font, v.size, v.landscape,
                                          width_chars=v.width_chars or (150 if v.landscape else 100))
            else:
                continue
            manifest.append({
                "pdf": name,
                "truth": os.path.relpath(os.path.join(SAMPLES, f"{form['id']}.json"), out),
                "variant": v.kind + "-borderless",
                "template": form["template"],
                "text_layer": True,
                "split_cells": [],
                "notes": f"the {v.kind} sample printed by LibreOffice with no cell borders",
            })
            print(name, flush=True)
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
