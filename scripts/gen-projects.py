#!/usr/bin/env python3
"""Samples of project layouts as 决算 bundles print them (samples/projects/).

Forms (contents in scripts/gen-projects/project_forms.py, tables in
project_sheets.py) are written as truth JSON and rendered by two producers:
an xlsx printed by LibreOffice Calc (`xls`: WPS/Excel-like, page breaks
between rows clip merged cells) and reportlab with an embedded CJK font
(`rl`: its own page breaks, a row cut mid-text with its one-line numbers on
one side of the break and its wrapped texts on both, a merged cell cut by a
break has no bottom line on the first page). Then `juesuan-bundle.pdf`, a 决算-like bundle: a cover, a
contents page, prose sections, budget tables, a 项目绩效自评结果 section with a
paragraph per project, then the national project forms one after another
(Calc, one landscape, the others portrait; the one over two pages drawn by
reportlab; two with the same title).

manifest.json lists the one-form samples, bundle-manifest.json each form of
the bundle (`pdf` is `juesuan-bundle.pdf` for the first form,
`juesuan-bundle-<n>.pdf` for the n-th, as `evalform extract -o DIR/` names
them; `page_range` its pages in the bundle).

usage: gen-projects.py [SAMPLES_DIR]
  needs reportlab, openpyxl, pdfplumber, pikepdf, soffice (libreoffice-calc)
"""
import importlib.util
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(HERE, "gen-samples"), os.path.join(HERE, "gen-variants"),
                os.path.join(HERE, "gen-projects")]

import pikepdf  # noqa: E402
from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

import find_splits  # noqa: E402
import render_office  # noqa: E402
import render_reportlab  # noqa: E402
from generate import fonts_note, pdf_fonts, pdf_pages, split_note  # noqa: E402
from project_forms import GOAL, NAT  # noqa: E402
from project_sheets import sheet_of, truth_of  # noqa: E402


def _load(name, file):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, file))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


bundles = _load("gen_bundles", "gen-bundles.py")

# (form, producer, font, size, landscape)
ALONE = [
    (NAT[1], "xls", "Noto Serif CJK SC", 10, False),
    (NAT[1], "rl", "", 9, False),
    (NAT[3], "xls", "Noto Sans CJK SC", 10, False),
    (NAT[3], "rl", "", 12.5, False),
    (GOAL[0], "xls", "WenQuanYi Zen Hei", 10, True),
    (GOAL[0], "rl", "", 12.5, False),
    (GOAL[1], "xls", "Noto Serif CJK SC", 10, True),
    (GOAL[1], "rl", "", 9.5, True),
]


def render(form, kind, font, size, land, path, width_chars=None):
    sheet = sheet_of(form)
    orient = "A4 landscape" if land else "A4 portrait"
    if kind == "rl":
        style = render_reportlab.Style("ttf", size, land, bold="stroke", close_cut=False)
        own = render_reportlab.render(sheet, path, style)
        split, merged, where = own.split, own.merged, own.split_pages
        how = (f"reportlab, {orient}, WenQuanYi Zen Hei {size}pt embedded TrueType subsets with ToUnicode, "
               "labels fill+stroke (Tr 2), ruled; own page breaks: rows cut mid-text, a merged cell cut by "
               "a break has no bottom line on the first page")
    else:
        render_office.render_calc(sheet, path, font, size, land, width_chars=width_chars or (150 if land else 100))
        split, merged, where = find_splits.analyse(path, sheet)
        how = (f"xlsx (openpyxl) printed by LibreOffice Calc: merged cells, wrap, thin borders, {orient} "
               f"fit-to-width, {font} {size}pt; Calc breaks pages between rows")
    lost = {f: n for f, n in find_splits.missing_text(path, sheet).items() if n > 8}
    if lost:
        print(f"warning: {path}: text not found in the PDF (field: characters): {lost}", file=sys.stderr)
    fonts = pdf_fonts(path)
    return {"variant": kind, "layout": form["layout"], "pages": pdf_pages(path), "text_layer": True,
            "split_cells": split, "merged_across_break": merged,
            "notes": f"{how}; split: {split_note(where)}; {fonts_note(fonts)}", "fonts": fonts}


