#!/usr/bin/env python3
"""Damaged copies of the bundled forms (samples/perturb/): seven kinds of
damage (scripts/gen-perturb/damages.py), each applied to the four forms of
samples/ and to one of samples/variants/ (a third layout), drawn by the
reportlab renderer in the style of the form's `cid`, `fakebold` or `rl`
sample, so an undamaged rendering is that sample.

Truth of every file is the undamaged form's truth (../<form>.json): a field
read wrong from a damaged file is a field the damage made wrong. Writes
samples/perturb/manifest.json in the format of samples/manifest.json, with
`class` (the kind of damage), `damage` (what was done) and, for an added
column, `extra` (the values each row must carry in its `extra`).

usage: gen-perturb.py [SAMPLES_DIR]   (needs reportlab, pdffonts, pdfinfo;
                                       scripts/gen-samples.sh installs them)
"""
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(HERE, "gen-samples"), os.path.join(HERE, "gen-variants"),
                os.path.join(HERE, "gen-perturb")]

import grid  # noqa: E402
import render_reportlab  # noqa: E402
import variant_forms  # noqa: E402
import variant_sheets  # noqa: E402
from damages import CLASSES, damage  # noqa: E402
from forms import FORMS  # noqa: E402
from generate import fonts_note, pdf_fonts, pdf_pages  # noqa: E402
from pushed import pushing  # noqa: E402

# The sample each form's damaged copies are drawn like: (variant, size, landscape).
STYLES = {
    "gz-tianhe-wgly-2022": ("cid", 10, True),
    "gz-panyu-swj-2021": ("fakebold", 11, True),
    "proj-lygtnt-2022": ("cid", 9, False),
    "proj-xddb-2021": ("fakebold", 10, False),
    "prov-proj-nanhu-xsgz-2022": ("rl", 9, True),
}


def damaged_forms():
    """(form, sheet builder, truth path from samples/perturb/, template)."""
    out = [(f, grid.sheet_of, f"../{f['id']}.json", f["template"]) for f in FORMS]
    nanhu = variant_forms.NANHU
    out.append((nanhu, variant_sheets.sheet_of, f"../variants/{nanhu['id']}.json", "generic"))
    return out


def style_of(form):
    variant, size, landscape = STYLES[form["id"]]
    if variant == "cid":
        return variant, render_reportlab.Style("cid", size, landscape, bold="stroke")
    if variant == "rl":
        return variant, render_reportlab.Style("ttf", size, landscape, bold="stroke")
    return variant, render_reportlab.Style("ttf", size, landscape, bold="double")


def render(dmg, path, style):
    if dmg.push is None:
        return render_reportlab.render(dmg.sheet, path, style)
    with pushing(dmg.push):
        return render_reportlab.render(dmg.sheet, path, style)


def main():
    samples = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "samples"))
    out_dir = os.path.join(samples, "perturb")
    os.makedirs(out_dir, exist_ok=True)
    manifest = []
    for kind in CLASSES:
        for number, (form, build, truth, template) in enumerate(damaged_forms()):
            dmg = damage(kind, form, number, build)
            variant, style = style_of(form)
            name = f"{form['id']}.{kind}.pdf"
            path = os.path.join(out_dir, name)
            own = render(dmg, path, style)
            fonts = pdf_fonts(path)
            entry = {
                "pdf": name,
                "truth": truth,
                "class": kind,
                "variant": variant,
                "template": template,
                "pages": pdf_pages(path),
                "text_layer": True,
                "split_cells": own.split,
                "damage": dmg.note,
                "notes": f"the {variant} sample of {form['id']} with one damage: {dmg.note}; "
                         f"{fonts_note(fonts)}",
            }
            if dmg.extra:
                entry["extra"] = dmg.extra
            manifest.append(entry)
            print(f"{name}: {entry['pages']} pages; {dmg.note}", flush=True)
    with open(os.path.join(out_dir, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
