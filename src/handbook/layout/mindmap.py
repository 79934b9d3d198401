"""Mind maps: a framed, titled summary box drawing the placed tree as vector shapes.

The geometry is pure: where every box and connector goes (`mindmap_geometry`), the size
that fits and how a big map is split (`mindmap_fit`). This module turns the model into its
input and the theme into its metrics, and draws its output. Labels are real text in the book's fonts, so they can be selected and
searched. Each first-level branch has a palette colour and a dash pattern that its
descendants inherit; outline weight and fill tint fall with depth.
"""

from __future__ import annotations

from dataclasses import replace

from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from handbook.layout import scripts
from handbook.layout.context import LayoutContext
from handbook.layout.fonts import font_name
from handbook.layout.mindmap_fit import MapTooLarge, fit_map, place_map
from handbook.layout.mindmap_geometry import EPSILON, MapMetrics, PlacedMap, PlacedNode, Topic
from handbook.layout.mindmap_labels import Face, Run
from handbook.layout.styles import CMYK_MARK, color
from handbook.model import (
    AcronymUse,
    CodeSpan,
    Emphasis,
    FootnoteRef,
    LineBreak,
    ListBlock,
    ListItem,
    MindMap,
    MindMapNode,
    Paragraph,
    Strong,
    Text,
    plain_text,
)
from handbook.theme import MindMapStyle, Theme


def layout_mindmap(block: MindMap, ctx: LayoutContext) -> list:
    theme = ctx.theme
    fonts = LabelFonts(theme)
    chrome = BoxChrome(theme.mindmap)
    width = ctx.block_width - chrome.horizontal
    height = ctx.text_height - chrome.vertical - theme.mindmap.space_before
    try:
        parts = fit_map(topic_of(block.root), map_metrics(theme.mindmap), fonts.measure, width, height)
    except MapTooLarge:
        # Only a page far smaller than any label allows gets here; keep the words readable.
        return _as_list(block, ctx)
    title = block.title or theme.mindmap.title_text
    return [MindMapBox(part, box_title(theme.mindmap, title, part), theme, fonts, height) for part in parts]


# --- model and theme -> geometry input ------------------------------------------------


def topic_of(node: MindMapNode) -> Topic:
    return Topic(tuple(runs_of(node.label)), tuple(topic_of(child) for child in node.children))


def runs_of(inlines: list, face: Face = Face()) -> list[Run]:
    """Inline nodes -> runs of text in faces (emphasis kept; links and strikes as plain text)."""
    runs: list[Run] = []
    for node in inlines:
        if isinstance(node, Text):
            runs.append(Run(node.text, face))
        elif isinstance(node, CodeSpan):
            runs.append(Run(node.text, Face(face.bold, face.italic, True)))
        elif isinstance(node, Emphasis):
            runs += runs_of(node.children, Face(face.bold, True, face.code))
        elif isinstance(node, Strong):
            runs += runs_of(node.children, Face(True, face.italic, face.code))
        elif isinstance(node, LineBreak):
            runs.append(Run("\n", face))
        elif isinstance(node, (AcronymUse, FootnoteRef)):
            runs.append(Run(plain_text([node]), face))
        else:  # links, strikethrough: their text
            runs += runs_of(node.children, face)
    return runs


def map_metrics(style: MindMapStyle) -> MapMetrics:
    return MapMetrics(
        sizes=(style.root_size, style.branch_size, style.leaf_size),
        min_size=style.min_size,
        leading=style.leading,
        bold_depths=2,
        pad_x=style.padding_x,
        pad_y=style.padding_y,
        wrap_width=style.wrap_width,
        min_wrap_width=style.min_wrap_width,
        root_gap=style.root_gap,
        level_gap=style.level_gap,
        sibling_gap=style.sibling_gap,
        branch_gap=style.branch_gap,
        connector=style.connector,
    )


class LabelFonts:
    """The reportlab font of each label face, and text widths in it."""

    def __init__(self, theme: Theme):
        self.family = theme.mindmap.font
        self.code_family = theme.text.code.font

    def name(self, face: Face) -> str:
        return font_name(self.code_family if face.code else self.family, face.bold, face.italic)

    def measure(self, text: str, face: Face, size: float) -> float:
        return scripts.width(text, self.name(face), size)  # fallback faces and shaping included


class BoxChrome:
    """The frame's padding and title band around the map."""

    def __init__(self, style: MindMapStyle):
        self.padding = style.frame_padding
        self.title_height = style.title.leading + style.title.space_after
        self.horizontal = 2 * self.padding
        self.vertical = 2 * self.padding + self.title_height


def box_title(style: MindMapStyle, title: str, part: PlacedMap) -> str:
    if part.trail:
        trail = style.trail_separator.join(part.trail)
        title = style.trail_text.replace("{title}", title).replace("{trail}", trail)
    if part.parts > 1:
        title = (
            style.part_text.replace("{title}", title)
            .replace("{part}", str(part.part))
            .replace("{parts}", str(part.parts))
        )
    return title


def _as_list(block: MindMap, ctx: LayoutContext) -> list:
    from handbook.layout.lists import layout_list

    def item(node: MindMapNode) -> ListItem:
        nested = [ListBlock([item(c) for c in node.children], block.loc)] if node.children else []
        return ListItem([Paragraph(node.label, block.loc), *nested])

    return layout_list(ListBlock([item(block.root)], block.loc), ctx)


# --- drawing ----------------------------------------------------------------------


def _pick(values: list, index: int):
    return values[min(index, len(values) - 1)]


