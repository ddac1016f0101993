"""Draw a Sheet with reportlab: own table layout, own page breaks, own rulings.

The table is first laid out on one endless strip (virtual y grows downwards).
Pages are windows on that strip. A text line is drawn on the first page whose
window holds it whole; a line cut by the window's bottom moves to the next
page, whose window starts at that line's top. So rows are cut mid-text, merged
cells straddle breaks, and the section header row (主要任务 … / 一级指标 …) is
repeated at the top of a page that starts inside its section.
"""
import os
import re
import sys
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

WQY = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
NO_LINE_START = set("，。、；：？！）》”’%．,.;:)")
PAD = 3.0
FAKE_BOLD_DX = 0.3


@dataclass
class Style:
    """How one reportlab variant looks."""
    font: str            # "cid" (STSong-Light, not embedded) or "ttf" (WenQuanYi Zen Hei, embedded)
    size: float
    landscape: bool
    margin: float = 36.0
    bold: str = "stroke"  # how labels are emphasised: "stroke" (Tr 2) or "double" (fake bold)
    rulings: bool = True  # False: no lines at all (a borderless table, as exported without borders)
    valign: str = "middle"  # "middle" (Excel/WPS centre text in its cell) or "top"
    close_cut: bool = True  # False: a cell cut by a page break has no bottom line on the first page


@dataclass
class Line:
    cell: object
    text: str
    x: float
    top: float
    bottom: float


def register_font(kind):
    if kind == "cid":
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        return "STSong-Light"
    pdfmetrics.registerFont(TTFont("WenQuanYiZenHei", WQY, subfontIndex=0))
    return "WenQuanYiZenHei"


def tokens(text):
    """Break units: one CJK character, or a run of ASCII letters/digits/signs."""
    out, run = [], ""
    for ch in text:
        if ord(ch) < 128 and not ch.isspace():
            run += ch
            continue
        if run:
            out.append(run)
            run = ""
        out.append(ch)
    if run:
        out.append(run)
    return out


def wrap(text, width, font, size):
    """Greedy line breaking; closing punctuation never starts a line; `\n` breaks a line."""
    if "\n" in text:
        return [ln for part in text.split("\n") for ln in wrap(part, width, font, size)]
    lines, cur = [], ""
    for tok in _fitting(tokens(text), width, font, size):
        w = pdfmetrics.stringWidth(cur + tok, font, size)
        if cur and w > width and tok[0] not in NO_LINE_START:
            lines.append(cur)
            cur = tok
        else:
            cur += tok
    if cur or not lines:
        lines.append(cur)
    return lines


BROKEN_RUNS = []  # runs wider than their cell in the last layout (reported by the driver)


def _fitting(toks, width, font, size):
    """Split a run wider than the whole line into characters, so nothing overflows its cell."""
    for tok in toks:
        if len(tok) > 1 and pdfmetrics.stringWidth(tok, font, size) > width:
            BROKEN_RUNS.append(tok)
            yield from tok
        else:
            yield tok


