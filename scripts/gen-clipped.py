#!/usr/bin/env python3
"""Clipped-label samples: tables whose labels are wider than their cells.

reportlab.pdf: each cell's text drawn inside a clipping path of the cell
(`W n`), so a label runs on past its border and a viewer cuts it there; the
neighbour has text of its own. lo.pdf: the same table typed in LibreOffice
Calc (a long label next to a filled cell is cut at the border), exported to
PDF. Truth (clipped.json) is the generator's own data: each row's cells, in
order, as typed (as shown, for the labels Calc cuts).

Usage: scripts/gen-clipped.py OUT_DIR
"""
import json
import os
import subprocess
import sys
import tempfile

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

ROWS = [
    ["一级指标", "二级指标", "指标值", "得分"],
    ["产出指标", "项目资金使用合规性评价情况", "100%", "10"],
    ["产出指标", "专项资金到位率及支出进度", "98.5%", "9.5"],
    ["效益指标", "社会公众及服务对象满意度调查", "≥90%", "10"],
    ["效益指标", "群众就医负担减轻程度", "明显减轻", "8"],
    ["满意度指标", "受益群众对项目实施效果的满意度", "95%", "20"],
]
WIDTHS = [70, 90, 70, 50]
ROW_H = 24
SIZE = 11


def reportlab_pdf(path):
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(path, pagesize=A4)
    x0, top = 60, 760
    c.setFont("STSong-Light", 14)
    c.drawString(x0, top + 20, "项目支出绩效自评表")
    for r, row in enumerate(ROWS):
        y = top - (r + 1) * ROW_H
        x = x0
        for w, text in zip(WIDTHS, row):
            c.rect(x, y, w, ROW_H, stroke=1, fill=0)
            c.saveState()
            p = c.beginPath()
            p.rect(x, y, w, ROW_H)
            c.clipPath(p, stroke=0, fill=0)
            c.setFont("STSong-Light", SIZE)
            c.drawString(x + 3, y + 8, text)
            c.restoreState()
            x += w
    c.showPage()
    c.save()


# The Calc table: rows 2 and 4 leave the cell after the long label empty, so
# Calc lets the label run on across it; the others cut it at the border, and
# Calc writes only what shows.
LO_ROWS = [
    ["一级指标", "二级指标", "指标值", "得分"],
    ["产出指标", "项目资金使用合规性评价情况", "", "10"],
    ["产出指标", "专项资金到位率及支出进度", "98.5%", "9.5"],
    ["效益指标", "社会公众及服务对象满意度调查", "", "10"],
    ["效益指标", "群众就医负担减轻程度", "明显减轻", "8"],
]
# What the page shows of each cut label (Calc drops the rest from the file).
LO_TRUTH = [
    LO_ROWS[0],
    LO_ROWS[1],
    ["产出指标", "专项资金到位率及支", "98.5%", "9.5"],
    LO_ROWS[3],
    ["效益指标", "群众就医负担减轻程", "明显减轻", "8"],
]


def fods(path):
    cols = "".join(
        f'<table:table-column table:style-name="co{i}"/>' for i in range(len(WIDTHS))
    )
    styles = "".join(
        f'<style:style style:name="co{i}" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{w / 72 * 2.54:.2f}cm"/></style:style>'
        for i, w in enumerate(WIDTHS)
    )
    cell = (
        '<table:table-cell table:style-name="ce1" office:value-type="string">'
        "<text:p>{}</text:p></table:table-cell>"
    )
    empty = '<table:table-cell table:style-name="ce1"/>'
    rows = "".join(
        "<table:table-row>" + "".join(cell.format(t) if t else empty for t in row) + "</table:table-row>"
        for row in LO_ROWS
    )
    doc = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>{styles}
<style:style style:name="ce1" style:family="table-cell">
<style:table-cell-properties fo:border="0.5pt solid #000000"/>
<style:text-properties fo:font-size="{SIZE}pt"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet><table:table table:name="Sheet1">{cols}{rows}</table:table>
</office:spreadsheet></office:body></office:document>"""
    with open(path, "w", encoding="utf-8") as f:
        f.write(doc)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    reportlab_pdf(os.path.join(out, "clipped.reportlab.pdf"))
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "clipped.lo.fods")
        fods(src)
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, src],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        os.replace(os.path.join(tmp, "clipped.lo.pdf"), os.path.join(out, "clipped.lo.pdf"))
    with open(os.path.join(out, "clipped.json"), "w", encoding="utf-8") as f:
        json.dump(
            {
                "note": "Truth is the generator's data: each label as typed (reportlab), and "
                "for Calc what its page shows: a label next to an empty cell runs on across it "
                "whole, one next to a filled cell is cut at the border and Calc writes only "
                "the part shown.",
                "reportlab": ROWS,
                "lo": LO_TRUTH,
            },
            f,
            ensure_ascii=False,
            indent=1,
        )
        f.write("\n")


if __name__ == "__main__":
    main()
