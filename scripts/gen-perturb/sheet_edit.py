"""Edits of a printed Sheet (scripts/gen-samples/grid.py): find cells, change
their text, swap two of them, add a column. Every edit works on the sheet a
renderer draws, so the damage is what the page shows.
"""
import re

from grid import Cell


def cell_of(sheet, field):
    """The cell that prints a truth path (`indicators[3].score`)."""
    found = [c for c in sheet.cells if c.field == field]
    if len(found) != 1:
        raise KeyError(f"{len(found)} cells print {field}")
    return found[0]


def cell_with_text(sheet, text, which=None):
    """The one cell whose text is `text` (a label or a header); with `which`,
    the which-th of several in table order (-1: the last)."""
    found = sorted((c for c in sheet.cells if c.text == text), key=lambda c: (c.row, c.col))
    if which is None and len(found) != 1 or not found:
        raise KeyError(f"{len(found)} cells read {text!r}")
    return found[which or 0]


def cells_matching(sheet, pattern):
    """Cells whose truth path matches a regular expression, in table order."""
    rx = re.compile(pattern)
    found = [c for c in sheet.cells if c.field and rx.fullmatch(c.field)]
    if not found:
        raise KeyError(f"no cell prints a path matching {pattern}")
    return sorted(found, key=lambda c: (c.row, c.col))


def swap(a, b):
    a.text, b.text = b.text, a.text


def renumber(sheet, collection, gone):
    """After row `gone` of `collection` was left out of a form, give the cells
    of the later rows their original truth paths (`indicators[5]` prints what
    the original's `indicators[6]` was)."""
    rx = re.compile(rf"{collection}\[(\d+)\]")

    def shift(m):
        i = int(m.group(1))
        return f"{collection}[{i + 1 if i >= gone else i}]"

    for c in sheet.cells:
        if c.field:
            c.field = rx.sub(shift, c.field, count=1)
        if c.merge_name:
            c.merge_name = rx.sub(shift, c.merge_name)


def insert_column(sheet, col, width, header_row, header, values, header_rows=1):
    """A new column printed before column `col` (the end when `col` is the
    column count): `header` over `header_rows` rows from `header_row`,
    `values` ({row: text}) below it.

    Rows of the section (the header rows and the rows of `values`) move their
    cells right; in every other row the cell that covers column `col - 1`
    widens over the new column, so the table stays a closed grid.
    """
    section = {*range(header_row, header_row + header_rows), *values}
    for c in sheet.cells:
        rows = set(range(c.row, c.row + c.rowspan))
        if c.col >= col:
            c.col += 1
        elif c.col + c.colspan > col or (c.col + c.colspan == col and not rows & section):
            c.colspan += 1
    sheet.widths.insert(col, width)
    sheet.add(Cell(header_row, col, header, rowspan=header_rows, kind="header", align="center"))
    for row, text in sorted(values.items()):
        sheet.add(Cell(row, col, text, align="center"))