def _tint(hex_color: str, share: float) -> Color:
    """`share` of the colour on white (in the theme's colour space: see layout.styles.color)."""
    mark = CMYK_MARK if hex_color.startswith(CMYK_MARK) else ""
    base = color(hex_color)
    red, green, blue = (round(255 * (1 - share * (1 - c))) for c in (base.red, base.green, base.blue))
    return color(f"{mark}#{red:02x}{green:02x}{blue:02x}")


class MindMapBox(Flowable):
    """One placed map in its frame, as wide as the text. If it does not fit the rest of a
    page it is placed again, smaller, to fit there (never under the minimum size), or moves
    on to the next page."""

    def __init__(self, placed: PlacedMap, title: str, theme: Theme, fonts: LabelFonts, max_height: float):
        super().__init__()
        self.placed, self.title, self.theme, self.fonts = placed, title, theme, fonts
        self.style = theme.mindmap
        self.chrome = BoxChrome(self.style)
        self.max_height = max_height  # of the map: a full page's text block less the chrome
        self.spaceBefore = self.style.space_before
        self.spaceAfter = self.style.space_after

    def _replace(self, width: float, height: float) -> PlacedMap | None:
        return place_map(
            self.placed.topic,
            map_metrics(self.style),
            self.fonts.measure,
            width,
            height,
            self.placed.branches,
        )

    def wrap(self, availWidth, availHeight):
        inner = availWidth - self.chrome.horizontal
        if self.placed.width > inner + EPSILON:  # a narrower column (a map inside a list)
            self.placed = self._replace(inner, self.max_height) or self.placed
        self.width = availWidth
        self.height = self.placed.height + self.chrome.vertical
        return self.width, self.height

    def split(self, availWidth, availHeight):
        squeezed = self._replace(availWidth - self.chrome.horizontal, availHeight - self.chrome.vertical)
        if squeezed is None:
            return []
        squeezed = replace(squeezed, trail=self.placed.trail, part=self.placed.part, parts=self.placed.parts)
        return [MindMapBox(squeezed, self.title, self.theme, self.fonts, self.max_height)]

    def draw(self):
        canvas, style = self.canv, self.style
        canvas.saveState()
        canvas.setLineWidth(style.frame_width)
        canvas.setStrokeColor(color(style.frame_color))
        canvas.setFillColor(color(style.frame_background))
        canvas.roundRect(
            0, 0, self.width, self.height, style.frame_radius, stroke=1 if style.frame_width else 0, fill=1
        )
        self._draw_title()
        canvas.translate((self.width - self.placed.width) / 2, self.chrome.padding)
        for connector in self.placed.connectors:
            self._draw_connector(connector)
        for node in self.placed.nodes:
            self._draw_node(node)
        canvas.restoreState()

    def _draw_title(self):
        canvas, title_style = self.canv, self.style.title
        name = font_name(title_style.font, title_style.bold, title_style.italic)
        face = pdfmetrics.getFont(name).face
        text, limit = self.title, self.width - 2 * self.chrome.padding
        while scripts.width(text, name, title_style.size) > limit and len(text) > 4:
            text = text[:-5].rstrip() + "…"
        canvas.setFont(name, title_style.size)
        canvas.setFillColor(color(title_style.color))
        top = self.height - self.chrome.padding
        scripts.draw(
            canvas,
            self.chrome.padding,
            top - face.ascent / 1000 * title_style.size,
            text,
            name,
            title_style.size,
        )

    def _draw_connector(self, connector):
        canvas, style = self.canv, self.style
        canvas.setStrokeColor(color(style.palette[connector.branch % len(style.palette)]))
        canvas.setLineWidth(_pick(style.connector_widths, connector.depth))
        canvas.setDash(style.dashes[connector.branch % len(style.dashes)] if style.dashes else [])
        path = canvas.beginPath()
        (x0, y0), *rest = connector.points
        path.moveTo(x0, y0)
        if connector.kind == "curve":
            path.curveTo(*rest[0], *rest[1], *rest[2])
        else:
            for x, y in rest:
                path.lineTo(x, y)
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.setDash([])

    def _draw_node(self, node: PlacedNode):
        canvas, style = self.canv, self.style
        outline = _pick(style.line_widths, node.depth)
        if node.branch < 0:
            canvas.setFillColor(color(style.root_fill))
            text_color = style.root_text_color
        else:
            branch_color = style.palette[node.branch % len(style.palette)]
            canvas.setFillColor(_tint(branch_color, _pick(style.fill_tints, node.depth - 1)))
            canvas.setStrokeColor(color(branch_color))
            text_color = style.text_color
        canvas.setLineWidth(outline)
        canvas.roundRect(
            node.x,
            node.y,
            node.w,
            node.h,
            min(style.corner_radius, node.h / 2),
            stroke=1 if outline and node.branch >= 0 else 0,
            fill=1,
        )
        canvas.setFillColor(color(text_color))
        self._draw_label(node)

    def _draw_label(self, node: PlacedNode):
        canvas = self.canv
        # Centre the label font's ascent-to-descent box in each line's slot.
        face = pdfmetrics.getFont(self.fonts.name(Face())).face
        glyphs = (face.ascent - face.descent) / 1000 * node.size
        raise_by = (node.line_height - glyphs) / 2 - face.descent / 1000 * node.size
        for index, line in enumerate(node.lines):
            baseline = node.text_top - (index + 1) * node.line_height + raise_by
            x = node.x + (node.w - line.width) / 2
            for run in line.runs:
                name = self.fonts.name(run.face)
                x += scripts.draw(canvas, x, baseline, run.text, name, node.size)
