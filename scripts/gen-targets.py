#!/usr/bin/env python3
"""Samples of performance target tables (绩效目标表) in samples/targets/.

Target tables set, at budget time, the targets a self-evaluation is later
scored against: no actual values, no scores. Each form here is written as
truth JSON (from the data below, never from evalform's output) and rendered
by two producers: reportlab with an embedded CJK TrueType font (`rl`) and an
xlsx printed by LibreOffice Calc (`xls`). Layouts:

- tgt-proj-jtys-2025: 项目支出绩效目标表, a target printed over three columns
  (指标性质 | 指标值 | 度量单位) with 指标权重(%) and 是否核心 (→ `extra`);
- tgt-dept-sfj-2025: 部门整体支出绩效目标表, a target in one cell with
  评（扣）分标准 and 指标值类型 (→ `extra`);
- tgt-proj-packed-2025: 项目支出绩效目标表 whose indicators are all written
  as free text in one cell beside 绩效指标 (no levels, no columns): one
  indicator whose `name` keeps the whole text, with a warning.

bundle-targets.pdf mixes them with a self-evaluation sample
(samples/proj-xddb-2021.lo.pdf): each form is its own document of its own
kind. manifest.json lists every document for `evalform score`.

usage: python3 scripts/gen-targets.py [FORM_ID ...]
  (with ids, renders only those forms' PDFs; the truth and manifest are
  always written whole)
  needs reportlab, openpyxl, pikepdf, soffice (libreoffice-calc)
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(HERE, "gen-samples")]

import pikepdf  # noqa: E402
import render_office  # noqa: E402
import render_reportlab  # noqa: E402
from grid import Cell, Sheet, _runs  # noqa: E402

ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "samples", "targets")

OPS = ("=", "≥", "≤", ">", "<")

FORMS = [
    {
        "id": "tgt-proj-jtys-2025",
        "form": "project_target",
        "title": "项目支出绩效目标表",
        "year": 2025,
        "unit": "万元",
        "project": "农村公路养护工程",
        "supervisor": "某县交通运输局",
        "implementer": "某县公路事业发展中心",
        "goal": "完成农村公路养护里程1260公里，路面技术状况指数保持在80以上，保障群众安全便捷出行。",
        "layout": "three_columns",
        # (一级, 二级, 三级, 指标性质, 指标值, 度量单位, 指标权重, 是否核心)
        "indicators": [
            ("产出指标", "数量指标", "养护公路里程", "≥", "1260", "公里", "20", "是"),
            ("产出指标", "数量指标", "危桥改造座数", "=", "6", "座", "10", "否"),
            ("产出指标", "质量指标", "路面技术状况指数", "≥", "80", "", "15", "是"),
            ("产出指标", "时效指标", "养护任务完成时间", "≤", "12", "月", "10", "否"),
            ("成本指标", "经济成本指标", "每公里养护成本", "≤", "1.8", "万元", "10", "否"),
            ("效益指标", "社会效益指标", "群众出行条件", "定性", "明显改善", "", "15", "否"),
            ("效益指标", "可持续影响指标", "公路使用年限", "≥", "10", "年", "10", "否"),
            ("满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥", "90", "%", "10", "是"),
        ],
    },
    {
        "id": "tgt-dept-sfj-2025",
        "form": "department_target",
        "title": "2025年部门整体支出绩效目标表",
        "year": 2025,
        "unit": "万元",
        "entity": "某市司法局",
        "goal": "推进法治政府建设，完善公共法律服务体系，提升法律援助覆盖面和群众满意度。",
        "layout": "one_cell",
        # (一级, 二级, 三级, 指标值, 评（扣）分标准, 指标值类型)
        "indicators": [
            ("产出指标", "数量指标", "法律援助案件数", "≥3000件", "每少10%扣1分", "数值型"),
            ("产出指标", "数量指标", "普法宣传活动场次", "≥120场", "每少10场扣1分", "数值型"),
            ("产出指标", "质量指标", "法律援助案件合格率", "≥95%", "每低1%扣1分", "百分比型"),
            ("产出指标", "时效指标", "行政复议案件按期办结率", "100%", "未按期办结每件扣1分", "百分比型"),
            ("效益指标", "社会效益指标", "群众法治意识", "明显提升", "酌情扣分", "定性"),
            ("满意度指标", "服务对象满意度指标", "受援群众满意度", "≥90%", "每低1%扣1分", "百分比型"),
        ],
    },
    {
        "id": "tgt-proj-packed-2025",
        "form": "project_target",
        "title": "2025年项目支出绩效目标表",
        "year": 2025,
        "unit": "万元",
        "project": "基层干部业务培训",
        "supervisor": "某县人力资源和社会保障局",
        "implementer": "某县职业技能培训中心",
        "goal": "组织基层干部业务培训，提升基层干部依法行政和服务群众能力。",
        "layout": "packed",
        # The whole indicator text as the form writes it in one cell.
        "indicators": "产出指标：培训人次≥500人次；培训课程≥12门；培训合格率≥95%；"
                      "年底前完成全部培训。效益指标：基层干部业务能力明显提升。"
                      "满意度指标：参训人员满意度≥90%。",
    },
]


def target_text(ind):
    op, value, unit = ind[3], ind[4], ind[5]
    return f"{op if op in OPS else ''}{value}{unit}"


def truth_of(form):
    three = form["layout"] == "three_columns"
    inds = []
    if form["layout"] == "packed":
        inds.append({"task": None, "level1": None, "level2": None, "name": form["indicators"],
                     "formula": None, "target": None, "actual": None, "weight": None,
                     "score": None, "note": None, "extra": {}})
    for i in ([] if form["layout"] == "packed" else form["indicators"]):
        if three:
            extra = {"是否核心": i[7]}
            inds.append({"task": None, "level1": i[0], "level2": i[1], "name": i[2], "formula": None,
                         "target": target_text(i), "actual": None, "weight": float(i[6]),
                         "score": None, "note": None, "extra": extra})
        else:
            extra = {"评（扣）分标准": i[4], "指标值类型": i[5]}
            inds.append({"task": None, "level1": i[0], "level2": i[1], "name": i[2], "formula": None,
                         "target": i[3], "actual": None, "weight": None, "score": None, "note": None,
                         "extra": extra})
    return {
        "schema": "evalform/1",
        "form": form["form"],
        "title": form["title"],
        "year": form["year"],
        "entity": form.get("entity"),
        "project": form.get("project"),
        "supervisor": form.get("supervisor"),
        "implementer": form.get("implementer"),
        "unit": form["unit"],
        "funds": [],
        "goal": {"expected": form["goal"], "achieved": None},
        "tasks": [],
        "indicators": inds,
        "problems": None,
        "improvements": None,
        "total_score": None,
        "conclusion": None,
        "contacts": [],
    }


def packed_sheet(form):
    """项目名称 / 主管部门 | 实施单位 / 年度总体目标 / 绩效指标, each a label
    and its text; the indicators one cell of free text."""
    s = Sheet(form["title"], "", "", f"单位：{form['unit']}", [1.2, 2.2, 1.2, 2.2])
    s.add(Cell(0, 0, "项目名称", kind="label", align="center"))
    s.add(Cell(0, 1, form["project"], colspan=3, field="project"))
    s.add(Cell(1, 0, "主管部门", kind="label", align="center"))
    s.add(Cell(1, 1, form["supervisor"], field="supervisor"))
    s.add(Cell(1, 2, "实施单位", kind="label", align="center"))
    s.add(Cell(1, 3, form["implementer"], field="implementer"))
    s.add(Cell(2, 0, "年度总体目标", kind="label", align="center"))
    s.add(Cell(2, 1, form["goal"], colspan=3, field="goal.expected"))
    s.add(Cell(3, 0, "绩效指标", kind="label", align="center"))
    s.add(Cell(3, 1, form["indicators"], colspan=3, field="indicators[0].name"))
    return s


def sheet_of(form):
    if form["layout"] == "packed":
        return packed_sheet(form)
    three = form["layout"] == "three_columns"
    heads = (["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "指标权重(%)", "是否核心"]
             if three else ["一级指标", "二级指标", "三级指标", "指标值", "评（扣）分标准", "指标值类型"])
    ncol = 1 + len(heads)
    widths = [1.0, 1.1, 1.3, 2.0] + [0.9] * (len(heads) - 3) if three else [1.0, 1.1, 1.4, 2.2, 1.2, 1.8, 1.0]
    s = Sheet(form["title"], f"（{form['year']}年度）", "", f"单位：{form['unit']}", widths)
    r = 0
    if "project" in form:
        s.add(Cell(r, 0, "项目名称", kind="label", align="center"))
        s.add(Cell(r, 1, form["project"], colspan=ncol - 1, field="project"))
        r += 1
        half = (ncol - 1) // 2
        s.add(Cell(r, 0, "主管部门", kind="label", align="center"))
        s.add(Cell(r, 1, form["supervisor"], colspan=half, field="supervisor"))
        s.add(Cell(r, 1 + half, "实施单位", kind="label", align="center"))
        s.add(Cell(r, 2 + half, form["implementer"], colspan=ncol - 2 - half, field="implementer"))
    else:
        s.add(Cell(r, 0, "部门名称", kind="label", align="center"))
        s.add(Cell(r, 1, form["entity"], colspan=ncol - 1, field="entity"))
    r += 1
    s.add(Cell(r, 0, "年度总体目标", kind="label", align="center"))
    s.add(Cell(r, 1, form["goal"], colspan=ncol - 1, field="goal.expected"))
    r += 1
    inds = form["indicators"]
    s.add(Cell(r, 0, "绩效指标", rowspan=1 + len(inds), kind="label", align="center"))
    for c, h in enumerate(heads, start=1):
        s.add(Cell(r, c, h, kind="header", align="center"))
    first = r + 1
    for level, col in ((0, 1), (1, 2)):
        for a, b in _runs([tuple(i[:level + 1]) for i in inds]):
            s.add(Cell(first + a, col, inds[a][level], rowspan=b - a + 1, align="center",
                       field=f"indicators[{a}].level{level + 1}"))
    for k, ind in enumerate(inds):
        row = first + k
        s.add(Cell(row, 3, ind[2], field=f"indicators[{k}].name"))
        for c, text in enumerate(ind[3:], start=4):
            s.add(Cell(row, c, text, field=f"indicators[{k}].target" if c == 4 else None,
                       align="center"))
    return s


def render(form, kind, write=True):
    name = f"{form['id']}.{kind}.pdf"
    path = os.path.join(OUT, name)
    sheet = sheet_of(form)
    if kind == "rl":
        if write:
            render_reportlab.render(sheet, path, render_reportlab.Style("ttf", 9.5, True))
        how = "reportlab, A4 landscape, WenQuanYi Zen Hei 9.5pt embedded, ruled"
    else:
        if write:
            render_office.render_calc(sheet, path, "Noto Sans CJK SC", 10, False,
                                      width_chars=110)
        how = "xlsx (openpyxl) printed by LibreOffice Calc, A4 portrait, Noto Sans CJK SC 10pt"
    return {"pdf": name, "truth": f"{form['id']}.json", "variant": kind, "form": form["form"],
            "notes": how}


def bundle(entries):
    """A self-evaluation between the two target tables: three documents, three kinds."""
    write_bundle()
    bundle_entries(entries)


def write_bundle():
    parts = [os.path.join(OUT, "tgt-proj-jtys-2025.rl.pdf"),
             os.path.join(ROOT, "samples", "proj-xddb-2021.lo.pdf"),
             os.path.join(OUT, "tgt-dept-sfj-2025.xls.pdf")]
    out = pikepdf.new()
    for p in parts:
        with pikepdf.open(p) as src:
            out.pages.extend(src.pages)
    out.save(os.path.join(OUT, "bundle-targets.pdf"))


def bundle_entries(entries):
    truths = ["tgt-proj-jtys-2025.json", "../proj-xddb-2021.json", "tgt-dept-sfj-2025.json"]
    kinds = ["project_target", "project", "department_target"]
    for n, (t, k) in enumerate(zip(truths, kinds), start=1):
        pdf = "bundle-targets.pdf" if n == 1 else f"bundle-targets-{n}.pdf"
        entries.append({"pdf": pdf, "truth": t, "variant": "bundle", "form": k,
                        "notes": f"form {n} of bundle-targets.pdf"})


def main():
    os.makedirs(OUT, exist_ok=True)
    only = set(sys.argv[1:])
    entries = []
    for form in FORMS:
        with open(os.path.join(OUT, f"{form['id']}.json"), "w", encoding="utf-8") as f:
            json.dump(truth_of(form), f, ensure_ascii=False, indent=1)
            f.write("\n")
        write = not only or form["id"] in only
        for kind in ("rl", "xls"):
            entries.append(render(form, kind, write))
            if write:
                print(entries[-1]["pdf"], flush=True)
    if not only:
        bundle(entries)
    else:
        bundle_entries(entries)
    with open(os.path.join(OUT, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(entries, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
