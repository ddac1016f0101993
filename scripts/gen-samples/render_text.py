"""Text renditions of a Sheet, in the style of a table dumped by a converter.

Rows are tab-separated cells; a merged cell prints once (row labels in the
middle of their span, task cells in the first row); a page break is a blank
line; a cell cut by a break prints its first part in its row and the rest as a
paragraph of its own after the break. Quirks seen in real dumps are switched
on per form by TextStyle.
"""
from dataclasses import dataclass, field as dc_field



def is_cjk(ch):
    """CJK ideographs and full-width punctuation: where a wrapped line's space is dropped."""
    o = ord(ch)
    return 0x3000 <= o <= 0x303F or 0x3400 <= o <= 0x9FFF or 0xFF00 <= o <= 0xFFEF


@dataclass
class Break:
    """A page break before grid row `row`; `cut` maps field → fraction of its text kept before."""
    row: int
    cut: dict = dc_field(default_factory=dict)


@dataclass
class TextStyle:
    breaks: list                                        # Break, in row order
    markup: set = dc_field(default_factory=set)         # field prefixes whose cells get <p>…</p>
    markup_min_len: int = 10**9                         # …and every cell at least this long
    drop_leading_after_break: bool = False               # rows after a break lose their leading empty cells
    missing_task_label: int | None = None                # task index printed without its 任务N label
    stray_values: set = dc_field(default_factory=set)    # fields printed on a line of their own, late
    spaced: set = dc_field(default_factory=set)          # fields with spaces inside wrapped CJK text
    space_every: int = 13


def render(sheet, style):
    """(text, split fields) for one sheet."""
    out = ["", "", sheet.title, "", sheet.subtitle, ""]
    out += [f"{sheet.head_left}\t{sheet.head_right}", f"{'-' * 18}\t{'-' * 8}", ""]
    cells_at = _print_rows(sheet, style)
    breaks = {b.row: b for b in style.breaks}
    split, pending, late, after_break = [], [], [], False
    for r in range(sheet.nrows):
        if r in breaks:
            out.append("")
            for text in pending:
                out += [text, ""]
            pending, after_break = [], True
        cut = _cuts_for_row(r, cells_at, style.breaks)
        fields = []
        for c in cells_at.get(r, []):
            text = _cell_text(c, style)
            if c.field in cut:
                keep = max(1, int(len(c.text) * cut[c.field]))
                first, rest = c.text[:keep], c.text[keep:]
                text = _decorate(c, first, style)
                pending.append(_decorate(c, rest, style))
                split.append(c.field)
            if c.field in style.stray_values:
                late.append((c, text))
                text = ""
            fields.append((c.col, c.colspan, text))
        indicator_row = all((c.field or "").startswith("indicators[") for c in cells_at.get(r, []))
        drop = after_break and style.drop_leading_after_break and indicator_row
        line = _join(fields, sheet, drop)
        if line is not None:
            out.append(line)
        for c, text in [x for x in late if x[0].row + x[0].rowspan - 1 == r]:
            out.append("\t" * 3 + text + "\t" * 3)
            late.remove((c, text))
    for text in pending:
        out += ["", text]
    out.append("\t".join(f"{label}\t{value}" if i % 2 == 0 else f"{label}{value}"
                         for i, (label, value, _) in enumerate(sheet.footer)) + "\t\t")
    return "\n".join(out) + "\n", split


def _print_rows(sheet, style):
    """{row: cells printed on that text line}: labels mid-span, other merged cells on their first row."""
    at = {}
    for c in sheet.cells:
        row = c.row + c.rowspan // 2 if c.kind == "label" and not c.field else c.row
        if c.field and c.field.endswith(".no") and _task_index(c.field) == style.missing_task_label:
            continue
        at.setdefault(row, []).append(c)
    for cells in at.values():
        cells.sort(key=lambda c: c.col)
    return at


def _task_index(path):
    return int(path[path.index("[") + 1:path.index("]")])


def _cuts_for_row(r, cells_at, breaks):
    cut = {}
    for b in breaks:
        for c in cells_at.get(r, []):
            if c.field in b.cut and r < b.row:
                cut[c.field] = b.cut[c.field]
    return cut


def _cell_text(c, style):
    return _decorate(c, c.text, style)


def _decorate(c, text, style):
    if c.field and any(c.field.startswith(f) for f in style.spaced):
        text = _spaced(text, style.space_every)
    marked = c.field and any(c.field.startswith(p) for p in style.markup)
    if text and (marked or len(text) >= style.markup_min_len):
        text = f"<p>{text}</p>"
    return text


def _spaced(text, every):
    """Insert a space every few characters where a neighbour is CJK (a wrapped line end)."""
    out, n = [], 0
    for i, ch in enumerate(text):
        out.append(ch)
        n += 1
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if n >= every and nxt and (is_cjk(ch) or is_cjk(nxt)):
            out.append(" ")
            n = 0
    return "".join(out)


def _join(fields, sheet, drop_leading):
    """Tab-join a row's cells, placing each by column (empty fields for covered columns)."""
    if not fields:
        return None
    cols = {col: text for col, _, text in fields}
    ncols = len(sheet.widths)
    row = [cols.get(i, "") for i in range(ncols)]
    row = _collapse_spans(row, fields, sheet)
    if drop_leading:
        while row and row[0] == "":
            row.pop(0)
    while len(row) > 1 and row[-1] == "" and row[-2] == "":
        row.pop()
    return "\t".join(row)


def _collapse_spans(row, fields, sheet):
    """A colspan cell is one field: drop the slots it covers."""
    covered = set()
    for col, span, _ in fields:
        covered.update(range(col + 1, col + span))
    return [v for i, v in enumerate(row) if i not in covered]