class Layout:
    """Cell geometry and text lines of a Sheet on the endless strip."""

    def __init__(self, sheet, font, size, table_width, x0, valign="middle"):
        self.sheet, self.font, self.size, self.valign = sheet, font, size, valign
        self.leading = size * 1.3
        total = sum(sheet.widths)
        self.colx = [x0]
        for w in sheet.widths:
            self.colx.append(self.colx[-1] + table_width * w / total)
        self.wrapped = {id(c): wrap(c.text, self._width(c) - 2 * PAD, font, size) for c in sheet.cells}
        self.rowy = self._row_positions()
        self.lines = [ln for c in sheet.cells for ln in self._cell_lines(c)]

    def _width(self, c):
        return self.colx[c.col + c.colspan] - self.colx[c.col]

    def _need(self, c):
        return len(self.wrapped[id(c)]) * self.leading + 2 * PAD

    def _row_positions(self):
        heights = [self.leading + 2 * PAD] * self.sheet.nrows
        for c in sorted(self.sheet.cells, key=lambda c: c.rowspan):
            rows = range(c.row, c.row + c.rowspan)
            deficit = self._need(c) - sum(heights[r] for r in rows)
            if deficit > 0:
                for r in rows:
                    heights[r] += deficit / c.rowspan
        ys = [0.0]
        for h in heights:
            ys.append(ys[-1] + h)
        return ys

    def box(self, c):
        """(left, top, right, bottom) of a cell on the strip."""
        return (self.colx[c.col], self.rowy[c.row], self.colx[c.col + c.colspan],
                self.rowy[c.row + c.rowspan])

    def _cell_lines(self, c):
        left, top, right, bottom = self.box(c)
        texts = self.wrapped[id(c)]
        y = top + (bottom - top - len(texts) * self.leading) / 2
        if self.valign == "top":
            y = top + PAD
        out = []
        for t in texts:
            w = pdfmetrics.stringWidth(t, self.font, self.size)
            x = {"left": left + PAD, "right": right - PAD - w}.get(c.align, left + (right - left - w) / 2)
            out.append(Line(c, t, x, y, y + self.leading))
            y += self.leading
        return out

    @property
    def height(self):
        return self.rowy[-1]


@dataclass
class Rendered:
    """What the layout knows about the PDF it wrote."""
    pages: int
    split: list                 # truth paths of cells whose lines landed on several pages
    merged: list                # merged cells whose box shows on several pages
    split_pages: dict           # split path → 1-based pages
    repeated_header_pages: list
    broken_runs: list           # ASCII runs that had to be broken per character to fit their cell


@dataclass
class Page:
    start: float       # strip y at the top of the table part of this page
    end: float         # strip y at the bottom of the window
    header_row: int | None  # repeated section header row drawn above the window


def paginate(layout, first_avail, avail, header_height):
    """Choose the page windows; each text line is assigned to exactly one page."""
    sheet, pages, start, n = layout.sheet, [], 0.0, 0
    while True:
        header = _header_for(sheet, layout, start) if n else None
        room = (first_avail if n == 0 else avail) - (header_height(header) if header is not None else 0)
        end = start + room
        if end >= layout.height:
            pages.append(Page(start, layout.height, header))
            return pages
        end = _not_inside_header(sheet, layout, start, end)
        cut = [ln.top for ln in layout.lines if ln.top < end < ln.bottom and ln.top >= start]
        pages.append(Page(start, end, header))
        start = min([end] + cut)
        n += 1


def _header_for(sheet, layout, y):
    for row, last in sheet.repeat_rows.items():
        if layout.rowy[row + 1] <= y < layout.rowy[last + 1]:
            return row
    return None


def _not_inside_header(sheet, layout, start, end):
    for row in sheet.repeat_rows:
        top, bottom = layout.rowy[row], layout.rowy[row + 1]
        if top < end < bottom and top > start:
            return top
    return end


def assign_lines(layout, pages):
    """page index (0-based) for every line: the first window that holds it whole."""
    where = {}
    for i, p in enumerate(pages):
        for ln in layout.lines:
            if id(ln) not in where and ln.top >= p.start - 1e-6 and ln.bottom <= p.end + 1e-6:
                where[id(ln)] = i
    return where


