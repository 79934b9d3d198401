"""Mind-map geometry: a tree of labels -> placed node boxes and connectors. Pure: no reportlab.

The shape is the two-sided tree markmap and XMind draw: the central topic in the middle, the
first-level branches shared between its right and left so both sides are about equally tall
(read clockwise from the top right), every deeper topic one column further out than its parent.

Why nothing can overlap: each subtree gets its own horizontal band, as tall as the larger of
its node and its children's bands stacked; sibling bands are stacked with a gap, so subtrees
never share a height. All children of a node start in one column, `level_gap` beyond the
parent, and a connector stays inside the bounding box of its end points, so between a parent
and its children it passes through empty space only.

Widths: labels wrap at the style's preferred width, or narrower where the columns need it:
each side of the centre gets room in proportion to its number of columns, and each branch
divides its side's room among its own columns (so one deep branch narrows only itself).

`layout_map` makes one layout at one font scale; `mindmap_fit` searches the scales and
splits a map that cannot fit.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from handbook.layout.mindmap_labels import LabelMeasurer, Line, Run

# The room the columns share is adjusted at most this many times, until the map is at most
# this fraction narrower than its box.
FIT_ROUNDS = 4
FIT_SLACK = 0.02
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


def _levels(topic: Topic) -> int:
    """How many columns a subtree takes: 1 for a leaf."""
    return 1 + max((_levels(child) for child in topic.children), default=0)


def _size(m: MapMetrics, depth: int, scale: float) -> float:
    return max(m.min_size, m.sizes[min(depth, len(m.sizes) - 1)] * scale)


def _stack(boxes: list[_Box], gap: float) -> float:
    return sum(b.band for b in boxes) + gap * max(len(boxes) - 1, 0)


MAX_LABEL_LINES = 3  # a label wraps into at most this many lines where its column has room


class _Builder:
    """Measures nodes at one font scale. A label is wrapped at the preferred width for its
    size, or narrower when its column has less room (`column`: the widest a node should be),
    but not so narrow that a word must be cut (unless it is longer than the preferred width).
    A label that would take more than MAX_LABEL_LINES lines is wrapped wider, as far as its
    column allows; then its lines are balanced: the narrowest width that gives as few lines
    (no stack of a long line over a one-word one)."""

    def __init__(self, m: MapMetrics, scale: float, labels: LabelMeasurer, grow: bool = False):
        self.m, self.scale, self.labels, self.grow = m, scale, labels, grow

    def node(self, topic: Topic, depth: int, branch: int, column: float) -> _Box:
        m = self.m
        size = _size(m, depth, self.scale)
        bold = depth < m.bold_depths
        preferred = m.wrap_width * size / m.sizes[-1]
        longest = self.labels.longest(topic.runs, bold, size)
        width = max(m.min_wrap_width, min(preferred, column - 2 * m.pad_x), min(preferred, longest))
        lines = self.labels.wrap(topic.runs, bold, size, width)
        room = max(width, column - 2 * m.pad_x)
        if len(lines) > MAX_LABEL_LINES and room > width:
            wider = self.labels.wrap(topic.runs, bold, size, room)
            if len(wider) < len(lines):
                width, lines = room, wider
        if self.grow and len(lines) > MAX_LABEL_LINES:
            # Still too deep for its column: the box grows past the column's share (the map
            # is fitted to its frame again, the other columns giving way) rather than stack
            # a label four or five lines deep on a narrow page.
            one_line = self.labels.wrap(topic.runs, bold, size, 1e9)[0].width
            grown = self._balanced(topic, bold, size, width, one_line, MAX_LABEL_LINES)
            if grown > width:
                width, lines = grown, self.labels.wrap(topic.runs, bold, size, grown)
        width = self._balanced(topic, bold, size, max(longest, m.min_wrap_width), width, len(lines))
        lines = self.labels.wrap(topic.runs, bold, size, width)
        h = len(lines) * size * m.leading + 2 * m.pad_y
        # A one-word label makes a pill, not a sliver.
        w = max(max(line.width for line in lines) + 2 * m.pad_x, size * m.leading + 2 * m.pad_y)
        return _Box(lines, size, depth, branch, w, h)

    def _balanced(self, topic: Topic, bold: bool, size: float, low: float, high: float, count: int) -> float:
        """The narrowest width from `low` to `high` at which the label still takes `count`
        lines (found to a point): its lines come out about equally long."""
        if count < 2 or low >= high:
            return high
        # Narrower than its one-line width shared among `count` lines, it takes more lines.
        low = max(low, self.labels.wrap(topic.runs, bold, size, 1e9)[0].width / count)
        # Balancing breaks between words, not inside a hyphenated compound that fits whole.
        compound = self.labels.longest_compound(topic.runs, bold, size)
        if low < compound <= high:
            low = compound
        while high - low > 1.0:
            middle = (low + high) / 2
            if len(self.labels.wrap(topic.runs, bold, size, middle)) <= count:
                high = middle
            else:
                low = middle
        return high

    def subtree(self, topic: Topic, depth: int, branch: int, room: float) -> _Box:
        """The node and its descendants in `room` points across: the node takes its share of
        the room (one column per level), its children the room its box leaves them, so short
        labels near the centre give the longer ones further out more width."""
        m = self.m
        levels = _levels(topic)
        box = self.node(topic, depth, branch, (room - m.level_gap * (levels - 1)) / levels)
        rest = room - box.w - m.level_gap
        box.children = [self.subtree(child, depth + 1, branch, rest) for child in topic.children]
        box.band = max(box.h, _stack(box.children, m.sibling_gap))
        return box

    def tree(
        self, topic: Topic, branches, width: float, side_levels: tuple[int, int], right_count: int
    ) -> _Box:
        """The centre and its branches sharing `width`: each side gets room in proportion to
        its columns (`side_levels`: right, left), each branch divides it by its own columns."""
        m = self.m
        sides = [n for n in side_levels if n]
        gaps = m.root_gap * len(sides) + m.level_gap * sum(n - 1 for n in sides)
        root = self.node(topic, 0, -1, (width - gaps) / (1 + sum(sides)))
        room = width - root.w - m.root_gap * len(sides)
        for index, (child, branch) in enumerate(zip(topic.children, branches)):
            side_room = room * side_levels[0 if index < right_count else 1] / max(sum(sides), 1)
            root.children.append(self.subtree(child, 1, branch, side_room))
        return root


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
    return min(
        range(1, len(branches)), key=lambda k: max(_stack(branches[:k], gap), _stack(branches[k:], gap))
    )


def _arrange(root: _Box, right_count: int, m: MapMetrics) -> None:
    branches = root.children
    # Clockwise: the right side top to bottom, then the left side bottom to top.
    sides = ((1, branches[:right_count]), (-1, branches[right_count:][::-1]))
    root.x, root.cy = -root.w / 2, 0.0
    for side, group in sides:
        y = _stack(group, m.branch_gap) / 2
        for branch in group:
            _place(branch, side * (root.w / 2 + m.root_gap), y, side, m)
            y -= branch.band + m.branch_gap


def _connector(parent: _Box, child: _Box, start_y: float, kind: str) -> Connector:
    side = child.side
    x1 = parent.x + parent.w if side > 0 else parent.x
    x2 = child.x if side > 0 else child.x + child.w
    middle = (x1 + x2) / 2
    # The same four points are an elbow's corners or an S-curve's Bézier control points.
    points = ((x1, start_y), (middle, start_y), (middle, child.cy), (x2, child.cy))
    return Connector(points, "elbow" if kind == "elbow" else "curve", child.depth, child.branch)


def _collect(box: _Box, m: MapMetrics, nodes: list, connectors: list) -> None:
    """Nodes and connectors, depth first. The connectors leaving one side of a node start
    spread over the height of its label, top child highest, so they do not run together."""
    nodes.append(box)
    for side in (1, -1):
        kids = sorted((c for c in box.children if c.side == side), key=lambda c: -c.cy)
        spread = box.h - 2 * m.pad_y if len(kids) > 1 else 0.0
        for index, child in enumerate(kids):
            start = box.cy + spread / 2 - (spread * index / (len(kids) - 1) if len(kids) > 1 else 0)
            connectors.append(_connector(box, child, start, m.connector))
    for child in box.children:
        _collect(child, m, nodes, connectors)


def _arranged(topic: Topic, branches, builder: _Builder, width: float, mode: str) -> _Box:
    """Measured and placed (centre at 0, 0) with columns sharing `width`."""
    levels = [_levels(child) for child in topic.children]
    deepest = max(levels, default=0)
    right_count = len(levels)
    if mode == "two-sided" and len(levels) > 1:
        # Choose the sides as if both were as deep as the deepest branch, then measure again
        # with each side's own depth, so a shallow side gets wider labels.
        provisional = builder.tree(topic, branches, width, (deepest, deepest), len(levels))
        right_count = _balanced_split(provisional.children, builder.m.branch_gap)
        side_levels = (max(levels[:right_count]), max(levels[right_count:]))
    else:
        side_levels = (deepest, 0)
    root = builder.tree(topic, branches, width, side_levels, right_count)
    _arrange(root, right_count, builder.m)
    return root


def _boxes(root: _Box) -> list[_Box]:
    out, todo = [], [root]
    while todo:
        box = todo.pop(0)
        out.append(box)
        todo.extend(box.children)
    return out


def _span(root: _Box) -> float:
    boxes = _boxes(root)
    return max(b.x + b.w for b in boxes) - min(b.x for b in boxes)


def layout_map(
    topic: Topic,
    branches,
    m: MapMetrics,
    scale: float,
    mode: str,
    labels: LabelMeasurer,
    width: float,
    grow: bool = False,
) -> PlacedMap:
    """One layout at one font scale, "two-sided" or "one-sided". Labels rarely fill their columns exactly, and an unbroken
    word may widen one: so the room the columns share is adjusted a few times until the map
    is as wide as the box; the widest that fits wins (else the last, which will not fit).
    `grow`: a label deeper than MAX_LABEL_LINES in its column's share widens past it."""
    builder = _Builder(m, scale, labels, grow)
    room, best, best_used, used = width, None, 0.0, None
    previous: float | None
    for _ in range(FIT_ROUNDS):
        root = _arranged(topic, branches, builder, room, mode)
        previous, used = used, _span(root)
        if used <= width + EPSILON and used > best_used:
            best, best_used = root, used
        if previous is not None and abs(used - previous) <= EPSILON:
            break  # every label is as wide as it wants to be
        if width * (1 - FIT_SLACK) <= used <= width + EPSILON or used <= 0:
            break
        room *= width / used
    return _placed(best or root, m, scale, topic, branches)


def _placed(root: _Box, m: MapMetrics, scale: float, topic: Topic, branches) -> PlacedMap:
    """The boxes as they will be drawn: coordinates from the bottom-left corner of the map."""
    boxes: list[_Box] = []
    raw_connectors: list[Connector] = []
    _collect(root, m, boxes, raw_connectors)
    left = min(b.x for b in boxes)
    bottom = min(b.cy - b.h / 2 for b in boxes)
    right = max(b.x + b.w for b in boxes)
    top = max(b.cy + b.h / 2 for b in boxes)
    nodes = tuple(
        PlacedNode(
            b.x - left,
            b.cy - b.h / 2 - bottom,
            b.w,
            b.h,
            b.lines,
            b.size,
            b.size * m.leading,
            b.cy + b.h / 2 - bottom - m.pad_y,
            b.depth,
            b.branch,
            b.side,
        )
        for b in boxes
    )
    connectors = tuple(
        replace(k, points=tuple((x - left, y - bottom) for x, y in k.points)) for k in raw_connectors
    )
    return PlacedMap(nodes, connectors, right - left, top - bottom, scale, topic, tuple(branches))
