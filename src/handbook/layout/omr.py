"""The OMR-style answer sheet: a row per objective question, its number and a circle per option
((a), (b), ...) to shade, drawn as vector circles; rows in columns, in blocks of five (as
printed OMR sheets group them, so the eye keeps its place), running on to further pages."""

from __future__ import annotations

import math

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from handbook.layout.fonts import font_name
from handbook.layout.styles import color
from handbook.model import option_letter

BLOCK = 5  # rows per block; a half-row gap between blocks


class OmrGrid(Flowable):
    def __init__(self, rows: list[tuple[int, int]], theme, sheet: list | None = None):
        """`rows`: (question number, number of options) in order. `sheet`: all the rows of the
        sheet, measured for the column width, so that every part of a sheet split across pages
        has the same columns."""
        super().__init__()
        self.rows, self.theme = rows, theme
        self.sheet = sheet = sheet or rows
        style = theme.test_paper
        number = theme.questions.number
        self.number_font = font_name(number.font, number.bold, number.italic)
        self.number_size = number.size
        widest = max((n for n, _ in sheet), default=1)
        self.label_width = stringWidth(f"{widest}", self.number_font, self.number_size) + 8
        self.options = max((k for _, k in sheet), default=4)
        self.column_width = self.label_width + self.options * (style.bubble + style.bubble_gap)

    # Geometry -------------------------------------------------------------------------

    def _columns(self, width: float) -> int:
        gap = self.theme.test_paper.column_gap
        return max(1, int((width + gap) // (self.column_width + gap)))

    def _height(self, rows_per_column: int) -> float:
        row = self.theme.test_paper.row_height
        blocks = math.ceil(rows_per_column / BLOCK)
        return rows_per_column * row + max(0, blocks - 1) * row / 2

    def _rows_per_column(self, columns: int) -> int:
        per = math.ceil(len(self.rows) / columns)
        return min(len(self.rows), BLOCK * math.ceil(per / BLOCK)) if len(self.rows) > BLOCK else per

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.columns = self._columns(availWidth)
        self.per_column = self._rows_per_column(self.columns)
        self.height = self._height(self.per_column)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        columns = self._columns(availWidth)
        fits = 0
        while fits + BLOCK <= len(self.rows) and self._height(fits + BLOCK) <= availHeight:
            fits += BLOCK
        if fits == 0 or fits * columns >= len(self.rows):
            return []
        take = fits * columns
        return [
            OmrGrid(self.rows[:take], self.theme, self.sheet),
            OmrGrid(self.rows[take:], self.theme, self.sheet),
        ]

    # Drawing --------------------------------------------------------------------------

    def draw(self):
        style = self.theme.test_paper
        canvas = self.canv
        gap = style.column_gap
        used = self.columns * self.column_width + (self.columns - 1) * gap
        left = max(0.0, (self.width - used) / 2)  # the columns centred in the text width
        radius = style.bubble / 2
        letter_size = max(5.0, style.bubble * 0.62)
        letter_font = font_name(self.theme.questions.option.font, False, False)
        canvas.saveState()
        canvas.setLineWidth(style.rule_width)
        canvas.setStrokeColor(color(style.rule_color))
        for index, (number, options) in enumerate(self.rows):
            column, row = divmod(index, self.per_column)
            x = left + column * (self.column_width + gap)
            y = self.height - (row + 1) * style.row_height - (row // BLOCK) * style.row_height / 2
            middle = y + style.row_height / 2
            canvas.setFillColor(color(self.theme.questions.number.color))
            canvas.setFont(self.number_font, self.number_size)
            canvas.drawRightString(x + self.label_width - 6, middle - self.number_size * 0.35, str(number))
            for k in range(options):
                cx = x + self.label_width + k * (style.bubble + style.bubble_gap) + radius
                canvas.circle(cx, middle, radius, stroke=1, fill=0)
                canvas.setFillColor(color(style.rule_color))
                canvas.setFont(letter_font, letter_size)
                canvas.drawCentredString(cx, middle - letter_size * 0.33, option_letter(k))
        canvas.restoreState()
