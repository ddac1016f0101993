"""Which cells of a LibreOffice-made PDF were cut by a page break.

We do not control where Writer or Calc break pages, so we look at the result:
the table's column boundaries are the x positions of its vertical rulings; the
text of each column band is read per page; a cell is cut when pieces of its
text, followed from its start, continue on a later page.
"""
import re
from collections import defaultdict

import pdfplumber

def squash(s):
    return re.sub(r"\s+", "", s or "")


def column_bounds(pdf, ncols):
    """x of the ncols+1 column boundaries, from the vertical rulings of all pages."""
    xs = []
    for page in pdf.pages:
        xs += [e["x0"] for e in page.edges if e["orientation"] == "v" and e["height"] > 4]
    xs.sort()
    clusters = []
    for x in xs:
        if clusters and x - clusters[-1][-1] < 2.0:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    bounds = [sum(c) / len(c) for c in clusters]
    if len(bounds) != ncols + 1:
        raise ValueError(f"expected {ncols + 1} column boundaries, found {len(bounds)}: {bounds}")
    return bounds


def band_texts(pdf, bounds):
    """{(first_col, last_col): [squashed text of that band on page 1, 2, …]}"""
    out = defaultdict(list)
    ncols = len(bounds) - 1
    for page in pdf.pages:
        for a in range(ncols):
            for b in range(a, ncols):
                box = (bounds[a] - 0.5, 0, bounds[b + 1] + 0.5, page.height)
                text = page.within_bbox(box).extract_text() or ""
                out[(a, b)].append(squash(text))
    return out


MIN_PIECE = 6  # shorter pieces match too many places to prove anything


def longest_prefix(text, hay):
    """Length of the longest prefix of text found in hay."""
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text[:mid] in hay:
            lo = mid
        else:
            hi = mid - 1
    return lo


def chain_pages(text, band):
    """Follow the text through the band's pages: each page holds the next longest piece."""
    return chain(text, band)[0]


def chain(text, band):
    """(pages of the pieces, characters of text not found in order)."""
    pages, pos, first, missing = [], 0, 0, 0
    while pos < len(text):
        best, where = 0, None
        for p in range(first, len(band)):
            n = longest_prefix(text[pos:], band[p])
            if n > best:
                best, where = n, p
        if best < min(MIN_PIECE, len(text) - pos):
            pos += 1
            missing += 1
            continue
        pages.append(where)
        first, pos = where, pos + best
    return pages, missing


def missing_text(pdf_path, sheet):
    """{field: characters of its text not found in the PDF's text layer, in order}, non-zero only."""
    with pdfplumber.open(pdf_path) as pdf:
        bounds = column_bounds(pdf, len(sheet.widths))
        bands = band_texts(pdf, bounds)
    out = {}
    for c in sheet.cells:
        text = squash(c.text)
        if c.field and text:
            n = chain(text, bands[(c.col, c.col + c.colspan - 1)])[1]
            if n:
                out[c.field] = n
    return out


def repeated_pieces(text, band, others, size=10):
    """Pages holding a long piece of the text found in no other cell (Calc repeats clipped lines)."""
    found = set()
    for i in range(0, max(0, len(text) - size + 1), size // 2):
        piece = text[i:i + size]
        if any(piece in o for o in others):
            continue
        found |= {p for p, t in enumerate(band) if piece in t}
    return found


def cell_pages(pdf_path, sheet):
    """{field: sorted pages where its text shows} for every field cell found in the PDF."""
    with pdfplumber.open(pdf_path) as pdf:
        bounds = column_bounds(pdf, len(sheet.widths))
        bands = band_texts(pdf, bounds)
    result = {}
    for c in sheet.cells:
        text = squash(c.text)
        if not c.field or not text:
            continue
        band = bands[(c.col, c.col + c.colspan - 1)]
        pages = set(chain_pages(text, band))
        others = [squash(o.text) for o in sheet.cells if o is not c]
        if len(text) >= 10:
            pages |= repeated_pieces(text, band, others)
        if pages:
            result[c.field] = sorted(p + 1 for p in pages)
    return result


def merged_pages(pdf_path, sheet):
    """Merged cells whose rows show on more than one page (from their members' pages)."""
    where = cell_pages(pdf_path, sheet)
    rows = defaultdict(set)
    for c in sheet.cells:
        if c.field in where and c.rowspan == 1 and len(squash(c.text)) >= MIN_PIECE:
            rows[c.row].update(where[c.field])
    out = {}
    for c in sheet.cells:
        if c.rowspan < 2 or not c.merge_name:
            continue
        pages = set(where.get(c.field, []))
        for r in range(c.row, c.row + c.rowspan):
            pages |= rows.get(r, set())
        if len(pages) > 1:
            out.setdefault(c.merge_name, set()).update(pages)
    return [{"cell": k, "pages": sorted(v)} for k, v in out.items()]


def analyse(pdf_path, sheet):
    """(split fields in form order, merged cells across breaks, {field: pages} of the split ones)."""
    where = cell_pages(pdf_path, sheet)
    order = [c.field for c in sorted(sheet.cells, key=lambda c: (c.row, c.col)) if c.field]
    split = [f for f in order if len(where.get(f, [])) > 1]
    return split, merged_pages(pdf_path, sheet), {f: where[f] for f in split}
