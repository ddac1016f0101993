#!/usr/bin/env python3
"""Build the bundle samples (samples/bundles/) from our own one-form samples.

Published forms come bundled: a cover or notice page, a prose report, then one
form after another. This script makes such files from samples/*.pdf and
samples/text/*.txt, plus pages of prose and a table of another kind drawn with
reportlab (built-in CID font STSong-Light, no font file needed):

- bundle-mixed.pdf: a prose cover page, four forms of both templates from three
  producers (each form's table crosses pages), a prose report page between the
  second and the third form;
- bundle-samepage.pdf: three forms where each ends on the page the next one
  starts on (the last page of one form and the first page of the next drawn on
  one taller page, so neither is scaled);
- bundle-two.txt: a text rendition holding two forms after a cover paragraph;
- bundle-unread.pdf: forms no template reads (a 项目支出绩效自评表 title over a
  ruled table of another kind's labels: 考核维度, 评分细则 …) first and between
  readable forms, so the read forms keep their place among all the forms
  found (`form_index` 3 and 5); unread-manifest.json lists every form of it
  in file order with its pages, and for a read form its truth;
- not-forms/notice.pdf (4 pages of a notice that names 项目支出绩效自评表 in
  prose), not-forms/report.pdf (a prose 绩效自评报告 without tables),
  not-forms/juesuan.pdf (a ruled 收入支出决算总表, a table of another kind).

manifest.json lists each bundled form for ../shared/tools/score.py (`pdf` is
`<bundle>.pdf` for the first form, `<bundle>-<n>.pdf` for the n-th, as
`evalform extract -o DIR` names its outputs), with the one-form sample it was
taken from (`alone`) and its pages in the bundle (`page_range`).
not-forms.json lists the non-forms with a phrase their error must contain.

usage: python3 scripts/gen-bundles.py   (needs pikepdf, pymupdf, reportlab)
"""
import json
import os
import sys

import pikepdf
import pymupdf
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.path.join(ROOT, "samples")
OUT = os.path.join(SAMPLES, "bundles")
FONT = "STSong-Light"

NOTICE = (
    "关于做好2022年度预算绩效自评工作的通知",
    [
        "各区属单位：",
        "为全面实施预算绩效管理，根据《中华人民共和国预算法》和有关规定，现就做好2022年度"
        "预算绩效自评工作通知如下。",
        "一、自评范围。纳入2022年度部门预算的全部项目支出和部门整体支出均应开展绩效自评。",
        "二、填报要求。单位应当如实填报项目支出绩效自评表，并于规定时间内报送；部门整体支出"
        "绩效自评表由主管部门汇总填报。自评得分应与佐证材料相符，不得虚报。",
        "三、时间安排。各单位于3月31日前完成自评，4月15日前报送区财政局，逾期未报的视为未完成。",
        "四、结果应用。自评结果将作为以后年度预算安排的重要参考，并按规定向社会公开。",
        "五、工作要求。各单位要高度重视，明确专人负责，加强对自评工作的组织和指导，"
        "确保自评结果真实、准确、完整。",
    ],
)

REPORT = (
    "2022年度部门整体支出绩效自评报告",
    [
        "一、部门基本情况。本部门主要职责是统筹推进辖区内有关公共服务工作，内设机构六个，"
        "下属事业单位三个。",
        "二、预算执行情况。全年预算安排资金按计划拨付使用，预算执行进度总体符合要求，"
        "年末结余资金已按规定收回。",
        "三、绩效目标完成情况。年初设定的各项目标基本完成，服务对象满意度保持较高水平。",
        "四、存在的问题。部分项目前期论证不够充分，绩效指标设置的可衡量性有待提高。",
        "五、改进措施。下一步将加强项目储备和事前绩效评估，完善指标体系，强化结果应用。",
    ],
)

COVER = (
    "2022年度预算绩效自评结果公开",
    [
        "根据预算信息公开的有关要求，现将本部门2022年度部门整体支出和所属项目的绩效自评结果"
        "予以公开，包括部门整体支出绩效自评表和项目支出绩效自评表。",
        "公开内容由各预算单位自行填报，本部门审核汇总。如有疑问，请与本部门财务科联系。",
    ],
)


