"""Mermaid timelines, drawn vertically: a rule down the left with a dot per period, the period
beside it and its events to the right, section headings across. Each period is a flowable of
its own, so a long timeline goes on over the page like text (the rule continues)."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from handbook.layout import scripts
from handbook.layout.context import LayoutContext
from handbook.layout.mindmap import LabelFonts
from handbook.layout.mindmap_labels import Face, LabelMeasurer, Run
from handbook.layout.styles import color
from handbook.model.diagrams import Timeline

PERIOD_SHARE = 0.24  # of the width, for the period column
RULE_GAP = 14.0  # from the period column to the events, the rule in the middle
ROW_GAP = 5.0


def layout_timeline(chart: Timeline, ctx: LayoutContext) -> list:
    fonts = LabelFonts(ctx.theme)
    measurer = LabelMeasurer(fonts.measure)
    style = ctx.theme.mindmap
    out: list = []
    if chart.title:
        out.append(TimelineRow(chart.title, [], fonts, measurer, style, kind="title"))
    for index, section in enumerate(chart.sections):
        if section.title:
            out.append(TimelineRow(section.title, [], fonts, measurer, style, kind="section", index=index))
        for period in section.periods:
            out.append(TimelineRow(period.period, period.events, fonts, measurer, style, index=index))
    if out:
        out[0].spaceBefore = style.space_before
        out[-1].spaceAfter = style.space_after
    for row in out[:-1]:
        row.keepWithNext = row.kind != "period"  # a heading stays with its first period
    return out


class TimelineRow(Flowable):
    def __init__(self, period: str, events: list[str], fonts, measurer, style, kind="period", index=0):
        super().__init__()
        self.period, self.events, self.fonts, self.measurer, self.style = (
            period,
            events,
            fonts,
            measurer,
            style,
        )
        self.kind, self.index = kind, index
        self.size = style.branch_size if kind != "period" else style.leaf_size
        self.line_height = self.size * style.leading

    def _wrap(self, text: str, width: float, bold: bool):
        return self.measurer.wrap((Run(text, Face(bold=bold)),), False, self.size, max(width, 20))

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.column = availWidth * PERIOD_SHARE
        if self.kind != "period":
            self.left = self._wrap(self.period, availWidth, True)
            self.right = []
        else:
            self.left = self._wrap(self.period, self.column, True)
            width = availWidth - self.column - RULE_GAP
            self.right = [
                line
                for event in self.events
                for line in self._wrap("• " + event if len(self.events) > 1 else event, width, False)
            ]
        lines = max(len(self.left), len(self.right), 1)
        self.height = lines * self.line_height + ROW_GAP
        return self.width, self.height

    def draw(self):
        canvas, style = self.canv, self.style
        accent = color(style.palette[self.index % len(style.palette)])
        rule_x = self.column + RULE_GAP / 2
        canvas.saveState()
        if self.kind == "period":
            canvas.setStrokeColor(accent)
            canvas.setLineWidth(1.4)
            canvas.line(rule_x, 0, rule_x, self.height)
            canvas.setFillColor(accent)
            canvas.circle(rule_x, self.height - self.line_height / 2, 2.6, stroke=0, fill=1)
            self._lines(self.left, self.column - 4, right_align=True, bold=True)
            self._lines(self.right, self.column + RULE_GAP, right_align=False, bold=False)
        else:
            if self.kind == "section":
                canvas.setFillColor(accent)
                canvas.rect(0, 0, 3, self.height - ROW_GAP / 2, stroke=0, fill=1)
            self._lines(self.left, 6 if self.kind == "section" else 0, right_align=False, bold=True)
        canvas.restoreState()

    def _lines(self, lines, x: float, right_align: bool, bold: bool):
        canvas = self.canv
        canvas.setFillColor(color(self.style.text_color))
        face = pdfmetrics.getFont(self.fonts.name(Face(bold=bold))).face
        for index, line in enumerate(lines):
            baseline = (
                self.height
                - (index + 1) * self.line_height
                + (self.line_height - face.ascent / 1000 * self.size) / 2
            )
            at = x - line.width if right_align else x
            for run in line.runs:
                at += scripts.draw(canvas, at, baseline, run.text, self.fonts.name(run.face), self.size)