SECTIONS = [
    ("第一部分 部门概况", [
        "一、主要职能。负责受理、交办、转送人民群众来信来访，协调处理重要信访问题，督促检查重要信访事项的处理和落实，"
        "综合反映信访信息，分析信访形势，为党中央、国务院决策提供参考。",
        "二、机构设置。本部门决算由本级决算和所属事业单位决算组成，纳入决算编制范围的单位共5家。",
    ], 3),
    ("第二部分 2022年度部门决算表", ["本部分公开收入支出决算总表、收入决算表、支出决算表、财政拨款收入支出决算总表、"
                                "一般公共预算财政拨款支出决算表、一般公共预算财政拨款基本支出决算表、"
                                "政府性基金预算财政拨款收入支出决算表、国有资本经营预算财政拨款支出决算表、"
                                "财政拨款“三公”经费支出决算表共九张表格。"], 1),
]
EXPLAIN = ("第三部分 2022年度部门决算情况说明", [
    "一、收入支出决算总体情况说明。2022年度收入总计9386.52万元，支出总计9386.52万元。与2021年度相比，"
    "收、支总计各减少412.36万元，下降4.2%，主要原因是严格落实过紧日子要求，压减一般性支出。",
    "二、收入决算情况说明。本年收入合计8736.50万元，其中：财政拨款收入8736.50万元，占100%。",
    "三、支出决算情况说明。本年支出合计8964.08万元，其中：基本支出5312.41万元，占59.3%；项目支出3651.67万元，占40.7%。",
    "四、财政拨款“三公”经费支出决算情况说明。2022年度“三公”经费财政拨款支出决算为46.20万元，完成预算的71.1%。",
], 4)
BUDGET_TABLES = ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表",
                 "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算表",
                 "政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表",
                 "财政拨款“三公”经费支出决算表"]


def budget_tables_pdf(path):
    """Ruled budget tables of numbers, one per page (tables, but not self-evaluations)."""
    bundles.register()
    w, h = A4
    c = canvas.Canvas(path, pagesize=A4, invariant=True)
    for n, title in enumerate(BUDGET_TABLES):
        c.setFont(bundles.FONT, 15)
        c.drawCentredString(w / 2, h - 72, title)
        c.setFont(bundles.FONT, 9)
        c.drawString(50, h - 96, "编制单位：国家信访局")
        c.drawRightString(w - 50, h - 96, "单位：万元")
        xs = [50, 110, 290, 370, 450, w - 50]
        rows = [("科目编码", "科目名称", "合计", "基本支出", "项目支出")]
        for i in range(16):
            a = 1200 + 137.25 * ((i * 7 + n * 3) % 11)
            b = a * 0.6
            rows.append((f"2010{(i + n) % 9}{i:02d}", ["行政运行", "一般行政管理事务", "机关服务", "信访业务",
                                                     "事业运行", "其他政府办公厅（室）及相关机构事务支出"][i % 6],
                         f"{a:,.2f}", f"{b:.2f}", f"{a - b:.2f}"))
        top, rh = h - 106, 22
        for i in range(len(rows) + 1):
            c.line(xs[0], top - i * rh, xs[-1], top - i * rh)
        for x in xs:
            c.line(x, top, x, top - len(rows) * rh)
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                c.drawString(xs[j] + 3, top - i * rh - 15, text[:20])
        c.drawCentredString(w / 2, 40, f"{12 + n}")
        c.showPage()
    c.save()


def results_paragraphs(forms):
    out = ["按照财政部预算绩效管理要求，本部门对2022年度全部项目支出开展了绩效自评，自评结果如下，"
           "各项目的项目支出绩效自评表附后。"]
    for f in forms:
        fr = f["funds"][0]
        out.append(f"{f['project']}项目：全年预算数{fr['full_year_budget']}万元，执行数{fr['actual']}万元，"
                   f"预算执行率{fr['execution_rate']}。{f['goal']['achieved']}")
    return out


# Calc sets the scale from the columns' widths (fit to width): fewer characters
# across the page print larger and push a long form over two pages.
WIDTH_CHARS = {"nat-bglwx-2022": 62}
# The bundle's form over two pages is drawn by reportlab: the merged labels cut
# by the break have no bottom line and are empty on the next page.
BUNDLE_RL = {"nat-bglwx-2022"}
# Forms of the bundle printed landscape (the others portrait).
LANDSCAPE = {"nat-xfjfc-2022"}