def register():
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def wrap(text, width, size):
    lines, cur = [], ""
    for ch in text:
        if cur and pdfmetrics.stringWidth(cur + ch, FONT, size) > width and ch not in "，。；：、）":
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    if cur:
        lines.append(cur)
    return lines


def prose_pdf(path, title, paragraphs, pagesize, pages=1):
    """Pages of prose: a title, then paragraphs (repeated to fill `pages` pages)."""
    w, h = pagesize
    c = canvas.Canvas(path, pagesize=pagesize, invariant=True)
    for p in range(pages):
        y = h - 72
        if p == 0:
            c.setFont(FONT, 16)
            c.drawCentredString(w / 2, y, title)
            y -= 40
        c.setFont(FONT, 11)
        for para in paragraphs:
            for line in wrap("　　" + para, w - 144, 11):
                c.drawString(72, y, line)
                y -= 18
            y -= 8
        c.setFont(FONT, 9)
        c.drawCentredString(w / 2, 40, f"第{p + 1}页")
        c.showPage()
    c.save()


def juesuan_pdf(path):
    """A ruled 收入支出决算总表: a table, but not a self-evaluation form."""
    w, h = A4
    c = canvas.Canvas(path, pagesize=A4, invariant=True)
    c.setFont(FONT, 16)
    c.drawCentredString(w / 2, h - 72, "收入支出决算总表")
    c.setFont(FONT, 10)
    c.drawString(60, h - 100, "编制单位：某区民政局")
    c.drawRightString(w - 60, h - 100, "单位：万元")
    rows = [
        ("收入", "", "支出", ""),
        ("项目", "决算数", "项目", "决算数"),
        ("一、一般公共预算财政拨款收入", "8736.50", "一、一般公共服务支出", "1203.40"),
        ("二、政府性基金预算财政拨款收入", "0.00", "二、社会保障和就业支出", "7421.16"),
        ("三、上级补助收入", "0.00", "三、卫生健康支出", "98.30"),
        ("四、事业收入", "0.00", "四、住房保障支出", "13.64"),
        ("本年收入合计", "8736.50", "本年支出合计", "8736.50"),
    ]
    xs = [60, 230, 300, 470, w - 60]
    top, rh = h - 110, 24
    for i in range(len(rows) + 1):
        c.line(xs[0], top - i * rh, xs[-1], top - i * rh)
    for x in xs:
        c.line(x, top, x, top - len(rows) * rh)
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            c.drawString(xs[j] + 4, top - i * rh - 16, text)
    c.showPage()
    c.save()


UNREAD_ROWS = [
    ("考核维度", "考核要点", "评分细则", "佐证材料"),
    ("组织管理", "制度健全", "制度完善得满分", "制度文件"),
    ("过程管控", "按时推进", "延期一月扣一半", "进度台账"),
    ("档案管理", "资料齐全", "缺一项扣一分", "归档清单"),
    ("公开公示", "及时公开", "未公开不得分", "公开截图"),
]


def unread_form_pdf(path, title, unit):
    """A form no template reads: a 绩效自评表 title over a ruled table whose
    labels are another kind's (考核维度, 评分细则 …), not a self-evaluation's."""
    w, h = A4
    c = canvas.Canvas(path, pagesize=A4, invariant=True)
    c.setFont(FONT, 16)
    c.drawCentredString(w / 2, h - 72, title)
    c.setFont(FONT, 10)
    c.drawString(60, h - 100, f"填报单位：{unit}")
    xs = [60, 160, 260, 420, w - 60]
    top, rh = h - 110, 26
    for i in range(len(UNREAD_ROWS) + 1):
        c.line(xs[0], top - i * rh, xs[-1], top - i * rh)
    for x in xs:
        c.line(x, top, x, top - len(UNREAD_ROWS) * rh)
    for i, row in enumerate(UNREAD_ROWS):
        for j, text in enumerate(row):
            c.drawString(xs[j] + 4, top - i * rh - 17, text)
    c.showPage()
    c.save()


def content_bottom(path, index):
    """Lowest point (top-origin points) of anything drawn on a page."""
    page = pymupdf.open(path)[index]
    ys = [b[3] for b in page.get_text("blocks")]
    ys += [d["rect"].y1 for d in page.get_drawings()]
    return max(ys) if ys else 0.0


