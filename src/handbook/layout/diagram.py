"""Mermaid flowcharts drawn as vector shapes; timelines in layout/diagram_timeline.py.

Placing is grandalf's layered (Sugiyama) layout: nodes on layers so edges point one way,
ordered to cross little. An edge label is placed as a node of its own in the middle of its
edge, so no label ever lies on a node or on another label. `place_flowchart` is the geometry
(sizes in, boxes out); `FlowchartBox` draws it in the mind maps' fonts and colours (labels
wrap and take fallback faces, Devanagari and emoji included: layout/mindmap_labels.py,
layout/scripts.py). A chart wider than the column is scaled down, to no less than
MIN_SCALE; wider still, it is turned a quarter on a page of its own. It is never cut.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.platypus import Flowable
from reportlab.platypus.flowables import PageBreakIfNotEmpty

from handbook.layout import scripts
from handbook.layout.context import LayoutContext
from handbook.layout.mindmap import LabelFonts, _tint
from handbook.layout.mindmap_labels import Face, Line, LabelMeasurer, Run
from handbook.layout.styles import color
from handbook.model import Diagram
from handbook.model.diagrams import Flowchart, Timeline

MIN_SCALE = 0.7  # below this the labels get too small to read: the chart is turned instead
LABEL_WIDTH = 110.0  # where a node label wraps, in points at the leaf size
GAP_X, GAP_Y = 14.0, 26.0  # between neighbouring nodes, between layers
# A chart too wide for the column is placed again with labels wrapped this narrow and nodes
# this close (a family tree of short names), before it is scaled down or turned.
COMPACT_LABEL_WIDTH, COMPACT_GAP_X = 48.0, 6.0
PAD_X, PAD_Y = 6.0, 4.0  # inside a node, around its label
FRAME_PAD = 8.0  # inside a subgraph's frame
LINE_WIDTHS = {"arrow": 0.8, "open": 0.8, "dotted": 0.8, "thick": 1.8}
DASHES = {"dotted": [1.5, 2]}


def layout_diagram(block: Diagram, ctx: LayoutContext) -> list:
    if isinstance(block.chart, Timeline):
        from handbook.layout.diagram_timeline import layout_timeline

        return layout_timeline(block.chart, ctx)
    fonts = LabelFonts(ctx.theme)
    size = ctx.theme.mindmap.leaf_size
    measurer = LabelMeasurer(fonts.measure)
    placed = place_flowchart(block.chart, measurer, size)
    if placed.width > ctx.block_width:
        compact = place_flowchart(block.chart, measurer, size, COMPACT_LABEL_WIDTH, COMPACT_GAP_X)
        placed = compact if compact.width < placed.width else placed
    box = FlowchartBox(placed, ctx.theme, fonts, ctx.text_height)
    if placed.width * MIN_SCALE > ctx.block_width:
        box.turned = True  # landscape: on a page of its own
        return [PageBreakIfNotEmpty(), box, PageBreakIfNotEmpty()]
    return [box]


def needs_room(block: Diagram, ctx: LayoutContext) -> bool:
    """A flowchart wider than the block, at full size: it goes to the wide area (layout/wide.py)."""
    if isinstance(block.chart, Timeline):
        return False  # a timeline takes the width it gets
    fonts = LabelFonts(ctx.theme)
    placed = place_flowchart(block.chart, LabelMeasurer(fonts.measure), ctx.theme.mindmap.leaf_size)
    return placed.width > ctx.block_width


# --- geometry -------------------------------------------------------------------------------


@dataclass
class PlacedBox:
    """A node or an edge label: its centre, size, wrapped lines and shape ("label" for an
    edge's label)."""

    key: str
    x: float
    y: float  # y grows downwards, as in the layout; the drawing flips it
    w: float
    h: float
    lines: tuple[Line, ...]
    shape: str

    def bounds(self) -> tuple[float, float, float, float]:
        return self.x - self.w / 2, self.y - self.h / 2, self.x + self.w / 2, self.y + self.h / 2


@dataclass
class PlacedEdge:
    points: list[tuple[float, float]]
    line: str
    arrow: bool


@dataclass
class PlacedFrame:
    title: tuple[Line, ...]
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class PlacedChart:
    boxes: list[PlacedBox]
    edges: list[PlacedEdge]
    frames: list[PlacedFrame]
    width: float
    height: float
    size: float  # label font size
    line_height: float


def _node_size(lines, shape: str, line_height: float) -> tuple[float, float]:
    w = max((line.width for line in lines), default=0.0) + 2 * PAD_X
    h = len(lines) * line_height + 2 * PAD_Y
    if shape == "rhombus":
        return w * 1.6 + 4, h * 1.6 + 2
    if shape == "circle":
        d = math.hypot(w, h)
        return d, d
    if shape == "stadium":
        return w + h * 0.6, h
    return w, h


def place_flowchart(
    chart: Flowchart,
    measurer: LabelMeasurer,
    size: float,
    label_width: float = LABEL_WIDTH,
    gap_x: float = GAP_X,
) -> PlacedChart:
    from grandalf.graphs import Edge, Graph, Vertex
    from grandalf.layouts import SugiyamaLayout

    line_height = size * 1.2
    across = chart.direction in ("LR", "RL")
    vertices: dict[str, Vertex] = {}
    boxes: dict[str, PlacedBox] = {}

    def add(key: str, text: str, shape: str) -> Vertex:
        lines = measurer.wrap((Run(text, Face()),), False, size, label_width) if text else ()
        w, h = (
            _node_size(lines, shape, line_height)
            if shape != "label"
            else (
                max((line.width for line in lines), default=0.0) + 4,
                len(lines) * line_height + 2,
            )
        )
        boxes[key] = PlacedBox(key, 0, 0, w, h, lines, shape)
        vertex = vertices[key] = Vertex(key)
        vertex.view = _View(h, w) if across else _View(w, h)  # the layout runs top to bottom
        return vertex

    for node in chart.nodes:
        add(node.id, node.label, node.shape)
    links: list[tuple[str, str, int]] = []  # (from, to, edge index): a labelled edge is two links
    for index, edge in enumerate(chart.edges):
        if edge.label:
            key = f"\x00label{index}"
            add(key, edge.label, "label")
            links += [(edge.source, key, index), (key, edge.target, index)]
        else:
            links.append((edge.source, edge.target, index))
    graph_edges = []
    for source, target, index in links:
        graph_edge = Edge(vertices[source], vertices[target])
        graph_edge.view = _EdgeView()
        graph_edge.index = index
        graph_edges.append(graph_edge)
    graph = Graph(list(vertices.values()), graph_edges)

    offset = 0.0
    paths: dict[int, list] = {}
    for component in graph.C:
        layout = SugiyamaLayout(component)
        layout.xspace, layout.yspace = (GAP_Y, gap_x) if across else (gap_x, GAP_Y)
        layout.init_all()
        layout.draw()
        left = min(v.view.xy[0] - v.view.w / 2 for v in component.sV)
        right = max(v.view.xy[0] + v.view.w / 2 for v in component.sV)
        top = min(v.view.xy[1] - v.view.h / 2 for v in component.sV)
        shift = offset - left
        for vertex in component.sV:
            x, y = vertex.view.xy
            boxes[vertex.data].x, boxes[vertex.data].y = x + shift, y - top
        for graph_edge in component.sE:
            points = [(x + shift, y - top) for x, y in (graph_edge.view.points or [])]
            if not points:
                a, b = graph_edge.v
                points = [(boxes[a.data].x, boxes[a.data].y), (boxes[b.data].x, boxes[b.data].y)]
            if graph_edge.v[0].data != points_source(points, boxes, graph_edge):
                points = points[::-1]
            paths.setdefault(graph_edge.index, []).append(
                (graph_edge.v[0].data, graph_edge.v[1].data, points)
            )
        offset += right - left + gap_x * 2

    placed_boxes = list(boxes.values())
    if across:  # transpose: layers run left to right
        for box in placed_boxes:
            box.x, box.y = box.y, box.x
        for parts in paths.values():
            for i, (a, b, points) in enumerate(parts):
                parts[i] = (a, b, [(y, x) for x, y in points])
    edges: list[PlacedEdge] = []
    for index, flow_edge in enumerate(chart.edges):
        route: list[tuple[float, float]] = []
        for a, b, part in sorted(paths.get(index, []), key=lambda p: p[0] != flow_edge.source):
            clipped = _clip(part, boxes[a], boxes[b])
            route += clipped if not route else clipped[1:] if flow_edge.label else clipped
        if route:
            edges.append(PlacedEdge(route, flow_edge.line, flow_edge.arrow))
    width = max(b.bounds()[2] for b in placed_boxes)
    height = max(b.bounds()[3] for b in placed_boxes)
    chart_width, chart_height = width, height
    if chart.direction in ("BT", "RL"):  # mirrored
        flip_x = chart.direction == "RL"
        for box in placed_boxes:
            box.x, box.y = (chart_width - box.x, box.y) if flip_x else (box.x, chart_height - box.y)
        for placed_edge in edges:
            placed_edge.points = [
                ((chart_width - x, y) if flip_x else (x, chart_height - y)) for x, y in placed_edge.points
            ]
    frames = _frames(chart, boxes, measurer, size, line_height, label_width)
    return _normalised(PlacedChart(placed_boxes, edges, frames, width, height, size, line_height))


def points_source(points, boxes, graph_edge) -> str:
    """Which end of the path grandalf gave starts at: the edge may have been reversed to
    break a cycle."""
    a, b = graph_edge.v[0].data, graph_edge.v[1].data
    (x, y) = points[0]
    da = abs(boxes[a].x - x) + abs(boxes[a].y - y)
    db = abs(boxes[b].x - x) + abs(boxes[b].y - y)
    return a if da <= db else b


class _View:
    def __init__(self, w: float, h: float):
        self.w, self.h, self.xy = w, h, (0.0, 0.0)


class _EdgeView:
    points: list | None = None

    def setpath(self, points):
        self.points = list(points)


def _clip(points: list, start: PlacedBox, end: PlacedBox) -> list:
    """The path from the edge of `start`'s shape to the edge of `end`'s."""
    points = list(points)
    points[0] = _border(start, points[1] if len(points) > 1 else (end.x, end.y))
    points[-1] = _border(end, points[-2])
    return points


def _border(box: PlacedBox, toward: tuple[float, float]) -> tuple[float, float]:
    dx, dy = toward[0] - box.x, toward[1] - box.y
    if abs(dx) < 1e-9 and abs(dy) < 1e-9:
        return box.x, box.y
    hw, hh = box.w / 2, box.h / 2
    if box.shape == "circle":
        t = hw / math.hypot(dx, dy)
    elif box.shape == "rhombus":
        t = 1 / (abs(dx) / hw + abs(dy) / hh)
    else:
        t = min(hw / abs(dx) if dx else math.inf, hh / abs(dy) if dy else math.inf)
    t = min(t, 1.0)
    return box.x + dx * t, box.y + dy * t


def _frames(
    chart: Flowchart, boxes: dict, measurer, size: float, line_height: float, label_width: float
) -> list:
    frames = []
    for graph in chart.subgraphs:
        inside = [boxes[key] for key in graph.nodes if key in boxes]
        if not inside:
            continue
        title = measurer.wrap((Run(graph.title, Face(bold=True)),), False, size, label_width * 1.5)
        x0 = min(b.bounds()[0] for b in inside) - FRAME_PAD
        x1 = max(b.bounds()[2] for b in inside) + FRAME_PAD
        y0 = min(b.bounds()[1] for b in inside) - FRAME_PAD - len(title) * line_height
        y1 = max(b.bounds()[3] for b in inside) + FRAME_PAD
        x1 = max(x1, x0 + max(line.width for line in title) + 2 * FRAME_PAD)
        frames.append(PlacedFrame(title, x0, y0, x1, y1))
    return frames


def _normalised(chart: PlacedChart) -> PlacedChart:
    """Moved so that everything drawn (boxes, frames, edge routes) starts at (0, 0)."""
    points = [p for edge in chart.edges for p in edge.points]
    xs = [b.bounds()[0] for b in chart.boxes] + [f.x0 for f in chart.frames] + [x for x, _ in points]
    ys = [b.bounds()[1] for b in chart.boxes] + [f.y0 for f in chart.frames] + [y for _, y in points]
    dx, dy = -min(xs), -min(ys)
    for box in chart.boxes:
        box.x, box.y = box.x + dx, box.y + dy
    for edge in chart.edges:
        edge.points = [(x + dx, y + dy) for x, y in edge.points]
    for frame in chart.frames:
        frame.x0, frame.x1, frame.y0, frame.y1 = frame.x0 + dx, frame.x1 + dx, frame.y0 + dy, frame.y1 + dy
    points = [p for edge in chart.edges for p in edge.points]
    chart.width = max(
        [b.bounds()[2] for b in chart.boxes] + [f.x1 for f in chart.frames] + [x for x, _ in points]
    )
    chart.height = max(
        [b.bounds()[3] for b in chart.boxes] + [f.y1 for f in chart.frames] + [y for _, y in points]
    )
    return chart


# --- drawing --------------------------------------------------------------------------------


class FlowchartBox(Flowable):
    """A placed flowchart, centred, scaled down to fit the column (or, `turned`, the page
    turned a quarter); never split."""

    def __init__(self, placed: PlacedChart, theme, fonts: LabelFonts, page_height: float):
        super().__init__()
        self.placed, self.theme, self.fonts = placed, theme, fonts
        self.page_height = page_height
        self.turned = False
        self.scale = 1.0
        self.spaceBefore, self.spaceAfter = theme.mindmap.space_before, theme.mindmap.space_after

    def wrap(self, availWidth, availHeight):
        placed = self.placed
        room_w, room_h = (self.page_height, availWidth) if self.turned else (availWidth, self.page_height)
        self.scale = min(1.0, room_w / placed.width, room_h / placed.height)
        self.width = availWidth
        self.height = (placed.width if self.turned else placed.height) * self.scale
        return self.width, self.height

    def draw(self):
        canvas, placed, scale = self.canv, self.placed, self.scale
        canvas.saveState()
        if self.turned:  # reads from the page's right edge, like a landscape table
            canvas.translate((self.width + placed.height * scale) / 2, 0)
            canvas.rotate(90)
        else:
            canvas.translate((self.width - placed.width * scale) / 2, 0)
        canvas.scale(scale, scale)
        canvas.translate(0, placed.height)
        canvas.scale(1, -1)  # the layout's y grows downwards
        style = self.theme.mindmap
        for frame in placed.frames:
            self._draw_frame(frame, style)
        for edge in placed.edges:
            self._draw_edge(edge)
        for box in placed.boxes:
            self._draw_node(box, style)
        canvas.restoreState()

    def _draw_frame(self, frame: PlacedFrame, style):
        canvas = self.canv
        canvas.setStrokeColor(color(style.frame_color))
        canvas.setFillColor(_tint(style.frame_color, 0.12))
        canvas.setLineWidth(0.6)
        canvas.setDash([3, 2])
        canvas.rect(frame.x0, frame.y0, frame.x1 - frame.x0, frame.y1 - frame.y0, stroke=1, fill=1)
        canvas.setDash([])
        self._draw_text(frame.title, frame.x0 + FRAME_PAD, frame.y0 + 2, align_left=True, bold=True)

    def _draw_edge(self, edge: PlacedEdge):
        canvas = self.canv
        stroke = color(self.theme.colors.muted)
        canvas.setStrokeColor(stroke)
        canvas.setFillColor(stroke)
        canvas.setLineWidth(LINE_WIDTHS[edge.line])
        canvas.setDash(DASHES.get(edge.line, []))
        path = canvas.beginPath()
        (x, y), *rest = edge.points
        path.moveTo(x, y)
        for x, y in rest:
            path.lineTo(x, y)
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.setDash([])
        if edge.arrow and len(edge.points) > 1:
            (x0, y0), (x1, y1) = edge.points[-2], edge.points[-1]
            angle = math.atan2(y1 - y0, x1 - x0)
            size = 5 + LINE_WIDTHS[edge.line]
            head = canvas.beginPath()
            head.moveTo(x1, y1)
            for turn in (2.7, -2.7):
                head.lineTo(x1 + size * math.cos(angle + turn), y1 + size * math.sin(angle + turn))
            head.close()
            canvas.drawPath(head, stroke=0, fill=1)

    def _draw_node(self, box: PlacedBox, style):
        canvas = self.canv
        if box.shape != "label":
            accent = style.palette[0]
            canvas.setStrokeColor(color(accent))
            canvas.setFillColor(_tint(accent, 0.14))
            canvas.setLineWidth(0.9)
            x0, y0, x1, y1 = box.bounds()
            if box.shape == "rect":
                canvas.rect(x0, y0, box.w, box.h, stroke=1, fill=1)
            elif box.shape == "round":
                canvas.roundRect(x0, y0, box.w, box.h, min(5, box.h / 3), stroke=1, fill=1)
            elif box.shape == "stadium":
                canvas.roundRect(x0, y0, box.w, box.h, box.h / 2, stroke=1, fill=1)
            elif box.shape == "circle":
                canvas.circle(box.x, box.y, box.w / 2, stroke=1, fill=1)
            else:  # rhombus
                path = canvas.beginPath()
                path.moveTo(box.x, y0)
                path.lineTo(x1, box.y)
                path.lineTo(box.x, y1)
                path.lineTo(x0, box.y)
                path.close()
                canvas.drawPath(path, stroke=1, fill=1)
        else:
            canvas.setFillColor(color("#ffffff"))
            x0, y0, _, _ = box.bounds()
            canvas.rect(x0, y0, box.w, box.h, stroke=0, fill=1)  # the edge passes under it
        top = box.y - len(box.lines) * self.placed.line_height / 2
        self._draw_text(box.lines, box.x, top)

    def _draw_text(self, lines, x: float, top: float, align_left: bool = False, bold: bool = False):
        """Lines of a label from `top` (y down), centred on x (or from x)."""
        canvas, placed = self.canv, self.placed
        canvas.setFillColor(color(self.theme.mindmap.text_color))
        name = self.fonts.name(Face(bold=bold))
        from reportlab.pdfbase import pdfmetrics

        face = pdfmetrics.getFont(name).face
        for index, line in enumerate(lines):
            baseline = (
                top
                + index * placed.line_height
                + (placed.line_height + face.ascent / 1000 * placed.size) / 2
                - 1
            )
            start = x if align_left else x - line.width / 2
            canvas.saveState()
            canvas.translate(start, baseline)
            canvas.scale(1, -1)  # text upright again
            at = 0.0
            for run in line.runs:
                at += scripts.draw(
                    canvas, at, 0, run.text, self.fonts.name(Face(bold or run.face.bold)), placed.size
                )
            canvas.restoreState()
