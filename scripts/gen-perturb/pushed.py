"""A label's last character drawn across the cell's right border.

Producers that place each glyph themselves (or a cell too narrow for its
text) print a label's last character in the next cell. The reportlab layout
is wrapped for one render: the cell's last line loses its last character,
which is drawn again just inside the next cell, on the same baseline and in
the same style.
"""
from contextlib import contextmanager

import render_reportlab
from render_reportlab import PAD, Line


@contextmanager
def pushing(cell):
    """While active, render_reportlab.render draws `cell`'s last character
    past its right border."""
    base = render_reportlab.Layout

    class Pushed(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            own = [ln for ln in self.lines if ln.cell is cell]
            if not own or not own[-1].text:
                raise ValueError(f"cell {cell.text!r} has no last line to push")
            last = own[-1]
            ch, last.text = last.text[-1], last.text[:-1]
            border = self.colx[cell.col + cell.colspan]
            self.lines.insert(self.lines.index(last) + 1,
                              Line(cell, ch, border + PAD, last.top, last.bottom))

    render_reportlab.Layout = Pushed
    try:
        yield
    finally:
        render_reportlab.Layout = base