def render(sheet, path, style):
    """Write the PDF; return (pages, split field paths, merged cells across breaks)."""
    font = register_font(style.font)
    size = style.size
    pw, ph = landscape(A4) if style.landscape else A4
    m = style.margin
    BROKEN_RUNS.clear()
    layout = Layout(sheet, font, size, pw - 2 * m, m, style.valign)
    title_block = 2.6 * size + 18 + 3 * layout.leading
    footer_h = 2.5 * layout.leading
    avail = ph - 2 * m

    def header_height(row):
        return layout.rowy[row + 1] - layout.rowy[row]

    pages = paginate(layout, avail - title_block, avail, header_height)
    where = assign_lines(layout, pages)
    c = canvas.Canvas(path, pagesize=(pw, ph), initialFontName=font, initialFontSize=size, invariant=True)
    c.setTitle(sheet.title)
    count = 0
    for i, page in enumerate(pages):
        top = ph - m
        if i == 0:
            top = _draw_title(c, sheet, font, size, pw, top, m, style)
        if page.header_row is not None:
            top = _draw_header_band(c, layout, page, top, style)
        if style.rulings:
            _draw_window(c, layout, page, top, style.close_cut)
        for ln in layout.lines:
            if where.get(id(ln)) == i:
                _text(c, ln.text, ln.x, top - (ln.bottom - page.start) + 0.28 * size, font, size,
                      style, ln.cell.kind != "value")
        y_after = top - (page.end - page.start)
        if i == len(pages) - 1:
            if y_after - footer_h < m:
                c.showPage()
                count += 1
                y_after = ph - m
            _draw_footer(c, sheet, font, size, m, y_after - 1.6 * layout.leading, style)
        c.showPage()
        count += 1
    c.save()
    return Rendered(count, split_fields(layout, where), merged_across(layout, pages),
                    split_pages(layout, where),
                    [i + 1 for i, p in enumerate(pages) if p.header_row is not None], list(BROKEN_RUNS))


# Where Latin-1 characters the CJK font cannot show are drawn instead, as word
# processors fall back to a Latin font for them.
FALLBACK_FONT = "Helvetica"
CMAP_PATHS = ("/usr/share/poppler/cMap/Adobe-GB1/UniGB-UCS2-H", "/var/lib/ghostscript/CMap/UniGB-UCS2-H")
_UCS2_COVERED = None


def _ucs2_covered():
    """Code ranges UniGB-UCS2-H maps to a CID (STSong-Light shows nothing for the others)."""
    global _UCS2_COVERED
    if _UCS2_COVERED is None:
        path = next((p for p in CMAP_PATHS if os.path.exists(p)), None)
        if path is None:
            sys.exit("gen-samples: UniGB-UCS2-H not found (apt-get install poppler-data)")
        ranges = []
        for line in open(path, encoding="latin-1"):
            m = re.match(r"<([0-9a-fA-F]{4})>\s*(?:<([0-9a-fA-F]{4})>)?\s*\d+\s*$", line.strip())
            if m:
                lo = int(m.group(1), 16)
                ranges.append((lo, int(m.group(2), 16) if m.group(2) else lo))
        _UCS2_COVERED = ranges
    return _UCS2_COVERED


def _shown_by(font, ch):
    """The font that draws `ch`: the CID font unless its CMap has no CID for it."""
    if font != "STSong-Light" or ord(ch) > 0xFF:
        return font
    code = ord(ch)
    if any(lo <= code <= hi for lo, hi in _ucs2_covered()) or code < 0x20:
        return font
    return FALLBACK_FONT


def _runs(text, font):
    runs = []
    for ch in text:
        f = _shown_by(font, ch)
        if runs and runs[-1][0] == f:
            runs[-1][1] += ch
        else:
            runs.append([f, ch])
    return runs


def _text(c, text, x, y, font, size, style, bold):
    if not bold:
        runs = _runs(text, font)
        c.setFont(font, size)
        if len(runs) <= 1 and all(f == font for f, _ in runs):
            c.drawString(x, y, text)
            return
        for f, run in runs:
            c.setFont(f, size)
            c.drawString(x, y, run)
            x += pdfmetrics.stringWidth(run, f, size)
        c.setFont(font, size)
        return
    if style.bold == "double":
        c.setFont(font, size)
        for ch in text:
            w = pdfmetrics.stringWidth(ch, font, size)
            c.drawString(x, y, ch)
            c.drawString(x + FAKE_BOLD_DX, y, ch)
            x += w
        return
    t = c.beginText(x, y)
    t.setFont(font, size)
    t.setTextRenderMode(2)
    t.textOut(text)
    c.setLineWidth(0.25)
    c.drawText(t)


