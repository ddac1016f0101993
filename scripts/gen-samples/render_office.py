"""Render a Sheet through LibreOffice: HTML → Writer → PDF, and xlsx → Calc → PDF.

Writer's HTML import ignores CSS page rules, so the HTML is first converted to
ODT, the page layout in styles.xml is set (A4, orientation, margins), and the
ODT is then printed to PDF. The xlsx carries its own print setup.
"""
import html
import os
import re
import shutil
import subprocess
import tempfile
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter


def soffice(args, workdir):
    """Run headless LibreOffice with a private profile (no clash with other instances)."""
    profile = os.path.join(workdir, "lo-profile")
    cmd = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", *args]
    subprocess.run(cmd, cwd=workdir, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=300)


def sheet_html(sheet, font, size):
    """The form as an HTML page: title block, one bordered table, contacts line."""
    td = f"border:1px solid #000;padding:2pt;font-family:'{font}';font-size:{size}pt"
    total = sum(sheet.widths)
    out = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>{html.escape(sheet.title)}</title></head>",
        f"<body style=\"font-family:'{font}';font-size:{size}pt\">",
        f"<p align='center' style=\"font-family:'{font}';font-size:{size * 1.8:.0f}pt\"><b>"
        f"{html.escape(sheet.title)}</b></p>",
        f"<p align='center' style=\"font-family:'{font}';font-size:{size}pt\">{html.escape(sheet.subtitle)}</p>",
        "<table width='100%' cellspacing='0'><tr>",
        f"<td style=\"font-family:'{font}';font-size:{size}pt\">{html.escape(sheet.head_left)}</td>",
        f"<td align='right' style=\"font-family:'{font}';font-size:{size}pt\">{html.escape(sheet.head_right)}"
        "</td></tr></table>",
        "<table width='100%' cellspacing='0' cellpadding='3' border='1' style='border-collapse:collapse'>",
    ]
    for w in sheet.widths:
        out.append(f"<col width='{100 * w / total:.1f}%'>")
    by_row = {}
    for c in sheet.cells:
        by_row.setdefault(c.row, []).append(c)
    for r in range(sheet.nrows):
        out.append("<tr>")
        for c in sorted(by_row.get(r, []), key=lambda c: c.col):
            text = html.escape(c.text)
            if c.kind != "value":
                text = f"<b>{text}</b>"
            spans = (f" rowspan='{c.rowspan}'" if c.rowspan > 1 else "") + \
                    (f" colspan='{c.colspan}'" if c.colspan > 1 else "")
            # Writer loses the overflow of a vertically centred merged cell cut by a page break
            valign = "middle" if c.align == "center" and c.rowspan == 1 else "top"
            out.append(f"<td{spans} align='{c.align}' valign='{valign}' style=\"{td}\">{text}</td>")
        out.append("</tr>")
    out.append("</table>")
    foot = "&nbsp;&nbsp;&nbsp;&nbsp;".join(
        f"{html.escape(label)}{html.escape(value)}" for label, value, _ in sheet.footer)
    out.append(f"<p style=\"font-family:'{font}';font-size:{size}pt\">{foot}</p></body></html>")
    return "\n".join(out)