def join_pages(pdf, upper, lower, upper_height):
    """A new page: the top `upper_height` points of `upper` above all of
    `lower`, at their own scale (the page is as tall as both)."""
    w = float(lower.mediabox[2])
    h_lower = float(lower.mediabox[3])
    h_upper = float(upper.mediabox[3])
    height = upper_height + h_lower
    up = pdf.copy_foreign(upper.as_form_xobject())
    low = pdf.copy_foreign(lower.as_form_xobject())
    content = (
        f"q 0 {h_lower:.2f} {w:.2f} {upper_height:.2f} re W n "
        f"1 0 0 1 0 {height - h_upper:.2f} cm /Up Do Q\n"
        f"q 0 0 {w:.2f} {h_lower:.2f} re W n /Low Do Q\n"
    ).encode()
    page = pikepdf.Page(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, w, height],
            Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Up=up, Low=low)),
            Contents=pdf.make_stream(content),
        )
    )
    return page


def bundle(path, parts):
    """Concatenate pages: each part is (file, [page indices]) or a ready pikepdf.Page."""
    out = pikepdf.new()
    keep = []
    for part in parts:
        if isinstance(part, pikepdf.Page):
            out.pages.append(part)
            continue
        src = pikepdf.open(part[0])
        keep.append(src)
        for i in part[1]:
            out.pages.append(src.pages[i])
    out.save(path, deterministic_id=True)


def sample(name):
    return os.path.join(SAMPLES, name)