def make_bundle(out_dir, work):
    parts, entries = [], []

    def add(path):
        start = sum(len(pikepdf.open(p).pages) for p in parts) + 1
        parts.append(path)
        return start, start + len(pikepdf.open(path).pages) - 1

    bundles.register()
    cover = os.path.join(work, "cover.pdf")
    bundles.prose_pdf(cover, "国家信访局2022年度部门决算",
                      ["二〇二三年七月"], A4)
    add(cover)
    toc = os.path.join(work, "toc.pdf")
    bundles.prose_pdf(toc, "目录", ["第一部分 部门概况", "第二部分 2022年度部门决算表",
                                   "第三部分 2022年度部门决算情况说明", "第四部分 名词解释",
                                   "第五部分 附件：项目绩效自评结果及自评表"], A4)
    add(toc)
    for i, (title, paras, pages) in enumerate(SECTIONS):
        p = os.path.join(work, f"section{i}.pdf")
        bundles.prose_pdf(p, title, paras * 4, A4, pages=pages)
        add(p)
    tables = os.path.join(work, "tables.pdf")
    budget_tables_pdf(tables)
    add(tables)
    p = os.path.join(work, "explain.pdf")
    bundles.prose_pdf(p, EXPLAIN[0], EXPLAIN[1] * 3, A4, pages=EXPLAIN[2])
    add(p)
    p = os.path.join(work, "terms.pdf")
    bundles.prose_pdf(p, "第四部分 名词解释", ["财政拨款收入：指本年度从本级财政部门取得的财政拨款。",
                                          "项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。"] * 5, A4,
                      pages=3)
    add(p)
    p = os.path.join(work, "results.pdf")
    bundles.prose_pdf(p, "第五部分 项目绩效自评结果", results_paragraphs(NAT), A4, pages=2)
    add(p)
    for n, form in enumerate(NAT, start=1):
        path = os.path.join(work, f"{form['id']}.pdf")
        land = form["id"] in LANDSCAPE
        if form["id"] in BUNDLE_RL:
            e = render(form, "rl", "", 11.5, land, path)
        else:
            e = render(form, "xls", "Noto Serif CJK SC", 10, land, path, WIDTH_CHARS.get(form["id"]))
        first, last = add(path)
        name = "juesuan-bundle.pdf" if n == 1 else f"juesuan-bundle-{n}.pdf"
        entries.append({"pdf": name, "file": "juesuan-bundle.pdf", "form_index": n,
                        "truth": f"{form['id']}.json", "title": form["title"], "variant": "bundle",
                        "layout": form["layout"], "page_range": [first, last],
                        "split_cells": e["split_cells"], "merged_across_break": e["merged_across_break"],
                        "notes": e["notes"]})
    bundles.bundle(os.path.join(out_dir, "juesuan-bundle.pdf"), [(p, range(len(pikepdf.open(p).pages)))
                                                                 for p in parts])
    return entries


def write_truth(form, out_dir):
    with open(os.path.join(out_dir, f"{form['id']}.json"), "w", encoding="utf-8") as f:
        json.dump(truth_of(form), f, ensure_ascii=False, indent=1)
        f.write("\n")


def dump(path, data):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")


def main():
    samples = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "samples"))
    out_dir = os.path.join(samples, "projects")
    os.makedirs(out_dir, exist_ok=True)
    for form in NAT + GOAL:
        write_truth(form, out_dir)
    entries = []
    for form, kind, font, size, land in ALONE:
        name = f"{form['id']}.{kind}.pdf"
        e = render(form, kind, font, size, land, os.path.join(out_dir, name), WIDTH_CHARS.get(form["id"]))
        entries.append({"pdf": name, "truth": f"{form['id']}.json", "title": form["title"], **e})
        print(f"{name}: {e['pages']} pages, split {e['split_cells']}", flush=True)
    dump(os.path.join(out_dir, "manifest.json"), entries)
    with tempfile.TemporaryDirectory() as work:
        bundle = make_bundle(out_dir, work)
    dump(os.path.join(out_dir, "bundle-manifest.json"), bundle)
    print(f"juesuan-bundle.pdf: {pdf_pages(os.path.join(out_dir, 'juesuan-bundle.pdf'))} pages, "
          f"forms at {[e['page_range'] for e in bundle]}")


if __name__ == "__main__":
    main()