def set_page_layout(odt, landscape, margin_cm):
    """Rewrite the ODT's default page layout: A4, orientation, margins."""
    w, h = ("29.7cm", "21cm") if landscape else ("21cm", "29.7cm")
    orient = "landscape" if landscape else "portrait"
    tmp = odt + ".tmp"
    with zipfile.ZipFile(odt) as zin, zipfile.ZipFile(tmp, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "styles.xml":
                data = _patch_page_props(data.decode("utf-8"), w, h, orient, margin_cm).encode("utf-8")
            comp = zipfile.ZIP_STORED if item.filename == "mimetype" else zipfile.ZIP_DEFLATED
            zout.writestr(item, data, compress_type=comp)
    os.replace(tmp, odt)


def _patch_page_props(xml, w, h, orient, margin_cm):
    def fix(m):
        tag = m.group(0)
        for attr, val in (("fo:page-width", w), ("fo:page-height", h), ("style:print-orientation", orient),
                          ("fo:margin-top", f"{margin_cm}cm"), ("fo:margin-bottom", f"{margin_cm}cm"),
                          ("fo:margin-left", f"{margin_cm}cm"), ("fo:margin-right", f"{margin_cm}cm")):
            if f'{attr}="' in tag:
                tag = re.sub(rf'{attr}="[^"]*"', f'{attr}="{val}"', tag)
            else:
                tag = tag.replace("<style:page-layout-properties", f'<style:page-layout-properties {attr}="{val}"', 1)
        return tag
    return re.sub(r"<style:page-layout-properties[^>]*>", fix, xml)


def render_writer(sheet, pdf_path, font, size, landscape, margin_cm=1.5):
    """HTML imported by Writer, page set up, printed to PDF."""
    with tempfile.TemporaryDirectory() as work:
        src = os.path.join(work, "form.html")
        with open(src, "w", encoding="utf-8") as f:
            f.write(sheet_html(sheet, font, size))
        soffice(["--infilter=HTML (StarWriter)", "--convert-to", "odt", "--outdir", work, src], work)
        odt = os.path.join(work, "form.odt")
        set_page_layout(odt, landscape, margin_cm)
        soffice(["--convert-to", "pdf:writer_pdf_Export", "--outdir", work, odt], work)
        shutil.copyfile(os.path.join(work, "form.pdf"), pdf_path)


THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def sheet_xlsx(sheet, path, font, size, landscape, width_chars):
    """The form as a spreadsheet: merged cells, wrap, borders, row heights estimated from text."""
    wb = Workbook()
    ws = wb.active
    ws.title = "自评表"
    total = sum(sheet.widths)
    ncols = len(sheet.widths)
    widths = [width_chars * w / total for w in sheet.widths]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.cell(1, 1, sheet.title).font = Font(name=font, size=size * 1.8, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.row_dimensions[1].height = size * 3
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
    ws.cell(2, 1, sheet.subtitle).font = Font(name=font, size=size)
    ws.cell(2, 1).alignment = Alignment(horizontal="center")
    ws.cell(3, 1, sheet.head_left).font = Font(name=font, size=size)
    ws.cell(3, ncols, sheet.head_right).font = Font(name=font, size=size)
    ws.cell(3, ncols).alignment = Alignment(horizontal="right")
    top = 4
    lines_needed = {}
    for c in sheet.cells:
        r, col = top + c.row, 1 + c.col
        cell = ws.cell(r, col, c.text)  # text, not numbers: '0.00' and '1,234.50' print as given
        cell.font = Font(name=font, size=size, bold=c.kind != "value")
        cell.alignment = Alignment(horizontal=c.align, vertical="center", wrap_text=True)
        for rr in range(r, r + c.rowspan):
            for cc in range(col, col + c.colspan):
                ws.cell(rr, cc).border = BOX
        if c.rowspan > 1 or c.colspan > 1:
            ws.merge_cells(start_row=r, start_column=col, end_row=r + c.rowspan - 1,
                           end_column=col + c.colspan - 1)
        chars_per_line = max(1.0, sum(widths[c.col:c.col + c.colspan]) / 2.1)
        lines = sum(max(1, -(-_display_len(part) // int(chars_per_line))) for part in c.text.split("\n"))
        per_row = lines / c.rowspan
        for rr in range(r, r + c.rowspan):
            lines_needed[rr] = max(lines_needed.get(rr, 1), per_row)
    for r, n in lines_needed.items():
        ws.row_dimensions[r].height = min(409, n * size * 1.45 + 4)
    foot = top + sheet.nrows + 1
    text = "    ".join(f"{label}{value}" for label, value, _ in sheet.footer)
    ws.cell(foot, 1, text).font = Font(name=font, size=size)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    for side in ("left", "right", "top", "bottom"):
        setattr(ws.page_margins, side, 0.5)
    wb.save(path)


def _display_len(text):
    """Width of text in half-width character units (CJK counts 2)."""
    return sum(1 if ord(ch) < 128 else 2 for ch in text) / 2


def render_calc(sheet, pdf_path, font, size, landscape, width_chars=150):
    with tempfile.TemporaryDirectory() as work:
        src = os.path.join(work, "form.xlsx")
        sheet_xlsx(sheet, src, font, size, landscape, width_chars)
        soffice(["--convert-to", "pdf:calc_pdf_Export", "--outdir", work, src], work)
        shutil.copyfile(os.path.join(work, "form.pdf"), pdf_path)