def _draw_title(c, sheet, font, size, pw, top, m, style):
    tsize = size * 1.8
    y = top - tsize
    _text(c, sheet.title, (pw - pdfmetrics.stringWidth(sheet.title, font, tsize)) / 2, y, font, tsize,
          style, True)
    y -= size * 1.8
    c.setFont(font, size)
    c.drawCentredString(pw / 2, y, sheet.subtitle)
    y -= size * 1.8
    if sheet.head_left:
        c.drawString(m, y, sheet.head_left)
    c.drawRightString(pw - m, y, sheet.head_right)
    return top - (2.6 * size + 18 + 3 * size * 1.3)


def _draw_header_band(c, layout, page, top, style):
    """Repeat the section header row at the top of the page; return where the window begins."""
    row = page.header_row
    h = layout.rowy[row + 1] - layout.rowy[row]
    c.setLineWidth(0.6)
    for cell in layout.sheet.cells if style.rulings else []:
        left, _, right, _ = layout.box(cell)
        if cell.row == row:
            c.rect(left, top - h, right - left, h)
        elif cell.row < row < cell.row + cell.rowspan:
            c.line(left, top, left, top - h)
            c.line(right, top, right, top - h)
            c.line(left, top, right, top)
    for ln in layout.lines:
        if ln.cell.row == row and ln.cell.rowspan == 1:
            y = top - (ln.bottom - layout.rowy[row]) + 0.28 * layout.size
            _text(c, ln.text, ln.x, y, layout.font, layout.size, style, True)
    return top - h


def _draw_window(c, layout, page, top, close_cut=True):
    """Rulings of every cell visible in the window, clipped to it, closed at the cut."""
    c.setLineWidth(0.6)

    def py(v):
        return top - (v - page.start)

    for cell in layout.sheet.cells:
        left, t, right, b = layout.box(cell)
        vt, vb = max(t, page.start), min(b, page.end)
        if vt >= vb:
            continue
        c.line(left, py(vt), left, py(vb))
        c.line(right, py(vt), right, py(vb))
        if page.start - 1e-6 <= t:
            c.line(left, py(t), right, py(t))
        if b <= page.end + 1e-6:
            c.line(left, py(b), right, py(b))
    x0, x1 = layout.colx[0], layout.colx[-1]
    c.line(x0, py(page.start), x1, py(page.start))
    if close_cut:
        c.line(x0, py(page.end), x1, py(page.end))


def _draw_footer(c, sheet, font, size, m, y, style):
    x = m
    for label, value, _ in sheet.footer:
        _text(c, label, x, y, font, size, style, False)
        x += pdfmetrics.stringWidth(label, font, size)
        c.setFont(font, size)
        c.drawString(x, y, value)
        x += pdfmetrics.stringWidth(value, font, size) + 3 * size


def _pages_of(layout, where):
    pages_of = {}
    for ln in layout.lines:
        if ln.cell.field:
            pages_of.setdefault(ln.cell.field, set()).add(where[id(ln)] + 1)
    return pages_of


def split_fields(layout, where):
    """Truth paths whose text lines landed on more than one page."""
    pages_of = _pages_of(layout, where)
    return [f for f in _field_order(layout) if len(pages_of.get(f, ())) > 1]


def split_pages(layout, where):
    pages_of = _pages_of(layout, where)
    return {f: sorted(pages_of[f]) for f in split_fields(layout, where)}


def _field_order(layout):
    cells = sorted((c for c in layout.sheet.cells if c.field), key=lambda c: (c.row, c.col))
    return [c.field for c in cells]


def merged_across(layout, pages):
    """Merged cells whose box shows on more than one page, named as in the manifest."""
    out = {}
    for cell in layout.sheet.cells:
        if cell.rowspan < 2 or not cell.merge_name:
            continue
        _, t, _, b = layout.box(cell)
        seen = [i + 1 for i, p in enumerate(pages) if max(t, p.start) < min(b, p.end) - 1e-6]
        if len(seen) > 1:
            out.setdefault(cell.merge_name, set()).update(seen)
    return [{"cell": k, "pages": sorted(v)} for k, v in out.items()]
