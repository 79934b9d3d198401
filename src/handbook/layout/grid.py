"""Paragraphs in rows and columns, without reportlab's Table.

The options of a question ((a) ... (d) in one to four columns) and its numbered statements
were each a `Table`: per question, a style compiled from commands, every cell's geometry
measured twice (for the row heights, then again to draw), fonts and colours set for cells that
draw nothing of their own. A question has two or three of them, and the practice questions are
a fifth of a book. `CellGrid` places the same paragraphs where that Table put them (each at
the top of its cell, `row_gap` below each row's tallest cell, columns of the given widths from
the left) and splits between rows as the Table did, for a fraction of the cost.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

FUZZ = 1e-6  # points: a row that fits but for rounding still fits


class CellGrid(Flowable):
    def __init__(self, rows: list[list], widths: list[float], row_gap: float, space_after: float = 0):
        super().__init__()
        self.rows, self.widths, self.row_gap = rows, widths, row_gap
        self.spaceAfter = space_after
        self.hAlign = "LEFT"
        self._heights: list[float] = []

    def wrap(self, availWidth, availHeight):
        # Each cell at its column's width, whatever the frame: the widths were chosen to fit.
        self._heights = [
            max(cell.wrap(width, 72000)[1] for cell, width in zip(row, self.widths)) + self.row_gap
            for row in self.rows
        ]
        self.width, self.height = sum(self.widths), sum(self._heights)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        used, count = 0.0, 0
        for height in self._heights:
            if used + height > availHeight + FUZZ:
                break
            used, count = used + height, count + 1
        if count in (0, len(self.rows)):
            return [] if count == 0 else [self]
        first = CellGrid(self.rows[:count], self.widths, self.row_gap)
        first.spaceBefore = self.getSpaceBefore()
        return [first, CellGrid(self.rows[count:], self.widths, self.row_gap, self.spaceAfter)]

    def draw(self):
        top = self.height
        for row, row_height in zip(self.rows, self._heights):
            left = 0.0
            for cell, width in zip(row, self.widths):
                _, height = cell.wrap(width, 72000)  # (the paragraph keeps its lines for this width)
                cell.drawOn(self.canv, left, top - height)
                left += width
            top -= row_height
