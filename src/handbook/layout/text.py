"""Paragraphs and thematic breaks."""

from __future__ import annotations

import datetime as dt

from reportlab.platypus.flowables import HRFlowable

from handbook import translations
from handbook.layout.context import LayoutContext
from handbook.layout.inline import markup
from handbook.layout.math import displayed_in_line, paragraph_around_displays
from handbook.layout.paragraph import Paragraph as RLParagraph
from handbook.layout.styles import color, paragraph_style
from handbook.layout.typography import address_style, break_long_addresses
from handbook.layout.units import layout_units
from handbook.layout.rlcompat import frame_at_top, frame_of
from handbook.model import Paragraph, plain_text


def layout_paragraph(block: Paragraph, ctx: LayoutContext, style_name: str = "body") -> list:
    if displayed_in_line(block.children):
        return _lead_in(
            _sourced(paragraph_around_displays(block.children, ctx, style_name), block), block.children
        )
    style = address_style(paragraph_style(ctx.theme, style_name), block.children, ctx.block_width)
    children = block.children
    if style.name.endswith(":address0"):  # an address longer than two lines: cut where allowed
        children = break_long_addresses(children, ctx.block_width, style.fontName, style.fontSize)
    units = layout_units(children)
    if len(units) == 1:
        return _lead_in(_sourced([RLParagraph(markup(children, ctx), style)], block), children)
    # A very long paragraph: units with no space between them (see layout.units).
    first = style.clone(f"{style.name}-first", spaceAfter=0)
    middle = first.clone(f"{style.name}-middle", spaceBefore=0, firstLineIndent=0)
    last = style.clone(f"{style.name}-last", spaceBefore=0, firstLineIndent=0)
    styles = [first] + [middle] * (len(units) - 2) + [last]
    return _lead_in(
        _sourced(
            [RLParagraph(markup(unit, ctx), unit_style) for unit, unit_style in zip(units, styles)], block
        ),
        children,
    )


def _sourced(paragraphs: list, block: Paragraph) -> list:
    """The paragraphs, each knowing the file and line it sets (for a warning about its lines)."""
    if block.loc.line is not None:
        for paragraph in paragraphs:
            paragraph.source = (str(block.loc.path), block.loc.line)
    return paragraphs


def _lead_in(flowables: list, children: list) -> list:
    """A paragraph that ends in a colon ("the flagship areas:") leads in to what follows (a
    list, a table): kept on the page with its first part, as a heading is (layout.keeps)."""
    if plain_text(children).rstrip().endswith(":"):
        flowables[-1].keepWithNext = True
    return flowables


def layout_rule(block, ctx: LayoutContext) -> list:
    space = ctx.theme.spacing.rule_space
    return [
        SectionRule(
            width="40%",
            thickness=0.6,
            color=color(ctx.theme.colors.muted),
            spaceBefore=space,
            spaceAfter=space,
            hAlign="CENTER",
        )
    ]


class SectionRule(HRFlowable):
    """A thematic break, left out at the top of a page: there it separates nothing, and reads
    as a stray line above the text."""

    def wrap(self, availWidth, availHeight):
        self._hidden = frame_at_top(frame_of(self))
        if self._hidden:
            return availWidth, 0
        return super().wrap(availWidth, availHeight)

    def getSpaceAfter(self):
        return 0 if getattr(self, "_hidden", False) else super().getSpaceAfter()

    def draw(self):
        if not getattr(self, "_hidden", False):
            super().draw()


def rule(colour: str, thickness: float, width: str, align: str, space_before=0.0, space_after=0.0):
    """A horizontal rule: a thematic break, or the accent line under a title."""
    return HRFlowable(
        width=width,
        thickness=thickness,
        color=color(colour),
        spaceBefore=space_before,
        spaceAfter=space_after,
        hAlign=align,
    )


def long_date(value: dt.date | str | None, theme=None) -> str:
    """'27 October 2025' for a date or an ISO date text ('27 अक्टूबर 2025' in a Hindi book);
    any other text as it is."""
    if isinstance(value, str):
        written = value
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            return written
    return translations.long_date(value, theme) if value else ""
