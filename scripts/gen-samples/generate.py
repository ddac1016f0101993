#!/usr/bin/env python3
"""Regenerate every bundled sample: truth JSON, PDFs, text renditions, manifests.

usage: generate.py OUT_DIR   (normally the project's samples/ directory)
"""
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass

import find_splits
import render_office
import render_reportlab
import render_text
from forms import FORMS
from grid import sheet_of
from letter import render_letter
from truth import truth_of


@dataclass
class Variant:
    kind: str        # lo | xls | cid | fakebold | borderless
    font: str        # font family (office) or ignored (reportlab picks its own)
    size: float
    landscape: bool
    width_chars: int = 0  # xlsx only: total column width in character units (0: by orientation)
    font_kind: str = ""   # borderless only: "cid" or "ttf" (reportlab font, as the cid/fakebold variants)
    valign: str = "middle"  # borderless only: vertical alignment of text in its cell


VARIANTS = {
    "gz-tianhe-wgly-2022": [
        Variant("lo", "Noto Serif CJK SC", 10, True),
        Variant("xls", "Noto Sans CJK SC", 10, False),
        Variant("cid", "", 10, True),
        Variant("fakebold", "", 10.5, False),
        Variant("borderless", "", 10, True, font_kind="cid", valign="middle"),
    ],
    "gz-panyu-swj-2021": [
        Variant("lo", "Noto Sans CJK SC", 9, False),
        Variant("xls", "WenQuanYi Zen Hei", 10, False),
        Variant("cid", "", 9, False),
        Variant("fakebold", "", 11, True),
        Variant("borderless", "", 9, False, font_kind="ttf", valign="top"),
    ],
    "proj-lygtnt-2022": [
        Variant("lo", "WenQuanYi Zen Hei", 10.5, False),
        Variant("xls", "Noto Sans CJK SC", 10, True),
        Variant("cid", "", 9, False),
        Variant("fakebold", "", 11, True),
        Variant("borderless", "", 10, True, font_kind="ttf", valign="middle"),
    ],
    "proj-xddb-2021": [
        Variant("lo", "Noto Serif CJK SC", 11, True),
        Variant("xls", "Noto Serif CJK SC", 11, False, width_chars=90),
        Variant("cid", "", 10, True),
        Variant("fakebold", "", 10, False),
        Variant("borderless", "", 10.5, False, font_kind="cid", valign="top"),
    ],
}


def orientation(v):
    return "A4 landscape" if v.landscape else "A4 portrait"


def pdf_fonts(path):
    """pdffonts rows as manifest font records (subset prefix dropped, repeats counted)."""
    out = subprocess.run(["pdffonts", path], capture_output=True, text=True, check=True).stdout
    fonts = []
    for line in out.splitlines()[2:]:
        m = re.match(r"(\S+)\s+(.+?)\s{2,}(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+", line)
        if not m:
            continue
        name = re.sub(r"^[A-Z]{6}\+", "", m.group(1))
        rec = {"name": name, "type": m.group(2).strip(), "encoding": m.group(3),
               "emb": m.group(4) == "yes", "sub": m.group(5) == "yes", "uni": m.group(6) == "yes"}
        same = next((f for f in fonts if all(f[k] == rec[k] for k in rec)), None)
        if same:
            same["count"] = same.get("count", 1) + 1
        else:
            fonts.append(rec)
    return fonts


