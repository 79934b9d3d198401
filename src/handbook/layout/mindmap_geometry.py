"""Mind-map geometry: a tree of labels -> placed node boxes and connectors. Pure: no reportlab.

The shape is the two-sided tree markmap and XMind draw: the central topic in the middle, the
first-level branches shared between its right and left so both sides are about equally tall
(read clockwise from the top right), every deeper topic one column further out than its parent.

Why nothing can overlap: each subtree gets its own horizontal band, as tall as the larger of
its node and its children's bands stacked; sibling bands are stacked with a gap, so subtrees
never share a height. All children of a node start in one column, `level_gap` beyond the
parent, and a connector stays inside the bounding box of its end points, so between a parent
and its children it passes through empty space only.

Fitting: `fit_map` tries font sizes from the style's down to the minimum, both-sided before
one-sided, label widths from wide to narrow, and keeps the first layout that fits. When none
does, the map is split: runs of first-level branches, each with the centre repeated, and a
branch too big even alone becomes the centre of its own map(s).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

from handbook.layout.mindmap_labels import Face, Line, Measure, Run, label_text, wrap_label

# The search: font sizes shrink in steps of this fraction of the style's; each size tries
# label widths of these fractions of the preferred width (never under the minimum width).
FONT_STEP = 0.08
WRAP_FACTORS = (1.0, 0.8, 0.65, 0.5)
MODES = ("two-sided", "one-sided")
EPSILON = 1e-6


@dataclass(frozen=True)
class Topic:
    """One node of the tree to draw: its label and its sub-topics."""

    runs: tuple[Run, ...]
    children: tuple["Topic", ...] = ()


@dataclass(frozen=True)
class MapMetrics:
    """Sizes the geometry needs, in points (from the theme's `mindmap` section)."""

    sizes: tuple[float, ...]  # font size by depth: centre, first-level branches, ..., the rest
    min_size: float  # never smaller: the map is split instead
    leading: float  # line height as a multiple of the font size
    bold_depths: int  # topics shallower than this are set bold
    pad_x: float
    pad_y: float
    wrap_width: float  # preferred label width at the deepest level's size
    min_wrap_width: float
    root_gap: float  # between the centre and the first-level branches
    level_gap: float  # between a topic and its sub-topics
    sibling_gap: float  # between sibling subtrees
    branch_gap: float  # between first-level subtrees
    connector: Literal["curve", "elbow"] = "curve"


@dataclass(frozen=True)
class PlacedNode:
    x: float  # left edge; y is the bottom edge (PDF coordinates, y grows upwards)
    y: float
    w: float
    h: float
    lines: tuple[Line, ...]
    size: float  # font size
    line_height: float
    text_top: float  # top of the first line's slot
    depth: int
    branch: int  # the first-level branch it belongs to (its colour); -1 for the centre
    side: int  # 1 right of the centre, -1 left of it, 0 the centre itself


@dataclass(frozen=True)
class Connector:
    """`curve`: a cubic Bézier (start, control, control, end); `elbow`: a polyline."""

    points: tuple[tuple[float, float], ...]
    kind: Literal["curve", "elbow"]
    depth: int  # of the child end
    branch: int


@dataclass(frozen=True)
class PlacedMap:
    nodes: tuple[PlacedNode, ...]
    connectors: tuple[Connector, ...]
    width: float
    height: float
    scale: float  # the font factor used (1 = the style's sizes)
    topic: Topic  # what was placed, and the colour of each of its branches (to place it again)
    branches: tuple[int, ...]
    trail: tuple[str, ...] = ()  # for a split-off branch: the labels above its centre
    part: int = 1
    parts: int = 1


class MapTooLarge(ValueError):
    """A single topic does not fit the box even at the minimum size."""


# --- one layout -----------------------------------------------------------------

@dataclass
class _Box:
    """A node while it is being placed (mutable; becomes a PlacedNode)."""

    lines: tuple[Line, ...]
    size: float
    depth: int
    branch: int
    w: float
    h: float
    children: list["_Box"] = field(default_factory=list)
    band: float = 0.0
    x: float = 0.0
    cy: float = 0.0
    side: int = 0


@dataclass(frozen=True)
class _Candidate:
    scale: float
    wrap_factor: float
    mode: str


def _size(m: MapMetrics, depth: int, scale: float) -> float:
    return max(m.min_size, m.sizes[min(depth, len(m.sizes) - 1)] * scale)


def _boxes(topic: Topic, depth: int, branch: int, children_branches, m, c: _Candidate, wrap) -> _Box:
    size = _size(m, depth, c.scale)
    width = max(m.min_wrap_width, m.wrap_width * c.wrap_factor * size / m.sizes[-1])
    lines = wrap(topic.runs, depth < m.bold_depths, size, width)
    line_height = size * m.leading
    h = len(lines) * line_height + 2 * m.pad_y
    w = max(max(line.width for line in lines) + 2 * m.pad_x, h)
    box = _Box(lines, size, depth, branch, w, h)
    for child, child_branch in zip(topic.children, children_branches):
        box.children.append(_boxes(child, depth + 1, child_branch,
                                   [child_branch] * len(child.children), m, c, wrap))
    return box


def _stack(boxes: list[_Box], gap: float) -> float:
    return sum(b.band for b in boxes) + gap * max(len(boxes) - 1, 0)


def _measure_bands(box: _Box, m: MapMetrics) -> None:
    for child in box.children:
        _measure_bands(child, m)
    box.band = max(box.h, _stack(box.children, m.sibling_gap))


def _place(box: _Box, inner_x: float, top: float, side: int, m: MapMetrics) -> None:
    """Put `box` in its band (which starts at `top`), its inner edge at `inner_x`."""
    box.side = side
    box.x = inner_x if side > 0 else inner_x - box.w
    box.cy = top - box.band / 2
    y = box.cy + _stack(box.children, m.sibling_gap) / 2
    child_inner = inner_x + side * (box.w + m.level_gap)
    for child in box.children:
        _place(child, child_inner, y, side, m)
        y -= child.band + m.sibling_gap


def _balanced_split(branches: list[_Box], gap: float) -> int:
    """How many branches go right so that the taller side is as short as it can be."""
    if len(branches) < 2:
        return len(branches)
    return min(range(1, len(branches)),
               key=lambda k: max(_stack(branches[:k], gap), _stack(branches[k:], gap)))


def _arrange(root: _Box, mode: str, m: MapMetrics) -> None:
    _measure_bands(root, m)
    branches = root.children
    right_count = _balanced_split(branches, m.branch_gap) if mode == "two-sided" else len(branches)
    # Clockwise: the right side top to bottom, then the left side bottom to top.
    sides = ((1, branches[:right_count]), (-1, branches[right_count:][::-1]))
    root.x, root.cy = -root.w / 2, 0.0
    for side, group in sides:
        y = _stack(group, m.branch_gap) / 2
        for branch in group:
            _place(branch, side * (root.w / 2 + m.root_gap), y, side, m)
            y -= branch.band + m.branch_gap


def _connector(parent: _Box, child: _Box, kind: str) -> Connector:
    side = child.side
    x1 = parent.x + parent.w if side > 0 else parent.x
    x2 = child.x if side > 0 else child.x + child.w
    y1, y2 = parent.cy, child.cy
    middle = (x1 + x2) / 2
    # The same four points are an elbow's corners or an S-curve's Bézier control points.
    points = ((x1, y1), (middle, y1), (middle, y2), (x2, y2))
    return Connector(points, "elbow" if kind == "elbow" else "curve", child.depth, child.branch)


def _collect(box: _Box, m: MapMetrics, nodes: list, connectors: list) -> None:
    nodes.append(box)
    for child in box.children:
        connectors.append(_connector(box, child, m.connector))
        _collect(child, m, nodes, connectors)


def _layout(topic: Topic, branches, m: MapMetrics, c: _Candidate, wrap) -> PlacedMap:
    root = _boxes(topic, 0, -1, branches, m, c, wrap)
    _arrange(root, c.mode, m)
    boxes: list[_Box] = []
    raw_connectors: list[Connector] = []
    _collect(root, m, boxes, raw_connectors)
    left = min(b.x for b in boxes)
    bottom = min(b.cy - b.h / 2 for b in boxes)
    right = max(b.x + b.w for b in boxes)
    top = max(b.cy + b.h / 2 for b in boxes)
    nodes = tuple(
        PlacedNode(b.x - left, b.cy - b.h / 2 - bottom, b.w, b.h, b.lines, b.size,
                   b.size * m.leading, b.cy + b.h / 2 - bottom - m.pad_y, b.depth, b.branch, b.side)
        for b in boxes)
    connectors = tuple(
        replace(k, points=tuple((x - left, y - bottom) for x, y in k.points)) for k in raw_connectors)
    return PlacedMap(nodes, connectors, right - left, top - bottom, c.scale, topic, tuple(branches))


# --- the search ------------------------------------------------------------------

def font_scales(m: MapMetrics) -> list[float]:
    """1, then smaller in FONT_STEP steps, ending where every size is the minimum."""
    largest = max(m.sizes)
    if largest <= m.min_size:
        return [1.0]
    scales, scale = [], 1.0
    while largest * scale > m.min_size + EPSILON:
        scales.append(scale)
        scale = round(scale - FONT_STEP, 6)
    return scales + [m.min_size / largest]


class _Fitter:
    """Finds the best single layout of a tree in a width x height box (wrapping memoized)."""

    def __init__(self, m: MapMetrics, measure: Measure, width: float, height: float):
        self.m, self.width, self.height = m, width, height
        self.measure = lru_cache(maxsize=None)(measure)
        self.wrap = lru_cache(maxsize=None)(self._wrap)
        self.scales = font_scales(m)

    def _wrap(self, runs: tuple[Run, ...], bold: bool, size: float, width: float) -> tuple[Line, ...]:
        if bold:
            runs = tuple(Run(r.text, r.face.emboldened()) for r in runs)
        return wrap_label(runs, size, width, self.measure)

    def fits(self, placed: PlacedMap) -> bool:
        return placed.width <= self.width + EPSILON and placed.height <= self.height + EPSILON

    def best(self, topic: Topic, branches) -> PlacedMap | None:
        modes = MODES if len(topic.children) > 1 else MODES[:1]
        for scale in self.scales:
            for mode in modes:
                for wrap_factor in WRAP_FACTORS:
                    placed = _layout(topic, branches, self.m, _Candidate(scale, wrap_factor, mode), self.wrap)
                    if self.fits(placed):
                        return placed
                    if placed.height > self.height + EPSILON:
                        break  # narrower labels only make it taller
        return None


def place_map(topic: Topic, m: MapMetrics, measure: Measure, width: float, height: float,
              branches: tuple[int, ...] | None = None) -> PlacedMap | None:
    """The whole tree as one map in width x height, at the largest size that fits; None if
    it does not fit even at the minimum size. `branches`: the colour of each first-level
    branch (default 0, 1, 2, ...)."""
    if branches is None:
        branches = tuple(range(len(topic.children)))
    return _Fitter(m, measure, width, height).best(topic, branches)


def fit_map(topic: Topic, m: MapMetrics, measure: Measure, width: float, height: float) -> list[PlacedMap]:
    """One map if the tree fits width x height at or above the minimum size, else several.

    Raises MapTooLarge when a single label cannot fit the box at all."""
    fitter = _Fitter(m, measure, width, height)
    parts = _split(topic, tuple(range(len(topic.children))), (), fitter)
    return [replace(p, part=i, parts=len(parts)) for i, p in enumerate(parts, start=1)]


def _split(topic: Topic, branches: tuple[int, ...], trail: tuple[str, ...], fitter: _Fitter) -> list[PlacedMap]:
    whole = fitter.best(topic, branches)
    if whole is not None:
        return [replace(whole, trail=trail)]
    if not topic.children:
        raise MapTooLarge(f"the mind-map topic '{label_text(topic.runs)[:60]}' does not fit the "
                          f"page even at the smallest size")
    parts: list[PlacedMap] = []
    group: list[tuple[Topic, int]] = []
    placed_group: PlacedMap | None = None

    def attempt(members):
        return fitter.best(Topic(topic.runs, tuple(t for t, _ in members)), tuple(b for _, b in members))

    for child, branch in zip(topic.children, branches):
        grown = attempt(group + [(child, branch)]) if group else None
        if grown is not None:
            group, placed_group = group + [(child, branch)], grown
            continue
        if placed_group is not None:
            parts.append(replace(placed_group, trail=trail))
        alone = attempt([(child, branch)])
        group, placed_group = [], None
        if alone is not None:
            group, placed_group = [(child, branch)], alone
        else:
            below = trail + (label_text(topic.runs),)
            parts.extend(_split(child, (branch,) * len(child.children), below, fitter))
    if placed_group is not None:
        parts.append(replace(placed_group, trail=trail))
    return parts