def main():
    register()
    os.makedirs(os.path.join(OUT, "not-forms"), exist_ok=True)
    tmp = os.path.join(OUT, ".tmp")
    os.makedirs(tmp, exist_ok=True)
    manifest = []

    with open(os.path.join(SAMPLES, "manifest.json"), encoding="utf-8") as f:
        split_cells = {e["pdf"]: e.get("split_cells", []) for e in json.load(f)}

    def entry(bundle_name, n, alone, truth, first, last):
        stem = os.path.splitext(bundle_name)[0]
        manifest.append({
            "pdf": bundle_name if n == 1 else f"{stem}-{n}{os.path.splitext(bundle_name)[1]}",
            "truth": f"../{truth}",
            "file": bundle_name,
            "form_index": n,
            "page_range": [first, last],
            "alone": f"../{alone}",
            "split_cells": split_cells.get(alone, []),
        })

    # bundle-mixed.pdf: landscape A4 throughout.
    cover = os.path.join(tmp, "cover.pdf")
    report = os.path.join(tmp, "report.pdf")
    prose_pdf(cover, *COVER, landscape(A4))
    prose_pdf(report, *REPORT, landscape(A4))
    forms = [
        ("gz-tianhe-wgly-2022.lo.pdf", "gz-tianhe-wgly-2022.json"),
        ("proj-xddb-2021.lo.pdf", "proj-xddb-2021.json"),
        ("proj-lygtnt-2022.xls.pdf", "proj-lygtnt-2022.json"),
        ("gz-panyu-swj-2021.fakebold.pdf", "gz-panyu-swj-2021.json"),
    ]
    parts = [(cover, [0])]
    page = 2
    for n, (pdf, truth) in enumerate(forms, start=1):
        if n == 3:
            parts.append((report, [0]))
            page += 1
        count = len(pikepdf.open(sample(pdf)).pages)
        parts.append((sample(pdf), list(range(count))))
        entry("bundle-mixed.pdf", n, pdf, truth, page, page + count - 1)
        page += count
    bundle(os.path.join(OUT, "bundle-mixed.pdf"), parts)

    # bundle-samepage.pdf: portrait A4; each form starts on the page where the
    # one before it ends.
    chain = [
        ("gz-panyu-swj-2021.cid.pdf", "gz-panyu-swj-2021.json"),
        ("proj-lygtnt-2022.cid.pdf", "proj-lygtnt-2022.json"),
        ("proj-xddb-2021.xls.pdf", "proj-xddb-2021.json"),
    ]
    out = pikepdf.new()
    srcs = [pikepdf.open(sample(p)) for p, _ in chain]
    page = 1
    carry = None  # (source index, page index) of the last page still to place
    for k, src in enumerate(srcs):
        count = len(src.pages)
        first = page
        for i in range(count):
            if i == 0 and carry is not None:
                ck, ci = carry
                upper = srcs[ck].pages[ci]
                cut = content_bottom(sample(chain[ck][0]), ci) + 12
                out.pages.append(join_pages(out, upper, src.pages[0], cut))
                page += 1
                continue
            if i == count - 1 and k + 1 < len(srcs):
                carry = (k, i)
                continue
            out.pages.append(src.pages[i])
            page += 1
        last = page if k + 1 < len(srcs) else page - 1
        entry("bundle-samepage.pdf", k + 1, chain[k][0], chain[k][1], first, last)
    out.save(os.path.join(OUT, "bundle-samepage.pdf"), deterministic_id=True)

    # bundle-two.txt: a cover paragraph, then two renditions.
    texts = []
    for name in ["proj-xddb-2021.txt", "gz-panyu-swj-2021.txt"]:
        with open(os.path.join(SAMPLES, "text", name), encoding="utf-8") as f:
            texts.append(f.read().strip("\n"))
    cover_text = COVER[0] + "\n\n" + "\n".join(COVER[1]) + "\n\n"
    with open(os.path.join(OUT, "bundle-two.txt"), "w", encoding="utf-8") as f:
        f.write(cover_text + "\n\n\f".join(texts) + "\n")
    text_manifest = [
        {"pdf": "bundle-two.txt", "truth": "../proj-xddb-2021.json", "file": "bundle-two.txt",
         "form_index": 1, "alone": "../text/proj-xddb-2021.txt"},
        {"pdf": "bundle-two-2.txt", "truth": "../gz-panyu-swj-2021.json", "file": "bundle-two.txt",
         "form_index": 2, "alone": "../text/gz-panyu-swj-2021.txt"},
    ]

    # bundle-unread.pdf: unread forms first and between the read ones.
    unread_titles = [
        ("2022年度项目支出绩效自评表（考核细则）", "某区民政局"),
        ("2022年度项目支出绩效自评表（考核细则续）", "某区民政局"),
        ("2022年度项目支出绩效自评表（专项考核）", "某区文化广电旅游体育局"),
    ]
    unread_pdfs = []
    for k, (title, unit) in enumerate(unread_titles):
        one = os.path.join(tmp, f"unread{k}.pdf")
        unread_form_pdf(one, title, unit)
        unread_pdfs.append((one, title))
    order = [
        unread_pdfs[0],
        unread_pdfs[1],
        ("proj-xddb-2021.lo.pdf", "proj-xddb-2021.json"),
        unread_pdfs[2],
        ("gz-tianhe-wgly-2022.xls.pdf", "gz-tianhe-wgly-2022.json"),
    ]
    parts, unread_manifest, page = [], [], 1
    for n, (pdf, about) in enumerate(order, start=1):
        read = not os.path.isabs(pdf)
        src = sample(pdf) if read else pdf
        count = len(pikepdf.open(src).pages)
        parts.append((src, list(range(count))))
        item = {"form_index": n, "page_range": [page, page + count - 1], "read": read}
        if read:
            item["truth"] = f"../{about}"
            item["alone"] = f"../{pdf}"
        else:
            item["title"] = about
        unread_manifest.append(item)
        page += count
    bundle(os.path.join(OUT, "bundle-unread.pdf"), parts)

    # Not forms.
    nf = os.path.join(OUT, "not-forms")
    prose_pdf(os.path.join(nf, "notice.pdf"), *NOTICE, A4, pages=4)
    prose_pdf(os.path.join(nf, "report.pdf"), *REPORT, A4, pages=2)
    juesuan_pdf(os.path.join(nf, "juesuan.pdf"))
    not_forms = [
        {"file": "notice.pdf", "reason": "page 1 mentions 项目支出绩效自评表 in its text"},
        {"file": "report.pdf", "reason": "none holds a ruled table"},
        {"file": "juesuan.pdf", "reason": "no table opens a form"},
    ]

    for name in os.listdir(tmp):
        os.remove(os.path.join(tmp, name))
    os.rmdir(tmp)
    for name, data in [("manifest.json", manifest), ("text-manifest.json", text_manifest),
                       ("not-forms.json", not_forms), ("unread-manifest.json", unread_manifest)]:
        with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")
    print(f"wrote {len(manifest)} bundled PDF forms, {len(text_manifest)} text forms, "
          f"{len(not_forms)} non-forms to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