def pdf_pages(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def fonts_note(fonts):
    parts = []
    for f in fonts:
        n = f" x{f['count']}" if f.get("count", 1) > 1 else ""
        parts.append(f"{f['name']} {f['type']} {f['encoding']} emb={'yes' if f['emb'] else 'no'} "
                     f"uni={'yes' if f['uni'] else 'no'}{n}")
    return "fonts: " + ", ".join(parts)


def split_note(where):
    return "; ".join(f"{f} p{'/p'.join(map(str, pages))}" for f, pages in where.items()) or "none"


def render_variant(form, sheet, v, out_dir):
    name = f"{form['id']}.{v.kind}.pdf"
    path = os.path.join(out_dir, name)
    repeated = []
    if v.kind == "lo":
        render_office.render_writer(sheet, path, v.font, v.size, v.landscape)
        how = (f"HTML imported by Writer (HTML (StarWriter) filter → ODT, page layout set, → PDF), "
               f"{orientation(v)}, {v.font} {v.size}pt, labels bold, rows may split across pages")
    elif v.kind == "xls":
        render_office.render_calc(sheet, path, v.font, v.size, v.landscape,
                                  width_chars=v.width_chars or (150 if v.landscape else 100))
        how = (f"xlsx (openpyxl) printed by Calc: merged cells, wrap, thin borders, row heights "
               f"estimated from text length, {orientation(v)} fit-to-width, {v.font} {v.size}pt; "
               f"Calc breaks pages between rows and clips a merged cell at the break")
    else:
        kind = v.font_kind or v.kind
        style = render_reportlab.Style("cid" if kind == "cid" else "ttf", v.size, v.landscape,
                                       bold="stroke" if kind == "cid" else "double",
                                       rulings=v.kind != "borderless", valign=v.valign)
        own = render_reportlab.render(sheet, path, style)
        repeated = own.repeated_header_pages
        if own.broken_runs:
            print(f"warning: {name}: runs too wide for their cell, broken per character: {own.broken_runs}",
                  file=sys.stderr)
        if kind == "cid":
            how = (f"reportlab, {orientation(v)}, STSong-Light {v.size}pt not embedded (CID Type 0, "
                   f"Adobe-GB1, predefined CMap UniGB-UCS2-H: 2-byte UCS-2 codes, no ToUnicode); labels "
                   f"and title drawn fill+stroke (Tr 2)")
        else:
            how = (f"reportlab, {orientation(v)}, WenQuanYi Zen Hei {v.size}pt embedded TrueType subsets "
                   f"with ToUnicode; label/header cells and the title drawn twice per character with a "
                   f"{render_reportlab.FAKE_BOLD_DX}pt horizontal offset (fake bold): the text layer holds "
                   f"every label character twice in a row")
        how += ("; own layout and page breaks: rows cut mid-text (a cut line moves to the next page), "
                "merged cells straddle breaks, "
                + ("text top-aligned in its cell" if v.valign == "top" else "vertically centred text in merged cells"))
        if v.kind == "borderless":
            how = "no rulings at all (borderless table); " + how
        if repeated:
            how += f"; section header row repeated at the top of page(s) {', '.join(map(str, repeated))}"
    if v.kind == "borderless":  # find_splits needs rulings; the layout knows
        split, merged, where = own.split, own.merged, own.split_pages
    else:
        split, merged, where = find_splits.analyse(path, sheet)
    if v.kind in ("cid", "fakebold"):
        if (own.split, own.merged) != (split, merged):
            print(f"warning: {name}: layout says split {own.split} merged {own.merged}, "
                  f"PDF reading says {split} {merged}", file=sys.stderr)
        split, merged, where = own.split, own.merged, own.split_pages
    lost = {}
    if v.kind != "borderless":  # missing_text reads column bands between rulings
        lost = {f: n for f, n in find_splits.missing_text(path, sheet).items()
                if n > 8 and not f.endswith(".no")}
    if lost:
        print(f"warning: {name}: text not found in the PDF (field: characters): {lost}", file=sys.stderr)
    if v.kind == "xls" and split:
        how += "; the clipped merged cell's whole text may sit in the text layer of both pages"
    fonts = pdf_fonts(path)
    entry = {
        "pdf": name,
        "truth": f"{form['id']}.json",
        "variant": v.kind,
        "template": form["template"],
        "pages": pdf_pages(path),
        "text_layer": True,
        "split_cells": split,
        "merged_across_break": merged,
        "notes": f"{how}; split: {split_note(where)}; {fonts_note(fonts)}",
        "fonts": fonts,
    }
    return entry


def text_styles(sheet):
    """Per form: where the text renditions break pages and which quirks they show."""
    row = {c.field: c.row for c in sheet.cells if c.field}
    T, B = render_text.TextStyle, render_text.Break
    return {
        "gz-tianhe-wgly-2022": T(
            breaks=[B(row["indicators[1].name"], {"tasks[0].achieved": 0.6}), B(row["indicators[8].name"])],
            markup={"tasks[0]", "indicators[0]", "goal"}, drop_leading_after_break=True,
            missing_task_label=2, stray_values={"tasks[1].funds"}, spaced={"tasks[3]"}),
        "gz-panyu-swj-2021": T(
            breaks=[B(row["indicators[2].name"], {"tasks[0].achieved": 0.35, "tasks[0].expected": 0.5}),
                    B(row["indicators[4].name"])],
            markup_min_len=120, drop_leading_after_break=True, missing_task_label=1,
            stray_values={"tasks[2].funds"}, spaced={"improvements", "tasks[1].achieved"}),
        "proj-lygtnt-2022": T(
            breaks=[B(row["indicators[3].name"]),
                    B(row["indicators[5].name"], {"indicators[4].note": 0.55})],
            markup={"indicators[4]", "indicators[5]"}, drop_leading_after_break=True,
            stray_values={"indicators[7].weight"}, spaced={"goal.expected"}),
        "proj-xddb-2021": T(
            breaks=[B(row["indicators[2].name"]),
                    B(row["indicators[8].name"], {"indicators[7].note": 0.4})],
            markup_min_len=60, drop_leading_after_break=False,
            stray_values={"total_score"}, spaced={"indicators[7].note", "goal.achieved"}),
    }


def write_texts(out_dir, sheets):
    text_dir = os.path.join(out_dir, "text")
    os.makedirs(text_dir, exist_ok=True)
    entries = []
    for form, sheet in sheets:
        style = text_styles(sheet)[form["id"]]
        text, split = render_text.render(sheet, style)
        encodings = [("txt", "utf-8", "\n", "UTF-8, LF")]
        if form["id"] == "gz-panyu-swj-2021":
            encodings.append(("gb18030.txt", "gb18030", "\n", "GB18030, LF"))
        if form["id"] == "proj-lygtnt-2022":
            encodings.append(("utf16.txt", "utf-16", "\r\n", "UTF-16LE with BOM, CRLF"))
        for suffix, enc, eol, label in encodings:
            name = f"{form['id']}.{suffix}"
            data = text.replace("\n", eol)
            if enc == "utf-16":
                raw = b"\xff\xfe" + data.encode("utf-16-le")
            else:
                raw = data.encode(enc)
            with open(os.path.join(text_dir, name), "wb") as f:
                f.write(raw)
            entries.append({
                "pdf": name, "truth": f"../{form['id']}.json", "variant": "text",
                "template": form["template"], "pages": len(style.breaks) + 1, "text_layer": True,
                "split_cells": split,
                "notes": f"text rendition, {label}; {describe_text(style, split)}",
            })
    with open(os.path.join(text_dir, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(entries, f, ensure_ascii=False, indent=1)
        f.write("\n")


def describe_text(style, split):
    parts = [f"{len(style.breaks)} page break(s) as blank lines",
             "cells cut by a break continue as separate paragraphs after it: " + (", ".join(split) or "none")]
    if style.markup or style.markup_min_len < 10**9:
        parts.append("<p> markup in some cells")
    if style.drop_leading_after_break:
        parts.append("indicator rows after a break lose their leading empty cells")
    if style.missing_task_label is not None:
        parts.append(f"tasks[{style.missing_task_label}] printed without its 任务N label "
                     f"(no={style.missing_task_label + 1} is inferred from order)")
    if style.stray_values:
        parts.append("value printed on a line of its own after its row: " + ", ".join(sorted(style.stray_values)))
    if style.spaced:
        parts.append("spaces inside wrapped CJK text: " + ", ".join(sorted(style.spaced)))
    return "; ".join(parts)


def main():
    out_dir = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "samples")
    os.makedirs(out_dir, exist_ok=True)
    only = set(sys.argv[2:])
    manifest, sheets = [], []
    for form in FORMS:
        sheet = sheet_of(form)
        sheets.append((form, sheet))
        with open(os.path.join(out_dir, f"{form['id']}.json"), "w", encoding="utf-8") as f:
            json.dump(truth_of(form), f, ensure_ascii=False, indent=1)
            f.write("\n")
        for v in VARIANTS[form["id"]]:
            if only and v.kind not in only:
                continue
            entry = render_variant(form, sheet, v, out_dir)
            print(f"{entry['pdf']}: {entry['pages']} pages, split {entry['split_cells']}", flush=True)
            manifest.append(entry)
    path = os.path.join(out_dir, "manifest.json")
    if only and os.path.exists(path):
        # Regenerating some variants: keep the other entries, replace these in place.
        with open(path, encoding="utf-8") as f:
            old = json.load(f)
        fresh = {e["pdf"]: e for e in manifest}
        merged = [fresh.pop(e["pdf"], e) for e in old]
        manifest = merged + list(fresh.values())
    with open(path, "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.write("\n")
    write_texts(out_dir, sheets)
    bad = os.path.join(out_dir, "bad")
    os.makedirs(bad, exist_ok=True)
    render_letter(os.path.join(bad, "not-a-form.pdf"))


if __name__ == "__main__":
    main()
